-- System reviews, for the list of reviews: a local area's rating of its own system. Rebuilt from
-- the documents; the ratings themselves stay in the document.

CREATE TABLE system_reviews (
    id         TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    area       TEXT NOT NULL,
    held_on    TEXT NOT NULL,
    stage      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
