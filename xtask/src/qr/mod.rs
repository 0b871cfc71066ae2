//! QR decoding benchmark: `qrset` writes a degraded image set, `qrbench` measures decoders on it.

pub mod decoders;
pub mod qrbench;
pub mod qrset;
mod rng;
