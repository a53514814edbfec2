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
) WITHOUT ROWID;
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
) WITHOUT ROWID;
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
) WITHOUT ROWID;
CREATE VIEW report_school_jobs_source AS
SELECT centre_id, COALESCE(schooling, -1) AS schooling, gender, start_year, COALESCE(job_days, -1) AS job_days, COUNT(*) AS n
FROM report_facts GROUP BY centre_id, COALESCE(schooling, -1), gender, start_year, COALESCE(job_days, -1);
INSERT INTO report_school_groups SELECT * FROM report_school_groups_source;
INSERT INTO report_school_waits SELECT * FROM report_school_waits_source;
INSERT INTO report_school_jobs SELECT * FROM report_school_jobs_source;
-- a period written: its old row's counts taken away, its new row's added
-- (an emptied group goes)
CREATE TRIGGER report_facts_school_groups_insert AFTER INSERT ON report_facts BEGIN
  INSERT INTO report_school_groups VALUES (NEW.centre_id, COALESCE(NEW.schooling, -1), NEW.gender, NEW.exit_year, NEW.start_year,
    COALESCE(NEW.outcome, ''), COALESCE(NEW.result6, ''), COALESCE(NEW.result12, ''),
    CASE WHEN NEW.exit_day IS NULL THEN 1 ELSE 0 END, CASE WHEN NEW.exit_day IS NULL THEN NEW.start_day ELSE 0 END, 1,
    CASE WHEN NEW.exit_day >= NEW.start_day THEN 1 ELSE 0 END,
    CASE WHEN NEW.exit_day >= NEW.start_day THEN NEW.start_day ELSE 0 END,
    CASE WHEN NEW.exit_day >= NEW.start_day THEN NEW.exit_day ELSE 0 END)
    ON CONFLICT (centre_id, schooling, gender, exit_year, start_year, outcome, result6, result12, in_programme, open_day)
    DO UPDATE SET n = n + excluded.n, days_n = days_n + excluded.days_n, start_days = start_days + excluded.start_days,
    exit_days = exit_days + excluded.exit_days;
  INSERT INTO report_school_waits VALUES (NEW.centre_id, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year, COALESCE(NEW.wait_days, -1), 1)
    ON CONFLICT (centre_id, schooling, gender, start_year, wait_days) DO UPDATE SET n = n + excluded.n;
  INSERT INTO report_school_jobs VALUES (NEW.centre_id, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year, COALESCE(NEW.job_days, -1), 1)
    ON CONFLICT (centre_id, schooling, gender, start_year, job_days) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER report_facts_school_groups_delete AFTER DELETE ON report_facts BEGIN
  INSERT INTO report_school_groups VALUES (OLD.centre_id, COALESCE(OLD.schooling, -1), OLD.gender, OLD.exit_year, OLD.start_year,
    COALESCE(OLD.outcome, ''), COALESCE(OLD.result6, ''), COALESCE(OLD.result12, ''),
    CASE WHEN OLD.exit_day IS NULL THEN 1 ELSE 0 END, CASE WHEN OLD.exit_day IS NULL THEN OLD.start_day ELSE 0 END, -1,
    CASE WHEN OLD.exit_day >= OLD.start_day THEN -1 ELSE 0 END,
    CASE WHEN OLD.exit_day >= OLD.start_day THEN -OLD.start_day ELSE 0 END,
    CASE WHEN OLD.exit_day >= OLD.start_day THEN -OLD.exit_day ELSE 0 END)
    ON CONFLICT (centre_id, schooling, gender, exit_year, start_year, outcome, result6, result12, in_programme, open_day)
    DO UPDATE SET n = n + excluded.n, days_n = days_n + excluded.days_n, start_days = start_days + excluded.start_days,
    exit_days = exit_days + excluded.exit_days;
  INSERT INTO report_school_waits VALUES (OLD.centre_id, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year, COALESCE(OLD.wait_days, -1), -1)
    ON CONFLICT (centre_id, schooling, gender, start_year, wait_days) DO UPDATE SET n = n + excluded.n;
  INSERT INTO report_school_jobs VALUES (OLD.centre_id, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year, COALESCE(OLD.job_days, -1), -1)
    ON CONFLICT (centre_id, schooling, gender, start_year, job_days) DO UPDATE SET n = n + excluded.n;
  DELETE FROM report_school_groups WHERE n = 0 AND centre_id = OLD.centre_id AND schooling = COALESCE(OLD.schooling, -1) AND gender = OLD.gender
    AND exit_year = OLD.exit_year AND start_year = OLD.start_year AND outcome = COALESCE(OLD.outcome, '')
    AND result6 = COALESCE(OLD.result6, '') AND result12 = COALESCE(OLD.result12, '')
    AND in_programme = CASE WHEN OLD.exit_day IS NULL THEN 1 ELSE 0 END
    AND open_day = CASE WHEN OLD.exit_day IS NULL THEN OLD.start_day ELSE 0 END;
  DELETE FROM report_school_waits WHERE n = 0 AND centre_id = OLD.centre_id AND schooling = COALESCE(OLD.schooling, -1) AND gender = OLD.gender
    AND start_year = OLD.start_year AND wait_days = COALESCE(OLD.wait_days, -1);
  DELETE FROM report_school_jobs WHERE n = 0 AND centre_id = OLD.centre_id AND schooling = COALESCE(OLD.schooling, -1) AND gender = OLD.gender
    AND start_year = OLD.start_year AND job_days = COALESCE(OLD.job_days, -1);
END;
-- an update of a column they read: the old row taken away (as a delete),
-- the new added (as an insert)
CREATE TRIGGER report_facts_school_groups_update AFTER UPDATE ON report_facts
WHEN OLD.centre_id IS NOT NEW.centre_id OR OLD.schooling IS NOT NEW.schooling OR OLD.gender IS NOT NEW.gender
  OR OLD.exit_year IS NOT NEW.exit_year OR OLD.start_year IS NOT NEW.start_year OR OLD.outcome IS NOT NEW.outcome
  OR OLD.result6 IS NOT NEW.result6 OR OLD.result12 IS NOT NEW.result12 OR OLD.exit_day IS NOT NEW.exit_day
  OR OLD.start_day IS NOT NEW.start_day OR OLD.wait_days IS NOT NEW.wait_days OR OLD.job_days IS NOT NEW.job_days
BEGIN
  INSERT INTO report_school_groups VALUES (OLD.centre_id, COALESCE(OLD.schooling, -1), OLD.gender, OLD.exit_year, OLD.start_year,
    COALESCE(OLD.outcome, ''), COALESCE(OLD.result6, ''), COALESCE(OLD.result12, ''),
    CASE WHEN OLD.exit_day IS NULL THEN 1 ELSE 0 END, CASE WHEN OLD.exit_day IS NULL THEN OLD.start_day ELSE 0 END, -1,
    CASE WHEN OLD.exit_day >= OLD.start_day THEN -1 ELSE 0 END,
    CASE WHEN OLD.exit_day >= OLD.start_day THEN -OLD.start_day ELSE 0 END,
    CASE WHEN OLD.exit_day >= OLD.start_day THEN -OLD.exit_day ELSE 0 END)
    ON CONFLICT (centre_id, schooling, gender, exit_year, start_year, outcome, result6, result12, in_programme, open_day)
    DO UPDATE SET n = n + excluded.n, days_n = days_n + excluded.days_n, start_days = start_days + excluded.start_days,
    exit_days = exit_days + excluded.exit_days;
  INSERT INTO report_school_waits VALUES (OLD.centre_id, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year, COALESCE(OLD.wait_days, -1), -1)
    ON CONFLICT (centre_id, schooling, gender, start_year, wait_days) DO UPDATE SET n = n + excluded.n;
  INSERT INTO report_school_jobs VALUES (OLD.centre_id, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year, COALESCE(OLD.job_days, -1), -1)
    ON CONFLICT (centre_id, schooling, gender, start_year, job_days) DO UPDATE SET n = n + excluded.n;
  DELETE FROM report_school_groups WHERE n = 0 AND centre_id = OLD.centre_id AND schooling = COALESCE(OLD.schooling, -1) AND gender = OLD.gender
    AND exit_year = OLD.exit_year AND start_year = OLD.start_year AND outcome = COALESCE(OLD.outcome, '')
    AND result6 = COALESCE(OLD.result6, '') AND result12 = COALESCE(OLD.result12, '')
    AND in_programme = CASE WHEN OLD.exit_day IS NULL THEN 1 ELSE 0 END
    AND open_day = CASE WHEN OLD.exit_day IS NULL THEN OLD.start_day ELSE 0 END;
  DELETE FROM report_school_waits WHERE n = 0 AND centre_id = OLD.centre_id AND schooling = COALESCE(OLD.schooling, -1) AND gender = OLD.gender
    AND start_year = OLD.start_year AND wait_days = COALESCE(OLD.wait_days, -1);
  DELETE FROM report_school_jobs WHERE n = 0 AND centre_id = OLD.centre_id AND schooling = COALESCE(OLD.schooling, -1) AND gender = OLD.gender
    AND start_year = OLD.start_year AND job_days = COALESCE(OLD.job_days, -1);
  INSERT INTO report_school_groups VALUES (NEW.centre_id, COALESCE(NEW.schooling, -1), NEW.gender, NEW.exit_year, NEW.start_year,
    COALESCE(NEW.outcome, ''), COALESCE(NEW.result6, ''), COALESCE(NEW.result12, ''),
    CASE WHEN NEW.exit_day IS NULL THEN 1 ELSE 0 END, CASE WHEN NEW.exit_day IS NULL THEN NEW.start_day ELSE 0 END, 1,
    CASE WHEN NEW.exit_day >= NEW.start_day THEN 1 ELSE 0 END,
    CASE WHEN NEW.exit_day >= NEW.start_day THEN NEW.start_day ELSE 0 END,
    CASE WHEN NEW.exit_day >= NEW.start_day THEN NEW.exit_day ELSE 0 END)
    ON CONFLICT (centre_id, schooling, gender, exit_year, start_year, outcome, result6, result12, in_programme, open_day)
    DO UPDATE SET n = n + excluded.n, days_n = days_n + excluded.days_n, start_days = start_days + excluded.start_days,
    exit_days = exit_days + excluded.exit_days;
  INSERT INTO report_school_waits VALUES (NEW.centre_id, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year, COALESCE(NEW.wait_days, -1), 1)
    ON CONFLICT (centre_id, schooling, gender, start_year, wait_days) DO UPDATE SET n = n + excluded.n;
  INSERT INTO report_school_jobs VALUES (NEW.centre_id, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year, COALESCE(NEW.job_days, -1), 1)
    ON CONFLICT (centre_id, schooling, gender, start_year, job_days) DO UPDATE SET n = n + excluded.n;
END;
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
) WITHOUT ROWID;
CREATE VIEW intake_school_sources_source AS
SELECT centre_id, COALESCE(schooling, -1) AS schooling, gender, source, COALESCE(s_age, -1) AS s_age, COALESCE(s_intro_ended, -1) AS s_intro_ended,
  COALESCE(s_not_enrolled, -1) AS s_not_enrolled, COALESCE(s_lawful_residence, -1) AS s_lawful_residence,
  COUNT(*) AS n
FROM intake_facts
GROUP BY centre_id, COALESCE(schooling, -1), gender, source, COALESCE(s_age, -1), COALESCE(s_intro_ended, -1),
  COALESCE(s_not_enrolled, -1), COALESCE(s_lawful_residence, -1);
INSERT INTO intake_school_sources SELECT * FROM intake_school_sources_source;
CREATE TRIGGER report_facts_intake_schools_insert AFTER INSERT ON intake_facts BEGIN
  INSERT INTO intake_school_sources VALUES (NEW.centre_id, COALESCE(NEW.schooling, -1), NEW.gender, NEW.source, COALESCE(NEW.s_age, -1),
    COALESCE(NEW.s_intro_ended, -1), COALESCE(NEW.s_not_enrolled, -1), COALESCE(NEW.s_lawful_residence, -1), 1)
    ON CONFLICT (centre_id, schooling, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence)
    DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER report_facts_intake_schools_delete AFTER DELETE ON intake_facts BEGIN
  INSERT INTO intake_school_sources VALUES (OLD.centre_id, COALESCE(OLD.schooling, -1), OLD.gender, OLD.source, COALESCE(OLD.s_age, -1),
    COALESCE(OLD.s_intro_ended, -1), COALESCE(OLD.s_not_enrolled, -1), COALESCE(OLD.s_lawful_residence, -1), -1)
    ON CONFLICT (centre_id, schooling, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence)
    DO UPDATE SET n = n + excluded.n;
  DELETE FROM intake_school_sources WHERE n = 0 AND centre_id = OLD.centre_id AND schooling = COALESCE(OLD.schooling, -1) AND gender = OLD.gender
    AND source = OLD.source AND s_age = COALESCE(OLD.s_age, -1) AND s_intro_ended = COALESCE(OLD.s_intro_ended, -1)
    AND s_not_enrolled = COALESCE(OLD.s_not_enrolled, -1)
    AND s_lawful_residence = COALESCE(OLD.s_lawful_residence, -1);
END;
CREATE TRIGGER report_facts_intake_schools_update AFTER UPDATE ON intake_facts
WHEN OLD.centre_id IS NOT NEW.centre_id OR OLD.schooling IS NOT NEW.schooling OR OLD.gender IS NOT NEW.gender
  OR OLD.source IS NOT NEW.source OR OLD.s_age IS NOT NEW.s_age OR OLD.s_intro_ended IS NOT NEW.s_intro_ended
  OR OLD.s_not_enrolled IS NOT NEW.s_not_enrolled OR OLD.s_lawful_residence IS NOT NEW.s_lawful_residence BEGIN
  INSERT INTO intake_school_sources VALUES (OLD.centre_id, COALESCE(OLD.schooling, -1), OLD.gender, OLD.source, COALESCE(OLD.s_age, -1),
    COALESCE(OLD.s_intro_ended, -1), COALESCE(OLD.s_not_enrolled, -1), COALESCE(OLD.s_lawful_residence, -1), -1)
    ON CONFLICT (centre_id, schooling, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence)
    DO UPDATE SET n = n + excluded.n;
  DELETE FROM intake_school_sources WHERE n = 0 AND centre_id = OLD.centre_id AND schooling = COALESCE(OLD.schooling, -1) AND gender = OLD.gender
    AND source = OLD.source AND s_age = COALESCE(OLD.s_age, -1) AND s_intro_ended = COALESCE(OLD.s_intro_ended, -1)
    AND s_not_enrolled = COALESCE(OLD.s_not_enrolled, -1)
    AND s_lawful_residence = COALESCE(OLD.s_lawful_residence, -1);
  INSERT INTO intake_school_sources VALUES (NEW.centre_id, COALESCE(NEW.schooling, -1), NEW.gender, NEW.source, COALESCE(NEW.s_age, -1),
    COALESCE(NEW.s_intro_ended, -1), COALESCE(NEW.s_not_enrolled, -1), COALESCE(NEW.s_lawful_residence, -1), 1)
    ON CONFLICT (centre_id, schooling, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence)
    DO UPDATE SET n = n + excluded.n;
END;
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
) WITHOUT ROWID;
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
CREATE TRIGGER report_facts_money_schools_approve AFTER UPDATE OF state ON benefit_runs
WHEN NEW.state = 'approved' AND OLD.state <> 'approved' BEGIN
  INSERT INTO money_schools SELECT * FROM money_schools_source WHERE run_id = NEW.id;
END;
CREATE TRIGGER report_facts_money_schools_run_insert AFTER INSERT ON benefit_runs WHEN NEW.state = 'approved' BEGIN
  INSERT INTO money_schools SELECT * FROM money_schools_source WHERE run_id = NEW.id;
END;
-- a period written moves its statements of approved runs (found by its
-- participant) to its group, one removed takes them away
CREATE TRIGGER report_facts_money_schools_insert AFTER INSERT ON report_facts BEGIN
  INSERT INTO money_schools SELECT NEW.centre_id, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year, s.run_id,
    COUNT(*), SUM(s.gross_ore), SUM(s.tax_ore), SUM(s.outstanding_after_ore)
  FROM benefit_statements s JOIN benefit_runs b ON b.id = s.run_id AND b.centre_id = s.centre_id
    AND b.month = s.month AND b.state = 'approved'
  WHERE s.centre_id = NEW.centre_id AND s.participant_id = NEW.participant_id AND s.enrolment_id = NEW.enrolment_id
    AND s.kind = 'month' GROUP BY s.run_id
  ON CONFLICT (centre_id, schooling, gender, start_year, run_id) DO UPDATE SET
    people = people + excluded.people, gross_ore = gross_ore + excluded.gross_ore,
    tax_ore = tax_ore + excluded.tax_ore, outstanding_ore = outstanding_ore + excluded.outstanding_ore;
  DELETE FROM money_schools WHERE people = 0 AND centre_id = NEW.centre_id AND schooling = COALESCE(NEW.schooling, -1) AND gender = NEW.gender
    AND start_year = NEW.start_year;
END;
CREATE TRIGGER report_facts_money_schools_delete AFTER DELETE ON report_facts BEGIN
  INSERT INTO money_schools SELECT OLD.centre_id, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year, s.run_id,
    -COUNT(*), -SUM(s.gross_ore), -SUM(s.tax_ore), -SUM(s.outstanding_after_ore)
  FROM benefit_statements s JOIN benefit_runs b ON b.id = s.run_id AND b.centre_id = s.centre_id
    AND b.month = s.month AND b.state = 'approved'
  WHERE s.centre_id = OLD.centre_id AND s.participant_id = OLD.participant_id AND s.enrolment_id = OLD.enrolment_id
    AND s.kind = 'month' GROUP BY s.run_id
  ON CONFLICT (centre_id, schooling, gender, start_year, run_id) DO UPDATE SET
    people = people + excluded.people, gross_ore = gross_ore + excluded.gross_ore,
    tax_ore = tax_ore + excluded.tax_ore, outstanding_ore = outstanding_ore + excluded.outstanding_ore;
  DELETE FROM money_schools WHERE people = 0 AND centre_id = OLD.centre_id AND schooling = COALESCE(OLD.schooling, -1) AND gender = OLD.gender
    AND start_year = OLD.start_year;
END;
CREATE TRIGGER report_facts_money_schools_update AFTER UPDATE ON report_facts
WHEN OLD.participant_id IS NOT NEW.participant_id OR OLD.centre_id IS NOT NEW.centre_id
  OR OLD.enrolment_id IS NOT NEW.enrolment_id OR OLD.gender IS NOT NEW.gender OR OLD.schooling IS NOT NEW.schooling
  OR OLD.start_year IS NOT NEW.start_year BEGIN
  INSERT INTO money_schools SELECT OLD.centre_id, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year, s.run_id,
    -COUNT(*), -SUM(s.gross_ore), -SUM(s.tax_ore), -SUM(s.outstanding_after_ore)
  FROM benefit_statements s JOIN benefit_runs b ON b.id = s.run_id AND b.centre_id = s.centre_id
    AND b.month = s.month AND b.state = 'approved'
  WHERE s.centre_id = OLD.centre_id AND s.participant_id = OLD.participant_id AND s.enrolment_id = OLD.enrolment_id
    AND s.kind = 'month' GROUP BY s.run_id
  ON CONFLICT (centre_id, schooling, gender, start_year, run_id) DO UPDATE SET
    people = people + excluded.people, gross_ore = gross_ore + excluded.gross_ore,
    tax_ore = tax_ore + excluded.tax_ore, outstanding_ore = outstanding_ore + excluded.outstanding_ore;
  INSERT INTO money_schools SELECT NEW.centre_id, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year, s.run_id,
    COUNT(*), SUM(s.gross_ore), SUM(s.tax_ore), SUM(s.outstanding_after_ore)
  FROM benefit_statements s JOIN benefit_runs b ON b.id = s.run_id AND b.centre_id = s.centre_id
    AND b.month = s.month AND b.state = 'approved'
  WHERE s.centre_id = NEW.centre_id AND s.participant_id = NEW.participant_id AND s.enrolment_id = NEW.enrolment_id
    AND s.kind = 'month' GROUP BY s.run_id
  ON CONFLICT (centre_id, schooling, gender, start_year, run_id) DO UPDATE SET
    people = people + excluded.people, gross_ore = gross_ore + excluded.gross_ore,
    tax_ore = tax_ore + excluded.tax_ore, outstanding_ore = outstanding_ore + excluded.outstanding_ore;
  DELETE FROM money_schools WHERE people = 0 AND centre_id = OLD.centre_id AND schooling = COALESCE(OLD.schooling, -1) AND gender = OLD.gender
    AND start_year = OLD.start_year;
  DELETE FROM money_schools WHERE people = 0 AND centre_id = NEW.centre_id AND schooling = COALESCE(NEW.schooling, -1) AND gender = NEW.gender
    AND start_year = NEW.start_year;
END;
CREATE INDEX intake_facts_schooling_waiting ON intake_facts(centre_id, schooling, waiting_to, waiting_from, gender,
  country, contact_id);
