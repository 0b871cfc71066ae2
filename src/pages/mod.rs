//! One module per page of the booklet. Every page is a lazy route: its code is a separate
//! chunk that the build's wasm-split step cuts out and the browser loads on first visit
//! (precached by the service worker, so this works offline too). The main module holds the
//! shell: header, tab bar, the vault's create/unlock screen, the record in memory.

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
use leptos_router::{lazy_route, LazyRoute};

/// Declares `$route`, a lazy route showing the component `$page`.
macro_rules! lazy_page {
    ($($(#[$doc:meta])* $route:ident => $page:path;)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $route;

        // The split point's loader is generated `unsafe` FFI code (wasm_split_helpers).
        #[allow(unsafe_code)]
        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    /// ホーム: the next visit, what to do, when to call.
    HomeRoute => home::HomePage;
    /// 予定: the schedule.
    ScheduleRoute => schedule::SchedulePage;
    /// 受診記録: visits.
    VisitsRoute => visits::VisitsPage;
    /// 検査結果: results.
    ResultsRoute => results::ResultsPage;
    /// The "more" menu.
    MoreRoute => more::MorePage;
    /// 患者基礎情報・治療情報.
    ProfileRoute => profile::ProfilePage;
    /// 連携医療機関・連絡先.
    PartnersRoute => partners::PartnersPage;
    /// メモ.
    MemoRoute => memo::MemoPage;
    /// Share with the doctor.
    ShareRoute => share::SharePage;
    /// Settings: language, vault, backup, demo.
    SettingsRoute => settings::SettingsPage;
    /// Provider (doctor) mode.
    ProviderRoute => provider::ProviderPage;
}

/// Shown for a path that is no page.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1>{tr(K::page_not_found_title)}</h1>
        <p>{tr(K::page_not_found_body)}</p>
        <p><A href=Page::Home.href() attr:class="button">{tr(K::page_not_found_home)}</A></p>
    }
}
