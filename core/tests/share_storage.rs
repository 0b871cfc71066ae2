//! The sharing state (the record's key, the share log) lives only inside the vault: it reaches
//! storage sealed, and records from before the share protocol gain a key once.

mod common;

use base64ct::{Base64, Encoding};
use common::*;
use karte_core::demo;
use karte_core::record::{PartnerRole, Record};
use karte_core::share::exchange::{self, ShareOptions};
use karte_core::vault::store::{self, KvStore, MemoryStore};
use karte_core::vault::{new_key, os_entropy, KdfParams, Passphrase};
use karte_core::vocab::CancerType;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn the_key_and_share_log_reach_storage_only_sealed() {
    let mut rng = TestRng::new("storage");
    let mut record = demo::record_after(CancerType::Stomach, date(2025, 6, 15), 24);
    record.sharing.ensure_key(&mut rng.f()).expect("key");
    let (card, _) = provider("clinic", CLINIC, PartnerRole::PartnerClinic);
    exchange::share(&mut record, &card, date(2025, 6, 15), at(2025, 6, 15, 9), &ShareOptions::default(), &mut rng.f()).expect("share");
    let json = record.to_json().expect("json");
    let key = record.sharing.key.as_ref().expect("key");
    let secret_hex = serde_json::to_value(key).expect("hex").as_str().expect("str").to_string();
    let share_id = hex(&record.sharing.shares[0].share_id);
    assert!(json.contains(&secret_hex) && json.contains(&share_id), "the plaintext holds them (inside the vault)");

    let vault_key = new_key(&Passphrase::from("correct horse battery"), &KdfParams::FLOOR, &mut os_entropy).expect("key");
    let mut kv = MemoryStore::new();
    store::save(&mut kv, &vault_key, json.as_bytes(), &mut os_entropy).expect("save");
    store::save(&mut kv, &vault_key, json.as_bytes(), &mut os_entropy).expect("save");
    let secret_bytes = hex_bytes(&secret_hex);
    for (k, v) in kv.entries() {
        let decoded = Base64::decode_vec(v).unwrap_or_default();
        let as_text = String::from_utf8_lossy(&decoded);
        for needle in [secret_hex.as_str(), share_id.as_str(), "sharing", "watashi-no-karte/record"] {
            assert!(!v.contains(needle) && !as_text.contains(needle), "{k} holds {needle:?}");
        }
        assert!(!decoded.windows(32).any(|w| w == secret_bytes.as_slice()), "{k} holds the raw key");
    }
    let loaded = store::load(&kv, &vault_key).expect("load");
    let back = Record::from_json(std::str::from_utf8(&loaded.record).expect("utf8")).expect("record");
    assert_eq!(back.sharing, record.sharing);
    assert!(kv.get(store::SLOT_A_KEY).is_some() && kv.get(store::SLOT_B_KEY).is_some(), "both slots written");
}

fn hex_bytes(h: &str) -> Vec<u8> {
    (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).expect("hex")).collect()
}

#[test]
fn a_record_from_before_the_share_protocol_gains_a_key_once() {
    let old = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/record/v1-colorectal.json")).expect("v1 record");
    let mut record = Record::from_json(&old).expect("read");
    assert!(record.sharing.key.is_none());
    let mut rng = TestRng::new("old");
    assert_eq!(record.sharing.ensure_key(&mut rng.f()), Ok(true));
    let key = record.sharing.key.clone();
    assert_eq!(record.sharing.ensure_key(&mut rng.f()), Ok(false), "a second unlock keeps the key");
    assert_eq!(record.sharing.key, key);
    let again = Record::from_json(&record.to_json().expect("json")).expect("read");
    assert_eq!(again.sharing.key, key);
    // A failing entropy source leaves the record as it was.
    let mut fresh = Record::from_json(&old).expect("read");
    assert!(fresh.sharing.ensure_key(&mut |_: &mut [u8]| Err(karte_core::vault::EntropyError)).is_err());
    assert!(fresh.sharing.key.is_none());
}
