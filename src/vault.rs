//! The vault as the app sees it: whether a record exists on this device, locked or unlocked,
//! and the actions on it (create, unlock, lock, auto-lock, save, change passphrase, backup,
//! restore, erase). The key lives here, in memory, only while unlocked; storage only ever
//! receives sealed envelopes (`karte_core::vault`). Errors become locale keys in plain
//! functions (`messages`), tested natively.

use crate::platform::{self, KeyFailure, LocalStore};
use crate::present::safety::{self, LastBackup, Reminder, Restore, RestoreFrom};
use crate::state::{Origin, RecordCtx};
use chrono::{Datelike, NaiveDate};
use karte_core::i18n::K;
use karte_core::record::Record;
use karte_core::vault::store::{self, LoadError};
use karte_core::vault::{os_entropy, strength, KdfParams, VaultKey};
use leptos::prelude::*;
use leptos::task::spawn_local;
use zeroize::Zeroizing;

/// Inactivity after which the vault locks itself.
pub const IDLE_LOCK_MS: f64 = 5.0 * 60.0 * 1000.0;
/// Time hidden (another app in front, screen off) after which the vault locks itself.
pub const HIDDEN_LOCK_MS: f64 = 60.0 * 1000.0;
const LAST_BACKUP_KEY: &str = "karte.lastBackup";

/// Whether there is a record on this device and whether it is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VaultState {
    /// No record has been created on this device.
    Empty,
    /// A record exists; the passphrase is needed.
    Locked,
    /// Open: the key is in memory.
    Unlocked,
}

/// A message for the patient after an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Notice {
    /// What to say.
    pub text: K,
    /// Whether it reports a failure.
    pub error: bool,
}

impl Notice {
    fn ok(text: K) -> Option<Notice> {
        Some(Notice { text, error: false })
    }
    fn err(text: K) -> Option<Notice> {
        Some(Notice { text, error: true })
    }
}

/// What unlocking opened when it was not simply the newest copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// The newest copy was damaged: the older one (its latest entry's time) was opened.
    OlderCopy(Option<chrono::NaiveDateTime>),
}

/// The vault handle pages get.
#[derive(Clone, Copy)]
pub struct VaultCtx {
    state: RwSignal<VaultState>,
    key: StoredValue<Option<VaultKey>>,
    busy: RwSignal<bool>,
    notice: RwSignal<Option<Notice>>,
    save_problem: RwSignal<Option<K>>,
    persisted: RwSignal<Option<bool>>,
    last_backup: RwSignal<Option<LastBackup>>,
    recovery: RwSignal<Option<Recovery>>,
    /// A backup file of another record, opened and checked, waiting for the patient's word
    /// before it replaces the open record.
    pending_restore: RwSignal<Option<Record>>,
    last_saved: StoredValue<Option<Record>>,
    /// The change that could not be saved when the vault locked, sealed under the key.
    unsaved: StoredValue<Option<store::Unsaved>>,
    last_activity: StoredValue<f64>,
    hidden_since: StoredValue<Option<f64>>,
    record: RecordCtx,
}

impl VaultCtx {
    /// The current state (tracked).
    pub fn state(self) -> VaultState {
        self.state.get()
    }
    /// Whether an action (key derivation) is running (tracked).
    pub fn busy(self) -> bool {
        self.busy.get()
    }
    /// The message of the last action (tracked).
    pub fn notice(self) -> Option<Notice> {
        self.notice.get()
    }
    /// Why the last save failed, while it has not succeeded since (tracked).
    pub fn save_problem(self) -> Option<K> {
        self.save_problem.get()
    }
    /// Whether the browser keeps this site's storage under pressure (tracked).
    pub fn persisted(self) -> Option<bool> {
        self.persisted.get()
    }
    /// The day of the last backup made on this device (tracked).
    pub fn last_backup(self) -> Option<NaiveDate> {
        self.last_backup.get().map(|l| l.day)
    }
    /// What unlocking had to do beyond opening the newest copy, until dismissed (tracked).
    pub fn recovery(self) -> Option<Recovery> {
        self.recovery.get()
    }
    /// A backup file of another record waiting for the patient's confirmation, and the open
    /// record it would replace (tracked).
    pub fn pending_restore(self) -> Option<(Record, Record)> {
        let backup = self.pending_restore.get()?;
        Some((self.record.record()?, backup))
    }
    /// The patient confirms: the backup of the other record replaces the open one.
    pub fn confirm_restore(self) {
        if let Some(record) = self.pending_restore.get_untracked() {
            self.pending_restore.set(None);
            self.replace_record(record);
        }
    }
    /// The patient declines: the backup is forgotten, nothing changes.
    pub fn cancel_restore(self) {
        self.pending_restore.set(None);
        self.notice.set(Notice::ok(K::vault_restore_cancelled));
    }
    /// The patient has read the recovery message.
    pub fn dismiss_recovery(self) {
        self.recovery.set(None);
    }
    /// Whether to remind the patient of a backup now, and why (tracked): sooner when the
    /// browser may delete the record (`at_risk`).
    pub fn backup_reminder(self, today: NaiveDate, at_risk: bool) -> Option<Reminder> {
        if self.state.get() != VaultState::Unlocked || self.record.origin() != Origin::Vault {
            return None;
        }
        let entries = self.record.record().map_or(0, |r| r.entries().len());
        safety::backup_reminder(today, self.last_backup.get(), entries, at_risk)
    }
    /// Notes a backup made now (a file saved, a paper backup printed).
    pub fn backup_made(self, today: NaiveDate) {
        let entries = self.record.record_untracked().map(|r| r.entries().len());
        let last = LastBackup { day: today, entries };
        platform::pref_set(LAST_BACKUP_KEY, &last.to_pref());
        self.last_backup.set(Some(last));
    }
    /// Clears the message.
    pub fn dismiss(self) {
        self.notice.set(None);
    }
    /// Replaces the message with an error the UI found itself (e.g. no file chosen).
    pub fn dismiss_with(self, error: K) {
        self.notice.set(Notice::err(error));
    }

    fn start(self) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        self.notice.set(None);
        true
    }

    fn finish(self, notice: Option<Notice>) {
        self.busy.set(false);
        self.notice.set(notice);
    }

    /// Creates the vault with `passphrase` and an empty record (or `record`, when restoring).
    pub fn create(self, passphrase: String, confirm: String, record: Option<Record>) {
        let (passphrase, confirm) = (Zeroizing::new(passphrase), Zeroizing::new(confirm));
        if let Some(problem) = messages::new_passphrase_problem(&passphrase, &confirm) {
            self.notice.set(Notice::err(problem));
            return;
        }
        if !self.start() {
            return;
        }
        spawn_local(async move {
            let pass = platform::passphrase(passphrase.to_string());
            let Some(salt) = platform::random_salt() else {
                return self.finish(Notice::err(K::vault_err_entropy));
            };
            let key = match platform::derive_key(&pass, KdfParams::DEFAULT, salt).await {
                Ok(k) => k,
                Err(e) => return self.finish(Notice::err(messages::key_failure(e))),
            };
            // The record's sharing key is made with it (its code is in the reader's chunk).
            let record = match with_sharing_key(record.unwrap_or_default()).await {
                Ok((record, _)) => record,
                Err(e) => return self.finish(Notice::err(messages::read_failure(e))),
            };
            self.key.set_value(Some(key));
            self.state.set(VaultState::Unlocked);
            self.touch();
            self.record.open(record, Origin::Vault);
            let saved = self.save_now();
            self.finish(if saved { Notice::ok(K::vault_created) } else { None });
            self.refresh_persistence(true);
        });
    }

    /// Unlocks with `passphrase`: derives the key off the main thread, opens the newest slot.
    pub fn unlock(self, passphrase: String) {
        if !self.start() {
            return;
        }
        spawn_local(async move {
            let pass = platform::passphrase(passphrase);
            let requests = store::kdf_requests(&LocalStore);
            let mut best: Option<(VaultKey, store::Loaded)> = None;
            // No well-formed slot: `unlock` then names the damage without deriving anything.
            let mut failure = match requests.is_empty() {
                true => store::damage(&LocalStore),
                false => LoadError::DecryptionFailed,
            };
            for (params, salt) in requests {
                let key = match platform::derive_key(&pass, params, salt).await {
                    Ok(k) => k,
                    Err(e @ KeyFailure::AppPartMissing) => return self.finish(Notice::err(messages::key_failure(e))),
                    Err(KeyFailure::Derive) => {
                        failure = LoadError::KeyDerivationFailed;
                        continue;
                    }
                };
                match store::load(&LocalStore, &key) {
                    Ok(loaded) if best.as_ref().is_none_or(|(_, b)| loaded.generation > b.generation) => {
                        best = Some((key, loaded));
                    }
                    Ok(_) => {}
                    Err(e) => failure = e,
                }
            }
            let Some((key, loaded)) = best else {
                return self.finish(Notice::err(messages::load_error(&failure)));
            };
            // Only the key that opened the newest copy: a copy under another passphrase (an
            // interrupted change) has another salt and is not damage.
            let older = store::other_copy_damaged(&LocalStore, &loaded, &[&key]);
            // A change kept sealed when the vault locked (storage was full) is newer than the
            // stored record: it is opened instead, and saved now.
            let waiting = self.unsaved.with_value(|u| u.as_ref().and_then(|u| u.open(&key)));
            let was_waiting = waiting.is_some();
            match parse_record(waiting.unwrap_or(loaded.record)).await {
                Ok((record, key_added)) => {
                    self.recovery.set(older.then(|| Recovery::OlderCopy(safety::copy_time(&record))));
                    self.key.set_value(Some(key));
                    if was_waiting {
                        self.unsaved.set_value(None);
                    }
                    // A record from before the share protocol gains its key now: saved at once.
                    let stored = !key_added && !was_waiting;
                    self.last_saved.set_value(stored.then(|| record.clone()));
                    self.state.set(VaultState::Unlocked);
                    self.touch();
                    self.record.open(record, Origin::Vault);
                    if !stored {
                        self.save_now();
                    }
                    self.finish(None);
                    self.refresh_persistence(false);
                }
                // The data stays as it is: a newer app version may read it.
                Err(e) => self.finish(Notice::err(messages::read_failure(e))),
            }
        });
    }

    /// Locks: saves, forgets the key and closes the record. Nothing is lost: a change that
    /// cannot be saved (storage full) is sealed under the key first and kept, ciphertext only,
    /// until the next unlock saves it. Only if even sealing fails does the vault stay open,
    /// saying why.
    pub fn lock(self) {
        self.lock_keeping_changes();
    }

    /// [`VaultCtx::lock`]; `true` when it locked.
    fn lock_keeping_changes(self) -> bool {
        if self.state.get_untracked() != VaultState::Unlocked {
            return false;
        }
        let kept = match self.keep_unsaved() {
            Ok(kept) => kept,
            Err(problem) => {
                self.notice.set(Notice::err(problem));
                return false;
            }
        };
        // A demo shown over the vault is closed too.
        self.key.set_value(None);
        self.pending_restore.set(None);
        self.last_saved.set_value(None);
        self.record.close();
        self.state.set(VaultState::Locked);
        self.notice.set(if kept { Notice::ok(K::vault_locked_unsaved) } else { None });
        true
    }

    /// Saves; when that fails, seals the unsaved record under the key for the next unlock.
    /// `Ok(true)` when a change waits sealed, `Ok(false)` when everything is saved.
    fn keep_unsaved(self) -> Result<bool, K> {
        if self.save_now() {
            return Ok(false);
        }
        // The record's JSON is wiped when dropped (serde_json's growing buffer is not:
        // docs/vault-format.md, "What is wiped").
        let json = self.record.record_untracked().map(|r| r.to_json().map(Zeroizing::new));
        let Some(Ok(json)) = json else {
            return Err(K::vault_err_record_unreadable);
        };
        let sealed = self.key.with_value(|k| k.as_ref().map(|k| store::Unsaved::seal(k, json.as_bytes(), &mut os_entropy)));
        match sealed {
            Some(Ok(unsaved)) => {
                self.unsaved.set_value(Some(unsaved));
                Ok(true)
            }
            Some(Err(e)) => Err(messages::seal_error(&e)),
            None => Err(K::vault_err_locked),
        }
    }

    /// Saves the open record if it is the vault's and changed. `true` when nothing is unsaved.
    fn save_now(self) -> bool {
        if self.state.get_untracked() != VaultState::Unlocked || self.record.origin_untracked() != Origin::Vault {
            return true;
        }
        let Some(record) = self.record.record_untracked() else {
            return true;
        };
        if self.last_saved.with_value(|s| s.as_ref() == Some(&record)) {
            return true;
        }
        let Ok(json) = record.to_json().map(Zeroizing::new) else {
            self.save_problem.set(Some(K::vault_err_record_unreadable));
            return false;
        };
        let result = self
            .key
            .with_value(|k| k.as_ref().map(|k| store::save(&mut LocalStore, k, json.as_bytes(), &mut os_entropy)));
        match result {
            Some(Ok(_)) => {
                self.last_saved.set_value(Some(record));
                self.save_problem.set(None);
                true
            }
            Some(Err(e)) => {
                self.save_problem.set(Some(messages::save_error(&e)));
                false
            }
            None => false,
        }
    }

    /// Changes the passphrase: checks the current one, derives the new key with a fresh salt
    /// (off the main thread), re-seals, and forgets the old key.
    pub fn change_passphrase(self, current: String, new: String, confirm: String) {
        let (new, confirm) = (Zeroizing::new(new), Zeroizing::new(confirm));
        if let Some(problem) = messages::new_passphrase_problem(&new, &confirm) {
            self.notice.set(Notice::err(problem));
            return;
        }
        if !self.start() {
            return;
        }
        spawn_local(async move {
            let Some(old_key) = self.key.get_value() else {
                return self.finish(Notice::err(K::vault_err_locked));
            };
            let check = platform::derive_key(&platform::passphrase(current), *old_key.params(), *old_key.salt()).await;
            match check {
                Ok(k) if *k.to_bytes() == *old_key.to_bytes() => {}
                Err(e @ KeyFailure::AppPartMissing) => return self.finish(Notice::err(messages::key_failure(e))),
                _ => return self.finish(Notice::err(K::vault_err_wrong_current)),
            }
            let Some(salt) = platform::random_salt() else {
                return self.finish(Notice::err(K::vault_err_entropy));
            };
            let new_key = match platform::derive_key(&platform::passphrase(new.to_string()), KdfParams::DEFAULT, salt).await {
                Ok(k) => k,
                Err(e) => return self.finish(Notice::err(messages::key_failure(e))),
            };
            // Anything not yet saved goes in under the old key first.
            self.save_now();
            match store::rekey(&mut LocalStore, &old_key, &new_key, &mut os_entropy) {
                Ok(()) => {
                    self.key.set_value(Some(new_key));
                    self.finish(Notice::ok(K::vault_changed));
                }
                Err(store::ChangePassphraseError::Save(e)) => self.finish(Notice::err(messages::save_error(&e))),
                Err(_) => self.finish(Notice::err(K::vault_err_change_failed)),
            }
        });
    }

    /// Downloads an encrypted backup sealed with the vault's key (opens with the passphrase).
    pub fn export_backup(self, today: NaiveDate) {
        self.save_now();
        let text = self.key.with_value(|k| k.as_ref().map(|k| store::export_backup(&LocalStore, k, &mut os_entropy)));
        match text {
            Some(Ok(text)) => {
                let name = format!("karte-backup-{:04}{:02}{:02}.karte.txt", today.year(), today.month(), today.day());
                if platform::download_text(&name, &text) {
                    self.backup_made(today);
                    self.notice.set(Notice::ok(K::vault_backup_done));
                } else {
                    self.notice.set(Notice::err(K::vault_err_download));
                }
            }
            Some(Err(_)) => self.notice.set(Notice::err(K::vault_err_export)),
            None => self.notice.set(Notice::err(K::vault_err_locked)),
        }
    }

    /// A paper backup of the newest saved record, sealed with the vault's key (opens with the
    /// passphrase), as codes to print.
    pub fn paper_backup(self) -> Result<karte_core::vault::paper::Sheet, K> {
        use karte_core::vault::paper;
        self.save_now();
        let mut id = [0u8; 4];
        os_entropy(&mut id).map_err(|_| K::vault_err_entropy)?;
        self.key.with_value(|k| {
            let k = k.as_ref().ok_or(K::vault_err_locked)?;
            let loaded = store::load(&LocalStore, k).map_err(|_| K::vault_err_export)?;
            paper::make(k, &loaded.record, u32::from_be_bytes(id), &mut os_entropy).map_err(|e| messages::paper_make_error(&e))
        })
    }

    /// Restores a backup. Unlocked: replaces the record (the backup opens with `passphrase`,
    /// or with the vault's key when it is empty). No vault yet: creates one with the backup's
    /// passphrase. The backup is fully checked before anything is replaced.
    pub fn import_backup(self, text: String, passphrase: String) {
        self.import_with(passphrase, RestoreFrom::File, move |secret| store::read_backup(&text, secret).map_err(|e| messages::import_error(&e)));
    }

    /// Restores the record `open` reads with the backup's passphrase (or the vault's key when
    /// unlocked and none is given). Unlocked: replaces the record when it is the same record;
    /// another record's backup waits for the patient's confirmation (a file) or is refused (a
    /// paper backup), [`safety::restore_over`]. No vault, or a vault of which no copy is even
    /// well-formed (both damaged): creates one with the backup's passphrase. Nothing is
    /// replaced before the backup is fully checked.
    pub fn import_with(
        self,
        passphrase: String,
        from: RestoreFrom,
        open: impl FnOnce(store::Secret<'_>) -> Result<zeroize::Zeroizing<Vec<u8>>, K> + 'static,
    ) {
        if !self.start() {
            return;
        }
        spawn_local(async move {
            let state = self.state.get_untracked();
            let passphrase = Zeroizing::new(passphrase);
            let pass = platform::passphrase(passphrase.to_string());
            let opened = self.key.with_value(|key| {
                let secret = match (key, pass.expose().is_empty()) {
                    (Some(k), true) => store::Secret::Key(k),
                    _ => store::Secret::Passphrase(&pass),
                };
                open(secret)
            });
            let bytes = match opened {
                Ok(b) => b,
                Err(k) => return self.finish(Notice::err(k)),
            };
            let record = match parse_record(bytes).await {
                Ok((r, _)) => r,
                Err(e) => return self.finish(Notice::err(messages::read_failure(e))),
            };
            self.pending_restore.set(None);
            match state {
                VaultState::Unlocked => match safety::restore_over(self.record.record_untracked().as_ref(), &record, from) {
                    Restore::Replace => self.replace_record(record),
                    Restore::Refuse => self.finish(Notice::err(K::backup_paper_other_record)),
                    Restore::AskFirst => {
                        self.pending_restore.set(Some(record));
                        self.finish(None);
                    }
                },
                VaultState::Locked if !store::kdf_requests(&LocalStore).is_empty() => self.finish(Notice::err(K::vault_err_locked)),
                VaultState::Empty | VaultState::Locked => {
                    // Locked here: no copy is even an envelope, nothing anyone could open.
                    store::erase(&mut LocalStore);
                    self.state.set(VaultState::Empty);
                    self.busy.set(false);
                    self.create(passphrase.to_string(), passphrase.to_string(), Some(record));
                }
            }
        });
    }

    /// The open record replaced by a restored one, saved at once.
    fn replace_record(self, record: Record) {
        self.record.open(record, Origin::Vault);
        let saved = self.save_now();
        self.recovery.set(None);
        self.finish(if saved { Notice::ok(K::vault_restored) } else { None });
    }

    /// Erases the record and its keys from this device (after the UI's confirmation).
    pub fn erase(self) {
        self.pending_restore.set(None);
        store::erase(&mut LocalStore);
        platform::pref_remove(LAST_BACKUP_KEY);
        self.recovery.set(None);
        self.key.set_value(None);
        self.last_saved.set_value(None);
        self.unsaved.set_value(None);
        self.last_backup.set(None);
        self.save_problem.set(None);
        self.record.close();
        self.state.set(VaultState::Empty);
        self.notice.set(Notice::ok(K::vault_erased));
    }

    fn touch(self) {
        self.last_activity.set_value(platform::now_ms());
    }

    fn refresh_persistence(self, ask: bool) {
        spawn_local(async move {
            let granted = platform::request_persistent_storage(ask).await;
            self.persisted.set(granted);
        });
    }

    /// Checks the auto-lock rule; called on a timer and when the page becomes visible.
    fn check_autolock(self) {
        if self.state.get_untracked() != VaultState::Unlocked {
            return;
        }
        let now = platform::now_ms();
        if autolock_due(now, self.last_activity.get_value(), self.hidden_since.get_value()) && self.lock_keeping_changes() {
            // `lock` says so when a change waits sealed; otherwise: why the vault locked.
            if self.notice.get_untracked().is_none() {
                self.notice.set(Notice::ok(K::vault_autolocked));
            }
        }
    }
}

/// Whether the vault should lock itself now: idle too long, or hidden too long.
pub fn autolock_due(now_ms: f64, last_activity_ms: f64, hidden_since_ms: Option<f64>) -> bool {
    now_ms - last_activity_ms >= IDLE_LOCK_MS || hidden_since_ms.is_some_and(|h| now_ms - h >= HIDDEN_LOCK_MS)
}

/// Creates the vault context: looks for a vault on this device, saves the open record
/// whenever it changes, and auto-locks.
pub fn provide_vault(record: RecordCtx) -> VaultCtx {
    let initial = if store::exists(&LocalStore) { VaultState::Locked } else { VaultState::Empty };
    let last_backup = platform::pref_get(LAST_BACKUP_KEY).and_then(|d| LastBackup::from_pref(&d));
    let ctx = VaultCtx {
        state: RwSignal::new(initial),
        key: StoredValue::new(None),
        busy: RwSignal::new(false),
        notice: RwSignal::new(None),
        save_problem: RwSignal::new(None),
        persisted: RwSignal::new(None),
        last_backup: RwSignal::new(last_backup),
        recovery: RwSignal::new(None),
        pending_restore: RwSignal::new(None),
        last_saved: StoredValue::new(None),
        unsaved: StoredValue::new(None),
        last_activity: StoredValue::new(platform::now_ms()),
        hidden_since: StoredValue::new(None),
        record,
    };
    // A vault to unlock: fetch the record reader's chunk while the passphrase is typed.
    if initial == VaultState::Locked {
        spawn_local(async {
            // A failure here is reported by the unlock itself, which tries again.
            let _ = preload_record_reader().await;
        });
    }
    // Save on every change of the vault's record.
    Effect::new(move |_| {
        let _ = record.record();
        ctx.save_now();
    });
    // Auto-lock: activity resets the idle clock; hiding starts the hidden clock.
    let h1 = window_event_listener(leptos::ev::pointerdown, move |_| ctx.touch());
    let h2 = window_event_listener(leptos::ev::keydown, move |_| ctx.touch());
    let h3 = window_event_listener_untyped("visibilitychange", move |_| {
        if platform::page_hidden() {
            ctx.save_now();
            ctx.hidden_since.set_value(Some(platform::now_ms()));
        } else {
            ctx.check_autolock();
            ctx.hidden_since.set_value(None);
            ctx.touch();
        }
    });
    let timer = set_interval_with_handle(move || ctx.check_autolock(), std::time::Duration::from_secs(15)).ok();
    on_cleanup(move || {
        h1.remove();
        h2.remove();
        h3.remove();
        if let Some(t) = timer {
            t.clear();
        }
    });
    provide_context(ctx);
    ctx
}

/// The vault handle of the current app.
pub fn use_vault() -> VaultCtx {
    expect_context::<VaultCtx>()
}

/// Errors and verdicts as locale keys: specific where the patient can act on it.
pub mod messages {
    use super::*;
    use karte_core::vault::armour::ArmourError;
    use karte_core::vault::store::{ImportError, SaveError};
    use karte_core::vault::{FormatError, OpenError, SealError};

    /// Why a new passphrase is refused, if it is.
    pub fn new_passphrase_problem(passphrase: &str, confirm: &str) -> Option<K> {
        let rating = strength::rate(passphrase);
        if !rating.is_acceptable() {
            return Some(strength_key(rating.strength));
        }
        (passphrase != confirm).then_some(K::vault_err_mismatch)
    }

    /// Why no key came back.
    pub fn key_failure(e: KeyFailure) -> K {
        match e {
            KeyFailure::Derive => K::vault_err_kdf,
            KeyFailure::AppPartMissing => K::vault_err_app_part_missing,
        }
    }

    /// Why the decrypted record could not be read.
    pub fn read_failure(e: ReadFailure) -> K {
        match e {
            ReadFailure::Unreadable => K::vault_err_record_unreadable,
            ReadFailure::AppPartMissing => K::vault_err_app_part_missing,
        }
    }

    /// What the strength meter says.
    pub fn strength_key(s: strength::Strength) -> K {
        use strength::Strength::*;
        match s {
            TooShort => K::vault_strength_too_short,
            DigitsOnly => K::vault_strength_digits_only,
            Common => K::vault_strength_common,
            Weak => K::vault_strength_weak,
            Ok => K::vault_strength_ok,
            Strong => K::vault_strength_strong,
        }
    }

    fn open_error(e: &OpenError) -> K {
        match e {
            OpenError::Format(FormatError::NotAVault) => K::vault_err_not_a_vault,
            OpenError::Format(FormatError::UnsupportedVersion(_)) => K::vault_err_unknown_version,
            OpenError::Format(FormatError::Truncated) => K::vault_err_truncated,
            OpenError::Format(FormatError::UnknownKdf(_) | FormatError::KdfParamsOutOfRange { .. } | FormatError::KdfCostOverCap { .. }) => {
                K::vault_err_bad_parameters
            }
            OpenError::KeyDerivationFailed => K::vault_err_kdf,
            OpenError::DecryptionFailed => K::vault_err_wrong_or_tampered,
        }
    }

    /// Unlock failures.
    pub fn load_error(e: &LoadError) -> K {
        match e {
            LoadError::NoVault => K::vault_err_no_vault,
            LoadError::DecryptionFailed => K::vault_err_wrong_passphrase,
            LoadError::KeyDerivationFailed => K::vault_err_kdf,
            LoadError::Damaged(OpenError::Format(FormatError::UnsupportedVersion(_))) => K::vault_err_unknown_version,
            // Both copies damaged: say so, and lead to a restore (not "not from this app").
            LoadError::Damaged(_) => K::backup_recovery_damaged,
        }
    }

    /// Save failures (the previous record is always intact).
    pub fn save_error(e: &SaveError) -> K {
        match e {
            SaveError::QuotaExceeded => K::vault_err_quota,
            SaveError::StorageUnavailable => K::vault_err_storage_unavailable,
            SaveError::ExistingDataUnreadable => K::vault_err_existing_data,
            SaveError::Seal(e) => seal_error(e),
        }
    }

    /// Sealing failures, each its own message.
    pub fn seal_error(e: &SealError) -> K {
        match e {
            SealError::EntropyUnavailable => K::vault_err_entropy,
            SealError::KeyDerivationFailed => K::vault_err_kdf,
            SealError::TooLong => K::vault_err_record_too_large,
        }
    }

    /// Why no paper backup was made: too large for the sheet or for the reader (a backup
    /// file carries any size), or no randomness.
    pub fn paper_make_error(e: &karte_core::vault::paper::PaperError) -> K {
        use karte_core::vault::paper::PaperError;
        match e {
            PaperError::TooLarge(_) | PaperError::RecordTooLarge { .. } => K::backup_paper_too_large,
            PaperError::Seal(e) => seal_error(e),
        }
    }

    /// Paper backup read failures (nothing was changed).
    pub fn paper_error(e: &karte_core::vault::paper::ReadError) -> K {
        use karte_core::vault::paper::ReadError;
        match e {
            ReadError::Open(OpenError::DecryptionFailed) => K::backup_paper_wrong_passphrase,
            ReadError::Open(OpenError::Format(FormatError::UnsupportedVersion(_))) => K::vault_err_unknown_version,
            ReadError::Open(_) | ReadError::WrongKind | ReadError::Damaged => K::backup_paper_damaged,
        }
    }

    /// Backup import failures (nothing was changed).
    pub fn import_error(e: &ImportError) -> K {
        match e {
            ImportError::NotABackup(ArmourError::MissingEnd) => K::vault_err_backup_truncated,
            ImportError::NotABackup(_) => K::vault_err_not_a_backup,
            ImportError::Open(OpenError::DecryptionFailed) => K::vault_err_backup_wrong_or_tampered,
            ImportError::Open(o) => open_error(o),
            ImportError::WrongKind => K::vault_err_not_a_backup,
            ImportError::Save(s) => save_error(s),
        }
    }
}

/// Why decrypted vault bytes gave no record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadFailure {
    /// Not a record this app version can read (kept as it is: a newer version may).
    Unreadable,
    /// The reader's chunk could not be fetched.
    AppPartMissing,
}

impl From<leptos::wasm_split::SplitLoaderError> for ReadFailure {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ReadFailure::AppPartMissing
    }
}

/// The record in decrypted vault bytes (UTF-8 JSON, any supported format version). The JSON
/// reader (serde, all record types, the format migrations) is a lazily loaded chunk: the
/// first screen (create or unlock) does not need it, so it is fetched while the patient types
/// the passphrase (`preload_record_reader`).
#[allow(unsafe_code)] // the split point's generated loader
#[leptos::wasm_split::wasm_split(
    record_reader,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(preload_record_reader)
)]
fn parse_record(bytes: zeroize::Zeroizing<Vec<u8>>) -> Result<(Record, bool), ReadFailure> {
    let json = std::str::from_utf8(&bytes).map_err(|_| ReadFailure::Unreadable)?;
    let record = Record::from_json(json).map_err(|_| ReadFailure::Unreadable)?;
    Ok(add_sharing_key(record))
}

/// The record with its sharing key (made now if it has none: a new record, or one from before
/// the share protocol), and whether one was made. Without entropy the record stays without a
/// key and gains one at a later unlock.
fn add_sharing_key(mut record: Record) -> (Record, bool) {
    let added = record.sharing.ensure_key(&mut os_entropy).unwrap_or(false);
    (record, added)
}

/// [`add_sharing_key`] from the shell (vault creation), in the reader's chunk: X25519 and HKDF
/// stay out of the first screen's module.
#[allow(unsafe_code)] // the split point's generated loader
#[leptos::wasm_split::wasm_split(record_reader, wasm_split_path = ::leptos::wasm_split, fallible)]
fn with_sharing_key(record: Record) -> Result<(Record, bool), ReadFailure> {
    Ok(add_sharing_key(record))
}

#[cfg(test)]
mod tests {
    use super::messages::*;
    use super::*;
    use karte_core::vault::store::{ImportError, MemoryStore, SaveError};
    use karte_core::vault::{new_key, FormatError, OpenError, Passphrase};

    #[test]
    fn a_missing_app_part_is_told_apart_from_a_bad_record_or_key() {
        assert_eq!(key_failure(KeyFailure::Derive), K::vault_err_kdf);
        assert_eq!(read_failure(ReadFailure::Unreadable), K::vault_err_record_unreadable);
        assert_eq!(key_failure(KeyFailure::AppPartMissing), K::vault_err_app_part_missing);
        assert_eq!(read_failure(ReadFailure::AppPartMissing), K::vault_err_app_part_missing);
    }

    #[test]
    fn a_record_the_paper_reader_cannot_take_is_refused_with_the_file_backup_advice() {
        use karte_core::vault::paper;
        let key = new_key(&Passphrase::from("yama kawa sora 2026 hoshi"), &KdfParams::FLOOR, &mut os_entropy).unwrap();
        let over = vec![b' '; paper::MAX_RECORD + 1];
        let e = paper::make(&key, &over, 1, &mut os_entropy).unwrap_err();
        assert_eq!(e, paper::PaperError::RecordTooLarge { bytes: paper::MAX_RECORD + 1, limit: paper::MAX_RECORD });
        assert_eq!(paper_make_error(&e), K::backup_paper_too_large);
        assert!(paper::make(&key, &over[1..], 1, &mut os_entropy).is_ok(), "at the limit it prints");
    }

    #[test]
    fn a_worker_failure_crosses_as_its_number() {
        for f in [KeyFailure::Derive, KeyFailure::AppPartMissing] {
            assert_eq!(KeyFailure::from_code(Some(f64::from(f.code()))), f);
        }
        assert_ne!(KeyFailure::Derive.code(), KeyFailure::AppPartMissing.code());
        assert_eq!(KeyFailure::from_code(None), KeyFailure::Derive, "a failed worker script");
        assert_eq!(KeyFailure::from_code(Some(99.0)), KeyFailure::Derive);
    }

    #[test]
    fn autolock_after_idle_or_hidden_only() {
        let t0 = 1_000_000.0;
        assert!(!autolock_due(t0 + 1000.0, t0, None));
        assert!(autolock_due(t0 + IDLE_LOCK_MS, t0, None));
        assert!(!autolock_due(t0 + 30_000.0, t0, Some(t0)));
        assert!(autolock_due(t0 + HIDDEN_LOCK_MS, t0 + HIDDEN_LOCK_MS - 1.0, Some(t0)));
    }

    #[test]
    fn both_copies_damaged_says_damaged_not_foreign() {
        assert_eq!(load_error(&LoadError::Damaged(OpenError::Format(FormatError::NotAVault))), K::backup_recovery_damaged);
        assert_eq!(load_error(&LoadError::Damaged(OpenError::Format(FormatError::Truncated))), K::backup_recovery_damaged);
        assert_eq!(load_error(&LoadError::Damaged(OpenError::Format(FormatError::UnsupportedVersion(2)))), K::vault_err_unknown_version);
        assert_eq!(load_error(&LoadError::DecryptionFailed), K::vault_err_wrong_passphrase);
    }

    #[test]
    fn a_pin_is_refused_and_a_mismatch_is_named() {
        assert_eq!(new_passphrase_problem("12345678", "12345678"), Some(K::vault_strength_digits_only));
        assert_eq!(new_passphrase_problem("1234", "1234"), Some(K::vault_strength_too_short));
        let good = "yama kawa sora 2026 hoshi";
        assert_eq!(new_passphrase_problem(good, good), None);
        assert_eq!(new_passphrase_problem(good, "other"), Some(K::vault_err_mismatch));
    }

    #[test]
    fn every_backup_failure_has_its_own_message() {
        let cases = [
            ImportError::NotABackup(karte_core::vault::armour::ArmourError::MissingEnd),
            ImportError::Open(OpenError::DecryptionFailed),
            ImportError::Open(OpenError::Format(FormatError::UnsupportedVersion(9))),
            ImportError::Open(OpenError::Format(FormatError::Truncated)),
            ImportError::Save(SaveError::QuotaExceeded),
        ];
        let keys: Vec<K> = cases.iter().map(import_error).collect();
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "{keys:?}");
    }

    #[test]
    fn every_seal_failure_has_its_own_message() {
        use karte_core::vault::SealError::*;
        let keys = [EntropyUnavailable, KeyDerivationFailed, TooLong].map(|e| seal_error(&e));
        assert_eq!(keys, [K::vault_err_entropy, K::vault_err_kdf, K::vault_err_record_too_large]);
        assert_eq!(save_error(&SaveError::Seal(TooLong)), K::vault_err_record_too_large, "a long record is not an entropy problem");
    }

    /// Real backups, damaged in each way, give the specific message.
    #[test]
    fn damaged_backups_map_to_specific_messages() {
        let pass = Passphrase::from("correct horse battery staple");
        let key = new_key(&pass, &KdfParams::FLOOR, &mut os_entropy).unwrap();
        let mut s = MemoryStore::new();
        store::save(&mut s, &key, b"{}", &mut os_entropy).unwrap();
        let backup = store::export_backup(&s, &key, &mut os_entropy).unwrap();
        let read = |t: &str, p: &str| store::read_backup(t, store::Secret::Passphrase(&Passphrase::from(p))).map(|_| ());
        assert_eq!(read(&backup, "correct horse battery staple"), Ok(()));
        let wrong = read(&backup, "another passphrase here").unwrap_err();
        assert_eq!(import_error(&wrong), K::vault_err_backup_wrong_or_tampered);
        let cut = &backup[..backup.len() / 2];
        let truncated = read(cut, "correct horse battery staple").unwrap_err();
        assert_eq!(import_error(&truncated), K::vault_err_backup_truncated, "{truncated:?}");
        let not = read("hello", "x").unwrap_err();
        assert_eq!(import_error(&not), K::vault_err_not_a_backup);
    }
}
