//! `cargo xtask qrset OUT_DIR [--seed N] [--count N] [--sample]`: a reproducible set of degraded
//! camera frames (640x480 grey) each holding one QR code like the app's share frames
//! (`WK1:` + Base45 alphabet, versions 6 to 26, ECC M), and `truth.tsv` beside them.
//!
//! Each image gets mild everyday faults (a slight turn and tilt, camera blur and noise, a
//! grey background, less than full contrast) and one heavy fault from [`Degradation`], in
//! turn, so that every fault has the same share of the set. The same seed gives the same
//! bytes on any machine (own random generator, no float formatting in the pixels).

use super::rng::Rng;
use anyhow::{bail, Context, Result};
use qrcode::{Color, EcLevel, QrCode, Version};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The alphabet of the app's frames after the prefix: RFC 9285 Base45.
pub const BASE45: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
pub const PREFIX: &str = "WK1:";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Degradation {
    Rotation,
    Tilt,
    Blur,
    Noise,
    LowContrast,
    UnevenLight,
    Jpeg,
    Scale,
    Moire,
}

impl Degradation {
    pub const ALL: [Degradation; 9] = [
        Degradation::Rotation,
        Degradation::Tilt,
        Degradation::Blur,
        Degradation::Noise,
        Degradation::LowContrast,
        Degradation::UnevenLight,
        Degradation::Jpeg,
        Degradation::Scale,
        Degradation::Moire,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Degradation::Rotation => "rotation",
            Degradation::Tilt => "tilt",
            Degradation::Blur => "blur",
            Degradation::Noise => "noise",
            Degradation::LowContrast => "lowcontrast",
            Degradation::UnevenLight => "unevenlight",
            Degradation::Jpeg => "jpeg",
            Degradation::Scale => "scale",
            Degradation::Moire => "moire",
        }
    }

    /// The fault named in a file name `NNNN-<name>-vNN.png`, if any.
    pub fn from_file_name(file: &str) -> Option<Degradation> {
        let name = file.split('-').nth(1)?;
        Degradation::ALL.into_iter().find(|d| d.name() == name)
    }
}

pub struct Options {
    pub out: PathBuf,
    pub seed: u64,
    pub count: usize,
    /// The committed sample: versions 6 to 10, modules of at most 3 px, each frame cropped
    /// to the code and a margin, so that a few dozen images take a few hundred KB.
    pub sample: bool,
}

impl Options {
    pub fn from_args(args: &[String]) -> Result<Options> {
        let Some(out) = args.first().filter(|a| !a.starts_with("--")) else {
            bail!("usage: cargo xtask qrset OUT_DIR [--seed N] [--count N] [--sample]");
        };
        let number = |flag: &str, default: u64| -> Result<u64> {
            match super::super::flag_value(args, flag) {
                Some(v) => v.parse().with_context(|| format!("{flag} {v}: not a number")),
                None => Ok(default),
            }
        };
        Ok(Options {
            out: PathBuf::from(out),
            seed: number("--seed", 1)?,
            count: number("--count", 360)? as usize,
            sample: args.iter().any(|a| a == "--sample"),
        })
    }
}

pub const FRAME_W: usize = 640;
pub const FRAME_H: usize = 480;

pub fn generate(opts: &Options) -> Result<()> {
    std::fs::create_dir_all(&opts.out).with_context(|| format!("creating {}", opts.out.display()))?;
    let mut truth = String::from("file\texpected\tdegradation\tversion\n");
    for i in 0..opts.count {
        let mut rng = Rng::new(opts.seed.wrapping_mul(0x0100_0000_01B3).wrapping_add(i as u64));
        let degradation = Degradation::ALL[i % Degradation::ALL.len()];
        let version = rng.int(6, if opts.sample { 10 } else { 26 }) as i16;
        let text = frame_text(&mut rng, version)?;
        let code = QrCode::with_version(&text, Version::Normal(version), EcLevel::M)
            .with_context(|| format!("encoding version {version}"))?;
        let frame = render(&code, degradation, &mut rng, opts.sample)?;
        let file = format!("{i:04}-{}-v{version}.png", degradation.name());
        frame.save(&opts.out.join(&file))?;
        writeln!(truth, "{file}\t{text}\t{}\t{version}", degradation.name())?;
    }
    std::fs::write(opts.out.join("truth.tsv"), truth)?;
    println!("qrset: {} images in {}", opts.count, opts.out.display());
    Ok(())
}

/// `WK1:` and random Base45 characters filling 70-100% of the version's capacity at ECC M.
fn frame_text(rng: &mut Rng, version: i16) -> Result<String> {
    let fits = |len: usize| {
        let probe = format!("{PREFIX}{}", "A".repeat(len));
        QrCode::with_version(probe, Version::Normal(version), EcLevel::M).is_ok()
    };
    let (mut lo, mut hi) = (0usize, 4096usize);
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        if fits(mid) {
            lo = mid
        } else {
            hi = mid
        }
    }
    if lo == 0 {
        bail!("version {version} holds nothing");
    }
    let len = (lo as f64 * rng.range(0.7, 1.0)) as usize;
    let body: String = (0..len).map(|_| BASE45[rng.int(0, 44) as usize] as char).collect();
    Ok(format!("{PREFIX}{body}"))
}

/// A grey image, row-major.
pub struct Grey {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

impl Grey {
    pub fn save(&self, path: &Path) -> Result<()> {
        use image::codecs::png::{CompressionType, FilterType, PngEncoder};
        let file = std::fs::File::create(path).with_context(|| format!("writing {}", path.display()))?;
        let encoder =
            PngEncoder::new_with_quality(std::io::BufWriter::new(file), CompressionType::Best, FilterType::Adaptive);
        image::ImageEncoder::write_image(encoder, &self.px, self.w as u32, self.h as u32, image::ExtendedColorType::L8)
            .with_context(|| format!("writing {}", path.display()))
    }
}

/// What the camera sees, before light and sensor: the code's reflectance at a point given in
/// module units (module (0, 0) is the top-left module; the quiet zone is 4 modules).
struct Scene {
    dark: Vec<bool>,
    n: f64,
    /// White card (or lit phone screen) around the quiet zone, in modules.
    card: f64,
    background: f64,
    /// A phone screen: its pixel grid, in screen pixels per module, the lit fraction of each
    /// pixel, and the level of the gaps between pixels.
    screen: Option<(f64, f64, f64)>,
}

impl Scene {
    fn reflectance(&self, u: f64, v: f64) -> f64 {
        let edge = 4.0 + self.card;
        if u < -edge || v < -edge || u >= self.n + edge || v >= self.n + edge {
            return self.background;
        }
        let lit = if u >= 0.0 && v >= 0.0 && u < self.n && v < self.n {
            let i = v as usize * self.n as usize + u as usize;
            if self.dark[i] {
                0.0
            } else {
                1.0
            }
        } else {
            1.0
        };
        match self.screen {
            None => lit,
            Some((per_module, fill, gap)) => {
                let (su, sv) = ((u * per_module).rem_euclid(1.0), (v * per_module).rem_euclid(1.0));
                let base = 0.04 + 0.96 * lit;
                if su < fill && sv < fill {
                    base
                } else {
                    base * gap
                }
            }
        }
    }
}

/// Renders the code into a camera frame with everyday faults plus `degradation`.
fn render(code: &QrCode, degradation: Degradation, rng: &mut Rng, sample: bool) -> Result<Grey> {
    use Degradation as D;
    let n = code.width();
    let dark: Vec<bool> = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
    let span = n as f64 + 8.0; // modules, quiet zone included

    // Geometry: module size, turn, tilt.
    let (w, h) = (FRAME_W as f64, FRAME_H as f64);
    let largest = 0.92 * w.min(h) / span;
    let mut module = match degradation {
        D::Scale => rng.range(1.7, 2.5),
        D::Moire => rng.range(2.8, 5.0),
        _ => rng.range(2.7, 6.5),
    };
    module = module.min(largest.max(1.7));
    if sample {
        module = module.min(3.0);
    }
    let angle = match degradation {
        D::Rotation => rng.range(0.0, 360.0),
        _ => rng.range(-8.0, 8.0),
    }
    .to_radians();
    let tilt = match degradation {
        D::Tilt => rng.range(20.0, 45.0),
        _ => rng.range(0.0, 8.0),
    }
    .to_radians();
    let tilt_axis = rng.range(0.0, std::f64::consts::TAU);
    let distance = rng.range(1.3, 2.5);

    let card = match degradation {
        D::Moire => rng.range(2.0, 6.0),
        _ => rng.range(0.0, 4.0),
    };
    let edge = 4.0 + card;
    // Corners of the card in module units, and where they land in the frame.
    let corners_m =
        [(-edge, -edge), (n as f64 + edge, -edge), (n as f64 + edge, n as f64 + edge), (-edge, n as f64 + edge)];
    let project = |module: f64| -> [(f64, f64); 4] {
        corners_m.map(|(u, v)| {
            let (x, y) = ((u - n as f64 / 2.0) * module, (v - n as f64 / 2.0) * module);
            let (x, y) = (x * angle.cos() - y * angle.sin(), x * angle.sin() + y * angle.cos());
            // Tilt: turn the plane about an in-plane axis, then project with a pinhole.
            let (a, b) = (tilt * tilt_axis.cos(), tilt * tilt_axis.sin());
            let (y1, z1) = (y * a.cos(), y * a.sin());
            let (x2, z2) = (x * b.cos() + z1 * b.sin(), -x * b.sin() + z1 * b.cos());
            let f = distance * span * module;
            let s = f / (f + z2);
            (x2 * s, y1 * s)
        })
    };
    // Shrink until the code itself (not the card) fits, then place it at random.
    let code_fits = |module: f64| {
        let q = project(module);
        let scale = (span / 2.0) / (n as f64 / 2.0 + edge);
        let xs = q.map(|p| p.0 * scale);
        let ys = q.map(|p| p.1 * scale);
        let wx = xs.iter().cloned().fold(f64::MIN, f64::max) - xs.iter().cloned().fold(f64::MAX, f64::min);
        let wy = ys.iter().cloned().fold(f64::MIN, f64::max) - ys.iter().cloned().fold(f64::MAX, f64::min);
        wx < 0.96 * w && wy < 0.96 * h
    };
    while !code_fits(module) && module > 1.0 {
        module *= 0.95;
    }
    let quad = project(module);
    let scale = (span / 2.0) / (n as f64 / 2.0 + edge);
    let half_x = quad.iter().map(|p| (p.0 * scale).abs()).fold(0.0, f64::max);
    let half_y = quad.iter().map(|p| (p.1 * scale).abs()).fold(0.0, f64::max);
    let cx = w / 2.0 + rng.range(-1.0, 1.0) * (w / 2.0 - half_x - 4.0).max(0.0);
    let cy = h / 2.0 + rng.range(-1.0, 1.0) * (h / 2.0 - half_y - 4.0).max(0.0);
    let quad_px = quad.map(|(x, y)| (x + cx, y + cy));
    let to_module = homography(&quad_px, &corners_m).context("degenerate geometry")?;

    // Light and sensor levels.
    let (mut black, mut white) = (rng.range(15.0, 50.0), rng.range(185.0, 245.0));
    if degradation == D::LowContrast {
        black = rng.range(90.0, 140.0);
        white = black + rng.range(30.0, 60.0);
    }
    let scene = Scene {
        dark,
        n: n as f64,
        card,
        background: match degradation {
            D::Moire => rng.range(0.0, 0.1),
            _ => rng.range(0.2, 0.8),
        },
        screen: (degradation == D::Moire).then(|| (rng.range(3.0, 9.0), rng.range(0.5, 0.8), rng.range(0.0, 0.3))),
    };

    // Render with area sampling (sub-pixel grid).
    let ss = 4usize;
    let mut img = vec![0f32; FRAME_W * FRAME_H];
    for y in 0..FRAME_H {
        for x in 0..FRAME_W {
            let mut sum = 0.0;
            for sy in 0..ss {
                for sx in 0..ss {
                    let px = x as f64 + (sx as f64 + 0.5) / ss as f64;
                    let py = y as f64 + (sy as f64 + 0.5) / ss as f64;
                    let (u, v) = apply(&to_module, px, py);
                    sum += scene.reflectance(u, v);
                }
            }
            img[y * FRAME_W + x] = (sum / (ss * ss) as f64) as f32;
        }
    }

    // Light: uneven (a gradient, often a hard shadow edge too) and the sensor's levels.
    let light = uneven_light(degradation == D::UnevenLight, rng);
    for y in 0..FRAME_H {
        for x in 0..FRAME_W {
            let l = light(x as f64 / w, y as f64 / h);
            let p = &mut img[y * FRAME_W + x];
            *p = (black + (white - black) * f64::from(*p)) as f32 * l as f32;
        }
    }

    let sigma = match degradation {
        D::Blur => module * rng.range(0.25, 0.45),
        _ => rng.range(0.3, 0.6),
    };
    gaussian_blur(&mut img, FRAME_W, FRAME_H, sigma as f32);

    let noise = match degradation {
        D::Noise => rng.range(15.0, 32.0),
        _ => rng.range(1.0, 4.0),
    };
    for p in img.iter_mut() {
        *p += (noise * rng.normal()) as f32;
    }
    let mut grey =
        Grey { w: FRAME_W, h: FRAME_H, px: img.iter().map(|&p| p.round().clamp(0.0, 255.0) as u8).collect() };

    if degradation == D::Jpeg {
        grey = jpeg_round_trip(&grey, rng.int(6, 22) as u8)?;
    }
    if sample {
        grey = crop_to(&grey, &quad_px, scale, (cx, cy));
    }
    Ok(grey)
}

/// A multiplicative light field over the frame (coordinates in 0..1).
fn uneven_light(on: bool, rng: &mut Rng) -> Box<dyn Fn(f64, f64) -> f64> {
    if !on {
        let tint = rng.range(0.9, 1.0);
        return Box::new(move |_, _| tint);
    }
    let dir = rng.range(0.0, std::f64::consts::TAU);
    let low = rng.range(0.25, 0.45);
    let shadow = rng.unit() < 0.6;
    let (sx, sy, sdir, depth) =
        (rng.range(0.3, 0.7), rng.range(0.3, 0.7), rng.range(0.0, std::f64::consts::TAU), rng.range(0.4, 0.6));
    Box::new(move |x, y| {
        let t = ((x - 0.5) * dir.cos() + (y - 0.5) * dir.sin()) / 0.71 * 0.5 + 0.5;
        let mut l = low + (1.0 - low) * t.clamp(0.0, 1.0);
        if shadow && (x - sx) * sdir.cos() + (y - sy) * sdir.sin() > 0.0 {
            l *= depth;
        }
        l
    })
}

/// Keeps the code and a margin: the committed sample stays small.
fn crop_to(grey: &Grey, quad: &[(f64, f64); 4], code_scale: f64, (cx, cy): (f64, f64)) -> Grey {
    let xs = quad.map(|p| cx + (p.0 - cx) * code_scale);
    let ys = quad.map(|p| cy + (p.1 - cy) * code_scale);
    let margin = 16.0;
    let x0 = (xs.iter().cloned().fold(f64::MAX, f64::min) - margin).max(0.0) as usize;
    let y0 = (ys.iter().cloned().fold(f64::MAX, f64::min) - margin).max(0.0) as usize;
    let x1 = ((xs.iter().cloned().fold(f64::MIN, f64::max) + margin) as usize).min(grey.w);
    let y1 = ((ys.iter().cloned().fold(f64::MIN, f64::max) + margin) as usize).min(grey.h);
    let (w, h) = (x1 - x0, y1 - y0);
    let px = (y0..y1).flat_map(|y| grey.px[y * grey.w + x0..y * grey.w + x1].iter().copied()).collect();
    Grey { w, h, px }
}

fn jpeg_round_trip(grey: &Grey, quality: u8) -> Result<Grey> {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality).encode(
        &grey.px,
        grey.w as u32,
        grey.h as u32,
        image::ExtendedColorType::L8,
    )?;
    let back = image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg)?.into_luma8();
    Ok(Grey { w: grey.w, h: grey.h, px: back.into_raw() })
}

fn gaussian_blur(img: &mut [f32], w: usize, h: usize, sigma: f32) {
    let r = (3.0 * sigma).ceil() as isize;
    let kernel: Vec<f32> = (-r..=r).map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp()).collect();
    let total: f32 = kernel.iter().sum();
    let kernel: Vec<f32> = kernel.iter().map(|k| k / total).collect();
    let pass = |src: &[f32], dst: &mut [f32], step: usize, len: usize, lines: usize, stride: usize| {
        for line in 0..lines {
            for i in 0..len {
                let mut acc = 0.0;
                for (k, weight) in kernel.iter().enumerate() {
                    let j = (i as isize + k as isize - r).clamp(0, len as isize - 1) as usize;
                    acc += weight * src[line * stride + j * step];
                }
                dst[line * stride + i * step] = acc;
            }
        }
    };
    let mut tmp = vec![0f32; img.len()];
    pass(img, &mut tmp, 1, w, h, w);
    pass(&tmp, img, w, h, w, 1);
}

/// The 3x3 projective map taking `from[i]` to `to[i]` (row-major, h33 = 1).
fn homography(from: &[(f64, f64); 4], to: &[(f64, f64); 4]) -> Option<[f64; 9]> {
    let mut a = [[0f64; 9]; 8];
    for i in 0..4 {
        let ((x, y), (u, v)) = (from[i], to[i]);
        a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
        a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
    }
    for col in 0..8 {
        let pivot = (col..8).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        let pivot_row = a[col];
        for (row, line) in a.iter_mut().enumerate() {
            if row != col {
                let f = line[col] / pivot_row[col];
                for (x, p) in line[col..].iter_mut().zip(&pivot_row[col..]) {
                    *x -= f * p;
                }
            }
        }
    }
    let mut h = [1f64; 9];
    for i in 0..8 {
        h[i] = a[i][8] / a[i][i];
    }
    Some(h)
}

fn apply(h: &[f64; 9], x: f64, y: f64) -> (f64, f64) {
    let d = h[6] * x + h[7] * y + h[8];
    ((h[0] * x + h[1] * y + h[2]) / d, (h[3] * x + h[4] * y + h[5]) / d)
}
