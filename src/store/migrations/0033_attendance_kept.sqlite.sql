-- Attendance counted from kept months (docs/DECISIONS.md 82.) The report
-- counted every mark of the centre (27 million at a million participants)
-- three times per request. Two tables keep the marks by month:
-- attendance_months: one row per participant, group and month ('YYYY-MM')
-- of planned sessions: the marks, those attended (present, late, left
-- early) and those absent unexcused, with the group's activity type. It is
-- the view attendance_months_source.
-- attendance_sessions: one row per group and month: the planned sessions
-- with at least one mark. It is the view attendance_sessions_source.
-- Both are kept by the triggers below in the transaction of every write,
-- which add and take away one mark at a time (an upsert, and the row
-- deleted at 0): a mark inserted, changed or deleted; a session cancelled,
-- moved to another day or group, or deleted; a group given another type.
-- Whether a type is health-only is read with the rows (the report joins
-- activity_types). The triggers are named report_facts_attendance_* so that
-- the demo's bulk load pauses them with the others and fills the tables
-- from the views.
CREATE TABLE attendance_months (
  centre_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  group_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  type_id BIGINT NOT NULL,
  marks BIGINT NOT NULL,
  attended BIGINT NOT NULL,
  unexcused BIGINT NOT NULL,
  PRIMARY KEY (centre_id, month, group_id, participant_id)
) WITHOUT ROWID;
CREATE VIEW attendance_months_source AS
SELECT s.centre_id AS centre_id, substr(s.on_date, 1, 7) AS month, s.group_id AS group_id,
  a.participant_id AS participant_id, g.activity_type_id AS type_id, COUNT(*) AS marks,
  SUM(CASE WHEN a.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END) AS attended,
  SUM(CASE WHEN a.mark = 'absent' AND a.absence = 'unexcused' THEN 1 ELSE 0 END) AS unexcused
FROM activity_sessions s JOIN attendance a ON a.session_id = s.id AND a.centre_id = s.centre_id
JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
WHERE s.status = 'planned'
GROUP BY s.centre_id, substr(s.on_date, 1, 7), s.group_id, a.participant_id, g.activity_type_id;
CREATE TABLE attendance_sessions (
  centre_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  group_id BIGINT NOT NULL,
  type_id BIGINT NOT NULL,
  sessions BIGINT NOT NULL,
  PRIMARY KEY (centre_id, month, group_id)
) WITHOUT ROWID;
CREATE VIEW attendance_sessions_source AS
SELECT s.centre_id AS centre_id, substr(s.on_date, 1, 7) AS month, s.group_id AS group_id,
  g.activity_type_id AS type_id, COUNT(*) AS sessions
FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
WHERE s.status = 'planned'
  AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.centre_id = s.centre_id)
GROUP BY s.centre_id, substr(s.on_date, 1, 7), s.group_id, g.activity_type_id;
INSERT INTO attendance_months SELECT * FROM attendance_months_source;
INSERT INTO attendance_sessions SELECT * FROM attendance_sessions_source;
-- a mark: added to its participant's month of the session's group, and the
-- session counted when it is the session's first (taken away: the last)
CREATE TRIGGER report_facts_attendance_ins AFTER INSERT ON attendance BEGIN
  INSERT INTO attendance_months (centre_id, month, group_id, participant_id, type_id, marks, attended, unexcused)
  SELECT s.centre_id, substr(s.on_date, 1, 7), s.group_id, NEW.participant_id, g.activity_type_id, 1,
    CASE WHEN NEW.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END, CASE WHEN NEW.mark = 'absent' AND NEW.absence = 'unexcused' THEN 1 ELSE 0 END
  FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
  WHERE s.id = NEW.session_id AND s.centre_id = NEW.centre_id AND s.status = 'planned'
  ON CONFLICT (centre_id, month, group_id, participant_id) DO UPDATE SET marks = marks + 1,
    attended = attended + excluded.attended, unexcused = unexcused + excluded.unexcused;
  INSERT INTO attendance_sessions (centre_id, month, group_id, type_id, sessions)
  SELECT s.centre_id, substr(s.on_date, 1, 7), s.group_id, g.activity_type_id, 1
  FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
  WHERE s.id = NEW.session_id AND s.centre_id = NEW.centre_id AND s.status = 'planned'
    AND (SELECT COUNT(*) FROM attendance a WHERE a.session_id = NEW.session_id AND a.centre_id = NEW.centre_id) = 1
  ON CONFLICT (centre_id, month, group_id) DO UPDATE SET sessions = sessions + 1;
END;
CREATE TRIGGER report_facts_attendance_del AFTER DELETE ON attendance BEGIN
  UPDATE attendance_months SET marks = marks - 1, attended = attended - (CASE WHEN OLD.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END),
    unexcused = unexcused - (CASE WHEN OLD.mark = 'absent' AND OLD.absence = 'unexcused' THEN 1 ELSE 0 END)
  WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned') AND participant_id = OLD.participant_id;
  DELETE FROM attendance_months WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned') AND participant_id = OLD.participant_id AND marks = 0;
  UPDATE attendance_sessions SET sessions = sessions - 1 WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = OLD.session_id AND a.centre_id = OLD.centre_id);
  DELETE FROM attendance_sessions WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned') AND sessions = 0;
END;
CREATE TRIGGER report_facts_attendance_upd AFTER UPDATE ON attendance BEGIN
  UPDATE attendance_months SET marks = marks - 1, attended = attended - (CASE WHEN OLD.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END),
    unexcused = unexcused - (CASE WHEN OLD.mark = 'absent' AND OLD.absence = 'unexcused' THEN 1 ELSE 0 END)
  WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned') AND participant_id = OLD.participant_id;
  DELETE FROM attendance_months WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned') AND participant_id = OLD.participant_id AND marks = 0;
  INSERT INTO attendance_months (centre_id, month, group_id, participant_id, type_id, marks, attended, unexcused)
  SELECT s.centre_id, substr(s.on_date, 1, 7), s.group_id, NEW.participant_id, g.activity_type_id, 1,
    CASE WHEN NEW.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END, CASE WHEN NEW.mark = 'absent' AND NEW.absence = 'unexcused' THEN 1 ELSE 0 END
  FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
  WHERE s.id = NEW.session_id AND s.centre_id = NEW.centre_id AND s.status = 'planned'
  ON CONFLICT (centre_id, month, group_id, participant_id) DO UPDATE SET marks = marks + 1,
    attended = attended + excluded.attended, unexcused = unexcused + excluded.unexcused;
END;
-- a mark moved to another session (a repair): the sessions counted too
CREATE TRIGGER report_facts_attendance_move AFTER UPDATE OF session_id, centre_id ON attendance
WHEN OLD.session_id <> NEW.session_id OR OLD.centre_id <> NEW.centre_id BEGIN
  UPDATE attendance_sessions SET sessions = sessions - 1 WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = OLD.session_id AND a.centre_id = OLD.centre_id);
  DELETE FROM attendance_sessions WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned') AND sessions = 0;
  INSERT INTO attendance_sessions (centre_id, month, group_id, type_id, sessions)
  SELECT s.centre_id, substr(s.on_date, 1, 7), s.group_id, g.activity_type_id, 1
  FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
  WHERE s.id = NEW.session_id AND s.centre_id = NEW.centre_id AND s.status = 'planned'
    AND (SELECT COUNT(*) FROM attendance a WHERE a.session_id = NEW.session_id AND a.centre_id = NEW.centre_id) = 1
  ON CONFLICT (centre_id, month, group_id) DO UPDATE SET sessions = sessions + 1;
END;
-- a session cancelled, moved to another day or group (its marks go with it), or deleted
CREATE TRIGGER report_facts_attendance_session AFTER UPDATE OF status, on_date, group_id, centre_id
ON activity_sessions BEGIN
  UPDATE attendance_months SET marks = marks - 1,
    attended = attended - (SELECT CASE WHEN a.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END FROM attendance a
      WHERE a.session_id = OLD.id AND a.participant_id = attendance_months.participant_id),
    unexcused = unexcused - (SELECT CASE WHEN a.mark = 'absent' AND a.absence = 'unexcused' THEN 1 ELSE 0 END FROM attendance a
      WHERE a.session_id = OLD.id AND a.participant_id = attendance_months.participant_id)
  WHERE OLD.status = 'planned' AND centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id
    AND participant_id IN (SELECT participant_id FROM attendance WHERE session_id = OLD.id AND centre_id = OLD.centre_id);
  DELETE FROM attendance_months WHERE centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id AND marks = 0;
  UPDATE attendance_sessions SET sessions = sessions - 1 WHERE OLD.status = 'planned' AND centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id
    AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = OLD.id AND a.centre_id = OLD.centre_id);
  DELETE FROM attendance_sessions WHERE centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id AND sessions = 0;
  INSERT INTO attendance_months (centre_id, month, group_id, participant_id, type_id, marks, attended, unexcused)
  SELECT NEW.centre_id, substr(NEW.on_date, 1, 7), NEW.group_id, a.participant_id, g.activity_type_id, 1,
    CASE WHEN a.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END, CASE WHEN a.mark = 'absent' AND a.absence = 'unexcused' THEN 1 ELSE 0 END
  FROM attendance a JOIN activity_groups g ON g.id = NEW.group_id AND g.centre_id = NEW.centre_id
  WHERE a.session_id = NEW.id AND a.centre_id = NEW.centre_id AND NEW.status = 'planned'
  ON CONFLICT (centre_id, month, group_id, participant_id) DO UPDATE SET marks = marks + 1,
    attended = attended + excluded.attended, unexcused = unexcused + excluded.unexcused;
  INSERT INTO attendance_sessions (centre_id, month, group_id, type_id, sessions)
  SELECT NEW.centre_id, substr(NEW.on_date, 1, 7), NEW.group_id, g.activity_type_id, 1
  FROM activity_groups g WHERE g.id = NEW.group_id AND g.centre_id = NEW.centre_id AND NEW.status = 'planned'
    AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = NEW.id AND a.centre_id = NEW.centre_id)
  ON CONFLICT (centre_id, month, group_id) DO UPDATE SET sessions = sessions + 1;
END;
CREATE TRIGGER report_facts_attendance_session_del AFTER DELETE ON activity_sessions BEGIN
  UPDATE attendance_months SET marks = marks - 1,
    attended = attended - (SELECT CASE WHEN a.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END FROM attendance a
      WHERE a.session_id = OLD.id AND a.participant_id = attendance_months.participant_id),
    unexcused = unexcused - (SELECT CASE WHEN a.mark = 'absent' AND a.absence = 'unexcused' THEN 1 ELSE 0 END FROM attendance a
      WHERE a.session_id = OLD.id AND a.participant_id = attendance_months.participant_id)
  WHERE OLD.status = 'planned' AND centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id
    AND participant_id IN (SELECT participant_id FROM attendance WHERE session_id = OLD.id AND centre_id = OLD.centre_id);
  DELETE FROM attendance_months WHERE centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id AND marks = 0;
  UPDATE attendance_sessions SET sessions = sessions - 1 WHERE OLD.status = 'planned' AND centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id
    AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = OLD.id AND a.centre_id = OLD.centre_id);
  DELETE FROM attendance_sessions WHERE centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id AND sessions = 0;
END;
-- a group given another type
CREATE TRIGGER report_facts_attendance_group AFTER UPDATE OF activity_type_id ON activity_groups BEGIN
  UPDATE attendance_months SET type_id = NEW.activity_type_id WHERE centre_id = NEW.centre_id AND group_id = NEW.id;
  UPDATE attendance_sessions SET type_id = NEW.activity_type_id WHERE centre_id = NEW.centre_id AND group_id = NEW.id;
END;
-- the report reads a centre's months from the first to the last asked (the primary keys)
