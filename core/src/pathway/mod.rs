//! Path templates as data: the default joint care plan (共同診療計画書) of each of the 13 paths.
//!
//! Each template is one JSON file, `core/paths/<path-id>.json`, embedded in the binary with
//! `include_str!`. It lists the visits by month from the anchor date (the operation, or the end
//! of radiotherapy), who does each visit (planning hospital or partner clinic), the tests due,
//! and for the oral-drug paths the drug and its cycle. Each file cites the Japanese guideline
//! it follows in `source`. A template is only the default: the planning hospital adjusts the
//! plan per patient (see [`crate::schedule::Adjustment`]).
//!
//! ```
//! use karte_core::{pathway, vocab::PathId};
//! let t = pathway::template(PathId::ColorectalStage23).expect("embedded templates are valid");
//! assert_eq!(t.length_months, 60);
//! ```

use std::fmt;
use std::sync::OnceLock;

use serde::de;
use serde::{Deserialize, Deserializer, Serialize};

use crate::tagged;
use crate::vocab::{str_enum, OralDrug, PathId};

/// Who does a visit: the planning hospital or the partner clinic (DOMAIN.md §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    /// 計画策定病院: the planning hospital (CT, endoscopy, specialist tests).
    Hospital,
    /// 連携医療機関 / かかりつけ医: the partner clinic.
    Clinic,
}

impl Place {
    /// The stable id (`hospital`, `clinic`).
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Hospital => "hospital",
            Place::Clinic => "clinic",
        }
    }
}

str_enum! {
    /// A test or examination due at a visit (the rows of the 医療者用シート).
    Test {
        /// 問診・診察: history and physical examination.
        HistoryExam => "history-exam",
        /// 血算: complete blood count.
        BloodCount => "blood-count",
        /// 生化学: biochemistry (liver and kidney function).
        Biochemistry => "biochemistry",
        /// Tumour marker CEA.
        Cea => "cea",
        /// Tumour marker CA19-9.
        Ca199 => "ca19-9",
        /// Tumour marker AFP.
        Afp => "afp",
        /// Tumour marker PIVKA-II.
        PivkaII => "pivka-ii",
        /// Tumour marker AFP-L3 fraction.
        AfpL3 => "afp-l3",
        /// Tumour marker CA15-3.
        Ca153 => "ca15-3",
        /// Tumour marker CYFRA 21-1.
        Cyfra => "cyfra",
        /// PSA.
        Psa => "psa",
        /// 胸部X線: chest X-ray.
        ChestXray => "chest-xray",
        /// CT (chest/abdomen/pelvis as the plan says).
        Ct => "ct",
        /// Dynamic CT or MRI of the liver.
        DynamicCtMri => "dynamic-ct-mri",
        /// 上部消化管内視鏡: upper endoscopy.
        Endoscopy => "endoscopy",
        /// 大腸内視鏡: colonoscopy.
        Colonoscopy => "colonoscopy",
        /// マンモグラフィ: mammography.
        Mammography => "mammography",
        /// 乳房超音波: breast ultrasound.
        BreastUltrasound => "breast-ultrasound",
        /// 腹部超音波: abdominal ultrasound.
        AbdominalUltrasound => "abdominal-ultrasound",
        /// 骨密度: bone density (aromatase inhibitors).
        BoneDensity => "bone-density",
        /// 尿検査: urinalysis.
        Urinalysis => "urinalysis",
    }
}

impl Test {
    /// Whether this test is normally done at the planning hospital (imaging, endoscopy).
    pub fn needs_hospital(&self) -> bool {
        matches!(
            self,
            Test::Ct | Test::DynamicCtMri | Test::Endoscopy | Test::Colonoscopy | Test::Mammography
        )
    }
}

/// What the month offsets of a template count from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    /// The operation date (術日).
    Operation,
    /// The last day of radiotherapy.
    RadiotherapyEnd,
}

/// How an oral drug is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Regimen {
    /// `on_days` of taking the drug, then `off_days` of rest, repeated `cycles` times.
    Cyclic {
        /// Days on the drug in each cycle.
        on_days: u32,
        /// Days of rest in each cycle.
        off_days: u32,
        /// Number of cycles (courses).
        cycles: u32,
    },
    /// Taken every day for `months` months.
    Continuous {
        /// Length in months.
        months: u32,
    },
}

// Read without serde's `Content` buffer (see `crate::tagged`); written by the derive, tag
// first. Unknown fields are refused.
impl<'de> Deserialize<'de> for Regimen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Regimen, D::Error> {
        let (kind, f) = tagged::read(d, "Regimen", "kind")?;
        Ok(match kind.as_str() {
            "cyclic" => {
                let mut f = f.only(&["on_days", "off_days", "cycles"])?;
                Regimen::Cyclic {
                    on_days: f.field("on_days")?,
                    off_days: f.field("off_days")?,
                    cycles: f.field("cycles")?,
                }
            }
            "continuous" => Regimen::Continuous { months: f.only(&["months"])?.field("months")? },
            other => return Err(de::Error::unknown_variant(other, &["cyclic", "continuous"])),
        })
    }
}

/// The oral drug a path carries, with its default cycle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrugPlan {
    /// The drug, or the choices (first the default), e.g. tamoxifen or an aromatase inhibitor.
    pub drugs: Vec<OralDrug>,
    /// The cycle.
    pub regimen: Regimen,
    /// Default first day of the drug, in days after the anchor (the real date is the
    /// prescriber's: see the record's medication entries).
    pub start_after_days: u32,
}

/// The guideline a template follows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Guideline name, e.g. 大腸癌治療ガイドライン 医師用.
    pub guideline: String,
    /// The society that publishes it.
    pub publisher: String,
    /// Edition or year.
    pub edition: String,
    /// The section on surveillance / follow-up the schedule follows.
    pub section: String,
}

/// One visit of a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateVisit {
    /// Months after the anchor date.
    pub month: u32,
    /// Who sees the patient.
    pub place: Place,
    /// What is due.
    pub tests: Vec<Test>,
}

/// The default joint care plan of one path (`core/paths/<path-id>.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Which path.
    pub id: PathId,
    /// Bumped when the file's schedule changes.
    pub revision: u32,
    /// Japanese title.
    pub title_ja: String,
    /// English title.
    pub title_en: String,
    /// What month 0 is.
    pub anchor: Anchor,
    /// Length of the path in months from the anchor.
    pub length_months: u32,
    /// The guideline this schedule follows.
    pub source: Source,
    /// Remarks: that these are defaults the planning hospital adjusts per patient, and choices
    /// made in writing the file.
    pub note: String,
    /// The oral drug, for the drug paths.
    pub drug: Option<DrugPlan>,
    /// The visits, by increasing month.
    pub visits: Vec<TemplateVisit>,
}

/// Why a template is not valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateError {
    /// The JSON did not parse.
    Parse {
        /// The file's path id.
        path: PathId,
        /// The parser's message.
        message: String,
    },
    /// The file's `id` is not the path it is stored for.
    IdMismatch {
        /// Expected.
        expected: PathId,
        /// Found in the file.
        found: PathId,
    },
    /// No visits at all.
    NoVisits(PathId),
    /// Visit months must strictly increase and start after month 0.
    MonthsNotIncreasing {
        /// The path.
        path: PathId,
        /// Index of the offending visit.
        index: usize,
        /// Its month.
        month: u32,
    },
    /// A visit after the end of the path.
    VisitAfterEnd {
        /// The path.
        path: PathId,
        /// Its month.
        month: u32,
    },
    /// A visit with nothing to do.
    NoTests {
        /// The path.
        path: PathId,
        /// Its month.
        month: u32,
    },
    /// A test that needs the hospital is planned at the clinic.
    HospitalTestAtClinic {
        /// The path.
        path: PathId,
        /// Its month.
        month: u32,
        /// The test.
        test: Test,
    },
    /// A drug path without a drug, or a follow-up-only path with one, or the wrong drug.
    DrugMismatch(PathId),
    /// A cycle or duration of zero, or a drug course longer than the path.
    BadRegimen(PathId),
    /// An empty source citation.
    MissingSource(PathId),
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::Parse { path, message } => {
                write!(f, "paths/{}.json does not parse: {message}", path.as_str())
            }
            TemplateError::IdMismatch { expected, found } => write!(
                f,
                "paths/{}.json says it is {}",
                expected.as_str(),
                found.as_str()
            ),
            TemplateError::NoVisits(p) => write!(f, "{}: no visits", p.as_str()),
            TemplateError::MonthsNotIncreasing { path, index, month } => write!(
                f,
                "{}: visit {index} at month {month} does not come after the previous one",
                path.as_str()
            ),
            TemplateError::VisitAfterEnd { path, month } => {
                write!(f, "{}: visit at month {month} is after the end of the path", path.as_str())
            }
            TemplateError::NoTests { path, month } => {
                write!(f, "{}: visit at month {month} has no tests", path.as_str())
            }
            TemplateError::HospitalTestAtClinic { path, month, test } => write!(
                f,
                "{}: {test} at month {month} is planned at the clinic but needs the hospital",
                path.as_str()
            ),
            TemplateError::DrugMismatch(p) => {
                write!(f, "{}: the drug does not match the path", p.as_str())
            }
            TemplateError::BadRegimen(p) => write!(f, "{}: the drug regimen is invalid", p.as_str()),
            TemplateError::MissingSource(p) => write!(f, "{}: the source is not cited", p.as_str()),
        }
    }
}

impl std::error::Error for TemplateError {}

/// The embedded JSON of a path's template.
pub fn template_json(path: PathId) -> &'static str {
    use PathId::*;
    match path {
        StomachStage1 => include_str!("../../paths/stomach-stage1.json"),
        StomachStage23 => include_str!("../../paths/stomach-stage23.json"),
        StomachS1 => include_str!("../../paths/stomach-s1.json"),
        ColorectalStage1 => include_str!("../../paths/colorectal-stage1.json"),
        ColorectalStage23 => include_str!("../../paths/colorectal-stage23.json"),
        ColorectalCapecitabine => include_str!("../../paths/colorectal-capecitabine.json"),
        ColorectalUftLv => include_str!("../../paths/colorectal-uft-lv.json"),
        LungStage1 => include_str!("../../paths/lung-stage1.json"),
        LungUft => include_str!("../../paths/lung-uft.json"),
        LiverStage12 => include_str!("../../paths/liver-stage12.json"),
        BreastHormone => include_str!("../../paths/breast-hormone.json"),
        ProstateProstatectomy => include_str!("../../paths/prostate-prostatectomy.json"),
        ProstateRadiotherapy => include_str!("../../paths/prostate-radiotherapy.json"),
    }
}

impl Template {
    /// Parses and validates a template stored for `path`.
    pub fn from_json(path: PathId, json: &str) -> Result<Template, TemplateError> {
        // Read through `serde_json::Value`, like records: the template types then share the
        // Value deserializer compiled for the record instead of a second one (about 3 KB of
        // brotli WebAssembly). Syntax errors keep their line and column; shape errors do not.
        let t: Template = serde_json::from_str(json)
            .and_then(serde_json::from_value)
            .map_err(|e| TemplateError::Parse { path, message: e.to_string() })?;
        if t.id != path {
            return Err(TemplateError::IdMismatch { expected: path, found: t.id });
        }
        t.validate()?;
        Ok(t)
    }

    /// Checks the invariants: months increase within the length, every visit has tests,
    /// imaging and endoscopy are at the hospital, the drug matches the path, the source is cited.
    pub fn validate(&self) -> Result<(), TemplateError> {
        let path = self.id;
        if self.visits.is_empty() {
            return Err(TemplateError::NoVisits(path));
        }
        let s = &self.source;
        if [&s.guideline, &s.publisher, &s.edition, &s.section].iter().any(|x| x.trim().is_empty())
            || self.note.trim().is_empty()
        {
            return Err(TemplateError::MissingSource(path));
        }
        let mut last = 0;
        for (index, v) in self.visits.iter().enumerate() {
            if v.month <= last {
                return Err(TemplateError::MonthsNotIncreasing { path, index, month: v.month });
            }
            last = v.month;
            if v.month > self.length_months {
                return Err(TemplateError::VisitAfterEnd { path, month: v.month });
            }
            if v.tests.is_empty() {
                return Err(TemplateError::NoTests { path, month: v.month });
            }
            if v.place == Place::Clinic {
                if let Some(test) = v.tests.iter().find(|t| t.needs_hospital()) {
                    return Err(TemplateError::HospitalTestAtClinic {
                        path,
                        month: v.month,
                        test: test.clone(),
                    });
                }
            }
        }
        let expected = path.oral_drugs();
        match &self.drug {
            None if expected.is_empty() => {}
            Some(d) if d.drugs.as_slice() == expected => {
                let ok = match d.regimen {
                    Regimen::Cyclic { on_days, off_days, cycles } => {
                        on_days > 0
                            && cycles > 0
                            && u64::from(d.start_after_days)
                                + u64::from(on_days + off_days) * u64::from(cycles)
                                <= u64::from(self.length_months) * 31
                    }
                    Regimen::Continuous { months } => months > 0 && months <= self.length_months,
                };
                if !ok {
                    return Err(TemplateError::BadRegimen(path));
                }
            }
            _ => return Err(TemplateError::DrugMismatch(path)),
        }
        Ok(())
    }
}

fn all() -> &'static [Result<Template, TemplateError>] {
    static ALL: OnceLock<Vec<Result<Template, TemplateError>>> = OnceLock::new();
    ALL.get_or_init(|| {
        PathId::ALL.into_iter().map(|p| Template::from_json(p, template_json(p))).collect()
    })
}

/// The template of a path, parsed once and cached.
///
/// The error case only happens if an embedded file is broken, which the test suite rules out
/// (`every_template_is_valid`); callers may treat it as a bug report.
pub fn template(path: PathId) -> Result<&'static Template, &'static TemplateError> {
    let i = PathId::ALL.iter().position(|p| *p == path).unwrap_or(0);
    match all().get(i) {
        Some(r) => r.as_ref(),
        None => Err(&NO_TEMPLATE),
    }
}

static NO_TEMPLATE: TemplateError = TemplateError::NoVisits(PathId::StomachStage1);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_valid() {
        for p in PathId::ALL {
            let t = template(p).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(t.id, p);
        }
    }

    #[test]
    fn tests_round_trip_as_strings() {
        for t in Test::KNOWN {
            let json = serde_json::to_string(t).unwrap();
            assert_eq!(serde_json::from_str::<Test>(&json).unwrap(), *t);
        }
        assert_eq!(Test::parse("bone-scan"), Test::Other("bone-scan".into()));
    }
}
