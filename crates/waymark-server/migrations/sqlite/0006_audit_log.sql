-- Privacy rule P14: the audit log, append-only and hash-chained. Each row's hash is SHA-256 of
-- the row before's hash and of this row's fields (waymark-core's audit::link), so `audit verify`
-- finds a row changed, removed or put in afterwards. AUTOINCREMENT: a number is never used twice,
-- so a removed row leaves a gap.
CREATE TABLE audit_log (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    at       INTEGER NOT NULL,
    user     TEXT NOT NULL,
    device   TEXT,
    action   TEXT NOT NULL,
    record   TEXT,
    detail   TEXT NOT NULL,
    previous BLOB NOT NULL,
    hash     BLOB NOT NULL
) STRICT;

CREATE INDEX audit_log_by_record ON audit_log (record);
CREATE INDEX audit_log_by_user ON audit_log (user);
