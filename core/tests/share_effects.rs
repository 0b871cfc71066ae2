//! `share::effects`: what each entry of an answer does to the record, one case per kind of
//! effect, on the stomach demo record (the hospital's profile with an allergy, the clinic's
//! visits, the patient's memos).

use chrono::{NaiveDate, NaiveDateTime};
use karte_core::demo;
use karte_core::pathway::Place;
use karte_core::record::*;
use karte_core::share::effects::{effects, Effect, Target};
use karte_core::vocab::CancerType;

const CLINIC: &str = "みほん内科クリニック";
const HOSPITAL: &str = "見本市立がんセンター";

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 6, 15).and_then(|d| d.and_hms_opt(10, 0, 0)).expect("time")
}

fn clinic() -> Author {
    Author::Clinician { name: "見本 次郎".into(), institution: CLINIC.into(), role: PartnerRole::PartnerClinic }
}

fn entry(id: &str, body: EntryBody) -> Entry {
    Entry::new(EntryId(id.into()), clinic(), now(), body)
}

fn retraction(id: &str, of: &EntryId) -> Entry {
    entry(id, EntryBody::Retraction(Retraction { reason: "誤記".into() })).superseding(of.clone())
}

fn log() -> Vec<Entry> {
    demo::record_fixed(CancerType::Stomach).entries().to_vec()
}

/// The first entry of the log that `f` accepts.
fn find(log: &[Entry], f: impl Fn(&Entry) -> bool) -> Entry {
    log.iter().find(|e| f(e)).cloned().expect("entry")
}

fn target_of(e: &Entry, same_author: bool) -> Target {
    Target {
        id: e.id.clone(),
        kind: e.body.kind(),
        author: e.author.clone(),
        at: e.at,
        same_author,
        allergies: match &e.body {
            EntryBody::Profile(p) => p.allergies.clone(),
            _ => Vec::new(),
        },
    }
}

fn memo(text: &str) -> EntryBody {
    EntryBody::Memo(Memo { text: text.into() })
}

#[test]
fn a_new_entry_adds_its_kind_and_day() {
    let day = NaiveDate::from_ymd_opt(2025, 6, 15).expect("day");
    let visit = find(&log(), |e| matches!(e.body, EntryBody::Visit(_)));
    let mut body = visit.body.clone();
    if let EntryBody::Visit(v) = &mut body {
        v.visit_date = day;
        v.place = Place::Clinic;
    }
    let got = effects(&log(), &[entry("a1", body), entry("a2", memo("連絡"))]);
    assert_eq!(got, vec![Effect::Adds { kind: EntryKind::Visit, date: Some(day) }, Effect::Adds { kind: EntryKind::Memo, date: None }]);
}

#[test]
fn retracting_the_hospitals_profile_names_it_and_its_allergies() {
    let log = log();
    let profile = find(&log, |e| matches!(e.body, EntryBody::Profile(_)));
    assert_eq!(profile.author, Author::Institution { name: HOSPITAL.into(), role: PartnerRole::PlanningHospital });
    let got = effects(&log, &[retraction("a1", &profile.id)]);
    let Effect::Retracts(t) = &got[0] else { panic!("{got:?}") };
    assert_eq!(*t, target_of(&profile, false));
    assert!(!t.allergies.is_empty(), "the demo's profile records an allergy");
}

#[test]
fn replacing_its_own_visit_is_told_apart_from_replacing_the_patients_memo() {
    let log = log();
    let own = find(&log, |e| matches!(&e.author, Author::Clinician { institution, .. } if institution == CLINIC));
    let patients = find(&log, |e| e.author == Author::Patient && matches!(e.body, EntryBody::Memo(_)));
    let answer = [
        entry("a1", own.body.clone()).superseding(own.id.clone()),
        entry("a2", memo("書き換え")).superseding(patients.id.clone()),
    ];
    assert_eq!(effects(&log, &answer), vec![Effect::Replaces(target_of(&own, true)), Effect::Replaces(target_of(&patients, false))]);
}

#[test]
fn a_partner_list_counts_its_institutions() {
    let keys = PinnedKeys { x25519: "00".repeat(32), ed25519: "11".repeat(32) };
    let partner = |name: &str| VouchedPartner { role: PartnerRole::PartnerClinic, name: name.into(), contact: None, phone: None, fax: None, keys: keys.clone() };
    let list = PartnerList { partners: vec![partner("A医院"), partner("B医院"), partner("C医院")] };
    assert_eq!(effects(&log(), &[entry("a1", EntryBody::PartnerList(list))]), vec![Effect::AddsPartnerList { institutions: 3 }]);
}

#[test]
fn a_partner_entry_names_the_institution() {
    let p = Partner {
        role: PartnerRole::Pharmacy,
        name: "みほん薬局".into(),
        contact: None,
        phone: None,
        fax: None,
        after_hours_phone: None,
        keys: None,
    };
    assert_eq!(effects(&log(), &[entry("a1", EntryBody::Partner(p))]), vec![Effect::AddsPartner { name: "みほん薬局".into() }]);
}

#[test]
fn a_consent_or_its_withdrawal_is_recorded_with_whom() {
    let day = NaiveDate::from_ymd_opt(2025, 6, 15).expect("day");
    let consent = |event| EntryBody::Consent(Consent { event, date: day, to_whom: CLINIC.into(), by: Consenter::Patient });
    let got = effects(&log(), &[entry("a1", consent(ConsentEvent::Withdrawn)), entry("a2", consent(ConsentEvent::Given))]);
    assert_eq!(
        got,
        vec![
            Effect::RecordsConsent { event: ConsentEvent::Withdrawn, to_whom: CLINIC.into() },
            Effect::RecordsConsent { event: ConsentEvent::Given, to_whom: CLINIC.into() },
        ]
    );
}

#[test]
fn an_entry_earlier_in_the_same_answer_can_be_replaced_and_an_unknown_one_is_named() {
    let first = entry("a1", memo("一"));
    let second = entry("a2", memo("二")).superseding(first.id.clone());
    let unknown = EntryId("nowhere".into());
    let third = retraction("a3", &unknown);
    let got = effects(&log(), &[first.clone(), second, third]);
    assert_eq!(got[1], Effect::Replaces(target_of(&first, true)));
    assert_eq!(got[2], Effect::ChangesUnknown(unknown));
}
