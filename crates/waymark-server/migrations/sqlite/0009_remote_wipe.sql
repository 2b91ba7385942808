-- Privacy rule P17: an administrator may order a lost or stolen device erased. The order revokes
-- the device and is kept beside it, so that at its next contact the device is told who had it
-- erased and when, and erases itself.
ALTER TABLE devices ADD COLUMN wipe_ordered_by TEXT;
ALTER TABLE devices ADD COLUMN wipe_ordered_at INTEGER;
