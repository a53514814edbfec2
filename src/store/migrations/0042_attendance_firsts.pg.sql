-- Attendance counts each group's months, not every participant's (docs/DECISIONS.md 92.)
-- The report read the 1.9 million kept rows of attendance_months (one per
-- participant, group and month) for every request. Without a filter and
-- from the first month on (the default), every figure is a sum of rows one
-- level coarser, kept here from attendance_months by the triggers below:
-- attendance_group_months: one row per group and month: the marks, those
--   attended and those absent unexcused (the sums of its people's rows) and
--   firsts, the people whose first month in the group it is, so that the
--   people of a group up to a month are a sum (the view
--   attendance_group_months_source);
-- attendance_type_months: per type and month, the people whose first month
--   in the type (any of its groups) it is (attendance_type_months_source);
-- attendance_month_counts: per month, the people with marks of a type
--   counted (not health-only, built-in or the centre's own)
--   (attendance_month_counts_source);
-- and what keeps the people exact when a row comes or goes: each person's
-- first month in a group (attendance_group_firsts) and in a type
-- (attendance_type_firsts), and each month's people
-- (attendance_month_people), each the view of the same name + _source.
-- The triggers (PostgreSQL: one function per table, for each row) are on attendance_months itself (every writer of marks,
-- sessions and groups already keeps it), named report_facts_attendance_*
-- so that the demo's bulk load pauses them and fills the tables from the
-- views. A row added moves a first month earlier (an upsert that keeps the
-- least); a row gone makes the person's first month again from their rows
-- (the index attendance_months_person: a few rows); a row given another
-- type does both for the types.
CREATE TABLE attendance_group_months (
  centre_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  group_id BIGINT NOT NULL,
  type_id BIGINT NOT NULL,
  marks BIGINT NOT NULL,
  attended BIGINT NOT NULL,
  unexcused BIGINT NOT NULL,
  firsts BIGINT NOT NULL,
  PRIMARY KEY (centre_id, month, group_id)
);
CREATE TABLE attendance_group_firsts (
  centre_id BIGINT NOT NULL,
  group_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  PRIMARY KEY (centre_id, group_id, participant_id)
);
CREATE TABLE attendance_type_firsts (
  centre_id BIGINT NOT NULL,
  type_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  PRIMARY KEY (centre_id, type_id, participant_id)
);
CREATE TABLE attendance_type_months (
  centre_id BIGINT NOT NULL,
  type_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  firsts BIGINT NOT NULL,
  PRIMARY KEY (centre_id, type_id, month)
);
CREATE TABLE attendance_month_people (
  centre_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  participant_id BIGINT NOT NULL,
  PRIMARY KEY (centre_id, month, participant_id)
);
CREATE TABLE attendance_month_counts (
  centre_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  people BIGINT NOT NULL,
  PRIMARY KEY (centre_id, month)
);
CREATE VIEW attendance_group_firsts_source AS
SELECT centre_id, group_id, participant_id, MIN(month) AS month FROM attendance_months
GROUP BY centre_id, group_id, participant_id;
CREATE VIEW attendance_type_firsts_source AS
SELECT centre_id, type_id, participant_id, MIN(month) AS month FROM attendance_months
GROUP BY centre_id, type_id, participant_id;
CREATE VIEW attendance_month_people_source AS
SELECT DISTINCT m.centre_id AS centre_id, m.month AS month, m.participant_id AS participant_id
FROM attendance_months m JOIN activity_types t ON t.id = m.type_id
WHERE t.health_only = 0 AND (t.centre_id IS NULL OR t.centre_id = m.centre_id);
CREATE VIEW attendance_group_months_source AS
SELECT centre_id, month, group_id, type_id, CAST(SUM(marks) AS BIGINT) AS marks,
  CAST(SUM(attended) AS BIGINT) AS attended, CAST(SUM(unexcused) AS BIGINT) AS unexcused,
  CAST(SUM(CASE WHEN month = first THEN 1 ELSE 0 END) AS BIGINT) AS firsts
FROM (SELECT m.*, MIN(m.month) OVER (PARTITION BY m.centre_id, m.group_id, m.participant_id) AS first
  FROM attendance_months m) x
GROUP BY centre_id, month, group_id, type_id;
CREATE VIEW attendance_type_months_source AS
SELECT centre_id, type_id, month, COUNT(*) AS firsts FROM attendance_type_firsts_source
GROUP BY centre_id, type_id, month;
CREATE VIEW attendance_month_counts_source AS
SELECT centre_id, month, COUNT(*) AS people FROM attendance_month_people_source GROUP BY centre_id, month;
INSERT INTO attendance_group_firsts SELECT * FROM attendance_group_firsts_source;
INSERT INTO attendance_type_firsts SELECT * FROM attendance_type_firsts_source;
INSERT INTO attendance_month_people SELECT * FROM attendance_month_people_source;
INSERT INTO attendance_group_months SELECT * FROM attendance_group_months_source;
INSERT INTO attendance_type_months SELECT * FROM attendance_type_months_source;
INSERT INTO attendance_month_counts SELECT * FROM attendance_month_counts_source;
-- a person's rows: their first months made again when one goes
CREATE INDEX attendance_months_person ON attendance_months (centre_id, participant_id, type_id);
-- what can be true of a person's months in a group or type is made again from their rows
CREATE FUNCTION attendance_firsts_again(c BIGINT, g BIGINT, t BIGINT, p BIGINT, m TEXT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF g IS NOT NULL THEN
    DELETE FROM attendance_group_firsts WHERE centre_id = c AND group_id = g AND participant_id = p
      AND NOT EXISTS (SELECT 1 FROM attendance_months x WHERE x.centre_id = c AND x.participant_id = p AND x.group_id = g);
    UPDATE attendance_group_firsts SET month = (SELECT MIN(x.month) FROM attendance_months x
        WHERE x.centre_id = c AND x.participant_id = p AND x.group_id = g)
      WHERE centre_id = c AND group_id = g AND participant_id = p AND month = m;
  END IF;
  IF t IS NOT NULL THEN
    DELETE FROM attendance_type_firsts WHERE centre_id = c AND type_id = t AND participant_id = p
      AND NOT EXISTS (SELECT 1 FROM attendance_months x WHERE x.centre_id = c AND x.participant_id = p AND x.type_id = t);
    UPDATE attendance_type_firsts SET month = (SELECT MIN(x.month) FROM attendance_months x
        WHERE x.centre_id = c AND x.participant_id = p AND x.type_id = t)
      WHERE centre_id = c AND type_id = t AND participant_id = p AND month = m;
  END IF;
  DELETE FROM attendance_month_people WHERE centre_id = c AND month = m AND participant_id = p
    AND NOT EXISTS (SELECT 1 FROM attendance_months x JOIN activity_types y ON y.id = x.type_id
      WHERE x.centre_id = c AND x.participant_id = p AND x.month = m
      AND y.health_only = 0 AND (y.centre_id IS NULL OR y.centre_id = x.centre_id));
END $$;
-- a row (c, m, g, p) of type t added: the first months it may move earlier, the month's people
CREATE FUNCTION attendance_firsts_add(c BIGINT, m TEXT, g BIGINT, t BIGINT, p BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF g IS NOT NULL THEN
    INSERT INTO attendance_group_firsts VALUES (c, g, p, m) ON CONFLICT (centre_id, group_id, participant_id)
      DO UPDATE SET month = EXCLUDED.month WHERE EXCLUDED.month < attendance_group_firsts.month;
  END IF;
  INSERT INTO attendance_type_firsts VALUES (c, t, p, m) ON CONFLICT (centre_id, type_id, participant_id)
    DO UPDATE SET month = EXCLUDED.month WHERE EXCLUDED.month < attendance_type_firsts.month;
  INSERT INTO attendance_month_people SELECT c, m, p FROM activity_types y
    WHERE y.id = t AND y.health_only = 0 AND (y.centre_id IS NULL OR y.centre_id = c)
    ON CONFLICT (centre_id, month, participant_id) DO NOTHING;
END $$;
CREATE FUNCTION report_facts_attendance_firsts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO attendance_group_months VALUES (NEW.centre_id, NEW.month, NEW.group_id, NEW.type_id, NEW.marks,
      NEW.attended, NEW.unexcused, 0)
      ON CONFLICT (centre_id, month, group_id) DO UPDATE SET marks = attendance_group_months.marks + EXCLUDED.marks,
      attended = attendance_group_months.attended + EXCLUDED.attended,
      unexcused = attendance_group_months.unexcused + EXCLUDED.unexcused;
    PERFORM attendance_firsts_add(NEW.centre_id, NEW.month, NEW.group_id, NEW.type_id, NEW.participant_id);
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND (OLD.centre_id <> NEW.centre_id OR OLD.month <> NEW.month OR OLD.group_id <> NEW.group_id
      OR OLD.participant_id <> NEW.participant_id) THEN
    RAISE EXCEPTION 'attendance_months: a row''s key does not change';
  END IF;
  UPDATE attendance_group_months SET marks = marks - OLD.marks, attended = attended - OLD.attended,
    unexcused = unexcused - OLD.unexcused
    WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id;
  IF TG_OP = 'UPDATE' THEN
    UPDATE attendance_group_months SET marks = marks + NEW.marks, attended = attended + NEW.attended,
      unexcused = unexcused + NEW.unexcused, type_id = NEW.type_id
      WHERE centre_id = NEW.centre_id AND month = NEW.month AND group_id = NEW.group_id;
    IF OLD.type_id <> NEW.type_id THEN
      PERFORM attendance_firsts_again(OLD.centre_id, NULL, OLD.type_id, OLD.participant_id, OLD.month);
      PERFORM attendance_firsts_add(NEW.centre_id, NEW.month, NULL, NEW.type_id, NEW.participant_id);
    END IF;
  ELSE
    PERFORM attendance_firsts_again(OLD.centre_id, OLD.group_id, OLD.type_id, OLD.participant_id, OLD.month);
  END IF;
  DELETE FROM attendance_group_months WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id
    AND marks = 0 AND firsts = 0;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance_firsts AFTER INSERT OR UPDATE OR DELETE ON attendance_months
  FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_firsts();
-- a person's first month in a group counted in the group's month
CREATE FUNCTION report_facts_attendance_gfirst() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE attendance_group_months SET firsts = firsts - 1
      WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id;
    DELETE FROM attendance_group_months WHERE centre_id = OLD.centre_id AND month = OLD.month
      AND group_id = OLD.group_id AND marks = 0 AND firsts = 0;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE attendance_group_months SET firsts = firsts + 1
      WHERE centre_id = NEW.centre_id AND month = NEW.month AND group_id = NEW.group_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance_gfirst AFTER INSERT OR UPDATE OR DELETE ON attendance_group_firsts
  FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_gfirst();
-- a person's first month in a type counted in the type's month
CREATE FUNCTION report_facts_attendance_tfirst() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE attendance_type_months SET firsts = firsts - 1
      WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id AND month = OLD.month;
    DELETE FROM attendance_type_months WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id AND month = OLD.month
      AND firsts = 0;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO attendance_type_months VALUES (NEW.centre_id, NEW.type_id, NEW.month, 1)
      ON CONFLICT (centre_id, type_id, month) DO UPDATE SET firsts = attendance_type_months.firsts + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance_tfirst AFTER INSERT OR UPDATE OR DELETE ON attendance_type_firsts
  FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_tfirst();
-- a month's people counted
CREATE FUNCTION report_facts_attendance_mpeople() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO attendance_month_counts VALUES (NEW.centre_id, NEW.month, 1)
      ON CONFLICT (centre_id, month) DO UPDATE SET people = attendance_month_counts.people + 1;
  ELSE
    UPDATE attendance_month_counts SET people = people - 1 WHERE centre_id = OLD.centre_id AND month = OLD.month;
    DELETE FROM attendance_month_counts WHERE centre_id = OLD.centre_id AND month = OLD.month AND people = 0;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance_mpeople AFTER INSERT OR DELETE ON attendance_month_people
  FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_mpeople();
