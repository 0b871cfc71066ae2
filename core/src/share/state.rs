//! The sharing state kept with the record, inside the vault: the record's own key, the shares
//! made (so an answer can be matched to its share) and the messages merged (so the same QR
//! code twice adds nothing).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::bundle::Part;
use super::keys::{CardError, KeyId, ProviderCard, ProviderIdentity, ProviderKeys, SecretKey};
use super::{bytes, MessageKind};
use crate::record::{Basis, Entry, EntryId, PartnerRole, PinnedKeys};
use crate::vault::EntropyError;

/// One share made: to whom, when, what was left out, and the record as shared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareLogItem {
    /// The share id (16 random bytes; answers name it).
    #[serde(with = "bytes")]
    pub share_id: [u8; 16],
    /// The transfer id of its frames.
    pub transfer: u32,
    /// The institution shared with.
    pub institution: String,
    /// Its key id.
    pub key: KeyId,
    /// When.
    pub at: NaiveDateTime,
    /// The parts left out.
    pub omitted: Vec<Part>,
    /// The record as shared.
    pub basis: Basis,
}

/// One message merged into the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedMessage {
    /// Its transfer id.
    pub transfer: u32,
    /// The share it answered.
    #[serde(with = "bytes")]
    pub answers: [u8; 16],
    /// `entries` or `issue`.
    pub kind: String,
    /// When it was merged.
    pub at: NaiveDateTime,
    /// Who signed it (institution, as on its card).
    pub institution: String,
    /// Whether the signer's key was pinned for that institution.
    pub verified: bool,
    /// The entries it added.
    pub entries: Vec<EntryId>,
    /// The provider said it kept the shared record on its device.
    #[serde(default)]
    pub kept_by_provider: bool,
}

impl MergedMessage {
    /// The kind, as a [`MessageKind`].
    pub fn message_kind(&self) -> MessageKind {
        if self.kind == "issue" { MessageKind::Issue } else { MessageKind::Entries }
    }
}

/// A provider's device: its identity and keys, and what it wrote (to reprint 様式2). Kept in
/// the provider's own vault, like a patient's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderProfile {
    /// Who.
    pub identity: ProviderIdentity,
    /// Its keys.
    pub keys: ProviderKeys,
    /// What it signed and sent back, newest last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub written: Vec<Written>,
    /// Shared records the doctor chose to keep (the patient was told), newest last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<KeptShare>,
    /// A planning hospital's registered partner institutions (their cards, scanned), which it
    /// signs as the partner list in every booklet and plan change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<RegisteredCard>,
}

/// A partner institution's card as a hospital registered it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredCard {
    /// When.
    pub at: NaiveDateTime,
    /// The card message, self-signed, as scanned.
    #[serde(with = "bytes")]
    pub card: Vec<u8>,
}

/// A shared record a provider kept, by the doctor's explicit choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeptShare {
    /// When.
    pub at: NaiveDateTime,
    /// What was shared.
    pub bundle: super::bundle::Bundle,
}

impl Eq for KeptShare {}

impl ProviderProfile {
    /// The provider's card.
    pub fn card(&self) -> ProviderCard {
        ProviderCard::new(self.identity.clone(), &self.keys)
    }

    /// Registers a partner's card (a card message, checked); one of the same institution is
    /// replaced. Returns the card.
    ///
    /// # Errors
    /// The card's [`CardError`]; nothing changes.
    pub fn register(&mut self, message: &[u8], at: NaiveDateTime) -> Result<ProviderCard, CardError> {
        let card = ProviderCard::from_message(message)?;
        self.partners.retain(|r| {
            ProviderCard::from_message(&r.card).map_or(true, |c| c.identity.institution != card.identity.institution)
        });
        self.partners.push(RegisteredCard { at, card: message.to_vec() });
        Ok(card)
    }

    /// Removes the partner of this institution from the registry.
    pub fn unregister(&mut self, institution: &str) {
        self.partners.retain(|r| ProviderCard::from_message(&r.card).map_or(true, |c| c.identity.institution != institution));
    }

    /// The registered partners' cards, in the order registered.
    pub fn registered(&self) -> Vec<ProviderCard> {
        self.partners.iter().filter_map(|r| ProviderCard::from_message(&r.card).ok()).collect()
    }
}

/// What a provider sent back to one patient.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Written {
    /// When.
    pub at: NaiveDateTime,
    /// The patient's name, as shared.
    pub patient: String,
    /// The share it answered.
    #[serde(with = "bytes")]
    pub share_id: [u8; 16],
    /// The signed entries.
    pub entries: Vec<Entry>,
}

impl Eq for Written {}

/// An institution the patient paired with: the role and keys the patient saw on its card and
/// confirmed. Only the patient's own pairing ([`super::exchange::pair`]) writes one; no answer
/// can (the pin map is outside the entry log that answers append to).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    /// The role the patient confirmed.
    pub role: PartnerRole,
    /// The keys, as on the card (hex, 64 digits each).
    pub keys: PinnedKeys,
    /// When the patient paired.
    pub at: NaiveDateTime,
}

/// The share protocol's state of one record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sharing {
    /// The record's X25519 key: answers are sealed to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<SecretKey>,
    /// Shares made, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shares: Vec<ShareLogItem>,
    /// Messages merged, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<MergedMessage>,
    /// This device's provider identity, when it is a provider's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderProfile>,
    /// The patient's pins, by institution: the only source of direct trust.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pins: BTreeMap<String, Pin>,
    /// Institutions whose pairing the patient must confirm again (a record of format 3 held a
    /// pin whose partner entry someone else than the patient had superseded): the share page
    /// says so until the institution's card is scanned again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reconfirm: Vec<String>,
}

impl Sharing {
    /// Whether there is nothing to store.
    pub fn is_empty(&self) -> bool {
        self.key.is_none()
            && self.shares.is_empty()
            && self.merged.is_empty()
            && self.provider.is_none()
            && self.pins.is_empty()
            && self.reconfirm.is_empty()
    }

    /// Gives the record its key if it has none (a new record, or one from before the share
    /// protocol). Returns whether a key was made (then the record must be saved).
    ///
    /// # Errors
    /// [`EntropyError`]; the state is then unchanged.
    pub fn ensure_key(&mut self, rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>) -> Result<bool, EntropyError> {
        if self.key.is_some() {
            return Ok(false);
        }
        self.key = Some(SecretKey::generate(rng)?);
        Ok(true)
    }

    /// The share with this id.
    pub fn share(&self, id: &[u8; 16]) -> Option<&ShareLogItem> {
        self.shares.iter().find(|s| &s.share_id == id)
    }

    /// The messages merged that answer this share.
    pub fn answers_to(&self, id: &[u8; 16]) -> usize {
        self.merged.iter().filter(|m| &m.answers == id).count()
    }

    /// The merged message with this transfer id and share.
    pub fn merged_message(&self, transfer: u32, answers: &[u8; 16]) -> Option<&MergedMessage> {
        self.merged.iter().find(|m| m.transfer == transfer && &m.answers == answers)
    }
}
