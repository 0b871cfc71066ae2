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
use leptos_router::LazyRoute;

/// A page's chunk could not be fetched (offline before the first load finished, or a new
/// build took over and the old build's files are gone).
#[derive(Debug)]
pub struct ChunkMissing;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkMissing
    }
}

/// Declares `$route`, a lazy route showing the component `$page`, whose code is the chunk
/// `$chunk`. A chunk that cannot be loaded shows [`ChunkMissingPage`] instead of stopping the
/// app (the split point is `fallible`: without it a failed load aborts the whole module).
macro_rules! lazy_page {
    ($($(#[$doc:meta])* $route:ident in $chunk:ident => $page:path;)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $route;

        #[allow(unsafe_code)] // the split point's generated loader
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $chunk() -> Result<AnyView, ChunkMissing> {
            Ok(view! { <$page/> }.into_any())
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            async fn view(_this: Self) -> AnyView {
                $chunk().await.unwrap_or_else(|_| view! { <ChunkMissingPage/> }.into_any())
            }
        }
    )*};
}

lazy_page! {
    /// ホーム: the next visit, what to do, when to call.
    HomeRoute in home_page => home::HomePage;
    /// 予定: the schedule.
    ScheduleRoute in schedule_page => schedule::SchedulePage;
    /// 受診記録: visits.
    VisitsRoute in visits_page => visits::VisitsPage;
    /// 検査結果: results.
    ResultsRoute in results_page => results::ResultsPage;
    /// The "more" menu.
    MoreRoute in more_page => more::MorePage;
    /// 患者基礎情報・治療情報.
    ProfileRoute in profile_page => profile::ProfilePage;
    /// 連携医療機関・連絡先.
    PartnersRoute in partners_page => partners::PartnersPage;
    /// メモ.
    MemoRoute in memo_page => memo::MemoPage;
    /// Share with the doctor.
    ShareRoute in share_page => share::SharePage;
    /// Settings: language, vault, backup, demo.
    SettingsRoute in settings_page => settings::SettingsPage;
    /// Provider (doctor) mode.
    ProviderRoute in provider_page => provider::ProviderPage;
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
