-- late and left early on one mark; a correction keeps the mark before and after
-- A participant who came late and also left early has one mark: 'late'
-- with the minutes late and early_minutes those left early (NULL: none),
-- both counted as minutes missed.
ALTER TABLE attendance ADD COLUMN early_minutes BIGINT;
-- A correction of a register keeps the mark as it was and as it became
-- (mark 'none': not marked). NULL before_mark: recorded before this
-- migration, the mark before unknown; the list shows the mark now.
ALTER TABLE attendance_corrections ADD COLUMN before_mark TEXT;
ALTER TABLE attendance_corrections ADD COLUMN before_minutes BIGINT;
ALTER TABLE attendance_corrections ADD COLUMN before_early BIGINT;
ALTER TABLE attendance_corrections ADD COLUMN before_absence TEXT;
ALTER TABLE attendance_corrections ADD COLUMN before_reason TEXT;
ALTER TABLE attendance_corrections ADD COLUMN after_mark TEXT;
ALTER TABLE attendance_corrections ADD COLUMN after_minutes BIGINT;
ALTER TABLE attendance_corrections ADD COLUMN after_early BIGINT;
ALTER TABLE attendance_corrections ADD COLUMN after_absence TEXT;
ALTER TABLE attendance_corrections ADD COLUMN after_reason TEXT;
