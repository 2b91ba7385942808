//! 500 devices at once against two real server processes sharing one database, over loopback:
//! first a SQLite file, then a PostgreSQL database in a throwaway cluster of the bench's own
//! (with PostgreSQL's flushes to disk on, as SQLite's are). Each device connects to one of the
//! two, pushes 10 new records and an edit to each of the 10 records the whole team shares, in one
//! session; then every device pulls until it has nothing new. Every change must then be on every
//! device.
//!
//! The devices are simulated: each holds its records as Automerge documents in memory and runs
//! the real sync session over a real WebSocket (the app's store would need 500 SQLite files).
//!
//! Printed as `bench: NAME VALUE UNIT` lines, for PostgreSQL, and with `_sqlite` for SQLite:
//! - `load_500_p99_ms`: the 99th percentile of a device's whole push session, from connecting
//!   to the session's end, with all 500 started at once (goal at most 250 on PostgreSQL);
//! - `load_500_lost`: changes missing from some device at the end (goal 0);
//! - `server_rss_per_device_kib`: how far the two servers' peak memory rose during the push, per
//!   device;
//! - `load_faults_lost`: the same run in a fresh workspace with 10% of the connections dropped
//!   mid-session, 5% of the devices slowed to one frame a second, and one of the two server
//!   processes killed a second into the run, its devices going to the other (goal 0).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ChangeHash, ReadDoc, ROOT};
use waymark_core::RecordId;
use waymark_e2e::bench::{report, report_goal, Goal};
use waymark_e2e::{demo_workspace, process_memory, reset_peak_memory_of, SyncServer};
use waymark_sync::client::{self, Connection, ServerAddress};
use waymark_sync::{LocalReplica, Message, Replica, ReplicaError, Session};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

const DEVICES: usize = 500;
const NEW_RECORDS: usize = 10;
const SHARED_RECORDS: usize = 10;

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_waymark-server"))
}

/// A device's records in memory: saved, with their heads, and those a session has open.
#[derive(Default)]
struct Records {
    saved: BTreeMap<RecordId, (Vec<ChangeHash>, Vec<u8>)>,
    open: BTreeMap<RecordId, AutoCommit>,
}

impl Records {
    fn close(&mut self, id: RecordId) {
        if let Some(mut doc) = self.open.remove(&id) {
            let heads = doc.get_heads();
            if !heads.is_empty() {
                self.saved.insert(id, (heads, doc.save()));
            }
        }
    }

    fn close_all(&mut self) {
        let ids: Vec<RecordId> = self.open.keys().copied().collect();
        for id in ids {
            self.close(id);
        }
    }

    fn load(&self, id: RecordId) -> Result<AutoCommit> {
        let (_, bytes) = self.saved.get(&id).ok_or("not held")?;
        Ok(AutoCommit::load(bytes)?)
    }
}

impl Replica for Records {
    fn heads(&mut self) -> BTreeMap<RecordId, Vec<ChangeHash>> {
        let mut heads: BTreeMap<RecordId, Vec<ChangeHash>> = self
            .saved
            .iter()
            .map(|(id, (heads, _))| (*id, heads.clone()))
            .collect();
        for (id, doc) in &mut self.open {
            let open = doc.get_heads();
            if !open.is_empty() {
                heads.insert(*id, open);
            }
        }
        heads
    }

    fn document(&mut self, id: RecordId) -> &mut AutoCommit {
        if !self.open.contains_key(&id) {
            let doc = self
                .saved
                .get(&id)
                .and_then(|(_, bytes)| AutoCommit::load(bytes).ok())
                .unwrap_or_default();
            self.open.insert(id, doc);
        }
        self.open.entry(id).or_default()
    }

    fn changed(&mut self, _id: RecordId) -> std::result::Result<(), ReplicaError> {
        Ok(())
    }

    fn allows(&self, _id: RecordId) -> bool {
        true
    }

    fn release(&mut self, id: RecordId) {
        self.close(id);
    }
}

/// One simulated device: its token and records, and the two servers, of which it uses one
/// until that one cannot be reached, then the other, as behind a load balancer.
struct Device {
    index: usize,
    token: String,
    servers: [ServerAddress; 2],
    using: std::sync::atomic::AtomicUsize,
    records: Mutex<Records>,
}

impl LocalReplica for Device {
    fn step(&self, session: &mut Session, incoming: Option<Message>) -> Vec<Message> {
        let mut records = self.records.lock().unwrap_or_else(|p| p.into_inner());
        let replies = match incoming {
            None => session.start(&mut *records),
            Some(message) => session.receive(&mut *records, message),
        };
        if session.is_done() {
            records.close_all();
        }
        replies
    }
}

impl Device {
    /// A new place of this device's, and its edit to each shared record: its own key in the
    /// record's `visits` map, so no two devices write the same field.
    fn work(&self, shared: &[RecordId]) -> Result<Vec<RecordId>> {
        let mut records = self.records.lock().unwrap_or_else(|p| p.into_inner());
        let mut made = Vec::new();
        for n in 0..NEW_RECORDS {
            let id = RecordId::new(uuid::Uuid::now_v7())?;
            let mut doc = place(id, &format!("Place {n} of device {}", self.index))?;
            records.saved.insert(id, (doc.get_heads(), doc.save()));
            made.push(id);
        }
        for id in shared {
            let mut doc = records.load(*id)?;
            let visits = match doc.get(ROOT, "visits")? {
                Some((_, visits)) => visits,
                None => return Err("a shared record without visits".into()),
            };
            doc.put(
                &visits,
                format!("device-{}", self.index),
                "Walked past at dusk",
            )?;
            doc.commit();
            records.saved.insert(*id, (doc.get_heads(), doc.save()));
        }
        Ok(made)
    }

    /// Runs one session, reconnecting after anything but a clean end, until one completes;
    /// `drop_first` cuts the first attempt short mid-session, `slow` takes a second a frame.
    async fn sync(&self, drop_first: bool, slow: bool) -> Result<client::Report> {
        let mut dropped = !drop_first;
        use std::sync::atomic::Ordering;
        for attempt in 0..200 {
            let using = self.using.load(Ordering::Relaxed);
            let opened = Connection::open(&self.servers[using], &self.token).await;
            let mut connection = match opened {
                Ok(connection) => connection,
                Err(client::ClientError::Unreachable) => {
                    // That server is gone: the other takes its devices.
                    self.using.store(1 - using, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(20 + 10 * attempt)).await;
                    continue;
                }
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20 + 10 * attempt)).await;
                    continue;
                }
            };
            let session = connection.sync(self, |_, _| {
                if slow {
                    tokio::task::block_in_place(|| std::thread::sleep(Duration::from_secs(1)));
                }
            });
            if !dropped {
                dropped = true;
                // Cut off after the first frames, as a phone that loses its signal.
                let cut = Duration::from_millis(2 + (self.index as u64 % 20));
                let _ = tokio::time::timeout(cut, session).await;
                self.records
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .close_all();
                continue;
            }
            match session.await {
                Ok(report) => return Ok(report),
                Err(_) => {
                    // Whatever broke the session, the other server may serve: both hold all.
                    self.using.store(1 - using, Ordering::Relaxed);
                    self.records
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .close_all();
                    tokio::time::sleep(Duration::from_millis(20 + 10 * attempt)).await;
                }
            }
        }
        Err(format!("device {} never completed a session", self.index).into())
    }

    /// Sessions until one brings nothing new.
    async fn pull(&self) -> Result {
        for _ in 0..10 {
            if self.sync(false, false).await?.received.is_empty() {
                return Ok(());
            }
        }
        Err(format!("device {} kept receiving", self.index).into())
    }
}

fn place(id: RecordId, name: &str) -> Result<AutoCommit> {
    let mut doc = AutoCommit::new();
    doc.put(ROOT, "kind", "context")?;
    doc.put(ROOT, "id", id.to_string())?;
    doc.put(ROOT, "name", name)?;
    doc.put_object(ROOT, "visits", automerge::ObjType::Map)?;
    doc.commit();
    Ok(doc)
}

fn start_server(db: &Path, dir: &Path, name: &str) -> Result<SyncServer> {
    SyncServer::start_configured(
        binary(),
        db,
        &dir.join(format!("{name}.toml")),
        "enroll_attempts_per_minute = 100000\n",
    )
}

/// Enrols `DEVICES` devices of `user`, half of them using each server.
async fn enrol(db: &Path, user: &str, servers: &[ServerAddress; 2]) -> Result<Vec<Arc<Device>>> {
    let mut devices = Vec::new();
    for index in 0..DEVICES {
        let using = index % 2;
        let code = waymark_e2e::enrolment_code(binary(), db, user)?;
        let token = client::enroll(&servers[using], &code).await?.token;
        devices.push(Arc::new(Device {
            index,
            token,
            servers: servers.clone(),
            using: using.into(),
            records: Mutex::new(Records::default()),
        }));
    }
    Ok(devices)
}

/// Runs `work` on every device at once, and answers each one's time.
async fn all_at_once<F, Fut>(devices: &[Arc<Device>], work: F) -> Result<Vec<Duration>>
where
    F: Fn(Arc<Device>) -> Fut,
    Fut: std::future::Future<Output = Result> + Send + 'static,
{
    let start = Arc::new(tokio::sync::Barrier::new(devices.len()));
    let mut tasks = Vec::new();
    for device in devices {
        let (start, job) = (start.clone(), work(device.clone()));
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let began = Instant::now();
            job.await?;
            Result::Ok(began.elapsed())
        }));
    }
    let mut times = Vec::new();
    for task in tasks {
        times.push(task.await??);
    }
    Ok(times)
}

/// One run in a workspace of its own: answers the p99 of the push sessions in ms, the changes
/// lost, and how far the servers' peak memory rose, per device, in KiB.
async fn run(
    db: &Path,
    servers: &[SyncServer; 2],
    workspace: &str,
    user: &str,
    faults: bool,
) -> Result<(f64, usize, f64)> {
    demo_workspace(binary(), db, workspace, user)?;
    let addresses = [
        ServerAddress::parse(&servers[0].address)?,
        ServerAddress::parse(&servers[1].address)?,
    ];
    let devices = enrol(db, user, &addresses).await?;

    // The records the whole team shares, from one device, which every device then holds.
    let mut shared = Vec::new();
    {
        let mut records = devices[0].records.lock().unwrap_or_else(|p| p.into_inner());
        for n in 0..SHARED_RECORDS {
            let id = RecordId::new(uuid::Uuid::now_v7())?;
            let mut doc = place(id, &format!("Shared place {n}"))?;
            records.saved.insert(id, (doc.get_heads(), doc.save()));
            shared.push(id);
        }
    }
    devices[0].sync(false, false).await?;
    for chunk in devices.chunks(50) {
        all_at_once(chunk, |device| async move { device.pull().await }).await?;
    }

    let mut made = Vec::new();
    for device in &devices {
        made.extend(device.work(&shared)?);
    }
    let before: u64 = servers
        .iter()
        .map(|server| process_memory(server.pid(), "VmRSS"))
        .sum::<std::result::Result<_, _>>()?;
    for server in servers {
        reset_peak_memory_of(server.pid())?;
    }
    // With faults, the second server is killed, as a crash would, a second into the run: its
    // devices go to the first.
    let killer = faults.then(|| {
        let pid = servers[1].pid();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        })
    });
    let mut times = all_at_once(&devices, |device| async move {
        let drop_first = faults && device.index % 10 == 3;
        let slow = faults && device.index % 20 == 7;
        device.sync(drop_first, slow).await.map(|_| ())
    })
    .await?;
    if let Some(killer) = killer {
        killer.await?;
    }
    // Read only where both servers still run.
    let peak: u64 = if faults {
        before
    } else {
        servers
            .iter()
            .map(|server| process_memory(server.pid(), "VmHWM"))
            .sum::<std::result::Result<_, _>>()?
    };
    times.sort();
    let p99 = times[(times.len() * 99).div_ceil(100) - 1];

    for chunk in devices.chunks(50) {
        all_at_once(chunk, |device| async move { device.pull().await }).await?;
    }
    let mut lost = 0;
    for device in &devices {
        let records = device.records.lock().unwrap_or_else(|p| p.into_inner());
        lost += made
            .iter()
            .filter(|id| !records.saved.contains_key(id))
            .count();
        for id in &shared {
            let doc = records.load(*id)?;
            let visits = match doc.get(ROOT, "visits")? {
                Some((_, visits)) => doc.keys(&visits).count(),
                None => 0,
            };
            lost += DEVICES - visits;
        }
    }
    let per_device_kib = peak.saturating_sub(before) as f64 / DEVICES as f64 / 1024.0;
    Ok((p99.as_secs_f64() * 1e3, lost, per_device_kib))
}

/// The whole run on the database `db` names (a SQLite path, or one the test cluster stands in
/// for), its figures named with `suffix`. The p99's goal is PostgreSQL's only.
async fn on_backend(dir: &Path, db: &Path, suffix: &str, p99_goal: Option<Goal>) -> Result {
    // The database exists, at its schema, before the two processes open it together.
    waymark_e2e::admin(binary(), db, &["migrate"])?;
    let servers = [
        start_server(db, dir, &format!("first{suffix}"))?,
        start_server(db, dir, &format!("second{suffix}"))?,
    ];

    let (p99, lost, per_device) = run(db, &servers, "Load workspace", "load.user", false).await?;
    match p99_goal {
        Some(goal) => report_goal(&format!("load_500_p99_ms{suffix}"), p99, "ms", goal),
        None => report(&format!("load_500_p99_ms{suffix}"), p99, "ms"),
    }
    report_goal(
        &format!("load_500_lost{suffix}"),
        lost as f64,
        "changes",
        Goal::AtMost(0.0),
    );
    report(
        &format!("server_rss_per_device_kib{suffix}"),
        per_device,
        "KiB",
    );

    let (_, lost, _) = run(db, &servers, "Faults workspace", "faults.user", true).await?;
    report_goal(
        &format!("load_faults_lost{suffix}"),
        lost as f64,
        "changes",
        Goal::AtMost(0.0),
    );
    Ok(())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result {
    let dir = tempfile::tempdir()?;
    on_backend(dir.path(), &dir.path().join("server.db"), "_sqlite", None).await?;

    let cluster = waymark_e2e::postgres::Cluster::start(&dir.path().join("postgres"), true)?;
    // From here the harness gives every database path a database in this cluster.
    std::env::set_var(waymark_e2e::postgres::TEST_CLUSTER, cluster.url("postgres"));
    on_backend(
        dir.path(),
        &dir.path().join("council.db"),
        "",
        Some(Goal::AtMost(250.0)),
    )
    .await
}
