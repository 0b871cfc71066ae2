//! The text form of a frame: a short prefix, then the frame's bytes in Base45 (RFC 9285).
//!
//! Base45 uses exactly the 45 characters of the QR code's alphanumeric mode (`0-9 A-Z`, space
//! and `$ % * + - . / :`), so a QR code holds 1.5 characters per byte in 5.5 bits each: denser
//! than Base64 in byte mode, and plain enough for a USB 2D scanner typing as a keyboard.

use std::fmt;

/// The prefix of every frame of this format, version 1 of the text form.
pub const PREFIX: &str = "WK1:";

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Why a scanned text is not a frame of ours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextError {
    /// The text does not start with a `WK<n>:` prefix: another QR code (a URL, a product
    /// code), or a scanner that typed the prefix wrongly; the first characters are kept to say
    /// which.
    NotOurs(String),
    /// A prefix of ours with a version this app does not read (`WK2:`): update the app.
    UnknownVersion(String),
    /// Nothing after the prefix.
    Empty,
    /// A character outside the Base45 alphabet, at this character position after the prefix.
    BadCharacter {
        /// 0-based position after the prefix.
        position: usize,
        /// The character found.
        found: char,
    },
    /// The text's length after the prefix leaves a single character at the end (Base45 groups
    /// are 2 or 3 characters): the text was cut.
    BadLength(usize),
    /// A 3-character group whose value exceeds 65535 at this position: not Base45.
    GroupOverflow(usize),
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::NotOurs(start) => write!(f, "not a 私のカルテ code (it starts {start:?})"),
            TextError::UnknownVersion(p) => write!(f, "code version {p} is newer than this app"),
            TextError::Empty => f.write_str("the code holds nothing after its prefix"),
            TextError::BadCharacter { position, found } => {
                write!(f, "character {found:?} at position {position} is not Base45")
            }
            TextError::BadLength(n) => write!(f, "{n} characters cannot be Base45 (cut short?)"),
            TextError::GroupOverflow(p) => write!(f, "Base45 group at position {p} is out of range"),
        }
    }
}

impl std::error::Error for TextError {}

/// Encodes bytes as Base45 (RFC 9285 §4).
pub fn base45_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    let mut push = |v: usize| out.push(ALPHABET[v] as char);
    for pair in bytes.chunks(2) {
        match *pair {
            [a, b] => {
                let n = (usize::from(a) << 8) | usize::from(b);
                push(n % 45);
                push(n / 45 % 45);
                push(n / 2025);
            }
            [a] => {
                let n = usize::from(a);
                push(n % 45);
                push(n / 45);
            }
            _ => {}
        }
    }
    out
}

fn value(c: u8) -> Option<usize> {
    ALPHABET.iter().position(|&a| a == c)
}

/// Decodes Base45 (RFC 9285 §4), rejecting anything not canonical.
///
/// # Errors
/// [`TextError::BadCharacter`], [`TextError::BadLength`], [`TextError::GroupOverflow`].
pub fn base45_decode(text: &str) -> Result<Vec<u8>, TextError> {
    let chars = text.as_bytes();
    if chars.len() % 3 == 1 {
        return Err(TextError::BadLength(chars.len()));
    }
    let mut digits = Vec::with_capacity(chars.len());
    for (position, &c) in chars.iter().enumerate() {
        match value(c) {
            Some(v) => digits.push(v),
            None => {
                let found = text[position..].chars().next().unwrap_or('?');
                return Err(TextError::BadCharacter { position, found });
            }
        }
    }
    let mut out = Vec::with_capacity(digits.len() / 3 * 2 + 1);
    for (i, group) in digits.chunks(3).enumerate() {
        match *group {
            [c, d, e] => {
                let n = c + d * 45 + e * 2025;
                if n > 0xFFFF {
                    return Err(TextError::GroupOverflow(i * 3));
                }
                out.push((n >> 8) as u8);
                out.push((n & 0xFF) as u8);
            }
            [c, d] => {
                let n = c + d * 45;
                if n > 0xFF {
                    return Err(TextError::GroupOverflow(i * 3));
                }
                out.push(n as u8);
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The text of a frame: [`PREFIX`] and the bytes in Base45.
pub fn to_text(frame: &[u8]) -> String {
    let mut s = String::from(PREFIX);
    s.push_str(&base45_encode(frame));
    s
}

/// Removes the prefix (surrounding whitespace and a trailing newline from a scanner are
/// ignored) and returns the Base45 part.
///
/// # Errors
/// [`TextError::NotOurs`], [`TextError::UnknownVersion`], [`TextError::Empty`].
pub fn unprefix(text: &str) -> Result<&str, TextError> {
    let text = text.trim_matches(|c: char| c == '\r' || c == '\n' || c == '\t');
    if let Some(rest) = text.strip_prefix(PREFIX) {
        return if rest.is_empty() { Err(TextError::Empty) } else { Ok(rest) };
    }
    // `WK<digits>:` is ours but of another version.
    let version: String = text.strip_prefix("WK").unwrap_or("").chars().take_while(char::is_ascii_digit).collect();
    if !version.is_empty() && text[2 + version.len()..].starts_with(':') {
        return Err(TextError::UnknownVersion(format!("WK{version}:")));
    }
    Err(TextError::NotOurs(text.chars().take(4).collect()))
}

/// Reads a frame's text into its bytes: [`unprefix`] then [`base45_decode`].
///
/// # Errors
/// A [`TextError`].
pub fn from_text(text: &str) -> Result<Vec<u8>, TextError> {
    base45_decode(unprefix(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_9285_examples() {
        assert_eq!(base45_encode(b"AB"), "BB8");
        assert_eq!(base45_encode(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(base45_encode(b"base-45"), "UJCLQE7W581");
        assert_eq!(base45_decode("QED8WEX0").as_deref(), Ok(&b"ietf!"[..]));
        assert_eq!(base45_decode("GGW"), Err(TextError::GroupOverflow(0)));
        assert_eq!(base45_decode("ZZZZ"), Err(TextError::BadLength(4)));
        assert_eq!(base45_decode("AB?"), Err(TextError::BadCharacter { position: 2, found: '?' }));
    }

    #[test]
    fn round_trip_every_byte_pair_edge() {
        for bytes in [vec![], vec![0], vec![255], vec![255, 255], vec![0, 0, 0], (0..=255).collect()] {
            assert_eq!(base45_decode(&base45_encode(&bytes)), Ok(bytes));
        }
    }

    #[test]
    fn prefixes() {
        assert_eq!(unprefix("WK1:ABC\r\n"), Ok("ABC"));
        assert_eq!(unprefix("https://example.org"), Err(TextError::NotOurs("http".into())));
        assert_eq!(unprefix("WK2:ABC"), Err(TextError::UnknownVersion("WK2:".into())));
        assert_eq!(unprefix("WK1:"), Err(TextError::Empty));
        assert_eq!(unprefix("WKX:"), Err(TextError::NotOurs("WKX:".into())));
    }
}
