-- A walkabout opens from its rows, not by reading its whole document: `view` holds the walkabout
-- without its observations, as JSON, and each observation's row holds its detail. Adding an
-- observation then writes one row, however many the walkabout has. The document stays the truth:
-- every save rewrites these, and a store upgraded to this version rewrites every projection from
-- the documents when it is opened (`database::PROJECTIONS_CHANGED_AT`).

ALTER TABLE walkabouts ADD COLUMN view TEXT NOT NULL DEFAULT '';
ALTER TABLE observations ADD COLUMN detail TEXT NOT NULL DEFAULT '';
