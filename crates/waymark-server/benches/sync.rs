//! Sync's costs through the real server binary over a loopback socket, each against a baseline
//! measured in the same run:
//! - the device's peak memory while it pushes 10,000 new records, and while a new device pulls them
//!   for the first time (goal at most 250 MiB each), and the server's peak over both (goal at
//!   most 256 MiB);
//! - the bytes to push 1,000 new records, against the sum of their saved Automerge sizes;
//! - the time to push 1,000 records from one device and pull them on another, against the time
//!   it took to save them on the first device;
//! - a reconnect with nothing new with 10,000 documents on each side, against the bytes of the
//!   sync that brought them;
//! - in a workspace of 100,000 records, a reconnect with nothing new (goal at most 2 round trips
//!   and 4 KB) and a new device's first full pull, with the server's peak memory in each;
//! - the server's memory for each idle connected device with 200 connected, against its memory
//!   with none;
//! - the server's peak memory while it refuses a 1 MiB frame whose document inflates to 1 GiB,
//!   against that gibibyte;
//! - the time from `device revoke` to the revoked device's socket closing, against the goal.
//!
//! Figures are printed for people and as `bench: NAME VALUE UNIT` lines.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use waymark_e2e::{
    demo_workspace, enrolment_code, process_memory, reset_peak_memory, reset_peak_memory_of,
    SyncServer,
};
use waymark_store::{SharedStore, Store};
use waymark_sync::client::{self, Connection, ServerAddress};

use waymark_e2e::bench::{
    context_draft, report, report_goal, report_ratio, report_ratio_goal, Goal,
};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

const IDLE_DEVICES: usize = 200;
/// The records of the idle devices' workspace.
const IDLE_WORKSPACE_RECORDS: usize = 100;

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_waymark-server"))
}

/// Starts the server on `db`. The bench enrols more than 200 devices from this one address in
/// a minute, so the server's limit on enrolment attempts per address (ten a minute, against
/// guessing codes) is raised for it; nothing the figures measure depends on that limit.
fn start_server(db: &Path, dir: &Path) -> Result<SyncServer> {
    SyncServer::start_configured(
        binary(),
        db,
        &dir.join("server.toml"),
        "enroll_attempts_per_minute = 1000\n",
    )
}

struct Device {
    store: Arc<SharedStore>,
    token: String,
}

async fn device(dir: &Path, db: &Path, address: &ServerAddress, name: &str) -> Result<Device> {
    let code = enrolment_code(binary(), db, "bench.user")?;
    let token = client::enroll(address, &code).await?.token;
    let store = Store::open(&dir.join(name).join("waymark.db"))?;
    Ok(Device {
        store: Arc::new(SharedStore::new(store)),
        token,
    })
}

async fn sync(device: &Device, address: &ServerAddress) -> Result<client::Report> {
    let mut connection = Connection::open(address, &device.token).await?;
    Ok(connection.sync(device.store.as_ref(), |_, _| {}).await?)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("server.db");
    demo_workspace(binary(), &db, "Bench workspace", "bench.user")?;
    let server = start_server(&db, dir.path())?;
    let address = ServerAddress::parse(&server.address)?;
    // First, while this process holds nothing else.
    device_peaks(&server, &address, &db, dir.path()).await?;
    let pusher = device(dir.path(), &db, &address, "pusher").await?;
    let puller = device(dir.path(), &db, &address, "puller").await?;

    push_and_pull(&pusher, &puller, &address, dir.path()).await?;
    quiet_reconnect(&pusher, &address).await?;
    large_workspace(&server, &address, &db, dir.path()).await?;
    // A fresh server process, so memory freed by the syncs above does not hide the idle devices'.
    server.kill();
    let server = start_server(&db, dir.path())?;
    let address = ServerAddress::parse(&server.address)?;
    idle_devices(&server, &address, &db, dir.path()).await?;
    inflation(&server, &address, &db, dir.path()).await?;
    revocation(&server, &address, &db, dir.path()).await?;
    Ok(())
}

/// 1,000 new records pushed by one device and pulled by another: the bytes on the wire against
/// their saved size, and the time against the time it took to save them.
async fn push_and_pull(
    pusher: &Device,
    puller: &Device,
    address: &ServerAddress,
    dir: &Path,
) -> Result {
    let mut ids = Vec::new();
    for i in 0..1_000 {
        ids.push(pusher.store.lock().create_context(context_draft(i))?.id);
    }
    let documents: Vec<(String, Vec<u8>)> = ids
        .iter()
        .map(|id| Ok((id.to_string(), pusher.store.lock().document_bytes(*id)?)))
        .collect::<Result<_>>()?;
    let saved: usize = documents.iter().map(|(_, bytes)| bytes.len()).sum();
    let save_time = save_in_one_transaction(&dir.join("baseline.db"), &documents)?;

    let started = Instant::now();
    let push = sync(pusher, address).await?;
    let pull = sync(puller, address).await?;
    let push_pull = started.elapsed();
    assert_eq!(puller.store.lock().list_contexts()?.len(), 1_000);
    report("push_1000_saved_bytes", saved as f64, "bytes");
    report_ratio_goal(
        "push_bytes_ratio",
        (push.bytes_sent + push.bytes_received) as f64 / saved as f64,
        "bytes on the wire, both ways, to push 1,000 new records over their saved Automerge bytes",
        Goal::AtMost(1.3),
    );
    report_ratio(
        "push_sent_ratio",
        push.bytes_sent as f64 / saved as f64,
        "of which the device sent",
    );
    report("push_pull_1000_ms", push_pull.as_secs_f64() * 1e3, "ms");
    report_ratio(
        "push_pull_vs_saving",
        push_pull.as_secs_f64() / save_time.as_secs_f64(),
        "push to the server and pull on a second device, over saving the same 1,000 documents in one transaction with plain SQL",
    );
    report(
        "pull_1000_bytes_received",
        pull.bytes_received as f64,
        "bytes",
    );
    Ok(())
}

/// A new device of `user` whose store at `path` holds `records` new places (none, for a device
/// that only pulls), written and closed before it is opened afresh, as an app started after a
/// day's work would open it.
async fn seeded_device(
    address: &ServerAddress,
    db: &Path,
    user: &str,
    path: &Path,
    records: usize,
) -> Result<Device> {
    {
        let mut store = Store::open(path)?;
        for i in 0..records {
            store.create_context(context_draft(i))?;
        }
    }
    Ok(Device {
        token: client::enroll(address, &enrolment_code(binary(), db, user)?)
            .await?
            .token,
        store: Arc::new(SharedStore::new(Store::open(path)?)),
    })
}

const PEAK_RECORDS: usize = 10_000;
const MIB: f64 = 1024.0 * 1024.0;

/// The device's peak resident memory (this process's) while it pushes 10,000 new records from a
/// store opened afresh, and while a new device pulls them all for the first time, in a workspace
/// of their own; and the server's peak over both, from its start.
async fn device_peaks(
    server: &SyncServer,
    address: &ServerAddress,
    db: &Path,
    dir: &Path,
) -> Result {
    demo_workspace(binary(), db, "Peak workspace", "peak.user")?;
    let pusher = seeded_device(
        address,
        db,
        "peak.user",
        &dir.join("peak-pusher").join("waymark.db"),
        PEAK_RECORDS,
    )
    .await?;
    let before = process_memory(std::process::id(), "VmRSS")?;
    reset_peak_memory()?;
    sync(&pusher, address).await?;
    let push_peak = process_memory(std::process::id(), "VmHWM")?;
    drop(pusher);

    let puller = seeded_device(
        address,
        db,
        "peak.user",
        &dir.join("peak-puller").join("waymark.db"),
        0,
    )
    .await?;
    reset_peak_memory()?;
    sync(&puller, address).await?;
    let pull_peak = process_memory(std::process::id(), "VmHWM")?;
    let pulled = puller.store.lock().list_contexts()?.len();
    if pulled != PEAK_RECORDS {
        return Err(format!("the new device pulled {pulled} records of {PEAK_RECORDS}").into());
    }
    // The server has served nothing else since it started, so its peak is these two syncs'.
    let server_peak = process_memory(server.pid(), "VmHWM")?;
    report("device_before_push_mib", before as f64 / MIB, "MiB");
    report_goal(
        "server_peak_rss_10k_mib",
        server_peak as f64 / MIB,
        "MiB",
        Goal::AtMost(256.0),
    );
    report_goal(
        "push_10k_peak_mib",
        push_peak as f64 / MIB,
        "MiB",
        Goal::AtMost(250.0),
    );
    report_goal(
        "first_pull_10k_peak_mib",
        pull_peak as f64 / MIB,
        "MiB",
        Goal::AtMost(250.0),
    );
    Ok(())
}

/// The baseline for a push and a pull: the same documents written to a fresh SQLite file on disk
/// in one transaction, as a frame's records are.
fn save_in_one_transaction(path: &Path, documents: &[(String, Vec<u8>)]) -> Result<Duration> {
    let mut conn = rusqlite::Connection::open(path)?;
    conn.execute_batch("CREATE TABLE documents (id TEXT PRIMARY KEY, bytes BLOB NOT NULL)")?;
    let started = Instant::now();
    let transaction = conn.transaction()?;
    {
        let mut insert =
            transaction.prepare("INSERT INTO documents (id, bytes) VALUES (?1, ?2)")?;
        for (id, bytes) in documents {
            insert.execute(rusqlite::params![id, bytes])?;
        }
    }
    transaction.commit()?;
    Ok(started.elapsed())
}

/// 10,000 documents on each side, then a reconnect with nothing new, against the sync that
/// brought them.
async fn quiet_reconnect(pusher: &Device, address: &ServerAddress) -> Result {
    for i in 1_000..10_000 {
        pusher.store.lock().create_context(context_draft(i))?;
    }
    let catch_up = sync(pusher, address).await?;
    let quiet = sync(pusher, address).await?;
    let quiet_bytes = quiet.bytes_sent + quiet.bytes_received;
    report_goal(
        "noop_reconnect_bytes",
        quiet_bytes as f64,
        "bytes",
        Goal::AtMost(4096.0),
    );
    report_goal(
        "noop_reconnect_round_trips",
        quiet.round_trips as f64,
        "round trips",
        Goal::AtMost(2.0),
    );
    report_ratio(
        "noop_reconnect_vs_catch_up",
        quiet_bytes as f64 / (catch_up.bytes_sent + catch_up.bytes_received) as f64,
        "a quiet reconnect over the sync that brought 9,000 records",
    );
    Ok(())
}

const LARGE_RECORDS: usize = 100_000;

/// Syncs in sessions until one ends with nothing refused for a quota and nothing new received:
/// a session takes at most `max_documents_per_session` records, and the rest wait for the next.
async fn sync_until_settled(device: &Device, address: &ServerAddress) -> Result<usize> {
    for session in 1..=20 {
        let report = sync(device, address).await?;
        let quota = report
            .refused
            .contains(&waymark_sync::ErrorCode::QuotaExceeded);
        if !quota && report.received.is_empty() {
            return Ok(session);
        }
    }
    Err("twenty sessions did not settle".into())
}

/// A workspace of 100,000 records: a reconnect with nothing new, and a new device's first full
/// pull, with the server's peak memory while they are pushed and while they are pulled, each
/// from the high-water mark reset just before.
async fn large_workspace(
    server: &SyncServer,
    address: &ServerAddress,
    db: &Path,
    dir: &Path,
) -> Result {
    demo_workspace(binary(), db, "Large workspace", "large.user")?;
    let writer = seeded_device(
        address,
        db,
        "large.user",
        &dir.join("large-writer").join("waymark.db"),
        LARGE_RECORDS,
    )
    .await?;
    reset_peak_memory_of(server.pid())?;
    let pushed_in = sync_until_settled(&writer, address).await?;
    let push_peak = process_memory(server.pid(), "VmHWM")?;
    let quiet = sync(&writer, address).await?;
    let reader = seeded_device(
        address,
        db,
        "large.user",
        &dir.join("large-reader").join("waymark.db"),
        0,
    )
    .await?;
    reset_peak_memory_of(server.pid())?;
    let pulled_in = sync_until_settled(&reader, address).await?;
    let pull_peak = process_memory(server.pid(), "VmHWM")?;
    let pulled = reader.store.lock().list_contexts()?.len();
    if pulled != LARGE_RECORDS {
        return Err(format!("the new device pulled {pulled} records of {LARGE_RECORDS}").into());
    }
    report("large_100k_push_sessions", pushed_in as f64, "sessions");
    report(
        "large_100k_first_pull_sessions",
        pulled_in as f64,
        "sessions",
    );
    report_goal(
        "large_100k_noop_reconnect_bytes",
        (quiet.bytes_sent + quiet.bytes_received) as f64,
        "bytes",
        Goal::AtMost(4096.0),
    );
    report_goal(
        "large_100k_noop_reconnect_round_trips",
        quiet.round_trips as f64,
        "round trips",
        Goal::AtMost(2.0),
    );
    report(
        "large_100k_push_server_peak_mib",
        push_peak as f64 / MIB,
        "MiB",
    );
    report(
        "large_100k_first_pull_server_peak_mib",
        pull_peak as f64 / MIB,
        "MiB",
    );
    Ok(())
}

/// Idle connected devices of a second team, each with its own token, in a workspace with
/// records: each has run a session, holding what the team wrote, and waits on its socket. The
/// server's memory with them against its memory with none.
async fn idle_devices(
    server: &SyncServer,
    address: &ServerAddress,
    db: &Path,
    dir: &Path,
) -> Result {
    demo_workspace(binary(), db, "Idle workspace", "idle.user")?;
    let writer_code = enrolment_code(binary(), db, "idle.user")?;
    let writer = Device {
        token: client::enroll(address, &writer_code).await?.token,
        store: Arc::new(SharedStore::new(Store::open(
            &dir.join("idle-writer").join("waymark.db"),
        )?)),
    };
    for i in 0..IDLE_WORKSPACE_RECORDS {
        writer.store.lock().create_context(context_draft(i))?;
    }
    sync(&writer, address).await?;
    let mut tokens = Vec::new();
    for _ in 0..IDLE_DEVICES {
        let code = enrolment_code(binary(), db, "idle.user")?;
        tokens.push(client::enroll(address, &code).await?.token);
    }
    // The devices share one store, which holds the team's records after the first session.
    let idle_store = SharedStore::new(Store::open(&dir.join("idle").join("waymark.db"))?);
    let before = process_memory(server.pid(), "VmRSS")?;
    let mut connections = Vec::new();
    for token in &tokens {
        let mut connection = Connection::open(address, token).await?;
        connection.sync(&idle_store, |_, _| {}).await?;
        connections.push(connection);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = process_memory(server.pid(), "VmRSS")?;
    if idle_store.lock().list_contexts()?.len() != IDLE_WORKSPACE_RECORDS {
        return Err("the idle devices did not hold the team's records".into());
    }
    let per_device = after.saturating_sub(before) as f64 / IDLE_DEVICES as f64;
    report("server_bytes_per_idle_device", per_device, "bytes");
    report_ratio(
        "server_idle_devices_vs_baseline",
        after as f64 / before as f64,
        "server memory with 200 idle devices, each with its own token, over its memory with none",
    );
    Ok(())
}

/// A document chunk whose one deflated column inflates to `inflated` bytes of one letter: the
/// shape of the attack, in about a thousandth of the size.
fn inflating_document(inflated: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut deflater = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    let mut letters = std::io::repeat(b'a').take(inflated);
    std::io::copy(&mut letters, &mut deflater)?;
    let column = deflater.finish()?;
    let mut body = vec![0, 0, 0, 1];
    // One value column (id 1, type 7) marked deflated (bit 3).
    leb(&mut body, (1 << 4) | 8 | 7);
    leb(&mut body, column.len() as u64);
    body.extend(column);
    let mut chunk = vec![0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 0];
    leb(&mut chunk, body.len() as u64);
    chunk.extend(body);
    Ok(chunk)
}

fn leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A device sends one frame of about 1 MiB whose document inflates to 1 GiB; the server must
/// refuse it with its peak memory barely moved.
async fn inflation(server: &SyncServer, address: &ServerAddress, db: &Path, dir: &Path) -> Result {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::Message as WsMessage;
    use waymark_sync::{decode, encode, ErrorCode, Message};

    const INFLATED: u64 = 1024 * 1024 * 1024;
    // A workspace of its own, so the session has nothing else to do and the peak is the bomb's.
    demo_workspace(binary(), db, "Inflation workspace", "inflation.user")?;
    let code = enrolment_code(binary(), db, "inflation.user")?;
    let device = Device {
        token: client::enroll(address, &code).await?.token,
        store: Arc::new(SharedStore::new(Store::open(
            &dir.join("inflating").join("waymark.db"),
        )?)),
    };
    let bomb = inflating_document(INFLATED)?;
    let id = waymark_core::RecordId::new(uuid::Uuid::now_v7()).map_err(|_| "id")?;
    let mut request =
        format!("{}/sync", server.address.replace("http", "ws")).into_client_request()?;
    request
        .headers_mut()
        .insert("authorization", format!("Bearer {}", device.token).parse()?);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
    let frame_of =
        |message: Message| -> Result<WsMessage> { Ok(WsMessage::Binary(encode(&message)?.into())) };
    socket
        .send(frame_of(Message::Summary {
            digest: [0; 32],
            documents: 0,
        })?)
        .await?;
    socket
        .send(frame_of(Message::Inventory { documents: vec![] })?)
        .await?;
    let frame = frame_of(Message::Documents {
        documents: vec![(id, bomb)],
    })?;
    let frame_bytes = match &frame {
        WsMessage::Binary(bytes) => bytes.len(),
        _ => 0,
    };
    let mut refused = false;
    let before = process_memory(server.pid(), "VmHWM")?;
    socket.send(frame).await?;
    while let Some(Ok(reply)) = socket.next().await {
        if let WsMessage::Binary(reply) = reply {
            if let Ok(Message::Error { code, document }) = decode(&reply) {
                refused = code == ErrorCode::TooLarge && document == Some(id);
                if refused || document == Some(id) {
                    break;
                }
            }
        }
    }
    let after = process_memory(server.pid(), "VmHWM")?;
    if !refused {
        return Err("the inflating document was not refused as too large".into());
    }
    let risen = after.saturating_sub(before) as f64;
    report(
        "inflation_frame_bytes",
        frame_bytes as f64,
        "bytes in the frame that inflates to 1 GiB",
    );
    // MiB the server's peak memory rose while refusing it.
    report_goal(
        "inflation_peak_mib",
        risen / (1024.0 * 1024.0),
        "MiB",
        Goal::AtMost(64.0),
    );
    report_ratio(
        "inflation_peak_vs_inflated",
        risen / INFLATED as f64,
        "that rise over the 1 GiB the document would take loaded",
    );
    Ok(())
}

/// A connected device is revoked with the admin CLI; the time until its socket is closed.
async fn revocation(
    _server: &SyncServer,
    address: &ServerAddress,
    db: &Path,
    dir: &Path,
) -> Result {
    let code = enrolment_code(binary(), db, "bench.user")?;
    let enrolment = client::enroll(address, &code).await?;
    let store = SharedStore::new(Store::open(&dir.join("revoked").join("waymark.db"))?);
    let mut connection = Connection::open(address, &enrolment.token).await?;
    connection.sync(&store, |_, _| {}).await?;
    let waiting = tokio::spawn(async move {
        let closed = connection.changed().await;
        (Instant::now(), closed)
    });
    let started = Instant::now();
    waymark_e2e::admin(
        binary(),
        db,
        &["device", "revoke", &enrolment.device.to_string()],
    )?;
    let (closed_at, closed) = waiting.await?;
    if closed != Err(client::ClientError::DeviceRevoked) {
        return Err(format!("the revoked device heard {closed:?}").into());
    }
    // From `device revoke` to the device's socket closing.
    report_goal(
        "revoked_cutoff_ms",
        closed_at.duration_since(started).as_secs_f64() * 1e3,
        "ms",
        Goal::AtMost(5000.0),
    );
    Ok(())
}
