-- A scheme asked of a centre whose periods are all of it, or none of it, is read as such (docs/DECISIONS.md 130).
-- The reports read every period of the centre under a benefit scheme (no
-- kept table holds it): 0.6-2.5 s at a million. Most centres run one
-- scheme, so the report first asks whether the centre has a period of
-- the scheme and one of another, here, in two short reads.
CREATE INDEX report_facts_scheme ON report_facts(centre_id, scheme);
