//! The envelope's byte layout: reader and writer side by side.
//!
//! ```text
//! offset  size  field
//!      0     6  magic  b"KARTEV"
//!      6     1  format version (1)
//!      7     1  KDF id (1 = Argon2id v1.3)
//!      8     4  Argon2 m_cost, KiB   (u32 little-endian)
//!     12     4  Argon2 t_cost        (u32 little-endian)
//!     16     4  Argon2 p (lanes)     (u32 little-endian)
//!     20    16  salt
//!     36    12  AES-GCM nonce
//!     48     n  ciphertext (n = plaintext length)
//!   48+n    16  AES-GCM tag
//! ```
//!
//! Bytes 0..48 (the whole header) are the AES-GCM associated data, so every header field is
//! authenticated. See `docs/vault-format.md`.

use super::kdf::{KdfParams, KdfParamsError};

/// The six bytes every vault envelope starts with.
pub const MAGIC: &[u8; 6] = b"KARTEV";
/// The only format version this code writes and reads.
pub const FORMAT_VERSION: u8 = 1;
/// KDF id of Argon2id, version 0x13 (RFC 9106).
pub const KDF_ARGON2ID: u8 = 1;
/// Length of the salt in bytes.
pub const SALT_LEN: usize = 16;
/// Length of the AES-GCM nonce in bytes.
pub const NONCE_LEN: usize = 12;
/// Length of the AES-GCM tag in bytes.
pub const TAG_LEN: usize = 16;
/// Length of the header (the associated data) in bytes.
pub const HEADER_LEN: usize = 48;
/// The shortest possible envelope: a header and the tag of an empty plaintext.
pub const MIN_ENVELOPE_LEN: usize = HEADER_LEN + TAG_LEN;

const VERSION_AT: usize = 6;
const KDF_AT: usize = 7;
const M_AT: usize = 8;
const T_AT: usize = 12;
const P_AT: usize = 16;
const SALT_AT: usize = 20;
const NONCE_AT: usize = 36;

/// What is wrong with the structure of an envelope, found before any key derivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatError {
    /// The input does not start with the vault magic.
    NotAVault,
    /// The magic is right but the format version is not one this code reads (a newer app wrote
    /// it, or it was tampered with).
    UnsupportedVersion(u8),
    /// The input ends before the header and tag are complete.
    Truncated,
    /// The key-derivation function id is unknown.
    UnknownKdf(u8),
    /// The KDF parameters are below the floor (too little work: a downgraded or crafted file).
    KdfParamsOutOfRange {
        /// Memory cost read from the input, KiB.
        m_cost_kib: u32,
        /// Time cost (passes) read from the input.
        t_cost: u32,
        /// Parallelism (lanes) read from the input.
        p_cost: u32,
    },
    /// The KDF parameters ask for more than the cap ([`KdfParams::CAP`]): more memory or time
    /// than a phone can bear; refused before any derivation.
    KdfCostOverCap {
        /// Memory cost read from the input, KiB.
        m_cost_kib: u32,
        /// Time cost (passes) read from the input.
        t_cost: u32,
        /// Parallelism (lanes) read from the input.
        p_cost: u32,
    },
}

impl core::fmt::Display for FormatError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            FormatError::NotAVault => f.write_str("not a vault envelope (magic)"),
            FormatError::UnsupportedVersion(v) => write!(f, "vault format version {v} is not supported"),
            FormatError::Truncated => f.write_str("the envelope is cut short"),
            FormatError::UnknownKdf(id) => write!(f, "unknown key-derivation function {id}"),
            FormatError::KdfParamsOutOfRange { m_cost_kib, t_cost, p_cost } => {
                write!(f, "Argon2id parameters below the floor (m = {m_cost_kib} KiB, t = {t_cost}, p = {p_cost})")
            }
            FormatError::KdfCostOverCap { m_cost_kib, t_cost, p_cost } => {
                write!(f, "Argon2id parameters above the cap (m = {m_cost_kib} KiB, t = {t_cost}, p = {p_cost})")
            }
        }
    }
}

impl std::error::Error for FormatError {}

/// The parsed header of an envelope: everything before the ciphertext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Argon2id parameters, within the accepted range.
    pub kdf: KdfParams,
    /// Salt of the key derivation.
    pub salt: [u8; SALT_LEN],
    /// AES-GCM nonce of this envelope.
    pub nonce: [u8; NONCE_LEN],
}

/// A parsed envelope borrowing its input: header and ciphertext-with-tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envelope<'a> {
    /// The header.
    pub header: Header,
    /// The ciphertext followed by the 16-byte tag (at least 16 bytes).
    pub ciphertext: &'a [u8],
}

impl Header {
    /// The header's 48 bytes, exactly as written and as authenticated (the AAD).
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        out[..VERSION_AT].copy_from_slice(MAGIC);
        out[VERSION_AT] = FORMAT_VERSION;
        out[KDF_AT] = KDF_ARGON2ID;
        out[M_AT..T_AT].copy_from_slice(&self.kdf.m_cost_kib().to_le_bytes());
        out[T_AT..P_AT].copy_from_slice(&self.kdf.t_cost().to_le_bytes());
        out[P_AT..SALT_AT].copy_from_slice(&self.kdf.p_cost().to_le_bytes());
        out[SALT_AT..NONCE_AT].copy_from_slice(&self.salt);
        out[NONCE_AT..HEADER_LEN].copy_from_slice(&self.nonce);
        out
    }
}

impl<'a> Envelope<'a> {
    /// Reads an envelope. Checks, in this order: magic, version, length, KDF id, KDF parameter
    /// range. No key derivation or decryption happens here.
    ///
    /// # Errors
    /// A [`FormatError`] naming the first structural problem.
    pub fn parse(input: &'a [u8]) -> Result<Self, FormatError> {
        let magic_len = MAGIC.len().min(input.len());
        if input[..magic_len] != MAGIC[..magic_len] {
            return Err(FormatError::NotAVault);
        }
        let Some(&version) = input.get(VERSION_AT) else {
            return Err(FormatError::Truncated);
        };
        if version != FORMAT_VERSION {
            return Err(FormatError::UnsupportedVersion(version));
        }
        if input.len() < MIN_ENVELOPE_LEN {
            return Err(FormatError::Truncated);
        }
        let (head, ciphertext) = input.split_at(HEADER_LEN);
        if head[KDF_AT] != KDF_ARGON2ID {
            return Err(FormatError::UnknownKdf(head[KDF_AT]));
        }
        let kdf = KdfParams::new(
            le_u32(&head[M_AT..T_AT]),
            le_u32(&head[T_AT..P_AT]),
            le_u32(&head[P_AT..SALT_AT]),
        )
        .map_err(|KdfParamsError { m_cost_kib, t_cost, p_cost, over_cap }| match over_cap {
            true => FormatError::KdfCostOverCap { m_cost_kib, t_cost, p_cost },
            false => FormatError::KdfParamsOutOfRange { m_cost_kib, t_cost, p_cost },
        })?;
        let mut salt = [0u8; SALT_LEN];
        salt.copy_from_slice(&head[SALT_AT..NONCE_AT]);
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(&head[NONCE_AT..HEADER_LEN]);
        Ok(Envelope {
            header: Header { kdf, salt, nonce },
            ciphertext,
        })
    }

    /// Writes the envelope: header bytes then ciphertext-with-tag. For every input `parse`
    /// accepts, `parse(x)?.to_bytes() == x`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + self.ciphertext.len());
        out.extend_from_slice(&self.header.to_bytes());
        out.extend_from_slice(self.ciphertext);
        out
    }
}

fn le_u32(bytes: &[u8]) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(bytes);
    u32::from_le_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let header = Header {
            kdf: KdfParams::FLOOR,
            salt: [7; SALT_LEN],
            nonce: [9; NONCE_LEN],
        };
        let mut bytes = header.to_bytes().to_vec();
        bytes.extend_from_slice(&[0xAB; 40]);
        bytes
    }

    #[test]
    fn parse_then_write_reproduces_input() {
        let bytes = sample();
        let env = Envelope::parse(&bytes).unwrap();
        assert_eq!(env.to_bytes(), bytes);
        assert_eq!(env.header.kdf, KdfParams::FLOOR);
        assert_eq!(env.ciphertext.len(), 40);
    }

    #[test]
    fn structural_errors_are_specific() {
        let bytes = sample();
        assert_eq!(Envelope::parse(b""), Err(FormatError::Truncated));
        assert_eq!(Envelope::parse(b"KAR"), Err(FormatError::Truncated));
        assert_eq!(Envelope::parse(b"KARTEX"), Err(FormatError::NotAVault));
        assert_eq!(
            Envelope::parse(b"{\"json\":1}"),
            Err(FormatError::NotAVault)
        );
        assert_eq!(
            Envelope::parse(&bytes[..MIN_ENVELOPE_LEN - 1]),
            Err(FormatError::Truncated)
        );
        assert!(Envelope::parse(&bytes[..MIN_ENVELOPE_LEN]).is_ok());
        let mut v2 = bytes.clone();
        v2[VERSION_AT] = 2;
        assert_eq!(
            Envelope::parse(&v2),
            Err(FormatError::UnsupportedVersion(2))
        );
        let mut kdf = bytes.clone();
        kdf[KDF_AT] = 0;
        assert_eq!(Envelope::parse(&kdf), Err(FormatError::UnknownKdf(0)));
        let mut big = bytes;
        big[M_AT..T_AT].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            Envelope::parse(&big),
            Err(FormatError::KdfCostOverCap {
                m_cost_kib: u32::MAX,
                t_cost: 2,
                p_cost: 1
            })
        );
    }
}
