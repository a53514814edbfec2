/*
 * test_caseload.c — table-driven tests of caseload caps, the caseload
 * area's declared fields and their rules (the assignment's reason, bulk
 * ids, filters and saved filters, the cap field, a person's figures), and
 * the waiting list (src/domain/caseload.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/caseload.h"
#include "util/arena.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char R_FULL[] = "the contact person's caseload is full";
static const char R_CAP[] = "the caseload cap must be between 1 and 60";
static const char R_NEG[] = "the number of active participants cannot be negative";

static void
test_can_assign(void **state)
{
	static const struct { int active, cap, rc; const char *reason; } rows[] = {
		{ 0, CASELOAD_DEFAULT_CAP, 0, NULL },
		{ 17, 18, 0, NULL },
		{ 18, 18, SC_ELIMIT, R_FULL },
		{ 19, 18, SC_ELIMIT, R_FULL },	/* over cap after a cap was lowered */
		{ 0, 1, 0, NULL },
		{ 1, 1, SC_ELIMIT, R_FULL },
		{ 59, 60, 0, NULL },
		{ 60, 60, SC_ELIMIT, R_FULL },
		{ 0, 0, SC_EINVAL, R_CAP },
		{ 0, 61, SC_EINVAL, R_CAP },
		{ 0, -1, SC_EINVAL, R_CAP },
		{ -1, 18, SC_EINVAL, R_NEG },
	};
	(void)state;
	assert_int_equal(CASELOAD_DEFAULT_CAP, 18);
	for (size_t i = 0; i < NELEM(rows); i++) {
		const char *reason = NULL;
		int rc = caseload_can_assign(rows[i].active, rows[i].cap, &reason);
		if (rc != rows[i].rc)
			fail_msg("active %d cap %d: rc %d", rows[i].active, rows[i].cap, rc);
		if (rows[i].reason == NULL)
			assert_null(reason);
		else
			assert_string_equal(reason, rows[i].reason);
	}
	assert_int_equal(caseload_can_assign(18, 18, NULL), SC_ELIMIT);
}

static void
test_can_assign_many(void **state)
{
	static const struct { int active, cap, more, rc, room; const char *reason; } rows[] = {
		{ 0, 18, 18, 0, 18, NULL },
		{ 13, 18, 5, 0, 5, NULL },	/* exactly fills the caseload */
		{ 15, 18, 5, SC_ELIMIT, 3, R_FULL },	/* "room for 3 more; you chose 5" */
		{ 18, 18, 1, SC_ELIMIT, 0, R_FULL },
		{ 18, 18, 0, 0, 0, NULL },	/* nothing that counts was chosen */
		{ 20, 18, 1, SC_ELIMIT, 0, R_FULL },	/* over the cap: no room, not negative */
		{ 0, 1, 1, 0, 1, NULL },
		{ 0, 1, 2, SC_ELIMIT, 1, R_FULL },
		{ 0, 0, 1, SC_EINVAL, -7, R_CAP },
		{ 0, 61, 1, SC_EINVAL, -7, R_CAP },
		{ -1, 18, 1, SC_EINVAL, -7, R_NEG },
		{ 0, 18, -1, SC_EINVAL, -7, R_NEG },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		const char *reason = NULL;
		int room = -7;
		int rc = caseload_can_assign_many(rows[i].active, rows[i].cap, rows[i].more, &room, &reason);
		if (rc != rows[i].rc || room != rows[i].room)
			fail_msg("row %zu: rc %d room %d", i, rc, room);
		if (rows[i].reason == NULL)
			assert_null(reason);
		else
			assert_string_equal(reason, rows[i].reason);
	}
	assert_int_equal(caseload_can_assign_many(17, 18, 1, NULL, NULL), 0);
	assert_int_equal(caseload_can_assign_many(17, 18, 2, NULL, NULL), SC_ELIMIT);
}

static void
test_free_places_and_cap_check(void **state)
{
	static const struct { int active, cap, free_places; } fp[] = {
		{ 0, 18, 18 }, { 17, 18, 1 }, { 18, 18, 0 }, { 25, 18, 0 }, { 0, 1, 1 },
	};
	static const struct { int cap, active, rc; const char *reason; } rows[] = {
		{ 18, 0, 0, NULL },
		{ 12, 12, 0, NULL },	/* down to the current count */
		{ 11, 12, SC_ELIMIT, "the cap cannot be lower than the number of active participants" },
		{ 60, 59, 0, NULL },
		{ 1, 0, 0, NULL },
		{ 0, 0, SC_EINVAL, R_CAP },
		{ 61, 0, SC_EINVAL, R_CAP },
		{ -3, 5, SC_EINVAL, R_CAP },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(fp); i++)
		assert_int_equal(caseload_free_places(fp[i].active, fp[i].cap), fp[i].free_places);
	for (size_t i = 0; i < NELEM(rows); i++) {
		const char *reason = NULL;
		int rc = caseload_cap_check(rows[i].cap, rows[i].active, &reason);
		if (rc != rows[i].rc)
			fail_msg("cap %d active %d: rc %d", rows[i].cap, rows[i].active, rc);
		if (rows[i].reason == NULL)
			assert_null(reason);
		else
			assert_string_equal(reason, rows[i].reason);
	}
}

static void
test_cap_and_priority_validate(void **state)
{
	(void)state;
	static const struct { int v, rc; } caps[] = {
		{ 1, 0 }, { 18, 0 }, { 60, 0 }, { 0, SC_EINVAL }, { 61, SC_EINVAL }, { -5, SC_EINVAL },
	};
	for (size_t i = 0; i < NELEM(caps); i++)
		assert_int_equal(caseload_cap_validate(caps[i].v, NULL), caps[i].rc);
	static const struct { int v, rc; } prios[] = {
		{ 1, 0 }, { 5, 0 }, { 9, 0 }, { 0, SC_EINVAL }, { 10, SC_EINVAL }, { -1, SC_EINVAL },
	};
	for (size_t i = 0; i < NELEM(prios); i++) {
		const char *reason = NULL;
		assert_int_equal(waitlist_priority_validate(prios[i].v, &reason), prios[i].rc);
		if (prios[i].rc)
			assert_string_equal(reason, "the priority must be between 1 and 9");
	}
}


/* ---- declared fields and their rules ---- */

/* n copies of the UTF-8 character c (1 or 2 bytes), in the arena. */
static const char *
repeat(struct arena *a, const char *c, size_t n)
{
	size_t len = strlen(c);
	char *s = arena_alloc(a, n * len + 1);
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, c, len);
	s[n * len] = '\0';
	return s;
}

static void
test_assignment_reason(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	static const char R_LONG[] = "The reason can be at most 500 characters.";
	const struct { const char *text; const char *why; } rows[] = {
		{ "", NULL },
		{ "Kari on leave", NULL },
		{ repeat(a, "x", 500), NULL },
		{ repeat(a, "x", 501), R_LONG },
		{ repeat(a, "\xC3\xB8", 500), NULL },   /* 500 characters, 1000 bytes */
		{ repeat(a, "\xC3\xB8", 501), R_LONG },
		{ "two\nlines", "This text has characters that are not allowed." },
	};
	const struct field *f = fields_find(assignment_input_fields, "reason");
	for (size_t i = 0; i < NELEM(rows); i++) {
		/* read from a form or API body ... */
		struct assignment_input in = {1, ""};
		struct field_errors e = {0};
		field_read_text(f, rows[i].text, &in, a, &e);
		const char *got = field_error_of(&e, "reason");
		if (rows[i].why == NULL ? got != NULL : got == NULL || strcmp(got, rows[i].why) != 0)
			fail_msg("row %zu read: %s", i, got ? got : "(none)");
		/* ... and given to the command as it is */
		struct assignment_input typed = {1, rows[i].text};
		struct field_errors e2 = {0};
		assert_int_equal(assignment_input_check(&typed, &e2), rows[i].why == NULL);
		if (rows[i].why != NULL)
			assert_string_equal(field_error_of(&e2, "reason"), rows[i].why);
	}
	/* the contact person is required, an id from 1 */
	static const struct { const char *text; bool ok; } ids[] = {
		{ "12", true }, { "", false }, { "0", false }, { "abc", false }, { "-3", false },
	};
	const struct field *c = fields_find(assignment_input_fields, "contact_id");
	for (size_t i = 0; i < NELEM(ids); i++) {
		struct assignment_input in = {0, ""};
		struct field_errors e = {0};
		field_read_text(c, ids[i].text, &in, a, &e);
		fields_check_required(assignment_input_fields, &in, &e);
		if (ids[i].ok)
			assert_int_equal(e.n, 0);
		else
			assert_string_equal(field_error_of(&e, "contact_id"), "Choose a contact person.");
	}
	arena_free(a);
}

static void
test_bulk_ids(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct field *f = fields_find(bulk_input_fields, "participant_ids");
	static const struct { const char *text; size_t n; int64_t want[4]; const char *why; } rows[] = {
		{ "7\n3\n7\n5", 3, { 3, 5, 7 }, NULL },   /* sorted, without repeats */
		{ "42", 1, { 42 }, NULL },
		{ "", 0, { 0 }, "Choose at least one participant." },
		{ "3\nx", 0, { 0 }, "Choose participants from the list." },
		{ "0", 0, { 0 }, "Choose participants from the list." },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct bulk_input in;
		fields_clear(bulk_input_fields, &in);
		struct field_errors e = {0};
		field_read_text(f, rows[i].text, &in, a, &e);
		fields_check_required(bulk_input_fields, &in, &e);
		if (rows[i].why != NULL) {
			assert_string_equal(field_error_of(&e, "participant_ids"), rows[i].why);
			continue;
		}
		assert_null(field_error_of(&e, "participant_ids"));
		int64_t ids[8];
		assert_int_equal(bulk_input_ids(&in, ids), rows[i].n);
		for (size_t k = 0; k < rows[i].n; k++)
			assert_int_equal(ids[k], rows[i].want[k]);
	}
	/* at most CASELOAD_BULK_MAX */
	char *many = arena_alloc(a, (CASELOAD_BULK_MAX + 1) * 4);
	assert_non_null(many);
	size_t len = 0;
	for (int i = 0; i <= CASELOAD_BULK_MAX; i++)
		len += (size_t)sprintf(many + len, "%s%d", i ? "\n" : "", i % 9 + 1);
	struct bulk_input in;
	fields_clear(bulk_input_fields, &in);
	struct field_errors e = {0};
	field_read_text(f, many, &in, a, &e);
	assert_string_equal(field_error_of(&e, "participant_ids"), "Choose at most 500 participants at once.");
	arena_free(a);
}

static void
test_cap_field(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	static const char R_RANGE[] = "The cap must be a whole number from 1 to 60.";
	static const struct { const char *text; int64_t cap; const char *why; } rows[] = {
		{ "1", 1, NULL }, { "18", 18, NULL }, { "60", 60, NULL },
		{ "0", FIELD_NONE, R_RANGE }, { "61", FIELD_NONE, R_RANGE }, { "-1", FIELD_NONE, R_RANGE },
		{ "abc", FIELD_NONE, R_RANGE }, { "", FIELD_NONE, R_RANGE }, { "12.5", FIELD_NONE, R_RANGE },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct cap_input in;
		struct field_errors e = {0};
		field_read_text(&cap_input_fields.f[0], rows[i].text, &in, a, &e);
		fields_check_required(cap_input_fields, &in, &e);
		assert_int_equal(in.cap, rows[i].cap);
		if (rows[i].why == NULL)
			assert_int_equal(e.n, 0);
		else
			assert_string_equal(field_error_of(&e, "cap"), rows[i].why);
	}
	arena_free(a);
}

/* Reads a filter from pairs "key", "value", ..., NULL. */
static void
filter_from(struct arena *a, const char *const *kv, struct caseload_filter *f, struct field_errors *e)
{
	fields_clear(caseload_filter_fields, f);
	for (size_t i = 0; kv[i] != NULL; i += 2)
		field_read_text(fields_find(caseload_filter_fields, kv[i]), kv[i + 1], f, a, e);
}

static void
test_filters(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	static const struct {
		const char *kv[8];
		unsigned bits;
		int days;
		const char *query;
		bool savable;
		const char *bad;     /* the field with an error */
	} rows[] = {
		{ { NULL }, 0, 14, "", false, NULL },
		{ { "no_contact", "1", "days", "21", NULL }, CF_NO_CONTACT, 21, "no_contact=1&days=21", true, NULL },
		{ { "days", "14", NULL }, 0, 14, "", false, NULL },     /* the default is no filter */
		{ { "days", "30", NULL }, 0, 30, "days=30", true, NULL },
		{ { "new_week", "on", "eval_due", "true", NULL }, CF_EVAL_DUE | CF_NEW, 14, "eval_due=1&new_week=1",
		  true, NULL },
		{ { "goals_overdue", "0", NULL }, 0, 14, "", false, NULL },
		{ { "no_contact", "maybe", NULL }, 0, 14, "", false, "no_contact" },
		{ { "days", "0", NULL }, 0, 14, "", false, "days" },
		{ { "days", "366", NULL }, 0, 14, "", false, "days" },
		{ { "days", "abc", NULL }, 0, 14, "", false, "days" },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct caseload_filter f;
		struct field_errors e = {0};
		filter_from(a, rows[i].kv, &f, &e);
		if (rows[i].bad != NULL) {
			assert_non_null(field_error_of(&e, rows[i].bad));
		} else if (e.n != 0) {
			fail_msg("row %zu: %s: %s", i, e.field[0], e.reason[0]);
		}
		assert_int_equal(caseload_filter_bits(&f), rows[i].bits);
		assert_int_equal(caseload_filter_days(&f, 14), rows[i].days);
		assert_string_equal(caseload_filter_query(&f, 14, a), rows[i].query);
		struct field_errors se = {0};
		assert_int_equal(saved_filter_check(&f, 14, &se), rows[i].savable);
		if (!rows[i].savable)
			assert_string_equal(field_error_of(&se, "query"), "Choose at least one filter to save.");
	}
	static const char R_DAYS[] = "The number of days must be a whole number from 1 to 365.";
	struct caseload_filter f;
	struct field_errors e = {0};
	filter_from(a, (const char *const[]){ "days", "0", NULL }, &f, &e);
	assert_string_equal(field_error_of(&e, "days"), R_DAYS);
	e.n = 0;
	filter_from(a, (const char *const[]){ "eval_due", "2", NULL }, &f, &e);
	assert_string_equal(field_error_of(&e, "eval_due"), "A filter is either 1 (on) or 0 (off).");

	/* the dates of a query */
	filter_from(a, (const char *const[]){ "no_contact", "1", "days", "21", NULL }, &f, &e);
	struct caseload_query q;
	caseload_query_for(&f, 14, 7, D(2025, 3, 10), 1741600000, &q);
	assert_int_equal(date_cmp(q.today, D(2025, 3, 10)), 0);
	assert_int_equal(date_cmp(q.contact_since, D(2025, 2, 17)), 0);
	assert_int_equal(date_cmp(q.due_by, D(2025, 3, 17)), 0);
	assert_int_equal(q.new_since, 1741600000 - 7 * 86400);
	assert_int_equal(q.filters, CF_NO_CONTACT);

	/* a saved filter's name */
	const struct { const char *text; const char *why; } names[] = {
		{ "Quiet ones", NULL },
		{ "", "Give the filter a name." },
		{ "   ", "Give the filter a name." },
		{ repeat(a, "n", 100), NULL },
		{ repeat(a, "n", 101), "The name can be at most 100 characters, on one line." },
		{ "two\nlines", "The name can be at most 100 characters, on one line." },
	};
	for (size_t i = 0; i < NELEM(names); i++) {
		struct saved_filter_input in;
		struct field_errors ne = {0};
		field_read_text(&saved_filter_input_fields.f[0], names[i].text, &in, a, &ne);
		fields_check_required(saved_filter_input_fields, &in, &ne);
		if (names[i].why == NULL)
			assert_int_equal(ne.n, 0);
		else
			assert_string_equal(field_error_of(&ne, "name"), names[i].why);
	}
	arena_free(a);
}

static void
test_person_settle(void **state)
{
	(void)state;
	static const struct {
		int64_t cap;       /* as read: FIELD_NONE when not set */
		int assignable;
		int64_t active;
		int64_t want_cap, want_free;
		int own;
	} rows[] = {
		{ FIELD_NONE, 1, 12, 18, 6, 0 },
		{ 20, 1, 12, 20, 8, 1 },
		{ 10, 1, 12, 10, 0, 1 },     /* over the cap: no free places, never below 0 */
		{ FIELD_NONE, 0, 3, 18, 0, 0 },   /* not assignable: no free places */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct caseload_person p = {.cap = rows[i].cap, .assignable = rows[i].assignable,
					    .active = rows[i].active};
		caseload_person_settle(&p);
		assert_int_equal(p.cap, rows[i].want_cap);
		assert_int_equal(p.free_places, rows[i].want_free);
		assert_int_equal(p.own_cap, rows[i].own);
	}
	/* a centre's places: the same rule */
	assert_int_equal(caseload_free_places(15, 63), 48);
	assert_int_equal(caseload_free_places(70, 63), 0);
	struct contact_choice full = {1, "Full", 2, 2}, room = {2, "Room", 18, 17};
	assert_true(contact_choice_full(&full));
	assert_false(contact_choice_full(&room));
}

static void
test_compare(void **state)
{
	static const struct { struct waitlist_entry a, b; int want; } rows[] = {
		{ { 1, 1, D(2025, 1, 1) }, { 2, 2, D(2024, 1, 1) }, -1 },	/* priority wins */
		{ { 1, 3, D(2024, 1, 1) }, { 2, 2, D(2025, 1, 1) }, 1 },
		{ { 9, 2, D(2024, 1, 1) }, { 2, 2, D(2024, 1, 2) }, -1 },	/* then date */
		{ { 1, 2, D(2024, 3, 1) }, { 2, 2, D(2024, 2, 29) }, 1 },
		{ { 3, 2, D(2024, 1, 1) }, { 4, 2, D(2024, 1, 1) }, -1 },	/* then id */
		{ { 4, 2, D(2024, 1, 1) }, { 3, 2, D(2024, 1, 1) }, 1 },
		{ { 4, 2, D(2024, 1, 1) }, { 4, 2, D(2024, 1, 1) }, 0 },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		assert_int_equal(waitlist_compare(&rows[i].a, &rows[i].b), rows[i].want);
		assert_int_equal(waitlist_compare(&rows[i].b, &rows[i].a), -rows[i].want);
	}
}

static void
test_sort(void **state)
{
	struct waitlist_entry list[] = {
		{ 10, 3, D(2024, 1, 5) },
		{ 11, 1, D(2024, 6, 1) },
		{ 12, 2, D(2024, 2, 1) },
		{ 13, 1, D(2024, 3, 1) },
		{ 14, 2, D(2024, 2, 1) },
		{ 15, 1, D(2024, 3, 1) },
	};
	static const int64_t want[] = { 13, 15, 11, 12, 14, 10 };
	(void)state;
	qsort(list, NELEM(list), sizeof list[0], waitlist_qsort_cmp);
	for (size_t i = 0; i < NELEM(list); i++)
		assert_int_equal(list[i].id, want[i]);
}

static void
test_expected_wait(void **state)
{
	/* today 2025-03-10; exits out of order, one in the past, two on one day */
	static const struct date exits[] = {
		D(2025, 6, 30),		/* 112 days */
		D(2025, 3, 1),		/* past: counts as today, 0 */
		D(2025, 4, 9),		/* 30 days */
		D(2025, 6, 30),		/* 112 days */
		D(2025, 3, 11),		/* 1 day */
	};
	const struct date today = D(2025, 3, 10);
	static const struct { int place, free_places; size_t nexits; int want; } rows[] = {
		{ 1, 2, 5, 0 },		/* free places */
		{ 2, 2, 5, 0 },
		{ 3, 2, 5, 0 },		/* 1st exit (past one) */
		{ 4, 2, 5, 1 },		/* 2nd exit */
		{ 5, 2, 5, 30 },
		{ 6, 2, 5, 112 },
		{ 7, 2, 5, 112 },	/* the two on one day */
		{ 8, 2, 5, -1 },	/* not enough exits: unknown */
		{ 1, 0, 5, 0 },		/* no free place: first exit */
		{ 5, 0, 5, 112 },
		{ 6, 0, 5, -1 },
		{ 1, 0, 0, -1 },	/* nothing planned */
		{ 1, 1, 0, 0 },
		{ 1, 0, 1, 112 },	/* only the first exit counted */
		{ 0, 2, 5, SC_EINVAL },	/* places are 1-based */
		{ 1, -1, 5, SC_EINVAL },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		int got = waitlist_expected_wait_days(rows[i].place, rows[i].free_places,
		    exits, rows[i].nexits, today);
		if (got != rows[i].want)
			fail_msg("row %zu (place %d, free %d): %d, want %d", i,
			    rows[i].place, rows[i].free_places, got, rows[i].want);
	}
	assert_int_equal(waitlist_expected_wait_days(1, 0, NULL, 0, today), -1);
	assert_int_equal(waitlist_expected_wait_days(1, 0, NULL, 3, today), SC_EINVAL);
	static const struct date bad[] = { D(2025, 2, 29) };
	assert_int_equal(waitlist_expected_wait_days(1, 0, bad, 1, today), SC_EINVAL);
	assert_int_equal(waitlist_expected_wait_days(1, 0, exits, 1, D(2025, 2, 29)), SC_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_can_assign),
		cmocka_unit_test(test_can_assign_many),
		cmocka_unit_test(test_free_places_and_cap_check),
		cmocka_unit_test(test_cap_and_priority_validate),
		cmocka_unit_test(test_assignment_reason),
		cmocka_unit_test(test_bulk_ids),
		cmocka_unit_test(test_cap_field),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_person_settle),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_expected_wait),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
