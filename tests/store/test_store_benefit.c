/*
 * test_store_benefit.c — the benefit rules as dated parameters, on both
 * engines: the seeded schemes, a parameter's new version applying from its
 * date on (never editing the old one), the G series by date, the dated list
 * of income kinds, and the tax tables of a year replaced whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "fixture.h"
#include "store/store.h"
#include "util/err.h"

static struct benefit_params
params(struct fx *t, const char *scheme, int y, int m, int d)
{
	struct benefit_params p;
	int rc = store_benefit_params(t->db, t->a, scheme, (struct date){y, m, d}, &p);
	if (rc != SC_OK)
		fail_msg("params %s: %d", scheme, rc);
	return p;
}

static void
test_seeded_and_dated(void **state)
{
	struct fx *t = *state;
	struct benefit_params b = params(t, "bergen", 2025, 9, 1);
	assert_int_equal(b.kind, BENEFIT_BERGEN);
	assert_int_equal(b.month_amount_ore, 1500000);
	assert_int_equal(b.child_rate_ore, 2700);
	assert_int_equal(b.recovery_percent, 50);
	assert_true(benefit_kind_in("sykepenger", b.reducing));
	assert_true(benefit_kind_in("laerlingelonn", b.reducing));
	assert_true(benefit_kind_in("barnetrygd", b.recorded));
	assert_false(benefit_kind_in("barnetrygd", b.reducing));
	struct benefit_params k = params(t, "kvp", 2025, 4, 1);
	assert_int_equal(k.kind, BENEFIT_KVP);
	assert_int_equal(k.g_ore, 12402800);
	assert_int_equal(params(t, "kvp", 2025, 5, 1).g_ore, 13016000);
	assert_int_equal(params(t, "kvp", 2026, 4, 30).g_ore, 13016000);
	assert_int_equal(params(t, "kvp", 2026, 5, 1).g_ore, 13654900);
	assert_int_equal(params(t, "kvp", 2023, 4, 30).g_ore, 0);
	struct benefit_params none;
	assert_int_equal(store_benefit_params(t->db, t->a, "nav", (struct date){2025, 1, 1}, &none),
			 SC_ENOTFOUND);
	/* a new version from 2026-01-01: months before keep the old value */
	fx_exec("INSERT INTO benefit_parameters (scheme_id, name, value, valid_from, created_at)"
		" SELECT id, 'month_amount_ore', 1600000, '2026-01-01', 1 FROM benefit_schemes"
		" WHERE key = 'bergen'");
	assert_int_equal(params(t, "bergen", 2025, 12, 1).month_amount_ore, 1500000);
	assert_int_equal(params(t, "bergen", 2026, 1, 1).month_amount_ore, 1600000);
	/* a new list of kinds from 2026-03-01 without laerlingelonn */
	fx_exec("INSERT INTO benefit_income_kinds (scheme_id, valid_from, kind, reduces, created_at)"
		" SELECT id, '2026-03-01', 'sykepenger', 1, 1 FROM benefit_schemes WHERE key = 'bergen'");
	struct benefit_params later = params(t, "bergen", 2026, 3, 1);
	assert_true(benefit_kind_in("sykepenger", later.reducing));
	assert_false(benefit_kind_in("laerlingelonn", later.reducing));
	assert_true(benefit_kind_in("laerlingelonn", params(t, "bergen", 2026, 2, 1).reducing));
}

static void
test_tax_tables(void **state)
{
	struct fx *t = *state;
	struct benefit_tax_row rows[] = {
		{"8010", 0, 9999, 100}, {"8010", 10000, 19999, 4321}, {"7100", 0, 50000, 0},
	};
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_tax_tables_replace(t->db, 2025, rows, 3), SC_OK);
	assert_int_equal(store_tax_tables_replace(t->db, 2024, rows, 1), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	bool found;
	int64_t w = 0;
	assert_int_equal(store_tax_withholding(t->db, 2025, "8010", 15000, &found, &w), SC_OK);
	assert_true(found);
	assert_int_equal(w, 4321);
	assert_int_equal(store_tax_withholding(t->db, 2025, "8010", 19999, &found, &w), SC_OK);
	assert_true(found);
	assert_int_equal(w, 4321);
	assert_int_equal(store_tax_withholding(t->db, 2025, "8010", 20000, &found, &w), SC_OK);
	assert_false(found);
	assert_int_equal(store_tax_withholding(t->db, 2026, "8010", 15000, &found, &w), SC_OK);
	assert_false(found);
	int64_t n, tables;
	assert_int_equal(store_tax_tables_count(t->db, 2025, &n, &tables), SC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(tables, 2);
	/* the year again: replaced whole; other years kept */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_tax_tables_replace(t->db, 2025, rows + 2, 1), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_int_equal(store_tax_tables_count(t->db, 2025, &n, &tables), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_tax_tables_count(t->db, 2024, &n, &tables), SC_OK);
	assert_int_equal(n, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_seeded_and_dated),
		FX_TEST(test_tax_tables),
	};
	return fx_run("test_store_benefit", tests, sizeof tests / sizeof tests[0]);
}
