//! What a share holds: the parts of the record a doctor needs at a visit.
//!
//! Always: the profile (allergies and adverse drug reactions), the treatment, the care plan and
//! its changes, the path's status, what is due at this visit, and the record's [`Basis`].
//! By default also, each of which the patient may leave out ([`Part`]): the recent visits in
//! full and older ones summarised, every test result, medications, memos, partners, consents,
//! variances. The doctor is told what was left out.
//!
//! Entries travel as they are in the record (current versions only), with their signatures,
//! so the doctor's device can check who wrote what.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::chain;
use crate::pathway::Place;
use crate::record::{Basis, Entry, EntryBody, EntryId, EntryKind, Record, RecordView};
use crate::schedule::VisitId;

/// A part of the record the patient may leave out of a share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// Visit records.
    Visits,
    /// Test results.
    Results,
    /// Medications.
    Medications,
    /// Memos.
    Memos,
    /// The partner list.
    Partners,
    /// Consents and withdrawals.
    Consents,
    /// Variances (様式3).
    Variances,
}

impl Part {
    /// Every part, in display order.
    pub const ALL: [Part; 7] =
        [Part::Visits, Part::Results, Part::Medications, Part::Memos, Part::Partners, Part::Consents, Part::Variances];

    fn of(kind: EntryKind) -> Option<Part> {
        Some(match kind {
            EntryKind::Visit => Part::Visits,
            EntryKind::TestResult => Part::Results,
            EntryKind::Medication => Part::Medications,
            EntryKind::Memo => Part::Memos,
            EntryKind::Partner => Part::Partners,
            EntryKind::Consent => Part::Consents,
            EntryKind::Variance => Part::Variances,
            _ => return None,
        })
    }
}

/// An older visit, in short.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitSummary {
    /// The visit entry.
    pub id: EntryId,
    /// The planned visit it was.
    pub planned: Option<VisitId>,
    /// Date.
    pub date: NaiveDate,
    /// Hospital or clinic.
    pub place: Place,
    /// Institution.
    pub institution: String,
    /// Whether the plan changed.
    pub plan_changed: bool,
}

/// The content of a share.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    /// The patient's date when sharing.
    pub today: NaiveDate,
    /// The planned visit at hand (overdue or next), if any.
    pub due: Option<VisitId>,
    /// The record as shared: answers sign it.
    pub basis: Basis,
    /// The current entries of the parts shared, in log order.
    pub entries: Vec<Entry>,
    /// Visits older than the recent ones, in short (when visits are shared).
    pub older_visits: Vec<VisitSummary>,
    /// The parts the patient left out.
    pub omitted: Vec<Part>,
}

/// How many visits travel in full; older ones are summarised.
pub const RECENT_VISITS: usize = 3;

impl Bundle {
    /// The bundle of `record` on `today`, leaving out `omit`.
    pub fn of(record: &Record, today: NaiveDate, omit: &[Part]) -> Bundle {
        let view = record.view();
        let mut omitted: Vec<Part> = omit.to_vec();
        omitted.sort();
        omitted.dedup();
        let mut live = live_ids(&view);
        // The path's status changes that still stand.
        let superseded: HashSet<&EntryId> = record.entries().iter().filter_map(|e| e.supersedes.as_ref()).collect();
        for e in record.entries() {
            if e.body.kind() == EntryKind::Status && !superseded.contains(&e.id) {
                live.insert(e.id.clone());
            }
        }
        // Visits by date: the last RECENT_VISITS in full.
        let older: HashSet<&EntryId> =
            view.visits.iter().rev().skip(RECENT_VISITS).map(|c| &c.id).collect();
        let mut older_visits = Vec::new();
        let mut entries = Vec::new();
        for e in record.entries() {
            if !live.contains(&e.id) {
                continue;
            }
            if Part::of(e.body.kind()).is_some_and(|p| omitted.contains(&p)) {
                continue;
            }
            if older.contains(&e.id) {
                if let EntryBody::Visit(v) = &e.body {
                    older_visits.push(VisitSummary {
                        id: e.id.clone(),
                        planned: v.planned_visit.clone(),
                        date: v.visit_date,
                        place: v.place,
                        institution: v.institution.clone(),
                        plan_changed: v.plan_changed,
                    });
                }
                continue;
            }
            entries.push(e.clone());
        }
        older_visits.sort_by_key(|v| v.date);
        let due = view.progress(today).and_then(|p| p.overdue().next().or_else(|| p.next()).map(|v| v.id.clone()));
        Bundle { today, due, basis: chain::basis(record.entries()), entries, older_visits, omitted }
    }

    /// The view of what was shared (a doctor's device reads the record through it).
    pub fn view(&self) -> RecordView {
        crate::record::derive_view(false, &self.entries)
    }
}

/// The ids of the entries the view shows (current versions, not retracted).
fn live_ids(v: &RecordView) -> HashSet<EntryId> {
    let mut ids = HashSet::new();
    let mut add = |id: &EntryId| {
        ids.insert(id.clone());
    };
    v.profile.iter().for_each(|c| add(&c.id));
    v.treatment.iter().for_each(|c| add(&c.id));
    v.care_plan.iter().for_each(|c| add(&c.id));
    v.consents.iter().for_each(|c| add(&c.id));
    v.plan_changes.iter().for_each(|c| add(&c.id));
    v.visits.iter().for_each(|c| add(&c.id));
    v.results.iter().for_each(|c| add(&c.id));
    v.medications.iter().for_each(|c| add(&c.id));
    v.memos.iter().for_each(|c| add(&c.id));
    v.partners.iter().for_each(|c| add(&c.id));
    v.variances.iter().for_each(|c| add(&c.id));
    ids
}
