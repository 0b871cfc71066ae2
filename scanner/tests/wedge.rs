//! Keyboard-wedge repair: each fault a scanner or an IME makes, as typed, and what comes back.
//! Table-driven through one `check(typed, expected)`; the faults are simulated by the small
//! functions below, written from the key maps in `src/wedge.rs`'s docs.

use karte_scanner::{repair_scanned, romaji_to_kana, Fault, Fix, Repaired, WedgeProblem};

fn check(typed: &str, expected: Result<(&str, &[Fault]), WedgeProblem>) {
    let got = repair_scanned(typed);
    let expected = expected.map(|(text, faults)| Repaired { text: text.to_string(), faults: faults.to_vec() });
    assert_eq!(got, expected, "typed {typed:?}");
}

/// A scanner set to the US layout, read with the JIS layout.
fn us_on_jis(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ':' => '+',
            '*' => '(',
            '+' => '~',
            c => c,
        })
        .collect()
}

/// A scanner set to the JIS layout, read with the US layout.
fn jis_on_us(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ':' => '\'',
            '*' => '"',
            '+' => ':',
            c => c,
        })
        .collect()
}

/// An IME in full-width alphanumeric mode.
fn full_width(text: &str) -> String {
    text.chars().map(|c| if c == ' ' { '\u{3000}' } else { char::from_u32(c as u32 + 0xFEE0).unwrap() }).collect()
}

/// An IME in kana (romaji) mode: letter runs through the romaji rules, marks for `-./ `,
/// the rest full width.
fn kana_mode(text: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_alphabetic() {
            run.push(c);
            continue;
        }
        out += &romaji_to_kana(&run);
        run.clear();
        match c {
            '\0' => {}
            '-' => out.push('ー'),
            '.' => out.push('。'),
            '/' => out.push('・'),
            c => out += &full_width(&c.to_string()),
        }
    }
    out
}

const ALL: &str = "WK1:09AZ $%*+-./:";

#[test]
fn clean_scans_pass_unchanged() {
    check(ALL, Ok((ALL, &[])));
    check("WK1:AB12\r\n", Ok(("WK1:AB12", &[])));
    check("WK1:AB12\t", Ok(("WK1:AB12", &[])));
}

#[test]
fn keyboard_layout_faults_are_undone() {
    assert_eq!(us_on_jis(ALL), "WK1+09AZ $%(~-./+");
    check(&us_on_jis(ALL), Ok((ALL, &[Fault::UsScannerOnJisKeyboard])));
    assert_eq!(jis_on_us(ALL), "WK1'09AZ $%\":-./'");
    check(&jis_on_us(ALL), Ok((ALL, &[Fault::JisScannerOnUsKeyboard])));
    assert_eq!(Fault::UsScannerOnJisKeyboard.fix(), Fix::SetScannerToJisLayout);
    assert_eq!(Fault::JisScannerOnUsKeyboard.fix(), Fix::SetScannerToUsLayout);
}

#[test]
fn full_width_and_ime_marks_are_undone() {
    check(&full_width(ALL), Ok((ALL, &[Fault::FullWidth])));
    check("ＷＫ１：１２ー３。４・５　６", Ok(("WK1:12-3.4/5 6", &[Fault::FullWidth])));
    // Both at once: a US scanner on a JIS keyboard with the IME in full-width mode.
    check(&full_width(&us_on_jis("WK1:A*B+C")), Ok(("WK1:A*B+C", &[Fault::FullWidth, Fault::UsScannerOnJisKeyboard])));
    assert_eq!(Fault::FullWidth.fix(), Fix::TurnOffIme);
}

#[test]
fn caps_lock_is_undone() {
    check("wk1:ab 12", Ok(("WK1:AB 12", &[Fault::CapsLock])));
    assert_eq!(Fault::CapsLock.fix(), Fix::TurnOffCapsLock);
}

#[test]
fn kana_with_one_romaji_reading_are_undone() {
    assert_eq!(kana_mode("WK1:HE3MO.NE"), "ｗｋ１：へ３も。ね");
    check(&kana_mode("WK1:HE3MO.NE"), Ok(("WK1:HE3MO.NE", &[Fault::FullWidth, Fault::Kana])));
    // `ん` then a vowel can only be `NN` + vowel (`N` + vowel is な行).
    assert_eq!(kana_mode("WK1:NNA"), "ｗｋ１：んあ");
    check(&kana_mode("WK1:NNA"), Ok(("WK1:NNA", &[Fault::FullWidth, Fault::Kana])));
    // Katakana mode: the same, in katakana.
    check("ｗｋ１：ヘ３モ。ネ", Ok(("WK1:HE3MO.NE", &[Fault::FullWidth, Fault::Kana])));
    // Letters that start no romaji stay letters, and join the run.
    assert_eq!(kana_mode("WK1:WKE"), "ｗｋ１：ｗけ");
    check(&kana_mode("WK1:WKE"), Ok(("WK1:WKE", &[Fault::FullWidth, Fault::Kana])));
}

#[test]
fn kana_that_cannot_be_undone_ask_to_turn_the_ime_off() {
    // か is KA or CA; ん before a consonant N or NN; っ a doubled consonant or LTU/XTU.
    for (text, position) in [("WK1:KA", 4), ("WK1:9NKE", 5), ("WK1:TTE", 4), ("WK1:SHI", 4), ("WK1:CO", 4)] {
        let typed = kana_mode(text);
        check(&typed, Err(WedgeProblem::IrreversibleKana { position }));
        assert_eq!(repair_scanned(&typed).unwrap_err().fix(), Some(Fix::TurnOffIme));
    }
    // Kana that no romaji of the table gives.
    check("ｗｋ１：ゐ", Err(WedgeProblem::IrreversibleKana { position: 4 }));
}

#[test]
fn what_no_fault_explains_is_a_problem() {
    check("", Err(WedgeProblem::Empty));
    check(" \r\n", Err(WedgeProblem::Empty));
    check("hello", Err(WedgeProblem::NotAFrame));
    check("WK2:AB", Err(WedgeProblem::NotAFrame));
    check("WK1", Err(WedgeProblem::NotAFrame));
    check("WK1:AB#C", Err(WedgeProblem::UnexpectedCharacter { position: 6, found: '#' }));
    // A US scanner on a JIS keyboard cannot type `:` after the prefix: something else is wrong.
    check("WK1+A:B", Err(WedgeProblem::UnexpectedCharacter { position: 5, found: ':' }));
    assert_eq!(WedgeProblem::NotAFrame.fix(), None);
}

#[test]
fn long_kana_runs_are_answered_at_once() {
    // 40 times `ん` + `あ`: each `ん` is `N` or `NN` until the `あ` after it says which; the
    // search must not try 2^40 sequences.
    let text = format!("WK1:{}", "NNA".repeat(40));
    let start = std::time::Instant::now();
    check(&kana_mode(&text), Ok((&text, &[Fault::FullWidth, Fault::Kana])));
    // 60 ambiguous kana in one run: refused, quickly.
    let text = format!("WK1:{}", "KA".repeat(60));
    check(&kana_mode(&text), Err(WedgeProblem::IrreversibleKana { position: 4 }));
    assert!(start.elapsed().as_secs() < 2, "took {:?}", start.elapsed());
}

/// Random frames through every fault: the layout and full-width faults always come back
/// exactly; kana come back exactly or are refused, never repaired into another text.
#[test]
fn random_frames_come_back_exactly_or_are_refused() {
    const BASE45: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut repaired, mut refused) = (0, 0);
    for _ in 0..300 {
        let len = 1 + (next() % 60) as usize;
        let text = format!("WK1:{}", (0..len).map(|_| BASE45[(next() % 45) as usize] as char).collect::<String>());
        for typed in [us_on_jis(&text), jis_on_us(&text), full_width(&text), full_width(&us_on_jis(&text))] {
            assert_eq!(repair_scanned(&typed).map(|r| r.text), Ok(text.clone()), "typed {typed:?}");
        }
        // Kana mode, alone and with a US scanner on a JIS keyboard.
        for typed in [kana_mode(&text), kana_mode(&us_on_jis(&text))] {
            match repair_scanned(&typed) {
                Ok(r) => {
                    assert_eq!(r.text, text, "typed {typed:?}");
                    repaired += 1;
                }
                Err(WedgeProblem::IrreversibleKana { .. }) => refused += 1,
                Err(e) => panic!("{text:?} typed {typed:?}: {e:?}"),
            }
        }
    }
    // Both outcomes happen on random frames (short ones are often unambiguous).
    assert!(repaired > 0 && refused > 0, "repaired {repaired}, refused {refused}");
}
