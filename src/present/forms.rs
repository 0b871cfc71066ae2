//! The edit forms of the record pages as plain data: the text the patient typed, and one
//! function per form that turns it into an entry body or says which field to fix.

use chrono::{NaiveDate, NaiveDateTime};
use karte_core::i18n::{self, Locale, K};
use karte_core::pathway::Place;
use karte_core::record::{Author, Entry, EntryBody, EntryId, Memo, Partner, PartnerRole, Phone, Profile, Sex, VisitRecord};

use super::dates;

/// What is wrong with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Empty but needed.
    Required,
    /// Not a date.
    BadDate,
    /// A date after today where that cannot be.
    FutureDate,
    /// Not a phone number.
    BadPhone,
}

/// A field to fix: its label and the problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormError {
    /// The field's label.
    pub field: K,
    /// What is wrong.
    pub problem: Problem,
}

impl FormError {
    /// The message, naming the field.
    pub fn message(self, locale: Locale) -> String {
        let key = match self.problem {
            Problem::Required => K::rec_form_required,
            Problem::BadDate => K::rec_form_bad_date,
            Problem::FutureDate => K::rec_form_future_date,
            Problem::BadPhone => K::rec_form_bad_phone,
        };
        i18n::format(locale, key, &[("field", i18n::text(locale, self.field))])
    }
}

/// An entry body ready to append, and the entry it corrects.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// What the entry says.
    pub body: EntryBody,
    /// The entry it supersedes (a correction), if any.
    pub supersedes: Option<EntryId>,
}

impl Draft {
    /// A new entry (nothing superseded).
    pub fn new(body: EntryBody) -> Draft {
        Draft { body, supersedes: None }
    }

    /// The entry the patient writes: with this id and time, correcting what the draft names.
    pub fn into_entry(self, id: EntryId, at: NaiveDateTime) -> Entry {
        let e = Entry::new(id, Author::Patient, at, self.body);
        match self.supersedes {
            Some(old) => e.superseding(old),
            None => e,
        }
    }
}

fn required(field: K, s: &str) -> Result<String, FormError> {
    let t = s.trim();
    if t.is_empty() {
        Err(FormError { field, problem: Problem::Required })
    } else {
        Ok(t.to_string())
    }
}

fn optional(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn phone(field: K, s: &str) -> Result<Option<Phone>, FormError> {
    match optional(s) {
        None => Ok(None),
        Some(p) => {
            let p = Phone(p);
            if p.is_valid() {
                Ok(Some(p))
            } else {
                Err(FormError { field, problem: Problem::BadPhone })
            }
        }
    }
}

/// The non-empty lines of a text area, trimmed.
pub fn lines(s: &str) -> Vec<String> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// A list as the lines of a text area.
pub fn join_lines(items: &[String]) -> String {
    items.join("\n")
}

/// The profile form (患者基礎情報).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileForm {
    /// 氏名.
    pub name: String,
    /// ふりがな.
    pub kana: String,
    /// 生年月日 (`YYYY-MM-DD`).
    pub date_of_birth: String,
    /// 性別.
    pub sex: Sex,
    /// アレルギー, one per line.
    pub allergies: String,
    /// 薬の副作用歴, one per line.
    pub reactions: String,
    /// 既往歴, one per line.
    pub history: String,
}

impl ProfileForm {
    /// The form filled with a profile (to correct it), or empty.
    pub fn from_profile(p: Option<&Profile>) -> ProfileForm {
        match p {
            Some(p) => ProfileForm {
                name: p.name.clone(),
                kana: p.kana.clone(),
                date_of_birth: dates::input_value(p.date_of_birth),
                sex: p.sex,
                allergies: join_lines(&p.allergies),
                reactions: join_lines(&p.adverse_drug_reactions),
                history: join_lines(&p.past_history),
            },
            None => ProfileForm {
                name: String::new(),
                kana: String::new(),
                date_of_birth: String::new(),
                sex: Sex::Unspecified,
                allergies: String::new(),
                reactions: String::new(),
                history: String::new(),
            },
        }
    }

    /// The profile, checked: a name and a date of birth not after `today`.
    pub fn to_profile(&self, today: NaiveDate) -> Result<Profile, FormError> {
        let name = required(K::rec_profile_name, &self.name)?;
        let field = K::rec_profile_dob;
        required(field, &self.date_of_birth)?;
        let dob = dates::parse_input(&self.date_of_birth).ok_or(FormError { field, problem: Problem::BadDate })?;
        if dob > today {
            return Err(FormError { field, problem: Problem::FutureDate });
        }
        Ok(Profile {
            name,
            kana: self.kana.trim().to_string(),
            date_of_birth: dob,
            sex: self.sex,
            allergies: lines(&self.allergies),
            adverse_drug_reactions: lines(&self.reactions),
            past_history: lines(&self.history),
        })
    }

    /// The entry body, correcting `current` (the profile's entry) when there is one.
    pub fn to_draft(&self, today: NaiveDate, current: Option<EntryId>) -> Result<Draft, FormError> {
        let body = EntryBody::Profile(self.to_profile(today)?);
        Ok(Draft { body, supersedes: current })
    }
}

/// The form adding a partner (連携医療機関).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerForm {
    /// Role.
    pub role: PartnerRole,
    /// Name of the institution.
    pub name: String,
    /// Contact person.
    pub contact: String,
    /// Phone.
    pub phone: String,
    /// Fax.
    pub fax: String,
    /// After-hours phone.
    pub after_hours: String,
}

impl Default for PartnerForm {
    fn default() -> Self {
        PartnerForm {
            role: PartnerRole::Pharmacy,
            name: String::new(),
            contact: String::new(),
            phone: String::new(),
            fax: String::new(),
            after_hours: String::new(),
        }
    }
}

impl PartnerForm {
    /// The partner, checked: a name, and well-formed numbers where given.
    pub fn to_partner(&self) -> Result<Partner, FormError> {
        Ok(Partner {
            role: self.role,
            name: required(K::rec_partners_name, &self.name)?,
            contact: optional(&self.contact),
            phone: phone(K::rec_partners_phone, &self.phone)?,
            fax: phone(K::rec_partners_fax, &self.fax)?,
            after_hours_phone: phone(K::rec_partners_after_hours, &self.after_hours)?,
            keys: None,
        })
    }

    /// The entry body (a new partner).
    pub fn to_draft(&self) -> Result<Draft, FormError> {
        Ok(Draft::new(EntryBody::Partner(self.to_partner()?)))
    }
}

/// A visit the patient records by hand (no equipment at the clinic): marked as written by the
/// patient, unsigned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatientVisitForm {
    /// The date (`YYYY-MM-DD`).
    pub date: String,
    /// Hospital or clinic.
    pub place: Place,
    /// The institution.
    pub institution: String,
    /// What was done or said.
    pub details: String,
}

impl Default for PatientVisitForm {
    fn default() -> Self {
        PatientVisitForm { date: String::new(), place: Place::Clinic, institution: String::new(), details: String::new() }
    }
}

impl PatientVisitForm {
    /// The entry body (a new visit), checked: a date, an institution.
    pub fn to_draft(&self) -> Result<Draft, FormError> {
        let visit_date = dates::parse_input(&self.date).ok_or(FormError { field: K::rec_visits_by_hand_date, problem: Problem::BadDate })?;
        let institution = required(K::rec_visits_by_hand_institution, &self.institution)?;
        Ok(Draft::new(EntryBody::Visit(VisitRecord {
            planned_visit: None,
            visit_date,
            report_date: None,
            place: self.place,
            institution,
            doctor: None,
            next_planned_date: None,
            next_place: None,
            plan_changed: false,
            changed_items: Default::default(),
            details: self.details.trim().to_string(),
            remarks: String::new(),
            attachments: false,
            checklist: Vec::new(),
        })))
    }
}

/// The memo form (連絡用メモ).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemoForm {
    /// The note.
    pub text: String,
}

impl MemoForm {
    /// The entry body (a new memo), checked: not empty.
    pub fn to_draft(&self) -> Result<Draft, FormError> {
        let text = required(K::rec_memo_text, &self.text)?;
        Ok(Draft::new(EntryBody::Memo(Memo { text })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use karte_core::demo;
    use karte_core::record::{EntryKind, Record};
    use karte_core::vocab::CancerType;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn a_visit_recorded_by_hand_is_the_patients_and_needs_a_date_and_a_place() {
        let mut f = PatientVisitForm { date: "2025-06-10".into(), institution: String::new(), ..Default::default() };
        assert_eq!(f.to_draft().map(|_| ()), Err(FormError { field: K::rec_visits_by_hand_institution, problem: Problem::Required }));
        f.institution = "Mihon Clinic".into();
        let entry = f.to_draft().expect("draft").into_entry(karte_core::record::EntryId("p-1".into()), d(2025, 6, 10).and_hms_opt(9, 0, 0).expect("t"));
        assert_eq!(entry.author, karte_core::record::Author::Patient);
        f.date = "June".into();
        assert_eq!(f.to_draft().map(|_| ()), Err(FormError { field: K::rec_visits_by_hand_date, problem: Problem::BadDate }));
        let mut record = demo::record_fixed(CancerType::Stomach);
        f.date = "2025-06-10".into();
        assert!(record.append(f.to_draft().expect("draft").into_entry(karte_core::record::EntryId("p-2".into()), d(2025, 6, 10).and_hms_opt(9, 0, 0).expect("t"))).is_ok());
    }

    #[test]
    fn a_profile_correction_supersedes_the_old_entry_and_round_trips() {
        let today = demo::fixed_today();
        let mut record = demo::record_fixed(CancerType::Stomach);
        let view = record.view();
        let current = view.profile.clone().expect("profile");
        let mut form = ProfileForm::from_profile(Some(&current.value));
        assert_eq!(form.to_profile(today).as_ref(), Ok(&current.value));
        form.allergies.push_str("\n  Penicillin  \n\n");
        let draft = form.to_draft(today, Some(current.id.clone())).expect("valid");
        let id = record.next_entry_id("phone");
        let at = today.and_hms_opt(9, 0, 0).expect("time");
        record.append(draft.into_entry(id, at)).expect("appended");
        let after = record.view().profile.expect("profile");
        assert!(after.corrected);
        assert_eq!(after.author, Author::Patient);
        assert_eq!(after.value.allergies.last().map(String::as_str), Some("Penicillin"));
        assert_eq!(record.history(&after.id).len(), 2);
    }

    #[test]
    fn the_profile_form_names_the_field_to_fix() {
        let today = d(2025, 6, 15);
        let mut f = ProfileForm::from_profile(None);
        let err = |f: &ProfileForm| f.to_profile(today).err();
        assert_eq!(err(&f), Some(FormError { field: K::rec_profile_name, problem: Problem::Required }));
        f.name = "A".into();
        assert_eq!(err(&f), Some(FormError { field: K::rec_profile_dob, problem: Problem::Required }));
        f.date_of_birth = "1950-02-30".into();
        assert_eq!(err(&f).map(|e| e.problem), Some(Problem::BadDate));
        f.date_of_birth = "2030-01-01".into();
        assert_eq!(err(&f).map(|e| e.problem), Some(Problem::FutureDate));
        f.date_of_birth = "1950-01-01".into();
        assert!(err(&f).is_none());
        let msg = FormError { field: K::rec_profile_dob, problem: Problem::BadDate }.message(Locale::En);
        assert_eq!(msg, "\u{201c}Date of birth\u{201d} is not a valid date.");
    }

    #[test]
    fn partners_and_memos() {
        let mut f = PartnerForm { name: " Pharmacy A ".into(), phone: "03-1234-5678".into(), ..Default::default() };
        let p = f.to_partner().expect("valid");
        assert_eq!((p.name.as_str(), p.fax.clone(), p.contact.clone()), ("Pharmacy A", None, None));
        f.after_hours = "call me".into();
        assert_eq!(
            f.to_partner().err(),
            Some(FormError { field: K::rec_partners_after_hours, problem: Problem::BadPhone })
        );
        assert_eq!(MemoForm { text: "  ".into() }.to_draft().err().map(|e| e.field), Some(K::rec_memo_text));
        let memo = MemoForm { text: "ok".into() }.to_draft().expect("memo");
        assert_eq!(memo.body.kind(), EntryKind::Memo);
        let mut r = Record::new();
        let id = r.next_entry_id("p");
        assert!(r.append(memo.into_entry(id, d(2025, 1, 1).and_hms_opt(1, 0, 0).expect("t"))).is_ok());
    }
}
