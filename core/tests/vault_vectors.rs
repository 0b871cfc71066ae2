//! The vault's test vectors: one JSON file per case under `tests/data/vault/`, all driven by
//! one table test. Regenerate with
//! `REGENERATE_VECTORS=1 cargo test -p karte-core --test vault_vectors -- --ignored`.

use std::fs;
use std::path::PathBuf;

use karte_core::vault::format::{Envelope, HEADER_LEN};
use karte_core::vault::store::{read_backup, seal_backup, ImportError, Secret};
use karte_core::vault::{new_key, open, seal, EntropyError, KdfParams, OpenError, Passphrase};
use serde_json::{json, Value};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/vault")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Deterministic bytes (SplitMix64) so that regenerating gives identical files. Test
/// vectors only: real seals use `os_entropy`.
fn counter_rng(seed: u64) -> impl FnMut(&mut [u8]) -> Result<(), EntropyError> {
    let mut state = seed;
    move |buf: &mut [u8]| {
        for chunk in buf.chunks_mut(8) {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
        Ok(())
    }
}

const PASS: &str = "correct horse battery staple";
const PLAINTEXT: &str = r#"{"patient":"山田 花子","note":"test vector, fictional"}"#;

/// An open error by the name the specification gives it (`docs/vault-format.md`, "Reading,
/// in order"): a format fault by its own name (`Truncated`), else the variant.
fn open_name(e: &OpenError) -> String {
    match e {
        OpenError::Format(f) => format!("{f:?}"),
        other => format!("{other:?}"),
    }
}

/// One case: what `open` (or `read_backup`) must return.
fn check(case: &Value) -> Result<(), String> {
    let name = case["name"].as_str().unwrap_or("?");
    let passphrase = Passphrase::from(case["passphrase"].as_str().unwrap());
    let expect = case["expect"].as_str().unwrap();
    let got: Result<Vec<u8>, String> = if let Some(text) = case["input_armoured"].as_str() {
        read_backup(text, Secret::Passphrase(&passphrase))
            .map(|r| r.to_vec())
            .map_err(|e| match e {
                ImportError::Open(o) => format!("Open({})", open_name(&o)),
                other => format!("{other:?}"),
            })
    } else {
        let input = unhex(case["input_hex"].as_str().unwrap());
        open(&passphrase, &input)
            .map(|u| u.plaintext.to_vec())
            .map_err(|e| open_name(&e))
    };
    match (expect, got) {
        ("ok", Ok(plain)) => {
            let want = case["plaintext"].as_str().unwrap().as_bytes();
            if plain == want {
                Ok(())
            } else {
                Err(format!("{name}: wrong plaintext"))
            }
        }
        ("ok", Err(e)) => Err(format!("{name}: expected ok, got {e}")),
        (want, Ok(_)) => Err(format!("{name}: expected {want}, got plaintext")),
        (want, Err(e)) if e == want => Ok(()),
        (want, Err(e)) => Err(format!("{name}: expected {want}, got {e}")),
    }
}

#[test]
fn vectors() {
    let mut files: Vec<_> = fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "only {} vectors", files.len());
    let failures: Vec<String> = files
        .iter()
        .map(|p| serde_json::from_str::<Value>(&fs::read_to_string(p).unwrap()).unwrap())
        .filter_map(|case| check(&case).err())
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Every vector that parses is reproduced byte for byte by writing it back.
#[test]
fn vectors_parse_then_write_reproduces_bytes() {
    let mut parsed = 0;
    for entry in fs::read_dir(dir()).unwrap() {
        let case: Value =
            serde_json::from_str(&fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let Some(h) = case["input_hex"].as_str() else {
            continue;
        };
        let bytes = unhex(h);
        if let Ok(env) = Envelope::parse(&bytes) {
            assert_eq!(env.to_bytes(), bytes, "{}", case["name"]);
            parsed += 1;
        }
    }
    assert!(parsed >= 10);
}

fn with_u32(bytes: &[u8], at: usize, v: u32) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    b
}

fn with_byte(bytes: &[u8], at: usize, f: impl Fn(u8) -> u8) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at] = f(b[at]);
    b
}

#[test]
#[ignore = "writes tests/data/vault; run with REGENERATE_VECTORS=1"]
fn regenerate_vectors() {
    if std::env::var("REGENERATE_VECTORS").as_deref() != Ok("1") {
        eprintln!("set REGENERATE_VECTORS=1 to rewrite the vectors");
        return;
    }
    let pass = Passphrase::from(PASS);
    let mut rng = counter_rng(1);
    let key = new_key(&pass, &KdfParams::FLOOR, &mut rng).unwrap();
    let good = seal(&key, PLAINTEXT.as_bytes(), &mut rng).unwrap();
    let n = good.len();
    let err_range = |m: u32, t: u32, p: u32| {
        format!("KdfParamsOutOfRange {{ m_cost_kib: {m}, t_cost: {t}, p_cost: {p} }}")
    };
    let err_cap = |m: u32, t: u32, p: u32| {
        format!("KdfCostOverCap {{ m_cost_kib: {m}, t_cost: {t}, p_cost: {p} }}")
    };
    let (fm, ft, fp) = (19 * 1024, 2, 1);

    let mut cases: Vec<(&str, &str, String, Vec<u8>, String)> = vec![
        ("good", "Sealed with m = 19 MiB, t = 2, p = 1 (the floor).", PASS.into(), good.clone(), "ok".into()),
        ("wrong_passphrase", "The good envelope, another passphrase.", "correct horse battery stapler".into(), good.clone(), "DecryptionFailed".into()),
        ("empty_passphrase", "The good envelope, the empty passphrase.", String::new(), good.clone(), "DecryptionFailed".into()),
        ("tampered_magic", "First magic byte changed.", PASS.into(), with_byte(&good, 0, |b| b ^ 0x01), "NotAVault".into()),
        ("tampered_version", "Version byte 1 -> 2.", PASS.into(), with_byte(&good, 6, |_| 2), "UnsupportedVersion(2)".into()),
        ("unknown_version_0", "Version byte 0.", PASS.into(), with_byte(&good, 6, |_| 0), "UnsupportedVersion(0)".into()),
        ("unknown_version_255", "Version byte 255 (a future format).", PASS.into(), with_byte(&good, 6, |_| 255), "UnsupportedVersion(255)".into()),
        ("tampered_kdf_id", "KDF id 1 -> 2.", PASS.into(), with_byte(&good, 7, |_| 2), "UnknownKdf(2)".into()),
        ("unknown_kdf_0", "KDF id 0.", PASS.into(), with_byte(&good, 7, |_| 0), "UnknownKdf(0)".into()),
        ("tampered_m", "m_cost 19456 -> 19457 KiB: in range, so the key differs and the header (AAD) no longer authenticates.", PASS.into(), with_u32(&good, 8, fm + 1), "DecryptionFailed".into()),
        ("tampered_t", "t_cost 2 -> 3: in range; fails authentication.", PASS.into(), with_u32(&good, 12, 3), "DecryptionFailed".into()),
        ("tampered_p", "p 1 -> 2: in range; fails authentication.", PASS.into(), with_u32(&good, 16, 2), "DecryptionFailed".into()),
        ("tampered_salt", "Last salt byte changed.", PASS.into(), with_byte(&good, 35, |b| b ^ 0x80), "DecryptionFailed".into()),
        ("tampered_nonce", "First nonce byte changed.", PASS.into(), with_byte(&good, 36, |b| b ^ 0x01), "DecryptionFailed".into()),
        ("tampered_ciphertext", "First ciphertext byte changed.", PASS.into(), with_byte(&good, HEADER_LEN, |b| b ^ 0x01), "DecryptionFailed".into()),
        ("tampered_tag", "Last tag byte changed.", PASS.into(), with_byte(&good, n - 1, |b| b ^ 0x01), "DecryptionFailed".into()),
        ("truncated_0", "Empty input.", PASS.into(), Vec::new(), "Truncated".into()),
        ("truncated_3", "Cut inside the magic.", PASS.into(), good[..3].to_vec(), "Truncated".into()),
        ("truncated_7", "Cut after the version byte.", PASS.into(), good[..7].to_vec(), "Truncated".into()),
        ("truncated_30", "Cut inside the salt.", PASS.into(), good[..30].to_vec(), "Truncated".into()),
        ("truncated_48", "Header only.", PASS.into(), good[..48].to_vec(), "Truncated".into()),
        ("truncated_63", "One byte short of header + tag.", PASS.into(), good[..63].to_vec(), "Truncated".into()),
        ("truncated_last_byte", "Last byte removed: long enough to parse, so it fails authentication.", PASS.into(), good[..n - 1].to_vec(), "DecryptionFailed".into()),
        ("truncated_to_64", "Cut to header + 16 bytes: parses as an empty plaintext, fails authentication.", PASS.into(), good[..64].to_vec(), "DecryptionFailed".into()),
        ("extended", "One byte appended.", PASS.into(), [good.clone(), vec![0]].concat(), "DecryptionFailed".into()),
        ("kdf_m_over_cap", "m = 128 MiB + 1 KiB (the cap is 128 MiB).", PASS.into(), with_u32(&good, 8, 128 * 1024 + 1), err_cap(128 * 1024 + 1, ft, fp)),
        ("kdf_m_huge", "m = 4 TiB: refused before any allocation.", PASS.into(), with_u32(&good, 8, u32::MAX), err_cap(u32::MAX, ft, fp)),
        ("kdf_t_over_cap", "t = 5 (the cap is 4).", PASS.into(), with_u32(&good, 12, 5), err_cap(fm, 5, fp)),
        ("kdf_t_huge", "t = 2^32 - 1.", PASS.into(), with_u32(&good, 12, u32::MAX), err_cap(fm, u32::MAX, fp)),
        ("kdf_p_over_cap", "p = 5.", PASS.into(), with_u32(&good, 16, 5), err_cap(fm, ft, 5)),
        ("kdf_old_cap", "m = 256 MiB, t = 10, p = 4: the cap before issue 22, 13x the default's work; refused before any derivation.", PASS.into(), with_u32(&with_u32(&with_u32(&good, 8, 256 * 1024), 12, 10), 16, 4), err_cap(256 * 1024, 10, 4)),
        ("kdf_under_floor_and_over_cap", "m = 8 KiB (under the floor) and t = 5 (over the cap): named as over the cap.", PASS.into(), with_u32(&with_u32(&good, 8, 8), 12, 5), err_cap(8, 5, fp)),
        ("kdf_m_under_floor", "m = 19 MiB - 1 KiB.", PASS.into(), with_u32(&good, 8, fm - 1), err_range(fm - 1, ft, fp)),
        ("kdf_m_tiny", "m = 8 KiB (Argon2's own minimum).", PASS.into(), with_u32(&good, 8, 8), err_range(8, ft, fp)),
        ("kdf_t_under_floor", "t = 1.", PASS.into(), with_u32(&good, 12, 1), err_range(fm, 1, fp)),
        ("kdf_p_zero", "p = 0.", PASS.into(), with_u32(&good, 16, 0), err_range(fm, ft, 0)),
        ("not_a_vault_json", "A plain JSON record.", PASS.into(), br#"{"patient":"x"}"#.to_vec(), "NotAVault".into()),
        ("not_a_vault_zeros", "64 zero bytes.", PASS.into(), vec![0; 64], "NotAVault".into()),
    ];

    let empty = seal(&key, b"", &mut rng).unwrap();
    cases.push((
        "good_empty_plaintext",
        "An empty plaintext: header + tag only (64 bytes).",
        PASS.into(),
        empty,
        "ok:".into(),
    ));

    let ja = "わたしのカルテ　合言葉は春の海";
    let ja_pass = Passphrase::from(ja);
    let ja_key = new_key(&ja_pass, &KdfParams::FLOOR, &mut rng).unwrap();
    let ja_env = seal(&ja_key, PLAINTEXT.as_bytes(), &mut rng).unwrap();
    cases.push((
        "good_japanese_passphrase",
        "Passphrase in Japanese (NFC UTF-8 bytes, no normalisation applied).",
        ja.into(),
        ja_env,
        "ok".into(),
    ));

    let d_key = new_key(&pass, &KdfParams::DEFAULT, &mut rng).unwrap();
    let d_env = seal(&d_key, PLAINTEXT.as_bytes(), &mut rng).unwrap();
    cases.push((
        "good_default_params",
        "Sealed with the default m = 64 MiB, t = 3, p = 1.",
        PASS.into(),
        d_env,
        "ok".into(),
    ));

    // A generator of its own: the vectors made before it keep their bytes.
    let mut cap_rng = counter_rng(2);
    let c_key = new_key(&pass, &KdfParams::CAP, &mut cap_rng).unwrap();
    let c_env = seal(&c_key, PLAINTEXT.as_bytes(), &mut cap_rng).unwrap();
    cases.push((
        "good_cap_params",
        "Sealed with the cap, m = 128 MiB, t = 4, p = 4: the most work a vault may ask for.",
        PASS.into(),
        c_env,
        "ok".into(),
    ));

    fs::create_dir_all(dir()).unwrap();
    for entry in fs::read_dir(dir()).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            fs::remove_file(p).unwrap();
        }
    }
    for (name, description, passphrase, input, expect) in cases {
        let (expect, plaintext) = match expect.as_str() {
            "ok" => ("ok".to_owned(), Some(PLAINTEXT)),
            "ok:" => ("ok".to_owned(), Some("")),
            _ => (expect, None),
        };
        let mut v = json!({
            "name": name,
            "description": description,
            "passphrase": passphrase,
            "input_hex": hex(&input),
            "expect": expect,
        });
        if let Some(p) = plaintext {
            v["plaintext"] = json!(p);
        }
        fs::write(
            dir().join(format!("{name}.json")),
            serde_json::to_string_pretty(&v).unwrap() + "\n",
        )
        .unwrap();
    }

    // Armoured backups.
    let backup = seal_backup(&key, PLAINTEXT.as_bytes(), &mut rng).unwrap();
    let armoured_cases = [
        (
            "backup_good",
            "An armoured backup sealed with the passphrase's key.",
            PASS,
            backup.clone(),
            "ok",
        ),
        (
            "backup_wrong_passphrase",
            "The good backup, another passphrase.",
            "wrong horse",
            backup.clone(),
            "Open(DecryptionFailed)",
        ),
        (
            "backup_no_armour",
            "Base64 without the marker lines.",
            PASS,
            backup.lines().skip(1).collect::<Vec<_>>().join("\n"),
            "NotABackup(MissingBegin)",
        ),
        (
            "backup_cut",
            "The END line is missing (file cut off).",
            PASS,
            backup.lines().take(3).collect::<Vec<_>>().join("\n"),
            "NotABackup(MissingEnd)",
        ),
        (
            "backup_bad_base64",
            "A character outside Base64 between the markers.",
            PASS,
            backup.replacen('\n', "\n*", 1),
            "NotABackup(BadBase64)",
        ),
    ];
    for (name, description, passphrase, text, expect) in armoured_cases {
        let mut v = json!({
            "name": name,
            "description": description,
            "passphrase": passphrase,
            "input_armoured": text,
            "expect": expect,
        });
        if expect == "ok" {
            v["plaintext"] = json!(PLAINTEXT);
        }
        fs::write(
            dir().join(format!("{name}.json")),
            serde_json::to_string_pretty(&v).unwrap() + "\n",
        )
        .unwrap();
    }
}
