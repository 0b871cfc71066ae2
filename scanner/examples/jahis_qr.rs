//! Draws the browser test's pharmacy QR codes: each file of `tests/data/jahis/sjis/` (Shift_JIS
//! bytes, as a pharmacy prints them) as a byte-mode QR code without an ECI, level M, 4 px per
//! module with a 4-module quiet zone, to `tests/data/jahis/qr/<name>.png`.
//!
//! `cargo run -p karte-scanner --example jahis_qr`

use std::path::PathBuf;

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/jahis");
    let out = data.join("qr");
    std::fs::create_dir_all(&out)?;
    let mut files: Vec<_> = std::fs::read_dir(data.join("sjis"))?.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path)?;
        let code = (1..=40)
            .find_map(|v| {
                let mut bits = Bits::new(Version::Normal(v));
                (bits.push_byte_data(&bytes).is_ok() && bits.push_terminator(EcLevel::M).is_ok())
                    .then(|| QrCode::with_bits(bits, EcLevel::M).ok())
                    .flatten()
            })
            .ok_or("too long for one code")?;
        let (n, scale, quiet) = (code.width(), 4, 4);
        let side = (n + 2 * quiet) * scale;
        let colors = code.to_colors();
        let mut px = vec![255u8; side * side];
        for y in 0..n * scale {
            for x in 0..n * scale {
                if colors[(y / scale) * n + x / scale] == Color::Dark {
                    px[(y + quiet * scale) * side + x + quiet * scale] = 0;
                }
            }
        }
        let name = path.file_stem().and_then(|s| s.to_str()).ok_or("name")?;
        let file = std::fs::File::create(out.join(format!("{name}.png")))?;
        let mut enc = png::Encoder::new(std::io::BufWriter::new(file), side as u32, side as u32);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        enc.write_header()?.write_image_data(&px)?;
        println!("{name}: {} bytes, version {:?}, {n} modules", bytes.len(), code.version());
    }
    Ok(())
}
