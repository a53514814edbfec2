-- Two pages that read a whole centre at a million participants (docs/DECISIONS.md 133).
-- The placements' list, newest start first (a placement not yet dated
-- first), read in its order as far as a page goes: it joined and sorted
-- every placement of the centre for each page. The id orders a day's
-- placements (SQLite's index holds the rowid).
CREATE INDEX placements_list ON placements(centre_id, (COALESCE(starts_on, '9999-12-31')), id);
-- The sessions a closure cancelled, counted on the closures' page: it read
-- every session of the centre for each closure. Partial: sessions outside
-- a closure (nearly all) are not in it.
CREATE INDEX activity_sessions_closure ON activity_sessions(closure_id) WHERE closure_id IS NOT NULL;
