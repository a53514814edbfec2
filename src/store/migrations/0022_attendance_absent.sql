-- attendance: the marks that are not "present"; a month's sessions and enrolments by centre
-- Decision 62. What the benefit run reads of a month (unexcused minutes)
-- is in the marks that are not "present" (absent, late, left early), a
-- few in a hundred: a partial index reaches them without reading the
-- present ones, and holds what the run reads of them, so the table is not
-- read at all. The month's sessions and enrolments of a centre are read
-- from covering indexes too (the sessions' one replaces
-- activity_sessions_centre, its first two columns). The register's save
-- and the enrolment's keep them as they write.
CREATE INDEX attendance_absent ON attendance(centre_id, session_id, participant_id, mark, minutes, absence,
  doctor_note, beyond) WHERE mark <> 'present';
DROP INDEX activity_sessions_centre;
CREATE INDEX activity_sessions_month ON activity_sessions(centre_id, on_date, status, group_id, start_min, end_min);
CREATE INDEX group_enrolments_month ON group_enrolments(centre_id, status, ends_on, starts_on, group_id,
  participant_id);
