-- Privacy rule P14: views, exports and prints happen on the device, offline too. Each is kept
-- here until the server has it (sent_at set), then kept a day so that opening the same record
-- again and again within minutes is one entry, not many.
CREATE TABLE audit_outbox (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    record  TEXT NOT NULL,
    action  TEXT NOT NULL,
    at      INTEGER NOT NULL,
    sent_at INTEGER
) STRICT;

CREATE INDEX audit_outbox_by_record ON audit_outbox (record, at);
