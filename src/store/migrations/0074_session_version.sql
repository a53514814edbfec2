-- a session moved or cancelled at the version read
-- A session's move and its cancellation carry the version of the session
-- the form (or the API's reader) was given; a save from an older version is
-- refused (409) and changes nothing, as the other edits are. The version
-- counts the changes of the session's day, times and status: a move, a
-- cancellation, a closure that cancels it, passes it on or plans it again.
-- Marks do not change it (a session with marks is neither moved nor
-- cancelled). Sessions there are start at 1.
ALTER TABLE activity_sessions ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
