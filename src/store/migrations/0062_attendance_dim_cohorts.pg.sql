-- Attendance counted by a country, an age band or a schooling band with the start cohort too (docs/DECISIONS.md 120.)
-- Migration 58 counts Attendance by three dimensions of the people of one
-- period (attendance_people_dims); a dimension with a cohort read every
-- kept row (1.3 s at a million). Three more dimensions join them, each
-- one of the three with the period's start year, its value the first's
-- and the year ('2:2025', 'Somalia:2025'): the tables and triggers of
-- migration 58 count every dimension the view gives, so only the view is
-- made again, and the counts made again from it.
CREATE OR REPLACE VIEW attendance_people_dims AS
SELECT p.centre_id AS centre_id, p.participant_id AS participant_id, p.gender AS gender,
  p.start_month AS start_month, x.dim AS dim,
  CASE x.dim WHEN 'country' THEN p.country WHEN 'age' THEN p.ageband WHEN 'schooling' THEN p.schoolband
  WHEN 'country_cohort' THEN p.country || ':' || CAST(p.start_year AS TEXT)
  WHEN 'age_cohort' THEN p.ageband || ':' || CAST(p.start_year AS TEXT)
  ELSE p.schoolband || ':' || CAST(p.start_year AS TEXT) END AS value
FROM (SELECT centre_id, participant_id, gender, start_month, start_year, country,
  CASE WHEN age < 0 THEN '' WHEN age < 25 THEN '0' WHEN age < 35 THEN '1' WHEN age < 45 THEN '2' ELSE '3' END
    AS ageband,
  CASE WHEN schooling < 0 THEN '' WHEN schooling <= 6 THEN '0' WHEN schooling <= 9 THEN '1'
    WHEN schooling <= 12 THEN '2' ELSE '3' END AS schoolband
  FROM attendance_people WHERE periods = 1) p
CROSS JOIN (SELECT 'age' AS dim UNION ALL SELECT 'country' UNION ALL SELECT 'schooling'
  UNION ALL SELECT 'age_cohort' UNION ALL SELECT 'country_cohort' UNION ALL SELECT 'schooling_cohort') x;
DELETE FROM attendance_dim_groups;
INSERT INTO attendance_dim_groups SELECT m.centre_id, d.dim, d.value, d.gender, m.month, m.group_id, m.type_id,
  SUM(m.marks), SUM(m.attended), SUM(m.unexcused), SUM(CASE WHEN f.month = m.month THEN 1 ELSE 0 END)
  FROM attendance_months m CROSS JOIN attendance_people_dims d CROSS JOIN attendance_class_gfirsts f
  WHERE d.centre_id = m.centre_id AND d.participant_id = m.participant_id AND m.month >= d.start_month
  AND f.centre_id = m.centre_id AND f.group_id = m.group_id AND f.participant_id = m.participant_id
  GROUP BY m.centre_id, d.dim, d.value, d.gender, m.month, m.group_id, m.type_id;
DELETE FROM attendance_dim_types;
INSERT INTO attendance_dim_types SELECT f.centre_id, d.dim, d.value, d.gender, f.type_id, f.month, COUNT(*)
  FROM attendance_class_tfirsts f CROSS JOIN attendance_people_dims d
  WHERE d.centre_id = f.centre_id AND d.participant_id = f.participant_id
  GROUP BY f.centre_id, d.dim, d.value, d.gender, f.type_id, f.month;
DELETE FROM attendance_dim_months;
INSERT INTO attendance_dim_months SELECT * FROM attendance_dim_months_source;
-- the tables' statistics made again for their new rows (the old ones' dead
-- rows go with autovacuum)
ANALYZE attendance_dim_groups;
ANALYZE attendance_dim_types;
ANALYZE attendance_dim_months;
