//! Frames, text and compression: sizes against real QR capacities, the fountain code under
//! loss, shuffling, duplicates and a second transfer, the frozen dictionary, and random input.

mod common;

use common::*;
use karte_core::demo;
use karte_core::share::exchange::{self, ShareOptions};
use karte_core::share::frames::{self, HEADER_LEN, MAX_EXTRA_FRAMES};
use karte_core::share::{text, FrameError, MessageKind, Mode, Receiver, Sender, DICTIONARY};
use karte_core::vocab::CancerType;
use proptest::prelude::*;
use qrcode::{EcLevel, QrCode, Version};
use sha2::{Digest, Sha256};

#[test]
fn the_dictionary_is_frozen() {
    let h: String = Sha256::digest(DICTIONARY).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(h, "e5f4032ae692c13a28c588c58d73694a3bf608cdeb44221f816e50fdd70e24b3", "a new dictionary needs a new format version");
}

#[test]
fn a_full_frame_fits_its_qr_version_and_one_byte_more_does_not() {
    for (mode, version) in [(Mode::Camera, 22), (Mode::Pages, 30)] {
        let message = vec![0xA5u8; mode.symbol_size() * 3];
        let sender = Sender::new(MessageKind::Share, 1, &message, mode).expect("frames");
        for t in sender.texts(0, 4) {
            assert!(QrCode::with_version(t.as_bytes(), Version::Normal(version), EcLevel::M).is_ok(), "{mode:?}: {} chars", t.len());
        }
        let longer = text::to_text(&vec![0xA5u8; HEADER_LEN + mode.symbol_size() + 1]);
        assert!(QrCode::with_version(longer.as_bytes(), Version::Normal(version), EcLevel::M).is_err(), "{mode:?} leaves room unused");
    }
}

fn shares(n: usize) -> &'static [(u32, Vec<u8>)] {
    static SHARES: std::sync::OnceLock<Vec<(u32, Vec<u8>)>> = std::sync::OnceLock::new();
    SHARES.get_or_init(|| make_shares(n))
}

fn make_shares(n: usize) -> Vec<(u32, Vec<u8>)> {
    let mut rng = TestRng::new("frames");
    let (card, _) = provider("clinic", CLINIC, karte_core::record::PartnerRole::PartnerClinic);
    (0..n)
        .map(|i| {
            let cancer = CancerType::ALL[i % CancerType::ALL.len()];
            let mut r = demo::record_after(cancer, date(2025, 6, 15), 12 + 12 * (i as u32 % 5));
            r.sharing.ensure_key(&mut rng.f()).expect("key");
            let o = exchange::share(&mut r, &card, date(2025, 6, 15), at(2025, 6, 15, 9), &ShareOptions::default(), &mut rng.f()).expect("share");
            (o.transfer, o.message)
        })
        .collect()
}

fn fixture() -> &'static (karte_core::share::ProviderKeys, karte_core::record::Record) {
    static F: std::sync::OnceLock<(karte_core::share::ProviderKeys, karte_core::record::Record)> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let (_, keys) = provider("clinic", CLINIC, karte_core::record::PartnerRole::PartnerClinic);
        let mut r = demo::record_fixed(CancerType::Stomach);
        let mut rng = TestRng::new("r");
        r.sharing.ensure_key(&mut rng.f()).expect("key");
        (keys, r)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Shuffled, 30% dropped, duplicated, interleaved with another transfer: the same message.
    #[test]
    fn frames_survive_loss_shuffle_duplicates_and_another_transfer(
        which in 0usize..12, symbol in 64usize..900, seed in any::<u64>(), pages in any::<bool>()
    ) {
        let all = shares(12);
        let (transfer, message) = &all[which];
        let (other_t, other_m) = &all[(which + 1) % all.len()];
        prop_assume!(transfer != other_t);
        let symbol = if pages { Mode::Pages.symbol_size() } else { symbol };
        let s = Sender::with_symbol_size(MessageKind::Share, *transfer, message, symbol).expect("frames");
        let o = Sender::with_symbol_size(MessageKind::Share, *other_t, other_m, symbol).expect("frames");
        let k = s.source_frames() as u32;
        let mut stream: Vec<(u64, String, bool)> = Vec::new();
        let mut x = seed;
        let mut next = || { x ^= x << 13; x ^= x >> 7; x ^= x << 17; x };
        for t in s.texts(0, 3 * k + 6) {
            let r = next();
            if r % 10 < 3 { continue; } // 30% lost
            stream.push((next(), t.clone(), true));
            if r % 10 == 9 { stream.push((next(), t, true)); } // duplicated
        }
        for t in o.texts(0, 2 * k) { stream.push((next(), t, false)); }
        stream.sort();
        // The receiver locks on the first frame it sees; start it with one of ours.
        let first = stream.iter().position(|(_, _, ours)| *ours).expect("a frame");
        let mut rx = Receiver::expecting(MessageKind::Share);
        let mut done = false;
        for (_, t, ours) in stream[first..].iter() {
            match rx.push_text(t) {
                Ok(p) => { prop_assert!(ours); if p.complete { done = true; break; } }
                Err(FrameError::OtherTransfer { reading, found }) => {
                    prop_assert!(!ours); prop_assert_eq!((reading, found), (*transfer, *other_t));
                }
                Err(e) => prop_assert!(false, "{e}"),
            }
        }
        prop_assert!(done, "not complete from {} frames", stream.len());
        let (kind, id, m) = rx.take().expect("message");
        prop_assert_eq!((kind, id), (MessageKind::Share, *transfer));
        prop_assert_eq!(&m, message);
    }

    /// Any text is refused or taken without a panic, and a refused frame leaves the receiver as
    /// it was.
    #[test]
    fn random_text_never_panics(s in "\\PC{0,300}", b45 in "[0-9A-Z $%*+./:-]{0,1200}") {
        let mut rx = Receiver::new();
        let _ = rx.push_text(&s);
        let _ = rx.push_text(&format!("WK1:{b45}"));
        prop_assert!(rx.take().is_none() || b45.len() > 20);
    }

    /// Random bytes as a frame, or as any message kind, are refused without a panic.
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1600)) {
        let mut rx = Receiver::new();
        let _ = rx.push(&bytes);
        let _ = frames::parse(&bytes);
        let _ = karte_core::share::ProviderCard::from_message(&bytes);
        let (keys, r) = fixture();
        let _ = exchange::open_share(&bytes, None, keys);
        let _ = exchange::preview(r, MessageKind::Entries, &bytes, None, at(2025, 6, 15, 10));
        let _ = exchange::preview(r, MessageKind::Issue, &bytes, None, at(2025, 6, 15, 10));
    }

    /// Base45 round-trips every byte string.
    #[test]
    fn base45_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..500)) {
        prop_assert_eq!(text::base45_decode(&text::base45_encode(&bytes)), Ok(bytes));
    }
}

#[test]
fn forged_frames_complete_to_a_message_that_opening_refuses() {
    // A fountain code turns any K independent symbols into *some* message: frames are not
    // trusted; the AEAD is what refuses forged content.
    let (_, keys) = provider("clinic", CLINIC, karte_core::record::PartnerRole::PartnerClinic);
    let mut rx = Receiver::new();
    let k = 4u16;
    let mut complete = false;
    for esi in 0..(k + MAX_EXTRA_FRAMES as u16) {
        let mut f = vec![2u8, 0, 0, 0, 9];
        f.extend_from_slice(&(100 * k).to_be_bytes());
        f.extend_from_slice(&(esi + 1000).to_be_bytes());
        f.extend_from_slice(&[esi as u8; 100]);
        if rx.push(&f).expect("frame").complete {
            complete = true;
            break;
        }
    }
    assert!(complete);
    let (_, transfer, m) = rx.take().expect("message");
    assert_eq!(m.len(), 400);
    assert!(exchange::open_share(&m, Some(transfer), &keys).is_err());
}
