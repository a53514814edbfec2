-- The leader's caseload overview and the waiting list read kept facts
-- (docs/DECISIONS.md 89.) Both counted the whole centre on every request:
-- every user's roles in it, the participants that count against a cap,
-- the referrals waiting and the periods planned to end. Each table below
-- equals its view (*_source, the same facts from scratch) and is kept so by
-- the triggers in the transaction of every write; the triggers are named
-- report_facts_overview_*, so the demo's bulk load pauses them with the
-- others and fills the tables from the views. On PostgreSQL a trigger that
-- makes a user's rows again first takes a transaction lock on that user
-- (advisory, in id order), so two writers of one contact person's
-- participants take turns and the second counts after the first commits;
-- the totals change by adding to their row, which the row's lock orders.
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
);
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
);
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
-- a user's rows: made again from the view, under the user's lock
CREATE FUNCTION caseload_people_lock(a BIGINT, b BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF a IS NOT NULL AND b IS NOT NULL AND b < a THEN
    PERFORM pg_advisory_xact_lock(89, b::int);
    PERFORM pg_advisory_xact_lock(89, a::int);
  ELSE
    IF a IS NOT NULL THEN PERFORM pg_advisory_xact_lock(89, a::int); END IF;
    IF b IS NOT NULL AND b IS DISTINCT FROM a THEN PERFORM pg_advisory_xact_lock(89, b::int); END IF;
  END IF;
END $$;
CREATE FUNCTION caseload_people_redo(uid BIGINT, cid BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF uid IS NULL THEN RETURN; END IF;
  IF cid IS NULL THEN
    DELETE FROM caseload_people WHERE user_id = uid;
    INSERT INTO caseload_people SELECT * FROM caseload_people_source WHERE user_id = uid;
  ELSE
    DELETE FROM caseload_people WHERE user_id = uid AND centre_id = cid;
    INSERT INTO caseload_people SELECT * FROM caseload_people_source WHERE user_id = uid AND centre_id = cid;
  END IF;
END $$;
-- a row of caseload_people written or removed counts itself in its centre's totals
CREATE FUNCTION report_facts_overview_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE caseload_centres SET listed = listed - 1, persons = persons - OLD.assignable,
      caps = caps - CASE WHEN OLD.assignable = 1 THEN COALESCE(OLD.cap, 0) ELSE 0 END,
      uncapped = uncapped - CASE WHEN OLD.assignable = 1 AND OLD.cap IS NULL THEN 1 ELSE 0 END
    WHERE centre_id = OLD.centre_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE caseload_centres SET listed = listed + 1, persons = persons + NEW.assignable,
      caps = caps + CASE WHEN NEW.assignable = 1 THEN COALESCE(NEW.cap, 0) ELSE 0 END,
      uncapped = uncapped + CASE WHEN NEW.assignable = 1 AND NEW.cap IS NULL THEN 1 ELSE 0 END
    WHERE centre_id = NEW.centre_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_overview_people AFTER INSERT OR UPDATE OR DELETE ON caseload_people
  FOR EACH ROW EXECUTE FUNCTION report_facts_overview_people();
-- a user's name, state, installation roles or cap: their rows in every centre
CREATE FUNCTION report_facts_overview_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM caseload_people WHERE user_id = OLD.id;
  ELSE
    PERFORM caseload_people_lock(NEW.id, NULL);
    PERFORM caseload_people_redo(NEW.id, NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_overview_user_insert AFTER INSERT OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION report_facts_overview_user();
CREATE TRIGGER report_facts_overview_user_update AFTER UPDATE OF display_name, active, roles, caseload_cap ON users
  FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.active IS DISTINCT FROM NEW.active
    OR OLD.roles IS DISTINCT FROM NEW.roles OR OLD.caseload_cap IS DISTINCT FROM NEW.caseload_cap)
  EXECUTE FUNCTION report_facts_overview_user();
-- a membership: the user's row in that centre
CREATE FUNCTION report_facts_overview_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM caseload_people_lock(NEW.user_id, NULL);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM caseload_people_lock(OLD.user_id, NULL);
  ELSE
    PERFORM caseload_people_lock(OLD.user_id, NEW.user_id);
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM caseload_people_redo(OLD.user_id, OLD.centre_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM caseload_people_redo(NEW.user_id, NEW.centre_id); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_overview_member AFTER INSERT OR UPDATE OR DELETE ON centre_members
  FOR EACH ROW EXECUTE FUNCTION report_facts_overview_member();
-- a participant's contact person, status or centre: the rows of the
-- contact persons before and after whose count changes, and the centres'
-- active count
CREATE FUNCTION report_facts_overview_participant() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  oc BOOLEAN := false;
  nc BOOLEAN := false;
  ou BIGINT;
  nu BIGINT;
BEGIN
  IF TG_OP <> 'INSERT' THEN oc := OLD.status IN ('active','paused'); END IF;
  IF TG_OP <> 'DELETE' THEN nc := NEW.status IN ('active','paused'); END IF;
  IF TG_OP = 'UPDATE' AND oc = nc AND OLD.contact_id IS NOT DISTINCT FROM NEW.contact_id
    AND OLD.centre_id = NEW.centre_id THEN
    RETURN NULL;
  END IF;
  IF oc THEN ou := OLD.contact_id; END IF;
  IF nc THEN nu := NEW.contact_id; END IF;
  PERFORM caseload_people_lock(ou, nu);
  IF oc THEN
    UPDATE caseload_centres SET active = active - 1 WHERE centre_id = OLD.centre_id;
    PERFORM caseload_people_redo(ou, OLD.centre_id);
  END IF;
  IF nc THEN
    UPDATE caseload_centres SET active = active + 1 WHERE centre_id = NEW.centre_id;
    PERFORM caseload_people_redo(nu, NEW.centre_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_overview_participant AFTER INSERT OR UPDATE OR DELETE ON participants
  FOR EACH ROW EXECUTE FUNCTION report_facts_overview_participant();
-- a centre made: its totals, and the users whose installation roles make
-- them contact persons everywhere
CREATE FUNCTION report_facts_overview_centre() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO caseload_centres VALUES (NEW.id, 0, 0, 0, 0, 0, 0);
  INSERT INTO caseload_people SELECT * FROM caseload_people_source WHERE centre_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_overview_centre AFTER INSERT ON centres
  FOR EACH ROW EXECUTE FUNCTION report_facts_overview_centre();
-- a referral's state or centre: the centres' waiting count
CREATE FUNCTION report_facts_overview_referral() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.centre_id = NEW.centre_id
    AND (OLD.state IN ('waiting','offered')) = (NEW.state IN ('waiting','offered')) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' AND OLD.state IN ('waiting','offered') THEN
    UPDATE caseload_centres SET waiting = waiting - 1 WHERE centre_id = OLD.centre_id;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.state IN ('waiting','offered') THEN
    UPDATE caseload_centres SET waiting = waiting + 1 WHERE centre_id = NEW.centre_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_overview_referral AFTER INSERT OR UPDATE OR DELETE ON referrals
  FOR EACH ROW EXECUTE FUNCTION report_facts_overview_referral();
-- a period's status, planned end or centre: the planned exits by day
CREATE FUNCTION report_facts_overview_exit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.centre_id = NEW.centre_id AND OLD.planned_end IS NOT DISTINCT FROM NEW.planned_end
    AND (OLD.status IN ('active','paused')) = (NEW.status IN ('active','paused')) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' AND OLD.status IN ('active','paused') AND OLD.planned_end IS NOT NULL THEN
    UPDATE planned_exits SET n = n - 1 WHERE centre_id = OLD.centre_id AND planned_end = OLD.planned_end;
    DELETE FROM planned_exits WHERE n = 0 AND centre_id = OLD.centre_id AND planned_end = OLD.planned_end;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status IN ('active','paused') AND NEW.planned_end IS NOT NULL THEN
    INSERT INTO planned_exits VALUES (NEW.centre_id, NEW.planned_end, 1)
      ON CONFLICT (centre_id, planned_end) DO UPDATE SET n = planned_exits.n + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_overview_exit AFTER INSERT OR UPDATE OR DELETE ON enrolments
  FOR EACH ROW EXECUTE FUNCTION report_facts_overview_exit();
