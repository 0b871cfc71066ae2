//! Path templates as data: the default joint care plan (共同診療計画書) of each of the 13 paths.
//!
//! Each template is one JSON file, `core/paths/<path-id>.json`, embedded in the binary with
//! `include_str!`. It is a list of rules: these tests, at these months from the anchor date
//! (the operation, or the end of radiotherapy) or on these days of the drug's cycles, at the
//! hospital or the clinic, under a condition on the disease ([`Factors`]: stage group, colon
//! or rectum, depth), each citing its source (`source` names an entry of `sources`, `cite` the
//! table, figure or clause), so that a clinician can check the schedule line by line
//! (`docs/clinical-sources.md`). [`Template::visits`] and [`Template::cycle_visits`] turn the
//! rules into the visits of one patient. A factor the plan does not record takes the
//! template's `if_unknown` value, the more intensive schedule. A template is only the default:
//! the planning hospital adjusts the plan per patient (see [`crate::schedule::Adjustment`]).
//!
//! ```
//! use karte_core::{pathway, vocab::PathId};
//! let t = pathway::template(PathId::ColorectalStage23).expect("embedded templates are valid");
//! assert_eq!(t.length_months, 60);
//! ```

use std::collections::BTreeMap;
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
        /// 直腸指診: digital rectal examination (rectal cancer).
        DigitalRectalExam => "digital-rectal-exam",
        /// ホルモン注射: an androgen deprivation (LH-RH) injection (prostate).
        AdtInjection => "adt-injection",
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

/// A document a template's rules follow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Guideline or document name, e.g. 大腸癌治療ガイドライン 医師用.
    pub guideline: String,
    /// Who publishes it.
    pub publisher: String,
    /// Edition or year.
    pub edition: String,
    /// The section the rules rest on.
    pub section: String,
    /// Where to read it, when a stable address is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Stage group, as far as a schedule depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StageGroup {
    /// Stage I.
    I,
    /// Stage II.
    Ii,
    /// Stage III.
    Iii,
}

/// Where a colorectal cancer was (結腸 or 直腸): rectal cancer has its own surveillance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Site {
    /// 結腸癌 (including the rectosigmoid, RS).
    Colon,
    /// 直腸癌 (Ra, Rb).
    Rectum,
}

/// Depth of invasion of a Stage I colorectal cancer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Depth {
    /// pT1 (SM): submucosa.
    T1,
    /// pT2 (MP): muscularis propria.
    T2,
}

/// What the plan says about the disease where the schedule depends on it. `None` is "not
/// recorded": the template then uses its `if_unknown` value, the more intensive schedule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factors {
    /// Stage group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageGroup>,
    /// Colon or rectum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<Site>,
    /// pT1 or pT2 (colorectal Stage I).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<Depth>,
}

impl Factors {
    /// Nothing recorded.
    pub fn is_unknown(&self) -> bool {
        *self == Factors::default()
    }
}

/// When a rule applies: each listed factor must have one of the listed values (an empty list
/// is "any").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Stage groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stage: Vec<StageGroup>,
    /// Sites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub site: Vec<Site>,
    /// Depths.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depth: Vec<Depth>,
}

impl Condition {
    /// Whether resolved factors meet the condition.
    pub fn holds(&self, f: &Factors) -> bool {
        fn ok<T: PartialEq>(list: &[T], v: &Option<T>) -> bool {
            list.is_empty() || v.as_ref().is_some_and(|v| list.contains(v))
        }
        ok(&self.stage, &f.stage) && ok(&self.site, &f.site) && ok(&self.depth, &f.depth)
    }
}

/// Months `from`, `from + every`, ... up to `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// First month.
    pub from: u32,
    /// Last month (included when on the step).
    pub to: u32,
    /// Step in months.
    pub every: u32,
}

/// One line of a template: these tests, at these months (or at these days of the drug cycles),
/// at this place, under this condition, because this source says so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The tests due.
    pub what: Vec<Test>,
    /// `hospital` makes every visit the rule falls on a hospital visit; by default the rule
    /// leaves the place to the others (clinic when no rule asks for the hospital).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// Months after the anchor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub at: Vec<u32>,
    /// Regular months after the anchor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub every: Vec<Span>,
    /// Drug cycles (1-based) on whose day `cycle_day` the tests are due; for cyclic drugs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cycles: Vec<u32>,
    /// The day of the cycle (1 = first day on the drug) for `cycles`.
    #[serde(default = "first_day", skip_serializing_if = "is_first_day")]
    pub cycle_day: u32,
    /// When the rule applies.
    #[serde(default, skip_serializing_if = "is_always")]
    pub when: Condition,
    /// The key of the source in the template's `sources`.
    pub source: String,
    /// Where in the source: table, figure, page or clause.
    pub cite: String,
}

fn first_day() -> u32 {
    1
}

fn is_first_day(d: &u32) -> bool {
    *d == 1
}

fn is_always(c: &Condition) -> bool {
    *c == Condition::default()
}

impl Rule {
    /// The months after the anchor the rule falls on, increasing, without repeats.
    pub fn months(&self) -> Vec<u32> {
        let mut m: Vec<u32> = self.at.clone();
        for s in &self.every {
            if s.every > 0 {
                m.extend((s.from..=s.to).step_by(s.every as usize));
            }
        }
        m.sort_unstable();
        m.dedup();
        m
    }
}

/// One visit of a template, counted in months from the anchor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateVisit {
    /// Months after the anchor date.
    pub month: u32,
    /// Who sees the patient.
    pub place: Place,
    /// What is due.
    pub tests: Vec<Test>,
    /// The indexes of the rules (in [`Template::rules`]) that put each test here, in the order
    /// of `tests`.
    pub rules: Vec<usize>,
}

/// One check tied to a drug cycle: day `day` of cycle `cycle`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleVisit {
    /// 1-based cycle.
    pub cycle: u32,
    /// 1-based day of the cycle.
    pub day: u32,
    /// What is due.
    pub tests: Vec<Test>,
    /// The rules that put each test here, in the order of `tests`.
    pub rules: Vec<usize>,
}

/// The default joint care plan of one path (`core/paths/<path-id>.json`): its rules, each
/// citing its source.
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
    /// The documents the rules cite, by key.
    pub sources: BTreeMap<String, Source>,
    /// Remarks: that these are defaults the planning hospital adjusts per patient, and choices
    /// made in writing the file (with the reason where it departs from a source).
    pub note: String,
    /// The factor values used when the plan does not record them: the more intensive schedule.
    #[serde(default, skip_serializing_if = "Factors::is_unknown")]
    pub if_unknown: Factors,
    /// The oral drug, for the drug paths.
    pub drug: Option<DrugPlan>,
    /// The rules, each with its source.
    pub rules: Vec<Rule>,
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
    /// No rules at all, or a schedule with no visit.
    NoVisits(PathId),
    /// A rule falls on no month and no cycle, on month 0, after the end of the path, or on a
    /// cycle or day the drug does not have.
    BadTiming {
        /// The path.
        path: PathId,
        /// Index of the rule.
        rule: usize,
    },
    /// A rule with nothing to do.
    NoTests {
        /// The path.
        path: PathId,
        /// Index of the rule.
        rule: usize,
    },
    /// A test that needs the hospital in a rule that does not say `hospital`.
    HospitalTestAtClinic {
        /// The path.
        path: PathId,
        /// Index of the rule.
        rule: usize,
        /// The test.
        test: Test,
    },
    /// A rule whose source is not in `sources`, or without a citation.
    UnknownSource {
        /// The path.
        path: PathId,
        /// Index of the rule.
        rule: usize,
    },
    /// A rule depends on a factor that has no `if_unknown` value.
    NoDefaultFactor {
        /// The path.
        path: PathId,
        /// Index of the rule.
        rule: usize,
    },
    /// A drug path without a drug, or a follow-up-only path with one, or the wrong drug.
    DrugMismatch(PathId),
    /// A cycle or duration of zero, or a drug course longer than the path.
    BadRegimen(PathId),
    /// No source, an empty source field, or an empty note.
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
            TemplateError::BadTiming { path, rule } => {
                write!(f, "{}: rule {rule} falls outside the path or on no visit", path.as_str())
            }
            TemplateError::NoTests { path, rule } => {
                write!(f, "{}: rule {rule} has no tests", path.as_str())
            }
            TemplateError::HospitalTestAtClinic { path, rule, test } => write!(
                f,
                "{}: rule {rule} has {test}, which needs the hospital, but is not at the hospital",
                path.as_str()
            ),
            TemplateError::UnknownSource { path, rule } => {
                write!(f, "{}: rule {rule} cites no known source", path.as_str())
            }
            TemplateError::NoDefaultFactor { path, rule } => write!(
                f,
                "{}: rule {rule} depends on a factor without an if_unknown value",
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

    /// Checks the invariants: every rule has tests, a known source and a citation, falls
    /// within the path (or on cycles the drug has), puts imaging and endoscopy at the hospital
    /// and depends only on factors with an `if_unknown` value; the drug matches the path; every
    /// variant has visits.
    pub fn validate(&self) -> Result<(), TemplateError> {
        let path = self.id;
        if self.rules.is_empty() {
            return Err(TemplateError::NoVisits(path));
        }
        let blank = |s: &Source| {
            [&s.guideline, &s.publisher, &s.edition, &s.section].iter().any(|x| x.trim().is_empty())
        };
        if self.sources.is_empty() || self.sources.values().any(blank) || self.note.trim().is_empty() {
            return Err(TemplateError::MissingSource(path));
        }
        let expected = path.oral_drugs();
        let mut cycle = None;
        match &self.drug {
            None if expected.is_empty() => {}
            Some(d) if d.drugs.as_slice() == expected => {
                let ok = match d.regimen {
                    Regimen::Cyclic { on_days, off_days, cycles } => {
                        cycle = Some((on_days + off_days, cycles));
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
        let u = &self.if_unknown;
        for (rule, r) in self.rules.iter().enumerate() {
            if r.what.is_empty() {
                return Err(TemplateError::NoTests { path, rule });
            }
            if !self.sources.contains_key(&r.source) || r.cite.trim().is_empty() {
                return Err(TemplateError::UnknownSource { path, rule });
            }
            let months = r.months();
            let spans_ok = r.every.iter().all(|s| s.every > 0 && s.from <= s.to);
            let months_ok = months.iter().all(|m| (1..=self.length_months).contains(m));
            let cycles_ok = match (r.cycles.is_empty(), cycle) {
                (true, _) => r.cycle_day == 1,
                (false, Some((len, n))) => {
                    r.cycles.iter().all(|c| (1..=n).contains(c)) && (1..=len).contains(&r.cycle_day)
                }
                (false, None) => false,
            };
            if !(spans_ok && months_ok && cycles_ok) || (months.is_empty() && r.cycles.is_empty()) {
                return Err(TemplateError::BadTiming { path, rule });
            }
            if r.place != Some(Place::Hospital) {
                if let Some(test) = r.what.iter().find(|t| t.needs_hospital()) {
                    return Err(TemplateError::HospitalTestAtClinic { path, rule, test: test.clone() });
                }
            }
            let w = &r.when;
            if (!w.stage.is_empty() && u.stage.is_none())
                || (!w.site.is_empty() && u.site.is_none())
                || (!w.depth.is_empty() && u.depth.is_none())
            {
                return Err(TemplateError::NoDefaultFactor { path, rule });
            }
        }
        if self.variants().iter().any(|f| self.visits(f).is_empty()) {
            return Err(TemplateError::NoVisits(path));
        }
        Ok(())
    }

    /// The factor values the rules name, per factor.
    fn named(&self) -> (Vec<StageGroup>, Vec<Site>, Vec<Depth>) {
        let (mut st, mut si, mut de) = (Vec::new(), Vec::new(), Vec::new());
        for r in &self.rules {
            st.extend(&r.when.stage);
            si.extend(&r.when.site);
            de.extend(&r.when.depth);
        }
        st.sort_unstable();
        st.dedup();
        si.sort_unstable();
        si.dedup();
        de.sort_unstable();
        de.dedup();
        (st, si, de)
    }

    /// The factors the schedule is made with: a value the rules do not name, or none, becomes
    /// the template's `if_unknown` value; a factor the rules do not use is dropped.
    pub fn resolve(&self, f: &Factors) -> Factors {
        fn pick<T: Copy + PartialEq>(named: &[T], v: Option<T>, default: Option<T>) -> Option<T> {
            match v {
                _ if named.is_empty() => None,
                Some(v) if named.contains(&v) => Some(v),
                _ => default,
            }
        }
        let (st, si, de) = self.named();
        let u = &self.if_unknown;
        Factors {
            stage: pick(&st, f.stage, u.stage),
            site: pick(&si, f.site, u.site),
            depth: pick(&de, f.depth, u.depth),
        }
    }

    /// Every distinct schedule of the template: each combination of the factor values its
    /// rules name (one, `Factors::default()` resolved, when the rules name none).
    pub fn variants(&self) -> Vec<Factors> {
        fn opts<T: Copy>(v: &[T]) -> Vec<Option<T>> {
            if v.is_empty() {
                vec![None]
            } else {
                v.iter().copied().map(Some).collect()
            }
        }
        let (st, si, de) = self.named();
        let mut out = Vec::new();
        for stage in opts(&st) {
            for site in opts(&si) {
                for depth in opts(&de) {
                    out.push(Factors { stage, site, depth });
                }
            }
        }
        out
    }

    /// The visits counted in months from the anchor, for these factors (resolved first): each
    /// month any applying rule falls on, with the tests of those rules in rule order; at the
    /// hospital when one of them says so.
    pub fn visits(&self, f: &Factors) -> Vec<TemplateVisit> {
        let f = self.resolve(f);
        let mut by_month: BTreeMap<u32, TemplateVisit> = BTreeMap::new();
        for (i, r) in self.rules.iter().enumerate().filter(|(_, r)| r.when.holds(&f)) {
            for month in r.months() {
                let v = by_month.entry(month).or_insert_with(|| TemplateVisit {
                    month,
                    place: Place::Clinic,
                    tests: Vec::new(),
                    rules: Vec::new(),
                });
                if r.place == Some(Place::Hospital) {
                    v.place = Place::Hospital;
                }
                add_tests(&mut v.tests, &mut v.rules, r, i);
            }
        }
        by_month.into_values().collect()
    }

    /// The checks tied to the drug's cycles, for these factors, in cycle and day order.
    pub fn cycle_visits(&self, f: &Factors) -> Vec<CycleVisit> {
        let f = self.resolve(f);
        let mut by_day: BTreeMap<(u32, u32), CycleVisit> = BTreeMap::new();
        for (i, r) in self.rules.iter().enumerate().filter(|(_, r)| r.when.holds(&f)) {
            for &cycle in &r.cycles {
                let day = r.cycle_day;
                let v = by_day.entry((cycle, day)).or_insert_with(|| CycleVisit {
                    cycle,
                    day,
                    tests: Vec::new(),
                    rules: Vec::new(),
                });
                add_tests(&mut v.tests, &mut v.rules, r, i);
            }
        }
        by_day.into_values().collect()
    }

    /// A rule and the source it cites (the line a clinician checks).
    pub fn rule_source(&self, rule: usize) -> Option<(&Rule, &Source)> {
        let r = self.rules.get(rule)?;
        Some((r, self.sources.get(&r.source)?))
    }
}

/// Adds the tests of rule `i` not yet due, recording the rule behind each.
fn add_tests(tests: &mut Vec<Test>, rules: &mut Vec<usize>, r: &Rule, i: usize) {
    for t in &r.what {
        if !tests.contains(t) {
            tests.push(t.clone());
            rules.push(i);
        }
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
