//! The schedule page: the plan as a timeline with each visit's status, and the drug calendar of
//! the current course.

use chrono::{Days, NaiveDate};
use karte_core::i18n::{self, Locale, K};
use karte_core::pathway::{self, Depth, Regimen, Site, StageGroup};
use karte_core::record::RecordView;
use karte_core::schedule::{DrugPhase, PlannedVisit, VisitStatus};
use karte_core::vocab::OralDrug;

use super::dates;

/// Where a planned visit stands, as the patient reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitTag {
    /// Made, on that day.
    Done {
        /// The day it was made.
        on: NaiveDate,
    },
    /// Planned for today.
    DueToday,
    /// The next visit to make (after today).
    Next,
    /// Planned later.
    Upcoming,
    /// Late, still to be made up.
    Overdue {
        /// Days since the planned date.
        days: i64,
    },
    /// Not made.
    Missed,
}

impl VisitTag {
    /// The badge text.
    pub fn text(self, locale: Locale) -> String {
        match self {
            VisitTag::Done { on } => {
                i18n::format(locale, K::rec_schedule_done_on, &[("date", &dates::plain(locale, on))])
            }
            VisitTag::DueToday => i18n::text(locale, K::rec_status_due_today).to_string(),
            VisitTag::Next => i18n::text(locale, K::rec_status_next).to_string(),
            VisitTag::Upcoming => i18n::text(locale, K::rec_status_upcoming).to_string(),
            VisitTag::Overdue { days } => {
                i18n::format(locale, K::rec_status_overdue, &[("n", &days.to_string())])
            }
            VisitTag::Missed => i18n::text(locale, K::rec_status_missed).to_string(),
        }
    }

    /// The CSS modifier of the row (`done`, `today`, `next`, `upcoming`, `overdue`, `missed`).
    pub fn class(self) -> &'static str {
        match self {
            VisitTag::Done { .. } => "done",
            VisitTag::DueToday => "today",
            VisitTag::Next => "next",
            VisitTag::Upcoming => "upcoming",
            VisitTag::Overdue { .. } => "overdue",
            VisitTag::Missed => "missed",
        }
    }

    /// Whether the visit lies behind the patient (made or missed): shown dimmed.
    pub fn is_past(self) -> bool {
        matches!(self, VisitTag::Done { .. } | VisitTag::Missed)
    }
}

/// One row of the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineRow {
    /// The planned visit (date, place, tests, whether the hospital changed it).
    pub visit: PlannedVisit,
    /// Status.
    pub tag: VisitTag,
    /// Whether this is the next visit to make (today's or the first upcoming).
    pub is_next: bool,
}

/// The plan on `today`, one row per planned visit (empty without a plan).
pub fn timeline(view: &RecordView, today: NaiveDate) -> Vec<TimelineRow> {
    let (Some(plan), Some(progress)) = (view.plan.as_ref(), view.progress(today)) else {
        return Vec::new();
    };
    let next = progress.next().map(|v| v.id.clone());
    plan.visits
        .iter()
        .zip(&progress.visits)
        .map(|(v, s)| {
            let is_next = next.as_ref() == Some(&v.id);
            let tag = match s.status {
                VisitStatus::Done { on, .. } => VisitTag::Done { on },
                VisitStatus::DueToday => VisitTag::DueToday,
                VisitStatus::Upcoming if is_next => VisitTag::Next,
                VisitStatus::Upcoming => VisitTag::Upcoming,
                VisitStatus::Overdue { days_late } => VisitTag::Overdue { days: days_late },
                VisitStatus::Missed { .. } => VisitTag::Missed,
            };
            TimelineRow {
                visit: v.clone(),
                tag,
                is_next,
            }
        })
        .collect()
}

/// The visit's heading: "Visit 3" style position and the month or "added".
pub fn row_when(locale: Locale, row: &TimelineRow) -> String {
    match row.visit.month {
        Some(m) => i18n::format(locale, K::rec_schedule_month, &[("m", &m.to_string())]),
        None => i18n::text(locale, K::rec_schedule_added).to_string(),
    }
}

/// One day of the drug calendar grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CalDay {
    /// The date.
    pub date: NaiveDate,
    /// 1-based day of the course.
    pub day: u32,
    /// A day to take the drug (else a rest day).
    pub on: bool,
    /// Today.
    pub today: bool,
}

/// The drug calendar as the schedule page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DrugSummary {
    /// The course starts later.
    NotStarted {
        /// Drug.
        drug: OralDrug,
        /// First day.
        start: NaiveDate,
    },
    /// The course is over.
    Finished {
        /// Drug.
        drug: OralDrug,
    },
    /// A drug taken every day.
    Daily {
        /// Drug.
        drug: OralDrug,
        /// The last day of the course.
        until: NaiveDate,
    },
    /// A cyclic drug: the days of the current course.
    Cycle {
        /// Drug.
        drug: OralDrug,
        /// 1-based course number.
        cycle: u32,
        /// Number of courses.
        total: u32,
        /// Every day of this course.
        days: Vec<CalDay>,
    },
}

/// The drug calendar on `today`, for a record with an oral drug.
pub fn drug_summary(view: &RecordView, today: NaiveDate) -> Option<DrugSummary> {
    let cal = view.drug_calendar()?;
    let day = cal.day(today);
    let drug = cal.drug;
    Some(match (day.phase, cal.regimen) {
        (DrugPhase::NotStarted, _) => DrugSummary::NotStarted { drug, start: cal.start },
        (DrugPhase::Finished, _) => DrugSummary::Finished { drug },
        (_, Regimen::Continuous { .. }) => {
            DrugSummary::Daily { drug, until: cal.end().pred_opt().unwrap_or(cal.end()) }
        }
        (_, Regimen::Cyclic { on_days, off_days, .. }) => {
            let len = u64::from(on_days + off_days);
            let first = today
                .checked_sub_days(Days::new(u64::from(day.day_of_cycle.saturating_sub(1))))
                .unwrap_or(today);
            let days = (0..len)
                .filter_map(|i| {
                    let date = first.checked_add_days(Days::new(i))?;
                    let n = u32::try_from(i + 1).ok()?;
                    Some(CalDay { date, day: n, on: n <= on_days, today: date == today })
                })
                .collect();
            DrugSummary::Cycle { drug, cycle: day.cycle, total: day.total_cycles, days }
        }
    })
}

/// Visits done and visits planned on `today` ([`karte_core::schedule::Progress::done`]).
pub fn progress_counts(view: &RecordView, today: NaiveDate) -> (usize, usize) {
    view.progress(today).map_or((0, 0), |p| (p.done(), p.visits.len()))
}

/// The visits a plan change cancelled, each with its date as the patient reads it and its
/// place.
pub fn cancelled(view: &RecordView, locale: Locale) -> Vec<(String, K)> {
    let cancelled = view.plan.as_ref().map(|p| p.cancelled.as_slice()).unwrap_or_default();
    cancelled.iter().map(|v| (dates::long(locale, v.date), crate::labels::place(v.place))).collect()
}

/// The tests of a visit, as one line.
pub fn tests_line(locale: Locale, visit: &PlannedVisit) -> String {
    super::text::list(locale, visit.tests.iter().map(|t| crate::labels::test(locale, t)))
}

/// What the plan's schedule was chosen by (stage group, colon or rectum, depth of a Stage I
/// colorectal cancer), as one line, each value marked when the plan does not record it and the
/// template's more intensive choice stands in; `None` when the path's schedule depends on none.
pub fn plan_basis(view: &RecordView, locale: Locale) -> Option<String> {
    let cp = &view.care_plan.as_ref()?.value;
    let t = pathway::template(cp.path).ok()?;
    let used = t.resolve(&cp.factors);
    let recorded = |given: bool, key: K| {
        let what = i18n::text(locale, key);
        if given {
            what.to_string()
        } else {
            i18n::format(locale, K::rec_profile_basis_unknown, &[("what", what)])
        }
    };
    let mut parts = Vec::new();
    if let Some(s) = used.stage {
        let key = match s {
            StageGroup::I => K::rec_profile_basis_stage_i,
            StageGroup::Ii => K::rec_profile_basis_stage_ii,
            StageGroup::Iii => K::rec_profile_basis_stage_iii,
        };
        parts.push(recorded(cp.factors.stage == Some(s), key));
    }
    if let Some(s) = used.site {
        let key = match s {
            Site::Colon => K::rec_profile_basis_colon,
            Site::Rectum => K::rec_profile_basis_rectum,
        };
        parts.push(recorded(cp.factors.site == Some(s), key));
    }
    if let Some(d) = used.depth {
        let key = match d {
            Depth::T1 => K::rec_profile_basis_t1,
            Depth::T2 => K::rec_profile_basis_t2,
        };
        parts.push(recorded(cp.factors.depth == Some(d), key));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use karte_core::demo;
    use karte_core::vocab::CancerType;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn the_timeline_lists_every_planned_visit_with_one_next() {
        let today = demo::fixed_today();
        for c in CancerType::ALL {
            let v = demo::record_fixed(c).view();
            let rows = timeline(&v, today);
            let path = v.plan.as_ref().expect("plan").path;
            assert_eq!(rows.len(), v.plan.as_ref().expect("plan").visits.len(), "{c:?}");
            assert_eq!(path, v.care_plan.as_ref().expect("care plan").value.path);
            assert_eq!(rows.iter().filter(|r| r.is_next).count(), 1, "{c:?}");
            let next = rows.iter().position(|r| r.is_next).expect("next");
            assert!(rows[..next].iter().all(|r| r.tag.is_past()), "{c:?}");
            assert!(rows[next + 1..].iter().all(|r| r.tag == VisitTag::Upcoming), "{c:?}");
        }
        let rows = timeline(&demo::record_fixed(CancerType::Stomach).view(), today);
        let next = rows.iter().find(|r| r.is_next).expect("next");
        assert_eq!((next.visit.date, next.tag), (d(2025, 6, 15), VisitTag::DueToday));
    }

    #[test]
    fn cancelled_visits_are_listed_with_their_date_and_place() {
        let mut v = demo::record_fixed(CancerType::Stomach).view();
        assert!(cancelled(&v, Locale::En).is_empty());
        let plan = v.plan.as_mut().expect("plan");
        let gone = plan.visits[1].clone();
        plan.cancelled.push(gone.clone());
        assert_eq!(cancelled(&v, Locale::En), vec![(dates::long(Locale::En, gone.date), crate::labels::place(gone.place))]);
    }

    #[test]
    fn the_plan_basis_names_the_factors_and_marks_the_unrecorded_ones() {
        let mut v = demo::record_fixed(CancerType::Colorectal).view();
        assert_eq!(plan_basis(&v, Locale::En).as_deref(), Some("Stage III, colon cancer"));
        let cp = &mut v.care_plan.as_mut().expect("care plan").value;
        cp.factors.site = None;
        assert_eq!(
            plan_basis(&v, Locale::En).as_deref(),
            Some("Stage III, rectal cancer (not recorded: the schedule with more tests is used)")
        );
        let rectum_ja = i18n::text(Locale::Ja, K::rec_profile_basis_rectum);
        assert!(plan_basis(&v, Locale::Ja).is_some_and(|s| s.contains(rectum_ja) && s != rectum_ja));
        let lung = demo::record_fixed(CancerType::Lung).view();
        assert_eq!(plan_basis(&lung, Locale::En), None);
    }

    #[test]
    fn visits_not_made_become_overdue_then_missed() {
        let v = demo::record_fixed(CancerType::Colorectal).view();
        // 40 days after the month-15 visit (2025-07-15) and the month-18 one not yet due.
        let rows = timeline(&v, d(2025, 8, 24));
        let m15 = rows.iter().find(|r| r.visit.month == Some(15)).expect("m15");
        assert_eq!(m15.tag, VisitTag::Missed);
        let rows = timeline(&v, d(2025, 7, 25));
        let m15 = rows.iter().find(|r| r.visit.month == Some(15)).expect("m15");
        assert_eq!(m15.tag, VisitTag::Overdue { days: 10 });
        assert_eq!(m15.tag.text(Locale::En), "10 days overdue");
    }

    #[test]
    fn the_s1_calendar_shows_the_current_course() {
        let today = demo::fixed_today();
        let v = demo::record_fixed(CancerType::Stomach).view();
        let Some(DrugSummary::Cycle { drug, cycle, total, days }) = drug_summary(&v, today) else {
            panic!("cycle")
        };
        assert_eq!((drug, cycle, total, days.len()), (OralDrug::S1, 5, 8, 42));
        assert_eq!(days.iter().filter(|x| x.on).count(), 28);
        let t = days.iter().position(|x| x.today).expect("today");
        // The demo's S-1 started 2024-12-29: course 5 begins today.
        assert_eq!((t, days[t].day, days[t].on), (0, 1, true));
        assert_eq!(days[0].date, d(2025, 6, 15));
    }

    #[test]
    fn a_daily_drug_and_no_drug() {
        let today = demo::fixed_today();
        let v = demo::record_fixed(CancerType::Breast).view();
        assert!(matches!(drug_summary(&v, today), Some(DrugSummary::Daily { drug: OralDrug::Tamoxifen, .. })));
        assert_eq!(drug_summary(&demo::record_fixed(CancerType::Lung).view(), today), None);
    }
}
