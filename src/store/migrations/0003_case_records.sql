-- case records: participants, intake, enrolments, caseloads, work plans, follow-up
ALTER TABLE users ADD COLUMN caseload_cap BIGINT CHECK (caseload_cap IS NULL OR caseload_cap BETWEEN 1 AND 60);
CREATE TABLE participants (
  id {{ID}},
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  nin TEXT UNIQUE,
  birth_date TEXT NOT NULL,
  gender TEXT NOT NULL CHECK (gender IN ('female','male','other')),
  country_of_birth TEXT NOT NULL DEFAULT '',
  citizenship TEXT NOT NULL DEFAULT '',
  arrival_date TEXT,
  residence_basis TEXT NOT NULL DEFAULT 'other' CHECK (residence_basis IN ('refugee','family','other')),
  intro_ended TEXT,
  schooling_years BIGINT CHECK (schooling_years IS NULL OR schooling_years BETWEEN 0 AND 30),
  literate_mother_tongue BIGINT CHECK (literate_mother_tongue IS NULL OR literate_mother_tongue IN (0,1)),
  cefr_listening TEXT CHECK (cefr_listening IS NULL OR cefr_listening IN ('A1','A2','B1','B2','C1')),
  cefr_reading TEXT CHECK (cefr_reading IS NULL OR cefr_reading IN ('A1','A2','B1','B2','C1')),
  cefr_speaking TEXT CHECK (cefr_speaking IS NULL OR cefr_speaking IN ('A1','A2','B1','B2','C1')),
  cefr_writing TEXT CHECK (cefr_writing IS NULL OR cefr_writing IN ('A1','A2','B1','B2','C1')),
  caregiving TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  bank_account TEXT NOT NULL DEFAULT '',
  tax_percent BIGINT CHECK (tax_percent IS NULL OR tax_percent BETWEEN 0 AND 100),
  tax_table TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered','referred','waiting','offered','active','paused','exited','closed')),
  contact_id BIGINT REFERENCES users(id),
  name_key TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id)
);
CREATE INDEX participants_contact ON participants(contact_id, status);
CREATE INDEX participants_status ON participants(status, name_key);
CREATE INDEX participants_name ON participants(name_key);
CREATE INDEX participants_dup ON participants(birth_date, name_key);
CREATE INDEX participants_phone ON participants(phone);
CREATE TABLE participant_languages (
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  ord BIGINT NOT NULL,
  language TEXT NOT NULL,
  interpreter BIGINT NOT NULL DEFAULT 0 CHECK (interpreter IN (0,1)),
  PRIMARY KEY (participant_id, ord)
);
CREATE TABLE participant_children (
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  ord BIGINT NOT NULL,
  birth_date TEXT NOT NULL,
  PRIMARY KEY (participant_id, ord)
);
CREATE TABLE participant_search (
  term TEXT NOT NULL,
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  PRIMARY KEY (term, participant_id)
);
CREATE INDEX participant_search_pid ON participant_search(participant_id);
CREATE TABLE referrals (
  id {{ID}},
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  source TEXT NOT NULL CHECK (source IN ('nav','intro','self','other')),
  referred_on TEXT NOT NULL,
  referrer TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  planned_start TEXT,
  in_qualification BIGINT NOT NULL DEFAULT 0 CHECK (in_qualification IN (0,1)),
  in_introduction BIGINT NOT NULL DEFAULT 0 CHECK (in_introduction IN (0,1)),
  lawful_residence BIGINT NOT NULL DEFAULT 1 CHECK (lawful_residence IN (0,1)),
  priority BIGINT NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 9),
  state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new','ineligible','waiting', 'offered','accepted','declined','withdrawn')),
  offered_on TEXT,
  answer_by TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id)
);
CREATE INDEX referrals_queue ON referrals(state, priority, referred_on, id);
CREATE INDEX referrals_participant ON referrals(participant_id);
CREATE TABLE screening_results (
  id {{ID}},
  referral_id BIGINT NOT NULL REFERENCES referrals(id),
  rule TEXT NOT NULL CHECK (rule IN ('age','intro_ended','not_enrolled','lawful_residence')),
  pass BIGINT NOT NULL CHECK (pass IN (0,1)),
  reason TEXT NOT NULL DEFAULT '',
  overridden BIGINT NOT NULL DEFAULT 0 CHECK (overridden IN (0,1)),
  override_reason TEXT NOT NULL DEFAULT '',
  screened_at BIGINT NOT NULL,
  screened_by BIGINT REFERENCES users(id)
);
CREATE INDEX screening_results_referral ON screening_results(referral_id, id);
CREATE TABLE referral_events (
  id {{ID}},
  referral_id BIGINT NOT NULL REFERENCES referrals(id),
  at BIGINT NOT NULL,
  on_date TEXT NOT NULL,
  user_id BIGINT REFERENCES users(id),
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referral_events_referral ON referral_events(referral_id, at);
CREATE TABLE enrolments (
  id {{ID}},
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  referral_id BIGINT REFERENCES referrals(id),
  start_date TEXT NOT NULL,
  planned_end TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused','exited')),
  exit_date TEXT,
  exit_reason TEXT NOT NULL DEFAULT '',
  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('employed_full','employed_part', 'education','other_programme','moved','dropped_out','other')),
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id)
);
CREATE INDEX enrolments_participant ON enrolments(participant_id, start_date);
CREATE INDEX enrolments_planned_end ON enrolments(status, planned_end);
CREATE TABLE enrolment_extensions (
  id {{ID}},
  enrolment_id BIGINT NOT NULL REFERENCES enrolments(id),
  old_end TEXT NOT NULL,
  new_end TEXT NOT NULL,
  reason TEXT NOT NULL,
  at BIGINT NOT NULL,
  user_id BIGINT REFERENCES users(id)
);
CREATE INDEX enrolment_extensions_enrolment ON enrolment_extensions(enrolment_id);
CREATE TABLE enrolment_pauses (
  id {{ID}},
  enrolment_id BIGINT NOT NULL REFERENCES enrolments(id),
  from_date TEXT NOT NULL,
  to_date TEXT,
  reason TEXT NOT NULL,
  at BIGINT NOT NULL,
  user_id BIGINT REFERENCES users(id)
);
CREATE INDEX enrolment_pauses_enrolment ON enrolment_pauses(enrolment_id);
CREATE TABLE assignments (
  id {{ID}},
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  contact_id BIGINT NOT NULL REFERENCES users(id),
  from_at BIGINT NOT NULL,
  to_at BIGINT,
  assigned_by BIGINT REFERENCES users(id),
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assignments_participant ON assignments(participant_id, from_at);
CREATE INDEX assignments_contact ON assignments(contact_id, from_at);
CREATE TABLE work_plans (
  id {{ID}},
  enrolment_id BIGINT NOT NULL UNIQUE REFERENCES enrolments(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  wishes TEXT NOT NULL DEFAULT '',
  resources TEXT NOT NULL DEFAULT '',
  agreed_on TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by BIGINT REFERENCES users(id)
);
CREATE INDEX work_plans_participant ON work_plans(participant_id);
CREATE TABLE work_plan_versions (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES work_plans(id),
  version BIGINT NOT NULL,
  wishes TEXT NOT NULL,
  resources TEXT NOT NULL,
  agreed_on TEXT,
  saved_at BIGINT NOT NULL,
  saved_by BIGINT REFERENCES users(id),
  UNIQUE (plan_id, version)
);
CREATE TABLE plan_evaluations (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES work_plans(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  due_on TEXT NOT NULL,
  done_on TEXT,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_evaluations_plan ON plan_evaluations(plan_id, due_on);
CREATE INDEX plan_evaluations_participant ON plan_evaluations(participant_id, done_on, due_on);
CREATE TABLE goals (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES work_plans(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  category TEXT NOT NULL CHECK (category IN ('language','work','education','health','everyday')),
  title TEXT NOT NULL,
  target_date TEXT,
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','in_progress','achieved','dropped')),
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX goals_plan ON goals(plan_id, id);
CREATE INDEX goals_participant ON goals(participant_id, status, target_date);
CREATE TABLE goal_steps (
  id {{ID}},
  goal_id BIGINT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  ord BIGINT NOT NULL,
  description TEXT NOT NULL,
  due_on TEXT,
  done_on TEXT
);
CREATE INDEX goal_steps_goal ON goal_steps(goal_id, ord);
CREATE INDEX goal_steps_participant ON goal_steps(participant_id, done_on, due_on);
CREATE TABLE goal_history (
  id {{ID}},
  goal_id BIGINT NOT NULL REFERENCES goals(id),
  version BIGINT NOT NULL,
  category TEXT NOT NULL,
  title TEXT NOT NULL,
  target_date TEXT,
  status TEXT NOT NULL,
  steps TEXT NOT NULL DEFAULT '',
  changed_at BIGINT NOT NULL,
  changed_by BIGINT REFERENCES users(id)
);
CREATE INDEX goal_history_goal ON goal_history(goal_id, version);
CREATE TABLE meetings (
  id {{ID}},
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  held_on TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('in_person','phone','video','home_visit')),
  interpreter BIGINT NOT NULL DEFAULT 0 CHECK (interpreter IN (0,1)),
  minutes TEXT NOT NULL DEFAULT '',
  next_steps TEXT NOT NULL DEFAULT '',
  next_meeting TEXT,
  author_id BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX meetings_participant ON meetings(participant_id, held_on);
CREATE TABLE health_notes (
  id {{ID}},
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  written_on TEXT NOT NULL,
  body TEXT NOT NULL,
  author_id BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX health_notes_participant ON health_notes(participant_id, written_on);
CREATE TABLE tasks (
  id {{ID}},
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  enrolment_id BIGINT REFERENCES enrolments(id),
  kind TEXT NOT NULL CHECK (kind IN ('followup_6m','followup_12m')),
  due_on TEXT NOT NULL,
  assignee_id BIGINT REFERENCES users(id),
  done_on TEXT,
  done_by BIGINT REFERENCES users(id),
  result TEXT CHECK (result IS NULL OR result IN ('employed_full','employed_part', 'education','other_programme','moved','dropped_out','other','unknown')),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tasks_assignee ON tasks(assignee_id, done_on, due_on);
CREATE INDEX tasks_participant ON tasks(participant_id);
CREATE TABLE saved_filters (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (user_id, name)
);
