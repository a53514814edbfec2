-- Attendance counts each group's months by the filters' class too (docs/DECISIONS.md 96.)
-- Under a filter a month counts for the period of its month (the latest
-- started by the month's end, decision 82). Most participants have one
-- period in a centre (every one at a million): their months from the
-- period's start month on count for that period's class (its gender,
-- start year and exit year), the months before it for none. So the counts
-- of migration 42 are kept once more, keyed by the class, for them:
-- attendance_people: each participant's periods in the centre (how many)
--   and, for one, its class and start month (from report_facts);
-- attendance_class_gfirsts, attendance_class_tfirsts: a person of one
--   period's first month counted in a group, in a type (from the start
--   month on);
-- attendance_class_groups: per class, month and group, the sums of the
--   rows counted and the people first counted there (firsts);
-- attendance_class_types: per class, type and month, the firsts;
-- attendance_class_months: per class and month, the people (from
--   attendance_month_people, migration 42).
-- People of two periods or more are kept apart: the report reads their
-- rows one by one (a few). Each table is the view of the same name with
-- _source; the triggers report_facts_attendance_class_* keep them in the
-- writers' transactions (the demo's bulk load pauses them and fills the
-- tables from the views). A period written (report_facts) makes its
-- person's attendance_people row again when it differs; a person's row
-- added or taken away adds or takes away their rows' counts (a few rows,
-- by attendance_months_person).
CREATE TABLE attendance_people (
  centre_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  periods BIGINT NOT NULL,
  gender TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  exit_year BIGINT NOT NULL,
  start_month TEXT NOT NULL,
  PRIMARY KEY (centre_id, participant_id)
);
CREATE TABLE attendance_class_gfirsts (
  centre_id BIGINT NOT NULL,
  group_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  PRIMARY KEY (centre_id, group_id, participant_id)
);
CREATE TABLE attendance_class_tfirsts (
  centre_id BIGINT NOT NULL,
  type_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  PRIMARY KEY (centre_id, type_id, participant_id)
);
CREATE TABLE attendance_class_groups (
  centre_id BIGINT NOT NULL,
  gender TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  exit_year BIGINT NOT NULL,
  month TEXT NOT NULL,
  group_id BIGINT NOT NULL,
  type_id BIGINT NOT NULL,
  marks BIGINT NOT NULL,
  attended BIGINT NOT NULL,
  unexcused BIGINT NOT NULL,
  firsts BIGINT NOT NULL,
  PRIMARY KEY (centre_id, gender, start_year, exit_year, month, group_id)
);
CREATE TABLE attendance_class_types (
  centre_id BIGINT NOT NULL,
  gender TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  exit_year BIGINT NOT NULL,
  type_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  firsts BIGINT NOT NULL,
  PRIMARY KEY (centre_id, gender, start_year, exit_year, type_id, month)
);
CREATE TABLE attendance_class_months (
  centre_id BIGINT NOT NULL,
  gender TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  exit_year BIGINT NOT NULL,
  month TEXT NOT NULL,
  people BIGINT NOT NULL,
  PRIMARY KEY (centre_id, gender, start_year, exit_year, month)
);
-- the people of two periods or more, read apart
CREATE INDEX attendance_people_apart ON attendance_people (centre_id, periods);
CREATE VIEW attendance_people_source AS
SELECT centre_id, participant_id, CAST(COUNT(*) AS BIGINT) AS periods, MIN(gender) AS gender, MIN(start_year) AS start_year,
  MIN(exit_year) AS exit_year, MIN(substr(start_date, 1, 7)) AS start_month
FROM report_facts GROUP BY centre_id, participant_id;
-- the rows counted by class: a person of one period's from its start month
CREATE VIEW attendance_class_rows AS
SELECT m.centre_id AS centre_id, p.gender AS gender, p.start_year AS start_year, p.exit_year AS exit_year,
  m.month AS month, m.group_id AS group_id, m.type_id AS type_id, m.participant_id AS participant_id,
  m.marks AS marks, m.attended AS attended, m.unexcused AS unexcused
FROM attendance_months m JOIN attendance_people_source p ON p.centre_id = m.centre_id
  AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month;
CREATE VIEW attendance_class_gfirsts_source AS
SELECT centre_id, group_id, participant_id, MIN(month) AS month FROM attendance_class_rows
GROUP BY centre_id, group_id, participant_id;
CREATE VIEW attendance_class_tfirsts_source AS
SELECT centre_id, type_id, participant_id, MIN(month) AS month FROM attendance_class_rows
GROUP BY centre_id, type_id, participant_id;
CREATE VIEW attendance_class_groups_source AS
SELECT centre_id, gender, start_year, exit_year, month, group_id, type_id, CAST(SUM(marks) AS BIGINT) AS marks,
  CAST(SUM(attended) AS BIGINT) AS attended, CAST(SUM(unexcused) AS BIGINT) AS unexcused,
  CAST(SUM(CASE WHEN month = first THEN 1 ELSE 0 END) AS BIGINT) AS firsts
FROM (SELECT r.*, MIN(r.month) OVER (PARTITION BY r.centre_id, r.group_id, r.participant_id) AS first
  FROM attendance_class_rows r) x
GROUP BY centre_id, gender, start_year, exit_year, month, group_id, type_id;
CREATE VIEW attendance_class_types_source AS
SELECT f.centre_id AS centre_id, p.gender AS gender, p.start_year AS start_year, p.exit_year AS exit_year,
  f.type_id AS type_id, f.month AS month, COUNT(*) AS firsts
FROM attendance_class_tfirsts_source f JOIN attendance_people_source p ON p.centre_id = f.centre_id
  AND p.participant_id = f.participant_id
GROUP BY f.centre_id, p.gender, p.start_year, p.exit_year, f.type_id, f.month;
CREATE VIEW attendance_class_months_source AS
SELECT m.centre_id AS centre_id, p.gender AS gender, p.start_year AS start_year, p.exit_year AS exit_year,
  m.month AS month, CAST(COUNT(*) AS BIGINT) AS people
FROM attendance_month_people_source m JOIN attendance_people_source p ON p.centre_id = m.centre_id
  AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month
GROUP BY m.centre_id, p.gender, p.start_year, p.exit_year, m.month;
-- filled from the kept tables (each equal to its view)
INSERT INTO attendance_people SELECT * FROM attendance_people_source;
INSERT INTO attendance_class_gfirsts SELECT m.centre_id, m.group_id, m.participant_id, MIN(m.month)
  FROM attendance_months m JOIN attendance_people p ON p.centre_id = m.centre_id
  AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month
  GROUP BY m.centre_id, m.group_id, m.participant_id;
INSERT INTO attendance_class_tfirsts SELECT m.centre_id, m.type_id, m.participant_id, MIN(m.month)
  FROM attendance_months m JOIN attendance_people p ON p.centre_id = m.centre_id
  AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month
  GROUP BY m.centre_id, m.type_id, m.participant_id;
INSERT INTO attendance_class_groups SELECT m.centre_id, p.gender, p.start_year, p.exit_year, m.month, m.group_id,
  m.type_id, SUM(m.marks), SUM(m.attended), SUM(m.unexcused),
  SUM(CASE WHEN f.month = m.month THEN 1 ELSE 0 END)
  FROM attendance_months m JOIN attendance_people p ON p.centre_id = m.centre_id
  AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month
  JOIN attendance_class_gfirsts f ON f.centre_id = m.centre_id AND f.group_id = m.group_id
  AND f.participant_id = m.participant_id
  GROUP BY m.centre_id, p.gender, p.start_year, p.exit_year, m.month, m.group_id, m.type_id;
INSERT INTO attendance_class_types SELECT f.centre_id, p.gender, p.start_year, p.exit_year, f.type_id, f.month, COUNT(*)
  FROM attendance_class_tfirsts f JOIN attendance_people p ON p.centre_id = f.centre_id
  AND p.participant_id = f.participant_id
  GROUP BY f.centre_id, p.gender, p.start_year, p.exit_year, f.type_id, f.month;
INSERT INTO attendance_class_months SELECT m.centre_id, p.gender, p.start_year, p.exit_year, m.month, COUNT(*)
  FROM attendance_month_people m JOIN attendance_people p ON p.centre_id = m.centre_id
  AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month
  GROUP BY m.centre_id, p.gender, p.start_year, p.exit_year, m.month;
-- a period written: its person's row made again when it differs
CREATE FUNCTION attendance_people_again(c BIGINT, p BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM attendance_people a WHERE a.centre_id = c AND a.participant_id = p
    AND NOT EXISTS (SELECT 1 FROM (SELECT COUNT(*) AS periods, MIN(gender) AS gender, MIN(start_year) AS start_year,
      MIN(exit_year) AS exit_year, MIN(substr(start_date, 1, 7)) AS start_month FROM report_facts
      WHERE participant_id = p AND centre_id = c) s WHERE s.periods = a.periods AND s.gender = a.gender
      AND s.start_year = a.start_year AND s.exit_year = a.exit_year AND s.start_month = a.start_month);
  INSERT INTO attendance_people SELECT centre_id, participant_id, COUNT(*), MIN(gender), MIN(start_year),
    MIN(exit_year), MIN(substr(start_date, 1, 7)) FROM report_facts
    WHERE participant_id = p AND centre_id = c GROUP BY centre_id, participant_id
    ON CONFLICT (centre_id, participant_id) DO NOTHING;
END $$;
CREATE FUNCTION report_facts_attendance_class_periods() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM attendance_people_again(OLD.centre_id, OLD.participant_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM attendance_people_again(NEW.centre_id, NEW.participant_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance_class_periods AFTER INSERT OR DELETE
  OR UPDATE OF centre_id, participant_id, start_date, gender, start_year, exit_year ON report_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_class_periods();
-- a person of one period added: their rows from the start month counted in
-- the class; taken away: their counts taken away (the firsts by the old
-- class: the first months' own triggers find no class now)
CREATE FUNCTION report_facts_attendance_class_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.periods <> 1 THEN
      RETURN NULL;
    END IF;
    INSERT INTO attendance_class_groups SELECT m.centre_id, NEW.gender, NEW.start_year, NEW.exit_year, m.month,
      m.group_id, m.type_id, m.marks, m.attended, m.unexcused, 0 FROM attendance_months m
      WHERE m.centre_id = NEW.centre_id AND m.participant_id = NEW.participant_id AND m.month >= NEW.start_month
      ON CONFLICT (centre_id, gender, start_year, exit_year, month, group_id) DO UPDATE
      SET marks = attendance_class_groups.marks + EXCLUDED.marks,
      attended = attendance_class_groups.attended + EXCLUDED.attended,
      unexcused = attendance_class_groups.unexcused + EXCLUDED.unexcused;
    INSERT INTO attendance_class_gfirsts SELECT m.centre_id, m.group_id, m.participant_id, MIN(m.month)
      FROM attendance_months m
      WHERE m.centre_id = NEW.centre_id AND m.participant_id = NEW.participant_id AND m.month >= NEW.start_month
      GROUP BY m.centre_id, m.group_id, m.participant_id;
    INSERT INTO attendance_class_tfirsts SELECT m.centre_id, m.type_id, m.participant_id, MIN(m.month)
      FROM attendance_months m
      WHERE m.centre_id = NEW.centre_id AND m.participant_id = NEW.participant_id AND m.month >= NEW.start_month
      GROUP BY m.centre_id, m.type_id, m.participant_id;
    INSERT INTO attendance_class_months SELECT m.centre_id, NEW.gender, NEW.start_year, NEW.exit_year, m.month, 1
      FROM attendance_months m JOIN activity_types t ON t.id = m.type_id
      WHERE m.centre_id = NEW.centre_id AND m.participant_id = NEW.participant_id AND m.month >= NEW.start_month
      AND t.health_only = 0 AND (t.centre_id IS NULL OR t.centre_id = m.centre_id)
      GROUP BY m.centre_id, m.month
      ON CONFLICT (centre_id, gender, start_year, exit_year, month) DO UPDATE
      SET people = attendance_class_months.people + 1;
    RETURN NULL;
  END IF;
  IF OLD.periods <> 1 THEN
    RETURN NULL;
  END IF;
  INSERT INTO attendance_class_groups SELECT m.centre_id, OLD.gender, OLD.start_year, OLD.exit_year, m.month,
    m.group_id, m.type_id, -m.marks, -m.attended, -m.unexcused, CASE WHEN f.month = m.month THEN -1 ELSE 0 END
    FROM attendance_months m JOIN attendance_class_gfirsts f
    ON f.centre_id = m.centre_id AND f.group_id = m.group_id AND f.participant_id = m.participant_id
    WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id AND m.month >= OLD.start_month
    ON CONFLICT (centre_id, gender, start_year, exit_year, month, group_id) DO UPDATE
    SET marks = attendance_class_groups.marks + EXCLUDED.marks,
    attended = attendance_class_groups.attended + EXCLUDED.attended,
    unexcused = attendance_class_groups.unexcused + EXCLUDED.unexcused,
    firsts = attendance_class_groups.firsts + EXCLUDED.firsts;
  DELETE FROM attendance_class_groups g USING attendance_months m
    WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id AND m.month >= OLD.start_month
    AND g.centre_id = OLD.centre_id AND g.gender = OLD.gender AND g.start_year = OLD.start_year
    AND g.exit_year = OLD.exit_year AND g.month = m.month AND g.group_id = m.group_id
    AND g.marks = 0 AND g.firsts = 0;
  INSERT INTO attendance_class_types SELECT f.centre_id, OLD.gender, OLD.start_year, OLD.exit_year, f.type_id,
    f.month, -1 FROM attendance_class_tfirsts f
    WHERE f.centre_id = OLD.centre_id AND f.participant_id = OLD.participant_id
    AND f.type_id IN (SELECT m.type_id FROM attendance_months m
      WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id)
    ON CONFLICT (centre_id, gender, start_year, exit_year, type_id, month) DO UPDATE
    SET firsts = attendance_class_types.firsts + EXCLUDED.firsts;
  DELETE FROM attendance_class_types WHERE centre_id = OLD.centre_id AND gender = OLD.gender
    AND start_year = OLD.start_year AND exit_year = OLD.exit_year AND firsts = 0;
  DELETE FROM attendance_class_gfirsts WHERE centre_id = OLD.centre_id AND participant_id = OLD.participant_id
    AND group_id IN (SELECT m.group_id FROM attendance_months m
      WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id);
  DELETE FROM attendance_class_tfirsts WHERE centre_id = OLD.centre_id AND participant_id = OLD.participant_id
    AND type_id IN (SELECT m.type_id FROM attendance_months m
      WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id);
  INSERT INTO attendance_class_months SELECT m.centre_id, OLD.gender, OLD.start_year, OLD.exit_year, m.month, -1
    FROM attendance_months m JOIN activity_types t ON t.id = m.type_id
    WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id AND m.month >= OLD.start_month
    AND t.health_only = 0 AND (t.centre_id IS NULL OR t.centre_id = m.centre_id)
    GROUP BY m.centre_id, m.month
    ON CONFLICT (centre_id, gender, start_year, exit_year, month) DO UPDATE
    SET people = attendance_class_months.people - 1;
  DELETE FROM attendance_class_months WHERE centre_id = OLD.centre_id AND gender = OLD.gender
    AND start_year = OLD.start_year AND exit_year = OLD.exit_year AND people = 0;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance_class_people AFTER INSERT OR DELETE ON attendance_people
  FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_class_people();
-- what can be true of a person's first months in a group or type is made again from their rows
CREATE FUNCTION attendance_class_firsts_again(c BIGINT, g BIGINT, t BIGINT, p BIGINT, m TEXT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF g IS NOT NULL THEN
    DELETE FROM attendance_class_gfirsts WHERE centre_id = c AND group_id = g AND participant_id = p
      AND NOT EXISTS (SELECT 1 FROM attendance_months x JOIN attendance_people y
        ON y.centre_id = x.centre_id AND y.participant_id = x.participant_id
        WHERE x.centre_id = c AND x.participant_id = p AND x.group_id = g AND x.month >= y.start_month);
    UPDATE attendance_class_gfirsts SET month = (SELECT MIN(x.month) FROM attendance_months x JOIN attendance_people y
        ON y.centre_id = x.centre_id AND y.participant_id = x.participant_id
        WHERE x.centre_id = c AND x.participant_id = p AND x.group_id = g AND x.month >= y.start_month)
      WHERE centre_id = c AND group_id = g AND participant_id = p AND month = m;
  END IF;
  DELETE FROM attendance_class_tfirsts WHERE centre_id = c AND type_id = t AND participant_id = p
    AND NOT EXISTS (SELECT 1 FROM attendance_months x JOIN attendance_people y
      ON y.centre_id = x.centre_id AND y.participant_id = x.participant_id
      WHERE x.centre_id = c AND x.participant_id = p AND x.type_id = t AND x.month >= y.start_month);
  UPDATE attendance_class_tfirsts SET month = (SELECT MIN(x.month) FROM attendance_months x JOIN attendance_people y
      ON y.centre_id = x.centre_id AND y.participant_id = x.participant_id
      WHERE x.centre_id = c AND x.participant_id = p AND x.type_id = t AND x.month >= y.start_month)
    WHERE centre_id = c AND type_id = t AND participant_id = p AND month = m;
END $$;
-- a row of a person of one period, from its start month: its class's sums and first months
CREATE FUNCTION report_facts_attendance_class_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k attendance_people%ROWTYPE;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.marks = OLD.marks AND NEW.attended = OLD.attended AND NEW.unexcused = OLD.unexcused
      AND NEW.type_id = OLD.type_id THEN
    RETURN NULL;   -- a register saved again with the same marks
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT * INTO k FROM attendance_people WHERE centre_id = NEW.centre_id AND participant_id = NEW.participant_id
      AND periods = 1 AND start_month <= NEW.month;
  ELSE
    SELECT * INTO k FROM attendance_people WHERE centre_id = OLD.centre_id AND participant_id = OLD.participant_id
      AND periods = 1 AND start_month <= OLD.month;
  END IF;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO attendance_class_groups VALUES (NEW.centre_id, k.gender, k.start_year, k.exit_year, NEW.month,
      NEW.group_id, NEW.type_id, NEW.marks, NEW.attended, NEW.unexcused, 0)
      ON CONFLICT (centre_id, gender, start_year, exit_year, month, group_id) DO UPDATE
      SET marks = attendance_class_groups.marks + EXCLUDED.marks,
      attended = attendance_class_groups.attended + EXCLUDED.attended,
      unexcused = attendance_class_groups.unexcused + EXCLUDED.unexcused;
    INSERT INTO attendance_class_gfirsts VALUES (NEW.centre_id, NEW.group_id, NEW.participant_id, NEW.month)
      ON CONFLICT (centre_id, group_id, participant_id) DO UPDATE SET month = EXCLUDED.month
      WHERE EXCLUDED.month < attendance_class_gfirsts.month;
    INSERT INTO attendance_class_tfirsts VALUES (NEW.centre_id, NEW.type_id, NEW.participant_id, NEW.month)
      ON CONFLICT (centre_id, type_id, participant_id) DO UPDATE SET month = EXCLUDED.month
      WHERE EXCLUDED.month < attendance_class_tfirsts.month;
    RETURN NULL;
  END IF;
  UPDATE attendance_class_groups SET marks = marks - OLD.marks, attended = attended - OLD.attended,
    unexcused = unexcused - OLD.unexcused
    WHERE centre_id = OLD.centre_id AND gender = k.gender AND start_year = k.start_year AND exit_year = k.exit_year
    AND month = OLD.month AND group_id = OLD.group_id;
  IF TG_OP = 'UPDATE' THEN
    UPDATE attendance_class_groups SET marks = marks + NEW.marks, attended = attended + NEW.attended,
      unexcused = unexcused + NEW.unexcused, type_id = NEW.type_id
      WHERE centre_id = NEW.centre_id AND gender = k.gender AND start_year = k.start_year AND exit_year = k.exit_year
      AND month = NEW.month AND group_id = NEW.group_id;
    IF OLD.type_id <> NEW.type_id THEN
      PERFORM attendance_class_firsts_again(OLD.centre_id, NULL, OLD.type_id, OLD.participant_id, OLD.month);
      INSERT INTO attendance_class_tfirsts VALUES (NEW.centre_id, NEW.type_id, NEW.participant_id, NEW.month)
        ON CONFLICT (centre_id, type_id, participant_id) DO UPDATE SET month = EXCLUDED.month
        WHERE EXCLUDED.month < attendance_class_tfirsts.month;
    END IF;
  ELSE
    PERFORM attendance_class_firsts_again(OLD.centre_id, OLD.group_id, OLD.type_id, OLD.participant_id, OLD.month);
  END IF;
  DELETE FROM attendance_class_groups WHERE centre_id = OLD.centre_id AND gender = k.gender
    AND start_year = k.start_year AND exit_year = k.exit_year AND month = OLD.month AND group_id = OLD.group_id
    AND marks = 0 AND firsts = 0;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance_class_rows AFTER INSERT OR DELETE
  OR UPDATE OF marks, attended, unexcused, type_id ON attendance_months
  FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_class_rows();
-- a first month in a group counted in its class's group month
CREATE FUNCTION report_facts_attendance_class_gfirst() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE attendance_class_groups g SET firsts = g.firsts - 1 FROM attendance_people p
      WHERE p.centre_id = OLD.centre_id AND p.participant_id = OLD.participant_id AND p.periods = 1
      AND g.centre_id = OLD.centre_id AND g.gender = p.gender AND g.start_year = p.start_year
      AND g.exit_year = p.exit_year AND g.month = OLD.month AND g.group_id = OLD.group_id;
    DELETE FROM attendance_class_groups g USING attendance_people p
      WHERE p.centre_id = OLD.centre_id AND p.participant_id = OLD.participant_id AND p.periods = 1
      AND g.centre_id = OLD.centre_id AND g.gender = p.gender AND g.start_year = p.start_year
      AND g.exit_year = p.exit_year AND g.month = OLD.month AND g.group_id = OLD.group_id
      AND g.marks = 0 AND g.firsts = 0;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE attendance_class_groups g SET firsts = g.firsts + 1 FROM attendance_people p
      WHERE p.centre_id = NEW.centre_id AND p.participant_id = NEW.participant_id AND p.periods = 1
      AND g.centre_id = NEW.centre_id AND g.gender = p.gender AND g.start_year = p.start_year
      AND g.exit_year = p.exit_year AND g.month = NEW.month AND g.group_id = NEW.group_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance_class_gfirst AFTER INSERT OR DELETE OR UPDATE OF month
  ON attendance_class_gfirsts FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_class_gfirst();
-- a first month in a type counted in its class's type month
CREATE FUNCTION report_facts_attendance_class_tfirst() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE attendance_class_types g SET firsts = g.firsts - 1 FROM attendance_people p
      WHERE p.centre_id = OLD.centre_id AND p.participant_id = OLD.participant_id AND p.periods = 1
      AND g.centre_id = OLD.centre_id AND g.gender = p.gender AND g.start_year = p.start_year
      AND g.exit_year = p.exit_year AND g.type_id = OLD.type_id AND g.month = OLD.month;
    DELETE FROM attendance_class_types WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id
      AND month = OLD.month AND firsts = 0;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO attendance_class_types SELECT NEW.centre_id, p.gender, p.start_year, p.exit_year, NEW.type_id,
      NEW.month, 1 FROM attendance_people p
      WHERE p.centre_id = NEW.centre_id AND p.participant_id = NEW.participant_id AND p.periods = 1
      ON CONFLICT (centre_id, gender, start_year, exit_year, type_id, month) DO UPDATE
      SET firsts = attendance_class_types.firsts + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance_class_tfirst AFTER INSERT OR DELETE OR UPDATE OF month
  ON attendance_class_tfirsts FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_class_tfirst();
-- a month's person (migration 42) counted in their class's month from the start month
CREATE FUNCTION report_facts_attendance_class_mpeople() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO attendance_class_months SELECT NEW.centre_id, p.gender, p.start_year, p.exit_year, NEW.month, 1
      FROM attendance_people p WHERE p.centre_id = NEW.centre_id AND p.participant_id = NEW.participant_id
      AND p.periods = 1 AND NEW.month >= p.start_month
      ON CONFLICT (centre_id, gender, start_year, exit_year, month) DO UPDATE
      SET people = attendance_class_months.people + 1;
  ELSE
    UPDATE attendance_class_months g SET people = g.people - 1 FROM attendance_people p
      WHERE p.centre_id = OLD.centre_id AND p.participant_id = OLD.participant_id AND p.periods = 1
      AND OLD.month >= p.start_month AND g.centre_id = OLD.centre_id AND g.gender = p.gender
      AND g.start_year = p.start_year AND g.exit_year = p.exit_year AND g.month = OLD.month;
    DELETE FROM attendance_class_months WHERE centre_id = OLD.centre_id AND month = OLD.month AND people = 0;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_attendance_class_mpeople AFTER INSERT OR DELETE ON attendance_month_people
  FOR EACH ROW EXECUTE FUNCTION report_facts_attendance_class_mpeople();
