//! The interface's language on this device. It is kept in a plain file beside the store, not in
//! it: the lock screen needs it before the passcode is typed, and it says nothing about anyone.

use std::path::{Path, PathBuf};

use waymark_core::language::{Language, LanguageChoice};
use waymark_core::CommandError;

#[derive(Debug)]
pub struct LanguageSetting {
    path: PathBuf,
}

impl LanguageSetting {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join("language"),
        }
    }

    /// The practitioner's choice, if they made one, and the system's locale.
    pub fn choice(&self) -> LanguageChoice {
        let chosen = std::fs::read_to_string(&self.path)
            .ok()
            .map(|tag| tag.trim().to_owned())
            .filter(|tag| !tag.is_empty());
        LanguageChoice {
            chosen,
            system: system_locale(),
        }
    }

    /// Keeps `language` as the choice, or forgets the choice to follow the system.
    pub fn choose(&self, language: Option<Language>) -> Result<LanguageChoice, CommandError> {
        let written = match language {
            Some(language) => write_whole(&self.path, language.tag()),
            None => match std::fs::remove_file(&self.path) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
                _ => Ok(()),
            },
        };
        written.map_err(|error| {
            tracing::warn!(%error, "the language setting could not be written");
            CommandError::new(
                "language_not_saved",
                "The language could not be saved on this device. Check it has free space and try again.",
            )
        })?;
        Ok(self.choice())
    }
}

/// Written beside, then moved into place: a crash leaves the old choice or the new, never half.
fn write_whole(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let partial = path.with_extension("partial");
    std::fs::write(&partial, text)?;
    std::fs::rename(&partial, path)
}

/// The locale the system's messages are in, as GNU gettext reads it: the first of `LANGUAGE`,
/// then `LC_ALL`, `LC_MESSAGES` and `LANG`, ignoring the "C" locale that means none was set.
fn system_locale() -> Option<String> {
    ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(std::env::var_os)
        .filter_map(|value| {
            let value = value.to_string_lossy().into_owned();
            value.split(':').next().map(str::to_owned)
        })
        .find(|tag| !tag.is_empty() && tag != "C" && tag != "POSIX" && !tag.starts_with("C."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_is_kept_and_can_be_forgotten() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let setting = LanguageSetting::new(&folder.path().join("data"));
        assert_eq!(setting.choice().chosen, None);
        let chosen = setting.choose(Some(Language::Welsh)).expect("saved");
        assert_eq!(chosen.chosen.as_deref(), Some("cy-GB"));
        assert_eq!(
            LanguageSetting::new(&folder.path().join("data"))
                .choice()
                .language(),
            Language::Welsh
        );
        setting.choose(None).expect("forgotten");
        assert_eq!(setting.choice().chosen, None);
        setting.choose(None).expect("forgetting twice is no error");
    }
}
