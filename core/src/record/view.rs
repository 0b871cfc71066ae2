//! The current view of a record, derived from the log by a pure function.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};

use super::model::*;
use super::{Author, Entry, EntryBody, EntryId};
use crate::pathway;
use crate::sort::{self, sort_by_key};
use crate::schedule::{self, Attendance, DrugCalendar, Plan, PlannedVisit, Progress};

/// The current version of one entry, with who wrote it and when.
#[derive(Clone, Debug, PartialEq)]
pub struct Current<T> {
    /// The entry's id (use it to supersede or retract it).
    pub id: EntryId,
    /// Who wrote this version.
    pub author: Author,
    /// When.
    pub at: NaiveDateTime,
    /// Whether this version corrects an earlier one (see [`super::Record::history`]).
    pub corrected: bool,
    /// The content.
    pub value: T,
}

/// The state of consent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsentState {
    /// No consent recorded.
    None,
    /// Consent given.
    Given {
        /// Date.
        date: NaiveDate,
        /// To whom.
        to_whom: String,
    },
    /// Consent withdrawn.
    Withdrawn {
        /// Date.
        date: NaiveDate,
    },
}

/// The booklet as it reads now: every live entry in its part, and what follows from them.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordView {
    /// Demo data (fictional patient): the UI must say so.
    pub demo: bool,
    /// 患者基礎情報.
    pub profile: Option<Current<Profile>>,
    /// 治療情報.
    pub treatment: Option<Current<TreatmentInfo>>,
    /// Consents and withdrawals, by date.
    pub consents: Vec<Current<Consent>>,
    /// 共同診療計画書.
    pub care_plan: Option<Current<CarePlan>>,
    /// The plan changes, in order.
    pub plan_changes: Vec<Current<PlanChange>>,
    /// The dated plan (template + anchor + changes), if there is a care plan.
    pub plan: Option<Plan>,
    /// Visit records, by visit date.
    pub visits: Vec<Current<VisitRecord>>,
    /// Test results, by date.
    pub results: Vec<Current<TestResult>>,
    /// Medications, by start date.
    pub medications: Vec<Current<Medication>>,
    /// Memos, by time written.
    pub memos: Vec<Current<Memo>>,
    /// Partners, by role.
    pub partners: Vec<Current<Partner>>,
    /// The planning hospital's current list of registered partners (the last one written);
    /// whether it is trusted is the share protocol's to say (`share::exchange::vouched`).
    pub partner_list: Option<Current<PartnerList>>,
    /// Variances, by date.
    pub variances: Vec<Current<Variance>>,
    /// Where the path stands.
    pub status: PathStatus,
}

fn current<T>(e: &Entry, value: T) -> Current<T> {
    Current {
        id: e.id.clone(),
        author: e.author.clone(),
        at: e.at,
        corrected: e.supersedes.is_some(),
        value,
    }
}

/// Derives the view. Assumes a validated log; an adjustment that does not apply is skipped.
pub(super) fn derive(demo: bool, entries: &[Entry]) -> RecordView {
    let superseded: HashSet<&EntryId> = entries.iter().filter_map(|e| e.supersedes.as_ref()).collect();
    let mut v = RecordView {
        demo,
        profile: None,
        treatment: None,
        consents: Vec::new(),
        care_plan: None,
        plan_changes: Vec::new(),
        plan: None,
        visits: Vec::new(),
        results: Vec::new(),
        medications: Vec::new(),
        memos: Vec::new(),
        partners: Vec::new(),
        partner_list: None,
        variances: Vec::new(),
        status: PathStatus::NotStarted,
    };
    let mut status: Option<PathStatus> = None;
    for e in entries.iter().filter(|e| !superseded.contains(&e.id)) {
        match &e.body {
            EntryBody::Profile(x) => v.profile = Some(current(e, x.clone())),
            EntryBody::Treatment(x) => v.treatment = Some(current(e, x.clone())),
            EntryBody::Consent(x) => v.consents.push(current(e, x.clone())),
            EntryBody::CarePlan(x) => v.care_plan = Some(current(e, x.clone())),
            EntryBody::PlanChange(x) => v.plan_changes.push(current(e, x.clone())),
            EntryBody::Visit(x) => v.visits.push(current(e, x.clone())),
            EntryBody::TestResult(x) => v.results.push(current(e, x.clone())),
            EntryBody::Medication(x) => v.medications.push(current(e, x.clone())),
            EntryBody::Memo(x) => v.memos.push(current(e, x.clone())),
            EntryBody::Partner(x) => v.partners.push(current(e, x.clone())),
            EntryBody::PartnerList(x) => v.partner_list = Some(current(e, x.clone())),
            EntryBody::Variance(x) => {
                if x.outcome.ends_path() {
                    status = Some(PathStatus::LeftByVariance { date: x.date, variance: e.id.clone() });
                }
                v.variances.push(current(e, x.clone()));
            }
            EntryBody::Status(x) => {
                status = Some(match x {
                    StatusChange::Completed { date, follow_up } => {
                        PathStatus::Completed { date: *date, follow_up: *follow_up }
                    }
                    StatusChange::Left { date, variance } => {
                        PathStatus::LeftByVariance { date: *date, variance: variance.clone() }
                    }
                    StatusChange::Resumed { .. } => PathStatus::Active,
                })
            }
            EntryBody::Retraction(_) => {}
        }
    }
    sort_by_key(&mut v.consents, |c| sort::day(c.value.date));
    sort_by_key(&mut v.visits, |c| sort::day(c.value.visit_date));
    sort_by_key(&mut v.results, |c| sort::day(c.value.date));
    sort_by_key(&mut v.medications, |c| sort::day(c.value.start));
    sort_by_key(&mut v.memos, |c| sort::time(c.at));
    sort_by_key(&mut v.partners, |c| sort::rank(c.value.role as usize));
    sort_by_key(&mut v.variances, |c| sort::day(c.value.date));
    v.plan = v.care_plan.as_ref().and_then(|cp| {
        let t = pathway::template(cp.value.path).ok()?;
        let mut plan = schedule::plan_with(t, cp.value.anchor, &cp.value.inputs(), &[]).ok()?;
        for change in &v.plan_changes {
            for a in &change.value.changes {
                // A validated log never fails here; if it does, the change is skipped.
                let _ = plan.apply(a);
            }
        }
        Some(plan)
    });
    if v.care_plan.is_some() {
        v.status = status.unwrap_or(PathStatus::Active);
    }
    v
}

impl RecordView {
    /// The visits made, for matching against the plan.
    pub fn attendances(&self) -> Vec<Attendance> {
        self.visits
            .iter()
            .map(|c| Attendance { date: c.value.visit_date, planned: c.value.planned_visit.clone() })
            .collect()
    }

    /// The plan's state on `today` (see [`Plan::status`]); `None` without a care plan.
    /// The attendance indexes refer to [`RecordView::visits`].
    pub fn progress(&self, today: NaiveDate) -> Option<Progress> {
        Some(self.plan.as_ref()?.status(today, &self.attendances()))
    }

    /// The next appointment: the first planned visit on or after `today` not yet made, while
    /// the path is active.
    pub fn next_appointment(&self, today: NaiveDate) -> Option<&PlannedVisit> {
        if self.status != PathStatus::Active {
            return None;
        }
        let plan = self.plan.as_ref()?;
        let progress = plan.status(today, &self.attendances());
        let next = progress.next()?;
        plan.visit(&next.id)
    }

    /// The medications current on `date`: not ended before it (oldest first).
    pub fn medications_on(&self, date: NaiveDate) -> impl DoubleEndedIterator<Item = &Current<Medication>> {
        self.medications.iter().filter(move |m| m.value.end.is_none_or(|e| e >= date))
    }

    /// The numeric results of one analyte by date, for a chart.
    pub fn series(&self, analyte: &Analyte) -> Vec<(NaiveDate, f64)> {
        self.results
            .iter()
            .filter(|r| &r.value.analyte == analyte)
            .filter_map(|r| match r.value.value {
                ResultValue::Number(x) => Some((r.value.date, x)),
                ResultValue::Text(_) => None,
            })
            .collect()
    }

    /// The oral anticancer drug's calendar: the latest medication with a regimen, or else the
    /// plan's default.
    pub fn drug_calendar(&self) -> Option<DrugCalendar> {
        self.medications
            .iter()
            .rev()
            .find_map(|m| {
                let drug = m.value.oral_anticancer?;
                let regimen = m.value.regimen?;
                Some(DrugCalendar::new(drug, m.value.start, regimen))
            })
            .or_else(|| self.plan.as_ref().and_then(|p| p.drug))
    }

    /// The first partner with this role.
    pub fn partner(&self, role: PartnerRole) -> Option<&Partner> {
        self.partners.iter().map(|p| &p.value).find(|p| p.role == role)
    }

    /// Whether consent is given, withdrawn, or not recorded.
    pub fn consent_state(&self) -> ConsentState {
        match self.consents.last() {
            None => ConsentState::None,
            Some(c) => match c.value.event {
                ConsentEvent::Given => {
                    ConsentState::Given { date: c.value.date, to_whom: c.value.to_whom.clone() }
                }
                ConsentEvent::Withdrawn => ConsentState::Withdrawn { date: c.value.date },
            },
        }
    }
}
