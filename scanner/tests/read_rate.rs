//! The pipeline's read rate on the committed sample of degraded frames (`tests/data/qr/`,
//! written by `cargo xtask qrset tests/data/qr --count 27 --seed 7 --sample`: three frames of
//! each fault). The floor is what the pipeline read when it was chosen; a change that reads
//! fewer fails here. The whole sets and the comparison are in docs/qr-decoders.md.

use std::path::PathBuf;

/// Read by the pipeline when measured (of 27); bare rxing read 22.
const FLOOR: usize = 26;

struct Case {
    file: String,
    expected: String,
    grey: Vec<u8>,
    width: usize,
    height: usize,
}

fn sample() -> Vec<Case> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/qr");
    let truth = std::fs::read_to_string(dir.join("truth.tsv")).expect("truth.tsv");
    truth
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut cols = line.split('\t');
            let (file, expected) = (cols.next().unwrap().to_string(), cols.next().unwrap().to_string());
            let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(dir.join(&file)).unwrap()));
            let mut reader = decoder.read_info().unwrap();
            let mut grey = vec![0; reader.output_buffer_size().unwrap()];
            let info = reader.next_frame(&mut grey).unwrap();
            assert_eq!(info.color_type, png::ColorType::Grayscale, "{file}: 8-bit grey expected");
            grey.truncate(info.buffer_size());
            Case { file, expected, grey, width: info.width as usize, height: info.height as usize }
        })
        .collect()
}

fn read_count(decode: fn(&[u8], usize, usize) -> Vec<String>, cases: &[Case]) -> (usize, Vec<&str>) {
    let misses: Vec<&str> = cases
        .iter()
        .filter(|c| !decode(&c.grey, c.width, c.height).contains(&c.expected))
        .map(|c| c.file.as_str())
        .collect();
    (cases.len() - misses.len(), misses)
}

#[test]
fn pipeline_reads_the_degraded_sample_at_or_above_the_floor() {
    let cases = sample();
    assert_eq!(cases.len(), 27);
    let (read, misses) = read_count(karte_scanner::decode, &cases);
    assert!(read >= FLOOR, "read {read}/27, floor {FLOOR}; misses: {misses:?}");
}

#[test]
fn pipeline_reads_more_than_bare_rxing() {
    let cases = sample();
    let (pipeline, _) = read_count(karte_scanner::decode, &cases);
    let (plain, _) = read_count(karte_scanner::decode_plain, &cases);
    assert!(pipeline > plain, "pipeline {pipeline}, bare rxing {plain}");
}

#[test]
fn wrong_sizes_and_blank_frames_give_nothing() {
    assert!(karte_scanner::decode(&[255; 100], 10, 11).is_empty());
    assert!(karte_scanner::decode(&[], 0, 0).is_empty());
    assert!(karte_scanner::decode(&[200; 640 * 480], 640, 480).is_empty());
}

/// Two codes side by side, drawn clean at 4 px per module with their quiet zones.
fn two_codes(a: &str, b: &str) -> (Vec<u8>, usize, usize) {
    let codes = [a, b].map(|t| qrcode::QrCode::with_error_correction_level(t, qrcode::EcLevel::M).unwrap());
    let (scale, quiet) = (4, 4);
    let side = |c: &qrcode::QrCode| (c.width() + 2 * quiet) * scale;
    let (w, h) = (side(&codes[0]) + side(&codes[1]), side(&codes[0]).max(side(&codes[1])));
    let mut grey = vec![255u8; w * h];
    let mut left = 0;
    for code in &codes {
        let n = code.width();
        let colors = code.to_colors();
        for y in 0..n * scale {
            for x in 0..n * scale {
                if colors[(y / scale) * n + x / scale] == qrcode::Color::Dark {
                    grey[(y + quiet * scale) * w + left + x + quiet * scale] = 0;
                }
            }
        }
        left += side(code);
    }
    (grey, w, h)
}

#[test]
fn every_code_in_a_frame_is_read_once() {
    let (grey, w, h) = two_codes("WK1:FIRST", "WK1:SECOND");
    let mut texts = karte_scanner::decode(&grey, w, h);
    texts.sort();
    assert_eq!(texts, ["WK1:FIRST", "WK1:SECOND"]);
    let (grey, w, h) = two_codes("WK1:SAME", "WK1:SAME");
    assert_eq!(karte_scanner::decode(&grey, w, h), ["WK1:SAME"]);
}
