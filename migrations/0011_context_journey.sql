-- A context's journey: its status and area on the context's row, and projections of referrals,
-- conferences and plans for the timeline and the home page. All are rebuilt from documents.

ALTER TABLE contexts ADD COLUMN status TEXT NOT NULL DEFAULT 'assessing';
ALTER TABLE contexts ADD COLUMN area_label TEXT NOT NULL DEFAULT '';

CREATE TABLE referrals (
    id           TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    context_id   TEXT NOT NULL,
    received_on  TEXT NOT NULL,
    urgency      TEXT NOT NULL,
    referrer     TEXT NOT NULL,
    -- The screening, once a manager has made it.
    screened_on  TEXT,
    decision     TEXT,
    -- The assessments screening chose, as a comma-separated list of codes, with their lead and due date.
    assessments  TEXT NOT NULL DEFAULT '',
    lead_worker  TEXT NOT NULL DEFAULT '',
    assessment_due TEXT,
    updated_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX referrals_by_context ON referrals (context_id);

CREATE TABLE conferences (
    id         TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    context_id TEXT NOT NULL,
    held_on    TEXT,
    decision   TEXT,
    completed  INTEGER NOT NULL,
    created_on TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX conferences_by_context ON conferences (context_id);

CREATE TABLE plans (
    id          TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    context_id  TEXT NOT NULL,
    created_on  TEXT NOT NULL,
    review_date TEXT,
    agreed      INTEGER NOT NULL,
    closed      INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX plans_by_context ON plans (context_id);

CREATE TABLE plan_actions (
    id           TEXT NOT NULL,
    plan_id      TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    context_id   TEXT NOT NULL,
    description  TEXT NOT NULL,
    owner_agency TEXT,
    due          TEXT,
    status       TEXT NOT NULL,
    done_on      TEXT,
    PRIMARY KEY (plan_id, id)
) STRICT, WITHOUT ROWID;

CREATE INDEX plan_actions_by_context ON plan_actions (context_id, status, due);

CREATE TABLE plan_reviews (
    id        TEXT NOT NULL,
    plan_id   TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    context_id TEXT NOT NULL,
    held_on   TEXT NOT NULL,
    decision  TEXT NOT NULL,
    PRIMARY KEY (plan_id, id)
) STRICT, WITHOUT ROWID;

CREATE INDEX plan_reviews_by_context ON plan_reviews (context_id);
