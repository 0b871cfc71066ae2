//! The patient copies the care plan from the paper booklet (see `present::plan_copy`): a
//! disclosure on the schedule page, open when there is no plan yet.

use karte_core::i18n::K;
use karte_core::vocab::{CancerType, PathId};
use leptos::prelude::*;

use crate::components::record_form::{InputKind, Lens, TextField};
use crate::i18n::{tr, use_i18n};
use crate::labels;
use crate::platform;
use crate::present::plan_copy::PlanCopyForm;
use crate::state::use_record;

/// The form; `open` shows it unfolded (no plan yet).
#[component]
pub fn PlanCopy(open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let record = use_record();
    let form = RwSignal::new(PlanCopyForm::default());
    let outcome = RwSignal::new(None::<(bool, K)>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form.get_untracked();
        let Some(view) = record.view() else { return };
        let drafts = match f.drafts(&view) {
            Ok(d) => d,
            Err(k) => return outcome.set(Some((false, k))),
        };
        let device = platform::device_id();
        // All or nothing: the plan and its partners append together.
        let done = record.change(|r| {
            let mut next = r.clone();
            for d in drafts {
                let id = next.next_entry_id(device.as_str());
                next.append(d.into_entry(id, platform::now())).map_err(|e| labels::append_error(&crate::state::AppendError::Invalid(e)))?;
            }
            *r = next;
            Ok::<(), K>(())
        });
        match done {
            Some(Ok(())) => {
                form.set(PlanCopyForm::default());
                outcome.set(Some((true, K::copy_saved)));
            }
            Some(Err(k)) => outcome.set(Some((false, k))),
            None => {}
        }
    };
    view! {
        <details class="card plan-copy" open=open data-testid="plan-copy">
            <summary class="form-summary">{tr(K::copy_title)}</summary>
            <p>{tr(K::copy_how)}</p>
            <form on:submit=save>
                <div class="field">
                    <label class="field-label" for="copy-path">{tr(K::copy_path)}</label>
                    <select id="copy-path" class="field-input" data-testid="copy-path" on:change=move |e| {
                        let v = event_target_value(&e);
                        form.update(|f| f.path = PathId::parse(&v));
                    }>
                        <option value="" selected=move || form.with(|f| f.path.is_none())>{tr(K::plan_path_choose)}</option>
                        {CancerType::ALL.into_iter().map(|c| view! {
                            <optgroup label=move || i18n.t(labels::cancer(c)).to_string()>
                                {c.paths().map(|p| view! {
                                    <option value=p.as_str() selected=move || form.with(|f| f.path == Some(p))>{move || labels::path_title(i18n.locale(), p)}</option>
                                }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                </div>
                <TextField form=form lens=Lens::new(|f: &PlanCopyForm| &f.operation_date, |f| &mut f.operation_date) label=K::copy_operation_date kind=InputKind::Date/>
                <Show when=move || form.with(|f| f.path.is_some_and(|p| p.oral_drugs().len() > 1))>
                    <div class="field">
                        <label class="field-label" for="copy-drug">{tr(K::copy_drug)}</label>
                        <select id="copy-drug" class="field-input" data-testid="copy-drug" on:change=move |e| {
                            let v = event_target_value(&e);
                            form.update(|f| f.drug = f.path.and_then(|p| p.oral_drugs().iter().copied().find(|d| d.as_str() == v)));
                        }>
                            <option value="" selected=move || form.with(|f| f.drug.is_none())>{tr(K::plan_drug_choose)}</option>
                            {move || form.with(|f| f.path.map(PathId::oral_drugs).unwrap_or_default()).iter().copied().map(|d| view! {
                                <option value=d.as_str() selected=move || form.with(|f| f.drug == Some(d))>{tr(labels::drug(d))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <TextField form=form lens=Lens::new(|f: &PlanCopyForm| &f.drug_start, |f| &mut f.drug_start) label=K::copy_drug_start kind=InputKind::Date/>
                <TextField form=form lens=Lens::new(|f: &PlanCopyForm| &f.hospital, |f| &mut f.hospital) label=K::copy_hospital/>
                <TextField form=form lens=Lens::new(|f: &PlanCopyForm| &f.hospital_phone, |f| &mut f.hospital_phone) label=K::copy_hospital_phone kind=InputKind::Tel/>
                <TextField form=form lens=Lens::new(|f: &PlanCopyForm| &f.clinic, |f| &mut f.clinic) label=K::copy_clinic/>
                <TextField form=form lens=Lens::new(|f: &PlanCopyForm| &f.clinic_phone, |f| &mut f.clinic_phone) label=K::copy_clinic_phone kind=InputKind::Tel/>
                {move || outcome.get().map(|(ok, k)| view! {
                    <p class=if ok { "notice notice-ok" } else { "notice notice-error" } role="status" data-testid="copy-outcome">{tr(k)}</p>
                })}
                <button type="submit" class="button" data-testid="copy-save">{tr(K::copy_save)}</button>
            </form>
        </details>
    }
}
