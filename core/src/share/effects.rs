//! What each entry of an answer does to the record, for the patient's preview: adds a visit
//! record, replaces or retracts an entry already there (named by its kind, its author and its
//! date, so that the patient sees whose entry it is), adds a partner list of N institutions,
//! records a consent or its withdrawal. A pure function of the record's log and the answer's
//! entries (checked by `exchange::preview` first); the words are the UI's.

use chrono::{NaiveDate, NaiveDateTime};

use crate::record::{Author, ConsentEvent, Entry, EntryBody, EntryId, EntryKind};

/// The entry an answer's entry replaces or retracts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Its id.
    pub id: EntryId,
    /// Its kind.
    pub kind: EntryKind,
    /// Who wrote it.
    pub author: Author,
    /// When it was written.
    pub at: NaiveDateTime,
    /// Whether its author is the institution (or the patient) writing the answer's entry: when
    /// not, the answer changes someone else's entry.
    pub same_author: bool,
    /// The allergies it records (a profile), which replacing or retracting it may drop.
    pub allergies: Vec<String>,
}

/// What one entry of an answer does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Adds an entry of this kind (dated by what it is about, when it says).
    Adds {
        /// Its kind.
        kind: EntryKind,
        /// The day it is about (a visit's, a result's, a medication's start...).
        date: Option<NaiveDate>,
    },
    /// Adds a partner institution to the record's list of contacts.
    AddsPartner {
        /// The institution.
        name: String,
    },
    /// Adds a planning hospital's list of the partners it vouches for.
    AddsPartnerList {
        /// How many institutions it names.
        institutions: usize,
    },
    /// Records a consent, or its withdrawal, to share with an institution.
    RecordsConsent {
        /// Given or withdrawn.
        event: ConsentEvent,
        /// To whom.
        to_whom: String,
    },
    /// Replaces an entry of the record (or of the same answer).
    Replaces(Target),
    /// Retracts an entry of the record (or of the same answer): it leaves the current view.
    Retracts(Target),
    /// Replaces or retracts an entry that is neither in the record nor in the answer.
    ChangesUnknown(EntryId),
}

/// The institution an author writes for; `None` for the patient.
fn institution(a: &Author) -> Option<&str> {
    match a {
        Author::Patient => None,
        Author::Clinician { institution, .. } => Some(institution),
        Author::Institution { name, .. } => Some(name),
    }
}

/// The day an entry is about, when its body says.
fn day(body: &EntryBody) -> Option<NaiveDate> {
    match body {
        EntryBody::Visit(v) => Some(v.visit_date),
        EntryBody::TestResult(r) => Some(r.date),
        EntryBody::Medication(m) => Some(m.start),
        EntryBody::Variance(v) => Some(v.date),
        EntryBody::Consent(c) => Some(c.date),
        EntryBody::Treatment(t) => Some(t.operation_date),
        EntryBody::CarePlan(p) => Some(p.anchor),
        _ => None,
    }
}

/// What each of `answer`'s entries does to a record whose log is `log`, in order.
pub fn effects(log: &[Entry], answer: &[Entry]) -> Vec<Effect> {
    answer
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if let Some(old) = &e.supersedes {
                let found = log.iter().chain(&answer[..i]).rev().find(|x| &x.id == old);
                let Some(t) = found else { return Effect::ChangesUnknown(old.clone()) };
                let target = Target {
                    id: t.id.clone(),
                    kind: t.body.kind(),
                    author: t.author.clone(),
                    at: t.at,
                    same_author: institution(&t.author) == institution(&e.author),
                    allergies: match &t.body {
                        EntryBody::Profile(p) => p.allergies.clone(),
                        _ => Vec::new(),
                    },
                };
                return match e.body {
                    EntryBody::Retraction(_) => Effect::Retracts(target),
                    _ => Effect::Replaces(target),
                };
            }
            match &e.body {
                EntryBody::PartnerList(l) => Effect::AddsPartnerList { institutions: l.partners.len() },
                EntryBody::Partner(p) => Effect::AddsPartner { name: p.name.clone() },
                EntryBody::Consent(c) => Effect::RecordsConsent { event: c.event, to_whom: c.to_whom.clone() },
                body => Effect::Adds { kind: body.kind(), date: day(body) },
            }
        })
        .collect()
}
