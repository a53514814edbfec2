/*
 * test_store_report.c — what the reports read (store_report.c), on both
 * engines: a programme period with its referral and follow-up results, the
 * follow-ups registered late, the costs per year and their versions, the
 * referrals with the latest screening and their days on the waiting list,
 * assignments and contact persons; a follow-up's result with its
 * part-time percentage, source and day (store_task.c); and never anything
 * of another centre. The kept counts are tested in
 * test_store_report_kept.c, the other areas' reports in
 * test_store_report_areas.c (Money, Internships, Norwegian) and
 * test_store_report_attendance.c.
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
	fx_run_sql("UPDATE participants SET contact_until = '2025-03-14' WHERE id = %lld", (long long)pid);
	/* exited, their contact ended yesterday: the late follow-up is no longer
	 * mine to record (I cannot open them), only on everyone's list */
	int64_t gone = fx_participant(t, 1, "Lategone", "exited", me);
	fx_run_sql("UPDATE participants SET contact_until = '2025-03-13' WHERE id = %lld", (long long)gone);
	int64_t ended = fx_run_sql("INSERT INTO tasks (participant_id, kind, due_on, assignee_id, centre_id) VALUES (%lld,"
				   " 'followup_12m', '2025-01-11', %lld, 1) RETURNING id", (long long)gone, (long long)me);
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
	assert_int_equal(store_followups_late(t->db, t->a, 1, me, D(2025, 3, 14), D(2025, 2, 12), 10, &items, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].task_id, late);
	assert_string_equal(items[0].kind, "followup_6m");
	assert_string_equal(items[0].participant_name, "Amina Lateone");
	assert_int_equal(date_cmp(items[0].due_on, D(2025, 1, 10)), 0);
	/* everyone's: by due date */
	assert_int_equal(store_followups_late(t->db, t->a, 1, 0, D(2025, 3, 14), D(2025, 2, 12), 10, &items, &n, &total), SC_OK);
	assert_int_equal(total, 3);
	assert_int_equal(items[0].task_id, yours);
	assert_int_equal(items[1].task_id, late);
	assert_int_equal(items[2].task_id, ended);
	/* the count alone */
	assert_int_equal(store_followups_late(t->db, t->a, 1, 0, D(2025, 3, 14), D(2025, 2, 12), 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 0);
	/* the other centre: its own one */
	assert_int_equal(store_followups_late(t->db, t->a, other, 0, D(2025, 3, 14), D(2025, 2, 12), 10, &items, &n, &total), SC_OK);
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

	enum { NF = 27 };
	struct report_filter fs[NF];
	for (size_t k = 0; k < NF; k++)
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
	/* an age band with a gender, a cohort or an exit year (the groups by
	 * age, migration 53), and with a country (the periods) */
	fs[14].age_band = AGE_35_44;
	fs[14].gender = "female";
	fs[15].age_band = AGE_25_34;
	fs[15].cohort = 2023;
	fs[16].age_band = AGE_35_44;
	fs[16].exit_year = 2024;
	fs[17].age_band = AGE_35_44;
	fs[17].country = "Somalia";
	/* a schooling band with a gender, a cohort or an exit year, its open
	 * end (the groups by schooling, migration 59), and with a country (the
	 * periods) */
	fs[18].schooling = SCHOOLING_0_6;
	fs[18].gender = "female";
	fs[19].schooling = SCHOOLING_13_PLUS;
	fs[19].cohort = 2022;
	fs[20].schooling = SCHOOLING_10_12;
	fs[20].exit_year = 2024;
	fs[21].schooling = SCHOOLING_7_9;
	fs[21].country = "Somalia";
	/* a period of one day, the day of exits (the range of the day read,
	 * migration 64: both ends in it), and periods with a band and with a
	 * band and a contact person */
	fs[22].from = D(2021, 2, 15);
	fs[22].to = D(2021, 2, 15);
	fs[23].from = D(2022, 3, 1);
	fs[23].to = D(2025, 8, 31);
	fs[23].age_band = AGE_35_44;
	fs[24].from = D(2021, 1, 1);
	fs[24].schooling = SCHOOLING_7_9;
	fs[24].contact_id = kari;
	/* periods with a country, and with a cohort and an exit year (the
	 * exits kept by day, migration 67) */
	fs[25].from = D(2022, 1, 1);
	fs[25].to = D(2024, 12, 31);
	fs[25].country = "Eritrea";
	fs[26].to = D(2024, 6, 30);
	fs[26].cohort = 2023;
	fs[26].exit_year = 2024;
	for (size_t k = 0; k < NF; k++) {
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
		if (k >= 25 && report_at(&grouped.tables[0], 0, 0)->n == 0)
			fail_msg("%s: no exit in the period", what);   /* not two empty reports */
		g = NULL;
		ng = gcap = 0;
		assert_int_equal(store_report_period_groups(t->db, t->a, here, &fs[k], 0, &g, &ng, &gcap), SC_OK);
		for (int year = 2021; year <= 2026; year++) {
			assert_int_equal(report_annual(all, nall, &fs[k], year, 0, 0, t->a, &one), SC_OK);
			assert_int_equal(report_annual(g, ng, &fs[k], year, 0, 0, t->a, &grouped), SC_OK);
			fx_same_report(&grouped, &one, what);
		}
		if (k >= 14) {
			/* each band filter counts someone, so that the comparison
			 * above is not of two empty reports */
			int64_t in_band = 0;
			for (size_t i = 0; i < ng; i++)
				in_band += report_period_matches(&fs[k], &g[i]) ? report_weight(&g[i]) : 0;
			if (in_band == 0)
				fail_msg("%s: nobody in the band", what);
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

/* Intake of a centre with no referral under the open-ended bands (45 and
 * over, 13 years of schooling or more): the waiting list walks each age or
 * year of the band up to the centre's greatest, and with none walks none
 * (it once walked to the end of the integers: the request never ended). */
static void
test_referrals_none_open_bands(void **state)
{
	struct fx *t = *state;
	int64_t empty = fx_centre(t, "No referrals");
	struct report_filter f;
	for (int k = 0; k < 3; k++) {
		fields_clear(report_filter_fields, &f);
		f.age_band = k != 1 ? AGE_45_PLUS : -1;
		f.schooling = k != 0 ? SCHOOLING_13_PLUS : -1;
		struct report_referral *rg = NULL;
		size_t nrg = 0, rgcap = 0;
		assert_int_equal(store_report_referral_groups(t->db, t->a, empty, &f, D(2024, 1, 31), D(2024, 12, 31), &rg,
							      &nrg, &rgcap), SC_OK);
		assert_int_equal(nrg, 0);
	}
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
		FX_TEST(test_task_result),
		FX_TEST(test_year_starts_exits),
		FX_TEST(test_period_groups),
		FX_TEST(test_benefits_paid),
		FX_TEST(test_report_ages),
		FX_TEST(test_referrals_none_open_bands),
	};
	return fx_run("test_store_report", tests, sizeof tests / sizeof tests[0]);
}
