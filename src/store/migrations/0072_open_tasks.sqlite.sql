-- The leader's list of follow-ups registered late (/followups/late, docs/DECISIONS.md 137)
-- has an index of its own on PostgreSQL (tasks_open_due), whose planner
-- misjudged how many open tasks are late. SQLite already reads that list in
-- its order from tasks_centre_due (centre_id, done_on, due_on; done_on IS
-- NULL is an equality there, and the rowid orders a day): nothing to add.
SELECT 1;
