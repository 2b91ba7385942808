//! The referral form's questions as a workspace words and orders them, so that a local area's
//! front door asks in its own way. A manager writes them as TOML (the format is in
//! `docs/referral-questions.md`); Waymark checks the whole file when it is loaded and refuses it,
//! with the line and the reason, when a question has an unknown type or a repeated id, or the
//! file does not parse. A refused file changes nothing: the questions in force stay.
//!
//! Every question a referral record needs is always asked: one the file leaves out is asked
//! after the file's own, in the default wording. A local area adds its own questions as `text`;
//! their answers are kept with the referral under the question's id.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use toml::Spanned;
use waymark_i18n::Messages;

use crate::ValidationError;

/// The most questions a workspace may ask.
pub const MAX_QUESTIONS: usize = 40;
/// The most characters a question's wording may have.
pub const MAX_LABEL_CHARS: usize = 200;
/// The most characters a question's hint may have.
pub const MAX_HINT_CHARS: usize = 500;
/// The most characters a question's id may have.
pub const MAX_ID_CHARS: usize = 40;
/// The most characters a whole question file may have.
pub const MAX_SOURCE_CHARS: usize = 20_000;

macro_rules! question_types {
    ($($variant:ident => $code:literal;)*) => {
        /// What a question asks for: one of the referral's own fields, or `Text`, a local
        /// question answered in words.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum QuestionType {
            $($variant,)*
            /// A local question, answered in words and kept under its id.
            Text,
        }

        impl QuestionType {
            /// The referral's own fields, in the default order.
            pub const FIELDS: &'static [QuestionType] = &[$(QuestionType::$variant,)*];

            /// How the type is written in a question file; never changed once released.
            pub fn code(self) -> &'static str {
                match self {
                    $(QuestionType::$variant => $code,)*
                    QuestionType::Text => "text",
                }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some(QuestionType::$variant),)*
                    "text" => Some(QuestionType::Text),
                    _ => None,
                }
            }

            /// The default wording (domain section 3.6 and the contact forms of the seeds), in
            /// the language of `words`: `referral-question-{code}` in the message files.
            pub fn default_label_in(self, words: &Messages) -> String {
                match self {
                    QuestionType::Text => String::new(),
                    field => words.text(&format!("referral-question-{}", field.code())),
                }
            }

            /// The default hint, where the question has one: `referral-hint-{code}`.
            pub fn default_hint_in(self, words: &Messages) -> String {
                let id = format!("referral-hint-{}", self.code());
                if words.has(&id) {
                    words.text(&id)
                } else {
                    String::new()
                }
            }

            /// The default wording in English, as a question file is written.
            pub fn default_label(self) -> String {
                self.default_label_in(waymark_i18n::english())
            }

            pub fn default_hint(self) -> String {
                self.default_hint_in(waymark_i18n::english())
            }
        }
    };
}

question_types! {
    ReceivedOn => "received_on";
    FrontDoor => "front_door";
    Referrer => "referrer";
    ConcernTypes => "concern_types";
    WhatIsKnown => "what_is_known";
    Urgency => "urgency";
    ImmediateRisk => "immediate_risk";
    KnownChildren => "known_children";
    YoungPeopleEstimate => "young_people_estimate";
    Sources => "sources";
    Strengths => "strengths";
}

/// One question as the form asks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralQuestion {
    /// The question's id: for a local question, the key its answer is kept under.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub label: String,
    #[serde(default)]
    pub hint: String,
}

impl ReferralQuestion {
    /// The question as the form asks it: a field's default wording in the language of `words`,
    /// or else the workspace's own.
    pub fn label_in(&self, words: &Messages) -> String {
        if self.kind != QuestionType::Text && self.label == self.kind.default_label() {
            self.kind.default_label_in(words)
        } else {
            self.label.clone()
        }
    }

    /// The hint under it, chosen the same way.
    pub fn hint_in(&self, words: &Messages) -> String {
        if self.kind != QuestionType::Text && self.hint == self.kind.default_hint() {
            self.kind.default_hint_in(words)
        } else {
            self.hint.clone()
        }
    }
}

/// The questions in the order the form asks them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralQuestions {
    pub questions: Vec<ReferralQuestion>,
}

impl Default for ReferralQuestions {
    fn default() -> Self {
        Self {
            questions: QuestionType::FIELDS
                .iter()
                .map(|&kind| default_question(kind))
                .collect(),
        }
    }
}

fn default_question(kind: QuestionType) -> ReferralQuestion {
    ReferralQuestion {
        id: kind.code().to_owned(),
        kind,
        label: kind.default_label(),
        hint: kind.default_hint(),
    }
}

/// A question file as written. Unknown keys are refused, so that a misspelt `lable` is not
/// silently ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    #[serde(default)]
    question: Vec<QuestionEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionEntry {
    id: Spanned<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    #[serde(default)]
    label: Option<Spanned<String>>,
    #[serde(default)]
    hint: Option<Spanned<String>>,
}

/// The line (from 1) a byte offset of `source` falls on.
fn line_of(source: &str, offset: usize) -> usize {
    source
        .get(..offset.min(source.len()))
        .map_or(1, |before| before.matches('\n').count() + 1)
}

fn refused(source: &str, offset: usize, reason: impl Into<String>) -> ValidationError {
    ValidationError::ReferralQuestionsRefused {
        line: line_of(source, offset),
        reason: reason.into(),
    }
}

/// Whether an id is short lower-case letters, digits and underscores, as answers are keyed.
pub(crate) fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A question's wording, on one line, within its bound.
fn wording(
    source: &str,
    text: &Spanned<String>,
    what: &str,
    max: usize,
) -> Result<String, ValidationError> {
    let words = text
        .get_ref()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if words.chars().count() > max {
        return Err(refused(
            source,
            text.span().start,
            format!("the {what} is longer than {max} characters"),
        ));
    }
    Ok(words)
}

impl ReferralQuestions {
    /// Reads a question file, checking every question, and adds the referral's own fields the
    /// file leaves out, in their default wording, after its own questions.
    pub fn parse(source: &str) -> Result<Self, ValidationError> {
        if source.chars().count() > MAX_SOURCE_CHARS {
            return Err(ValidationError::ReferralQuestionsRefused {
                line: 1,
                reason: format!("the file is longer than {MAX_SOURCE_CHARS} characters"),
            });
        }
        let file: QuestionFile = toml::from_str(source).map_err(|error| {
            let offset = error.span().map_or(0, |span| span.start);
            // The parser's own message, without its quotation of the line (we give the line).
            let reason = error.message().trim().trim_end_matches('.').to_owned();
            refused(source, offset, reason)
        })?;
        if file.question.len() > MAX_QUESTIONS {
            return Err(refused(
                source,
                file.question[MAX_QUESTIONS].id.span().start,
                format!("a workspace may ask at most {MAX_QUESTIONS} questions"),
            ));
        }
        let mut ids = BTreeSet::new();
        let mut fields_asked = BTreeSet::new();
        let mut questions = Vec::with_capacity(file.question.len());
        for entry in &file.question {
            let id = entry.id.get_ref().trim();
            if !is_id(id) {
                return Err(refused(
                    source,
                    entry.id.span().start,
                    format!(
                        "the id \"{id}\" must be lower-case letters, digits and underscores, at \
                         most {MAX_ID_CHARS}"
                    ),
                ));
            }
            if !ids.insert(id.to_owned()) {
                return Err(refused(
                    source,
                    entry.id.span().start,
                    format!("the id \"{id}\" is used by an earlier question"),
                ));
            }
            let code = entry.kind.get_ref().trim();
            let Some(kind) = QuestionType::from_code(code) else {
                let known = QuestionType::FIELDS
                    .iter()
                    .chain([&QuestionType::Text])
                    .map(|kind| kind.code())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(refused(
                    source,
                    entry.kind.span().start,
                    format!("\"{code}\" is not a question type: use one of {known}"),
                ));
            };
            if kind != QuestionType::Text && !fields_asked.insert(kind) {
                return Err(refused(
                    source,
                    entry.kind.span().start,
                    format!("the type \"{code}\" is asked by an earlier question"),
                ));
            }
            let label = match &entry.label {
                Some(label) => wording(source, label, "wording", MAX_LABEL_CHARS)?,
                None => String::new(),
            };
            let label = match (label.is_empty(), kind) {
                (false, _) => label,
                (true, QuestionType::Text) => {
                    return Err(refused(
                        source,
                        entry.id.span().start,
                        format!("the question \"{id}\" needs a label: the words it asks"),
                    ))
                }
                (true, field) => field.default_label(),
            };
            let hint = match &entry.hint {
                Some(hint) => wording(source, hint, "hint", MAX_HINT_CHARS)?,
                None if kind == QuestionType::Text => String::new(),
                None => kind.default_hint(),
            };
            questions.push(ReferralQuestion {
                id: id.to_owned(),
                kind,
                label,
                hint,
            });
        }
        questions.extend(
            QuestionType::FIELDS
                .iter()
                .filter(|kind| !fields_asked.contains(kind))
                .map(|&kind| default_question(kind)),
        );
        Ok(Self { questions })
    }

    /// The questions a workspace has set, or the defaults when it has set none. A file in force
    /// was checked when it was set; one that no longer reads (written by a later version, say)
    /// falls back to the defaults rather than leaving the front door without a form.
    pub fn in_force(source: Option<&str>) -> Self {
        source
            .and_then(|source| Self::parse(source).ok())
            .unwrap_or_default()
    }

    /// The local questions, whose answers a referral keeps by id.
    pub fn local(&self) -> impl Iterator<Item = &ReferralQuestion> {
        self.questions
            .iter()
            .filter(|question| question.kind == QuestionType::Text)
    }

    /// The defaults written as a question file: where a manager starts.
    pub fn default_file() -> String {
        let mut file = String::from(
            "# The referral form's questions, in the order they are asked.\n\
             # Each [[question]] has an id, a type, a label (the words asked) and an optional hint.\n\
             # Add a local question with type = \"text\".\n",
        );
        for question in Self::default().questions {
            file.push_str(&format!(
                "\n[[question]]\nid = \"{}\"\ntype = \"{}\"\nlabel = \"{}\"\n",
                question.id,
                question.kind.code(),
                question.label
            ));
            if !question.hint.is_empty() {
                file.push_str(&format!("hint = \"{}\"\n", question.hint));
            }
        }
        file
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(source: &str) -> (usize, String) {
        match ReferralQuestions::parse(source) {
            Err(ValidationError::ReferralQuestionsRefused { line, reason }) => (line, reason),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn the_default_file_reads_back_as_the_defaults() {
        let parsed = ReferralQuestions::parse(&ReferralQuestions::default_file()).expect("reads");
        assert_eq!(parsed, ReferralQuestions::default());
        assert_eq!(
            ReferralQuestions::in_force(None),
            ReferralQuestions::default()
        );
    }

    #[test]
    fn a_local_area_reorders_rewords_and_adds_questions_and_the_rest_follow() {
        let parsed = ReferralQuestions::parse(
            "[[question]]\n\
             id = \"worry\"\n\
             type = \"what_is_known\"\n\
             label = \"What is the worry about this place?\"\n\
             \n\
             [[question]]\n\
             id = \"times\"\n\
             type = \"text\"\n\
             label = \"At what times of day is it worst?\"\n\
             hint = \"After school, evenings, weekends.\"\n",
        )
        .expect("reads");
        let first = &parsed.questions[0];
        assert_eq!(
            (first.kind, first.label.as_str()),
            (
                QuestionType::WhatIsKnown,
                "What is the worry about this place?"
            )
        );
        // The default hint stays with a field whose hint the file does not change.
        assert_eq!(first.hint, QuestionType::WhatIsKnown.default_hint());
        assert_eq!(parsed.questions[1].id, "times");
        assert_eq!(parsed.local().count(), 1);
        // Every field a referral needs is still asked, once, after the file's own questions.
        for field in QuestionType::FIELDS {
            assert_eq!(
                parsed.questions.iter().filter(|q| q.kind == *field).count(),
                1,
                "{field:?}"
            );
        }
        assert_eq!(parsed.questions[2].kind, QuestionType::ReceivedOn);
    }

    #[test]
    fn an_unknown_type_is_refused_with_its_line_and_the_types_there_are() {
        let (line, reason) = refusal(
            "# Our front door\n\
             [[question]]\n\
             id = \"ward\"\n\
             type = \"dropdown\"\n\
             label = \"Ward\"\n",
        );
        assert_eq!(line, 4);
        assert!(
            reason.contains("\"dropdown\" is not a question type"),
            "{reason}"
        );
        assert!(reason.contains("text"), "{reason}");
    }

    #[test]
    fn a_repeated_id_is_refused_at_the_second() {
        let (line, reason) = refusal(
            "[[question]]\nid = \"times\"\ntype = \"text\"\nlabel = \"When?\"\n\n\
             [[question]]\nid = \"times\"\ntype = \"text\"\nlabel = \"How often?\"\n",
        );
        assert_eq!(line, 7);
        assert!(reason.contains("\"times\" is used by an earlier question"));
    }

    #[test]
    fn a_field_asked_twice_is_refused() {
        let (line, reason) = refusal(
            "[[question]]\nid = \"a\"\ntype = \"urgency\"\n\n\
             [[question]]\nid = \"b\"\ntype = \"urgency\"\n",
        );
        assert_eq!(line, 7);
        assert!(reason.contains("\"urgency\" is asked by an earlier question"));
    }

    #[test]
    fn a_syntax_error_is_refused_with_its_line() {
        let (line, reason) =
            refusal("[[question]]\nid = \"times\"\ntype = \"text\"\nlabel = \"When is it worst?\n");
        assert_eq!(line, 4);
        assert!(!reason.is_empty());
    }

    #[test]
    fn a_misspelt_key_and_a_local_question_without_words_are_refused() {
        let (line, reason) =
            refusal("[[question]]\nid = \"times\"\ntype = \"text\"\nlable = \"When?\"\n");
        assert_eq!(line, 4);
        assert!(reason.contains("lable"), "{reason}");
        let (line, reason) = refusal("[[question]]\nid = \"times\"\ntype = \"text\"\n");
        assert_eq!(line, 2);
        assert!(reason.contains("needs a label"), "{reason}");
        let (line, _) =
            refusal("[[question]]\nid = \"Times Of Day\"\ntype = \"text\"\nlabel = \"When?\"\n");
        assert_eq!(line, 2);
    }

    #[test]
    fn a_file_the_store_kept_that_no_longer_reads_falls_back_to_the_defaults() {
        assert_eq!(
            ReferralQuestions::in_force(Some("[[question]]\nid = 1\n")),
            ReferralQuestions::default()
        );
    }
}
