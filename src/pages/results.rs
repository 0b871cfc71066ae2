//! Test results, grouped by what they measure, with out-of-range values marked and a small
//! chart of each series.

use karte_core::i18n::K;
use karte_core::record::RecordView;
use leptos::prelude::*;

use crate::components::page::RecordPage;
use crate::i18n::{tr, use_i18n};
use crate::labels;
use crate::present::dates;
use crate::present::results::{self, AnalyteGroup, Chart, Flag};
use crate::routes::Page;


/// The results page.
#[component]
pub fn ResultsPage() -> impl IntoView {
    let list = |groups: Vec<AnalyteGroup>| {
        let cards = groups.into_iter().map(|g| view! { <AnalyteCard group=g/> }).collect_view();
        view! {
            <p class="hint">{tr(K::rec_results_flag_note)}</p>
            <div data-testid="result-groups">{cards}</div>
        }
    };
    view! {
        <RecordPage page=Page::Results empty=K::results_empty
            content=|v: &RecordView| Some(results::groups(v)).filter(|g| !g.is_empty())
            body=list/>
    }
}

/// One analyte: its chart and its values (also printed in the booklet).
#[component]
pub fn AnalyteCard(group: AnalyteGroup) -> impl IntoView {
    let i18n = use_i18n();
    let analyte = group.analyte.clone();
    let name = move || labels::analyte(i18n.locale(), &analyte);
    let reference = group.reference;
    let range = move || reference.as_ref().and_then(|r| results::range_text(i18n.locale(), r));
    let basis = reference.as_ref().and_then(results::basis_text);
    let unit = group.unit.clone();
    let unit_text = unit.as_ref().map(|u| u.as_str().to_string()).unwrap_or_default();
    let analyte2 = group.analyte.clone();
    let chart_name = move || labels::analyte(i18n.locale(), &analyte2);
    let rows = group
        .rows
        .into_iter()
        .map(|r| {
            let value = results::value_text(&r.value, unit.as_ref());
            let flagged = r.flag.label();
            let class = match r.flag {
                Flag::High | Flag::Low => "result-row is-out",
                Flag::Normal | Flag::Unknown => "result-row",
            };
            let date = r.date;
            view! {
                <tr class=class>
                    <td>{move || dates::plain(i18n.locale(), date)}</td>
                    <td class="num">
                        {value}
                        {flagged.map(|k| view! { <span class="out-flag">{tr(k)}</span> })}
                    </td>
                    <td>{r.place}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card analyte" data-testid="analyte">
            <h2>{name}</h2>
            <p class="analyte-meta">
                {move || range().map(|r| i18n.f(K::rec_results_reference_line, &[("range", &r), ("unit", &unit_text)]))}
            </p>
            {basis.map(|k| view! { <p class="analyte-meta" data-testid="range-basis">{tr(k)}</p> })}
            {group.chart.map(|c| view! { <SeriesChart chart=c label=Signal::derive(move || i18n.f(K::rec_results_chart_label, &[("analyte", &chart_name())]))/> })}
            <table class="results-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(K::rec_results_date)}</th>
                        <th scope="col">{tr(K::rec_results_value)}</th>
                        <th scope="col">{tr(K::rec_results_place)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// The chart of one series.
#[component]
pub fn SeriesChart(chart: Chart, label: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let view_box = format!("0 0 {} {}", chart.width, chart.height);
    let band = chart.band.map(|(top, bottom)| {
        view! { <rect class="chart-band" x="0" y=top width=chart.width height=(bottom - top).max(0.0)/> }
    });
    let dots = chart
        .points
        .iter()
        .map(|&(x, y, out)| view! { <circle class=if out { "chart-dot is-out" } else { "chart-dot" } cx=x cy=y r="4"/> })
        .collect_view();
    let (first, last) = chart.span;
    view! {
        <figure class="chart">
            <svg class="chart-svg" viewBox=view_box role="img" aria-label=label>
                {band}
                <polyline class="chart-line" points=chart.polyline()/>
                {dots}
            </svg>
            <figcaption class="chart-span">
                <span>{move || dates::short(i18n.locale(), first)}</span>
                <span>{move || dates::short(i18n.locale(), last)}</span>
            </figcaption>
        </figure>
    }
}
