//! The record as a FHIR file for the hospital, on the share page: one button that saves
//! `karte-fhir-YYYY-MM-DD.json` (`present::fhir`). The Bundle's code (`karte_core::fhir`) is
//! a chunk of its own, loaded on the first click.

use karte_core::i18n::K;
use karte_core::record::Record;
use leptos::prelude::*;

use crate::i18n::tr;
use crate::platform;
use crate::present::fhir;
use crate::state::{self, use_record};

/// The file's text, in the `fhir` chunk.
#[allow(unsafe_code)] // the split point's generated loader
#[leptos::wasm_split::wasm_split(fhir, wasm_split_path = ::leptos::wasm_split, fallible)]
fn fhir_file(record: Record) -> Result<String, leptos::wasm_split::SplitLoaderError> {
    Ok(fhir::file(&record))
}

/// The export card.
#[component]
pub fn FhirExport() -> impl IntoView {
    let record = use_record();
    let outcome = RwSignal::new(None::<(bool, K)>);
    let export = move |_| {
        let Some(r) = record.record_untracked() else { return };
        leptos::task::spawn_local(async move {
            let result = match fhir_file(r).await {
                Ok(text) => {
                    let name = fhir::file_name(state::today());
                    if platform::download_file(&name, "application/fhir+json", &text) {
                        (true, K::fhir_done)
                    } else {
                        (false, K::cal_failed)
                    }
                }
                Err(_) => (false, K::page_chunk_missing_body),
            };
            outcome.set(Some(result));
        });
    };
    view! {
        <section class="card" aria-labelledby="fhir-h" data-testid="fhir-export">
            <h2 id="fhir-h">{tr(K::fhir_title)}</h2>
            <p>{tr(K::fhir_how)}</p>
            {move || outcome.get().map(|(ok, k)| view! {
                <p class=if ok { "notice notice-ok" } else { "notice notice-error" } role="status" data-testid="fhir-outcome">{tr(k)}</p>
            })}
            <button type="button" class="button" data-testid="fhir-export-button" on:click=export>{tr(K::fhir_export)}</button>
        </section>
    }
}
