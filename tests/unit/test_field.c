/*
 * test_field.c — table-driven tests of declared fields (src/domain/field.c):
 * reading every type from form text (valid and invalid rows, limits, the
 * field's own words), typed setting, required fields, lists of one value a
 * line, and writing values back as text; and the one clamp of a list's
 * limit (store_page_limit()).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/field.h"
#include "store/store.h"
#include "util/arena.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct child {
	struct date born;
};

struct rec {
	const char *name;
	const char *note;
	struct date on;
	int64_t count;
	int64_t amount;
	int colour;
	uint32_t days;
	int64_t who;
	int agreed;
	struct field_list children;
	struct field_list words;
};

struct word {
	const char *w;
};

static const struct field_option colours[] = {{"red", "Red"}, {"green", "Green"}, {"blue", "Blue"}};
static const struct field_option weekdays[] = {
	{"mon", "Monday"}, {"tue", "Tuesday"}, {"wed", "Wednesday"}, {"thu", "Thursday"}, {"fri", "Friday"},
};
static const struct field child_fields[] = {
	{.key = "born", .type = FT_DATE, .offset = offsetof(struct child, born), .part = -1},
};
static const struct field word_fields[] = {
	{.key = "w", .type = FT_LINE, .offset = offsetof(struct word, w), .max = 5, .part = -1},
};

static const struct field fields[] = {
	{.key = "name", .type = FT_LINE, .flags = FF_REQUIRED, .offset = offsetof(struct rec, name), .max = 10,
	 .missing = "Give the name.", .part = -1},
	{.key = "note", .type = FT_TEXT, .offset = offsetof(struct rec, note), .max = 20, .part = -1},
	{.key = "on", .type = FT_DATE, .offset = offsetof(struct rec, on), .part = -1},
	{.key = "count", .type = FT_INT, .offset = offsetof(struct rec, count), .min = 1, .max = 9, .part = -1},
	{.key = "amount", .type = FT_MONEY, .offset = offsetof(struct rec, amount), .min = 0,
	 .max = 10000000, .part = -1},
	{.key = "colour", .type = FT_ENUM, .offset = offsetof(struct rec, colour), .options = colours,
	 .noptions = NELEM(colours), .part = -1},
	{.key = "days", .type = FT_SET, .offset = offsetof(struct rec, days), .options = weekdays,
	 .noptions = NELEM(weekdays), .part = -1},
	{.key = "who", .type = FT_ID, .offset = offsetof(struct rec, who), .part = -1},
	{.key = "agreed", .type = FT_BOOL, .offset = offsetof(struct rec, agreed), .part = -1},
	{.key = "children", .type = FT_LIST, .offset = offsetof(struct rec, children), .max = 3,
	 .item = child_fields, .nitem = 1, .item_size = sizeof(struct child), .part = -1},
	{.key = "words", .type = FT_LIST, .offset = offsetof(struct rec, words), .item = word_fields,
	 .nitem = 1, .item_size = sizeof(struct word), .part = -1},
};

#define FS FIELDS(fields)

struct row {
	const char *key;
	const char *text;
	const char *reason;  /* NULL: read */
	const char *back;    /* field_text() after reading ("" when not given) */
};

static const struct row rows[] = {
	{"name", "  Amina ", NULL, "Amina"},
	{"name", "", NULL, ""},
	{"name", "Abdirahmaan Y", "Write at most %lld characters.", ""},
	{"name", "tab\there", "This text has characters that are not allowed.", ""},
	{"name", "bad\xff", "This text has characters that are not allowed.", ""},
	{"name", "\xc3\xa6\xc3\xb8\xc3\xa5\xc3\xa6\xc3\xb8\xc3\xa5\xc3\xa6\xc3\xb8\xc3\xa5\xc3\xa6", NULL,
	 "\xc3\xa6\xc3\xb8\xc3\xa5\xc3\xa6\xc3\xb8\xc3\xa5\xc3\xa6\xc3\xb8\xc3\xa5\xc3\xa6"},
	{"note", "two\nlines", NULL, "two\nlines"},
	{"note", "bell\a", "This text has characters that are not allowed.", ""},
	{"on", "2024-02-29", NULL, "2024-02-29"},
	{"on", "2023-02-29", "%s is not a date: February %s has %s days.", ""},
	{"on", "29.02.2024", "Write the date as YYYY-MM-DD, for example 2024-03-01.", ""},
	{"count", "9", NULL, "9"},
	{"count", "10", "Give a number from %lld to %lld.", ""},
	{"count", "0", "Give a number from %lld to %lld.", ""},
	{"count", "3.5", "Write a whole number.", ""},
	{"count", "99999999999999999999", "Write a whole number.", ""},
	{"amount", "1 234,50", NULL, "1234,50"},
	{"amount", "1234.5", NULL, "1234,50"},
	{"amount", "1\xc2\xa0" "000", NULL, "1000,00"},
	{"amount", "0,05", NULL, "0,05"},
	{"amount", "12,345", "Write an amount in kroner, for example 1234,50.", ""},
	{"amount", "-1", "Give an amount from %lld to %lld kroner.", ""},
	{"amount", "100001", "Give an amount from %lld to %lld kroner.", ""},
	{"amount", "kr 5", "Write an amount in kroner, for example 1234,50.", ""},
	{"colour", "green", NULL, "green"},
	{"colour", "Green", "Choose from the list.", ""},
	{"days", "mon,wed", NULL, "mon,wed"},
	{"days", "fri, mon", NULL, "mon,fri"},
	{"days", "mon,sun", "Choose from the list.", ""},
	{"who", "17", NULL, "17"},
	{"who", "0", "Choose one from the list.", ""},
	{"who", "x", "Choose one from the list.", ""},
	{"agreed", "yes", NULL, "yes"},
	{"agreed", "0", NULL, "no"},
	{"agreed", "maybe", "Answer yes or no.", ""},
	{"children", "2015-05-05\n2018-01-31\n", NULL, "2015-05-05\n2018-01-31"},
	{"children", "2015-05-05\n2018-02-31", "%s is not a date: February %s has %s days.", ""},
	{"children", "2015-05-05\n2018-2-3", "Write the date as YYYY-MM-DD, for example 2024-03-01.", ""},
	{"children", "2015-05-05\n2016-05-05\n2017-05-05\n2018-05-05", "At most %lld.", ""},
	{"words", "Somali, Arabic; Tigrinya", "Write at most %lld characters.", ""},
	{"words", "So, Ar; Ti", NULL, "So\nAr\nTi"},
	{"children", "2015-05-05, 2018-01-31;2019-02-02", NULL, "2015-05-05\n2018-01-31\n2019-02-02"},
	{"children", " 2015-05-05 2018-01-31\r\n", NULL, "2015-05-05\n2018-01-31"},
};

static void
test_read_text_rows(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct rec r;
		fields_clear(FS, &r);
		const struct field *f = fields_find(FS, rows[i].key);
		assert_non_null(f);
		struct field_errors e = {0};
		bool ok = field_read_text(f, rows[i].text, &r, a, &e);
		if (rows[i].reason == NULL) {
			if (!ok)
				fail_msg("row %zu (%s \"%s\"): %s", i, rows[i].key, rows[i].text, e.reason[0]);
			assert_int_equal(e.n, 0);
		} else {
			if (ok)
				fail_msg("row %zu (%s \"%s\"): read, want \"%s\"", i, rows[i].key, rows[i].text,
					 rows[i].reason);
			assert_int_equal(e.n, 1);
			assert_string_equal(e.field[0], rows[i].key);
			assert_string_equal(e.reason[0], rows[i].reason);
			assert_false(field_given(f, &r));
		}
		char *back = field_text(f, &r, a);
		if (strcmp(back, rows[i].back) != 0)
			fail_msg("row %zu: back \"%s\", want \"%s\"", i, back, rows[i].back);
	}
	arena_free(a);
}

/* Limits travel with the reason, for the message to name them. */
static void
test_limits_in_errors(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct rec r;
	fields_clear(FS, &r);
	struct field_errors e = {0};
	field_read_text(fields_find(FS, "count"), "12", &r, a, &e);
	field_read_text(fields_find(FS, "name"), "far too long a name", &r, a, &e);
	field_read_text(fields_find(FS, "amount"), "200000", &r, a, &e);
	assert_int_equal(e.n, 3);
	assert_int_equal(e.arg[0][0], 1);
	assert_int_equal(e.arg[0][1], 9);
	assert_int_equal(e.arg[1][0], 10);
	assert_int_equal(e.arg[2][0], 0);
	assert_int_equal(e.arg[2][1], 100000);
	arena_free(a);
}

/* A date of the right shape that does not exist is said to be no date, and
 * why, with the text typed: in a field and in a list's item. */
static void
test_date_that_does_not_exist(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct rec r;
	fields_clear(FS, &r);
	struct field_errors e = {0};
	assert_false(field_read_text(fields_find(FS, "on"), " 2026-02-30 ", &r, a, &e));
	assert_false(field_read_text(fields_find(FS, "children"), "2015-05-05, 2018-13-01", &r, a, &e));
	assert_int_equal(e.n, 2);
	assert_string_equal(e.field[0], "on");
	assert_string_equal(e.reason[0], "%s is not a date: February %s has %s days.");
	assert_string_equal(e.text[0][0], "2026-02-30");
	assert_string_equal(e.text[0][1], "2026");
	assert_string_equal(e.text[0][2], "28");
	assert_string_equal(e.field[1], "children");
	assert_string_equal(e.reason[1], "%s is not a date: there is no month %s.");
	assert_string_equal(e.text[1][0], "2018-13-01");
	assert_string_equal(e.text[1][1], "13");
	assert_false(field_given(fields_find(FS, "on"), &r));
	arena_free(a);
}

static void
test_required_and_typed(void **state)
{
	(void)state;
	struct rec r;
	fields_clear(FS, &r);
	struct field_errors e = {0};
	fields_check_required(FS, &r, &e);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.field[0], "name");
	assert_string_equal(e.reason[0], "Give the name.");
	assert_string_equal(field_error_of(&e, "name"), "Give the name.");
	assert_null(field_error_of(&e, "note"));
	/* typed setters keep to the limits and the types */
	struct field_errors t = {0};
	assert_true(field_set_int(fields_find(FS, "count"), 5, &r, &t));
	assert_int_equal(r.count, 5);
	assert_false(field_set_int(fields_find(FS, "count"), 50, &r, &t));
	assert_int_equal(r.count, FIELD_NONE);
	assert_false(field_set_int(fields_find(FS, "name"), 5, &r, &t));
	assert_true(field_set_bool(fields_find(FS, "agreed"), true, &r, &t));
	assert_int_equal(r.agreed, 1);
	assert_false(field_set_bool(fields_find(FS, "count"), true, &r, &t));
	assert_true(field_set_int(fields_find(FS, "who"), 3, &r, &t));
	assert_false(field_set_int(fields_find(FS, "who"), -3, &r, &t));
	assert_int_equal(r.who, 0);
	/* the first error of a field is the one kept */
	assert_string_equal(field_error_of(&t, "count"), "Give a number from %lld to %lld.");
	/* an error past the limit is dropped, not written past the end */
	struct field_errors many = {0};
	char keys[40][8];
	for (int i = 0; i < 40; i++) {
		snprintf(keys[i], sizeof keys[i], "k%d", i);
		field_error_add(&many, keys[i], "x");
	}
	assert_int_equal(many.n, FIELD_MAX_ERRORS);
}

static void
test_text_chars(void **state)
{
	(void)state;
	assert_int_equal(field_text_chars("abc", false), 3);
	assert_int_equal(field_text_chars("\xc3\xa5", false), 1);
	assert_int_equal(field_text_chars("a\nb", false), -1);
	assert_int_equal(field_text_chars("a\nb", true), 3);
	assert_int_equal(field_text_chars("\xc2\x85", true), -1);          /* C1 control */
	assert_int_equal(field_text_chars("\xed\xa0\x80", true), -1);      /* surrogate */
	assert_int_equal(field_text_chars("\xe0\x80\x80", true), -1);      /* overlong */
	assert_int_equal(field_text_chars("\xf4\x90\x80\x80", true), -1);  /* past U+10FFFF */
	assert_int_equal(field_text_chars("\xf0\x9f\x98\x80", true), 1);
}

/* A list's limit: from 1 to its most as given, else the list's own
 * fallback (its page, or its most), as each list clamped it by hand. */
static void
test_page_limit_rows(void **state)
{
	(void)state;
	static const struct {
		int64_t limit, most, fallback, want;
	} limits[] = {
		{1, 200, 50, 1},
		{200, 200, 50, 200},
		{201, 200, 50, 50},
		{0, 200, 50, 50},
		{-3, 200, 50, 50},
		{500, 500, 500, 500},      /* the groups' list: its most is its fallback */
		{501, 500, 500, 500},
		{0, 500, 500, 500},
		{0, INT64_MAX, 1, 1},      /* at least one, no most */
		{INT64_MAX, INT64_MAX, 1, INT64_MAX},
	};
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++)
		assert_int_equal(store_page_limit(limits[i].limit, limits[i].most, limits[i].fallback), limits[i].want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_text_rows),
		cmocka_unit_test(test_limits_in_errors),
		cmocka_unit_test(test_page_limit_rows),
		cmocka_unit_test(test_date_that_does_not_exist),
		cmocka_unit_test(test_required_and_typed),
		cmocka_unit_test(test_text_chars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
