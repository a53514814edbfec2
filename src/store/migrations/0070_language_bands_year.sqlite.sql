-- Norwegian asked for a calendar year under an age or schooling band counts each year's own steps, kept (docs/DECISIONS.md 131).
-- Migration 68 kept each year's own steps (language_steps.gain_in) and
-- counted them by the filters' columns (language_gains); under a band with
-- a calendar year the report still read every assessment of the period
-- through its period (5-7 s at a million). language_bands, the steps of
-- the participants of one period by age and schooling (migration 48),
-- counts them too (people_in, gain_in); its triggers are made again with
-- them, and it is counted again from its view.
DROP TRIGGER report_facts_language_bands_insert;
DROP TRIGGER report_facts_language_bands_delete;
DROP TRIGGER report_facts_language_bands_update_old;
DROP TRIGGER report_facts_language_bands_update_new;
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
CREATE TRIGGER report_facts_language_bands_insert AFTER INSERT ON language_steps WHEN NEW.kind = 1 BEGIN
  INSERT INTO language_bands VALUES (NEW.centre_id, 0, '', NEW.age, NEW.schooling, NEW.gender,
    NEW.start_year, NEW.exit_year, NEW.year, NEW.skill, 1, NEW.gain, CASE WHEN NEW.gain_in IS NULL THEN 0 ELSE 1 END, COALESCE(NEW.gain_in, 0))
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain,
    people_in = people_in + excluded.people_in, gain_in = gain_in + excluded.gain_in;
  INSERT INTO language_bands VALUES (NEW.centre_id, 1, NEW.country, NEW.age, NEW.schooling, NEW.gender,
    NEW.start_year, NEW.exit_year, NEW.year, NEW.skill, 1, NEW.gain, CASE WHEN NEW.gain_in IS NULL THEN 0 ELSE 1 END, COALESCE(NEW.gain_in, 0))
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain,
    people_in = people_in + excluded.people_in, gain_in = gain_in + excluded.gain_in;
END;
CREATE TRIGGER report_facts_language_bands_delete AFTER DELETE ON language_steps WHEN OLD.kind = 1 BEGIN
  INSERT INTO language_bands VALUES (OLD.centre_id, 0, '', OLD.age, OLD.schooling, OLD.gender,
    OLD.start_year, OLD.exit_year, OLD.year, OLD.skill, -1, -OLD.gain, CASE WHEN OLD.gain_in IS NULL THEN 0 ELSE -1 END, -COALESCE(OLD.gain_in, 0))
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain,
    people_in = people_in + excluded.people_in, gain_in = gain_in + excluded.gain_in;
  DELETE FROM language_bands WHERE people = 0 AND centre_id = OLD.centre_id AND kind = 0
    AND country = '' AND age = OLD.age AND schooling = OLD.schooling AND gender = OLD.gender
    AND start_year = OLD.start_year AND exit_year = OLD.exit_year AND year = OLD.year AND skill = OLD.skill;
  INSERT INTO language_bands VALUES (OLD.centre_id, 1, OLD.country, OLD.age, OLD.schooling, OLD.gender,
    OLD.start_year, OLD.exit_year, OLD.year, OLD.skill, -1, -OLD.gain, CASE WHEN OLD.gain_in IS NULL THEN 0 ELSE -1 END, -COALESCE(OLD.gain_in, 0))
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain,
    people_in = people_in + excluded.people_in, gain_in = gain_in + excluded.gain_in;
  DELETE FROM language_bands WHERE people = 0 AND centre_id = OLD.centre_id AND kind = 1
    AND country = OLD.country AND age = OLD.age AND schooling = OLD.schooling AND gender = OLD.gender
    AND start_year = OLD.start_year AND exit_year = OLD.exit_year AND year = OLD.year AND skill = OLD.skill;
END;
CREATE TRIGGER report_facts_language_bands_update_old AFTER UPDATE ON language_steps WHEN OLD.kind = 1 BEGIN
  INSERT INTO language_bands VALUES (OLD.centre_id, 0, '', OLD.age, OLD.schooling, OLD.gender,
    OLD.start_year, OLD.exit_year, OLD.year, OLD.skill, -1, -OLD.gain, CASE WHEN OLD.gain_in IS NULL THEN 0 ELSE -1 END, -COALESCE(OLD.gain_in, 0))
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain,
    people_in = people_in + excluded.people_in, gain_in = gain_in + excluded.gain_in;
  DELETE FROM language_bands WHERE people = 0 AND centre_id = OLD.centre_id AND kind = 0
    AND country = '' AND age = OLD.age AND schooling = OLD.schooling AND gender = OLD.gender
    AND start_year = OLD.start_year AND exit_year = OLD.exit_year AND year = OLD.year AND skill = OLD.skill;
  INSERT INTO language_bands VALUES (OLD.centre_id, 1, OLD.country, OLD.age, OLD.schooling, OLD.gender,
    OLD.start_year, OLD.exit_year, OLD.year, OLD.skill, -1, -OLD.gain, CASE WHEN OLD.gain_in IS NULL THEN 0 ELSE -1 END, -COALESCE(OLD.gain_in, 0))
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain,
    people_in = people_in + excluded.people_in, gain_in = gain_in + excluded.gain_in;
  DELETE FROM language_bands WHERE people = 0 AND centre_id = OLD.centre_id AND kind = 1
    AND country = OLD.country AND age = OLD.age AND schooling = OLD.schooling AND gender = OLD.gender
    AND start_year = OLD.start_year AND exit_year = OLD.exit_year AND year = OLD.year AND skill = OLD.skill;
END;
CREATE TRIGGER report_facts_language_bands_update_new AFTER UPDATE ON language_steps WHEN NEW.kind = 1 BEGIN
  INSERT INTO language_bands VALUES (NEW.centre_id, 0, '', NEW.age, NEW.schooling, NEW.gender,
    NEW.start_year, NEW.exit_year, NEW.year, NEW.skill, 1, NEW.gain, CASE WHEN NEW.gain_in IS NULL THEN 0 ELSE 1 END, COALESCE(NEW.gain_in, 0))
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain,
    people_in = people_in + excluded.people_in, gain_in = gain_in + excluded.gain_in;
  INSERT INTO language_bands VALUES (NEW.centre_id, 1, NEW.country, NEW.age, NEW.schooling, NEW.gender,
    NEW.start_year, NEW.exit_year, NEW.year, NEW.skill, 1, NEW.gain, CASE WHEN NEW.gain_in IS NULL THEN 0 ELSE 1 END, COALESCE(NEW.gain_in, 0))
    ON CONFLICT (centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill)
    DO UPDATE SET people = people + excluded.people, gain = gain + excluded.gain,
    people_in = people_in + excluded.people_in, gain_in = gain_in + excluded.gain_in;
END;
