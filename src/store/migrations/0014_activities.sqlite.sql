-- activities: the catalogue, groups, sessions, enrolment, the register, Norwegian assessments
-- Decision 35. The eight activity types of the programme are the product's (no
-- centre); a centre adds its own. A group meets by its weekly slots; its
-- sessions are rows, each keeping how many are enrolled on its date
-- (expected) and how many marks it has (marks), so an unmarked register is
-- found by a partial index. The register (attendance) is one narrow row per
-- session and participant with its primary key and no other index
-- (decision 36): a participant's marks are reached through their
-- enrolments and the groups' sessions. absence_streaks is the fact Today
-- reads, kept by the register's transaction. Self-certification rules are
-- dated parameters. Assessments of Norwegian gain their assessor, method
-- and group.
CREATE TABLE activity_types (
  id {{ID}},
  centre_id BIGINT REFERENCES centres(id),
  key TEXT UNIQUE,
  name TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('language','work','vocational','thematic','health','self_motivation')),
  description TEXT,
  health_only BIGINT NOT NULL DEFAULT 0 CHECK (health_only IN (0,1)),
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  CHECK ((key IS NULL) = (centre_id IS NOT NULL)),
  CHECK (key IS NOT NULL OR name IS NOT NULL)
);
CREATE INDEX activity_types_centre ON activity_types(centre_id);
INSERT INTO activity_types (key, kind, health_only, created_at, updated_at) VALUES
  ('norwegian', 'language', 0, 0, 0), ('conversation', 'language', 0, 0, 0),
  ('job_club', 'work', 0, 0, 0), ('vocational', 'vocational', 0, 0, 0),
  ('thematic', 'thematic', 0, 0, 0), ('health_group', 'health', 1, 0, 0),
  ('cook_dialogue', 'vocational', 0, 0, 0), ('of_course_i_can', 'self_motivation', 0, 0, 0);
CREATE TABLE activity_groups (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  activity_type_id BIGINT NOT NULL REFERENCES activity_types(id),
  name TEXT NOT NULL,
  room TEXT,
  capacity BIGINT NOT NULL CHECK (capacity > 0),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  language TEXT,
  level TEXT CHECK (level IS NULL OR level IN ('A1','A2','B1','B2','C1')),
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id)
);
CREATE INDEX activity_groups_centre ON activity_groups(centre_id, ends_on);
CREATE TABLE group_teachers (
  group_id BIGINT NOT NULL REFERENCES activity_groups(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_teachers_user ON group_teachers(user_id, group_id);
CREATE TABLE group_slots (
  group_id BIGINT NOT NULL REFERENCES activity_groups(id),
  weekday BIGINT NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_min BIGINT NOT NULL,
  end_min BIGINT NOT NULL,
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  PRIMARY KEY (group_id, weekday, start_min),
  CHECK (start_min < end_min)
);
CREATE TABLE closures (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  name TEXT NOT NULL,
  from_on TEXT NOT NULL,
  to_on TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  CHECK (from_on <= to_on)
);
CREATE INDEX closures_centre ON closures(centre_id, to_on);
CREATE TABLE activity_sessions (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  group_id BIGINT NOT NULL REFERENCES activity_groups(id),
  on_date TEXT NOT NULL,
  start_min BIGINT NOT NULL,
  end_min BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','cancelled')),
  cancel_reason TEXT,
  extra BIGINT NOT NULL DEFAULT 0 CHECK (extra IN (0,1)),
  moved_from TEXT,
  closure_id BIGINT REFERENCES closures(id),
  expected BIGINT NOT NULL DEFAULT 0,
  marks BIGINT NOT NULL DEFAULT 0,
  marked_at BIGINT,
  marked_by BIGINT REFERENCES users(id),
  CHECK (start_min < end_min)
);
CREATE INDEX activity_sessions_group ON activity_sessions(group_id, on_date, start_min);
CREATE INDEX activity_sessions_centre ON activity_sessions(centre_id, on_date);
CREATE INDEX activity_sessions_open ON activity_sessions(centre_id, on_date)
  WHERE status = 'planned' AND marks < expected;
CREATE TABLE group_enrolments (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  group_id BIGINT NOT NULL REFERENCES activity_groups(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  status TEXT NOT NULL CHECK (status IN ('enrolled','waiting','removed')),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  goal_id BIGINT REFERENCES goals(id),
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  changed_at BIGINT,
  changed_by BIGINT REFERENCES users(id),
  CHECK (starts_on <= ends_on)
);
CREATE INDEX group_enrolments_participant ON group_enrolments(participant_id, status);
CREATE INDEX group_enrolments_group ON group_enrolments(group_id, status, starts_on);
CREATE TABLE attendance (
  session_id BIGINT NOT NULL REFERENCES activity_sessions(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  mark TEXT NOT NULL CHECK (mark IN ('present','late','left_early','absent')),
  minutes BIGINT,
  absence TEXT CHECK (absence IS NULL OR absence IN ('sick_self','sick_doctor','leave','unexcused')),
  reason TEXT,
  doctor_note BIGINT NOT NULL DEFAULT 0 CHECK (doctor_note IN (0,1)),
  beyond BIGINT NOT NULL DEFAULT 0 CHECK (beyond IN (0,1)),
  PRIMARY KEY (session_id, participant_id)
) WITHOUT ROWID;
CREATE TABLE attendance_corrections (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  session_id BIGINT NOT NULL REFERENCES activity_sessions(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  session_date TEXT NOT NULL,
  at BIGINT NOT NULL,
  by_user BIGINT REFERENCES users(id),
  reason TEXT NOT NULL,
  handled_run BIGINT
);
CREATE INDEX attendance_corrections_open ON attendance_corrections(centre_id, handled_run, id);
CREATE TABLE absence_streaks (
  participant_id BIGINT PRIMARY KEY REFERENCES participants(id),
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  days BIGINT NOT NULL,
  since TEXT,
  last_day TEXT NOT NULL,
  last_unexcused BIGINT NOT NULL DEFAULT 0 CHECK (last_unexcused IN (0,1))
);
CREATE TABLE self_cert_rules (
  valid_from TEXT PRIMARY KEY,
  max_days BIGINT NOT NULL CHECK (max_days BETWEEN 1 AND 30),
  max_periods BIGINT NOT NULL CHECK (max_periods BETWEEN 1 AND 52),
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id)
);
INSERT INTO self_cert_rules (valid_from, max_days, max_periods, created_at) VALUES ('2000-01-01', 3, 4, 0);
ALTER TABLE language_assessments ADD COLUMN assessor_id BIGINT REFERENCES users(id);
ALTER TABLE language_assessments ADD COLUMN method TEXT;
ALTER TABLE language_assessments ADD COLUMN group_id BIGINT REFERENCES activity_groups(id);
