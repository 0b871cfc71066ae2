//! What the vault code wipes (docs/vault-format.md, "What is wiped"): a global allocator that,
//! while armed, looks into every block freed for a marker written in the record's plaintext.
//! Saving, loading, backing up, restoring, printing and reading a paper backup, and keeping an
//! unsaved change must free no block that still holds the plaintext: every buffer of it the
//! vault code makes is wiped before it is freed. Its own test binary: the allocator sees every
//! allocation of the process, and the one test runs alone.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use karte_core::vault::store::{self, MemoryStore, Secret, Unsaved};
use karte_core::vault::{new_key, os_entropy, paper, KdfParams, Passphrase};
use zeroize::Zeroizing;

/// In the record's plaintext only (random-looking: no compressor or cipher writes it).
const MARKER: &[u8] = b"WIPE-ME-3f9c1a7e5b";

static ARMED: AtomicBool = AtomicBool::new(false);
static FREED_WITH_MARKER: AtomicUsize = AtomicUsize::new(0);

struct Watch;

// SAFETY: every call goes to `System` unchanged; `dealloc` only reads the block it is given
// before handing it back (the default `realloc` frees through `dealloc` too).
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Watch {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ARMED.load(Ordering::SeqCst) {
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            if block.windows(MARKER.len()).any(|w| w == MARKER) {
                FREED_WITH_MARKER.fetch_add(1, Ordering::SeqCst);
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static WATCH: Watch = Watch;

/// Runs `f` armed; the number of blocks freed meanwhile that still held the marker.
fn freed_with_marker(f: impl FnOnce()) -> usize {
    FREED_WITH_MARKER.store(0, Ordering::SeqCst);
    ARMED.store(true, Ordering::SeqCst);
    f();
    ARMED.store(false, Ordering::SeqCst);
    FREED_WITH_MARKER.load(Ordering::SeqCst)
}

#[test]
fn no_plaintext_is_left_in_freed_memory_by_the_vault_code() {
    let key = new_key(&Passphrase::from("yama kawa sora 2026 hoshi"), &KdfParams::FLOOR, &mut os_entropy).unwrap();
    // A record's JSON of about 40 KB, the marker in the middle (the caller's own buffer is
    // wiped: it is the caller's to wipe).
    let mut json = Zeroizing::new(Vec::new());
    json.extend_from_slice(br#"{"memo":""#);
    json.extend_from_slice(&b"a".repeat(20_000));
    json.extend_from_slice(MARKER);
    json.extend_from_slice(&b"b".repeat(20_000));
    json.extend_from_slice(br#""}"#);

    // The test's check sees a block that is not wiped (so a pass means something).
    assert_eq!(freed_with_marker(|| drop(json.to_vec())), 1, "the watch sees an unwiped copy");
    assert_eq!(freed_with_marker(|| drop(Zeroizing::new(json.to_vec()))), 0);

    let mut s = MemoryStore::default();
    let found = freed_with_marker(|| {
        store::save(&mut s, &key, &json, &mut os_entropy).unwrap();
        store::save(&mut s, &key, &json, &mut os_entropy).unwrap();
        let loaded = store::load(&s, &key).unwrap();
        assert_eq!(*loaded.record, *json);
    });
    assert_eq!(found, 0, "slots: save and load");

    let found = freed_with_marker(|| {
        let text = store::export_backup(&s, &key, &mut os_entropy).unwrap();
        assert_eq!(*store::read_backup(&text, Secret::Key(&key)).unwrap(), *json);
    });
    assert_eq!(found, 0, "backup file: export and read");

    let found = freed_with_marker(|| {
        let sheet = paper::seal_record(&key, &json, &mut os_entropy).unwrap();
        assert_eq!(*paper::read(&sheet, Secret::Key(&key)).unwrap(), *json);
    });
    assert_eq!(found, 0, "paper backup: seal and read (inflate grows its buffer several times)");

    let found = freed_with_marker(|| {
        let unsaved = Unsaved::seal(&key, &json, &mut os_entropy).unwrap();
        assert_eq!(*unsaved.open(&key).unwrap(), *json);
    });
    assert_eq!(found, 0, "a change kept sealed in memory at lock");
}
