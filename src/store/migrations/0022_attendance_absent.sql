-- attendance: the marks that are not "present", by centre and session
-- Decision 62. What the benefit run reads of a month (unexcused minutes)
-- is in the marks that are not "present" (absent, late, left early), a
-- few in a hundred: this partial index reaches them without reading the
-- present ones. The register's save keeps it as it writes the mark.
CREATE INDEX attendance_absent ON attendance(centre_id, session_id) WHERE mark <> 'present';
