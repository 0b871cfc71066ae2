//! Sealing and opening envelopes: AES-256-GCM under the Argon2id key, header as AAD.

use aes_gcm::aead::{Aead, Key, KeyInit, Nonce, Payload};
use aes_gcm::Aes256Gcm;
use zeroize::{Zeroize, Zeroizing};

use super::format::{Envelope, FormatError, Header, NONCE_LEN, SALT_LEN};
use super::kdf::{KdfParams, Passphrase, VaultKey};

/// The entropy source could not deliver random bytes; nothing was sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntropyError;

impl core::fmt::Display for EntropyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("no secure random numbers available")
    }
}

impl std::error::Error for EntropyError {}

/// Fills `buf` from the operating system's (or, in WASM, the browser's `crypto`) secure
/// random number generator. Pass `&mut os_entropy` wherever an entropy source is asked for;
/// tests pass a deterministic closure instead.
///
/// # Errors
/// [`EntropyError`] if the platform has no secure generator.
pub fn os_entropy(buf: &mut [u8]) -> Result<(), EntropyError> {
    getrandom::fill(buf).map_err(|_| EntropyError)
}

/// Why sealing failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealError {
    /// No random bytes for the nonce or salt.
    EntropyUnavailable,
    /// Argon2 could not run (only when sealing under a new passphrase).
    KeyDerivationFailed,
    /// The plaintext exceeds AES-GCM's limit (64 GiB).
    TooLong,
}

impl core::fmt::Display for SealError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            SealError::EntropyUnavailable => "no secure random numbers for the nonce or salt",
            SealError::KeyDerivationFailed => "Argon2id could not run",
            SealError::TooLong => "the plaintext is over AES-GCM's limit",
        })
    }
}

impl std::error::Error for SealError {}

/// Why opening failed. The structure's faults are the [`FormatError`] found before any key
/// derivation; cryptographic failure is one coarse variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenError {
    /// Not an envelope this app reads (magic, version, length, KDF, parameters).
    Format(FormatError),
    /// Argon2 could not run (memory could not be allocated).
    KeyDerivationFailed,
    /// Wrong passphrase or key, or the envelope was altered: deliberately indistinguishable.
    DecryptionFailed,
}

impl From<FormatError> for OpenError {
    fn from(e: FormatError) -> Self {
        Self::Format(e)
    }
}

impl core::fmt::Display for OpenError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            OpenError::Format(_) => f.write_str("not a readable vault envelope"),
            OpenError::KeyDerivationFailed => f.write_str("Argon2id could not run"),
            OpenError::DecryptionFailed => f.write_str("wrong passphrase or key, or altered data"),
        }
    }
}

impl std::error::Error for OpenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OpenError::Format(e) => Some(e),
            _ => None,
        }
    }
}

/// A successfully opened envelope: the key (to keep while unlocked) and the plaintext.
/// `Debug` shows the plaintext's length only.
pub struct Unlocked {
    /// The key derived from the passphrase and the envelope's salt and parameters.
    pub key: VaultKey,
    /// The plaintext, wiped on drop.
    pub plaintext: Zeroizing<Vec<u8>>,
}

impl core::fmt::Debug for Unlocked {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Unlocked")
            .field("key", &self.key)
            .field("plaintext_len", &self.plaintext.len())
            .finish()
    }
}

/// Derives a key for a new passphrase with a fresh random salt.
///
/// # Errors
/// [`SealError::EntropyUnavailable`] or [`SealError::KeyDerivationFailed`].
pub fn new_key(
    passphrase: &Passphrase,
    params: &KdfParams,
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<VaultKey, SealError> {
    let mut salt = [0u8; SALT_LEN];
    rng(&mut salt).map_err(|_| SealError::EntropyUnavailable)?;
    VaultKey::derive(passphrase, params, salt).map_err(|_| SealError::KeyDerivationFailed)
}

/// Seals `plaintext` under `key` with a fresh random nonce. The header carries the key's
/// salt and parameters and is authenticated as associated data.
///
/// # Errors
/// [`SealError::EntropyUnavailable`] or [`SealError::TooLong`].
pub fn seal(
    key: &VaultKey,
    plaintext: &[u8],
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<Vec<u8>, SealError> {
    let mut nonce = [0u8; NONCE_LEN];
    rng(&mut nonce).map_err(|_| SealError::EntropyUnavailable)?;
    let header = Header {
        kdf: *key.params(),
        salt: *key.salt(),
        nonce,
    };
    let aad = header.to_bytes();
    let cipher = cipher(key);
    let ciphertext = cipher
        .encrypt(
            &Nonce::<Aes256Gcm>::from(nonce),
            Payload {
                msg: plaintext,
                aad: &aad,
            },
        )
        .map_err(|_| SealError::TooLong)?;
    Ok(Envelope {
        header,
        ciphertext: &ciphertext,
    }
    .to_bytes())
}

/// Opens an envelope with a key already derived (no Argon2 work). The key must have been
/// derived with the envelope's salt and parameters, otherwise the result is
/// [`OpenError::DecryptionFailed`].
///
/// # Errors
/// A structural [`OpenError`] variant, or [`OpenError::DecryptionFailed`].
pub fn open_with_key(key: &VaultKey, envelope: &[u8]) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    let env = Envelope::parse(envelope)?;
    decrypt(key, &env)
}

/// Opens an envelope with a passphrase: parses (all structural checks and the parameter
/// range check come first), derives the key with the envelope's salt and parameters, then
/// decrypts. Returns the key too, so the caller can keep it instead of the passphrase.
///
/// # Errors
/// A structural [`OpenError`] variant, [`OpenError::KeyDerivationFailed`], or
/// [`OpenError::DecryptionFailed`].
pub fn open(passphrase: &Passphrase, envelope: &[u8]) -> Result<Unlocked, OpenError> {
    let env = Envelope::parse(envelope)?;
    let key = VaultKey::derive(passphrase, &env.header.kdf, env.header.salt)
        .map_err(|_| OpenError::KeyDerivationFailed)?;
    let plaintext = decrypt(&key, &env)?;
    Ok(Unlocked { key, plaintext })
}

/// Whether `key` was derived with this envelope's salt and parameters (so
/// [`open_with_key`] can succeed without a new derivation). Structural errors give `false`.
pub fn key_matches(key: &VaultKey, envelope: &[u8]) -> bool {
    Envelope::parse(envelope)
        .map(|env| env.header.kdf == *key.params() && env.header.salt == *key.salt())
        .unwrap_or(false)
}

fn cipher(key: &VaultKey) -> Aes256Gcm {
    let mut key = Key::<Aes256Gcm>::from(*key.bytes());
    let cipher = Aes256Gcm::new(&key);
    key.as_mut_slice().zeroize();
    cipher
}

fn decrypt(key: &VaultKey, env: &Envelope<'_>) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    let aad = env.header.to_bytes();
    cipher(key)
        .decrypt(
            &Nonce::<Aes256Gcm>::from(env.header.nonce),
            Payload {
                msg: env.ciphertext,
                aad: &aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| OpenError::DecryptionFailed)
}
