//! A walkabout through the store: plan, check in, observe, record the route, check out, write up,
//! complete, and read it all back from a real SQLite file.

mod common;

use common::{
    check_in, check_out, draft, jpeg_with_gps, now, observation, open_in, plan, route_point, rows,
    with_first_names, NOW,
};
use time::Duration;
use waymark_core::vocabulary::{ConcernType, EscalationMethod, PartnerAgency, Valence};
use waymark_core::{
    Escalation, RoutePoint, UnixMillis, ValidationError, WalkaboutState, WriteUpSection,
};
use waymark_store::{Store, StoreError};

fn invalid(result: Result<impl std::fmt::Debug, StoreError>) -> ValidationError {
    match result {
        Err(StoreError::Invalid(error)) => error,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn write_every_section(store: &mut Store, id: waymark_core::RecordId) {
    for section in WriteUpSection::ALL {
        store
            .update_write_up(id, section, format!("{} noted.", section.label()))
            .expect("written");
    }
}

/// An urgent concern of criminal exploitation seen two minutes ago, not yet escalated.
fn urgent_concern() -> waymark_core::ObservationDraft {
    let mut urgent = observation(2);
    urgent.valence = Valence::Concern;
    urgent.concern_types = vec![ConcernType::Cce];
    urgent.urgent = true;
    urgent
}

/// A store with a context and a walkabout of it that has been checked in.
fn walking(dir: &std::path::Path) -> (Store, waymark_core::RecordId, waymark_core::RecordId) {
    let mut store = open_in(dir);
    let park = store
        .create_context(draft("Northfield Park"))
        .expect("context")
        .id;
    let id = store.create_walkabout(plan(park)).expect("planned").id;
    store.check_in(id, check_in()).expect("checked in");
    (store, park, id)
}

/// Two offline devices holding the same checked-in walkabout of the same park: (a, b, park, walk).
fn walking_on_two_devices(
    dir: &std::path::Path,
) -> (Store, Store, waymark_core::RecordId, waymark_core::RecordId) {
    let (a, park, id) = walking(&dir.join("device-a"));
    let mut b = open_in(&dir.join("device-b"));
    b.merge_context(park, &a.document_bytes(park).expect("bytes"))
        .expect("context shared");
    b.merge_walkabout(id, &a.document_bytes(id).expect("bytes"))
        .expect("walkabout shared");
    (a, b, park, id)
}

#[test]
fn a_planned_walkabout_is_listed_under_its_context() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let park = store
        .create_context(draft("Northfield Park"))
        .expect("context")
        .id;
    let walkabout = store.create_walkabout(plan(park)).expect("planned");

    assert_eq!(walkabout.state, WalkaboutState::Planned);
    assert_eq!(walkabout.plan.team.len(), 2);
    let listed = store.list_walkabouts(park).expect("lists");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, walkabout.id);
    assert_eq!(listed[0].purpose, "Evening observation of the skate area");
    assert!(!listed[0].urgent_concern);
}

#[test]
fn a_plan_for_a_context_that_is_not_here_or_a_team_of_one_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let mut elsewhere = open_in(&dir.path().join("other"));
    let missing = elsewhere
        .create_context(draft("Elsewhere"))
        .expect("context")
        .id;
    let error = store.create_walkabout(plan(missing)).expect_err("refused");
    assert_eq!(error.code(), "record_not_found");

    let park = store
        .create_context(draft("Northfield Park"))
        .expect("context")
        .id;
    let mut alone = plan(park);
    alone.team.truncate(1);
    assert_eq!(
        invalid(store.create_walkabout(alone)),
        ValidationError::TeamTooSmall
    );
    assert!(store.list_walkabouts(park).expect("lists").is_empty());
}

#[test]
fn every_screen_learns_of_the_walks_in_progress_and_when_each_is_late() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, park, walking_id) = walking(dir.path());
    // A second walkabout is planned but not walked: it is not among them.
    store.create_walkabout(plan(park)).expect("planned");
    let walks = store.walks_in_progress().expect("listed");
    assert_eq!(walks.len(), 1);
    let walk = &walks[0];
    assert_eq!(walk.id, walking_id);
    let walkabout = store.get_walkabout(walking_id).expect("read");
    assert_eq!(walk.safety_contact, walkabout.plan.safety_contact);
    let finish = walk.expected_finish;
    let grace = Duration::minutes(i64::from(walk.overdue_grace_min));
    assert_eq!(walk.overdue(finish), waymark_core::Overdue::OnTime);
    assert!(matches!(
        walk.overdue(finish + Duration::minutes(1)),
        waymark_core::Overdue::Overdue { minutes: 1 }
    ));
    assert!(matches!(
        walk.overdue(finish + grace + Duration::minutes(1)),
        waymark_core::Overdue::Alarm { .. }
    ));
    // Checked out, it leaves every screen's warning.
    store
        .check_out(walking_id, check_out())
        .expect("checked out");
    assert!(store.walks_in_progress().expect("listed").is_empty());
}

#[test]
fn the_walkabout_moves_from_planned_to_completed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let park = store
        .create_context(draft("Northfield Park"))
        .expect("context")
        .id;
    let id = store.create_walkabout(plan(park)).expect("planned").id;

    assert_eq!(
        invalid(store.add_observation(id, observation(5))),
        ValidationError::NotCheckedIn
    );
    assert_eq!(
        invalid(store.check_out(id, check_out())),
        ValidationError::NotInProgress
    );
    assert_eq!(
        store.check_in(id, check_in()).expect("checked in").state,
        WalkaboutState::InProgress
    );
    assert_eq!(
        invalid(store.check_in(id, check_in())),
        ValidationError::AlreadyStarted
    );

    store
        .add_observation(id, observation(10))
        .expect("observed");
    store
        .add_observation(id, observation(15))
        .expect("observed");
    let early = waymark_core::CheckOut {
        at: check_in().at - Duration::minutes(5),
        ..check_out()
    };
    assert_eq!(
        invalid(store.check_out(id, early)),
        ValidationError::CheckOutBeforeCheckIn
    );
    assert_eq!(
        store.check_out(id, check_out()).expect("out").state,
        WalkaboutState::CheckedOut
    );

    assert_eq!(
        invalid(store.complete_walkabout(id)),
        ValidationError::WriteUpIncomplete
    );
    write_every_section(&mut store, id);
    let done = store.complete_walkabout(id).expect("completed");
    assert_eq!(done.state, WalkaboutState::Completed);
    assert_eq!(done.observations.len(), 2);
    assert!(done.observations[0].detail.observed_at < done.observations[1].detail.observed_at);
}

#[test]
fn an_urgent_observation_is_flagged_on_the_walkabout_and_keeps_only_a_case_ref() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, park, id) = walking(dir.path());

    let mut urgent = urgent_concern();
    assert_eq!(
        invalid(store.add_observation(id, urgent.clone())),
        ValidationError::EscalationIncomplete
    );
    urgent.escalation = Some(Escalation {
        to_role: "Duty social worker".into(),
        to_agency: Some(PartnerAgency::ChildrensSocialCare),
        method: EscalationMethod::FrontDoor,
        at: now(),
        outcome: String::new(),
        case_ref: Some("Sam Jones".into()),
    });
    assert_eq!(
        invalid(store.add_observation(id, urgent.clone())),
        ValidationError::InvalidCaseRef
    );
    if let Some(escalation) = urgent.escalation.as_mut() {
        escalation.case_ref = Some("CS-10234".into());
    }
    let recorded = store.add_observation(id, urgent).expect("recorded");
    assert!(recorded.detail.urgent);
    assert!(store.get_walkabout(id).expect("reads").urgent_concern());
    assert!(store.list_walkabouts(park).expect("lists")[0].urgent_concern);
}

#[test]
fn photos_are_stored_once_without_their_gps_and_must_exist_to_be_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _, id) = walking(dir.path());

    let original = jpeg_with_gps();
    let latitude = common::exif_latitude(&original).expect("the fixture carries a position");
    assert!(latitude.starts_with("52 deg 24"), "{latitude}");
    let hash = store.add_photo(&original).expect("stored");
    assert_eq!(
        store.add_photo(&jpeg_with_gps()).expect("stored again"),
        hash
    );
    assert_eq!(rows(store.path(), "attachments").len(), 1);
    let photo = store.photo(&hash).expect("found");
    assert_eq!(photo.media_type, "image/jpeg");
    assert_eq!(
        common::exif_latitude(&photo.bytes),
        None,
        "EXIF GPS stripped"
    );
    assert!(
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(&photo.bytes))
            .is_err(),
        "no EXIF at all"
    );
    assert!(
        !photo.bytes.windows(4).any(|w| w == b"ftyp"),
        "the motion photo's video after the end marker is cut off"
    );
    let mut decoder = jpeg_decoder::Decoder::new(photo.bytes.as_slice());
    decoder
        .decode()
        .expect("the stored photo is still a picture");
    let info = decoder.info().expect("decoded");
    assert_eq!((info.width, info.height), (320, 240));

    assert_eq!(
        invalid(store.add_photo(b"%PDF-1.7")),
        ValidationError::PhotoNotAnImage
    );
    let mut with_unknown = observation(3);
    with_unknown.photos = vec!["0".repeat(64)];
    assert_eq!(
        invalid(store.add_observation(id, with_unknown)),
        ValidationError::UnknownPhoto
    );
    let mut with_photo = observation(3);
    with_photo.photos = vec![hash.clone()];
    store.add_observation(id, with_photo).expect("observed");
    let walkabout = store.get_walkabout(id).expect("reads");
    assert_eq!(walkabout.observations[0].detail.photos, [hash]);
}

#[test]
fn the_route_records_only_fixes_while_walking_and_is_sealed_at_check_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let park = store
        .create_context(draft("Northfield Park"))
        .expect("context")
        .id;
    let id = store.create_walkabout(plan(park)).expect("planned").id;

    assert!(!store
        .record_route_point(id, route_point(52.41, -1.97, 0))
        .expect("ignored before check-in"));
    store.check_in(id, check_in()).expect("in");
    assert!(store
        .record_route_point(id, route_point(52.4100, -1.9700, 0))
        .expect("recorded"));
    assert!(!store
        .record_route_point(id, route_point(0.0, 0.0, 10))
        .expect("no fix ignored"));
    assert!(!store
        .record_route_point(
            id,
            RoutePoint {
                t: UnixMillis::EPOCH,
                ..route_point(52.41, -1.97, 0)
            }
        )
        .expect("time 0 ignored"));
    assert!(store
        .record_route_point(id, route_point(52.4105, -1.9690, 60))
        .expect("recorded"));

    let walking = store.get_walkabout(id).expect("read");
    assert_eq!(walking.route.points, 2);
    assert!(walking.route.sealed_sha256.is_none());

    let out = store.check_out(id, check_out()).expect("out");
    let sealed = out.route.sealed_sha256.clone().expect("sealed");
    assert_eq!(sealed.len(), 64);
    assert_eq!(out.route.points, 2);
    assert!(
        (out.route.distance_m - 88.0).abs() < 3.0,
        "{}",
        out.route.distance_m
    );
    assert!(!store
        .record_route_point(id, route_point(52.42, -1.96, 120))
        .expect("ignored after check-out"));
    assert_eq!(store.route(id).expect("route").len(), 2);
}

#[test]
fn a_paused_route_records_nothing_until_resumed_and_its_gap_is_not_walked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _park, id) = walking(dir.path());
    assert!(store
        .record_route_point(id, route_point(52.4100, -1.9700, 0))
        .expect("recorded"));
    assert!(store
        .record_route_point(id, route_point(52.4105, -1.9690, 60))
        .expect("recorded"));

    let paused = store.pause_route(id).expect("paused");
    assert!(paused.route_paused());
    assert_eq!(
        store
            .pause_route(id)
            .expect("pressed twice")
            .route_pauses
            .len(),
        1,
        "a second press pauses once"
    );
    drop(store);
    // The pause holds across a restart of the app: the projection refuses readings.
    let mut store = open_in(dir.path());
    assert!(!store
        .record_route_point(id, route_point(52.4150, -1.9650, 90))
        .expect("refused while paused"));
    assert_eq!(store.get_walkabout(id).expect("read").route.points, 2);

    let resumed = store.resume_route(id).expect("resumed");
    assert!(!resumed.route_paused());
    let pause = &resumed.route_pauses[0];
    assert!(pause.resumed_at.expect("resumed") >= pause.paused_at);
    // Readings after the pause, some 1.3 km from where it began.
    let after = |seconds: i64, lat: f64, lon: f64| RoutePoint {
        t: UnixMillis::from(now() + Duration::seconds(seconds)),
        ..route_point(lat, lon, 0)
    };
    assert!(store
        .record_route_point(id, after(1, 52.4200, -1.9600))
        .expect("recorded"));
    assert!(store
        .record_route_point(id, after(61, 52.4205, -1.9590))
        .expect("recorded"));

    let out = store.check_out(id, check_out()).expect("out");
    assert_eq!(out.route.points, 4);
    assert!(
        (out.route.distance_m - 176.0).abs() < 6.0,
        "two stretches of about 88 m, not the gap between them: {}",
        out.route.distance_m
    );
    let route = store.route(id).expect("route");
    let pieces = waymark_core::route::segments(&route, &out.route_interruptions());
    assert_eq!(pieces.iter().map(|p| p.len()).collect::<Vec<_>>(), [2, 2]);
    assert!(
        invalid(store.pause_route(id)) == ValidationError::RouteNotBeingRecorded,
        "no route to pause after check-out"
    );
    let history: Vec<String> = store
        .history(id)
        .expect("history")
        .into_iter()
        .map(|entry| entry.what)
        .collect();
    assert!(
        history.iter().any(|what| what == "Paused route recording")
            && history.iter().any(|what| what == "Resumed route recording"),
        "{history:?}"
    );
}

#[test]
fn completion_locks_nothing_and_the_history_shows_later_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _, id) = walking(dir.path());
    store.check_out(id, check_out()).expect("out");
    write_every_section(&mut store, id);
    store.complete_walkabout(id).expect("completed");

    let edited = store
        .update_write_up(
            id,
            WriteUpSection::Concerns,
            "Broken lights by the underpass.".into(),
        )
        .expect("edited after completion");
    assert_eq!(edited.state, WalkaboutState::Completed);
    assert_eq!(
        edited.write_up(WriteUpSection::Concerns),
        "Broken lights by the underpass."
    );

    let history = store.history(id).expect("history");
    let whats: Vec<_> = history.iter().map(|h| h.what.as_str()).collect();
    assert_eq!(
        whats[..3],
        ["Planned the walkabout", "Checked in", "Checked out"]
    );
    let completed_at = whats
        .iter()
        .position(|w| *w == "Completed the walkabout")
        .expect("completion");
    assert_eq!(whats[completed_at + 1..], ["Edited the write-up: Concerns"]);
    assert!(history.iter().all(|h| h.by.to_string() == "This device"));
}

/// An urgent concern escalated to the front door, as the walking screen records one.
fn escalated_concern() -> waymark_core::ObservationDraft {
    let mut urgent = urgent_concern();
    urgent.escalation = Some(Escalation {
        to_role: "Duty social worker".into(),
        to_agency: Some(PartnerAgency::ChildrensSocialCare),
        method: EscalationMethod::FrontDoor,
        at: now(),
        outcome: String::new(),
        case_ref: Some("CS-10234".into()),
    });
    urgent
}

#[test]
fn a_walkabout_reads_back_equal_after_reopening_and_its_projections_rebuild() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (id, before, projected) = {
        let mut store = open_in(dir.path());
        let park = store
            .create_context(draft("Northfield Park"))
            .expect("context")
            .id;
        let id = store.create_walkabout(plan(park)).expect("planned").id;
        store.check_in(id, check_in()).expect("in");
        // Each observation added projects only itself; the rows must be those a whole
        // projection from the document writes, an urgent concern's flags included.
        for minutes in [9, 4, 6] {
            store
                .add_observation(id, observation(minutes))
                .expect("observed");
        }
        store
            .add_observation(id, escalated_concern())
            .expect("urgent");
        let corrected = store.get_walkabout(id).expect("read").observations[0].id;
        let mut correction = observation(8);
        correction.note = "Corrected: two groups, not one.".into();
        store
            .update_observation(id, corrected, correction)
            .expect("corrected");
        store.add_observation(id, observation(3)).expect("observed");
        store
            .record_route_point(id, route_point(52.41, -1.97, 0))
            .expect("recorded");
        let walkabout = store.get_walkabout(id).expect("read");
        (
            id,
            walkabout,
            [
                rows(store.path(), "walkabouts"),
                rows(store.path(), "observations"),
            ],
        )
    };
    let mut store = open_in(dir.path());
    assert_eq!(store.get_walkabout(id).expect("read"), before);
    assert_eq!(before.observations.len(), 5);
    assert!(before.urgent_concern());
    store.rebuild_projections().expect("rebuilt");
    assert_eq!(
        [
            rows(store.path(), "walkabouts"),
            rows(store.path(), "observations")
        ],
        projected
    );
    assert_eq!(
        store.route(id).expect("route").len(),
        1,
        "rebuilding leaves the route alone"
    );
}

#[test]
fn observations_and_write_ups_from_two_offline_devices_merge() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, mut b, park, id) = walking_on_two_devices(dir.path());
    a.update_write_up(id, WriteUpSection::Environment, "Lit path.".into())
        .expect("written");
    b.merge_walkabout(id, &a.document_bytes(id).expect("bytes"))
        .expect("shared");

    a.add_observation(id, observation(8)).expect("a observes");
    b.add_observation(id, observation(6)).expect("b observes");
    a.update_write_up(id, WriteUpSection::Environment, "Well lit path.".into())
        .expect("a edits");
    b.update_write_up(
        id,
        WriteUpSection::Environment,
        "Lit path. Bins overflowing.".into(),
    )
    .expect("b edits");

    let from_a = a.document_bytes(id).expect("bytes");
    let from_b = b.document_bytes(id).expect("bytes");
    let merged_a = a.merge_walkabout(id, &from_b).expect("a merges");
    let merged_b = b.merge_walkabout(id, &from_a).expect("b merges");

    assert_eq!(merged_a.observations, merged_b.observations);
    assert_eq!(merged_a.observations.len(), 2);
    assert_eq!(merged_a.write_up, merged_b.write_up);
    assert_eq!(
        merged_a.write_up(WriteUpSection::Environment),
        "Well lit path. Bins overflowing."
    );
    assert_eq!(
        a.list_walkabouts(park).expect("a"),
        b.list_walkabouts(park).expect("b")
    );
}

/// The store keeps the walkabout's view from one observation to the next; a colleague's change
/// merged in between must not be written over by the view kept from before it.
#[test]
fn an_observation_after_a_merge_keeps_what_the_merge_brought() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, mut b, _, id) = walking_on_two_devices(dir.path());

    a.add_observation(id, observation(8))
        .expect("first observation");
    b.update_write_up(id, WriteUpSection::Environment, "Bins overflowing.".into())
        .expect("b writes");
    a.merge_walkabout(id, &b.document_bytes(id).expect("bytes"))
        .expect("a merges");
    a.add_observation(id, observation(6))
        .expect("second observation");
    a.add_observation(id, observation(4))
        .expect("third observation");

    let shown = a.get_walkabout(id).expect("walkabout");
    assert_eq!(
        shown.write_up(WriteUpSection::Environment),
        "Bins overflowing.",
        "the merged write-up survives the observations after it"
    );
    assert_eq!(shown.observations.len(), 3);
    drop(a);
    let reopened = open_in(&dir.path().join("device-a"));
    assert_eq!(
        reopened.get_walkabout(id).expect("from the file"),
        shown,
        "what was shown is what was saved"
    );
}

#[test]
fn the_escalation_card_has_a_default_and_keeps_what_the_workspace_sets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let card = {
        let mut store = open_in(dir.path());
        assert_eq!(store.escalation_card().expect("default").phone, "999");
        let card = waymark_core::EscalationCard {
            instructions: "Call 999, then the Northfield front door.".into(),
            phone: "01632 960000".into(),
        };
        store.set_escalation_card(card.clone()).expect("set");
        card
    };
    assert_eq!(open_in(dir.path()).escalation_card().expect("kept"), card);
}

#[test]
fn a_possible_childs_name_stops_completion_until_it_is_edited_or_confirmed_and_the_confirmation_is_audited(
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _, id) = walking(dir.path());
    store.check_out(id, check_out()).expect("out");
    write_every_section(&mut store, id);
    with_first_names(&mut store, &["sam", "grace"]);
    store
        .update_write_up(
            id,
            WriteUpSection::Concerns,
            "Sam Jones waited by the gate; Grace Park was quiet.".into(),
        )
        .expect("typing is never blocked");
    assert_eq!(
        invalid(store.complete_walkabout(id)),
        ValidationError::PossibleChildName {
            names: "Sam Jones, Grace Park".into()
        }
    );

    // "Grace Park" is a place: confirmed. "Sam Jones" is edited out.
    let now = NOW;
    let confirmed = store
        .confirm_not_a_childs_name(id, "Grace", now)
        .expect("confirmed");
    assert_eq!(confirmed.not_childs_names, ["grace"]);
    assert_eq!(
        invalid(store.complete_walkabout(id)),
        ValidationError::PossibleChildName {
            names: "Sam Jones".into()
        }
    );
    store
        .update_write_up(
            id,
            WriteUpSection::Concerns,
            "A young person waited by the gate; Grace Park was quiet.".into(),
        )
        .expect("edited");
    assert_eq!(
        store.complete_walkabout(id).expect("completed").state,
        WalkaboutState::Completed
    );

    let audited = store.audit_to_send(10).expect("outbox");
    assert!(
        audited.iter().any(|event| event.record == id
            && event.action == waymark_core::audit::AuditAction::NotAChildsName
            && event.at == now),
        "{audited:?}"
    );
    let history = store.history(id).expect("history");
    assert!(history
        .iter()
        .any(|h| h.what == "Confirmed a flagged word is not a child's name"));
    assert!(
        history.iter().all(|h| !h.what.contains("Grace")),
        "the history never repeats the word"
    );
}

#[test]
fn an_urgent_concern_and_an_unsafe_check_out_alert_the_managers_until_one_acknowledges() {
    use waymark_core::access::WorkspaceRole;
    use waymark_core::directory::{Directory, Member};
    use waymark_core::walkabout::{SafetyAlertKind, CHECK_OUT_ALERT};
    let directory = |you: &str, role| Directory {
        you: you.into(),
        workspace: "Northside detached team".into(),
        members: vec![Member {
            user: you.into(),
            agency: None,
            role,
            actors: Vec::new(),
        }],
        records: Vec::new(),
        settings: Default::default(),
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut worker, park, id) = walking(&dir.path().join("worker"));
    worker
        .set_directory(&directory("y.worker", WorkspaceRole::Practitioner))
        .expect("kept");
    let mut urgent = urgent_concern();
    urgent.note = "An older man handing out phones".into();
    urgent.escalation = Some(Escalation {
        to_role: "Duty social worker".into(),
        to_agency: Some(PartnerAgency::ChildrensSocialCare),
        method: EscalationMethod::FrontDoor,
        at: now(),
        outcome: String::new(),
        case_ref: None,
    });
    worker.add_observation(id, urgent).expect("urgent");
    let mut unsafe_out = check_out();
    unsafe_out.all_safe = false;
    unsafe_out.note = "Followed to the car park".into();
    worker.check_out(id, unsafe_out).expect("checked out");
    // A practitioner's home page carries no alerts, and they cannot acknowledge one.
    assert!(worker.safety_alerts().expect("alerts").is_empty());
    assert_eq!(
        invalid(worker.acknowledge_alert(id, CHECK_OUT_ALERT)),
        ValidationError::AcknowledgingIsForManagers
    );

    // The manager's device, after sync, is alerted to both.
    let mut manager = open_in(&dir.path().join("manager"));
    manager
        .set_directory(&directory("t.manager", WorkspaceRole::Manager))
        .expect("kept");
    manager
        .merge_context(park, &worker.document_bytes(park).expect("bytes"))
        .expect("context");
    manager
        .merge_walkabout(id, &worker.document_bytes(id).expect("bytes"))
        .expect("walkabout");
    let alerts = manager.safety_alerts().expect("alerts");
    let kinds: Vec<_> = alerts.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [SafetyAlertKind::UrgentConcern, SafetyAlertKind::NotAllSafe]
    );
    assert!(
        alerts
            .iter()
            .all(|a| !a.what.to_string().contains("older man")),
        "no note in an alert"
    );
    assert_eq!(
        invalid(manager.acknowledge_alert(id, "not-an-alert")),
        ValidationError::UnknownItem
    );
    let acknowledged = manager
        .acknowledge_alert(id, &alerts[0].key)
        .expect("acknowledged");
    assert_eq!(acknowledged.acknowledgements[0].by, "t.manager");
    assert_eq!(manager.safety_alerts().expect("alerts").len(), 1);
    manager
        .acknowledge_alert(id, CHECK_OUT_ALERT)
        .expect("acknowledged");
    assert!(manager.safety_alerts().expect("alerts").is_empty());
    // A kill and a reopen keep it, and the history says who acknowledged.
    let path = manager.path().to_owned();
    drop(manager);
    let manager = common::reopen(&path);
    assert!(manager.safety_alerts().expect("alerts").is_empty());
    assert!(manager
        .history(id)
        .expect("history")
        .iter()
        .any(|entry| entry.what == "Acknowledged the urgent concern"));
}

#[test]
fn an_observation_is_corrected_on_two_devices_and_another_removed_with_its_reason() {
    use waymark_core::vocabulary::ObservationCategory;
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, park, id) = walking(&dir.path().join("a"));
    let kept = a.add_observation(id, observation(5)).expect("first").id;
    let mistaken = a.add_observation(id, observation(3)).expect("second").id;
    let mut b = open_in(&dir.path().join("b"));
    b.merge_context(park, &a.document_bytes(park).expect("bytes"))
        .expect("context");
    b.merge_walkabout(id, &a.document_bytes(id).expect("bytes"))
        .expect("walkabout");

    // Offline, one corrects the note and the other the category of the same observation.
    let current = |store: &Store| {
        store
            .get_walkabout(id)
            .expect("read")
            .observations
            .into_iter()
            .find(|o| o.id == kept)
            .expect("kept")
            .detail
    };
    let mut corrected = current(&a);
    corrected.note = "Group by the skate ramp, about eight.".into();
    a.update_observation(id, kept, corrected)
        .expect("a corrects");
    let mut recategorised = current(&b);
    recategorised.category = ObservationCategory::LightingAndSightlines;
    b.update_observation(id, kept, recategorised)
        .expect("b corrects");
    // And A removes the other one, with why; without a reason it is refused.
    assert_eq!(
        invalid(a.remove_observation(id, mistaken, "  ")),
        ValidationError::RemovalReasonRequired
    );
    a.remove_observation(id, mistaken, "Recorded twice")
        .expect("removed");
    let from_a = a.document_bytes(id).expect("bytes");
    let from_b = b.document_bytes(id).expect("bytes");
    a.merge_walkabout(id, &from_b).expect("merged");
    b.merge_walkabout(id, &from_a).expect("merged");

    for store in [&a, &b] {
        let walkabout = store.get_walkabout(id).expect("read");
        assert_eq!(
            walkabout.observations.len(),
            1,
            "the removed one is not listed"
        );
        let detail = &walkabout.observations[0].detail;
        assert_eq!(detail.note, "Group by the skate ramp, about eight.");
        assert_eq!(detail.category, ObservationCategory::LightingAndSightlines);
        assert_eq!(walkabout.removed_observations.len(), 1);
        assert_eq!(walkabout.removed_observations[0].reason, "Recorded twice");
        assert_eq!(rows(store.path(), "observations").len(), 1);
        assert!(store.field_conflicts(id).expect("conflicts").is_empty());
        let history = store.history(id).expect("history");
        assert!(history.iter().any(|e| e.what == "Edited an observation"));
        assert!(history.iter().any(|e| e.what == "Removed an observation"));
    }
    assert_eq!(
        invalid(a.update_observation(id, mistaken, observation(3))),
        ValidationError::UnknownItem,
        "a removed observation is no longer corrected"
    );
}

#[test]
fn a_case_reference_is_added_to_an_urgent_observation_later() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, _, id) = walking(dir.path());
    let mut urgent = urgent_concern();
    urgent.escalation = Some(Escalation {
        to_role: "Duty social worker".into(),
        to_agency: Some(PartnerAgency::ChildrensSocialCare),
        method: EscalationMethod::FrontDoor,
        at: now(),
        outcome: String::new(),
        case_ref: None,
    });
    let walked = store.add_observation(id, urgent).expect("urgent");
    let observation_id = walked.id;
    let mut later = walked.detail.clone();
    if let Some(escalation) = later.escalation.as_mut() {
        escalation.case_ref = Some("Sam Jones".into());
    }
    assert_eq!(
        invalid(store.update_observation(id, observation_id, later.clone())),
        ValidationError::InvalidCaseRef,
        "still a case reference, never a name"
    );
    if let Some(escalation) = later.escalation.as_mut() {
        escalation.case_ref = Some("CS-10234".into());
        escalation.outcome = "Strategy discussion booked".into();
    }
    let updated = store
        .update_observation(id, observation_id, later)
        .expect("added");
    let escalation = updated.observations[0]
        .detail
        .escalation
        .as_ref()
        .expect("escalation");
    assert_eq!(escalation.case_ref.as_deref(), Some("CS-10234"));
}
