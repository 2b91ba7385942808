//! Revoked devices, watched for. The admin CLI revokes a device in the database, perhaps from
//! another process, so the server looks for new revocations every `revocation_check_ms` and every
//! connection of a revoked device closes itself as soon as it hears of it: whatever the device
//! sends, and even if it sends nothing.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use uuid::Uuid;

use crate::server::now_millis;
use crate::storage::Storage;

/// How far back each look reaches, so that a revocation written by a process whose clock runs a
/// little behind, or committed while the last look was under way, is still seen.
const OVERLAP: Duration = Duration::from_secs(60);

/// The devices revoked since the server started, as every connection sees them.
pub type Revoked = watch::Receiver<Arc<BTreeSet<Uuid>>>;

/// Starts looking for revocations, every `every`, for the life of the runtime.
pub fn watch(storage: Arc<dyn Storage>, every: Duration) -> Revoked {
    let (sender, receiver) = watch::channel(Arc::new(BTreeSet::new()));
    tokio::spawn(async move {
        let mut since = now_millis().before(OVERLAP);
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let started = now_millis();
            let storage = storage.clone();
            let found = tokio::task::spawn_blocking(move || storage.revoked_since(since)).await;
            match found {
                Ok(Ok(revoked)) => {
                    since = started.before(OVERLAP);
                    let known = sender.borrow().clone();
                    if revoked.iter().any(|id| !known.contains(id)) {
                        let mut all = (*known).clone();
                        all.extend(revoked);
                        if sender.send(Arc::new(all)).is_err() {
                            return;
                        }
                    }
                }
                Ok(Err(error)) => {
                    tracing::error!(code = error.code(), "could not look for revoked devices")
                }
                Err(_) => tracing::error!("the look for revoked devices stopped"),
            }
        }
    });
    receiver
}
