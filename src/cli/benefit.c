/*
 * benefit.c — `secondchance benefit`: the statement calculator and the
 * import of monthly tax tables; see benefit.h.
 *
 * The calculator reads a described month as JSON on standard input and
 * writes the statement as JSON on standard output, storing nothing. Each
 * bad input is named on standard error by its field, a line each
 * ("birth_date: The birth date is after the month.") with exit status 2. The JSON is read and
 * written by domain/benefit_calc.h, as POST /api/v1/benefits/calc reads and
 * writes it; the statement is app_benefit_calc()'s (the parameters in force
 * on the first day of the month and the imported tax tables come from the
 * database; the read is audited for the command line, decision 75).
 */
#include "cli/benefit.h"

#include "app/benefit.h"
#include "domain/benefit.h"
#include "domain/benefit_calc.h"
#include "domain/benefit_run.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the calculator ---- */

/* Every error, a line each: "secondchance: field: why". */
static void
say_errors(FILE *err, const struct field_errors *e)
{
	for (int i = 0; i < e->n; i++) {
		const char *why = e->reason[i] != NULL ? e->reason[i] : "";
		fprintf(err, "secondchance: %s: ", e->field[i]);
		if (e->text[i][0] != NULL)
			fprintf(err, why, e->text[i][0], e->text[i][1], e->text[i][2]);
		else if (strstr(why, "%lld") != NULL)
			fprintf(err, why, e->arg[i][0], e->arg[i][1]);
		else
			fputs(why, err);
		fputc('\n', err);
	}
}

int
benefit_calc(struct store *s, FILE *in, FILE *out, FILE *err)
{
	json_error_t jerr;
	json_t *j = json_loadf(in, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL) {
		fprintf(err, "secondchance: the input is not JSON: %s (line %d)\n", jerr.text, jerr.line);
		return 2;
	}
	static struct benefit_calc_error bad;
	struct benefit_input bi;
	const char *scheme = NULL;
	int ret = 0;
	struct arena *a = arena_new();
	if (a == NULL) {
		fprintf(err, "secondchance: out of memory\n");
		json_decref(j);
		return 1;
	}
	/* the command line acts for the installation's finance officer */
	struct actor actor = {.user_id = 0, .username = "cli", .name = "", .roles = ROLE_BIT(ROLE_FINANCE),
			      .centre_id = 1, .address = "command line", .now = time(NULL)};
	struct benefit_params p;
	struct benefit_statement st;
	struct outcome o;
	/* what cannot be read, and what the rules say of the rest: all at once */
	benefit_calc_read(j, &bi, &scheme, &bad);
	struct db *db = store_acquire(s);
	int rc = db != NULL ? app_benefit_calc(db, a, &actor, scheme, &bi, &bad.errors, &p, &st, &o) : SC_ENOMEM;
	if (db != NULL)
		store_release(s, db);
	if (rc != SC_OK) {
		fprintf(err, "secondchance: cannot compute: %s\n", sc_strerror(rc));
		ret = 1;
		goto out;
	}
	if (o.refusal != DONE) {
		if (o.errors.n > 0)
			say_errors(err, &o.errors);
		else
			fprintf(err, "secondchance: %s\n", o.message != NULL ? o.message : "refused");
		ret = 2;
		goto out;
	}
	json_t *o_json = benefit_statement_json(&st);
	if (o_json == NULL || json_dumpf(o_json, out, JSON_COMPACT) != 0) {
		json_decref(o_json);
		ret = 1;
		goto out;
	}
	fputc('\n', out);
	json_decref(o_json);
out:
	arena_free(a);
	json_decref(j);
	return ret;
}

/* ---- importing tax tables ---- */

int
benefit_tax_import(struct store *s, int year, const char *path, FILE *out, FILE *err)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(err, "secondchance: cannot open %s\n", path);
		return 1;
	}
	size_t cap = 1 << 20, len = 0;
	char *data = malloc(cap);
	size_t got;
	while (data != NULL && (got = fread(data + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			char *bigger = cap < ((size_t)1 << 30) ? realloc(data, cap * 2) : NULL;
			if (bigger == NULL) {
				free(data);
				data = NULL;
				break;
			}
			data = bigger;
			cap *= 2;
		}
	}
	fclose(f);
	if (data == NULL) {
		fprintf(err, "secondchance: %s is too large\n", path);
		return 1;
	}
	int ret = 0;
	struct arena *a = arena_new();
	struct benefit_tax_row *rows = NULL;
	size_t n = 0;
	long line = 0;
	const char *why = NULL;
	if (a == NULL) {
		fprintf(err, "secondchance: out of memory\n");
		ret = 1;
		goto out;
	}
	/* the rows are read as the page reads them (domain/benefit_run.h) */
	int rc = benefit_tax_csv_parse(data, len, a, &rows, &n, &line, &why);
	if (rc != SC_OK) {
		fprintf(err, "secondchance: %s line %ld: %s\n", path, line, why);
		ret = rc == SC_EINVAL ? 2 : 1;
		goto out;
	}
	/* the command line acts for the installation's finance officer */
	struct actor actor = {.user_id = 0, .username = "cli", .name = "", .roles = ROLE_BIT(ROLE_FINANCE),
			      .centre_id = 1, .address = "command line", .now = time(NULL)};
	struct outcome o;
	struct db *db = store_acquire(s);
	rc = app_benefit_tax_import(db, a, &actor, year, rows, n, &o);
	int64_t count = 0, tables = 0;
	if (rc == SC_OK && o.refusal == DONE)
		rc = store_tax_tables_count(db, year, &count, &tables);
	store_release(s, db);
	if (rc != SC_OK) {
		fprintf(err, "secondchance: cannot import: %s\n", sc_strerror(rc));
		ret = 1;
		goto out;
	}
	if (o.refusal != DONE) {
		fprintf(err, "secondchance: --year: %s\n", o.errors.n > 0 ? o.errors.reason[0] : "refused");
		ret = 2;
		goto out;
	}
	fprintf(out, "imported %lld rows of %lld tables for %d (the year's tables before were replaced)\n",
		(long long)count, (long long)tables, year);
out:
	free(rows);
	arena_free(a);
	free(data);
	return ret;
}

/* ---- a month's run ---- */

int
benefit_run(struct store *s, int64_t centre, const char *month, FILE *out, FILE *err)
{
	char day[11];
	time_today(day, sizeof day);
	struct date today;
	if (date_parse(day, &today) != SC_OK) {
		fprintf(err, "secondchance: cannot read today's date\n");
		return 1;
	}
	struct arena *a = arena_new();
	if (a == NULL) {
		fprintf(err, "secondchance: out of memory\n");
		return 1;
	}
	/* the command line acts for the installation, as the demo's runs do:
	 * any finance officer of the centre may then approve the run */
	struct actor actor = {.user_id = 0, .username = "cli", .name = "", .roles = ROLE_BIT(ROLE_FINANCE),
			      .centre_id = centre, .address = "command line", .now = time(NULL), .today = today};
	struct outcome o;
	struct benefit_run run;
	memset(&run, 0, sizeof run);
	struct db *db = store_acquire(s);
	int64_t t0 = time_mono_ms();
	int rc = app_benefit_run_start(db, a, &actor, NULL, month, &run, &o);
	int64_t ms = time_mono_ms() - t0;
	store_release(s, db);
	int ret = 0;
	if (rc != SC_OK) {
		fprintf(err, "secondchance: the run failed: %s\n", sc_strerror(rc));
		ret = 1;
	} else if (o.refusal != DONE) {
		const char *why = o.errors.n > 0 ? o.errors.reason[0] : o.message;
		fprintf(err, "secondchance: %s%s\n", o.errors.n > 0 ? "--month: " : "", why != NULL ? why : "refused");
		ret = 2;
	} else {
		fprintf(out,
			"run %lld of %s (centre %lld): %lld statements, gross %lld øre, tax %lld øre, net %lld øre,"
			" %lld with warnings, %lld payable\ntime: %lld ms\n",
			(long long)run.id, run.month, (long long)centre, (long long)run.statements,
			(long long)run.gross_ore, (long long)run.tax_ore, (long long)run.net_ore, (long long)run.warnings,
			(long long)run.payable, (long long)ms);
	}
	arena_free(a);
	return ret;
}
