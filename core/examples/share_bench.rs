//! The share protocol's benchmark (run by `cargo xtask bench`; release build):
//! for the demo records at 1 and 5 years of follow-up, unsigned (as the demo is) and as
//! received (every clinician's entry signed, with random ids, as after real visits), prints the
//! bundle's bytes in CBOR and JSON, raw and DEFLATEd, the sealed message, the frames and QR
//! version/ECC of each mode, the frames needed to complete over random losses, the same content
//! as the app's FHIR export (JP Core resources) + DEFLATE, the way SMART Health Cards pack FHIR, and
//! encode/decode times, and what letting the doctor's device verify the signed entries would add
//! (each entry's signature, or one signed summary per answer; `proofs`). Figures, not
//! assertions; targets are printed beside them.

use std::time::Instant;

use chrono::NaiveDate;
use karte_core::demo;
use karte_core::record::*;
use karte_core::share::exchange::{self, ShareOptions};
use karte_core::share::{chain, Bundle, MessageKind, Mode, ProviderCard, ProviderIdentity, ProviderKeys, Receiver, Sender};
use karte_core::vault::EntropyError;
use karte_core::vocab::CancerType;
use qrcode::{EcLevel, QrCode};
use sha2::{Digest, Sha256};

struct Rng(u64);
impl Rng {
    fn fill(&mut self, b: &mut [u8]) -> Result<(), EntropyError> {
        for c in b.chunks_mut(32) {
            self.0 += 1;
            let h = Sha256::digest(self.0.to_be_bytes());
            c.copy_from_slice(&h[..c.len()]);
        }
        Ok(())
    }
}

fn provider(seed: u64, institution: &str, role: PartnerRole) -> (ProviderCard, ProviderKeys) {
    let mut r = Rng(seed);
    let keys = ProviderKeys::generate(&mut |b: &mut [u8]| r.fill(b)).expect("keys");
    let id = ProviderIdentity {
        name: "見本 次郎".into(),
        institution: institution.into(),
        role,
        department: "内科".into(),
        phone: None,
        fax: None,
        institution_code: None,
    };
    (ProviderCard::new(id, &keys), keys)
}

/// The record as it would be after real visits: every clinician's or institution's entry
/// signed by its institution's key over the record before it, with a random id; the
/// institutions' keys pinned in the partner list.
fn as_received(r: &Record, rng: &mut Rng) -> Record {
    let hospital = provider(1000, "見本市立がんセンター", PartnerRole::PlanningHospital);
    let clinic = provider(2000, "みほん内科クリニック", PartnerRole::PartnerClinic);
    let keys_of = |inst: &str| if inst == hospital.0.identity.institution { Some(&hospital) } else if inst == clinic.0.identity.institution { Some(&clinic) } else { None };
    let mut ids = std::collections::HashMap::new();
    let mut out: Vec<Entry> = Vec::new();
    // One answer is the run of an institution's entries written at one time: all of them are
    // signed over the record as the share before it carried it, as `exchange::answer` does.
    let mut answer: Option<(String, chrono::NaiveDateTime, karte_core::record::Basis)> = None;
    for e in r.entries() {
        let mut e = e.clone();
        if let Some(s) = &e.supersedes {
            e.supersedes = ids.get(s).cloned().or(Some(s.clone()));
        }
        if let EntryBody::Partner(p) = &mut e.body {
            if let Some((card, _)) = keys_of(&p.name) {
                p.keys = Some(PinnedKeys { x25519: hex(&card.x25519), ed25519: hex(&card.ed25519) });
            }
        }
        let inst = match &e.author {
            Author::Clinician { institution, .. } => Some(institution.clone()),
            Author::Institution { name, .. } => Some(name.clone()),
            Author::Patient => None,
        };
        if let Some((_, keys)) = inst.as_deref().and_then(keys_of) {
            let mut b = [0u8; 8];
            let _ = rng.fill(&mut b);
            let id = EntryId(format!("{:016x}", u64::from_be_bytes(b)));
            ids.insert(e.id.clone(), id.clone());
            e.id = id;
            let inst = inst.unwrap_or_default();
            let basis = match &answer {
                Some((i, at, b)) if *i == inst && *at == e.at => b.clone(),
                _ => chain::basis(&out),
            };
            answer = Some((inst, e.at, basis.clone()));
            e = chain::sign(e, &basis, &chain::subject(&[7; 32], &[9; 16]), keys);
        }
        out.push(e);
    }
    Record::from_entries(false, out).expect("valid")
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn deflate(b: &[u8]) -> usize {
    miniz_oxide::deflate::compress_to_vec(b, 10).len()
}

/// The QR version (ECC M) a text needs; 41 when none holds it.
fn qr_version(text: &str) -> i16 {
    match QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map(|c| c.version()) {
        Ok(qrcode::Version::Normal(v)) => v,
        Ok(qrcode::Version::Micro(_)) => 0,
        Err(_) => 41,
    }
}

/// Frames needed to complete over `trials` random orders with `loss` of frames dropped.
fn frames_needed(sender: &Sender, trials: u64, loss: f64) -> (usize, usize, usize) {
    let k = sender.source_frames() as u32;
    let pool = sender.texts(0, k * 4 + 8);
    let mut needs = Vec::new();
    let mut rng = Rng(77);
    for _ in 0..trials {
        let mut order: Vec<(u64, &String)> = pool
            .iter()
            .map(|t| {
                let mut b = [0u8; 8];
                let _ = rng.fill(&mut b);
                (u64::from_be_bytes(b), t)
            })
            .collect();
        order.sort();
        let mut rx = Receiver::new();
        let mut used = 0;
        for (r, t) in order {
            if (r as f64 / u64::MAX as f64) < loss {
                continue;
            }
            used += 1;
            if rx.push_text(t).map(|p| p.complete).unwrap_or(false) {
                break;
            }
        }
        needs.push(used);
    }
    needs.sort();
    (needs[needs.len() / 2], needs[needs.len() * 99 / 100], *needs.last().unwrap_or(&0))
}

fn median_ms(mut f: impl FnMut(), runs: usize) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[runs / 2]
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2025, 6, 15).expect("date");
    let now = today.and_hms_opt(9, 0, 0).expect("time");
    let (card, keys) = provider(2000, "みほん内科クリニック", PartnerRole::PartnerClinic);
    println!("share protocol benchmark (release, native); QR versions by the qrcode crate at ECC M");
    println!("| record | entries | bundle CBOR | CBOR+DEFLATE | JSON+DEFLATE | CBOR+DEFLATE+dictionary | sealed share | camera: K / frames needed (median, p99, max of 200 trials, 20% loss) / QR | pages: K / QR | FHIR JSON | FHIR+DEFLATE | FHIR+DEFLATE / sealed | encode ms | decode ms |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut rng = Rng(1);
    let mut proof_rows = Vec::new();
    let mut signatures = Vec::new();
    for cancer in [CancerType::Stomach, CancerType::Colorectal] {
        for months in [12, 60] {
            let plain = demo::record_after(cancer, today, months);
            let signed = as_received(&plain, &mut rng);
            for (label, record) in [("demo", plain.clone()), ("as received, signed", signed)] {
                let mut record = record;
                record.sharing.ensure_key(&mut |b: &mut [u8]| rng.fill(b)).expect("key");
                let bundle = Bundle::of(&record, today, &[]);
                let mut cbor = Vec::new();
                ciborium::into_writer(&bundle, &mut cbor).expect("cbor");
                let json = serde_json::to_vec(&bundle).expect("json");
                let out = exchange::share(&mut record.clone(), &card, today, now, &ShareOptions::default(), &mut |b: &mut [u8]| rng.fill(b)).expect("share");
                let cam = Sender::new(MessageKind::Share, out.transfer, &out.message, Mode::Camera).expect("frames");
                let pages = Sender::new(MessageKind::Share, out.transfer, &out.message, Mode::Pages).expect("pages");
                let cam_v = cam.texts(0, cam.source_frames() as u32 + 1).iter().map(|t| qr_version(t)).max().unwrap_or_default();
                let page_v = pages.texts(0, pages.source_frames() as u32).iter().map(|t| qr_version(t)).max().unwrap_or_default();
                let (med, p99, max) = frames_needed(&cam, 200, 0.2);
                // The app's own FHIR export of the same record (JP Core profiles; no memos, consents or
                // variances, so a lower bound of the content as FHIR).
                let fhir = serde_json::to_vec(&karte_core::fhir::bundle(&bundle.view(), "bench")).expect("fhir");
                let fhir_d = deflate(&fhir);
                let enc = median_ms(
                    || {
                        let mut r = record.clone();
                        let o = exchange::share(&mut r, &card, today, now, &ShareOptions::default(), &mut |b: &mut [u8]| rng.fill(b)).expect("share");
                        let s = Sender::new(MessageKind::Share, o.transfer, &o.message, Mode::Camera).expect("frames");
                        std::hint::black_box(s.animation());
                    },
                    21,
                );
                let texts = cam.animation();
                let dec = median_ms(
                    || {
                        let mut rx = Receiver::expecting(MessageKind::Share);
                        for t in &texts {
                            if rx.push_text(t).map(|p| p.complete).unwrap_or(false) {
                                break;
                            }
                        }
                        let (_, tr, m) = rx.take().expect("complete");
                        let opened = exchange::open_share(&m, Some(tr), &keys).expect("open");
                        std::hint::black_box(opened.bundle.view());
                    },
                    21,
                );
                if record.entries().iter().any(|e| e.signature.is_some()) {
                    proof_rows.push(format!("| {cancer:?} {}y | {} |", months / 12, proofs(&record, &bundle, &cbor, &out.message)));
                }
                let c = deflate(&cbor);
                let dict = karte_core::share::compress(&cbor).len();
                println!(
                    "| {cancer:?} {}y {label} | {} | {} | {} | {} | {dict} | {} | {} / {med}, {p99}, {max} / V{cam_v}-M | {} / V{page_v}-M | {} | {} | {:.2}x | {enc:.2} | {dec:.2} |",
                    months / 12,
                    record.entries().len(),
                    cbor.len(),
                    c,
                    deflate(&json),
                    out.message.len(),
                    cam.source_frames(),
                    pages.source_frames(),
                    fhir.len(),
                    fhir_d,
                    fhir_d as f64 / out.message.len() as f64,
                );
                if label != "demo" {
                    // What carrying the signatures of the bundle's signed entries would cost (so
                    // the doctor's device could check them itself instead of trusting the
                    // phone's count): each entry's signature (key, basis, subject, 64 bytes).
                    let sigs: Vec<&Signature> = bundle
                        .entries
                        .iter()
                        .filter_map(|e| record.entry(&e.id).and_then(|r| r.signature.as_ref()))
                        .collect();
                    let mut with = Vec::new();
                    ciborium::into_writer(&(&bundle, &sigs), &mut with).expect("cbor");
                    let delta = karte_core::share::compress(&with).len() - dict;
                    let camera = Mode::Camera.symbol_size();
                    signatures.push(format!(
                        "| {cancer:?} {}y | {} | +{delta} | {} | {} -> {} |",
                        months / 12,
                        sigs.len(),
                        out.message.len() + delta,
                        cam.source_frames(),
                        (out.message.len() + delta).div_ceil(camera),
                    ));
                }
                if cancer == CancerType::Stomach && months == 60 {
                    let ok = |b: bool| if b { "met" } else { "NOT MET" };
                    println!(
                        "target, 5-year stomach {label}: camera frames needed (p99) {p99} <= 4 at V{cam_v}-M (<= V22-M): {}; pages {} <= 2: {}; FHIR+DEFLATE / sealed share {:.2} >= 2: {}",
                        ok(p99 <= 4 && cam_v <= 22),
                        pages.source_frames(),
                        ok(pages.source_frames() <= 2),
                        fhir_d as f64 / out.message.len() as f64,
                        ok(fhir_d >= 2 * out.message.len()),
                    );
                }
            }
        }
    }
    println!();
    println!("the doctor's device verifying the signed entries of a share (as received, signed; the signatures to add to the sealed share)");
    println!("| record | signed entries: in full / in the results table / in older-visit summaries | answers (of them with an entry in full, of all signed), keys | now: sealed, camera K / p99, pages K | A signatures: +bytes sealed, camera K / p99, pages K, verified | A + signed results as entries: +bytes, camera K / p99, pages K, verified | B signed summary per answer: +bytes, camera K / p99, pages K |");
    println!("|---|---|---|---|---|---|---|");
    for r in proof_rows {
        println!("{r}");
    }
    println!("signatures in a share (as received, signed): what the doctor's device would need to check the entries itself");
    println!("| record | signed entries shared | share bytes added (DEFLATE + dictionary) | sealed share | camera frames (K) |");
    println!("|---|---|---|---|---|");
    signatures.iter().for_each(|l| println!("{l}"));
    booklet(&mut rng);
}

/// What it costs the share to let the doctor's device verify the signed entries it receives,
/// two ways: (A) each entry's signature (64 bytes, its key by index in a table of keys, its
/// basis by index in a table of the answers' bases: the doctor re-attaches them and checks as
/// `chain::check` does; done here, so the figure is of a proof that holds); (B) one signature
/// per answer over its entries' hashes (a new signature the provider would make when answering),
/// with the hashes of the answer's entries the share does not carry in full. Numeric results
/// travel in the results table and older visits as summaries: neither can be verified from
/// what is sent, so (A+) also sends the signed results as entries. The added bytes are measured
/// by compressing the bundle's CBOR followed by the proof's with the share's dictionary; the
/// frames by a message of the share's length plus them.
fn proofs(record: &Record, bundle: &Bundle, cbor: &[u8], message: &[u8]) -> String {
    use ciborium::Value;
    let by_id: std::collections::HashMap<&EntryId, &Entry> = record.entries().iter().map(|e| (&e.id, e)).collect();
    let signature = |id: &EntryId| by_id.get(id).and_then(|e| e.signature.clone());
    // (A): the signatures of the entries sent in full; the doctor's check, as it would run.
    let mut a = Tables::default();
    let mut sigs = Vec::new();
    let mut verified = 0;
    for (i, e) in bundle.entries.iter().enumerate() {
        let Some(s) = signature(&e.id) else { continue };
        let (k, b) = a.index(&s);
        let mut copy = e.clone();
        copy.signature = Some(s.clone());
        verified += usize::from(chain::check(&copy).is_ok());
        sigs.push(Value::Array(vec![n(i), n(k), n(b), Value::Bytes(s.bytes.clone())]));
    }
    let sent_signed = sigs.len();
    // Signed entries sent only as a row of the results table or an older visit's summary.
    let in_table: Vec<&Entry> = record
        .entries()
        .iter()
        .filter(|e| e.signature.is_some() && matches!(&e.body, EntryBody::TestResult(r) if matches!(r.value, ResultValue::Number(_))))
        .filter(|e| !record.entries().iter().any(|x| x.supersedes.as_ref() == Some(&e.id)))
        .collect();
    let summaries = bundle.older_visits.iter().filter(|v| v.verified).count();
    // (A+): also the signed results, as whole entries with their signatures.
    let mut ar = a.clone();
    let mut with_results = sigs.clone();
    let mut results_verified = verified;
    for e in &in_table {
        let Some(s) = e.signature.clone() else { continue };
        let (k, b) = ar.index(&s);
        let mut bare = (*e).clone();
        bare.signature = None;
        results_verified += usize::from(chain::check(e).is_ok());
        with_results.push(Value::Array(vec![Value::serialized(&bare).expect("entry"), n(k), n(b), Value::Bytes(s.bytes.clone())]));
    }
    // (B): per answer with an entry sent in full (entries sharing a basis), one signature, the
    // indexes of its entries sent in full, and the hashes of its other entries.
    let sent: std::collections::HashSet<&EntryId> = bundle.entries.iter().map(|e| &e.id).collect();
    let summary: Vec<Value> = (0..a.bases.len())
        .map(|b| {
            let of_answer = record.entries().iter().filter(|e| e.signature.as_ref().and_then(|s| s.basis.as_ref()) == Some(&a.bases[b]));
            let (full, other): (Vec<&Entry>, Vec<&Entry>) = of_answer.partition(|e| sent.contains(&e.id));
            let idx = full.iter().filter_map(|e| bundle.entries.iter().position(|x| x.id == e.id)).map(n).collect();
            let hashes = other.iter().map(|e| Value::Bytes(Sha256::digest(chain::signed_bytes(e)).to_vec())).collect();
            // The provider's signature over them: 64 bytes as incompressible as a real one.
            let sig = [Sha256::digest([b as u8, 1]), Sha256::digest([b as u8, 2])].concat();
            Value::Array(vec![n(b), n(0), Value::Bytes(sig), Value::Array(idx), Value::Array(hashes)])
        })
        .collect();
    let cost = |tables: &Tables, proof: Vec<Value>| {
        let mut bytes = Vec::new();
        ciborium::into_writer(&Value::Array(vec![tables.value(), Value::Array(proof)]), &mut bytes).expect("cbor");
        let added = karte_core::share::compress(&[cbor, &bytes].concat()).len() - karte_core::share::compress(cbor).len();
        let mut grown = message.to_vec();
        let mut pad = vec![0u8; added];
        let _ = Rng(9).fill(&mut pad);
        grown.extend_from_slice(&pad);
        (added, frames(&grown))
    };
    let (a_bytes, a_frames) = cost(&a, sigs);
    let (ar_bytes, ar_frames) = cost(&ar, with_results);
    let (b_bytes, b_frames) = cost(&a, summary);
    format!(
        "{sent_signed} / {} / {summaries} | {} of {}, {} | {}, {} | +{a_bytes}, {a_frames}, {verified} of {sent_signed} | +{ar_bytes}, {ar_frames}, {results_verified} | +{b_bytes}, {b_frames}",
        in_table.len(),
        a.bases.len(),
        ar.bases.len(),
        a.keys.len(),
        message.len(),
        frames(message),
    )
}

/// The signers' keys and the answers' bases a proof refers to by index.
#[derive(Clone, Default)]
struct Tables {
    keys: Vec<String>,
    bases: Vec<karte_core::record::Basis>,
}

impl Tables {
    fn index(&mut self, s: &Signature) -> (usize, usize) {
        let basis = s.basis.clone().expect("signed over a basis");
        (position_or_push(&mut self.keys, s.key_id.clone()), position_or_push(&mut self.bases, basis))
    }

    fn value(&self) -> ciborium::Value {
        use ciborium::Value;
        let keys = self.keys.iter().map(|k| Value::Bytes(karte_core::share::bytes_from_hex(k).unwrap_or_default())).collect();
        let bases = self.bases.iter().map(|b| Value::serialized(b).expect("basis")).collect();
        Value::Array(vec![Value::Array(keys), Value::Array(bases)])
    }
}

fn position_or_push<T: PartialEq>(v: &mut Vec<T>, x: T) -> usize {
    v.iter().position(|y| *y == x).unwrap_or_else(|| {
        v.push(x);
        v.len() - 1
    })
}

/// A CBOR unsigned integer.
fn n(x: usize) -> ciborium::Value {
    ciborium::Value::from(x as u64)
}

/// A sealed message's frames: camera K / p99 of frames needed at 20% loss, pages K.
fn frames(message: &[u8]) -> String {
    let cam = Sender::new(MessageKind::Share, 1, message, Mode::Camera).expect("frames");
    let pages = Sender::new(MessageKind::Share, 1, message, Mode::Pages).expect("pages");
    let (_, p99, _) = frames_needed(&cam, 200, 0.2);
    format!("{} / {p99}, {}", cam.source_frames(), pages.source_frames())
}

/// The planning hospital's opening booklet (a colorectal capecitabine patient, the plan with one
/// adjustment, the consent, the clinic, and a signed list of `n` registered partners), issued
/// to a new phone's empty share: the sealed message and its frames.
fn booklet(rng: &mut Rng) {
    use karte_core::pathway::{Factors, Site, StageGroup};
    use karte_core::schedule::{Adjustment, VisitId};
    use karte_core::share::Booklet;
    use karte_core::vocab::PathId;
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).expect("date");
    let (hcard, hkeys) = provider(1000, "見本市立がんセンター", PartnerRole::PlanningHospital);
    println!();
    println!("opening booklet (issue), colorectal capecitabine, to a new phone; QR versions at ECC M");
    println!("| registered partners | entries | sealed issue | camera: K / frames needed (median, p99, max of 200 trials, 20% loss) / QR | pages: K / QR |");
    println!("|---|---|---|---|---|");
    for n in [1usize, 3, 10] {
        let cards: Vec<ProviderCard> = (0..n).map(|i| provider(3000 + i as u64, &format!("みほん連携クリニック{i}"), PartnerRole::PartnerClinic).0).collect();
        let clinic = cards[0].clone();
        let partner = |c: &ProviderCard| Partner { role: c.identity.role, name: c.identity.institution.clone(), contact: Some(c.identity.name.clone()), phone: Some(Phone("03-0000-2001".into())), fax: Some(Phone("03-0000-2002".into())), after_hours_phone: None, keys: None };
        let b = Booklet {
            profile: Profile { name: "見本 花子".into(), kana: "みほん はなこ".into(), date_of_birth: d(1955, 4, 2), sex: Sex::Female, allergies: vec!["ペニシリン".into()], adverse_drug_reactions: vec![], past_history: vec![] },
            treatment: TreatmentInfo { cancer: CancerType::Colorectal, diagnosis: Some("S状結腸癌".into()), stage: Stage::StageIIIA, operation: "腹腔鏡下S状結腸切除術".into(), operation_date: d(2026, 11, 1), admission: Some(Period { from: d(2026, 10, 29), to: d(2026, 11, 12) }), planning_hospital: hcard.identity.institution.clone(), partner_clinic: clinic.identity.institution.clone() },
            plan: CarePlan { path: PathId::ColorectalCapecitabine, anchor: d(2026, 11, 1), template_revision: 2, factors: Factors { stage: Some(StageGroup::Iii), site: Some(Site::Colon), depth: None }, drug_start: Some(d(2026, 12, 7)), drug: None },
            adjustments: vec![Adjustment::Move { visit: VisitId::cycle(1, 1), to: d(2026, 12, 9) }],
            adjust_reason: "退院の延期".into(),
            consent: Consent { event: ConsentEvent::Given, date: d(2026, 11, 10), to_whom: "見本市立がんセンター 見本 次郎".into(), by: Consenter::Patient },
            partners: vec![partner(&hcard), partner(&clinic)],
            list: exchange::partner_list(&cards),
        };
        let mut phone = Record::new();
        phone.sharing.ensure_key(&mut |x: &mut [u8]| rng.fill(x)).expect("key");
        let now = d(2026, 11, 12).and_hms_opt(10, 0, 0).expect("time");
        let out = exchange::share(&mut phone, &hcard, now.date(), now, &ShareOptions::default(), &mut |x: &mut [u8]| rng.fill(x)).expect("share");
        let opened = exchange::open_share(&out.message, Some(out.transfer), &hkeys).expect("open");
        let drafts = b.drafts(&opened.bundle);
        let entries = drafts.len();
        let issue = exchange::answer(&opened, &hcard, &hkeys, MessageKind::Issue, drafts, now, &mut |x: &mut [u8]| rng.fill(x)).expect("issue");
        let cam = Sender::new(MessageKind::Issue, issue.transfer, &issue.message, Mode::Camera).expect("frames");
        let pages = Sender::new(MessageKind::Issue, issue.transfer, &issue.message, Mode::Pages).expect("pages");
        let cam_v = cam.texts(0, cam.source_frames() as u32 + 1).iter().map(|t| qr_version(t)).max().unwrap_or_default();
        let page_v = pages.texts(0, pages.source_frames() as u32).iter().map(|t| qr_version(t)).max().unwrap_or_default();
        let (med, p99, max) = frames_needed(&cam, 200, 0.2);
        println!("| {n} | {entries} | {} | {} / {med}, {p99}, {max} / V{cam_v}-M | {} / V{page_v}-M |", issue.message.len(), cam.source_frames(), pages.source_frames());
    }
}

// --------------------------------------------------------------------------------------------
// The same content as FHIR R4 resources with JP Core codes, packed as SMART Health Cards pack
// FHIR: minified JSON, no ids/meta/text, references as `resource:N`, raw DEFLATE.


