-- Every record names its centre. SQLite cannot drop the DEFAULT 1 of migration 9
-- without rebuilding each table; the PostgreSQL runs of the store and HTTP suites
-- catch an insert that forgets centre_id (see 0013_centre_required.pg.sql).
SELECT 1;
