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

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::{chain, exchange};
use crate::pathway::Place;
use crate::record::{
    Analyte, Author, Basis, Entry, EntryBody, EntryId, EntryKind, Record, RecordView, ReferenceRange, ResultValue, TestResult, Unit,
};
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
            EntryKind::Partner | EntryKind::PartnerList => Part::Partners,
            EntryKind::Consent => Part::Consents,
            EntryKind::Variance => Part::Variances,
            _ => return None,
        })
    }
}

/// An older visit, in short.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitSummary {
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
    /// Signed and verified on the phone.
    pub verified: bool,
}

/// The numeric results, as a table: a column per kind of result (analyte, unit, reference
/// range), a row per sampling day and source. The bulk of a long record (every marker of
/// every visit) then costs a date and a few digits per day. Signatures stay on the phone: a
/// source is `verified` when the phone checked every one of its entries (valid, and the key
/// pinned for the author's institution).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultTable {
    /// Kinds of results.
    pub columns: Vec<Column>,
    /// Who measured.
    pub sources: Vec<Source>,
    /// Date of the sample, index into `sources`, and a value per column as the shortest
    /// decimal that reads back to the same number (`""` when not measured that day).
    pub rows: Vec<(NaiveDate, u16, Vec<String>)>,
}

/// A kind of result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// What was measured.
    pub analyte: Analyte,
    /// Unit.
    pub unit: Option<Unit>,
    /// Reference range.
    pub reference: Option<ReferenceRange>,
}

/// Who measured: the place and the author of the entries, and whether the phone verified
/// their signatures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Where measured.
    pub place: String,
    /// Who wrote the entries.
    pub author: Author,
    /// Every entry signed and verified on the phone.
    pub verified: bool,
}

fn index_of<T: PartialEq>(list: &mut Vec<T>, item: T) -> usize {
    match list.iter().position(|x| *x == item) {
        Some(i) => i,
        None => {
            list.push(item);
            list.len() - 1
        }
    }
}

impl ResultTable {
    fn add(&mut self, author: &Author, r: &TestResult, value: f64, verified: bool) {
        let col = index_of(&mut self.columns, Column { analyte: r.analyte.clone(), unit: r.unit.clone(), reference: r.reference });
        let src = index_of(&mut self.sources, Source { place: r.place.clone(), author: author.clone(), verified }) as u16;
        let row = match self.rows.iter().position(|(d, s, v)| *d == r.date && *s == src && v.get(col).is_none_or(String::is_empty)) {
            Some(i) => i,
            None => {
                self.rows.push((r.date, src, Vec::new()));
                self.rows.len() - 1
            }
        };
        let values = &mut self.rows[row].2;
        if values.len() <= col {
            values.resize(col + 1, String::new());
        }
        values[col] = format!("{value}");
    }

    /// Every value as a result entry (unsigned; ids `share-r<row>-<column>`, written at the
    /// sample's date).
    pub fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        for (i, (date, src, values)) in self.rows.iter().enumerate() {
            let Some(source) = self.sources.get(usize::from(*src)) else { continue };
            for (j, v) in values.iter().enumerate() {
                let (Some(col), Ok(x)) = (self.columns.get(j), v.parse::<f64>()) else { continue };
                let body = EntryBody::TestResult(TestResult {
                    analyte: col.analyte.clone(),
                    value: ResultValue::Number(x),
                    unit: col.unit.clone(),
                    reference: col.reference,
                    date: *date,
                    place: source.place.clone(),
                });
                let id = EntryId(format!("share-r{i}-{j}"));
                out.push(Entry::new(id, source.author.clone(), date.and_time(NaiveTime::MIN), body));
            }
        }
        out
    }
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
    /// The current entries of the parts shared, in log order (numeric results are in
    /// `results`, older visits in `older_visits` instead), without their signatures: 64 bytes
    /// of signature, a key and a basis per entry would triple a share's size. The phone checks
    /// them and lists in `verified` the ones that hold.
    pub entries: Vec<Entry>,
    /// Indexes into `entries` of those whose signature the phone verified (valid, and the key
    /// pinned for the author's institution).
    pub verified: Vec<u32>,
    /// Numeric results, as a table.
    pub results: ResultTable,
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
        let mut results = ResultTable::default();
        let pins = exchange::Pins::of(record);
        let verified = |e: &Entry| pins.trust(e) == exchange::EntryTrust::Verified;
        let mut verified_ids = Vec::new();
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
                        verified: verified(e),
                        planned: v.planned_visit.clone(),
                        date: v.visit_date,
                        place: v.place,
                        institution: v.institution.clone(),
                        plan_changed: v.plan_changed,
                    });
                }
                continue;
            }
            if let (EntryBody::TestResult(r), ResultValue::Number(x)) = (&e.body, r_value(&e.body)) {
                results.add(&e.author, r, x, verified(e));
                continue;
            }
            if verified(e) {
                verified_ids.push(entries.len() as u32);
            }
            let mut e = e.clone();
            e.signature = None;
            // Pinned keys are the patient's own trust decisions, not the doctor's business.
            if let EntryBody::Partner(p) = &mut e.body {
                p.keys = None;
            }
            entries.push(e);
        }
        older_visits.sort_by_key(|v| v.date);
        let due = view.progress(today).and_then(|p| p.overdue().next().or_else(|| p.next()).map(|v| v.id.clone()));
        Bundle { today, due, basis: chain::basis(record.entries()), entries, verified: verified_ids, results, older_visits, omitted }
    }

    /// The entries shared, with the result table unfolded back into (unsigned) result entries.
    pub fn all_entries(&self) -> Vec<Entry> {
        let mut all = self.entries.clone();
        all.extend(self.results.entries());
        all
    }

    /// The view of what was shared (a doctor's device reads the record through it).
    pub fn view(&self) -> RecordView {
        crate::record::derive_view(false, &self.all_entries())
    }
}

fn r_value(b: &EntryBody) -> ResultValue {
    match b {
        EntryBody::TestResult(r) => r.value.clone(),
        _ => ResultValue::Text(String::new()),
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
    v.partner_list.iter().for_each(|c| add(&c.id));
    v.variances.iter().for_each(|c| add(&c.id));
    ids
}

