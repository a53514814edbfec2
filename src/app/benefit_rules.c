/*
 * benefit_rules.c — benefits' other income and the period's scheme, the
 * centre's settings, the dated rules (parameters, G, kinds of income, tax
 * tables) and the calculator; see benefit.h. The run and what it makes are
 * in benefit.c.
 */
#include "app/benefit.h"
#include "app/benefit_parts.h"

#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- other income and the period's scheme ---- */

int
app_benefit_income_of(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		      struct benefit_income_report **items, size_t *n, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_BENEFIT), ACT_READ, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	return store_benefit_income_of(db, a, actor->centre_id, participant_id, items, n);
}

/* Every kind either scheme knows in the month: a NULL-terminated union. */
static int
kinds_known(struct db *db, struct arena *a, int year, int month, const char ***reducing, const char ***recorded)
{
	const char **red = arena_alloc(a, sizeof *red * 66), **rec = arena_alloc(a, sizeof *rec * 66);
	if (red == NULL || rec == NULL)
		return SC_ENOMEM;
	size_t nr = 0, nc = 0;
	for (int kind = BENEFIT_BERGEN; kind <= BENEFIT_KVP; kind++) {
		struct benefit_params p;
		int rc = store_benefit_params(db, a, benefit_scheme_key(kind), (struct date){year, month, 1}, &p);
		if (rc != SC_OK)
			return rc;
		for (size_t i = 0; p.reducing[i] != NULL && nr < 65; i++)
			red[nr++] = p.reducing[i];
		for (size_t i = 0; p.recorded[i] != NULL && nc < 65; i++)
			rec[nc++] = p.recorded[i];
	}
	red[nr] = NULL;
	rec[nc] = NULL;
	*reducing = red;
	*recorded = rec;
	return SC_OK;
}

int
app_benefit_income_check(struct db *db, struct arena *a, const struct actor *actor, struct benefit_income_report *in,
			 struct field_errors *e)
{
	fields_check_required(benefit_income_report_fields, in, e);
	int y = actor->today.y, m = actor->today.m;
	if (in->month_from != NULL)
		benefit_month_parse(in->month_from, &y, &m);
	const char **reducing, **recorded;
	int rc = kinds_known(db, a, y, m, &reducing, &recorded);
	if (rc != SC_OK)
		return rc;
	benefit_income_report_check(in, reducing, recorded, actor->today, e);
	return SC_OK;
}

int
app_benefit_income_create(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  struct benefit_income_report *in, struct outcome *out)
{
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_BENEFIT), ACT_WRITE, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_benefit_income_check(db, a, actor, in, &out->errors);
	if (rc != SC_OK)
		return rc;
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	in->participant_id = participant_id;
	in->reported_at = actor->now;
	in->reported_by = actor->user_id;
	in->reported_by_name = actor->name;
	in->withdrawn_at = 0;
	rc = app_begin(db);
	/* a statement deducts BENEFIT_MAX_INCOME reports of a month at most:
	 * one more is refused, naming the month (the participant's row
	 * locked first, so that two reports cannot both be the last) */
	int64_t contact = 0;
	bool counts = false;
	if (rc == SC_OK)
		rc = store_caseload_lock_participant(db, actor->centre_id, participant_id, &contact, &counts);
	struct benefit_income_report *held = NULL;
	size_t nheld = 0;
	if (rc == SC_OK)
		rc = store_benefit_income_months(db, a, actor->centre_id, in->month_from, in->month_to, participant_id,
						 &held, &nheld);
	char full[8];
	if (rc == SC_OK && benefit_income_month_full(held, nheld, in->month_from, in->month_to, full)) {
		char *month = arena_strdup(a, full);
		char *most = arena_printf(a, "%d", BENEFIT_MAX_INCOME);
		if (month == NULL || most == NULL) {
			rc = SC_ENOMEM;
		} else {
			field_error_add_text(&out->errors, "month_from",
					     N_("%s has %s reports of other income already, the most one month's "
						"statement takes. Withdraw one that is wrong, or report the month's "
						"income of one kind as one amount."),
					     month, most, NULL);
			rc = app_refuse(out, REFUSED_INVALID, NULL);
		}
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_benefit_income_add(db, actor->centre_id, in, &in->id);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "benefit_income.create", "benefit_income", in->id);
	out->id = in->id;
	return app_end(db, rc, out);
}

int
app_benefit_income_withdraw(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			    int64_t id, struct outcome *out)
{
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_BENEFIT), ACT_WRITE, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK) {
		rc = store_benefit_income_withdraw(db, actor->centre_id, participant_id, id, actor->user_id, actor->now);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, N_("The participant has no such report in force."));
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "benefit_income.withdraw", "benefit_income", id);
	out->id = id;
	return app_end(db, rc, out);
}

int
app_benefit_periods(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		    struct benefit_period **items, size_t *n, int *default_scheme, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_BENEFIT), ACT_READ, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	struct benefit_settings s;
	rc = store_benefit_settings_get(db, a, actor->centre_id, &s);
	if (rc != SC_OK)
		return rc;
	*default_scheme = s.default_scheme;
	struct benefit_fact *f = NULL;
	size_t nf = 0;
	rc = store_benefit_facts(db, a, actor->centre_id, (struct date){1900, 1, 1}, (struct date){9999, 12, 31},
				 participant_id, &f, &nf);
	if (rc == SC_OK && nf == 1) {
		*items = f[0].periods;
		*n = f[0].nperiods;
	}
	return rc;
}

int
app_benefit_period_scheme(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  int64_t enrolment_id, const char *scheme, struct outcome *out)
{
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_BENEFIT), ACT_WRITE, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	int kind;
	bool dflt = scheme == NULL || scheme[0] == '\0';
	if (!dflt && benefit_scheme_parse(scheme, &kind) != SC_OK)
		return app_invalid(out, "scheme", N_("Choose bergen, kvp or the centre's default."));
	rc = app_begin(db);
	if (rc == SC_OK) {
		rc = store_benefit_period_scheme_set(db, actor->centre_id, participant_id, enrolment_id,
						     dflt ? NULL : scheme, actor->now);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, N_("The participant has no such programme period."));
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "enrolment.scheme", "enrolment", enrolment_id);
	out->id = enrolment_id;
	return app_end(db, rc, out);
}

/* ---- the centre's settings and the rules ---- */

int
app_benefit_settings(struct db *db, struct arena *a, const struct actor *actor, struct benefit_settings *s,
		     struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!may_read(actor))
		return forbidden(out);
	return store_benefit_settings_get(db, a, actor->centre_id, s);
}

int
app_benefit_settings_save(struct db *db, struct arena *a, const struct actor *actor, struct benefit_settings *in,
			  int64_t expected_version, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!may_write(actor))
		return forbidden(out);
	fields_check_required(benefit_settings_fields, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	struct benefit_settings now;
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_benefit_settings_get(db, a, actor->centre_id, &now);
	if (rc == SC_OK && now.version != expected_version) {
		out->version = now.version;
		rc = app_refuse(out, REFUSED_STALE, N_("Someone saved the settings since you opened them."));
	}
	if (rc == SC_OK && out->refusal == DONE && now.default_scheme != in->default_scheme)
		rc = store_benefit_scheme_freeze(db, actor->centre_id, benefit_scheme_key(now.default_scheme));
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_benefit_settings_set(db, actor->centre_id, in, expected_version, actor->user_id, actor->now);
		if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STALE, N_("Someone saved the settings since you opened them."));
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "benefit_settings.save", "centre", actor->centre_id);
	out->version = expected_version + 1;
	in->version = expected_version + 1;
	return app_end(db, rc, out);
}

int
app_benefit_schemes(struct db *db, struct arena *a, const struct actor *actor, struct benefit_scheme_view schemes[2],
		    struct benefit_g_input **g, size_t *ng, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!may_read(actor))
		return forbidden(out);
	int rc = SC_OK;
	for (int k = 0; k < 2 && rc == SC_OK; k++) {
		struct benefit_scheme_view *v = &schemes[k];
		memset(v, 0, sizeof *v);
		v->key = benefit_scheme_key(k);
		rc = store_benefit_params(db, a, v->key, actor->today, &v->now);
		if (rc == SC_OK)
			rc = store_benefit_param_history(db, a, v->key, &v->history, &v->nhistory);
		if (rc == SC_OK)
			rc = store_benefit_kinds_history(db, a, v->key, &v->kinds, &v->nkinds);
	}
	if (rc == SC_OK)
		rc = store_benefit_g_history(db, a, g, ng);
	return rc;
}

/* Adds a version in one transaction; SC_ECONFLICT becomes a duplicate. */
static int
version_done(struct db *db, const struct actor *actor, int rc, const char *action, const char *type,
	     struct outcome *out)
{
	if (rc == SC_ECONFLICT)
		rc = app_refuse(out, REFUSED_DUPLICATE, N_("A version from that date exists: choose another date."));
	else if (rc == SC_ENOTFOUND)
		rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, action, type, 0);
	return app_end(db, rc, out);
}

/* What a new version of G or a parameter did besides: the one it took
 * over from, and the first approved month the next run corrects. That
 * run looks back BENEFIT_CORRECTION_MONTHS from its month, at the
 * earliest the month before today's: an approved month further back is
 * never corrected, and is not named. */
static int
version_note(struct db *db, const struct actor *actor, const char *scheme, int name, struct date from,
	     int64_t value, bool replaces, struct benefit_version_note *note)
{
	memset(note, 0, sizeof *note);
	note->replaces = replaces;
	int y, m;
	benefit_month_add(actor->today.y, actor->today.m, -1 - BENEFIT_CORRECTION_MONTHS, &y, &m);
	return store_benefit_version_corrects(db, scheme, name, from, value, (struct date){y, m, 1},
					      note->corrects_from);
}

int
app_benefit_param_add(struct db *db, struct arena *a, const struct actor *actor, const char *scheme,
		      struct benefit_param_input *in, struct benefit_version_note *note, struct outcome *out)
{
	(void)a;
	memset(out, 0, sizeof *out);
	memset(note, 0, sizeof *note);
	if (!may_write(actor))
		return forbidden(out);
	int kind;
	if (benefit_scheme_parse(scheme, &kind) != SC_OK)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	fields_check_required(benefit_param_fields, in, &out->errors);
	benefit_param_check(in, kind, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	in->created_at = actor->now;
	in->created_by_name = actor->name;
	bool replaces = false;
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_benefit_param_add(db, scheme, in, actor->user_id, actor->now, &replaces);
	if (rc == SC_OK)
		rc = version_note(db, actor, scheme, in->name, in->valid_from, benefit_param_value(in), replaces, note);
	return version_done(db, actor, rc, "benefit_parameter.add", "benefit_scheme", out);
}

int
app_benefit_g_add(struct db *db, struct arena *a, const struct actor *actor, struct benefit_g_input *in,
		  struct benefit_version_note *note, struct outcome *out)
{
	(void)a;
	memset(out, 0, sizeof *out);
	memset(note, 0, sizeof *note);
	if (!may_write(actor))
		return forbidden(out);
	fields_check_required(benefit_g_fields, in, &out->errors);
	benefit_g_check(in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	in->created_at = actor->now;
	in->created_by_name = actor->name;
	bool replaces = false;
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_benefit_g_add(db, in, actor->user_id, actor->now, &replaces);
	if (rc == SC_OK)
		rc = version_note(db, actor, NULL, 0, in->valid_from, in->g_kr * 100, replaces, note);
	return version_done(db, actor, rc, "benefit_g.add", "benefit_g", out);
}

int
app_benefit_kinds_add(struct db *db, struct arena *a, const struct actor *actor, const char *scheme,
		      struct benefit_kinds_input *in, struct outcome *out)
{
	(void)a;
	memset(out, 0, sizeof *out);
	if (!may_write(actor))
		return forbidden(out);
	int kind;
	if (benefit_scheme_parse(scheme, &kind) != SC_OK)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	fields_check_required(benefit_kinds_fields, in, &out->errors);
	benefit_kinds_check(in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_benefit_kinds_add(db, scheme, in, actor->user_id, actor->now);
	return version_done(db, actor, rc, "benefit_kinds.add", "benefit_scheme", out);
}

int
app_benefit_tax_import(struct db *db, struct arena *a, const struct actor *actor, int64_t year,
		       const struct benefit_tax_row *rows, size_t n, struct outcome *out)
{
	(void)a;
	memset(out, 0, sizeof *out);
	if (!may_write(actor))
		return forbidden(out);
	if (year < 2000 || year > DATE_MAX_YEAR)
		return app_invalid(out, "year", N_("Give the year the tables are for, for example 2025."));
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_tax_tables_replace(db, (int)year, rows, n);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "tax_table.import", "tax_table_year", year);
	out->id = year;
	return app_end(db, rc, out);
}

int
app_benefit_tax_years(struct db *db, struct arena *a, const struct actor *actor, struct tax_year **items, size_t *n,
		      struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!may_read(actor))
		return forbidden(out);
	return store_tax_years(db, a, items, n);
}

/* ---- the calculator ---- */

/* a and b name one member of the described month, or one is within the
 * other ("tax" and "tax.percent", "children[0]" and "children"). */
static bool
same_member(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	const char *shorter = na <= nb ? a : b, *longer = na <= nb ? b : a;
	size_t n = na <= nb ? na : nb;
	return strncmp(shorter, longer, n) == 0 && (longer[n] == '\0' || longer[n] == '.' || longer[n] == '[');
}

int
app_benefit_calc(struct db *db, struct arena *a, const struct actor *actor, const char *scheme,
		 const struct benefit_input *in, const struct field_errors *unread, struct benefit_params *p,
		 struct benefit_statement *st, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!access_allows(actor->roles, RES_BENEFIT_CALC, ACT_READ))
		return app_refuse(out, REFUSED_FORBIDDEN, NULL);
	/* what could not be read, then what the rules say of the rest: all
	 * at once, one error a member */
	for (int i = 0; unread != NULL && i < unread->n; i++)
		field_error_copy(&out->errors, unread->field[i], unread, i);
	int kind;
	bool known = scheme != NULL && benefit_scheme_parse(scheme, &kind) == SC_OK;
	bool month = in->year >= DATE_MIN_YEAR && in->year <= DATE_MAX_YEAR && in->month >= 1 && in->month <= 12;
	if (!known)
		field_error_add(&out->errors, "scheme", N_("There is no such scheme: choose bergen or kvp."));
	if (!month)
		field_error_add(&out->errors, "month", N_("Give the month as YYYY-MM, for example 2025-09."));
	bool rules = false;
	if (known && month) {
		int rc = store_benefit_params(db, a, scheme, (struct date){in->year, in->month, 1}, p);
		if (rc == SC_ENOTFOUND)
			field_error_add(&out->errors, "scheme", N_("There is no such scheme: choose bergen or kvp."));
		else if (rc != SC_OK)
			return rc;
		else
			rules = true;
	}
	/* a month before the scheme's kinds of income (its first version):
	 * the month is what is wrong, not the kind given */
	bool kinds = rules && (p->reducing[0] != NULL || p->recorded[0] != NULL);
	if (rules && !kinds && in->nincome > 0)
		field_error_add(&out->errors, "month",
				N_("The scheme has no kinds of other income in force in that month."));
	struct field_errors checked = {0};
	benefit_input_check(kinds ? p : NULL, in, &checked);
	for (int i = 0; i < checked.n; i++) {
		bool said = false;
		for (int k = 0; k < out->errors.n && !said; k++)
			said = same_member(out->errors.field[k], checked.field[i]);
		if (!said)
			field_error_copy(&out->errors, checked.field[i], &checked, i);
	}
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	if (p->kind == BENEFIT_KVP && p->g_ore == 0)
		return app_invalid(out, "month", N_("No G is in force in that month."));
	struct tax_cache tax = {.db = db, .a = a};
	benefit_compute(p, in, benefit_tax_cached, &tax, st);
	if (tax.rc != SC_OK)
		return tax.rc;
	/* no participant's data: the read of the rules and tables is what is
	 * audited, without a record id */
	app_audit_read(db, actor, "benefit_calc.read", "benefit_calc", 0);
	return SC_OK;
}

int
app_benefit_calc_kinds(struct db *db, struct arena *a, const struct actor *actor, const char *scheme, struct date day,
		       struct benefit_params *p, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!access_allows(actor->roles, RES_BENEFIT_CALC, ACT_READ))
		return app_refuse(out, REFUSED_FORBIDDEN, NULL);
	int kind;
	if (scheme == NULL || benefit_scheme_parse(scheme, &kind) != SC_OK)
		return app_invalid(out, "scheme", N_("There is no such scheme: choose bergen or kvp."));
	int rc = store_benefit_params(db, a, scheme, day, p);
	if (rc == SC_ENOTFOUND)
		return app_invalid(out, "scheme", N_("There is no such scheme: choose bergen or kvp."));
	return rc;
}
