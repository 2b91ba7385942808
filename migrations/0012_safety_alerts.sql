-- Walkabouts with a safety alert no manager has acknowledged (an urgent concern, or a check-out
-- that was not all safe), so that a manager's home page finds them without reading every
-- walkabout. Rebuilt from the documents like every projection; rows from before this column
-- start from their urgent concern.

ALTER TABLE walkabouts ADD COLUMN needs_acknowledgement INTEGER NOT NULL DEFAULT 0;
UPDATE walkabouts SET needs_acknowledgement = urgent_concern;
CREATE INDEX walkabouts_needing_acknowledgement ON walkabouts (needs_acknowledgement)
    WHERE needs_acknowledgement = 1;
