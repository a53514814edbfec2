/*
 * test_meeting.c — a meeting as declared (src/domain/meeting.c): the
 * channels, each field read from form text with valid and invalid rows and
 * the words the form shows, and the rules the types do not hold (not in
 * the future, the next meeting not before this one).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/meeting.h"
#include "util/arena.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = { 2025, 3, 14 };
static const struct date BORN = { 1988, 4, 2 };   /* the participant's birth date */
static const char R_DATE[] = "Write the date as YYYY-MM-DD, for example 2024-03-01.";
static const char R_CHARS[] = "This text has characters that are not allowed.";

/* A string of n copies of unit (a UTF-8 sequence). */
static char *
repeat(const char *unit, size_t n)
{
	size_t len = strlen(unit);
	char *s = malloc(len * n + 1);
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, unit, len);
	s[len * n] = '\0';
	return s;
}

/* The keys of a meeting form, in order. */
static const char *const keys[] = {"held_on", "channel", "interpreter", "minutes", "next_steps", "next_meeting"};

/* Reads the fields as a form sends them (NULL: not sent), then the required
 * fields and the rules: what a command gets and checks. */
static void
read_meeting(struct arena *a, const char *const text[6], struct meeting *m, struct field_errors *e)
{
	memset(e, 0, sizeof *e);
	fields_clear(meeting_fields, m);
	for (size_t i = 0; i < NELEM(keys); i++)
		field_read_text(fields_find(meeting_fields, keys[i]), text[i], m, a, e);
	fields_check_required(meeting_fields, m, e);
	meeting_check(m, BORN, TODAY, e);
}

static void
test_channels(void **state)
{
	(void)state;
	static const struct { const char *key, *label; enum meeting_channel c; } rows[] = {
		{ "in_person", "In person", MEETING_IN_PERSON },
		{ "phone", "Phone", MEETING_PHONE },
		{ "video", "Video", MEETING_VIDEO },
		{ "home_visit", "Home visit", MEETING_HOME_VISIT },
	};
	const struct field *f = fields_find(meeting_fields, "channel");
	assert_non_null(f);
	assert_int_equal(f->noptions, NELEM(rows));
	for (size_t i = 0; i < NELEM(rows); i++) {
		assert_int_equal(field_option_index(f, rows[i].key), rows[i].c);
		assert_string_equal(f->options[rows[i].c].label, rows[i].label);
		assert_string_equal(meeting_channel_key(rows[i].c), rows[i].key);
	}
	static const char *const bad[] = { "In person", "PHONE", "email", "home-visit" };
	for (size_t i = 0; i < NELEM(bad); i++)
		assert_int_equal(field_option_index(f, bad[i]), -1);
	assert_null(meeting_channel_key((enum meeting_channel)-1));
	assert_null(meeting_channel_key((enum meeting_channel)NELEM(rows)));
}

struct row {
	const char *text[6];  /* held_on, channel, interpreter, minutes, next_steps, next_meeting */
	const char *field;    /* the field with an error; NULL = valid */
	const char *reason;
};

static void
test_rows(void **state)
{
	(void)state;
	static const struct row rows[] = {
		/* valid */
		{ { "2025-03-14", "in_person", "", "", "", "" }, NULL, NULL },
		{ { "2025-03-14", "phone", "yes", "Talked about the internship.", "Call the employer.", "2025-03-21" }, NULL, NULL },
		{ { " 2025-01-02 ", " video ", "no", "  padded  ", "\n", "2025-01-02" }, NULL, NULL },
		{ { "2024-02-29", "home_visit", "1", "Line one\nLine two\tTabbed", "", "2024-02-29" }, NULL, NULL },
		{ { "2025-03-01", "phone", "on", "", "", "2025-03-10" }, NULL, NULL },    /* next meeting passed: logged late */
		{ { "2025-03-01", "phone", "true", "Ærlig talt, ça va. 😀", "", "" }, NULL, NULL },
		{ { "2025-03-01", "phone", "0", NULL, NULL, NULL }, NULL, NULL },
		{ { "2025-03-01", "phone", "false", "", "", "2199-12-31" }, NULL, NULL },
		{ { "2025-03-01", "phone", NULL, "", "", "" }, NULL, NULL },
		/* held_on */
		{ { "", "phone", "", "", "", "" }, "held_on", "Give the date of the meeting." },
		{ { NULL, "phone", "", "", "", "" }, "held_on", "Give the date of the meeting." },
		{ { "   ", "phone", "", "", "", "" }, "held_on", "Give the date of the meeting." },
		{ { "14.03.2025", "phone", "", "", "", "" }, "held_on", R_DATE },
		{ { "2025-02-30", "phone", "", "", "", "" }, "held_on", "%s is not a date: February %s has %s days." },
		{ { "2025-3-1", "phone", "", "", "", "" }, "held_on", R_DATE },
		{ { "1899-12-31", "phone", "", "", "", "" }, "held_on",
		  "%s is not a date we take: the year must be from %s to %s." },
		{ { "2025-03-15", "phone", "", "", "", "" }, "held_on",
		  "The meeting date cannot be in the future; log a meeting after it was held." },
		{ { "1988-04-02", "phone", "", "", "", "" }, NULL, NULL },
		{ { "1988-04-01", "phone", "", "", "", "" }, "held_on",
		  "The meeting date cannot be before the participant was born." },
		{ { "1900-01-01", "phone", "", "", "", "" }, "held_on",
		  "The meeting date cannot be before the participant was born." },
		/* channel */
		{ { "2025-03-14", "", "", "", "", "" }, "channel", "Choose how the meeting was held." },
		{ { "2025-03-14", NULL, "", "", "", "" }, "channel", "Choose how the meeting was held." },
		{ { "2025-03-14", "email", "", "", "", "" }, "channel",
		  "Choose how the meeting was held: in person, phone, video or home visit." },
		{ { "2025-03-14", "Phone", "", "", "", "" }, "channel",
		  "Choose how the meeting was held: in person, phone, video or home visit." },
		/* interpreter */
		{ { "2025-03-14", "phone", "maybe", "", "", "" }, "interpreter", "Answer yes or no: was an interpreter used?" },
		{ { "2025-03-14", "phone", "2", "", "", "" }, "interpreter", "Answer yes or no: was an interpreter used?" },
		/* texts */
		{ { "2025-03-14", "phone", "", "bell\a", "", "" }, "minutes", R_CHARS },
		{ { "2025-03-14", "phone", "", "\xff\xfe", "", "" }, "minutes", R_CHARS },
		{ { "2025-03-14", "phone", "", "\xc0\xaf", "", "" }, "minutes", R_CHARS },
		{ { "2025-03-14", "phone", "", "\xed\xa0\x80", "", "" }, "minutes", R_CHARS },
		{ { "2025-03-14", "phone", "", "", "esc\x1b[0m", "" }, "next_steps", R_CHARS },
		{ { "2025-03-14", "phone", "", "", "\xc2\x85", "" }, "next_steps", R_CHARS },
		/* next meeting */
		{ { "2025-03-14", "phone", "", "", "", "next week" }, "next_meeting", R_DATE },
		{ { "2025-03-14", "phone", "", "", "", "2025-13-01" }, "next_meeting",
		  "%s is not a date: there is no month %s." },
		{ { "2025-03-14", "phone", "", "", "", "2025-03-13" }, "next_meeting",
		  "The next meeting cannot be before this meeting." },
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct meeting m;
		struct field_errors e;
		read_meeting(a, rows[i].text, &m, &e);
		if (rows[i].field == NULL) {
			if (e.n != 0)
				fail_msg("row %zu: unexpected error on %s: %s", i, e.field[0], e.reason[0]);
		} else {
			if (e.n != 1)
				fail_msg("row %zu: %d errors, want 1 on %s", i, e.n, rows[i].field);
			assert_string_equal(e.field[0], rows[i].field);
			assert_string_equal(e.reason[0], rows[i].reason);
		}
	}
	arena_free(a);
}

static void
test_values(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct meeting m;
	struct field_errors e;
	const char *const all[6] = { " 2025-03-10 ", "home_visit", "yes", "  We met at home.\n ",
				     "\tApply for the course\t", "2025-04-01" };
	read_meeting(a, all, &m, &e);
	assert_int_equal(e.n, 0);
	assert_int_equal(date_cmp(m.held_on, D(2025, 3, 10)), 0);
	assert_int_equal(m.channel, MEETING_HOME_VISIT);
	assert_int_equal(m.interpreter, 1);
	assert_string_equal(m.minutes, "We met at home.");
	assert_string_equal(m.next_steps, "Apply for the course");
	assert_int_equal(date_cmp(m.next_meeting, D(2025, 4, 1)), 0);

	/* no next meeting, no interpreter */
	const char *const some[6] = { "2025-03-14", "phone", "no", "", "", "" };
	read_meeting(a, some, &m, &e);
	assert_int_equal(e.n, 0);
	assert_int_equal(m.interpreter, 0);
	assert_int_equal(m.next_meeting.y, 0);
	assert_string_equal(m.minutes, "");
	/* not sent is not given (the command logs it as no) */
	const char *const unsent[6] = { "2025-03-14", "phone", NULL, NULL, NULL, NULL };
	read_meeting(a, unsent, &m, &e);
	assert_int_equal(e.n, 0);
	assert_int_equal(m.interpreter, -1);

	/* every error at once, each beside its field */
	const char *const bad[6] = { "2099-01-01", "fax", "perhaps", "ok", "\x01", "x" };
	read_meeting(a, bad, &m, &e);
	assert_int_equal(e.n, 5);
	assert_non_null(field_error_of(&e, "held_on"));
	assert_non_null(field_error_of(&e, "channel"));
	assert_non_null(field_error_of(&e, "interpreter"));
	assert_non_null(field_error_of(&e, "next_steps"));
	assert_string_equal(field_error_of(&e, "next_meeting"), R_DATE);
	assert_null(field_error_of(&e, "minutes"));

	/* a bad held_on does not also blame a good next meeting */
	const char *const bad2[6] = { "soon", "phone", "", "", "", "2025-01-01" };
	read_meeting(a, bad2, &m, &e);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.field[0], "held_on");
	/* nor does one in the future */
	const char *const bad3[6] = { "2025-03-20", "phone", "", "", "", "2025-03-16" };
	read_meeting(a, bad3, &m, &e);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.field[0], "held_on");
	arena_free(a);
}

/* The text limit is in characters, not bytes, with each text's own words. */
static void
test_text_limits(void **state)
{
	(void)state;
	static const struct { const char *unit; size_t n; bool ok; } rows[] = {
		{ "a", FIELD_TEXT_MAX, true },
		{ "a", FIELD_TEXT_MAX + 1, false },
		{ "\xc3\xa6", FIELD_TEXT_MAX, true },          /* æ: 2 bytes each */
		{ "\xc3\xa6", FIELD_TEXT_MAX + 1, false },
		{ "\xf0\x9f\x98\x80", FIELD_TEXT_MAX, true },  /* 4 bytes each */
		{ "\n", 10, true },                            /* trimmed to nothing */
	};
	static const struct { const char *key, *too_long; } texts[] = {
		{ "minutes", "The minutes are too long: at most 8000 characters." },
		{ "next_steps", "The next steps are too long: at most 8000 characters." },
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		char *text = repeat(rows[i].unit, rows[i].n);
		for (size_t k = 0; k < NELEM(texts); k++) {
			const char *form[6] = { "2025-03-14", "phone", "", "", "", "" };
			form[k == 0 ? 3 : 4] = text;
			struct meeting m;
			struct field_errors e;
			read_meeting(a, form, &m, &e);
			if (rows[i].ok) {
				assert_int_equal(e.n, 0);
			} else {
				assert_int_equal(e.n, 1);
				assert_string_equal(field_error_of(&e, texts[k].key), texts[k].too_long);
			}
		}
		free(text);
	}
	arena_free(a);
}

/* What the product keeps is never read from input. */
static void
test_kept_fields(void **state)
{
	(void)state;
	static const char *const kept[] = {"id", "version", "participant_id", "author_id", "author_name", "created_at"};
	for (size_t i = 0; i < NELEM(kept); i++) {
		const struct field *f = fields_find(meeting_fields, kept[i]);
		assert_non_null(f);
		assert_true(f->flags & FF_OUT);
	}
	assert_true(fields_find(meeting_fields, "author_name")->flags & FF_COMPUTED);
	for (size_t i = 0; i < NELEM(keys); i++)
		assert_false(fields_find(meeting_fields, keys[i])->flags & FF_OUT);
}

/* The reason for removing a meeting: required, one line of at most 200
 * characters (counted as characters, not bytes). */
static void
test_removal_reason(void **state)
{
	(void)state;
	char *max = repeat("\xC3\xB8", MEETING_REASON_MAX);        /* 200 ø: 400 bytes */
	char *over = repeat("a", MEETING_REASON_MAX + 1);
	const struct { const char *text; const char *why; } rows[] = {
		{"Logged on the wrong participant.", NULL},
		{max, NULL},
		{NULL, "Say why the meeting is removed."},
		{"", "Say why the meeting is removed."},
		{"   ", "Say why the meeting is removed."},
		{over, "Write the reason in at most 200 characters."},
		{"two\nlines", R_CHARS},
		{"bell\x07", R_CHARS},
	};
	struct arena *a = arena_new();
	assert_non_null(a);
	const struct field *reason = fields_find(meeting_removal_fields, "reason");
	assert_non_null(reason);
	assert_int_equal(meeting_removal_fields.n, 1);
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct meeting_removal in;
		struct field_errors e = {0};
		fields_clear(meeting_removal_fields, &in);
		field_read_text(reason, rows[i].text, &in, a, &e);
		fields_check_required(meeting_removal_fields, &in, &e);
		const char *got = field_error_of(&e, "reason");
		if (rows[i].why == NULL && got != NULL)
			fail_msg("row %zu: refused: %s", i, got);
		if (rows[i].why != NULL && (got == NULL || strcmp(got, rows[i].why) != 0))
			fail_msg("row %zu: \"%s\", not \"%s\"", i, got ? got : "(accepted)", rows[i].why);
		assert_int_equal(e.n, rows[i].why != NULL ? 1 : 0);
	}
	arena_free(a);
	free(max);
	free(over);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_channels),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_text_limits),
		cmocka_unit_test(test_kept_fields),
		cmocka_unit_test(test_removal_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
