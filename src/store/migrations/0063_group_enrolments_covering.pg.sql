-- A group's enrolment counts and its register read the enrolments' index alone (docs/DECISIONS.md 122).
-- group_enrolments_group (migration 14) held the group, status and start:
-- the counts beside each group (enrolled, waiting) and the register read
-- every enrolment's row for its end, centre and participant, 50 rows of
-- the table for a group of 50 enrolments, each a page of its own. The
-- index now holds those columns too.
DROP INDEX group_enrolments_group;
CREATE INDEX group_enrolments_group ON group_enrolments(group_id, status, starts_on, ends_on, centre_id, participant_id);
