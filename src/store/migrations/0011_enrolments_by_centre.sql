-- enrolments by centre: a centre's planned ends in date order
-- The waiting list reads the first planned ends of a centre's active and
-- paused periods, one status at a time; with centres, this index keeps that
-- one range of rows instead of every centre's (enrolments_planned_end).
CREATE INDEX enrolments_centre_planned_end ON enrolments(centre_id, status, planned_end);
