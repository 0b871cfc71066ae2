//! Writes the FHIR Bundle of each demo record (`demo::record_fixed`) to `OUT/<cancer>.json`,
//! for the third-party validator (`tests/browser/fhir.test.mjs`, `docs/fhir-export.md`).
//!
//! `cargo run -p karte-core --example fhir_export -- OUT`

use karte_core::{demo, fhir, vocab::CancerType};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).ok_or("usage: fhir_export OUT")?;
    std::fs::create_dir_all(&out)?;
    for cancer in CancerType::ALL {
        let view = demo::record_fixed(cancer).view();
        let bundle = fhir::bundle(&view, &format!("demo-{}", cancer.as_str()));
        let path = std::path::Path::new(&out).join(format!("{}.json", cancer.as_str()));
        std::fs::write(&path, serde_json::to_string_pretty(&bundle)?)?;
        println!("{}", path.display());
    }
    Ok(())
}
