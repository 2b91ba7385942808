//! What the practitioner is told about sync: what is waiting, what is happening, when it last
//! worked, or why it cannot. The app fills it in; the words are decided here, once.

use serde::{Deserialize, Serialize};

use waymark_i18n::{Arg, Messages};

use crate::{CommandError, RecordKind, UnixMillis};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum SyncPhase {
    /// This device has not been enrolled with a server.
    NotSetUp,
    Connecting,
    /// `settled` of `total` differing records are done.
    Syncing {
        settled: usize,
        total: usize,
    },
    /// Connected, with nothing left to exchange.
    Idle,
    /// The last attempt failed; another follows after a wait.
    CannotSync,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    #[serde(flatten)]
    pub phase: SyncPhase,
    pub server: Option<String>,
    /// When the last sync that ran to its end finished.
    pub synced_at: Option<UnixMillis>,
    pub waiting_records: usize,
    pub waiting_attachments: usize,
    /// Why the last attempt failed, in a practitioner's words.
    pub problem: Option<CommandError>,
    /// When the next attempt starts, while it cannot sync.
    pub retry_at: Option<UnixMillis>,
    /// Goes up each time a sync changed records on this device, so open pages know to reload.
    pub revision: u64,
    /// Records that could not be read and were set aside, named for the practitioner (their
    /// kind and the start of their id).
    #[serde(default)]
    pub set_aside: Vec<SetAside>,
}

/// A record set aside, as the sync line names it: its kind and the first eight characters of
/// its id, which an administrator can find it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetAside {
    /// The stored kind, as the server sent it; it may be one this build does not know.
    pub kind: String,
    pub id_start: String,
}

impl Default for SyncStatus {
    fn default() -> Self {
        Self {
            phase: SyncPhase::NotSetUp,
            server: None,
            synced_at: None,
            waiting_records: 0,
            waiting_attachments: 0,
            problem: None,
            retry_at: None,
            revision: 0,
            set_aside: Vec::new(),
        }
    }
}

impl SetAside {
    pub fn new(kind: &str, id: &str) -> Self {
        Self {
            kind: kind.to_owned(),
            id_start: id.chars().take(8).collect(),
        }
    }

    /// "Context 0190ab12", in the language of `words`.
    pub fn named_in(&self, words: &Messages) -> String {
        let kind = RecordKind::parse(&self.kind)
            .map_or_else(|| words.text("sync-a-record"), |kind| words.label(kind));
        words.format(
            "sync-set-aside-record",
            &[
                ("kind", Arg::from(&kind)),
                ("id", Arg::from(&self.id_start)),
            ],
        )
    }
}

impl SyncStatus {
    /// What is waiting to go to the server, or `None`.
    pub fn waiting(&self, words: &Messages) -> Option<String> {
        let parts: Vec<String> = [
            (self.waiting_records, "sync-records"),
            (self.waiting_attachments, "sync-photos-or-files"),
        ]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, id)| words.format(id, &[("count", Arg::from(count))]))
        .collect();
        (!parts.is_empty()).then(|| {
            words.format(
                "sync-changes-waiting",
                &[("parts", Arg::from(&parts.join(", ")))],
            )
        })
    }

    fn set_aside_names(&self, words: &Messages) -> String {
        let names: Vec<String> = self
            .set_aside
            .iter()
            .map(|record| record.named_in(words))
            .collect();
        names.join(", ")
    }

    /// What was set aside, or `None`.
    pub fn set_aside_sentence(&self, words: &Messages) -> Option<String> {
        (!self.set_aside.is_empty()).then(|| {
            words.format(
                "sync-set-aside",
                &[("records", Arg::from(&self.set_aside_names(words)))],
            )
        })
    }

    /// One line for the status bar, in English: what logs and tests read.
    pub fn headline(&self, synced_at: Option<&str>, now: UnixMillis) -> String {
        self.headline_in(waymark_i18n::english(), synced_at, now)
    }

    /// One line for the status bar in the language of `words`. `synced_at` is the last sync's
    /// time as the device shows it; `now` counts down to the next attempt. Each sentence is its
    /// own message; the line is the sentences that apply, one after another.
    pub fn headline_in(
        &self,
        words: &Messages,
        synced_at: Option<&str>,
        now: UnixMillis,
    ) -> String {
        let mut sentences = self.phase_sentences(words, synced_at, now);
        sentences.extend(self.set_aside_sentence(words));
        sentences.join(" ")
    }

    fn phase_sentences(
        &self,
        words: &Messages,
        synced_at: Option<&str>,
        now: UnixMillis,
    ) -> Vec<String> {
        let last = synced_at.map(|at| words.format("sync-last-synced", &[("at", Arg::from(at))]));
        let mut sentences = match self.phase {
            SyncPhase::NotSetUp => return vec![words.text("sync-not-set-up")],
            SyncPhase::Connecting => vec![words.text("sync-connecting")],
            SyncPhase::Syncing { settled, total } if total > 0 => {
                return vec![words.format(
                    "sync-syncing-of",
                    &[
                        ("settled", Arg::from(settled.min(total))),
                        ("total", Arg::from(total)),
                    ],
                )]
            }
            SyncPhase::Syncing { .. } => return vec![words.text("sync-syncing")],
            SyncPhase::Idle => match (self.waiting(words), synced_at) {
                (Some(waiting), _) => {
                    vec![words.format("sync-waiting-line", &[("waiting", Arg::from(&waiting))])]
                }
                (None, Some(at)) => {
                    return vec![words.format("sync-synced-at", &[("at", Arg::from(at))])]
                }
                (None, None) => return vec![words.text("sync-synced")],
            },
            SyncPhase::CannotSync => {
                let reason = self
                    .problem
                    .as_ref()
                    .map_or_else(|| words.text("sync-unreachable"), |p| p.message.clone());
                let mut sentences =
                    vec![words.format("sync-cannot", &[("reason", Arg::from(&reason))])];
                if let Some(at) = self.retry_at {
                    let seconds = at.since(now).as_millis().div_ceil(1000);
                    sentences.push(if seconds == 0 {
                        words.text("sync-trying-now")
                    } else {
                        words.format(
                            "sync-trying-in",
                            &[(
                                "seconds",
                                Arg::from(u64::try_from(seconds).unwrap_or(u64::MAX)),
                            )],
                        )
                    });
                }
                if let Some(waiting) = self.waiting(words) {
                    sentences.push(
                        words.format("sync-waiting-kept", &[("waiting", Arg::from(&waiting))]),
                    );
                }
                sentences
            }
        };
        sentences.extend(last);
        sentences
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_reads_as_a_sentence() {
        let mut status = SyncStatus::default();
        assert!(status
            .headline(None, UnixMillis::new(0))
            .contains("not set up"));

        status.phase = SyncPhase::Idle;
        status.waiting_records = 3;
        status.waiting_attachments = 1;
        assert_eq!(
            status.headline(Some("14:05"), UnixMillis::new(0)),
            "Changes waiting: 3 records, 1 photo or file. Last synced 14:05."
        );

        status.waiting_records = 0;
        status.waiting_attachments = 0;
        assert_eq!(
            status.headline(Some("14:05"), UnixMillis::new(0)),
            "Synced at 14:05."
        );

        status.phase = SyncPhase::Syncing {
            settled: 4,
            total: 10,
        };
        assert_eq!(
            status.headline(None, UnixMillis::new(0)),
            "Syncing 4 of 10…"
        );

        status.phase = SyncPhase::CannotSync;
        status.problem = Some(CommandError::new(
            "server_unreachable",
            "server unreachable",
        ));
        status.retry_at = Some(UnixMillis::new(60_000));
        status.waiting_records = 1;
        assert_eq!(
            status.headline(None, UnixMillis::new(52_001)),
            "Cannot sync: server unreachable. Trying again in 8 s. Changes waiting: 1 record, saved on this device."
        );
        assert!(status
            .headline(None, UnixMillis::new(61_000))
            .contains("Trying again now."));

        status.phase = SyncPhase::Idle;
        status.waiting_records = 0;
        status.set_aside = vec![SetAside::new(
            "context",
            "0190ab12-3456-7890-abcd-ef0123456789",
        )];
        assert_eq!(
            status.headline(None, UnixMillis::new(0)),
            "Synced. Set aside because it could not be read: Context 0190ab12. Its changes are kept on this device; tell your administrator."
        );
    }

    #[test]
    fn the_status_crosses_the_invoke_boundary() {
        let status = SyncStatus {
            phase: SyncPhase::Syncing {
                settled: 1,
                total: 2,
            },
            ..SyncStatus::default()
        };
        let json = serde_json::to_string(&status).expect("serialises");
        assert!(json.contains("\"phase\":\"syncing\""), "{json}");
        assert_eq!(
            serde_json::from_str::<SyncStatus>(&json).expect("reads"),
            status
        );
    }
}
