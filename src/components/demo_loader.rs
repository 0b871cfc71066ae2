//! The demo: a newcomer opens the record of a fictional patient to try the app, and every page
//! then says it is a demo.

use karte_core::demo;
use karte_core::i18n::K;
use karte_core::vocab::CancerType;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::page::{Choice, RadioGroup};
use crate::i18n::tr;
use crate::labels;
use crate::routes::Page;
use crate::state::{self, use_record, Origin};

/// Settings section: choose a cancer type and open its demo record, then go home.
#[component]
pub fn DemoLoader() -> impl IntoView {
    let record = use_record();
    let navigate = use_navigate();
    let chosen = RwSignal::new(CancerType::Stomach);
    let choices: Vec<Choice<CancerType>> = CancerType::ALL
        .into_iter()
        .map(|c| Choice { value: c, code: c.as_str(), label: labels::cancer(c), lang: None })
        .collect();
    let choices = view! {
        <RadioGroup name="demo-cancer" choices=choices selected=chosen on_select=Callback::new(move |c| chosen.set(c))/>
    };
    let open = move |_| {
        record.open(demo::record(chosen.get_untracked(), state::today()), Origin::Demo);
        navigate(&Page::Home.href(), Default::default());
    };
    view! {
        <section class="card demo-loader" aria-labelledby="demo-h" data-testid="demo-loader">
            <h2 id="demo-h">{tr(K::rec_demo_title)}</h2>
            <p>{tr(K::rec_demo_intro)}</p>
            <fieldset>
                <legend class="field-label">{tr(K::rec_demo_cancer_label)}</legend>
                {choices}
            </fieldset>
            <Show when=move || record.is_open()>
                <p class="hint">{tr(K::rec_demo_replaces)}</p>
            </Show>
            <button type="button" class="button" data-testid="demo-open" on:click=open>
                {tr(K::rec_demo_load)}
            </button>
        </section>
    }
}

/// A banner on every record page while the open record is a demo.
#[component]
pub fn DemoBanner() -> impl IntoView {
    let record = use_record();
    let is_demo = move || {
        record.is_open() && (record.origin() == Origin::Demo || record.with_view(|v| v.is_some_and(|v| v.demo)))
    };
    view! {
        <Show when=is_demo>
            <p class="demo-banner" role="note" data-testid="demo-banner">{tr(K::rec_demo_banner)}</p>
        </Show>
    }
}
