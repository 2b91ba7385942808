//! Every sentence Waymark shows a practitioner comes from a Fluent message file under
//! `locales/`, compiled in: English is complete; Welsh holds what has been translated, and any
//! message it lacks falls back to English. A third language, the pseudo-locale, shows the English
//! with every consonant changed (`Ẇaẏḿařķ`), so a test can see any sentence that is still a
//! literal in the code.
//!
//! No IO, no clock: the UI, the app and core all read the same files.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The message files, in the order they are loaded. A message id is unique across them.
const FILES: &[&str] = &["app.ftl", "errors.ftl", "vocabulary.ftl", "history.ftl"];

const ENGLISH: &[&str] = &[
    include_str!("../locales/en/app.ftl"),
    include_str!("../locales/en/errors.ftl"),
    include_str!("../locales/en/vocabulary.ftl"),
    include_str!("../locales/en/history.ftl"),
];

const WELSH: &[&str] = &[
    include_str!("../locales/cy/app.ftl"),
    include_str!("../locales/cy/errors.ftl"),
    include_str!("../locales/cy/vocabulary.ftl"),
    include_str!("../locales/cy/history.ftl"),
];

/// A language the interface can be shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    Welsh,
    /// English with every letter changed, for finding text that is not from a message file.
    Pseudo,
}

impl Language {
    /// The languages a practitioner can choose in Settings.
    pub const CHOOSABLE: [Self; 2] = [Self::English, Self::Welsh];

    /// The BCP 47 tag: what the setting stores and dates are formatted for.
    pub fn tag(self) -> &'static str {
        match self {
            Self::English => "en-GB",
            Self::Welsh => "cy-GB",
            Self::Pseudo => "qps-ploc",
        }
    }

    /// The language's name in itself, as a language menu shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Self::English => "English",
            Self::Welsh => "Cymraeg",
            Self::Pseudo => "Pseudo",
        }
    }

    /// The language of a tag from a setting, a browser (`cy-GB`) or a POSIX locale
    /// (`cy_GB.UTF-8`), if it is one Waymark has.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Self::English),
            "cy" => Some(Self::Welsh),
            "qps" => Some(Self::Pseudo),
            _ => None,
        }
    }
}

/// One language's messages, with English behind it for what it lacks.
pub struct Messages {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Messages")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

static ENGLISH_MESSAGES: LazyLock<Messages> = LazyLock::new(|| Messages::load(Language::English));
static WELSH_MESSAGES: LazyLock<Messages> = LazyLock::new(|| Messages::load(Language::Welsh));
static PSEUDO_MESSAGES: LazyLock<Messages> = LazyLock::new(|| Messages::load(Language::Pseudo));

/// The messages of `language`, parsed once.
pub fn messages(language: Language) -> &'static Messages {
    match language {
        Language::English => &ENGLISH_MESSAGES,
        Language::Welsh => &WELSH_MESSAGES,
        Language::Pseudo => &PSEUDO_MESSAGES,
    }
}

/// The English messages: what core's errors say when no language is asked for.
pub fn english() -> &'static Messages {
    messages(Language::English)
}

/// Changes every consonant so that no English word survives whole, keeping the text readable
/// enough to lay out: the pseudo-locale's transform.
///
/// Written here rather than taken from `fluent-pseudo`, which matches letters with the `regex`
/// crate: that brought regex and its Unicode tables into the UI's wasm for a table lookup.
fn pseudo(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_ascii_alphabetic()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(pseudo_letter).collect())
}

/// A consonant with a mark on it; every other character as it is. Vowels stay plain so the
/// words can still be read aloud.
fn pseudo_letter(c: char) -> char {
    const SMALL: [char; 26] = [
        'a', 'ƀ', 'ƈ', 'ḓ', 'e', 'ƒ', 'ɠ', 'ħ', 'i', 'ĵ', 'ķ', 'ŀ', 'ḿ', 'ƞ', 'o', 'ƥ', 'ɋ', 'ř',
        'ş', 'ŧ', 'u', 'ṽ', 'ẇ', 'ẋ', 'ẏ', 'ẑ',
    ];
    const CAPITAL: [char; 26] = [
        'A', 'Ɓ', 'Ƈ', 'Ḓ', 'E', 'Ƒ', 'Ɠ', 'Ħ', 'I', 'Ĵ', 'Ķ', 'Ŀ', 'Ḿ', 'Ƞ', 'O', 'Ƥ', 'Ɋ', 'Ř',
        'Ş', 'Ŧ', 'U', 'Ṽ', 'Ẇ', 'Ẋ', 'Ẏ', 'Ẑ',
    ];
    let table = match c {
        'a'..='z' => &SMALL,
        'A'..='Z' => &CAPITAL,
        _ => return c,
    };
    let first = if c.is_ascii_lowercase() { b'a' } else { b'A' };
    // The match above made `c` an ASCII letter, so this is 0..26.
    table[usize::from(c as u8 - first)]
}

impl Messages {
    fn load(language: Language) -> Self {
        let tag = match language {
            Language::Pseudo => Language::English.tag(),
            other => other.tag(),
        };
        let locale = tag.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![locale]);
        // Direction marks around each value would end up in copied text and in exports.
        bundle.set_use_isolating(false);
        if language == Language::Pseudo {
            bundle.set_transform(Some(pseudo));
        }
        let own: &[&str] = match language {
            Language::Welsh => WELSH,
            Language::English | Language::Pseudo => ENGLISH,
        };
        for source in own {
            add(&mut bundle, source);
        }
        if language == Language::Welsh {
            // Whatever Welsh lacks is shown in English until a translator adds it: an id Welsh
            // already has is refused, and the Welsh stays.
            for source in ENGLISH {
                add(&mut bundle, source);
            }
        }
        Self { language, bundle }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The label of a vocabulary's value in this language.
    pub fn label(&self, value: impl Labelled) -> String {
        self.text(&value.message_id())
    }

    /// A note from a record's history in this language. The note is stored as its English (see
    /// `history.ftl`); one this build does not know (a newer app's) is shown as it was written.
    /// In a note that names what changed, the name is reworded too when it is a vocabulary's
    /// English label.
    pub fn history_note(&self, stored: &str) -> String {
        let Some((id, what)) = HISTORY_NOTES.find(stored) else {
            return stored.to_owned();
        };
        match what {
            None => self.text(id),
            Some(what) => {
                let what = ENGLISH_LABEL_IDS
                    .get(what)
                    .map_or_else(|| what.to_owned(), |label| self.text(label));
                self.format(id, &[("what", Arg::from(&what))])
            }
        }
    }

    /// Whether the message `id` exists in this language or its fallback.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// The message `id`, with no values to fill in.
    pub fn text(&self, id: &str) -> String {
        self.format(id, &[])
    }

    /// The message `id` with `args` filled in. A missing message shows as its id in brackets, so
    /// that it is seen, and a test over the sources finds it first.
    pub fn format(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return format!("[{id}]");
        };
        let mut values = FluentArgs::new();
        for (name, value) in args {
            values.set(*name, value.to_fluent());
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&values), &mut errors)
            .into_owned()
    }

    /// The message for the error `code`, with its values; core's, the app's and the server's
    /// codes all have one (`error-{code}` in `errors.ftl`).
    pub fn error(&self, code: &str, args: &[(&str, String)]) -> String {
        self.error_if_whole(code, args).unwrap_or_else(|| {
            // Worded with what there is; a gap shows where a value is missing.
            let args: Vec<(&str, Arg<'_>)> = args
                .iter()
                .map(|(name, value)| (*name, Arg::Text(value)))
                .collect();
            self.format(&format!("error-{code}"), &args)
        })
    }

    /// The message for the error `code`, or `None` where there is none or `args` lack a value
    /// it names: an error that crossed from the server may arrive without its values, and is
    /// then better left as it was worded than shown with a gap.
    pub fn error_if_whole(&self, code: &str, args: &[(&str, String)]) -> Option<String> {
        let pattern = self
            .bundle
            .get_message(&format!("error-{code}"))
            .and_then(|m| m.value())?;
        let mut values = FluentArgs::new();
        for (name, value) in args {
            // Values cross as text; a number is read as one, so that it chooses a plural form.
            values.set(*name, FluentValue::try_number(value.as_str()));
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&values), &mut errors)
            .into_owned();
        errors.is_empty().then_some(text)
    }
}

/// A value of one of the shared vocabularies (a context type, a concern, an agency...). What is
/// stored and synced is its code, which never changes; what a practitioner reads is its label, the
/// message `{VOCABULARY}-{code}` in `vocabulary.ftl`, so the label is worded in one place and
/// translated like any other message.
pub trait Labelled: Copy {
    /// The vocabulary's name: the first part of its labels' message ids.
    const VOCABULARY: &'static str;

    /// The value's stored code.
    fn stored_code(self) -> &'static str;

    /// The message id of the value's label.
    fn message_id(self) -> String {
        format!("{}-{}", Self::VOCABULARY, self.stored_code())
    }
}

/// Every English label, worded once: records, logs and exports carry English labels, and they are
/// asked for often enough that each is formatted only the first time.
static ENGLISH_LABELS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    ids_of(include_str!("../locales/en/vocabulary.ftl"))
        .map(|id| (id.to_owned(), english().text(id)))
        .collect()
});

/// The English label of a vocabulary's value, or its stored code where `vocabulary.ftl` lacks it
/// (a test over every vocabulary in core sees that it never does).
pub fn english_label(value: impl Labelled) -> &'static str {
    ENGLISH_LABELS
        .get(&value.message_id())
        .map_or(value.stored_code(), String::as_str)
}

/// The message ids of the English labels, by their text: how a label written into a history note
/// is found again. Where two vocabularies word a label alike, the first id in order stands, so
/// that every run rewords it the same way.
static ENGLISH_LABEL_IDS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut labels: Vec<(&String, &String)> = ENGLISH_LABELS.iter().collect();
    labels.sort_unstable();
    let mut by_text = HashMap::new();
    for (id, text) in labels {
        by_text.entry(text.as_str()).or_insert(id.as_str());
    }
    by_text
});

/// What marks the changed part of a note while its English is split around it.
const WHAT: &str = "\u{1}";

/// The history notes of `history.ftl` by their English, so that a stored note finds its message.
struct HistoryNotes {
    /// Notes with nothing filled in, by their whole English.
    whole: HashMap<String, String>,
    /// Notes that name what changed: the id, and the English before and after `{ $what }`.
    naming: Vec<(String, String, String)>,
}

impl HistoryNotes {
    fn load() -> Self {
        let mut whole = HashMap::new();
        let mut naming = Vec::new();
        for id in ids_of(include_str!("../locales/en/history.ftl")) {
            let english = english().format(id, &[("what", Arg::Text(WHAT))]);
            match english.split_once(WHAT) {
                Some((before, after)) => {
                    naming.push((id.to_owned(), before.to_owned(), after.to_owned()));
                }
                None => {
                    whole.insert(english, id.to_owned());
                }
            }
        }
        // The longest opening first, so that "Edited the write-up: " wins over "Edited: ".
        naming.sort_by_key(|(_, before, _)| std::cmp::Reverse(before.len()));
        Self { whole, naming }
    }

    /// The note's id, and the part it names, if any.
    fn find<'a>(&self, stored: &'a str) -> Option<(&str, Option<&'a str>)> {
        if let Some(id) = self.whole.get(stored) {
            return Some((id, None));
        }
        self.naming.iter().find_map(|(id, before, after)| {
            let what = stored
                .strip_prefix(before.as_str())?
                .strip_suffix(after.as_str())?;
            Some((id.as_str(), Some(what)))
        })
    }
}

static HISTORY_NOTES: LazyLock<HistoryNotes> = LazyLock::new(HistoryNotes::load);

/// The English of a history note, as the store writes it into a change: worded once, and
/// `history.ftl` never changes a released note's English.
pub fn english_note(id: &str) -> &'static str {
    static NOTES: LazyLock<HashMap<&'static str, String>> = LazyLock::new(|| {
        ids_of(include_str!("../locales/en/history.ftl"))
            .map(|id| (id, english().text(id)))
            .collect()
    });
    NOTES.get(id).map_or("", String::as_str)
}

/// The ids of the messages in a file, read from the start of each `id = ` line.
fn ids_of(source: &'static str) -> impl Iterator<Item = &'static str> {
    source
        .lines()
        .filter_map(|line| line.split_once(" = "))
        .map(|(id, _)| id.trim())
        .filter(|id| !id.starts_with('#') && !id.is_empty())
}

/// A value a message fills in: text is shown as it is; a number is written the language's way
/// and chooses the message's plural form.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(i64),
}

impl Arg<'_> {
    fn to_fluent(self) -> FluentValue<'static> {
        match self {
            Self::Text(text) => FluentValue::from(text.to_owned()),
            Self::Number(number) => FluentValue::from(number),
        }
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Self::Text(text)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Self::Text(text)
    }
}

impl From<i64> for Arg<'_> {
    fn from(number: i64) -> Self {
        Self::Number(number)
    }
}

impl From<usize> for Arg<'_> {
    fn from(number: usize) -> Self {
        Self::Number(i64::try_from(number).unwrap_or(i64::MAX))
    }
}

impl From<u64> for Arg<'_> {
    fn from(number: u64) -> Self {
        Self::Number(i64::try_from(number).unwrap_or(i64::MAX))
    }
}

impl From<u32> for Arg<'_> {
    fn from(number: u32) -> Self {
        Self::Number(i64::from(number))
    }
}

fn add(bundle: &mut FluentBundle<FluentResource>, source: &str) {
    let resource = match FluentResource::try_new(source.to_owned()) {
        Ok(resource) => resource,
        // The tests parse every file without error; a part that does not parse is left out
        // rather than losing the rest.
        Err((resource, _)) => resource,
    };
    // An id the bundle has already is refused and the first kept: that is the fallback, and the
    // tests refuse a duplicate within one language.
    let _ = bundle.add_resource(resource);
}

/// The file names under each language's folder, for the tests and for translators' tools.
pub fn files() -> &'static [&'static str] {
    FILES
}

#[cfg(test)]
mod tests;
