//! The language the interface is shown in: the one chosen in Settings, else the system's, else
//! English.

use serde::{Deserialize, Serialize};
pub use waymark_i18n::Language;

use crate::ValidationError;

/// What the device knows of its language: the practitioner's choice, if any, and the system's
/// locale as the operating system names it (`cy_GB.UTF-8`, `en-GB`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageChoice {
    pub chosen: Option<String>,
    pub system: Option<String>,
}

impl LanguageChoice {
    /// The language to show: the choice, else the system's if Waymark has it, else English.
    pub fn language(&self) -> Language {
        [&self.chosen, &self.system]
            .into_iter()
            .flatten()
            .find_map(|tag| Language::from_tag(tag))
            .unwrap_or(Language::English)
    }
}

/// A choice from Settings: one of the languages offered there, or none to follow the system.
pub fn validate_choice(tag: Option<&str>) -> Result<Option<Language>, ValidationError> {
    let Some(tag) = tag else {
        return Ok(None);
    };
    Language::from_tag(tag)
        .filter(|language| Language::CHOOSABLE.contains(language))
        .map(Some)
        .ok_or(ValidationError::UnknownLanguage)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(chosen: Option<&str>, system: Option<&str>) -> LanguageChoice {
        LanguageChoice {
            chosen: chosen.map(str::to_owned),
            system: system.map(str::to_owned),
        }
    }

    #[test]
    fn the_choice_wins_then_the_system_then_english() {
        assert_eq!(
            choice(Some("cy-GB"), Some("en_GB.UTF-8")).language(),
            Language::Welsh
        );
        assert_eq!(
            choice(None, Some("cy_GB.UTF-8")).language(),
            Language::Welsh
        );
        assert_eq!(
            choice(None, Some("fr_FR.UTF-8")).language(),
            Language::English
        );
        assert_eq!(choice(None, None).language(), Language::English);
        assert_eq!(
            choice(Some("en-GB"), Some("cy_GB")).language(),
            Language::English
        );
    }

    #[test]
    fn settings_offer_english_and_welsh_only() {
        assert_eq!(validate_choice(Some("cy-GB")), Ok(Some(Language::Welsh)));
        assert_eq!(validate_choice(None), Ok(None));
        assert_eq!(
            validate_choice(Some("qps-ploc")),
            Err(ValidationError::UnknownLanguage)
        );
        assert_eq!(
            validate_choice(Some("fr")),
            Err(ValidationError::UnknownLanguage)
        );
    }
}
