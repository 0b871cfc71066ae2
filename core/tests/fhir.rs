//! The FHIR export (`karte_core::fhir`): every part of each demo record is in the Bundle as
//! its resource, references resolve inside the Bundle, ids are stable, and the JP Core
//! constraints the third-party validator cannot check (it knows no profiles) hold.
//! The validator itself runs in `tests/browser/fhir.test.mjs`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use karte_core::demo;
use karte_core::fhir;
use karte_core::record::{Author, Entry, EntryBody, EntryId, Medication, Profile, Record, RecordView, Sex};
use karte_core::vocab::CancerType;
use serde_json::Value;

fn resources<'a>(b: &'a Value, ty: &str) -> Vec<&'a Value> {
    b["entry"].as_array().expect("entries").iter().map(|e| &e["resource"]).filter(|r| r["resourceType"] == ty).collect()
}

fn references(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "reference" {
                    out.push(x.as_str().expect("a reference is a string").to_string());
                } else {
                    references(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| references(x, out)),
        _ => {}
    }
}

fn systems(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "system" {
                    out.insert(x.as_str().unwrap_or_default().to_string());
                }
                systems(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| systems(x, out)),
        _ => {}
    }
}

fn blank_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            if x.as_str().is_some_and(|s| s.trim().is_empty()) {
                out.push(k.clone());
            }
            blank_strings(x, out);
        }),
        Value::Array(a) => a.iter().for_each(|x| blank_strings(x, out)),
        _ => {}
    }
}

fn demo_bundle(c: CancerType) -> (RecordView, Value) {
    let view = demo::record_fixed(c).view();
    let b = fhir::bundle(&view, &format!("demo-{}", c.as_str()));
    (view, b)
}

#[test]
fn each_part_of_each_demo_record_is_its_resource() {
    let mut types = BTreeSet::new();
    for c in CancerType::ALL {
        let (v, b) = demo_bundle(c);
        assert_eq!(b["resourceType"], "Bundle");
        assert_eq!(b["type"], "collection");
        let p = v.profile.as_ref().expect("profile").value.clone();
        let t = v.treatment.as_ref().expect("treatment").value.clone();
        let count = |ty: &str| resources(&b, ty).len();
        assert_eq!(count("Patient"), 1, "{c:?}");
        assert_eq!(count("AllergyIntolerance"), p.allergies.len() + p.adverse_drug_reactions.len(), "{c:?}");
        assert_eq!(count("Condition"), 1 + p.past_history.len(), "{c:?}");
        assert_eq!(count("Procedure"), 1, "{c:?}");
        assert_eq!(count("Encounter"), v.visits.len() + usize::from(t.admission.is_some()), "{c:?}");
        assert_eq!(count("Observation"), v.results.len(), "{c:?}");
        assert_eq!(count("MedicationStatement"), v.medications.len(), "{c:?}");
        assert_eq!(count("CarePlan"), 1, "{c:?}");
        assert!(count("Organization") >= 2, "{c:?}");

        let patient = resources(&b, "Patient")[0];
        assert_eq!(patient["name"][0]["text"], p.name.as_str());
        assert_eq!(patient["name"][1]["text"], p.kana.as_str());
        assert_eq!(patient["birthDate"], p.date_of_birth.format("%Y-%m-%d").to_string());
        assert_eq!(patient["gender"], match p.sex { Sex::Male => "male", Sex::Female => "female", Sex::Unspecified => "unknown" });

        let procedure = resources(&b, "Procedure")[0];
        assert_eq!(procedure["code"]["text"], t.operation.as_str());
        assert_eq!(procedure["performedDateTime"], t.operation_date.format("%Y-%m-%d").to_string());
        assert_eq!(procedure["status"], "completed");

        let plan = v.plan.as_ref().expect("plan");
        let care_plan = resources(&b, "CarePlan")[0];
        let activities = care_plan["activity"].as_array().expect("activities");
        assert_eq!(activities.len(), plan.visits.len() + plan.cancelled.len(), "{c:?}");
        let done = activities.iter().filter(|a| a["detail"]["status"] == "completed").count();
        assert_eq!(done, v.visits.len(), "{c:?}: each visit made completes its planned visit");
        for (a, pv) in activities.iter().zip(&plan.visits) {
            assert_eq!(a["detail"]["scheduledPeriod"]["start"], pv.date.format("%Y-%m-%d").to_string());
            assert_eq!(a["detail"]["status"] == "completed", a.get("outcomeReference").is_some());
        }
        for e in resources(&b, "Encounter") {
            assert_eq!(e["status"], "finished");
        }
        let visits: Vec<_> = resources(&b, "Encounter").into_iter().filter(|e| e["class"]["code"] == "AMB").collect();
        assert_eq!(visits.len(), v.visits.len());
        for (e, visit) in visits.iter().zip(&v.visits) {
            assert_eq!(e["period"]["start"], visit.value.visit_date.format("%Y-%m-%d").to_string());
            assert!(e["serviceProvider"]["reference"].is_string());
            assert!(e["participant"][0]["individual"]["reference"].is_string(), "{c:?}: the doctor");
        }
        for r in resources(&b, "Patient").into_iter().chain(resources(&b, "Observation")) {
            types.insert(r["resourceType"].as_str().unwrap_or_default().to_string());
        }
        for e in b["entry"].as_array().expect("entries") {
            types.insert(e["resource"]["resourceType"].as_str().unwrap_or_default().to_string());
        }
    }
    let want = [
        "Patient", "AllergyIntolerance", "Condition", "Procedure", "Observation",
        "MedicationStatement", "CarePlan", "Encounter", "Organization", "Practitioner",
    ];
    for t in want {
        assert!(types.contains(t), "no demo record has a {t}");
    }
}

#[test]
fn references_resolve_inside_the_bundle_and_ids_are_unique() {
    for c in CancerType::ALL {
        let (_, b) = demo_bundle(c);
        let mut blank = Vec::new();
        blank_strings(&b, &mut blank);
        assert!(blank.is_empty(), "{c:?}: {blank:?}");
        let mut full = BTreeMap::new();
        for e in b["entry"].as_array().expect("entries") {
            let url = e["fullUrl"].as_str().expect("fullUrl");
            let id = e["resource"]["id"].as_str().expect("id");
            assert_eq!(url, format!("urn:uuid:{id}"));
            assert_eq!(id.len(), 36);
            assert!(full.insert(url.to_string(), e["resource"]["resourceType"].clone()).is_none(), "{c:?}: {url} twice");
        }
        let mut refs = Vec::new();
        references(&b, &mut refs);
        assert!(refs.len() > 10, "{c:?}");
        // Every reference names its target's type, and the target is in the Bundle.
        for e in b["entry"].as_array().expect("entries") {
            check_typed(&e["resource"], &full, c);
        }
        for r in refs {
            assert!(full.contains_key(&r), "{c:?}: {r} is not in the Bundle");
        }
    }
}

fn check_typed(v: &Value, full: &BTreeMap<String, Value>, c: CancerType) {
    match v {
        Value::Object(m) => {
            if let Some(r) = m.get("reference").and_then(Value::as_str) {
                assert_eq!(m.get("type"), full.get(r), "{c:?}: {r}");
            }
            m.values().for_each(|x| check_typed(x, full, c));
        }
        Value::Array(a) => a.iter().for_each(|x| check_typed(x, full, c)),
        _ => {}
    }
}

#[test]
fn the_same_record_gives_the_same_bytes_and_ids_follow_entries() {
    for c in CancerType::ALL {
        let (_, a) = demo_bundle(c);
        let (_, b) = demo_bundle(c);
        assert_eq!(serde_json::to_string(&a).expect("json"), serde_json::to_string(&b).expect("json"));
        // Another record id: every id differs.
        let view = demo::record_fixed(c).view();
        let other = fhir::bundle(&view, "another-record");
        let ids = |b: &Value| -> BTreeSet<String> {
            b["entry"].as_array().expect("entries").iter().map(|e| e["fullUrl"].as_str().unwrap_or_default().to_string()).collect()
        };
        assert!(ids(&a).is_disjoint(&ids(&other)), "{c:?}");
    }
    // A later day of the same patient: more visits and results, the earlier ones keep their ids.
    let early = demo::record_after(CancerType::Stomach, demo::fixed_today(), 7);
    let later_day = demo::fixed_today().checked_add_months(chrono::Months::new(3)).expect("date");
    let later = demo::record_after(CancerType::Stomach, later_day, 10);
    let (a, b) = (fhir::bundle(&early.view(), "r"), fhir::bundle(&later.view(), "r"));
    let urls = |b: &Value| -> BTreeSet<String> {
        b["entry"].as_array().expect("entries").iter().map(|e| e["fullUrl"].as_str().unwrap_or_default().to_string()).collect()
    };
    assert!(urls(&a).is_subset(&urls(&b)));
    assert!(urls(&a).len() < urls(&b).len());
}

#[test]
fn jp_core_constraints_the_validator_does_not_check_hold() {
    for c in CancerType::ALL {
        let (v, b) = demo_bundle(c);
        for e in b["entry"].as_array().expect("entries") {
            let r = &e["resource"];
            let ty = r["resourceType"].as_str().expect("type");
            let profile = r["meta"]["profile"][0].as_str();
            match ty {
                // JP Core has only a provisional (暫定) JP_CarePlan, not claimed.
                "CarePlan" => assert!(profile.is_none()),
                "Observation" => assert_eq!(profile, Some("http://jpfhir.jp/fhir/core/StructureDefinition/JP_Observation_LabResult")),
                _ => assert_eq!(profile, Some(format!("http://jpfhir.jp/fhir/core/StructureDefinition/JP_{ty}").as_str())),
            }
        }
        // JP_Patient: identifier 1.., identifier.value 1..
        let patient = resources(&b, "Patient")[0];
        assert!(patient["identifier"][0]["value"].as_str().is_some_and(|s| s.starts_with("urn:uuid:")));
        // JP_Observation_LabResult: category laboratory (JP Core's system), code.coding 1..,
        // code.text 1.., subject 1.., effective[x] 1..
        for o in resources(&b, "Observation") {
            assert_eq!(o["category"][0]["coding"][0]["system"], "http://jpfhir.jp/fhir/core/CodeSystem/JP_SimpleObservationCategory_CS");
            assert_eq!(o["category"][0]["coding"][0]["code"], "laboratory");
            assert!(o["code"]["coding"][0]["code"].is_string() && o["code"]["text"].is_string());
            assert!(o["subject"]["reference"].is_string() && o["effectiveDateTime"].is_string());
        }
        // Never a guessed code: no JLAC10, ICD-10, HOT or YJ system, since the record holds none.
        let mut s = BTreeSet::new();
        systems(&b, &mut s);
        for sys in &s {
            let l = sys.to_lowercase();
            for word in ["jlac", "icd", "hot", "yj-code", "medis"] {
                assert!(!l.contains(word), "{c:?}: {sys}");
            }
        }
        // Units: UCUM code only where the unit is UCUM's; the assay units of tumour markers as text.
        for (o, r) in resources(&b, "Observation").into_iter().zip(&v.results) {
            let q = &o["valueQuantity"];
            let unit = r.value.unit.as_ref().map(|u| u.as_str().to_string());
            assert_eq!(q["unit"].as_str().map(str::to_string), unit);
            match unit.as_deref() {
                Some("ng/mL") => assert_eq!((q["system"].as_str(), q["code"].as_str()), (Some("http://unitsofmeasure.org"), Some("ng/mL"))),
                Some("/μL") => assert_eq!(q["code"], "/uL"),
                Some("U/mL") | Some("mAU/mL") => assert!(q.get("code").is_none() && q.get("system").is_none()),
                _ => {}
            }
        }
    }
}

#[test]
fn what_the_demos_do_not_hold_is_exported_as_the_record_says() {
    let at = NaiveDate::from_ymd_opt(2025, 1, 2).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("time");
    let mut record = Record::new();
    let profile = Profile {
        name: "見本　花".into(),
        kana: String::new(),
        date_of_birth: NaiveDate::from_ymd_opt(1980, 2, 29).expect("date"),
        sex: Sex::Unspecified,
        allergies: vec![String::new()],
        adverse_drug_reactions: vec!["薬A: 発疹".into()],
        past_history: vec!["  ".into()],
    };
    let medication = Medication {
        name: "薬B".into(),
        oral_anticancer: None,
        dose: String::new(),
        start: NaiveDate::from_ymd_opt(2024, 1, 1).expect("date"),
        end: NaiveDate::from_ymd_opt(2024, 3, 1),
        regimen: None,
        prescribed_by: None,
        import_id: None,
    };
    let bodies = [EntryBody::Profile(profile), EntryBody::Medication(medication)];
    for (n, body) in bodies.into_iter().enumerate() {
        record.append(Entry::new(EntryId::sequential("t", n as u64 + 1), Author::Patient, at, body)).expect("valid");
    }
    let b = fhir::bundle(&record.view(), "r");
    // FHIR strings are never empty: blank texts of the record are left out.
    let mut blank = Vec::new();
    blank_strings(&b, &mut blank);
    assert!(blank.is_empty(), "{blank:?}");
    assert_eq!(resources(&b, "AllergyIntolerance").len(), 1);
    assert_eq!(resources(&b, "MedicationStatement").len(), 1);
    assert!(resources(&b, "Condition").is_empty(), "a blank past history");
    let patient = resources(&b, "Patient")[0];
    assert_eq!(patient["gender"], "unknown");
    assert_eq!(patient["birthDate"], "1980-02-29");
    // A full-width space splits family and given names; an empty kana gives no second name.
    assert_eq!(patient["name"].as_array().map(Vec::len), Some(1));
    assert_eq!((patient["name"][0]["family"].as_str(), patient["name"][0]["given"][0].as_str()), (Some("見本"), Some("花")));
    let allergy = resources(&b, "AllergyIntolerance")[0];
    assert_eq!((allergy["type"].as_str(), allergy["category"][0].as_str()), (Some("intolerance"), Some("medication")));
    let m = resources(&b, "MedicationStatement")[0];
    assert_eq!(m["status"], "completed");
    assert_eq!(m["effectivePeriod"]["end"], "2024-03-01");
    assert!(m.get("dosage").is_none() && m.get("informationSource").is_none());
    // No treatment, no plan: no Condition, Procedure or CarePlan, and nothing dangling.
    for ty in ["Condition", "Procedure", "CarePlan", "Encounter", "Observation"] {
        assert!(resources(&b, ty).is_empty(), "{ty}");
    }
    assert_eq!(fhir::uuid("r", "patient", "t-000001"), patient["id"].as_str().expect("id"));
}

/// Issue 23.4: a PSA after radical prostatectomy is judged at 0.2 ng/mL, the range it was
/// judged by is written to `referenceRange` (with a text saying the limit itself is out of
/// range), and 0.5 (and 0.2) are `H`; a result stored with the usual range keeps it.
#[test]
fn psa_after_prostatectomy_exports_the_range_it_was_judged_by() {
    use karte_core::record::{Analyte, RangeBasis, ResultValue, TestResult};
    use karte_core::vocab::PathId;
    let at = NaiveDate::from_ymd_opt(2025, 6, 2).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("time");
    let (unit, range) = Analyte::Psa.reference_on(Some(PathId::ProstateProstatectomy)).expect("range");
    assert_eq!((range.high, range.basis), (Some(0.2), Some(RangeBasis::AfterProstatectomy)));
    let (_, usual) = Analyte::Psa.usual().expect("usual");
    let mut record = Record::new();
    for (n, (value, reference)) in [(0.5, range), (0.2, range), (0.05, range), (0.5, usual)].into_iter().enumerate() {
        let r = TestResult {
            analyte: Analyte::Psa,
            value: ResultValue::Number(value),
            unit: Some(unit.clone()),
            reference: Some(reference),
            date: at.date() + chrono::Days::new(n as u64),
            place: "みほん泌尿器科".into(),
        };
        record.append(Entry::new(EntryId::sequential("t", n as u64 + 1), Author::Patient, at, EntryBody::TestResult(r))).expect("valid");
    }
    let b = fhir::bundle(&record.view(), "r");
    let obs = resources(&b, "Observation");
    assert_eq!(obs.len(), 4);
    let by_date = |d: &str| obs.iter().find(|o| o["effectiveDateTime"] == d).copied().expect("observation");
    let flag = |o: &Value| o["interpretation"][0]["coding"][0]["code"].as_str().map(str::to_string);
    let first = by_date("2025-06-02");
    assert_eq!(flag(first).as_deref(), Some("H"));
    assert_eq!(first["referenceRange"][0]["high"]["value"], 0.2);
    assert!(first["referenceRange"][0]["text"].as_str().is_some_and(|t| t.contains("0.2") && t.contains("PSA")));
    assert_eq!(flag(by_date("2025-06-03")).as_deref(), Some("H"), "0.2 itself is PSA recurrence");
    assert_eq!(flag(by_date("2025-06-04")).as_deref(), Some("N"));
    let kept = by_date("2025-06-05");
    assert_eq!(flag(kept).as_deref(), Some("N"), "a result keeps the range it was judged by");
    assert_eq!(kept["referenceRange"][0]["high"]["value"], 4.0);
    assert!(kept["referenceRange"][0].get("text").is_none());
    // The range reads back as written, and a basis from a later version still reads.
    let json = serde_json::to_value(range).expect("json");
    assert_eq!(json["basis"], "after-prostatectomy");
    let later: karte_core::record::ReferenceRange =
        serde_json::from_str(r#"{"low": null, "high": 1.0, "basis": "after-something-new"}"#).expect("reads");
    assert_eq!(later.basis, Some(RangeBasis::Other));
    assert!(serde_json::to_value(usual).expect("json").get("basis").is_none());
}
