//! Changes made through the other server processes on the same database. A process tells its
//! own connected devices of what their sync sessions changed at once; what a device connected to
//! another process changed, it learns from the feed that every write adds to, every
//! `change_check_ms`, and tells its devices the same way.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::broadcast;
use uuid::Uuid;

use crate::server::{now_millis, Changed};
use crate::storage::{Storage, WorkspaceId};

/// How long the feed keeps a row: far longer than any process takes between two looks.
const KEPT: Duration = Duration::from_secs(600);

/// Looks at the feed every `every`, for the life of the runtime, and tells this process's
/// connections of what other processes wrote.
pub fn watch(storage: Arc<dyn Storage>, changes: broadcast::Sender<Changed>, every: Duration) {
    tokio::spawn(async move {
        let mut read_to = None;
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut looks: u64 = 0;
        loop {
            ticks.tick().await;
            looks += 1;
            let storage = storage.clone();
            let after = read_to;
            let prune = looks % 1_000 == 0;
            let looked = tokio::task::spawn_blocking(move || {
                if prune {
                    storage.forget_changes_before(now_millis().before(KEPT))?;
                }
                match after {
                    // The first look only finds where the feed ends: what came before this
                    // process started, its devices ask for when they connect.
                    None => storage.change_feed_end().map(|end| (end, Vec::new())),
                    Some(after) => storage.changes_elsewhere(after),
                }
            })
            .await;
            match looked {
                Ok(Ok((end, found))) => {
                    read_to = Some(end);
                    let mut by_device: BTreeMap<Uuid, Vec<WorkspaceId>> = BTreeMap::new();
                    for change in found {
                        let workspaces = by_device.entry(change.device).or_default();
                        if !workspaces.contains(&change.workspace) {
                            workspaces.push(change.workspace);
                        }
                    }
                    for (device, workspaces) in by_device {
                        // No connection listening is no error: no device is connected here.
                        let _ = changes.send(Changed { workspaces, device });
                    }
                }
                Ok(Err(error)) => {
                    tracing::error!(code = error.code(), "could not read the change feed")
                }
                Err(_) => tracing::error!("the look at the change feed stopped"),
            }
        }
    });
}
