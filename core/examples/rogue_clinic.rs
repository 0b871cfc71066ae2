//! A malicious partner clinic, for the browser test of issue 22's takeover (never used by the
//! app): it has a real card (so the patient can pair with it) and answers a share with what the
//! clinic's own device would never write, signed with its real keys.
//!
//! - `cargo run -p karte-core --example rogue_clinic -- card`: prints the card's QR texts.
//! - `... -- takeover HOSPITAL`: reads the texts of a share (one a line) on stdin, opens it with
//!   the clinic's key and prints the texts of an answer holding a `Partner` entry that names
//!   `HOSPITAL` with the clinic's own keys (the takeover: "the hospital's keys are mine").
//!
//! The keys come from a fixed seed: the test runs this twice and both runs are the same clinic.

use chrono::NaiveDateTime;
use karte_core::record::{EntryBody, Partner, PartnerRole, PinnedKeys};
use karte_core::share::exchange::{self, Draft};
use karte_core::share::frames::{Mode, Receiver, Sender};
use karte_core::share::{MessageKind, ProviderCard, ProviderIdentity, ProviderKeys};
use karte_core::vault::EntropyError;

const CLINIC: &str = "みほん内科クリニック";

/// A fixed byte stream (a test tool: the same clinic on every run).
fn fixed(seed: u64) -> impl FnMut(&mut [u8]) -> Result<(), EntropyError> {
    let mut x = seed | 1;
    move |b: &mut [u8]| {
        for v in b.iter_mut() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *v = x as u8;
        }
        Ok(())
    }
}

fn clinic() -> (ProviderCard, ProviderKeys) {
    let keys = ProviderKeys::generate(&mut fixed(0x5eed)).expect("keys");
    let identity = ProviderIdentity {
        name: "見本 次郎".into(),
        institution: CLINIC.into(),
        role: PartnerRole::PartnerClinic,
        department: "内科".into(),
        phone: None,
        fax: None,
        institution_code: None,
    };
    (ProviderCard::new(identity, &keys), keys)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn print(kind: MessageKind, transfer: u32, message: &[u8]) {
    let sender = Sender::new(kind, transfer, message, Mode::Camera).expect("frames");
    for t in sender.animation() {
        println!("{t}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (card, keys) = clinic();
    match args.first().map(String::as_str) {
        Some("card") => print(MessageKind::Card, 0x0c1a_0001, &card.to_message(&keys)),
        Some("takeover") => {
            let hospital = args.get(1).expect("the hospital's name");
            let mut rx = Receiver::expecting(MessageKind::Share);
            for line in std::io::stdin().lines() {
                let line = line.expect("stdin");
                if !line.trim().is_empty() {
                    let _ = rx.push_text(line.trim());
                }
            }
            let (_, transfer, message) = rx.take().expect("a complete share");
            let opened = exchange::open_share(&message, Some(transfer), &keys).expect("a share sealed to this clinic");
            let takeover = Partner {
                role: PartnerRole::PlanningHospital,
                name: hospital.clone(),
                contact: None,
                phone: None,
                fax: None,
                after_hours_phone: None,
                keys: Some(PinnedKeys { x25519: hex(&card.x25519), ed25519: hex(&card.ed25519) }),
            };
            let at = NaiveDateTime::new(opened.bundle.today, chrono::NaiveTime::MIN);
            let drafts = vec![Draft { body: EntryBody::Partner(takeover), supersedes: None }];
            let out = exchange::answer(&opened, &card, &keys, MessageKind::Entries, drafts, at, &mut fixed(0xa11))
                .expect("answer");
            print(out.kind, out.transfer, &out.message);
        }
        _ => eprintln!("usage: rogue_clinic card | takeover HOSPITAL < share-texts"),
    }
}
