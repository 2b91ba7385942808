//! A sharing decision end to end (privacy rules P6 to P8, P14): two apps and a real sync server.
//! A manager adds the school's designated safeguarding lead to the workspace from the app, makes
//! the code the lead's device enrols with, and writes up a walkabout; sharing decisions made on the record pages give the lead the place and
//! its walkabout to read; the lead's app shows the walkabout read-only and says under which
//! decision; the manager reads the audit log in the app, revokes one decision from the app and the
//! other with the admin command, and the records leave the lead's device. Last, the name check
//! (P3) stops a school assessment naming a pupil from being completed until it is edited, and
//! the lead's lost phone is erased from the manager's app.

mod common;

use std::ops::ControlFlow;
use std::time::Duration;

use common::{
    click, create_context, create_context_of_type, enrol, find, lines, plan_and_check_in,
    screenshot_at, start_app, text_of, type_into, wait_for_count, wait_for_text,
    wait_for_text_within,
};
use fantoccini::Client;
use waymark_e2e::{
    admin, app_binary, device_of, enrolment_code, eventually, free_port, server_binary, until,
    Result, SyncServer, TauriDriver, Xvfb,
};

const WORKSPACE: &str = "Northside team";

/// How long a sync may take to reach the server on a slow machine.
const PATIENCE: Duration = Duration::from_secs(120);

/// The ids of the records `user` created, oldest first, from `audit list`.
fn created_by(server: &std::path::Path, db: &std::path::Path, user: &str) -> Result<Vec<String>> {
    let listed = admin(server, db, &["audit", "list", "--user", user])?;
    Ok(listed
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.splitn(7, "  ").collect();
            (fields.get(4) == Some(&"create")).then(|| fields.get(5).map(|id| id.to_string()))?
        })
        .collect())
}

/// Makes a sharing decision from the record page open in `client`: the school, to read, for its
/// safety plan; it becomes decision `number`.
/// A local front door's questions: its own wording for what is known, and one of its own.
const OUR_FRONT_DOOR: &str = "[[question]]
id = \"worry\"
type = \"what_is_known\"
label = \"What is the worry about this place?\"

[[question]]
id = \"times\"
type = \"text\"
label = \"At what times of day is it worst?\"
";

async fn share_with_the_school(client: &Client, number: &str) -> Result<()> {
    click(client, "#share-form summary").await?;
    // The agencies offered are the workspace's partners: the licensing team was taken off.
    wait_for_count(client, "#share-agency option[value=police]", 1).await?;
    wait_for_count(client, "#share-agency option[value=licensing]", 0).await?;
    type_into(
        client,
        "#share-purpose",
        "The school's safety plan for the park at home time",
    )
    .await?;
    click(client, "#share-basis option[value=education_act_2002_s175]").await?;
    type_into(
        client,
        "#share-consent-reason",
        "About a place, not a named child",
    )
    .await?;
    click(client, "#share-record").await?;
    wait_for_text(client, "#shared", "Shared").await?;
    wait_for_text(
        client,
        "#who-can-see-shared",
        &format!("school.dsl, School (DSL), to read (sharing decision {number})"),
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_shares_a_walkabout_with_a_school_which_reads_it_until_the_share_is_revoked(
) -> Result<()> {
    let (app, server) = (app_binary(), server_binary());
    let work = tempfile::tempdir()?;
    let db = work.path().join("server.db");
    admin(&server, &db, &["workspace", "create", WORKSPACE])?;
    admin(
        &server,
        &db,
        &[
            "user",
            "add",
            "manager.one",
            "--workspace",
            WORKSPACE,
            "--agency",
            "youth_work",
            "--role",
            "manager",
        ],
    )?;
    let listen = format!("127.0.0.1:{}", free_port()?);
    let sync_server = SyncServer::start(&server, &db, &listen)?;

    let xvfb = Xvfb::start()?;
    let (home_a, home_b) = (tempfile::tempdir()?, tempfile::tempdir()?);
    let driver_a = TauriDriver::start(xvfb.display(), home_a.path(), &[])?;
    let driver_b = TauriDriver::start(xvfb.display(), home_b.path(), &[])?;
    let manager = start_app(&driver_a, &app).await?;
    let school = start_app(&driver_b, &app).await?;
    let address = sync_server.address.clone();
    enrol(
        &manager,
        &address,
        &enrolment_code(&server, &db, "manager.one")?,
        None,
    )
    .await?;

    // The manager adds the school's designated safeguarding lead from the app, to read.
    click(&manager, "#settings").await?;
    click(&manager, "#people-page").await?;
    type_into(&manager, "#new-person-name", "school.dsl").await?;
    click(&manager, "#new-person-agency option[value=school]").await?;
    click(&manager, "#new-person-role option[value=partner_reader]").await?;
    click(&manager, "#add-person").await?;
    wait_for_text(&manager, "#people", "school.dsl, School (DSL)").await?;
    screenshot_at(&manager, "#people", "e2e-share-people").await?;
    // And makes the one-time code the lead's device enrols with.
    click(&manager, "#enrol-person option[value='school.dsl']").await?;
    click(&manager, "#make-enrolment-code").await?;
    wait_for_text(&manager, "#issued-code", "school.dsl's new device").await?;
    let school_code = text_of(&manager, "#issued-code .code").await?;
    screenshot_at(&manager, "#issued-code", "e2e-people-enrolment-code").await?;
    click(&manager, "#back").await?;

    // The manager sets the workspace up for real records, for every device (P18).
    click(&manager, "#workspace-settings").await?;
    wait_for_text(&manager, "#workspace-ready", "Not yet ready").await?;
    type_into(&manager, "#dpia-reference", "DPIA-2026-014").await?;
    click(&manager, "#data-controllers").await?;
    wait_for_text(
        &manager,
        "#dpia_reference-saved",
        "Saved for the whole workspace",
    )
    .await?;
    type_into(&manager, "#data-controllers", "Northside Borough Council").await?;
    click(&manager, "#workspace-card-phone").await?;
    wait_for_text(
        &manager,
        "#data_controllers-saved",
        "Saved for the whole workspace",
    )
    .await?;
    click(&manager, "#save-workspace-card").await?;
    wait_for_text(&manager, "#workspace-ready", "Ready for real records").await?;
    wait_for_count(&manager, "#not-ready", 0).await?;
    type_into(&manager, "#first-names", "Grace, Amira").await?;
    click(&manager, "#save-first-names").await?;
    wait_for_text(
        &manager,
        "#first_names-saved",
        "Saved for the whole workspace",
    )
    .await?;
    screenshot_at(&manager, "#workspace-ready", "e2e-share-workspace-ready").await?;
    // This area calls its walkabouts neighbourhood observations, as the guidance does.
    type_into(
        &manager,
        "#walkabout-label-one",
        "Neighbourhood observation",
    )
    .await?;
    type_into(
        &manager,
        "#walkabout-label-many",
        "Neighbourhood observations",
    )
    .await?;
    click(&manager, "#save-walkabout-label").await?;
    wait_for_text(
        &manager,
        "#walkabout_label-saved",
        "Saved for the whole workspace",
    )
    .await?;
    // And names one area of the school assessments' RAG summary its own way.
    type_into(
        &manager,
        "#rag-area-label-prevention",
        "Prevention and education",
    )
    .await?;
    click(&manager, "#rag-area-label-identification").await?;
    wait_for_text(
        &manager,
        "#rag_areas-saved",
        "Saved for the whole workspace",
    )
    .await?;
    // This partnership does not work with the licensing team: nothing is shared with it.
    click(&manager, "#partner-licensing").await?;
    wait_for_text(&manager, "#partners-saved", "Saved for the whole workspace").await?;
    screenshot_at(&manager, "#partner-licensing", "e2e-share-partner-agencies").await?;
    // The front door asks in its own words: a question file with a mistake is refused with its
    // line, and the questions in force stay; a good one is used by the referral form.
    let questions = find(&manager, "#referral-questions").await?;
    questions.clear().await?;
    questions
        .send_keys(&lines(&[
            "[[question]]",
            "id = \"ward\"",
            "type = \"dropdown\"",
            "label = \"Ward\"",
        ]))
        .await?;
    click(&manager, "#save-referral-questions").await?;
    wait_for_text(&manager, "#referral_questions-error", "line 3").await?;
    wait_for_text(
        &manager,
        "#referral_questions-error",
        "\"dropdown\" is not a question type",
    )
    .await?;
    screenshot_at(
        &manager,
        "#referral_questions-error",
        "e2e-referral-questions-refused",
    )
    .await?;
    let questions = find(&manager, "#referral-questions").await?;
    questions.clear().await?;
    questions
        .send_keys(&lines(&OUR_FRONT_DOOR.lines().collect::<Vec<_>>()))
        .await?;
    click(&manager, "#save-referral-questions").await?;
    wait_for_text(
        &manager,
        "#referral_questions-saved",
        "Saved for the whole workspace",
    )
    .await?;
    click(&manager, "#back").await?;
    click(&manager, "#back").await?;
    click(&manager, "#new-referral").await?;
    wait_for_text(
        &manager,
        "label[for=answer-times]",
        "At what times of day is it worst?",
    )
    .await?;
    wait_for_text(
        &manager,
        "label[for=what-is-known]",
        "What is the worry about this place?",
    )
    .await?;
    screenshot_at(&manager, "#send-referral", "e2e-referral-local-questions").await?;
    click(&manager, "#back").await?;
    enrol(&school, &address, &school_code, None).await?;

    // The manager walks the park and writes it up.
    create_context(&manager, "Northfield Park").await?;
    wait_for_text(
        &manager,
        "#walkabouts-heading",
        "Neighbourhood observations",
    )
    .await?;
    wait_for_text(
        &manager,
        "#plan-walkabout",
        "Plan a new neighbourhood observation",
    )
    .await?;
    screenshot_at(&manager, "#plan-walkabout", "e2e-share-walkabout-label").await?;
    plan_and_check_in(&manager).await?;
    click(&manager, "#check-out").await?;
    click(&manager, "#confirm-check-out").await?;
    wait_for_text(&manager, "#walkabout-state", "Checked out").await?;
    type_into(
        &manager,
        "#write-up-concerns",
        "Older males waiting by the gate at home time, then walking to Grace Park.",
    )
    .await?;
    // P3: a listed first name is flagged as it is typed; this one is a place, and says so.
    wait_for_text(
        &manager,
        "#concerns-name-flags",
        "“Grace Park” may be a child's name",
    )
    .await?;
    screenshot_at(&manager, "#concerns-name-flags", "e2e-share-name-check").await?;
    click(&manager, "#concerns-name-flags .name-confirm").await?;
    wait_for_count(&manager, "#concerns-name-flags .name-flag", 0).await?;
    wait_for_text(&manager, "#save-status", "Saved on this device").await?;
    wait_for_text(&manager, "#sync-status", "Synced").await?;
    eventually(
        "the place and the walkabout on the server",
        PATIENCE,
        || async {
            let created = created_by(&server, &db, "manager.one")?;
            Ok(if created.len() == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(format!("created so far: {created:?}"))
            })
        },
    )
    .await?;

    // The manager shares the walkabout, then the place, with the school from their pages.
    share_with_the_school(&manager, "1").await?;
    screenshot_at(&manager, "#who-can-see", "e2e-share-decided").await?;
    click(&manager, "#back").await?;
    share_with_the_school(&manager, "2").await?;
    let decision = "1";

    // The school's app receives both at its next sync, and shows the write-up read-only.
    click(&school, "#settings").await?;
    click(&school, "#sync-now").await?;
    click(&school, "#back").await?;
    wait_for_text(&school, "#context-list", "Northfield Park").await?;
    click(&school, "#context-list .context-row").await?;
    // The school's device names walkabouts as the workspace does.
    wait_for_text(&school, "#walkabouts-heading", "Neighbourhood observations").await?;
    click(&school, ".walkabout-row").await?;
    wait_for_text(&school, "#walkabout-state", "Checked out").await?;
    wait_for_text(&school, "#read-only", "Shared with you to read").await?;
    wait_for_text(
        &school,
        "#who-can-see-shared",
        &format!("school.dsl, School (DSL), to read (sharing decision {decision})"),
    )
    .await?;
    wait_for_text(
        &school,
        "#who-can-see-people",
        "manager.one, Youth work (manager)",
    )
    .await?;
    screenshot_at(&school, "#who-can-see", "e2e-share-school-reads").await?;
    // The school cannot change it: its app says why, and keeps the team's words.
    type_into(&school, "#write-up-concerns", " Changed at the school.").await?;
    wait_for_text(&school, "#concerns-error", "shared with you to read").await?;
    wait_for_text(&school, "#save-status", "Not saved").await?;
    screenshot_at(&school, "#concerns-error", "e2e-share-school-cannot-change").await?;

    // The school's views reach the audit log at its next sync.
    click(&school, "#settings").await?;
    click(&school, "#sync-now").await?;
    click(&school, "#back").await?;
    eventually("the school's views in the audit log", PATIENCE, || async {
        let listed = admin(&server, &db, &["audit", "list", "--user", "school.dsl"])?;
        Ok(if listed.contains("  view  ") {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(listed)
        })
    })
    .await?;

    // The manager reads, in the app, the workspace's log and then the walkabout's alone.
    click(&manager, "#settings").await?;
    click(&manager, "#audit-log").await?;
    wait_for_text(&manager, "#audit-entries", "school.dsl · Viewed").await?;
    wait_for_text(&manager, "#audit-entries", "manager.one · Shared").await?;
    screenshot_at(&manager, "#audit-entries", "e2e-share-audit-log").await?;
    click(&manager, "#back").await?;
    click(&manager, "#back").await?;
    click(&manager, "#context-list .context-row").await?;
    click(&manager, ".walkabout-row").await?;
    click(&manager, "#record-audit-log").await?;
    wait_for_text(&manager, "#audit-entries", "manager.one · Created").await?;
    wait_for_text(&manager, "#audit-entries", "school.dsl · Viewed").await?;

    // The manager revokes the walkabout's share from its page, and the place's with the admin
    // command: at its next sync the school's device no longer holds either record.
    click(&manager, "#back").await?;
    click(&manager, "#context-list .context-row").await?;
    click(&manager, ".walkabout-row").await?;
    click(&manager, &format!("#revoke-share-{decision}")).await?;
    wait_for_text(&manager, "#who-can-see-scope", "The team:").await?;
    screenshot_at(&manager, "#who-can-see", "e2e-share-revoked-by-manager").await?;
    let decisions = admin(&server, &db, &["share", "list", "--workspace", WORKSPACE])?;
    assert!(
        decisions.contains("revoked by manager.one"),
        "the revocation is recorded: {decisions}"
    );
    admin(
        &server,
        &db,
        &["share", "revoke", "2", "--by", "manager.one"],
    )?;
    click(&school, "#settings").await?;
    click(&school, "#sync-now").await?;
    click(&school, "#back").await?;
    wait_for_text(&school, "#no-contexts", "No contexts yet").await?;
    screenshot_at(&school, "#no-contexts", "e2e-share-revoked").await?;

    // P3 in a school assessment: a listed first name in a component's summary is flagged as it
    // is typed, and stops completion until it is edited out.
    click(&manager, "#back").await?;
    click(&manager, "#back").await?;
    create_context_of_type(
        &manager,
        "Northfield Academy",
        "school_college_or_alternative_provision",
    )
    .await?;
    type_into(&manager, "#dsl-name", "K. Mensah").await?;
    type_into(&manager, "#dsl-role", "Deputy head, DSL").await?;
    click(&manager, "#agree-school-assessment").await?;
    type_into(
        &manager,
        "#summary-student_survey",
        "Amira said the back field feels unsafe.",
    )
    .await?;
    wait_for_text(
        &manager,
        "#student_survey-name-flags",
        "“Amira” may be a child's name",
    )
    .await?;
    wait_for_text(&manager, "#rag-prevention h3", "Prevention and education").await?;
    for area in [
        "structures_and_systems",
        "prevention",
        "identification",
        "response_and_intervention",
    ] {
        type_into(&manager, &format!("#reason-{area}"), "Policy in place.").await?;
        click(&manager, &format!("#rate-{area}")).await?;
        wait_for_text(&manager, &format!("#rag-{area}"), "Saved on this device").await?;
    }
    click(&manager, "#complete-school").await?;
    wait_for_text(&manager, "#write_up-error", "This may name a child: Amira").await?;
    screenshot_at(
        &manager,
        "#component-student_survey",
        "e2e-school-name-check",
    )
    .await?;
    find(&manager, "#summary-student_survey")
        .await?
        .clear()
        .await?;
    type_into(
        &manager,
        "#summary-student_survey",
        "A pupil said the back field feels unsafe.",
    )
    .await?;
    wait_for_count(&manager, "#student_survey-name-flags .name-flag", 0).await?;
    // The edit is saved a moment after typing stops; completion is tried until it has been.
    eventually("the school assessment completed", PATIENCE, || async {
        click(&manager, "#complete-school").await?;
        let done = manager
            .find_all(fantoccini::Locator::Css("#school-completed"))
            .await?
            .len();
        Ok(until(done == 1, || "not completed yet".to_owned()))
    })
    .await?;

    // The lead's phone is lost: the manager has it erased from the app, and it is, at once.
    click(&manager, "#back").await?;
    click(&manager, "#back").await?;
    click(&manager, "#settings").await?;
    click(&manager, "#people-page").await?;
    let lost = device_of(&server, &db, "school.dsl")?;
    let row = format!("#device-{lost}");
    wait_for_text(&manager, &row, "enrolled").await?;
    click(&manager, &format!("{row} .wipe-device summary")).await?;
    type_into(&manager, &format!("{row} .wipe-confirmation"), "WIPE").await?;
    click(&manager, &format!("{row} .wipe-now")).await?;
    wait_for_text(&manager, &row, "revoked, wipe ordered").await?;
    screenshot_at(&manager, &row, "e2e-people-device-wiped").await?;
    wait_for_text_within(
        &school,
        "#wiped-by",
        "manager.one had this device's records erased",
        Duration::from_secs(90),
    )
    .await?;
    Ok(())
}
