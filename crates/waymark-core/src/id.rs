use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ValidationError;

/// The id of a record: a UUIDv7 made on the device that created it, so ids sort by creation time
/// and never need a server to hand them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RecordId(Uuid);

impl RecordId {
    /// Wraps a UUID that the caller made; only version 7 is a record id.
    pub fn new(uuid: Uuid) -> Result<Self, ValidationError> {
        if uuid.get_version_num() == 7 {
            Ok(Self(uuid))
        } else {
            Err(ValidationError::InvalidRecordId)
        }
    }

    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for RecordId {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let uuid = Uuid::parse_str(s).map_err(|_| ValidationError::InvalidRecordId)?;
        Self::new(uuid)
    }
}

impl TryFrom<String> for RecordId {
    type Error = ValidationError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<RecordId> for String {
    fn from(id: RecordId) -> Self {
        id.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V7: &str = "01939a3c-6f4e-7cc1-9a51-3c2b1d0e4f10";

    #[test]
    fn accepts_a_uuid_v7() {
        let id: RecordId = V7.parse().expect("a v7 uuid is a record id");
        assert_eq!(id.to_string(), V7);
    }

    #[test]
    fn refuses_other_uuid_versions_and_garbage() {
        assert_eq!(
            "67e55044-10b1-426f-9247-bb680e5fe0c8".parse::<RecordId>(),
            Err(ValidationError::InvalidRecordId)
        );
        assert_eq!(
            "not-an-id".parse::<RecordId>(),
            Err(ValidationError::InvalidRecordId)
        );
    }

    #[test]
    fn round_trips_through_json_as_a_string() {
        let id: RecordId = V7.parse().expect("valid");
        let json = serde_json::to_string(&id).expect("serialises");
        assert_eq!(json, format!("\"{V7}\""));
        assert_eq!(serde_json::from_str::<RecordId>(&json).expect("parses"), id);
        assert!(serde_json::from_str::<RecordId>("\"nope\"").is_err());
    }
}
