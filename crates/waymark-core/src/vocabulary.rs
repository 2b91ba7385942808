//! The default vocabularies of `domain.md` section 4. Codes are stored and synced, so a code never
//! changes; labels are what practitioners read and may be reworded.

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// Vocabulary 1: the kinds of context a Level 2 assessment can target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContextType {
    ParkOrGreenSpace,
    StreetOrSquare,
    EstateOrBlock,
    TransportHubStopOrRoute,
    ShopTakeawayOrShoppingCentre,
    LeisureSportOrYouthProvision,
    SchoolCollegeOrAlternativeProvision,
    LicensedOrNightTimePremises,
    HotelHostelOrShortLet,
    OnlineSpace,
    PeerGroup,
    Other,
}

impl ContextType {
    /// Every type, in the order a practitioner picks from.
    pub const ALL: [ContextType; 12] = [
        Self::ParkOrGreenSpace,
        Self::StreetOrSquare,
        Self::EstateOrBlock,
        Self::TransportHubStopOrRoute,
        Self::ShopTakeawayOrShoppingCentre,
        Self::LeisureSportOrYouthProvision,
        Self::SchoolCollegeOrAlternativeProvision,
        Self::LicensedOrNightTimePremises,
        Self::HotelHostelOrShortLet,
        Self::OnlineSpace,
        Self::PeerGroup,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::ParkOrGreenSpace => "park_or_green_space",
            Self::StreetOrSquare => "street_or_square",
            Self::EstateOrBlock => "estate_or_block",
            Self::TransportHubStopOrRoute => "transport_hub_stop_or_route",
            Self::ShopTakeawayOrShoppingCentre => "shop_takeaway_or_shopping_centre",
            Self::LeisureSportOrYouthProvision => "leisure_sport_or_youth_provision",
            Self::SchoolCollegeOrAlternativeProvision => "school_college_or_alternative_provision",
            Self::LicensedOrNightTimePremises => "licensed_or_night_time_premises",
            Self::HotelHostelOrShortLet => "hotel_hostel_or_short_let",
            Self::OnlineSpace => "online_space",
            Self::PeerGroup => "peer_group",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ParkOrGreenSpace => "Park or green space",
            Self::StreetOrSquare => "Street or square",
            Self::EstateOrBlock => "Estate or block",
            Self::TransportHubStopOrRoute => "Transport hub, stop or route",
            Self::ShopTakeawayOrShoppingCentre => "Shop, takeaway or shopping centre",
            Self::LeisureSportOrYouthProvision => "Leisure, sport or youth provision",
            Self::SchoolCollegeOrAlternativeProvision => "School, college or alternative provision",
            Self::LicensedOrNightTimePremises => "Licensed or night-time premises",
            Self::HotelHostelOrShortLet => "Hotel, hostel or short let",
            Self::OnlineSpace => "Online space",
            Self::PeerGroup => "Peer group",
            Self::Other => "Other",
        }
    }

    pub fn from_code(code: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|t| t.code() == code)
            .ok_or(ValidationError::UnknownContextType)
    }

    /// Places have a location on a map; peer groups and online spaces do not.
    pub fn is_a_place(self) -> bool {
        !matches!(self, Self::OnlineSpace | Self::PeerGroup)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_parses_back_to_its_type() {
        for t in ContextType::ALL {
            assert_eq!(ContextType::from_code(t.code()), Ok(t));
        }
    }

    #[test]
    fn codes_match_their_serde_names() {
        for t in ContextType::ALL {
            assert_eq!(
                serde_json::to_value(t).expect("serialises"),
                serde_json::Value::String(t.code().to_owned())
            );
        }
    }

    #[test]
    fn codes_and_labels_are_unique() {
        let mut codes: Vec<_> = ContextType::ALL.iter().map(|t| t.code()).collect();
        let mut labels: Vec<_> = ContextType::ALL.iter().map(|t| t.label()).collect();
        codes.sort_unstable();
        codes.dedup();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(codes.len(), ContextType::ALL.len());
        assert_eq!(labels.len(), ContextType::ALL.len());
    }

    #[test]
    fn an_unknown_code_is_refused() {
        assert_eq!(
            ContextType::from_code("gang_territory"),
            Err(ValidationError::UnknownContextType)
        );
        assert_eq!(
            ContextType::from_code(""),
            Err(ValidationError::UnknownContextType)
        );
    }

    #[test]
    fn peer_groups_and_online_spaces_are_not_places() {
        assert!(ContextType::ParkOrGreenSpace.is_a_place());
        assert!(!ContextType::PeerGroup.is_a_place());
        assert!(!ContextType::OnlineSpace.is_a_place());
    }
}
