//! Settings: whether the app runs installed and whether storage is persistent, and, until it is
//! installed, why and how to add it to the home screen, with the steps for the patient's own
//! browser (`present::safety::install_guide`).

use crate::i18n::tr;
use crate::platform;
use crate::present::safety::{self, Browser};
use crate::vault::use_vault;
use karte_core::i18n::K;
use leptos::prelude::*;

/// The Share button of iOS Safari: a square open at the top with an arrow pointing up.
const SHARE_ICON: &str = "M8 9H6v12h12V9h-2M12 3v12M8 7l4-4 4 4";
/// "Add to Home Screen": a rounded square with a plus.
const ADD_ICON: &str = "M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zM12 8v8M8 12h8";

#[component]
fn Picture(path: &'static str, label: K) -> impl IntoView {
    view! {
        <svg class="install-picture" viewBox="0 0 24 24" role="img" aria-label=tr(label) fill="none" stroke="currentColor"
            stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
            <path d=path/>
        </svg>
    }
}

/// The installation section of Settings.
#[component]
pub fn InstallGuide() -> impl IntoView {
    let vault = use_vault();
    let installed = platform::installed();
    let (ua, touch) = platform::user_agent();
    let browser = Browser::from_user_agent(&ua, touch);
    let prompt = platform::install_prompt_signal();
    let prompted = RwSignal::new(false);
    let persisted = move || match vault.persisted() {
        Some(true) => tr(K::vault_persist_granted)(),
        Some(false) => tr(K::vault_persist_denied)(),
        None => tr(K::vault_persist_unknown)(),
    };
    let guide = move || {
        safety::install_guide(browser, installed, prompt.get() && !prompted.get()).map(|g| {
            let ios = matches!(g.browser, Browser::IosSafari | Browser::IosOther);
            view! {
                <div data-testid="install-guide" data-browser=format!("{:?}", g.browser)>
                    <p>{tr(K::backup_install_why)}</p>
                    {ios.then(|| view! {
                        <p class="install-pictures" aria-hidden="false">
                            <Picture path=SHARE_ICON label=K::backup_install_picture_share/>
                            " → "
                            <Picture path=ADD_ICON label=K::backup_install_picture_add/>
                        </p>
                    })}
                    <ol class="install-steps" data-testid="install-steps">
                        {g.steps.into_iter().map(|k| view! { <li>{tr(k)}</li> }).collect_view()}
                    </ol>
                    {g.prompt.then(|| view! {
                        <button type="button" class="button" data-testid="install-prompt" on:click=move |_| {
                            platform::show_install_prompt();
                            prompted.set(true);
                        }>
                            {tr(K::backup_install_prompt_button)}
                        </button>
                    })}
                </div>
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="install-h" data-testid="install">
            <h2 id="install-h">{if installed { tr(K::backup_install_status_title) } else { tr(K::backup_install_title) }}</h2>
            {guide}
            <p data-testid="install-status" data-installed=installed.to_string()>
                {if installed { tr(K::backup_install_status_installed) } else { tr(K::backup_install_status_browser) }}
            </p>
            <p data-testid="install-persisted">{persisted}</p>
        </section>
    }
}
