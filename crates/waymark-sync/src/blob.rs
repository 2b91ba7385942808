//! How attachments are named: by the SHA-256 of their bytes, in lowercase hex. A device and the
//! server name and check a blob the same way.

use sha2::{Digest, Sha256};

/// Lowercase hex of any bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The name a blob travels and is stored under.
pub fn name_of(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Whether `name` has the form of a blob's name: 64 lowercase hex digits.
pub fn is_name(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blob_is_named_by_its_sha256() {
        let name = name_of(b"abc");
        assert_eq!(
            name,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(is_name(&name));
        assert!(!is_name(&name.to_uppercase()));
        assert!(!is_name("../etc/passwd"));
    }
}
