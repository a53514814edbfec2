/*
 * test_followup.c — table-driven tests of the follow-up rules
 * (src/domain/followup.c): channels and results, the meeting, health-note
 * and follow-up validators (valid and invalid rows), and the Today rules
 * (due, overdue, planned meetings, no contact).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/followup.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = { 2025, 3, 14 };

/* A writable copy (validators trim in place); NULL stays NULL. */
static char *
w(const char *s)
{
	if (s == NULL)
		return NULL;
	char *c = strdup(s);
	assert_non_null(c);
	return c;
}

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

static const char *
error_of(const struct field_errors *e, const char *field)
{
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->field[i], field) == 0)
			return e->reason[i];
	return NULL;
}

/* ---- keys and labels ---- */

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
	for (size_t i = 0; i < NELEM(rows); i++) {
		enum meeting_channel c = 0;
		assert_int_equal(meeting_channel_parse(rows[i].key, &c), SC_OK);
		assert_int_equal(c, rows[i].c);
		assert_string_equal(meeting_channel_key(c), rows[i].key);
		assert_string_equal(meeting_channel_label(c), rows[i].label);
		assert_string_equal(meeting_channel_label_of(rows[i].key), rows[i].label);
	}
	static const char *const bad[] = { "", "In person", "PHONE", "email", "phone ", "home-visit" };
	for (size_t i = 0; i < NELEM(bad); i++) {
		enum meeting_channel c = MEETING_VIDEO;
		assert_int_equal(meeting_channel_parse(bad[i], &c), SC_EINVAL);
		assert_int_equal(c, MEETING_VIDEO);
	}
	assert_int_equal(meeting_channel_parse(NULL, NULL), SC_EINVAL);
	assert_null(meeting_channel_key(0));
	assert_null(meeting_channel_key(MEETING_CHANNEL_LAST + 1));
	assert_string_equal(meeting_channel_label(0), "");
	assert_string_equal(meeting_channel_label_of("fax"), "fax");
	assert_string_equal(meeting_channel_label_of(NULL), "");
}

static void
test_results_and_kinds(void **state)
{
	(void)state;
	static const struct { const char *key, *label; enum task_result res; } rows[] = {
		{ "employed_full", "Employed full-time", TASK_RESULT_EMPLOYED_FULL },
		{ "employed_part", "Employed part-time", TASK_RESULT_EMPLOYED_PART },
		{ "education", "Education", TASK_RESULT_EDUCATION },
		{ "other_programme", "Other programme", TASK_RESULT_OTHER_PROGRAMME },
		{ "moved", "Moved", TASK_RESULT_MOVED },
		{ "dropped_out", "Dropped out", TASK_RESULT_DROPPED_OUT },
		{ "other", "Other", TASK_RESULT_OTHER },
		{ "unknown", "Unknown (not reached)", TASK_RESULT_UNKNOWN },
	};
	assert_int_equal(NELEM(rows), TASK_RESULT_LAST - TASK_RESULT_FIRST + 1);
	for (size_t i = 0; i < NELEM(rows); i++) {
		enum task_result res = 0;
		assert_int_equal(task_result_parse(rows[i].key, &res), SC_OK);
		assert_int_equal(res, rows[i].res);
		assert_string_equal(task_result_key(res), rows[i].key);
		assert_string_equal(task_result_label(res), rows[i].label);
		assert_string_equal(task_result_label_of(rows[i].key), rows[i].label);
	}
	static const char *const bad[] = { "", "employed", "Employed_full", "moved ", "unknown!" };
	for (size_t i = 0; i < NELEM(bad); i++) {
		enum task_result res = TASK_RESULT_MOVED;
		assert_int_equal(task_result_parse(bad[i], &res), SC_EINVAL);
		assert_int_equal(res, TASK_RESULT_MOVED);
	}
	assert_int_equal(task_result_parse(NULL, NULL), SC_EINVAL);
	assert_null(task_result_key(0));
	assert_null(task_result_key(TASK_RESULT_LAST + 1));
	assert_string_equal(task_result_label(99), "");

	assert_string_equal(task_kind_label("followup_6m"), "Follow-up 6 months after exit");
	assert_string_equal(task_kind_label("followup_12m"), "Follow-up 12 months after exit");
	assert_string_equal(task_kind_label("other"), "other");
	assert_string_equal(task_kind_label(NULL), "");
}

/* ---- meetings ---- */

static const char R_DATE[] = "Write the date as YYYY-MM-DD, for example 2024-03-01.";

struct meeting_row {
	const char *held_on, *channel, *interpreter, *minutes, *next_steps, *next_meeting;
	const char *field;    /* the field with an error; NULL = valid */
	const char *reason;
};

static void
test_meeting_validate(void **state)
{
	(void)state;
	static const struct meeting_row rows[] = {
		/* valid */
		{ "2025-03-14", "in_person", "", "", "", "", NULL, NULL },
		{ "2025-03-14", "phone", "yes", "Talked about the internship.", "Call the employer.", "2025-03-21", NULL, NULL },
		{ " 2025-01-02 ", " video ", "no", "  padded  ", "\n", "2025-01-02", NULL, NULL },
		{ "2024-02-29", "home_visit", "1", "Line one\nLine two\tTabbed", "", "2024-02-29", NULL, NULL },
		{ "2025-03-01", "phone", "on", "", "", "2025-03-10", NULL, NULL },    /* next meeting passed: logged late */
		{ "2025-03-01", "phone", "true", "Ærlig talt, ça va. 😀", "", "", NULL, NULL },
		{ "2025-03-01", "phone", "0", NULL, NULL, NULL, NULL, NULL },
		{ "2025-03-01", "phone", "false", "", "", "2199-12-31", NULL, NULL },
		{ "2025-03-01", "phone", NULL, "", "", "", NULL, NULL },
		/* held_on */
		{ "", "phone", "", "", "", "", "held_on", "Give the date of the meeting." },
		{ NULL, "phone", "", "", "", "", "held_on", "Give the date of the meeting." },
		{ "   ", "phone", "", "", "", "", "held_on", "Give the date of the meeting." },
		{ "14.03.2025", "phone", "", "", "", "", "held_on", R_DATE },
		{ "2025-02-30", "phone", "", "", "", "", "held_on", R_DATE },
		{ "2025-3-1", "phone", "", "", "", "", "held_on", R_DATE },
		{ "1899-12-31", "phone", "", "", "", "", "held_on", R_DATE },
		{ "2025-03-15", "phone", "", "", "", "", "held_on",
		  "The meeting date cannot be in the future; log a meeting after it was held." },
		/* channel */
		{ "2025-03-14", "", "", "", "", "", "channel", "Choose how the meeting was held." },
		{ "2025-03-14", NULL, "", "", "", "", "channel", "Choose how the meeting was held." },
		{ "2025-03-14", "email", "", "", "", "", "channel",
		  "Choose how the meeting was held: in person, phone, video or home visit." },
		{ "2025-03-14", "Phone", "", "", "", "", "channel",
		  "Choose how the meeting was held: in person, phone, video or home visit." },
		/* interpreter */
		{ "2025-03-14", "phone", "maybe", "", "", "", "interpreter", "Answer yes or no: was an interpreter used?" },
		{ "2025-03-14", "phone", "2", "", "", "", "interpreter", "Answer yes or no: was an interpreter used?" },
		/* texts */
		{ "2025-03-14", "phone", "", "bell\a", "", "", "minutes", "This text has characters that are not allowed." },
		{ "2025-03-14", "phone", "", "\xff\xfe", "", "", "minutes", "This text has characters that are not allowed." },
		{ "2025-03-14", "phone", "", "\xc0\xaf", "", "", "minutes", "This text has characters that are not allowed." },
		{ "2025-03-14", "phone", "", "\xed\xa0\x80", "", "", "minutes", "This text has characters that are not allowed." },
		{ "2025-03-14", "phone", "", "", "esc\x1b[0m", "", "next_steps", "This text has characters that are not allowed." },
		{ "2025-03-14", "phone", "", "", "\xc2\x85", "", "next_steps", "This text has characters that are not allowed." },
		/* next meeting */
		{ "2025-03-14", "phone", "", "", "", "next week", "next_meeting", R_DATE },
		{ "2025-03-14", "phone", "", "", "", "2025-13-01", "next_meeting", R_DATE },
		{ "2025-03-14", "phone", "", "", "", "2025-03-13", "next_meeting",
		  "The next meeting cannot be before this meeting." },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		const struct meeting_row *row = &rows[i];
		struct meeting_form f = {
			w(row->held_on), w(row->channel), w(row->interpreter),
			w(row->minutes), w(row->next_steps), w(row->next_meeting),
		};
		struct meeting m;
		struct field_errors e;
		int rc = meeting_validate(&f, TODAY, &m, &e);
		if (row->field == NULL) {
			if (rc != SC_OK)
				fail_msg("row %zu: unexpected error on %s: %s", i, e.field[0], e.reason[0]);
			assert_int_equal(e.n, 0);
		} else {
			if (rc != SC_EINVAL)
				fail_msg("row %zu: accepted, expected an error on %s", i, row->field);
			assert_int_equal(e.n, 1);
			assert_string_equal(e.field[0], row->field);
			assert_string_equal(e.reason[0], row->reason);
		}
		free(f.held_on);
		free(f.channel);
		free(f.interpreter);
		free(f.minutes);
		free(f.next_steps);
		free(f.next_meeting);
	}
}

static void
test_meeting_values(void **state)
{
	(void)state;
	char held[] = " 2025-03-10 ", ch[] = "home_visit", interp[] = "yes";
	char minutes[] = "  We met at home.\n ", steps[] = "\tApply for the course\t", next[] = "2025-04-01";
	struct meeting_form f = { held, ch, interp, minutes, steps, next };
	struct meeting m;
	struct field_errors e;
	assert_int_equal(meeting_validate(&f, TODAY, &m, &e), SC_OK);
	assert_int_equal(date_cmp(m.held_on, D(2025, 3, 10)), 0);
	assert_int_equal(m.channel, MEETING_HOME_VISIT);
	assert_true(m.interpreter);
	assert_string_equal(m.minutes, "We met at home.");
	assert_string_equal(m.next_steps, "Apply for the course");
	assert_true(m.has_next_meeting);
	assert_int_equal(date_cmp(m.next_meeting, D(2025, 4, 1)), 0);

	/* no next meeting, no interpreter */
	char held2[] = "2025-03-14", ch2[] = "phone", interp2[] = "no", empty1[] = "", empty2[] = "", empty3[] = "";
	struct meeting_form g = { held2, ch2, interp2, empty1, empty2, empty3 };
	assert_int_equal(meeting_validate(&g, TODAY, &m, &e), SC_OK);
	assert_false(m.interpreter);
	assert_false(m.has_next_meeting);
	assert_string_equal(m.minutes, "");

	/* every error at once, each beside its field */
	char h3[] = "2099-01-01", c3[] = "fax", i3[] = "perhaps", m3[] = "ok", s3[] = "\x01", n3[] = "x";
	struct meeting_form bad = { h3, c3, i3, m3, s3, n3 };
	assert_int_equal(meeting_validate(&bad, TODAY, &m, &e), SC_EINVAL);
	assert_int_equal(e.n, 5);
	assert_non_null(error_of(&e, "held_on"));
	assert_non_null(error_of(&e, "channel"));
	assert_non_null(error_of(&e, "interpreter"));
	assert_non_null(error_of(&e, "next_steps"));
	assert_string_equal(error_of(&e, "next_meeting"), R_DATE);
	assert_null(error_of(&e, "minutes"));

	/* a bad held_on does not also blame a good next meeting */
	char h4[] = "soon", c4[] = "phone", i4[] = "", m4[] = "", s4[] = "", n4[] = "2025-01-01";
	struct meeting_form bad2 = { h4, c4, i4, m4, s4, n4 };
	assert_int_equal(meeting_validate(&bad2, TODAY, &m, &e), SC_EINVAL);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.field[0], "held_on");
}

/* The text limit is in characters, not bytes. */
static void
test_text_limits(void **state)
{
	(void)state;
	static const struct { const char *unit; size_t n; bool ok; } rows[] = {
		{ "a", FOLLOWUP_TEXT_MAX, true },
		{ "a", FOLLOWUP_TEXT_MAX + 1, false },
		{ "\xc3\xa6", FOLLOWUP_TEXT_MAX, true },          /* æ: 2 bytes each */
		{ "\xc3\xa6", FOLLOWUP_TEXT_MAX + 1, false },
		{ "\xf0\x9f\x98\x80", FOLLOWUP_TEXT_MAX, true },  /* 4 bytes each */
		{ "\n", 10, true },                               /* trimmed to nothing */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		char *text = repeat(rows[i].unit, rows[i].n);
		char *text2 = strdup(text), *text3 = strdup(text), *text4 = strdup(text);
		assert_non_null(text2);
		assert_non_null(text3);
		assert_non_null(text4);
		char held[] = "2025-03-14", ch[] = "phone", interp[] = "", steps[] = "", next[] = "";
		struct meeting_form f = { held, ch, interp, text, steps, next };
		struct meeting m;
		struct field_errors e;
		int rc = meeting_validate(&f, TODAY, &m, &e);
		assert_int_equal(rc, rows[i].ok ? SC_OK : SC_EINVAL);
		if (!rows[i].ok)
			assert_string_equal(error_of(&e, "minutes"), "The minutes are too long: at most 8000 characters.");

		char held2[] = "2025-03-14", ch2[] = "phone", interp2[] = "", min2[] = "", next2[] = "";
		struct meeting_form g = { held2, ch2, interp2, min2, text2, next2 };
		rc = meeting_validate(&g, TODAY, &m, &e);
		assert_int_equal(rc, rows[i].ok ? SC_OK : SC_EINVAL);
		if (!rows[i].ok)
			assert_string_equal(error_of(&e, "next_steps"), "The next steps are too long: at most 8000 characters.");


		char result[] = "moved";
		struct task_done_form t = { result, text4 };
		struct task_done done;
		rc = task_done_validate(&t, &done, &e);
		assert_int_equal(rc, rows[i].ok ? SC_OK : SC_EINVAL);
		if (!rows[i].ok)
			assert_string_equal(error_of(&e, "note"), "The note is too long: at most 8000 characters.");
		free(text);
		free(text2);
		free(text3);
		free(text4);
	}
}

/* ---- health notes ---- */

/* ---- referrals to a health worker ---- */

static void
test_health_referral_validate(void **state)
{
	(void)state;
	static const struct {
		const char *who; bool health; const char *on, *reason, *field, *why;
	} rows[] = {
		{ "12", true, "2025-03-14", "Sleeps badly", NULL, NULL },
		{ " 12 ", true, "", "", NULL, NULL },                      /* today */
		{ "12", true, NULL, NULL, NULL, NULL },
		{ "", true, "2025-03-14", "", "health_id", "Choose the health worker to refer to." },
		{ NULL, true, "2025-03-14", "", "health_id", "Choose the health worker to refer to." },
		{ "12", false, "2025-03-14", "", "health_id", "Choose one of the health workers in the list." },
		{ "abc", false, "2025-03-14", "", "health_id", "Choose one of the health workers in the list." },
		{ "0", true, "2025-03-14", "", "health_id", "Choose one of the health workers in the list." },
		{ "-3", true, "2025-03-14", "", "health_id", "Choose one of the health workers in the list." },
		{ "1234567890123456789", true, "", "", "health_id", "Choose one of the health workers in the list." },
		{ "12", true, "2025-03-15", "", "referred_on", "The referral date cannot be in the future." },
		{ "12", true, "14.03.2025", "", "referred_on", R_DATE },
		{ "12", true, "", "bad\x01", "reason", "This text has characters that are not allowed." },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct health_referral_form f = { w(rows[i].who), w(rows[i].on), w(rows[i].reason) };
		struct health_referral h;
		struct field_errors e;
		int rc = health_referral_validate(&f, rows[i].health, TODAY, &h, &e);
		if (rows[i].field == NULL) {
			if (rc != SC_OK)
				fail_msg("row %zu: unexpected error on %s: %s", i, e.field[0], e.reason[0]);
			assert_int_equal(h.health_id, 12);
		} else {
			assert_int_equal(rc, SC_EINVAL);
			assert_int_equal(e.n, 1);
			assert_string_equal(e.field[0], rows[i].field);
			assert_string_equal(e.reason[0], rows[i].why);
		}
		free(f.health_id);
		free(f.referred_on);
		free(f.reason);
	}
	/* empty date is today; 500 characters pass, 501 do not */
	char who[] = "7", on[] = "";
	char *reason = repeat("\xc3\xa5", 500);
	struct health_referral_form f = { who, on, reason };
	struct health_referral h;
	struct field_errors e;
	assert_int_equal(health_referral_validate(&f, true, TODAY, &h, &e), SC_OK);
	assert_int_equal(date_cmp(h.referred_on, TODAY), 0);
	assert_int_equal(h.health_id, 7);
	free(reason);
	char who2[] = "7", on2[] = "";
	reason = repeat("a", 501);
	struct health_referral_form g = { who2, on2, reason };
	assert_int_equal(health_referral_validate(&g, true, TODAY, &h, &e), SC_EINVAL);
	assert_string_equal(error_of(&e, "reason"), "Write the reason in at most 500 characters.");
	free(reason);
}

/* ---- follow-up tasks ---- */

static void
test_task_done_validate(void **state)
{
	(void)state;
	static const struct { const char *result, *note, *field, *reason; } rows[] = {
		{ "employed_full", "", NULL, NULL },
		{ "unknown", "Could not reach her by phone.", NULL, NULL },
		{ " education ", NULL, NULL, NULL },
		{ "", "note", "result", "Choose the result of the follow-up." },
		{ NULL, "", "result", "Choose the result of the follow-up." },
		{ "hired", "", "result", "Choose a result from the list." },
		{ "moved", "tab\tok but bell\a", "note", "This text has characters that are not allowed." },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct task_done_form f = { w(rows[i].result), w(rows[i].note) };
		struct task_done d;
		struct field_errors e;
		int rc = task_done_validate(&f, &d, &e);
		if (rows[i].field == NULL) {
			assert_int_equal(rc, SC_OK);
			assert_true(d.result >= TASK_RESULT_FIRST && d.result <= TASK_RESULT_LAST);
		} else {
			assert_int_equal(rc, SC_EINVAL);
			assert_int_equal(e.n, 1);
			assert_string_equal(e.field[0], rows[i].field);
			assert_string_equal(e.reason[0], rows[i].reason);
		}
		free(f.result);
		free(f.note);
	}
}

/* ---- the Today rules ---- */

static void
test_due_state(void **state)
{
	(void)state;
	static const struct {
		struct date due;
		bool done;
		int soon;
		enum followup_due want;
	} rows[] = {
		{ { 2025, 3, 13 }, false, 7, FOLLOWUP_OVERDUE },   /* yesterday */
		{ { 2024, 12, 31 }, false, 7, FOLLOWUP_OVERDUE },
		{ { 2025, 3, 14 }, false, 7, FOLLOWUP_DUE },       /* today: due, not overdue */
		{ { 2025, 3, 21 }, false, 7, FOLLOWUP_DUE },       /* the last day of the window */
		{ { 2025, 3, 22 }, false, 7, FOLLOWUP_LATER },
		{ { 2025, 3, 14 }, false, 0, FOLLOWUP_DUE },
		{ { 2025, 3, 15 }, false, 0, FOLLOWUP_LATER },
		{ { 2025, 3, 15 }, false, -3, FOLLOWUP_LATER },    /* negative counts as 0 */
		{ { 2025, 3, 14 }, false, -3, FOLLOWUP_DUE },
		{ { 2025, 4, 13 }, false, 30, FOLLOWUP_DUE },      /* across a month end */
		{ { 2025, 4, 14 }, false, 30, FOLLOWUP_LATER },
		{ { 2025, 3, 1 }, true, 7, FOLLOWUP_DONE },        /* done: never shown */
		{ { 2025, 3, 14 }, true, 7, FOLLOWUP_DONE },
		{ { 2026, 1, 1 }, true, 7, FOLLOWUP_DONE },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		enum followup_due got = followup_due_state(rows[i].due, rows[i].done, TODAY, rows[i].soon);
		if (got != rows[i].want)
			fail_msg("row %zu: got %d, want %d", i, got, rows[i].want);
	}
	/* the window end the store uses agrees with the rule */
	assert_int_equal(date_cmp(followup_due_window_end(TODAY, 7), D(2025, 3, 21)), 0);
	assert_int_equal(date_cmp(followup_due_window_end(TODAY, 0), TODAY), 0);
	assert_int_equal(date_cmp(followup_due_window_end(TODAY, -1), TODAY), 0);
	assert_int_equal(date_cmp(followup_due_window_end(D(2024, 12, 28), 7), D(2025, 1, 4)), 0);
	for (int soon = 0; soon <= 10; soon++) {
		struct date end = followup_due_window_end(TODAY, soon);
		assert_int_equal(followup_due_state(end, false, TODAY, soon), FOLLOWUP_DUE);
		assert_int_equal(followup_due_state(date_add_days(end, 1), false, TODAY, soon), FOLLOWUP_LATER);
	}
}

static void
test_planned_state(void **state)
{
	(void)state;
	static const struct { struct date next; enum meeting_planned want; } rows[] = {
		{ { 2025, 3, 14 }, MEETING_PLANNED_TODAY },
		{ { 2025, 3, 13 }, MEETING_PLANNED_PASSED },
		{ { 2024, 3, 14 }, MEETING_PLANNED_PASSED },
		{ { 2025, 3, 15 }, MEETING_PLANNED_LATER },
		{ { 2026, 1, 1 }, MEETING_PLANNED_LATER },
	};
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_int_equal(meeting_planned_state(rows[i].next, TODAY), rows[i].want);
}

static void
test_no_contact(void **state)
{
	(void)state;
	static const struct { bool never; struct date last; int days; bool want; } rows[] = {
		{ false, { 2025, 3, 14 }, 14, false },   /* met today */
		{ false, { 2025, 2, 28 }, 14, false },   /* exactly 14 days ago: not more than 14 */
		{ false, { 2025, 2, 27 }, 14, true },    /* 15 days ago */
		{ false, { 2024, 3, 14 }, 14, true },
		{ false, { 2025, 3, 13 }, 1, false },
		{ false, { 2025, 3, 12 }, 1, true },
		{ false, { 2025, 3, 14 }, 0, false },
		{ false, { 2025, 3, 13 }, 0, true },
		{ false, { 2025, 3, 13 }, -5, true },    /* negative counts as 0 */
		{ false, { 2025, 3, 20 }, 14, false },   /* a date after today (bad data): contact */
		{ true, { 0, 0, 0 }, 14, true },         /* never contacted, no programme start */
		{ true, { 0, 0, 0 }, 365, true },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		bool got = followup_no_contact(rows[i].never ? NULL : &rows[i].last, TODAY, rows[i].days);
		if (got != rows[i].want)
			fail_msg("row %zu: got %d, want %d", i, got, rows[i].want);
		if (!rows[i].never) {
			/* the store's cut-off says the same */
			struct date cut = followup_no_contact_before(TODAY, rows[i].days);
			assert_int_equal(date_cmp(rows[i].last, cut) < 0, rows[i].want);
		}
	}
	assert_int_equal(date_cmp(followup_no_contact_before(TODAY, 14), D(2025, 2, 28)), 0);
	assert_int_equal(date_cmp(followup_no_contact_before(D(2024, 3, 1), 1), D(2024, 2, 29)), 0);
	assert_int_equal(followup_days_between(D(2025, 2, 28), TODAY), 14);
	assert_int_equal(followup_days_between(TODAY, D(2025, 2, 28)), -14);
	assert_int_equal(followup_days_between(D(2023, 12, 31), D(2024, 12, 31)), 366);
}

/* The one rule for "overdue": a row per case. */
static void
test_overdue_rule(void **state)
{
	(void)state;
	const struct date today = D(2025, 3, 14);
	static const struct {
		enum overdue_kind kind;
		struct date date;
		bool done, goal_open, want;
	} rows[] = {
		{OVERDUE_STEP, D(2025, 3, 13), false, true, true},
		{OVERDUE_STEP, D(2025, 3, 14), false, true, false},     /* due today: due, not overdue */
		{OVERDUE_STEP, D(2025, 3, 1), true, true, false},       /* done */
		{OVERDUE_STEP, D(2025, 3, 1), false, false, false},     /* its goal achieved or dropped */
		{OVERDUE_EVALUATION, D(2025, 3, 10), false, false, true},
		{OVERDUE_EVALUATION, D(2025, 3, 10), true, false, false},
		{OVERDUE_EVALUATION, D(2025, 3, 15), false, false, false},
		{OVERDUE_MEETING, D(2025, 3, 13), false, false, true},
		{OVERDUE_MEETING, D(2025, 3, 14), false, false, false},  /* today: "Meetings today" */
		{OVERDUE_MEETING, D(2025, 3, 20), false, false, false},
		{OVERDUE_FOLLOWUP, D(2025, 1, 1), false, false, true},
		{OVERDUE_FOLLOWUP, D(2025, 1, 1), true, false, false},
		{(enum overdue_kind)0, D(2025, 1, 1), false, true, false},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (followup_overdue(rows[i].kind, rows[i].date, rows[i].done, rows[i].goal_open, today) !=
		    rows[i].want)
			fail_msg("row %zu", i);
	assert_true(followup_goal_open("planned"));
	assert_true(followup_goal_open("in_progress"));
	assert_false(followup_goal_open("achieved"));
	assert_false(followup_goal_open("dropped"));
	assert_false(followup_goal_open(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_channels),
		cmocka_unit_test(test_results_and_kinds),
		cmocka_unit_test(test_meeting_validate),
		cmocka_unit_test(test_meeting_values),
		cmocka_unit_test(test_text_limits),
		cmocka_unit_test(test_health_referral_validate),
		cmocka_unit_test(test_task_done_validate),
		cmocka_unit_test(test_due_state),
		cmocka_unit_test(test_planned_state),
		cmocka_unit_test(test_no_contact),
		cmocka_unit_test(test_overdue_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
