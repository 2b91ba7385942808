//! A device enrols and syncs over TLS with a server whose certificate comes from the council's
//! own authority: the device trusts its certificate store for the WebSocket as it does for HTTPS.
//! Its own test binary, because the store it trusts is named for the whole process
//! (`SSL_CERT_FILE`, which the platform verifier reads on Linux).

use waymark_sync::client::{ClientError, Connection};

mod common;

use common::{Fixture, Result};

#[tokio::test(flavor = "multi_thread")]
async fn a_device_syncs_over_tls_with_a_certificate_its_own_store_trusts() -> Result {
    let keys = tempfile::tempdir()?;
    let generated = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])?;
    let (certificate, private_key) = (keys.path().join("cert.pem"), keys.path().join("key.pem"));
    std::fs::write(&certificate, generated.cert.pem())?;
    std::fs::write(&private_key, generated.signing_key.serialize_pem())?;
    let fixture = Fixture::start_configured(&format!(
        "[tls]\ncertificate = {:?}\nprivate_key = {:?}\n",
        certificate.display().to_string(),
        private_key.display().to_string()
    ))?;
    assert!(fixture.server.address.starts_with("https://"));

    // Not yet trusted: the server cannot be reached, and nothing counts as sent.
    let untrusted = Connection::open(&fixture.address(), "not-a-token").await;
    assert!(
        matches!(untrusted, Err(ClientError::Unreachable)),
        "{untrusted:?}"
    );

    // The device's store now holds the council's certificate, as an IT department installs it.
    std::env::set_var("SSL_CERT_FILE", &certificate);
    let device = fixture.device("worker.a", "phone").await?;
    let context = device.context("Larkfield Rec")?;
    let report = device.sync(&fixture.address()).await?;
    assert!(
        report.confirmed.contains_key(&context.id),
        "the server confirmed {:?}",
        report.confirmed.keys().collect::<Vec<_>>()
    );

    let colleague = fixture.device("worker.a", "tablet").await?;
    colleague.sync(&fixture.address()).await?;
    let pulled = colleague.store.lock().get_context(context.id)?;
    assert_eq!(pulled.name, "Larkfield Rec");
    Ok(())
}
