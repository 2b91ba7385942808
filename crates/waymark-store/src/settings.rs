//! Device settings, one JSON value per key.

use rusqlite::OptionalExtension;
use waymark_core::EscalationCard;

use crate::{Store, StoreError};

const ESCALATION_CARD: &str = "escalation_card";
/// The name this device's practitioner goes by in assignments, until accounts exist.
const PRACTITIONER_NAME: &str = "practitioner_name";

impl Store {
    pub fn escalation_card(&self) -> Result<EscalationCard, StoreError> {
        Ok(self.setting(ESCALATION_CARD)?.unwrap_or_default())
    }

    pub fn set_escalation_card(
        &mut self,
        card: EscalationCard,
    ) -> Result<EscalationCard, StoreError> {
        let card = card.validate()?;
        self.set_setting(ESCALATION_CARD, &card)?;
        Ok(card)
    }

    pub fn practitioner_name(&self) -> Result<String, StoreError> {
        Ok(self.setting(PRACTITIONER_NAME)?.unwrap_or_default())
    }

    pub fn set_practitioner_name(&mut self, name: &str) -> Result<String, StoreError> {
        let name = waymark_core::text::at_most(name.trim().to_owned(), "name", 120)?;
        self.set_setting(PRACTITIONER_NAME, &name)?;
        Ok(name)
    }

    fn setting<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |row| row.get(0))
            .optional()?;
        Ok(json.and_then(|json| serde_json::from_str(&json).ok()))
    }

    fn set_setting<T: serde::Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        let json = serde_json::to_string(value).map_err(StoreError::Json)?;
        self.conn
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, json.as_str()])?;
        Ok(())
    }
}
