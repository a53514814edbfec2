-- participants: which fields each saved version changed
CREATE TABLE participant_changes (
  id {{ID}},
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  version BIGINT NOT NULL,
  fields TEXT NOT NULL,
  at BIGINT NOT NULL,
  user_id BIGINT REFERENCES users(id)
);
CREATE INDEX participant_changes_participant ON participant_changes(participant_id, version);
