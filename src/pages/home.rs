//! Home: the next appointment and "what do I do if…", at once.

use karte_core::guidance::{self, Guidance};
use karte_core::i18n::K;
use karte_core::record::RecordView;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::demo_loader::DemoBanner;
use crate::components::page::{EmptyState, PageHeader};
use crate::components::record_guidance::{CallButton, EmergencySteps, GuidanceBlock};
use crate::i18n::{tr, use_i18n};
use crate::labels;
use crate::present::{chain, dates, home};
use crate::routes::Page;
use crate::state::{self, use_record};

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let record = use_record();
    view! {
        <PageHeader page=Page::Home/>
        <DemoBanner/>
        <ChainBreakNotice/>
        {move || match record.view() {
            Some(view) => view! { <HomeWithRecord view=view/> }.into_any(),
            None => view! { <HomeEmpty/> }.into_any(),
        }}
    }
}

/// What the chain check of the open record found wrong, until the patient acknowledges it;
/// the record stays readable below.
#[component]
fn ChainBreakNotice() -> impl IntoView {
    let record = use_record();
    let i18n = use_i18n();
    move || {
        let report = record.chain_break()?;
        let notice = record.with_record(|r| chain::notice(r.entries(), &report))??;
        let lines = move || chain::lines(i18n.locale(), &notice).into_iter().map(|l| view! { <li>{l}</li> }).collect_view();
        Some(view! {
            <section class="card card-alert" role="alert" aria-labelledby="chain-h" data-testid="chain-notice">
                <h2 id="chain-h">{tr(K::chain_title)}</h2>
                <p>{tr(K::chain_intro)}</p>
                <ul>{lines}</ul>
                <button type="button" class="button" data-testid="chain-ack" on:click=move |_| record.acknowledge_chain()>{tr(K::chain_ack)}</button>
            </section>
        })
    }
}

#[component]
fn HomeEmpty() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="next-visit-h">
            <h2 id="next-visit-h">{tr(K::home_next_visit)}</h2>
            <EmptyState text=K::home_no_record/>
            <p><A href=Page::Settings.href() attr:class="button">{tr(K::home_go_settings)}</A></p>
        </section>
        <section class="card card-help" aria-labelledby="help-h">
            <h2 id="help-h">{tr(K::home_help_title)}</h2>
            <p>{tr(K::home_help_body)}</p>
        </section>
    }
}

#[component]
fn HomeWithRecord(view: RecordView) -> impl IntoView {
    let today = state::today();
    let next = home::next_visit(&view, today);
    let overdue = home::overdue(&view, today);
    let ended = home::path_ended(&view);
    let follow = home::follow_up(&view);
    let has_plan = view.plan.is_some();
    let dose = home::dose_today(&view, today);
    let call_now = home::call_now(&view, today, 5);
    let emergency = home::emergency(&view);
    let guides = home::guidances(&view, today);
    let i18n = use_i18n();
    view! {
        <section class="card next-visit" aria-labelledby="next-visit-h" data-testid="next-visit">
            <h2 id="next-visit-h">{tr(K::home_next_visit)}</h2>
            {overdue.map(|d| view! {
                <p class="alert-line" role="alert">
                    {move || i18n.f(K::rec_home_overdue, &[("date", &dates::long(i18n.locale(), d))])}
                </p>
            })}
            {match next {
                Some(n) => view! { <NextVisitCard next=n/> }.into_any(),
                None => {
                    let text = move || match ended {
                        Some((k, d)) => i18n.f(k, &[("date", &dates::plain(i18n.locale(), d))]),
                        None if !has_plan => i18n.t(K::rec_home_no_plan).to_string(),
                        None => i18n.t(K::rec_home_no_next).to_string(),
                    };
                    let after = follow.map(|f| view! {
                        <p data-testid="home-follow-up">{move || i18n.f(K::hv_after, &[("follow", i18n.t(labels::follow_up(f)))])}</p>
                    });
                    view! { <p class="empty">{text}</p>{after} }.into_any()
                }
            }}
        </section>
        <section class="card today" aria-labelledby="today-h" data-testid="today">
            <h2 id="today-h">{tr(K::rec_home_today_title)}</h2>
            {dose.map(|(drug, day)| view! {
                <p class="drug-day" data-testid="drug-day">
                    {move || guidance::today_line(i18n.locale(), drug, day)}
                </p>
            })}
            <h3 class="call-now-title">{tr(K::guide_title_call_now)}</h3>
            <ul class="call-now-items">
                {call_now.into_iter().map(|k| view! { <li>{tr(k)}</li> }).collect_view()}
            </ul>
            <h3>{tr(guidance::emergency_title())}</h3>
            <EmergencySteps emergency=emergency/>
        </section>
        <FullGuidance guides=guides/>
    }
}

#[component]
fn NextVisitCard(next: home::NextVisit) -> impl IntoView {
    let i18n = use_i18n();
    let today = state::today();
    let date = next.date;
    let tests = next.tests.clone();
    let bring = next.bring.clone();
    let name = next.institution.name.clone();
    view! {
        <dl class="next-facts">
            <dt>{tr(K::rec_home_when)}</dt>
            <dd>
                <span class="next-date" data-testid="next-date">{move || dates::long(i18n.locale(), date)}</span>
                <span class="next-relative">{move || dates::relative(i18n.locale(), today, date)}</span>
            </dd>
            <dt>{tr(K::rec_home_where)}</dt>
            <dd>
                <span class="next-place" data-testid="next-place">{name}</span>
                <span class="place-kind">{tr(labels::place(next.place))}</span>
                <CallButton phone=next.institution.phone.clone() label=K::rec_home_call/>
            </dd>
            <dt>{tr(K::rec_home_what)}</dt>
            <dd>
                <ul class="plain-list">
                    {move || tests.iter().map(|t| view! { <li>{labels::test(i18n.locale(), t)}</li> }).collect_view()}
                </ul>
            </dd>
            <dt>{tr(K::rec_home_bring)}</dt>
            <dd>
                <ul class="plain-list bring-list">
                    {move || bring.iter().map(|b| view! { <li>{b.text(i18n.locale())}</li> }).collect_view()}
                </ul>
            </dd>
        </dl>
        {next.changed.then(|| view! { <p class="changed-note">{tr(K::rec_home_changed)}</p> })}
    }
}

#[component]
fn FullGuidance(guides: Vec<Guidance>) -> impl IntoView {
    let blocks = guides.into_iter().map(|g| view! { <GuidanceBlock guidance=g/> }).collect_view();
    view! {
        <section class="card guidance-all" aria-labelledby="guide-all-h">
            <h2 id="guide-all-h">{tr(K::rec_home_guide_all_title)}</h2>
            <details class="guide-disclosure" data-testid="guide-all">
                <summary class="form-summary">{tr(K::rec_home_guide_all)}</summary>
                {blocks}
            </details>
        </section>
    }
}
