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

/// Whether `s` is canonical hex, as [`to_hex`] writes it: an even number of the digits
/// `0-9a-f`, lower case only. Keys and key ids are compared as these strings, so one value
/// must have one spelling: `AB`, `aB` and `+b` (which `u8::from_str_radix` takes) are refused.
pub fn is_canonical_hex(s: &str) -> bool {
    s.len() % 2 == 0 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Bytes of canonical hex digits ([`is_canonical_hex`]); `None` for anything else.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !is_canonical_hex(s) {
        return None;
    }
    let digit = |b: u8| if b <= b'9' { b - b'0' } else { b - b'a' + 10 };
    Some(s.as_bytes().chunks_exact(2).map(|p| digit(p[0]) << 4 | digit(p[1])).collect())
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
        let b = from_hex(v).ok_or_else(|| E::custom("not canonical hex (lower-case digits 0-9 a-f, two a byte)"))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_canonical_lower_case_hex_is_read() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(from_hex(&to_hex(&all)), Some(all.clone()), "every byte round-trips");
        assert_eq!(from_hex(""), Some(Vec::new()));
        for bad in ["AB", "aB", "Ab", "0A", "+b", "-1", " a", "a", "abc", "0x", "gg", "１２"] {
            assert_eq!(from_hex(bad), None, "{bad:?}");
            assert!(!is_canonical_hex(bad), "{bad:?}");
        }
        let key = to_hex(&[0xAB; 32]);
        let err = serde_json::from_value::<Wrapped>(serde_json::json!({ "k": key.to_uppercase() })).unwrap_err();
        assert!(err.to_string().contains("not canonical hex"), "{err}");
        assert_eq!(serde_json::from_value::<Wrapped>(serde_json::json!({ "k": key })).unwrap().k, [0xAB; 32]);
    }

    #[derive(Debug, serde::Deserialize)]
    struct Wrapped {
        #[serde(with = "super")]
        k: [u8; 32],
    }
}
