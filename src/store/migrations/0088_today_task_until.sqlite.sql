-- Today: a follow-up's line keeps the last day it is its assignee's (decision 198)
-- A follow-up task is its assignee's to record while its participant has
-- not exited, or until their contact_until (domain/access.c's
-- within_retention()). The day passes without a write, so the line keeps
-- it, in `detail` (empty for a task before): '9999-12-31' while the
-- participant has not exited, their contact_until once they have, '' for
-- an exited participant without one. Today's tasks and the caseload
-- overview's count compare it with today inside the covering index
-- today_lines_due, instead of reading the participant's row a line. A
-- participant's lines are recomputed when their contact_until changes too.
DROP VIEW today_lines_computed;
CREATE VIEW today_lines_computed AS
SELECT p.centre_id AS centre_id, p.contact_id AS user_id, 'meeting' AS kind, m.next_meeting AS item_date,
  p.family_name AS family_name, p.given_name AS given_name, m.id AS item_id, p.id AS participant_id,
  '' AS title, '' AS item_text, m.held_on AS detail
FROM participants p
JOIN meetings m ON m.id = (SELECT m2.id FROM meetings m2 WHERE m2.participant_id = p.id
  AND m2.centre_id = p.centre_id ORDER BY m2.held_on DESC, m2.id DESC LIMIT 1)
WHERE p.contact_id IS NOT NULL
  AND p.status IN ('registered','referred','waiting','offered','active','paused')
  AND m.next_meeting IS NOT NULL
UNION ALL
SELECT p.centre_id, p.contact_id, 'step', s.due_on, p.family_name, p.given_name, s.id, p.id,
  g.title, s.description, ''
FROM participants p
JOIN goal_steps s ON s.participant_id = p.id AND s.centre_id = p.centre_id
JOIN goals g ON g.id = s.goal_id
WHERE p.contact_id IS NOT NULL
  AND p.status IN ('registered','referred','waiting','offered','active','paused')
  AND s.done_on IS NULL AND s.due_on IS NOT NULL AND g.status IN ('planned','in_progress')
UNION ALL
SELECT p.centre_id, p.contact_id, 'evaluation', e.due_on, p.family_name, p.given_name, e.id, p.id,
  '', '', ''
FROM participants p
JOIN plan_evaluations e ON e.participant_id = p.id AND e.centre_id = p.centre_id
WHERE p.contact_id IS NOT NULL
  AND p.status IN ('registered','referred','waiting','offered','active','paused')
  AND e.done_on IS NULL
UNION ALL
SELECT p.centre_id, p.contact_id, 'contact',
  COALESCE((SELECT MAX(m.held_on) FROM meetings m WHERE m.participant_id = p.id AND m.centre_id = p.centre_id),
           (SELECT MAX(e.start_date) FROM enrolments e WHERE e.participant_id = p.id
            AND e.centre_id = p.centre_id), ''),
  p.family_name, p.given_name, 0, p.id, '', '',
  CASE WHEN (SELECT MAX(m.held_on) FROM meetings m WHERE m.participant_id = p.id
             AND m.centre_id = p.centre_id) IS NOT NULL THEN 'meeting'
       WHEN (SELECT MAX(e.start_date) FROM enrolments e WHERE e.participant_id = p.id
             AND e.centre_id = p.centre_id) IS NOT NULL THEN 'start'
       ELSE '' END
FROM participants p
WHERE p.contact_id IS NOT NULL AND p.status IN ('active','paused')
UNION ALL
SELECT t.centre_id, t.assignee_id, 'task', t.due_on, p.family_name, p.given_name, t.id, p.id,
  t.kind, '',
  CASE WHEN p.status = 'exited' THEN COALESCE(p.contact_until, '') ELSE '9999-12-31' END
FROM tasks t
JOIN participants p ON p.id = t.participant_id
WHERE t.assignee_id IS NOT NULL AND t.done_on IS NULL;
DROP TRIGGER today_participants_update;
CREATE TRIGGER today_participants_update
AFTER UPDATE OF given_name, family_name, status, contact_id, centre_id, contact_until ON participants
WHEN OLD.given_name IS NOT NEW.given_name OR OLD.family_name IS NOT NEW.family_name
  OR OLD.status IS NOT NEW.status OR OLD.contact_id IS NOT NEW.contact_id
  OR OLD.centre_id IS NOT NEW.centre_id OR OLD.contact_until IS NOT NEW.contact_until
BEGIN
  DELETE FROM today_lines WHERE participant_id = NEW.id;
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = NEW.id;
END;
DELETE FROM today_lines WHERE kind = 'task';
INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
  participant_id, title, item_text, detail)
SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
  item_text, detail FROM today_lines_computed WHERE kind = 'task';
DROP INDEX today_lines_due;
CREATE INDEX today_lines_due ON today_lines(centre_id, user_id, item_date, detail) WHERE kind <> 'contact';
