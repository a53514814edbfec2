-- Caseloads' months kept by the years of schooling too, for the schooling band (docs/DECISIONS.md 118.)
-- Caseloads under a schooling band summed every change of the periods and
-- spans since the first (1.6-2.1 s at a million). caseload_schools keeps
-- what caseload_ages (migration 54) keeps, by the years of schooling (-1
-- for none) instead of the age: the view caseload_schools_source, kept by
-- triggers on report_facts and caseload_spans named report_facts_* (the
-- demo's bulk load pauses them). A schooling band alone or with a gender
-- or a cohort reads a range of it; with an age band, a country or a
-- contact person the rows.
CREATE TABLE caseload_schools (
  centre_id BIGINT NOT NULL,
  kind BIGINT NOT NULL,
  schooling BIGINT NOT NULL,
  gender TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  month TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, kind, schooling, gender, start_year, month)
) WITHOUT ROWID;
CREATE VIEW caseload_schools_source AS
SELECT centre_id, kind, schooling, gender, start_year, month, SUM(n) AS n FROM (
  SELECT centre_id, 0 AS kind, COALESCE(schooling, -1) AS schooling, gender, start_year, substr(start_date, 1, 7) AS month, 1 AS n
    FROM report_facts WHERE start_date < until_date
  UNION ALL SELECT centre_id, 0, COALESCE(schooling, -1), gender, start_year, substr(until_date, 1, 7), -1
    FROM report_facts WHERE start_date < until_date AND until_date < '9999-12-31'
  UNION ALL SELECT centre_id, 1, COALESCE(schooling, -1), gender, start_year, substr(from_date, 1, 7), 1 FROM caseload_spans
  UNION ALL SELECT centre_id, 1, COALESCE(schooling, -1), gender, start_year, substr(to_date, 1, 7), -1
    FROM caseload_spans WHERE to_date < '9999-12-31') c
GROUP BY centre_id, kind, schooling, gender, start_year, month HAVING SUM(n) <> 0;
INSERT INTO caseload_schools SELECT * FROM caseload_schools_source;
-- a period's start and end, a span's: one added or taken away, an emptied
-- month gone
CREATE TRIGGER report_facts_caseload_schools_periods_insert AFTER INSERT ON report_facts
WHEN NEW.start_date < NEW.until_date BEGIN
  INSERT INTO caseload_schools VALUES (NEW.centre_id, 0, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year,
    substr(NEW.start_date, 1, 7), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_schools SELECT NEW.centre_id, 0, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year,
    substr(NEW.until_date, 1, 7), -1 WHERE NEW.until_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_schools WHERE centre_id = NEW.centre_id AND kind = 0 AND schooling = COALESCE(NEW.schooling, -1) AND gender = NEW.gender
    AND start_year = NEW.start_year AND month IN (substr(NEW.start_date, 1, 7), substr(NEW.until_date, 1, 7))
    AND n = 0;
END;
CREATE TRIGGER report_facts_caseload_schools_periods_delete AFTER DELETE ON report_facts
WHEN OLD.start_date < OLD.until_date BEGIN
  INSERT INTO caseload_schools VALUES (OLD.centre_id, 0, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year,
    substr(OLD.start_date, 1, 7), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_schools SELECT OLD.centre_id, 0, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year,
    substr(OLD.until_date, 1, 7), 1 WHERE OLD.until_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_schools WHERE centre_id = OLD.centre_id AND kind = 0 AND schooling = COALESCE(OLD.schooling, -1) AND gender = OLD.gender
    AND start_year = OLD.start_year AND month IN (substr(OLD.start_date, 1, 7), substr(OLD.until_date, 1, 7))
    AND n = 0;
END;
CREATE TRIGGER report_facts_caseload_schools_periods_update AFTER UPDATE ON report_facts
WHEN OLD.centre_id IS NOT NEW.centre_id OR OLD.schooling IS NOT NEW.schooling OR OLD.gender IS NOT NEW.gender
  OR OLD.start_year IS NOT NEW.start_year OR OLD.start_date IS NOT NEW.start_date
  OR OLD.until_date IS NOT NEW.until_date BEGIN
  INSERT INTO caseload_schools SELECT OLD.centre_id, 0, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year,
    substr(OLD.start_date, 1, 7), -1 WHERE OLD.start_date < OLD.until_date ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_schools SELECT OLD.centre_id, 0, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year,
    substr(OLD.until_date, 1, 7), 1 WHERE OLD.start_date < OLD.until_date AND OLD.until_date < '9999-12-31'
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_schools SELECT NEW.centre_id, 0, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year,
    substr(NEW.start_date, 1, 7), 1 WHERE NEW.start_date < NEW.until_date ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_schools SELECT NEW.centre_id, 0, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year,
    substr(NEW.until_date, 1, 7), -1 WHERE NEW.start_date < NEW.until_date AND NEW.until_date < '9999-12-31'
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_schools WHERE kind = 0 AND n = 0 AND ((centre_id = OLD.centre_id AND schooling = COALESCE(OLD.schooling, -1)
    AND gender = OLD.gender AND start_year = OLD.start_year
    AND month IN (substr(OLD.start_date, 1, 7), substr(OLD.until_date, 1, 7)))
    OR (centre_id = NEW.centre_id AND schooling = COALESCE(NEW.schooling, -1) AND gender = NEW.gender AND start_year = NEW.start_year
    AND month IN (substr(NEW.start_date, 1, 7), substr(NEW.until_date, 1, 7))));
END;
CREATE TRIGGER report_facts_caseload_schools_spans_insert AFTER INSERT ON caseload_spans BEGIN
  INSERT INTO caseload_schools VALUES (NEW.centre_id, 1, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year,
    substr(NEW.from_date, 1, 7), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_schools SELECT NEW.centre_id, 1, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year,
    substr(NEW.to_date, 1, 7), -1 WHERE NEW.to_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_schools WHERE centre_id = NEW.centre_id AND kind = 1 AND schooling = COALESCE(NEW.schooling, -1) AND gender = NEW.gender
    AND start_year = NEW.start_year AND month IN (substr(NEW.from_date, 1, 7), substr(NEW.to_date, 1, 7)) AND n = 0;
END;
CREATE TRIGGER report_facts_caseload_schools_spans_delete AFTER DELETE ON caseload_spans BEGIN
  INSERT INTO caseload_schools VALUES (OLD.centre_id, 1, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year,
    substr(OLD.from_date, 1, 7), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_schools SELECT OLD.centre_id, 1, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year,
    substr(OLD.to_date, 1, 7), 1 WHERE OLD.to_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_schools WHERE centre_id = OLD.centre_id AND kind = 1 AND schooling = COALESCE(OLD.schooling, -1) AND gender = OLD.gender
    AND start_year = OLD.start_year AND month IN (substr(OLD.from_date, 1, 7), substr(OLD.to_date, 1, 7)) AND n = 0;
END;
CREATE TRIGGER report_facts_caseload_schools_spans_update AFTER UPDATE ON caseload_spans BEGIN
  INSERT INTO caseload_schools VALUES (OLD.centre_id, 1, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year,
    substr(OLD.from_date, 1, 7), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_schools SELECT OLD.centre_id, 1, COALESCE(OLD.schooling, -1), OLD.gender, OLD.start_year,
    substr(OLD.to_date, 1, 7), 1 WHERE OLD.to_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_schools VALUES (NEW.centre_id, 1, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year,
    substr(NEW.from_date, 1, 7), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_schools SELECT NEW.centre_id, 1, COALESCE(NEW.schooling, -1), NEW.gender, NEW.start_year,
    substr(NEW.to_date, 1, 7), -1 WHERE NEW.to_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_schools WHERE kind = 1 AND n = 0 AND ((centre_id = OLD.centre_id AND schooling = COALESCE(OLD.schooling, -1)
    AND gender = OLD.gender AND start_year = OLD.start_year
    AND month IN (substr(OLD.from_date, 1, 7), substr(OLD.to_date, 1, 7)))
    OR (centre_id = NEW.centre_id AND schooling = COALESCE(NEW.schooling, -1) AND gender = NEW.gender AND start_year = NEW.start_year
    AND month IN (substr(NEW.from_date, 1, 7), substr(NEW.to_date, 1, 7))));
END;
