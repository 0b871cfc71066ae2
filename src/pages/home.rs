//! Home: the next appointment and "what do I do if…", at once.

use crate::components::page::{EmptyState, PageHeader};
use crate::i18n::tr;
use crate::routes::Page;
use karte_core::i18n::K;
use leptos::prelude::*;
use leptos_router::components::A;

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <PageHeader page=Page::Home/>
        <section class="card" aria-labelledby="next-visit-h">
            <h2 id="next-visit-h">{tr(K::home_next_visit)}</h2>
            <EmptyState text=K::home_no_record/>
            <p><A href=Page::Settings.href() attr:class="button">{tr(K::home_go_settings)}</A></p>
        </section>
        <section class="card card-help" aria-labelledby="help-h">
            <h2 id="help-h">{tr(K::home_help_title)}</h2>
            <p>{tr(K::home_help_body)}</p>
        </section>
    }
}
