-- benefit statements in force: the run's look-back reads few rows
-- The monthly run's look-back (decision 53) compares, for each approved
-- month, the work income and the other income of the versions in force
-- (the latest statement of an approved run for a participant's month) with
-- today's. Those with work, and the items of other income, are few: these
-- indexes find them, and each is checked to be the version in force in the
-- few rows of its participant's month (benefit_statements_participant),
-- instead of searching every statement of the centre for a later version
-- (decision 67).
CREATE INDEX benefit_statements_work ON benefit_statements(centre_id, month, participant_id) WHERE has_work = 1;
CREATE INDEX benefit_statement_items_code ON benefit_statement_items(centre_id, code, statement_id);
