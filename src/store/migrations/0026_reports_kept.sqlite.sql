-- the reports' periods with their days kept too: time to work, the wait, the participant-days, the caseloads
-- (docs/DECISIONS.md 77.) report_facts (migration 24) gains what Time to
-- work, Intake's wait, the costs, the cost-benefit account and the
-- caseloads count, so that they count in SQL by groups (as Results does)
-- instead of reading every period: job_days, the days from the start to
-- the first job (the exit into work, else the 6-month then the 12-month
-- follow-up in work: report_first_job() in domain/report.c says the same;
-- NULL when none); wait_days, from the referral to the start (NULL without
-- a referral); start_day and exit_day, the days since 1970-01-01 (exit_day
-- NULL while in the programme); until_date, the exit day or '9999-12-31'
-- while in the programme. The table and its view are made again with the
-- new columns last; the triggers of migration 24 keep them unchanged.
DROP VIEW report_facts_source;
DROP TABLE report_facts;
CREATE TABLE report_facts (
  centre_id BIGINT NOT NULL,
  enrolment_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  contact_id BIGINT NOT NULL,
  birth_date TEXT NOT NULL,
  start_date TEXT NOT NULL,
  exit_date TEXT,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  schooling BIGINT,
  outcome TEXT,
  result6 TEXT,
  on6 TEXT,
  result12 TEXT,
  on12 TEXT,
  referred_on TEXT,
  start_year BIGINT NOT NULL,
  exit_year BIGINT NOT NULL,
  job_days BIGINT,
  wait_days BIGINT,
  start_day BIGINT NOT NULL,
  exit_day BIGINT,
  until_date TEXT NOT NULL
);
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
  COALESCE(e.exit_date, '9999-12-31') AS until_date
FROM enrolments e JOIN participants p ON p.id = e.participant_id AND p.centre_id = e.centre_id
LEFT JOIN tasks t6 ON t6.enrolment_id = e.id AND t6.kind = 'followup_6m' AND t6.centre_id = e.centre_id
LEFT JOIN tasks t12 ON t12.enrolment_id = e.id AND t12.kind = 'followup_12m' AND t12.centre_id = e.centre_id
LEFT JOIN referrals r ON r.id = e.referral_id AND r.centre_id = e.centre_id;
INSERT INTO report_facts SELECT * FROM report_facts_source;
CREATE INDEX report_facts_centre ON report_facts(centre_id, enrolment_id);
CREATE INDEX report_facts_enrolment ON report_facts(enrolment_id);
CREATE INDEX report_facts_participant ON report_facts(participant_id);
-- Results and the annual report as before; the costs and the cost-benefit account sum the days from it too
CREATE INDEX report_facts_exits ON report_facts(centre_id, exit_year, start_year, outcome, result6, result12,
  gender, country, contact_id, start_day, exit_day);
CREATE INDEX report_facts_starts ON report_facts(centre_id, start_year, enrolment_id, participant_id, start_date,
  exit_date, outcome, referred_on);
-- Time to work and Intake's wait: counted by cohort and days, from the index alone
CREATE INDEX report_facts_jobs ON report_facts(centre_id, start_year, job_days, gender, country, contact_id);
CREATE INDEX report_facts_waits ON report_facts(centre_id, start_year, wait_days, gender, country, contact_id);
-- Caseloads: the periods in the programme after a day
CREATE INDEX report_facts_until ON report_facts(centre_id, until_date, start_date, contact_id, gender, country,
  participant_id);
-- Intake's referrals kept as facts (intake_facts), by triggers in the transaction of every write
-- (docs/DECISIONS.md 77.) One row per referral with what Intake counts: its
-- participant's contact person, gender, country, birth and schooling, the
-- source and day of the referral, the day it was put on the waiting list
-- and the day it left it (accepted, declined, withdrawn, ineligible;
-- waiting_to '9999-12-31' while on it, NULL when never on it), and the
-- latest screening's result by rule (1 passed, 0 failed, NULL not
-- screened then). It is the view intake_facts_source kept by the triggers
-- below (named report_facts_intake_*, so that the demo's bulk load pauses
-- them with the others), which recompute the rows of the referral or
-- participant written; `secondchance report verify` compares the two.
CREATE TABLE intake_facts (
  centre_id BIGINT NOT NULL,
  referral_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  contact_id BIGINT NOT NULL,
  gender TEXT NOT NULL,
  country TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  schooling BIGINT,
  source TEXT NOT NULL,
  referred_on TEXT NOT NULL,
  waiting_from TEXT,
  waiting_to TEXT,
  s_age BIGINT,
  s_intro_ended BIGINT,
  s_not_enrolled BIGINT,
  s_lawful_residence BIGINT
);
CREATE VIEW intake_facts_source AS
SELECT r.centre_id AS centre_id, r.id AS referral_id, r.participant_id AS participant_id,
  COALESCE(p.contact_id, 0) AS contact_id, p.gender AS gender, p.country_of_birth AS country,
  p.birth_date AS birth_date, p.schooling_years AS schooling, r.source AS source, r.referred_on AS referred_on,
  (SELECT MIN(ev.on_date) FROM referral_events ev WHERE ev.referral_id = r.id AND ev.centre_id = r.centre_id
    AND ev.to_state = 'waiting') AS waiting_from,
  CASE WHEN (SELECT MIN(ev.on_date) FROM referral_events ev WHERE ev.referral_id = r.id AND ev.centre_id = r.centre_id
    AND ev.to_state = 'waiting') IS NULL THEN NULL ELSE COALESCE(
    (SELECT MIN(ev.on_date) FROM referral_events ev WHERE ev.referral_id = r.id AND ev.centre_id = r.centre_id
     AND ev.to_state IN ('accepted', 'declined', 'withdrawn', 'ineligible')), '9999-12-31') END AS waiting_to,
  (SELECT MAX(s.pass) FROM screening_results s WHERE s.centre_id = r.centre_id AND s.referral_id = r.id
   AND s.rule = 'age' AND s.screened_at = (SELECT MAX(l.screened_at) FROM screening_results l
     WHERE l.centre_id = r.centre_id AND l.referral_id = r.id)) AS s_age,
  (SELECT MAX(s.pass) FROM screening_results s WHERE s.centre_id = r.centre_id AND s.referral_id = r.id
   AND s.rule = 'intro_ended' AND s.screened_at = (SELECT MAX(l.screened_at) FROM screening_results l
     WHERE l.centre_id = r.centre_id AND l.referral_id = r.id)) AS s_intro_ended,
  (SELECT MAX(s.pass) FROM screening_results s WHERE s.centre_id = r.centre_id AND s.referral_id = r.id
   AND s.rule = 'not_enrolled' AND s.screened_at = (SELECT MAX(l.screened_at) FROM screening_results l
     WHERE l.centre_id = r.centre_id AND l.referral_id = r.id)) AS s_not_enrolled,
  (SELECT MAX(s.pass) FROM screening_results s WHERE s.centre_id = r.centre_id AND s.referral_id = r.id
   AND s.rule = 'lawful_residence' AND s.screened_at = (SELECT MAX(l.screened_at) FROM screening_results l
     WHERE l.centre_id = r.centre_id AND l.referral_id = r.id)) AS s_lawful_residence
FROM referrals r JOIN participants p ON p.id = r.participant_id AND p.centre_id = r.centre_id;
INSERT INTO intake_facts SELECT * FROM intake_facts_source;
CREATE INDEX intake_facts_referral ON intake_facts(referral_id);
CREATE INDEX intake_facts_participant ON intake_facts(participant_id);
-- referrals by source and the latest screening, in a period, from the index alone (grouped
-- in its order with a gender, a country or a contact person too)
CREATE INDEX intake_facts_sources ON intake_facts(centre_id, source, s_age, s_intro_ended, s_not_enrolled,
  s_lawful_residence, gender, country, contact_id, referred_on);
-- the waiting list: who left it after a day
CREATE INDEX intake_facts_waiting ON intake_facts(centre_id, waiting_to, waiting_from, gender, country, contact_id);
CREATE TRIGGER report_facts_intake_referrals_insert AFTER INSERT ON referrals BEGIN
  INSERT INTO intake_facts SELECT * FROM intake_facts_source WHERE referral_id = NEW.id;
END;
CREATE TRIGGER report_facts_intake_referrals_update
AFTER UPDATE OF participant_id, source, referred_on, centre_id ON referrals BEGIN
  DELETE FROM intake_facts WHERE referral_id = OLD.id;
  INSERT INTO intake_facts SELECT * FROM intake_facts_source WHERE referral_id = NEW.id;
END;
CREATE TRIGGER report_facts_intake_referrals_delete AFTER DELETE ON referrals BEGIN
  DELETE FROM intake_facts WHERE referral_id = OLD.id;
END;
CREATE TRIGGER report_facts_intake_participants
AFTER UPDATE OF birth_date, gender, country_of_birth, schooling_years, contact_id, centre_id ON participants BEGIN
  DELETE FROM intake_facts WHERE participant_id = OLD.id;
  INSERT INTO intake_facts SELECT * FROM intake_facts_source WHERE participant_id = NEW.id;
END;
CREATE TRIGGER report_facts_intake_events_insert AFTER INSERT ON referral_events BEGIN
  DELETE FROM intake_facts WHERE referral_id = NEW.referral_id;
  INSERT INTO intake_facts SELECT * FROM intake_facts_source WHERE referral_id = NEW.referral_id;
END;
CREATE TRIGGER report_facts_intake_events_update
AFTER UPDATE OF referral_id, on_date, to_state, centre_id ON referral_events BEGIN
  DELETE FROM intake_facts WHERE referral_id IN (OLD.referral_id, NEW.referral_id);
  INSERT INTO intake_facts SELECT * FROM intake_facts_source WHERE referral_id IN (OLD.referral_id, NEW.referral_id);
END;
CREATE TRIGGER report_facts_intake_events_delete AFTER DELETE ON referral_events BEGIN
  DELETE FROM intake_facts WHERE referral_id = OLD.referral_id;
  INSERT INTO intake_facts SELECT * FROM intake_facts_source WHERE referral_id = OLD.referral_id;
END;
CREATE TRIGGER report_facts_intake_screenings_insert AFTER INSERT ON screening_results BEGIN
  DELETE FROM intake_facts WHERE referral_id = NEW.referral_id;
  INSERT INTO intake_facts SELECT * FROM intake_facts_source WHERE referral_id = NEW.referral_id;
END;
CREATE TRIGGER report_facts_intake_screenings_update
AFTER UPDATE OF referral_id, rule, pass, screened_at, centre_id ON screening_results BEGIN
  DELETE FROM intake_facts WHERE referral_id IN (OLD.referral_id, NEW.referral_id);
  INSERT INTO intake_facts SELECT * FROM intake_facts_source WHERE referral_id IN (OLD.referral_id, NEW.referral_id);
END;
CREATE TRIGGER report_facts_intake_screenings_delete AFTER DELETE ON screening_results BEGIN
  DELETE FROM intake_facts WHERE referral_id = OLD.referral_id;
  INSERT INTO intake_facts SELECT * FROM intake_facts_source WHERE referral_id = OLD.referral_id;
END;
