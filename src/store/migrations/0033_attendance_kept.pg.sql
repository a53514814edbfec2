-- Attendance counted from kept months (docs/DECISIONS.md 82.) The report
-- counted every mark of the centre (27 million at a million participants)
-- three times per request. Two tables keep the marks by month:
-- attendance_months: one row per participant, group and month ('YYYY-MM')
-- of planned sessions: the marks, those attended (present, late, left
-- early) and those absent unexcused, with the group's activity type. It is
-- the view attendance_months_source.
-- attendance_sessions: one row per group and month: the planned sessions
-- with at least one mark. It is the view attendance_sessions_source.
-- Both are kept by the triggers below in the transaction of every write:
-- a mark adds and takes itself away (an upsert, and the row deleted at 0);
-- a group's month of sessions is counted again from its view (PostgreSQL
-- fires a statement's row triggers after all its rows, so "the session's
-- first mark" cannot be told one row at a time). They catch a mark inserted, changed or deleted; a session cancelled,
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
);
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
);
CREATE VIEW attendance_sessions_source AS
SELECT s.centre_id AS centre_id, substr(s.on_date, 1, 7) AS month, s.group_id AS group_id,
  g.activity_type_id AS type_id, COUNT(*) AS sessions
FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
WHERE s.status = 'planned'
  AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.centre_id = s.centre_id)
GROUP BY s.centre_id, substr(s.on_date, 1, 7), s.group_id, g.activity_type_id;
INSERT INTO attendance_months SELECT * FROM attendance_months_source;
INSERT INTO attendance_sessions SELECT * FROM attendance_sessions_source;
-- one mark (d = 1) or its removal (d = -1) in a participant's month of a group
CREATE FUNCTION attendance_kept_add(c BIGINT, m TEXT, g BIGINT, t BIGINT, p BIGINT, mk TEXT, ab TEXT, d BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO attendance_months VALUES (c, m, g, p, t, d,
    d * CASE WHEN mk IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END,
    d * CASE WHEN mk = 'absent' AND ab IS NOT DISTINCT FROM 'unexcused' THEN 1 ELSE 0 END)
    ON CONFLICT (centre_id, month, group_id, participant_id) DO UPDATE SET
    marks = attendance_months.marks + EXCLUDED.marks, attended = attendance_months.attended + EXCLUDED.attended,
    unexcused = attendance_months.unexcused + EXCLUDED.unexcused;
  IF d < 0 THEN
    DELETE FROM attendance_months WHERE centre_id = c AND month = m AND group_id = g AND participant_id = p
      AND marks = 0;
  END IF;
END $$;
-- a group's month of sessions counted again
CREATE FUNCTION attendance_kept_sessions(c BIGINT, m TEXT, g BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM attendance_sessions WHERE centre_id = c AND month = m AND group_id = g;
  INSERT INTO attendance_sessions SELECT * FROM attendance_sessions_source
    WHERE centre_id = c AND month = m AND group_id = g;
END $$;
-- a mark of a session, added (d = 1) or taken away (-1), and its session's month counted again
CREATE FUNCTION attendance_kept_mark(c BIGINT, sid BIGINT, p BIGINT, mk TEXT, ab TEXT, d BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  s activity_sessions;
  t BIGINT;
BEGIN
  SELECT * INTO s FROM activity_sessions WHERE id = sid AND centre_id = c;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  PERFORM attendance_kept_sessions(c, substr(s.on_date, 1, 7), s.group_id);
  SELECT activity_type_id INTO t FROM activity_groups WHERE id = s.group_id AND centre_id = c;
  IF s.status = 'planned' AND t IS NOT NULL THEN
    PERFORM attendance_kept_add(c, substr(s.on_date, 1, 7), s.group_id, t, p, mk, ab, d);
  END IF;
END $$;
CREATE FUNCTION report_facts_attendance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM attendance_kept_mark(OLD.centre_id, OLD.session_id, OLD.participant_id, OLD.mark, OLD.absence, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM attendance_kept_mark(NEW.centre_id, NEW.session_id, NEW.participant_id, NEW.mark, NEW.absence, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance AFTER INSERT OR UPDATE OR DELETE ON attendance
  FOR EACH ROW EXECUTE FUNCTION report_facts_attendance();
-- a session cancelled, moved to another day or group (its marks go with it), or deleted
CREATE FUNCTION report_facts_attendance_session() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a attendance;
  t BIGINT;
BEGIN
  IF OLD.status = 'planned' THEN
    SELECT activity_type_id INTO t FROM activity_groups WHERE id = OLD.group_id AND centre_id = OLD.centre_id;
    FOR a IN SELECT * FROM attendance WHERE session_id = OLD.id AND centre_id = OLD.centre_id LOOP
      PERFORM attendance_kept_add(OLD.centre_id, substr(OLD.on_date, 1, 7), OLD.group_id, t, a.participant_id,
        a.mark, a.absence, -1);
    END LOOP;
  END IF;
  PERFORM attendance_kept_sessions(OLD.centre_id, substr(OLD.on_date, 1, 7), OLD.group_id);
  IF TG_OP = 'UPDATE' THEN
    IF NEW.status = 'planned' THEN
      SELECT activity_type_id INTO t FROM activity_groups WHERE id = NEW.group_id AND centre_id = NEW.centre_id;
      FOR a IN SELECT * FROM attendance WHERE session_id = NEW.id AND centre_id = NEW.centre_id LOOP
        PERFORM attendance_kept_add(NEW.centre_id, substr(NEW.on_date, 1, 7), NEW.group_id, t, a.participant_id,
          a.mark, a.absence, 1);
      END LOOP;
    END IF;
    PERFORM attendance_kept_sessions(NEW.centre_id, substr(NEW.on_date, 1, 7), NEW.group_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance_session AFTER UPDATE OF status, on_date, group_id, centre_id
  ON activity_sessions FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_session();
CREATE TRIGGER report_facts_attendance_session_del AFTER DELETE ON activity_sessions
  FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_session();
-- a group given another type
CREATE FUNCTION report_facts_attendance_group() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE attendance_months SET type_id = NEW.activity_type_id WHERE centre_id = NEW.centre_id AND group_id = NEW.id;
  UPDATE attendance_sessions SET type_id = NEW.activity_type_id WHERE centre_id = NEW.centre_id AND group_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance_group AFTER UPDATE OF activity_type_id ON activity_groups
  FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_group();
