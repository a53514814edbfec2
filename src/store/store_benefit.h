/*
 * store_benefit.h — the benefit rules kept as dated parameters: schemes,
 * their parameters and kinds of other income, the G series, and the
 * monthly tax tables. Included by store.h.
 */
#ifndef SC_STORE_BENEFIT_H
#define SC_STORE_BENEFIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/benefit.h"

struct arena;
struct db;

/* The parameters of scheme key ("bergen", "kvp") in force on day `on`:
 * each the latest valid_from on or before it; the kinds of other income of
 * the latest list; G of the latest valid_from on or before it (0 when none).
 * Lists from the arena. SC_ENOTFOUND when there is no such scheme. */
int store_benefit_params(struct db *db, struct arena *a, const char *scheme, struct date on,
			 struct benefit_params *out);

/* The withholding in whole kroner of tax table table_no of year for gross
 * whole kroner kr: *found false when no row holds it. */
int store_tax_withholding(struct db *db, int year, const char *table_no, int64_t kr, bool *found,
			  int64_t *withhold_kr);

/* One row of a monthly tax table. */
struct tax_row {
	char table_no[8];
	int64_t from_kr, to_kr, withholding_kr;
};

/* Replaces every table of year by rows (inside the caller's transaction). */
int store_tax_tables_replace(struct db *db, int year, const struct tax_row *rows, size_t n);

/* The number of rows and tables of year. */
int store_tax_tables_count(struct db *db, int year, int64_t *rows, int64_t *tables);

/* True in *approved when the centre's benefits for the month (year, month
 * 1..12) were approved: a register corrected after that is flagged for the
 * finance officer (store_attendance.h). */
int store_benefit_month_approved(struct db *db, int64_t centre, int year, int month, bool *approved);

#endif
