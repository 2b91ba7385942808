//! Frames: one protocol-version byte, then a [`Message`] in postcard. A frame that is too large,
//! of an unknown version or malformed is refused with an error, never a panic.

use serde::{Deserialize, Serialize};
use waymark_core::RecordId;

pub const PROTOCOL_VERSION: u8 = 1;

/// The largest frame either side accepts.
pub const MAX_FRAME_BYTES: usize = 4 * 1024 * 1024;

/// The most documents one Sync or Documents frame names. A server may take more, never fewer.
pub const MAX_DOCUMENTS_PER_FRAME: usize = 1_000;

/// A document's heads: its latest change hashes.
pub type Heads = Vec<[u8; 32]>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Message {
    /// A digest of every document and its heads. Equal digests: nothing to do.
    Summary { digest: [u8; 32], documents: u32 },
    /// Every document and its heads, sent when the digests differ.
    Inventory {
        #[serde(with = "crate::wire_id::pairs")]
        documents: Vec<(RecordId, Heads)>,
    },
    /// Automerge sync messages, one per document.
    Sync {
        #[serde(with = "crate::wire_id::pairs")]
        messages: Vec<(RecordId, Vec<u8>)>,
    },
    /// Nothing more to send until the other side sends something.
    Idle,
    /// One frame was refused; the session stays usable for the rest.
    Error {
        code: ErrorCode,
        #[serde(with = "crate::wire_id::optional")]
        document: Option<RecordId>,
    },
    /// From the server between sessions: another device changed documents this device may see,
    /// so a new session would bring something.
    Changed,
    /// Whole documents, as Automerge saves them, that the other side's inventory lacked: one
    /// compressed save costs less on the wire than Automerge sync's rounds for a new document.
    Documents {
        #[serde(with = "crate::wire_id::pairs")]
        documents: Vec<(RecordId, Vec<u8>)>,
    },
    /// Documents received whole and stored.
    Stored {
        #[serde(with = "crate::wire_id::list")]
        documents: Vec<RecordId>,
    },
}

/// How many kinds of [`Message`] this version knows: postcard writes the kind first, as one byte
/// while there are fewer than 128.
const MESSAGE_KINDS: u8 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorCode {
    Malformed,
    TooLarge,
    UnknownVersion,
    /// A document outside the workspaces this device may see. Nothing about it is disclosed.
    Forbidden,
    /// A message that does not fit the session's current step.
    OutOfOrder,
    /// A document's sync message that could not be applied.
    Rejected,
    /// A kind of message this version does not know (from a newer app).
    UnknownType,
    /// More frames than the server takes in a second; send this one again later.
    RateLimited,
    /// Past one of the server's quotas (documents in one frame or one session); the connection
    /// stays usable, and the rest goes in a later session.
    QuotaExceeded,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("the frame is {size} bytes, over the limit of {MAX_FRAME_BYTES}")]
    TooLarge { size: usize },
    #[error("protocol version {0} is not known")]
    UnknownVersion(u8),
    #[error("the frame could not be read")]
    Malformed,
    #[error("message kind {0} is not known")]
    UnknownType(u8),
}

impl FrameError {
    /// The error frame that answers this one.
    pub fn reply(&self) -> Message {
        let code = match self {
            Self::TooLarge { .. } => ErrorCode::TooLarge,
            Self::UnknownVersion(_) => ErrorCode::UnknownVersion,
            Self::Malformed => ErrorCode::Malformed,
            Self::UnknownType(_) => ErrorCode::UnknownType,
        };
        Message::Error {
            code,
            document: None,
        }
    }
}

pub fn encode(message: &Message) -> Result<Vec<u8>, FrameError> {
    let mut frame = vec![PROTOCOL_VERSION];
    frame.extend(postcard::to_stdvec(message).map_err(|_| FrameError::Malformed)?);
    if frame.len() > MAX_FRAME_BYTES {
        return Err(FrameError::TooLarge { size: frame.len() });
    }
    Ok(frame)
}

pub fn decode(frame: &[u8]) -> Result<Message, FrameError> {
    if frame.len() > MAX_FRAME_BYTES {
        return Err(FrameError::TooLarge { size: frame.len() });
    }
    match frame.split_first() {
        Some((&PROTOCOL_VERSION, body)) => {
            if let Some(&kind) = body.first().filter(|&&kind| kind >= MESSAGE_KINDS) {
                return Err(FrameError::UnknownType(kind));
            }
            let (message, rest) =
                postcard::take_from_bytes(body).map_err(|_| FrameError::Malformed)?;
            if rest.is_empty() {
                Ok(message)
            } else {
                Err(FrameError::Malformed)
            }
        }
        Some((&version, _)) => Err(FrameError::UnknownVersion(version)),
        None => Err(FrameError::Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> RecordId {
        RecordId::new(uuid::Uuid::now_v7()).expect("v7")
    }

    #[test]
    fn every_message_round_trips() {
        let messages = [
            Message::Summary {
                digest: [7; 32],
                documents: 3,
            },
            Message::Inventory {
                documents: vec![(id(), vec![[1; 32], [2; 32]])],
            },
            Message::Sync {
                messages: vec![(id(), vec![1, 2, 3])],
            },
            Message::Idle,
            Message::Error {
                code: ErrorCode::Forbidden,
                document: Some(id()),
            },
            Message::Changed,
            Message::Documents {
                documents: vec![(id(), vec![4, 5])],
            },
            Message::Stored {
                documents: vec![id()],
            },
        ];
        assert_eq!(messages.len(), usize::from(MESSAGE_KINDS));
        for message in messages {
            assert_eq!(decode(&encode(&message).expect("encodes")), Ok(message));
        }
    }

    #[test]
    fn a_summary_is_a_few_dozen_bytes() {
        let frame = encode(&Message::Summary {
            digest: [9; 32],
            documents: 10_000,
        })
        .expect("encodes");
        assert!(frame.len() < 48, "{} bytes", frame.len());
    }

    #[test]
    fn malformed_unknown_and_oversized_frames_are_refused() {
        assert_eq!(decode(&[]), Err(FrameError::Malformed));
        assert_eq!(
            decode(&[PROTOCOL_VERSION, 2, 200]),
            Err(FrameError::Malformed)
        );
        assert_eq!(
            decode(&[PROTOCOL_VERSION, 200, 1, 2]),
            Err(FrameError::UnknownType(200))
        );
        assert_eq!(
            decode(&[PROTOCOL_VERSION, MESSAGE_KINDS]),
            Err(FrameError::UnknownType(MESSAGE_KINDS))
        );
        assert_eq!(decode(&[9, 0]), Err(FrameError::UnknownVersion(9)));
        let mut trailing = encode(&Message::Idle).expect("encodes");
        trailing.push(0);
        assert_eq!(decode(&trailing), Err(FrameError::Malformed));
        let huge = vec![PROTOCOL_VERSION; MAX_FRAME_BYTES + 1];
        assert_eq!(
            decode(&huge),
            Err(FrameError::TooLarge {
                size: MAX_FRAME_BYTES + 1
            })
        );
        let too_big = Message::Sync {
            messages: vec![(id(), vec![0; MAX_FRAME_BYTES])],
        };
        assert!(matches!(encode(&too_big), Err(FrameError::TooLarge { .. })));
    }

    #[test]
    fn each_refusal_answers_with_its_error_frame() {
        assert_eq!(
            FrameError::Malformed.reply(),
            Message::Error {
                code: ErrorCode::Malformed,
                document: None
            }
        );
        assert_eq!(
            FrameError::UnknownVersion(3).reply(),
            Message::Error {
                code: ErrorCode::UnknownVersion,
                document: None
            }
        );
    }
}
