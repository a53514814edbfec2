/*
 * demo_benefits.c — the demo's benefit history; see demo_benefits.h.
 */
#include "cli/demo_benefits.h"

#include <stdio.h>
#include <string.h>

#include "app/benefit.h"
#include "domain/access.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#define DEMO_BENEFIT_MONTHS 36

int
demo_benefits(struct db *db, struct date today, int64_t *audits, char *err, size_t errlen)
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
	for (int k = DEMO_BENEFIT_MONTHS; k >= 1 && rc == SC_OK && out.refusal == DONE; k--) {
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
