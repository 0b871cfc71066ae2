//! The vault: the record encrypted on the phone under a passphrase.
//!
//! - [`format`](mod@format): the envelope's byte layout (magic, version, Argon2id parameters, salt,
//!   nonce, AES-256-GCM ciphertext and tag), reader and writer side by side.
//! - Key derivation ([`KdfParams`], [`Passphrase`], [`VaultKey`]) and sealing/opening
//!   ([`seal`], [`open`], [`open_with_key`]); a vault's passphrase changes with
//!   [`store::change_passphrase`].
//! - Errors, one enum per operation in the manner of the `age` crate, each with `Display`
//!   and `std::error::Error` (`source` leads to the wrapped cause).
//! - [`armour`]: the text form of backup files.
//! - [`paper`]: the paper backup (the record as printed QR codes).
//! - [`strength`]: passphrase guidance, as typed verdicts (no user-visible strings).
//! - [`store`]: safe saves over a key-value store (two slots, generation counter), erase,
//!   backup export and import.
//!
//! Architecture invariant: plaintext never reaches storage; only sealed envelopes do.
//! The byte layout and threat model are in `docs/vault-format.md`.

pub mod armour;
mod envelope;
pub mod format;
mod kdf;
pub mod paper;
pub mod store;
pub mod strength;

pub use envelope::{
    key_matches, new_key, open, open_with_key, os_entropy, seal, EntropyError, OpenError,
    SealError, Unlocked,
};
pub use format::FormatError;
pub use kdf::{DeriveError, KdfParams, KdfParamsError, Passphrase, VaultKey, KEY_LEN};
