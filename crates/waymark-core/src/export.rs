//! What a practitioner can export from a context or a system review for a panel, a board or an
//! analyst, and where it went.
//! The formats themselves are made by the `waymark-export` crate.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Every observation of the context's walkabouts, one per row.
    ObservationsCsv,
    /// Every action of the context's plans, one per row.
    ActionsCsv,
    /// The context's outline and its observations' points, for QGIS.
    MapGeojson,
    /// Every point of the context's outcome measures, one per row.
    MeasuresCsv,
    /// A write-up for a panel, printable on A4.
    PanelPdf,
}

impl ExportFormat {
    pub const ALL: &'static [Self] = &[
        Self::PanelPdf,
        Self::ObservationsCsv,
        Self::ActionsCsv,
        Self::MeasuresCsv,
        Self::MapGeojson,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::ObservationsCsv => "observations_csv",
            Self::ActionsCsv => "actions_csv",
            Self::MapGeojson => "map_geojson",
            Self::MeasuresCsv => "measures_csv",
            Self::PanelPdf => "panel_pdf",
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }

    /// The end of the file's name: what it is and its extension.
    pub fn file_ending(self) -> &'static str {
        match self {
            Self::ObservationsCsv => "observations.csv",
            Self::ActionsCsv => "plan-actions.csv",
            Self::MapGeojson => "map.geojson",
            Self::MeasuresCsv => "outcome-measures.csv",
            Self::PanelPdf => "panel-write-up.pdf",
        }
    }
}

impl waymark_i18n::Labelled for ExportFormat {
    const VOCABULARY: &'static str = "export-format";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

/// What a system review can be exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewExportFormat {
    /// Every rating shown to the group and every agreed rating, one per row.
    Csv,
    /// The review for a partnership board, printable on A4.
    Pdf,
}

impl ReviewExportFormat {
    pub const ALL: &'static [Self] = &[Self::Pdf, Self::Csv];

    pub fn code(self) -> &'static str {
        match self {
            Self::Csv => "review_csv",
            Self::Pdf => "review_pdf",
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }

    pub fn file_ending(self) -> &'static str {
        match self {
            Self::Csv => "system-review.csv",
            Self::Pdf => "system-review.pdf",
        }
    }
}

impl waymark_i18n::Labelled for ReviewExportFormat {
    const VOCABULARY: &'static str = "review-export-format";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

/// A file's name for an export of `context` on `day`: the context's name in plain letters and
/// digits, so every file system takes it.
pub fn file_name(context: &str, format: ExportFormat, day: &str) -> String {
    named_file(context, format.file_ending(), day)
}

/// A file's name for `subject` (a context's name, a review's area) exported on `day`, ending in
/// `ending`.
pub fn named_file(subject: &str, ending: &str, day: &str) -> String {
    let mut plain = String::new();
    for c in subject.chars() {
        if c.is_ascii_alphanumeric() {
            plain.push(c.to_ascii_lowercase());
        } else if !plain.ends_with('-') && !plain.is_empty() {
            plain.push('-');
        }
    }
    let plain = plain.trim_end_matches('-');
    let plain = if plain.is_empty() { "context" } else { plain };
    format!("{plain}-{day}-{ending}")
}

/// Where an export was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedFile {
    pub path: String,
    pub bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_named_after_its_context_in_plain_letters() {
        assert_eq!(
            file_name(
                "Brookside Park (east)",
                ExportFormat::MapGeojson,
                "2026-12-05"
            ),
            "brookside-park-east-2026-12-05-map.geojson"
        );
        assert_eq!(
            file_name("../..", ExportFormat::ActionsCsv, "2026-12-05"),
            "context-2026-12-05-plan-actions.csv"
        );
        assert_eq!(
            named_file(
                "Northfield",
                ReviewExportFormat::Pdf.file_ending(),
                "2026-12-05"
            ),
            "northfield-2026-12-05-system-review.pdf"
        );
    }
}
