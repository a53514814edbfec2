-- Caseloads' months kept by the age at the start too, for the age band (docs/DECISIONS.md 112.)
-- Caseloads under an age band summed every change of the band's periods
-- and spans since the first (caseload_months, migration 31, keeps the
-- months by gender, country and start year only): 1.3 million rows for
-- the demo's 35-44 at a million, 1.8-3.3 s. caseload_ages keeps the net
-- change of each month by kind (0 in the programme, 1 with a contact
-- person), the age at the period's start (report_facts.age,
-- caseload_spans.age: migrations 49 and 51), gender and start year, as
-- caseload_months does by country: it is the view caseload_ages_source,
-- kept by triggers on report_facts and caseload_spans (named
-- report_facts_*, so that the demo's bulk load pauses them) that add and
-- take away one at a time. The key begins with the centre, the kind and
-- the age: a band is a range of it. An age band with a country, a
-- schooling band or a contact person still reads the rows.
CREATE TABLE caseload_ages (
  centre_id BIGINT NOT NULL,
  kind BIGINT NOT NULL,
  age BIGINT NOT NULL,
  gender TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  month TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, kind, age, gender, start_year, month)
) WITHOUT ROWID;
CREATE VIEW caseload_ages_source AS
SELECT centre_id, kind, age, gender, start_year, month, SUM(n) AS n FROM (
  SELECT centre_id, 0 AS kind, age, gender, start_year, substr(start_date, 1, 7) AS month, 1 AS n
    FROM report_facts WHERE start_date < until_date
  UNION ALL SELECT centre_id, 0, age, gender, start_year, substr(until_date, 1, 7), -1
    FROM report_facts WHERE start_date < until_date AND until_date < '9999-12-31'
  UNION ALL SELECT centre_id, 1, age, gender, start_year, substr(from_date, 1, 7), 1 FROM caseload_spans
  UNION ALL SELECT centre_id, 1, age, gender, start_year, substr(to_date, 1, 7), -1
    FROM caseload_spans WHERE to_date < '9999-12-31') c
GROUP BY centre_id, kind, age, gender, start_year, month HAVING SUM(n) <> 0;
INSERT INTO caseload_ages SELECT * FROM caseload_ages_source;
-- a period's start and end, a span's: one added or taken away, an emptied
-- month gone
CREATE TRIGGER report_facts_caseload_ages_periods_insert AFTER INSERT ON report_facts
WHEN NEW.start_date < NEW.until_date BEGIN
  INSERT INTO caseload_ages VALUES (NEW.centre_id, 0, NEW.age, NEW.gender, NEW.start_year,
    substr(NEW.start_date, 1, 7), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_ages SELECT NEW.centre_id, 0, NEW.age, NEW.gender, NEW.start_year,
    substr(NEW.until_date, 1, 7), -1 WHERE NEW.until_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_ages WHERE centre_id = NEW.centre_id AND kind = 0 AND age = NEW.age AND gender = NEW.gender
    AND start_year = NEW.start_year AND month IN (substr(NEW.start_date, 1, 7), substr(NEW.until_date, 1, 7))
    AND n = 0;
END;
CREATE TRIGGER report_facts_caseload_ages_periods_delete AFTER DELETE ON report_facts
WHEN OLD.start_date < OLD.until_date BEGIN
  INSERT INTO caseload_ages VALUES (OLD.centre_id, 0, OLD.age, OLD.gender, OLD.start_year,
    substr(OLD.start_date, 1, 7), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_ages SELECT OLD.centre_id, 0, OLD.age, OLD.gender, OLD.start_year,
    substr(OLD.until_date, 1, 7), 1 WHERE OLD.until_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_ages WHERE centre_id = OLD.centre_id AND kind = 0 AND age = OLD.age AND gender = OLD.gender
    AND start_year = OLD.start_year AND month IN (substr(OLD.start_date, 1, 7), substr(OLD.until_date, 1, 7))
    AND n = 0;
END;
CREATE TRIGGER report_facts_caseload_ages_periods_update AFTER UPDATE ON report_facts
WHEN OLD.centre_id IS NOT NEW.centre_id OR OLD.age IS NOT NEW.age OR OLD.gender IS NOT NEW.gender
  OR OLD.start_year IS NOT NEW.start_year OR OLD.start_date IS NOT NEW.start_date
  OR OLD.until_date IS NOT NEW.until_date BEGIN
  INSERT INTO caseload_ages SELECT OLD.centre_id, 0, OLD.age, OLD.gender, OLD.start_year,
    substr(OLD.start_date, 1, 7), -1 WHERE OLD.start_date < OLD.until_date ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_ages SELECT OLD.centre_id, 0, OLD.age, OLD.gender, OLD.start_year,
    substr(OLD.until_date, 1, 7), 1 WHERE OLD.start_date < OLD.until_date AND OLD.until_date < '9999-12-31'
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_ages SELECT NEW.centre_id, 0, NEW.age, NEW.gender, NEW.start_year,
    substr(NEW.start_date, 1, 7), 1 WHERE NEW.start_date < NEW.until_date ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_ages SELECT NEW.centre_id, 0, NEW.age, NEW.gender, NEW.start_year,
    substr(NEW.until_date, 1, 7), -1 WHERE NEW.start_date < NEW.until_date AND NEW.until_date < '9999-12-31'
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_ages WHERE kind = 0 AND n = 0 AND ((centre_id = OLD.centre_id AND age = OLD.age
    AND gender = OLD.gender AND start_year = OLD.start_year
    AND month IN (substr(OLD.start_date, 1, 7), substr(OLD.until_date, 1, 7)))
    OR (centre_id = NEW.centre_id AND age = NEW.age AND gender = NEW.gender AND start_year = NEW.start_year
    AND month IN (substr(NEW.start_date, 1, 7), substr(NEW.until_date, 1, 7))));
END;
CREATE TRIGGER report_facts_caseload_ages_spans_insert AFTER INSERT ON caseload_spans BEGIN
  INSERT INTO caseload_ages VALUES (NEW.centre_id, 1, NEW.age, NEW.gender, NEW.start_year,
    substr(NEW.from_date, 1, 7), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_ages SELECT NEW.centre_id, 1, NEW.age, NEW.gender, NEW.start_year,
    substr(NEW.to_date, 1, 7), -1 WHERE NEW.to_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_ages WHERE centre_id = NEW.centre_id AND kind = 1 AND age = NEW.age AND gender = NEW.gender
    AND start_year = NEW.start_year AND month IN (substr(NEW.from_date, 1, 7), substr(NEW.to_date, 1, 7)) AND n = 0;
END;
CREATE TRIGGER report_facts_caseload_ages_spans_delete AFTER DELETE ON caseload_spans BEGIN
  INSERT INTO caseload_ages VALUES (OLD.centre_id, 1, OLD.age, OLD.gender, OLD.start_year,
    substr(OLD.from_date, 1, 7), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_ages SELECT OLD.centre_id, 1, OLD.age, OLD.gender, OLD.start_year,
    substr(OLD.to_date, 1, 7), 1 WHERE OLD.to_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_ages WHERE centre_id = OLD.centre_id AND kind = 1 AND age = OLD.age AND gender = OLD.gender
    AND start_year = OLD.start_year AND month IN (substr(OLD.from_date, 1, 7), substr(OLD.to_date, 1, 7)) AND n = 0;
END;
CREATE TRIGGER report_facts_caseload_ages_spans_update AFTER UPDATE ON caseload_spans BEGIN
  INSERT INTO caseload_ages VALUES (OLD.centre_id, 1, OLD.age, OLD.gender, OLD.start_year,
    substr(OLD.from_date, 1, 7), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_ages SELECT OLD.centre_id, 1, OLD.age, OLD.gender, OLD.start_year,
    substr(OLD.to_date, 1, 7), 1 WHERE OLD.to_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_ages VALUES (NEW.centre_id, 1, NEW.age, NEW.gender, NEW.start_year,
    substr(NEW.from_date, 1, 7), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_ages SELECT NEW.centre_id, 1, NEW.age, NEW.gender, NEW.start_year,
    substr(NEW.to_date, 1, 7), -1 WHERE NEW.to_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_ages WHERE kind = 1 AND n = 0 AND ((centre_id = OLD.centre_id AND age = OLD.age
    AND gender = OLD.gender AND start_year = OLD.start_year
    AND month IN (substr(OLD.from_date, 1, 7), substr(OLD.to_date, 1, 7)))
    OR (centre_id = NEW.centre_id AND age = NEW.age AND gender = NEW.gender AND start_year = NEW.start_year
    AND month IN (substr(NEW.from_date, 1, 7), substr(NEW.to_date, 1, 7))));
END;
