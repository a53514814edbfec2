/*
 * demo_benefits.c — the demo's benefit history; see demo_benefits.h.
 */
#include "cli/demo_benefits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/benefit.h"
#include "domain/access.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

/* The made-up monthly tables of the demo's tax cards, the same every year:
 * table t withholds (30 + (t - first) / 3) % of the gross above an
 * allowance of 4,000 - 100 × (t - first) kroner, at the middle of each row
 * of DEMO_TAX_STEP_KR kroner. malloc'd rows in *rows, or NULL. */
static struct benefit_tax_row *
tax_rows(size_t *n)
{
	size_t per = DEMO_TAX_TOP_KR / DEMO_TAX_STEP_KR;
	size_t count = (size_t)(DEMO_TAX_TABLE_LAST - DEMO_TAX_TABLE_FIRST + 1) * per;
	struct benefit_tax_row *rows = calloc(count, sizeof *rows);
	if (rows == NULL)
		return NULL;
	size_t k = 0;
	for (int t = DEMO_TAX_TABLE_FIRST; t <= DEMO_TAX_TABLE_LAST; t++) {
		int64_t step = t - DEMO_TAX_TABLE_FIRST;
		int64_t allowance = 4000 - 100 * step, rate = 30 + step / 3;
		for (size_t i = 0; i < per; i++, k++) {
			struct benefit_tax_row *r = &rows[k];
			snprintf(r->table_no, sizeof r->table_no, "%d", t);
			r->from_kr = (int64_t)i * DEMO_TAX_STEP_KR;
			r->to_kr = r->from_kr + DEMO_TAX_STEP_KR - 1;
			int64_t middle = r->from_kr + DEMO_TAX_STEP_KR / 2;
			r->withholding_kr = middle > allowance ? (middle - allowance) * rate / 100 : 0;
		}
	}
	*n = k;
	return rows;
}

int
demo_benefits(struct db *db, struct date today, int months, int skip, int64_t *audits, char *err, size_t errlen)
{
	int64_t now = date_to_days(today) * 86400 + 86399;
	struct arena *a = arena_new();
	if (a == NULL) {
		snprintf(err, errlen, "out of memory");
		return SC_ENOMEM;
	}
	struct user fin;
	int rc = store_user_by_username(db, a, "okonomi", false, &fin);
	if (rc != SC_OK) {
		snprintf(err, errlen, "benefits: no finance officer \"okonomi\" (%s)", sc_strerror(rc));
		arena_free(a);
		return rc;
	}
	struct actor officer = {.user_id = fin.id, .username = "okonomi", .name = "", .roles = ROLE_BIT(ROLE_FINANCE),
				.centre_id = 1, .address = "demo", .now = now, .today = today, .store = NULL};
	struct actor system = officer;
	system.user_id = 0;
	system.username = "";
	struct outcome out;
	struct benefit_settings s = {.default_scheme = BENEFIT_BERGEN, .debtor_name = "Andre sjanse Bergen",
				     .debtor_account = "12345678903", .execution_day = 20, .version = 0};
	struct benefit_settings now_s;
	rc = app_benefit_settings(db, a, &officer, &now_s, &out);
	if (rc == SC_OK)
		rc = app_benefit_settings_save(db, a, &officer, &s, now_s.version, &out);
	if (rc == SC_OK && out.refusal == DONE)
		(*audits)++;
	/* the tax tables of every year a run taxes: the first month's to today's */
	int first_y, first_m;
	benefit_month_add(today.y, today.m, -(months + skip), &first_y, &first_m);
	size_t ntax = 0;
	struct benefit_tax_row *tax = rc == SC_OK && out.refusal == DONE ? tax_rows(&ntax) : NULL;
	if (rc == SC_OK && out.refusal == DONE && tax == NULL)
		rc = SC_ENOMEM;
	for (int y = first_y; y <= today.y && rc == SC_OK && out.refusal == DONE; y++) {
		rc = app_benefit_tax_import(db, a, &officer, y, tax, ntax, &out);
		if (rc == SC_OK && out.refusal == DONE)
			(*audits)++;
		else if (rc == SC_OK)
			snprintf(err, errlen, "benefits: the tax tables of %d were refused", y);
	}
	free(tax);
	for (int k = months + skip; k >= 1 + skip && rc == SC_OK && out.refusal == DONE; k--) {
		int y, m;
		benefit_month_add(today.y, today.m, -k, &y, &m);
		char month[8];
		benefit_month_format(y, m, month);
		struct benefit_run run;
		struct arena *ma = arena_new();
		if (ma == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		rc = app_benefit_run_start(db, ma, &system, NULL, month, &run, &out);
		if (rc == SC_OK && out.refusal == DONE) {
			(*audits)++;
			rc = app_benefit_run_approve(db, ma, &officer, NULL, out.id, &out);
		}
		if (rc == SC_OK && out.refusal == DONE)
			(*audits)++;
		if (rc == SC_OK && out.refusal != DONE)
			snprintf(err, errlen, "benefits: the run of %s was refused (%s)", month,
				 out.message != NULL ? out.message : "?");
		arena_free(ma);
	}
	if (rc == SC_OK && out.refusal != DONE) {
		if (err[0] == '\0')
			snprintf(err, errlen, "benefits: the payment settings were refused");
		rc = SC_EINVAL;
	} else if (rc != SC_OK && err[0] == '\0') {
		snprintf(err, errlen, "benefits: %s", sc_strerror(rc));
	}
	arena_free(a);
	return rc;
}
