-- The liaison's home counts its lists from kept counts, kept by triggers in the transaction of every write
-- The liaison's home (decision 90) said how many placements await approval,
-- start this week and end in the next two weeks by walking up to 1,001
-- entries of an index each (about 150 µs of CPU a view at a million).
-- placement_counts keeps, per centre, the placements in each phase (kind the
-- phase's key, day '') and the agreed placements by their start day (kind
-- 'starts') and by their end day (kind 'ends'): a phase is one row, a week
-- at most seven. It is the view placement_counts_source, kept by the
-- triggers below (named report_facts_*, so the demo's bulk load pauses them
-- and fills the table from the view); an emptied row goes.
CREATE TABLE placement_counts (
  centre_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  day TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, kind, day)
) WITHOUT ROWID;
CREATE VIEW placement_counts_source AS
SELECT centre_id, phase AS kind, '' AS day, COUNT(*) AS n FROM placements GROUP BY centre_id, phase
UNION ALL
SELECT centre_id, 'starts', starts_on, COUNT(*) FROM placements WHERE phase = 'agreed' AND starts_on IS NOT NULL
GROUP BY centre_id, starts_on
UNION ALL
SELECT centre_id, 'ends', ends_on, COUNT(*) FROM placements WHERE phase = 'agreed' AND ends_on IS NOT NULL
GROUP BY centre_id, ends_on;
INSERT INTO placement_counts SELECT * FROM placement_counts_source;
CREATE TRIGGER report_facts_placement_counts_insert AFTER INSERT ON placements BEGIN
  INSERT INTO placement_counts VALUES (NEW.centre_id, NEW.phase, '', 1)
    ON CONFLICT (centre_id, kind, day) DO UPDATE SET n = n + 1;
  INSERT INTO placement_counts SELECT NEW.centre_id, 'starts', NEW.starts_on, 1
    WHERE NEW.phase = 'agreed' AND NEW.starts_on IS NOT NULL
    ON CONFLICT (centre_id, kind, day) DO UPDATE SET n = n + 1;
  INSERT INTO placement_counts SELECT NEW.centre_id, 'ends', NEW.ends_on, 1
    WHERE NEW.phase = 'agreed' AND NEW.ends_on IS NOT NULL
    ON CONFLICT (centre_id, kind, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_facts_placement_counts_delete AFTER DELETE ON placements BEGIN
  UPDATE placement_counts SET n = n - 1 WHERE centre_id = OLD.centre_id AND kind = OLD.phase AND day = '';
  UPDATE placement_counts SET n = n - 1 WHERE OLD.phase = 'agreed' AND centre_id = OLD.centre_id
    AND kind = 'starts' AND day = OLD.starts_on;
  UPDATE placement_counts SET n = n - 1 WHERE OLD.phase = 'agreed' AND centre_id = OLD.centre_id
    AND kind = 'ends' AND day = OLD.ends_on;
  DELETE FROM placement_counts WHERE n = 0 AND centre_id = OLD.centre_id
    AND ((kind = OLD.phase AND day = '') OR (kind = 'starts' AND day = OLD.starts_on)
      OR (kind = 'ends' AND day = OLD.ends_on));
END;
CREATE TRIGGER report_facts_placement_counts_update AFTER UPDATE OF centre_id, phase, starts_on, ends_on ON placements
WHEN OLD.centre_id IS NOT NEW.centre_id OR OLD.phase IS NOT NEW.phase OR OLD.starts_on IS NOT NEW.starts_on
  OR OLD.ends_on IS NOT NEW.ends_on BEGIN
  UPDATE placement_counts SET n = n - 1 WHERE centre_id = OLD.centre_id AND kind = OLD.phase AND day = '';
  UPDATE placement_counts SET n = n - 1 WHERE OLD.phase = 'agreed' AND centre_id = OLD.centre_id
    AND kind = 'starts' AND day = OLD.starts_on;
  UPDATE placement_counts SET n = n - 1 WHERE OLD.phase = 'agreed' AND centre_id = OLD.centre_id
    AND kind = 'ends' AND day = OLD.ends_on;
  DELETE FROM placement_counts WHERE n = 0 AND centre_id = OLD.centre_id
    AND ((kind = OLD.phase AND day = '') OR (kind = 'starts' AND day = OLD.starts_on)
      OR (kind = 'ends' AND day = OLD.ends_on));
  INSERT INTO placement_counts VALUES (NEW.centre_id, NEW.phase, '', 1)
    ON CONFLICT (centre_id, kind, day) DO UPDATE SET n = n + 1;
  INSERT INTO placement_counts SELECT NEW.centre_id, 'starts', NEW.starts_on, 1
    WHERE NEW.phase = 'agreed' AND NEW.starts_on IS NOT NULL
    ON CONFLICT (centre_id, kind, day) DO UPDATE SET n = n + 1;
  INSERT INTO placement_counts SELECT NEW.centre_id, 'ends', NEW.ends_on, 1
    WHERE NEW.phase = 'agreed' AND NEW.ends_on IS NOT NULL
    ON CONFLICT (centre_id, kind, day) DO UPDATE SET n = n + 1;
END;
