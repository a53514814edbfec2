-- A report asked for a period reads that period's exits, starts or referrals (docs/DECISIONS.md 125).
-- Results under a period (from, to) counts the exits in it, Time to work
-- and Intake's wait the starts in it, Intake the referrals in it; no kept
-- table holds the day, so each read every period or referral of the
-- centre by an index that began with another column, and Results and Time
-- to work each period's row for its day: 2.6-4.8 s at a million on SQLite.
-- Each now reads the range of its day in one of these, which hold every
-- column the statement reads or narrows by in the order it groups them
-- (by the day first), so that the groups come as the range is read.
CREATE INDEX report_facts_exit_dates ON report_facts(centre_id, exit_date, exit_year, start_year, outcome, result6,
  result12, gender, country, contact_id, age, schooling, scheme);
CREATE INDEX report_facts_start_jobs ON report_facts(centre_id, start_date, start_year, job_days, gender, country,
  contact_id, age, schooling, scheme);
CREATE INDEX report_facts_start_waits ON report_facts(centre_id, start_date, start_year, wait_days, gender, country,
  contact_id, age, schooling, scheme);
CREATE INDEX intake_facts_referred ON intake_facts(centre_id, referred_on, source, s_age, s_intro_ended, s_not_enrolled,
  s_lawful_residence, gender, country, contact_id, age, schooling);
