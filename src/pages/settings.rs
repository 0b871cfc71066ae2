//! Settings: language, the record's safety (vault), backups, and what build is running.

use crate::components::page::{Choice, PageHeader, RadioGroup};
use crate::components::demo_loader::DemoLoader;
use crate::components::install::InstallGuide;
use crate::components::vault_ui::VaultSettings;
use crate::pages::paper::PaperSection;
use crate::i18n::{tr, use_i18n};
use crate::platform;
use crate::routes::Page;
use karte_core::i18n::{Locale, K};
use leptos::prelude::*;

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let choices: Vec<Choice<Locale>> = Locale::ALL
        .into_iter()
        .map(|l| Choice {
            value: l,
            code: l.code(),
            label: match l {
                Locale::Ja => K::settings_language_ja,
                Locale::En => K::settings_language_en,
            },
            lang: Some(l.code()),
        })
        .collect();
    let choices = view! {
        <RadioGroup name="language" choices=choices selected=Signal::derive(move || i18n.locale()) on_select=Callback::new(move |l| i18n.set(l))/>
    };
    let build = platform::build_id();
    let label = platform::build_label().unwrap_or_default();
    view! {
        <PageHeader page=Page::Settings/>
        <section class="card">
            <fieldset>
                <legend><h2>{tr(K::settings_language)}</h2></legend>
                {choices}
            </fieldset>
        </section>
        <InstallGuide/>
        <VaultSettings/>
        <PaperSection/>
        <DemoLoader/>
        <section class="card">
            <h2>{tr(K::settings_about)}</h2>
            <dl class="facts">
                <dt>{tr(K::settings_build)}</dt>
                <dd data-testid="build-id">{build}</dd>
                <dt>{tr(K::settings_build_label)}</dt>
                <dd data-testid="build-label">{label}</dd>
            </dl>
        </section>
    }
}
