//! A photo sent in parts: each part is added to its upload until the last, which hands the whole
//! photo to the store. Kept in memory only (the store encrypts what it keeps, a temporary file
//! would not be), and bounded: no upload grows past the largest photo, and only a few are kept
//! at once, so a page that stops half way leaves nothing that grows.

use std::sync::Mutex;

use waymark_core::photo::MAX_PHOTO_BYTES;
use waymark_core::ValidationError;

/// How many unfinished uploads are kept; starting another forgets the oldest.
const UPLOADS_KEPT: usize = 4;
/// The longest upload name a page may choose.
const NAME_MAX_CHARS: usize = 64;

#[derive(Debug, Default)]
pub struct PhotoParts(Mutex<Vec<(String, Vec<u8>)>>);

impl PhotoParts {
    /// Adds `part` to the upload `name`; on the last part, answers the whole photo.
    pub fn add(
        &self,
        name: &str,
        part: &[u8],
        last: bool,
    ) -> Result<Option<Vec<u8>>, ValidationError> {
        if name.is_empty()
            || name.len() > NAME_MAX_CHARS
            || !name.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(ValidationError::PhotoNotAnImage);
        }
        let mut uploads = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let at = match uploads.iter().position(|(kept, _)| kept == name) {
            Some(at) => at,
            None => {
                if uploads.len() >= UPLOADS_KEPT {
                    uploads.remove(0);
                }
                uploads.push((name.to_owned(), Vec::new()));
                uploads.len() - 1
            }
        };
        if uploads[at].1.len() + part.len() > MAX_PHOTO_BYTES {
            uploads.remove(at);
            return Err(ValidationError::PhotoTooLarge);
        }
        uploads[at].1.extend_from_slice(part);
        Ok(last.then(|| uploads.remove(at).1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_make_the_photo_in_order_and_too_large_a_one_is_dropped() {
        let parts = PhotoParts::default();
        assert_eq!(parts.add("a1", b"abc", false), Ok(None));
        assert_eq!(parts.add("b2", b"xyz", false), Ok(None));
        assert_eq!(parts.add("a1", b"def", true), Ok(Some(b"abcdef".to_vec())));
        assert_eq!(
            parts.add("a1", b"g", true),
            Ok(Some(b"g".to_vec())),
            "a new upload"
        );
        let big = vec![0; MAX_PHOTO_BYTES];
        assert_eq!(parts.add("c3", &big, false), Ok(None));
        assert_eq!(
            parts.add("c3", b"one too many", false),
            Err(ValidationError::PhotoTooLarge)
        );
        assert_eq!(
            parts.add("c3", b"h", true),
            Ok(Some(b"h".to_vec())),
            "forgotten"
        );
        assert_eq!(
            parts.add("../x", b"h", true),
            Err(ValidationError::PhotoNotAnImage)
        );
        for name in ["d", "e", "f", "g", "h"] {
            parts.add(name, b"1", false).expect("kept");
        }
        assert_eq!(
            parts.add("b2", b"!", true),
            Ok(Some(b"!".to_vec())),
            "b2 was forgotten"
        );
    }
}
