/*
 * test_nin.c — table-driven tests of fødselsnummer and D-number validation
 * (src/domain/nin.c).
 *
 * The literal numbers were checked with an independent Python implementation
 * of the same rules; the generated ones come from a reference implementation
 * below that builds numbers forwards (date -> digits), the opposite direction
 * of the code under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/nin.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define MALE NIN_SEX_MALE
#define FEMALE NIN_SEX_FEMALE
#define UNKNOWN NIN_SEX_UNKNOWN

struct valid_row {
	const char *in;
	unsigned flags;
	enum nin_kind kind;
	bool synthetic;
	struct date birth;
	enum nin_sex sex;
	bool old_rule;
};

static const struct valid_row valid_rows[] = {
	/* the commonly used example: 2007 (individual 501, year 07) */
	{ "01010750160", 0, NIN_FNR, false, D(2007, 1, 1), MALE, true },
	{ "15076500565", 0, NIN_FNR, false, D(1965, 7, 15), MALE, true },
	{ "31129949980", 0, NIN_FNR, false, D(1999, 12, 31), MALE, true },
	{ "05088023457", 0, NIN_FNR, false, D(1980, 8, 5), FEMALE, true },
	{ "30018023454", 0, NIN_FNR, false, D(1980, 1, 30), FEMALE, true },
	/* individual 500..749 with year 54..99: the 1800s */
	{ "01018550063", 0, NIN_FNR, false, D(1885, 1, 1), FEMALE, true },
	/* individual 900..999 with year 40..99: the 1900s */
	{ "15054590331", 0, NIN_FNR, false, D(1945, 5, 15), MALE, true },
	/* individual 500..999 with year 00..39: the 2000s (leap day 2000) */
	{ "01020075046", 0, NIN_FNR, false, D(2000, 2, 1), FEMALE, true },
	/* D-number: first digit + 4 */
	{ "41018036736", 0, NIN_DNR, false, D(1980, 1, 1), MALE, true },
	/* k1 by the 2032 rule, remainders 1, 2, 3: sex not reported */
	{ "01019090066", 0, NIN_FNR, false, D(1990, 1, 1), UNKNOWN, false },
	{ "01019090074", 0, NIN_FNR, false, D(1990, 1, 1), UNKNOWN, false },
	{ "01019090082", 0, NIN_FNR, false, D(1990, 1, 1), UNKNOWN, false },
	{ "15076500573", 0, NIN_FNR, false, D(1965, 7, 15), UNKNOWN, false },
	{ "15076500581", 0, NIN_FNR, false, D(1965, 7, 15), UNKNOWN, false },
	/* synthetic (month + 80) and H-numbers (month + 40) when allowed */
	{ "01819012365", NIN_ALLOW_SYNTHETIC, NIN_FNR, true, D(1990, 1, 1), MALE, true },
	{ "41819012359", NIN_ALLOW_SYNTHETIC, NIN_DNR, true, D(1990, 1, 1), MALE, true },
	{ "01419012382", NIN_ALLOW_HNR, NIN_HNR, false, D(1990, 1, 1), MALE, true },
	{ "01419012382", NIN_ALLOW_HNR | NIN_ALLOW_SYNTHETIC, NIN_HNR, false, D(1990, 1, 1), MALE, true },
};

static const char R_LEN[] = "must be 11 digits";
static const char R_DATE[] = "is not a valid date";
static const char R_CHECK[] = "the check digits do not match";
static const char R_INDIV[] = "the individual number does not fit the birth year";
static const char R_HNR[] = "is an H-number, not a national identity number";
static const char R_SYNTH[] = "is a synthetic test number";

static const struct { const char *in; unsigned flags; const char *reason; } invalid_rows[] = {
	{ "", 0, R_LEN },
	{ "0101075016", 0, R_LEN },		/* 10 digits */
	{ "010107501600", 0, R_LEN },		/* 12 digits */
	{ "0101075016a", 0, R_LEN },		/* a letter */
	{ "O1010750160", 0, R_LEN },		/* letter O for zero */
	{ "010107 50160", 0, R_LEN },		/* a space */
	{ " 01010750160", 0, R_LEN },
	{ "010107-50160", 0, R_LEN },
	{ "31027012356", 0, R_DATE },		/* 31 February, check digits fine */
	{ "29029900157", 0, R_DATE },		/* 29 February 1999 */
	{ "29020045688", 0, R_DATE },		/* 29 February 1900 (individual 456) */
	{ "01136012343", 0, R_DATE },		/* month 13 */
	{ "72019012345", 0, R_DATE },		/* D-number with day 72 (32) */
	{ "41419012376", NIN_ALLOW_HNR, R_DATE },	/* both D and H */
	{ "15076500557", 0, R_CHECK },		/* k1 wrong (remainder 10) */
	{ "15076500506", 0, R_CHECK },		/* k1 wrong (remainder 4) */
	{ "01019090090", 0, R_CHECK },		/* k1 remainder 4 */
	{ "15076500566", 0, R_CHECK },		/* k2 wrong */
	{ "01010750161", 0, R_CHECK },		/* k2 wrong */
	{ "15076500590", 0, R_CHECK },		/* k2 remainder 1, k1 fine */
	{ "15076500599", 0, R_CHECK },
	{ "12345678910", 0, R_CHECK },
	{ "05044560110", 0, R_INDIV },		/* individual 601 with year 45 */
	{ "01419012382", 0, R_HNR },
	{ "01419012382", NIN_ALLOW_SYNTHETIC, R_HNR },
	{ "01819012365", 0, R_SYNTH },
	{ "01819012365", NIN_ALLOW_HNR, R_SYNTH },
	{ "41819012359", 0, R_SYNTH },
};

static void
test_valid_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(valid_rows); i++) {
		const struct valid_row *r = &valid_rows[i];
		struct nin_info info;
		const char *reason = NULL;
		int rc = nin_validate_ex(r->in, r->flags, &info, &reason);
		if (rc != 0)
			fail_msg("%s refused: %s", r->in, reason);
		assert_null(reason);
		assert_int_equal(info.kind, r->kind);
		assert_int_equal(info.synthetic, r->synthetic);
		assert_int_equal(date_cmp(info.birth, r->birth), 0);
		assert_int_equal(info.sex, r->sex);
		assert_int_equal(info.old_k1_rule, r->old_rule);
		assert_string_equal(info.digits, r->in);
		assert_true(nin_matches_birth_date(&info, r->birth));
		assert_false(nin_matches_birth_date(&info, date_add_days(r->birth, 1)));
		if (r->flags == 0) {
			/* the plain entry point gives the same answer */
			struct nin_info again;
			assert_int_equal(nin_validate(r->in, &again, NULL), 0);
			assert_memory_equal(&again, &info, sizeof info);
		}
	}
}

static void
test_invalid_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(invalid_rows); i++) {
		struct nin_info info;
		memset(&info, 0x5a, sizeof info);
		const char *reason = NULL;
		int rc = nin_validate_ex(invalid_rows[i].in, invalid_rows[i].flags,
		    &info, &reason);
		if (rc != SC_EINVAL)
			fail_msg("\"%s\" accepted", invalid_rows[i].in);
		assert_non_null(reason);
		if (strcmp(reason, invalid_rows[i].reason) != 0)
			fail_msg("\"%s\": reason \"%s\", want \"%s\"",
			    invalid_rows[i].in, reason, invalid_rows[i].reason);
		assert_int_equal(info.digits[0], 0x5a);	/* untouched */
	}
	const char *reason = NULL;
	assert_int_equal(nin_validate(NULL, NULL, &reason), SC_EINVAL);
	assert_string_equal(reason, R_LEN);
	/* out and reason may both be NULL */
	assert_int_equal(nin_validate("01010750160", NULL, NULL), 0);
	assert_int_equal(nin_validate("01010750161", NULL, NULL), SC_EINVAL);
	assert_false(nin_matches_birth_date(NULL, D(2007, 1, 1)));
}

/* Reference: builds the number for a date, individual number and wanted k1
 * remainder (0 = the old rule), or returns false when k2 would be 10. */
static bool
make_nin(int day, int month, int yy, int individual, int want_r1, char out[12])
{
	static const int w1[9] = { 3, 7, 6, 1, 8, 9, 4, 5, 2 };
	static const int w2[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	int dg[11] = {
		day / 10, day % 10, month / 10, month % 10, yy / 10, yy % 10,
		individual / 100, individual / 10 % 10, individual % 10,
	};
	int s1 = 0;
	for (int i = 0; i < 9; i++)
		s1 += w1[i] * dg[i];
	/* smallest k1 with (s1 + k1) % 11 == want_r1 */
	dg[9] = -1;
	for (int k1 = 0; k1 <= 9; k1++) {
		if ((s1 + k1) % 11 == want_r1) {
			dg[9] = k1;
			break;
		}
	}
	if (dg[9] < 0)
		return false;
	int s2 = 0;
	for (int i = 0; i < 10; i++)
		s2 += w2[i] * dg[i];
	if (s2 % 11 == 1)
		return false;
	dg[10] = s2 % 11 == 0 ? 0 : 11 - s2 % 11;
	for (int i = 0; i < 11; i++)
		out[i] = (char)('0' + dg[i]);
	out[11] = '\0';
	return true;
}

/* An individual number that gives year y, varied by n. */
static int
individual_for(int y, int n)
{
	if (n < 0)
		n = -n;
	if (y < 1900)
		return 500 + n % 250;
	if (y >= 2000)
		return 500 + n % 500;
	if (y % 100 >= 40 && n % 3 == 0)
		return 900 + n % 100;
	return n % 500;
}

/* Every third day from 1854 to 2039, as fødselsnummer and D-number, with all
 * four k1 remainders: valid, right date, right kind; sex only for the old
 * rule; and changing k2 or making k1's remainder 4 is always refused. */
static void
test_generated(void **state)
{
	(void)state;
	int checked = 0;
	int64_t first = date_to_days(D(1854, 1, 1));
	int64_t last = date_to_days(D(2039, 12, 31));
	for (int64_t n = first; n <= last; n += 3) {
		struct date b = date_from_days(n);
		for (int variant = 0; variant < 8; variant++) {
			bool dnr = variant & 1;
			int want_r1 = variant / 2;
			char s[12];
			int ind = individual_for(b.y, (int)(n + variant));
			int tries = 0;
			while (!make_nin(b.d + (dnr ? 40 : 0), b.m, b.y % 100, ind,
			    want_r1, s)) {
				ind = individual_for(b.y, (int)(n + variant) + ++tries * 7);
				assert_true(tries < 50);
			}
			struct nin_info info;
			const char *reason = NULL;
			if (nin_validate(s, &info, &reason) != 0)
				fail_msg("%s refused: %s", s, reason);
			if (date_cmp(info.birth, b) != 0)
				fail_msg("%s: birth %d-%d-%d", s, info.birth.y, info.birth.m, info.birth.d);
			assert_int_equal(info.kind, dnr ? NIN_DNR : NIN_FNR);
			if (info.old_k1_rule != (want_r1 == 0))
				fail_msg("%s: old_k1_rule %d, want r1 %d", s, info.old_k1_rule, want_r1);
			if (want_r1 == 0)
				assert_int_equal(info.sex, (ind % 2) ? NIN_SEX_MALE : NIN_SEX_FEMALE);
			else
				assert_int_equal(info.sex, NIN_SEX_UNKNOWN);

			char bad[12];
			memcpy(bad, s, sizeof bad);
			bad[10] = (char)('0' + (s[10] - '0' + 1) % 10);
			assert_int_equal(nin_validate(bad, NULL, NULL), SC_EINVAL);
			if (make_nin(b.d, b.m, b.y % 100, ind, 4, bad))
				assert_int_equal(nin_validate(bad, NULL, NULL), SC_EINVAL);
			checked++;
		}
	}
	assert_true(checked > 150000);
}

/* Any single-digit change to a valid number is caught (mod 11 with weights
 * that are all non-zero mod 11 catches every single substitution in k2's
 * span; a change of k2 itself is caught by the comparison). */
static void
test_single_digit_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(valid_rows); i++) {
		if (valid_rows[i].flags != 0)
			continue;
		for (int pos = 0; pos < 11; pos++) {
			for (int delta = 1; delta <= 9; delta++) {
				char s[12];
				memcpy(s, valid_rows[i].in, sizeof s);
				s[pos] = (char)('0' + (s[pos] - '0' + delta) % 10);
				if (nin_validate(s, NULL, NULL) == 0)
					fail_msg("%s -> %s accepted", valid_rows[i].in, s);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_rows),
		cmocka_unit_test(test_invalid_rows),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_single_digit_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
