-- Documents changed, by workspace and by the device that sent the changes, one row a frame: the
-- other server processes on this database read it to tell their own devices to come for them.
-- Rows are kept a few minutes; a process only reads what is newer than what it read last.
CREATE TABLE change_feed (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id INTEGER NOT NULL,
    device       TEXT NOT NULL,
    -- The server process that wrote the row, which has told its own devices already.
    process      TEXT NOT NULL,
    at           INTEGER NOT NULL
) STRICT;
