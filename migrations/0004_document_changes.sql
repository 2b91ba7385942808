-- Changes to a document since its last snapshot, appended on each save and folded into the
-- snapshot now and then, so that a small edit to a large record writes a small row.
CREATE TABLE document_changes (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    bytes       BLOB NOT NULL,
    PRIMARY KEY (document_id, seq)
) STRICT, WITHOUT ROWID;
