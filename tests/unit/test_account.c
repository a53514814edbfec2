/*
 * test_account.c — table-driven tests of bank account and organisation
 * number checks (src/domain/account.c). Literals were checked with an
 * independent Python implementation of the mod-11 rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "domain/account.h"
#include "util/err.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char R_ACC_FORM[] = "must be 11 digits, written 1234.56.78903 or without dots";
static const char R_ORG_FORM[] = "must be 9 digits";
static const char R_CHECK[] = "the check digit does not match";

static void
test_account_valid(void **state)
{
	static const struct { const char *in, *want; } rows[] = {
		{ "12345678903", "12345678903" },
		{ "1234.56.78903", "12345678903" },
		{ "1234 56 78903", "12345678903" },
		{ "  1234.56.78903 ", "12345678903" },	/* outer spaces */
		{ "86011117947", "86011117947" },
		{ "8601.11.17947", "86011117947" },
		{ "70580500003", "70580500003" },	/* remainder 0: check 0 */
		{ "3000.00.00007", "30000000007" },
		{ "1503 88 96072", "15038896072" },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		char out[12];
		const char *reason = NULL;
		if (account_validate(rows[i].in, out, &reason) != 0)
			fail_msg("\"%s\" refused: %s", rows[i].in, reason);
		assert_string_equal(out, rows[i].want);
		assert_null(reason);
	}
}

static void
test_account_invalid(void **state)
{
	static const struct { const char *in; const char *reason; } rows[] = {
		{ "", R_ACC_FORM },
		{ "   ", R_ACC_FORM },
		{ "1234567890", R_ACC_FORM },		/* 10 digits */
		{ "123456789033", R_ACC_FORM },		/* 12 digits */
		{ "1234.56.7890", R_ACC_FORM },
		{ "1234.56.789033", R_ACC_FORM },
		{ "123.456.78903", R_ACC_FORM },	/* wrong grouping */
		{ "12345.6.78903", R_ACC_FORM },
		{ "1234.5678903", R_ACC_FORM },		/* one separator */
		{ "123456.78903", R_ACC_FORM },
		{ "1234.56 78903", R_ACC_FORM },	/* mixed separators */
		{ "1234..56.78903", R_ACC_FORM },
		{ "1234-56-78903", R_ACC_FORM },	/* hyphens */
		{ ".1234.56.78903", R_ACC_FORM },
		{ "1234.56.78903.", R_ACC_FORM },
		{ "1234.56.7890a", R_ACC_FORM },
		{ "NO9386011117947", R_ACC_FORM },	/* an IBAN */
		{ "12345678904", R_CHECK },
		{ "1234.56.78900", R_CHECK },
		{ "86011117948", R_CHECK },
		{ "15038896071", R_CHECK },
		{ "12345678130", R_CHECK },		/* remainder 1 */
		{ "12345678139", R_CHECK },
		{ "21345678903", R_CHECK },		/* transposition */
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		char out[12] = "untouched";
		const char *reason = NULL;
		if (account_validate(rows[i].in, out, &reason) != SC_EINVAL)
			fail_msg("\"%s\" accepted", rows[i].in);
		assert_non_null(reason);
		assert_string_equal(reason, rows[i].reason);
		assert_string_equal(out, "untouched");
	}
	char out[12];
	const char *reason = NULL;
	assert_int_equal(account_validate(NULL, out, &reason), SC_EINVAL);
	assert_string_equal(reason, R_ACC_FORM);
	assert_int_equal(account_validate("12345678904", out, NULL), SC_EINVAL);
}

/* Every single-digit substitution of a valid number is refused. */
static void
test_account_single_digit_errors(void **state)
{
	(void)state;
	static const char *const valid[] = { "12345678903", "86011117947", "70580500003" };
	for (size_t i = 0; i < NELEM(valid); i++) {
		for (int pos = 0; pos < 11; pos++) {
			for (int delta = 1; delta <= 9; delta++) {
				char s[12], out[12];
				memcpy(s, valid[i], sizeof s);
				s[pos] = (char)('0' + (s[pos] - '0' + delta) % 10);
				if (account_validate(s, out, NULL) == 0)
					fail_msg("%s accepted", s);
			}
		}
	}
}

static void
test_orgno(void **state)
{
	static const struct { const char *in, *want; } valid[] = {
		{ "974760673", "974760673" },	/* Brønnøysundregistrene */
		{ "974 760 673", "974760673" },
		{ " 974760673  ", "974760673" },
		{ "923456783", "923456783" },
		{ "999999999", "999999999" },	/* remainder 0 */
		{ "812345672", "812345672" },
	};
	static const struct { const char *in; const char *reason; } invalid[] = {
		{ "", R_ORG_FORM },
		{ "97476067", R_ORG_FORM },
		{ "9747606733", R_ORG_FORM },
		{ "974.760.673", R_ORG_FORM },
		{ "9747 60673", R_ORG_FORM },
		{ "974 760673", R_ORG_FORM },
		{ "974  760 673", R_ORG_FORM },
		{ "NO974760673MVA", R_ORG_FORM },
		{ "97476067x", R_ORG_FORM },
		{ "974760674", R_CHECK },
		{ "974 760 670", R_CHECK },
		{ "912345670", R_CHECK },	/* remainder 1 */
		{ "912345671", R_CHECK },
		{ "947760673", R_CHECK },	/* transposition */
	};
	(void)state;
	for (size_t i = 0; i < NELEM(valid); i++) {
		char out[10];
		const char *reason = NULL;
		if (orgno_validate(valid[i].in, out, &reason) != 0)
			fail_msg("\"%s\" refused: %s", valid[i].in, reason);
		assert_string_equal(out, valid[i].want);
	}
	for (size_t i = 0; i < NELEM(invalid); i++) {
		char out[10] = "intact";
		const char *reason = NULL;
		if (orgno_validate(invalid[i].in, out, &reason) != SC_EINVAL)
			fail_msg("\"%s\" accepted", invalid[i].in);
		assert_string_equal(reason, invalid[i].reason);
		assert_string_equal(out, "intact");
	}
	char out[10];
	assert_int_equal(orgno_validate(NULL, out, NULL), SC_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_account_valid),
		cmocka_unit_test(test_account_invalid),
		cmocka_unit_test(test_account_single_digit_errors),
		cmocka_unit_test(test_orgno),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
