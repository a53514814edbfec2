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
);
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
CREATE FUNCTION caseload_ages_add(c BIGINT, k BIGINT, a BIGINT, g TEXT, y BIGINT, m TEXT, d BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO caseload_ages VALUES (c, k, a, g, y, m, d)
    ON CONFLICT (centre_id, kind, age, gender, start_year, month) DO UPDATE SET n = caseload_ages.n + EXCLUDED.n;
  DELETE FROM caseload_ages WHERE centre_id = c AND kind = k AND age = a AND gender = g AND start_year = y
    AND month = m AND n = 0;
END $$;
CREATE FUNCTION caseload_ages_of_period() RETURNS trigger LANGUAGE plpgsql AS $$
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
      PERFORM caseload_ages_add(r.centre_id, 0, r.age, r.gender, r.start_year, substr(r.start_date, 1, 7), d);
      IF r.until_date < '9999-12-31' THEN
        PERFORM caseload_ages_add(r.centre_id, 0, r.age, r.gender, r.start_year, substr(r.until_date, 1, 7), -d);
      END IF;
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
CREATE FUNCTION caseload_ages_of_span() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r caseload_spans;
  d BIGINT;
BEGIN
  FOR i IN 1..2 LOOP
    IF i = 1 AND TG_OP <> 'INSERT' THEN r := OLD; d := -1;
    ELSIF i = 2 AND TG_OP <> 'DELETE' THEN r := NEW; d := 1;
    ELSE CONTINUE;
    END IF;
    PERFORM caseload_ages_add(r.centre_id, 1, r.age, r.gender, r.start_year, substr(r.from_date, 1, 7), d);
    IF r.to_date < '9999-12-31' THEN
      PERFORM caseload_ages_add(r.centre_id, 1, r.age, r.gender, r.start_year, substr(r.to_date, 1, 7), -d);
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_caseload_ages_periods AFTER INSERT OR DELETE ON report_facts
  FOR EACH ROW EXECUTE FUNCTION caseload_ages_of_period();
CREATE TRIGGER report_facts_caseload_ages_periods_update AFTER UPDATE ON report_facts FOR EACH ROW
  WHEN (OLD.centre_id IS DISTINCT FROM NEW.centre_id OR OLD.age IS DISTINCT FROM NEW.age
  OR OLD.gender IS DISTINCT FROM NEW.gender OR OLD.start_year IS DISTINCT FROM NEW.start_year
  OR OLD.start_date IS DISTINCT FROM NEW.start_date OR OLD.until_date IS DISTINCT FROM NEW.until_date)
  EXECUTE FUNCTION caseload_ages_of_period();
CREATE TRIGGER report_facts_caseload_ages_spans AFTER INSERT OR DELETE OR UPDATE ON caseload_spans
  FOR EACH ROW EXECUTE FUNCTION caseload_ages_of_span();
