//! Self-care guidance (療養の注意事項) as the patient reads it: sections marked by how soon to
//! act, the sources, and the emergency steps with the record's own phone numbers.

use karte_core::guidance::{self, Guidance, Section, Source, Urgency};
use karte_core::i18n::K;
use karte_core::record::Phone;
use leptos::prelude::*;

use crate::i18n::{tr, use_i18n};
use crate::present::home::{self, Emergency};

/// The CSS modifier of an urgency (`call-now`, `call-soon`, `info`).
pub fn urgency_class(u: Urgency) -> &'static str {
    match u {
        Urgency::CallNow => "call-now",
        Urgency::CallSoon => "call-soon",
        Urgency::Info => "info",
    }
}

#[component]
fn GuideSection(section: Section) -> impl IntoView {
    let class = format!("guide-section urgency-{}", urgency_class(section.urgency));
    let items = section.items.iter().map(|k| view! { <li>{tr(*k)}</li> }).collect_view();
    view! {
        <div class=class>
            <h4 class="guide-section-title">
                <span class="urgency-badge">{tr(section.urgency.label())}</span>
                <span>{tr(section.title)}</span>
            </h4>
            <ul class="guide-items">{items}</ul>
        </div>
    }
}

#[component]
fn SourceItem(source: Source) -> impl IntoView {
    let i18n = use_i18n();
    let year = move || match source.year {
        Some(y) => i18n.f(K::rec_guide_year, &[("year", &y.to_string())]),
        None => i18n.t(guidance::YEAR_UNKNOWN).to_string(),
    };
    let title = match source.url {
        Some(url) => view! {
            <a class="source-link" href=url target="_blank" rel="noopener noreferrer">{tr(source.title)}</a>
        }
        .into_any(),
        None => view! { <span class="source-title">{tr(source.title)}</span> }.into_any(),
    };
    view! {
        <li class="source">
            {title}
            <span class="source-meta">{tr(source.publisher)}" · "{year}</span>
        </li>
    }
}

/// One guidance topic: its title (an `<h3>`), its sections, and its sources.
#[component]
pub fn GuidanceBlock(
    /// The guidance to show.
    guidance: Guidance,
) -> impl IntoView {
    let sections = guidance.sections.iter().map(|s| view! { <GuideSection section=*s/> }).collect_view();
    let sources = guidance.sources.iter().map(|s| view! { <SourceItem source=*s/> }).collect_view();
    view! {
        <div class="guide">
            <h3 class="guide-title">{tr(guidance.title)}</h3>
            {sections}
            <h4 class="guide-sources-title">{tr(guidance::SOURCES_TITLE)}</h4>
            <ul class="sources">{sources}</ul>
        </div>
    }
}

/// A tap-to-call button (large) showing what it does and the number, or nothing without a
/// number.
#[component]
pub fn CallButton(
    /// The number.
    phone: Option<Phone>,
    /// What the button says.
    label: K,
    /// Extra CSS class.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    phone.map(|p| {
        view! {
            <a class=format!("button call-button {class}") href=p.tel_uri()>
                <span class="call-label">{tr(label)}</span>
                <span class="call-number">{p.to_string()}</span>
            </a>
        }
    })
}

/// The emergency steps, filled with the record's clinic and hospital, with call buttons.
#[component]
pub fn EmergencySteps(
    /// Whom to call.
    emergency: Emergency,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = emergency.clone();
    let steps = move || {
        home::emergency_steps(i18n.locale(), &e).into_iter().map(|s| view! { <li>{s}</li> }).collect_view()
    };
    let clinic = emergency.clinic.and_then(|c| c.phone);
    let hospital = emergency.hospital.and_then(|c| c.phone);
    view! {
        <ol class="steps emergency-steps" data-testid="emergency-steps">{steps}</ol>
        <div class="call-row">
            <CallButton phone=clinic label=K::rec_home_emergency_call_clinic/>
            <CallButton phone=hospital label=K::rec_home_emergency_call_hospital class="button-secondary"/>
        </div>
    }
}
