//! Visit records (受診記録 / 様式2): what was done at each visit, newest first.

use karte_core::i18n::K;
use karte_core::pathway::Place;
use karte_core::record::{Author, Current, RecordView, VisitRecord};
use leptos::prelude::*;

use crate::components::page::RecordPage;
use crate::i18n::{tr, use_i18n};
use crate::labels;
use crate::components::record_form::{EntryForm, InputKind, Lens, SelectField, TextField};
use crate::present::{dates, text};
use crate::present::forms::PatientVisitForm;
use crate::routes::Page;
use crate::state::use_record;

/// The visits page.
#[component]
pub fn VisitsPage() -> impl IntoView {
    let record = use_record();
    let list = |visits: Vec<Current<VisitRecord>>| {
        let cards = visits
            .into_iter()
            .rev()
            .map(|c| {
                let by_patient = c.author == Author::Patient;
                view! { <VisitCard visit=c.value by_patient=by_patient/> }
            })
            .collect_view();
        view! { <ol class="record-list" data-testid="visit-list">{cards}</ol> }
    };
    view! {
        <RecordPage page=Page::Visits empty=K::visits_empty
            content=|v: &RecordView| (!v.visits.is_empty()).then(|| v.visits.clone())
            body=list
            after=move || view! { <Show when=move || record.is_open()><AddVisit/></Show> }/>
    }
}

/// A visit recorded by the patient (the clinic had no equipment): unsigned, marked as theirs.
#[component]
fn AddVisit() -> impl IntoView {
    let form = RwSignal::new(PatientVisitForm::default());
    let to_draft = Callback::new(move |()| form.with(PatientVisitForm::to_draft));
    let on_saved = Callback::new(move |()| form.set(PatientVisitForm::default()));
    let places = vec![(Place::Clinic, labels::place(Place::Clinic)), (Place::Hospital, labels::place(Place::Hospital))];
    view! {
        <section class="card" aria-label=tr(K::rec_visits_by_hand_add)>
            <EntryForm summary=K::rec_visits_by_hand_add to_draft=to_draft on_saved=on_saved testid="visit-form">
                <TextField form=form lens=Lens::new(|f: &PatientVisitForm| &f.date, |f| &mut f.date) label=K::rec_visits_by_hand_date kind=InputKind::Date/>
                <SelectField form=form get=|f: &PatientVisitForm| f.place set=|f: &mut PatientVisitForm, v| f.place = v options=places label=K::rec_visits_by_hand_place/>
                <TextField form=form lens=Lens::new(|f: &PatientVisitForm| &f.institution, |f| &mut f.institution) label=K::rec_visits_by_hand_institution/>
                <TextField form=form lens=Lens::new(|f: &PatientVisitForm| &f.details, |f| &mut f.details) label=K::rec_visits_details kind=InputKind::Multiline/>
            </EntryForm>
        </section>
    }
}

#[component]
fn VisitCard(visit: VisitRecord, by_patient: bool) -> impl IntoView {
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
            {by_patient.then(|| view! { <p class="hint" data-testid="visit-by-patient">{tr(K::rec_visits_by_hand_mark)}</p> })}
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
                    <dd>{move || text::list(i18n.locale(), items.iter().map(|k| i18n.t(*k)))}</dd>
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
