//! The app's record state: the patient's record while it is open (unlocked or a demo), shared
//! with pages through a narrow context handle. Pages read the derived view and append entries;
//! they never see storage or keys (the vault layer saves what changes here).
//!
//! A record opened from the vault (unlock, restore) and a record after a merge has its hash
//! chain verified (`share::chain::verify`, in the record reader's chunk); what it found stays
//! here until the patient acknowledges it (Home shows it), and never blocks reading.

use chrono::NaiveDate;
use karte_core::record::{Entry, Record, RecordError, RecordView};
use karte_core::share::ChainReport;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Why an entry could not be appended.
#[derive(Clone, Debug, PartialEq)]
pub enum AppendError {
    /// No record is open (locked or none created yet).
    NoRecord,
    /// The record refused the entry; it is unchanged.
    Invalid(RecordError),
}

/// Where the open record came from: it decides whether it is saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The patient's own record, saved encrypted in the vault.
    Vault,
    /// A fictional demo record: kept in memory only, never saved.
    Demo,
}

/// The open record, if any, and where it came from.
#[derive(Clone, Copy)]
pub struct RecordCtx {
    record: RwSignal<Option<Record>>,
    origin: RwSignal<Origin>,
    /// The derived view, made on first use by a page and owned by the app's root. Pages are
    /// lazily loaded chunks, so the view's code (schedule, care-path templates) is not in the
    /// main module.
    view: StoredValue<Option<Memo<Option<RecordView>>>>,
    root: StoredValue<Owner>,
    /// What the last chain check of the open record found wrong, until acknowledged.
    chain: RwSignal<Option<ChainReport>>,
    /// Counts opens and checks, so that a check finishing late is dropped.
    checks: StoredValue<u64>,
}

impl RecordCtx {
    /// A context with no open record.
    pub fn new() -> RecordCtx {
        let root = Owner::current().unwrap_or_default();
        RecordCtx {
            record: RwSignal::new(None::<Record>),
            origin: RwSignal::new(Origin::Vault),
            view: StoredValue::new(None),
            root: StoredValue::new(root),
            chain: RwSignal::new(None),
            checks: StoredValue::new(0),
        }
    }

    fn view_memo(self) -> Memo<Option<RecordView>> {
        if let Some(memo) = self.view.get_value() {
            return memo;
        }
        let record = self.record;
        let memo = self.root.with_value(|root| root.with(|| Memo::new(move |_| record.with(|r| r.as_ref().map(Record::view)))));
        self.view.set_value(Some(memo));
        memo
    }

    /// The current view of the open record (tracked).
    pub fn view(self) -> Option<RecordView> {
        self.view_memo().get()
    }

    /// Runs `f` on the current view without cloning it (tracked).
    pub fn with_view<T>(self, f: impl FnOnce(Option<&RecordView>) -> T) -> T {
        self.view_memo().with(|v| f(v.as_ref()))
    }

    /// The open record itself (tracked), e.g. to save or export it.
    pub fn record(self) -> Option<Record> {
        self.record.get()
    }

    /// Runs `f` on the open record without cloning it (tracked); `None` when none is open.
    pub fn with_record<T>(self, f: impl FnOnce(&Record) -> T) -> Option<T> {
        self.record.with(|r| r.as_ref().map(f))
    }

    /// Whether a record is open (tracked).
    pub fn is_open(self) -> bool {
        self.record.with(Option::is_some)
    }

    /// Where the open record came from (tracked).
    pub fn origin(self) -> Origin {
        self.origin.get()
    }

    /// The open record, untracked (for saving from an effect or an action).
    pub fn record_untracked(self) -> Option<Record> {
        self.record.get_untracked()
    }

    /// Where the open record came from, untracked.
    pub fn origin_untracked(self) -> Origin {
        self.origin.get_untracked()
    }

    /// Opens `record` (replacing any open one). The vault's record (unlocked, restored) has
    /// its chain checked.
    pub fn open(self, record: Record, origin: Origin) {
        self.origin.set(origin);
        self.record.set(Some(record));
        self.chain.set(None);
        self.checks.update_value(|n| *n += 1);
        if origin == Origin::Vault {
            self.check_chain();
        }
    }

    /// Closes the open record (lock, erase): nothing of it stays in the UI state.
    pub fn close(self) {
        self.record.set(None);
        self.chain.set(None);
        self.checks.update_value(|n| *n += 1);
    }

    /// Verifies the open record's chain (after opening it, after a merge), off the shell: the
    /// verifier is in the record reader's chunk. A break is kept for [`RecordCtx::chain_break`]
    /// until acknowledged; a record without signed entries has nothing to check.
    pub fn check_chain(self) {
        let Some(entries) = self.record.with_untracked(|r| {
            r.as_ref().filter(|r| r.entries().iter().any(|e| e.signature.is_some())).map(|r| r.entries().to_vec())
        }) else {
            return;
        };
        self.checks.update_value(|n| *n += 1);
        let check = self.checks.get_value();
        spawn_local(async move {
            // The chunk is the one unlocking needed: it cannot be missing once a record is open.
            let Ok(report) = verify_chain(entries).await else { return };
            if self.checks.try_get_value() == Some(check) && !report.is_intact() {
                self.chain.set(Some(report));
            }
        });
    }

    /// What the chain check found wrong in the open record, until acknowledged (tracked).
    pub fn chain_break(self) -> Option<ChainReport> {
        self.chain.get()
    }

    /// The patient has read what the chain check found.
    pub fn acknowledge_chain(self) {
        self.chain.set(None);
    }

    /// Appends an entry; on error the record is unchanged and the error says why.
    pub fn append(self, entry: Entry) -> Result<(), AppendError> {
        let mut result = Err(AppendError::NoRecord);
        self.record.update(|r| {
            if let Some(r) = r {
                result = r.append(entry).map_err(AppendError::Invalid);
            }
        });
        result
    }

    /// Runs an operation on the open record (the share protocol's operations are all or
    /// nothing: on error they leave it unchanged). `None` when no record is open.
    pub fn change<T>(self, f: impl FnOnce(&mut Record) -> T) -> Option<T> {
        let mut out = None;
        self.record.update(|r| {
            if let Some(r) = r {
                out = Some(f(r));
            }
        });
        out
    }

    /// A fresh entry id for an entry written on this device.
    pub fn next_entry_id(self) -> Option<karte_core::record::EntryId> {
        self.record.with_untracked(|r| r.as_ref().map(|r| r.next_entry_id(crate::platform::device_id().as_str())))
    }
}

impl Default for RecordCtx {
    fn default() -> Self {
        RecordCtx::new()
    }
}

/// [`karte_core::share::chain::verify`] in the record reader's chunk (Ed25519 and the chain's
/// hashing stay out of the shell).
#[allow(unsafe_code)] // the split point's generated loader
#[leptos::wasm_split::wasm_split(record_reader, wasm_split_path = ::leptos::wasm_split, fallible)]
fn verify_chain(entries: Vec<Entry>) -> Result<ChainReport, leptos::wasm_split::SplitLoaderError> {
    Ok(karte_core::share::chain::verify(&entries))
}

/// The record handle of the current app.
pub fn use_record() -> RecordCtx {
    expect_context::<RecordCtx>()
}

/// Today's date on this device (local time).
pub fn today() -> NaiveDate {
    crate::platform::today()
}
