//! The serialized form of a record, its versions, and the migration of older versions.
//!
//! Version 4 (current): as version 3; the sharing state holds the patient's pins (`pins`,
//! `reconfirm`). Reading version 3 or older moves the keys the patient's pairing wrote into
//! partner entries into the pin map ([`crate::share::exchange::migrate_pins`]).
//!
//! Version 3: as version 2, plus `"sharing"` (the share protocol's key and logs, see
//! [`crate::share::Sharing`]), absent when empty.
//!
//! Version 2:
//! `{"format": "watashi-no-karte/record", "version": 2, "demo": false, "entries": [Entry...]}`.
//!
//! Version 1 (the first prototype) had no `format` or `demo`; each entry was
//! `{"id", "author", "time", "replaces", "type", "data"}` with the body's fields in `data`, the
//! profile's kana as `name_kana`, a test result's unit as free text (`""` for none), and the
//! visit's attachment flag as `images_attached`. [`super::Record::from_json`] reads both.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Entry, Record, RecordError};
use crate::share::Sharing;

/// The `format` tag of a serialized record.
pub const FORMAT: &str = "watashi-no-karte/record";

/// The version written by this code.
pub const VERSION: u64 = 4;

/// Why a serialized record cannot be read.
#[derive(Clone, Debug, PartialEq)]
pub enum FormatError {
    /// Not JSON, or not the shape of a record of its version.
    Json(String),
    /// No version number.
    MissingVersion,
    /// The `format` tag is not [`FORMAT`].
    NotARecord,
    /// A version newer than this code knows (or 0).
    UnsupportedVersion(u64),
    /// An old version that could not be migrated.
    Migration {
        /// The version read.
        from: u64,
        /// What was wrong.
        reason: String,
    },
    /// The entries parse but break an invariant.
    Invalid(RecordError),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Json(m) => write!(f, "not a readable record: {m}"),
            FormatError::MissingVersion => f.write_str("the record has no version"),
            FormatError::NotARecord => f.write_str("not a 私のカルテ record"),
            FormatError::UnsupportedVersion(v) => {
                write!(f, "record version {v} is not supported (this app reads 1 to {VERSION})")
            }
            FormatError::Migration { from, reason } => {
                write!(f, "cannot migrate record version {from}: {reason}")
            }
            FormatError::Invalid(e) => write!(f, "invalid record: {e}"),
        }
    }
}

impl std::error::Error for FormatError {}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    format: String,
    version: u64,
    demo: bool,
    entries: Vec<Entry>,
    #[serde(default, skip_serializing_if = "Sharing::is_empty")]
    sharing: Sharing,
}

fn migration(reason: impl Into<String>) -> FormatError {
    FormatError::Migration { from: 1, reason: reason.into() }
}

/// Rewrites a version-1 document into the version-2 shape.
fn migrate_v1(doc: Map<String, Value>) -> Result<Value, FormatError> {
    let entries = match doc.get("entries") {
        Some(Value::Array(a)) => a.clone(),
        _ => return Err(migration("no entries")),
    };
    let mut out = Vec::with_capacity(entries.len());
    for (i, e) in entries.into_iter().enumerate() {
        let Value::Object(mut e) = e else {
            return Err(migration(format!("entry {i} is not an object")));
        };
        let kind = match e.remove("type") {
            Some(Value::String(s)) => s,
            _ => return Err(migration(format!("entry {i} has no type"))),
        };
        let mut body = match e.remove("data") {
            Some(Value::Object(m)) => m,
            _ => return Err(migration(format!("entry {i} has no data"))),
        };
        match kind.as_str() {
            "profile" => {
                if let Some(k) = body.remove("name_kana") {
                    body.insert("kana".into(), k);
                }
            }
            "test-result" => {
                if matches!(body.get("unit"), Some(Value::String(s)) if s.trim().is_empty()) {
                    body.insert("unit".into(), Value::Null);
                }
            }
            "visit" => {
                if let Some(a) = body.remove("images_attached") {
                    body.insert("attachments".into(), a);
                }
            }
            _ => {}
        }
        body.insert("kind".into(), Value::String(kind));
        let mut n = Map::new();
        n.insert("id".into(), e.remove("id").unwrap_or(Value::Null));
        n.insert("author".into(), e.remove("author").unwrap_or(Value::Null));
        n.insert("at".into(), e.remove("time").unwrap_or(Value::Null));
        match e.remove("replaces") {
            None | Some(Value::Null) => {}
            Some(r) => {
                n.insert("supersedes".into(), r);
            }
        }
        n.insert("body".into(), Value::Object(body));
        out.push(Value::Object(n));
    }
    let mut v2 = Map::new();
    v2.insert("format".into(), Value::String(FORMAT.into()));
    v2.insert("version".into(), Value::from(2u64));
    v2.insert("demo".into(), Value::Bool(false));
    v2.insert("entries".into(), Value::Array(out));
    Ok(Value::Object(v2))
}

impl Record {
    /// Reads a record of any supported version (migrating older ones) and validates it.
    pub fn from_json(json: &str) -> Result<Record, FormatError> {
        let value: Value = serde_json::from_str(json).map_err(|e| FormatError::Json(e.to_string()))?;
        let Value::Object(doc) = value else {
            return Err(FormatError::NotARecord);
        };
        let version = doc.get("version").and_then(Value::as_u64).ok_or(FormatError::MissingVersion)?;
        let value = match version {
            1 => migrate_v1(doc)?,
            2..=4 => Value::Object(doc),
            v => return Err(FormatError::UnsupportedVersion(v)),
        };
        let env: Envelope = serde_json::from_value(value).map_err(|e| {
            if version == 1 {
                migration(e.to_string())
            } else {
                FormatError::Json(e.to_string())
            }
        })?;
        if env.format != FORMAT {
            return Err(FormatError::NotARecord);
        }
        if version < 3 && !env.sharing.is_empty() {
            return Err(FormatError::Json(format!("version {version} has no sharing state")));
        }
        let mut record = Record::from_entries(env.demo, env.entries).map_err(FormatError::Invalid)?;
        record.sharing = env.sharing;
        if version < 4 {
            crate::share::exchange::migrate_pins(&mut record);
        }
        Ok(record)
    }

    /// Writes the record in the current version (pretty JSON).
    pub fn to_json(&self) -> Result<String, FormatError> {
        let env = Envelope {
            format: FORMAT.into(),
            version: VERSION,
            demo: self.demo,
            entries: self.entries.clone(),
            sharing: self.sharing.clone(),
        };
        serde_json::to_string_pretty(&env).map_err(|e| FormatError::Json(e.to_string()))
    }
}
