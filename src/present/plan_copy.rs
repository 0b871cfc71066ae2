//! A patient whose hospital does not use the app copies the plan from the paper booklet: the
//! path, the operation date (and the drug's first day), the hospital and the clinic. The plan
//! is the patient's own entry (shown as copied), replaced when a hospital's signed plan
//! arrives (`share::Booklet` supersedes it). Plain Rust, tested natively.

use karte_core::i18n::K;
use karte_core::record::{CarePlan, EntryBody, Partner, PartnerRole, Phone, RecordView};
use karte_core::vocab::{OralDrug, PathId};

use super::dates;
use super::forms::Draft;

/// The form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanCopyForm {
    /// The path.
    pub path: Option<PathId>,
    /// 手術日 (or the end of radiotherapy).
    pub operation_date: String,
    /// The drug's first day, if known.
    pub drug_start: String,
    /// The drug, on a path that offers a choice (breast-hormone: tamoxifen or an aromatase
    /// inhibitor): required there, since the booklet names it.
    pub drug: Option<OralDrug>,
    /// 計画策定病院.
    pub hospital: String,
    /// Its phone.
    pub hospital_phone: String,
    /// 連携医療機関.
    pub clinic: String,
    /// Its phone.
    pub clinic_phone: String,
}

impl PlanCopyForm {
    /// The drafts to append, in order: the plan, then the hospital and the clinic when the
    /// partner list does not have them yet.
    ///
    /// # Errors
    /// The message of the first problem.
    pub fn drafts(&self, view: &RecordView) -> Result<Vec<Draft>, K> {
        let path = self.path.ok_or(K::copy_err_path)?;
        let anchor = dates::parse_input(self.operation_date.trim()).ok_or(K::copy_err_date)?;
        let drug_start = match self.drug_start.trim() {
            "" => None,
            s => Some(dates::parse_input(s).filter(|d| *d >= anchor).ok_or(K::copy_err_drug)?),
        };
        let drug = match path.oral_drugs() {
            choices if choices.len() > 1 => Some(self.drug.filter(|d| choices.contains(d)).ok_or(K::copy_err_drug_choice)?),
            _ => None,
        };
        if self.hospital.trim().is_empty() {
            return Err(K::copy_err_hospital);
        }
        let phone = |s: &str| -> Result<Option<Phone>, K> {
            let p = Phone(s.trim().to_string());
            if p.0.is_empty() {
                Ok(None)
            } else if p.is_valid() {
                Ok(Some(p))
            } else {
                Err(K::copy_err_phone)
            }
        };
        let revision = karte_core::pathway::template(path).map(|t| t.revision).unwrap_or(1);
        let plan = CarePlan { path, anchor, template_revision: revision, factors: Default::default(), drug_start, drug };
        let mut drafts = vec![Draft {
            body: EntryBody::CarePlan(plan),
            supersedes: view.care_plan.as_ref().map(|c| c.id.clone()),
        }];
        let partners = [
            (PartnerRole::PlanningHospital, self.hospital.trim(), phone(&self.hospital_phone)?),
            (PartnerRole::PartnerClinic, self.clinic.trim(), phone(&self.clinic_phone)?),
        ];
        for (role, name, phone) in partners {
            if name.is_empty() || view.partners.iter().any(|p| p.value.name == name) {
                continue;
            }
            drafts.push(Draft::new(EntryBody::Partner(Partner {
                role,
                name: name.to_string(),
                contact: None,
                phone,
                fax: None,
                after_hours_phone: None,
                keys: None,
            })));
        }
        Ok(drafts)
    }
}

/// Whether the plan the record follows is one the patient copied (not a hospital's, signed).
pub fn copied(view: &RecordView) -> bool {
    view.care_plan.as_ref().is_some_and(|c| c.author == karte_core::record::Author::Patient)
}

#[cfg(test)]
mod tests {
    use super::*;
    use karte_core::record::{Author, Entry, EntryId, Record};

    #[test]
    fn a_copied_plan_is_the_patients_and_says_what_is_missing() {
        let mut r = Record::new();
        let mut f = PlanCopyForm::default();
        assert_eq!(f.drafts(&r.view()), Err(K::copy_err_path));
        f.path = Some(PathId::StomachS1);
        assert_eq!(f.drafts(&r.view()), Err(K::copy_err_date));
        f.operation_date = "2026-09-10".into();
        f.drug_start = "2026-09-01".into();
        assert_eq!(f.drafts(&r.view()), Err(K::copy_err_drug));
        f.drug_start = "2026-10-20".into();
        assert_eq!(f.drafts(&r.view()), Err(K::copy_err_hospital));
        f.hospital = "Mihon Cancer Centre".into();
        f.clinic_phone = "call me".into();
        assert_eq!(f.drafts(&r.view()), Err(K::copy_err_phone));
        f.clinic_phone = String::new();
        let d = f.drafts(&r.view()).expect("drafts");
        assert_eq!(d.len(), 2, "the plan and the hospital; no clinic named");
        let at = dates::parse_input("2026-10-21").and_then(|d| d.and_hms_opt(9, 0, 0)).expect("time");
        for (i, x) in d.into_iter().enumerate() {
            r.append(x.into_entry(EntryId(format!("p-{i}")), at)).expect("append");
        }
        let view = r.view();
        assert!(copied(&view));
        assert!(view.plan.as_ref().is_some_and(|p| p.drug.is_some()), "the drug path's calendar from the copied start");
        // Copied again: the new plan supersedes the old; the hospital is not listed twice.
        f.operation_date = "2026-09-11".into();
        let d = f.drafts(&view).expect("drafts");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].supersedes, Some(EntryId("p-0".into())));
        // A hospital's plan is not copied.
        let mut h = r.clone();
        let e = Entry::new(EntryId("h-1".into()), Author::Institution { name: "x".into(), role: PartnerRole::PlanningHospital }, at, d[0].body.clone())
            .superseding(EntryId("p-0".into()));
        h.append(e).expect("append");
        assert!(!copied(&h.view()));
    }

    /// Issue 23.3: a copied breast-hormone plan names the hormone drug the booklet names.
    #[test]
    fn a_copied_breast_plan_names_the_hormone_drug() {
        let r = Record::new();
        let mut f = PlanCopyForm {
            path: Some(PathId::BreastHormone),
            operation_date: "2026-09-10".into(),
            hospital: "Mihon Cancer Centre".into(),
            ..Default::default()
        };
        assert_eq!(f.drafts(&r.view()), Err(K::copy_err_drug_choice));
        f.drug = Some(OralDrug::S1);
        assert_eq!(f.drafts(&r.view()), Err(K::copy_err_drug_choice));
        f.drug = Some(OralDrug::AromataseInhibitor);
        let d = f.drafts(&r.view()).expect("drafts");
        assert!(matches!(&d[0].body, EntryBody::CarePlan(p) if p.drug == Some(OralDrug::AromataseInhibitor)));
    }
}
