-- The home page lists contexts a page at a time, each status's most recently updated first, so
-- that a device holding a year's records opens its list without reading every context.

CREATE INDEX contexts_by_status ON contexts (status, updated_at DESC, id);
