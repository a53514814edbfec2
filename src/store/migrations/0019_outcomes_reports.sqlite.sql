-- outcomes at follow-up (status incl. unemployed, part-time share, source, date) and programme costs per year
-- A follow-up's result takes "unemployed" (issue 12): SQLite cannot change a
-- column's check, so the table is rebuilt with the same rows (nothing
-- refers to tasks). The programme's costs are versioned: each change is a
-- new row; the latest row of a centre's year is in force.
CREATE TABLE tasks_new (
  id {{ID}},
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  enrolment_id BIGINT REFERENCES enrolments(id),
  kind TEXT NOT NULL CHECK (kind IN ('followup_6m','followup_12m')),
  due_on TEXT NOT NULL,
  assignee_id BIGINT REFERENCES users(id),
  done_on TEXT,
  done_by BIGINT REFERENCES users(id),
  result TEXT CHECK (result IS NULL OR result IN ('employed_full','employed_part', 'education','other_programme','moved','dropped_out','other','unknown','unemployed')),
  note TEXT NOT NULL DEFAULT '',
  centre_id BIGINT NOT NULL DEFAULT 1,
  part_time_percent BIGINT CHECK (part_time_percent IS NULL OR part_time_percent BETWEEN 1 AND 99),
  source TEXT CHECK (source IS NULL OR source IN ('participant','employer','register')),
  result_on TEXT
);
INSERT INTO tasks_new (id, participant_id, enrolment_id, kind, due_on, assignee_id, done_on, done_by, result, note, centre_id)
  SELECT id, participant_id, enrolment_id, kind, due_on, assignee_id, done_on, done_by, result, note, centre_id FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;
CREATE INDEX tasks_assignee ON tasks(assignee_id, done_on, due_on);
CREATE INDEX tasks_participant ON tasks(participant_id);
CREATE INDEX tasks_centre_due ON tasks(centre_id, done_on, due_on);
-- The reports read every programme period of a centre with its participant,
-- follow-ups and referral (decision 58); these indexes hold the columns they
-- read, so each join is answered from a narrow index, not the wide rows.
CREATE INDEX tasks_enrolment ON tasks(enrolment_id, kind, centre_id, result, result_on, done_on);
CREATE INDEX enrolments_report ON enrolments(centre_id, id, participant_id, start_date, exit_date, outcome, referral_id);
-- the glance's count of those in the programme with no contact person
CREATE INDEX participants_centre_unassigned ON participants(centre_id, status, contact_id);
CREATE INDEX referrals_report ON referrals(centre_id, id, participant_id, source, referred_on);
CREATE INDEX referral_events_report ON referral_events(referral_id, to_state, centre_id, on_date);
CREATE INDEX screening_results_report ON screening_results(centre_id, referral_id, screened_at, rule, pass);
CREATE TABLE programme_costs (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  year BIGINT NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  staff BIGINT NOT NULL CHECK (staff >= 0),
  premises BIGINT NOT NULL CHECK (premises >= 0),
  activities BIGINT NOT NULL CHECK (activities >= 0),
  other BIGINT NOT NULL CHECK (other >= 0),
  note TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  UNIQUE (centre_id, year, version)
);
