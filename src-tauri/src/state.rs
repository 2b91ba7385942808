use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock, Weak};
use std::time::Duration;

use waymark_core::passcode::{LockPhase, LockState, WipeOrder};
use waymark_core::{CommandError, RecordId};
use waymark_store::{SharedStore, Store, StoreError, Vault, WholeFileCheck};

use crate::location::LocationState;
use crate::notification::Notifier;
use crate::sync::{SyncState, SystemClock};
use waymark_core::Clock;

/// What every command may reach: the store, the sync loop's state and the location source.
#[derive(Debug)]
pub struct Shell {
    pub store: Arc<StoreState>,
    pub sync: Arc<SyncState>,
    pub location: LocationState,
    pub notifier: Notifier,
    /// Where exports are saved: the person's downloads folder, or the app's own folder where
    /// the system names none.
    pub exports_dir: PathBuf,
    /// Photos arriving in parts, until their last part.
    pub photo_parts: crate::photo_parts::PhotoParts,
    /// The interface's language, chosen or the system's.
    pub language: crate::language::LanguageSetting,
    /// The map of the area loaded from a file, if any.
    pub offline_map: crate::offline_map::OfflineMapSlot,
}

/// How long a reset or a wipe waits for the commands still using the store to finish.
const CLOSE_TRIES: u32 = 250;
const CLOSE_PAUSE: Duration = Duration::from_millis(20);

/// Closes an open store once nothing else holds it: the commands that were using it have
/// finished and the sync loop has stopped. A store still held after five seconds has its files
/// erased under it: its connection then writes only to files that no longer have a name.
fn close(slot: Slot) {
    let Slot::Open { mut store, .. } = slot else {
        return;
    };
    for _ in 0..CLOSE_TRIES {
        match Arc::try_unwrap(store) {
            Ok(only) => {
                drop(only);
                return;
            }
            Err(shared) => {
                store = shared;
                std::thread::sleep(CLOSE_PAUSE);
            }
        }
    }
    tracing::warn!("the device store was still in use when its files were erased");
}

/// The device store behind its passcode (privacy rules P16, P17): closed until the first run
/// sets a passcode or the practitioner unlocks, then open; an idle lock keeps it open, so that a
/// walkabout in progress goes on recording its route, but answers nothing else until unlocked.
#[derive(Debug)]
pub struct StoreState {
    vault: Vault,
    slot: RwLock<Slot>,
    /// Set when the check of the whole file found the open store's file damaged and closed it;
    /// the lock screen says so until the next unlock, set-up, reset or wipe.
    damaged: AtomicBool,
}

#[derive(Debug)]
enum Slot {
    Closed,
    Open {
        store: Arc<SharedStore>,
        locked: bool,
    },
}

impl StoreState {
    pub fn open(data_dir: &Path) -> Self {
        Self {
            vault: Vault::new(data_dir),
            slot: RwLock::new(Slot::Closed),
            damaged: AtomicBool::new(false),
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Slot> {
        self.slot
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Slot> {
        self.slot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The store itself, for the commands that reach the server; `None` while locked.
    pub fn shared(&self) -> Option<Arc<SharedStore>> {
        match &*self.read() {
            Slot::Open {
                store,
                locked: false,
            } => Some(store.clone()),
            _ => None,
        }
    }

    /// Where the device's protection stands.
    pub fn lock_state(&self) -> Result<LockState, CommandError> {
        let phase = match &*self.read() {
            Slot::Open { locked: false, .. } => LockPhase::Unlocked,
            Slot::Open { locked: true, .. } => LockPhase::Locked,
            Slot::Closed if self.damaged.load(Ordering::SeqCst) => LockPhase::Damaged,
            Slot::Closed => self.vault.phase().map_err(CommandError::from)?,
        };
        Ok(LockState {
            phase,
            wait_seconds: self.vault.wait_seconds(SystemClock.now()),
            idle_lock_minutes: self.vault.idle_lock_minutes(),
        })
    }

    /// The first run: sets the passcode and opens the store. Answers the store when it was just
    /// opened, so the caller starts the sync loop beside it.
    pub fn set_up(
        &self,
        passcode: &str,
        confirmation: &str,
    ) -> Result<Arc<SharedStore>, CommandError> {
        let mut slot = self.write();
        if matches!(*slot, Slot::Open { .. }) {
            return Err(StoreError::AlreadySetUp.into());
        }
        let store = Arc::new(SharedStore::new(self.vault.set_up(passcode, confirmation)?));
        tracing::info!("device store set up, encrypted");
        self.damaged.store(false, Ordering::SeqCst);
        *slot = Slot::Open {
            store: store.clone(),
            locked: false,
        };
        Ok(store)
    }

    /// Unlocks with the passcode. Answers the store when it was opened by this unlock (not
    /// when an idle lock was lifted), so the caller starts the sync loop beside it.
    pub fn unlock(&self, passcode: &str) -> Result<Option<Arc<SharedStore>>, CommandError> {
        let mut slot = self.write();
        let now = SystemClock.now();
        match &mut *slot {
            Slot::Open { locked, .. } => {
                if *locked {
                    self.vault.check_passcode(passcode, now)?;
                    *locked = false;
                }
                Ok(None)
            }
            Slot::Closed => {
                let store = match self.vault.unlock(passcode, now) {
                    Ok(store) => Arc::new(SharedStore::new(store)),
                    Err(error) => {
                        tracing::warn!(code = error.code(), "device store not unlocked");
                        return Err(error.into());
                    }
                };
                self.damaged.store(false, Ordering::SeqCst);
                *slot = Slot::Open {
                    store: store.clone(),
                    locked: false,
                };
                Ok(Some(store))
            }
        }
    }

    /// Locks an open store: every command but the route's recording is refused until unlocked.
    pub fn lock(&self) {
        if let Slot::Open { locked, .. } = &mut *self.write() {
            *locked = true;
        }
    }

    pub fn change_passcode(
        &self,
        current: &str,
        new: &str,
        confirmation: &str,
    ) -> Result<(), CommandError> {
        if self.shared().is_none() {
            return Err(StoreError::Locked.into());
        }
        Ok(self
            .vault
            .change_passcode(current, new, confirmation, SystemClock.now())?)
    }

    pub fn set_idle_lock(&self, minutes: u32) -> Result<(), CommandError> {
        if self.shared().is_none() {
            return Err(StoreError::Locked.into());
        }
        self.vault.set_idle_lock_minutes(minutes)?;
        Ok(())
    }

    /// A forgotten passcode: erases everything, after the typed confirmation. The sync loop is
    /// stopped and the store closed first, so that nothing writes to its files as they go.
    pub fn reset(&self, confirmation: &str, sync: &SyncState) -> Result<(), CommandError> {
        waymark_core::passcode::check_reset(confirmation)?;
        let mut slot = self.write();
        sync.stop();
        close(std::mem::replace(&mut *slot, Slot::Closed));
        self.vault.erase(None)?;
        self.damaged.store(false, Ordering::SeqCst);
        tracing::info!("device reset: its records and key were erased");
        Ok(())
    }

    /// Carries out an administrator's order to erase this lost or stolen device (privacy rule
    /// P17), from the sync loop that heard it and has let go of the store. The lock screen
    /// then says who had it done, and when.
    pub fn wipe(&self, order: &WipeOrder) -> Result<(), CommandError> {
        let mut slot = self.write();
        close(std::mem::replace(&mut *slot, Slot::Closed));
        self.vault.erase(Some((&order.by, order.at)))?;
        self.damaged.store(false, Ordering::SeqCst);
        tracing::warn!(by = %order.by, "device wiped on the server's order: its records and key were erased");
        Ok(())
    }

    /// Waits for the check of the whole file of a store just opened. If it found the file
    /// damaged, and that store is still the one open, stops the sync loop and closes the store,
    /// so nothing more is written to the file, and the lock screen says so at once (without this,
    /// the next save would have been the first to find out). Blocks until the check ends.
    pub fn close_if_damaged(
        &self,
        check: &WholeFileCheck,
        opened: &Weak<SharedStore>,
        sync: &SyncState,
    ) {
        let Some(Err(error)) = check.outcome() else {
            return;
        };
        let mut slot = self.write();
        let still_open = match &*slot {
            Slot::Open { store, .. } => opened
                .upgrade()
                .is_some_and(|opened| Arc::ptr_eq(&opened, store)),
            Slot::Closed => false,
        };
        if !still_open {
            return;
        }
        tracing::error!(
            code = error.code(),
            "the device's records file is damaged: it is closed and left as it was"
        );
        sync.stop();
        close(std::mem::replace(&mut *slot, Slot::Closed));
        self.damaged.store(true, Ordering::SeqCst);
    }

    /// Runs one store operation while the app is unlocked, even during an idle lock: only for
    /// the route of a walkabout in progress.
    pub fn with_while_locked<T>(
        &self,
        operation: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, CommandError> {
        let store = match &*self.read() {
            Slot::Open { store, .. } => store.clone(),
            Slot::Closed => return Err(StoreError::Locked.into()),
        };
        let result = operation(&mut store.lock()).map_err(CommandError::from);
        result
    }

    /// Runs one store operation and turns its error into the one the UI understands.
    pub fn with<T>(
        &self,
        operation: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, CommandError> {
        let store = self
            .shared()
            .ok_or_else(|| CommandError::from(StoreError::Locked))?;
        let result = operation(&mut store.lock()).map_err(CommandError::from);
        result
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

#[cfg(test)]
mod tests {
    use waymark_core::ContextDraft;
    use waymark_store::DATABASE_FILE_NAME;

    use super::*;

    const PASSCODE: &str = "field-walk-42";

    /// A file damaged in a page that unlocking does not read: the check beside the app finds it,
    /// the store closes before anything else is written, and the lock screen says so.
    #[test]
    fn a_damaged_file_found_after_unlocking_closes_the_store_and_the_lock_screen_says_so() {
        let dir = tempfile::tempdir().expect("dir");
        let device = StoreState::open(dir.path());
        let store = device.set_up(PASSCODE, PASSCODE).expect("set up");
        for n in 0..300 {
            store
                .lock()
                .create_context(ContextDraft {
                    name: format!("Invented place {n}"),
                    context_type: "park_or_green_space".to_owned(),
                    description: format!("Benches, a path and lighting; visit {n} of the survey."),
                    location: None,
                })
                .expect("saved");
        }
        drop(store);
        close(std::mem::replace(&mut *device.write(), Slot::Closed));
        let db = dir.path().join(DATABASE_FILE_NAME);
        let mut damaged = std::fs::read(&db).expect("db");
        let middle = damaged.len() / 2;
        damaged[middle] ^= 0x55;
        std::fs::write(&db, &damaged).expect("damaged");

        let store = device
            .unlock(PASSCODE)
            .expect("opens on its first pages")
            .expect("opened by this unlock");
        let (check, opened) = (store.lock().whole_file_check(), Arc::downgrade(&store));
        drop(store);
        assert_eq!(
            device.lock_state().expect("state").phase,
            LockPhase::Unlocked
        );
        device.close_if_damaged(&check, &opened, &SyncState::default());

        assert_eq!(
            device.lock_state().expect("state").phase,
            LockPhase::Damaged
        );
        assert!(
            device.shared().is_none(),
            "nothing reads or writes the file"
        );
        assert_eq!(std::fs::read(&db).expect("db"), damaged, "left as it was");
        // Trying again opens it again, and the check beside it runs again.
        assert!(device.unlock(PASSCODE).expect("opens").is_some());
        assert_eq!(
            device.lock_state().expect("state").phase,
            LockPhase::Unlocked
        );
    }

    #[test]
    fn a_sound_file_stays_open() {
        let dir = tempfile::tempdir().expect("dir");
        let device = StoreState::open(dir.path());
        let store = device.set_up(PASSCODE, PASSCODE).expect("set up");
        let (check, opened) = (store.lock().whole_file_check(), Arc::downgrade(&store));
        device.close_if_damaged(&check, &opened, &SyncState::default());
        assert_eq!(
            device.lock_state().expect("state").phase,
            LockPhase::Unlocked
        );
        assert!(device.shared().is_some());
    }
}
