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
-- The triggers are on attendance_months itself (every writer of marks,
-- sessions and groups already keeps it), named report_facts_attendance_*
-- so that the demo's bulk load pauses them and fills the tables from the
-- views. A row added moves a first month earlier (an upsert that keeps the
-- least); a row gone makes the person's first month again from their rows
-- (the index attendance_months_person: a few rows; named, as SQLite would
-- otherwise find MIN(month) by walking the centre's rows in the order of
-- the primary key); a row given another type does both for the types.
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
) WITHOUT ROWID;
CREATE TABLE attendance_group_firsts (
  centre_id BIGINT NOT NULL,
  group_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  PRIMARY KEY (centre_id, group_id, participant_id)
) WITHOUT ROWID;
CREATE TABLE attendance_type_firsts (
  centre_id BIGINT NOT NULL,
  type_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  PRIMARY KEY (centre_id, type_id, participant_id)
) WITHOUT ROWID;
CREATE TABLE attendance_type_months (
  centre_id BIGINT NOT NULL,
  type_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  firsts BIGINT NOT NULL,
  PRIMARY KEY (centre_id, type_id, month)
) WITHOUT ROWID;
CREATE TABLE attendance_month_people (
  centre_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  participant_id BIGINT NOT NULL,
  PRIMARY KEY (centre_id, month, participant_id)
) WITHOUT ROWID;
CREATE TABLE attendance_month_counts (
  centre_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  people BIGINT NOT NULL,
  PRIMARY KEY (centre_id, month)
) WITHOUT ROWID;
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
SELECT centre_id, month, group_id, type_id, SUM(marks) AS marks, SUM(attended) AS attended,
  SUM(unexcused) AS unexcused, SUM(CASE WHEN month = first THEN 1 ELSE 0 END) AS firsts
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
-- a row of a participant in a group's month: its sums, and the first months it may move earlier
CREATE TRIGGER report_facts_attendance_firsts_ins AFTER INSERT ON attendance_months BEGIN
  INSERT INTO attendance_group_months VALUES (NEW.centre_id, NEW.month, NEW.group_id, NEW.type_id, NEW.marks,
    NEW.attended, NEW.unexcused, 0)
    ON CONFLICT (centre_id, month, group_id) DO UPDATE SET marks = marks + excluded.marks,
    attended = attended + excluded.attended, unexcused = unexcused + excluded.unexcused;
  INSERT INTO attendance_group_firsts VALUES (NEW.centre_id, NEW.group_id, NEW.participant_id, NEW.month)
    ON CONFLICT (centre_id, group_id, participant_id) DO UPDATE SET month = excluded.month WHERE excluded.month < month;
  INSERT INTO attendance_type_firsts VALUES (NEW.centre_id, NEW.type_id, NEW.participant_id, NEW.month)
    ON CONFLICT (centre_id, type_id, participant_id) DO UPDATE SET month = excluded.month WHERE excluded.month < month;
  INSERT INTO attendance_month_people SELECT NEW.centre_id, NEW.month, NEW.participant_id FROM activity_types t
    WHERE t.id = NEW.type_id AND t.health_only = 0 AND (t.centre_id IS NULL OR t.centre_id = NEW.centre_id)
    ON CONFLICT (centre_id, month, participant_id) DO NOTHING;
END;
CREATE TRIGGER report_facts_attendance_firsts_upd AFTER UPDATE OF marks, attended, unexcused ON attendance_months BEGIN
  UPDATE attendance_group_months SET marks = marks + NEW.marks - OLD.marks, attended = attended + NEW.attended - OLD.attended,
    unexcused = unexcused + NEW.unexcused - OLD.unexcused
    WHERE centre_id = NEW.centre_id AND month = NEW.month AND group_id = NEW.group_id;
  DELETE FROM attendance_group_months WHERE centre_id = NEW.centre_id AND month = NEW.month AND group_id = NEW.group_id
    AND marks = 0 AND firsts = 0;
END;
CREATE TRIGGER report_facts_attendance_firsts_del AFTER DELETE ON attendance_months BEGIN
  UPDATE attendance_group_months SET marks = marks - OLD.marks, attended = attended - OLD.attended,
    unexcused = unexcused - OLD.unexcused
    WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id;
  DELETE FROM attendance_group_firsts WHERE centre_id = OLD.centre_id AND group_id = OLD.group_id
    AND participant_id = OLD.participant_id
    AND NOT EXISTS (SELECT 1 FROM attendance_months m INDEXED BY attendance_months_person WHERE m.centre_id = OLD.centre_id
      AND m.participant_id = OLD.participant_id AND m.group_id = OLD.group_id);
  UPDATE attendance_group_firsts SET month = (SELECT MIN(m.month) FROM attendance_months m INDEXED BY attendance_months_person
      WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id AND m.group_id = OLD.group_id)
    WHERE centre_id = OLD.centre_id AND group_id = OLD.group_id AND participant_id = OLD.participant_id
    AND month = OLD.month;
  DELETE FROM attendance_type_firsts WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id
    AND participant_id = OLD.participant_id
    AND NOT EXISTS (SELECT 1 FROM attendance_months m INDEXED BY attendance_months_person WHERE m.centre_id = OLD.centre_id
      AND m.participant_id = OLD.participant_id AND m.type_id = OLD.type_id);
  UPDATE attendance_type_firsts SET month = (SELECT MIN(m.month) FROM attendance_months m INDEXED BY attendance_months_person
      WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id AND m.type_id = OLD.type_id)
    WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id AND participant_id = OLD.participant_id
    AND month = OLD.month;
  DELETE FROM attendance_month_people WHERE centre_id = OLD.centre_id AND month = OLD.month
    AND participant_id = OLD.participant_id
    AND NOT EXISTS (SELECT 1 FROM attendance_months m INDEXED BY attendance_months_person JOIN activity_types t ON t.id = m.type_id
      WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id AND m.month = OLD.month
      AND t.health_only = 0 AND (t.centre_id IS NULL OR t.centre_id = m.centre_id));
  DELETE FROM attendance_group_months WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id
    AND marks = 0 AND firsts = 0;
END;
-- a row given another type (its group's): the old type's first month made again, the new one's kept
CREATE TRIGGER report_facts_attendance_firsts_type AFTER UPDATE OF type_id ON attendance_months
WHEN OLD.type_id <> NEW.type_id BEGIN
  UPDATE attendance_group_months SET type_id = NEW.type_id
    WHERE centre_id = NEW.centre_id AND month = NEW.month AND group_id = NEW.group_id;
  DELETE FROM attendance_type_firsts WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id
    AND participant_id = OLD.participant_id
    AND NOT EXISTS (SELECT 1 FROM attendance_months m INDEXED BY attendance_months_person WHERE m.centre_id = OLD.centre_id
      AND m.participant_id = OLD.participant_id AND m.type_id = OLD.type_id);
  UPDATE attendance_type_firsts SET month = (SELECT MIN(m.month) FROM attendance_months m INDEXED BY attendance_months_person
      WHERE m.centre_id = OLD.centre_id AND m.participant_id = OLD.participant_id AND m.type_id = OLD.type_id)
    WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id AND participant_id = OLD.participant_id
    AND month = OLD.month;
  INSERT INTO attendance_type_firsts VALUES (NEW.centre_id, NEW.type_id, NEW.participant_id, NEW.month)
    ON CONFLICT (centre_id, type_id, participant_id) DO UPDATE SET month = excluded.month WHERE excluded.month < month;
  INSERT INTO attendance_month_people SELECT NEW.centre_id, NEW.month, NEW.participant_id FROM activity_types t
    WHERE t.id = NEW.type_id AND t.health_only = 0 AND (t.centre_id IS NULL OR t.centre_id = NEW.centre_id)
    ON CONFLICT (centre_id, month, participant_id) DO NOTHING;
  DELETE FROM attendance_month_people WHERE centre_id = NEW.centre_id AND month = NEW.month
    AND participant_id = NEW.participant_id
    AND NOT EXISTS (SELECT 1 FROM attendance_months m INDEXED BY attendance_months_person JOIN activity_types t ON t.id = m.type_id
      WHERE m.centre_id = NEW.centre_id AND m.participant_id = NEW.participant_id AND m.month = NEW.month
      AND t.health_only = 0 AND (t.centre_id IS NULL OR t.centre_id = m.centre_id));
END;
-- a person's first month in a group counted in the group's month
CREATE TRIGGER report_facts_attendance_gfirst_ins AFTER INSERT ON attendance_group_firsts BEGIN
  UPDATE attendance_group_months SET firsts = firsts + 1
    WHERE centre_id = NEW.centre_id AND month = NEW.month AND group_id = NEW.group_id;
END;
CREATE TRIGGER report_facts_attendance_gfirst_del AFTER DELETE ON attendance_group_firsts BEGIN
  UPDATE attendance_group_months SET firsts = firsts - 1
    WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id;
  DELETE FROM attendance_group_months WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id
    AND marks = 0 AND firsts = 0;
END;
CREATE TRIGGER report_facts_attendance_gfirst_upd AFTER UPDATE OF month ON attendance_group_firsts BEGIN
  UPDATE attendance_group_months SET firsts = firsts - 1
    WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id;
  DELETE FROM attendance_group_months WHERE centre_id = OLD.centre_id AND month = OLD.month AND group_id = OLD.group_id
    AND marks = 0 AND firsts = 0;
  UPDATE attendance_group_months SET firsts = firsts + 1
    WHERE centre_id = NEW.centre_id AND month = NEW.month AND group_id = NEW.group_id;
END;
-- a person's first month in a type counted in the type's month
CREATE TRIGGER report_facts_attendance_tfirst_ins AFTER INSERT ON attendance_type_firsts BEGIN
  INSERT INTO attendance_type_months VALUES (NEW.centre_id, NEW.type_id, NEW.month, 1)
    ON CONFLICT (centre_id, type_id, month) DO UPDATE SET firsts = firsts + 1;
END;
CREATE TRIGGER report_facts_attendance_tfirst_del AFTER DELETE ON attendance_type_firsts BEGIN
  UPDATE attendance_type_months SET firsts = firsts - 1
    WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id AND month = OLD.month;
  DELETE FROM attendance_type_months WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id AND month = OLD.month
    AND firsts = 0;
END;
CREATE TRIGGER report_facts_attendance_tfirst_upd AFTER UPDATE OF month ON attendance_type_firsts BEGIN
  UPDATE attendance_type_months SET firsts = firsts - 1
    WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id AND month = OLD.month;
  DELETE FROM attendance_type_months WHERE centre_id = OLD.centre_id AND type_id = OLD.type_id AND month = OLD.month
    AND firsts = 0;
  INSERT INTO attendance_type_months VALUES (NEW.centre_id, NEW.type_id, NEW.month, 1)
    ON CONFLICT (centre_id, type_id, month) DO UPDATE SET firsts = firsts + 1;
END;
-- a month's people counted
CREATE TRIGGER report_facts_attendance_mpeople_ins AFTER INSERT ON attendance_month_people BEGIN
  INSERT INTO attendance_month_counts VALUES (NEW.centre_id, NEW.month, 1)
    ON CONFLICT (centre_id, month) DO UPDATE SET people = people + 1;
END;
CREATE TRIGGER report_facts_attendance_mpeople_del AFTER DELETE ON attendance_month_people BEGIN
  UPDATE attendance_month_counts SET people = people - 1 WHERE centre_id = OLD.centre_id AND month = OLD.month;
  DELETE FROM attendance_month_counts WHERE centre_id = OLD.centre_id AND month = OLD.month AND people = 0;
END;
-- a kept row's key never changes (the triggers above follow its sums and type only)
CREATE TRIGGER report_facts_attendance_firsts_key BEFORE UPDATE OF centre_id, month, group_id, participant_id
ON attendance_months WHEN OLD.centre_id <> NEW.centre_id OR OLD.month <> NEW.month OR OLD.group_id <> NEW.group_id
  OR OLD.participant_id <> NEW.participant_id BEGIN
  SELECT RAISE(ABORT, 'attendance_months: a row''s key does not change');
END;
