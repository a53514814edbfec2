-- the Attendance report leaves out a mark of a day its participant is paused
-- A mark saved for a day a pause later covers stays, and counts nowhere
-- (decision 173): its participant is paused that day (a pause of one of
-- their programme periods from its first day up to, not including, the
-- day the period resumes, or without an end: src/store/pause_sql.h). The
-- report's kept months (attendance_months) count the marks of participants
-- not paused on their session's day, and its kept sessions
-- (attendance_sessions) the planned sessions holding such a mark; the
-- views say it (the from-scratch count), the triggers below (migration
-- 33's, made again) keep it at every write, and a pause recorded, resumed
-- or ended counts its participant's months again in its transaction
-- (store_report_attendance_recount(), beside the sessions' counts). The
-- rows of the groups and months that held a paused mark are counted again
-- here; the counts kept from them (migrations 42 to 62) follow by their
-- triggers.
DROP VIEW attendance_months_source;
CREATE VIEW attendance_months_source AS
SELECT s.centre_id AS centre_id, substr(s.on_date, 1, 7) AS month, s.group_id AS group_id,
  a.participant_id AS participant_id, g.activity_type_id AS type_id, COUNT(*) AS marks,
  SUM(CASE WHEN a.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END) AS attended,
  SUM(CASE WHEN a.mark = 'absent' AND a.absence = 'unexcused' THEN 1 ELSE 0 END) AS unexcused
FROM activity_sessions s JOIN attendance a ON a.session_id = s.id AND a.centre_id = s.centre_id
JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
WHERE s.status = 'planned' AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= s.on_date AND (px.to_date IS NULL OR px.to_date > s.on_date))
GROUP BY s.centre_id, substr(s.on_date, 1, 7), s.group_id, a.participant_id, g.activity_type_id;
DROP VIEW attendance_sessions_source;
CREATE VIEW attendance_sessions_source AS
SELECT s.centre_id AS centre_id, substr(s.on_date, 1, 7) AS month, s.group_id AS group_id,
  g.activity_type_id AS type_id, COUNT(*) AS sessions
FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
WHERE s.status = 'planned'
  AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.centre_id = s.centre_id
              AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= s.on_date AND (px.to_date IS NULL OR px.to_date > s.on_date)))
GROUP BY s.centre_id, substr(s.on_date, 1, 7), s.group_id, g.activity_type_id;
DROP TRIGGER report_facts_attendance_ins;
DROP TRIGGER report_facts_attendance_del;
DROP TRIGGER report_facts_attendance_upd;
DROP TRIGGER report_facts_attendance_move;
DROP TRIGGER report_facts_attendance_session;
DROP TRIGGER report_facts_attendance_session_del;
-- a mark of a participant not paused that day: added to their month of the
-- session's group, and the session counted when it is its first such mark
-- (taken away: the last)
CREATE TRIGGER report_facts_attendance_ins AFTER INSERT ON attendance BEGIN
  INSERT INTO attendance_months (centre_id, month, group_id, participant_id, type_id, marks, attended, unexcused)
  SELECT s.centre_id, substr(s.on_date, 1, 7), s.group_id, NEW.participant_id, g.activity_type_id, 1,
    CASE WHEN NEW.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END, CASE WHEN NEW.mark = 'absent' AND NEW.absence = 'unexcused' THEN 1 ELSE 0 END
  FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
  WHERE s.id = NEW.session_id AND s.centre_id = NEW.centre_id AND s.status = 'planned'
    AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = NEW.participant_id AND px.from_date <= s.on_date AND (px.to_date IS NULL OR px.to_date > s.on_date))
  ON CONFLICT (centre_id, month, group_id, participant_id) DO UPDATE SET marks = marks + 1,
    attended = attended + excluded.attended, unexcused = unexcused + excluded.unexcused;
  INSERT INTO attendance_sessions (centre_id, month, group_id, type_id, sessions)
  SELECT s.centre_id, substr(s.on_date, 1, 7), s.group_id, g.activity_type_id, 1
  FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
  WHERE s.id = NEW.session_id AND s.centre_id = NEW.centre_id AND s.status = 'planned'
    AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = NEW.participant_id AND px.from_date <= s.on_date AND (px.to_date IS NULL OR px.to_date > s.on_date))
    AND (SELECT COUNT(*) FROM attendance a WHERE a.session_id = NEW.session_id AND a.centre_id = NEW.centre_id
         AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= s.on_date AND (px.to_date IS NULL OR px.to_date > s.on_date))) = 1
  ON CONFLICT (centre_id, month, group_id) DO UPDATE SET sessions = sessions + 1;
END;
CREATE TRIGGER report_facts_attendance_del AFTER DELETE ON attendance BEGIN
  UPDATE attendance_months SET marks = marks - 1, attended = attended - (CASE WHEN OLD.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END),
    unexcused = unexcused - (CASE WHEN OLD.mark = 'absent' AND OLD.absence = 'unexcused' THEN 1 ELSE 0 END)
  WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned') AND participant_id = OLD.participant_id
    AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = OLD.participant_id AND px.from_date <= (SELECT on_date FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id) AND (px.to_date IS NULL OR px.to_date > (SELECT on_date FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id)));
  DELETE FROM attendance_months WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned') AND participant_id = OLD.participant_id AND marks = 0;
  UPDATE attendance_sessions SET sessions = sessions - 1 WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = OLD.participant_id AND px.from_date <= (SELECT on_date FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id) AND (px.to_date IS NULL OR px.to_date > (SELECT on_date FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id)))
    AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = OLD.session_id AND a.centre_id = OLD.centre_id
                    AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= (SELECT on_date FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id) AND (px.to_date IS NULL OR px.to_date > (SELECT on_date FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id))));
  DELETE FROM attendance_sessions WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned') AND sessions = 0;
END;
CREATE TRIGGER report_facts_attendance_upd AFTER UPDATE ON attendance BEGIN
  UPDATE attendance_months SET marks = marks - 1, attended = attended - (CASE WHEN OLD.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END),
    unexcused = unexcused - (CASE WHEN OLD.mark = 'absent' AND OLD.absence = 'unexcused' THEN 1 ELSE 0 END)
  WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned') AND participant_id = OLD.participant_id
    AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = OLD.participant_id AND px.from_date <= (SELECT on_date FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id) AND (px.to_date IS NULL OR px.to_date > (SELECT on_date FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id)));
  DELETE FROM attendance_months WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned') AND participant_id = OLD.participant_id AND marks = 0;
  INSERT INTO attendance_months (centre_id, month, group_id, participant_id, type_id, marks, attended, unexcused)
  SELECT s.centre_id, substr(s.on_date, 1, 7), s.group_id, NEW.participant_id, g.activity_type_id, 1,
    CASE WHEN NEW.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END, CASE WHEN NEW.mark = 'absent' AND NEW.absence = 'unexcused' THEN 1 ELSE 0 END
  FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
  WHERE s.id = NEW.session_id AND s.centre_id = NEW.centre_id AND s.status = 'planned'
    AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = NEW.participant_id AND px.from_date <= s.on_date AND (px.to_date IS NULL OR px.to_date > s.on_date))
  ON CONFLICT (centre_id, month, group_id, participant_id) DO UPDATE SET marks = marks + 1,
    attended = attended + excluded.attended, unexcused = unexcused + excluded.unexcused;
END;
-- a mark moved to another session (a repair): the sessions counted too
CREATE TRIGGER report_facts_attendance_move AFTER UPDATE OF session_id, centre_id ON attendance
WHEN OLD.session_id <> NEW.session_id OR OLD.centre_id <> NEW.centre_id BEGIN
  UPDATE attendance_sessions SET sessions = sessions - 1 WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = OLD.participant_id AND px.from_date <= (SELECT on_date FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id) AND (px.to_date IS NULL OR px.to_date > (SELECT on_date FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id)))
    AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = OLD.session_id AND a.centre_id = OLD.centre_id
                    AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= (SELECT on_date FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id) AND (px.to_date IS NULL OR px.to_date > (SELECT on_date FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id))));
  DELETE FROM attendance_sessions WHERE centre_id = OLD.centre_id AND month = (SELECT substr(on_date, 1, 7) FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned')
    AND group_id = (SELECT group_id FROM activity_sessions WHERE id = OLD.session_id AND centre_id = OLD.centre_id AND status = 'planned') AND sessions = 0;
  INSERT INTO attendance_sessions (centre_id, month, group_id, type_id, sessions)
  SELECT s.centre_id, substr(s.on_date, 1, 7), s.group_id, g.activity_type_id, 1
  FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id
  WHERE s.id = NEW.session_id AND s.centre_id = NEW.centre_id AND s.status = 'planned'
    AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = NEW.participant_id AND px.from_date <= s.on_date AND (px.to_date IS NULL OR px.to_date > s.on_date))
    AND (SELECT COUNT(*) FROM attendance a WHERE a.session_id = NEW.session_id AND a.centre_id = NEW.centre_id
         AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= s.on_date AND (px.to_date IS NULL OR px.to_date > s.on_date))) = 1
  ON CONFLICT (centre_id, month, group_id) DO UPDATE SET sessions = sessions + 1;
END;
-- a session cancelled, moved to another day or group (its marks go with it,
-- each counted by whether its participant is paused on the day), or deleted
CREATE TRIGGER report_facts_attendance_session AFTER UPDATE OF status, on_date, group_id, centre_id
ON activity_sessions BEGIN
  UPDATE attendance_months SET marks = marks - 1,
    attended = attended - (SELECT CASE WHEN a.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END FROM attendance a
      WHERE a.session_id = OLD.id AND a.participant_id = attendance_months.participant_id),
    unexcused = unexcused - (SELECT CASE WHEN a.mark = 'absent' AND a.absence = 'unexcused' THEN 1 ELSE 0 END FROM attendance a
      WHERE a.session_id = OLD.id AND a.participant_id = attendance_months.participant_id)
  WHERE OLD.status = 'planned' AND centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id
    AND participant_id IN (SELECT x.participant_id FROM attendance x WHERE x.session_id = OLD.id AND x.centre_id = OLD.centre_id
                           AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = x.participant_id AND px.from_date <= OLD.on_date AND (px.to_date IS NULL OR px.to_date > OLD.on_date)));
  DELETE FROM attendance_months WHERE centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id AND marks = 0;
  UPDATE attendance_sessions SET sessions = sessions - 1 WHERE OLD.status = 'planned' AND centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id
    AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = OLD.id AND a.centre_id = OLD.centre_id
                AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= OLD.on_date AND (px.to_date IS NULL OR px.to_date > OLD.on_date)));
  DELETE FROM attendance_sessions WHERE centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id AND sessions = 0;
  INSERT INTO attendance_months (centre_id, month, group_id, participant_id, type_id, marks, attended, unexcused)
  SELECT NEW.centre_id, substr(NEW.on_date, 1, 7), NEW.group_id, a.participant_id, g.activity_type_id, 1,
    CASE WHEN a.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END, CASE WHEN a.mark = 'absent' AND a.absence = 'unexcused' THEN 1 ELSE 0 END
  FROM attendance a JOIN activity_groups g ON g.id = NEW.group_id AND g.centre_id = NEW.centre_id
  WHERE a.session_id = NEW.id AND a.centre_id = NEW.centre_id AND NEW.status = 'planned'
    AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= NEW.on_date AND (px.to_date IS NULL OR px.to_date > NEW.on_date))
  ON CONFLICT (centre_id, month, group_id, participant_id) DO UPDATE SET marks = marks + 1,
    attended = attended + excluded.attended, unexcused = unexcused + excluded.unexcused;
  INSERT INTO attendance_sessions (centre_id, month, group_id, type_id, sessions)
  SELECT NEW.centre_id, substr(NEW.on_date, 1, 7), NEW.group_id, g.activity_type_id, 1
  FROM activity_groups g WHERE g.id = NEW.group_id AND g.centre_id = NEW.centre_id AND NEW.status = 'planned'
    AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = NEW.id AND a.centre_id = NEW.centre_id
                AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= NEW.on_date AND (px.to_date IS NULL OR px.to_date > NEW.on_date)))
  ON CONFLICT (centre_id, month, group_id) DO UPDATE SET sessions = sessions + 1;
END;
CREATE TRIGGER report_facts_attendance_session_del AFTER DELETE ON activity_sessions BEGIN
  UPDATE attendance_months SET marks = marks - 1,
    attended = attended - (SELECT CASE WHEN a.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END FROM attendance a
      WHERE a.session_id = OLD.id AND a.participant_id = attendance_months.participant_id),
    unexcused = unexcused - (SELECT CASE WHEN a.mark = 'absent' AND a.absence = 'unexcused' THEN 1 ELSE 0 END FROM attendance a
      WHERE a.session_id = OLD.id AND a.participant_id = attendance_months.participant_id)
  WHERE OLD.status = 'planned' AND centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id
    AND participant_id IN (SELECT x.participant_id FROM attendance x WHERE x.session_id = OLD.id AND x.centre_id = OLD.centre_id
                           AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = x.participant_id AND px.from_date <= OLD.on_date AND (px.to_date IS NULL OR px.to_date > OLD.on_date)));
  DELETE FROM attendance_months WHERE centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id AND marks = 0;
  UPDATE attendance_sessions SET sessions = sessions - 1 WHERE OLD.status = 'planned' AND centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id
    AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = OLD.id AND a.centre_id = OLD.centre_id
                AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id WHERE pe.participant_id = a.participant_id AND px.from_date <= OLD.on_date AND (px.to_date IS NULL OR px.to_date > OLD.on_date)));
  DELETE FROM attendance_sessions WHERE centre_id = OLD.centre_id AND month = substr(OLD.on_date, 1, 7) AND group_id = OLD.group_id AND sessions = 0;
END;
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
