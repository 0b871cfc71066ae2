//! The results page.

use crate::components::page::{EmptyState, PageHeader};
use crate::routes::Page;
use karte_core::i18n::K;
use leptos::prelude::*;

/// The results page.
#[component]
pub fn ResultsPage() -> impl IntoView {
    view! {
        <PageHeader page=Page::Results/>
        <EmptyState text=K::results_empty/>
    }
}
