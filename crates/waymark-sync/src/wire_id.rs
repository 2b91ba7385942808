//! Record ids on the wire as their 16 bytes, not the 36-character text the rest of Waymark uses:
//! an inventory names every document, so this is most of a quiet reconnect's size.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;
use waymark_core::RecordId;

struct Compact(RecordId);

impl Serialize for Compact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.as_uuid().as_bytes().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Compact {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes = <[u8; 16]>::deserialize(deserializer)?;
        RecordId::new(Uuid::from_bytes(bytes))
            .map(Compact)
            .map_err(D::Error::custom)
    }
}

/// For `Vec<(RecordId, T)>`.
pub mod pairs {
    use super::*;

    pub fn serialize<S: Serializer, T: Serialize>(
        pairs: &[(RecordId, T)],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(pairs.iter().map(|(id, value)| (Compact(*id), value)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<Vec<(RecordId, T)>, D::Error> {
        Ok(Vec::<(Compact, T)>::deserialize(deserializer)?
            .into_iter()
            .map(|(id, value)| (id.0, value))
            .collect())
    }
}

/// For `Vec<RecordId>`.
pub mod list {
    use super::*;

    pub fn serialize<S: Serializer>(ids: &[RecordId], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(ids.iter().map(|id| Compact(*id)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<RecordId>, D::Error> {
        Ok(Vec::<Compact>::deserialize(deserializer)?
            .into_iter()
            .map(|id| id.0)
            .collect())
    }
}

/// For `Option<RecordId>`.
pub mod optional {
    use super::*;

    pub fn serialize<S: Serializer>(
        id: &Option<RecordId>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        id.map(Compact).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<RecordId>, D::Error> {
        Ok(Option::<Compact>::deserialize(deserializer)?.map(|id| id.0))
    }
}
