-- the waiting list's rows, kept in the page's order
-- (docs/DECISIONS.md: the waiting list is one range of a kept table.) The
-- page chose its 100 rows from referrals_centre_queue, one range per state,
-- merged them in a sort, then read each chosen referral and its participant
-- (200 look-ups, each a page of a large table) and sorted again. waiting_list
-- holds one row per referral waiting or offered whose participant is of
-- the referral's centre, with what the page shows, in the page's order
-- (its primary key): a page is one range of it, no sort and no look-up of
-- a referral or a participant. It equals its view waiting_list_source (the
-- same rows from scratch) and is kept so by the triggers below, in the
-- transaction of every write of a referral or of a participant's name or
-- centre; they are named report_facts_overview_waiting*, so the demo's bulk
-- load pauses them with the overview's and fills the table from the view.
-- A referral's trigger first locks its participant's row, as renaming the
-- participant does: a rename and a referral's change take turns, and the
-- second reads the first's committed row.
CREATE TABLE waiting_list (
  centre_id BIGINT NOT NULL,
  priority BIGINT NOT NULL,
  referred_on TEXT NOT NULL,
  referral_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  source TEXT NOT NULL,
  state TEXT NOT NULL,
  offered_on TEXT,
  PRIMARY KEY (centre_id, priority, referred_on, referral_id)
);
CREATE UNIQUE INDEX waiting_list_referral ON waiting_list(referral_id);
CREATE INDEX waiting_list_participant ON waiting_list(participant_id);
CREATE VIEW waiting_list_source AS
SELECT r.centre_id AS centre_id, r.priority AS priority, r.referred_on AS referred_on, r.id AS referral_id,
  r.participant_id AS participant_id, p.given_name AS given_name, p.family_name AS family_name,
  r.source AS source, r.state AS state, r.offered_on AS offered_on
FROM referrals r JOIN participants p ON p.id = r.participant_id AND p.centre_id = r.centre_id
WHERE r.state IN ('waiting','offered');
INSERT INTO waiting_list SELECT * FROM waiting_list_source ORDER BY centre_id, priority, referred_on, referral_id;
-- a referral written: its row again, when it was or is on the list
CREATE FUNCTION report_facts_overview_waiting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.state NOT IN ('waiting','offered')
    OR TG_OP = 'DELETE' AND OLD.state NOT IN ('waiting','offered') THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NOT (OLD.state IN ('waiting','offered') OR NEW.state IN ('waiting','offered'))
      OR (OLD.centre_id = NEW.centre_id AND OLD.participant_id = NEW.participant_id
        AND OLD.priority = NEW.priority AND OLD.referred_on = NEW.referred_on AND OLD.source = NEW.source
        AND OLD.state = NEW.state AND OLD.offered_on IS NOT DISTINCT FROM NEW.offered_on) THEN
      RETURN NULL;
    END IF;
    PERFORM 1 FROM participants WHERE id IN (OLD.participant_id, NEW.participant_id)
      ORDER BY id FOR NO KEY UPDATE;
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM 1 FROM participants WHERE id = NEW.participant_id FOR NO KEY UPDATE;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM waiting_list WHERE referral_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO waiting_list SELECT * FROM waiting_list_source WHERE referral_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_overview_waiting AFTER INSERT OR UPDATE OR DELETE ON referrals
  FOR EACH ROW EXECUTE FUNCTION report_facts_overview_waiting();
-- a participant's name or centre: their rows again
CREATE FUNCTION report_facts_overview_waiting_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.given_name = NEW.given_name AND OLD.family_name = NEW.family_name
    AND OLD.centre_id = NEW.centre_id THEN
    RETURN NULL;
  END IF;
  DELETE FROM waiting_list WHERE participant_id = OLD.id;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO waiting_list SELECT * FROM waiting_list_source WHERE participant_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_overview_waiting_person AFTER UPDATE OF given_name, family_name, centre_id OR DELETE
  ON participants FOR EACH ROW EXECUTE FUNCTION report_facts_overview_waiting_person();
