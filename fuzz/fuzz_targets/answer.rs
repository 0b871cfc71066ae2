//! Entry point: an answer read by a patient's record that has a real, open share to a paired
//! clinic, so the fuzzed answers reach the merge logic (who may change what, the record's own
//! checks, the merge) instead of stopping at "unknown share".
//!
//! The input is an answer payload (CBOR, `exchange::Answer`; seeds: `answer.cbor` written by
//! `cargo test -p karte-core --test share_protocol` into `fuzz/corpus/answer`). Its first byte
//! chooses how it is read:
//! - even: as sent, against the record (signatures, subjects, bases as the input has them);
//! - odd: made to answer the open share as the clinic would: the share id and the clinic's card
//!   put in, every entry re-signed by the clinic with the share's basis and subject. What is
//!   left to the fuzzer is then exactly what the authority rules judge: the entries' bodies,
//!   authors and what they supersede.
//!
//! Invariants checked on every input: a refused answer leaves the record unchanged; an accepted
//! one merges once only; no merge changes the patient's pins; whom the phone trusts changes only
//! through a partner list signed by the planning hospital the patient pinned.
#![no_main]

use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime};
use karte_core::demo;
use karte_core::record::{EntryBody, EntryId, PartnerRole, Record};
use karte_core::share::exchange::{self, Answer, ShareOptions};
use karte_core::share::{chain, MessageKind, ProviderCard, ProviderIdentity, ProviderKeys};
use karte_core::vocab::CancerType;
use libfuzzer_sys::fuzz_target;

struct World {
    record: Record,
    clinic: (ProviderCard, ProviderKeys),
    hospital: ProviderCard,
    others: Vec<ProviderCard>,
    share_id: [u8; 16],
}

fn at(h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 6, 15).and_then(|d| d.and_hms_opt(h, 0, 0)).unwrap_or_default()
}

/// A deterministic byte source (the fuzz world must be the same on every run).
fn counter(seed: u8) -> impl FnMut(&mut [u8]) -> Result<(), karte_core::vault::EntropyError> {
    let mut n = seed.wrapping_mul(31);
    move |b: &mut [u8]| {
        b.iter_mut().for_each(|x| {
            n = n.wrapping_mul(167).wrapping_add(13);
            *x = n;
        });
        Ok(())
    }
}

fn provider(seed: u8, institution: &str, role: PartnerRole) -> (ProviderCard, ProviderKeys) {
    let keys = ProviderKeys::generate(&mut counter(seed)).expect("keys");
    let identity = ProviderIdentity {
        name: "見本 次郎".into(),
        institution: institution.into(),
        role,
        department: "内科".into(),
        phone: None,
        fax: None,
        institution_code: None,
    };
    (ProviderCard::new(identity, &keys), keys)
}

fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let mut record = demo::record_fixed(CancerType::Stomach);
        record.sharing.ensure_key(&mut counter(1)).expect("key");
        let clinic = provider(2, "みほん内科クリニック", PartnerRole::PartnerClinic);
        let hospital = provider(3, "見本市立がんセンター", PartnerRole::PlanningHospital);
        let vouched = provider(4, "みほん薬局", PartnerRole::Pharmacy);
        let stranger = provider(5, "よその内科医院", PartnerRole::PartnerClinic);
        exchange::pair(&mut record, &clinic.0, at(8), EntryId("fuzz-pair-c".into()), false).expect("pair");
        exchange::pair(&mut record, &hospital.0, at(8), EntryId("fuzz-pair-h".into()), false).expect("pair");
        let today = at(9).date();
        let out = exchange::share(&mut record, &clinic.0, today, at(9), &ShareOptions::default(), &mut counter(6))
            .expect("share");
        let opened = exchange::open_share(&out.message, None, &clinic.1).expect("open");
        World {
            record,
            clinic,
            hospital: hospital.0,
            others: vec![vouched.0, stranger.0],
            share_id: opened.share_id,
        }
    })
}

/// Whom the phone trusts, and as what: every institution the world knows.
fn trust(w: &World, r: &Record) -> Vec<String> {
    let cards = [&w.clinic.0, &w.hospital].into_iter().chain(w.others.iter());
    let mut out: Vec<String> =
        cards.map(|c| format!("{:?} {:?}", exchange::trust_of(r, c), exchange::role_of(r, c))).collect();
    out.push(format!("{:?}", exchange::vouched(r)));
    out
}

fn as_the_clinic(w: &World, mut a: Answer) -> Answer {
    a.answers = w.share_id;
    a.card = w.clinic.0.to_message(&w.clinic.1);
    let Some(share) = w.record.sharing.share(&w.share_id) else { return a };
    let Some(key) = w.record.sharing.key.as_ref() else { return a };
    let subject = chain::subject(&key.public(), &w.share_id);
    a.entries = a
        .entries
        .into_iter()
        .map(|mut e| {
            e.signature = None;
            chain::sign(e, &share.basis, &subject, &w.clinic.1)
        })
        .collect();
    a
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, payload)) = data.split_first() else { return };
    let w = world();
    let Ok(mut answer) = exchange::parse_answer(payload) else { return };
    if mode % 2 == 1 {
        answer = as_the_clinic(w, answer);
    }
    let kind = if mode & 2 == 0 { MessageKind::Entries } else { MessageKind::Issue };
    let before = trust(w, &w.record);
    let Ok(p) = exchange::verify_answer(&w.record, kind, u32::from(mode), answer, at(10)) else { return };
    let mut m = w.record.clone();
    if exchange::merge(&mut m, &p, true, at(10)).is_err() {
        assert_eq!(m, w.record, "a refused merge changed the record");
        return;
    }
    assert_eq!(m.sharing.pins, w.record.sharing.pins, "an answer changed the patient's pins");
    let list = p.entries.iter().any(|e| matches!(e.body, EntryBody::PartnerList(_)));
    if !(list && p.signer == w.hospital) {
        assert_eq!(trust(w, &m), before, "an answer changed whom the phone trusts");
    }
    let again = m.clone();
    assert!(exchange::merge(&mut m, &p, true, at(10)).is_err(), "merged twice");
    assert_eq!(m, again);
});
