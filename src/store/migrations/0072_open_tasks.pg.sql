-- The leader's list of follow-ups registered late (/followups/late, docs/DECISIONS.md 137):
-- the open tasks of the centre due before a day, in the order of their due
-- day and id, as far as a page goes. PostgreSQL estimated 197,072 such tasks
-- where the million has 11,497 (open tasks are mostly due later: done_on and
-- due_on are not independent), so it read and sorted them all (0.4-0.7 s);
-- with the open tasks alone in their order a page is its first rows.
CREATE INDEX tasks_open_due ON tasks(centre_id, due_on, id) WHERE done_on IS NULL;
