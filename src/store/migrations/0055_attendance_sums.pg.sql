-- Attendance's groups and months summed whole, kept (docs/DECISIONS.md 113.)
-- Attendance with no filter summed every kept group's month
-- (attendance_group_months with its sessions, attendance_sessions; 111,816
-- at a million) into each group's and each month's figures: in C on
-- SQLite, by grouping sets on PostgreSQL (decision 105), 200-430 ms there.
-- attendance_group_sums keeps each group's figures over all its months
-- (by its type), attendance_month_sums each month's by type: the report
-- reads them and takes away the months after the last one asked (today's
-- month: the groups running now). Each is its view *_source (the two kept
-- tables' rows summed, from scratch), kept by triggers on those two tables
-- (named report_facts_*, so that the demo's bulk load pauses them) that
-- add the new row and take away the old one.
CREATE TABLE attendance_group_sums (
  centre_id BIGINT NOT NULL,
  group_id BIGINT NOT NULL,
  type_id BIGINT NOT NULL,
  sessions BIGINT NOT NULL,
  marks BIGINT NOT NULL,
  attended BIGINT NOT NULL,
  unexcused BIGINT NOT NULL,
  firsts BIGINT NOT NULL,
  PRIMARY KEY (centre_id, group_id, type_id)
);
CREATE VIEW attendance_group_sums_source AS
SELECT centre_id, group_id, type_id, SUM(sessions) AS sessions, SUM(marks) AS marks, SUM(attended) AS attended,
  SUM(unexcused) AS unexcused, SUM(firsts) AS firsts FROM (
  SELECT centre_id, group_id, type_id, 0 AS sessions, marks, attended, unexcused, firsts FROM attendance_group_months
  UNION ALL SELECT centre_id, group_id, type_id, sessions, 0, 0, 0, 0 FROM attendance_sessions) x
GROUP BY centre_id, group_id, type_id
HAVING SUM(sessions) <> 0 OR SUM(marks) <> 0 OR SUM(attended) <> 0 OR SUM(unexcused) <> 0 OR SUM(firsts) <> 0;
CREATE TABLE attendance_month_sums (
  centre_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  type_id BIGINT NOT NULL,
  sessions BIGINT NOT NULL,
  marks BIGINT NOT NULL,
  attended BIGINT NOT NULL,
  unexcused BIGINT NOT NULL,
  firsts BIGINT NOT NULL,
  PRIMARY KEY (centre_id, month, type_id)
);
CREATE VIEW attendance_month_sums_source AS
SELECT centre_id, month, type_id, SUM(sessions) AS sessions, SUM(marks) AS marks, SUM(attended) AS attended,
  SUM(unexcused) AS unexcused, SUM(firsts) AS firsts FROM (
  SELECT centre_id, month, type_id, 0 AS sessions, marks, attended, unexcused, firsts FROM attendance_group_months
  UNION ALL SELECT centre_id, month, type_id, sessions, 0, 0, 0, 0 FROM attendance_sessions) x
GROUP BY centre_id, month, type_id
HAVING SUM(sessions) <> 0 OR SUM(marks) <> 0 OR SUM(attended) <> 0 OR SUM(unexcused) <> 0 OR SUM(firsts) <> 0;
INSERT INTO attendance_group_sums SELECT * FROM attendance_group_sums_source;
INSERT INTO attendance_month_sums SELECT * FROM attendance_month_sums_source;
CREATE FUNCTION attendance_sums_add(c BIGINT, g BIGINT, t BIGINT, m TEXT, s BIGINT, k BIGINT, a BIGINT,
  u BIGINT, f BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO attendance_group_sums VALUES (c, g, t, s, k, a, u, f)
    ON CONFLICT (centre_id, group_id, type_id) DO UPDATE SET sessions = attendance_group_sums.sessions + EXCLUDED.sessions,
    marks = attendance_group_sums.marks + EXCLUDED.marks, attended = attendance_group_sums.attended + EXCLUDED.attended,
    unexcused = attendance_group_sums.unexcused + EXCLUDED.unexcused, firsts = attendance_group_sums.firsts + EXCLUDED.firsts;
  INSERT INTO attendance_month_sums VALUES (c, m, t, s, k, a, u, f)
    ON CONFLICT (centre_id, month, type_id) DO UPDATE SET sessions = attendance_month_sums.sessions + EXCLUDED.sessions,
    marks = attendance_month_sums.marks + EXCLUDED.marks, attended = attendance_month_sums.attended + EXCLUDED.attended,
    unexcused = attendance_month_sums.unexcused + EXCLUDED.unexcused, firsts = attendance_month_sums.firsts + EXCLUDED.firsts;
  IF NOT (s > 0 OR k > 0 OR a > 0 OR u > 0 OR f > 0) THEN
    DELETE FROM attendance_group_sums WHERE centre_id = c AND group_id = g AND type_id = t AND sessions = 0 AND marks = 0
      AND attended = 0 AND unexcused = 0 AND firsts = 0;
    DELETE FROM attendance_month_sums WHERE centre_id = c AND month = m AND type_id = t AND sessions = 0 AND marks = 0
      AND attended = 0 AND unexcused = 0 AND firsts = 0;
  END IF;
END $$;
CREATE FUNCTION report_facts_attendance_sums_group_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM attendance_sums_add(OLD.centre_id, OLD.group_id, OLD.type_id, OLD.month, 0, -OLD.marks, -OLD.attended,
      -OLD.unexcused, -OLD.firsts);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM attendance_sums_add(NEW.centre_id, NEW.group_id, NEW.type_id, NEW.month, 0, NEW.marks, NEW.attended,
      NEW.unexcused, NEW.firsts);
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION report_facts_attendance_sums_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM attendance_sums_add(OLD.centre_id, OLD.group_id, OLD.type_id, OLD.month, -OLD.sessions, 0, 0, 0, 0);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM attendance_sums_add(NEW.centre_id, NEW.group_id, NEW.type_id, NEW.month, NEW.sessions, 0, 0, 0, 0);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance_sums_group_months AFTER INSERT OR UPDATE OR DELETE ON attendance_group_months
  FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_sums_group_months();
CREATE TRIGGER report_facts_attendance_sums_sessions AFTER INSERT OR UPDATE OR DELETE ON attendance_sessions
  FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_sums_sessions();
