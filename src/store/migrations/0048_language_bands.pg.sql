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
DROP TRIGGER report_facts_language_steps ON language_steps;
DROP TRIGGER report_facts_language_periods_update ON report_facts;
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
);
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
-- a period's birth date or schooling written counts its participant's steps again too
CREATE TRIGGER report_facts_language_periods_update AFTER UPDATE ON report_facts FOR EACH ROW
  WHEN (OLD.participant_id IS DISTINCT FROM NEW.participant_id OR OLD.centre_id IS DISTINCT FROM NEW.centre_id
  OR OLD.enrolment_id IS DISTINCT FROM NEW.enrolment_id OR OLD.start_date IS DISTINCT FROM NEW.start_date
  OR OLD.gender IS DISTINCT FROM NEW.gender OR OLD.country IS DISTINCT FROM NEW.country
  OR OLD.start_year IS DISTINCT FROM NEW.start_year OR OLD.exit_year IS DISTINCT FROM NEW.exit_year
  OR OLD.birth_date IS DISTINCT FROM NEW.birth_date OR OLD.schooling IS DISTINCT FROM NEW.schooling)
  EXECUTE FUNCTION report_facts_language();
-- a step of one period written adds itself to its two groups, a step removed takes itself away (an emptied group goes)
CREATE FUNCTION language_bands_add(r language_steps, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF r.kind <> 1 THEN RETURN; END IF;
  INSERT INTO language_bands VALUES (r.centre_id, 0, '', r.age, r.schooling, r.gender, r.start_year, r.exit_year,
    r.year, r.skill, s, s * r.gain), (r.centre_id, 1, r.country, r.age, r.schooling, r.gender, r.start_year,
    r.exit_year, r.year, r.skill, s, s * r.gain)
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = language_bands.people + EXCLUDED.people, gain = language_bands.gain + EXCLUDED.gain;
  IF s < 0 THEN
    DELETE FROM language_bands WHERE people = 0 AND centre_id = r.centre_id AND kind IN (0, 1)
      AND country IN ('', r.country) AND age = r.age AND schooling = r.schooling AND gender = r.gender
      AND start_year = r.start_year AND exit_year = r.exit_year AND year = r.year AND skill = r.skill;
  END IF;
END $$;
CREATE OR REPLACE FUNCTION report_facts_language_steps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM language_gains_add(OLD, -1); PERFORM language_bands_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM language_gains_add(NEW, 1); PERFORM language_bands_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_language_steps AFTER INSERT OR UPDATE OR DELETE ON language_steps
  FOR EACH ROW EXECUTE FUNCTION report_facts_language_steps();
