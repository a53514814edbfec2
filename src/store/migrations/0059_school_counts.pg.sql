-- the reports' kept counts by the years of schooling too, for the schooling band (docs/DECISIONS.md 118.)
-- Under a schooling band Results, Time to work, the costs, the
-- cost-benefit account, the annual report and Intake's wait read the
-- periods of the band's range of years (report_facts_schooling, migration
-- 49), and Intake its referrals by source and screening from every
-- referral of the centre: at a million, the band 0-6 with no other filter,
-- 0.15-0.2 s, Intake 4.3-5.9 s. As migration 53 keeps the periods' groups
-- by the age at the start and gender, and migration 56 Intake's sources,
-- these keep them by the years of schooling and gender instead of the
-- country (-1 for none): report_school_groups, report_school_waits,
-- report_school_jobs, intake_school_sources. A schooling band alone or
-- with a gender, a cohort or an exit year reads a range of the years.
-- A band with a country, an age band, a contact person or a scheme still
-- reads the periods. Each table is the view *_source, kept by triggers
-- named report_facts_* (the demo's bulk load pauses them and fills the
-- tables) in the transaction of every write of the facts. The waiting
-- list under a schooling band reads the referrals waiting in the year
-- each year of the band by intake_facts_schooling_waiting, as
-- intake_facts_ages_waiting serves an age band (migration 51).
CREATE TABLE report_school_groups (
  centre_id BIGINT NOT NULL,
  schooling BIGINT NOT NULL,
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
  PRIMARY KEY (centre_id, schooling, gender, exit_year, start_year, outcome, result6, result12, in_programme, open_day)
);
CREATE VIEW report_school_groups_source AS
SELECT centre_id, COALESCE(schooling, -1) AS schooling, gender, exit_year, start_year, COALESCE(outcome, '') AS outcome,
  COALESCE(result6, '') AS result6, COALESCE(result12, '') AS result12,
  CASE WHEN exit_day IS NULL THEN 1 ELSE 0 END AS in_programme,
  CASE WHEN exit_day IS NULL THEN start_day ELSE 0 END AS open_day, COUNT(*) AS n,
  SUM(CASE WHEN exit_day >= start_day THEN 1 ELSE 0 END) AS days_n,
  SUM(CASE WHEN exit_day >= start_day THEN start_day ELSE 0 END) AS start_days,
  SUM(CASE WHEN exit_day >= start_day THEN exit_day ELSE 0 END) AS exit_days
FROM report_facts
GROUP BY centre_id, COALESCE(schooling, -1), gender, exit_year, start_year, COALESCE(outcome, ''), COALESCE(result6, ''),
  COALESCE(result12, ''), CASE WHEN exit_day IS NULL THEN 1 ELSE 0 END,
  CASE WHEN exit_day IS NULL THEN start_day ELSE 0 END;
CREATE TABLE report_school_waits (
  centre_id BIGINT NOT NULL,
  schooling BIGINT NOT NULL,
  gender TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  wait_days BIGINT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, schooling, gender, start_year, wait_days)
);
CREATE VIEW report_school_waits_source AS
SELECT centre_id, COALESCE(schooling, -1) AS schooling, gender, start_year, COALESCE(wait_days, -1) AS wait_days, COUNT(*) AS n
FROM report_facts GROUP BY centre_id, COALESCE(schooling, -1), gender, start_year, COALESCE(wait_days, -1);
CREATE TABLE report_school_jobs (
  centre_id BIGINT NOT NULL,
  schooling BIGINT NOT NULL,
  gender TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  job_days BIGINT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, schooling, gender, start_year, job_days)
);
CREATE VIEW report_school_jobs_source AS
SELECT centre_id, COALESCE(schooling, -1) AS schooling, gender, start_year, COALESCE(job_days, -1) AS job_days, COUNT(*) AS n
FROM report_facts GROUP BY centre_id, COALESCE(schooling, -1), gender, start_year, COALESCE(job_days, -1);
INSERT INTO report_school_groups SELECT * FROM report_school_groups_source;
INSERT INTO report_school_waits SELECT * FROM report_school_waits_source;
INSERT INTO report_school_jobs SELECT * FROM report_school_jobs_source;
CREATE FUNCTION report_school_groups_add(r report_facts, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  is_open BOOLEAN := r.exit_day IS NULL;
  counted BOOLEAN := COALESCE(r.exit_day >= r.start_day, false);
BEGIN
  INSERT INTO report_school_groups VALUES (r.centre_id, COALESCE(r.schooling, -1), r.gender, r.exit_year, r.start_year,
    COALESCE(r.outcome, ''), COALESCE(r.result6, ''), COALESCE(r.result12, ''), CASE WHEN is_open THEN 1 ELSE 0 END,
    CASE WHEN is_open THEN r.start_day ELSE 0 END, s, CASE WHEN counted THEN s ELSE 0 END,
    CASE WHEN counted THEN s * r.start_day ELSE 0 END, CASE WHEN counted THEN s * r.exit_day ELSE 0 END)
    ON CONFLICT (centre_id, schooling, gender, exit_year, start_year, outcome, result6, result12, in_programme, open_day)
    DO UPDATE SET n = report_school_groups.n + EXCLUDED.n, days_n = report_school_groups.days_n + EXCLUDED.days_n,
    start_days = report_school_groups.start_days + EXCLUDED.start_days,
    exit_days = report_school_groups.exit_days + EXCLUDED.exit_days;
  INSERT INTO report_school_waits VALUES (r.centre_id, COALESCE(r.schooling, -1), r.gender, r.start_year, COALESCE(r.wait_days, -1), s)
    ON CONFLICT (centre_id, schooling, gender, start_year, wait_days) DO UPDATE SET n = report_school_waits.n + EXCLUDED.n;
  INSERT INTO report_school_jobs VALUES (r.centre_id, COALESCE(r.schooling, -1), r.gender, r.start_year, COALESCE(r.job_days, -1), s)
    ON CONFLICT (centre_id, schooling, gender, start_year, job_days) DO UPDATE SET n = report_school_jobs.n + EXCLUDED.n;
  IF s < 0 THEN
    DELETE FROM report_school_groups WHERE n = 0 AND centre_id = r.centre_id AND schooling = COALESCE(r.schooling, -1) AND gender = r.gender
      AND exit_year = r.exit_year AND start_year = r.start_year AND outcome = COALESCE(r.outcome, '')
      AND result6 = COALESCE(r.result6, '') AND result12 = COALESCE(r.result12, '')
      AND in_programme = CASE WHEN is_open THEN 1 ELSE 0 END AND open_day = CASE WHEN is_open THEN r.start_day ELSE 0 END;
    DELETE FROM report_school_waits WHERE n = 0 AND centre_id = r.centre_id AND schooling = COALESCE(r.schooling, -1) AND gender = r.gender
      AND start_year = r.start_year AND wait_days = COALESCE(r.wait_days, -1);
    DELETE FROM report_school_jobs WHERE n = 0 AND centre_id = r.centre_id AND schooling = COALESCE(r.schooling, -1) AND gender = r.gender
      AND start_year = r.start_year AND job_days = COALESCE(r.job_days, -1);
  END IF;
END $$;
CREATE FUNCTION report_facts_school_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM report_school_groups_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM report_school_groups_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_school_groups AFTER INSERT OR DELETE ON report_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_school_groups();
-- an update of a column they read: the old row taken away, the new added
CREATE TRIGGER report_facts_school_groups_update AFTER UPDATE ON report_facts FOR EACH ROW
  WHEN (OLD.centre_id IS DISTINCT FROM NEW.centre_id OR OLD.schooling IS DISTINCT FROM NEW.schooling
  OR OLD.gender IS DISTINCT FROM NEW.gender OR OLD.exit_year IS DISTINCT FROM NEW.exit_year
  OR OLD.start_year IS DISTINCT FROM NEW.start_year OR OLD.outcome IS DISTINCT FROM NEW.outcome
  OR OLD.result6 IS DISTINCT FROM NEW.result6 OR OLD.result12 IS DISTINCT FROM NEW.result12
  OR OLD.exit_day IS DISTINCT FROM NEW.exit_day OR OLD.start_day IS DISTINCT FROM NEW.start_day
  OR OLD.wait_days IS DISTINCT FROM NEW.wait_days OR OLD.job_days IS DISTINCT FROM NEW.job_days)
  EXECUTE FUNCTION report_facts_school_groups();
CREATE TABLE intake_school_sources (
  centre_id BIGINT NOT NULL,
  schooling BIGINT NOT NULL,
  gender TEXT NOT NULL,
  source TEXT NOT NULL,
  s_age BIGINT NOT NULL,
  s_intro_ended BIGINT NOT NULL,
  s_not_enrolled BIGINT NOT NULL,
  s_lawful_residence BIGINT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, schooling, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence)
);
CREATE VIEW intake_school_sources_source AS
SELECT centre_id, COALESCE(schooling, -1) AS schooling, gender, source, COALESCE(s_age, -1) AS s_age, COALESCE(s_intro_ended, -1) AS s_intro_ended,
  COALESCE(s_not_enrolled, -1) AS s_not_enrolled, COALESCE(s_lawful_residence, -1) AS s_lawful_residence,
  COUNT(*) AS n
FROM intake_facts
GROUP BY centre_id, COALESCE(schooling, -1), gender, source, COALESCE(s_age, -1), COALESCE(s_intro_ended, -1),
  COALESCE(s_not_enrolled, -1), COALESCE(s_lawful_residence, -1);
INSERT INTO intake_school_sources SELECT * FROM intake_school_sources_source;
CREATE FUNCTION intake_school_sources_add(r intake_facts, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO intake_school_sources VALUES (r.centre_id, COALESCE(r.schooling, -1), r.gender, r.source, COALESCE(r.s_age, -1),
    COALESCE(r.s_intro_ended, -1), COALESCE(r.s_not_enrolled, -1), COALESCE(r.s_lawful_residence, -1), s)
    ON CONFLICT (centre_id, schooling, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence)
    DO UPDATE SET n = intake_school_sources.n + EXCLUDED.n;
  IF s < 0 THEN
    DELETE FROM intake_school_sources WHERE n = 0 AND centre_id = r.centre_id AND schooling = COALESCE(r.schooling, -1) AND gender = r.gender
      AND source = r.source AND s_age = COALESCE(r.s_age, -1) AND s_intro_ended = COALESCE(r.s_intro_ended, -1)
      AND s_not_enrolled = COALESCE(r.s_not_enrolled, -1)
      AND s_lawful_residence = COALESCE(r.s_lawful_residence, -1);
  END IF;
END $$;
CREATE FUNCTION report_facts_intake_schools() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM intake_school_sources_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM intake_school_sources_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_intake_schools AFTER INSERT OR DELETE ON intake_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_intake_schools();
CREATE TRIGGER report_facts_intake_schools_update AFTER UPDATE ON intake_facts FOR EACH ROW
  WHEN (OLD.centre_id IS DISTINCT FROM NEW.centre_id OR OLD.schooling IS DISTINCT FROM NEW.schooling
  OR OLD.gender IS DISTINCT FROM NEW.gender OR OLD.source IS DISTINCT FROM NEW.source
  OR OLD.s_age IS DISTINCT FROM NEW.s_age OR OLD.s_intro_ended IS DISTINCT FROM NEW.s_intro_ended
  OR OLD.s_not_enrolled IS DISTINCT FROM NEW.s_not_enrolled
  OR OLD.s_lawful_residence IS DISTINCT FROM NEW.s_lawful_residence)
  EXECUTE FUNCTION report_facts_intake_schools();
-- Money: each approved run's month statements with a period, by the
-- period's years of schooling, gender and start year (people, sums as
-- money_groups)
CREATE TABLE money_schools (
  centre_id BIGINT NOT NULL,
  schooling BIGINT NOT NULL,
  gender TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  run_id BIGINT NOT NULL,
  people BIGINT NOT NULL,
  gross_ore BIGINT NOT NULL,
  tax_ore BIGINT NOT NULL,
  outstanding_ore BIGINT NOT NULL,
  PRIMARY KEY (centre_id, schooling, gender, start_year, run_id)
);
CREATE VIEW money_schools_source AS
SELECT s.centre_id AS centre_id, COALESCE(r.schooling, -1) AS schooling, r.gender AS gender, r.start_year AS start_year, s.run_id AS run_id,
  COUNT(DISTINCT s.participant_id) AS people, SUM(s.gross_ore) AS gross_ore, SUM(s.tax_ore) AS tax_ore,
  SUM(s.outstanding_after_ore) AS outstanding_ore
FROM benefit_runs b JOIN benefit_statements s ON s.run_id = b.id AND s.centre_id = b.centre_id AND s.kind = 'month'
  AND s.month = b.month
JOIN report_facts r ON r.enrolment_id = s.enrolment_id AND r.centre_id = s.centre_id
WHERE b.state = 'approved' GROUP BY s.centre_id, COALESCE(r.schooling, -1), r.gender, r.start_year, s.run_id;
INSERT INTO money_schools SELECT * FROM money_schools_source;
-- Money's: a run approved adds its groups, once (as money_groups)
CREATE FUNCTION report_facts_money_schools_approve() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = 'approved' AND (TG_OP = 'INSERT' OR OLD.state <> 'approved') THEN
    INSERT INTO money_schools SELECT * FROM money_schools_source WHERE run_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_money_schools_approve AFTER INSERT OR UPDATE OF state ON benefit_runs
  FOR EACH ROW EXECUTE FUNCTION report_facts_money_schools_approve();
-- a period written moves its statements of approved runs (found by its
-- participant) to its group, one removed takes them away
CREATE FUNCTION money_schools_add(r report_facts, sign BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO money_schools SELECT r.centre_id, COALESCE(r.schooling, -1), r.gender, r.start_year, s.run_id,
    sign * COUNT(*), sign * SUM(s.gross_ore), sign * SUM(s.tax_ore), sign * SUM(s.outstanding_after_ore)
  FROM benefit_statements s JOIN benefit_runs b ON b.id = s.run_id AND b.centre_id = s.centre_id
    AND b.month = s.month AND b.state = 'approved'
  WHERE s.centre_id = r.centre_id AND s.participant_id = r.participant_id AND s.enrolment_id = r.enrolment_id
    AND s.kind = 'month' GROUP BY s.run_id
  ON CONFLICT (centre_id, schooling, gender, start_year, run_id) DO UPDATE SET
    people = money_schools.people + EXCLUDED.people, gross_ore = money_schools.gross_ore + EXCLUDED.gross_ore,
    tax_ore = money_schools.tax_ore + EXCLUDED.tax_ore,
    outstanding_ore = money_schools.outstanding_ore + EXCLUDED.outstanding_ore;
  DELETE FROM money_schools WHERE people = 0 AND centre_id = r.centre_id AND schooling = COALESCE(r.schooling, -1) AND gender = r.gender
    AND start_year = r.start_year;
END $$;
CREATE FUNCTION report_facts_money_schools() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM money_schools_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM money_schools_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_money_schools AFTER INSERT OR DELETE ON report_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_money_schools();
CREATE TRIGGER report_facts_money_schools_update AFTER UPDATE ON report_facts FOR EACH ROW
  WHEN (OLD.participant_id IS DISTINCT FROM NEW.participant_id OR OLD.centre_id IS DISTINCT FROM NEW.centre_id
  OR OLD.enrolment_id IS DISTINCT FROM NEW.enrolment_id OR OLD.gender IS DISTINCT FROM NEW.gender
  OR OLD.schooling IS DISTINCT FROM NEW.schooling OR OLD.start_year IS DISTINCT FROM NEW.start_year)
  EXECUTE FUNCTION report_facts_money_schools();
CREATE INDEX intake_facts_schooling_waiting ON intake_facts(centre_id, schooling, waiting_to, waiting_from, gender,
  country, contact_id);
