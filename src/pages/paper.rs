//! The paper backup, a section of Settings whose code is in the share pages' chunk (it needs the
//! frames, QR drawing and the scanner, which the shell must not carry): make and print the
//! record as QR codes on A4; restore from such a sheet with the camera, in any order.

use crate::components::qr::QrCode;
use crate::components::scanner::{Message, Scanner};
use crate::i18n::{tr, use_i18n};
use crate::platform;
use crate::present::qr::qr_svg;
use crate::present::safety::RestoreFrom;
use crate::state;
use crate::vault::{messages, use_vault, VaultState};
use karte_core::i18n::K;
use karte_core::share::MessageKind;
use karte_core::vault::paper::{self, Sheet};
use leptos::prelude::*;

/// Codes on one A4 sheet (2 columns, 3 rows: each code 76 mm, about 0.5 mm a module).
pub const CODES_PER_PAGE: usize = 6;

#[allow(unsafe_code)] // the split point's generated loader
#[leptos::wasm_split::wasm_split(share_pages, wasm_split_path = ::leptos::wasm_split, fallible)]
fn paper_view() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <PaperBackup/> }.into_any())
}

/// The paper backup section, loaded with the share pages' chunk on first use.
#[component]
pub fn PaperSection() -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                paper_view().await.unwrap_or_else(|_| view! { <p class="notice notice-error">{tr(K::page_chunk_missing_body)}</p> }.into_any())
            })}
        </Suspense>
    }
}

/// The printable sheet: pages of [`CODES_PER_PAGE`] codes, each with its number.
#[component]
fn PaperSheet(sheet: Sheet, made: String) -> impl IntoView {
    let i18n = use_i18n();
    let total = sheet.texts.len();
    let pages = total.div_ceil(CODES_PER_PAGE);
    let meta = i18n.f(K::backup_paper_sheet_meta, &[("date", &made), ("total", &total.to_string()), ("needed", &sheet.source.to_string())]);
    let page_views = (0..pages)
        .map(|p| {
            let codes = sheet.texts.iter().enumerate().skip(p * CODES_PER_PAGE).take(CODES_PER_PAGE).map(|(i, text)| {
                let label = i18n.f(K::backup_paper_code_label, &[("n", &(i + 1).to_string()), ("total", &total.to_string())]);
                qr_svg(text).ok().map(|code| view! {
                    <figure class="paper-code" data-index=i>
                        <QrCode code=code px=2 label=label.clone() text=text.clone()/>
                        <figcaption>{label}</figcaption>
                    </figure>
                })
            }).collect_view();
            let page_label = i18n.f(K::backup_paper_sheet_page, &[("n", &(p + 1).to_string()), ("total", &pages.to_string())]);
            view! {
                <section class="paper-page">
                    <header class="paper-head">
                        <h3>{tr(K::backup_paper_sheet_title)}</h3>
                        <p>{meta.clone()}" "{page_label}</p>
                        <p class="paper-note">{tr(K::backup_paper_sheet_note)}</p>
                    </header>
                    <div class="paper-grid">{codes}</div>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="paper-sheet" data-testid="paper-sheet" data-codes=total data-needed=sheet.source data-pages=pages>
            {page_views}
        </div>
    }
}

/// Make and print a paper backup (unlocked), and restore from one.
#[component]
fn PaperBackup() -> impl IntoView {
    let vault = use_vault();
    let sheet = RwSignal::new(None::<Sheet>);
    let problem = RwSignal::new(None::<K>);
    let scanned = RwSignal::new(None::<Vec<u8>>);
    let round = RwSignal::new(0u32);
    let pass = RwSignal::new(String::new());
    let unlocked = move || vault.state() == VaultState::Unlocked;
    let make = move |_| match vault.paper_backup() {
        Ok(s) => {
            problem.set(None);
            sheet.set(Some(s));
        }
        Err(k) => problem.set(Some(k)),
    };
    let print = move |_| {
        vault.backup_made(state::today());
        platform::print();
    };
    let on_message = Callback::new(move |(_, _, bytes): Message| scanned.set(Some(bytes)));
    let restore = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(envelope) = scanned.get_untracked() else { return };
        let passphrase = pass.get_untracked();
        pass.set(String::new());
        vault.import_with(passphrase, RestoreFrom::Paper, move |secret| paper::read(&envelope, secret).map_err(|e| messages::paper_error(&e)));
    };
    let again = move |_| {
        scanned.set(None);
        round.update(|r| *r += 1);
        vault.dismiss();
    };
    view! {
        <Show when=unlocked>
            <section class="card" aria-labelledby="paper-h" data-testid="paper-make">
                <h2 id="paper-h">{tr(K::backup_paper_title)}</h2>
                <p>{tr(K::backup_paper_body)}</p>
                <button type="button" class="button" data-testid="paper-make-button" on:click=make>{tr(K::backup_paper_make)}</button>
                {move || problem.get().map(|k| view! { <p class="notice notice-error" role="alert" data-testid="paper-problem">{tr(k)}</p> })}
                {move || sheet.get().map(|s| view! {
                    <p class="notice notice-ok" role="status">{tr(K::backup_paper_made)}</p>
                    <button type="button" class="button" data-testid="paper-print" on:click=print>{tr(K::backup_paper_print)}</button>
                    <PaperSheet sheet=s made=state::today().to_string()/>
                })}
            </section>
        </Show>
        <section class="card" aria-labelledby="paper-restore-h" data-testid="paper-restore">
            <h2 id="paper-restore-h">{tr(K::backup_paper_restore_title)}</h2>
            <p>{tr(K::backup_paper_restore_body)}</p>
            {move || match scanned.get() {
                None => view! { {move || { round.get(); view! { <Scanner expect=MessageKind::Backup on_message=on_message id="paper-scan"/> } }} }.into_any(),
                Some(_) => view! {
                    <p class="notice notice-ok" role="status" data-testid="paper-read-all">{tr(K::backup_paper_read_all)}</p>
                    <form on:submit=restore data-testid="paper-restore-form">
                        <div class="field">
                            <label for="pass-paper">{tr(K::backup_paper_restore_pass)}</label>
                            <input id="pass-paper" name="paper" type="password" autocomplete="current-password"
                                prop:value=move || pass.get() on:input=move |ev| pass.set(event_target_value(&ev))/>
                        </div>
                        <button type="submit" class="button" prop:disabled=move || vault.busy()>{tr(K::backup_paper_restore_button)}</button>
                    </form>
                    <button type="button" class="button button-secondary" on:click=again>{tr(K::scan_restart)}</button>
                }.into_any(),
            }}
        </section>
    }
}
