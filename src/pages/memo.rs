//! The memo page.

use crate::components::page::{EmptyState, PageHeader};
use crate::routes::Page;
use karte_core::i18n::K;
use leptos::prelude::*;

/// The memo page.
#[component]
pub fn MemoPage() -> impl IntoView {
    view! {
        <PageHeader page=Page::Memo/>
        <EmptyState text=K::memo_empty/>
    }
}
