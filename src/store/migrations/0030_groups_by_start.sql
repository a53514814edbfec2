-- groups listed by their start through one index that also holds their end and type; jobs by placement
-- A centre's groups are listed newest first (the groups page, the enrol
-- form); the old index by (centre, end) made the planner read every open
-- group of a large centre and sort them before the LIMIT.
DROP INDEX activity_groups_centre;
CREATE INDEX activity_groups_start ON activity_groups(centre_id, starts_on DESC, name, id, ends_on, activity_type_id);
-- A placement's jobs (the placement's page) by the placement.
CREATE INDEX employments_placement ON employments(placement_id);
