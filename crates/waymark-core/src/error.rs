use crate::context::{DESCRIPTION_MAX_CHARS, NAME_MAX_CHARS};

/// Why a value was refused. Each variant has a stable [`code`](Self::code) that the UI and tests
/// key on, a [`field`](Self::field) the message belongs beside, and a message written for a
/// practitioner rather than a programmer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValidationError {
    #[error("Give the context a name, such as the place name or a neutral label.")]
    NameRequired,
    #[error("Keep the name to {NAME_MAX_CHARS} characters or fewer.")]
    NameTooLong,
    #[error("Choose a context type from the list.")]
    UnknownContextType,
    #[error("Keep the description to {DESCRIPTION_MAX_CHARS} characters or fewer.")]
    DescriptionTooLong,
    #[error("Latitude must be a number between -90 and 90.")]
    LatitudeOutOfRange,
    #[error("Longitude must be a number between -180 and 180.")]
    LongitudeOutOfRange,
    #[error("0, 0 is what a device reports when it has no location fix. Drop a pin or type the coordinates of the place.")]
    LocationNoFix,
    #[error("Enter both latitude and longitude, or leave both empty.")]
    LocationIncomplete,
    #[error("This link points to a record that does not exist.")]
    InvalidRecordId,
}

impl ValidationError {
    /// A code that never changes once released, for the UI and for tests.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NameRequired => "name_required",
            Self::NameTooLong => "name_too_long",
            Self::UnknownContextType => "unknown_context_type",
            Self::DescriptionTooLong => "description_too_long",
            Self::LatitudeOutOfRange => "latitude_out_of_range",
            Self::LongitudeOutOfRange => "longitude_out_of_range",
            Self::LocationNoFix => "location_no_fix",
            Self::LocationIncomplete => "location_incomplete",
            Self::InvalidRecordId => "invalid_record_id",
        }
    }

    /// The form field whose value was refused, so the message can be shown beside it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::NameRequired | Self::NameTooLong => Some("name"),
            Self::UnknownContextType => Some("context_type"),
            Self::DescriptionTooLong => Some("description"),
            Self::LatitudeOutOfRange => Some("latitude"),
            Self::LongitudeOutOfRange => Some("longitude"),
            Self::LocationNoFix | Self::LocationIncomplete => Some("location"),
            Self::InvalidRecordId => None,
        }
    }
}
