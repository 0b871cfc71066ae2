//! Sealed messages (`share`, `entries`, `issue`): HPKE base mode to the recipient's X25519 key.
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 2 | magic `WK` |
//! | 2 | 1 | version (1) |
//! | 3 | 1 | kind (2 share, 3 entries, 4 issue) |
//! | 4 | 4 | transfer id (the frames' transfer id) |
//! | 8 | 32 | HPKE encapsulated key `enc` |
//! | 40 | n + 16 | AES-256-GCM ciphertext and tag of DEFLATE(CBOR(payload)) ‖ zero padding |
//!
//! `info` = `"watashi-no-karte/sealed v1"`; `aad` = bytes 0..40, so the version, the kind, the
//! transfer id and `enc` are all authenticated.
//!
//! Less in the clear: the header names no recipient (the reader tries its key: a message
//! sealed to another key fails to open like an altered one), and the whole message's length is
//! rounded up by [`padded_len`] (Padmé) with zeros after the DEFLATE stream, inside the
//! ciphertext, so a photo of a frame tells neither whom it is for nor its exact size.

use std::convert::Infallible;
use std::fmt;

use hpke::aead::AesGcm256;
use hpke::kdf::HkdfSha256;
use hpke::rand_core::{TryCryptoRng, TryRng};
use hpke::{Deserializable, OpModeR, OpModeS, Serializable};

use super::keys::{Kem, SecretKey};
use super::{check_header, deflate, inflate, InflateError, MessageKind};
use crate::vault::EntropyError;

const INFO: &[u8] = b"watashi-no-karte/sealed v1";
/// Header bytes (the AAD).
pub(crate) const HEADER: usize = 40;
const TAG: usize = 16;

/// The length a sealed message of `len` bytes is padded to: Padmé (Nikitin et al., "Reducing
/// Metadata Leakage from Encrypted Files and Communication with PURBs", PETS 2019). A length
/// whose highest set bit is bit E keeps its top ⌊log2 E⌋ + 1 bits and rounds the rest up, so a
/// length leaks O(log log L) bits and the overhead is under 1/2^(⌊log2 E⌋+1): at most 6.25%
/// from 512 bytes to 64 KiB (e.g. 700 → 704, 1,254 → 1,280, 2,900 → 2,944); every length from
/// 1 to 2 KiB falls in one of 16 sizes.
pub fn padded_len(len: usize) -> usize {
    if len < 2 {
        return len;
    }
    let e = usize::BITS - 1 - len.leading_zeros();
    let s = u32::BITS - e.leading_zeros();
    let mask = (1usize << (e - s)) - 1;
    (len + mask) & !mask
}

/// Why a message could not be sealed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SealError {
    /// The platform gave no randomness.
    Entropy,
    /// The recipient's public key is not a valid X25519 key.
    BadRecipientKey,
    /// HPKE refused (never expected with valid keys).
    Hpke,
}

impl fmt::Display for SealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SealError::Entropy => "no randomness available to seal the message",
            SealError::BadRecipientKey => "the recipient's key is not valid",
            SealError::Hpke => "the message could not be sealed",
        })
    }
}

impl std::error::Error for SealError {}

impl From<EntropyError> for SealError {
    fn from(_: EntropyError) -> Self {
        SealError::Entropy
    }
}

/// Why a message could not be opened. Deliberately coarse where cryptography fails
/// ([`OpenError::Damaged`] does not say which byte).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenError {
    /// Shorter than its header and tag (the length found).
    Truncated(usize),
    /// Does not start with `WK`: not a message of this app.
    NotAMessage,
    /// A message version this app does not read.
    UnknownVersion(u8),
    /// A message of an older version, from an app not updated (the sender must update).
    OldVersion(u8),
    /// A message kind this app does not know.
    UnknownKind(u8),
    /// Another kind than the operation reads.
    WrongKind {
        /// Expected.
        expected: MessageKind,
        /// Found.
        found: MessageKind,
    },
    /// The frames announced one transfer, the message names another: frames were mixed.
    TransferMismatch {
        /// The frames' transfer id.
        frames: u32,
        /// The message's.
        message: u32,
    },
    /// This device's key does not open it: sealed to another patient or institution, or altered
    /// (the header names no recipient, so the two cannot be told apart).
    NotForThisKey,
    /// Not a sealed message's structure (its `enc` is not a key).
    Damaged,
    /// The sealed content is not compressed data.
    NotCompressed,
    /// The content inflates to more than [`super::MAX_PLAINTEXT`] bytes.
    TooLarge,
    /// The content is not of the expected shape.
    Malformed(String),
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Truncated(n) => write!(f, "the message is cut short ({n} bytes)"),
            OpenError::NotAMessage => f.write_str("not a 私のカルテ message"),
            OpenError::UnknownVersion(v) => write!(f, "message version {v} is not supported by this app"),
            OpenError::OldVersion(v) => write!(f, "message version {v} comes from an older app: the sender must update it"),
            OpenError::UnknownKind(k) => write!(f, "unknown message kind {k}"),
            OpenError::WrongKind { expected, found } => write!(f, "a {found} message where a {expected} message was expected"),
            OpenError::TransferMismatch { frames, message } => {
                write!(f, "frames of transfer {frames:08x} carry a message of transfer {message:08x}")
            }
            OpenError::NotForThisKey => f.write_str("this device's key does not open it: sealed for someone else, or altered"),
            OpenError::Damaged => f.write_str("the message was altered or damaged"),
            OpenError::NotCompressed => f.write_str("the message content is damaged (not compressed data)"),
            OpenError::TooLarge => f.write_str("the message content is larger than allowed"),
            OpenError::Malformed(m) => write!(f, "the message content is not readable: {m}"),
        }
    }
}

impl std::error::Error for OpenError {}

/// Serves exactly the bytes it was given to HPKE's encapsulation (which asks for one 32-byte
/// key seed); any other request marks it spent so the result is thrown away. This keeps the
/// randomness fallible and passed in, as everywhere in the crate, without a generator of ours.
struct Given {
    bytes: [u8; 32],
    used: bool,
    misused: bool,
}

impl TryRng for Given {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.misused = true;
        Ok(0)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.misused = true;
        Ok(0)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        if self.used || dst.len() != self.bytes.len() {
            self.misused = true;
            dst.fill(0);
        } else {
            dst.copy_from_slice(&self.bytes);
            self.used = true;
        }
        Ok(())
    }
}

impl TryCryptoRng for Given {}

impl Drop for Given {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.bytes);
    }
}

/// Seals `payload` (CBOR) as a message of `kind` to `recipient`: DEFLATE, then HPKE.
pub(crate) fn seal(
    kind: MessageKind,
    transfer: u32,
    recipient: &[u8; 32],
    payload: &[u8],
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<Vec<u8>, SealError> {
    seal_compressed(kind, transfer, recipient, &deflate(payload), rng)
}

/// Seals bytes as they are (already compressed, or deliberately not: conformance vectors).
pub fn seal_compressed(
    kind: MessageKind,
    transfer: u32,
    recipient: &[u8; 32],
    compressed: &[u8],
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<Vec<u8>, SealError> {
    let pk = <Kem as hpke::Kem>::PublicKey::from_bytes(recipient).map_err(|_| SealError::BadRecipientKey)?;
    let mut given = Given { bytes: [0; 32], used: false, misused: false };
    rng(&mut given.bytes)?;
    let total = padded_len(HEADER + compressed.len() + TAG);
    let mut plaintext = Vec::with_capacity(total - HEADER - TAG);
    plaintext.extend_from_slice(compressed);
    plaintext.resize(total - HEADER - TAG, 0);
    let mut m = Vec::with_capacity(total);
    m.extend_from_slice(&super::MAGIC);
    m.push(super::VERSION);
    m.push(kind.code());
    m.extend_from_slice(&transfer.to_be_bytes());
    // `enc` is written after encapsulation; the AAD covers it, so encapsulate first with the
    // AAD's first 8 bytes known and finish the header before sealing.
    let (enc, mut ctx) = hpke::setup_sender_with_rng::<AesGcm256, HkdfSha256, Kem>(&OpModeS::Base, &pk, INFO, &mut given)
        .map_err(|_| SealError::Hpke)?;
    if given.misused {
        return Err(SealError::Hpke);
    }
    m.extend_from_slice(&enc.to_bytes());
    let ct = ctx.seal(&plaintext, &m[..HEADER]).map_err(|_| SealError::Hpke)?;
    m.extend_from_slice(&ct);
    Ok(m)
}

/// The header of a sealed message, read without opening it.
pub(crate) struct Header {
    pub transfer: u32,
}

/// Reads a sealed message's header.
pub(crate) fn header(m: &[u8], kind: MessageKind) -> Result<Header, OpenError> {
    check_header(m, kind)?;
    if m.len() < HEADER + TAG {
        return Err(OpenError::Truncated(m.len()));
    }
    let transfer = u32::from_be_bytes([m[4], m[5], m[6], m[7]]);
    Ok(Header { transfer })
}

/// Opens a sealed message of `kind` with this device's key and checks that it names the
/// transfer its frames did (when known). Returns the compressed payload; see [`decompress`].
///
/// # Errors
/// An [`OpenError`].
pub fn open(m: &[u8], kind: MessageKind, frames_transfer: Option<u32>, key: &SecretKey) -> Result<Vec<u8>, OpenError> {
    let h = header(m, kind)?;
    if let Some(frames) = frames_transfer {
        if frames != h.transfer {
            return Err(OpenError::TransferMismatch { frames, message: h.transfer });
        }
    }
    let sk = key.hpke().ok_or(OpenError::Damaged)?;
    let enc = <Kem as hpke::Kem>::EncappedKey::from_bytes(&m[8..HEADER]).map_err(|_| OpenError::Damaged)?;
    hpke::single_shot_open::<AesGcm256, HkdfSha256, Kem>(&OpModeR::Base, &sk, &enc, INFO, &m[HEADER..], &m[..HEADER])
        .map_err(|_| OpenError::NotForThisKey)
}

/// Inflates an opened payload (see [`super::MAX_PLAINTEXT`]); after the DEFLATE stream only the
/// zero padding [`seal_compressed`] adds may follow.
///
/// # Errors
/// [`OpenError::NotCompressed`] (also for anything but zeros after the stream) or
/// [`OpenError::TooLarge`].
pub fn decompress(compressed: &[u8]) -> Result<Vec<u8>, OpenError> {
    inflate(compressed).map_err(|e| match e {
        InflateError::TooLarge => OpenError::TooLarge,
        InflateError::Damaged => OpenError::NotCompressed,
    })
}
