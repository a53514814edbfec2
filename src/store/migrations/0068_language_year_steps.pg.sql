-- Norwegian asked for a calendar year counts each year's own steps, kept (docs/DECISIONS.md 129).
-- Under a period the report reads the period's assessments one by one
-- through their periods (2.2 million this year at a million participants:
-- 1.1-2.3 s on both engines): the run under a period is the assessments in
-- it, so a year's step is counted from the year's own first level, which
-- the kept steps do not hold. language_steps gains gain_in: of a year with
-- two assessments or more in the run, the year's last level less its
-- first (NULL otherwise); language_gains counts them (people_in, gain_in).
-- A period of one calendar year (from its 1 January to its 31 December,
-- or to today or later in this year) is then those of its year. The run
-- is now every assessment: the first and the latest 63 of a run of more
-- than 64 (decision 87) were kept for the report's fixed array, which
-- counts a run as it comes now, and a year of such a run in the middle
-- would have had no kept step of its own. The steps, their groups and
-- their groups by age and schooling are counted again from the views.
-- The steps' trigger is paused while the tables are counted again.
ALTER TABLE language_steps DISABLE TRIGGER report_facts_language_steps;
DROP VIEW language_gains_source;
DROP VIEW language_steps_source;
ALTER TABLE language_steps ADD COLUMN gain_in BIGINT;
ALTER TABLE language_gains ADD COLUMN people_in BIGINT NOT NULL DEFAULT 0;
ALTER TABLE language_gains ADD COLUMN gain_in BIGINT NOT NULL DEFAULT 0;
CREATE VIEW language_steps_source AS
SELECT centre_id, participant_id, skill, kind, start_year, exit_year, gender, country, year, lv - base % 8 AS gain, age, schooling,
  CASE WHEN pos > yfirst / 8 THEN lv - yfirst % 8 END AS gain_in
FROM (SELECT centre_id, participant_id, skill, kind, start_year, exit_year, gender, country, year, lv, pos, age, schooling,
    MAX(CASE WHEN prev_year IS NULL OR prev_year <> year THEN pos * 8 + COALESCE(prev_lv, lv) END) OVER (
      PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS base,
    MAX(CASE WHEN prev_year IS NULL OR prev_year <> year THEN pos * 8 + lv END) OVER (
      PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS yfirst,
    LEAD(year) OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id) AS next_year
  FROM (SELECT centre_id, participant_id, skill, kind, start_year, exit_year, gender, country, assessed_on, id, year, lv, age, schooling,
    LAG(lv) OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id) AS prev_lv,
    LAG(year) OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id) AS prev_year,
    ROW_NUMBER() OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id) AS pos
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
        OR (k.kind = 1 AND x.np = 1) OR (k.kind >= 2 AND x.np >= 2)) u) s) t
WHERE pos > 1 AND (next_year IS NULL OR next_year <> year);
CREATE VIEW language_gains_source AS
SELECT centre_id, kind, start_year, exit_year, gender, country, year, skill, COUNT(*) AS people, SUM(gain) AS gain,
  SUM(CASE WHEN gain_in IS NULL THEN 0 ELSE 1 END) AS people_in, COALESCE(SUM(gain_in), 0) AS gain_in
FROM language_steps GROUP BY centre_id, kind, start_year, exit_year, gender, country, year, skill;
DELETE FROM language_steps;
INSERT INTO language_steps SELECT * FROM language_steps_source;
DELETE FROM language_gains;
INSERT INTO language_gains SELECT * FROM language_gains_source;
DELETE FROM language_bands;
INSERT INTO language_bands SELECT * FROM language_bands_source;
ALTER TABLE language_steps ENABLE TRIGGER report_facts_language_steps;
-- a step written adds itself to its group, a step removed takes itself away (an emptied group goes)
CREATE OR REPLACE FUNCTION language_gains_add(r language_steps, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO language_gains VALUES (r.centre_id, r.kind, r.start_year, r.exit_year, r.gender, r.country, r.year,
    r.skill, s, s * r.gain, CASE WHEN r.gain_in IS NULL THEN 0 ELSE s END, s * COALESCE(r.gain_in, 0))
    ON CONFLICT (centre_id, kind, start_year, exit_year, gender, country, year, skill)
    DO UPDATE SET people = language_gains.people + EXCLUDED.people, gain = language_gains.gain + EXCLUDED.gain,
    people_in = language_gains.people_in + EXCLUDED.people_in, gain_in = language_gains.gain_in + EXCLUDED.gain_in;
  IF s < 0 THEN
    DELETE FROM language_gains WHERE people = 0 AND centre_id = r.centre_id AND kind = r.kind
      AND start_year = r.start_year AND exit_year = r.exit_year AND gender = r.gender AND country = r.country
      AND year = r.year AND skill = r.skill;
  END IF;
END $$;
