//! One module per page of the booklet. Every page is a lazy route: its code is a separate
//! chunk that the build's wasm-split step cuts out and the browser loads on first visit
//! (precached by the service worker, so this works offline too). The main module holds the
//! shell: header, tab bar, the vault's create/unlock screen, the record in memory.

pub mod home;
pub mod hospital;
pub mod jahis;
pub mod memo;
pub mod more;
pub mod paper;
pub mod partners;
pub mod printout;
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
use leptos_router::LazyRoute;

/// Declares `$route`, a lazy route showing the component `$page` through `$view`, whose code
/// goes into the chunk `$chunk`. Pages that are used together share a chunk: fewer, larger
/// chunks repeat less code (measured: 11 chunks of one page each, 246,587 bytes brotli in all;
/// 4 grouped chunks, 188,405). A chunk that cannot be loaded shows [`ChunkMissingPage`] instead of stopping the
/// app (the split point is `fallible`: without it a failed load aborts the whole module).
macro_rules! lazy_page {
    ($($(#[$doc:meta])* $route:ident, $view:ident in $chunk:ident => $page:path;)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $route;

        #[allow(unsafe_code)] // the split point's generated loader
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $view() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
            Ok(view! { <$page/> }.into_any())
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            async fn view(_this: Self) -> AnyView {
                $view().await.unwrap_or_else(|_| view! { <ChunkMissingPage/> }.into_any())
            }
        }
    )*};
}

lazy_page! {
    /// ホーム: the next visit, what to do, when to call.
    HomeRoute, home_view in home => home::HomePage;
    /// 予定: the schedule.
    ScheduleRoute, schedule_view in record_pages => schedule::SchedulePage;
    /// 受診記録: visits.
    VisitsRoute, visits_view in record_pages => visits::VisitsPage;
    /// 検査結果: results.
    ResultsRoute, results_view in record_pages => results::ResultsPage;
    /// The "more" menu.
    MoreRoute, more_view in menu_pages => more::MorePage;
    /// 患者基礎情報・治療情報.
    ProfileRoute, profile_view in record_pages => profile::ProfilePage;
    /// 連携医療機関・連絡先.
    PartnersRoute, partners_view in record_pages => partners::PartnersPage;
    /// メモ.
    MemoRoute, memo_view in record_pages => memo::MemoPage;
    /// Share with the doctor.
    ShareRoute, share_view in share_pages => share::SharePage;
    /// Settings: language, vault, backup, demo.
    SettingsRoute, settings_view in settings => settings::SettingsPage;
    /// Provider (doctor) mode.
    ProviderRoute, provider_view in share_pages => provider::ProviderPage;
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

/// Shown when a page's code could not be loaded: what happened, that the record is safe, and
/// a reload (which gets the current build).
#[component]
pub fn ChunkMissingPage() -> impl IntoView {
    view! {
        <h1>{tr(K::page_chunk_missing_title)}</h1>
        <p data-testid="chunk-missing">{tr(K::page_chunk_missing_body)}</p>
        <p>
            <button class="button" on:click=|_| crate::platform::reload()>
                {tr(K::page_chunk_missing_reload)}
            </button>
        </p>
    }
}
