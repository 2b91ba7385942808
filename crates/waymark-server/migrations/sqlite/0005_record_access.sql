-- Privacy rules P6 to P8: who may see each record, held here where no device can widen it.
-- A record is its team's (every practitioner and manager of its workspace) unless it has a case
-- team; a Level 1 peer map always has one, from the moment it arrives. Partner agencies see a
-- record only through a sharing decision in force.
ALTER TABLE documents ADD COLUMN case_team INTEGER NOT NULL DEFAULT 0;

CREATE TABLE case_team_members (
    document_id TEXT NOT NULL REFERENCES documents (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    added_at    INTEGER NOT NULL,
    PRIMARY KEY (document_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX case_team_members_by_user ON case_team_members (user_id);

CREATE TABLE sharing_decisions (
    id               INTEGER PRIMARY KEY,
    workspace_id     INTEGER NOT NULL REFERENCES workspaces (id),
    recipient_agency TEXT NOT NULL,
    purpose          TEXT NOT NULL,
    legal_basis      TEXT NOT NULL,
    consent          TEXT NOT NULL,
    consent_reason   TEXT,
    decided_by       INTEGER NOT NULL REFERENCES users (id),
    decided_at       INTEGER NOT NULL,
    expires_at       INTEGER,
    revoked_by       INTEGER REFERENCES users (id),
    revoked_at       INTEGER
) STRICT;

CREATE TABLE shared_records (
    decision_id INTEGER NOT NULL REFERENCES sharing_decisions (id),
    document_id TEXT NOT NULL REFERENCES documents (id),
    PRIMARY KEY (decision_id, document_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX shared_records_by_document ON shared_records (document_id);

-- Records a user could see and then lost (taken off a case team, a role taken away): their
-- devices are told to delete their copies. A share that ended needs no row: the decision says
-- who had it.
CREATE TABLE withdrawals (
    user_id     INTEGER NOT NULL REFERENCES users (id),
    document_id TEXT NOT NULL REFERENCES documents (id),
    at          INTEGER NOT NULL,
    PRIMARY KEY (user_id, document_id)
) STRICT, WITHOUT ROWID;
