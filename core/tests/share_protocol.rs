//! The share protocol end to end: pairing, a share through frames, the doctor's answer through
//! frames, preview and merge, the chain, and every refusal leaving the record unchanged.

mod common;

use common::*;
use karte_core::demo;
use karte_core::record::*;
use karte_core::share::exchange::{self, Draft, Paired, ShareOptions};
use karte_core::share::{chain, ChainProblem, MergeError, MessageKind, Mode, Part, Receiver, Sender, Trust};
use karte_core::vocab::CancerType;
use karte_core::pathway::Place;

fn five_year_record(rng: &mut TestRng) -> Record {
    let mut r = demo::record_after(CancerType::Stomach, date(2025, 6, 15), 60);
    r.sharing.ensure_key(&mut rng.f()).expect("key");
    r
}

fn visit_draft(today: chrono::NaiveDate) -> Draft {
    visit_draft_at(CLINIC, Place::Clinic, today)
}

/// Sends a message through frames of `mode` and reads it back in the given frame order.
fn through_frames(kind: MessageKind, transfer: u32, message: &[u8], mode: Mode) -> Vec<u8> {
    let sender = Sender::new(kind, transfer, message, mode).expect("frames");
    let mut rx = Receiver::expecting(kind);
    for t in sender.animation() {
        let p = rx.push_text(&t).expect("frame");
        if p.complete {
            break;
        }
    }
    let (k, id, m) = rx.take().expect("complete");
    assert_eq!((k, id), (kind, transfer));
    m
}

#[test]
fn a_visit_travels_to_the_clinic_and_back() {
    let mut rng = TestRng::new("visit");
    let mut record = five_year_record(&mut rng);
    let (card, keys) = provider("clinic", CLINIC, PartnerRole::PartnerClinic);

    // Pairing: the clinic is in the demo's partner list without keys; scanning its card pins them.
    let card_msg = through_frames(MessageKind::Card, 7, &card.to_message(&keys), Mode::Camera);
    let scanned = karte_core::share::ProviderCard::from_message(&card_msg).expect("card");
    assert_eq!(scanned, card);
    let paired = exchange::pair(&mut record, &scanned, at(2025, 6, 15, 9), EntryId("phone-p1".into()), false).expect("pair");
    assert_eq!(paired, Paired::Pinned, "the demo lists the clinic: it is pinned, no entry written");
    assert_eq!(
        exchange::pair(&mut record, &scanned, at(2025, 6, 15, 9), EntryId("phone-p2".into()), false),
        Ok(Paired::AlreadyPaired)
    );

    // Share.
    let out = exchange::share(&mut record, &card, date(2025, 6, 15), at(2025, 6, 15, 9), &ShareOptions::default(), &mut rng.f())
        .expect("share");
    let received = through_frames(MessageKind::Share, out.transfer, &out.message, Mode::Camera);
    let opened = exchange::open_share(&received, Some(out.transfer), &keys).expect("open");
    let view = opened.bundle.view();
    assert_eq!(view.profile.as_ref().map(|p| p.value.allergies.clone()), Some(vec!["造影剤 (軽い発疹)".to_string()]));
    assert!(opened.bundle.due.is_some(), "a visit is due");
    assert!(opened.bundle.omitted.is_empty());

    // The doctor answers with a signed visit.
    let answer = exchange::answer(&opened, &card, &keys, MessageKind::Entries, vec![visit_draft(date(2025, 6, 15))], at(2025, 6, 15, 10), &mut rng.f())
        .expect("answer");
    let back = through_frames(MessageKind::Entries, answer.transfer, &answer.message, Mode::Camera);
    let preview = exchange::preview(&record, MessageKind::Entries, &back, Some(answer.transfer), at(2025, 6, 15, 10)).expect("preview");
    assert_eq!(preview.trust, Trust::Verified);
    let before = record.entries().len();
    assert_eq!(exchange::merge(&mut record, &preview, false, at(2025, 6, 15, 10)), Ok(1));
    assert_eq!(record.entries().len(), before + 1);
    let last = record.entries().last().expect("entry");
    assert_eq!(exchange::entry_trust(&record, last), exchange::EntryTrust::Verified);

    // The same QR code again adds nothing.
    let again = exchange::preview(&record, MessageKind::Entries, &back, Some(answer.transfer), at(2025, 6, 15, 10));
    assert_eq!(again, Err(MergeError::AlreadyMerged));
    assert_eq!(exchange::merge(&mut record, &preview, false, at(2025, 6, 15, 10)), Err(MergeError::AlreadyMerged));

    // The record's chain verifies; the record survives its JSON form with the sharing state.
    let report = chain::verify(record.entries());
    assert!(report.is_intact(), "{:?}", report.problems);
    assert_eq!(report.signed, 1);
    let json = record.to_json().expect("json");
    assert_eq!(Record::from_json(&json).expect("read"), record);
}

#[test]
fn the_patient_is_told_when_the_provider_kept_the_record() {
    let mut rng = TestRng::new("kept");
    let mut record = five_year_record(&mut rng);
    let (card, keys) = provider("clinic", CLINIC, PartnerRole::PartnerClinic);
    exchange::pair(&mut record, &card, at(2025, 6, 1, 9), EntryId("phone-pair".into()), false).expect("pair");
    let out = exchange::share(&mut record, &card, date(2025, 6, 15), at(2025, 6, 15, 9), &ShareOptions::default(), &mut rng.f()).expect("share");
    let opened = exchange::open_share(&out.message, None, &keys).expect("open");
    let (a, entries) = exchange::answer_keeping(&opened, &card, &keys, MessageKind::Entries, vec![visit_draft(date(2025, 6, 15))], true, at(2025, 6, 15, 10), &mut rng.f())
        .expect("answer");
    assert_eq!(entries.len(), 1);
    let p = exchange::preview(&record, MessageKind::Entries, &a.message, None, at(2025, 6, 15, 10)).expect("preview");
    assert!(p.kept);
    exchange::merge(&mut record, &p, false, at(2025, 6, 15, 10)).expect("merge");
    assert!(record.sharing.merged.last().is_some_and(|m| m.kept_by_provider));
    let plain = exchange::answer(&opened, &card, &keys, MessageKind::Entries, vec![visit_draft(date(2025, 6, 16))], at(2025, 6, 16, 10), &mut rng.f()).expect("answer");
    assert!(!exchange::preview(&record, MessageKind::Entries, &plain.message, None, at(2025, 6, 15, 11)).expect("preview").kept);
}

#[test]
fn parts_left_out_are_named_and_absent() {
    let mut rng = TestRng::new("omit");
    let mut record = five_year_record(&mut rng);
    let (card, keys) = provider("clinic", CLINIC, PartnerRole::PartnerClinic);
    let options = ShareOptions { omit: vec![Part::Memos, Part::Results] };
    let out = exchange::share(&mut record, &card, date(2025, 6, 15), at(2025, 6, 15, 9), &options, &mut rng.f()).expect("share");
    let opened = exchange::open_share(&out.message, None, &keys).expect("open");
    assert_eq!(opened.bundle.omitted, vec![Part::Results, Part::Memos]);
    let view = opened.bundle.view();
    assert!(view.memos.is_empty() && view.results.is_empty());
    assert!(!view.visits.is_empty());
    assert_eq!(record.sharing.shares.last().map(|s| s.omitted.clone()), Some(vec![Part::Results, Part::Memos]));
}

/// A record with three signed entries from the clinic, each answering its own share, with a
/// patient memo between them.
fn chained_record() -> Record {
    let mut rng = TestRng::new("chain");
    let mut record = five_year_record(&mut rng);
    let (card, keys) = provider("clinic", CLINIC, PartnerRole::PartnerClinic);
    exchange::pair(&mut record, &card, at(2025, 6, 1, 9), EntryId("phone-pair".into()), false).expect("pair");
    for (i, day) in [15, 16, 17].into_iter().enumerate() {
        let out = exchange::share(&mut record, &card, date(2025, 6, day), at(2025, 6, day, 9), &ShareOptions::default(), &mut rng.f())
            .expect("share");
        let opened = exchange::open_share(&out.message, None, &keys).expect("open");
        let a = exchange::answer(&opened, &card, &keys, MessageKind::Entries, vec![visit_draft(date(2025, 6, day))], at(2025, 6, day, 10), &mut rng.f())
            .expect("answer");
        let p = exchange::preview(&record, MessageKind::Entries, &a.message, None, at(2025, 6, day, 10)).expect("preview");
        exchange::merge(&mut record, &p, false, at(2025, 6, day, 10)).expect("merge");
        let memo = Entry::new(EntryId(format!("phone-m{i}")), Author::Patient, at(2025, 6, day, 20), EntryBody::Memo(Memo { text: format!("メモ{i}") }));
        record.append(memo).expect("memo");
    }
    record
}

fn signed_ids(entries: &[Entry]) -> Vec<EntryId> {
    entries.iter().filter(|e| e.signature.is_some()).map(|e| e.id.clone()).collect()
}

#[test]
fn an_untouched_chain_verifies() {
    let r = chained_record();
    let report = chain::verify(r.entries());
    assert_eq!((report.signed, report.intact), (3, 3));
    assert!(report.is_intact());
}

#[test]
fn removing_a_signed_entry_names_it() {
    let r = chained_record();
    let ids = signed_ids(r.entries());
    for victim in &ids[..2] {
        let entries: Vec<Entry> = r.entries().iter().filter(|e| &e.id != victim).cloned().collect();
        let report = chain::verify(&entries);
        assert!(
            report.problems.iter().any(|p| matches!(p, ChainProblem::Removed { missing, .. } if missing == victim)),
            "{victim}: {:?}",
            report.problems
        );
    }
}

#[test]
fn reordering_signed_entries_names_the_entry_moved() {
    let r = chained_record();
    let ids = signed_ids(r.entries());
    let mut entries = r.entries().to_vec();
    let a = entries.iter().position(|e| e.id == ids[0]).expect("a");
    let b = entries.iter().position(|e| e.id == ids[1]).expect("b");
    entries.swap(a, b);
    let report = chain::verify(&entries);
    assert!(
        report.problems.iter().any(|p| matches!(p, ChainProblem::Moved { moved, .. } if *moved == ids[0])),
        "{:?}",
        report.problems
    );
}

#[test]
fn editing_a_signed_entry_names_it() {
    let r = chained_record();
    let ids = signed_ids(r.entries());
    for victim in &ids {
        let mut entries = r.entries().to_vec();
        let e = entries.iter_mut().find(|e| &e.id == victim).expect("entry");
        if let EntryBody::Visit(v) = &mut e.body {
            v.details = "改ざん".into();
        }
        let report = chain::verify(&entries);
        assert_eq!(report.problems.first(), Some(&ChainProblem::Altered(victim.clone())), "{:?}", report.problems);
    }
}

#[test]
fn editing_an_unsigned_entry_before_a_signed_one_is_reported_at_that_entry() {
    let r = chained_record();
    let ids = signed_ids(r.entries());
    let mut entries = r.entries().to_vec();
    let memo = entries.iter_mut().find(|e| e.id.0 == "phone-m0").expect("memo");
    memo.body = EntryBody::Memo(Memo { text: "書き換え".into() });
    let report = chain::verify(&entries);
    assert_eq!(
        report.problems,
        vec![
            ChainProblem::EarlierChanged { entry: ids[1].clone(), claimed: report_claim(&r, &ids[1]) },
            ChainProblem::EarlierChanged { entry: ids[2].clone(), claimed: report_claim(&r, &ids[2]) },
        ]
    );
}

fn report_claim(r: &Record, id: &EntryId) -> u32 {
    r.entry(id).and_then(|e| e.signature.as_ref()).and_then(|s| s.basis.as_ref()).map_or(0, |b| b.entries)
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn record_with(cancer: usize, months: u32, memos: &[String], values: &[f64]) -> Record {
        let mut rng = TestRng::new("prop");
        let mut r = demo::record_after(CancerType::ALL[cancer % CancerType::ALL.len()], date(2025, 6, 15), months);
        r.sharing.ensure_key(&mut rng.f()).expect("key");
        for (i, m) in memos.iter().enumerate() {
            let e = Entry::new(EntryId(format!("phone-x{i}")), Author::Patient, at(2025, 6, 1, 8), EntryBody::Memo(Memo { text: m.clone() }));
            r.append(e).expect("memo");
        }
        for (i, v) in values.iter().enumerate() {
            let body = EntryBody::TestResult(TestResult {
                analyte: Analyte::Cea,
                value: ResultValue::Number(*v),
                unit: Some(Unit::NgPerMl),
                reference: Analyte::Cea.usual().map(|u| u.1),
                date: date(2025, 5, 1 + (i as u32 % 28)),
                place: "検査センター".into(),
            });
            r.append(Entry::new(EntryId(format!("phone-v{i}")), Author::Patient, at(2025, 5, 2, 8), body)).expect("result");
        }
        r
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

        /// Random records -> share -> frames (shuffled, a third dropped, duplicated) -> the same
        /// content on the doctor's side.
        #[test]
        fn a_random_record_arrives_with_the_same_content(
            cancer in 0usize..6, months in 1u32..72,
            memos in proptest::collection::vec("\\PC{1,40}", 0..4),
            values in proptest::collection::vec(0.0f64..10000.0, 0..12),
            seed in any::<u64>(),
        ) {
            let mut record = record_with(cancer, months, &memos, &values);
            let (card, keys) = provider("clinic", CLINIC, PartnerRole::PartnerClinic);
            let mut rng = TestRng::new(&format!("{seed}"));
            let expected = karte_core::share::Bundle::of(&record, date(2025, 6, 15), &[]);
            let out = exchange::share(&mut record, &card, date(2025, 6, 15), at(2025, 6, 15, 9), &ShareOptions::default(), &mut rng.f()).expect("share");
            let s = Sender::new(MessageKind::Share, out.transfer, &out.message, Mode::Camera).expect("frames");
            let k = s.source_frames() as u32;
            let mut texts: Vec<(u64, String)> = Vec::new();
            let mut x = seed | 1;
            for t in s.texts(0, 3 * k + 4) {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                if x % 3 == 0 { continue; }
                if x % 5 == 0 { texts.push((x.rotate_left(7), t.clone())); }
                texts.push((x, t));
            }
            texts.sort();
            let mut rx = Receiver::expecting(MessageKind::Share);
            for (_, t) in &texts {
                if rx.push_text(t).expect("frame").complete { break; }
            }
            let (_, tr, m) = rx.take().expect("complete");
            let opened = exchange::open_share(&m, Some(tr), &keys).expect("open");
            prop_assert_eq!(&opened.bundle, &expected);
            prop_assert_eq!(opened.bundle.view().results.len(), record.view().results.len());
            prop_assert_eq!(opened.bundle.view().memos, record.view().memos);
            prop_assert_eq!(opened.bundle.view().profile.map(|p| p.value), record.view().profile.map(|p| p.value));
        }

        /// Entries round-trip signed; merging twice equals merging once.
        #[test]
        fn entries_round_trip_and_merge_once(details in "\\PC{0,80}", n in 1usize..4, seed in any::<u64>()) {
            let mut record = record_with(0, 24, &[], &[]);
            let (card, keys) = provider("clinic", CLINIC, PartnerRole::PartnerClinic);
            let mut rng = TestRng::new(&format!("{seed}"));
            exchange::pair(&mut record, &card, at(2025, 6, 1, 9), EntryId("phone-pair".into()), false).expect("pair");
            let out = exchange::share(&mut record, &card, date(2025, 6, 15), at(2025, 6, 15, 9), &ShareOptions::default(), &mut rng.f()).expect("share");
            let opened = exchange::open_share(&out.message, None, &keys).expect("open");
            let drafts: Vec<Draft> = (0..n).map(|i| {
                let mut d = visit_draft(date(2025, 6, 15));
                if let EntryBody::Visit(v) = &mut d.body { v.details = format!("{details}{i}"); v.visit_date = date(2025, 6, 10 + i as u32); }
                d
            }).collect();
            let a = exchange::answer(&opened, &card, &keys, MessageKind::Entries, drafts.clone(), at(2025, 6, 15, 10), &mut rng.f()).expect("answer");
            let p = exchange::preview(&record, MessageKind::Entries, &a.message, Some(a.transfer), at(2025, 6, 15, 10)).expect("preview");
            prop_assert_eq!(p.entries.iter().map(|e| e.body.clone()).collect::<Vec<_>>(), drafts.iter().map(|d| d.body.clone()).collect::<Vec<_>>());
            let mut once = record.clone();
            exchange::merge(&mut once, &p, false, at(2025, 6, 15, 10)).expect("merge");
            let mut twice = once.clone();
            prop_assert_eq!(exchange::merge(&mut twice, &p, false, at(2025, 6, 15, 11)), Err(MergeError::AlreadyMerged));
            prop_assert_eq!(exchange::preview(&twice, MessageKind::Entries, &a.message, Some(a.transfer), at(2025, 6, 15, 10)), Err(MergeError::AlreadyMerged));
            prop_assert_eq!(&twice, &once);
            prop_assert!(chain::verify(once.entries()).is_intact());
        }
    }
}
