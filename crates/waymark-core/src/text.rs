//! Rules shared by every free-text and reference field.

use crate::ValidationError;

/// Refuses text longer than `max` characters, and returns it unchanged otherwise.
pub fn at_most(text: String, field: &'static str, max: usize) -> Result<String, ValidationError> {
    if text.chars().count() > max {
        Err(ValidationError::TooLong { field, max })
    } else {
        Ok(text)
    }
}

/// A required short value: trimmed, not empty, and at most `max` characters.
pub fn required(
    text: &str,
    field: &'static str,
    max: usize,
    missing: ValidationError,
) -> Result<String, ValidationError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(missing);
    }
    at_most(text.to_owned(), field, max)
}

/// Privacy rule P2: a known child appears only as a case-system reference. Until a workspace sets
/// its own format, a reference is 3 to 20 capital letters, digits, dashes or slashes with at least
/// one digit, which no name can satisfy.
pub fn validate_case_ref(case_ref: &str) -> Result<String, ValidationError> {
    let case_ref = case_ref.trim();
    let allowed = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '/';
    let length = case_ref.chars().count();
    if (3..=20).contains(&length)
        && case_ref.chars().all(allowed)
        && case_ref.chars().any(|c| c.is_ascii_digit())
    {
        Ok(case_ref.to_owned())
    } else {
        Err(ValidationError::InvalidCaseRef)
    }
}

/// Privacy rule P2 for peer maps: a person is initials (`^([A-Z]\.?){1,4}$`, such as "A.B." or
/// "JK") or a case reference, and nothing else.
pub fn validate_person_ref(label: &str) -> Result<String, ValidationError> {
    let label = label.trim();
    if is_initials(label) {
        return Ok(label.to_owned());
    }
    validate_case_ref(label).map_err(|_| ValidationError::InvalidPersonRef)
}

fn is_initials(label: &str) -> bool {
    let mut letters = 0;
    let mut chars = label.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii_uppercase() {
            return false;
        }
        letters += 1;
        if chars.peek() == Some(&'.') {
            chars.next();
        }
    }
    (1..=4).contains(&letters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_refs_in_the_case_system_format_are_accepted() {
        for case_ref in ["CS-10234", "123456", "LA/2026/77", " EH-9 "] {
            assert_eq!(
                validate_case_ref(case_ref),
                Ok(case_ref.trim().to_owned()),
                "{case_ref}"
            );
        }
    }

    #[test]
    fn names_and_anything_like_them_are_refused_as_case_refs() {
        for case_ref in [
            "Sam",
            "Sam Jones",
            "SAMJONES",
            "sam-123",
            "A.B.",
            "CS 10234",
            "",
            "12",
            "X-123456789012345678901",
        ] {
            assert_eq!(
                validate_case_ref(case_ref),
                Err(ValidationError::InvalidCaseRef),
                "{case_ref:?}"
            );
        }
    }

    #[test]
    fn initials_and_case_refs_are_people_on_a_peer_map() {
        for label in ["A.B.", "AB", "J", "A.B.C.D.", "J.K", " T.M. ", "CS-10234"] {
            assert_eq!(
                validate_person_ref(label),
                Ok(label.trim().to_owned()),
                "{label}"
            );
        }
    }

    #[test]
    fn names_and_anything_else_are_refused_on_a_peer_map() {
        for label in [
            "Sam",
            "Sam Jones",
            "sam",
            "A.B.C.D.E.",
            "A..B",
            "a.b.",
            "AB CD",
            "",
            "Ms. Jones",
            "ÅB",
        ] {
            assert_eq!(
                validate_person_ref(label),
                Err(ValidationError::InvalidPersonRef),
                "{label:?}"
            );
        }
    }

    #[test]
    fn required_text_is_trimmed_and_bounded() {
        let missing = ValidationError::PurposeRequired;
        assert_eq!(
            required("  Evening check  ", "purpose", 20, missing.clone()),
            Ok("Evening check".into())
        );
        assert_eq!(
            required("   ", "purpose", 20, missing.clone()),
            Err(missing.clone())
        );
        assert_eq!(
            required(&"x".repeat(21), "purpose", 20, missing),
            Err(ValidationError::TooLong {
                field: "purpose",
                max: 20
            })
        );
    }
}
