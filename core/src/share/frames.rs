//! Frames: a message cut into QR-sized pieces with the RaptorQ fountain code (RFC 6330).
//!
//! The sender shows frames `0, 1, 2, …` (the first `K` carry the message itself, the rest are
//! repair symbols); the receiver completes from any `K` or slightly more distinct frames, in any
//! order, duplicates ignored. Frame layout (all integers big-endian), before Base45:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 1 | message kind (1 card, 2 share, 3 entries, 4 issue, 5 backup) |
//! | 1 | 4 | transfer id (random; the same in every frame of one message) |
//! | 5 | 2 | message length in bytes, 1..=[`MAX_MESSAGE`] |
//! | 7 | 2 | encoding symbol id (ESI): which piece this is |
//! | 9 | T | the symbol: T bytes, the same T in every frame of one transfer |
//!
//! Every limit is checked before anything is allocated.

use std::collections::BTreeSet;
use std::fmt;

use raptorq::{EncodingPacket, ObjectTransmissionInformation, PayloadId, SourceBlockEncoder};

use super::text::{self, TextError};
use super::MessageKind;

/// Bytes before the symbol.
pub const HEADER_LEN: usize = 9;
/// The largest message carried (64 KiB less one byte; a 5-year share is about 2 KB).
pub const MAX_MESSAGE: usize = 65_535;
/// The most source symbols (`K`) a transfer may have.
pub const MAX_SOURCE_FRAMES: usize = 64;
/// The smallest symbol size.
pub const MIN_SYMBOL: usize = 16;
/// The largest symbol size (a version-40 QR code in byte mode holds 2,953 bytes).
pub const MAX_SYMBOL: usize = 2_953;
/// Distinct frames a receiver keeps beyond `K` before it gives up on a transfer (RaptorQ
/// completes from `K` frames 99% of the time and from `K + 2` almost always): bounds the memory
/// a stream of bad frames can take.
pub const MAX_EXTRA_FRAMES: usize = 32;
/// The highest ESI (a sender loops long before this).
pub const MAX_ESI: u32 = 0xFFFF;

/// How the frames will be read: the size of each piece.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// An animated sequence read by a camera: each frame a QR code of version <= 22 at ECC M
    /// (see docs/share-format.md for the measurement behind the size).
    Camera,
    /// Pages read one by one by a hand-held 2D scanner: larger codes (version <= 30 at ECC M),
    /// fewer of them.
    Pages,
}

impl Mode {
    /// Symbol bytes per frame. With the 9-byte header and the 4-character prefix, the Base45
    /// text of a `Camera` frame fits a version-22 QR code at ECC M (1,134 alphanumeric
    /// characters: 753 bytes) and that of a `Pages` frame a version-30 code at ECC M (1,994
    /// characters: 1,326 bytes). A test checks both with the `qrcode` crate.
    pub fn symbol_size(self) -> usize {
        match self {
            Mode::Camera => 753 - HEADER_LEN,
            Mode::Pages => 1_326 - HEADER_LEN,
        }
    }
}

/// Why frames cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The message is empty.
    Empty,
    /// The message is longer than [`MAX_MESSAGE`].
    TooLarge(usize),
    /// It would need more than [`MAX_SOURCE_FRAMES`] frames.
    TooManyFrames(usize),
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SplitError::Empty => f.write_str("nothing to send"),
            SplitError::TooLarge(n) => write!(f, "{n} bytes is more than a transfer carries ({MAX_MESSAGE})"),
            SplitError::TooManyFrames(n) => write!(f, "{n} frames is more than a transfer may have ({MAX_SOURCE_FRAMES})"),
        }
    }
}

impl std::error::Error for SplitError {}

/// A message ready to be shown as frames: any number of frames can be drawn from it.
pub struct Sender {
    kind: MessageKind,
    transfer: u32,
    length: usize,
    symbol: usize,
    encoder: SourceBlockEncoder,
}

fn oti(length: usize, symbol: usize) -> ObjectTransmissionInformation {
    // One source block, one sub-block, alignment 1: the limits above keep every assertion of
    // the constructor true (length <= 64 KiB, K <= 64).
    ObjectTransmissionInformation::new(length as u64, symbol as u16, 1, 1, 1)
}

impl Sender {
    /// Prepares `message` (of `kind`, with its transfer id) for frames of `mode`.
    ///
    /// # Errors
    /// A [`SplitError`].
    pub fn new(kind: MessageKind, transfer: u32, message: &[u8], mode: Mode) -> Result<Sender, SplitError> {
        Sender::with_symbol_size(kind, transfer, message, mode.symbol_size())
    }

    /// As [`Sender::new`] with an explicit symbol size (for measurements and tests); a message
    /// shorter than one symbol gets a symbol of its own length.
    ///
    /// # Errors
    /// A [`SplitError`].
    pub fn with_symbol_size(kind: MessageKind, transfer: u32, message: &[u8], symbol: usize) -> Result<Sender, SplitError> {
        if message.is_empty() {
            return Err(SplitError::Empty);
        }
        if message.len() > MAX_MESSAGE {
            return Err(SplitError::TooLarge(message.len()));
        }
        let symbol = symbol.clamp(MIN_SYMBOL, MAX_SYMBOL).min(message.len().max(MIN_SYMBOL));
        let k = message.len().div_ceil(symbol);
        if k > MAX_SOURCE_FRAMES {
            return Err(SplitError::TooManyFrames(k));
        }
        // The source block is the message padded with zeros to K whole symbols (RFC 6330 §4.4.1.2).
        let mut block = message.to_vec();
        block.resize(k * symbol, 0);
        let encoder = SourceBlockEncoder::new(0, &oti(message.len(), symbol), &block);
        Ok(Sender { kind, transfer, length: message.len(), symbol, encoder })
    }

    /// `K`: the number of frames that carry the message itself; a receiver needs at least this
    /// many distinct frames.
    pub fn source_frames(&self) -> usize {
        self.length.div_ceil(self.symbol)
    }

    /// The transfer id.
    pub fn transfer(&self) -> u32 {
        self.transfer
    }

    /// Frames `first .. first + count` as bytes: the first `K` are the message, later ones are
    /// repair symbols (any `K` of them complete the transfer).
    pub fn frames(&self, first: u32, count: u32) -> Vec<Vec<u8>> {
        let k = self.source_frames() as u32;
        let count = count.min((MAX_ESI + 1).saturating_sub(first));
        let mut packets: Vec<EncodingPacket> = Vec::new();
        if first < k {
            packets.extend(self.encoder.source_packets().into_iter().skip(first as usize).take(count as usize));
        }
        let have = packets.len() as u32;
        if have < count {
            let start_repair = first.max(k) - k;
            packets.extend(self.encoder.repair_packets(start_repair, count - have));
        }
        packets.into_iter().map(|p| self.frame(&p)).collect()
    }

    /// The same frames as text (prefix + Base45), ready for a QR code.
    pub fn texts(&self, first: u32, count: u32) -> Vec<String> {
        self.frames(first, count).iter().map(|f| text::to_text(f)).collect()
    }

    /// The frames to loop in an animation: `K` source frames and `K` repair frames (at least
    /// 2), so that a reader that misses half of them in one pass still completes.
    pub fn animation(&self) -> Vec<String> {
        let k = self.source_frames() as u32;
        if k == 1 {
            return self.texts(0, 1);
        }
        self.texts(0, k + k.max(2))
    }

    fn frame(&self, p: &EncodingPacket) -> Vec<u8> {
        let mut f = Vec::with_capacity(HEADER_LEN + self.symbol);
        f.push(self.kind.code());
        f.extend_from_slice(&self.transfer.to_be_bytes());
        f.extend_from_slice(&(self.length as u16).to_be_bytes());
        f.extend_from_slice(&(p.payload_id().encoding_symbol_id() as u16).to_be_bytes());
        f.extend_from_slice(p.data());
        f
    }
}

/// One frame, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame<'a> {
    /// Message kind.
    pub kind: MessageKind,
    /// Transfer id.
    pub transfer: u32,
    /// Message length.
    pub length: usize,
    /// Which piece.
    pub esi: u32,
    /// The piece.
    pub symbol: &'a [u8],
}

/// Why a frame was not taken. The receiver's state is unchanged in every case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameError {
    /// The text is not a frame (see [`TextError`]).
    Text(TextError),
    /// Fewer bytes than a header and a minimal symbol.
    TooShort(usize),
    /// A message kind this app does not know.
    UnknownKind(u8),
    /// A message length of 0.
    ZeroLength,
    /// A symbol longer than [`MAX_SYMBOL`].
    SymbolTooLarge(usize),
    /// The message would need more than [`MAX_SOURCE_FRAMES`] frames.
    TooManyFrames(usize),
    /// A symbol larger than the whole message (impossible for a real sender).
    SymbolLongerThanMessage {
        /// Symbol bytes.
        symbol: usize,
        /// Message bytes.
        length: usize,
    },
    /// A frame of another message than the one being read (two codes on screen, or the
    /// sender started again); the reader keeps the first.
    OtherTransfer {
        /// The transfer being read.
        reading: u32,
        /// The transfer of this frame.
        found: u32,
    },
    /// A frame of the same transfer whose length or symbol size differs from its first frame.
    Inconsistent,
    /// A kind other than the one this screen expects (e.g. a share where a visit is awaited).
    UnexpectedKind {
        /// Expected.
        expected: MessageKind,
        /// Found.
        found: MessageKind,
    },
    /// The transfer is already complete.
    AlreadyComplete,
    /// `K +` [`MAX_EXTRA_FRAMES`] distinct frames arrived and the message is still not complete:
    /// the frames are damaged (the receiver must be reset).
    Undecodable(usize),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::Text(e) => e.fmt(f),
            FrameError::TooShort(n) => write!(f, "a frame of {n} bytes is too short"),
            FrameError::UnknownKind(k) => write!(f, "unknown message kind {k}"),
            FrameError::ZeroLength => f.write_str("a frame announcing an empty message"),
            FrameError::SymbolTooLarge(n) => write!(f, "a frame piece of {n} bytes is over the limit of {MAX_SYMBOL}"),
            FrameError::TooManyFrames(n) => write!(f, "{n} frames is over the limit of {MAX_SOURCE_FRAMES}"),
            FrameError::SymbolLongerThanMessage { symbol, length } => {
                write!(f, "a piece of {symbol} bytes for a message of {length} bytes")
            }
            FrameError::OtherTransfer { reading, found } => {
                write!(f, "a frame of transfer {found:08x} while reading transfer {reading:08x}")
            }
            FrameError::Inconsistent => f.write_str("a frame that does not match the others of its transfer"),
            FrameError::UnexpectedKind { expected, found } => {
                write!(f, "a {} code where a {} code was expected", found.name(), expected.name())
            }
            FrameError::AlreadyComplete => f.write_str("the transfer is already complete"),
            FrameError::Undecodable(n) => write!(f, "{n} frames did not make a message: the frames are damaged"),
        }
    }
}

impl std::error::Error for FrameError {}

impl From<TextError> for FrameError {
    fn from(e: TextError) -> Self {
        FrameError::Text(e)
    }
}

/// Parses one frame's bytes, checking every limit.
///
/// # Errors
/// A [`FrameError`].
pub fn parse(bytes: &[u8]) -> Result<Frame<'_>, FrameError> {
    if bytes.len() < HEADER_LEN + 1 {
        return Err(FrameError::TooShort(bytes.len()));
    }
    let kind = MessageKind::from_code(bytes[0]).ok_or(FrameError::UnknownKind(bytes[0]))?;
    let transfer = u32::from_be_bytes([bytes[1], bytes[2], bytes[3], bytes[4]]);
    let length = usize::from(u16::from_be_bytes([bytes[5], bytes[6]]));
    let esi = u32::from(u16::from_be_bytes([bytes[7], bytes[8]]));
    let symbol = &bytes[HEADER_LEN..];
    if length == 0 {
        return Err(FrameError::ZeroLength);
    }
    if symbol.len() > MAX_SYMBOL {
        return Err(FrameError::SymbolTooLarge(symbol.len()));
    }
    // A real sender never uses a symbol larger than max(message, MIN_SYMBOL).
    if symbol.len() > length.max(MIN_SYMBOL) {
        return Err(FrameError::SymbolLongerThanMessage { symbol: symbol.len(), length });
    }
    let k = length.div_ceil(symbol.len());
    if k > MAX_SOURCE_FRAMES {
        return Err(FrameError::TooManyFrames(k));
    }
    Ok(Frame { kind, transfer, length, esi, symbol })
}

/// How far a transfer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// The kind of message.
    pub kind: MessageKind,
    /// Distinct frames received.
    pub received: usize,
    /// Frames needed at least (`K`); a few more may be needed in rare cases.
    pub needed: usize,
    /// Whether the message is complete (take it with [`Receiver::take`]).
    pub complete: bool,
    /// Whether this frame was already received (nothing new).
    pub duplicate: bool,
}

struct Transfer {
    kind: MessageKind,
    id: u32,
    length: usize,
    symbol: usize,
    seen: BTreeSet<u32>,
    decoder: raptorq::SourceBlockDecoder,
    message: Option<Vec<u8>>,
}

/// Collects frames of one transfer until the message is complete.
#[derive(Default)]
pub struct Receiver {
    expect: Option<MessageKind>,
    /// A second kind also taken (the phone awaits a visit's entries or the opening booklet).
    also: Option<MessageKind>,
    transfer: Option<Transfer>,
}

impl Receiver {
    /// A receiver that takes any kind of message.
    pub fn new() -> Receiver {
        Receiver::default()
    }

    /// A receiver that refuses every kind but `kind`.
    pub fn expecting(kind: MessageKind) -> Receiver {
        Receiver { expect: Some(kind), also: None, transfer: None }
    }

    /// A receiver that refuses every kind but `kind` and `also` (errors name `kind`).
    pub fn expecting_either(kind: MessageKind, also: MessageKind) -> Receiver {
        Receiver { expect: Some(kind), also: Some(also), transfer: None }
    }

    /// Takes one scanned text.
    ///
    /// # Errors
    /// A [`FrameError`]; the receiver is unchanged.
    pub fn push_text(&mut self, text: &str) -> Result<Progress, FrameError> {
        let bytes = text::from_text(text)?;
        self.push(&bytes)
    }

    /// Takes one frame's bytes.
    ///
    /// # Errors
    /// A [`FrameError`]; the receiver is unchanged.
    pub fn push(&mut self, bytes: &[u8]) -> Result<Progress, FrameError> {
        let f = parse(bytes)?;
        if let Some(expected) = self.expect {
            if f.kind != expected && Some(f.kind) != self.also {
                return Err(FrameError::UnexpectedKind { expected, found: f.kind });
            }
        }
        let t = match &mut self.transfer {
            Some(t) => {
                if t.id != f.transfer {
                    return Err(FrameError::OtherTransfer { reading: t.id, found: f.transfer });
                }
                if t.kind != f.kind || t.length != f.length || t.symbol != f.symbol.len() {
                    return Err(FrameError::Inconsistent);
                }
                t
            }
            None => self.transfer.insert(Transfer {
                kind: f.kind,
                id: f.transfer,
                length: f.length,
                symbol: f.symbol.len(),
                seen: BTreeSet::new(),
                decoder: raptorq::SourceBlockDecoder::new(
                    0,
                    &oti(f.length, f.symbol.len()),
                    (f.length.div_ceil(f.symbol.len()) * f.symbol.len()) as u64,
                ),
                message: None,
            }),
        };
        let needed = f.length.div_ceil(t.symbol);
        if t.message.is_some() {
            return Err(FrameError::AlreadyComplete);
        }
        if !t.seen.contains(&f.esi) && t.seen.len() >= needed + MAX_EXTRA_FRAMES {
            return Err(FrameError::Undecodable(t.seen.len()));
        }
        let duplicate = !t.seen.insert(f.esi);
        if !duplicate {
            let packet = EncodingPacket::new(PayloadId::new(0, f.esi), f.symbol.to_vec());
            if let Some(mut m) = t.decoder.decode(std::iter::once(packet)) {
                m.truncate(t.length);
                t.message = Some(m);
            }
        }
        Ok(Progress {
            kind: t.kind,
            received: t.seen.len(),
            needed,
            complete: t.message.is_some(),
            duplicate,
        })
    }

    /// The transfer id being read, if any frame was taken.
    pub fn transfer(&self) -> Option<u32> {
        self.transfer.as_ref().map(|t| t.id)
    }

    /// The complete message, with its kind and transfer id; the receiver starts afresh.
    pub fn take(&mut self) -> Option<(MessageKind, u32, Vec<u8>)> {
        if self.transfer.as_ref().is_some_and(|t| t.message.is_some()) {
            let t = self.transfer.take()?;
            return Some((t.kind, t.id, t.message?));
        }
        None
    }

    /// Forgets the transfer being read (the user chose to start again).
    pub fn reset(&mut self) {
        self.transfer = None;
    }
}
