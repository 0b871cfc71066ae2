//! Who may change what (issue 22): the patient's pins are changed only by the patient's own
//! pairing; no answer, whatever it holds, changes whom the phone trusts, except a new partner
//! list from the planning hospital the patient pinned. Also the migration of records that held
//! pins in partner entries (record format 3, share format 1).

mod common;

use common::*;
use karte_core::demo;
use karte_core::pathway::Place;
use karte_core::record::*;
use karte_core::share::exchange::{self, Answer, EntryTrust, PairError, Paired, ShareOptions};
use karte_core::share::{chain, MergeError, MessageKind, ProviderCard, ProviderKeys, Trust};
use karte_core::vocab::CancerType;
use proptest::prelude::*;

type Provider = (ProviderCard, ProviderKeys);

struct World {
    clinic: Provider,
    hospital: Provider,
    stranger: Provider,
    vouched: Provider,
    impostor: Provider,
    /// 5-year stomach record; the clinic and the hospital pinned; the hospital's partner list
    /// (merged from a visit) vouches for `vouched`.
    record: Record,
}

fn world() -> World {
    let clinic = provider("clinic", CLINIC, PartnerRole::PartnerClinic);
    let hospital = provider("hospital", HOSPITAL, PartnerRole::PlanningHospital);
    let stranger = provider("stranger", "よその内科医院", PartnerRole::PartnerClinic);
    let vouched = provider("vouched", "みほん薬局", PartnerRole::Pharmacy);
    let impostor = {
        let mut rng = TestRng::new("impostor");
        let keys = ProviderKeys::generate(&mut rng.f()).expect("keys");
        (ProviderCard::new(clinic.0.identity.clone(), &keys), keys)
    };
    let mut rng = TestRng::new("authority");
    let mut record = demo::record_after(CancerType::Stomach, date(2025, 6, 15), 60);
    record.sharing.ensure_key(&mut rng.f()).expect("key");
    exchange::pair(&mut record, &clinic.0, at(2025, 6, 1, 9), EntryId("phone-pair-c".into()), false).expect("pair");
    exchange::pair(&mut record, &hospital.0, at(2025, 6, 1, 9), EntryId("phone-pair-h".into()), false).expect("pair");
    let list = EntryBody::PartnerList(exchange::partner_list(&[vouched.0.clone()]));
    let (answer, transfer) = answer_of(&mut record, &hospital, vec![(list, None)], 1);
    let p = exchange::verify_answer(&record, MessageKind::Entries, transfer, answer, now()).expect("the hospital's list");
    exchange::merge(&mut record, &p, false, now()).expect("merge");
    assert_eq!(exchange::trust_of(&record, &vouched.0), Trust::Verified);
    World { clinic, hospital, stranger, vouched, impostor, record }
}

/// The world, built once for the property's cases.
fn shared_world() -> &'static World {
    static W: std::sync::OnceLock<World> = std::sync::OnceLock::new();
    W.get_or_init(world)
}

fn now() -> chrono::NaiveDateTime {
    at(2025, 6, 15, 10)
}

/// Shares the record with `p` and returns `p`'s answer holding `bodies` (each with what it
/// supersedes), signed as a provider's device signs (the share's basis and subject).
fn answer_of(record: &mut Record, p: &Provider, bodies: Vec<(EntryBody, Option<EntryId>)>, seed: u64) -> (Answer, u32) {
    let mut rng = TestRng::new(&format!("answer-{seed}"));
    exchange::share(record, &p.0, date(2025, 6, 15), at(2025, 6, 15, 9), &ShareOptions::default(), &mut rng.f()).expect("share");
    let share = record.sharing.shares.last().expect("share").clone();
    let subject = chain::subject(&record.sharing.key.as_ref().expect("key").public(), &share.share_id);
    let author = Author::Clinician { name: p.0.identity.name.clone(), institution: p.0.identity.institution.clone(), role: p.0.identity.role };
    let entries = bodies
        .into_iter()
        .enumerate()
        .map(|(i, (body, supersedes))| {
            let mut e = Entry::new(EntryId(format!("a{seed:x}-{i}")), author.clone(), at(2025, 6, 15, 10), body);
            e.supersedes = supersedes;
            chain::sign(e, &share.basis, &subject, &p.1)
        })
        .collect();
    (Answer { answers: share.share_id, card: p.0.to_message(&p.1), entries, kept: false }, 0x00AB_0000u32.wrapping_add(seed as u32))
}

fn keys_of(p: &Provider) -> PinnedKeys {
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    PinnedKeys { x25519: hex(&p.0.x25519), ed25519: hex(&p.0.ed25519) }
}

/// Whom the record trusts: each card's trust and role, the vouched partners, the pins.
fn trust_state(w: &World, r: &Record) -> (Vec<(Trust, Option<PartnerRole>)>, Vec<VouchedPartner>, String) {
    let cards = [&w.clinic, &w.hospital, &w.stranger, &w.vouched, &w.impostor];
    let each = cards.iter().map(|p| (exchange::trust_of(r, &p.0), exchange::role_of(r, &p.0))).collect();
    (each, exchange::vouched(r), format!("{:?}", r.sharing.pins))
}

/// One generated entry: what it is, which of the record's entries it names, which institution
/// and keys it carries, and a flag (withdrawal or grant; supersede or not).
type Spec = (u8, usize, usize, usize, bool);

fn body_of(w: &World, r: &Record, (kind, target, name, keys, flag): Spec) -> (EntryBody, Option<EntryId>) {
    let providers = [&w.clinic, &w.hospital, &w.stranger, &w.vouched, &w.impostor];
    let who = providers[name % providers.len()];
    // One target in four is the partner list (the one entry that carries trust).
    let list = r.view().partner_list.map(|l| l.id);
    let target_id = match list {
        Some(l) if target % 4 == 0 => l,
        _ => r.entries()[target % r.entries().len()].id.clone(),
    };
    let role = [PartnerRole::PlanningHospital, PartnerRole::PartnerClinic, PartnerRole::Pharmacy][keys % 3];
    let pinned = Some(keys_of(providers[keys % providers.len()]));
    match kind % 8 {
        0 => {
            let p = Partner { role, name: who.0.identity.institution.clone(), contact: None, phone: None, fax: None, after_hours_phone: None, keys: pinned.filter(|_| flag) };
            let partner_target = r.view().partners.get(target % 3).map(|p| p.id.clone());
            (EntryBody::Partner(p), if keys % 2 == 0 { partner_target } else { None })
        }
        1 => {
            let cards: Vec<ProviderCard> = providers.iter().skip(name % 3).take(keys % 4).map(|p| p.0.clone()).collect();
            (EntryBody::PartnerList(exchange::partner_list(&cards)), None)
        }
        2 => {
            let event = if flag { ConsentEvent::Given } else { ConsentEvent::Withdrawn };
            (EntryBody::Consent(Consent { event, date: date(2025, 6, 15), to_whom: who.0.identity.institution.clone(), by: Consenter::Patient }), None)
        }
        3 => (EntryBody::Retraction(Retraction { reason: "誤り".into() }), Some(target_id)),
        4 => (EntryBody::Memo(Memo { text: "メモ".into() }), Some(target_id).filter(|_| flag)),
        5 => {
            let profile = r.view().profile.map(|p| (p.value, p.id));
            match profile {
                Some((mut v, id)) => {
                    v.allergies.clear();
                    (EntryBody::Profile(v), Some(id))
                }
                None => (EntryBody::Memo(Memo { text: "x".into() }), None),
            }
        }
        _ => (visit_draft_at(&who.0.identity.institution, Place::Clinic, date(2025, 6, 15)).body, None),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    /// No answer changes whom the phone trusts (each institution's trust and role, the vouched
    /// partners, the pins), whatever its entries (kinds, targets, keys, consent) and whoever
    /// signs it, even with the patient accepting an unverified sender; the one exception is a
    /// partner list from the hospital the patient pinned, which then is exactly what is vouched.
    #[test]
    fn no_answer_changes_trust(
        signer in 0usize..5,
        issue in any::<bool>(),
        specs in proptest::collection::vec((0u8..8, 0usize..400, 0usize..5, 0usize..12, any::<bool>()), 1..5),
        seed in any::<u64>(),
    ) {
        let w = shared_world();
        let mut record = w.record.clone();
        let providers = [&w.clinic, &w.hospital, &w.stranger, &w.vouched, &w.impostor];
        let p = providers[signer];
        let bodies: Vec<_> = specs.iter().map(|s| body_of(&w, &record, *s)).collect();
        let (answer, transfer) = answer_of(&mut record, p, bodies, seed | 0x100);
        let before = trust_state(&w, &record);
        let kind = if issue { MessageKind::Issue } else { MessageKind::Entries };
        let mut after = record.clone();
        let list = answer.entries.iter().rev().find_map(|e| match &e.body {
            EntryBody::PartnerList(l) => Some(l.partners.clone()),
            _ => None,
        });
        if let Ok(preview) = exchange::verify_answer(&record, kind, transfer, answer, now()) {
            let _ = exchange::merge(&mut after, &preview, true, now());
        }
        let merged = after.entries().len() > record.entries().len();
        let got = trust_state(&w, &after);
        match (merged, signer) {
            // The pinned hospital may issue a new list or supersede or retract its own: what is
            // vouched is then its current list (none once retracted); nothing else changes.
            (true, 1) => {
                let current = after.view().partner_list.map(|l| l.value.partners.clone()).unwrap_or_default();
                if let Some(list) = &list {
                    prop_assert_eq!(&got.1, list, "the hospital's new list is what is vouched");
                }
                prop_assert_eq!(&got.1, &current, "what is vouched is the hospital's current list");
                prop_assert_eq!(&got.2, &before.2, "the pins are unchanged");
                for i in [0, 1] {
                    prop_assert_eq!(&got.0[i], &before.0[i], "the pinned institutions are unchanged");
                }
            }
            (true, _) => {
                prop_assert!(list.is_none(), "only the pinned hospital's list is merged");
                prop_assert_eq!(got, before);
            }
            _ => prop_assert_eq!(got, before),
        }
    }
}

/// The answers the property explores do merge when they stay within what their signer may
/// change (else the property above would hold vacuously).
#[test]
fn answers_within_their_authority_merge() {
    let w = world();
    let mut record = w.record.clone();
    // The clinic: a visit and a memo.
    let visit = visit_draft_at(CLINIC, Place::Clinic, date(2025, 6, 15)).body;
    let (a, t) = answer_of(&mut record, &w.clinic, vec![(visit, None), (EntryBody::Memo(Memo { text: "様子見".into() }), None)], 11);
    let p = exchange::verify_answer(&record, MessageKind::Entries, t, a, now()).expect("verified");
    assert_eq!(p.role, Some(PartnerRole::PartnerClinic));
    assert_eq!(exchange::merge(&mut record, &p, false, now()), Ok(2));
    // The clinic corrects its own memo.
    let memo = record.entries().last().expect("memo").id.clone();
    let (a, t) = answer_of(&mut record, &w.clinic, vec![(EntryBody::Memo(Memo { text: "訂正".into() }), Some(memo))], 12);
    let p = exchange::verify_answer(&record, MessageKind::Entries, t, a, now()).expect("its own entry");
    assert_eq!(exchange::merge(&mut record, &p, false, now()), Ok(1));
    // The clinic records a withdrawal it was told of (of the consent to itself); not one for
    // another institution.
    let other = Consent { event: ConsentEvent::Withdrawn, date: date(2025, 6, 15), to_whom: HOSPITAL.into(), by: Consenter::Patient };
    let (a, t) = answer_of(&mut record, &w.clinic, vec![(EntryBody::Consent(other), None)], 16);
    let id = a.entries[0].id.clone();
    assert_eq!(exchange::verify_answer(&record, MessageKind::Entries, t, a, now()), Err(MergeError::ConsentByProvider(id)));
    let withdrawal = Consent { event: ConsentEvent::Withdrawn, date: date(2025, 6, 15), to_whom: CLINIC.into(), by: Consenter::Patient };
    let (a, t) = answer_of(&mut record, &w.clinic, vec![(EntryBody::Consent(withdrawal), None)], 13);
    let p = exchange::verify_answer(&record, MessageKind::Entries, t, a, now()).expect("a withdrawal");
    assert_eq!(exchange::merge(&mut record, &p, false, now()), Ok(1));
    // The vouched pharmacy: verified without pairing, its role from the hospital's list.
    let (a, t) = answer_of(&mut record, &w.vouched, vec![(EntryBody::Memo(Memo { text: "服薬指導".into() }), None)], 14);
    let p = exchange::verify_answer(&record, MessageKind::Entries, t, a, now()).expect("vouched");
    assert_eq!((p.trust.clone(), p.role), (Trust::Verified, Some(PartnerRole::Pharmacy)));
    // The hospital supersedes its own profile and sends a new list.
    let profile = record.view().profile.expect("profile");
    let mut v = profile.value.clone();
    v.allergies.push("ヨード".into());
    let list = EntryBody::PartnerList(exchange::partner_list(&[w.stranger.0.clone()]));
    let (a, t) = answer_of(&mut record, &w.hospital, vec![(EntryBody::Profile(v), Some(profile.id.clone())), (list, None)], 15);
    let p = exchange::verify_answer(&record, MessageKind::Entries, t, a, now()).expect("the hospital's own");
    assert_eq!(exchange::merge(&mut record, &p, false, now()), Ok(2));
    assert_eq!(exchange::trust_of(&record, &w.stranger.0), Trust::Verified);
    assert_eq!(exchange::trust_of(&record, &w.vouched.0), Trust::Unpinned, "left out of the new list");
}

#[test]
fn pairing_is_the_only_way_to_pin_and_a_changed_role_is_asked() {
    let w = world();
    let mut record = w.record.clone();
    let mut claimed = w.clinic.0.clone();
    claimed.identity.role = PartnerRole::PlanningHospital;
    let before = record.clone();
    assert_eq!(
        exchange::pair(&mut record, &claimed, now(), EntryId("phone-x".into()), false),
        Err(PairError::RoleChanged { pinned: PartnerRole::PartnerClinic, card: PartnerRole::PlanningHospital })
    );
    assert_eq!(record, before);
    assert_eq!(exchange::pair(&mut record, &claimed, now(), EntryId("phone-x".into()), true), Ok(Paired::Replaced));
    assert_eq!(exchange::role_of(&record, &w.clinic.0), Some(PartnerRole::PlanningHospital), "the role is the pin's, whatever a card says");
    assert_eq!(exchange::role_of(&record, &claimed), Some(PartnerRole::PlanningHospital));
    assert_eq!(record.entries().len(), before.entries().len(), "the clinic was listed: no entry written");
    let stranger = exchange::pair(&mut record, &w.stranger.0, now(), EntryId("phone-y".into()), false);
    assert_eq!(stranger, Ok(Paired::Added(EntryId("phone-y".into()))));
    let added = record.entry(&EntryId("phone-y".into())).expect("address book entry");
    assert!(matches!(&added.body, EntryBody::Partner(p) if p.keys.is_none()), "the address book carries no keys");
}

/// A record of format 3 held its pins as keys in partner entries. Reading it moves into the
/// pin map only the keys the patient's pairing wrote and still current; a pin someone else
/// superseded is dropped and listed for the patient to confirm again; keys in anyone else's
/// entries are ignored; entries signed under share format 1 keep verifying.
#[test]
fn a_format_3_record_migrates_its_pins() {
    let w = world();
    let mut rng = TestRng::new("legacy");
    let mut r = demo::record_after(CancerType::Stomach, date(2025, 6, 15), 24);
    r.sharing.ensure_key(&mut rng.f()).expect("key");
    let partner = |p: &Provider, keys: Option<PinnedKeys>| {
        EntryBody::Partner(Partner { role: p.0.identity.role, name: p.0.identity.institution.clone(), contact: None, phone: None, fax: None, after_hours_phone: None, keys })
    };
    let by_patient = |id: &str, body| Entry::new(EntryId(id.into()), Author::Patient, at(2025, 6, 1, 9), body);
    let clinic_entry = r.view().partners.iter().find(|p| p.value.name == CLINIC).map(|p| p.id.clone()).expect("clinic listed");
    let hospital_entry = r.view().partners.iter().find(|p| p.value.name == HOSPITAL).map(|p| p.id.clone()).expect("hospital listed");
    r.append(by_patient("old-pair-c", partner(&w.clinic, Some(keys_of(&w.clinic)))).superseding(clinic_entry)).expect("pin");
    r.append(by_patient("old-pair-h", partner(&w.hospital, Some(keys_of(&w.hospital)))).superseding(hospital_entry)).expect("pin");
    // Under share format 1 the clinic took over the hospital's pin (the attack), and the
    // stranger's accepted answer pinned itself; both signed without a subject.
    let basis = chain::basis(r.entries());
    let clinic_author = Author::Clinician { name: "見本 次郎".into(), institution: CLINIC.into(), role: PartnerRole::PartnerClinic };
    let takeover = Entry::new(EntryId("old-takeover".into()), clinic_author, at(2025, 6, 2, 9), partner(&w.hospital, Some(keys_of(&w.clinic))));
    r.append(chain::sign_as(takeover.superseding(EntryId("old-pair-h".into())), &basis, None, &w.clinic.1)).expect("takeover");
    let stranger_author = Author::Clinician { name: "見本 次郎".into(), institution: "よその内科医院".into(), role: PartnerRole::PartnerClinic };
    let basis = chain::basis(r.entries());
    r.append(chain::sign_as(Entry::new(EntryId("old-self-pin".into()), stranger_author, at(2025, 6, 3, 9), partner(&w.stranger, Some(keys_of(&w.stranger)))), &basis, None, &w.stranger.1))
        .expect("self pin");
    let mut doc: serde_json::Value = serde_json::from_str(&r.to_json().expect("json")).expect("value");
    doc["version"] = 3.into();
    let v3 = serde_json::to_string(&doc).expect("json");

    let migrated = Record::from_json(&v3).expect("a format-3 record reads");
    assert_eq!(migrated.sharing.pins.keys().collect::<Vec<_>>(), vec![CLINIC], "only the patient's current pin");
    assert_eq!(migrated.sharing.pins[CLINIC].role, PartnerRole::PartnerClinic);
    assert_eq!(migrated.sharing.reconfirm, vec![HOSPITAL.to_string()], "the hospital's pin was superseded by the clinic");
    assert_eq!(exchange::trust_of(&migrated, &w.clinic.0), Trust::Verified);
    assert_eq!(exchange::trust_of(&migrated, &w.hospital.0), Trust::Unpinned);
    assert_eq!(exchange::trust_of(&migrated, &w.stranger.0), Trust::Unpinned, "keys in a provider's entry are not a pin");
    let report = chain::verify(migrated.entries());
    assert!(report.is_intact() && report.signed == 2, "format-1 signatures keep verifying: {:?}", report.problems);
    let pins = exchange::Pins::of(&migrated);
    let legacy = migrated.entry(&EntryId("old-takeover".into())).expect("entry");
    assert_eq!(pins.trust(legacy), EntryTrust::Verified, "the clinic's own signature, its key pinned");

    // Written again (format 4), it reads back the same and is not migrated twice.
    let again = Record::from_json(&migrated.to_json().expect("json")).expect("read");
    assert_eq!(again, migrated);
    // The patient confirms the hospital by scanning its card: the flag goes.
    let mut confirmed = migrated.clone();
    assert_eq!(exchange::pair(&mut confirmed, &w.hospital.0, now(), EntryId("phone-re".into()), false), Ok(Paired::Pinned));
    assert!(confirmed.sharing.reconfirm.is_empty());
    assert_eq!(exchange::trust_of(&confirmed, &w.hospital.0), Trust::Verified);
}

#[test]
fn a_provider_consent_other_than_a_withdrawal_is_refused() {
    let w = world();
    let mut record = w.record.clone();
    let grant = Consent { event: ConsentEvent::Given, date: date(2025, 6, 15), to_whom: CLINIC.into(), by: Consenter::Patient };
    let (a, t) = answer_of(&mut record, &w.clinic, vec![(EntryBody::Consent(grant), None)], 9);
    let id = a.entries[0].id.clone();
    assert_eq!(exchange::verify_answer(&record, MessageKind::Entries, t, a, now()), Err(MergeError::ConsentByProvider(id)));
}

/// Seeds the `answer` fuzz target (`KARTE_FUZZ_SEEDS=fuzz/corpus cargo test -p karte-core --test
/// share_authority fuzz_seeds`): answer payloads whose bodies reach the authority rules (a visit,
/// a memo correcting one, the hospital's list, a takeover, a consent, a retraction). The target
/// re-signs them as the clinic of its own world (odd first byte) or reads them as they are.
#[test]
fn fuzz_seeds() {
    let Some(root) = std::env::var_os("KARTE_FUZZ_SEEDS") else { return };
    let dir = std::path::PathBuf::from(root).join("answer");
    std::fs::create_dir_all(&dir).expect("corpus dir");
    let w = world();
    let mut record = w.record.clone();
    let profile = record.view().profile.expect("profile").id.clone();
    let list = record.view().partner_list.expect("list").id.clone();
    let takeover = Partner {
        role: PartnerRole::PlanningHospital,
        name: HOSPITAL.into(),
        contact: None,
        phone: None,
        fax: None,
        after_hours_phone: None,
        keys: Some(keys_of(&w.clinic)),
    };
    let grant = Consent { event: ConsentEvent::Given, date: date(2025, 6, 15), to_whom: CLINIC.into(), by: Consenter::Patient };
    let cases: Vec<(&str, Vec<(EntryBody, Option<EntryId>)>)> = vec![
        ("visit", vec![(visit_draft_at(CLINIC, Place::Clinic, date(2025, 6, 15)).body, None)]),
        ("takeover", vec![(EntryBody::Partner(takeover), None)]),
        ("list", vec![(EntryBody::PartnerList(exchange::partner_list(&[w.clinic.0.clone()])), Some(list))]),
        ("retract-profile", vec![(EntryBody::Retraction(Retraction { reason: String::new() }), Some(profile))]),
        ("consent", vec![(EntryBody::Consent(grant), None)]),
    ];
    for (i, (name, bodies)) in cases.into_iter().enumerate() {
        let (a, _) = answer_of(&mut record, &w.clinic, bodies, 0x500 + i as u64);
        let payload = exchange::encode_answer(&a);
        for mode in [0u8, 1, 3] {
            std::fs::write(dir.join(format!("{name}-{mode}")), [&[mode][..], &payload].concat()).expect("seed");
        }
    }
}
