//! English and Welsh. Started in the pseudo-locale, where every message from the message files
//! has its consonants changed, no page shows a plain English word: one would be a sentence, or a
//! vocabulary's label, still written in the code. The first test reads the lock screen, the top
//! bar, the sync line, the home page, Settings, a new context's form, the context's page and the
//! walkabout planning form; then a practitioner chooses Cymraeg in Settings, the app is drawn
//! again in Welsh, and a refusal from core is worded in Welsh too. The second walks the journey
//! in the pseudo-locale: a referral and its screening, a walkabout being walked and its capture
//! form, a context conference, the plan, a school assessment and a peer group's.
//!
//! What the tests type is initials and numbers, which are not words of the interface.

mod common;

use std::path::Path;

use common::{
    click, fill, find, open_records, screenshot, select, send_new_context, set_date, start_app,
    start_locked_app, tick, type_into, wait_for_text,
};
use fantoccini::Client;
use waymark_e2e::{app_binary, Result, TauriDriver, Xvfb};

/// Each word on the page, in `selectors`, that is plain English: two or more ASCII letters with a
/// consonant among them. The pseudo-locale changes every consonant, and numbers and the test's
/// own data are not words of the interface.
const PLAIN_WORDS: &str = r#"
const text = arguments[0].map((css) => [...document.querySelectorAll(css)].map((el) => el.innerText).join('\n')).join('\n');
const values = [...document.querySelectorAll('input[placeholder], [aria-label], [title]')]
  .map((el) => [el.getAttribute('placeholder'), el.getAttribute('aria-label'), el.getAttribute('title')].join(' '));
const words = (text + ' ' + values.join(' ')).split(/[^A-Za-z\u00C0-\u024F\u1E00-\u1EFF]+/);
return [...new Set(words.filter((w) => w.length >= 2 && /^[A-Za-z]+$/.test(w) && /[^aeiouAEIOU]/.test(w)))];
"#;

/// The words of `selectors` still in plain English, less the brand name and the languages' own
/// names ("English", "Cymraeg", and the pseudo-locale's "Pseudo"), which are never translated:
/// a practitioner looks for their language by the name it has in itself.
async fn plain_words(client: &Client, selectors: &[&str]) -> Result<Vec<String>> {
    let found = client
        .execute(PLAIN_WORDS, vec![serde_json::json!(selectors)])
        .await?;
    let words: Vec<String> = serde_json::from_value(found)?;
    Ok(words
        .into_iter()
        .filter(|w| !["Waymark", "English", "Cymraeg", "Pseudo"].contains(&w.as_str()))
        .collect())
}

/// Fails on any plain English word in `selectors`, naming `page` and the words.
async fn assert_all_worded(client: &Client, selectors: &[&str], page: &str) -> Result<()> {
    let left = plain_words(client, selectors).await?;
    assert!(left.is_empty(), "plain English {page}: {left:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn no_sentence_is_left_in_the_code_and_welsh_can_be_chosen() -> Result<()> {
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let pseudo = Path::new("qps-ploc");
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[("LANGUAGE", pseudo)])?;
    let client = start_locked_app(&driver, &app).await?;
    find(&client, "#set-up-passcode").await?;
    assert_all_worded(&client, &[".lock-screen"], "on the lock screen").await?;
    open_records(&client).await?;
    find(&client, "#no-contexts").await?;
    let lang = client
        .execute("return document.documentElement.lang;", Vec::new())
        .await?;
    assert_eq!(lang, serde_json::json!("qps-ploc"));
    screenshot(&client, "e2e-language-pseudo-home").await?;
    assert_all_worded(
        &client,
        &["#not-ready", ".topbar", "#sync-status", "main"],
        "on the home page",
    )
    .await?;

    // Settings, with the map of the area, the passcode and the escalation card.
    click(&client, "#settings").await?;
    find(&client, "#offline-map-status").await?;
    assert_all_worded(&client, &["main"], "in Settings").await?;

    // A new context's form, the context's page and the walkabout planning form. The context is
    // named with initials, which are not words of the interface.
    click(&client, "#back").await?;
    click(&client, "#new-context").await?;
    find(&client, "#create-context").await?;
    assert_all_worded(&client, &["main"], "on the new context form").await?;
    type_into(&client, "#name", "A.E.").await?;
    find(&client, "#context-type")
        .await?
        .select_by_value("park_or_green_space")
        .await?;
    type_into(&client, "#latitude", "52.4100").await?;
    type_into(&client, "#longitude", "-1.9700").await?;
    click(&client, "#create-context").await?;
    find(&client, "#plan-walkabout").await?;
    find(&client, "#who-can-see").await?;
    screenshot(&client, "e2e-language-pseudo-context").await?;
    assert_all_worded(&client, &["main"], "on the context page").await?;
    click(&client, "#plan-walkabout").await?;
    find(&client, "#purpose").await?;
    assert_all_worded(&client, &["main"], "on the walkabout plan").await?;
    click(&client, "#settings").await?;

    // Cymraeg, chosen in Settings, whatever the system says.
    fill(&client, "#language", "cy-GB").await?;
    wait_for_text(&client, "main h1", "Cyd-destunau").await?;
    wait_for_text(&client, "#settings", "Gosodiadau").await?;
    let lang = client
        .execute("return document.documentElement.lang;", Vec::new())
        .await?;
    assert_eq!(lang, serde_json::json!("cy-GB"));
    screenshot(&client, "e2e-language-welsh-home").await?;
    // A refusal from core, in Welsh.
    click(&client, "#new-context").await?;
    click(&client, "#create-context").await?;
    wait_for_text(&client, "#name-error", "Rhowch enw i'r cyd-destun").await?;
    // The choice outlives a restart.
    client.close().await?;
    drop(driver);
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[("LANGUAGE", pseudo)])?;
    let client = start_app(&driver, &app).await?;
    wait_for_text(&client, "main h1", "Cyd-destunau").await?;
    click(&client, "#settings").await?;
    find(&client, "#language-shown").await?;
    wait_for_text(&client, "#language-shown", "Cymraeg").await?;
    client.close().await?;
    Ok(())
}

/// A context of `context_type` named `name`, made from the home page; waits for its page by an
/// id, as its words are pseudo-localised.
async fn new_context(client: &Client, name: &str, context_type: &str) -> Result<()> {
    click(client, ".brand").await?;
    send_new_context(client, name, context_type).await?;
    find(client, "#who-can-see").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_journey_the_walk_and_the_assessments_are_worded_in_the_pseudo_locale() -> Result<()> {
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let pseudo = Path::new("qps-ploc");
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[("LANGUAGE", pseudo)])?;
    let client = start_app(&driver, &app).await?;

    // The front door: a referral, then its screening.
    click(&client, "#new-referral").await?;
    find(&client, "#send-referral").await?;
    assert_all_worded(&client, &["main"], "on the referral form").await?;
    type_into(&client, "#referral-name", "B.P.").await?;
    select(&client, "#referral-type", "park_or_green_space").await?;
    type_into(&client, "#referral-area", "B.W.").await?;
    type_into(&client, "#front-door", "F.D.").await?;
    type_into(&client, "#referrer-role", "N.O.").await?;
    select(&client, "#referrer-agency", "police").await?;
    tick(&client, "#concern-types input[value='cce']").await?;
    type_into(&client, "#what-is-known", "Y.P.").await?;
    select(&client, "#urgency", "soon").await?;
    click(&client, "#send-referral").await?;
    find(&client, "#screen").await?;
    assert_all_worded(&client, &["main"], "on the referral page").await?;
    select(&client, "#screening-decision", "assessment").await?;
    select(&client, "#threshold-level", "universal_plus").await?;
    type_into(&client, "#screening-reason", "P.R.").await?;
    tick(&client, "#assessments-chosen input[value='walkabout']").await?;
    type_into(&client, "#lead-worker", "Y.W.").await?;
    click(&client, "#screen").await?;
    find(&client, "#screening").await?;
    screenshot(&client, "e2e-language-pseudo-referral").await?;
    assert_all_worded(&client, &["main"], "on the screened referral").await?;

    // The context, with its assessment to do; the walkabout planned, then walked.
    click(&client, "#back").await?;
    find(&client, "#assessment-tasks").await?;
    assert_all_worded(&client, &["main"], "on the referred context's page").await?;
    click(&client, "#plan-walkabout").await?;
    type_into(&client, "#purpose", "E.O.").await?;
    type_into(&client, "#member-1-name", "J.O.").await?;
    type_into(&client, "#member-2-name", "R.P.").await?;
    type_into(&client, "#contact-name", "D.D.").await?;
    type_into(&client, "#contact-phone", "01632 960123").await?;
    click(&client, "#save-plan").await?;
    find(&client, "#start-walkabout").await?;
    assert_all_worded(&client, &["main"], "on the planned walkabout").await?;
    click(&client, "#start-walkabout").await?;
    find(&client, "#add-observation").await?;
    screenshot(&client, "e2e-language-pseudo-walking").await?;
    assert_all_worded(&client, &["main"], "on the walking screen").await?;
    click(&client, "#add-observation").await?;
    find(&client, "#save-observation").await?;
    assert_all_worded(&client, &["main"], "on the capture form").await?;

    // The context conference, and the plan it decides on.
    click(&client, "#back").await?;
    click(&client, "#arrange-conference").await?;
    find(&client, "#complete-conference").await?;
    assert_all_worded(&client, &["main"], "on the conference page").await?;
    let today = waymark_core::millis::day_of(time::OffsetDateTime::now_utc());
    set_date(&client, "#held-on", &today).await?;
    type_into(&client, "#chair-name", "H.S.").await?;
    type_into(&client, "#chair-role", "H.O.").await?;
    click(&client, "#held-on").await?;
    tick(&client, "#considered input.consider").await?;
    select(&client, "#conference-decision", "plan").await?;
    set_date(&client, "#next-review", "2027-02-01").await?;
    click(&client, "#chair-name").await?;
    click(&client, "#complete-conference").await?;
    find(&client, "#plan-status").await?;
    screenshot(&client, "e2e-language-pseudo-plan").await?;
    assert_all_worded(&client, &["main"], "on the plan").await?;

    // A school, and the assessment agreed with its DSL.
    new_context(&client, "N.A.", "school_college_or_alternative_provision").await?;
    find(&client, "#agree-school-assessment").await?;
    assert_all_worded(&client, &["main"], "on the school's page").await?;
    type_into(&client, "#dsl-name", "K.M.").await?;
    type_into(&client, "#dsl-role", "D.H.").await?;
    click(&client, "#agree-school-assessment").await?;
    find(&client, "#site-plan").await?;
    screenshot(&client, "e2e-language-pseudo-school").await?;
    assert_all_worded(&client, &["main"], "on the school assessment").await?;

    // A peer group, assessed as a whole.
    new_context(&client, "G.A.", "peer_group").await?;
    click(&client, "#start-group-assessment").await?;
    type_into(&client, "#member-label", "J.K.").await?;
    click(&client, "#add-member").await?;
    wait_for_text(&client, "#peer-map", "J.K.").await?;
    assert_all_worded(&client, &["main"], "on the peer group assessment").await?;
    client.close().await?;
    Ok(())
}
