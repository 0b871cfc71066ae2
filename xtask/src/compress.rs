//! Precompressed copies of the built site's files: `<file>.br` (brotli, quality 11) and
//! `<file>.gz` (gzip, level 9) next to each text or WebAssembly file, as static hosts serve
//! them (see README, "Hosting"). `cargo xtask serve` picks one by `Accept-Encoding`.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// The encodings written next to each compressible file, in the server's order of preference.
pub const ENCODINGS: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

/// A content coding of HTTP (`Content-Encoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// `br`: smallest; every current browser accepts it over HTTPS (and on localhost).
    Brotli,
    /// `gzip`: for clients without brotli.
    Gzip,
}

impl Encoding {
    /// The token in `Accept-Encoding` / `Content-Encoding`.
    pub fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }

    /// The suffix of the precompressed file.
    pub fn suffix(self) -> &'static str {
        match self {
            Encoding::Brotli => ".br",
            Encoding::Gzip => ".gz",
        }
    }

    /// `bytes` compressed with this encoding at its highest level.
    ///
    /// # Errors
    /// The compressor's error: never an empty result standing for a size.
    pub fn compress(self, bytes: &[u8]) -> Result<Vec<u8>> {
        let out = match self {
            Encoding::Brotli => {
                let mut out = Vec::new();
                let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
                brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).context("brotli")?;
                out
            }
            Encoding::Gzip => {
                let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                enc.write_all(bytes).context("gzip")?;
                enc.finish().context("gzip")?
            }
        };
        Ok(out)
    }
}

/// Whether a file of this name is worth compressing (text and WebAssembly; not images).
pub fn compressible(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    matches!(ext, "html" | "js" | "mjs" | "css" | "wasm" | "json" | "webmanifest" | "svg" | "txt")
}

/// Whether `name` is a precompressed copy written by [`write_precompressed`].
pub fn is_precompressed(name: &str) -> bool {
    ENCODINGS.iter().any(|e| name.ends_with(e.suffix()))
}

/// Writes `<path>.br` and `<path>.gz` beside `path` (holding `bytes`) when `path` is
/// compressible and the copy is smaller. Returns the brotli size written, if any.
pub fn write_precompressed(path: &Path, bytes: &[u8]) -> Result<Option<usize>> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if !compressible(name) {
        return Ok(None);
    }
    let mut brotli_len = None;
    for enc in ENCODINGS {
        let packed = enc.compress(bytes).with_context(|| format!("compressing {}", path.display()))?;
        if packed.len() >= bytes.len() {
            continue;
        }
        let mut out = path.as_os_str().to_owned();
        out.push(enc.suffix());
        std::fs::write(&out, &packed).with_context(|| format!("writing {}", Path::new(&out).display()))?;
        if enc == Encoding::Brotli {
            brotli_len = Some(packed.len());
        }
    }
    Ok(brotli_len)
}

/// The encoding to send for a request with this `Accept-Encoding` header, among those
/// `available` for the file, in the order of [`ENCODINGS`]. A coding is accepted when listed
/// (or matched by `*`) with a quality above 0 (RFC 9110, 12.5.3).
pub fn negotiate(accept_encoding: &str, available: &[Encoding]) -> Option<Encoding> {
    let quality = |token: &str| -> Option<f32> {
        let mut wildcard = None;
        for item in accept_encoding.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or_default().trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .find_map(|v| v.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if coding.eq_ignore_ascii_case(token) {
                return Some(q);
            }
            if coding == "*" {
                wildcard = Some(q);
            }
        }
        wildcard
    };
    ENCODINGS
        .into_iter()
        .filter(|e| available.contains(e))
        .find(|e| quality(e.token()).is_some_and(|q| q > 0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Encoding::{Brotli, Gzip};

    #[test]
    fn negotiation_follows_accept_encoding() {
        let both = [Brotli, Gzip];
        let check = |header: &str, available: &[Encoding], expect: Option<Encoding>| {
            assert_eq!(negotiate(header, available), expect, "{header:?} with {available:?}");
        };
        check("gzip, deflate, br, zstd", &both, Some(Brotli)); // Chromium
        check("gzip, deflate", &both, Some(Gzip));
        check("br;q=0, gzip", &both, Some(Gzip));
        check("BR", &both, Some(Brotli));
        check("gzip;q=0.5, br;q=0.1", &both, Some(Brotli)); // any q > 0 is accepted; we prefer br
        check("*", &both, Some(Brotli));
        check("*;q=0", &both, None);
        check("br;q=0, *", &both, Some(Gzip));
        check("identity", &both, None);
        check("", &both, None);
        check("gzip, br", &[Gzip], Some(Gzip));
        check("br", &[], None);
    }

    #[test]
    fn copies_decompress_to_the_original_and_images_are_left_alone() {
        use std::io::Read;
        let dir = std::env::temp_dir().join(format!("karte-compress-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "私のカルテ ".repeat(500).into_bytes();
        let js = dir.join("app.js");
        std::fs::write(&js, &text).unwrap();
        assert!(write_precompressed(&js, &text).unwrap().is_some());
        let br = std::fs::read(dir.join("app.js.br")).unwrap();
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
        assert_eq!(out, text);
        let gz = std::fs::read(dir.join("app.js.gz")).unwrap();
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut out).unwrap();
        assert_eq!(out, text);
        let png = dir.join("icon.png");
        assert_eq!(write_precompressed(&png, &text).unwrap(), None);
        assert!(!dir.join("icon.png.br").exists());
        assert!(is_precompressed("app-1/app.wasm.br") && is_precompressed("index.html.gz") && !is_precompressed("app.wasm"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
