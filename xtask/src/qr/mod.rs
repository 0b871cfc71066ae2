//! QR decoding benchmark: `qrset` writes a degraded image set, `qrbench` measures decoders on it,
//! `qrsize` the WebAssembly size of each.

pub mod decoders;
pub mod qrbench;
pub mod qrset;
pub mod qrsize;
mod rng;
