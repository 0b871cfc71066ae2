//! Helpers shared by the share protocol's tests and vector generator.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use karte_core::pathway::Place;
use karte_core::record::{EntryBody, PartnerRole, Phone, VisitRecord};
use karte_core::share::exchange::Draft;
use karte_core::share::{ProviderCard, ProviderIdentity, ProviderKeys};
use karte_core::vault::EntropyError;
use sha2::{Digest, Sha256};

/// A deterministic byte source for tests and vectors (never used by the app): SHA-256 of a
/// seed and a counter.
pub struct TestRng {
    seed: Vec<u8>,
    counter: u64,
}

impl TestRng {
    pub fn new(seed: &str) -> TestRng {
        TestRng { seed: seed.as_bytes().to_vec(), counter: 0 }
    }

    pub fn fill(&mut self, buf: &mut [u8]) -> Result<(), EntropyError> {
        for chunk in buf.chunks_mut(32) {
            let mut h = Sha256::new();
            h.update(&self.seed);
            h.update(self.counter.to_be_bytes());
            self.counter += 1;
            chunk.copy_from_slice(&h.finalize()[..chunk.len()]);
        }
        Ok(())
    }

    pub fn f(&mut self) -> impl FnMut(&mut [u8]) -> Result<(), EntropyError> + '_ {
        move |b| self.fill(b)
    }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

pub fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    date(y, m, d).and_hms_opt(h, 0, 0).expect("time")
}

pub fn provider(seed: &str, institution: &str, role: PartnerRole) -> (ProviderCard, ProviderKeys) {
    let mut rng = TestRng::new(seed);
    let keys = ProviderKeys::generate(&mut rng.f()).expect("keys");
    let identity = ProviderIdentity {
        name: "見本 次郎".into(),
        institution: institution.into(),
        role,
        department: "内科".into(),
        phone: Some(Phone("03-0000-2001".into())),
        fax: Some(Phone("03-0000-2002".into())),
        institution_code: Some("1312345678".into()),
    };
    (ProviderCard::new(identity, &keys), keys)
}

pub const CLINIC: &str = "みほん内科クリニック";
pub const HOSPITAL: &str = "見本市立がんセンター";

/// A routine visit at `institution` on `day`, as a provider's draft.
pub fn visit_draft_at(institution: &str, place: Place, day: NaiveDate) -> Draft {
    Draft {
        body: EntryBody::Visit(VisitRecord {
            planned_visit: None,
            visit_date: day,
            report_date: Some(day),
            place,
            institution: institution.into(),
            doctor: Some("見本 次郎".into()),
            next_planned_date: Some(date(2025, 9, 15)),
            next_place: None,
            plan_changed: false,
            changed_items: Default::default(),
            details: "著変なし".into(),
            remarks: String::new(),
            attachments: false,
            checklist: vec![],
        }),
        supersedes: None,
    }
}
