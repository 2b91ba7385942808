-- School assessments: projections for lists and for "what is assigned to me".

CREATE TABLE school_assessments (
    id                TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    school_context_id TEXT NOT NULL,
    agreed_on         TEXT NOT NULL,
    completed         INTEGER NOT NULL,
    hotspot_count     INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
) STRICT;

CREATE INDEX school_assessments_by_school ON school_assessments (school_context_id);

CREATE TABLE school_components (
    assessment_id TEXT NOT NULL REFERENCES school_assessments (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    owner         TEXT NOT NULL,
    status        TEXT NOT NULL,
    due           TEXT,
    PRIMARY KEY (assessment_id, kind)
) STRICT, WITHOUT ROWID;

CREATE INDEX school_components_by_owner ON school_components (owner, status);
