//! A context's timeline, read from the projections of every record that belongs to it: no
//! document is opened, so the page a practitioner starts from opens as fast as its rows read.
//! Also the one place the store turns a moment into the day it fell on, and the step that writes
//! several records of a journey in one transaction.

use rusqlite::params;
use waymark_core::timeline::{in_order, AssessmentTask, Happened, Step, Timeline, TimelineEntry};
use waymark_core::vocabulary::{
    ActionStatus, AssessmentKind, ConferenceDecision, PartnerAgency, ReviewDecision,
    ScreeningDecision, Urgency,
};
use waymark_core::{RecordId, RecordKind, UnixMillis, WalkaboutState};

use crate::{Store, StoreError};

pub(crate) use waymark_core::millis::day_of;

impl Store {
    /// Today, by the store's clock.
    pub(crate) fn today(&self) -> String {
        day_of(self.now().to_datetime())
    }
}

impl Store {
    /// Runs `step`, which may write several records, in one transaction: a journey's step that
    /// moves the context and writes its own record leaves both or neither.
    pub(crate) fn atomically<T>(
        &mut self,
        step: impl FnOnce(&mut Self) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.execute_batch("SAVEPOINT journey_step")?;
        match step(self) {
            Ok(value) => {
                self.conn.execute_batch("RELEASE journey_step")?;
                Ok(value)
            }
            Err(error) => {
                // The rows go back; the documents kept in memory may be ahead of them, so they
                // are read again from the database next time.
                let undone = self
                    .conn
                    .execute_batch("ROLLBACK TO journey_step; RELEASE journey_step");
                self.forget_all_documents();
                undone?;
                Err(error)
            }
        }
    }

    /// Everything that happened to a context, in order, with the assessments screening chose.
    pub fn timeline(&self, context_id: RecordId) -> Result<Timeline, StoreError> {
        let context = context_id.to_string();
        let mut entries = Vec::new();
        let mut referral_ids = Vec::new();
        let mut tasks = Vec::new();
        let mut chosen: Option<(String, String, Option<String>)> = None;
        let mut statement = self.conn.prepare_cached(
            "SELECT id, received_on, urgency, referrer, screened_on, decision, assessments,
                    lead_worker, assessment_due, referrer_agency
             FROM referrals WHERE context_id = ?1 ORDER BY received_on, id",
        )?;
        let mut rows = statement.query([&context])?;
        while let Some(row) = rows.next()? {
            let id: RecordId = row.get::<_, String>(0)?.parse()?;
            entries.push(TimelineEntry {
                on: row.get(1)?,
                step: Step::Referral,
                summary: Happened::Referred {
                    referrer: row.get(3)?,
                    agency: PartnerAgency::from_code(&row.get::<_, String>(9)?).ok(),
                    urgency: Urgency::from_code(&row.get::<_, String>(2)?).ok(),
                },
                record: id,
                record_kind: RecordKind::Referral,
            });
            if let (Some(on), Some(decision)) = (
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<String>>(5)?,
            ) {
                entries.push(TimelineEntry {
                    on,
                    step: Step::Screening,
                    summary: Happened::Screened {
                        decision: ScreeningDecision::from_code(&decision).ok(),
                    },
                    record: id,
                    record_kind: RecordKind::Referral,
                });
                chosen = Some((row.get(6)?, row.get(7)?, row.get(8)?));
            }
            referral_ids.push(id);
        }

        let mut statement = self.conn.prepare_cached(
            "SELECT w.id, w.purpose, w.state, w.planned_start FROM walkabouts w
             JOIN walkabout_contexts c ON c.walkabout_id = w.id
             WHERE c.context_id = ?1",
        )?;
        let mut rows = statement.query([&context])?;
        let mut walked = false;
        while let Some(row) = rows.next()? {
            walked = true;
            entries.push(TimelineEntry {
                on: day_of(UnixMillis::new(row.get(3)?).to_datetime()),
                step: Step::Walkabout,
                summary: Happened::Walkabout {
                    purpose: row.get(1)?,
                    state: WalkaboutState::from_code(&row.get::<_, String>(2)?),
                },
                record: row.get::<_, String>(0)?.parse()?,
                record_kind: RecordKind::Walkabout,
            });
        }

        let mut statement = self.conn.prepare_cached(
            "SELECT id, agreed_on, completed FROM school_assessments WHERE school_context_id = ?1",
        )?;
        let mut rows = statement.query([&context])?;
        let mut school_assessed = false;
        while let Some(row) = rows.next()? {
            school_assessed = true;
            let completed: bool = row.get(2)?;
            entries.push(TimelineEntry {
                on: row.get(1)?,
                step: Step::SchoolAssessment,
                summary: Happened::SchoolAssessment { completed },
                record: row.get::<_, String>(0)?.parse()?,
                record_kind: RecordKind::SchoolAssessment,
            });
        }

        let mut statement = self.conn.prepare_cached(
            "SELECT id, updated_at FROM peer_assessments WHERE group_context_id = ?1",
        )?;
        let mut rows = statement.query([&context])?;
        let mut group_assessed = false;
        while let Some(row) = rows.next()? {
            group_assessed = true;
            entries.push(TimelineEntry {
                on: day_of(UnixMillis::new(row.get(1)?).to_datetime()),
                step: Step::PeerAssessment,
                summary: Happened::PeerAssessment,
                record: row.get::<_, String>(0)?.parse()?,
                record_kind: RecordKind::PeerAssessment,
            });
        }

        let mut conference_ids = Vec::new();
        let mut statement = self.conn.prepare_cached(
            "SELECT id, held_on, created_on, decision, completed FROM conferences
             WHERE context_id = ?1 ORDER BY created_on, id",
        )?;
        let mut rows = statement.query([&context])?;
        while let Some(row) = rows.next()? {
            let id: RecordId = row.get::<_, String>(0)?.parse()?;
            let held_on: Option<String> = row.get(1)?;
            let decision = row
                .get::<_, Option<String>>(3)?
                .and_then(|code| ConferenceDecision::from_code(&code).ok());
            let completed: bool = row.get(4)?;
            let summary = Happened::Conference {
                decision: decision.filter(|_| completed),
            };
            entries.push(TimelineEntry {
                on: held_on.unwrap_or(row.get(2)?),
                step: Step::Conference,
                summary,
                record: id,
                record_kind: RecordKind::Conference,
            });
            conference_ids.push(id);
        }

        let mut plan_ids = Vec::new();
        let mut statement = self.conn.prepare_cached(
            "SELECT id, created_on, agreed FROM plans WHERE context_id = ?1 ORDER BY created_on, id",
        )?;
        let mut rows = statement.query([&context])?;
        while let Some(row) = rows.next()? {
            let id: RecordId = row.get::<_, String>(0)?.parse()?;
            let agreed: bool = row.get(2)?;
            entries.push(TimelineEntry {
                on: row.get(1)?,
                step: Step::Plan,
                summary: Happened::Plan { agreed },
                record: id,
                record_kind: RecordKind::Plan,
            });
            plan_ids.push(id);
        }

        let mut statement = self.conn.prepare_cached(
            "SELECT plan_id, description, done_on, owner_agency FROM plan_actions
             WHERE context_id = ?1 AND status = ?2 AND done_on IS NOT NULL",
        )?;
        let mut rows = statement.query(params![context, ActionStatus::Done.code()])?;
        while let Some(row) = rows.next()? {
            entries.push(TimelineEntry {
                on: row.get(2)?,
                step: Step::ActionDone,
                summary: Happened::ActionDone {
                    description: row.get(1)?,
                },
                record: row.get::<_, String>(0)?.parse()?,
                record_kind: RecordKind::Plan,
            });
        }

        let mut statement = self.conn.prepare_cached(
            "SELECT plan_id, held_on, decision FROM plan_reviews WHERE context_id = ?1",
        )?;
        let mut rows = statement.query([&context])?;
        while let Some(row) = rows.next()? {
            entries.push(TimelineEntry {
                on: row.get(1)?,
                step: Step::Review,
                summary: Happened::Reviewed {
                    decision: ReviewDecision::from_code(&row.get::<_, String>(2)?).ok(),
                },
                record: row.get::<_, String>(0)?.parse()?,
                record_kind: RecordKind::Plan,
            });
        }

        if let Some((codes, lead_worker, due)) = chosen {
            for kind in codes
                .split(',')
                .filter_map(|code| AssessmentKind::from_code(code).ok())
            {
                let started = match kind {
                    AssessmentKind::Walkabout => walked,
                    AssessmentKind::School => school_assessed,
                    AssessmentKind::PeerGroup => group_assessed,
                    AssessmentKind::Other => false,
                };
                tasks.push(AssessmentTask {
                    kind,
                    lead_worker: lead_worker.clone(),
                    due: due.clone(),
                    started,
                });
            }
        }

        let overdue_actions = self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM plan_actions WHERE context_id = ?1 AND status <> 'done'
                 AND due < ?2",
            )?
            .query_row(params![context, self.today()], |row| row.get(0))?;

        in_order(&mut entries);
        Ok(Timeline {
            context_id,
            entries,
            tasks,
            referral_ids,
            conference_ids,
            plan_ids,
            overdue_actions,
        })
    }
}
