//! The paper backup: the record sealed as a backup envelope (opens with the vault's passphrase),
//! carried by the share protocol's frames in page mode (message kind 5, `backup`), to be printed
//! as QR codes on A4 and read back by a camera in any order. Byte layout in
//! `docs/vault-format.md` ("Paper backup").
//!
//! The message is one vault envelope (`KARTEV` …) whose plaintext is `0x50` (`P`) followed by
//! the record's JSON compressed as sealed share messages are (raw DEFLATE with the share
//! dictionary): a 5-year record is about 107 KB of JSON, too large for one transfer
//! (64 KiB) and for one sheet uncompressed. The kind byte keeps it apart from slots (`S`) and
//! backup files (`B`): neither opens as a paper backup, nor a paper backup as either.

use zeroize::Zeroizing;

use super::envelope::{open_with_key, seal, EntropyError, OpenError, SealError};
use super::kdf::VaultKey;
use super::store::Secret;
use crate::share::frames::{Mode, Sender, SplitError};
use crate::share::{deflate, inflate, MessageKind, MAX_PLAINTEXT};

/// The plaintext's first byte.
pub const PAPER_KIND: u8 = b'P';

/// The largest record (bytes of JSON) a paper backup carries: what [`read`] inflates at most
/// (the share protocol's [`MAX_PLAINTEXT`], 1 MiB). [`make`] refuses anything larger, so that
/// no sheet is printed that cannot be restored. A 5-year record is about 110 KB.
pub const MAX_RECORD: usize = MAX_PLAINTEXT;

/// Why a paper backup cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaperError {
    /// Sealing failed (no randomness).
    Seal(SealError),
    /// The record's JSON is over [`MAX_RECORD`]: the reader could not restore it.
    RecordTooLarge {
        /// The record's size in bytes.
        bytes: usize,
        /// [`MAX_RECORD`].
        limit: usize,
    },
    /// The sealed record does not fit one transfer of printed codes.
    TooLarge(SplitError),
}

impl core::fmt::Display for PaperError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PaperError::Seal(e) => write!(f, "the paper backup could not be sealed: {e}"),
            PaperError::RecordTooLarge { bytes, limit } => {
                write!(f, "a record of {bytes} bytes is over the paper backup's limit of {limit}: use a backup file")
            }
            PaperError::TooLarge(e) => write!(f, "the sealed record does not fit the printed codes: {e}"),
        }
    }
}

impl std::error::Error for PaperError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PaperError::Seal(e) => Some(e),
            PaperError::TooLarge(e) => Some(e),
            PaperError::RecordTooLarge { .. } => None,
        }
    }
}

/// Why a scanned paper backup gives no record. Nothing is changed by any of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The envelope did not open: a wrong passphrase, or damaged (deliberately one error, as
    /// for every envelope), or structurally not an envelope.
    Open(OpenError),
    /// It opened but is not a paper backup (a slot or a backup file's envelope).
    WrongKind,
    /// It opened but its record is not a DEFLATE stream, or inflates beyond [`MAX_RECORD`].
    Damaged,
}

/// A paper backup ready to print: its codes' texts (`WK1:` + Base45), the first
/// `source` of which carry the message and the rest repair it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    /// The transfer id every code carries (a code of another sheet is refused while reading).
    pub transfer: u32,
    /// The message's size in bytes.
    pub bytes: usize,
    /// `K`: codes needed at least to restore.
    pub source: usize,
    /// Every code to print, source codes first.
    pub texts: Vec<String>,
}

/// Repair codes printed beyond the `k` source codes: a quarter more, at least 2, so that any
/// two (or a quarter of the) codes may be torn, stained or missed.
pub fn repair_codes(k: usize) -> usize {
    k.div_ceil(4).max(2)
}

/// Seals `record` (its JSON) as a paper backup envelope under `key` (the vault's own key: the
/// sheet opens with the vault's passphrase).
///
/// # Errors
/// A [`SealError`] without randomness.
pub fn seal_record(
    key: &VaultKey,
    record: &[u8],
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<Vec<u8>, SealError> {
    let compressed = Zeroizing::new(deflate(record));
    let mut framed = Zeroizing::new(Vec::with_capacity(1 + compressed.len()));
    framed.push(PAPER_KIND);
    framed.extend_from_slice(&compressed);
    seal(key, &framed, rng)
}

/// The codes of a paper backup envelope, under transfer id `transfer` (random per printing).
///
/// # Errors
/// [`PaperError::TooLarge`] when it needs more than one transfer.
pub fn sheet(envelope: &[u8], transfer: u32) -> Result<Sheet, PaperError> {
    let sender = Sender::new(MessageKind::Backup, transfer, envelope, Mode::Pages).map_err(PaperError::TooLarge)?;
    let k = sender.source_frames();
    Ok(Sheet { transfer, bytes: envelope.len(), source: k, texts: sender.texts(0, (k + repair_codes(k)) as u32) })
}

/// Seals and cuts `record` into printable codes in one step.
///
/// # Errors
/// [`PaperError::RecordTooLarge`] over [`MAX_RECORD`] (checked first: nothing is sealed), then
/// the other [`PaperError`]s.
pub fn make(
    key: &VaultKey,
    record: &[u8],
    transfer: u32,
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<Sheet, PaperError> {
    if record.len() > MAX_RECORD {
        return Err(PaperError::RecordTooLarge { bytes: record.len(), limit: MAX_RECORD });
    }
    let envelope = seal_record(key, record, rng).map_err(PaperError::Seal)?;
    sheet(&envelope, transfer)
}

/// Opens a scanned paper backup (the complete message of a `backup` transfer) and returns the
/// record's JSON.
///
/// # Errors
/// A [`ReadError`].
pub fn read(envelope: &[u8], secret: Secret<'_>) -> Result<Zeroizing<Vec<u8>>, ReadError> {
    let plaintext = match secret {
        Secret::Passphrase(p) => super::envelope::open(p, envelope).map(|u| u.plaintext),
        Secret::Key(k) => open_with_key(k, envelope),
    }
    .map_err(ReadError::Open)?;
    match plaintext.split_first() {
        Some((&PAPER_KIND, compressed)) => inflate(compressed).map(Zeroizing::new).map_err(|_| ReadError::Damaged),
        _ => Err(ReadError::WrongKind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::frames::Receiver;
    use crate::vault::{new_key, os_entropy, KdfParams, Passphrase};

    fn key(p: &str) -> VaultKey {
        new_key(&Passphrase::from(p), &KdfParams::FLOOR, &mut os_entropy).expect("key")
    }

    #[test]
    fn codes_read_back_in_any_order_with_two_missing() {
        let k = key("yama kawa sora 2026 hoshi");
        let record: Vec<u8> = (0..40_000u32).flat_map(|i| format!("{{\"n\":{}}}", i % 977).into_bytes()).collect();
        let s = make(&k, &record, 0x1234_5678, &mut os_entropy).expect("sheet");
        assert_eq!(s.texts.len(), s.source + repair_codes(s.source));
        let mut rx = Receiver::expecting(MessageKind::Backup);
        // Reversed, without the first two source codes.
        for t in s.texts.iter().skip(2).rev() {
            let _ = rx.push_text(t);
        }
        let (kind, transfer, envelope) = rx.take().expect("complete");
        assert_eq!((kind, transfer), (MessageKind::Backup, 0x1234_5678));
        assert_eq!(&*read(&envelope, Secret::Key(&k)).expect("read"), &record);
        let wrong = Passphrase::from("umi mori tsuki 1999 kaze");
        assert_eq!(read(&envelope, Secret::Passphrase(&wrong)).unwrap_err(), ReadError::Open(OpenError::DecryptionFailed));
        let right = Passphrase::from("yama kawa sora 2026 hoshi");
        assert_eq!(&*read(&envelope, Secret::Passphrase(&right)).expect("read"), &record);
    }

    /// JSON-like text of exactly `n` bytes (compressible, as records are).
    fn record_of(n: usize) -> Vec<u8> {
        let mut b: Vec<u8> = (0u32..).flat_map(|i| format!("{{\"n\":{},\"t\":\"memo\"}},", i % 64).into_bytes()).take(n).collect();
        b.truncate(n);
        b
    }

    fn read_sheet(s: &Sheet, k: &VaultKey) -> Result<Zeroizing<Vec<u8>>, ReadError> {
        let mut rx = Receiver::expecting(MessageKind::Backup);
        for t in &s.texts {
            let _ = rx.push_text(t);
        }
        let (_, _, envelope) = rx.take().expect("complete");
        read(&envelope, Secret::Key(k))
    }

    #[test]
    fn a_record_at_the_limit_restores_and_one_byte_over_is_refused() {
        let k = key("yama kawa sora 2026 hoshi");
        let at = record_of(MAX_RECORD);
        let s = make(&k, &at, 1, &mut os_entropy).expect("a sheet at the limit");
        assert_eq!(&*read_sheet(&s, &k).expect("restores"), &at);
        let over = record_of(MAX_RECORD + 1);
        assert_eq!(make(&k, &over, 2, &mut os_entropy).unwrap_err(), PaperError::RecordTooLarge { bytes: MAX_RECORD + 1, limit: MAX_RECORD });
        // Why: such a sheet would fit the codes and print, and could never be read back.
        let printed = sheet(&seal_record(&k, &over, &mut os_entropy).expect("seal"), 3).expect("it fits the codes");
        assert_eq!(read_sheet(&printed, &k).unwrap_err(), ReadError::Damaged);
    }

    #[test]
    fn a_slot_or_backup_file_envelope_is_not_a_paper_backup() {
        let k = key("yama kawa sora 2026 hoshi");
        let file = seal(&k, b"B{}", &mut os_entropy).expect("seal");
        assert_eq!(read(&file, Secret::Key(&k)).unwrap_err(), ReadError::WrongKind);
        let raw = seal(&k, b"P not deflate \xff\xff", &mut os_entropy).expect("seal");
        assert_eq!(read(&raw, Secret::Key(&k)).unwrap_err(), ReadError::Damaged);
    }
}
