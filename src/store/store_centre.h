/*
 * store_centre.h — the centres of an installation (table centres,
 * domain/centre.h) and the figures that compare them. Included by store.h.
 *
 * A centre's members and their roles are the users' (store.h,
 * store_user_centres()); every record of a participant names its centre.
 */
#ifndef SC_STORE_CENTRE_H
#define SC_STORE_CENTRE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/centre.h"

struct arena;
struct db;

/* A new centre named c->name; *id gets its id. SC_ECONFLICT when the name
 * is taken. */
int store_centre_create(struct db *db, const struct centre *c, int64_t now, int64_t *id);
/* Gives centre id the name c->name if it is still at version (and moves
 * it to the next): SC_ENOTFOUND when there is no such centre at that
 * version, SC_ECONFLICT when another centre has the name. Records name
 * their centre by id, so nothing else changes. */
int store_centre_rename(struct db *db, int64_t id, int64_t version, const struct centre *c);
/* The number of centres (at least 1: centre 1 is made by migration 9). */
int store_centre_count(struct db *db, int64_t *count);
/* One centre; SC_ENOTFOUND when there is none with that id. */
int store_centre_get(struct db *db, struct arena *a, int64_t id, struct centre *out);
/* Every centre by name (at most 500). */
int store_centre_list(struct db *db, struct arena *a, struct centre **items, size_t *n);
/* The figures of every centre, by name (at most 500): year_start and
 * year_end ("YYYY-MM-DD") bound the year of exited_this_year. */
int store_centre_figures(struct db *db, struct arena *a, const char *year_start, const char *year_end,
			 struct centre_figures **items, size_t *n);

#endif
