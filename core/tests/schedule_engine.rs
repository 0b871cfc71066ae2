//! The schedule engine's edge cases, data driven: month ends, leap days, plan changes,
//! overdue and missed visits, next appointment on the day itself and after the last visit,
//! and the drug calendar.

use chrono::NaiveDate;
use karte_core::pathway::{self, Place, Regimen, Test};
use karte_core::schedule::{
    self, Adjustment, Attendance, CheckItem, DrugCalendar, DrugPhase, Plan, PlanError, VisitId,
    VisitStatus,
};
use karte_core::vocab::{OralDrug, PathId};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn plan(path: PathId, op: &str, adjustments: &[Adjustment]) -> Result<Plan, PlanError> {
    schedule::plan(pathway::template(path).unwrap(), d(op), adjustments)
}

fn m(n: u32) -> VisitId {
    VisitId::month(n)
}

/// `(path, operation date, visit id, expected date)`.
fn check_dates(cases: &[(PathId, &str, VisitId, &str)]) {
    for (path, op, id, expect) in cases {
        let p = plan(*path, op, &[]).unwrap();
        let v = p.visit(id).unwrap_or_else(|| panic!("{path:?} has no {id}"));
        assert_eq!(v.date, d(expect), "{path:?} op {op} visit {id}");
    }
}

#[test]
fn months_are_counted_from_the_anchor_and_clamp_at_month_ends() {
    use PathId::*;
    check_dates(&[
        // Jan 31 + 1 month = Feb 29 in a leap year, Feb 28 otherwise; +2 = Mar 31 (no drift).
        (LungUft, "2024-01-31", m(1), "2024-02-29"),
        (LungUft, "2023-01-31", m(1), "2023-02-28"),
        (LungUft, "2024-01-31", m(2), "2024-03-31"),
        (LungUft, "2024-01-31", m(3), "2024-04-30"),
        (LungUft, "2024-08-31", m(1), "2024-09-30"),
        // Feb 29 + 12 months = Feb 28; + 48 months = Feb 29 again.
        (StomachS1, "2024-02-29", m(12), "2025-02-28"),
        (StomachS1, "2024-02-29", m(48), "2028-02-29"),
        (ColorectalStage23, "2024-02-29", m(3), "2024-05-29"),
        (LiverStage12, "2023-11-30", m(3), "2024-02-29"),
        (BreastHormone, "2024-02-29", m(120), "2034-02-28"),
        (ProstateRadiotherapy, "2024-12-31", m(6), "2025-06-30"),
    ]);
}

#[test]
fn the_plan_ends_at_the_path_length() {
    let p = plan(PathId::BreastHormone, "2024-01-31", &[]).unwrap();
    assert_eq!(p.end, d("2034-01-31"));
    assert_eq!(p.visits.last().unwrap().date, p.end);
    let indexes: Vec<usize> = p.visits.iter().map(|v| v.index).collect();
    assert_eq!(indexes, (1..=p.visits.len()).collect::<Vec<_>>());
}

/// `(today, expected next visit id or None)` on colorectal-stage23 from 2024-01-31.
#[test]
fn next_visit_on_the_day_itself_between_visits_and_after_the_last() {
    let p = plan(PathId::ColorectalStage23, "2024-01-31", &[]).unwrap();
    let cases: &[(&str, Option<VisitId>)] = &[
        ("2024-01-31", Some(m(3))),
        ("2024-04-30", Some(m(3))), // the day itself
        ("2024-05-01", Some(m(6))),
        ("2029-01-31", Some(m(60))), // the last visit, on its day
        ("2029-02-01", None),        // after the last visit
    ];
    for (today, expect) in cases {
        // One meaning of "next visit": the first due today or upcoming (here, nothing made).
        assert_eq!(p.status(d(today), &[]).next().map(|v| v.id.clone()), *expect, "today {today}");
    }
    assert_eq!(p.previous_visit(d("2024-05-01")).map(|v| v.id.clone()), Some(m(3)));
}

fn status_of(p: &Plan, today: &str, attended: &[Attendance], id: &VisitId) -> VisitStatus {
    let progress = p.status(d(today), attended);
    progress.visits.into_iter().find(|v| &v.id == id).unwrap().status
}

fn went(date: &str) -> Attendance {
    Attendance { date: d(date), planned: None }
}

#[test]
fn overdue_missed_done_and_due_today() {
    let p = plan(PathId::ColorectalStage23, "2024-01-31", &[]).unwrap();
    // m3 is 2024-04-30, m6 2024-07-31.
    let cases: &[(&str, &[Attendance], VisitStatus)] = &[
        ("2024-04-29", &[], VisitStatus::Upcoming),
        ("2024-04-30", &[], VisitStatus::DueToday),
        ("2024-05-01", &[], VisitStatus::Overdue { days_late: 1 }),
        ("2024-05-30", &[], VisitStatus::Overdue { days_late: 30 }),
        ("2024-05-31", &[], VisitStatus::Missed { days_late: 31 }),
        // A visit a few days late matches the plan by date.
        ("2024-06-30", &[Attendance { date: d("2024-05-07"), planned: None }], VisitStatus::Done { attendance: 0, on: d("2024-05-07") }),
        // A visit that names the planned visit matches it even far from the date.
        (
            "2024-09-30",
            &[Attendance { date: d("2024-06-25"), planned: Some(VisitId(String::from("m3"))) }],
            VisitStatus::Done { attendance: 0, on: d("2024-06-25") },
        ),
        // Too far from any planned date: not a match.
        ("2024-06-30", &[Attendance { date: d("2024-06-14"), planned: None }], VisitStatus::Missed { days_late: 61 }),
    ];
    for (today, attended, expect) in cases {
        assert_eq!(status_of(&p, today, attended, &m(3)), *expect, "today {today}");
    }
    let progress = p.status(d("2024-06-30"), &[went("2024-06-14")]);
    assert_eq!(progress.unplanned, vec![0]);
    assert_eq!(progress.next().unwrap().id, m(6));
    assert_eq!(progress.missed().count(), 1);
}

#[test]
fn each_visit_made_matches_one_planned_visit() {
    // Monthly UFT visits: two visits close together take the two nearest planned visits.
    let p = plan(PathId::LungUft, "2024-01-31", &[]).unwrap();
    let progress = p.status(d("2024-04-01"), &[went("2024-03-05"), went("2024-03-28")]);
    let done: Vec<_> = progress
        .visits
        .iter()
        .filter(|v| matches!(v.status, VisitStatus::Done { .. }))
        .map(|v| v.id.clone())
        .collect();
    assert_eq!(done, vec![m(1), m(2)]);
    assert!(progress.unplanned.is_empty());
    assert_eq!(progress.done(), 2);
}

#[test]
fn plan_changes_move_shift_add_cancel_and_retest() {
    use Adjustment::*;
    let changes = vec![
        Move { visit: m(3), to: d("2024-05-10") },
        Shift { from: m(12), days: 14 },
        SetPlace { visit: m(9), place: Place::Hospital },
        AddTest { visit: m(9), test: Test::Ct },
        RemoveTest { visit: m(6), test: Test::Ct },
        Add { date: d("2024-03-15"), place: Place::Hospital, tests: vec![Test::Other("pet-ct".into())] },
        Cancel { visit: m(15) },
    ];
    let p = plan(PathId::ColorectalStage23, "2024-01-31", &changes).unwrap();
    let v = |id: &VisitId| p.visit(id).unwrap();
    assert_eq!(v(&m(3)).date, d("2024-05-10"));
    assert!(v(&m(3)).changed);
    assert_eq!(v(&m(12)).date, d("2025-02-14"));
    assert_eq!(v(&m(60)).date, d("2029-02-14"));
    assert_eq!(v(&m(9)).date, d("2024-10-31")); // before m12: not shifted
    assert_eq!(v(&m(9)).place, Place::Hospital);
    assert!(v(&m(9)).tests.contains(&Test::Ct));
    assert!(!v(&m(6)).tests.contains(&Test::Ct));
    let added = v(&VisitId::added(1));
    assert_eq!((added.index, added.month), (1, None));
    assert!(p.visit(&m(15)).is_none());
    assert_eq!(p.cancelled[0].id, m(15));
    // Stage III rectal by default (nothing recorded): 7 tests at m6, one removed.
    assert!(v(&m(6)).changed && v(&m(6)).tests.len() == 6);
    // The next visit after a move follows the new date.
    assert_eq!(p.status(d("2024-05-01"), &[]).next().unwrap().id, m(3));
}

#[test]
fn drug_cycle_checks_have_their_own_ids_and_added_visits_are_numbered_apart() {
    let add = Adjustment::Add { date: d("2024-03-20"), place: Place::Clinic, tests: vec![Test::BloodCount] };
    let p = plan(PathId::StomachS1, "2024-01-31", &[add.clone(), add]).unwrap();
    // S-1 from day 42 (2024-03-13): course 1 day 1 and day 15, course 2 day 1.
    assert_eq!(p.visit(&VisitId::cycle(1, 1)).unwrap().date, d("2024-03-13"));
    assert_eq!(p.visit(&VisitId::cycle(1, 15)).unwrap().date, d("2024-03-27"));
    assert_eq!(p.visit(&VisitId::cycle(2, 1)).unwrap().date, d("2024-04-24"));
    assert_eq!(VisitId::cycle(1, 15).as_str(), "c1d15");
    assert!(p.visit(&VisitId::added(1)).is_some() && p.visit(&VisitId::added(2)).is_some());
    assert!(!VisitId::cycle(1, 1).is_added() && VisitId::added(1).is_added());
}

#[test]
fn invalid_plan_changes_are_typed_errors() {
    use Adjustment::*;
    let cases: Vec<(Adjustment, PlanError)> = vec![
        (Move { visit: m(4), to: d("2024-06-01") }, PlanError::UnknownVisit(m(4))),
        (Cancel { visit: VisitId::added(1) }, PlanError::UnknownVisit(VisitId::added(1))),
        (Move { visit: m(3), to: d("2024-01-01") }, PlanError::BeforeAnchor(d("2024-01-01"))),
        (Shift { from: m(3), days: -120 }, PlanError::BeforeAnchor(d("2024-01-01"))),
        (RemoveTest { visit: m(3), test: Test::Ct }, PlanError::TestNotChanged { visit: m(3), test: Test::Ct }),
        (AddTest { visit: m(6), test: Test::Ct }, PlanError::TestNotChanged { visit: m(6), test: Test::Ct }),
    ];
    for (a, expect) in cases {
        assert_eq!(plan(PathId::ColorectalStage23, "2024-01-31", std::slice::from_ref(&a)), Err(expect), "{a:?}");
    }
}

#[test]
fn the_checklist_has_interview_drug_review_and_tests() {
    let p = plan(PathId::StomachS1, "2024-01-31", &[]).unwrap();
    let during = p.checklist(&VisitId::cycle(2, 1)).unwrap();
    assert!(during.contains(&CheckItem::Drug(OralDrug::S1)));
    assert!(during.contains(&CheckItem::Test(Test::Cea)));
    let after = p.checklist(&m(24)).unwrap();
    assert!(!after.contains(&CheckItem::Drug(OralDrug::S1)));
    assert!(after.contains(&CheckItem::Test(Test::Endoscopy)));
    assert!(p.checklist(&m(4000)).is_none());
    let plain = plan(PathId::ColorectalStage23, "2024-01-31", &[]).unwrap();
    assert!(!plain.checklist(&m(3)).unwrap().iter().any(|i| matches!(i, CheckItem::Drug(_))));
}

/// `(date, phase, cycle, day of cycle, next switch)`.
type DayCase = (&'static str, DrugPhase, u32, u32, Option<&'static str>);

fn check_calendar(cal: &DrugCalendar, cases: &[DayCase]) {
    for (date, phase, cycle, day, next) in cases {
        let got = cal.day(d(date));
        assert_eq!(
            (got.phase, got.cycle, got.day_of_cycle, got.next_switch),
            (*phase, *cycle, *day, next.map(d)),
            "{:?} on {date}",
            cal.drug
        );
    }
}

#[test]
fn drug_calendar_s1_four_on_two_off() {
    let cal = DrugCalendar::new(OralDrug::S1, d("2024-01-31"), Regimen::Cyclic { on_days: 28, off_days: 14, cycles: 8 });
    use DrugPhase::*;
    check_calendar(
        &cal,
        &[
            ("2024-01-30", NotStarted, 0, 0, Some("2024-01-31")),
            ("2024-01-31", On, 1, 1, Some("2024-02-28")),
            ("2024-02-27", On, 1, 28, Some("2024-02-28")),
            ("2024-02-28", Off, 1, 29, Some("2024-03-13")),
            ("2024-02-29", Off, 1, 30, Some("2024-03-13")), // leap day
            ("2024-03-12", Off, 1, 42, Some("2024-03-13")),
            ("2024-03-13", On, 2, 1, Some("2024-04-10")),
            ("2024-11-20", On, 8, 1, Some("2024-12-18")),
            ("2024-12-18", Off, 8, 29, Some("2025-01-01")), // last rest: the switch is the end
            ("2025-01-01", Finished, 8, 0, None),
        ],
    );
    assert_eq!(cal.end(), d("2025-01-01")); // 8 x 42 = 336 days
    assert_eq!(cal.total_cycles(), 8);
    let month = cal.days(d("2024-02-01"), d("2024-02-29"));
    assert_eq!(month.len(), 29);
    assert_eq!(month.iter().filter(|(_, day)| day.phase == On).count(), 27);
}

#[test]
fn drug_calendar_capecitabine_uft_lv_and_continuous() {
    use DrugPhase::*;
    let cape = DrugCalendar::new(OralDrug::Capecitabine, d("2024-03-01"), Regimen::Cyclic { on_days: 14, off_days: 7, cycles: 8 });
    check_calendar(
        &cape,
        &[
            ("2024-03-14", On, 1, 14, Some("2024-03-15")),
            ("2024-03-15", Off, 1, 15, Some("2024-03-22")),
            ("2024-03-22", On, 2, 1, Some("2024-04-05")),
        ],
    );
    assert_eq!(cape.end(), d("2024-08-16")); // 168 days
    let uft_lv = DrugCalendar::new(OralDrug::UftLeucovorin, d("2024-03-01"), Regimen::Cyclic { on_days: 28, off_days: 7, cycles: 5 });
    assert_eq!(uft_lv.end(), d("2024-08-23")); // 175 days
    check_calendar(&uft_lv, &[("2024-03-29", Off, 1, 29, Some("2024-04-05"))]);
    let uft = DrugCalendar::new(OralDrug::Uft, d("2024-02-29"), Regimen::Continuous { months: 24 });
    check_calendar(
        &uft,
        &[
            ("2024-02-29", On, 1, 1, Some("2026-02-28")),
            ("2026-02-27", On, 1, 730, Some("2026-02-28")),
            ("2026-02-28", Finished, 1, 0, None),
        ],
    );
}

#[test]
fn the_plan_carries_the_templates_drug() {
    let p = plan(PathId::StomachS1, "2024-01-31", &[]).unwrap();
    let cal = p.drug.unwrap();
    assert_eq!(cal.drug, OralDrug::S1);
    assert_eq!(cal.start, d("2024-03-13"));
    assert!(plan(PathId::ColorectalStage23, "2024-01-31", &[]).unwrap().drug.is_none());
    let breast = plan(PathId::BreastHormone, "2024-01-31", &[]).unwrap();
    assert_eq!(breast.drug.unwrap().drug, OralDrug::Tamoxifen);
}
