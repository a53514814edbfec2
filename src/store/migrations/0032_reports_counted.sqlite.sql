-- the reports' kept facts counted by the columns they group by, kept by triggers on the facts
-- (docs/DECISIONS.md 80.) Intake, the costs, the cost-benefit account, Time
-- to work, Results, the annual report and the leader's glance read every
-- kept row of a centre (report_facts, intake_facts: 834,257
-- periods and 1,000,000 referrals at a million) to count a few hundred
-- groups. These tables hold the groups themselves, each with its count,
-- equal to the views *_source (the kept rows grouped, from scratch) and kept
-- so by triggers on report_facts and intake_facts, so in the transaction of
-- every write of the facts (the triggers of migrations 24 and 26 write them).
-- The triggers are named report_facts_*, so that the demo's bulk load pauses
-- them with the others and fills the tables from the views.
--
-- report_groups: the periods by centre, exit and start year, outcome, the
-- 6- and 12-month results ('' for none), gender and country; a period in the
-- programme also by its start day (in_programme 1, open_day its start_day:
-- its days up to today depend on whether it has started), an ended one with
-- its days summed (days_n the periods whose exit is not before the start,
-- start_days and exit_days the sums of their start_day and exit_day).
CREATE TABLE report_groups (
  centre_id BIGINT NOT NULL,
  exit_year BIGINT NOT NULL,
  start_year BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  result6 TEXT NOT NULL,
  result12 TEXT NOT NULL,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  in_programme BIGINT NOT NULL,
  open_day BIGINT NOT NULL,
  n BIGINT NOT NULL,
  days_n BIGINT NOT NULL,
  start_days BIGINT NOT NULL,
  exit_days BIGINT NOT NULL,
  PRIMARY KEY (centre_id, exit_year, start_year, outcome, result6, result12, gender, country, in_programme,
    open_day)
) WITHOUT ROWID;
CREATE VIEW report_groups_source AS
SELECT centre_id, exit_year, start_year, COALESCE(outcome, '') AS outcome, COALESCE(result6, '') AS result6,
  COALESCE(result12, '') AS result12, gender, country, CASE WHEN exit_day IS NULL THEN 1 ELSE 0 END AS in_programme,
  CASE WHEN exit_day IS NULL THEN start_day ELSE 0 END AS open_day, COUNT(*) AS n,
  SUM(CASE WHEN exit_day >= start_day THEN 1 ELSE 0 END) AS days_n,
  SUM(CASE WHEN exit_day >= start_day THEN start_day ELSE 0 END) AS start_days,
  SUM(CASE WHEN exit_day >= start_day THEN exit_day ELSE 0 END) AS exit_days
FROM report_facts
GROUP BY centre_id, exit_year, start_year, COALESCE(outcome, ''), COALESCE(result6, ''), COALESCE(result12, ''),
  gender, country, CASE WHEN exit_day IS NULL THEN 1 ELSE 0 END, CASE WHEN exit_day IS NULL THEN start_day ELSE 0 END;
-- report_waits: the periods by centre, start year, the days from the
-- referral to the start (-1 without a referral), gender and country.
CREATE TABLE report_waits (
  centre_id BIGINT NOT NULL,
  start_year BIGINT NOT NULL,
  wait_days BIGINT NOT NULL,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, start_year, wait_days, gender, country)
) WITHOUT ROWID;
CREATE VIEW report_waits_source AS
SELECT centre_id, start_year, COALESCE(wait_days, -1) AS wait_days, gender, country, COUNT(*) AS n
FROM report_facts GROUP BY centre_id, start_year, COALESCE(wait_days, -1), gender, country;
-- report_jobs: the periods by centre, start year, the days from the start
-- to the first job (-1 without one), gender and country.
CREATE TABLE report_jobs (
  centre_id BIGINT NOT NULL,
  start_year BIGINT NOT NULL,
  job_days BIGINT NOT NULL,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, start_year, job_days, gender, country)
) WITHOUT ROWID;
CREATE VIEW report_jobs_source AS
SELECT centre_id, start_year, COALESCE(job_days, -1) AS job_days, gender, country, COUNT(*) AS n
FROM report_facts GROUP BY centre_id, start_year, COALESCE(job_days, -1), gender, country;
-- intake_sources: the referrals by centre, source, the latest screening by
-- rule (1 passed, 0 failed, -1 not screened then), gender and country.
CREATE TABLE intake_sources (
  centre_id BIGINT NOT NULL,
  source TEXT NOT NULL,
  s_age BIGINT NOT NULL,
  s_intro_ended BIGINT NOT NULL,
  s_not_enrolled BIGINT NOT NULL,
  s_lawful_residence BIGINT NOT NULL,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence, gender, country)
) WITHOUT ROWID;
CREATE VIEW intake_sources_source AS
SELECT centre_id, source, COALESCE(s_age, -1) AS s_age, COALESCE(s_intro_ended, -1) AS s_intro_ended,
  COALESCE(s_not_enrolled, -1) AS s_not_enrolled, COALESCE(s_lawful_residence, -1) AS s_lawful_residence,
  gender, country, COUNT(*) AS n
FROM intake_facts
GROUP BY centre_id, source, COALESCE(s_age, -1), COALESCE(s_intro_ended, -1), COALESCE(s_not_enrolled, -1),
  COALESCE(s_lawful_residence, -1), gender, country;
-- intake_days: the waiting list's changes by centre, day, gender and
-- country: the referrals put on it that day (joins) and those that left it
-- (leaves; '9999-12-31' those still on it), of the referrals that left it
-- no earlier than they joined it (the others were never on it at a day's
-- end). Those on it at the end of a day are the joins up to that day less
-- the leaves up to it.
CREATE TABLE intake_days (
  centre_id BIGINT NOT NULL,
  on_date TEXT NOT NULL,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  joins BIGINT NOT NULL,
  leaves BIGINT NOT NULL,
  PRIMARY KEY (centre_id, on_date, gender, country)
) WITHOUT ROWID;
CREATE VIEW intake_days_source AS
SELECT centre_id, on_date, gender, country, SUM(joins) AS joins, SUM(leaves) AS leaves FROM (
  SELECT centre_id, waiting_from AS on_date, gender, country, 1 AS joins, 0 AS leaves FROM intake_facts
  WHERE waiting_to >= waiting_from
  UNION ALL
  SELECT centre_id, waiting_to, gender, country, 0, 1 FROM intake_facts WHERE waiting_to >= waiting_from) x
GROUP BY centre_id, on_date, gender, country;
INSERT INTO report_groups SELECT * FROM report_groups_source;
INSERT INTO report_waits SELECT * FROM report_waits_source;
INSERT INTO report_jobs SELECT * FROM report_jobs_source;
INSERT INTO intake_sources SELECT * FROM intake_sources_source;
INSERT INTO intake_days SELECT * FROM intake_days_source;
-- the forecast's referrals of the last 12 months: by day, not every referral of the centre
CREATE INDEX referrals_day ON referrals(centre_id, referred_on);
-- the triggers: a row written adds itself to its group, a row removed takes itself away (an emptied group goes)
CREATE TRIGGER report_facts_groups_insert AFTER INSERT ON report_facts BEGIN
  INSERT INTO report_groups VALUES (NEW.centre_id, NEW.exit_year, NEW.start_year, COALESCE(NEW.outcome, ''),
    COALESCE(NEW.result6, ''), COALESCE(NEW.result12, ''), NEW.gender, NEW.country,
    CASE WHEN NEW.exit_day IS NULL THEN 1 ELSE 0 END, CASE WHEN NEW.exit_day IS NULL THEN NEW.start_day ELSE 0 END, 1,
    CASE WHEN NEW.exit_day >= NEW.start_day THEN 1 ELSE 0 END,
    CASE WHEN NEW.exit_day >= NEW.start_day THEN 1 * NEW.start_day ELSE 0 END,
    CASE WHEN NEW.exit_day >= NEW.start_day THEN 1 * NEW.exit_day ELSE 0 END)
    ON CONFLICT (centre_id, exit_year, start_year, outcome, result6, result12, gender, country, in_programme, open_day)
    DO UPDATE SET n = n + excluded.n, days_n = days_n + excluded.days_n, start_days = start_days + excluded.start_days,
    exit_days = exit_days + excluded.exit_days;
  INSERT INTO report_waits VALUES (NEW.centre_id, NEW.start_year, COALESCE(NEW.wait_days, -1), NEW.gender, NEW.country, 1)
    ON CONFLICT (centre_id, start_year, wait_days, gender, country) DO UPDATE SET n = n + excluded.n;
  INSERT INTO report_jobs VALUES (NEW.centre_id, NEW.start_year, COALESCE(NEW.job_days, -1), NEW.gender, NEW.country, 1)
    ON CONFLICT (centre_id, start_year, job_days, gender, country) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER report_facts_groups_delete AFTER DELETE ON report_facts BEGIN
  INSERT INTO report_groups VALUES (OLD.centre_id, OLD.exit_year, OLD.start_year, COALESCE(OLD.outcome, ''),
    COALESCE(OLD.result6, ''), COALESCE(OLD.result12, ''), OLD.gender, OLD.country,
    CASE WHEN OLD.exit_day IS NULL THEN 1 ELSE 0 END, CASE WHEN OLD.exit_day IS NULL THEN OLD.start_day ELSE 0 END, -1,
    CASE WHEN OLD.exit_day >= OLD.start_day THEN -1 ELSE 0 END,
    CASE WHEN OLD.exit_day >= OLD.start_day THEN -1 * OLD.start_day ELSE 0 END,
    CASE WHEN OLD.exit_day >= OLD.start_day THEN -1 * OLD.exit_day ELSE 0 END)
    ON CONFLICT (centre_id, exit_year, start_year, outcome, result6, result12, gender, country, in_programme, open_day)
    DO UPDATE SET n = n + excluded.n, days_n = days_n + excluded.days_n, start_days = start_days + excluded.start_days,
    exit_days = exit_days + excluded.exit_days;
  INSERT INTO report_waits VALUES (OLD.centre_id, OLD.start_year, COALESCE(OLD.wait_days, -1), OLD.gender, OLD.country, -1)
    ON CONFLICT (centre_id, start_year, wait_days, gender, country) DO UPDATE SET n = n + excluded.n;
  INSERT INTO report_jobs VALUES (OLD.centre_id, OLD.start_year, COALESCE(OLD.job_days, -1), OLD.gender, OLD.country, -1)
    ON CONFLICT (centre_id, start_year, job_days, gender, country) DO UPDATE SET n = n + excluded.n;
  DELETE FROM report_groups WHERE n = 0 AND centre_id = OLD.centre_id AND exit_year = OLD.exit_year
    AND start_year = OLD.start_year AND outcome = COALESCE(OLD.outcome, '') AND result6 = COALESCE(OLD.result6, '')
    AND result12 = COALESCE(OLD.result12, '') AND gender = OLD.gender AND country = OLD.country
    AND in_programme = CASE WHEN OLD.exit_day IS NULL THEN 1 ELSE 0 END
    AND open_day = CASE WHEN OLD.exit_day IS NULL THEN OLD.start_day ELSE 0 END;
  DELETE FROM report_waits WHERE n = 0 AND centre_id = OLD.centre_id AND start_year = OLD.start_year
    AND wait_days = COALESCE(OLD.wait_days, -1) AND gender = OLD.gender AND country = OLD.country;
  DELETE FROM report_jobs WHERE n = 0 AND centre_id = OLD.centre_id AND start_year = OLD.start_year
    AND job_days = COALESCE(OLD.job_days, -1) AND gender = OLD.gender AND country = OLD.country;
END;
CREATE TRIGGER report_facts_groups_update AFTER UPDATE ON report_facts BEGIN
  INSERT INTO report_groups VALUES (OLD.centre_id, OLD.exit_year, OLD.start_year, COALESCE(OLD.outcome, ''),
    COALESCE(OLD.result6, ''), COALESCE(OLD.result12, ''), OLD.gender, OLD.country,
    CASE WHEN OLD.exit_day IS NULL THEN 1 ELSE 0 END, CASE WHEN OLD.exit_day IS NULL THEN OLD.start_day ELSE 0 END, -1,
    CASE WHEN OLD.exit_day >= OLD.start_day THEN -1 ELSE 0 END,
    CASE WHEN OLD.exit_day >= OLD.start_day THEN -1 * OLD.start_day ELSE 0 END,
    CASE WHEN OLD.exit_day >= OLD.start_day THEN -1 * OLD.exit_day ELSE 0 END)
    ON CONFLICT (centre_id, exit_year, start_year, outcome, result6, result12, gender, country, in_programme, open_day)
    DO UPDATE SET n = n + excluded.n, days_n = days_n + excluded.days_n, start_days = start_days + excluded.start_days,
    exit_days = exit_days + excluded.exit_days;
  INSERT INTO report_waits VALUES (OLD.centre_id, OLD.start_year, COALESCE(OLD.wait_days, -1), OLD.gender, OLD.country, -1)
    ON CONFLICT (centre_id, start_year, wait_days, gender, country) DO UPDATE SET n = n + excluded.n;
  INSERT INTO report_jobs VALUES (OLD.centre_id, OLD.start_year, COALESCE(OLD.job_days, -1), OLD.gender, OLD.country, -1)
    ON CONFLICT (centre_id, start_year, job_days, gender, country) DO UPDATE SET n = n + excluded.n;
  DELETE FROM report_groups WHERE n = 0 AND centre_id = OLD.centre_id AND exit_year = OLD.exit_year
    AND start_year = OLD.start_year AND outcome = COALESCE(OLD.outcome, '') AND result6 = COALESCE(OLD.result6, '')
    AND result12 = COALESCE(OLD.result12, '') AND gender = OLD.gender AND country = OLD.country
    AND in_programme = CASE WHEN OLD.exit_day IS NULL THEN 1 ELSE 0 END
    AND open_day = CASE WHEN OLD.exit_day IS NULL THEN OLD.start_day ELSE 0 END;
  DELETE FROM report_waits WHERE n = 0 AND centre_id = OLD.centre_id AND start_year = OLD.start_year
    AND wait_days = COALESCE(OLD.wait_days, -1) AND gender = OLD.gender AND country = OLD.country;
  DELETE FROM report_jobs WHERE n = 0 AND centre_id = OLD.centre_id AND start_year = OLD.start_year
    AND job_days = COALESCE(OLD.job_days, -1) AND gender = OLD.gender AND country = OLD.country;
  INSERT INTO report_groups VALUES (NEW.centre_id, NEW.exit_year, NEW.start_year, COALESCE(NEW.outcome, ''),
    COALESCE(NEW.result6, ''), COALESCE(NEW.result12, ''), NEW.gender, NEW.country,
    CASE WHEN NEW.exit_day IS NULL THEN 1 ELSE 0 END, CASE WHEN NEW.exit_day IS NULL THEN NEW.start_day ELSE 0 END, 1,
    CASE WHEN NEW.exit_day >= NEW.start_day THEN 1 ELSE 0 END,
    CASE WHEN NEW.exit_day >= NEW.start_day THEN 1 * NEW.start_day ELSE 0 END,
    CASE WHEN NEW.exit_day >= NEW.start_day THEN 1 * NEW.exit_day ELSE 0 END)
    ON CONFLICT (centre_id, exit_year, start_year, outcome, result6, result12, gender, country, in_programme, open_day)
    DO UPDATE SET n = n + excluded.n, days_n = days_n + excluded.days_n, start_days = start_days + excluded.start_days,
    exit_days = exit_days + excluded.exit_days;
  INSERT INTO report_waits VALUES (NEW.centre_id, NEW.start_year, COALESCE(NEW.wait_days, -1), NEW.gender, NEW.country, 1)
    ON CONFLICT (centre_id, start_year, wait_days, gender, country) DO UPDATE SET n = n + excluded.n;
  INSERT INTO report_jobs VALUES (NEW.centre_id, NEW.start_year, COALESCE(NEW.job_days, -1), NEW.gender, NEW.country, 1)
    ON CONFLICT (centre_id, start_year, job_days, gender, country) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER report_facts_intake_counts_insert AFTER INSERT ON intake_facts BEGIN
  INSERT INTO intake_sources VALUES (NEW.centre_id, NEW.source, COALESCE(NEW.s_age, -1), COALESCE(NEW.s_intro_ended, -1),
    COALESCE(NEW.s_not_enrolled, -1), COALESCE(NEW.s_lawful_residence, -1), NEW.gender, NEW.country, 1)
    ON CONFLICT (centre_id, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence, gender, country)
    DO UPDATE SET n = n + excluded.n;
  INSERT INTO intake_days SELECT NEW.centre_id, NEW.waiting_from, NEW.gender, NEW.country, 1, 0
    WHERE NEW.waiting_to >= NEW.waiting_from
    ON CONFLICT (centre_id, on_date, gender, country) DO UPDATE SET joins = joins + excluded.joins;
  INSERT INTO intake_days SELECT NEW.centre_id, NEW.waiting_to, NEW.gender, NEW.country, 0, 1
    WHERE NEW.waiting_to >= NEW.waiting_from
    ON CONFLICT (centre_id, on_date, gender, country) DO UPDATE SET leaves = leaves + excluded.leaves;
END;
CREATE TRIGGER report_facts_intake_counts_delete AFTER DELETE ON intake_facts BEGIN
  INSERT INTO intake_sources VALUES (OLD.centre_id, OLD.source, COALESCE(OLD.s_age, -1), COALESCE(OLD.s_intro_ended, -1),
    COALESCE(OLD.s_not_enrolled, -1), COALESCE(OLD.s_lawful_residence, -1), OLD.gender, OLD.country, -1)
    ON CONFLICT (centre_id, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence, gender, country)
    DO UPDATE SET n = n + excluded.n;
  INSERT INTO intake_days SELECT OLD.centre_id, OLD.waiting_from, OLD.gender, OLD.country, -1, 0
    WHERE OLD.waiting_to >= OLD.waiting_from
    ON CONFLICT (centre_id, on_date, gender, country) DO UPDATE SET joins = joins + excluded.joins;
  INSERT INTO intake_days SELECT OLD.centre_id, OLD.waiting_to, OLD.gender, OLD.country, 0, -1
    WHERE OLD.waiting_to >= OLD.waiting_from
    ON CONFLICT (centre_id, on_date, gender, country) DO UPDATE SET leaves = leaves + excluded.leaves;
  DELETE FROM intake_sources WHERE n = 0 AND centre_id = OLD.centre_id AND source = OLD.source
    AND s_age = COALESCE(OLD.s_age, -1) AND s_intro_ended = COALESCE(OLD.s_intro_ended, -1)
    AND s_not_enrolled = COALESCE(OLD.s_not_enrolled, -1) AND s_lawful_residence = COALESCE(OLD.s_lawful_residence, -1)
    AND gender = OLD.gender AND country = OLD.country;
  DELETE FROM intake_days WHERE joins = 0 AND leaves = 0 AND centre_id = OLD.centre_id
    AND on_date IN (OLD.waiting_from, OLD.waiting_to) AND gender = OLD.gender AND country = OLD.country;
END;
CREATE TRIGGER report_facts_intake_counts_update AFTER UPDATE ON intake_facts BEGIN
  INSERT INTO intake_sources VALUES (OLD.centre_id, OLD.source, COALESCE(OLD.s_age, -1), COALESCE(OLD.s_intro_ended, -1),
    COALESCE(OLD.s_not_enrolled, -1), COALESCE(OLD.s_lawful_residence, -1), OLD.gender, OLD.country, -1)
    ON CONFLICT (centre_id, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence, gender, country)
    DO UPDATE SET n = n + excluded.n;
  INSERT INTO intake_days SELECT OLD.centre_id, OLD.waiting_from, OLD.gender, OLD.country, -1, 0
    WHERE OLD.waiting_to >= OLD.waiting_from
    ON CONFLICT (centre_id, on_date, gender, country) DO UPDATE SET joins = joins + excluded.joins;
  INSERT INTO intake_days SELECT OLD.centre_id, OLD.waiting_to, OLD.gender, OLD.country, 0, -1
    WHERE OLD.waiting_to >= OLD.waiting_from
    ON CONFLICT (centre_id, on_date, gender, country) DO UPDATE SET leaves = leaves + excluded.leaves;
  DELETE FROM intake_sources WHERE n = 0 AND centre_id = OLD.centre_id AND source = OLD.source
    AND s_age = COALESCE(OLD.s_age, -1) AND s_intro_ended = COALESCE(OLD.s_intro_ended, -1)
    AND s_not_enrolled = COALESCE(OLD.s_not_enrolled, -1) AND s_lawful_residence = COALESCE(OLD.s_lawful_residence, -1)
    AND gender = OLD.gender AND country = OLD.country;
  DELETE FROM intake_days WHERE joins = 0 AND leaves = 0 AND centre_id = OLD.centre_id
    AND on_date IN (OLD.waiting_from, OLD.waiting_to) AND gender = OLD.gender AND country = OLD.country;
  INSERT INTO intake_sources VALUES (NEW.centre_id, NEW.source, COALESCE(NEW.s_age, -1), COALESCE(NEW.s_intro_ended, -1),
    COALESCE(NEW.s_not_enrolled, -1), COALESCE(NEW.s_lawful_residence, -1), NEW.gender, NEW.country, 1)
    ON CONFLICT (centre_id, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence, gender, country)
    DO UPDATE SET n = n + excluded.n;
  INSERT INTO intake_days SELECT NEW.centre_id, NEW.waiting_from, NEW.gender, NEW.country, 1, 0
    WHERE NEW.waiting_to >= NEW.waiting_from
    ON CONFLICT (centre_id, on_date, gender, country) DO UPDATE SET joins = joins + excluded.joins;
  INSERT INTO intake_days SELECT NEW.centre_id, NEW.waiting_to, NEW.gender, NEW.country, 0, 1
    WHERE NEW.waiting_to >= NEW.waiting_from
    ON CONFLICT (centre_id, on_date, gender, country) DO UPDATE SET leaves = leaves + excluded.leaves;
END;
