-- the reports' kept counts by the age at the period's start, for the age band (docs/DECISIONS.md 111.)
-- Under an age band Results, Time to work, the costs, the cost-benefit
-- account, the annual report, Intake's wait and Money read the periods of
-- the band's range of ages (report_facts_ages, migration 49), every one:
-- 402,422 periods of 834,257 at a million in the demo's 35-44, 0.3-1.6 s.
-- These tables hold what report_groups, report_jobs, report_waits
-- (migration 32) and money_groups (kind 1, migration 39) hold, by the age
-- and gender instead of the country (and the exit and start years, the
-- statuses, the days as there): an age band with gender, a cohort, an exit
-- year or alone reads a few thousand groups. A band with a country, a
-- schooling band, a contact person or a scheme still reads the periods.
-- Each is the view *_source (the kept rows grouped, from scratch), kept so
-- by triggers on report_facts, in the transaction of every write of the
-- facts, and Money's by the approval of a run as money_groups; the
-- triggers are named report_facts_*, so that the demo's bulk load pauses
-- them with the others and fills the tables. Each key begins with the
-- centre and the age: a band is a range of it.
CREATE TABLE report_age_groups (
  centre_id BIGINT NOT NULL,
  age BIGINT NOT NULL,
  gender TEXT NOT NULL,
  exit_year BIGINT NOT NULL,
  start_year BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  result6 TEXT NOT NULL,
  result12 TEXT NOT NULL,
  in_programme BIGINT NOT NULL,
  open_day BIGINT NOT NULL,
  n BIGINT NOT NULL,
  days_n BIGINT NOT NULL,
  start_days BIGINT NOT NULL,
  exit_days BIGINT NOT NULL,
  PRIMARY KEY (centre_id, age, gender, exit_year, start_year, outcome, result6, result12, in_programme, open_day)
);
CREATE VIEW report_age_groups_source AS
SELECT centre_id, age, gender, exit_year, start_year, COALESCE(outcome, '') AS outcome,
  COALESCE(result6, '') AS result6, COALESCE(result12, '') AS result12,
  CASE WHEN exit_day IS NULL THEN 1 ELSE 0 END AS in_programme,
  CASE WHEN exit_day IS NULL THEN start_day ELSE 0 END AS open_day, COUNT(*) AS n,
  SUM(CASE WHEN exit_day >= start_day THEN 1 ELSE 0 END) AS days_n,
  SUM(CASE WHEN exit_day >= start_day THEN start_day ELSE 0 END) AS start_days,
  SUM(CASE WHEN exit_day >= start_day THEN exit_day ELSE 0 END) AS exit_days
FROM report_facts
GROUP BY centre_id, age, gender, exit_year, start_year, COALESCE(outcome, ''), COALESCE(result6, ''),
  COALESCE(result12, ''), CASE WHEN exit_day IS NULL THEN 1 ELSE 0 END,
  CASE WHEN exit_day IS NULL THEN start_day ELSE 0 END;
CREATE TABLE report_age_waits (
  centre_id BIGINT NOT NULL,
  age BIGINT NOT NULL,
  gender TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  wait_days BIGINT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, age, gender, start_year, wait_days)
);
CREATE VIEW report_age_waits_source AS
SELECT centre_id, age, gender, start_year, COALESCE(wait_days, -1) AS wait_days, COUNT(*) AS n
FROM report_facts GROUP BY centre_id, age, gender, start_year, COALESCE(wait_days, -1);
CREATE TABLE report_age_jobs (
  centre_id BIGINT NOT NULL,
  age BIGINT NOT NULL,
  gender TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  job_days BIGINT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, age, gender, start_year, job_days)
);
CREATE VIEW report_age_jobs_source AS
SELECT centre_id, age, gender, start_year, COALESCE(job_days, -1) AS job_days, COUNT(*) AS n
FROM report_facts GROUP BY centre_id, age, gender, start_year, COALESCE(job_days, -1);
-- Money: each approved run's month statements with a period, by the
-- period's age and gender (people, sums as money_groups)
CREATE TABLE money_ages (
  centre_id BIGINT NOT NULL,
  age BIGINT NOT NULL,
  gender TEXT NOT NULL,
  run_id BIGINT NOT NULL,
  people BIGINT NOT NULL,
  gross_ore BIGINT NOT NULL,
  tax_ore BIGINT NOT NULL,
  outstanding_ore BIGINT NOT NULL,
  PRIMARY KEY (centre_id, age, gender, run_id)
);
CREATE VIEW money_ages_source AS
SELECT s.centre_id AS centre_id, r.age AS age, r.gender AS gender, s.run_id AS run_id,
  COUNT(DISTINCT s.participant_id) AS people, SUM(s.gross_ore) AS gross_ore, SUM(s.tax_ore) AS tax_ore,
  SUM(s.outstanding_after_ore) AS outstanding_ore
FROM benefit_runs b JOIN benefit_statements s ON s.run_id = b.id AND s.centre_id = b.centre_id AND s.kind = 'month'
  AND s.month = b.month
JOIN report_facts r ON r.enrolment_id = s.enrolment_id AND r.centre_id = s.centre_id
WHERE b.state = 'approved' GROUP BY s.centre_id, r.age, r.gender, s.run_id;
INSERT INTO report_age_groups SELECT * FROM report_age_groups_source;
INSERT INTO report_age_waits SELECT * FROM report_age_waits_source;
INSERT INTO report_age_jobs SELECT * FROM report_age_jobs_source;
INSERT INTO money_ages SELECT * FROM money_ages_source;
CREATE FUNCTION report_age_groups_add(r report_facts, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  is_open BOOLEAN := r.exit_day IS NULL;
  counted BOOLEAN := COALESCE(r.exit_day >= r.start_day, false);
BEGIN
  INSERT INTO report_age_groups VALUES (r.centre_id, r.age, r.gender, r.exit_year, r.start_year,
    COALESCE(r.outcome, ''), COALESCE(r.result6, ''), COALESCE(r.result12, ''), CASE WHEN is_open THEN 1 ELSE 0 END,
    CASE WHEN is_open THEN r.start_day ELSE 0 END, s, CASE WHEN counted THEN s ELSE 0 END,
    CASE WHEN counted THEN s * r.start_day ELSE 0 END, CASE WHEN counted THEN s * r.exit_day ELSE 0 END)
    ON CONFLICT (centre_id, age, gender, exit_year, start_year, outcome, result6, result12, in_programme, open_day)
    DO UPDATE SET n = report_age_groups.n + EXCLUDED.n, days_n = report_age_groups.days_n + EXCLUDED.days_n,
    start_days = report_age_groups.start_days + EXCLUDED.start_days,
    exit_days = report_age_groups.exit_days + EXCLUDED.exit_days;
  INSERT INTO report_age_waits VALUES (r.centre_id, r.age, r.gender, r.start_year, COALESCE(r.wait_days, -1), s)
    ON CONFLICT (centre_id, age, gender, start_year, wait_days) DO UPDATE SET n = report_age_waits.n + EXCLUDED.n;
  INSERT INTO report_age_jobs VALUES (r.centre_id, r.age, r.gender, r.start_year, COALESCE(r.job_days, -1), s)
    ON CONFLICT (centre_id, age, gender, start_year, job_days) DO UPDATE SET n = report_age_jobs.n + EXCLUDED.n;
  IF s < 0 THEN
    DELETE FROM report_age_groups WHERE n = 0 AND centre_id = r.centre_id AND age = r.age AND gender = r.gender
      AND exit_year = r.exit_year AND start_year = r.start_year AND outcome = COALESCE(r.outcome, '')
      AND result6 = COALESCE(r.result6, '') AND result12 = COALESCE(r.result12, '')
      AND in_programme = CASE WHEN is_open THEN 1 ELSE 0 END AND open_day = CASE WHEN is_open THEN r.start_day ELSE 0 END;
    DELETE FROM report_age_waits WHERE n = 0 AND centre_id = r.centre_id AND age = r.age AND gender = r.gender
      AND start_year = r.start_year AND wait_days = COALESCE(r.wait_days, -1);
    DELETE FROM report_age_jobs WHERE n = 0 AND centre_id = r.centre_id AND age = r.age AND gender = r.gender
      AND start_year = r.start_year AND job_days = COALESCE(r.job_days, -1);
  END IF;
END $$;
CREATE FUNCTION report_facts_age_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM report_age_groups_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM report_age_groups_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_age_groups AFTER INSERT OR DELETE ON report_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_age_groups();
-- an update of a column they read: the old row taken away, the new added
CREATE TRIGGER report_facts_age_groups_update AFTER UPDATE ON report_facts FOR EACH ROW
  WHEN (OLD.centre_id IS DISTINCT FROM NEW.centre_id OR OLD.age IS DISTINCT FROM NEW.age
  OR OLD.gender IS DISTINCT FROM NEW.gender OR OLD.exit_year IS DISTINCT FROM NEW.exit_year
  OR OLD.start_year IS DISTINCT FROM NEW.start_year OR OLD.outcome IS DISTINCT FROM NEW.outcome
  OR OLD.result6 IS DISTINCT FROM NEW.result6 OR OLD.result12 IS DISTINCT FROM NEW.result12
  OR OLD.exit_day IS DISTINCT FROM NEW.exit_day OR OLD.start_day IS DISTINCT FROM NEW.start_day
  OR OLD.wait_days IS DISTINCT FROM NEW.wait_days OR OLD.job_days IS DISTINCT FROM NEW.job_days)
  EXECUTE FUNCTION report_facts_age_groups();
-- Money's: a run approved adds its groups, once (as money_groups)
CREATE FUNCTION report_facts_money_ages_approve() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = 'approved' AND (TG_OP = 'INSERT' OR OLD.state <> 'approved') THEN
    INSERT INTO money_ages SELECT * FROM money_ages_source WHERE run_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_money_ages_approve AFTER INSERT OR UPDATE OF state ON benefit_runs
  FOR EACH ROW EXECUTE FUNCTION report_facts_money_ages_approve();
-- a period written moves its statements of approved runs (found by its
-- participant) to its group, one removed takes them away
CREATE FUNCTION money_ages_add(r report_facts, sign BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO money_ages SELECT r.centre_id, r.age, r.gender, s.run_id,
    sign * COUNT(*), sign * SUM(s.gross_ore), sign * SUM(s.tax_ore), sign * SUM(s.outstanding_after_ore)
  FROM benefit_statements s JOIN benefit_runs b ON b.id = s.run_id AND b.centre_id = s.centre_id
    AND b.month = s.month AND b.state = 'approved'
  WHERE s.centre_id = r.centre_id AND s.participant_id = r.participant_id AND s.enrolment_id = r.enrolment_id
    AND s.kind = 'month' GROUP BY s.run_id
  ON CONFLICT (centre_id, age, gender, run_id) DO UPDATE SET
    people = money_ages.people + EXCLUDED.people, gross_ore = money_ages.gross_ore + EXCLUDED.gross_ore,
    tax_ore = money_ages.tax_ore + EXCLUDED.tax_ore,
    outstanding_ore = money_ages.outstanding_ore + EXCLUDED.outstanding_ore;
  DELETE FROM money_ages WHERE people = 0 AND centre_id = r.centre_id AND age = r.age AND gender = r.gender;
END $$;
CREATE FUNCTION report_facts_money_ages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM money_ages_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM money_ages_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_money_ages AFTER INSERT OR DELETE ON report_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_money_ages();
CREATE TRIGGER report_facts_money_ages_update AFTER UPDATE ON report_facts FOR EACH ROW
  WHEN (OLD.participant_id IS DISTINCT FROM NEW.participant_id OR OLD.centre_id IS DISTINCT FROM NEW.centre_id
  OR OLD.enrolment_id IS DISTINCT FROM NEW.enrolment_id OR OLD.gender IS DISTINCT FROM NEW.gender
  OR OLD.age IS DISTINCT FROM NEW.age)
  EXECUTE FUNCTION report_facts_money_ages();
