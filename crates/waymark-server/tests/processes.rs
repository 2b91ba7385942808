//! Several server processes on one database, as behind a load balancer: what a device changes
//! through one reaches the devices connected to another, and a revocation made through one
//! cuts the device off everywhere. Real binaries, real sockets.

mod common;

use common::{binary, Fixture, RawSocket, Result};
use waymark_e2e::SyncServer;
use waymark_sync::client::ServerAddress;
use waymark_sync::Message;

#[tokio::test(flavor = "multi_thread")]
async fn a_change_through_one_process_reaches_a_device_on_another_and_a_revocation_both() -> Result
{
    let fixture = Fixture::start()?;
    let second = SyncServer::start(binary(), &fixture.db, "127.0.0.1:0")?;
    let elsewhere = ServerAddress::parse(&second.address)?;
    fixture.add_member("manager.a", "youth_work", "manager")?;
    let manager = fixture.device("manager.a", "manager").await?;
    let walker = fixture.device("worker.a", "walker").await?;
    let colleague = fixture.device("worker.a", "colleague").await?;

    // The colleague's app is connected to the second process, between sessions.
    colleague.sync(&elsewhere).await?;
    let mut listening = RawSocket::open(&second.address, &colleague.token).await?;

    // The walker syncs a new place through the first process.
    let park = walker.context("Northfield Park")?;
    walker.sync(&fixture.address()).await?;
    assert_eq!(
        listening.next_message().await?,
        Some(Message::Changed),
        "the second process tells its device that something changed"
    );
    colleague.sync(&elsewhere).await?;
    assert_eq!(
        colleague.store.lock().get_context(park.id)?.name,
        "Northfield Park"
    );

    // The manager revokes the colleague's device through the first process: its connection to
    // the second closes, saying why, and the second refuses it from then on.
    let revoked = common::http()
        .post(format!("{}/devices/revoke", fixture.server.address))
        .bearer_auth(&manager.token)
        .json(&serde_json::json!({ "device": colleague.device }))
        .send()
        .await?;
    assert!(revoked.status().is_success(), "{}", revoked.text().await?);
    assert_eq!(listening.close_code(None).await?, Some(4001));
    let refused = colleague.sync(&elsewhere).await.expect_err("revoked");
    assert!(refused.to_string().contains("revoked"), "{refused}");
    Ok(())
}
