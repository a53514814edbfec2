-- Results asked for a period counts the exits kept by their day (docs/DECISIONS.md 128).
-- Under a period Results read the period's exits from report_facts_exit_dates
-- (migration 64): every exit of it, 387,319 for this year and women at a
-- million, 232 ms on PostgreSQL. report_exit_days holds the exits counted
-- by centre, day, the exit and start years, the outcome, the 6- and
-- 12-month results ('' for none), gender and country: the view
-- report_exit_days_source (the kept rows grouped, from scratch), kept so by
-- triggers on report_facts in the transaction of every write of the facts.
-- A period with a gender, a country, a cohort, an exit year or none reads
-- the range of its days here (22,000 groups for this year and women); with
-- a band, a contact person or a scheme it reads the periods. The triggers
-- are named report_facts_*, so the demo's bulk load pauses them and fills
-- the table.
CREATE TABLE report_exit_days (
  centre_id BIGINT NOT NULL,
  exit_date TEXT NOT NULL,
  exit_year BIGINT NOT NULL,
  start_year BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  result6 TEXT NOT NULL,
  result12 TEXT NOT NULL,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, exit_date, exit_year, start_year, outcome, result6, result12, gender, country)
);
CREATE VIEW report_exit_days_source AS
SELECT centre_id, exit_date, exit_year, start_year, COALESCE(outcome, '') AS outcome,
  COALESCE(result6, '') AS result6, COALESCE(result12, '') AS result12, gender, country, COUNT(*) AS n
FROM report_facts WHERE exit_date IS NOT NULL
GROUP BY centre_id, exit_date, exit_year, start_year, COALESCE(outcome, ''), COALESCE(result6, ''),
  COALESCE(result12, ''), gender, country;
INSERT INTO report_exit_days SELECT * FROM report_exit_days_source;
-- a period with an exit adds itself to its day's group; one taken away
-- takes itself away (an emptied group goes); a change is both
CREATE FUNCTION report_exit_days_add(r report_facts, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF r.exit_date IS NULL THEN RETURN; END IF;
  INSERT INTO report_exit_days VALUES (r.centre_id, r.exit_date, r.exit_year, r.start_year, COALESCE(r.outcome, ''),
    COALESCE(r.result6, ''), COALESCE(r.result12, ''), r.gender, r.country, s)
    ON CONFLICT (centre_id, exit_date, exit_year, start_year, outcome, result6, result12, gender, country)
    DO UPDATE SET n = report_exit_days.n + EXCLUDED.n;
  IF s < 0 THEN
    DELETE FROM report_exit_days WHERE n = 0 AND centre_id = r.centre_id AND exit_date = r.exit_date
      AND exit_year = r.exit_year AND start_year = r.start_year AND outcome = COALESCE(r.outcome, '')
      AND result6 = COALESCE(r.result6, '') AND result12 = COALESCE(r.result12, '') AND gender = r.gender
      AND country = r.country;
  END IF;
END $$;
CREATE FUNCTION report_facts_exit_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM report_exit_days_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM report_exit_days_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_exit_days AFTER INSERT OR DELETE ON report_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_exit_days();
CREATE TRIGGER report_facts_exit_days_update AFTER UPDATE ON report_facts FOR EACH ROW
  WHEN (OLD.centre_id IS DISTINCT FROM NEW.centre_id OR OLD.exit_date IS DISTINCT FROM NEW.exit_date
    OR OLD.exit_year IS DISTINCT FROM NEW.exit_year OR OLD.start_year IS DISTINCT FROM NEW.start_year
    OR OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.result6 IS DISTINCT FROM NEW.result6
    OR OLD.result12 IS DISTINCT FROM NEW.result12 OR OLD.gender IS DISTINCT FROM NEW.gender
    OR OLD.country IS DISTINCT FROM NEW.country)
  EXECUTE FUNCTION report_facts_exit_days();
