-- a job's end and an employer contact no longer there (decision 73)
-- A job ended (app_job_end) keeps its last day in ends_on and why here:
-- resigned, contract_ended, dismissed or other (with a note). NULL for a job
-- that runs on, or a temporary job that runs to the last day it was given.
ALTER TABLE employments ADD COLUMN end_reason TEXT
  CHECK (end_reason IN ('resigned','contract_ended','dismissed','other'));
ALTER TABLE employments ADD COLUMN end_note TEXT;
-- A contact named as workplace supervisor on placements that are over is
-- not deleted (the placements and their printed agreements name them): it
-- is marked no longer a contact at ended_at, and is neither listed nor
-- chosen again. A contact no placement names is deleted.
ALTER TABLE employer_contacts ADD COLUMN ended_at BIGINT;
