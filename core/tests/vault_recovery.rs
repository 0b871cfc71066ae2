//! Honest recovery: when the newest of the two copies is damaged (cut short, overwritten),
//! unlocking opens the older one and says that it did (`store::other_copy_damaged`); an intact
//! pair, a single first copy and an interrupted passphrase change say nothing; both damaged is
//! `Damaged`, never a record. The intact copy is never written by any of this.

use karte_core::vault::armour;
use karte_core::vault::store::{self, KvStore, LoadError, MemoryStore, Slot};
use karte_core::vault::{new_key, os_entropy, KdfParams, Passphrase, VaultKey};

const PASS: &str = "yama kawa sora 2026 hoshi";

fn key(p: &str) -> VaultKey {
    new_key(&Passphrase::from(p), &KdfParams::FLOOR, &mut os_entropy).expect("key")
}

/// Two saves: generation 1 ("old") and 2 ("new"); returns the store and the newest slot.
fn two_saves(k: &VaultKey) -> (MemoryStore, Slot) {
    let mut s = MemoryStore::new();
    store::save(&mut s, k, b"{\"old\":1}", &mut os_entropy).expect("save");
    store::save(&mut s, k, b"{\"new\":2}", &mut os_entropy).expect("save");
    let newest = store::load(&s, k).expect("load").slot;
    (s, newest)
}

fn check(damage: impl Fn(&str) -> String) {
    let k = key(PASS);
    let (mut s, newest) = two_saves(&k);
    let intact = s.get(newest.other().key()).expect("older copy");
    let damaged = damage(&s.get(newest.key()).expect("newest"));
    s.set(newest.key(), &damaged).expect("set");
    let (key, loaded) = store::unlock(&s, &Passphrase::from(PASS)).expect("the older copy opens");
    assert_eq!((&loaded.record[..], loaded.generation), (&b"{\"old\":1}"[..], 1));
    assert!(store::other_copy_damaged(&s, &loaded, &[&key]), "the damage is reported");
    assert_eq!(s.get(newest.other().key()).as_deref(), Some(intact.as_str()), "the intact copy is untouched");
    // The next save goes over the damaged copy, never the intact one; then nothing is damaged.
    store::save(&mut s, &key, b"{\"restored\":3}", &mut os_entropy).expect("save");
    assert_eq!(s.get(newest.other().key()).as_deref(), Some(intact.as_str()));
    let (key, loaded) = store::unlock(&s, &Passphrase::from(PASS)).expect("open");
    assert_eq!(&loaded.record[..], b"{\"restored\":3}");
    assert!(!store::other_copy_damaged(&s, &loaded, &[&key]));
}

#[test]
fn newest_cut_short_opens_the_older_copy_and_says_so() {
    check(|b64| b64[..b64.len() / 2].to_string());
}

#[test]
fn newest_overwritten_opens_the_older_copy_and_says_so() {
    // The header (salt, parameters) kept, the sealed part overwritten.
    check(|b64| {
        let mut bytes = armour::from_base64(b64).expect("b64");
        for b in bytes.iter_mut().skip(48) {
            *b = 0x5a;
        }
        armour::to_base64(&bytes)
    });
    // Overwritten with something else altogether.
    check(|_| "overwritten by another program".into());
}

#[test]
fn intact_copies_say_nothing() {
    let k = key(PASS);
    let (s, _) = two_saves(&k);
    let (key, loaded) = store::unlock(&s, &Passphrase::from(PASS)).expect("open");
    assert_eq!(loaded.generation, 2);
    assert!(!store::other_copy_damaged(&s, &loaded, &[&key]));
    let mut first = MemoryStore::new();
    store::save(&mut first, &k, b"{}", &mut os_entropy).expect("save");
    let loaded = store::load(&first, &k).expect("load");
    assert!(!store::other_copy_damaged(&first, &loaded, &[&k]), "a single first copy is not damage");
}

#[test]
fn an_interrupted_passphrase_change_is_not_damage() {
    let k = key(PASS);
    let (mut s, _) = two_saves(&k);
    let new = key("umi mori tsuki 1999 kaze");
    // Re-sealed under the new key, then the old copy put back: as if interrupted before its removal.
    let current = store::load(&s, &k).expect("load");
    let old_copy = s.get(current.slot.key()).expect("slot");
    store::rekey(&mut s, &k, &new, &mut os_entropy).expect("rekey");
    s.set(current.slot.key(), &old_copy).expect("put back");
    let (key, loaded) = store::unlock(&s, &Passphrase::from("umi mori tsuki 1999 kaze")).expect("open");
    assert!(!store::other_copy_damaged(&s, &loaded, &[&key]));
}

#[test]
fn both_damaged_is_damaged_not_a_record() {
    let k = key(PASS);
    let (mut s, newest) = two_saves(&k);
    for slot in [newest, newest.other()] {
        let b = s.get(slot.key()).expect("slot");
        s.set(slot.key(), &b[..b.len() / 3]).expect("set");
    }
    assert!(matches!(store::unlock(&s, &Passphrase::from(PASS)), Err(LoadError::Damaged(_))));
    assert!(matches!(store::damage(&s), LoadError::Damaged(_)));
}
