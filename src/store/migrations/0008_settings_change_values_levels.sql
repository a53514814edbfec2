-- installation settings, values of participant changes, language assessments
-- Settings of the installation kept in the database (whether it is a demo,
-- store_settings.h); the old and new value of each field a participant
-- save changed (identity numbers: both empty, only "changed" is shown);
-- Norwegian levels as dated assessments (the register's four fields show
-- the latest; teachers add theirs with source 'teacher').
CREATE TABLE installation_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  set_at BIGINT NOT NULL
);
CREATE TABLE participant_change_values (
  change_id BIGINT NOT NULL REFERENCES participant_changes(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  PRIMARY KEY (change_id, field)
);
CREATE TABLE language_assessments (
  id {{ID}},
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  skill TEXT NOT NULL CHECK (skill IN ('listening','reading','speaking','writing')),
  level TEXT NOT NULL CHECK (level IN ('A1','A2','B1','B2','C1')),
  assessed_on TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT 'register',
  note TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT REFERENCES users(id),
  at BIGINT NOT NULL
);
CREATE INDEX language_assessments_participant ON language_assessments(participant_id, skill, assessed_on, id);
