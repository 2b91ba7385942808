//! The default vocabularies of `domain.md` section 4. Codes are stored and synced, so a code never
//! changes; labels are what practitioners read and may be reworded.

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// Declares a vocabulary: an enum whose values have a stored `code` that never changes and a
/// `label` that practitioners read, with the list of all values in picking order.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $unknown:ident { $($variant:ident => $code:literal, $label:literal;)+ }) => {
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

            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            pub fn from_code(code: &str) -> Result<Self, ValidationError> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| value.code() == code)
                    .ok_or(ValidationError::$unknown)
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
    ContextType, UnknownContextType {
        ParkOrGreenSpace => "park_or_green_space", "Park or green space";
        StreetOrSquare => "street_or_square", "Street or square";
        EstateOrBlock => "estate_or_block", "Estate or block";
        TransportHubStopOrRoute => "transport_hub_stop_or_route", "Transport hub, stop or route";
        ShopTakeawayOrShoppingCentre => "shop_takeaway_or_shopping_centre", "Shop, takeaway or shopping centre";
        LeisureSportOrYouthProvision => "leisure_sport_or_youth_provision", "Leisure, sport or youth provision";
        SchoolCollegeOrAlternativeProvision => "school_college_or_alternative_provision", "School, college or alternative provision";
        LicensedOrNightTimePremises => "licensed_or_night_time_premises", "Licensed or night-time premises";
        HotelHostelOrShortLet => "hotel_hostel_or_short_let", "Hotel, hostel or short let";
        OnlineSpace => "online_space", "Online space";
        PeerGroup => "peer_group", "Peer group";
        Other => "other", "Other";
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
    ObservationCategory, UnknownObservationCategory {
        LightingAndSightlines => "lighting_and_sightlines", "Lighting and sightlines";
        HiddenSpots => "hidden_spots", "Hidden spots";
        DamageOrParaphernalia => "damage_or_paraphernalia", "Damage or paraphernalia";
        YoungPeoplesPresence => "young_peoples_presence", "Young people's presence and activity";
        AdultsContactWithYoungPeople => "adults_contact_with_young_people", "Adults and their contact with young people";
        Guardianship => "guardianship", "Guardianship";
        CommercialActivity => "commercial_activity", "Commercial activity";
        VehiclesAndMovement => "vehicles_and_movement", "Vehicles and movement";
        SignsOfExploitation => "signs_of_exploitation", "Signs of exploitation";
        SafetyFeatures => "safety_features", "Safety features (CCTV, help points)";
        PositiveProvision => "positive_provision", "Positive provision";
    }
}

vocabulary! {
    /// Vocabulary 3: kinds of harm a concern is about.
    ConcernType, UnknownConcernType {
        Cse => "cse", "Child sexual exploitation (CSE)";
        Cce => "cce", "Child criminal exploitation (CCE)";
        CountyLines => "county_lines", "County lines";
        SeriousYouthViolence => "serious_youth_violence", "Serious youth violence";
        Weapons => "weapons", "Weapons";
        ChildOnChildAbuse => "child_on_child_abuse", "HSB / child-on-child abuse";
        SexualHarassment => "sexual_harassment", "Sexual harassment";
        Bullying => "bullying", "Bullying";
        OnlineHarm => "online_harm", "Online harm";
        SubstanceMisuse => "substance_misuse", "Substance misuse";
        MissingEpisodes => "missing_episodes", "Missing episodes";
        Trafficking => "trafficking", "Trafficking / modern slavery";
        Radicalisation => "radicalisation", "Radicalisation";
        Other => "other", "Other";
    }
}

vocabulary! {
    /// Vocabulary 4: what makes a place safer.
    ProtectiveFactor, UnknownProtectiveFactor {
        CapableGuardian => "capable_guardian", "Capable guardian";
        TrustedAdult => "trusted_adult", "Trusted adult";
        PositiveActivity => "positive_activity", "Positive activity";
        GoodLighting => "good_lighting", "Good lighting and sightlines";
        SafeRoute => "safe_route", "Safe route";
        SupportivePeers => "supportive_peers", "Supportive peers";
        CommunityOwnership => "community_ownership", "Community ownership";
        ResponsiveBusiness => "responsive_business", "Responsive business";
    }
}

vocabulary! {
    /// Vocabulary 5: age bands. People are counted by band, never identified.
    AgeBand, UnknownAgeBand {
        Under10 => "under_10", "Under 10";
        From10To13 => "10_13", "10–13";
        From14To15 => "14_15", "14–15";
        From16To17 => "16_17", "16–17";
        From18To24 => "18_24", "18–24";
        Over25 => "25_plus", "25+";
        Unknown => "unknown", "Age unknown";
    }
}

vocabulary! {
    /// Vocabulary 6: the role someone seen appears to have.
    RoleLabel, UnknownRoleLabel {
        YoungPerson => "young_person", "Young person";
        ParentCarer => "parent_carer", "Parent or carer";
        Practitioner => "practitioner", "Practitioner";
        ShopOrVenueStaff => "shop_or_venue_staff", "Shop or venue staff";
        SecurityOrWarden => "security_or_warden", "Security or warden";
        Police => "police", "Police";
        TransportStaff => "transport_staff", "Transport staff";
        Resident => "resident", "Resident";
        UnknownAdult => "unknown_adult", "Unknown adult";
    }
}

vocabulary! {
    /// Vocabulary 7: partner agencies.
    PartnerAgency, UnknownAgency {
        ChildrensSocialCare => "childrens_social_care", "Children's social care";
        EarlyHelp => "early_help", "Early help";
        Police => "police", "Police";
        YouthJustice => "youth_justice", "Youth justice";
        CommunitySafety => "community_safety", "Community safety / ASB team";
        LaEducation => "la_education", "LA education";
        School => "school", "School (DSL)";
        Health => "health", "Health";
        VoluntarySector => "voluntary_sector", "Voluntary and community sector";
        YouthWork => "youth_work", "Youth work";
        Housing => "housing", "Housing";
        Licensing => "licensing", "Licensing";
        PlanningHighwaysLighting => "planning_highways_lighting", "Planning, highways, lighting, CCTV";
        Parks => "parks", "Parks";
        Transport => "transport", "Transport";
        Businesses => "businesses", "Businesses";
        Other => "other", "Other";
    }
}

vocabulary! {
    /// Vocabulary 11: the legal bases a sharing decision may rest on (defaults for the
    /// information-governance lead to confirm).
    LegalBasis, UnknownLegalBasis {
        PublicTask => "uk_gdpr_6_1_e", "UK GDPR Art 6(1)(e): public task";
        LegalObligation => "uk_gdpr_6_1_c", "UK GDPR Art 6(1)(c): legal obligation";
        SafeguardingSpecialCategory => "uk_gdpr_9_2_g", "UK GDPR Art 9(2)(g) with DPA 2018 s10 and Sch 1 para 18: safeguarding";
        ChildrenAct1989S17 => "children_act_1989_s17", "Children Act 1989 s17";
        ChildrenAct1989S47 => "children_act_1989_s47", "Children Act 1989 s47";
        ChildrenAct2004S10 => "children_act_2004_s10", "Children Act 2004 s10";
        ChildrenAct2004S11 => "children_act_2004_s11", "Children Act 2004 s11";
        CrimeAndDisorderAct1998S115 => "crime_and_disorder_act_1998_s115", "Crime and Disorder Act 1998 s115";
        EducationAct2002S175 => "education_act_2002_s175", "Education Act 2002 s175";
        WorkingTogether => "working_together", "Working Together to Safeguard Children";
    }
}

vocabulary! {
    /// Vocabulary 8: the weather during a walkabout.
    Weather, UnknownCondition {
        Dry => "dry", "Dry";
        Rain => "rain", "Rain";
        Snow => "snow", "Snow";
        Fog => "fog", "Fog";
        Wind => "wind", "Wind";
    }
}

vocabulary! {
    /// Vocabulary 8: the light during a walkabout.
    Light, UnknownCondition {
        Daylight => "daylight", "Daylight";
        Dusk => "dusk", "Dusk";
        Dark => "dark", "Dark";
        Artificial => "artificial", "Artificial light";
    }
}

vocabulary! {
    /// Vocabulary 8: the kind of day, so repeat walkabouts can match the baseline.
    DayType, UnknownCondition {
        SchoolDay => "school_day", "School day";
        Weekend => "weekend", "Weekend";
        Holiday => "holiday", "Holiday";
    }
}

vocabulary! {
    /// Vocabulary 10: how an urgent concern was escalated.
    EscalationMethod, UnknownEscalationMethod {
        Emergency999 => "999", "999";
        PoliceNonEmergency => "police_non_emergency", "Police non-emergency (101)";
        FrontDoor => "front_door", "Front door / duty social worker";
        OutOfHours => "out_of_hours", "Out-of-hours team";
        OwnManager => "own_manager", "Own manager";
        Dsl => "dsl", "DSL";
    }
}

vocabulary! {
    /// Whether an observation is something that keeps young people safe, a worry, or neither.
    Valence, UnknownValence {
        Strength => "strength", "Strength";
        Concern => "concern", "Concern";
        Neutral => "neutral", "Neutral";
    }
}

vocabulary! {
    /// The gender mix of a group counted in an observation.
    GenderMix, UnknownGenderMix {
        Female => "female", "Female";
        Male => "male", "Male";
        Mixed => "mixed", "Mixed";
        Unknown => "unknown", "Not known";
    }
}

vocabulary! {
    /// Vocabulary 8: the times of a school day that observations and hotspots are tied to.
    SchoolSlot, UnknownCondition {
        BeforeSchool => "before_school", "Before school";
        Lessons => "lessons", "Lessons";
        Break => "break", "Break";
        Lunch => "lunch", "Lunch";
        AfterSchool => "after_school", "After school";
        JourneyHome => "journey_home", "Journey home";
    }
}

vocabulary! {
    /// Vocabulary 12: red, amber, green. A rating is always given with its reason.
    Rag, UnknownRag {
        Red => "red", "Red: serious concern, act now";
        Amber => "amber", "Amber: some concern, partly safe";
        Green => "green", "Green: safe, strength in place";
    }
}

vocabulary! {
    /// How the team checked in with the person at base: a call or text needs no data signal.
    CheckInMethod, UnknownCheckInMethod {
        Call => "call", "Phone call";
        Sms => "sms", "Text message";
        App => "app", "In the app";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks one vocabulary: codes round-trip through `from_code` and serde, and codes and
    /// labels are unique.
    fn check<T>(
        all: &[T],
        code: fn(T) -> &'static str,
        label: fn(T) -> &'static str,
        parse: fn(&str) -> Result<T, ValidationError>,
    ) where
        T: Copy + PartialEq + std::fmt::Debug + Serialize + serde::de::DeserializeOwned,
    {
        for &value in all {
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
            CheckInMethod
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
    ThresholdLevel, UnknownThresholdLevel {
        Universal => "universal", "Universal";
        UniversalPlus => "universal_plus", "Universal plus";
        ComplexOrHighRisk => "complex_or_high_risk", "Complex or high risk";
    }
}

vocabulary! {
    /// Where a context has got to on its journey (`domain.md` 5.5). Each step moves it on.
    ContextStatus, UnknownContextStatus {
        Referred => "referred", "Referred";
        Screening => "screening", "Screening";
        Assessing => "assessing", "Assessing";
        Planned => "planned", "Plan agreed";
        Monitoring => "monitoring", "Monitoring";
        Closed => "closed", "Closed";
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
    Urgency, UnknownUrgency {
        Routine => "routine", "Routine";
        Soon => "soon", "Soon (within days)";
        Urgent => "urgent", "Urgent (today)";
    }
}

vocabulary! {
    /// What a manager decides at screening (`domain.md` 3.6).
    ScreeningDecision, UnknownScreeningDecision {
        NoFurtherAction => "no_further_action", "No further action";
        InformationOnly => "information_only", "Information only";
        UniversalOrSignpost => "universal_or_signpost", "Universal services or signpost";
        Assessment => "assessment", "Assessment";
        ExploitationPanel => "exploitation_panel", "Exploitation panel (MACE)";
        ChildLevelProcess => "child_level_process", "Child-level process";
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
    AssessmentKind, UnknownAssessmentKind {
        Walkabout => "walkabout", "Walkabout";
        PeerGroup => "peer_group", "Peer-group assessment (Level 2)";
        School => "school", "School assessment";
        Other => "other", "Other assessment";
    }
}

vocabulary! {
    /// How a context conference is run (`domain.md` 3.7).
    ConferenceFormat, UnknownConferenceFormat {
        SocialCareChaired => "social_care_chaired", "Chaired by children's social care";
        FamilyGroupStyle => "family_group_style", "Family-group-conference style";
        Panel => "panel", "Panel";
    }
}

vocabulary! {
    /// What a context conference decides.
    ConferenceDecision, UnknownConferenceDecision {
        Plan => "plan", "Agree a plan";
        NoPlan => "no_plan", "No plan needed";
        Escalate => "escalate", "Escalate";
    }
}

vocabulary! {
    /// How far a plan's action has got.
    ActionStatus, UnknownActionStatus {
        NotStarted => "not_started", "Not started";
        InProgress => "in_progress", "In progress";
        Done => "done", "Done";
        Blocked => "blocked", "Blocked";
    }
}

vocabulary! {
    /// What a plan's review decides.
    ReviewDecision, UnknownReviewDecision {
        Continue => "continue", "Continue the plan";
        Change => "change", "Change the plan";
        Close => "close", "Close the plan";
    }
}
