//! The schedule engine: from a template and an anchor date to a dated plan, and what the plan
//! says about a given day. Pure functions; today is always passed in.
//!
//! * [`plan`]: template + anchor (operation) date + the hospital's adjustments → [`Plan`].
//! * [`Plan::checklist`]: what is due at a visit (the provider sheet, 医療者用シート).
//! * [`Plan::status`]: which visits are done, upcoming, overdue or missed, matching the
//!   visits actually made ([`Attendance`]) to the planned ones.
//! * [`DrugCalendar`]: the on/off days of an oral drug.
//!
//! Month arithmetic counts every visit from the anchor (never from the previous visit) with
//! chrono's `checked_add_months`, so a month end stays a month end: an operation on Jan 31 puts
//! the 1-month visit on Feb 29 (leap year) or Feb 28, the 2-month visit on Mar 31.
//!
//! ```
//! use chrono::NaiveDate;
//! use karte_core::{pathway, schedule, vocab::PathId};
//! let t = pathway::template(PathId::ColorectalStage23).expect("valid");
//! let op = NaiveDate::from_ymd_opt(2024, 1, 31).expect("date");
//! let plan = schedule::plan(t, op, &[]).expect("plan");
//! let next = plan.status(op, &[]).next().expect("a visit").date;
//! assert_eq!(next, NaiveDate::from_ymd_opt(2024, 4, 30).expect("date"));
//! ```

mod drug;

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Days, Months, NaiveDate};
use serde::de;
use serde::{Deserialize, Deserializer, Serialize};

pub use drug::{DrugCalendar, DrugDay, DrugPhase};

use crate::pathway::{Factors, Place, Regimen, Template, Test};
use crate::sort;
use crate::tagged;
use crate::vocab::{OralDrug, PathId};

/// Days after a planned date during which an unattended visit is *overdue* (still to be
/// made up); after that it is *missed*.
pub const GRACE_DAYS: i64 = 30;

/// A drug-cycle check is made at a hospital visit (the hospital does the check) instead of a
/// separate clinic visit when the hospital visit is at most this many days away: for the check
/// before a course (day 1), only on day 1 or up to this many days before it, never after the
/// course has started (the check decides whether to start it); for a check during a course,
/// either way, but not before the course's first day.
pub const CYCLE_MERGE_DAYS: i64 = 7;

/// Whether a hospital visit `offset` days after a cycle check's own date (negative: before) may
/// take that check: see [`CYCLE_MERGE_DAYS`]. `day` is the check's 1-based day of the cycle.
pub fn cycle_check_may_merge(day: u32, offset: i64) -> bool {
    let (before, after) = if day <= 1 {
        (CYCLE_MERGE_DAYS, 0)
    } else {
        (CYCLE_MERGE_DAYS.min(i64::from(day) - 1), CYCLE_MERGE_DAYS)
    };
    (-before..=after).contains(&offset)
}

/// How far (in days, either way) a visit actually made may be from a planned date and still
/// count as that planned visit, when the visit record does not name it.
pub const MATCH_WINDOW_DAYS: i64 = 30;

/// The stable id of a planned visit: `m<month>` for a template visit (`m3`, `m12`), `x<n>` for
/// a visit the hospital added.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VisitId(pub String);

impl VisitId {
    /// The id of the template visit at `month`.
    pub fn month(month: u32) -> VisitId {
        VisitId(format!("m{month}"))
    }

    /// The id of the check on day `day` of drug cycle `cycle`: `c<cycle>`, or `c<cycle>d<day>`
    /// after the first day.
    pub fn cycle(cycle: u32, day: u32) -> VisitId {
        if day == 1 {
            VisitId(format!("c{cycle}"))
        } else {
            VisitId(format!("c{cycle}d{day}"))
        }
    }

    /// Whether this is a visit the hospital added (`x<n>`).
    pub fn is_added(&self) -> bool {
        self.0.starts_with('x')
    }

    /// The id of the `n`-th added visit (1-based).
    pub fn added(n: usize) -> VisitId {
        VisitId(format!("x{n}"))
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VisitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A change the planning hospital makes to the plan of one patient. Kept in the record as
/// entries (nothing is edited in place), and replayed in order by [`plan`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Adjustment {
    /// Move one visit to another date.
    Move {
        /// The visit.
        visit: VisitId,
        /// Its new date.
        to: NaiveDate,
    },
    /// Shift a visit and every later visit by a number of days (negative: earlier), e.g.
    /// after a delayed start.
    Shift {
        /// The first visit to shift.
        from: VisitId,
        /// Days to add.
        days: i64,
    },
    /// Change who does a visit.
    SetPlace {
        /// The visit.
        visit: VisitId,
        /// The new place.
        place: Place,
    },
    /// Add a test to a visit.
    AddTest {
        /// The visit.
        visit: VisitId,
        /// The test.
        test: Test,
    },
    /// Remove a test from a visit.
    RemoveTest {
        /// The visit.
        visit: VisitId,
        /// The test.
        test: Test,
    },
    /// Add a visit that the template does not have (its id is `x<n>`).
    Add {
        /// Date.
        date: NaiveDate,
        /// Who sees the patient.
        place: Place,
        /// What is due.
        tests: Vec<Test>,
    },
    /// Cancel a visit.
    Cancel {
        /// The visit.
        visit: VisitId,
    },
    /// Switch the plan's oral drug to another the path offers (breast-hormone: tamoxifen to an
    /// aromatase inhibitor or back); the course's dates stay, the drug review and the guidance
    /// name the new drug.
    SetDrug {
        /// The drug from now on.
        drug: OralDrug,
    },
}

// Read without serde's `Content` buffer (see `crate::tagged`); written by the derive, tag
// first. Unknown fields are refused.
impl<'de> Deserialize<'de> for Adjustment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Adjustment, D::Error> {
        let (op, f) = tagged::read(d, "Adjustment", "op")?;
        Ok(match op.as_str() {
            "move" => {
                let mut f = f.only(&["visit", "to"])?;
                Adjustment::Move { visit: f.field("visit")?, to: f.field("to")? }
            }
            "shift" => {
                let mut f = f.only(&["from", "days"])?;
                Adjustment::Shift { from: f.field("from")?, days: f.field("days")? }
            }
            "set-place" => {
                let mut f = f.only(&["visit", "place"])?;
                Adjustment::SetPlace { visit: f.field("visit")?, place: f.field("place")? }
            }
            "add-test" => {
                let mut f = f.only(&["visit", "test"])?;
                Adjustment::AddTest { visit: f.field("visit")?, test: f.field("test")? }
            }
            "remove-test" => {
                let mut f = f.only(&["visit", "test"])?;
                Adjustment::RemoveTest { visit: f.field("visit")?, test: f.field("test")? }
            }
            "add" => {
                let mut f = f.only(&["date", "place", "tests"])?;
                Adjustment::Add { date: f.field("date")?, place: f.field("place")?, tests: f.field("tests")? }
            }
            "cancel" => Adjustment::Cancel { visit: f.only(&["visit"])?.field("visit")? },
            "set-drug" => Adjustment::SetDrug { drug: f.only(&["drug"])?.field("drug")? },
            other => {
                const OPS: &[&str] =
                    &["move", "shift", "set-place", "add-test", "remove-test", "add", "cancel", "set-drug"];
                return Err(de::Error::unknown_variant(other, OPS));
            }
        })
    }
}

/// Why a plan cannot be made or adjusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    /// An adjustment names a visit that is not (or no longer) in the plan.
    UnknownVisit(VisitId),
    /// The test to remove is not at that visit, or the test to add already is.
    TestNotChanged {
        /// The visit.
        visit: VisitId,
        /// The test.
        test: Test,
    },
    /// A date before the anchor date.
    BeforeAnchor(NaiveDate),
    /// Date arithmetic left chrono's range.
    DateOutOfRange,
    /// The drug is not one the path offers (or the path has no oral drug).
    DrugNotOffered(OralDrug),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::UnknownVisit(v) => write!(f, "no planned visit {v}"),
            PlanError::TestNotChanged { visit, test } => {
                write!(f, "visit {visit}: the test {test} is not changed by this adjustment")
            }
            PlanError::BeforeAnchor(d) => write!(f, "{d} is before the start of the plan"),
            PlanError::DateOutOfRange => f.write_str("date out of range"),
            PlanError::DrugNotOffered(d) => write!(f, "the path does not offer the drug {}", d.as_str()),
        }
    }
}

impl std::error::Error for PlanError {}

/// What a patient's plan records beyond the path and the anchor date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlanInputs {
    /// The disease factors the schedule depends on (stage group, site, depth); unknown ones
    /// take the template's `if_unknown` values.
    pub factors: Factors,
    /// The real first day of the oral drug, when known; otherwise the template's default.
    pub drug_start: Option<NaiveDate>,
    /// The oral drug, among those the path offers (breast-hormone: tamoxifen or an aromatase
    /// inhibitor); `None` takes the template's first (plans issued before it was asked).
    pub drug: Option<OralDrug>,
}

/// One dated visit of a patient's plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedVisit {
    /// Stable id, kept through adjustments.
    pub id: VisitId,
    /// 1-based position in date order.
    pub index: usize,
    /// The template month, or `None` for a drug-cycle check or an added visit.
    pub month: Option<u32>,
    /// Planned date.
    pub date: NaiveDate,
    /// Who sees the patient.
    pub place: Place,
    /// What is due.
    pub tests: Vec<Test>,
    /// Whether an adjustment changed this visit.
    pub changed: bool,
}

/// A patient's dated plan (the dated 共同診療計画書).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Which path.
    pub path: PathId,
    /// The anchor date (operation or end of radiotherapy).
    pub anchor: NaiveDate,
    /// Planned end of the path (anchor + length).
    pub end: NaiveDate,
    /// The visits, in date order.
    pub visits: Vec<PlannedVisit>,
    /// Visits the hospital cancelled, kept for the history.
    pub cancelled: Vec<PlannedVisit>,
    /// The drug calendar of a drug path (the template's drug; the plan's start, or the
    /// template's default start).
    pub drug: Option<DrugCalendar>,
    /// The factors the schedule was made with (resolved: unknown ones are the template's
    /// `if_unknown` values; factors the template does not use are `None`).
    #[serde(default)]
    pub factors: Factors,
}

fn add_months(d: NaiveDate, months: u32) -> Result<NaiveDate, PlanError> {
    d.checked_add_months(Months::new(months)).ok_or(PlanError::DateOutOfRange)
}

fn add_days(d: NaiveDate, days: i64) -> Result<NaiveDate, PlanError> {
    let r = if days >= 0 {
        d.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    r.ok_or(PlanError::DateOutOfRange)
}

/// Makes the dated plan of a patient with nothing recorded beyond the anchor: see [`plan_with`].
pub fn plan(template: &Template, anchor: NaiveDate, adjustments: &[Adjustment]) -> Result<Plan, PlanError> {
    plan_with(template, anchor, &PlanInputs::default(), adjustments)
}

/// Makes the dated plan of a patient: the template's visits for the patient's factors dated
/// from `anchor`, the drug-cycle checks dated from the drug's first day (a check close enough to
/// a hospital visit, see [`cycle_check_may_merge`], is made there), then the hospital's adjustments
/// applied in order.
pub fn plan_with(
    template: &Template,
    anchor: NaiveDate,
    inputs: &PlanInputs,
    adjustments: &[Adjustment],
) -> Result<Plan, PlanError> {
    let factors = template.resolve(&inputs.factors);
    let mut visits = Vec::new();
    for v in template.visits(&factors) {
        visits.push(PlannedVisit {
            id: VisitId::month(v.month),
            index: 0,
            month: Some(v.month),
            date: add_months(anchor, v.month)?,
            place: v.place,
            tests: v.tests,
            changed: false,
        });
    }
    let chosen = match (inputs.drug, &template.drug) {
        (Some(x), Some(d)) if d.drugs.contains(&x) => Some(x),
        (Some(x), _) => return Err(PlanError::DrugNotOffered(x)),
        (None, d) => d.as_ref().and_then(|d| d.drugs.first().copied()),
    };
    let drug = match &template.drug {
        Some(d) => match chosen {
            Some(drug) => {
                let start = match inputs.drug_start {
                    Some(s) if s < anchor => return Err(PlanError::BeforeAnchor(s)),
                    Some(s) => s,
                    None => add_days(anchor, i64::from(d.start_after_days))?,
                };
                Some(DrugCalendar::new(drug, start, d.regimen))
            }
            None => None,
        },
        None => None,
    };
    if let Some(DrugCalendar { start, regimen: Regimen::Cyclic { on_days, off_days, .. }, .. }) = drug {
        let cycle_days = i64::from(on_days + off_days);
        for c in template.cycle_visits(&factors) {
            let date = add_days(start, (i64::from(c.cycle) - 1) * cycle_days + i64::from(c.day) - 1)?;
            let hospital = visits
                .iter_mut()
                .filter(|v| v.place == Place::Hospital)
                .map(|v| ((v.date - date).num_days(), v))
                .filter(|(d, _)| cycle_check_may_merge(c.day, *d))
                .min_by_key(|(d, _)| d.abs());
            match hospital {
                Some((_, v)) => {
                    for t in c.tests {
                        if !v.tests.contains(&t) {
                            v.tests.push(t);
                        }
                    }
                }
                None => visits.push(PlannedVisit {
                    id: VisitId::cycle(c.cycle, c.day),
                    index: 0,
                    month: None,
                    date,
                    place: Place::Clinic,
                    tests: c.tests,
                    changed: false,
                }),
            }
        }
    }
    let mut plan = Plan {
        path: template.id,
        anchor,
        end: add_months(anchor, template.length_months)?,
        visits,
        cancelled: Vec::new(),
        drug,
        factors,
    };
    plan.reindex();
    for a in adjustments {
        plan.apply(a)?;
    }
    Ok(plan)
}

/// A visit actually made (from a visit record), for matching against the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attendance {
    /// The day of the visit.
    pub date: NaiveDate,
    /// The planned visit the record names, if it names one.
    pub planned: Option<VisitId>,
}

/// Where a planned visit stands on a given day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VisitStatus {
    /// A visit was made for it.
    Done {
        /// Index of the matching [`Attendance`] in the slice given to [`Plan::status`].
        attendance: usize,
        /// The day it was made.
        on: NaiveDate,
    },
    /// Planned for a later day.
    Upcoming,
    /// Planned for today.
    DueToday,
    /// The date has passed by at most [`GRACE_DAYS`] and no visit was made: still to be made up.
    Overdue {
        /// Days since the planned date.
        days_late: i64,
    },
    /// More than [`GRACE_DAYS`] past without a visit.
    Missed {
        /// Days since the planned date.
        days_late: i64,
    },
}

/// One planned visit with its status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitState {
    /// The planned visit's id.
    pub id: VisitId,
    /// Its planned date.
    pub date: NaiveDate,
    /// Where it stands.
    pub status: VisitStatus,
}

/// The plan's state on a day: every visit's status, and the visits made that match no plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// In plan order.
    pub visits: Vec<VisitState>,
    /// Indexes of attendances that match no planned visit (extra visits).
    pub unplanned: Vec<usize>,
}

impl Progress {
    /// The next visit still to make: the first due today or upcoming.
    pub fn next(&self) -> Option<&VisitState> {
        self.visits
            .iter()
            .find(|v| matches!(v.status, VisitStatus::DueToday | VisitStatus::Upcoming))
    }

    /// Overdue visits (to be made up soon).
    pub fn overdue(&self) -> impl Iterator<Item = &VisitState> {
        self.visits.iter().filter(|v| matches!(v.status, VisitStatus::Overdue { .. }))
    }

    /// Missed visits.
    pub fn missed(&self) -> impl Iterator<Item = &VisitState> {
        self.visits.iter().filter(|v| matches!(v.status, VisitStatus::Missed { .. }))
    }

    /// Number of visits done.
    pub fn done(&self) -> usize {
        self.visits.iter().filter(|v| matches!(v.status, VisitStatus::Done { .. })).count()
    }
}

/// An item of the provider sheet (医療者用シート) for one visit.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckItem {
    /// 問診: an interview item.
    Interview(Interview),
    /// A test or examination.
    Test(Test),
    /// 服薬確認: the oral drug is in use: adherence, side effects, next prescription.
    Drug(OralDrug),
}

/// Interview items asked at every visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Interview {
    /// 自覚症状: symptoms.
    Symptoms,
    /// 体重・食事: weight and eating.
    WeightAndEating,
    /// 排便・排尿: bowel and bladder.
    BowelAndBladder,
    /// 生活・不安: daily life and worries.
    DailyLifeAndWorries,
}

impl Interview {
    /// All items, in sheet order.
    pub const ALL: [Interview; 4] = [
        Interview::Symptoms,
        Interview::WeightAndEating,
        Interview::BowelAndBladder,
        Interview::DailyLifeAndWorries,
    ];
}

impl Plan {
    fn reindex(&mut self) {
        self.visits.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        for (i, v) in self.visits.iter_mut().enumerate() {
            v.index = i + 1;
        }
    }

    fn find_mut(&mut self, id: &VisitId) -> Result<&mut PlannedVisit, PlanError> {
        self.visits.iter_mut().find(|v| &v.id == id).ok_or_else(|| PlanError::UnknownVisit(id.clone()))
    }

    fn check_date(&self, d: NaiveDate) -> Result<NaiveDate, PlanError> {
        if d < self.anchor {
            Err(PlanError::BeforeAnchor(d))
        } else {
            Ok(d)
        }
    }

    /// Applies one adjustment (the plan stays unchanged on error).
    pub fn apply(&mut self, a: &Adjustment) -> Result<(), PlanError> {
        match a {
            Adjustment::Move { visit, to } => {
                let to = self.check_date(*to)?;
                let v = self.find_mut(visit)?;
                v.date = to;
                v.changed = true;
            }
            Adjustment::Shift { from, days } => {
                let start = self
                    .visits
                    .iter()
                    .position(|v| &v.id == from)
                    .ok_or_else(|| PlanError::UnknownVisit(from.clone()))?;
                let mut dates = Vec::new();
                for v in &self.visits[start..] {
                    dates.push(self.check_date(add_days(v.date, *days)?)?);
                }
                for (v, d) in self.visits[start..].iter_mut().zip(dates) {
                    v.date = d;
                    v.changed = true;
                }
            }
            Adjustment::SetPlace { visit, place } => {
                let v = self.find_mut(visit)?;
                v.place = *place;
                v.changed = true;
            }
            Adjustment::AddTest { visit, test } => {
                let v = self.find_mut(visit)?;
                if v.tests.contains(test) {
                    return Err(PlanError::TestNotChanged { visit: visit.clone(), test: test.clone() });
                }
                v.tests.push(test.clone());
                v.changed = true;
            }
            Adjustment::RemoveTest { visit, test } => {
                let v = self.find_mut(visit)?;
                let before = v.tests.len();
                v.tests.retain(|t| t != test);
                if v.tests.len() == before {
                    return Err(PlanError::TestNotChanged { visit: visit.clone(), test: test.clone() });
                }
                v.changed = true;
            }
            Adjustment::Add { date, place, tests } => {
                let date = self.check_date(*date)?;
                let n = self
                    .visits
                    .iter()
                    .chain(&self.cancelled)
                    .filter(|v| v.id.is_added())
                    .count();
                self.visits.push(PlannedVisit {
                    id: VisitId::added(n + 1),
                    index: 0,
                    month: None,
                    date,
                    place: *place,
                    tests: tests.clone(),
                    changed: true,
                });
            }
            Adjustment::SetDrug { drug } => {
                let offered = self.path.oral_drugs().contains(drug);
                match &mut self.drug {
                    Some(cal) if offered => cal.drug = *drug,
                    _ => return Err(PlanError::DrugNotOffered(*drug)),
                }
            }
            Adjustment::Cancel { visit } => {
                let i = self
                    .visits
                    .iter()
                    .position(|v| &v.id == visit)
                    .ok_or_else(|| PlanError::UnknownVisit(visit.clone()))?;
                let mut v = self.visits.remove(i);
                v.changed = true;
                self.cancelled.push(v);
            }
        }
        self.reindex();
        Ok(())
    }

    /// The planned visit with this id.
    pub fn visit(&self, id: &VisitId) -> Option<&PlannedVisit> {
        self.visits.iter().find(|v| &v.id == id)
    }

    /// The last planned visit before `today`.
    pub fn previous_visit(&self, today: NaiveDate) -> Option<&PlannedVisit> {
        self.visits.iter().rev().find(|v| v.date < today)
    }

    /// What is due at a visit: the interview items, the drug review if the plan's drug is in
    /// use within a month of the visit, then the tests (the provider sheet, 医療者用シート).
    pub fn checklist(&self, id: &VisitId) -> Option<Vec<CheckItem>> {
        let v = self.visit(id)?;
        let mut items: Vec<CheckItem> = Interview::ALL.into_iter().map(CheckItem::Interview).collect();
        if let Some(cal) = &self.drug {
            if cal.in_use_around(v.date, 31) {
                items.push(CheckItem::Drug(cal.drug));
            }
        }
        items.extend(v.tests.iter().cloned().map(CheckItem::Test));
        Some(items)
    }

    /// The status of every planned visit on `today`, given the visits actually made.
    ///
    /// Matching: an attendance that names a planned visit matches it; the others match the
    /// nearest still-unmatched planned visit within [`MATCH_WINDOW_DAYS`]. An unmatched
    /// visit is upcoming (date after today), due today, overdue (at most [`GRACE_DAYS`] late)
    /// or missed.
    pub fn status(&self, today: NaiveDate, attended: &[Attendance]) -> Progress {
        let mut matched: Vec<Option<usize>> = vec![None; self.visits.len()];
        let mut used = BTreeSet::new();
        for (ai, a) in attended.iter().enumerate() {
            if let Some(id) = &a.planned {
                if let Some(pi) = self.visits.iter().position(|v| &v.id == id) {
                    if matched[pi].is_none() {
                        matched[pi] = Some(ai);
                        used.insert(ai);
                    }
                }
            }
        }
        let mut order: Vec<usize> = (0..attended.len()).filter(|i| !used.contains(i)).collect();
        sort::sort_by_key(&mut order, |&i| sort::day(attended[i].date));
        let mut unplanned = Vec::new();
        for ai in order {
            let date = attended[ai].date;
            let best = self
                .visits
                .iter()
                .enumerate()
                .filter(|(pi, _)| matched[*pi].is_none())
                .map(|(pi, v)| (pi, (v.date - date).num_days().abs()))
                .filter(|(_, d)| *d <= MATCH_WINDOW_DAYS)
                .min_by_key(|&(pi, d)| (d, pi));
            match best {
                Some((pi, _)) => matched[pi] = Some(ai),
                None => unplanned.push(ai),
            }
        }
        let visits = self
            .visits
            .iter()
            .zip(matched)
            .map(|(v, m)| {
                let status = match m {
                    Some(ai) => VisitStatus::Done { attendance: ai, on: attended[ai].date },
                    None => {
                        let late = (today - v.date).num_days();
                        if late < 0 {
                            VisitStatus::Upcoming
                        } else if late == 0 {
                            VisitStatus::DueToday
                        } else if late <= GRACE_DAYS {
                            VisitStatus::Overdue { days_late: late }
                        } else {
                            VisitStatus::Missed { days_late: late }
                        }
                    }
                };
                VisitState { id: v.id.clone(), date: v.date, status }
            })
            .collect();
        sort::sort_by_key(&mut unplanned, |&i| sort::rank(i));
        Progress { visits, unplanned }
    }

    /// A plain-text rendering, one line per visit (used by the golden files).
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "path {}\nanchor {}\nend {}\n",
            self.path.as_str(),
            self.anchor,
            self.end
        );
        if !self.factors.is_unknown() {
            let f = &self.factors;
            let parts: Vec<String> = [
                f.stage.map(|v| format!("stage={v:?}")),
                f.site.map(|v| format!("site={v:?}")),
                f.depth.map(|v| format!("depth={v:?}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            s.push_str(&format!("factors {}\n", parts.join(" ").to_lowercase()));
        }
        if let Some(d) = &self.drug {
            let regimen = match d.regimen {
                Regimen::Cyclic { on_days, off_days, cycles } => {
                    format!("{on_days} on / {off_days} off x {cycles}")
                }
                Regimen::Continuous { months } => format!("daily for {months} months"),
            };
            s.push_str(&format!(
                "drug {} {} from {} to {}\n",
                d.drug.as_str(),
                regimen,
                d.start,
                d.end()
            ));
        }
        for v in &self.visits {
            let tests: Vec<&str> = v.tests.iter().map(Test::as_str).collect();
            s.push_str(&format!(
                "{:>3} {:<4} {} {:<8} {}\n",
                v.index,
                v.id.as_str(),
                v.date,
                v.place.as_str(),
                tests.join(" ")
            ));
        }
        s
    }
}
