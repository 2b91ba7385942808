-- When each chunk of an unfinished upload arrived, so an upload abandoned for longer than the
-- server's expiry is thrown away instead of holding the workspace's quota for ever. Chunks kept
-- before this migration count as arrived long ago.
ALTER TABLE blob_upload_chunks ADD COLUMN received_at INTEGER NOT NULL DEFAULT 0;

CREATE INDEX blob_upload_chunks_by_workspace ON blob_upload_chunks (workspace_id);
