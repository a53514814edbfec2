-- an assessment withdrawn: kept with who, when and why, counted nowhere
-- An assessment recorded by mistake is withdrawn, not deleted (issue 9 §4):
-- withdrawn_at, withdrawn_by and withdrawn_reason keep who withdrew it,
-- when and why. A withdrawn assessment is no longer a level: the
-- Norwegian report's kept steps (language_steps_source, migration 68) leave
-- it out, and a withdrawal is a write of the participant's steps, so the
-- trigger of an assessment's update counts them again in its transaction
-- (language_gains and language_bands follow from the steps' triggers).
-- No assessment is withdrawn yet: the kept tables hold as they are.
ALTER TABLE language_assessments ADD COLUMN withdrawn_at BIGINT;
ALTER TABLE language_assessments ADD COLUMN withdrawn_by BIGINT REFERENCES users(id);
ALTER TABLE language_assessments ADD COLUMN withdrawn_reason TEXT;
DROP VIEW language_steps_source;
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
        FROM language_assessments a WHERE a.withdrawn_at IS NULL) x
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
-- a withdrawal counts the participant's steps again
DROP TRIGGER report_facts_language_update;
CREATE TRIGGER report_facts_language_update
AFTER UPDATE OF participant_id, skill, level, assessed_on, centre_id, withdrawn_at ON language_assessments BEGIN
  DELETE FROM language_steps WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
  INSERT INTO language_steps SELECT * FROM language_steps_source
  WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;
