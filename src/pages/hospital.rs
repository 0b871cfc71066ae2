//! What only the planning hospital does in provider mode: register its partner institutions
//! (their cards), plan a new patient and issue the booklet, print 様式1. The form's logic is in
//! `present::planning`; these components bind it.

use karte_core::i18n::K;
use karte_core::pathway::{Depth, Place, Site, Test};
use karte_core::record::{Consenter, Sex, Stage};
use karte_core::schedule::VisitId;
use karte_core::share::exchange::{self, OpenedShare};
use karte_core::share::{MessageKind, Mode, ProviderCard, ProviderIdentity, Sender, Written};
use karte_core::vault::os_entropy;
use karte_core::vocab::{CancerType, PathId};
use leptos::prelude::*;

use crate::components::scanner::{Message, Scanner};
use crate::i18n::{tr, use_i18n};
use crate::labels;
use crate::platform;
use crate::present::dates;
use crate::present::planning::{clinics, PlanningForm};
use crate::state::{use_record, RecordCtx};

/// The provider's registered partners' cards (tracked).
pub fn registered(record: RecordCtx) -> Vec<ProviderCard> {
    record.record().and_then(|r| r.sharing.provider).map(|p| p.registered()).unwrap_or_default()
}

/// The hospital's registered partner institutions: scan a card to add, remove one.
#[component]
pub fn PartnerRegistry() -> impl IntoView {
    let i18n = use_i18n();
    let record = use_record();
    let notice = RwSignal::new(None::<(bool, String)>);
    let round = RwSignal::new(0u32);
    let cards = move || registered(record);
    let on_message = Callback::new(move |(_, _, m): Message| {
        let got = record.change(|r| r.sharing.provider.as_mut().map(|p| p.register(&m, platform::now())));
        match got.flatten() {
            Some(Ok(card)) => notice.set(Some((true, i18n.f(K::reg_added, &[("institution", &card.identity.institution)])))),
            _ => notice.set(Some((false, i18n.t(K::reg_not_card).to_string()))),
        }
        round.update(|n| *n += 1);
    });
    let remove = move |institution: String| {
        record.change(|r| {
            if let Some(p) = &mut r.sharing.provider {
                p.unregister(&institution);
            }
        });
        notice.set(Some((true, i18n.f(K::reg_removed, &[("institution", &institution)]))));
    };
    view! {
        <section class="card no-print" aria-labelledby="reg-title" data-testid="registry">
            <h2 id="reg-title">{tr(K::reg_title)}</h2>
            <p>{tr(K::reg_how)}</p>
            {move || notice.get().map(|(ok, text)| view! {
                <p class=if ok { "notice notice-ok" } else { "notice notice-error" } role="status" data-testid="registry-notice">{text}</p>
            })}
            <Show when=move || !cards().is_empty() fallback=|| view! { <p>{tr(K::reg_empty)}</p> }>
                <ul class="registry" data-testid="registry-list">
                    {move || cards().into_iter().map(|c| {
                        let institution = c.identity.institution.clone();
                        view! {
                            <li>
                                <strong>{c.identity.institution.clone()}</strong>" "{tr(labels::role(c.identity.role))}" "
                                <span class="fingerprint">{c.fingerprint()}</span>" "
                                <button type="button" class="button button-secondary" on:click=move |_| remove(institution.clone())>{tr(K::reg_remove)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
            {move || { round.get(); view! { <Scanner expect=MessageKind::Card on_message=on_message id="reg-scan"/> } }}
        </section>
    }
}

/// What issuing produced: the frames to show and the form it came from (for 様式1).
pub type Issued = (Vec<String>, PlanningForm);

/// Plans a new patient and issues the booklet (signed, sealed to the patient's key).
#[component]
pub fn PlanningPanel(share: OpenedShare, identity: ProviderIdentity, form: RwSignal<PlanningForm>, on_issued: Callback<Issued>) -> impl IntoView {
    let i18n = use_i18n();
    let record = use_record();
    let error = RwSignal::new(None::<K>);
    let share = StoredValue::new(share);
    let identity = StoredValue::new(identity);
    let cards = move || registered(record);
    // A refusal stands until the form changes.
    Effect::new(move |_| {
        form.track();
        error.set(None);
    });
    let issue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(profile) = record.record_untracked().and_then(|r| r.sharing.provider) else { return };
        let f = form.get_untracked();
        let booklet = match identity.with_value(|id| f.booklet(id, &profile.registered())) {
            Ok(b) => b,
            Err(p) => return error.set(Some(p.key())),
        };
        let drafts = share.with_value(|s| booklet.drafts(&s.bundle));
        let card = profile.card();
        let out = share.with_value(|s| exchange::answer_keeping(s, &card, &profile.keys, MessageKind::Issue, drafts, false, platform::now(), &mut os_entropy));
        let Ok((out, entries)) = out else { return error.set(Some(K::sharing_err_seal)) };
        let Ok(sender) = Sender::new(out.kind, out.transfer, &out.message, Mode::Camera) else { return error.set(Some(K::sharing_err_seal)) };
        let share_id = share.with_value(|s| s.share_id);
        record.change(|r| {
            if let Some(p) = &mut r.sharing.provider {
                p.written.push(Written { at: platform::now(), patient: f.name.trim().to_string(), share_id, entries });
            }
        });
        error.set(None);
        on_issued.run((sender.animation(), f));
    };
    let text = move |label: K, get: fn(&PlanningForm) -> &String, set: fn(&mut PlanningForm) -> &mut String, kind: &'static str, id: &'static str| view! {
        <label class="field">
            <span>{tr(label)}</span>
            <input type=kind data-testid=id prop:value=move || form.with(|f| get(f).clone()) on:input=move |e| form.update(|f| *set(f) = event_target_value(&e))/>
        </label>
    };
    let area = move |label: K, get: fn(&PlanningForm) -> &String, set: fn(&mut PlanningForm) -> &mut String, id: &'static str| view! {
        <label class="field">
            <span>{tr(label)}</span>
            <textarea data-testid=id prop:value=move || form.with(|f| get(f).clone()) on:input=move |e| form.update(|f| *set(f) = event_target_value(&e))></textarea>
        </label>
    };
    let paths = move || form.with(PlanningForm::paths);
    let schedule_rows = move || form.with(|f| f.generated()).map(|p| p.visits).unwrap_or_default();
    view! {
        <form class="planning-form no-print" data-testid="planning-form" on:submit=issue>
            <h3>{tr(K::plan_title)}</h3>
            <p>{tr(K::plan_how)}</p>
            <fieldset>
                <legend>{tr(K::plan_patient)}</legend>
                {text(K::plan_name, |f| &f.name, |f| &mut f.name, "text", "pl-name")}
                {text(K::plan_kana, |f| &f.kana, |f| &mut f.kana, "text", "pl-kana")}
                {text(K::plan_dob, |f| &f.date_of_birth, |f| &mut f.date_of_birth, "date", "pl-dob")}
                <label class="field">
                    <span>{tr(K::plan_sex)}</span>
                    <select data-testid="pl-sex" on:change=move |e| {
                        let v = event_target_value(&e);
                        form.update(|f| f.sex = [Sex::Female, Sex::Male, Sex::Unspecified].into_iter().find(|s| format!("{s:?}") == v).unwrap_or(Sex::Unspecified));
                    }>
                        {[Sex::Unspecified, Sex::Female, Sex::Male].into_iter().map(|s| view! {
                            <option value=format!("{s:?}") selected=move || form.with(|f| f.sex == s)>{tr(labels::sex(s))}</option>
                        }).collect_view()}
                    </select>
                </label>
                {area(K::plan_allergies, |f| &f.allergies, |f| &mut f.allergies, "pl-allergies")}
                {area(K::plan_reactions, |f| &f.reactions, |f| &mut f.reactions, "pl-reactions")}
                {text(K::plan_patient_number, |f| &f.patient_number, |f| &mut f.patient_number, "text", "pl-number")}
            </fieldset>
            <fieldset>
                <legend>{tr(K::plan_treatment)}</legend>
                <label class="field">
                    <span>{tr(K::plan_cancer)}</span>
                    <select data-testid="pl-cancer" on:change=move |e| {
                        let v = event_target_value(&e);
                        if let Some(c) = CancerType::ALL.into_iter().find(|c| c.as_str() == v) { form.update(|f| f.set_cancer(c)); }
                    }>
                        {CancerType::ALL.into_iter().map(|c| view! {
                            <option value=c.as_str() selected=move || form.with(|f| f.cancer == c)>{tr(labels::cancer(c))}</option>
                        }).collect_view()}
                    </select>
                </label>
                {text(K::plan_diagnosis, |f| &f.diagnosis, |f| &mut f.diagnosis, "text", "pl-diagnosis")}
                <label class="field">
                    <span>{tr(K::plan_stage)}</span>
                    <select data-testid="pl-stage" on:change=move |e| {
                        let v = event_target_value(&e);
                        form.update(|f| f.stage = Stage::parse(&v));
                    }>
                        {Stage::KNOWN.iter().cloned().map(|s| {
                            let value = s.as_str().to_string();
                            let label = format!("Stage {}", s.as_str());
                            view! { <option value=value selected=move || form.with(|f| f.stage == s)>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                {text(K::plan_operation, |f| &f.operation, |f| &mut f.operation, "text", "pl-operation")}
                {text(K::plan_operation_date, |f| &f.operation_date, |f| &mut f.operation_date, "date", "pl-operation-date")}
                {text(K::plan_admission_from, |f| &f.admission_from, |f| &mut f.admission_from, "date", "pl-admission-from")}
                {text(K::plan_admission_to, |f| &f.admission_to, |f| &mut f.admission_to, "date", "pl-admission-to")}
            </fieldset>
            <fieldset>
                <legend>{tr(K::plan_path)}</legend>
                {move || (!paths().1).then(|| view! { <p class="notice notice-warn">{tr(K::plan_outside)}</p> })}
                <label class="field">
                    <span>{tr(K::plan_path)}</span>
                    <select data-testid="pl-path" on:change=move |e| {
                        let v = event_target_value(&e);
                        form.update(|f| f.set_path(PathId::parse(&v)));
                    }>
                        <option value="" selected=move || form.with(|f| f.path.is_none())>{tr(K::plan_path_choose)}</option>
                        {move || paths().0.into_iter().map(|p| view! {
                            <option value=p.as_str() selected=move || form.with(|f| f.path == Some(p))>{labels::path_title(i18n.locale(), p)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <Show when=move || form.with(|f| f.cancer == CancerType::Colorectal)>
                    <label class="field">
                        <span>{tr(K::plan_site)}</span>
                        <select data-testid="pl-site" on:change=move |e| {
                            let v = event_target_value(&e);
                            form.update(|f| f.site = match v.as_str() { "colon" => Some(Site::Colon), "rectum" => Some(Site::Rectum), _ => None });
                        }>
                            <option value="" selected=move || form.with(|f| f.site.is_none())>{tr(K::plan_site_unknown)}</option>
                            <option value="colon" selected=move || form.with(|f| f.site == Some(Site::Colon))>{tr(K::plan_site_colon)}</option>
                            <option value="rectum" selected=move || form.with(|f| f.site == Some(Site::Rectum))>{tr(K::plan_site_rectum)}</option>
                        </select>
                    </label>
                    <label class="field">
                        <span>{tr(K::plan_depth)}</span>
                        <select data-testid="pl-depth" on:change=move |e| {
                            let v = event_target_value(&e);
                            form.update(|f| f.depth = match v.as_str() { "t1" => Some(Depth::T1), "t2" => Some(Depth::T2), _ => None });
                        }>
                            <option value="" selected=move || form.with(|f| f.depth.is_none())>{tr(K::plan_site_unknown)}</option>
                            <option value="t1" selected=move || form.with(|f| f.depth == Some(Depth::T1))>{tr(K::plan_depth_t1)}</option>
                            <option value="t2" selected=move || form.with(|f| f.depth == Some(Depth::T2))>{tr(K::plan_depth_t2)}</option>
                        </select>
                    </label>
                </Show>
                <Show when=move || form.with(|f| !f.drug_choices().is_empty())>
                    <label class="field">
                        <span>{tr(K::plan_drug)}</span>
                        <select data-testid="pl-drug" on:change=move |e| {
                            let v = event_target_value(&e);
                            form.update(|f| f.drug = f.drug_choices().iter().copied().find(|d| d.as_str() == v));
                        }>
                            <option value="" selected=move || form.with(|f| f.drug.is_none())>{tr(K::plan_drug_choose)}</option>
                            {move || form.with(|f| f.drug_choices()).iter().copied().map(|d| view! {
                                <option value=d.as_str() selected=move || form.with(|f| f.drug == Some(d))>{tr(labels::drug(d))}</option>
                            }).collect_view()}
                        </select>
                    </label>
                </Show>
                <Show when=move || form.with(PlanningForm::drug_path)>
                    {text(K::plan_drug_start, |f| &f.drug_start, |f| &mut f.drug_start, "date", "pl-drug-start")}
                </Show>
            </fieldset>
            <fieldset class="plan-schedule">
                <legend>{tr(K::plan_schedule)}</legend>
                <p>{tr(K::plan_schedule_how)}" "{move || i18n.f(K::plan_visits_count, &[("n", &schedule_rows().len().to_string())])}</p>
                <div class="plan-table-wrap">
                    <table class="plan-table" data-testid="pl-schedule">
                        <thead><tr>
                            <th scope="col">{tr(K::plan_col_date)}</th><th scope="col">{tr(K::plan_col_place)}</th>
                            <th scope="col">{tr(K::plan_col_tests)}</th><th scope="col">{tr(K::plan_col_cancel)}</th><th scope="col">{tr(K::plan_col_add)}</th>
                        </tr></thead>
                        <tbody>
                            {move || schedule_rows().into_iter().map(|v| view! { <ScheduleRow visit_id=v.id.clone() date=v.date place=v.place tests=v.tests.clone() form=form/> }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {text(K::plan_adjust_reason, |f| &f.adjust_reason, |f| &mut f.adjust_reason, "text", "pl-adjust-reason")}
            </fieldset>
            <fieldset>
                <legend>{tr(K::plan_clinic)}</legend>
                {move || {
                    let all = cards();
                    let choices: Vec<ProviderCard> = clinics(&all).into_iter().cloned().collect();
                    if choices.is_empty() {
                        view! { <p class="notice notice-warn" data-testid="pl-no-clinic">{tr(K::plan_clinic_none)}</p> }.into_any()
                    } else {
                        view! {
                            <label class="field">
                                <span>{tr(K::plan_clinic)}</span>
                                <select data-testid="pl-clinic" on:change=move |e| form.update(|f| f.clinic = event_target_value(&e))>
                                    <option value="" selected=move || form.with(|f| f.clinic.is_empty())>{tr(K::plan_path_choose)}</option>
                                    {choices.into_iter().map(|c| {
                                        let name = c.identity.institution.clone();
                                        let (n2, label) = (name.clone(), name.clone());
                                        view! { <option value=name selected=move || form.with(|f| f.clinic == n2)>{label}</option> }
                                    }).collect_view()}
                                </select>
                            </label>
                        }.into_any()
                    }
                }}
            </fieldset>
            <fieldset>
                <legend>{tr(K::plan_consent)}</legend>
                {text(K::plan_consent_date, |f| &f.consent_date, |f| &mut f.consent_date, "date", "pl-consent-date")}
                <label class="field">
                    <span>{tr(K::plan_consent_by)}</span>
                    <select data-testid="pl-consent-by" on:change=move |e| {
                        let family = event_target_value(&e) == "family";
                        form.update(|f| f.consent_by = if family { Consenter::Family } else { Consenter::Patient });
                    }>
                        <option value="patient" selected=move || form.with(|f| f.consent_by == Consenter::Patient)>{tr(K::plan_by_patient)}</option>
                        <option value="family" selected=move || form.with(|f| f.consent_by == Consenter::Family)>{tr(K::plan_by_family)}</option>
                    </select>
                </label>
                <label class="choice">
                    <input type="checkbox" data-testid="pl-billing" checked=move || form.with(|f| f.billing) on:change=move |_| form.update(|f| f.billing = !f.billing)/>
                    <span>{tr(K::plan_billing)}</span>
                </label>
                {text(K::plan_first_clinic, |f| &f.first_clinic_visit, |f| &mut f.first_clinic_visit, "date", "pl-first-clinic")}
                {area(K::plan_remarks, |f| &f.remarks, |f| &mut f.remarks, "pl-remarks")}
            </fieldset>
            {move || error.get().map(|k| view! { <p class="notice notice-error" role="alert" data-testid="pl-error">{tr(k)}</p> })}
            <div class="actions">
                <button type="button" class="button button-secondary" data-testid="form1-print" on:click=move |_| platform::print()>{tr(K::plan_form1_print)}</button>
                <button type="submit" class="button" data-testid="pl-issue">{tr(K::plan_issue)}</button>
            </div>
        </form>
    }
}

/// One visit of the generated schedule, with the hospital's adjustments.
#[component]
fn ScheduleRow(visit_id: VisitId, date: chrono::NaiveDate, place: Place, tests: Vec<Test>, form: RwSignal<PlanningForm>) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(visit_id);
    // Every text follows the language (the rows are drawn once per schedule).
    let tests = StoredValue::new(tests);
    let tests = move || tests.with_value(|ts| ts.iter().map(|t| labels::test(i18n.locale(), t)).collect::<Vec<_>>().join(i18n.t(K::rec_common_list_sep)));
    let added = move || form.with(|f| id.with_value(|v| f.added.iter().filter(|(x, _)| x == v).map(|(_, t)| labels::test(i18n.locale(), t)).collect::<Vec<_>>()));
    let label = move || dates::long(i18n.locale(), date);
    view! {
        <tr class:cancelled=move || form.with(|f| id.with_value(|v| f.cancels.contains(v)))>
            <td>
                <input type="date" aria-label=label data-testid=move || format!("pl-move-{}", id.with_value(|v| v.as_str().to_string()))
                    prop:value=move || form.with(|f| id.with_value(|v| f.moves.get(v).cloned()).unwrap_or_else(|| dates::input_value(date)))
                    on:input=move |e| {
                        let v = event_target_value(&e);
                        form.update(|f| { let key = id.get_value(); if v == dates::input_value(date) { f.moves.remove(&key); } else { f.moves.insert(key, v); } });
                    }/>
            </td>
            <td>{tr(labels::place(place))}</td>
            <td>{tests}{move || added().into_iter().map(|t| view! { <strong>{" + "}{t}</strong> }).collect_view()}</td>
            <td>
                <input type="checkbox" aria-label=move || format!("{} {}", i18n.t(K::plan_col_cancel), label()) data-testid=move || format!("pl-cancel-{}", id.with_value(|v| v.as_str().to_string()))
                    checked=move || form.with(|f| id.with_value(|v| f.cancels.contains(v)))
                    on:change=move |_| form.update(|f| { let key = id.get_value(); if !f.cancels.remove(&key) { f.cancels.insert(key); } })/>
            </td>
            <td>
                <select aria-label=move || format!("{} {}", i18n.t(K::plan_col_add), label()) on:change=move |e| {
                    let v = event_target_value(&e);
                    if v.is_empty() { return; }
                    form.update(|f| { let key = id.get_value(); let t = Test::parse(&v); if !f.added.contains(&(key.clone(), t.clone())) { f.added.push((key, t)); } });
                }>
                    <option value="">{tr(K::plan_add_none)}</option>
                    {Test::KNOWN.iter().map(|t| view! { <option value=t.as_str().to_string()>{move || labels::test(i18n.locale(), t)}</option> }).collect_view()}
                </select>
            </td>
        </tr>
    }
}

/// 様式1 がん地域連携パス運用開始《依頼》届（兼受入確認票）, for print, with the clinic's answer.
#[component]
pub fn Form1(form: RwSignal<PlanningForm>, identity: ProviderIdentity) -> impl IntoView {
    let i18n = use_i18n();
    let record = use_record();
    let identity = StoredValue::new(identity);
    move || {
        let f = form.get();
        let locale = i18n.locale();
        let d = move |x: chrono::NaiveDate| dates::long(locale, x);
        let contact = |id: &ProviderIdentity| {
            [id.phone.as_ref().map(|p| format!("TEL {p}")), id.fax.as_ref().map(|p| format!("FAX {p}"))].into_iter().flatten().collect::<Vec<_>>().join(" ")
        };
        let hospital = identity.with_value(|id| format!("{} {} {}", id.institution, id.name, contact(id)));
        let clinic = record
            .record_untracked()
            .and_then(|r| r.sharing.provider)
            .and_then(|p| p.registered().into_iter().find(|c| c.identity.institution == f.clinic))
            .map(|c| format!("{} {}", c.identity.institution, contact(&c.identity)))
            .unwrap_or_default();
        let admission = match (dates::parse_input(&f.admission_from), dates::parse_input(&f.admission_to)) {
            (Some(a), Some(b)) => dates::range(locale, a, b),
            _ => String::new(),
        };
        // Both choices printed, the one made ticked, as on the paper form.
        let tick = |on: bool| if on { "■" } else { "□" };
        let billing = view! {
            <span>{tick(f.billing)}{tr(K::form1_billing_yes)}</span>" "<span>{tick(!f.billing)}{tr(K::form1_billing_no)}</span>
        };
        view! {
            <article class="form2 form1 print-only-page" data-testid="form1">
                <p class="form2-number">{tr(K::form1_form)}</p>
                <h3 class="form2-title">{tr(K::form1_title)}</h3>
                <table class="form2-table">
                    <tbody>
                        <tr><th>{tr(K::form1_hospital)}</th><td data-testid="form1-hospital">{hospital}</td></tr>
                        <tr><th>{tr(K::form1_clinic)}</th><td data-testid="form1-clinic">{clinic}</td></tr>
                        <tr><th>{tr(K::form1_patient_number)}</th><td>{f.patient_number.clone()}</td></tr>
                        <tr><th>{tr(K::form1_patient)}</th><td data-testid="form1-patient">{f.name.clone()}</td></tr>
                        <tr><th>{tr(K::form1_path)}</th><td>{f.path.map(|p| labels::path_title(locale, p))}</td></tr>
                        <tr><th>{tr(K::form1_admission)}</th><td>{admission}</td></tr>
                        <tr><th>{tr(K::form1_operation)}</th><td>{f.operation.clone()}</td></tr>
                        <tr><th>{tr(K::form1_operation_date)}</th><td>{dates::parse_input(&f.operation_date).map(d)}</td></tr>
                        <tr><th>{tr(K::form1_billing)}</th><td data-testid="form1-billing">{billing}</td></tr>
                        <tr><th>{tr(K::form1_first_visit)}</th><td>{f.first_clinic_date().map(d)}</td></tr>
                        <tr><th>{tr(K::form1_remarks)}</th><td class="form2-text">{f.remarks.clone()}</td></tr>
                    </tbody>
                </table>
                <h4>{tr(K::form1_answer)}</h4>
                <table class="form2-table">
                    <tbody>
                        <tr><th>{tr(K::form1_answer)}</th><td>{tr(K::form1_accept)}</td></tr>
                        <tr><th>{tr(K::form1_doctor)}</th><td class="form2-text"></td></tr>
                        <tr><th>{tr(K::form1_answer_date)}</th><td></td></tr>
                    </tbody>
                </table>
            </article>
        }
    }
}
