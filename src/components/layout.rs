//! The app shell: a header with the app's name and status, the page, and the bottom tabs.

use crate::i18n::{tr, use_i18n};
use crate::platform;
use crate::routes::Page;
use karte_core::i18n::K;
use leptos::prelude::*;
use crate::components::vault_ui::{UnlockScreen, VaultBanners};
use crate::vault::{use_vault, VaultState};
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// Whether a navigation is waiting for its page (the page's chunk is being fetched).
#[derive(Clone, Copy)]
pub struct Routing(pub ReadSignal<bool>);

/// The frame around every page.
#[component]
pub fn Shell(
    /// The routed page.
    children: Children,
) -> impl IntoView {
    let vault = use_vault();
    let location = use_location();
    // While locked, the record's pages show the unlock screen; settings (erase, restore) and
    // provider mode stay reachable.
    let gated = move || {
        vault.state() == VaultState::Locked
            && !matches!(Page::from_path(&location.pathname.get()), Some(Page::Settings | Page::Provider))
    };
    let online = platform::online_signal();
    let update_ready = platform::update_ready_signal();
    let routing = use_context::<Routing>().map(|r| r.0);
    let is_routing = move || routing.is_some_and(|r| r.get());
    view! {
        // Shown (after a short delay, by CSS) only when a page takes a moment to arrive.
        <div class="routing-bar" role="progressbar" aria-label=tr(K::shell_loading) data-testid="routing-bar" hidden=move || !is_routing()></div>
        <a class="skip-link" href="#main">{tr(K::shell_skip_to_content)}</a>
        <header class="app-header">
            <A href=Page::Home.href() attr:class="brand">
                <span class="brand-title">{tr(K::app_title)}</span>
                <span class="brand-subtitle">{tr(K::app_subtitle)}</span>
            </A>
            <LanguageToggle/>
        </header>
        <div class="status" role="status" aria-live="polite">
            <Show when=move || !online.get()>
                <p class="banner banner-offline" data-testid="offline-banner">{tr(K::shell_offline)}</p>
            </Show>
            <Show when=move || update_ready.get()>
                <p class="banner banner-update" data-testid="update-banner">
                    <span>{tr(K::shell_update_ready)}</span>
                    <button type="button" class="button button-small" on:click=|_| platform::reload()>
                        {tr(K::shell_update_reload)}
                    </button>
                </p>
            </Show>
        </div>
        <div class="status" role="region" aria-label=tr(K::shell_notices)>
            <VaultBanners/>
        </div>
        <main id="main" class="page" tabindex="-1" aria-busy=move || is_routing().then_some("true")>
            <Show when=gated>
                <UnlockScreen/>
            </Show>
            // The routes stay mounted (unmounting them would break navigation); while locked
            // they are hidden, and they hold no record anyway.
            <div class="routed" hidden=gated>{children()}</div>
        </main>
        <TabBar/>
    }
}

/// The bottom navigation of the main pages.
#[component]
fn TabBar() -> impl IntoView {
    let tabs = Page::TABS
        .into_iter()
        .map(|p| {
            view! {
                <li>
                    <A href=p.href() attr:class="tab" attr:data-page=p.segment()>
                        <Icon page=p class="tab-icon"/>
                        <span class="tab-label">{tr(p.title())}</span>
                    </A>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="tabbar" aria-label=tr(K::shell_nav_label)>
            <ul>{tabs}</ul>
        </nav>
    }
}

/// The outline icon of a page (decorative).
#[component]
pub fn Icon(
    /// Whose icon.
    page: Page,
    /// CSS class of the `<svg>`.
    class: &'static str,
) -> impl IntoView {
    view! {
        <svg class=class viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=page.icon()/>
        </svg>
    }
}

/// One button that switches between Japanese and English.
#[component]
fn LanguageToggle() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || match i18n.locale() {
        karte_core::i18n::Locale::Ja => karte_core::i18n::Locale::En,
        karte_core::i18n::Locale::En => karte_core::i18n::Locale::Ja,
    };
    view! {
        <button
            type="button"
            class="button button-small lang-toggle"
            data-testid="lang-toggle"
            lang=move || other().code()
            aria-label=tr(K::shell_switch_language)
            on:click=move |_| i18n.set(other())
        >
            {tr(K::shell_other_language)}
        </button>
    }
}
