//! The share protocol: the record travels between the patient's phone and a provider's device
//! by QR codes, sealed and signed, with no server. Byte layouts, the cryptography and every
//! error are in `docs/share-format.md`.
//!
//! The layers, from the screen inwards:
//! - [`text`]: `WK1:` + Base45 (RFC 9285), so a QR code uses alphanumeric mode and a USB
//!   scanner typing as a keyboard can carry it;
//! - [`frames`]: a message cut into frames with the RaptorQ fountain code (RFC 6330), read back
//!   from any large enough subset in any order, with progress;
//! - messages (this module): `card` (provider to patient, signed), `share` (patient to
//!   provider), `entries` and `issue` (provider to patient, each entry signed with Ed25519),
//!   the last three sealed with HPKE (RFC 9180: base mode, DHKEM(X25519, HKDF-SHA256),
//!   HKDF-SHA256, AES-256-GCM) to the recipient's key;
//! - [`bundle`]: what a share holds (the parts of the record a doctor needs);
//! - [`chain`]: signed entries name the hash of the record as their signer saw it, so any later
//!   reader can tell that no signed entry was dropped, moved or altered;
//! - [`effects`]: what each entry of an answer does to the record (adds, replaces or retracts
//!   whose entry), for the preview;
//! - [`exchange`]: the operations of each side (make a share, open it, answer it, preview and
//!   merge the answer), all-or-nothing.
//!
//! Architecture invariant: nothing here touches storage or the clock; randomness and time are
//! passed in, and the keys live in the record's [`Sharing`] state, which is only ever stored
//! inside the vault.

pub mod booklet;
pub mod bundle;
pub(crate) mod bytes;
pub mod chain;
pub mod effects;
pub mod exchange;
pub mod frames;
pub mod keys;
pub mod seal;
mod state;
pub mod text;

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use booklet::Booklet;
pub use bundle::{Bundle, Column, Part, ResultTable, Source, VisitSummary};
pub use chain::{Basis, ChainProblem, ChainReport};
pub use exchange::{MergeError, Preview, ShareOptions, Trust};
pub use exchange::OpenedShare;
pub use frames::{FrameError, Mode, Progress, Receiver, Sender};
pub use keys::{fingerprint, CardError, KeyId, ProviderCard, ProviderIdentity, ProviderKeys, SecretKey};
pub use seal::{decompress, open, OpenError, SealError};
pub use state::{KeptShare, MergedMessage, Pin, ProviderProfile, RegisteredCard, ShareLogItem, Sharing, Written};
pub use text::TextError;

/// Bytes of canonical hex digits (for keys pinned in the partner list); `None` for anything
/// else, upper case included.
pub fn bytes_from_hex(s: &str) -> Option<Vec<u8>> {
    bytes::from_hex(s)
}

pub use bytes::is_canonical_hex;

/// The first two bytes of every message: `WK`.
pub const MAGIC: [u8; 2] = *b"WK";
/// The version of sealed messages (share, entries, issue) written and read by this code. Version
/// 2 (issue 22): answers sign their subject (the record and the share), the phone enforces who
/// may change what. A version-1 message is refused as old ([`OpenError::OldVersion`]).
pub const VERSION: u8 = 2;
/// The version of the card message, which version 2 did not change (a card is a public,
/// self-signed statement printed on a clinic's wall and kept in hospitals' registries).
pub const CARD_VERSION: u8 = 1;
/// The largest plaintext a sealed message may inflate to (1 MiB), checked while inflating.
pub const MAX_PLAINTEXT: usize = 1 << 20;

/// What a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// Provider card (pairing).
    Card,
    /// The patient's record for a provider.
    Share,
    /// A provider's signed entries for the patient (a visit and what came with it).
    Entries,
    /// The planning hospital's opening booklet.
    Issue,
    /// The patient's own record as a paper backup (a vault envelope, `docs/vault-format.md`).
    Backup,
}

impl MessageKind {
    /// The code in frames and message headers.
    pub fn code(self) -> u8 {
        match self {
            MessageKind::Card => 1,
            MessageKind::Share => 2,
            MessageKind::Entries => 3,
            MessageKind::Issue => 4,
            MessageKind::Backup => 5,
        }
    }

    /// The kind of a code.
    pub fn from_code(c: u8) -> Option<MessageKind> {
        Some(match c {
            1 => MessageKind::Card,
            2 => MessageKind::Share,
            3 => MessageKind::Entries,
            4 => MessageKind::Issue,
            5 => MessageKind::Backup,
            _ => return None,
        })
    }

    /// A short English name (for errors and logs).
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::Card => "card",
            MessageKind::Share => "share",
            MessageKind::Entries => "entries",
            MessageKind::Issue => "issue",
            MessageKind::Backup => "backup",
        }
    }
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Checks the 4-byte message header: magic, version, kind.
pub(crate) fn check_header(m: &[u8], kind: MessageKind) -> Result<(), OpenError> {
    if m.len() < 4 {
        return Err(OpenError::Truncated(m.len()));
    }
    if m[..2] != MAGIC {
        return Err(OpenError::NotAMessage);
    }
    let expected = if kind == MessageKind::Card { CARD_VERSION } else { VERSION };
    if m[2] < expected && m[2] >= 1 {
        return Err(OpenError::OldVersion(m[2]));
    }
    if m[2] != expected {
        return Err(OpenError::UnknownVersion(m[2]));
    }
    match MessageKind::from_code(m[3]) {
        None => Err(OpenError::UnknownKind(m[3])),
        Some(k) if k != kind => Err(OpenError::WrongKind { expected: kind, found: k }),
        Some(_) => Ok(()),
    }
}

/// SHA-256 of the concatenated parts.
pub(crate) fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// CBOR (RFC 8949) of a value, as ciborium writes it: struct fields in declaration order,
/// integers and lengths in their shortest form, floats in the shortest lossless width.
pub(crate) fn cbor_encode<T: Serialize>(v: &T) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail, and every type written here serializes.
    let _ = ciborium::into_writer(v, &mut out);
    out
}

/// Reads CBOR, refusing trailing bytes and nesting deeper than ciborium's default limit.
pub(crate) fn cbor_decode<T: DeserializeOwned>(b: &[u8]) -> Result<T, String> {
    let mut r = b;
    let v = ciborium::from_reader(&mut r).map_err(|e| e.to_string())?;
    if !r.is_empty() {
        return Err(format!("{} bytes after the end", r.len()));
    }
    Ok(v)
}

/// The DEFLATE dictionary of format version 1 (16,718 bytes; see `examples/share_dict.rs`):
/// the compressor starts with it as history, so a bundle's field names, tags, units and drug
/// names cost a back-reference instead of their letters (a 5-year share: 2.2 KB -> 1.0 KB).
/// Frozen with the format version; a test pins its SHA-256.
pub const DICTIONARY: &[u8] = include_bytes!("dict-v1.bin");

/// Raw DEFLATE (RFC 1951) at the best compression, with [`DICTIONARY`] as history (the
/// compressor reads it, flushes, and the output after the flush is the stream; RFC 1950's
/// preset dictionary, without the zlib wrapper).
pub(crate) fn deflate(b: &[u8]) -> Vec<u8> {
    use miniz_oxide::deflate::core::{compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush};
    let mut c = CompressorOxide::new(create_comp_flags_from_zip_params(10, -15, 0));
    let mut scratch = vec![0u8; DICTIONARY.len() + 1024];
    compress(&mut c, DICTIONARY, &mut scratch, TDEFLFlush::Sync);
    // Incompressible input grows by 5 bytes per 64 KiB stored block at worst.
    let mut out = vec![0u8; b.len() + b.len() / 1000 + 64];
    let (_, _, n) = compress(&mut c, b, &mut out, TDEFLFlush::Finish);
    // The compressor's window holds the last 32 KiB of `b` in the clear: `reset` zeroes it
    // (miniz_oxide's `HashBuffers::reset`) before it is freed.
    c.reset();
    out.truncate(n);
    out
}

/// Compresses as sealed messages do (raw DEFLATE with [`DICTIONARY`]); [`decompress`] reads it.
pub fn compress(b: &[u8]) -> Vec<u8> {
    deflate(b)
}

/// Inflates a stream made by [`deflate`], stopping at [`MAX_PLAINTEXT`] bytes. Only the
/// returned copy of the plaintext is left: the working buffers are wiped.
pub(crate) fn inflate(b: &[u8]) -> Result<Vec<u8>, InflateError> {
    use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
    use miniz_oxide::inflate::TINFLStatus;
    let start = DICTIONARY.len();
    // The output is plaintext: it lives in a wiped buffer, grown by copying into a new wiped
    // buffer (a `resize` would free the old allocation with the plaintext still in it).
    let mut out = zeroize::Zeroizing::new(vec![0u8; start + (b.len() * 4).clamp(1024, MAX_PLAINTEXT)]);
    out[..start].copy_from_slice(DICTIONARY);
    let mut r = DecompressorOxide::new();
    let (mut in_pos, mut out_pos) = (0, start);
    loop {
        let (status, read, written) =
            decompress(&mut r, &b[in_pos..], &mut out, out_pos, inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF);
        in_pos += read;
        out_pos += written;
        match status {
            TINFLStatus::Done => {
                // Only the sealer's zero padding may follow the stream.
                if b[in_pos..].iter().any(|&x| x != 0) {
                    return Err(InflateError::Damaged);
                }
                return Ok(out[start..out_pos].to_vec());
            }
            TINFLStatus::HasMoreOutput => {
                if out.len() - start >= MAX_PLAINTEXT {
                    return Err(InflateError::TooLarge);
                }
                let grown = (out.len() - start) * 2;
                let mut bigger = zeroize::Zeroizing::new(vec![0u8; start + grown.min(MAX_PLAINTEXT)]);
                bigger[..out_pos].copy_from_slice(&out[..out_pos]);
                out = bigger;
            }
            _ => return Err(InflateError::Damaged),
        }
    }
}

/// Why inflating failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InflateError {
    /// Over [`MAX_PLAINTEXT`].
    TooLarge,
    /// Not DEFLATE data.
    Damaged,
}
