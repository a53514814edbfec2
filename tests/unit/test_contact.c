/*
 * test_contact.c — table-driven tests of telephone, e-mail and postcode
 * checks (src/domain/contact.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "domain/contact.h"
#include "util/err.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char R_FORM[] = "must be 8 digits, or + and the country code for a number abroad";
static const char R_CHARS[] = "may contain only digits, spaces and a leading +";
static const char R_NO8[] = "a Norwegian number must have 8 digits after +47";
static const char R_NO01[] = "a Norwegian number cannot start with 0 or 1";
static const char R_INTL[] = "must have 8 to 15 digits after +";
static const char R_CC0[] = "the country code cannot start with 0";
static const char R_LONG[] = "is too long for a telephone number";

static void
test_phone_valid(void **state)
{
	static const struct { const char *in, *want; } rows[] = {
		{ "41234567", "+4741234567" },
		{ "412 34 567", "+4741234567" },
		{ "41 23 45 67", "+4741234567" },
		{ "+4741234567", "+4741234567" },
		{ "+47 412 34 567", "+4741234567" },
		{ "0047 41234567", "+4741234567" },
		{ "004741234567", "+4741234567" },
		{ "  55 12 34 56  ", "+4755123456" },	/* Bergen landline */
		{ "99-88-77-66", "+4799887766" },
		{ "80012345", "+4780012345" },
		{ "+46701234567", "+46701234567" },	/* Sweden */
		{ "+46 70 123 45 67", "+46701234567" },
		{ "0046701234567", "+46701234567" },
		{ "+252612345678", "+252612345678" },	/* Somalia */
		{ "+291 7 123456", "+2917123456" },	/* Eritrea */
		{ "+12025550123", "+12025550123" },
		{ "+12345678", "+12345678" },		/* 8 digits: shortest */
		{ "+123456789012345", "+123456789012345" },	/* 15: longest */
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		char out[PHONE_MAX];
		const char *reason = NULL;
		if (phone_normalise(rows[i].in, out, &reason) != 0)
			fail_msg("\"%s\" refused: %s", rows[i].in, reason);
		assert_string_equal(out, rows[i].want);
	}
}

static void
test_phone_invalid(void **state)
{
	static const struct { const char *in; const char *reason; } rows[] = {
		{ "", R_FORM },
		{ "   ", R_FORM },
		{ "4123456", R_FORM },			/* 7 digits */
		{ "412345678", R_FORM },		/* 9 digits */
		{ "01234567", R_NO01 },
		{ "11234567", R_NO01 },
		{ "+4701234567", R_NO01 },
		{ "+47412345678", R_NO8 },
		{ "+474123456", R_NO8 },
		{ "0047412345", R_NO8 },
		{ "+47", R_NO8 },
		{ "+1234567", R_INTL },			/* 7 digits */
		{ "+1234567890123456", R_INTL },	/* 16 digits */
		{ "+", R_INTL },
		{ "00", R_INTL },
		{ "+0123456789", R_CC0 },
		{ "000123456789", R_CC0 },
		{ "4123 456a", R_CHARS },
		{ "(+47) 41234567", R_CHARS },
		{ "412.34.567", R_CHARS },
		{ "41+234567", R_CHARS },
		{ "++4741234567", R_CHARS },
		{ "+47 41234567 ext 2", R_CHARS },
		{ "123456789012345678901234567890", R_LONG },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		char out[PHONE_MAX] = "intact";
		const char *reason = NULL;
		if (phone_normalise(rows[i].in, out, &reason) != SC_EINVAL)
			fail_msg("\"%s\" accepted as %s", rows[i].in, out);
		if (reason == NULL || strcmp(reason, rows[i].reason) != 0)
			fail_msg("\"%s\": reason \"%s\", want \"%s\"", rows[i].in,
			    reason ? reason : "(null)", rows[i].reason);
		assert_string_equal(out, "intact");
	}
	char out[PHONE_MAX];
	assert_int_equal(phone_normalise(NULL, out, NULL), SC_EINVAL);
}

static void
test_email(void **state)
{
	static const char *const valid[] = {
		"ola@example.no",
		"ola.nordmann@nav.no",
		"a@b.co",
		"first.last+tag@sub.domain.example.com",
		"o'brien@example.ie",
		"user_name-1@my-host.example",
		"x@xn--blbr-roa6f.no",	/* IDN in ACE form */
		"1234@123.example",
		"a@b.c1",
		"!#$%&'*+/=?^_`{|}~-@example.org",
	};
	static const struct { const char *in; const char *reason; } invalid[] = {
		{ "", "must not be empty" },
		{ "ola", "must contain exactly one @" },
		{ "ola@@example.no", "must contain exactly one @" },
		{ "ola@nav@example.no", "must contain exactly one @" },
		{ "@example.no", "the part before @ is empty" },
		{ "ola@", "the part after @ is empty" },
		{ "ola @example.no", "must not contain spaces" },
		{ "ola@example.no ", "must not contain spaces" },
		{ "ola\t@example.no", "must not contain spaces" },
		{ "ola\n@example.no", "contains a control character" },
		{ "ola@localhost", "the domain must contain a dot" },
		{ ".ola@example.no", "the part before @ has a misplaced dot" },
		{ "ola.@example.no", "the part before @ has a misplaced dot" },
		{ "ola..n@example.no", "the part before @ has a misplaced dot" },
		{ "ola,n@example.no", "the part before @ contains a character that is not allowed" },
		{ "\"ola\"@example.no", "the part before @ contains a character that is not allowed" },
		{ "Ola <ola@example.no>", "must not contain spaces" },
		{ "ola@example..no", "the domain has an empty part" },
		{ "ola@.example.no", "the domain has an empty part" },
		{ "ola@example.no.", "the domain has an empty part" },
		{ "ola@-example.no", "a part of the domain cannot start or end with a hyphen" },
		{ "ola@example-.no", "a part of the domain cannot start or end with a hyphen" },
		{ "ola@exa_mple.no", "the domain may contain only letters, digits, hyphens and dots" },
		{ "ola@blåbær.no", "the domain may contain only letters, digits, hyphens and dots" },
		{ "ola@[10.0.0.1]", "the domain may contain only letters, digits, hyphens and dots" },
		{ "ola@10.0.0.1", "the domain must end with a name such as .no" },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(valid); i++) {
		const char *reason = NULL;
		if (email_validate(valid[i], &reason) != 0)
			fail_msg("\"%s\" refused: %s", valid[i], reason);
	}
	for (size_t i = 0; i < NELEM(invalid); i++) {
		const char *reason = NULL;
		if (email_validate(invalid[i].in, &reason) != SC_EINVAL)
			fail_msg("\"%s\" accepted", invalid[i].in);
		if (reason == NULL || strcmp(reason, invalid[i].reason) != 0)
			fail_msg("\"%s\": reason \"%s\", want \"%s\"", invalid[i].in,
			    reason ? reason : "(null)", invalid[i].reason);
	}
	assert_int_equal(email_validate(NULL, NULL), SC_EINVAL);
}

/* Length limits: local part 64, label 63, whole address 254. */
static void
test_email_lengths(void **state)
{
	char buf[400];
	const char *reason = NULL;
	(void)state;

	memset(buf, 'a', 64);
	strcpy(buf + 64, "@example.no");
	assert_int_equal(email_validate(buf, NULL), 0);
	memset(buf, 'a', 65);
	strcpy(buf + 65, "@example.no");
	assert_int_equal(email_validate(buf, &reason), SC_EINVAL);
	assert_string_equal(reason, "the part before @ is longer than 64 characters");

	strcpy(buf, "a@");
	memset(buf + 2, 'b', 63);
	strcpy(buf + 65, ".no");
	assert_int_equal(email_validate(buf, NULL), 0);
	strcpy(buf, "a@");
	memset(buf + 2, 'b', 64);
	strcpy(buf + 66, ".no");
	assert_int_equal(email_validate(buf, &reason), SC_EINVAL);
	assert_string_equal(reason, "a part of the domain is longer than 63 characters");

	/* 254 bytes: "a@" + 4 labels of 60 + dots ... built to length */
	size_t n = 0;
	buf[n++] = 'a';
	buf[n++] = '@';
	while (n < 254 - 3) {
		size_t lab = 254 - 3 - n < 60 ? 254 - 3 - n : 60;
		if (lab == 0)
			break;
		memset(buf + n, 'c', lab);
		n += lab;
		buf[n++] = '.';
	}
	/* pad the last label so the total is exactly 254 with a final "no" */
	while (n < 252)
		buf[n++] = 'd';
	memcpy(buf + n, "no", 3);
	assert_int_equal(strlen(buf), 254);
	if (email_validate(buf, &reason) != 0)
		fail_msg("254 bytes refused: %s", reason);
	memmove(buf + 1, buf, 255);	/* 255 bytes */
	assert_int_equal(email_validate(buf, &reason), SC_EINVAL);
	assert_string_equal(reason, "is longer than 254 characters");
}

static void
test_postcode(void **state)
{
	static const char *const valid[] = { "5003", "0150", "0001", "9991" };
	static const char *const invalid[] = {
		"", "500", "50033", "50a3", " 5003", "5003 ", "-503", "5 003", "NO-5003",
	};
	(void)state;
	for (size_t i = 0; i < NELEM(valid); i++)
		assert_int_equal(postcode_validate(valid[i], NULL), 0);
	for (size_t i = 0; i < NELEM(invalid); i++) {
		const char *reason = NULL;
		if (postcode_validate(invalid[i], &reason) != SC_EINVAL)
			fail_msg("\"%s\" accepted", invalid[i]);
		assert_string_equal(reason, "must be 4 digits");
	}
	assert_int_equal(postcode_validate(NULL, NULL), SC_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_valid),
		cmocka_unit_test(test_phone_invalid),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_email_lengths),
		cmocka_unit_test(test_postcode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
