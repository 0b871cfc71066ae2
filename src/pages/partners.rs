//! The partners page.

use crate::components::page::{EmptyState, PageHeader};
use crate::routes::Page;
use karte_core::i18n::K;
use leptos::prelude::*;

/// The partners page.
#[component]
pub fn PartnersPage() -> impl IntoView {
    view! {
        <PageHeader page=Page::Partners/>
        <EmptyState text=K::partners_empty/>
    }
}
