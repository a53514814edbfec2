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
);
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
CREATE FUNCTION caseload_schools_add(c BIGINT, k BIGINT, a BIGINT, g TEXT, y BIGINT, m TEXT, d BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO caseload_schools VALUES (c, k, a, g, y, m, d)
    ON CONFLICT (centre_id, kind, schooling, gender, start_year, month) DO UPDATE SET n = caseload_schools.n + EXCLUDED.n;
  DELETE FROM caseload_schools WHERE centre_id = c AND kind = k AND schooling = a AND gender = g AND start_year = y
    AND month = m AND n = 0;
END $$;
CREATE FUNCTION caseload_schools_of_period() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r report_facts;
  d BIGINT;
BEGIN
  FOR i IN 1..2 LOOP
    IF i = 1 AND TG_OP <> 'INSERT' THEN r := OLD; d := -1;
    ELSIF i = 2 AND TG_OP <> 'DELETE' THEN r := NEW; d := 1;
    ELSE CONTINUE;
    END IF;
    IF r.start_date < r.until_date THEN
      PERFORM caseload_schools_add(r.centre_id, 0, COALESCE(r.schooling, -1), r.gender, r.start_year, substr(r.start_date, 1, 7), d);
      IF r.until_date < '9999-12-31' THEN
        PERFORM caseload_schools_add(r.centre_id, 0, COALESCE(r.schooling, -1), r.gender, r.start_year, substr(r.until_date, 1, 7), -d);
      END IF;
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
CREATE FUNCTION caseload_schools_of_span() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r caseload_spans;
  d BIGINT;
BEGIN
  FOR i IN 1..2 LOOP
    IF i = 1 AND TG_OP <> 'INSERT' THEN r := OLD; d := -1;
    ELSIF i = 2 AND TG_OP <> 'DELETE' THEN r := NEW; d := 1;
    ELSE CONTINUE;
    END IF;
    PERFORM caseload_schools_add(r.centre_id, 1, COALESCE(r.schooling, -1), r.gender, r.start_year, substr(r.from_date, 1, 7), d);
    IF r.to_date < '9999-12-31' THEN
      PERFORM caseload_schools_add(r.centre_id, 1, COALESCE(r.schooling, -1), r.gender, r.start_year, substr(r.to_date, 1, 7), -d);
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_caseload_schools_periods AFTER INSERT OR DELETE ON report_facts
  FOR EACH ROW EXECUTE FUNCTION caseload_schools_of_period();
CREATE TRIGGER report_facts_caseload_schools_periods_update AFTER UPDATE ON report_facts FOR EACH ROW
  WHEN (OLD.centre_id IS DISTINCT FROM NEW.centre_id OR OLD.schooling IS DISTINCT FROM NEW.schooling
  OR OLD.gender IS DISTINCT FROM NEW.gender OR OLD.start_year IS DISTINCT FROM NEW.start_year
  OR OLD.start_date IS DISTINCT FROM NEW.start_date OR OLD.until_date IS DISTINCT FROM NEW.until_date)
  EXECUTE FUNCTION caseload_schools_of_period();
CREATE TRIGGER report_facts_caseload_schools_spans AFTER INSERT OR DELETE OR UPDATE ON caseload_spans
  FOR EACH ROW EXECUTE FUNCTION caseload_schools_of_span();
