-- the reports' periods keep their benefit scheme, for the reports' scheme filter; a repair of a kept row moves Caseloads' months
-- (docs/DECISIONS.md 85.) report_facts gains scheme, the period's benefit
-- scheme as the benefit run reads it: the period's own, else the centre's
-- default (benefit_settings), else bergen (benefit_settings_default()).
-- A period's own scheme is written by a finance officer, and by the
-- freeze that keeps the old default on every period without one before
-- the default changes (app_benefit_settings_save()): that freeze leaves
-- each period's scheme as it was, so the trigger below recomputes a period
-- only when its scheme as read changes. The default's change recomputes
-- the periods without a scheme of their own (none after the freeze; a
-- repair in SQL may leave some).
-- A kept row changed in SQL (a repair: the kept rows are otherwise only
-- inserted and deleted) moves its counts in caseload_months too, as it
-- already does in report_groups: the old row's changes taken away, the
-- new row's added (migration 31 had no update triggers).
CREATE FUNCTION caseload_months_of_period_row(r report_facts, d BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF r.start_date < r.until_date THEN
    PERFORM caseload_months_add(r.centre_id, 0, substr(r.start_date, 1, 7), r.gender, r.country, r.start_year, d);
    IF r.until_date < '9999-12-31' THEN
      PERFORM caseload_months_add(r.centre_id, 0, substr(r.until_date, 1, 7), r.gender, r.country, r.start_year, -d);
    END IF;
  END IF;
END $$;
CREATE OR REPLACE FUNCTION caseload_months_of_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM caseload_months_of_period_row(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM caseload_months_of_period_row(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION caseload_months_of_span_row(r caseload_spans, d BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM caseload_months_add(r.centre_id, 1, substr(r.from_date, 1, 7), r.gender, r.country, r.start_year, d);
  IF r.to_date < '9999-12-31' THEN
    PERFORM caseload_months_add(r.centre_id, 1, substr(r.to_date, 1, 7), r.gender, r.country, r.start_year, -d);
  END IF;
END $$;
CREATE OR REPLACE FUNCTION caseload_months_of_span() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM caseload_months_of_span_row(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM caseload_months_of_span_row(NEW, 1); END IF;
  RETURN NULL;
END $$;
DROP TRIGGER report_facts_caseload_periods ON report_facts;
CREATE TRIGGER report_facts_caseload_periods AFTER INSERT OR DELETE OR UPDATE ON report_facts
  FOR EACH ROW EXECUTE FUNCTION caseload_months_of_period();
DROP TRIGGER report_facts_caseload_spans ON caseload_spans;
CREATE TRIGGER report_facts_caseload_spans AFTER INSERT OR DELETE OR UPDATE ON caseload_spans
  FOR EACH ROW EXECUTE FUNCTION caseload_months_of_span();
CREATE OR REPLACE VIEW report_facts_source AS
SELECT e.centre_id AS centre_id, e.id AS enrolment_id, e.participant_id AS participant_id,
  COALESCE(p.contact_id, 0) AS contact_id, p.birth_date AS birth_date, e.start_date AS start_date,
  e.exit_date AS exit_date, p.gender AS gender, p.country_of_birth AS country, p.schooling_years AS schooling,
  e.outcome AS outcome, t6.result AS result6, COALESCE(t6.result_on, t6.done_on) AS on6,
  t12.result AS result12, COALESCE(t12.result_on, t12.done_on) AS on12, r.referred_on AS referred_on,
  CAST(substr(e.start_date, 1, 4) AS BIGINT) AS start_year,
  COALESCE(CAST(substr(e.exit_date, 1, 4) AS BIGINT), 0) AS exit_year,
  (CASE
    WHEN e.exit_date IS NOT NULL AND e.outcome IN ('employed_full', 'employed_part') THEN e.exit_date
    WHEN t6.result IN ('employed_full', 'employed_part') AND COALESCE(t6.result_on, t6.done_on) IS NOT NULL
      THEN COALESCE(t6.result_on, t6.done_on)
    WHEN t12.result IN ('employed_full', 'employed_part') AND COALESCE(t12.result_on, t12.done_on) IS NOT NULL
      THEN COALESCE(t12.result_on, t12.done_on) END)::date - e.start_date::date AS job_days,
  e.start_date::date - r.referred_on::date AS wait_days,
  e.start_date::date - DATE '1970-01-01' AS start_day,
  e.exit_date::date - DATE '1970-01-01' AS exit_day,
  COALESCE(e.exit_date, '9999-12-31') AS until_date,
  COALESCE(e.scheme, (SELECT b.default_scheme FROM benefit_settings b WHERE b.centre_id = e.centre_id),
    'bergen') AS scheme
FROM enrolments e JOIN participants p ON p.id = e.participant_id AND p.centre_id = e.centre_id
LEFT JOIN tasks t6 ON t6.enrolment_id = e.id AND t6.kind = 'followup_6m' AND t6.centre_id = e.centre_id
LEFT JOIN tasks t12 ON t12.enrolment_id = e.id AND t12.kind = 'followup_12m' AND t12.centre_id = e.centre_id
LEFT JOIN referrals r ON r.id = e.referral_id AND r.centre_id = e.centre_id;
ALTER TABLE report_facts ADD COLUMN scheme TEXT NOT NULL DEFAULT 'bergen';
UPDATE report_facts SET scheme = s.scheme FROM report_facts_source s
WHERE s.enrolment_id = report_facts.enrolment_id AND s.scheme <> 'bergen';
CREATE FUNCTION report_facts_scheme_default(centre BIGINT) RETURNS TEXT LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT b.default_scheme FROM benefit_settings b WHERE b.centre_id = centre), 'bergen');
$$;
CREATE FUNCTION report_facts_enrolments_scheme() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF COALESCE(OLD.scheme, report_facts_scheme_default(NEW.centre_id))
     IS DISTINCT FROM COALESCE(NEW.scheme, report_facts_scheme_default(NEW.centre_id)) THEN
    PERFORM report_facts_refresh(ARRAY[NEW.id]);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_enrolments_scheme AFTER UPDATE OF scheme ON enrolments
  FOR EACH ROW EXECUTE FUNCTION report_facts_enrolments_scheme();
CREATE FUNCTION report_facts_settings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.default_scheme <> 'bergen' THEN
      PERFORM report_facts_refresh(ARRAY(SELECT id FROM enrolments WHERE centre_id = NEW.centre_id AND scheme IS NULL));
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.default_scheme <> 'bergen' THEN
      PERFORM report_facts_refresh(ARRAY(SELECT id FROM enrolments WHERE centre_id = OLD.centre_id AND scheme IS NULL));
    END IF;
  ELSIF NEW.default_scheme IS DISTINCT FROM OLD.default_scheme OR NEW.centre_id <> OLD.centre_id THEN
    PERFORM report_facts_refresh(ARRAY(SELECT id FROM enrolments
      WHERE centre_id IN (OLD.centre_id, NEW.centre_id) AND scheme IS NULL));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_settings AFTER INSERT OR DELETE OR UPDATE OF default_scheme, centre_id
  ON benefit_settings FOR EACH ROW EXECUTE FUNCTION report_facts_settings();
