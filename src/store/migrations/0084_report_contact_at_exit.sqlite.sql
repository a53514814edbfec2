-- reports: a period counts under the contact person who had it at exit
-- (docs/DECISIONS.md: the reports under a contact person count each
-- participant under the contact person who had them when the counted thing
-- happened.) report_facts.contact_id was the participant's contact person of
-- today, so that Results and Time to work, read under a contact person
-- (report_facts_by_contact), moved a period that had ended to whoever took
-- the participant after it. A period that has ended now carries the contact
-- person of the assignment begun last before its exit day (the exit day is
-- not in the programme, as Caseloads count it: migration 77), by the
-- participant's assignments (assignments_participant: one indexed look-up);
-- a period in the programme, or one whose participant had no assignment
-- before the exit, today's contact person as before. A change of
-- assignment recomputes its participant's periods (triggers named
-- report_facts_*, which the demo's bulk load pauses); the periods whose
-- contact person differs are put right here.
DROP VIEW report_facts_source;
CREATE VIEW report_facts_source AS
SELECT e.centre_id AS centre_id, e.id AS enrolment_id, e.participant_id AS participant_id,
  COALESCE(CASE WHEN e.exit_date IS NOT NULL THEN (SELECT a.contact_id FROM assignments a
      WHERE a.participant_id = e.participant_id AND a.centre_id = e.centre_id
      AND a.from_at < CAST(julianday(e.exit_date) - 2440587.5 AS BIGINT) * 86400
      ORDER BY a.from_at DESC, a.id DESC LIMIT 1) END, p.contact_id, 0) AS contact_id,
  p.birth_date AS birth_date, e.start_date AS start_date,
  e.exit_date AS exit_date, p.gender AS gender, p.country_of_birth AS country, p.schooling_years AS schooling,
  e.outcome AS outcome, t6.result AS result6, COALESCE(t6.result_on, t6.done_on) AS on6,
  t12.result AS result12, COALESCE(t12.result_on, t12.done_on) AS on12, r.referred_on AS referred_on,
  CAST(substr(e.start_date, 1, 4) AS BIGINT) AS start_year,
  COALESCE(CAST(substr(e.exit_date, 1, 4) AS BIGINT), 0) AS exit_year,
  CAST(julianday(COALESCE((SELECT MIN(m.starts_on) FROM employments m WHERE m.centre_id = e.centre_id
      AND m.participant_id = e.participant_id AND m.starts_on >= e.start_date
      AND (e.exit_date IS NULL OR m.starts_on <= e.exit_date)), CASE
    WHEN e.exit_date IS NOT NULL AND e.outcome IN ('employed_full', 'employed_part') THEN e.exit_date
    WHEN t6.result IN ('employed_full', 'employed_part') AND COALESCE(t6.result_on, t6.done_on) IS NOT NULL
      THEN COALESCE(t6.result_on, t6.done_on)
    WHEN t12.result IN ('employed_full', 'employed_part') AND COALESCE(t12.result_on, t12.done_on) IS NOT NULL
      THEN COALESCE(t12.result_on, t12.done_on) END)) - julianday(e.start_date) AS BIGINT) AS job_days,
  CAST(julianday(e.start_date) - julianday(r.referred_on) AS BIGINT) AS wait_days,
  CAST(julianday(e.start_date) - 2440587.5 AS BIGINT) AS start_day,
  CAST(julianday(e.exit_date) - 2440587.5 AS BIGINT) AS exit_day,
  COALESCE(e.exit_date, '9999-12-31') AS until_date,
  COALESCE(e.scheme, (SELECT b.default_scheme FROM benefit_settings b WHERE b.centre_id = e.centre_id),
    'bergen') AS scheme,
  CASE WHEN e.start_date < p.birth_date THEN -1
    ELSE CAST(substr(e.start_date, 1, 4) AS BIGINT) - CAST(substr(p.birth_date, 1, 4) AS BIGINT)
      - CASE WHEN substr(e.start_date, 6, 5) < substr(p.birth_date, 6, 5) THEN 1 ELSE 0 END END AS age
FROM enrolments e JOIN participants p ON p.id = e.participant_id AND p.centre_id = e.centre_id
LEFT JOIN tasks t6 ON t6.enrolment_id = e.id AND t6.kind = 'followup_6m' AND t6.centre_id = e.centre_id
LEFT JOIN tasks t12 ON t12.enrolment_id = e.id AND t12.kind = 'followup_12m' AND t12.centre_id = e.centre_id
LEFT JOIN referrals r ON r.id = e.referral_id AND r.centre_id = e.centre_id;CREATE TRIGGER report_facts_assignments_insert AFTER INSERT ON assignments BEGIN
  DELETE FROM report_facts WHERE participant_id = NEW.participant_id;
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE participant_id = NEW.participant_id;
END;
CREATE TRIGGER report_facts_assignments_update
AFTER UPDATE OF participant_id, contact_id, from_at, centre_id ON assignments BEGIN
  DELETE FROM report_facts WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;
CREATE TRIGGER report_facts_assignments_delete AFTER DELETE ON assignments BEGIN
  DELETE FROM report_facts WHERE participant_id = OLD.participant_id;
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE participant_id = OLD.participant_id;
END;
-- the periods whose contact person changes: out, then in again from the view
CREATE TABLE report_facts_contact_moved AS
SELECT s.enrolment_id AS enrolment_id FROM report_facts_source s JOIN report_facts f ON f.enrolment_id = s.enrolment_id
WHERE s.exit_date IS NOT NULL AND s.contact_id <> f.contact_id;
DELETE FROM report_facts WHERE enrolment_id IN (SELECT enrolment_id FROM report_facts_contact_moved);
INSERT INTO report_facts SELECT * FROM report_facts_source
WHERE enrolment_id IN (SELECT enrolment_id FROM report_facts_contact_moved);
DROP TABLE report_facts_contact_moved;
