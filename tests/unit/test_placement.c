/*
 * test_placement.c — a placement's derived status (src/domain/placement.c)
 * for every combination of terms, approvals and dates; the order of
 * approvals; the lock on terms; ending early; the terms' own rules; the
 * phase kept for lists, what may change when, withdrawals, the working
 * hours, amendments, the one-placement overlap, the timetable clash and
 * when a follow-up is due.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "domain/placement.h"
#include "util/arena.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct date
D(const char *s)
{
	struct date d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

/* Every term present: 2027-02-01 to 2027-04-30. */
static struct placement_facts
full(void)
{
	return (struct placement_facts){
		.has_supervisor = true, .has_follow_up = true, .has_start = true, .has_end = true,
		.starts_on = D("2027-02-01"), .ends_on = D("2027-04-30"),
		.has_hours = true, .has_days = true, .has_tasks = true,
	};
}

static void
test_terms(void **state)
{
	(void)state;
	struct placement_facts f = {0};
	assert_int_equal(placement_terms_present(&f), 0);
	assert_int_equal(placement_status(&f, D("2027-01-01")), PLACEMENT_PROPOSED);
	/* each term alone makes it negotiating; all but each one too */
	for (int t = 0; t < PLACEMENT_TERMS; t++) {
		struct placement_facts one = {0}, all_but = full();
		bool *one_terms[] = {&one.has_supervisor, &one.has_follow_up, &one.has_start, &one.has_end,
				     &one.has_hours, &one.has_days, &one.has_tasks};
		bool *but_terms[] = {&all_but.has_supervisor, &all_but.has_follow_up, &all_but.has_start,
				     &all_but.has_end, &all_but.has_hours, &all_but.has_days, &all_but.has_tasks};
		*one_terms[t] = true;
		*but_terms[t] = false;
		assert_int_equal(placement_terms_present(&one), 1);
		assert_int_equal(placement_terms_present(&all_but), PLACEMENT_TERMS - 1);
		assert_int_equal(placement_status(&one, D("2027-01-01")), PLACEMENT_NEGOTIATING);
		/* approvals do not count without every term (they cannot be
		 * given, and a stale one does not make it agreed) */
		all_but.approved[0] = all_but.approved[1] = all_but.approved[2] = true;
		assert_int_equal(placement_status(&all_but, D("2027-03-01")), PLACEMENT_NEGOTIATING);
	}
}

static void
test_every_combination(void **state)
{
	(void)state;
	static const char *const days[] = {"2027-01-31", "2027-02-01", "2027-03-15", "2027-04-30", "2027-05-01"};
	/* want[approvals][day]: approvals as bits employer 1, participant 2,
	 * centre 4 */
	static const enum placement_status agreed_row[] = {
		PLACEMENT_AGREED, PLACEMENT_ACTIVE, PLACEMENT_ACTIVE, PLACEMENT_ACTIVE, PLACEMENT_COMPLETED,
	};
	for (int bits = 0; bits < 8; bits++) {
		for (size_t d = 0; d < NELEM(days); d++) {
			for (int ended = 0; ended < 2; ended++) {
				struct placement_facts f = full();
				f.approved[PARTY_EMPLOYER] = bits & 1;
				f.approved[PARTY_PARTICIPANT] = bits & 2;
				f.approved[PARTY_CENTRE] = bits & 4;
				f.ended_early = ended;
				enum placement_status want = ended   ? PLACEMENT_ENDED_EARLY
							     : bits == 7 ? agreed_row[d]
									 : PLACEMENT_AWAITING_APPROVAL;
				enum placement_status got = placement_status(&f, D(days[d]));
				if (got != want)
					fail_msg("approvals %d, %s, ended %d: %s, want %s", bits, days[d], ended,
						 placement_status_options[got].key, placement_status_options[want].key);
			}
		}
	}
	/* a one-day placement is active on its day */
	struct placement_facts f = full();
	f.starts_on = f.ends_on = D("2027-02-01");
	f.approved[0] = f.approved[1] = f.approved[2] = true;
	assert_int_equal(placement_status(&f, D("2027-01-31")), PLACEMENT_AGREED);
	assert_int_equal(placement_status(&f, D("2027-02-01")), PLACEMENT_ACTIVE);
	assert_int_equal(placement_status(&f, D("2027-02-02")), PLACEMENT_COMPLETED);
}

static void
test_approval_order(void **state)
{
	(void)state;
	struct placement_facts f = full();
	/* the centre cannot go first, nor second */
	assert_string_equal(placement_approval_refusal(&f, PARTY_CENTRE),
			    "The centre approves last, after the employer and the participant.");
	assert_null(placement_approval_refusal(&f, PARTY_PARTICIPANT));
	f.approved[PARTY_PARTICIPANT] = true;
	assert_string_equal(placement_approval_refusal(&f, PARTY_PARTICIPANT), "This party has approved already.");
	assert_string_equal(placement_approval_refusal(&f, PARTY_CENTRE),
			    "The centre approves last, after the employer and the participant.");
	assert_null(placement_approval_refusal(&f, PARTY_EMPLOYER));
	f.approved[PARTY_EMPLOYER] = true;
	assert_null(placement_approval_refusal(&f, PARTY_CENTRE));
	f.approved[PARTY_CENTRE] = true;
	assert_string_equal(placement_approval_refusal(&f, PARTY_CENTRE), "This party has approved already.");

	/* employer and participant in either order */
	struct placement_facts g = full();
	assert_null(placement_approval_refusal(&g, PARTY_EMPLOYER));

	/* not without every term, not after ending, not an unknown party */
	struct placement_facts h = full();
	h.has_tasks = false;
	assert_string_equal(placement_approval_refusal(&h, PARTY_EMPLOYER),
			    "Fill in every required term before approving.");
	h = full();
	h.ended_early = true;
	assert_string_equal(placement_approval_refusal(&h, PARTY_EMPLOYER), "This placement has ended.");
	assert_string_equal(placement_approval_refusal(&g, (enum placement_party)3),
			    "Choose the employer, the participant or the centre.");
}

static void
test_lock_and_end(void **state)
{
	(void)state;
	struct placement_facts f = full();
	assert_true(placement_terms_open(&f));
	for (int p = 0; p < PARTY_COUNT; p++) {
		struct placement_facts g = full();
		g.approved[p] = true;
		assert_false(placement_terms_open(&g));
	}
	f.ended_early = true;
	assert_false(placement_terms_open(&f));

	/* ending early: from proposed to active, not once completed or ended */
	struct placement_facts none = {0};
	assert_null(placement_end_refusal(&none, D("2027-01-01")));
	struct placement_facts a = full();
	a.approved[0] = a.approved[1] = a.approved[2] = true;
	assert_null(placement_end_refusal(&a, D("2027-01-15")));
	assert_null(placement_end_refusal(&a, D("2027-04-30")));
	assert_string_equal(placement_end_refusal(&a, D("2027-05-01")),
			    "This placement is completed: its end date has passed.");
	a.ended_early = true;
	assert_string_equal(placement_end_refusal(&a, D("2027-03-01")), "This placement has ended already.");
}

/* The day a placement ends early: not in the future, not after its last
 * day, and, once started, not before its first day (said with the day);
 * one not started ends the day it is called off, by today. */
static void
test_ending_dates(void **state)
{
	(void)state;
	static const struct {
		bool agreed;
		const char *today, *ended_on;
		const char *reason;   /* NULL: taken */
	} rows[] = {
		{true, "2027-03-01", "2027-03-01", NULL},
		{true, "2027-03-01", "2027-02-01", NULL},   /* on its first day */
		{true, "2027-03-01", "2027-01-31", "The end cannot be before the placement's first day, %s."},
		{true, "2027-03-01", "2026-01-01", "The end cannot be before the placement's first day, %s."},
		{true, "2027-03-01", "2027-03-02", "The end cannot be in the future."},
		{true, "2027-06-01", "2027-05-01", "That is after the last day: the placement is completed then."},
		{true, "2027-01-20", "2027-01-10", NULL},   /* agreed, called off before it began */
		{false, "2027-03-01", "2026-12-01", NULL},  /* never agreed: called off that day */
		{false, "2027-03-01", "2027-03-02", "The end cannot be in the future."},
	};
	struct arena *a = arena_new();
	assert_non_null(a);
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement_facts f = full();
		f.approved[0] = f.approved[1] = f.approved[2] = rows[i].agreed;
		struct placement_ending in = {.ended_on = D(rows[i].ended_on), .end_reason = END_OTHER};
		struct field_errors e = {0};
		bool ok = placement_ending_check(&in, &f, D(rows[i].today), a, &e);
		if (rows[i].reason == NULL) {
			if (!ok)
				fail_msg("row %zu refused: %s", i, e.reason[0]);
			continue;
		}
		if (ok)
			fail_msg("row %zu taken", i);
		assert_string_equal(e.field[0], "ended_on");
		assert_string_equal(e.reason[0], rows[i].reason);
		if (strstr(rows[i].reason, "%s") != NULL)
			assert_string_equal(e.text[0][0], "2027-02-01");
	}
	arena_free(a);
}

/* Started (and so with a result): agreed, and its first day reached by
 * today or, ended early, by the day it ended. */
static void
test_started(void **state)
{
	(void)state;
	static const struct {
		bool agreed;
		const char *ended_on;   /* NULL: not ended */
		const char *today;
		bool started;
	} rows[] = {
		{false, NULL, "2027-03-01", false},          /* never agreed */
		{false, "2027-01-10", "2027-03-01", false},  /* a proposal dropped */
		{true, NULL, "2027-01-31", false},           /* agreed, the day before */
		{true, NULL, "2027-02-01", true},            /* its first day */
		{true, NULL, "2027-06-01", true},            /* completed */
		{true, "2027-01-31", "2027-03-01", false},   /* ended the day before it began */
		{true, "2027-02-01", "2027-03-01", true},    /* ended on its first day */
		{true, "2027-03-15", "2027-06-01", true},    /* ended early after a while */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement_facts f = full();
		f.approved[0] = f.approved[1] = f.approved[2] = rows[i].agreed;
		if (rows[i].ended_on != NULL) {
			f.ended_early = true;
			f.ended_on = D(rows[i].ended_on);
		}
		assert_int_equal(placement_started(&f, D(rows[i].today)), rows[i].started);
	}
	struct placement_facts none = {0};
	assert_false(placement_started(&none, D("2027-03-01")));
}

/* On which days placements hold the participant's working hours against
 * a group place (2027-02-01 to 2027-04-30 planned): the planned period
 * from negotiation on, whatever the state now (completed too); the days
 * it ran when ended early; none when called off or without dates. */
static void
test_hours_held(void **state)
{
	(void)state;
	static const struct {
		int approvals;          /* how many of the three stand (the centre last) */
		bool dates;             /* first and last days given */
		const char *ended_on;   /* NULL: not ended */
		const char *from, *to;  /* NULL: holds none */
	} rows[] = {
		{0, true, NULL, "2027-02-01", "2027-04-30"},           /* negotiating, the hours written */
		{2, true, NULL, "2027-02-01", "2027-04-30"},           /* awaiting the centre's approval */
		{3, true, NULL, "2027-02-01", "2027-04-30"},           /* agreed; active; completed */
		{3, true, "2027-03-15", "2027-02-01", "2027-03-15"},   /* ended early: the days it ran */
		{3, true, "2027-02-01", "2027-02-01", "2027-02-01"},   /* ended on its first day */
		{3, true, "2027-04-30", "2027-02-01", "2027-04-30"},   /* ended on its last day */
		{3, true, "2027-01-31", NULL, NULL},                   /* called off the day before */
		{0, true, "2027-03-15", NULL, NULL},                   /* called off in negotiation */
		{2, true, "2027-03-15", NULL, NULL},                   /* called off awaiting approval */
		{0, false, NULL, NULL, NULL},                          /* no period yet */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement_facts f = full();
		for (int k = 0; k < rows[i].approvals; k++)
			f.approved[k] = true;
		if (rows[i].approvals == 0)
			f.has_supervisor = false;   /* some terms still missing */
		f.has_start = f.has_end = rows[i].dates;
		if (rows[i].ended_on != NULL) {
			f.ended_early = true;
			f.ended_on = D(rows[i].ended_on);
		}
		struct date from = {0}, to = {0};
		bool held = placement_hours_held(&f, &from, &to);
		if (held != (rows[i].from != NULL))
			fail_msg("row %zu: held %d", i, held);
		if (!held)
			continue;
		char a[11], b[11];
		date_format(from, a);
		date_format(to, b);
		if (strcmp(a, rows[i].from) != 0 || strcmp(b, rows[i].to) != 0)
			fail_msg("row %zu: %s to %s", i, a, b);
	}
}

/* An approval's date: not before the terms it approves were saved, and
 * the centre's not before the others' (said with the day). */
static void
test_approval_bound(void **state)
{
	(void)state;
	static const struct {
		int party;
		const char *approved_on, *terms_on, *others_on;   /* others_on NULL: none */
		const char *reason;                                 /* NULL: taken */
		const char *day;
	} rows[] = {
		{PARTY_EMPLOYER, "2027-01-10", "2027-01-10", NULL, NULL, NULL},
		{PARTY_EMPLOYER, "2027-01-20", "2027-01-10", NULL, NULL, NULL},
		{PARTY_EMPLOYER, "2027-01-09", "2027-01-10", NULL,
		 "The approval cannot be dated before the terms it approves were saved, %s.", "2027-01-10"},
		{PARTY_PARTICIPANT, "2026-06-01", "2027-01-10", NULL,
		 "The approval cannot be dated before the terms it approves were saved, %s.", "2027-01-10"},
		{PARTY_CENTRE, "2027-01-15", "2027-01-10", "2027-01-15", NULL, NULL},
		{PARTY_CENTRE, "2027-01-14", "2027-01-10", "2027-01-15",
		 "The centre approves last: its approval cannot be dated before the others', %s.", "2027-01-15"},
		{PARTY_CENTRE, "2027-01-09", "2027-01-10", "2027-01-15",
		 "The approval cannot be dated before the terms it approves were saved, %s.", "2027-01-10"},
		/* the others' day bounds only the centre */
		{PARTY_EMPLOYER, "2027-01-11", "2027-01-10", "2027-01-15", NULL, NULL},
	};
	struct arena *a = arena_new();
	assert_non_null(a);
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement_approval in = {.party = rows[i].party, .approved_on = D(rows[i].approved_on)};
		struct field_errors e = {0};
		struct date others = rows[i].others_on != NULL ? D(rows[i].others_on) : (struct date){0};
		bool ok = placement_approval_bound(&in, D(rows[i].terms_on), others, a, &e);
		if (rows[i].reason == NULL) {
			if (!ok)
				fail_msg("row %zu refused: %s", i, e.reason[0]);
			continue;
		}
		if (ok)
			fail_msg("row %zu taken", i);
		assert_string_equal(e.field[0], "approved_on");
		assert_string_equal(e.reason[0], rows[i].reason);
		assert_string_equal(e.text[0][0], rows[i].day);
	}
	arena_free(a);
}

/* What an exit on its date ends: every placement not over then; one not
 * begun by then is called off (not started after). */
static void
test_exit_ends(void **state)
{
	(void)state;
	static const struct {
		bool agreed;
		const char *ended_on;   /* NULL: not ended */
		const char *exit_on;
		bool ends;
	} rows[] = {
		{false, NULL, "2027-03-01", true},          /* a proposal: called off */
		{true, NULL, "2027-01-15", true},           /* agreed, not begun: called off */
		{true, NULL, "2027-03-01", true},           /* active on the exit date */
		{true, NULL, "2027-04-30", true},           /* its last day */
		{true, NULL, "2027-05-01", false},          /* completed before the exit */
		{true, "2027-03-15", "2027-03-20", false},  /* ended already */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement_facts f = full();
		f.approved[0] = f.approved[1] = f.approved[2] = rows[i].agreed;
		if (rows[i].ended_on != NULL) {
			f.ended_early = true;
			f.ended_on = D(rows[i].ended_on);
		}
		assert_int_equal(placement_exit_ends(&f, D(rows[i].exit_on)), rows[i].ends);
		if (!rows[i].ends || !rows[i].agreed)
			continue;
		/* ended on the exit date: begun only when its first day came by then */
		f.ended_early = true;
		f.ended_on = D(rows[i].exit_on);
		assert_int_equal(placement_started(&f, D("2027-06-01")), date_cmp(f.starts_on, f.ended_on) <= 0);
	}
}

/* An exit before the first day (1 February) of an agreed placement
 * followed up on or after that day is refused: it began in practice. A
 * follow-up before it (an introduction) does not make it begun. */
/* A follow-up's date within the placement (2027-02-01 to 2027-04-30): from
 * the day it was proposed, or its first day when that is earlier, to the
 * day it ended early or its last day; the error under held_on names the
 * day. */
static void
test_visit_within(void **state)
{
	(void)state;
	static const struct {
		const char *proposed, *ended, *held;
		const char *reason;   /* NULL: within */
		const char *day;
	} rows[] = {
		{"2027-01-10", NULL, "2027-01-10", NULL, NULL},   /* on the proposal's day */
		{"2027-01-10", NULL, "2027-01-09", "The follow-up cannot be dated before the placement was proposed, on %s.",
		 "2027-01-10"},
		{"2027-03-01", NULL, "2027-02-01", NULL, NULL},   /* recorded after it began: from its first day */
		{"2027-03-01", NULL, "2027-01-31", "The follow-up cannot be dated before the placement's first day, %s.",
		 "2027-02-01"},
		{"2027-01-10", NULL, "2027-04-30", NULL, NULL},   /* its last day */
		{"2027-01-10", NULL, "2027-05-01", "The placement's last day was %s: the follow-up cannot be dated after it.",
		 "2027-04-30"},
		{"2027-01-10", "2027-03-05", "2027-03-05", NULL, NULL},   /* the day it ended early (an exit) */
		{"2027-01-10", "2027-03-05", "2027-03-06", "The placement ended on %s: the follow-up cannot be dated after it.",
		 "2027-03-05"},
	};
	struct arena *a = arena_new();
	assert_non_null(a);
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement_facts f = full();
		f.approved[0] = f.approved[1] = f.approved[2] = true;
		if (rows[i].ended != NULL) {
			f.ended_early = true;
			f.ended_on = D(rows[i].ended);
		}
		struct placement_visit v;
		fields_clear(placement_visit_fields, &v);
		v.held_on = D(rows[i].held);
		v.kind = VISIT_VISIT;
		struct field_errors e = {0};
		bool ok = placement_visit_within(&v, &f, D(rows[i].proposed), a, &e);
		if (ok != (rows[i].reason == NULL) || e.n != (ok ? 0 : 1))
			fail_msg("row %zu: within %d, %d errors", i, ok, e.n);
		if (!ok) {
			assert_string_equal(e.field[0], "held_on");
			assert_string_equal(e.reason[0], rows[i].reason);
			assert_string_equal(e.text[0][0], rows[i].day);
		}
	}
	arena_free(a);
}

static void
test_exit_begun(void **state)
{
	(void)state;
	static const struct {
		const char *followed;   /* NULL: never */
		const char *exit_on;
		bool begun;
	} rows[] = {
		{"2027-02-10", "2027-01-15", true},   /* visited after its first day */
		{"2027-02-01", "2027-01-31", true},   /* on its first day */
		{"2027-01-31", "2027-01-15", false},  /* only before it: called off */
		{NULL, "2027-01-15", false},          /* never followed up */
		{"2027-02-10", "2027-02-01", false},  /* the exit on its first day ends it early */
		{"2027-02-10", "2027-03-01", false},  /* active: ends early on the exit */
		{"2027-04-20", "2027-05-01", false},  /* completed before the exit */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement_facts f = full();
		f.approved[0] = f.approved[1] = f.approved[2] = true;
		struct date followed = rows[i].followed != NULL ? D(rows[i].followed) : (struct date){0, 0, 0};
		if (placement_exit_begun(&f, followed, D(rows[i].exit_on)) != rows[i].begun)
			fail_msg("row %zu: not %d", i, rows[i].begun);
	}
	/* one ended already is not the exit's */
	struct placement_facts f = full();
	f.approved[0] = f.approved[1] = f.approved[2] = true;
	f.ended_early = true;
	f.ended_on = D("2027-01-10");
	assert_false(placement_exit_begun(&f, D("2027-02-10"), D("2027-01-15")));
}

/* A recorded result says the placement ran from its first day (1 February
 * 2027): only an exit before that day contradicts it. */
static void
test_exit_before_result(void **state)
{
	(void)state;
	static const struct {
		bool result;
		const char *exit_on;
		bool refused;
	} rows[] = {
		{true, "2027-01-31", true},    /* the day before its first day */
		{true, "2026-12-01", true},
		{false, "2027-01-31", false},  /* no result: called off */
		{true, "2027-02-01", false},   /* on its first day: ends early */
		{true, "2027-03-01", false},   /* active: ends early on the exit */
		{true, "2027-05-01", false},   /* completed before the exit */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement_facts f = full();
		f.approved[0] = f.approved[1] = f.approved[2] = true;
		if (placement_exit_before_result(&f, rows[i].result, D(rows[i].exit_on)) != rows[i].refused)
			fail_msg("row %zu: not %d", i, rows[i].refused);
	}
	/* one ended already is not the exit's */
	struct placement_facts f = full();
	f.approved[0] = f.approved[1] = f.approved[2] = true;
	f.ended_early = true;
	f.ended_on = D("2027-02-10");
	assert_false(placement_exit_before_result(&f, true, D("2027-01-15")));
}

static void
test_terms_check(void **state)
{
	(void)state;
	static const struct {
		const char *start, *end;
		int hours, days;
		const char *key, *reason;
	} rows[] = {
		{"2027-02-01", "2027-04-30", 30, 4, NULL, NULL},
		{"2027-02-01", "2027-02-01", 8, 1, NULL, NULL},
		{"2027-02-01", "2027-01-31", 30, 4, "ends_on", "The end date cannot be before the start date."},
		{"2027-02-01", "2027-04-30", 0, 4, "hours_per_week", "Write a whole number from %lld to %lld."},
		{"2027-02-01", "2027-04-30", 41, 5, "hours_per_week", "Write a whole number from %lld to %lld."},
		{"2027-02-01", "2027-04-30", 40, 5, NULL, NULL},
		{"2027-02-01", "2027-04-30", 20, 0, "days_per_week", "Write a whole number from %lld to %lld."},
		{"2027-02-01", "2027-04-30", 20, 6, "days_per_week", "Write a whole number from %lld to %lld."},
		{"2027-02-01", "2027-04-30", 25, 3, "hours_per_week", "At most %lld hours a week on %lld days."},
		{"2027-02-01", "2027-04-30", 24, 3, NULL, NULL},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement_facts f = full();
		f.starts_on = D(rows[i].start);
		f.ends_on = D(rows[i].end);
		struct field_errors e = {0};
		bool ok = placement_terms_check(&f, rows[i].hours, rows[i].days, &e);
		if (rows[i].key == NULL) {
			if (!ok)
				fail_msg("row %zu refused: %s %s", i, e.field[0], e.reason[0]);
			continue;
		}
		if (ok || e.n != 1)
			fail_msg("row %zu: %d errors, want 1", i, e.n);
		assert_string_equal(e.field[0], rows[i].key);
		assert_string_equal(e.reason[0], rows[i].reason);
	}
}

/* The phase the store keeps: the status without the day. */
static void
test_phase(void **state)
{
	(void)state;
	struct placement_facts f = {0};
	assert_int_equal(placement_phase(&f), PHASE_PROPOSED);
	f.has_tasks = true;
	assert_int_equal(placement_phase(&f), PHASE_NEGOTIATING);
	f = full();
	assert_int_equal(placement_phase(&f), PHASE_AWAITING_APPROVAL);
	f.approved[0] = f.approved[1] = true;
	assert_int_equal(placement_phase(&f), PHASE_AWAITING_APPROVAL);
	f.approved[2] = true;
	assert_int_equal(placement_phase(&f), PHASE_AGREED);
	f.ended_early = true;
	assert_int_equal(placement_phase(&f), PHASE_ENDED_EARLY);
	assert_string_equal(placement_phase_options[PHASE_AWAITING_APPROVAL].key, "awaiting_approval");
}

/* What may change, by approvals and day; and the refusals' words. */
static void
test_edit_mode(void **state)
{
	(void)state;
	static const struct {
		int approvals;       /* bits: employer 1, participant 2, centre 4 */
		bool ended;
		const char *today;
		enum placement_edit want;
	} rows[] = {
		{0, false, "2027-01-15", EDIT_OPEN},
		{1, false, "2027-01-15", EDIT_LOCKED},
		{2, false, "2027-01-15", EDIT_LOCKED},
		{3, false, "2027-01-15", EDIT_LOCKED},
		{7, false, "2027-01-15", EDIT_AMEND},   /* agreed, before the start */
		{7, false, "2027-02-01", EDIT_AMEND},   /* active */
		{7, false, "2027-04-30", EDIT_AMEND},
		{7, false, "2027-05-01", EDIT_CLOSED},  /* completed */
		{0, true, "2027-01-15", EDIT_CLOSED},
		{7, true, "2027-03-01", EDIT_CLOSED},
		{0, false, "2027-06-01", EDIT_OPEN},    /* never agreed: still open */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement_facts f = full();
		for (int p = 0; p < PARTY_COUNT; p++)
			f.approved[p] = (rows[i].approvals >> p) & 1;
		f.ended_early = rows[i].ended;
		enum placement_edit got = placement_edit_mode(&f, D(rows[i].today));
		if (got != rows[i].want)
			fail_msg("row %zu: mode %d, want %d", i, got, rows[i].want);
	}
	assert_null(placement_edit_refusal(EDIT_OPEN));
	assert_null(placement_edit_refusal(EDIT_AMEND));
	assert_string_equal(placement_edit_refusal(EDIT_LOCKED),
			    "The terms have been approved: withdraw the approvals before changing them.");
	assert_string_equal(placement_edit_refusal(EDIT_CLOSED),
			    "This placement has ended: its terms can no longer change.");
}

static void
test_withdraw(void **state)
{
	(void)state;
	struct placement_facts f = full();
	assert_string_equal(placement_withdraw_refusal(&f, PARTY_EMPLOYER, D("2027-01-10")),
			    "This party has not approved.");
	f.approved[PARTY_EMPLOYER] = true;
	assert_null(placement_withdraw_refusal(&f, PARTY_EMPLOYER, D("2027-01-10")));
	assert_int_equal(placement_withdraw_effect(&f, PARTY_EMPLOYER), 1u << PARTY_EMPLOYER);
	f.approved[PARTY_PARTICIPANT] = f.approved[PARTY_CENTRE] = true;
	/* agreed, not started: withdrawing the employer's takes the centre's */
	assert_null(placement_withdraw_refusal(&f, PARTY_EMPLOYER, D("2027-01-31")));
	assert_int_equal(placement_withdraw_effect(&f, PARTY_EMPLOYER), (1u << PARTY_EMPLOYER) | (1u << PARTY_CENTRE));
	assert_int_equal(placement_withdraw_effect(&f, PARTY_PARTICIPANT),
			 (1u << PARTY_PARTICIPANT) | (1u << PARTY_CENTRE));
	assert_int_equal(placement_withdraw_effect(&f, PARTY_CENTRE), 1u << PARTY_CENTRE);
	/* started or completed: no */
	assert_string_equal(placement_withdraw_refusal(&f, PARTY_CENTRE, D("2027-02-01")),
			    "This placement has started: an approval can no longer be withdrawn.");
	assert_string_equal(placement_withdraw_refusal(&f, PARTY_PARTICIPANT, D("2027-06-01")),
			    "This placement has started: an approval can no longer be withdrawn.");
	f.ended_early = true;
	assert_string_equal(placement_withdraw_refusal(&f, PARTY_CENTRE, D("2027-01-10")), "This placement has ended.");
	assert_string_equal(placement_withdraw_refusal(&f, (enum placement_party)7, D("2027-01-10")),
			    "Choose the employer, the participant or the centre.");
}

/* Working hours as people write them. */
static void
test_schedule(void **state)
{
	(void)state;
	static const char BAD[] = "Write the working hours as days and times, for example: mon-fri 08:00-15:30.";
	static const struct {
		const char *in;
		const char *canonical;   /* NULL: refused with reason */
		const char *reason;
		int days, minutes;
	} rows[] = {
		{"mon-fri 08:00-15:30", "mon 08:00-15:30, tue 08:00-15:30, wed 08:00-15:30, thu 08:00-15:30, "
		 "fri 08:00-15:30", NULL, 5, 5 * 450},
		{"tue 09:00-14:00, mon 08:00-12:00", "mon 08:00-12:00, tue 09:00-14:00", NULL, 2, 240 + 300},
		{"man-ons 08:00-15:00", "mon 08:00-15:00, tue 08:00-15:00, wed 08:00-15:00", NULL, 3, 3 * 420},
		{"LØR 10:00-14:00; søn 10:00-12:00", "sat 10:00-14:00, sun 10:00-12:00", NULL, 2, 360},
		{"1 08:00 - 12:00\n3 08:00\xE2\x80\x93" "12:00", "mon 08:00-12:00, wed 08:00-12:00", NULL, 2, 480},
		{"Mon 08:00-11:00, mon 12:00-15:00", "mon 08:00-11:00, mon 12:00-15:00", NULL, 1, 360},
		/* an en or em dash between days, with or without blanks, as between times */
		{"man\xE2\x80\x93tor 08:00-13:00", "mon 08:00-13:00, tue 08:00-13:00, wed 08:00-13:00, "
		 "thu 08:00-13:00", NULL, 4, 4 * 300},
		{"mon\xE2\x80\x93thu 08:00\xE2\x80\x93" "13:00", "mon 08:00-13:00, tue 08:00-13:00, "
		 "wed 08:00-13:00, thu 08:00-13:00", NULL, 4, 4 * 300},
		{"l\xC3\xB8r\xE2\x80\x93s\xC3\xB8n 10:00-12:00", "sat 10:00-12:00, sun 10:00-12:00", NULL, 2, 240},
		{"tue\xE2\x80\x94wed 09:00\xE2\x80\x94" "11:00", "tue 09:00-11:00, wed 09:00-11:00", NULL, 2, 240},
		{"mon \xE2\x80\x93 tue 08:00-10:00", "mon 08:00-10:00, tue 08:00-10:00", NULL, 2, 240},
		/* a byte of another letter is no day's */
		{"m\xC3\xA5n 08:00-12:00", NULL, BAD, 0, 0},
		{"mon 08:00-12:00, mon 11:00-13:00", NULL, "This time overlaps another on the same day.", 0, 0},
		{"mon 05:00-12:00", NULL, "A time in the week is between 06:00 and 22:00.", 0, 0},
		{"mon 12:00-12:00", NULL, "The end must be after the start.", 0, 0},
		{"fri-mon 08:00-12:00", NULL, BAD, 0, 0},
		{"someday 08:00-12:00", NULL, BAD, 0, 0},
		{"mon 8:00-12:00", NULL, BAD, 0, 0},
		{"mon 08:00", NULL, BAD, 0, 0},
		{"mon 08:00-12:00 extra", NULL, BAD, 0, 0},
		{"", NULL, BAD, 0, 0},
		{"mon-sun 06:00-07:00, mon-sun 08:00-09:00, mon 10:00-11:00", NULL, "At most 14 times in the week.", 0, 0},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct slot slots[SCHEDULE_MAX_SLOTS];
		size_t n = 99;
		char canonical[SCHEDULE_TEXT_MAX];
		const char *why = schedule_parse(rows[i].in, slots, &n, canonical);
		if (rows[i].canonical == NULL) {
			if (why == NULL)
				fail_msg("row %zu accepted: %s", i, canonical);
			assert_string_equal(why, rows[i].reason);
			assert_int_equal(n, 0);
			continue;
		}
		if (why != NULL)
			fail_msg("row %zu refused: %s", i, why);
		assert_string_equal(canonical, rows[i].canonical);
		assert_int_equal(schedule_days(slots, n), rows[i].days);
		assert_int_equal(schedule_minutes(slots, n), rows[i].minutes);
		/* the canonical text reads back the same */
		char again[SCHEDULE_TEXT_MAX];
		size_t m = 0;
		assert_null(schedule_parse(canonical, slots, &m, again));
		assert_string_equal(again, canonical);
	}
}

static struct placement
record(void)
{
	struct placement p;
	fields_clear(placement_fields, &p);
	p.employer_approved_at = p.participant_approved_at = p.centre_approved_at = FIELD_NONE;
	p.supervisor_id = 3;
	p.follow_up_id = 4;
	p.starts_on = D("2027-02-01");
	p.ends_on = D("2027-04-30");
	p.hours_per_week = 30;
	p.days_per_week = 4;
	p.tasks = "Kjøkken";
	return p;
}

/* The record's rules: the terms', the working hours against the days and
 * hours, the workplace postcode. */
static void
test_record_check(void **state)
{
	(void)state;
	static const struct {
		const char *schedule;
		long long hours, days;
		const char *key, *reason;
	} rows[] = {
		{"", 30, 4, NULL, NULL},
		{"mon-thu 08:00-15:30", 30, 4, NULL, NULL},
		{"mon-wed 08:00-15:30", 30, 4, "schedule", "The working hours are on %lld days; the terms say %lld days a week."},
		{"mon-thu 08:00-16:00", 30, 4, "schedule", "The working hours add up to more than %lld hours a week."},
		{"mon-thu 08:00-15:00", 30, 4, NULL, NULL},
		{"mon 08:00-09:00", 0, 1, "hours_per_week", "Write a whole number from %lld to %lld."},
		{"mon-fri 08:00-09:00", 5, 4, "schedule", "The working hours are on %lld days; the terms say %lld days a week."},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement p = record();
		p.schedule = rows[i].schedule;
		p.hours_per_week = rows[i].hours;
		p.days_per_week = rows[i].days;
		struct field_errors e = {0};
		struct arena *a = arena_new();
		bool ok = placement_record_check(&p, a, &e);
		if (rows[i].key == NULL) {
			if (!ok)
				fail_msg("row %zu refused: %s %s", i, e.field[0], e.reason[0]);
		} else {
			if (ok || e.n != 1)
				fail_msg("row %zu: %d errors", i, e.n);
			assert_string_equal(e.field[0], rows[i].key);
			assert_string_equal(e.reason[0], rows[i].reason);
		}
		arena_free(a);
	}
	/* canonical form kept */
	struct placement p = record();
	p.schedule = "man-tor 08:00-15:00";
	struct field_errors e = {0};
	struct arena *a = arena_new();
	assert_true(placement_record_check(&p, a, &e));
	assert_string_equal(p.schedule, "mon 08:00-15:00, tue 08:00-15:00, wed 08:00-15:00, thu 08:00-15:00");
	p.workplace_postcode = "50A0";
	assert_false(placement_record_check(&p, a, &e));
	assert_string_equal(e.field[0], "workplace_postcode");
	arena_free(a);
	/* facts of a record */
	struct placement q = record();
	struct placement_facts f = placement_facts_of(&q);
	assert_int_equal(placement_terms_present(&f), PLACEMENT_TERMS);
	q.tasks = "";
	q.centre_approved_at = 1000;
	f = placement_facts_of(&q);
	assert_int_equal(placement_terms_present(&f), PLACEMENT_TERMS - 1);
	assert_true(f.approved[PARTY_CENTRE]);
	assert_false(f.approved[PARTY_EMPLOYER]);
}

static void
test_amend(void **state)
{
	(void)state;
	struct placement before = record();
	struct placement after = record();
	struct field_errors e = {0};
	/* before the start anything may move */
	after.starts_on = D("2027-02-08");
	assert_true(placement_amend_check(&before, &after, D("2027-01-20"), &e));
	/* after the start, not the first day */
	e = (struct field_errors){0};
	assert_false(placement_amend_check(&before, &after, D("2027-02-01"), &e));
	assert_string_equal(e.field[0], "starts_on");
	assert_string_equal(e.reason[0], "The first day cannot change after the placement has started.");
	/* before the start, the first day not into the past: today is fine */
	after.starts_on = D("2027-01-19");
	e = (struct field_errors){0};
	assert_false(placement_amend_check(&before, &after, D("2027-01-20"), &e));
	assert_string_equal(e.field[0], "starts_on");
	assert_string_equal(e.reason[0], "The first day cannot move into the past.");
	after.starts_on = D("2027-01-20");
	e = (struct field_errors){0};
	assert_true(placement_amend_check(&before, &after, D("2027-01-20"), &e));
	/* the end later: fine; into the past: no */
	after = record();
	after.ends_on = D("2027-05-31");
	e = (struct field_errors){0};
	assert_true(placement_amend_check(&before, &after, D("2027-03-01"), &e));
	after.ends_on = D("2027-02-28");
	e = (struct field_errors){0};
	assert_false(placement_amend_check(&before, &after, D("2027-03-01"), &e));
	assert_string_equal(e.field[0], "ends_on");
	/* a term taken away */
	after = record();
	after.supervisor_id = 0;
	after.tasks = "";
	e = (struct field_errors){0};
	assert_false(placement_amend_check(&before, &after, D("2027-03-01"), &e));
	assert_int_equal(e.n, 2);
	assert_string_equal(e.field[0], "supervisor_id");
	assert_string_equal(e.field[1], "tasks");
}

static void
test_overlap(void **state)
{
	(void)state;
	static const struct {
		const char *a1, *a2, *b1, *b2;
		bool want;
	} rows[] = {
		{"2027-02-01", "2027-04-30", "2027-05-01", "2027-06-30", false},
		{"2027-02-01", "2027-04-30", "2027-04-30", "2027-06-30", true},   /* one shared day */
		{"2027-02-01", "2027-04-30", "2027-01-01", "2027-02-01", true},
		{"2027-02-01", "2027-04-30", "2027-01-01", "2027-01-31", false},
		{"2027-02-01", "2027-04-30", "2027-03-01", "2027-03-02", true},   /* inside */
		{"2027-03-01", "2027-03-02", "2027-02-01", "2027-04-30", true},   /* around */
	};
	for (size_t i = 0; i < NELEM(rows); i++)
		if (placement_periods_overlap(D(rows[i].a1), D(rows[i].a2), D(rows[i].b1), D(rows[i].b2)) != rows[i].want)
			fail_msg("row %zu", i);
}

/* Working hours against a participant's group sessions (given directly:
 * the store's part comes with the activities area). */
static void
test_timetable_clash(void **state)
{
	(void)state;
	/* mon and wed 09:00-15:00, 2027-03-01 (a Monday) to 2027-03-14 */
	struct slot work[] = {{1, 540, 900}, {3, 540, 900}};
	static const struct {
		struct session_time group[3];
		size_t n;
		bool clash;
		const char *work_date;
		int group_index;
	} rows[] = {
		/* Norwegian class on Tuesdays: no clash */
		{{{{2027, 3, 2}, 540, 720}, {{2027, 3, 9}, 540, 720}}, 2, false, NULL, 0},
		/* Monday afternoon after work: touching, no clash */
		{{{{2027, 3, 1}, 900, 960}}, 1, false, NULL, 0},
		/* Wednesday morning class in the second week */
		{{{{2027, 3, 2}, 540, 720}, {{2027, 3, 10}, 600, 690}}, 2, true, "2027-03-10", 1},
		/* before the period and after it: no clash */
		{{{{2027, 2, 22}, 540, 720}, {{2027, 3, 15}, 540, 720}}, 2, false, NULL, 0},
		/* the first working day, overlapping the end */
		{{{{2027, 3, 1}, 840, 960}}, 1, true, "2027-03-01", 0},
		/* no sessions */
		{{{{0, 0, 0}, 0, 0}}, 0, false, NULL, 0},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct session_time at = {{0, 0, 0}, 0, 0};
		size_t gi = 99;
		bool got = placement_timetable_clash(work, 2, D("2027-03-01"), D("2027-03-14"), rows[i].group, rows[i].n,
						     &at, &gi);
		if (got != rows[i].clash)
			fail_msg("row %zu: clash %d", i, got);
		if (got) {
			char d[11];
			date_format(at.date, d);
			assert_string_equal(d, rows[i].work_date);
			assert_int_equal(gi, (size_t)rows[i].group_index);
		}
	}
	/* Easter Monday 2027-03-29 is not a working day: its class does not clash */
	struct session_time easter[] = {{{2027, 3, 29}, 540, 600}};
	struct session_time at;
	size_t gi;
	assert_false(placement_timetable_clash(work, 2, D("2027-03-29"), D("2027-03-30"), easter, 1, &at, &gi));
}

static void
test_followup_due(void **state)
{
	(void)state;
	static const struct {
		enum placement_status status;
		const char *start, *last, *next, *today;
		bool want;
	} rows[] = {
		/* no visit: four weeks from the start */
		{PLACEMENT_ACTIVE, "2027-02-01", NULL, NULL, "2027-02-28", false},
		{PLACEMENT_ACTIVE, "2027-02-01", NULL, NULL, "2027-03-01", true},
		/* the last visit counts */
		{PLACEMENT_ACTIVE, "2027-02-01", "2027-02-15", NULL, "2027-03-14", false},
		{PLACEMENT_ACTIVE, "2027-02-01", "2027-02-15", NULL, "2027-03-15", true},
		/* a next date agreed and reached */
		{PLACEMENT_ACTIVE, "2027-02-01", "2027-02-15", "2027-02-22", "2027-02-22", true},
		{PLACEMENT_ACTIVE, "2027-02-01", "2027-02-15", "2027-02-22", "2027-02-21", false},
		/* only active placements */
		{PLACEMENT_AGREED, "2027-02-01", NULL, NULL, "2027-03-01", false},
		{PLACEMENT_COMPLETED, "2027-02-01", NULL, NULL, "2027-06-01", false},
		{PLACEMENT_ENDED_EARLY, "2027-02-01", NULL, NULL, "2027-06-01", false},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct date none = {0, 0, 0}, since;
		bool got = placement_followup_due(rows[i].status, D(rows[i].start), rows[i].last ? D(rows[i].last) : none,
						  rows[i].next ? D(rows[i].next) : none, D(rows[i].today), 4, &since);
		if (got != rows[i].want)
			fail_msg("row %zu: %d", i, got);
	}
	char c[11];
	date_format(placement_followup_cutoff(D("2027-03-01"), 4), c);
	assert_string_equal(c, "2027-02-01");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terms),
		cmocka_unit_test(test_every_combination),
		cmocka_unit_test(test_approval_order),
		cmocka_unit_test(test_lock_and_end),
		cmocka_unit_test(test_ending_dates),
		cmocka_unit_test(test_started),
		cmocka_unit_test(test_hours_held),
		cmocka_unit_test(test_terms_check),
		cmocka_unit_test(test_phase),
		cmocka_unit_test(test_edit_mode),
		cmocka_unit_test(test_withdraw),
		cmocka_unit_test(test_schedule),
		cmocka_unit_test(test_record_check),
		cmocka_unit_test(test_amend),
		cmocka_unit_test(test_approval_bound),
		cmocka_unit_test(test_exit_ends),
		cmocka_unit_test(test_exit_begun),
		cmocka_unit_test(test_exit_before_result),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_timetable_clash),
		cmocka_unit_test(test_followup_due),
		cmocka_unit_test(test_visit_within),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
