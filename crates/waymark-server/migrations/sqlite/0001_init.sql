-- The sync server's store. It keeps hashes of device tokens and enrolment codes, never the
-- secrets themselves.

CREATE TABLE workspaces (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE memberships (
    user_id      INTEGER NOT NULL REFERENCES users (id),
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    PRIMARY KEY (user_id, workspace_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE devices (
    id              TEXT PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    -- Where the documents this device creates belong.
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id),
    code_sha256     BLOB UNIQUE,
    code_expires_at INTEGER NOT NULL,
    code_used_at    INTEGER,
    token_sha256    BLOB UNIQUE,
    revoked_at      INTEGER,
    created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    bytes        BLOB NOT NULL,
    heads        BLOB NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX documents_by_workspace ON documents (workspace_id, id);

-- Each blob once, whatever the number of workspaces that name it.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    bytes  BLOB NOT NULL
) STRICT;

-- Which workspaces may fetch a blob: those a device uploaded it for, with the bytes.
CREATE TABLE blob_workspaces (
    sha256       TEXT NOT NULL REFERENCES blobs (sha256),
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    PRIMARY KEY (sha256, workspace_id)
) STRICT, WITHOUT ROWID;

-- Uploads under way, chunk by chunk, so a dropped connection resumes where it stopped.
CREATE TABLE blob_upload_chunks (
    sha256       TEXT NOT NULL,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    offset       INTEGER NOT NULL,
    bytes        BLOB NOT NULL,
    PRIMARY KEY (sha256, workspace_id, offset)
) STRICT, WITHOUT ROWID;
