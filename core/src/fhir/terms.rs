//! The code systems of the export: JP Core's and HL7's canonical URIs, and our own for what
//! the record codes with its own ids (analytes, cancer types, paths, tests, partner roles),
//! with their Japanese displays. The displays are part of each code system's definition
//! (the data the hospital reads), not UI text. `docs/fhir-export.md` lists them.

use crate::pathway::Test;
use crate::record::{Analyte, PartnerRole, Unit};
use crate::vocab::CancerType;

/// JP Core v1.x profile canonical URLs start with this.
pub const JP_CORE_SD: &str = "http://jpfhir.jp/fhir/core/StructureDefinition/";
/// JP Core's simple observation category (`laboratory` for a lab result).
pub const JP_OBSERVATION_CATEGORY: &str = "http://jpfhir.jp/fhir/core/CodeSystem/JP_SimpleObservationCategory_CS";
/// UCUM.
pub const UCUM: &str = "http://unitsofmeasure.org";
/// An identifier that is itself a URI (RFC 3986).
pub const URI_IDENTIFIER: &str = "urn:ietf:rfc:3986";
/// HL7 v3 ActCode (Encounter.class).
pub const ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
/// AllergyIntolerance.clinicalStatus.
pub const ALLERGY_CLINICAL: &str = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
/// Condition.verificationStatus.
pub const CONDITION_VERIFICATION: &str = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
/// Observation.interpretation.
pub const INTERPRETATION: &str = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
/// The ISO 21090 name representation extension (JP Core: kanji `IDE`, kana `SYL`).
pub const EN_REPRESENTATION: &str = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";

/// Our own code systems: fixed `urn:uuid:` URIs (valid, stable, needing no domain), one per
/// vocabulary of the record. Never a JLAC10, ICD-10 or HOT code: the record holds none.
pub mod own {
    /// Analytes (`cea`, `wbc`, ...): the record's `Analyte` ids.
    pub const ANALYTE: &str = "urn:uuid:6a1f7c52-3b0e-4d8a-9c41-0b7e5f2d9a01";
    /// Cancer types (`stomach`, ...).
    pub const CANCER: &str = "urn:uuid:6a1f7c52-3b0e-4d8a-9c41-0b7e5f2d9a02";
    /// Care paths (`stomach-s1`, ...): the 13 paths of the catalogue.
    pub const PATH: &str = "urn:uuid:6a1f7c52-3b0e-4d8a-9c41-0b7e5f2d9a03";
    /// Partner roles (`planning-hospital`, `partner-clinic`, ...).
    pub const ROLE: &str = "urn:uuid:6a1f7c52-3b0e-4d8a-9c41-0b7e5f2d9a05";
    /// Planned-visit ids of a plan (`m3`, `c2d15`, `x1`).
    pub const VISIT: &str = "urn:uuid:6a1f7c52-3b0e-4d8a-9c41-0b7e5f2d9a06";
}

/// The clinical name of an analyte (an unknown one: its id).
pub fn analyte(a: &Analyte) -> &str {
    match a {
        Analyte::Cea => "CEA",
        Analyte::Ca199 => "CA19-9",
        Analyte::Afp => "AFP",
        Analyte::PivkaII => "PIVKA-II",
        Analyte::AfpL3 => "AFP-L3分画",
        Analyte::Ca153 => "CA15-3",
        Analyte::Cyfra => "CYFRA 21-1",
        Analyte::Psa => "PSA",
        Analyte::Wbc => "白血球数",
        Analyte::Neutrophils => "好中球数",
        Analyte::Hemoglobin => "ヘモグロビン",
        Analyte::Platelets => "血小板数",
        Analyte::Ast => "AST",
        Analyte::Alt => "ALT",
        Analyte::TotalBilirubin => "総ビリルビン",
        Analyte::Albumin => "アルブミン",
        Analyte::Creatinine => "クレアチニン",
        Analyte::Other(s) => s,
    }
}

/// The name of a cancer type.
pub fn cancer(c: CancerType) -> &'static str {
    match c {
        CancerType::Stomach => "胃がん",
        CancerType::Colorectal => "大腸がん",
        CancerType::Lung => "肺がん",
        CancerType::Liver => "肝がん",
        CancerType::Breast => "乳がん",
        CancerType::Prostate => "前立腺がん",
    }
}

/// The clinical name of a test due at a visit (an unknown one: its id).
pub fn test(t: &Test) -> &str {
    match t {
        Test::HistoryExam => "問診・診察",
        Test::BloodCount => "血算",
        Test::Biochemistry => "生化学検査",
        Test::Cea => "腫瘍マーカー CEA",
        Test::Ca199 => "腫瘍マーカー CA19-9",
        Test::Afp => "腫瘍マーカー AFP",
        Test::PivkaII => "腫瘍マーカー PIVKA-II",
        Test::AfpL3 => "腫瘍マーカー AFP-L3分画",
        Test::Ca153 => "腫瘍マーカー CA15-3",
        Test::Cyfra => "腫瘍マーカー CYFRA 21-1",
        Test::Psa => "PSA",
        Test::ChestXray => "胸部X線",
        Test::Ct => "CT",
        Test::DynamicCtMri => "肝ダイナミックCTまたはMRI",
        Test::Endoscopy => "上部消化管内視鏡",
        Test::Colonoscopy => "大腸内視鏡",
        Test::Mammography => "マンモグラフィ",
        Test::BreastUltrasound => "乳房超音波",
        Test::AbdominalUltrasound => "腹部超音波",
        Test::BoneDensity => "骨密度",
        Test::Urinalysis => "尿検査",
        Test::DigitalRectalExam => "直腸指診",
        Test::AdtInjection => "ホルモン注射 (LH-RH)",
        Test::Other(s) => s,
    }
}

/// A partner role's id and name.
pub fn role(r: PartnerRole) -> (&'static str, &'static str) {
    match r {
        PartnerRole::PlanningHospital => ("planning-hospital", "計画策定病院"),
        PartnerRole::PartnerClinic => ("partner-clinic", "連携医療機関"),
        PartnerRole::Pharmacy => ("pharmacy", "調剤薬局"),
        PartnerRole::NursingStation => ("nursing-station", "訪問看護ステーション"),
        PartnerRole::HomeCareClinic => ("home-care-clinic", "在宅療養支援診療所"),
        PartnerRole::PalliativeWard => ("palliative-ward", "緩和ケア病棟"),
        PartnerRole::HelpDesk => ("help-desk", "がん相談支援センター"),
    }
}

/// The UCUM code of a unit, where the unit means what UCUM says: `None` for the tumour
/// markers' assay units (U/mL of CA19-9 and CA15-3 are not enzyme units; mAU/mL of PIVKA-II
/// has no UCUM form), which then carry only the unit's text.
pub fn ucum(u: &Unit) -> Option<&'static str> {
    Some(match u {
        Unit::NgPerMl => "ng/mL",
        Unit::Percent => "%",
        Unit::PerMicroL => "/uL",
        Unit::TenThousandPerMicroL => "10*4/uL",
        Unit::GPerDl => "g/dL",
        Unit::UPerL => "U/L",
        Unit::MgPerDl => "mg/dL",
        Unit::UPerMl | Unit::MauPerMl | Unit::Other(_) => return None,
    })
}

/// The `referenceRange.text` of a range that is a treatment's own limit (FHIR ranges are
/// inclusive; the text says where the limit itself belongs).
pub fn range_text(basis: crate::record::RangeBasis) -> Option<&'static str> {
    match basis {
        crate::record::RangeBasis::AfterProstatectomy => Some(
            "前立腺全摘除術後のPSA: 0.2 ng/mL未満 (0.2 ng/mL以上が2回続けばPSA再発) / PSA after radical prostatectomy: below 0.2 ng/mL (0.2 ng/mL or more on two consecutive measurements is PSA recurrence)",
        ),
        crate::record::RangeBasis::Other => None,
    }
}
