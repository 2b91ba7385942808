//! From a kind of record to the store's code for it: the one place where the kind a document
//! names becomes the type that reads, saves and projects it. Core's `RecordKind` is the list.

use automerge::AutoCommit;
use rusqlite::Connection;
use waymark_core::conference::Conference;
use waymark_core::peer_group::PeerAssessment;
use waymark_core::plan::Plan;
use waymark_core::referral::Referral;
use waymark_core::school::SchoolAssessment;
use waymark_core::system_review::SystemReview;
use waymark_core::{Context, RecordId, RecordKind, Walkabout};

use crate::document::Record;
use crate::StoreError;

/// Something to do with a record type, whichever kind it turns out to be.
pub(crate) trait ForRecord {
    type Output;
    fn run<R: Record>(self) -> Self::Output;
}

/// Runs `task` with the record type of `kind`. A new kind of record is added here, once.
pub(crate) fn for_record<T: ForRecord>(kind: RecordKind, task: T) -> T::Output {
    match kind {
        RecordKind::Context => task.run::<Context>(),
        RecordKind::Walkabout => task.run::<Walkabout>(),
        RecordKind::SchoolAssessment => task.run::<SchoolAssessment>(),
        RecordKind::PeerAssessment => task.run::<PeerAssessment>(),
        RecordKind::Referral => task.run::<Referral>(),
        RecordKind::Conference => task.run::<Conference>(),
        RecordKind::Plan => task.run::<Plan>(),
        RecordKind::SystemReview => task.run::<SystemReview>(),
    }
}

/// Deletes every projection row of a kind (rows that hang off them go with them).
pub(crate) struct ClearProjection<'a>(pub &'a Connection);

impl ForRecord for ClearProjection<'_> {
    type Output = Result<(), StoreError>;

    fn run<R: Record>(self) -> Self::Output {
        self.0
            .execute(&format!("DELETE FROM {}", R::PROJECTION), [])?;
        Ok(())
    }
}

/// Writes a document's projection rows from the document.
pub(crate) struct Project<'a> {
    pub conn: &'a Connection,
    pub id: RecordId,
    pub doc: &'a AutoCommit,
}

impl ForRecord for Project<'_> {
    type Output = Result<(), StoreError>;

    fn run<R: Record>(self) -> Self::Output {
        R::project(self.conn, &R::read(self.id, self.doc)?)
    }
}
