/*
 * test_payment.c — a payment file's rules (src/domain/payment.c): the
 * Norwegian IBAN of an account number with its check digits (a table worked
 * out independently, ISO 13616 mod 97: "NO93 8601 1117 947" is the
 * published example), IBANs of other countries checked, the requested
 * execution date, references and amounts as ISO 20022 writes them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "domain/payment.h"
#include "util/err.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
test_iban_from_bban(void **state)
{
	(void)state;
	static const struct {
		const char *bban, *iban;
	} rows[] = {
		{"86011117947", "NO9386011117947"},
		{"8601.11.17947", "NO9386011117947"},
		{"1234 56 78903", "NO7112345678903"},
		{"15032080119", "NO5015032080119"},
		{"00000000000", "NO1300000000000"},
		{"27949223669", "NO0527949223669"},
		{"57697068890", "NO8257697068890"},
		{"86858149977", "NO7786858149977"},
		{"08365346217", "NO5808365346217"},
		{"28513916231", "NO3328513916231"},
		{"94459627787", "NO0994459627787"},
		{"68167238320", "NO9868167238320"},
		{"65988579496", "NO6765988579496"},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		char out[16] = "";
		assert_int_equal(payment_iban(rows[i].bban, out), SC_OK);
		assert_string_equal(out, rows[i].iban);
		assert_true(payment_iban_valid(out));
	}
	static const char *const bad[] = {"99999999990", "8601111794", "860111179471", "86011117948", "", NULL};
	for (size_t i = 0; i < NELEM(bad); i++) {
		char out[16] = "untouched";
		assert_int_equal(payment_iban(bad[i], out), SC_EINVAL);
		assert_string_equal(out, "untouched");
	}
}

static void
test_iban_valid(void **state)
{
	(void)state;
	static const struct {
		const char *iban;
		bool ok;
	} rows[] = {
		{"NO9386011117947", true},
		{"DE89370400440532013000", true},
		{"GB82WEST12345698765432", true},
		{"NO9486011117947", false},
		{"NO938601111794", false},
		{"no9386011117947", false},
		{"N09386011117947", false},
		{"", false},
		{NULL, false},
	};
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_int_equal(payment_iban_valid(rows[i].iban), rows[i].ok);
}

static void
test_execution_date(void **state)
{
	(void)state;
	static const struct {
		int y, m, day;
		struct date today, want;
	} rows[] = {
		/* the 20th of the month after: a Monday */
		{2025, 9, 20, {2025, 10, 2}, {2025, 10, 20}},
		/* the 18th of October 2025 is a Saturday: the Monday after */
		{2025, 9, 18, {2025, 10, 2}, {2025, 10, 20}},
		/* a Sunday */
		{2025, 9, 19, {2025, 10, 2}, {2025, 10, 20}},
		/* passed: today (a Thursday) */
		{2025, 9, 1, {2025, 10, 2}, {2025, 10, 2}},
		/* passed, and today is a Saturday */
		{2025, 9, 1, {2025, 10, 4}, {2025, 10, 6}},
		/* December: January of the next year */
		{2025, 12, 5, {2026, 1, 2}, {2026, 1, 5}},
		/* days out of range are 1 and 28 */
		{2025, 1, 40, {2025, 2, 1}, {2025, 2, 28}},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct date d = payment_execution_date(rows[i].y, rows[i].m, rows[i].day, rows[i].today);
		if (date_cmp(d, rows[i].want) != 0)
			fail_msg("row %zu: %d-%d-%d", i, d.y, d.m, d.d);
	}
}

static void
test_texts(void **state)
{
	(void)state;
	char ref[36], amount[24];
	payment_end_to_end(12, 34567, ref);
	assert_string_equal(ref, "SC12-34567");
	payment_end_to_end(INT64_MAX, INT64_MAX, ref);
	assert_true(strlen(ref) <= 35);
	static const struct {
		int64_t ore;
		const char *text;
	} rows[] = {{0, "0.00"}, {5, "0.05"}, {123450, "1234.50"}, {-101, "-1.01"}, {1500000, "15000.00"}};
	for (size_t i = 0; i < NELEM(rows); i++) {
		payment_amount_text(rows[i].ore, amount);
		assert_string_equal(amount, rows[i].text);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iban_from_bban),
		cmocka_unit_test(test_iban_valid),
		cmocka_unit_test(test_execution_date),
		cmocka_unit_test(test_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
