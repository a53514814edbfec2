-- Every record names its centre: the DEFAULT 1 that carried existing rows into
-- centres (migration 9) is dropped, so an insert that forgets centre_id fails.
-- SQLite cannot drop a column default without rebuilding each table; there the
-- default stays, and the PostgreSQL runs of the store and HTTP suites catch an
-- insert that forgets it (ARCHITECTURE.md, "Centres").
ALTER TABLE participants ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE participant_changes ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE referrals ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE screening_results ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE referral_events ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE enrolments ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE enrolment_extensions ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE enrolment_pauses ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE assignments ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE work_plans ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE work_plan_versions ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE plan_evaluations ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE goals ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE goal_steps ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE goal_history ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE meetings ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE health_notes ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE health_referrals ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE tasks ALTER COLUMN centre_id DROP DEFAULT;
ALTER TABLE language_assessments ALTER COLUMN centre_id DROP DEFAULT;
