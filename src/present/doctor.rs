//! What the doctor's view shows of a share: the patient with allergies and adverse drug
//! reactions first, where the path stands, what is due today (the provider sheet's checklist),
//! marker trends, medication and today's cycle day, recent visits, the patient's memos, and
//! what the patient left out. Plain functions of the opened share, tested natively.

use chrono::NaiveDate;
use karte_core::pathway::Place;
use karte_core::record::{
    Analyte, Author, Medication, PathStatus, RecordView, ReferenceRange, ResultValue, Sex, Variance, VisitRecord,
};
use karte_core::schedule::{CheckItem, DrugDay, VisitId};
use karte_core::share::exchange::OpenedShare;
use karte_core::share::{Part, VisitSummary};
use karte_core::vocab::PathId;

use super::dates;

/// The patient at the top of the view.
#[derive(Clone, Debug, PartialEq)]
pub struct Patient {
    /// 氏名.
    pub name: String,
    /// ふりがな.
    pub kana: String,
    /// 生年月日.
    pub date_of_birth: Option<NaiveDate>,
    /// Age on the share's date.
    pub age: Option<u32>,
    /// 性別.
    pub sex: Option<Sex>,
    /// アレルギー: never hidden.
    pub allergies: Vec<String>,
    /// 薬の副作用歴: never hidden.
    pub reactions: Vec<String>,
    /// 既往歴.
    pub history: Vec<String>,
}

/// The visit at hand and its checklist (医療者用シート).
#[derive(Clone, Debug, PartialEq)]
pub struct Due {
    /// The planned visit.
    pub id: VisitId,
    /// Its planned date.
    pub date: NaiveDate,
    /// Hospital or clinic.
    pub place: Place,
    /// Interview items, tests, medication check.
    pub checklist: Vec<CheckItem>,
}

/// One analyte's values, oldest first, for a trend.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    /// What.
    pub analyte: Analyte,
    /// Values by date.
    pub points: Vec<(NaiveDate, f64)>,
    /// The latest reference range.
    pub reference: Option<ReferenceRange>,
}

impl Trend {
    /// The latest value.
    pub fn latest(&self) -> Option<(NaiveDate, f64)> {
        self.points.last().copied()
    }

    /// Whether the latest value is outside its range.
    pub fn latest_out_of_range(&self) -> bool {
        match (self.latest(), &self.reference) {
            (Some((_, v)), Some(r)) => !r.contains(v),
            _ => false,
        }
    }
}

/// The doctor's view of a share.
#[derive(Clone, Debug, PartialEq)]
pub struct DoctorView {
    /// The patient.
    pub patient: Patient,
    /// The path, if a plan was shared.
    pub path: Option<PathId>,
    /// Stage, operation and its date.
    pub treatment: Option<(String, String, NaiveDate)>,
    /// The planning hospital and the partner clinic, as the treatment names them.
    pub institutions: Option<(String, String)>,
    /// Where the path stands.
    pub status: PathStatus,
    /// What is due now.
    pub due: Option<Due>,
    /// Tumour markers and other numeric results, one trend each.
    pub trends: Vec<Trend>,
    /// Medications current on the share's date.
    pub medications: Vec<Medication>,
    /// The oral anticancer drug's cycle day on the share's date.
    pub drug_day: Option<DrugDay>,
    /// The recent visits in full, newest first.
    pub recent_visits: Vec<VisitRecord>,
    /// Older visits in short, newest first.
    pub older_visits: Vec<VisitSummary>,
    /// The patient's memos (連絡用メモ), newest first.
    pub memos: Vec<String>,
    /// Variances (様式3), newest first.
    pub variances: Vec<Variance>,
    /// Parts the patient left out.
    pub omitted: Vec<Part>,
    /// The share's date.
    pub today: NaiveDate,
}

/// The view of an opened share.
pub fn doctor_view(share: &OpenedShare) -> DoctorView {
    let b = &share.bundle;
    let view: RecordView = b.view();
    let today = b.today;
    let profile = view.profile.as_ref().map(|p| &p.value);
    let patient = Patient {
        name: profile.map(|p| p.name.clone()).unwrap_or_default(),
        kana: profile.map(|p| p.kana.clone()).unwrap_or_default(),
        date_of_birth: profile.map(|p| p.date_of_birth),
        age: profile.map(|p| dates::age(p.date_of_birth, today)),
        sex: profile.map(|p| p.sex),
        allergies: profile.map(|p| p.allergies.clone()).unwrap_or_default(),
        reactions: profile.map(|p| p.adverse_drug_reactions.clone()).unwrap_or_default(),
        history: profile.map(|p| p.past_history.clone()).unwrap_or_default(),
    };
    let due = b.due.as_ref().and_then(|id| {
        let plan = view.plan.as_ref()?;
        let v = plan.visit(id)?;
        Some(Due { id: id.clone(), date: v.date, place: v.place, checklist: plan.checklist(id).unwrap_or_default() })
    });
    let mut trends: Vec<Trend> = Vec::new();
    for r in &view.results {
        let ResultValue::Number(x) = r.value.value else { continue };
        match trends.iter_mut().find(|t| t.analyte == r.value.analyte) {
            Some(t) => {
                t.points.push((r.value.date, x));
                if r.value.reference.is_some() {
                    t.reference = r.value.reference;
                }
            }
            None => trends.push(Trend { analyte: r.value.analyte.clone(), points: vec![(r.value.date, x)], reference: r.value.reference }),
        }
    }
    for t in &mut trends {
        t.points.sort_by_key(|p| p.0);
    }
    let medications = view
        .medications
        .iter()
        .map(|m| m.value.clone())
        .filter(|m| m.start <= today && m.end.is_none_or(|e| e >= today))
        .collect();
    let drug_day = view.drug_calendar().map(|c| c.day(today));
    let mut recent_visits: Vec<VisitRecord> = view.visits.iter().map(|v| v.value.clone()).collect();
    recent_visits.sort_by_key(|v| std::cmp::Reverse(v.visit_date));
    let mut older_visits = b.older_visits.clone();
    older_visits.sort_by_key(|v| std::cmp::Reverse(v.date));
    let mut memos: Vec<(chrono::NaiveDateTime, String)> = view
        .memos
        .iter()
        .filter(|m| m.author == Author::Patient)
        .map(|m| (m.at, m.value.text.clone()))
        .collect();
    memos.sort_by_key(|m| std::cmp::Reverse(m.0));
    DoctorView {
        patient,
        path: view.care_plan.as_ref().map(|c| c.value.path),
        treatment: view.treatment.as_ref().map(|t| (t.value.stage.as_str().to_string(), t.value.operation.clone(), t.value.operation_date)),
        institutions: view.treatment.as_ref().map(|t| (t.value.planning_hospital.clone(), t.value.partner_clinic.clone())),
        status: view.status.clone(),
        due,
        trends,
        medications,
        drug_day,
        recent_visits,
        older_visits,
        memos: memos.into_iter().map(|m| m.1).collect(),
        variances: {
            let mut v: Vec<Variance> = view.variances.iter().map(|c| c.value.clone()).collect();
            v.sort_by_key(|x| std::cmp::Reverse(x.date));
            v
        },
        omitted: b.omitted.clone(),
        today,
    }
}
