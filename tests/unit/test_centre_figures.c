/*
 * test_centre_figures.c — the national analyst's figures of every centre
 * (/centres, domain/centre.c): a centre's count of fewer than 5 cannot be
 * worked out from the total and the other centres (secondary suppression,
 * as the reports' rule A).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/centre.h"
#include "domain/report.h"
#include "util/arena.h"

/* The bit of the field keyed key. */
static uint32_t
bit(const char *key)
{
	for (size_t i = 0; i < centre_figures_fields.n; i++)
		if (strcmp(centre_figures_fields.f[i].key, key) == 0)
			return 1u << i;
	fail_msg("no field %s", key);
	return 0;
}

/* Three centres of active 3, 10 and 12 (total 25): the 3 is hidden as fewer
 * than 5, and the 10 (the smallest shown) with it, else 25 - 10 - 12 would
 * tell it; the 12 and the total stay. Waiting 20, 30, 40: nothing hidden.
 * Contact persons (staff, not participants) are never hidden. */
static void
test_one_small_centre_hides_another(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct centre_figures c[3] = {
		{.id = 1, .name = "A", .active = 3, .waiting = 20, .contact_persons = 1},
		{.id = 2, .name = "B", .active = 10, .waiting = 30, .contact_persons = 2},
		{.id = 3, .name = "C", .active = 12, .waiting = 40, .contact_persons = 3},
	};
	struct centre_figures total = {.name = ""};
	for (size_t i = 0; i < 3; i++)
		centre_figures_add(&total, &c[i]);
	assert_int_equal(centre_figures_protect(c, 3, &total, a), 0);
	assert_int_equal(c[0].hidden & bit("active"), 0);   /* hidden already: fewer than 5 */
	assert_int_equal(c[1].hidden & bit("active"), bit("active"));
	assert_int_equal(c[2].hidden & bit("active"), 0);
	assert_int_equal(total.hidden & bit("active"), 0);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(c[i].hidden & bit("waiting"), 0);
		assert_int_equal(c[i].hidden & bit("contact_persons"), 0);
	}
	arena_free(a);
}

/* Two hidden centres of together 5 or more (3 and 4 of 27): nothing more is
 * hidden. A zero is a count like any under 5 (0, 2 and 30 of 32: the 0 and
 * the 2 together are under 5, so the 30 is hidden too; the total of 32
 * then tells no centre's). */
static void
test_two_hidden_and_the_total(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct centre_figures c[3] = {
		{.id = 1, .active = 3, .paused = 0},
		{.id = 2, .active = 4, .paused = 2},
		{.id = 3, .active = 20, .paused = 30},
	};
	struct centre_figures total = {.name = ""};
	for (size_t i = 0; i < 3; i++)
		centre_figures_add(&total, &c[i]);
	assert_int_equal(centre_figures_protect(c, 3, &total, a), 0);
	assert_int_equal(c[2].hidden & bit("active"), 0);
	assert_int_equal(total.hidden & bit("active"), 0);
	assert_int_equal(c[2].hidden & bit("paused"), bit("paused"));
	assert_int_equal(total.hidden & bit("paused"), 0);
	arena_free(a);
}

/* One centre: its row is the total; a count under 5 hides both. */
static void
test_one_centre(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct centre_figures c[1] = {{.id = 1, .active = 40, .exited_this_year = 2}};
	struct centre_figures total = {.name = ""};
	centre_figures_add(&total, &c[0]);
	assert_int_equal(centre_figures_protect(c, 1, &total, a), 0);
	assert_int_equal(c[0].hidden, 0);
	assert_int_equal(total.hidden, 0);
	struct report_cell t = {.kind = RC_COUNT, .n = total.exited_this_year};
	assert_false(report_cell_shown(&t));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_small_centre_hides_another),
		cmocka_unit_test(test_two_hidden_and_the_total),
		cmocka_unit_test(test_one_centre),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
