//! System reviews: the document layout, the projection for the list of reviews, and each step
//! from opening to final.
//!
//! Everything several people add or change is its own root value, one key per field: a rater is
//! `rater.{id}`, a rating `rating.{rater}.{item}`, an agreed rating `agreed.{item}` and an item's
//! wording `prompt.{item}`. Raters rating on their own devices offline therefore never touch the
//! same key, and two people who change the same rating or agreement at once are both shown until
//! someone chooses. Each stage reached is a mark of its own (`stage.{code}`), so the review is at
//! the furthest stage anyone moved it to.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc, ROOT};
use rusqlite::{params, Connection};
use uuid::Uuid;
use waymark_core::system_review::{
    AgreedRating, GivenRating, ItemRating, ReviewItem, ReviewRater, ReviewStage, SystemReview,
    SystemReviewDraft, SystemReviewEdit, SystemReviewSummary, SystemReviewView, ValidRater,
};
use waymark_core::{RecordId, RecordKind, UnixMillis, ValidationError};

use crate::document::{self, keys, Record};
use crate::{fields, name_check, Store, StoreError};
use waymark_core::history::{note, note_with};

pub(crate) const KIND: RecordKind = RecordKind::SystemReview;

mod field {
    pub const AREA: &str = "area";
    pub const HELD_ON: &str = "held_on";
    pub const FACILITATOR: &str = "facilitator";
    pub const INCLUDE_VALUES: &str = "include_values";
    pub const PREVIOUS: &str = "previous_review_id";
    pub const STAGE: &str = "stage.";
    pub const RATER: &str = "rater.";
    pub const RATING: &str = "rating.";
    pub const AGREED: &str = "agreed.";
    pub const PROMPT: &str = "prompt.";
}

fn rating_key(rater: RecordId, item: ReviewItem) -> String {
    format!("{}{rater}.{}", field::RATING, item.code())
}

impl Store {
    /// Opens a review with its items; raters are added next.
    pub fn create_system_review(
        &mut self,
        draft: SystemReviewDraft,
    ) -> Result<SystemReview, StoreError> {
        let draft = draft.validate()?;
        if let Some(previous) = draft.previous_review_id {
            self.get_system_review(previous)?;
        }
        let id = RecordId::new(Uuid::now_v7())?;
        let now = self.now();
        let mut doc = document::new_document(&self.actor, KIND, id, now)?;
        doc.put(ROOT, field::AREA, draft.area)?;
        doc.put(ROOT, field::HELD_ON, draft.held_on)?;
        doc.put(ROOT, field::FACILITATOR, draft.facilitator)?;
        doc.put(ROOT, field::INCLUDE_VALUES, draft.include_values)?;
        if let Some(previous) = draft.previous_review_id {
            doc.put(ROOT, field::PREVIOUS, previous.to_string())?;
        }
        name_check::start_confirmations(&mut doc)?;
        document::commit(&mut doc, note("history-system-review-opened"), now);
        self.save_record(id, doc)
    }

    pub fn get_system_review(&self, id: RecordId) -> Result<SystemReview, StoreError> {
        self.get_record(id)
    }

    /// The review as someone rating as `seen_as` may see it, compared with the review it follows.
    pub fn system_review_seen_by(
        &self,
        id: RecordId,
        seen_as: Option<RecordId>,
    ) -> Result<SystemReviewView, StoreError> {
        let review = self.get_system_review(id)?;
        if let Some(rater) = seen_as {
            review.rater(rater).ok_or(ValidationError::UnknownRater)?;
        }
        // A previous review erased meanwhile leaves nothing to compare with, not an error.
        let previous = match review.previous_review_id {
            Some(previous) => self.get_system_review(previous).ok(),
            None => None,
        };
        Ok(review.seen_by(seen_as, previous.as_ref()))
    }

    /// Every review, the latest first.
    pub fn list_system_reviews(&self) -> Result<Vec<SystemReviewSummary>, StoreError> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM system_reviews ORDER BY held_on DESC, id DESC")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        ids.iter()
            .map(|id| Ok(self.get_system_review(id.parse()?)?.summary()))
            .collect()
    }

    /// Makes one change to a review, if its stage allows it.
    pub fn update_system_review(
        &mut self,
        id: RecordId,
        edit: SystemReviewEdit,
    ) -> Result<SystemReview, StoreError> {
        let current = self.get_system_review(id)?;
        edit.allowed_at(current.stage)?;
        match edit {
            SystemReviewEdit::AddRater(draft) => {
                let rater = draft.validate()?;
                let rater_id = RecordId::new(Uuid::now_v7())?;
                self.change_record(id, note("history-added-a-rater"), |doc| {
                    fields::put(doc, &ROOT, &format!("{}{rater_id}", field::RATER), &rater)
                })
            }
            SystemReviewEdit::RemoveRater(rater) => {
                current.rater(rater).ok_or(ValidationError::UnknownRater)?;
                self.change_record(id, note("history-removed-a-rater"), |doc| {
                    fields::remove(doc, &ROOT, &format!("{}{rater}", field::RATER))
                })
            }
            SystemReviewEdit::Prompt { item, prompt } => {
                current_item(&current, item)?;
                let prompt = waymark_core::text::at_most(
                    prompt.trim().to_owned(),
                    "prompt",
                    waymark_core::system_review::REASON_MAX_CHARS,
                )?;
                self.change_record(id, note("history-reworded-a-question"), |doc| {
                    fields::put(
                        doc,
                        &ROOT,
                        &format!("{}{}", field::PROMPT, item.code()),
                        &prompt,
                    )
                })
            }
            SystemReviewEdit::StartRating => {
                current.check_ratable()?;
                self.move_to(id, ReviewStage::Rating, note("history-rating-started"))
            }
            SystemReviewEdit::Rate {
                rater,
                item,
                rating,
            } => {
                current_item(&current, item)?;
                let rater_name = current
                    .rater(rater)
                    .ok_or(ValidationError::UnknownRater)?
                    .name
                    .clone();
                let rating = rating.validate()?;
                let message = format!("{rater_name} rated {}", item.label());
                self.change_record(id, &message, |doc| {
                    fields::put(doc, &ROOT, &rating_key(rater, item), &rating)
                })
            }
            SystemReviewEdit::StartModeration => {
                current.check_moderatable()?;
                self.move_to(
                    id,
                    ReviewStage::Moderation,
                    note("history-ratings-shown-to-the-group"),
                )
            }
            SystemReviewEdit::Agree { item, agreed } => {
                current_item(&current, item)?;
                let agreed = agreed.validate()?;
                let message = note_with("history-agreed-item", &item.label());
                self.change_record(id, &message, |doc| {
                    fields::put(
                        doc,
                        &ROOT,
                        &format!("{}{}", field::AGREED, item.code()),
                        &agreed,
                    )
                })
            }
            SystemReviewEdit::Finalise => {
                current.check_finalisable()?;
                name_check::check_completable(&current, &self.workspace_settings()?.first_names)?;
                self.move_to(id, ReviewStage::Final, note("history-review-finalised"))
            }
        }
    }

    /// Confirms a flagged word is not a child's name (P3), so the review can be finalised.
    pub fn confirm_not_a_childs_name_in_system_review(
        &mut self,
        id: RecordId,
        word: &str,
    ) -> Result<SystemReview, StoreError> {
        let word = name_check::confirmed_word(word)?;
        self.change_record(
            id,
            &format!("Confirmed \"{word}\" is not a child's name"),
            |doc| name_check::keep_confirmation(doc, &word),
        )
    }

    /// Merges another device's copy of a review, as sync does.
    pub fn merge_system_review(
        &mut self,
        id: RecordId,
        bytes: &[u8],
    ) -> Result<SystemReview, StoreError> {
        let doc = self.merged(id, KIND, bytes)?;
        self.save_record(id, doc)
    }

    fn move_to(
        &mut self,
        id: RecordId,
        stage: ReviewStage,
        message: &str,
    ) -> Result<SystemReview, StoreError> {
        let now = self.now();
        self.change_record(id, message, |doc| {
            doc.put(
                ROOT,
                format!("{}{}", field::STAGE, stage.code()),
                document::timestamp(now),
            )?;
            Ok(())
        })
    }
}

/// Refuses an item the review does not rate: a value in a review of the domains only.
fn current_item(review: &SystemReview, item: ReviewItem) -> Result<(), ValidationError> {
    if review.items().contains(&item) {
        Ok(())
    } else {
        Err(ValidationError::UnknownReviewItem)
    }
}

pub(crate) fn read_system_review(
    id: RecordId,
    doc: &AutoCommit,
) -> Result<SystemReview, StoreError> {
    let include_values = document::get_bool(doc, &ROOT, field::INCLUDE_VALUES)?;
    let items = ReviewItem::all(include_values);
    let stage = ReviewStage::ALL
        .into_iter()
        .rev()
        .find(|stage| {
            doc.get(ROOT, format!("{}{}", field::STAGE, stage.code()))
                .is_ok_and(|found| found.is_some())
        })
        .unwrap_or(ReviewStage::Open);
    let raters: Vec<ReviewRater> = fields::get_keyed::<ValidRater>(doc, &ROOT, field::RATER)?
        .into_iter()
        .map(|(id, rater)| ReviewRater {
            id,
            name: rater.name,
            agency: rater.agency,
            role: rater.role,
        })
        .collect();
    let mut ratings = Vec::new();
    for rater in &raters {
        for &item in &items {
            if let Some(rating) =
                fields::get::<ItemRating>(doc, &ROOT, &rating_key(rater.id, item))?
            {
                ratings.push(GivenRating {
                    rater: rater.id,
                    item,
                    rating,
                });
            }
        }
    }
    let mut agreed = Vec::new();
    let mut prompts = std::collections::BTreeMap::new();
    for &item in &items {
        let code = item.code();
        if let Some(rating) =
            fields::get::<AgreedRating>(doc, &ROOT, &format!("{}{code}", field::AGREED))?
        {
            agreed.push((item, rating));
        }
        if let Some(prompt) =
            fields::get::<String>(doc, &ROOT, &format!("{}{code}", field::PROMPT))?
        {
            prompts.insert(code, prompt);
        }
    }
    let timestamp = |key| document::get_timestamp(doc, key).map(UnixMillis::to_datetime);
    Ok(SystemReview {
        id,
        area: document::get_str(doc, &ROOT, field::AREA)?.unwrap_or_default(),
        held_on: document::get_str(doc, &ROOT, field::HELD_ON)?.unwrap_or_default(),
        facilitator: document::get_str(doc, &ROOT, field::FACILITATOR)?.unwrap_or_default(),
        include_values,
        previous_review_id: document::get_str(doc, &ROOT, field::PREVIOUS)?
            .and_then(|previous| previous.parse().ok()),
        stage,
        raters,
        prompts,
        ratings,
        agreed,
        not_childs_names: name_check::read_confirmations(doc)?,
        created_at: timestamp(keys::CREATED_AT)?,
        updated_at: timestamp(keys::UPDATED_AT)?,
    })
}

pub(crate) fn project(conn: &Connection, review: &SystemReview) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO system_reviews (id, area, held_on, stage, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET
            area = excluded.area, held_on = excluded.held_on, stage = excluded.stage,
            updated_at = excluded.updated_at",
    )?
    .execute(params![
        review.id.to_string(),
        review.area,
        review.held_on,
        review.stage.code(),
        UnixMillis::from(review.updated_at).get(),
    ])?;
    Ok(())
}

impl Record for SystemReview {
    const KIND: RecordKind = KIND;
    const PROJECTION: &'static str = "system_reviews";

    fn read(id: RecordId, doc: &AutoCommit) -> Result<Self, StoreError> {
        read_system_review(id, doc)
    }

    fn project(conn: &Connection, record: &Self) -> Result<(), StoreError> {
        project(conn, record)
    }

    fn updated_at(&self) -> time::OffsetDateTime {
        self.updated_at
    }

    fn free_texts(&self) -> Vec<&str> {
        SystemReview::free_texts(self).collect()
    }

    fn not_childs_names(&self) -> &[String] {
        &self.not_childs_names
    }
}
