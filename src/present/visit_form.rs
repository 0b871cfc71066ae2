//! The doctor's visit form (様式2 and the checklist, results, a message): a routine visit is
//! prefilled from the plan so it takes a few taps; the form becomes the entries the provider
//! signs. Plain Rust, tested natively.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use karte_core::i18n::{Locale, K};
use karte_core::pathway::Place;
use karte_core::record::{
    Analyte, ChangedItem, CheckMark, EntryBody, FollowUp, Memo, PartnerRole, PlanChange, ResultValue, StatusChange, TestResult,
    Unit, Variance, VarianceOutcome, VarianceReason, VisitRecord,
};
use karte_core::schedule::{Adjustment, CheckItem, VisitId};
use karte_core::share::exchange::{Draft, OpenedShare};
use karte_core::share::ProviderIdentity;

use super::dates;
use super::doctor::DoctorView;

/// One result row of the form.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultRow {
    /// What.
    pub analyte: Analyte,
    /// The value typed (empty: not measured).
    pub value: String,
    /// Its unit.
    pub unit: Option<Unit>,
}

/// The form's state.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitForm {
    /// 計画に基づく受診日 (as typed, `YYYY-MM-DD`).
    pub visit_date: String,
    /// 次回予定日.
    pub next_date: String,
    /// Where the next visit is.
    pub next_place: Place,
    /// Keep the shared record on this device (the doctor's explicit choice; the patient is told).
    pub keep_record: bool,
    /// 計画変更.
    pub plan_changed: bool,
    /// 変更項目.
    pub changed: BTreeSet<ChangedItem>,
    /// 詳細.
    pub details: String,
    /// その他特記事項.
    pub remarks: String,
    /// 画像・検査データ添付.
    pub attachments: bool,
    /// The checklist, ticked or not.
    pub checks: Vec<(CheckItem, bool)>,
    /// Results.
    pub results: Vec<ResultRow>,
    /// A message to the patient (連絡用メモ).
    pub message: String,
    /// 様式3: a variance (reason, outcome, details), when there is one.
    pub variance: Option<(VarianceReason, VarianceOutcome, String)>,
    /// The plan's next visit as planned: a planning hospital that changes the plan and gives
    /// another next date moves it and every later visit (a plan change the phone applies).
    pub planned_next: Option<(VisitId, NaiveDate)>,
    /// 計画満了, with the follow-up chosen (ア-エ): the hospital decides (prostate: the clinic).
    pub completion: Option<FollowUp>,
}

/// Why the form cannot be signed yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormProblem {
    /// The visit date is missing or not a date.
    VisitDate,
    /// The next date is not a date.
    NextDate,
    /// The plan changed, but no item is chosen.
    NoChangedItem,
    /// A result is not a number.
    Value(usize),
    /// The plan moves, and the details (its reason) are empty.
    NoReason,
}

impl FormProblem {
    /// The message.
    pub fn key(&self) -> K {
        match self {
            FormProblem::VisitDate => K::visitform_err_visit_date,
            FormProblem::NextDate => K::visitform_err_next_date,
            FormProblem::NoChangedItem => K::visitform_err_changed_items,
            FormProblem::Value(_) => K::visitform_err_value,
            FormProblem::NoReason => K::plan_err_adjust_reason,
        }
    }
}

impl VisitForm {
    /// A routine visit on `today`: as planned, nothing abnormal. The checklist ticked, the next
    /// date the plan's next visit, the details a routine line, a row for each marker the
    /// patient has results of.
    pub fn routine(view: &DoctorView, plan_next: Option<(VisitId, NaiveDate, Place)>, today: NaiveDate, locale: Locale) -> VisitForm {
        VisitForm {
            visit_date: dates::input_value(today),
            next_date: plan_next.as_ref().map(|n| dates::input_value(n.1)).unwrap_or_default(),
            next_place: plan_next.as_ref().map_or(Place::Clinic, |n| n.2),
            keep_record: false,
            plan_changed: false,
            changed: BTreeSet::new(),
            details: karte_core::i18n::text(locale, K::visitform_routine_details).to_string(),
            remarks: String::new(),
            attachments: false,
            checks: view.due.as_ref().map(|d| d.checklist.iter().map(|c| (c.clone(), true)).collect()).unwrap_or_default(),
            results: view
                .trends
                .iter()
                .map(|t| ResultRow { analyte: t.analyte.clone(), value: String::new(), unit: t.analyte.reference_on(view.path).map(|u| u.0) })
                .collect(),
            message: String::new(),
            variance: None,
            planned_next: plan_next.map(|n| (n.0, n.1)),
            completion: None,
        }
    }

    /// The plan change a planning hospital's form makes: the plan changed, and the next date
    /// is not the planned one. The visit moved and the days (the later visits move as much).
    pub fn shift(&self, identity: &ProviderIdentity) -> Option<(VisitId, NaiveDate, i64)> {
        if identity.role != PartnerRole::PlanningHospital || !self.plan_changed {
            return None;
        }
        let next = dates::parse_input(self.next_date.trim())?;
        let (id, planned) = self.planned_next.clone()?;
        let days = (next - planned).num_days();
        (days != 0).then_some((id, planned, days))
    }

    /// The entries to sign: the visit (様式2), a result per value typed, the message.
    ///
    /// # Errors
    /// The first [`FormProblem`].
    pub fn drafts(&self, view: &DoctorView, identity: &ProviderIdentity) -> Result<Vec<Draft>, FormProblem> {
        let visit_date = dates::parse_input(&self.visit_date).ok_or(FormProblem::VisitDate)?;
        let next = match self.next_date.trim() {
            "" => None,
            s => Some(dates::parse_input(s).ok_or(FormProblem::NextDate)?),
        };
        if self.plan_changed && self.changed.is_empty() {
            return Err(FormProblem::NoChangedItem);
        }
        let place = if identity.role == PartnerRole::PlanningHospital { Place::Hospital } else { Place::Clinic };
        let mut values = Vec::new();
        for (i, r) in self.results.iter().enumerate() {
            let v = r.value.trim().replace('\u{FF0C}', ".").replace(',', ".");
            if v.is_empty() {
                continue;
            }
            let x: f64 = v.parse().map_err(|_| FormProblem::Value(i))?;
            if !x.is_finite() {
                return Err(FormProblem::Value(i));
            }
            values.push((r, x));
        }
        let mut drafts = vec![Draft {
            body: EntryBody::Visit(VisitRecord {
                planned_visit: view.due.as_ref().map(|d| d.id.clone()),
                visit_date,
                report_date: Some(visit_date),
                place,
                institution: identity.institution.clone(),
                doctor: Some(identity.name.clone()),
                next_planned_date: next,
                next_place: next.map(|_| self.next_place),
                plan_changed: self.plan_changed,
                changed_items: if self.plan_changed { self.changed.clone() } else { BTreeSet::new() },
                details: self.details.trim().to_string(),
                remarks: self.remarks.trim().to_string(),
                attachments: self.attachments,
                checklist: self.checks.iter().map(|(item, done)| CheckMark { item: item.clone(), done: *done, note: None }).collect(),
            }),
            supersedes: None,
        }];
        for (r, x) in values {
            drafts.push(Draft {
                body: EntryBody::TestResult(TestResult {
                    analyte: r.analyte.clone(),
                    value: ResultValue::Number(x),
                    unit: r.unit.clone(),
                    reference: r.analyte.reference_on(view.path).map(|u| u.1),
                    date: visit_date,
                    place: identity.institution.clone(),
                }),
                supersedes: None,
            });
        }
        if let Some((from, _, days)) = self.shift(identity) {
            if self.details.trim().is_empty() {
                return Err(FormProblem::NoReason);
            }
            drafts.push(Draft {
                body: EntryBody::PlanChange(PlanChange { changes: vec![Adjustment::Shift { from, days }], reason: self.details.trim().to_string() }),
                supersedes: None,
            });
        }
        if let Some(follow_up) = self.completion {
            drafts.push(Draft { body: EntryBody::Status(StatusChange::Completed { date: visit_date, follow_up }), supersedes: None });
        }
        if let Some((reason, outcome, details)) = &self.variance {
            drafts.push(Draft {
                body: EntryBody::Variance(Variance { date: visit_date, reason: *reason, outcome: *outcome, details: details.trim().to_string() }),
                supersedes: None,
            });
        }
        if !self.message.trim().is_empty() {
            drafts.push(Draft { body: EntryBody::Memo(Memo { text: self.message.trim().to_string() }), supersedes: None });
        }
        Ok(drafts)
    }
}

/// The plan's next visit after the one at hand (the default next date and place).
pub fn plan_next(share: &OpenedShare) -> Option<(VisitId, NaiveDate, Place)> {
    let view = share.bundle.view();
    let plan = view.plan.as_ref()?;
    let due = share.bundle.due.as_ref().and_then(|d| plan.visit(d)).map(|v| v.date).unwrap_or(share.bundle.today);
    plan.visits
        .iter()
        .filter(|v| v.date > due && v.date > share.bundle.today)
        .min_by_key(|v| v.date)
        .map(|v| (v.id.clone(), v.date, v.place))
}

/// Whether this provider decides completion for this patient: the planning hospital, or for
/// prostate cancer the partner clinic (DOMAIN.md §5 step 9).
pub fn decides_completion(view: &DoctorView, identity: &ProviderIdentity) -> bool {
    identity.role == PartnerRole::PlanningHospital
        || view.path.is_some_and(|p| p.cancer() == karte_core::vocab::CancerType::Prostate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::doctor::doctor_view;
    use karte_core::demo;
    use karte_core::share::exchange::{self, ShareOptions};
    use karte_core::share::{ProviderCard, ProviderKeys};
    use karte_core::vocab::CancerType;

    fn identity() -> ProviderIdentity {
        ProviderIdentity {
            name: "Mihon Jiro".into(),
            institution: "Mihon Clinic".into(),
            role: PartnerRole::PartnerClinic,
            department: "Internal medicine".into(),
            phone: None,
            fax: None,
            institution_code: None,
        }
    }

    fn opened() -> OpenedShare {
        opened_for(CancerType::Stomach)
    }

    fn opened_for(cancer: CancerType) -> OpenedShare {
        let keys = ProviderKeys::from_entropy(&[5; 64]);
        let card = ProviderCard::new(identity(), &keys);
        let mut r = demo::record_fixed(cancer);
        let mut n = 0u8;
        let mut rng = |b: &mut [u8]| {
            b.iter_mut().for_each(|x| {
                n = n.wrapping_add(7);
                *x = n;
            });
            Ok(())
        };
        r.sharing.ensure_key(&mut rng).expect("key");
        let today = demo::fixed_today();
        let at = today.and_hms_opt(9, 0, 0).expect("time");
        let out = exchange::share(&mut r, &card, today, at, &ShareOptions::default(), &mut rng).expect("share");
        exchange::open_share(&out.message, None, &keys).expect("open")
    }

    #[test]
    fn a_routine_visit_is_prefilled_and_signs_as_planned() {
        let share = opened();
        let view = doctor_view(&share);
        let due = view.due.clone().expect("a visit is due");
        let form = VisitForm::routine(&view, plan_next(&share), share.bundle.today, Locale::Ja);
        assert!(form.checks.iter().all(|(_, done)| *done) && !form.checks.is_empty());
        assert!(!form.next_date.is_empty(), "the next planned date is prefilled");
        let drafts = form.drafts(&view, &identity()).expect("drafts");
        assert_eq!(drafts.len(), 1, "no values typed: the visit alone");
        let EntryBody::Visit(v) = &drafts[0].body else { panic!("a visit") };
        assert_eq!(v.planned_visit.as_ref(), Some(&due.id));
        assert!(!v.plan_changed && v.changed_items.is_empty());
    }

    /// Issue 23.4: a PSA typed for a patient after radical prostatectomy is stored with the
    /// range it is judged by (0.2 ng/mL, after prostatectomy), and the doctor's trend flags 0.5.
    #[test]
    fn a_psa_after_prostatectomy_is_judged_at_0_2() {
        use crate::present::doctor::Trend;
        use karte_core::record::{Analyte, RangeBasis};
        let share = opened_for(CancerType::Prostate);
        let view = doctor_view(&share);
        assert_eq!(view.path, Some(karte_core::vocab::PathId::ProstateProstatectomy));
        let mut form = VisitForm::routine(&view, plan_next(&share), share.bundle.today, Locale::Ja);
        let i = form.results.iter().position(|r| r.analyte == Analyte::Psa).expect("a PSA row");
        form.results[i].value = "0.5".into();
        let d = form.drafts(&view, &identity()).expect("drafts");
        let EntryBody::TestResult(r) = &d[1].body else { panic!("a result") };
        let range = r.reference.expect("a range");
        assert_eq!((range.high, range.basis), (Some(0.2), Some(RangeBasis::AfterProstatectomy)));
        assert_eq!(r.out_of_range(), Some(true));
        let trend = Trend { analyte: Analyte::Psa, points: vec![(r.date, 0.5)], reference: r.reference };
        assert!(trend.latest_out_of_range());
        let low = Trend { points: vec![(r.date, 0.05)], ..trend.clone() };
        assert!(!low.latest_out_of_range());
        // Before issue 23 the same value was stored with the screening range 4.0 and not flagged.
        let (_, usual) = Analyte::Psa.usual().expect("usual");
        assert!(usual.contains(0.5));
    }

    #[test]
    fn values_and_problems() {
        let share = opened();
        let view = doctor_view(&share);
        let mut form = VisitForm::routine(&view, plan_next(&share), share.bundle.today, Locale::Ja);
        assert!(!form.results.is_empty(), "the stomach demo has markers");
        form.results[0].value = "\u{FF13}.1x".into();
        assert_eq!(form.drafts(&view, &identity()), Err(FormProblem::Value(0)));
        form.results[0].value = "3,1".into();
        form.message = "Blood test next time".into();
        let d = form.drafts(&view, &identity()).expect("drafts");
        assert_eq!(d.len(), 3);
        assert!(matches!(&d[1].body, EntryBody::TestResult(r) if r.value == ResultValue::Number(3.1)));
        form.variance = Some((VarianceReason::Recurrence, VarianceOutcome::HospitalOnly, "CT".into()));
        let d = form.drafts(&view, &identity()).expect("drafts");
        assert!(d.iter().any(|x| matches!(&x.body, EntryBody::Variance(v) if v.reason.code() == 1 && v.outcome.code() == 5)));
        form.plan_changed = true;
        assert_eq!(form.drafts(&view, &identity()), Err(FormProblem::NoChangedItem));
        form.visit_date = "2025-13-01".into();
        assert_eq!(form.drafts(&view, &identity()), Err(FormProblem::VisitDate));
    }

    #[test]
    fn a_hospital_moves_the_plan_and_completes_the_path() {
        let share = opened();
        let view = doctor_view(&share);
        let hospital = ProviderIdentity { role: PartnerRole::PlanningHospital, institution: "Mihon Hospital".into(), ..identity() };
        let mut form = VisitForm::routine(&view, plan_next(&share), share.bundle.today, Locale::Ja);
        let (next_id, planned) = form.planned_next.clone().expect("a next visit");
        form.next_date = dates::input_value(planned + chrono::Days::new(28));
        // Another next date without "plan changed" is the next date only; a clinic never moves the plan.
        assert_eq!(form.shift(&hospital), None);
        form.plan_changed = true;
        form.changed.insert(ChangedItem::Tests);
        assert_eq!(form.shift(&identity()), None);
        assert_eq!(form.shift(&hospital), Some((next_id.clone(), planned, 28)));
        form.details.clear();
        assert_eq!(form.drafts(&view, &hospital), Err(FormProblem::NoReason));
        form.details = "Awaiting CT".into();
        form.completion = Some(FollowUp::Clinic);
        let d = form.drafts(&view, &hospital).expect("drafts");
        assert!(d.iter().any(|x| matches!(&x.body, EntryBody::PlanChange(c) if c.changes == vec![Adjustment::Shift { from: next_id.clone(), days: 28 }])));
        assert!(d.iter().any(|x| matches!(&x.body, EntryBody::Status(StatusChange::Completed { follow_up: FollowUp::Clinic, .. }))));
        assert!(decides_completion(&view, &hospital));
        assert!(!decides_completion(&view, &identity()), "stomach: the clinic does not decide");
    }
}
