//! The thin layer over browser APIs. Everything that touches `window`, storage or the service
//! worker is here, small and without logic; the rest of the app and the domain stay testable.

use karte_core::i18n::Locale;
use leptos::prelude::*;

const LOCALE_KEY: &str = "karte.locale";
/// The event `index.html` dispatches when a new build has taken over (reload to use it).
const UPDATE_EVENT: &str = "karte-update-ready";

/// The saved UI language, if any.
pub fn load_locale() -> Option<Locale> {
    use gloo_storage::Storage;
    let code: String = gloo_storage::LocalStorage::get(LOCALE_KEY).ok()?;
    Locale::from_code(&code)
}

/// Saves the UI language (a preference, not patient data).
pub fn save_locale(locale: Locale) {
    use gloo_storage::Storage;
    // A full or blocked storage only loses the preference; the UI keeps working.
    let _ = gloo_storage::LocalStorage::set(LOCALE_KEY, locale.code());
}

/// Sets `<html lang>` and the document title.
pub fn set_document_language(code: &str, title: &str) {
    let document = document();
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("lang", code);
    }
    document.set_title(title);
}

/// Whether the browser is online, updated by the `online`/`offline` events.
pub fn online_signal() -> ReadSignal<bool> {
    let (online, set_online) = signal(window().navigator().on_line());
    let h1 = window_event_listener(leptos::ev::online, move |_| set_online.set(true));
    let h2 = window_event_listener(leptos::ev::offline, move |_| set_online.set(false));
    on_cleanup(move || {
        h1.remove();
        h2.remove();
    });
    online
}

/// Whether a new build has been installed and a reload would show it.
pub fn update_ready_signal() -> ReadSignal<bool> {
    let already = document()
        .document_element()
        .and_then(|e| e.get_attribute("data-update"))
        .is_some_and(|v| v == "ready");
    let (ready, set_ready) = signal(already);
    let handle = window_event_listener_untyped(UPDATE_EVENT, move |_| set_ready.set(true));
    on_cleanup(move || handle.remove());
    ready
}

/// Runs `f` in a task of its own (after the current one and anything it queued), so that
/// long work split into steps lets the page respond in between.
pub fn next_task(f: impl FnOnce() + 'static) {
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    // Fails only without a window, where there is nothing to run.
    let _ = window().set_timeout_with_callback(callback.unchecked_ref());
}

/// Reloads the page (to start the new build).
pub fn reload() {
    let _ = window().location().reload();
}

/// The id of the running build (the content hash `index.html` carries).
pub fn build_id() -> String {
    document()
        .query_selector("meta[name=karte-build]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_default()
}

/// The label compiled into this build (`KARTE_BUILD_LABEL`), if any.
pub fn build_label() -> Option<&'static str> {
    option_env!("KARTE_BUILD_LABEL")
}

/// Today's date in the device's local time zone.
pub fn today() -> chrono::NaiveDate {
    let d = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_default()
}

/// The current local date and time (for the time of new entries).
pub fn now() -> chrono::NaiveDateTime {
    let d = js_sys::Date::new_0();
    today()
        .and_hms_opt(d.get_hours(), d.get_minutes(), d.get_seconds())
        .unwrap_or_default()
}

const DEVICE_KEY: &str = "karte.device";

/// A random id of this device (not patient data), used to make entry ids unique without a
/// server. Created on first use.
pub fn device_id() -> String {
    use gloo_storage::Storage;
    if let Ok(id) = gloo_storage::LocalStorage::get::<String>(DEVICE_KEY) {
        return id;
    }
    let mut bytes = [0u8; 6];
    let _ = getrandom::fill(&mut bytes);
    let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let _ = gloo_storage::LocalStorage::set(DEVICE_KEY, &id);
    id
}

// ---- The vault's storage, key derivation worker, files ------------------------------------

use karte_core::vault::store::{KvStore, StoreError};
use karte_core::vault::{DeriveError, KdfParams, Passphrase, VaultKey, KEY_LEN};
use wasm_bindgen::{JsCast, JsValue};

/// `localStorage` (through gloo-storage) as the vault's key-value store. Values are the
/// sealed envelopes' Base64, written as they are.
pub struct LocalStore;

impl KvStore for LocalStore {
    fn get(&self, key: &str) -> Option<String> {
        use gloo_storage::Storage;
        gloo_storage::LocalStorage::raw().get_item(key).ok().flatten()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        use gloo_storage::Storage;
        gloo_storage::LocalStorage::raw().set_item(key, value).map_err(|e| {
            let name = js_sys::Reflect::get(&e, &JsValue::from_str("name"))
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
                StoreError::QuotaExceeded
            } else {
                StoreError::Unavailable
            }
        })
    }

    fn remove(&mut self, key: &str) {
        use gloo_storage::Storage;
        let _ = gloo_storage::LocalStorage::raw().remove_item(key);
    }
}

/// A small preference or fact (not patient data) in localStorage.
pub fn pref_get(key: &str) -> Option<String> {
    LocalStore.get(key)
}

/// Saves a small preference; failure only loses the preference.
pub fn pref_set(key: &str, value: &str) {
    let _ = LocalStore.set(key, value);
}

/// Removes a preference.
pub fn pref_remove(key: &str) {
    LocalStore.remove(key);
}

fn meta(name: &str) -> Option<String> {
    document()
        .query_selector(&format!("meta[name={name}]"))
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
}

/// Opens the browser's print dialog (the page's print style sheet decides what is printed).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Waits `ms` milliseconds (a timer; the page stays responsive).
pub async fn sleep_ms(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// The KDF worker's script URL (the QR worker sits beside it).
pub fn kdf_worker_url() -> Option<String> {
    meta("karte-kdf-worker")
}

/// The smaller side of the window, in CSS pixels (for sizing QR codes); 320 when unknown.
pub fn viewport_min_side() -> f64 {
    let Some(w) = web_sys::window() else { return 320.0 };
    let dim = |v: Result<JsValue, JsValue>| v.ok().and_then(|x| x.as_f64()).unwrap_or(320.0);
    dim(w.inner_width()).min(dim(w.inner_height()))
}

/// [`viewport_min_side`], following changes (a split screen, a window resized).
pub fn viewport_min_side_signal() -> ReadSignal<f64> {
    let (side, set_side) = signal(viewport_min_side());
    let handle = window_event_listener(leptos::ev::resize, move |_| set_side.set(viewport_min_side()));
    on_cleanup(move || handle.remove());
    side
}

/// Keeps the screen on while the returned guard lives (Screen Wake Lock API, where present).
pub fn keep_screen_awake() -> WakeLock {
    let lock: std::rc::Rc<std::cell::RefCell<Option<JsValue>>> = std::rc::Rc::default();
    let held = lock.clone();
    let request = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("wakeLock")).ok())
        .filter(|wl| !wl.is_undefined())
        .and_then(|wl| {
            let f = js_sys::Reflect::get(&wl, &JsValue::from_str("request")).ok()?.dyn_into::<js_sys::Function>().ok()?;
            f.call1(&wl, &JsValue::from_str("screen")).ok()?.dyn_into::<js_sys::Promise>().ok()
        });
    if let Some(p) = request {
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(sentinel) = wasm_bindgen_futures::JsFuture::from(p).await {
                *held.borrow_mut() = Some(sentinel);
            }
        });
    }
    WakeLock(lock)
}

/// Releases the screen wake lock when dropped.
pub struct WakeLock(std::rc::Rc<std::cell::RefCell<Option<JsValue>>>);

impl Drop for WakeLock {
    fn drop(&mut self) {
        if let Some(s) = self.0.borrow_mut().take() {
            if let Ok(f) = js_sys::Reflect::get(&s, &JsValue::from_str("release")).and_then(|f| f.dyn_into::<js_sys::Function>().map_err(JsValue::from)) {
                let _ = f.call0(&s);
            }
        }
    }
}

/// Why no key came back from [`derive_key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyFailure {
    /// Argon2id failed (e.g. out of memory).
    Derive,
    /// The Argon2 chunk could not be fetched (a new build took over, or the network is gone
    /// before the first load was cached).
    AppPartMissing,
}

impl From<DeriveError> for KeyFailure {
    fn from(_: DeriveError) -> Self {
        KeyFailure::Derive
    }
}

impl From<leptos::wasm_split::SplitLoaderError> for KeyFailure {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        KeyFailure::AppPartMissing
    }
}

impl KeyFailure {
    /// The number a worker posts for this failure (`public/kdf-worker.js` passes on what
    /// `kdf_derive` threw): typed across the worker boundary, not matched as text.
    pub const fn code(self) -> u32 {
        match self {
            KeyFailure::Derive => 1,
            KeyFailure::AppPartMissing => 2,
        }
    }

    /// The failure a worker reported: its number, or anything else (the worker's script
    /// itself failed) as [`KeyFailure::Derive`].
    pub fn from_code(code: Option<f64>) -> KeyFailure {
        match code {
            Some(c) if c == f64::from(KeyFailure::AppPartMissing.code()) => KeyFailure::AppPartMissing,
            _ => KeyFailure::Derive,
        }
    }
}

/// Passphrases are compared as NFC, so kana typed on two devices give one key: JavaScript's
/// `String.prototype.normalize`, where available. The string given is wiped when a normalised
/// copy replaces it (the JavaScript strings made on the way cannot be: docs/vault-format.md).
pub fn nfc(s: String) -> String {
    #[cfg(target_arch = "wasm32")]
    let s = {
        let mut s = s;
        match js_sys::JsString::from(s.as_str()).normalize("NFC").as_string() {
            Some(n) => {
                zeroize::Zeroize::zeroize(&mut s);
                n
            }
            None => s,
        }
    };
    s
}

/// The passphrase typed, normalised ([`nfc`]), in a [`Passphrase`] (wiped when dropped).
pub fn passphrase(typed: String) -> karte_core::vault::Passphrase {
    karte_core::vault::Passphrase::new(nfc(typed))
}

/// Whether this is a page (a worker has no `window`).
pub fn has_window() -> bool {
    web_sys::window().is_some()
}

/// Derives the vault key with Argon2id in a Web Worker, so the page keeps responding; falls
/// back to the page's own thread where module workers are unavailable.
pub async fn derive_key(passphrase: &Passphrase, params: KdfParams, salt: [u8; 16]) -> Result<VaultKey, KeyFailure> {
    match derive_in_worker(passphrase.expose(), params, salt).await {
        Some(Ok(bytes)) => Ok(VaultKey::from_bytes(&bytes, params, salt)),
        Some(Err(e)) => Err(e),
        None => derive_here(Passphrase::new(passphrase.expose().to_owned()), params, salt).await,
    }
}

/// Argon2id on the calling thread. Its code is a lazily loaded chunk: the KDF worker loads it
/// (see `kdf_derive`), and the page itself only where no module worker can start. A chunk
/// that cannot be fetched is [`KeyFailure::AppPartMissing`], never a crash.
#[allow(unsafe_code)] // the split point's generated loader
#[leptos::wasm_split::wasm_split(argon2id, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn derive_here(passphrase: Passphrase, params: KdfParams, salt: [u8; 16]) -> Result<VaultKey, KeyFailure> {
    Ok(VaultKey::derive(&passphrase, &params, salt)?)
}

/// `None` when no worker could be started (then the caller derives here).
async fn derive_in_worker(passphrase: &str, params: KdfParams, salt: [u8; 16]) -> Option<Result<zeroize::Zeroizing<[u8; KEY_LEN]>, KeyFailure>> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;

    let url = meta("karte-kdf-worker")?;
    let opts = web_sys::WorkerOptions::new();
    opts.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(&url, &opts).ok()?;

    type Settle = (js_sys::Function, js_sys::Function);
    let settle: Rc<RefCell<Option<Settle>>> = Rc::default();
    let s = settle.clone();
    let promise = js_sys::Promise::new(&mut |resolve, reject| *s.borrow_mut() = Some((resolve, reject)));
    let s = settle.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        if let Some((resolve, _)) = s.borrow_mut().take() {
            let _ = resolve.call1(&JsValue::NULL, &e.data());
        }
    });
    let s = settle.clone();
    let on_error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        if let Some((_, reject)) = s.borrow_mut().take() {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

    let msg = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&msg, &JsValue::from_str(k), v).is_ok();
    let ok = set("passphrase", &JsValue::from_str(passphrase))
        && set("salt", &js_sys::Uint8Array::from(&salt[..]).into())
        && set("m", &JsValue::from(params.m_cost_kib()))
        && set("t", &JsValue::from(params.t_cost()))
        && set("p", &JsValue::from(params.p_cost()));
    if !ok || worker.post_message(&msg).is_err() {
        worker.terminate();
        return None;
    }
    let reply = wasm_bindgen_futures::JsFuture::from(promise).await;
    worker.terminate();
    drop(on_message);
    drop(on_error);
    let data = match reply {
        Ok(d) => d,
        // The worker script failed to load: derive here instead.
        Err(_) => return None,
    };
    if let Some(failure) = js_sys::Reflect::get(&data, &JsValue::from_str("failure")).ok().filter(|f| !f.is_undefined()) {
        return Some(Err(KeyFailure::from_code(failure.as_f64())));
    }
    let key = js_sys::Reflect::get(&data, &JsValue::from_str("key")).ok()?;
    let Ok(key) = key.dyn_into::<js_sys::Uint8Array>() else {
        return Some(Err(KeyFailure::Derive));
    };
    if key.length() as usize != KEY_LEN {
        return Some(Err(KeyFailure::Derive));
    }
    let mut out = zeroize::Zeroizing::new([0u8; KEY_LEN]);
    key.copy_to(&mut out[..]);
    key.fill(0, 0, KEY_LEN as u32);
    Some(Ok(out))
}

/// Offers `text` as a file download named `name`.
pub fn download_text(name: &str, text: &str) -> bool {
    download_file(name, "text/plain;charset=utf-8", text)
}

/// The current time in UTC (for time stamps in exported files).
pub fn now_utc() -> chrono::NaiveDateTime {
    let ms = js_sys::Date::now() as i64;
    chrono::DateTime::from_timestamp_millis(ms).map(|d| d.naive_utc()).unwrap_or_default()
}

/// Offers `text` as a file download named `name`, of the media type `mime` (a calendar file
/// opens in the phone's calendar).
pub fn download_file(name: &str, mime: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let Ok(a) = document().create_element("a") else {
        return false;
    };
    let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() else {
        return false;
    };
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    true
}

/// The text of the first file chosen in a file input, if any.
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Option<String> {
    let file = input.files()?.get(0)?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok()?;
    text.as_string()
}

/// Asks the browser to keep this site's storage under pressure
/// (`navigator.storage.persist()`); `None` where the API is missing.
pub async fn request_persistent_storage(ask: bool) -> Option<bool> {
    let storage = window().navigator().storage();
    let promise = if ask { storage.persist().ok()? } else { storage.persisted().ok()? };
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_bool()
}

/// Milliseconds since the epoch (for inactivity timing).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Whether the page is hidden (another app in front, screen off).
pub fn page_hidden() -> bool {
    document().hidden()
}

/// A fresh random salt (the browser's CSPRNG).
pub fn random_salt() -> Option<[u8; 16]> {
    let mut salt = [0u8; 16];
    karte_core::vault::os_entropy(&mut salt).ok()?;
    Some(salt)
}

/// Scrolls the element with this id into view (e.g. the next visit on the schedule); nothing
/// happens when there is no such element.
pub fn scroll_to_id(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        el.scroll_into_view_with_bool(true);
    }
}

/// Scrolls `el` to the middle of the screen (a message the patient must see).
pub fn scroll_into_view(el: &web_sys::Element) {
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
}

// ---- Installation (home screen) ------------------------------------------------------------

/// The window's property `name` (through `Reflect`: no web-sys feature per API).
fn window_prop(target: &wasm_bindgen::JsValue, name: &str) -> wasm_bindgen::JsValue {
    js_sys::Reflect::get(target, &wasm_bindgen::JsValue::from_str(name)).unwrap_or(wasm_bindgen::JsValue::UNDEFINED)
}

/// Whether the app runs installed: `display-mode: standalone` (or fullscreen, minimal-ui) or
/// iOS Safari's `navigator.standalone`.
pub fn installed() -> bool {
    let w = window();
    let Ok(match_media) = window_prop(&w, "matchMedia").dyn_into::<js_sys::Function>() else { return false };
    // Media queries, not text for people.
    let standalone = ["(display-mode: standalone)", "(display-mode: fullscreen)", "(display-mode: minimal-ui)"].iter().any(|m| {
        let query = JsValue::from_str(m);
        match_media.call1(&w, &query).map(|q| window_prop(&q, "matches").as_bool() == Some(true)).unwrap_or(false)
    });
    standalone || window_prop(&w.navigator(), "standalone").as_bool() == Some(true)
}

/// The browser's user agent string and whether the device has a touch screen.
pub fn user_agent() -> (String, bool) {
    let n = window().navigator();
    (n.user_agent().unwrap_or_default(), n.max_touch_points() > 0)
}

/// Whether the browser offered its install prompt (`beforeinstallprompt`, kept by
/// `index.html` as `window.karteInstallPrompt`), updated when it arrives or is used.
pub fn install_prompt_signal() -> ReadSignal<bool> {
    let has = || !window_prop(&window(), "karteInstallPrompt").is_null_or_undefined();
    let (ready, set_ready) = signal(has());
    let h1 = window_event_listener_untyped("karte-install-ready", move |_| set_ready.set(has()));
    let h2 = window_event_listener_untyped("appinstalled", move |_| set_ready.set(false));
    on_cleanup(move || {
        h1.remove();
        h2.remove();
    });
    ready
}

/// Shows the browser's install prompt, if it offered one (it can be shown once: forgotten after).
pub fn show_install_prompt() {
    let w = window();
    let prompt = window_prop(&w, "karteInstallPrompt");
    if let Ok(f) = window_prop(&prompt, "prompt").dyn_into::<js_sys::Function>() {
        let _ = f.call0(&prompt);
        let _ = js_sys::Reflect::set(&w, &"karteInstallPrompt".into(), &wasm_bindgen::JsValue::NULL);
    }
}

/// A JavaScript `Uint8Array` holding a copy of `bytes` (for a worker's result that must not
/// leave an unwiped copy in WebAssembly memory, as a returned `Vec` would).
#[cfg(target_arch = "wasm32")]
pub fn js_bytes(bytes: &[u8]) -> wasm_bindgen::JsValue {
    js_sys::Uint8Array::from(bytes).into()
}
