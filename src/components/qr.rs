//! Showing QR codes to be read by another device: one code, an animated loop for a camera, or
//! pages for a hand-held scanner. Whole modules on whole pixels, a 4-module quiet zone, black on
//! white whatever the theme; the screen kept awake while shown.

use crate::i18n::{tr, use_i18n};
use crate::platform;
use crate::present::qr::{module_px, qr_svg, QrSvg};
use karte_core::i18n::K;
use leptos::prelude::*;

/// Milliseconds each frame of an animation stays on screen: 5 a second, so a 30 fps camera
/// sees each code in about 6 of its frames (room for a shaking hand and a slow exposure).
/// Measured (`cargo xtask bench`, fake camera): a 2-frame share reads in 0.25-0.35 s at any rate
/// from 5 to 20 a second, the decoder taking 3.6 ms a frame (p90 6.3): the slower, steadier rate
/// costs almost nothing.
pub const FRAME_MS: u64 = 200;

/// What a transfer's codes hold, for their text alternative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrWhat {
    /// The patient's record, for a clinic to read.
    Share,
    /// A visit record signed by a clinic, for the patient's phone to read.
    Answer,
    /// The planning hospital's booklet (the care plan), for the patient's phone to read.
    Booklet,
}

impl QrWhat {
    /// The text alternative's key: one code alone, or one of several (`{n}`, `{total}`, `{left}`).
    fn label(self, several: bool) -> K {
        match (self, several) {
            (QrWhat::Share, true) => K::a11y_qr_share,
            (QrWhat::Share, false) => K::a11y_qr_share_single,
            (QrWhat::Answer, true) => K::a11y_qr_answer,
            (QrWhat::Answer, false) => K::a11y_qr_answer_single,
            (QrWhat::Booklet, true) => K::a11y_qr_booklet,
            (QrWhat::Booklet, false) => K::a11y_qr_booklet_single,
        }
    }
}

/// Whole pixels per module for a code shown in a card of the page, on this screen, at most
/// `at_most` CSS px wide: the page's and the card's padding (16 + 1 + 16 px a side) taken off.
/// CSS pixels, so the code keeps its size whatever the text size.
/// Follows the screen's size (a split screen, a window resized).
pub fn screen_module_px(modules: usize, at_most: f64) -> Signal<u32> {
    let side = platform::viewport_min_side_signal();
    Memo::new(move |_| module_px((side.get() - 2.0 * 33.0).min(at_most), modules)).into()
}

/// The codes of `frames`, drawn once (a version-22 code takes 12-35 ms in WebAssembly).
fn draw_all(frames: &[String]) -> Vec<QrSvg> {
    frames.iter().filter_map(|t| qr_svg(t).ok()).collect()
}

/// One code as an SVG of `px` pixels per module.
#[component]
pub fn QrCode(
    /// The code.
    code: QrSvg,
    /// Pixels per module.
    #[prop(into)]
    px: Signal<u32>,
    /// Text alternative: what the code is (and which of how many).
    #[prop(into)]
    label: Signal<String>,
    /// The text it holds (also in the DOM, for tests and assistive tools; it is what the
    /// code shows anyway).
    #[prop(optional)]
    text: String,
) -> impl IntoView {
    let n = code.modules;
    let size = move || n as u32 * px.get();
    view! {
        <svg class="qr" role="img" aria-label=move || label.get() width=size height=size viewBox=format!("0 0 {n} {n}")
            shape-rendering="crispEdges" data-version=code.version data-text=text>
            <rect width=n height=n fill="#fff"/>
            <path d=code.path fill="#000"/>
        </svg>
    }
}

/// Frames of one transfer, as an animation (camera) or as pages (hand-held scanner).
#[component]
pub fn QrFrames(
    /// The frames' texts (prefix + Base45), in order.
    frames: Vec<String>,
    /// Pages with next/previous buttons instead of an animation.
    #[prop(into)]
    pages: Signal<bool>,
    /// What the codes hold (their text alternative says it).
    what: QrWhat,
) -> impl IntoView {
    let i18n = use_i18n();
    let codes = StoredValue::new(draw_all(&frames));
    let texts = StoredValue::new(frames);
    let count = codes.with_value(Vec::len);
    let index = RwSignal::new(0usize);
    let playing = RwSignal::new(true);
    let modules = codes.with_value(|c| c.iter().map(|q| q.modules).max().unwrap_or(1));
    let px = screen_module_px(modules, f64::INFINITY);
    let _awake = platform::keep_screen_awake();
    if count > 1 {
        // The timer stops itself when the signals it reads are gone: a parent's `pages` signal
        // can be disposed before this view's cleanup runs (seen after a share page was left:
        // every tick then panicked reading it, `tests/browser/hospital.test.mjs`).
        let handle: std::sync::Arc<std::sync::Mutex<Option<IntervalHandle>>> = Default::default();
        let own = handle.clone();
        let timer = set_interval_with_handle(
            move || match (playing.try_get_untracked(), pages.try_get_untracked()) {
                (Some(true), Some(false)) => {
                    index.try_update(|i| *i = (*i + 1) % count);
                }
                (Some(_), Some(_)) => {}
                _ => {
                    if let Some(t) = own.lock().ok().and_then(|mut h| h.take()) {
                        t.clear();
                    }
                }
            },
            std::time::Duration::from_millis(FRAME_MS),
        )
        .ok();
        if let Ok(mut h) = handle.lock() {
            *h = timer;
        }
        on_cleanup(move || {
            if let Some(t) = timer {
                t.clear();
            }
        });
    }
    let step = move |by: isize| index.update(|i| *i = (*i as isize + by).rem_euclid(count as isize) as usize);
    let position = move || i18n.f(K::qr_position, &[("n", &(index.get() + 1).to_string()), ("total", &count.to_string())]);
    let label = move || {
        let n = index.get() + 1;
        let (at, total, left) = (n.to_string(), count.to_string(), (count - n).to_string());
        i18n.f(what.label(count > 1), &[("n", &at), ("total", &total), ("left", &left)])
    };
    // Announced when the patient steps through the codes, not five times a second.
    let live = move || if pages.get() || !playing.get() { "polite" } else { "off" };
    view! {
        <div class="qr-frames" data-testid="qr-frames" data-count=count>
            <p class="qr-hint">{tr(K::qr_brightness_hint)}</p>
            <div class="qr-stage" data-index=move || index.get()>
                {move || {
                    let i = index.get();
                    let text = texts.with_value(|t| t.get(i).cloned()).unwrap_or_default();
                    codes.with_value(|c| c.get(i).cloned()).map(|code| view! { <QrCode code=code px=px label=Signal::derive(label) text=text/> })
                }}
            </div>
            <Show when=move || { count > 1 }>
                <p class="qr-position" class:qr-position-large=move || pages.get() aria-live=live>{position}</p>
                <div class="qr-controls">
                    <button type="button" class="button button-secondary" on:click=move |_| step(-1)>{tr(K::qr_previous)}</button>
                    <Show when=move || !pages.get()>
                        <button type="button" class="button button-secondary" data-testid="qr-pause"
                            on:click=move |_| playing.update(|p| *p = !*p)>
                            {move || if playing.get() { tr(K::qr_pause) } else { tr(K::qr_play) }}
                        </button>
                    </Show>
                    <button type="button" class="button button-secondary" data-testid="qr-next" on:click=move |_| step(1)>{tr(K::qr_next)}</button>
                </div>
            </Show>
        </div>
    }
}
