//! The workspace's people as a device knows them (privacy rules P6 and P14): its members, their
//! agency and role, the Automerge actors each one writes under, and who can see each record that
//! is not simply the team's. The server writes it from what it holds; a device keeps the last one
//! it was sent, so a record's history names people, and its page says who can see it, offline.

use serde::{Deserialize, Serialize};
use waymark_i18n::{Arg, Messages};

use crate::access::WorkspaceRole;
use crate::vocabulary::PartnerAgency;
use crate::workspace_settings::WorkspaceSettings;
use crate::RecordId;

/// What a device is told of its workspace's people and of who can see its records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    /// The user this device belongs to.
    pub you: String,
    /// The workspace the device's new records belong to.
    pub workspace: String,
    /// Everyone in that workspace, by name.
    pub members: Vec<Member>,
    /// Each record this device's user may see whose audience is not the workspace's team: one
    /// with a case team, one shared with a partner agency, or one of another workspace.
    pub records: Vec<RecordAudience>,
    /// The workspace's own settings, as its managers set them.
    #[serde(default)]
    pub settings: WorkspaceSettings,
}

/// A member of the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user: String,
    /// `None` for someone whose agency the administrator has not recorded.
    pub agency: Option<PartnerAgency>,
    pub role: WorkspaceRole,
    /// The Automerge actors, in hex, that the server has seen this person's devices write under.
    pub actors: Vec<String>,
}

/// Who can see one record, as the server decided it when the directory was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordAudience {
    pub record: RecordId,
    /// Only the named people of its case team see it (a Level 1 peer map always).
    pub case_team: bool,
    pub viewers: Vec<Viewer>,
}

/// Someone who can see a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user: String,
    pub agency: Option<PartnerAgency>,
    /// The sharing decision that lets them read it; `None` for someone who works on it.
    pub shared_by_decision: Option<i64>,
}

/// Who can see a record, as its page shows it. Each part is worded in the practitioner's
/// language by the `*_in` methods, or in English by the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    pub scope: Scope,
    /// Who works on it: each person, with their agency and role where known.
    pub people: Vec<Person>,
    /// Partner agencies' readers, each with the sharing decision they read it under.
    pub shared_with: Vec<Reader>,
    /// The sharing decisions those readers read it under, each once, in order: what a manager
    /// may revoke.
    #[serde(default)]
    pub shared_decisions: Vec<i64>,
    /// The device's person reads it under a sharing decision and may not change it.
    #[serde(default)]
    pub read_only_for_you: bool,
    /// Only its case team sees it, and it is never shared (P8).
    #[serde(default)]
    pub case_team_only: bool,
}

/// Whose record it is, in one sentence on its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    /// The device has never synced, so it does not guess.
    NotKnownYet,
    /// The team of the device's own workspace.
    Team {
        workspace: String,
    },
    CaseTeam,
    OtherWorkspace,
    SharedWithPartners,
}

/// Someone who works on a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub user: String,
    pub agency: Option<PartnerAgency>,
    /// `None` for someone who is not a member of the device's workspace.
    pub role: Option<WorkspaceRole>,
    /// The device's own person.
    pub you: bool,
}

/// A partner agency's reader of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reader {
    pub user: String,
    pub agency: Option<PartnerAgency>,
    pub decision: i64,
}

impl Audience {
    /// What a device that has never synced can say.
    pub fn not_known_yet() -> Self {
        Self {
            scope: Scope::NotKnownYet,
            people: Vec::new(),
            shared_with: Vec::new(),
            shared_decisions: Vec::new(),
            read_only_for_you: false,
            case_team_only: false,
        }
    }

    /// The scope sentence in English.
    pub fn scope_sentence(&self) -> String {
        self.scope.sentence_in(waymark_i18n::english())
    }

    /// The people who work on it, one line each, in English.
    pub fn people_lines(&self) -> Vec<String> {
        let words = waymark_i18n::english();
        self.people
            .iter()
            .map(|person| person.line_in(words))
            .collect()
    }

    /// The partner readers, one line each, in English.
    pub fn reader_lines(&self) -> Vec<String> {
        let words = waymark_i18n::english();
        self.shared_with
            .iter()
            .map(|reader| reader.line_in(words))
            .collect()
    }
}

impl Scope {
    pub fn sentence_in(&self, words: &Messages) -> String {
        match self {
            Self::NotKnownYet => words.text("audience-not-known-yet"),
            Self::Team { workspace } => {
                words.format("audience-team", &[("workspace", Arg::from(workspace))])
            }
            Self::CaseTeam => words.text("audience-case-team"),
            Self::OtherWorkspace => words.text("audience-other-workspace"),
            Self::SharedWithPartners => words.text("audience-shared-with-partners"),
        }
    }
}

impl Person {
    /// The person, their agency, their role here, and whether it is you.
    pub fn line_in(&self, words: &Messages) -> String {
        let mut line = described_in(words, &self.user, self.agency);
        if let Some(role) = self.role {
            // The role reads as part of the sentence, so in lower case ("practitioner").
            let role = words.label(role).to_lowercase();
            line = words.format(
                "audience-person-role",
                &[("person", Arg::from(&line)), ("role", Arg::from(&role))],
            );
        }
        if self.you {
            line = words.format("audience-person-you", &[("person", Arg::from(&line))]);
        }
        line
    }
}

impl Reader {
    /// The reader, their agency, and the sharing decision they read under.
    pub fn line_in(&self, words: &Messages) -> String {
        let person = described_in(words, &self.user, self.agency);
        words.format(
            "audience-reader",
            &[
                ("person", Arg::from(&person)),
                ("decision", Arg::from(self.decision)),
            ],
        )
    }
}

impl Member {
    /// The person and their agency, as a record's history and page name them, in English.
    pub fn described(&self) -> String {
        self.described_in(waymark_i18n::english())
    }

    /// The person and their agency, in the language of `words`.
    pub fn described_in(&self, words: &Messages) -> String {
        described_in(words, &self.user, self.agency)
    }
}

/// Someone and their agency where it is known ("A.B., Youth work").
pub fn described_in(words: &Messages, user: &str, agency: Option<PartnerAgency>) -> String {
    match agency {
        Some(agency) => words.format(
            "audience-person-of-agency",
            &[
                ("user", Arg::from(user)),
                ("agency", Arg::from(&words.label(agency))),
            ],
        ),
        None => user.to_owned(),
    }
}

impl Directory {
    /// The member who writes under this actor, if the server has seen it.
    pub fn writer(&self, actor_hex: &str) -> Option<&Member> {
        self.members
            .iter()
            .find(|member| member.actors.iter().any(|actor| actor == actor_hex))
    }

    /// Whether the device's person only reads this record, under a sharing decision.
    pub fn reads_only(&self, record: RecordId) -> bool {
        self.records
            .iter()
            .filter(|listed| listed.record == record)
            .flat_map(|listed| &listed.viewers)
            .any(|viewer| viewer.user == self.you && viewer.shared_by_decision.is_some())
    }

    /// Whether the device's person manages the workspace: they read its audit log.
    pub fn you_manage(&self) -> bool {
        self.member(&self.you)
            .is_some_and(|member| member.role == WorkspaceRole::Manager)
    }

    /// The device's person's role in the workspace, once the server has named it.
    pub fn your_role(&self) -> Option<WorkspaceRole> {
        self.member(&self.you).map(|member| member.role)
    }

    fn member(&self, user: &str) -> Option<&Member> {
        self.members.iter().find(|member| member.user == user)
    }

    /// Who can see a record this device holds.
    pub fn audience(&self, record: RecordId) -> Audience {
        let Some(listed) = self.records.iter().find(|listed| listed.record == record) else {
            return Audience {
                scope: Scope::Team {
                    workspace: self.workspace.clone(),
                },
                people: self
                    .members
                    .iter()
                    .filter(|member| member.role.works_on_team_records())
                    .map(|member| self.working_on(&member.user, member.agency))
                    .collect(),
                shared_with: Vec::new(),
                shared_decisions: Vec::new(),
                read_only_for_you: false,
                case_team_only: false,
            };
        };
        let (readers, workers): (Vec<&Viewer>, Vec<&Viewer>) = listed
            .viewers
            .iter()
            .partition(|viewer| viewer.shared_by_decision.is_some());
        let scope = if listed.case_team {
            Scope::CaseTeam
        } else if readers.is_empty() {
            Scope::OtherWorkspace
        } else {
            Scope::SharedWithPartners
        };
        let read_only_for_you = self.reads_only(record);
        let mut shared_decisions: Vec<i64> = readers
            .iter()
            .filter_map(|viewer| viewer.shared_by_decision)
            .collect();
        shared_decisions.sort_unstable();
        shared_decisions.dedup();
        Audience {
            shared_decisions,
            scope,
            read_only_for_you,
            case_team_only: listed.case_team,
            people: workers
                .iter()
                .map(|viewer| self.working_on(&viewer.user, viewer.agency))
                .collect(),
            shared_with: readers
                .iter()
                .map(|viewer| Reader {
                    user: viewer.user.clone(),
                    agency: viewer.agency,
                    decision: viewer.shared_by_decision.unwrap_or_default(),
                })
                .collect(),
        }
    }

    /// Someone who works on a record, with their role when they are a member here.
    fn working_on(&self, user: &str, agency: Option<PartnerAgency>) -> Person {
        Person {
            user: user.to_owned(),
            agency,
            role: self.member(user).map(|member| member.role),
            you: user == self.you,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(n: u8) -> RecordId {
        format!("01900000-0000-7000-8000-{n:012}")
            .parse()
            .expect("a version 7 id")
    }

    fn member(user: &str, agency: PartnerAgency, role: WorkspaceRole, actor: &str) -> Member {
        Member {
            user: user.into(),
            agency: Some(agency),
            role,
            actors: vec![actor.into()],
        }
    }

    fn directory() -> Directory {
        Directory {
            you: "A.B.".into(),
            workspace: "Northfield detached team".into(),
            members: vec![
                member(
                    "A.B.",
                    PartnerAgency::YouthWork,
                    WorkspaceRole::Practitioner,
                    "aa11",
                ),
                member(
                    "C.D.",
                    PartnerAgency::ChildrensSocialCare,
                    WorkspaceRole::Manager,
                    "cc22",
                ),
                member(
                    "E.F.",
                    PartnerAgency::Police,
                    WorkspaceRole::PartnerReader,
                    "ee33",
                ),
            ],
            records: vec![
                RecordAudience {
                    record: record(1),
                    case_team: true,
                    viewers: vec![Viewer {
                        user: "A.B.".into(),
                        agency: Some(PartnerAgency::YouthWork),
                        shared_by_decision: None,
                    }],
                },
                RecordAudience {
                    record: record(2),
                    case_team: false,
                    viewers: vec![
                        Viewer {
                            user: "C.D.".into(),
                            agency: Some(PartnerAgency::ChildrensSocialCare),
                            shared_by_decision: None,
                        },
                        Viewer {
                            user: "E.F.".into(),
                            agency: Some(PartnerAgency::Police),
                            shared_by_decision: Some(7),
                        },
                    ],
                },
            ],
            settings: WorkspaceSettings::default(),
        }
    }

    #[test]
    fn a_team_record_is_seen_by_the_practitioners_and_managers_not_the_partner_reader() {
        let audience = directory().audience(record(9));
        assert!(audience
            .scope_sentence()
            .contains("Northfield detached team"));
        assert_eq!(
            audience.people_lines(),
            [
                "A.B., Youth work (practitioner), you",
                "C.D., Children's social care (manager)"
            ]
        );
        assert!(audience.shared_with.is_empty());
        assert!(audience.shared_decisions.is_empty());
    }

    #[test]
    fn a_case_team_record_names_only_its_case_team() {
        let audience = directory().audience(record(1));
        assert!(audience.scope_sentence().starts_with("Case team only"));
        assert_eq!(
            audience.people_lines(),
            ["A.B., Youth work (practitioner), you"]
        );
    }

    #[test]
    fn a_shared_record_names_the_reader_and_the_decision() {
        let audience = directory().audience(record(2));
        assert!(audience.scope_sentence().contains("partner agencies"));
        assert_eq!(
            audience.reader_lines(),
            ["E.F., Police, to read (sharing decision 7)"]
        );
        assert_eq!(audience.shared_decisions, [7]);
        assert_eq!(
            audience.people_lines(),
            ["C.D., Children's social care (manager)"]
        );
    }

    #[test]
    fn only_a_manager_is_told_they_manage() {
        let mut directory = directory();
        assert!(!directory.you_manage());
        directory.you = "C.D.".into();
        assert!(directory.you_manage());
    }

    #[test]
    fn a_writer_is_found_by_their_actor_and_a_stranger_is_not() {
        let directory = directory();
        assert_eq!(
            directory.writer("cc22").map(Member::described).as_deref(),
            Some("C.D., Children's social care")
        );
        assert!(directory.writer("dd44").is_none());
    }
}
