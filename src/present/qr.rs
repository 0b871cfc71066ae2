//! QR codes drawn for reading: whole modules on whole pixels, a 4-module quiet zone, black on
//! white whatever the theme. The SVG is made once per code (rendering a version-22 code costs
//! 12-35 ms in WebAssembly), then scaled by an integer factor to the space available.

use qrcode::{Color, EcLevel, QrCode};

/// The quiet zone around a code, in modules (ISO/IEC 18004 asks for 4).
pub const QUIET_ZONE: usize = 4;

/// A code ready to draw: its size in modules (with the quiet zone) and one SVG path of its
/// dark modules, in module units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrSvg {
    /// Modules across, quiet zone included.
    pub modules: usize,
    /// The QR version (1-40).
    pub version: i16,
    /// SVG path data of the dark modules (`M x y h n v1 h -n z` per run).
    pub path: String,
}

/// Why a text cannot be drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge;

/// The code of `text` at ECC M (the share format's level), in its smallest version.
///
/// # Errors
/// [`TooLarge`] when no version holds it.
pub fn qr_svg(text: &str) -> Result<QrSvg, TooLarge> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|_| TooLarge)?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::with_capacity(width * width);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                let n = x - start;
                path.push_str(&format!("M{} {}h{n}v1h-{n}z", start + QUIET_ZONE, y + QUIET_ZONE));
            } else {
                x += 1;
            }
        }
    }
    let version = match code.version() {
        qrcode::Version::Normal(v) => v,
        qrcode::Version::Micro(v) => -v,
    };
    Ok(QrSvg { modules: width + 2 * QUIET_ZONE, version, path })
}

/// Pixels per module so that the code fits `available` CSS pixels with whole pixels per module
/// (at least 1, and at most 12: larger codes are harder for a phone held close).
pub fn module_px(available: f64, modules: usize) -> u32 {
    if modules == 0 || !available.is_finite() {
        return 1;
    }
    ((available / modules as f64).floor() as u32).clamp(1, 12)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_of_the_share_format_fits_version_22_with_its_quiet_zone() {
        let text = format!("WK1:{}", "A".repeat(1130));
        let q = qr_svg(&text).expect("fits");
        assert_eq!(q.version, 22);
        assert_eq!(q.modules, 105 + 8);
        assert!(q.path.starts_with("M4 4h7v1h-7z"), "the finder pattern's top row, inside the quiet zone: {}", &q.path[..20]);
        assert!(qr_svg(&"A".repeat(5000)).is_err());
    }

    #[test]
    fn every_dark_module_is_drawn_once() {
        let q = qr_svg("WK1:HELLO").expect("code");
        let code = QrCode::with_error_correction_level(b"WK1:HELLO", EcLevel::M).expect("code");
        let dark = code.to_colors().iter().filter(|c| **c == Color::Dark).count();
        let drawn: usize = q.path.split('h').skip(1).step_by(2).map(|n| n.split('v').next().and_then(|d| d.parse::<usize>().ok()).unwrap_or(0)).sum();
        assert_eq!(drawn, dark);
    }

    #[test]
    fn whole_pixels_per_module() {
        assert_eq!(module_px(390.0, 113), 3);
        assert_eq!(module_px(1000.0, 113), 8);
        assert_eq!(module_px(50.0, 113), 1);
        assert_eq!(module_px(5000.0, 29), 12);
        assert_eq!(module_px(f64::NAN, 29), 1);
    }
}
