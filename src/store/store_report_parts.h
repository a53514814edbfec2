/*
 * store_report_parts.h — INTERNAL to the reports' store: what
 * store_report.c and store_report_attendance.c share. Other layers use
 * store_report.h (through store.h).
 */
#ifndef SC_STORE_REPORT_PARTS_H
#define SC_STORE_REPORT_PARTS_H

#include "db.h"
#include "store.h"
#include "util/arena.h"

#include <stddef.h>

/* The keys already read by one query, so that a key (a gender, a country)
 * is kept once in the arena however many rows carry it. */
struct keys {
	size_t n;
	const char *k[64];
};

/* A stored date, or {0} when NULL or unreadable. */
struct date report_col_date(struct db_stmt *st, int col);

/* The key of a stored text (arena; NULL when NULL); from ks when read
 * before. */
const char *report_col_key(struct db_stmt *st, struct arena *a, int col, struct keys *ks);

/* A growing arena array of rows: room for one more, or NULL. */
struct report_area_row *report_area_row_add(struct arena *a, struct report_area_row **rows, size_t *n, size_t *cap);

#endif
