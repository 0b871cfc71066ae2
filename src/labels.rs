//! Typed domain values to locale keys: one plain function per vocabulary, never a string match.
//! Values that carry free text of their own (`Test::Other`, `Analyte::Other`) are filled in
//! with [`karte_core::i18n::format`], so these functions take the locale where they need it.

use karte_core::i18n::{self, Locale, K};
use karte_core::pathway::{Place, Test};
use karte_core::record::{Analyte, ChangedItem, PartnerRole, RecordError, Sex};
use karte_core::vocab::{CancerType, OralDrug};

use crate::state::AppendError;

/// The name of a cancer type.
pub fn cancer(c: CancerType) -> K {
    match c {
        CancerType::Stomach => K::rec_cancer_stomach,
        CancerType::Colorectal => K::rec_cancer_colorectal,
        CancerType::Lung => K::rec_cancer_lung,
        CancerType::Liver => K::rec_cancer_liver,
        CancerType::Breast => K::rec_cancer_breast,
        CancerType::Prostate => K::rec_cancer_prostate,
    }
}

/// Who does a visit, in plain words.
pub fn place(p: Place) -> K {
    match p {
        Place::Hospital => K::rec_place_hospital,
        Place::Clinic => K::rec_place_clinic,
    }
}

/// The role of a partner.
pub fn role(r: PartnerRole) -> K {
    match r {
        PartnerRole::PlanningHospital => K::rec_role_planning_hospital,
        PartnerRole::PartnerClinic => K::rec_role_partner_clinic,
        PartnerRole::Pharmacy => K::rec_role_pharmacy,
        PartnerRole::NursingStation => K::rec_role_nursing_station,
        PartnerRole::HomeCareClinic => K::rec_role_home_care_clinic,
        PartnerRole::PalliativeWard => K::rec_role_palliative_ward,
        PartnerRole::HelpDesk => K::rec_role_help_desk,
    }
}

/// Every partner role, in the order of the list of partners.
pub const ROLES: [PartnerRole; 7] = [
    PartnerRole::PlanningHospital,
    PartnerRole::PartnerClinic,
    PartnerRole::Pharmacy,
    PartnerRole::NursingStation,
    PartnerRole::HomeCareClinic,
    PartnerRole::PalliativeWard,
    PartnerRole::HelpDesk,
];

/// The patient-facing name of an oral anticancer drug.
pub fn drug(d: OralDrug) -> K {
    match d {
        OralDrug::S1 => K::rec_drug_s1,
        OralDrug::Capecitabine => K::rec_drug_capecitabine,
        OralDrug::UftLeucovorin => K::rec_drug_uft_lv,
        OralDrug::Uft => K::rec_drug_uft,
        OralDrug::Tamoxifen => K::rec_drug_tamoxifen,
        OralDrug::AromataseInhibitor => K::rec_drug_ai,
    }
}

/// Sex, as on the forms.
pub fn sex(s: Sex) -> K {
    match s {
        Sex::Male => K::rec_sex_male,
        Sex::Female => K::rec_sex_female,
        Sex::Unspecified => K::rec_sex_unspecified,
    }
}

/// Every sex choice, in form order.
pub const SEXES: [Sex; 3] = [Sex::Female, Sex::Male, Sex::Unspecified];

/// An item of 様式2 that a plan change touches.
pub fn changed_item(i: ChangedItem) -> K {
    match i {
        ChangedItem::Examination => K::rec_visits_item_examination,
        ChangedItem::Tests => K::rec_visits_item_tests,
        ChangedItem::Treatment => K::rec_visits_item_treatment,
        ChangedItem::Drugs => K::rec_visits_item_drugs,
        ChangedItem::Procedures => K::rec_visits_item_procedures,
        ChangedItem::Care => K::rec_visits_item_care,
    }
}

/// The locale key of a known test (`None` for `Test::Other`).
pub fn test_key(t: &Test) -> Option<K> {
    Some(match t {
        Test::HistoryExam => K::rec_test_history_exam,
        Test::BloodCount => K::rec_test_blood_count,
        Test::Biochemistry => K::rec_test_biochemistry,
        Test::Cea => K::rec_test_cea,
        Test::Ca199 => K::rec_test_ca199,
        Test::Afp => K::rec_test_afp,
        Test::PivkaII => K::rec_test_pivka2,
        Test::AfpL3 => K::rec_test_afpl3,
        Test::Ca153 => K::rec_test_ca153,
        Test::Cyfra => K::rec_test_cyfra,
        Test::Psa => K::rec_test_psa,
        Test::ChestXray => K::rec_test_chest_xray,
        Test::Ct => K::rec_test_ct,
        Test::DynamicCtMri => K::rec_test_dynamic_ct_mri,
        Test::Endoscopy => K::rec_test_endoscopy,
        Test::Colonoscopy => K::rec_test_colonoscopy,
        Test::Mammography => K::rec_test_mammography,
        Test::BreastUltrasound => K::rec_test_breast_ultrasound,
        Test::AbdominalUltrasound => K::rec_test_abdominal_ultrasound,
        Test::BoneDensity => K::rec_test_bone_density,
        Test::Urinalysis => K::rec_test_urinalysis,
        Test::DigitalRectalExam => K::rec_test_digital_rectal_exam,
        Test::AdtInjection => K::rec_test_adt_injection,
        Test::Other(_) => return None,
    })
}

/// A test in plain words (an unknown test shows the id it was written with).
pub fn test(locale: Locale, t: &Test) -> String {
    match test_key(t) {
        Some(k) => i18n::text(locale, k).to_string(),
        None => i18n::format(locale, K::rec_test_other, &[("name", t.as_str())]),
    }
}

/// The locale key of a known analyte (`None` for `Analyte::Other`).
pub fn analyte_key(a: &Analyte) -> Option<K> {
    Some(match a {
        Analyte::Cea => K::rec_analyte_cea,
        Analyte::Ca199 => K::rec_analyte_ca199,
        Analyte::Afp => K::rec_analyte_afp,
        Analyte::PivkaII => K::rec_analyte_pivka2,
        Analyte::AfpL3 => K::rec_analyte_afpl3,
        Analyte::Ca153 => K::rec_analyte_ca153,
        Analyte::Cyfra => K::rec_analyte_cyfra,
        Analyte::Psa => K::rec_analyte_psa,
        Analyte::Wbc => K::rec_analyte_wbc,
        Analyte::Neutrophils => K::rec_analyte_neut,
        Analyte::Hemoglobin => K::rec_analyte_hb,
        Analyte::Platelets => K::rec_analyte_plt,
        Analyte::Ast => K::rec_analyte_ast,
        Analyte::Alt => K::rec_analyte_alt,
        Analyte::TotalBilirubin => K::rec_analyte_tbil,
        Analyte::Albumin => K::rec_analyte_alb,
        Analyte::Creatinine => K::rec_analyte_cre,
        Analyte::Other(_) => return None,
    })
}

/// The name of what a result measures (an unknown analyte shows the name it was written with).
pub fn analyte(locale: Locale, a: &Analyte) -> String {
    match analyte_key(a) {
        Some(k) => i18n::text(locale, k).to_string(),
        None => a.as_str().to_string(),
    }
}

/// What to tell the patient when an entry was refused. The record is unchanged and the form
/// keeps its input.
pub fn append_error(e: &AppendError) -> K {
    match e {
        AppendError::NoRecord => K::rec_error_no_record,
        AppendError::Invalid(r) => match r {
            RecordError::InvalidPhone { .. } => K::rec_error_phone,
            RecordError::BirthDateInFuture { .. } => K::rec_error_birth_future,
            RecordError::EmptyField { .. } => K::rec_error_empty,
            RecordError::DatesOutOfOrder { .. } | RecordError::VisitBeforeOperation { .. } => {
                K::rec_error_dates
            }
            _ => K::rec_error_other,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use karte_core::record::{EntryId, Phone};

    #[test]
    fn every_known_test_and_analyte_has_its_own_text() {
        let mut seen = std::collections::HashSet::new();
        for t in Test::KNOWN {
            let k = test_key(t).unwrap_or_else(|| panic!("{t:?}"));
            assert!(seen.insert(k), "{t:?} shares a text");
        }
        for a in Analyte::KNOWN {
            assert!(analyte_key(a).is_some(), "{a:?}");
        }
        assert_eq!(test(Locale::En, &Test::parse("pet-ct")), "Test: pet-ct");
        assert_eq!(test(Locale::En, &Test::Ct), "CT scan");
        assert_eq!(analyte(Locale::En, &Analyte::parse("crp")), "crp");
    }

    #[test]
    fn refused_entries_map_to_a_message() {
        let id = EntryId("a".into());
        let phone = AppendError::Invalid(RecordError::InvalidPhone { entry: id.clone(), phone: Phone("x".into()) });
        assert_eq!(append_error(&phone), K::rec_error_phone);
        assert_eq!(append_error(&AppendError::NoRecord), K::rec_error_no_record);
        assert_eq!(append_error(&AppendError::Invalid(RecordError::DuplicateId(id))), K::rec_error_other);
    }
}

/// The title of a care path in `locale`, from its template (empty when the template is
/// missing).
pub fn path_title(locale: Locale, path: karte_core::vocab::PathId) -> String {
    karte_core::pathway::template(path)
        .map(|t| match locale {
            Locale::Ja => t.title_ja.clone(),
            Locale::En => t.title_en.clone(),
        })
        .unwrap_or_default()
}

/// 様式3: a variance reason (codes 1-8).
pub fn variance_reason(r: karte_core::record::VarianceReason) -> K {
    use karte_core::record::VarianceReason as R;
    match r {
        R::Recurrence => K::form3_reason_1,
        R::Death => K::form3_reason_2,
        R::PartnerChange => K::form3_reason_3,
        R::MovedAway => K::form3_reason_4,
        R::ClinicClosed => K::form3_reason_5,
        R::SingleSiteWish => K::form3_reason_6,
        R::Withdrawal => K::form3_reason_7,
        R::Unsuitable => K::form3_reason_8,
    }
}

/// 様式3: a variance outcome (codes 1-9).
pub fn variance_outcome(o: karte_core::record::VarianceOutcome) -> K {
    use karte_core::record::VarianceOutcome as O;
    match o {
        O::DrugToPathOnly => K::form3_outcome_1,
        O::PathContinues => K::form3_outcome_2,
        O::LettersSameClinic => K::form3_outcome_3,
        O::LettersOtherClinic => K::form3_outcome_4,
        O::HospitalOnly => K::form3_outcome_5,
        O::OriginalClinicOnly => K::form3_outcome_6,
        O::OtherClinicOnly => K::form3_outcome_7,
        O::Unknown => K::form3_outcome_8,
        O::NoFollowUp => K::form3_outcome_9,
    }
}

/// The follow-up after completion (ア-エ), as on the form.
pub fn follow_up(f: karte_core::record::FollowUp) -> K {
    use karte_core::record::FollowUp;
    match f {
        FollowUp::Hospital => K::hv_follow_hospital,
        FollowUp::Clinic => K::hv_follow_clinic,
        FollowUp::OtherInstitution => K::hv_follow_other,
        FollowUp::NewPlan => K::hv_follow_new,
    }
}
