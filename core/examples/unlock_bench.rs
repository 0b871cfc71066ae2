//! Native unlock time: Argon2id key derivation plus AES-256-GCM decryption of a ~50 KB
//! record, with the default parameters (m = 64 MiB, t = 3, p = 1). Prints the median of N
//! runs (default 7) and what calibration would propose for a 500 ms target; then the key
//! derivation alone at the cap (the most a crafted vault header may demand) and at the cap
//! before issue 22 (m = 256 MiB, t = 10), median of 3.
//!
//! `cargo run --release -p karte-core --example unlock_bench [N]`

use std::time::{Duration, Instant};

use karte_core::vault::{new_key, open, os_entropy, seal, KdfParams, Passphrase};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runs: usize = std::env::args().nth(1).map_or(Ok(7), |s| s.parse())?;
    let params = KdfParams::DEFAULT;
    let passphrase = Passphrase::from("benchmark passphrase, not a secret");
    let record: Vec<u8> = br#"{"entry":"lab result, fictional","value":12.3},"#
        .iter()
        .copied()
        .cycle()
        .take(50 * 1024)
        .collect();
    let key = new_key(&passphrase, &params, &mut os_entropy).map_err(|e| format!("{e:?}"))?;
    let sealed = seal(&key, &record, &mut os_entropy).map_err(|e| format!("{e:?}"))?;

    let mut unlock = Vec::with_capacity(runs);
    let mut decrypt = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t0 = Instant::now();
        let opened = open(&passphrase, &sealed).map_err(|e| format!("{e:?}"))?;
        unlock.push(t0.elapsed());
        assert_eq!(opened.plaintext.len(), record.len());
        let t1 = Instant::now();
        let again =
            karte_core::vault::open_with_key(&opened.key, &sealed).map_err(|e| format!("{e:?}"))?;
        decrypt.push(t1.elapsed());
        assert_eq!(again.len(), record.len());
    }
    let unlock = median(unlock);
    println!(
        "params: m = {} KiB, t = {}, p = {}; record {} bytes, envelope {} bytes",
        params.m_cost_kib(),
        params.t_cost(),
        params.p_cost(),
        record.len(),
        sealed.len()
    );
    println!(
        "unlock (derive + decrypt), median of {runs}: {:.1} ms",
        unlock.as_secs_f64() * 1e3
    );
    println!(
        "decrypt only (key kept), median of {runs}: {:.3} ms",
        median(decrypt).as_secs_f64() * 1e3
    );
    let proposed = params.calibrated(unlock, Duration::from_millis(500));
    println!(
        "calibration for a 500 ms target would propose: m = {} KiB, t = {}, p = {}",
        proposed.m_cost_kib(),
        proposed.t_cost(),
        proposed.p_cost()
    );
    let default_ms = median_derive(KdfParams::DEFAULT.m_cost_kib(), KdfParams::DEFAULT.t_cost(), 1);
    for (what, m, t, p) in [
        ("default", KdfParams::DEFAULT.m_cost_kib(), KdfParams::DEFAULT.t_cost(), 1),
        ("cap", KdfParams::CAP.m_cost_kib(), KdfParams::CAP.t_cost(), KdfParams::CAP.p_cost()),
        ("cap before issue 22", 256 * 1024, 10, 4),
    ] {
        let ms = median_derive(m, t, p);
        println!("derive only at the {what} (m = {m} KiB, t = {t}, p = {p}), median of 3: {ms:.0} ms, {:.1}x the default", ms / default_ms);
    }
    Ok(())
}

/// Argon2id alone (argon2 crate, as `VaultKey::derive`), any parameters; median of 3, ms.
fn median_derive(m: u32, t: u32, p: u32) -> f64 {
    use argon2::{Algorithm, Argon2, Params, Version};
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(m, t, p, Some(32)).expect("params"));
    let mut out = [0u8; 32];
    let times = (0..3)
        .map(|_| {
            let t0 = Instant::now();
            argon.hash_password_into(b"benchmark passphrase", &[7u8; 16], &mut out).expect("derive");
            t0.elapsed()
        })
        .collect();
    median(times).as_secs_f64() * 1e3
}
