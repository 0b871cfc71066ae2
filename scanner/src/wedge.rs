//! Repairing the text a USB 2D scanner typed (a "keyboard wedge").
//!
//! A frame is `WK1:` and RFC 9285 Base45 characters (`0-9A-Z $%*+-./:`). A scanner types it as
//! key presses, and two things in Japanese clinics change what arrives:
//!
//! - **Keyboard layout.** The scanner presses the keys that make each character on the layout it
//!   is set to; the computer reads those keys with its own layout. Letters, digits, space, `$`,
//!   `%`, `-`, `.` and `/` sit on the same keys on US and JIS keyboards; three characters do not:
//!
//!   | character | US key | read by a JIS computer | JIS key | read by a US computer |
//!   |---|---|---|---|---|
//!   | `:` | Shift+`;` | `+` | `:` (right of `;`) | `'` |
//!   | `*` | Shift+`8` | `(` | Shift+`:` | `"` |
//!   | `+` | Shift+`=` | `~` (Shift+`^`) | Shift+`;` | `:` |
//!
//!   Both maps are one-to-one on the alphabet, and the prefix `WK1:` arrives as `WK1+` or
//!   `WK1'`, so the map that happened is known and is undone.
//! - **The input method (IME) left on.** Characters arrive full width (`ＷＫ１：`), some
//!   punctuation as Japanese marks (`ー` `。` `・`, an ideographic space), and in kana mode
//!   runs of letters are turned into kana by romaji rules (`KA` -> `か`, or `カ` in katakana
//!   mode). Full-width
//!   characters and marks map back one to one. Kana are undone only when exactly one letter
//!   sequence gives them under the romaji rules (checked by re-typing each candidate, see
//!   [`romaji_to_kana`]); `か` (from `KA` or `CA`) cannot be, and the answer is then the fix:
//!   turn the IME off.

/// The prefix of every frame.
pub const PREFIX: &str = "WK1:";

const BASE45: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// A scanned text made back into a frame, and what had gone wrong on the way (each has a
/// [`Fault::fix`] so the UI can tell how to avoid it next time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repaired {
    /// The frame: `WK1:` and Base45 characters.
    pub text: String,
    /// What was undone, in the order first met, each once.
    pub faults: Vec<Fault>,
}

/// Something between the scanner and the field changed the text, and it was undone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The IME typed full-width characters or Japanese punctuation.
    FullWidth,
    /// The IME turned letters into kana (undone: the romaji were unambiguous).
    Kana,
    /// A scanner set to the US layout typed into a computer with a JIS keyboard layout.
    UsScannerOnJisKeyboard,
    /// A scanner set to the JIS layout typed into a computer with a US keyboard layout.
    JisScannerOnUsKeyboard,
    /// Caps Lock was on: the scanner's capitals arrived in lower case.
    CapsLock,
}

/// What the person at the scanner should change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fix {
    /// Turn the IME off (the 半角/全角 key) before scanning.
    TurnOffIme,
    /// Set the scanner to the Japanese (JIS) keyboard layout (its manual's setup code).
    SetScannerToJisLayout,
    /// Set the scanner to the US keyboard layout.
    SetScannerToUsLayout,
    /// Turn Caps Lock off.
    TurnOffCapsLock,
}

impl Fault {
    /// What avoids the fault next time.
    pub fn fix(self) -> Fix {
        match self {
            Fault::FullWidth | Fault::Kana => Fix::TurnOffIme,
            Fault::UsScannerOnJisKeyboard => Fix::SetScannerToJisLayout,
            Fault::JisScannerOnUsKeyboard => Fix::SetScannerToUsLayout,
            Fault::CapsLock => Fix::TurnOffCapsLock,
        }
    }
}

/// Why a scanned text could not be made back into a frame. Positions count characters of
/// the scanned text, from 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WedgeProblem {
    /// Nothing but white space was typed.
    Empty,
    /// The text does not start with the frame prefix in any form a scanner could type: not a
    /// code of this app (or the field had other text in it).
    NotAFrame,
    /// Kana that cannot be undone: more than one letter sequence gives them (`か` is `KA` or
    /// `CA`), or none does. The IME must be turned off and the code scanned again.
    IrreversibleKana {
        /// Where the first kana that cannot be undone was typed.
        position: usize,
    },
    /// A character that neither the alphabet nor any known fault explains.
    UnexpectedCharacter {
        /// Where it was typed.
        position: usize,
        /// The character as typed.
        found: char,
    },
}

impl WedgeProblem {
    /// What to change before scanning again, when the problem says it.
    pub fn fix(&self) -> Option<Fix> {
        match self {
            WedgeProblem::IrreversibleKana { .. } => Some(Fix::TurnOffIme),
            _ => None,
        }
    }
}

/// Makes a scanned text back into a frame (`WK1:` + Base45), undoing the layout and IME
/// faults described in the module docs, or says why it cannot.
pub fn repair_scanned(typed: &str) -> Result<Repaired, WedgeProblem> {
    // Scanners end a scan with Enter or Tab; a frame starts with `W`.
    let typed = typed.trim_start().trim_end_matches(['\r', '\n', '\t']);
    if typed.is_empty() {
        return Err(WedgeProblem::Empty);
    }
    let mut faults = Vec::new();
    let chars: Vec<char> = typed.chars().collect();

    // 1. The IME: full-width forms and marks one to one, kana by romaji where unambiguous.
    // Each character keeps the position it was typed at (a kana run's start for its letters).
    let mut half: Vec<(char, usize)> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if is_kana(chars[i]) {
            // Letters typed just before the kana belong to the same run: take them back.
            let start = (0..i).rev().take_while(|&j| is_letter(chars[j])).last().unwrap_or(i);
            let end = (i..chars.len()).find(|&j| !is_kana(chars[j]) && !is_letter(chars[j])).unwrap_or(chars.len());
            let run: String = chars[start..end].iter().collect();
            let letters = kana_run_to_letters(&run).ok_or(WedgeProblem::IrreversibleKana { position: i })?;
            half.truncate(half.len() - (i - start));
            half.extend(letters.chars().map(|c| (c, start)));
            push_fault(&mut faults, Fault::Kana);
            i = end;
            continue;
        }
        let (mut c, changed) = half_width(chars[i]);
        if changed {
            push_fault(&mut faults, Fault::FullWidth);
        } else if c.is_ascii_lowercase() {
            // Half-width lower case is not what an IME types (it types full width): Caps Lock.
            c = c.to_ascii_uppercase();
            push_fault(&mut faults, Fault::CapsLock);
        }
        half.push((c, i));
        i += 1;
    }

    // 2. The layout, told by the prefix's fourth character.
    let prefix: Vec<char> = half.iter().take(4).map(|&(c, _)| c).collect();
    if prefix.len() < 4 || prefix[..3] != ['W', 'K', '1'] {
        return Err(WedgeProblem::NotAFrame);
    }
    // What each layout fault typed for `:`, `*` and `+`, and the characters it cannot type.
    let (map, impossible): (&[(char, char)], &[char]) = match prefix[3] {
        ':' => (&[], &[]),
        '+' => {
            push_fault(&mut faults, Fault::UsScannerOnJisKeyboard);
            (&[('+', ':'), ('(', '*'), ('~', '+')], &[':', '*'])
        }
        '\'' => {
            push_fault(&mut faults, Fault::JisScannerOnUsKeyboard);
            (&[('\'', ':'), ('"', '*'), (':', '+')], &['+', '*'])
        }
        _ => return Err(WedgeProblem::NotAFrame),
    };
    let mut text = String::with_capacity(half.len());
    for (c, position) in half {
        match map.iter().find(|(from, _)| *from == c) {
            Some(&(_, to)) => text.push(to),
            None if impossible.contains(&c) || !BASE45.contains(c) => {
                return Err(WedgeProblem::UnexpectedCharacter { position, found: chars[position] })
            }
            None => text.push(c),
        }
    }
    Ok(Repaired { text, faults })
}

fn push_fault(faults: &mut Vec<Fault>, f: Fault) {
    if !faults.contains(&f) {
        faults.push(f);
    }
}

/// Hiragana, or katakana (an IME in katakana mode).
fn is_kana(c: char) -> bool {
    ('\u{3041}'..='\u{3096}').contains(&c) || ('\u{30A1}'..='\u{30F6}').contains(&c)
}

/// Katakana as hiragana (the romaji table is in hiragana).
fn hiragana(c: char) -> char {
    if ('\u{30A1}'..='\u{30F6}').contains(&c) {
        char::from_u32(c as u32 - 0x60).unwrap_or(c)
    } else {
        c
    }
}

/// An ASCII or full-width Latin letter.
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c)
}

/// The character an IME's full-width form or Japanese mark stands for, and whether it was one.
fn half_width(c: char) -> (char, bool) {
    let ascii = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        'ー' | '‐' | '−' => '-',
        '。' => '.',
        '・' => '/',
        '〜' => '~',
        '”' | '“' => '"',
        '’' | '‘' => '\'',
        _ => return (c, false),
    };
    (ascii.to_ascii_uppercase(), true)
}

/// Romaji -> kana as a Japanese IME in kana mode types them (the table common to Microsoft
/// IME and Google Japanese Input for the sequences letters can make), lower case romaji.
#[rustfmt::skip]
const ROMAJI: &[(&str, &str)] = &[
    ("a", "あ"), ("i", "い"), ("u", "う"), ("e", "え"), ("o", "お"),
    ("ka", "か"), ("ki", "き"), ("ku", "く"), ("ke", "け"), ("ko", "こ"),
    ("ca", "か"), ("ci", "し"), ("cu", "く"), ("ce", "せ"), ("co", "こ"), ("qu", "く"),
    ("kya", "きゃ"), ("kyu", "きゅ"), ("kyo", "きょ"),
    ("sa", "さ"), ("si", "し"), ("shi", "し"), ("su", "す"), ("se", "せ"), ("so", "そ"),
    ("sha", "しゃ"), ("shu", "しゅ"), ("sho", "しょ"), ("sya", "しゃ"), ("syu", "しゅ"), ("syo", "しょ"),
    ("ta", "た"), ("ti", "ち"), ("chi", "ち"), ("tu", "つ"), ("tsu", "つ"), ("te", "て"), ("to", "と"),
    ("cha", "ちゃ"), ("chu", "ちゅ"), ("cho", "ちょ"), ("tya", "ちゃ"), ("tyu", "ちゅ"), ("tyo", "ちょ"),
    ("na", "な"), ("ni", "に"), ("nu", "ぬ"), ("ne", "ね"), ("no", "の"), ("nn", "ん"),
    ("nya", "にゃ"), ("nyu", "にゅ"), ("nyo", "にょ"),
    ("ha", "は"), ("hi", "ひ"), ("hu", "ふ"), ("fu", "ふ"), ("he", "へ"), ("ho", "ほ"),
    ("hya", "ひゃ"), ("hyu", "ひゅ"), ("hyo", "ひょ"),
    ("fa", "ふぁ"), ("fi", "ふぃ"), ("fe", "ふぇ"), ("fo", "ふぉ"),
    ("ma", "ま"), ("mi", "み"), ("mu", "む"), ("me", "め"), ("mo", "も"),
    ("mya", "みゃ"), ("myu", "みゅ"), ("myo", "みょ"),
    ("ya", "や"), ("yu", "ゆ"), ("ye", "いぇ"), ("yo", "よ"),
    ("ra", "ら"), ("ri", "り"), ("ru", "る"), ("re", "れ"), ("ro", "ろ"),
    ("rya", "りゃ"), ("ryu", "りゅ"), ("ryo", "りょ"),
    ("wa", "わ"), ("wi", "うぃ"), ("we", "うぇ"), ("wo", "を"),
    ("ga", "が"), ("gi", "ぎ"), ("gu", "ぐ"), ("ge", "げ"), ("go", "ご"),
    ("gya", "ぎゃ"), ("gyu", "ぎゅ"), ("gyo", "ぎょ"),
    ("za", "ざ"), ("zi", "じ"), ("ji", "じ"), ("zu", "ず"), ("ze", "ぜ"), ("zo", "ぞ"),
    ("ja", "じゃ"), ("ju", "じゅ"), ("jo", "じょ"), ("zya", "じゃ"), ("zyu", "じゅ"), ("zyo", "じょ"),
    ("da", "だ"), ("di", "ぢ"), ("du", "づ"), ("de", "で"), ("do", "ど"),
    ("ba", "ば"), ("bi", "び"), ("bu", "ぶ"), ("be", "べ"), ("bo", "ぼ"),
    ("bya", "びゃ"), ("byu", "びゅ"), ("byo", "びょ"),
    ("pa", "ぱ"), ("pi", "ぴ"), ("pu", "ぷ"), ("pe", "ぺ"), ("po", "ぽ"),
    ("pya", "ぴゃ"), ("pyu", "ぴゅ"), ("pyo", "ぴょ"),
    ("va", "ゔぁ"), ("vi", "ゔぃ"), ("vu", "ゔ"), ("ve", "ゔぇ"), ("vo", "ゔぉ"),
    ("la", "ぁ"), ("li", "ぃ"), ("lu", "ぅ"), ("le", "ぇ"), ("lo", "ぉ"),
    ("xa", "ぁ"), ("xi", "ぃ"), ("xu", "ぅ"), ("xe", "ぇ"), ("xo", "ぉ"),
    ("lya", "ゃ"), ("lyu", "ゅ"), ("lyo", "ょ"), ("xya", "ゃ"), ("xyu", "ゅ"), ("xyo", "ょ"),
    ("ltu", "っ"), ("xtu", "っ"), ("lwa", "ゎ"), ("xwa", "ゎ"),
];

/// What an IME in kana mode makes of a run of letters: romaji become kana, a doubled
/// consonant `っ`, `n` before a consonant (or at the end) `ん`, and letters that start no
/// romaji stay as full-width lower-case letters.
pub fn romaji_to_kana(letters: &str) -> String {
    let (mut out, pending) = convert(letters);
    // Enter commits what is pending: a lone `n` becomes `ん`, other letters stay letters.
    if pending == "n" {
        out.push('ん');
    } else {
        out.extend(pending.chars().map(full_width_lower));
    }
    out
}

/// The IME's conversion of `letters` before Enter: what it has turned into kana (or given up
/// on as letters) and what is still pending.
fn convert(letters: &str) -> (String, String) {
    let mut out = String::new();
    let mut pending = String::new();
    let vowel = |c: char| "aiueo".contains(c);
    for c in letters.chars().map(|c| c.to_ascii_lowercase()) {
        pending.push(c);
        loop {
            let p: Vec<char> = pending.chars().collect();
            if let Some((_, kana)) = ROMAJI.iter().find(|(r, _)| *r == pending) {
                if !ROMAJI.iter().any(|(r, _)| r.len() > pending.len() && r.starts_with(pending.as_str())) {
                    out.push_str(kana);
                    pending.clear();
                    break;
                }
            }
            if p.len() >= 2 && p[0] == p[1] && p[0] != 'n' && !vowel(p[0]) {
                out.push('っ');
                pending.remove(0);
                continue;
            }
            if p.len() >= 2 && p[0] == 'n' && !vowel(p[1]) && p[1] != 'y' {
                out.push('ん');
                pending.remove(0);
                continue;
            }
            if !p.is_empty() && !ROMAJI.iter().any(|(r, _)| r.starts_with(pending.as_str())) {
                out.push(full_width_lower(p[0]));
                pending.remove(0);
                continue;
            }
            break;
        }
    }
    (out, pending)
}

fn full_width_lower(c: char) -> char {
    char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
}

/// The one upper-case letter sequence that `romaji_to_kana` turns into `run` (kana and
/// letters), or `None` when there is none or more than one.
fn kana_run_to_letters(run: &str) -> Option<String> {
    // Letters as the IME leaves them (full-width lower case), whatever case they came in.
    let target: Vec<char> = run
        .chars()
        .map(|c| if is_letter(c) { full_width_lower(half_width(c).0.to_ascii_lowercase()) } else { hiragana(c) })
        .collect();
    let mut found: Vec<String> = Vec::new();
    let mut budget = SEARCH_BUDGET;
    let complete = candidates(&target, 0, &mut String::new(), &mut budget, &mut |cand| {
        if romaji_to_kana(cand).chars().eq(target.iter().copied()) && !found.iter().any(|f| f == cand) {
            found.push(cand.to_string());
        }
        found.len() < 2
    });
    // Out of budget, an answer might have been missed: refuse rather than guess.
    (complete && found.len() == 1).then(|| found.remove(0).to_ascii_uppercase())
}

/// How many partial letter sequences one kana run may try (pruning keeps real runs far
/// below it; a run that needs more is refused, never guessed).
const SEARCH_BUDGET: usize = 20_000;

/// Calls `visit` with every letter sequence that could have typed `target[at..]` (after
/// `prefix`), romaji by romaji, until `visit` returns false or the budget is spent. Returns
/// false when stopped. A prefix whose conversion so far is not the start of `target` is
/// dropped at once (`N` + `A` is `な`, never `ん` + `あ`), so the search stays small.
fn candidates(
    target: &[char],
    at: usize,
    prefix: &mut String,
    budget: &mut usize,
    visit: &mut dyn FnMut(&str) -> bool,
) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    if !target.starts_with(&convert(prefix).0.chars().collect::<Vec<_>>()) {
        return true;
    }
    if at == target.len() {
        return visit(prefix);
    }
    let len = prefix.len();
    let mut go = |prefix: &mut String, romaji: &str, next: usize, visit: &mut dyn FnMut(&str) -> bool| -> bool {
        prefix.push_str(romaji);
        let more = candidates(target, next, prefix, budget, visit);
        prefix.truncate(len);
        more
    };
    let c = target[at];
    if is_letter(c) {
        let (l, _) = half_width(c);
        return go(prefix, &l.to_ascii_lowercase().to_string(), at + 1, visit);
    }
    // っ from a doubled consonant: the consonant that starts what follows.
    if c == 'っ' {
        // Only consonants that start a romaji of what follows (or the letter that follows).
        let rest = &target[at + 1..];
        for consonant in "bcdfghjkmpqrstvwxyz".chars() {
            let starts_next =
                rest.first().is_some_and(|&n| is_letter(n) && half_width(n).0.eq_ignore_ascii_case(&consonant))
                    || ROMAJI
                        .iter()
                        .any(|(r, k)| r.starts_with(consonant) && rest.starts_with(&k.chars().collect::<Vec<_>>()));
            if starts_next && !go(prefix, &consonant.to_string(), at + 1, visit) {
                return false;
            }
        }
    }
    if c == 'ん' {
        for romaji in ["n", "nn"] {
            if !go(prefix, romaji, at + 1, visit) {
                return false;
            }
        }
    }
    for (romaji, kana) in ROMAJI {
        let k: Vec<char> = kana.chars().collect();
        if target[at..].starts_with(&k) && !(c == 'ん' && *romaji == "nn") && !go(prefix, romaji, at + k.len(), visit)
        {
            return false;
        }
    }
    true
}
