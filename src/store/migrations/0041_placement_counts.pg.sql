-- The liaison's home counts its lists from kept counts, kept by triggers in the transaction of every write
-- The liaison's home (decision 90) said how many placements await approval,
-- start this week and end in the next two weeks by walking up to 1,001
-- entries of an index each (about 150 µs of CPU a view at a million).
-- placement_counts keeps, per centre, the placements in each phase (kind the
-- phase's key, day '') and the agreed placements by their start day (kind
-- 'starts') and by their end day (kind 'ends'): a phase is one row, a week
-- at most seven. It is the view placement_counts_source, kept by the
-- trigger below (named report_facts_*, so the demo's bulk load pauses it
-- and fills the table from the view); an emptied row goes.
CREATE TABLE placement_counts (
  centre_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  day TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (centre_id, kind, day)
);
CREATE VIEW placement_counts_source AS
SELECT centre_id, phase AS kind, ''::text AS day, COUNT(*) AS n FROM placements GROUP BY centre_id, phase
UNION ALL
SELECT centre_id, 'starts', starts_on, COUNT(*) FROM placements WHERE phase = 'agreed' AND starts_on IS NOT NULL
GROUP BY centre_id, starts_on
UNION ALL
SELECT centre_id, 'ends', ends_on, COUNT(*) FROM placements WHERE phase = 'agreed' AND ends_on IS NOT NULL
GROUP BY centre_id, ends_on;
INSERT INTO placement_counts SELECT * FROM placement_counts_source;
CREATE FUNCTION placement_counts_add(c BIGINT, ph TEXT, s TEXT, e TEXT, d BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO placement_counts VALUES (c, ph, '', d)
    ON CONFLICT (centre_id, kind, day) DO UPDATE SET n = placement_counts.n + EXCLUDED.n;
  IF ph = 'agreed' AND s IS NOT NULL THEN
    INSERT INTO placement_counts VALUES (c, 'starts', s, d)
      ON CONFLICT (centre_id, kind, day) DO UPDATE SET n = placement_counts.n + EXCLUDED.n;
  END IF;
  IF ph = 'agreed' AND e IS NOT NULL THEN
    INSERT INTO placement_counts VALUES (c, 'ends', e, d)
      ON CONFLICT (centre_id, kind, day) DO UPDATE SET n = placement_counts.n + EXCLUDED.n;
  END IF;
  IF d < 0 THEN
    DELETE FROM placement_counts WHERE n = 0 AND centre_id = c
      AND ((kind = ph AND day = '') OR (kind = 'starts' AND day = s) OR (kind = 'ends' AND day = e));
  END IF;
END $$;
CREATE FUNCTION report_facts_placement_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.centre_id IS NOT DISTINCT FROM NEW.centre_id AND OLD.phase IS NOT DISTINCT FROM NEW.phase
     AND OLD.starts_on IS NOT DISTINCT FROM NEW.starts_on AND OLD.ends_on IS NOT DISTINCT FROM NEW.ends_on THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM placement_counts_add(OLD.centre_id, OLD.phase, OLD.starts_on, OLD.ends_on, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM placement_counts_add(NEW.centre_id, NEW.phase, NEW.starts_on, NEW.ends_on, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_placement_counts AFTER INSERT OR DELETE OR UPDATE OF centre_id, phase, starts_on, ends_on
  ON placements FOR EACH ROW EXECUTE FUNCTION report_facts_placement_counts();
