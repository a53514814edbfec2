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
) WITHOUT ROWID;
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
) WITHOUT ROWID;
CREATE VIEW language_gains_source AS
SELECT centre_id, kind, start_year, exit_year, gender, country, year, skill, COUNT(*) AS people, SUM(gain) AS gain
FROM language_steps GROUP BY centre_id, kind, start_year, exit_year, gender, country, year, skill;
INSERT INTO language_steps SELECT * FROM language_steps_source;
INSERT INTO language_gains SELECT * FROM language_gains_source;
-- the report reads the kept steps when no assessment of the centre is after today
CREATE INDEX language_assessments_day ON language_assessments(centre_id, assessed_on);
CREATE TRIGGER report_facts_language_insert AFTER INSERT ON language_assessments BEGIN
  DELETE FROM language_steps WHERE participant_id = NEW.participant_id;
  INSERT INTO language_steps SELECT * FROM language_steps_source WHERE participant_id = NEW.participant_id;
END;
CREATE TRIGGER report_facts_language_delete AFTER DELETE ON language_assessments BEGIN
  DELETE FROM language_steps WHERE participant_id = OLD.participant_id;
  INSERT INTO language_steps SELECT * FROM language_steps_source WHERE participant_id = OLD.participant_id;
END;
CREATE TRIGGER report_facts_language_update
AFTER UPDATE OF participant_id, skill, level, assessed_on, centre_id ON language_assessments BEGIN
  DELETE FROM language_steps WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
  INSERT INTO language_steps SELECT * FROM language_steps_source
  WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;
-- a period written moves its participant's assessments
CREATE TRIGGER report_facts_language_periods_insert AFTER INSERT ON report_facts BEGIN
  DELETE FROM language_steps WHERE participant_id = NEW.participant_id;
  INSERT INTO language_steps SELECT * FROM language_steps_source WHERE participant_id = NEW.participant_id;
END;
CREATE TRIGGER report_facts_language_periods_delete AFTER DELETE ON report_facts BEGIN
  DELETE FROM language_steps WHERE participant_id = OLD.participant_id;
  INSERT INTO language_steps SELECT * FROM language_steps_source WHERE participant_id = OLD.participant_id;
END;
CREATE TRIGGER report_facts_language_periods_update AFTER UPDATE ON report_facts
WHEN OLD.participant_id IS NOT NEW.participant_id OR OLD.centre_id IS NOT NEW.centre_id
  OR OLD.enrolment_id IS NOT NEW.enrolment_id OR OLD.start_date IS NOT NEW.start_date
  OR OLD.gender IS NOT NEW.gender OR OLD.country IS NOT NEW.country OR OLD.start_year IS NOT NEW.start_year
  OR OLD.exit_year IS NOT NEW.exit_year BEGIN
  DELETE FROM language_steps WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
  INSERT INTO language_steps SELECT * FROM language_steps_source
  WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;
-- a step written adds itself to its group, a step removed takes itself away (an emptied group goes)
CREATE TRIGGER report_facts_language_steps_insert AFTER INSERT ON language_steps BEGIN
  INSERT INTO language_gains VALUES (NEW.centre_id, NEW.kind, NEW.start_year, NEW.exit_year, NEW.gender, NEW.country,
    NEW.year, NEW.skill, 1, NEW.gain)
    ON CONFLICT (centre_id, kind, start_year, exit_year, gender, country, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain;
END;
CREATE TRIGGER report_facts_language_steps_delete AFTER DELETE ON language_steps BEGIN
  INSERT INTO language_gains VALUES (OLD.centre_id, OLD.kind, OLD.start_year, OLD.exit_year, OLD.gender, OLD.country,
    OLD.year, OLD.skill, -1, -OLD.gain)
    ON CONFLICT (centre_id, kind, start_year, exit_year, gender, country, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain;
  DELETE FROM language_gains WHERE people = 0 AND centre_id = OLD.centre_id AND kind = OLD.kind
    AND start_year = OLD.start_year AND exit_year = OLD.exit_year AND gender = OLD.gender AND country = OLD.country
    AND year = OLD.year AND skill = OLD.skill;
END;
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
) WITHOUT ROWID;
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
) WITHOUT ROWID;
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
) WITHOUT ROWID;
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
CREATE TRIGGER report_facts_placements_insert AFTER INSERT ON placements BEGIN
  INSERT INTO placement_facts SELECT * FROM placement_facts_source WHERE placement_id = NEW.id;
END;
CREATE TRIGGER report_facts_placements_delete AFTER DELETE ON placements BEGIN
  DELETE FROM placement_facts WHERE placement_id = OLD.id;
END;
CREATE TRIGGER report_facts_placements_update
AFTER UPDATE OF id, centre_id, participant_id, employer_id, starts_on, ends_on, phase, ended_on, result, end_reason
ON placements BEGIN
  DELETE FROM placement_facts WHERE placement_id IN (OLD.id, NEW.id);
  INSERT INTO placement_facts SELECT * FROM placement_facts_source WHERE placement_id = NEW.id;
END;
-- a period written moves its participant's placements (found by placements_participant)
CREATE TRIGGER report_facts_placements_periods_insert AFTER INSERT ON report_facts BEGIN
  DELETE FROM placement_facts WHERE participant_id = NEW.participant_id AND centre_id = NEW.centre_id;
  INSERT INTO placement_facts SELECT * FROM placement_facts_source WHERE placement_id IN
    (SELECT id FROM placements WHERE participant_id = NEW.participant_id AND centre_id = NEW.centre_id);
END;
CREATE TRIGGER report_facts_placements_periods_delete AFTER DELETE ON report_facts BEGIN
  DELETE FROM placement_facts WHERE participant_id = OLD.participant_id AND centre_id = OLD.centre_id;
  INSERT INTO placement_facts SELECT * FROM placement_facts_source WHERE placement_id IN
    (SELECT id FROM placements WHERE participant_id = OLD.participant_id AND centre_id = OLD.centre_id);
END;
CREATE TRIGGER report_facts_placements_periods_update AFTER UPDATE ON report_facts
WHEN OLD.participant_id IS NOT NEW.participant_id OR OLD.centre_id IS NOT NEW.centre_id
  OR OLD.enrolment_id IS NOT NEW.enrolment_id OR OLD.start_date IS NOT NEW.start_date
  OR OLD.gender IS NOT NEW.gender OR OLD.country IS NOT NEW.country OR OLD.start_year IS NOT NEW.start_year
  OR OLD.exit_year IS NOT NEW.exit_year BEGIN
  DELETE FROM placement_facts WHERE participant_id = OLD.participant_id AND centre_id = OLD.centre_id;
  INSERT INTO placement_facts SELECT * FROM placement_facts_source WHERE placement_id IN
    (SELECT id FROM placements WHERE participant_id = OLD.participant_id AND centre_id = OLD.centre_id);
  DELETE FROM placement_facts WHERE participant_id = NEW.participant_id AND centre_id = NEW.centre_id;
  INSERT INTO placement_facts SELECT * FROM placement_facts_source WHERE placement_id IN
    (SELECT id FROM placements WHERE participant_id = NEW.participant_id AND centre_id = NEW.centre_id);
END;
-- a kept placement written adds itself to its groups, one removed takes itself away (an emptied group goes)
CREATE TRIGGER report_facts_placement_facts_insert AFTER INSERT ON placement_facts BEGIN
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
CREATE TRIGGER report_facts_placement_facts_delete AFTER DELETE ON placement_facts BEGIN
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
END;
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
