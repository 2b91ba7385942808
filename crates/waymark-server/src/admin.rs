//! What an administrator does from the command line: workspaces, users, device enrolment and
//! revocation. Secrets are printed once and stored only as hashes.

use std::time::Duration;

use uuid::Uuid;

use crate::server::now_millis;
use waymark_core::access::{Consent, SharingDecision, SharingDecisionDraft, WorkspaceRole};
use waymark_core::audit::{self, ChainedEntry};
use waymark_core::erasure::{self, Erasure, ErasureRequest, RetentionDue, RetentionExtension};
use waymark_core::vocabulary::{LegalBasis, PartnerAgency};
use waymark_core::RecordId;

use crate::storage::{DeviceListing, Eraser, MemberListing, RetentionApplied, Storage, Viewer};
use crate::{secret, ServerError};

/// A device waiting for its code.
#[derive(Debug)]
pub struct Invitation {
    pub device: Uuid,
    pub workspace: String,
    /// Shown once, never stored.
    pub code: String,
    pub expires_in_hours: u32,
}

pub(crate) fn checked_name(name: &str) -> Result<&str, ServerError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ServerError::BadName);
    }
    Ok(name)
}

pub fn create_workspace(storage: &dyn Storage, name: &str) -> Result<(), ServerError> {
    storage
        .create_workspace(checked_name(name)?, now_millis())
        .map(drop)
}

/// Adds a user to a workspace; `agency` and `role` are codes as an administrator types them.
pub fn add_user(
    storage: &dyn Storage,
    name: &str,
    workspace: &str,
    agency: Option<&str>,
    role: Option<&str>,
) -> Result<(), ServerError> {
    let agency = agency.map(parse_agency).transpose()?;
    let role = role.map(parse_role).transpose()?;
    storage.add_user(checked_name(name)?, workspace, agency, role, now_millis())
}

/// Changes a member's role in one workspace.
pub fn set_role(
    storage: &dyn Storage,
    name: &str,
    workspace: &str,
    role: &str,
) -> Result<(), ServerError> {
    storage.set_role(name.trim(), workspace, parse_role(role)?, now_millis())
}

pub fn list_members(storage: &dyn Storage) -> Result<Vec<MemberListing>, ServerError> {
    storage.list_members()
}

fn parse_agency(code: &str) -> Result<PartnerAgency, ServerError> {
    PartnerAgency::from_code(code.trim()).map_err(|_| ServerError::UnknownAgency(code.to_owned()))
}

fn parse_role(code: &str) -> Result<WorkspaceRole, ServerError> {
    WorkspaceRole::from_code(code.trim()).ok_or_else(|| ServerError::UnknownRole(code.to_owned()))
}

pub fn enroll_device(
    storage: &dyn Storage,
    user: &str,
    workspace: Option<&str>,
    expires_in_hours: u32,
) -> Result<Invitation, ServerError> {
    let code = secret::new_code()?;
    let now = now_millis();
    let expires_at = now.after(Duration::from_secs(u64::from(expires_in_hours) * 3_600));
    let (device, workspace) = storage.create_device(
        user,
        workspace,
        secret::hash(&secret::normalise_code(&code)),
        expires_at,
        now,
    )?;
    Ok(Invitation {
        device,
        workspace,
        code,
        expires_in_hours,
    })
}

pub fn revoke_device(storage: &dyn Storage, id: &str) -> Result<(), ServerError> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| ServerError::UnknownDevice(id.to_owned()))?;
    storage.revoke_device(id, now_millis())
}

/// Revokes a lost or stolen device and orders it erased at its next contact, once the
/// administrator has typed WIPE (`confirmation`): nothing on it can be got back afterwards.
pub fn order_wipe(
    storage: &dyn Storage,
    id: &str,
    by: &str,
    confirmation: &str,
) -> Result<(), ServerError> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| ServerError::UnknownDevice(id.to_owned()))?;
    let by = checked_name(by)?;
    waymark_core::passcode::check_wipe(confirmation).map_err(ServerError::Invalid)?;
    storage.order_wipe(id, by, now_millis())
}

pub fn list_devices(storage: &dyn Storage) -> Result<Vec<DeviceListing>, ServerError> {
    storage.list_devices()
}

fn parse_record(id: &str) -> Result<RecordId, ServerError> {
    id.trim()
        .parse()
        .map_err(|_| ServerError::UnknownRecord(id.to_owned()))
}

/// Who can see a record now, and how.
pub fn record_viewers(storage: &dyn Storage, record: &str) -> Result<Vec<Viewer>, ServerError> {
    storage.viewers(parse_record(record)?, now_millis())
}

/// Puts `user` on a record's case team, as `by` (a manager or a member of it) decided.
pub fn add_to_case_team(
    storage: &dyn Storage,
    record: &str,
    user: &str,
    by: &str,
) -> Result<(), ServerError> {
    storage.add_to_case_team(parse_record(record)?, user.trim(), by.trim(), now_millis())
}

/// Erases a record on the word of `by`, a manager of its workspace, with a reason.
pub fn erase_record(
    storage: &dyn Storage,
    record: &str,
    by: &str,
    reason: &str,
) -> Result<Erasure, ServerError> {
    let request = ErasureRequest {
        record: parse_record(record)?,
        reason: reason.to_owned(),
    }
    .validate()
    .map_err(ServerError::Invalid)?;
    let by = Eraser::Manager {
        name: by.trim(),
        device: None,
    };
    Ok(storage
        .erase_record(request.record, by, &request.reason, now_millis())?
        .1)
}

/// Erases the past text of a record on the word of `by`, a manager of its workspace; returns
/// the record's new epoch.
pub fn erase_history(
    storage: &dyn Storage,
    record: &str,
    by: &str,
    reason: &str,
) -> Result<u32, ServerError> {
    let request = ErasureRequest {
        record: parse_record(record)?,
        reason: reason.to_owned(),
    }
    .validate()
    .map_err(ServerError::Invalid)?;
    Ok(storage
        .erase_history(
            request.record,
            by.trim(),
            None,
            &request.reason,
            now_millis(),
        )?
        .1)
}

/// Erases every record whose retention period ended by the start of `as_of` (year-month-day),
/// or by now, and every route track whose shorter period did.
pub fn apply_retention(
    storage: &dyn Storage,
    as_of: Option<&str>,
) -> Result<RetentionApplied, ServerError> {
    let now = match as_of {
        Some(day) => erasure::start_of_day(day).map_err(ServerError::Invalid)?,
        None => now_millis(),
    };
    crate::erasure::apply_retention(storage, now)
}

/// The records of a workspace due for erasure within `days`, for one of its managers.
pub fn retention_due(
    storage: &dyn Storage,
    workspace: &str,
    by: &str,
    days: u32,
) -> Result<Vec<RetentionDue>, ServerError> {
    let until = erasure::due_at(now_millis(), days, 0);
    storage.retention_due(workspace.trim(), by.trim(), until)
}

/// Keeps a record longer by `days`, on the word of `by`, a manager of its workspace.
pub fn extend_retention(
    storage: &dyn Storage,
    record: &str,
    days: u32,
    by: &str,
    reason: &str,
) -> Result<(), ServerError> {
    let extension = RetentionExtension {
        record: parse_record(record)?,
        days,
        reason: reason.to_owned(),
    }
    .validate()
    .map_err(ServerError::Invalid)?;
    storage.extend_retention(by.trim(), &extension, now_millis())
}

/// Takes `user` off a record's case team, as `by` (a manager or a member of it) decided.
pub fn remove_from_case_team(
    storage: &dyn Storage,
    record: &str,
    user: &str,
    by: &str,
) -> Result<(), ServerError> {
    storage.remove_from_case_team(parse_record(record)?, user.trim(), by.trim(), now_millis())
}

/// An audit log whose chain holds: how long it is and its last link, to keep elsewhere and
/// compare with later (a log rewritten whole would end differently).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntactLog {
    pub entries: usize,
    pub last_hash: String,
}

/// Walks the whole audit log; a broken link is an error that says where.
pub fn verify_audit(storage: &dyn Storage) -> Result<IntactLog, ServerError> {
    let log = storage.audit_log()?;
    let breaks = audit::verify(&log);
    if !breaks.is_empty() {
        let said: Vec<String> = breaks.iter().map(ToString::to_string).collect();
        return Err(ServerError::AuditBroken(said.join("; ")));
    }
    Ok(IntactLog {
        entries: log.len(),
        last_hash: waymark_sync::blob::hex(&log.last().map_or(audit::CHAIN_START, |e| e.hash)),
    })
}

/// The audit log's entries about one record, by one person, or both; all of them if neither.
pub fn audit_entries(
    storage: &dyn Storage,
    record: Option<&str>,
    user: Option<&str>,
) -> Result<Vec<ChainedEntry>, ServerError> {
    let record = record.map(parse_record).transpose()?;
    let user = user.map(str::trim);
    Ok(storage
        .audit_log()?
        .into_iter()
        .filter(|stored| record.is_none_or(|id| stored.entry.record == Some(id)))
        .filter(|stored| user.is_none_or(|name| stored.entry.user == name))
        .collect())
}

/// A sharing decision as an administrator types it on a manager's behalf.
#[derive(Debug, Clone)]
pub struct SharingRequest<'a> {
    pub workspace: &'a str,
    pub decided_by: &'a str,
    pub records: &'a [String],
    pub agency: &'a str,
    pub purpose: &'a str,
    pub legal_basis: &'a str,
    /// obtained, not_sought or overridden.
    pub consent: &'a str,
    /// Why consent was not sought, or was overridden.
    pub consent_reason: Option<&'a str>,
    pub expires_in_days: Option<u32>,
}

/// Records a manager's sharing decision; returns its number.
pub fn share(storage: &dyn Storage, request: &SharingRequest<'_>) -> Result<i64, ServerError> {
    let now = now_millis();
    let record_ids = request
        .records
        .iter()
        .map(|id| parse_record(id))
        .collect::<Result<Vec<_>, _>>()?;
    let reason = request.consent_reason.unwrap_or_default().to_owned();
    let consent = match request.consent.trim() {
        "obtained" => Consent::Obtained,
        "not_sought" => Consent::NotSought { reason },
        "overridden" => Consent::Overridden { reason },
        other => return Err(ServerError::UnknownConsent(other.to_owned())),
    };
    let draft = SharingDecisionDraft {
        record_ids,
        recipient_agency: parse_agency(request.agency)?,
        purpose: request.purpose.to_owned(),
        legal_basis: LegalBasis::from_code(request.legal_basis.trim())
            .map_err(|_| ServerError::UnknownLegalBasis(request.legal_basis.to_owned()))?,
        consent,
        expires_at: request
            .expires_in_days
            .map(|days| now.after(Duration::from_secs(u64::from(days) * 86_400))),
    };
    storage.record_sharing_decision(request.workspace, request.decided_by.trim(), &draft, now)
}

pub fn revoke_share(storage: &dyn Storage, id: i64, revoked_by: &str) -> Result<(), ServerError> {
    storage.revoke_sharing_decision(id, revoked_by.trim(), now_millis())
}

pub fn sharing_decisions(
    storage: &dyn Storage,
    workspace: &str,
) -> Result<Vec<SharingDecision>, ServerError> {
    storage.sharing_decisions(workspace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::SqlStorage;

    fn storage() -> (tempfile::TempDir, SqlStorage) {
        let dir = tempfile::tempdir().expect("temp dir");
        let storage = crate::storage::for_test(dir.path());
        (dir, storage)
    }

    #[test]
    fn a_code_is_used_once_and_only_its_hash_is_kept() {
        let (dir, storage) = storage();
        create_workspace(&storage, "Northside detached team").expect("workspace");
        add_user(
            &storage,
            "youth.worker.1",
            "Northside detached team",
            None,
            None,
        )
        .expect("user");
        let invitation = enroll_device(&storage, "youth.worker.1", None, 1).expect("invited");
        let token_hash = secret::hash("a token");
        storage
            .redeem_code(
                secret::hash(&secret::normalise_code(&invitation.code)),
                token_hash,
                now_millis(),
            )
            .expect("redeemed");
        let again = storage.redeem_code(
            secret::hash(&secret::normalise_code(&invitation.code)),
            secret::hash("another token"),
            now_millis(),
        );
        assert_eq!(again.expect_err("refused").code(), "code_used");
        let device = storage
            .device_by_token(token_hash)
            .expect("reads")
            .expect("found");
        assert_eq!(device.id, invitation.device);

        // What the database holds: the SQLite file and its log, or all PostgreSQL's rows.
        let db = dir.path().join("server.db");
        let held = if waymark_e2e::postgres::on_postgres() {
            vec![waymark_e2e::postgres::dump(&db).expect("dumped")]
        } else {
            vec![
                std::fs::read(&db).expect("read"),
                std::fs::read(dir.path().join("server.db-wal")).unwrap_or_default(),
            ]
        };
        let normalised = secret::normalise_code(&invitation.code);
        for bytes in held {
            assert!(!bytes
                .windows(normalised.len())
                .any(|w| w == normalised.as_bytes()));
        }
    }

    #[test]
    fn an_expired_code_is_refused() {
        let (_dir, storage) = storage();
        create_workspace(&storage, "W").expect("workspace");
        add_user(&storage, "u", "W", None, None).expect("user");
        let invitation = enroll_device(&storage, "u", None, 1).expect("invited");
        let later = now_millis().after(Duration::from_secs(2 * 3_600));
        let error = storage
            .redeem_code(
                secret::hash(&secret::normalise_code(&invitation.code)),
                secret::hash("t"),
                later,
            )
            .expect_err("expired");
        assert_eq!(error.code(), "code_expired");
    }

    #[test]
    fn admin_mistakes_are_named() {
        let (_dir, storage) = storage();
        create_workspace(&storage, "A").expect("workspace");
        create_workspace(&storage, "B").expect("workspace");
        assert_eq!(
            create_workspace(&storage, "A").expect_err("twice").code(),
            "workspace_exists"
        );
        assert_eq!(
            add_user(&storage, "u", "C", None, None)
                .expect_err("no such")
                .code(),
            "unknown_workspace"
        );
        add_user(&storage, "u", "A", None, None).expect("user");
        add_user(&storage, "u", "B", None, None).expect("second membership");
        assert_eq!(
            enroll_device(&storage, "u", None, 1)
                .expect_err("which")
                .code(),
            "which_workspace"
        );
        assert_eq!(
            enroll_device(&storage, "v", None, 1)
                .expect_err("no user")
                .code(),
            "unknown_user"
        );
        assert_eq!(
            revoke_device(&storage, "not-an-id")
                .expect_err("bad id")
                .code(),
            "unknown_device"
        );
        assert_eq!(
            create_workspace(&storage, "  ").expect_err("blank").code(),
            "bad_name"
        );
    }

    #[test]
    fn a_wipe_needs_the_word_and_a_name_and_is_in_the_audit_log() {
        let (_dir, storage) = storage();
        create_workspace(&storage, "A").expect("workspace");
        add_user(&storage, "worker.ab", "A", None, None).expect("user");
        let device = enroll_device(&storage, "worker.ab", None, 1)
            .expect("device")
            .device
            .to_string();
        let refused = order_wipe(&storage, &device, "Admin C.D.", "wipe").expect_err("word");
        assert_eq!(refused.code(), "wipe_not_confirmed");
        let unnamed = order_wipe(&storage, &device, " ", "WIPE").expect_err("name");
        assert_eq!(unnamed.code(), "bad_name");
        assert_eq!(
            storage
                .wipe_order(device.parse().expect("id"))
                .expect("read"),
            None,
            "nothing ordered by a refused order"
        );
        order_wipe(&storage, &device, "Admin C.D.", "WIPE").expect("ordered");
        order_wipe(&storage, &device, "Admin E.F.", "WIPE").expect("again");
        let order = storage
            .wipe_order(device.parse().expect("id"))
            .expect("read")
            .expect("an order");
        assert_eq!(order.by, "Admin C.D.", "the first order stands");
        let listed = list_devices(&storage).expect("devices");
        assert_eq!(listed[0].state, "revoked, wipe ordered");
        let log = storage.audit_log().expect("log");
        let wipes: Vec<_> = log
            .iter()
            .filter(|link| link.entry.action == audit::AuditAction::WipeOrdered)
            .collect();
        assert_eq!(wipes.len(), 1, "one order, logged once");
        assert_eq!(wipes[0].entry.user, "Admin C.D.");
        assert_eq!(wipes[0].entry.device.as_deref(), Some(device.as_str()));
        assert_eq!(wipes[0].entry.detail, "worker.ab's device");
    }
}
