-- Privacy rules P3, P12 and P18: each workspace's own settings, changed by its managers only.
-- One row per field, so two managers changing two fields at once lose neither; a device receives
-- them all in its directory at its next sync.
CREATE TABLE workspace_settings (
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    changed_by   INTEGER NOT NULL REFERENCES users (id),
    changed_at   INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, key)
) STRICT, WITHOUT ROWID;
