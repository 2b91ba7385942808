//! What the audit log needs from the device (privacy rule P14): views, exports and prints, which
//! only the device sees. Each waits here, offline too, until the sync loop has sent it.

use std::time::Duration;

use rusqlite::params;
use waymark_core::audit::{AuditAction, ReportedEvent};
use waymark_core::{RecordId, UnixMillis};

use crate::{Store, StoreError};

/// Opening the same record again within this time is the same look at it, not another: pages
/// read a record again after each save.
const SAME_VIEW: Duration = Duration::from_secs(10 * 60);

/// How long an event the server has stays, to tell a repeat view from a new one.
const KEPT_AFTER_SENDING: Duration = Duration::from_secs(24 * 60 * 60);

impl Store {
    /// Notes that the practitioner opened a record at `now`; a second look within ten minutes
    /// is the same view.
    pub fn record_view(&mut self, record: RecordId, now: UnixMillis) -> Result<(), StoreError> {
        let recent: bool = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM audit_outbox
                 WHERE record = ?1 AND action = ?2 AND at > ?3 AND at <= ?4)",
            )?
            .query_row(
                params![
                    record.to_string(),
                    AuditAction::View.code(),
                    now.before(SAME_VIEW).get(),
                    now.get()
                ],
                |row| row.get(0),
            )?;
        if recent {
            return Ok(());
        }
        self.record_event(record, AuditAction::View, now)
    }

    /// Notes an export or a print of a record, each time.
    pub fn record_event(
        &mut self,
        record: RecordId,
        action: AuditAction,
        now: UnixMillis,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("INSERT INTO audit_outbox (record, action, at) VALUES (?1, ?2, ?3)")?
            .execute(params![record.to_string(), action.code(), now.get()])?;
        Ok(())
    }

    /// Events the server does not have yet, oldest first, at most `limit`.
    pub fn audit_to_send(&self, limit: usize) -> Result<Vec<ReportedEvent>, StoreError> {
        let rows: Vec<(i64, String, String, i64)> = self
            .conn
            .prepare_cached(
                "SELECT id, record, action, at FROM audit_outbox WHERE sent_at IS NULL
                 ORDER BY id LIMIT ?1",
            )?
            .query_map([limit as i64], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        // Rows are written only by this module; one that no longer reads is left unsent.
        Ok(rows
            .into_iter()
            .filter_map(|(id, record, action, at)| {
                Some(ReportedEvent {
                    id: u64::try_from(id).ok()?,
                    record: record.parse().ok()?,
                    action: AuditAction::from_code(&action).ok()?,
                    at: UnixMillis::new(at),
                })
            })
            .collect())
    }

    /// Marks events as held by the server, and forgets those it has held for a day.
    pub fn audit_sent(&mut self, ids: &[u64], now: UnixMillis) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for id in ids {
            tx.prepare_cached("UPDATE audit_outbox SET sent_at = ?2 WHERE id = ?1")?
                .execute(params![*id as i64, now.get()])?;
        }
        tx.prepare_cached("DELETE FROM audit_outbox WHERE sent_at < ?1")?
            .execute([now.before(KEPT_AFTER_SENDING).get()])?;
        tx.commit()?;
        Ok(())
    }
}
