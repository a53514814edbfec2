/*
 * test_evaluation.c — evaluations of a trainee (src/domain/evaluation.c):
 * the fixed form's ratings, when an evaluation may be recorded, when it is
 * outstanding, and the states of an evaluation link (valid, expired, used,
 * revoked, unknown) with what the supervisor is told.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "domain/evaluation.h"
#include "util/arena.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct date
D(const char *s)
{
	struct date d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

/* Ratings: 1..5 or not seen, nothing else; every criterion required. */
static void
test_form(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int want;   /* -1: refused */
	} rows[] = {
		{"1", 0}, {"3", 2}, {"5", 4}, {"not_seen", RATING_NOT_SEEN}, {"0", -1}, {"6", -1}, {"4.5", -1},
		{"Not seen", -1},
	};
	const struct field *f = fields_find(evaluation_link_form_fields, "punctuality");
	assert_non_null(f);
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct arena *a = arena_new();
		struct placement_evaluation ev;
		fields_clear(placement_evaluation_fields, &ev);
		struct field_errors e = {0};
		bool ok = field_read_text(f, rows[i].in, &ev, a, &e);
		if (rows[i].want < 0) {
			assert_false(ok);
			assert_string_equal(e.reason[0], "Choose 1 to 5, or not seen.");
		} else {
			assert_true(ok);
			assert_int_equal(ev.punctuality, rows[i].want);
			assert_int_equal(evaluation_rating(&ev, 0), rows[i].want);
		}
		arena_free(a);
	}
	/* the link's form: six ratings and the name required, in the form's order */
	struct placement_evaluation ev;
	fields_clear(placement_evaluation_fields, &ev);
	struct field_errors e = {0};
	fields_check_required(evaluation_link_form_fields, &ev, &e);
	assert_int_equal(e.n, 7);
	for (int i = 0; i < EVALUATION_CRITERIA; i++)
		assert_string_equal(e.field[i], evaluation_criteria[i]);
	assert_string_equal(e.field[6], "evaluator");
	assert_string_equal(e.reason[6], "Write your name.");
	/* the link's form has no kind or date: the link gives them */
	assert_null(fields_find(evaluation_link_form_fields, "kind"));
	assert_null(fields_find(evaluation_link_form_fields, "evaluated_on"));
	/* the date: today when not given, never in the future */
	ev.evaluated_on = (struct date){0, 0, 0};
	e = (struct field_errors){0};
	assert_true(evaluation_check(&ev, D("2027-03-01"), D("2027-02-01"), &e));
	char d[11];
	date_format(ev.evaluated_on, d);
	assert_string_equal(d, "2027-03-01");
	ev.evaluated_on = D("2027-03-02");
	assert_false(evaluation_check(&ev, D("2027-03-01"), D("2027-02-01"), &e));
	assert_string_equal(e.reason[0], "The evaluation cannot be dated in the future.");
	/* nor before the placement's first day; on it, yes */
	ev.evaluated_on = D("2027-01-31");
	e = (struct field_errors){0};
	assert_false(evaluation_check(&ev, D("2027-03-01"), D("2027-02-01"), &e));
	assert_string_equal(e.reason[0], "The evaluation cannot be dated before the placement's first day.");
	ev.evaluated_on = D("2027-02-01");
	e = (struct field_errors){0};
	assert_true(evaluation_check(&ev, D("2027-03-01"), D("2027-02-01"), &e));
	assert_int_equal(e.n, 0);
}

static void
test_refusal(void **state)
{
	(void)state;
	static const struct {
		bool started;
		int kind;
		bool mid, end;
		const char *want;
	} rows[] = {
		{true, EVAL_MID, false, false, NULL},
		{true, EVAL_END, true, false, NULL},
		{true, EVAL_END, false, false, NULL},
		{false, EVAL_MID, false, false, "A trainee is evaluated once the placement has started."},
		{false, EVAL_END, false, false, "A trainee is evaluated once the placement has started."},
		{true, EVAL_MID, true, false, "The mid-point evaluation has been recorded already."},
		{true, EVAL_END, true, true, "The final evaluation has been recorded already."},
		{true, 2, false, false, "Choose the mid-point or the final evaluation."},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		const char *got = evaluation_refusal(rows[i].started, rows[i].kind, rows[i].mid, rows[i].end);
		if (rows[i].want == NULL)
			assert_null(got);
		else
			assert_string_equal(got, rows[i].want);
	}
}

/* 2027-02-01 to 2027-04-30: the middle is 2027-03-17. */
static void
test_outstanding(void **state)
{
	(void)state;
	static const struct {
		int kind;
		enum placement_status status;
		const char *ended, *today;
		bool evaluated, want;
	} rows[] = {
		{EVAL_MID, PLACEMENT_ACTIVE, NULL, "2027-03-16", false, false},
		{EVAL_MID, PLACEMENT_ACTIVE, NULL, "2027-03-17", false, true},
		{EVAL_MID, PLACEMENT_ACTIVE, NULL, "2027-03-17", true, false},
		{EVAL_MID, PLACEMENT_COMPLETED, NULL, "2027-05-02", false, false},
		{EVAL_END, PLACEMENT_ACTIVE, NULL, "2027-04-22", false, false},
		{EVAL_END, PLACEMENT_ACTIVE, NULL, "2027-04-23", false, true},
		{EVAL_END, PLACEMENT_COMPLETED, NULL, "2027-05-30", false, true},
		{EVAL_END, PLACEMENT_COMPLETED, NULL, "2027-05-31", false, false},
		{EVAL_END, PLACEMENT_COMPLETED, NULL, "2027-05-10", true, false},
		{EVAL_END, PLACEMENT_ENDED_EARLY, "2027-03-01", "2027-03-31", false, true},
		{EVAL_END, PLACEMENT_ENDED_EARLY, "2027-03-01", "2027-04-01", false, false},
		{EVAL_END, PLACEMENT_AGREED, NULL, "2027-01-15", false, false},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct date none = {0, 0, 0};
		bool got = evaluation_outstanding(rows[i].kind, rows[i].status, D("2027-02-01"), D("2027-04-30"),
						  rows[i].ended ? D(rows[i].ended) : none, rows[i].evaluated,
						  D(rows[i].today));
		if (got != rows[i].want)
			fail_msg("row %zu: %d", i, got);
	}
}

/* The set a list of outstanding evaluations reads, on a placement from
 * 2027-02-01 to 2027-04-30 (middle 2027-03-17, final due from 2027-04-23,
 * owed until 2027-05-30): each edge, what was recorded, an early end (owed
 * 30 days after it), one called off before its first day (never began:
 * none), and one not agreed (none). */
static void
test_outstanding_set(void **state)
{
	(void)state;
	static const struct {
		const char *today;
		int mid, end;          /* recorded */
		const char *ended;     /* ended early on */
		bool agreed;
		unsigned want;
	} rows[] = {
		{"2027-01-31", 0, 0, NULL, true, 0},
		{"2027-02-01", 0, 0, NULL, true, 0},
		{"2027-03-16", 0, 0, NULL, true, 0},
		{"2027-03-17", 0, 0, NULL, true, 1u << EVAL_MID},
		{"2027-03-17", 1, 0, NULL, true, 0},
		{"2027-04-22", 0, 0, NULL, true, 1u << EVAL_MID},
		{"2027-04-23", 0, 0, NULL, true, (1u << EVAL_MID) | (1u << EVAL_END)},
		{"2027-04-23", 1, 0, NULL, true, 1u << EVAL_END},
		{"2027-04-30", 1, 1, NULL, true, 0},
		{"2027-05-01", 0, 0, NULL, true, 1u << EVAL_END},
		{"2027-05-30", 1, 0, NULL, true, 1u << EVAL_END},
		{"2027-05-31", 1, 0, NULL, true, 0},
		{"2027-03-10", 0, 0, "2027-03-01", true, 1u << EVAL_END},
		{"2027-03-31", 0, 0, "2027-03-01", true, 1u << EVAL_END},
		{"2027-04-01", 0, 0, "2027-03-01", true, 0},
		{"2027-03-10", 0, 1, "2027-03-01", true, 0},
		{"2027-02-01", 0, 0, "2027-01-20", true, 0},
		{"2027-03-17", 0, 0, NULL, false, 0},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement p;
		fields_clear(placement_fields, &p);
		p.supervisor_id = 3;
		p.follow_up_id = 4;
		p.starts_on = D("2027-02-01");
		p.ends_on = D("2027-04-30");
		p.hours_per_week = 20;
		p.days_per_week = 4;
		p.tasks = "Kitchen";
		if (rows[i].agreed)
			p.employer_approved_at = p.participant_approved_at = p.centre_approved_at = 1800000000;
		if (rows[i].ended != NULL)
			p.ended_on = D(rows[i].ended);
		p.evaluated_mid = rows[i].mid;
		p.evaluated_end = rows[i].end;
		unsigned got = evaluations_outstanding(&p, D(rows[i].today));
		if (got != rows[i].want)
			fail_msg("row %zu (%s): %u, not %u", i, rows[i].today, got, rows[i].want);
	}
	struct date since = evaluation_outstanding_since(D("2027-05-30"));
	assert_int_equal(since.y, 2027);
	assert_int_equal(since.m, 4);
	assert_int_equal(since.d, 30);
	/* the bounds a list reads by (a superset of the rule: here the same
	 * days): the final one due 7 days before the last day; the mid-point
	 * one from the day the first and last days' sum reaches, for a sum
	 * even and odd */
	assert_int_equal(date_cmp(evaluation_end_due_until(D("2027-04-23")), D("2027-04-30")), 0);
	static const char *const last[] = {"2027-04-29", "2027-04-30"};
	for (size_t k = 0; k < NELEM(last); k++) {
		int64_t sum = date_to_days(D("2027-02-01")) + date_to_days(D(last[k]));
		for (int d = 0; d < 10; d++) {
			struct date t = date_add_days(D("2027-03-12"), d);
			bool due = evaluation_outstanding(EVAL_MID, PLACEMENT_ACTIVE, D("2027-02-01"), D(last[k]),
							  (struct date){0}, false, t);
			if (due != (sum <= evaluation_mid_sum_until(t)))
				fail_msg("%s, day %d: due %d", last[k], d, due);
		}
	}
}

/* A link made at t is valid for 14 days, once, until revoked. */
static void
test_link_states(void **state)
{
	(void)state;
	const int64_t t = 1800000000;
	assert_int_equal(evaluation_link_expiry(t), t + 14 * 86400);
	static const struct {
		int64_t used, revoked, now;
		enum link_state want;
		const char *message;
	} rows[] = {
		{0, 0, t, LINK_VALID, NULL},
		{0, 0, t + 14 * 86400 - 1, LINK_VALID, NULL},
		{0, 0, t + 14 * 86400, LINK_EXPIRED, "This link has expired. Ask the centre for a new one."},
		{t + 60, 0, t + 120, LINK_USED, "This evaluation has been sent already. Thank you!"},
		{0, t + 60, t + 120, LINK_REVOKED, "This link has been withdrawn by the centre."},
		{t + 30, t + 60, t + 120, LINK_REVOKED, "This link has been withdrawn by the centre."},
		{t + 30, 0, t + 20 * 86400, LINK_USED, "This evaluation has been sent already. Thank you!"},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct evaluation_link l = {.id = 1, .placement_id = 2, .kind = EVAL_MID, .created_at = t,
					    .expires_at = evaluation_link_expiry(t), .used_at = rows[i].used,
					    .revoked_at = rows[i].revoked};
		enum link_state s = evaluation_link_state(&l, rows[i].now);
		if (s != rows[i].want)
			fail_msg("row %zu: %s", i, evaluation_link_state_key(s));
		if (rows[i].message == NULL)
			assert_null(evaluation_link_message(s));
		else
			assert_string_equal(evaluation_link_message(s), rows[i].message);
	}
	assert_int_equal(evaluation_link_state(NULL, t), LINK_UNKNOWN);
	assert_string_equal(evaluation_link_state_key(LINK_UNKNOWN), "unknown");
	assert_string_equal(evaluation_link_message(LINK_UNKNOWN),
			    "This link is not valid. Check that the whole address was copied, or ask the centre for a new link.");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_refusal),
		cmocka_unit_test(test_outstanding),
		cmocka_unit_test(test_outstanding_set),
		cmocka_unit_test(test_link_states),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
