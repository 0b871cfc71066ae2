//! Demo records: one realistic, FICTIONAL patient per cancer type, flagged as demo
//! ([`Record::is_demo`]) so the UI can say so. Every name is 見本 ("sample"), every phone number
//! is 03-0000-xxxx, every institution is invented.
//!
//! [`record`] builds the demo relative to `today` (the operation some months back, the past
//! visits done, the next appointment in the future); [`record_fixed`] uses [`fixed_today`] for
//! tests and screenshots.

use chrono::{Days, Months, NaiveDate, NaiveDateTime, NaiveTime};

use crate::pathway::{self, Factors, Place, Site, StageGroup};
use crate::record::*;
use crate::schedule::{self, Plan};
use crate::vocab::{CancerType, OralDrug, PathId};

const HOSPITAL: &str = "見本市立がんセンター";
const CLINIC: &str = "みほん内科クリニック";
const PHARMACY: &str = "みほん調剤薬局";

/// The day the fixed demo is seen from: 2025-06-15.
pub fn fixed_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 15).unwrap_or_default()
}

/// The demo record of a fixed date ([`fixed_today`]), for tests.
pub fn record_fixed(cancer: CancerType) -> Record {
    record(cancer, fixed_today())
}

struct Patient {
    path: PathId,
    name: &'static str,
    kana: &'static str,
    born: (i32, u32, u32),
    sex: Sex,
    stage: Stage,
    operation: &'static str,
    months_ago: u32,
    allergies: &'static [&'static str],
    reactions: &'static [&'static str],
    history: &'static [&'static str],
    markers: &'static [(Analyte, &'static [f64])],
    other_drug: Option<(&'static str, &'static str)>,
    memos: &'static [&'static str],
}

fn patient(cancer: CancerType) -> Patient {
    match cancer {
        CancerType::Stomach => Patient {
            path: PathId::StomachS1,
            name: "見本 太郎",
            kana: "みほん たろう",
            born: (1957, 4, 12),
            sex: Sex::Male,
            stage: Stage::StageIIA,
            operation: "腹腔鏡下幽門側胃切除術 (D2郭清)",
            months_ago: 7,
            allergies: &["造影剤 (軽い発疹)"],
            reactions: &[],
            history: &["高血圧症 (2010年〜)"],
            markers: &[
                (Analyte::Cea, &[3.1, 2.8, 2.6, 2.9, 2.7, 2.5, 2.6]),
                (Analyte::Ca199, &[18.0, 15.0, 14.0, 16.0, 13.0, 12.0, 14.0]),
                (Analyte::Wbc, &[5200.0, 3900.0, 3600.0, 4100.0, 3500.0, 3800.0, 4000.0]),
                (Analyte::Hemoglobin, &[12.8, 12.1, 11.9, 12.0, 11.7, 11.9, 12.2]),
            ],
            other_drug: Some(("アムロジピン錠5mg", "1日1回 朝食後")),
            memos: &[
                "S-1の休薬期間に入ると食欲が戻る。",
                "口内炎が少しある。次の受診で相談したい。",
            ],
        },
        CancerType::Colorectal => Patient {
            path: PathId::ColorectalStage23,
            name: "見本 幸子",
            kana: "みほん さちこ",
            born: (1962, 9, 3),
            sex: Sex::Female,
            stage: Stage::StageIIIA,
            operation: "腹腔鏡下S状結腸切除術",
            months_ago: 14,
            allergies: &[],
            reactions: &["オキサリプラチン: 末梢神経障害 (しびれ)"],
            history: &["2型糖尿病"],
            markers: &[
                (Analyte::Cea, &[4.2, 3.6, 3.1, 2.9, 3.0, 2.7]),
                (Analyte::Ca199, &[22.0, 19.0, 17.0, 18.0, 16.0, 15.0]),
            ],
            other_drug: Some(("メトホルミン錠250mg", "1日2回 朝夕食後")),
            memos: &["手のしびれは少しずつ良くなっている。", "次回CTの前は朝食を抜くこと。"],
        },
        CancerType::Lung => Patient {
            path: PathId::LungStage1,
            name: "見本 健一",
            kana: "みほん けんいち",
            born: (1953, 1, 28),
            sex: Sex::Male,
            stage: Stage::StageIA,
            operation: "胸腔鏡下右上葉切除術",
            months_ago: 10,
            allergies: &["ペニシリン"],
            reactions: &[],
            history: &["COPD (軽症)", "喫煙歴 40本×35年 (2020年禁煙)"],
            markers: &[
                (Analyte::Cea, &[4.8, 4.1, 3.9, 3.7]),
                (Analyte::Cyfra, &[2.1, 1.8, 1.9, 1.7]),
            ],
            other_drug: None,
            memos: &["階段で少し息切れする。", "禁煙を続けている。"],
        },
        CancerType::Liver => Patient {
            path: PathId::LiverStage12,
            name: "見本 正男",
            kana: "みほん まさお",
            born: (1959, 11, 7),
            sex: Sex::Male,
            stage: Stage::StageII,
            operation: "肝部分切除術 (S6)",
            months_ago: 11,
            allergies: &[],
            reactions: &[],
            history: &["C型慢性肝炎 (2019年 DAA治療でSVR)"],
            markers: &[
                (Analyte::Afp, &[8.5, 6.2, 5.1, 4.8]),
                (Analyte::PivkaII, &[32.0, 25.0, 21.0, 22.0]),
            ],
            other_drug: None,
            memos: &["お酒は飲んでいない。", "右わき腹の傷がときどきつっぱる。"],
        },
        CancerType::Breast => Patient {
            path: PathId::BreastHormone,
            name: "見本 花子",
            kana: "みほん はなこ",
            born: (1971, 6, 20),
            sex: Sex::Female,
            stage: Stage::StageI,
            operation: "乳房部分切除術＋センチネルリンパ節生検 (術後放射線照射済み)",
            months_ago: 16,
            allergies: &["卵"],
            reactions: &[],
            history: &[],
            markers: &[],
            other_drug: None,
            memos: &["ほてりが時々ある。", "検診の案内が来たら病院に相談する。"],
        },
        CancerType::Prostate => Patient {
            path: PathId::ProstateProstatectomy,
            name: "見本 勝",
            kana: "みほん まさる",
            born: (1955, 3, 15),
            sex: Sex::Male,
            stage: Stage::StageII,
            operation: "ロボット支援腹腔鏡下前立腺全摘除術",
            months_ago: 13,
            allergies: &[],
            reactions: &[],
            history: &["脂質異常症"],
            markers: &[(Analyte::Psa, &[0.02, 0.01, 0.01, 0.02, 0.01])],
            other_drug: Some(("ロスバスタチン錠2.5mg", "1日1回 夕食後")),
            memos: &["尿もれパッドは1日1枚に減った。"],
        },
    }
}

struct Builder {
    entries: Vec<Entry>,
    n: u64,
}

impl Builder {
    fn push(&mut self, author: Author, at: NaiveDateTime, body: EntryBody) -> EntryId {
        self.n += 1;
        let id = EntryId::sequential("demo", self.n);
        self.entries.push(Entry::new(id.clone(), author, at, body));
        id
    }
}

fn at(d: NaiveDate, hour: u32) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default())
}

fn plus_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

fn hospital() -> Author {
    Author::Institution { name: HOSPITAL.into(), role: PartnerRole::PlanningHospital }
}

fn doctor(place: Place) -> Author {
    match place {
        Place::Hospital => Author::Clinician {
            name: "見本 一郎 (外科)".into(),
            institution: HOSPITAL.into(),
            role: PartnerRole::PlanningHospital,
        },
        Place::Clinic => Author::Clinician {
            name: "見本 次郎".into(),
            institution: CLINIC.into(),
            role: PartnerRole::PartnerClinic,
        },
    }
}

/// The demo record of one cancer type, seen from `today`: the operation some months before
/// `today`, every planned visit before `today` done with its results, the next one ahead.
pub fn record(cancer: CancerType, today: NaiveDate) -> Record {
    let months = patient(cancer).months_ago;
    record_after(cancer, today, months)
}

/// The demo record of one cancer type after `months` of follow-up (the operation `months`
/// before `today`), e.g. 12 or 60 for the share protocol's size benchmarks.
pub fn record_after(cancer: CancerType, today: NaiveDate, months: u32) -> Record {
    let p = patient(cancer);
    let op = today.checked_sub_months(Months::new(months)).unwrap_or(today);
    let mut b = Builder { entries: Vec::new(), n: 0 };
    let born = NaiveDate::from_ymd_opt(p.born.0, p.born.1, p.born.2).unwrap_or_default();
    let issued = plus_days(op, 10);

    b.push(
        hospital(),
        at(issued, 10),
        EntryBody::Profile(Profile {
            name: p.name.into(),
            kana: p.kana.into(),
            date_of_birth: born,
            sex: p.sex,
            allergies: p.allergies.iter().map(|s| s.to_string()).collect(),
            adverse_drug_reactions: p.reactions.iter().map(|s| s.to_string()).collect(),
            past_history: p.history.iter().map(|s| s.to_string()).collect(),
        }),
    );
    b.push(
        hospital(),
        at(issued, 10),
        EntryBody::Treatment(TreatmentInfo {
            cancer,
            diagnosis: None,
            stage: p.stage.clone(),
            operation: p.operation.into(),
            operation_date: op,
            admission: Some(Period { from: op.pred_opt().unwrap_or(op), to: issued }),
            planning_hospital: HOSPITAL.into(),
            partner_clinic: CLINIC.into(),
        }),
    );
    b.push(
        hospital(),
        at(issued, 11),
        EntryBody::Consent(Consent {
            event: ConsentEvent::Given,
            date: issued,
            to_whom: format!("{HOSPITAL} 見本 一郎 医師"),
            by: Consenter::Patient,
        }),
    );
    let template_revision = pathway::template(p.path).map(|t| t.revision).unwrap_or(1);
    // The colorectal demo patient had a sigmoid colon cancer, Stage IIIA.
    let factors = match cancer {
        CancerType::Colorectal => {
            Factors { stage: Some(StageGroup::Iii), site: Some(Site::Colon), depth: None }
        }
        _ => Factors::default(),
    };
    // The stomach demo patient started S-1 44 days after the operation (the prescriber's date,
    // two days after the template's default), so that a course begins on the demo's today.
    let drug_start = match cancer {
        CancerType::Stomach => op.checked_add_days(Days::new(44)),
        _ => None,
    };
    b.push(
        hospital(),
        at(issued, 11),
        EntryBody::CarePlan(CarePlan { path: p.path, anchor: op, template_revision, factors, drug_start, drug: None }),
    );
    let partners = [
        (PartnerRole::PlanningHospital, HOSPITAL, Some("外科 見本 一郎"), "03-0000-1001", Some("03-0000-1002"), Some("03-0000-1999")),
        (PartnerRole::PartnerClinic, CLINIC, Some("見本 次郎"), "03-0000-2001", Some("03-0000-2002"), None),
        (PartnerRole::Pharmacy, PHARMACY, None, "03-0000-3001", Some("03-0000-3002"), None),
        (PartnerRole::HelpDesk, "見本市立がんセンター がん相談支援センター", None, "03-0000-1100", None, None),
    ];
    for (role, name, contact, phone, fax, after) in partners {
        b.push(
            hospital(),
            at(issued, 11),
            EntryBody::Partner(Partner {
                role,
                name: name.into(),
                contact: contact.map(str::to_string),
                phone: Some(Phone(phone.into())),
                fax: fax.map(|f| Phone(f.into())),
                after_hours_phone: after.map(|f| Phone(f.into())),
                keys: None,
            }),
        );
    }

    let plan: Option<Plan> =
        pathway::template(p.path).ok().and_then(|t| {
            let inputs = schedule::PlanInputs { factors, drug_start, drug: None };
            schedule::plan_with(t, op, &inputs, &[]).ok()
        });
    if let Some(d) = plan.as_ref().and_then(|pl| pl.drug) {
        let (name, dose) = match d.drug {
            OralDrug::S1 => ("ティーエスワン配合OD錠 T25", "1回50mg 1日2回 朝夕食後"),
            OralDrug::Tamoxifen => ("タモキシフェン錠20mg", "1日1回 朝食後"),
            _ => ("", ""),
        };
        if !name.is_empty() {
            b.push(
                doctor(Place::Hospital),
                at(d.start, 9),
                EntryBody::Medication(Medication {
                    name: name.into(),
                    oral_anticancer: Some(d.drug),
                    dose: dose.into(),
                    start: d.start,
                    end: None,
                    regimen: Some(d.regimen),
                    prescribed_by: Some(HOSPITAL.into()),
                    import_id: None,
                }),
            );
        }
    }
    if let Some((name, dose)) = p.other_drug {
        b.push(
            doctor(Place::Clinic),
            at(issued, 9),
            EntryBody::Medication(Medication {
                name: name.into(),
                oral_anticancer: None,
                dose: dose.into(),
                start: plus_days(issued, 1),
                end: None,
                regimen: None,
                prescribed_by: Some(CLINIC.into()),
                import_id: None,
            }),
        );
    }

    if let Some(plan) = &plan {
        let past: Vec<_> = plan.visits.iter().filter(|v| v.date < today).collect();
        for (i, v) in past.iter().enumerate() {
            let institution = match v.place {
                Place::Hospital => HOSPITAL,
                Place::Clinic => CLINIC,
            };
            let checklist = plan
                .checklist(&v.id)
                .unwrap_or_default()
                .into_iter()
                .map(|item| CheckMark { item, done: true, note: None })
                .collect();
            let imaging = v.tests.iter().any(|t| t.needs_hospital());
            b.push(
                doctor(v.place),
                at(v.date, 17),
                EntryBody::Visit(VisitRecord {
                    planned_visit: Some(v.id.clone()),
                    visit_date: v.date,
                    report_date: Some(v.date),
                    place: v.place,
                    institution: institution.into(),
                    doctor: Some(match v.place {
                        Place::Hospital => "見本 一郎".into(),
                        Place::Clinic => "見本 次郎".into(),
                    }),
                    next_planned_date: plan.visits.get(v.index).map(|n| n.date),
                    next_place: None,
                    plan_changed: false,
                    changed_items: Default::default(),
                    details: if imaging {
                        "画像検査で再発所見なし。腫瘍マーカーは基準値内。".into()
                    } else {
                        "診察上著変なし。体重維持。".into()
                    },
                    remarks: String::new(),
                    attachments: imaging,
                    checklist,
                }),
            );
            for (analyte, values) in p.markers {
                let Some(&value) = values.get(i % values.len().max(1)) else { continue };
                // The range the path judges by (after prostatectomy PSA at 0.2 ng/mL, issue 23).
                let (unit, reference) = match analyte.reference_on(Some(p.path)) {
                    Some((u, r)) => (Some(u), Some(r)),
                    None => (None, None),
                };
                b.push(
                    doctor(v.place),
                    at(v.date, 16),
                    EntryBody::TestResult(TestResult {
                        analyte: analyte.clone(),
                        value: ResultValue::Number(value),
                        unit,
                        reference,
                        date: v.date,
                        place: institution.into(),
                    }),
                );
            }
        }
        for (i, text) in p.memos.iter().enumerate() {
            let day = past.get(i).map_or(issued, |v| plus_days(v.date, 3));
            b.push(Author::Patient, at(day, 20), EntryBody::Memo(Memo { text: (*text).into() }));
        }
    }
    Record::from_trusted(true, b.entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pathway::Regimen;

    /// The prostatectomy demo's PSA carries the range its path judges by (0.2 ng/mL), not the
    /// screening 4.0 (issue 23).
    #[test]
    fn the_prostatectomy_demo_judges_psa_at_0_2() {
        let v = record_fixed(CancerType::Prostate).view();
        let psa: Vec<_> = v.results.iter().filter(|r| r.value.analyte == Analyte::Psa).collect();
        assert!(!psa.is_empty());
        for r in psa {
            let range = r.value.reference.expect("a range");
            assert_eq!((range.high, range.basis), (Some(0.2), Some(crate::record::RangeBasis::AfterProstatectomy)));
        }
    }

    #[test]
    fn every_demo_is_valid_flagged_and_has_a_future_appointment() {
        for today in [fixed_today(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()] {
            for c in CancerType::ALL {
                let r = record(c, today);
                let checked = Record::from_entries(true, r.entries().to_vec())
                    .unwrap_or_else(|e| panic!("{c:?}: {e}"));
                assert!(checked.is_demo());
                let v = r.view();
                assert!(v.demo);
                let next = v.next_appointment(today).unwrap_or_else(|| panic!("{c:?}"));
                assert!(next.date >= today, "{c:?}");
                assert!(!v.visits.is_empty(), "{c:?}");
                assert_eq!(v.plan.as_ref().unwrap().path.cancer(), c);
            }
        }
    }

    #[test]
    fn the_s1_demo_has_the_s1_cycle() {
        let v = record_fixed(CancerType::Stomach).view();
        let cal = v.drug_calendar().unwrap();
        assert_eq!(cal.drug, OralDrug::S1);
        assert_eq!(cal.regimen, Regimen::Cyclic { on_days: 28, off_days: 14, cycles: 8 });
        assert!(v.series(&Analyte::Cea).len() >= 5);
    }
}
