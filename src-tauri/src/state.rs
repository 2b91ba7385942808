use std::path::Path;
use std::sync::Arc;

use waymark_core::{CommandError, RecordId};
use waymark_store::{SharedStore, Store, StoreError, DATABASE_FILE_NAME};

use crate::location::LocationState;
use crate::sync::{SyncState, SystemClock};
use waymark_sync::agent::Clock;

/// What every command may reach: the store, the sync loop's state and the location source.
#[derive(Debug)]
pub struct Shell {
    pub store: StoreState,
    pub sync: Arc<SyncState>,
    pub location: LocationState,
}

/// The device store, or the reason it could not be opened. The app starts either way, so that a
/// practitioner sees why their records are unavailable instead of a window that never opens.
#[derive(Debug)]
pub struct StoreState(Result<Arc<SharedStore>, CommandError>);

impl StoreState {
    pub fn open(data_dir: &Path) -> Self {
        let path = data_dir.join(DATABASE_FILE_NAME);
        Self(match Store::open(&path) {
            Ok(store) => {
                tracing::info!(path = %path.display(), "device store open");
                Ok(Arc::new(SharedStore::new(store)))
            }
            Err(error) => {
                tracing::error!(%error, code = error.code(), "device store unavailable");
                Err(error.into())
            }
        })
    }

    /// The store itself, for the sync client that runs beside the commands.
    pub fn shared(&self) -> Option<Arc<SharedStore>> {
        self.0.as_ref().ok().cloned()
    }

    /// Runs one store operation and turns its error into the one the UI understands.
    pub fn with<T>(
        &self,
        operation: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, CommandError> {
        let store = self.0.as_ref().map_err(Clone::clone)?;
        operation(&mut store.lock()).map_err(CommandError::from)
    }

    /// Reads a record the practitioner opens, and notes the view for the audit log (it goes to
    /// the server at the next sync). A record that cannot be read was not seen.
    pub fn viewing<T>(
        &self,
        record: RecordId,
        read: impl FnOnce(&Store) -> Result<T, StoreError>,
    ) -> Result<T, CommandError> {
        self.with(|store| {
            let seen = read(store)?;
            store.record_view(record, SystemClock.now())?;
            Ok(seen)
        })
    }
}
