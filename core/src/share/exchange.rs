//! The operations of each side, each all-or-nothing.
//!
//! Patient: [`pair`] (scan a card, pin its keys), [`share`] (seal a bundle to a provider),
//! [`preview`] then [`merge`] (an answer: entries or the opening booklet).
//! Provider: [`open_share`], [`answer`].

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::bundle::{Bundle, Part};
use super::bytes::{self, to_hex};
use super::chain::{self, SignatureProblem};
use super::keys::{CardError, KeyId, ProviderCard, ProviderKeys};
use super::seal::{self, OpenError, SealError};
use super::state::{MergedMessage, Pin, ShareLogItem};
use super::{cbor_decode, cbor_encode, MessageKind};
pub use super::seal::seal_compressed;
use crate::record::{
    Author, ConsentEvent, Entry, EntryBody, EntryId, EntryKind, Partner, PartnerList, PartnerRole, PinnedKeys, Record,
    RecordError, VouchedPartner,
};
use crate::vault::EntropyError;

/// Randomness from the platform, as everywhere in the crate.
pub trait Entropy: FnMut(&mut [u8]) -> Result<(), EntropyError> {}
impl<F: FnMut(&mut [u8]) -> Result<(), EntropyError>> Entropy for F {}

/// A message ready for frames.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    /// Its kind.
    pub kind: MessageKind,
    /// The transfer id for its frames.
    pub transfer: u32,
    /// The message bytes.
    pub message: Vec<u8>,
}

fn random_u32(rng: &mut impl Entropy) -> Result<u32, EntropyError> {
    let mut b = [0u8; 4];
    rng(&mut b)?;
    Ok(u32::from_be_bytes(b))
}

// ---------------------------------------------------------------------------------------------
// Pairing

/// What pairing did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Paired {
    /// The institution was pinned and joined the partner list (a new address-book entry).
    Added(EntryId),
    /// The institution was in the partner list: it is pinned now.
    Pinned,
    /// The patient confirmed replacing the institution's pinned keys or role.
    Replaced,
    /// Already paired with these keys and this role: nothing changed.
    AlreadyPaired,
}

/// Why pairing was refused; the record is unchanged.
#[derive(Clone, Debug, PartialEq)]
pub enum PairError {
    /// The institution is paired with other keys: a new device, or someone else's card. The
    /// patient must confirm replacing them ([`pair`] with `replace`).
    KeysChanged {
        /// The fingerprint pinned.
        pinned: String,
        /// The card's.
        card: String,
    },
    /// The institution's card claims another role than the one the patient confirmed (e.g. a
    /// clinic's card sent again as a planning hospital). The patient must confirm it ([`pair`]
    /// with `replace`).
    RoleChanged {
        /// The role pinned.
        pinned: PartnerRole,
        /// The card's.
        card: PartnerRole,
    },
    /// The record refused the address-book entry.
    Invalid(RecordError),
}

impl fmt::Display for PairError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PairError::KeysChanged { pinned, card } => {
                write!(f, "this institution was paired with other keys ({pinned}); the card shows {card}")
            }
            PairError::RoleChanged { pinned, card } => {
                write!(f, "this institution was paired as {pinned:?}; the card claims {card:?}")
            }
            PairError::Invalid(e) => write!(f, "the partner could not be added: {e}"),
        }
    }
}

impl std::error::Error for PairError {}

fn pinned(card: &ProviderCard) -> PinnedKeys {
    PinnedKeys { x25519: to_hex(&card.x25519), ed25519: to_hex(&card.ed25519) }
}

fn fingerprint_of(k: &PinnedKeys) -> String {
    let x: Option<[u8; 32]> = bytes::from_hex(&k.x25519).and_then(|v| v.try_into().ok());
    let e: Option<[u8; 32]> = bytes::from_hex(&k.ed25519).and_then(|v| v.try_into().ok());
    match (x, e) {
        (Some(x), Some(e)) => super::keys::fingerprint(&x, &e),
        _ => String::from("?"),
    }
}

/// Pins a provider's keys and role in the record's pin map after the patient confirmed the
/// card (name, role, fingerprint), and adds the institution to the partner list (the address
/// book, without keys) when it is not there. `id` is that entry's id. Pairing is the only way
/// a pin is made or changed; other keys or another role than pinned need `replace` (the
/// patient's confirmation).
///
/// # Errors
/// A [`PairError`]; the record is then unchanged.
pub fn pair(record: &mut Record, card: &ProviderCard, at: NaiveDateTime, id: EntryId, replace: bool) -> Result<Paired, PairError> {
    let keys = pinned(card);
    let institution = card.identity.institution.clone();
    let role = card.identity.role;
    let outcome = match record.sharing.pins.get(&institution) {
        Some(p) if p.keys == keys && p.role == role => return Ok(Paired::AlreadyPaired),
        Some(p) if !replace && p.keys != keys => {
            return Err(PairError::KeysChanged { pinned: fingerprint_of(&p.keys), card: card.fingerprint() })
        }
        Some(p) if !replace => return Err(PairError::RoleChanged { pinned: p.role, card: role }),
        Some(_) => Paired::Replaced,
        None => Paired::Pinned,
    };
    let listed = record.view().partners.iter().any(|p| p.value.name == institution);
    let outcome = if listed {
        outcome
    } else {
        let partner = Partner {
            role,
            name: institution.clone(),
            contact: Some(card.identity.name.clone()).filter(|s| !s.trim().is_empty()),
            phone: card.identity.phone.clone(),
            fax: card.identity.fax.clone(),
            after_hours_phone: None,
            keys: None,
        };
        record.append(Entry::new(id.clone(), Author::Patient, at, EntryBody::Partner(partner))).map_err(PairError::Invalid)?;
        if outcome == Paired::Pinned { Paired::Added(id) } else { outcome }
    };
    record.sharing.reconfirm.retain(|n| *n != institution);
    record.sharing.pins.insert(institution, Pin { role, keys, at });
    Ok(outcome)
}

/// Moves the pins of a record written before the pin map (record format 3 and older, share
/// format 1: keys in the partner entries) into the pin map. Only keys the patient's own
/// pairing wrote count (partner entries by the patient); a pin whose entry someone else later
/// superseded or retracted is dropped and its institution listed in `reconfirm` (the patient
/// scans its card again once). Keys in entries of anyone else are ignored. The entries stay as
/// they are (signed history); their keys no longer mean anything.
pub fn migrate_pins(record: &mut Record) {
    let mut pins = Vec::new();
    let mut reconfirm = Vec::new();
    for e in record.entries() {
        let EntryBody::Partner(p) = &e.body else { continue };
        let Some(keys) = &p.keys else { continue };
        if e.author != Author::Patient {
            continue;
        }
        let history = record.history(&e.id);
        let later = history.iter().skip_while(|x| x.id != e.id).skip(1);
        let mut later = later.peekable();
        if later.peek().is_none() {
            pins.push((p.name.clone(), Pin { role: p.role, keys: keys.clone(), at: e.at }));
        } else if later.any(|x| x.author != Author::Patient) {
            reconfirm.push(p.name.clone());
        }
    }
    for (name, pin) in pins {
        reconfirm.retain(|n| *n != name);
        record.sharing.pins.entry(name).or_insert(pin);
    }
    reconfirm.dedup();
    for name in reconfirm {
        if !record.sharing.pins.contains_key(&name) && !record.sharing.reconfirm.contains(&name) {
            record.sharing.reconfirm.push(name);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sharing (patient -> provider)

/// What the patient chose for a share.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShareOptions {
    /// Parts left out.
    pub omit: Vec<Part>,
}

/// Why a share could not be made; the record is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The record has no key yet (it gets one when the vault is unlocked).
    NoKey,
    /// The patient withdrew consent for this institution (同意撤回).
    ConsentWithdrawn(String),
    /// Sealing failed.
    Seal(SealError),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NoKey => f.write_str("the record has no sharing key yet"),
            ShareError::ConsentWithdrawn(i) => write!(f, "consent was withdrawn for {i}"),
            ShareError::Seal(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ShareError {}

impl From<EntropyError> for ShareError {
    fn from(_: EntropyError) -> Self {
        ShareError::Seal(SealError::Entropy)
    }
}

/// The share message's payload.
#[derive(Serialize, Deserialize)]
struct SharePayload {
    #[serde(with = "bytes")]
    patient: [u8; 32],
    #[serde(with = "bytes")]
    share_id: [u8; 16],
    at: NaiveDateTime,
    bundle: Bundle,
}

/// Whether the patient's latest consent event naming `institution` is a withdrawal.
pub fn consent_withdrawn(record: &Record, institution: &str) -> bool {
    record
        .view()
        .consents
        .iter()
        .filter(|c| c.value.to_whom.contains(institution))
        .max_by_key(|c| (c.value.date, c.at))
        .is_some_and(|c| c.value.event == ConsentEvent::Withdrawn)
}

/// Seals the record's bundle to a provider and logs the share.
///
/// # Errors
/// A [`ShareError`]; the record is then unchanged.
pub fn share(
    record: &mut Record,
    to: &ProviderCard,
    today: NaiveDate,
    now: NaiveDateTime,
    options: &ShareOptions,
    rng: &mut impl Entropy,
) -> Result<Outgoing, ShareError> {
    let key = record.sharing.key.as_ref().ok_or(ShareError::NoKey)?;
    if consent_withdrawn(record, &to.identity.institution) {
        return Err(ShareError::ConsentWithdrawn(to.identity.institution.clone()));
    }
    let bundle = Bundle::of(record, today, &options.omit);
    let mut share_id = [0u8; 16];
    rng(&mut share_id)?;
    let transfer = random_u32(rng)?;
    let payload = SharePayload { patient: key.public(), share_id, at: now, bundle };
    let message = seal::seal(MessageKind::Share, transfer, &to.x25519, &cbor_encode(&payload), rng).map_err(ShareError::Seal)?;
    record.sharing.shares.push(ShareLogItem {
        share_id,
        transfer,
        institution: to.identity.institution.clone(),
        key: to.key_id(),
        at: now,
        omitted: payload.bundle.omitted.clone(),
        basis: payload.bundle.basis.clone(),
    });
    Ok(Outgoing { kind: MessageKind::Share, transfer, message })
}

/// A share as the provider opened it.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenedShare {
    /// The patient's record key (answers are sealed to it).
    pub patient: [u8; 32],
    /// The share id (answers name it).
    pub share_id: [u8; 16],
    /// When the patient shared.
    pub at: NaiveDateTime,
    /// What was shared.
    pub bundle: Bundle,
}

/// Opens a share with the provider's keys. `frames_transfer` is the transfer id of the frames
/// it came in (checked against the message's), when it came by frames.
///
/// # Errors
/// An [`OpenError`].
pub fn open_share(message: &[u8], frames_transfer: Option<u32>, keys: &ProviderKeys) -> Result<OpenedShare, OpenError> {
    let compressed = seal::open(message, MessageKind::Share, frames_transfer, &keys.x25519)?;
    parse_share(&seal::decompress(&compressed)?)
}

/// Reads an opened, decompressed share payload.
///
/// # Errors
/// [`OpenError::Malformed`].
pub fn parse_share(plain: &[u8]) -> Result<OpenedShare, OpenError> {
    let p: SharePayload = cbor_decode(plain).map_err(OpenError::Malformed)?;
    // Which entries the phone verified is the sender's claim (shares are not signed:
    // docs/share-format.md, threat model), so the doctor's view does not show it; it must at
    // least be one that can be true: distinct, increasing indexes of the entries sent.
    let n = p.bundle.entries.len();
    let v = &p.bundle.verified;
    if v.windows(2).any(|w| w[0] >= w[1]) || v.last().is_some_and(|&i| i as usize >= n) {
        return Err(OpenError::Malformed(format!("{} entries claimed verified are not distinct entries of the {n} sent", v.len())));
    }
    Ok(OpenedShare { patient: p.patient, share_id: p.share_id, at: p.at, bundle: p.bundle })
}

// ---------------------------------------------------------------------------------------------
// Answering (provider -> patient)

/// An entry the provider writes, before it is signed.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// What it says.
    pub body: EntryBody,
    /// The entry it corrects, if any.
    pub supersedes: Option<EntryId>,
}

/// The payload of `entries` and `issue`, as read (nothing checked yet).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The share it answers.
    #[serde(with = "bytes")]
    pub answers: [u8; 16],
    /// The signer's card message (self-signed).
    #[serde(with = "bytes")]
    pub card: Vec<u8>,
    /// The signed entries.
    pub entries: Vec<Entry>,
    /// The provider kept the shared record on its device (its explicit choice; the patient is
    /// told).
    #[serde(default, skip_serializing_if = "is_false")]
    pub kept: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Reads an opened, decompressed answer payload.
///
/// # Errors
/// [`OpenError::Malformed`].
pub fn parse_answer(plain: &[u8]) -> Result<Answer, OpenError> {
    cbor_decode(plain).map_err(OpenError::Malformed)
}

/// The CBOR of an answer payload (for conformance vectors of crafted answers).
pub fn encode_answer(a: &Answer) -> Vec<u8> {
    cbor_encode(a)
}

/// Signs the drafts as the provider (each with the share's basis) and seals them to the patient
/// as `kind` ([`MessageKind::Entries`] or [`MessageKind::Issue`]). Entry ids are random.
///
/// # Errors
/// A [`SealError`].
pub fn answer(
    opened: &OpenedShare,
    card: &ProviderCard,
    keys: &ProviderKeys,
    kind: MessageKind,
    drafts: Vec<Draft>,
    at: NaiveDateTime,
    rng: &mut impl Entropy,
) -> Result<Outgoing, SealError> {
    answer_keeping(opened, card, keys, kind, drafts, false, at, rng).map(|(o, _)| o)
}

/// As [`answer`], also returning the signed entries (the provider keeps what it wrote, to
/// reprint its report), and telling the patient whether the provider `kept` the shared record.
///
/// # Errors
/// A [`SealError`].
#[allow(clippy::too_many_arguments)]
pub fn answer_keeping(
    opened: &OpenedShare,
    card: &ProviderCard,
    keys: &ProviderKeys,
    kind: MessageKind,
    drafts: Vec<Draft>,
    kept: bool,
    at: NaiveDateTime,
    rng: &mut impl Entropy,
) -> Result<(Outgoing, Vec<Entry>), SealError> {
    let author = Author::Clinician {
        name: card.identity.name.clone(),
        institution: card.identity.institution.clone(),
        role: card.identity.role,
    };
    let subject = chain::subject(&opened.patient, &opened.share_id);
    let mut entries = Vec::with_capacity(drafts.len());
    for d in drafts {
        // 64 random bits: no collision in a lifetime of entries, half the bytes of 128.
        let mut id = [0u8; 8];
        rng(&mut id)?;
        let mut e = Entry::new(EntryId(format!("{:016x}", u64::from_be_bytes(id))), author.clone(), at, d.body);
        e.supersedes = d.supersedes;
        entries.push(chain::sign(e, &opened.bundle.basis, &subject, keys));
    }
    let payload = Answer { answers: opened.share_id, card: card.to_message(keys), entries, kept };
    let transfer = random_u32(rng)?;
    let message = seal::seal(kind, transfer, &opened.patient, &cbor_encode(&payload), rng)?;
    Ok((Outgoing { kind, transfer, message }, payload.entries))
}

// ---------------------------------------------------------------------------------------------
// Receiving (patient)

/// Whether the signer is who the patient's pins say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trust {
    /// The signer's keys are pinned for its institution (the patient's pairing, or the partner
    /// list of a planning hospital the patient pinned).
    Verified,
    /// The institution is not paired: who claims to have written it is shown; the patient
    /// decides.
    Unpinned,
    /// The institution is paired with other keys: a warning, the patient decides.
    KeyMismatch {
        /// The pinned fingerprint.
        pinned: String,
    },
}

/// How long after a share its answers are accepted (hours), by the phone's own clock (the
/// share's time and the answer's scan are both the phone's): a visit's answer is scanned at
/// the desk minutes after the share, the hospital's booklet and visit the same day. A report
/// written later needs a new share (which also gives it the record as it is then).
pub const ANSWER_WINDOW_HOURS: i64 = 24;

/// How many answers one share accepts: the hospital's booklet and its visit, and one more (a
/// corrected report) on the same day.
pub const MAX_ANSWERS: usize = 3;

/// An answer opened and checked, not merged yet.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    /// `entries` or `issue`.
    pub kind: MessageKind,
    /// Its transfer id.
    pub transfer: u32,
    /// The share it answers.
    pub answers: [u8; 16],
    /// The signer's card.
    pub signer: ProviderCard,
    /// The signer's role as the patient's pin (or the pinned hospital's list) gives it; `None`
    /// when the signer is not verified (the card's own claim is not a role).
    pub role: Option<PartnerRole>,
    /// Whether the signer's key is pinned.
    pub trust: Trust,
    /// The signed entries, checked.
    pub entries: Vec<Entry>,
    /// Whether the provider kept the shared record on its device.
    pub kept: bool,
}

/// What an answer tried to change that only the patient may.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Touched {
    /// Keys for this institution in a partner entry (a pin).
    Keys(String),
}

/// Why an answer cannot be merged; the record is unchanged in every case.
#[derive(Clone, Debug, PartialEq)]
pub enum MergeError {
    /// The record has no key: it cannot have made the share this answers.
    NoKey,
    /// The message could not be opened.
    Open(OpenError),
    /// The signer's card inside is not valid.
    Card(CardError),
    /// It answers a share this phone never made.
    UnknownShare,
    /// It was merged already (the same QR code again): nothing to add.
    AlreadyMerged,
    /// It holds no entries.
    Empty,
    /// It answers a share made to another institution than the one that signed it.
    AnsweredByAnother {
        /// The institution shared with.
        shared_with: String,
        /// The signer's.
        signer: String,
    },
    /// The signer's card has another X25519 key than the one the share was sealed to: the card
    /// is not the one the patient shared with.
    NotSealedTo {
        /// The key id the share was sealed to.
        shared_to: KeyId,
        /// The key id of the signer's card.
        card: KeyId,
    },
    /// The patient withdrew consent for the signer's institution after sharing.
    ConsentWithdrawn(String),
    /// The share is older than [`ANSWER_WINDOW_HOURS`].
    Expired {
        /// When the patient shared.
        shared: NaiveDateTime,
    },
    /// The share was answered [`MAX_ANSWERS`] times already.
    UsedUp(usize),
    /// An entry without a signature.
    Unsigned(EntryId),
    /// An entry signed by another key than the card's.
    SignerMismatch(EntryId),
    /// An entry whose signature fails (altered).
    BadSignature(EntryId),
    /// An entry signed under share format 1 (without a subject): new answers must name theirs.
    LegacySignature(EntryId),
    /// An entry signed for another record or another share (replayed).
    WrongSubject(EntryId),
    /// An entry signed over an empty record, for a record that has entries.
    EmptyBasis(EntryId),
    /// An entry signed over another state of the record than the share it answers.
    StaleBasis(EntryId),
    /// An entry whose author is not the card's institution.
    AuthorMismatch(EntryId),
    /// An entry already in the record while others are new.
    DuplicateEntry(EntryId),
    /// The record refused an entry.
    Invalid(EntryId, RecordError),
    /// An opening booklet not from a planning hospital the patient pinned as one.
    NotAHospital,
    /// An opening booklet for a record that already has a plan from a hospital (a plan the
    /// patient transcribed is replaced).
    NotEmpty,
    /// A partner list not signed by a planning hospital the patient paired with: a hospital's
    /// word about its partners counts only when the patient pinned the hospital itself.
    UnvouchedList,
    /// The signer's card claims another role than the one the patient pinned it with (or its
    /// pinned hospital's list gives it): roles come from the pin, never from the card.
    RoleMismatch {
        /// The role pinned.
        pinned: PartnerRole,
        /// The card's claim.
        card: PartnerRole,
    },
    /// An entry carrying what only the patient's pairing may write (keys).
    TouchesTrust {
        /// The entry.
        entry: EntryId,
        /// What it carried.
        what: Touched,
    },
    /// An entry superseding or retracting an entry of another institution.
    OtherInstitutionsEntry {
        /// The entry.
        entry: EntryId,
        /// The other entry's author (institution).
        author: String,
    },
    /// An entry superseding or retracting an entry of its own institution that other keys
    /// signed, from a signer the patient has not verified.
    OtherKeysEntry {
        /// The entry.
        entry: EntryId,
        /// The entry it targets.
        target: EntryId,
    },
    /// An entry superseding or retracting one the patient wrote (only the planning hospital's
    /// opening booklet may replace the patient's typed profile, copied plan and treatment).
    PatientsEntry {
        /// The entry.
        entry: EntryId,
        /// The patient's entry.
        target: EntryId,
    },
    /// A consent entry from a provider that is not the record of a withdrawal of the consent to
    /// itself (a provider never grants consent; only the opening booklet records the consent
    /// taken on paper, and not in a record holding a withdrawal).
    ConsentByProvider(EntryId),
    /// An unverified signer (how: not paired, or paired with other keys), and the patient did
    /// not accept it.
    NotAccepted(Trust),
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeError::NoKey => f.write_str("this record has no sharing key"),
            MergeError::Open(e) => e.fmt(f),
            MergeError::Card(e) => write!(f, "the signer's card: {e}"),
            MergeError::UnknownShare => f.write_str("this answers a share this phone never made (another patient's code?)"),
            MergeError::AlreadyMerged => f.write_str("already added: nothing new"),
            MergeError::Empty => f.write_str("the code holds no entries"),
            MergeError::AnsweredByAnother { shared_with, signer } => {
                write!(f, "the record was shared with {shared_with} but the answer is signed by {signer}")
            }
            MergeError::NotSealedTo { shared_to, card } => {
                write!(f, "the share was sealed to key {shared_to} but the answer's card has key {card}")
            }
            MergeError::ConsentWithdrawn(i) => write!(f, "consent for {i} was withdrawn: its answers are not accepted"),
            MergeError::Expired { shared } => {
                write!(f, "the share of {shared} is older than {ANSWER_WINDOW_HOURS} hours: share again")
            }
            MergeError::UsedUp(n) => write!(f, "the share was answered {n} times already: share again"),
            MergeError::Unsigned(e) => write!(f, "entry {e} is not signed"),
            MergeError::SignerMismatch(e) => write!(f, "entry {e} is signed by another key than its sender's"),
            MergeError::BadSignature(e) => write!(f, "entry {e} was altered after it was signed"),
            MergeError::LegacySignature(e) => write!(f, "entry {e} is signed by an older app (no subject)"),
            MergeError::WrongSubject(e) => write!(f, "entry {e} was signed for another record or share"),
            MergeError::EmptyBasis(e) => write!(f, "entry {e} was signed over an empty record, and this record is not empty"),
            MergeError::StaleBasis(e) => write!(f, "entry {e} was signed over another state of the record"),
            MergeError::AuthorMismatch(e) => write!(f, "entry {e} names another author than its signer"),
            MergeError::DuplicateEntry(e) => write!(f, "entry {e} is already in the record"),
            MergeError::Invalid(e, r) => write!(f, "entry {e} cannot be added: {r}"),
            MergeError::NotAHospital => f.write_str("an opening booklet must come from a planning hospital paired as one"),
            MergeError::NotEmpty => f.write_str("this record already has a care plan"),
            MergeError::UnvouchedList => {
                f.write_str("a partner list counts only from a planning hospital this phone is paired with")
            }
            MergeError::RoleMismatch { pinned, card } => {
                write!(f, "the signer was paired as {pinned:?} but its card claims {card:?}")
            }
            MergeError::TouchesTrust { entry, what: Touched::Keys(of) } => {
                write!(f, "entry {entry} carries keys for {of}: only the patient's pairing pins keys")
            }
            MergeError::OtherInstitutionsEntry { entry, author } => {
                write!(f, "entry {entry} replaces or retracts an entry of {author}")
            }
            MergeError::OtherKeysEntry { entry, target } => {
                write!(f, "entry {entry} replaces or retracts entry {target}, signed by other keys")
            }
            MergeError::PatientsEntry { entry, target } => {
                write!(f, "entry {entry} replaces or retracts the patient's own entry {target}")
            }
            MergeError::ConsentByProvider(e) => write!(f, "entry {e} records a consent: a provider can only record a withdrawal of the consent to itself"),
            MergeError::NotAccepted(Trust::KeyMismatch { pinned }) => {
                write!(f, "the sender's keys differ from those paired ({pinned}) and it was not accepted")
            }
            MergeError::NotAccepted(_) => f.write_str("the sender is not paired and was not accepted"),
        }
    }
}

impl std::error::Error for MergeError {}

/// The trust of a signer's card against the patient's pins: the keys the patient pinned
/// (pairing) and those of the partners its pinned planning hospital vouches for ([`vouched`]).
pub fn trust_of(record: &Record, card: &ProviderCard) -> Trust {
    let keys = pinned(card);
    let institution = &card.identity.institution;
    let direct = record.sharing.pins.get(institution).map(|p| p.keys.clone());
    let listed = vouched(record).into_iter().filter(|p| p.name == *institution).map(|p| p.keys);
    let mut mismatch = None;
    for k in direct.into_iter().chain(listed) {
        if k == keys {
            return Trust::Verified;
        }
        mismatch = Some(fingerprint_of(&k));
    }
    match mismatch {
        Some(pinned) => Trust::KeyMismatch { pinned },
        None => Trust::Unpinned,
    }
}

/// The role of a signer: the one the patient confirmed when pairing with these keys, else the
/// one its pinned planning hospital's list gives it with these keys; never the card's claim.
pub fn role_of(record: &Record, card: &ProviderCard) -> Option<PartnerRole> {
    let keys = pinned(card);
    let institution = &card.identity.institution;
    if let Some(p) = record.sharing.pins.get(institution).filter(|p| p.keys == keys) {
        return Some(p.role);
    }
    vouched(record).into_iter().find(|p| p.name == *institution && p.keys == keys).map(|p| p.role)
}

/// The pin of a planning hospital with this card's keys, made by the patient's own pairing.
fn pinned_hospital<'a>(record: &'a Record, card: &ProviderCard) -> Option<&'a Pin> {
    let keys = pinned(card);
    record.sharing.pins.get(&card.identity.institution).filter(|p| p.keys == keys && p.role == PartnerRole::PlanningHospital)
}

/// The partners the planning hospital vouches for: the record's current partner list, when
/// its signature holds and its Ed25519 key is pinned in the patient's pin map for its author,
/// as a planning hospital. Empty otherwise (no list, or a list no pinned hospital signed).
pub fn vouched(record: &Record) -> Vec<VouchedPartner> {
    let view = record.view();
    let Some(list) = &view.partner_list else { return Vec::new() };
    let Some(entry) = record.entry(&list.id) else { return Vec::new() };
    let Ok(key) = chain::check(entry) else { return Vec::new() };
    let Some(institution) = author_institution(&entry.author) else { return Vec::new() };
    let hex = to_hex(&key);
    let hospital = record
        .sharing
        .pins
        .get(institution)
        .is_some_and(|p| p.role == PartnerRole::PlanningHospital && p.keys.ed25519 == hex);
    if hospital { list.value.partners.clone() } else { Vec::new() }
}

/// The partner list a hospital signs: the cards it registered, as the phone will pin them.
pub fn partner_list(cards: &[ProviderCard]) -> PartnerList {
    PartnerList {
        partners: cards
            .iter()
            .map(|c| VouchedPartner {
                role: c.identity.role,
                name: c.identity.institution.clone(),
                contact: Some(c.identity.name.clone()).filter(|s| !s.trim().is_empty()),
                phone: c.identity.phone.clone(),
                fax: c.identity.fax.clone(),
                keys: pinned(c),
            })
            .collect(),
    }
}

/// How a stored entry stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryTrust {
    /// Not signed (written on the phone, or before signatures).
    Unsigned,
    /// Signed, and the key is pinned for the author's institution.
    Verified,
    /// Signed validly by a key not pinned for the author's institution.
    Unverified,
    /// The signature fails.
    Invalid,
}

/// The keys the patient trusts: (institution, Ed25519 key in hex).
pub struct Pins(Vec<(String, String)>);

impl Pins {
    /// The pins of a record: the patient's own (the pin map) and those its pinned planning
    /// hospital vouches for.
    pub fn of(record: &Record) -> Pins {
        let mut pins: Vec<(String, String)> = record.sharing.pins.iter().map(|(name, p)| (name.clone(), p.keys.ed25519.clone())).collect();
        pins.extend(vouched(record).into_iter().map(|p| (p.name, p.keys.ed25519)));
        Pins(pins)
    }

    /// The trust of one entry.
    pub fn trust(&self, entry: &Entry) -> EntryTrust {
        let key = match chain::check(entry) {
            Ok(k) => k,
            Err(SignatureProblem::Unsigned) => return EntryTrust::Unsigned,
            Err(_) => return EntryTrust::Invalid,
        };
        let Some(institution) = author_institution(&entry.author) else { return EntryTrust::Unverified };
        let hex = to_hex(&key);
        if self.0.iter().any(|(name, k)| name == institution && *k == hex) {
            EntryTrust::Verified
        } else {
            EntryTrust::Unverified
        }
    }
}

/// The trust of one entry of `record` (for many entries, use [`Pins`] once).
pub fn entry_trust(record: &Record, entry: &Entry) -> EntryTrust {
    Pins::of(record).trust(entry)
}

fn author_institution(a: &Author) -> Option<&str> {
    match a {
        Author::Clinician { institution, .. } => Some(institution),
        Author::Institution { name, .. } => Some(name),
        Author::Patient => None,
    }
}

/// Opens and checks an answer (`entries` or `issue`) without changing the record. `now` is the
/// phone's clock (the answer window is counted from the share's time, also the phone's).
///
/// # Errors
/// A [`MergeError`].
pub fn preview(
    record: &Record,
    kind: MessageKind,
    message: &[u8],
    frames_transfer: Option<u32>,
    now: NaiveDateTime,
) -> Result<Preview, MergeError> {
    let key = record.sharing.key.as_ref().ok_or(MergeError::NoKey)?;
    let compressed = seal::open(message, kind, frames_transfer, key).map_err(MergeError::Open)?;
    let plain = seal::decompress(&compressed).map_err(MergeError::Open)?;
    let answer = parse_answer(&plain).map_err(MergeError::Open)?;
    let transfer = seal::header(message, kind).map_err(MergeError::Open)?.transfer;
    verify_answer(record, kind, transfer, answer, now)
}

/// Checks an answer read from a message of `kind` and `transfer` against the record at `now`:
/// the share it answers (known, answered by the institution and the key it was sealed to,
/// within its window and number of answers, consent not withdrawn), every entry's signature,
/// subject, basis and author, what the answer may change (docs/share-format.md, "Who may send
/// what"), and that every entry appends. Changes nothing.
///
/// # Errors
/// A [`MergeError`].
pub fn verify_answer(record: &Record, kind: MessageKind, transfer: u32, p: Answer, now: NaiveDateTime) -> Result<Preview, MergeError> {
    let signer = ProviderCard::from_message(&p.card).map_err(MergeError::Card)?;
    let share = record.sharing.share(&p.answers).ok_or(MergeError::UnknownShare)?;
    if record.sharing.merged_message(transfer, &p.answers).is_some() {
        return Err(MergeError::AlreadyMerged);
    }
    let institution = signer.identity.institution.clone();
    if share.institution != institution {
        return Err(MergeError::AnsweredByAnother { shared_with: share.institution.clone(), signer: institution });
    }
    if signer.key_id() != share.key {
        return Err(MergeError::NotSealedTo { shared_to: share.key, card: signer.key_id() });
    }
    if consent_withdrawn(record, &institution) {
        return Err(MergeError::ConsentWithdrawn(institution));
    }
    if now > share.at + chrono::Duration::hours(ANSWER_WINDOW_HOURS) {
        return Err(MergeError::Expired { shared: share.at });
    }
    let answered = record.sharing.answers_to(&p.answers);
    if answered >= MAX_ANSWERS {
        return Err(MergeError::UsedUp(answered));
    }
    if p.entries.is_empty() {
        return Err(MergeError::Empty);
    }
    let key = record.sharing.key.as_ref().ok_or(MergeError::NoKey)?;
    let subject = chain::subject(&key.public(), &p.answers);
    let mut present = 0;
    for e in &p.entries {
        let Some(sig) = &e.signature else { return Err(MergeError::Unsigned(e.id.clone())) };
        if sig.key_id != to_hex(&signer.ed25519) {
            return Err(MergeError::SignerMismatch(e.id.clone()));
        }
        if chain::check(e).is_err() {
            return Err(MergeError::BadSignature(e.id.clone()));
        }
        match &sig.subject {
            None => return Err(MergeError::LegacySignature(e.id.clone())),
            Some(s) if *s != subject => return Err(MergeError::WrongSubject(e.id.clone())),
            Some(_) => {}
        }
        if sig.basis.as_ref().is_some_and(|b| b.entries == 0) && !record.entries().is_empty() {
            return Err(MergeError::EmptyBasis(e.id.clone()));
        }
        if sig.basis.as_ref() != Some(&share.basis) {
            return Err(MergeError::StaleBasis(e.id.clone()));
        }
        if author_institution(&e.author) != Some(institution.as_str()) {
            return Err(MergeError::AuthorMismatch(e.id.clone()));
        }
        if record.entry(&e.id).is_some() {
            present += 1;
        }
    }
    if present == p.entries.len() {
        return Err(MergeError::AlreadyMerged);
    }
    if let Some(e) = p.entries.iter().find(|e| record.entry(&e.id).is_some()) {
        return Err(MergeError::DuplicateEntry(e.id.clone()));
    }
    let trust = trust_of(record, &signer);
    let role = role_of(record, &signer);
    if let Some(pinned) = role.filter(|r| *r != signer.identity.role) {
        return Err(MergeError::RoleMismatch { pinned, card: signer.identity.role });
    }
    let hospital = pinned_hospital(record, &signer).is_some();
    let view = record.view();
    if kind == MessageKind::Issue {
        if !hospital {
            return Err(MergeError::NotAHospital);
        }
        if view.care_plan.as_ref().is_some_and(|c| c.author != Author::Patient) {
            return Err(MergeError::NotEmpty);
        }
    }
    for (i, e) in p.entries.iter().enumerate() {
        authority(record, kind, &signer, trust == Trust::Verified, hospital, e, &p.entries[..i])?;
    }
    // Every entry must append, in order, to the record as it is now.
    let mut trial = record.clone();
    for e in &p.entries {
        trial.append(e.clone()).map_err(|r| MergeError::Invalid(e.id.clone(), r))?;
    }
    Ok(Preview { kind, transfer, answers: p.answers, role, trust, signer, entries: p.entries, kept: p.kept })
}

/// What one entry of an answer may change (docs/share-format.md, "Who may send what"):
/// `verified` whether the signer's keys are trusted, `hospital` whether the patient pinned
/// the signer as a planning hospital, `earlier` the entries before it in the same answer.
fn authority(
    record: &Record,
    kind: MessageKind,
    signer: &ProviderCard,
    verified: bool,
    hospital: bool,
    e: &Entry,
    earlier: &[Entry],
) -> Result<(), MergeError> {
    let id = || e.id.clone();
    match &e.body {
        EntryBody::Partner(p) if p.keys.is_some() => {
            return Err(MergeError::TouchesTrust { entry: id(), what: Touched::Keys(p.name.clone()) })
        }
        EntryBody::PartnerList(_) if !hospital => return Err(MergeError::UnvouchedList),
        EntryBody::Consent(c) if c.event == ConsentEvent::Withdrawn => {
            // A withdrawal the patient told this provider of, of the consent to itself (one
            // naming another institution would stop the patient sharing with it).
            if !c.to_whom.contains(signer.identity.institution.as_str()) {
                return Err(MergeError::ConsentByProvider(id()));
            }
        }
        EntryBody::Consent(_) => {
            // The opening booklet records the consent the patient signed on paper at the hospital;
            // never after any withdrawal (that would be a re-grant).
            let withdrawn = record.view().consents.iter().any(|c| c.value.event == ConsentEvent::Withdrawn);
            if kind != MessageKind::Issue || !hospital || withdrawn {
                return Err(MergeError::ConsentByProvider(id()));
            }
        }
        _ => {}
    }
    let Some(target) = &e.supersedes else { return Ok(()) };
    if earlier.iter().any(|x| &x.id == target) {
        return Ok(());
    }
    // An unknown target is the record's refusal (below, `Invalid`).
    let Some(t) = record.entry(target) else { return Ok(()) };
    match author_institution(&t.author) {
        None => {
            let booklet = kind == MessageKind::Issue
                && hospital
                && matches!(e.body.kind(), EntryKind::Profile | EntryKind::CarePlan | EntryKind::Treatment);
            if booklet { Ok(()) } else { Err(MergeError::PatientsEntry { entry: id(), target: target.clone() }) }
        }
        Some(author) if author != signer.identity.institution => {
            Err(MergeError::OtherInstitutionsEntry { entry: id(), author: author.to_string() })
        }
        Some(_) => {
            let same_key = t.signature.as_ref().is_some_and(|s| s.key_id == to_hex(&signer.ed25519));
            if same_key || verified { Ok(()) } else { Err(MergeError::OtherKeysEntry { entry: id(), target: target.clone() }) }
        }
    }
}

/// Merges a previewed answer: every entry or none. An unverified signer needs
/// `accept_unverified` (the patient's decision after seeing who claims to have written it).
/// Returns the number of entries added.
///
/// # Errors
/// A [`MergeError`]; the record is then unchanged.
pub fn merge(record: &mut Record, preview: &Preview, accept_unverified: bool, at: NaiveDateTime) -> Result<usize, MergeError> {
    if preview.trust != Trust::Verified && !accept_unverified {
        return Err(MergeError::NotAccepted(preview.trust.clone()));
    }
    if record.sharing.merged_message(preview.transfer, &preview.answers).is_some()
        || preview.entries.iter().all(|e| record.entry(&e.id).is_some())
    {
        return Err(MergeError::AlreadyMerged);
    }
    let mut next = record.clone();
    for e in &preview.entries {
        next.append(e.clone()).map_err(|r| MergeError::Invalid(e.id.clone(), r))?;
    }
    next.sharing.merged.push(MergedMessage {
        transfer: preview.transfer,
        answers: preview.answers,
        kind: preview.kind.name().into(),
        at,
        institution: preview.signer.identity.institution.clone(),
        verified: preview.trust == Trust::Verified,
        entries: preview.entries.iter().map(|e| e.id.clone()).collect(),
        kept_by_provider: preview.kept,
    });
    *record = next;
    Ok(preview.entries.len())
}
