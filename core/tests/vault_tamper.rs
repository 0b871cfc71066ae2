//! Flips every byte (and, with the derived key, every bit) of a sealed record and expects a
//! clean failure: no panic, no plaintext.

use karte_core::vault::format::{Envelope, HEADER_LEN};
use karte_core::vault::{
    new_key, open, open_with_key, seal, EntropyError, FormatError, KdfParams, OpenError, Passphrase,
};

fn rng() -> impl FnMut(&mut [u8]) -> Result<(), EntropyError> {
    let mut state = 0x1234_5678_u64;
    move |buf: &mut [u8]| {
        for b in buf.iter_mut() {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            *b = (state >> 56) as u8;
        }
        Ok(())
    }
}

fn record() -> Vec<u8> {
    let mut r = br#"{"patient":"fictional","entries":["#.to_vec();
    r.extend((0..300).map(|i| b'a' + (i % 26) as u8));
    r.extend_from_slice(b"\"]}");
    r
}

#[test]
fn every_body_bit_flip_fails_with_key() {
    let pass = Passphrase::from("tamper test passphrase");
    let key = new_key(&pass, &KdfParams::FLOOR, &mut rng()).unwrap();
    let sealed = seal(&key, &record(), &mut rng()).unwrap();
    assert_eq!(
        open_with_key(&key, &sealed).unwrap().as_slice(),
        record().as_slice()
    );
    for i in 0..sealed.len() {
        for bit in 0..8 {
            let mut t = sealed.clone();
            t[i] ^= 1 << bit;
            let got = open_with_key(&key, &t);
            assert!(got.is_err(), "bit {bit} of byte {i} accepted");
            if i >= HEADER_LEN {
                assert_eq!(got.unwrap_err(), OpenError::DecryptionFailed);
            }
        }
    }
}

#[test]
fn every_header_byte_flip_fails_on_the_full_path() {
    let pass = Passphrase::from("tamper test passphrase");
    let key = new_key(&pass, &KdfParams::FLOOR, &mut rng()).unwrap();
    let sealed = seal(&key, &record(), &mut rng()).unwrap();
    for i in 0..HEADER_LEN {
        let mut t = sealed.clone();
        t[i] ^= 0xFF;
        let err = open(&pass, &t).expect_err("tampered header accepted");
        let expected_kind = match i {
            0..=5 => matches!(err, OpenError::Format(FormatError::NotAVault)),
            6 => err == OpenError::Format(FormatError::UnsupportedVersion(sealed[6] ^ 0xFF)),
            7 => err == OpenError::Format(FormatError::UnknownKdf(sealed[7] ^ 0xFF)),
            // Parameters: out of range, or in range and then failing authentication.
            8..=19 => matches!(
                err,
                OpenError::Format(FormatError::KdfParamsOutOfRange { .. } | FormatError::KdfCostOverCap { .. })
                    | OpenError::DecryptionFailed
            ),
            _ => err == OpenError::DecryptionFailed,
        };
        assert!(expected_kind, "byte {i}: {err:?}");
    }
}

#[test]
fn every_truncation_and_extension_fails() {
    let pass = Passphrase::from("tamper test passphrase");
    let key = new_key(&pass, &KdfParams::FLOOR, &mut rng()).unwrap();
    let sealed = seal(&key, &record(), &mut rng()).unwrap();
    for len in 0..sealed.len() {
        let err = open_with_key(&key, &sealed[..len]).expect_err("truncation accepted");
        let want = if len < HEADER_LEN + 16 {
            OpenError::Format(FormatError::Truncated)
        } else {
            OpenError::DecryptionFailed
        };
        assert_eq!(err, want, "cut at {len}");
    }
    for extra in [&[0u8][..], &[0xFF; 16][..]] {
        let t = [sealed.as_slice(), extra].concat();
        assert_eq!(
            open_with_key(&key, &t).unwrap_err(),
            OpenError::DecryptionFailed
        );
    }
    // Moving bytes between header and body (same total) also fails.
    let env = Envelope::parse(&sealed).unwrap();
    let mut swapped = env.to_bytes();
    swapped.swap(HEADER_LEN - 1, HEADER_LEN);
    assert!(open_with_key(&key, &swapped).is_err());
}
