-- The leader's caseload overview and the waiting list read kept facts
-- (docs/DECISIONS.md 89.) Both counted the whole centre on every request:
-- every user's roles in it, the participants that count against a cap,
-- the referrals waiting and the periods planned to end. Each table below
-- equals its view (*_source, the same facts from scratch) and is kept so by
-- the triggers in the transaction of every write; the triggers are named
-- report_facts_overview_*, so the demo's bulk load pauses them with the
-- others and fills the tables from the views.
--
-- caseload_people: one row per centre and user listed in the overview: an
-- active user with the contact role in the centre (assignable), or one
-- still holding participants of it that count against a cap (active or
-- paused); with the display name, the own cap (NULL: the default) and that
-- count. A write of a user, a membership or a participant's contact
-- person, status or centre makes the rows of the users and centres it
-- touches again from the view.
CREATE TABLE caseload_people (
  user_id BIGINT NOT NULL,
  centre_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  assignable BIGINT NOT NULL,
  cap BIGINT,
  active BIGINT NOT NULL,
  PRIMARY KEY (user_id, centre_id)
) WITHOUT ROWID;
CREATE INDEX caseload_people_name ON caseload_people(centre_id, name, user_id, assignable, cap, active);
CREATE VIEW caseload_people_source AS
SELECT u.id AS user_id, c.id AS centre_id, u.display_name AS name,
  CASE WHEN u.active = 1 AND ((u.roles | COALESCE((SELECT cm.roles FROM centre_members cm
    WHERE cm.user_id = u.id AND cm.centre_id = c.id), 0)) & 4) <> 0 THEN 1 ELSE 0 END AS assignable,
  u.caseload_cap AS cap,
  (SELECT COUNT(*) FROM participants p WHERE p.contact_id = u.id AND p.centre_id = c.id
    AND p.status IN ('active','paused')) AS active
FROM users u, centres c
WHERE (u.active = 1 AND ((u.roles | COALESCE((SELECT cm.roles FROM centre_members cm
    WHERE cm.user_id = u.id AND cm.centre_id = c.id), 0)) & 4) <> 0)
  OR EXISTS (SELECT 1 FROM participants p WHERE p.contact_id = u.id AND p.centre_id = c.id
    AND p.status IN ('active','paused'));
-- Each person's overdue items are their Today lines other than the last
-- contact dated before today: one range of this index per person shown
-- (four of the primary key's, one per kind, took half the page's CPU).
CREATE INDEX today_lines_due ON today_lines(centre_id, user_id, item_date) WHERE kind <> 'contact';
-- caseload_centres: one row per centre with the overview's and the waiting
-- list's totals: the persons listed, the assignable ones, the sum of the
-- caps they set and how many set none (the default is the domain's), the
-- participants active or paused, the referrals waiting or offered.
CREATE TABLE caseload_centres (
  centre_id BIGINT NOT NULL PRIMARY KEY,
  listed BIGINT NOT NULL,
  persons BIGINT NOT NULL,
  caps BIGINT NOT NULL,
  uncapped BIGINT NOT NULL,
  active BIGINT NOT NULL,
  waiting BIGINT NOT NULL
);
CREATE VIEW caseload_centres_source AS
SELECT c.id AS centre_id,
  (SELECT COUNT(*) FROM caseload_people_source k WHERE k.centre_id = c.id) AS listed,
  (SELECT COUNT(*) FROM caseload_people_source k WHERE k.centre_id = c.id AND k.assignable = 1) AS persons,
  (SELECT COALESCE(SUM(k.cap), 0) FROM caseload_people_source k WHERE k.centre_id = c.id AND k.assignable = 1) AS caps,
  (SELECT COUNT(*) FROM caseload_people_source k WHERE k.centre_id = c.id AND k.assignable = 1 AND k.cap IS NULL)
    AS uncapped,
  (SELECT COUNT(*) FROM participants p WHERE p.centre_id = c.id AND p.status IN ('active','paused')) AS active,
  (SELECT COUNT(*) FROM referrals r WHERE r.centre_id = c.id AND r.state IN ('waiting','offered')) AS waiting
FROM centres c;
-- planned_exits: the centre's active and paused periods by planned end (the
-- waiting list counts those ending within 90 days).
CREATE TABLE planned_exits (
  centre_id BIGINT NOT NULL,
  planned_end TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, planned_end)
) WITHOUT ROWID;
CREATE VIEW planned_exits_source AS
SELECT centre_id, planned_end, COUNT(*) AS n FROM enrolments
WHERE status IN ('active','paused') AND planned_end IS NOT NULL GROUP BY centre_id, planned_end;
INSERT INTO caseload_people SELECT * FROM caseload_people_source;
INSERT INTO caseload_centres SELECT c.id, COALESCE(k.listed, 0), COALESCE(k.persons, 0), COALESCE(k.caps, 0),
  COALESCE(k.uncapped, 0),
  (SELECT COUNT(*) FROM participants p WHERE p.centre_id = c.id AND p.status IN ('active','paused')),
  (SELECT COUNT(*) FROM referrals r WHERE r.centre_id = c.id AND r.state IN ('waiting','offered'))
FROM centres c LEFT JOIN (SELECT centre_id, COUNT(*) AS listed, SUM(assignable) AS persons,
  SUM(CASE WHEN assignable = 1 THEN COALESCE(cap, 0) ELSE 0 END) AS caps,
  SUM(CASE WHEN assignable = 1 AND cap IS NULL THEN 1 ELSE 0 END) AS uncapped
  FROM caseload_people GROUP BY centre_id) k ON k.centre_id = c.id;
INSERT INTO planned_exits SELECT * FROM planned_exits_source;
-- a row of caseload_people written or removed counts itself in its centre's totals
CREATE TRIGGER report_facts_overview_people_insert AFTER INSERT ON caseload_people BEGIN
  UPDATE caseload_centres SET listed = listed + 1, persons = persons + NEW.assignable,
    caps = caps + CASE WHEN NEW.assignable = 1 THEN COALESCE(NEW.cap, 0) ELSE 0 END,
    uncapped = uncapped + CASE WHEN NEW.assignable = 1 AND NEW.cap IS NULL THEN 1 ELSE 0 END
  WHERE centre_id = NEW.centre_id;
END;
CREATE TRIGGER report_facts_overview_people_delete AFTER DELETE ON caseload_people BEGIN
  UPDATE caseload_centres SET listed = listed - 1, persons = persons - OLD.assignable,
    caps = caps - CASE WHEN OLD.assignable = 1 THEN COALESCE(OLD.cap, 0) ELSE 0 END,
    uncapped = uncapped - CASE WHEN OLD.assignable = 1 AND OLD.cap IS NULL THEN 1 ELSE 0 END
  WHERE centre_id = OLD.centre_id;
END;
-- a user's name, state, installation roles or cap: their rows in every centre
CREATE TRIGGER report_facts_overview_user_insert AFTER INSERT ON users BEGIN
  INSERT INTO caseload_people SELECT * FROM caseload_people_source WHERE user_id = NEW.id;
END;
CREATE TRIGGER report_facts_overview_user_update AFTER UPDATE OF display_name, active, roles, caseload_cap ON users
WHEN OLD.display_name IS NOT NEW.display_name OR OLD.active IS NOT NEW.active OR OLD.roles IS NOT NEW.roles
  OR OLD.caseload_cap IS NOT NEW.caseload_cap BEGIN
  DELETE FROM caseload_people WHERE user_id = NEW.id;
  INSERT INTO caseload_people SELECT * FROM caseload_people_source WHERE user_id = NEW.id;
END;
CREATE TRIGGER report_facts_overview_user_delete AFTER DELETE ON users BEGIN
  DELETE FROM caseload_people WHERE user_id = OLD.id;
END;
-- a membership: the user's row in that centre
CREATE TRIGGER report_facts_overview_member_insert AFTER INSERT ON centre_members BEGIN
  DELETE FROM caseload_people WHERE user_id = NEW.user_id AND centre_id = NEW.centre_id;
  INSERT INTO caseload_people SELECT * FROM caseload_people_source
  WHERE user_id = NEW.user_id AND centre_id = NEW.centre_id;
END;
CREATE TRIGGER report_facts_overview_member_update AFTER UPDATE ON centre_members BEGIN
  DELETE FROM caseload_people WHERE (user_id = OLD.user_id AND centre_id = OLD.centre_id)
    OR (user_id = NEW.user_id AND centre_id = NEW.centre_id);
  INSERT INTO caseload_people SELECT * FROM caseload_people_source
  WHERE (user_id = OLD.user_id AND centre_id = OLD.centre_id) OR (user_id = NEW.user_id AND centre_id = NEW.centre_id);
END;
CREATE TRIGGER report_facts_overview_member_delete AFTER DELETE ON centre_members BEGIN
  DELETE FROM caseload_people WHERE user_id = OLD.user_id AND centre_id = OLD.centre_id;
  INSERT INTO caseload_people SELECT * FROM caseload_people_source
  WHERE user_id = OLD.user_id AND centre_id = OLD.centre_id;
END;
-- a participant's contact person, status or centre: the rows of the
-- contact persons before and after, and the centres' active count
CREATE TRIGGER report_facts_overview_participant_insert AFTER INSERT ON participants BEGIN
  UPDATE caseload_centres SET active = active + 1
  WHERE centre_id = NEW.centre_id AND NEW.status IN ('active','paused');
  DELETE FROM caseload_people WHERE NEW.status IN ('active','paused')
    AND user_id = NEW.contact_id AND centre_id = NEW.centre_id;
  INSERT INTO caseload_people SELECT * FROM caseload_people_source WHERE NEW.status IN ('active','paused')
    AND user_id = NEW.contact_id AND centre_id = NEW.centre_id;
END;
CREATE TRIGGER report_facts_overview_participant_update AFTER UPDATE OF contact_id, status, centre_id ON participants
WHEN OLD.contact_id IS NOT NEW.contact_id OR OLD.centre_id IS NOT NEW.centre_id
  OR (OLD.status IN ('active','paused')) <> (NEW.status IN ('active','paused')) BEGIN
  UPDATE caseload_centres SET active = active - 1
  WHERE centre_id = OLD.centre_id AND OLD.status IN ('active','paused');
  UPDATE caseload_centres SET active = active + 1
  WHERE centre_id = NEW.centre_id AND NEW.status IN ('active','paused');
  DELETE FROM caseload_people WHERE (user_id = OLD.contact_id AND centre_id = OLD.centre_id)
    OR (user_id = NEW.contact_id AND centre_id = NEW.centre_id);
  INSERT INTO caseload_people SELECT * FROM caseload_people_source
  WHERE (user_id = OLD.contact_id AND centre_id = OLD.centre_id)
    OR (user_id = NEW.contact_id AND centre_id = NEW.centre_id);
END;
CREATE TRIGGER report_facts_overview_participant_delete AFTER DELETE ON participants BEGIN
  UPDATE caseload_centres SET active = active - 1
  WHERE centre_id = OLD.centre_id AND OLD.status IN ('active','paused');
  DELETE FROM caseload_people WHERE OLD.status IN ('active','paused')
    AND user_id = OLD.contact_id AND centre_id = OLD.centre_id;
  INSERT INTO caseload_people SELECT * FROM caseload_people_source WHERE OLD.status IN ('active','paused')
    AND user_id = OLD.contact_id AND centre_id = OLD.centre_id;
END;
-- a centre made: its totals, and the users whose installation roles make
-- them contact persons everywhere
CREATE TRIGGER report_facts_overview_centre_insert AFTER INSERT ON centres BEGIN
  INSERT INTO caseload_centres VALUES (NEW.id, 0, 0, 0, 0, 0, 0);
  INSERT INTO caseload_people SELECT * FROM caseload_people_source WHERE centre_id = NEW.id;
END;
-- a referral's state or centre: the centres' waiting count
CREATE TRIGGER report_facts_overview_referral_insert AFTER INSERT ON referrals
WHEN NEW.state IN ('waiting','offered') BEGIN
  UPDATE caseload_centres SET waiting = waiting + 1 WHERE centre_id = NEW.centre_id;
END;
CREATE TRIGGER report_facts_overview_referral_update AFTER UPDATE OF state, centre_id ON referrals
WHEN OLD.centre_id IS NOT NEW.centre_id
  OR (OLD.state IN ('waiting','offered')) <> (NEW.state IN ('waiting','offered')) BEGIN
  UPDATE caseload_centres SET waiting = waiting - 1
  WHERE centre_id = OLD.centre_id AND OLD.state IN ('waiting','offered');
  UPDATE caseload_centres SET waiting = waiting + 1
  WHERE centre_id = NEW.centre_id AND NEW.state IN ('waiting','offered');
END;
CREATE TRIGGER report_facts_overview_referral_delete AFTER DELETE ON referrals
WHEN OLD.state IN ('waiting','offered') BEGIN
  UPDATE caseload_centres SET waiting = waiting - 1 WHERE centre_id = OLD.centre_id;
END;
-- a period's status, planned end or centre: the planned exits by day
CREATE TRIGGER report_facts_overview_exit_insert AFTER INSERT ON enrolments
WHEN NEW.status IN ('active','paused') AND NEW.planned_end IS NOT NULL BEGIN
  INSERT INTO planned_exits VALUES (NEW.centre_id, NEW.planned_end, 1)
    ON CONFLICT (centre_id, planned_end) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_facts_overview_exit_update AFTER UPDATE OF status, planned_end, centre_id ON enrolments
WHEN OLD.centre_id IS NOT NEW.centre_id OR OLD.planned_end IS NOT NEW.planned_end
  OR (OLD.status IN ('active','paused')) <> (NEW.status IN ('active','paused')) BEGIN
  UPDATE planned_exits SET n = n - 1 WHERE OLD.status IN ('active','paused')
    AND centre_id = OLD.centre_id AND planned_end = OLD.planned_end;
  DELETE FROM planned_exits WHERE n = 0 AND centre_id = OLD.centre_id AND planned_end = OLD.planned_end;
  INSERT INTO planned_exits SELECT NEW.centre_id, NEW.planned_end, 1
    WHERE NEW.status IN ('active','paused') AND NEW.planned_end IS NOT NULL
    ON CONFLICT (centre_id, planned_end) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_facts_overview_exit_delete AFTER DELETE ON enrolments
WHEN OLD.status IN ('active','paused') AND OLD.planned_end IS NOT NULL BEGIN
  UPDATE planned_exits SET n = n - 1 WHERE centre_id = OLD.centre_id AND planned_end = OLD.planned_end;
  DELETE FROM planned_exits WHERE n = 0 AND centre_id = OLD.centre_id AND planned_end = OLD.planned_end;
END;
