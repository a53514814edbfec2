-- search: byte order for folded names, indexes for paging and number lookups
ALTER TABLE participant_search ALTER COLUMN term TYPE TEXT COLLATE "C";
ALTER TABLE participants ALTER COLUMN name_key TYPE TEXT COLLATE "C";
DROP INDEX participants_name;
CREATE INDEX participants_name ON participants(name_key, id);
DROP INDEX participant_search_pid;
CREATE INDEX participant_search_pid ON participant_search(participant_id, term);
