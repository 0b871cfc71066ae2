//! Adding the plan to the phone's calendar: the reminder chosen, then an `.ics` file (see
//! `present::calendar`).

use karte_core::i18n::K;
use leptos::prelude::*;

use crate::i18n::{tr, use_i18n};
use crate::platform;
use crate::present::calendar::{self, ALARMS};
use crate::state::{self, use_record};

/// The export card of the schedule page.
#[component]
pub fn CalendarExport() -> impl IntoView {
    let i18n = use_i18n();
    let record = use_record();
    let alarm = RwSignal::new(0usize);
    let outcome = RwSignal::new(None::<(bool, K)>);
    let export = move |_| {
        let Some(r) = record.record_untracked() else { return };
        let view = r.view();
        // The record's key names the record in the events' ids (stable across exports).
        let id = crate::present::record_id(&r, &view);
        let days = ALARMS.get(alarm.get_untracked()).and_then(|a| a.0);
        let events = calendar::events(&view, &id, state::today(), i18n.locale(), days);
        if events.is_empty() {
            return outcome.set(Some((false, K::cal_nothing)));
        }
        let text = calendar::ics(&view, &id, state::today(), platform::now_utc(), i18n.locale(), days);
        let ok = platform::download_file("watashi-no-karte.ics", "text/calendar;charset=utf-8", &text);
        outcome.set(Some(if ok { (true, K::cal_done) } else { (false, K::cal_failed) }));
    };
    view! {
        <section class="card" aria-labelledby="cal-h" data-testid="calendar-export">
            <h2 id="cal-h">{tr(K::cal_title)}</h2>
            <p>{tr(K::cal_how)}</p>
            <div class="field">
                <label class="field-label" for="cal-alarm">{tr(K::cal_alarm)}</label>
                <select id="cal-alarm" class="field-input" data-testid="cal-alarm" on:change=move |e| {
                    alarm.set(event_target_value(&e).parse().unwrap_or(0));
                }>
                    {ALARMS.iter().enumerate().map(|(i, (_, k))| view! {
                        <option value=i.to_string() selected=move || alarm.get() == i>{tr(*k)}</option>
                    }).collect_view()}
                </select>
            </div>
            {move || outcome.get().map(|(ok, k)| view! {
                <p class=if ok { "notice notice-ok" } else { "notice notice-error" } role="status" data-testid="cal-outcome">{tr(k)}</p>
            })}
            <button type="button" class="button" data-testid="cal-export" on:click=export>{tr(K::cal_export)}</button>
        </section>
    }
}
