//! お薬手帳 QR import: the JAHIS 電子版お薬手帳データフォーマット (JAHIS technical document,
//! versions `JAHISTC06` to `JAHISTC08`), as printed by pharmacies on the drug information
//! sheet, one QR code or a split set (record 911). Layout and sources: `docs/jahis-import.md`.
//!
//! - [`parse_part`]: one code's text to a [`Part`] (header, split control, records), or a
//!   [`JahisError`] naming the bad line.
//! - [`Assembler`]: the parts of one set in any order (duplicates harmless, parts of another
//!   set refused, what is missing known), then the [`Dispensing`]s of the joined text.
//! - [`Import::medications`]: the record's medication entries, each carrying the import id so
//!   the same prescription read twice adds nothing ([`Import::already_in`]).
//!
//! Text arrives decoded (the camera's decoder turns Shift_JIS bytes into text; a keyboard
//! wedge types characters). Line ends may be CRLF (the specification), LF or CR.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;

use crate::record::{Author, Entry, EntryBody, Medication, PartnerRole, Record};

/// Every text starts with this, then the format's two-digit version.
pub const MAGIC: &str = "JAHISTC";
/// The oldest and newest format versions read (`JAHISTC06`..=`JAHISTC08`).
pub const VERSIONS: std::ops::RangeInclusive<u8> = 6..=8;
/// The most parts a split set may have (the specification's QR split; more is refused).
pub const MAX_PARTS: u8 = 16;
/// The longest text taken for one part, in characters (a QR code holds at most 7,089).
pub const MAX_TEXT: usize = 8_000;
/// Prefix of the import id kept on the medication entries.
pub const IMPORT_ID_PREFIX: &str = "jahis:";

/// Why a text or a set is refused. Nothing is imported when any of these occurs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JahisError {
    /// The text does not start with `JAHISTC` (another QR code, or nothing).
    NotJahis,
    /// A `JAHISTC` version outside [`VERSIONS`].
    UnsupportedVersion(String),
    /// Line `line` (1-based, in the part's own text; the header is line 1) is not a record of
    /// the layout: not numbered, too few fields, or a field that cannot be read.
    BadRecord {
        /// The line.
        line: usize,
    },
    /// The text is longer than [`MAX_TEXT`], or a split set claims more than [`MAX_PARTS`].
    TooLarge,
    /// A part of another split set (another data id or part count), or a single code while a
    /// set is being read.
    MixedPrescriptions,
    /// The set is not complete: these part numbers (1-based) are missing.
    MissingParts {
        /// The missing parts.
        missing: Vec<u8>,
        /// Parts in the set.
        total: u8,
    },
    /// The whole text holds no dispensing with a drug (no record 5, or no record 201).
    NoDrugs,
}

impl fmt::Display for JahisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JahisError::NotJahis => f.write_str("not a JAHIS medicine notebook text"),
            JahisError::UnsupportedVersion(v) => write!(f, "JAHIS version {v} is not supported"),
            JahisError::BadRecord { line } => write!(f, "bad record on line {line}"),
            JahisError::TooLarge => f.write_str("too large"),
            JahisError::MixedPrescriptions => f.write_str("parts of two different prescriptions"),
            JahisError::MissingParts { missing, total } => write!(f, "missing parts {missing:?} of {total}"),
            JahisError::NoDrugs => f.write_str("no dispensing with a drug"),
        }
    }
}

impl std::error::Error for JahisError {}

/// Cuts a text holding several codes' texts one after the other (a USB scanner that read two
/// codes before the field was taken) before each header line: one text per code.
pub fn split_texts(text: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = text
        .match_indices(MAGIC)
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || matches!(text.as_bytes()[i - 1], b'\r' | b'\n'))
        .collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    let mut out: Vec<&str> = starts.windows(2).map(|w| &text[w[0]..w[1]]).collect();
    out.push(&text[starts[starts.len() - 1]..]);
    out.retain(|t| !t.trim().is_empty());
    out
}

/// Record 911: this code is part `index` of `total` of the set `data_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// データID: the same on every part of one set.
    pub data_id: String,
    /// 分割数.
    pub total: u8,
    /// 分割番号 (1-based).
    pub index: u8,
}

/// One code's text, read: its version, split control and record lines (without the header
/// and the 911 record), each with its line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The version digits (`8` for `JAHISTC08`).
    pub version: u8,
    /// The split control, when the code is one of a set.
    pub split: Option<Split>,
    records: Vec<(usize, Rec)>,
}

/// Reads one code's text. Checks the header and that every line is a numbered record, and
/// reads the split control; the fields of each record are read when the set is complete.
pub fn parse_part(text: &str) -> Result<Part, JahisError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    if !text.starts_with(MAGIC) {
        return Err(JahisError::NotJahis);
    }
    if text.chars().count() > MAX_TEXT {
        return Err(JahisError::TooLarge);
    }
    // CRLF per the specification; a keyboard wedge or a paste may give LF or CR alone.
    let text = text.replace("\r\n", "\n");
    let mut numbered = text.split(['\r', '\n']).enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = numbered.next() else { return Err(JahisError::NotJahis) };
    let name = header.split(',').next().unwrap_or_default().trim();
    let digits = &name[MAGIC.len()..];
    let version = match (digits.len(), digits.parse::<u8>()) {
        (2, Ok(v)) if VERSIONS.contains(&v) => v,
        (2, Ok(_)) => return Err(JahisError::UnsupportedVersion(name.to_string())),
        _ => return Err(JahisError::BadRecord { line: 1 }),
    };
    let mut split = None;
    let mut records = Vec::new();
    for (i, line) in numbered {
        let n = i + 1;
        let fields: Vec<String> = line.split(',').map(|f| f.trim().to_string()).collect();
        let Ok(kind) = fields[0].parse::<u16>() else { return Err(JahisError::BadRecord { line: n }) };
        if kind == 911 {
            if split.is_some() {
                return Err(JahisError::BadRecord { line: n });
            }
            split = Some(read_split(&fields).ok_or(JahisError::BadRecord { line: n })?);
            continue;
        }
        records.push((n, read_record(kind, &fields).ok_or(JahisError::BadRecord { line: n })?));
    }
    if let Some(s) = &split {
        if s.total > MAX_PARTS {
            return Err(JahisError::TooLarge);
        }
    }
    Ok(Part { version, split, records })
}

fn read_split(fields: &[String]) -> Option<Split> {
    let data_id = fields.get(1)?.clone();
    let total: u8 = fields.get(2)?.parse().ok()?;
    let index: u8 = fields.get(3)?.parse().ok()?;
    let id_ok = !data_id.is_empty() && data_id.len() <= 40 && data_id.chars().all(|c| c.is_ascii_alphanumeric());
    (id_ok && total >= 1 && (1..=total).contains(&index)).then_some(Split { data_id, total, index })
}

/// What pushing one text into an [`Assembler`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pushed {
    /// A new part (or a repeat, `new == false`); `have` of `total` parts read so far.
    Part {
        /// Parts read.
        have: u8,
        /// Parts in the set.
        total: u8,
        /// Whether this text was not read before.
        new: bool,
    },
    /// The set is complete: what it holds.
    Complete(Import),
}

/// Collects the parts of one set, in any order.
#[derive(Clone, Debug, Default)]
pub struct Assembler {
    parts: BTreeMap<u8, Part>,
    set: Option<(String, u8)>,
}

impl Assembler {
    /// An empty assembler.
    pub fn new() -> Assembler {
        Assembler::default()
    }

    /// Takes one text. A part of another set is refused and the parts read so far are kept;
    /// a repeated part changes nothing.
    pub fn push(&mut self, text: &str) -> Result<Pushed, JahisError> {
        let part = parse_part(text)?;
        let Some(split) = part.split.clone() else {
            if !self.parts.is_empty() {
                return Err(JahisError::MixedPrescriptions);
            }
            return Import::from_parts(&[part]).map(Pushed::Complete);
        };
        let key = (split.data_id.clone(), split.total);
        match &self.set {
            Some(set) if *set != key => return Err(JahisError::MixedPrescriptions),
            _ => {}
        }
        if let Some(old) = self.parts.get(&split.index) {
            if old.records != part.records {
                // The same number in the same set with other content: not one prescription.
                return Err(JahisError::MixedPrescriptions);
            }
            return Ok(Pushed::Part { have: self.have(), total: split.total, new: false });
        }
        self.set = Some(key);
        self.parts.insert(split.index, part);
        if self.missing().is_empty() {
            let parts: Vec<Part> = self.parts.values().cloned().collect();
            let joined = Import::from_parts(&parts);
            if joined.is_err() {
                // Every part is here and the whole does not hold together: no later part
                // can mend it. Start again.
                self.reset();
            }
            return joined.map(Pushed::Complete);
        }
        Ok(Pushed::Part { have: self.have(), total: split.total, new: true })
    }

    fn have(&self) -> u8 {
        self.parts.len() as u8
    }

    /// Parts in the set being read (`None` before the first part of a set).
    pub fn total(&self) -> Option<u8> {
        self.set.as_ref().map(|s| s.1)
    }

    /// The part numbers not read yet (empty before the first part).
    pub fn missing(&self) -> Vec<u8> {
        let total = self.total().unwrap_or(0);
        (1..=total).filter(|i| !self.parts.contains_key(i)).collect()
    }

    /// The set as read so far: its dispensings when complete, else which parts are missing.
    pub fn finish(&self) -> Result<Import, JahisError> {
        let missing = self.missing();
        match self.total() {
            None => Err(JahisError::MissingParts { missing: vec![1], total: 1 }),
            Some(total) if !missing.is_empty() => Err(JahisError::MissingParts { missing, total }),
            Some(_) => Import::from_parts(&self.parts.values().cloned().collect::<Vec<_>>()),
        }
    }

    /// Forgets every part.
    pub fn reset(&mut self) {
        *self = Assembler::default();
    }
}

/// A pharmacy (record 11) or a medical institution (record 51).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Institution {
    /// 名称.
    pub name: String,
    /// 電話番号 (pharmacies only).
    pub phone: Option<String>,
}

/// One drug (record 201 and its 281 supplements).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drug {
    /// 薬品名称.
    pub name: String,
    /// 用量 (as written, e.g. `1.5`).
    pub amount: String,
    /// 単位名.
    pub unit: String,
    /// 薬品コード種別 and 薬品コード, when given.
    pub code: Option<(String, String)>,
    /// 薬品補足情報 (281).
    pub notes: Vec<String>,
}

/// How an RP is taken (record 301).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Usage {
    /// 用法名称.
    pub name: String,
    /// 調剤数量 (days or times, as written).
    pub quantity: String,
    /// 調剤単位 (日分, 回分, ...).
    pub unit: String,
}

/// An RP (prescription line group): drugs taken the same way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rp {
    /// RP番号.
    pub number: u32,
    /// The drugs.
    pub drugs: Vec<Drug>,
    /// 用法 (301).
    pub usage: Option<Usage>,
    /// 用法補足情報 (311) and 処方服用注意 (401).
    pub notes: Vec<String>,
}

/// One dispensing: the records from a record 5 to the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dispensing {
    /// 調剤等年月日.
    pub date: NaiveDate,
    /// 調剤-医療機関等 (11): the pharmacy.
    pub pharmacy: Option<Institution>,
    /// 調剤-医師・薬剤師 (15): the pharmacist.
    pub pharmacist: Option<String>,
    /// 処方-医療機関 (51).
    pub prescriber: Option<Institution>,
    /// 処方-医師 (55).
    pub doctor: Option<String>,
    /// The RPs, in RP number order.
    pub rps: Vec<Rp>,
}

impl Dispensing {
    /// A stable id of this dispensing: SHA-256 over its normalized content (pharmacy,
    /// date, prescriber, every drug with its amount and usage), cut to 128 bits.
    pub fn import_id(&self) -> String {
        let mut canon = String::new();
        let mut put = |s: &str| {
            canon.push_str(&s.split_whitespace().collect::<Vec<_>>().join(" "));
            canon.push('\u{1f}');
        };
        put(self.pharmacy.as_ref().map_or("", |p| p.name.as_str()));
        put(&self.date.to_string());
        put(self.prescriber.as_ref().map_or("", |p| p.name.as_str()));
        put(self.doctor.as_deref().unwrap_or(""));
        for rp in &self.rps {
            put(&rp.number.to_string());
            for d in &rp.drugs {
                put(&d.name);
                put(&d.amount);
                put(&d.unit);
            }
            if let Some(u) = &rp.usage {
                put(&u.name);
                put(&u.quantity);
                put(&u.unit);
            }
        }
        let hash = crate::share::sha256(&[b"karte-jahis-import-v1", canon.as_bytes()]);
        let hex: String = hash[..16].iter().map(|b| format!("{b:02x}")).collect();
        format!("{IMPORT_ID_PREFIX}{hex}")
    }

    /// Who prescribed: the institution and the doctor as written, one after the other.
    pub fn prescribed_by(&self) -> Option<String> {
        match (&self.prescriber, &self.doctor) {
            (Some(p), Some(doc)) => Some([p.name.as_str(), doc].join(" ")),
            (Some(p), None) => Some(p.name.clone()),
            (None, doc) => doc.clone(),
        }
    }

    /// The drugs, each with its RP's usage.
    pub fn drugs(&self) -> impl Iterator<Item = (&Drug, Option<&Usage>)> {
        self.rps.iter().flat_map(|rp| rp.drugs.iter().map(move |d| (d, rp.usage.as_ref())))
    }
}

/// What a complete text or set holds: one or more dispensings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// The format version read.
    pub version: u8,
    /// The dispensings, in the order written.
    pub dispensings: Vec<Dispensing>,
}

fn field(fields: &[String], i: usize) -> &str {
    fields.get(i).map_or("", String::as_str)
}

fn non_empty(fields: &[String], i: usize) -> Option<String> {
    let f = field(fields, i);
    (!f.is_empty()).then(|| f.to_string())
}

/// `YYYYMMDD`, or an era letter and `YYMMDD` (M 明治, T 大正, S 昭和, H 平成, R 令和).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if !s.is_ascii() {
        return None;
    }
    let (year, rest) = match s.len() {
        8 if s.bytes().all(|b| b.is_ascii_digit()) => (s[..4].parse::<i32>().ok()?, &s[4..]),
        7 if s[1..].bytes().all(|b| b.is_ascii_digit()) => {
            let base = match s.as_bytes()[0] {
                b'M' => 1867,
                b'T' => 1911,
                b'S' => 1925,
                b'H' => 1988,
                b'R' => 2018,
                _ => return None,
            };
            (base + s[1..3].parse::<i32>().ok()?, &s[3..])
        }
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, rest[..2].parse().ok()?, rest[2..].parse().ok()?)
}

/// One record of the layout, its fields read (the records this import uses; others are
/// `Other`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Rec {
    Date(NaiveDate),
    Pharmacy(Institution),
    Pharmacist(String),
    Prescriber(Institution),
    Doctor(String),
    Drug(u32, Drug),
    DrugNote(u32, String),
    Usage(u32, Usage),
    RpNote(u32, String),
    Other,
}

fn is_number(s: &str) -> bool {
    s.is_empty() || s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Reads the fields of one record; `None` when a field this import needs is missing or
/// cannot be read.
fn read_record(kind: u16, fields: &[String]) -> Option<Rec> {
    let rp = || field(fields, 1).parse::<u32>().ok();
    Some(match kind {
        5 => Rec::Date(parse_date(field(fields, 1))?),
        11 => Rec::Pharmacy(Institution { name: non_empty(fields, 1)?, phone: non_empty(fields, 7) }),
        15 => Rec::Pharmacist(non_empty(fields, 1)?),
        51 => Rec::Prescriber(Institution { name: non_empty(fields, 1)?, phone: None }),
        55 => Rec::Doctor(non_empty(fields, 1)?),
        201 => {
            let amount = field(fields, 3).to_string();
            if !is_number(&amount) {
                return None;
            }
            let code = match (non_empty(fields, 5), non_empty(fields, 6)) {
                (Some(t), Some(c)) => Some((t, c)),
                _ => None,
            };
            let name = non_empty(fields, 2)?;
            Rec::Drug(rp()?, Drug { name, amount, unit: field(fields, 4).to_string(), code, notes: Vec::new() })
        }
        281 => Rec::DrugNote(rp()?, non_empty(fields, 2)?),
        301 => {
            let quantity = field(fields, 3).to_string();
            if !is_number(&quantity) {
                return None;
            }
            Rec::Usage(rp()?, Usage { name: non_empty(fields, 2)?, quantity, unit: field(fields, 4).to_string() })
        }
        311 | 401 => Rec::RpNote(rp()?, non_empty(fields, 2)?),
        // 1 patient, 2 special notes, 3 OTC drugs, 4 notebook memo, 411, 421, 501, ...: read
        // past; the patient's own details stay in the booklet's profile.
        _ => Rec::Other,
    })
}

impl Import {
    /// Joins the parts (in part-number order, as given) and groups the records into
    /// dispensings: every record but 1-4 belongs to the record 5 before it.
    fn from_parts(parts: &[Part]) -> Result<Import, JahisError> {
        let version = parts.first().map_or(0, |p| p.version);
        let mut dispensings: Vec<Dispensing> = Vec::new();
        for part in parts {
            for (line, rec) in &part.records {
                let bad = JahisError::BadRecord { line: *line };
                if let Rec::Date(date) = rec {
                    dispensings.push(Dispensing {
                        date: *date,
                        pharmacy: None,
                        pharmacist: None,
                        prescriber: None,
                        doctor: None,
                        rps: Vec::new(),
                    });
                    continue;
                }
                if *rec == Rec::Other {
                    continue;
                }
                // These belong to a dispensing: a record 5 must come first.
                let Some(d) = dispensings.last_mut() else { return Err(bad) };
                match rec.clone() {
                    Rec::Pharmacy(p) => d.pharmacy = Some(p),
                    Rec::Pharmacist(p) => d.pharmacist = Some(p),
                    Rec::Prescriber(p) => d.prescriber = Some(p),
                    Rec::Doctor(p) => d.doctor = Some(p),
                    Rec::Drug(n, drug) => rp_mut(&mut d.rps, n).drugs.push(drug),
                    Rec::DrugNote(n, note) => {
                        // A supplement follows its drug (the last 201 of the RP).
                        let rp = d.rps.iter_mut().find(|r| r.number == n).ok_or(bad.clone())?;
                        rp.drugs.last_mut().ok_or(bad)?.notes.push(note);
                    }
                    Rec::Usage(n, u) => rp_mut(&mut d.rps, n).usage = Some(u),
                    Rec::RpNote(n, note) => rp_mut(&mut d.rps, n).notes.push(note),
                    Rec::Date(_) | Rec::Other => {}
                }
            }
        }
        for d in &mut dispensings {
            d.rps.sort_by_key(|r| r.number);
        }
        dispensings.retain(|d| d.rps.iter().any(|r| !r.drugs.is_empty()));
        if dispensings.is_empty() {
            return Err(JahisError::NoDrugs);
        }
        Ok(Import { version, dispensings })
    }

    /// Whether every dispensing here is already in the record (imported before).
    pub fn already_in(&self, record: &Record) -> bool {
        let known: Vec<&str> = record
            .entries()
            .iter()
            .filter_map(|e| match &e.body {
                EntryBody::Medication(m) => m.import_id.as_deref(),
                _ => None,
            })
            .collect();
        self.dispensings.iter().all(|d| known.contains(&d.import_id().as_str()))
    }

    /// The medication entries of the dispensings not yet in `record`, authored by the pharmacy
    /// (or the prescribing institution when the text names no pharmacy). Ids come from
    /// `next_id`; `at` is when the patient confirmed.
    pub fn medications(
        &self,
        record: &Record,
        at: chrono::NaiveDateTime,
        mut next_id: impl FnMut() -> crate::record::EntryId,
    ) -> Vec<Entry> {
        let mut out = Vec::new();
        for d in &self.dispensings {
            let id = d.import_id();
            let single = Import { version: self.version, dispensings: vec![d.clone()] };
            if single.already_in(record) {
                continue;
            }
            let source = d.pharmacy.as_ref().or(d.prescriber.as_ref()).map(|p| p.name.clone());
            let author = match source {
                Some(name) => Author::Institution { name, role: PartnerRole::Pharmacy },
                None => Author::Patient,
            };
            let prescribed_by = d.prescribed_by();
            for (drug, usage) in d.drugs() {
                let mut dose = format!("{}{}", drug.amount, drug.unit);
                if let Some(u) = usage {
                    dose = format!("{dose} {} {}{}", u.name, u.quantity, u.unit);
                }
                let med = Medication {
                    name: drug.name.clone(),
                    oral_anticancer: None,
                    dose: dose.trim().to_string(),
                    start: d.date,
                    end: None,
                    regimen: None,
                    prescribed_by: prescribed_by.clone(),
                    import_id: Some(id.clone()),
                };
                out.push(Entry::new(next_id(), author.clone(), at, EntryBody::Medication(med)));
            }
        }
        out
    }
}

impl Import {
    /// Appends the medications of the dispensings not yet in `record`, all or none: on an
    /// error the record is unchanged. Ids are this device's next ones. Returns how many were
    /// added (0: the prescription was already there).
    pub fn add_to(
        &self,
        record: &mut Record,
        device: &str,
        at: chrono::NaiveDateTime,
    ) -> Result<usize, crate::record::RecordError> {
        let mut copy = record.clone();
        let meds = self.medications(record, at, || crate::record::EntryId(String::new()));
        let n = meds.len();
        for mut e in meds {
            e.id = copy.next_entry_id(device);
            copy.append(e)?;
        }
        *record = copy;
        Ok(n)
    }
}

fn rp_mut(rps: &mut Vec<Rp>, number: u32) -> &mut Rp {
    let i = match rps.iter().position(|r| r.number == number) {
        Some(i) => i,
        None => {
            rps.push(Rp { number, drugs: Vec::new(), usage: None, notes: Vec::new() });
            rps.len() - 1
        }
    };
    &mut rps[i]
}

/// Whether an import id is well formed (`jahis:` and 32 lowercase hex digits).
pub fn import_id_is_valid(id: &str) -> bool {
    id.strip_prefix(IMPORT_ID_PREFIX)
        .is_some_and(|h| h.len() == 32 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_calendars() {
        assert_eq!(parse_date("20261120"), NaiveDate::from_ymd_opt(2026, 11, 20));
        assert_eq!(parse_date("R081120"), NaiveDate::from_ymd_opt(2026, 11, 20));
        assert_eq!(parse_date("S330303"), NaiveDate::from_ymd_opt(1958, 3, 3));
        assert_eq!(parse_date("X081120"), None);
        assert_eq!(parse_date("20261320"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn texts_typed_together_are_cut_at_their_headers() {
        assert_eq!(split_texts("JAHISTC08,1\n5,20261120,1\nJAHISTC08,1\r\n201,1"), ["JAHISTC08,1\n5,20261120,1\n", "JAHISTC08,1\r\n201,1"]);
        assert_eq!(split_texts("x\nJAHISTC08,1"), ["x\n", "JAHISTC08,1"]);
        assert_eq!(split_texts("1,JAHISTC08"), ["1,JAHISTC08"]);
        assert!(split_texts("  ").is_empty());
    }

    #[test]
    fn import_ids_are_checked() {
        assert!(import_id_is_valid("jahis:0123456789abcdef0123456789abcdef"));
        assert!(!import_id_is_valid("jahis:0123"));
        assert!(!import_id_is_valid("other:0123456789abcdef0123456789abcdef"));
    }
}
