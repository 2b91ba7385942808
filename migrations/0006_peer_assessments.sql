-- Peer-group assessments. The projection holds no case reference and no member labels: a Level 1
-- map is found from the young person's case, never by searching or listing young people (P8, P9).
CREATE TABLE peer_assessments (
    id               TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    level            TEXT NOT NULL,
    -- Level 2 only; always NULL for Level 1, so a map is never joined to a group.
    group_context_id TEXT,
    member_count     INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) STRICT;

CREATE INDEX peer_assessments_by_group ON peer_assessments (group_context_id);
