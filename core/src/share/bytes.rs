//! Serde for byte strings: a CBOR byte string in the wire format, lowercase hex in JSON (the
//! vault's plaintext), so keys and hashes cost their length and nothing more on the wire.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use zeroize::Zeroizing;

/// Byte containers this module reads and writes.
pub trait ByteString: Sized {
    /// The bytes.
    fn as_slice(&self) -> &[u8];
    /// From bytes of the right length.
    fn from_slice(b: &[u8]) -> Option<Self>;
}

impl<const N: usize> ByteString for [u8; N] {
    fn as_slice(&self) -> &[u8] {
        self
    }
    fn from_slice(b: &[u8]) -> Option<Self> {
        b.try_into().ok()
    }
}

impl<const N: usize> ByteString for Zeroizing<[u8; N]> {
    fn as_slice(&self) -> &[u8] {
        &self[..]
    }
    fn from_slice(b: &[u8]) -> Option<Self> {
        <[u8; N]>::try_from(b).ok().map(Zeroizing::new)
    }
}

impl ByteString for Vec<u8> {
    fn as_slice(&self) -> &[u8] {
        self
    }
    fn from_slice(b: &[u8]) -> Option<Self> {
        Some(b.to_vec())
    }
}

/// Hex digits of bytes.
pub fn to_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Bytes of hex digits.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect()
}

/// Serializes bytes (hex when human-readable).
pub fn serialize<S: Serializer, T: ByteString>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() {
        s.serialize_str(&to_hex(v.as_slice()))
    } else {
        s.serialize_bytes(v.as_slice())
    }
}

struct BytesVisitor<T>(std::marker::PhantomData<T>);

impl<T: ByteString> Visitor<'_> for BytesVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a byte string of the right length")
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<T, E> {
        T::from_slice(v).ok_or_else(|| E::invalid_length(v.len(), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        let b = from_hex(v).ok_or_else(|| E::custom("invalid hex"))?;
        T::from_slice(&b).ok_or_else(|| E::invalid_length(b.len(), &self))
    }
}

/// Deserializes bytes (a byte string, or hex text).
pub fn deserialize<'de, D: Deserializer<'de>, T: ByteString>(d: D) -> Result<T, D::Error> {
    if d.is_human_readable() {
        d.deserialize_str(BytesVisitor(std::marker::PhantomData))
    } else {
        d.deserialize_bytes(BytesVisitor(std::marker::PhantomData))
    }
}
