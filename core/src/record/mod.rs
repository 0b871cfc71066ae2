//! The record: the patient-held booklet as an append-only log of entries.
//!
//! Medical records must keep their history (真正性・見読性・保存性), so nothing is edited in
//! place. Every change is an [`Entry`] with a stable id, an author and a time; a correction is
//! a new entry that `supersedes` an old one (of the same kind), and a [`Retraction`] entry
//! removes one from the current view. The current view, [`RecordView`], is derived by a pure
//! function, [`Record::view`].
//!
//! Ids and times are passed in: the domain has no clock and no randomness. Use
//! [`Record::next_entry_id`] (device prefix + counter) or [`EntryId::from_random`] with 128
//! random bits from the platform.
//!
//! ```
//! use chrono::NaiveDate;
//! use karte_core::record::{Author, Entry, EntryBody, EntryId, Memo, Record};
//! let at = NaiveDate::from_ymd_opt(2024, 5, 1).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("time");
//! let mut record = Record::new();
//! let id = record.next_entry_id("phone1");
//! record
//!     .append(Entry::new(id, Author::Patient, at, EntryBody::Memo(Memo { text: "食欲あり".into() })))
//!     .expect("valid");
//! assert_eq!(record.view().memos.len(), 1);
//! ```

mod format;
mod model;
mod validate;
mod view;

use std::fmt;

use chrono::NaiveDateTime;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

pub use format::{FormatError, FORMAT, VERSION};
pub use model::*;
pub use validate::RecordError;
pub use view::{ConsentState, Current, RecordView};

use crate::share::Sharing;
use crate::tagged;
use crate::vocab::str_enum;

/// The view of a log that is not a whole record (e.g. the entries of a share): the same
/// derivation as [`Record::view`], without validating the log first.
pub fn derive_view(demo: bool, entries: &[Entry]) -> RecordView {
    view::derive(demo, entries)
}

/// The stable id of an entry, unique without a server: `<device>-<counter>` or 32 hex digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(pub String);

impl EntryId {
    /// `<device>-<counter>`, e.g. `phone1-000042`.
    pub fn sequential(device: &str, counter: u64) -> EntryId {
        EntryId(format!("{device}-{counter:06}"))
    }

    /// 128 random bits from the caller, as 32 hex digits.
    pub fn from_random(bits: u128) -> EntryId {
        EntryId(format!("{bits:032x}"))
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the id is well formed: 1-64 characters among `A-Z a-z 0-9 - _ . :`.
    pub fn is_valid(&self) -> bool {
        !self.0.is_empty()
            && self.0.len() <= 64
            && self.0.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who wrote an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Author {
    /// The patient (or family) on the phone.
    Patient,
    /// A clinician.
    Clinician {
        /// Name.
        name: String,
        /// Institution.
        institution: String,
        /// The institution's role.
        role: PartnerRole,
    },
    /// An institution (e.g. the hospital's path office).
    Institution {
        /// Name.
        name: String,
        /// Role.
        role: PartnerRole,
    },
}

str_enum! {
    /// Signature algorithm.
    SignatureAlgorithm {
        /// Ed25519.
        Ed25519 => "ed25519",
        /// ECDSA P-256 with SHA-256.
        EcdsaP256 => "ecdsa-p256-sha256",
    }
}

/// A signature over an entry (from a provider's QR code). What it covers and how it is checked
/// is in `docs/share-format.md` and [`crate::share::chain`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// Algorithm.
    pub algorithm: SignatureAlgorithm,
    /// Which key signed: for Ed25519, the public key itself in hex (64 digits), so any later
    /// reader can check the signature.
    pub key_id: String,
    /// The record as the signer saw it (the share the entry answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// The record and the share the entry answers (share format 2; absent in entries signed
    /// under format 1, which keep verifying as they are).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
    /// The signature bytes (hex in JSON).
    #[serde(with = "hex")]
    pub bytes: Vec<u8>,
}

/// Whom a signed entry is for: the record (the id of its X25519 key) and the share it answers.
/// Signed with the entry, so it cannot be replayed into another record or as an answer to
/// another share.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Subject {
    /// The record's key id (16 hex digits).
    pub record: String,
    /// The share id (32 hex digits).
    pub share: String,
}

/// The record as a signer saw it: how many entries it had, the hash chain's head after them,
/// and the last signed entry among them. A signed entry carries it, so the signed entries of a
/// record form a chain (see [`crate::share::chain`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Basis {
    /// Number of entries.
    pub entries: u32,
    /// Chain head after them (SHA-256, 64 hex digits).
    pub head: String,
    /// The last signed entry among them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_signed: Option<EntryId>,
}

mod hex {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        s.serialize_str(&hex)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        // One spelling per value, as for keys and ids: canonical lower-case hex only.
        crate::share::bytes_from_hex(&s)
            .ok_or_else(|| serde::de::Error::custom("not canonical hex (lower-case digits 0-9 a-f, two a byte)"))
    }
}

/// A retraction: removes the superseded entry from the current view (it stays in the log).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retraction {
    /// Why.
    pub reason: String,
}

/// What an entry says: one part of the booklet.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EntryBody {
    /// 患者基礎情報.
    Profile(Profile),
    /// 治療情報.
    Treatment(TreatmentInfo),
    /// 同意・同意撤回.
    Consent(Consent),
    /// 共同診療計画書.
    CarePlan(CarePlan),
    /// A change of the plan.
    PlanChange(PlanChange),
    /// 受診記録 / 様式2.
    Visit(VisitRecord),
    /// 検査結果.
    TestResult(TestResult),
    /// 薬剤.
    Medication(Medication),
    /// 連絡用メモ.
    Memo(Memo),
    /// 連携医療機関.
    Partner(Partner),
    /// 連携医療機関の登録一覧 (signed by the planning hospital).
    PartnerList(PartnerList),
    /// 様式3 逸脱.
    Variance(Variance),
    /// 満了・逸脱による終了.
    Status(StatusChange),
    /// Removes the entry it supersedes from the view.
    Retraction(Retraction),
}

/// The kind of an entry body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// [`EntryBody::Profile`].
    Profile,
    /// [`EntryBody::Treatment`].
    Treatment,
    /// [`EntryBody::Consent`].
    Consent,
    /// [`EntryBody::CarePlan`].
    CarePlan,
    /// [`EntryBody::PlanChange`].
    PlanChange,
    /// [`EntryBody::Visit`].
    Visit,
    /// [`EntryBody::TestResult`].
    TestResult,
    /// [`EntryBody::Medication`].
    Medication,
    /// [`EntryBody::Memo`].
    Memo,
    /// [`EntryBody::Partner`].
    Partner,
    /// [`EntryBody::PartnerList`].
    PartnerList,
    /// [`EntryBody::Variance`].
    Variance,
    /// [`EntryBody::Status`].
    Status,
    /// [`EntryBody::Retraction`].
    Retraction,
}

impl EntryBody {
    /// The kind.
    pub fn kind(&self) -> EntryKind {
        match self {
            EntryBody::Profile(_) => EntryKind::Profile,
            EntryBody::Treatment(_) => EntryKind::Treatment,
            EntryBody::Consent(_) => EntryKind::Consent,
            EntryBody::CarePlan(_) => EntryKind::CarePlan,
            EntryBody::PlanChange(_) => EntryKind::PlanChange,
            EntryBody::Visit(_) => EntryKind::Visit,
            EntryBody::TestResult(_) => EntryKind::TestResult,
            EntryBody::Medication(_) => EntryKind::Medication,
            EntryBody::Memo(_) => EntryKind::Memo,
            EntryBody::Partner(_) => EntryKind::Partner,
            EntryBody::PartnerList(_) => EntryKind::PartnerList,
            EntryBody::Variance(_) => EntryKind::Variance,
            EntryBody::Status(_) => EntryKind::Status,
            EntryBody::Retraction(_) => EntryKind::Retraction,
        }
    }
}

// Read without serde's `Content` buffer (see `crate::tagged`); written by the derive, tag first.
impl<'de> Deserialize<'de> for Author {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Author, D::Error> {
        let (kind, mut f) = tagged::read(d, "Author", "kind")?;
        Ok(match kind.as_str() {
            "patient" => Author::Patient,
            "clinician" => Author::Clinician {
                name: f.field("name")?,
                institution: f.field("institution")?,
                role: f.field("role")?,
            },
            "institution" => Author::Institution { name: f.field("name")?, role: f.field("role")? },
            other => return Err(D::Error::unknown_variant(other, &["patient", "clinician", "institution"])),
        })
    }
}

impl<'de> Deserialize<'de> for EntryBody {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EntryBody, D::Error> {
        let (kind, f) = tagged::read(d, "EntryBody", "kind")?;
        // The kinds have the same names: an unknown one fails with the list of kinds.
        let kind: EntryKind = serde_json::from_value(kind.into()).map_err(D::Error::custom)?;
        Ok(match kind {
            EntryKind::Profile => EntryBody::Profile(f.rest()?),
            EntryKind::Treatment => EntryBody::Treatment(f.rest()?),
            EntryKind::Consent => EntryBody::Consent(f.rest()?),
            EntryKind::CarePlan => EntryBody::CarePlan(f.rest()?),
            EntryKind::PlanChange => EntryBody::PlanChange(f.rest()?),
            EntryKind::Visit => EntryBody::Visit(f.rest()?),
            EntryKind::TestResult => EntryBody::TestResult(f.rest()?),
            EntryKind::Medication => EntryBody::Medication(f.rest()?),
            EntryKind::Memo => EntryBody::Memo(f.rest()?),
            EntryKind::Partner => EntryBody::Partner(f.rest()?),
            EntryKind::PartnerList => EntryBody::PartnerList(f.rest()?),
            EntryKind::Variance => EntryBody::Variance(f.rest()?),
            EntryKind::Status => EntryBody::Status(f.rest()?),
            EntryKind::Retraction => EntryBody::Retraction(f.rest()?),
        })
    }
}

/// One entry of the log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable, unique id.
    pub id: EntryId,
    /// Who wrote it.
    pub author: Author,
    /// When it was written (local time of the author's device).
    pub at: NaiveDateTime,
    /// The entry this one corrects or retracts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<EntryId>,
    /// What it says.
    pub body: EntryBody,
    /// A signature, when the entry came signed (not verified yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

impl Entry {
    /// A new entry.
    pub fn new(id: EntryId, author: Author, at: NaiveDateTime, body: EntryBody) -> Entry {
        Entry { id, author, at, supersedes: None, body, signature: None }
    }

    /// The same entry, as a correction of `old`.
    pub fn superseding(mut self, old: EntryId) -> Entry {
        self.supersedes = Some(old);
        self
    }

    /// The same entry, with a signature.
    pub fn signed(mut self, signature: Signature) -> Entry {
        self.signature = Some(signature);
        self
    }
}

/// The record: a demo flag, the append-only log, and the sharing state (the record's key,
/// the shares made and the messages merged), which lives only in the vault.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    demo: bool,
    entries: Vec<Entry>,
    /// Keys and logs of the share protocol.
    pub sharing: Sharing,
}

impl Record {
    /// An empty record.
    pub fn new() -> Record {
        Record::default()
    }

    /// An empty record flagged as demo data (fictional patient).
    pub fn new_demo() -> Record {
        Record { demo: true, entries: Vec::new(), sharing: Sharing::default() }
    }

    /// Builds a record by appending every entry in order (each is validated).
    pub fn from_entries(demo: bool, entries: Vec<Entry>) -> Result<Record, RecordError> {
        let mut r = Record { demo, entries: Vec::with_capacity(entries.len()), sharing: Sharing::default() };
        for e in entries {
            r.append(e)?;
        }
        Ok(r)
    }

    /// Builds a record without checking (for data built by this crate, e.g. the demos, whose
    /// validity a test checks with [`Record::from_entries`]).
    pub(crate) fn from_trusted(demo: bool, entries: Vec<Entry>) -> Record {
        Record { demo, entries, sharing: Sharing::default() }
    }

    /// Whether this is demo data.
    pub fn is_demo(&self) -> bool {
        self.demo
    }

    /// The log, in append order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id.
    pub fn entry(&self, id: &EntryId) -> Option<&Entry> {
        self.entries.iter().find(|e| &e.id == id)
    }

    /// Appends an entry after checking it against the record; on error the record is unchanged.
    pub fn append(&mut self, entry: Entry) -> Result<(), RecordError> {
        validate::check(self, &entry)?;
        self.entries.push(entry);
        Ok(())
    }

    /// The next id for a device: `<device>-<n>` with `n` one more than the highest counter
    /// already used by that device in this record.
    pub fn next_entry_id(&self, device: &str) -> EntryId {
        let prefix = format!("{device}-");
        let max = self
            .entries
            .iter()
            .filter_map(|e| e.id.0.strip_prefix(&prefix))
            .filter_map(|n| n.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        EntryId::sequential(device, max + 1)
    }

    /// The versions of an entry, oldest first: the chain of entries superseding each other
    /// that contains `id`.
    pub fn history(&self, id: &EntryId) -> Vec<&Entry> {
        let mut first = match self.entry(id) {
            Some(e) => e,
            None => return Vec::new(),
        };
        while let Some(prev) = first.supersedes.as_ref().and_then(|p| self.entry(p)) {
            first = prev;
        }
        let mut chain = vec![first];
        while let Some(next) = self
            .entries
            .iter()
            .find(|e| e.supersedes.as_ref() == chain.last().map(|l| &l.id))
        {
            chain.push(next);
        }
        chain
    }

    /// The current view, derived from the log.
    pub fn view(&self) -> RecordView {
        view::derive(self.demo, &self.entries)
    }
}
