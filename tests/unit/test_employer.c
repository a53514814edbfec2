/*
 * test_employer.c — the employer register's declared fields and rules
 * (src/domain/employer.c): an employer read from form text (the
 * organisation number's check, the industry's shape, the postcode), the
 * name's rule, a contact's phone and e-mail, a pool agreement's period,
 * free places and room, and conversion.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "domain/employer.h"
#include "util/arena.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Reads one field of a record from text; the error (NULL when read). */
static const char *
read_one(struct fields fs, const char *key, const char *text, void *rec, struct arena *a)
{
	const struct field *f = fields_find(fs, key);
	assert_non_null(f);
	struct field_errors e = {0};
	field_read_text(f, text, rec, a, &e);
	return e.n ? e.reason[0] : NULL;
}

static void
test_employer_fields(void **state)
{
	(void)state;
	static const struct {
		const char *key, *in, *stored, *reason;
	} rows[] = {
		{"orgnr", "974760673", "974760673", NULL},
		{"orgnr", " 974760673 ", "974760673", NULL},   /* trimmed */
		{"orgnr", "974 760 673", NULL, "Write the organisation number as 9 digits."},
		{"orgnr", "974760672", NULL, "This is not an organisation number: the check digit does not match."},
		{"orgnr", "910000080", NULL, "This is not an organisation number: the check digit does not match."},
		{"industry", "47", "47", NULL},
		{"industry", "G", NULL, "Choose an industry from the list."},
		{"industry", "470", NULL, "Choose an industry from the list."},
		{"postcode", "5003", "5003", NULL},
		{"postcode", "503", NULL, "Write the postcode as 4 digits."},
		{"name", "Rema 1000 Danmarksplass", "Rema 1000 Danmarksplass", NULL},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct arena *a = arena_new();
		struct employer e;
		fields_clear(employer_fields, &e);
		const char *why = read_one(employer_fields, rows[i].key, rows[i].in, &e, a);
		const char *got = *FIELD_AT(&e, fields_find(employer_fields, rows[i].key), const char *);
		if (rows[i].reason == NULL) {
			if (why != NULL)
				fail_msg("row %zu refused: %s", i, why);
			assert_string_equal(got, rows[i].stored);
		} else {
			if (why == NULL)
				fail_msg("row %zu accepted", i);
			assert_string_equal(why, rows[i].reason);
			assert_string_equal(got, "");
		}
		arena_free(a);
	}
	/* required fields, in order */
	struct employer e;
	fields_clear(employer_fields, &e);
	struct field_errors errs = {0};
	fields_check_required(employer_fields, &e, &errs);
	assert_int_equal(errs.n, 3);
	assert_string_equal(errs.field[0], "name");
	assert_string_equal(errs.reason[0], "Give the employer's name.");
	assert_string_equal(errs.field[1], "orgnr");
	assert_string_equal(errs.field[2], "industry");
}

static void
test_employer_check(void **state)
{
	(void)state;
	static const struct {
		const char *name, *industry;
		bool known;
		const char *key, *reason;
	} rows[] = {
		{"Rema 1000", "47", true, NULL, NULL},
		{"X", "47", true, "name", "Write the employer's whole name."},
		{"Øk", "47", true, NULL, NULL},                  /* two characters, one of them two bytes */
		{"Rema 1000", "04", false, "industry", "Choose an industry from the list."},
		{"", "", false, NULL, NULL},                     /* missing is fields_check_required's */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct employer e;
		fields_clear(employer_fields, &e);
		e.name = rows[i].name;
		e.industry = rows[i].industry;
		struct field_errors errs = {0};
		bool ok = employer_check(&e, rows[i].known, &errs);
		if (rows[i].key == NULL) {
			assert_true(ok);
			assert_int_equal(errs.n, 0);
		} else {
			assert_false(ok);
			assert_int_equal(errs.n, 1);
			assert_string_equal(errs.field[0], rows[i].key);
			assert_string_equal(errs.reason[0], rows[i].reason);
		}
	}
}

static void
test_contact_fields(void **state)
{
	(void)state;
	static const struct {
		const char *key, *in, *stored, *reason;
	} rows[] = {
		{"phone", "412 34 567", "+4741234567", NULL},
		{"phone", "+46 70 123 45 67", "+46701234567", NULL},
		{"phone", "123", NULL, "x"},
		{"email", "kari@rema.no", "kari@rema.no", NULL},
		{"email", "kari@", NULL, "x"},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct arena *a = arena_new();
		struct employer_contact c;
		fields_clear(employer_contact_fields, &c);
		const char *why = read_one(employer_contact_fields, rows[i].key, rows[i].in, &c, a);
		const char *got = *FIELD_AT(&c, fields_find(employer_contact_fields, rows[i].key), const char *);
		if (rows[i].reason == NULL) {
			assert_null(why);
			assert_string_equal(got, rows[i].stored);
		} else {
			assert_non_null(why);
			assert_string_equal(got, "");
		}
		arena_free(a);
	}
}

static struct date
D(const char *s)
{
	struct date d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static void
test_agreement(void **state)
{
	(void)state;
	struct agreement a;
	fields_clear(agreement_fields, &a);
	a.starts_on = D("2026-01-01");
	a.ends_on = D("2027-12-31");
	struct field_errors e = {0};
	assert_true(agreement_check(&a, &e));
	a.ends_on = D("2025-12-31");
	assert_false(agreement_check(&a, &e));
	assert_string_equal(e.field[0], "ends_on");
	assert_string_equal(e.reason[0], "The last day cannot be before the first.");
	a.ends_on = D("2027-12-31");
	assert_false(agreement_current(&a, D("2025-12-31")));
	assert_true(agreement_current(&a, D("2026-01-01")));
	assert_true(agreement_current(&a, D("2027-12-31")));
	assert_false(agreement_current(&a, D("2028-01-01")));
	static const struct {
		int64_t places, used, planned, free;
		bool room;
	} rows[] = {
		{60, 0, 0, 60, true},
		{60, 41, 12, 7, true},
		{60, 50, 9, 1, true},
		{60, 50, 10, 0, false},
		{60, 55, 10, 0, false},   /* over: never below zero */
		{1, 0, 0, 1, true},
		{1, 1, 0, 0, false},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		assert_int_equal(agreement_free(rows[i].places, rows[i].used, rows[i].planned), rows[i].free);
		assert_int_equal(agreement_has_room(rows[i].places, rows[i].used + rows[i].planned), rows[i].room);
	}
}

/* The places against the placements under an agreement; a placement's
 * period inside the agreement's; the agreement's period against its
 * placements' days (each said with the figures or days). */
static void
test_agreement_bounds(void **state)
{
	(void)state;
	struct field_errors e = {0};
	assert_true(agreement_places_check(12, 12, &e));
	assert_true(agreement_places_check(60, 0, &e));
	assert_false(agreement_places_check(11, 12, &e));
	assert_string_equal(e.field[0], "places");
	assert_string_equal(e.reason[0], "The agreement has %lld placements; it cannot have fewer than %lld places.");
	assert_int_equal(e.arg[0][0], 12);
	assert_int_equal(e.arg[0][1], 12);

	struct arena *ar = arena_new();
	assert_non_null(ar);
	struct agreement ag;
	fields_clear(agreement_fields, &ag);
	ag.starts_on = D("2027-01-01");
	ag.ends_on = D("2027-06-30");
	static const struct {
		const char *from, *to;
		const char *field;   /* NULL: inside */
	} rows[] = {
		{"2027-01-01", "2027-06-30", NULL},
		{"2027-02-01", "2027-03-01", NULL},
		{"2026-12-31", "2027-03-01", "starts_on"},
		{"2027-05-01", "2027-07-01", "ends_on"},
		{"2026-12-01", "2027-07-01", "starts_on"},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct field_errors pe = {0};
		bool ok = agreement_period_holds(&ag, D(rows[i].from), D(rows[i].to), ar, &pe);
		assert_int_equal(ok, rows[i].field == NULL);
		if (ok)
			continue;
		assert_string_equal(pe.field[0], rows[i].field);
		assert_string_equal(pe.reason[0],
				    "The placement's period, %s, is not within the pool agreement's period, %s.");
		assert_string_equal(pe.text[0][1], "2027-01-01 \xE2\x80\x93 2027-06-30");
	}
	struct field_errors ke = {0};
	assert_true(agreement_period_keeps(&ag, D("2027-01-01"), D("2027-06-30"), ar, &ke));
	assert_true(agreement_period_keeps(&ag, (struct date){0}, (struct date){0}, ar, &ke));
	assert_false(agreement_period_keeps(&ag, D("2026-12-15"), D("2027-07-02"), ar, &ke));
	assert_int_equal(ke.n, 2);
	assert_string_equal(ke.field[0], "starts_on");
	assert_string_equal(ke.text[0][0], "2026-12-15");
	assert_string_equal(ke.field[1], "ends_on");
	assert_string_equal(ke.text[1][0], "2027-07-02");
	arena_free(ar);
}

static void
test_conversion(void **state)
{
	(void)state;
	static const struct {
		int64_t concluded, hired;
		int percent;
	} rows[] = {
		{0, 0, -1}, {1, 0, 0}, {1, 1, 100}, {3, 1, 33}, {3, 2, 67}, {8, 1, 13}, {200, 1, 1}, {400, 2, 1},
		{400, 1, 0}, {7, 3, 43},
	};
	for (size_t i = 0; i < NELEM(rows); i++)
		if (conversion_percent(rows[i].concluded, rows[i].hired) != rows[i].percent)
			fail_msg("%lld of %lld: %d, want %d", (long long)rows[i].hired, (long long)rows[i].concluded,
				 conversion_percent(rows[i].concluded, rows[i].hired), rows[i].percent);
	assert_true(industry_is_division("01"));
	assert_false(industry_is_division("A"));
	assert_false(industry_is_division(NULL));
	assert_false(industry_is_division("1"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_employer_fields),
		cmocka_unit_test(test_employer_check),
		cmocka_unit_test(test_contact_fields),
		cmocka_unit_test(test_agreement),
		cmocka_unit_test(test_agreement_bounds),
		cmocka_unit_test(test_conversion),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
