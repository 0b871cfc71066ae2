//! Every template parses, is valid, and generates the schedule in its golden file
//! `tests/data/schedules/<path-id>.txt` (operation on 2024-01-31, to exercise month ends and
//! the leap day). Rewrite the goldens with `UPDATE_GOLDEN=1 cargo test -p karte-core`.

use std::path::PathBuf;

use chrono::NaiveDate;
use karte_core::pathway::{self, Place, Template, TemplateError, Test};
use karte_core::schedule;
use karte_core::vocab::PathId;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/schedules")
}

/// Compares `actual` with the golden file, or rewrites it under UPDATE_GOLDEN=1.
fn check_golden(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    assert_eq!(expected, actual, "{} differs (UPDATE_GOLDEN=1 rewrites it)", path.display());
}

#[test]
fn every_template_matches_its_golden_schedule() {
    let op = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
    for p in PathId::ALL {
        let t = pathway::template(p).unwrap_or_else(|e| panic!("{e}"));
        let plan = schedule::plan(t, op, &[]).unwrap();
        check_golden(&format!("{}.txt", p.as_str()), &plan.to_text());
    }
}

#[test]
fn every_template_is_sound() {
    for p in PathId::ALL {
        let t = pathway::template(p).unwrap();
        assert_eq!(t.id, p);
        assert!(t.note.contains("planning hospital adjusts"), "{p:?}: note must say it is a default");
        assert!(t.source.guideline.contains("ガイドライン"), "{p:?}");
        assert!(t.length_months >= 60, "{p:?}");
        assert_eq!(t.drug.is_some(), !p.oral_drugs().is_empty(), "{p:?}");
        // Both sides of the path see the patient, and the last visit closes the path.
        assert!(t.visits.iter().any(|v| v.place == Place::Hospital), "{p:?}");
        assert!(t.visits.iter().any(|v| v.place == Place::Clinic), "{p:?}");
        assert_eq!(t.visits.last().unwrap().month, t.length_months, "{p:?}");
        assert!(t.visits.iter().all(|v| v.tests.contains(&Test::HistoryExam)), "{p:?}");
    }
}

fn check(json_edit: impl Fn(&mut serde_json::Value), expect: TemplateError) {
    let p = PathId::StomachS1;
    let mut v: serde_json::Value = serde_json::from_str(pathway::template_json(p)).unwrap();
    json_edit(&mut v);
    assert_eq!(Template::from_json(p, &v.to_string()), Err(expect));
}

#[test]
fn broken_templates_are_rejected_with_clear_errors() {
    let p = PathId::StomachS1;
    check(|v| v["id"] = "stomach-stage1".into(), TemplateError::IdMismatch { expected: p, found: PathId::StomachStage1 });
    check(|v| v["visits"][1]["month"] = 1.into(), TemplateError::MonthsNotIncreasing { path: p, index: 1, month: 1 });
    check(|v| v["length_months"] = 24.into(), TemplateError::VisitAfterEnd { path: p, month: 27 });
    check(|v| v["visits"][0]["tests"] = serde_json::json!([]), TemplateError::NoTests { path: p, month: 1 });
    check(
        |v| v["visits"][0]["tests"] = serde_json::json!(["ct"]),
        TemplateError::HospitalTestAtClinic { path: p, month: 1, test: Test::Ct },
    );
    check(|v| v["drug"] = serde_json::Value::Null, TemplateError::DrugMismatch(p));
    check(|v| v["drug"]["drugs"] = serde_json::json!(["uft"]), TemplateError::DrugMismatch(p));
    check(|v| v["drug"]["regimen"]["cycles"] = 0.into(), TemplateError::BadRegimen(p));
    check(|v| v["source"]["section"] = "".into(), TemplateError::MissingSource(p));
    check(|v| v["visits"] = serde_json::json!([]), TemplateError::NoVisits(p));
    assert!(matches!(
        Template::from_json(p, "{\"id\": \"stomach-s1\"}"),
        Err(TemplateError::Parse { .. })
    ));
}
