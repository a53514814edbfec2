-- Caseloads under a contact person and an age band reads the contact person's rows (docs/DECISIONS.md 115.)
-- The contact persons' indexes of the periods and the spans (migration 31)
-- hold every column Caseloads reads but the age at the start (migrations
-- 49 and 51): under a contact person and an age band SQLite, without
-- statistics, read the band's range of the centre by the covering age
-- indexes instead (report_facts_caseload, caseload_spans_ages: 400,000
-- entries for the 50 rows of one caseload at a million). Both are made
-- again with the age, so that they cover the statement too.
DROP INDEX report_facts_contact;
CREATE INDEX report_facts_contact ON report_facts(centre_id, contact_id, until_date, start_date, gender, country,
  birth_date, schooling, age);
DROP INDEX caseload_spans_contact;
CREATE INDEX caseload_spans_contact ON caseload_spans(centre_id, contact_id, from_date, to_date, start_date, gender,
  country, birth_date, schooling, age);
