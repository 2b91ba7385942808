//! Device tokens and enrolment codes: made from the OS's randomness, kept only as SHA-256.
//! Both carry enough entropy (256 and about 59 bits) that a plain hash is safe to keep; a slow
//! password hash would only slow down every sync's upgrade request.

use sha2::{Digest, Sha256};

use crate::storage;

/// The letters of an enrolment code: no 0/O, 1/I/L or U, so it can be read out and typed.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// How long an enrolment code stays usable unless the admin says otherwise.
pub const DEFAULT_CODE_HOURS: u32 = 72;

pub fn hash(secret: &str) -> storage::Sha256 {
    Sha256::digest(secret.as_bytes()).into()
}

/// Whether a secret given in a request is the one expected. The digests are compared, not the
/// secrets, so how long the comparison takes says nothing about the secret's letters.
pub fn same(given: &str, expected: &str) -> bool {
    hash(given) == hash(expected)
}

fn random_bytes<const N: usize>() -> Result<[u8; N], std::io::Error> {
    let mut bytes = [0; N];
    getrandom::fill(&mut bytes).map_err(|error| std::io::Error::other(error.to_string()))?;
    Ok(bytes)
}

/// A new device token, 256 bits in hex.
pub fn new_token() -> Result<String, std::io::Error> {
    Ok(waymark_sync::blob::hex(&random_bytes::<32>()?))
}

/// A letter of the alphabet for a random byte, or `None` for the bytes past the largest whole
/// multiple of the alphabet's length: taking those too would make the first letters likelier.
fn letter(byte: u8) -> Option<char> {
    let size = CODE_ALPHABET.len();
    let usable = 256 - 256 % size;
    let byte = usize::from(byte);
    (byte < usable).then(|| char::from(CODE_ALPHABET[byte % size]))
}

/// A new enrolment code, twelve letters in three groups: `ABCD-EFGH-JKMN`.
pub fn new_code() -> Result<String, std::io::Error> {
    let mut letters = Vec::with_capacity(12);
    while letters.len() < 12 {
        letters.extend(random_bytes::<16>()?.into_iter().filter_map(letter));
    }
    letters.truncate(12);
    Ok(letters
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

/// A code as typed, in the form it was hashed: capitals, no spaces or dashes.
pub fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_the_same_however_it_is_typed() {
        let code = new_code().expect("randomness");
        assert_eq!(code.len(), 14);
        assert!(code
            .chars()
            .all(|c| c == '-' || CODE_ALPHABET.contains(&(c as u8))));
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(hash(&normalise_code(&typed)), hash(&normalise_code(&code)));
    }

    #[test]
    fn every_letter_is_equally_likely() {
        // Each letter stands for the same number of byte values, and the rest are drawn again.
        let mut counts = [0_usize; 30];
        let mut refused = 0;
        for byte in 0..=u8::MAX {
            match letter(byte) {
                Some(c) => {
                    let index = CODE_ALPHABET
                        .iter()
                        .position(|&a| char::from(a) == c)
                        .expect("in the alphabet");
                    counts[index] += 1;
                }
                None => refused += 1,
            }
        }
        assert_eq!(CODE_ALPHABET.len(), 30);
        assert!(counts.iter().all(|&n| n == 8), "{counts:?}");
        assert_eq!(refused, 16);
    }

    #[test]
    fn tokens_differ() {
        let (a, b) = (new_token().expect("token"), new_token().expect("token"));
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
