-- Walkabouts: their projections, and the two kinds of data kept outside the CRDT.

CREATE TABLE walkabouts (
    id                TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    purpose           TEXT NOT NULL,
    state             TEXT NOT NULL,
    planned_start     INTEGER NOT NULL,
    planned_end       INTEGER NOT NULL,
    check_in_at       INTEGER,
    expected_finish   INTEGER,
    check_out_at      INTEGER,
    observation_count INTEGER NOT NULL,
    -- Whether any observation is urgent: a flag on the place's record, never on a young person.
    urgent_concern    INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE walkabout_contexts (
    walkabout_id TEXT NOT NULL REFERENCES walkabouts (id) ON DELETE CASCADE,
    context_id   TEXT NOT NULL,
    PRIMARY KEY (walkabout_id, context_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX walkabout_contexts_by_context ON walkabout_contexts (context_id);

CREATE TABLE observations (
    id           TEXT PRIMARY KEY,
    walkabout_id TEXT NOT NULL REFERENCES walkabouts (id) ON DELETE CASCADE,
    observed_at  INTEGER NOT NULL,
    category     TEXT NOT NULL,
    valence      TEXT NOT NULL,
    urgent       INTEGER NOT NULL,
    latitude     REAL,
    longitude    REAL
) STRICT;

CREATE INDEX observations_by_walkabout ON observations (walkabout_id, observed_at);

-- Not projections: a route grows without bound and never merges, so its points live here and the
-- document holds only a summary and, once sealed, the SHA-256 of the track.
CREATE TABLE route_points (
    walkabout_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    latitude     REAL NOT NULL,
    longitude    REAL NOT NULL,
    accuracy_m   REAL NOT NULL,
    recorded_at  INTEGER NOT NULL,
    PRIMARY KEY (walkabout_id, seq)
) STRICT, WITHOUT ROWID;

-- Photos, stored once by the SHA-256 of their bytes after metadata was stripped.
CREATE TABLE attachments (
    sha256     TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    bytes      BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
