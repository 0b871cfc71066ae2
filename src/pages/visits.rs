//! Visit records (受診記録 / 様式2): what was done at each visit, newest first.

use karte_core::i18n::K;
use karte_core::record::{Current, VisitRecord};
use leptos::prelude::*;

use crate::components::demo_loader::DemoBanner;
use crate::components::page::{EmptyState, PageHeader};
use crate::i18n::{tr, use_i18n};
use crate::labels;
use crate::present::dates;
use crate::routes::Page;
use crate::state::use_record;

/// The visits page.
#[component]
pub fn VisitsPage() -> impl IntoView {
    let record = use_record();
    let list = move || {
        let visits: Vec<Current<VisitRecord>> = record.with_view(|v| v.map(|v| v.visits.clone()).unwrap_or_default());
        if visits.is_empty() {
            return view! { <EmptyState text=K::visits_empty/> }.into_any();
        }
        let cards = visits.into_iter().rev().map(|c| view! { <VisitCard visit=c.value/> }).collect_view();
        view! { <ol class="record-list" data-testid="visit-list">{cards}</ol> }.into_any()
    };
    view! {
        <PageHeader page=Page::Visits/>
        <DemoBanner/>
        {list}
    }
}

#[component]
fn VisitCard(visit: VisitRecord) -> impl IntoView {
    let i18n = use_i18n();
    let date = visit.visit_date;
    let yes_no = |b: bool| if b { K::rec_common_yes } else { K::rec_common_no };
    let done = visit.checklist.iter().filter(|c| c.done).count().to_string();
    let total = visit.checklist.len().to_string();
    let has_checklist = !visit.checklist.is_empty();
    let items: Vec<K> = visit.changed_items.iter().map(|i| labels::changed_item(*i)).collect();
    view! {
        <li class="card visit-card" data-testid="visit">
            <h2 class="visit-title">
                <span>{move || dates::long(i18n.locale(), date)}</span>
                <span class="place-kind">{tr(labels::place(visit.place))}</span>
            </h2>
            <dl class="facts-list">
                <dt>{tr(K::rec_results_place)}</dt>
                <dd>{visit.institution.clone()}</dd>
                {visit.doctor.clone().map(|d| view! { <dt>{tr(K::rec_visits_doctor)}</dt><dd>{d}</dd> })}
                {(!visit.details.is_empty()).then(|| view! {
                    <dt>{tr(K::rec_visits_details)}</dt><dd class="prose">{visit.details.clone()}</dd>
                })}
                {(!visit.remarks.is_empty()).then(|| view! {
                    <dt>{tr(K::rec_visits_remarks)}</dt><dd class="prose">{visit.remarks.clone()}</dd>
                })}
                {visit.next_planned_date.map(|n| view! {
                    <dt>{tr(K::rec_visits_next_planned)}</dt><dd>{move || dates::long(i18n.locale(), n)}</dd>
                })}
                <dt>{tr(K::rec_visits_plan_changed)}</dt>
                <dd class=if visit.plan_changed { "flag-changed" } else { "" }>{tr(yes_no(visit.plan_changed))}</dd>
                {(!items.is_empty()).then(|| view! {
                    <dt>{tr(K::rec_visits_changed_items)}</dt>
                    <dd>{move || items.iter().map(|k| i18n.t(*k)).collect::<Vec<_>>().join(i18n.t(K::rec_common_list_sep))}</dd>
                })}
                <dt>{tr(K::rec_visits_attachments)}</dt>
                <dd>{tr(yes_no(visit.attachments))}</dd>
                {has_checklist.then(|| view! {
                    <dt>{tr(K::rec_visits_checklist)}</dt>
                    <dd>{move || i18n.f(K::rec_visits_checklist_count, &[("done", &done), ("total", &total)])}</dd>
                })}
                {visit.report_date.map(|r| view! {
                    <dt>{tr(K::rec_visits_report_date)}</dt><dd>{move || dates::plain(i18n.locale(), r)}</dd>
                })}
            </dl>
        </li>
    }
}
