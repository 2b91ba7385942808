//! Privacy rule P3: free text is checked against the workspace's first-name list, so that a
//! child's name typed by habit is caught before a record is completed, exported or shared. A hit
//! is a listed name written as a name (capitalised), alone ("Sam") or followed by another
//! capitalised word ("Sam Jones"); "Northfield Park" passes, and so do "will" and "mark" written
//! as the words they also are. Typing is never blocked: the check only flags, and a practitioner
//! may confirm that a flagged word is not a child's name.

use std::collections::BTreeSet;

/// The words of `text` that may be a child's name: each as it was written, with the capitalised
/// word after it when there is one, in order and once each.
pub fn possible_names(text: &str, first_names: &[String]) -> Vec<String> {
    if first_names.is_empty() {
        return Vec::new();
    }
    let listed: BTreeSet<&str> = first_names.iter().map(String::as_str).collect();
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '-'))
        .filter(|word| !word.is_empty())
        .collect();
    let mut hits: Vec<String> = Vec::new();
    for (index, word) in words.iter().enumerate() {
        if !capitalised(word) || !listed.contains(word.to_lowercase().as_str()) {
            continue;
        }
        let hit = match words.get(index + 1) {
            Some(next) if capitalised(next) => format!("{word} {next}"),
            _ => (*word).to_owned(),
        };
        if !hits.contains(&hit) {
            hits.push(hit);
        }
    }
    hits
}

/// The first word of a hit: what a practitioner confirms is not a child's name.
pub fn flagged_word(hit: &str) -> &str {
    hit.split(' ').next().unwrap_or(hit)
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The hits in `texts` that nobody has confirmed are not a child's name; `confirmed` holds the
/// flagged words, lower-cased.
pub fn unconfirmed<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    first_names: &[String],
    confirmed: &BTreeSet<String>,
) -> Vec<String> {
    let mut left: Vec<String> = Vec::new();
    for text in texts {
        for hit in possible_names(text, first_names) {
            if !confirmed.contains(&flagged_word(&hit).to_lowercase()) && !left.contains(&hit) {
                left.push(hit);
            }
        }
    }
    left
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["sam", "will", "grace", "amira"]
            .map(str::to_owned)
            .to_vec()
    }

    #[test]
    fn a_listed_name_alone_or_before_a_capitalised_word_is_flagged_and_a_place_passes() {
        assert_eq!(possible_names("Saw Sam by the gate", &names()), ["Sam"]);
        assert_eq!(
            possible_names("Sam Jones and Amira were there", &names()),
            ["Sam Jones", "Amira"]
        );
        assert!(possible_names("Northfield Park, by the skate ramp", &names()).is_empty());
        assert!(
            possible_names("we will go back; by grace of the warden", &names()).is_empty(),
            "words that are also names, written as words"
        );
        assert!(possible_names("Samuel and Samantha", &names()).is_empty());
        assert!(possible_names("Sam", &[]).is_empty());
    }

    #[test]
    fn a_confirmed_word_is_no_longer_flagged_and_each_hit_is_listed_once() {
        let confirmed = BTreeSet::from(["grace".to_owned()]);
        let texts = ["Grace Park at dusk. Sam", "Sam again, and Grace Park"];
        assert_eq!(unconfirmed(texts, &names(), &confirmed), ["Sam"]);
        assert_eq!(flagged_word("Sam Jones"), "Sam");
    }
}
