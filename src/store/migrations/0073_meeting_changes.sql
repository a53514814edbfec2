-- a meeting edited or removed, and its history (decision 146)
-- A meeting of the log is edited at the version read (a stale save is
-- refused) and each save keeps what it changed, old and new, in
-- meeting_changes / meeting_change_values, as the internships' change log
-- does (internship_changes). A meeting logged on the wrong participant is
-- removed with a reason: its row leaves meetings (so the log, Today, the
-- caseloads and the reports, which read meetings, need no filter), and the
-- removal is a last change (fields 'removed', the reason) that keeps what the
-- meeting said. meeting_id has no foreign key: the history outlives the row.
ALTER TABLE meetings ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TABLE meeting_changes (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  meeting_id BIGINT NOT NULL,
  version BIGINT NOT NULL,
  fields TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL,
  user_id BIGINT REFERENCES users(id)
);
CREATE INDEX meeting_changes_meeting ON meeting_changes(centre_id, meeting_id, version);
CREATE INDEX meeting_changes_participant ON meeting_changes(centre_id, participant_id, at);
CREATE TABLE meeting_change_values (
  change_id BIGINT NOT NULL REFERENCES meeting_changes(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  PRIMARY KEY (change_id, field)
);
