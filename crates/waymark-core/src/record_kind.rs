//! The kinds of record Waymark keeps, each as one Automerge document. This is the one list: the
//! store files, projects and syncs documents by it, and the app names a record by it.

use serde::{Deserialize, Serialize};

macro_rules! record_kinds {
    ($($(#[$doc:meta])* $kind:ident => $stored:literal;)+) => {
        /// A kind of record.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum RecordKind {
            $($(#[$doc])* $kind,)+
        }

        impl RecordKind {
            /// Every kind, in the order the app lists them.
            pub const ALL: &'static [RecordKind] = &[$(RecordKind::$kind),+];

            /// The `kind` a document carries at its root and the store files it under. Never
            /// changed once released: documents outlive app versions.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(RecordKind::$kind => $stored,)+
                }
            }

            /// The kind a document says it is, or `None` for a kind this version does not know
            /// (written by a newer app).
            pub fn parse(stored: &str) -> Option<Self> {
                match stored {
                    $($stored => Some(RecordKind::$kind),)+
                    _ => None,
                }
            }

            /// The kind in a practitioner's words, in English (`record-kind-{kind}` in
            /// `vocabulary.ftl`).
            pub fn label(self) -> &'static str {
                waymark_i18n::english_label(self)
            }
        }

        impl waymark_i18n::Labelled for RecordKind {
            const VOCABULARY: &'static str = "record-kind";

            fn stored_code(self) -> &'static str {
                self.as_str()
            }
        }
    };
}

record_kinds! {
    /// A place, a school, a peer group or an online space where young people may come to harm.
    Context => "context";
    /// A planned walk around a context, with its check-in, observations, route and write-up.
    Walkabout => "walkabout";
    /// A school assessment: its components, hotspots, ratings and recommendations.
    SchoolAssessment => "school_assessment";
    /// A peer-group assessment: its map of members, ties and places, and its write-up.
    PeerAssessment => "peer_assessment";
    /// A context's referral through the front door, and the manager's screening of it.
    Referral => "referral";
    /// A context conference: who came, what was considered, the analysis and the decision.
    Conference => "conference";
    /// A context's plan: goals, partner actions with owners and dates, and its reviews.
    Plan => "plan";
    /// A local area's review of its own system against the four domains, rated by several people.
    SystemReview => "system_review";
}

impl std::fmt::Display for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_what_is_stored() {
        for &kind in RecordKind::ALL {
            assert_eq!(RecordKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(RecordKind::parse("outcome_measure"), None);
    }

    #[test]
    fn stored_names_are_the_ones_documents_already_carry() {
        let stored: Vec<&str> = RecordKind::ALL.iter().map(|kind| kind.as_str()).collect();
        assert_eq!(
            stored,
            [
                "context",
                "walkabout",
                "school_assessment",
                "peer_assessment",
                "referral",
                "conference",
                "plan",
                "system_review"
            ]
        );
        assert_eq!(
            serde_json::to_string(&RecordKind::SchoolAssessment).expect("serialises"),
            "\"school_assessment\""
        );
    }
}
