-- benefits: a correction keeps its cause in a column of its own
-- What made a correction of an approved month (decisions 168, 180 and 183):
-- a mark changed in the register, a doctor's note, an enrolment from an
-- earlier date, a pause recorded or ended after the fact. The finance
-- officer's list read it from the reason's wording; each command now
-- writes it. The rows kept take it from their wording, once: one pass over
-- the table, no subquery.
ALTER TABLE attendance_corrections ADD COLUMN cause TEXT NOT NULL DEFAULT 'register'
  CHECK (cause IN ('register', 'doctor_note', 'enrolment', 'pause'));
UPDATE attendance_corrections SET cause = CASE
  WHEN reason = 'A doctor''s note was registered for this day.' THEN 'doctor_note'
  WHEN reason = 'Enrolled in the group from an earlier date.' THEN 'enrolment'
  ELSE 'pause' END
  WHERE reason IN ('A doctor''s note was registered for this day.', 'Enrolled in the group from an earlier date.')
  OR (session_id IS NULL
  AND reason = 'A pause recorded or ended after the fact changed the month''s programme days.');
