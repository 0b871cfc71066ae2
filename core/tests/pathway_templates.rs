//! Every template parses, is valid, cites a source for every rule, and generates the schedules
//! in its golden files under `tests/data/schedules/` (operation on 2024-01-31, to exercise
//! month ends and the leap day): `<path-id>.txt` for a template without factors, one
//! `<path-id>.<factors>.txt` per variant otherwise. Rewrite the goldens with
//! `UPDATE_GOLDEN=1 cargo test -p karte-core`.
//!
//! Then one test per finding of the clinical review (issue 17), each failing on revision 1 of
//! the templates.

use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use karte_core::pathway::{
    self, Depth, Factors, Place, Regimen, Site, StageGroup, Template, TemplateError, Test,
};
use karte_core::record::CarePlan;
use karte_core::schedule::{self, Adjustment, CheckItem, Plan, PlanError, PlanInputs};
use karte_core::vocab::{OralDrug, PathId};

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

fn op() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 31).unwrap()
}

fn t(p: PathId) -> &'static Template {
    pathway::template(p).unwrap_or_else(|e| panic!("{e}"))
}

fn variant_name(f: &Factors) -> String {
    let mut parts = Vec::new();
    if let Some(s) = f.stage {
        parts.push(format!("stage-{}", format!("{s:?}").to_lowercase()));
    }
    if let Some(s) = f.site {
        parts.push(format!("site-{}", format!("{s:?}").to_lowercase()));
    }
    if let Some(d) = f.depth {
        parts.push(format!("depth-{}", format!("{d:?}").to_lowercase()));
    }
    parts.join(".")
}

fn plan_for(p: PathId, factors: Factors) -> Plan {
    let inputs = PlanInputs { factors, ..Default::default() };
    schedule::plan_with(t(p), op(), &inputs, &[]).unwrap()
}

#[test]
fn every_template_matches_its_golden_schedules() {
    for p in PathId::ALL {
        let t = t(p);
        let variants = t.variants();
        if variants == [Factors::default()] {
            let plan = schedule::plan(t, op(), &[]).unwrap();
            check_golden(&format!("{}.txt", p.as_str()), &plan.to_text());
            continue;
        }
        for f in variants {
            let plan = plan_for(p, f);
            check_golden(&format!("{}.{}.txt", p.as_str(), variant_name(&f)), &plan.to_text());
        }
        // Nothing recorded: the template's if_unknown variant.
        let unknown = schedule::plan(t, op(), &[]).unwrap();
        assert_eq!(unknown, plan_for(p, t.if_unknown), "{p:?}");
    }
}

#[test]
fn every_template_is_sound() {
    for p in PathId::ALL {
        let t = t(p);
        assert_eq!(t.id, p);
        assert!(t.note.contains("planning hospital adjusts"), "{p:?}: note must say it is a default");
        assert!(t.sources.values().any(|s| s.guideline.contains("ガイドライン")), "{p:?}");
        assert!(t.length_months >= 60, "{p:?}");
        assert_eq!(t.drug.is_some(), !p.oral_drugs().is_empty(), "{p:?}");
        for f in t.variants() {
            let visits = t.visits(&f);
            // Both sides of the path see the patient, and the last visit closes the path.
            assert!(visits.iter().any(|v| v.place == Place::Hospital), "{p:?} {f:?}");
            assert!(visits.iter().any(|v| v.place == Place::Clinic), "{p:?} {f:?}");
            assert_eq!(visits.last().unwrap().month, t.length_months, "{p:?} {f:?}");
            assert!(visits.iter().all(|v| v.tests.contains(&Test::HistoryExam)), "{p:?} {f:?}");
        }
    }
}

#[test]
fn every_test_of_every_visit_traces_to_a_rule_with_a_cited_source() {
    for p in PathId::ALL {
        let t = t(p);
        for f in t.variants() {
            let month = t.visits(&f).into_iter().map(|v| (v.tests, v.rules));
            let cycle = t.cycle_visits(&f).into_iter().map(|v| (v.tests, v.rules));
            for (tests, rules) in month.chain(cycle) {
                assert_eq!(tests.len(), rules.len(), "{p:?}");
                for (test, r) in tests.iter().zip(rules) {
                    let (rule, source) = t.rule_source(r).unwrap_or_else(|| panic!("{p:?} rule {r}"));
                    assert!(rule.what.contains(test), "{p:?} rule {r} does not name {test}");
                    assert!(rule.when.holds(&t.resolve(&f)), "{p:?} rule {r}");
                    assert!(!rule.cite.trim().is_empty() && !source.section.trim().is_empty());
                }
            }
        }
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
    use serde_json::json;
    let p = PathId::StomachS1;
    let path = p;
    check(|v| v["id"] = "stomach-stage1".into(), TemplateError::IdMismatch { expected: p, found: PathId::StomachStage1 });
    check(|v| v["length_months"] = 24.into(), TemplateError::BadTiming { path, rule: 3 });
    check(|v| v["rules"][3]["at"] = json!([0]), TemplateError::BadTiming { path, rule: 3 });
    check(|v| v["rules"][0]["cycles"] = json!([9]), TemplateError::BadTiming { path, rule: 0 });
    check(|v| v["rules"][1]["cycle_day"] = 43.into(), TemplateError::BadTiming { path, rule: 1 });
    check(|v| v["rules"][3]["every"][0]["every"] = 0.into(), TemplateError::BadTiming { path, rule: 3 });
    check(|v| v["rules"][0]["what"] = json!([]), TemplateError::NoTests { path, rule: 0 });
    check(
        |v| v["rules"][3]["what"] = json!(["ct"]),
        TemplateError::HospitalTestAtClinic { path, rule: 3, test: Test::Ct },
    );
    check(|v| v["rules"][2]["source"] = "nowhere".into(), TemplateError::UnknownSource { path, rule: 2 });
    check(|v| v["rules"][2]["cite"] = " ".into(), TemplateError::UnknownSource { path, rule: 2 });
    check(|v| v["rules"][2]["when"] = json!({"site": ["rectum"]}), TemplateError::NoDefaultFactor { path, rule: 2 });
    check(|v| v["drug"] = serde_json::Value::Null, TemplateError::DrugMismatch(p));
    check(|v| v["drug"]["drugs"] = json!(["uft"]), TemplateError::DrugMismatch(p));
    check(|v| v["drug"]["regimen"]["cycles"] = 0.into(), TemplateError::BadRegimen(p));
    check(|v| v["sources"]["jgca"]["section"] = "".into(), TemplateError::MissingSource(p));
    check(|v| v["sources"] = json!({}), TemplateError::MissingSource(p));
    check(|v| v["rules"] = json!([]), TemplateError::NoVisits(p));
    assert!(matches!(
        Template::from_json(p, "{\"id\": \"stomach-s1\"}"),
        Err(TemplateError::Parse { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// The findings of the clinical review (issue 17). Each fails on revision 1 of the templates.

fn months_with(p: PathId, f: Factors, test: &Test) -> Vec<u32> {
    t(p).visits(&f).into_iter().filter(|v| v.tests.contains(test)).map(|v| v.month).collect()
}

const fn f(stage: Option<StageGroup>, site: Option<Site>, depth: Option<Depth>) -> Factors {
    Factors { stage, site, depth }
}

/// 1. A pMP (T2) Stage I colorectal cancer follows the Stage II intervals; only pSM (T1) may
/// have the lighter schedule; an unrecorded depth gets the Stage II intervals.
#[test]
fn pmp_stage1_colorectal_follows_stage2_intervals() {
    let stage2_colon = f(Some(StageGroup::Ii), Some(Site::Colon), None);
    for depth in [Some(Depth::T2), None] {
        let pmp = f(None, Some(Site::Colon), depth);
        for test in [Test::Cea, Test::Ct, Test::HistoryExam] {
            assert_eq!(
                months_with(PathId::ColorectalStage1, pmp, &test),
                months_with(PathId::ColorectalStage23, stage2_colon, &test),
                "{depth:?} {test}"
            );
        }
        assert!(months_with(PathId::ColorectalStage1, pmp, &Test::Cea).contains(&3));
    }
    let psm = f(None, Some(Site::Colon), Some(Depth::T1));
    assert_eq!(months_with(PathId::ColorectalStage1, psm, &Test::Ct), [12, 24, 36, 48, 60]);
    assert!(!months_with(PathId::ColorectalStage1, psm, &Test::Cea).contains(&3));
}

/// 2. Stage III keeps CT every 6 months for 5 years (CT at months 42 and 54); Stage II may go
/// yearly after year 3; an unrecorded stage gets the Stage III schedule.
#[test]
fn stage3_colorectal_plans_have_ct_every_six_months_for_five_years() {
    for p in [PathId::ColorectalStage23, PathId::ColorectalCapecitabine, PathId::ColorectalUftLv] {
        for stage in [Some(StageGroup::Iii), None] {
            let ct = months_with(p, f(stage, Some(Site::Colon), None), &Test::Ct);
            assert_eq!(ct, (1..=10).map(|i| i * 6).collect::<Vec<_>>(), "{p:?} {stage:?}");
            let plan = plan_for(p, f(stage, Some(Site::Colon), None));
            for m in [42, 54] {
                let v = plan.visit(&schedule::VisitId::month(m)).unwrap();
                assert!(v.tests.contains(&Test::Ct) && v.place == Place::Hospital, "{p:?} m{m}");
            }
        }
        let stage2 = months_with(p, f(Some(StageGroup::Ii), Some(Site::Colon), None), &Test::Ct);
        assert_eq!(stage2, [6, 12, 18, 24, 30, 36, 48, 60], "{p:?}");
    }
}

/// 2. Rectal cancer adds a digital rectal examination every 6 months and a yearly colonoscopy;
/// an unrecorded site gets the rectal schedule.
#[test]
fn rectal_cancer_adds_rectal_examination_and_yearly_colonoscopy() {
    let paths = [
        PathId::ColorectalStage1,
        PathId::ColorectalStage23,
        PathId::ColorectalCapecitabine,
        PathId::ColorectalUftLv,
    ];
    for p in paths {
        for site in [Some(Site::Rectum), None] {
            let rectum = f(None, site, None);
            let dre = months_with(p, rectum, &Test::DigitalRectalExam);
            assert_eq!(dre, (1..=10).map(|i| i * 6).collect::<Vec<_>>(), "{p:?}");
            assert_eq!(months_with(p, rectum, &Test::Colonoscopy), [12, 24, 36, 48, 60], "{p:?}");
        }
        let colon = f(None, Some(Site::Colon), None);
        assert!(months_with(p, colon, &Test::DigitalRectalExam).is_empty(), "{p:?}");
        assert!(!months_with(p, colon, &Test::Colonoscopy).contains(&24), "{p:?}");
    }
}

/// The first day of each cycle of a plan's cyclic drug.
fn cycle_starts(plan: &Plan) -> Vec<NaiveDate> {
    let cal = plan.drug.expect("a drug path");
    match cal.regimen {
        Regimen::Cyclic { on_days, off_days, cycles } => (0..cycles)
            .map(|i| cal.start + Days::new(u64::from(i * (on_days + off_days))))
            .collect(),
        Regimen::Continuous { .. } => panic!("not cyclic"),
    }
}

/// Whether the plan checks the blood within `days` of `date`.
fn checked_near(plan: &Plan, date: NaiveDate, days: i64) -> bool {
    plan.visits
        .iter()
        .any(|v| v.tests.contains(&Test::BloodCount) && (v.date - date).num_days().abs() <= days)
}

/// 3. The capecitabine plan has a check in every cycle (and so do the other cyclic drug
/// paths), also when the drug starts on another day than the default.
#[test]
fn cyclic_drug_plans_have_a_check_in_every_cycle() {
    for p in [PathId::ColorectalCapecitabine, PathId::ColorectalUftLv, PathId::StomachS1] {
        let default = schedule::plan(t(p), op(), &[]).unwrap();
        let later = PlanInputs { drug_start: Some(op() + Days::new(37)), ..Default::default() };
        let moved = schedule::plan_with(t(p), op(), &later, &[]).unwrap();
        assert_eq!(moved.drug.unwrap().start, op() + Days::new(37));
        for plan in [default, moved] {
            let starts = cycle_starts(&plan);
            for (i, start) in starts.iter().enumerate() {
                assert!(
                    checked_near(&plan, *start, schedule::CYCLE_MERGE_DAYS),
                    "{p:?}: no check for cycle {} starting {start}",
                    i + 1
                );
            }
        }
    }
    // Capecitabine: 8 courses; while on the drug no two blood checks are more than 3 weeks
    // apart (revision 1: monthly, six checks for eight courses).
    let plan = schedule::plan(t(PathId::ColorectalCapecitabine), op(), &[]).unwrap();
    let starts = cycle_starts(&plan);
    assert_eq!(starts.len(), 8);
    let end = plan.drug.unwrap().end();
    let checks: Vec<NaiveDate> = plan
        .visits
        .iter()
        .filter(|v| v.tests.contains(&Test::BloodCount) && v.date >= starts[0] && v.date < end)
        .map(|v| v.date)
        .collect();
    assert!(checks.len() >= 8, "{checks:?}");
    assert!(checks.windows(2).all(|w| (w[1] - w[0]).num_days() <= 21), "{checks:?}");
    // UFT/LV: the insert asks for a check within the first two courses too (day 15).
    let uft = schedule::plan(t(PathId::ColorectalUftLv), op(), &[]).unwrap();
    for start in &cycle_starts(&uft)[..2] {
        assert!(checked_near(&uft, *start + Days::new(14), 0), "UFT/LV mid-course {start}");
    }
    // The drug start default is said to be the latest point of "within about 8 weeks".
    let cape = t(PathId::ColorectalCapecitabine);
    assert_eq!(cape.drug.as_ref().unwrap().start_after_days, 56);
    assert!(cape.note.contains("latest point"));
}

/// 4. S-1 alone is the adjuvant choice for pStage II only: the note and the sources say what
/// the guideline gives for pStage III and that the edition must be checked.
#[test]
fn stomach_s1_reflects_the_stage_specific_adjuvant_choices() {
    let t = t(PathId::StomachS1);
    for word in ["pStage II", "pStage III", "docetaxel", "CapeOX", "SOX", "7th edition"] {
        assert!(t.note.contains(word), "note lacks {word}");
    }
    assert!(t.sources.values().any(|s| s.section.contains("S-1+ドセタキセル")));
    assert!(!t.sources.values().any(|s| s.section.contains("(S-1 1年間)")));
}

/// 5. UFT after lung resection is for adenocarcinoma with a whole-lesion diameter over 2 cm
/// (IA3 and beyond), not for "pathological Stage I" as a whole.
#[test]
fn lung_uft_indication_is_adenocarcinoma_over_2_cm() {
    let t = t(PathId::LungUft);
    assert!(t.note.contains("over 2 cm") && t.note.contains("IA3"));
    assert!(t.title_en.contains("over 2 cm"));
    for s in t.sources.values() {
        assert!(!s.section.contains("病理病期I期: テガフール"), "{}", s.section);
    }
    assert!(t.sources.values().any(|s| s.section.contains(">2 cm")));
}

/// 6. PSA follow-up runs to 10 years after prostate treatment, and an androgen deprivation
/// injection can be planned.
#[test]
fn prostate_psa_follow_up_runs_ten_years() {
    for p in [PathId::ProstateRadiotherapy, PathId::ProstateProstatectomy] {
        let t = t(p);
        assert_eq!(t.length_months, 120, "{p:?}");
        let psa = months_with(p, Factors::default(), &Test::Psa);
        for m in [72, 84, 96, 108, 120] {
            assert!(psa.contains(&m), "{p:?}: no PSA at month {m}");
        }
    }
    assert_eq!(Test::parse("adt-injection"), Test::AdtInjection);
    assert!(!Test::AdtInjection.needs_hospital());
    assert!(t(PathId::ProstateRadiotherapy).note.contains("adt-injection"));
}

/// The plan records the factors and the drug start (both optional, so plans issued before
/// read as before) and the schedule follows them.
#[test]
fn the_care_plan_carries_factors_and_drug_start() {
    let old: CarePlan = serde_json::from_str(
        r#"{"path": "colorectal-stage23", "anchor": "2024-01-31", "template_revision": 1}"#,
    )
    .unwrap();
    assert!(old.factors.is_unknown() && old.drug_start.is_none());
    assert_eq!(serde_json::to_value(&old).unwrap().as_object().unwrap().len(), 3);
    let new: CarePlan = serde_json::from_str(
        r#"{"path": "colorectal-capecitabine", "anchor": "2024-01-31", "template_revision": 2,
            "factors": {"stage": "ii", "site": "colon"}, "drug_start": "2024-03-10"}"#,
    )
    .unwrap();
    assert_eq!(new.factors, f(Some(StageGroup::Ii), Some(Site::Colon), None));
    let plan = schedule::plan_with(t(new.path), new.anchor, &new.inputs(), &[]).unwrap();
    assert_eq!(plan.drug.unwrap().start, NaiveDate::from_ymd_opt(2024, 3, 10).unwrap());
    assert!(plan.visit(&schedule::VisitId::month(42)).is_some_and(|v| !v.tests.contains(&Test::Ct)));
    assert_eq!(serde_json::from_value::<CarePlan>(serde_json::to_value(&new).unwrap()).unwrap(), new);
    // A drug start before the operation is refused.
    let early = PlanInputs { drug_start: Some(op() - Days::new(1)), ..Default::default() };
    assert!(schedule::plan_with(t(new.path), op(), &early, &[]).is_err());
}

// ---------------------------------------------------------------------------------------------
// Issue 23: patient safety in the schedules (each test fails on the tree before the issue).

/// Every variant of a template, planned with the drug started `days` after the operation.
fn plans_started_after(p: PathId, days: u64) -> Vec<Plan> {
    t(p).variants()
        .into_iter()
        .map(|f| {
            let inputs = PlanInputs { factors: f, drug_start: Some(op() + Days::new(days)), ..Default::default() };
            schedule::plan_with(t(p), op(), &inputs, &[]).unwrap()
        })
        .collect()
}

/// The dates of the plan's blood counts.
fn blood_checks(plan: &Plan) -> Vec<NaiveDate> {
    plan.visits.iter().filter(|v| v.tests.contains(&Test::BloodCount)).map(|v| v.date).collect()
}

/// 23.1 S-1: the insert asks for tests at least every 2 weeks in every course (8. 重要な基本的
/// 注意: 各コース開始前及び投与期間中は2週に1回以上), not only in courses 1-2: every course has a
/// blood check between day 8 and day 22, whatever the start date; the source says so.
#[test]
fn every_s1_course_has_a_blood_check_between_day_8_and_day_22() {
    for days in 28..=90 {
        for plan in plans_started_after(PathId::StomachS1, days) {
            let checks = blood_checks(&plan);
            for (i, start) in cycle_starts(&plan).iter().enumerate() {
                let (from, to) = (*start + Days::new(7), *start + Days::new(21));
                assert!(
                    checks.iter().any(|d| (from..=to).contains(d)),
                    "S-1 started on day {days}: course {} ({start}) has no blood check on day 8-22",
                    i + 1
                );
            }
        }
    }
    let s1 = &t(PathId::StomachS1).sources["s1-insert"];
    assert!(s1.section.contains("各コース開始前及び投与期間中は2週に1回以上"), "{}", s1.section);
    assert!(!s1.section.contains("投与開始から2コースは"), "{}", s1.section);
}

/// 23.2 The check before a course decides whether to start it: for drug starts from day 28 to
/// day 90 after the operation, every course of S-1, capecitabine and UFT/LV has a blood check
/// on its first day or in the 7 days before, and none is made only after the course started.
#[test]
fn no_course_starts_without_a_blood_check_in_the_7_days_before() {
    for p in [PathId::StomachS1, PathId::ColorectalCapecitabine, PathId::ColorectalUftLv] {
        for days in 28..=90 {
            for plan in plans_started_after(p, days) {
                let checks = blood_checks(&plan);
                for (i, start) in cycle_starts(&plan).iter().enumerate() {
                    let from = *start - Days::new(7);
                    assert!(
                        checks.iter().any(|d| (from..=*start).contains(d)),
                        "{p:?} started on day {days}: course {} ({start}) starts without a check in the 7 days before: {}",
                        i + 1,
                        plan.to_text()
                    );
                }
            }
        }
    }
    // The rule itself: a day-1 check merges into a hospital visit on the day or up to 7 days
    // before, never after; a mid-course check either way, but not before the course.
    use schedule::cycle_check_may_merge as may;
    assert!(may(1, 0) && may(1, -7) && !may(1, 1) && !may(1, -8));
    assert!(may(15, 7) && may(15, -7) && !may(15, 8) && may(3, -2) && !may(3, -3));
}

/// 23.2 Goldens with a moved drug start (day 37 after the operation: with UFT/LV, course 5
/// then starts five days before the 6-month hospital visit, which before issue 23 took its
/// pre-course check on day 6 of the course).
#[test]
fn moved_drug_starts_match_their_goldens() {
    for p in [PathId::StomachS1, PathId::ColorectalCapecitabine, PathId::ColorectalUftLv] {
        let inputs = PlanInputs { drug_start: Some(op() + Days::new(37)), ..Default::default() };
        let plan = schedule::plan_with(t(p), op(), &inputs, &[]).unwrap();
        check_golden(&format!("{}.drug-start-day-37.txt", p.as_str()), &plan.to_text());
    }
}

/// 23.3 breast-hormone: the plan records the hormone drug (tamoxifen or an aromatase
/// inhibitor) and the schedule, its drug calendar and every visit's checklist follow it; a drug
/// the path does not offer is refused; a later switch is a plan change (`set-drug`); plans
/// issued before the drug was asked read as before (tamoxifen).
#[test]
fn the_breast_hormone_plan_carries_the_hormone_drug() {
    let tpl = t(PathId::BreastHormone);
    let with = |drug| PlanInputs { drug: Some(drug), ..Default::default() };
    let tamoxifen = schedule::plan_with(tpl, op(), &with(OralDrug::Tamoxifen), &[]).unwrap();
    assert_eq!(tamoxifen, schedule::plan(tpl, op(), &[]).unwrap(), "unrecorded: tamoxifen, as before");
    let ai = schedule::plan_with(tpl, op(), &with(OralDrug::AromataseInhibitor), &[]).unwrap();
    check_golden("breast-hormone.drug-aromatase-inhibitor.txt", &ai.to_text());
    for (plan, drug) in [(&tamoxifen, OralDrug::Tamoxifen), (&ai, OralDrug::AromataseInhibitor)] {
        assert_eq!(plan.drug.unwrap().drug, drug);
        let end = plan.drug.unwrap().end();
        for v in plan.visits.iter().filter(|v| v.date < end) {
            let items = plan.checklist(&v.id).unwrap();
            let drugs: Vec<&CheckItem> = items.iter().filter(|i| matches!(i, CheckItem::Drug(_))).collect();
            assert_eq!(drugs, [&CheckItem::Drug(drug)], "{} on {}", v.id, v.date);
        }
    }
    assert_eq!(
        schedule::plan_with(tpl, op(), &with(OralDrug::S1), &[]),
        Err(PlanError::DrugNotOffered(OralDrug::S1))
    );
    assert_eq!(
        schedule::plan_with(t(PathId::ColorectalStage23), op(), &with(OralDrug::Tamoxifen), &[]),
        Err(PlanError::DrugNotOffered(OralDrug::Tamoxifen))
    );
    // A switch to an aromatase inhibitor later in the plan is a plan change.
    let switch: Adjustment = serde_json::from_str(r#"{"op": "set-drug", "drug": "aromatase-inhibitor"}"#).unwrap();
    assert_eq!(switch, Adjustment::SetDrug { drug: OralDrug::AromataseInhibitor });
    let switched = schedule::plan_with(tpl, op(), &with(OralDrug::Tamoxifen), std::slice::from_ref(&switch)).unwrap();
    assert_eq!(switched.drug.unwrap().drug, OralDrug::AromataseInhibitor);
    assert_eq!(switched.drug.unwrap().start, tamoxifen.drug.unwrap().start, "the course's dates stay");
    let bad = Adjustment::SetDrug { drug: OralDrug::Capecitabine };
    assert_eq!(schedule::plan(tpl, op(), &[bad]), Err(PlanError::DrugNotOffered(OralDrug::Capecitabine)));
    // The care plan records it, optional and skipped when absent.
    let old: CarePlan =
        serde_json::from_str(r#"{"path": "breast-hormone", "anchor": "2024-01-31", "template_revision": 1}"#).unwrap();
    assert_eq!(old.drug, None);
    assert!(serde_json::to_value(&old).unwrap().get("drug").is_none());
    let new: CarePlan = serde_json::from_str(
        r#"{"path": "breast-hormone", "anchor": "2024-01-31", "template_revision": 1, "drug": "aromatase-inhibitor"}"#,
    )
    .unwrap();
    assert_eq!(schedule::plan_with(tpl, new.anchor, &new.inputs(), &[]).unwrap(), ai);
}
