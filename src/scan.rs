//! Reading QR frames: camera frames to grey levels, the decoder (a lazily loaded chunk, run in
//! the QR worker), and what a scanned or typed text becomes. Plain functions, tested natively;
//! the camera and the worker are in `camera.rs`.

use karte_core::i18n::K;
use karte_core::share::{FrameError, MessageKind, Progress, Receiver, TextError};
use karte_scanner::{repair_scanned, Fault, Fix, WedgeProblem};

/// Grey levels (ITU-R BT.601 luma, integer) of an RGBA frame; `None` when the buffer does not
/// hold `width * height` pixels.
pub fn grey(rgba: &[u8], width: usize, height: usize) -> Option<Vec<u8>> {
    if width == 0 || height == 0 || rgba.len() != width.checked_mul(height)?.checked_mul(4)? {
        return None;
    }
    Some(
        rgba.chunks_exact(4)
            .map(|p| ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114 + 500) / 1000) as u8)
            .collect(),
    )
}

/// The QR codes in a grey frame. The decoder is a chunk loaded on first use (only the QR
/// worker loads it).
#[allow(unsafe_code)] // the split point's generated loader
#[leptos::wasm_split::wasm_split(scanner, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn decode_grey(grey: Vec<u8>, width: usize, height: usize) -> Result<Vec<String>, DecoderMissing> {
    Ok(karte_scanner::decode(&grey, width, height))
}

/// The decoder's chunk could not be loaded (an old build after an update).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecoderMissing;

impl From<leptos::wasm_split::SplitLoaderError> for DecoderMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        DecoderMissing
    }
}

/// What one scanned or typed text did.
#[derive(Clone, Debug, PartialEq)]
pub enum Took {
    /// A new part of the transfer (or a repeat: nothing new).
    Part(Progress),
    /// A part of a set counted by its own numbers (a pharmacy's split QR set): `have` of
    /// `total` read, `complete` when the set is.
    Count {
        /// Parts read.
        have: usize,
        /// Parts in the set.
        total: usize,
        /// Whether the set is complete (the reader has taken it).
        complete: bool,
    },
    /// Not taken: the message to show, with its placeholder when it has one.
    Refused(K, Option<(&'static str, String)>),
}

/// The locale key telling the person what a refused frame means.
pub fn frame_message(e: &FrameError) -> K {
    match e {
        FrameError::Text(TextError::NotOurs(_)) => K::scan_err_not_ours,
        FrameError::Text(TextError::UnknownVersion(_)) => K::scan_err_newer_version,
        FrameError::Text(_) => K::scan_err_garbled,
        FrameError::OtherTransfer { .. } => K::scan_err_other_transfer,
        FrameError::UnexpectedKind { found, .. } => match found {
            MessageKind::Card => K::scan_err_unexpected_card,
            MessageKind::Share => K::scan_err_unexpected_share,
            MessageKind::Entries | MessageKind::Issue => K::scan_err_unexpected_answer,
            MessageKind::Backup => K::backup_paper_unexpected,
        },
        FrameError::AlreadyComplete => K::scan_err_already_complete,
        _ => K::scan_err_damaged,
    }
}

/// The locale key of what to change on a USB scanner or keyboard.
pub fn fix_message(fix: Fix) -> K {
    match fix {
        Fix::TurnOffIme => K::scan_fix_ime,
        Fix::SetScannerToJisLayout => K::scan_fix_jis_layout,
        Fix::SetScannerToUsLayout => K::scan_fix_us_layout,
        Fix::TurnOffCapsLock => K::scan_fix_caps_lock,
    }
}

/// A text read by the camera into the receiver.
pub fn take_scanned(rx: &mut Receiver, text: &str) -> Took {
    match rx.push_text(text) {
        Ok(p) => Took::Part(p),
        Err(e) => Took::Refused(frame_message(&e), None),
    }
}

/// A text typed by a USB scanner (keyboard wedge) or pasted: repaired where the fault is known
/// (keyboard layout, full width, kana, Caps Lock), then taken. Returns what happened and, when
/// a fault was repaired, the setting to change so it does not happen again.
pub fn take_typed(rx: &mut Receiver, typed: &str) -> (Took, Option<K>) {
    match repair_scanned(typed) {
        Ok(r) => {
            let advice = r.faults.first().map(|f: &Fault| fix_message(f.fix()));
            (take_scanned(rx, &r.text), advice)
        }
        Err(WedgeProblem::Empty) => (Took::Refused(K::scan_err_empty, None), None),
        Err(p) => {
            let fix = p.fix().map(fix_message);
            let msg = match p {
                WedgeProblem::NotAFrame => K::scan_err_not_ours,
                _ => K::scan_err_garbled,
            };
            (Took::Refused(msg, None), fix)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use karte_core::share::Sender;

    #[test]
    fn grey_levels_follow_luma_and_refuse_wrong_sizes() {
        assert_eq!(grey(&[255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255], 3, 1), Some(vec![255, 0, 76]));
        assert_eq!(grey(&[0; 12], 2, 2), None);
        assert_eq!(grey(&[], 0, 0), None);
    }

    fn frames() -> Vec<String> {
        let s = Sender::with_symbol_size(MessageKind::Share, 42, &[7u8; 300], 120).expect("frames");
        s.texts(0, 3)
    }

    #[test]
    fn a_us_scanner_on_a_jis_keyboard_is_repaired_and_told() {
        let mut rx = Receiver::expecting(MessageKind::Share);
        let f = &frames()[0];
        // What a US-layout scanner types on a JIS keyboard: ':' -> '+', '*' -> '(', '+' -> '~'.
        let typed: String = f
            .chars()
            .map(|c| match c {
                ':' => '+',
                '*' => '(',
                '+' => '~',
                c => c,
            })
            .collect();
        let (took, advice) = take_typed(&mut rx, &typed);
        assert!(matches!(took, Took::Part(p) if p.received == 1), "{took:?}");
        assert_eq!(advice, Some(K::scan_fix_jis_layout));
    }

    #[test]
    fn refusals_have_their_messages() {
        let mut rx = Receiver::expecting(MessageKind::Entries);
        assert_eq!(take_typed(&mut rx, "https://example.jp").0, Took::Refused(K::scan_err_not_ours, None));
        assert_eq!(take_typed(&mut rx, "   ").0, Took::Refused(K::scan_err_empty, None));
        assert_eq!(take_scanned(&mut rx, &frames()[0]), Took::Refused(K::scan_err_unexpected_share, None));
        assert_eq!(take_scanned(&mut rx, "WK2:ABC"), Took::Refused(K::scan_err_newer_version, None));
    }
}
