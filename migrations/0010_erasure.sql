-- Erasure (privacy rules P12 and P13). The server says which records were erased and which were
-- rewritten without their history; the device does the same to its copies, and keeps only what
-- its practitioner must be told.

-- The epoch of each document (see waymark-sync's epoch module): a copy of an older epoch is
-- replaced, never merged.
ALTER TABLE documents ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;

-- A record erased while this device held it, or whose past text was erased from its history:
-- which kind, when it was started, who erased it and why, and whether edits made here and not
-- yet sent went with it. Nothing of what it held.
CREATE TABLE erasure_notices (
    record_id     TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    created_at    INTEGER,
    erased_at     INTEGER NOT NULL,
    erased_by     TEXT NOT NULL,
    reason        TEXT NOT NULL,
    unsent_lost   INTEGER NOT NULL,
    history_only  INTEGER NOT NULL DEFAULT 0,
    dismissed     INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Edits made here to a record whose history was erased before they were sent, that could not be
-- carried onto its new epoch (someone else had changed the same field): shown to the
-- practitioner to redo, and deleted when they say so.
CREATE TABLE edits_not_kept (
    id         INTEGER PRIMARY KEY,
    record_id  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    field      TEXT NOT NULL,
    value      TEXT NOT NULL,
    at         INTEGER NOT NULL
) STRICT;
