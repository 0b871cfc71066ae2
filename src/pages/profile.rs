//! Profile (患者基礎情報) and treatment information (治療情報), and the form to write or
//! correct the profile (a correction supersedes the old entry).

use karte_core::i18n::K;
use karte_core::record::{ConsentState, Current, Profile, RecordView};
use leptos::prelude::*;

use crate::components::page::{EmptyState, RecordPage};
use crate::components::record_form::{EntryForm, InputKind, Lens, SelectField, TextField};
use crate::i18n::{tr, use_i18n};
use crate::labels;
use crate::pages::jahis::{JahisSection, JahisState};
use crate::present::{dates, schedule, text};
use crate::present::forms::ProfileForm;
use crate::routes::Page;
use crate::state;

/// The profile page.
#[component]
pub fn ProfilePage() -> impl IntoView {
    // Created once per visit of the page, so the medicine notebook import keeps its state when
    // the record changes and the cards are drawn again.
    let jahis = JahisState::new();
    view! {
        <RecordPage page=Page::Profile empty=K::profile_empty
            content=|v: &RecordView| Some(v.clone())
            body=move |v| view! { <ProfileWithRecord view=v jahis=jahis/> }/>
    }
}

#[component]
fn ProfileWithRecord(view: RecordView, jahis: JahisState) -> impl IntoView {
    let profile = view.profile.clone();
    view! {
        <section class="card" aria-labelledby="profile-h" data-testid="profile">
            <h2 id="profile-h">{tr(K::page_profile_title)}</h2>
            {match &profile {
                Some(p) => view! { <ProfileFacts profile=p.clone()/> }.into_any(),
                None => view! { <EmptyState text=K::profile_empty/> }.into_any(),
            }}
            <ProfileEditor current=profile/>
        </section>
        <TreatmentFacts view=view jahis=jahis/>
    }
}

fn list_or_none(items: &[String]) -> impl IntoView {
    if items.is_empty() {
        view! { <span>{tr(K::rec_common_none)}</span> }.into_any()
    } else {
        let lis = items.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view();
        view! { <ul class="plain-list">{lis}</ul> }.into_any()
    }
}

#[component]
fn ProfileFacts(profile: Current<Profile>) -> impl IntoView {
    let i18n = use_i18n();
    let p = profile.value;
    let dob = p.date_of_birth;
    let age = dates::age(dob, state::today()).to_string();
    view! {
        <dl class="facts-list">
            <dt>{tr(K::rec_profile_name)}</dt>
            <dd class="profile-name">
                {p.name.clone()}
                {profile.corrected.then(|| view! { <span class="corrected-mark">{tr(K::rec_profile_corrected)}</span> })}
            </dd>
            <dt>{tr(K::rec_profile_kana)}</dt>
            <dd>{p.kana.clone()}</dd>
            <dt>{tr(K::rec_profile_dob)}</dt>
            <dd>{move || text::aside(i18n.locale(), &dates::plain(i18n.locale(), dob), &i18n.f(K::rec_profile_age, &[("n", &age)]))}</dd>
            <dt>{tr(K::rec_profile_sex)}</dt>
            <dd>{tr(labels::sex(p.sex))}</dd>
            <dt>{tr(K::rec_profile_allergies)}</dt>
            <dd class="allergies">{list_or_none(&p.allergies)}</dd>
            <dt>{tr(K::rec_profile_reactions)}</dt>
            <dd>{list_or_none(&p.adverse_drug_reactions)}</dd>
            <dt>{tr(K::rec_profile_history)}</dt>
            <dd>{list_or_none(&p.past_history)}</dd>
        </dl>
    }
}

#[component]
fn ProfileEditor(current: Option<Current<Profile>>) -> impl IntoView {
    let form = RwSignal::new(ProfileForm::from_profile(current.as_ref().map(|c| &c.value)));
    let current_id = current.as_ref().map(|c| c.id.clone());
    let open = current.is_none();
    let to_draft = Callback::new(move |()| form.with(|f| f.to_draft(state::today(), current_id.clone())));
    let sexes = labels::SEXES.iter().map(|s| (*s, labels::sex(*s))).collect::<Vec<_>>();
    view! {
        <EntryForm summary=K::rec_profile_edit to_draft=to_draft open=open testid="profile-form">
            <TextField form=form lens=Lens::new(|f: &ProfileForm| &f.name, |f| &mut f.name) label=K::rec_profile_name autocomplete="name"/>
            <TextField form=form lens=Lens::new(|f: &ProfileForm| &f.kana, |f| &mut f.kana) label=K::rec_profile_kana/>
            <TextField form=form lens=Lens::new(|f: &ProfileForm| &f.date_of_birth, |f| &mut f.date_of_birth) label=K::rec_profile_dob kind=InputKind::Date autocomplete="bday"/>
            <SelectField form=form get=|f: &ProfileForm| f.sex set=|f: &mut ProfileForm, v| f.sex = v options=sexes label=K::rec_profile_sex/>
            <TextField form=form lens=Lens::new(|f: &ProfileForm| &f.allergies, |f| &mut f.allergies) label=K::rec_profile_allergies kind=InputKind::Multiline hint=K::rec_profile_list_hint/>
            <TextField form=form lens=Lens::new(|f: &ProfileForm| &f.reactions, |f| &mut f.reactions) label=K::rec_profile_reactions kind=InputKind::Multiline hint=K::rec_profile_list_hint/>
            <TextField form=form lens=Lens::new(|f: &ProfileForm| &f.history, |f| &mut f.history) label=K::rec_profile_history kind=InputKind::Multiline hint=K::rec_profile_list_hint/>
        </EntryForm>
    }
}

#[component]
fn TreatmentFacts(view: RecordView, jahis: JahisState) -> impl IntoView {
    let i18n = use_i18n();
    let consent = view.consent_state();
    let consent_text = move || match &consent {
        ConsentState::None => i18n.t(K::rec_profile_consent_none).to_string(),
        ConsentState::Given { date, to_whom } => i18n.f(
            K::rec_profile_consent_given,
            &[("date", &dates::plain(i18n.locale(), *date)), ("to", to_whom)],
        ),
        ConsentState::Withdrawn { date } => {
            i18n.f(K::rec_profile_consent_withdrawn, &[("date", &dates::plain(i18n.locale(), *date))])
        }
    };
    let path = view.plan.as_ref().map(|p| p.path);
    let path_title = move || path.map(|p| labels::path_title(i18n.locale(), p));
    let basis = {
        let view = view.clone();
        move || schedule::plan_basis(&view, i18n.locale())
    };
    let has_basis = schedule::plan_basis(&view, i18n.locale()).is_some();
    let treatment = view.treatment.clone().map(|t| {
        let t = t.value;
        let op = t.operation_date;
        let (cancer, diagnosis) = (labels::cancer(t.cancer), t.diagnosis.clone());
        let admission = t.admission;
        view! {
            <dl class="facts-list">
                <dt>{tr(K::rec_profile_cancer)}</dt>
                <dd>{move || match &diagnosis {
                    Some(d) => text::aside(i18n.locale(), i18n.t(cancer), d),
                    None => i18n.t(cancer).to_string(),
                }}</dd>
                <dt>{tr(K::rec_profile_stage)}</dt>
                <dd>{t.stage.as_str().to_string()}</dd>
                <dt>{tr(K::rec_profile_operation)}</dt>
                <dd>{t.operation.clone()}</dd>
                <dt>{tr(K::rec_profile_operation_date)}</dt>
                <dd>{move || dates::plain(i18n.locale(), op)}</dd>
                {admission.map(|a| view! {
                    <dt>{tr(K::rec_profile_admission)}</dt>
                    <dd>{move || dates::range(i18n.locale(), a.from, a.to)}</dd>
                })}
                <dt>{tr(K::rec_profile_hospital)}</dt>
                <dd>{t.planning_hospital.clone()}</dd>
                <dt>{tr(K::rec_profile_clinic)}</dt>
                <dd>{t.partner_clinic.clone()}</dd>
                <dt>{tr(K::rec_profile_path)}</dt>
                <dd>{path_title}</dd>
                {has_basis.then(|| view! {
                    <dt>{tr(K::rec_profile_basis)}</dt>
                    <dd>{basis.clone()}</dd>
                })}
            </dl>
        }
    });
    let today = state::today();
    let no_meds = view.medications_on(today).next().is_none();
    let meds = view
        .medications_on(today)
        .map(|m| {
            let author = m.author.clone();
            let m = m.value.clone();
            let start = m.start;
            let imported = m.clone();
            let source = move || {
                crate::present::jahis::source(i18n.locale(), &imported, &author)
                    .map(|s| view! { <span class="med-from" data-testid="med-source">{s}</span> })
            };
            view! {
                <li class="med">
                    <span class="med-name">{m.name.clone()}</span>
                    <span class="med-dose">{m.dose.clone()}</span>
                    <span class="med-from">{move || i18n.f(K::rec_profile_med_from, &[("date", &dates::plain(i18n.locale(), start))])}</span>
                    {source}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="treatment-h">
            <h2 id="treatment-h">{tr(K::rec_profile_treatment_title)}</h2>
            {treatment}
        </section>
        <section class="card" aria-labelledby="meds-h">
            <h2 id="meds-h">{tr(K::rec_profile_meds_title)}</h2>
            {no_meds.then(|| view! { <p>{tr(K::rec_common_none)}</p> })}
            <ul class="plain-list meds" data-testid="meds">{meds}</ul>
            <JahisSection state=jahis/>
        </section>
        <section class="card" aria-labelledby="consent-h">
            <h2 id="consent-h">{tr(K::rec_profile_consent_title)}</h2>
            <p>{consent_text}</p>
        </section>
    }
}
