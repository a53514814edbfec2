-- Today's unexcused absence in a row is one range of its contact person's streaks
-- (docs/DECISIONS.md 95.) Today found the participants with a run of
-- unexcused absence by walking every participant of the contact person
-- (six statuses, a row each, then their streak): about a sixth of the
-- page's CPU at a million. absence_streaks keeps the participant's contact
-- person: the register's write sets it from the participant, the trigger
-- below follows a change of contact person, and the index gives a contact
-- person's runs of at least the setting's days as one range.
ALTER TABLE absence_streaks ADD COLUMN contact_id BIGINT;
UPDATE absence_streaks SET contact_id = (SELECT p.contact_id FROM participants p WHERE p.id = absence_streaks.participant_id);
CREATE INDEX absence_streaks_contact ON absence_streaks (contact_id, centre_id, days) WHERE contact_id IS NOT NULL;
CREATE TRIGGER participants_absence_contact AFTER UPDATE OF contact_id ON participants
WHEN OLD.contact_id IS NOT NEW.contact_id BEGIN
  UPDATE absence_streaks SET contact_id = NEW.contact_id WHERE participant_id = NEW.id;
END;
