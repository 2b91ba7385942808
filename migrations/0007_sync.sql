-- Sync with a server: what has been sent, what is wanted, and downloads under way.

-- The heads the server was last known to hold; a document whose heads differ has changes waiting.
ALTER TABLE documents ADD COLUMN synced_heads BLOB;

-- Whether the server holds this attachment.
ALTER TABLE attachments ADD COLUMN uploaded INTEGER NOT NULL DEFAULT 0;

-- Attachments that synced documents name and this device does not hold yet.
CREATE TABLE wanted_attachments (
    sha256 TEXT PRIMARY KEY
) STRICT;

-- Downloads under way, chunk by chunk, so a dropped connection resumes where it stopped.
CREATE TABLE attachment_downloads (
    sha256 TEXT NOT NULL,
    offset INTEGER NOT NULL,
    bytes  BLOB NOT NULL,
    PRIMARY KEY (sha256, offset)
) STRICT, WITHOUT ROWID;
