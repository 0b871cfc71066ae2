//! The decoders `qrbench` compares, each behind one function: grey frame in, texts out.

use anyhow::{bail, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoder {
    /// The app's pipeline (`karte_scanner::decode`).
    Pipeline,
    /// rxing alone: one pass, its hybrid binariser, try-harder (`karte_scanner::decode_plain`).
    Rxing,
    Quircs,
    Rqrr,
}

impl Decoder {
    pub const ALL: [Decoder; 4] = [Decoder::Pipeline, Decoder::Rxing, Decoder::Quircs, Decoder::Rqrr];

    pub fn name(self) -> &'static str {
        match self {
            Decoder::Pipeline => "pipeline",
            Decoder::Rxing => "rxing",
            Decoder::Quircs => "quircs",
            Decoder::Rqrr => "rqrr",
        }
    }

    pub fn parse(name: &str) -> Result<Decoder> {
        match Decoder::ALL.into_iter().find(|d| d.name() == name) {
            Some(d) => Ok(d),
            None => bail!("unknown decoder {name:?} (pipeline, rxing, quircs, rqrr)"),
        }
    }

    pub fn decode(self, grey: &[u8], width: usize, height: usize) -> Vec<String> {
        match self {
            Decoder::Pipeline => karte_scanner::decode(grey, width, height),
            Decoder::Rxing => karte_scanner::decode_plain(grey, width, height),
            Decoder::Quircs => {
                let mut quirc = quircs::Quirc::default();
                quirc
                    .identify(width, height, grey)
                    .filter_map(|code| code.ok()?.decode().ok())
                    .filter_map(|data| String::from_utf8(data.payload).ok())
                    .collect()
            }
            Decoder::Rqrr => {
                let mut img = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| grey[y * width + x]);
                img.detect_grids().into_iter().filter_map(|g| g.decode().ok()).map(|(_, text)| text).collect()
            }
        }
    }
}
