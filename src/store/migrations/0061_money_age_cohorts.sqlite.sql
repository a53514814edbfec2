-- Money's groups by age keep the start year too, for an age band with a cohort (docs/DECISIONS.md 119.)
-- money_ages (migration 53) keeps each approved run's month statements by
-- the period's age at the start and gender: Money under an age band with
-- a cohort read the statements (1.0 s at a million). As money_schools
-- (migration 59), it is made again with the start year in its key (its
-- view, triggers and fill as before, the start year beside the gender).
DROP TRIGGER report_facts_money_ages_approve;
DROP TRIGGER report_facts_money_ages_run_insert;
DROP TRIGGER report_facts_money_ages_insert;
DROP TRIGGER report_facts_money_ages_delete;
DROP TRIGGER report_facts_money_ages_update;
DROP VIEW money_ages_source;
DROP TABLE money_ages;
-- Money: each approved run's month statements with a period, by the
-- period's age at the start, gender and start year (people, sums as
-- money_groups)
CREATE TABLE money_ages (
  centre_id BIGINT NOT NULL,
  age BIGINT NOT NULL,
  gender TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  run_id BIGINT NOT NULL,
  people BIGINT NOT NULL,
  gross_ore BIGINT NOT NULL,
  tax_ore BIGINT NOT NULL,
  outstanding_ore BIGINT NOT NULL,
  PRIMARY KEY (centre_id, age, gender, start_year, run_id)
) WITHOUT ROWID;
CREATE VIEW money_ages_source AS
SELECT s.centre_id AS centre_id, r.age AS age, r.gender AS gender, r.start_year AS start_year, s.run_id AS run_id,
  COUNT(DISTINCT s.participant_id) AS people, SUM(s.gross_ore) AS gross_ore, SUM(s.tax_ore) AS tax_ore,
  SUM(s.outstanding_after_ore) AS outstanding_ore
FROM benefit_runs b JOIN benefit_statements s ON s.run_id = b.id AND s.centre_id = b.centre_id AND s.kind = 'month'
  AND s.month = b.month
JOIN report_facts r ON r.enrolment_id = s.enrolment_id AND r.centre_id = s.centre_id
WHERE b.state = 'approved' GROUP BY s.centre_id, r.age, r.gender, r.start_year, s.run_id;
INSERT INTO money_ages SELECT * FROM money_ages_source;
-- Money's: a run approved adds its groups, once (as money_groups)
CREATE TRIGGER report_facts_money_ages_approve AFTER UPDATE OF state ON benefit_runs
WHEN NEW.state = 'approved' AND OLD.state <> 'approved' BEGIN
  INSERT INTO money_ages SELECT * FROM money_ages_source WHERE run_id = NEW.id;
END;
CREATE TRIGGER report_facts_money_ages_run_insert AFTER INSERT ON benefit_runs WHEN NEW.state = 'approved' BEGIN
  INSERT INTO money_ages SELECT * FROM money_ages_source WHERE run_id = NEW.id;
END;
-- a period written moves its statements of approved runs (found by its
-- participant) to its group, one removed takes them away
CREATE TRIGGER report_facts_money_ages_insert AFTER INSERT ON report_facts BEGIN
  INSERT INTO money_ages SELECT NEW.centre_id, NEW.age, NEW.gender, NEW.start_year, s.run_id,
    COUNT(*), SUM(s.gross_ore), SUM(s.tax_ore), SUM(s.outstanding_after_ore)
  FROM benefit_statements s JOIN benefit_runs b ON b.id = s.run_id AND b.centre_id = s.centre_id
    AND b.month = s.month AND b.state = 'approved'
  WHERE s.centre_id = NEW.centre_id AND s.participant_id = NEW.participant_id AND s.enrolment_id = NEW.enrolment_id
    AND s.kind = 'month' GROUP BY s.run_id
  ON CONFLICT (centre_id, age, gender, start_year, run_id) DO UPDATE SET
    people = people + excluded.people, gross_ore = gross_ore + excluded.gross_ore,
    tax_ore = tax_ore + excluded.tax_ore, outstanding_ore = outstanding_ore + excluded.outstanding_ore;
  DELETE FROM money_ages WHERE people = 0 AND centre_id = NEW.centre_id AND age = NEW.age AND gender = NEW.gender
    AND start_year = NEW.start_year;
END;
CREATE TRIGGER report_facts_money_ages_delete AFTER DELETE ON report_facts BEGIN
  INSERT INTO money_ages SELECT OLD.centre_id, OLD.age, OLD.gender, OLD.start_year, s.run_id,
    -COUNT(*), -SUM(s.gross_ore), -SUM(s.tax_ore), -SUM(s.outstanding_after_ore)
  FROM benefit_statements s JOIN benefit_runs b ON b.id = s.run_id AND b.centre_id = s.centre_id
    AND b.month = s.month AND b.state = 'approved'
  WHERE s.centre_id = OLD.centre_id AND s.participant_id = OLD.participant_id AND s.enrolment_id = OLD.enrolment_id
    AND s.kind = 'month' GROUP BY s.run_id
  ON CONFLICT (centre_id, age, gender, start_year, run_id) DO UPDATE SET
    people = people + excluded.people, gross_ore = gross_ore + excluded.gross_ore,
    tax_ore = tax_ore + excluded.tax_ore, outstanding_ore = outstanding_ore + excluded.outstanding_ore;
  DELETE FROM money_ages WHERE people = 0 AND centre_id = OLD.centre_id AND age = OLD.age AND gender = OLD.gender
    AND start_year = OLD.start_year;
END;
CREATE TRIGGER report_facts_money_ages_update AFTER UPDATE ON report_facts
WHEN OLD.participant_id IS NOT NEW.participant_id OR OLD.centre_id IS NOT NEW.centre_id
  OR OLD.enrolment_id IS NOT NEW.enrolment_id OR OLD.gender IS NOT NEW.gender OR OLD.age IS NOT NEW.age
  OR OLD.start_year IS NOT NEW.start_year BEGIN
  INSERT INTO money_ages SELECT OLD.centre_id, OLD.age, OLD.gender, OLD.start_year, s.run_id,
    -COUNT(*), -SUM(s.gross_ore), -SUM(s.tax_ore), -SUM(s.outstanding_after_ore)
  FROM benefit_statements s JOIN benefit_runs b ON b.id = s.run_id AND b.centre_id = s.centre_id
    AND b.month = s.month AND b.state = 'approved'
  WHERE s.centre_id = OLD.centre_id AND s.participant_id = OLD.participant_id AND s.enrolment_id = OLD.enrolment_id
    AND s.kind = 'month' GROUP BY s.run_id
  ON CONFLICT (centre_id, age, gender, start_year, run_id) DO UPDATE SET
    people = people + excluded.people, gross_ore = gross_ore + excluded.gross_ore,
    tax_ore = tax_ore + excluded.tax_ore, outstanding_ore = outstanding_ore + excluded.outstanding_ore;
  INSERT INTO money_ages SELECT NEW.centre_id, NEW.age, NEW.gender, NEW.start_year, s.run_id,
    COUNT(*), SUM(s.gross_ore), SUM(s.tax_ore), SUM(s.outstanding_after_ore)
  FROM benefit_statements s JOIN benefit_runs b ON b.id = s.run_id AND b.centre_id = s.centre_id
    AND b.month = s.month AND b.state = 'approved'
  WHERE s.centre_id = NEW.centre_id AND s.participant_id = NEW.participant_id AND s.enrolment_id = NEW.enrolment_id
    AND s.kind = 'month' GROUP BY s.run_id
  ON CONFLICT (centre_id, age, gender, start_year, run_id) DO UPDATE SET
    people = people + excluded.people, gross_ore = gross_ore + excluded.gross_ore,
    tax_ore = tax_ore + excluded.tax_ore, outstanding_ore = outstanding_ore + excluded.outstanding_ore;
  DELETE FROM money_ages WHERE people = 0 AND centre_id = OLD.centre_id AND age = OLD.age AND gender = OLD.gender
    AND start_year = OLD.start_year;
  DELETE FROM money_ages WHERE people = 0 AND centre_id = NEW.centre_id AND age = NEW.age AND gender = NEW.gender
    AND start_year = NEW.start_year;
END;
