//! A document's heads as both stores keep them in a column: 32 bytes each, sorted, so equal sets
//! of heads are equal bytes.

use automerge::ChangeHash;

pub fn encode(heads: &[ChangeHash]) -> Vec<u8> {
    let mut sorted = heads.to_vec();
    sorted.sort_unstable();
    sorted.iter().flat_map(|h| h.0).collect()
}

pub fn decode(bytes: &[u8]) -> Vec<ChangeHash> {
    bytes
        .chunks_exact(32)
        .filter_map(|chunk| <[u8; 32]>::try_from(chunk).ok().map(ChangeHash))
        .collect()
}
