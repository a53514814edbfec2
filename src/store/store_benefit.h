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
#include "domain/benefit_run.h"

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

/* Replaces every table of year by rows (inside the caller's transaction). */
int store_tax_tables_replace(struct db *db, int year, const struct benefit_tax_row *rows, size_t n);

/* The years with tax tables, newest first, with their rows and tables
 * (at most 50 years), and when and by whom each was last imported (its
 * audit entry: 0 and "" when the audit log no longer keeps it). */
struct tax_year {
	int64_t year, rows, tables;
	int64_t imported_at;
	const char *imported_by;
};
int store_tax_years(struct db *db, struct arena *a, struct tax_year **out, size_t *n);

/* The number of rows and tables of year. */
int store_tax_tables_count(struct db *db, int year, int64_t *rows, int64_t *tables);

/* ---- new versions of the rules (a change is a row, never an edit) ---- */

/* A version of one parameter of scheme key from in->valid_from, by `by`
 * at now. SC_ENOTFOUND: no such scheme. *replaces: that parameter had a
 * version from that date, which this one takes over from (the latest
 * recorded of a date is the one in force; the history keeps both). */
int store_benefit_param_add(struct db *db, const char *scheme, const struct benefit_param_input *in, int64_t by,
			    int64_t now, bool *replaces);
/* G from in->valid_from; *replaces as for a parameter. */
int store_benefit_g_add(struct db *db, const struct benefit_g_input *in, int64_t by, int64_t now, bool *replaces);
/* The first approved month (YYYY-MM, of any centre; "" when none) that a
 * version from `from` with value governs and whose run kept another value
 * of it: G (scheme NULL, value in øre: kvp's runs) or the parameter name
 * of scheme key (the two amounts; the recovery share corrects nothing),
 * from window_first on: the next run recomputes such months within its
 * look-back (decision 53). */
int store_benefit_version_corrects(struct db *db, const char *scheme, int name, struct date from, int64_t value,
				   struct date window_first, char month[8]);
/* A new list of kinds of scheme key from in->valid_from; SC_ECONFLICT when
 * the scheme has a list from that date. */
int store_benefit_kinds_add(struct db *db, const char *scheme, const struct benefit_kinds_input *in, int64_t by,
			    int64_t now);

/* The history of a scheme's parameters, newest first (name, value in
 * amount_ore or percent, valid_from, who and when). */
int store_benefit_param_history(struct db *db, struct arena *a, const char *scheme,
				struct benefit_param_input **out, size_t *n);
/* The G series, newest first. */
int store_benefit_g_history(struct db *db, struct arena *a, struct benefit_g_input **out, size_t *n);
/* The lists of kinds of a scheme, newest first. */
int store_benefit_kinds_history(struct db *db, struct arena *a, const char *scheme,
				struct benefit_kinds_input **out, size_t *n);

/* True in *approved when the centre's benefits for the month (year, month
 * 1..12) were approved: a register corrected after that is flagged for the
 * finance officer (store_attendance.h). */
int store_benefit_month_approved(struct db *db, int64_t centre, int year, int month, bool *approved);

/* True in *open when a run of the centre's month (year, month 1..12) waits
 * for approval: it read the register as it was, so a register changed now
 * is recorded as a correction for the run after its approval (the same as
 * for an approved month). */
int store_benefit_month_open(struct db *db, int64_t centre, int year, int month, bool *open);

#endif
