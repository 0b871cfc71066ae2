//! Share: show the record to a doctor through QR codes.

use crate::components::page::{EmptyState, PageHeader};
use crate::i18n::tr;
use crate::routes::Page;
use karte_core::i18n::K;
use leptos::prelude::*;

/// The share page.
#[component]
pub fn SharePage() -> impl IntoView {
    view! {
        <PageHeader page=Page::Share/>
        <section class="card">
            <h2>{tr(K::share_how_title)}</h2>
            <ol class="steps">
                <li>{tr(K::share_how_1)}</li>
                <li>{tr(K::share_how_2)}</li>
                <li>{tr(K::share_how_3)}</li>
            </ol>
        </section>
        <EmptyState text=K::share_empty/>
    }
}
