//! The record: invariants with typed errors, corrections that keep history, the derived view,
//! serialization round trips, and migration of an old version.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use karte_core::demo;
use karte_core::pathway::{Place, Regimen, Test};
use karte_core::record::*;
use karte_core::schedule::{Adjustment, PlanError, VisitId};
use karte_core::vocab::{CancerType, OralDrug, PathId};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn id(s: &str) -> EntryId {
    EntryId(s.into())
}

fn hospital() -> Author {
    Author::Institution { name: "見本市立がんセンター".into(), role: PartnerRole::PlanningHospital }
}

fn entry(i: &str, body: EntryBody) -> Entry {
    Entry::new(id(i), hospital(), t("2024-02-10 10:00"), body)
}

fn profile(dob: &str) -> EntryBody {
    EntryBody::Profile(Profile {
        name: "見本 花子".into(),
        kana: "みほん はなこ".into(),
        date_of_birth: d(dob),
        sex: Sex::Female,
        allergies: vec![],
        adverse_drug_reactions: vec![],
        past_history: vec![],
    })
}

fn visit(date: &str) -> VisitRecord {
    VisitRecord {
        planned_visit: None,
        visit_date: d(date),
        report_date: None,
        place: Place::Clinic,
        institution: "みほん内科クリニック".into(),
        doctor: None,
        next_planned_date: None,
        next_place: None,
        plan_changed: false,
        changed_items: Default::default(),
        details: String::new(),
        remarks: String::new(),
        attachments: false,
        checklist: vec![],
    }
}

fn result(value: ResultValue, unit: Option<Unit>) -> TestResult {
    TestResult {
        analyte: Analyte::Cea,
        value,
        unit,
        reference: None,
        date: d("2024-05-01"),
        place: "みほん内科クリニック".into(),
    }
}

/// A record with profile, treatment (operation 2024-01-31, colorectal) and care plan.
fn base() -> Record {
    let mut r = Record::new();
    r.append(entry("h-1", profile("1960-02-29"))).unwrap();
    r.append(entry(
        "h-2",
        EntryBody::Treatment(TreatmentInfo {
            cancer: CancerType::Colorectal,
            diagnosis: None,
            stage: Stage::StageIIIA,
            operation: "腹腔鏡下S状結腸切除術".into(),
            operation_date: d("2024-01-31"),
            admission: None,
            planning_hospital: "見本市立がんセンター".into(),
            partner_clinic: "みほん内科クリニック".into(),
        }),
    ))
    .unwrap();
    r.append(entry(
        "h-3",
        EntryBody::CarePlan(CarePlan { path: PathId::ColorectalStage23, anchor: d("2024-01-31"), template_revision: 1, factors: Default::default(), drug_start: None, drug: None }),
    ))
    .unwrap();
    r
}

/// Appends `e` to the base record and compares the outcome with `expect`.
fn check(e: Entry, expect: Result<(), RecordError>) {
    let mut r = base();
    let before = r.entries().len();
    let got = r.append(e.clone());
    assert_eq!(got, expect, "{e:?}");
    // On error the record is unchanged.
    assert_eq!(r.entries().len(), before + usize::from(got.is_ok()));
}

#[test]
fn invariants_are_checked_with_typed_errors() {
    use RecordError::*;
    let memo = |text: &str| EntryBody::Memo(Memo { text: text.into() });
    check(entry("m-1", memo("ok")), Ok(()));
    check(entry("bad id!", memo("x")), Err(InvalidId(id("bad id!"))));
    check(entry("h-1", memo("x")), Err(DuplicateId(id("h-1"))));
    check(
        entry("m-1", memo("x")).superseding(id("nope")),
        Err(UnknownSupersedes { entry: id("m-1"), target: id("nope") }),
    );
    check(
        entry("m-1", memo("x")).superseding(id("h-1")),
        Err(KindMismatch { entry: id("m-1"), expected: EntryKind::Profile, found: EntryKind::Memo }),
    );
    check(
        entry("r-1", EntryBody::Retraction(Retraction { reason: "誤記".into() })),
        Err(RetractionWithoutTarget(id("r-1"))),
    );
    check(entry("p-2", profile("1960-02-29")), Err(DuplicateSingleton { entry: id("p-2"), kind: EntryKind::Profile }));
    check(
        entry("p-2", profile("2030-01-01")).superseding(id("h-1")),
        Err(BirthDateInFuture { entry: id("p-2"), date_of_birth: d("2030-01-01") }),
    );
    check(entry("m-1", memo("  ")), Err(EmptyField { entry: id("m-1"), field: "text" }));
    check(
        entry("v-1", EntryBody::Visit(visit("2024-01-15"))),
        Err(VisitBeforeOperation { entry: id("v-1"), visit: d("2024-01-15"), operation: d("2024-01-31") }),
    );
    check(entry("v-1", EntryBody::Visit(visit("2024-04-30"))), Ok(()));
    let mut changed = visit("2024-04-30");
    changed.plan_changed = true;
    check(entry("v-1", EntryBody::Visit(changed.clone())), Err(ChangedItemsMismatch(id("v-1"))));
    changed.changed_items.insert(ChangedItem::Tests);
    check(entry("v-1", EntryBody::Visit(changed)), Ok(()));
    let mut next = visit("2024-04-30");
    next.next_planned_date = Some(d("2024-04-01"));
    check(
        entry("v-1", EntryBody::Visit(next)),
        Err(DatesOutOfOrder { entry: id("v-1"), field: "next_planned_date" }),
    );
    check(
        entry("r-1", EntryBody::TestResult(result(ResultValue::Number(3.2), None))),
        Err(MissingUnit { entry: id("r-1"), analyte: Analyte::Cea }),
    );
    check(entry("r-1", EntryBody::TestResult(result(ResultValue::Number(3.2), Some(Unit::NgPerMl)))), Ok(()));
    check(entry("r-1", EntryBody::TestResult(result(ResultValue::Text("陰性".into()), None))), Ok(()));
    check(
        entry("r-1", EntryBody::TestResult(result(ResultValue::Number(f64::NAN), Some(Unit::NgPerMl)))),
        Err(InvalidValue { entry: id("r-1") }),
    );
    check(
        entry(
            "c-1",
            EntryBody::PlanChange(PlanChange {
                changes: vec![Adjustment::Cancel { visit: VisitId::month(4) }],
                reason: "CT予約変更".into(),
            }),
        ),
        Err(InvalidAdjustment { entry: id("c-1"), error: PlanError::UnknownVisit(VisitId::month(4)) }),
    );
    check(
        entry("cp-2", EntryBody::CarePlan(CarePlan { path: PathId::LungStage1, anchor: d("2024-01-31"), template_revision: 1, factors: Default::default(), drug_start: None, drug: None }))
            .superseding(id("h-3")),
        Err(CancerMismatch { entry: id("cp-2"), path: PathId::LungStage1, cancer: CancerType::Colorectal }),
    );
    let partner = |phone: &str| {
        EntryBody::Partner(Partner {
            role: PartnerRole::Pharmacy,
            name: "みほん調剤薬局".into(),
            contact: None,
            phone: Some(Phone(phone.into())),
            fax: None,
            after_hours_phone: None,
            keys: None,
        })
    };
    check(entry("pa-1", partner("03-0000-3001")), Ok(()));
    check(entry("pa-1", partner("call me")), Err(InvalidPhone { entry: id("pa-1"), phone: Phone("call me".into()) }));
    // Pinned keys are compared as strings: only canonical lower-case hex is taken.
    let lower = "ab".repeat(32);
    let pinned = |x: &str, e: &str| {
        let EntryBody::Partner(mut p) = partner("03-0000-3001") else { unreachable!() };
        p.keys = Some(PinnedKeys { x25519: x.into(), ed25519: e.into() });
        EntryBody::Partner(p)
    };
    check(entry("pk-1", pinned(&lower, &lower)), Ok(()));
    for (x, e) in [(lower.to_uppercase(), lower.clone()), (lower.clone(), format!("aB{}", &lower[2..])), (lower.clone(), format!("+b{}", &lower[2..]))] {
        check(entry("pk-1", pinned(&x, &e)), Err(InvalidKey(id("pk-1"))));
    }
    let listed = |x: &str| {
        EntryBody::PartnerList(PartnerList {
            partners: vec![VouchedPartner { role: PartnerRole::PartnerClinic, name: "みほんクリニック".into(), contact: None, phone: None, fax: None, keys: PinnedKeys { x25519: x.into(), ed25519: lower.clone() } }],
        })
    };
    check(entry("pl-1", listed(&lower)), Ok(()));
    check(entry("pl-1", listed(&lower.to_uppercase())), Err(InvalidKey(id("pl-1"))));
    assert!(InvalidKey(id("pl-1")).to_string().contains("lower-case hex"));
    let s1 = |regimen| {
        EntryBody::Medication(Medication {
            name: "ティーエスワン".into(),
            oral_anticancer: Some(OralDrug::S1),
            dose: String::new(),
            start: d("2024-03-01"),
            end: None,
            regimen: Some(regimen),
            prescribed_by: None,
            import_id: None,
        })
    };
    check(entry("rx-1", s1(Regimen::Cyclic { on_days: 28, off_days: 14, cycles: 8 })), Ok(()));
    check(entry("rx-1", s1(Regimen::Cyclic { on_days: 0, off_days: 14, cycles: 8 })), Err(InvalidRegimen(id("rx-1"))));
    check(
        entry("st-1", EntryBody::Status(StatusChange::Left { date: d("2024-06-01"), variance: id("h-1") })),
        Err(UnknownVariance { entry: id("st-1"), variance: id("h-1") }),
    );
}

#[test]
fn plan_changes_without_a_care_plan_are_rejected() {
    let mut r = Record::new();
    let change = EntryBody::PlanChange(PlanChange { changes: vec![], reason: "x".into() });
    assert_eq!(r.append(entry("c-1", change)), Err(RecordError::NoCarePlan(id("c-1"))));
}

#[test]
fn corrections_supersede_and_keep_history() {
    let mut r = base();
    let cea = |v: f64| EntryBody::TestResult(result(ResultValue::Number(v), Some(Unit::NgPerMl)));
    r.append(entry("r-1", cea(32.0))).unwrap();
    r.append(entry("r-2", cea(3.2)).superseding(id("r-1"))).unwrap();
    // A second correction of the same version is refused: corrections form a chain.
    assert_eq!(
        r.append(entry("r-3", cea(3.3)).superseding(id("r-1"))),
        Err(RecordError::AlreadySuperseded { entry: id("r-3"), target: id("r-1") })
    );
    let v = r.view();
    assert_eq!(v.series(&Analyte::Cea), vec![(d("2024-05-01"), 3.2)]);
    assert!(v.results[0].corrected);
    let history: Vec<_> = r.history(&id("r-2")).iter().map(|e| e.id.clone()).collect();
    assert_eq!(history, vec![id("r-1"), id("r-2")]);
    assert_eq!(r.history(&id("r-1")).len(), 2);
    // A retraction removes it from the view; the log keeps all three entries.
    r.append(entry("r-4", EntryBody::Retraction(Retraction { reason: "別の患者の結果".into() })).superseding(id("r-2")))
        .unwrap();
    assert!(r.view().results.is_empty());
    assert_eq!(r.entries().len(), 6);
    // A retraction itself cannot be corrected.
    assert_eq!(
        r.append(entry("r-5", cea(1.0)).superseding(id("r-4"))),
        Err(RecordError::KindMismatch { entry: id("r-5"), expected: EntryKind::Retraction, found: EntryKind::TestResult })
    );
}

#[test]
fn plan_changes_are_entries_and_the_view_replays_them() {
    let mut r = base();
    let change = |visit: u32, to: &str| {
        EntryBody::PlanChange(PlanChange {
            changes: vec![Adjustment::Move { visit: VisitId::month(visit), to: d(to) }],
            reason: "CT予約の都合".into(),
        })
    };
    r.append(entry("c-1", change(6, "2024-08-07"))).unwrap();
    assert_eq!(r.view().plan.unwrap().visit(&VisitId::month(6)).unwrap().date, d("2024-08-07"));
    // Correct the change: the view replays the correction instead of the original.
    r.append(entry("c-2", change(6, "2024-08-14")).superseding(id("c-1"))).unwrap();
    let v = r.view();
    assert_eq!(v.plan.as_ref().unwrap().visit(&VisitId::month(6)).unwrap().date, d("2024-08-14"));
    assert_eq!(v.plan_changes.len(), 1);
    let more = EntryBody::PlanChange(PlanChange {
        changes: vec![Adjustment::AddTest { visit: VisitId::month(3), test: Test::ChestXray }],
        reason: "咳".into(),
    });
    r.append(entry("c-3", more)).unwrap();
    assert!(r.view().plan.unwrap().visit(&VisitId::month(3)).unwrap().tests.contains(&Test::ChestXray));
}

#[test]
fn status_consent_next_appointment_and_drug_calendar() {
    let mut r = base();
    let v = r.view();
    assert_eq!(v.status, PathStatus::Active);
    assert_eq!(v.consent_state(), ConsentState::None);
    assert_eq!(v.next_appointment(d("2024-02-01")).unwrap().id, VisitId::month(3));
    assert!(v.drug_calendar().is_none());
    // A visit made for m3 moves the next appointment on, even on the day itself.
    let mut m3 = visit("2024-04-30");
    m3.planned_visit = Some(VisitId::month(3));
    r.append(entry("v-1", EntryBody::Visit(m3))).unwrap();
    assert_eq!(r.view().next_appointment(d("2024-04-30")).unwrap().id, VisitId::month(6));
    for (i, event) in [ConsentEvent::Given, ConsentEvent::Withdrawn].into_iter().enumerate() {
        let c = Consent { event, date: d("2024-02-01") + chrono::Days::new(i as u64 + 1), to_whom: "見本 一郎".into(), by: Consenter::Patient };
        r.append(entry(&format!("k-{i}"), EntryBody::Consent(c))).unwrap();
    }
    assert_eq!(r.view().consent_state(), ConsentState::Withdrawn { date: d("2024-02-03") });
    let variance = Variance {
        date: d("2024-06-01"),
        reason: VarianceReason::Withdrawal,
        outcome: VarianceOutcome::HospitalOnly,
        details: "同意撤回".into(),
    };
    assert_eq!((variance.reason.code(), variance.outcome.code()), (7, 5));
    r.append(entry("x-1", EntryBody::Variance(variance))).unwrap();
    let v = r.view();
    assert_eq!(v.status, PathStatus::LeftByVariance { date: d("2024-06-01"), variance: id("x-1") });
    assert!(v.next_appointment(d("2024-06-02")).is_none());
    r.append(entry(
        "st-1",
        EntryBody::Status(StatusChange::Completed { date: d("2029-01-31"), follow_up: FollowUp::Clinic }),
    ))
    .unwrap();
    assert_eq!(r.view().status, PathStatus::Completed { date: d("2029-01-31"), follow_up: FollowUp::Clinic });
    assert_eq!(FollowUp::Clinic.label(), "イ");
}

/// One meaning of "current medications", for the profile page and Home: not ended before the
/// day (a medication ending today is still current).
#[test]
fn medications_current_on_a_date() {
    let mut r = base();
    let med = |name: &str, end: Option<&str>| {
        EntryBody::Medication(Medication {
            name: name.into(),
            oral_anticancer: None,
            dose: String::new(),
            start: d("2024-03-01"),
            end: end.map(d),
            regimen: None,
            prescribed_by: None,
            import_id: None,
        })
    };
    r.append(entry("rx-1", med("ended", Some("2024-04-30")))).unwrap();
    r.append(entry("rx-2", med("ongoing", None))).unwrap();
    r.append(entry("rx-3", med("ends later", Some("2024-06-30")))).unwrap();
    let v = r.view();
    let on = |day: &str| v.medications_on(d(day)).map(|m| m.value.name.as_str()).collect::<Vec<_>>();
    assert_eq!(on("2024-04-30"), ["ended", "ongoing", "ends later"]);
    assert_eq!(on("2024-05-01"), ["ongoing", "ends later"]);
    assert_eq!(on("2024-07-01"), ["ongoing"]);
    assert_eq!(v.medications_on(d("2024-07-01")).next_back().map(|m| m.value.name.as_str()), Some("ongoing"));
}

#[test]
fn entry_ids_are_unique_without_a_server() {
    let mut r = Record::new();
    assert_eq!(r.next_entry_id("phone1"), id("phone1-000001"));
    for _ in 0..3 {
        let i = r.next_entry_id("phone1");
        r.append(Entry::new(i, Author::Patient, t("2024-02-10 10:00"), EntryBody::Memo(Memo { text: "x".into() })))
            .unwrap();
    }
    assert_eq!(r.next_entry_id("phone1"), id("phone1-000004"));
    assert_eq!(r.next_entry_id("clinic"), id("clinic-000001"));
    assert_eq!(EntryId::from_random(0xabc).as_str(), "00000000000000000000000000000abc");
    assert!(EntryId::from_random(u128::MAX).is_valid());
}

#[test]
fn records_round_trip_through_json() {
    let mut r = base();
    let sig = Signature { algorithm: SignatureAlgorithm::Ed25519, key_id: "clinic-key-1".into(), basis: None, subject: None, bytes: vec![0, 1, 0xfe, 0xff] };
    r.append(entry("s-1", EntryBody::Memo(Memo { text: "署名付き".into() })).signed(sig)).unwrap();
    let mut records = vec![r];
    records.extend(CancerType::ALL.into_iter().map(demo::record_fixed));
    for r in records {
        let json = r.to_json().unwrap();
        let back = Record::from_json(&json).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.to_json().unwrap(), json, "write-read-write is stable");
        assert_eq!(back.view(), r.view());
    }
}

#[test]
fn unreadable_records_give_typed_errors() {
    let cases: &[(&str, FormatError)] = &[
        ("{}", FormatError::MissingVersion),
        ("[]", FormatError::NotARecord),
        (r#"{"version": 9, "entries": []}"#, FormatError::UnsupportedVersion(9)),
        (r#"{"format": "other", "version": 2, "demo": false, "entries": []}"#, FormatError::NotARecord),
        (r#"{"version": 1}"#, FormatError::Migration { from: 1, reason: "no entries".into() }),
    ];
    for (json, expect) in cases {
        assert_eq!(Record::from_json(json).unwrap_err(), *expect, "{json}");
    }
    assert!(matches!(Record::from_json("not json"), Err(FormatError::Json(_))));
    // A valid envelope with an invalid log is rejected with the record error.
    let dup = r#"{"format": "watashi-no-karte/record", "version": 2, "demo": false, "entries": [
        {"id": "a", "author": {"kind": "patient"}, "at": "2024-01-01T00:00:00", "body": {"kind": "memo", "text": "x"}},
        {"id": "a", "author": {"kind": "patient"}, "at": "2024-01-01T00:00:00", "body": {"kind": "memo", "text": "y"}}]}"#;
    assert_eq!(Record::from_json(dup), Err(FormatError::Invalid(RecordError::DuplicateId(id("a")))));
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/record").join(name)
}

#[test]
fn a_version_1_record_migrates() {
    let v1 = std::fs::read_to_string(data("v1-colorectal.json")).unwrap();
    let r = Record::from_json(&v1).unwrap();
    assert!(!r.is_demo());
    let v = r.view();
    let p = &v.profile.as_ref().unwrap().value;
    assert_eq!(p.kana, "みほん つぎこ");
    assert_eq!(p.date_of_birth, d("1960-02-29"));
    assert_eq!(v.treatment.as_ref().unwrap().value.stage, Stage::StageIIIB);
    assert_eq!(v.plan.as_ref().unwrap().path, PathId::ColorectalStage23);
    assert_eq!(v.visits.len(), 1);
    assert!(!v.visits[0].value.attachments);
    // The correction (v1 "replaces") supersedes; the empty unit became none; unknown analytes survive.
    assert_eq!(v.series(&Analyte::Cea), vec![(d("2023-08-10"), 3.2)]);
    let occult = v.results.iter().find(|x| x.value.analyte == Analyte::Other("occult-blood".into())).unwrap();
    assert_eq!(occult.value.unit, None);
    assert_eq!(r.history(&id("clinic-000004")).len(), 2);
    assert_eq!(v.memos.len(), 1);
    // Migrated, it is written as the current version, and compared with the golden file.
    let json = r.to_json().unwrap();
    assert_eq!(Record::from_json(&json).unwrap(), r);
    let golden = data("v1-colorectal.migrated.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &json).unwrap();
    }
    assert_eq!(std::fs::read_to_string(golden).unwrap(), json);
}

/// A decimal in a signed entry keeps its exact value through saving and loading (JSON), so
/// its signature still holds. `924.2132512813595` is the shortest spelling of its `f64` (what
/// `serde_json` writes), but `serde_json`'s fast float parser, without its `float_roundtrip`
/// feature, reads it back one unit in the last place higher (`924.2132512813596`): the CBOR
/// the signature covers then differs and a verified entry turns "altered" after one save.
#[test]
fn a_signed_decimal_keeps_its_value_and_signature_through_save_and_load() {
    use karte_core::share::{chain, ProviderKeys};
    let keys = ProviderKeys::from_entropy(&[7; 64]);
    let mut r = base();
    for (i, v) in [924.2132512813595, 1823.3521453552403, 0.1, 2.675, 1e-7, 123456.78901234567].into_iter().enumerate() {
        let mut tr = result(ResultValue::Number(v), Some(Unit::NgPerMl));
        tr.reference = Some(ReferenceRange { low: Some(v / 3.0), high: Some(v * 1.1), basis: None });
        let unsigned = entry(&format!("lab-{i}"), EntryBody::TestResult(tr));
        r.append(chain::sign(unsigned, &chain::basis(r.entries()), &chain::subject(&[1; 32], &[2; 16]), &keys)).unwrap();
    }
    let loaded = Record::from_json(&r.to_json().unwrap()).unwrap();
    for (read, written) in loaded.entries().iter().zip(r.entries()) {
        assert_eq!(read.body, written.body, "every decimal read back as written");
    }
    for e in &loaded.entries()[3..] {
        assert_eq!(chain::check(e), Ok(keys.verifying()), "{:?}", e.id);
    }
    assert!(chain::verify(loaded.entries()).is_intact());
}

/// Signature bytes and the signer's key are hex with one spelling: lower case. Upper case,
/// an odd number of digits or a non-hex digit is refused with a clear error, not read as the
/// same value.
#[test]
fn signature_hex_is_canonical_lower_case_only() {
    use karte_core::share::{chain, ProviderKeys};
    let keys = ProviderKeys::from_entropy(&[9; 64]);
    let mut r = base();
    let memo = entry("m-1", EntryBody::Memo(Memo { text: "署名つき".into() }));
    r.append(chain::sign(memo, &chain::basis(r.entries()), &chain::subject(&[1; 32], &[2; 16]), &keys)).unwrap();
    let json = r.to_json().unwrap();
    let sig: String = r.entries()[3].signature.as_ref().unwrap().bytes.iter().map(|b| format!("{b:02x}")).collect();
    assert!(json.contains(&sig));
    for bad in [sig.to_uppercase(), sig[1..].to_string(), format!("g{}", &sig[1..]), format!("+{}", &sig[1..])] {
        let e = Record::from_json(&json.replace(&sig, &bad)).unwrap_err();
        assert!(e.to_string().contains("not canonical hex"), "{bad}: {e}");
    }
    // The key: read as text, refused when checked (it names the signer, compared as a string).
    let mut upper = r.entries()[3].clone();
    let s = upper.signature.as_mut().unwrap();
    s.key_id = s.key_id.to_uppercase();
    assert_eq!(chain::check(&upper), Err(chain::SignatureProblem::BadKey));
    assert_eq!(chain::check(&r.entries()[3]), Ok(keys.verifying()));
}
