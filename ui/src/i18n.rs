//! The interface's words in the practitioner's language. Every sentence on screen comes from
//! waymark-i18n's message files through [`t`] and [`t_with`]; errors from the shell are worded
//! again by their code ([`worded`]). The language is settled once, before the app is drawn, and
//! choosing another in Settings draws the app again from the start.

use std::cell::Cell;

use waymark_core::language::{Language, LanguageChoice};
use waymark_core::CommandError;
pub use waymark_i18n::Arg;
use waymark_i18n::{messages, Labelled, Messages};

thread_local! {
    static LANGUAGE: Cell<Language> = const { Cell::new(Language::English) };
}

/// Settles the language from the device's choice, the system's locale or, where the shell knows
/// none (a phone), the webview's; and tells assistive technology which language the page is in.
pub fn settle(choice: &LanguageChoice) {
    let mut choice = choice.clone();
    if choice.system.is_none() {
        choice.system = web_sys::window().and_then(|w| w.navigator().language());
    }
    let language = choice.language();
    LANGUAGE.with(|current| current.set(language));
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", language.tag());
    }
}

pub fn language() -> Language {
    LANGUAGE.with(Cell::get)
}

/// The messages of the interface's language, for words core puts together (the sync line).
pub fn current() -> &'static Messages {
    messages(language())
}

/// The message `id`.
pub fn t(id: &str) -> String {
    current().text(id)
}

/// The message `id`, with values filled in.
pub fn t_with(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    current().format(id, args)
}

/// A vocabulary's value (a context type, a concern, an agency...) as the interface names it:
/// `value.named()` is its label in the practitioner's language, where core's `label()` is the
/// English that records and exports carry.
pub trait Named: Labelled {
    fn named(self) -> String {
        current().label(self)
    }
}

impl<T: Labelled> Named for T {}

/// The error with its message in the interface's language, where the message files have its
/// code and the error brought every value the message names; otherwise as it was worded.
pub fn worded(mut error: CommandError) -> CommandError {
    let args: Vec<(&str, String)> = error
        .args
        .iter()
        .map(|(name, value)| (name.as_str(), value.clone()))
        .collect();
    if let Some(message) = current().error_if_whole(&error.code, &args) {
        error.message = message;
    }
    error
}
