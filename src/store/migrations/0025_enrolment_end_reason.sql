-- enrolment end reason: why a participant left a group before its end
-- A group enrolment ended early (app_group_enrolment_end) keeps its new
-- last day in ends_on and the reason here; NULL for enrolments that run
-- their course (decision 64).
ALTER TABLE group_enrolments ADD COLUMN end_reason TEXT;
