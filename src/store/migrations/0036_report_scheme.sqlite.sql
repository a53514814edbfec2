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
CREATE TRIGGER report_facts_caseload_periods_update AFTER UPDATE ON report_facts BEGIN
  INSERT INTO caseload_months SELECT OLD.centre_id, 0, substr(OLD.start_date, 1, 7), OLD.gender, OLD.country,
    OLD.start_year, -1 WHERE OLD.start_date < OLD.until_date ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_months SELECT OLD.centre_id, 0, substr(OLD.until_date, 1, 7), OLD.gender, OLD.country,
    OLD.start_year, 1 WHERE OLD.start_date < OLD.until_date AND OLD.until_date < '9999-12-31'
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_months SELECT NEW.centre_id, 0, substr(NEW.start_date, 1, 7), NEW.gender, NEW.country,
    NEW.start_year, 1 WHERE NEW.start_date < NEW.until_date ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_months SELECT NEW.centre_id, 0, substr(NEW.until_date, 1, 7), NEW.gender, NEW.country,
    NEW.start_year, -1 WHERE NEW.start_date < NEW.until_date AND NEW.until_date < '9999-12-31'
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_months WHERE kind = 0 AND n = 0 AND ((centre_id = OLD.centre_id AND gender = OLD.gender
    AND country = OLD.country AND start_year = OLD.start_year
    AND month IN (substr(OLD.start_date, 1, 7), substr(OLD.until_date, 1, 7)))
    OR (centre_id = NEW.centre_id AND gender = NEW.gender AND country = NEW.country AND start_year = NEW.start_year
    AND month IN (substr(NEW.start_date, 1, 7), substr(NEW.until_date, 1, 7))));
END;
CREATE TRIGGER report_facts_caseload_spans_update AFTER UPDATE ON caseload_spans BEGIN
  INSERT INTO caseload_months VALUES (OLD.centre_id, 1, substr(OLD.from_date, 1, 7), OLD.gender, OLD.country,
    OLD.start_year, -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_months SELECT OLD.centre_id, 1, substr(OLD.to_date, 1, 7), OLD.gender, OLD.country,
    OLD.start_year, 1 WHERE OLD.to_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_months VALUES (NEW.centre_id, 1, substr(NEW.from_date, 1, 7), NEW.gender, NEW.country,
    NEW.start_year, 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO caseload_months SELECT NEW.centre_id, 1, substr(NEW.to_date, 1, 7), NEW.gender, NEW.country,
    NEW.start_year, -1 WHERE NEW.to_date < '9999-12-31' ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM caseload_months WHERE kind = 1 AND n = 0 AND ((centre_id = OLD.centre_id AND gender = OLD.gender
    AND country = OLD.country AND start_year = OLD.start_year
    AND month IN (substr(OLD.from_date, 1, 7), substr(OLD.to_date, 1, 7)))
    OR (centre_id = NEW.centre_id AND gender = NEW.gender AND country = NEW.country AND start_year = NEW.start_year
    AND month IN (substr(NEW.from_date, 1, 7), substr(NEW.to_date, 1, 7))));
END;
DROP VIEW report_facts_source;
ALTER TABLE report_facts ADD COLUMN scheme TEXT NOT NULL DEFAULT 'bergen';
CREATE VIEW report_facts_source AS
SELECT e.centre_id AS centre_id, e.id AS enrolment_id, e.participant_id AS participant_id,
  COALESCE(p.contact_id, 0) AS contact_id, p.birth_date AS birth_date, e.start_date AS start_date,
  e.exit_date AS exit_date, p.gender AS gender, p.country_of_birth AS country, p.schooling_years AS schooling,
  e.outcome AS outcome, t6.result AS result6, COALESCE(t6.result_on, t6.done_on) AS on6,
  t12.result AS result12, COALESCE(t12.result_on, t12.done_on) AS on12, r.referred_on AS referred_on,
  CAST(substr(e.start_date, 1, 4) AS BIGINT) AS start_year,
  COALESCE(CAST(substr(e.exit_date, 1, 4) AS BIGINT), 0) AS exit_year,
  CAST(julianday(CASE
    WHEN e.exit_date IS NOT NULL AND e.outcome IN ('employed_full', 'employed_part') THEN e.exit_date
    WHEN t6.result IN ('employed_full', 'employed_part') AND COALESCE(t6.result_on, t6.done_on) IS NOT NULL
      THEN COALESCE(t6.result_on, t6.done_on)
    WHEN t12.result IN ('employed_full', 'employed_part') AND COALESCE(t12.result_on, t12.done_on) IS NOT NULL
      THEN COALESCE(t12.result_on, t12.done_on) END) - julianday(e.start_date) AS BIGINT) AS job_days,
  CAST(julianday(e.start_date) - julianday(r.referred_on) AS BIGINT) AS wait_days,
  CAST(julianday(e.start_date) - 2440587.5 AS BIGINT) AS start_day,
  CAST(julianday(e.exit_date) - 2440587.5 AS BIGINT) AS exit_day,
  COALESCE(e.exit_date, '9999-12-31') AS until_date,
  COALESCE(e.scheme, (SELECT b.default_scheme FROM benefit_settings b WHERE b.centre_id = e.centre_id),
    'bergen') AS scheme
FROM enrolments e JOIN participants p ON p.id = e.participant_id AND p.centre_id = e.centre_id
LEFT JOIN tasks t6 ON t6.enrolment_id = e.id AND t6.kind = 'followup_6m' AND t6.centre_id = e.centre_id
LEFT JOIN tasks t12 ON t12.enrolment_id = e.id AND t12.kind = 'followup_12m' AND t12.centre_id = e.centre_id
LEFT JOIN referrals r ON r.id = e.referral_id AND r.centre_id = e.centre_id;
UPDATE report_facts SET scheme = (SELECT s.scheme FROM report_facts_source s WHERE s.enrolment_id = report_facts.enrolment_id)
WHERE enrolment_id IN (SELECT e.id FROM enrolments e WHERE COALESCE(e.scheme,
  (SELECT b.default_scheme FROM benefit_settings b WHERE b.centre_id = e.centre_id), 'bergen') <> 'bergen');
CREATE TRIGGER report_facts_enrolments_scheme AFTER UPDATE OF scheme ON enrolments
WHEN COALESCE(OLD.scheme, (SELECT b.default_scheme FROM benefit_settings b WHERE b.centre_id = NEW.centre_id), 'bergen')
  IS NOT COALESCE(NEW.scheme, (SELECT b.default_scheme FROM benefit_settings b WHERE b.centre_id = NEW.centre_id),
  'bergen') BEGIN
  DELETE FROM report_facts WHERE enrolment_id = NEW.id;
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE enrolment_id = NEW.id;
END;
CREATE TRIGGER report_facts_settings_insert AFTER INSERT ON benefit_settings WHEN NEW.default_scheme <> 'bergen' BEGIN
  DELETE FROM report_facts WHERE enrolment_id IN
    (SELECT id FROM enrolments WHERE centre_id = NEW.centre_id AND scheme IS NULL);
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE enrolment_id IN
    (SELECT id FROM enrolments WHERE centre_id = NEW.centre_id AND scheme IS NULL);
END;
CREATE TRIGGER report_facts_settings_update AFTER UPDATE OF default_scheme, centre_id ON benefit_settings
WHEN NEW.default_scheme IS NOT OLD.default_scheme OR NEW.centre_id <> OLD.centre_id BEGIN
  DELETE FROM report_facts WHERE enrolment_id IN
    (SELECT id FROM enrolments WHERE centre_id IN (OLD.centre_id, NEW.centre_id) AND scheme IS NULL);
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE enrolment_id IN
    (SELECT id FROM enrolments WHERE centre_id IN (OLD.centre_id, NEW.centre_id) AND scheme IS NULL);
END;
CREATE TRIGGER report_facts_settings_delete AFTER DELETE ON benefit_settings WHEN OLD.default_scheme <> 'bergen' BEGIN
  DELETE FROM report_facts WHERE enrolment_id IN
    (SELECT id FROM enrolments WHERE centre_id = OLD.centre_id AND scheme IS NULL);
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE enrolment_id IN
    (SELECT id FROM enrolments WHERE centre_id = OLD.centre_id AND scheme IS NULL);
END;
