-- benefits: a pause recorded after the fact flags its months as a correction without a session
-- A pause recorded, or a period resumed, on days of a month whose benefits
-- are approved or whose run waits changes the month's programme days: it
-- is recorded as a correction like a register's, with no session
-- (session_id NULL), its day the first of the month it changed. SQLite
-- cannot drop a NOT NULL: the table is made again, its ids kept.
CREATE TABLE attendance_corrections_new (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  session_id BIGINT REFERENCES activity_sessions(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  session_date TEXT NOT NULL,
  at BIGINT NOT NULL,
  by_user BIGINT REFERENCES users(id),
  reason TEXT NOT NULL,
  handled_run BIGINT,
  before_mark TEXT,
  before_minutes BIGINT,
  before_early BIGINT,
  before_absence TEXT,
  before_reason TEXT,
  after_mark TEXT,
  after_minutes BIGINT,
  after_early BIGINT,
  after_absence TEXT,
  after_reason TEXT
);
INSERT INTO attendance_corrections_new (id, centre_id, session_id, participant_id, session_date, at, by_user,
  reason, handled_run, before_mark, before_minutes, before_early, before_absence, before_reason, after_mark,
  after_minutes, after_early, after_absence, after_reason)
  SELECT id, centre_id, session_id, participant_id, session_date, at, by_user, reason, handled_run, before_mark,
  before_minutes, before_early, before_absence, before_reason, after_mark, after_minutes, after_early,
  after_absence, after_reason FROM attendance_corrections ORDER BY id;
DROP TABLE attendance_corrections;
ALTER TABLE attendance_corrections_new RENAME TO attendance_corrections;
CREATE INDEX attendance_corrections_open ON attendance_corrections(centre_id, handled_run, id);
