//! Exports of a context: the store makes the bytes, this saves them where the practitioner
//! finds them, and the audit log hears of it at the next sync.

use std::path::{Path, PathBuf};

use tauri::State;
use waymark_core::audit::AuditAction;
use waymark_core::command::{ExportContext, ExportSystemReview};
use waymark_core::export::ExportedFile;
use waymark_core::Clock;
use waymark_core::{CommandError, RecordId, UnixMillis};

use crate::state::Shell;
use crate::sync::SystemClock;

#[tauri::command(async)]
pub fn export_context(
    shell: State<'_, Shell>,
    request: ExportContext,
) -> Result<ExportedFile, CommandError> {
    let now = SystemClock.now();
    let (name, bytes) = shell.store.with(|store| {
        store.export_context(request.context_id, request.format, request.sharing_decision)
    })?;
    saved(&shell, request.context_id, &name, &bytes, now)
}

#[tauri::command(async)]
pub fn export_system_review(
    shell: State<'_, Shell>,
    request: ExportSystemReview,
) -> Result<ExportedFile, CommandError> {
    let now = SystemClock.now();
    let (name, bytes) = shell.store.with(|store| {
        store.export_system_review(request.id, request.format, request.sharing_decision)
    })?;
    saved(&shell, request.id, &name, &bytes, now)
}

/// Saves an export of `record` and notes it for the audit log.
fn saved(
    shell: &Shell,
    record: RecordId,
    name: &str,
    bytes: &[u8],
    now: UnixMillis,
) -> Result<ExportedFile, CommandError> {
    let path = save(&shell.exports_dir, name, bytes).map_err(|error| {
        tracing::warn!(code = "export_not_saved", %error, "an export could not be saved");
        CommandError::new(
            "export_not_saved",
            format!(
                "The export could not be saved in {}. Check there is room on the device, then try again.",
                shell.exports_dir.display()
            ),
        )
    })?;
    shell
        .store
        .with(|store| store.record_event(record, AuditAction::Export, now))?;
    Ok(ExportedFile {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}

/// Writes the file whole under a name not yet taken (`name`, then `2-name`, …): written beside
/// and renamed, so a file with that name is never half an export.
fn save(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let mut path = dir.join(name);
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{n}-{name}"));
        n += 1;
    }
    let partial = dir.join(format!(".{name}.partial"));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, &path)?;
    Ok(path)
}
