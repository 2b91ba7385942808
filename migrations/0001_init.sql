-- The device store, version 1.
-- `documents` holds the truth: one Automerge document per record. Every other table is a
-- projection of those documents, rewritten in the same transaction as the document, and can be
-- rebuilt from them at any time.

-- One row: this install's Automerge actor, so every change made here carries the same actor.
CREATE TABLE device (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    actor_id   BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    workspace_id TEXT,
    -- The document's heads: its latest change hashes, 32 bytes each, sorted.
    heads        BLOB NOT NULL,
    bytes        BLOB NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX documents_by_kind ON documents (kind);

CREATE TABLE contexts (
    id           TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    context_type TEXT NOT NULL,
    description  TEXT NOT NULL,
    latitude     REAL,
    longitude    REAL,
    -- Unix milliseconds, UTC.
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX contexts_by_updated_at ON contexts (updated_at DESC);
