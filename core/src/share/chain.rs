//! The record's hash chain and entry signatures.
//!
//! - Chain: `H0 = SHA-256("watashi-no-karte/chain v1")`, and for each entry in log order
//!   `Hi = SHA-256(H(i-1) || SHA-256(CBOR(entry i, with its signature)))`.
//! - A signed entry's [`Basis`] names `(n, Hn, last signed entry among the first n)`: the
//!   record as its signer saw it (the share it answers).
//! - The Ed25519 signature covers `"watashi-no-karte/entry v2\0" || CBOR(entry)` where the
//!   entry's signature has its `bytes` empty (the algorithm, key, basis and subject are
//!   covered). Entries signed under share format 1 have no subject and the context
//!   `"watashi-no-karte/entry v1\0"`; they keep verifying as they are (legacy), and the phone
//!   accepts only version-2 entries in new answers.
//!
//! [`verify`] walks a record and reports, naming the entry: a signed entry altered (its
//! signature fails), a signed entry removed (a later one names it as its predecessor and it is
//! gone) or moved (it appears after the entry that names it), and any other change before a
//! signed entry (its basis no longer matches the log). The last signed entries of a record can
//! only be checked against a copy held elsewhere: nothing after them names them.

use std::fmt;

use super::bytes::{from_hex, to_hex};
use super::keys::{verify as verify_signature, ProviderKeys};
use super::{cbor_encode, sha256};
use crate::record::{Entry, EntryId, Signature, SignatureAlgorithm, Subject};

pub use crate::record::Basis;

const CHAIN_CONTEXT: &[u8] = b"watashi-no-karte/chain v1";
const ENTRY_CONTEXT_V1: &[u8] = b"watashi-no-karte/entry v1\0";
const ENTRY_CONTEXT: &[u8] = b"watashi-no-karte/entry v2\0";

/// The chain heads `H0..=Hn` of a log.
pub fn heads(entries: &[Entry]) -> Vec<[u8; 32]> {
    let mut out = Vec::with_capacity(entries.len() + 1);
    let mut h = sha256(&[CHAIN_CONTEXT]);
    out.push(h);
    for e in entries {
        h = sha256(&[&h, &sha256(&[&cbor_encode(e)])]);
        out.push(h);
    }
    out
}

/// The basis of a log as it stands: what a share carries and an answer signs.
pub fn basis(entries: &[Entry]) -> Basis {
    let head = heads(entries).last().copied().unwrap_or_default();
    Basis {
        entries: entries.len() as u32,
        head: to_hex(&head),
        last_signed: entries.iter().rev().find(|e| e.signature.is_some()).map(|e| e.id.clone()),
    }
}

/// The bytes an entry's signature covers: version 2 with a subject, version 1 (legacy) without.
pub fn signed_bytes(entry: &Entry) -> Vec<u8> {
    let mut e = entry.clone();
    let mut context = ENTRY_CONTEXT_V1;
    if let Some(s) = &mut e.signature {
        s.bytes.clear();
        if s.subject.is_some() {
            context = ENTRY_CONTEXT;
        }
    }
    [context, &cbor_encode(&e)].concat()
}

/// The subject of an answer to share `share` of the record whose X25519 public key is
/// `record`.
pub fn subject(record: &[u8; 32], share: &[u8; 16]) -> Subject {
    Subject { record: super::keys::KeyId::of(record).to_string(), share: to_hex(share) }
}

/// Signs an entry as its author saw the record (`basis`), for `subject`, with the provider's
/// key (version 2).
pub fn sign(entry: Entry, basis: &Basis, subject: &Subject, keys: &ProviderKeys) -> Entry {
    sign_as(entry, basis, Some(subject.clone()), keys)
}

/// Signs as [`sign`], or without a subject as share format 1 did (`None`: for the legacy
/// conformance cases and tests of records written before version 2).
pub fn sign_as(entry: Entry, basis: &Basis, subject: Option<Subject>, keys: &ProviderKeys) -> Entry {
    let unsigned = entry.signed(Signature {
        algorithm: SignatureAlgorithm::Ed25519,
        key_id: to_hex(&keys.verifying()),
        basis: Some(basis.clone()),
        subject,
        bytes: Vec::new(),
    });
    let sig = keys.sign(&signed_bytes(&unsigned));
    let mut signed = unsigned;
    if let Some(s) = &mut signed.signature {
        s.bytes = sig.to_vec();
    }
    signed
}

/// Why a signature does not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureProblem {
    /// No signature.
    Unsigned,
    /// An algorithm this app does not verify.
    UnsupportedAlgorithm,
    /// The key is not 32 bytes of hex.
    BadKey,
    /// The signature does not verify: the entry was altered.
    Invalid,
}

/// The Ed25519 key of a valid signature on `entry`.
///
/// # Errors
/// A [`SignatureProblem`].
pub fn check(entry: &Entry) -> Result<[u8; 32], SignatureProblem> {
    let s = entry.signature.as_ref().ok_or(SignatureProblem::Unsigned)?;
    if s.algorithm != SignatureAlgorithm::Ed25519 {
        return Err(SignatureProblem::UnsupportedAlgorithm);
    }
    let key: [u8; 32] = from_hex(&s.key_id).and_then(|k| k.try_into().ok()).ok_or(SignatureProblem::BadKey)?;
    let sig: [u8; 64] = s.bytes.as_slice().try_into().map_err(|_| SignatureProblem::Invalid)?;
    if verify_signature(&key, &signed_bytes(entry), &sig) {
        Ok(key)
    } else {
        Err(SignatureProblem::Invalid)
    }
}

/// What the verifier found wrong, naming the entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainProblem {
    /// This signed entry's signature fails: it was altered after signing.
    Altered(EntryId),
    /// This entry's signature cannot be checked (unknown algorithm or a malformed key).
    Uncheckable(EntryId),
    /// `entry` names `missing` as the signed entry before it, and `missing` is not in the
    /// record: it was removed.
    Removed {
        /// The entry that names it.
        entry: EntryId,
        /// The removed entry.
        missing: EntryId,
    },
    /// `entry` names `moved` as the signed entry before it, but `moved` comes after it.
    Moved {
        /// The entry that names it.
        entry: EntryId,
        /// The entry out of place.
        moved: EntryId,
    },
    /// The entries before this signed entry are not those its signer saw: one was changed,
    /// removed, inserted or moved among the first `claimed` entries.
    EarlierChanged {
        /// The signed entry whose basis fails.
        entry: EntryId,
        /// How many entries its signer saw.
        claimed: u32,
    },
}

impl fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainProblem::Altered(e) => write!(f, "entry {e} was altered after it was signed"),
            ChainProblem::Uncheckable(e) => write!(f, "the signature of entry {e} cannot be checked"),
            ChainProblem::Removed { entry, missing } => write!(f, "signed entry {missing} was removed (named by {entry})"),
            ChainProblem::Moved { entry, moved } => write!(f, "signed entry {moved} was moved after {entry}"),
            ChainProblem::EarlierChanged { entry, claimed } => {
                write!(f, "the {claimed} entries before signed entry {entry} are not those its signer saw")
            }
        }
    }
}

/// What [`verify`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChainReport {
    /// Signed entries whose signature and basis hold.
    pub intact: usize,
    /// Signed entries in all.
    pub signed: usize,
    /// Problems, in log order.
    pub problems: Vec<ChainProblem>,
}

impl ChainReport {
    /// Whether nothing is wrong.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies every signed entry of a log and the chain they form.
pub fn verify(entries: &[Entry]) -> ChainReport {
    let hs = heads(entries);
    let mut report = ChainReport::default();
    for (k, e) in entries.iter().enumerate() {
        let Some(sig) = &e.signature else { continue };
        report.signed += 1;
        let before = report.problems.len();
        match check(e) {
            Ok(_) => {}
            Err(SignatureProblem::Invalid) => report.problems.push(ChainProblem::Altered(e.id.clone())),
            Err(_) => report.problems.push(ChainProblem::Uncheckable(e.id.clone())),
        }
        if let Some(b) = &sig.basis {
            if let Some(prev) = &b.last_signed {
                match entries.iter().position(|x| &x.id == prev) {
                    None => report.problems.push(ChainProblem::Removed { entry: e.id.clone(), missing: prev.clone() }),
                    Some(p) if p >= k => report.problems.push(ChainProblem::Moved { entry: e.id.clone(), moved: prev.clone() }),
                    Some(_) => {}
                }
            }
            if report.problems.len() == before {
                let n = b.entries as usize;
                let matches = n <= k && hs.get(n).is_some_and(|h| to_hex(h) == b.head);
                if !matches {
                    report.problems.push(ChainProblem::EarlierChanged { entry: e.id.clone(), claimed: b.entries });
                }
            }
        }
        if report.problems.len() == before {
            report.intact += 1;
        }
    }
    report
}
