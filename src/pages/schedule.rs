//! The schedule page.

use crate::components::page::{EmptyState, PageHeader};
use crate::routes::Page;
use karte_core::i18n::K;
use leptos::prelude::*;

/// The schedule page.
#[component]
pub fn SchedulePage() -> impl IntoView {
    view! {
        <PageHeader page=Page::Schedule/>
        <EmptyState text=K::schedule_empty/>
    }
}
