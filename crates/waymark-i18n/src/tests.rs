use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_bundle::FluentResource;
use fluent_syntax::ast;

use super::*;

/// Every message id in `sources`, with the names of the values its text fills in.
fn ids(sources: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let mut found = BTreeMap::new();
    for (file, source) in FILES.iter().zip(sources) {
        let resource = FluentResource::try_new((*source).to_owned())
            .unwrap_or_else(|(_, errors)| panic!("{file} does not parse: {errors:?}"));
        for entry in resource.entries() {
            if let ast::Entry::Message(message) = entry {
                let variables = message.value.as_ref().map(variables_of).unwrap_or_default();
                let id = message.id.name.to_owned();
                assert!(
                    found.insert(id.clone(), variables).is_none(),
                    "{id} is in the files twice"
                );
            }
        }
    }
    found
}

fn variables_of(pattern: &ast::Pattern<&str>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            collect(expression, &mut names);
        }
    }
    names
}

fn collect(expression: &ast::Expression<&str>, names: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Inline(ast::InlineExpression::VariableReference { id }) => {
            names.insert(id.name.to_owned());
        }
        ast::Expression::Select { selector, variants } => {
            if let ast::InlineExpression::VariableReference { id } = selector {
                names.insert(id.name.to_owned());
            }
            for variant in variants {
                names.extend(variables_of(&variant.value));
            }
        }
        ast::Expression::Inline(_) => {}
    }
}

#[test]
fn every_file_parses_and_no_id_is_there_twice() {
    assert!(ids(ENGLISH).len() > 100);
    ids(WELSH);
}

#[test]
fn welsh_has_no_message_english_lacks_and_fills_in_the_same_values() {
    let english = ids(ENGLISH);
    for (id, variables) in ids(WELSH) {
        let Some(expected) = english.get(&id) else {
            panic!("{id} is in Welsh but not English: a message renamed or removed");
        };
        assert!(
            variables.is_subset(expected),
            "{id} in Welsh names {variables:?}, English only {expected:?}"
        );
    }
}

#[test]
fn what_welsh_lacks_is_shown_in_english() {
    let english = ids(ENGLISH);
    let welsh = ids(WELSH);
    let untranslated = english.keys().find(|id| !welsh.contains_key(*id));
    if let Some(id) = untranslated {
        assert_eq!(messages(Language::Welsh).text(id), english_text(id));
    }
    let translated = welsh.keys().next().expect("some Welsh");
    assert_ne!(
        messages(Language::Welsh).text(translated),
        english_text(translated)
    );
}

fn english_text(id: &str) -> String {
    english().text(id)
}

#[test]
fn a_missing_message_shows_its_id_rather_than_nothing() {
    assert_eq!(english().text("no-such-message"), "[no-such-message]");
}

#[test]
fn values_are_filled_in_and_numbers_choose_the_plural() {
    let one = english().format("observations-count", &[("count", Arg::from(1_i64))]);
    let many = english().format("observations-count", &[("count", Arg::from(3_i64))]);
    assert_eq!(one, "1 observation");
    assert_eq!(many, "3 observations");
    assert_eq!(
        english().error("text_too_long", &[("max", "500".to_owned())]),
        "Keep this to 500 characters or fewer."
    );
}

#[test]
fn an_error_missing_a_value_is_not_worded_with_a_gap() {
    assert_eq!(english().error_if_whole("text_too_long", &[]), None);
    assert_eq!(english().error_if_whole("no_such_code", &[]), None);
    assert_eq!(
        english()
            .error_if_whole("text_too_long", &[("max", "80".to_owned())])
            .as_deref(),
        Some("Keep this to 80 characters or fewer.")
    );
}

#[test]
fn the_pseudo_locale_leaves_no_plain_letter_but_keeps_values() {
    let shown =
        messages(Language::Pseudo).format("observations-count", &[("count", Arg::from(3_i64))]);
    assert!(shown.starts_with("3 "), "{shown}");
    // Vowels stay as they are; every word loses its plain consonants.
    for word in shown.split_whitespace().skip(1) {
        assert!(
            !word.chars().all(|c| c.is_ascii_alphabetic()),
            "{word} in {shown} is plain English"
        );
    }
}

#[test]
fn tags_from_settings_browsers_and_posix_locales() {
    assert_eq!(Language::from_tag("cy-GB"), Some(Language::Welsh));
    assert_eq!(Language::from_tag("cy_GB.UTF-8"), Some(Language::Welsh));
    assert_eq!(Language::from_tag("en"), Some(Language::English));
    assert_eq!(Language::from_tag("EN-us"), Some(Language::English));
    assert_eq!(Language::from_tag("qps-ploc"), Some(Language::Pseudo));
    assert_eq!(Language::from_tag("fr-FR"), None);
    assert_eq!(Language::from_tag(""), None);
    for language in [Language::English, Language::Welsh, Language::Pseudo] {
        assert_eq!(Language::from_tag(language.tag()), Some(language));
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literal right after each `marker` in `text`, where the marker starts a name (so
/// `t("` does not find `set_text("`).
fn literals_after<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
    text.match_indices(marker)
        .filter(|(at, _)| {
            !text[..*at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
        })
        .filter_map(|(at, _)| {
            let rest = &text[at + marker.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn every_message_the_interface_asks_for_is_in_english() {
    let english = ids(ENGLISH);
    let mut files = Vec::new();
    rust_files(&workspace().join("ui/src"), &mut files);
    let mut asked = 0;
    let mut missing = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        for marker in ["t(\"", "t_with(\""] {
            for id in literals_after(&text, marker) {
                asked += 1;
                if !english.contains_key(id) {
                    missing.push(format!("{}: {id}", file.display()));
                }
            }
        }
    }
    // The scan itself is checked: the home page alone asks for more than this.
    assert!(asked > 20, "only {asked} messages asked for");
    let mut store = Vec::new();
    rust_files(&workspace().join("crates/waymark-store/src"), &mut store);
    let mut noted = 0;
    for file in store {
        let text = std::fs::read_to_string(&file).expect("readable");
        for marker in ["note(\"", "note_with(\""] {
            for id in literals_after(&text, marker) {
                noted += 1;
                if !english.contains_key(id) {
                    missing.push(format!("{}: {id}", file.display()));
                }
            }
        }
    }
    assert!(noted > 50, "only {noted} history notes written");
    assert!(missing.is_empty(), "not in English: {missing:#?}");
}

#[test]
fn every_error_code_in_core_has_a_message() {
    let english = ids(ENGLISH);
    let source = std::fs::read_to_string(workspace().join("crates/waymark-core/src/error.rs"))
        .expect("error.rs");
    let start = source.find("pub fn code(&self)").expect("code()");
    let end = start + source[start..].find("pub fn field").expect("field()");
    let codes = literals_after(&source[start..end], "=> \"");
    assert!(codes.len() > 100);
    for code in codes {
        assert!(
            english.contains_key(&format!("error-{code}")),
            "error-{code} is not in errors.ftl"
        );
    }
}

#[test]
fn a_stored_history_note_is_shown_in_the_language_asked_for() {
    let pseudo = messages(Language::Pseudo);
    let stored = english_note("history-checked-in");
    assert_eq!(stored, "Checked in");
    assert_eq!(
        pseudo.history_note(stored),
        pseudo.text("history-checked-in")
    );
    assert_ne!(pseudo.history_note(stored), stored);
    // A note naming what changed: the name, an English label, is reworded too.
    let stored = english().format(
        "history-edited-the-write-up",
        &[(
            "what",
            Arg::from(english_text("write-up-section-concerns").as_str()),
        )],
    );
    assert_eq!(stored, "Edited the write-up: Concerns");
    assert_eq!(
        pseudo.history_note(&stored),
        pseudo.format(
            "history-edited-the-write-up",
            &[(
                "what",
                Arg::from(pseudo.text("write-up-section-concerns").as_str())
            )]
        )
    );
    // The longer opening wins: "Edited: " would also match "Edited the write-up: ".
    assert_eq!(english().history_note(&stored), stored);
    // A note this build does not know, from a newer app, stays as it was written.
    assert_eq!(
        pseudo.history_note("Painted the bench"),
        "Painted the bench"
    );
}

#[test]
fn the_pseudo_transform_marks_consonants_and_leaves_the_rest() {
    assert_eq!(pseudo("Waymark"), "Ẇaẏḿařķ");
    assert_eq!(pseudo("Zebra 12, CS-10234!"), "Ẑeƀřa 12, ƇŞ-10234!");
    assert!(matches!(pseudo("12 / 34"), Cow::Borrowed("12 / 34")));
    assert_eq!(pseudo("Ŵ café"), "Ŵ ƈaƒé");
}
