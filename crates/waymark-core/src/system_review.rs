//! The system review (`domain.md` 3.9, 5.7): a local area rates its own safeguarding system, from
//! referral to response, against the four domains of Contextual Safeguarding at both levels
//! (individuals in contexts, and contexts themselves), and optionally against its five values.
//!
//! The facilitator opens a review with its items and raters. Each rater rates every item alone,
//! with a reason, on their own device and offline if need be; no rater's rating is shown to
//! anyone else until the facilitator starts moderation. The group then records an agreed rating
//! with its reason and any dissent, finalises the review (it is then read-only) and compares it
//! with the last one. RAG rates a system here, never a young person (P21).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::school::validate_date;
use crate::text::{at_most, required};
use crate::vocabulary::{PartnerAgency, Rag};
use crate::{name_check, RecordId, ValidationError};

/// The most characters of an area, a facilitator's name, a rater's name or role.
pub const NAME_MAX_CHARS: usize = 120;
/// The most characters of a reason, a piece of evidence, a dissent or a prompt.
pub const REASON_MAX_CHARS: usize = 4_000;

/// The four domains of Contextual Safeguarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDomain {
    /// The system targets the contexts where harm happens, not only the young people in them.
    Target,
    /// Extra-familial contexts are part of the child protection and welfare framework.
    LegislativeFramework,
    /// Partnerships reach those who own, run or are present in those contexts.
    Partnerships,
    /// Success is measured by change in contexts as well as in young people.
    Outcomes,
}

impl ReviewDomain {
    pub const ALL: [Self; 4] = [
        Self::Target,
        Self::LegislativeFramework,
        Self::Partnerships,
        Self::Outcomes,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Target => "target",
            Self::LegislativeFramework => "legislative_framework",
            Self::Partnerships => "partnerships",
            Self::Outcomes => "outcomes",
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }
}

impl waymark_i18n::Labelled for ReviewDomain {
    const VOCABULARY: &'static str = "review-domain";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

/// The two levels a system works at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewLevel {
    /// Work with a young person that takes account of the contexts they spend time in.
    IndividualsInContexts,
    /// Work on the contexts themselves: a park, a school, a peer group.
    Contexts,
}

impl ReviewLevel {
    pub const ALL: [Self; 2] = [Self::IndividualsInContexts, Self::Contexts];

    pub fn code(self) -> &'static str {
        match self {
            Self::IndividualsInContexts => "individuals",
            Self::Contexts => "contexts",
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }
}

impl waymark_i18n::Labelled for ReviewLevel {
    const VOCABULARY: &'static str = "review-level";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

/// The five values of Contextual Safeguarding, which a review may rate too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewValue {
    Collaborative,
    RightsBased,
    Ecological,
    StrengthsBased,
    EvidenceInformed,
}

impl ReviewValue {
    pub const ALL: [Self; 5] = [
        Self::Collaborative,
        Self::RightsBased,
        Self::Ecological,
        Self::StrengthsBased,
        Self::EvidenceInformed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Collaborative => "collaborative",
            Self::RightsBased => "rights_based",
            Self::Ecological => "ecological",
            Self::StrengthsBased => "strengths_based",
            Self::EvidenceInformed => "evidence_informed",
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }
}

impl waymark_i18n::Labelled for ReviewValue {
    const VOCABULARY: &'static str = "review-value";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

/// One thing a review rates: a domain at a level, or a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReviewItem {
    Domain(ReviewDomain, ReviewLevel),
    Value(ReviewValue),
}

impl ReviewItem {
    /// The items of a review: the four domains at both levels, then the values when the review
    /// includes them.
    pub fn all(include_values: bool) -> Vec<Self> {
        let mut items: Vec<Self> = ReviewDomain::ALL
            .iter()
            .flat_map(|&domain| {
                ReviewLevel::ALL
                    .iter()
                    .map(move |&level| Self::Domain(domain, level))
            })
            .collect();
        if include_values {
            items.extend(ReviewValue::ALL.iter().map(|&value| Self::Value(value)));
        }
        items
    }

    /// The item as documents key it: letters and underscores only, so it sits inside a field
    /// key without clashing with its grammar.
    pub fn code(self) -> String {
        match self {
            Self::Domain(domain, level) => format!("{}_{}", domain.code(), level.code()),
            Self::Value(value) => format!("value_{}", value.code()),
        }
    }

    pub fn from_code(code: &str) -> Result<Self, ValidationError> {
        Self::all(true)
            .into_iter()
            .find(|item| item.code() == code)
            .ok_or(ValidationError::UnknownReviewItem)
    }

    pub fn label(self) -> String {
        match self {
            Self::Domain(domain, level) => format!("{}: {}", domain.label(), level.label()),
            Self::Value(value) => format!("Value: {}", value.label()),
        }
    }

    /// The question a rater answers, in Waymark's words, until the facilitator writes the
    /// area's own: in the language of `words`.
    pub fn default_prompt_in(self, words: &waymark_i18n::Messages) -> String {
        words.text(&format!("review-prompt-{}", self.code()))
    }

    /// The default question in English, for exports.
    pub fn default_prompt(self) -> String {
        self.default_prompt_in(waymark_i18n::english())
    }
}

impl Serialize for ReviewItem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for ReviewItem {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Self::from_code(&code).map_err(serde::de::Error::custom)
    }
}

/// How far a review has got. Each stage is kept as its own mark in the document, so two people
/// moving a review on at once both move it, and the review is at the furthest stage reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStage {
    /// The facilitator chooses the raters and words the prompts.
    Open,
    /// Each rater rates alone; nobody sees another's ratings.
    Rating,
    /// Everyone's ratings are shown; the group agrees a rating for each item.
    Moderation,
    /// Finished and read-only.
    Final,
}

impl ReviewStage {
    pub const ALL: [Self; 4] = [Self::Open, Self::Rating, Self::Moderation, Self::Final];

    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Rating => "rating",
            Self::Moderation => "moderation",
            Self::Final => "final",
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|stage| stage.code() == code)
    }
}

impl waymark_i18n::Labelled for ReviewStage {
    const VOCABULARY: &'static str = "review-stage";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

/// RAG in the words of a system review: how far the system is in place, not how safe a place is.
pub fn rag_label(rag: Rag) -> String {
    waymark_i18n::english().text(&format!("review-rating-{}", rag.code()))
}

/// Someone who rates the review: a professional, named with their agency and role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRater {
    pub id: RecordId,
    pub name: String,
    pub agency: PartnerAgency,
    pub role: String,
}

/// A rater as the facilitator's form sends one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaterDraft {
    pub name: String,
    pub agency: String,
    pub role: String,
}

/// A rater as the document keeps one, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidRater {
    pub name: String,
    pub agency: PartnerAgency,
    pub role: String,
}

impl RaterDraft {
    pub fn validate(self) -> Result<ValidRater, ValidationError> {
        let name = required(
            &self.name,
            "raters",
            NAME_MAX_CHARS,
            ValidationError::RaterRequired,
        )?;
        let role = required(
            &self.role,
            "raters",
            NAME_MAX_CHARS,
            ValidationError::RaterRequired,
        )?;
        let agency =
            PartnerAgency::from_code(&self.agency).map_err(|_| ValidationError::RaterRequired)?;
        Ok(ValidRater { name, agency, role })
    }
}

/// A RAG by its code and the reason for it, both required, as a rating and an agreement take
/// them.
fn rag_and_reason(rag: &str, reason: &str) -> Result<(Rag, String), ValidationError> {
    let rag = Rag::from_code(rag).map_err(|_| ValidationError::ReviewRatingRequired)?;
    let reason = required(
        reason,
        "reason",
        REASON_MAX_CHARS,
        ValidationError::ReviewReasonRequired,
    )?;
    Ok((rag, reason))
}

/// One rater's rating of one item, always with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRating {
    pub rag: Rag,
    pub reason: String,
    #[serde(default)]
    pub evidence: String,
}

/// A rating as the form sends it: the RAG by its code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingDraft {
    pub rag: String,
    pub reason: String,
    #[serde(default)]
    pub evidence: String,
}

impl RatingDraft {
    pub fn validate(self) -> Result<ItemRating, ValidationError> {
        let (rag, reason) = rag_and_reason(&self.rag, &self.reason)?;
        let evidence = at_most(
            self.evidence.trim().to_owned(),
            "evidence",
            REASON_MAX_CHARS,
        )?;
        Ok(ItemRating {
            rag,
            reason,
            evidence,
        })
    }
}

/// What the group agreed for an item, with the reason and anyone's dissent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedRating {
    pub rag: Rag,
    pub reason: String,
    #[serde(default)]
    pub dissent: String,
}

/// An agreed rating as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedDraft {
    pub rag: String,
    pub reason: String,
    #[serde(default)]
    pub dissent: String,
}

impl AgreedDraft {
    pub fn validate(self) -> Result<AgreedRating, ValidationError> {
        let (rag, reason) = rag_and_reason(&self.rag, &self.reason)?;
        let dissent = at_most(self.dissent.trim().to_owned(), "dissent", REASON_MAX_CHARS)?;
        Ok(AgreedRating {
            rag,
            reason,
            dissent,
        })
    }
}

/// A new review as the facilitator's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemReviewDraft {
    /// The local area whose system is reviewed.
    pub area: String,
    pub held_on: String,
    pub facilitator: String,
    /// Rates the five values as well as the four domains.
    #[serde(default)]
    pub include_values: bool,
    /// The last review, to compare with.
    #[serde(default)]
    pub previous_review_id: Option<RecordId>,
}

/// A new review that passed the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSystemReview {
    pub area: String,
    pub held_on: String,
    pub facilitator: String,
    pub include_values: bool,
    pub previous_review_id: Option<RecordId>,
}

impl SystemReviewDraft {
    pub fn validate(self) -> Result<ValidSystemReview, ValidationError> {
        Ok(ValidSystemReview {
            area: required(
                &self.area,
                "area",
                NAME_MAX_CHARS,
                ValidationError::ReviewAreaRequired,
            )?,
            held_on: validate_date(&self.held_on)?,
            facilitator: required(
                &self.facilitator,
                "facilitator",
                NAME_MAX_CHARS,
                ValidationError::FacilitatorRequired,
            )?,
            include_values: self.include_values,
            previous_review_id: self.previous_review_id,
        })
    }
}

/// One change to a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", content = "value", rename_all = "snake_case")]
pub enum SystemReviewEdit {
    AddRater(RaterDraft),
    /// Only before rating starts: after that a rater's ratings are part of the record.
    RemoveRater(RecordId),
    /// The area's own wording of an item's question; empty goes back to Waymark's.
    Prompt {
        item: ReviewItem,
        prompt: String,
    },
    StartRating,
    Rate {
        rater: RecordId,
        item: ReviewItem,
        rating: RatingDraft,
    },
    StartModeration,
    Agree {
        item: ReviewItem,
        agreed: AgreedDraft,
    },
    Finalise,
}

impl SystemReviewEdit {
    /// Whether the edit may be made at `stage`, and the refusal when not.
    pub fn allowed_at(&self, stage: ReviewStage) -> Result<(), ValidationError> {
        use ReviewStage as S;
        let allowed = match self {
            _ if stage == S::Final => return Err(ValidationError::ReviewFinal),
            Self::AddRater(_) => matches!(stage, S::Open | S::Rating),
            Self::RemoveRater(_) | Self::Prompt { .. } | Self::StartRating => stage == S::Open,
            // A rater who comes late to the meeting still rates alone before the group agrees.
            Self::Rate { .. } => matches!(stage, S::Rating | S::Moderation),
            Self::StartModeration => stage == S::Rating,
            Self::Agree { .. } | Self::Finalise => stage == S::Moderation,
        };
        if allowed {
            Ok(())
        } else {
            Err(ValidationError::ReviewWrongStage {
                stage: stage.label(),
            })
        }
    }
}

/// One rater's rating of one item, with who gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenRating {
    pub rater: RecordId,
    pub item: ReviewItem,
    pub rating: ItemRating,
}

/// A review as its document holds it. Before moderation it holds every rating that reached this
/// device; [`SystemReview::seen_by`] is what a person may be shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemReview {
    pub id: RecordId,
    pub area: String,
    pub held_on: String,
    pub facilitator: String,
    pub include_values: bool,
    pub previous_review_id: Option<RecordId>,
    pub stage: ReviewStage,
    pub raters: Vec<ReviewRater>,
    /// The area's own wording of items' questions, by item code.
    pub prompts: BTreeMap<String, String>,
    pub ratings: Vec<GivenRating>,
    pub agreed: Vec<(ReviewItem, AgreedRating)>,
    pub not_childs_names: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// How an item's agreed rating moved since the last review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingChange {
    Better,
    Same,
    Worse,
}

impl RatingChange {
    pub fn between(before: Rag, now: Rag) -> Self {
        let rank = |rag: Rag| match rag {
            Rag::Red => 0,
            Rag::Amber => 1,
            Rag::Green => 2,
        };
        match rank(now).cmp(&rank(before)) {
            std::cmp::Ordering::Greater => Self::Better,
            std::cmp::Ordering::Equal => Self::Same,
            std::cmp::Ordering::Less => Self::Worse,
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }
}

impl waymark_i18n::Labelled for RatingChange {
    const VOCABULARY: &'static str = "rating-change";

    fn stored_code(self) -> &'static str {
        match self {
            Self::Better => "better",
            Self::Same => "same",
            Self::Worse => "worse",
        }
    }
}

/// A rating as the review's page shows it, with the rater's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownRating {
    pub rater: RecordId,
    pub rater_name: String,
    pub rating: ItemRating,
}

/// One item of a review as a person may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    pub item: ReviewItem,
    pub label: String,
    /// The area's own question, or else Waymark's in English.
    pub prompt: String,
    /// The facilitator worded the question; when false, a page shows Waymark's question in the
    /// practitioner's language.
    #[serde(default)]
    pub own_prompt: bool,
    /// Before moderation, only the ratings of the rater the page is for.
    pub ratings: Vec<ShownRating>,
    /// How many raters have rated it, shown even before moderation.
    pub rated_by: usize,
    /// The shown raters gave different RAGs.
    pub disagreement: bool,
    pub agreed: Option<AgreedRating>,
    /// The last review's agreed RAG for the same item.
    pub previous: Option<Rag>,
    pub change: Option<RatingChange>,
}

/// A review as a person may see it: what the review's page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemReviewView {
    pub id: RecordId,
    pub area: String,
    pub held_on: String,
    pub facilitator: String,
    pub include_values: bool,
    pub stage: ReviewStage,
    pub raters: Vec<ReviewRater>,
    /// The rater the page was asked for, before moderation the only one whose ratings show.
    pub seen_as: Option<RecordId>,
    pub items: Vec<ItemView>,
    /// The last review compared with: its area and date.
    pub previous: Option<String>,
    pub not_childs_names: Vec<String>,
}

/// A review in the list of reviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemReviewSummary {
    pub id: RecordId,
    pub area: String,
    pub held_on: String,
    pub stage: ReviewStage,
    /// Agreed items by RAG: red, amber, green.
    pub agreed: [usize; 3],
    pub items: usize,
}

impl SystemReview {
    pub fn items(&self) -> Vec<ReviewItem> {
        ReviewItem::all(self.include_values)
    }

    pub fn rater(&self, id: RecordId) -> Option<&ReviewRater> {
        self.raters.iter().find(|rater| rater.id == id)
    }

    pub fn agreed_for(&self, item: ReviewItem) -> Option<&AgreedRating> {
        self.agreed
            .iter()
            .find(|(agreed, _)| *agreed == item)
            .map(|(_, rating)| rating)
    }

    pub fn prompt(&self, item: ReviewItem) -> String {
        self.prompts
            .get(&item.code())
            .filter(|prompt| !prompt.is_empty())
            .cloned()
            .unwrap_or_else(|| item.default_prompt())
    }

    /// Refuses to finalise until every item has an agreed rating.
    pub fn check_finalisable(&self) -> Result<(), ValidationError> {
        let missing = self
            .items()
            .into_iter()
            .filter(|&item| self.agreed_for(item).is_none())
            .count();
        if missing == 0 {
            Ok(())
        } else {
            Err(ValidationError::ReviewItemsNotAgreed { missing })
        }
    }

    /// Refuses moderation before anyone has rated anything: there would be nothing to discuss.
    pub fn check_moderatable(&self) -> Result<(), ValidationError> {
        if self.ratings.is_empty() {
            Err(ValidationError::ReviewNothingRated)
        } else {
            Ok(())
        }
    }

    /// Refuses rating before anyone is asked to rate.
    pub fn check_ratable(&self) -> Result<(), ValidationError> {
        if self.raters.is_empty() {
            Err(ValidationError::ReviewNoRaters)
        } else {
            Ok(())
        }
    }

    /// What the review's page shows to someone rating as `seen_as` (or to someone not rating,
    /// with `None`): before moderation, only that rater's own ratings, so that nobody rates in
    /// the light of another's; from moderation on, everyone's. `previous` is the review this one
    /// is compared with.
    pub fn seen_by(
        &self,
        seen_as: Option<RecordId>,
        previous: Option<&SystemReview>,
    ) -> SystemReviewView {
        let revealed = self.stage >= ReviewStage::Moderation;
        let items = self
            .items()
            .into_iter()
            .map(|item| {
                let given: Vec<&GivenRating> = self
                    .ratings
                    .iter()
                    .filter(|given| given.item == item && self.rater(given.rater).is_some())
                    .collect();
                let ratings: Vec<ShownRating> = given
                    .iter()
                    .filter(|given| revealed || Some(given.rater) == seen_as)
                    .map(|given| ShownRating {
                        rater: given.rater,
                        rater_name: self
                            .rater(given.rater)
                            .map(|rater| rater.name.clone())
                            .unwrap_or_default(),
                        rating: given.rating.clone(),
                    })
                    .collect();
                let disagreement = ratings
                    .iter()
                    .any(|shown| shown.rating.rag != ratings[0].rating.rag);
                let agreed = self.agreed_for(item).cloned();
                let previous_rag =
                    previous.and_then(|review| review.agreed_for(item).map(|agreed| agreed.rag));
                let change = match (previous_rag, &agreed) {
                    (Some(before), Some(now)) => Some(RatingChange::between(before, now.rag)),
                    _ => None,
                };
                ItemView {
                    item,
                    label: item.label(),
                    prompt: self.prompt(item),
                    own_prompt: self
                        .prompts
                        .get(&item.code())
                        .is_some_and(|prompt| !prompt.is_empty()),
                    rated_by: given.len(),
                    ratings,
                    disagreement,
                    agreed,
                    previous: previous_rag,
                    change,
                }
            })
            .collect();
        SystemReviewView {
            id: self.id,
            area: self.area.clone(),
            held_on: self.held_on.clone(),
            facilitator: self.facilitator.clone(),
            include_values: self.include_values,
            stage: self.stage,
            raters: self.raters.clone(),
            seen_as,
            items,
            previous: previous.map(|review| format!("{}, {}", review.area, review.held_on)),
            not_childs_names: self.not_childs_names.clone(),
        }
    }

    pub fn summary(&self) -> SystemReviewSummary {
        let mut agreed = [0; 3];
        for item in self.items() {
            match self.agreed_for(item).map(|agreed| agreed.rag) {
                Some(Rag::Red) => agreed[0] += 1,
                Some(Rag::Amber) => agreed[1] += 1,
                Some(Rag::Green) => agreed[2] += 1,
                None => {}
            }
        }
        SystemReviewSummary {
            id: self.id,
            area: self.area.clone(),
            held_on: self.held_on.clone(),
            stage: self.stage,
            agreed,
            items: self.items().len(),
        }
    }

    /// Its prose, for the name check (P3): reasons, evidence, dissent and prompts.
    pub fn free_texts(&self) -> impl Iterator<Item = &str> {
        self.ratings
            .iter()
            .flat_map(|given| [given.rating.reason.as_str(), given.rating.evidence.as_str()])
            .chain(
                self.agreed
                    .iter()
                    .flat_map(|(_, agreed)| [agreed.reason.as_str(), agreed.dissent.as_str()]),
            )
            .chain(self.prompts.values().map(String::as_str))
            .chain([self.area.as_str()])
    }

    /// The words in it that may be a child's name and nobody has confirmed are not.
    pub fn unconfirmed_names(&self, first_names: &[String]) -> Vec<String> {
        let confirmed = self.not_childs_names.iter().cloned().collect();
        name_check::unconfirmed(self.free_texts(), first_names, &confirmed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> RecordId {
        RecordId::new(uuid::Uuid::from_u128(
            n | 0x0190_0000_0000_7000_8000_0000_0000_0000,
        ))
        .expect("a v7 id")
    }

    fn rating(rag: Rag, reason: &str) -> ItemRating {
        ItemRating {
            rag,
            reason: reason.to_owned(),
            evidence: String::new(),
        }
    }

    fn review(stage: ReviewStage) -> SystemReview {
        let at = OffsetDateTime::UNIX_EPOCH;
        let item = ReviewItem::Domain(ReviewDomain::Target, ReviewLevel::Contexts);
        SystemReview {
            id: id(1),
            area: "Northfield".to_owned(),
            held_on: "2026-11-02".to_owned(),
            facilitator: "J. Okafor".to_owned(),
            include_values: false,
            previous_review_id: None,
            stage,
            raters: vec![
                ReviewRater {
                    id: id(2),
                    name: "R. Patel".to_owned(),
                    agency: PartnerAgency::ChildrensSocialCare,
                    role: "Team manager".to_owned(),
                },
                ReviewRater {
                    id: id(3),
                    name: "L. Evans".to_owned(),
                    agency: PartnerAgency::Police,
                    role: "Inspector".to_owned(),
                },
            ],
            prompts: BTreeMap::new(),
            ratings: vec![
                GivenRating {
                    rater: id(2),
                    item,
                    rating: rating(Rag::Red, "No route to refer a place"),
                },
                GivenRating {
                    rater: id(3),
                    item,
                    rating: rating(Rag::Amber, "Police refer places informally"),
                },
            ],
            agreed: Vec::new(),
            not_childs_names: Vec::new(),
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_review_has_the_four_domains_at_both_levels_and_the_values_when_asked() {
        assert_eq!(ReviewItem::all(false).len(), 8);
        assert_eq!(ReviewItem::all(true).len(), 13);
        let codes: std::collections::BTreeSet<String> = ReviewItem::all(true)
            .iter()
            .map(|item| item.code())
            .collect();
        assert_eq!(codes.len(), 13, "codes are distinct");
        for item in ReviewItem::all(true) {
            assert_eq!(ReviewItem::from_code(&item.code()), Ok(item));
            assert!(item
                .code()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_'));
        }
        assert_eq!(
            ReviewItem::from_code("target_everyone"),
            Err(ValidationError::UnknownReviewItem)
        );
        assert_eq!(
            serde_json::to_string(&ReviewItem::Value(ReviewValue::RightsBased)).expect("json"),
            "\"value_rights_based\""
        );
    }

    #[test]
    fn nobody_sees_another_raters_rating_before_moderation() {
        let item = ReviewItem::Domain(ReviewDomain::Target, ReviewLevel::Contexts);
        let rating_stage = review(ReviewStage::Rating);
        let as_patel = rating_stage.seen_by(Some(id(2)), None);
        let shown = &as_patel
            .items
            .iter()
            .find(|view| view.item == item)
            .expect("item")
            .ratings;
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].rater_name, "R. Patel");
        let row = as_patel
            .items
            .iter()
            .find(|view| view.item == item)
            .expect("item");
        assert_eq!(row.rated_by, 2, "progress shows, content does not");
        assert!(
            !row.disagreement,
            "a disagreement would give the other rating away"
        );
        let as_nobody = rating_stage.seen_by(None, None);
        assert!(as_nobody.items.iter().all(|view| view.ratings.is_empty()));

        let moderation = review(ReviewStage::Moderation).seen_by(None, None);
        let row = moderation
            .items
            .iter()
            .find(|view| view.item == item)
            .expect("item");
        assert_eq!(row.ratings.len(), 2);
        assert!(row.disagreement);
    }

    #[test]
    fn a_review_is_compared_with_the_last_one_item_by_item() {
        let item = ReviewItem::Domain(ReviewDomain::Target, ReviewLevel::Contexts);
        let mut last = review(ReviewStage::Final);
        last.agreed.push((
            item,
            AgreedRating {
                rag: Rag::Red,
                reason: "No route".to_owned(),
                dissent: String::new(),
            },
        ));
        let mut now = review(ReviewStage::Moderation);
        now.agreed.push((
            item,
            AgreedRating {
                rag: Rag::Amber,
                reason: "Places can be referred".to_owned(),
                dissent: "Police think green".to_owned(),
            },
        ));
        let view = now.seen_by(None, Some(&last));
        let row = view
            .items
            .iter()
            .find(|view| view.item == item)
            .expect("item");
        assert_eq!(row.previous, Some(Rag::Red));
        assert_eq!(row.change, Some(RatingChange::Better));
        assert_eq!(view.previous.as_deref(), Some("Northfield, 2026-11-02"));
        assert_eq!(
            RatingChange::between(Rag::Green, Rag::Amber),
            RatingChange::Worse
        );
        assert_eq!(now.summary().agreed, [0, 1, 0]);
        assert_eq!(
            now.check_finalisable(),
            Err(ValidationError::ReviewItemsNotAgreed { missing: 7 })
        );
    }

    #[test]
    fn each_step_has_its_stage_and_a_final_review_is_read_only() {
        let rate = SystemReviewEdit::Rate {
            rater: id(2),
            item: ReviewItem::Value(ReviewValue::Ecological),
            rating: RatingDraft::default(),
        };
        assert!(rate.allowed_at(ReviewStage::Open).is_err());
        assert!(rate.allowed_at(ReviewStage::Rating).is_ok());
        assert!(rate.allowed_at(ReviewStage::Moderation).is_ok());
        assert_eq!(
            rate.allowed_at(ReviewStage::Final),
            Err(ValidationError::ReviewFinal)
        );
        assert!(SystemReviewEdit::RemoveRater(id(2))
            .allowed_at(ReviewStage::Rating)
            .is_err());
        assert!(SystemReviewEdit::Finalise
            .allowed_at(ReviewStage::Moderation)
            .is_ok());
        assert_eq!(
            SystemReviewEdit::StartRating.allowed_at(ReviewStage::Final),
            Err(ValidationError::ReviewFinal)
        );
    }

    #[test]
    fn a_rating_needs_its_rag_and_its_reason() {
        assert_eq!(
            RatingDraft {
                rag: String::new(),
                reason: "x".to_owned(),
                evidence: String::new()
            }
            .validate(),
            Err(ValidationError::ReviewRatingRequired)
        );
        assert_eq!(
            RatingDraft {
                rag: "amber".to_owned(),
                reason: "  ".to_owned(),
                evidence: String::new()
            }
            .validate(),
            Err(ValidationError::ReviewReasonRequired)
        );
        assert_eq!(
            AgreedDraft {
                rag: "green".to_owned(),
                reason: "All agree".to_owned(),
                dissent: " ".to_owned()
            }
            .validate()
            .map(|agreed| agreed.dissent),
            Ok(String::new())
        );
        assert_eq!(
            SystemReviewDraft {
                area: "Northfield".to_owned(),
                held_on: "2026-11-02".to_owned(),
                facilitator: " ".to_owned(),
                ..SystemReviewDraft::default()
            }
            .validate(),
            Err(ValidationError::FacilitatorRequired)
        );
    }
}
