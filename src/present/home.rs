//! The home page: the next appointment, what to bring, today's drug day, and what to do when
//! unwell (with the record's own phone numbers).

use chrono::NaiveDate;
use karte_core::guidance::{self, DoseDay, Guidance, Urgency};
use karte_core::i18n::{self, Locale, K};
use karte_core::pathway::{Place, Test};
use karte_core::record::{PartnerRole, PathStatus, Phone, RecordView};
use karte_core::schedule::VisitStatus;
use karte_core::vocab::OralDrug;

/// An institution and the number to call it on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    /// Its name.
    pub name: String,
    /// The number to call, if recorded.
    pub phone: Option<Phone>,
}

/// Something to take to a visit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bring {
    /// This phone (the record).
    ThisPhone,
    /// お薬手帳.
    MedicineHandbook,
    /// The health insurance card.
    InsuranceCard,
    /// The medicines taken now.
    Medicines,
    /// The path's oral anticancer drug, with its prescribed name when the record has it.
    Drug {
        /// The drug.
        drug: OralDrug,
        /// The name as prescribed (e.g. the product), if recorded.
        name: Option<String>,
    },
}

impl Bring {
    /// The line to show.
    pub fn text(&self, locale: Locale) -> String {
        match self {
            Bring::ThisPhone => i18n::text(locale, K::rec_home_bring_phone).to_string(),
            Bring::MedicineHandbook => i18n::text(locale, K::rec_home_bring_handbook).to_string(),
            Bring::InsuranceCard => i18n::text(locale, K::rec_home_bring_insurance).to_string(),
            Bring::Medicines => i18n::text(locale, K::rec_home_bring_medicines).to_string(),
            Bring::Drug { drug, name } => {
                let name = name.clone().unwrap_or_else(|| i18n::text(locale, crate::labels::drug(*drug)).to_string());
                i18n::format(locale, K::rec_home_bring_drug, &[("drug", &name)])
            }
        }
    }
}

/// The next appointment, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextVisit {
    /// The planned date.
    pub date: NaiveDate,
    /// Days from today (0: today).
    pub days: i64,
    /// Hospital or clinic.
    pub place: Place,
    /// The institution and its phone, from the list of partners.
    pub institution: Contact,
    /// What will be done.
    pub tests: Vec<Test>,
    /// What to bring.
    pub bring: Vec<Bring>,
    /// Whether the hospital changed this visit.
    pub changed: bool,
}

/// The institution that does visits at `place`: the partner of that role, else the name the
/// treatment information gives (without a phone).
pub fn institution(view: &RecordView, place: Place) -> Option<Contact> {
    let role = match place {
        Place::Hospital => PartnerRole::PlanningHospital,
        Place::Clinic => PartnerRole::PartnerClinic,
    };
    if let Some(p) = view.partner(role) {
        return Some(Contact { name: p.name.clone(), phone: p.phone.clone() });
    }
    let t = view.treatment.as_ref()?;
    let name = match place {
        Place::Hospital => &t.value.planning_hospital,
        Place::Clinic => &t.value.partner_clinic,
    };
    (!name.trim().is_empty()).then(|| Contact { name: name.clone(), phone: None })
}

/// The oral anticancer drug in use within a month of `date`, with its prescribed name.
pub fn drug_in_use(view: &RecordView, date: NaiveDate) -> Option<(OralDrug, Option<String>)> {
    let cal = view.drug_calendar()?;
    if !cal.in_use_around(date, 31) {
        return None;
    }
    let name = view
        .medications_on(date)
        .rev()
        .find(|m| m.value.oral_anticancer == Some(cal.drug))
        .map(|m| m.value.name.clone());
    Some((cal.drug, name))
}

/// The next appointment on `today` (see [`RecordView::next_appointment`]): the plan's next
/// visit, on the date the doctor set at the latest visit (its 次回予定日) when that is later
/// than today and differs from the plan's.
pub fn next_visit(view: &RecordView, today: NaiveDate) -> Option<NextVisit> {
    let v = view.next_appointment(today)?;
    let latest = view.visits.iter().max_by_key(|c| (c.value.visit_date, c.at));
    let booked = latest.and_then(|c| c.value.next_planned_date).filter(|d| *d >= today);
    let date = booked.unwrap_or(v.date);
    let place = booked.and(latest.and_then(|c| c.value.next_place)).unwrap_or(v.place);
    let mut bring = vec![Bring::ThisPhone, Bring::MedicineHandbook, Bring::InsuranceCard, Bring::Medicines];
    if let Some((drug, name)) = drug_in_use(view, v.date) {
        bring.push(Bring::Drug { drug, name });
    }
    Some(NextVisit {
        date,
        days: (date - today).num_days(),
        place,
        institution: institution(view, place).unwrap_or(Contact { name: String::new(), phone: None }),
        tests: v.tests.clone(),
        bring,
        changed: v.changed || booked.is_some_and(|b| b != v.date),
    })
}

/// The earliest planned visit that is overdue (still to be made up), if any.
pub fn overdue(view: &RecordView, today: NaiveDate) -> Option<NaiveDate> {
    if view.status != PathStatus::Active {
        return None;
    }
    view.progress(today)?
        .visits
        .iter()
        .find(|v| matches!(v.status, VisitStatus::Overdue { .. }))
        .map(|v| v.date)
}

/// When the path is over: the message and its date.
pub fn path_ended(view: &RecordView) -> Option<(K, NaiveDate)> {
    match &view.status {
        PathStatus::Completed { date, .. } => Some((K::rec_home_path_status_completed, *date)),
        PathStatus::LeftByVariance { date, .. } => Some((K::rec_home_path_status_left, *date)),
        PathStatus::NotStarted | PathStatus::Active => None,
    }
}

/// Who follows the patient after a completed path (ア-エ), when it is completed.
pub fn follow_up(view: &RecordView) -> Option<karte_core::record::FollowUp> {
    match &view.status {
        PathStatus::Completed { follow_up, .. } => Some(*follow_up),
        _ => None,
    }
}

/// Where today falls in the oral drug's course, if a course is running today.
pub fn dose_today(view: &RecordView, today: NaiveDate) -> Option<(OralDrug, DoseDay)> {
    let cal = view.drug_calendar()?;
    Some((cal.drug, DoseDay::from_calendar(&cal, today)?))
}

/// The guidance that applies to the record, most specific first: the drug in use (or the
/// plan's drug: the one the plan records, e.g. an aromatase inhibitor), the path's cancer,
/// then the general rules.
pub fn guidances(view: &RecordView, today: NaiveDate) -> Vec<Guidance> {
    let mut out = Vec::new();
    let path = view.plan.as_ref().map(|p| p.path).or_else(|| view.care_plan.as_ref().map(|c| c.value.path));
    let drug = drug_in_use(view, today)
        .map(|(d, _)| d)
        .or_else(|| view.plan.as_ref().and_then(|p| p.drug).map(|c| c.drug))
        .or_else(|| path.and_then(|p| p.oral_drugs().first().copied()));
    if let Some(d) = drug {
        out.push(guidance::for_drug(d));
    }
    if let Some(p) = path {
        out.push(guidance::for_path(p));
    } else if let Some(t) = &view.treatment {
        out.push(guidance::for_cancer(t.value.cancer));
    }
    out.push(guidance::general());
    out
}

/// The first `max` "call now" points of the record's guidance, without repeats (drug first).
pub fn call_now(view: &RecordView, today: NaiveDate, max: usize) -> Vec<K> {
    let mut out: Vec<K> = Vec::new();
    for g in guidances(view, today) {
        for s in g.sections.iter().filter(|s| s.urgency == Urgency::CallNow) {
            for k in s.items {
                if out.len() < max && !out.contains(k) {
                    out.push(*k);
                }
            }
        }
    }
    out
}

/// Who to call in an emergency: the partner clinic, then the hospital's after-hours number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Emergency {
    /// The partner clinic and its phone.
    pub clinic: Option<Contact>,
    /// The planning hospital and its after-hours phone (else its phone).
    pub hospital: Option<Contact>,
}

/// The emergency contacts of the record.
pub fn emergency(view: &RecordView) -> Emergency {
    let hospital = view
        .partner(PartnerRole::PlanningHospital)
        .map(|p| Contact {
            name: p.name.clone(),
            phone: p.after_hours_phone.clone().or_else(|| p.phone.clone()),
        })
        .or_else(|| institution(view, Place::Hospital));
    Emergency { clinic: institution(view, Place::Clinic), hospital }
}

/// A contact as one phrase: "name (phone)", or the name and "no number recorded".
pub fn contact_text(locale: Locale, c: Option<&Contact>) -> String {
    let unknown = i18n::text(locale, K::rec_common_unknown);
    let name = c.map_or(unknown, |c| c.name.as_str());
    let phone = match c.and_then(|c| c.phone.as_ref()) {
        Some(p) => p.to_string(),
        None => i18n::text(locale, K::rec_home_no_phone).to_string(),
    };
    i18n::format(locale, K::rec_home_contact_with_phone, &[("name", name), ("phone", &phone)])
}

/// The emergency steps, filled with the record's contacts.
pub fn emergency_steps(locale: Locale, e: &Emergency) -> Vec<String> {
    let clinic = contact_text(locale, e.clinic.as_ref());
    let hospital = contact_text(locale, e.hospital.as_ref());
    guidance::emergency_steps(locale, &clinic, &hospital)
}

#[cfg(test)]
mod tests {
    use super::*;
    use karte_core::demo;
    use karte_core::vocab::CancerType;

    #[test]
    fn the_date_the_doctor_set_is_the_next_appointment() {
        use karte_core::record::{Author, Entry, EntryBody, EntryId};
        let today = demo::fixed_today();
        let mut r = demo::record_fixed(CancerType::Colorectal);
        let planned = next_visit(&r.view(), today).expect("next").date;
        let last = r.view().visits.iter().max_by_key(|c| c.value.visit_date).map(|c| c.value.clone()).expect("a visit");
        let booked = planned + chrono::Days::new(9);
        let mut visit = last.clone();
        visit.visit_date = today;
        visit.report_date = Some(today);
        visit.planned_visit = None;
        visit.next_planned_date = Some(booked);
        visit.next_place = Some(Place::Hospital);
        let at = today.and_hms_opt(10, 0, 0).expect("time");
        r.append(Entry::new(EntryId("t-1".into()), Author::Patient, at, EntryBody::Visit(visit))).expect("visit");
        let next = next_visit(&r.view(), today).expect("next");
        assert_eq!(next.date, booked);
        assert_eq!(next.place, Place::Hospital, "the place the doctor set");
        assert!(next.changed);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn the_stomach_demo_is_due_today_at_the_clinic_with_the_drug_to_bring() {
        let today = demo::fixed_today();
        let v = demo::record_fixed(CancerType::Stomach).view();
        let next = next_visit(&v, today).expect("next");
        // operation 7 months back (2024-11-15); S-1 from 2024-12-29 (the plan's drug start):
        // the check before course 5 (4 x 42 days later) falls on today.
        assert_eq!(next.date, d(2025, 6, 15));
        assert_eq!(next.days, 0);
        assert_eq!(next.place, Place::Clinic);
        assert_eq!(next.institution.phone, Some(Phone("03-0000-2001".into())));
        assert!(next.tests.contains(&Test::BloodCount));
        assert!(matches!(next.bring.last(), Some(Bring::Drug { drug: OralDrug::S1, name: Some(_) })));
        assert_eq!(overdue(&v, today), None);
        assert_eq!(dose_today(&v, today), Some((OralDrug::S1, DoseDay::On { day: 1, days: 28 })));
    }

    #[test]
    fn a_follow_up_only_path_brings_no_drug_and_has_no_drug_day() {
        let today = demo::fixed_today();
        let v = demo::record_fixed(CancerType::Colorectal).view();
        let next = next_visit(&v, today).expect("next");
        // operation 2024-04-15; months 3..12 are past; month 15 is 2025-07-15 at the clinic.
        assert_eq!((next.date, next.place, next.days), (d(2025, 7, 15), Place::Clinic, 30));
        assert!(!next.bring.iter().any(|b| matches!(b, Bring::Drug { .. })));
        assert_eq!(dose_today(&v, today), None);
        assert_eq!(guidances(&v, today).len(), 2);
    }

    /// Issue 23.3: an aromatase-inhibitor plan: Home's drug day, what to bring, the guidance and
    /// the visit checklist name the aromatase inhibitor, never tamoxifen.
    #[test]
    fn an_aromatase_inhibitor_plan_names_it_everywhere() {
        use karte_core::record::{Author, CarePlan, Entry, EntryBody, EntryId, Record};
        use karte_core::schedule::CheckItem;
        let op = d(2025, 1, 10);
        let today = d(2025, 6, 15);
        let mut r = Record::new();
        let plan = CarePlan {
            path: karte_core::vocab::PathId::BreastHormone,
            anchor: op,
            template_revision: 1,
            factors: Default::default(),
            drug_start: None,
            drug: Some(OralDrug::AromataseInhibitor),
        };
        let at = op.and_hms_opt(9, 0, 0).expect("time");
        r.append(Entry::new(EntryId("p-1".into()), Author::Patient, at, EntryBody::CarePlan(plan))).expect("plan");
        let v = r.view();
        assert_eq!(dose_today(&v, today), Some((OralDrug::AromataseInhibitor, DoseDay::Daily)));
        let next = next_visit(&v, today).expect("next");
        assert!(matches!(next.bring.last(), Some(Bring::Drug { drug: OralDrug::AromataseInhibitor, .. })));
        assert!(next.bring.last().expect("drug").text(Locale::Ja).contains(karte_core::i18n::text(Locale::Ja, K::rec_drug_ai)));
        assert_eq!(guidances(&v, today)[0], guidance::for_drug(OralDrug::AromataseInhibitor));
        let plan = v.plan.as_ref().expect("plan");
        let visit = plan.visit(&karte_core::schedule::VisitId::month(6)).expect("m6");
        let checklist = plan.checklist(&visit.id).expect("checklist");
        assert!(checklist.contains(&CheckItem::Drug(OralDrug::AromataseInhibitor)));
        assert!(!checklist.contains(&CheckItem::Drug(OralDrug::Tamoxifen)));
        // Before the course starts, the guidance is still the plan's drug.
        assert_eq!(guidances(&v, op)[0], guidance::for_drug(OralDrug::AromataseInhibitor));
    }

    #[test]
    fn call_now_takes_the_drug_first_without_repeats() {
        let today = demo::fixed_today();
        let v = demo::record_fixed(CancerType::Stomach).view();
        let items = call_now(&v, today, 5);
        assert_eq!(items.len(), 5);
        let s1 = guidance::for_drug(OralDrug::S1);
        assert_eq!(items[0], s1.sections[0].items[0]);
        let mut dedup = items.clone();
        dedup.dedup();
        assert_eq!(dedup.len(), items.len());
    }

    #[test]
    fn emergency_steps_name_the_clinic_and_the_after_hours_number() {
        let v = demo::record_fixed(CancerType::Lung).view();
        let e = emergency(&v);
        assert_eq!(e.hospital.as_ref().and_then(|c| c.phone.clone()), Some(Phone("03-0000-1999".into())));
        let steps = emergency_steps(Locale::En, &e);
        assert!(steps.iter().any(|s| s.contains("03-0000-2001")), "{steps:?}");
        assert!(steps.iter().any(|s| s.contains("03-0000-1999")), "{steps:?}");
        assert!(steps.iter().all(|s| !s.contains('{')));
        let none = Emergency { clinic: None, hospital: None };
        assert!(emergency_steps(Locale::En, &none).iter().any(|s| s.contains("no number recorded")));
    }

    #[test]
    fn bring_lines_read_in_english() {
        let b = Bring::Drug { drug: OralDrug::Tamoxifen, name: None };
        assert_eq!(b.text(Locale::En), "Tamoxifen (with any tablets left)");
        assert_eq!(Bring::InsuranceCard.text(Locale::En), "Health insurance card");
    }
}
