use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// The error every app command returns across the invoke boundary: a stable `code` for the UI to
/// act on, a `message` a practitioner can read (in English), the `field` it belongs beside, if
/// any, and the values its message names, with which the UI words it in the practitioner's
/// language (`error-{code}` in the message files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, String)>,
}

impl CommandError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            field: None,
            args: Vec::new(),
        }
    }
}

impl From<ValidationError> for CommandError {
    fn from(error: ValidationError) -> Self {
        Self {
            code: error.code().to_owned(),
            message: error.to_string(),
            field: error.field().map(str::to_owned),
            args: error
                .args()
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validation_error_keeps_its_code_message_and_field() {
        let error = CommandError::from(ValidationError::NameRequired);
        let json = serde_json::to_value(&error).expect("serialises");
        assert_eq!(json["code"], "name_required");
        assert_eq!(json["field"], "name");
        assert!(json["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Give the context a name")));
    }

    #[test]
    fn the_values_a_message_names_travel_with_it() {
        let error = CommandError::from(ValidationError::TooLong {
            field: "note",
            max: 500,
        });
        assert_eq!(error.args, vec![("max".to_owned(), "500".to_owned())]);
        assert_eq!(error.message, "Keep this to 500 characters or fewer.");
    }

    #[test]
    fn an_error_without_a_field_serialises_code_and_message_only() {
        let json = serde_json::to_value(CommandError::new("store_busy", "Try again.")).expect("ok");
        assert_eq!(
            json,
            serde_json::json!({"code": "store_busy", "message": "Try again."})
        );
    }
}
