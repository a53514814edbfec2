-- Money counted from a run's sums kept by its period's filter columns, written once when the run is approved
-- (docs/DECISIONS.md 88.) Money shows the month statements (kind 'month',
-- of the run's own month) of the approved runs; under a filter, those whose
-- period (the statement's own enrolment, a row of report_facts) passes. It
-- joined every statement of every approved run to its period (537,561 at a
-- million). money_groups keeps each approved run's sums:
--   kind 0: the whole run (no filter): every month statement, '' and -1 for
--           the columns; people counted once each;
--   kind 1: the statements with a period, by the period's start year,
--           gender, exit year and country.
-- people is the participants (a run writes one month statement a
-- participant, so the statements; the view counts them distinct, and
-- `report verify` would tell a run that broke that), and the gross, tax and
-- the overpayment outstanding after, summed. It is the view
-- money_groups_source. What Money reads changes only when a run is approved
-- (an approved run's statements are never edited or deleted, its month and
-- state never change, and the app writes statements only into open runs) or
-- when a kept period changes: the approval adds the run's groups in one
-- grouped INSERT ... SELECT, in its transaction (no trigger on the run's
-- statements, whose write issue 11 times), and a period written moves its
-- statements of approved runs from its old group to its new one. The
-- triggers are named report_facts_*, so the demo's bulk load pauses them and
-- fills the table from the view.
CREATE TABLE money_groups (
  centre_id BIGINT NOT NULL,
  kind BIGINT NOT NULL,
  start_year BIGINT NOT NULL,
  gender TEXT NOT NULL,
  exit_year BIGINT NOT NULL,
  country TEXT NOT NULL,
  run_id BIGINT NOT NULL,
  people BIGINT NOT NULL,
  gross_ore BIGINT NOT NULL,
  tax_ore BIGINT NOT NULL,
  outstanding_ore BIGINT NOT NULL,
  PRIMARY KEY (centre_id, kind, start_year, gender, exit_year, country, run_id)
);
CREATE VIEW money_groups_source AS
SELECT s.centre_id AS centre_id, CAST(0 AS BIGINT) AS kind, CAST(-1 AS BIGINT) AS start_year, '' AS gender,
  CAST(-1 AS BIGINT) AS exit_year, '' AS country, s.run_id AS run_id, COUNT(DISTINCT s.participant_id) AS people,
  SUM(s.gross_ore) AS gross_ore, SUM(s.tax_ore) AS tax_ore, SUM(s.outstanding_after_ore) AS outstanding_ore
FROM benefit_runs b JOIN benefit_statements s ON s.run_id = b.id AND s.centre_id = b.centre_id AND s.kind = 'month'
  AND s.month = b.month
WHERE b.state = 'approved' GROUP BY s.centre_id, s.run_id
UNION ALL
SELECT s.centre_id, 1, r.start_year, r.gender, r.exit_year, r.country, s.run_id, COUNT(DISTINCT s.participant_id),
  SUM(s.gross_ore), SUM(s.tax_ore), SUM(s.outstanding_after_ore)
FROM benefit_runs b JOIN benefit_statements s ON s.run_id = b.id AND s.centre_id = b.centre_id AND s.kind = 'month'
  AND s.month = b.month
JOIN report_facts r ON r.enrolment_id = s.enrolment_id AND r.centre_id = s.centre_id
WHERE b.state = 'approved' GROUP BY s.centre_id, r.start_year, r.gender, r.exit_year, r.country, s.run_id;
INSERT INTO money_groups SELECT * FROM money_groups_source;
-- a run approved (or, in SQL, inserted approved) adds its groups, once
CREATE FUNCTION report_facts_money_approve() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = 'approved' AND (TG_OP = 'INSERT' OR OLD.state <> 'approved') THEN
    INSERT INTO money_groups SELECT * FROM money_groups_source WHERE run_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_money_approve AFTER INSERT OR UPDATE OF state ON benefit_runs
  FOR EACH ROW EXECUTE FUNCTION report_facts_money_approve();
-- a period written moves its statements of approved runs (found by its
-- participant, a few rows) to its group, one removed takes them away (an
-- emptied group goes)
CREATE FUNCTION money_groups_add(r report_facts, sign BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO money_groups SELECT r.centre_id, 1, r.start_year, r.gender, r.exit_year, r.country, s.run_id,
    sign * COUNT(*), sign * SUM(s.gross_ore), sign * SUM(s.tax_ore), sign * SUM(s.outstanding_after_ore)
  FROM benefit_statements s JOIN benefit_runs b ON b.id = s.run_id AND b.centre_id = s.centre_id
    AND b.month = s.month AND b.state = 'approved'
  WHERE s.centre_id = r.centre_id AND s.participant_id = r.participant_id AND s.enrolment_id = r.enrolment_id
    AND s.kind = 'month' GROUP BY s.run_id
  ON CONFLICT (centre_id, kind, start_year, gender, exit_year, country, run_id) DO UPDATE SET
    people = money_groups.people + EXCLUDED.people, gross_ore = money_groups.gross_ore + EXCLUDED.gross_ore,
    tax_ore = money_groups.tax_ore + EXCLUDED.tax_ore,
    outstanding_ore = money_groups.outstanding_ore + EXCLUDED.outstanding_ore;
  DELETE FROM money_groups WHERE people = 0 AND centre_id = r.centre_id AND kind = 1 AND start_year = r.start_year
    AND gender = r.gender AND exit_year = r.exit_year AND country = r.country;
END $$;
CREATE FUNCTION report_facts_money_periods() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM money_groups_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM money_groups_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_money_periods AFTER INSERT OR DELETE ON report_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_money_periods();
CREATE TRIGGER report_facts_money_periods_update AFTER UPDATE ON report_facts FOR EACH ROW
  WHEN (OLD.participant_id IS DISTINCT FROM NEW.participant_id OR OLD.centre_id IS DISTINCT FROM NEW.centre_id
  OR OLD.enrolment_id IS DISTINCT FROM NEW.enrolment_id OR OLD.gender IS DISTINCT FROM NEW.gender
  OR OLD.country IS DISTINCT FROM NEW.country OR OLD.start_year IS DISTINCT FROM NEW.start_year
  OR OLD.exit_year IS DISTINCT FROM NEW.exit_year)
  EXECUTE FUNCTION report_facts_money_periods();
