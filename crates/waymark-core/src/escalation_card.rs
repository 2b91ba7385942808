//! The escalation card: what to do, and whom to call, when a child is at immediate risk. Each
//! workspace words its own; this is the default until it does.

use serde::{Deserialize, Serialize};

use crate::text::required;
use crate::ValidationError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationCard {
    pub instructions: String,
    pub phone: String,
}

impl Default for EscalationCard {
    fn default() -> Self {
        Self {
            instructions: "If a child is in immediate danger, call 999 now. Then tell the duty social worker through the front door, and your manager. Never write the child's name: add a case reference later if the child is known.".to_owned(),
            phone: "999".to_owned(),
        }
    }
}

impl EscalationCard {
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(Self {
            instructions: required(
                &self.instructions,
                "instructions",
                2000,
                ValidationError::EscalationIncomplete,
            )?,
            phone: required(
                &self.phone,
                "phone",
                40,
                ValidationError::EscalationIncomplete,
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_card_is_valid_and_says_999() {
        let card = EscalationCard::default().validate().expect("valid");
        assert_eq!(card.phone, "999");
        assert!(card.instructions.contains("Never write the child's name"));
    }

    #[test]
    fn a_card_without_a_number_is_refused() {
        let card = EscalationCard {
            phone: " ".into(),
            ..EscalationCard::default()
        };
        assert_eq!(card.validate(), Err(ValidationError::EscalationIncomplete));
    }
}
