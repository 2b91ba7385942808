//! Roles by agency (privacy rule P6), enforced by the real server binary: a partner reader of a
//! workspace sees none of its team's records and changes nothing until a role or a sharing
//! decision lets them; the admin CLI records agencies and roles and refuses what it does not know.

mod common;

use common::{binary, Fixture, Result};
use waymark_core::access::DeviceRevocation;
use waymark_e2e::admin;
use waymark_sync::client::{self, Blobs, ClientError, Connection};
use waymark_sync::ErrorCode;

const WORKSPACE: &str = "Workspace A";

#[tokio::test(flavor = "multi_thread")]
async fn a_partner_reader_sees_none_of_the_teams_records_and_changes_nothing() -> Result {
    let fixture = Fixture::start()?;
    fixture.add_member("dsl.reader", "school", "partner_reader")?;
    let worker = fixture.device("worker.a", "worker").await?;
    let reader = fixture.device("dsl.reader", "reader").await?;
    let park = worker.context("Northfield Park")?;
    worker.sync(&fixture.address()).await?;

    // The reader's device is offered nothing of the team's.
    reader.sync(&fixture.address()).await?;
    assert!(reader.store.lock().get_context(park.id).is_err());

    // What the reader writes on their device is refused, and reaches nobody.
    let written = reader.context("Bus station")?;
    let report = reader.sync(&fixture.address()).await?;
    assert!(
        report.refused.contains(&ErrorCode::Forbidden),
        "{:?}",
        report.refused
    );
    worker.sync(&fixture.address()).await?;
    assert!(worker.store.lock().get_context(written.id).is_err());
    assert_eq!(worker.store.lock().list_contexts()?.len(), 1);

    // Nor may the reader add files to the workspace.
    let photo = reader.store.lock().add_photo(include_bytes!(
        "../../../tests/fixtures/invented-school-site-plan.png"
    ))?;
    let bytes = reader.store.lock().photo(&photo)?.bytes;
    let upload = Blobs::new(fixture.address(), reader.token.clone())
        .upload(&photo, &bytes)
        .await;
    assert_eq!(upload.expect_err("refused").code(), "forbidden");

    // Made a practitioner, the same device works on the team's records at its next sync.
    admin(
        binary(),
        &fixture.db,
        &[
            "user",
            "role",
            "dsl.reader",
            "--workspace",
            WORKSPACE,
            "practitioner",
        ],
    )?;
    reader.sync(&fixture.address()).await?;
    assert_eq!(
        reader.store.lock().get_context(park.id)?.name,
        "Northfield Park"
    );
    worker.sync(&fixture.address()).await?;
    assert_eq!(
        worker.store.lock().get_context(written.id)?.name,
        "Bus station",
        "what the reader wrote was kept on their device and goes now"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_admin_cli_records_agencies_and_roles_and_refuses_what_it_does_not_know() -> Result {
    let fixture = Fixture::start()?;
    let db = &fixture.db;
    admin(
        binary(),
        db,
        &[
            "user",
            "add",
            "parks.officer",
            "--workspace",
            WORKSPACE,
            "--agency",
            "parks",
        ],
    )?;
    admin(
        binary(),
        db,
        &[
            "user",
            "role",
            "worker.a",
            "--workspace",
            WORKSPACE,
            "manager",
        ],
    )?;
    let listed = admin(binary(), db, &["user", "list"])?;
    let lines: Vec<&str> = listed.lines().collect();
    assert!(
        lines.contains(&"Workspace A  parks.officer  parks  practitioner"),
        "a new member is a practitioner: {listed}"
    );
    assert!(
        lines.contains(&"Workspace A  worker.a  agency not recorded  manager"),
        "{listed}"
    );

    // Adding an existing member again without a role keeps theirs.
    admin(
        binary(),
        db,
        &[
            "user",
            "add",
            "worker.a",
            "--workspace",
            WORKSPACE,
            "--agency",
            "youth_work",
        ],
    )?;
    let listed = admin(binary(), db, &["user", "list"])?;
    assert!(
        listed
            .lines()
            .any(|line| line == "Workspace A  worker.a  youth_work  manager"),
        "{listed}"
    );

    let agency = admin(
        binary(),
        db,
        &[
            "user",
            "add",
            "x",
            "--workspace",
            WORKSPACE,
            "--agency",
            "mi5",
        ],
    )
    .expect_err("an agency Waymark does not know");
    assert!(
        agency.to_string().contains("\"mi5\" is not an agency"),
        "{agency}"
    );
    assert!(agency.to_string().contains("youth_work"), "{agency}");
    let role = admin(
        binary(),
        db,
        &[
            "user",
            "role",
            "worker.a",
            "--workspace",
            WORKSPACE,
            "owner",
        ],
    )
    .expect_err("a role that does not exist");
    assert!(
        role.to_string()
            .contains("use practitioner, manager or partner_reader"),
        "{role}"
    );
    let stranger = admin(
        binary(),
        db,
        &[
            "user",
            "role",
            "worker.b",
            "--workspace",
            WORKSPACE,
            "manager",
        ],
    )
    .expect_err("not a member of that workspace");
    assert!(
        stranger.to_string().contains("is not a member"),
        "{stranger}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_adds_people_and_changes_roles_from_the_app_and_nobody_else_may() -> Result {
    use waymark_core::access::{MemberChange, WorkspaceRole};
    use waymark_core::vocabulary::PartnerAgency;
    use waymark_sync::client;

    let fixture = Fixture::start()?;
    fixture.add_member("manager.m", "childrens_social_care", "manager")?;
    let address = fixture.address();
    let manager = fixture.device("manager.m", "manager").await?;
    let worker = fixture.device("worker.a", "worker").await?;
    let park = worker.context("Northfield Park")?;
    worker.sync(&address).await?;

    let added = client::change_member(
        &address,
        &manager.token,
        &MemberChange {
            user: "worker.new".into(),
            agency: Some(PartnerAgency::YouthWork),
            role: WorkspaceRole::Practitioner,
        },
    )
    .await?;
    let newcomer = added
        .members
        .iter()
        .find(|member| member.user == "worker.new")
        .ok_or("the newcomer is in the directory")?;
    assert_eq!(newcomer.agency, Some(PartnerAgency::YouthWork));
    assert_eq!(newcomer.role, WorkspaceRole::Practitioner);
    let listed = admin(binary(), &fixture.db, &["user", "list"])?;
    assert!(
        listed
            .lines()
            .any(|line| line.contains("worker.new") && line.contains(WORKSPACE)),
        "{listed}"
    );

    // A practitioner may not; nor may a manager change their own role.
    let refused = client::change_member(
        &address,
        &worker.token,
        &MemberChange {
            user: "worker.a".into(),
            agency: None,
            role: WorkspaceRole::Manager,
        },
    )
    .await
    .expect_err("not a manager");
    assert_eq!(refused.code(), "not_a_manager", "{refused}");
    let own = client::change_member(
        &address,
        &manager.token,
        &MemberChange {
            user: "manager.m".into(),
            agency: None,
            role: WorkspaceRole::Practitioner,
        },
    )
    .await
    .expect_err("their own role");
    assert_eq!(own.code(), "own_role", "{own}");

    // Made a partner reader, the worker's device gives up the team's records at its next sync.
    client::change_member(
        &address,
        &manager.token,
        &MemberChange {
            user: "worker.a".into(),
            agency: None,
            role: WorkspaceRole::PartnerReader,
        },
    )
    .await?;
    let report = worker.sync(&address).await?;
    assert_eq!(report.withdrawn, [park.id]);
    assert!(worker.store.lock().get_context(park.id).is_err());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_enrols_and_cuts_off_the_devices_of_their_workspace_and_no_other() -> Result {
    let fixture = Fixture::start()?;
    fixture.add_member("manager.m", "youth_work", "manager")?;
    let address = fixture.address();
    let manager = fixture.device("manager.m", "manager").await?;
    let worker = fixture.device("worker.a", "worker").await?;
    let other_workspace = fixture.device("worker.b", "other").await?;

    // A code for a new device of someone in the workspace, which works once, as the CLI's does.
    let issued = client::enrol_member_device(&address, &manager.token, "worker.a").await?;
    assert_eq!(issued.user, "worker.a");
    assert_eq!(issued.expires_in_hours, waymark_server::DEFAULT_CODE_HOURS);
    let enrolled = client::enroll(&address, &issued.code).await?;
    assert_eq!(enrolled.device.to_string(), issued.device);
    assert_eq!(enrolled.workspace, WORKSPACE);
    // Not for someone outside it, and not by a practitioner.
    let outsider = client::enrol_member_device(&address, &manager.token, "worker.b")
        .await
        .expect_err("another workspace's");
    assert_eq!(outsider.code(), "not_a_member", "{outsider}");
    let not_manager = client::enrol_member_device(&address, &worker.token, "worker.a")
        .await
        .expect_err("a practitioner");
    assert_eq!(not_manager.code(), "not_a_manager", "{not_manager}");

    // The manager sees the workspace's devices only.
    let listed = client::workspace_devices(&address, &manager.token).await?;
    let ids: Vec<&str> = listed.iter().map(|device| device.id.as_str()).collect();
    assert!(ids.contains(&worker.device.as_str()), "{listed:?}");
    assert!(ids.contains(&issued.device.as_str()), "{listed:?}");
    assert!(
        !ids.contains(&other_workspace.device.as_str()),
        "{listed:?}"
    );
    let yours: Vec<&str> = listed
        .iter()
        .filter(|device| device.yours)
        .map(|device| device.id.as_str())
        .collect();
    assert_eq!(
        yours,
        [manager.device.as_str()],
        "the manager's own, marked"
    );
    // Nor may the manager cut off the device they are using.
    let own = client::revoke_member_device(
        &address,
        &manager.token,
        &DeviceRevocation {
            device: manager.device.clone(),
            wipe: false,
        },
    )
    .await
    .expect_err("the manager's own device");
    assert_eq!(own.code(), "own_device", "{own}");

    // A device of another workspace is unknown here, whatever its id.
    let refused = client::revoke_member_device(
        &address,
        &manager.token,
        &DeviceRevocation {
            device: other_workspace.device.clone(),
            wipe: true,
        },
    )
    .await
    .expect_err("another workspace's device");
    assert_eq!(refused.code(), "unknown_device", "{refused}");
    other_workspace.sync(&address).await?;

    // The worker's phone is lost: the manager has it erased at its next contact.
    let after = client::revoke_member_device(
        &address,
        &manager.token,
        &DeviceRevocation {
            device: worker.device.clone(),
            wipe: true,
        },
    )
    .await?;
    let state = after
        .iter()
        .find(|device| device.id == worker.device)
        .map(|device| device.state.as_str());
    assert_eq!(state, Some("revoked, wipe ordered"));
    match Connection::open(&address, &worker.token).await {
        Err(ClientError::DeviceWiped(order)) => assert_eq!(order.by, "manager.m"),
        other => return Err(format!("expected the wipe order, got {other:?}").into()),
    }
    let log = admin(
        binary(),
        &fixture.db,
        &["audit", "list", "--user", "manager.m"],
    )?;
    assert!(log.contains("wipe_ordered"), "{log}");

    // The new device is only revoked: it keeps its records, locked, and is told so.
    client::revoke_member_device(
        &address,
        &manager.token,
        &DeviceRevocation {
            device: issued.device.clone(),
            wipe: false,
        },
    )
    .await?;
    let revoked = Connection::open(&address, &enrolled.token).await;
    assert_eq!(revoked.err(), Some(ClientError::DeviceRevoked));
    Ok(())
}
