-- Attendance counted by a country, an age band or a schooling band too (docs/DECISIONS.md 117.)
-- Migration 46 keeps Attendance's counts by the class of the people of one
-- period (gender, cohort, exit year); a filter on the country of birth, the
-- age band at the start or the years of schooling read every kept row (2.2
-- million at a million participants: 1.1-2.5 s). The same counts are kept
-- once more by one of those three, each with the gender:
-- attendance_people gains the period's age at the start, country and years
--   of schooling (-1 and '' for none), so that a change of any of them
--   makes the person's row again (the periods' triggers, made again here);
-- attendance_people_dims: each person of one period three times, once per
--   dimension ('age', 'country', 'schooling') with its value: the country,
--   or the band of the age or of the schooling as its number in the domain
--   (report_age_band_of(), report_schooling_band_of(); '' for none). The
--   bands are written here once, in this view; the store's tests hold them
--   to the domain's at every edge;
-- attendance_dim_groups, attendance_dim_types, attendance_dim_months: the
--   counts of attendance_class_groups, _types and _months (migration 46)
--   keyed by dimension, value and gender instead of the class.
-- The firsts are the class's first months (attendance_class_gfirsts and
-- _tfirsts): their triggers count them here too. A person's row taken
-- away takes their counts away before it goes (BEFORE DELETE: the
-- dimensions and the first months are still there); added, adds them. The
-- triggers are named report_facts_attendance_dim_*: the demo's bulk load
-- pauses them and fills the tables from the views.
ALTER TABLE attendance_people ADD COLUMN age BIGINT NOT NULL DEFAULT -1;
ALTER TABLE attendance_people ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE attendance_people ADD COLUMN schooling BIGINT NOT NULL DEFAULT -1;
DROP VIEW attendance_people_source;
CREATE VIEW attendance_people_source AS
SELECT centre_id, participant_id, COUNT(*) AS periods, MIN(gender) AS gender, MIN(start_year) AS start_year,
  MIN(exit_year) AS exit_year, MIN(substr(start_date, 1, 7)) AS start_month, MIN(age) AS age,
  COALESCE(MIN(country), '') AS country, COALESCE(MIN(schooling), -1) AS schooling
FROM report_facts GROUP BY centre_id, participant_id;
UPDATE attendance_people SET age = s.age, country = s.country, schooling = s.schooling
  FROM attendance_people_source s WHERE s.centre_id = attendance_people.centre_id
  AND s.participant_id = attendance_people.participant_id;
CREATE VIEW attendance_people_dims AS
SELECT p.centre_id AS centre_id, p.participant_id AS participant_id, p.gender AS gender,
  p.start_month AS start_month, x.dim AS dim,
  CASE x.dim WHEN 'country' THEN p.country
  WHEN 'age' THEN CASE WHEN p.age < 0 THEN '' WHEN p.age < 25 THEN '0' WHEN p.age < 35 THEN '1'
    WHEN p.age < 45 THEN '2' ELSE '3' END
  ELSE CASE WHEN p.schooling < 0 THEN '' WHEN p.schooling <= 6 THEN '0' WHEN p.schooling <= 9 THEN '1'
    WHEN p.schooling <= 12 THEN '2' ELSE '3' END END AS value
FROM attendance_people p CROSS JOIN (SELECT 'age' AS dim UNION ALL SELECT 'country' UNION ALL SELECT 'schooling') x
WHERE p.periods = 1;
CREATE TABLE attendance_dim_groups (
  centre_id BIGINT NOT NULL,
  dim TEXT NOT NULL,
  value TEXT NOT NULL,
  gender TEXT NOT NULL,
  month TEXT NOT NULL,
  group_id BIGINT NOT NULL,
  type_id BIGINT NOT NULL,
  marks BIGINT NOT NULL,
  attended BIGINT NOT NULL,
  unexcused BIGINT NOT NULL,
  firsts BIGINT NOT NULL,
  PRIMARY KEY (centre_id, dim, value, gender, month, group_id)
) WITHOUT ROWID;
CREATE TABLE attendance_dim_types (
  centre_id BIGINT NOT NULL,
  dim TEXT NOT NULL,
  value TEXT NOT NULL,
  gender TEXT NOT NULL,
  type_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  firsts BIGINT NOT NULL,
  PRIMARY KEY (centre_id, dim, value, gender, type_id, month)
) WITHOUT ROWID;
CREATE TABLE attendance_dim_months (
  centre_id BIGINT NOT NULL,
  dim TEXT NOT NULL,
  value TEXT NOT NULL,
  gender TEXT NOT NULL,
  month TEXT NOT NULL,
  people BIGINT NOT NULL,
  PRIMARY KEY (centre_id, dim, value, gender, month)
) WITHOUT ROWID;
-- the rows counted: a person of one period's from its start month, once per dimension
CREATE VIEW attendance_dim_rows AS
SELECT m.centre_id AS centre_id, d.dim AS dim, d.value AS value, d.gender AS gender, m.month AS month,
  m.group_id AS group_id, m.type_id AS type_id, m.participant_id AS participant_id, m.marks AS marks,
  m.attended AS attended, m.unexcused AS unexcused
FROM attendance_months m CROSS JOIN attendance_people_dims d
WHERE d.centre_id = m.centre_id AND d.participant_id = m.participant_id AND m.month >= d.start_month;
CREATE VIEW attendance_dim_groups_source AS
SELECT centre_id, dim, value, gender, month, group_id, type_id, SUM(marks) AS marks, SUM(attended) AS attended,
  SUM(unexcused) AS unexcused, SUM(CASE WHEN month = first THEN 1 ELSE 0 END) AS firsts
FROM (SELECT r.*, MIN(r.month) OVER (PARTITION BY r.centre_id, r.dim, r.group_id, r.participant_id) AS first
  FROM attendance_dim_rows r) x
GROUP BY centre_id, dim, value, gender, month, group_id, type_id;
CREATE VIEW attendance_dim_types_source AS
SELECT centre_id, dim, value, gender, type_id, month, COUNT(*) AS firsts
FROM (SELECT centre_id, dim, value, gender, type_id, participant_id, MIN(month) AS month FROM attendance_dim_rows
  GROUP BY centre_id, dim, value, gender, type_id, participant_id) f
GROUP BY centre_id, dim, value, gender, type_id, month;
CREATE VIEW attendance_dim_months_source AS
SELECT m.centre_id AS centre_id, d.dim AS dim, d.value AS value, d.gender AS gender, m.month AS month,
  COUNT(*) AS people
FROM attendance_month_people m CROSS JOIN attendance_people_dims d
WHERE d.centre_id = m.centre_id AND d.participant_id = m.participant_id AND m.month >= d.start_month
GROUP BY m.centre_id, d.dim, d.value, d.gender, m.month;
-- filled from the kept tables (each equal to its view)
INSERT INTO attendance_dim_groups SELECT m.centre_id, d.dim, d.value, d.gender, m.month, m.group_id, m.type_id,
  SUM(m.marks), SUM(m.attended), SUM(m.unexcused), SUM(CASE WHEN f.month = m.month THEN 1 ELSE 0 END)
  FROM attendance_months m CROSS JOIN attendance_people_dims d CROSS JOIN attendance_class_gfirsts f
  WHERE d.centre_id = m.centre_id AND d.participant_id = m.participant_id AND m.month >= d.start_month
  AND f.centre_id = m.centre_id AND f.group_id = m.group_id AND f.participant_id = m.participant_id
  GROUP BY m.centre_id, d.dim, d.value, d.gender, m.month, m.group_id, m.type_id;
INSERT INTO attendance_dim_types SELECT f.centre_id, d.dim, d.value, d.gender, f.type_id, f.month, COUNT(*)
  FROM attendance_class_tfirsts f CROSS JOIN attendance_people_dims d
  WHERE d.centre_id = f.centre_id AND d.participant_id = f.participant_id
  GROUP BY f.centre_id, d.dim, d.value, d.gender, f.type_id, f.month;
INSERT INTO attendance_dim_months SELECT * FROM attendance_dim_months_source;
-- a period written: its person's row made again when it differs (migration 46's, with the three)
DROP TRIGGER report_facts_attendance_class_periods_ins;
DROP TRIGGER report_facts_attendance_class_periods_del;
DROP TRIGGER report_facts_attendance_class_periods_upd;
CREATE TRIGGER report_facts_attendance_class_periods_ins AFTER INSERT ON report_facts BEGIN
  DELETE FROM attendance_people WHERE centre_id = NEW.centre_id AND participant_id = NEW.participant_id
    AND NOT EXISTS (SELECT 1 FROM (SELECT COUNT(*) AS periods, MIN(gender) AS gender, MIN(start_year) AS start_year,
      MIN(exit_year) AS exit_year, MIN(substr(start_date, 1, 7)) AS start_month, MIN(age) AS age,
      COALESCE(MIN(country), '') AS country, COALESCE(MIN(schooling), -1) AS schooling
      FROM report_facts INDEXED BY report_facts_participant
      WHERE participant_id = NEW.participant_id AND centre_id = NEW.centre_id) s WHERE s.periods = attendance_people.periods
      AND s.gender = attendance_people.gender AND s.start_year = attendance_people.start_year
      AND s.exit_year = attendance_people.exit_year AND s.start_month = attendance_people.start_month
      AND s.age = attendance_people.age AND s.country = attendance_people.country
      AND s.schooling = attendance_people.schooling);
  INSERT INTO attendance_people SELECT centre_id, participant_id, COUNT(*), MIN(gender), MIN(start_year),
    MIN(exit_year), MIN(substr(start_date, 1, 7)), MIN(age), COALESCE(MIN(country), ''), COALESCE(MIN(schooling), -1)
    FROM report_facts INDEXED BY report_facts_participant
    WHERE participant_id = NEW.participant_id AND centre_id = NEW.centre_id GROUP BY centre_id, participant_id
    ON CONFLICT (centre_id, participant_id) DO NOTHING;
END;
CREATE TRIGGER report_facts_attendance_class_periods_del AFTER DELETE ON report_facts BEGIN
  DELETE FROM attendance_people WHERE centre_id = OLD.centre_id AND participant_id = OLD.participant_id
    AND NOT EXISTS (SELECT 1 FROM (SELECT COUNT(*) AS periods, MIN(gender) AS gender, MIN(start_year) AS start_year,
      MIN(exit_year) AS exit_year, MIN(substr(start_date, 1, 7)) AS start_month, MIN(age) AS age,
      COALESCE(MIN(country), '') AS country, COALESCE(MIN(schooling), -1) AS schooling
      FROM report_facts INDEXED BY report_facts_participant
      WHERE participant_id = OLD.participant_id AND centre_id = OLD.centre_id) s WHERE s.periods = attendance_people.periods
      AND s.gender = attendance_people.gender AND s.start_year = attendance_people.start_year
      AND s.exit_year = attendance_people.exit_year AND s.start_month = attendance_people.start_month
      AND s.age = attendance_people.age AND s.country = attendance_people.country
      AND s.schooling = attendance_people.schooling);
  INSERT INTO attendance_people SELECT centre_id, participant_id, COUNT(*), MIN(gender), MIN(start_year),
    MIN(exit_year), MIN(substr(start_date, 1, 7)), MIN(age), COALESCE(MIN(country), ''), COALESCE(MIN(schooling), -1)
    FROM report_facts INDEXED BY report_facts_participant
    WHERE participant_id = OLD.participant_id AND centre_id = OLD.centre_id GROUP BY centre_id, participant_id
    ON CONFLICT (centre_id, participant_id) DO NOTHING;
END;
CREATE TRIGGER report_facts_attendance_class_periods_upd AFTER UPDATE OF centre_id, participant_id, start_date,
  gender, start_year, exit_year, age, country, schooling ON report_facts BEGIN
  DELETE FROM attendance_people WHERE centre_id = OLD.centre_id AND participant_id = OLD.participant_id
    AND NOT EXISTS (SELECT 1 FROM (SELECT COUNT(*) AS periods, MIN(gender) AS gender, MIN(start_year) AS start_year,
      MIN(exit_year) AS exit_year, MIN(substr(start_date, 1, 7)) AS start_month, MIN(age) AS age,
      COALESCE(MIN(country), '') AS country, COALESCE(MIN(schooling), -1) AS schooling
      FROM report_facts INDEXED BY report_facts_participant
      WHERE participant_id = OLD.participant_id AND centre_id = OLD.centre_id) s WHERE s.periods = attendance_people.periods
      AND s.gender = attendance_people.gender AND s.start_year = attendance_people.start_year
      AND s.exit_year = attendance_people.exit_year AND s.start_month = attendance_people.start_month
      AND s.age = attendance_people.age AND s.country = attendance_people.country
      AND s.schooling = attendance_people.schooling);
  INSERT INTO attendance_people SELECT centre_id, participant_id, COUNT(*), MIN(gender), MIN(start_year),
    MIN(exit_year), MIN(substr(start_date, 1, 7)), MIN(age), COALESCE(MIN(country), ''), COALESCE(MIN(schooling), -1)
    FROM report_facts INDEXED BY report_facts_participant
    WHERE participant_id = OLD.participant_id AND centre_id = OLD.centre_id GROUP BY centre_id, participant_id
    ON CONFLICT (centre_id, participant_id) DO NOTHING;
  DELETE FROM attendance_people WHERE centre_id = NEW.centre_id AND participant_id = NEW.participant_id
    AND NOT EXISTS (SELECT 1 FROM (SELECT COUNT(*) AS periods, MIN(gender) AS gender, MIN(start_year) AS start_year,
      MIN(exit_year) AS exit_year, MIN(substr(start_date, 1, 7)) AS start_month, MIN(age) AS age,
      COALESCE(MIN(country), '') AS country, COALESCE(MIN(schooling), -1) AS schooling
      FROM report_facts INDEXED BY report_facts_participant
      WHERE participant_id = NEW.participant_id AND centre_id = NEW.centre_id) s WHERE s.periods = attendance_people.periods
      AND s.gender = attendance_people.gender AND s.start_year = attendance_people.start_year
      AND s.exit_year = attendance_people.exit_year AND s.start_month = attendance_people.start_month
      AND s.age = attendance_people.age AND s.country = attendance_people.country
      AND s.schooling = attendance_people.schooling);
  INSERT INTO attendance_people SELECT centre_id, participant_id, COUNT(*), MIN(gender), MIN(start_year),
    MIN(exit_year), MIN(substr(start_date, 1, 7)), MIN(age), COALESCE(MIN(country), ''), COALESCE(MIN(schooling), -1)
    FROM report_facts INDEXED BY report_facts_participant
    WHERE participant_id = NEW.participant_id AND centre_id = NEW.centre_id GROUP BY centre_id, participant_id
    ON CONFLICT (centre_id, participant_id) DO NOTHING;
END;
-- a person of one period added: their rows from the start month counted by
-- each dimension (their first months come with the class's, below)
CREATE TRIGGER report_facts_attendance_dim_people_ins AFTER INSERT ON attendance_people WHEN NEW.periods = 1 BEGIN
  INSERT INTO attendance_dim_groups SELECT m.centre_id, d.dim, d.value, d.gender, m.month, m.group_id, m.type_id,
    m.marks, m.attended, m.unexcused, 0
    FROM attendance_months m INDEXED BY attendance_months_person JOIN attendance_people_dims d
    ON d.centre_id = m.centre_id AND d.participant_id = m.participant_id
    WHERE m.centre_id = NEW.centre_id AND m.participant_id = NEW.participant_id AND m.month >= NEW.start_month
    ON CONFLICT (centre_id, dim, value, gender, month, group_id) DO UPDATE SET marks = marks + excluded.marks,
    attended = attended + excluded.attended, unexcused = unexcused + excluded.unexcused;
  INSERT INTO attendance_dim_months SELECT m.centre_id, d.dim, d.value, d.gender, m.month, 1
    FROM attendance_months m INDEXED BY attendance_months_person JOIN activity_types t ON t.id = m.type_id
    JOIN attendance_people_dims d ON d.centre_id = m.centre_id AND d.participant_id = m.participant_id
    WHERE m.centre_id = NEW.centre_id AND m.participant_id = NEW.participant_id AND m.month >= NEW.start_month
    AND t.health_only = 0 AND (t.centre_id IS NULL OR t.centre_id = m.centre_id)
    GROUP BY m.centre_id, d.dim, d.value, d.gender, m.month
    ON CONFLICT (centre_id, dim, value, gender, month) DO UPDATE SET people = people + 1;
END;
-- a person of one period taken away: their counts taken away while their
-- dimensions and first months are there
CREATE TRIGGER report_facts_attendance_dim_people_del BEFORE DELETE ON attendance_people WHEN OLD.periods = 1 BEGIN
  INSERT INTO attendance_dim_groups SELECT m.centre_id, d.dim, d.value, d.gender, m.month, m.group_id, m.type_id,
    -m.marks, -m.attended, -m.unexcused, -(f.month = m.month)
    FROM attendance_months m INDEXED BY attendance_months_person JOIN attendance_class_gfirsts f
    ON f.centre_id = m.centre_id AND f.group_id = m.group_id AND f.participant_id = m.participant_id
    JOIN attendance_people_dims d ON d.centre_id = m.centre_id AND d.participant_id = m.participant_id
    WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id AND m.month >= OLD.start_month
    ON CONFLICT (centre_id, dim, value, gender, month, group_id) DO UPDATE SET marks = marks + excluded.marks,
    attended = attended + excluded.attended, unexcused = unexcused + excluded.unexcused,
    firsts = firsts + excluded.firsts;
  DELETE FROM attendance_dim_groups WHERE centre_id = OLD.centre_id
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id)
    AND (month, group_id) IN (SELECT m.month, m.group_id FROM attendance_months m INDEXED BY attendance_months_person
      WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id AND m.month >= OLD.start_month)
    AND marks = 0 AND firsts = 0;
  INSERT INTO attendance_dim_types SELECT f.centre_id, d.dim, d.value, d.gender, f.type_id, f.month, -1
    FROM attendance_class_tfirsts f JOIN attendance_people_dims d
    ON d.centre_id = f.centre_id AND d.participant_id = f.participant_id
    WHERE f.centre_id = OLD.centre_id AND f.participant_id = OLD.participant_id
    AND f.type_id IN (SELECT m.type_id FROM attendance_months m INDEXED BY attendance_months_person
      WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id)
    ON CONFLICT (centre_id, dim, value, gender, type_id, month) DO UPDATE SET firsts = firsts + excluded.firsts;
  DELETE FROM attendance_dim_types WHERE centre_id = OLD.centre_id
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id)
    AND firsts = 0;
  INSERT INTO attendance_dim_months SELECT m.centre_id, d.dim, d.value, d.gender, m.month, -1
    FROM attendance_months m INDEXED BY attendance_months_person JOIN activity_types t ON t.id = m.type_id
    JOIN attendance_people_dims d ON d.centre_id = m.centre_id AND d.participant_id = m.participant_id
    WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id AND m.month >= OLD.start_month
    AND t.health_only = 0 AND (t.centre_id IS NULL OR t.centre_id = m.centre_id)
    GROUP BY m.centre_id, d.dim, d.value, d.gender, m.month
    ON CONFLICT (centre_id, dim, value, gender, month) DO UPDATE SET people = people - 1;
  DELETE FROM attendance_dim_months WHERE centre_id = OLD.centre_id
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id)
    AND people = 0;
END;
-- a row of a person of one period, from its start month: its sums by each dimension
CREATE TRIGGER report_facts_attendance_dim_rows_ins AFTER INSERT ON attendance_months BEGIN
  INSERT INTO attendance_dim_groups SELECT NEW.centre_id, d.dim, d.value, d.gender, NEW.month, NEW.group_id,
    NEW.type_id, NEW.marks, NEW.attended, NEW.unexcused, 0 FROM attendance_people_dims d
    WHERE d.centre_id = NEW.centre_id AND d.participant_id = NEW.participant_id AND NEW.month >= d.start_month
    ON CONFLICT (centre_id, dim, value, gender, month, group_id) DO UPDATE SET marks = marks + excluded.marks,
    attended = attended + excluded.attended, unexcused = unexcused + excluded.unexcused;
END;
CREATE TRIGGER report_facts_attendance_dim_rows_upd AFTER UPDATE OF marks, attended, unexcused ON attendance_months
WHEN NEW.marks <> OLD.marks OR NEW.attended <> OLD.attended OR NEW.unexcused <> OLD.unexcused BEGIN
  UPDATE attendance_dim_groups SET marks = marks + NEW.marks - OLD.marks, attended = attended + NEW.attended - OLD.attended,
    unexcused = unexcused + NEW.unexcused - OLD.unexcused
    WHERE centre_id = NEW.centre_id AND month = NEW.month AND group_id = NEW.group_id
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = NEW.centre_id AND d.participant_id = NEW.participant_id AND NEW.month >= d.start_month);
END;
CREATE TRIGGER report_facts_attendance_dim_rows_del AFTER DELETE ON attendance_months BEGIN
  UPDATE attendance_dim_groups SET marks = marks - OLD.marks, attended = attended - OLD.attended,
    unexcused = unexcused - OLD.unexcused
    WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id AND OLD.month >= d.start_month);
  DELETE FROM attendance_dim_groups WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id)
    AND marks = 0 AND firsts = 0;
END;
CREATE TRIGGER report_facts_attendance_dim_rows_type AFTER UPDATE OF type_id ON attendance_months
WHEN OLD.type_id <> NEW.type_id BEGIN
  UPDATE attendance_dim_groups SET type_id = NEW.type_id
    WHERE centre_id = NEW.centre_id AND month = NEW.month AND group_id = NEW.group_id
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = NEW.centre_id AND d.participant_id = NEW.participant_id);
END;
-- a first month in a group (migration 46) counted by each dimension (the
-- group's month made when the first month's own row is not counted yet)
CREATE TRIGGER report_facts_attendance_dim_gfirst_ins AFTER INSERT ON attendance_class_gfirsts BEGIN
  INSERT INTO attendance_dim_groups SELECT NEW.centre_id, d.dim, d.value, d.gender, NEW.month, NEW.group_id,
    m.type_id, 0, 0, 0, 1
    FROM attendance_people_dims d JOIN attendance_months m ON m.centre_id = d.centre_id AND m.month = NEW.month
    AND m.group_id = NEW.group_id AND m.participant_id = d.participant_id
    WHERE d.centre_id = NEW.centre_id AND d.participant_id = NEW.participant_id
    ON CONFLICT (centre_id, dim, value, gender, month, group_id) DO UPDATE SET firsts = firsts + 1;
END;
CREATE TRIGGER report_facts_attendance_dim_gfirst_del AFTER DELETE ON attendance_class_gfirsts BEGIN
  UPDATE attendance_dim_groups SET firsts = firsts - 1
    WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id);
  DELETE FROM attendance_dim_groups WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id)
    AND marks = 0 AND firsts = 0;
END;
CREATE TRIGGER report_facts_attendance_dim_gfirst_upd AFTER UPDATE OF month ON attendance_class_gfirsts BEGIN
  UPDATE attendance_dim_groups SET firsts = firsts - 1
    WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id);
  DELETE FROM attendance_dim_groups WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id)
    AND marks = 0 AND firsts = 0;
  INSERT INTO attendance_dim_groups SELECT NEW.centre_id, d.dim, d.value, d.gender, NEW.month, NEW.group_id,
    m.type_id, 0, 0, 0, 1
    FROM attendance_people_dims d JOIN attendance_months m ON m.centre_id = d.centre_id AND m.month = NEW.month
    AND m.group_id = NEW.group_id AND m.participant_id = d.participant_id
    WHERE d.centre_id = NEW.centre_id AND d.participant_id = NEW.participant_id
    ON CONFLICT (centre_id, dim, value, gender, month, group_id) DO UPDATE SET firsts = firsts + 1;
END;
-- a first month in a type counted by each dimension
CREATE TRIGGER report_facts_attendance_dim_tfirst_ins AFTER INSERT ON attendance_class_tfirsts BEGIN
  INSERT INTO attendance_dim_types SELECT NEW.centre_id, d.dim, d.value, d.gender, NEW.type_id, NEW.month, 1
    FROM attendance_people_dims d WHERE d.centre_id = NEW.centre_id AND d.participant_id = NEW.participant_id
    ON CONFLICT (centre_id, dim, value, gender, type_id, month) DO UPDATE SET firsts = firsts + 1;
END;
CREATE TRIGGER report_facts_attendance_dim_tfirst_del AFTER DELETE ON attendance_class_tfirsts BEGIN
  UPDATE attendance_dim_types SET firsts = firsts - 1
    WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id AND month = OLD.month
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id);
  DELETE FROM attendance_dim_types WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id AND month = OLD.month
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id)
    AND firsts = 0;
END;
CREATE TRIGGER report_facts_attendance_dim_tfirst_upd AFTER UPDATE OF month ON attendance_class_tfirsts BEGIN
  UPDATE attendance_dim_types SET firsts = firsts - 1
    WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id AND month = OLD.month
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id);
  DELETE FROM attendance_dim_types WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id AND month = OLD.month
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id)
    AND firsts = 0;
  INSERT INTO attendance_dim_types SELECT NEW.centre_id, d.dim, d.value, d.gender, NEW.type_id, NEW.month, 1
    FROM attendance_people_dims d WHERE d.centre_id = NEW.centre_id AND d.participant_id = NEW.participant_id
    ON CONFLICT (centre_id, dim, value, gender, type_id, month) DO UPDATE SET firsts = firsts + 1;
END;
-- a month's person (migration 42) counted by each dimension from the start month
CREATE TRIGGER report_facts_attendance_dim_mpeople_ins AFTER INSERT ON attendance_month_people BEGIN
  INSERT INTO attendance_dim_months SELECT NEW.centre_id, d.dim, d.value, d.gender, NEW.month, 1
    FROM attendance_people_dims d WHERE d.centre_id = NEW.centre_id AND d.participant_id = NEW.participant_id
    AND NEW.month >= d.start_month
    ON CONFLICT (centre_id, dim, value, gender, month) DO UPDATE SET people = people + 1;
END;
CREATE TRIGGER report_facts_attendance_dim_mpeople_del AFTER DELETE ON attendance_month_people BEGIN
  UPDATE attendance_dim_months SET people = people - 1
    WHERE centre_id = OLD.centre_id AND month = OLD.month
    AND (dim, value, gender) IN (SELECT d.dim, d.value, d.gender FROM attendance_people_dims d
      WHERE d.centre_id = OLD.centre_id AND d.participant_id = OLD.participant_id AND OLD.month >= d.start_month);
  DELETE FROM attendance_dim_months WHERE centre_id = OLD.centre_id AND month = OLD.month AND people = 0;
END;
