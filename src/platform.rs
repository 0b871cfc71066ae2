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
