-- Today's lines kept as facts; search terms by spelling and in pairs
-- (docs/DECISIONS.md, 44 and 45.)
--
-- today_lines holds every line a contact person's Today page can show:
-- the next meeting their latest meeting planned, open goal steps,
-- evaluations not held, the last contact of each active or paused
-- participant, and the follow-up tasks assigned to them. It is kept by the
-- triggers below, in the transaction of every write to the tables it is
-- made from, by recomputing the lines of the participant written
-- (today_lines_computed, the lines from scratch). Today reads one range of
-- its primary key per section, in the order the page shows.
CREATE TABLE today_lines (
  centre_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('meeting','step','evaluation','contact','task')),
  item_date TEXT NOT NULL,
  family_name TEXT NOT NULL,
  given_name TEXT NOT NULL,
  item_id BIGINT NOT NULL,
  participant_id BIGINT NOT NULL,
  title TEXT NOT NULL,
  item_text TEXT NOT NULL,
  detail TEXT NOT NULL,
  PRIMARY KEY (centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX today_lines_participant ON today_lines(participant_id);

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
  t.kind, '', ''
FROM tasks t
JOIN participants p ON p.id = t.participant_id
WHERE t.assignee_id IS NOT NULL AND t.done_on IS NULL;

INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
  participant_id, title, item_text, detail)
SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
  item_text, detail FROM today_lines_computed;

-- The triggers: each write recomputes the lines of the participant (or
-- participants) it touches. SQLite has no procedures, so each trigger
-- spells the two statements out.
CREATE TRIGGER today_participants_insert AFTER INSERT ON participants BEGIN
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = NEW.id;
END;
CREATE TRIGGER today_participants_update
AFTER UPDATE OF given_name, family_name, status, contact_id, centre_id ON participants
WHEN OLD.given_name IS NOT NEW.given_name OR OLD.family_name IS NOT NEW.family_name
  OR OLD.status IS NOT NEW.status OR OLD.contact_id IS NOT NEW.contact_id
  OR OLD.centre_id IS NOT NEW.centre_id
BEGIN
  DELETE FROM today_lines WHERE participant_id = NEW.id;
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = NEW.id;
END;
CREATE TRIGGER today_participants_delete AFTER DELETE ON participants BEGIN
  DELETE FROM today_lines WHERE participant_id = OLD.id;
END;

CREATE TRIGGER today_meetings_insert AFTER INSERT ON meetings BEGIN
  DELETE FROM today_lines WHERE participant_id = NEW.participant_id;
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = NEW.participant_id;
END;
CREATE TRIGGER today_meetings_update AFTER UPDATE ON meetings BEGIN
  DELETE FROM today_lines WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed
  WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;
CREATE TRIGGER today_meetings_delete AFTER DELETE ON meetings BEGIN
  DELETE FROM today_lines WHERE participant_id = OLD.participant_id;
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = OLD.participant_id;
END;

CREATE TRIGGER today_goal_steps_insert AFTER INSERT ON goal_steps BEGIN
  DELETE FROM today_lines WHERE participant_id = NEW.participant_id;
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = NEW.participant_id;
END;
CREATE TRIGGER today_goal_steps_update AFTER UPDATE ON goal_steps BEGIN
  DELETE FROM today_lines WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed
  WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;
CREATE TRIGGER today_goal_steps_delete AFTER DELETE ON goal_steps BEGIN
  DELETE FROM today_lines WHERE participant_id = OLD.participant_id;
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = OLD.participant_id;
END;

CREATE TRIGGER today_goals_update AFTER UPDATE ON goals BEGIN
  DELETE FROM today_lines WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed
  WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;
CREATE TRIGGER today_goals_delete AFTER DELETE ON goals BEGIN
  DELETE FROM today_lines WHERE participant_id = OLD.participant_id;
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = OLD.participant_id;
END;

CREATE TRIGGER today_plan_evaluations_insert AFTER INSERT ON plan_evaluations BEGIN
  DELETE FROM today_lines WHERE participant_id = NEW.participant_id;
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = NEW.participant_id;
END;
CREATE TRIGGER today_plan_evaluations_update AFTER UPDATE ON plan_evaluations BEGIN
  DELETE FROM today_lines WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed
  WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;
CREATE TRIGGER today_plan_evaluations_delete AFTER DELETE ON plan_evaluations BEGIN
  DELETE FROM today_lines WHERE participant_id = OLD.participant_id;
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = OLD.participant_id;
END;

CREATE TRIGGER today_tasks_insert AFTER INSERT ON tasks BEGIN
  DELETE FROM today_lines WHERE participant_id = NEW.participant_id;
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = NEW.participant_id;
END;
CREATE TRIGGER today_tasks_update AFTER UPDATE ON tasks BEGIN
  DELETE FROM today_lines WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed
  WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;
CREATE TRIGGER today_tasks_delete AFTER DELETE ON tasks BEGIN
  DELETE FROM today_lines WHERE participant_id = OLD.participant_id;
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = OLD.participant_id;
END;

CREATE TRIGGER today_enrolments_insert AFTER INSERT ON enrolments BEGIN
  DELETE FROM today_lines WHERE participant_id = NEW.participant_id;
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = NEW.participant_id;
END;
CREATE TRIGGER today_enrolments_update AFTER UPDATE OF participant_id, start_date, centre_id ON enrolments
BEGIN
  DELETE FROM today_lines WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed
  WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;
CREATE TRIGGER today_enrolments_delete AFTER DELETE ON enrolments BEGIN
  DELETE FROM today_lines WHERE participant_id = OLD.participant_id;
  INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,
    participant_id, title, item_text, detail)
  SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,
    item_text, detail FROM today_lines_computed WHERE participant_id = OLD.participant_id;
END;

-- participant_search: each term with the participant's spelling keys
-- (" key1 key2 ... number ..."), so that the further words of a search
-- are checked on the term's row. The terms are made again by the program
-- after this file, in the same transaction (spelling keys and pairs are
-- the domain's, src/domain/spelling.c): see migrate.c. The centre has no
-- default: every writer names it.
DROP TABLE participant_search;
CREATE TABLE participant_search (
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  term TEXT NOT NULL,
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  keys TEXT NOT NULL,
  PRIMARY KEY (centre_id, term, participant_id)
) WITHOUT ROWID;
CREATE INDEX participant_search_pid ON participant_search(participant_id, term);
