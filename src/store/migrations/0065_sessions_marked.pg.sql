-- The sessions with marks, by day (docs/DECISIONS.md 126).
-- Attendance asked up to a day from today on counts this month from its
-- kept rows when no session after today has marks (as the product's rules
-- keep it); this index answers that question by reading nothing when so.
CREATE INDEX activity_sessions_marked ON activity_sessions(centre_id, on_date) WHERE marks > 0;
