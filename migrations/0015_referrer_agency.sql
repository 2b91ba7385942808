-- The referring agency on its own, by code, so that a context's timeline names it in the
-- practitioner's language. `referrer` keeps the referrer's role; rows written before this
-- migration hold "role, Agency" there and an empty agency.

ALTER TABLE referrals ADD COLUMN referrer_agency TEXT NOT NULL DEFAULT '';
