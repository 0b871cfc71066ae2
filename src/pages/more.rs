//! The menu of the pages that are not on the bottom bar.

use crate::components::layout::Icon;
use crate::components::page::PageHeader;
use crate::i18n::tr;
use crate::routes::Page;
use leptos::prelude::*;
use leptos_router::components::A;

/// The "More" page.
#[component]
pub fn MorePage() -> impl IntoView {
    let items = Page::MENU
        .into_iter()
        .map(|p| {
            view! {
                <li>
                    <A href=p.href() attr:class="menu-item" attr:data-page=p.segment()>
                        <Icon page=p class="menu-icon"/>
                        <span class="menu-text">
                            <span class="menu-title">{tr(p.title())}</span>
                            <span class="menu-summary">{tr(p.summary())}</span>
                        </span>
                    </A>
                </li>
            }
        })
        .collect_view();
    view! {
        <PageHeader page=Page::More/>
        <ul class="menu">{items}</ul>
    }
}
