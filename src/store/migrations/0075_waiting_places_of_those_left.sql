-- the waiting places of those who have left the programme
-- A place in a group is not for someone who has left (status exited or
-- closed, decision 151): the exit and a closed referral now take them off
-- the waiting lists in their transaction. Places left on the lists before
-- (an exit before decision 143, a referral closed before this one) are
-- given up here, as the exit gives one up ('removed'), so that no list
-- shows them, counts them or offers them. Their changed_at and changed_by
-- are kept: no one removed them, and no audit entry is made.
UPDATE group_enrolments SET status = 'removed'
 WHERE status = 'waiting'
   AND participant_id IN (SELECT p.id FROM participants p WHERE p.status IN ('exited', 'closed'));
