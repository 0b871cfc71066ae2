//! The envelope API: round trips, fresh nonces and salts, key reuse, secrets.

use std::cell::Cell;

use karte_core::vault::format::{Envelope, MAGIC};
use karte_core::vault::{
    key_matches, new_key, open, open_with_key, os_entropy, seal, EntropyError, FormatError,
    KdfParams, OpenError, Passphrase, SealError, VaultKey,
};

fn floor_key(pass: &Passphrase) -> VaultKey {
    new_key(pass, &KdfParams::FLOOR, &mut os_entropy).unwrap()
}

#[test]
fn seal_then_open_round_trips() {
    let pass = Passphrase::from("round trip passphrase");
    let key = floor_key(&pass);
    for plain in [&b""[..], b"x", &[0u8; 1000][..], "私のカルテ".as_bytes()] {
        let sealed = seal(&key, plain, &mut os_entropy).unwrap();
        assert!(sealed.starts_with(MAGIC));
        assert_eq!(sealed.len(), 48 + plain.len() + 16);
        assert_eq!(open_with_key(&key, &sealed).unwrap().as_slice(), plain);
        let unlocked = open(&pass, &sealed).unwrap();
        assert_eq!(unlocked.plaintext.as_slice(), plain);
        // The key that `open` derived opens what this key seals, and vice versa.
        assert!(key_matches(&unlocked.key, &sealed));
        let again = seal(&unlocked.key, plain, &mut os_entropy).unwrap();
        assert_eq!(open_with_key(&key, &again).unwrap().as_slice(), plain);
    }
}

#[test]
fn every_seal_uses_a_fresh_nonce_and_keeps_the_salt() {
    let pass = Passphrase::from("fresh nonce passphrase");
    let key = floor_key(&pass);
    let a = seal(&key, b"same", &mut os_entropy).unwrap();
    let b = seal(&key, b"same", &mut os_entropy).unwrap();
    let (ea, eb) = (Envelope::parse(&a).unwrap(), Envelope::parse(&b).unwrap());
    assert_ne!(ea.header.nonce, eb.header.nonce);
    assert_ne!(ea.ciphertext, eb.ciphertext);
    assert_eq!(ea.header.salt, eb.header.salt);
    assert_eq!(ea.header.kdf, KdfParams::FLOOR);
}

#[test]
fn default_params_are_written_into_the_header() {
    let pass = Passphrase::from("default parameters passphrase");
    let key = new_key(&pass, &KdfParams::default(), &mut os_entropy).unwrap();
    let sealed = seal(&key, b"x", &mut os_entropy).unwrap();
    assert_eq!(&sealed[7..20], &[1, 0, 0, 1, 0, 3, 0, 0, 0, 1, 0, 0, 0]);
    assert_eq!(open(&pass, &sealed).unwrap().plaintext.as_slice(), b"x");
}

#[test]
fn a_failing_entropy_source_seals_nothing() {
    let pass = Passphrase::from("entropy passphrase");
    let mut broken = |_: &mut [u8]| Err(EntropyError);
    assert_eq!(
        new_key(&pass, &KdfParams::FLOOR, &mut broken).unwrap_err(),
        SealError::EntropyUnavailable
    );
    let key = floor_key(&pass);
    assert_eq!(
        seal(&key, b"x", &mut broken).unwrap_err(),
        SealError::EntropyUnavailable
    );
}

#[test]
fn out_of_range_params_fail_before_any_key_derivation() {
    // m = 4 TiB: if Argon2 ran, this would abort on allocation.
    let pass = Passphrase::from("cap passphrase");
    let key = floor_key(&pass);
    let mut sealed = seal(&key, b"x", &mut os_entropy).unwrap();
    sealed[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
    let started = std::time::Instant::now();
    assert!(matches!(
        open(&pass, &sealed),
        Err(OpenError::Format(FormatError::KdfCostOverCap { .. }))
    ));
    assert!(started.elapsed().as_millis() < 20);
}

#[test]
fn secrets_are_redacted_and_the_entropy_source_is_called() {
    let pass = Passphrase::from("do-not-print-me 123");
    assert!(!format!("{pass:?}").contains("do-not-print"));
    let calls = Cell::new(0);
    let mut counting = |buf: &mut [u8]| {
        calls.set(calls.get() + 1);
        os_entropy(buf)
    };
    let key = new_key(&pass, &KdfParams::FLOOR, &mut counting).unwrap();
    let _ = seal(&key, b"x", &mut counting).unwrap();
    assert_eq!(calls.get(), 2, "one salt, one nonce");
    let shown = format!("{key:?}");
    assert!(shown.contains("redacted") && shown.contains("m_cost_kib"));
    let sealed = seal(&key, b"SECRET-PLAINTEXT", &mut os_entropy).unwrap();
    let unlocked = open(&pass, &sealed).unwrap();
    let shown = format!("{unlocked:?}");
    assert!(shown.contains("plaintext_len: 16") && !shown.contains("83, 69, 67"));
}
