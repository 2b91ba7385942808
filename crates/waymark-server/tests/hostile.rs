//! A hostile device against the real `waymark-server` binary on 127.0.0.1. Each case says what the
//! device sends and what must happen; none of it is anything the real app would send.

mod common;

use automerge::sync::SyncDoc;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};
use common::{binary, open_session, sent_whole, Fixture, RawSocket, Result};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use waymark_core::RecordId;
use waymark_e2e::admin;
use waymark_sync::{ErrorCode, Message};

fn new_id() -> RecordId {
    RecordId::new(uuid::Uuid::now_v7()).expect("v7")
}

/// A record as the app writes one: its id and kind at the root.
fn record(id: RecordId, kind: &str, name: &str) -> Result<AutoCommit> {
    let mut doc = AutoCommit::new();
    doc.put(ROOT, "schema", 1)?;
    doc.put(ROOT, "kind", kind)?;
    doc.put(ROOT, "id", id.to_string())?;
    doc.put(ROOT, "name", name)?;
    doc.commit();
    Ok(doc)
}

/// A sync message that carries every change of `doc` since `base` (a copy of what the server
/// holds), as Automerge's own protocol would send it.
fn message_with_changes(doc: &mut AutoCommit, base: &mut AutoCommit) -> Result<Vec<u8>> {
    use automerge::sync::State;
    let (mut ours, mut theirs) = (State::new(), State::new());
    for _ in 0..4 {
        let message = doc
            .sync()
            .generate_sync_message(&mut ours)
            .ok_or("no message")?;
        if !message.changes.is_empty() {
            return Ok(message.encode());
        }
        base.sync().receive_sync_message(&mut theirs, message)?;
        if let Some(answer) = base.sync().generate_sync_message(&mut theirs) {
            doc.sync().receive_sync_message(&mut ours, answer)?;
        }
    }
    Err("the changes never came".into())
}

/// A fresh server where a colleague has synced one record, and a raw socket of another device
/// of the same team with a session under way: the server has offered it that record.
async fn session_beside_a_colleague() -> Result<(
    Fixture,
    common::Device,
    common::Device,
    RawSocket,
    Vec<Message>,
)> {
    let fixture = Fixture::start()?;
    let device = fixture.device("worker.a", "device").await?;
    let colleague = fixture.device("worker.a", "colleague").await?;
    colleague.context("Canal towpath")?;
    colleague.sync(&fixture.address()).await?;
    let mut raw = RawSocket::open(&fixture.server.address, &device.token).await?;
    let offered = open_session(&mut raw).await?;
    Ok((fixture, device, colleague, raw, offered))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_device_revoked_in_a_session_it_never_ends_is_cut_off_by_the_server() -> Result {
    // Sends: a Summary and an Inventory, then nothing (it never says Idle). The administrator
    // revokes it. Must happen: the server closes the socket by itself, saying why, and a
    // document the device sends after that is stored nowhere.
    let (fixture, hostile, colleague, mut raw, offered) = session_beside_a_colleague().await?;
    assert_eq!(sent_whole(&offered).len(), 1, "{offered:?}");

    admin(
        binary(),
        &fixture.db,
        &["device", "revoke", &hostile.device],
    )?;
    let code = raw.close_code(None).await?;
    assert_eq!(code, Some(4001), "closed with the revocation's code");

    // Whatever it sends now goes nowhere.
    let sneaked = new_id();
    let _ = raw
        .send_only(&Message::Documents {
            documents: vec![(sneaked, record(sneaked, "context", "Sneaked in")?.save())],
        })
        .await;
    colleague.sync(&fixture.address()).await?;
    assert!(colleague.store.lock().get_context(sneaked).is_err());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn frames_after_a_session_ends_are_refused_until_a_summary_starts_another() -> Result {
    // Sends: a whole session to its end, then a Sync frame with a new document's changes and a
    // Documents frame. Must happen: each gets an out-of-order error, neither is stored, and a new
    // Summary starts a session as usual.
    let (fixture, _device, colleague, mut raw, offered) = session_beside_a_colleague().await?;
    raw.send_only(&Message::Stored {
        documents: sent_whole(&offered),
    })
    .await?;
    raw.send_only(&Message::Idle).await?;

    let sneaked = new_id();
    let mut doc = record(sneaked, "context", "Sneaked in")?;
    let changes = message_with_changes(&mut doc, &mut AutoCommit::new())?;
    let late = raw
        .send(tokio_tungstenite::tungstenite::Message::Binary(
            waymark_sync::encode(&Message::Sync {
                messages: vec![(sneaked, changes)],
            })?
            .into(),
        ))
        .await?;
    assert_eq!(late, common::refused(ErrorCode::OutOfOrder));
    let whole = raw
        .send_bytes(waymark_sync::encode(&Message::Documents {
            documents: vec![(sneaked, doc.save())],
        })?)
        .await?;
    assert_eq!(whole, common::refused(ErrorCode::OutOfOrder));
    colleague.sync(&fixture.address()).await?;
    assert!(colleague.store.lock().get_context(sneaked).is_err());

    let again = raw
        .send_bytes(waymark_sync::encode(&Message::Summary {
            digest: [0; 32],
            documents: 0,
        })?)
        .await?;
    assert!(matches!(again, Message::Summary { .. }), "{again:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_silent_connection_is_let_go_and_so_is_one_past_its_lifetime() -> Result {
    // Sends: nothing at all on one socket; only pings on another. Must happen: the first is
    // closed as idle, the second when its lifetime is up, each with its own code.
    let fixture =
        Fixture::start_configured("idle_timeout_seconds = 1\nmax_connection_seconds = 4\n")?;
    let device = fixture.device("worker.a", "device").await?;
    let mut silent = RawSocket::open(&fixture.server.address, &device.token).await?;
    assert_eq!(silent.close_code(None).await?, Some(4002));
    let mut pinging = RawSocket::open(&fixture.server.address, &device.token).await?;
    let ping = std::time::Duration::from_millis(200);
    assert_eq!(pinging.close_code(Some(ping)).await?, Some(4003));
    // The app's client hears the lifetime's end as "connect again", not as a failure.
    let mut connection =
        waymark_sync::client::Connection::open(&fixture.address(), &device.token).await?;
    let heard = tokio::time::timeout(common::PATIENCE, connection.changed()).await?;
    assert_eq!(
        heard.err(),
        Some(waymark_sync::client::ClientError::Reconnect)
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_document_that_inflates_to_64_mib_is_refused_with_the_servers_memory_bounded() -> Result {
    // Sends: one Documents frame with two documents, a real Automerge save of a record whose note
    // is 64 MiB of one letter (about 70 KB on the wire) and an ordinary record. Must happen: the
    // first is refused as too large before it is loaded, the second is stored, and the server's
    // peak memory rises by less than the document would take loaded.
    let fixture = Fixture::start()?;
    let device = fixture.device("worker.a", "device").await?;
    let colleague = fixture.device("worker.a", "colleague").await?;
    let (bomb, ordinary) = (new_id(), new_id());
    let mut inflating = record(bomb, "context", "Northfield Park")?;
    inflating.put(ROOT, "description", "a".repeat(64 * 1024 * 1024))?;
    inflating.commit();
    let saved = inflating.save();
    drop(inflating);
    assert!(saved.len() < 1024 * 1024, "{} bytes", saved.len());

    let mut raw = RawSocket::open(&fixture.server.address, &device.token).await?;
    open_session(&mut raw).await?;
    let before = waymark_e2e::process_memory(fixture.server.pid(), "VmHWM")?;
    raw.send_only(&Message::Documents {
        documents: vec![
            (bomb, saved),
            (ordinary, record(ordinary, "context", "Bus station")?.save()),
        ],
    })
    .await?;
    let replies = raw.until(|m| matches!(m, Message::Stored { .. })).await?;
    let after = waymark_e2e::process_memory(fixture.server.pid(), "VmHWM")?;
    assert!(
        replies.contains(&Message::Error {
            code: ErrorCode::TooLarge,
            document: Some(bomb)
        }),
        "{replies:?}"
    );
    assert!(
        replies.contains(&Message::Stored {
            documents: vec![ordinary]
        }),
        "{replies:?}"
    );
    let risen = after.saturating_sub(before);
    assert!(risen < 64 * 1024 * 1024, "peak rose by {risen} bytes");

    colleague.sync(&fixture.address()).await?;
    assert!(colleague.store.lock().get_context(ordinary).is_ok());
    assert!(colleague.store.lock().get_context(bomb).is_err());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_that_turns_a_record_into_another_is_refused() -> Result {
    // Sends: a change that makes a synced context a walkabout, by sync message and as a whole
    // save; then a new document filed under one id whose contents name another. Must happen:
    // each is refused as rejected, and the context stays a context on every device.
    let fixture = Fixture::start()?;
    let owner = fixture.device("worker.a", "owner").await?;
    let hostile = fixture.device("worker.a", "hostile").await?;
    let park = owner.context("Northfield Park")?;
    owner.sync(&fixture.address()).await?;
    let stored = owner.store.lock().document_bytes(park.id)?;

    let mut raw = RawSocket::open(&fixture.server.address, &hostile.token).await?;
    open_session(&mut raw).await?;
    let mut altered = AutoCommit::load(&stored)?;
    altered.put(ROOT, "kind", "walkabout")?;
    altered.commit();
    let changes = message_with_changes(&mut altered, &mut AutoCommit::load(&stored)?)?;
    raw.send_only(&Message::Sync {
        messages: vec![(park.id, changes)],
    })
    .await?;
    let rejected = Message::Error {
        code: ErrorCode::Rejected,
        document: Some(park.id),
    };
    let replies = raw.until(|m| *m == rejected).await?;
    assert!(replies.contains(&rejected));

    let (filed_as, named) = (new_id(), new_id());
    raw.send_only(&Message::Documents {
        documents: vec![(filed_as, record(named, "context", "Two names")?.save())],
    })
    .await?;
    let misnamed = Message::Error {
        code: ErrorCode::Rejected,
        document: Some(filed_as),
    };
    raw.until(|m| *m == misnamed).await?;

    owner.sync(&fixture.address()).await?;
    assert_eq!(
        owner.store.lock().get_context(park.id)?.name,
        "Northfield Park"
    );
    let viewer = fixture.device("worker.a", "viewer").await?;
    viewer.sync(&fixture.address()).await?;
    assert!(viewer.store.lock().get_context(park.id).is_ok());
    assert!(viewer.store.lock().get_context(filed_as).is_err());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn guessing_codes_or_tokens_from_one_address_is_slowed_to_the_limit() -> Result {
    // Sends: 200 wrong enrolment codes as fast as it can, then 200 upgrades with wrong tokens.
    // Must happen: after the configured number in a minute, each is answered 429 with a
    // Retry-After, and the code or token is not even looked up.
    let fixture = Fixture::start_configured(
        "enroll_attempts_per_minute = 10\nfailed_auth_per_minute = 20\n",
    )?;
    let http = common::http();
    let mut answered = 0;
    let mut slowed = 0;
    for n in 0..200 {
        let response = http
            .post(format!("{}/enroll", fixture.server.address))
            .json(&serde_json::json!({ "code": format!("WRONG-CODE-{n:04}") }))
            .send()
            .await?;
        match response.status().as_u16() {
            400 => answered += 1,
            429 => {
                let wait: u64 = response
                    .headers()
                    .get("retry-after")
                    .ok_or("no Retry-After")?
                    .to_str()?
                    .parse()?;
                assert!((1..=60).contains(&wait), "{wait}");
                let body: serde_json::Value = response.json().await?;
                assert_eq!(body["code"], "rate_limited");
                slowed += 1;
            }
            other => return Err(format!("unexpected status {other}").into()),
        }
    }
    assert!(answered <= 11, "{answered} codes were checked");
    assert_eq!(answered + slowed, 200);

    let mut refused = 0;
    let mut slowed = 0;
    for n in 0..200 {
        let mut request = format!("{}/sync", fixture.server.address.replace("http", "ws"))
            .into_client_request()?;
        request
            .headers_mut()
            .insert("authorization", format!("Bearer wrong-{n}").parse()?);
        match tokio_tungstenite::connect_async(request).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                match response.status().as_u16() {
                    401 => refused += 1,
                    429 => {
                        assert!(response.headers().contains_key("retry-after"));
                        slowed += 1;
                    }
                    other => return Err(format!("unexpected status {other}").into()),
                }
            }
            other => return Err(format!("unexpected answer {other:?}").into()),
        }
    }
    assert!(refused <= 21, "{refused} tokens were checked");
    assert!(slowed >= 179, "{slowed}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_device_over_its_document_quotas_is_told_and_the_connection_goes_on() -> Result {
    // Sends: one Documents frame naming 1,001 documents; then, in a session that takes three
    // documents at most, five new ones. Must happen: the first frame gets a quota error and
    // nothing of it is stored; three of the five are stored, two are refused by name; the same
    // connection then starts a new session as usual.
    let fixture = Fixture::start_configured("max_documents_per_session = 3\n")?;
    let device = fixture.device("worker.a", "device").await?;
    let mut raw = RawSocket::open(&fixture.server.address, &device.token).await?;
    open_session(&mut raw).await?;
    let mut flood = Vec::new();
    for n in 0..1_001 {
        let id = new_id();
        flood.push((id, record(id, "context", &format!("Place {n}"))?.save()));
    }
    let first = flood[0].0;
    let answer = raw
        .send_bytes(waymark_sync::encode(&Message::Documents {
            documents: flood,
        })?)
        .await?;
    assert_eq!(answer, common::refused(ErrorCode::QuotaExceeded));

    let five: Vec<RecordId> = (0..5).map(|_| new_id()).collect();
    let mut documents = Vec::new();
    for id in &five {
        documents.push((*id, record(*id, "context", "Allotments")?.save()));
    }
    raw.send_only(&Message::Documents { documents }).await?;
    let replies = raw.until(|m| matches!(m, Message::Stored { .. })).await?;
    assert!(
        replies.contains(&Message::Stored {
            documents: five[..3].to_vec()
        }),
        "{replies:?}"
    );
    for id in &five[3..] {
        assert!(replies.contains(&Message::Error {
            code: ErrorCode::QuotaExceeded,
            document: Some(*id)
        }));
    }
    let again = raw
        .send_bytes(waymark_sync::encode(&Message::Summary {
            digest: [0; 32],
            documents: 0,
        })?)
        .await?;
    assert!(matches!(again, Message::Summary { .. }), "{again:?}");

    let viewer = fixture.device("worker.a", "viewer").await?;
    viewer.sync(&fixture.address()).await?;
    assert_eq!(viewer.store.lock().list_contexts()?.len(), 3);
    assert!(viewer.store.lock().get_context(first).is_err());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn uploads_past_a_workspaces_quotas_get_413_and_abandoned_ones_expire() -> Result {
    // Sends: 3,000 bytes of a 4,000-byte upload; 3,000 of another (past the workspace's 5,000
    // bytes of unfinished uploads); a whole 1,500-byte file; the start of a 5,000-byte one (past
    // its 6,000 bytes of files). Must happen: 413 with a code and a sentence for each one over,
    // the others go on, and the upload left unfinished is thrown away after its expiry.
    let fixture = Fixture::start_configured(
        "max_partial_upload_bytes = 5000\nmax_workspace_blob_bytes = 6000\npartial_upload_expiry_seconds = 2\n",
    )?;
    let device = fixture.device("worker.a", "device").await?;
    let http = common::http();
    let put = |bytes: &[u8], offset: usize, part: std::ops::Range<usize>| {
        let name = waymark_sync::blob::name_of(bytes);
        http.put(format!("{}/blobs/{name}", fixture.server.address))
            .bearer_auth(&device.token)
            .query(&[("offset", offset), ("total", bytes.len())])
            .body(bytes[part].to_vec())
            .send()
    };
    let blob =
        |size: u32, seed: u32| -> Vec<u8> { (0..size).map(|n| ((n * seed) % 251) as u8).collect() };
    let refusal = |body: &serde_json::Value, what: &str| {
        assert_eq!(body["code"], "quota_exceeded", "{body}");
        assert!(
            body["message"].as_str().is_some_and(|m| m.contains(what)),
            "{body}"
        );
    };

    let (first, second) = (blob(4000, 3), blob(4000, 7));
    assert_eq!(put(&first, 0, 0..3000).await?.status(), 200);
    let over = put(&second, 0, 0..3000).await?;
    assert_eq!(over.status(), 413);
    refusal(&over.json().await?, "unfinished uploads");

    let whole = blob(1500, 11);
    assert_eq!(put(&whole, 0, 0..1500).await?.status(), 200);
    let big = blob(5000, 13);
    let over = put(&big, 0, 0..100).await?;
    assert_eq!(over.status(), 413);
    refusal(&over.json().await?, "photos and files");

    // The unfinished upload expires: asked where it stands, the server comes to say nowhere.
    let status_url = format!(
        "{}/blobs/{}/upload",
        fixture.server.address,
        waymark_sync::blob::name_of(&first)
    );
    waymark_e2e::eventually(
        "the unfinished upload expiring",
        common::PATIENCE,
        || async {
            // Every upload request throws away what has expired, whatever its own answer.
            let _ = put(&second, 0, 0..10).await?;
            let status: serde_json::Value = http
                .get(&status_url)
                .bearer_auth(&device.token)
                .send()
                .await?
                .json()
                .await?;
            Ok(waymark_e2e::until(status["received"] == 0, || {
                format!("the server still holds {status}")
            }))
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_that_never_finishes_its_headers_is_dropped_and_connections_are_capped() -> Result
{
    // Sends: the first line of a request and then nothing; then three sync connections where
    // the server takes two. Must happen: the half request's connection is closed by the server;
    // the third sync connection is refused with 503 and a code, and the first two still work.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let fixture =
        Fixture::start_configured("header_read_timeout_seconds = 1\nmax_connections = 2\n")?;
    let mut slow = tokio::net::TcpStream::connect(("127.0.0.1", fixture.server.port())).await?;
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await?;
    let mut answer = Vec::new();
    tokio::time::timeout(common::PATIENCE, slow.read_to_end(&mut answer)).await??;
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );

    let device = fixture.device("worker.a", "device").await?;
    let mut first = RawSocket::open(&fixture.server.address, &device.token).await?;
    let _second = RawSocket::open(&fixture.server.address, &device.token).await?;
    let (status, body) =
        common::upgrade_refusal(&fixture.server.address, Some(&device.token)).await?;
    assert_eq!(status, 503);
    assert!(body.contains("\"busy\""), "{body}");
    let summary = first
        .send_bytes(waymark_sync::encode(&Message::Summary {
            digest: [0; 32],
            documents: 0,
        })?)
        .await?;
    assert!(matches!(summary, Message::Summary { .. }), "{summary:?}");
    Ok(())
}
