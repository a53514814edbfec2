-- access by relationship: contact person after exit, health referrals
ALTER TABLE participants ADD COLUMN contact_until TEXT;
CREATE TABLE health_referrals (
  id {{ID}},
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  health_id BIGINT NOT NULL REFERENCES users(id),
  referred_on TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  ended_on TEXT,
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  ended_by BIGINT REFERENCES users(id)
);
CREATE INDEX health_referrals_health ON health_referrals(health_id, ended_on, participant_id);
CREATE INDEX health_referrals_participant ON health_referrals(participant_id, id);
UPDATE participants SET contact_until = ( SELECT CASE WHEN t.done_on IS NOT NULL THEN min(date(t.done_on, '-1 day'), date(e.exit_date, '+13 months'), date(e.exit_date, 'start of month', '+14 months', '-1 day')) ELSE min(date(e.exit_date, '+13 months'), date(e.exit_date, 'start of month', '+14 months', '-1 day')) END FROM enrolments e LEFT JOIN tasks t ON t.enrolment_id = e.id AND t.kind = 'followup_12m' WHERE e.participant_id = participants.id AND e.exit_date IS NOT NULL ORDER BY e.start_date DESC, e.id DESC LIMIT 1) WHERE status = 'exited';
