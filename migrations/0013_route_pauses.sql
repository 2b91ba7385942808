-- Walkabouts whose route recording the practitioner has paused, so that a location reading every
-- few seconds is refused from the projection without reading the walkabout's document. Rebuilt
-- from the documents like every projection; no walkabout was paused before this column.

ALTER TABLE walkabouts ADD COLUMN route_paused INTEGER NOT NULL DEFAULT 0;
