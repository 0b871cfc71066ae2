//! The share format's conformance suite: `tests/data/share/*.json`, one case per file, each an
//! input (the texts a scanner read, who reads them) and the expected result of every step
//! (unprefix, Base45, frames, open, decompress, parse, verify, merge), in the manner of the EU
//! DCC test data. One table test runs them all.
//!
//! The files are data: the table test only reads them. They were written by this file's
//! generator from deterministic keys (`KARTE_WRITE_VECTORS=1 cargo test -p karte-core --test
//! share_vectors`), which also checks that each negative case fails at the step it was made
//! for. The readers and records they name ("clinic", "patient", …) are rebuilt here by
//! [`World::build`] from fixed seeds; if the demo records or the format change, the table test
//! fails and the files must be written anew (and reviewed: a changed expectation is a changed
//! format).

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::*;
use karte_core::demo;
use karte_core::record::*;
use karte_core::share::exchange::{self, Answer, Draft, Outgoing, ShareOptions};
use karte_core::share::frames::{Mode, Receiver, Sender};
use karte_core::share::{chain, compress, decompress, open, text, MessageKind, Part, ProviderCard, ProviderKeys};
use karte_core::vocab::CancerType;
use karte_core::pathway::Place;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/share")
}

fn digest(b: &[u8]) -> String {
    Sha256::digest(b).iter().take(8).map(|x| format!("{x:02x}")).collect()
}

// ------------------------------------------------------------------------------------------
// The world the cases are read in.

type Provider = (ProviderCard, ProviderKeys);

struct World {
    clinic: Provider,
    hospital: Provider,
    stranger: Provider,
    other: Provider,
    /// 5-year stomach record, paired with the clinic and the hospital; shares S1 (clinic),
    /// S2 (stranger) and a third to the hospital logged.
    patient: Record,
    s1: Outgoing,
    s2: Outgoing,
    /// An empty record with a key, paired with the hospital; share S4 to the hospital.
    fresh: Record,
    s4: Outgoing,
    /// `patient` after merging A1, the clinic's visit answering S1.
    merged: Record,
    a1: Outgoing,
    /// Another patient's record, with its own key, paired with the clinic, one share made.
    other_patient: Record,
    /// The clinic's name on a card with other keys (a new device, or someone else's).
    impostor: Provider,
    /// `patient` after three answers to S1 merged: S1 is used up.
    thrice: Record,
    /// `patient` after the patient withdrew consent for the clinic (after sharing S1).
    withdrawn: Record,
    /// A record with no entries, shared on the spot with the clinic (not paired).
    blank: Record,
    /// `blank` after the patient typed a memo (after sharing).
    blank_typed: Record,
    /// `fresh` after the hospital's booklet (its partner list vouches for the clinic), shared
    /// with the clinic.
    issued: Record,
}

const TODAY: (i32, u32, u32) = (2025, 6, 15);

fn today() -> chrono::NaiveDate {
    date(TODAY.0, TODAY.1, TODAY.2)
}

fn share_to(r: &mut Record, to: &ProviderCard, rng: &mut TestRng) -> Outgoing {
    exchange::share(r, to, today(), at(2025, 6, 15, 9), &ShareOptions::default(), &mut rng.f()).expect("share")
}

fn visit(institution: &str, place: Place) -> Draft {
    visit_draft_at(institution, place, today())
}

impl World {
    fn build() -> World {
        let clinic = provider("clinic", CLINIC, PartnerRole::PartnerClinic);
        let hospital = provider("hospital", HOSPITAL, PartnerRole::PlanningHospital);
        let stranger = provider("stranger", "よその内科医院", PartnerRole::PartnerClinic);
        let other = provider("other", "ほかの診療所", PartnerRole::PartnerClinic);
        let mut rng = TestRng::new("world");
        let mut patient = demo::record_after(CancerType::Stomach, today(), 60);
        patient.sharing.ensure_key(&mut rng.f()).expect("key");
        exchange::pair(&mut patient, &clinic.0, at(2025, 6, 1, 9), EntryId("phone-pair-1".into()), false).expect("pair");
        exchange::pair(&mut patient, &hospital.0, at(2025, 6, 1, 9), EntryId("phone-pair-2".into()), false).expect("pair");
        let s1 = share_to(&mut patient, &clinic.0, &mut rng);
        let s2 = share_to(&mut patient, &stranger.0, &mut rng);
        share_to(&mut patient, &hospital.0, &mut rng);
        let mut impostor_rng = TestRng::new("clinic-new-device");
        let impostor_keys = ProviderKeys::generate(&mut impostor_rng.f()).expect("keys");
        let impostor = (ProviderCard::new(clinic.0.identity.clone(), &impostor_keys), impostor_keys);
        // Shares[3]: to the impostor's card on the spot; shares[4]: to the clinic two days ago.
        share_to(&mut patient, &impostor.0, &mut rng);
        exchange::share(&mut patient, &clinic.0, date(2025, 6, 13), at(2025, 6, 13, 9), &ShareOptions::default(), &mut rng.f()).expect("share");
        let mut fresh = Record::new();
        fresh.sharing.ensure_key(&mut rng.f()).expect("key");
        exchange::pair(&mut fresh, &hospital.0, at(2025, 6, 1, 9), EntryId("phone-pair-h".into()), false).expect("pair");
        let s4 = share_to(&mut fresh, &hospital.0, &mut rng);
        let opened = exchange::open_share(&s1.message, None, &clinic.1).expect("open");
        let a1 = exchange::answer(&opened, &clinic.0, &clinic.1, MessageKind::Entries, vec![visit(CLINIC, Place::Clinic)], at(2025, 6, 15, 10), &mut rng.f())
            .expect("answer");
        let mut merged = patient.clone();
        let p = exchange::preview(&merged, MessageKind::Entries, &a1.message, None, at(2025, 6, 15, 10)).expect("preview");
        exchange::merge(&mut merged, &p, false, at(2025, 6, 15, 10)).expect("merge");
        let mut other_patient = demo::record_after(CancerType::Colorectal, today(), 12);
        other_patient.sharing.ensure_key(&mut rng.f()).expect("key");
        exchange::pair(&mut other_patient, &clinic.0, at(2025, 6, 1, 9), EntryId("phone-pair-o".into()), false).expect("pair");
        share_to(&mut other_patient, &clinic.0, &mut rng);
        let mut thrice = merged.clone();
        for _ in 0..2 {
            let a = exchange::answer(&opened, &clinic.0, &clinic.1, MessageKind::Entries, vec![visit(CLINIC, Place::Clinic)], at(2025, 6, 15, 10), &mut rng.f())
                .expect("answer");
            let p = exchange::preview(&thrice, MessageKind::Entries, &a.message, None, at(2025, 6, 15, 10)).expect("preview");
            exchange::merge(&mut thrice, &p, false, at(2025, 6, 15, 10)).expect("merge");
        }
        let mut withdrawn = patient.clone();
        let consent = Consent { event: ConsentEvent::Withdrawn, date: today(), to_whom: CLINIC.into(), by: Consenter::Patient };
        withdrawn.append(Entry::new(EntryId("phone-withdraw".into()), Author::Patient, at(2025, 6, 15, 9), EntryBody::Consent(consent))).expect("withdraw");
        let mut blank = Record::new();
        blank.sharing.ensure_key(&mut rng.f()).expect("key");
        share_to(&mut blank, &clinic.0, &mut rng);
        let mut blank_typed = blank.clone();
        blank_typed.append(Entry::new(EntryId("phone-memo".into()), Author::Patient, at(2025, 6, 15, 9), EntryBody::Memo(Memo { text: "待合室で".into() }))).expect("memo");
        let mut issued = fresh.clone();
        let opened4 = exchange::open_share(&s4.message, None, &hospital.1).expect("open");
        let drafts = vec![
            Draft { body: EntryBody::Profile(Profile { name: "見本 花子".into(), kana: "みほん はなこ".into(), date_of_birth: date(1950, 1, 2), sex: Sex::Female, allergies: vec!["ペニシリン".into()], adverse_drug_reactions: vec![], past_history: vec![] }), supersedes: None },
            Draft { body: EntryBody::PartnerList(exchange::partner_list(&[clinic.0.clone()])), supersedes: None },
        ];
        let a = exchange::answer(&opened4, &hospital.0, &hospital.1, MessageKind::Issue, drafts, at(2025, 6, 15, 10), &mut rng.f()).expect("issue");
        let p = exchange::preview(&issued, MessageKind::Issue, &a.message, None, at(2025, 6, 15, 10)).expect("preview");
        exchange::merge(&mut issued, &p, false, at(2025, 6, 15, 10)).expect("merge");
        share_to(&mut issued, &clinic.0, &mut rng);
        World { clinic, hospital, stranger, other, patient, s1, s2, fresh, s4, merged, a1, other_patient, impostor, thrice, withdrawn, blank, blank_typed, issued }
    }

    fn provider(&self, name: &str) -> Option<&Provider> {
        Some(match name {
            "clinic" => &self.clinic,
            "hospital" => &self.hospital,
            "stranger" => &self.stranger,
            "other" => &self.other,
            _ => return None,
        })
    }

    fn record(&self, name: &str) -> Option<Record> {
        Some(match name {
            "patient" => self.patient.clone(),
            "fresh" => self.fresh.clone(),
            "merged" => self.merged.clone(),
            "other-patient" => self.other_patient.clone(),
            "thrice" => self.thrice.clone(),
            "withdrawn" => self.withdrawn.clone(),
            "blank" => self.blank.clone(),
            "blank-typed" => self.blank_typed.clone(),
            "issued" => self.issued.clone(),
            "no-key" => {
                let mut r = self.patient.clone();
                r.sharing.key = None;
                r
            }
            _ => return None,
        })
    }
}

// ------------------------------------------------------------------------------------------
// The case format and its runner.

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Case {
    /// What the case shows.
    description: String,
    /// Who reads: a provider (`clinic`, `hospital`, `stranger`, `other`) or a patient's record
    /// (`patient`, `fresh`, `merged`, `no-key`, `other-patient`).
    reader: String,
    /// The kind the reader's screen expects (frames of another kind are refused), if any.
    expect: Option<String>,
    /// Whether the patient accepts an unverified signer.
    #[serde(default)]
    accept_unverified: bool,
    /// The texts read, in order.
    frames: Vec<String>,
    /// Each step's result, in order; an error ends the case.
    steps: Vec<String>,
}

fn kind_named(s: &str) -> Option<MessageKind> {
    [MessageKind::Card, MessageKind::Share, MessageKind::Entries, MessageKind::Issue, MessageKind::Backup].into_iter().find(|k| k.name() == s)
}

/// Runs a case through the real pipeline and returns each step's result.
fn run(w: &World, c: &Case) -> Vec<String> {
    let mut steps = Vec::new();
    let mut rx = match c.expect.as_deref().and_then(kind_named) {
        Some(k) => Receiver::expecting(k),
        None => Receiver::new(),
    };
    for (i, t) in c.frames.iter().enumerate() {
        let b45 = match text::unprefix(t) {
            Ok(b) => {
                steps.push(format!("unprefix[{i}]: ok"));
                b
            }
            Err(e) => {
                steps.push(format!("unprefix[{i}]: error: {e}"));
                return steps;
            }
        };
        let bytes = match text::base45_decode(b45) {
            Ok(b) => {
                steps.push(format!("base45[{i}]: ok {} bytes {}", b.len(), digest(&b)));
                b
            }
            Err(e) => {
                steps.push(format!("base45[{i}]: error: {e}"));
                return steps;
            }
        };
        match rx.push(&bytes) {
            Ok(p) => steps.push(format!(
                "frames[{i}]: ok {} {}/{}{}{}",
                p.kind,
                p.received,
                p.needed,
                if p.duplicate { " duplicate" } else { "" },
                if p.complete { " complete" } else { "" }
            )),
            Err(e) => {
                steps.push(format!("frames[{i}]: error: {e}"));
                return steps;
            }
        }
    }
    let Some((kind, transfer, message)) = rx.take() else {
        steps.push("frames: error: incomplete".into());
        return steps;
    };
    steps.push(format!("message: {kind} {transfer:08x} {} bytes {}", message.len(), digest(&message)));
    if kind == MessageKind::Backup {
        return read_paper(c, &message, steps);
    }
    if kind == MessageKind::Card {
        match ProviderCard::from_message(&message) {
            Ok(card) => steps.push(format!("parse: ok card {} {}", card.identity.institution, card.fingerprint())),
            Err(e) => {
                steps.push(format!("parse: error: {e}"));
                return steps;
            }
        }
        if let Some(mut r) = w.record(&c.reader) {
            let card = ProviderCard::from_message(&message).expect("parsed above");
            match exchange::pair(&mut r, &card, at(2025, 6, 15, 9), EntryId("phone-pair-v".into()), false) {
                Ok(p) => steps.push(format!("merge: ok {p:?}")),
                Err(e) => steps.push(format!("merge: error: {e}")),
            }
        }
        return steps;
    }
    // Sealed kinds: a provider opens a share, a patient's record opens an answer.
    let key = if let Some(p) = w.provider(&c.reader) {
        p.1.x25519.clone()
    } else {
        match w.record(&c.reader).and_then(|r| r.sharing.key.clone()) {
            Some(k) => k,
            None => {
                steps.push("open: error: this record has no sharing key".into());
                return steps;
            }
        }
    };
    let compressed = match open(&message, kind, Some(transfer), &key) {
        Ok(b) => {
            steps.push(format!("open: ok {} bytes {}", b.len(), digest(&b)));
            b
        }
        Err(e) => {
            steps.push(format!("open: error: {e}"));
            return steps;
        }
    };
    let plain = match decompress(&compressed) {
        Ok(b) => {
            steps.push(format!("decompress: ok {} bytes {}", b.len(), digest(&b)));
            b
        }
        Err(e) => {
            steps.push(format!("decompress: error: {e}"));
            return steps;
        }
    };
    if kind == MessageKind::Share {
        match exchange::parse_share(&plain) {
            Ok(s) => steps.push(format!(
                "parse: ok share {} entries, {} result rows, {} older visits, due {:?}, omitted {:?}",
                s.bundle.entries.len(),
                s.bundle.results.rows.len(),
                s.bundle.older_visits.len(),
                s.bundle.due.as_ref().map(|d| d.as_str().to_string()),
                s.bundle.omitted
            )),
            Err(e) => steps.push(format!("parse: error: {e}")),
        }
        return steps;
    }
    let answer = match exchange::parse_answer(&plain) {
        Ok(a) => {
            steps.push(format!("parse: ok {} entries", a.entries.len()));
            a
        }
        Err(e) => {
            steps.push(format!("parse: error: {e}"));
            return steps;
        }
    };
    let Some(mut record) = w.record(&c.reader) else {
        steps.push("verify: error: no record reads answers here".into());
        return steps;
    };
    let preview = match exchange::verify_answer(&record, kind, transfer, answer, at(2025, 6, 15, 10)) {
        Ok(p) => {
            steps.push(format!("verify: ok {:?} signed by {}", p.trust, p.signer.identity.institution));
            p
        }
        Err(e) => {
            steps.push(format!("verify: error: {e}"));
            return steps;
        }
    };
    let before = record.clone();
    match exchange::merge(&mut record, &preview, c.accept_unverified, at(2025, 6, 15, 11)) {
        Ok(n) => {
            let report = chain::verify(record.entries());
            steps.push(format!("merge: ok {n} added, chain {}/{} intact", report.intact, report.signed));
        }
        Err(e) => {
            assert_eq!(record, before, "a refused merge changed the record");
            steps.push(format!("merge: error: {e}"));
        }
    }
    steps
}

#[test]
fn conformance_vectors() {
    if std::env::var_os("KARTE_WRITE_VECTORS").is_some() {
        write_vectors();
    }
    let w = World::build();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir()).expect("tests/data/share").filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let mut negatives = 0;
    let mut errors = BTreeSet::new();
    let mut failures = Vec::new();
    for f in &files {
        let case: Case = serde_json::from_str(&std::fs::read_to_string(f).expect("read")).expect("case");
        let got = run(&w, &case);
        if let Some(seeds) = std::env::var_os("KARTE_FUZZ_SEEDS") {
            write_seeds(&PathBuf::from(seeds), f, &case);
        }
        if got != case.steps {
            failures.push(format!("{}:\n  expected {:#?}\n  got      {:#?}", f.display(), case.steps, got));
        }
        if let Some(last) = case.steps.last().filter(|s| s.contains(": error: ")) {
            negatives += 1;
            let step = last.split(':').next().unwrap_or("").split('[').next().unwrap_or("");
            let err = last.split(": error: ").nth(1).unwrap_or("");
            errors.insert(format!("{step}: {err}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), files.len(), failures.join("\n"));
    assert!(files.len() - negatives >= 8, "positive cases: {}", files.len() - negatives);
    assert!(negatives >= 60, "negative cases: {negatives}");
    assert_eq!(errors.len(), negatives, "every negative case ends in its own distinct error");
}

/// Seeds the fuzz targets' corpora from a case (`KARTE_FUZZ_SEEDS=fuzz/corpus`): the texts as
/// scanned, and the message they make for the target that reads its kind.
fn write_seeds(root: &std::path::Path, file: &std::path::Path, case: &Case) {
    let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("case");
    let put = |target: &str, bytes: &[u8]| {
        let d = root.join(target);
        std::fs::create_dir_all(&d).expect("corpus dir");
        std::fs::write(d.join(name), bytes).expect("seed");
    };
    put("scanned_text", case.frames.join("\n").as_bytes());
    let mut rx = Receiver::new();
    for t in &case.frames {
        let _ = rx.push_text(t);
    }
    if let Some((kind, _, m)) = rx.take() {
        match kind {
            MessageKind::Card => put("card", &m),
            MessageKind::Share => put("open_share", &m),
            MessageKind::Entries | MessageKind::Issue => put("answer", &m),
            MessageKind::Backup => {}
        }
    }
}

/// The passphrase of the paper backups' record (reader `paper-owner`); `paper-stranger` tries
/// another.
const PAPER_PASS: &str = "yama kawa sora 2026 hoshi";

/// A paper backup (kind 5): the vault envelope opened with the reader's passphrase, the record
/// inflated and parsed (docs/vault-format.md, "Paper backup").
fn read_paper(c: &Case, envelope: &[u8], mut steps: Vec<String>) -> Vec<String> {
    use karte_core::vault::{paper, store::Secret, Passphrase};
    let pass = Passphrase::from(if c.reader == "paper-owner" { PAPER_PASS } else { "umi mori tsuki 1999 kaze" });
    let json = match paper::read(envelope, Secret::Passphrase(&pass)) {
        Ok(j) => {
            steps.push(format!("open: ok {} bytes {}", j.len(), digest(&j)));
            j
        }
        Err(e) => {
            steps.push(format!("open: error: {e:?}"));
            return steps;
        }
    };
    match std::str::from_utf8(&json).ok().and_then(|j| Record::from_json(j).ok()) {
        Some(r) => steps.push(format!("parse: ok record {} entries", r.entries().len())),
        None => steps.push("parse: error: not a record".into()),
    }
    steps
}

// ------------------------------------------------------------------------------------------
// The generator: positive cases from the world, negative cases by mutation.

fn texts(kind: MessageKind, transfer: u32, message: &[u8], mode: Mode) -> Vec<String> {
    let s = Sender::new(kind, transfer, message, mode).expect("frames");
    s.texts(0, s.source_frames() as u32)
}

fn raw_frame(kind: u8, transfer: u32, length: u16, esi: u16, symbol: &[u8]) -> String {
    let mut f = vec![kind];
    f.extend_from_slice(&transfer.to_be_bytes());
    f.extend_from_slice(&length.to_be_bytes());
    f.extend_from_slice(&esi.to_be_bytes());
    f.extend_from_slice(symbol);
    text::to_text(&f)
}

/// A sealed message of `kind` to `to` whose compressed payload is `compressed`.
fn sealed(kind: MessageKind, transfer: u32, to: &[u8; 32], compressed: &[u8], rng: &mut TestRng) -> Vec<u8> {
    exchange::seal_compressed(kind, transfer, to, compressed, &mut rng.f()).expect("seal")
}

/// The clinic's answer to S1 with these entries and card, sealed to the patient.
fn answer_with(w: &World, kind: MessageKind, answers: [u8; 16], card: Vec<u8>, entries: Vec<Entry>, to: &Record, rng: &mut TestRng) -> (u32, Vec<u8>) {
    let a = Answer { answers, card, entries, kept: false };
    let transfer = 0x00A0_0000 + rng_u16(rng) as u32;
    let pk = to.sharing.key.as_ref().expect("key").public();
    let _ = w;
    (transfer, sealed(kind, transfer, &pk, &compress(&exchange::encode_answer(&a)), rng))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn rng_u16(rng: &mut TestRng) -> u16 {
    let mut b = [0u8; 2];
    rng.fill(&mut b).expect("rng");
    u16::from_be_bytes(b)
}

fn signed_visit(w: &World, p: &Provider, basis: &Basis, subject: &Subject, id: &str, institution: &str) -> Entry {
    let _ = w;
    let author = Author::Clinician { name: p.0.identity.name.clone(), institution: institution.into(), role: p.0.identity.role };
    let body = visit(institution, Place::Clinic).body;
    chain::sign(Entry::new(EntryId(id.into()), author, at(2025, 6, 15, 10), body), basis, subject, &p.1)
}

struct Gen {
    cases: Vec<(String, Case, Option<&'static str>)>,
}

/// A case of an attack the phone must refuse at `verify`, even with the patient accepting an
/// unverified sender.
fn attack(g: &mut Gen, name: &str, description: &str, reader: &str, frames: Vec<String>) {
    g.add(name, description, reader, None, frames, Some("verify"));
    if let Some((_, c, _)) = g.cases.last_mut() {
        c.accept_unverified = true;
    }
}

/// An entry signed by `p` in its own name.
fn signed_by(p: &Provider, id: &str, body: EntryBody, supersedes: Option<EntryId>, basis: &Basis, subject: &Subject) -> Entry {
    let author = Author::Clinician { name: p.0.identity.name.clone(), institution: p.0.identity.institution.clone(), role: p.0.identity.role };
    let mut e = Entry::new(EntryId(id.into()), author, at(2025, 6, 15, 10), body);
    e.supersedes = supersedes;
    chain::sign(e, basis, subject, &p.1)
}

impl Gen {
    fn add(&mut self, name: &str, description: &str, reader: &str, expect: Option<&str>, frames: Vec<String>, fails_at: Option<&'static str>) {
        self.cases.push((
            name.into(),
            Case { description: description.into(), reader: reader.into(), expect: expect.map(str::to_string), accept_unverified: false, frames, steps: vec![] },
            fails_at,
        ));
    }
}

fn write_vectors() {
    let w = World::build();
    let mut rng = TestRng::new("vectors");
    let mut g = Gen { cases: Vec::new() };
    let cam = |o: &Outgoing| texts(o.kind, o.transfer, &o.message, Mode::Camera);
    let card_msg = w.clinic.0.to_message(&w.clinic.1);
    let card_frames = texts(MessageKind::Card, 0x0000_0c1d, &card_msg, Mode::Camera);
    let s1 = cam(&w.s1);
    let a1 = cam(&w.a1);
    let s1_id = w.patient.sharing.shares[0].share_id;
    let s1_basis = w.patient.sharing.shares[0].basis.clone();
    let patient_pk = w.patient.sharing.key.as_ref().expect("key").public();
    let s1_subject = chain::subject(&patient_pk, &s1_id);

    // ---- positive cases
    g.add("ok-card", "a clinic's card read by a phone with the clinic already paired: nothing changes", "patient", Some("card"), card_frames.clone(), None);
    g.add("ok-card-new", "a card of an institution not in the partner list: it joins with its keys", "patient", Some("card"), texts(MessageKind::Card, 0x0000_0c1e, &w.stranger.0.to_message(&w.stranger.1), Mode::Camera), None);
    g.add("ok-share-camera", "a 5-year share in camera frames, read by the clinic", "clinic", Some("share"), s1.clone(), None);
    g.add("ok-share-pages", "the same share in scanner pages", "clinic", Some("share"), texts(MessageKind::Share, w.s1.transfer, &w.s1.message, Mode::Pages), None);
    let sender = Sender::new(MessageKind::Share, w.s1.transfer, &w.s1.message, Mode::Camera).expect("frames");
    let mut lossy = sender.texts(2, sender.source_frames() as u32);
    lossy.insert(1, lossy[0].clone());
    g.add("ok-share-repair-frames", "the share from repair frames only, one of them twice: the source frames were missed", "clinic", Some("share"), lossy, None);
    g.add("ok-entries-verified", "the clinic's signed visit, read by the phone that shared: verified and merged", "patient", Some("entries"), a1.clone(), None);
    // The stranger (not paired) answers S2: unverified, accepted by the patient.
    let opened = exchange::open_share(&w.s2.message, None, &w.stranger.1).expect("open");
    let a2 = exchange::answer(&opened, &w.stranger.0, &w.stranger.1, MessageKind::Entries, vec![visit("よその内科医院", Place::Clinic)], at(2025, 6, 15, 10), &mut rng.f()).expect("answer");
    g.add("ok-entries-unverified-accepted", "a visit from a clinic not paired: shown as unverified; the patient accepts it", "patient", Some("entries"), cam(&a2), None);
    let opened4 = exchange::open_share(&w.s4.message, None, &w.hospital.1).expect("open");
    let issue_entries = vec![
        Draft { body: EntryBody::Profile(Profile { name: "見本 花子".into(), kana: "みほん はなこ".into(), date_of_birth: date(1950, 1, 2), sex: Sex::Female, allergies: vec!["ペニシリン".into()], adverse_drug_reactions: vec![], past_history: vec![] }), supersedes: None },
        Draft { body: EntryBody::CarePlan(serde_json::from_str(r#"{"path":"colorectal-stage1","anchor":"2025-05-01","template_revision":1}"#).expect("plan")), supersedes: None },
    ];
    let a4 = exchange::answer(&opened4, &w.hospital.0, &w.hospital.1, MessageKind::Issue, issue_entries, at(2025, 6, 15, 10), &mut rng.f()).expect("issue");
    g.add("ok-issue", "the planning hospital issues the booklet into an empty record", "fresh", Some("issue"), cam(&a4), None);
    let mut r = w.patient.clone();
    let o = exchange::share(&mut r, &w.clinic.0, today(), at(2025, 6, 15, 9), &ShareOptions { omit: vec![Part::Memos, Part::Results] }, &mut rng.f()).expect("share");
    g.add("ok-share-omitted", "a share leaving out memos and results: the doctor is told", "clinic", Some("share"), cam(&o), None);

    // ---- text
    g.add("text-not-ours", "a URL QR code", "clinic", None, vec!["https://example.jp/karte".into()], Some("unprefix"));
    g.add("text-not-ours-kana", "an IME left on turned the prefix into kana", "clinic", None, vec![s1[0].replacen("WK1:", "ｗｋ１：", 1)], Some("unprefix"));
    g.add("text-version-2", "a code of a newer text version", "clinic", None, vec![s1[0].replacen("WK1:", "WK2:", 1)], Some("unprefix"));
    g.add("text-empty", "the prefix alone", "clinic", None, vec!["WK1:".into()], Some("unprefix"));
    g.add("text-lowercase", "a scanner that typed lower case (Caps Lock)", "clinic", None, vec![format!("WK1:{}", s1[0][4..].to_lowercase())], Some("base45"));
    let jis: String = {
        let data = &s1[0][4..];
        let i = data.find(['*', '+']).expect("a '*' or '+' in the data");
        let typed = if &data[i..=i] == "*" { "(" } else { "~" };
        format!("WK1:{}{}{}", &data[..i], typed, &data[i + 1..])
    };
    g.add("text-jis-symbols", "a US-layout scanner on a JIS keyboard typed '*' as '(' (or '+' as '~')", "clinic", None, vec![jis], Some("base45"));
    g.add("text-jis-prefix", "a US-layout scanner on a JIS keyboard typed the prefix's ':' as '+'", "clinic", None, vec![s1[0].replacen("WK1:", "WK1+", 1)], Some("unprefix"));
    g.add("text-fullwidth", "an IME in full-width mode turned a letter into 'Ａ'", "clinic", None, vec![format!("WK1:{}Ａ{}", &s1[0][4..10], &s1[0][10..])], Some("base45"));
    g.add("text-kana", "an IME left on turned letters into kana", "clinic", None, vec![format!("WK1:{}か{}", &s1[0][4..7], &s1[0][9..])], Some("base45"));
    g.add("text-cut", "a scan cut one character short", "clinic", None, vec![s1[0][..s1[0].len() - 1].to_string()], Some("base45"));
    g.add("text-overflow", "a Base45 group over 65535", "clinic", None, vec!["WK1:GGW".into()], Some("base45"));
    g.add("text-newline-inside", "a line break inside the data", "clinic", None, vec![format!("{}\n{}", &s1[0][..20], &s1[0][20..])], Some("base45"));

    // ---- frames
    g.add("frame-too-short", "5 bytes", "clinic", None, vec![text::to_text(&[2, 0, 0, 0, 1])], Some("frames"));
    g.add("frame-unknown-kind", "message kind 9", "clinic", None, vec![raw_frame(9, 1, 100, 0, &[0; 100])], Some("frames"));
    g.add("frame-kind-zero", "message kind 0", "clinic", None, vec![raw_frame(0, 1, 100, 0, &[0; 100])], Some("frames"));
    g.add("frame-zero-length", "a frame announcing an empty message", "clinic", None, vec![raw_frame(2, 1, 0, 0, &[0; 20])], Some("frames"));
    g.add("frame-symbol-too-large", "a 3,000-byte piece", "clinic", None, vec![raw_frame(2, 1, 60000, 0, &vec![0; 3000])], Some("frames"));
    g.add("frame-too-many", "65,535 bytes in 16-byte pieces: 4,096 frames", "clinic", None, vec![raw_frame(2, 1, 65535, 0, &[0; 16])], Some("frames"));
    g.add("frame-piece-longer-than-message", "a 200-byte piece of a 100-byte message", "clinic", None, vec![raw_frame(2, 1, 100, 0, &[0; 200])], Some("frames"));
    let s2f = cam(&w.s2);
    g.add("frame-other-transfer", "a frame of another share between two of this one", "clinic", Some("share"), vec![s1[0].clone(), s2f[0].clone()], Some("frames"));
    let mut inconsistent = text::base45_decode(&s1[1][4..]).expect("b45");
    inconsistent.truncate(inconsistent.len() - 1);
    g.add("frame-inconsistent", "a second frame of the same transfer with a shorter piece", "clinic", Some("share"), vec![s1[0].clone(), text::to_text(&inconsistent)], Some("frames"));
    g.add("frame-unexpected-kind", "the clinic's screen awaits a share; the patient shows a card", "clinic", Some("share"), card_frames.clone(), Some("frames"));
    g.add("frame-unexpected-kind-entries", "the phone awaits a visit; it reads a share", "patient", Some("entries"), vec![s1[0].clone()], Some("frames"));
    let mut after = s1.clone();
    after.push(s1[0].clone());
    g.add("frame-after-complete", "a frame after the message was complete", "clinic", Some("share"), after, Some("frames"));
    g.add("frame-incomplete", "one frame of two", "clinic", Some("share"), vec![s1[0].clone()], Some("frames"));

    // ---- open (share, read by providers)
    let s1m = &w.s1.message;
    let reframe = |m: &[u8], t: u32| texts(MessageKind::Share, t, m, Mode::Camera);
    let mutate = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut m = s1m.clone();
        f(&mut m);
        m
    };
    g.add("open-not-a-message", "magic 'XX'", "clinic", None, reframe(&mutate(&|m| m[0] = b'X'), w.s1.transfer), Some("open"));
    g.add("open-version-9", "message version 9 (a newer app's)", "clinic", None, reframe(&mutate(&|m| m[2] = 9), w.s1.transfer), Some("open"));
    g.add("open-version-1", "a share of message version 1, from an app not updated: refused as old (update)", "clinic", None, reframe(&mutate(&|m| m[2] = 1), w.s1.transfer), Some("open"));
    g.add("open-unknown-kind", "message kind 7 in share frames", "clinic", None, reframe(&mutate(&|m| m[3] = 7), w.s1.transfer), Some("open"));
    g.add("open-wrong-kind", "an entries message in share frames", "clinic", None, reframe(&mutate(&|m| m[3] = 3), w.s1.transfer), Some("open"));
    g.add("open-truncated", "a message cut to 40 bytes", "clinic", None, reframe(&s1m[..40], w.s1.transfer), Some("open"));
    g.add("open-transfer-mismatch", "the message names another transfer than its frames", "clinic", None, reframe(s1m, 0x1234_5678), Some("open"));
    // The header names no recipient: a message for another key and an altered one fail alike
    // (the cases for another patient, a flipped ciphertext or `enc` byte end in this error too).
    g.add("open-for-someone-else", "a share sealed for another clinic, read by this one", "other", None, s1.clone(), Some("open"));
    g.add("open-no-key", "a record without a key reads an answer", "no-key", None, a1.clone(), Some("open"));

    // ---- decompress
    let junk = sealed(MessageKind::Share, 0x0000_d001, &w.clinic.0.x25519, &[0xFF; 64], &mut rng);
    g.add("decompress-not-deflate", "sealed bytes that are not DEFLATE", "clinic", None, texts(MessageKind::Share, 0x0000_d001, &junk, Mode::Camera), Some("decompress"));
    let bomb = sealed(MessageKind::Share, 0x0000_d002, &w.clinic.0.x25519, &compress(&vec![0u8; 2 << 20]), &mut rng);
    g.add("decompress-too-large", "2 MiB of zeros in 2 KB: over the 1 MiB limit", "clinic", None, texts(MessageKind::Share, 0x0000_d002, &bomb, Mode::Camera), Some("decompress"));

    // ---- parse
    let p = |b: &[u8], t: u32, rng: &mut TestRng| texts(MessageKind::Share, t, &sealed(MessageKind::Share, t, &w.clinic.0.x25519, &compress(b), rng), Mode::Camera);
    g.add("parse-share-not-cbor", "a share payload that is not CBOR", "clinic", None, p(&[0xFF, 0x00], 0x0000_e001, &mut rng), Some("parse"));
    g.add("parse-share-missing-field", "a share payload without its bundle", "clinic", None, p(&{ let mut v = Vec::new(); ciborium::into_writer(&serde_json::json!({"patient": "x"}), &mut v).expect("cbor"); v }, 0x0000_e002, &mut rng), Some("parse"));
    let mut trailing = decompress(&open(s1m, MessageKind::Share, None, &w.clinic.1.x25519).expect("open")).expect("plain");
    trailing.push(0);
    g.add("parse-share-trailing", "a share payload with a byte after its end", "clinic", None, p(&trailing, 0x0000_e003, &mut rng), Some("parse"));
    // A share forged with only the clinic's public card, claiming more entries checked on the
    // patient's phone than it sends (main: the doctor's view said "18 of 15 checked").
    let forged = {
        let mut plain = trailing.clone();
        plain.pop();
        let mut v: ciborium::Value = ciborium::from_reader(plain.as_slice()).expect("cbor");
        let bundle = v.as_map_mut().and_then(|m| m.iter_mut().find(|(k, _)| k.as_text() == Some("bundle"))).map(|(_, b)| b).expect("bundle");
        let map = bundle.as_map_mut().expect("bundle map");
        let n = map.iter().find(|(k, _)| k.as_text() == Some("entries")).and_then(|(_, e)| e.as_array()).map_or(0, Vec::len);
        let verified = map.iter_mut().find(|(k, _)| k.as_text() == Some("verified")).map(|(_, x)| x).expect("verified");
        *verified = ciborium::Value::Array((0..n as u64 + 3).map(|i| ciborium::Value::Integer(i.into())).collect());
        let mut out = Vec::new();
        ciborium::into_writer(&v, &mut out).expect("cbor");
        out
    };
    g.add("parse-share-forged-count", "a share forged with the clinic's public card claiming 3 more entries checked on the patient's phone than it holds (main: the doctor's view showed 'N+3 of N checked')", "clinic", None, p(&forged, 0x0000_e006, &mut rng), Some("parse"));
    let pa = |b: &[u8], t: u32, rng: &mut TestRng| {
        let pk = w.patient.sharing.key.as_ref().expect("key").public();
        texts(MessageKind::Entries, t, &sealed(MessageKind::Entries, t, &pk, &compress(b), rng), Mode::Camera)
    };
    g.add("parse-answer-not-cbor", "an answer payload that is not CBOR", "patient", None, pa(&[0x5F], 0x0000_e004, &mut rng), Some("parse"));
    g.add("parse-answer-wrong-shape", "an answer payload that is a number", "patient", None, pa(&[0x01], 0x0000_e005, &mut rng), Some("parse"));

    // ---- cards
    let card_bad = |f: &dyn Fn(&mut Vec<u8>), t: u32| {
        let mut m = card_msg.clone();
        f(&mut m);
        texts(MessageKind::Card, t, &m, Mode::Camera)
    };
    g.add("card-bad-signature", "a card whose signature was altered", "patient", None, card_bad(&|m| { let n = m.len(); m[n - 1] ^= 1; }, 0x0000_c001), Some("parse"));
    g.add("card-unknown-role", "a card whose role is not one this app knows", "patient", None, card_bad(&|m| { if let Some(i) = m.windows(14).position(|w| w == b"partner-clinic") { m[i] = b'q'; } }, 0x0000_c002), Some("parse"));
    g.add("card-truncated", "a card cut to 60 bytes", "patient", None, card_bad(&|m| m.truncate(60), 0x0000_c003), Some("parse"));
    g.add("card-not-cbor", "a card whose body is not CBOR", "patient", None, card_bad(&|m| { m.truncate(4); m.extend_from_slice(&[0xFF; 70]); }, 0x0000_c004), Some("parse"));
    g.add("card-magic", "a card with magic 'XK'", "patient", None, card_bad(&|m| m[0] = b'X', 0x0000_c005), Some("parse"));
    g.add("card-version", "a card of message version 9", "patient", None, card_bad(&|m| m[2] = 9, 0x0000_c006), Some("parse"));
    g.add("card-kind", "a card message whose header says share", "patient", None, card_bad(&|m| m[3] = 2, 0x0000_c007), Some("parse"));
    let blank = |name: &str, inst: &str, t: u32| {
        let mut id = w.clinic.0.identity.clone();
        id.name = name.into();
        id.institution = inst.into();
        let c = ProviderCard::new(id, &w.clinic.1);
        texts(MessageKind::Card, t, &c.to_message(&w.clinic.1), Mode::Camera)
    };
    g.add("card-no-name", "a card with an empty name", "patient", None, blank(" ", CLINIC, 0x0000_c008), Some("parse"));
    g.add("card-no-institution", "a card with an empty institution", "patient", None, blank("見本 次郎", "", 0x0000_c009), Some("parse"));
    let mut new_keys = TestRng::new("clinic-new-device");
    let replaced = ProviderKeys::generate(&mut new_keys.f()).expect("keys");
    let impostor = ProviderCard::new(w.clinic.0.identity.clone(), &replaced);
    g.add("card-keys-changed", "the paired clinic's name on a card with other keys: pairing asks before replacing", "patient", None, texts(MessageKind::Card, 0x0000_c00a, &impostor.to_message(&replaced), Mode::Camera), Some("merge"));

    // ---- verify (answers, read by the patient)
    let pk_of = |r: &Record| r.sharing.key.as_ref().expect("key").public();
    let _ = pk_of;
    let ans = |kind: MessageKind, answers: [u8; 16], card: Vec<u8>, entries: Vec<Entry>, to: &Record, rng: &mut TestRng| {
        let (t, m) = answer_with(&w, kind, answers, card, entries, to, rng);
        texts(kind, t, &m, Mode::Camera)
    };
    let good = |id: &str| signed_visit(&w, &w.clinic, &s1_basis, &s1_subject, id, CLINIC);
    let ccard = card_msg.clone();
    g.add("verify-unknown-share", "an answer naming a share this phone never made", "patient", None, ans(MessageKind::Entries, [7; 16], ccard.clone(), vec![good("v-unknown")], &w.patient, &mut rng), Some("verify"));
    g.add("verify-replay", "the same visit QR code scanned again after merging", "merged", None, a1.clone(), Some("verify"));
    g.add("verify-empty", "an answer with no entries", "patient", None, ans(MessageKind::Entries, s1_id, ccard.clone(), vec![], &w.patient, &mut rng), Some("verify"));
    let hcard = w.hospital.0.to_message(&w.hospital.1);
    let hv = signed_visit(&w, &w.hospital, &s1_basis, &s1_subject, "v-by-hospital", HOSPITAL);
    g.add("verify-answered-by-another", "the share went to the clinic; the hospital signed the answer", "patient", None, ans(MessageKind::Entries, s1_id, hcard.clone(), vec![hv], &w.patient, &mut rng), Some("verify"));
    let mut unsigned = good("v-unsigned");
    unsigned.signature = None;
    g.add("verify-unsigned", "an entry without a signature", "patient", None, ans(MessageKind::Entries, s1_id, ccard.clone(), vec![unsigned], &w.patient, &mut rng), Some("verify"));
    let by_other = signed_visit(&w, &w.other, &s1_basis, &s1_subject, "v-other-key", CLINIC);
    g.add("verify-signer-mismatch", "an entry signed by another key than the card's", "patient", None, ans(MessageKind::Entries, s1_id, ccard.clone(), vec![by_other], &w.patient, &mut rng), Some("verify"));
    let mut altered = good("v-altered");
    if let EntryBody::Visit(v) = &mut altered.body {
        v.details = "改ざん".into();
    }
    g.add("verify-bad-signature", "an entry altered after signing", "patient", None, ans(MessageKind::Entries, s1_id, ccard.clone(), vec![altered], &w.patient, &mut rng), Some("verify"));
    let stale_basis = Basis { entries: 3, head: "00".repeat(32), last_signed: None };
    let stale = signed_visit(&w, &w.clinic, &stale_basis, &s1_subject, "v-stale", CLINIC);
    g.add("verify-stale-basis", "an entry signed over another state of the record", "patient", None, ans(MessageKind::Entries, s1_id, ccard.clone(), vec![stale], &w.patient, &mut rng), Some("verify"));
    let wrong_author = signed_visit(&w, &w.clinic, &s1_basis, &s1_subject, "v-author", "ほかの病院");
    g.add("verify-author-mismatch", "an entry in another institution's name", "patient", None, ans(MessageKind::Entries, s1_id, ccard.clone(), vec![wrong_author], &w.patient, &mut rng), Some("verify"));
    let dup_id = w.merged.entries().last().expect("entry").id.clone();
    let dup = signed_visit(&w, &w.clinic, &s1_basis, &s1_subject, dup_id.as_str(), CLINIC);
    g.add("verify-duplicate-entry", "one entry already merged, another new", "merged", None, ans(MessageKind::Entries, s1_id, ccard.clone(), vec![good("v-new"), dup], &w.merged, &mut rng), Some("verify"));
    let mut bad_ref = visit(CLINIC, Place::Clinic);
    bad_ref.supersedes = Some(EntryId("no-such-entry".into()));
    let author = Author::Clinician { name: w.clinic.0.identity.name.clone(), institution: CLINIC.into(), role: PartnerRole::PartnerClinic };
    let invalid = chain::sign(Entry::new(EntryId("v-invalid".into()), author, at(2025, 6, 15, 10), bad_ref.body).superseding(EntryId("no-such-entry".into())), &s1_basis, &s1_subject, &w.clinic.1);
    g.add("verify-invalid-entry", "an entry correcting an entry the record does not have", "patient", None, ans(MessageKind::Entries, s1_id, ccard.clone(), vec![invalid], &w.patient, &mut rng), Some("verify"));
    let s3_id = w.patient.sharing.shares[2].share_id;
    let s3_basis = w.patient.sharing.shares[2].basis.clone();
    let h_issue = signed_visit(&w, &w.hospital, &s3_basis, &chain::subject(&patient_pk, &s3_id), "v-issue-late", HOSPITAL);
    g.add("verify-issue-not-empty", "an opening booklet for a record that already has a plan", "patient", None, ans(MessageKind::Issue, s3_id, hcard.clone(), vec![h_issue], &w.patient, &mut rng), Some("verify"));
    let s1_issue = good("v-issue-clinic");
    g.add("verify-issue-not-hospital", "an opening booklet signed by a partner clinic", "patient", None, ans(MessageKind::Issue, s1_id, ccard.clone(), vec![s1_issue], &w.patient, &mut rng), Some("verify"));
    let mut bad_card = ccard.clone();
    let n = bad_card.len();
    bad_card[n - 3] ^= 0x40;
    g.add("verify-card-signature", "an answer whose signer card was altered", "patient", None, ans(MessageKind::Entries, s1_id, bad_card, vec![good("v-badcard")], &w.patient, &mut rng), Some("verify"));
    g.add("verify-card-garbage", "an answer whose signer card is not a card", "patient", None, ans(MessageKind::Entries, s1_id, vec![1, 2, 3], vec![good("v-nocard")], &w.patient, &mut rng), Some("verify"));
    let a1m = &w.a1.message;
    let mut a1v = a1m.clone();
    a1v[2] = 3;
    g.add("open-entries-version-3", "a visit message of version 3", "patient", None, texts(MessageKind::Entries, w.a1.transfer, &a1v, Mode::Camera), Some("open"));
    g.add("open-entries-as-issue", "entries frames whose message says issue", "patient", None, texts(MessageKind::Issue, w.a1.transfer, a1m, Mode::Camera), Some("open"));
    g.add("open-entries-transfer", "a visit message in frames of another transfer", "patient", None, texts(MessageKind::Entries, 0x0bad_0bad, a1m, Mode::Camera), Some("open"));
    g.add("open-entries-truncated", "a visit message cut to 50 bytes", "patient", None, texts(MessageKind::Entries, w.a1.transfer, &a1m[..50], Mode::Camera), Some("open"));

    // ---- merge
    let mut unverified = Case { description: "a visit from a clinic not paired; the patient declines".into(), reader: "patient".into(), expect: Some("entries".into()), accept_unverified: false, frames: cam(&a2), steps: vec![] };
    unverified.accept_unverified = false;
    g.cases.push(("merge-unverified-declined".into(), unverified, Some("merge")));
    // The accepted variant.
    if let Some((_, c, _)) = g.cases.iter_mut().find(|(n, _, _)| n == "ok-entries-unverified-accepted") {
        c.accept_unverified = true;
    }
    // The impostor card (the clinic's name, other keys) answers the share the patient sealed to
    // it on the spot: key mismatch, declined.
    let s5 = w.patient.sharing.shares[3].clone();
    let imp_author = Author::Clinician { name: w.impostor.0.identity.name.clone(), institution: CLINIC.into(), role: PartnerRole::PartnerClinic };
    let imp_visit = |id: &str, supersedes: Option<EntryId>| {
        let mut e = Entry::new(EntryId(id.into()), imp_author.clone(), at(2025, 6, 15, 10), visit(CLINIC, Place::Clinic).body);
        e.supersedes = supersedes;
        chain::sign(e, &s5.basis, &chain::subject(&patient_pk, &s5.share_id), &w.impostor.1)
    };
    let icard = w.impostor.0.to_message(&w.impostor.1);
    g.add("merge-key-mismatch-declined", "a visit signed in the paired clinic's name with other keys (shared with on the spot); not accepted", "patient", None, ans(MessageKind::Entries, s5.share_id, icard.clone(), vec![imp_visit("v-impostor", None)], &w.patient, &mut rng), Some("merge"));
    // The same card answering S1, which was sealed to the real clinic's key (main: a key
    // mismatch the patient could accept).
    let imp_s1 = chain::sign(Entry::new(EntryId("v-imp-s1".into()), imp_author.clone(), at(2025, 6, 15, 10), visit(CLINIC, Place::Clinic).body), &s1_basis, &s1_subject, &w.impostor.1);
    attack(&mut g, "verify-not-sealed-to", "an answer to S1 signed by a card with the clinic's name whose X25519 key is not the key S1 was sealed to; the patient would accept it (main: merged as a key mismatch the patient accepted)", "patient", ans(MessageKind::Entries, s1_id, icard.clone(), vec![imp_s1], &w.patient, &mut rng));

    // A partner list from a clinic the patient never paired with: a list counts only from a
    // planning hospital the phone is paired with.
    let s2_id = w.patient.sharing.shares[1].share_id;
    let s2_basis = w.patient.sharing.shares[1].basis.clone();
    let scard = w.stranger.0.to_message(&w.stranger.1);
    let s_author = Author::Clinician { name: w.stranger.0.identity.name.clone(), institution: w.stranger.0.identity.institution.clone(), role: PartnerRole::PartnerClinic };
    let list = chain::sign(
        Entry::new(EntryId("l-unvouched".into()), s_author, at(2025, 6, 15, 10), EntryBody::PartnerList(exchange::partner_list(&[w.other.0.clone()]))),
        &s2_basis,
        &chain::subject(&patient_pk, &s2_id),
        &w.stranger.1,
    );
    g.add("verify-list-unvouched", "a partner list signed by an institution that is not a paired planning hospital", "patient", None, ans(MessageKind::Entries, s2_id, scard.clone(), vec![list], &w.patient, &mut rng), Some("verify"));

    // ---- who may send what (issue 22): each attack merged under share format 1 (as its
    // description says) and is refused here with its own error.
    let view = w.patient.view();
    let hospital_partner = view.partners.iter().find(|p| p.value.name == HOSPITAL).map(|p| p.id.clone()).expect("the hospital in the demo's list");
    let clinic_keys = PinnedKeys { x25519: hex(&w.clinic.0.x25519), ed25519: hex(&w.clinic.0.ed25519) };
    let takeover = Partner { role: PartnerRole::PlanningHospital, name: HOSPITAL.into(), contact: None, phone: None, fax: None, after_hours_phone: None, keys: Some(clinic_keys) };
    let t = signed_by(&w.clinic, "v-takeover", EntryBody::Partner(takeover), Some(hospital_partner), &s1_basis, &s1_subject);
    attack(&mut g, "verify-takeover-partner-keys", "the paired clinic's visit answer carries a partner entry naming the planning hospital with the clinic's keys, superseding the hospital's entry (main: merged as verified; the next share 'to the hospital' was sealed to the clinic)", "patient", ans(MessageKind::Entries, s1_id, ccard.clone(), vec![good("v-with-takeover"), t], &w.patient, &mut rng));
    let mut as_hospital = w.clinic.0.identity.clone();
    as_hospital.role = PartnerRole::PlanningHospital;
    let claimed = ProviderCard::new(as_hospital, &w.clinic.1);
    let empty_list = signed_by(&(claimed.clone(), w.clinic.1.clone()), "l-claimed", EntryBody::PartnerList(exchange::partner_list(&[])), None, &s1_basis, &s1_subject);
    attack(&mut g, "verify-card-claims-hospital", "the paired clinic answers with its card re-sent as role planning-hospital and an empty partner list (main: accepted; every vouched partner dropped to unverified)", "patient", ans(MessageKind::Entries, s1_id, claimed.to_message(&w.clinic.1), vec![empty_list], &w.patient, &mut rng));
    g.add("card-role-changed", "the paired clinic's card re-sent with role planning-hospital: pairing asks before changing the role (main: 'already paired')", "patient", None, texts(MessageKind::Card, 0x0000_c00b, &claimed.to_message(&w.clinic.1), Mode::Camera), Some("merge"));
    let profile = view.profile.as_ref().map(|p| p.id.clone()).expect("profile");
    let retract = |id: &str, target: EntryId, basis: &Basis, subject: &Subject| signed_by(&w.clinic, id, EntryBody::Retraction(Retraction { reason: "誤り".into() }), Some(target), basis, subject);
    attack(&mut g, "verify-retract-hospital-profile", "the paired clinic retracts the hospital's profile (the allergy disappears) (main: merged, shown as just 'record')", "patient", ans(MessageKind::Entries, s1_id, ccard.clone(), vec![retract("r-profile", profile, &s1_basis, &s1_subject)], &w.patient, &mut rng));
    let s6 = w.issued.sharing.shares.last().expect("share").clone();
    let issued_pk = w.issued.sharing.key.as_ref().expect("key").public();
    let s6_subject = chain::subject(&issued_pk, &s6.share_id);
    let list_id = w.issued.view().partner_list.as_ref().map(|l| l.id.clone()).expect("list");
    attack(&mut g, "verify-retract-partner-list", "the clinic the hospital's list vouches for retracts that list (main: merged; the hospital's partners dropped to unverified)", "issued", ans(MessageKind::Entries, s6.share_id, ccard.clone(), vec![retract("r-list", list_id, &s6.basis, &s6_subject)], &w.issued, &mut rng));
    let vouched_visit = signed_by(&w.clinic, "v-vouched", visit(CLINIC, Place::Clinic).body, None, &s6.basis, &s6_subject);
    g.add("ok-entries-vouched", "a visit from the clinic the pinned hospital's partner list vouches for: verified without pairing", "issued", None, ans(MessageKind::Entries, s6.share_id, ccard.clone(), vec![vouched_visit], &w.issued, &mut rng), None);
    let s2_subject = chain::subject(&patient_pk, &s2_id);
    let self_pin = Partner { role: PartnerRole::PlanningHospital, name: w.stranger.0.identity.institution.clone(), contact: None, phone: None, fax: None, after_hours_phone: None, keys: Some(PinnedKeys { x25519: hex(&w.stranger.0.x25519), ed25519: hex(&w.stranger.0.ed25519) }) };
    let self_pin = signed_by(&w.stranger, "p-self-pin", EntryBody::Partner(self_pin), None, &s2_basis, &s2_subject);
    attack(&mut g, "verify-unverified-pins-itself", "an unpaired clinic's answer, accepted by the patient as unverified, carries a partner entry pinning its own keys as a planning hospital (main: merged; it became the partner-list authority)", "patient", ans(MessageKind::Entries, s2_id, scard.clone(), vec![self_pin], &w.patient, &mut rng));
    let old = w.patient.sharing.shares[4].clone();
    let late = signed_by(&w.clinic, "v-late", visit(CLINIC, Place::Clinic).body, None, &old.basis, &chain::subject(&patient_pk, &old.share_id));
    attack(&mut g, "verify-expired", "an answer to a share made two days before it is scanned (main: a share never expired)", "patient", ans(MessageKind::Entries, old.share_id, ccard.clone(), vec![late], &w.patient, &mut rng));
    attack(&mut g, "verify-consent-withdrawn", "the clinic's visit answer scanned after the patient withdrew consent for the clinic (main: merged)", "withdrawn", a1.clone());
    let grant = Consent { event: ConsentEvent::Given, date: today(), to_whom: CLINIC.into(), by: Consenter::Patient };
    let grant = signed_by(&w.clinic, "c-grant", EntryBody::Consent(grant), None, &s1_basis, &s1_subject);
    attack(&mut g, "verify-consent-grant", "the clinic's answer carries a consent 'by the patient' (main: merged; a provider could re-grant a withdrawn consent)", "patient", ans(MessageKind::Entries, s1_id, ccard.clone(), vec![grant], &w.patient, &mut rng));
    let mut blank2 = Record::new();
    blank2.sharing.ensure_key(&mut rng.f()).expect("key");
    let sb2 = share_to(&mut blank2, &w.clinic.0, &mut rng);
    let b2 = blank2.sharing.shares[0].clone();
    let replayed = signed_by(&w.clinic, "v-replayed", visit(CLINIC, Place::Clinic).body, None, &b2.basis, &chain::subject(&blank2.sharing.key.as_ref().expect("key").public(), &b2.share_id));
    let _ = sb2;
    let sb = w.blank.sharing.shares[0].clone();
    attack(&mut g, "verify-replayed-other-record", "a visit the clinic signed for another patient's empty record, replayed as the answer to this empty record's share (main: merged; both bases are the empty record's)", "blank", ans(MessageKind::Entries, sb.share_id, ccard.clone(), vec![replayed], &w.blank, &mut rng));
    let blank_pk = w.blank.sharing.key.as_ref().expect("key").public();
    let over_empty = signed_by(&w.clinic, "v-over-empty", visit(CLINIC, Place::Clinic).body, None, &sb.basis, &chain::subject(&blank_pk, &sb.share_id));
    attack(&mut g, "verify-empty-basis", "an answer signed over an empty record, scanned after the patient typed a memo (main: merged)", "blank-typed", ans(MessageKind::Entries, sb.share_id, ccard.clone(), vec![over_empty], &w.blank_typed, &mut rng));
    let legacy = chain::sign_as(Entry::new(EntryId("v-legacy".into()), Author::Clinician { name: w.clinic.0.identity.name.clone(), institution: CLINIC.into(), role: PartnerRole::PartnerClinic }, at(2025, 6, 15, 10), visit(CLINIC, Place::Clinic).body), &s1_basis, None, &w.clinic.1);
    attack(&mut g, "verify-legacy-signature", "a visit signed as share format 1 did (no subject): new answers must name their record and share", "patient", ans(MessageKind::Entries, s1_id, ccard.clone(), vec![legacy], &w.patient, &mut rng));
    attack(&mut g, "verify-used-up", "a fourth answer to a share answered three times (main: no limit)", "thrice", ans(MessageKind::Entries, s1_id, ccard.clone(), vec![good("v-fourth")], &w.thrice, &mut rng));
    let memo = w.patient.entries().iter().find(|e| e.author == Author::Patient && matches!(e.body, EntryBody::Memo(_))).map(|e| e.id.clone()).expect("a patient's memo");
    let over_memo = signed_by(&w.clinic, "m-over-patient", EntryBody::Memo(Memo { text: "書き換え".into() }), Some(memo), &s1_basis, &s1_subject);
    attack(&mut g, "verify-patients-entry", "the clinic supersedes a memo the patient wrote (main: merged)", "patient", ans(MessageKind::Entries, s1_id, ccard.clone(), vec![over_memo], &w.patient, &mut rng));
    let real_visit = w.merged.entries().last().expect("a1's visit").id.clone();
    attack(&mut g, "verify-other-keys-entry", "a card with the clinic's name and other keys, accepted by the patient, supersedes the real clinic's signed visit (main: merged)", "merged", ans(MessageKind::Entries, s5.share_id, icard.clone(), vec![imp_visit("v-imp-over", Some(real_visit))], &w.merged, &mut rng));

    // ---- paper backup (kind 5): the patient's record sealed with the vault passphrase
    {
        use karte_core::vault::{new_key, paper, KdfParams, Passphrase};
        let key = new_key(&Passphrase::from(PAPER_PASS), &KdfParams::FLOOR, &mut rng.f()).expect("key");
        let json = w.patient.to_json().expect("json");
        let sheet = paper::make(&key, json.as_bytes(), 0x0000_ba01, &mut rng.f()).expect("sheet");
        // Read in reverse, the first source code missing (torn off): a repair code stands in.
        let mut read: Vec<String> = sheet.texts[1..].iter().rev().cloned().collect();
        read.truncate(sheet.source);
        g.add("ok-backup-paper", "a paper backup of the 5-year record: codes in reverse order, one torn off, restored with the passphrase", "paper-owner", Some("backup"), read.clone(), None);
        g.add("backup-wrong-passphrase", "the same paper backup with another passphrase: refused, nothing read", "paper-stranger", Some("backup"), read.clone(), Some("open"));
        g.add("backup-on-share-screen", "a paper backup's code where the clinic awaits a share", "clinic", Some("share"), vec![read[0].clone()], Some("frames"));
        let other = paper::make(&key, w.other_patient.to_json().expect("json").as_bytes(), 0x0000_ba02, &mut rng.f()).expect("sheet");
        g.add("backup-other-sheet", "a code of another record's paper backup mixed in", "paper-owner", Some("backup"), vec![read[0].clone(), other.texts[0].clone()], Some("frames"));
    }

    // Run, check each negative case fails where it was made to, write.
    std::fs::create_dir_all(dir()).expect("dir");
    for f in std::fs::read_dir(dir()).expect("dir").flatten() {
        let _ = std::fs::remove_file(f.path());
    }
    for (i, (name, mut case, fails_at)) in g.cases.into_iter().enumerate() {
        case.steps = run(&w, &case);
        let last = case.steps.last().cloned().unwrap_or_default();
        match fails_at {
            None => assert!(!last.contains(": error: "), "{name}: {last}"),
            Some(step) => assert!(last.starts_with(step) && last.contains(": error: "), "{name}: expected a failure at {step}, got {last}"),
        }
        let path = dir().join(format!("{i:03}-{name}.json"));
        std::fs::write(path, serde_json::to_string_pretty(&case).expect("json") + "\n").expect("write");
    }
}

