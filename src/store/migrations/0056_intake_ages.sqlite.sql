-- Intake's referrals counted by source and screening by the age at the referral too, for the age band (docs/DECISIONS.md 114.)
-- Under an age band Intake counted the band's referrals by source and
-- screening from intake_facts_ages (migration 51): 373,124 index entries
-- for the demo's women of 35-44 at a million. intake_age_sources keeps
-- what intake_sources (migration 32) keeps, by the age (intake_facts.age,
-- migration 51) and gender instead of the country: 1,375 rows at a
-- million, its key beginning with the centre and the age so that a band
-- is a range. It is the view intake_age_sources_source, kept by triggers
-- on intake_facts (named report_facts_*, so that the demo's bulk load
-- pauses them) in the transaction of every write of the referrals. The
-- waiting list under a band still reads the referrals waiting in the
-- year (intake_facts_ages_waiting).
CREATE TABLE intake_age_sources (
  centre_id BIGINT NOT NULL,
  age BIGINT NOT NULL,
  gender TEXT NOT NULL,
  source TEXT NOT NULL,
  s_age BIGINT NOT NULL,
  s_intro_ended BIGINT NOT NULL,
  s_not_enrolled BIGINT NOT NULL,
  s_lawful_residence BIGINT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, age, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence)
) WITHOUT ROWID;
CREATE VIEW intake_age_sources_source AS
SELECT centre_id, age, gender, source, COALESCE(s_age, -1) AS s_age, COALESCE(s_intro_ended, -1) AS s_intro_ended,
  COALESCE(s_not_enrolled, -1) AS s_not_enrolled, COALESCE(s_lawful_residence, -1) AS s_lawful_residence,
  COUNT(*) AS n
FROM intake_facts
GROUP BY centre_id, age, gender, source, COALESCE(s_age, -1), COALESCE(s_intro_ended, -1),
  COALESCE(s_not_enrolled, -1), COALESCE(s_lawful_residence, -1);
INSERT INTO intake_age_sources SELECT * FROM intake_age_sources_source;
CREATE TRIGGER report_facts_intake_ages_insert AFTER INSERT ON intake_facts BEGIN
  INSERT INTO intake_age_sources VALUES (NEW.centre_id, NEW.age, NEW.gender, NEW.source, COALESCE(NEW.s_age, -1),
    COALESCE(NEW.s_intro_ended, -1), COALESCE(NEW.s_not_enrolled, -1), COALESCE(NEW.s_lawful_residence, -1), 1)
    ON CONFLICT (centre_id, age, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence)
    DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER report_facts_intake_ages_delete AFTER DELETE ON intake_facts BEGIN
  INSERT INTO intake_age_sources VALUES (OLD.centre_id, OLD.age, OLD.gender, OLD.source, COALESCE(OLD.s_age, -1),
    COALESCE(OLD.s_intro_ended, -1), COALESCE(OLD.s_not_enrolled, -1), COALESCE(OLD.s_lawful_residence, -1), -1)
    ON CONFLICT (centre_id, age, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence)
    DO UPDATE SET n = n + excluded.n;
  DELETE FROM intake_age_sources WHERE n = 0 AND centre_id = OLD.centre_id AND age = OLD.age AND gender = OLD.gender
    AND source = OLD.source AND s_age = COALESCE(OLD.s_age, -1) AND s_intro_ended = COALESCE(OLD.s_intro_ended, -1)
    AND s_not_enrolled = COALESCE(OLD.s_not_enrolled, -1)
    AND s_lawful_residence = COALESCE(OLD.s_lawful_residence, -1);
END;
CREATE TRIGGER report_facts_intake_ages_update AFTER UPDATE ON intake_facts
WHEN OLD.centre_id IS NOT NEW.centre_id OR OLD.age IS NOT NEW.age OR OLD.gender IS NOT NEW.gender
  OR OLD.source IS NOT NEW.source OR OLD.s_age IS NOT NEW.s_age OR OLD.s_intro_ended IS NOT NEW.s_intro_ended
  OR OLD.s_not_enrolled IS NOT NEW.s_not_enrolled OR OLD.s_lawful_residence IS NOT NEW.s_lawful_residence BEGIN
  INSERT INTO intake_age_sources VALUES (OLD.centre_id, OLD.age, OLD.gender, OLD.source, COALESCE(OLD.s_age, -1),
    COALESCE(OLD.s_intro_ended, -1), COALESCE(OLD.s_not_enrolled, -1), COALESCE(OLD.s_lawful_residence, -1), -1)
    ON CONFLICT (centre_id, age, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence)
    DO UPDATE SET n = n + excluded.n;
  DELETE FROM intake_age_sources WHERE n = 0 AND centre_id = OLD.centre_id AND age = OLD.age AND gender = OLD.gender
    AND source = OLD.source AND s_age = COALESCE(OLD.s_age, -1) AND s_intro_ended = COALESCE(OLD.s_intro_ended, -1)
    AND s_not_enrolled = COALESCE(OLD.s_not_enrolled, -1)
    AND s_lawful_residence = COALESCE(OLD.s_lawful_residence, -1);
  INSERT INTO intake_age_sources VALUES (NEW.centre_id, NEW.age, NEW.gender, NEW.source, COALESCE(NEW.s_age, -1),
    COALESCE(NEW.s_intro_ended, -1), COALESCE(NEW.s_not_enrolled, -1), COALESCE(NEW.s_lawful_residence, -1), 1)
    ON CONFLICT (centre_id, age, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence)
    DO UPDATE SET n = n + excluded.n;
END;
