-- centres: one installation serves many; every record belongs to one
-- Every record of a participant belongs to exactly one centre; staff hold
-- their roles per centre (centre_members), an administrator's role is the
-- installation's (users.roles keeps only ROLE_ADMIN, bit 0). users.centre_id
-- is the centre a user last chose. What existed becomes centre 1.
CREATE TABLE centres (
  id {{ID}},
  name TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);
INSERT INTO centres (id, name, created_at) VALUES (1, 'Second Chance', 0);
CREATE TABLE centre_members (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  roles BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, centre_id)
);
CREATE INDEX centre_members_centre ON centre_members(centre_id, user_id);
INSERT INTO centre_members (user_id, centre_id, roles) SELECT id, 1, roles - (roles & 1) FROM users WHERE roles - (roles & 1) <> 0;
UPDATE users SET roles = roles & 1;
SELECT setval(pg_get_serial_sequence('centres', 'id'), 1);
ALTER TABLE users ADD COLUMN centre_id BIGINT REFERENCES centres(id);
ALTER TABLE participants ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE participant_changes ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE referrals ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE screening_results ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE referral_events ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE enrolments ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE enrolment_extensions ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE enrolment_pauses ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE assignments ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE work_plans ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE work_plan_versions ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE plan_evaluations ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE goals ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE goal_steps ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE goal_history ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE meetings ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE health_notes ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE health_referrals ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE tasks ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE language_assessments ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
ALTER TABLE audit_log ADD COLUMN centre_id BIGINT;
CREATE INDEX participants_centre_name ON participants(centre_id, name_key, id);
CREATE INDEX participants_centre_status ON participants(centre_id, status, name_key);
CREATE INDEX referrals_centre_queue ON referrals(centre_id, state, priority, referred_on, id);
CREATE INDEX audit_centre ON audit_log(centre_id, at);
