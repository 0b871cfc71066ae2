//! The planning hospital's side of the share protocol: the opening booklet on a new phone, the
//! partner list it vouches with, plan changes, variance and completion, a transcribed plan
//! replaced, and the refusals (another patient's booklet, a list from an unknown hospital, a
//! tampered plan change), each leaving the record unchanged.

mod common;

use chrono::NaiveDate;
use common::*;
use karte_core::pathway::{Factors, Place, Site, StageGroup};
use karte_core::record::*;
use karte_core::schedule::Adjustment;
use karte_core::share::exchange::{self, Draft, ShareOptions};
use karte_core::share::{seal, Booklet, MergeError, MessageKind, OpenError, ProviderCard, ProviderKeys, Trust};
use karte_core::vocab::{CancerType, PathId};

const OTHER_CLINIC: &str = "みほん第二クリニック";

struct World {
    hospital: (ProviderCard, ProviderKeys),
    clinic: (ProviderCard, ProviderKeys),
    other: (ProviderCard, ProviderKeys),
    rng: TestRng,
}

fn world() -> World {
    World {
        hospital: provider("hospital", HOSPITAL, PartnerRole::PlanningHospital),
        clinic: provider("clinic", CLINIC, PartnerRole::PartnerClinic),
        other: provider("other", OTHER_CLINIC, PartnerRole::PartnerClinic),
        rng: TestRng::new("issuance"),
    }
}

fn new_phone(rng: &mut TestRng) -> Record {
    let mut r = Record::new();
    r.sharing.ensure_key(&mut rng.f()).expect("key");
    r
}

fn operation() -> NaiveDate {
    date(2026, 10, 1)
}

/// A colorectal patient on capecitabine, with the clinic as partner and the clinic registered.
fn booklet(w: &World, registered: &[ProviderCard]) -> Booklet {
    let partner = |c: &ProviderCard| Partner {
        role: c.identity.role,
        name: c.identity.institution.clone(),
        contact: Some(c.identity.name.clone()),
        phone: c.identity.phone.clone(),
        fax: c.identity.fax.clone(),
        after_hours_phone: None,
        keys: None,
    };
    Booklet {
        profile: Profile {
            name: "見本 花子".into(),
            kana: "みほん はなこ".into(),
            date_of_birth: date(1955, 4, 2),
            sex: Sex::Female,
            allergies: vec!["ペニシリン".into()],
            adverse_drug_reactions: vec![],
            past_history: vec![],
        },
        treatment: TreatmentInfo {
            cancer: CancerType::Colorectal,
            diagnosis: Some("S状結腸癌".into()),
            stage: Stage::StageIIIA,
            operation: "腹腔鏡下S状結腸切除術".into(),
            operation_date: operation(),
            admission: Some(Period { from: date(2026, 9, 28), to: date(2026, 10, 12) }),
            planning_hospital: HOSPITAL.into(),
            partner_clinic: CLINIC.into(),
        },
        plan: CarePlan {
            path: PathId::ColorectalCapecitabine,
            anchor: operation(),
            template_revision: 1,
            factors: Factors { stage: Some(StageGroup::Iii), site: Some(Site::Colon), depth: None },
            drug_start: Some(date(2026, 11, 2)),
            drug: None,
        },
        adjustments: vec![],
        adjust_reason: String::new(),
        consent: Consent { event: ConsentEvent::Given, date: date(2026, 10, 10), to_whom: format!("{HOSPITAL} 見本 一郎 医師"), by: Consenter::Patient },
        partners: vec![partner(&w.hospital.0), partner(&w.clinic.0)],
        list: exchange::partner_list(registered),
    }
}

/// The phone pairs with the hospital, shares its (empty) record, the hospital answers with the
/// booklet; returns the issue message and its transfer.
fn issue(w: &mut World, phone: &mut Record, b: &Booklet) -> (Vec<u8>, u32) {
    exchange::pair(phone, &w.hospital.0, at(2026, 10, 12, 9), EntryId("pair-h".into()), false).expect("pair");
    let out = exchange::share(phone, &w.hospital.0, date(2026, 10, 12), at(2026, 10, 12, 9), &ShareOptions::default(), &mut w.rng.f())
        .expect("share");
    let opened = exchange::open_share(&out.message, Some(out.transfer), &w.hospital.1).expect("open");
    let drafts = b.drafts(&opened.bundle);
    let a = exchange::answer(&opened, &w.hospital.0, &w.hospital.1, MessageKind::Issue, drafts, at(2026, 10, 12, 10), &mut w.rng.f())
        .expect("answer");
    (a.message, a.transfer)
}

/// A provider answers a share of the phone's record with `drafts` as `kind`.
fn visit(w: &mut World, phone: &mut Record, who: &(ProviderCard, ProviderKeys), drafts: Vec<Draft>, day: NaiveDate) -> (Vec<u8>, u32) {
    let out = exchange::share(phone, &who.0, day, day.and_hms_opt(9, 0, 0).unwrap(), &ShareOptions::default(), &mut w.rng.f()).expect("share");
    let opened = exchange::open_share(&out.message, Some(out.transfer), &who.1).expect("open");
    let a = exchange::answer(&opened, &who.0, &who.1, MessageKind::Entries, drafts, day.and_hms_opt(10, 0, 0).unwrap(), &mut w.rng.f())
        .expect("answer");
    (a.message, a.transfer)
}

/// An hour after the phone's last share (the answer is scanned within its window); any time
/// when it shared nothing.
fn soon(phone: &Record) -> chrono::NaiveDateTime {
    phone.sharing.shares.last().map_or(at(2026, 12, 1, 12), |s| s.at + chrono::Duration::hours(1))
}

fn merge(phone: &mut Record, kind: MessageKind, m: &(Vec<u8>, u32)) -> Result<usize, MergeError> {
    let p = exchange::preview(phone, kind, &m.0, Some(m.1), soon(phone))?;
    exchange::merge(phone, &p, false, at(2026, 12, 1, 12))
}

#[test]
fn a_new_phone_gets_its_booklet_and_the_hospitals_partners_are_verified_without_pairing() {
    let mut w = world();
    let mut phone = new_phone(&mut w.rng);
    let b = booklet(&w, &[w.clinic.0.clone()]);
    let m = issue(&mut w, &mut phone, &b);
    let p = exchange::preview(&phone, MessageKind::Issue, &m.0, Some(m.1), soon(&phone)).expect("preview");
    assert_eq!(p.trust, Trust::Verified);
    assert_eq!(exchange::merge(&mut phone, &p, false, at(2026, 10, 12, 10)), Ok(6), "profile, plan, treatment, consent, the clinic, the list");

    let view = phone.view();
    assert_eq!(view.care_plan.as_ref().map(|c| c.value.path), Some(PathId::ColorectalCapecitabine));
    assert!(matches!(view.care_plan.as_ref().map(|c| &c.author), Some(Author::Clinician { .. })));
    assert_eq!(view.profile.as_ref().map(|c| c.value.name.as_str()), Some("見本 花子"));
    let next = view.next_appointment(date(2026, 10, 20)).expect("a first appointment");
    assert!(next.date > date(2026, 10, 20));
    // The hospital was in the list (paired); only the clinic was added, without keys of its own.
    assert_eq!(view.partners.len(), 2);
    assert!(view.partners.iter().all(|p| p.value.name == HOSPITAL || p.value.keys.is_none()));

    // The clinic: recognised as verified without pairing, shared with, its visit verified.
    assert_eq!(exchange::trust_of(&phone, &w.clinic.0), Trust::Verified);
    assert_eq!(exchange::vouched(&phone).len(), 1);
    let clinic = w.clinic.clone();
    let mut draft = visit_draft_at(CLINIC, Place::Clinic, date(2026, 11, 20));
    if let EntryBody::Visit(v) = &mut draft.body {
        v.next_planned_date = Some(date(2027, 1, 20));
    }
    let v = visit(&mut w, &mut phone, &clinic, vec![draft], date(2026, 11, 20));
    let p = exchange::preview(&phone, MessageKind::Entries, &v.0, Some(v.1), soon(&phone)).expect("preview");
    assert_eq!(p.trust, Trust::Verified);
    exchange::merge(&mut phone, &p, false, at(2026, 11, 20, 10)).expect("merge");
    let last = phone.entries().last().expect("entry");
    assert_eq!(exchange::entry_trust(&phone, last), exchange::EntryTrust::Verified);
    // Another clinic, not registered, is not.
    assert_eq!(exchange::trust_of(&phone, &w.other.0), Trust::Unpinned);
    // The record survives its JSON form.
    assert_eq!(Record::from_json(&phone.to_json().expect("json")).expect("read"), phone);
}

#[test]
fn a_clinic_dropped_from_the_list_is_no_longer_verified() {
    let mut w = world();
    let mut phone = new_phone(&mut w.rng);
    let b = booklet(&w, &[w.clinic.0.clone(), w.other.0.clone()]);
    let m = issue(&mut w, &mut phone, &b);
    merge(&mut phone, MessageKind::Issue, &m).expect("issue");
    assert_eq!(exchange::trust_of(&phone, &w.other.0), Trust::Verified);
    // The hospital's next list has the clinic only.
    let hospital = w.hospital.clone();
    let list = Draft { body: EntryBody::PartnerList(exchange::partner_list(&[w.clinic.0.clone()])), supersedes: None };
    let v = visit(&mut w, &mut phone, &hospital, vec![list], date(2026, 11, 1));
    merge(&mut phone, MessageKind::Entries, &v).expect("list");
    assert_eq!(exchange::trust_of(&phone, &w.other.0), Trust::Unpinned);
    assert_eq!(exchange::trust_of(&phone, &w.clinic.0), Trust::Verified);
}

#[test]
fn a_plan_change_moves_the_next_appointment_and_completion_shows() {
    let mut w = world();
    let mut phone = new_phone(&mut w.rng);
    let b = booklet(&w, &[w.clinic.0.clone()]);
    let m = issue(&mut w, &mut phone, &b);
    merge(&mut phone, MessageKind::Issue, &m).expect("issue");
    let today = date(2026, 10, 20);
    let before = phone.view().next_appointment(today).cloned().expect("next");
    let hospital = w.hospital.clone();
    let change = Draft {
        body: EntryBody::PlanChange(PlanChange { changes: vec![Adjustment::Shift { from: before.id.clone(), days: 14 }], reason: "手術後の回復待ち".into() }),
        supersedes: None,
    };
    let v = visit(&mut w, &mut phone, &hospital, vec![change], today);
    merge(&mut phone, MessageKind::Entries, &v).expect("change");
    let after = phone.view().next_appointment(today).cloned().expect("next");
    assert_eq!(after.date, before.date + chrono::Days::new(14));

    let done = Draft { body: EntryBody::Status(StatusChange::Completed { date: date(2031, 10, 1), follow_up: FollowUp::Clinic }), supersedes: None };
    let v = visit(&mut w, &mut phone, &hospital, vec![done], date(2031, 10, 1));
    merge(&mut phone, MessageKind::Entries, &v).expect("completion");
    assert_eq!(phone.view().status, PathStatus::Completed { date: date(2031, 10, 1), follow_up: FollowUp::Clinic });
}

#[test]
fn a_transcribed_plan_is_replaced_by_the_hospitals_signed_plan() {
    let mut w = world();
    let mut phone = new_phone(&mut w.rng);
    // The patient copies the plan from the paper booklet: another path, a wrong date.
    let copied = CarePlan {
        path: PathId::ColorectalStage23,
        anchor: date(2026, 10, 3),
        template_revision: 1,
        factors: Factors::default(),
        drug_start: None,
        drug: None,
    };
    phone.append(Entry::new(EntryId("copy-1".into()), Author::Patient, at(2026, 10, 13, 8), EntryBody::CarePlan(copied))).expect("copy");
    let b = booklet(&w, &[w.clinic.0.clone()]);
    let m = issue(&mut w, &mut phone, &b);
    merge(&mut phone, MessageKind::Issue, &m).expect("issue replaces the copy");
    let plan = phone.view().care_plan.expect("plan");
    assert_eq!(plan.value.path, PathId::ColorectalCapecitabine);
    assert!(matches!(plan.author, Author::Clinician { .. }));
    assert!(plan.corrected, "the hospital's plan supersedes the copy");

    // A second booklet onto the hospital's plan is refused.
    let m2 = issue(&mut w, &mut phone, &b);
    let before = phone.clone();
    assert_eq!(merge(&mut phone, MessageKind::Issue, &m2), Err(MergeError::NotEmpty));
    assert_eq!(phone, before);
}

#[test]
fn refusals_leave_the_record_unchanged() {
    let mut w = world();
    // An issue for another patient: sealed to the other phone's key.
    let mut phone = new_phone(&mut w.rng);
    let mut other_phone = new_phone(&mut w.rng);
    let b = booklet(&w, &[w.clinic.0.clone()]);
    let m = issue(&mut w, &mut other_phone, &b);
    exchange::pair(&mut phone, &w.hospital.0, at(2026, 10, 12, 9), EntryId("pair-h".into()), false).expect("pair");
    let before = phone.clone();
    assert!(matches!(merge(&mut phone, MessageKind::Issue, &m), Err(MergeError::Open(OpenError::NotForThisKey))));
    assert_eq!(phone, before);

    // A partner list signed by a hospital the phone is not paired with (shared with on the spot).
    let stranger = provider("stranger", "見本第二病院", PartnerRole::PlanningHospital);
    let list = Draft { body: EntryBody::PartnerList(exchange::partner_list(&[w.other.0.clone()])), supersedes: None };
    let v = visit(&mut w, &mut phone, &stranger, vec![list.clone()], date(2026, 10, 12));
    let before = phone.clone();
    assert_eq!(merge(&mut phone, MessageKind::Entries, &v), Err(MergeError::UnvouchedList));
    assert_eq!(phone, before);
    // Nor from a clinic, even a paired one.
    exchange::pair(&mut phone, &w.clinic.0, at(2026, 10, 12, 9), EntryId("pair-c".into()), false).expect("pair");
    let clinic = w.clinic.clone();
    let v = visit(&mut w, &mut phone, &clinic, vec![list], date(2026, 10, 12));
    let before = phone.clone();
    assert_eq!(merge(&mut phone, MessageKind::Entries, &v), Err(MergeError::UnvouchedList));
    assert_eq!(phone, before);

    // A tampered plan change: the hospital signed a 7-day shift; the code says 70.
    let b = booklet(&w, &[]);
    let m = issue(&mut w, &mut phone, &b);
    merge(&mut phone, MessageKind::Issue, &m).expect("issue");
    let next = phone.view().next_appointment(date(2026, 10, 20)).cloned().expect("next");
    let hospital = w.hospital.clone();
    let change = Draft { body: EntryBody::PlanChange(PlanChange { changes: vec![Adjustment::Shift { from: next.id.clone(), days: 7 }], reason: "延期".into() }), supersedes: None };
    let (msg, transfer) = visit(&mut w, &mut phone, &hospital, vec![change], date(2026, 10, 20));
    let key = phone.sharing.key.clone().expect("key");
    let plain = seal::decompress(&seal::open(&msg, MessageKind::Entries, Some(transfer), &key).expect("open")).expect("inflate");
    let mut answer = exchange::parse_answer(&plain).expect("answer");
    if let EntryBody::PlanChange(pc) = &mut answer.entries[0].body {
        pc.changes = vec![Adjustment::Shift { from: next.id.clone(), days: 70 }];
    }
    let before = phone.clone();
    let id = answer.entries[0].id.clone();
    assert_eq!(exchange::verify_answer(&phone, MessageKind::Entries, transfer, answer, soon(&phone)), Err(MergeError::BadSignature(id)));
    assert_eq!(phone, before);
}
