//! A system review for a partnership board: as an A4 PDF, with the classification banner and the
//! sharing decision on every page (P15), and as a CSV with one row per rating. Both are made from
//! what the review shows the group ([`SystemReviewView`] seen by nobody in particular), so a review
//! exported before moderation carries no rater's rating.

use printpdf::{Op, PdfDocument, PdfSaveOptions, Pt};
use waymark_core::system_review::{rag_label, ItemView, SystemReviewView};
use waymark_core::vocabulary::Rag;

use crate::pdf::{colour, line, plain, text_at, Pages, LEFT};
use crate::ExportError;

/// What the review's PDF is made from.
#[derive(Debug, Clone)]
pub struct ReviewReport<'a> {
    pub classification: &'a str,
    pub sharing_decision: Option<i64>,
    /// Year-month-day.
    pub made_on: &'a str,
    pub review: &'a SystemReviewView,
}

/// The columns of the review's CSV, in order.
pub const REVIEW_COLUMNS: [&str; 13] = [
    "area",
    "held on",
    "stage",
    "item",
    "domain or value",
    "level",
    "rated by",
    "agency",
    "role",
    "RAG",
    "reason",
    "evidence or dissent",
    "last review's agreed RAG",
];

fn rag_word(rag: Rag) -> &'static str {
    match rag {
        Rag::Red => "Red",
        Rag::Amber => "Amber",
        Rag::Green => "Green",
    }
}

/// The domain or value and the level of an item, in words.
fn item_parts(row: &ItemView) -> (String, String) {
    match row.item {
        waymark_core::system_review::ReviewItem::Domain(domain, level) => {
            (domain.label().to_owned(), level.label().to_owned())
        }
        waymark_core::system_review::ReviewItem::Value(value) => {
            (format!("Value: {}", value.label()), String::new())
        }
    }
}

/// One row per rater's rating of each item, then a row for what the group agreed ("Agreed" in
/// the "rated by" column), with the last review's agreed RAG beside it.
pub fn system_review_csv(review: &SystemReviewView) -> Result<Vec<u8>, ExportError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(REVIEW_COLUMNS)?;
    for row in &review.items {
        let (domain, level) = item_parts(row);
        let start = [
            review.area.clone(),
            review.held_on.clone(),
            review.stage.label().to_owned(),
            row.label.clone(),
            domain,
            level,
        ];
        for shown in &row.ratings {
            let rater = review.raters.iter().find(|rater| rater.id == shown.rater);
            let mut record = start.to_vec();
            record.extend([
                shown.rater_name.clone(),
                rater
                    .map(|r| r.agency.label().to_owned())
                    .unwrap_or_default(),
                rater.map(|r| r.role.clone()).unwrap_or_default(),
                rag_word(shown.rating.rag).to_owned(),
                shown.rating.reason.clone(),
                shown.rating.evidence.clone(),
                String::new(),
            ]);
            out.write_record(&record)?;
        }
        if let Some(agreed) = &row.agreed {
            let mut record = start.to_vec();
            record.extend([
                "Agreed".to_owned(),
                String::new(),
                String::new(),
                rag_word(agreed.rag).to_owned(),
                agreed.reason.clone(),
                agreed.dissent.clone(),
                row.previous.map(rag_word).unwrap_or_default().to_owned(),
            ]);
            out.write_record(&record)?;
        }
    }
    out.into_inner()
        .map_err(|error| ExportError::Finish(error.to_string()))
}

/// A RAG shown as a block of its colour, so a printed page reads at a glance.
fn rag_block(ops: &mut Vec<Op>, x: f32, y: f32, rag: Rag) {
    let (r, g, b) = match rag {
        Rag::Red => (0.78, 0.12, 0.12),
        Rag::Amber => (0.93, 0.6, 0.0),
        Rag::Green => (0.15, 0.55, 0.25),
    };
    ops.push(Op::SetOutlineColor {
        col: colour(r, g, b),
    });
    ops.push(Op::SetOutlineThickness { pt: Pt(9.0) });
    line(ops, &[(x, y + 1.2), (x + 8.0, y + 1.2)], false);
}

/// The review as a PDF: who rated, the agreed ratings at a glance, then each item with its
/// question, every rating shown to the group, the agreed rating, dissent and the change since
/// the last review.
pub fn system_review_pdf(report: &ReviewReport<'_>) -> Vec<u8> {
    let review = report.review;
    let title = format!("System review: {}", review.area);
    let mut pages = Pages::new(report.classification, report.sharing_decision, &title);
    pages.y -= 4.0;
    text_at(&mut pages.ops, LEFT, pages.y, 18.0, true, &title);
    pages.y -= 7.0;
    pages.paragraph(&format!(
        "Held on {}, facilitated by {}. {}. Made by Waymark on {}.",
        review.held_on,
        review.facilitator,
        review.stage.label(),
        report.made_on
    ));
    if let Some(previous) = &review.previous {
        pages.paragraph(&format!("Compared with the review of {previous}."));
    }
    if review.stage < waymark_core::system_review::ReviewStage::Moderation {
        pages.paragraph(
            "Raters' own ratings are not shown: they stay with each rater until the group meets.",
        );
    }

    pages.heading("Raters");
    for rater in &review.raters {
        pages.paragraph(&format!(
            "{}, {}, {}",
            rater.name,
            rater.role,
            rater.agency.label()
        ));
    }

    pages.heading("Agreed ratings");
    for row in &review.items {
        pages.room(6.0);
        pages.y -= 5.5;
        if let Some(agreed) = &row.agreed {
            rag_block(&mut pages.ops, LEFT, pages.y, agreed.rag);
        }
        let agreed = row
            .agreed
            .as_ref()
            .map_or("Not agreed yet".to_owned(), |agreed| rag_label(agreed.rag));
        let change = row
            .change
            .map(|change| format!(" ({})", change.label()))
            .unwrap_or_default();
        text_at(
            &mut pages.ops,
            LEFT + 11.0,
            pages.y,
            10.0,
            false,
            &format!("{}: {agreed}{change}", row.label),
        );
    }

    for row in &review.items {
        pages.heading(&row.label);
        pages.paragraph(&format!("Question: {}", row.prompt));
        match (row.ratings.is_empty(), row.rated_by) {
            (true, 0) => pages.paragraph("Not rated by any rater."),
            (true, rated_by) => pages.paragraph(&format!(
                "Rated by {rated_by} of the raters; their ratings are shown once the group meets."
            )),
            (false, _) => {}
        }
        for shown in &row.ratings {
            pages.paragraph(&format!(
                "{}: {} - {}",
                shown.rater_name,
                rag_word(shown.rating.rag),
                shown.rating.reason
            ));
            if !shown.rating.evidence.is_empty() {
                pages.paragraph(&format!("Evidence: {}", shown.rating.evidence));
            }
        }
        if row.disagreement {
            pages.paragraph("The raters disagreed.");
        }
        if let Some(agreed) = &row.agreed {
            pages.paragraph(&format!(
                "Agreed: {} - {}",
                rag_label(agreed.rag),
                agreed.reason
            ));
            if !agreed.dissent.is_empty() {
                pages.paragraph(&format!("Dissent: {}", agreed.dissent));
            }
        }
        if let Some(previous) = row.previous {
            pages.paragraph(&format!(
                "Last review: {}{}",
                rag_word(previous),
                row.change
                    .map(|change| format!(", so {}", change.label()))
                    .unwrap_or_default()
            ));
        }
    }
    let mut document = PdfDocument::new(&plain(&title));
    document
        .with_pages(pages.into_pages())
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use waymark_core::system_review::{
        AgreedRating, GivenRating, ItemRating, ReviewDomain, ReviewItem, ReviewLevel, ReviewRater,
        ReviewStage, SystemReview,
    };
    use waymark_core::vocabulary::PartnerAgency;

    fn review(stage: ReviewStage) -> SystemReviewView {
        let rater: waymark_core::RecordId =
            "01939a3c-6f4e-7cc1-9a51-3c2b1d0e4f07".parse().expect("id");
        let item = ReviewItem::Domain(ReviewDomain::Partnerships, ReviewLevel::Contexts);
        SystemReview {
            id: "01939a3c-6f4e-7cc1-9a51-3c2b1d0e4f08".parse().expect("id"),
            area: "Northfield".into(),
            held_on: "2026-11-02".into(),
            facilitator: "J. Okafor".into(),
            include_values: false,
            previous_review_id: None,
            stage,
            raters: vec![ReviewRater {
                id: rater,
                name: "R. Patel".into(),
                agency: PartnerAgency::Parks,
                role: "Parks manager".into(),
            }],
            prompts: Default::default(),
            ratings: vec![GivenRating {
                rater,
                item,
                rating: ItemRating {
                    rag: Rag::Amber,
                    reason: "Park staff join walkabouts, businesses do not.".into(),
                    evidence: "Walkabout rota".into(),
                },
            }],
            agreed: vec![(
                item,
                AgreedRating {
                    rag: Rag::Amber,
                    reason: "Partly in place.".into(),
                    dissent: "Police would say red.".into(),
                },
            )],
            not_childs_names: Vec::new(),
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            updated_at: time::OffsetDateTime::UNIX_EPOCH,
        }
        .seen_by(None, None)
    }

    #[test]
    fn the_csv_has_a_row_per_rating_and_one_for_the_agreement() {
        let bytes = system_review_csv(&review(ReviewStage::Final)).expect("written");
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(
            reader.headers().expect("headers").len(),
            REVIEW_COLUMNS.len()
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][6], "R. Patel");
        assert_eq!(&rows[0][7], "Parks");
        assert_eq!(&rows[0][9], "Amber");
        assert_eq!(&rows[1][6], "Agreed");
        assert_eq!(&rows[1][11], "Police would say red.");
        assert_eq!(&rows[1][4], "Partnerships");
        assert_eq!(&rows[1][5], "Contexts themselves");
    }

    #[test]
    fn before_the_group_meets_no_raters_rating_is_exported() {
        let bytes = system_review_csv(&review(ReviewStage::Rating)).expect("written");
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(!text.contains("businesses do not"), "{text}");
        let pdf = system_review_pdf(&ReviewReport {
            classification: "OFFICIAL-SENSITIVE",
            sharing_decision: Some(7),
            made_on: "2026-12-05",
            review: &review(ReviewStage::Rating),
        });
        assert!(pdf.starts_with(b"%PDF"));
    }
}
