//! Frames: one protocol-version byte, then a [`Message`] in postcard. A frame that is too large,
//! of an unknown version or malformed is refused with an error, never a panic.

use serde::{Deserialize, Serialize};
use waymark_core::erasure::Erasure;
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
    /// Part of an inventory too long for one frame; the last part is an [`Message::Inventory`].
    InventoryPart {
        #[serde(with = "crate::wire_id::pairs")]
        documents: Vec<(RecordId, Heads)>,
    },
    /// A piece of one message too large for one frame (a document with megabytes of changes):
    /// the pieces, joined, are that message's frame.
    Part { bytes: Vec<u8>, last: bool },
    /// From the server: documents this device's user could see and may no longer (removed from
    /// a case team, a share revoked or ended, a role taken away). The device deletes its copies
    /// and their files. Sent only for documents the device has shown it holds.
    Withdrawn {
        #[serde(with = "crate::wire_id::list")]
        documents: Vec<RecordId>,
    },
    /// From the server: records erased (privacy rule P13) that the device has shown it holds.
    /// The device deletes each one with its files and any edits to it not yet sent, and tells
    /// its practitioner which record went, who erased it and why.
    Erased { erasures: Vec<Erasure> },
    /// Sent just before a side's inventory: the epoch of each document it holds past epoch 0
    /// (see [`crate::epoch`]). A document left out is at epoch 0.
    Epochs {
        #[serde(with = "crate::wire_id::pairs")]
        documents: Vec<(RecordId, u32)>,
    },
    /// From the server: documents whose past was erased, whole at their new epoch, in place of
    /// the older epoch's copies the device offered. Changes to an older epoch are refused.
    Rewritten {
        #[serde(with = "crate::wire_id::pairs")]
        documents: Vec<(RecordId, Vec<u8>)>,
    },
}

/// How many kinds of [`Message`] this version knows: postcard writes the kind first, as one byte
/// while there are fewer than 128.
const MESSAGE_KINDS: u8 = 14;

/// How much of a message one [`Message::Part`] carries, leaving room for its own framing.
const PART_BYTES: usize = MAX_FRAME_BYTES - 64;

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

impl ErrorCode {
    /// A stable name for the refusal, as the server's logs and metrics give it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::TooLarge => "too_large",
            Self::UnknownVersion => "unknown_version",
            Self::Forbidden => "forbidden",
            Self::OutOfOrder => "out_of_order",
            Self::Rejected => "rejected",
            Self::UnknownType => "unknown_type",
            Self::RateLimited => "rate_limited",
            Self::QuotaExceeded => "quota_exceeded",
        }
    }
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

fn encode_unbounded(message: &Message) -> Result<Vec<u8>, FrameError> {
    let mut frame = vec![PROTOCOL_VERSION];
    frame.extend(postcard::to_stdvec(message).map_err(|_| FrameError::Malformed)?);
    Ok(frame)
}

pub fn encode(message: &Message) -> Result<Vec<u8>, FrameError> {
    let frame = encode_unbounded(message)?;
    if frame.len() > MAX_FRAME_BYTES {
        return Err(FrameError::TooLarge { size: frame.len() });
    }
    Ok(frame)
}

/// The frames for a message: one if it fits, else its frame cut into [`Message::Part`]s that
/// each fit, for a [`Reassembly`] on the other side to join.
pub fn encode_parts(message: &Message) -> Result<Vec<Vec<u8>>, FrameError> {
    let whole = encode_unbounded(message)?;
    if whole.len() <= MAX_FRAME_BYTES {
        return Ok(vec![whole]);
    }
    let count = whole.len().div_ceil(PART_BYTES);
    whole
        .chunks(PART_BYTES)
        .enumerate()
        .map(|(index, piece)| {
            encode(&Message::Part {
                bytes: piece.to_vec(),
                last: index + 1 == count,
            })
        })
        .collect()
}

/// Joins [`Message::Part`]s back into the message they carry, holding at most `limit` bytes.
#[derive(Debug, Default)]
pub struct Reassembly {
    buffer: Vec<u8>,
}

impl Reassembly {
    /// Takes one received message: a part is kept until the last one, which gives back the
    /// message they make; any other message passes through.
    pub fn accept(
        &mut self,
        message: Message,
        limit: usize,
    ) -> Result<Option<Message>, FrameError> {
        let Message::Part { bytes, last } = message else {
            return Ok(Some(message));
        };
        let size = self.buffer.len() + bytes.len();
        if size > limit {
            self.buffer = Vec::new();
            return Err(FrameError::TooLarge { size });
        }
        self.buffer.extend(bytes);
        if !last {
            return Ok(None);
        }
        let whole = std::mem::take(&mut self.buffer);
        match decode_within(&whole, limit)? {
            // Parts of parts are nothing a sender makes.
            Message::Part { .. } => Err(FrameError::Malformed),
            message => Ok(Some(message)),
        }
    }
}

pub fn decode(frame: &[u8]) -> Result<Message, FrameError> {
    decode_within(frame, MAX_FRAME_BYTES)
}

fn decode_within(frame: &[u8], limit: usize) -> Result<Message, FrameError> {
    if frame.len() > limit {
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
            Message::InventoryPart {
                documents: vec![(id(), vec![[3; 32]])],
            },
            Message::Part {
                bytes: vec![1, 2, 3],
                last: true,
            },
            Message::Withdrawn {
                documents: vec![id()],
            },
            Message::Erased {
                erasures: vec![Erasure {
                    record: id(),
                    kind: "walkabout".into(),
                    erased_at: waymark_core::UnixMillis::new(7),
                    by: "M.N.".into(),
                    reason: "A name in a note".into(),
                }],
            },
            Message::Epochs {
                documents: vec![(id(), 2)],
            },
            Message::Rewritten {
                documents: vec![(id(), vec![6, 7])],
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
    fn a_message_too_large_for_a_frame_travels_in_parts_and_is_joined() {
        let big = Message::Sync {
            messages: vec![(id(), vec![7; MAX_FRAME_BYTES + MAX_FRAME_BYTES / 2])],
        };
        let frames = encode_parts(&big).expect("in parts");
        assert_eq!(frames.len(), 2);
        assert!(frames.iter().all(|f| f.len() <= MAX_FRAME_BYTES));
        let mut joining = Reassembly::default();
        let mut joined = Vec::new();
        for frame in &frames {
            if let Some(message) = joining
                .accept(decode(frame).expect("a part"), 4 * MAX_FRAME_BYTES)
                .expect("within the limit")
            {
                joined.push(message);
            }
        }
        assert_eq!(joined, vec![big]);
        // A small message is one ordinary frame.
        assert_eq!(
            encode_parts(&Message::Idle).expect("one"),
            vec![encode(&Message::Idle).expect("one")]
        );
        // Parts past the limit are refused, and nothing is kept of them.
        let mut small = Reassembly::default();
        let refused = small.accept(decode(&frames[0]).expect("a part"), MAX_FRAME_BYTES / 2);
        assert!(matches!(refused, Err(FrameError::TooLarge { .. })));
        assert!(small.buffer.is_empty());
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
