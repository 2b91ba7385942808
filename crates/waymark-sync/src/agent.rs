//! The device's sync loop: when to connect, run a session, move attachments, back off, and when to
//! stop trying until told otherwise. It has no clock, randomness, socket or database of its own:
//! the app gives it real ones, and the tests give it fakes that answer at once, so every rule here
//! is tested in milliseconds.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use waymark_core::audit::{ReportedEvent, MAX_REPORTED_EVENTS};
use waymark_core::directory::Directory;
use waymark_core::passcode::WipeOrder;
use waymark_core::{Clock, CommandError, RecordId, SyncPhase, SyncStatus, UnixMillis};

use crate::backoff::retry_delay;
use crate::client::{self, BlobChunk, Blobs, ClientError, Connection, Report, ServerAddress};
use crate::frame::Heads;
use crate::LocalReplica;

/// How often a connected, quiet device looks for local changes to send.
pub const LOOK_FOR_CHANGES: Duration = Duration::from_secs(2);
/// How often a quiet connection is checked.
pub const KEEPALIVE: Duration = Duration::from_secs(25);

/// The server a device is enrolled with, and its token.
#[derive(Clone, PartialEq, Eq)]
pub struct Enrolled {
    pub server: String,
    pub token: String,
}

impl std::fmt::Debug for Enrolled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token is a secret: never in a log.
        f.debug_struct("Enrolled")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

/// What the loop needs from the device's store.
pub trait DeviceStore: LocalReplica + Send + Sync {
    fn enrolment(&self) -> Option<Enrolled>;
    /// Records and attachments waiting to go to the server.
    fn waiting(&self) -> usize;
    /// Records what the server confirmed it holds.
    fn mark_synced(&self, confirmed: &BTreeMap<RecordId, Heads>);
    fn attachments_to_upload(&self) -> Vec<String>;
    fn attachment(&self, sha256: &str) -> Option<Vec<u8>>;
    fn mark_uploaded(&self, sha256: &str);
    /// Attachments synced records name that are not here yet, with how much has arrived.
    fn wanted_attachments(&self) -> Vec<(String, u64)>;
    /// Keeps a downloaded piece; false if it could not be kept.
    fn keep_chunk(&self, sha256: &str, offset: u64, bytes: &[u8]) -> bool;
    fn finish_download(&self, sha256: &str);
    /// Views, exports and prints the server has not heard of, oldest first, at most `limit`.
    fn audit_to_send(&self, limit: usize) -> Vec<ReportedEvent>;
    /// The server has these events.
    fn audit_sent(&self, ids: &[u64], now: UnixMillis);
    /// Keeps what the server last said of the workspace's people, in place of the last one.
    fn keep_directory(&self, directory: &Directory);
}

impl<T: DeviceStore + ?Sized> DeviceStore for std::sync::Arc<T> {
    fn enrolment(&self) -> Option<Enrolled> {
        (**self).enrolment()
    }
    fn waiting(&self) -> usize {
        (**self).waiting()
    }
    fn mark_synced(&self, confirmed: &BTreeMap<RecordId, Heads>) {
        (**self).mark_synced(confirmed);
    }
    fn attachments_to_upload(&self) -> Vec<String> {
        (**self).attachments_to_upload()
    }
    fn attachment(&self, sha256: &str) -> Option<Vec<u8>> {
        (**self).attachment(sha256)
    }
    fn mark_uploaded(&self, sha256: &str) {
        (**self).mark_uploaded(sha256);
    }
    fn wanted_attachments(&self) -> Vec<(String, u64)> {
        (**self).wanted_attachments()
    }
    fn keep_chunk(&self, sha256: &str, offset: u64, bytes: &[u8]) -> bool {
        (**self).keep_chunk(sha256, offset, bytes)
    }
    fn finish_download(&self, sha256: &str) {
        (**self).finish_download(sha256);
    }
    fn audit_to_send(&self, limit: usize) -> Vec<ReportedEvent> {
        (**self).audit_to_send(limit)
    }
    fn audit_sent(&self, ids: &[u64], now: UnixMillis) {
        (**self).audit_sent(ids, now);
    }
    fn keep_directory(&self, directory: &Directory) {
        (**self).keep_directory(directory);
    }
}

/// Time and chance, from the caller: the time now (core's [`Clock`]), waiting, and jitter.
pub trait Timer: Clock {
    fn sleep(&self, wait: Duration) -> impl Future<Output = ()> + Send;
    /// A number in `0.0..1.0` from a random source, to spread retries.
    fn jitter(&self) -> f64;
}

/// The sync server, as the loop reaches it.
pub trait Server: Send + Sync {
    type Link: Link;
    fn connect(
        &self,
        enrolled: &Enrolled,
    ) -> impl Future<Output = Result<Self::Link, ClientError>> + Send;
    fn upload(
        &self,
        enrolled: &Enrolled,
        sha256: &str,
        bytes: &[u8],
    ) -> impl Future<Output = Result<(), ClientError>> + Send;
    fn download(
        &self,
        enrolled: &Enrolled,
        sha256: &str,
        offset: u64,
    ) -> impl Future<Output = Result<BlobChunk, ClientError>> + Send;
    /// Sends views, exports and prints for the audit log.
    fn report_audit(
        &self,
        enrolled: &Enrolled,
        events: &[ReportedEvent],
    ) -> impl Future<Output = Result<(), ClientError>> + Send;
    /// The workspace's people and who can see which record.
    fn directory(
        &self,
        enrolled: &Enrolled,
    ) -> impl Future<Output = Result<Directory, ClientError>> + Send;
}

/// One open connection to the server.
pub trait Link: Send {
    fn sync<L: LocalReplica + Sync>(
        &mut self,
        local: &L,
        progress: impl FnMut(usize, usize) + Send,
    ) -> impl Future<Output = Result<Report, ClientError>> + Send;
    /// Resolves when the server says another device changed something.
    fn changed(&mut self) -> impl Future<Output = Result<(), ClientError>> + Send;
    fn ping(&mut self) -> impl Future<Output = Result<(), ClientError>> + Send;
}

/// Where the loop says how sync stands, and hears "sync now" or a new enrolment.
pub trait Status: Send + Sync {
    fn update(&self, change: &mut (dyn FnMut(&mut SyncStatus) + Send));
    fn woken(&self) -> impl Future<Output = ()> + Send;
}

impl<T: Status + ?Sized> Status for std::sync::Arc<T> {
    fn update(&self, change: &mut (dyn FnMut(&mut SyncStatus) + Send)) {
        (**self).update(change);
    }

    fn woken(&self) -> impl Future<Output = ()> + Send {
        (**self).woken()
    }
}

fn problem(error: &ClientError) -> CommandError {
    CommandError::new(error.code(), error.to_string())
}

/// The real server, over HTTPS and a WebSocket.
#[derive(Debug, Default, Clone, Copy)]
pub struct HttpServer;

fn address(enrolled: &Enrolled) -> Result<ServerAddress, ClientError> {
    ServerAddress::parse(&enrolled.server)
}

impl Server for HttpServer {
    type Link = Connection;

    async fn connect(&self, enrolled: &Enrolled) -> Result<Connection, ClientError> {
        Connection::open(&address(enrolled)?, &enrolled.token).await
    }

    async fn upload(
        &self,
        enrolled: &Enrolled,
        sha256: &str,
        bytes: &[u8],
    ) -> Result<(), ClientError> {
        Blobs::new(address(enrolled)?, enrolled.token.clone())
            .upload(sha256, bytes)
            .await
    }

    async fn download(
        &self,
        enrolled: &Enrolled,
        sha256: &str,
        offset: u64,
    ) -> Result<BlobChunk, ClientError> {
        Blobs::new(address(enrolled)?, enrolled.token.clone())
            .download(sha256, offset)
            .await
    }

    async fn report_audit(
        &self,
        enrolled: &Enrolled,
        events: &[ReportedEvent],
    ) -> Result<(), ClientError> {
        client::report_audit(&address(enrolled)?, &enrolled.token, events).await
    }

    async fn directory(&self, enrolled: &Enrolled) -> Result<Directory, ClientError> {
        client::fetch_directory(&address(enrolled)?, &enrolled.token).await
    }
}

impl Link for Connection {
    fn sync<L: LocalReplica + Sync>(
        &mut self,
        local: &L,
        progress: impl FnMut(usize, usize) + Send,
    ) -> impl Future<Output = Result<Report, ClientError>> + Send {
        Connection::sync(self, local, progress)
    }

    fn changed(&mut self) -> impl Future<Output = Result<(), ClientError>> + Send {
        Connection::changed(self)
    }

    fn ping(&mut self) -> impl Future<Output = Result<(), ClientError>> + Send {
        Connection::ping(self)
    }
}

/// The loop, with what it runs on.
#[derive(Debug)]
pub struct Agent<S, N, C, T> {
    pub store: S,
    pub server: N,
    pub clock: C,
    pub status: T,
}

impl<S: DeviceStore, N: Server, C: Timer, T: Status> Agent<S, N, C, T> {
    fn set(&self, mut change: impl FnMut(&mut SyncStatus) + Send) {
        self.status.update(&mut change);
    }

    /// Runs for the life of the app, or until the server orders the device erased: then it
    /// answers the order, for the app to carry out.
    pub async fn run(&self) -> WipeOrder {
        let mut failures = 0;
        loop {
            if let Some(order) = self.round(&mut failures).await {
                return order;
            }
        }
    }

    /// One round: connect with the current enrolment and sync until the connection fails, then
    /// wait as the failure says: a while (doubling, with jitter), or until woken. Answers the
    /// server's order to erase the device, if that is why it stopped.
    pub async fn round(&self, failures: &mut u32) -> Option<WipeOrder> {
        let Some(enrolled) = self.store.enrolment() else {
            self.set(|s| {
                s.phase = SyncPhase::NotSetUp;
                s.server = None;
            });
            self.status.woken().await;
            return None;
        };
        let server = enrolled.server.clone();
        self.set(|s| {
            s.phase = SyncPhase::Connecting;
            s.server = Some(server.clone());
        });
        let error = match self.server.connect(&enrolled).await {
            Ok(link) => self.connected(link, &enrolled, failures).await,
            Err(error) => error,
        };
        tracing::info!(code = error.code(), "sync stopped");
        if let ClientError::DeviceWiped(order) = error {
            self.set(|s| {
                s.phase = SyncPhase::CannotSync;
                s.problem = Some(problem(&ClientError::DeviceWiped(order.clone())));
                s.retry_at = None;
            });
            return Some(order);
        }
        if error == ClientError::Reconnect {
            // The server let an old or quiet connection go, or the enrolment changed: connect
            // again at once, nothing is wrong.
            return None;
        }
        if matches!(error, ClientError::DeviceRevoked | ClientError::NotEnrolled) {
            // Waiting will not change this; a new enrolment, or "Sync now", tries again.
            self.set(|s| {
                s.phase = SyncPhase::CannotSync;
                s.problem = Some(problem(&error));
                s.retry_at = None;
            });
            self.status.woken().await;
            *failures = 0;
            return None;
        }
        let wait = retry_delay(*failures, self.clock.jitter());
        *failures = failures.saturating_add(1);
        let retry_at = self.clock.now().after(wait);
        self.set(|s| {
            s.phase = SyncPhase::CannotSync;
            s.problem = Some(problem(&error));
            s.retry_at = Some(retry_at);
        });
        // Asking to sync now, or a new enrolment, cuts the wait short.
        tokio::select! {
            biased;
            () = self.status.woken() => *failures = 0,
            () = self.clock.sleep(wait) => {}
        }
        None
    }

    /// Syncs on an open connection until it fails, and returns why.
    async fn connected(
        &self,
        mut link: N::Link,
        enrolled: &Enrolled,
        failures: &mut u32,
    ) -> ClientError {
        loop {
            let refused = match self.sync_once(&mut link, enrolled).await {
                Ok(refused) => refused,
                Err(error) => return error,
            };
            *failures = 0;
            // Wait for a reason to sync again.
            let mut quiet = Duration::ZERO;
            loop {
                // In this order when several are ready: the practitioner, the server, the clock.
                tokio::select! {
                    biased;
                    () = self.status.woken() => {
                        // A new enrolment is another server or token: this connection belongs
                        // to the old one, and nothing more may go over it.
                        if self.store.enrolment().as_ref() != Some(enrolled) {
                            return ClientError::Reconnect;
                        }
                        break;
                    }
                    changed = link.changed() => match changed {
                        Ok(()) => break,
                        Err(error) => return error,
                    },
                    () = self.clock.sleep(LOOK_FOR_CHANGES) => {
                        quiet += LOOK_FOR_CHANGES;
                        // What the server refused stays waiting; trying it again every few
                        // seconds would change nothing, so only new changes count.
                        if !refused && self.store.waiting() > 0 {
                            break;
                        }
                        if quiet >= KEEPALIVE {
                            quiet = Duration::ZERO;
                            if let Err(error) = link.ping().await {
                                return error;
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs one session and moves attachments. Returns whether the server refused anything.
    async fn sync_once(
        &self,
        link: &mut N::Link,
        enrolled: &Enrolled,
    ) -> Result<bool, ClientError> {
        self.set(|s| {
            s.phase = SyncPhase::Syncing {
                settled: 0,
                total: 0,
            }
        });
        let report = link
            .sync(&self.store, |settled, total| {
                self.status.update(&mut |s: &mut SyncStatus| {
                    s.phase = SyncPhase::Syncing { settled, total }
                });
            })
            .await?;
        if !report.refused.is_empty() {
            tracing::warn!(refused = ?report.refused, "the server refused part of the sync");
        }
        if !report.withdrawn.is_empty() {
            tracing::info!(
                count = report.withdrawn.len(),
                "records this device's user may no longer see were deleted"
            );
        }
        self.move_attachments(enrolled).await?;
        self.report_audit(enrolled).await?;
        self.refresh_directory(enrolled).await?;
        // Only what the server confirmed: an edit made while the session or the attachments ran
        // stays waiting.
        self.store.mark_synced(&report.confirmed);
        // Open pages are drawn anew for what the server changed here, never for the
        // practitioner's own edits: a form half filled in stays as it is.
        let changed_here = !report.received.is_empty() || !report.withdrawn.is_empty();
        let now = self.clock.now();
        self.set(|s| {
            s.phase = SyncPhase::Idle;
            s.problem = None;
            s.retry_at = None;
            s.synced_at = Some(now);
            if changed_here {
                s.revision += 1;
            }
        });
        Ok(!report.refused.is_empty())
    }

    /// Sends the views, exports and prints made on this device, offline too, in batches, until
    /// none waits. Each stays on the device until the server has it; a report the server refuses
    /// (a server from before the audit log, say) stays too, and sync goes on.
    async fn report_audit(&self, enrolled: &Enrolled) -> Result<(), ClientError> {
        let mut last_batch = None;
        loop {
            let events = self.store.audit_to_send(MAX_REPORTED_EVENTS);
            let first = events.first().map(|event| event.id);
            // Nothing waits, or the last batch could not be marked as sent: stop for now.
            if first.is_none() || first == last_batch {
                return Ok(());
            }
            match self.server.report_audit(enrolled, &events).await {
                Ok(()) => {}
                Err(
                    error @ (ClientError::Unreachable
                    | ClientError::NotEnrolled
                    | ClientError::DeviceRevoked
                    | ClientError::DeviceWiped(_)),
                ) => return Err(error),
                Err(error) => {
                    tracing::warn!(code = error.code(), "the audit report was refused");
                    return Ok(());
                }
            }
            let ids: Vec<u64> = events.iter().map(|event| event.id).collect();
            self.store.audit_sent(&ids, self.clock.now());
            last_batch = first;
        }
    }

    /// Asks again who the workspace's people are and who can see which record, so that the
    /// history and the record pages say it offline too. A server that cannot answer (one from
    /// before the directory) leaves the last answer in place, and sync goes on.
    async fn refresh_directory(&self, enrolled: &Enrolled) -> Result<(), ClientError> {
        match self.server.directory(enrolled).await {
            Ok(directory) => {
                self.store.keep_directory(&directory);
                Ok(())
            }
            Err(
                error @ (ClientError::Unreachable
                | ClientError::NotEnrolled
                | ClientError::DeviceRevoked
                | ClientError::DeviceWiped(_)),
            ) => Err(error),
            Err(error) => {
                tracing::warn!(code = error.code(), "the directory was not sent");
                Ok(())
            }
        }
    }

    /// Sends attachments the server lacks and fetches those that synced records name, each from
    /// where it stopped last time.
    async fn move_attachments(&self, enrolled: &Enrolled) -> Result<(), ClientError> {
        for sha256 in self.store.attachments_to_upload() {
            let Some(bytes) = self.store.attachment(&sha256) else {
                continue;
            };
            match self.server.upload(enrolled, &sha256, &bytes).await {
                Ok(()) => self.store.mark_uploaded(&sha256),
                // The connection or the enrolment is gone: stop, and say why.
                Err(
                    error @ (ClientError::Unreachable
                    | ClientError::NotEnrolled
                    | ClientError::DeviceRevoked
                    | ClientError::DeviceWiped(_)),
                ) => return Err(error),
                // This one attachment was refused; the rest still go.
                Err(error) => tracing::warn!(code = error.code(), "an attachment was refused"),
            }
        }
        for (sha256, mut received) in self.store.wanted_attachments() {
            loop {
                let chunk = match self.server.download(enrolled, &sha256, received).await {
                    Ok(chunk) => chunk,
                    // Not on the server yet: the device that took it has not uploaded it.
                    Err(ClientError::Refused { .. }) => break,
                    Err(error) => return Err(error),
                };
                if !chunk.bytes.is_empty() {
                    if !self.store.keep_chunk(&sha256, received, &chunk.bytes) {
                        break;
                    }
                    received += chunk.bytes.len() as u64;
                }
                if received >= chunk.size || chunk.bytes.is_empty() {
                    self.store.finish_download(&sha256);
                    break;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    //! The loop against fakes that answer at once: no socket, no sleeping, no randomness.

    use std::collections::VecDeque;
    use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::{Message, Session};

    fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
        mutex
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn enrolled(server: &str) -> Enrolled {
        Enrolled {
            server: server.to_owned(),
            token: format!("token for {server}"),
        }
    }

    #[derive(Default)]
    struct FakeStore {
        enrolment: Mutex<Option<Enrolled>>,
        waiting: AtomicUsize,
        marked: Mutex<Vec<BTreeMap<RecordId, Heads>>>,
        to_upload: Mutex<Vec<String>>,
        uploaded: Mutex<Vec<String>>,
        wanted: Mutex<Vec<(String, u64)>>,
        kept: Mutex<Vec<(String, u64, usize)>>,
        finished: Mutex<Vec<String>>,
        /// Views waiting for the server.
        audit: Mutex<Vec<ReportedEvent>>,
        directory: Mutex<Option<Directory>>,
    }

    impl LocalReplica for FakeStore {
        fn step(&self, _session: &mut Session, _incoming: Option<Message>) -> Vec<Message> {
            Vec::new()
        }
    }

    impl DeviceStore for FakeStore {
        fn enrolment(&self) -> Option<Enrolled> {
            lock(&self.enrolment).clone()
        }
        fn audit_to_send(&self, limit: usize) -> Vec<ReportedEvent> {
            let audit = lock(&self.audit);
            audit.iter().take(limit).cloned().collect()
        }
        fn audit_sent(&self, ids: &[u64], _now: UnixMillis) {
            lock(&self.audit).retain(|event| !ids.contains(&event.id));
        }
        fn keep_directory(&self, directory: &Directory) {
            *lock(&self.directory) = Some(directory.clone());
        }
        fn waiting(&self) -> usize {
            self.waiting.load(Ordering::SeqCst)
        }
        fn mark_synced(&self, confirmed: &BTreeMap<RecordId, Heads>) {
            lock(&self.marked).push(confirmed.clone());
        }
        fn attachments_to_upload(&self) -> Vec<String> {
            lock(&self.to_upload).clone()
        }
        fn attachment(&self, sha256: &str) -> Option<Vec<u8>> {
            Some(sha256.as_bytes().to_vec())
        }
        fn mark_uploaded(&self, sha256: &str) {
            lock(&self.uploaded).push(sha256.to_owned());
        }
        fn wanted_attachments(&self) -> Vec<(String, u64)> {
            lock(&self.wanted).clone()
        }
        fn keep_chunk(&self, sha256: &str, offset: u64, bytes: &[u8]) -> bool {
            lock(&self.kept).push((sha256.to_owned(), offset, bytes.len()));
            true
        }
        fn finish_download(&self, sha256: &str) {
            lock(&self.finished).push(sha256.to_owned());
        }
    }

    /// Time that passes only when the loop waits, and jitter fixed at one half.
    #[derive(Default)]
    struct FakeClock {
        now: AtomicI64,
        waits: Mutex<Vec<Duration>>,
    }

    impl Clock for FakeClock {
        fn now(&self) -> UnixMillis {
            UnixMillis::new(self.now.load(Ordering::SeqCst))
        }
    }

    impl Timer for FakeClock {
        // Time passes when the wait is waited, not when it is merely offered.
        async fn sleep(&self, wait: Duration) {
            lock(&self.waits).push(wait);
            self.now
                .fetch_add(wait.as_millis() as i64, Ordering::SeqCst);
        }
        fn jitter(&self) -> f64 {
            0.5
        }
    }

    /// A connection that plays a script: sessions' reports, then pings that fail.
    #[derive(Default)]
    struct FakeLink {
        reports: VecDeque<Report>,
        sessions: Arc<AtomicUsize>,
    }

    impl Link for FakeLink {
        fn sync<L: LocalReplica + Sync>(
            &mut self,
            _local: &L,
            _progress: impl FnMut(usize, usize) + Send,
        ) -> impl Future<Output = Result<Report, ClientError>> + Send {
            self.sessions.fetch_add(1, Ordering::SeqCst);
            std::future::ready(self.reports.pop_front().ok_or(ClientError::Unreachable))
        }
        fn changed(&mut self) -> impl Future<Output = Result<(), ClientError>> + Send {
            std::future::pending()
        }
        fn ping(&mut self) -> impl Future<Output = Result<(), ClientError>> + Send {
            std::future::ready(Err(ClientError::Unreachable))
        }
    }

    #[derive(Default)]
    struct FakeServer {
        connects: Mutex<VecDeque<Result<FakeLink, ClientError>>>,
        connected_to: Mutex<Vec<String>>,
        /// An enrolment the device switches to once connected (a new code typed meanwhile).
        switch_to: Mutex<Option<(Arc<FakeStore>, Enrolled)>>,
        refused_uploads: Vec<String>,
        /// Uploading this one edits a record on the device meanwhile.
        edits_while_uploading: Option<Arc<FakeStore>>,
        blob: Vec<u8>,
        reported: Mutex<Vec<ReportedEvent>>,
        /// Answers every audit report as a server from before the audit log would.
        refuses_audit: bool,
        /// What it says of the workspace's people; `None` answers as a server from before the
        /// directory would.
        directory: Option<Directory>,
    }

    impl Server for FakeServer {
        type Link = FakeLink;

        fn report_audit(
            &self,
            _enrolled: &Enrolled,
            events: &[ReportedEvent],
        ) -> impl Future<Output = Result<(), ClientError>> + Send {
            if self.refuses_audit {
                return std::future::ready(Err(ClientError::Refused {
                    code: "not_found".to_owned(),
                    message: "no such route".to_owned(),
                }));
            }
            lock(&self.reported).extend(events.iter().cloned());
            std::future::ready(Ok(()))
        }

        fn directory(
            &self,
            _enrolled: &Enrolled,
        ) -> impl Future<Output = Result<Directory, ClientError>> + Send {
            std::future::ready(self.directory.clone().ok_or(ClientError::Refused {
                code: "not_found".to_owned(),
                message: "no such route".to_owned(),
            }))
        }

        fn connect(
            &self,
            enrolled: &Enrolled,
        ) -> impl Future<Output = Result<FakeLink, ClientError>> + Send {
            lock(&self.connected_to).push(enrolled.server.clone());
            if let Some((store, next)) = lock(&self.switch_to).take() {
                *lock(&store.enrolment) = Some(next);
            }
            let next = lock(&self.connects)
                .pop_front()
                .unwrap_or(Err(ClientError::Unreachable));
            std::future::ready(next)
        }

        fn upload(
            &self,
            _enrolled: &Enrolled,
            sha256: &str,
            _bytes: &[u8],
        ) -> impl Future<Output = Result<(), ClientError>> + Send {
            if let Some(store) = &self.edits_while_uploading {
                store.waiting.store(1, Ordering::SeqCst);
            }
            let answer = if self.refused_uploads.iter().any(|s| s == sha256) {
                Err(ClientError::Refused {
                    code: "quota_exceeded".to_owned(),
                    message: "over quota".to_owned(),
                })
            } else {
                Ok(())
            };
            std::future::ready(answer)
        }

        fn download(
            &self,
            _enrolled: &Enrolled,
            _sha256: &str,
            offset: u64,
        ) -> impl Future<Output = Result<BlobChunk, ClientError>> + Send {
            let start = usize::try_from(offset)
                .unwrap_or(usize::MAX)
                .min(self.blob.len());
            let end = (start + 3).min(self.blob.len());
            std::future::ready(Ok(BlobChunk {
                bytes: self.blob[start..end].to_vec(),
                size: self.blob.len() as u64,
            }))
        }
    }

    /// The status, and how many "sync now" taps are waiting to be heard.
    #[derive(Default)]
    struct FakeStatus {
        status: Mutex<SyncStatus>,
        taps: AtomicUsize,
    }

    impl Status for FakeStatus {
        fn update(&self, change: &mut (dyn FnMut(&mut SyncStatus) + Send)) {
            change(&mut lock(&self.status));
        }
        fn woken(&self) -> impl Future<Output = ()> + Send {
            let tapped = self
                .taps
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |taps| {
                    taps.checked_sub(1)
                })
                .is_ok();
            async move {
                if !tapped {
                    std::future::pending::<()>().await;
                }
            }
        }
    }

    type TestAgent = Agent<Arc<FakeStore>, FakeServer, FakeClock, FakeStatus>;

    fn agent(store: Arc<FakeStore>, server: FakeServer) -> TestAgent {
        Agent {
            store,
            server,
            clock: FakeClock::default(),
            status: FakeStatus::default(),
        }
    }

    fn store_enrolled_with(server: &str) -> Arc<FakeStore> {
        let store = FakeStore::default();
        *lock(&store.enrolment) = Some(enrolled(server));
        Arc::new(store)
    }

    fn id() -> RecordId {
        RecordId::new(uuid::Uuid::from_u128(
            0x0190_0000_0000_7000_8000_0000_0000_0001,
        ))
        .expect("a v7 id")
    }

    #[tokio::test]
    async fn an_unreachable_server_is_tried_again_after_waits_that_double_with_jitter() {
        let agent = agent(
            store_enrolled_with("https://a.example"),
            FakeServer::default(),
        );
        let mut failures = 0;
        for _ in 0..5 {
            agent.round(&mut failures).await;
        }
        let waits: Vec<u64> = lock(&agent.clock.waits)
            .iter()
            .map(|w| w.as_millis() as u64)
            .collect();
        // Jitter of one half takes a quarter off each wait.
        assert_eq!(waits, vec![750, 1_500, 3_000, 6_000, 12_000]);
        let status = lock(&agent.status.status).clone();
        assert_eq!(status.phase, SyncPhase::CannotSync);
        assert_eq!(
            status.problem.map(|p| p.code),
            Some("server_unreachable".to_owned())
        );
        assert_eq!(status.retry_at, Some(agent.clock.now()));
    }

    #[tokio::test]
    async fn a_revoked_device_stops_trying_until_it_is_woken() {
        let server = FakeServer::default();
        lock(&server.connects).push_back(Err(ClientError::DeviceRevoked));
        let agent = agent(store_enrolled_with("https://a.example"), server);
        agent.status.taps.store(1, Ordering::SeqCst);
        let mut failures = 3;
        agent.round(&mut failures).await;
        assert!(
            lock(&agent.clock.waits).is_empty(),
            "it never waited on the clock"
        );
        assert_eq!(
            agent.status.taps.load(Ordering::SeqCst),
            0,
            "it waited to be woken"
        );
        assert_eq!(failures, 0);
        let status = lock(&agent.status.status).clone();
        assert_eq!(status.retry_at, None);
        assert!(status
            .headline(None, UnixMillis::EPOCH)
            .contains("Cannot sync: device revoked"));
    }

    #[tokio::test]
    async fn an_order_to_erase_the_device_ends_the_loop_with_the_order() {
        let order = WipeOrder {
            by: "Admin C.D.".to_owned(),
            at: UnixMillis::new(1_700_000_000_000),
        };
        let server = FakeServer::default();
        lock(&server.connects).push_back(Err(ClientError::Unreachable));
        lock(&server.connects).push_back(Err(ClientError::DeviceWiped(order.clone())));
        let agent = agent(store_enrolled_with("https://a.example"), server);
        assert_eq!(agent.run().await, order, "the loop answers the order");
        assert_eq!(
            lock(&agent.clock.waits).len(),
            1,
            "one wait, after the first failure"
        );
        let status = lock(&agent.status.status).clone();
        assert_eq!(
            status.problem.map(|p| p.code),
            Some("device_wiped".to_owned())
        );
    }

    #[tokio::test]
    async fn a_device_not_set_up_waits_to_be_enrolled() {
        let agent = agent(Arc::new(FakeStore::default()), FakeServer::default());
        agent.status.taps.store(1, Ordering::SeqCst);
        agent.round(&mut 0).await;
        assert!(lock(&agent.server.connected_to).is_empty());
        assert_eq!(lock(&agent.status.status).phase, SyncPhase::NotSetUp);
    }

    #[tokio::test]
    async fn after_a_session_confirmed_heads_are_marked_and_attachments_move_one_by_one() {
        let store = store_enrolled_with("https://a.example");
        *lock(&store.to_upload) = vec!["refused".to_owned(), "taken".to_owned()];
        *lock(&store.wanted) = vec![("photo".to_owned(), 0)];
        let mut confirmed = BTreeMap::new();
        confirmed.insert(id(), vec![[7; 32]]);
        let link = FakeLink {
            reports: VecDeque::from([Report {
                confirmed: confirmed.clone(),
                ..Report::default()
            }]),
            ..FakeLink::default()
        };
        let server = FakeServer {
            refused_uploads: vec!["refused".to_owned()],
            blob: b"eight by".to_vec(),
            ..FakeServer::default()
        };
        lock(&server.connects).push_back(Ok(link));
        let agent = agent(store.clone(), server);
        agent.round(&mut 0).await;
        assert_eq!(*lock(&store.marked), vec![confirmed]);
        assert_eq!(*lock(&store.uploaded), vec!["taken".to_owned()]);
        assert_eq!(
            *lock(&store.kept),
            vec![
                ("photo".to_owned(), 0, 3),
                ("photo".to_owned(), 3, 3),
                ("photo".to_owned(), 6, 2)
            ]
        );
        assert_eq!(*lock(&store.finished), vec!["photo".to_owned()]);
        // Quiet until the keepalive ping, which found the connection gone.
        let waits = lock(&agent.clock.waits).clone();
        assert_eq!(waits.iter().filter(|w| **w == LOOK_FOR_CHANGES).count(), 13);
        assert_eq!(lock(&agent.status.status).phase, SyncPhase::CannotSync);
    }

    #[tokio::test]
    async fn open_pages_are_drawn_anew_for_the_servers_changes_and_never_for_edits_made_here() {
        let store = store_enrolled_with("https://a.example");
        let mut confirmed = BTreeMap::new();
        confirmed.insert(id(), vec![[7; 32]]);
        let sent_only = Report {
            confirmed: confirmed.clone(),
            ..Report::default()
        };
        let received = Report {
            received: vec![id()],
            ..Report::default()
        };
        let server = FakeServer::default();
        for report in [sent_only, received] {
            lock(&server.connects).push_back(Ok(FakeLink {
                reports: VecDeque::from([report]),
                ..FakeLink::default()
            }));
        }
        let agent = agent(store, server);
        agent.round(&mut 0).await;
        assert_eq!(
            lock(&agent.status.status).revision,
            0,
            "an edit made here and sent is not a reason to redraw"
        );
        agent.round(&mut 0).await;
        assert_eq!(lock(&agent.status.status).revision, 1);
    }

    #[tokio::test]
    async fn views_made_offline_go_to_the_server_after_a_session_in_batches_and_leave_the_device() {
        let store = store_enrolled_with("https://a.example");
        let views: Vec<ReportedEvent> = (1..=1_200)
            .map(|n| ReportedEvent {
                id: n,
                record: id(),
                action: waymark_core::audit::AuditAction::View,
                at: UnixMillis::new(1_795_000_000_000 + n as i64),
            })
            .collect();
        *lock(&store.audit) = views.clone();
        let link = FakeLink {
            reports: VecDeque::from([Report::default()]),
            ..FakeLink::default()
        };
        let server = FakeServer::default();
        lock(&server.connects).push_back(Ok(link));
        let agent = agent(store.clone(), server);
        agent.round(&mut 0).await;
        assert_eq!(*lock(&agent.server.reported), views);
        assert!(lock(&store.audit).is_empty());
    }

    #[tokio::test]
    async fn an_audit_report_the_server_refuses_stays_on_the_device_and_sync_goes_on() {
        let store = store_enrolled_with("https://a.example");
        let view = ReportedEvent {
            id: 1,
            record: id(),
            action: waymark_core::audit::AuditAction::View,
            at: UnixMillis::new(1_795_000_000_000),
        };
        *lock(&store.audit) = vec![view.clone()];
        let mut confirmed = BTreeMap::new();
        confirmed.insert(id(), vec![[7; 32]]);
        let link = FakeLink {
            reports: VecDeque::from([Report {
                confirmed: confirmed.clone(),
                ..Report::default()
            }]),
            ..FakeLink::default()
        };
        let server = FakeServer {
            refuses_audit: true,
            ..FakeServer::default()
        };
        lock(&server.connects).push_back(Ok(link));
        let agent = agent(store.clone(), server);
        agent.round(&mut 0).await;
        assert_eq!(*lock(&store.audit), vec![view]);
        assert_eq!(*lock(&store.marked), vec![confirmed], "the records synced");
    }

    fn directory_of(workspace: &str) -> Directory {
        Directory {
            you: "A.B.".to_owned(),
            workspace: workspace.to_owned(),
            members: Vec::new(),
            records: Vec::new(),
            settings: Default::default(),
        }
    }

    fn one_session() -> FakeLink {
        FakeLink {
            reports: VecDeque::from([Report::default()]),
            ..FakeLink::default()
        }
    }

    #[tokio::test]
    async fn the_workspace_directory_is_kept_after_a_session() {
        let store = store_enrolled_with("https://a.example");
        let server = FakeServer {
            directory: Some(directory_of("Northfield detached team")),
            ..FakeServer::default()
        };
        lock(&server.connects).push_back(Ok(one_session()));
        let agent = agent(store.clone(), server);
        agent.round(&mut 0).await;
        assert_eq!(
            *lock(&store.directory),
            Some(directory_of("Northfield detached team"))
        );
    }

    #[tokio::test]
    async fn a_server_without_a_directory_leaves_the_last_one_and_sync_goes_on() {
        let store = store_enrolled_with("https://a.example");
        *lock(&store.directory) = Some(directory_of("Northfield detached team"));
        let server = FakeServer::default();
        lock(&server.connects).push_back(Ok(one_session()));
        let agent = agent(store.clone(), server);
        agent.round(&mut 0).await;
        assert_eq!(
            *lock(&store.directory),
            Some(directory_of("Northfield detached team"))
        );
        assert_eq!(lock(&store.marked).len(), 1, "the session was recorded");
    }

    #[tokio::test]
    async fn an_edit_made_during_the_attachments_goes_in_another_session() {
        let store = store_enrolled_with("https://a.example");
        *lock(&store.to_upload) = vec!["photo".to_owned()];
        let sessions = Arc::new(AtomicUsize::new(0));
        let link = FakeLink {
            reports: VecDeque::from([Report::default(), Report::default()]),
            sessions: sessions.clone(),
        };
        let server = FakeServer {
            edits_while_uploading: Some(store.clone()),
            ..FakeServer::default()
        };
        lock(&server.connects).push_back(Ok(link));
        let agent = agent(store.clone(), server);
        agent.round(&mut 0).await;
        // The edit left a record waiting, so the loop ran a second session at once; the third
        // found the connection gone.
        assert_eq!(sessions.load(Ordering::SeqCst), 3);
        assert_eq!(lock(&store.marked).len(), 2);
    }

    #[tokio::test]
    async fn a_new_enrolment_drops_the_old_connection_and_connects_with_the_new_one() {
        let store = store_enrolled_with("https://a.example");
        let server = FakeServer::default();
        lock(&server.connects).push_back(Ok(FakeLink {
            reports: VecDeque::from([Report::default()]),
            ..FakeLink::default()
        }));
        *lock(&server.switch_to) = Some((store.clone(), enrolled("https://b.example")));
        let agent = agent(store, server);
        agent.status.taps.store(1, Ordering::SeqCst);
        let mut failures = 0;
        agent.round(&mut failures).await;
        // Woken with another enrolment: no retry wait, no failure counted.
        assert_eq!(failures, 0);
        assert!(lock(&agent.clock.waits).is_empty());
        agent.round(&mut failures).await;
        assert_eq!(
            *lock(&agent.server.connected_to),
            vec![
                "https://a.example".to_owned(),
                "https://b.example".to_owned()
            ]
        );
    }
}
