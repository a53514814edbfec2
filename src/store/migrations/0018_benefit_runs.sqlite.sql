-- benefits: runs, statements with their inputs, corrections, other income, settings
-- Decision 52. A run belongs to a centre and a month; one run a month is
-- open or approved. A statement keeps the inputs the rules used and what
-- they made; corrections are statements too (kind 'recomputed'). Nothing
-- updates a statement or its items, and once the run is approved nothing
-- deletes them (the triggers at the end). benefit_accounts keeps per
-- participant what the next run needs (the overpayment outstanding, when
-- the facts were read, the last month paid). A period's scheme is on the
-- period (NULL: the centre's default, benefit_settings).
ALTER TABLE enrolments ADD COLUMN scheme TEXT CHECK (scheme IS NULL OR scheme IN ('bergen','kvp'));
CREATE TABLE benefit_settings (
  centre_id BIGINT PRIMARY KEY REFERENCES centres(id),
  default_scheme TEXT NOT NULL DEFAULT 'bergen' CHECK (default_scheme IN ('bergen','kvp')),
  debtor_name TEXT NOT NULL DEFAULT '',
  debtor_account TEXT NOT NULL DEFAULT '',
  execution_day BIGINT NOT NULL DEFAULT 20 CHECK (execution_day BETWEEN 1 AND 28),
  version BIGINT NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL,
  updated_by BIGINT REFERENCES users(id)
);
CREATE TABLE benefit_runs (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  month TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','approved','discarded')),
  run_by BIGINT REFERENCES users(id),
  run_at BIGINT NOT NULL,
  approved_by BIGINT REFERENCES users(id),
  approved_at BIGINT,
  discarded_by BIGINT REFERENCES users(id),
  discarded_at BIGINT,
  statements BIGINT NOT NULL DEFAULT 0,
  gross_ore BIGINT NOT NULL DEFAULT 0,
  tax_ore BIGINT NOT NULL DEFAULT 0,
  recovery_ore BIGINT NOT NULL DEFAULT 0,
  net_ore BIGINT NOT NULL DEFAULT 0,
  backpay_ore BIGINT NOT NULL DEFAULT 0,
  claims_ore BIGINT NOT NULL DEFAULT 0,
  warnings BIGINT NOT NULL DEFAULT 0,
  payable BIGINT NOT NULL DEFAULT 0,
  downloaded_at BIGINT,
  downloads BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX benefit_runs_month ON benefit_runs(centre_id, month) WHERE state <> 'discarded';
CREATE INDEX benefit_runs_centre ON benefit_runs(centre_id, month, id);
CREATE TABLE benefit_run_params (
  run_id BIGINT NOT NULL REFERENCES benefit_runs(id),
  scheme TEXT NOT NULL CHECK (scheme IN ('bergen','kvp')),
  month_amount_ore BIGINT NOT NULL,
  g_ore BIGINT NOT NULL,
  child_rate_ore BIGINT NOT NULL,
  recovery_percent BIGINT NOT NULL,
  reducing TEXT NOT NULL,
  recorded TEXT NOT NULL,
  PRIMARY KEY (run_id, scheme)
);
CREATE TABLE benefit_run_sources (
  run_id BIGINT NOT NULL REFERENCES benefit_runs(id),
  kind TEXT NOT NULL CHECK (kind IN ('attendance','facts')),
  source_id BIGINT NOT NULL,
  PRIMARY KEY (run_id, kind, source_id)
);
CREATE TABLE benefit_statements (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  run_id BIGINT NOT NULL REFERENCES benefit_runs(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  enrolment_id BIGINT REFERENCES enrolments(id),
  kind TEXT NOT NULL CHECK (kind IN ('month','recomputed')),
  month TEXT NOT NULL,
  corrects_id BIGINT REFERENCES benefit_statements(id),
  scheme TEXT NOT NULL CHECK (scheme IN ('bergen','kvp')),
  birth_date TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT,
  pauses TEXT NOT NULL DEFAULT '',
  children TEXT NOT NULL DEFAULT '',
  unexcused_minutes BIGINT NOT NULL,
  has_work BIGINT NOT NULL CHECK (has_work IN (0,1)),
  work_gross_ore BIGINT NOT NULL,
  work_hours_centi BIGINT NOT NULL,
  tax_kind TEXT NOT NULL CHECK (tax_kind IN ('none','percent','table')),
  tax_percent BIGINT,
  tax_table TEXT NOT NULL DEFAULT '',
  month_amount_ore BIGINT NOT NULL,
  g_ore BIGINT NOT NULL,
  child_rate_ore BIGINT NOT NULL,
  recovery_percent BIGINT NOT NULL,
  reducing TEXT NOT NULL DEFAULT '',
  recorded TEXT NOT NULL DEFAULT '',
  outstanding_ore BIGINT NOT NULL,
  days BIGINT NOT NULL,
  weekdays BIGINT NOT NULL,
  days_mask BIGINT NOT NULL,
  child_days BIGINT NOT NULL,
  day_rate_ore BIGINT NOT NULL,
  hour_rate_ore BIGINT NOT NULL,
  base_ore BIGINT NOT NULL,
  child_ore BIGINT NOT NULL,
  absence_ore BIGINT NOT NULL,
  work_ore BIGINT NOT NULL,
  other_ore BIGINT NOT NULL,
  limited_ore BIGINT NOT NULL,
  backpay_ore BIGINT NOT NULL,
  gross_ore BIGINT NOT NULL,
  tax_ore BIGINT NOT NULL,
  claims_ore BIGINT NOT NULL,
  recovery_ore BIGINT NOT NULL,
  net_ore BIGINT NOT NULL,
  outstanding_after_ore BIGINT NOT NULL,
  warnings BIGINT NOT NULL,
  change_ore BIGINT NOT NULL,
  bank_account TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX benefit_statements_run ON benefit_statements(run_id, kind, participant_id);
CREATE INDEX benefit_statements_participant ON benefit_statements(centre_id, participant_id, month, id);
CREATE TABLE benefit_statement_items (
  statement_id BIGINT NOT NULL REFERENCES benefit_statements(id),
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  ord BIGINT NOT NULL,
  code TEXT NOT NULL CHECK (code IN ('other_income','correction','claim')),
  kind TEXT,
  ref_month TEXT,
  ref_statement_id BIGINT REFERENCES benefit_statements(id),
  causes TEXT,
  amount_ore BIGINT NOT NULL,
  income_ore BIGINT,
  PRIMARY KEY (statement_id, ord)
);
CREATE TABLE benefit_accounts (
  participant_id BIGINT PRIMARY KEY REFERENCES participants(id),
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  outstanding_ore BIGINT NOT NULL DEFAULT 0,
  facts_at BIGINT NOT NULL,
  last_month TEXT NOT NULL,
  last_net_ore BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
CREATE INDEX benefit_accounts_centre ON benefit_accounts(centre_id, participant_id);
CREATE TABLE benefit_income (
  id {{ID}},
  centre_id BIGINT NOT NULL REFERENCES centres(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  kind TEXT NOT NULL,
  month_from TEXT NOT NULL,
  month_to TEXT NOT NULL,
  amount_ore BIGINT NOT NULL CHECK (amount_ore > 0),
  note TEXT,
  reported_at BIGINT NOT NULL,
  reported_by BIGINT REFERENCES users(id),
  withdrawn_at BIGINT,
  withdrawn_by BIGINT REFERENCES users(id)
);
CREATE INDEX benefit_income_participant ON benefit_income(centre_id, participant_id, month_from);
CREATE INDEX benefit_income_months ON benefit_income(centre_id, month_to, month_from);
CREATE TRIGGER benefit_statements_no_update BEFORE UPDATE ON benefit_statements
  BEGIN SELECT RAISE(ABORT, 'benefit statements are never edited'); END;
CREATE TRIGGER benefit_statements_no_delete BEFORE DELETE ON benefit_statements
  WHEN (SELECT state FROM benefit_runs WHERE id = OLD.run_id) = 'approved'
  BEGIN SELECT RAISE(ABORT, 'approved benefit statements are never deleted'); END;
CREATE TRIGGER benefit_items_no_update BEFORE UPDATE ON benefit_statement_items
  BEGIN SELECT RAISE(ABORT, 'benefit statements are never edited'); END;
CREATE TRIGGER benefit_items_no_delete BEFORE DELETE ON benefit_statement_items
  WHEN (SELECT r.state FROM benefit_statements s JOIN benefit_runs r ON r.id = s.run_id WHERE s.id = OLD.statement_id) = 'approved'
  BEGIN SELECT RAISE(ABORT, 'approved benefit statements are never deleted'); END;
CREATE TRIGGER benefit_runs_stay_approved BEFORE UPDATE OF state, month, centre_id, run_by, approved_by, approved_at ON benefit_runs
  WHEN OLD.state = 'approved'
  BEGIN SELECT RAISE(ABORT, 'an approved run stays as it was approved'); END;
CREATE TRIGGER benefit_runs_no_delete BEFORE DELETE ON benefit_runs
  BEGIN SELECT RAISE(ABORT, 'benefit runs are never deleted'); END;
