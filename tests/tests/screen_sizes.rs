//! The main screens at the sizes practitioners hold them: a phone (390 × 844), a small phone
//! (360 × 640) and a tablet in landscape (1180 × 820). On each page a script measures every
//! button, link and field: each is at least 44 × 44 CSS pixels, none is cut off at the window's
//! edge, no two overlap, and the page never scrolls sideways; also with the text half as large
//! again, as a device set to larger text shows it. axe-core checks each page against
//! WCAG 2.2 A and AA, and nothing urgent, overdue or rated is told by colour alone. Each page is
//! photographed at each size.

mod common;

use common::{
    accessibility_problems, click, create_context, fill, fill_plan_and_save, find, screenshot,
    set_date, start_app, type_into, wait_for_text,
};
use fantoccini::Client;
use waymark_e2e::{app_binary, Result, TauriDriver, Xvfb};

const SIZES: [(&str, u32, u32); 3] = [
    ("phone", 390, 844),
    ("small-phone", 360, 640),
    ("tablet", 1180, 820),
];

/// What is wrong with the page's controls, in words; empty when nothing is.
const MEASURE: &str = r#"
const problems = [];
const width = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth > width + 1) {
  problems.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${width}px window`);
}
const describe = (el) => {
  const name = el.id ? `#${el.id}` : (el.className ? `.${String(el.className).split(' ')[0]}` : '');
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30);
  return `${el.tagName.toLowerCase()}${name} "${text}"`;
};
const targets = [];
for (const el of document.querySelectorAll(
  'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button]')) {
  const style = getComputedStyle(el);
  if (style.display === 'none' || style.visibility === 'hidden') continue;
  // Inside a closed <details> a field is not on screen, whatever its box says.
  if (el.closest('details:not([open])') && !el.matches('summary')) continue;
  // A box to tick is hit through its whole label.
  const target = el.matches('input[type=checkbox], input[type=radio]') ? (el.closest('label') || el) : el;
  const r = target.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if (r.width < 44 || r.height < 44) {
    problems.push(`${describe(el)} is ${Math.round(r.width)} × ${Math.round(r.height)}`);
  }
  if (r.right > width + 1 || r.left < -1) problems.push(`${describe(el)} is cut off`);
  targets.push([el, target, r]);
}
for (let i = 0; i < targets.length; i++) {
  for (let j = i + 1; j < targets.length; j++) {
    const [a, ta, ra] = targets[i];
    const [b, tb, rb] = targets[j];
    if (ta.contains(tb) || tb.contains(ta)) continue;
    const across = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
    const down = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (across > 1 && down > 1) problems.push(`${describe(a)} overlaps ${describe(b)}`);
  }
}
return problems;
"#;

/// Each mark that colours something urgent, overdue or red, amber or green, and says nothing in
/// words: no text, no accessible name, and (on the sketch map) no shape of its own.
const COLOUR_ONLY: &str = r#"
const problems = [];
for (const el of document.querySelectorAll('.urgent, .action-overdue, [class*="rag-"], .map-urgent, .sync-problem')) {
  if (el.closest('details:not([open])')) continue;
  if (el.matches('.map-urgent')) {
    if (el.tagName.toLowerCase() === 'circle') problems.push('an urgent observation on the map, drawn as a plain dot');
    continue;
  }
  const words = (el.innerText || el.getAttribute('aria-label') || el.getAttribute('title') || '').trim();
  if (!/[A-Za-zÀ-ɏ]{2}/.test(words)) problems.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ').join('.')}`);
}
return problems;
"#;

/// The computed font size of the element `css`, in CSS pixels.
async fn font_size(client: &Client, css: &str) -> Result<f64> {
    let found = client
        .execute(
            "return parseFloat(getComputedStyle(document.querySelector(arguments[0])).fontSize);",
            vec![serde_json::json!(css)],
        )
        .await?;
    Ok(found.as_f64().ok_or("no font size")?)
}

/// Measures the page open in `client` and photographs it as `page` at `size`.
async fn check(client: &Client, size: &str, page: &str) -> Result<Vec<String>> {
    let found = client.execute(MEASURE, Vec::new()).await?;
    let problems: Vec<String> = serde_json::from_value(found)?;
    screenshot(client, &format!("e2e-size-{size}-{page}")).await?;
    let mut problems: Vec<String> = problems
        .into_iter()
        .map(|problem| format!("{size}, {page}: {problem}"))
        .collect();
    problems.extend(accessibility_problems(client, &format!("{size}, {page}")).await?);
    let found = client.execute(COLOUR_ONLY, Vec::new()).await?;
    let colour_only: Vec<String> = serde_json::from_value(found)?;
    problems.extend(
        colour_only
            .into_iter()
            .map(|problem| format!("{size}, {page}: {problem} is told by colour alone")),
    );
    Ok(problems)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_main_screen_fits_a_phone_a_small_phone_and_a_tablet() -> Result<()> {
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app).await?;
    create_context(&client, "Brookside Park").await?;
    // A system review with a rater, to look at one being rated.
    click(&client, ".brand").await?;
    click(&client, "#system-reviews").await?;
    type_into(&client, "#new-review-area", "Northfield").await?;
    set_date(&client, "#new-review-held-on", "2026-11-02").await?;
    type_into(&client, "#new-review-facilitator", "J. Okafor").await?;
    click(&client, "#open-review").await?;
    type_into(&client, "#rater-name", "R. Patel").await?;
    type_into(&client, "#rater-role", "Team manager").await?;
    fill(&client, "#rater-agency", "childrens_social_care").await?;
    click(&client, "#add-rater").await?;
    wait_for_text(&client, "#raters", "R. Patel").await?;
    click(&client, "#start-rating").await?;
    wait_for_text(&client, "#review-stage", "Raters are rating").await?;
    let mut problems = Vec::new();
    for (size, width, height) in SIZES {
        client.set_window_size(width, height).await?;
        click(&client, ".brand").await?;
        find(&client, "#context-list").await?;
        problems.extend(check(&client, size, "home").await?);
        click(&client, "#new-context").await?;
        find(&client, "#name").await?;
        problems.extend(check(&client, size, "new-context").await?);
        click(&client, ".brand").await?;
        click(&client, "#context-list .context-row").await?;
        find(&client, "#outcome-measures").await?;
        problems.extend(check(&client, size, "context").await?);
        click(&client, "#plan-walkabout").await?;
        find(&client, "#save-plan").await?;
        problems.extend(check(&client, size, "plan-walkabout").await?);
        click(&client, ".brand").await?;
        click(&client, "#system-reviews").await?;
        find(&client, "#new-review").await?;
        problems.extend(check(&client, size, "system-reviews").await?);
        click(&client, ".review-row").await?;
        find(&client, ".review-item").await?;
        problems.extend(check(&client, size, "system-review").await?);
        click(&client, ".brand").await?;
        click(&client, "#new-referral").await?;
        find(&client, "#send-referral").await?;
        problems.extend(check(&client, size, "referral").await?);
        click(&client, "#settings").await?;
        find(&client, "#practitioner-name").await?;
        problems.extend(check(&client, size, "settings").await?);
    }
    // The walk itself, on the small phone: checked in, with the capture form open.
    client.set_window_size(360, 640).await?;
    click(&client, ".brand").await?;
    click(&client, "#context-list .context-row").await?;
    click(&client, "#plan-walkabout").await?;
    fill_plan_and_save(&client, None).await?;
    click(&client, "#start-walkabout").await?;
    wait_for_text(&client, "#walkabout-state", "In progress").await?;
    problems.extend(check(&client, "small-phone", "walking").await?);
    click(&client, "#add-observation").await?;
    find(&client, "#save-observation").await?;
    click(&client, "#capture summary").await?;
    type_into(&client, "#observation-note", "Lights out by the gate.").await?;
    problems.extend(check(&client, "small-phone", "capture").await?);

    // Larger text, as a practitioner sets it on the device: the root's size grows by half and
    // every size follows it, with nothing cut off or overlapping.
    client.set_window_size(390, 844).await?;
    let before = font_size(&client, "#save-observation").await?;
    client
        .execute(
            "document.documentElement.style.fontSize = 'calc(112.5% * 1.5)';",
            Vec::new(),
        )
        .await?;
    let after = font_size(&client, "#save-observation").await?;
    assert!(
        after > before * 1.4,
        "the text did not grow with the device's text size: {before}px to {after}px"
    );
    problems.extend(check(&client, "phone-large-text", "capture").await?);
    click(&client, ".brand").await?;
    find(&client, "#context-list").await?;
    problems.extend(check(&client, "phone-large-text", "home").await?);
    client.close().await?;
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    Ok(())
}
