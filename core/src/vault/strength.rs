//! Passphrase guidance: a pure, conservative-leaning estimate of how many guesses an
//! attacker needs, and a typed verdict the UI turns into locale text.
//!
//! This is a small heuristic, not zxcvbn (whose dictionaries would weigh hundreds of KB of
//! WASM): character pools, penalties for repeats, sequences and keyboard runs, and a short
//! list of very common words (with l33t substitutions). It overestimates passphrases built
//! from dictionary words it does not know, so the thresholds are set with margin.

/// Fewer characters than this is [`Strength::TooShort`].
pub const MIN_CHARS: usize = 8;
/// A digits-only passphrase shorter than this is [`Strength::DigitsOnly`] (a PIN).
pub const MIN_DIGITS_ONLY_CHARS: usize = 12;
/// Below this estimate (log2 of guesses) the verdict is [`Strength::Weak`].
pub const OK_BITS: u32 = 36;
/// From this estimate on the verdict is [`Strength::Strong`].
pub const STRONG_BITS: u32 = 60;

/// The verdict, worst first. Only [`Strength::Ok`] and [`Strength::Strong`] are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// Fewer than [`MIN_CHARS`] characters.
    TooShort,
    /// Only digits and fewer than [`MIN_DIGITS_ONLY_CHARS`]: a PIN, cheap to enumerate.
    DigitsOnly,
    /// A very common password, a common word with at most four other characters, or nothing
    /// but a pattern (repeats, sequences, keyboard runs).
    Common,
    /// Long enough but the estimate is below [`OK_BITS`].
    Weak,
    /// Acceptable.
    Ok,
    /// At least [`STRONG_BITS`].
    Strong,
}

/// Something the UI can suggest fixing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Issue {
    /// Contains a very common word or password.
    CommonWord,
    /// Contains a repeated character (`aaa`).
    Repeats,
    /// Contains a run of consecutive characters (`abc`, `321`).
    Sequence,
    /// Contains neighbouring keys (`qwer`, `asdf`).
    KeyboardRun,
    /// Uses a single kind of character (only lowercase, only digits, ...).
    OneCharacterKind,
}

/// The rating of a passphrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    /// The verdict.
    pub strength: Strength,
    /// Estimated log2 of the number of guesses an attacker needs (each guess costs one
    /// Argon2id derivation).
    pub guesses_log2: u32,
    /// What made the estimate lower, at most once each, in a fixed order.
    pub issues: Vec<Issue>,
}

impl Rating {
    /// Whether the UI should accept this passphrase for a vault.
    pub fn is_acceptable(&self) -> bool {
        self.strength >= Strength::Ok
    }
}

/// Very common passwords and words, lowercase, after l33t normalisation; at least 4 chars.
const COMMON: &[&str] = &[
    "password",
    "passwort",
    "qwerty",
    "letmein",
    "iloveyou",
    "admin",
    "welcome",
    "monkey",
    "dragon",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "master",
    "shadow",
    "superman",
    "pokemon",
    "naruto",
    "sakura",
    "tokyo",
    "osaka",
    "japan",
    "nihon",
    "nippon",
    "karte",
    "watashi",
    "aishiteru",
    "daisuki",
    "cancer",
    "hospital",
    "byouin",
    "doraemon",
    "pikachu",
    "hello",
    "secret",
    "login",
    "abc123",
    "test",
    "love",
    "pass",
];

/// Keyboard rows (and the digit row) whose neighbours count as a run.
const ROWS: &[&str] = &["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];

/// Bits charged for a character that follows a pattern.
const PATTERN_BITS: f64 = 1.5;
/// Bits charged for a whole common word.
const WORD_BITS: f64 = 10.0;

/// Rates a passphrase. Pure; the same input always gives the same rating.
pub fn rate(passphrase: &str) -> Rating {
    let chars: Vec<char> = passphrase.chars().collect();
    let n = chars.len();
    let mut issues = Vec::new();

    let (lower, upper, digit, symbol, other) = classes(&chars);
    let pool = 26 * u32::from(lower)
        + 26 * u32::from(upper)
        + 10 * u32::from(digit)
        + 33 * u32::from(symbol)
        + 100 * u32::from(other);
    let kinds =
        u8::from(lower) + u8::from(upper) + u8::from(digit) + u8::from(symbol) + u8::from(other);
    let char_bits = f64::from(pool.max(1)).log2();

    // Per-position cost; patterns and words lower it.
    let mut cost = vec![char_bits; n];
    let folded: Vec<char> = chars.iter().map(|&c| unleet(c)).collect();
    let lowered: Vec<char> = chars.iter().map(char::to_ascii_lowercase).collect();
    for i in 1..n {
        let (a, b) = (lowered[i - 1], lowered[i]);
        let issue = if a == b {
            Some(Issue::Repeats)
        } else if (a as i64 - b as i64).abs() == 1 {
            Some(Issue::Sequence)
        } else if neighbours(chars[i - 1], chars[i]) {
            Some(Issue::KeyboardRun)
        } else {
            None
        };
        if let Some(issue) = issue {
            cost[i] = PATTERN_BITS;
            push_once(&mut issues, issue);
        }
    }
    let mut in_word = vec![false; n];
    for word in COMMON {
        let w: Vec<char> = word.chars().collect();
        let mut i = 0;
        while i + w.len() <= n {
            if folded[i..i + w.len()] == w[..] {
                push_once(&mut issues, Issue::CommonWord);
                cost[i] = cost[i].min(WORD_BITS);
                for j in i..i + w.len() {
                    in_word[j] = true;
                    if j > i {
                        cost[j] = 0.0;
                    }
                }
                i += w.len();
            } else {
                i += 1;
            }
        }
    }
    if kinds == 1 && n > 0 {
        push_once(&mut issues, Issue::OneCharacterKind);
    }
    crate::sort::sort_by_key(&mut issues, |i| crate::sort::rank(*i as usize));

    let bits = cost.iter().sum::<f64>();
    let guesses_log2 = clamp_bits(bits);
    let unpatterned = (1..n)
        .filter(|&i| cost[i] == char_bits && !in_word[i])
        .count()
        + usize::from(n > 0 && !in_word[0]);
    let only_digits = n > 0 && chars.iter().all(char::is_ascii_digit);

    let strength = if n < MIN_CHARS {
        Strength::TooShort
    } else if only_digits && n < MIN_DIGITS_ONLY_CHARS {
        Strength::DigitsOnly
    } else if unpatterned <= 3 || (issues.contains(&Issue::CommonWord) && unpatterned <= 4) {
        Strength::Common
    } else if guesses_log2 < OK_BITS {
        Strength::Weak
    } else if guesses_log2 < STRONG_BITS {
        Strength::Ok
    } else {
        Strength::Strong
    };
    Rating {
        strength,
        guesses_log2,
        issues,
    }
}

fn classes(chars: &[char]) -> (bool, bool, bool, bool, bool) {
    let mut c = (false, false, false, false, false);
    for &ch in chars {
        match ch {
            'a'..='z' => c.0 = true,
            'A'..='Z' => c.1 = true,
            '0'..='9' => c.2 = true,
            _ if ch.is_ascii() => c.3 = true,
            _ => c.4 = true,
        }
    }
    c
}

/// Lowercase with common l33t substitutions undone.
fn unleet(c: char) -> char {
    match c.to_ascii_lowercase() {
        '0' => 'o',
        '1' | '!' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        other => other,
    }
}

fn neighbours(a: char, b: char) -> bool {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    ROWS.iter().any(|row| {
        row.as_bytes().windows(2).any(|w| {
            let (x, y) = (char::from(w[0]), char::from(w[1]));
            (x, y) == (a, b) || (y, x) == (a, b)
        })
    })
}

fn push_once(issues: &mut Vec<Issue>, issue: Issue) {
    if !issues.contains(&issue) {
        issues.push(issue);
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn clamp_bits(bits: f64) -> u32 {
    if bits.is_nan() || bits <= 0.0 {
        0
    } else if bits >= 1000.0 {
        1000
    } else {
        bits.floor() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(passphrase: &str, expect: Strength) {
        let r = rate(passphrase);
        assert_eq!(r.strength, expect, "{passphrase:?} rated {r:?}");
        assert_eq!(r.is_acceptable(), expect >= Strength::Ok);
    }

    #[test]
    fn verdicts() {
        check("", Strength::TooShort);
        check("Tr0ub4!", Strength::TooShort);
        check("1234", Strength::TooShort);
        check("482915", Strength::TooShort);
        check("48291573", Strength::DigitsOnly);
        check("48291573065", Strength::DigitsOnly);
        check("482915730651", Strength::Ok);
        check("password", Strength::Common);
        check("P@ssw0rd1", Strength::Common);
        check("qwertyuiop", Strength::Common);
        check("aaaaaaaaaaaa", Strength::Common);
        check("abcdefghijk", Strength::Common);
        check("12345678901234", Strength::Common);
        check("sakura2024", Strength::Common);
        check("kqzmwptaxv", Strength::Ok);
        check("kqzmwpt", Strength::TooShort);
        check("Kq7#mW2p", Strength::Ok);
        check("correct horse battery staple", Strength::Strong);
        check("さくらがさいた春の日", Strength::Strong);
        check("kqzmmwpt", Strength::Weak);
    }

    #[test]
    fn issues_are_reported_once_in_order() {
        let r = rate("aaapassword123");
        assert_eq!(
            r.issues,
            vec![
                Issue::CommonWord,
                Issue::Repeats,
                Issue::Sequence,
                Issue::KeyboardRun
            ]
        );
        assert_eq!(rate("kqzmwptaxv").issues, vec![Issue::OneCharacterKind]);
    }

    #[test]
    fn pins_are_never_acceptable() {
        for len in 4..=11 {
            let pin: String = (0..len)
                .map(|i| char::from(b'0' + ((i * 7 + 3) % 10) as u8))
                .collect();
            assert!(!rate(&pin).is_acceptable(), "{pin}");
        }
    }
}
