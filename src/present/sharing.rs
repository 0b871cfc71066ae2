//! What the share, pairing and receiving screens say: the paired institutions, the parts that
//! can be left out, each refusal as a locale key, a preview's lines, the history. Plain
//! functions, tested natively.

use chrono::NaiveDateTime;
use karte_core::i18n::{self, Locale, K};
use karte_core::record::{Author, ConsentEvent, Entry, EntryKind, PartnerRole, Phone, PinnedKeys, Record};
use karte_core::share::effects::{effects, Effect, Target};
use karte_core::schedule::{CheckItem, Interview};
use karte_core::share::exchange::{self, MergeError, PairError, ShareError, Touched};
use karte_core::share::{bytes_from_hex, OpenError, Part, ProviderCard, ProviderIdentity, Trust};

use super::{dates, text};

/// An institution the patient paired with: it can be shared with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paired {
    /// The institution.
    pub name: String,
    /// Its role.
    pub role: PartnerRole,
    /// Its card, rebuilt from the pinned keys (to seal to).
    pub card: ProviderCard,
}

/// The institutions the record can be shared with: those the patient paired with (the pin
/// map; contact details from the partner list), then those its pinned planning hospital
/// vouches for.
pub fn paired(record: &Record) -> Vec<Paired> {
    let view = record.view();
    let card = |name: &str, contact: Option<&String>, role, phone: &Option<Phone>, fax: &Option<Phone>, k: &PinnedKeys| {
        let x: [u8; 32] = bytes_from_hex(&k.x25519)?.try_into().ok()?;
        let e: [u8; 32] = bytes_from_hex(&k.ed25519)?.try_into().ok()?;
        let identity = ProviderIdentity {
            name: contact.cloned().unwrap_or_default(),
            institution: name.to_string(),
            role,
            department: String::new(),
            phone: phone.clone(),
            fax: fax.clone(),
            institution_code: None,
        };
        Some(Paired { name: name.to_string(), role, card: ProviderCard { identity, x25519: x, ed25519: e } })
    };
    let mut out: Vec<Paired> = record
        .sharing
        .pins
        .iter()
        .filter_map(|(name, pin)| {
            let listed = view.partners.iter().map(|p| &p.value).find(|p| p.name == *name);
            let (contact, phone, fax) = listed.map_or((None, None, None), |p| (p.contact.as_ref(), p.phone.clone(), p.fax.clone()));
            card(name, contact, pin.role, &phone, &fax, &pin.keys)
        })
        .collect();
    for v in exchange::vouched(record) {
        if !out.iter().any(|p| p.name == v.name) {
            out.extend(card(&v.name, v.contact.as_ref(), v.role, &v.phone, &v.fax, &v.keys));
        }
    }
    out
}

/// The institutions whose pairing the patient must confirm again (a pin dropped when an older
/// record was migrated: its partner entry was changed by someone else than the patient), as
/// one list for the share page; empty when there are none.
pub fn to_reconfirm(record: Option<&Record>) -> String {
    record.map(|r| r.sharing.reconfirm.join("、")).unwrap_or_default()
}

/// The label of a part of the record.
pub fn part_label(p: Part) -> K {
    match p {
        Part::Visits => K::sharing_part_visits,
        Part::Results => K::sharing_part_results,
        Part::Medications => K::sharing_part_medications,
        Part::Memos => K::sharing_part_memos,
        Part::Partners => K::sharing_part_partners,
        Part::Consents => K::sharing_part_consents,
        Part::Variances => K::sharing_part_variances,
    }
}

/// The label of an item of the provider sheet's checklist.
pub fn interview_label(i: Interview) -> K {
    match i {
        Interview::Symptoms => K::doctor_interview_symptoms,
        Interview::WeightAndEating => K::doctor_interview_weight,
        Interview::BowelAndBladder => K::doctor_interview_bowel,
        Interview::DailyLifeAndWorries => K::doctor_interview_daily,
    }
}

/// What a checklist item is called, in `locale`.
pub fn check_label(locale: karte_core::i18n::Locale, item: &CheckItem) -> String {
    match item {
        CheckItem::Interview(i) => karte_core::i18n::text(locale, interview_label(*i)).to_string(),
        CheckItem::Test(t) => crate::labels::test(locale, t),
        CheckItem::Drug(d) => format!(
            "{}{}",
            karte_core::i18n::text(locale, K::doctor_drug_check),
            karte_core::i18n::text(locale, crate::labels::drug(*d))
        ),
    }
}

/// Why a message could not be opened, for a person.
pub fn open_error(e: &OpenError) -> K {
    match e {
        OpenError::NotForThisKey => K::sharing_err_someone_else,
        OpenError::UnknownVersion(_) => K::scan_err_newer_version,
        OpenError::OldVersion(_) => K::sharing_err_old_app,
        OpenError::Damaged | OpenError::NotCompressed | OpenError::TransferMismatch { .. } => K::scan_err_damaged,
        _ => K::sharing_err_unreadable,
    }
}

/// Why an answer was not merged, for a person.
pub fn merge_error(e: &MergeError) -> K {
    match e {
        MergeError::Open(o) => open_error(o),
        MergeError::NoKey => K::sharing_err_no_key,
        MergeError::UnknownShare => K::sharing_err_unknown_share,
        MergeError::AlreadyMerged => K::sharing_err_already,
        MergeError::AnsweredByAnother { .. } | MergeError::SignerMismatch(_) | MergeError::AuthorMismatch(_) => {
            K::sharing_err_signer
        }
        MergeError::BadSignature(_) | MergeError::Unsigned(_) | MergeError::Card(_) => K::sharing_err_signature,
        MergeError::StaleBasis(_) => K::sharing_err_stale,
        MergeError::NotAccepted(_) => K::sharing_err_not_accepted,
        MergeError::UnvouchedList => K::plan_err_unvouched,
        MergeError::NotEmpty => K::plan_err_not_empty,
        MergeError::NotAHospital => K::plan_err_not_hospital,
        MergeError::TouchesTrust { .. } => K::sharing_err_touches_keys,
        MergeError::RoleMismatch { .. } => K::sharing_err_role_mismatch,
        MergeError::OtherInstitutionsEntry { .. } => K::sharing_err_other_institution,
        MergeError::OtherKeysEntry { .. } => K::sharing_err_other_keys,
        MergeError::PatientsEntry { .. } => K::sharing_err_patients_entry,
        MergeError::ConsentByProvider(_) => K::sharing_err_consent,
        MergeError::NotSealedTo { .. } => K::sharing_err_not_sealed_to,
        MergeError::ConsentWithdrawn(_) => K::sharing_err_answer_withdrawn,
        MergeError::Expired { .. } => K::sharing_err_expired,
        MergeError::UsedUp(_) => K::sharing_err_used_up,
        MergeError::LegacySignature(_) => K::sharing_err_old_app,
        MergeError::WrongSubject(_) => K::sharing_err_wrong_subject,
        MergeError::EmptyBasis(_) => K::sharing_err_empty_basis,
        _ => K::sharing_err_unreadable,
    }
}

/// The values a refusal's message names (what the answer tried, whose entry), for
/// [`merge_error`]'s text.
pub fn merge_args(e: &MergeError) -> Vec<(&'static str, String)> {
    match e {
        MergeError::TouchesTrust { what: Touched::Keys(of), .. } => vec![("target", of.clone())],
        MergeError::OtherInstitutionsEntry { author, .. } => vec![("author", author.clone())],
        MergeError::ConsentWithdrawn(name) => vec![("name", name.clone())],
        MergeError::UsedUp(n) => vec![("n", n.to_string())],
        _ => Vec::new(),
    }
}

/// Why a share was not made, for a person.
pub fn share_error(e: &ShareError) -> K {
    match e {
        ShareError::NoKey => K::sharing_err_no_key,
        ShareError::ConsentWithdrawn(_) => K::sharing_err_withdrawn,
        ShareError::Seal(_) => K::sharing_err_seal,
    }
}

/// Why pairing did not happen, for a person.
pub fn pair_error(e: &PairError) -> K {
    match e {
        PairError::KeysChanged { .. } => K::pair_keys_changed,
        PairError::RoleChanged { .. } => K::pair_role_changed,
        PairError::Invalid(_) => K::pair_failed,
    }
}

/// The line of a trust level in a preview.
pub fn trust_line(t: &Trust) -> K {
    match t {
        Trust::Verified => K::sharing_verified,
        Trust::Unpinned => K::sharing_unverified,
        Trust::KeyMismatch { .. } => K::sharing_key_mismatch,
    }
}

/// The words of an entry kind.
pub fn kind_label(k: EntryKind) -> K {
    match k {
        EntryKind::Visit => K::sharing_entry_visit,
        EntryKind::TestResult => K::sharing_entry_result,
        EntryKind::Memo => K::sharing_entry_memo,
        EntryKind::Medication => K::sharing_entry_medication,
        EntryKind::PlanChange | EntryKind::CarePlan => K::sharing_entry_plan,
        EntryKind::Variance => K::sharing_entry_variance,
        EntryKind::Profile => K::plan_entry_profile,
        EntryKind::Treatment => K::plan_entry_treatment,
        EntryKind::Consent => K::plan_entry_consent,
        EntryKind::Partner => K::plan_entry_partner,
        EntryKind::PartnerList => K::plan_entry_partner_list,
        EntryKind::Status => K::plan_entry_status,
        EntryKind::Retraction => K::effect_retraction,
    }
}

/// One line of a preview: what an entry of the answer does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectLine {
    /// What it does, in words.
    pub text: String,
    /// It replaces or retracts an entry someone else wrote (another institution, the
    /// patient), or one the record does not hold.
    pub others: bool,
}

/// An entry in words: its kind, its author, the day it was written.
pub fn entry_words(locale: Locale, kind: EntryKind, author: &Author, at: NaiveDateTime) -> String {
    let kind = i18n::text(locale, kind_label(kind));
    let author = text::author_line(locale, author);
    let date = dates::plain(locale, at.date());
    i18n::format(locale, K::chain_entry, &[("kind", kind), ("author", &author), ("date", &date)])
}

/// The entry an answer's entry replaces or retracts, in words, with the allergies a profile
/// records (which it may drop).
fn target_words(locale: Locale, t: &Target) -> String {
    let entry = entry_words(locale, t.kind, &t.author, t.at);
    if t.allergies.is_empty() {
        return entry;
    }
    let allergies = i18n::format(locale, K::effect_allergies, &[("list", &text::list(locale, &t.allergies))]);
    text::aside(locale, &entry, &allergies)
}

/// What each entry of a previewed answer does to `record` (`share::effects`), in words.
pub fn effect_lines(locale: Locale, record: &Record, answer: &[Entry]) -> Vec<EffectLine> {
    effects(record.entries(), answer)
        .iter()
        .map(|e| {
            let line = |key, args: &[(&str, &str)], others| EffectLine { text: i18n::format(locale, key, args), others };
            let kind = |k| i18n::text(locale, kind_label(k));
            match e {
                Effect::Adds { kind: k, date: Some(d) } => {
                    line(K::effect_adds, &[("what", &text::aside(locale, kind(*k), &dates::plain(locale, *d)))], false)
                }
                Effect::Adds { kind: k, date: None } => line(K::effect_adds, &[("what", kind(*k))], false),
                Effect::AddsPartner { name } => line(K::effect_adds, &[("what", &text::aside(locale, kind(EntryKind::Partner), name))], false),
                Effect::AddsPartnerList { institutions } => line(K::effect_partner_list, &[("n", &institutions.to_string())], false),
                Effect::RecordsConsent { event: ConsentEvent::Given, to_whom } => line(K::effect_consent_given, &[("to", to_whom)], false),
                Effect::RecordsConsent { event: ConsentEvent::Withdrawn, to_whom } => {
                    line(K::effect_consent_withdrawn, &[("to", to_whom)], false)
                }
                Effect::Replaces(t) => line(K::effect_replaces, &[("target", &target_words(locale, t))], !t.same_author),
                Effect::Retracts(t) => line(K::effect_retracts, &[("target", &target_words(locale, t))], !t.same_author),
                Effect::ChangesUnknown(_) => line(K::effect_unknown, &[], true),
            }
        })
        .collect()
}

/// One line of the history: when, with whom, shared or received (how many entries).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// When.
    pub at: NaiveDateTime,
    /// The institution.
    pub institution: String,
    /// `None` for a share; the number of entries received otherwise.
    pub received: Option<usize>,
    /// For a share, the parts left out; for an answer, whether it was verified.
    pub omitted: Vec<Part>,
    /// For an answer: verified.
    pub verified: bool,
    /// For an answer: the provider kept the shared record.
    pub kept: bool,
}

/// The history of shares and answers, newest first.
pub fn history(record: &Record) -> Vec<LogLine> {
    let mut lines: Vec<LogLine> = record
        .sharing
        .shares
        .iter()
        .map(|s| LogLine { at: s.at, institution: s.institution.clone(), received: None, omitted: s.omitted.clone(), verified: false, kept: false })
        .chain(record.sharing.merged.iter().map(|m| LogLine {
            at: m.at,
            institution: m.institution.clone(),
            received: Some(m.entries.len()),
            omitted: Vec::new(),
            verified: m.verified,
            kept: m.kept_by_provider,
        }))
        .collect();
    lines.sort_by_key(|l| std::cmp::Reverse(l.at));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use karte_core::demo;
    use karte_core::record::EntryId;
    use karte_core::share::exchange;
    use karte_core::share::ProviderKeys;
    use karte_core::vocab::CancerType;

    #[test]
    fn a_paired_institution_can_be_shared_with_and_is_listed() {
        let mut r = demo::record_fixed(CancerType::Stomach);
        assert!(paired(&r).is_empty(), "the demo pins no keys");
        let keys = ProviderKeys::from_entropy(&[3; 64]);
        let id = ProviderIdentity {
            name: "Mihon Jiro".into(),
            institution: "Mihon Clinic".into(),
            role: PartnerRole::PartnerClinic,
            department: String::new(),
            phone: None,
            fax: None,
            institution_code: None,
        };
        let card = ProviderCard::new(id, &keys);
        let at = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("time");
        exchange::pair(&mut r, &card, at, EntryId("p-1".into()), false).expect("pair");
        let list = paired(&r);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].card.x25519, card.x25519);
        assert_eq!(list[0].card.fingerprint(), card.fingerprint());
    }

    #[test]
    fn refusals_have_their_own_messages() {
        assert_eq!(merge_error(&MergeError::UnknownShare), K::sharing_err_unknown_share);
        assert_eq!(merge_error(&MergeError::AlreadyMerged), K::sharing_err_already);
        assert_eq!(merge_error(&MergeError::Open(OpenError::NotForThisKey)), K::sharing_err_someone_else);
        assert_eq!(merge_error(&MergeError::BadSignature(EntryId("x".into()))), K::sharing_err_signature);
        // The booklet's refusals, each its own message.
        let booklet = [MergeError::UnvouchedList, MergeError::NotEmpty, MergeError::NotAHospital].map(|e| merge_error(&e));
        assert_eq!(booklet, [K::plan_err_unvouched, K::plan_err_not_empty, K::plan_err_not_hospital]);
        assert_eq!(share_error(&ShareError::ConsentWithdrawn("x".into())), K::sharing_err_withdrawn);
    }
}
