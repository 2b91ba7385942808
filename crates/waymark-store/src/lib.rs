//! The device store: one SQLite file holding an Automerge document per record (the truth) and
//! plain projection rows (what lists, search and exports read).
//!
//! Every write changes a document and rewrites its projection in one SQLite transaction, so a
//! crash leaves either both or neither.

mod attachment;
mod audit;
mod conference;
mod context;
mod database;
mod device_key;
mod document;
mod erasure;
mod error;
mod export;
mod fields;
mod name_check;
mod offline_map;
mod outcome;
mod peer_group;
mod plan;
mod record_kind;
mod referral;
mod route;
mod school;
mod settings;
mod sync;
mod system_review;
mod timeline;
mod vault;
mod walkabout;
mod withdrawal;

use std::path::{Path, PathBuf};

use automerge::ActorId;
use rusqlite::Connection;
use waymark_core::{Clock, RecordId, RecordKind, UnixMillis};

use crate::record_kind::{for_record, ClearProjection, Project};

pub use attachment::Photo;
pub use database::WholeFileCheck;
pub use device_key::{DataKey, KEY_FILE_NAME};
pub use error::StoreError;
pub use offline_map::MapFile;
pub use settings::SyncEnrolment;
pub use sync::{SetAside, SharedStore, SyncBacklog, SyncReplica};
pub use vault::Vault;

/// The name of the database file inside the app's data directory.
pub const DATABASE_FILE_NAME: &str = "waymark.db";

/// An open device store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    actor: ActorId,
    path: PathBuf,
    documents: std::cell::RefCell<document::DocumentCache>,
    /// The directory as last read or written, so that an edit checking who may change a record
    /// does not parse it from the database each time; `None` until first read.
    directory: std::cell::RefCell<Option<Option<waymark_core::directory::Directory>>>,
    /// Set by an erasure: the write-ahead log must be emptied once its transaction commits.
    scrub: std::cell::Cell<bool>,
    /// The view of the walkabout that last had an observation added, as its document stood
    /// after that save: the next observation on the same walk starts from it.
    last_walk_view: std::cell::RefCell<Option<walkabout::WalkView>>,
    /// Where every time the store writes comes from: the system's clock, unless the caller gave
    /// one.
    clock: StoreClock,
    /// The check of the whole file, which an encrypted store runs beside it once opened.
    whole_file: database::FileCheck,
}

impl Drop for Store {
    fn drop(&mut self) {
        self.whole_file.stop();
    }
}

/// The clock a store was given.
#[derive(Clone)]
struct StoreClock(std::sync::Arc<dyn Clock>);

impl std::fmt::Debug for StoreClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StoreClock({})", self.0.now().get())
    }
}

/// The system's clock, which a store opened without one reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> UnixMillis {
        UnixMillis::from(time::OffsetDateTime::now_utc())
    }
}

impl Store {
    /// Opens the store at `path` unencrypted, creating it if there is no file there: for tests,
    /// the benchmark's baseline, and the files of versions before encryption. The app opens its
    /// store through [`Vault`]. An existing file that is
    /// not a Waymark database, is damaged, or was written by a newer app is refused, and left
    /// exactly as it was.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_keyed(path, None)
    }

    /// Opens the store at `path` encrypted under `key` (SQLCipher), creating it if there is no
    /// file there. Refuses what `open` refuses, and a file this key does not open.
    pub fn open_encrypted(path: &Path, key: &DataKey) -> Result<Self, StoreError> {
        Self::open_keyed(path, Some(key))
    }

    fn open_keyed(path: &Path, key: Option<&DataKey>) -> Result<Self, StoreError> {
        let clock = StoreClock(std::sync::Arc::new(SystemClock));
        let opened = database::open(path, key)?;
        let actor = database::device_actor(&opened.conn, clock.0.now())?;
        let mut store = Self {
            conn: opened.conn,
            actor,
            path: path.to_owned(),
            documents: Default::default(),
            directory: Default::default(),
            scrub: Default::default(),
            last_walk_view: Default::default(),
            clock,
            whole_file: opened.whole_file,
        };
        if opened.rebuild_projections {
            let records = store.rebuild_projections()?;
            tracing::info!(records, "rewrote the projections after an upgrade");
        }
        Ok(store)
    }

    /// The store, reading the time from `clock` from now on: a test sets the time rather than
    /// waiting for it.
    pub fn with_clock(mut self, clock: std::sync::Arc<dyn Clock>) -> Self {
        self.clock = StoreClock(clock);
        self
    }

    /// Waits for the check of the whole file that began when the store opened, and answers
    /// `database_unreadable` if it found damage. Until it has passed, no change commits.
    pub fn check_whole_file(&self) -> Result<(), StoreError> {
        self.whole_file
            .wait()
            .map_err(|verdict| database::damaged(&self.path, verdict))
    }

    /// The check of the whole file that began when the store opened, to wait for without
    /// holding the store.
    pub fn whole_file_check(&self) -> WholeFileCheck {
        WholeFileCheck::new(self.whole_file.clone(), self.path.clone())
    }

    /// The time now, by the store's clock.
    pub(crate) fn now(&self) -> UnixMillis {
        self.clock.0.now()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes from now on under a new Automerge actor. Parsed documents carry the old one, so
    /// they are dropped and parsed again when next used.
    pub(crate) fn start_new_actor(&mut self) -> Result<(), StoreError> {
        self.actor = database::replace_device_actor(&self.conn)?;
        self.documents.borrow_mut().clear();
        Ok(())
    }

    /// The saved Automerge bytes of a record, as another device would receive them.
    pub fn document_bytes(&self, id: RecordId) -> Result<Vec<u8>, StoreError> {
        let mut stored = self.take_document(id)?;
        let bytes = stored.doc.save();
        self.keep_document(id, stored);
        Ok(bytes)
    }

    /// Rewrites every projection row from the documents, which are the truth. Returns the number
    /// of records projected.
    pub fn rebuild_projections(&mut self) -> Result<usize, StoreError> {
        self.documents.borrow_mut().clear();
        let tx = self.conn.transaction()?;
        for &kind in RecordKind::ALL {
            for_record(kind, ClearProjection(&tx))?;
        }
        let documents: Vec<String> = tx
            .prepare("SELECT id FROM documents")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        for id in &documents {
            let id: RecordId = id.parse()?;
            let (kind, doc) = document::read(&tx, id)?;
            match RecordKind::parse(&kind) {
                Some(kind) => for_record(
                    kind,
                    Project {
                        conn: &tx,
                        id,
                        doc: &doc,
                    },
                )?,
                None => tracing::warn!(kind, "no projection for this kind of record"),
            }
        }
        tx.commit()?;
        Ok(documents.len())
    }
}
