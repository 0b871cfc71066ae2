//! The invariants an entry must keep to be appended.

use std::fmt;

use chrono::NaiveDate;

use super::model::*;
use super::{Entry, EntryBody, EntryId, EntryKind, Record};
use crate::pathway::{self, Regimen};
use crate::schedule::{self, PlanError};
use crate::vocab::{CancerType, PathId};

/// Why an entry cannot be appended.
#[derive(Clone, Debug, PartialEq)]
pub enum RecordError {
    /// The id is empty, too long, or has characters other than `A-Z a-z 0-9 - _ . :`.
    InvalidId(EntryId),
    /// Another entry has this id.
    DuplicateId(EntryId),
    /// The entry supersedes an entry that is not in the record.
    UnknownSupersedes {
        /// The new entry.
        entry: EntryId,
        /// The unknown target.
        target: EntryId,
    },
    /// The superseded entry was already superseded (corrections form a chain, not a tree).
    AlreadySuperseded {
        /// The new entry.
        entry: EntryId,
        /// The target.
        target: EntryId,
    },
    /// A correction of a different kind than the entry it supersedes, or of a retraction.
    KindMismatch {
        /// The new entry.
        entry: EntryId,
        /// The target's kind.
        expected: EntryKind,
        /// The new entry's kind.
        found: EntryKind,
    },
    /// A retraction that supersedes nothing.
    RetractionWithoutTarget(EntryId),
    /// A second profile, treatment or care plan that does not supersede the first.
    DuplicateSingleton {
        /// The new entry.
        entry: EntryId,
        /// Its kind.
        kind: EntryKind,
    },
    /// A required text field is empty.
    EmptyField {
        /// The entry.
        entry: EntryId,
        /// Which field.
        field: &'static str,
    },
    /// The date of birth is after the time the entry was written.
    BirthDateInFuture {
        /// The entry.
        entry: EntryId,
        /// The date of birth.
        date_of_birth: NaiveDate,
    },
    /// A numeric test result without a unit.
    MissingUnit {
        /// The entry.
        entry: EntryId,
        /// The analyte.
        analyte: Analyte,
    },
    /// A test value that is not a finite number, or a reference range with low > high.
    InvalidValue {
        /// The entry.
        entry: EntryId,
    },
    /// A visit dated before the operation date.
    VisitBeforeOperation {
        /// The entry.
        entry: EntryId,
        /// The visit date.
        visit: NaiveDate,
        /// The operation date.
        operation: NaiveDate,
    },
    /// A date that must come later comes earlier (admission end, next planned date, report
    /// date, medication end).
    DatesOutOfOrder {
        /// The entry.
        entry: EntryId,
        /// Which field comes too early.
        field: &'static str,
    },
    /// 様式2: changed items listed without "plan changed", or "plan changed" with none.
    ChangedItemsMismatch(EntryId),
    /// A plan change before any care plan.
    NoCarePlan(EntryId),
    /// A partner list with a key that is not 64 hex digits.
    InvalidKey(EntryId),
    /// A plan change that does not apply to the current plan.
    InvalidAdjustment {
        /// The entry.
        entry: EntryId,
        /// Why.
        error: PlanError,
    },
    /// The care plan's path is for another cancer than the treatment info.
    CancerMismatch {
        /// The entry.
        entry: EntryId,
        /// The path.
        path: PathId,
        /// The treated cancer.
        cancer: CancerType,
    },
    /// A malformed phone or fax number.
    InvalidPhone {
        /// The entry.
        entry: EntryId,
        /// The number.
        phone: Phone,
    },
    /// A drug regimen with zero days, cycles or months.
    InvalidRegimen(EntryId),
    /// A medication's import id that is not `jahis:` and 32 hex digits.
    InvalidImportId(EntryId),
    /// A status change names an entry that is not a variance in the record.
    UnknownVariance {
        /// The entry.
        entry: EntryId,
        /// The named variance.
        variance: EntryId,
    },
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use RecordError::*;
        match self {
            InvalidId(id) => write!(f, "invalid entry id {id:?}"),
            DuplicateId(id) => write!(f, "entry id {id} is already used"),
            UnknownSupersedes { entry, target } => {
                write!(f, "entry {entry} supersedes {target}, which is not in the record")
            }
            AlreadySuperseded { entry, target } => {
                write!(f, "entry {entry} supersedes {target}, which was already superseded")
            }
            KindMismatch { entry, expected, found } => write!(
                f,
                "entry {entry} ({found:?}) cannot supersede an entry of kind {expected:?}"
            ),
            RetractionWithoutTarget(e) => write!(f, "retraction {e} names no entry"),
            DuplicateSingleton { entry, kind } => write!(
                f,
                "entry {entry}: there is already a {kind:?}; a new one must supersede it"
            ),
            EmptyField { entry, field } => write!(f, "entry {entry}: {field} is empty"),
            BirthDateInFuture { entry, date_of_birth } => {
                write!(f, "entry {entry}: date of birth {date_of_birth} is in the future")
            }
            MissingUnit { entry, analyte } => write!(f, "entry {entry}: {analyte} has no unit"),
            InvalidValue { entry } => write!(f, "entry {entry}: invalid value or reference range"),
            VisitBeforeOperation { entry, visit, operation } => write!(
                f,
                "entry {entry}: visit on {visit} is before the operation on {operation}"
            ),
            DatesOutOfOrder { entry, field } => write!(f, "entry {entry}: {field} is too early"),
            ChangedItemsMismatch(e) => write!(
                f,
                "entry {e}: changed items must be listed exactly when the plan changed"
            ),
            NoCarePlan(e) => write!(f, "entry {e}: the plan changes but there is no care plan"),
            InvalidKey(e) => write!(f, "entry {e}: a partner's key is not 64 lower-case hex digits"),
            InvalidAdjustment { entry, error } => write!(f, "entry {entry}: {error}"),
            CancerMismatch { entry, path, cancer } => write!(
                f,
                "entry {entry}: path {} is not for {}",
                path.as_str(),
                cancer.as_str()
            ),
            InvalidPhone { entry, phone } => write!(f, "entry {entry}: invalid phone number {phone}"),
            InvalidRegimen(e) => write!(f, "entry {e}: invalid drug regimen"),
            InvalidImportId(e) => write!(f, "entry {e}: invalid import id"),
            UnknownVariance { entry, variance } => {
                write!(f, "entry {entry}: {variance} is not a variance in the record")
            }
        }
    }
}

impl std::error::Error for RecordError {}

/// Pinned keys are 64 digits of canonical (lower-case) hex each: they are compared as strings.
fn keys(entry: &EntryId, k: &PinnedKeys) -> Result<(), RecordError> {
    let hex64 = |h: &str| h.len() == 64 && crate::share::is_canonical_hex(h);
    if hex64(&k.x25519) && hex64(&k.ed25519) {
        Ok(())
    } else {
        Err(RecordError::InvalidKey(entry.clone()))
    }
}

fn non_empty(entry: &EntryId, field: &'static str, s: &str) -> Result<(), RecordError> {
    if s.trim().is_empty() {
        Err(RecordError::EmptyField { entry: entry.clone(), field })
    } else {
        Ok(())
    }
}

fn ordered(entry: &EntryId, field: &'static str, ok: bool) -> Result<(), RecordError> {
    if ok {
        Ok(())
    } else {
        Err(RecordError::DatesOutOfOrder { entry: entry.clone(), field })
    }
}

fn phone(entry: &EntryId, p: &Option<Phone>) -> Result<(), RecordError> {
    match p {
        Some(p) if !p.is_valid() => Err(RecordError::InvalidPhone { entry: entry.clone(), phone: p.clone() }),
        _ => Ok(()),
    }
}

/// Checks `e` against `record` (the log so far).
pub(super) fn check(record: &Record, e: &Entry) -> Result<(), RecordError> {
    let id = &e.id;
    if !id.is_valid() {
        return Err(RecordError::InvalidId(id.clone()));
    }
    if record.entries.iter().any(|x| &x.id == id) {
        return Err(RecordError::DuplicateId(id.clone()));
    }
    let kind = e.body.kind();
    match &e.supersedes {
        Some(target) => {
            let old = record.entry(target).ok_or_else(|| RecordError::UnknownSupersedes {
                entry: id.clone(),
                target: target.clone(),
            })?;
            if record.entries.iter().any(|x| x.supersedes.as_ref() == Some(target)) {
                return Err(RecordError::AlreadySuperseded { entry: id.clone(), target: target.clone() });
            }
            let old_kind = old.body.kind();
            if old_kind == EntryKind::Retraction || (kind != old_kind && kind != EntryKind::Retraction) {
                return Err(RecordError::KindMismatch { entry: id.clone(), expected: old_kind, found: kind });
            }
        }
        None => {
            if kind == EntryKind::Retraction {
                return Err(RecordError::RetractionWithoutTarget(id.clone()));
            }
        }
    }
    let view = record.view();
    let singleton_exists = match kind {
        EntryKind::Profile => view.profile.is_some(),
        EntryKind::Treatment => view.treatment.is_some(),
        EntryKind::CarePlan => view.care_plan.is_some(),
        _ => false,
    };
    if singleton_exists && e.supersedes.is_none() {
        return Err(RecordError::DuplicateSingleton { entry: id.clone(), kind });
    }
    let operation = view.treatment.as_ref().map(|t| t.value.operation_date);
    match &e.body {
        EntryBody::Profile(p) => {
            non_empty(id, "name", &p.name)?;
            if p.date_of_birth > e.at.date() {
                return Err(RecordError::BirthDateInFuture { entry: id.clone(), date_of_birth: p.date_of_birth });
            }
        }
        EntryBody::Treatment(t) => {
            non_empty(id, "operation", &t.operation)?;
            non_empty(id, "planning_hospital", &t.planning_hospital)?;
            if let Some(a) = t.admission {
                ordered(id, "admission.to", a.to >= a.from)?;
            }
            if let Some(cp) = &view.care_plan {
                if cp.value.path.cancer() != t.cancer {
                    return Err(RecordError::CancerMismatch {
                        entry: id.clone(),
                        path: cp.value.path,
                        cancer: t.cancer,
                    });
                }
            }
        }
        EntryBody::Consent(c) => non_empty(id, "to_whom", &c.to_whom)?,
        EntryBody::CarePlan(cp) => {
            if let Some(t) = &view.treatment {
                if cp.path.cancer() != t.value.cancer {
                    return Err(RecordError::CancerMismatch {
                        entry: id.clone(),
                        path: cp.path,
                        cancer: t.value.cancer,
                    });
                }
            }
            let template = pathway::template(cp.path).map_err(|_| RecordError::InvalidAdjustment {
                entry: id.clone(),
                error: PlanError::DateOutOfRange,
            })?;
            let mut plan = schedule::plan_with(template, cp.anchor, &cp.inputs(), &[])
                .map_err(|error| RecordError::InvalidAdjustment { entry: id.clone(), error })?;
            // A new care plan (superseding) must still carry the changes made so far.
            for change in &view.plan_changes {
                for a in &change.value.changes {
                    plan.apply(a).map_err(|error| RecordError::InvalidAdjustment { entry: id.clone(), error })?;
                }
            }
        }
        EntryBody::PlanChange(pc) => {
            let mut plan = match &view.plan {
                Some(p) => p.clone(),
                None => return Err(RecordError::NoCarePlan(id.clone())),
            };
            // A correction replaces the superseded change: replay without it.
            if let (Some(target), Some(cp)) = (&e.supersedes, &view.care_plan) {
                if let Ok(t) = pathway::template(cp.value.path) {
                    if let Ok(mut p) = schedule::plan_with(t, cp.value.anchor, &cp.value.inputs(), &[]) {
                        for change in view.plan_changes.iter().filter(|c| &c.id != target) {
                            for a in &change.value.changes {
                                let _ = p.apply(a);
                            }
                        }
                        plan = p;
                    }
                }
            }
            non_empty(id, "reason", &pc.reason)?;
            for a in &pc.changes {
                plan.apply(a).map_err(|error| RecordError::InvalidAdjustment { entry: id.clone(), error })?;
            }
        }
        EntryBody::Visit(v) => {
            non_empty(id, "institution", &v.institution)?;
            if let Some(op) = operation {
                if v.visit_date < op {
                    return Err(RecordError::VisitBeforeOperation {
                        entry: id.clone(),
                        visit: v.visit_date,
                        operation: op,
                    });
                }
            }
            if let Some(n) = v.next_planned_date {
                ordered(id, "next_planned_date", n > v.visit_date)?;
            }
            if let Some(r) = v.report_date {
                ordered(id, "report_date", r >= v.visit_date)?;
            }
            if v.plan_changed == v.changed_items.is_empty() {
                return Err(RecordError::ChangedItemsMismatch(id.clone()));
            }
        }
        EntryBody::TestResult(r) => {
            non_empty(id, "place", &r.place)?;
            match &r.value {
                ResultValue::Number(x) => {
                    if !x.is_finite() {
                        return Err(RecordError::InvalidValue { entry: id.clone() });
                    }
                    if r.unit.is_none() {
                        return Err(RecordError::MissingUnit { entry: id.clone(), analyte: r.analyte.clone() });
                    }
                }
                ResultValue::Text(t) => non_empty(id, "value", t)?,
            }
            if let Some(ReferenceRange { low: Some(l), high: Some(h), .. }) = r.reference {
                if l > h {
                    return Err(RecordError::InvalidValue { entry: id.clone() });
                }
            }
        }
        EntryBody::Medication(m) => {
            non_empty(id, "name", &m.name)?;
            if let Some(end) = m.end {
                ordered(id, "end", end >= m.start)?;
            }
            let ok = match m.regimen {
                Some(Regimen::Cyclic { on_days, cycles, .. }) => on_days > 0 && cycles > 0,
                Some(Regimen::Continuous { months }) => months > 0,
                None => true,
            };
            if !ok {
                return Err(RecordError::InvalidRegimen(id.clone()));
            }
            if m.import_id.as_deref().is_some_and(|i| !crate::jahis::import_id_is_valid(i)) {
                return Err(RecordError::InvalidImportId(id.clone()));
            }
        }
        EntryBody::Memo(m) => non_empty(id, "text", &m.text)?,
        EntryBody::Partner(p) => {
            non_empty(id, "name", &p.name)?;
            phone(id, &p.phone)?;
            phone(id, &p.fax)?;
            phone(id, &p.after_hours_phone)?;
            if let Some(k) = &p.keys {
                keys(id, k)?;
            }
        }
        EntryBody::PartnerList(l) => {
            for p in &l.partners {
                non_empty(id, "name", &p.name)?;
                phone(id, &p.phone)?;
                phone(id, &p.fax)?;
                keys(id, &p.keys)?;
            }
        }
        EntryBody::Variance(_) => {}
        EntryBody::Status(s) => {
            if let StatusChange::Left { variance, .. } = s {
                let known = record
                    .entry(variance)
                    .is_some_and(|x| x.body.kind() == EntryKind::Variance);
                if !known {
                    return Err(RecordError::UnknownVariance { entry: id.clone(), variance: variance.clone() });
                }
            }
        }
        EntryBody::Retraction(r) => non_empty(id, "reason", &r.reason)?,
    }
    Ok(())
}
