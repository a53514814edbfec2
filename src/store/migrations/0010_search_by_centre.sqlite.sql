-- participants: the search index per centre; the literacy column named as its field
-- A search walks one prefix range of the index (decision 18); led by the
-- centre, that range holds only the centre's terms, so a search in one
-- centre of a national installation never reads another's. SQLite cannot
-- change a primary key: the table is made again, each term with its
-- participant's centre. The register's columns are its fields' keys
-- (domain/participant.h), so literate_mother_tongue becomes literate.
CREATE TABLE participant_search_by_centre (
  centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id),
  term TEXT NOT NULL,
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  PRIMARY KEY (centre_id, term, participant_id)
);
INSERT INTO participant_search_by_centre (centre_id, term, participant_id)
  SELECT p.centre_id, s.term, s.participant_id
  FROM participant_search s JOIN participants p ON p.id = s.participant_id;
DROP TABLE participant_search;
ALTER TABLE participant_search_by_centre RENAME TO participant_search;
CREATE INDEX participant_search_pid ON participant_search(participant_id, term);
ALTER TABLE participants RENAME COLUMN literate_mother_tongue TO literate;
