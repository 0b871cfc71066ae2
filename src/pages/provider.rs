//! Provider (doctor) mode: the provider's identity and card, reading the patient's record, the
//! doctor's view, recording the visit, the return QR codes and 様式2 printed.

use crate::components::page::PageHeader;
use crate::pages::hospital::{Form1, PartnerRegistry, PlanningPanel};
use crate::present::planning::{list_draft, needs_booklet, PlanningForm};
use crate::components::qr::{screen_module_px, QrCode, QrFrames, QrWhat};
use crate::components::scanner::{Message, Scanner};
use crate::i18n::{tr, use_i18n};
use crate::labels;
use crate::platform;
use crate::present::doctor::{doctor_view, DoctorView};
use crate::present::qr::qr_svg;
use crate::present::sharing::{self, check_label};
use crate::present::visit_form::{decides_completion, plan_next, VisitForm};
use crate::present::{dates, results};
use crate::routes::Page;
use crate::state::{use_record, Origin};
use karte_core::i18n::K;
use karte_core::record::{ChangedItem, EntryBody, FollowUp, PartnerRole, Phone, Variance, VarianceOutcome, VarianceReason, VisitRecord};
use karte_core::share::exchange::{self, OpenedShare};
use karte_core::pathway::Place;
use karte_core::share::{KeptShare, MessageKind, Mode, ProviderIdentity, ProviderKeys, ProviderProfile, Sender, Written};
use karte_core::vault::os_entropy;
use leptos::prelude::*;
use leptos_router::components::A;

/// The provider mode page.
#[component]
pub fn ProviderPage() -> impl IntoView {
    let record = use_record();
    // Only the identity and keys decide what is shown: what the desk writes into the vault
    // (`written`) must not rebuild the desk in the middle of a visit.
    let profile = Memo::new(move |_| {
        record.record().and_then(|r| r.sharing.provider).map(|p| ProviderProfile { written: Vec::new(), kept: Vec::new(), partners: Vec::new(), ..p })
    });
    view! {
        <div class="provider-mode">
            <PageHeader page=Page::Provider/>
            // A provider's keys belong in its own vault: never in a demo, which is not saved.
            <Show when=move || record.is_open() && record.origin() == Origin::Vault fallback=|| view! { <p>{tr(K::prov_needs_vault)}</p> }>
                {move || match profile.get() {
                    None => view! { <ProviderSetup/> }.into_any(),
                    Some(p) => {
                        let hospital = p.identity.role == PartnerRole::PlanningHospital;
                        view! { <VisitDesk profile=p.clone()/>{hospital.then(|| view! { <PartnerRegistry/> })}<ProviderCardView profile=p/> }.into_any()
                    }
                }}
            </Show>
            <p class="no-print"><A href=Page::Home.href() attr:class="button button-secondary">{tr(K::provider_back)}</A></p>
        </div>
    }
}

/// Creates the provider's identity and keys (kept in this device's vault).
#[component]
fn ProviderSetup() -> impl IntoView {
    let record = use_record();
    let name = RwSignal::new(String::new());
    let institution = RwSignal::new(String::new());
    let role = RwSignal::new(PartnerRole::PartnerClinic);
    let department = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let fax = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<K>);
    let roles = [PartnerRole::PartnerClinic, PartnerRole::PlanningHospital, PartnerRole::Pharmacy, PartnerRole::NursingStation, PartnerRole::HomeCareClinic];
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (n, i) = (name.get_untracked().trim().to_string(), institution.get_untracked().trim().to_string());
        if n.is_empty() || i.is_empty() {
            return error.set(Some(K::prov_err_required));
        }
        let opt_phone = |s: String| Some(Phone(s.trim().to_string())).filter(|p| !p.0.is_empty());
        let identity = ProviderIdentity {
            name: n,
            institution: i,
            role: role.get_untracked(),
            department: department.get_untracked().trim().to_string(),
            phone: opt_phone(phone.get_untracked()),
            fax: opt_phone(fax.get_untracked()),
            institution_code: Some(code.get_untracked().trim().to_string()).filter(|c| !c.is_empty()),
        };
        if [&identity.phone, &identity.fax].into_iter().flatten().any(|p| !p.is_valid()) {
            return error.set(Some(K::prov_err_phone));
        }
        let Ok(keys) = ProviderKeys::generate(&mut os_entropy) else { return error.set(Some(K::sharing_err_seal)) };
        record.change(|r| r.sharing.provider = Some(ProviderProfile { identity, keys, written: Vec::new(), kept: Vec::new(), partners: Vec::new() }));
    };
    let field = move |label: K, value: RwSignal<String>, id: &'static str| view! {
        <label class="field">
            <span>{tr(label)}</span>
            <input type="text" data-testid=id prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))/>
        </label>
    };
    view! {
        <section class="card" aria-labelledby="setup-title">
            <h2 id="setup-title">{tr(K::prov_setup_title)}</h2>
            <p>{tr(K::prov_setup_how)}</p>
            <form data-testid="provider-setup" on:submit=submit>
                {field(K::prov_name, name, "prov-name")}
                {field(K::prov_institution, institution, "prov-institution")}
                <label class="field">
                    <span>{tr(K::prov_role)}</span>
                    <select data-testid="prov-role" on:change=move |e| {
                        let v = event_target_value(&e);
                        if let Some(r) = roles.iter().find(|r| format!("{r:?}") == v) { role.set(*r); }
                    }>
                        {roles.into_iter().map(|r| view! { <option value=format!("{r:?}") selected=move || role.get() == r>{tr(labels::role(r))}</option> }).collect_view()}
                    </select>
                </label>
                {field(K::prov_department, department, "prov-department")}
                {field(K::prov_phone, phone, "prov-phone")}
                {field(K::prov_fax, fax, "prov-fax")}
                {field(K::prov_code, code, "prov-code")}
                {move || error.get().map(|k| view! { <p class="notice notice-error" role="alert">{tr(k)}</p> })}
                <button type="submit" class="button">{tr(K::prov_create)}</button>
            </form>
        </section>
    }
}

/// The provider card: its QR code and fingerprint, printable for the reception desk.
#[component]
fn ProviderCardView(profile: ProviderProfile) -> impl IntoView {
    let card = profile.card();
    let message = card.to_message(&profile.keys);
    let texts = Sender::new(MessageKind::Card, 0x0000_0001, &message, Mode::Camera).map(|s| s.texts(0, 1)).unwrap_or_default();
    let text = texts.first().cloned().unwrap_or_default();
    let code = qr_svg(&text).ok();
    let px = code.as_ref().map_or(Signal::from(4), |c| screen_module_px(c.modules, 320.0));
    let fingerprint = card.fingerprint();
    let i18n = use_i18n();
    let institution = card.identity.institution.clone();
    let card_label = Signal::derive(move || i18n.f(K::a11y_qr_card, &[("institution", &institution)]));
    view! {
        <section class="card provider-card print-card" aria-labelledby="card-title" data-testid="provider-card">
            <h2 id="card-title">{tr(K::prov_card_title)}</h2>
            <p class="card-institution">{card.identity.institution.clone()}</p>
            <p>{tr(labels::role(card.identity.role))}" "{card.identity.department.clone()}" "{card.identity.name.clone()}</p>
            {code.map(|c| view! { <QrCode code=c px=px label=card_label text=text/> })}
            <p>{tr(K::pair_fingerprint)}": "<span class="fingerprint" data-testid="provider-fingerprint">{fingerprint}</span></p>
            <p class="hint">{tr(K::prov_card_hint)}</p>
            <button type="button" class="button button-secondary no-print" on:click=move |_| platform::print()>{tr(K::prov_card_print)}</button>
        </section>
    }
}

/// One visit: read the share, see the patient, record the visit, hand it back, print 様式2.
#[component]
fn VisitDesk(profile: ProviderProfile) -> impl IntoView {
    let i18n = use_i18n();
    let opened = RwSignal::new(None::<OpenedShare>);
    let error = RwSignal::new(None::<K>);
    let answer = RwSignal::new(None::<(Vec<String>, VisitRecord, Option<Variance>)>);
    let issued = RwSignal::new(None::<Vec<String>>);
    let round = RwSignal::new(0u32);
    let advice = RwSignal::new(None::<K>);
    let keys = StoredValue::new(profile.keys.clone());
    let on_message = Callback::new(move |(_, transfer, m): Message| {
        match keys.with_value(|k| exchange::open_share(&m, Some(transfer), k)) {
            Ok(s) => {
                error.set(None);
                opened.set(Some(s));
            }
            Err(e) => {
                error.set(Some(sharing::open_error(&e)));
                round.update(|n| *n += 1);
            }
        }
    });
    let next_patient = move |_| {
        opened.set(None);
        answer.set(None);
        issued.set(None);
        round.update(|n| *n += 1);
    };
    let identity = profile.identity.clone();
    view! {
        <section class="card" aria-labelledby="desk-title" data-testid="visit-desk">
            <h2 id="desk-title" class="no-print">{tr(K::prov_scan_title)}</h2>
            {move || error.get().map(|k| view! { <p class="notice notice-error" role="alert" data-testid="desk-error">{tr(k)}</p> })}
            {move || advice.get().map(|k| view! { <p class="notice notice-warn no-print" role="status" data-testid="desk-advice">{tr(k)}</p> })}
            {move || match (opened.get(), answer.get()) {
                (None, _) => view! { {move || { round.get(); view! { <Scanner expect=MessageKind::Share on_message=on_message id="desk-scan" advice_to=advice/> } }} }.into_any(),
                // The planning hospital and a patient without its plan: the booklet.
                (Some(share), None) if identity.role == PartnerRole::PlanningHospital && needs_booklet(&share) => {
                    let form = RwSignal::new(PlanningForm::for_share(&share, platform::today()));
                    let on_issued = Callback::new(move |(texts, _): crate::pages::hospital::Issued| issued.set(Some(texts)));
                    let identity = identity.clone();
                    let form1_identity = identity.clone();
                    view! {
                        {move || match issued.get() {
                            // The record holds no plan yet: the form (prefilled from what it holds) is
                            // the whole screen.
                            None => view! {
                                <PlanningPanel share=share.clone() identity=identity.clone() form=form on_issued=on_issued/>
                            }.into_any(),
                            Some(texts) => view! {
                                <div class="no-print">
                                    <p class="notice notice-ok" data-testid="desk-issued">{tr(K::plan_issued)}</p>
                                    <QrFrames frames=texts pages=Signal::derive(|| false) what=QrWhat::Booklet/>
                                </div>
                                <div class="actions no-print">
                                    <button type="button" class="button button-secondary" data-testid="form1-print-after" on:click=move |_| platform::print()>{tr(K::plan_form1_print)}</button>
                                    <button type="button" class="button" data-testid="desk-next" on:click=next_patient>{tr(K::prov_next_patient)}</button>
                                </div>
                            }.into_any(),
                        }}
                        <Form1 form=form identity=form1_identity/>
                    }.into_any()
                }
                (Some(share), None) => {
                    let view = doctor_view(&share);
                    let form = VisitForm::routine(&view, plan_next(&share), platform::today(), i18n.locale());
                    let identity = identity.clone();
                    let on_signed = Callback::new(move |signed: (Vec<String>, VisitRecord, Option<Variance>)| answer.set(Some(signed)));
                    view! {
                        <DoctorPanel view=view.clone()/>
                        <VisitFormPanel view=view share=share form=form identity=identity on_signed=on_signed/>
                    }.into_any()
                }
                (Some(share), Some((texts, visit, variance))) => {
                    let view = doctor_view(&share);
                    let form3 = variance.map(|v| view! { <Form3 view=view.clone() variance=v identity=identity.clone()/> });
                    view! {
                        <div class="no-print">
                            <p class="notice notice-ok" data-testid="desk-signed">{tr(K::visitform_signed)}</p>
                            <QrFrames frames=texts pages=Signal::derive(|| false) what=QrWhat::Answer/>
                        </div>
                        <Form2 view=view visit=visit identity=identity.clone()/>
                        {form3}
                        <div class="actions no-print">
                            <button type="button" class="button button-secondary" data-testid="form2-print" on:click=move |_| platform::print()>{tr(K::form2_print)}</button>
                            <button type="button" class="button" data-testid="desk-next" on:click=next_patient>{tr(K::prov_next_patient)}</button>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The doctor's view of the share (also the phone's "show to the doctor" screen).
#[component]
pub fn DoctorPanel(
    /// What to show.
    view: DoctorView,
) -> impl IntoView {
    let i18n = use_i18n();
    // Drawn anew when the language changes: its dates and labels are computed, not bound.
    move || {
        i18n.locale();
        doctor_panel(view.clone())
    }
}

fn doctor_panel(view: DoctorView) -> impl IntoView {
    let i18n = use_i18n();
    let p = view.patient.clone();
    let none = move || i18n.t(K::doctor_none).to_string();
    let allergies = if p.allergies.is_empty() { none() } else { p.allergies.join("、") };
    let reactions = if p.reactions.is_empty() { none() } else { p.reactions.join("、") };
    let alert = !p.allergies.is_empty() || !p.reactions.is_empty();
    let omitted: Vec<String> = view.omitted.iter().map(|o| i18n.t(sharing::part_label(*o)).to_string()).collect();
    view! {
        <div class="doctor-view no-print" data-testid="doctor-view">
            <header class="patient-header">
                <h3 data-testid="doctor-patient">{if p.name.is_empty() { i18n.t(K::plan_unnamed).to_string() } else { p.name.clone() }}" "<span class="kana">{p.kana.clone()}</span></h3>
                <p>{p.date_of_birth.map(|d| dates::long(i18n.locale(), d))}" "{p.age.map(|a| i18n.f(K::doctor_age, &[("n", &a.to_string())]))}" "{p.sex.map(|s| tr(labels::sex(s))())}</p>
            </header>
            <div class=if alert { "alert-box alert-danger" } else { "alert-box" } role=if alert { "alert" } else { "note" } data-testid="doctor-allergies">
                <p><strong>{tr(K::doctor_allergies)}": "</strong>{allergies}</p>
                <p><strong>{tr(K::doctor_reactions)}": "</strong>{reactions}</p>
            </div>
            {(!omitted.is_empty()).then(|| view! { <p class="notice notice-warn" data-testid="doctor-omitted">{i18n.f(K::doctor_omitted, &[("parts", &omitted.join("、"))])}</p> })}
            <dl class="facts">
                {view.path.map(|path| view! { <dt>{tr(K::doctor_path)}</dt><dd>{labels::path_title(i18n.locale(), path)}</dd> })}
                {view.treatment.clone().map(|(stage, op, date)| view! { <dt>{tr(K::doctor_treatment)}</dt><dd>{format!("Stage {stage} / {op} / ")}{dates::long(i18n.locale(), date)}</dd> })}
                <dt>{tr(K::doctor_status)}</dt><dd data-testid="doctor-status">{status_text(i18n.locale(), &view.status)}</dd>
                {view.variances.iter().map(|v| view! {
                    <dt>{tr(K::form3_record)}</dt>
                    <dd data-testid="doctor-variance">{dates::long(i18n.locale(), v.date)}" "{tr(labels::variance_reason(v.reason))}" / "{tr(labels::variance_outcome(v.outcome))}</dd>
                }).collect_view()}
            </dl>
            <h4>{tr(K::doctor_due_title)}</h4>
            {match view.due.clone() {
                Some(d) => view! {
                    <p data-testid="doctor-due">{dates::long(i18n.locale(), d.date)}" "{tr(labels::place(d.place))}</p>
                    <ul class="checklist">{d.checklist.iter().map(|c| view! { <li>{check_label(i18n.locale(), c)}</li> }).collect_view()}</ul>
                }.into_any(),
                None => view! { <p>{tr(K::doctor_no_due)}</p> }.into_any(),
            }}
            {view.drug_day.map(|d| view! { <p data-testid="doctor-drug-day">{i18n.f(K::doctor_drug_day, &[("cycle", &d.cycle.to_string()), ("total", &d.total_cycles.to_string()), ("day", &d.day_of_cycle.to_string())])}</p> })}
            <h4>{tr(K::doctor_trends)}</h4>
            <table class="trends" data-testid="doctor-trends">
                <tbody>
                    {view.trends.iter().map(|t| {
                        let latest = t.latest().map(|(d, v)| crate::present::text::aside(i18n.locale(), &results::number(v), &dates::short(i18n.locale(), d))).unwrap_or_default();
                        let series: Vec<String> = t.points.iter().rev().take(6).rev().map(|(_, v)| results::number(*v)).collect();
                        let range = t.reference.as_ref().and_then(|r| results::range_text(i18n.locale(), r)).unwrap_or_default();
                        let basis = t.reference.as_ref().and_then(results::basis_text);
                        view! {
                            <tr class:out-of-range=t.latest_out_of_range()>
                                <th scope="row">{labels::analyte(i18n.locale(), &t.analyte)}</th>
                                <td>{latest}</td>
                                <td class="series">{series.join(" → ")}</td>
                                <td class="range">{range}{basis.map(|k| view! { <br/><small data-testid="doctor-range-basis">{tr(k)}</small> })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <h4>{tr(K::doctor_meds)}</h4>
            <ul>{view.medications.iter().map(|m| view! { <li>{m.name.clone()}" "{m.dose.clone()}</li> }).collect_view()}</ul>
            <h4>{tr(K::doctor_recent)}</h4>
            <ul>{view.recent_visits.iter().take(3).map(|v| view! {
                <li>{dates::long(i18n.locale(), v.visit_date)}" "{v.institution.clone()}": "{v.details.clone()}</li>
            }).collect_view()}</ul>
            {(!view.older_visits.is_empty()).then(|| view! { <p>{i18n.f(K::doctor_older, &[("n", &view.older_visits.len().to_string())])}</p> })}
            {(!view.memos.is_empty()).then(|| view! {
                <h4>{tr(K::doctor_memos)}</h4>
                <ul data-testid="doctor-memos">{view.memos.iter().take(5).map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
            })}
        </div>
    }
}

/// The visit form (様式2 fields, checklist, results, message); signs and hands back.
#[component]
fn VisitFormPanel(
    view: DoctorView,
    share: OpenedShare,
    form: VisitForm,
    identity: ProviderIdentity,
    on_signed: Callback<(Vec<String>, VisitRecord, Option<Variance>)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let record = use_record();
    let form = RwSignal::new(form);
    let error = RwSignal::new(None::<K>);
    let view_s = StoredValue::new(view);
    let share_s = StoredValue::new(share);
    let identity_s = StoredValue::new(identity);
    let sign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form.get_untracked();
        let mut drafts = match view_s.with_value(|v| identity_s.with_value(|id| f.drafts(v, id))) {
            Ok(d) => d,
            Err(p) => return error.set(Some(p.key())),
        };
        // A hospital hands over its list of registered partners when it changed.
        let registered = record.record_untracked().and_then(|r| r.sharing.provider).map(|p| p.registered()).unwrap_or_default();
        drafts.extend(share_s.with_value(|s| identity_s.with_value(|id| list_draft(s, id, &registered))));
        let visit = drafts.iter().find_map(|d| match &d.body {
            EntryBody::Visit(v) => Some(v.clone()),
            _ => None,
        });
        let variance = drafts.iter().find_map(|d| match &d.body {
            EntryBody::Variance(v) => Some(v.clone()),
            _ => None,
        });
        let Some(profile) = record.record_untracked().and_then(|r| r.sharing.provider) else { return };
        let card = profile.card();
        let keep = f.keep_record;
        let out = share_s.with_value(|s| exchange::answer_keeping(s, &card, &profile.keys, MessageKind::Entries, drafts.clone(), keep, platform::now(), &mut os_entropy));
        let Ok((out, entries)) = out else { return error.set(Some(K::sharing_err_seal)) };
        let Ok(sender) = Sender::new(out.kind, out.transfer, &out.message, Mode::Camera) else { return error.set(Some(K::sharing_err_seal)) };
        // What the provider's device keeps: what it wrote (to reprint 様式2), in its vault.
        let patient = view_s.with_value(|v| v.patient.name.clone());
        let share_id = share_s.with_value(|s| s.share_id);
        let bundle = keep.then(|| share_s.with_value(|s| s.bundle.clone()));
        record.change(|r| {
            if let Some(p) = &mut r.sharing.provider {
                p.written.push(Written { at: platform::now(), patient, share_id, entries });
                if let Some(bundle) = bundle {
                    p.kept.push(KeptShare { at: platform::now(), bundle });
                }
            }
        });
        if let Some(v) = visit {
            on_signed.run((sender.animation(), v, variance));
        }
    };
    let checks = move || form.with(|f| f.checks.clone());
    let follow_ups = [FollowUp::Hospital, FollowUp::Clinic, FollowUp::OtherInstitution, FollowUp::NewPlan];
    let completion = view_s.with_value(|v| identity_s.with_value(|id| decides_completion(v, id))).then(|| view! {
        <label class="field">
            <span>{tr(K::hv_status)}</span>
            <select data-testid="vf-completion" on:change=move |e| {
                let v = event_target_value(&e);
                form.update(|f| f.completion = follow_ups.into_iter().find(|x| x.label() == v));
            }>
                <option value="" selected=move || form.with(|f| f.completion.is_none())>{tr(K::hv_continue)}</option>
                {follow_ups.into_iter().map(|x| view! {
                    <option value=x.label() selected=move || form.with(|f| f.completion == Some(x))>{move || i18n.f(K::hv_complete_with, &[("follow", i18n.t(labels::follow_up(x)))])}</option>
                }).collect_view()}
            </select>
        </label>
    });
    view! {
        <form class="visit-form no-print" data-testid="visit-form" on:submit=sign>
            <h3>{tr(K::visitform_title)}</h3>
            <label class="field">
                <span>{tr(K::visitform_visit_date)}</span>
                <input type="date" data-testid="vf-visit-date" prop:value=move || form.with(|f| f.visit_date.clone())
                    on:input=move |e| form.update(|f| f.visit_date = event_target_value(&e))/>
            </label>
            <label class="field">
                <span>{tr(K::visitform_next_date)}</span>
                <input type="date" data-testid="vf-next-date" prop:value=move || form.with(|f| f.next_date.clone())
                    on:input=move |e| form.update(|f| f.next_date = event_target_value(&e))/>
            </label>
            <label class="field">
                <span>{tr(K::visitform_next_place)}</span>
                <select data-testid="vf-next-place" on:change=move |e| {
                    let hospital = event_target_value(&e) == "hospital";
                    form.update(|f| f.next_place = if hospital { Place::Hospital } else { Place::Clinic });
                }>
                    <option value="clinic" selected=move || form.with(|f| f.next_place == Place::Clinic)>{tr(labels::place(Place::Clinic))}</option>
                    <option value="hospital" selected=move || form.with(|f| f.next_place == Place::Hospital)>{tr(labels::place(Place::Hospital))}</option>
                </select>
            </label>
            <fieldset>
                <legend>{tr(K::visitform_checklist)}</legend>
                {move || checks().into_iter().enumerate().map(|(i, (item, done))| view! {
                    <label class="choice">
                        <input type="checkbox" checked=done on:change=move |_| form.update(|f| if let Some(c) = f.checks.get_mut(i) { c.1 = !c.1 })/>
                        <span>{check_label(i18n.locale(), &item)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{tr(K::visitform_results)}</legend>
                {move || form.with(|f| f.results.clone()).into_iter().enumerate().map(|(i, r)| view! {
                    <label class="field field-inline">
                        <span>{labels::analyte(i18n.locale(), &r.analyte)}</span>
                        <input type="text" inputmode="decimal" data-testid=format!("vf-result-{i}") prop:value=r.value.clone()
                            on:input=move |e| form.update(|f| if let Some(x) = f.results.get_mut(i) { x.value = event_target_value(&e) })/>
                        <span>{r.unit.as_ref().map(|u| u.as_str().to_string())}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{tr(K::visitform_plan_changed)}</legend>
                <label class="choice">
                    <input type="checkbox" data-testid="vf-plan-changed" checked=move || form.with(|f| f.plan_changed)
                        on:change=move |_| form.update(|f| f.plan_changed = !f.plan_changed)/>
                    <span>{tr(K::visitform_yes)}</span>
                </label>
                <Show when=move || form.with(|f| f.plan_changed)>
                    {ChangedItem::ALL.into_iter().map(|item| view! {
                        <label class="choice">
                            <input type="checkbox" checked=move || form.with(|f| f.changed.contains(&item))
                                on:change=move |_| form.update(|f| if !f.changed.remove(&item) { f.changed.insert(item); })/>
                            <span>{tr(labels::changed_item(item))}</span>
                        </label>
                    }).collect_view()}
                </Show>
                {move || form.with(|f| identity_s.with_value(|id| f.shift(id))).map(|(_, from, days)| view! {
                    <p class="notice notice-warn" role="status" data-testid="vf-shift">
                        {i18n.f(K::hv_shift, &[("from", &dates::long(i18n.locale(), from)), ("days", &days.to_string())])}
                    </p>
                })}
            </fieldset>
            {completion}
            <label class="field">
                <span>{tr(K::visitform_details)}</span>
                <textarea data-testid="vf-details" prop:value=move || form.with(|f| f.details.clone())
                    on:input=move |e| form.update(|f| f.details = event_target_value(&e))></textarea>
            </label>
            <label class="field">
                <span>{tr(K::visitform_remarks)}</span>
                <textarea data-testid="vf-remarks" prop:value=move || form.with(|f| f.remarks.clone())
                    on:input=move |e| form.update(|f| f.remarks = event_target_value(&e))></textarea>
            </label>
            <label class="choice">
                <input type="checkbox" data-testid="vf-attachments" checked=move || form.with(|f| f.attachments)
                    on:change=move |_| form.update(|f| f.attachments = !f.attachments)/>
                <span>{tr(K::visitform_attachments)}</span>
            </label>
            <fieldset>
                <legend>{tr(K::form3_title)}</legend>
                <label class="choice">
                    <input type="checkbox" data-testid="vf-variance" checked=move || form.with(|f| f.variance.is_some())
                        on:change=move |_| form.update(|f| {
                            f.variance = match f.variance {
                                Some(_) => None,
                                None => Some((VarianceReason::Recurrence, VarianceOutcome::HospitalOnly, String::new())),
                            }
                        })/>
                    <span>{tr(K::form3_record)}</span>
                </label>
                <Show when=move || form.with(|f| f.variance.is_some())>
                    <label class="field">
                        <span>{tr(K::form3_reason)}</span>
                        <select data-testid="vf-variance-reason" on:change=move |e| {
                            let code: u8 = event_target_value(&e).parse().unwrap_or(1);
                            form.update(|f| if let (Some(v), Some(r)) = (&mut f.variance, VarianceReason::ALL.into_iter().find(|r| r.code() == code)) { v.0 = r });
                        }>
                            {VarianceReason::ALL.into_iter().map(|r| view! {
                                <option value=r.code().to_string() selected=move || form.with(|f| f.variance.as_ref().is_some_and(|v| v.0 == r))>{tr(labels::variance_reason(r))}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span>{tr(K::form3_outcome)}</span>
                        <select data-testid="vf-variance-outcome" on:change=move |e| {
                            let code: u8 = event_target_value(&e).parse().unwrap_or(5);
                            form.update(|f| if let (Some(v), Some(o)) = (&mut f.variance, VarianceOutcome::ALL.into_iter().find(|o| o.code() == code)) { v.1 = o });
                        }>
                            {VarianceOutcome::ALL.into_iter().map(|o| view! {
                                <option value=o.code().to_string() selected=move || form.with(|f| f.variance.as_ref().is_some_and(|v| v.1 == o))>{tr(labels::variance_outcome(o))}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span>{tr(K::form3_details)}</span>
                        <textarea data-testid="vf-variance-details" prop:value=move || form.with(|f| f.variance.as_ref().map(|v| v.2.clone()).unwrap_or_default())
                            on:input=move |e| form.update(|f| if let Some(v) = &mut f.variance { v.2 = event_target_value(&e) })></textarea>
                    </label>
                </Show>
            </fieldset>
            <label class="field">
                <span>{tr(K::visitform_message)}</span>
                <textarea data-testid="vf-message" prop:value=move || form.with(|f| f.message.clone())
                    on:input=move |e| form.update(|f| f.message = event_target_value(&e))></textarea>
            </label>
            <label class="choice">
                <input type="checkbox" data-testid="vf-keep" checked=move || form.with(|f| f.keep_record)
                    on:change=move |_| form.update(|f| f.keep_record = !f.keep_record)/>
                <span>{tr(K::visitform_keep)}</span>
            </label>
            {move || error.get().map(|k| view! { <p class="notice notice-error" role="alert" data-testid="vf-error">{tr(k)}</p> })}
            <button type="submit" class="button" data-testid="vf-sign">{tr(K::visitform_sign)}</button>
        </form>
    }
}

/// 様式2 地域連携がん診療経過報告書, laid out as the seed form for printing (A4).
#[component]
fn Form2(view: DoctorView, visit: VisitRecord, identity: ProviderIdentity) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        i18n.locale();
        form2(view.clone(), visit.clone(), identity.clone())
    }
}

fn form2(view: DoctorView, visit: VisitRecord, identity: ProviderIdentity) -> impl IntoView {
    let i18n = use_i18n();
    let d = move |x: chrono::NaiveDate| dates::long(i18n.locale(), x);
    let yes_no = move |b: bool| if b { tr(K::visitform_yes)() } else { tr(K::visitform_no)() };
    let (hospital, _) = view.institutions.clone().unwrap_or_default();
    let items: Vec<String> = ChangedItem::ALL
        .into_iter()
        .map(|i| format!("{}{}", if visit.changed_items.contains(&i) { "■" } else { "□" }, tr(labels::changed_item(i))()))
        .collect();
    let contact = [identity.phone.as_ref().map(|p| format!("TEL {p}")), identity.fax.as_ref().map(|p| format!("FAX {p}"))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <article class="form2 print-only-page" data-testid="form2">
            <p class="form2-number">{tr(K::form2_form)}</p>
            <h3 class="form2-title">{tr(K::form2_title)}</h3>
            <table class="form2-table">
                <tbody>
                    <tr><th>{tr(K::form2_report_date)}</th><td data-testid="form2-report-date">{visit.report_date.map(d)}</td></tr>
                    <tr><th>{tr(K::form2_hospital)}</th><td>{hospital}</td></tr>
                    <tr><th>{tr(K::form2_clinic)}</th><td data-testid="form2-clinic">{identity.institution.clone()}" "{identity.name.clone()}" "{contact}</td></tr>
                    <tr><th>{tr(K::form2_patient)}</th><td data-testid="form2-patient">{view.patient.name.clone()}</td></tr>
                    <tr><th>{tr(K::form2_sex)}</th><td>{view.patient.sex.map(|s| tr(labels::sex(s))())}</td></tr>
                    <tr><th>{tr(K::form2_dob)}</th><td>{view.patient.date_of_birth.map(d)}</td></tr>
                    <tr><th>{tr(K::form2_visit_date)}</th><td data-testid="form2-visit-date">{d(visit.visit_date)}</td></tr>
                    <tr><th>{tr(K::form2_next_date)}</th><td data-testid="form2-next-date">{visit.next_planned_date.map(d)}</td></tr>
                    <tr><th>{tr(K::form2_plan_change)}</th><td data-testid="form2-plan-change">{yes_no(visit.plan_changed)}</td></tr>
                    <tr><th>{tr(K::form2_changed_items)}</th><td>{items.join("　")}</td></tr>
                    <tr><th>{tr(K::form2_details)}</th><td class="form2-text" data-testid="form2-details">{visit.details.clone()}</td></tr>
                    <tr><th>{tr(K::form2_remarks)}</th><td class="form2-text">{visit.remarks.clone()}</td></tr>
                    <tr><th>{tr(K::form2_attachments)}</th><td data-testid="form2-attachments">{yes_no(visit.attachments)}</td></tr>
                </tbody>
            </table>
        </article>
    }
}


/// 様式3 がん地域連携パス逸脱届, for print.
#[component]
fn Form3(view: DoctorView, variance: Variance, identity: ProviderIdentity) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        i18n.locale();
        form3(view.clone(), variance.clone(), identity.clone())
    }
}

fn form3(view: DoctorView, variance: Variance, identity: ProviderIdentity) -> impl IntoView {
    let i18n = use_i18n();
    let (hospital, _) = view.institutions.clone().unwrap_or_default();
    let reasons: Vec<String> = VarianceReason::ALL
        .into_iter()
        .map(|r| format!("{}{}", if r == variance.reason { "■" } else { "□" }, tr(labels::variance_reason(r))()))
        .collect();
    let outcomes: Vec<String> = VarianceOutcome::ALL
        .into_iter()
        .map(|o| format!("{}{}", if o == variance.outcome { "■" } else { "□" }, tr(labels::variance_outcome(o))()))
        .collect();
    view! {
        <article class="form2 form3 print-only-page" data-testid="form3">
            <p class="form2-number">{tr(K::form3_form)}</p>
            <h3 class="form2-title">{tr(K::form3_title)}</h3>
            <table class="form2-table">
                <tbody>
                    <tr><th>{tr(K::form2_hospital)}</th><td>{hospital}</td></tr>
                    <tr><th>{tr(K::form2_clinic)}</th><td>{identity.institution.clone()}" "{identity.name.clone()}</td></tr>
                    <tr><th>{tr(K::form2_patient)}</th><td>{view.patient.name.clone()}</td></tr>
                    <tr><th>{tr(K::form3_path)}</th><td>{view.path.map(|p| labels::path_title(i18n.locale(), p))}</td></tr>
                    <tr><th>{tr(K::form3_date)}</th><td>{dates::long(i18n.locale(), variance.date)}</td></tr>
                    <tr><th>{tr(K::form3_reason)}</th><td data-testid="form3-reason">{reasons.into_iter().map(|r| view! { <div>{r}</div> }).collect_view()}</td></tr>
                    <tr><th>{tr(K::form3_details)}</th><td class="form2-text">{variance.details.clone()}</td></tr>
                    <tr><th>{tr(K::form3_outcome)}</th><td data-testid="form3-outcome">{outcomes.into_iter().map(|o| view! { <div>{o}</div> }).collect_view()}</td></tr>
                </tbody>
            </table>
        </article>
    }
}

/// Where the path stands, in words.
fn status_text(locale: karte_core::i18n::Locale, s: &karte_core::record::PathStatus) -> String {
    use karte_core::record::PathStatus;
    let t = |k| karte_core::i18n::text(locale, k);
    match s {
        PathStatus::NotStarted => t(K::doctor_status_not_started).to_string(),
        PathStatus::Active => t(K::doctor_status_active).to_string(),
        PathStatus::Completed { date, .. } => karte_core::i18n::format(locale, K::doctor_status_completed, &[("date", &dates::long(locale, *date))]),
        PathStatus::LeftByVariance { date, .. } => karte_core::i18n::format(locale, K::doctor_status_left, &[("date", &dates::long(locale, *date))]),
    }
}
