-- Internships under an age band or a schooling band counted from the kept placements (docs/DECISIONS.md 99.)
-- placement_facts (migration 38) gains its period's age at the start in
-- whole years (date_age_on() of the birth on the period's start: the
-- year's difference less one before the birthday, -1 for a start before
-- the birth) and years of schooling (-1 when not given), both -1 for kind 0
-- (no period, or several, read with no filter). A band is a range of
-- these (the domain's report_age_band_of() and report_schooling_band_of()
-- say which, store_report.c asks them), so the report reads the range of
-- placement_facts_age or placement_facts_schooling and sums by employer.
-- placement_facts_open gains the two columns, so that what today changes
-- is read from it alone under a band too.
DROP TRIGGER report_facts_placement_facts_update;
DROP VIEW placement_facts_source;
ALTER TABLE placement_facts ADD COLUMN age BIGINT NOT NULL DEFAULT -1;
ALTER TABLE placement_facts ADD COLUMN schooling BIGINT NOT NULL DEFAULT -1;
CREATE VIEW placement_facts_source AS
SELECT x.centre_id AS centre_id, x.id AS placement_id, k.kind AS kind,
  CASE WHEN k.kind = 0 THEN 0 ELSE r.enrolment_id END AS enrolment_id, x.participant_id AS participant_id,
  x.employer_id AS employer_id, CASE WHEN k.kind = 0 THEN -1 ELSE r.start_year END AS start_year,
  CASE WHEN k.kind = 0 THEN -1 ELSE r.exit_year END AS exit_year, CASE WHEN k.kind = 0 THEN '' ELSE r.gender END AS gender,
  CASE WHEN k.kind = 0 THEN '' ELSE r.country END AS country, x.starts_on AS starts_on, x.ends_on AS ends_on,
  CASE WHEN x.phase = 'agreed' AND x.ends_on > x.starts_on THEN x.ends_on ELSE x.starts_on END AS until_on,
  CASE WHEN x.phase = 'agreed' THEN 1 ELSE 0 END AS agreed, CASE WHEN x.phase = 'ended_early' THEN 1 ELSE 0 END AS early,
  CASE WHEN x.result = 'hired' OR x.end_reason = 'got_job' THEN 1 ELSE 0 END AS job,
  CASE WHEN k.kind = 0 OR r.start_date < r.birth_date THEN -1
    ELSE CAST(substr(r.start_date, 1, 4) AS BIGINT) - CAST(substr(r.birth_date, 1, 4) AS BIGINT)
      - CASE WHEN substr(r.start_date, 6, 5) < substr(r.birth_date, 6, 5) THEN 1 ELSE 0 END END AS age,
  CASE WHEN k.kind = 0 THEN -1 ELSE COALESCE(r.schooling, -1) END AS schooling
FROM (SELECT p.centre_id AS centre_id, p.id AS id, p.participant_id AS participant_id, p.employer_id AS employer_id,
    p.starts_on AS starts_on, p.ends_on AS ends_on, p.phase AS phase, p.result AS result, p.end_reason AS end_reason,
    (SELECT COUNT(*) FROM report_facts n WHERE n.participant_id = p.participant_id AND +n.centre_id = p.centre_id) AS np
  FROM placements p WHERE p.starts_on IS NOT NULL
    AND (p.phase = 'agreed' OR (p.phase = 'ended_early' AND p.ended_on >= p.starts_on))) x
LEFT JOIN report_facts r ON r.participant_id = x.participant_id AND +r.centre_id = x.centre_id
  AND NOT EXISTS (SELECT 1 FROM report_facts o WHERE o.participant_id = r.participant_id
    AND +o.centre_id = r.centre_id AND ((o.start_date > r.start_date AND o.start_date <= x.starts_on)
    OR (r.start_date > x.starts_on AND o.start_date < r.start_date)))
JOIN (SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2) k
  ON (k.kind = 0 AND x.np <> 1 AND (r.enrolment_id IS NULL OR r.enrolment_id = (SELECT MIN(d.enrolment_id)
    FROM report_facts d WHERE d.participant_id = r.participant_id AND +d.centre_id = r.centre_id
    AND d.start_date = r.start_date)))
  OR (k.kind = 1 AND x.np = 1) OR (k.kind = 2 AND x.np >= 2);
-- the kept placements of a period take its age and schooling (the groups
-- do not hold them: their trigger, dropped above, is made again after)
UPDATE placement_facts SET
  age = (SELECT CASE WHEN r.start_date < r.birth_date THEN -1
      ELSE CAST(substr(r.start_date, 1, 4) AS BIGINT) - CAST(substr(r.birth_date, 1, 4) AS BIGINT)
        - CASE WHEN substr(r.start_date, 6, 5) < substr(r.birth_date, 6, 5) THEN 1 ELSE 0 END END
    FROM report_facts r WHERE r.enrolment_id = placement_facts.enrolment_id
      AND r.centre_id = placement_facts.centre_id),
  schooling = (SELECT COALESCE(r.schooling, -1) FROM report_facts r WHERE r.enrolment_id = placement_facts.enrolment_id
      AND r.centre_id = placement_facts.centre_id)
WHERE kind > 0;
CREATE TRIGGER report_facts_placement_facts_update AFTER UPDATE ON placement_facts BEGIN
  INSERT INTO internship_employers SELECT OLD.centre_id, OLD.employer_id, -1, CASE WHEN OLD.agreed = 1 AND OLD.ends_on IS NOT NULL THEN -1 ELSE 0 END, -OLD.early,
    -OLD.job WHERE OLD.kind IN (0, 1)
    ON CONFLICT (centre_id, employer_id) DO UPDATE SET started = started + excluded.started,
    completed = completed + excluded.completed, early = early + excluded.early, job = job + excluded.job;
  INSERT INTO internship_groups SELECT OLD.centre_id, OLD.start_year, OLD.gender, OLD.exit_year, OLD.country,
    OLD.employer_id, -1, CASE WHEN OLD.agreed = 1 AND OLD.ends_on IS NOT NULL THEN -1 ELSE 0 END, -OLD.early, -OLD.job WHERE OLD.kind IN (1, 2)
    ON CONFLICT (centre_id, start_year, gender, employer_id, exit_year, country) DO UPDATE SET
    started = started + excluded.started, completed = completed + excluded.completed, early = early + excluded.early,
    job = job + excluded.job;
  INSERT INTO internship_cohorts SELECT OLD.centre_id, OLD.start_year, OLD.gender, OLD.employer_id, -1,
    CASE WHEN OLD.agreed = 1 AND OLD.ends_on IS NOT NULL THEN -1 ELSE 0 END, -OLD.early, -OLD.job WHERE OLD.kind IN (1, 2)
    ON CONFLICT (centre_id, start_year, gender, employer_id) DO UPDATE SET started = started + excluded.started,
    completed = completed + excluded.completed, early = early + excluded.early, job = job + excluded.job;
  DELETE FROM internship_employers WHERE started = 0 AND centre_id = OLD.centre_id AND employer_id = OLD.employer_id;
  DELETE FROM internship_groups WHERE started = 0 AND centre_id = OLD.centre_id AND start_year = OLD.start_year
    AND gender = OLD.gender AND exit_year = OLD.exit_year AND country = OLD.country
    AND employer_id = OLD.employer_id;
  DELETE FROM internship_cohorts WHERE started = 0 AND centre_id = OLD.centre_id AND start_year = OLD.start_year
    AND gender = OLD.gender AND employer_id = OLD.employer_id;
  INSERT INTO internship_employers SELECT NEW.centre_id, NEW.employer_id, 1, CASE WHEN NEW.agreed = 1 AND NEW.ends_on IS NOT NULL THEN 1 ELSE 0 END, NEW.early,
    NEW.job WHERE NEW.kind IN (0, 1)
    ON CONFLICT (centre_id, employer_id) DO UPDATE SET started = started + excluded.started,
    completed = completed + excluded.completed, early = early + excluded.early, job = job + excluded.job;
  INSERT INTO internship_groups SELECT NEW.centre_id, NEW.start_year, NEW.gender, NEW.exit_year, NEW.country,
    NEW.employer_id, 1, CASE WHEN NEW.agreed = 1 AND NEW.ends_on IS NOT NULL THEN 1 ELSE 0 END, NEW.early, NEW.job WHERE NEW.kind IN (1, 2)
    ON CONFLICT (centre_id, start_year, gender, employer_id, exit_year, country) DO UPDATE SET
    started = started + excluded.started, completed = completed + excluded.completed, early = early + excluded.early,
    job = job + excluded.job;
  INSERT INTO internship_cohorts SELECT NEW.centre_id, NEW.start_year, NEW.gender, NEW.employer_id, 1,
    CASE WHEN NEW.agreed = 1 AND NEW.ends_on IS NOT NULL THEN 1 ELSE 0 END, NEW.early, NEW.job WHERE NEW.kind IN (1, 2)
    ON CONFLICT (centre_id, start_year, gender, employer_id) DO UPDATE SET started = started + excluded.started,
    completed = completed + excluded.completed, early = early + excluded.early, job = job + excluded.job;
END;
-- a band's range (with the other filters' columns and what the report sums)
CREATE INDEX placement_facts_age ON placement_facts(centre_id, age, schooling, gender, start_year, exit_year, country,
  employer_id, agreed, ends_on, early, job);
CREATE INDEX placement_facts_schooling ON placement_facts(centre_id, schooling, age, gender, start_year, exit_year,
  country, employer_id, agreed, ends_on, early, job);
DROP INDEX placement_facts_open;
CREATE INDEX placement_facts_open ON placement_facts(centre_id, until_on, kind, start_year, gender, exit_year, country,
  employer_id, starts_on, ends_on, agreed, early, job, age, schooling);
-- a period's birth or schooling changed moves its placements too
DROP TRIGGER report_facts_placements_periods_update;
CREATE TRIGGER report_facts_placements_periods_update AFTER UPDATE ON report_facts
WHEN OLD.participant_id IS NOT NEW.participant_id OR OLD.centre_id IS NOT NEW.centre_id
  OR OLD.enrolment_id IS NOT NEW.enrolment_id OR OLD.start_date IS NOT NEW.start_date
  OR OLD.gender IS NOT NEW.gender OR OLD.country IS NOT NEW.country OR OLD.start_year IS NOT NEW.start_year
  OR OLD.exit_year IS NOT NEW.exit_year OR OLD.birth_date IS NOT NEW.birth_date
  OR OLD.schooling IS NOT NEW.schooling BEGIN
  DELETE FROM placement_facts WHERE participant_id = OLD.participant_id AND centre_id = OLD.centre_id;
  INSERT INTO placement_facts SELECT * FROM placement_facts_source WHERE placement_id IN
    (SELECT id FROM placements WHERE participant_id = OLD.participant_id AND centre_id = OLD.centre_id);
  DELETE FROM placement_facts WHERE participant_id = NEW.participant_id AND centre_id = NEW.centre_id;
  INSERT INTO placement_facts SELECT * FROM placement_facts_source WHERE placement_id IN
    (SELECT id FROM placements WHERE participant_id = NEW.participant_id AND centre_id = NEW.centre_id);
END;
