-- A stored document that can no longer be read is set aside instead of being replaced: its bytes
-- stay as they were, devices are neither offered it nor allowed to change it, and the admin CLI
-- lists it for recovery.
ALTER TABLE documents ADD COLUMN quarantined_at INTEGER;
