-- Money's groups by age keep the start year too, for an age band with a cohort (docs/DECISIONS.md 119.)
-- money_ages (migration 53) keeps each approved run's month statements by
-- the period's age at the start and gender: Money under an age band with
-- a cohort read the statements (1.0 s at a million). As money_schools
-- (migration 59), it is made again with the start year in its key (its
-- view, triggers and fill as before, the start year beside the gender).
DROP TRIGGER report_facts_money_ages_approve ON benefit_runs;
DROP TRIGGER report_facts_money_ages ON report_facts;
DROP TRIGGER report_facts_money_ages_update ON report_facts;
DROP FUNCTION report_facts_money_ages_approve();
DROP FUNCTION report_facts_money_ages();
DROP FUNCTION money_ages_add(report_facts, BIGINT);
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
);
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
  INSERT INTO money_ages SELECT r.centre_id, r.age, r.gender, r.start_year, s.run_id,
    sign * COUNT(*), sign * SUM(s.gross_ore), sign * SUM(s.tax_ore), sign * SUM(s.outstanding_after_ore)
  FROM benefit_statements s JOIN benefit_runs b ON b.id = s.run_id AND b.centre_id = s.centre_id
    AND b.month = s.month AND b.state = 'approved'
  WHERE s.centre_id = r.centre_id AND s.participant_id = r.participant_id AND s.enrolment_id = r.enrolment_id
    AND s.kind = 'month' GROUP BY s.run_id
  ON CONFLICT (centre_id, age, gender, start_year, run_id) DO UPDATE SET
    people = money_ages.people + EXCLUDED.people, gross_ore = money_ages.gross_ore + EXCLUDED.gross_ore,
    tax_ore = money_ages.tax_ore + EXCLUDED.tax_ore,
    outstanding_ore = money_ages.outstanding_ore + EXCLUDED.outstanding_ore;
  DELETE FROM money_ages WHERE people = 0 AND centre_id = r.centre_id AND age = r.age AND gender = r.gender
    AND start_year = r.start_year;
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
  OR OLD.age IS DISTINCT FROM NEW.age OR OLD.start_year IS DISTINCT FROM NEW.start_year)
  EXECUTE FUNCTION report_facts_money_ages();
