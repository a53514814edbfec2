/*
 * test_orgnr.c — organisation numbers (src/domain/orgnr.c): valid and
 * invalid rows, the remainder that gives check digit 10, the remainder 0,
 * and input that is not nine digits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "domain/orgnr.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char FORMAT[] = "Write the organisation number as 9 digits.";
static const char CHECK[] = "This is not an organisation number: the check digit does not match.";

static void
test_rows(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *reason;   /* NULL: valid */
	} rows[] = {
		{"974760673", NULL},   /* the Register of Legal Entities */
		{"923609016", NULL},
		{"987654325", NULL},
		{"812345672", NULL},
		{"999999999", NULL},
		{"910000020", NULL},   /* remainder 0: check digit 0 */
		{"910000164", CHECK},  /* remainder 0 wants 0, not 11 - 0 */
		{"910000160", NULL},
		{"974760672", CHECK},
		{"974760674", CHECK},
		{"923609061", CHECK},  /* two digits swapped */
		{"910000080", CHECK},  /* remainder 1: check digit 10, no number */
		{"910000081", CHECK},
		{"910000089", CHECK},
		{"912345670", CHECK},
		{"97476067", FORMAT},
		{"9747606730", FORMAT},
		{"974 760 673", FORMAT},
		{" 974760673", FORMAT},
		{"97476067a", FORMAT},
		{"-97476067", FORMAT},
		{"97476067\xef\xbc\x93", FORMAT}, /* a full-width 3 */
		{"", FORMAT},
		{NULL, FORMAT},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		const char *reason = "untouched";
		bool ok = orgnr_valid(rows[i].in, &reason);
		if (rows[i].reason == NULL) {
			if (!ok)
				fail_msg("%s refused: %s", rows[i].in, reason);
			assert_null(reason);
		} else {
			if (ok)
				fail_msg("%s accepted", rows[i].in ? rows[i].in : "NULL");
			assert_string_equal(reason, rows[i].reason);
		}
	}
	assert_true(orgnr_valid("974760673", NULL));
	assert_false(orgnr_valid("974760672", NULL));
}

static void
test_check_digit(void **state)
{
	(void)state;
	/* Of every block of eight digits, exactly one ninth digit makes a
	 * number, or none when the remainder is 1: check 100 000 blocks */
	int none = 0;
	for (int b = 91000000; b < 91100000; b++) {
		char s[10], d[8];
		for (int i = 7, v = b; i >= 0; i--, v /= 10)
			d[i] = (char)(v % 10), s[i] = (char)('0' + v % 10);
		s[9] = '\0';
		int valid = 0;
		for (int k = 0; k < 10; k++) {
			s[8] = (char)('0' + k);
			if (orgnr_valid(s, NULL)) {
				valid++;
				assert_int_equal(orgnr_check_digit(d), k);
			}
		}
		if (valid == 0) {
			assert_int_equal(orgnr_check_digit(d), -1);
			none++;
		} else
			assert_int_equal(valid, 1);
	}
	/* the blocks with remainder 1, counted by an independent script */
	assert_int_equal(none, 9091);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_check_digit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
