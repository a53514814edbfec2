-- the registers of the days a participant is paused
-- A participant paused on a day (a pause of one of their programme periods
-- from its first day up to, not including, the day the period resumes, or
-- without an end: decision 173) is not on that day's registers: a session
-- expects those enrolled and not paused, and counts the marks of those not
-- paused (src/store/pause_sql.h). The sessions of a group on a day one of
-- its participants was paused are counted again here; the others' counts
-- are the same by either rule.
UPDATE activity_sessions SET
  expected = (SELECT COUNT(*) FROM group_enrolments e
               WHERE e.group_id = activity_sessions.group_id AND e.centre_id = activity_sessions.centre_id
                 AND e.status = 'enrolled' AND e.starts_on <= activity_sessions.on_date
                 AND e.ends_on >= activity_sessions.on_date
                 AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id
                                  WHERE pe.participant_id = e.participant_id
                                    AND px.from_date <= activity_sessions.on_date
                                    AND (px.to_date IS NULL OR px.to_date > activity_sessions.on_date))),
  marks = (SELECT COUNT(*) FROM attendance a
            WHERE a.session_id = activity_sessions.id
              AND NOT EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id
                               WHERE pe.participant_id = a.participant_id
                                 AND px.from_date <= activity_sessions.on_date
                                 AND (px.to_date IS NULL OR px.to_date > activity_sessions.on_date)))
 WHERE EXISTS (SELECT 1 FROM group_enrolments e
                 JOIN enrolments pe ON pe.participant_id = e.participant_id
                 JOIN enrolment_pauses px ON px.enrolment_id = pe.id
                WHERE e.group_id = activity_sessions.group_id AND e.status = 'enrolled'
                  AND e.starts_on <= activity_sessions.on_date AND e.ends_on >= activity_sessions.on_date
                  AND px.from_date <= activity_sessions.on_date
                  AND (px.to_date IS NULL OR px.to_date > activity_sessions.on_date));
