/*
 * test_ordmap.c — int64 keys to their ordinals (util/ordmap.h): ordinals
 * in the order first added, a look-up that adds nothing, growth past the
 * first table with every ordinal kept, any int64 as a key, and an empty
 * map after free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/ordmap.h"

static void
test_ordinals_in_order(void **state)
{
	(void)state;
	struct ordmap m = {0};
	assert_int_equal(ordmap_get(&m, 42, false), ORDMAP_NONE);
	assert_int_equal(m.n, 0);
	assert_int_equal(ordmap_get(&m, 42, true), 0);
	assert_int_equal(ordmap_get(&m, -7, true), 1);
	assert_int_equal(ordmap_get(&m, INT64_MIN, true), 2);
	assert_int_equal(ordmap_get(&m, INT64_MAX, true), 3);
	assert_int_equal(ordmap_get(&m, 0, true), 4);
	/* met again: the same ordinal, nothing added */
	assert_int_equal(ordmap_get(&m, 42, true), 0);
	assert_int_equal(ordmap_get(&m, INT64_MIN, false), 2);
	assert_int_equal(ordmap_get(&m, 43, false), ORDMAP_NONE);
	assert_int_equal(m.n, 5);
	assert_true(m.key[1] == -7);
	assert_true(m.key[2] == INT64_MIN);
	ordmap_free(&m);
	assert_int_equal(m.n, 0);
	assert_int_equal(m.cap, 0);
	assert_null(m.key);
	assert_int_equal(ordmap_get(&m, 42, false), ORDMAP_NONE);
}

/* A centre's run of ids, and ids a table's size apart (the low bits
 * alike), through several growths: each keeps its ordinal. */
static void
test_growth_keeps_ordinals(void **state)
{
	(void)state;
	struct ordmap m = {0};
	enum { N = 20000 };
	for (int64_t i = 0; i < N; i++) {
		int64_t k = i % 2 == 0 ? INT64_C(1000000000000) + i : i * 4096;
		assert_int_equal(ordmap_get(&m, k, true), (uint32_t)i);
	}
	assert_int_equal(m.n, N);
	assert_true(m.cap >= 2 * (size_t)N);
	for (int64_t i = N - 1; i >= 0; i--) {
		int64_t k = i % 2 == 0 ? INT64_C(1000000000000) + i : i * 4096;
		assert_int_equal(ordmap_get(&m, k, false), (uint32_t)i);
		assert_true(m.key[i] == k);
	}
	assert_int_equal(ordmap_get(&m, INT64_C(1000000000001), false), ORDMAP_NONE);
	assert_int_equal(m.n, N);
	ordmap_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ordinals_in_order),
		cmocka_unit_test(test_growth_keeps_ordinals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
