-- caseloads: a span counts under the contact person of its assignment, not today's
-- (docs/DECISIONS.md 177.) Caseloads over time read caseload_spans
-- (migration 31) under a contact person, and each span took the
-- participant's contact person of today: a participant moved to another in
-- June counted under the new one for every month before too. The history
-- was kept all along: assignments holds each contact person's period
-- (from_at .. to_at), written with every change of contact person in the
-- same transaction (store_caseload_move()). caseload_assigned now carries
-- the assignment's contact person, the spans take it, and the spans kept
-- are put right from the assignments (one pass in order, as migration 31
-- made them; each span lies in one disjoint assignment).
DROP VIEW caseload_spans_source;
DROP VIEW caseload_assigned;
CREATE VIEW caseload_assigned AS
SELECT centre_id, participant_id,
  CASE WHEN prev_to > from_date THEN prev_to ELSE from_date END AS from_date, to_date, contact_id
FROM (SELECT a.centre_id AS centre_id, a.participant_id AS participant_id, a.contact_id AS contact_id,
    date(a.from_at, 'unixepoch') AS from_date, COALESCE(date(a.to_at, 'unixepoch'), '9999-12-31') AS to_date,
    (SELECT MAX(COALESCE(date(b.to_at, 'unixepoch'), '9999-12-31')) FROM assignments b
      WHERE b.participant_id = a.participant_id AND b.centre_id = a.centre_id
      AND (b.from_at < a.from_at OR (b.from_at = a.from_at AND b.id < a.id))) AS prev_to
  FROM assignments a) w
WHERE from_date < to_date AND (prev_to IS NULL OR prev_to < to_date);
CREATE VIEW caseload_spans_source AS
SELECT e.centre_id AS centre_id, e.id AS enrolment_id, e.participant_id AS participant_id,
  a.contact_id AS contact_id, p.gender AS gender, p.country_of_birth AS country,
  p.birth_date AS birth_date, p.schooling_years AS schooling, e.start_date AS start_date,
  CAST(substr(e.start_date, 1, 4) AS BIGINT) AS start_year,
  CASE WHEN a.from_date > e.start_date THEN a.from_date ELSE e.start_date END AS from_date,
  CASE WHEN a.to_date < COALESCE(e.exit_date, '9999-12-31') THEN a.to_date ELSE COALESCE(e.exit_date, '9999-12-31') END
    AS to_date,
  CASE WHEN e.start_date < p.birth_date THEN -1
    ELSE CAST(substr(e.start_date, 1, 4) AS BIGINT) - CAST(substr(p.birth_date, 1, 4) AS BIGINT)
      - CASE WHEN substr(e.start_date, 6, 5) < substr(p.birth_date, 6, 5) THEN 1 ELSE 0 END END AS age
FROM enrolments e JOIN participants p ON p.id = e.participant_id AND p.centre_id = e.centre_id
JOIN caseload_assigned a ON a.participant_id = e.participant_id AND a.centre_id = e.centre_id
WHERE a.from_date < COALESCE(e.exit_date, '9999-12-31') AND e.start_date < a.to_date
  AND e.start_date < COALESCE(e.exit_date, '9999-12-31');
-- only the spans whose contact person differs change (the months keep no
-- contact person: their triggers take each out and put it back the same).
-- Each assignment finds its participant's spans by the participant: left
-- to itself, SQLite took the centre's spans by date, every later span of
-- the centre for each assignment, and a centre of a million did not finish
-- in 40 minutes.
UPDATE caseload_spans INDEXED BY caseload_spans_participant SET contact_id = a.contact_id
FROM (SELECT centre_id, participant_id, contact_id,
    CASE WHEN prev_to > from_date THEN prev_to ELSE from_date END AS from_date, to_date
  FROM (SELECT centre_id, participant_id, contact_id, date(from_at, 'unixepoch') AS from_date,
      COALESCE(date(to_at, 'unixepoch'), '9999-12-31') AS to_date,
      MAX(COALESCE(date(to_at, 'unixepoch'), '9999-12-31')) OVER (PARTITION BY centre_id, participant_id
        ORDER BY from_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_to
    FROM assignments) w
  WHERE from_date < to_date AND (prev_to IS NULL OR prev_to < to_date)) a
WHERE a.participant_id = caseload_spans.participant_id AND a.centre_id = caseload_spans.centre_id
  AND a.from_date <= caseload_spans.from_date AND caseload_spans.from_date < a.to_date
  AND a.contact_id <> caseload_spans.contact_id;
