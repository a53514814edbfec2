-- Norwegian asked for a calendar year under an age or schooling band counts each year's own steps, kept (docs/DECISIONS.md 131).
-- Migration 68 kept each year's own steps (language_steps.gain_in) and
-- counted them by the filters' columns (language_gains); under a band with
-- a calendar year the report still read every assessment of the period
-- through its period (5-7 s at a million). language_bands, the steps of
-- the participants of one period by age and schooling (migration 48),
-- counts them too (people_in, gain_in); its triggers are made again with
-- them, and it is counted again from its view.
DROP VIEW language_bands_source;
ALTER TABLE language_bands ADD COLUMN people_in BIGINT NOT NULL DEFAULT 0;
ALTER TABLE language_bands ADD COLUMN gain_in BIGINT NOT NULL DEFAULT 0;
CREATE VIEW language_bands_source AS
SELECT centre_id, 0 AS kind, '' AS country, age, schooling, gender, start_year, exit_year, year, skill,
  COUNT(*) AS people, SUM(gain) AS gain, SUM(CASE WHEN gain_in IS NULL THEN 0 ELSE 1 END) AS people_in,
  COALESCE(SUM(gain_in), 0) AS gain_in
FROM language_steps WHERE kind = 1 GROUP BY centre_id, age, schooling, gender, start_year, exit_year, year, skill
UNION ALL
SELECT centre_id, 1 AS kind, country, age, schooling, gender, start_year, exit_year, year, skill,
  COUNT(*) AS people, SUM(gain) AS gain, SUM(CASE WHEN gain_in IS NULL THEN 0 ELSE 1 END) AS people_in,
  COALESCE(SUM(gain_in), 0) AS gain_in
FROM language_steps WHERE kind = 1
GROUP BY centre_id, country, age, schooling, gender, start_year, exit_year, year, skill;
DELETE FROM language_bands;
INSERT INTO language_bands SELECT * FROM language_bands_source;
CREATE OR REPLACE FUNCTION language_bands_add(r language_steps, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  pin BIGINT := CASE WHEN r.gain_in IS NULL THEN 0 ELSE s END;
  gin BIGINT := s * COALESCE(r.gain_in, 0);
BEGIN
  IF r.kind <> 1 THEN RETURN; END IF;
  INSERT INTO language_bands VALUES (r.centre_id, 0, '', r.age, r.schooling, r.gender, r.start_year, r.exit_year,
    r.year, r.skill, s, s * r.gain, pin, gin), (r.centre_id, 1, r.country, r.age, r.schooling, r.gender, r.start_year,
    r.exit_year, r.year, r.skill, s, s * r.gain, pin, gin)
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = language_bands.people + EXCLUDED.people, gain = language_bands.gain + EXCLUDED.gain,
    people_in = language_bands.people_in + EXCLUDED.people_in, gain_in = language_bands.gain_in + EXCLUDED.gain_in;
  IF s < 0 THEN
    DELETE FROM language_bands WHERE people = 0 AND centre_id = r.centre_id AND kind IN (0, 1)
      AND country IN ('', r.country) AND age = r.age AND schooling = r.schooling AND gender = r.gender
      AND start_year = r.start_year AND exit_year = r.exit_year AND year = r.year AND skill = r.skill;
  END IF;
END $$;
