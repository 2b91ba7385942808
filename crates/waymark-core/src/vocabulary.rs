//! The default vocabularies of `domain.md` section 4. Codes are stored and synced, so a code never
//! changes; labels are what practitioners read and may be reworded.

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// Declares a vocabulary: an enum whose values have a stored `code` that never changes and a
/// `label` that practitioners read, with the list of all values in picking order. The labels are
/// in `vocabulary.ftl` of `waymark-i18n`, under `{vocabulary}-{code}`.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $unknown:ident, $vocabulary:literal { $($variant:ident => $code:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// The English label, from `vocabulary.ftl`; the UI shows the practitioner's
            /// language instead (`Labelled`).
            pub fn label(self) -> &'static str {
                waymark_i18n::english_label(self)
            }

            pub fn from_code(code: &str) -> Result<Self, ValidationError> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| value.code() == code)
                    .ok_or(ValidationError::$unknown)
            }
        }

        impl waymark_i18n::Labelled for $name {
            const VOCABULARY: &'static str = $vocabulary;

            fn stored_code(self) -> &'static str {
                self.code()
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValidationError;

            fn try_from(code: String) -> Result<Self, Self::Error> {
                Self::from_code(&code)
            }
        }

        impl From<$name> for &'static str {
            fn from(value: $name) -> Self {
                value.code()
            }
        }
    };
}

vocabulary! {
    /// Vocabulary 1: the kinds of context a Level 2 assessment can target.
    ContextType, UnknownContextType, "context-type" {
        ParkOrGreenSpace => "park_or_green_space";
        StreetOrSquare => "street_or_square";
        EstateOrBlock => "estate_or_block";
        TransportHubStopOrRoute => "transport_hub_stop_or_route";
        ShopTakeawayOrShoppingCentre => "shop_takeaway_or_shopping_centre";
        LeisureSportOrYouthProvision => "leisure_sport_or_youth_provision";
        SchoolCollegeOrAlternativeProvision => "school_college_or_alternative_provision";
        LicensedOrNightTimePremises => "licensed_or_night_time_premises";
        HotelHostelOrShortLet => "hotel_hostel_or_short_let";
        OnlineSpace => "online_space";
        PeerGroup => "peer_group";
        Other => "other";
    }
}

impl ContextType {
    /// Places have a location on a map; peer groups and online spaces do not.
    pub fn is_a_place(self) -> bool {
        !matches!(self, Self::OnlineSpace | Self::PeerGroup)
    }
}

vocabulary! {
    /// Vocabulary 2: what an observation is about.
    ObservationCategory, UnknownObservationCategory, "observation-category" {
        LightingAndSightlines => "lighting_and_sightlines";
        HiddenSpots => "hidden_spots";
        DamageOrParaphernalia => "damage_or_paraphernalia";
        YoungPeoplesPresence => "young_peoples_presence";
        AdultsContactWithYoungPeople => "adults_contact_with_young_people";
        Guardianship => "guardianship";
        CommercialActivity => "commercial_activity";
        VehiclesAndMovement => "vehicles_and_movement";
        SignsOfExploitation => "signs_of_exploitation";
        SafetyFeatures => "safety_features";
        PositiveProvision => "positive_provision";
    }
}

vocabulary! {
    /// Vocabulary 3: kinds of harm a concern is about.
    ConcernType, UnknownConcernType, "concern-type" {
        Cse => "cse";
        Cce => "cce";
        CountyLines => "county_lines";
        SeriousYouthViolence => "serious_youth_violence";
        Weapons => "weapons";
        ChildOnChildAbuse => "child_on_child_abuse";
        SexualHarassment => "sexual_harassment";
        Bullying => "bullying";
        OnlineHarm => "online_harm";
        SubstanceMisuse => "substance_misuse";
        MissingEpisodes => "missing_episodes";
        Trafficking => "trafficking";
        Radicalisation => "radicalisation";
        Other => "other";
    }
}

vocabulary! {
    /// Vocabulary 4: what makes a place safer.
    ProtectiveFactor, UnknownProtectiveFactor, "protective-factor" {
        CapableGuardian => "capable_guardian";
        TrustedAdult => "trusted_adult";
        PositiveActivity => "positive_activity";
        GoodLighting => "good_lighting";
        SafeRoute => "safe_route";
        SupportivePeers => "supportive_peers";
        CommunityOwnership => "community_ownership";
        ResponsiveBusiness => "responsive_business";
    }
}

vocabulary! {
    /// Vocabulary 5: age bands. People are counted by band, never identified.
    AgeBand, UnknownAgeBand, "age-band" {
        Under10 => "under_10";
        From10To13 => "10_13";
        From14To15 => "14_15";
        From16To17 => "16_17";
        From18To24 => "18_24";
        Over25 => "25_plus";
        Unknown => "unknown";
    }
}

vocabulary! {
    /// Vocabulary 6: the role someone seen appears to have.
    RoleLabel, UnknownRoleLabel, "role-label" {
        YoungPerson => "young_person";
        ParentCarer => "parent_carer";
        Practitioner => "practitioner";
        ShopOrVenueStaff => "shop_or_venue_staff";
        SecurityOrWarden => "security_or_warden";
        Police => "police";
        TransportStaff => "transport_staff";
        Resident => "resident";
        UnknownAdult => "unknown_adult";
    }
}

vocabulary! {
    /// Vocabulary 7: partner agencies.
    PartnerAgency, UnknownAgency, "partner-agency" {
        ChildrensSocialCare => "childrens_social_care";
        EarlyHelp => "early_help";
        Police => "police";
        YouthJustice => "youth_justice";
        CommunitySafety => "community_safety";
        LaEducation => "la_education";
        School => "school";
        Health => "health";
        VoluntarySector => "voluntary_sector";
        YouthWork => "youth_work";
        Housing => "housing";
        Licensing => "licensing";
        PlanningHighwaysLighting => "planning_highways_lighting";
        Parks => "parks";
        Transport => "transport";
        Businesses => "businesses";
        Other => "other";
    }
}

vocabulary! {
    /// Vocabulary 11: the legal bases a sharing decision may rest on (defaults for the
    /// information-governance lead to confirm).
    LegalBasis, UnknownLegalBasis, "legal-basis" {
        PublicTask => "uk_gdpr_6_1_e";
        LegalObligation => "uk_gdpr_6_1_c";
        SafeguardingSpecialCategory => "uk_gdpr_9_2_g";
        ChildrenAct1989S17 => "children_act_1989_s17";
        ChildrenAct1989S47 => "children_act_1989_s47";
        ChildrenAct2004S10 => "children_act_2004_s10";
        ChildrenAct2004S11 => "children_act_2004_s11";
        CrimeAndDisorderAct1998S115 => "crime_and_disorder_act_1998_s115";
        EducationAct2002S175 => "education_act_2002_s175";
        WorkingTogether => "working_together";
    }
}

vocabulary! {
    /// Vocabulary 8: the weather during a walkabout.
    Weather, UnknownCondition, "weather" {
        Dry => "dry";
        Rain => "rain";
        Snow => "snow";
        Fog => "fog";
        Wind => "wind";
    }
}

vocabulary! {
    /// Vocabulary 8: the light during a walkabout.
    Light, UnknownCondition, "light" {
        Daylight => "daylight";
        Dusk => "dusk";
        Dark => "dark";
        Artificial => "artificial";
    }
}

vocabulary! {
    /// Vocabulary 8: the kind of day, so repeat walkabouts can match the baseline.
    DayType, UnknownCondition, "day-type" {
        SchoolDay => "school_day";
        Weekend => "weekend";
        Holiday => "holiday";
    }
}

vocabulary! {
    /// Vocabulary 10: how an urgent concern was escalated.
    EscalationMethod, UnknownEscalationMethod, "escalation-method" {
        Emergency999 => "999";
        PoliceNonEmergency => "police_non_emergency";
        FrontDoor => "front_door";
        OutOfHours => "out_of_hours";
        OwnManager => "own_manager";
        Dsl => "dsl";
    }
}

vocabulary! {
    /// Whether an observation is something that keeps young people safe, a worry, or neither.
    Valence, UnknownValence, "valence" {
        Strength => "strength";
        Concern => "concern";
        Neutral => "neutral";
    }
}

vocabulary! {
    /// The gender mix of a group counted in an observation.
    GenderMix, UnknownGenderMix, "gender-mix" {
        Female => "female";
        Male => "male";
        Mixed => "mixed";
        Unknown => "unknown";
    }
}

vocabulary! {
    /// Vocabulary 8: the times of a school day that observations and hotspots are tied to.
    SchoolSlot, UnknownCondition, "school-slot" {
        BeforeSchool => "before_school";
        Lessons => "lessons";
        Break => "break";
        Lunch => "lunch";
        AfterSchool => "after_school";
        JourneyHome => "journey_home";
    }
}

vocabulary! {
    /// Vocabulary 12: red, amber, green. A rating is always given with its reason.
    Rag, UnknownRag, "rag" {
        Red => "red";
        Amber => "amber";
        Green => "green";
    }
}

vocabulary! {
    /// How the team checked in with the person at base: a call or text needs no data signal.
    CheckInMethod, UnknownCheckInMethod, "check-in-method" {
        Call => "call";
        Sms => "sms";
        App => "app";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks one vocabulary: codes round-trip through `from_code` and serde, codes and labels
    /// are unique, and every label is in the English message file.
    fn check<T>(
        all: &[T],
        code: fn(T) -> &'static str,
        label: fn(T) -> &'static str,
        parse: fn(&str) -> Result<T, ValidationError>,
    ) where
        T: Copy
            + PartialEq
            + std::fmt::Debug
            + Serialize
            + serde::de::DeserializeOwned
            + waymark_i18n::Labelled,
    {
        for &value in all {
            assert!(
                waymark_i18n::english().has(&value.message_id()),
                "{} has no label in vocabulary.ftl",
                value.message_id()
            );
            assert_eq!(parse(code(value)), Ok(value));
            let json = serde_json::to_value(value).expect("serialises");
            assert_eq!(json, serde_json::Value::String(code(value).to_owned()));
            assert_eq!(serde_json::from_value::<T>(json).expect("parses"), value);
        }
        let mut codes: Vec<_> = all.iter().map(|&v| code(v)).collect();
        let mut labels: Vec<_> = all.iter().map(|&v| label(v)).collect();
        codes.sort_unstable();
        codes.dedup();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!((codes.len(), labels.len()), (all.len(), all.len()));
        assert!(parse("no such code").is_err());
    }

    macro_rules! check_all {
        ($($vocabulary:ident),+) => {
            $(check($vocabulary::ALL, $vocabulary::code, $vocabulary::label, $vocabulary::from_code);)+
        };
    }

    #[test]
    fn every_vocabulary_round_trips_and_has_unique_codes_and_labels() {
        check_all!(
            ContextType,
            ObservationCategory,
            ConcernType,
            ProtectiveFactor,
            AgeBand,
            RoleLabel,
            PartnerAgency,
            Weather,
            Light,
            DayType,
            EscalationMethod,
            Valence,
            GenderMix,
            CheckInMethod,
            LegalBasis,
            SchoolSlot,
            Rag,
            ThresholdLevel,
            ContextStatus,
            Urgency,
            ScreeningDecision,
            AssessmentKind,
            ConferenceFormat,
            ConferenceDecision,
            ActionStatus,
            ReviewDecision
        );
    }

    #[test]
    fn the_default_vocabularies_have_the_values_of_the_domain() {
        assert_eq!(ContextType::ALL.len(), 12);
        assert_eq!(ObservationCategory::ALL.len(), 11);
        assert_eq!(ConcernType::ALL.len(), 14);
        assert_eq!(ProtectiveFactor::ALL.len(), 8);
        assert_eq!(AgeBand::ALL.len(), 7);
        assert_eq!(RoleLabel::ALL.len(), 9);
        assert_eq!(EscalationMethod::ALL.len(), 6);
    }

    #[test]
    fn an_unknown_code_in_json_is_refused() {
        assert!(serde_json::from_str::<ObservationCategory>("\"gang_activity\"").is_err());
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

vocabulary! {
    /// Vocabulary 9: the context thresholds (Hackney's), set at screening.
    ThresholdLevel, UnknownThresholdLevel, "threshold-level" {
        Universal => "universal";
        UniversalPlus => "universal_plus";
        ComplexOrHighRisk => "complex_or_high_risk";
    }
}

vocabulary! {
    /// Where a context has got to on its journey (`domain.md` 5.5). Each step moves it on.
    ContextStatus, UnknownContextStatus, "context-status" {
        Referred => "referred";
        Screening => "screening";
        Assessing => "assessing";
        Planned => "planned";
        Monitoring => "monitoring";
        Closed => "closed";
    }
}

impl ContextStatus {
    /// What someone should do next with a context at this step, for the home page.
    pub fn next_step(self) -> &'static str {
        match self {
            Self::Referred => "Next: a manager screens the referral",
            Self::Screening => "Next: a manager records the screening decision",
            Self::Assessing => "Next: finish the assessments and hold a context conference",
            Self::Planned => "Next: partners carry out the plan's actions",
            Self::Monitoring => "Next: review the plan on its review date",
            Self::Closed => "Closed",
        }
    }
}

vocabulary! {
    /// How soon a referral needs an answer.
    Urgency, UnknownUrgency, "urgency" {
        Routine => "routine";
        Soon => "soon";
        Urgent => "urgent";
    }
}

vocabulary! {
    /// What a manager decides at screening (`domain.md` 3.6).
    ScreeningDecision, UnknownScreeningDecision, "screening-decision" {
        NoFurtherAction => "no_further_action";
        InformationOnly => "information_only";
        UniversalOrSignpost => "universal_or_signpost";
        Assessment => "assessment";
        ExploitationPanel => "exploitation_panel";
        ChildLevelProcess => "child_level_process";
    }
}

impl ScreeningDecision {
    /// Whether the context's work goes on after this decision; the others close it.
    pub fn continues(self) -> bool {
        matches!(
            self,
            Self::Assessment | Self::ExploitationPanel | Self::ChildLevelProcess
        )
    }
}

vocabulary! {
    /// The assessments screening may choose.
    AssessmentKind, UnknownAssessmentKind, "assessment-kind" {
        Walkabout => "walkabout";
        PeerGroup => "peer_group";
        School => "school";
        Other => "other";
    }
}

vocabulary! {
    /// How a context conference is run (`domain.md` 3.7).
    ConferenceFormat, UnknownConferenceFormat, "conference-format" {
        SocialCareChaired => "social_care_chaired";
        FamilyGroupStyle => "family_group_style";
        Panel => "panel";
    }
}

vocabulary! {
    /// What a context conference decides.
    ConferenceDecision, UnknownConferenceDecision, "conference-decision" {
        Plan => "plan";
        NoPlan => "no_plan";
        Escalate => "escalate";
    }
}

vocabulary! {
    /// How far a plan's action has got.
    ActionStatus, UnknownActionStatus, "action-status" {
        NotStarted => "not_started";
        InProgress => "in_progress";
        Done => "done";
        Blocked => "blocked";
    }
}

vocabulary! {
    /// What a plan's review decides.
    ReviewDecision, UnknownReviewDecision, "review-decision" {
        Continue => "continue";
        Change => "change";
        Close => "close";
    }
}
