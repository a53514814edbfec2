/*
 * store_io.h — reading the participant register out for CSV/XLSX exports.
 * (The CSV import writes through store_participant_create(); it needs no
 * SQL of its own.) Included by store.h.
 */
#ifndef SC_STORE_IO_H
#define SC_STORE_IO_H

#include <stdint.h>

struct arena;
struct db;

/* One row of the register export. The strings are valid only during the
 * callback (they point into the driver's row) and are never NULL. There is
 * deliberately no bank account, nin or health data here. */
struct participant_export_row {
	int64_t id;
	const char *family_name;
	const char *given_name;
	const char *birth_date;       /* YYYY-MM-DD */
	const char *gender;           /* key: female, male, other */
	const char *country_of_birth;
	const char *status;           /* key, see struct participant */
	const char *contact_name;     /* the contact person's display name, "" = none */
	const char *phone;
	const char *email;
	const char *postcode;
	const char *city;
};

/* Called once per row; a non-zero return stops the walk and is returned. */
typedef int (*participant_export_fn)(void *ctx, const struct participant_export_row *row);

/*
 * Walks the register in name order (family, given; then id), calling fn for
 * each participant the scope reaches (struct participant_scope; a scope
 * with no relationship reaches nobody). Rows are fetched in
 * batches by key (name, id), so memory stays flat however large the register
 * and no transaction is held across batches: a participant added while the
 * walk runs may or may not appear, none appears twice. *count (may be NULL)
 * gets the number of rows passed to fn. Returns 0, fn's non-zero result, or
 * an SC_ code from the database.
 */
struct participant_scope;
int store_participant_export(struct db *db, const struct participant_scope *scope,
			     participant_export_fn fn, void *ctx, int64_t *count);

#endif
