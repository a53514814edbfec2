-- audit log: refuse TRUNCATE on PostgreSQL
SELECT 1;
