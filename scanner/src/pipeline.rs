//! The decoding pipeline: rxing (ZXing's QR reader in Rust) on the contrast-stretched frame,
//! then, only when that finds nothing, quircs and rxing again on the frame prepared in other
//! ways. Each stage and its order are there because they read more frames of the degraded
//! sets in `docs/qr-decoders.md`.

use rxing::common::HybridBinarizer;
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BarcodeFormat, BinaryBitmap, DecodeHintValue, DecodeHints, Luma8Source, MultiFormatReader, Reader};

/// A grey frame, row-major, one byte per pixel.
struct Frame<'a> {
    px: std::borrow::Cow<'a, [u8]>,
    w: usize,
    h: usize,
}

/// The texts of the QR codes the pipeline finds in a grey frame (`width * height` bytes,
/// row-major), each once. Empty when it finds none, or when the sizes do not match the
/// bytes.
pub fn decode(grey: &[u8], width: usize, height: usize) -> Vec<String> {
    let Some(frame) = Frame::new(grey, width, height) else { return Vec::new() };
    // Measured on two seeded sets of 360 frames (docs/qr-decoders.md): rxing on the frame as
    // it is reads 84%; after a contrast stretch 95%; quircs on the stretched frame adds tilted
    // codes, a double 3x3 smoothing noisy and moiré ones, sharpening blurred ones: 98.6-98.9%.
    // Most frames are read by the first stage, so the later ones cost only on hard frames.
    let stretched = frame.stretched();
    let stages: [&dyn Fn() -> Vec<String>; 4] =
        [&|| stretched.read_all(), &|| stretched.quircs(), &|| frame.smoothed(2).read_all(), &|| {
            frame.sharpened().read_all()
        }];
    stages.iter().map(|stage| stage()).find(|texts| !texts.is_empty()).unwrap_or_default()
}

/// rxing alone, once, as its own helper would run it (hybrid binariser, try-harder): the
/// baseline the pipeline is measured against.
pub fn decode_plain(grey: &[u8], width: usize, height: usize) -> Vec<String> {
    let Some(frame) = Frame::new(grey, width, height) else { return Vec::new() };
    let Some(mut bitmap) = frame.bitmap() else { return Vec::new() };
    MultiFormatReader::default()
        .decode_with_hints(&mut bitmap, &hints())
        .map(|r| r.getText().to_string())
        .into_iter()
        .collect()
}

impl<'a> Frame<'a> {
    fn new(grey: &'a [u8], w: usize, h: usize) -> Option<Frame<'a>> {
        (w > 0 && h > 0 && grey.len() == w.checked_mul(h)?).then(|| Frame { px: grey.into(), w, h })
    }

    fn owned(px: Vec<u8>, w: usize, h: usize) -> Frame<'static> {
        Frame { px: px.into(), w, h }
    }

    /// Grey levels spread over 0..255 (1st to 99th percentile): a low-contrast frame passes
    /// the hybrid binariser's minimum-contrast test.
    fn stretched(&self) -> Frame<'static> {
        let mut hist = [0usize; 256];
        for &p in self.px.iter() {
            hist[p as usize] += 1;
        }
        let n = self.px.len();
        let level = |fraction: f64| {
            let mut seen = 0;
            (0..256)
                .find(|&i| {
                    seen += hist[i];
                    seen as f64 >= fraction * n as f64
                })
                .unwrap_or(255) as i32
        };
        let (lo, hi) = (level(0.01), level(0.99).max(level(0.01) + 1));
        let px = self.px.iter().map(|&p| ((i32::from(p) - lo) * 255 / (hi - lo)).clamp(0, 255) as u8).collect();
        Frame::owned(px, self.w, self.h)
    }

    /// A 3x3 box blur, `passes` times: evens out noise and a screen's pixel grid (moiré).
    fn smoothed(&self, passes: usize) -> Frame<'static> {
        let (w, h) = (self.w, self.h);
        let mut px = self.px.to_vec();
        let mut tmp = vec![0u8; px.len()];
        for _ in 0..passes {
            for y in 0..h {
                for x in 0..w {
                    let (x0, x1) = (x.saturating_sub(1), (x + 1).min(w - 1));
                    tmp[y * w + x] =
                        ((u32::from(px[y * w + x0]) + u32::from(px[y * w + x]) + u32::from(px[y * w + x1])) / 3) as u8;
                }
            }
            for y in 0..h {
                let (y0, y1) = (y.saturating_sub(1), (y + 1).min(h - 1));
                for x in 0..w {
                    px[y * w + x] =
                        ((u32::from(tmp[y0 * w + x]) + u32::from(tmp[y * w + x]) + u32::from(tmp[y1 * w + x])) / 3)
                            as u8;
                }
            }
        }
        Frame::owned(px, w, h)
    }

    /// Unsharp mask (amount 1.5 over a 3x3 box blur): steeper module edges in a blurred frame.
    fn sharpened(&self) -> Frame<'static> {
        let blur = self.smoothed(1);
        let px = self
            .px
            .iter()
            .zip(blur.px.iter())
            .map(|(&p, &b)| (i32::from(p) + (i32::from(p) - i32::from(b)) * 3 / 2).clamp(0, 255) as u8)
            .collect();
        Frame::owned(px, self.w, self.h)
    }

    /// quircs (a Rust port of quirc), the second decoder: every code it reads.
    fn quircs(&self) -> Vec<String> {
        let mut quirc = quircs::Quirc::default();
        let texts = quirc
            .identify(self.w, self.h, &self.px)
            .filter_map(|code| code.ok()?.decode().ok())
            .filter_map(|data| bytes_to_text(&data.payload));
        distinct(texts)
    }

    /// The frame thresholded by ZXing's local (8x8 block) binariser, right for uneven light.
    /// (Its global histogram binariser, measured too, added one frame in 720: not a stage.)
    fn bitmap(&self) -> Option<BinaryBitmap<HybridBinarizer<Luma8Source<'_>>>> {
        let source = Luma8Source::new_with_slice(&self.px, self.w as u32, self.h as u32).ok()?;
        Some(BinaryBitmap::new(HybridBinarizer::new(source)))
    }

    /// rxing: every code its QR reader (ZXing-C++'s, ported) finds; when it finds none, one
    /// more try through `MultiFormatReader`, which adds ZXing's older QR reader.
    fn read_all(&self) -> Vec<String> {
        let Some(mut bitmap) = self.bitmap() else { return Vec::new() };
        let hints = hints();
        let found = QrReader.decode_multiple_with_hints(&mut bitmap, &hints).unwrap_or_default();
        if !found.is_empty() {
            return distinct(found.iter().map(|r| unlatin1(r.getText())));
        }
        MultiFormatReader::default()
            .decode_with_hints(&mut bitmap, &hints)
            .map(|r| unlatin1(r.getText()))
            .into_iter()
            .collect()
    }
}

/// A code's bytes as text: UTF-8 when they are (our frames are ASCII), else Shift_JIS (the
/// JAHIS お薬手帳 codes of Japanese pharmacies carry it without an ECI); `None` when neither.
/// rxing guesses the same way for byte mode (ZXing's `guessEncoding`); quircs hands back bytes.
pub fn bytes_to_text(bytes: &[u8]) -> Option<String> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    (!had_errors).then(|| text.into_owned())
}

/// rxing reads a byte-mode segment without an ECI as ISO-8859-1 when its guess fails
/// (measured: every Shift_JIS fixture in `tests/data/jahis/sjis/` came back as Latin-1): such a
/// text (only characters up to U+00FF, some above ASCII) is turned back into its bytes and
/// read by [`bytes_to_text`]. Kanji-mode and ASCII texts are left as they are.
fn unlatin1(text: &str) -> String {
    if text.is_ascii() || text.chars().any(|c| u32::from(c) > 0xff) {
        return text.to_string();
    }
    let bytes: Vec<u8> = text.chars().map(|c| u32::from(c) as u8).collect();
    bytes_to_text(&bytes).unwrap_or_else(|| text.to_string())
}

/// QR codes only, and the slower, more thorough search.
fn hints() -> DecodeHints {
    DecodeHints::default()
        .with(DecodeHintValue::TryHarder(true))
        .with(DecodeHintValue::PossibleFormats([BarcodeFormat::QR_CODE].into()))
}

fn distinct(texts: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}
