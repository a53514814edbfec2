-- attendance: the marks that are not "present"; a month's sessions and enrolments
-- Decision 62. What the benefit run reads of a month (unexcused minutes)
-- is in the marks that are not "present" (absent, late, left early), a
-- few in a hundred: a partial index reaches them without reading the
-- present ones, and holds what the run reads of them, so the table is not
-- read at all. The month's sessions and enrolments are read from covering
-- indexes led by the date (the month's statements name the centre as
-- +centre_id, so these are the indexes they can use, and the statements
-- of one group or participant keep theirs). The register's save and the
-- enrolment's keep them as they write.
CREATE INDEX attendance_absent ON attendance(centre_id, session_id, participant_id, mark, minutes, absence,
  doctor_note, beyond) WHERE mark <> 'present';
CREATE INDEX activity_sessions_month ON activity_sessions(on_date, centre_id, status, group_id, start_min, end_min);
CREATE INDEX group_enrolments_month ON group_enrolments(ends_on, status, centre_id, starts_on, group_id,
  participant_id);
