-- Internships asked for a period reads the kept placements started in it (docs/DECISIONS.md 127).
-- The report read every placement of the centre and each one's period
-- under a period (1.2 s at a million on SQLite); the kept placements hold
-- their start, so a period reads the range of it here, with every column
-- the report reads or narrows by.
CREATE INDEX placement_facts_starts ON placement_facts(centre_id, starts_on, kind, gender, start_year, exit_year,
  country, age, schooling, employer_id, agreed, ends_on, early, job);
