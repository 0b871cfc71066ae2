//! Safe saves over a string key-value store (the browser's `localStorage`), erase, and
//! backup export/import.
//!
//! Two slots, [`Slot::A`] and [`Slot::B`], each hold one complete sealed envelope (Base64).
//! Its authenticated plaintext starts with a generation counter. A save seals the record
//! with the next generation into the slot that does *not* hold the newest valid
//! generation, in one `set`; loading opens both and returns the newest that authenticates.
//! So an interrupted or refused save leaves the previous record readable, and a save that
//! completed is what the next load returns.
//!
//! Slot plaintext: `b'S'`, generation (u64 little-endian), record bytes.
//! Backup plaintext: `b'B'`, record bytes. Both are sealed with [`seal`].

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use super::armour::{self, ArmourError};
use super::envelope::{
    key_matches, new_key, open_with_key, seal, EntropyError, OpenError, SealError,
};
use super::format::FormatError;
use super::kdf::{KdfParams, Passphrase, VaultKey};

/// Storage key of slot A.
pub const SLOT_A_KEY: &str = "karte.vault.a";
/// Storage key of slot B.
pub const SLOT_B_KEY: &str = "karte.vault.b";

const SLOT_KIND: u8 = b'S';
const BACKUP_KIND: u8 = b'B';
const UNSAVED_KIND: u8 = b'U';
const GEN_LEN: usize = 8;

/// A store of strings by key, as `localStorage` is. `set` either stores the whole value or
/// nothing.
pub trait KvStore {
    /// The value under `key`, if any.
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value` under `key`, replacing any previous value.
    ///
    /// # Errors
    /// [`StoreError`]; the previous value is then unchanged.
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    /// Removes `key` (no-op if absent).
    fn remove(&mut self, key: &str);
}

/// Why a store refused a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// The storage quota is full.
    QuotaExceeded,
    /// Storage is not available (private mode, disabled, or another failure).
    Unavailable,
}

/// One of the two slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// Stored under [`SLOT_A_KEY`].
    A,
    /// Stored under [`SLOT_B_KEY`].
    B,
}

impl Slot {
    /// Both slots.
    pub const ALL: [Slot; 2] = [Slot::A, Slot::B];

    /// The storage key of this slot.
    pub const fn key(self) -> &'static str {
        match self {
            Slot::A => SLOT_A_KEY,
            Slot::B => SLOT_B_KEY,
        }
    }

    /// The other slot.
    pub const fn other(self) -> Slot {
        match self {
            Slot::A => Slot::B,
            Slot::B => Slot::A,
        }
    }
}

/// The newest record found in the store. `Debug` shows the record's length only.
pub struct Loaded {
    /// The record bytes, wiped on drop.
    pub record: Zeroizing<Vec<u8>>,
    /// Its generation (1 for the first save).
    pub generation: u64,
    /// The slot it was read from.
    pub slot: Slot,
}

impl core::fmt::Debug for Loaded {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Loaded")
            .field("record_len", &self.record.len())
            .field("generation", &self.generation)
            .field("slot", &self.slot)
            .finish()
    }
}

/// Why loading failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadError {
    /// Neither slot holds anything: there is no vault on this device.
    NoVault,
    /// A slot is well-formed but none authenticates: wrong passphrase or key (or tampered).
    DecryptionFailed,
    /// Argon2 could not run.
    KeyDerivationFailed,
    /// No slot is even well-formed; the error of slot A (or B if A is absent).
    Damaged(OpenError),
}

/// Why a save failed. In every case the store still holds what it held before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveError {
    /// The storage quota is full; nothing was lost, the previous record is intact.
    QuotaExceeded,
    /// Storage is not available.
    StorageUnavailable,
    /// The store holds vault data that does not open with this key but might open with
    /// another passphrase or a newer app version; refusing to overwrite it. Only [`erase`]
    /// (an explicit user decision) removes it. (Slots that are not Base64, not a vault, or
    /// cut short are beyond recovery and are overwritten.)
    ExistingDataUnreadable,
    /// Sealing failed.
    Seal(SealError),
}

impl From<StoreError> for SaveError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::QuotaExceeded => Self::QuotaExceeded,
            StoreError::Unavailable => Self::StorageUnavailable,
        }
    }
}

/// Why changing the vault's passphrase failed. The previous passphrase still works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangePassphraseError {
    /// The old passphrase did not unlock the vault.
    Load(LoadError),
    /// Deriving the new key or sealing failed.
    Seal(SealError),
    /// Writing failed.
    Save(SaveError),
}

/// Why exporting a backup failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportError {
    /// The vault did not load with the key.
    Load(LoadError),
    /// Sealing the backup failed.
    Seal(SealError),
}

/// Why importing a backup failed. The store is untouched unless the error is `Save`, and
/// even then the previous record is intact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportError {
    /// The text is not an armoured backup.
    NotABackup(ArmourError),
    /// The backup envelope did not open: structural error, or wrong passphrase/tampered.
    Open(OpenError),
    /// The envelope authenticated but is not a backup (e.g. a storage slot).
    WrongKind,
    /// Storing the imported record failed.
    Save(SaveError),
}

/// What opens a backup.
#[derive(Debug, Clone, Copy)]
pub enum Secret<'a> {
    /// The passphrase the backup was sealed with (derives the key from its salt).
    Passphrase(&'a Passphrase),
    /// A key already derived (the vault's own, if the backup was sealed with it).
    Key(&'a VaultKey),
}

/// Whether any vault slot exists in the store.
pub fn exists(store: &impl KvStore) -> bool {
    Slot::ALL.iter().any(|s| store.get(s.key()).is_some())
}

/// The distinct (parameters, salt) pairs of the well-formed slots: the key derivations an
/// unlock needs (one normally; two only after an interrupted passphrase change). Lets the
/// browser derive keys off the main thread, then [`load`] with each. No key derivation here.
pub fn kdf_requests(store: &impl KvStore) -> Vec<(KdfParams, [u8; super::format::SALT_LEN])> {
    let mut out: Vec<(KdfParams, [u8; super::format::SALT_LEN])> = Vec::new();
    for slot in Slot::ALL {
        if let Some(Ok(bytes)) = read_slot(store, slot) {
            if let Ok(env) = super::format::Envelope::parse(&bytes) {
                let req = (env.header.kdf, env.header.salt);
                if !out.contains(&req) {
                    out.push(req);
                }
            }
        }
    }
    out
}

/// What is wrong when [`kdf_requests`] finds nothing to derive: the same error [`unlock`]
/// would give (a damaged slot's structural error, else [`LoadError::NoVault`]), without any
/// key derivation. Well-formed slots are not damage and are passed over.
pub fn damage(store: &impl KvStore) -> LoadError {
    let mut outcome = Outcome::default();
    for slot in Slot::ALL {
        match read_slot(store, slot) {
            None => {}
            Some(Err(e)) => outcome.fail(e),
            Some(Ok(bytes)) => {
                if let Err(e) = super::format::Envelope::parse(&bytes) {
                    outcome.fail(e.into());
                }
            }
        }
    }
    outcome.finish().err().unwrap_or(LoadError::NoVault)
}

/// Loads the newest record that authenticates under `key`. No key derivation.
///
/// # Errors
/// A [`LoadError`].
pub fn load(store: &impl KvStore, key: &VaultKey) -> Result<Loaded, LoadError> {
    let mut outcome = Outcome::default();
    for slot in Slot::ALL {
        match read_slot(store, slot) {
            None => {}
            Some(Err(e)) => outcome.fail(e),
            Some(Ok(bytes)) => outcome.consider(slot, open_with_key(key, &bytes)),
        }
    }
    outcome.finish()
}

/// Whether the copy in the slot other than `loaded`'s is damaged: present, and either not an
/// envelope at all (cut short, overwritten) or sealed under one of `keys` (the key that opened
/// `loaded`: same salt and parameters) without opening as a slot record. Unlocking then opened the only intact copy, which
/// may be older than the damaged one: the latest change may be missing, and the patient must
/// be told. A copy under another passphrase (an interrupted passphrase change) is not damage.
/// No key derivation.
pub fn other_copy_damaged(store: &impl KvStore, loaded: &Loaded, keys: &[&VaultKey]) -> bool {
    match read_slot(store, loaded.slot.other()) {
        None => false,
        Some(Err(_)) => true,
        Some(Ok(bytes)) => {
            let mine: Vec<&&VaultKey> = keys.iter().filter(|k| key_matches(k, &bytes)).collect();
            !mine.is_empty()
                && !mine.iter().any(|k| {
                    let mut outcome = Outcome::default();
                    outcome.consider(loaded.slot.other(), open_with_key(k, &bytes));
                    outcome.newest.is_some()
                })
        }
    }
}

/// Unlocks with a passphrase: derives the key for each distinct salt and parameters found
/// in the slots (one derivation normally; two only after an interrupted passphrase change)
/// and loads the newest record. Returns the key of the newest slot, to keep while unlocked.
///
/// # Errors
/// A [`LoadError`].
pub fn unlock(
    store: &impl KvStore,
    passphrase: &Passphrase,
) -> Result<(VaultKey, Loaded), LoadError> {
    let mut outcome = Outcome::default();
    let mut keys: Vec<(Slot, VaultKey)> = Vec::new();
    for slot in Slot::ALL {
        let bytes = match read_slot(store, slot) {
            None => continue,
            Some(Err(e)) => {
                outcome.fail(e);
                continue;
            }
            Some(Ok(bytes)) => bytes,
        };
        let known = keys
            .iter()
            .find(|(_, k)| key_matches(k, &bytes))
            .map(|(_, k)| k.clone());
        let key = match known {
            Some(k) => k,
            None => match super::envelope::open(passphrase, &bytes) {
                Ok(unlocked) => unlocked.key,
                Err(e) => {
                    outcome.fail(e);
                    continue;
                }
            },
        };
        outcome.consider(slot, open_with_key(&key, &bytes));
        keys.push((slot, key));
    }
    let loaded = outcome.finish()?;
    let key = keys
        .into_iter()
        .find(|(s, _)| *s == loaded.slot)
        .map(|(_, k)| k)
        .ok_or(LoadError::DecryptionFailed)?;
    Ok((key, loaded))
}

/// Saves `record` as the next generation, sealed under `key` with a fresh nonce, into the
/// slot not holding the newest valid generation (the first save: generation 1, into an
/// empty slot). Returns the new generation.
///
/// # Errors
/// A [`SaveError`]; the store then still holds its previous record.
pub fn save(
    store: &mut impl KvStore,
    key: &VaultKey,
    record: &[u8],
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<u64, SaveError> {
    let (target, generation) = match load(store, key) {
        Ok(newest) => (newest.slot.other(), newest.generation.saturating_add(1)),
        Err(_) => {
            // Nothing opens with this key. Write only if every present slot is beyond
            // recovery by anyone (not Base64, not a vault, cut short); never over data that
            // another passphrase or a newer app version could still open.
            let states = Slot::ALL.map(|slot| (slot, read_slot(store, slot)));
            let recoverable = states.iter().any(|(_, state)| {
                matches!(state, Some(Ok(_)))
                    || matches!(state, Some(Err(e)) if !matches!(e, OpenError::Format(FormatError::NotAVault | FormatError::Truncated)))
            });
            if recoverable {
                return Err(SaveError::ExistingDataUnreadable);
            }
            let target = states
                .iter()
                .find(|(_, state)| state.is_none())
                .map_or(Slot::A, |(slot, _)| *slot);
            (target, 1)
        }
    };
    write_slot(store, target, key, generation, record, rng)?;
    Ok(generation)
}

/// Changes the vault's passphrase: unlocks with `old`, derives a new key with a fresh salt
/// and `params`, writes the record as the next generation under the new key into the other
/// slot, then removes the slot sealed under the old key. If interrupted between the two
/// steps, both passphrases open a copy of the same record (the new one the newer copy).
///
/// # Errors
/// A [`ChangePassphraseError`]; the old passphrase then still opens the vault.
pub fn change_passphrase(
    store: &mut impl KvStore,
    old: &Passphrase,
    new: &Passphrase,
    params: &KdfParams,
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<VaultKey, ChangePassphraseError> {
    let (old_key, _) = unlock(store, old).map_err(ChangePassphraseError::Load)?;
    let key = new_key(new, params, rng).map_err(ChangePassphraseError::Seal)?;
    rekey(store, &old_key, &key, rng)?;
    Ok(key)
}

/// Re-seals the newest record under `new_key` (derived elsewhere, e.g. in the browser's KDF
/// worker, with a fresh salt) as the next generation, then removes the slot under `old_key`.
/// Interrupted at any point, the store opens with the old or the new passphrase.
///
/// # Errors
/// A [`ChangePassphraseError`]; the store then still opens with the old key.
pub fn rekey(
    store: &mut impl KvStore,
    old_key: &VaultKey,
    new_key: &VaultKey,
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<(), ChangePassphraseError> {
    let current = load(store, old_key).map_err(ChangePassphraseError::Load)?;
    let target = current.slot.other();
    let generation = current.generation.saturating_add(1);
    write_slot(store, target, new_key, generation, &current.record, rng)
        .map_err(ChangePassphraseError::Save)?;
    store.remove(current.slot.key());
    Ok(())
}

/// Removes every vault key from the store.
pub fn erase(store: &mut impl KvStore) {
    for slot in Slot::ALL {
        store.remove(slot.key());
    }
}

/// Exports the newest record as an armoured backup sealed with the vault's own key (opens
/// with the vault's passphrase).
///
/// # Errors
/// An [`ExportError`].
pub fn export_backup(
    store: &impl KvStore,
    key: &VaultKey,
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<String, ExportError> {
    let loaded = load(store, key).map_err(ExportError::Load)?;
    seal_backup(key, &loaded.record, rng).map_err(ExportError::Seal)
}

/// Exports the newest record as an armoured backup under its own passphrase (fresh salt).
///
/// # Errors
/// An [`ExportError`].
pub fn export_backup_with_passphrase(
    store: &impl KvStore,
    key: &VaultKey,
    backup_passphrase: &Passphrase,
    params: &KdfParams,
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<String, ExportError> {
    let loaded = load(store, key).map_err(ExportError::Load)?;
    let backup_key = new_key(backup_passphrase, params, rng).map_err(ExportError::Seal)?;
    seal_backup(&backup_key, &loaded.record, rng).map_err(ExportError::Seal)
}

/// Seals `record` as an armoured backup under `key`.
///
/// # Errors
/// A [`SealError`].
pub fn seal_backup(
    key: &VaultKey,
    record: &[u8],
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<String, SealError> {
    Ok(armour::armour(&seal_kind(key, BACKUP_KIND, &[], record, rng)?))
}

/// Seals `kind`, `prefix` and `record` as one plaintext (the kind keeps slots, backups and
/// unsaved records apart).
fn seal_kind(
    key: &VaultKey,
    kind: u8,
    prefix: &[u8],
    record: &[u8],
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<Vec<u8>, SealError> {
    let mut framed = Zeroizing::new(Vec::with_capacity(1 + prefix.len() + record.len()));
    framed.push(kind);
    framed.extend_from_slice(prefix);
    framed.extend_from_slice(record);
    seal(key, &framed, rng)
}

/// Reads and fully checks a backup (dearmours, parses, derives, authenticates) without
/// touching any store. Returns the record.
///
/// # Errors
/// [`ImportError::NotABackup`], [`ImportError::Open`] or [`ImportError::WrongKind`].
pub fn read_backup(text: &str, secret: Secret<'_>) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let bytes = armour::dearmour(text).map_err(ImportError::NotABackup)?;
    let plaintext = match secret {
        Secret::Passphrase(p) => super::envelope::open(p, &bytes).map(|u| u.plaintext),
        Secret::Key(k) => open_with_key(k, &bytes),
    }
    .map_err(ImportError::Open)?;
    match plaintext.split_first() {
        Some((&BACKUP_KIND, record)) => Ok(Zeroizing::new(record.to_vec())),
        _ => Err(ImportError::WrongKind),
    }
}

/// Imports a backup: checks it completely with [`read_backup`] first, and only then saves
/// its record as the vault's next generation under `key` (the vault's current key; for a
/// fresh device, a key from [`new_key`]). Returns the new generation.
///
/// # Errors
/// An [`ImportError`]; before `Save` nothing was written, and on `Save` the previous
/// record is intact.
pub fn import_backup(
    store: &mut impl KvStore,
    text: &str,
    secret: Secret<'_>,
    key: &VaultKey,
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<u64, ImportError> {
    let record = read_backup(text, secret)?;
    save(store, key, &record, rng).map_err(ImportError::Save)
}

/// A record that could not be saved when the vault locked (storage full), sealed under the
/// vault's key and kept in memory only: ciphertext, so the key can go while the change waits
/// for the next unlock to save it. `Debug` shows its length only.
#[derive(Clone, PartialEq, Eq)]
pub struct Unsaved(Vec<u8>);

impl core::fmt::Debug for Unsaved {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Unsaved").field("len", &self.0.len()).finish()
    }
}

impl Unsaved {
    /// Seals `record` under `key` (plaintext `b'U'` + record: never taken for a slot or a
    /// backup).
    ///
    /// # Errors
    /// A [`SealError`].
    pub fn seal(
        key: &VaultKey,
        record: &[u8],
        rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
    ) -> Result<Unsaved, SealError> {
        seal_kind(key, UNSAVED_KIND, &[], record, rng).map(Unsaved)
    }

    /// The record, if `key` is the one it was sealed with.
    pub fn open(&self, key: &VaultKey) -> Option<Zeroizing<Vec<u8>>> {
        let plaintext = open_with_key(key, &self.0).ok()?;
        match plaintext.split_first() {
            Some((&UNSAVED_KIND, record)) => Some(Zeroizing::new(record.to_vec())),
            _ => None,
        }
    }

    /// Sealed bytes as they were held (checked only when opened).
    pub fn from_sealed(bytes: Vec<u8>) -> Unsaved {
        Unsaved(bytes)
    }

    /// The sealed bytes (what is held in memory).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// Reads a slot: `None` if absent, `Err` if not Base64 or structurally not an envelope.
fn read_slot(store: &impl KvStore, slot: Slot) -> Option<Result<Vec<u8>, OpenError>> {
    let text = store.get(slot.key())?;
    Some(
        armour::from_base64(&text)
            .map_err(|_| OpenError::Format(FormatError::NotAVault))
            .and_then(|bytes| match super::format::Envelope::parse(&bytes) {
                Ok(_) => Ok(bytes),
                Err(e) => Err(e.into()),
            }),
    )
}

fn write_slot(
    store: &mut impl KvStore,
    slot: Slot,
    key: &VaultKey,
    generation: u64,
    record: &[u8],
    rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>,
) -> Result<(), SaveError> {
    let sealed = seal_kind(key, SLOT_KIND, &generation.to_le_bytes(), record, rng).map_err(SaveError::Seal)?;
    store.set(slot.key(), &armour::to_base64(&sealed))?;
    Ok(())
}

/// `Display` and `std::error::Error` for the store's errors; `source` is the wrapped cause.
macro_rules! error_impls {
    ($ty:ty, |$e:ident, $f:ident| $display:expr, |$s:ident| $source:expr) => {
        impl core::fmt::Display for $ty {
            fn fmt(&self, $f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let $e = self;
                $display
            }
        }
        impl std::error::Error for $ty {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                let $s = self;
                $source
            }
        }
    };
}

error_impls!(StoreError, |e, f| f.write_str(match e {
    StoreError::QuotaExceeded => "the storage quota is full",
    StoreError::Unavailable => "storage is not available",
}), |_s| None);

error_impls!(LoadError, |e, f| match e {
    LoadError::NoVault => f.write_str("there is no vault in this store"),
    LoadError::DecryptionFailed => f.write_str("no slot opens: wrong passphrase or key, or altered data"),
    LoadError::KeyDerivationFailed => f.write_str("Argon2id could not run"),
    LoadError::Damaged(_) => f.write_str("no slot is a readable envelope"),
}, |s| match s {
    LoadError::Damaged(o) => Some(o),
    _ => None,
});

error_impls!(SaveError, |e, f| match e {
    SaveError::QuotaExceeded => f.write_str("the storage quota is full; the previous record is intact"),
    SaveError::StorageUnavailable => f.write_str("storage is not available"),
    SaveError::ExistingDataUnreadable => f.write_str("the store holds a vault this key does not open; not overwritten"),
    SaveError::Seal(_) => f.write_str("sealing the record failed"),
}, |s| match s {
    SaveError::Seal(e) => Some(e),
    _ => None,
});

error_impls!(ChangePassphraseError, |e, f| f.write_str(match e {
    ChangePassphraseError::Load(_) => "the vault did not open with the old passphrase",
    ChangePassphraseError::Seal(_) => "deriving the new key or sealing failed",
    ChangePassphraseError::Save(_) => "writing under the new passphrase failed",
}), |s| match s {
    ChangePassphraseError::Load(e) => Some(e),
    ChangePassphraseError::Seal(e) => Some(e),
    ChangePassphraseError::Save(e) => Some(e),
});

error_impls!(ExportError, |e, f| f.write_str(match e {
    ExportError::Load(_) => "the vault did not load with the key",
    ExportError::Seal(_) => "sealing the backup failed",
}), |s| match s {
    ExportError::Load(e) => Some(e),
    ExportError::Seal(e) => Some(e),
});

error_impls!(ImportError, |e, f| f.write_str(match e {
    ImportError::NotABackup(_) => "not an armoured backup",
    ImportError::Open(_) => "the backup did not open",
    ImportError::WrongKind => "the envelope is not a backup",
    ImportError::Save(_) => "storing the imported record failed",
}), |s| match s {
    ImportError::NotABackup(e) => Some(e),
    ImportError::Open(e) => Some(e),
    ImportError::WrongKind => None,
    ImportError::Save(e) => Some(e),
});

/// Accumulates per-slot results into the newest record or the most telling error.
#[derive(Default)]
struct Outcome {
    newest: Option<Loaded>,
    decryption_failed: bool,
    derive_failed: bool,
    structural: Option<OpenError>,
}

impl Outcome {
    fn fail(&mut self, e: OpenError) {
        match e {
            OpenError::DecryptionFailed => self.decryption_failed = true,
            OpenError::KeyDerivationFailed => self.derive_failed = true,
            other => {
                self.structural.get_or_insert(other);
            }
        }
    }

    fn consider(&mut self, slot: Slot, opened: Result<Zeroizing<Vec<u8>>, OpenError>) {
        let plaintext = match opened {
            Ok(p) => p,
            Err(e) => return self.fail(e),
        };
        // Authenticated but not slot-framed (e.g. a backup copied into a slot): not valid.
        let Some((&SLOT_KIND, rest)) = plaintext.split_first() else {
            return self.fail(OpenError::DecryptionFailed);
        };
        if rest.len() < GEN_LEN {
            return self.fail(OpenError::DecryptionFailed);
        }
        let (gen_bytes, record) = rest.split_at(GEN_LEN);
        let mut g = [0u8; GEN_LEN];
        g.copy_from_slice(gen_bytes);
        let generation = u64::from_le_bytes(g);
        if self
            .newest
            .as_ref()
            .is_none_or(|n| generation > n.generation)
        {
            self.newest = Some(Loaded {
                record: Zeroizing::new(record.to_vec()),
                generation,
                slot,
            });
        }
    }

    fn finish(self) -> Result<Loaded, LoadError> {
        if let Some(loaded) = self.newest {
            Ok(loaded)
        } else if self.decryption_failed {
            Err(LoadError::DecryptionFailed)
        } else if self.derive_failed {
            Err(LoadError::KeyDerivationFailed)
        } else if let Some(e) = self.structural {
            Err(LoadError::Damaged(e))
        } else {
            Err(LoadError::NoVault)
        }
    }
}

/// An in-memory [`KvStore`], with an optional quota on the total stored characters (keys and
/// values), like `localStorage`'s. For tests and previews.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryStore {
    entries: BTreeMap<String, String>,
    quota: Option<usize>,
}

impl MemoryStore {
    /// An empty store without quota.
    pub fn new() -> Self {
        Self::default()
    }
    /// An empty store refusing writes that would exceed `quota` characters in total.
    pub fn with_quota(quota: usize) -> Self {
        Self {
            entries: BTreeMap::new(),
            quota: Some(quota),
        }
    }
    /// All entries, for inspection.
    pub fn entries(&self) -> &BTreeMap<String, String> {
        &self.entries
    }
    fn used_without(&self, key: &str) -> usize {
        self.entries
            .iter()
            .filter(|(k, _)| *k != key)
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

impl KvStore for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.entries.get(key).cloned()
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if let Some(quota) = self.quota {
            if self.used_without(key) + key.len() + value.len() > quota {
                return Err(StoreError::QuotaExceeded);
            }
        }
        self.entries.insert(key.to_owned(), value.to_owned());
        Ok(())
    }
    fn remove(&mut self, key: &str) {
        self.entries.remove(key);
    }
}
