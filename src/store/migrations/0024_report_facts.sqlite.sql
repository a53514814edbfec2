-- the reports' programme periods kept as facts (report_facts), by triggers in the transaction of every write
-- (docs/DECISIONS.md 69 and 70.) report_facts holds one row per programme
-- period with what the reports count: the period, its participant's
-- gender, country, birth, schooling and contact person, the exit outcome,
-- the 6- and 12-month results and their days, the referral's day, and the
-- start and exit years. It is the view report_facts_source (the facts
-- joined, from scratch) kept by the triggers below, which recompute the
-- rows of the period or participant written in the same transaction; the
-- reports read the narrow table and count in SQL by the filters' columns.
-- The bands, completers and first jobs stay the domain's (domain/report.c).
CREATE TABLE report_facts (
  centre_id BIGINT NOT NULL,
  enrolment_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  contact_id BIGINT NOT NULL,
  birth_date TEXT NOT NULL,
  start_date TEXT NOT NULL,
  exit_date TEXT,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  schooling BIGINT,
  outcome TEXT,
  result6 TEXT,
  on6 TEXT,
  result12 TEXT,
  on12 TEXT,
  referred_on TEXT,
  start_year BIGINT NOT NULL,
  exit_year BIGINT NOT NULL
);
CREATE VIEW report_facts_source AS
SELECT e.centre_id AS centre_id, e.id AS enrolment_id, e.participant_id AS participant_id,
  COALESCE(p.contact_id, 0) AS contact_id, p.birth_date AS birth_date, e.start_date AS start_date,
  e.exit_date AS exit_date, p.gender AS gender, p.country_of_birth AS country, p.schooling_years AS schooling,
  e.outcome AS outcome, t6.result AS result6, COALESCE(t6.result_on, t6.done_on) AS on6,
  t12.result AS result12, COALESCE(t12.result_on, t12.done_on) AS on12, r.referred_on AS referred_on,
  CAST(substr(e.start_date, 1, 4) AS BIGINT) AS start_year,
  COALESCE(CAST(substr(e.exit_date, 1, 4) AS BIGINT), 0) AS exit_year
FROM enrolments e JOIN participants p ON p.id = e.participant_id AND p.centre_id = e.centre_id
LEFT JOIN tasks t6 ON t6.enrolment_id = e.id AND t6.kind = 'followup_6m' AND t6.centre_id = e.centre_id
LEFT JOIN tasks t12 ON t12.enrolment_id = e.id AND t12.kind = 'followup_12m' AND t12.centre_id = e.centre_id
LEFT JOIN referrals r ON r.id = e.referral_id AND r.centre_id = e.centre_id;
INSERT INTO report_facts SELECT * FROM report_facts_source;
-- every period of a centre in id order; the triggers' rows by period and participant
CREATE INDEX report_facts_centre ON report_facts(centre_id, enrolment_id);
CREATE INDEX report_facts_enrolment ON report_facts(enrolment_id);
CREATE INDEX report_facts_participant ON report_facts(participant_id);
-- Results, the annual report and the glance: counted by exit year, start year and the results,
-- with the filters' columns in the index
CREATE INDEX report_facts_exits ON report_facts(centre_id, exit_year, start_year, outcome, result6, result12,
  gender, country, contact_id);
-- the glance: a year's starts in id order, from the index alone
CREATE INDEX report_facts_starts ON report_facts(centre_id, start_year, enrolment_id, participant_id, start_date,
  exit_date, outcome, referred_on);
-- a referral's day changed: its periods
CREATE INDEX enrolments_referral ON enrolments(referral_id);
CREATE TRIGGER report_facts_enrolments_insert AFTER INSERT ON enrolments BEGIN
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE enrolment_id = NEW.id;
END;
CREATE TRIGGER report_facts_enrolments_update
AFTER UPDATE OF participant_id, referral_id, start_date, exit_date, outcome, centre_id ON enrolments BEGIN
  DELETE FROM report_facts WHERE enrolment_id = OLD.id;
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE enrolment_id = NEW.id;
END;
CREATE TRIGGER report_facts_enrolments_delete AFTER DELETE ON enrolments BEGIN
  DELETE FROM report_facts WHERE enrolment_id = OLD.id;
END;
CREATE TRIGGER report_facts_participants_update
AFTER UPDATE OF birth_date, gender, country_of_birth, schooling_years, contact_id, centre_id ON participants BEGIN
  DELETE FROM report_facts WHERE participant_id = OLD.id;
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE participant_id = NEW.id;
END;
CREATE TRIGGER report_facts_tasks_insert AFTER INSERT ON tasks WHEN NEW.enrolment_id IS NOT NULL BEGIN
  DELETE FROM report_facts WHERE enrolment_id = NEW.enrolment_id;
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE enrolment_id = NEW.enrolment_id;
END;
CREATE TRIGGER report_facts_tasks_update
AFTER UPDATE OF enrolment_id, kind, result, result_on, done_on, centre_id ON tasks
WHEN NEW.enrolment_id IS NOT NULL OR OLD.enrolment_id IS NOT NULL BEGIN
  DELETE FROM report_facts WHERE enrolment_id IN (OLD.enrolment_id, NEW.enrolment_id);
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE enrolment_id IN (OLD.enrolment_id, NEW.enrolment_id);
END;
CREATE TRIGGER report_facts_tasks_delete AFTER DELETE ON tasks WHEN OLD.enrolment_id IS NOT NULL BEGIN
  DELETE FROM report_facts WHERE enrolment_id = OLD.enrolment_id;
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE enrolment_id = OLD.enrolment_id;
END;
CREATE TRIGGER report_facts_referrals_update AFTER UPDATE OF referred_on, centre_id ON referrals BEGIN
  DELETE FROM report_facts WHERE enrolment_id IN (SELECT id FROM enrolments WHERE referral_id = NEW.id);
  INSERT INTO report_facts SELECT * FROM report_facts_source
    WHERE enrolment_id IN (SELECT id FROM enrolments WHERE referral_id = NEW.id);
END;
