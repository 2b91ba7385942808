//! A context walkabout (`domain.md` 3.2 and 5.1): planned, walked in pairs with a check-in to
//! someone at base, observed, checked out, written up and completed.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use waymark_i18n::{Arg, Messages};

use crate::observation::{not_in_future, Observation, ObservationDraft};
use crate::route::Interruption;
use crate::text::{at_most, required};
use crate::vocabulary::{
    CheckInMethod, ConcernType, DayType, EscalationMethod, Light, ObservationCategory,
    PartnerAgency, Weather,
};
use crate::{RecordId, UnixMillis, ValidationError};

pub const PURPOSE_MAX_CHARS: usize = 500;
pub const WRITE_UP_MAX_CHARS: usize = 20_000;
pub const DEFAULT_OVERDUE_GRACE_MIN: u32 = 30;

/// The keys of a walkabout's document that the server reads to apply the route tracks' own
/// retention period (P12): the check-out and the route's summary, as JSON, and the moment the
/// sealed track was erased.
pub mod document_keys {
    pub const CHECK_OUT: &str = "check_out";
    pub const ROUTE: &str = "route";
    pub const ROUTE_ERASED_AT: &str = "route_erased_at";
}
const MAX_OVERDUE_GRACE_MIN: u32 = 240;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: String,
    pub agency: PartnerAgency,
    #[serde(default)]
    pub role: String,
}

/// The person at base who hears from the team when it starts and finishes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SafetyContact {
    pub name: String,
    #[serde(default)]
    pub role: String,
    pub phone: String,
}

/// What the planning form sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalkaboutPlan {
    pub context_ids: Vec<RecordId>,
    pub purpose: String,
    #[serde(with = "time::serde::rfc3339")]
    pub planned_start: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub planned_end: OffsetDateTime,
    pub team: Vec<TeamMember>,
    /// Why this walkabout is lone working; required for a team of one.
    #[serde(default)]
    pub lone_reason: String,
    pub safety_contact: SafetyContact,
    #[serde(default = "default_grace")]
    pub overdue_grace_min: u32,
}

fn default_grace() -> u32 {
    DEFAULT_OVERDUE_GRACE_MIN
}

impl WalkaboutPlan {
    pub fn validate(mut self) -> Result<Self, ValidationError> {
        self.context_ids.sort();
        self.context_ids.dedup();
        if self.context_ids.is_empty() {
            return Err(ValidationError::NoContext);
        }
        self.purpose = required(
            &self.purpose,
            "purpose",
            PURPOSE_MAX_CHARS,
            ValidationError::PurposeRequired,
        )?;
        if self.planned_end <= self.planned_start {
            return Err(ValidationError::PlannedEndBeforeStart);
        }
        self.team = self
            .team
            .into_iter()
            .map(|member| {
                Ok(TeamMember {
                    name: required(
                        &member.name,
                        "team",
                        120,
                        ValidationError::TeamMemberNameRequired,
                    )?,
                    role: at_most(member.role.trim().to_owned(), "team", 120)?,
                    agency: member.agency,
                })
            })
            .collect::<Result<_, ValidationError>>()?;
        self.lone_reason = at_most(
            self.lone_reason.trim().to_owned(),
            "lone_reason",
            PURPOSE_MAX_CHARS,
        )?;
        if self.team.is_empty() || (self.team.len() < 2 && self.lone_reason.is_empty()) {
            return Err(ValidationError::TeamTooSmall);
        }
        let contact = &self.safety_contact;
        if contact.name.trim().is_empty() || contact.phone.trim().is_empty() {
            return Err(ValidationError::SafetyContactRequired);
        }
        self.safety_contact = SafetyContact {
            name: at_most(contact.name.trim().to_owned(), "safety_contact", 120)?,
            role: at_most(contact.role.trim().to_owned(), "safety_contact", 120)?,
            phone: at_most(contact.phone.trim().to_owned(), "safety_contact", 40)?,
        };
        if self.overdue_grace_min > MAX_OVERDUE_GRACE_MIN {
            return Err(ValidationError::GraceOutOfRange);
        }
        Ok(self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Conditions {
    pub weather: Weather,
    pub light: Light,
    pub day_type: DayType,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub by: String,
    pub method: CheckInMethod,
    #[serde(with = "time::serde::rfc3339")]
    pub expected_finish: OffsetDateTime,
    pub conditions: Conditions,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckOut {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub by: String,
    pub all_safe: bool,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WalkaboutState {
    Planned,
    InProgress,
    CheckedOut,
    Completed,
    Cancelled,
}

impl WalkaboutState {
    pub fn code(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::InProgress => "in_progress",
            Self::CheckedOut => "checked_out",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::Planned,
            Self::InProgress,
            Self::CheckedOut,
            Self::Completed,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|state| state.code() == code)
    }
}

impl waymark_i18n::Labelled for WalkaboutState {
    const VOCABULARY: &'static str = "walkabout-state";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

/// The sections of the write-up, each a text that several colleagues may edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteUpSection {
    Environment,
    Guardianship,
    YoungPeople,
    Concerns,
    Strengths,
    Recommendations,
    NextSteps,
}

impl WriteUpSection {
    pub const ALL: [Self; 7] = [
        Self::Environment,
        Self::Guardianship,
        Self::YoungPeople,
        Self::Concerns,
        Self::Strengths,
        Self::Recommendations,
        Self::NextSteps,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Environment => "environment",
            Self::Guardianship => "guardianship",
            Self::YoungPeople => "young_people",
            Self::Concerns => "concerns",
            Self::Strengths => "strengths",
            Self::Recommendations => "recommendations",
            Self::NextSteps => "next_steps",
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }

    /// Sections that must be written before the walkabout can be completed.
    pub fn is_required(self) -> bool {
        self != Self::YoungPeople
    }
}

impl waymark_i18n::Labelled for WriteUpSection {
    const VOCABULARY: &'static str = "write-up-section";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

/// Summary of the route recorded on the walk. The points themselves live outside the document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RouteSummary {
    pub points: u32,
    pub distance_m: f64,
    /// SHA-256 of the sealed track, once the walkabout is checked out.
    pub sealed_sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Walkabout {
    pub id: RecordId,
    #[serde(flatten)]
    pub plan: WalkaboutPlan,
    pub state: WalkaboutState,
    pub check_in: Option<CheckIn>,
    pub check_out: Option<CheckOut>,
    /// In time order.
    pub observations: Vec<Observation>,
    pub write_up: Vec<(WriteUpSection, String)>,
    /// Words the name check flagged that someone confirmed are not a child's name, lower-cased.
    #[serde(default)]
    pub not_childs_names: Vec<String>,
    pub route: RouteSummary,
    /// The safety alerts a manager has acknowledged, by alert.
    #[serde(default)]
    pub acknowledgements: Vec<Acknowledgement>,
    /// Observations removed after capture, with why: not listed, kept in the history.
    #[serde(default)]
    pub removed_observations: Vec<RemovedObservation>,
    /// Why it was cancelled, once it is.
    #[serde(default)]
    pub cancel_reason: String,
    /// When the practitioner paused route recording, in time order.
    #[serde(default)]
    pub route_pauses: Vec<RoutePause>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// What a manager is alerted to from a walkabout (privacy rule: the alert carries no note and no
/// case reference; the manager opens the walkabout for those).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SafetyAlertKind {
    /// An observation marked urgent.
    UrgentConcern,
    /// A check-out that was not "all safe".
    NotAllSafe,
}

impl SafetyAlertKind {
    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }
}

impl waymark_i18n::Labelled for SafetyAlertKind {
    const VOCABULARY: &'static str = "safety-alert-kind";

    fn stored_code(self) -> &'static str {
        match self {
            Self::UrgentConcern => "urgent_concern",
            Self::NotAllSafe => "not_all_safe",
        }
    }
}

/// An urgent concern, or a check-out that was not all safe, that no manager has acknowledged:
/// it heads every manager's home page until one does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyAlert {
    pub walkabout_id: RecordId,
    pub purpose: String,
    /// Which alert of the walkabout: the observation's id, or `check_out`.
    pub key: String,
    pub kind: SafetyAlertKind,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub what: AlertWhat,
}

/// What an alert is about, in the vocabulary's words: never the practitioner's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AlertWhat {
    UrgentConcern {
        category: ObservationCategory,
        concerns: Vec<ConcernType>,
        /// The role it was escalated to, and how.
        escalated_to: Option<(String, EscalationMethod)>,
    },
    NotAllSafe {
        by: String,
    },
}

impl AlertWhat {
    /// The alert in a line, in the language of `words`.
    pub fn line_in(&self, words: &Messages) -> String {
        match self {
            Self::UrgentConcern {
                category,
                concerns,
                escalated_to,
            } => {
                let mut line = words.label(*category);
                if !concerns.is_empty() {
                    let concerns: Vec<String> = concerns.iter().map(|c| words.label(*c)).collect();
                    line = words.format(
                        "alert-concerns",
                        &[
                            ("category", Arg::from(&line)),
                            ("concerns", Arg::from(&concerns.join(", "))),
                        ],
                    );
                }
                if let Some((role, method)) = escalated_to {
                    line = words.format(
                        "alert-escalated",
                        &[
                            ("what", Arg::from(&line)),
                            ("role", Arg::from(role)),
                            ("method", Arg::from(&words.label(*method))),
                        ],
                    );
                }
                line
            }
            Self::NotAllSafe { by } => words.format("alert-not-all-safe", &[("by", Arg::from(by))]),
        }
    }
}

/// In English, for logs and tests.
impl std::fmt::Display for AlertWhat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.line_in(waymark_i18n::english()))
    }
}

/// A manager's acknowledgement of one alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    pub key: String,
    pub by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// An observation taken out of the list after capture, and why. What it said stays in the
/// walkabout's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedObservation {
    pub id: RecordId,
    pub reason: String,
    pub by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A stretch of the walk when the practitioner turned route recording off: no location is read
/// and no point is recorded until they resume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutePause {
    pub id: RecordId,
    pub by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub paused_at: OffsetDateTime,
    /// Still paused while this is empty.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub resumed_at: Option<OffsetDateTime>,
}

/// The most a removal's reason may say.
pub const REMOVAL_REASON_MAX_CHARS: usize = 500;

/// The key of the alert a check-out that was not all safe raises.
pub const CHECK_OUT_ALERT: &str = "check_out";

/// How late a team is in checking out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Overdue {
    OnTime,
    /// Past the expected finish: a warning that cannot be missed.
    Overdue {
        minutes: i64,
    },
    /// Past the expected finish and the grace: alarm, and call the safety contact.
    Alarm {
        minutes: i64,
    },
}

impl Walkabout {
    /// The attachments this walkabout names: its photos and, once sealed, its route track.
    pub fn attachments(&self) -> Vec<&str> {
        self.observations
            .iter()
            .flat_map(|o| o.detail.photos.iter().map(String::as_str))
            .chain(self.route.sealed_sha256.as_deref())
            .collect()
    }

    /// Everything written in prose, for the name check (P3): the write-up and the observations'
    /// notes.
    pub fn free_texts(&self) -> impl Iterator<Item = &str> {
        self.write_up
            .iter()
            .map(|(_, text)| text.as_str())
            .chain(self.observations.iter().map(|o| o.detail.note.as_str()))
            .chain(self.removed_observations.iter().map(|r| r.reason.as_str()))
            .chain(std::iter::once(self.cancel_reason.as_str()))
    }

    /// Privacy-safe flag for lists: true if any observation is urgent.
    pub fn urgent_concern(&self) -> bool {
        self.observations.iter().any(|o| o.detail.urgent)
    }

    /// The alerts of this walkabout no manager has acknowledged, oldest first.
    pub fn safety_alerts(&self) -> Vec<SafetyAlert> {
        let acknowledged = |key: &str| self.acknowledgements.iter().any(|a| a.key == key);
        let mut alerts: Vec<SafetyAlert> = self
            .observations
            .iter()
            .filter(|o| o.detail.urgent && !acknowledged(&o.id.to_string()))
            .map(|o| {
                let what = AlertWhat::UrgentConcern {
                    category: o.detail.category,
                    concerns: o.detail.concern_types.clone(),
                    escalated_to: o
                        .detail
                        .escalation
                        .as_ref()
                        .map(|e| (e.to_role.clone(), e.method)),
                };
                SafetyAlert {
                    walkabout_id: self.id,
                    purpose: self.plan.purpose.clone(),
                    key: o.id.to_string(),
                    kind: SafetyAlertKind::UrgentConcern,
                    at: o.detail.observed_at,
                    what,
                }
            })
            .collect();
        if let Some(check_out) = self
            .check_out
            .as_ref()
            .filter(|c| !c.all_safe && !acknowledged(CHECK_OUT_ALERT))
        {
            alerts.push(SafetyAlert {
                walkabout_id: self.id,
                purpose: self.plan.purpose.clone(),
                key: CHECK_OUT_ALERT.to_owned(),
                kind: SafetyAlertKind::NotAllSafe,
                at: check_out.at,
                what: AlertWhat::NotAllSafe {
                    by: check_out.by.clone(),
                },
            });
        }
        alerts.sort_by_key(|alert| alert.at);
        alerts
    }

    /// Refuses to acknowledge an alert this walkabout never raised.
    pub fn check_acknowledgement(&self, key: &str) -> Result<(), ValidationError> {
        let raised = self
            .observations
            .iter()
            .any(|o| o.detail.urgent && o.id.to_string() == key)
            || (key == CHECK_OUT_ALERT && self.check_out.as_ref().is_some_and(|c| !c.all_safe));
        if raised {
            Ok(())
        } else {
            Err(ValidationError::UnknownItem)
        }
    }

    /// True while the walk is in progress and its route recording is paused.
    pub fn route_paused(&self) -> bool {
        self.state == WalkaboutState::InProgress && self.open_route_pause().is_some()
    }

    /// The pause not yet resumed, if any.
    pub fn open_route_pause(&self) -> Option<&RoutePause> {
        self.route_pauses.iter().find(|p| p.resumed_at.is_none())
    }

    /// The gaps in the route the practitioner made by pausing, for the sketch map and the
    /// distance walked.
    pub fn route_interruptions(&self) -> Vec<Interruption> {
        self.route_pauses
            .iter()
            .map(|p| Interruption {
                from: p.paused_at.into(),
                to: p.resumed_at.map(UnixMillis::from),
            })
            .collect()
    }

    /// Whether pausing the route changes anything: only a walk in progress records a route, and a
    /// paused one is already off (pressing twice pauses once).
    pub fn check_route_pause(&self) -> Result<bool, ValidationError> {
        self.refuse_if_cancelled()?;
        if self.state != WalkaboutState::InProgress {
            return Err(ValidationError::RouteNotBeingRecorded);
        }
        Ok(self.open_route_pause().is_none())
    }

    /// The pause that resuming ends, if the route is paused at all.
    pub fn check_route_resume(&self) -> Result<Option<RecordId>, ValidationError> {
        self.refuse_if_cancelled()?;
        if self.state != WalkaboutState::InProgress {
            return Err(ValidationError::RouteNotBeingRecorded);
        }
        Ok(self.open_route_pause().map(|p| p.id))
    }

    fn refuse_if_cancelled(&self) -> Result<(), ValidationError> {
        if self.state == WalkaboutState::Cancelled {
            Err(ValidationError::Cancelled)
        } else {
            Ok(())
        }
    }

    pub fn check_in(
        &self,
        check_in: CheckIn,
        now: OffsetDateTime,
    ) -> Result<CheckIn, ValidationError> {
        self.refuse_if_cancelled()?;
        if self.state != WalkaboutState::Planned {
            return Err(ValidationError::AlreadyStarted);
        }
        not_in_future(check_in.at, now)?;
        if check_in.expected_finish <= check_in.at {
            return Err(ValidationError::ExpectedFinishBeforeCheckIn);
        }
        Ok(CheckIn {
            by: required(
                &check_in.by,
                "by",
                120,
                ValidationError::TeamMemberNameRequired,
            )?,
            ..check_in
        })
    }

    /// Checks an observation for this walkabout: made after check-in, and not in the future.
    /// Observations may still be added after check-out, from notes taken on the walk.
    pub fn check_observation(
        &self,
        draft: ObservationDraft,
        now: OffsetDateTime,
    ) -> Result<ObservationDraft, ValidationError> {
        self.refuse_if_cancelled()?;
        let check_in = self
            .check_in
            .as_ref()
            .ok_or(ValidationError::NotCheckedIn)?;
        let draft = draft.validate(now)?;
        if draft.observed_at < check_in.at - crate::observation::CLOCK_SKEW {
            return Err(ValidationError::ObservationBeforeCheckIn);
        }
        Ok(draft)
    }

    /// Checks a corrected observation: it must be one of this walkabout's, and valid as a new
    /// one would be.
    pub fn check_observation_edit(
        &self,
        observation_id: RecordId,
        draft: ObservationDraft,
        now: OffsetDateTime,
    ) -> Result<ObservationDraft, ValidationError> {
        if !self.observations.iter().any(|o| o.id == observation_id) {
            return Err(ValidationError::UnknownItem);
        }
        self.check_observation(draft, now)
    }

    /// Checks the removal of an observation: it must be listed, and the reason given.
    pub fn check_removal(
        &self,
        observation_id: RecordId,
        reason: &str,
    ) -> Result<String, ValidationError> {
        if !self.observations.iter().any(|o| o.id == observation_id) {
            return Err(ValidationError::UnknownItem);
        }
        crate::observation::check_removal_reason(reason)
    }

    pub fn check_out(
        &self,
        check_out: CheckOut,
        now: OffsetDateTime,
    ) -> Result<CheckOut, ValidationError> {
        self.refuse_if_cancelled()?;
        let check_in = match (&self.state, &self.check_in) {
            (WalkaboutState::InProgress, Some(check_in)) => check_in,
            _ => return Err(ValidationError::NotInProgress),
        };
        not_in_future(check_out.at, now)?;
        if check_out.at < check_in.at {
            return Err(ValidationError::CheckOutBeforeCheckIn);
        }
        let note = at_most(
            check_out.note.trim().to_owned(),
            "note",
            crate::observation::NOTE_MAX_CHARS,
        )?;
        if !check_out.all_safe && note.is_empty() {
            return Err(ValidationError::UnsafeCheckOutNeedsNote);
        }
        Ok(CheckOut {
            by: required(
                &check_out.by,
                "by",
                120,
                ValidationError::TeamMemberNameRequired,
            )?,
            note,
            ..check_out
        })
    }

    pub fn write_up(&self, section: WriteUpSection) -> &str {
        self.write_up
            .iter()
            .find(|(s, _)| *s == section)
            .map_or("", |(_, text)| text.as_str())
    }

    pub fn check_write_up(&self, text: String) -> Result<String, ValidationError> {
        self.refuse_if_cancelled()?;
        at_most(text, "write_up", WRITE_UP_MAX_CHARS)
    }

    /// Completion needs a check-out and every required write-up section. It locks nothing.
    pub fn check_complete(&self) -> Result<(), ValidationError> {
        self.refuse_if_cancelled()?;
        if !matches!(
            self.state,
            WalkaboutState::CheckedOut | WalkaboutState::Completed
        ) {
            return Err(ValidationError::NotCheckedOut);
        }
        let missing = WriteUpSection::ALL
            .into_iter()
            .any(|section| section.is_required() && self.write_up(section).trim().is_empty());
        if missing {
            return Err(ValidationError::WriteUpIncomplete);
        }
        Ok(())
    }

    /// A planned walkabout may be cancelled, with a reason.
    pub fn check_cancel(&self, reason: &str) -> Result<String, ValidationError> {
        if self.state != WalkaboutState::Planned {
            return Err(ValidationError::CannotCancel);
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ValidationError::CancelReasonRequired);
        }
        at_most(reason.to_owned(), "cancel_reason", REMOVAL_REASON_MAX_CHARS)
    }

    pub fn overdue(&self, now: OffsetDateTime) -> Overdue {
        self.in_progress()
            .map_or(Overdue::OnTime, |walk| walk.overdue(now))
    }

    /// What every screen needs of a walkabout that is being walked, to warn when it runs late.
    pub fn in_progress(&self) -> Option<WalkInProgress> {
        let check_in = self
            .check_in
            .as_ref()
            .filter(|_| self.state == WalkaboutState::InProgress)?;
        Some(WalkInProgress {
            id: self.id,
            purpose: self.plan.purpose.clone(),
            expected_finish: check_in.expected_finish,
            overdue_grace_min: self.plan.overdue_grace_min,
            safety_contact: self.plan.safety_contact.clone(),
        })
    }
}

/// A walkabout being walked now: when it should finish, the grace after that, and whom to call.
/// Every screen checks these against the clock, so a lone worker who is late is noticed whatever
/// the screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalkInProgress {
    pub id: RecordId,
    pub purpose: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expected_finish: OffsetDateTime,
    pub overdue_grace_min: u32,
    pub safety_contact: SafetyContact,
}

impl WalkInProgress {
    /// The system notification at the alarm: a title and a sentence that say what to do.
    pub fn alarm_notice(&self) -> (String, String) {
        (
            "Walkabout overdue: call your safety contact".to_owned(),
            format!(
                "“{}” is past its expected finish and its grace. Call {} on {} now, then check out.",
                self.purpose, self.safety_contact.name, self.safety_contact.phone
            ),
        )
    }

    pub fn overdue(&self, now: OffsetDateTime) -> Overdue {
        let late = now - self.expected_finish;
        if late <= Duration::ZERO {
            Overdue::OnTime
        } else if late > Duration::minutes(i64::from(self.overdue_grace_min)) {
            Overdue::Alarm {
                minutes: late.whole_minutes(),
            }
        } else {
            Overdue::Overdue {
                minutes: late.whole_minutes(),
            }
        }
    }
}

/// One row of a walkabout list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalkaboutSummary {
    pub id: RecordId,
    pub purpose: String,
    pub state: WalkaboutState,
    #[serde(with = "time::serde::rfc3339")]
    pub planned_start: OffsetDateTime,
    pub observation_count: u32,
    pub urgent_concern: bool,
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::observation::{ObservedLocation, PeopleCount};
    use crate::vocabulary::{AgeBand, GenderMix, ObservationCategory, RoleLabel, Valence};

    const NOW: OffsetDateTime = datetime!(2026-11-20 18:00 UTC);

    fn id(n: u8) -> RecordId {
        format!("01939a3c-6f4e-7cc1-9a51-3c2b1d0e4f{n:02}")
            .parse()
            .expect("valid id")
    }

    fn member(name: &str) -> TeamMember {
        TeamMember {
            name: name.into(),
            agency: PartnerAgency::YouthWork,
            role: "Youth worker".into(),
        }
    }

    pub(crate) fn plan() -> WalkaboutPlan {
        WalkaboutPlan {
            context_ids: vec![id(1)],
            purpose: "Evening observation of the skate area".into(),
            planned_start: datetime!(2026-11-20 17:00 UTC),
            planned_end: datetime!(2026-11-20 19:00 UTC),
            team: vec![member("J. Okafor"), member("R. Patel")],
            lone_reason: String::new(),
            safety_contact: SafetyContact {
                name: "Duty desk".into(),
                role: "Team manager".into(),
                phone: "01632 960123".into(),
            },
            overdue_grace_min: DEFAULT_OVERDUE_GRACE_MIN,
        }
    }

    fn walkabout(state: WalkaboutState) -> Walkabout {
        Walkabout {
            id: id(9),
            plan: plan(),
            state,
            check_in: (state != WalkaboutState::Planned).then(check_in),
            check_out: None,
            observations: vec![],
            write_up: vec![],
            not_childs_names: Vec::new(),
            route: RouteSummary::default(),
            acknowledgements: Vec::new(),
            removed_observations: Vec::new(),
            cancel_reason: String::new(),
            route_pauses: Vec::new(),
            created_at: datetime!(2026-11-20 09:00 UTC),
            updated_at: datetime!(2026-11-20 09:00 UTC),
        }
    }

    fn check_in() -> CheckIn {
        CheckIn {
            at: datetime!(2026-11-20 17:05 UTC),
            by: "J. Okafor".into(),
            method: CheckInMethod::Call,
            expected_finish: datetime!(2026-11-20 19:00 UTC),
            conditions: Conditions {
                weather: Weather::Dry,
                light: Light::Dusk,
                day_type: DayType::SchoolDay,
            },
        }
    }

    fn check_out() -> CheckOut {
        CheckOut {
            at: datetime!(2026-11-20 17:55 UTC),
            by: "R. Patel".into(),
            all_safe: true,
            note: String::new(),
        }
    }

    fn observation(at: OffsetDateTime) -> ObservationDraft {
        ObservationDraft {
            observed_at: at,
            location: ObservedLocation::NoFix {
                place_note: String::new(),
            },
            category: ObservationCategory::LightingAndSightlines,
            valence: Valence::Neutral,
            people: vec![PeopleCount {
                count: 2,
                age_band: AgeBand::Unknown,
                role: RoleLabel::Resident,
                gender: GenderMix::Unknown,
            }],
            concern_types: vec![],
            protective_factors: vec![],
            note: String::new(),
            photos: vec![],
            urgent: false,
            escalation: None,
        }
    }

    #[test]
    fn a_plan_for_a_pair_is_valid() {
        assert!(plan().validate().is_ok());
    }

    #[test]
    fn a_plan_needs_a_context_and_a_purpose() {
        assert_eq!(
            WalkaboutPlan {
                context_ids: vec![],
                ..plan()
            }
            .validate(),
            Err(ValidationError::NoContext)
        );
        assert_eq!(
            WalkaboutPlan {
                purpose: "  ".into(),
                ..plan()
            }
            .validate(),
            Err(ValidationError::PurposeRequired)
        );
    }

    #[test]
    fn the_planned_end_must_follow_the_start() {
        let backwards = WalkaboutPlan {
            planned_end: datetime!(2026-11-20 16:00 UTC),
            ..plan()
        };
        assert_eq!(
            backwards.validate(),
            Err(ValidationError::PlannedEndBeforeStart)
        );
        let instant = WalkaboutPlan {
            planned_end: plan().planned_start,
            ..plan()
        };
        assert_eq!(
            instant.validate(),
            Err(ValidationError::PlannedEndBeforeStart)
        );
    }

    #[test]
    fn a_team_of_one_is_refused_unless_the_lone_working_is_explained() {
        let alone = WalkaboutPlan {
            team: vec![member("J. Okafor")],
            ..plan()
        };
        assert_eq!(alone.clone().validate(), Err(ValidationError::TeamTooSmall));
        let explained = WalkaboutPlan {
            lone_reason: "Colleague off sick; manager agreed".into(),
            ..alone
        };
        assert!(explained.validate().is_ok());
        let nobody = WalkaboutPlan {
            team: vec![],
            lone_reason: "x".into(),
            ..plan()
        };
        assert_eq!(nobody.validate(), Err(ValidationError::TeamTooSmall));
    }

    #[test]
    fn every_team_member_needs_a_name_and_the_base_a_phone() {
        let unnamed = WalkaboutPlan {
            team: vec![member("J. Okafor"), member(" ")],
            ..plan()
        };
        assert_eq!(
            unnamed.validate(),
            Err(ValidationError::TeamMemberNameRequired)
        );
        let mut no_phone = plan();
        no_phone.safety_contact.phone = String::new();
        assert_eq!(
            no_phone.validate(),
            Err(ValidationError::SafetyContactRequired)
        );
    }

    #[test]
    fn the_grace_is_bounded() {
        assert_eq!(
            WalkaboutPlan {
                overdue_grace_min: 241,
                ..plan()
            }
            .validate(),
            Err(ValidationError::GraceOutOfRange)
        );
    }

    #[test]
    fn check_in_starts_a_planned_walkabout_once() {
        let planned = walkabout(WalkaboutState::Planned);
        assert!(planned.check_in(check_in(), NOW).is_ok());
        let started = walkabout(WalkaboutState::InProgress);
        assert_eq!(
            started.check_in(check_in(), NOW),
            Err(ValidationError::AlreadyStarted)
        );
    }

    #[test]
    fn check_in_refuses_the_future_and_a_finish_before_it() {
        let planned = walkabout(WalkaboutState::Planned);
        let future = CheckIn {
            at: NOW + Duration::minutes(10),
            expected_finish: NOW + Duration::hours(2),
            ..check_in()
        };
        assert_eq!(
            planned.check_in(future, NOW),
            Err(ValidationError::TimeInFuture)
        );
        let backwards = CheckIn {
            expected_finish: datetime!(2026-11-20 17:00 UTC),
            ..check_in()
        };
        assert_eq!(
            planned.check_in(backwards, NOW),
            Err(ValidationError::ExpectedFinishBeforeCheckIn)
        );
    }

    #[test]
    fn observations_need_a_check_in_first() {
        let planned = walkabout(WalkaboutState::Planned);
        let draft = observation(datetime!(2026-11-20 17:30 UTC));
        assert_eq!(
            planned.check_observation(draft.clone(), NOW),
            Err(ValidationError::NotCheckedIn)
        );
        assert!(walkabout(WalkaboutState::InProgress)
            .check_observation(draft, NOW)
            .is_ok());
    }

    #[test]
    fn an_observation_before_the_check_in_is_refused() {
        let walking = walkabout(WalkaboutState::InProgress);
        let early = observation(datetime!(2026-11-20 16:30 UTC));
        assert_eq!(
            walking.check_observation(early, NOW),
            Err(ValidationError::ObservationBeforeCheckIn)
        );
    }

    #[test]
    fn check_out_follows_check_in() {
        let walking = walkabout(WalkaboutState::InProgress);
        assert!(walking.check_out(check_out(), NOW).is_ok());
        let early = CheckOut {
            at: datetime!(2026-11-20 17:00 UTC),
            ..check_out()
        };
        assert_eq!(
            walking.check_out(early, NOW),
            Err(ValidationError::CheckOutBeforeCheckIn)
        );
        let planned = walkabout(WalkaboutState::Planned);
        assert_eq!(
            planned.check_out(check_out(), NOW),
            Err(ValidationError::NotInProgress)
        );
    }

    #[test]
    fn a_check_out_that_is_not_all_safe_needs_a_note() {
        let walking = walkabout(WalkaboutState::InProgress);
        let unsafe_out = CheckOut {
            all_safe: false,
            ..check_out()
        };
        assert_eq!(
            walking.check_out(unsafe_out.clone(), NOW),
            Err(ValidationError::UnsafeCheckOutNeedsNote)
        );
        let explained = CheckOut {
            note: "Followed by a car; reported to police".into(),
            ..unsafe_out
        };
        assert!(walking.check_out(explained, NOW).is_ok());
    }

    #[test]
    fn completion_needs_a_check_out_and_every_required_section() {
        assert_eq!(
            walkabout(WalkaboutState::InProgress).check_complete(),
            Err(ValidationError::NotCheckedOut)
        );
        let mut done = walkabout(WalkaboutState::CheckedOut);
        assert_eq!(
            done.check_complete(),
            Err(ValidationError::WriteUpIncomplete)
        );
        done.write_up = WriteUpSection::ALL
            .into_iter()
            .filter(|s| s.is_required())
            .map(|s| (s, format!("{} written", s.label())))
            .collect();
        assert_eq!(done.check_complete(), Ok(()));
        done.state = WalkaboutState::Completed;
        assert_eq!(
            done.check_complete(),
            Ok(()),
            "completing again is harmless"
        );
    }

    #[test]
    fn a_cancelled_walkabout_takes_no_more_changes() {
        let cancelled = walkabout(WalkaboutState::Cancelled);
        assert_eq!(
            cancelled.check_write_up("x".into()),
            Err(ValidationError::Cancelled)
        );
        assert_eq!(
            cancelled.check_out(check_out(), NOW),
            Err(ValidationError::Cancelled)
        );
        assert_eq!(
            walkabout(WalkaboutState::InProgress).check_cancel("Rain"),
            Err(ValidationError::CannotCancel)
        );
        assert_eq!(
            walkabout(WalkaboutState::Planned).check_cancel("  "),
            Err(ValidationError::CancelReasonRequired)
        );
        assert_eq!(
            walkabout(WalkaboutState::Planned).check_cancel(" Storm warning "),
            Ok("Storm warning".to_owned())
        );
    }

    #[test]
    fn the_name_check_reads_why_an_observation_was_removed_or_a_walk_cancelled() {
        let mut walkabout = walkabout(WalkaboutState::CheckedOut);
        walkabout.removed_observations.push(RemovedObservation {
            id: id(4),
            reason: "Duplicate of Sam's sighting".into(),
            by: "A.B.".into(),
            at: datetime!(2026-11-20 19:30 UTC),
        });
        walkabout.cancel_reason = "Rain".into();
        let texts: Vec<&str> = walkabout.free_texts().collect();
        assert!(texts.contains(&"Duplicate of Sam's sighting"), "{texts:?}");
        assert!(texts.contains(&"Rain"), "{texts:?}");
    }

    #[test]
    fn route_recording_pauses_and_resumes_only_while_walking() {
        assert_eq!(
            walkabout(WalkaboutState::Planned).check_route_pause(),
            Err(ValidationError::RouteNotBeingRecorded)
        );
        assert_eq!(
            walkabout(WalkaboutState::CheckedOut).check_route_resume(),
            Err(ValidationError::RouteNotBeingRecorded)
        );
        let mut walking = walkabout(WalkaboutState::InProgress);
        assert_eq!(walking.check_route_pause(), Ok(true));
        assert_eq!(walking.check_route_resume(), Ok(None), "nothing to resume");
        assert!(!walking.route_paused());

        walking.route_pauses.push(RoutePause {
            id: id(3),
            by: "A.B.".into(),
            paused_at: datetime!(2026-11-20 19:10 UTC),
            resumed_at: None,
        });
        assert!(walking.route_paused());
        assert_eq!(walking.check_route_pause(), Ok(false), "already paused");
        assert_eq!(walking.check_route_resume(), Ok(Some(id(3))));
        assert_eq!(
            walking.route_interruptions(),
            vec![Interruption {
                from: datetime!(2026-11-20 19:10 UTC).into(),
                to: None,
            }]
        );

        walking.route_pauses[0].resumed_at = Some(datetime!(2026-11-20 19:25 UTC));
        assert!(!walking.route_paused());
        assert_eq!(walking.check_route_pause(), Ok(true));
    }

    #[test]
    fn overdue_warns_at_the_expected_finish_and_alarms_after_the_grace() {
        let walking = walkabout(WalkaboutState::InProgress);
        assert_eq!(
            walking.overdue(datetime!(2026-11-20 18:59 UTC)),
            Overdue::OnTime
        );
        assert_eq!(
            walking.overdue(datetime!(2026-11-20 19:10 UTC)),
            Overdue::Overdue { minutes: 10 }
        );
        assert_eq!(
            walking.overdue(datetime!(2026-11-20 19:31 UTC)),
            Overdue::Alarm { minutes: 31 }
        );
        let checked_out = walkabout(WalkaboutState::CheckedOut);
        assert_eq!(
            checked_out.overdue(datetime!(2026-11-20 23:00 UTC)),
            Overdue::OnTime
        );
    }

    #[test]
    fn urgent_concern_is_derived_from_the_observations() {
        let mut walking = walkabout(WalkaboutState::InProgress);
        assert!(!walking.urgent_concern());
        let mut urgent = observation(datetime!(2026-11-20 17:30 UTC));
        urgent.urgent = true;
        walking.observations.push(Observation {
            id: id(3),
            detail: urgent,
        });
        assert!(walking.urgent_concern());
    }

    #[test]
    fn an_urgent_concern_and_an_unsafe_check_out_alert_until_acknowledged() {
        let mut walked = walkabout(WalkaboutState::CheckedOut);
        let mut urgent = observation(datetime!(2026-11-20 17:30 UTC));
        urgent.urgent = true;
        urgent.note = "A.B. was with an older man".into();
        walked.observations.push(Observation {
            id: id(3),
            detail: urgent,
        });
        walked.observations.push(Observation {
            id: id(4),
            detail: observation(datetime!(2026-11-20 17:40 UTC)),
        });
        walked.check_out = Some(CheckOut {
            all_safe: false,
            note: "R. Patel was followed to the car".into(),
            ..check_out()
        });
        let alerts = walked.safety_alerts();
        let kinds: Vec<_> = alerts.iter().map(|a| (a.kind, a.key.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (SafetyAlertKind::UrgentConcern, id(3).to_string().as_str()),
                (SafetyAlertKind::NotAllSafe, CHECK_OUT_ALERT),
            ]
        );
        // The alert says what happened in the vocabulary's words, never the practitioner's note.
        assert!(alerts
            .iter()
            .map(|a| a.what.to_string())
            .all(|what| !what.contains("A.B.") && !what.contains("followed")));
        assert_eq!(
            walked.check_acknowledgement(&id(4).to_string()),
            Err(ValidationError::UnknownItem)
        );
        walked
            .check_acknowledgement(CHECK_OUT_ALERT)
            .expect("raised");
        walked.acknowledgements.push(Acknowledgement {
            key: CHECK_OUT_ALERT.into(),
            by: "M. Manager".into(),
            at: datetime!(2026-11-20 19:00 UTC),
        });
        let left: Vec<_> = walked.safety_alerts().into_iter().map(|a| a.kind).collect();
        assert_eq!(left, [SafetyAlertKind::UrgentConcern]);
    }
}
