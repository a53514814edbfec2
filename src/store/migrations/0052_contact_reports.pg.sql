-- A contact person's reports read their own rows (docs/DECISIONS.md 110).
-- Under a contact person (their own reports, or a leader's filter) the
-- periods (report_facts) and Intake's referrals (intake_facts) are read by
-- the contact person first: the statements name the centre "+centre_id" so
-- that no index led by the centre is taken (SQLite, without statistics,
-- walked the centre's whole report_facts_waits or intake_facts_sources,
-- every participant, for a caseload's fifty rows: 0.15-0.4 s at a million),
-- and these two indexes hold every column those statements read.
DROP INDEX intake_facts_contact;
CREATE INDEX intake_facts_contact ON intake_facts(contact_id, centre_id, source, s_age, s_intro_ended,
  s_not_enrolled, s_lawful_residence, gender, country, age, schooling, referred_on, waiting_from, waiting_to);
CREATE INDEX report_facts_by_contact ON report_facts(contact_id, centre_id, start_year, exit_year, outcome,
  result6, result12, job_days, wait_days, gender, country, age, schooling, start_day, exit_day, exit_date, scheme,
  start_date);
