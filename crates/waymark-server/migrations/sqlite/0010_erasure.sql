-- Erasure (privacy rules P12 and P13). An erased record's document goes, with everything that
-- hangs off it; a stub stays, saying which record of which kind was erased, when, by whom and
-- why, never what it held. A record erased once is never taken again.
CREATE TABLE erasures (
    document_id  TEXT PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    kind         TEXT NOT NULL,
    erased_at    INTEGER NOT NULL,
    erased_by    TEXT NOT NULL,
    reason       TEXT NOT NULL
) STRICT;

-- A record whose past text was erased is rewritten as a new document one epoch on; changes made
-- to an older epoch are refused.
ALTER TABLE documents ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;

-- The kind the document says it is, read when its changes are written, so that retention can
-- find each kind's records without opening them. Rows from before this migration are read once.
ALTER TABLE documents ADD COLUMN kind TEXT;

-- When a walkabout's route track was erased at the end of its own, shorter period: such a
-- walkabout is not read again by retention's hourly look for tracks.
ALTER TABLE documents ADD COLUMN track_erased_at INTEGER;

-- A manager keeps a record past its retention period, by some days, with a reason.
CREATE TABLE retention_extensions (
    document_id TEXT NOT NULL REFERENCES documents (id),
    days        INTEGER NOT NULL,
    extended_by TEXT NOT NULL,
    reason      TEXT NOT NULL,
    extended_at INTEGER NOT NULL
) STRICT;

CREATE INDEX retention_extensions_by_document ON retention_extensions (document_id);
