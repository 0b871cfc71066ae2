//! The profile page.

use crate::components::page::{EmptyState, PageHeader};
use crate::routes::Page;
use karte_core::i18n::K;
use leptos::prelude::*;

/// The profile page.
#[component]
pub fn ProfilePage() -> impl IntoView {
    view! {
        <PageHeader page=Page::Profile/>
        <EmptyState text=K::profile_empty/>
    }
}
