//! One module per page of the booklet.

pub mod home;
pub mod memo;
pub mod more;
pub mod partners;
pub mod profile;
pub mod provider;
pub mod results;
pub mod schedule;
pub mod settings;
pub mod share;
pub mod visits;

use crate::i18n::tr;
use crate::routes::Page;
use karte_core::i18n::K;
use leptos::prelude::*;
use leptos_router::components::A;

/// Shown for a path that is no page.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1>{tr(K::page_not_found_title)}</h1>
        <p>{tr(K::page_not_found_body)}</p>
        <p><A href=Page::Home.href() attr:class="button">{tr(K::page_not_found_home)}</A></p>
    }
}
