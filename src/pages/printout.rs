//! The booklet on paper (A4): the whole record for a clinic without the app or the patient's
//! own copy, or the patient sheet (患者用シート: the plan) alone. Shown only in print; the
//! schedule page offers both. What it shows comes from `present` (timeline, results, contacts).

use karte_core::i18n::K;
use karte_core::record::RecordView;
use leptos::prelude::*;

use crate::i18n::{tr, use_i18n};
use crate::labels;
use crate::pages::results::AnalyteCard;
use crate::platform;
use crate::present::{dates, home, results, schedule};
use crate::state::{self, use_record};

/// The print card (two buttons) and the printout itself.
#[component]
pub fn Printout() -> impl IntoView {
    let record = use_record();
    let sheet_only = RwSignal::new(false);
    let print = move |sheet: bool| {
        sheet_only.set(sheet);
        platform::print();
    };
    view! {
        <section class="card no-print" aria-labelledby="print-h" data-testid="print-card">
            <h2 id="print-h">{tr(K::print_card_title)}</h2>
            <p>{tr(K::print_card_how)}</p>
            <div class="actions">
                <button type="button" class="button button-secondary" data-testid="print-whole" on:click=move |_| print(false)>{tr(K::print_whole)}</button>
                <button type="button" class="button button-secondary" data-testid="print-sheet" on:click=move |_| print(true)>{tr(K::print_sheet)}</button>
            </div>
        </section>
        {move || record.view().map(|v| view! { <Booklet view=v sheet_only=sheet_only/> })}
    }
}

#[component]
fn Booklet(view: RecordView, sheet_only: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let today = state::today();
    let rows = schedule::timeline(&view, today);
    let groups = results::groups(&view);
    let none = move || i18n.t(K::print_none).to_string();
    let list = move |items: &[String]| if items.is_empty() { none() } else { items.join(i18n.t(K::rec_common_list_sep)) };
    let p = view.profile.as_ref().map(|c| c.value.clone());
    let hospital = home::institution(&view, karte_core::pathway::Place::Hospital).map(|c| c.name).unwrap_or_default();
    let clinic = home::institution(&view, karte_core::pathway::Place::Clinic).map(|c| c.name).unwrap_or_default();
    let plan = view.plan.as_ref().map(|p| (p.path, p.anchor));
    let visits: Vec<_> = view.visits.iter().rev().map(|c| c.value.clone()).collect();
    let partners: Vec<_> = view.partners.iter().map(|c| c.value.clone()).collect();
    let memos: Vec<String> = view.memos.iter().rev().map(|c| c.value.text.clone()).collect();
    move || {
        let locale = i18n.locale();
        let d = move |x| dates::plain(locale, x);
        let place_name = |pl| match pl {
            karte_core::pathway::Place::Hospital => hospital.clone(),
            karte_core::pathway::Place::Clinic => clinic.clone(),
        };
        view! {
            <article class="printout print-only-page" class:sheet-only=move || sheet_only.get() data-testid="printout">
                <header class="print-head">
                    <h2>{tr(K::print_title)}</h2>
                    <p>{i18n.f(K::print_printed_on, &[("date", &d(today))])}</p>
                </header>
                <section class="print-profile">
                    <h3>{tr(K::print_profile)}</h3>
                    <table class="form2-table"><tbody>
                        <tr><th>{tr(K::print_name)}</th><td>{p.as_ref().map(|p| i18n.f(K::print_name_kana, &[("name", &p.name), ("kana", &p.kana)]))}</td></tr>
                        <tr><th>{tr(K::print_dob)}</th><td>{p.as_ref().map(|p| d(p.date_of_birth))}</td></tr>
                        <tr><th>{tr(K::print_sex)}</th><td>{p.as_ref().map(|p| tr(labels::sex(p.sex))())}</td></tr>
                        <tr><th>{tr(K::print_allergies)}</th><td>{list(&p.as_ref().map(|p| p.allergies.clone()).unwrap_or_default())}</td></tr>
                        <tr><th>{tr(K::print_reactions)}</th><td>{list(&p.as_ref().map(|p| p.adverse_drug_reactions.clone()).unwrap_or_default())}</td></tr>
                        <tr><th>{tr(K::print_history)}</th><td>{list(&p.as_ref().map(|p| p.past_history.clone()).unwrap_or_default())}</td></tr>
                    </tbody></table>
                </section>
                <section class="print-sheet" data-testid="print-sheet">
                    <h3>{tr(K::print_sheet_title)}</h3>
                    <table class="form2-table"><tbody>
                        <tr><th>{tr(K::print_path)}</th><td>{plan.map(|(path, _)| labels::path_title(locale, path))}</td></tr>
                        <tr><th>{tr(K::print_anchor)}</th><td>{plan.map(|(_, a)| d(a))}</td></tr>
                        <tr><th>{tr(K::print_hospital)}</th><td>{hospital.clone()}</td></tr>
                        <tr><th>{tr(K::print_clinic)}</th><td>{clinic.clone()}</td></tr>
                    </tbody></table>
                    <table class="print-table">
                        <thead><tr>
                            <th scope="col">{tr(K::print_col_date)}</th><th scope="col">{tr(K::print_col_place)}</th>
                            <th scope="col">{tr(K::print_col_tests)}</th><th scope="col">{tr(K::print_col_status)}</th>
                        </tr></thead>
                        <tbody>
                            {rows.iter().map(|r| {
                                let tests: Vec<String> = r.visit.tests.iter().map(|t| labels::test(locale, t)).collect();
                                view! { <tr>
                                    <td>{d(r.visit.date)}</td>
                                    <td>{place_name(r.visit.place)}</td>
                                    <td>{tests.join(i18n.t(K::rec_common_list_sep))}</td>
                                    <td>{r.tag.text(locale)}</td>
                                </tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
                <section class="print-visits">
                    <h3>{tr(K::print_visits)}</h3>
                    {if visits.is_empty() { view! { <p>{tr(K::print_empty)}</p> }.into_any() } else { view! {
                        <table class="print-table">
                            <thead><tr>
                                <th scope="col">{tr(K::print_col_visit_date)}</th><th scope="col">{tr(K::print_col_institution)}</th>
                                <th scope="col">{tr(K::print_col_details)}</th><th scope="col">{tr(K::print_col_next)}</th>
                            </tr></thead>
                            <tbody>
                                {visits.iter().map(|v| view! { <tr>
                                    <td>{d(v.visit_date)}</td>
                                    <td>{v.institution.clone()}</td>
                                    <td class="form2-text">{v.details.clone()}</td>
                                    <td>{v.next_planned_date.map(d)}</td>
                                </tr> }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any() }}
                </section>
                <section class="print-results">
                    <h3>{tr(K::print_results)}</h3>
                    {if groups.is_empty() { view! { <p>{tr(K::print_empty)}</p> }.into_any() } else {
                        groups.clone().into_iter().map(|g| view! { <AnalyteCard group=g/> }).collect_view().into_any()
                    }}
                </section>
                <section class="print-partners">
                    <h3>{tr(K::print_partners)}</h3>
                    <table class="print-table">
                        <thead><tr>
                            <th scope="col">{tr(K::print_col_role)}</th><th scope="col">{tr(K::print_col_institution)}</th>
                            <th scope="col">{tr(K::print_col_phone)}</th><th scope="col">{tr(K::print_col_fax)}</th>
                        </tr></thead>
                        <tbody>
                            {partners.iter().map(|x| view! { <tr>
                                <td>{tr(labels::role(x.role))}</td>
                                <td>{x.name.clone()}{x.contact.clone().map(|c| view! { <br/>{c} })}</td>
                                <td>{x.phone.as_ref().map(|p| p.0.clone())}</td>
                                <td>{x.fax.as_ref().map(|p| p.0.clone())}</td>
                            </tr> }).collect_view()}
                        </tbody>
                    </table>
                </section>
                <section class="print-memos">
                    <h3>{tr(K::print_memos)}</h3>
                    {if memos.is_empty() { view! { <p>{tr(K::print_empty)}</p> }.into_any() } else {
                        view! { <ul>{memos.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul> }.into_any()
                    }}
                </section>
            </article>
        }
    }
}
