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
);
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
);
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
);
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
);
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
);
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
CREATE FUNCTION report_groups_add(r report_facts, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  is_open BOOLEAN := r.exit_day IS NULL;
  counted BOOLEAN := COALESCE(r.exit_day >= r.start_day, false);
BEGIN
  INSERT INTO report_groups VALUES (r.centre_id, r.exit_year, r.start_year, COALESCE(r.outcome, ''),
    COALESCE(r.result6, ''), COALESCE(r.result12, ''), r.gender, r.country, CASE WHEN is_open THEN 1 ELSE 0 END,
    CASE WHEN is_open THEN r.start_day ELSE 0 END, s, CASE WHEN counted THEN s ELSE 0 END,
    CASE WHEN counted THEN s * r.start_day ELSE 0 END, CASE WHEN counted THEN s * r.exit_day ELSE 0 END)
    ON CONFLICT (centre_id, exit_year, start_year, outcome, result6, result12, gender, country, in_programme, open_day)
    DO UPDATE SET n = report_groups.n + EXCLUDED.n, days_n = report_groups.days_n + EXCLUDED.days_n,
    start_days = report_groups.start_days + EXCLUDED.start_days, exit_days = report_groups.exit_days + EXCLUDED.exit_days;
  INSERT INTO report_waits VALUES (r.centre_id, r.start_year, COALESCE(r.wait_days, -1), r.gender, r.country, s)
    ON CONFLICT (centre_id, start_year, wait_days, gender, country) DO UPDATE SET n = report_waits.n + EXCLUDED.n;
  INSERT INTO report_jobs VALUES (r.centre_id, r.start_year, COALESCE(r.job_days, -1), r.gender, r.country, s)
    ON CONFLICT (centre_id, start_year, job_days, gender, country) DO UPDATE SET n = report_jobs.n + EXCLUDED.n;
  IF s < 0 THEN
    DELETE FROM report_groups WHERE n = 0 AND centre_id = r.centre_id AND exit_year = r.exit_year
      AND start_year = r.start_year AND outcome = COALESCE(r.outcome, '') AND result6 = COALESCE(r.result6, '')
      AND result12 = COALESCE(r.result12, '') AND gender = r.gender AND country = r.country
      AND in_programme = CASE WHEN is_open THEN 1 ELSE 0 END AND open_day = CASE WHEN is_open THEN r.start_day ELSE 0 END;
    DELETE FROM report_waits WHERE n = 0 AND centre_id = r.centre_id AND start_year = r.start_year
      AND wait_days = COALESCE(r.wait_days, -1) AND gender = r.gender AND country = r.country;
    DELETE FROM report_jobs WHERE n = 0 AND centre_id = r.centre_id AND start_year = r.start_year
      AND job_days = COALESCE(r.job_days, -1) AND gender = r.gender AND country = r.country;
  END IF;
END $$;
CREATE FUNCTION intake_counts_add(r intake_facts, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO intake_sources VALUES (r.centre_id, r.source, COALESCE(r.s_age, -1), COALESCE(r.s_intro_ended, -1),
    COALESCE(r.s_not_enrolled, -1), COALESCE(r.s_lawful_residence, -1), r.gender, r.country, s)
    ON CONFLICT (centre_id, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence, gender, country)
    DO UPDATE SET n = intake_sources.n + EXCLUDED.n;
  IF r.waiting_to >= r.waiting_from THEN
    INSERT INTO intake_days VALUES (r.centre_id, r.waiting_from, r.gender, r.country, s, 0)
      ON CONFLICT (centre_id, on_date, gender, country) DO UPDATE SET joins = intake_days.joins + EXCLUDED.joins;
    INSERT INTO intake_days VALUES (r.centre_id, r.waiting_to, r.gender, r.country, 0, s)
      ON CONFLICT (centre_id, on_date, gender, country) DO UPDATE SET leaves = intake_days.leaves + EXCLUDED.leaves;
  END IF;
  IF s < 0 THEN
    DELETE FROM intake_sources WHERE n = 0 AND centre_id = r.centre_id AND source = r.source
      AND s_age = COALESCE(r.s_age, -1) AND s_intro_ended = COALESCE(r.s_intro_ended, -1)
      AND s_not_enrolled = COALESCE(r.s_not_enrolled, -1) AND s_lawful_residence = COALESCE(r.s_lawful_residence, -1)
      AND gender = r.gender AND country = r.country;
    DELETE FROM intake_days WHERE joins = 0 AND leaves = 0 AND centre_id = r.centre_id
      AND on_date IN (r.waiting_from, r.waiting_to) AND gender = r.gender AND country = r.country;
  END IF;
END $$;
CREATE FUNCTION report_facts_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM report_groups_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM report_groups_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION report_facts_intake_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM intake_counts_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM intake_counts_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_groups AFTER INSERT OR UPDATE OR DELETE ON report_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_groups();
CREATE TRIGGER report_facts_intake_counts AFTER INSERT OR UPDATE OR DELETE ON intake_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_intake_counts();
