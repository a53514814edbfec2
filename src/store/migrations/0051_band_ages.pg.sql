-- Intake and Caseloads keep the age beside their rows, for the reports' age band (docs/DECISIONS.md 106.)
-- intake_facts gains age: the age in whole years on the day of the
-- referral, and caseload_spans gains age: the age on the period's start
-- day, both as date_age_on() says it (the years between, less one before
-- the birthday in the later day's year, a birth on 29 February counting
-- from 1 March in a common year; -1 for a day before the birth), as
-- report_facts.age (migration 49). Computed in the views from the birth
-- date and the day the rows already keep, so the triggers that keep the
-- rows (migrations 26 and 31: a birth date corrected, a referral's day or
-- a period's start moved) keep the age too. Under an age band Intake and
-- Caseloads read the band as a range of ages (the domain's bands,
-- report_age_band_of()) and group by the age, not by each birth and day:
-- intake_facts_ages (in the order the referrals are grouped: the age, gender,
-- country, source, screenings), intake_facts_ages_waiting (the waiting list:
-- each age's referrals that left it after a day) and caseload_spans_ages, and
-- report_facts_caseload for the periods' own changes, hold every column
-- they read. intake_facts_contact gives a contact person's referrals (Intake
-- under a contact person).
ALTER TABLE intake_facts ADD COLUMN age BIGINT NOT NULL DEFAULT -1;
CREATE OR REPLACE VIEW intake_facts_source AS
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
     WHERE l.centre_id = r.centre_id AND l.referral_id = r.id)) AS s_lawful_residence,
  CASE WHEN r.referred_on < p.birth_date THEN -1
    ELSE CAST(substr(r.referred_on, 1, 4) AS BIGINT) - CAST(substr(p.birth_date, 1, 4) AS BIGINT)
      - CASE WHEN substr(r.referred_on, 6, 5) < substr(p.birth_date, 6, 5) THEN 1 ELSE 0 END END AS age
FROM referrals r JOIN participants p ON p.id = r.participant_id AND p.centre_id = r.centre_id;
-- report_facts_intake_counts fires on any update with no WHEN and does not read the age: off for
-- this one update, which would otherwise take every row's counts out and put
-- them back (docs/DECISIONS.md 108).
ALTER TABLE intake_facts DISABLE TRIGGER report_facts_intake_counts;
UPDATE intake_facts SET age = CASE WHEN referred_on < birth_date THEN -1
  ELSE CAST(substr(referred_on, 1, 4) AS BIGINT) - CAST(substr(birth_date, 1, 4) AS BIGINT)
    - CASE WHEN substr(referred_on, 6, 5) < substr(birth_date, 6, 5) THEN 1 ELSE 0 END END;
ALTER TABLE intake_facts ENABLE TRIGGER report_facts_intake_counts;
ALTER TABLE caseload_spans ADD COLUMN age BIGINT NOT NULL DEFAULT -1;
CREATE OR REPLACE VIEW caseload_spans_source AS
SELECT e.centre_id AS centre_id, e.id AS enrolment_id, e.participant_id AS participant_id,
  COALESCE(p.contact_id, 0) AS contact_id, p.gender AS gender, p.country_of_birth AS country,
  p.birth_date AS birth_date, p.schooling_years AS schooling, e.start_date AS start_date,
  CAST(substr(e.start_date, 1, 4) AS BIGINT) AS start_year,
  CASE WHEN a.from_date > e.start_date THEN a.from_date ELSE e.start_date END AS from_date,
  CASE WHEN a.to_date < COALESCE(e.exit_date, '9999-12-31') THEN a.to_date ELSE COALESCE(e.exit_date, '9999-12-31') END
    AS to_date,
  CASE WHEN e.start_date < p.birth_date THEN -1
    ELSE CAST(substr(e.start_date, 1, 4) AS BIGINT) - CAST(substr(p.birth_date, 1, 4) AS BIGINT)
      - CASE WHEN substr(e.start_date, 6, 5) < substr(p.birth_date, 6, 5) THEN 1 ELSE 0 END END AS age
FROM enrolments e JOIN participants p ON p.id = e.participant_id AND p.centre_id = e.centre_id
JOIN caseload_assigned a ON a.participant_id = e.participant_id AND a.centre_id = e.centre_id
WHERE a.from_date < COALESCE(e.exit_date, '9999-12-31') AND e.start_date < a.to_date
  AND e.start_date < COALESCE(e.exit_date, '9999-12-31');
-- report_facts_caseload_spans fires on any update with no WHEN and does not read the age: off for
-- this one update, which would otherwise take every row's counts out and put
-- them back (docs/DECISIONS.md 108).
ALTER TABLE caseload_spans DISABLE TRIGGER report_facts_caseload_spans;
UPDATE caseload_spans SET age = CASE WHEN start_date < birth_date THEN -1
  ELSE CAST(substr(start_date, 1, 4) AS BIGINT) - CAST(substr(birth_date, 1, 4) AS BIGINT)
    - CASE WHEN substr(start_date, 6, 5) < substr(birth_date, 6, 5) THEN 1 ELSE 0 END END;
ALTER TABLE caseload_spans ENABLE TRIGGER report_facts_caseload_spans;
CREATE INDEX intake_facts_ages ON intake_facts(centre_id, age, gender, country, source, s_age, s_intro_ended,
  s_not_enrolled, s_lawful_residence, schooling, contact_id, referred_on, waiting_from, waiting_to);
CREATE INDEX intake_facts_ages_waiting ON intake_facts(centre_id, age, waiting_to, waiting_from, gender, country,
  contact_id);
CREATE INDEX intake_facts_contact ON intake_facts(centre_id, contact_id);
CREATE INDEX caseload_spans_ages ON caseload_spans(centre_id, age, from_date, to_date, start_date, gender, country,
  contact_id, schooling);
CREATE INDEX report_facts_caseload ON report_facts(centre_id, age, start_date, until_date, gender, country, contact_id,
  schooling);
