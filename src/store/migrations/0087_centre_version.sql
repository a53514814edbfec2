-- centres: a centre's name is changed version-checked (decision 196)
-- The administrator renames a centre at /admin/centres/:id (decision 195).
-- Two administrators renaming the same centre at once: the second save is
-- refused with the name the first gave, not written over it.
ALTER TABLE centres ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
