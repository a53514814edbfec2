/*
 * benefit.c — `secondchance benefit`: the statement calculator and the
 * import of monthly tax tables; see benefit.h.
 *
 * The calculator reads a described month as JSON on standard input and
 * writes the statement as JSON on standard output, storing nothing. A bad
 * input is named on standard error by its field ("birth_date: The birth
 * date is after the month.") with exit status 2. The parameters in force
 * on the first day of the month and the imported tax tables come from the
 * database.
 */
#include "cli/benefit.h"

#include "app/benefit.h"
#include "domain/benefit.h"
#include "domain/benefit_run.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- reading the described month ---- */

struct reader {
	const char *field;       /* the first bad field, or NULL */
	const char *reason;
	char field_buf[96];
};

static bool
bad(struct reader *rd, const char *field, const char *reason)
{
	if (rd->field == NULL) {
		snprintf(rd->field_buf, sizeof rd->field_buf, "%s", field);
		rd->field = rd->field_buf;
		rd->reason = reason;
	}
	return false;
}

/* Every member of o is one of keys (NULL-terminated); else names the
 * first unknown one (under prefix). */
static bool
known_members(struct reader *rd, const json_t *o, const char *prefix, const char *const *keys)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		bool ok = false;
		for (size_t i = 0; keys[i] != NULL && !ok; i++)
			ok = strcmp(keys[i], k) == 0;
		if (!ok) {
			char name[96];
			snprintf(name, sizeof name, "%s%s", prefix, k);
			return bad(rd, name, "Unknown field.");
		}
	}
	return true;
}

static bool
read_date(struct reader *rd, const json_t *v, const char *field, struct date *out)
{
	if (!json_is_string(v))
		return bad(rd, field, "Must be a date as text (YYYY-MM-DD).");
	if (date_parse(json_string_value(v), out) != SC_OK)
		return bad(rd, field, "Write the date as YYYY-MM-DD, for example 2024-03-01.");
	return true;
}

static bool
read_int(struct reader *rd, const json_t *v, const char *field, int64_t *out)
{
	if (!json_is_integer(v))
		return bad(rd, field, "Must be a whole number.");
	*out = (int64_t)json_integer_value(v);
	return true;
}

/* Hours with at most two decimals, as hundredths. */
static bool
read_hours(struct reader *rd, const json_t *v, const char *field, int64_t *centi)
{
	if (json_is_integer(v)) {
		json_int_t h = json_integer_value(v);
		if (h > INT64_MAX / 100 || h < -(INT64_MAX / 100))
			return bad(rd, field, "Too large.");
		*centi = (int64_t)h * 100;
		return true;
	}
	if (!json_is_real(v))
		return bad(rd, field, "Must be a number.");
	double x = json_real_value(v) * 100.0;
	double r = nearbyint(x);
	if (fabs(x - r) > 1e-6 || fabs(r) > 1e15)
		return bad(rd, field, "Give the hours with at most two decimals.");
	*centi = (int64_t)r;
	return true;
}

static const char *const top_keys[] = {
	"scheme", "month", "birth_date", "programme", "children", "unexcused_minutes", "work",
	"other_income", "tax", "outstanding_ore", NULL,
};

/* Reads the described month into in; the scheme key into *scheme. */
static bool
read_month(struct reader *rd, const json_t *j, struct benefit_input *in, const char **scheme)
{
	memset(in, 0, sizeof *in);
	if (!json_is_object(j))
		return bad(rd, "(input)", "Send a JSON object.");
	if (!known_members(rd, j, "", top_keys))
		return false;
	json_t *v = json_object_get(j, "scheme");
	if (v == NULL)
		return bad(rd, "scheme", "This field is required.");
	if (!json_is_string(v))
		return bad(rd, "scheme", "Must be text.");
	*scheme = json_string_value(v);
	v = json_object_get(j, "month");
	if (v == NULL)
		return bad(rd, "month", "This field is required.");
	if (!json_is_string(v))
		return bad(rd, "month", "Must be text.");
	int y = 0, m = 0;
	char extra = 0;
	const char *ms = json_string_value(v);
	if (strlen(ms) != 7 || sscanf(ms, "%4d-%2d%c", &y, &m, &extra) != 2 || m < 1 || m > 12 ||
	    y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
		return bad(rd, "month", "Give the month as YYYY-MM, for example 2025-09.");
	in->year = y;
	in->month = m;
	v = json_object_get(j, "birth_date");
	if (v == NULL)
		return bad(rd, "birth_date", "This field is required.");
	if (!read_date(rd, v, "birth_date", &in->birth))
		return false;
	json_t *p = json_object_get(j, "programme");
	if (p == NULL)
		return bad(rd, "programme", "This field is required.");
	if (!json_is_object(p))
		return bad(rd, "programme", "Must be an object.");
	static const char *const prog_keys[] = {"start", "end", "pauses", NULL};
	if (!known_members(rd, p, "programme.", prog_keys))
		return false;
	v = json_object_get(p, "start");
	if (v == NULL)
		return bad(rd, "programme.start", "This field is required.");
	if (!read_date(rd, v, "programme.start", &in->start))
		return false;
	v = json_object_get(p, "end");
	if (v != NULL && !json_is_null(v)) {
		if (!read_date(rd, v, "programme.end", &in->end))
			return false;
		in->has_end = true;
	}
	v = json_object_get(p, "pauses");
	if (v != NULL) {
		if (!json_is_array(v))
			return bad(rd, "programme.pauses", "Must be a list of objects.");
		if (json_array_size(v) > BENEFIT_MAX_PAUSES)
			return bad(rd, "programme.pauses", "Too many pauses.");
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			char name[64];
			snprintf(name, sizeof name, "programme.pauses[%zu]", i);
			if (!json_is_object(it))
				return bad(rd, name, "Must be an object.");
			static const char *const pause_keys[] = {"from", "to", NULL};
			char prefix[72];
			snprintf(prefix, sizeof prefix, "%s.", name);
			if (!known_members(rd, it, prefix, pause_keys))
				return false;
			char f[80], t[80];
			snprintf(f, sizeof f, "%s.from", name);
			snprintf(t, sizeof t, "%s.to", name);
			json_t *from = json_object_get(it, "from"), *to = json_object_get(it, "to");
			if (from == NULL)
				return bad(rd, f, "This field is required.");
			if (to == NULL)
				return bad(rd, t, "This field is required.");
			if (!read_date(rd, from, f, &in->pauses[i].from) || !read_date(rd, to, t, &in->pauses[i].to))
				return false;
			in->npauses++;
		}
	}
	v = json_object_get(j, "children");
	if (v != NULL) {
		if (!json_is_array(v))
			return bad(rd, "children", "Must be a list of dates (YYYY-MM-DD).");
		if (json_array_size(v) > BENEFIT_MAX_CHILDREN)
			return bad(rd, "children", "Too many children.");
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			char name[32];
			snprintf(name, sizeof name, "children[%zu]", i);
			if (!read_date(rd, it, name, &in->children[i]))
				return false;
			in->nchildren++;
		}
	}
	v = json_object_get(j, "unexcused_minutes");
	if (v != NULL && !read_int(rd, v, "unexcused_minutes", &in->unexcused_minutes))
		return false;
	v = json_object_get(j, "work");
	if (v != NULL) {
		if (!json_is_object(v))
			return bad(rd, "work", "Must be an object.");
		static const char *const work_keys[] = {"gross_ore", "hours", NULL};
		if (!known_members(rd, v, "work.", work_keys))
			return false;
		in->has_work = true;
		json_t *g = json_object_get(v, "gross_ore"), *h = json_object_get(v, "hours");
		if (g != NULL && !read_int(rd, g, "work.gross_ore", &in->work_gross_ore))
			return false;
		if (h != NULL && !read_hours(rd, h, "work.hours", &in->work_hours_centi))
			return false;
	}
	v = json_object_get(j, "other_income");
	if (v != NULL) {
		if (!json_is_array(v))
			return bad(rd, "other_income", "Must be a list of objects.");
		if (json_array_size(v) > BENEFIT_MAX_INCOME)
			return bad(rd, "other_income", "Too many incomes.");
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			char name[48], prefix[56], kf[64], af[64];
			snprintf(name, sizeof name, "other_income[%zu]", i);
			snprintf(prefix, sizeof prefix, "%s.", name);
			snprintf(kf, sizeof kf, "%s.kind", name);
			snprintf(af, sizeof af, "%s.amount_ore", name);
			if (!json_is_object(it))
				return bad(rd, name, "Must be an object.");
			static const char *const inc_keys[] = {"kind", "amount_ore", NULL};
			if (!known_members(rd, it, prefix, inc_keys))
				return false;
			json_t *k = json_object_get(it, "kind"), *a = json_object_get(it, "amount_ore");
			if (k == NULL)
				return bad(rd, kf, "This field is required.");
			if (!json_is_string(k))
				return bad(rd, kf, "Must be text.");
			if (a == NULL)
				return bad(rd, af, "This field is required.");
			if (!read_int(rd, a, af, &in->income[i].amount_ore))
				return false;
			in->income[i].kind = json_string_value(k);
			in->nincome++;
		}
	}
	v = json_object_get(j, "tax");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_object(v))
			return bad(rd, "tax", "Must be an object.");
		static const char *const tax_keys[] = {"percent", "table", NULL};
		if (!known_members(rd, v, "tax.", tax_keys))
			return false;
		json_t *pc = json_object_get(v, "percent"), *tb = json_object_get(v, "table");
		if (pc != NULL && tb != NULL)
			return bad(rd, "tax", "Give a percent or a table, not both.");
		if (pc != NULL) {
			int64_t pct;
			if (!read_int(rd, pc, "tax.percent", &pct))
				return false;
			if (pct < 0 || pct > 100)
				return bad(rd, "tax.percent", "The tax percentage is a whole number from 0 to 100.");
			in->tax = BENEFIT_TAX_PERCENT;
			in->tax_percent = (int)pct;
		} else if (tb != NULL) {
			if (!json_is_string(tb))
				return bad(rd, "tax.table", "Must be text.");
			if (strlen(json_string_value(tb)) >= sizeof in->tax_table)
				return bad(rd, "tax.table", "The tax table is a number of four digits.");
			in->tax = BENEFIT_TAX_TABLE;
			snprintf(in->tax_table, sizeof in->tax_table, "%s", json_string_value(tb));
		} else {
			return bad(rd, "tax", "Give a percent or a table.");
		}
	}
	v = json_object_get(j, "outstanding_ore");
	if (v != NULL && !read_int(rd, v, "outstanding_ore", &in->outstanding_ore))
		return false;
	return true;
}

/* ---- the statement as JSON ---- */

static json_t *
quantity_json(const struct benefit_line *l)
{
	if (l->quantity_scale == 100) {
		if (l->quantity % 100 == 0)
			return json_integer(l->quantity / 100);
		return json_real((double)l->quantity / 100.0);
	}
	return json_integer(l->quantity);
}

static json_t *
statement_json(const struct benefit_statement *s)
{
	json_t *lines = json_array();
	for (size_t i = 0; i < s->nlines; i++) {
		const struct benefit_line *l = &s->lines[i];
		json_t *o = json_pack("{s:s, s:I}", "code", l->code, "amount_ore", (json_int_t)l->amount_ore);
		if (l->kind != NULL)
			json_object_set_new(o, "kind", json_string(l->kind));
		if (l->has_quantity)
			json_object_set_new(o, "quantity", quantity_json(l));
		if (l->reason != NULL)
			json_object_set_new(o, "reason", json_string(l->reason));
		json_array_append_new(lines, o);
	}
	json_t *warnings = json_array();
	if (s->warnings & BENEFIT_WARN_NO_TAX_INFO)
		json_array_append_new(warnings, json_string("no_tax_information"));
	if (s->warnings & BENEFIT_WARN_TABLE_MISSING)
		json_array_append_new(warnings, json_string("tax_table_not_found"));
	return json_pack("{s:o, s:I, s:I, s:I, s:I, s:o, s:{s:i, s:i, s:I, s:I, s:I}}", "lines", lines,
			 "gross_ore", (json_int_t)s->gross_ore, "tax_ore", (json_int_t)s->tax_ore,
			 "recovery_ore", (json_int_t)s->recovery_ore, "net_ore", (json_int_t)s->net_ore,
			 "warnings", warnings, "rates", "days", s->days, "weekdays", s->weekdays,
			 "month_amount_ore", (json_int_t)s->month_amount_ore, "day_rate_ore",
			 (json_int_t)s->day_rate_ore, "hour_rate_ore", (json_int_t)s->hour_rate_ore);
}

struct lookup_ctx {
	struct db *db;
	int rc;
};

static bool
lookup(void *arg, int year, const char *table, int64_t kr, int64_t *withhold_kr)
{
	struct lookup_ctx *c = arg;
	bool found = false;
	int rc = store_tax_withholding(c->db, year, table, kr, &found, withhold_kr);
	if (rc != SC_OK)
		c->rc = rc;
	return rc == SC_OK && found;
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
	struct reader rd = {0};
	struct benefit_input bi;
	const char *scheme = NULL;
	int ret = 0;
	struct arena *a = arena_new();
	struct db *db = store_acquire(s);
	if (a == NULL || db == NULL) {
		fprintf(err, "secondchance: out of memory\n");
		ret = 1;
		goto out;
	}
	if (!read_month(&rd, j, &bi, &scheme)) {
		fprintf(err, "secondchance: %s: %s\n", rd.field, rd.reason);
		ret = 2;
		goto out;
	}
	struct benefit_params p;
	struct date first = {bi.year, bi.month, 1};
	int rc = store_benefit_params(db, a, scheme, first, &p);
	if (rc == SC_ENOTFOUND) {
		fprintf(err, "secondchance: scheme: no scheme named %s (bergen, kvp)\n", scheme);
		ret = 2;
		goto out;
	}
	if (rc != SC_OK) {
		fprintf(err, "secondchance: cannot read the scheme: %s\n", sc_strerror(rc));
		ret = 1;
		goto out;
	}
	struct field_errors fe = {0};
	if (!benefit_input_check(&p, &bi, &fe)) {
		fprintf(err, "secondchance: %s: %s\n", fe.field[0], fe.reason[0]);
		ret = 2;
		goto out;
	}
	if (p.kind == BENEFIT_KVP && p.g_ore == 0) {
		fprintf(err, "secondchance: month: no G is in force on %04d-%02d-01\n", bi.year, bi.month);
		ret = 2;
		goto out;
	}
	struct lookup_ctx ctx = {db, SC_OK};
	struct benefit_statement st;
	benefit_compute(&p, &bi, lookup, &ctx, &st);
	if (ctx.rc != SC_OK) {
		fprintf(err, "secondchance: cannot read the tax tables: %s\n", sc_strerror(ctx.rc));
		ret = 1;
		goto out;
	}
	json_t *o = statement_json(&st);
	if (o == NULL || json_dumpf(o, out, JSON_COMPACT) != 0) {
		json_decref(o);
		ret = 1;
		goto out;
	}
	fputc('\n', out);
	json_decref(o);
out:
	if (db != NULL)
		store_release(s, db);
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
