-- Norwegian and Internships counted from kept facts, kept by triggers in the transaction of every write
-- Norwegian counted from kept steps (docs/DECISIONS.md 87.) The report read
-- every assessment of the centre (3.8 million at a million participants) to
-- find each participant's steps, and under a filter each assessment's period.
-- language_steps keeps, per participant, skill and year, the step of the year
-- that the report counts (the year's last level less the level before the
-- year's first, when those are two assessments; of a run of more than 64
-- assessments the first and the latest 63, as the report keeps them), once
-- per way a filter can cut the run: an assessment has the filters of its
-- period (decision 83: the participant's latest period started by its day,
-- else the first), and the run under a filter is the assessments whose
-- period passes, so a kind of row for each set of columns a filter can
-- compare, the run cut by those columns:
--   kind 0: no filter, the whole run, every assessment once ('' and -1 for
--           the columns), for a participant with no period or with several;
--   kind 1: a participant with one period: the whole run with the period's
--           gender, country, start and exit year (any filter cuts all or none);
--   kind 2: several periods, by gender and country (-1 -1 for the years);
--   kind 3: several periods, by the period's start year as well;
--   kind 4: several periods, by its exit year (start year -1);
--   kind 5: several periods, by both years.
-- (Gender and country are the participant's, the same in all their periods.)
-- It is the view language_steps_source, kept by the triggers below: a write
-- of an assessment or of a kept period counts the participant's steps again.
-- language_gains holds the steps counted by centre, kind, the filter's
-- columns, year and skill (people, and the steps summed): the view
-- language_gains_source, kept by triggers on language_steps. The report reads
-- it unless a filter needs what it lacks (contact person, age or schooling
-- band, the scheme, a period) or an assessment is after today.
-- The triggers are named report_facts_*, so the demo's bulk load pauses them
-- and fills the tables from the views.
CREATE TABLE language_steps (
  centre_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  skill TEXT NOT NULL,
  kind BIGINT NOT NULL,
  start_year BIGINT NOT NULL,
  exit_year BIGINT NOT NULL,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  year BIGINT NOT NULL,
  gain BIGINT NOT NULL,
  PRIMARY KEY (participant_id, centre_id, skill, kind, start_year, exit_year, gender, country, year)
);
CREATE VIEW language_steps_source AS
SELECT centre_id, participant_id, skill, kind, start_year, exit_year, gender, country, year, lv - base % 8 AS gain
FROM (SELECT centre_id, participant_id, skill, kind, start_year, exit_year, gender, country, year, lv, pos,
    MAX(CASE WHEN prev_year IS NULL OR prev_year <> year THEN pos * 8 + COALESCE(prev_lv, lv) END) OVER (
      PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS base,
    LEAD(year) OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id) AS next_year
  FROM (SELECT centre_id, participant_id, skill, kind, start_year, exit_year, gender, country, assessed_on, id, year, lv,
    LAG(lv) OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id) AS prev_lv,
    LAG(year) OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id) AS prev_year,
    ROW_NUMBER() OVER (PARTITION BY centre_id, participant_id, skill, kind, start_year, exit_year, gender, country
      ORDER BY assessed_on, id) AS pos
  FROM (SELECT centre_id, participant_id, skill, kind, start_year, exit_year, gender, country, assessed_on, id, lv,
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
        CASE WHEN k.kind = 0 THEN '' ELSE r.country END AS country
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
CREATE TABLE language_gains (
  centre_id BIGINT NOT NULL,
  kind BIGINT NOT NULL,
  start_year BIGINT NOT NULL,
  exit_year BIGINT NOT NULL,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  year BIGINT NOT NULL,
  skill TEXT NOT NULL,
  people BIGINT NOT NULL,
  gain BIGINT NOT NULL,
  PRIMARY KEY (centre_id, kind, start_year, exit_year, gender, country, year, skill)
);
CREATE VIEW language_gains_source AS
SELECT centre_id, kind, start_year, exit_year, gender, country, year, skill, COUNT(*) AS people, SUM(gain) AS gain
FROM language_steps GROUP BY centre_id, kind, start_year, exit_year, gender, country, year, skill;
INSERT INTO language_steps SELECT * FROM language_steps_source;
INSERT INTO language_gains SELECT * FROM language_gains_source;
-- the report reads the kept steps when no assessment of the centre is after today
CREATE INDEX language_assessments_day ON language_assessments(centre_id, assessed_on);
CREATE FUNCTION language_steps_of(p BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM language_steps WHERE participant_id = p;
  INSERT INTO language_steps SELECT * FROM language_steps_source WHERE participant_id = p;
END $$;
CREATE FUNCTION report_facts_language() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM language_steps_of(OLD.participant_id); END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.participant_id <> OLD.participant_id) THEN
    PERFORM language_steps_of(NEW.participant_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_language AFTER INSERT OR DELETE OR UPDATE OF participant_id, skill, level, assessed_on,
  centre_id ON language_assessments FOR EACH ROW EXECUTE FUNCTION report_facts_language();
-- a period written moves its participant's assessments
CREATE TRIGGER report_facts_language_periods AFTER INSERT OR DELETE ON report_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_language();
CREATE TRIGGER report_facts_language_periods_update AFTER UPDATE ON report_facts FOR EACH ROW
  WHEN (OLD.participant_id IS DISTINCT FROM NEW.participant_id OR OLD.centre_id IS DISTINCT FROM NEW.centre_id
  OR OLD.enrolment_id IS DISTINCT FROM NEW.enrolment_id OR OLD.start_date IS DISTINCT FROM NEW.start_date
  OR OLD.gender IS DISTINCT FROM NEW.gender OR OLD.country IS DISTINCT FROM NEW.country
  OR OLD.start_year IS DISTINCT FROM NEW.start_year OR OLD.exit_year IS DISTINCT FROM NEW.exit_year)
  EXECUTE FUNCTION report_facts_language();
-- a step written adds itself to its group, a step removed takes itself away (an emptied group goes)
CREATE FUNCTION language_gains_add(r language_steps, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO language_gains VALUES (r.centre_id, r.kind, r.start_year, r.exit_year, r.gender, r.country, r.year,
    r.skill, s, s * r.gain)
    ON CONFLICT (centre_id, kind, start_year, exit_year, gender, country, year, skill)
    DO UPDATE SET people = language_gains.people + EXCLUDED.people, gain = language_gains.gain + EXCLUDED.gain;
  IF s < 0 THEN
    DELETE FROM language_gains WHERE people = 0 AND centre_id = r.centre_id AND kind = r.kind
      AND start_year = r.start_year AND exit_year = r.exit_year AND gender = r.gender AND country = r.country
      AND year = r.year AND skill = r.skill;
  END IF;
END $$;
CREATE FUNCTION report_facts_language_steps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM language_gains_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM language_gains_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_language_steps AFTER INSERT OR UPDATE OR DELETE ON language_steps
  FOR EACH ROW EXECUTE FUNCTION report_facts_language_steps();
-- Internships counted from kept placements (decision 87). The report read
-- every started placement of the centre (423,706 at a million) and, under a
-- filter, each one's period. placement_facts keeps each placement the report
-- counts (started, agreed or ended early on or after its start) with what
-- the report reads of it and the filter columns of its period (decision 83:
-- the latest started by its start, else the first): kind 0 with no filter
-- (a participant with no period or several: the placement once, '' and -1
-- for the columns), kind 1 for a participant with one period (any filter),
-- kind 2 for several (one row per period it belongs to). until_on is the
-- last day the report's figures of it can change with today: the end of an
-- agreed placement (completed the day after), else its start. It is the
-- view placement_facts_source, kept by triggers on placements and on
-- report_facts (a period written moves its participant's placements).
-- internship_employers counts kinds 0 and 1 by employer, internship_groups
-- kinds 1 and 2 by the filters' columns and employer, each as if today were
-- after every placement (started, completed: agreed with an end, ended
-- early, converted into a job); the report takes away what today changes
-- from the placements not over by today (until_on >= today, few).
CREATE TABLE placement_facts (
  centre_id BIGINT NOT NULL,
  placement_id BIGINT NOT NULL,
  kind BIGINT NOT NULL,
  enrolment_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  employer_id BIGINT NOT NULL,
  start_year BIGINT NOT NULL,
  exit_year BIGINT NOT NULL,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT,
  until_on TEXT NOT NULL,
  agreed BIGINT NOT NULL,
  early BIGINT NOT NULL,
  job BIGINT NOT NULL,
  PRIMARY KEY (placement_id, kind, enrolment_id)
);
CREATE VIEW placement_facts_source AS
SELECT x.centre_id AS centre_id, x.id AS placement_id, k.kind AS kind,
  CASE WHEN k.kind = 0 THEN 0 ELSE r.enrolment_id END AS enrolment_id, x.participant_id AS participant_id,
  x.employer_id AS employer_id, CASE WHEN k.kind = 0 THEN -1 ELSE r.start_year END AS start_year,
  CASE WHEN k.kind = 0 THEN -1 ELSE r.exit_year END AS exit_year, CASE WHEN k.kind = 0 THEN '' ELSE r.gender END AS gender,
  CASE WHEN k.kind = 0 THEN '' ELSE r.country END AS country, x.starts_on AS starts_on, x.ends_on AS ends_on,
  CASE WHEN x.phase = 'agreed' AND x.ends_on > x.starts_on THEN x.ends_on ELSE x.starts_on END AS until_on,
  CASE WHEN x.phase = 'agreed' THEN 1 ELSE 0 END AS agreed, CASE WHEN x.phase = 'ended_early' THEN 1 ELSE 0 END AS early,
  CASE WHEN x.result = 'hired' OR x.end_reason = 'got_job' THEN 1 ELSE 0 END AS job
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
CREATE TABLE internship_employers (
  centre_id BIGINT NOT NULL,
  employer_id BIGINT NOT NULL,
  started BIGINT NOT NULL,
  completed BIGINT NOT NULL,
  early BIGINT NOT NULL,
  job BIGINT NOT NULL,
  PRIMARY KEY (centre_id, employer_id)
);
CREATE VIEW internship_employers_source AS
SELECT centre_id, employer_id, COUNT(*) AS started,
  SUM(CASE WHEN agreed = 1 AND ends_on IS NOT NULL THEN 1 ELSE 0 END) AS completed, SUM(early) AS early, SUM(job) AS job
FROM placement_facts WHERE kind IN (0, 1) GROUP BY centre_id, employer_id;
CREATE TABLE internship_groups (
  centre_id BIGINT NOT NULL,
  start_year BIGINT NOT NULL,
  gender TEXT NOT NULL,
  exit_year BIGINT NOT NULL,
  country TEXT NOT NULL,
  employer_id BIGINT NOT NULL,
  started BIGINT NOT NULL,
  completed BIGINT NOT NULL,
  early BIGINT NOT NULL,
  job BIGINT NOT NULL,
  PRIMARY KEY (centre_id, start_year, gender, employer_id, exit_year, country)
);
CREATE VIEW internship_groups_source AS
SELECT centre_id, start_year, gender, exit_year, country, employer_id, COUNT(*) AS started,
  SUM(CASE WHEN agreed = 1 AND ends_on IS NOT NULL THEN 1 ELSE 0 END) AS completed, SUM(early) AS early, SUM(job) AS job
FROM placement_facts WHERE kind IN (1, 2) GROUP BY centre_id, start_year, gender, exit_year, country, employer_id;
-- internship_cohorts: the same by start year, gender and employer alone
-- (what a filter of gender and cohort reads: fewer groups)
CREATE TABLE internship_cohorts (
  centre_id BIGINT NOT NULL,
  start_year BIGINT NOT NULL,
  gender TEXT NOT NULL,
  employer_id BIGINT NOT NULL,
  started BIGINT NOT NULL,
  completed BIGINT NOT NULL,
  early BIGINT NOT NULL,
  job BIGINT NOT NULL,
  PRIMARY KEY (centre_id, start_year, gender, employer_id)
);
CREATE VIEW internship_cohorts_source AS
SELECT centre_id, start_year, gender, employer_id, COUNT(*) AS started,
  SUM(CASE WHEN agreed = 1 AND ends_on IS NOT NULL THEN 1 ELSE 0 END) AS completed, SUM(early) AS early, SUM(job) AS job
FROM placement_facts WHERE kind IN (1, 2) GROUP BY centre_id, start_year, gender, employer_id;
INSERT INTO placement_facts SELECT * FROM placement_facts_source;
INSERT INTO internship_employers SELECT * FROM internship_employers_source;
INSERT INTO internship_groups SELECT * FROM internship_groups_source;
INSERT INTO internship_cohorts SELECT * FROM internship_cohorts_source;
CREATE INDEX placement_facts_participant ON placement_facts(participant_id, centre_id);
-- the placements not over by today, with what the report reads of them
CREATE INDEX placement_facts_open ON placement_facts(centre_id, until_on, kind, start_year, gender, exit_year, country,
  employer_id, starts_on, ends_on, agreed, early, job);
CREATE FUNCTION report_facts_placements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN DELETE FROM placement_facts WHERE placement_id = OLD.id; END IF;
  IF TG_OP <> 'DELETE' THEN
    DELETE FROM placement_facts WHERE placement_id = NEW.id;
    INSERT INTO placement_facts SELECT * FROM placement_facts_source WHERE placement_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_placements AFTER INSERT OR DELETE OR UPDATE OF centre_id, participant_id, employer_id,
  starts_on, ends_on, phase, ended_on, result, end_reason ON placements
  FOR EACH ROW EXECUTE FUNCTION report_facts_placements();
-- a period written moves its participant's placements
CREATE FUNCTION placement_facts_of(p BIGINT, c BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM placement_facts WHERE participant_id = p AND centre_id = c;
  INSERT INTO placement_facts SELECT * FROM placement_facts_source WHERE participant_id = p AND centre_id = c;
END $$;
CREATE FUNCTION report_facts_placements_periods() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM placement_facts_of(OLD.participant_id, OLD.centre_id); END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.participant_id <> OLD.participant_id
    OR NEW.centre_id <> OLD.centre_id)) THEN
    PERFORM placement_facts_of(NEW.participant_id, NEW.centre_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_placements_periods AFTER INSERT OR DELETE ON report_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_placements_periods();
CREATE TRIGGER report_facts_placements_periods_update AFTER UPDATE ON report_facts FOR EACH ROW
  WHEN (OLD.participant_id IS DISTINCT FROM NEW.participant_id OR OLD.centre_id IS DISTINCT FROM NEW.centre_id
  OR OLD.enrolment_id IS DISTINCT FROM NEW.enrolment_id OR OLD.start_date IS DISTINCT FROM NEW.start_date
  OR OLD.gender IS DISTINCT FROM NEW.gender OR OLD.country IS DISTINCT FROM NEW.country
  OR OLD.start_year IS DISTINCT FROM NEW.start_year OR OLD.exit_year IS DISTINCT FROM NEW.exit_year)
  EXECUTE FUNCTION report_facts_placements_periods();
-- a kept placement written adds itself to its groups, one removed takes itself away (an emptied group goes)
CREATE FUNCTION internship_groups_add(r placement_facts, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  done BIGINT := CASE WHEN r.agreed = 1 AND r.ends_on IS NOT NULL THEN s ELSE 0 END;
BEGIN
  IF r.kind IN (0, 1) THEN
    INSERT INTO internship_employers VALUES (r.centre_id, r.employer_id, s, done, s * r.early, s * r.job)
      ON CONFLICT (centre_id, employer_id) DO UPDATE SET started = internship_employers.started + EXCLUDED.started,
      completed = internship_employers.completed + EXCLUDED.completed,
      early = internship_employers.early + EXCLUDED.early, job = internship_employers.job + EXCLUDED.job;
    IF s < 0 THEN
      DELETE FROM internship_employers WHERE started = 0 AND centre_id = r.centre_id AND employer_id = r.employer_id;
    END IF;
  END IF;
  IF r.kind IN (1, 2) THEN
    INSERT INTO internship_groups VALUES (r.centre_id, r.start_year, r.gender, r.exit_year, r.country, r.employer_id, s,
      done, s * r.early, s * r.job)
      ON CONFLICT (centre_id, start_year, gender, employer_id, exit_year, country) DO UPDATE SET
      started = internship_groups.started + EXCLUDED.started, completed = internship_groups.completed + EXCLUDED.completed,
      early = internship_groups.early + EXCLUDED.early, job = internship_groups.job + EXCLUDED.job;
    INSERT INTO internship_cohorts VALUES (r.centre_id, r.start_year, r.gender, r.employer_id, s, done, s * r.early,
      s * r.job)
      ON CONFLICT (centre_id, start_year, gender, employer_id) DO UPDATE SET
      started = internship_cohorts.started + EXCLUDED.started, completed = internship_cohorts.completed + EXCLUDED.completed,
      early = internship_cohorts.early + EXCLUDED.early, job = internship_cohorts.job + EXCLUDED.job;
    IF s < 0 THEN
      DELETE FROM internship_groups WHERE started = 0 AND centre_id = r.centre_id AND start_year = r.start_year
        AND gender = r.gender AND exit_year = r.exit_year AND country = r.country AND employer_id = r.employer_id;
      DELETE FROM internship_cohorts WHERE started = 0 AND centre_id = r.centre_id AND start_year = r.start_year
        AND gender = r.gender AND employer_id = r.employer_id;
    END IF;
  END IF;
END $$;
CREATE FUNCTION report_facts_placement_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM internship_groups_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM internship_groups_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_placement_facts AFTER INSERT OR UPDATE OR DELETE ON placement_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_placement_facts();
