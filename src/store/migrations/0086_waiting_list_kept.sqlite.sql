-- the waiting list's rows, kept in the page's order
-- (docs/DECISIONS.md: the waiting list is one range of a kept table.) The
-- page chose its 100 rows from referrals_centre_queue, one range per state,
-- merged them in a sort, then read each chosen referral and its participant
-- (200 look-ups, each a page of a large table) and sorted again. waiting_list
-- holds one row per referral waiting or offered whose participant is of
-- the referral's centre, with what the page shows, clustered by the page's
-- order (WITHOUT ROWID, its primary key): a page is one range of it, no
-- sort and no look-up. It equals its view waiting_list_source (the same rows
-- from scratch) and is kept so by the triggers below, in the transaction of
-- every write of a referral or of a participant's name or centre; they are
-- named report_facts_overview_waiting_*, so the demo's bulk load pauses them
-- with the overview's and fills the table from the view.
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
) WITHOUT ROWID;
CREATE UNIQUE INDEX waiting_list_referral ON waiting_list(referral_id);
CREATE INDEX waiting_list_participant ON waiting_list(participant_id);
CREATE VIEW waiting_list_source AS
SELECT r.centre_id AS centre_id, r.priority AS priority, r.referred_on AS referred_on, r.id AS referral_id,
  r.participant_id AS participant_id, p.given_name AS given_name, p.family_name AS family_name,
  r.source AS source, r.state AS state, r.offered_on AS offered_on
FROM referrals r JOIN participants p ON p.id = r.participant_id AND p.centre_id = r.centre_id
WHERE r.state IN ('waiting','offered');
-- by referrals_queue (state first), in the table's order
INSERT INTO waiting_list SELECT * FROM waiting_list_source ORDER BY centre_id, priority, referred_on, referral_id;
-- a referral written: its row again, when it was or is on the list
CREATE TRIGGER report_facts_overview_waiting_insert AFTER INSERT ON referrals
WHEN NEW.state IN ('waiting','offered') BEGIN
  INSERT INTO waiting_list SELECT * FROM waiting_list_source WHERE referral_id = NEW.id;
END;
CREATE TRIGGER report_facts_overview_waiting_update
AFTER UPDATE OF centre_id, participant_id, priority, referred_on, source, state, offered_on ON referrals
WHEN (OLD.state IN ('waiting','offered') OR NEW.state IN ('waiting','offered'))
  AND (OLD.centre_id IS NOT NEW.centre_id OR OLD.participant_id IS NOT NEW.participant_id
    OR OLD.priority IS NOT NEW.priority OR OLD.referred_on IS NOT NEW.referred_on
    OR OLD.source IS NOT NEW.source OR OLD.state IS NOT NEW.state OR OLD.offered_on IS NOT NEW.offered_on) BEGIN
  DELETE FROM waiting_list WHERE referral_id = OLD.id;
  INSERT INTO waiting_list SELECT * FROM waiting_list_source WHERE referral_id = NEW.id;
END;
CREATE TRIGGER report_facts_overview_waiting_delete AFTER DELETE ON referrals
WHEN OLD.state IN ('waiting','offered') BEGIN
  DELETE FROM waiting_list WHERE referral_id = OLD.id;
END;
-- a participant's name or centre: their rows again
CREATE TRIGGER report_facts_overview_waiting_person AFTER UPDATE OF given_name, family_name, centre_id ON participants
WHEN OLD.given_name IS NOT NEW.given_name OR OLD.family_name IS NOT NEW.family_name
  OR OLD.centre_id IS NOT NEW.centre_id BEGIN
  DELETE FROM waiting_list WHERE participant_id = OLD.id;
  INSERT INTO waiting_list SELECT * FROM waiting_list_source WHERE participant_id = NEW.id;
END;
CREATE TRIGGER report_facts_overview_waiting_person_delete AFTER DELETE ON participants BEGIN
  DELETE FROM waiting_list WHERE participant_id = OLD.id;
END;
