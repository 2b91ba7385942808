//! Who sees which record (privacy rules P6 to P8), enforced by the real server binary over real
//! sockets: the team's records reach its practitioners and managers, a Level 1 peer map only its
//! case team, a partner agency only what a manager's sharing decision gave it, to read; and a
//! record someone may no longer see is deleted from their devices, with the photos only it named.

mod common;

use common::{binary, Fixture, Result};
use waymark_core::peer_group::Member;
use waymark_core::vocabulary::AgeBand;
use waymark_core::{ContextEdit, RecordId};
use waymark_e2e::admin;
use waymark_e2e::fixtures::{check_in, observation, walkabout_plan};
use waymark_sync::ErrorCode;

const WORKSPACE: &str = "Workspace A";

/// Workspace A's people beyond `worker.a`: a second practitioner, a manager and a school's
/// designated safeguarding lead who reads what is shared with the school.
fn add_people(fixture: &Fixture) -> Result {
    for (user, agency, role) in [
        ("worker.c", "youth_work", "practitioner"),
        ("manager.m", "childrens_social_care", "manager"),
        ("school.dsl", "school", "partner_reader"),
    ] {
        fixture.add_member(user, agency, role)?;
    }
    Ok(())
}

fn record_admin(fixture: &Fixture, args: &[&str]) -> Result<String> {
    admin(binary(), &fixture.db, args)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_level_one_map_reaches_only_its_case_team_and_leaves_the_devices_of_whoever_is_taken_off(
) -> Result {
    let fixture = Fixture::start()?;
    add_people(&fixture)?;
    let address = fixture.address();
    let worker = fixture.device("worker.a", "worker").await?;
    let colleague = fixture.device("worker.c", "colleague").await?;
    let manager = fixture.device("manager.m", "manager").await?;
    let reader = fixture.device("school.dsl", "reader").await?;
    let park = worker.context("Northfield Park")?;
    let map = worker.level_one_map()?;
    worker.sync(&address).await?;

    // The team's record reaches the team; the map reaches nobody but the one who started it.
    for device in [&colleague, &manager, &reader] {
        device.sync(&address).await?;
        assert!(device.store.lock().get_peer_assessment(map).is_err());
    }
    assert_eq!(
        colleague.store.lock().get_context(park.id)?.name,
        "Northfield Park"
    );
    assert_eq!(
        manager.store.lock().get_context(park.id)?.name,
        "Northfield Park"
    );
    assert!(reader.store.lock().get_context(park.id).is_err());
    let access = record_admin(&fixture, &["record", "access", &map.to_string()])?;
    assert_eq!(access.trim(), "worker.a  agency not recorded  works on it");

    // On the case team, the colleague receives the map and adds to it.
    let stranger = record_admin(
        &fixture,
        &[
            "record",
            "case-team-add",
            &map.to_string(),
            "worker.c",
            "--by",
            "worker.c",
        ],
    )
    .expect_err("only a manager or the case team changes it");
    assert!(
        stranger.to_string().contains("[may_not_change_case_team]"),
        "{stranger}"
    );
    record_admin(
        &fixture,
        &[
            "record",
            "case-team-add",
            &map.to_string(),
            "worker.c",
            "--by",
            "worker.a",
        ],
    )?;
    colleague.sync(&address).await?;
    colleague.store.lock().add_member(
        map,
        Member {
            label: "A.B.".into(),
            age_band: AgeBand::From14To15,
        },
    )?;
    colleague.sync(&address).await?;
    worker.sync(&address).await?;
    let members = worker.store.lock().get_peer_assessment(map)?.members;
    assert_eq!(
        members
            .iter()
            .map(|(_, m)| m.label.as_str())
            .collect::<Vec<_>>(),
        ["A.B."]
    );
    manager.sync(&address).await?;
    assert!(
        manager.store.lock().get_peer_assessment(map).is_err(),
        "a manager off the case team does not see the map"
    );

    // Taken off, the colleague's device deletes the map at its next sync and keeps the rest.
    record_admin(
        &fixture,
        &[
            "record",
            "case-team-remove",
            &map.to_string(),
            "worker.c",
            "--by",
            "manager.m",
        ],
    )?;
    let report = colleague.sync(&address).await?;
    assert_eq!(report.withdrawn, [map]);
    assert!(colleague.store.lock().get_peer_assessment(map).is_err());
    assert_eq!(
        colleague.store.lock().get_context(park.id)?.name,
        "Northfield Park"
    );
    let again = colleague.sync(&address).await?;
    assert!(
        again.withdrawn.is_empty() && again.refused.is_empty(),
        "{again:?}"
    );
    assert_eq!(
        worker.store.lock().get_peer_assessment(map)?.members.len(),
        1,
        "the case team's copy is untouched"
    );

    // What cannot be done is refused with a reason.
    let last = record_admin(
        &fixture,
        &[
            "record",
            "case-team-remove",
            &map.to_string(),
            "worker.a",
            "--by",
            "manager.m",
        ],
    )
    .expect_err("the last member stays");
    assert!(last.to_string().contains("[last_of_case_team]"), "{last}");
    let partner = record_admin(
        &fixture,
        &[
            "record",
            "case-team-add",
            &map.to_string(),
            "school.dsl",
            "--by",
            "manager.m",
        ],
    )
    .expect_err("a partner reader works on no records");
    assert!(
        partner.to_string().contains("[not_on_the_team]"),
        "{partner}"
    );
    let team = record_admin(
        &fixture,
        &[
            "record",
            "case-team-add",
            &park.id.to_string(),
            "worker.c",
            "--by",
            "manager.m",
        ],
    )
    .expect_err("the park is the whole team's");
    assert!(team.to_string().contains("[team_record]"), "{team}");
    let unknown =
        record_admin(&fixture, &["record", "access", "not-a-record"]).expect_err("no such record");
    assert!(
        unknown.to_string().contains("[unknown_record]"),
        "{unknown}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_share_lets_a_partner_read_what_was_decided_and_a_revocation_takes_it_back_with_its_photos(
) -> Result {
    let fixture = Fixture::start()?;
    add_people(&fixture)?;
    let address = fixture.address();
    let worker = fixture.device("worker.a", "worker").await?;
    let reader = fixture.device("school.dsl", "reader").await?;
    let park = worker.context("Northfield Park")?;
    let map = worker.level_one_map()?;
    // Two walkabouts name one photo: it stays on a device while either is there.
    let photo = worker.store.lock().add_photo(include_bytes!(
        "../../../tests/fixtures/invented-school-site-plan.png"
    ))?;
    let mut walkabouts = Vec::new();
    for _ in 0..2 {
        let mut store = worker.store.lock();
        let id = store.create_walkabout(walkabout_plan(park.id))?.id;
        store.check_in(id, check_in())?;
        let mut seen = observation(5);
        seen.photos = vec![photo.clone()];
        store.add_observation(id, seen)?;
        walkabouts.push(id);
    }
    worker.sync(&address).await?;
    worker.upload_photos(&address).await?;

    // Only a manager decides, and a Level 1 map is never shared.
    let not_manager = fixture
        .share_with_school("worker.a", &[park.id])
        .expect_err("a practitioner does not decide");
    assert!(
        not_manager.to_string().contains("[not_a_manager]"),
        "{not_manager}"
    );
    let never = fixture
        .share_with_school("manager.m", &[map])
        .expect_err("a Level 1 map");
    assert!(never.to_string().contains("[not_shareable]"), "{never}");
    let first = fixture.share_with_school("manager.m", &[park.id, walkabouts[0]])?;
    let second = fixture.share_with_school("manager.m", &[walkabouts[1]])?;

    // The reader's device receives exactly what was shared, and the photo they name.
    reader.sync(&address).await?;
    reader.download_photos(&address).await?;
    assert_eq!(
        reader.store.lock().get_context(park.id)?.name,
        "Northfield Park"
    );
    for id in &walkabouts {
        let walkabout = reader.store.lock().get_walkabout(*id)?;
        assert_eq!(
            walkabout.observations[0].detail.photos,
            std::slice::from_ref(&photo)
        );
    }
    assert!(reader.store.lock().get_peer_assessment(map).is_err());
    assert!(!reader.store.lock().photo(&photo)?.bytes.is_empty());
    let access = record_admin(&fixture, &["record", "access", &walkabouts[0].to_string()])?;
    assert!(
        access
            .lines()
            .any(|line| line == format!("school.dsl  school  reads it (sharing decision {first})")),
        "{access}"
    );

    // The reader reads and changes nothing: their edit is refused and reaches nobody.
    reader
        .store
        .lock()
        .update_context(park.id, ContextEdit::Name("Renamed by the school".into()))?;
    let report = reader.sync(&address).await?;
    assert!(report.refused.contains(&ErrorCode::Forbidden), "{report:?}");
    worker.sync(&address).await?;
    assert_eq!(
        worker.store.lock().get_context(park.id)?.name,
        "Northfield Park"
    );

    // Revoked, the first share's records leave the reader's device; the photo stays while the
    // second share's walkabout names it.
    record_admin(&fixture, &["share", "revoke", &first, "--by", "manager.m"])?;
    let report = reader.sync(&address).await?;
    let mut withdrawn = report.withdrawn.clone();
    withdrawn.sort();
    let mut expected = vec![park.id, walkabouts[0]];
    expected.sort();
    assert_eq!(withdrawn, expected);
    assert!(reader.store.lock().get_context(park.id).is_err());
    assert!(reader.store.lock().get_walkabout(walkabouts[0]).is_err());
    assert!(reader.store.lock().get_walkabout(walkabouts[1]).is_ok());
    assert!(reader.store.lock().photo(&photo).is_ok());
    let twice = record_admin(&fixture, &["share", "revoke", &first, "--by", "manager.m"])
        .expect_err("already revoked");
    assert!(twice.to_string().contains("[already_revoked]"), "{twice}");

    record_admin(&fixture, &["share", "revoke", &second, "--by", "manager.m"])?;
    let report = reader.sync(&address).await?;
    assert_eq!(report.withdrawn, [walkabouts[1]]);
    assert!(reader.store.lock().get_walkabout(walkabouts[1]).is_err());
    assert!(
        reader.store.lock().photo(&photo).is_err(),
        "no record on the device names the photo now"
    );

    // The team keeps everything, and the decisions stay on record, revoked.
    worker.sync(&address).await?;
    assert_eq!(worker.store.lock().list_contexts()?.len(), 1);
    assert!(worker.store.lock().photo(&photo).is_ok());
    let listed = record_admin(&fixture, &["share", "list", "--workspace", WORKSPACE])?;
    assert_eq!(
        listed.matches("revoked by manager.m").count(),
        2,
        "{listed}"
    );
    assert!(listed.contains("to school"), "{listed}");
    assert!(listed.contains("consent not_sought"), "{listed}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sharing_decision_without_its_reasons_is_refused_with_what_is_missing() -> Result {
    let fixture = Fixture::start()?;
    add_people(&fixture)?;
    let worker = fixture.device("worker.a", "worker").await?;
    let park = worker.context("Northfield Park")?;
    worker.sync(&fixture.address()).await?;
    let id = park.id.to_string();
    let base = [
        "share",
        "add",
        "--workspace",
        WORKSPACE,
        "--by",
        "manager.m",
        "--agency",
        "police",
    ];
    // A decision to the police for patrol planning, with one part of it given as `[flag, value]`.
    let refused = |[flag, value]: [&str; 2], record: &str| -> String {
        let mut args = base.to_vec();
        for (name, given) in [
            ("--purpose", "Patrol planning"),
            ("--legal-basis", "crime_and_disorder_act_1998_s115"),
            ("--consent", "obtained"),
        ] {
            args.extend([name, if name == flag { value } else { given }]);
        }
        args.push(record);
        record_admin(&fixture, &args)
            .expect_err("refused")
            .to_string()
    };
    let overridden = refused(["--consent", "overridden"], &id);
    assert!(
        overridden.contains("[consent_reason_required]")
            && overridden.contains("Say why consent was not sought, or why it was overridden."),
        "{overridden}"
    );
    let purpose = refused(["--purpose", " "], &id);
    assert!(purpose.contains("[sharing_purpose_required]"), "{purpose}");
    let basis = refused(["--legal-basis", "because"], &id);
    assert!(
        basis.contains("[unknown_legal_basis]") && basis.contains("uk_gdpr_6_1_e"),
        "{basis}"
    );
    let consent = refused(["--consent", "maybe"], &id);
    assert!(consent.contains("[unknown_consent]"), "{consent}");
    let unknown = refused(
        ["--consent", "obtained"],
        &RecordId::new(uuid::Uuid::now_v7())?.to_string(),
    );
    assert!(unknown.contains("[unknown_record]"), "{unknown}");
    assert!(
        record_admin(&fixture, &["share", "list", "--workspace", WORKSPACE])?
            .trim()
            .is_empty(),
        "nothing refused was recorded"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_shares_and_revokes_from_the_app_and_nobody_else_may_nor_a_level_one_map(
) -> Result {
    use waymark_core::access::{Consent, SharingDecisionDraft};
    use waymark_core::vocabulary::{LegalBasis, PartnerAgency};
    use waymark_core::workspace_settings::WorkspaceSetting;
    use waymark_sync::client;

    let fixture = Fixture::start()?;
    add_people(&fixture)?;
    let address = fixture.address();
    let worker = fixture.device("worker.a", "worker").await?;
    let manager = fixture.device("manager.m", "manager").await?;
    let reader = fixture.device("school.dsl", "reader").await?;
    let park = worker.context("Northfield Park")?;
    let map = worker.level_one_map()?;
    worker.sync(&address).await?;
    let decision = |record| SharingDecisionDraft {
        record_ids: vec![record],
        recipient_agency: PartnerAgency::School,
        purpose: "The school's safety plan for the park at home time".into(),
        legal_basis: LegalBasis::EducationAct2002S175,
        consent: Consent::NotSought {
            reason: "About a place, not a named child".into(),
        },
        expires_at: None,
    };

    let refused = client::share_records(&address, &worker.token, &decision(park.id))
        .await
        .expect_err("a practitioner does not share");
    assert_eq!(refused.code(), "not_a_manager", "{refused}");
    let refused = client::share_records(&address, &manager.token, &decision(map))
        .await
        .expect_err("a Level 1 map is never shared");
    assert_eq!(refused.code(), "not_shareable", "{refused}");

    // An agency the partnership does not work with is never shared with, until a manager
    // says it is a partner again.
    let school = |partner| WorkspaceSetting::PartnerAgency {
        agency: PartnerAgency::School,
        partner,
    };
    client::change_workspace_setting(&address, &manager.token, &school(false)).await?;
    let refused = client::share_records(&address, &manager.token, &decision(park.id))
        .await
        .expect_err("the school is not a partner here");
    assert_eq!(refused.code(), "not_a_partner", "{refused}");
    let directory =
        client::change_workspace_setting(&address, &manager.token, &school(true)).await?;
    assert!(directory
        .settings
        .partners()
        .contains(&PartnerAgency::School));

    let directory = client::share_records(&address, &manager.token, &decision(park.id)).await?;
    let listed = directory
        .records
        .iter()
        .find(|audience| audience.record == park.id)
        .ok_or("the shared park is in the manager's directory")?;
    assert!(listed
        .viewers
        .iter()
        .any(|viewer| viewer.user == "school.dsl" && viewer.shared_by_decision == Some(1)));
    reader.sync(&address).await?;
    assert_eq!(
        reader.store.lock().get_context(park.id)?.name,
        "Northfield Park"
    );

    // Revoking it: a manager's alone, recorded once, and the park leaves the reader's device.
    let refused = client::revoke_share(&address, &worker.token, 1)
        .await
        .expect_err("a practitioner does not revoke");
    assert_eq!(refused.code(), "not_a_manager", "{refused}");
    let refused = client::revoke_share(&address, &manager.token, 99)
        .await
        .expect_err("there is no decision 99");
    assert_eq!(refused.code(), "unknown_decision", "{refused}");
    let directory = client::revoke_share(&address, &manager.token, 1).await?;
    assert!(directory
        .records
        .iter()
        .filter(|audience| audience.record == park.id)
        .all(|audience| audience.viewers.iter().all(|v| v.user != "school.dsl")));
    let refused = client::revoke_share(&address, &manager.token, 1)
        .await
        .expect_err("a decision is revoked once");
    assert_eq!(refused.code(), "already_revoked", "{refused}");
    reader.sync(&address).await?;
    assert!(reader.store.lock().get_context(park.id).is_err());
    Ok(())
}
