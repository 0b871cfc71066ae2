//! The parts every page shares: its heading and an empty state.

use crate::i18n::tr;
use crate::routes::Page;
use karte_core::i18n::K;
use leptos::prelude::*;

/// The page's `<h1>` and one line saying what the page is for.
#[component]
pub fn PageHeader(
    /// The page this header belongs to.
    page: Page,
) -> impl IntoView {
    view! {
        <header class="page-header">
            <h1>{tr(page.title())}</h1>
            <p class="page-summary">{tr(page.summary())}</p>
        </header>
    }
}

/// What a section shows while it holds nothing yet.
#[component]
pub fn EmptyState(
    /// The message.
    text: K,
) -> impl IntoView {
    view! { <p class="empty">{tr(text)}</p> }
}
