-- benefits: a later version of G or a parameter for the same date takes over
-- A G or a scheme's parameter entered wrongly could not be put right for
-- its date: G applies from 1 May, so any other date misses May and the
-- wrong value stayed in force. A change is still a new row, never an edit:
-- a date may now hold several versions, and the one in force is the latest
-- recorded (the highest id) of the latest valid_from on or before the day.
-- SQLite cannot drop a constraint: both tables are made again, G with an
-- id of its own (its versions numbered in the order of their dates).
CREATE TABLE benefit_parameters_versions (
  id {{ID}},
  scheme_id BIGINT NOT NULL REFERENCES benefit_schemes(id),
  name TEXT NOT NULL CHECK (name IN ('month_amount_ore','child_rate_ore','recovery_percent')),
  value BIGINT NOT NULL,
  valid_from TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id)
);
INSERT INTO benefit_parameters_versions (id, scheme_id, name, value, valid_from, created_at, created_by)
  SELECT id, scheme_id, name, value, valid_from, created_at, created_by FROM benefit_parameters ORDER BY id;
DROP TABLE benefit_parameters;
ALTER TABLE benefit_parameters_versions RENAME TO benefit_parameters;
CREATE INDEX benefit_parameters_in_force ON benefit_parameters(scheme_id, name, valid_from, id);
CREATE TABLE benefit_g_versions (
  id {{ID}},
  valid_from TEXT NOT NULL,
  g_kr BIGINT NOT NULL CHECK (g_kr > 0),
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id)
);
INSERT INTO benefit_g_versions (valid_from, g_kr, created_at, created_by)
  SELECT valid_from, g_kr, created_at, created_by FROM benefit_g ORDER BY valid_from;
DROP TABLE benefit_g;
ALTER TABLE benefit_g_versions RENAME TO benefit_g;
CREATE INDEX benefit_g_in_force ON benefit_g(valid_from, id);
