//! Provider (doctor) mode: scan the patient's record, see what is due, record the visit.

use crate::components::page::PageHeader;
use crate::i18n::tr;
use crate::routes::Page;
use karte_core::i18n::K;
use leptos::prelude::*;
use leptos_router::components::A;

/// The provider mode entry page.
#[component]
pub fn ProviderPage() -> impl IntoView {
    view! {
        <div class="provider-mode">
            <PageHeader page=Page::Provider/>
            <section class="card">
                <h2>{tr(K::provider_steps_title)}</h2>
                <ol class="steps">
                    <li>{tr(K::provider_step_1)}</li>
                    <li>{tr(K::provider_step_2)}</li>
                    <li>{tr(K::provider_step_3)}</li>
                    <li>{tr(K::provider_step_4)}</li>
                </ol>
            </section>
            <p><A href=Page::Home.href() attr:class="button button-secondary">{tr(K::provider_back)}</A></p>
        </div>
    }
}
