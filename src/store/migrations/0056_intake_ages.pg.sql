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
);
CREATE VIEW intake_age_sources_source AS
SELECT centre_id, age, gender, source, COALESCE(s_age, -1) AS s_age, COALESCE(s_intro_ended, -1) AS s_intro_ended,
  COALESCE(s_not_enrolled, -1) AS s_not_enrolled, COALESCE(s_lawful_residence, -1) AS s_lawful_residence,
  COUNT(*) AS n
FROM intake_facts
GROUP BY centre_id, age, gender, source, COALESCE(s_age, -1), COALESCE(s_intro_ended, -1),
  COALESCE(s_not_enrolled, -1), COALESCE(s_lawful_residence, -1);
INSERT INTO intake_age_sources SELECT * FROM intake_age_sources_source;
CREATE FUNCTION intake_age_sources_add(r intake_facts, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO intake_age_sources VALUES (r.centre_id, r.age, r.gender, r.source, COALESCE(r.s_age, -1),
    COALESCE(r.s_intro_ended, -1), COALESCE(r.s_not_enrolled, -1), COALESCE(r.s_lawful_residence, -1), s)
    ON CONFLICT (centre_id, age, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence)
    DO UPDATE SET n = intake_age_sources.n + EXCLUDED.n;
  IF s < 0 THEN
    DELETE FROM intake_age_sources WHERE n = 0 AND centre_id = r.centre_id AND age = r.age AND gender = r.gender
      AND source = r.source AND s_age = COALESCE(r.s_age, -1) AND s_intro_ended = COALESCE(r.s_intro_ended, -1)
      AND s_not_enrolled = COALESCE(r.s_not_enrolled, -1)
      AND s_lawful_residence = COALESCE(r.s_lawful_residence, -1);
  END IF;
END $$;
CREATE FUNCTION report_facts_intake_ages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM intake_age_sources_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM intake_age_sources_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_intake_ages AFTER INSERT OR DELETE ON intake_facts
  FOR EACH ROW EXECUTE FUNCTION report_facts_intake_ages();
CREATE TRIGGER report_facts_intake_ages_update AFTER UPDATE ON intake_facts FOR EACH ROW
  WHEN (OLD.centre_id IS DISTINCT FROM NEW.centre_id OR OLD.age IS DISTINCT FROM NEW.age
  OR OLD.gender IS DISTINCT FROM NEW.gender OR OLD.source IS DISTINCT FROM NEW.source
  OR OLD.s_age IS DISTINCT FROM NEW.s_age OR OLD.s_intro_ended IS DISTINCT FROM NEW.s_intro_ended
  OR OLD.s_not_enrolled IS DISTINCT FROM NEW.s_not_enrolled
  OR OLD.s_lawful_residence IS DISTINCT FROM NEW.s_lawful_residence)
  EXECUTE FUNCTION report_facts_intake_ages();
