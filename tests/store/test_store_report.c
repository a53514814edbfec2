/*
 * test_store_report.c — what the reports read (store_report.c), on both
 * engines: a programme period with its referral and follow-up results, the
 * follow-ups registered late, the costs per year and their versions, the
 * referrals with the latest screening and their days on the waiting list,
 * assignments and contact persons; a follow-up's result with its
 * part-time percentage, source and day (store_task.c); and never anything
 * of another centre.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "domain/access.h"
#include "domain/benefit.h"
#include "store/db.h"
#include "store/store.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })

/* No filter given (what a report's page reads with an empty query). */
static const struct report_filter *
no_filter(void)
{
	static struct report_filter f;
	fields_clear(report_filter_fields, &f);
	return &f;
}

static void
test_periods(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Periods elsewhere");
	int64_t me = fx_user(t, "p.contact", ROLE_BIT(ROLE_CONTACT));
	int64_t pid = fx_participant(t, 1, "Periodone", "exited", me);
	fx_run_sql("UPDATE participants SET country_of_birth = 'Eritrea', schooling_years = 8 WHERE id = %lld",
	    (long long)pid);
	int64_t ref = fx_run_sql("INSERT INTO referrals (participant_id, source, referred_on, created_at, updated_at, centre_id)"
			     " VALUES (%lld, 'nav', '2024-01-02', 1, 1, 1) RETURNING id", (long long)pid);
	int64_t e = fx_run_sql("INSERT INTO enrolments (participant_id, referral_id, start_date, planned_end, status, exit_date,"
			   " outcome, created_at, updated_at, centre_id) VALUES (%lld, %lld, '2024-02-01', '2025-02-01',"
			   " 'exited', '2025-01-31', 'employed_part', 1, 1, 1) RETURNING id", (long long)pid, (long long)ref);
	fx_run_sql("INSERT INTO tasks (participant_id, enrolment_id, kind, due_on, done_on, result, result_on, source,"
	    " centre_id) VALUES (%lld, %lld, 'followup_6m', '2025-07-31', '2025-08-02', 'employed_full', '2025-07-30',"
	    " 'employer', 1)", (long long)pid, (long long)e);
	fx_run_sql("INSERT INTO tasks (participant_id, enrolment_id, kind, due_on, centre_id) VALUES (%lld, %lld,"
	    " 'followup_12m', '2026-01-31', 1)", (long long)pid, (long long)e);
	/* another centre's period */
	int64_t opid = fx_participant(t, other, "Periodother", "exited", 0);
	fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date, outcome, created_at,"
	    " updated_at, centre_id) VALUES (%lld, '2024-02-01', '2025-02-01', 'exited', '2025-01-31', 'education', 1, 1,"
	    " %lld)", (long long)opid, (long long)other);

	struct report_period *rows = NULL;
	size_t n = 0, cap = 0;
	assert_int_equal(store_report_periods(t->db, t->a, 1, &rows, &n, &cap), SC_OK);
	assert_int_equal(n, 1);
	struct report_period *p = &rows[0];
	assert_int_equal(p->id, e);
	assert_int_equal(p->participant_id, pid);
	assert_int_equal(p->contact_id, me);
	assert_int_equal(p->centre_id, 1);
	assert_string_equal(p->gender, "female");
	assert_string_equal(p->country, "Eritrea");
	assert_int_equal(p->schooling, 8);
	assert_int_equal(date_cmp(p->birth, D(1990, 5, 1)), 0);
	assert_int_equal(date_cmp(p->start, D(2024, 2, 1)), 0);
	assert_int_equal(date_cmp(p->exit, D(2025, 1, 31)), 0);
	assert_int_equal(p->exit_status, RS_EMPLOYED_PART);
	assert_int_equal(p->status6, RS_EMPLOYED_FULL);
	assert_int_equal(date_cmp(p->on6, D(2025, 7, 30)), 0);   /* the day it held, not the day registered */
	assert_int_equal(p->status12, RS_NONE);
	assert_int_equal(date_cmp(p->referred_on, D(2024, 1, 2)), 0);
	assert_false(p->on_benefit12);

	/* the other centre sees its own only, appended after what was read */
	assert_int_equal(store_report_periods(t->db, t->a, other, &rows, &n, &cap), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[1].centre_id, other);
	assert_int_equal(rows[1].exit_status, RS_EDUCATION);
	assert_int_equal(rows[1].referred_on.y, 0);
	assert_int_equal(rows[0].id, e);
}

static void
test_late_followups(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Late elsewhere");
	int64_t me = fx_user(t, "l.contact", ROLE_BIT(ROLE_CONTACT));
	int64_t you = fx_user(t, "l.colleague", ROLE_BIT(ROLE_CONTACT));
	int64_t pid = fx_participant(t, 1, "Lateone", "exited", me);
	int64_t opid = fx_participant(t, other, "Lateother", "exited", 0);
	int64_t late = fx_run_sql("INSERT INTO tasks (participant_id, kind, due_on, assignee_id, centre_id) VALUES (%lld,"
			      " 'followup_6m', '2025-01-10', %lld, 1) RETURNING id", (long long)pid, (long long)me);
	fx_run_sql("INSERT INTO tasks (participant_id, kind, due_on, assignee_id, centre_id) VALUES (%lld, 'followup_12m',"
	    " '2025-02-12', %lld, 1)", (long long)pid, (long long)me);   /* on the cut-off: not late yet */
	fx_run_sql("INSERT INTO tasks (participant_id, kind, due_on, assignee_id, done_on, result, centre_id) VALUES (%lld,"
	    " 'followup_6m', '2024-12-01', %lld, '2025-01-05', 'moved', 1)", (long long)pid, (long long)me);
	int64_t yours = fx_run_sql("INSERT INTO tasks (participant_id, kind, due_on, assignee_id, centre_id) VALUES (%lld,"
			       " 'followup_6m', '2024-11-30', %lld, 1) RETURNING id", (long long)pid, (long long)you);
	fx_run_sql("INSERT INTO tasks (participant_id, kind, due_on, centre_id) VALUES (%lld, 'followup_6m', '2024-01-01',"
	    " %lld)", (long long)opid, (long long)other);

	struct late_followup *items;
	size_t n;
	int64_t total;
	/* today 2025-03-14, 30 days of grace: due before 2025-02-12 */
	assert_int_equal(store_followups_late(t->db, t->a, 1, me, D(2025, 2, 12), 10, &items, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].task_id, late);
	assert_string_equal(items[0].kind, "followup_6m");
	assert_string_equal(items[0].participant_name, "Amina Lateone");
	assert_int_equal(date_cmp(items[0].due_on, D(2025, 1, 10)), 0);
	/* everyone's: by due date */
	assert_int_equal(store_followups_late(t->db, t->a, 1, 0, D(2025, 2, 12), 10, &items, &n, &total), SC_OK);
	assert_int_equal(total, 2);
	assert_int_equal(items[0].task_id, yours);
	assert_int_equal(items[1].task_id, late);
	/* the count alone */
	assert_int_equal(store_followups_late(t->db, t->a, 1, 0, D(2025, 2, 12), 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 2);
	assert_int_equal(n, 0);
	/* the other centre: its own one */
	assert_int_equal(store_followups_late(t->db, t->a, other, 0, D(2025, 2, 12), 10, &items, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_string_equal(items[0].participant_name, "Amina Lateother");
}

static void
test_costs(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Costs elsewhere");
	int64_t leader = fx_user(t, "c.leader", ROLE_BIT(ROLE_LEADER));
	struct programme_cost c = {.year = 2025, .staff = 100000000, .premises = 20000000, .activities = 5000000,
				   .other = 1000000, .note = "Budget"};
	assert_int_equal(store_cost_add(t->db, 1, &c, 1000, leader), SC_OK);
	assert_int_equal(c.version, 1);
	c.staff = 110000000;
	c.note = "Two more teachers";
	assert_int_equal(store_cost_add(t->db, 1, &c, 2000, leader), SC_OK);
	assert_int_equal(c.version, 2);
	struct programme_cost old = {.year = 2024, .staff = 90000000, .note = ""};
	assert_int_equal(store_cost_add(t->db, 1, &old, 900, leader), SC_OK);
	struct programme_cost theirs = {.year = 2025, .staff = 7, .note = ""};
	assert_int_equal(store_cost_add(t->db, other, &theirs, 900, 0), SC_OK);
	assert_int_equal(theirs.version, 1);

	struct programme_cost *items;
	size_t n;
	assert_int_equal(store_costs(t->db, t->a, 1, &items, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].year, 2024);
	assert_int_equal(items[1].year, 2025);
	assert_int_equal(items[1].version, 2);
	assert_int_equal(items[1].staff, 110000000);
	assert_int_equal(programme_cost_total(&items[1]), 136000000);
	assert_string_equal(items[1].note, "Two more teachers");
	assert_string_equal(items[1].created_by_name, "c.leader");
	assert_int_equal(store_cost_versions(t->db, t->a, 1, 2025, &items, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].version, 2);
	assert_int_equal(items[1].version, 1);
	assert_int_equal(items[1].staff, 100000000);
	assert_int_equal(store_costs(t->db, t->a, other, &items, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].staff, 7);
}

/* The benefits paid in a year: the gross of the centre's approved runs of
 * its months; open, discarded, other years' and other centres' runs count
 * nothing. */
static void
test_benefits_paid(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Benefits elsewhere");
	int64_t paid = -1;
	assert_int_equal(store_report_benefits_paid(t->db, 1, 2025, &paid), SC_OK);
	assert_int_equal(paid, 0);
	static const struct { int centre; const char *month, *state; long long gross; } runs[] = {
		{1, "2024-12", "approved", 7000},
		{1, "2025-01", "approved", 1250000},
		{1, "2025-02", "approved", 980050},
		{1, "2025-03", "discarded", 400000},
		{1, "2025-03", "open", 30000},
		{1, "2026-01", "approved", 11},
		{0, "2025-01", "approved", 5000000},
	};
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
		fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore) VALUES (%lld, '%s', '%s',"
		       " 1000, %lld)", runs[i].centre ? 1LL : (long long)other, runs[i].month, runs[i].state,
		    runs[i].gross);
	assert_int_equal(store_report_benefits_paid(t->db, 1, 2025, &paid), SC_OK);
	assert_int_equal(paid, 2230050);
	assert_int_equal(store_report_benefits_paid(t->db, 1, 2024, &paid), SC_OK);
	assert_int_equal(paid, 7000);
	assert_int_equal(store_report_benefits_paid(t->db, 1, 2023, &paid), SC_OK);
	assert_int_equal(paid, 0);
	assert_int_equal(store_report_benefits_paid(t->db, other, 2025, &paid), SC_OK);
	assert_int_equal(paid, 5000000);
}

static void
test_referrals(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Referrals elsewhere");
	int64_t pid = fx_participant(t, 1, "Refone", "waiting", 0);
	int64_t opid = fx_participant(t, other, "Refother", "waiting", 0);
	int64_t r1 = fx_run_sql("INSERT INTO referrals (participant_id, source, referred_on, state, created_at, updated_at,"
			    " centre_id) VALUES (%lld, 'self', '2025-01-05', 'accepted', 1, 1, 1) RETURNING id",
			 (long long)pid);
	/* screened twice: the latest counts (age failed, then passed; the
	 * introduction programme, only in the first, is not known) */
	fx_run_sql("INSERT INTO screening_results (referral_id, rule, pass, screened_at, centre_id) VALUES (%lld, 'age', 0,"
	    " 100, 1)", (long long)r1);
	fx_run_sql("INSERT INTO screening_results (referral_id, rule, pass, screened_at, centre_id) VALUES (%lld,"
	    " 'intro_ended', 1, 100, 1)", (long long)r1);
	fx_run_sql("INSERT INTO screening_results (referral_id, rule, pass, screened_at, centre_id) VALUES (%lld, 'age', 1,"
	    " 200, 1)", (long long)r1);
	fx_run_sql("INSERT INTO screening_results (referral_id, rule, pass, screened_at, centre_id) VALUES (%lld,"
	    " 'lawful_residence', 0, 200, 1)", (long long)r1);
	fx_run_sql("INSERT INTO referral_events (referral_id, at, on_date, from_state, to_state, centre_id) VALUES (%lld, 1,"
	    " '2025-01-06', 'new', 'waiting', 1)", (long long)r1);
	fx_run_sql("INSERT INTO referral_events (referral_id, at, on_date, from_state, to_state, centre_id) VALUES (%lld, 2,"
	    " '2025-03-01', 'waiting', 'offered', 1)", (long long)r1);
	fx_run_sql("INSERT INTO referral_events (referral_id, at, on_date, from_state, to_state, centre_id) VALUES (%lld, 3,"
	    " '2025-03-10', 'offered', 'accepted', 1)", (long long)r1);
	int64_t r2 = fx_run_sql("INSERT INTO referrals (participant_id, source, referred_on, created_at, updated_at,"
			    " centre_id) VALUES (%lld, 'intro', '2025-02-01', 1, 1, 1) RETURNING id", (long long)pid);
	fx_run_sql("INSERT INTO referrals (participant_id, source, referred_on, created_at, updated_at, centre_id) VALUES"
	    " (%lld, 'nav', '2025-02-01', 1, 1, %lld)", (long long)opid, (long long)other);

	struct report_referral *rows = NULL;
	size_t n = 0, cap = 0;
	assert_int_equal(store_report_referrals(t->db, t->a, 1, &rows, &n, &cap), SC_OK);
	/* centre 1's: test_periods' one, then these two */
	assert_int_equal(n, 3);
	rows++;
	assert_int_equal(rows[0].id, r1);
	assert_int_equal(rows[0].source, 2);
	assert_int_equal(rows[0].screen[0], 1);
	assert_int_equal(rows[0].screen[1], -1);
	assert_int_equal(rows[0].screen[3], 0);
	assert_int_equal(date_cmp(rows[0].waiting_from, D(2025, 1, 6)), 0);
	assert_int_equal(date_cmp(rows[0].waiting_until, D(2025, 3, 10)), 0);
	assert_int_equal(rows[1].id, r2);
	assert_int_equal(rows[1].source, 1);
	assert_int_equal(rows[1].screen[0], -1);
	assert_int_equal(rows[1].waiting_from.y, 0);
	int64_t since = -1;
	assert_int_equal(store_report_referrals_since(t->db, 1, D(2025, 1, 6), &since), SC_OK);
	assert_int_equal(since, 1);
	assert_int_equal(store_report_referrals_since(t->db, 1, D(2024, 1, 1), &since), SC_OK);
	assert_int_equal(since, 3);
	assert_int_equal(store_report_referrals_since(t->db, other, D(2025, 1, 1), &since), SC_OK);
	assert_int_equal(since, 1);
}

static void
test_caseload_rows(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Caseloads elsewhere");
	int64_t me = fx_user(t, "a.contact", ROLE_BIT(ROLE_CONTACT));
	fx_run_sql("UPDATE users SET caseload_cap = 12 WHERE id = %lld", (long long)me);
	int64_t pid = fx_participant(t, 1, "Assone", "active", me);
	int64_t loose = fx_participant(t, 1, "Asstwo", "active", 0);
	(void)loose;
	int64_t opid = fx_participant(t, other, "Assother", "active", 0);
	fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, to_at, centre_id) VALUES (%lld, %lld,"
	    " 1735689600, NULL, 1)", (long long)pid, (long long)me);   /* 2025-01-01 */
	fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, centre_id) VALUES (%lld, %lld, 0, %lld)",
	    (long long)opid, (long long)me, (long long)other);
	int64_t unassigned = -1;
	assert_int_equal(store_report_unassigned(t->db, 1, &unassigned), SC_OK);
	/* the active participants of centre 1 without a contact person made by
	 * this test (others of earlier tests are not active) */
	assert_int_equal(unassigned, 1);
	struct report_assignment *as;
	size_t na;
	assert_int_equal(store_report_assignments(t->db, t->a, 1, &as, &na), SC_OK);
	assert_int_equal(na, 1);
	assert_int_equal(as[0].participant_id, pid);
	assert_int_equal(date_cmp(as[0].from, D(2025, 1, 1)), 0);
	assert_int_equal(as[0].to.y, 0);
	struct report_contact *cs;
	size_t nc;
	assert_int_equal(store_report_contacts(t->db, t->a, 1, &cs, &nc), SC_OK);
	bool found = false;
	for (size_t i = 0; i < nc; i++)
		if (cs[i].id == me) {
			found = true;
			assert_int_equal(cs[i].cap, 12);
		}
	assert_true(found);
	assert_int_equal(store_report_contacts(t->db, t->a, other, &cs, &nc), SC_OK);
	assert_int_equal(nc, 0);
}

/* The glance's reads: a year's starts (with their referral) and its exits
 * counted by outcome give the annual report's figures without reading
 * every period; nothing of another centre. */
static void
test_year_starts_exits(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Years here");
	int64_t other = fx_centre(t, "Years elsewhere");
	int64_t pid = fx_participant(t, here, "Yearone", "active", 0);
	int64_t ref = fx_run_sql("INSERT INTO referrals (participant_id, source, referred_on, created_at, updated_at, centre_id)"
			     " VALUES (%lld, 'nav', '2025-02-01', 1, 1, %lld) RETURNING id", (long long)pid, (long long)here);
	static const struct { const char *start, *exit, *outcome; } periods[] = {
		{"2025-03-01", "2025-10-01", "employed_full"},   /* started and exited in 2025 */
		{"2025-06-01", NULL, NULL},                      /* started in 2025, in the programme */
		{"2024-05-01", "2025-02-01", "dropped_out"},     /* exited in 2025 */
		{"2024-01-01", "2024-12-31", "education"},       /* neither */
		{"2025-01-01", "2025-01-15", "moved"},           /* both */
		{"2024-02-01", "2025-12-31", "education"},       /* exited on the last day */
	};
	int64_t first = 0;
	for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		char exit[40], outcome[40];
		snprintf(exit, sizeof exit, periods[i].exit ? "'%s'" : "NULL", periods[i].exit);
		snprintf(outcome, sizeof outcome, periods[i].outcome ? "'%s'" : "NULL", periods[i].outcome);
		int64_t e = fx_run_sql("INSERT INTO enrolments (participant_id, referral_id, start_date, planned_end, status,"
				   " exit_date, outcome, created_at, updated_at, centre_id) VALUES (%lld, %s, '%s',"
				   " '2026-12-31', '%s', %s, %s, 1, 1, %lld) RETURNING id", (long long)pid,
				"NULL", periods[i].start, periods[i].exit ? "exited" : "active", exit,
				outcome, (long long)here);
		if (i == 0)
			first = e;
	}
	fx_run_sql("UPDATE enrolments SET referral_id = %lld WHERE id = %lld", (long long)ref, (long long)first);
	int64_t opid = fx_participant(t, other, "Yearother", "exited", 0);
	fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date, outcome, created_at,"
	    " updated_at, centre_id) VALUES (%lld, '2025-04-01', '2025-12-01', 'exited', '2025-05-01', 'education', 1,"
	    " 1, %lld)", (long long)opid, (long long)other);

	struct report_period *rows;
	size_t n;
	assert_int_equal(store_report_year_starts(t->db, t->a, here, 2025, &rows, &n), SC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].id, first);
	assert_int_equal(rows[0].centre_id, here);
	assert_int_equal(date_cmp(rows[0].start, D(2025, 3, 1)), 0);
	assert_int_equal(date_cmp(rows[0].exit, D(2025, 10, 1)), 0);
	assert_int_equal(rows[0].exit_status, RS_EMPLOYED_FULL);
	assert_int_equal(date_cmp(rows[0].referred_on, D(2025, 2, 1)), 0);
	assert_int_equal(date_cmp(rows[1].start, D(2025, 6, 1)), 0);
	assert_int_equal(rows[1].exit.y, 0);
	assert_int_equal(rows[1].exit_status, RS_NONE);
	assert_int_equal(rows[1].referred_on.y, 0);
	assert_int_equal(date_cmp(rows[2].start, D(2025, 1, 1)), 0);
	assert_int_equal(rows[2].exit_status, RS_MOVED);

	struct report_status_count *by;
	size_t nby;
	assert_int_equal(store_report_year_exits(t->db, t->a, here, 2025, &by, &nby), SC_OK);
	/* by outcome key: dropped_out, education, employed_full, moved */
	assert_int_equal(nby, 4);
	static const struct { int status; int64_t n; } want[] = {
		{RS_DROPPED_OUT, 1}, {RS_EDUCATION, 1}, {RS_EMPLOYED_FULL, 1}, {RS_MOVED, 1},
	};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(by[i].status, want[i].status);
		assert_int_equal(by[i].n, want[i].n);
	}

	/* the same figures as the annual report over every period */
	struct report_period *all = NULL;
	size_t nall = 0, cap = 0;
	assert_int_equal(store_report_periods(t->db, t->a, here, &all, &nall, &cap), SC_OK);
	assert_int_equal(nall, 6);
	struct report_filter f;
	fields_clear(report_filter_fields, &f);
	struct report whole, starts;
	assert_int_equal(report_annual(all, nall, &f, 2025, 0, 0, t->a, &whole), SC_OK);
	assert_int_equal(report_annual(rows, n, &f, 2025, 0, 0, t->a, &starts), SC_OK);
	assert_int_equal(report_at(&starts.tables[0], 1, 0)->n, 3);
	assert_int_equal(report_at(&whole.tables[0], 1, 0)->n, 3);
	int64_t exits = 0, completers = 0, work_edu = 0;
	for (size_t i = 0; i < nby; i++)
		report_exits_add(by[i].status, by[i].n, &exits, &completers, &work_edu);
	assert_int_equal(exits, 4);
	assert_int_equal(completers, 2);
	assert_int_equal(work_edu, 2);
	assert_int_equal(report_at(&whole.tables[0], 2, 0)->n, exits);
	assert_int_equal(report_at(&whole.tables[0], 3, 0)->n, completers);
	assert_int_equal(report_at(&whole.tables[0], 4, 0)->n, work_edu);

	/* the other centre: its own start and exit only */
	assert_int_equal(store_report_year_starts(t->db, t->a, other, 2025, &rows, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].centre_id, other);
	assert_int_equal(store_report_year_exits(t->db, t->a, other, 2025, &by, &nby), SC_OK);
	assert_int_equal(nby, 1);
	assert_int_equal(by[0].status, RS_EDUCATION);
	assert_int_equal(by[0].n, 1);
	assert_int_equal(store_report_year_exits(t->db, t->a, other, 2024, &by, &nby), SC_OK);
	assert_int_equal(nby, 0);
}

/* A follow-up's result is stored with its part-time percentage, source
 * and day, and read back. */
static void
test_task_result(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_user(t, "r.contact", ROLE_BIT(ROLE_CONTACT));
	int64_t pid = fx_participant(t, 1, "Resultone", "exited", me);
	int64_t id = fx_run_sql("INSERT INTO tasks (participant_id, kind, due_on, assignee_id, centre_id) VALUES (%lld,"
			    " 'followup_6m', '2025-03-01', %lld, 1) RETURNING id", (long long)pid, (long long)me);
	struct task d;
	fields_clear(task_fields, &d);
	fields_clear(task_context_fields, &d);
	d.id = id;
	d.done_on = D(2025, 3, 14);
	d.done_by = me;
	d.result = TASK_RESULT_EMPLOYED_PART;
	d.part_time_percent = 60;
	d.source = TASK_SOURCE_REGISTER;
	d.result_on = D(2025, 3, 1);
	d.note = "";
	assert_int_equal(store_task_done(t->db, 1, &d), SC_OK);
	struct task got;
	assert_int_equal(store_task_get(t->db, t->a, 1, id, &got), SC_OK);
	assert_int_equal(got.result, TASK_RESULT_EMPLOYED_PART);
	assert_int_equal(got.part_time_percent, 60);
	assert_int_equal(got.source, TASK_SOURCE_REGISTER);
	assert_int_equal(date_cmp(got.result_on, D(2025, 3, 1)), 0);
	/* "unemployed" is a result the table takes (migration 19) */
	int64_t id2 = fx_run_sql("INSERT INTO tasks (participant_id, kind, due_on, centre_id) VALUES (%lld, 'followup_12m',"
			     " '2025-09-01', 1) RETURNING id", (long long)pid);
	d.id = id2;
	d.result = TASK_RESULT_UNEMPLOYED;
	d.part_time_percent = FIELD_NONE;
	d.source = -1;
	assert_int_equal(store_task_done(t->db, 1, &d), SC_OK);
	assert_int_equal(store_task_get(t->db, t->a, 1, id2, &got), SC_OK);
	assert_int_equal(got.result, TASK_RESULT_UNEMPLOYED);
	assert_int_equal(got.part_time_percent, FIELD_NONE);
	assert_int_equal(got.source, -1);
}

/* A statement of a run as the money report reads it (the rest zero). */
/* A statement of a run (kind "month" or "recomputed") with its enrolment
 * (0: none), gross, tax and outstanding after. */
static void
statement_of(int64_t centre, int64_t run_id, int64_t pid, int64_t enrolment, const char *kind,
	     const char *month, long long gross, long long tax, long long after)
{
	char e[24];
	snprintf(e, sizeof e, enrolment ? "%lld" : "NULL", (long long)enrolment);
	fx_run_sql("INSERT INTO benefit_statements (centre_id, run_id, participant_id, enrolment_id, kind, month, scheme,"
	       " birth_date, period_start, unexcused_minutes, has_work, work_gross_ore, work_hours_centi, tax_kind,"
	       " month_amount_ore, g_ore, child_rate_ore, recovery_percent, outstanding_ore, days, weekdays, days_mask,"
	       " child_days, day_rate_ore, hour_rate_ore, base_ore, child_ore, absence_ore, work_ore, other_ore,"
	       " limited_ore, backpay_ore, gross_ore, tax_ore, claims_ore, recovery_ore, net_ore,"
	       " outstanding_after_ore, warnings, change_ore, created_at) VALUES (%lld, %lld, %lld, %s, '%s', '%s',"
	       " 'bergen', '1990-05-01', '2024-01-01', 0, 0, 0, 0, 'none', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,"
	       " 0, 0, 0, %lld, %lld, 0, 0, 0, %lld, 0, 0, 1000)", (long long)centre, (long long)run_id,
	    (long long)pid, e, kind, month, gross, tax, after);
}

static void
statement(int64_t centre, int64_t run_id, int64_t pid, const char *kind, const char *month,
	  long long gross, long long after)
{
	statement_of(centre, run_id, pid, 0, kind, month, gross, 0, after);
}

/* Money: a row per approved run by month, the participants of its
 * statements of the month (not corrections of earlier months), the gross
 * per participant, tax and the overpayment outstanding after; open runs
 * and another centre's are not there; fewer than 5 people are not shown. */
static void
test_money(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_centre(t, "Money here");
	int64_t other = fx_centre(t, "Money elsewhere");
	int64_t p[6];
	for (int i = 0; i < 6; i++)
		p[i] = fx_participant(t, me, "Money", "active", 0);
	int64_t theirs = fx_participant(t, other, "Theirs", "active", 0);
	/* runs are open while their statements are written, then approved */
	int64_t jan = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
			     " VALUES (%lld, '2025-01', 'open', 1000, 1200000, 300000) RETURNING id", (long long)me);
	int64_t feb = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
			     " VALUES (%lld, '2025-02', 'open', 1000, 400000, 100000) RETURNING id", (long long)me);
	int64_t mar = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
			     " VALUES (%lld, '2025-03', 'open', 1000, 999, 99) RETURNING id", (long long)me);
	int64_t their = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
			       " VALUES (%lld, '2025-01', 'open', 1000, 77, 7) RETURNING id", (long long)other);
	for (int i = 0; i < 6; i++)
		statement(me, jan, p[i], "month", "2025-01", 200000, i == 0 ? 50000 : 0);
	statement(me, jan, p[0], "recomputed", "2024-12", 1000, 90000);
	statement(me, feb, p[0], "month", "2025-02", 200000, 20000);
	statement(me, feb, p[1], "month", "2025-02", 200000, 20000);
	statement(me, mar, p[2], "month", "2025-03", 999, 0);
	statement(other, their, theirs, "month", "2025-01", 77, 5);
	fx_run_sql("UPDATE benefit_runs SET state = 'approved' WHERE id IN (%lld, %lld, %lld)", (long long)jan,
	    (long long)feb, (long long)their);

	struct report_area_row *rows;
	size_t n;
	assert_int_equal(store_report_money(t->db, t->a, me, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].label, "2025-01");
	static const struct { int kind; long long n, value; } want[2][5] = {
		{{RC_MONEY, 6, 1200000}, {RC_MONEY, 6, 200000}, {RC_COUNT, 6, 0}, {RC_MONEY, 6, 300000},
		 {RC_MONEY, 6, 50000}},
		{{RC_MONEY, 2, 400000}, {RC_MONEY, 2, 200000}, {RC_COUNT, 2, 0}, {RC_MONEY, 2, 100000},
		 {RC_MONEY, 2, 40000}},
	};
	assert_string_equal(rows[1].label, "2025-02");
	for (size_t r = 0; r < 2; r++)
		for (size_t c = 0; c < 5; c++) {
			assert_int_equal(rows[r].cell[c].kind, want[r][c].kind);
			assert_int_equal(rows[r].cell[c].n, want[r][c].n);
			assert_int_equal(rows[r].cell[c].value, want[r][c].value);
			assert_int_equal(report_cell_shown(&rows[r].cell[c]), r == 0);
		}
	assert_int_equal(store_report_money(t->db, t->a, other, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].cell[0].value, 77);
	assert_int_equal(rows[0].cell[2].n, 1);
	assert_int_equal(rows[0].cell[4].value, 5);
}

/* Internships on 2025-06-01: the placements started (all approved and the
 * start reached, or ended early after the start) by industry and by
 * employer; not started, still negotiating, ended before the start and
 * another centre's are not counted. */
static void
test_internships(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_centre(t, "Internships here");
	int64_t other = fx_centre(t, "Internships elsewhere");
	int64_t pid = fx_participant(t, me, "Intern", "active", 0);
	int64_t theirs = fx_participant(t, other, "Theirs", "active", 0);
	static const struct { int mine; const char *name, *orgnr, *industry; } emp[] = {
		{1, "Bakeri Nord", "900000001", "56"}, {1, "Kafe Sor", "900000002", "56"},
		{1, "Butikk Vest", "900000003", "47"}, {0, "Butikk Annen", "900000004", "47"},
	};
	int64_t e[4];
	for (size_t i = 0; i < 4; i++)
		e[i] = fx_run_sql("INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at, updated_at)"
			      " VALUES (%lld, '%s', '%s', '%s', '%s', 1000, 1000) RETURNING id",
			   (long long)(emp[i].mine ? me : other), emp[i].name, emp[i].name, emp[i].orgnr, emp[i].industry);
	static const struct { int emp; const char *starts, *ends, *phase, *ended, *reason, *result; } pl[] = {
		{0, "'2025-01-01'", "'2025-03-31'", "agreed", "NULL", "NULL", "'hired'"},          /* completed, job */
		{0, "'2025-05-01'", "'2025-08-31'", "agreed", "NULL", "NULL", "NULL"},             /* active */
		{0, "'2025-07-01'", "'2025-09-30'", "agreed", "NULL", "NULL", "NULL"},             /* not started */
		{1, "'2025-02-01'", "'2025-05-31'", "ended_early", "'2025-03-15'", "'got_job'", "NULL"},
		{1, "'2025-04-01'", "'2025-06-30'", "ended_early", "'2025-03-20'", "'other'", "NULL"},   /* before start */
		{1, "'2025-01-01'", "NULL", "negotiating", "NULL", "NULL", "NULL"},
		{2, "'2025-01-01'", "'2025-02-28'", "agreed", "NULL", "NULL", "'not_hired'"},      /* completed */
		{2, "'2025-03-01'", "'2025-05-31'", "ended_early", "'2025-03-10'", "'illness'", "NULL"},
		{3, "'2025-01-01'", "'2025-02-01'", "agreed", "NULL", "NULL", "'hired'"},          /* theirs */
	};
	for (size_t i = 0; i < sizeof pl / sizeof pl[0]; i++)
		fx_run_sql("INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase, ended_on,"
		       " end_reason, result, created_at, updated_at) VALUES (%lld, %lld, %lld, %s, %s, '%s', %s, %s, %s,"
		       " 1000, 1000)", (long long)(pl[i].emp < 3 ? me : other), (long long)(pl[i].emp < 3 ? pid : theirs),
		    (long long)e[pl[i].emp], pl[i].starts, pl[i].ends, pl[i].phase, pl[i].ended, pl[i].reason,
		    pl[i].result);

	struct report_area_row *rows;
	size_t n;
	assert_int_equal(store_report_internships(t->db, t->a, me, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	static const struct { int table; const char *label, *label_nb; long long started, completed, early, job; } want[] = {
		{0, "Retail trade, except of motor vehicles and motorcycles", "Detaljhandel, unntatt med motorvogner",
		 2, 1, 1, 0},
		{0, "Food and beverage service activities", "Serveringsvirksomhet", 3, 1, 1, 2},
		{1, "Bakeri Nord", NULL, 2, 1, 0, 1},
		{1, "Butikk Vest", NULL, 2, 1, 1, 0},
		{1, "Kafe Sor", NULL, 1, 0, 1, 1},
	};
	assert_int_equal(n, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(rows[i].table, want[i].table);
		assert_string_equal(rows[i].label, want[i].label);
		if (want[i].label_nb == NULL)
			assert_null(rows[i].label_nb);
		else
			assert_string_equal(rows[i].label_nb, want[i].label_nb);
		assert_int_equal(rows[i].cell[0].kind, RC_COUNT);
		assert_int_equal(rows[i].cell[0].n, want[i].started);
		assert_int_equal(rows[i].cell[1].n, want[i].completed);
		assert_int_equal(rows[i].cell[2].n, want[i].early);
		assert_int_equal(rows[i].cell[3].kind, RC_SHARE);
		assert_int_equal(rows[i].cell[3].n, want[i].job);
		assert_int_equal(rows[i].cell[3].base, want[i].started);
	}
	/* a day earlier than every start: nothing started */
	assert_int_equal(store_report_internships(t->db, t->a, me, no_filter(), D(2024, 12, 31), &rows, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_report_internships(t->db, t->a, other, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[1].label, "Butikk Annen");
	assert_int_equal(rows[1].cell[0].n, 1);
	assert_int_equal(rows[1].cell[1].n, 1);
	assert_int_equal(rows[1].cell[3].n, 1);
}

/* The id of a built-in activity type. */
static int64_t
builtin_type(struct fx *t, const char *key)
{
	static const char norwegian[] = "SELECT id FROM activity_types WHERE key = 'norwegian'";
	static const char health[] = "SELECT id FROM activity_types WHERE key = 'health_group'";
	struct db_stmt *st = db_prepare(t->db, strcmp(key, "norwegian") == 0 ? norwegian : health);
	assert_non_null(st);
	int rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	assert_true(id > 0);
	return id;
}

/* The row of Attendance's table labelled label on 2025-06-01 under f, or NULL. */
static const struct report_area_row *
att_row(struct fx *t, int64_t centre, const struct report_filter *f, int table, const char *label)
{
	struct report_area_row *rows;
	size_t n;
	int64_t ngroups;
	assert_int_equal(store_report_attendance(t->db, t->a, centre, f, D(2025, 6, 1), &rows, &n, &ngroups), SC_OK);
	for (size_t i = 0; i < n; i++)
		if (rows[i].table == table && strcmp(rows[i].label, label) == 0)
			return &rows[i];
	return NULL;
}

/* Attendance without a filter from its kept counts (migration 42), and
 * under filter which (gender, cohort, exit year) from its counts by class
 * (migration 46), and from the kept rows read one by one (a "from" of
 * 0001-01-01 asks the same days, the counts cannot answer it): the same
 * rows, every cell. */
static void
att_counts_same_as(struct fx *t, int64_t centre, struct date to, int which)
{
	struct report_filter f, g;
	fields_clear(report_filter_fields, &f);
	f.to = to;
	f.gender = which == 1 || which == 2 ? "female" : which == 5 ? "male" : "";
	f.cohort = which == 2 ? 2024 : which == 3 ? 2025 : FIELD_NONE;
	f.exit_year = which == 4 ? 2024 : which == 5 ? 0 : FIELD_NONE;
	g = f;
	g.from = D(1, 1, 1);
	struct report_area_row *x, *y;
	size_t nx, ny;
	int64_t gx = -1, gy = -2;
	assert_int_equal(store_report_attendance(t->db, t->a, centre, &f, D(2025, 6, 1), &x, &nx, &gx), SC_OK);
	assert_int_equal(store_report_attendance(t->db, t->a, centre, &g, D(2025, 6, 1), &y, &ny, &gy), SC_OK);
	assert_int_equal(nx, ny);
	assert_int_equal(gx, gy);
	for (size_t i = 0; i < nx; i++) {
		assert_int_equal(x[i].table, y[i].table);
		assert_string_equal(x[i].label, y[i].label);
		assert_int_equal(x[i].label_msgid, y[i].label_msgid);
		for (int k = 0; k < 4; k++) {
			assert_int_equal(x[i].cell[k].kind, y[i].cell[k].kind);
			assert_int_equal(x[i].cell[k].n, y[i].cell[k].n);
			assert_int_equal(x[i].cell[k].base, y[i].cell[k].base);
			assert_int_equal(x[i].cell[k].value, y[i].cell[k].value);
		}
	}
}

static void
att_counts_same(struct fx *t, int64_t centre, struct date to)
{
	for (int which = 0; which < 6; which++)
		att_counts_same_as(t, centre, to, which);
}

/* Attendance's kept months and sessions (migration 33) and the counts kept
 * from them (migration 42) equal their views, and the report from the
 * counts is the report from the rows (to the end of May, and of April). */
static void
att_kept_exact(struct fx *t, int64_t centre)
{
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_attendance_verify(t->db, centre, &missing, &extra), SC_OK);
	assert_int_equal(missing, 0);
	assert_int_equal(extra, 0);
	att_counts_same(t, centre, (struct date){0, 0, 0});
	att_counts_same(t, centre, D(2025, 4, 30));
}

/* One row of Attendance under filter k: table, label, sessions, attended,
 * unexcused, marks, people. */
struct att_want {
	int k, table;
	const char *label;
	long long sessions, attended, unexcused, marks, people;
};

/* Attendance on 2025-06-01 of twenty participants (twelve women, eight
 * men; cohorts 2024 and 2025 by turns; the first six the contact person's;
 * ten born 1970; a fifth with 5 years of school; a third from Eritrea) in
 * two groups; number 18 in a period of 2023 (ended 2024) in April and one
 * started 2025-05-01 in May, number 19 in none. A cancelled session, a
 * later one, a health group's and another centre's are not counted. The
 * figures under each filter are those counted by hand (a row of fewer than
 * 5 people shows its shares as that count: not shown). */
static void
test_attendance(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_centre(t, "Attendance here");
	int64_t other = fx_centre(t, "Attendance elsewhere");
	int64_t contact = fx_user(t, "att.contact", ROLE_BIT(ROLE_CONTACT));
	int64_t p[20];
	for (int i = 0; i < 20; i++) {
		p[i] = fx_participant(t, me, "Attender", "active", i < 6 ? contact : 0);
		fx_run_sql("UPDATE participants SET gender = '%s', country_of_birth = '%s', birth_date = '%s',"
		    " schooling_years = %d WHERE id = %lld", i < 12 ? "female" : "male", i % 3 == 0 ? "Eritrea" : "Syria",
		    i < 10 ? "1990-05-01" : "1970-01-01", i % 5 == 0 ? 5 : 12, (long long)p[i]);
		if (i < 18)
			fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at,"
			    " updated_at, centre_id) VALUES (%lld, '%s', '2026-12-31', 'active', 1, 1, %lld)",
			    (long long)p[i], i % 2 == 0 ? "2024-03-01" : "2025-01-10", (long long)me);
	}
	fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date, outcome,"
	    " created_at, updated_at, centre_id) VALUES (%lld, '2023-02-01', '2024-01-31', 'exited', '2024-01-31',"
	    " 'moved', 1, 1, %lld)", (long long)p[18], (long long)me);
	fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at, updated_at,"
	    " centre_id) VALUES (%lld, '2025-05-01', '2026-12-31', 'active', 1, 1, %lld)", (long long)p[18],
	    (long long)me);
	int64_t theirs = fx_participant(t, other, "Theirs", "active", 0);
	int64_t norwegian = builtin_type(t, "norwegian"), health = builtin_type(t, "health_group");
	int64_t own = fx_run_sql("INSERT INTO activity_types (centre_id, name, kind, created_at, updated_at) VALUES (%lld,"
			     " 'Sykkelkurs', 'thematic', 1000, 1000) RETURNING id", (long long)me);
	static const struct { int mine; int type; const char *name; } grp[] = {
		{1, 0, "Norsk A"}, {1, 1, "Sykkel"}, {1, 2, "Helse"}, {0, 0, "Norsk annen"},
	};
	int64_t types[3] = {norwegian, own, health};
	int64_t g[4];
	for (size_t i = 0; i < 4; i++)
		g[i] = fx_run_sql("INSERT INTO activity_groups (centre_id, activity_type_id, name, capacity, starts_on, ends_on,"
			      " created_at, updated_at) VALUES (%lld, %lld, '%s', 12, '2025-01-01', '2025-12-31', 1000, 1000)"
			      " RETURNING id", (long long)(grp[i].mine ? me : other), (long long)types[grp[i].type],
			   grp[i].name);
	static const struct { int group; const char *on, *status; } ses[] = {
		{0, "2025-04-07", "planned"}, {0, "2025-05-05", "planned"}, {0, "2025-05-12", "cancelled"},
		{0, "2025-06-02", "planned"}, {1, "2025-05-06", "planned"}, {2, "2025-05-07", "planned"},
		{3, "2025-05-05", "planned"},
	};
	int64_t sid[7];
	for (size_t i = 0; i < 7; i++)
		sid[i] = fx_run_sql("INSERT INTO activity_sessions (centre_id, group_id, on_date, start_min, end_min, status)"
				" VALUES (%lld, %lld, '%s', 540, 660, '%s') RETURNING id",
			     (long long)(ses[i].group < 3 ? me : other), (long long)g[ses[i].group], ses[i].on,
			     ses[i].status);
	static const char *const april[] = {"'absent', 'unexcused'", "'late', NULL", "'present', NULL",
					    "'absent', 'sick_self'"};
	for (int i = 0; i < 20; i++) {
		/* Norsk A in April and May; the cancelled, the later and the health group's all */
		const char *may = i % 3 == 0 ? "'absent', 'unexcused'" : "'present', NULL";
		const char *bike = i % 2 ? "'present', NULL" : "'absent', 'unexcused'";
		const char *mark[6] = {april[i % 4], may, "'absent', 'unexcused'", "'present', NULL",
				       i < 6 ? bike : NULL, "'present', NULL"};
		for (int k = 0; k < 6; k++)
			if (mark[k] != NULL)
				fx_run_sql("INSERT INTO attendance (session_id, participant_id, centre_id, mark, absence)"
				       " VALUES (%lld, %lld, %lld, %s)", (long long)sid[k], (long long)p[i], (long long)me,
				    mark[k]);
	}
	fx_run_sql("INSERT INTO attendance (session_id, participant_id, centre_id, mark) VALUES (%lld, %lld, %lld,"
	    " 'present')", (long long)sid[6], (long long)theirs, (long long)other);

	struct report_filter fs[14];
	for (size_t k = 0; k < 14; k++)
		fields_clear(report_filter_fields, &fs[k]);
	fs[1].gender = "female";
	fs[2].gender = "female";
	fs[2].cohort = 2024;
	fs[3].cohort = 2023;
	fs[4].cohort = 2025;
	fs[5].exit_year = 2024;
	fs[6].contact_id = contact;
	fs[7].age_band = AGE_45_PLUS;
	fs[8].schooling = SCHOOLING_0_6;
	fs[9].country = "Eritrea";
	fs[10].from = D(2025, 5, 1);
	fs[10].to = D(2025, 5, 31);
	fs[11].to = D(2025, 4, 30);
	fs[12].from = D(2025, 4, 7);   /* parts of two months, counted by day */
	fs[12].to = D(2025, 5, 5);
	fs[13].to = D(2025, 6, 30);    /* not after today */
	static const struct att_want want[] = {
		{0, 0, "Norsk A", 2, 23, 12, 40, 20},
		{0, 0, "Sykkel", 1, 3, 3, 6, 6},
		{0, 1, "Norwegian class", 2, 23, 12, 40, 20},
		{0, 1, "Sykkelkurs", 1, 3, 3, 6, 6},
		{0, 2, "2025-04", 1, 10, 5, 20, 20},
		{0, 2, "2025-05", 2, 16, 10, 26, 20},
		{1, 0, "Norsk A", 2, 14, 7, 24, 12},
		{1, 0, "Sykkel", 1, 3, 3, 6, 6},
		{1, 1, "Norwegian class", 2, 14, 7, 24, 12},
		{1, 1, "Sykkelkurs", 1, 3, 3, 6, 6},
		{1, 2, "2025-04", 1, 6, 3, 12, 12},
		{1, 2, "2025-05", 2, 11, 7, 18, 12},
		{2, 0, "Norsk A", 2, 7, 5, 12, 6},
		{2, 0, "Sykkel", 1, 0, 3, 3, 3},
		{2, 1, "Norwegian class", 2, 7, 5, 12, 6},
		{2, 1, "Sykkelkurs", 1, 0, 3, 3, 3},
		{2, 2, "2025-04", 1, 3, 3, 6, 6},
		{2, 2, "2025-05", 2, 4, 5, 9, 6},
		{3, 0, "Norsk A", 1, 1, 0, 1, 1},
		{3, 1, "Norwegian class", 1, 1, 0, 1, 1},
		{3, 2, "2025-04", 1, 1, 0, 1, 1},
		{4, 0, "Norsk A", 2, 11, 4, 19, 10},
		{4, 0, "Sykkel", 1, 3, 0, 3, 3},
		{4, 1, "Norwegian class", 2, 11, 4, 19, 10},
		{4, 1, "Sykkelkurs", 1, 3, 0, 3, 3},
		{4, 2, "2025-04", 1, 5, 0, 9, 9},
		{4, 2, "2025-05", 2, 9, 4, 13, 10},
		{5, 0, "Norsk A", 1, 1, 0, 1, 1},
		{5, 1, "Norwegian class", 1, 1, 0, 1, 1},
		{5, 2, "2025-04", 1, 1, 0, 1, 1},
		{6, 0, "Norsk A", 2, 7, 4, 12, 6},
		{6, 0, "Sykkel", 1, 3, 3, 6, 6},
		{6, 1, "Norwegian class", 2, 7, 4, 12, 6},
		{6, 1, "Sykkelkurs", 1, 3, 3, 6, 6},
		{6, 2, "2025-04", 1, 3, 2, 6, 6},
		{6, 2, "2025-05", 2, 7, 5, 12, 6},
		{7, 0, "Norsk A", 2, 11, 5, 18, 9},
		{7, 1, "Norwegian class", 2, 11, 5, 18, 9},
		{7, 2, "2025-04", 1, 5, 2, 9, 9},
		{7, 2, "2025-05", 1, 6, 3, 9, 9},
		{8, 0, "Norsk A", 2, 4, 3, 8, 4},
		{8, 0, "Sykkel", 1, 1, 1, 2, 2},
		{8, 1, "Norwegian class", 2, 4, 3, 8, 4},
		{8, 1, "Sykkelkurs", 1, 1, 1, 2, 2},
		{8, 2, "2025-04", 1, 2, 1, 4, 4},
		{8, 2, "2025-05", 2, 3, 3, 6, 4},
		{9, 0, "Norsk A", 2, 3, 9, 14, 7},
		{9, 0, "Sykkel", 1, 1, 1, 2, 2},
		{9, 1, "Norwegian class", 2, 3, 9, 14, 7},
		{9, 1, "Sykkelkurs", 1, 1, 1, 2, 2},
		{9, 2, "2025-04", 1, 3, 2, 7, 7},
		{9, 2, "2025-05", 2, 1, 8, 9, 7},
		{10, 0, "Norsk A", 1, 13, 7, 20, 20},
		{10, 0, "Sykkel", 1, 3, 3, 6, 6},
		{10, 1, "Norwegian class", 1, 13, 7, 20, 20},
		{10, 1, "Sykkelkurs", 1, 3, 3, 6, 6},
		{10, 2, "2025-05", 2, 16, 10, 26, 20},
		{11, 0, "Norsk A", 1, 10, 5, 20, 20},
		{11, 1, "Norwegian class", 1, 10, 5, 20, 20},
		{11, 2, "2025-04", 1, 10, 5, 20, 20},
		{12, 0, "Norsk A", 2, 23, 12, 40, 20},
		{12, 1, "Norwegian class", 2, 23, 12, 40, 20},
		{12, 2, "2025-04", 1, 10, 5, 20, 20},
		{12, 2, "2025-05", 1, 13, 7, 20, 20},
		{13, 0, "Norsk A", 2, 23, 12, 40, 20},
		{13, 0, "Sykkel", 1, 3, 3, 6, 6},
		{13, 1, "Norwegian class", 2, 23, 12, 40, 20},
		{13, 1, "Sykkelkurs", 1, 3, 3, 6, 6},
		{13, 2, "2025-04", 1, 10, 5, 20, 20},
		{13, 2, "2025-05", 2, 16, 10, 26, 20},
	};
	size_t w = 0;
	for (int k = 0; k < 14; k++) {
		struct report_area_row *rows;
		size_t n;
		int64_t ngroups = -1;
		assert_int_equal(store_report_attendance(t->db, t->a, me, &fs[k], D(2025, 6, 1), &rows, &n, &ngroups),
				 SC_OK);
		size_t first = w;
		while (w < sizeof want / sizeof want[0] && want[w].k == k)
			w++;
		assert_int_equal(n, w - first);
		int64_t groups = 0;
		for (size_t i = 0; i < n; i++) {
			const struct att_want *x = &want[first + i];
			groups += x->table == 0;
			assert_int_equal(rows[i].table, x->table);
			assert_string_equal(rows[i].label, x->label);
			assert_int_equal(rows[i].label_msgid, strcmp(x->label, "Norwegian class") == 0);
			assert_int_equal(rows[i].cell[0].kind, RC_NUMBER);
			assert_int_equal(rows[i].cell[0].value, x->sessions);
			assert_int_equal(rows[i].cell[3].kind, RC_COUNT);
			assert_int_equal(rows[i].cell[3].n, x->people);
			if (x->people < 5) {
				/* the shares of fewer than 5 people are not shown */
				assert_int_equal(rows[i].cell[1].kind, RC_COUNT);
				assert_int_equal(rows[i].cell[1].n, x->people);
				assert_int_equal(rows[i].cell[2].kind, RC_COUNT);
				assert_int_equal(rows[i].cell[2].n, x->people);
				continue;
			}
			assert_int_equal(rows[i].cell[1].kind, RC_SHARE);
			assert_int_equal(rows[i].cell[1].n, x->attended);
			assert_int_equal(rows[i].cell[1].base, x->marks);
			assert_int_equal(rows[i].cell[2].kind, RC_SHARE);
			assert_int_equal(rows[i].cell[2].n, x->unexcused);
			assert_int_equal(rows[i].cell[2].base, x->marks);
		}
		assert_int_equal(ngroups, groups);
	}
	assert_int_equal(w, sizeof want / sizeof want[0]);
	/* the kept months follow every write, and so do the figures */
	att_kept_exact(t, me);
	att_kept_exact(t, other);
	const struct report_area_row *x = att_row(t, me, &fs[0], 0, "Norsk A");
	assert_int_equal(x->cell[1].n, 23);
	assert_int_equal(x->cell[2].n, 12);
	/* a mark changed from late to absent unexcused (number 1 in April) */
	fx_run_sql("UPDATE attendance SET mark = 'absent', absence = 'unexcused' WHERE session_id = %lld"
	    " AND participant_id = %lld", (long long)sid[0], (long long)p[1]);
	att_kept_exact(t, me);
	x = att_row(t, me, &fs[0], 0, "Norsk A");
	assert_int_equal(x->cell[1].n, 22);
	assert_int_equal(x->cell[2].n, 13);
	assert_int_equal(x->cell[1].base, 40);
	/* number 0 now a man and number 1 of the cohort 2024: women of 2024 are 1, 2, 4, 6, 8, 10 */
	x = att_row(t, me, &fs[1], 0, "Norsk A");
	assert_int_equal(x->cell[3].n, 12);
	fx_run_sql("UPDATE participants SET gender = 'male' WHERE id = %lld", (long long)p[0]);
	fx_run_sql("UPDATE enrolments SET start_date = '2024-01-10' WHERE participant_id = %lld", (long long)p[1]);
	att_kept_exact(t, me);
	x = att_row(t, me, &fs[1], 0, "Norsk A");
	assert_int_equal(x->cell[3].n, 11);
	x = att_row(t, me, &fs[2], 0, "Norsk A");
	assert_int_equal(x->cell[3].n, 6);
	assert_int_equal(x->cell[1].base, 12);
	assert_int_equal(x->cell[1].n, 8);   /* April 2, 6, 10 present (1 now absent); May all but 6 */
	/* the scheme (decision 85): the periods of 2024 on kvp, so that women on
	 * kvp are the women of the cohort 2024 */
	fx_run_sql("UPDATE enrolments SET scheme = 'kvp' WHERE centre_id = %lld AND start_date LIKE '2024-%%'", (long long)me);
	struct report_filter fk = fs[1];
	fk.scheme = BENEFIT_KVP;
	x = att_row(t, me, &fk, 0, "Norsk A");
	assert_int_equal(x->cell[3].n, 6);
	assert_int_equal(x->cell[1].base, 12);
	assert_int_equal(x->cell[1].n, 8);
	fk.scheme = BENEFIT_BERGEN;
	x = att_row(t, me, &fk, 0, "Norsk A");
	assert_int_equal(x->cell[3].n, 5);   /* the other women: 11 less 6 */
	fx_run_sql("UPDATE enrolments SET scheme = NULL WHERE centre_id = %lld", (long long)me);
	/* the bike session cancelled: no Sykkel; May has one session */
	fx_run_sql("UPDATE activity_sessions SET status = 'cancelled' WHERE id = %lld", (long long)sid[4]);
	att_kept_exact(t, me);
	assert_null(att_row(t, me, &fs[0], 0, "Sykkel"));
	assert_int_equal(att_row(t, me, &fs[0], 2, "2025-05")->cell[0].value, 1);
	/* May's Norsk session moved to April: April has two sessions, May none */
	fx_run_sql("UPDATE activity_sessions SET on_date = '2025-04-28' WHERE id = %lld", (long long)sid[1]);
	att_kept_exact(t, me);
	assert_null(att_row(t, me, &fs[0], 2, "2025-05"));
	x = att_row(t, me, &fs[0], 2, "2025-04");
	assert_int_equal(x->cell[0].value, 2);
	assert_int_equal(x->cell[1].base, 40);
	assert_int_equal(x->cell[3].n, 20);
	/* a mark deleted (number 19 in April's first): 39 marks, 19 and 20 people */
	fx_run_sql("DELETE FROM attendance WHERE session_id = %lld AND participant_id = %lld", (long long)sid[0],
	    (long long)p[19]);
	att_kept_exact(t, me);
	x = att_row(t, me, &fs[0], 0, "Norsk A");
	assert_int_equal(x->cell[1].base, 39);
	assert_int_equal(x->cell[3].n, 20);
	/* repairs in SQL: a mark moved to the bike group's cancelled session and back to
	 * planned; the Norsk group given the centre's own type */
	fx_run_sql("UPDATE attendance SET session_id = %lld WHERE session_id = %lld AND participant_id = %lld",
	    (long long)sid[4], (long long)sid[0], (long long)p[19 - 1]);
	att_kept_exact(t, me);
	fx_run_sql("UPDATE activity_sessions SET status = 'planned' WHERE id = %lld", (long long)sid[4]);
	att_kept_exact(t, me);
	assert_int_equal(att_row(t, me, &fs[0], 0, "Sykkel")->cell[1].base, 7);
	fx_run_sql("UPDATE activity_groups SET activity_type_id = %lld WHERE id = %lld", (long long)own, (long long)g[0]);
	att_kept_exact(t, me);
	assert_null(att_row(t, me, &fs[0], 1, "Norwegian class"));
	x = att_row(t, me, &fs[0], 1, "Sykkelkurs");
	assert_int_equal(x->cell[1].base, 38 + 7);
	assert_int_equal(x->cell[3].n, 20);
	/* the bike group made a health group (its people and marks not counted,
	 * the month's people without those only in it) and the centre's own again */
	fx_run_sql("UPDATE activity_groups SET activity_type_id = %lld WHERE id = %lld", (long long)health, (long long)g[1]);
	att_kept_exact(t, me);
	assert_null(att_row(t, me, &fs[0], 0, "Sykkel"));
	x = att_row(t, me, &fs[0], 1, "Sykkelkurs");
	assert_int_equal(x->cell[1].base, 38);
	fx_run_sql("UPDATE activity_groups SET activity_type_id = %lld WHERE id = %lld", (long long)own, (long long)g[1]);
	att_kept_exact(t, me);
	/* a participant's every mark of a month deleted: their first month moves on */
	fx_run_sql("DELETE FROM attendance WHERE participant_id = %lld AND session_id IN (SELECT id FROM activity_sessions"
	    " WHERE on_date LIKE '2025-04-%%')", (long long)p[2]);
	att_kept_exact(t, me);
	fx_run_sql("INSERT INTO attendance (session_id, participant_id, centre_id, mark) VALUES (%lld, %lld, %lld,"
	    " 'present')", (long long)sid[0], (long long)p[2], (long long)me);
	att_kept_exact(t, me);
	/* a kept row changed by hand is found, and made again from the view */
	fx_run_sql("UPDATE attendance_months SET marks = marks + 1 WHERE centre_id = %lld AND participant_id = %lld",
	    (long long)me, (long long)p[3]);
	int64_t missing = 0, extra = 0;
	assert_int_equal(store_report_attendance_verify(t->db, me, &missing, &extra), SC_OK);
	assert_true(missing > 0 && extra > 0);
	fx_run_sql("DELETE FROM attendance_months WHERE centre_id = %lld", (long long)me);
	fx_run_sql("INSERT INTO attendance_months SELECT * FROM attendance_months_source WHERE centre_id = %lld",
	    (long long)me);
	att_kept_exact(t, me);
	/* a session deleted with its marks */
	fx_run_sql("DELETE FROM attendance WHERE session_id = %lld", (long long)sid[4]);
	fx_run_sql("DELETE FROM activity_sessions WHERE id = %lld", (long long)sid[4]);
	att_kept_exact(t, me);
	assert_null(att_row(t, me, &fs[0], 0, "Sykkel"));

	/* another centre's: its one mark */
	struct report_area_row *rows;
	size_t n;
	int64_t ngroups;
	assert_int_equal(store_report_attendance(t->db, t->a, other, &fs[0], D(2025, 6, 1), &rows, &n, &ngroups),
			 SC_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].label, "Norsk annen");
	assert_int_equal(rows[0].cell[3].n, 1);
}

/* Attendance recounted from scratch (decision 86): twenty participants
 * (women the even ones; cohorts 2024 and 2025, five moving to a period of
 * 2025 in May, one in none) marked in 230 groups of three types (one of
 * them health-only) in April, May and June, with a cancelled session and
 * extra sessions, each figure of each table under seven filters worked out
 * here mark by mark: every group's, type's and month's sessions, marks and
 * distinct people, and the 200 groups listed when more have marks. */
enum { RC_PEOPLE = 20, RC_GROUPS = 230, RC_KINDS = 6 };
static const struct { const char *day; int month; bool planned; } rc_kind[RC_KINDS] = {
	{"2025-04-22", 4, true}, {"2025-05-13", 5, true}, {"2025-05-20", 5, false},
	{"2025-06-03", 6, true}, {"2025-05-27", 5, true}, {"2025-04-08", 4, true},
};

static bool
rc_session(int g, int k)
{
	return k == 4 ? g % 11 == 0 : k == 5 ? g % 4 == 0 : k == 2 ? g % 7 == 0 : true;
}

static bool
rc_marked(int i, int g, int k)
{
	if (!rc_session(g, k))
		return false;
	return k == 4 ? (i + g) % 4 == 0 : k == 5 ? (i + g) % 3 == 0 : (i * 7 + g * 3 + k * 5) % 11 < 6;
}

/* 0 present, 1 late, 2 absent unexcused, 3 absent ill */
static int
rc_mark(int i, int g, int k)
{
	return (i + 2 * g + k) % 4;
}

/* 0 Norwegian, 1 the centre's own, 2 health-only */
static int
rc_type(int g)
{
	return g % 10 == 9 ? 2 : g % 3 == 0 ? 1 : 0;
}

/* the start year of participant i's period in month (4, 5), 0 for none */
static int
rc_cohort(int i, int month)
{
	if (i == 19)
		return 0;
	if (i % 5 == 1 && month >= 5)
		return 2025;
	return i % 3 == 0 ? 2025 : 2024;
}

struct rc_want {
	long long sessions, marks, attended, unexcused, people;
};

static void
rc_check_row(const struct report_area_row *r, int table, const char *label, const struct rc_want *w)
{
	assert_int_equal(r->table, table);
	assert_string_equal(r->label, label);
	assert_int_equal(r->cell[0].value, w->sessions);
	assert_int_equal(r->cell[3].kind, RC_COUNT);
	assert_int_equal(r->cell[3].n, w->people);
	if (w->people < 5) {
		assert_int_equal(r->cell[1].kind, RC_COUNT);
		assert_int_equal(r->cell[1].n, w->people);
		assert_int_equal(r->cell[2].n, w->people);
		return;
	}
	assert_int_equal(r->cell[1].kind, RC_SHARE);
	assert_int_equal(r->cell[1].n, w->attended);
	assert_int_equal(r->cell[1].base, w->marks);
	assert_int_equal(r->cell[2].n, w->unexcused);
	assert_int_equal(r->cell[2].base, w->marks);
}

static int64_t rc_group_id[RC_GROUPS];
static struct rc_want rc_group_want[RC_GROUPS];

/* the lower rate first, then the group's id (the report's order) */
static int
rc_rate_cmp(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	long long l = rc_group_want[a].attended * rc_group_want[b].marks;
	long long r = rc_group_want[b].attended * rc_group_want[a].marks;
	if (l != r)
		return l < r ? -1 : 1;
	return rc_group_id[a] < rc_group_id[b] ? -1 : rc_group_id[a] > rc_group_id[b];
}

static void
test_attendance_recount(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_centre(t, "Attendance recounted");
	int64_t p[RC_PEOPLE];
	for (int i = 0; i < RC_PEOPLE; i++) {
		p[i] = fx_participant(t, me, "Recounted", "active", 0);
		fx_run_sql("UPDATE participants SET gender = '%s' WHERE id = %lld", i % 2 == 0 ? "female" : "male",
		    (long long)p[i]);
		if (i == 19)
			continue;
		const char *start = i % 3 == 0 ? "2025-01-10" : "2024-03-01";
		if (i % 5 == 1) {
			fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date, outcome,"
			    " created_at, updated_at, centre_id) VALUES (%lld, '%s', '2025-04-30', 'exited', '2025-04-30',"
			    " 'moved', 1, 1, %lld)", (long long)p[i], start, (long long)me);
			start = "2025-05-01";
		}
		fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at, updated_at,"
		    " centre_id) VALUES (%lld, '%s', '2026-12-31', 'active', 1, 1, %lld)", (long long)p[i], start,
		    (long long)me);
	}
	int64_t types[3] = {builtin_type(t, "norwegian"), 0, builtin_type(t, "health_group")};
	types[1] = fx_run_sql("INSERT INTO activity_types (centre_id, name, kind, created_at, updated_at) VALUES (%lld,"
			  " 'Egen type', 'thematic', 1000, 1000) RETURNING id", (long long)me);
	size_t cap = 2 << 20, len = 0;
	char *sql = malloc(cap);
	assert_non_null(sql);
	len = (size_t)snprintf(sql, cap, "INSERT INTO activity_groups (centre_id, activity_type_id, name, capacity,"
				   " starts_on, ends_on, created_at, updated_at) VALUES");
	for (int g = 0; g < RC_GROUPS; g++)
		len += (size_t)snprintf(sql + len, cap - len, "%s (%lld, %lld, 'G%03d', 25, '2025-01-01', '2025-12-31', 1, 1)",
					g ? "," : "", (long long)me, (long long)types[rc_type(g)], g);
	fx_exec(sql);
	static const char groups_sql[] = "SELECT id FROM activity_groups WHERE centre_id = $1 ORDER BY name";
	struct db_stmt *st = db_prepare(t->db, groups_sql);
	assert_non_null(st);
	db_bind_int(st, 1, me);
	for (int g = 0; g < RC_GROUPS; g++) {
		assert_int_equal(db_step(st), DB_ROW);
		rc_group_id[g] = db_col_int(st, 0);
	}
	db_done(st);
	len = (size_t)snprintf(sql, cap, "INSERT INTO activity_sessions (centre_id, group_id, on_date, start_min,"
				   " end_min, status) VALUES");
	for (int g = 0; g < RC_GROUPS; g++)
		for (int k = 0; k < RC_KINDS; k++)
			if (rc_session(g, k))
				len += (size_t)snprintf(sql + len, cap - len, "%s (%lld, %lld, '%s', 540, 660, '%s')",
							g || k ? "," : "", (long long)me, (long long)rc_group_id[g],
							rc_kind[k].day, rc_kind[k].planned ? "planned" : "cancelled");
	fx_exec(sql);
	static int64_t sid[RC_GROUPS][RC_KINDS];
	static const char sessions_sql[] = "SELECT id, group_id, on_date FROM activity_sessions WHERE centre_id = $1";
	st = db_prepare(t->db, sessions_sql);
	assert_non_null(st);
	db_bind_int(st, 1, me);
	while (db_step(st) == DB_ROW)
		for (int g = 0; g < RC_GROUPS; g++)
			for (int k = 0; k < RC_KINDS; k++)
				if (rc_group_id[g] == db_col_int(st, 1) && strcmp(rc_kind[k].day, db_col_text(st, 2)) == 0)
					sid[g][k] = db_col_int(st, 0);
	db_done(st);
	static const char *const mark_sql[] = {"'present', NULL", "'late', NULL", "'absent', 'unexcused'",
					       "'absent', 'sick_self'"};
	len = (size_t)snprintf(sql, cap, "INSERT INTO attendance (session_id, participant_id, centre_id, mark, absence)"
				   " VALUES");
	bool first = true;
	for (int g = 0; g < RC_GROUPS; g++)
		for (int k = 0; k < RC_KINDS; k++)
			for (int i = 0; i < RC_PEOPLE; i++)
				if (rc_marked(i, g, k)) {
					assert_true(sid[g][k] > 0);
					len += (size_t)snprintf(sql + len, cap - len, "%s (%lld, %lld, %lld, %s)",
								first ? "" : ",", (long long)sid[g][k], (long long)p[i],
								(long long)me, mark_sql[rc_mark(i, g, k)]);
					first = false;
				}
	assert_true(len < cap - 1);
	fx_exec(sql);
	free(sql);

	/* the filters: none, women, the cohort 2025, men of 2024, May, from
	 * 2025-04-15 (April by day), the cohort 2025 to 2025-05-20 (May by day) */
	struct report_filter fs[7];
	for (size_t k = 0; k < 7; k++)
		fields_clear(report_filter_fields, &fs[k]);
	fs[1].gender = "female";
	fs[2].cohort = 2025;
	fs[3].gender = "male";
	fs[3].cohort = 2024;
	fs[4].from = D(2025, 5, 1);
	fs[4].to = D(2025, 5, 31);
	fs[5].from = D(2025, 4, 15);
	fs[6].cohort = 2025;
	fs[6].to = D(2025, 5, 20);
	for (int f = 0; f < 7; f++) {
		char from[11], to[11];
		date_format(fs[f].from.y ? fs[f].from : D(1, 1, 1), from);
		date_format(fs[f].to.y ? fs[f].to : D(2025, 5, 31), to);
		/* by group, type and month (4, 5): the counts, and who was counted */
		struct rc_want tw[3], mw[2];
		memset(rc_group_want, 0, sizeof rc_group_want);
		memset(tw, 0, sizeof tw);
		memset(mw, 0, sizeof mw);
		bool gp[RC_GROUPS][RC_PEOPLE], tp[3][RC_PEOPLE], mp[2][RC_PEOPLE];
		memset(gp, 0, sizeof gp);
		memset(tp, 0, sizeof tp);
		memset(mp, 0, sizeof mp);
		for (int g = 0; g < RC_GROUPS; g++) {
			int ty = rc_type(g);
			if (ty == 2)
				continue;
			for (int month = 4; month <= 5; month++) {
				bool counted = false;
				long long sessions = 0;
				for (int k = 0; k < RC_KINDS; k++) {
					if (rc_kind[k].month != month || !rc_kind[k].planned || !rc_session(g, k) ||
					    strcmp(rc_kind[k].day, from) < 0 || strcmp(rc_kind[k].day, to) > 0)
						continue;
					bool any = false;
					for (int i = 0; i < RC_PEOPLE; i++) {
						if (!rc_marked(i, g, k))
							continue;
						any = true;
						int cohort = rc_cohort(i, month);
						bool gender = fs[f].gender != NULL && fs[f].gender[0];
						bool people = gender || fs[f].cohort != FIELD_NONE;
						if ((people && cohort == 0) ||
						    (gender &&
						     strcmp(fs[f].gender, i % 2 == 0 ? "female" : "male") != 0) ||
						    (fs[f].cohort != FIELD_NONE && fs[f].cohort != cohort))
							continue;
						counted = true;
						int m = rc_mark(i, g, k);
						struct rc_want *w[3] = {&rc_group_want[g], &tw[ty], &mw[month - 4]};
						for (int x = 0; x < 3; x++) {
							w[x]->marks++;
							w[x]->attended += m <= 1;
							w[x]->unexcused += m == 2;
						}
						gp[g][i] = tp[ty][i] = mp[month - 4][i] = true;
					}
					sessions += any;
				}
				if (counted) {
					rc_group_want[g].sessions += sessions;
					tw[ty].sessions += sessions;
					mw[month - 4].sessions += sessions;
				}
			}
		}
		for (int i = 0; i < RC_PEOPLE; i++) {
			for (int g = 0; g < RC_GROUPS; g++)
				rc_group_want[g].people += gp[g][i];
			for (int ty = 0; ty < 3; ty++)
				tw[ty].people += tp[ty][i];
			for (int m = 0; m < 2; m++)
				mw[m].people += mp[m][i];
		}
		int listed[RC_GROUPS], nlisted = 0, ncounted = 0;
		for (int g = 0; g < RC_GROUPS; g++)
			if (rc_group_want[g].marks > 0)
				ncounted++;
		for (int g = 0; g < RC_GROUPS; g++)
			if (rc_group_want[g].marks > 0 &&
			    (ncounted <= STORE_REPORT_ATTENDANCE_GROUPS || rc_group_want[g].people >= 5))
				listed[nlisted++] = g;
		if (ncounted > STORE_REPORT_ATTENDANCE_GROUPS) {
			qsort(listed, (size_t)nlisted, sizeof listed[0], rc_rate_cmp);
			if (nlisted > STORE_REPORT_ATTENDANCE_GROUPS)
				nlisted = STORE_REPORT_ATTENDANCE_GROUPS;
		}
		struct report_area_row *rows;
		size_t n;
		int64_t ngroups = -1;
		assert_int_equal(store_report_attendance(t->db, t->a, me, &fs[f], D(2025, 6, 1), &rows, &n, &ngroups),
				 SC_OK);
		assert_int_equal(ngroups, ncounted);
		size_t r = 0;
		for (int x = 0; x < nlisted; x++, r++) {
			char name[8];
			snprintf(name, sizeof name, "G%03d", listed[x]);
			assert_true(r < n);
			rc_check_row(&rows[r], 0, name, &rc_group_want[listed[x]]);
		}
		static const char *const type_label[2] = {"Norwegian class", "Egen type"};
		for (int ty = 0; ty < 2; ty++)
			if (tw[ty].marks > 0) {
				assert_true(r < n);
				rc_check_row(&rows[r++], 1, type_label[ty], &tw[ty]);
			}
		static const char *const month_label[2] = {"2025-04", "2025-05"};
		for (int m = 0; m < 2; m++)
			if (mw[m].marks > 0) {
				assert_true(r < n);
				rc_check_row(&rows[r++], 2, month_label[m], &mw[m]);
			}
		assert_int_equal(r, n);
		/* the figures are not all alike: some group of fewer than 5, the top-200 list where all count */
		if (f == 0) {
			assert_int_equal(ncounted, 207);
			assert_int_equal(nlisted, 200);
		}
	}
	att_kept_exact(t, me);
}

/* Norwegian on 2025-06-01: the mean CEFR steps gained per skill and year
 * (the year's last level less the one before it), from the people with
 * two assessments to compare; a later assessment and another centre's
 * are not counted. */
static void
test_norwegian(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_centre(t, "Norwegian here");
	int64_t other = fx_centre(t, "Norwegian elsewhere");
	int64_t p[4];
	for (int i = 0; i < 4; i++)
		p[i] = fx_participant(t, me, "Learner", "active", 0);
	int64_t theirs = fx_participant(t, other, "Theirs", "active", 0);
	static const struct { int who; const char *skill, *level, *on; } as[] = {
		{0, "listening", "A1", "2023-05-10"}, {0, "listening", "A2", "2024-03-10"},
		{0, "listening", "B1", "2024-11-10"}, {0, "listening", "B1", "2025-02-10"},
		{1, "listening", "A2", "2024-01-10"}, {1, "listening", "B1", "2024-06-10"},
		{2, "listening", "B1", "2024-02-10"},
		{2, "reading", "B2", "2024-02-10"}, {2, "reading", "B1", "2024-09-10"},
		{3, "speaking", "A1", "2025-01-10"}, {3, "speaking", "B1", "2025-07-01"},
		{-1, "listening", "A1", "2024-01-10"}, {-1, "listening", "C1", "2024-12-10"},
	};
	for (size_t i = 0; i < sizeof as / sizeof as[0]; i++)
		fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
		       " VALUES (%lld, '%s', '%s', '%s', 1000, %lld)", (long long)(as[i].who < 0 ? theirs : p[as[i].who]),
		    as[i].skill, as[i].level, as[i].on, (long long)(as[i].who < 0 ? other : me));

	struct report_area_row *rows;
	size_t n;
	assert_int_equal(store_report_norwegian(t->db, t->a, me, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 2);
	/* year, then per skill: people (0: empty) and the mean in tenths */
	static const struct { const char *year; long long people[4], tenths[4]; } want[] = {
		{"2024", {2, 1, 0, 0}, {15, -10, 0, 0}},
		{"2025", {1, 0, 0, 0}, {0, 0, 0, 0}},
	};
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(rows[i].label, want[i].year);
		for (size_t k = 0; k < 4; k++) {
			assert_int_equal(rows[i].cell[k].kind, want[i].people[k] ? RC_TENTHS : RC_EMPTY);
			assert_int_equal(rows[i].cell[k].n, want[i].people[k]);
			assert_int_equal(rows[i].cell[k].value, want[i].tenths[k]);
		}
	}
	assert_int_equal(store_report_norwegian(t->db, t->a, other, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].label, "2024");
	assert_int_equal(rows[0].cell[0].n, 1);
	assert_int_equal(rows[0].cell[0].value, 40);
}

/* ---- Internships, Norwegian and Money under the filters (decision 83) ---- */

/* The people of a row's cell col (table, label), 0 when the row is not there. */
static int64_t
area_n(const struct report_area_row *rows, size_t n, int table, const char *label, int col)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].table == table && strcmp(rows[i].label, label) == 0)
			return rows[i].cell[col].n;
	return 0;
}

/*
 * A centre of six participants, each filter's answer known by hand:
 *   P0 female Syria  1990-01-01 school 8  kari: 2024-03-01 .. 2025-03-01
 *   P1 female Eritrea 1970-06-01 school 12 omar: 2025-02-01 ..
 *   P2 male   Syria  2002-05-05 school 3  kari: 2025-01-15 ..
 *   P3 male   Somalia 1985-09-09 school 14 -:   2024-06-01 .. 2024-12-20
 *   P4 female Syria  1995-02-02 school -  -:   2023-01-10 .. 2023-06-30, 2025-01-05 ..
 *   P5 female, no programme period (counted only when no filter is given)
 * The age bands at the start: P0 34 (25-34), P1 54 (45+), P2 22 (<25),
 * P3 38 (35-44), P4 27 and 29 (25-34). Today 2025-06-01.
 */
struct area_fx {
	int64_t centre, kari, omar, p[6], e[6], e4b;
};

static void
area_centre(struct fx *t, struct area_fx *x, const char *tag)
{
	char name[64];
	snprintf(name, sizeof name, "Areas filtered %s", tag);
	x->centre = fx_centre(t, name);
	snprintf(name, sizeof name, "%s.kari", tag);
	x->kari = fx_user(t, name, ROLE_BIT(ROLE_CONTACT));
	snprintf(name, sizeof name, "%s.omar", tag);
	x->omar = fx_user(t, name, ROLE_BIT(ROLE_CONTACT));
	static const struct { const char *gender, *country, *birth, *school; int contact; const char *start, *exit; } p[] = {
		{"female", "Syria", "1990-01-01", "8", 1, "2024-03-01", "2025-03-01"},
		{"female", "Eritrea", "1970-06-01", "12", 2, "2025-02-01", NULL},
		{"male", "Syria", "2002-05-05", "3", 1, "2025-01-15", NULL},
		{"male", "Somalia", "1985-09-09", "14", 0, "2024-06-01", "2024-12-20"},
		{"female", "Syria", "1995-02-02", "NULL", 0, "2023-01-10", "2023-06-30"},
		{"female", "Syria", "1980-01-01", "5", 0, NULL, NULL},
	};
	for (int i = 0; i < 6; i++) {
		int64_t contact = p[i].contact == 1 ? x->kari : p[i].contact == 2 ? x->omar : 0;
		x->p[i] = fx_participant(t, x->centre, "Area", "active", contact);
		fx_run_sql("UPDATE participants SET gender = '%s', country_of_birth = '%s', birth_date = '%s',"
		       " schooling_years = %s WHERE id = %lld", p[i].gender, p[i].country, p[i].birth, p[i].school,
		    (long long)x->p[i]);
		if (p[i].start == NULL)
			continue;
		char exit[16];
		snprintf(exit, sizeof exit, p[i].exit ? "'%s'" : "NULL", p[i].exit);
		x->e[i] = fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date,"
				 " outcome, created_at, updated_at, centre_id) VALUES (%lld, '%s', '2027-01-01', '%s', %s, %s,"
				 " 1, 1, %lld) RETURNING id", (long long)x->p[i], p[i].start, p[i].exit ? "exited" : "active",
			      exit, p[i].exit ? "'employed_full'" : "NULL", (long long)x->centre);
	}
	x->e4b = fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at, updated_at,"
			" centre_id) VALUES (%lld, '2025-01-05', '2027-01-01', 'active', 1, 1, %lld) RETURNING id",
		     (long long)x->p[4], (long long)x->centre);
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_facts_verify(t->db, x->centre, &missing, &extra), SC_OK);
	assert_int_equal(missing + extra, 0);
}

/* The filters the area reports are tested under (their index in the
 * tables of the tests below). */
#define AREA_FILTERS 11
static void
area_filters(struct report_filter fs[AREA_FILTERS], const struct area_fx *x)
{
	for (size_t k = 0; k < AREA_FILTERS; k++)
		fields_clear(report_filter_fields, &fs[k]);
	fs[1].gender = "female";
	fs[2].cohort = 2025;
	fs[3].gender = "female";
	fs[3].cohort = 2025;
	fs[4].country = "Syria";
	fs[5].age_band = AGE_25_34;
	fs[6].schooling = SCHOOLING_7_9;
	fs[7].contact_id = x->kari;   /* also a contact person's own caseload */
	fs[8].exit_year = 2024;
	fs[9].from = D(2025, 1, 1);
	fs[9].to = D(2025, 3, 31);
	fs[10].age_band = AGE_45_PLUS;
	fs[10].from = D(2025, 2, 1);
}

/* Internships: each filter narrows the placements by their period (the
 * latest started by the placement's start); one with no period counts
 * only with no filter. */
static void
test_internships_filtered(void **state)
{
	struct fx *t = *state;
	struct area_fx x;
	area_centre(t, &x, "i");
	int64_t e1 = fx_run_sql("INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at, updated_at)"
			    " VALUES (%lld, 'Bakeri', 'bakeri', '910000001', '56', 1000, 1000) RETURNING id",
			 (long long)x.centre);
	int64_t e2 = fx_run_sql("INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at, updated_at)"
			    " VALUES (%lld, 'Butikk', 'butikk', '910000002', '47', 1000, 1000) RETURNING id",
			 (long long)x.centre);
	static const struct { int who, emp; const char *starts, *ends, *phase, *ended, *reason, *result; } pl[] = {
		{0, 1, "2024-05-01", "2024-07-31", "agreed", "NULL", "NULL", "'hired'"},
		{1, 1, "2025-03-01", "2025-05-31", "agreed", "NULL", "NULL", "NULL"},
		{2, 2, "2025-02-01", "2025-06-30", "ended_early", "'2025-03-01'", "'got_job'", "NULL"},
		{3, 2, "2024-07-01", "2024-09-30", "agreed", "NULL", "NULL", "'not_hired'"},
		{4, 1, "2023-02-01", "2023-04-30", "agreed", "NULL", "NULL", "NULL"},   /* the first period */
		{4, 2, "2025-02-01", "2025-12-31", "agreed", "NULL", "NULL", "NULL"},   /* the second, not ended */
		{5, 1, "2025-01-01", "2025-02-28", "agreed", "NULL", "NULL", "NULL"},   /* no period */
	};
	for (size_t i = 0; i < sizeof pl / sizeof pl[0]; i++)
		fx_run_sql("INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase, ended_on,"
		       " end_reason, result, created_at, updated_at) VALUES (%lld, %lld, %lld, '%s', '%s', '%s', %s, %s, %s,"
		       " 1000, 1000)", (long long)x.centre, (long long)x.p[pl[i].who], (long long)(pl[i].emp == 1 ? e1 : e2),
		    pl[i].starts, pl[i].ends, pl[i].phase, pl[i].ended, pl[i].reason, pl[i].result);
	struct report_filter fs[AREA_FILTERS];
	area_filters(fs, &x);
	/* started at Bakeri (56) and Butikk (47); with no filter also the rest */
	static const long long want[AREA_FILTERS][2] = {
		{4, 3}, {3, 1}, {1, 2}, {1, 1}, {2, 2}, {2, 1}, {1, 0}, {1, 1}, {0, 1}, {2, 2}, {1, 0},
	};
	for (size_t k = 0; k < AREA_FILTERS; k++) {
		struct report_area_row *rows;
		size_t n;
		assert_int_equal(store_report_internships(t->db, t->a, x.centre, &fs[k], D(2025, 6, 1), &rows, &n), SC_OK);
		if (area_n(rows, n, 1, "Bakeri", 0) != want[k][0] || area_n(rows, n, 1, "Butikk", 0) != want[k][1])
			fail_msg("filter %zu: Bakeri %lld, Butikk %lld", k, (long long)area_n(rows, n, 1, "Bakeri", 0),
				 (long long)area_n(rows, n, 1, "Butikk", 0));
		/* the industries sum their employers (47 Butikk, 56 Bakeri, by code) */
		assert_int_equal(area_n(rows, n, 0, "Food and beverage service activities", 0), want[k][0]);
		assert_int_equal(area_n(rows, n, 0, "Retail trade, except of motor vehicles and motorcycles", 0),
				 want[k][1]);
		if (want[k][1] > 0 && want[k][0] > 0) {
			assert_int_equal(rows[0].table, 0);
			assert_string_equal(rows[0].label, "Retail trade, except of motor vehicles and motorcycles");
		}
		for (size_t i = 0; i < n; i++)
			assert_true(rows[i].cell[0].n > 0);   /* no empty rows */
	}
	/* every column with no filter, and fewer than 5 not shown */
	struct report_area_row *rows;
	size_t n;
	assert_int_equal(store_report_internships(t->db, t->a, x.centre, &fs[0], D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 4);
	static const struct { int table; const char *label; long long started, completed, early, job; } all[] = {
		{0, "Retail trade, except of motor vehicles and motorcycles", 3, 1, 1, 1},
		{0, "Food and beverage service activities", 4, 4, 0, 1},
		{1, "Bakeri", 4, 4, 0, 1},
		{1, "Butikk", 3, 1, 1, 1},
	};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(rows[i].table, all[i].table);
		assert_string_equal(rows[i].label, all[i].label);
		assert_int_equal(rows[i].cell[0].n, all[i].started);
		assert_int_equal(rows[i].cell[1].n, all[i].completed);
		assert_int_equal(rows[i].cell[2].n, all[i].early);
		assert_int_equal(rows[i].cell[3].n, all[i].job);
		assert_int_equal(rows[i].cell[3].base, all[i].started);
		assert_false(report_cell_shown(&rows[i].cell[0]));
	}
	/* the female cohort of 2025: P1 at Bakeri (completed), P4's second at Butikk (not yet) */
	assert_int_equal(store_report_internships(t->db, t->a, x.centre, &fs[3], D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(area_n(rows, n, 1, "Bakeri", 1), 1);
	assert_int_equal(area_n(rows, n, 1, "Butikk", 1), 0);
	assert_int_equal(area_n(rows, n, 1, "Butikk", 3), 0);
	/* kari's caseload: P0 hired, P2 ended early for a job */
	assert_int_equal(store_report_internships(t->db, t->a, x.centre, &fs[7], D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(area_n(rows, n, 1, "Bakeri", 3), 1);
	assert_int_equal(area_n(rows, n, 1, "Butikk", 2), 1);
	assert_int_equal(area_n(rows, n, 1, "Butikk", 3), 1);
	/* the scheme (decision 85): P0's period on kvp, the others on the
	 * default; the placement of no period counts under neither */
	fx_run_sql("UPDATE enrolments SET scheme = 'kvp' WHERE id = %lld", (long long)x.e[0]);
	struct report_filter fk = fs[0];
	fk.scheme = BENEFIT_KVP;
	assert_int_equal(store_report_internships(t->db, t->a, x.centre, &fk, D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(area_n(rows, n, 1, "Bakeri", 0), 1);
	assert_int_equal(area_n(rows, n, 1, "Butikk", 0), 0);
	fk.scheme = BENEFIT_BERGEN;
	assert_int_equal(store_report_internships(t->db, t->a, x.centre, &fk, D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(area_n(rows, n, 1, "Bakeri", 0), 2);
	assert_int_equal(area_n(rows, n, 1, "Butikk", 0), 3);
}

/* Norwegian: the filters narrow the assessments by their period (one
 * before the first start belongs to the first), the period by their day;
 * the steps are those of what passes. */
static void
test_norwegian_filtered(void **state)
{
	struct fx *t = *state;
	struct area_fx x;
	area_centre(t, &x, "n");
	static const struct { int who; const char *skill, *level, *on; } as[] = {
		{0, "listening", "A1", "2023-11-01"}, {0, "listening", "A2", "2024-05-01"},
		{0, "listening", "B1", "2024-10-01"},
		{1, "listening", "A2", "2025-02-10"}, {1, "listening", "B1", "2025-05-10"},
		{3, "reading", "B1", "2024-06-10"}, {3, "reading", "B2", "2024-11-10"},
		{4, "listening", "A1", "2023-03-01"}, {4, "listening", "A2", "2023-05-01"},
		{4, "listening", "B1", "2025-03-01"},
		{5, "listening", "A1", "2025-01-01"}, {5, "listening", "A2", "2025-04-01"},
	};
	for (size_t i = 0; i < sizeof as / sizeof as[0]; i++)
		fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
		       " VALUES (%lld, '%s', '%s', '%s', 1000, %lld)", (long long)x.p[as[i].who], as[i].skill, as[i].level,
		    as[i].on, (long long)x.centre);
	struct report_filter fs[AREA_FILTERS];
	area_filters(fs, &x);
	fs[9].from = D(2024, 1, 1);   /* P0's run from A2: one step in 2024 */
	fs[9].to = (struct date){0, 0, 0};
	/* per filter, "year:listening people/tenths,reading people/tenths;..." */
	static const char *const want[AREA_FILTERS] = {
		"2023:1/10,0/0;2024:1/20,1/10;2025:3/10,0/0;",   /* P4; P0, P3; P1, P4, P5 */
		"2023:1/10,0/0;2024:1/20,0/0;2025:2/10,0/0;",    /* P5 has no period */
		"2025:1/10,0/0;",                                /* P1; P4's 2025 alone is one assessment */
		"2025:1/10,0/0;",
		"2023:1/10,0/0;2024:1/20,0/0;2025:1/10,0/0;",    /* P0, P4 (both periods) */
		"2023:1/10,0/0;2024:1/20,0/0;2025:1/10,0/0;",    /* P0 at 34, P4 at 27 and 29 */
		"2024:1/20,0/0;",                                /* P0 */
		"2024:1/20,0/0;",                                /* kari: P0 (P2 none) */
		"2024:0/0,1/10;",                                /* P3 */
		"2024:1/10,1/10;2025:2/10,0/0;",                 /* from 2024: P0 A2 to B1, P3; P1, P5 (P4's B1 alone) */
		"2025:1/10,0/0;",                                /* P1 */
	};
	for (size_t k = 0; k < AREA_FILTERS; k++) {
		struct report_area_row *rows;
		size_t n;
		assert_int_equal(store_report_norwegian(t->db, t->a, x.centre, &fs[k], D(2025, 6, 1), &rows, &n), SC_OK);
		char got[256] = "";
		size_t len = 0;
		for (size_t i = 0; i < n; i++)
			len += (size_t)snprintf(got + len, sizeof got - len, "%s:%lld/%lld,%lld/%lld;", rows[i].label,
						(long long)rows[i].cell[0].n, (long long)rows[i].cell[0].value,
						(long long)rows[i].cell[1].n, (long long)rows[i].cell[1].value);
		if (strcmp(got, want[k]) != 0)
			fail_msg("filter %zu: %s, not %s", k, got, want[k]);
	}
}

/* Money: a run's statements of the periods that pass (by the statement's
 * enrolment), per participant; the run's own totals with no filter. */
static void
test_money_filtered(void **state)
{
	struct fx *t = *state;
	struct area_fx x;
	area_centre(t, &x, "m");
	int64_t jan = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
			     " VALUES (%lld, '2025-01', 'open', 1000, 1500000, 190000) RETURNING id",
			  (long long)x.centre);
	int64_t feb = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
			     " VALUES (%lld, '2025-02', 'open', 1000, 300000, 90000) RETURNING id",
			  (long long)x.centre);
	statement_of(x.centre, jan, x.p[0], x.e[0], "month", "2025-01", 100000, 30000, 0);
	statement_of(x.centre, jan, x.p[1], x.e[1], "month", "2025-01", 200000, 60000, 0);
	statement_of(x.centre, jan, x.p[2], x.e[2], "month", "2025-01", 300000, 0, 5000);
	statement_of(x.centre, jan, x.p[4], x.e4b, "month", "2025-01", 400000, 100000, 0);
	statement_of(x.centre, jan, x.p[5], 0, "month", "2025-01", 500000, 0, 0);
	statement_of(x.centre, feb, x.p[0], x.e[0], "month", "2025-02", 100000, 30000, 0);
	statement_of(x.centre, feb, x.p[1], x.e[1], "month", "2025-02", 200000, 60000, 0);
	fx_run_sql("UPDATE benefit_runs SET state = 'approved' WHERE id IN (%lld, %lld)", (long long)jan, (long long)feb);
	struct report_filter fs[AREA_FILTERS];
	area_filters(fs, &x);
	fs[9].from = D(2025, 2, 1);
	fs[9].to = (struct date){0, 0, 0};
	/* per filter: "month:gross/per participant/people/tax/after;" */
	static const char *const want[AREA_FILTERS] = {
		"2025-01:1500000/300000/5/190000/5000;2025-02:300000/150000/2/90000/0;",
		"2025-01:700000/233333/3/190000/0;2025-02:300000/150000/2/90000/0;",
		"2025-01:900000/300000/3/160000/5000;2025-02:200000/200000/1/60000/0;",
		"2025-01:600000/300000/2/160000/0;2025-02:200000/200000/1/60000/0;",
		"2025-01:800000/266666/3/130000/5000;2025-02:100000/100000/1/30000/0;",
		"2025-01:500000/250000/2/130000/0;2025-02:100000/100000/1/30000/0;",
		"2025-01:100000/100000/1/30000/0;2025-02:100000/100000/1/30000/0;",
		"2025-01:400000/200000/2/30000/5000;2025-02:100000/100000/1/30000/0;",
		"",
		"2025-02:300000/150000/2/90000/0;",
		"2025-02:200000/200000/1/60000/0;",
	};
	for (size_t k = 0; k < AREA_FILTERS; k++) {
		struct report_area_row *rows;
		size_t n;
		assert_int_equal(store_report_money(t->db, t->a, x.centre, &fs[k], D(2025, 6, 1), &rows, &n), SC_OK);
		char got[512] = "";
		size_t len = 0;
		for (size_t i = 0; i < n; i++)
			len += (size_t)snprintf(got + len, sizeof got - len, "%s:%lld/%lld/%lld/%lld/%lld;", rows[i].label,
						(long long)rows[i].cell[0].value, (long long)rows[i].cell[1].value,
						(long long)rows[i].cell[2].n, (long long)rows[i].cell[3].value,
						(long long)rows[i].cell[4].value);
		if (strcmp(got, want[k]) != 0)
			fail_msg("filter %zu: %s, not %s", k, got, want[k]);
	}
	/* five people are shown, two not */
	struct report_area_row *rows;
	size_t n;
	assert_int_equal(store_report_money(t->db, t->a, x.centre, &fs[0], D(2025, 6, 1), &rows, &n), SC_OK);
	assert_true(report_cell_shown(&rows[0].cell[1]));
	assert_false(report_cell_shown(&rows[1].cell[1]));
}

/* Internships names the 100 employers with the most placements started
 * (then by name) and sums the others in one row. */
static void
test_internships_other_employers(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_centre(t, "Internships of many employers");
	int64_t pid = fx_participant(t, me, "Intern", "active", 0);
	for (int k = 0; k < 102; k++) {
		int64_t e = fx_run_sql("INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at,"
				   " updated_at) VALUES (%lld, '%s%03d', 'e%03d', '92%07d', '56', 1000, 1000) RETURNING id",
				(long long)me, k == 101 ? "Most " : "E", k, k, k);
		for (int i = 0; i < (k == 101 ? 3 : 1); i++)
			fx_run_sql("INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase,"
			       " result, created_at, updated_at) VALUES (%lld, %lld, %lld, '2025-01-01', '2025-02-01', 'agreed',"
			       " %s, 1000, 1000)", (long long)me, (long long)pid, (long long)e, k >= 99 ? "'hired'" : "NULL");
	}
	struct report_area_row *rows;
	size_t n;
	assert_int_equal(store_report_internships(t->db, t->a, me, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 1 + 101);
	assert_int_equal(rows[0].cell[0].n, 104);   /* the industry: every one */
	assert_string_equal(rows[1].label, "Most 101");
	assert_int_equal(rows[1].cell[0].n, 3);
	assert_string_equal(rows[2].label, "E000");
	assert_string_equal(rows[100].label, "E098");
	assert_string_equal(rows[101].label, "Other employers");
	assert_true(rows[101].label_msgid);
	assert_int_equal(rows[101].table, 1);
	assert_int_equal(rows[101].cell[0].n, 2);   /* E099, E100 */
	assert_int_equal(rows[101].cell[1].n, 2);
	assert_int_equal(rows[101].cell[3].n, 2);
	assert_int_equal(rows[101].cell[3].base, 2);
}

/*
 * The periods counted together in SQL (store_report_period_groups()) give
 * Results and the annual report the figures of every period read one by
 * one, under each filter alone and two together; the groups stand for
 * every period of the centre once (their n add up), and none of another
 * centre's.
 */
static void
test_period_groups(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Groups here");
	int64_t other = fx_centre(t, "Groups elsewhere");
	int64_t kari = fx_user(t, "g.kari", ROLE_BIT(ROLE_CONTACT));
	int64_t omar = fx_user(t, "g.omar", ROLE_BIT(ROLE_CONTACT));
	static const char *const genders[] = {"female", "male", "other"};
	static const char *const countries[] = {"Syria", "Eritrea", "Somalia", ""};
	static const char *const outcomes[] = {"employed_full", "employed_part", "education", "other_programme",
					       "moved", "dropped_out", "other"};
	static const char *const results[] = {"employed_full", "employed_part", "education", "unemployed",
					      "unknown", "other_programme", "moved"};
	int64_t periods = 0;
	for (int i = 0; i < 90; i++) {
		int64_t contact = i % 3 == 0 ? 0 : i % 3 == 1 ? kari : omar;
		int64_t pid = fx_participant(t, here, "Grouped", "active", contact);
		char school[8];
		snprintf(school, sizeof school, i % 5 == 0 ? "NULL" : "%d", (i * 7) % 17);
		fx_run_sql("UPDATE participants SET gender = '%s', country_of_birth = '%s', birth_date = '%04d-%02d-%02d',"
		    " schooling_years = %s WHERE id = %lld", genders[i % 3], countries[(i / 3) % 4], 1960 + (i * 11) % 45,
		    1 + i % 12, 1 + (i * 5) % 28, school, (long long)pid);
		int sy = 2021 + i % 5, sm = 1 + (i * 7) % 12;
		bool exited = i % 4 != 3;
		int ey = sy + (i % 3 == 2 ? 1 : 0), em = sm < 12 ? sm + 1 : 12;
		char exit[16], outcome[24];
		snprintf(exit, sizeof exit, exited ? "'%04d-%02d-15'" : "NULL", ey, em);
		snprintf(outcome, sizeof outcome, exited ? "'%s'" : "NULL", outcomes[i % 7]);
		int64_t e = fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date,"
				   " outcome, created_at, updated_at, centre_id) VALUES (%lld, '%04d-%02d-%02d', '2027-01-01',"
				   " '%s', %s, %s, 1, 1, %lld) RETURNING id", (long long)pid, sy, sm, 1 + i % 28,
				exited ? "exited" : "active", exit, outcome, (long long)here);
		periods++;
		if (exited && i % 2 == 0)
			fx_run_sql("INSERT INTO tasks (participant_id, enrolment_id, kind, due_on, done_on, result, result_on,"
			    " centre_id) VALUES (%lld, %lld, 'followup_6m', '2026-01-01', '2026-01-02', '%s', '2026-01-02',"
			    " %lld)", (long long)pid, (long long)e, results[(i / 2) % 7], (long long)here);
		if (exited && i % 3 != 1)
			fx_run_sql("INSERT INTO tasks (participant_id, enrolment_id, kind, due_on, done_on, result, result_on,"
			    " centre_id) VALUES (%lld, %lld, 'followup_12m', '2026-06-01', '2026-06-02', '%s', '2026-06-02',"
			    " %lld)", (long long)pid, (long long)e, results[(i / 3) % 7], (long long)here);
	}
	int64_t opid = fx_participant(t, other, "Grouped", "exited", 0);
	fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date, outcome, created_at,"
	    " updated_at, centre_id) VALUES (%lld, '2023-04-01', '2024-12-01', 'exited', '2024-05-01', 'education', 1,"
	    " 1, %lld)", (long long)opid, (long long)other);
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_facts_verify(t->db, here, &missing, &extra), SC_OK);
	assert_int_equal(missing + extra, 0);

	struct report_period *all = NULL;
	size_t nall = 0, cap = 0;
	assert_int_equal(store_report_periods(t->db, t->a, here, &all, &nall, &cap), SC_OK);
	assert_int_equal((int64_t)nall, periods);

	struct report_filter fs[14];
	for (size_t k = 0; k < 14; k++)
		fields_clear(report_filter_fields, &fs[k]);
	fs[1].gender = "female";
	fs[2].cohort = 2023;
	fs[3].gender = "male";
	fs[3].cohort = 2024;
	fs[4].country = "Eritrea";
	fs[5].age_band = AGE_35_44;
	fs[6].schooling = SCHOOLING_7_9;
	fs[7].contact_id = kari;
	fs[8].exit_year = 2023;
	fs[9].from = D(2022, 3, 1);
	fs[9].to = D(2023, 8, 31);
	fs[10].from = D(2024, 2, 15);
	fs[10].gender = "other";
	fs[11].country = "";   /* no filter: "" is not a country asked for */
	fs[11].age_band = AGE_45_PLUS;
	fs[11].schooling = SCHOOLING_10_12;
	fs[12].contact_id = omar;
	fs[12].exit_year = 2025;
	fs[13].gender = "female";
	fs[13].country = "Somalia";
	for (size_t k = 0; k < 14; k++) {
		char what[32];
		snprintf(what, sizeof what, "filter %zu", k);
		struct report_period *g = NULL;
		size_t ng = 0, gcap = 0;
		assert_int_equal(store_report_period_groups(t->db, t->a, here, &fs[k],
							    REPORT_GROUP_EXITS | REPORT_GROUP_EXIT_DAY, &g, &ng, &gcap),
				 SC_OK);
		struct report one, grouped;
		assert_int_equal(report_results(all, nall, &fs[k], t->a, &one), SC_OK);
		assert_int_equal(report_results(g, ng, &fs[k], t->a, &grouped), SC_OK);
		fx_same_report(&grouped, &one, what);
		g = NULL;
		ng = gcap = 0;
		assert_int_equal(store_report_period_groups(t->db, t->a, here, &fs[k], 0, &g, &ng, &gcap), SC_OK);
		for (int year = 2021; year <= 2026; year++) {
			assert_int_equal(report_annual(all, nall, &fs[k], year, 0, 0, t->a, &one), SC_OK);
			assert_int_equal(report_annual(g, ng, &fs[k], year, 0, 0, t->a, &grouped), SC_OK);
			fx_same_report(&grouped, &one, what);
		}
		if (k == 0) {
			/* every period once, in fewer rows */
			int64_t sum = 0;
			for (size_t i = 0; i < ng; i++)
				sum += g[i].n;
			assert_int_equal(sum, periods);
			assert_true(ng < nall);
		}
	}
	/* the other centre's one period, alone */
	struct report_period *g = NULL;
	size_t ng = 0, gcap = 0;
	assert_int_equal(store_report_period_groups(t->db, t->a, other, &fs[0], 0, &g, &ng, &gcap), SC_OK);
	assert_int_equal(ng, 1);
	assert_int_equal(g[0].n, 1);
	assert_int_equal(g[0].exit_status, RS_EDUCATION);
	assert_int_equal(g[0].exit.y, 2024);
}

/* The filters the kept reports are compared under: none, each alone, two
 * together, and periods. */
#define KEPT_FILTERS 13
static void
kept_filters(struct report_filter fs[KEPT_FILTERS], int64_t kari)
{
	for (size_t k = 0; k < KEPT_FILTERS; k++)
		fields_clear(report_filter_fields, &fs[k]);
	fs[1].gender = "female";
	fs[2].cohort = 2023;
	fs[3].gender = "male";
	fs[3].cohort = 2024;
	fs[4].country = "Eritrea";
	fs[5].age_band = AGE_35_44;
	fs[6].schooling = SCHOOLING_7_9;
	fs[7].contact_id = kari;
	fs[8].from = D(2022, 3, 1);
	fs[8].to = D(2024, 8, 31);
	fs[9].from = D(2024, 2, 15);
	fs[9].gender = "other";
	fs[10].to = D(2025, 3, 14);
	fs[11].gender = "female";
	fs[11].country = "Somalia";
	fs[12].scheme = BENEFIT_KVP;
}

/* The periods of centre under the scheme filter alone, as the reports
 * count them (report_facts.scheme). */
static int64_t
periods_of_scheme(struct fx *t, int64_t centre, int scheme)
{
	struct report_filter f;
	fields_clear(report_filter_fields, &f);
	f.scheme = scheme;
	struct report_period *g = NULL;
	size_t ng = 0, gcap = 0;
	assert_int_equal(store_report_period_groups(t->db, t->a, centre, &f, REPORT_GROUP_JOB, &g, &ng, &gcap), SC_OK);
	int64_t n = 0;
	for (size_t i = 0; i < ng; i++) {
		assert_int_equal(g[i].scheme, scheme);
		n += report_weight(&g[i]);
	}
	return n;
}

/*
 * Time to work, Intake, the participant-days and completers of the costs
 * and the cost-benefit cohorts, from the kept facts counted together in
 * SQL, are the figures of every period and referral read one by one,
 * under every filter of kept_filters(); both kept tables are exact.
 */
static void
same_kept_reports(struct fx *t, int64_t centre, int64_t kari, struct date today, const char *when)
{
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_facts_verify(t->db, centre, &missing, &extra), SC_OK);
	assert_int_equal(missing + extra, 0);
	assert_int_equal(store_report_intake_verify(t->db, centre, &missing, &extra), SC_OK);
	assert_int_equal(missing, 0);
	assert_int_equal(extra, 0);
	struct report_period *all = NULL;
	size_t nall = 0, cap = 0;
	assert_int_equal(store_report_periods_recompute(t->db, t->a, centre, &all, &nall, &cap), SC_OK);
	struct report_referral *refs = NULL;
	size_t nrefs = 0, rcap = 0;
	assert_int_equal(store_report_referrals(t->db, t->a, centre, &refs, &nrefs, &rcap), SC_OK);
	struct report_filter fs[KEPT_FILTERS];
	kept_filters(fs, kari);
	static const int64_t cost_years[] = {2021, 2022, 2023, 2024, 2025};
	static const int64_t costs[] = {100000000, 250000000, 330000000, 410000000, 123456789};
	for (size_t k = 0; k < KEPT_FILTERS; k++) {
		char what[64];
		snprintf(what, sizeof what, "%s, filter %zu", when, k);
		struct report one, kept;
		/* Time to work */
		struct report_period *g = NULL;
		size_t ng = 0, gcap = 0;
		assert_int_equal(store_report_period_groups(t->db, t->a, centre, &fs[k], REPORT_GROUP_JOB, &g, &ng, &gcap),
				 SC_OK);
		assert_int_equal(report_time_to_work(all, nall, &fs[k], t->a, &one), SC_OK);
		assert_int_equal(report_time_to_work(g, ng, &fs[k], t->a, &kept), SC_OK);
		fx_same_report(&kept, &one, what);
		/* Intake */
		g = NULL;
		ng = gcap = 0;
		assert_int_equal(store_report_period_groups(t->db, t->a, centre, &fs[k], REPORT_GROUP_WAIT, &g, &ng,
							    &gcap), SC_OK);
		struct date ends[12];
		report_month_ends(report_intake_until(&fs[k], today), ends);
		struct report_referral *rg = NULL;
		size_t nrg = 0, rgcap = 0;
		assert_int_equal(store_report_referral_groups(t->db, t->a, centre, &fs[k], ends[0], ends[11], &rg, &nrg,
							      &rgcap), SC_OK);
		assert_int_equal(report_intake(all, nall, refs, nrefs, &fs[k], today, t->a, &one), SC_OK);
		assert_int_equal(report_intake(g, ng, rg, nrg, &fs[k], today, t->a, &kept), SC_OK);
		fx_same_report(&kept, &one, what);
		/* the glance's median wait of a year's starts, from the groups of
		 * the year (as app_glance() reads them) */
		for (int y = 2021; y <= 2025; y++) {
			struct report_filter fy = fs[k];
			if (fy.cohort == FIELD_NONE)
				fy.cohort = y;
			g = NULL;
			ng = gcap = 0;
			assert_int_equal(store_report_period_groups(t->db, t->a, centre, &fy, REPORT_GROUP_WAIT, &g, &ng,
								    &gcap), SC_OK);
			int64_t t1 = -1, p1 = -1, t2 = -2, p2 = -2;
			bool k1 = report_median_wait(all, nall, &fs[k], y, t->a, &t1, &p1);
			bool k2 = report_median_wait(g, ng, &fy, y, t->a, &t2, &p2);
			if (k1 != k2 || t1 != t2 || p1 != p2)
				fail_msg("%s: median wait of %d: %d %lld of %lld, not %d %lld of %lld", what, y, k2,
					 (long long)t2, (long long)p2, k1, (long long)t1, (long long)p1);
		}
		/* the costs and the cost-benefit account */
		g = NULL;
		ng = gcap = 0;
		assert_int_equal(store_report_period_sums(t->db, t->a, centre, &fs[k], today, &g, &ng, &gcap), SC_OK);
		for (int y = 2020; y <= 2026; y++) {
			if (report_participant_days(g, ng, &fs[k], y, today) !=
			    report_participant_days(all, nall, &fs[k], y, today))
				fail_msg("%s: participant-days of %d: %lld, not %lld", what, y,
					 (long long)report_participant_days(g, ng, &fs[k], y, today),
					 (long long)report_participant_days(all, nall, &fs[k], y, today));
			assert_int_equal(report_completers_in(g, ng, &fs[k], y), report_completers_in(all, nall, &fs[k], y));
		}
		struct report_cb_cohort *c1, *c2;
		size_t n1, n2;
		assert_int_equal(report_cb_cohorts(all, nall, &fs[k], cost_years, costs, 5, today, t->a, &c1, &n1), SC_OK);
		assert_int_equal(report_cb_cohorts(g, ng, &fs[k], cost_years, costs, 5, today, t->a, &c2, &n2), SC_OK);
		assert_int_equal(n2, n1);
		for (size_t i = 0; i < n1; i++) {
			assert_int_equal(c2[i].year, c1[i].year);
			assert_int_equal(c2[i].exits, c1[i].exits);
			assert_int_equal(c2[i].in_work, c1[i].in_work);
			assert_int_equal(c2[i].cost, c1[i].cost);
		}
	}
}

/*
 * Caseloads from the kept rows of migration 31 (today's periods by contact
 * person, the changes from caseload_months and the spans) are the figures
 * of every period and assignment read one by one, under every filter of
 * kept_filters(), on a day in a month, on a month's last and first day;
 * both kept tables are exact.
 */
static void
same_caseloads(struct fx *t, int64_t centre, int64_t kari, const char *when)
{
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_caseload_verify(t->db, centre, &missing, &extra), SC_OK);
	if (missing != 0 || extra != 0)
		fail_msg("%s: the kept caseloads differ from their views: %lld missing, %lld extra", when,
			 (long long)missing, (long long)extra);
	struct report_period *all = NULL;
	size_t nall = 0, cap = 0;
	assert_int_equal(store_report_periods_recompute(t->db, t->a, centre, &all, &nall, &cap), SC_OK);
	struct report_assignment *as;
	size_t na;
	assert_int_equal(store_report_assignments(t->db, t->a, centre, &as, &na), SC_OK);
	struct report_change *ch;
	size_t nch;
	assert_int_equal(report_caseload_changes(all, nall, as, na, t->a, &ch, &nch), SC_OK);
	struct report_contact *contacts;
	size_t ncontacts;
	assert_int_equal(store_report_contacts(t->db, t->a, centre, &contacts, &ncontacts), SC_OK);
	assert_int_equal(ncontacts, 2);
	struct report_filter fs[KEPT_FILTERS];
	kept_filters(fs, kari);
	static const struct date days[] = {{2025, 6, 15}, {2025, 5, 31}, {2025, 7, 1}, {2024, 1, 1}};
	for (size_t d = 0; d < sizeof days / sizeof days[0]; d++)
		for (size_t k = 0; k < KEPT_FILTERS; k++) {
			char what[80];
			snprintf(what, sizeof what, "%s, Caseloads on day %zu, filter %zu", when, d, k);
			struct report_period *g = NULL;
			size_t ng = 0, gcap = 0;
			int rc = store_report_caseload_now(t->db, t->a, centre, &fs[k], days[d], &g, &ng, &gcap);
			if (rc != SC_OK)
				fail_msg("%s: %s", what, store_errmsg(t->db));
			struct report_change *kc = NULL;
			size_t nkc = 0, kcap = 0;
			if (fs[k].scheme >= 0) {
				/* no kept changes keep the scheme: the store refuses, the
				 * report counts the rows (app_report()) */
				assert_int_equal(store_report_caseload_changes(t->db, t->a, centre, &fs[k], days[d], &kc,
									       &nkc, &kcap), SC_EINVAL);
				kc = ch;
				nkc = nch;
			} else {
				assert_int_equal(store_report_caseload_changes(t->db, t->a, centre, &fs[k], days[d], &kc,
									       &nkc, &kcap), SC_OK);
			}
			struct report one, kept;
			assert_int_equal(report_caseloads(all, nall, ch, nch, contacts, ncontacts, &fs[k], days[d], t->a, &one),
					 SC_OK);
			assert_int_equal(report_caseloads(g, ng, kc, nkc, contacts, ncontacts, &fs[k], days[d], t->a, &kept),
					 SC_OK);
			fx_same_report(&kept, &one, what);
			/* at each month's end, as every period and assignment say it */
			struct date ends[12];
			report_month_ends(days[d], ends);
			for (size_t m = 0; m < 12; m++) {
				int64_t active = 0, assigned = 0;
				for (size_t i = 0; i < nall; i++) {
					const struct report_period *x = &all[i];
					if (date_cmp(x->start, ends[m]) > 0 || (x->exit.y != 0 && date_cmp(x->exit, ends[m]) <= 0) ||
					    !report_period_matches(&fs[k], x))
						continue;
					active++;
					for (size_t j = 0; j < na; j++)
						if (as[j].participant_id == x->participant_id && date_cmp(as[j].from, ends[m]) <= 0 &&
						    (as[j].to.y == 0 || date_cmp(as[j].to, ends[m]) > 0)) {
							assigned++;
							break;
						}
				}
				const struct report_table *w = &kept.tables[1];
				assert_int_equal(w->cells[m * w->ncols].n, active);
				assert_int_equal(w->cells[m * w->ncols + 1].n, assigned);
			}
		}
}

/*
 * The kept facts of migration 26 (report_facts' days, intake_facts) on a
 * centre of 60 referrals and periods with every case of the rules: jobs at
 * exit and at follow-ups (one before the start), referrals screened once,
 * twice and never, on the waiting list across the year counted and in its
 * last month, a start after today. The reports from them equal the ones
 * from every row; then records change (a follow-up's result, an event's
 * day, a screening taken back, a participant's gender and contact person,
 * a referral's source, a period removed) and they still do. Another
 * centre's rows count nowhere. The groups kept counted (migration 32:
 * what most of the filters read) follow every change, and a kept row
 * changed in SQL too.
 */
static void
test_kept_reports(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Kept here");
	int64_t other = fx_centre(t, "Kept elsewhere");
	int64_t kari = fx_user(t, "k.kari", ROLE_BIT(ROLE_CONTACT));
	int64_t omar = fx_user(t, "k.omar", ROLE_BIT(ROLE_CONTACT));
	/* both contact persons here too: Caseloads lists them */
	fx_run_sql("INSERT INTO centre_members (user_id, centre_id, roles) VALUES (%lld, %lld, %d), (%lld, %lld, %d)",
	    (long long)kari, (long long)here, (int)ROLE_BIT(ROLE_CONTACT), (long long)omar, (long long)here,
	    (int)ROLE_BIT(ROLE_CONTACT));
	struct date today = D(2025, 6, 15);
	static const char *const genders[] = {"female", "male", "other"};
	static const char *const countries[] = {"Syria", "Eritrea", "Somalia", ""};
	static const char *const sources[] = {"nav", "intro", "self", "other"};
	static const char *const rules[] = {"age", "intro_ended", "not_enrolled", "lawful_residence"};
	static const char *const outcomes[] = {"employed_full", "employed_part", "education", "moved", "dropped_out",
					       "other", "employed_full"};
	static const char *const results[] = {"employed_full", "unemployed", "employed_part", "education",
					      "unknown", "employed_full", "moved"};
	static const char *const leaves[] = {"accepted", "declined", "withdrawn", "ineligible"};
	int64_t pids[60], refs[60], enrols[60], task6 = 0, screening = 0, event = 0;
	for (int i = 0; i < 60; i++) {
		int64_t contact = i % 3 == 0 ? 0 : i % 3 == 1 ? kari : omar;
		int64_t pid = fx_participant(t, here, "Kept", "active", contact);
		pids[i] = pid;
		char school[8];
		snprintf(school, sizeof school, i % 5 == 0 ? "NULL" : "%d", (i * 7) % 17);
		fx_run_sql("UPDATE participants SET gender = '%s', country_of_birth = '%s', birth_date = '%04d-%02d-%02d',"
		    " schooling_years = %s WHERE id = %lld", genders[i % 3], countries[(i / 3) % 4], 1960 + (i * 11) % 45,
		    1 + i % 12, 1 + (i * 5) % 28, school, (long long)pid);
		/* referred from 2021 to today's month */
		struct date ref = date_add_days(D(2021, 1, 10), i * 26);
		char rd[11];
		date_format(ref, rd);
		int64_t r = fx_run_sql("INSERT INTO referrals (participant_id, source, referred_on, created_at, updated_at,"
				   " centre_id) VALUES (%lld, '%s', '%s', 1, 1, %lld) RETURNING id", (long long)pid,
				sources[i % 4], rd, (long long)here);
		refs[i] = r;
		if (i % 4 != 0) {
			char wd[11], ld[11];
			date_format(date_add_days(ref, 3 + i % 5), wd);
			event = fx_run_sql("INSERT INTO referral_events (referral_id, at, on_date, from_state, to_state,"
				       " centre_id) VALUES (%lld, 1, '%s', 'new', 'waiting', %lld) RETURNING id",
				    (long long)r, wd, (long long)here);
			if (i % 3 != 0) {
				/* left the list 20 to 200 days later: some in June 2025, before and after the 15th */
				date_format(date_add_days(ref, 20 + (i * 37) % 180), ld);
				fx_run_sql("INSERT INTO referral_events (referral_id, at, on_date, from_state, to_state,"
				    " centre_id) VALUES (%lld, 2, '%s', 'waiting', '%s', %lld)", (long long)r, ld,
				    leaves[i % 4], (long long)here);
			}
		}
		for (int batch = 0; batch < i % 3; batch++)
			for (int k = 0; k < 4; k++)
				if ((i + k + batch) % 3 != 0)
					screening = fx_run_sql("INSERT INTO screening_results (referral_id, rule, pass, screened_at,"
							   " centre_id) VALUES (%lld, '%s', %d, %d, %lld) RETURNING id",
							(long long)r, rules[k], (i + k * batch) % 2, 100 + batch * 100,
							(long long)here);
		if (i % 7 == 6) {
			enrols[i] = 0;
			continue;   /* still referred */
		}
		/* started 0 to 90 days after the referral; one after today */
		struct date start = i == 58 ? D(2025, 7, 1) : date_add_days(ref, (i * 13) % 91);
		bool exited = i % 4 != 3 && i != 58;
		struct date exit = date_add_days(start, 100 + (i * 17) % 400);
		if (date_cmp(exit, today) > 0)
			exited = false;
		char sd[11], ed[16], outcome[24];
		date_format(start, sd);
		if (exited) {
			char e[11];
			date_format(exit, e);
			snprintf(ed, sizeof ed, "'%s'", e);
			snprintf(outcome, sizeof outcome, "'%s'", outcomes[i % 7]);
		} else {
			snprintf(ed, sizeof ed, "NULL");
			snprintf(outcome, sizeof outcome, "NULL");
		}
		int64_t e = fx_run_sql("INSERT INTO enrolments (participant_id, referral_id, start_date, planned_end, status,"
				   " exit_date, outcome, created_at, updated_at, centre_id) VALUES (%lld, %lld, '%s',"
				   " '2027-01-01', '%s', %s, %s, 1, 1, %lld) RETURNING id", (long long)pid, (long long)r, sd,
				exited ? "exited" : "active", ed, outcome, (long long)here);
		enrols[i] = e;
		if (exited && i % 2 == 0) {
			char od[11];
			/* one found in work before the start: no job counted */
			date_format(i == 8 ? date_add_days(start, -5) : date_add_days(exit, 150 + i), od);
			task6 = fx_run_sql("INSERT INTO tasks (participant_id, enrolment_id, kind, due_on, done_on, result,"
				       " result_on, centre_id) VALUES (%lld, %lld, 'followup_6m', '%s', '%s', '%s', '%s',"
				       " %lld) RETURNING id", (long long)pid, (long long)e, od, od, results[(i / 2) % 7], od,
				    (long long)here);
		}
		if (exited && i % 3 != 1) {
			char od[11];
			date_format(date_add_days(exit, 360 + i), od);
			fx_run_sql("INSERT INTO tasks (participant_id, enrolment_id, kind, due_on, done_on, result, result_on,"
			    " centre_id) VALUES (%lld, %lld, 'followup_12m', '%s', '%s', '%s', NULL, %lld)", (long long)pid,
			    (long long)e, od, od, results[(i / 3) % 7], (long long)here);
		}
	}
	/* another centre's referral and period: nowhere here */
	int64_t opid = fx_participant(t, other, "Kept", "exited", 0);
	int64_t oref = fx_run_sql("INSERT INTO referrals (participant_id, source, referred_on, created_at, updated_at,"
			      " centre_id) VALUES (%lld, 'nav', '2024-01-02', 1, 1, %lld) RETURNING id", (long long)opid,
			   (long long)other);
	fx_run_sql("INSERT INTO referral_events (referral_id, at, on_date, from_state, to_state, centre_id) VALUES (%lld,"
	    " 1, '2024-01-03', 'new', 'waiting', %lld)", (long long)oref, (long long)other);
	fx_run_sql("INSERT INTO enrolments (participant_id, referral_id, start_date, planned_end, status, exit_date, outcome,"
	    " created_at, updated_at, centre_id) VALUES (%lld, %lld, '2024-02-01', '2025-12-01', 'exited', '2024-09-01',"
	    " 'employed_full', 1, 1, %lld)", (long long)opid, (long long)oref, (long long)other);

	/* the contact persons' assignments: one each from the referral on; a
	 * move (one ended as the next starts), one ended, and two overlapping */
	int64_t moved = 0, ended = 0;
	for (int i = 0; i < 60; i++) {
		if (i % 3 == 0)
			continue;
		int64_t from = date_to_days(date_add_days(D(2021, 1, 10), i * 26 + 2)) * 86400 + 3600 * (i % 24);
		int64_t who = i % 3 == 1 ? kari : omar;
		if (i % 5 == 1) {
			/* moved on 200 days later, the same day as the first ended */
			int64_t at = from + 200 * 86400;
			fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, to_at, centre_id) VALUES (%lld,"
			    " %lld, %lld, %lld, %lld)", (long long)pids[i], (long long)omar, (long long)from, (long long)at,
			    (long long)here);
			moved = fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, centre_id) VALUES"
				       " (%lld, %lld, %lld, %lld) RETURNING id", (long long)pids[i], (long long)kari,
				    (long long)at, (long long)here);
		} else if (i % 5 == 2) {
			ended = fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, to_at, centre_id) VALUES"
				       " (%lld, %lld, %lld, %lld, %lld) RETURNING id", (long long)pids[i], (long long)who,
				    (long long)from, (long long)(from + 90 * 86400), (long long)here);
		} else if (i % 5 == 3) {
			/* two at once: the later inside the earlier, then past it */
			fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, to_at, centre_id) VALUES (%lld,"
			    " %lld, %lld, %lld, %lld)", (long long)pids[i], (long long)who, (long long)from,
			    (long long)(from + 300 * 86400), (long long)here);
			fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, to_at, centre_id) VALUES (%lld,"
			    " %lld, %lld, %lld, %lld)", (long long)pids[i], (long long)kari, (long long)(from + 40 * 86400),
			    (long long)(from + 100 * 86400), (long long)here);
			fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, centre_id) VALUES (%lld, %lld,"
			    " %lld, %lld)", (long long)pids[i], (long long)omar, (long long)(from + 250 * 86400),
			    (long long)here);
		} else {
			fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, centre_id) VALUES (%lld, %lld,"
			    " %lld, %lld)", (long long)pids[i], (long long)who, (long long)from, (long long)here);
		}
	}
	/* another centre's assignment: nowhere here */
	fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, centre_id) VALUES (%lld, %lld, 1704153600,"
	    " %lld)", (long long)opid, (long long)kari, (long long)other);
	/* a quarter of the periods on the qualification programme's scheme; the
	 * others on the centre's default (none set: bergen) */
	int64_t kvp = 0, periods = 0;
	for (int i = 0; i < 60; i++) {
		if (enrols[i] == 0)
			continue;
		periods++;
		if (i % 4 == 1) {
			fx_run_sql("UPDATE enrolments SET scheme = 'kvp' WHERE id = %lld", (long long)enrols[i]);
			kvp++;
		}
	}
	assert_int_equal(kvp, 13);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_KVP), 13);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_BERGEN), periods - 13);
	assert_int_equal(periods_of_scheme(t, other, BENEFIT_BERGEN), 1);
	same_caseloads(t, here, kari, "as made");
	same_kept_reports(t, here, kari, today, "as made");

	/* the groups stand for every row once */
	struct report_filter none;
	fields_clear(report_filter_fields, &none);
	struct report_referral *rg = NULL;
	size_t nrg = 0, rgcap = 0;
	assert_int_equal(store_report_referral_groups(t->db, t->a, here, &none, D(2024, 6, 30), today, &rg, &nrg, &rgcap),
			 SC_OK);
	int64_t referred = 0;
	for (size_t i = 0; i < nrg; i++)
		referred += rg[i].list_only ? 0 : rg[i].n;
	assert_int_equal(referred, 60);
	/* the other centre: its one referral and period */
	rg = NULL;
	nrg = rgcap = 0;
	assert_int_equal(store_report_referral_groups(t->db, t->a, other, &none, D(2024, 1, 31), D(2024, 12, 31), &rg,
						      &nrg, &rgcap), SC_OK);
	assert_int_equal(nrg, 2);
	assert_int_equal(rg[0].n + rg[1].n, 2);
	struct report_period *g = NULL;
	size_t ng = 0, gcap = 0;
	assert_int_equal(store_report_period_groups(t->db, t->a, other, &none, REPORT_GROUP_JOB, &g, &ng, &gcap), SC_OK);
	assert_int_equal(ng, 1);
	assert_int_equal(g[0].n, 1);
	assert_int_equal(g[0].job_days, 213);   /* 1 February to 1 September 2024 */

	/* the records change: the kept rows follow in the same transaction */
	fx_run_sql("UPDATE tasks SET result = 'employed_part', result_on = '2025-01-01' WHERE id = %lld", (long long)task6);
	fx_run_sql("UPDATE referral_events SET on_date = '2025-06-14' WHERE id = %lld", (long long)event);
	fx_run_sql("DELETE FROM screening_results WHERE id = %lld", (long long)screening);
	fx_run_sql("UPDATE participants SET gender = 'female', contact_id = %lld WHERE id = %lld", (long long)omar,
	    (long long)pids[10]);
	fx_run_sql("UPDATE referrals SET source = 'self', referred_on = '2023-03-03' WHERE id = %lld", (long long)refs[21]);
	fx_run_sql("UPDATE enrolments SET exit_date = '2025-06-15', outcome = 'employed_full', status = 'exited'"
	    " WHERE id = %lld", (long long)enrols[15]);
	fx_run_sql("DELETE FROM tasks WHERE enrolment_id = %lld", (long long)enrols[12]);
	fx_run_sql("DELETE FROM enrolments WHERE id = %lld", (long long)enrols[12]);
	/* an assignment moved to another day and person, one ended, one taken back; a period's start moved */
	fx_run_sql("UPDATE assignments SET contact_id = %lld, from_at = from_at - 45 * 86400 WHERE id = %lld",
	    (long long)omar, (long long)moved);
	fx_run_sql("UPDATE assignments SET to_at = 1749859200 WHERE participant_id = %lld AND to_at IS NULL",
	    (long long)pids[20]);   /* 2025-06-14 */
	fx_run_sql("DELETE FROM assignments WHERE id = %lld", (long long)ended);
	fx_run_sql("UPDATE enrolments SET start_date = '2025-05-20' WHERE id = %lld", (long long)enrols[44]);
	same_caseloads(t, here, kari, "after the changes");
	same_kept_reports(t, here, kari, today, "after the changes");

	/* a kept row changed in SQL (a repair): the counts of its groups follow
	 * (the row then differs from its facts, and the verify says so: the
	 * row and nothing of the groups), and follow it back */
	int64_t missing = -1, extra = -1;
	fx_run_sql("UPDATE report_facts SET gender = 'other', exit_day = NULL WHERE enrolment_id = %lld",
	    (long long)enrols[22]);
	fx_run_sql("UPDATE intake_facts SET country = 'Eritrea', waiting_to = '2025-06-01' WHERE referral_id = %lld",
	    (long long)refs[21]);
	assert_int_equal(store_report_facts_verify(t->db, here, &missing, &extra), SC_OK);
	assert_int_equal(missing, 1);
	assert_int_equal(extra, 1);
	assert_int_equal(store_report_intake_verify(t->db, here, &missing, &extra), SC_OK);
	assert_int_equal(missing, 1);
	assert_int_equal(extra, 1);
	fx_run_sql("DELETE FROM report_facts WHERE enrolment_id = %lld", (long long)enrols[22]);
	fx_run_sql("INSERT INTO report_facts SELECT * FROM report_facts_source WHERE enrolment_id = %lld",
	    (long long)enrols[22]);
	fx_run_sql("DELETE FROM intake_facts WHERE referral_id = %lld", (long long)refs[21]);
	fx_run_sql("INSERT INTO intake_facts SELECT * FROM intake_facts_source WHERE referral_id = %lld",
	    (long long)refs[21]);
	same_kept_reports(t, here, kari, today, "after a repair");
	same_caseloads(t, here, kari, "after a repair");

	/* the centre's default scheme: the periods without one of their own
	 * follow it (here 47 less the one deleted above); the freeze before a
	 * change of the default (app_benefit_settings_save()) keeps each
	 * period's scheme as it was */
	int64_t own = periods_of_scheme(t, here, BENEFIT_KVP);
	int64_t all_here = own + periods_of_scheme(t, here, BENEFIT_BERGEN);
	assert_int_equal(all_here, periods - 1);
	fx_run_sql("INSERT INTO benefit_settings (centre_id, default_scheme, updated_at) VALUES (%lld, 'kvp', 1)",
	    (long long)here);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_KVP), all_here);
	assert_int_equal(periods_of_scheme(t, other, BENEFIT_KVP), 0);
	same_kept_reports(t, here, kari, today, "under the default kvp");
	fx_run_sql("UPDATE enrolments SET scheme = 'kvp' WHERE centre_id = %lld AND scheme IS NULL", (long long)here);
	fx_run_sql("UPDATE benefit_settings SET default_scheme = 'bergen' WHERE centre_id = %lld", (long long)here);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_KVP), all_here);
	fx_run_sql("UPDATE enrolments SET scheme = NULL WHERE id = %lld", (long long)enrols[1]);
	fx_run_sql("UPDATE enrolments SET scheme = 'bergen' WHERE id = %lld", (long long)enrols[2]);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_KVP), all_here - 2);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_BERGEN), 2);
	fx_run_sql("DELETE FROM benefit_settings WHERE centre_id = %lld", (long long)here);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_KVP), all_here - 2);
	same_caseloads(t, here, kari, "after the schemes changed");
	same_kept_reports(t, here, kari, today, "after the schemes changed");
}

/* The periods' age at their start, kept in SQL (report_facts.age,
 * migration 49), is date_age_on()'s on its edges: the birthday on the
 * start day, the day before and after, 29 February births in common and
 * leap years, the turn of the year, a start before the birth and on it;
 * and it follows a birth date corrected. The groups of an age band
 * (store_report_period_groups()) count them so. */
static const char sql_facts_age[] = "SELECT age FROM report_facts WHERE enrolment_id = $1";

static int64_t
facts_age(struct fx *t, int64_t enrolment)
{
	struct db_stmt *st = db_prepare(t->db, sql_facts_age);
	assert_non_null(st);
	db_bind_int(st, 1, enrolment);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t age = db_col_int(st, 0);
	db_done(st);
	return age;
}

static void
test_report_ages(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Ages here");
	static const struct { struct date birth, start; } cs[] = {
		{{1990, 6, 15}, {2025, 6, 15}}, {{1990, 6, 15}, {2025, 6, 14}}, {{1990, 6, 15}, {2025, 6, 16}},
		{{1990, 6, 15}, {2025, 5, 31}}, {{1990, 6, 15}, {2025, 7, 1}},
		{{1988, 2, 29}, {2023, 2, 28}}, {{1988, 2, 29}, {2023, 3, 1}}, {{1988, 2, 29}, {2024, 2, 28}},
		{{1988, 2, 29}, {2024, 2, 29}}, {{1988, 2, 29}, {2024, 3, 1}}, {{1987, 3, 1}, {2024, 2, 29}},
		{{1987, 2, 28}, {2024, 2, 29}}, {{1999, 12, 31}, {2024, 1, 1}}, {{2000, 1, 1}, {2024, 12, 31}},
		{{2000, 1, 1}, {2025, 1, 1}}, {{2025, 3, 1}, {2025, 2, 28}}, {{2025, 3, 1}, {2025, 3, 1}},
		{{1980, 10, 2}, {2024, 10, 1}}, {{1980, 10, 2}, {2024, 10, 2}}, {{1979, 1, 31}, {2024, 2, 1}},
		{{1981, 1, 1}, {2025, 12, 31}}, {{1980, 12, 31}, {2025, 12, 31}},
	};
	enum { NC = sizeof cs / sizeof cs[0] };
	int64_t pid[NC], enrolment[NC];
	for (int i = 0; i < NC; i++) {
		char birth[11], start[11];
		date_format(cs[i].birth, birth);
		date_format(cs[i].start, start);
		pid[i] = fx_participant(t, here, "Aged", "active", 0);
		fx_run_sql("UPDATE participants SET birth_date = '%s' WHERE id = %lld", birth, (long long)pid[i]);
		enrolment[i] = fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at,"
				      " updated_at, centre_id) VALUES (%lld, '%s', '2027-01-01', 'active', 1, 1, %lld)"
				      " RETURNING id", (long long)pid[i], start, (long long)here);
	}
	for (int i = 0; i < NC; i++)
		if (facts_age(t, enrolment[i]) != date_age_on(cs[i].birth, cs[i].start))
			fail_msg("case %d: %lld in SQL, %d by date_age_on()", i, (long long)facts_age(t, enrolment[i]),
				 date_age_on(cs[i].birth, cs[i].start));
	/* a birth date corrected: the period's age follows (34 on 2025-06-15) */
	fx_run_sql("UPDATE participants SET birth_date = '1991-06-16' WHERE id = %lld", (long long)pid[0]);
	assert_int_equal(facts_age(t, enrolment[0]), 33);
	/* the 35-44 band: cases 0 (34, now 33) out; the groups count the others
	 * of 35 to 44 at their start, as the periods one by one do */
	struct report_filter f;
	fields_clear(report_filter_fields, &f);
	f.age_band = AGE_35_44;
	struct report_period *g = NULL, *all = NULL;
	size_t ng = 0, gcap = 0, nall = 0, acap = 0;
	assert_int_equal(store_report_period_groups(t->db, t->a, here, &f, 0, &g, &ng, &gcap), SC_OK);
	assert_int_equal(store_report_periods(t->db, t->a, here, &all, &nall, &acap), SC_OK);
	int64_t grouped = 0, one = 0;
	for (size_t i = 0; i < ng; i++)
		grouped += report_period_matches(&f, &g[i]) ? report_weight(&g[i]) : 0;
	for (size_t i = 0; i < nall; i++)
		one += report_period_matches(&f, &all[i]) ? 1 : 0;
	/* 1990-06-15 at 2025-06-16 and 2025-07-01 (35; the 14th and 31 May:
	 * 34); 1988-02-29 at 2023-03-01 (35; the 28th: 34) and on the three
	 * days of 2024 (35, 36, 36); 1987 (36, 37); 1980-10-02 (43, 44);
	 * 1981-01-01 at 2025-12-31 (44); not 1979 or 1980-12-31 (45) */
	assert_int_equal(one, 11);
	assert_int_equal(grouped, one);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_periods),
		FX_TEST(test_late_followups),
		FX_TEST(test_costs),
		FX_TEST(test_referrals),
		FX_TEST(test_caseload_rows),
		FX_TEST(test_kept_reports),
		FX_TEST(test_task_result),
		FX_TEST(test_year_starts_exits),
		FX_TEST(test_period_groups),
		FX_TEST(test_benefits_paid),
		FX_TEST(test_money),
		FX_TEST(test_internships),
		FX_TEST(test_attendance),
		FX_TEST(test_attendance_recount),
		FX_TEST(test_norwegian),
		FX_TEST(test_internships_filtered),
		FX_TEST(test_norwegian_filtered),
		FX_TEST(test_money_filtered),
		FX_TEST(test_internships_other_employers),
		FX_TEST(test_report_ages),
	};
	return fx_run("test_store_report", tests, sizeof tests / sizeof tests[0]);
}
