-- Norwegian under an age band or a schooling band counted from kept facts (docs/DECISIONS.md 100.)
-- Decision 87's steps are kept by the columns a filter compares; the age
-- at the period's start and the years of schooling were not among them, so
-- under a band the report read every assessment of the centre through its
-- period (9.4 s of CPU at a million). A participant with exactly one period
-- (kind 1) takes the whole run or none under any filter, so their steps
-- need only the period's age at its start and its schooling beside them:
-- language_steps gains two columns, age (the age in whole years on the
-- period's start day, as date_age_on(): the years between, less one before
-- the birthday's month and day; -1 when the start is before the birth) and
-- schooling (the period's years of schooling, -1 for none), both -1 for the
-- other kinds. language_bands counts the kind 1 steps by centre, age,
-- schooling, gender, start year, exit year, year and skill (kind 0, country
-- '') and once more by country (kind 1): the view language_bands_source,
-- kept by triggers on language_steps. The report reads the ages and
-- schooling years of a band's range and decides the band in C
-- (report_age_band_of(), report_schooling_band_of()); a participant with
-- several periods (attendance_people, migration 46) is read from their
-- assessments one by one, as the rows are. A period's birth date or
-- schooling changed now counts the participant's steps again too.
DROP TRIGGER report_facts_language_steps_update;
DROP TRIGGER report_facts_language_periods_update;
DROP VIEW language_steps_source;
ALTER TABLE language_steps ADD COLUMN age BIGINT NOT NULL DEFAULT -1;
ALTER TABLE language_steps ADD COLUMN schooling BIGINT NOT NULL DEFAULT -1;
CREATE VIEW language_steps_source AS
SELECT centre_id, participant_id, skill, kind, start_year, exit_year, gender, country, year, lv - base % 8 AS gain, age, schooling
FROM (SELECT centre_id, participant_id, skill, kind, start_year, exit_year, gender, country, year, lv, pos, age, schooling,
    MAX(CASE WHEN prev_year IS NULL OR prev_year <> year THEN pos * 8 + COALESCE(prev_lv, lv) END) OVER (
      PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS base,
    LEAD(year) OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id) AS next_year
  FROM (SELECT centre_id, participant_id, skill, kind, start_year, exit_year, gender, country, assessed_on, id, year, lv, age, schooling,
    LAG(lv) OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id) AS prev_lv,
    LAG(year) OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id) AS prev_year,
    ROW_NUMBER() OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id) AS pos
  FROM (SELECT centre_id, participant_id, skill, kind, start_year, exit_year, gender, country, assessed_on, id, lv, age, schooling,
      year, ROW_NUMBER() OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender,
        country ORDER BY assessed_on, id) AS rn,
      COUNT(*) OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country)
        AS cnt
    FROM (SELECT x.centre_id AS centre_id, x.participant_id AS participant_id, x.skill AS skill,
        x.assessed_on AS assessed_on, x.id AS id, CAST(substr(x.assessed_on, 1, 4) AS BIGINT) AS year,
        CASE x.level WHEN 'A1' THEN 0 WHEN 'A2' THEN 1 WHEN 'B1' THEN 2 WHEN 'B2' THEN 3 ELSE 4 END AS lv,
        k.kind AS kind,
        CASE WHEN k.kind IN (1, 3, 5) THEN r.start_year ELSE -1 END AS start_year,
        CASE WHEN k.kind IN (1, 4, 5) THEN r.exit_year ELSE -1 END AS exit_year,
        CASE WHEN k.kind = 0 THEN '' ELSE r.gender END AS gender,
        CASE WHEN k.kind = 0 THEN '' ELSE r.country END AS country,
        CASE WHEN k.kind <> 1 THEN -1 WHEN r.start_date < r.birth_date THEN -1
          ELSE CAST(substr(r.start_date, 1, 4) AS BIGINT) - CAST(substr(r.birth_date, 1, 4) AS BIGINT)
            - CASE WHEN CAST(substr(r.start_date, 6, 2) AS BIGINT) * 100 + CAST(substr(r.start_date, 9, 2) AS BIGINT)
              < CAST(substr(r.birth_date, 6, 2) AS BIGINT) * 100 + CAST(substr(r.birth_date, 9, 2) AS BIGINT)
              THEN 1 ELSE 0 END END AS age,
        CASE WHEN k.kind <> 1 THEN -1 ELSE COALESCE(r.schooling, -1) END AS schooling
      FROM (SELECT a.centre_id AS centre_id, a.participant_id AS participant_id, a.skill AS skill,
          a.assessed_on AS assessed_on, a.id AS id, a.level AS level,
          (SELECT COUNT(*) FROM report_facts n WHERE n.participant_id = a.participant_id
            AND +n.centre_id = a.centre_id) AS np
        FROM language_assessments a) x
      LEFT JOIN report_facts r ON r.participant_id = x.participant_id AND +r.centre_id = x.centre_id
        AND NOT EXISTS (SELECT 1 FROM report_facts o WHERE o.participant_id = r.participant_id
          AND +o.centre_id = r.centre_id AND ((o.start_date > r.start_date AND o.start_date <= x.assessed_on)
          OR (r.start_date > x.assessed_on AND o.start_date < r.start_date)))
      JOIN (SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
        UNION ALL SELECT 5) k
        ON (k.kind = 0 AND x.np <> 1 AND (r.enrolment_id IS NULL OR r.enrolment_id = (SELECT MIN(d.enrolment_id)
          FROM report_facts d WHERE d.participant_id = r.participant_id AND +d.centre_id = r.centre_id
          AND d.start_date = r.start_date)))
        OR (k.kind = 1 AND x.np = 1) OR (k.kind >= 2 AND x.np >= 2)) u) c
  WHERE rn = 1 OR rn > cnt - 63) s) t
WHERE pos > 1 AND (next_year IS NULL OR next_year <> year);
UPDATE language_steps SET (age, schooling) = (SELECT CASE WHEN r.start_date < r.birth_date THEN -1
      ELSE CAST(substr(r.start_date, 1, 4) AS BIGINT) - CAST(substr(r.birth_date, 1, 4) AS BIGINT)
        - CASE WHEN CAST(substr(r.start_date, 6, 2) AS BIGINT) * 100 + CAST(substr(r.start_date, 9, 2) AS BIGINT)
          < CAST(substr(r.birth_date, 6, 2) AS BIGINT) * 100 + CAST(substr(r.birth_date, 9, 2) AS BIGINT)
          THEN 1 ELSE 0 END END,
  COALESCE(r.schooling, -1) FROM report_facts r WHERE r.participant_id = language_steps.participant_id
  AND r.centre_id = language_steps.centre_id) WHERE kind = 1;
CREATE TABLE language_bands (
  centre_id BIGINT NOT NULL,
  kind BIGINT NOT NULL,
  country TEXT NOT NULL,
  age BIGINT NOT NULL,
  schooling BIGINT NOT NULL,
  gender TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  exit_year BIGINT NOT NULL,
  year BIGINT NOT NULL,
  skill TEXT NOT NULL,
  people BIGINT NOT NULL,
  gain BIGINT NOT NULL,
  PRIMARY KEY (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
) WITHOUT ROWID;
CREATE VIEW language_bands_source AS
SELECT centre_id, 0 AS kind, '' AS country, age, schooling, gender, start_year, exit_year, year, skill,
  COUNT(*) AS people, SUM(gain) AS gain
FROM language_steps WHERE kind = 1 GROUP BY centre_id, age, schooling, gender, start_year, exit_year, year, skill
UNION ALL
SELECT centre_id, 1 AS kind, country, age, schooling, gender, start_year, exit_year, year, skill,
  COUNT(*) AS people, SUM(gain) AS gain
FROM language_steps WHERE kind = 1
GROUP BY centre_id, country, age, schooling, gender, start_year, exit_year, year, skill;
INSERT INTO language_bands SELECT * FROM language_bands_source;
CREATE TRIGGER report_facts_language_steps_update AFTER UPDATE ON language_steps BEGIN
  INSERT INTO language_gains VALUES (OLD.centre_id, OLD.kind, OLD.start_year, OLD.exit_year, OLD.gender, OLD.country,
    OLD.year, OLD.skill, -1, -OLD.gain)
    ON CONFLICT (centre_id, kind, start_year, exit_year, gender, country, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain;
  DELETE FROM language_gains WHERE people = 0 AND centre_id = OLD.centre_id AND kind = OLD.kind
    AND start_year = OLD.start_year AND exit_year = OLD.exit_year AND gender = OLD.gender AND country = OLD.country
    AND year = OLD.year AND skill = OLD.skill;
  INSERT INTO language_gains VALUES (NEW.centre_id, NEW.kind, NEW.start_year, NEW.exit_year, NEW.gender, NEW.country,
    NEW.year, NEW.skill, 1, NEW.gain)
    ON CONFLICT (centre_id, kind, start_year, exit_year, gender, country, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain;
END;
-- a period's birth date or schooling written counts its participant's steps again too
CREATE TRIGGER report_facts_language_periods_update AFTER UPDATE ON report_facts
WHEN OLD.participant_id IS NOT NEW.participant_id OR OLD.centre_id IS NOT NEW.centre_id
  OR OLD.enrolment_id IS NOT NEW.enrolment_id OR OLD.start_date IS NOT NEW.start_date
  OR OLD.gender IS NOT NEW.gender OR OLD.country IS NOT NEW.country OR OLD.start_year IS NOT NEW.start_year
  OR OLD.exit_year IS NOT NEW.exit_year OR OLD.birth_date IS NOT NEW.birth_date
  OR OLD.schooling IS NOT NEW.schooling BEGIN
  DELETE FROM language_steps WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
  INSERT INTO language_steps SELECT * FROM language_steps_source
  WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;
-- a step of one period written adds itself to its two groups, a step removed takes itself away (an emptied group goes)
CREATE TRIGGER report_facts_language_bands_insert AFTER INSERT ON language_steps WHEN NEW.kind = 1 BEGIN
  INSERT INTO language_bands VALUES (NEW.centre_id, 0, '', NEW.age, NEW.schooling, NEW.gender,
    NEW.start_year, NEW.exit_year, NEW.year, NEW.skill, 1, NEW.gain)
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain;
  INSERT INTO language_bands VALUES (NEW.centre_id, 1, NEW.country, NEW.age, NEW.schooling, NEW.gender,
    NEW.start_year, NEW.exit_year, NEW.year, NEW.skill, 1, NEW.gain)
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain;
END;
CREATE TRIGGER report_facts_language_bands_delete AFTER DELETE ON language_steps WHEN OLD.kind = 1 BEGIN
  INSERT INTO language_bands VALUES (OLD.centre_id, 0, '', OLD.age, OLD.schooling, OLD.gender,
    OLD.start_year, OLD.exit_year, OLD.year, OLD.skill, -1, -OLD.gain)
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain;
  DELETE FROM language_bands WHERE people = 0 AND centre_id = OLD.centre_id AND kind = 0
    AND country = '' AND age = OLD.age AND schooling = OLD.schooling AND gender = OLD.gender
    AND start_year = OLD.start_year AND exit_year = OLD.exit_year AND year = OLD.year AND skill = OLD.skill;
  INSERT INTO language_bands VALUES (OLD.centre_id, 1, OLD.country, OLD.age, OLD.schooling, OLD.gender,
    OLD.start_year, OLD.exit_year, OLD.year, OLD.skill, -1, -OLD.gain)
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain;
  DELETE FROM language_bands WHERE people = 0 AND centre_id = OLD.centre_id AND kind = 1
    AND country = OLD.country AND age = OLD.age AND schooling = OLD.schooling AND gender = OLD.gender
    AND start_year = OLD.start_year AND exit_year = OLD.exit_year AND year = OLD.year AND skill = OLD.skill;
END;
CREATE TRIGGER report_facts_language_bands_update_old AFTER UPDATE ON language_steps WHEN OLD.kind = 1 BEGIN
  INSERT INTO language_bands VALUES (OLD.centre_id, 0, '', OLD.age, OLD.schooling, OLD.gender,
    OLD.start_year, OLD.exit_year, OLD.year, OLD.skill, -1, -OLD.gain)
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain;
  DELETE FROM language_bands WHERE people = 0 AND centre_id = OLD.centre_id AND kind = 0
    AND country = '' AND age = OLD.age AND schooling = OLD.schooling AND gender = OLD.gender
    AND start_year = OLD.start_year AND exit_year = OLD.exit_year AND year = OLD.year AND skill = OLD.skill;
  INSERT INTO language_bands VALUES (OLD.centre_id, 1, OLD.country, OLD.age, OLD.schooling, OLD.gender,
    OLD.start_year, OLD.exit_year, OLD.year, OLD.skill, -1, -OLD.gain)
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain;
  DELETE FROM language_bands WHERE people = 0 AND centre_id = OLD.centre_id AND kind = 1
    AND country = OLD.country AND age = OLD.age AND schooling = OLD.schooling AND gender = OLD.gender
    AND start_year = OLD.start_year AND exit_year = OLD.exit_year AND year = OLD.year AND skill = OLD.skill;
END;
CREATE TRIGGER report_facts_language_bands_update_new AFTER UPDATE ON language_steps WHEN NEW.kind = 1 BEGIN
  INSERT INTO language_bands VALUES (NEW.centre_id, 0, '', NEW.age, NEW.schooling, NEW.gender,
    NEW.start_year, NEW.exit_year, NEW.year, NEW.skill, 1, NEW.gain)
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain;
  INSERT INTO language_bands VALUES (NEW.centre_id, 1, NEW.country, NEW.age, NEW.schooling, NEW.gender,
    NEW.start_year, NEW.exit_year, NEW.year, NEW.skill, 1, NEW.gain)
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain;
END;
