-- Privacy rules P6 and P14: which person each Automerge actor writes for, learnt from the first
-- change a device sends under it. A record's history on every device then names people, not
-- installs, and no device may write under an actor that another person's device wrote under.
CREATE TABLE actors (
    actor      TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    device_id  TEXT NOT NULL,
    first_seen INTEGER NOT NULL
) STRICT;

CREATE INDEX actors_by_user ON actors (user_id);
