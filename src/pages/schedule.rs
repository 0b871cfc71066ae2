//! The schedule page: the whole plan as a timeline, the next visit highlighted and scrolled into
//! view, and the current course of the oral drug.

use chrono::Datelike;
use karte_core::i18n::K;
use karte_core::record::RecordView;
use leptos::prelude::*;

use crate::components::calendar::CalendarExport;
use crate::components::plan_copy::PlanCopy;
use crate::pages::printout::Printout;
use crate::present::plan_copy;
use crate::components::page::RecordPage;
use crate::i18n::{tr, use_i18n};
use crate::labels;
use crate::present::schedule::{self, DrugSummary, TimelineRow};
use crate::present::{dates, home};
use crate::routes::Page;
use crate::state::{self, use_record};

/// The schedule page.
#[component]
pub fn SchedulePage() -> impl IntoView {
    let record = use_record();
    // An open record without a plan: the patient may copy it from the paper booklet.
    let no_plan = move || record.with_view(|v| v.is_some_and(|v| v.plan.is_none()));
    view! {
        <RecordPage page=Page::Schedule empty=K::schedule_empty
            content=|v: &RecordView| v.plan.is_some().then(|| v.clone())
            body=|v: RecordView| {
                // A plan the patient copied from paper says so, and can be copied again.
                let copied = plan_copy::copied(&v);
                view! {
                    {copied.then(|| view! { <p class="notice notice-warn" data-testid="plan-copied">{tr(K::copy_mark)}</p> })}
                    <Plan view=v/>
                    <CalendarExport/>
                    <Printout/>
                    {copied.then(|| view! { <PlanCopy open=false/> })}
                }
            }
            after=move || view! { {move || no_plan().then(|| view! { <PlanCopy open=true/> })} }/>
    }
}

#[component]
fn Plan(view: RecordView) -> impl IntoView {
    let i18n = use_i18n();
    let today = state::today();
    let rows = schedule::timeline(&view, today);
    let drug = schedule::drug_summary(&view, today);
    let path = view.plan.as_ref().map(|p| p.path);
    let title = move || path.map(|p| labels::path_title(i18n.locale(), p));
    let (done, total) = schedule::progress_counts(&view, today);
    let (done, total) = (done.to_string(), total.to_string());
    let hospital = home::institution(&view, karte_core::pathway::Place::Hospital).map(|c| c.name);
    let clinic = home::institution(&view, karte_core::pathway::Place::Clinic).map(|c| c.name);
    let item = move |r: TimelineRow| {
        let name = match r.visit.place {
            karte_core::pathway::Place::Hospital => hospital.clone(),
            karte_core::pathway::Place::Clinic => clinic.clone(),
        };
        view! { <TimelineItem row=r institution=name/> }
    };
    // Visits made or missed are folded away; overdue, today's and later ones stay in sight.
    let (past, ahead): (Vec<TimelineRow>, Vec<TimelineRow>) = rows.into_iter().partition(|r| r.tag.is_past());
    let past_count = past.len().to_string();
    let past_view = (!past.is_empty()).then(|| {
        let items = past.into_iter().map(item.clone()).collect_view();
        view! {
            <details class="past-visits">
                <summary class="form-summary">{move || i18n.f(K::rec_schedule_past, &[("n", &past_count)])}</summary>
                <ol class="timeline">{items}</ol>
            </details>
        }
    });
    let items = ahead.into_iter().map(item).collect_view();
    let cancelled = {
        let view = view.clone();
        move || schedule::cancelled(&view, i18n.locale())
    };
    let any_cancelled = view.plan.as_ref().is_some_and(|p| !p.cancelled.is_empty());
    // Bring the next visit into view once the list is on screen.
    Effect::new(move |_| crate::platform::scroll_to_id("next-visit-row"));
    view! {
        <section class="card plan-summary" aria-labelledby="plan-h">
            <h2 id="plan-h">{title}</h2>
            <p>{move || i18n.f(K::rec_schedule_progress, &[("done", &done), ("total", &total)])}</p>
        </section>
        {drug.map(|d| view! { <DrugCalendar summary=d/> })}
        <section aria-labelledby="timeline-h">
            <h2 id="timeline-h">{tr(K::rec_schedule_timeline)}</h2>
            {past_view}
            <ol class="timeline" data-testid="timeline">{items}</ol>
        </section>
        {any_cancelled.then(|| view! {
            <section class="card" aria-labelledby="cancelled-h">
                <h2 id="cancelled-h">{tr(K::rec_schedule_cancelled)}</h2>
                <ul class="plain-list">
                    {move || cancelled().into_iter().map(|(date, place)| view! { <li><s>{date}</s>" "{tr(place)}</li> }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
fn TimelineItem(row: TimelineRow, institution: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let tag = row.tag;
    let mut class = format!("timeline-item status-{}", tag.class());
    if tag.is_past() {
        class.push_str(" is-past");
    }
    if row.is_next {
        class.push_str(" is-next");
    }
    let id = row.is_next.then_some("next-visit-row");
    let date = row.visit.date;
    let visit = row.visit.clone();
    let when = {
        let r = row.clone();
        move || schedule::row_when(i18n.locale(), &r)
    };
    view! {
        <li class=class id=id data-testid="plan-visit" data-visit=row.visit.id.as_str().to_string()>
            <div class="timeline-head">
                <span class="timeline-date">{move || dates::long(i18n.locale(), date)}</span>
                <span class=format!("status-badge badge-{}", tag.class())>{move || tag.text(i18n.locale())}</span>
            </div>
            <div class="timeline-where">
                <span class="place-kind">{tr(labels::place(row.visit.place))}</span>
                {institution.map(|n| view! { <span class="timeline-institution">{n}</span> })}
                <span class="timeline-when">{when}</span>
            </div>
            <p class="timeline-tests">
                {move || schedule::tests_line(i18n.locale(), &visit)}
            </p>
            {row.visit.changed.then(|| view! { <p class="changed-note">{tr(K::rec_schedule_changed)}</p> })}
        </li>
    }
}

#[component]
fn DrugCalendar(summary: DrugSummary) -> impl IntoView {
    let i18n = use_i18n();
    let body = match summary {
        DrugSummary::NotStarted { drug, start } => view! {
            <p>{move || i18n.f(K::rec_schedule_drug_not_started, &[
                ("drug", i18n.t(labels::drug(drug))), ("date", &dates::long(i18n.locale(), start))])}</p>
        }
        .into_any(),
        DrugSummary::Finished { drug } => view! {
            <p>{move || i18n.f(K::rec_schedule_drug_finished, &[("drug", i18n.t(labels::drug(drug)))])}</p>
        }
        .into_any(),
        DrugSummary::Daily { drug, until } => view! {
            <p>{move || i18n.f(K::rec_schedule_drug_daily, &[
                ("drug", i18n.t(labels::drug(drug))), ("date", &dates::plain(i18n.locale(), until))])}</p>
        }
        .into_any(),
        DrugSummary::Cycle { drug, cycle, total, days } => {
            let (c, t) = (cycle.to_string(), total.to_string());
            let c2 = c.clone();
            let cells = days
                .into_iter()
                .map(|d| {
                    let mut class = String::from(if d.on { "cal-day cal-on" } else { "cal-day cal-off" });
                    if d.today {
                        class.push_str(" cal-today");
                    }
                    let label = move || {
                        let kind = if d.on { K::rec_schedule_drug_on } else { K::rec_schedule_drug_off };
                        format!("{} {}", dates::short(i18n.locale(), d.date), i18n.t(kind))
                    };
                    view! {
                        <li class=class title=label aria-current=d.today.then_some("date")>
                            <span class="cal-num">{d.date.day().to_string()}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p>{move || i18n.f(K::rec_schedule_drug_cycle, &[
                    ("drug", i18n.t(labels::drug(drug))), ("cycle", &c), ("total", &t)])}</p>
                <ol class="drug-grid" aria-label=move || i18n.f(K::rec_schedule_drug_grid_label, &[("cycle", &c2)])>
                    {cells}
                </ol>
                <p class="cal-legend">
                    <span class="legend cal-on">{tr(K::rec_schedule_drug_on)}</span>
                    <span class="legend cal-off">{tr(K::rec_schedule_drug_off)}</span>
                    <span class="legend cal-today">{tr(K::rec_schedule_drug_today)}</span>
                </p>
            }
            .into_any()
        }
    };
    view! {
        <section class="card drug-calendar" aria-labelledby="drug-h" data-testid="drug-calendar">
            <h2 id="drug-h">{tr(K::rec_schedule_drug_title)}</h2>
            {body}
        </section>
    }
}
