//! The real `waymark-server` binary on 127.0.0.1, with real device stores syncing through the real
//! client over a real socket.

use automerge::sync::SyncDoc;
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use waymark_e2e::{
    admin, admin_answering, enrolment_code, enrolment_code_with, order_wipe, SyncServer,
};
use waymark_sync::client::{self, Blobs, ClientError, Connection};
use waymark_sync::{decode, encode, ErrorCode, Message, PROTOCOL_VERSION};

mod common;

use common::{binary, refused, upgrade_refusal, Fixture, RawSocket, Result};

#[tokio::test(flavor = "multi_thread")]
async fn only_an_enrolled_unrevoked_device_gets_past_the_upgrade() -> Result {
    let fixture = Fixture::start()?;
    let address = fixture.server.address.clone();

    let health = common::http()
        .get(format!("{address}/healthz"))
        .send()
        .await?;
    assert_eq!(health.status(), 200);

    let (status, body) = upgrade_refusal(&address, None).await?;
    assert_eq!(status, 401);
    assert!(body.contains("\"unauthorized\""), "{body}");
    let (status, _) = upgrade_refusal(&address, Some("0123456789abcdef")).await?;
    assert_eq!(status, 401);

    let device = fixture.device("worker.a", "phone").await?;
    device.sync(&fixture.address()).await?;
    let mut connected = Connection::open(&fixture.address(), &device.token).await?;
    connected.sync(device.store.as_ref(), |_, _| {}).await?;

    admin(binary(), &fixture.db, &["device", "revoke", &device.device])?;
    // A connection open at the time is closed by the server itself, with the reason.
    let cut_off =
        tokio::time::timeout(std::time::Duration::from_secs(30), connected.changed()).await?;
    assert_eq!(cut_off.err(), Some(ClientError::DeviceRevoked));
    let (status, body) = upgrade_refusal(&address, Some(&device.token)).await?;
    assert_eq!(status, 401);
    assert!(body.contains("\"device_revoked\""), "{body}");
    let refused = Connection::open(&fixture.address(), &device.token).await;
    assert_eq!(refused.err(), Some(ClientError::DeviceRevoked));
    let listed = admin(binary(), &fixture.db, &["device", "list"])?;
    assert!(
        listed.contains(&format!(
            "{}  worker.a  Workspace A  revoked",
            device.device
        )),
        "{listed}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_device_ordered_erased_is_cut_off_and_told_who_ordered_it() -> Result {
    let fixture = Fixture::start()?;
    let device = fixture.device("worker.a", "phone").await?;
    device.sync(&fixture.address()).await?;
    let mut connected = Connection::open(&fixture.address(), &device.token).await?;
    connected.sync(device.store.as_ref(), |_, _| {}).await?;

    // The word must be typed: anything else orders nothing, and the device syncs on.
    let args = [
        "device",
        "revoke",
        &device.device,
        "--wipe",
        "--by",
        "Admin C.D.",
    ];
    let refused = admin_answering(binary(), &fixture.db, &args, "wipe")
        .expect_err("not WIPE")
        .to_string();
    assert!(refused.contains("Type WIPE to go on:"), "asked: {refused}");
    assert!(refused.contains("error [wipe_not_confirmed]"), "{refused}");
    device.sync(&fixture.address()).await?;

    let said = order_wipe(binary(), &fixture.db, &device.device, "Admin C.D.")?;
    assert!(said.contains("erases itself at its next contact"), "{said}");
    // The open connection is let go with the code that says: connect again to hear why.
    let cut_off =
        tokio::time::timeout(std::time::Duration::from_secs(30), connected.changed()).await?;
    assert_eq!(cut_off.err(), Some(ClientError::Reconnect));
    let order = match Connection::open(&fixture.address(), &device.token).await {
        Err(ClientError::DeviceWiped(order)) => order,
        other => return Err(format!("expected the wipe order, got {other:?}").into()),
    };
    assert_eq!(order.by, "Admin C.D.");
    let (status, body) = upgrade_refusal(&fixture.server.address, Some(&device.token)).await?;
    assert_eq!(status, 401);
    assert!(body.contains("\"device_wiped\""), "{body}");
    // Every other request the device makes hears the same.
    let blobs = Blobs::new(fixture.address(), device.token.clone());
    let fetched = blobs.download(&"0".repeat(64), 0).await;
    assert!(
        matches!(fetched, Err(ClientError::DeviceWiped(_))),
        "{fetched:?}"
    );
    let listed = admin(binary(), &fixture.db, &["device", "list"])?;
    assert!(listed.contains("revoked, wipe ordered"), "{listed}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_enrolment_code_works_once_and_not_after_it_expires() -> Result {
    let fixture = Fixture::start()?;
    let code = enrolment_code(binary(), &fixture.db, "worker.a")?;
    client::enroll(&fixture.address(), &code).await?;
    let again = client::enroll(&fixture.address(), &code)
        .await
        .expect_err("used");
    assert_eq!(again.code(), "code_used");
    assert!(again.to_string().contains("already been used"), "{again}");

    let expired = enrolment_code_with(
        binary(),
        &fixture.db,
        &[
            "device",
            "enroll",
            "--user",
            "worker.a",
            "--expires-in-hours",
            "0",
        ],
    )?;
    let error = client::enroll(&fixture.address(), &expired)
        .await
        .expect_err("expired");
    assert_eq!(error.code(), "code_expired");

    let unknown = client::enroll(&fixture.address(), "AAAA-BBBB-CCCC")
        .await
        .expect_err("unknown");
    assert_eq!(unknown.code(), "code_unknown");

    // The server keeps no code and no token in the clear.
    drop(fixture.server);
    let stored = common::stored_bytes(&fixture.db)?;
    let plain = code.replace('-', "");
    assert!(!stored.windows(plain.len()).any(|w| w == plain.as_bytes()));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_frames_get_error_frames_and_the_connection_goes_on() -> Result {
    let fixture = Fixture::start()?;
    let device = fixture.device("worker.a", "phone").await?;
    let bystander = fixture.device("worker.a", "tablet").await?;
    bystander.context("Canal towpath")?;
    let mut raw = RawSocket::open(&fixture.server.address, &device.token).await?;

    assert_eq!(
        raw.send_bytes(vec![PROTOCOL_VERSION, 2, 200]).await?,
        refused(ErrorCode::Malformed)
    );
    assert_eq!(
        raw.send_bytes(vec![PROTOCOL_VERSION, 77]).await?,
        refused(ErrorCode::UnknownType)
    );
    assert_eq!(
        raw.send_bytes(vec![9, 0]).await?,
        refused(ErrorCode::UnknownVersion)
    );
    assert_eq!(
        raw.send_bytes(vec![0; waymark_sync::MAX_FRAME_BYTES + 1])
            .await?,
        refused(ErrorCode::TooLarge)
    );
    assert_eq!(
        raw.send(WsMessage::Text("hello".into())).await?,
        refused(ErrorCode::Malformed)
    );
    assert_eq!(
        raw.send_bytes(encode(&Message::Idle)?).await?,
        refused(ErrorCode::OutOfOrder)
    );

    // Meanwhile another device syncs as if nothing happened.
    let report = bystander.sync(&fixture.address()).await?;
    assert!(report.refused.is_empty(), "{report:?}");

    // And the same connection still runs a whole session.
    let summary = raw
        .send_bytes(encode(&Message::Summary {
            digest: [0; 32],
            documents: 0,
        })?)
        .await?;
    assert!(
        matches!(summary, Message::Summary { documents: 1, .. }),
        "{summary:?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_device_never_sees_or_changes_another_workspaces_documents() -> Result {
    let fixture = Fixture::start()?;
    let a = fixture.device("worker.a", "a").await?;
    let b = fixture.device("worker.b", "b").await?;
    let park = a.context("Northfield Park")?;
    let photo = a.store.lock().add_photo(include_bytes!(
        "../../../tests/fixtures/invented-school-site-plan.png"
    ))?;
    a.sync(&fixture.address()).await?;
    let bytes = a.store.lock().photo(&photo)?.bytes;
    Blobs::new(fixture.address(), a.token.clone())
        .upload(&photo, &bytes)
        .await?;

    // B's sync brings nothing of A's.
    b.context("Bus station")?;
    b.sync(&fixture.address()).await?;
    assert!(b.store.lock().get_context(park.id).is_err());
    assert_eq!(b.store.lock().list_contexts()?.len(), 1);

    // B asks for A's document by id, and offers a change to it: both refused, nothing told.
    let mut raw = RawSocket::open(&fixture.server.address, &b.token).await?;
    raw.send_bytes(encode(&Message::Summary {
        digest: [0; 32],
        documents: 0,
    })?)
    .await?;
    let inventory = raw
        .send_bytes(encode(&Message::Inventory { documents: vec![] })?)
        .await?;
    let Message::Inventory { documents } = inventory else {
        return Err(format!("{inventory:?}").into());
    };
    assert!(documents.iter().all(|(id, _)| *id != park.id));
    let mut forged = automerge::AutoCommit::new();
    automerge::transaction::Transactable::put(&mut forged, automerge::ROOT, "name", "taken over")?;
    forged.commit();
    let message = forged
        .sync()
        .generate_sync_message(&mut automerge::sync::State::new())
        .ok_or("no message")?
        .encode();
    let mut replies = Vec::new();
    raw.0
        .send(WsMessage::Binary(
            encode(&Message::Sync {
                messages: vec![(park.id, message)],
            })?
            .into(),
        ))
        .await?;
    let forbidden = Message::Error {
        code: ErrorCode::Forbidden,
        document: Some(park.id),
    };
    while !replies.contains(&forbidden) {
        let next = tokio::time::timeout(std::time::Duration::from_secs(10), raw.0.next()).await;
        match next {
            Ok(Some(Ok(WsMessage::Binary(reply)))) => replies.push(decode(&reply)?),
            _ => break,
        }
    }
    assert!(replies.contains(&forbidden), "{replies:?}");
    // A's park is untouched.
    a.sync(&fixture.address()).await?;
    assert_eq!(a.store.lock().get_context(park.id)?.name, "Northfield Park");

    // And A's photo cannot be fetched with B's token.
    let stolen = Blobs::new(fixture.address(), b.token.clone())
        .download(&photo, 0)
        .await;
    assert_eq!(stolen.expect_err("refused").code(), "unknown_blob");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_server_loses_nothing_it_acknowledged_and_the_device_resumes() -> Result {
    let fixture = Fixture::start()?;
    let a = fixture.device("worker.a", "a").await?;
    let second = fixture.device("worker.a", "second").await?;
    for n in 0..300 {
        a.context(&format!("Place {n}"))?;
    }
    // Kill the server while the push is under way.
    let address = fixture.address();
    let pushing = tokio::spawn({
        let (token, store) = (a.token.clone(), a.store.clone());
        async move {
            let mut connection = Connection::open(&address, &token).await?;
            connection.sync(store.as_ref(), |_, _| {}).await
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    let fixture = fixture.restart()?;
    let _ = pushing.await?;

    // The device syncs again after the restart: everything arrives once.
    let report = a.sync(&fixture.address()).await?;
    assert!(report.refused.is_empty(), "{report:?}");
    second.sync(&fixture.address()).await?;
    let names: std::collections::BTreeSet<String> = second
        .store
        .lock()
        .list_contexts()?
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names.len(), 300);
    // A quiet reconnect now costs one round trip: the server holds exactly what A holds.
    let quiet = a.sync(&fixture.address()).await?;
    assert_eq!(quiet.round_trips, 1, "{quiet:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn blobs_resume_after_a_drop_and_a_wrong_hash_is_refused() -> Result {
    let fixture = Fixture::start()?;
    let a = fixture.device("worker.a", "a").await?;
    let bytes: Vec<u8> = (0..700_000u32).map(|n| (n % 251) as u8).collect();
    let sha256 = waymark_sync::blob::name_of(&bytes);
    let http = common::http();
    let url = format!("{}/blobs/{sha256}", fixture.server.address);
    // The first chunk arrives, then the connection "drops".
    let first = http
        .put(&url)
        .bearer_auth(&a.token)
        .query(&[("offset", 0), ("total", bytes.len())])
        .body(bytes[..300_000].to_vec())
        .send()
        .await?;
    assert_eq!(first.status(), 200);
    // The client asks where to go on from, and finishes.
    Blobs::new(fixture.address(), a.token.clone())
        .upload(&sha256, &bytes)
        .await?;
    let back = Blobs::new(fixture.address(), a.token.clone());
    let mut received = Vec::new();
    loop {
        let chunk = back.download(&sha256, received.len() as u64).await?;
        received.extend(chunk.bytes);
        if received.len() as u64 >= chunk.size {
            break;
        }
    }
    assert_eq!(received, bytes);

    let wrong = "0".repeat(64);
    let refused = Blobs::new(fixture.address(), a.token.clone())
        .upload(&wrong, b"not what the name says")
        .await;
    assert_eq!(refused, Err(ClientError::BlobMismatch));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_device_that_floods_the_server_is_slowed_with_error_frames() -> Result {
    let fixture = Fixture::start_configured("frames_per_second = 1\nframe_burst = 3\n")?;
    let device = fixture.device("worker.a", "phone").await?;
    let mut raw = RawSocket::open(&fixture.server.address, &device.token).await?;
    let mut replies = Vec::new();
    for _ in 0..5 {
        replies.push(raw.send_bytes(encode(&Message::Idle)?).await?);
    }
    assert_eq!(replies[..3], vec![refused(ErrorCode::OutOfOrder); 3]);
    assert_eq!(replies[3..], vec![refused(ErrorCode::RateLimited); 2]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn with_a_certificate_the_server_speaks_only_tls() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("server.db");
    let generated = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])?;
    let (certificate, private_key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&certificate, generated.cert.pem())?;
    std::fs::write(&private_key, generated.signing_key.serialize_pem())?;
    let config = dir.path().join("server.toml");
    std::fs::write(
        &config,
        format!(
            "database = {:?}\nlisten = \"127.0.0.1:0\"\n[tls]\ncertificate = {:?}\nprivate_key = {:?}\n",
            db.display().to_string(),
            certificate.display().to_string(),
            private_key.display().to_string()
        ),
    )?;
    let server = SyncServer::start_with(
        binary(),
        &["--config".as_ref(), config.as_os_str(), "serve".as_ref()],
    )?;
    assert!(server.address.starts_with("https://"), "{}", server.address);

    common::choose_tls_provider();
    let trusting = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(
            generated.cert.pem().as_bytes(),
        )?)
        .build()?;
    let health = trusting
        .get(format!("{}/healthz", server.address))
        .send()
        .await?;
    assert_eq!(health.status(), 200);

    let plain = common::http()
        .get(format!(
            "{}/healthz",
            server.address.replace("https", "http")
        ))
        .send()
        .await;
    assert!(plain.is_err() || plain.is_ok_and(|r| !r.status().is_success()));
    Ok(())
}
