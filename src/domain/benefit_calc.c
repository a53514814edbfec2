/*
 * benefit_calc.c — the calculator's JSON; see benefit_calc.h.
 */
#include "domain/benefit_calc.h"

#include "domain/benefit_run.h"
#include "domain/date.h"
#include "i18n/i18n.h"
#include "util/err.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- reading the described month ---- */

static bool
bad(struct benefit_calc_error *rd, const char *field, const char *reason)
{
	int n = rd->errors.n;
	if (n >= FIELD_MAX_ERRORS || field_error_of(&rd->errors, field) != NULL)
		return false;
	snprintf(rd->names[n], sizeof rd->names[n], "%s", field);
	field_error_add(&rd->errors, rd->names[n], reason);
	return false;
}

/* Every member of o is one of keys (NULL-terminated); else names each
 * unknown one (under prefix). */
static bool
known_members(struct benefit_calc_error *rd, const json_t *o, const char *prefix, const char *const *keys)
{
	const char *k;
	json_t *v;
	bool all = true;
	json_object_foreach((json_t *)o, k, v) {
		bool ok = false;
		for (size_t i = 0; keys[i] != NULL && !ok; i++)
			ok = strcmp(keys[i], k) == 0;
		if (!ok) {
			char name[96];
			/* a member without a name is named "" */
			snprintf(name, sizeof name, "%s%s", prefix, *k ? k : "\"\"");
			all = bad(rd, name, N_("Unknown field."));
		}
	}
	return all;
}

static bool
read_date(struct benefit_calc_error *rd, const json_t *v, const char *field, struct date *out)
{
	if (!json_is_string(v))
		return bad(rd, field, N_("Must be a date as text (YYYY-MM-DD)."));
	struct date_why why;
	if (date_parse_why(json_string_value(v), out, &why) == SC_OK)
		return true;
	if (why.reason == NULL)
		return bad(rd, field, N_("Write the date as YYYY-MM-DD, for example 2024-03-01."));
	int n = rd->errors.n;
	bad(rd, field, why.reason);
	if (rd->errors.n == n + 1) {
		memcpy(rd->texts[n], why.text, sizeof rd->texts[n]);
		for (int i = 0; i < 3; i++)
			rd->errors.text[n][i] = rd->texts[n][i];
	}
	return false;
}

static bool
read_int(struct benefit_calc_error *rd, const json_t *v, const char *field, int64_t *out)
{
	if (!json_is_integer(v))
		return bad(rd, field, N_("Must be a whole number."));
	*out = (int64_t)json_integer_value(v);
	return true;
}

/* Hours with at most two decimals, as hundredths. Hours far beyond any
 * month are read as just past BENEFIT_MAX_AMOUNT, so that the rules say
 * the range (no more than the month has, not negative), whatever their
 * decimals. */
static bool
read_hours(struct benefit_calc_error *rd, const json_t *v, const char *field, int64_t *centi)
{
	if (json_is_integer(v)) {
		json_int_t h = json_integer_value(v);
		if (h > BENEFIT_MAX_AMOUNT / 100 || h < -(BENEFIT_MAX_AMOUNT / 100))
			*centi = h > 0 ? BENEFIT_MAX_AMOUNT + 1 : -(BENEFIT_MAX_AMOUNT + 1);
		else
			*centi = (int64_t)h * 100;
		return true;
	}
	if (!json_is_real(v))
		return bad(rd, field, N_("Must be a number."));
	double x = json_real_value(v) * 100.0;
	if (fabs(x) > (double)BENEFIT_MAX_AMOUNT) {
		*centi = x > 0 ? BENEFIT_MAX_AMOUNT + 1 : -(BENEFIT_MAX_AMOUNT + 1);
		return true;
	}
	double r = nearbyint(x);
	if (fabs(x - r) > 1e-6)
		return bad(rd, field, N_("Give the hours with at most two decimals."));
	*centi = (int64_t)r;
	return true;
}

static const char *const top_keys[] = {
	"scheme", "month", "birth_date", "programme", "children", "unexcused_minutes", "work",
	"other_income", "tax", "outstanding_ore", NULL,
};

/* A text member required of o: NULL (and named) when missing or not text. */
static const char *
read_text(struct benefit_calc_error *rd, const json_t *o, const char *key, const char *field)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL)
		bad(rd, field, N_("This field is required."));
	else if (!json_is_string(v))
		bad(rd, field, N_("Must be text."));
	else
		return json_string_value(v);
	return NULL;
}

static void
read_programme(struct benefit_calc_error *rd, const json_t *p, struct benefit_input *in)
{
	static const char *const prog_keys[] = {"start", "end", "pauses", NULL};
	known_members(rd, p, "programme.", prog_keys);
	json_t *v = json_object_get(p, "start");
	if (v == NULL)
		bad(rd, "programme.start", N_("This field is required."));
	else
		read_date(rd, v, "programme.start", &in->start);
	v = json_object_get(p, "end");
	if (v != NULL && !json_is_null(v) && read_date(rd, v, "programme.end", &in->end))
		in->has_end = true;
	v = json_object_get(p, "pauses");
	if (v == NULL)
		return;
	if (!json_is_array(v)) {
		bad(rd, "programme.pauses", N_("Must be a list of objects."));
		return;
	}
	if (json_array_size(v) > BENEFIT_MAX_PAUSES) {
		bad(rd, "programme.pauses", N_("Too many pauses."));
		return;
	}
	size_t i;
	json_t *it;
	json_array_foreach(v, i, it) {
		/* each pause keeps its place: the check names it by its index */
		in->npauses = i + 1;
		char name[64];
		snprintf(name, sizeof name, "programme.pauses[%zu]", i);
		if (!json_is_object(it)) {
			bad(rd, name, N_("Must be an object."));
			continue;
		}
		static const char *const pause_keys[] = {"from", "to", NULL};
		char prefix[72];
		snprintf(prefix, sizeof prefix, "%s.", name);
		known_members(rd, it, prefix, pause_keys);
		char f[80], t[80];
		snprintf(f, sizeof f, "%s.from", name);
		snprintf(t, sizeof t, "%s.to", name);
		json_t *from = json_object_get(it, "from"), *to = json_object_get(it, "to");
		if (from == NULL)
			bad(rd, f, N_("This field is required."));
		else
			read_date(rd, from, f, &in->pauses[i].from);
		if (to == NULL)
			bad(rd, t, N_("This field is required."));
		else
			read_date(rd, to, t, &in->pauses[i].to);
	}
}

static void
read_income(struct benefit_calc_error *rd, const json_t *v, struct benefit_input *in)
{
	if (!json_is_array(v)) {
		bad(rd, "other_income", N_("Must be a list of objects."));
		return;
	}
	if (json_array_size(v) > BENEFIT_MAX_INCOME) {
		bad(rd, "other_income", N_("Too many incomes."));
		return;
	}
	size_t i;
	json_t *it;
	json_array_foreach(v, i, it) {
		in->nincome = i + 1;
		in->income[i].kind = "";
		char name[48], prefix[56], kf[64], af[64];
		snprintf(name, sizeof name, "other_income[%zu]", i);
		snprintf(prefix, sizeof prefix, "%s.", name);
		snprintf(kf, sizeof kf, "%s.kind", name);
		snprintf(af, sizeof af, "%s.amount_ore", name);
		if (!json_is_object(it)) {
			bad(rd, name, N_("Must be an object."));
			continue;
		}
		static const char *const inc_keys[] = {"kind", "amount_ore", NULL};
		known_members(rd, it, prefix, inc_keys);
		const char *kind = read_text(rd, it, "kind", kf);
		if (kind != NULL)
			in->income[i].kind = kind;
		json_t *a = json_object_get(it, "amount_ore");
		if (a == NULL)
			bad(rd, af, N_("This field is required."));
		else
			read_int(rd, a, af, &in->income[i].amount_ore);
	}
}

static void
read_tax(struct benefit_calc_error *rd, const json_t *v, struct benefit_input *in)
{
	if (!json_is_object(v)) {
		bad(rd, "tax", N_("Must be an object."));
		return;
	}
	static const char *const tax_keys[] = {"percent", "table", NULL};
	known_members(rd, v, "tax.", tax_keys);
	json_t *pc = json_object_get(v, "percent"), *tb = json_object_get(v, "table");
	if (pc != NULL && tb != NULL) {
		bad(rd, "tax", N_("Give a percent or a table, not both."));
	} else if (pc != NULL) {
		int64_t pct;
		if (!read_int(rd, pc, "tax.percent", &pct))
			return;
		if (pct < 0 || pct > 100) {
			bad(rd, "tax.percent", N_("The tax percentage is a whole number from 0 to 100."));
			return;
		}
		in->tax = BENEFIT_TAX_PERCENT;
		in->tax_percent = (int)pct;
	} else if (tb != NULL) {
		if (!json_is_string(tb)) {
			bad(rd, "tax.table", N_("Must be text."));
		} else if (strlen(json_string_value(tb)) >= sizeof in->tax_table) {
			bad(rd, "tax.table", N_("The tax table is a number of four digits."));
		} else {
			in->tax = BENEFIT_TAX_TABLE;
			snprintf(in->tax_table, sizeof in->tax_table, "%s", json_string_value(tb));
		}
	} else {
		bad(rd, "tax", N_("Give a percent or a table."));
	}
}

bool
benefit_calc_read(const json_t *j, struct benefit_input *in, const char **scheme, struct benefit_calc_error *rd)
{
	memset(in, 0, sizeof *in);
	memset(rd, 0, sizeof *rd);
	*scheme = NULL;
	if (!json_is_object(j))
		return bad(rd, "(input)", N_("Send a JSON object."));
	known_members(rd, j, "", top_keys);
	*scheme = read_text(rd, j, "scheme", "scheme");
	const char *ms = read_text(rd, j, "month", "month");
	if (ms != NULL) {
		int y = 0, m = 0;
		/* the run's reading of a month: one rule */
		if (benefit_month_parse(ms, &y, &m) != SC_OK) {
			bad(rd, "month", N_("Give the month as YYYY-MM, for example 2025-09."));
		} else {
			in->year = y;
			in->month = m;
		}
	}
	json_t *v = json_object_get(j, "birth_date");
	if (v == NULL)
		bad(rd, "birth_date", N_("This field is required."));
	else
		read_date(rd, v, "birth_date", &in->birth);
	json_t *p = json_object_get(j, "programme");
	if (p == NULL)
		bad(rd, "programme", N_("This field is required."));
	else if (!json_is_object(p))
		bad(rd, "programme", N_("Must be an object."));
	else
		read_programme(rd, p, in);
	v = json_object_get(j, "children");
	if (v != NULL && !json_is_array(v)) {
		bad(rd, "children", N_("Must be a list of dates (YYYY-MM-DD)."));
	} else if (v != NULL && json_array_size(v) > BENEFIT_MAX_CHILDREN) {
		bad(rd, "children", N_("Too many children."));
	} else if (v != NULL) {
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			char name[32];
			snprintf(name, sizeof name, "children[%zu]", i);
			read_date(rd, it, name, &in->children[i]);
			in->nchildren = i + 1;
		}
	}
	v = json_object_get(j, "unexcused_minutes");
	if (v != NULL)
		read_int(rd, v, "unexcused_minutes", &in->unexcused_minutes);
	v = json_object_get(j, "work");
	if (v != NULL && !json_is_object(v)) {
		bad(rd, "work", N_("Must be an object."));
	} else if (v != NULL) {
		static const char *const work_keys[] = {"gross_ore", "hours", NULL};
		known_members(rd, v, "work.", work_keys);
		in->has_work = true;
		json_t *g = json_object_get(v, "gross_ore"), *h = json_object_get(v, "hours");
		if (g != NULL)
			read_int(rd, g, "work.gross_ore", &in->work_gross_ore);
		if (h != NULL)
			read_hours(rd, h, "work.hours", &in->work_hours_centi);
	}
	v = json_object_get(j, "other_income");
	if (v != NULL)
		read_income(rd, v, in);
	v = json_object_get(j, "tax");
	if (v != NULL && !json_is_null(v))
		read_tax(rd, v, in);
	v = json_object_get(j, "outstanding_ore");
	if (v != NULL)
		read_int(rd, v, "outstanding_ore", &in->outstanding_ore);
	return rd->errors.n == 0;
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

json_t *
benefit_lines_json(const struct benefit_statement *s)
{
	json_t *lines = json_array();
	for (size_t i = 0; lines != NULL && i < s->nlines; i++) {
		const struct benefit_line *l = &s->lines[i];
		json_t *o = json_pack("{s:s, s:I}", "code", l->code, "amount_ore", (json_int_t)l->amount_ore);
		if (o == NULL) {
			json_decref(lines);
			return NULL;
		}
		if (l->kind != NULL)
			json_object_set_new(o, "kind", json_string(l->kind));
		if (l->has_quantity)
			json_object_set_new(o, "quantity", quantity_json(l));
		if (l->reason != NULL)
			json_object_set_new(o, "reason", json_string(l->reason));
		if (l->ref_year > 0) {
			char m[8];
			benefit_month_format(l->ref_year, l->ref_month, m);
			json_object_set_new(o, "month", json_string(m));
			char causes[128];
			benefit_causes_text(l->causes, causes, sizeof causes);
			json_object_set_new(o, "causes", json_string(causes));
		}
		json_array_append_new(lines, o);
	}
	return lines;
}

json_t *
benefit_statement_json(const struct benefit_statement *s)
{
	json_t *lines = benefit_lines_json(s);
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
