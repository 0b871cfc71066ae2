//! Reading internally tagged enums (`{"kind": "memo", "text": "..."}`) without serde's
//! `Content` buffer.
//!
//! `#[serde(tag = "...")]` on a `Deserialize` makes serde buffer every tagged object in its
//! private `Content` type and compile a second deserializer for every type inside it: more than
//! 100 KB of the app's WebAssembly. The tagged enums of this crate keep the derived `Serialize`
//! (tag first, then the fields: the stored JSON is unchanged) and implement `Deserialize` with
//! [`read`]: the object is read into a `serde_json` map (code the app needs anyway), the tag is
//! taken out, and the variant is read from the rest with `serde_json::from_value`. Key order
//! does not matter (a migrated record goes through `serde_json::Value`, which sorts keys), and
//! the errors are serde's own: missing field, unknown variant, unknown field, invalid type.
//!
//! What the derive also accepted and this does not: the array form (`["memo", "text"]`) and a
//! variant index as the tag; neither is ever written.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, Deserializer, Error, MapAccess, Visitor};
use serde_json::{Map, Value};

/// The fields of a tagged object, without its tag. `E` is the error type of the caller's
/// deserializer.
pub(crate) struct Fields<E> {
    map: Map<String, Value>,
    error: PhantomData<E>,
}

/// Reads an object of the internally tagged enum `name` and takes out its `tag`.
pub(crate) fn read<'de, D: Deserializer<'de>>(
    d: D,
    name: &'static str,
    tag: &'static str,
) -> Result<(String, Fields<D::Error>), D::Error> {
    let mut map = d.deserialize_any(ObjectVisitor(name))?;
    let value = map.remove(tag).ok_or_else(|| D::Error::missing_field(tag))?;
    let tag = serde_json::from_value(value).map_err(D::Error::custom)?;
    Ok((tag, Fields { map, error: PhantomData }))
}

impl<E: Error> Fields<E> {
    /// The rest of the object as one value (the struct of a newtype variant).
    pub(crate) fn rest<T: DeserializeOwned>(self) -> Result<T, E> {
        serde_json::from_value(Value::Object(self.map)).map_err(E::custom)
    }

    /// One field of a struct variant (required).
    pub(crate) fn field<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<T, E> {
        let value = self.map.remove(name).ok_or_else(|| E::missing_field(name))?;
        serde_json::from_value(value).map_err(E::custom)
    }

    /// For a variant that denies unknown fields: fails on the first field not in `expected`.
    pub(crate) fn only(self, expected: &'static [&'static str]) -> Result<Self, E> {
        match self.map.keys().find(|k| !expected.contains(&k.as_str())) {
            Some(k) => Err(E::unknown_field(k, expected)),
            None => Ok(self),
        }
    }
}

/// Reads any JSON object into a map; anything else is "invalid type ..., expected internally
/// tagged enum <name>", as with the derive.
struct ObjectVisitor(&'static str);

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Map<String, Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "internally tagged enum {}", self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = Map::new();
        while let Some((key, value)) = access.next_entry::<String, Value>()? {
            if map.contains_key(&key) {
                return Err(A::Error::custom(format_args!("duplicate field `{key}`")));
            }
            map.insert(key, value);
        }
        Ok(map)
    }
}
