-- the Attendance report leaves out a mark of a day its participant is paused
-- A mark saved for a day a pause later covers stays, and counts nowhere
-- (decision 173): its participant is paused that day (a pause of one of
-- their programme periods from its first day up to, not including, the
-- day the period resumes, or without an end: src/store/pause_sql.h). The
-- report's kept months (attendance_months) count the marks of participants
-- not paused on their session's day, and its kept sessions
-- (attendance_sessions) the planned sessions holding such a mark; the
-- views say it (the from-scratch count), the triggers' functions below
-- (migration 33's, made again) keep it at every write, and a pause recorded, resumed
-- or ended counts its participant's months again in its transaction
-- (store_report_attendance_recount(), beside the sessions' counts). The
-- rows of the groups and months that held a paused mark are counted again
-- here; the counts kept from them (migrations 42 to 62) follow by their
-- triggers.
CREATE OR REPLACE VIEW attendance_months_source AS
SELECT s.centre_id AS centre_id, substr(s.on_date, 1, 7) AS month, s.group_id AS group_id,
  a.participant_id AS participant_id, g.activity_type_id AS type_id, COUNT(*) AS marks,
  SUM(CASE WHEN a.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END) AS attended,
  SUM(CASE WHEN a.mark = 'absent' AND a.absence = 'unexcused' THEN 1 ELSE 0 END) AS unexcused
FROM activity_sessions s JOIN attendance a ON a.session_id = s.id AND a.centre_id = s.centre_id
JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
WHERE s.status = 'planned' AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= s.on_date AND (px.to_date IS NULL OR px.to_date > s.on_date))
GROUP BY s.centre_id, substr(s.on_date, 1, 7), s.group_id, a.participant_id, g.activity_type_id;
CREATE OR REPLACE VIEW attendance_sessions_source AS
SELECT s.centre_id AS centre_id, substr(s.on_date, 1, 7) AS month, s.group_id AS group_id,
  g.activity_type_id AS type_id, COUNT(*) AS sessions
FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
WHERE s.status = 'planned'
  AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.centre_id = s.centre_id
              AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= s.on_date AND (px.to_date IS NULL OR px.to_date > s.on_date)))
GROUP BY s.centre_id, substr(s.on_date, 1, 7), s.group_id, g.activity_type_id;
-- a mark of a session, added (d = 1) or taken away (-1) when its participant
-- is not paused on the session's day, and its session's month counted again
CREATE OR REPLACE FUNCTION attendance_kept_mark(c BIGINT, sid BIGINT, p BIGINT, mk TEXT, ab TEXT, d BIGINT)
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
  IF s.status = 'planned' AND t IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = p AND px.from_date <= s.on_date AND (px.to_date IS NULL OR px.to_date > s.on_date)) THEN
    PERFORM attendance_kept_add(c, substr(s.on_date, 1, 7), s.group_id, t, p, mk, ab, d);
  END IF;
END $$;
-- a session cancelled, moved to another day or group (its marks go with it,
-- each counted by whether its participant is paused on the day), or deleted
CREATE OR REPLACE FUNCTION report_facts_attendance_session() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a attendance;
  t BIGINT;
BEGIN
  IF OLD.status = 'planned' THEN
    SELECT activity_type_id INTO t FROM activity_groups WHERE id = OLD.group_id AND centre_id = OLD.centre_id;
    FOR a IN SELECT * FROM attendance x WHERE x.session_id = OLD.id AND x.centre_id = OLD.centre_id
        AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = x.participant_id AND px.from_date <= OLD.on_date AND (px.to_date IS NULL OR px.to_date > OLD.on_date)) LOOP
      PERFORM attendance_kept_add(OLD.centre_id, substr(OLD.on_date, 1, 7), OLD.group_id, t, a.participant_id,
        a.mark, a.absence, -1);
    END LOOP;
  END IF;
  PERFORM attendance_kept_sessions(OLD.centre_id, substr(OLD.on_date, 1, 7), OLD.group_id);
  IF TG_OP = 'UPDATE' THEN
    IF NEW.status = 'planned' THEN
      SELECT activity_type_id INTO t FROM activity_groups WHERE id = NEW.group_id AND centre_id = NEW.centre_id;
      FOR a IN SELECT * FROM attendance x WHERE x.session_id = NEW.id AND x.centre_id = NEW.centre_id
          AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = x.participant_id AND px.from_date <= NEW.on_date AND (px.to_date IS NULL OR px.to_date > NEW.on_date)) LOOP
        PERFORM attendance_kept_add(NEW.centre_id, substr(NEW.on_date, 1, 7), NEW.group_id, t, a.participant_id,
          a.mark, a.absence, 1);
      END LOOP;
    END IF;
    PERFORM attendance_kept_sessions(NEW.centre_id, substr(NEW.on_date, 1, 7), NEW.group_id);
  END IF;
  RETURN NULL;
END $$;
-- the rows of the participants' months and the groups' months that hold a
-- mark of a paused day, counted again as the views now count them
CREATE TEMP TABLE paused_months AS
SELECT DISTINCT s.centre_id AS centre_id, substr(s.on_date, 1, 7) AS month, s.group_id AS group_id,
  a.participant_id AS participant_id
FROM enrolment_pauses px JOIN enrolments pe ON pe.id = px.enrolment_id
JOIN group_enrolments e ON e.participant_id = pe.participant_id
JOIN activity_sessions s ON s.group_id = e.group_id AND s.centre_id = e.centre_id
  AND s.on_date >= e.starts_on AND s.on_date <= e.ends_on
  AND s.on_date >= px.from_date AND (px.to_date IS NULL OR s.on_date < px.to_date)
JOIN attendance a ON a.session_id = s.id AND a.participant_id = pe.participant_id AND a.centre_id = s.centre_id;
DELETE FROM attendance_months WHERE (centre_id, month, group_id, participant_id) IN
  (SELECT centre_id, month, group_id, participant_id FROM paused_months);
INSERT INTO attendance_months (centre_id, month, group_id, participant_id, type_id, marks, attended, unexcused)
SELECT k.centre_id, k.month, k.group_id, k.participant_id, g.activity_type_id, COUNT(*),
  SUM(CASE WHEN a.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END),
  SUM(CASE WHEN a.mark = 'absent' AND a.absence = 'unexcused' THEN 1 ELSE 0 END)
FROM paused_months k JOIN activity_groups g ON g.id = k.group_id AND g.centre_id = k.centre_id
JOIN activity_sessions s ON s.group_id = k.group_id AND s.centre_id = k.centre_id
  AND s.on_date >= k.month || '-01' AND s.on_date <= k.month || '-31'
JOIN attendance a ON a.session_id = s.id AND a.participant_id = k.participant_id AND a.centre_id = s.centre_id
WHERE s.status = 'planned' AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= s.on_date AND (px.to_date IS NULL OR px.to_date > s.on_date))
GROUP BY k.centre_id, k.month, k.group_id, k.participant_id, g.activity_type_id;
DELETE FROM attendance_sessions WHERE (centre_id, month, group_id) IN
  (SELECT centre_id, month, group_id FROM paused_months);
INSERT INTO attendance_sessions (centre_id, month, group_id, type_id, sessions)
SELECT s.centre_id, substr(s.on_date, 1, 7), s.group_id, g.activity_type_id, COUNT(*)
FROM (SELECT DISTINCT centre_id, month, group_id FROM paused_months) k
JOIN activity_groups g ON g.id = k.group_id AND g.centre_id = k.centre_id
JOIN activity_sessions s ON s.group_id = k.group_id AND s.centre_id = k.centre_id
  AND s.on_date >= k.month || '-01' AND s.on_date <= k.month || '-31'
WHERE s.status = 'planned'
  AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.centre_id = s.centre_id
              AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= s.on_date AND (px.to_date IS NULL OR px.to_date > s.on_date)))
GROUP BY s.centre_id, substr(s.on_date, 1, 7), s.group_id, g.activity_type_id;
DROP TABLE paused_months;
