-- What the app asks for each time it opens, found without reading a year's records: the
-- walkabouts being walked now, and how many records are waiting to sync. A document's row holds
-- its bytes before the sync columns, so counting by those columns alone would read every
-- document from the file.

CREATE INDEX walkabouts_by_state ON walkabouts (state, check_in_at, id);

CREATE INDEX documents_waiting_to_sync ON documents (id)
    WHERE quarantined_at IS NULL AND (synced_heads IS NULL OR synced_heads != heads);
