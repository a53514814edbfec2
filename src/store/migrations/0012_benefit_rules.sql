-- benefits: schemes with dated parameters, G, kinds of other income, tax tables
-- A scheme's parameter changes by a new row with the date it applies from,
-- never by an edit; the values in force on a day are those of the latest
-- valid_from on or before it (issue 11, section 1). The kinds of other
-- income are a dated list: each version restates the whole list. G is the
-- national series. Tax tables are the monthly withholding tables of a
-- year, imported as CSV (both bounds inclusive, whole kroner).
CREATE TABLE benefit_schemes (
  id {{ID}},
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  rule TEXT NOT NULL CHECK (rule IN ('bergen','kvp')),
  created_at BIGINT NOT NULL
);
CREATE TABLE benefit_parameters (
  id {{ID}},
  scheme_id BIGINT NOT NULL REFERENCES benefit_schemes(id),
  name TEXT NOT NULL CHECK (name IN ('month_amount_ore','child_rate_ore','recovery_percent')),
  value BIGINT NOT NULL,
  valid_from TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  UNIQUE (scheme_id, name, valid_from)
);
CREATE TABLE benefit_income_kinds (
  id {{ID}},
  scheme_id BIGINT NOT NULL REFERENCES benefit_schemes(id),
  valid_from TEXT NOT NULL,
  kind TEXT NOT NULL,
  reduces BIGINT NOT NULL CHECK (reduces IN (0,1)),
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  UNIQUE (scheme_id, valid_from, kind)
);
CREATE TABLE benefit_g (
  valid_from TEXT PRIMARY KEY,
  g_kr BIGINT NOT NULL CHECK (g_kr > 0),
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id)
);
CREATE TABLE tax_table_rows (
  year BIGINT NOT NULL,
  table_no TEXT NOT NULL,
  from_kr BIGINT NOT NULL,
  to_kr BIGINT NOT NULL,
  withholding_kr BIGINT NOT NULL,
  PRIMARY KEY (year, table_no, from_kr)
);
INSERT INTO benefit_schemes (key, name, rule, created_at) VALUES
  ('bergen', 'Bergen: Second chance', 'bergen', 0),
  ('kvp', 'Qualification programme (kvalifiseringsprogrammet)', 'kvp', 0);
INSERT INTO benefit_parameters (scheme_id, name, value, valid_from, created_at)
  SELECT id, 'month_amount_ore', 1500000, '2000-01-01', 0 FROM benefit_schemes WHERE key = 'bergen';
INSERT INTO benefit_parameters (scheme_id, name, value, valid_from, created_at)
  SELECT id, 'child_rate_ore', 2700, '2000-01-01', 0 FROM benefit_schemes;
INSERT INTO benefit_parameters (scheme_id, name, value, valid_from, created_at)
  SELECT id, 'recovery_percent', 50, '2000-01-01', 0 FROM benefit_schemes;
INSERT INTO benefit_income_kinds (scheme_id, valid_from, kind, reduces, created_at)
  SELECT s.id, '2000-01-01', k.kind, k.reduces, 0 FROM benefit_schemes s CROSS JOIN (
    SELECT 'dagpenger' AS kind, 1 AS reduces UNION ALL SELECT 'sykepenger', 1
    UNION ALL SELECT 'foreldrepenger', 1 UNION ALL SELECT 'aap', 1
    UNION ALL SELECT 'laerlingelonn', 1 UNION ALL SELECT 'bostotte', 0
    UNION ALL SELECT 'barnetrygd', 0 UNION ALL SELECT 'kontantstotte', 0
    UNION ALL SELECT 'barnebidrag', 0) k;
INSERT INTO benefit_g (valid_from, g_kr, created_at) VALUES
  ('2023-05-01', 118620, 0), ('2024-05-01', 124028, 0), ('2025-05-01', 130160, 0),
  ('2026-05-01', 136549, 0);
