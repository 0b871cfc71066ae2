//! Safe saves: a fault-injecting store fails (crash, quota, torn write) at every mutating
//! operation of a scenario, and the newest readable record must always be the one before
//! or the one being written, never neither. Also erase, quota, backup export/import.

use std::collections::HashMap;

use karte_core::vault::armour::{self, ArmourError};
use karte_core::vault::format::{Envelope, SALT_LEN};
use karte_core::vault::store::{
    change_passphrase, damage, erase, exists, export_backup, export_backup_with_passphrase, import_backup, kdf_requests,
    load, read_backup, save, seal_backup, unlock, ChangePassphraseError, ImportError, KvStore,
    LoadError, MemoryStore, SaveError, Secret, Slot, StoreError, Unsaved, SLOT_A_KEY, SLOT_B_KEY,
};
use karte_core::vault::{new_key, os_entropy, FormatError, KdfParams, OpenError, Passphrase, VaultKey};

const P1: &str = "first passphrase, long enough";
const P2: &str = "second passphrase, also long";
const PB: &str = "backup passphrase of its own";

fn key_for(pass: &str) -> VaultKey {
    new_key(&Passphrase::from(pass), &KdfParams::FLOOR, &mut os_entropy).unwrap()
}

fn rec(n: u32) -> Vec<u8> {
    format!(r#"{{"record":{n},"entries":"{}"}}"#, "x".repeat(200)).into_bytes()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// The process dies just before the operation: it and everything after never happen.
    Crash,
    /// The `set` is refused with `QuotaExceeded`; the app goes on.
    Quota,
    /// The `set` stores only the first half of the value, then the process dies. (Not a
    /// `localStorage` behaviour; checked anyway.)
    Torn,
}

/// A [`MemoryStore`] that fails at its `fail_at`-th mutating operation (`set` or `remove`).
struct FaultyStore {
    inner: MemoryStore,
    ops: usize,
    fail_at: Option<usize>,
    fault: Fault,
    dead: bool,
}

impl FaultyStore {
    fn new(fail_at: Option<usize>, fault: Fault) -> Self {
        Self {
            inner: MemoryStore::new(),
            ops: 0,
            fail_at,
            fault,
            dead: false,
        }
    }
    fn hits(&mut self) -> bool {
        let k = self.ops;
        self.ops += 1;
        self.fail_at == Some(k)
    }
}

impl KvStore for FaultyStore {
    fn get(&self, key: &str) -> Option<String> {
        self.inner.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.dead {
            return Err(StoreError::Unavailable);
        }
        if self.hits() {
            return match self.fault {
                Fault::Crash => {
                    self.dead = true;
                    Err(StoreError::Unavailable)
                }
                Fault::Quota => Err(StoreError::QuotaExceeded),
                Fault::Torn => {
                    self.inner.set(key, &value[..value.len() / 2])?;
                    self.dead = true;
                    Err(StoreError::Unavailable)
                }
            };
        }
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &str) {
        if self.dead {
            return;
        }
        if self.hits() && self.fault != Fault::Quota {
            self.dead = true;
            return;
        }
        self.inner.remove(key);
    }
}

/// Keys derived so far, by passphrase and salt, so that checking after each fault costs no
/// Argon2 work beyond the first time a salt is seen.
#[derive(Default)]
struct Keys(HashMap<(&'static str, [u8; SALT_LEN]), VaultKey>);

impl Keys {
    fn get(&mut self, pass: &'static str, salt: [u8; SALT_LEN]) -> VaultKey {
        self.0
            .entry((pass, salt))
            .or_insert_with(|| {
                VaultKey::derive(&Passphrase::from(pass), &KdfParams::FLOOR, salt).unwrap()
            })
            .clone()
    }

    /// The newest record readable with either passphrase: (generation, record, passphrase).
    fn newest(&mut self, store: &MemoryStore) -> Option<(u64, Vec<u8>, &'static str)> {
        let mut best: Option<(u64, Vec<u8>, &'static str)> = None;
        for slot in Slot::ALL {
            let Some(text) = store.get(slot.key()) else {
                continue;
            };
            let Ok(bytes) = armour::from_base64(&text) else {
                continue;
            };
            let Ok(env) = Envelope::parse(&bytes) else {
                continue;
            };
            for pass in [P1, P2] {
                let key = self.get(pass, env.header.salt);
                if let Ok(l) = load(store, &key) {
                    if best.as_ref().is_none_or(|b| l.generation > b.0) {
                        best = Some((l.generation, l.record.to_vec(), pass));
                    }
                }
            }
        }
        best
    }
}

#[derive(Clone)]
enum Step {
    Save(u32),
    ChangePassphrase,
    Import(u32),
}

/// Runs the scenario with one fault; returns the number of mutating operations it made.
fn run(
    fail_at: Option<usize>,
    fault: Fault,
    keys: &mut Keys,
    backup: &(String, VaultKey),
) -> usize {
    let steps = [
        Step::Save(1),
        Step::Save(2),
        Step::Save(3),
        Step::ChangePassphrase,
        Step::Save(4),
        Step::Import(100),
        Step::Save(5),
        Step::Save(6),
    ];
    let mut store = FaultyStore::new(fail_at, fault);
    let mut key = key_for(P1);
    let mut pass = P1;
    let mut committed: Option<Vec<u8>> = None;
    let mut last_gen = 0;
    let ctx = |i: usize| format!("fault {fault:?} at op {fail_at:?}, step {i}");

    for (i, step) in steps.iter().enumerate() {
        let before_ops = store.ops;
        let (attempted, result): (Vec<u8>, Result<(), SaveError>) = match step {
            Step::Save(n) => (
                rec(*n),
                save(&mut store, &key, &rec(*n), &mut os_entropy).map(drop),
            ),
            Step::ChangePassphrase => {
                let r = change_passphrase(
                    &mut store,
                    &Passphrase::from(pass),
                    &Passphrase::from(P2),
                    &KdfParams::FLOOR,
                    &mut os_entropy,
                );
                let attempted = committed.clone().unwrap();
                match r {
                    Ok(k) => {
                        key = k;
                        pass = P2;
                        (attempted, Ok(()))
                    }
                    Err(ChangePassphraseError::Save(e)) => (attempted, Err(e)),
                    Err(e) => panic!("{}: {e:?}", ctx(i)),
                }
            }
            Step::Import(n) => {
                let r = import_backup(
                    &mut store,
                    &backup.0,
                    Secret::Key(&backup.1),
                    &key,
                    &mut os_entropy,
                );
                let r = match r {
                    Ok(_) => Ok(()),
                    Err(ImportError::Save(e)) => Err(e),
                    Err(e) => panic!("{}: {e:?}", ctx(i)),
                };
                (rec(*n), r)
            }
        };
        let failed_here = fail_at.is_some_and(|k| k >= before_ops && k < store.ops);
        let newest = keys.newest(&store.inner);

        if store.dead {
            // The process died during this step: old or new, never neither, never older.
            let (generation, record, newest_pass) = newest.unwrap_or_else(|| {
                assert!(committed.is_none(), "{}: everything lost", ctx(i));
                (0, Vec::new(), P1)
            });
            if generation > 0 {
                assert!(
                    Some(&record) == committed.as_ref() || record == attempted,
                    "{}: neither old nor new",
                    ctx(i)
                );
                assert!(generation >= last_gen, "{}: rolled back", ctx(i));
            }
            // Reboot: unlock with the passphrase that opens the newest, save, load.
            let mut rebooted = store.inner.clone();
            let key = if generation > 0 {
                unlock(&rebooted, &Passphrase::from(newest_pass)).unwrap().0
            } else {
                key_for(P1)
            };
            match save(&mut rebooted, &key, b"after reboot", &mut os_entropy) {
                Ok(_) => {}
                // Only a torn *first* write leaves a slot that parses but opens with
                // nothing; it is refused like foreign data, and the app offers to erase.
                Err(SaveError::ExistingDataUnreadable)
                    if fault == Fault::Torn && generation == 0 =>
                {
                    erase(&mut rebooted);
                    save(&mut rebooted, &key, b"after reboot", &mut os_entropy).unwrap();
                }
                Err(e) => panic!("{}: save after reboot: {e:?}", ctx(i)),
            }
            assert_eq!(
                load(&rebooted, &key).unwrap().record.as_slice(),
                b"after reboot"
            );
            return store.ops;
        }

        match result {
            Ok(()) => {
                assert!(!failed_here || fault == Fault::Quota, "{}", ctx(i));
                committed = Some(attempted);
            }
            Err(SaveError::QuotaExceeded) => assert!(failed_here, "{}", ctx(i)),
            Err(e) => panic!("{}: unexpected {e:?}", ctx(i)),
        }
        let Some((generation, record, newest_pass)) = newest else {
            assert!(committed.is_none(), "{}: record lost", ctx(i));
            continue;
        };
        assert_eq!(Some(&record), committed.as_ref(), "{}", ctx(i));
        assert!(generation >= last_gen, "{}", ctx(i));
        assert_eq!(newest_pass, pass, "{}", ctx(i));
        last_gen = generation;
    }
    store.ops
}

#[test]
fn every_failure_point_leaves_the_old_or_the_new_record() {
    let mut keys = Keys::default();
    let backup_key = key_for(PB);
    let backup = (
        seal_backup(&backup_key, &rec(100), &mut os_entropy).unwrap(),
        backup_key,
    );
    let total = run(None, Fault::Crash, &mut keys, &backup);
    assert_eq!(
        total, 9,
        "7 saves/imports + change passphrase (set, remove)"
    );
    let mut runs = 0;
    for fault in [Fault::Crash, Fault::Quota, Fault::Torn] {
        for k in 0..total {
            run(Some(k), fault, &mut keys, &backup);
            runs += 1;
        }
    }
    assert_eq!(runs, 27);
}

#[test]
fn saves_alternate_slots_and_count_generations() {
    let mut store = MemoryStore::new();
    let key = key_for(P1);
    assert!(!exists(&store));
    assert_eq!(load(&store, &key).unwrap_err(), LoadError::NoVault);
    for n in 1..=5u32 {
        assert_eq!(
            save(&mut store, &key, &rec(n), &mut os_entropy).unwrap(),
            u64::from(n)
        );
        let l = load(&store, &key).unwrap();
        assert_eq!(
            (l.generation, l.record.as_slice()),
            (u64::from(n), rec(n).as_slice())
        );
        assert_eq!(l.slot, if n % 2 == 1 { Slot::A } else { Slot::B });
    }
    assert!(exists(&store));
    let (k, l) = unlock(&store, &Passphrase::from(P1)).unwrap();
    assert_eq!(l.generation, 5);
    assert_eq!(k.salt(), key.salt());
    assert_eq!(
        unlock(&store, &Passphrase::from(P2)).unwrap_err(),
        LoadError::DecryptionFailed
    );
}

#[test]
fn storage_holds_no_plaintext() {
    let mut store = MemoryStore::new();
    let key = key_for(P1);
    let secret = b"CONFIDENTIAL-DIAGNOSIS-TEXT";
    save(&mut store, &key, secret, &mut os_entropy).unwrap();
    save(&mut store, &key, secret, &mut os_entropy).unwrap();
    assert_eq!(store.entries().len(), 2);
    for value in store.entries().values() {
        let bytes = armour::from_base64(value).unwrap();
        assert!(!bytes.windows(secret.len()).any(|w| w == secret));
        assert!(!value.contains("CONFIDENTIAL"));
    }
}

#[test]
fn quota_exceeded_is_typed_and_loses_nothing() {
    let key = key_for(P1);
    // Room for one slot of this size but not two.
    let mut store = MemoryStore::with_quota(2_000);
    let big = vec![b'r'; 1_000];
    assert_eq!(save(&mut store, &key, &big, &mut os_entropy).unwrap(), 1);
    let before = store.clone();
    assert_eq!(
        save(&mut store, &key, &big, &mut os_entropy).unwrap_err(),
        SaveError::QuotaExceeded
    );
    assert_eq!(store, before);
    assert_eq!(
        load(&store, &key).unwrap().record.as_slice(),
        big.as_slice()
    );
    // Too big for even one slot.
    let mut empty = MemoryStore::with_quota(100);
    assert_eq!(
        save(&mut empty, &key, &big, &mut os_entropy).unwrap_err(),
        SaveError::QuotaExceeded
    );
    assert!(!exists(&empty));
}

#[test]
fn damaged_and_foreign_data_is_reported_and_never_overwritten() {
    let key = key_for(P1);
    let mut store = MemoryStore::new();
    store.set(SLOT_A_KEY, "not base64 !").unwrap();
    assert_eq!(
        load(&store, &key).unwrap_err(),
        LoadError::Damaged(OpenError::Format(FormatError::NotAVault))
    );
    // Garbage nobody can open is overwritten, into the empty slot first.
    assert_eq!(save(&mut store, &key, b"x", &mut os_entropy).unwrap(), 1);
    assert_eq!(load(&store, &key).unwrap().slot, Slot::B);
    store.set(SLOT_B_KEY, "S0FSVEVWAQ==").unwrap(); // "KARTEV\x01": cut short
    assert_eq!(
        load(&store, &key).unwrap_err(),
        LoadError::Damaged(OpenError::Format(FormatError::NotAVault))
    );
    assert_eq!(save(&mut store, &key, b"y", &mut os_entropy).unwrap(), 1);

    // A vault sealed under another passphrase.
    let mut theirs = MemoryStore::new();
    save(&mut theirs, &key_for(P2), b"theirs", &mut os_entropy).unwrap();
    let before = theirs.clone();
    assert_eq!(
        load(&theirs, &key).unwrap_err(),
        LoadError::DecryptionFailed
    );
    assert_eq!(
        save(&mut theirs, &key, b"mine", &mut os_entropy).unwrap_err(),
        SaveError::ExistingDataUnreadable
    );
    assert_eq!(theirs, before);

    // A future version in one slot, a valid record in the other: the valid one loads.
    let mut mixed = MemoryStore::new();
    save(&mut mixed, &key, b"one", &mut os_entropy).unwrap();
    let mut future = armour::from_base64(&mixed.get(SLOT_A_KEY).unwrap()).unwrap();
    future[6] = 2;
    mixed.set(SLOT_B_KEY, &armour::to_base64(&future)).unwrap();
    assert_eq!(load(&mixed, &key).unwrap().record.as_slice(), b"one");
    mixed.remove(SLOT_A_KEY);
    assert_eq!(
        load(&mixed, &key).unwrap_err(),
        LoadError::Damaged(OpenError::Format(FormatError::UnsupportedVersion(2)))
    );
    // A newer app's data is not overwritten by an older app.
    let before = mixed.clone();
    assert_eq!(
        save(&mut mixed, &key, b"x", &mut os_entropy).unwrap_err(),
        SaveError::ExistingDataUnreadable
    );
    assert_eq!(mixed, before);
}

/// `damage` names what `unlock` would, without deriving a key, whenever there is nothing to
/// derive for.
#[test]
fn damage_agrees_with_unlock_when_nothing_can_be_derived() {
    let pass = Passphrase::new(P1.to_string());
    let mut cases: Vec<(&str, MemoryStore)> = vec![("empty", MemoryStore::new())];
    let mut not_base64 = MemoryStore::new();
    not_base64.set(SLOT_A_KEY, "not base64 !").unwrap();
    cases.push(("not base64", not_base64));
    let mut cut = MemoryStore::new();
    cut.set(SLOT_B_KEY, "S0FSVEVWAQ==").unwrap();
    cases.push(("cut short", cut));
    let mut future = MemoryStore::new();
    save(&mut future, &key_for(P1), b"one", &mut os_entropy).unwrap();
    let mut bytes = armour::from_base64(&future.get(SLOT_A_KEY).unwrap()).unwrap();
    bytes[6] = 2;
    future.set(SLOT_A_KEY, &armour::to_base64(&bytes)).unwrap();
    cases.push(("future version", future));
    for (what, store) in &cases {
        assert!(kdf_requests(store).is_empty(), "{what}");
        assert_eq!(damage(store), unlock(store, &pass).unwrap_err(), "{what}");
    }
    assert_eq!(damage(&cases[0].1), LoadError::NoVault);
    assert_eq!(damage(&cases[3].1), LoadError::Damaged(OpenError::Format(FormatError::UnsupportedVersion(2))));
}

/// A change that could not be saved when the vault locked waits sealed under the key: only
/// that key opens it, it holds no plaintext, and it is never taken for a slot or a backup.
#[test]
fn an_unsaved_record_waits_sealed_and_opens_only_with_its_key() {
    let key = key_for(P1);
    let secret = b"UNSAVED-MEMO-TEXT written while storage was full";
    let unsaved = Unsaved::seal(&key, secret, &mut os_entropy).unwrap();
    assert!(!unsaved.as_bytes().windows(14).any(|w| w == &secret[..14]), "ciphertext only");
    assert_eq!(unsaved.open(&key).unwrap().as_slice(), secret.as_slice());
    assert!(unsaved.open(&key_for(P2)).is_none(), "another key opens nothing");
    assert!(!format!("{unsaved:?}").contains("UNSAVED"), "Debug shows no plaintext");
    // Kinds stay apart: an unsaved record is neither a slot nor a backup, and back.
    let mut store = MemoryStore::new();
    store.set(SLOT_A_KEY, &armour::to_base64(unsaved.as_bytes())).unwrap();
    assert_eq!(load(&store, &key).unwrap_err(), LoadError::DecryptionFailed);
    assert_eq!(
        read_backup(&armour::armour(unsaved.as_bytes()), Secret::Key(&key)).unwrap_err(),
        ImportError::WrongKind
    );
    let backup = armour::dearmour(&seal_backup(&key, b"backup", &mut os_entropy).unwrap()).unwrap();
    let mut store = MemoryStore::new();
    save(&mut store, &key, b"slot", &mut os_entropy).unwrap();
    let slot = armour::from_base64(&store.get(SLOT_A_KEY).unwrap()).unwrap();
    for other in [backup, slot] {
        let foreign: Unsaved = Unsaved::from_sealed(other);
        assert!(foreign.open(&key).is_none(), "a slot or backup is not an unsaved record");
    }
}

#[test]
fn a_backup_copied_into_a_slot_is_not_a_slot_and_vice_versa() {
    let key = key_for(P1);
    let mut store = MemoryStore::new();
    let backup = seal_backup(&key, b"backup", &mut os_entropy).unwrap();
    let bytes = armour::dearmour(&backup).unwrap();
    store.set(SLOT_A_KEY, &armour::to_base64(&bytes)).unwrap();
    assert_eq!(load(&store, &key).unwrap_err(), LoadError::DecryptionFailed);

    let mut store = MemoryStore::new();
    save(&mut store, &key, b"slot", &mut os_entropy).unwrap();
    let slot = armour::from_base64(&store.get(SLOT_A_KEY).unwrap()).unwrap();
    assert_eq!(
        read_backup(&armour::armour(&slot), Secret::Key(&key)).unwrap_err(),
        ImportError::WrongKind
    );
}

#[test]
fn erase_removes_every_vault_key_and_nothing_else() {
    let key = key_for(P1);
    let mut store = MemoryStore::new();
    store.set("karte.prefs.locale", "ja").unwrap();
    save(&mut store, &key, b"1", &mut os_entropy).unwrap();
    save(&mut store, &key, b"2", &mut os_entropy).unwrap();
    erase(&mut store);
    assert!(!exists(&store));
    assert_eq!(load(&store, &key).unwrap_err(), LoadError::NoVault);
    assert_eq!(store.get("karte.prefs.locale").as_deref(), Some("ja"));
    // After erasing, a new vault under another passphrase can be created.
    save(&mut store, &key_for(P2), b"new", &mut os_entropy).unwrap();
}

#[test]
fn change_passphrase_retires_the_old_passphrase() {
    let mut store = MemoryStore::new();
    let key = key_for(P1);
    save(&mut store, &key, b"r1", &mut os_entropy).unwrap();
    save(&mut store, &key, b"r2", &mut os_entropy).unwrap();
    let wrong = change_passphrase(
        &mut store,
        &Passphrase::from(P2),
        &Passphrase::from(P1),
        &KdfParams::FLOOR,
        &mut os_entropy,
    );
    assert_eq!(
        wrong.unwrap_err(),
        ChangePassphraseError::Load(LoadError::DecryptionFailed)
    );
    let new_key = change_passphrase(
        &mut store,
        &Passphrase::from(P1),
        &Passphrase::from(P2),
        &KdfParams::FLOOR,
        &mut os_entropy,
    )
    .unwrap();
    assert_ne!(new_key.salt(), key.salt());
    assert_eq!(
        store.entries().len(),
        1,
        "the slot under the old key is removed"
    );
    assert_eq!(
        unlock(&store, &Passphrase::from(P1)).unwrap_err(),
        LoadError::DecryptionFailed
    );
    let (k, l) = unlock(&store, &Passphrase::from(P2)).unwrap();
    assert_eq!((l.generation, l.record.as_slice()), (3, &b"r2"[..]));
    assert_eq!(save(&mut store, &k, b"r3", &mut os_entropy).unwrap(), 4);
    assert_eq!(store.entries().len(), 2);
}

#[test]
fn backup_export_then_import_round_trips() {
    let key = key_for(P1);
    let mut phone = MemoryStore::new();
    save(&mut phone, &key, b"v1", &mut os_entropy).unwrap();
    save(&mut phone, &key, b"v2", &mut os_entropy).unwrap();

    // With the vault's own key: opens with the vault passphrase.
    let text = export_backup(&phone, &key, &mut os_entropy).unwrap();
    assert!(text.starts_with(armour::BEGIN));
    assert_eq!(
        read_backup(&text, Secret::Passphrase(&Passphrase::from(P1)))
            .unwrap()
            .as_slice(),
        b"v2"
    );

    // Into a fresh device, under a new passphrase there.
    let mut new_phone = MemoryStore::new();
    let there = key_for(P2);
    let g = import_backup(
        &mut new_phone,
        &text,
        Secret::Passphrase(&Passphrase::from(P1)),
        &there,
        &mut os_entropy,
    )
    .unwrap();
    assert_eq!(g, 1);
    assert_eq!(
        unlock(&new_phone, &Passphrase::from(P2))
            .unwrap()
            .1
            .record
            .as_slice(),
        b"v2"
    );

    // With a passphrase of its own.
    let own = export_backup_with_passphrase(
        &phone,
        &key,
        &Passphrase::from(PB),
        &KdfParams::FLOOR,
        &mut os_entropy,
    )
    .unwrap();
    assert_eq!(
        read_backup(&own, Secret::Passphrase(&Passphrase::from(PB)))
            .unwrap()
            .as_slice(),
        b"v2"
    );
    assert_eq!(
        read_backup(&own, Secret::Key(&key)).unwrap_err(),
        ImportError::Open(OpenError::DecryptionFailed)
    );

    // Importing into the existing vault makes it the next generation.
    save(&mut phone, &key, b"v3", &mut os_entropy).unwrap();
    assert_eq!(
        import_backup(
            &mut phone,
            &own,
            Secret::Passphrase(&Passphrase::from(PB)),
            &key,
            &mut os_entropy
        )
        .unwrap(),
        4
    );
    assert_eq!(load(&phone, &key).unwrap().record.as_slice(), b"v2");

    assert_eq!(
        export_backup(&MemoryStore::new(), &key, &mut os_entropy).unwrap_err(),
        karte_core::vault::store::ExportError::Load(LoadError::NoVault)
    );
}

#[test]
fn a_bad_backup_is_rejected_before_touching_current_data() {
    let key = key_for(P1);
    let backup_key = key_for(PB);
    let good = seal_backup(&backup_key, b"from backup", &mut os_entropy).unwrap();
    let envelope = armour::dearmour(&good).unwrap();
    let rearmour = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut b = envelope.clone();
        f(&mut b);
        armour::armour(&b)
    };

    let mut store = MemoryStore::new();
    save(&mut store, &key, b"current", &mut os_entropy).unwrap();
    save(&mut store, &key, b"current 2", &mut os_entropy).unwrap();
    let before = store.clone();

    let pb = Passphrase::from(PB);
    let cases: Vec<(String, Secret<'_>, ImportError)> = vec![
        (
            rearmour(&|b| b[60] ^= 1),
            Secret::Passphrase(&pb),
            ImportError::Open(OpenError::DecryptionFailed),
        ),
        (
            rearmour(&|b| b[30] ^= 1),
            Secret::Passphrase(&pb),
            ImportError::Open(OpenError::DecryptionFailed),
        ),
        (
            rearmour(&|b| b.truncate(40)),
            Secret::Passphrase(&pb),
            ImportError::Open(OpenError::Format(FormatError::Truncated)),
        ),
        (
            rearmour(&|b| {
                let n = b.len() - 1;
                b.truncate(n)
            }),
            Secret::Passphrase(&pb),
            ImportError::Open(OpenError::DecryptionFailed),
        ),
        (
            rearmour(&|b| b[6] = 9),
            Secret::Passphrase(&pb),
            ImportError::Open(OpenError::Format(FormatError::UnsupportedVersion(9))),
        ),
        (
            rearmour(&|b| b[0] = b'X'),
            Secret::Passphrase(&pb),
            ImportError::Open(OpenError::Format(FormatError::NotAVault)),
        ),
        (
            rearmour(&|b| b[12..16].copy_from_slice(&99u32.to_le_bytes())),
            Secret::Passphrase(&pb),
            ImportError::Open(OpenError::Format(FormatError::KdfCostOverCap {
                m_cost_kib: 19 * 1024,
                t_cost: 99,
                p_cost: 1,
            })),
        ),
        (
            good.clone(),
            Secret::Key(&key),
            ImportError::Open(OpenError::DecryptionFailed),
        ),
        (
            good.lines().skip(1).collect::<Vec<_>>().join("\n"),
            Secret::Passphrase(&pb),
            ImportError::NotABackup(ArmourError::MissingBegin),
        ),
        (
            good.lines().take(2).collect::<Vec<_>>().join("\n"),
            Secret::Passphrase(&pb),
            ImportError::NotABackup(ArmourError::MissingEnd),
        ),
        (
            good.replacen('\n', "\n@", 1),
            Secret::Passphrase(&pb),
            ImportError::NotABackup(ArmourError::BadBase64),
        ),
    ];
    for (i, (text, secret, want)) in cases.into_iter().enumerate() {
        let got = import_backup(&mut store, &text, secret, &key, &mut os_entropy);
        assert_eq!(got.unwrap_err(), want, "case {i}");
        assert_eq!(store, before, "case {i} touched the store");
    }
    // Another passphrase.
    let other = Passphrase::from("some other passphrase");
    assert_eq!(
        import_backup(
            &mut store,
            &good,
            Secret::Passphrase(&other),
            &key,
            &mut os_entropy
        )
        .unwrap_err(),
        ImportError::Open(OpenError::DecryptionFailed)
    );
    assert_eq!(store, before);
    // And the good one goes in.
    import_backup(
        &mut store,
        &good,
        Secret::Passphrase(&pb),
        &key,
        &mut os_entropy,
    )
    .unwrap();
    assert_eq!(
        load(&store, &key).unwrap().record.as_slice(),
        b"from backup"
    );
}

/// The browser derives keys in a worker: it asks `kdf_requests` what to derive, derives,
/// carries the key back as bytes, and loads with it. That path must equal `unlock`.
#[test]
fn unlock_through_kdf_requests_and_key_bytes() {
    let key = key_for("correct horse battery");
    let mut store = MemoryStore::new();
    save(&mut store, &key, &rec(7), &mut os_entropy).unwrap();
    let requests = kdf_requests(&store);
    assert_eq!(requests, vec![(*key.params(), *key.salt())]);
    for (pass, ok) in [("correct horse battery", true), ("wrong horse battery", false)] {
        let (params, salt) = requests[0];
        let derived = VaultKey::derive(&Passphrase::from(pass), &params, salt).unwrap();
        let carried = VaultKey::from_bytes(&derived.to_bytes(), params, salt);
        match load(&store, &carried) {
            Ok(loaded) => {
                assert!(ok, "{pass} must not open the vault");
                assert_eq!(&loaded.record[..], &rec(7)[..]);
            }
            Err(e) => {
                assert!(!ok, "{pass}: {e:?}");
                assert_eq!(e, LoadError::DecryptionFailed);
            }
        }
    }
    assert!(kdf_requests(&MemoryStore::new()).is_empty());
}

/// In the manner of the `age` crate: every error says what went wrong (`Display`), is a
/// `std::error::Error`, and leads to the error it wraps (`source`).
#[test]
fn errors_display_and_lead_to_their_cause() {
    use karte_core::vault::store::ExportError;
    use karte_core::vault::SealError;
    use std::error::Error;
    let cut = ImportError::Open(OpenError::Format(FormatError::Truncated));
    let open = cut.source().expect("the open error");
    assert_eq!(open.to_string(), OpenError::Format(FormatError::Truncated).to_string());
    let format = open.source().expect("the format error");
    assert_eq!(format.to_string(), FormatError::Truncated.to_string());
    assert!(format.source().is_none());
    let sealed = SaveError::Seal(SealError::TooLong);
    assert_eq!(sealed.source().map(ToString::to_string), Some(SealError::TooLong.to_string()));
    // One list per type: within a type every variant reads differently (a too-long record
    // is not an entropy problem).
    let b = |e: &dyn Error| e.to_string();
    let types: Vec<Vec<String>> = vec![
        vec![b(&StoreError::QuotaExceeded), b(&StoreError::Unavailable)],
        vec![
            b(&LoadError::NoVault),
            b(&LoadError::DecryptionFailed),
            b(&LoadError::KeyDerivationFailed),
            b(&LoadError::Damaged(OpenError::Format(FormatError::NotAVault))),
        ],
        vec![
            b(&SaveError::QuotaExceeded),
            b(&SaveError::StorageUnavailable),
            b(&SaveError::ExistingDataUnreadable),
            b(&SaveError::Seal(SealError::EntropyUnavailable)),
        ],
        vec![
            b(&ChangePassphraseError::Load(LoadError::DecryptionFailed)),
            b(&ChangePassphraseError::Seal(SealError::KeyDerivationFailed)),
            b(&ChangePassphraseError::Save(SaveError::QuotaExceeded)),
        ],
        vec![b(&ExportError::Load(LoadError::NoVault)), b(&ExportError::Seal(SealError::TooLong))],
        vec![
            b(&ImportError::NotABackup(ArmourError::MissingEnd)),
            b(&ImportError::Open(OpenError::DecryptionFailed)),
            b(&ImportError::WrongKind),
            b(&ImportError::Save(SaveError::QuotaExceeded)),
        ],
        vec![b(&SealError::EntropyUnavailable), b(&SealError::KeyDerivationFailed), b(&SealError::TooLong)],
        vec![
            b(&OpenError::Format(FormatError::Truncated)),
            b(&OpenError::KeyDerivationFailed),
            b(&OpenError::DecryptionFailed),
        ],
        vec![
            b(&FormatError::NotAVault),
            b(&FormatError::UnsupportedVersion(2)),
            b(&FormatError::Truncated),
            b(&FormatError::UnknownKdf(2)),
            b(&FormatError::KdfParamsOutOfRange { m_cost_kib: 8, t_cost: 2, p_cost: 1 }),
            b(&FormatError::KdfCostOverCap { m_cost_kib: 8, t_cost: 99, p_cost: 1 }),
        ],
        vec![b(&ArmourError::MissingBegin), b(&ArmourError::MissingEnd), b(&ArmourError::BadBase64)],
    ];
    for messages in types {
        assert!(messages.iter().all(|m| !m.is_empty()), "{messages:?}");
        let mut unique = messages.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), messages.len(), "alike: {messages:?}");
    }
    assert_ne!(SealError::TooLong.to_string(), SealError::EntropyUnavailable.to_string());
}
