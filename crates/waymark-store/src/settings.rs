//! Device settings, one JSON value per key.

use rusqlite::OptionalExtension;
use waymark_core::directory::{Audience, Directory};
use waymark_core::workspace_settings::WorkspaceSettings;
use waymark_core::{EscalationCard, RecordId};

use crate::{Store, StoreError};

const ESCALATION_CARD: &str = "escalation_card";
/// The name this device's practitioner goes by in assignments, before it is enrolled.
const PRACTITIONER_NAME: &str = "practitioner_name";
const SYNC_ENROLMENT: &str = "sync_enrolment";
/// The workspace's people and who can see which record, as the server last sent them.
const WORKSPACE_DIRECTORY: &str = "workspace_directory";
/// An enrolment with another server or workspace, waiting for the practitioner to say whether
/// this device's records may go there.
const PENDING_ENROLMENT: &str = "pending_enrolment";

/// What enrolment with a sync server gave this device. The token is a secret: it lives in the
/// device database (encrypted at rest) and is never shown or logged.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SyncEnrolment {
    pub server: String,
    pub device: String,
    pub token: String,
    /// The workspace its records go to; empty for an enrolment made before this was kept.
    #[serde(default)]
    pub workspace: String,
}

impl std::fmt::Debug for SyncEnrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncEnrolment")
            .field("server", &self.server)
            .field("device", &self.device)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// The escalation card: the workspace's, once its managers have set one, else this
    /// device's own, else the default.
    pub fn escalation_card(&self) -> Result<EscalationCard, StoreError> {
        if let Some(card) = self.workspace_settings()?.escalation_card {
            return Ok(card);
        }
        Ok(self.setting(ESCALATION_CARD)?.unwrap_or_default())
    }

    /// The workspace's own settings as the server last sent them; defaults before the first sync.
    pub fn workspace_settings(&self) -> Result<WorkspaceSettings, StoreError> {
        Ok(self
            .directory()?
            .map(|directory| directory.settings)
            .unwrap_or_default())
    }

    pub fn set_escalation_card(
        &mut self,
        card: EscalationCard,
    ) -> Result<EscalationCard, StoreError> {
        let card = card.validate()?;
        self.set_setting(ESCALATION_CARD, &card)?;
        Ok(card)
    }

    /// The name this device's practitioner goes by in assignments and "My tasks": the person
    /// the device is enrolled for, once the server has said who that is, else the name typed in
    /// settings.
    pub fn practitioner_name(&self) -> Result<String, StoreError> {
        if let Some(directory) = self.directory()? {
            return Ok(directory.you);
        }
        Ok(self.setting(PRACTITIONER_NAME)?.unwrap_or_default())
    }

    pub fn set_practitioner_name(&mut self, name: &str) -> Result<String, StoreError> {
        let name = waymark_core::text::at_most(name.trim().to_owned(), "name", 120)?;
        self.set_setting(PRACTITIONER_NAME, &name)?;
        Ok(name)
    }

    /// The workspace's people as the server last described them; `None` before the first sync.
    pub fn directory(&self) -> Result<Option<Directory>, StoreError> {
        self.with_directory(|directory| directory.cloned())
    }

    /// Reads the directory once, then from memory: it changes only through this module.
    fn with_directory<T>(
        &self,
        read: impl FnOnce(Option<&Directory>) -> T,
    ) -> Result<T, StoreError> {
        if self.directory.borrow().is_none() {
            let stored: Option<Directory> = self.setting(WORKSPACE_DIRECTORY)?;
            *self.directory.borrow_mut() = Some(stored);
        }
        Ok(read(
            self.directory.borrow().as_ref().and_then(Option::as_ref),
        ))
    }

    /// Whether this device's person may make a manager's decisions here: a manager of the
    /// workspace, or anyone before the device is enrolled in one.
    pub fn may_manage(&self) -> Result<bool, StoreError> {
        self.with_directory(|directory| directory.is_none_or(Directory::you_manage))
    }

    /// Keeps the directory the server sent, in place of the last one: the server writes it
    /// whole, nobody edits it on a device, so it is one value, not a merged document.
    pub fn set_directory(&self, directory: &Directory) -> Result<(), StoreError> {
        self.set_setting(WORKSPACE_DIRECTORY, directory)?;
        *self.directory.borrow_mut() = Some(Some(directory.clone()));
        Ok(())
    }

    /// Refuses a change to a record the device's person reads under a sharing decision: the
    /// server would refuse it too, and the copy here stays as the team wrote it.
    pub(crate) fn refuse_if_shared_to_read(&self, id: RecordId) -> Result<(), StoreError> {
        if self.with_directory(|directory| directory.is_some_and(|d| d.reads_only(id)))? {
            Err(StoreError::SharedToRead(id))
        } else {
            Ok(())
        }
    }

    /// The device now belongs to `user`. If the server last named someone else, this install
    /// starts writing under a new Automerge actor (the server binds each actor to one person and
    /// refuses another's changes under it), and forgets the last person's directory.
    pub fn enrolled_for(&mut self, user: &str) -> Result<(), StoreError> {
        let Some(directory) = self.directory()? else {
            return Ok(());
        };
        if user.is_empty() || directory.you == user {
            return Ok(());
        }
        self.start_new_actor()?;
        self.conn
            .prepare_cached("DELETE FROM settings WHERE key = ?1")?
            .execute([WORKSPACE_DIRECTORY])?;
        *self.directory.borrow_mut() = Some(None);
        Ok(())
    }

    /// Who can see a record this device holds, as the server last said.
    pub fn audience(&self, id: RecordId) -> Result<Audience, StoreError> {
        // A record this device does not hold gets its not-found answer, not a guess.
        let stored = self.take_document(id)?;
        self.keep_document(id, stored);
        Ok(self
            .directory()?
            .map_or_else(Audience::not_known_yet, |directory| directory.audience(id)))
    }

    /// The server this device syncs with and its token, once enrolled.
    pub fn sync_enrolment(&self) -> Result<Option<SyncEnrolment>, StoreError> {
        self.setting(SYNC_ENROLMENT)
    }

    pub fn set_sync_enrolment(&self, enrolment: &SyncEnrolment) -> Result<(), StoreError> {
        self.set_setting(SYNC_ENROLMENT, enrolment)
    }

    /// Keeps an enrolment that must wait for the practitioner's choice.
    pub fn set_pending_enrolment(&self, enrolment: &SyncEnrolment) -> Result<(), StoreError> {
        self.set_setting(PENDING_ENROLMENT, enrolment)
    }

    /// Takes the enrolment waiting for a choice, if there is one.
    pub fn take_pending_enrolment(&self) -> Result<Option<SyncEnrolment>, StoreError> {
        let pending = self.setting(PENDING_ENROLMENT)?;
        self.conn
            .prepare_cached("DELETE FROM settings WHERE key = ?1")?
            .execute([PENDING_ENROLMENT])?;
        Ok(pending)
    }

    /// Moves this device to another server or workspace, by the practitioner's choice: what the
    /// old one confirmed says nothing about the new one, so every record and attachment waits
    /// to go there.
    pub fn switch_enrolment(&self, enrolment: &SyncEnrolment) -> Result<(), StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        self.set_setting(SYNC_ENROLMENT, enrolment)?;
        tx.execute_batch(
            "UPDATE documents SET synced_heads = NULL; UPDATE attachments SET uploaded = 0;",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// How many records this device holds.
    pub fn record_count(&self) -> Result<usize, StoreError> {
        let count: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM documents", [], |row| row.get(0))?;
        Ok(count as usize)
    }

    fn setting<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |row| row.get(0))
            .optional()?;
        Ok(json.and_then(|json| serde_json::from_str(&json).ok()))
    }

    fn set_setting<T: serde::Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        let json = serde_json::to_string(value).map_err(StoreError::Json)?;
        self.conn
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, json.as_str()])?;
        Ok(())
    }
}
