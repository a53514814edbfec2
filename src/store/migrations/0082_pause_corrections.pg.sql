-- benefits: a pause recorded after the fact flags its months as a correction without a session
-- A pause recorded, or a period resumed, on days of a month whose benefits
-- are approved or whose run waits changes the month's programme days: it
-- is recorded as a correction like a register's, with no session
-- (session_id NULL), its day the first of the month it changed.
ALTER TABLE attendance_corrections ALTER COLUMN session_id DROP NOT NULL;
