/*
 * store_employer.h — the employer register (tables industries, employers,
 * employer_search, employer_contacts, agreements, agreement_employers,
 * conversion_by_industry, and the change log internship_changes of the
 * internships area), described by domain/employer.h's fields. Included by
 * store.h.
 *
 * Every function takes the centre and every statement names it: an
 * employer, contact or agreement of another centre is "not found", never
 * listed, never changed. The industries are the installation's (SN2007).
 */
#ifndef SC_STORE_EMPLOYER_H
#define SC_STORE_EMPLOYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/employer.h"

struct arena;
struct db;
struct search_query;

/* ---- industries ---- */

/* Every SN2007 section and division, each section followed by its
 * divisions (109 rows). */
int store_industries(struct db *db, struct arena *a, struct industry **items, size_t *n);
/* Whether code is a seeded division. */
int store_industry_is_division(struct db *db, const char *code, bool *known);

/* ---- employers ---- */

/* Writes e (its declared columns; name_key and the search terms from its
 * name and organisation number) as a new employer of the centre at version
 * 1, with its first line in the change log. SC_ECONFLICT when the
 * organisation number is another employer's in the centre. Run inside a
 * write transaction. */
int store_employer_create(struct db *db, int64_t centre, struct employer *e, int64_t by, int64_t now,
			  int64_t *id);

/* The employer of the centre with this organisation number, other than
 * exclude_id (0 = none): *id, or 0 when none. */
int store_employer_by_orgnr(struct db *db, int64_t centre, const char *orgnr, int64_t exclude_id, int64_t *id);

/* One employer of the centre with its industry's names and section,
 * whether a pool agreement current on today covers it, and its counts.
 * SC_ENOTFOUND when missing or of another centre. */
int store_employer_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct date today,
		       struct employer *out);

/*
 * Saves after over employer id of the centre when its version is still
 * expected_version (bumping it): the columns, the search terms, the line
 * of the change log (changes[0..nchanges), keys the changed keys); when the
 * industry changed, the employer's conversion counts move to the new
 * industry's. before is the stored record (read in this transaction).
 * SC_ECONFLICT when the version moved or the new organisation number is
 * another employer's; SC_ENOTFOUND when missing. Run inside a write
 * transaction.
 */
int store_employer_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
			  const struct employer *before, struct employer *after, const struct field_change *changes,
			  size_t nchanges, const char *keys, int64_t by, int64_t now);

/* Totals of a list are counted up to this. */
#define EMPLOYER_COUNT_CAP 1000

/* A page of the centre's employers (limit 1..200, else 50): matching q
 * (search_query_parse: the first word as a prefix of a name word or of
 * the organisation number, the others each a prefix of another term), or
 * all in name order when q is NULL. *total counts up to EMPLOYER_COUNT_CAP
 * (then *capped). Each item has the fields of a list (no notes), in_pool
 * on today. */
int store_employers(struct db *db, struct arena *a, int64_t centre, const struct search_query *q, struct date today,
		    int64_t limit, int64_t offset, struct employer **items, size_t *n, int64_t *total, bool *capped);

/* How many employers the centre has, counted up to cap (from the index
 * alone: a caller that only needs to know whether there are more than
 * a list can show). */
int store_employer_count(struct db *db, int64_t centre, int64_t cap, int64_t *n);

/* Employers of the centre to choose from, by name (id and name only), at
 * most limit (1..2000). */
int store_employer_choices(struct db *db, struct arena *a, int64_t centre, int64_t limit, struct employer **items,
			   size_t *n);

/* Adds to an employer's counts of concluded placements and hires, and to
 * its industry's in conversion_by_industry (made when missing). Run inside
 * the transaction of the result. */
int store_employer_count_result(struct db *db, int64_t centre, int64_t employer_id, bool hired);
/* Every employer's concluded and hired, and conversion_by_industry, of
 * every centre counted again from the placements' results, in one write
 * transaction: what store_employer_count_result() keeps one result at a
 * time. The demo loader writes placements with their results and counts
 * them this way at the end. */
int store_employer_recount(struct db *db);

/* Conversion of the centre by SN2007 section: one row per section with
 * results (code, names, concluded, hired), by section. */
struct conversion_row {
	const char *section;
	const char *name_nb;
	const char *name_en;
	int64_t concluded;
	int64_t hired;
};
int store_conversion_by_section(struct db *db, struct arena *a, int64_t centre, struct conversion_row **items,
				size_t *n);

/* ---- contacts ---- */

/* Adds c as a contact of employer c->employer_id of the centre.
 * SC_ENOTFOUND when that employer is not the centre's. */
int store_contact_add(struct db *db, int64_t centre, const struct employer_contact *c, int64_t by, int64_t now,
		      int64_t *id);
/* One contact of employer_id in the centre (not one marked no longer a
 * contact). SC_ENOTFOUND otherwise. */
int store_contact_get(struct db *db, struct arena *a, int64_t centre, int64_t employer_id, int64_t id,
		      struct employer_contact *out);
/* Locks a current contact of employer_id in the centre until the
 * transaction ends: exclusive for a delete, shared for a placement that
 * names it as supervisor, so that the two take turns (decision 73). A
 * placement's save waiting on a delete then finds no contact. On SQLite,
 * whose writers take turns already, it only checks. SC_ENOTFOUND when
 * there is no such current contact. */
int store_contact_lock(struct db *db, int64_t centre, int64_t employer_id, int64_t id, bool exclusive);
/* Saves c over contact id (of c->employer_id) when its version is
 * expected_version. SC_ECONFLICT (stale), SC_ENOTFOUND. */
int store_contact_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
			 const struct employer_contact *c, int64_t now);
/* Removes a contact of employer_id. SC_ENOTFOUND when there is none;
 * SC_ECONFLICT when a placement names it as supervisor (it stays). */
int store_contact_delete(struct db *db, int64_t centre, int64_t employer_id, int64_t id);
/* Marks a contact of employer_id no longer a contact at now (kept for the
 * placements that name it; neither got nor listed after). SC_ENOTFOUND
 * when there is no such current contact. */
int store_contact_end(struct db *db, int64_t centre, int64_t employer_id, int64_t id, int64_t now);
/* The current contacts of an employer of the centre, by name (at most
 * 200). */
int store_contacts(struct db *db, struct arena *a, int64_t centre, int64_t employer_id,
		   struct employer_contact **items, size_t *n);

/* ---- pool agreements ---- */

int store_agreement_create(struct db *db, int64_t centre, const struct agreement *ag, int64_t by, int64_t now,
			   int64_t *id);
/* Saves after over agreement id when its version is expected_version, with
 * its line in the change log. SC_ECONFLICT, SC_ENOTFOUND. */
int store_agreement_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
			   const struct agreement *after, const struct field_change *changes, size_t nchanges,
			   const char *keys, int64_t by, int64_t now);
/* One agreement of the centre with its places used, planned and free on
 * today and the number of employers it covers. SC_ENOTFOUND. */
int store_agreement_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct date today,
			struct agreement *out);
/* The centre's agreements (with their counts on today), latest end
 * first; current_only: those whose period holds today, and with brief
 * (current_only) only their id, name, places, used, planned and free (the
 * rest cleared). At most limit (1..500). */
int store_agreements(struct db *db, struct arena *a, int64_t centre, struct date today, bool current_only,
		     bool brief, int64_t limit, struct agreement **items, size_t *n);
/* The agreements covering an employer of the centre (with counts), latest
 * end first. */
int store_employer_agreements(struct db *db, struct arena *a, int64_t centre, int64_t employer_id,
			      struct date today, struct agreement **items, size_t *n);
/* Locks agreement id of the centre (FOR UPDATE on PostgreSQL; SQLite's
 * write transaction already holds the database) and reads its places.
 * SC_ENOTFOUND. Run inside a write transaction. */
int store_agreement_lock(struct db *db, int64_t centre, int64_t id, int64_t *places);
/* Placements under the agreement that hold a place on today (agreed and
 * not past their last day: used and planned), but exclude_id. */
int store_agreement_open(struct db *db, int64_t centre, int64_t agreement_id, struct date today,
			 int64_t exclude_id, int64_t *open);
/* The span of the placements under the agreement that have a period and
 * were not called off (ended early before their first day): the first
 * day any starts and the last day any runs to (its end, or the day it
 * ended early). Both {0} when there is none. */
int store_agreement_span(struct db *db, int64_t centre, int64_t agreement_id, struct date *first_start,
			 struct date *last_end);
/* Whether the agreement covers the employer. */
int store_agreement_covers(struct db *db, int64_t centre, int64_t agreement_id, int64_t employer_id,
			   bool *covers);
/* Covers an employer of the centre. SC_ECONFLICT when it does already;
 * SC_ENOTFOUND when the agreement or the employer is not the centre's. */
int store_agreement_cover(struct db *db, int64_t centre, int64_t agreement_id, int64_t employer_id);
/* SC_ENOTFOUND when the agreement does not cover the employer. */
/* How many placements of the employer under the agreement are not over
 * on today (planned, agreed or running): *count. */
int store_agreement_running(struct db *db, int64_t centre, int64_t agreement_id, int64_t employer_id, struct date today,
			    int64_t *count);
int store_agreement_uncover(struct db *db, int64_t centre, int64_t agreement_id, int64_t employer_id);
/* The employers an agreement covers, by name (at most 1000). */
int store_agreement_employers(struct db *db, struct arena *a, int64_t centre, int64_t agreement_id,
			      struct employer **items, size_t *n);

/* ---- the change log ---- */

enum change_record { CHANGE_EMPLOYER = 0, CHANGE_CONTACT, CHANGE_AGREEMENT, CHANGE_PLACEMENT, CHANGE_EMPLOYMENT };

/* One saved version of a record of the internships area. */
struct internship_change {
	int64_t version;
	const char *fields;       /* changed keys, comma-separated; "" = created */
	int64_t at;
	int64_t user_id;
	const char *user_name;    /* "" when unknown */
	size_t nvalues;
	struct field_change *values;
};

/* Records version of a record with its changed fields' values. */
int store_internship_change_add(struct db *db, int64_t centre, enum change_record type, int64_t record_id,
				int64_t version, const struct field_change *changes, size_t nchanges, const char *keys,
				int64_t by, int64_t now);
/* The versions of a record after after_version (0 = all), oldest first, at
 * most 200, each with its values. */
int store_internship_changes(struct db *db, struct arena *a, int64_t centre, enum change_record type,
			     int64_t record_id, int64_t after_version, struct internship_change **items, size_t *n);

#endif
