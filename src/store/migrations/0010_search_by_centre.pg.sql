-- participants: the search index per centre; the literacy column named as its field
-- A search walks one prefix range of the index (decision 18); led by the
-- centre, that range holds only the centre's terms, so a search in one
-- centre of a national installation never reads another's. The register's
-- columns are its fields' keys (domain/participant.h), so
-- literate_mother_tongue becomes literate.
ALTER TABLE participant_search ADD COLUMN centre_id BIGINT NOT NULL DEFAULT 1 REFERENCES centres(id);
UPDATE participant_search s SET centre_id = p.centre_id
  FROM participants p WHERE p.id = s.participant_id AND p.centre_id <> 1;
ALTER TABLE participant_search DROP CONSTRAINT participant_search_pkey;
ALTER TABLE participant_search ADD PRIMARY KEY (centre_id, term, participant_id);
ALTER TABLE participants RENAME COLUMN literate_mother_tongue TO literate;
