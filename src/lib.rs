//! 私のカルテ (Watashi no Karte): the app. The domain lives in `karte-core`; this crate is the
//! user interface (Leptos, client-side rendered) and the one thin layer over browser APIs
//! (`platform`). `start` is the entry point the browser calls once the module is loaded.
#![forbid(unsafe_code)]

pub mod components;
pub mod i18n;
pub mod labels;
pub mod pages;
pub mod platform;
pub mod present;
pub mod routes;
pub mod state;
pub mod vault;

use components::layout::Shell;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::StaticSegment;
use routes::Page;

/// The whole app: locale context, router, the shell, and one route per page.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    let record = state::RecordCtx::new();
    provide_context(record);
    vault::provide_vault(record);
    let not_found = || view! { <pages::NotFound/> };
    view! {
        <Router>
            <Shell>
                <Routes fallback=not_found>
                    <Route path=StaticSegment(Page::Home.segment()) view=pages::home::HomePage/>
                    <Route path=StaticSegment(Page::Schedule.segment()) view=pages::schedule::SchedulePage/>
                    <Route path=StaticSegment(Page::Visits.segment()) view=pages::visits::VisitsPage/>
                    <Route path=StaticSegment(Page::Results.segment()) view=pages::results::ResultsPage/>
                    <Route path=StaticSegment(Page::More.segment()) view=pages::more::MorePage/>
                    <Route path=StaticSegment(Page::Profile.segment()) view=pages::profile::ProfilePage/>
                    <Route path=StaticSegment(Page::Partners.segment()) view=pages::partners::PartnersPage/>
                    <Route path=StaticSegment(Page::Memo.segment()) view=pages::memo::MemoPage/>
                    <Route path=StaticSegment(Page::Share.segment()) view=pages::share::SharePage/>
                    <Route path=StaticSegment(Page::Settings.segment()) view=pages::settings::SettingsPage/>
                    <Route path=StaticSegment(Page::Provider.segment()) view=pages::provider::ProviderPage/>
                </Routes>
            </Shell>
        </Router>
    }
}

/// Called by the browser when the WebAssembly module starts. In the key-derivation worker
/// (no `window`) there is nothing to mount.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    if web_sys::window().is_some() {
        leptos::mount::mount_to_body(App);
    }
}

/// The key-derivation worker's entry (`public/kdf-worker.js`): Argon2id of `passphrase` with
/// `salt` and the parameters, which must be within the vault's accepted range.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn kdf_derive(passphrase: String, salt: Vec<u8>, m: u32, t: u32, p: u32) -> Result<Vec<u8>, wasm_bindgen::JsValue> {
    use karte_core::vault::{KdfParams, Passphrase, VaultKey};
    let fail = |what: &str| wasm_bindgen::JsValue::from_str(what);
    let params = KdfParams::new(m, t, p).map_err(|_| fail("parameters out of range"))?;
    let salt: [u8; 16] = salt.as_slice().try_into().map_err(|_| fail("salt must be 16 bytes"))?;
    let key = VaultKey::derive(&Passphrase::new(passphrase), &params, salt).map_err(|_| fail("derivation failed"))?;
    Ok(key.to_bytes().to_vec())
}
