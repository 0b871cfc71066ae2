//! The visits page.

use crate::components::page::{EmptyState, PageHeader};
use crate::routes::Page;
use karte_core::i18n::K;
use leptos::prelude::*;

/// The visits page.
#[component]
pub fn VisitsPage() -> impl IntoView {
    view! {
        <PageHeader page=Page::Visits/>
        <EmptyState text=K::visits_empty/>
    }
}
