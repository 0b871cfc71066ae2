//! お薬手帳 QR import, a section of the medications card (profile page). The button is in the
//! record pages' chunk; the reading screen (the scanner) is in the share pages' chunk, loaded
//! on first use through a split point as the paper backup is, never in the shell.

use karte_core::i18n::K;
use karte_core::jahis::{Assembler, Import};
use leptos::prelude::*;

use crate::components::scanner::Scanner;
use crate::i18n::{tr, use_i18n};
use crate::platform;
use crate::present::jahis::{self as present, Outcome};
use crate::present::dates;
use crate::scan::Took;
use crate::state::use_record;
use karte_core::share::MessageKind;

/// The import's state, owned by the page so it outlives a redraw of the card when the record
/// changes: whether the reader is open, and what the last import did.
#[derive(Clone, Copy)]
pub struct JahisState {
    open: RwSignal<bool>,
    outcome: RwSignal<Option<Outcome>>,
}

impl JahisState {
    /// Closed, nothing done yet.
    pub fn new() -> JahisState {
        JahisState { open: RwSignal::new(false), outcome: RwSignal::new(None) }
    }
}

impl Default for JahisState {
    fn default() -> Self {
        JahisState::new()
    }
}

#[allow(unsafe_code)] // the split point's generated loader
#[leptos::wasm_split::wasm_split(share_pages, wasm_split_path = ::leptos::wasm_split, fallible)]
fn reader_view() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <JahisReader/> }.into_any())
}

/// The button, the outcome of the last import, and the reader once opened.
#[component]
pub fn JahisSection(
    /// The page's import state.
    state: JahisState,
) -> impl IntoView {
    let i18n = use_i18n();
    provide_context(state);
    let open = move |_| {
        state.outcome.set(None);
        state.open.set(true);
    };
    view! {
        <div class="jahis" data-testid="jahis">
            <div class="live-slot" role="status" aria-atomic="true">
                {move || state.outcome.get().map(|o| {
                    let ok = matches!(o, Outcome::Added(_));
                    view! {
                        <p class="notice" class:notice-ok=ok class:notice-error=!ok data-testid="jahis-outcome">
                            {move || present::outcome_text(i18n.locale(), o)}
                        </p>
                    }
                })}
            </div>
            {move || if state.open.get() {
                view! {
                    <Suspense fallback=|| ()>
                        {Suspend::new(async move {
                            reader_view().await.unwrap_or_else(|_| view! { <p class="notice notice-error">{tr(K::page_chunk_missing_body)}</p> }.into_any())
                        })}
                    </Suspense>
                }.into_any()
            } else {
                view! { <button type="button" class="button" data-testid="jahis-open" on:click=open>{tr(K::jahis_open)}</button> }.into_any()
            }}
        </div>
    }
}

/// Reading the codes (camera, USB scanner, paste), the parts still missing, the preview and
/// the confirmation.
#[component]
fn JahisReader() -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<JahisState>();
    let record = use_record();
    let asm = StoredValue::new(Assembler::new());
    let missing = RwSignal::new(Vec::<u8>::new());
    let found = RwSignal::new(None::<Import>);
    let reader = Callback::new(move |text: String| {
        let (took, import) = asm
            .try_update_value(|a| present::take_all(a, &text))
            .unwrap_or((Took::Refused(K::jahis_err_not, None), None));
        missing.try_set(asm.try_with_value(Assembler::missing).unwrap_or_default());
        if let Some(import) = import {
            if record.record_untracked().is_some_and(|r| import.already_in(&r)) {
                // Closed after the scanner has finished with this text (closing unmounts it).
                leptos::task::spawn_local(async move {
                    state.outcome.set(Some(Outcome::Already));
                    state.open.set(false);
                });
            } else {
                found.set(Some(import));
            }
        }
        took
    });
    let confirm = move |_| {
        let Some(import) = found.get_untracked() else { return };
        let (device, at) = (platform::device_id(), platform::now());
        let outcome = present::outcome(record.change(|r| import.add_to(r, &device, at)));
        state.outcome.set(Some(outcome));
        state.open.set(false);
    };
    let cancel = move |_| state.open.set(false);
    view! {
        <section class="jahis-reader" aria-labelledby="jahis-h" data-testid="jahis-reader">
            <h3 id="jahis-h">{tr(K::jahis_open)}</h3>
            {move || match found.get() {
                None => view! {
                    <p>{tr(K::jahis_intro)}</p>
                    <Scanner expect=MessageKind::Entries texts=reader id="jahis-scan"/>
                    <p role="status" aria-atomic="true" data-testid="jahis-missing">
                        {move || present::missing(i18n.locale(), &missing.get())}
                    </p>
                    <button type="button" class="button button-secondary" on:click=cancel>{tr(K::jahis_cancel)}</button>
                }.into_any(),
                Some(import) => {
                    let cards = present::preview(&import).into_iter().map(|p| {
                        let date = p.date;
                        let drugs = p.drugs.into_iter().map(|d| view! {
                            <li class="med">
                                <span class="med-name">{d.name}</span>
                                <span class="med-dose">{d.amount}</span>
                                {d.usage.map(|u| view! { <span class="med-dose">{u}</span> })}
                                {d.supply.map(|s| view! { <span class="med-dose">{s}</span> })}
                            </li>
                        }).collect_view();
                        view! {
                            <dl class="facts-list">
                                <dt>{tr(K::jahis_date)}</dt>
                                <dd>{move || dates::plain(i18n.locale(), date)}</dd>
                                {p.pharmacy.map(|n| view! { <dt>{tr(K::jahis_pharmacy)}</dt><dd>{n}</dd> })}
                                {p.prescriber.map(|n| view! { <dt>{tr(K::jahis_doctor)}</dt><dd>{n}</dd> })}
                            </dl>
                            <ul class="plain-list meds" data-testid="jahis-drugs">{drugs}</ul>
                        }
                    }).collect_view();
                    view! {
                        <h4>{tr(K::jahis_preview)}</h4>
                        <div data-testid="jahis-preview">{cards}</div>
                        <button type="button" class="button" data-testid="jahis-confirm" on:click=confirm>{tr(K::jahis_confirm)}</button>
                        <button type="button" class="button button-secondary" data-testid="jahis-cancel" on:click=cancel>{tr(K::jahis_cancel)}</button>
                    }.into_any()
                }
            }}
        </section>
    }
}
