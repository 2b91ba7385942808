//! Device settings, one JSON value per key.

use rusqlite::OptionalExtension;
use waymark_core::EscalationCard;

use crate::{Store, StoreError};

const ESCALATION_CARD: &str = "escalation_card";

impl Store {
    pub fn escalation_card(&self) -> Result<EscalationCard, StoreError> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([ESCALATION_CARD], |row| row.get(0))
            .optional()?;
        Ok(json
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    pub fn set_escalation_card(
        &mut self,
        card: EscalationCard,
    ) -> Result<EscalationCard, StoreError> {
        let card = card.validate()?;
        let json = serde_json::to_string(&card).map_err(StoreError::Json)?;
        self.conn
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([ESCALATION_CARD, json.as_str()])?;
        Ok(card)
    }
}
