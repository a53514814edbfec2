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
) WITHOUT ROWID;
CREATE VIEW report_exit_days_source AS
SELECT centre_id, exit_date, exit_year, start_year, COALESCE(outcome, '') AS outcome,
  COALESCE(result6, '') AS result6, COALESCE(result12, '') AS result12, gender, country, COUNT(*) AS n
FROM report_facts WHERE exit_date IS NOT NULL
GROUP BY centre_id, exit_date, exit_year, start_year, COALESCE(outcome, ''), COALESCE(result6, ''),
  COALESCE(result12, ''), gender, country;
INSERT INTO report_exit_days SELECT * FROM report_exit_days_source;
-- a period with an exit adds itself to its day's group; one taken away
-- takes itself away (an emptied group goes); a change is both
CREATE TRIGGER report_facts_exit_days_insert AFTER INSERT ON report_facts WHEN NEW.exit_date IS NOT NULL BEGIN
  INSERT INTO report_exit_days VALUES (NEW.centre_id, NEW.exit_date, NEW.exit_year, NEW.start_year,
    COALESCE(NEW.outcome, ''), COALESCE(NEW.result6, ''), COALESCE(NEW.result12, ''), NEW.gender, NEW.country, 1)
    ON CONFLICT (centre_id, exit_date, exit_year, start_year, outcome, result6, result12, gender, country)
    DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER report_facts_exit_days_delete AFTER DELETE ON report_facts WHEN OLD.exit_date IS NOT NULL BEGIN
  INSERT INTO report_exit_days VALUES (OLD.centre_id, OLD.exit_date, OLD.exit_year, OLD.start_year,
    COALESCE(OLD.outcome, ''), COALESCE(OLD.result6, ''), COALESCE(OLD.result12, ''), OLD.gender, OLD.country, -1)
    ON CONFLICT (centre_id, exit_date, exit_year, start_year, outcome, result6, result12, gender, country)
    DO UPDATE SET n = n + excluded.n;
  DELETE FROM report_exit_days WHERE n = 0 AND centre_id = OLD.centre_id AND exit_date = OLD.exit_date
    AND exit_year = OLD.exit_year AND start_year = OLD.start_year AND outcome = COALESCE(OLD.outcome, '')
    AND result6 = COALESCE(OLD.result6, '') AND result12 = COALESCE(OLD.result12, '') AND gender = OLD.gender
    AND country = OLD.country;
END;
CREATE TRIGGER report_facts_exit_days_update_old AFTER UPDATE ON report_facts
WHEN OLD.exit_date IS NOT NULL AND (OLD.centre_id IS NOT NEW.centre_id OR OLD.exit_date IS NOT NEW.exit_date
  OR OLD.exit_year IS NOT NEW.exit_year OR OLD.start_year IS NOT NEW.start_year OR OLD.outcome IS NOT NEW.outcome
  OR OLD.result6 IS NOT NEW.result6 OR OLD.result12 IS NOT NEW.result12 OR OLD.gender IS NOT NEW.gender
  OR OLD.country IS NOT NEW.country) BEGIN
  INSERT INTO report_exit_days VALUES (OLD.centre_id, OLD.exit_date, OLD.exit_year, OLD.start_year,
    COALESCE(OLD.outcome, ''), COALESCE(OLD.result6, ''), COALESCE(OLD.result12, ''), OLD.gender, OLD.country, -1)
    ON CONFLICT (centre_id, exit_date, exit_year, start_year, outcome, result6, result12, gender, country)
    DO UPDATE SET n = n + excluded.n;
  DELETE FROM report_exit_days WHERE n = 0 AND centre_id = OLD.centre_id AND exit_date = OLD.exit_date
    AND exit_year = OLD.exit_year AND start_year = OLD.start_year AND outcome = COALESCE(OLD.outcome, '')
    AND result6 = COALESCE(OLD.result6, '') AND result12 = COALESCE(OLD.result12, '') AND gender = OLD.gender
    AND country = OLD.country;
END;
CREATE TRIGGER report_facts_exit_days_update_new AFTER UPDATE ON report_facts
WHEN NEW.exit_date IS NOT NULL AND (OLD.centre_id IS NOT NEW.centre_id OR OLD.exit_date IS NOT NEW.exit_date
  OR OLD.exit_year IS NOT NEW.exit_year OR OLD.start_year IS NOT NEW.start_year OR OLD.outcome IS NOT NEW.outcome
  OR OLD.result6 IS NOT NEW.result6 OR OLD.result12 IS NOT NEW.result12 OR OLD.gender IS NOT NEW.gender
  OR OLD.country IS NOT NEW.country) BEGIN
  INSERT INTO report_exit_days VALUES (NEW.centre_id, NEW.exit_date, NEW.exit_year, NEW.start_year,
    COALESCE(NEW.outcome, ''), COALESCE(NEW.result6, ''), COALESCE(NEW.result12, ''), NEW.gender, NEW.country, 1)
    ON CONFLICT (centre_id, exit_date, exit_year, start_year, outcome, result6, result12, gender, country)
    DO UPDATE SET n = n + excluded.n;
END;
