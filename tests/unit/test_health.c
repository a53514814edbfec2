/*
 * test_health.c — a health note and a referral to a health worker as
 * declared (src/domain/health.c): each field read from form text, valid
 * and invalid rows with the words the form shows, and the rules the types
 * do not hold (not after today; a health worker of the centre; a referral
 * not dated is dated today).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/health.h"
#include "util/arena.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = {2025, 3, 14};

struct row {
	const char *on, *body;      /* NULL body: 8001 characters */
	const char *field, *reason; /* NULL: valid */
};

static const char R_DATE[] = "Write the date as YYYY-MM-DD, for example 2024-03-01.";

static const struct row rows[] = {
	{"2025-03-14", "Slept badly; see the GP.", NULL, NULL},
	{"2020-01-01", "x", NULL, NULL},
	{" 2025-03-14\n", "  Two lines\nof text  ", NULL, NULL},
	{"", "text", "written_on", "Give the date of the note."},
	{"2025/03/14", "text", "written_on", R_DATE},
	{"2025-03-15", "text", "written_on", "The date of the note cannot be in the future."},
	{"2025-03-14", "", "body", "Write the note."},
	{"2025-03-14", " \n\t ", "body", "Write the note."},
	{"2025-03-14", "nul\x7f", "body", "This text has characters that are not allowed."},
	{"2025-03-14", NULL, "body", "The note is too long: at most 8000 characters."},
};

/* Reads the two fields as a form sends them, then the required fields and
 * the rule: what a command gets and checks. */
static void
read_note(struct arena *a, const char *on, const char *body, struct health_note *n,
	  struct field_errors *e)
{
	memset(e, 0, sizeof *e);
	fields_clear(health_note_fields, n);
	field_read_text(fields_find(health_note_fields, "written_on"), on, n, a, e);
	field_read_text(fields_find(health_note_fields, "body"), body, n, a, e);
	fields_check_required(health_note_fields, n, e);
	health_note_check(n, TODAY, e);
}

static void
test_rows(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *long_text = malloc(8002);
	assert_non_null(long_text);
	memset(long_text, 'a', 8001);
	long_text[8001] = '\0';
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct health_note n;
		struct field_errors e;
		read_note(a, rows[i].on, rows[i].body ? rows[i].body : long_text, &n, &e);
		if (rows[i].field == NULL) {
			if (e.n != 0)
				fail_msg("row %zu: %s: %s", i, e.field[0], e.reason[0]);
		} else {
			if (e.n != 1)
				fail_msg("row %zu: %d errors, want 1 on %s", i, e.n, rows[i].field);
			assert_string_equal(e.field[0], rows[i].field);
			assert_string_equal(e.reason[0], rows[i].reason);
		}
	}
	/* exactly 8000 characters (multi-byte) are allowed */
	char *most = malloc(8000 * 2 + 1);
	assert_non_null(most);
	for (int i = 0; i < 8000; i++)
		memcpy(most + 2 * i, "\xc3\xb8", 2);
	most[16000] = '\0';
	struct health_note n;
	struct field_errors e;
	read_note(a, "2025-03-01", most, &n, &e);
	assert_int_equal(e.n, 0);
	assert_int_equal(n.written_on.d, 1);
	/* both at once */
	read_note(a, "tomorrow", "", &n, &e);
	assert_int_equal(e.n, 2);
	free(most);
	free(long_text);
	arena_free(a);
}

/* What the product keeps is never read from input. */
static void
test_kept_fields(void **state)
{
	(void)state;
	static const char *const kept[] = {"id", "participant_id", "author_id", "author_name", "created_at"};
	for (size_t i = 0; i < NELEM(kept); i++) {
		const struct field *f = fields_find(health_note_fields, kept[i]);
		assert_non_null(f);
		assert_true(f->flags & FF_OUT);
	}
	assert_true(fields_find(health_note_fields, "author_name")->flags & FF_COMPUTED);
	assert_null(fields_find(health_note_fields, "secret"));
}

/* Reads a referral as a form sends it (NULL: not sent), then the required
 * fields and the rules; health: whether health_id names a health worker. */
static void
read_referral(struct arena *a, const char *who, bool health, const char *on, const char *reason,
	      struct health_referral *h, struct field_errors *e)
{
	memset(e, 0, sizeof *e);
	fields_clear(health_referral_fields, h);
	field_read_text(fields_find(health_referral_fields, "health_id"), who, h, a, e);
	field_read_text(fields_find(health_referral_fields, "referred_on"), on, h, a, e);
	field_read_text(fields_find(health_referral_fields, "reason"), reason, h, a, e);
	fields_check_required(health_referral_fields, h, e);
	health_referral_check(h, health, TODAY, e);
}

static void
test_referral_rows(void **state)
{
	(void)state;
	static const struct {
		const char *who; bool health; const char *on, *reason, *field, *why;
	} referral_rows[] = {
		{ "12", true, "2025-03-14", "Sleeps badly", NULL, NULL },
		{ " 12 ", true, "", "", NULL, NULL },                      /* today */
		{ "12", true, NULL, NULL, NULL, NULL },
		{ "12", true, "2025-03-14", "Two lines\nof reason", NULL, NULL },
		{ "", true, "2025-03-14", "", "health_id", "Choose the health worker to refer to." },
		{ NULL, true, "2025-03-14", "", "health_id", "Choose the health worker to refer to." },
		{ "12", false, "2025-03-14", "", "health_id", "Choose one of the health workers in the list." },
		{ "abc", false, "2025-03-14", "", "health_id", "Choose one of the health workers in the list." },
		{ "0", true, "2025-03-14", "", "health_id", "Choose one of the health workers in the list." },
		{ "-3", true, "2025-03-14", "", "health_id", "Choose one of the health workers in the list." },
		{ "99999999999999999999", true, "", "", "health_id", "Choose one of the health workers in the list." },
		{ "12", true, "2025-03-15", "", "referred_on", "The referral date cannot be in the future." },
		{ "12", true, "14.03.2025", "", "referred_on", R_DATE },
		{ "12", true, "", "bad\x01", "reason", "This text has characters that are not allowed." },
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(referral_rows); i++) {
		struct health_referral h;
		struct field_errors e;
		read_referral(a, referral_rows[i].who, referral_rows[i].health, referral_rows[i].on, referral_rows[i].reason, &h, &e);
		if (referral_rows[i].field == NULL) {
			if (e.n != 0)
				fail_msg("row %zu: unexpected error on %s: %s", i, e.field[0], e.reason[0]);
			assert_int_equal(h.health_id, 12);
		} else {
			if (e.n != 1)
				fail_msg("row %zu: %d errors, want 1 on %s", i, e.n, referral_rows[i].field);
			assert_string_equal(e.field[0], referral_rows[i].field);
			assert_string_equal(e.reason[0], referral_rows[i].why);
		}
	}
	/* a referral not dated is dated today; 500 characters pass, 501 do not */
	char *reason = malloc(1001);
	assert_non_null(reason);
	for (int i = 0; i < 500; i++)
		memcpy(reason + 2 * i, "\xc3\xa5", 2);
	reason[1000] = '\0';
	struct health_referral h;
	struct field_errors e;
	read_referral(a, "7", true, "", reason, &h, &e);
	assert_int_equal(e.n, 0);
	assert_int_equal(date_cmp(h.referred_on, TODAY), 0);
	assert_int_equal(h.health_id, 7);
	memset(reason, 'a', 501);
	reason[501] = '\0';
	read_referral(a, "7", true, "", reason, &h, &e);
	assert_int_equal(e.n, 1);
	assert_string_equal(field_error_of(&e, "reason"), "Write the reason in at most 500 characters.");
	free(reason);
	/* what the product keeps is never read from input */
	static const char *const kept[] = {"id", "participant_id", "health_name", "ended_on"};
	for (size_t i = 0; i < NELEM(kept); i++)
		assert_true(fields_find(health_referral_fields, kept[i])->flags & FF_OUT);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_kept_fields),
		cmocka_unit_test(test_referral_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
