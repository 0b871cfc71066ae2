//! What goes into the phone's calendar (`karte_core::calendar` writes it): every coming visit
//! of the plan (where, what will be done, the number to call) and each course of a cyclic oral
//! drug (the days to take it, the rest days), in the patient's language, each with a stable
//! id so a second export updates the calendar. Plain Rust, tested natively.

use chrono::{NaiveDate, NaiveDateTime};
use karte_core::calendar::{self, Event};
use karte_core::i18n::{self, Locale, K};
use karte_core::pathway::Regimen;
use karte_core::record::RecordView;

use super::home;
use crate::labels;

/// The reminder choices, in days before (`None`: no reminder), the default first.
pub const ALARMS: [(Option<u32>, K); 5] =
    [(Some(1), K::cal_alarm_1), (Some(0), K::cal_alarm_0), (Some(2), K::cal_alarm_2), (Some(7), K::cal_alarm_7), (None, K::cal_alarm_none)];

/// The events from `today` on. `record` names the record in the ids (its key's id; stable).
pub fn events(view: &RecordView, record: &str, today: NaiveDate, locale: Locale, alarm: Option<u32>) -> Vec<Event> {
    let t = |k| i18n::text(locale, k);
    let f = |k, args: &[(&str, &str)]| i18n::format(locale, k, args);
    let mut out = Vec::new();
    if let Some(plan) = &view.plan {
        for v in plan.visits.iter().filter(|v| v.date >= today) {
            let contact = home::institution(view, v.place);
            let place = contact.as_ref().map(|c| c.name.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| t(labels::place(v.place)).to_string());
            let tests: Vec<String> = v.tests.iter().map(|x| labels::test(locale, x)).collect();
            let mut description = f(K::cal_tests, &[("tests", &tests.join(t(K::rec_common_list_sep)))]);
            if let Some(phone) = contact.and_then(|c| c.phone) {
                description.push('\n');
                description.push_str(&f(K::cal_phone, &[("phone", &phone.0)]));
            }
            out.push(Event {
                uid: format!("visit-{}.{record}@watashi-no-karte", v.id),
                start: v.date,
                days: 1,
                summary: f(K::cal_visit, &[("place", &place)]),
                location: Some(place),
                description,
                alarm_days_before: alarm,
            });
        }
    }
    if let Some(cal) = view.drug_calendar() {
        if let Regimen::Cyclic { on_days, off_days, cycles } = cal.regimen {
            let drug = t(labels::drug(cal.drug));
            for n in 1..=cycles {
                let start = cal.start + chrono::Days::new(u64::from((n - 1) * (on_days + off_days)));
                let rest = start + chrono::Days::new(u64::from(on_days));
                let end = rest + chrono::Days::new(u64::from(off_days));
                if end <= today {
                    continue;
                }
                let course = n.to_string();
                out.push(Event {
                    uid: format!("drug-{n}-on.{record}@watashi-no-karte"),
                    start,
                    days: on_days,
                    summary: f(K::cal_drug_on, &[("drug", drug), ("n", &course)]),
                    location: None,
                    description: String::new(),
                    alarm_days_before: alarm,
                });
                if off_days > 0 {
                    out.push(Event {
                        uid: format!("drug-{n}-off.{record}@watashi-no-karte"),
                        start: rest,
                        days: off_days,
                        summary: f(K::cal_drug_off, &[("drug", drug), ("n", &course)]),
                        location: None,
                        description: String::new(),
                        alarm_days_before: None,
                    });
                }
            }
        }
    }
    out
}

/// The calendar file.
pub fn ics(view: &RecordView, record: &str, today: NaiveDate, now_utc: NaiveDateTime, locale: Locale, alarm: Option<u32>) -> String {
    calendar::write(i18n::text(locale, K::cal_name), &events(view, record, today, locale, alarm), now_utc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use karte_core::demo;
    use karte_core::vocab::CancerType;

    #[test]
    fn coming_visits_and_drug_courses_with_stable_ids() {
        let r = demo::record_fixed(CancerType::Stomach);
        let view = r.view();
        let today = demo::fixed_today();
        let e = events(&view, "rec1", today, Locale::Ja, Some(1));
        let plan = view.plan.as_ref().expect("plan");
        let coming = plan.visits.iter().filter(|v| v.date >= today).count();
        let visits: Vec<&Event> = e.iter().filter(|x| x.uid.starts_with("visit-")).collect();
        assert_eq!(visits.len(), coming);
        assert!(visits.iter().all(|v| v.alarm_days_before == Some(1) && v.start >= today && !v.summary.is_empty()));
        assert!(e.iter().any(|x| x.uid.starts_with("drug-") && x.uid.contains("-on.")), "the S-1 courses");
        // Exported again later, the same events keep their ids.
        let again = events(&view, "rec1", today, Locale::En, None);
        let ids = |v: &[Event]| v.iter().map(|x| x.uid.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&e), ids(&again));
        assert!(again.iter().all(|x| x.alarm_days_before.is_none()));
        let file = ics(&view, "rec1", today, today.and_hms_opt(0, 0, 0).expect("t"), Locale::Ja, Some(1));
        assert_eq!(file.matches("BEGIN:VEVENT").count(), e.len());
    }
}
