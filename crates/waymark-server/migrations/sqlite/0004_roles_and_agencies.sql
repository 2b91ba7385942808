-- Privacy rule P6: people belong to an agency and have a role in each workspace. Members from
-- before this migration keep what they could do: they are practitioners. Their agency is not
-- known until an administrator records it.
ALTER TABLE users ADD COLUMN agency TEXT;
ALTER TABLE memberships ADD COLUMN role TEXT NOT NULL DEFAULT 'practitioner';
