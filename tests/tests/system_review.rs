//! The system review in the real app: a facilitator opens Northfield's review with two raters;
//! each rates alone and, while rating, never sees the other's rating; the group then sees both,
//! with the disagreement marked, agrees every item and makes the review final. It is exported as
//! a PDF (its text read with pdftotext, its first page drawn as a PNG) and a CSV (read back by a
//! CSV parser), and a second review opened after a restart is compared with it. Invented area and
//! people only.

mod common;

use common::{
    click, fill, find, saved_path, screenshot_at, select, set_date, start_app, type_into,
    wait_for_count, wait_for_text,
};
use fantoccini::{Client, Locator};
use waymark_core::system_review::ReviewItem;
use waymark_e2e::{app_binary, Result, TauriDriver, Xvfb};

const ITEM: &str = "#item-target_contexts";

/// Opens a review of Northfield held on `held_on`, from the list of reviews.
async fn open_review(client: &Client, held_on: &str) -> Result<()> {
    click(client, "#system-reviews").await?;
    type_into(client, "#new-review-area", "Northfield").await?;
    set_date(client, "#new-review-held-on", held_on).await?;
    type_into(client, "#new-review-facilitator", "J. Okafor").await?;
    click(client, "#open-review").await?;
    wait_for_text(client, "#review-stage", "Being set up").await?;
    Ok(())
}

async fn add_rater(client: &Client, name: &str, role: &str, agency: &str) -> Result<()> {
    type_into(client, "#rater-name", name).await?;
    type_into(client, "#rater-role", role).await?;
    fill(client, "#rater-agency", agency).await?;
    click(client, "#add-rater").await?;
    wait_for_text(client, "#raters", name).await?;
    Ok(())
}

/// Chooses who is rating on the device, and waits for the page to show them.
async fn rate_as(client: &Client, rater: &str) -> Result<()> {
    let select_element = find(client, "#rating-as").await?;
    for option in select_element.find_all(Locator::Css("option")).await? {
        if option.text().await? == rater {
            let value = option.attr("value").await?.unwrap_or_default();
            select(client, "#rating-as", &value).await?;
            return Ok(());
        }
    }
    Err(format!("{rater} is not among the raters").into())
}

/// How many raters' ratings the item shows.
async fn ratings_shown(client: &Client) -> Result<usize> {
    Ok(client
        .find_all(Locator::Css(&format!("{ITEM} .shown-rating")))
        .await?
        .len())
}

async fn rate(client: &Client, rag: &str, reason: &str) -> Result<()> {
    click(client, &format!("{ITEM} .rating-form .rag-{rag}")).await?;
    fill(client, &format!("{ITEM} .rating-reason"), reason).await?;
    click(client, &format!("{ITEM} .save-rating")).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn raters_rate_alone_then_the_group_agrees_and_the_next_review_compares() -> Result<()> {
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app).await?;

    open_review(&client, "2026-11-02").await?;
    click(&client, "#start-rating").await?;
    wait_for_text(&client, "#raters-error", "at least one rater").await?;
    add_rater(&client, "R. Patel", "Team manager", "childrens_social_care").await?;
    add_rater(&client, "L. Evans", "Inspector", "police").await?;
    click(&client, "#start-rating").await?;
    wait_for_text(&client, "#review-stage", "Raters are rating").await?;

    // Each rater rates alone: the second never sees the first's rating.
    rate_as(&client, "R. Patel").await?;
    rate(
        &client,
        "red",
        "No route to refer a place at the front door.",
    )
    .await?;
    wait_for_text(&client, &format!("{ITEM} .shown-rating"), "R. Patel").await?;
    wait_for_text(&client, &format!("{ITEM} .rated-by"), "Rated by 1 of 2").await?;
    rate_as(&client, "L. Evans").await?;
    wait_for_text(&client, &format!("{ITEM} .rated-by"), "Rated by 1 of 2").await?;
    assert_eq!(ratings_shown(&client).await?, 0, "Patel's rating is hidden");
    fill(&client, &format!("{ITEM} .rating-reason"), "").await?;
    click(&client, &format!("{ITEM} .save-rating")).await?;
    wait_for_text(
        &client,
        &format!("{ITEM} #rag-error"),
        "red, amber or green",
    )
    .await?;
    rate(&client, "amber", "Police refer some places informally.").await?;
    wait_for_text(&client, &format!("{ITEM} .rated-by"), "Rated by 2 of 2").await?;
    assert_eq!(ratings_shown(&client).await?, 1, "only Evans's own rating");
    screenshot_at(&client, ITEM, "e2e-system-review-rating").await?;

    // The group sees every rating, and where the raters disagree.
    click(&client, "#start-moderation").await?;
    wait_for_text(&client, "#review-stage", "Agreeing the ratings").await?;
    wait_for_count(&client, &format!("{ITEM} .shown-rating"), 2).await?;
    wait_for_text(
        &client,
        &format!("{ITEM} .disagreement"),
        "The raters disagree",
    )
    .await?;
    screenshot_at(&client, "#review-steps", "e2e-system-review-moderation").await?;
    click(&client, "#finalise-review").await?;
    wait_for_text(&client, "#items-error", "8 still to agree").await?;
    for item in ReviewItem::all(false) {
        let card = format!("#item-{}", item.code());
        let rag = if item.code() == "target_contexts" {
            "amber"
        } else {
            "red"
        };
        click(&client, &format!("{card} .agree-form .rag-{rag}")).await?;
        fill(
            &client,
            &format!("{card} .agreed-reason"),
            "Agreed by the group after discussion.",
        )
        .await?;
        if rag == "amber" {
            fill(
                &client,
                &format!("{card} .agreed-dissent"),
                "Police would rate it green.",
            )
            .await?;
        }
        click(&client, &format!("{card} .save-agreed")).await?;
        wait_for_text(&client, &format!("{card} .agreed"), "Agreed:").await?;
    }
    screenshot_at(&client, ITEM, "e2e-system-review-agreed").await?;
    click(&client, "#finalise-review").await?;
    wait_for_text(&client, "#review-stage", "Final").await?;
    assert!(
        client
            .find_all(Locator::Css(".save-rating, .save-agreed, #add-rater"))
            .await?
            .is_empty(),
        "a final review has nothing left to change"
    );

    // The board's PDF and the analysts' CSV.
    click(&client, "#export-review_csv").await?;
    let status = wait_for_text(&client, "#review-export-status", "system-review.csv (").await?;
    let csv_text = std::fs::read_to_string(saved_path(&status)?)?;
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers()?.clone();
    let rows: Vec<csv::StringRecord> = reader.records().collect::<std::result::Result<_, _>>()?;
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or(name.to_owned())
    };
    let (by, rag, dissent) = (
        column("rated by")?,
        column("RAG")?,
        column("evidence or dissent")?,
    );
    assert_eq!(
        rows.len(),
        2 + 8,
        "two ratings and eight agreed: {csv_text}"
    );
    assert!(rows
        .iter()
        .any(|row| &row[by] == "R. Patel" && &row[rag] == "Red"));
    assert!(rows
        .iter()
        .any(|row| &row[by] == "Agreed" && &row[dissent] == "Police would rate it green."));

    click(&client, "#export-review_pdf").await?;
    let status = wait_for_text(&client, "#review-export-status", "system-review.pdf (").await?;
    let pdf = saved_path(&status)?;
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", &pdf, "-"])
        .output()?;
    assert!(text.status.success(), "pdftotext read the PDF");
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in [
        "OFFICIAL-SENSITIVE",
        "System review: Northfield",
        "No sharing decision recorded: do not share",
        "R. Patel",
        "Amber: partly in place",
        "Dissent: Police would rate it green.",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} not in the PDF: {text}"
        );
    }
    let screenshots = waymark_e2e::target_dir().join("screenshots");
    std::fs::create_dir_all(&screenshots)?;
    let rendered = std::process::Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            &pdf,
        ])
        .arg(screenshots.join("e2e-system-review-pdf-page-1"))
        .status()?;
    assert!(rendered.success(), "pdftoppm drew the first page");

    // After a restart the review is final, and the next one is compared with it.
    client.close().await?;
    let client = start_app(&driver, &app).await?;
    click(&client, "#system-reviews").await?;
    wait_for_text(
        &client,
        ".review-row",
        "Agreed: 7 red, 1 amber, 0 green of 8",
    )
    .await?;
    screenshot_at(&client, "#review-list", "e2e-system-review-list").await?;
    type_into(&client, "#new-review-area", "Northfield").await?;
    set_date(&client, "#new-review-held-on", "2027-05-04").await?;
    type_into(&client, "#new-review-facilitator", "J. Okafor").await?;
    click(&client, "#open-review").await?;
    wait_for_text(&client, "#review-previous", "Northfield, 2026-11-02").await?;
    wait_for_text(
        &client,
        &format!("{ITEM} .previous-rating"),
        "Last review: Amber",
    )
    .await?;
    client.close().await?;
    Ok(())
}
