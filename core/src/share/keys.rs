//! Keys and identities: the patient's record key, a provider's identity and keys, the provider
//! card, key ids and fingerprints.

use std::fmt;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem as _, Serializable};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use super::{bytes, cbor_decode, cbor_encode, sha256, MessageKind, CARD_VERSION, MAGIC};
use crate::record::{PartnerRole, Phone};
use crate::vault::EntropyError;

/// The HPKE KEM of every sealed message.
pub(crate) type Kem = X25519HkdfSha256;

/// Length of a key id.
pub const KEY_ID_LEN: usize = 8;

/// A short id of an X25519 public key: the first 8 bytes of
/// SHA-256(`"watashi-no-karte/key-id"` || key). It lets a device tell "sealed for someone
/// else" from "damaged" without trying to open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct KeyId(#[serde(with = "bytes")] pub [u8; KEY_ID_LEN]);

impl KeyId {
    /// The id of an X25519 public key.
    pub fn of(public: &[u8; 32]) -> KeyId {
        let h = sha256(&[b"watashi-no-karte/key-id", public]);
        let mut id = [0; KEY_ID_LEN];
        id.copy_from_slice(&h[..KEY_ID_LEN]);
        KeyId(id)
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// The fingerprint two people compare by eye or read aloud: 16 decimal digits in four groups
/// (`4821 0937 5512 0846`), from SHA-256(`"watashi-no-karte/fingerprint"` || X25519 key ||
/// Ed25519 key) read as a big-endian integer modulo 10^16 (53 bits). Digits, because they are
/// read the same way in Japanese and English and on the phone.
pub fn fingerprint(x25519: &[u8; 32], ed25519: &[u8; 32]) -> String {
    let h = sha256(&[b"watashi-no-karte/fingerprint", x25519, ed25519]);
    let mut first = [0u8; 16];
    first.copy_from_slice(&h[..16]);
    let n = u128::from_be_bytes(first) % 10_u128.pow(16);
    let digits = format!("{n:016}");
    digits.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

/// An X25519 private key of the share protocol (RFC 9180 DeriveKeyPair output), wiped on drop.
/// Its `Debug` shows the public key's id only.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretKey(#[serde(with = "bytes")] Zeroizing<[u8; 32]>);

impl SecretKey {
    /// Derives a key pair from 32 bytes of fresh entropy (RFC 9180 §7.1.3 DeriveKeyPair).
    pub fn from_entropy(ikm: &[u8; 32]) -> SecretKey {
        let (sk, _) = Kem::derive_keypair(ikm);
        let mut bytes = Zeroizing::new([0u8; 32]);
        bytes.copy_from_slice(&sk.to_bytes());
        SecretKey(bytes)
    }

    /// A new key from the platform's entropy.
    ///
    /// # Errors
    /// [`EntropyError`] when the platform gives no randomness.
    pub fn generate(rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>) -> Result<SecretKey, EntropyError> {
        let mut ikm = Zeroizing::new([0u8; 32]);
        rng(&mut ikm[..])?;
        Ok(SecretKey::from_entropy(&ikm))
    }

    pub(crate) fn hpke(&self) -> Option<<Kem as hpke::Kem>::PrivateKey> {
        <Kem as hpke::Kem>::PrivateKey::from_bytes(&self.0[..]).ok()
    }

    /// The public key.
    pub fn public(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        if let Some(sk) = self.hpke() {
            out.copy_from_slice(&Kem::sk_to_pk(&sk).to_bytes());
        }
        out
    }

    /// The public key's id.
    pub fn key_id(&self) -> KeyId {
        KeyId::of(&self.public())
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey(id {})", self.key_id())
    }
}

/// Who a provider is, as printed on the card and shown to the patient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderIdentity {
    /// The person (doctor, nurse, pharmacist) or the office.
    pub name: String,
    /// The institution.
    pub institution: String,
    /// Its role for the patient.
    pub role: PartnerRole,
    /// Department (診療科).
    #[serde(default)]
    pub department: String,
    /// Phone.
    #[serde(default)]
    pub phone: Option<Phone>,
    /// Fax.
    #[serde(default)]
    pub fax: Option<Phone>,
    /// 医療機関コード (10 digits), when given.
    #[serde(default)]
    pub institution_code: Option<String>,
}

/// A provider's private keys: X25519 to receive shares, Ed25519 to sign entries. Kept in the
/// provider's own vault. `Debug` shows the fingerprint only.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderKeys {
    /// Receives shares.
    pub x25519: SecretKey,
    /// Signs entries and the card (the 32-byte Ed25519 seed).
    #[serde(with = "bytes")]
    ed25519: Zeroizing<[u8; 32]>,
}

impl ProviderKeys {
    /// Keys from 64 bytes of fresh entropy (32 for each key).
    pub fn from_entropy(seed: &[u8; 64]) -> ProviderKeys {
        let mut x = Zeroizing::new([0u8; 32]);
        x.copy_from_slice(&seed[..32]);
        let mut e = Zeroizing::new([0u8; 32]);
        e.copy_from_slice(&seed[32..]);
        ProviderKeys { x25519: SecretKey::from_entropy(&x), ed25519: e }
    }

    /// New keys from the platform's entropy.
    ///
    /// # Errors
    /// [`EntropyError`].
    pub fn generate(rng: &mut impl FnMut(&mut [u8]) -> Result<(), EntropyError>) -> Result<ProviderKeys, EntropyError> {
        let mut seed = Zeroizing::new([0u8; 64]);
        rng(&mut seed[..])?;
        Ok(ProviderKeys::from_entropy(&seed))
    }

    pub(crate) fn signing(&self) -> SigningKey {
        SigningKey::from_bytes(&self.ed25519)
    }

    /// The Ed25519 public key.
    pub fn verifying(&self) -> [u8; 32] {
        self.signing().verifying_key().to_bytes()
    }

    /// The fingerprint of both public keys.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.x25519.public(), &self.verifying())
    }

    /// Signs `message` (already domain-separated by the caller).
    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing().sign(message).to_bytes()
    }
}

impl fmt::Debug for ProviderKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProviderKeys({})", self.fingerprint())
    }
}

/// Verifies an Ed25519 signature (strict: rejects malleable and small-order forms).
pub(crate) fn verify(public: &[u8; 32], message: &[u8], signature: &[u8; 64]) -> bool {
    let Ok(key) = VerifyingKey::from_bytes(public) else { return false };
    key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(signature)).is_ok()
}

/// The signed content of a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct CardBody {
    identity: ProviderIdentity,
    #[serde(with = "bytes")]
    x25519: [u8; 32],
    #[serde(with = "bytes")]
    ed25519: [u8; 32],
}

/// A provider card: the identity and public keys, signed by the provider's own Ed25519 key.
/// The self-signature proves the two keys belong together and the text was not altered; whom
/// to trust is the patient's decision at pairing (the fingerprint, or the card seen on the
/// clinic's wall), after which the keys are pinned in the partner list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderCard {
    /// Who.
    pub identity: ProviderIdentity,
    /// Receives shares.
    pub x25519: [u8; 32],
    /// Signs entries.
    pub ed25519: [u8; 32],
}

/// Why a card cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardError {
    /// Not a card message (see [`super::OpenError`] for the header checks).
    Header(super::OpenError),
    /// Shorter than a header, a body and a signature.
    Truncated,
    /// The body is not a card.
    Malformed(String),
    /// The self-signature does not verify: altered or forged.
    BadSignature,
    /// A required field is empty (name or institution).
    MissingField(&'static str),
}

impl fmt::Display for CardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CardError::Header(e) => e.fmt(f),
            CardError::Truncated => f.write_str("the card is cut short"),
            CardError::Malformed(m) => write!(f, "the card is not readable: {m}"),
            CardError::BadSignature => f.write_str("the card's signature does not match: altered or forged"),
            CardError::MissingField(n) => write!(f, "the card has no {n}"),
        }
    }
}

impl std::error::Error for CardError {}

const CARD_CONTEXT: &[u8] = b"watashi-no-karte/card v1\0";

impl ProviderCard {
    /// The card of an identity with its keys.
    pub fn new(identity: ProviderIdentity, keys: &ProviderKeys) -> ProviderCard {
        ProviderCard { identity, x25519: keys.x25519.public(), ed25519: keys.verifying() }
    }

    /// The fingerprint of the card's keys.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.x25519, &self.ed25519)
    }

    /// The id of the card's X25519 key.
    pub fn key_id(&self) -> KeyId {
        KeyId::of(&self.x25519)
    }

    /// The card message: header (`WK`, version, kind 1), CBOR body, Ed25519 signature (64
    /// bytes) over `"watashi-no-karte/card v1\0"` || header || body. `keys` must be the card's.
    pub fn to_message(&self, keys: &ProviderKeys) -> Vec<u8> {
        let body = CardBody { identity: self.identity.clone(), x25519: self.x25519, ed25519: self.ed25519 };
        let mut m = vec![MAGIC[0], MAGIC[1], CARD_VERSION, MessageKind::Card.code()];
        m.extend_from_slice(&cbor_encode(&body));
        let sig = keys.sign(&[CARD_CONTEXT, &m].concat());
        m.extend_from_slice(&sig);
        m
    }

    /// Reads and verifies a card message.
    ///
    /// # Errors
    /// A [`CardError`].
    pub fn from_message(m: &[u8]) -> Result<ProviderCard, CardError> {
        super::check_header(m, MessageKind::Card).map_err(CardError::Header)?;
        if m.len() < 4 + 1 + 64 {
            return Err(CardError::Truncated);
        }
        let (signed, sig) = m.split_at(m.len() - 64);
        let body: CardBody = cbor_decode(&signed[4..]).map_err(CardError::Malformed)?;
        let mut s = [0u8; 64];
        s.copy_from_slice(sig);
        if !verify(&body.ed25519, &[CARD_CONTEXT, signed].concat(), &s) {
            return Err(CardError::BadSignature);
        }
        if body.identity.name.trim().is_empty() {
            return Err(CardError::MissingField("name"));
        }
        if body.identity.institution.trim().is_empty() {
            return Err(CardError::MissingField("institution"));
        }
        Ok(ProviderCard { identity: body.identity, x25519: body.x25519, ed25519: body.ed25519 })
    }
}

impl Zeroize for ProviderKeys {
    fn zeroize(&mut self) {
        self.ed25519.zeroize();
    }
}
