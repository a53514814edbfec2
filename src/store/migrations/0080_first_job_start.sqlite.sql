-- reports: Time to work runs to the first job's start, not to the exit
-- (docs/DECISIONS.md 177.) job_days (migration 26) ran from the start to
-- the exit into work, else to the day of a follow-up in work: a job that
-- began in the programme (an internship's result "hired", a job recorded
-- on the participant) counted up to the exit, months after its start.
-- The first job is now the earliest employments.starts_on of the
-- participant from the period's start to its exit (while in the programme,
-- from its start), and the exit or the follow-ups only where there is
-- none (report_first_job() in domain/report.c says the same, and the
-- store's rows read it by REPORT_JOB_START()). A job recorded, moved or
-- removed recomputes its participant's periods (triggers named
-- report_facts_*, which the demo's bulk load pauses); the periods of
-- those with a job are put right here, the others are unchanged.
DROP VIEW report_facts_source;
CREATE VIEW report_facts_source AS
SELECT e.centre_id AS centre_id, e.id AS enrolment_id, e.participant_id AS participant_id,
  COALESCE(p.contact_id, 0) AS contact_id, p.birth_date AS birth_date, e.start_date AS start_date,
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
LEFT JOIN referrals r ON r.id = e.referral_id AND r.centre_id = e.centre_id;
CREATE TRIGGER report_facts_employments_insert AFTER INSERT ON employments BEGIN
  DELETE FROM report_facts WHERE participant_id = NEW.participant_id;
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE participant_id = NEW.participant_id;
END;
CREATE TRIGGER report_facts_employments_update
AFTER UPDATE OF participant_id, starts_on, centre_id ON employments BEGIN
  DELETE FROM report_facts WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;
CREATE TRIGGER report_facts_employments_delete AFTER DELETE ON employments BEGIN
  DELETE FROM report_facts WHERE participant_id = OLD.participant_id;
  INSERT INTO report_facts SELECT * FROM report_facts_source WHERE participant_id = OLD.participant_id;
END;
-- the periods whose days change: out, then in again from the view. Each
-- kept period of a participant with a job is compared with the view's row
-- of the same period, found by its id: joining the view to the kept rows
-- let SQLite's planner, which has no statistics here, walk the centre's
-- periods for each participant (a centre of a million did not finish in
-- 35 minutes), and taking every such period out and in again fires the
-- kept reports' triggers for each (not finished in 20 minutes).
CREATE TABLE report_facts_job_moved AS
SELECT f.enrolment_id AS enrolment_id FROM report_facts f
WHERE f.participant_id IN (SELECT participant_id FROM employments)
  AND f.job_days IS NOT (SELECT s.job_days FROM report_facts_source s WHERE s.enrolment_id = f.enrolment_id);
DELETE FROM report_facts WHERE enrolment_id IN (SELECT enrolment_id FROM report_facts_job_moved);
INSERT INTO report_facts SELECT * FROM report_facts_source
WHERE enrolment_id IN (SELECT enrolment_id FROM report_facts_job_moved);
DROP TABLE report_facts_job_moved;
