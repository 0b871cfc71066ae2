//! Text armour for backup files: the envelope in standard padded Base64, 64 characters a
//! line, between two marker lines.
//!
//! ```text
//! -----BEGIN KARTE BACKUP-----
//! S0FSVEVWAQEAAAEAAwAAAAEAAAC...
//! -----END KARTE BACKUP-----
//! ```
//!
//! Text survives e-mail, chat apps, note apps and clipboards that mangle binary files. The
//! reader ignores text before and after the markers, blank lines, surrounding spaces and
//! CR/LF differences.

use base64ct::{Base64, Encoding};

/// First line of an armoured backup.
pub const BEGIN: &str = "-----BEGIN KARTE BACKUP-----";
/// Last line of an armoured backup.
pub const END: &str = "-----END KARTE BACKUP-----";
/// Base64 characters per line.
pub const LINE_LEN: usize = 64;
/// Suggested file extension for armoured backups.
pub const FILE_EXTENSION: &str = "karte.txt";

/// Why a text is not an armoured backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArmourError {
    /// No `BEGIN` marker line.
    MissingBegin,
    /// A `BEGIN` marker but no `END` marker after it.
    MissingEnd,
    /// The text between the markers is not valid Base64.
    BadBase64,
}

impl core::fmt::Display for ArmourError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            ArmourError::MissingBegin => "no BEGIN KARTE BACKUP line",
            ArmourError::MissingEnd => "no END KARTE BACKUP line (cut off?)",
            ArmourError::BadBase64 => "the backup's text is not Base64",
        })
    }
}

impl std::error::Error for ArmourError {}

/// Armours envelope bytes.
pub fn armour(envelope: &[u8]) -> String {
    let b64 = Base64::encode_string(envelope);
    let mut out = String::with_capacity(b64.len() + b64.len() / LINE_LEN + BEGIN.len() + 60);
    out.push_str(BEGIN);
    out.push('\n');
    let mut rest = b64.as_str();
    while !rest.is_empty() {
        let (line, tail) = rest.split_at(LINE_LEN.min(rest.len()));
        out.push_str(line);
        out.push('\n');
        rest = tail;
    }
    out.push_str(END);
    out.push('\n');
    out
}

/// Reads armoured text back into envelope bytes. Does not check the envelope itself.
///
/// # Errors
/// An [`ArmourError`].
pub fn dearmour(text: &str) -> Result<Vec<u8>, ArmourError> {
    let mut lines = text.lines().map(str::trim);
    if !lines.by_ref().any(|l| l == BEGIN) {
        return Err(ArmourError::MissingBegin);
    }
    let mut b64 = String::with_capacity(text.len());
    let mut ended = false;
    for line in lines {
        if line == END {
            ended = true;
            break;
        }
        b64.push_str(line);
    }
    if !ended {
        return Err(ArmourError::MissingEnd);
    }
    Base64::decode_vec(&b64).map_err(|_| ArmourError::BadBase64)
}

/// Base64 (standard, padded, one line) of envelope bytes: the form kept in `localStorage`.
pub fn to_base64(bytes: &[u8]) -> String {
    Base64::encode_string(bytes)
}

/// Inverse of [`to_base64`].
///
/// # Errors
/// [`ArmourError::BadBase64`].
pub fn from_base64(text: &str) -> Result<Vec<u8>, ArmourError> {
    Base64::decode_vec(text.trim()).map_err(|_| ArmourError::BadBase64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length() {
        for len in 0..200 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
            let text = armour(&bytes);
            assert!(text
                .lines()
                .all(|l| l.len() <= LINE_LEN || l == BEGIN || l == END));
            assert_eq!(dearmour(&text).unwrap(), bytes);
            assert_eq!(from_base64(&to_base64(&bytes)).unwrap(), bytes);
        }
    }

    #[test]
    fn tolerates_crlf_and_surrounding_text() {
        let text = armour(b"hello vault");
        let mangled = format!(
            "Sent from my phone\r\n\r\n  {}  \r\n-- \r\n",
            text.replace('\n', "\r\n")
        );
        assert_eq!(dearmour(&mangled).unwrap(), b"hello vault");
    }

    #[test]
    fn errors_are_specific() {
        assert_eq!(dearmour("hello"), Err(ArmourError::MissingBegin));
        assert_eq!(
            dearmour(&format!("{BEGIN}\nAAAA\n")),
            Err(ArmourError::MissingEnd)
        );
        assert_eq!(
            dearmour(&format!("{BEGIN}\nA*A=\n{END}")),
            Err(ArmourError::BadBase64)
        );
        assert_eq!(from_base64("not base64!"), Err(ArmourError::BadBase64));
    }
}
