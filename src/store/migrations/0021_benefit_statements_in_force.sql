-- benefit run reads: the look-back and the facts from indexes
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
-- The facts a run reads of every period of the centre overlapping the month
-- (store_benefit_facts: the period, its pauses, the participant's children,
-- and the periods changed since an account's facts were read), from the
-- index alone and in participant order: no row of the periods read, no sort,
-- the participants' rows in order.
CREATE INDEX enrolments_benefit_facts ON enrolments(centre_id, participant_id, start_date, id, exit_date, planned_end, scheme, updated_at);
