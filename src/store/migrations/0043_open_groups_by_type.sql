-- open groups counted by type, through an index of their type and end
-- The participant page's enrol form asks whether the centre has more than
-- 200 open groups (decision 78). It counted them through
-- activity_groups_start, in start and name order, and looked up each
-- group's type to leave out health-only groups for those who may not see
-- them: at a million every health-only group of the demo's centre (1,996)
-- was walked and dropped before the 201 counted, 200 µs of a 700 µs page.
-- This index gives each type's open groups as one range (decision 93).
CREATE INDEX activity_groups_type_end ON activity_groups(centre_id, activity_type_id, ends_on);
