-- A document that can no longer be read is set aside instead of being replaced: its snapshot and
-- appended changes stay exactly as they were (unsynced changes included), sync leaves it out,
-- and the app names it so an administrator can recover it.
ALTER TABLE documents ADD COLUMN quarantined_at INTEGER;
