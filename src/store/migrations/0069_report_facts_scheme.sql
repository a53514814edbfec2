-- A scheme asked of a centre whose periods are all of it, or none of it, is read as such (docs/DECISIONS.md 130).
-- The reports read every period of the centre under a benefit scheme (no
-- kept table holds it): 0.6-2.5 s at a million. Most centres run one
-- scheme, so the report first asks which schemes the centre's periods
-- are of, one short read of each of these. They are partial (each holds
-- one scheme's periods, named in the statement), so that no other
-- statement's plan takes them: an index of the centre and the scheme was
-- taken by PostgreSQL for statements that name only the centre, slower by
-- a third.
CREATE INDEX report_facts_bergen ON report_facts(centre_id) WHERE scheme = 'bergen';
CREATE INDEX report_facts_kvp ON report_facts(centre_id) WHERE scheme = 'kvp';
