//! The parts of the booklet (DOMAIN.md §2) and of the forms 様式2 and 様式3 (§6), as entry
//! bodies.

use std::collections::BTreeSet;
use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::pathway::{Factors, Place, Regimen};
use crate::schedule::{Adjustment, CheckItem, PlanInputs, VisitId};
use crate::tagged;
use crate::vocab::{str_enum, CancerType, OralDrug, PathId};

use super::EntryId;

/// Sex, as on the forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sex {
    /// 男性
    Male,
    /// 女性
    Female,
    /// Other, or not stated.
    Unspecified,
}

/// 患者基礎情報用紙: the patient's profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// 氏名.
    pub name: String,
    /// ふりがな.
    pub kana: String,
    /// 生年月日.
    pub date_of_birth: NaiveDate,
    /// 性別.
    pub sex: Sex,
    /// アレルギー.
    #[serde(default)]
    pub allergies: Vec<String>,
    /// 薬の副作用歴: adverse drug reactions.
    #[serde(default)]
    pub adverse_drug_reactions: Vec<String>,
    /// 既往歴: past history.
    #[serde(default)]
    pub past_history: Vec<String>,
}

str_enum! {
    /// Stage group (UICC/規約), as written on the plan.
    Stage {
        /// Stage 0.
        Stage0 => "0",
        /// Stage I.
        StageI => "I",
        /// Stage IA.
        StageIA => "IA",
        /// Stage IB.
        StageIB => "IB",
        /// Stage II.
        StageII => "II",
        /// Stage IIA.
        StageIIA => "IIA",
        /// Stage IIB.
        StageIIB => "IIB",
        /// Stage IIC.
        StageIIC => "IIC",
        /// Stage III.
        StageIII => "III",
        /// Stage IIIA.
        StageIIIA => "IIIA",
        /// Stage IIIB.
        StageIIIB => "IIIB",
        /// Stage IIIC.
        StageIIIC => "IIIC",
        /// Stage IV.
        StageIV => "IV",
    }
}

/// A closed range of days (admission period).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// 治療情報: the disease and its treatment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreatmentInfo {
    /// The cancer.
    pub cancer: CancerType,
    /// 診断名 as written, if more precise than the cancer type.
    #[serde(default)]
    pub diagnosis: Option<String>,
    /// Stage.
    pub stage: Stage,
    /// 術式 (or the treatment, e.g. radiotherapy).
    pub operation: String,
    /// 術日 (or the last day of radiotherapy).
    pub operation_date: NaiveDate,
    /// 入院期間.
    #[serde(default)]
    pub admission: Option<Period>,
    /// 計画策定病院: the planning hospital.
    pub planning_hospital: String,
    /// 連携医療機関: the partner clinic.
    pub partner_clinic: String,
}

/// Whether consent was given or withdrawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentEvent {
    /// 同意書.
    Given,
    /// 同意撤回書.
    Withdrawn,
}

/// Who signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Consenter {
    /// The patient.
    Patient,
    /// The family (代諾者).
    Family,
}

/// 説明書・同意書・同意撤回書: consent or its withdrawal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// Given or withdrawn.
    pub event: ConsentEvent,
    /// Date signed.
    pub date: NaiveDate,
    /// To whom (the institution and doctor).
    pub to_whom: String,
    /// Who signed.
    pub by: Consenter,
}

/// 共同診療計画書: the joint care plan, its path and its anchor date. The dated plan is derived
/// from the path's template, the anchor and the [`PlanChange`] entries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarePlan {
    /// The path.
    pub path: PathId,
    /// Month 0 of the plan: the operation date, or the end of radiotherapy.
    pub anchor: NaiveDate,
    /// The template revision the plan was issued with.
    pub template_revision: u32,
    /// The disease factors the schedule depends on (stage group, colon or rectum, depth);
    /// empty in plans issued before they were asked, which then get the template's more
    /// intensive `if_unknown` schedule.
    #[serde(default, skip_serializing_if = "Factors::is_unknown")]
    pub factors: Factors,
    /// The real first day of the oral drug, when the prescriber has set it; the drug-cycle
    /// checks are dated from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drug_start: Option<NaiveDate>,
    /// The oral drug chosen among those the path offers (breast-hormone: tamoxifen or an
    /// aromatase inhibitor). Absent in plans issued before it was asked (then the template's
    /// first, tamoxifen) and on paths with one drug; skipped when absent so that those plans
    /// and their signatures read as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drug: Option<OralDrug>,
}

impl CarePlan {
    /// What the schedule engine needs beyond the template and the anchor.
    pub fn inputs(&self) -> PlanInputs {
        PlanInputs { factors: self.factors, drug_start: self.drug_start, drug: self.drug }
    }
}

/// A change of the plan by the planning hospital (kept as an entry so history stays).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanChange {
    /// The changes, applied in order.
    pub changes: Vec<Adjustment>,
    /// Why.
    pub reason: String,
}

/// The items of 様式2 that a plan change may touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangedItem {
    /// 診察・観察.
    Examination,
    /// 検査.
    Tests,
    /// 治療.
    Treatment,
    /// 薬剤.
    Drugs,
    /// 処置.
    Procedures,
    /// ケア.
    Care,
}

impl ChangedItem {
    /// All items, in the order of the form.
    pub const ALL: [ChangedItem; 6] = [
        ChangedItem::Examination,
        ChangedItem::Tests,
        ChangedItem::Treatment,
        ChangedItem::Drugs,
        ChangedItem::Procedures,
        ChangedItem::Care,
    ];
}

/// One ticked (or not) item of the provider sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckMark {
    /// The item.
    pub item: CheckItem,
    /// Done.
    pub done: bool,
    /// Finding or remark.
    #[serde(default)]
    pub note: Option<String>,
}

/// 受診記録 / 様式2 地域連携がん診療経過報告書: one visit and its report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRecord {
    /// The planned visit this was, if it was one.
    #[serde(default)]
    pub planned_visit: Option<VisitId>,
    /// 計画に基づく受診日.
    pub visit_date: NaiveDate,
    /// 報告日.
    #[serde(default)]
    pub report_date: Option<NaiveDate>,
    /// Hospital or clinic.
    pub place: Place,
    /// The institution.
    pub institution: String,
    /// The doctor.
    #[serde(default)]
    pub doctor: Option<String>,
    /// 次回予定日.
    #[serde(default)]
    pub next_planned_date: Option<NaiveDate>,
    /// Where the next visit is (when the doctor set it; else the plan's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_place: Option<Place>,
    /// 計画変更: no / yes.
    pub plan_changed: bool,
    /// 変更項目 (only when the plan changed).
    #[serde(default)]
    pub changed_items: BTreeSet<ChangedItem>,
    /// 詳細.
    #[serde(default)]
    pub details: String,
    /// その他特記事項.
    #[serde(default)]
    pub remarks: String,
    /// 画像・検査データ添付: yes / no.
    #[serde(default)]
    pub attachments: bool,
    /// The provider sheet as filled in.
    #[serde(default)]
    pub checklist: Vec<CheckMark>,
}

str_enum! {
    /// What a test result measures.
    Analyte {
        /// CEA.
        Cea => "cea",
        /// CA19-9.
        Ca199 => "ca19-9",
        /// AFP.
        Afp => "afp",
        /// PIVKA-II.
        PivkaII => "pivka-ii",
        /// AFP-L3 fraction.
        AfpL3 => "afp-l3",
        /// CA15-3.
        Ca153 => "ca15-3",
        /// CYFRA 21-1.
        Cyfra => "cyfra",
        /// PSA.
        Psa => "psa",
        /// White blood cells.
        Wbc => "wbc",
        /// Neutrophils.
        Neutrophils => "neut",
        /// Haemoglobin.
        Hemoglobin => "hb",
        /// Platelets.
        Platelets => "plt",
        /// AST.
        Ast => "ast",
        /// ALT.
        Alt => "alt",
        /// Total bilirubin.
        TotalBilirubin => "t-bil",
        /// Albumin.
        Albumin => "alb",
        /// Creatinine.
        Creatinine => "cre",
    }
}

str_enum! {
    /// Unit of a test result.
    Unit {
        /// ng/mL.
        NgPerMl => "ng/mL",
        /// U/mL.
        UPerMl => "U/mL",
        /// mAU/mL.
        MauPerMl => "mAU/mL",
        /// %.
        Percent => "%",
        /// /μL.
        PerMicroL => "/μL",
        /// 10^4/μL.
        TenThousandPerMicroL => "10^4/μL",
        /// g/dL.
        GPerDl => "g/dL",
        /// U/L.
        UPerL => "U/L",
        /// mg/dL.
        MgPerDl => "mg/dL",
    }
}

impl Analyte {
    /// The unit and reference range a result of this analyte is judged by on `path`: where the
    /// path has its own limit (PSA after radical prostatectomy: PSA recurrence at 0.2 ng/mL,
    /// 前立腺癌診療ガイドライン), that one, marked with its [`RangeBasis`]; otherwise
    /// [`Analyte::usual`]. The result stores the range, so it keeps the one it was judged by.
    pub fn reference_on(&self, path: Option<PathId>) -> Option<(Unit, ReferenceRange)> {
        match (self, path) {
            (Analyte::Psa, Some(PathId::ProstateProstatectomy)) => Some((
                Unit::NgPerMl,
                ReferenceRange { low: None, high: Some(0.2), basis: Some(RangeBasis::AfterProstatectomy) },
            )),
            _ => self.usual(),
        }
    }

    /// The usual unit and upper reference limit in Japanese laboratories, for defaults and
    /// demos (the laboratory's own range, when given, wins; a path's own limit: see
    /// [`Analyte::reference_on`]).
    pub fn usual(&self) -> Option<(Unit, ReferenceRange)> {
        let hi = |u, h| Some((u, ReferenceRange { low: None, high: Some(h), basis: None }));
        let range = |u, l, h| Some((u, ReferenceRange { low: Some(l), high: Some(h), basis: None }));
        match self {
            Analyte::Cea => hi(Unit::NgPerMl, 5.0),
            Analyte::Ca199 => hi(Unit::UPerMl, 37.0),
            Analyte::Afp => hi(Unit::NgPerMl, 10.0),
            Analyte::PivkaII => hi(Unit::MauPerMl, 40.0),
            Analyte::AfpL3 => hi(Unit::Percent, 10.0),
            Analyte::Ca153 => hi(Unit::UPerMl, 25.0),
            Analyte::Cyfra => hi(Unit::NgPerMl, 3.5),
            Analyte::Psa => hi(Unit::NgPerMl, 4.0),
            Analyte::Wbc => range(Unit::PerMicroL, 3300.0, 8600.0),
            Analyte::Neutrophils => range(Unit::PerMicroL, 1500.0, 7500.0),
            Analyte::Hemoglobin => range(Unit::GPerDl, 11.6, 16.8),
            Analyte::Platelets => range(Unit::TenThousandPerMicroL, 15.8, 34.8),
            Analyte::Ast => range(Unit::UPerL, 13.0, 30.0),
            Analyte::Alt => range(Unit::UPerL, 7.0, 30.0),
            Analyte::TotalBilirubin => range(Unit::MgPerDl, 0.4, 1.5),
            Analyte::Albumin => range(Unit::GPerDl, 4.1, 5.1),
            Analyte::Creatinine => range(Unit::MgPerDl, 0.46, 1.07),
            Analyte::Other(_) => None,
        }
    }
}

/// Why a result's range is not the laboratory's usual one: a limit that depends on the
/// patient's treatment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RangeBasis {
    /// PSA after radical prostatectomy: 0.2 ng/mL or more, confirmed by a second value, is PSA
    /// recurrence (前立腺癌取扱い規約 / 前立腺癌診療ガイドライン), so a value at the limit is already
    /// out of range (the upper limit is exclusive).
    AfterProstatectomy,
    /// A basis written by a later version; the range's limits still apply as written.
    #[serde(other)]
    Other,
}

/// A reference range; either end may be open.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReferenceRange {
    /// Lower limit.
    pub low: Option<f64>,
    /// Upper limit.
    pub high: Option<f64>,
    /// Why the range is not the usual one (a treatment's own limit); absent for the usual and
    /// the laboratory's ranges, and skipped then so that older results read and verify as
    /// before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<RangeBasis>,
}

impl ReferenceRange {
    /// Whether the upper limit itself is out of range (a threshold such as PSA recurrence at
    /// 0.2 ng/mL after prostatectomy).
    pub fn high_is_threshold(&self) -> bool {
        self.basis == Some(RangeBasis::AfterProstatectomy)
    }

    /// Whether `v` is above the range.
    pub fn above(&self, v: f64) -> bool {
        self.high.is_some_and(|h| if self.high_is_threshold() { v >= h } else { v > h })
    }

    /// Whether `v` is below the range.
    pub fn below(&self, v: f64) -> bool {
        self.low.is_some_and(|l| v < l)
    }

    /// Whether `v` is within the range.
    pub fn contains(&self, v: f64) -> bool {
        !self.above(v) && !self.below(v)
    }
}

/// A result: a number, or text (陰性, a CT finding).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ResultValue {
    /// A measured number.
    Number(f64),
    /// A written result.
    Text(String),
}

// Read by hand: `#[serde(untagged)]` would buffer the value in serde's `Content` type.
impl<'de> Deserialize<'de> for ResultValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ResultValue, D::Error> {
        d.deserialize_any(ResultValueVisitor)
    }
}

struct ResultValueVisitor;

impl Visitor<'_> for ResultValueVisitor {
    type Value = ResultValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ResultValue, E> {
        Ok(ResultValue::Number(v as f64))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ResultValue, E> {
        Ok(ResultValue::Number(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ResultValue, E> {
        Ok(ResultValue::Number(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ResultValue, E> {
        Ok(ResultValue::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<ResultValue, E> {
        Ok(ResultValue::Text(v))
    }
}

/// 検査結果: one test result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    /// What was measured.
    pub analyte: Analyte,
    /// The value.
    pub value: ResultValue,
    /// Unit (required for a number).
    #[serde(default)]
    pub unit: Option<Unit>,
    /// Reference range of the laboratory.
    #[serde(default)]
    pub reference: Option<ReferenceRange>,
    /// Date of the sample.
    pub date: NaiveDate,
    /// Where measured.
    pub place: String,
}

impl TestResult {
    /// Whether a numeric value is outside the reference range (`None` when unknown).
    pub fn out_of_range(&self) -> Option<bool> {
        match (&self.value, &self.reference) {
            (ResultValue::Number(v), Some(r)) => Some(!r.contains(*v)),
            _ => None,
        }
    }
}

/// 薬剤: a medication, with the cycle of an oral anticancer drug.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Medication {
    /// Name as prescribed.
    pub name: String,
    /// The oral anticancer drug of the path, if this is one.
    #[serde(default)]
    pub oral_anticancer: Option<OralDrug>,
    /// Dose and how to take it.
    #[serde(default)]
    pub dose: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day, if stopped.
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// On/off cycle (for the drug calendar).
    #[serde(default)]
    pub regimen: Option<Regimen>,
    /// Prescriber.
    #[serde(default)]
    pub prescribed_by: Option<String>,
    /// The dispensing this entry was imported from (`jahis:` and 32 hex digits, the same on
    /// every drug of one dispensing, see [`crate::jahis::Dispensing::import_id`]), so the same
    /// prescription scanned twice adds nothing. Absent for medications typed or shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_id: Option<String>,
}

/// 連絡用メモ: a free note, from the patient or staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memo {
    /// The note.
    pub text: String,
}

/// The role of a partner in the list of partners.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartnerRole {
    /// 計画策定病院.
    PlanningHospital,
    /// 連携医療機関 (かかりつけ医).
    PartnerClinic,
    /// 調剤薬局.
    Pharmacy,
    /// 訪問看護ステーション.
    NursingStation,
    /// 在宅療養支援診療所.
    HomeCareClinic,
    /// 緩和ケア病棟.
    PalliativeWard,
    /// がん相談支援センター (help desk).
    HelpDesk,
}

/// A phone or fax number: digits with `-`, spaces, parentheses, or a leading `+`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Phone(pub String);

impl Phone {
    /// Whether the number is well formed (at least 3 digits, only phone characters).
    pub fn is_valid(&self) -> bool {
        let s = self.0.trim();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        digits >= 3
            && s.chars().enumerate().all(|(i, c)| {
                c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')') || (c == '+' && i == 0)
            })
    }

    /// The `tel:` link target (digits and `+` only).
    pub fn tel_uri(&self) -> String {
        let digits: String = self.0.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        format!("tel:{digits}")
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 連携医療機関の一覧: one partner and how to reach it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    /// Role.
    pub role: PartnerRole,
    /// Name of the institution.
    pub name: String,
    /// Doctor or contact person.
    #[serde(default)]
    pub contact: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<Phone>,
    /// Fax.
    #[serde(default)]
    pub fax: Option<Phone>,
    /// After-hours phone (時間外).
    #[serde(default)]
    pub after_hours_phone: Option<Phone>,
    /// The institution's keys, pinned when the patient scanned its card (pairing): entries
    /// signed with this Ed25519 key in this institution's name are *verified*.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<PinnedKeys>,
}

/// A provider's public keys as pinned in the partner list (hex, 64 digits each).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PinnedKeys {
    /// Receives shares (X25519).
    pub x25519: String,
    /// Signs entries (Ed25519).
    pub ed25519: String,
}

/// 連携医療機関の登録一覧: the partner institutions a planning hospital has registered (it
/// scanned their cards), with their keys, signed by the hospital as an entry. On the phone a
/// partner on the current list (the last one) of a hospital the patient paired with is
/// recognised as verified without pairing of its own; one dropped from the list no longer is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerList {
    /// The registered partners.
    pub partners: Vec<VouchedPartner>,
}

/// One registered partner, as its card said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VouchedPartner {
    /// Role.
    pub role: PartnerRole,
    /// Name of the institution.
    pub name: String,
    /// Doctor or contact person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    /// Fax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<Phone>,
    /// Its keys, as on its card.
    pub keys: PinnedKeys,
}

/// 様式3 逸脱理由 (001 §5-3), codes 1-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VarianceReason {
    /// 1 再発・再燃・合併症で治療や検査が変わる.
    Recurrence,
    /// 2 死亡.
    Death,
    /// 3 連携先の変更.
    PartnerChange,
    /// 4 県外転居等で通院できない.
    MovedAway,
    /// 5 連携医療機関の閉院.
    ClinicClosed,
    /// 6 病院のみ・診療所のみの通院を希望.
    SingleSiteWish,
    /// 7 パスの中止を希望 (同意撤回).
    Withdrawal,
    /// 8 医師がパス不適当と判断 (脱落を含む).
    Unsuitable,
}

impl VarianceReason {
    /// All reasons, by code.
    pub const ALL: [VarianceReason; 8] = [
        VarianceReason::Recurrence,
        VarianceReason::Death,
        VarianceReason::PartnerChange,
        VarianceReason::MovedAway,
        VarianceReason::ClinicClosed,
        VarianceReason::SingleSiteWish,
        VarianceReason::Withdrawal,
        VarianceReason::Unsuitable,
    ];

    /// The code on the form (1-8).
    pub fn code(self) -> u8 {
        VarianceReason::ALL.iter().position(|r| *r == self).map_or(0, |i| i as u8 + 1)
    }
}

/// 様式3 転帰 (001 §5-4), codes 1-9.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VarianceOutcome {
    /// 1 パス＋薬剤手帳 → パスのみ.
    DrugToPathOnly,
    /// 2 パス継続 (再発以外).
    PathContinues,
    /// 3 パスなし, 病院と元の診療所で文書連携.
    LettersSameClinic,
    /// 4 同じく別の診療所と.
    LettersOtherClinic,
    /// 5 病院で経過観察.
    HospitalOnly,
    /// 6 病院終了, 元の診療所が継続.
    OriginalClinicOnly,
    /// 7 病院終了, 別の診療所が継続.
    OtherClinicOnly,
    /// 8 不明.
    Unknown,
    /// 9 経過観察なし.
    NoFollowUp,
}

impl VarianceOutcome {
    /// All outcomes, by code.
    pub const ALL: [VarianceOutcome; 9] = [
        VarianceOutcome::DrugToPathOnly,
        VarianceOutcome::PathContinues,
        VarianceOutcome::LettersSameClinic,
        VarianceOutcome::LettersOtherClinic,
        VarianceOutcome::HospitalOnly,
        VarianceOutcome::OriginalClinicOnly,
        VarianceOutcome::OtherClinicOnly,
        VarianceOutcome::Unknown,
        VarianceOutcome::NoFollowUp,
    ];

    /// The code on the form (1-9).
    pub fn code(self) -> u8 {
        VarianceOutcome::ALL.iter().position(|r| *r == self).map_or(0, |i| i as u8 + 1)
    }

    /// Whether the patient leaves the path (every outcome but 1 and 2).
    pub fn ends_path(self) -> bool {
        !matches!(self, VarianceOutcome::DrugToPathOnly | VarianceOutcome::PathContinues)
    }
}

/// 様式3 がん地域連携パス逸脱届: a variance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variance {
    /// Date of the variance.
    pub date: NaiveDate,
    /// Reason.
    pub reason: VarianceReason,
    /// Outcome.
    pub outcome: VarianceOutcome,
    /// Details.
    #[serde(default)]
    pub details: String,
}

/// Follow-up after completion (計画満了後): (ア)-(エ).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FollowUp {
    /// (ア) at the planning hospital.
    Hospital,
    /// (イ) at the partner clinic.
    Clinic,
    /// (ウ) at another institution.
    OtherInstitution,
    /// (エ) the path continues with a new plan.
    NewPlan,
}

impl FollowUp {
    /// The kana label on the form (ア, イ, ウ, エ).
    pub fn label(self) -> &'static str {
        match self {
            FollowUp::Hospital => "ア",
            FollowUp::Clinic => "イ",
            FollowUp::OtherInstitution => "ウ",
            FollowUp::NewPlan => "エ",
        }
    }
}

/// A decision on the path's status, recorded by the hospital (prostate: the clinic).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum StatusChange {
    /// 計画満了: the path is completed.
    Completed {
        /// Date.
        date: NaiveDate,
        /// Who follows the patient afterwards.
        follow_up: FollowUp,
    },
    /// The patient left the path by a variance.
    Left {
        /// Date.
        date: NaiveDate,
        /// The variance entry.
        variance: EntryId,
    },
    /// The path resumes (e.g. a variance with outcome 2 after all).
    Resumed {
        /// Date.
        date: NaiveDate,
    },
}

// Read without serde's `Content` buffer (see `crate::tagged`); written by the derive, tag first.
impl<'de> Deserialize<'de> for StatusChange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StatusChange, D::Error> {
        let (change, mut f) = tagged::read(d, "StatusChange", "change")?;
        Ok(match change.as_str() {
            "completed" => {
                StatusChange::Completed { date: f.field("date")?, follow_up: f.field("follow_up")? }
            }
            "left" => StatusChange::Left { date: f.field("date")?, variance: f.field("variance")? },
            "resumed" => StatusChange::Resumed { date: f.field("date")? },
            other => return Err(de::Error::unknown_variant(other, &["completed", "left", "resumed"])),
        })
    }
}

/// Where the path stands (derived by the view).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum PathStatus {
    /// No care plan yet.
    NotStarted,
    /// Running.
    Active,
    /// Completed, with the follow-up chosen.
    Completed {
        /// Date.
        date: NaiveDate,
        /// Follow-up.
        follow_up: FollowUp,
    },
    /// Left by a variance.
    LeftByVariance {
        /// Date.
        date: NaiveDate,
        /// The variance entry.
        variance: EntryId,
    },
}
