-- Caseloads counted from kept rows: the spans with a contact person and the months' changes
-- (docs/DECISIONS.md 79.) Caseloads counts, at each month's end, the
-- periods in the programme and those of them whose participant had a
-- contact person. Both are kept as spans of days and counted by their
-- changes:
-- caseload_spans: one row per span where a period and its participant's
-- assignments overlap (from_date .. to_date, to_date not counted;
-- '9999-12-31' while open), with the period's filter columns. A
-- participant's assignments are first made disjoint (each starts where the
-- earlier ones ended: caseload_assigned), so that a day is in at most one
-- span of a period even if assignments overlapped. It is the view
-- caseload_spans_source kept by the triggers below (named
-- report_facts_caseload_*, so that the demo's bulk load pauses them with
-- the others), which recompute a participant's rows.
-- caseload_months: the net change of each month (periods and spans that
-- start in it less those that end in it), by kind (0 in the programme, 1
-- with a contact person), gender, country and start year; the count at a
-- month's end is the sum of the changes up to its month. It is the view
-- caseload_months_source, kept by triggers on report_facts and
-- caseload_spans that add and take away one at a time.
-- the day of a Unix time (UTC), as the text SQLite's date(t, 'unixepoch') gives
CREATE FUNCTION sc_day(t BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(DATE '1970-01-01' + floor(t / 86400.0)::int, 'YYYY-MM-DD')
$$;
CREATE VIEW caseload_assigned AS
SELECT centre_id, participant_id,
  CASE WHEN prev_to > from_date THEN prev_to ELSE from_date END AS from_date, to_date
FROM (SELECT a.centre_id AS centre_id, a.participant_id AS participant_id,
    sc_day(a.from_at) AS from_date, COALESCE(sc_day(a.to_at), '9999-12-31') AS to_date,
    (SELECT MAX(COALESCE(sc_day(b.to_at), '9999-12-31')) FROM assignments b
      WHERE b.participant_id = a.participant_id AND b.centre_id = a.centre_id
      AND (b.from_at < a.from_at OR (b.from_at = a.from_at AND b.id < a.id))) AS prev_to
  FROM assignments a) w
WHERE from_date < to_date AND (prev_to IS NULL OR prev_to < to_date);
CREATE TABLE caseload_spans (
  centre_id BIGINT NOT NULL,
  enrolment_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  contact_id BIGINT NOT NULL,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  schooling BIGINT,
  start_date TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  from_date TEXT NOT NULL,
  to_date TEXT NOT NULL
);
CREATE VIEW caseload_spans_source AS
SELECT e.centre_id AS centre_id, e.id AS enrolment_id, e.participant_id AS participant_id,
  COALESCE(p.contact_id, 0) AS contact_id, p.gender AS gender, p.country_of_birth AS country,
  p.birth_date AS birth_date, p.schooling_years AS schooling, e.start_date AS start_date,
  CAST(substr(e.start_date, 1, 4) AS BIGINT) AS start_year,
  CASE WHEN a.from_date > e.start_date THEN a.from_date ELSE e.start_date END AS from_date,
  CASE WHEN a.to_date < COALESCE(e.exit_date, '9999-12-31') THEN a.to_date ELSE COALESCE(e.exit_date, '9999-12-31') END
    AS to_date
FROM enrolments e JOIN participants p ON p.id = e.participant_id AND p.centre_id = e.centre_id
JOIN caseload_assigned a ON a.participant_id = e.participant_id AND a.centre_id = e.centre_id
WHERE a.from_date < COALESCE(e.exit_date, '9999-12-31') AND e.start_date < a.to_date
  AND e.start_date < COALESCE(e.exit_date, '9999-12-31');
-- made by one pass over the assignments in order (the view's lookups per assignment are for a trigger's one
-- participant); the demo's bulk load makes them the same way
INSERT INTO caseload_spans
SELECT e.centre_id, e.id, e.participant_id, COALESCE(p.contact_id, 0), p.gender, p.country_of_birth, p.birth_date,
  p.schooling_years, e.start_date, CAST(substr(e.start_date, 1, 4) AS BIGINT),
  CASE WHEN a.from_date > e.start_date THEN a.from_date ELSE e.start_date END,
  CASE WHEN a.to_date < COALESCE(e.exit_date, '9999-12-31') THEN a.to_date ELSE COALESCE(e.exit_date, '9999-12-31') END
FROM (SELECT centre_id, participant_id, CASE WHEN prev_to > from_date THEN prev_to ELSE from_date END AS from_date,
    to_date
  FROM (SELECT centre_id, participant_id, sc_day(from_at) AS from_date,
      COALESCE(sc_day(to_at), '9999-12-31') AS to_date,
      MAX(COALESCE(sc_day(to_at), '9999-12-31')) OVER (PARTITION BY centre_id, participant_id
        ORDER BY from_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_to
    FROM assignments) w
  WHERE from_date < to_date AND (prev_to IS NULL OR prev_to < to_date)) a
JOIN enrolments e ON e.participant_id = a.participant_id AND e.centre_id = a.centre_id
JOIN participants p ON p.id = e.participant_id AND p.centre_id = e.centre_id
WHERE a.from_date < COALESCE(e.exit_date, '9999-12-31') AND e.start_date < a.to_date
  AND e.start_date < COALESCE(e.exit_date, '9999-12-31');
CREATE INDEX caseload_spans_participant ON caseload_spans(participant_id);
-- the changes of the month so far (and every change under a filter the months do not keep), from the index alone
CREATE INDEX caseload_spans_from ON caseload_spans(centre_id, from_date, to_date, start_date, gender, country,
  contact_id, birth_date, schooling);
CREATE INDEX caseload_spans_to ON caseload_spans(centre_id, to_date, from_date, start_date, gender, country,
  contact_id, birth_date, schooling);
-- a contact person's (their own Caseloads)
CREATE INDEX caseload_spans_contact ON caseload_spans(centre_id, contact_id, from_date, to_date, start_date, gender,
  country, birth_date, schooling);
-- the periods' own changes: by their start and end, every filter's column in the index
DROP INDEX report_facts_until;
CREATE INDEX report_facts_until ON report_facts(centre_id, until_date, start_date, gender, country, contact_id,
  birth_date, schooling);
CREATE INDEX report_facts_from ON report_facts(centre_id, start_date, until_date, gender, country, contact_id,
  birth_date, schooling);
-- today's periods of the contact persons listed
CREATE INDEX report_facts_contact ON report_facts(centre_id, contact_id, until_date, start_date, gender, country,
  birth_date, schooling);
CREATE TABLE caseload_months (
  centre_id BIGINT NOT NULL,
  kind BIGINT NOT NULL,
  month TEXT NOT NULL,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  start_year BIGINT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, kind, month, gender, country, start_year)
);
CREATE VIEW caseload_months_source AS
SELECT centre_id, kind, month, gender, country, start_year, SUM(n) AS n FROM (
  SELECT centre_id, 0 AS kind, substr(start_date, 1, 7) AS month, gender, country, start_year, 1 AS n
    FROM report_facts WHERE start_date < until_date
  UNION ALL SELECT centre_id, 0, substr(until_date, 1, 7), gender, country, start_year, -1
    FROM report_facts WHERE start_date < until_date AND until_date < '9999-12-31'
  UNION ALL SELECT centre_id, 1, substr(from_date, 1, 7), gender, country, start_year, 1 FROM caseload_spans
  UNION ALL SELECT centre_id, 1, substr(to_date, 1, 7), gender, country, start_year, -1
    FROM caseload_spans WHERE to_date < '9999-12-31') c
GROUP BY centre_id, kind, month, gender, country, start_year HAVING SUM(n) <> 0;
INSERT INTO caseload_months SELECT * FROM caseload_months_source;
CREATE FUNCTION caseload_spans_refresh(ids BIGINT[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM caseload_spans WHERE participant_id = ANY(ids);
  INSERT INTO caseload_spans SELECT * FROM caseload_spans_source WHERE participant_id = ANY(ids);
$$;
-- a participant's spans: recomputed when an assignment, a period or the participant changes
CREATE FUNCTION caseload_spans_of_participant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM caseload_spans_refresh(ARRAY[NEW.participant_id]);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM caseload_spans_refresh(ARRAY[OLD.participant_id]);
  ELSE
    PERFORM caseload_spans_refresh(ARRAY[OLD.participant_id, NEW.participant_id]);
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION caseload_spans_participants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM caseload_spans_refresh(ARRAY[OLD.id, NEW.id]);
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_caseload_assignments AFTER INSERT OR DELETE
  OR UPDATE OF participant_id, from_at, to_at, centre_id ON assignments
  FOR EACH ROW EXECUTE FUNCTION caseload_spans_of_participant();
CREATE TRIGGER report_facts_caseload_enrolments AFTER INSERT OR DELETE
  OR UPDATE OF participant_id, start_date, exit_date, centre_id ON enrolments
  FOR EACH ROW EXECUTE FUNCTION caseload_spans_of_participant();
CREATE TRIGGER report_facts_caseload_participants
  AFTER UPDATE OF birth_date, gender, country_of_birth, schooling_years, contact_id, centre_id ON participants
  FOR EACH ROW EXECUTE FUNCTION caseload_spans_participants();
-- the months' changes: a period's or a span's start and end, one at a time
CREATE FUNCTION caseload_months_add(c BIGINT, k BIGINT, m TEXT, g TEXT, co TEXT, y BIGINT, d BIGINT)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO caseload_months VALUES (c, k, m, g, co, y, d)
    ON CONFLICT (centre_id, kind, month, gender, country, start_year) DO UPDATE SET n = caseload_months.n + EXCLUDED.n;
  DELETE FROM caseload_months WHERE centre_id = c AND kind = k AND month = m AND gender = g AND country = co
    AND start_year = y AND n = 0;
$$;
CREATE FUNCTION caseload_months_of_period() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r report_facts;
  d BIGINT;
BEGIN
  IF TG_OP = 'INSERT' THEN r := NEW; d := 1; ELSE r := OLD; d := -1; END IF;
  IF r.start_date < r.until_date THEN
    PERFORM caseload_months_add(r.centre_id, 0, substr(r.start_date, 1, 7), r.gender, r.country, r.start_year, d);
    IF r.until_date < '9999-12-31' THEN
      PERFORM caseload_months_add(r.centre_id, 0, substr(r.until_date, 1, 7), r.gender, r.country, r.start_year, -d);
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION caseload_months_of_span() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r caseload_spans;
  d BIGINT;
BEGIN
  IF TG_OP = 'INSERT' THEN r := NEW; d := 1; ELSE r := OLD; d := -1; END IF;
  PERFORM caseload_months_add(r.centre_id, 1, substr(r.from_date, 1, 7), r.gender, r.country, r.start_year, d);
  IF r.to_date < '9999-12-31' THEN
    PERFORM caseload_months_add(r.centre_id, 1, substr(r.to_date, 1, 7), r.gender, r.country, r.start_year, -d);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_caseload_periods AFTER INSERT OR DELETE ON report_facts
  FOR EACH ROW EXECUTE FUNCTION caseload_months_of_period();
CREATE TRIGGER report_facts_caseload_spans AFTER INSERT OR DELETE ON caseload_spans
  FOR EACH ROW EXECUTE FUNCTION caseload_months_of_span();
