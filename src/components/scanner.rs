//! Reading a transfer: the camera (decoding in the QR worker), a USB 2D scanner typing as a
//! keyboard, or pasted text; progress for multi-frame transfers; a clear message for every
//! refusal, and the other ways of reading offered when the camera cannot be used.

use crate::camera::{Camera, CameraChoice, CameraError, Decoded, QrWorker};
use crate::i18n::{tr, use_i18n};
use crate::platform;
use crate::scan::{take_scanned, take_typed, Took};
use karte_core::i18n::K;
use karte_core::share::{MessageKind, Receiver};
use leptos::html;
use leptos::prelude::*;

/// How long typing must pause before a text reader takes the field (a USB scanner types a
/// whole code in well under this; a person pasting is done at once).
const TYPED_PAUSE_MS: i32 = 600;

/// A complete message: its kind, transfer id and bytes.
pub type Message = (MessageKind, u32, Vec<u8>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CameraState {
    Off,
    Starting,
    On,
    Failed(CameraError),
}

fn camera_message(e: CameraError) -> K {
    match e {
        CameraError::Insecure => K::scan_cam_insecure,
        CameraError::NoCamera => K::scan_cam_none,
        CameraError::Denied => K::scan_cam_denied,
        CameraError::Busy => K::scan_cam_busy,
        CameraError::Failed => K::scan_cam_failed,
    }
}

/// Reads one transfer of the kind `expect` and hands the complete message to `on_message`.
#[component]
pub fn Scanner(
    /// The kind of message this screen awaits (others are refused, with a message).
    expect: MessageKind,
    /// A second kind also taken (the phone awaits a visit's entries or the opening booklet).
    #[prop(optional)]
    also: Option<MessageKind>,
    /// Called once with the complete message.
    #[prop(optional)]
    on_message: Option<Callback<Message>>,
    /// Instead of the share protocol's frames, every text goes to this reader, which says what
    /// it did: each code the camera reads, and what was typed or pasted, whole (line breaks
    /// included) once the typing has paused (a pharmacy's お薬手帳 codes are lines of text).
    #[prop(optional)]
    texts: Option<Callback<String, Took>>,
    /// A test id prefix for this scanner's parts.
    #[prop(default = "scanner")]
    id: &'static str,
    /// Where to keep the advice about the scanner's settings, so the screen can still show it
    /// once the scanner has given way to what it read.
    #[prop(optional)]
    advice_to: Option<RwSignal<Option<K>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rx = StoredValue::new_local(match also {
        Some(also) => Receiver::expecting_either(expect, also),
        None => Receiver::expecting(expect),
    });
    let progress = RwSignal::new(None::<(usize, usize)>);
    let notice = RwSignal::new(None::<(K, Option<(&'static str, String)>)>);
    let advice = RwSignal::new(None::<K>);
    let state = RwSignal::new(CameraState::Off);
    let running = RwSignal::new(false);
    let camera = StoredValue::new_local(None::<Camera>);
    let video = NodeRef::<html::Video>::new();
    // The cameras to choose from (a PC may have several), the one chosen, the torch.
    let cameras = RwSignal::new(Vec::<CameraChoice>::new());
    let chosen = RwSignal::new(None::<String>);
    let torch = RwSignal::new(None::<bool>);
    let zoom = RwSignal::new(None::<(f64, f64, f64)>);
    let typed = NodeRef::<html::Textarea>::new();

    let stop = move || {
        running.set(false);
        camera.update_value(|c| {
            if let Some(c) = c.take() {
                c.stop();
            }
        });
    };
    // One outcome of a text, from the camera or the keyboard.
    let take = move |took: Took| match took {
        Took::Part(p) => {
            notice.set(None);
            progress.set(Some((p.received.min(p.needed), p.needed)));
            if p.complete {
                stop();
                state.set(CameraState::Off);
                if let Some(m) = rx.try_update_value(|r| r.take()).flatten() {
                    progress.set(None);
                    if let Some(on_message) = on_message {
                        on_message.run(m);
                    }
                }
            }
        }
        Took::Count { have, total, complete } => {
            notice.set(None);
            progress.set((!complete).then_some((have, total)));
            if complete {
                stop();
                state.set(CameraState::Off);
            }
        }
        Took::Refused(k, arg) => notice.set(Some((k, arg))),
    };

    let start_camera = move |_| {
        if running.get_untracked() {
            return;
        }
        let Some(v) = video.get_untracked() else { return };
        state.set(CameraState::Starting);
        leptos::task::spawn_local(async move {
            let cam = match Camera::open(v, chosen.get_untracked()).await {
                Ok(c) => c,
                Err(e) => return state.set(CameraState::Failed(e)),
            };
            // Labels are known once permission is given; the torch where the camera has one.
            cameras.set(Camera::choices().await);
            torch.set(cam.set_torch(false).then_some(false));
            zoom.set(cam.zoom_range());
            let Some(worker) = QrWorker::start() else { return state.set(CameraState::Failed(CameraError::Failed)) };
            camera.set_value(Some(cam));
            running.set(true);
            state.set(CameraState::On);
            while running.try_get_untracked().unwrap_or(false) {
                let frame = camera.try_with_value(|c| c.as_ref().and_then(Camera::frame)).flatten();
                let Some((rgba, w, h)) = frame else {
                    platform::sleep_ms(50).await;
                    continue;
                };
                let decoded = worker.decode(rgba, w, h).await;
                // The screen may have closed while the frame was decoded: its signals are gone.
                if !running.try_get_untracked().unwrap_or(false) {
                    break;
                }
                match decoded {
                    Decoded::Texts(found, _) => {
                        for t in found {
                            if let Some(reader) = texts {
                                take(reader.run(t));
                            } else if let Some(took) = rx.try_update_value(|r| take_scanned(r, &t)) {
                                take(took);
                            }
                        }
                    }
                    Decoded::AppPartMissing => {
                        notice.set(Some((K::scan_err_app_part, None)));
                        break;
                    }
                    Decoded::Failed => {
                        notice.set(Some((K::scan_cam_failed, None)));
                        break;
                    }
                }
                platform::sleep_ms(10).await;
            }
        });
    };

    on_cleanup(stop);

    let switch_camera = move |id: String| {
        chosen.set(Some(id));
        stop();
        state.set(CameraState::Off);
    };
    let toggle_torch = move |_| {
        let on = !torch.get_untracked().unwrap_or(false);
        let done = camera.try_with_value(|c| c.as_ref().map(|c| c.set_torch(on))).flatten().unwrap_or(false);
        if done {
            torch.set(Some(on));
        }
    };

    // Text readers take the field whole once typing has paused this long: a USB scanner
    // types a code's lines (Enter for each line break) in one fast burst.
    let typed_round = StoredValue::new(0u32);
    let on_input = move |_| {
        let Some(reader) = texts else { return };
        typed_round.update_value(|r| *r = r.wrapping_add(1));
        let mine = typed_round.get_value();
        leptos::task::spawn_local(async move {
            platform::sleep_ms(TYPED_PAUSE_MS).await;
            if typed_round.try_get_value() != Some(mine) {
                return;
            }
            let Some(area) = typed.get_untracked() else { return };
            let value = area.value();
            if value.trim().is_empty() {
                return;
            }
            area.set_value("");
            take(reader.run(value));
        });
    };
    let on_typed = move |ev: leptos::ev::KeyboardEvent| {
        if texts.is_some() || ev.key() != "Enter" || ev.shift_key() {
            return;
        }
        ev.prevent_default();
        let Some(area) = typed.get_untracked() else { return };
        let value = area.value();
        area.set_value("");
        advice.set(None);
        for line in value.lines().filter(|l| !l.trim().is_empty()) {
            if let Some((took, fix)) = rx.try_update_value(|r| take_typed(r, line)) {
                if fix.is_some() {
                    advice.set(fix);
                    if let Some(out) = advice_to {
                        out.set(fix);
                    }
                }
                take(took);
            }
        }
    };
    let reset = move |_| {
        rx.update_value(Receiver::reset);
        progress.set(None);
        notice.set(None);
    };

    view! {
        <div class="scanner" data-testid=id>
            <div class="scanner-camera" class:scanner-camera-on=move || state.get() == CameraState::On>
                <video node_ref=video class="scanner-video" aria-label=tr(K::scan_cam_label) muted=true playsinline=true></video>
            </div>
            <Show when=move || { cameras.get().len() > 1 }>
                <label class="field">
                    <span>{tr(K::scan_cam_choose)}</span>
                    <select data-testid=format!("{id}-camera-choice") on:change=move |e| switch_camera(event_target_value(&e))>
                        {move || cameras.get().into_iter().enumerate().map(|(i, c)| {
                            let selected = chosen.get().as_deref() == Some(c.id.as_str());
                            let label = if c.label.is_empty() { format!("{}", i + 1) } else { c.label.clone() };
                            view! { <option value=c.id.clone() selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <Show when=move || matches!(state.get(), CameraState::Off | CameraState::Failed(_))>
                <button type="button" class="button" data-testid=format!("{id}-camera") on:click=start_camera>
                    {tr(K::scan_cam_start)}
                </button>
            </Show>
            {move || match state.get() {
                CameraState::Starting => Some(view! { <p class="scanner-status" role="status">{tr(K::scan_cam_starting)}</p> }.into_any()),
                CameraState::On => Some(view! {
                    <p class="scanner-status" role="status">{tr(K::scan_cam_on)}</p>
                    {move || zoom.get().map(|(min, max, step)| view! {
                        <label class="field">
                            <span>{tr(K::scan_cam_zoom)}</span>
                            <input type="range" min=min max=max step=step value=min on:input=move |e| {
                                if let Ok(z) = event_target_value(&e).parse::<f64>() {
                                    camera.with_value(|c| if let Some(c) = c { c.set_zoom(z) });
                                }
                            }/>
                        </label>
                    })}
                    {move || torch.get().map(|on| view! {
                        <button type="button" class="button button-secondary" aria-pressed=on.to_string() on:click=toggle_torch>{tr(K::scan_cam_torch)}</button>
                    })}
                }.into_any()),
                CameraState::Failed(e) => Some(view! {
                    <p class="notice notice-error" role="alert" data-testid=format!("{id}-camera-error")>
                        {tr(camera_message(e))}" "{tr(K::scan_cam_other_way)}
                    </p>
                }.into_any()),
                CameraState::Off => None,
            }}
            // Live regions present from the start (one added with its text is often not read):
            // the progress, and what remains, politely; a refusal at once.
            <p class="scanner-progress" role="status" aria-live="polite" aria-atomic="true" data-testid=format!("{id}-progress")>
                {move || progress.get().map(|(n, of)| {
                    // The locale decides the brackets around what remains.
                    let left = (of > n).then(|| i18n.f(K::a11y_scan_left, &[("left", &(of - n).to_string())]));
                    format!("{}{}", i18n.f(K::scan_progress, &[("n", &n.to_string()), ("total", &of.to_string())]), left.unwrap_or_default())
                })}
            </p>
            <div class="live-slot" role="alert" aria-atomic="true">
                {move || notice.get().map(|(k, arg)| {
                    let text = match &arg {
                        Some((name, value)) => i18n.f(k, &[(name, value.as_str())]),
                        None => i18n.t(k).to_string(),
                    };
                    view! { <p class="notice notice-error" data-testid=format!("{id}-error")>{text}</p> }
                })}
            </div>
            {move || advice.get().map(|k| view! { <p class="notice" role="status" data-testid=format!("{id}-advice")>{tr(k)}</p> })}
            <label class="scanner-typed">
                <span>{tr(K::scan_typed_label)}</span>
                <textarea node_ref=typed rows="2" autocomplete="off" spellcheck="false" autocapitalize="off"
                    data-testid=format!("{id}-typed") on:keydown=on_typed on:input=on_input></textarea>
            </label>
            <Show when=move || progress.get().is_some()>
                <button type="button" class="button button-secondary" on:click=reset>{tr(K::scan_restart)}</button>
            </Show>
        </div>
    }
}
