//! The planning hospital's screen (DOMAIN.md §5 steps 1-3): the patient, the treatment, the
//! path offered by cancer and stage, the generated schedule and the hospital's adjustments,
//! the partner clinic and the consent, then 様式1 printed and the booklet issued. The form is
//! plain strings as typed; it becomes a [`Booklet`] (signed drafts) or says what is missing.
//! Plain Rust, tested natively.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use karte_core::i18n::K;
use karte_core::pathway::{self, Depth, Factors, Place, Site, Test};
use karte_core::record::{
    CarePlan, Consent, ConsentEvent, Consenter, Partner, PartnerRole, Period, Profile, Sex, Stage, TreatmentInfo,
};
use karte_core::schedule::{self, Adjustment, Plan, VisitId};
use karte_core::share::booklet::{offered_paths, stage_group};
use karte_core::share::exchange::{self, Draft, OpenedShare};
use karte_core::share::{Booklet, ProviderCard, ProviderIdentity};
use karte_core::vocab::{CancerType, OralDrug, PathId};

use super::dates;
use super::forms::lines;

/// The planning form, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanningForm {
    /// 氏名.
    pub name: String,
    /// ふりがな.
    pub kana: String,
    /// 生年月日 (`YYYY-MM-DD`).
    pub date_of_birth: String,
    /// 性別.
    pub sex: Sex,
    /// Allergies, one a line.
    pub allergies: String,
    /// Adverse drug reactions, one a line.
    pub reactions: String,
    /// The hospital's patient number (様式1 only; not in the booklet).
    pub patient_number: String,
    /// The cancer.
    pub cancer: CancerType,
    /// 診断名.
    pub diagnosis: String,
    /// Stage.
    pub stage: Stage,
    /// 術式.
    pub operation: String,
    /// 術日.
    pub operation_date: String,
    /// 入院期間, first day.
    pub admission_from: String,
    /// 入院期間, last day.
    pub admission_to: String,
    /// The path chosen.
    pub path: Option<PathId>,
    /// Colon or rectum (colorectal).
    pub site: Option<Site>,
    /// pT1 or pT2 (colorectal Stage I).
    pub depth: Option<Depth>,
    /// The oral drug's first day (drug paths).
    pub drug_start: String,
    /// The oral drug, on a path that offers a choice (breast-hormone: tamoxifen or an
    /// aromatase inhibitor); asked, never assumed.
    pub drug: Option<OralDrug>,
    /// Visits moved: the visit and its new date as typed.
    pub moves: BTreeMap<VisitId, String>,
    /// Visits cancelled.
    pub cancels: BTreeSet<VisitId>,
    /// Tests added to visits.
    pub added: Vec<(VisitId, Test)>,
    /// Why the schedule was adjusted.
    pub adjust_reason: String,
    /// The partner clinic (an institution of the registered partners).
    pub clinic: String,
    /// The consent's date.
    pub consent_date: String,
    /// Who signed the consent.
    pub consent_by: Consenter,
    /// 算定 (がん治療連携計画策定料) applies (様式1).
    pub billing: bool,
    /// The first clinic visit (様式1).
    pub first_clinic_visit: String,
    /// 備考 (様式1).
    pub remarks: String,
}

/// What keeps the booklet from being issued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanProblem {
    /// The name is missing.
    Name,
    /// The date of birth is missing or not a date.
    DateOfBirth,
    /// The operation is missing.
    Operation,
    /// The operation date is missing or not a date.
    OperationDate,
    /// The admission period is not two dates in order.
    Admission,
    /// No path chosen, or a path of another cancer.
    Path,
    /// A drug path without a valid drug start (or one before the operation).
    DrugStart,
    /// A path that offers a choice of drug (tamoxifen or an aromatase inhibitor) without one
    /// chosen.
    Drug,
    /// A visit's new date is not a date, or outside the plan.
    Move(VisitId),
    /// The schedule was adjusted without a reason.
    AdjustReason,
    /// No partner clinic chosen from the registered partners.
    Clinic,
    /// The consent date is missing or not a date.
    ConsentDate,
}

impl PlanProblem {
    /// The message.
    pub fn key(&self) -> K {
        match self {
            PlanProblem::Name => K::plan_err_name,
            PlanProblem::DateOfBirth => K::plan_err_dob,
            PlanProblem::Operation => K::plan_err_operation,
            PlanProblem::OperationDate => K::plan_err_operation_date,
            PlanProblem::Admission => K::plan_err_admission,
            PlanProblem::Path => K::plan_err_path,
            PlanProblem::DrugStart => K::plan_err_drug_start,
            PlanProblem::Drug => K::plan_err_drug,
            PlanProblem::Move(_) => K::plan_err_move,
            PlanProblem::AdjustReason => K::plan_err_adjust_reason,
            PlanProblem::Clinic => K::plan_err_clinic,
            PlanProblem::ConsentDate => K::plan_err_consent_date,
        }
    }
}

fn date(s: &str, p: PlanProblem) -> Result<NaiveDate, PlanProblem> {
    dates::parse_input(s.trim()).ok_or(p)
}

fn optional_date(s: &str, p: PlanProblem) -> Result<Option<NaiveDate>, PlanProblem> {
    match s.trim() {
        "" => Ok(None),
        t => dates::parse_input(t).map(Some).ok_or(p),
    }
}

impl PlanningForm {
    /// A new form for the patient of `share` (what the phone holds is prefilled), on `today`.
    pub fn for_share(share: &OpenedShare, today: NaiveDate) -> PlanningForm {
        let view = share.bundle.view();
        let p = view.profile.as_ref().map(|c| &c.value);
        let copied = view.care_plan.as_ref().map(|c| &c.value);
        let cancer = copied.map_or(CancerType::Colorectal, |c| c.path.cancer());
        PlanningForm {
            name: p.map(|p| p.name.clone()).unwrap_or_default(),
            kana: p.map(|p| p.kana.clone()).unwrap_or_default(),
            date_of_birth: p.map(|p| dates::input_value(p.date_of_birth)).unwrap_or_default(),
            sex: p.map_or(Sex::Unspecified, |p| p.sex),
            allergies: p.map(|p| p.allergies.join("\n")).unwrap_or_default(),
            reactions: p.map(|p| p.adverse_drug_reactions.join("\n")).unwrap_or_default(),
            patient_number: String::new(),
            cancer,
            diagnosis: String::new(),
            stage: Stage::StageII,
            operation: String::new(),
            operation_date: copied.map(|c| dates::input_value(c.anchor)).unwrap_or_default(),
            admission_from: String::new(),
            admission_to: String::new(),
            path: copied.map(|c| c.path),
            site: None,
            depth: None,
            drug_start: String::new(),
            drug: copied.and_then(|c| c.drug),
            moves: BTreeMap::new(),
            cancels: BTreeSet::new(),
            added: Vec::new(),
            adjust_reason: String::new(),
            clinic: String::new(),
            consent_date: dates::input_value(today),
            consent_by: Consenter::Patient,
            billing: true,
            first_clinic_visit: String::new(),
            remarks: String::new(),
        }
    }

    /// The paths offered for the cancer and stage; when the catalogue offers none, every path
    /// of the cancer, and `false` (the screen says the stage is outside the catalogue).
    pub fn paths(&self) -> (Vec<PathId>, bool) {
        let offered = offered_paths(self.cancer, &self.stage);
        if offered.is_empty() { (self.cancer.paths().collect(), false) } else { (offered, true) }
    }

    /// Whether the chosen path carries an oral drug (then its first day is asked).
    pub fn drug_path(&self) -> bool {
        self.path.is_some_and(|p| !p.oral_drugs().is_empty())
    }

    /// The drugs to choose from: those of the chosen path when it offers more than one.
    pub fn drug_choices(&self) -> &'static [OralDrug] {
        match self.path.map(PathId::oral_drugs) {
            Some(d) if d.len() > 1 => d,
            _ => &[],
        }
    }

    /// Chooses the cancer: a path of another cancer is unchosen.
    pub fn set_cancer(&mut self, cancer: CancerType) {
        self.cancer = cancer;
        if self.path.is_some_and(|p| p.cancer() != cancer) {
            self.path = None;
        }
        if cancer != CancerType::Colorectal {
            self.site = None;
            self.depth = None;
        }
        self.clear_adjustments();
    }

    /// Chooses the path: the adjustments of another schedule no longer apply.
    pub fn set_path(&mut self, path: Option<PathId>) {
        if self.path != path {
            self.path = path;
            self.clear_adjustments();
            if !self.drug.is_some_and(|d| self.drug_choices().contains(&d)) {
                self.drug = None;
            }
        }
    }

    fn clear_adjustments(&mut self) {
        self.moves.clear();
        self.cancels.clear();
        self.added.clear();
    }

    /// The care plan as typed.
    ///
    /// # Errors
    /// The first [`PlanProblem`] of the plan's fields.
    pub fn care_plan(&self) -> Result<CarePlan, PlanProblem> {
        let path = self.path.filter(|p| p.cancer() == self.cancer).ok_or(PlanProblem::Path)?;
        let anchor = date(&self.operation_date, PlanProblem::OperationDate)?;
        let drug_start = if self.drug_path() {
            let d = optional_date(&self.drug_start, PlanProblem::DrugStart)?;
            if d.is_some_and(|d| d < anchor) {
                return Err(PlanProblem::DrugStart);
            }
            d
        } else {
            None
        };
        let drug = match self.drug_choices() {
            [] => None,
            choices => Some(self.drug.filter(|d| choices.contains(d)).ok_or(PlanProblem::Drug)?),
        };
        let colorectal = self.cancer == CancerType::Colorectal;
        let factors = Factors {
            stage: stage_group(&self.stage),
            site: self.site.filter(|_| colorectal),
            depth: self.depth.filter(|_| colorectal && stage_group(&self.stage) == Some(pathway::StageGroup::I)),
        };
        let revision = pathway::template(path).map(|t| t.revision).unwrap_or(1);
        Ok(CarePlan { path, anchor, template_revision: revision, factors, drug_start, drug })
    }

    /// The hospital's adjustments, in a fixed order: moves, added tests, cancellations.
    ///
    /// # Errors
    /// [`PlanProblem::Move`] for a new date that is not a date.
    pub fn adjustments(&self) -> Result<Vec<Adjustment>, PlanProblem> {
        let mut out = Vec::new();
        for (visit, to) in &self.moves {
            if to.trim().is_empty() {
                continue;
            }
            let to = dates::parse_input(to.trim()).ok_or_else(|| PlanProblem::Move(visit.clone()))?;
            out.push(Adjustment::Move { visit: visit.clone(), to });
        }
        for (visit, test) in &self.added {
            out.push(Adjustment::AddTest { visit: visit.clone(), test: test.clone() });
        }
        for visit in &self.cancels {
            out.push(Adjustment::Cancel { visit: visit.clone() });
        }
        Ok(out)
    }

    /// The generated schedule before the hospital's adjustments (the rows to adjust).
    pub fn generated(&self) -> Option<Plan> {
        let cp = self.care_plan().ok()?;
        let t = pathway::template(cp.path).ok()?;
        schedule::plan_with(t, cp.anchor, &cp.inputs(), &[]).ok()
    }

    /// The schedule with the adjustments applied.
    ///
    /// # Errors
    /// The first problem of the plan's fields, or [`PlanProblem::Move`] for an adjustment that
    /// does not apply (a date outside the plan).
    pub fn schedule(&self) -> Result<Plan, PlanProblem> {
        let mut plan = self.generated().ok_or(self.care_plan().err().unwrap_or(PlanProblem::Path))?;
        for a in self.adjustments()? {
            let visit = match &a {
                Adjustment::Move { visit, .. } | Adjustment::AddTest { visit, .. } | Adjustment::Cancel { visit } => visit.clone(),
                _ => VisitId(String::new()),
            };
            plan.apply(&a).map_err(|_| PlanProblem::Move(visit))?;
        }
        Ok(plan)
    }

    /// The booklet to sign: `identity` is the hospital's, `registered` its registered partners
    /// (the clinic is chosen among them; all of them make the signed list).
    ///
    /// # Errors
    /// The first [`PlanProblem`].
    pub fn booklet(&self, identity: &ProviderIdentity, registered: &[ProviderCard]) -> Result<Booklet, PlanProblem> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(PlanProblem::Name);
        }
        let dob = date(&self.date_of_birth, PlanProblem::DateOfBirth)?;
        if self.operation.trim().is_empty() {
            return Err(PlanProblem::Operation);
        }
        let plan = self.care_plan()?;
        let admission = match (optional_date(&self.admission_from, PlanProblem::Admission)?, optional_date(&self.admission_to, PlanProblem::Admission)?) {
            (None, None) => None,
            (Some(from), Some(to)) if to >= from => Some(Period { from, to }),
            _ => return Err(PlanProblem::Admission),
        };
        let adjustments = self.adjustments()?;
        self.schedule()?;
        if !adjustments.is_empty() && self.adjust_reason.trim().is_empty() {
            return Err(PlanProblem::AdjustReason);
        }
        let clinic = registered.iter().find(|c| c.identity.institution == self.clinic && !self.clinic.is_empty()).ok_or(PlanProblem::Clinic)?;
        let consent_date = date(&self.consent_date, PlanProblem::ConsentDate)?;
        let partner = |c: &ProviderIdentity| Partner {
            role: c.role,
            name: c.institution.clone(),
            contact: Some(c.name.clone()).filter(|n| !n.trim().is_empty()),
            phone: c.phone.clone(),
            fax: c.fax.clone(),
            after_hours_phone: None,
            keys: None,
        };
        Ok(Booklet {
            profile: Profile {
                name: name.to_string(),
                kana: self.kana.trim().to_string(),
                date_of_birth: dob,
                sex: self.sex,
                allergies: lines(&self.allergies),
                adverse_drug_reactions: lines(&self.reactions),
                past_history: Vec::new(),
            },
            treatment: TreatmentInfo {
                cancer: self.cancer,
                diagnosis: Some(self.diagnosis.trim().to_string()).filter(|d| !d.is_empty()),
                stage: self.stage.clone(),
                operation: self.operation.trim().to_string(),
                operation_date: plan.anchor,
                admission,
                planning_hospital: identity.institution.clone(),
                partner_clinic: clinic.identity.institution.clone(),
            },
            plan,
            adjustments,
            adjust_reason: self.adjust_reason.trim().to_string(),
            consent: Consent {
                event: ConsentEvent::Given,
                date: consent_date,
                to_whom: format!("{} {}", identity.institution, identity.name),
                by: self.consent_by,
            },
            partners: vec![partner(identity), partner(&clinic.identity)],
            list: exchange::partner_list(registered),
        })
    }

    /// The first clinic visit for 様式1: as typed, else the plan's first clinic visit.
    pub fn first_clinic_date(&self) -> Option<NaiveDate> {
        dates::parse_input(self.first_clinic_visit.trim())
            .or_else(|| self.schedule().ok()?.visits.iter().filter(|v| v.place == Place::Clinic).map(|v| v.date).min())
    }
}

/// The partner clinics among the registered partners (the choices for the booklet).
pub fn clinics(registered: &[ProviderCard]) -> Vec<&ProviderCard> {
    registered.iter().filter(|c| c.identity.role != PartnerRole::PlanningHospital).collect()
}

/// The hospital's registered partners as a draft to sign, when they differ from the list the
/// patient holds: the list travels with every hospital visit that changes it (a partner
/// dropped from it stops being verified on the phone).
pub fn list_draft(share: &OpenedShare, identity: &ProviderIdentity, registered: &[ProviderCard]) -> Option<Draft> {
    if identity.role != PartnerRole::PlanningHospital {
        return None;
    }
    let list = exchange::partner_list(registered);
    let held = share.bundle.view().partner_list.map(|c| c.value);
    let same = held.as_ref() == Some(&list) || (held.is_none() && list.partners.is_empty());
    (!same).then(|| Draft { body: karte_core::record::EntryBody::PartnerList(list), supersedes: None })
}

/// Whether a share needs the booklet from this hospital: no plan yet, or only one the patient
/// transcribed.
pub fn needs_booklet(share: &OpenedShare) -> bool {
    share.bundle.view().care_plan.is_none_or(|c| c.author == karte_core::record::Author::Patient)
}

#[cfg(test)]
mod tests {
    use super::*;
    use karte_core::record::{Phone, Record};
    use karte_core::share::exchange::ShareOptions;
    use karte_core::share::{MessageKind, ProviderKeys};
    use karte_core::vault::EntropyError;

    fn rng() -> impl FnMut(&mut [u8]) -> Result<(), EntropyError> {
        let mut n = 7u8;
        move |b: &mut [u8]| {
            for x in b.iter_mut() {
                n = n.wrapping_mul(31).wrapping_add(17);
                *x = n;
            }
            Ok(())
        }
    }

    fn card(institution: &str, role: PartnerRole, seed: u8) -> (ProviderCard, ProviderKeys) {
        let keys = ProviderKeys::from_entropy(&[seed; 64]);
        let identity = ProviderIdentity {
            name: "Mihon Jiro".into(),
            institution: institution.into(),
            role,
            department: String::new(),
            phone: Some(Phone("03-0000-2001".into())),
            fax: Some(Phone("03-0000-2002".into())),
            institution_code: None,
        };
        (ProviderCard::new(identity, &keys), keys)
    }

    fn empty_share(hospital: &ProviderCard, hkeys: &ProviderKeys) -> OpenedShare {
        let mut r = Record::new();
        r.sharing.ensure_key(&mut rng()).unwrap();
        let d = dates::parse_input("2026-10-12").unwrap();
        let out = exchange::share(&mut r, hospital, d, d.and_hms_opt(9, 0, 0).unwrap(), &ShareOptions::default(), &mut rng()).unwrap();
        exchange::open_share(&out.message, Some(out.transfer), hkeys).unwrap()
    }

    fn filled(share: &OpenedShare) -> PlanningForm {
        let mut f = PlanningForm::for_share(share, dates::parse_input("2026-10-12").unwrap());
        f.name = "Mihon Hanako".into();
        f.date_of_birth = "1955-04-02".into();
        f.operation = "Laparoscopic sigmoidectomy".into();
        f.operation_date = "2026-10-01".into();
        f.stage = Stage::StageIIIA;
        f.set_cancer(CancerType::Colorectal);
        f.set_path(Some(PathId::ColorectalCapecitabine));
        f.site = Some(Site::Colon);
        f.drug_start = "2026-11-02".into();
        f.clinic = "Mihon Clinic".into();
        f
    }

    #[test]
    fn the_form_becomes_a_booklet_and_says_what_is_missing() {
        let (h, hk) = card("Mihon Cancer Centre", PartnerRole::PlanningHospital, 1);
        let (c, _) = card("Mihon Clinic", PartnerRole::PartnerClinic, 2);
        let share = empty_share(&h, &hk);
        assert!(needs_booklet(&share));
        let f = filled(&share);
        assert_eq!(f.paths(), (vec![PathId::ColorectalStage23, PathId::ColorectalCapecitabine, PathId::ColorectalUftLv], true));
        let b = f.booklet(&h.identity, &[c.clone()]).expect("booklet");
        assert_eq!(b.plan.drug_start, dates::parse_input("2026-11-02"));
        assert_eq!(b.plan.factors.stage, Some(pathway::StageGroup::Iii));
        assert_eq!(b.treatment.partner_clinic, "Mihon Clinic");
        assert_eq!(b.list.partners.len(), 1);
        assert!(b.adjustments.is_empty());

        let problem = |g: fn(&mut PlanningForm)| {
            let mut x = f.clone();
            g(&mut x);
            x.booklet(&h.identity, &[c.clone()]).err()
        };
        assert_eq!(problem(|x| x.name = " ".into()), Some(PlanProblem::Name));
        assert_eq!(problem(|x| x.date_of_birth = "1955-13-02".into()), Some(PlanProblem::DateOfBirth));
        assert_eq!(problem(|x| x.operation.clear()), Some(PlanProblem::Operation));
        assert_eq!(problem(|x| x.operation_date = "x".into()), Some(PlanProblem::OperationDate));
        assert_eq!(problem(|x| x.set_cancer(CancerType::Stomach)), Some(PlanProblem::Path));
        assert_eq!(problem(|x| x.drug_start = "2026-09-01".into()), Some(PlanProblem::DrugStart));
        assert_eq!(problem(|x| x.admission_from = "2026-09-28".into()), Some(PlanProblem::Admission));
        assert_eq!(problem(|x| x.clinic = "Elsewhere".into()), Some(PlanProblem::Clinic));
        assert_eq!(problem(|x| x.consent_date.clear()), Some(PlanProblem::ConsentDate));
        assert_eq!(problem(|x| { x.cancels.insert(VisitId::month(6)); }), Some(PlanProblem::AdjustReason));
        assert_eq!(problem(|x| { x.moves.insert(VisitId::month(6), "2026-13-01".into()); }), Some(PlanProblem::Move(VisitId::month(6))));
    }

    /// Issue 23.3: the breast-hormone plan asks which hormone drug and issues it; the schedule
    /// shown carries it.
    #[test]
    fn the_breast_hormone_plan_asks_for_the_hormone_drug() {
        let (h, hk) = card("Mihon Cancer Centre", PartnerRole::PlanningHospital, 1);
        let (c, _) = card("Mihon Clinic", PartnerRole::PartnerClinic, 2);
        let share = empty_share(&h, &hk);
        let mut f = filled(&share);
        f.set_cancer(CancerType::Breast);
        f.stage = Stage::StageI;
        f.set_path(Some(PathId::BreastHormone));
        f.drug_start = String::new();
        assert_eq!(f.drug_choices(), [OralDrug::Tamoxifen, OralDrug::AromataseInhibitor]);
        assert_eq!(f.booklet(&h.identity, &[c.clone()]).err(), Some(PlanProblem::Drug));
        assert_eq!(PlanProblem::Drug.key(), K::plan_err_drug);
        f.drug = Some(OralDrug::AromataseInhibitor);
        let b = f.booklet(&h.identity, &[c.clone()]).expect("booklet");
        assert_eq!(b.plan.drug, Some(OralDrug::AromataseInhibitor));
        assert_eq!(f.schedule().expect("plan").drug.map(|d| d.drug), Some(OralDrug::AromataseInhibitor));
        // Another path offers no choice: the drug is dropped.
        f.set_cancer(CancerType::Colorectal);
        f.set_path(Some(PathId::ColorectalCapecitabine));
        assert!(f.drug_choices().is_empty() && f.drug.is_none());
    }

    #[test]
    fn adjustments_change_the_schedule_shown_and_issued() {
        let (h, hk) = card("Mihon Cancer Centre", PartnerRole::PlanningHospital, 1);
        let (c, _) = card("Mihon Clinic", PartnerRole::PartnerClinic, 2);
        let share = empty_share(&h, &hk);
        let mut f = filled(&share);
        let generated = f.generated().expect("plan");
        let first = generated.visits[0].clone();
        let m6 = VisitId::month(6);
        assert!(generated.visits.iter().any(|v| v.id == m6));
        f.moves.insert(first.id.clone(), dates::input_value(first.date + chrono::Days::new(3)));
        f.cancels.insert(m6.clone());
        f.added.push((VisitId::month(9), Test::Ct));
        f.adjust_reason = "Discharge delayed".into();
        let plan = f.schedule().expect("schedule");
        assert_eq!(plan.visit(&first.id).map(|v| v.date), Some(first.date + chrono::Days::new(3)));
        assert!(plan.visit(&m6).is_none());
        assert!(plan.visit(&VisitId::month(9)).is_some_and(|v| v.tests.contains(&Test::Ct)));
        let b = f.booklet(&h.identity, &[c.clone()]).expect("booklet");
        assert_eq!(b.adjustments.len(), 3);

        // Issued, the phone's plan is the adjusted one.
        let drafts = b.drafts(&share.bundle);
        let a = exchange::answer(&share, &h, &hk, MessageKind::Issue, drafts, share.at, &mut rng()).expect("answer");
        assert_eq!(a.kind, MessageKind::Issue);
        // The list travels when it differs from the one the patient holds, from the hospital only.
        assert!(list_draft(&share, &h.identity, &[]).is_none(), "no list held, none registered");
        assert!(list_draft(&share, &h.identity, &[c.clone()]).is_some());
        assert!(list_draft(&share, &c.identity, &[c.clone()]).is_none(), "a clinic hands no list");
        // Another path: the adjustments of the old schedule are dropped.
        f.set_path(Some(PathId::ColorectalStage23));
        assert!(f.moves.is_empty() && f.cancels.is_empty() && f.added.is_empty());
        // A stage outside the catalogue offers every path of the cancer, and says so.
        f.set_cancer(CancerType::Liver);
        f.stage = Stage::StageIV;
        assert_eq!(f.paths(), (vec![PathId::LiverStage12], false));
    }
}
