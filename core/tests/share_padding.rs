//! Less in the clear (issue 22): a sealed message's header names no recipient, and its length is
//! rounded up (Padmé) with zeros inside the ciphertext, so a photo of a frame tells neither whom
//! it is for nor the record's exact size.

mod common;

use common::*;
use karte_core::demo;
use karte_core::record::*;
use karte_core::share::exchange::{self, ShareOptions};
use karte_core::share::seal::{padded_len, seal_compressed};
use karte_core::share::{compress, decompress, open, KeyId, MessageKind, OpenError};
use karte_core::vocab::CancerType;

#[test]
fn padme_rounds_up_by_at_most_a_sixteenth_from_512_bytes() {
    for (len, padded) in [(1, 1), (40, 40), (100, 104), (700, 704), (1_254, 1_280), (1_449, 1_472), (2_900, 2_944), (65_535, 65_536)] {
        assert_eq!(padded_len(len), padded, "{len}");
    }
    let mut buckets_1k_to_2k = std::collections::BTreeSet::new();
    for len in 1..=65_535usize {
        let p = padded_len(len);
        assert!(p >= len, "{len} -> {p}");
        assert_eq!(padded_len(p), p, "a padded length is its own bucket ({len})");
        if len >= 512 {
            assert!((p - len) * 16 <= len, "{len} -> {p}: more than 6.25%");
        }
        if (1_025..=2_048).contains(&len) {
            buckets_1k_to_2k.insert(p);
        }
    }
    // Over 1 KiB up to 2 KiB (every demo share is there) falls in 16 lengths instead of 1,024.
    assert_eq!(buckets_1k_to_2k.len(), 16);
}

fn five_year_record(rng: &mut TestRng) -> Record {
    let mut r = demo::record_after(CancerType::Stomach, date(2025, 6, 15), 60);
    r.sharing.ensure_key(&mut rng.f()).expect("key");
    r
}

fn share_of(record: &mut Record, rng: &mut TestRng) -> (Vec<u8>, karte_core::share::ProviderKeys) {
    let (card, keys) = provider("clinic", CLINIC, PartnerRole::PartnerClinic);
    let out = exchange::share(record, &card, date(2025, 6, 15), at(2025, 6, 15, 9), &ShareOptions::default(), &mut rng.f())
        .expect("share");
    (out.message, keys)
}

#[test]
fn a_share_is_sealed_at_a_padded_length_and_its_header_names_no_recipient() {
    let mut rng = TestRng::new("padding");
    let mut record = five_year_record(&mut rng);
    let (m, keys) = share_of(&mut record, &mut rng);
    assert_eq!(m.len(), padded_len(m.len()), "sealed length {} is not a padded length", m.len());
    // The header (magic, version, kind, transfer, enc: 40 bytes) holds no key id of the recipient.
    let id = KeyId::of(&keys.x25519.public()).0;
    assert!(!m[..40].windows(8).any(|w| w == id), "the recipient's key id is in the clear");
    let opened = exchange::open_share(&m, None, &keys).expect("opens with the padding");
    assert!(!opened.bundle.entries.is_empty());
}

#[test]
fn records_a_little_different_in_size_give_shares_of_the_same_length() {
    let mut rng = TestRng::new("padding-same");
    let mut a = five_year_record(&mut rng);
    let mut b = a.clone();
    b.append(Entry::new(EntryId("memo-1".into()), Author::Patient, at(2025, 6, 14, 20), EntryBody::Memo(Memo { text: "よく眠れた".into() })))
        .expect("memo");
    let (ma, _) = share_of(&mut a, &mut rng);
    let (mb, _) = share_of(&mut b, &mut rng);
    assert_eq!(ma.len(), mb.len(), "a memo of a few words changes the clear length");
}

#[test]
fn a_message_for_another_key_does_not_open_and_says_so() {
    let mut rng = TestRng::new("padding-other");
    let mut record = five_year_record(&mut rng);
    let (m, _) = share_of(&mut record, &mut rng);
    let (_, other) = provider("other", "ほかの医院", PartnerRole::PartnerClinic);
    assert_eq!(exchange::open_share(&m, None, &other).err(), Some(OpenError::NotForThisKey));
}

#[test]
fn only_zeros_may_follow_the_compressed_stream() {
    let mut rng = TestRng::new("padding-tail");
    let (_, keys) = provider("clinic", CLINIC, PartnerRole::PartnerClinic);
    let recipient = keys.x25519.public();
    let sk = &keys.x25519;
    let stream = compress(b"\xa1\x61a\x01");
    for (tail, ok) in [(vec![], true), (vec![0; 7], true), (vec![0, 0, 1], false)] {
        let mut body = stream.clone();
        body.extend_from_slice(&tail);
        let m = seal_compressed(MessageKind::Share, 9, &recipient, &body, &mut rng.f()).expect("seal");
        let plain = open(&m, MessageKind::Share, Some(9), sk).expect("open");
        let got = decompress(&plain);
        if ok {
            assert_eq!(got.expect("inflates"), b"\xa1\x61a\x01");
        } else {
            assert_eq!(got, Err(OpenError::NotCompressed), "bytes after the stream must be zeros");
        }
    }
}
