//! Passphrase and key: Argon2id parameters, their accepted range, calibration, and the
//! zeroized secret newtypes.

use core::fmt;
use core::time::Duration;

use argon2::{Algorithm, Argon2, Params, Version};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::format::SALT_LEN;

/// Length of the derived AES-256 key in bytes.
pub const KEY_LEN: usize = 32;

/// Argon2id parameters. Always within [`KdfParams::FLOOR`] and [`KdfParams::CAP`]: the only
/// constructor checks, so a value of this type never asks for too little or too much work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KdfParams {
    m_cost_kib: u32,
    t_cost: u32,
    p_cost: u32,
}

/// Parameters outside the accepted range; carries the values that were asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParamsError {
    /// Memory cost asked for, KiB.
    pub m_cost_kib: u32,
    /// Time cost asked for.
    pub t_cost: u32,
    /// Parallelism asked for.
    pub p_cost: u32,
    /// Whether some value is above [`KdfParams::CAP`] (more work than a phone can bear);
    /// otherwise some value is below [`KdfParams::FLOOR`].
    pub over_cap: bool,
}

impl KdfParams {
    /// What new vaults use: m = 64 MiB, t = 3, p = 1.
    pub const DEFAULT: Self = Self {
        m_cost_kib: 64 * 1024,
        t_cost: 3,
        p_cost: 1,
    };
    /// The least work a vault may declare: OWASP's Argon2id minimum, m = 19 MiB, t = 2, p = 1.
    pub const FLOOR: Self = Self {
        m_cost_kib: 19 * 1024,
        t_cost: 2,
        p_cost: 1,
    };
    /// The most work a vault may declare: m = 128 MiB, t = 4, p = 4, at most 2.7 times the
    /// default's work (m·t), so a crafted header cannot make a phone derive for more than
    /// about 10 s or allocate more than low-end phones' browsers give (measured in
    /// `docs/vault-format.md`, "Parameters"). The app writes only [`Self::DEFAULT`]. Lanes
    /// (p) split the same memory and passes, so they add no work.
    pub const CAP: Self = Self {
        m_cost_kib: 128 * 1024,
        t_cost: 4,
        p_cost: 4,
    };
    /// The memory calibration raises `m` to at most (128 MiB): above that, low-end phones'
    /// browsers may fail to allocate; further work goes into `t`, up to the cap.
    pub const CALIBRATION_MAX_M_KIB: u32 = Self::CAP.m_cost_kib;

    /// Checked constructor.
    ///
    /// # Errors
    /// [`KdfParamsError`] if any value is below [`Self::FLOOR`] or above [`Self::CAP`].
    pub const fn new(m_cost_kib: u32, t_cost: u32, p_cost: u32) -> Result<Self, KdfParamsError> {
        let (f, c) = (Self::FLOOR, Self::CAP);
        let over_cap = m_cost_kib > c.m_cost_kib || t_cost > c.t_cost || p_cost > c.p_cost;
        if over_cap || m_cost_kib < f.m_cost_kib || t_cost < f.t_cost || p_cost < f.p_cost {
            return Err(KdfParamsError {
                m_cost_kib,
                t_cost,
                p_cost,
                over_cap,
            });
        }
        Ok(Self {
            m_cost_kib,
            t_cost,
            p_cost,
        })
    }

    /// Memory cost in KiB.
    pub const fn m_cost_kib(&self) -> u32 {
        self.m_cost_kib
    }
    /// Time cost (passes over memory).
    pub const fn t_cost(&self) -> u32 {
        self.t_cost
    }
    /// Parallelism (lanes). Single-threaded WASM gains nothing from p > 1.
    pub const fn p_cost(&self) -> u32 {
        self.p_cost
    }

    /// Proposes parameters for a device that took `measured` for one derivation with `self`,
    /// aiming at `target`. Work (≈ m·t) grows by `target / measured`: memory first, up to
    /// [`Self::CALIBRATION_MAX_M_KIB`], then passes, up to [`Self::CAP`]. Calibration only
    /// goes upwards: every field of the result is at least that of [`Self::DEFAULT`] and of
    /// `self`, so a slow device keeps the default rather than getting weaker parameters.
    #[must_use]
    pub fn calibrated(&self, measured: Duration, target: Duration) -> Self {
        let floor_m = self.m_cost_kib.max(Self::DEFAULT.m_cost_kib);
        let floor_t = self.t_cost.max(Self::DEFAULT.t_cost);
        let floor_p = self.p_cost.max(Self::DEFAULT.p_cost);
        let measured_s = measured.as_secs_f64();
        let factor = if measured_s > 0.0 {
            target.as_secs_f64() / measured_s
        } else {
            1.0
        };
        let work = f64::from(self.m_cost_kib) * f64::from(self.t_cost) * factor.max(1.0);

        let max_m = Self::CALIBRATION_MAX_M_KIB.max(floor_m);
        let m = clamp_u32(work / f64::from(floor_t), floor_m, max_m);
        let t = clamp_u32(work / f64::from(m), floor_t, Self::CAP.t_cost.max(floor_t));
        Self {
            m_cost_kib: m,
            t_cost: t,
            p_cost: floor_p,
        }
    }

    fn argon2(&self) -> Result<Argon2<'static>, argon2::Error> {
        let params = Params::new(self.m_cost_kib, self.t_cost, self.p_cost, Some(KEY_LEN))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Rounds `x` down and clamps it into `lo..=hi` (NaN gives `lo`).
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn clamp_u32(x: f64, lo: u32, hi: u32) -> u32 {
    if x.is_nan() || x <= f64::from(lo) {
        lo
    } else if x >= f64::from(hi) {
        hi
    } else {
        x as u32
    }
}

/// A passphrase, wiped from memory when dropped. Its `Debug` does not show it.
///
/// The bytes are the UTF-8 of the string as given: no Unicode normalisation. The UI should
/// pass `input.normalize("NFC")` so that the same kana typed on two devices gives one key.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Passphrase(String);

impl Passphrase {
    /// Wraps a passphrase. The `String` moves in, so no other copy is left behind by this call.
    pub fn new(passphrase: String) -> Self {
        Self(passphrase)
    }
    /// The passphrase text (for the strength check).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Passphrase {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

/// Key derivation failed: Argon2 could not run (in practice only if the memory could not be
/// allocated). Never depends on whether the passphrase is right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeriveError;

impl core::fmt::Display for DeriveError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Argon2id could not run")
    }
}

impl std::error::Error for DeriveError {}

impl core::fmt::Display for KdfParamsError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let which = if self.over_cap { "above the cap" } else { "below the floor" };
        write!(f, "Argon2id parameters {which} (m = {} KiB, t = {}, p = {})", self.m_cost_kib, self.t_cost, self.p_cost)
    }
}

impl std::error::Error for KdfParamsError {}

/// The AES-256 key derived from a passphrase, with the salt and parameters it was derived
/// with. Wiped from memory on drop; `Debug` does not show the key. While the vault is
/// unlocked, the UI keeps this (not the passphrase) in memory.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct VaultKey {
    key: [u8; KEY_LEN],
    #[zeroize(skip)]
    params: KdfParams,
    #[zeroize(skip)]
    salt: [u8; SALT_LEN],
}

impl VaultKey {
    /// Derives the key with Argon2id. Takes about as long as the parameters say (≈ 0.25 s
    /// native, ≈ 0.5 s in WASM with the default).
    ///
    /// # Errors
    /// [`DeriveError`] if Argon2 cannot run.
    pub fn derive(
        passphrase: &Passphrase,
        params: &KdfParams,
        salt: [u8; SALT_LEN],
    ) -> Result<Self, DeriveError> {
        let argon2 = params.argon2().map_err(|_| DeriveError)?;
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        argon2
            .hash_password_into(passphrase.0.as_bytes(), &salt, key.as_mut())
            .map_err(|_| DeriveError)?;
        Ok(Self {
            key: *key,
            params: *params,
            salt,
        })
    }

    /// The parameters this key was derived with (written into every envelope it seals).
    pub fn params(&self) -> &KdfParams {
        &self.params
    }
    /// The salt this key was derived with.
    pub fn salt(&self) -> &[u8; SALT_LEN] {
        &self.salt
    }
    /// The raw key, to carry a key derived in a worker thread back to the page (the browser's
    /// KDF worker). Wiped when the returned value is dropped.
    pub fn to_bytes(&self) -> Zeroizing<[u8; KEY_LEN]> {
        Zeroizing::new(self.key)
    }
    /// A key derived elsewhere (the browser's KDF worker, by [`VaultKey::derive`] with the same
    /// `params` and `salt`), from its raw bytes.
    pub fn from_bytes(key: &[u8; KEY_LEN], params: KdfParams, salt: [u8; SALT_LEN]) -> Self {
        Self {
            key: *key,
            params,
            salt,
        }
    }
    pub(super) fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.key
    }
}

impl fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VaultKey")
            .field("key", &"<redacted>")
            .field("params", &self.params)
            .field("salt", &self.salt)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_enforced() {
        assert!(KdfParams::new(19 * 1024, 2, 1).is_ok());
        assert!(KdfParams::new(128 * 1024, 4, 4).is_ok());
        for (m, t, p, over_cap) in [
            (19 * 1024 - 1, 3, 1, false),
            (128 * 1024 + 1, 3, 1, true),
            (256 * 1024, 10, 4, true),
            (65536, 1, 1, false),
            (65536, 5, 1, true),
            (65536, 3, 0, false),
            (65536, 3, 5, true),
            (8, 5, 1, true),
        ] {
            assert_eq!(
                KdfParams::new(m, t, p),
                Err(KdfParamsError {
                    m_cost_kib: m,
                    t_cost: t,
                    p_cost: p,
                    over_cap,
                })
            );
        }
        // The cap's work (m·t) against the default's: what a crafted header can demand at most.
        let work = |k: KdfParams| u64::from(k.m_cost_kib) * u64::from(k.t_cost);
        assert!(work(KdfParams::CAP) * 3 <= work(KdfParams::DEFAULT) * 8, "at most 2.67x the default");
        for p in [KdfParams::DEFAULT, KdfParams::FLOOR, KdfParams::CAP] {
            assert_eq!(KdfParams::new(p.m_cost_kib, p.t_cost, p.p_cost), Ok(p));
        }
    }

    #[test]
    fn calibration_only_goes_up() {
        let d = KdfParams::DEFAULT;
        let ms = Duration::from_millis;
        // A slow device keeps the default, never less.
        assert_eq!(d.calibrated(ms(5000), ms(500)), d);
        assert_eq!(KdfParams::FLOOR.calibrated(ms(5000), ms(500)), d);
        assert_eq!(d.calibrated(Duration::ZERO, ms(500)), d);
        // Twice as fast as wanted: memory doubles first.
        let c = d.calibrated(ms(250), ms(500));
        assert_eq!((c.m_cost_kib, c.t_cost, c.p_cost), (128 * 1024, 3, 1));
        // Much faster: memory stops at 128 MiB, passes grow, within the cap.
        let c = d.calibrated(ms(50), ms(500));
        assert_eq!((c.m_cost_kib, c.t_cost), (128 * 1024, 4));
        for measured in [1u64, 10, 100, 200, 240, 300, 1000, 100_000] {
            for from in [KdfParams::FLOOR, d, KdfParams::CAP] {
                let c = from.calibrated(ms(measured), ms(500));
                assert!(c.m_cost_kib >= d.m_cost_kib && c.m_cost_kib >= from.m_cost_kib);
                assert!(c.t_cost >= d.t_cost && c.t_cost >= from.t_cost);
                assert!(c.p_cost >= from.p_cost);
                assert_eq!(KdfParams::new(c.m_cost_kib, c.t_cost, c.p_cost), Ok(c));
            }
        }
    }

    #[test]
    fn secrets_do_not_print() {
        let p = Passphrase::from("hunter2 hunter2");
        assert!(!format!("{p:?}").contains("hunter2"));
        let k = VaultKey {
            key: [0x5A; KEY_LEN],
            params: KdfParams::FLOOR,
            salt: [1; SALT_LEN],
        };
        assert!(!format!("{k:?}").contains("90"));
    }
}
