//! Pharmacy QR codes (お薬手帳, JAHIS) are Shift_JIS without an ECI, in byte mode or Kanji
//! mode. The decoder must hand back the Japanese text, whichever stage reads the code.

use std::path::PathBuf;

use qrcode::bits::Bits;
use qrcode::{EcLevel, QrCode, Version};

fn sjis_files() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/jahis/sjis");
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("sjis dir")
        .map(|e| e.expect("entry").path())
        .map(|p| (p.file_name().and_then(|n| n.to_str()).expect("name").to_string(), std::fs::read(&p).expect("read")))
        .collect();
    out.sort();
    out
}

/// The smallest byte-mode code (no ECI) holding `bytes`, at level M.
fn byte_mode(bytes: &[u8]) -> QrCode {
    for v in 1..=40 {
        let mut bits = Bits::new(Version::Normal(v));
        if bits.push_byte_data(bytes).is_ok() && bits.push_terminator(EcLevel::M).is_ok() {
            return QrCode::with_bits(bits, EcLevel::M).expect("code");
        }
    }
    panic!("too long for one code")
}

fn grey(code: &QrCode, scale: usize) -> (Vec<u8>, usize) {
    let n = code.width();
    let quiet = 4;
    let w = (n + 2 * quiet) * scale;
    let colors = code.to_colors();
    let mut px = vec![255u8; w * w];
    for y in 0..n * scale {
        for x in 0..n * scale {
            if colors[(y / scale) * n + x / scale] == qrcode::Color::Dark {
                px[(y + quiet * scale) * w + x + quiet * scale] = 0;
            }
        }
    }
    (px, w)
}

fn expected(bytes: &[u8]) -> String {
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(bytes);
    assert!(!bad, "fixture is Shift_JIS");
    text.into_owned()
}

#[test]
fn byte_mode_shift_jis_is_read_as_japanese() {
    for (name, bytes) in sjis_files() {
        let (px, w) = grey(&byte_mode(&bytes), 3);
        assert_eq!(karte_scanner::decode(&px, w, w), [expected(&bytes)], "{name}");
    }
}

#[test]
fn kanji_mode_is_read_as_japanese() {
    for (name, bytes) in sjis_files() {
        // The encoder's own choice of segments: Kanji mode for the Shift_JIS pairs.
        let code = QrCode::with_error_correction_level(&bytes, EcLevel::M).expect("code");
        let (px, w) = grey(&code, 3);
        assert_eq!(karte_scanner::decode(&px, w, w), [expected(&bytes)], "{name}");
    }
}

#[test]
fn the_second_decoder_reads_shift_jis_too() {
    for (name, bytes) in sjis_files() {
        assert_eq!(karte_scanner::bytes_to_text(&bytes), Some(expected(&bytes)), "{name}");
    }
    assert_eq!(karte_scanner::bytes_to_text("WK1:ABC".as_bytes()).as_deref(), Some("WK1:ABC"));
    assert_eq!(karte_scanner::bytes_to_text("お薬".as_bytes()).as_deref(), Some("お薬"));
}
