/*
 * test_store_benefit_run.c — the monthly run on both engines (issue 11,
 * decisions 52–53): a run of a month with its statements and totals,
 * approval by another finance officer and the refusal of the one who ran
 * it, a discarded run redone, a register corrected after approval that the
 * next run corrects with an overpayment claim, recovery over three months
 * at the scheme's share, approved statements never changed (the triggers
 * refuse it), another centre's runs neither found, listed nor approved,
 * and two approvals or two runs of the same month at once: exactly one
 * wins; the kinds of income kept once per run and read back in full.
 *
 * The facts: one participant of the bergen scheme (15 000 kr a month),
 * 30 % tax, in the programme all of 2025, with a valid account.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "app/benefit.h"
#include "fixture.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

/* ---- the facts other areas keep, as the test says ---- */

static int64_t absent_participant;
static int absent_minutes;              /* unexcused on 2025-01-15 */
static struct attendance_correction correction;
static size_t ncorrections;
static size_t handled;

static int
t_unexcused(void *ctx, struct db *db, struct arena *a, int64_t centre, int year, int month, int64_t participant_id,
	    struct unexcused_day **out, size_t *n)
{
	(void)ctx, (void)db, (void)centre;
	*out = NULL;
	*n = 0;
	if (absent_minutes == 0 || year != 2025 || month != 1 ||
	    (participant_id != 0 && participant_id != absent_participant))
		return SC_OK;
	struct unexcused_day *d = arena_alloc(a, sizeof *d);
	if (d == NULL)
		return SC_ENOMEM;
	*d = (struct unexcused_day){.participant_id = absent_participant, .date = {2025, 1, 15},
				    .minutes = absent_minutes};
	*out = d;
	*n = 1;
	return SC_OK;
}

static int
t_unmarked(void *ctx, struct db *db, struct arena *a, int64_t centre, int year, int month, int64_t **ids, size_t *n)
{
	(void)ctx, (void)db, (void)a, (void)centre, (void)year, (void)month;
	*ids = NULL;
	*n = 0;
	return SC_OK;
}

static int
t_corrections(void *ctx, struct db *db, struct arena *a, int64_t centre, struct attendance_correction **out,
	      size_t *n)
{
	(void)ctx, (void)db, (void)a, (void)centre;
	*out = ncorrections > 0 ? &correction : NULL;
	*n = ncorrections;
	return SC_OK;
}

static int
t_handled(void *ctx, struct db *db, int64_t centre, const int64_t *ids, size_t n, int64_t run_id)
{
	(void)ctx, (void)db, (void)centre, (void)ids, (void)run_id;
	handled += n;
	ncorrections = 0;
	return SC_OK;
}

/* Work income as the test says: rows of (centre, participant, month), by
 * participant. */
struct work_row {
	int64_t centre, participant_id;
	int year, month;
	int64_t gross_ore;
};
static struct work_row works[8];
static size_t nworks;

static int
t_work(void *ctx, struct db *db, struct arena *a, int64_t centre, int year, int month, int64_t participant_id,
       struct work_income **out, size_t *n)
{
	(void)ctx, (void)db;
	*out = arena_alloc(a, sizeof **out * (nworks + 1));
	*n = 0;
	if (*out == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < nworks; i++)
		if (works[i].centre == centre && works[i].year == year && works[i].month == month &&
		    (participant_id == 0 || works[i].participant_id == participant_id))
			(*out)[(*n)++] = (struct work_income){.participant_id = works[i].participant_id,
							      .gross_ore = works[i].gross_ore, .hours_centi = 0,
							      .source_id = 1};
	return SC_OK;
}

static const struct benefit_sources src = {
	.ctx = NULL, .unexcused = t_unexcused, .unmarked = t_unmarked, .corrections = t_corrections,
	.corrections_handled = t_handled, .work_income = t_work,
};

/* ---- rows and actors ---- */

static int64_t fin1, fin2, fin3;

static struct actor
finance(int64_t user, int64_t centre, int y, int m, int d)
{
	return (struct actor){.user_id = user, .username = "fin", .name = "", .roles = ROLE_BIT(ROLE_FINANCE),
			      .centre_id = centre, .address = "", .now = 1700000000 + y * 400 + m * 31 + d,
			      .today = {y, m, d}, .store = NULL};
}

/* A participant of centre in the bergen scheme all of 2025, 30 % tax. */
static int64_t
participant(struct fx *t, int64_t centre, const char *family)
{
	int64_t p = fx_participant(t, centre, family, "active", 0);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "UPDATE participants SET bank_account = '86011117947', tax_percent = 30 WHERE id = %lld;"
		 "INSERT INTO enrolments (participant_id, start_date, planned_end, centre_id, created_at, updated_at)"
		 " VALUES (%lld, '2025-01-01', '2025-12-31', %lld, 1, 1)",
		 (long long)p, (long long)p, (long long)centre);
	fx_exec(sql);
	return p;
}

static int64_t
start(struct fx *t, const struct actor *actor, const char *month, int want)
{
	struct benefit_run run;
	struct outcome out;
	assert_int_equal(app_benefit_run_start(t->db, t->a, actor, &src, month, &run, &out), SC_OK);
	assert_int_equal(out.refusal, want);
	return out.id;
}

static void
approve(struct fx *t, const struct actor *actor, int64_t run, int want)
{
	struct outcome out;
	assert_int_equal(app_benefit_run_approve(t->db, t->a, actor, &src, run, &out), SC_OK);
	assert_int_equal(out.refusal, want);
}

/* The run's statement of the participant (of the month). */
static struct benefit_record
statement_of_in(struct fx *t, int64_t centre, int64_t run, int64_t participant_id)
{
	struct benefit_record *items;
	size_t n;
	int64_t total;
	assert_int_equal(store_benefit_statements(t->db, t->a, centre, run, BENEFIT_LIST_ALL, 100, 0, &items, &n,
						  &total),
			 SC_OK);
	for (size_t i = 0; i < n; i++)
		if (items[i].participant_id == participant_id) {
			struct benefit_record rec;
			assert_int_equal(store_benefit_statement_get(t->db, t->a, centre, items[i].id, &rec), SC_OK);
			return rec;
		}
	fail_msg("no statement of %lld in run %lld", (long long)participant_id, (long long)run);
	return items[0];
}

static struct benefit_record
statement_of(struct fx *t, int64_t run, int64_t participant_id)
{
	return statement_of_in(t, 1, run, participant_id);
}

static struct benefit_run
run_of(struct fx *t, int64_t centre, int64_t id)
{
	struct benefit_run r;
	assert_int_equal(store_benefit_run_get(t->db, t->a, centre, id, &r), SC_OK);
	return r;
}

static void
report_income(struct fx *t, const struct actor *actor, int64_t p, const char *from, const char *to, int64_t ore)
{
	struct benefit_income_report in = {.participant_id = p, .kind = "sykepenger", .month_from = from,
					   .month_to = to, .amount_ore = ore, .note = ""};
	struct outcome out;
	assert_int_equal(app_benefit_income_create(t->db, t->a, actor, p, &in, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
}

/* ---- the journey of a year's first months ---- */

static void
test_run_approve_correct_recover(void **state)
{
	struct fx *t = *state;
	fin1 = fx_user(t, "fin1", ROLE_BIT(ROLE_FINANCE));
	fin2 = fx_user(t, "fin2", ROLE_BIT(ROLE_FINANCE));
	fin3 = fx_user(t, "fin3", ROLE_BIT(ROLE_FINANCE));
	int64_t p = participant(t, 1, "Hansen");
	absent_participant = p;
	struct actor a1 = finance(fin1, 1, 2025, 2, 3), a2 = finance(fin2, 1, 2025, 2, 4);

	/* not before the month has ended; not a month that cannot be read */
	struct actor early = finance(fin1, 1, 2025, 1, 31);
	start(t, &early, "2025-01", REFUSED_STATE);
	start(t, &a1, "2025-13", REFUSED_INVALID);

	/* January: 15 000 kr, 30 % tax */
	int64_t jan = start(t, &a1, "2025-01", DONE);
	struct benefit_run r = run_of(t, 1, jan);
	assert_int_equal(r.state, BENEFIT_RUN_OPEN);
	assert_int_equal(r.statements, 1);
	assert_int_equal(r.gross_ore, 1500000);
	assert_int_equal(r.tax_ore, 450000);
	assert_int_equal(r.net_ore, 1050000);
	assert_int_equal(r.payable, 1);
	/* a second run of the month while one is open is refused */
	start(t, &a2, "2025-01", REFUSED_STATE);
	/* discarded and redone */
	struct outcome out;
	assert_int_equal(app_benefit_run_discard(t->db, t->a, &a1, jan, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(run_of(t, 1, jan).state, BENEFIT_RUN_DISCARDED);
	jan = start(t, &a1, "2025-01", DONE);

	/* four eyes: the one who ran it cannot approve it; another can */
	approve(t, &a1, jan, REFUSED_STATE);
	assert_int_equal(run_of(t, 1, jan).state, BENEFIT_RUN_OPEN);
	approve(t, &a2, jan, DONE);
	r = run_of(t, 1, jan);
	assert_int_equal(r.state, BENEFIT_RUN_APPROVED);
	assert_int_equal(r.approved_by, fin2);
	/* approved: not again, not discarded */
	approve(t, &a2, jan, REFUSED_STATE);
	assert_int_equal(app_benefit_run_discard(t->db, t->a, &a1, jan, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_STATE);
	bool approved = false;
	assert_int_equal(store_benefit_month_approved(t->db, 1, 2025, 1, &approved), SC_OK);
	assert_true(approved);
	assert_int_equal(store_benefit_month_approved(t->db, 2, 2025, 1, &approved), SC_OK);
	assert_false(approved);
	struct benefit_record jan_st = statement_of(t, jan, p);
	assert_int_equal(jan_st.gross_ore, 1500000);

	/* an approved statement is never changed: the database refuses */
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE benefit_statements SET net_ore = 1 WHERE id = %lld", (long long)jan_st.id);
	struct db_stmt *st = db_prepare(t->db, sql);
	assert_non_null(st);
	assert_int_not_equal(db_run(st, NULL), SC_OK);
	snprintf(sql, sizeof sql, "DELETE FROM benefit_statements WHERE id = %lld", (long long)jan_st.id);
	st = db_prepare(t->db, sql);
	assert_non_null(st);
	assert_int_not_equal(db_run(st, NULL), SC_OK);

	/* after approval: the register is corrected (450 minutes unexcused on
	 * 15 January) and sick pay is reported late: 15 000 kr for January,
	 * 10 000 kr for February */
	absent_minutes = 450;
	correction = (struct attendance_correction){.id = 77, .participant_id = p, .session_date = {2025, 1, 15},
						    .at = a2.now + 1, .by = fin1, .reason = "late"};
	ncorrections = 1;
	struct actor a1m = finance(fin1, 1, 2025, 3, 3), a2m = finance(fin2, 1, 2025, 3, 4);
	report_income(t, &a1m, p, "2025-01", "2025-01", 1500000);
	report_income(t, &a1m, p, "2025-02", "2025-02", 1000000);

	/* February: January recomputed is 0 gross (limited to zero): what was
	 * paid, 10 500 kr, is claimed; February itself is 5 000 kr gross,
	 * 1 500 kr tax, half of the 3 500 kr left recovered */
	int64_t feb = start(t, &a1m, "2025-02", DONE);
	struct benefit_record fs = statement_of(t, feb, p);
	assert_int_equal(fs.gross_ore, 500000);
	assert_int_equal(fs.tax_ore, 150000);
	assert_int_equal(fs.claims_ore, 1050000);
	assert_int_equal(fs.outstanding_ore, 0);
	assert_int_equal(fs.recovery_ore, 175000);
	assert_int_equal(fs.net_ore, 175000);
	assert_int_equal(fs.outstanding_after_ore, 875000);
	const struct benefit_item *claims[4];
	assert_int_equal(benefit_record_claims(&fs, claims, 4), 1);
	assert_string_equal(claims[0]->ref_month, "2025-01");
	assert_int_equal(claims[0]->amount_ore, 1050000);
	unsigned causes = benefit_causes_parse(claims[0]->causes);
	assert_int_equal(causes, BENEFIT_CAUSE_ATTENDANCE | BENEFIT_CAUSE_OTHER_INCOME);
	approve(t, &a2m, feb, DONE);
	assert_int_equal(handled, 1);
	int64_t owed = -1;
	assert_int_equal(store_benefit_outstanding(t->db, 1, p, &owed), SC_OK);
	assert_int_equal(owed, 875000);
	/* January as approved is unchanged */
	struct benefit_record again;
	assert_int_equal(store_benefit_statement_get(t->db, t->a, 1, jan_st.id, &again), SC_OK);
	assert_int_equal(again.gross_ore, 1500000);
	assert_int_equal(again.net_ore, 1050000);

	/* March: 10 500 kr after tax, half (5 250 kr) recovered */
	struct actor a1a = finance(fin1, 1, 2025, 4, 2), a2a = finance(fin2, 1, 2025, 4, 3);
	int64_t mar = start(t, &a1a, "2025-03", DONE);
	struct benefit_record ms = statement_of(t, mar, p);
	assert_int_equal(ms.claims_ore, 0);
	assert_int_equal(ms.recovery_ore, 525000);
	assert_int_equal(ms.net_ore, 525000);
	assert_int_equal(ms.outstanding_after_ore, 350000);
	approve(t, &a2a, mar, DONE);
	/* April: the last 3 500 kr, never more than is outstanding */
	struct actor a1p = finance(fin1, 1, 2025, 5, 2), a2p = finance(fin2, 1, 2025, 5, 3);
	int64_t apr = start(t, &a1p, "2025-04", DONE);
	struct benefit_record as = statement_of(t, apr, p);
	assert_int_equal(as.recovery_ore, 350000);
	assert_int_equal(as.net_ore, 700000);
	assert_int_equal(as.outstanding_after_ore, 0);
	approve(t, &a2p, apr, DONE);
	assert_int_equal(store_benefit_outstanding(t->db, 1, p, &owed), SC_OK);
	assert_int_equal(owed, 0);
	/* an earlier month than one with a run may not be run */
	start(t, &a1p, "2024-12", REFUSED_STATE);

	/* another centre: neither found, listed nor approved */
	int64_t c2 = fx_centre(t, "Other centre");
	struct actor other = finance(fin3, c2, 2025, 5, 3);
	approve(t, &other, apr, REFUSED_NOT_FOUND);
	assert_int_equal(app_benefit_run_discard(t->db, t->a, &other, apr, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);
	struct benefit_run dummy;
	assert_int_equal(store_benefit_run_get(t->db, t->a, c2, apr, &dummy), SC_ENOTFOUND);
	struct benefit_run *runs;
	size_t n;
	int64_t total;
	assert_int_equal(store_benefit_runs(t->db, t->a, c2, 50, 0, &runs, &n, &total), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);
	assert_int_equal(store_benefit_runs(t->db, t->a, 1, 50, 0, &runs, &n, &total), SC_OK);
	assert_int_equal(total, 5);   /* January twice (one discarded), February, March, April */
	struct benefit_record hidden;
	assert_int_equal(store_benefit_statement_get(t->db, t->a, c2, jan_st.id, &hidden), SC_ENOTFOUND);
	/* a run in the other centre sees none of centre 1's participants */
	int64_t orun = start(t, &other, "2025-04", DONE);
	assert_int_equal(run_of(t, c2, orun).statements, 0);
}

/* ---- at once ---- */

struct racer {
	pthread_barrier_t *barrier;
	struct db *db;
	struct actor actor;
	bool approve;
	int64_t run;
	int rc, refusal;
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct arena *a = arena_new();
	struct outcome out;
	memset(&out, 0, sizeof out);
	pthread_barrier_wait(r->barrier);
	if (a == NULL)
		r->rc = SC_ENOMEM;
	else if (r->approve)
		r->rc = app_benefit_run_approve(r->db, a, &r->actor, &src, r->run, &out);
	else
		r->rc = app_benefit_run_start(r->db, a, &r->actor, &src, "2025-06", NULL, &out);
	r->refusal = out.refusal;
	arena_free(a);
	return NULL;
}

static void
race_two(struct fx *t, struct racer *x, struct racer *y)
{
	struct db *d1 = store_acquire(t->store), *d2 = store_acquire(t->store);
	pthread_barrier_t barrier;
	pthread_barrier_init(&barrier, NULL, 2);
	x->barrier = y->barrier = &barrier;
	x->db = d1;
	y->db = d2;
	pthread_t ta, tb;
	assert_int_equal(pthread_create(&ta, NULL, race, x), 0);
	assert_int_equal(pthread_create(&tb, NULL, race, y), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_barrier_destroy(&barrier);
	store_release(t->store, d1);
	store_release(t->store, d2);
	assert_int_equal(x->rc, SC_OK);
	assert_int_equal(y->rc, SC_OK);
}

static void
test_race(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Race centre");
	participant(t, c, "Race");
	/* two runs of the same month at once: one run, one refusal */
	struct racer x = {.actor = finance(fin1, c, 2025, 7, 1)}, y = {.actor = finance(fin2, c, 2025, 7, 1)};
	race_two(t, &x, &y);
	assert_int_equal((x.refusal == DONE) + (y.refusal == DONE), 1);
	assert_int_equal((x.refusal == REFUSED_STATE) + (y.refusal == REFUSED_STATE), 1);
	struct benefit_run *runs;
	size_t n;
	int64_t total;
	assert_int_equal(store_benefit_runs(t->db, t->a, c, 50, 0, &runs, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	int64_t run = runs[0].id;
	assert_int_equal(runs[0].statements, 1);
	/* two approvals of it at once by two other officers: one approval */
	struct racer p = {.actor = finance(fin3, c, 2025, 7, 2), .approve = true, .run = run};
	struct racer q = {.actor = finance(runs[0].run_by == fin1 ? fin2 : fin1, c, 2025, 7, 2), .approve = true,
			  .run = run};
	race_two(t, &p, &q);
	assert_int_equal((p.refusal == DONE) + (q.refusal == DONE), 1);
	assert_int_equal((p.refusal == REFUSED_STATE) + (q.refusal == REFUSED_STATE), 1);
	struct benefit_run r = run_of(t, c, run);
	assert_int_equal(r.state, BENEFIT_RUN_APPROVED);
	int64_t audits = 0;
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM audit_log WHERE action = 'benefit_run.approve' AND record_id = '%lld'",
		 (long long)run);
	struct db_stmt *st = db_prepare(t->db, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	audits = db_col_int(st, 0);
	db_done(st);
	assert_int_equal(audits, 1);
}

/* ---- a new G after May's run ---- */

/* kvp, over 25, 30 %, all of 2027 in the programme: May is run and
 * approved with G 136 549 (from 2026-05-01); G 143 000 from 2027-05-01 is
 * entered after; June's run pays June at the new G and May's difference as
 * back-pay (figures from tools/benefit_ref.py). */
static void
test_new_g_backpay(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "G centre");
	int64_t p = fx_participant(t, c, "Kvp", "active", 0);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "UPDATE participants SET bank_account = '86011117947', tax_percent = 30 WHERE id = %lld;"
		 "INSERT INTO enrolments (participant_id, start_date, planned_end, centre_id, scheme, created_at,"
		 " updated_at) VALUES (%lld, '2027-01-01', '2027-12-31', %lld, 'kvp', 1, 1)",
		 (long long)p, (long long)p, (long long)c);
	fx_exec(sql);
	struct actor a1 = finance(fin1, c, 2027, 6, 2), a2 = finance(fin2, c, 2027, 6, 3);
	int64_t may = start(t, &a1, "2027-05", DONE);
	struct benefit_run r = run_of(t, c, may);
	assert_int_equal(r.gross_ore, 2275817);
	assert_int_equal(r.tax_ore, 682700);
	approve(t, &a2, may, DONE);
	/* the new G, entered with a typo (14 300 is below any G: refused),
	 * then as 134 300, then put right for the same date: each a version,
	 * never an edit; the latest from 2027-05-01 is in force, and May,
	 * approved at another G, is said to be corrected by the next run */
	struct benefit_g_input g = {.valid_from = {2027, 5, 1}, .g_kr = 14300};
	struct benefit_version_note note;
	struct outcome out;
	assert_int_equal(app_benefit_g_add(t->db, t->a, &a1, &g, &note, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	g.g_kr = 134300;
	assert_int_equal(app_benefit_g_add(t->db, t->a, &a1, &g, &note, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_false(note.replaces);
	assert_string_equal(note.corrects_from, "2027-05");
	assert_int_equal(g.created_at, a1.now);
	g.g_kr = 143000;
	assert_int_equal(app_benefit_g_add(t->db, t->a, &a2, &g, &note, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_true(note.replaces);
	assert_string_equal(note.corrects_from, "2027-05");
	struct benefit_params in_force;
	assert_int_equal(store_benefit_params(t->db, t->a, "kvp", (struct date){2027, 5, 1}, &in_force), SC_OK);
	assert_int_equal(in_force.g_ore, 14300000);
	struct benefit_g_input *hist;
	size_t nh;
	assert_int_equal(store_benefit_g_history(t->db, t->a, &hist, &nh), SC_OK);
	assert_int_equal(nh, 6);
	assert_int_equal(hist[0].g_kr, 143000);
	assert_false(hist[0].replaced);
	assert_int_equal(hist[1].g_kr, 134300);
	assert_true(hist[1].replaced);
	assert_int_equal(date_cmp(hist[1].valid_from, (struct date){2027, 5, 1}), 0);
	struct actor leader = a1;
	leader.roles = ROLE_BIT(ROLE_LEADER);
	g.valid_from = (struct date){2027, 6, 1};
	assert_int_equal(app_benefit_g_add(t->db, t->a, &leader, &g, &note, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_FORBIDDEN);
	/* June: the new G, and May's back-pay */
	struct actor j1 = finance(fin1, c, 2027, 7, 2);
	int64_t jun = start(t, &j1, "2027-06", DONE);
	struct benefit_record *items;
	size_t n;
	int64_t total;
	assert_int_equal(store_benefit_statements(t->db, t->a, c, jun, BENEFIT_LIST_ALL, 10, 0, &items, &n, &total),
			 SC_OK);
	assert_int_equal(n, 1);
	struct benefit_record js;
	assert_int_equal(store_benefit_statement_get(t->db, t->a, c, items[0].id, &js), SC_OK);
	assert_int_equal(js.base_ore, 2383333);
	assert_int_equal(js.backpay_ore, 107516);
	assert_int_equal(js.gross_ore, 2490849);
	assert_int_equal(js.tax_ore, 747200);
	assert_int_equal(js.net_ore, 1743649);
	assert_int_equal(js.claims_ore, 0);
	const struct benefit_item *it = NULL;
	const struct benefit_item *all = js.items.items;
	for (size_t i = 0; i < js.items.n; i++)
		if (all[i].code == BENEFIT_ITEM_CORRECTION)
			it = &all[i];
	assert_non_null(it);
	assert_string_equal(it->ref_month, "2027-05");
	assert_int_equal(benefit_causes_parse(it->causes), BENEFIT_CAUSE_G);
	assert_int_equal(it->amount_ore, 107516);
	/* the lines: the month's four, then the back-pay for May */
	struct benefit_statement lines;
	benefit_record_lines(&js, &lines);
	assert_string_equal(lines.lines[lines.nlines - 1].code, "correction");
	assert_int_equal(lines.lines[lines.nlines - 1].ref_month, 5);
	assert_int_equal(lines.lines[lines.nlines - 1].amount_ore, 107516);
	/* May as approved is unchanged */
	struct benefit_record *mays;
	assert_int_equal(store_benefit_statements(t->db, t->a, c, may, BENEFIT_LIST_ALL, 10, 0, &mays, &n, &total),
			 SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(mays[0].gross_ore, 2275817);
	/* years later: the next run, at the earliest June 2030's, looks back
	 * 36 months to May 2027, and no further: July's finds May out of
	 * reach and names no month */
	struct actor later = finance(fin1, c, 2030, 6, 30);
	g.valid_from = (struct date){2027, 5, 1};
	g.g_kr = 150000;
	assert_int_equal(app_benefit_g_add(t->db, t->a, &later, &g, &note, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_string_equal(note.corrects_from, "2027-05");
	later = finance(fin1, c, 2030, 7, 1);
	g.g_kr = 151000;
	assert_int_equal(app_benefit_g_add(t->db, t->a, &later, &g, &note, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_string_equal(note.corrects_from, "");
}

/* ---- the versions in force ---- */

/* A participant of centre c in the bergen scheme all of 2028, 30 % tax. */
static int64_t
participant_2028(struct fx *t, int64_t c, const char *family)
{
	int64_t p = fx_participant(t, c, family, "active", 0);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "UPDATE participants SET bank_account = '86011117947', tax_percent = 30 WHERE id = %lld;"
		 "INSERT INTO enrolments (participant_id, start_date, planned_end, centre_id, created_at, updated_at)"
		 " VALUES (%lld, '2028-01-01', '2028-12-31', %lld, 1, 1)",
		 (long long)p, (long long)p, (long long)c);
	fx_exec(sql);
	return p;
}

/* The recomputed statements of a centre (the drivers cache a statement by
 * the address of its text: a constant text, the centre bound). */
static int64_t
recomputed_in(struct fx *t, int64_t centre)
{
	static const char sql[] = "SELECT COUNT(*) FROM benefit_statements WHERE centre_id = $1 AND kind = 'recomputed'";
	struct db_stmt *st = db_prepare(t->db, sql);
	assert_non_null(st);
	db_bind_int(st, 1, centre);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

/* The run's statement of the month of p in centre c, with its items. */
static struct benefit_record
statement_in(struct fx *t, int64_t c, int64_t run, int64_t p)
{
	struct benefit_record *items;
	size_t n;
	int64_t total;
	assert_int_equal(store_benefit_statements(t->db, t->a, c, run, BENEFIT_LIST_ALL, 100, 0, &items, &n, &total),
			 SC_OK);
	for (size_t i = 0; i < n; i++)
		if (items[i].participant_id == p) {
			struct benefit_record rec;
			assert_int_equal(store_benefit_statement_get(t->db, t->a, c, items[i].id, &rec), SC_OK);
			return rec;
		}
	fail_msg("no statement of %lld in run %lld", (long long)p, (long long)run);
	return items[0];
}

/* The one correction or claim of a statement: its month and amount. */
static void
assert_item(const struct benefit_record *rec, int code, const char *month, int64_t amount, unsigned causes)
{
	const struct benefit_item *all = rec->items.items, *it = NULL;
	size_t k = 0;
	for (size_t i = 0; i < rec->items.n; i++)
		if (all[i].code == BENEFIT_ITEM_CORRECTION || all[i].code == BENEFIT_ITEM_CLAIM) {
			it = &all[i];
			k++;
		}
	assert_int_equal(k, 1);
	assert_int_equal(it->code, code);
	assert_string_equal(it->ref_month, month);
	assert_int_equal(it->amount_ore, amount);
	assert_int_equal(benefit_causes_parse(it->causes), causes);
}

/*
 * The run's look-back compares work and other income with the version in
 * force of each approved month: the latest statement of an approved run,
 * not the first (decision 67). January is approved with 2 000 kr of
 * salary (W) and 1 000 kr (R); the salary becomes 3 000 kr and February's
 * run keeps January recomputed (a second version) with a claim of
 * 700 kr (910 000 - 840 000 øre after tax). Then W's salary is back at
 * 2 000 kr — the same as the first version, not as the one in force — R's
 * disappears, and I's sick pay of 1 000 kr for February (approved) is
 * withdrawn: March's run pays each 1 000 kr back-pay for that month. A
 * participant of another centre with the same facts is not in it.
 */
static void
test_versions_in_force(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Versions centre"), c2 = fx_centre(t, "Versions elsewhere");
	int64_t w = participant_2028(t, c, "Wage"), r = participant_2028(t, c, "Removed"),
		i = participant_2028(t, c, "Income"), o = participant_2028(t, c2, "Other");
	nworks = 0;
	works[nworks++] = (struct work_row){c, w, 2028, 1, 200000};
	works[nworks++] = (struct work_row){c, r, 2028, 1, 100000};
	works[nworks++] = (struct work_row){c2, o, 2028, 1, 200000};
	/* January, in both centres */
	struct actor j1 = finance(fin1, c, 2028, 2, 3), j2 = finance(fin2, c, 2028, 2, 4);
	struct actor oj1 = finance(fin1, c2, 2028, 2, 3), oj2 = finance(fin2, c2, 2028, 2, 4);
	int64_t jan = start(t, &j1, "2028-01", DONE);
	assert_int_equal(statement_in(t, c, jan, w).gross_ore, 1300000);
	assert_int_equal(statement_in(t, c, jan, r).gross_ore, 1400000);
	approve(t, &j2, jan, DONE);
	approve(t, &oj2, start(t, &oj1, "2028-01", DONE), DONE);
	/* February: sick pay reported for it; W's January salary 3 000 kr */
	struct actor f1 = finance(fin1, c, 2028, 3, 3), f2 = finance(fin2, c, 2028, 3, 4);
	struct benefit_income_report in = {.participant_id = i, .kind = "sykepenger", .month_from = "2028-02",
					   .month_to = "2028-02", .amount_ore = 100000, .note = ""};
	struct outcome out;
	assert_int_equal(app_benefit_income_create(t->db, t->a, &f1, i, &in, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	int64_t income_id = out.id;
	works[0].gross_ore = 300000;
	int64_t feb = start(t, &f1, "2028-02", DONE);
	struct benefit_record fw = statement_in(t, c, feb, w);
	assert_item(&fw, BENEFIT_ITEM_CLAIM, "2028-01", 70000, BENEFIT_CAUSE_WORK);
	assert_int_equal(fw.gross_ore, 1500000);
	assert_int_equal(fw.recovery_ore, 70000);
	assert_int_equal(fw.net_ore, 980000);
	assert_int_equal(statement_in(t, c, feb, i).gross_ore, 1400000);
	assert_int_equal(run_of(t, c, feb).statements, 3);
	approve(t, &f2, feb, DONE);
	/* after February's approval */
	works[0].gross_ore = 200000;   /* as the first version of January, not as the one in force */
	works[1] = works[2];           /* R's January salary is gone */
	nworks = 2;
	struct actor m1 = finance(fin1, c, 2028, 4, 3);
	assert_int_equal(app_benefit_income_withdraw(t->db, t->a, &m1, i, income_id, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	int64_t mar = start(t, &m1, "2028-03", DONE);
	struct benefit_record mw = statement_in(t, c, mar, w), mr = statement_in(t, c, mar, r),
			      mi = statement_in(t, c, mar, i);
	assert_item(&mw, BENEFIT_ITEM_CORRECTION, "2028-01", 100000, BENEFIT_CAUSE_WORK);
	assert_item(&mr, BENEFIT_ITEM_CORRECTION, "2028-01", 100000, BENEFIT_CAUSE_WORK);
	assert_item(&mi, BENEFIT_ITEM_CORRECTION, "2028-02", 100000, BENEFIT_CAUSE_OTHER_INCOME);
	const struct benefit_record *all[] = {&mw, &mr, &mi};
	for (size_t k = 0; k < 3; k++) {
		assert_int_equal(all[k]->backpay_ore, 100000);
		assert_int_equal(all[k]->gross_ore, 1600000);
		assert_int_equal(all[k]->tax_ore, 480000);
		assert_int_equal(all[k]->net_ore, 1120000);
	}
	struct benefit_run mrun = run_of(t, c, mar);
	assert_int_equal(mrun.statements, 3);
	assert_int_equal(mrun.backpay_ore, 300000);
	/* the recomputed months kept beside the approved ones: W's January
	 * twice (February's and March's runs), R's January, I's February */
	assert_int_equal(recomputed_in(t, c), 4);
	assert_int_equal(recomputed_in(t, c2), 0);
	nworks = 0;
}

/* SQLite's foreign_keys setting of the test's connection. */
static int64_t
foreign_keys(struct fx *t)
{
	struct db_stmt *st = db_prepare(t->db, "PRAGMA foreign_keys");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t on = db_col_int(st, 0);
	db_done(st);
	return on;
}

/*
 * Decision 76. One participant's facts, read by their own statement texts,
 * are exactly their part of the centre's (periods, pauses, children, the
 * latest change), and nobody else's; another centre's participant has
 * none. The run checks the centre and the user once (a centre or user
 * that is not there: not found), and SQLite checks foreign keys again
 * after a run, whether it was done or refused.
 */
static void
test_one_participant_and_checks(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Facts centre"), c2 = fx_centre(t, "Facts elsewhere");
	int64_t f = fx_user(t, "fin_facts", ROLE_BIT(ROLE_FINANCE));
	int64_t p1 = participant(t, c, "Alfa"), p2 = participant(t, c, "Beta"), p3 = participant(t, c2, "Gamma");
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO enrolments (participant_id, start_date, planned_end, centre_id, created_at, updated_at)"
		 " VALUES (%lld, '2024-03-01', '2024-06-30', %lld, 1, 7);"
		 "INSERT INTO enrolment_pauses (enrolment_id, from_date, to_date, reason, at, centre_id)"
		 " SELECT id, '2025-03-10', '2025-03-20', 'sick', 1, centre_id FROM enrolments"
		 " WHERE participant_id = %lld AND start_date = '2025-01-01';"
		 "INSERT INTO participant_children (participant_id, ord, birth_date) VALUES (%lld, 1, '2020-02-02'),"
		 " (%lld, 2, '2022-04-04'), (%lld, 1, '2019-01-01')",
		 (long long)p2, (long long)c, (long long)p2, (long long)p2, (long long)p2, (long long)p1);
	fx_exec(sql);
	struct date from = {2024, 1, 1}, to = {2025, 12, 31};
	struct benefit_fact *all = NULL, *one = NULL;
	size_t nall = 0, none = 0;
	assert_int_equal(store_benefit_facts(t->db, t->a, c, from, to, 0, &all, &nall), SC_OK);
	assert_int_equal(nall, 2);
	for (size_t i = 0; i < nall; i++) {
		assert_int_equal(store_benefit_facts(t->db, t->a, c, from, to, all[i].participant_id, &one, &none),
				 SC_OK);
		assert_int_equal(none, 1);
		assert_int_equal(one->participant_id, all[i].participant_id);
		assert_int_equal(date_cmp(one->birth, all[i].birth), 0);
		assert_string_equal(one->bank_account, all[i].bank_account);
		assert_int_equal(one->tax_percent, all[i].tax_percent);
		assert_int_equal(one->changed_at, all[i].changed_at);
		assert_int_equal(one->nperiods, all[i].nperiods);
		for (size_t k = 0; k < one->nperiods; k++) {
			assert_int_equal(one->periods[k].enrolment_id, all[i].periods[k].enrolment_id);
			assert_int_equal(date_cmp(one->periods[k].start, all[i].periods[k].start), 0);
			assert_int_equal(date_cmp(one->periods[k].end, all[i].periods[k].end), 0);
			assert_int_equal(one->periods[k].npauses, all[i].periods[k].npauses);
		}
		assert_int_equal(one->nchildren, all[i].nchildren);
		for (size_t k = 0; k < one->nchildren; k++)
			assert_int_equal(date_cmp(one->children[k], all[i].children[k]), 0);
	}
	/* Beta: two periods (2024's first), the pause in 2025's, two children */
	assert_int_equal(all[1].participant_id, p2);
	assert_int_equal(all[1].nperiods, 2);
	assert_int_equal(all[1].periods[0].start.y, 2024);
	assert_int_equal(all[1].periods[0].npauses, 0);
	assert_int_equal(all[1].periods[1].npauses, 1);
	assert_int_equal(all[1].periods[1].pauses[0].from.d, 10);
	assert_int_equal(all[1].nchildren, 2);
	assert_int_equal(all[0].nchildren, 1);
	/* another centre's participant: no facts here */
	assert_int_equal(store_benefit_facts(t->db, t->a, c, from, to, p3, &one, &none), SC_OK);
	assert_int_equal(none, 0);

	/* the parents a run does not read, checked once */
	assert_int_equal(store_benefit_run_parents(t->db, c, f), SC_OK);
	assert_int_equal(store_benefit_run_parents(t->db, c, 0), SC_OK);
	assert_int_equal(store_benefit_run_parents(t->db, 999999, f), SC_ENOTFOUND);
	assert_int_equal(store_benefit_run_parents(t->db, c, 999999), SC_ENOTFOUND);

	/* foreign keys checked again after a run, done or refused */
	struct actor a = finance(f, c, 2025, 2, 3);
	start(t, &a, "2025-01", DONE);
	bool sqlite = db_kind(t->db) == DB_SQLITE;
	if (sqlite)
		assert_int_equal(foreign_keys(t), 1);
	start(t, &a, "2025-01", REFUSED_STATE);
	if (sqlite)
		assert_int_equal(foreign_keys(t), 1);
}

/* ---- the kinds of income kept once per run (decision 81) ---- */

/* The stored reducing and recorded kinds of statement id, as the table holds
 * them. */
static void
stored_kinds(struct fx *t, int64_t id, char *reducing, char *recorded, size_t size)
{
	static const char sql[] = "SELECT reducing, recorded FROM benefit_statements WHERE id = $1";
	struct db_stmt *st = db_prepare(t->db, sql);
	assert_non_null(st);
	db_bind_int(st, 1, id);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(reducing, size, "%s", db_col_text(st, 0));
	snprintf(recorded, size, "%s", db_col_text(st, 1));
	db_done(st);
}

static void
test_kinds_kept_once(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Kinds centre");
	int64_t p = participant(t, c, "Kinds");
	struct actor a1 = finance(fin1, c, 2025, 4, 2);
	int64_t run = start(t, &a1, "2025-03", DONE);
	struct benefit_params params;
	bool found = false;
	assert_int_equal(store_benefit_run_params(t->db, t->a, run, "bergen", &params, &found), SC_OK);
	assert_true(found);
	const char *reducing = benefit_kinds_text(params.reducing, t->a), *recorded =
		benefit_kinds_text(params.recorded, t->a);
	assert_true(strlen(reducing) > 0 && strlen(recorded) > 0);
	/* the month's statement holds "=" for the run's kinds; every read
	 * gives the run's */
	struct benefit_record rec = statement_in(t, c, run, p);
	char red[256], recd[256];
	stored_kinds(t, rec.id, red, recd, sizeof red);
	assert_string_equal(red, "=");
	assert_string_equal(recd, "=");
	assert_string_equal(rec.reducing, reducing);
	assert_string_equal(rec.recorded, recorded);
	struct benefit_record *items;
	size_t n;
	int64_t total;
	assert_int_equal(store_benefit_statements(t->db, t->a, c, run, BENEFIT_LIST_ALL, 10, 0, &items, &n, &total),
			 SC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].reducing, reducing);
	assert_string_equal(items[0].recorded, recorded);
	assert_int_equal(store_benefit_statements_of(t->db, t->a, c, p, true, &items, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].reducing, reducing);
	assert_string_equal(items[0].recorded, recorded);
	/* kinds other than the run's (a month recomputed under other
	 * parameters), none among them, are kept as they are */
	struct benefit_record other[2] = {rec, rec};
	other[0].kind = other[1].kind = BENEFIT_RECORD_RECOMPUTED;
	other[0].month = "2025-01";
	other[1].month = "2025-02";
	other[0].reducing = "dagpenger";
	other[1].recorded = "";
	other[0].items = other[1].items = (struct field_list){0, NULL};
	int64_t ids[2];
	assert_int_equal(store_benefit_statements_add(t->db, c, other, 2, ids), SC_OK);
	stored_kinds(t, ids[0], red, recd, sizeof red);
	assert_string_equal(red, "dagpenger");
	assert_string_equal(recd, "=");
	stored_kinds(t, ids[1], red, recd, sizeof red);
	assert_string_equal(red, "=");
	assert_string_equal(recd, "");
	struct benefit_record back;
	assert_int_equal(store_benefit_statement_get(t->db, t->a, c, ids[0], &back), SC_OK);
	assert_string_equal(back.reducing, "dagpenger");
	assert_string_equal(back.recorded, recorded);
	assert_int_equal(store_benefit_statement_get(t->db, t->a, c, ids[1], &back), SC_OK);
	assert_string_equal(back.reducing, reducing);
	assert_string_equal(back.recorded, "");
}

/* A statement of kind in run with its net and warnings (statements are
 * never edited, so they are written so). */
static void
statement_with(int64_t centre, int64_t run, int64_t pid, const char *kind, const char *month, long long net,
	       int warnings)
{
	fx_run_sql("INSERT INTO benefit_statements (centre_id, run_id, participant_id, enrolment_id, kind, month, scheme,"
		   " birth_date, period_start, unexcused_minutes, has_work, work_gross_ore, work_hours_centi, tax_kind,"
		   " month_amount_ore, g_ore, child_rate_ore, recovery_percent, outstanding_ore, days, weekdays, days_mask,"
		   " child_days, day_rate_ore, hour_rate_ore, base_ore, child_ore, absence_ore, work_ore, other_ore,"
		   " limited_ore, backpay_ore, gross_ore, tax_ore, claims_ore, recovery_ore, net_ore,"
		   " outstanding_after_ore, warnings, change_ore, created_at) VALUES (%lld, %lld, %lld, NULL, '%s', '%s',"
		   " 'bergen', '1990-05-01', '2024-01-01', 0, 0, 0, 0, 'none', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,"
		   " 0, 0, 0, %lld, 0, 0, 0, %lld, 0, %d, 0, 1000)", (long long)centre, (long long)run, (long long)pid,
		   kind, month, net, net, warnings);
}

/* Those left out of the payment file (the run's page lists the first by
 * name and counts them all, decision 134): a net to pay with the warning
 * of no valid account; not one with another warning, nor one with nothing
 * to pay, nor a statement of another kind or run. */
static void
test_left_out_list(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Left out centre");
	int64_t run = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
				 " VALUES (%lld, '2025-02', 'approved', 1000, 0, 0) RETURNING id", (long long)c);
	int64_t other_run = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
				       " VALUES (%lld, '2025-01', 'approved', 1000, 0, 0) RETURNING id", (long long)c);
	static const char *const names[] = {"Olsen", "Berg", "Dahl", "Aas", "Moe", "Lie"};
	int64_t p[6];
	for (int i = 0; i < 6; i++)
		p[i] = fx_participant(t, c, names[i], "active", 0);
	/* net 1000 each; warnings: no account (4), no account and another (4|1),
	 * another only (1), none, no account with nothing to pay, no account
	 * of the month before */
	static const int warnings[] = {4, 5, 1, 0, 4, 4};
	for (int i = 0; i < 6; i++)
		statement_with(c, i == 5 ? other_run : run, p[i], "month", i == 5 ? "2025-01" : "2025-02",
			       i == 4 ? 0 : 1000, warnings[i]);
	/* a recomputed statement of Dahl's with the warning is not of the month */
	statement_with(c, run, p[2], "recomputed", "2025-02", 1000, 4);
	struct benefit_record *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_benefit_statements(t->db, t->a, c, run, BENEFIT_LIST_LEFT_OUT, 10, 0, &items, &n, &total),
			 SC_OK);
	assert_int_equal(total, 2);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].participant_id, p[1]);   /* Berg */
	assert_int_equal(items[1].participant_id, p[0]);   /* Olsen */
	/* the first one only, both counted */
	assert_int_equal(store_benefit_statements(t->db, t->a, c, run, BENEFIT_LIST_LEFT_OUT, 1, 0, &items, &n, &total),
			 SC_OK);
	assert_int_equal(total, 2);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].participant_id, p[1]);
	/* the page's payments: the same, without reading the file's lines */
	struct actor actor = finance(fx_user(t, "left.finance", ROLE_BIT(ROLE_FINANCE)), c, 2025, 3, 5);
	struct benefit_payments pay;
	struct outcome out;
	assert_int_equal(app_benefit_payments(t->db, t->a, &actor, run, false, &pay, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(pay.left_out_total, 2);
	assert_int_equal(pay.nleft_out, 2);
	assert_int_equal(pay.left_out[0].participant_id, p[1]);
	assert_int_equal(pay.npaid, 0);
}

/* ---- months paid in order: none skipped ---- */

/* The runs of every centre, discarded ones too. */
static int64_t
count_runs(struct fx *t)
{
	struct db_stmt *st = db_prepare(t->db, "SELECT COUNT(*) FROM benefit_runs");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

/* The month start() refuses for a gap, and the month it names. */
static void
start_gap(struct fx *t, const struct actor *actor, const char *month, const char *first)
{
	struct outcome out;
	assert_int_equal(app_benefit_run_start(t->db, t->a, actor, &src, month, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_STATE);
	assert_int_equal(out.errors.n, 1);
	assert_string_equal(out.errors.field[0], "month");
	assert_string_equal(out.errors.reason[0], "Run %s first: months are paid in order.");
	assert_string_equal(out.errors.text[0][0], first);
}

static void
test_months_in_order(void **state)
{
	struct fx *t = *state;
	int64_t f1 = fx_user(t, "order1", ROLE_BIT(ROLE_FINANCE)), f2 = fx_user(t, "order2", ROLE_BIT(ROLE_FINANCE));
	int64_t c = fx_centre(t, "Order centre");
	participant(t, c, "Order");
	struct actor a1 = finance(f1, c, 2025, 10, 15), a2 = finance(f2, c, 2025, 10, 16);
	/* the centre's first run: any month */
	approve(t, &a2, start(t, &a1, "2025-06", DONE), DONE);
	/* August skips July: refused, July named, nothing made */
	int64_t runs_before = count_runs(t);
	start_gap(t, &a1, "2025-08", "2025-07");
	start_gap(t, &a1, "2025-09", "2025-07");
	assert_int_equal(count_runs(t), runs_before);
	/* a discarded July is no run: August still waits for it */
	struct outcome out;
	int64_t jul = start(t, &a1, "2025-07", DONE);
	assert_int_equal(app_benefit_run_discard(t->db, t->a, &a1, jul, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	start_gap(t, &a1, "2025-08", "2025-07");
	/* July, then August */
	approve(t, &a2, start(t, &a1, "2025-07", DONE), DONE);
	approve(t, &a2, start(t, &a1, "2025-08", DONE), DONE);
	/* another centre's first run is its own: any month */
	int64_t c2 = fx_centre(t, "Order elsewhere");
	struct actor o1 = finance(f1, c2, 2025, 10, 15);
	start(t, &o1, "2025-02", DONE);
}

/* ---- other income: as many reports a month as a statement deducts ---- */

static void
test_income_reports_of_a_month(void **state)
{
	struct fx *t = *state;
	int64_t f1 = fx_user(t, "many1", ROLE_BIT(ROLE_FINANCE)), f2 = fx_user(t, "many2", ROLE_BIT(ROLE_FINANCE));
	int64_t c = fx_centre(t, "Many centre");
	int64_t p = participant(t, c, "Many");
	struct actor a1 = finance(f1, c, 2025, 4, 2), a2 = finance(f2, c, 2025, 4, 3);
	/* sixteen reports of 100 kr for March, one of them from February */
	report_income(t, &a1, p, "2025-02", "2025-03", 10000);
	for (int i = 1; i < BENEFIT_MAX_INCOME; i++)
		report_income(t, &a1, p, "2025-03", "2025-03", 10000);
	/* the seventeenth is refused, the full month named; nothing saved */
	struct benefit_income_report *mine = NULL;
	size_t before = 0, after = 0;
	assert_int_equal(store_benefit_income_of(t->db, t->a, c, p, &mine, &before), SC_OK);
	static const char *const spans[][2] = {{"2025-03", "2025-03"}, {"2025-01", "2025-04"}};
	for (size_t k = 0; k < 2; k++) {
		struct benefit_income_report in = {.participant_id = p, .kind = "dagpenger", .month_from = spans[k][0],
						   .month_to = spans[k][1], .amount_ore = 10000, .note = ""};
		struct outcome out;
		assert_int_equal(app_benefit_income_create(t->db, t->a, &a1, p, &in, &out), SC_OK);
		assert_int_equal(out.refusal, REFUSED_INVALID);
		assert_string_equal(out.errors.field[0], "month_from");
		assert_string_equal(out.errors.text[0][0], "2025-03");
		assert_string_equal(out.errors.text[0][1], "16");
	}
	assert_int_equal(store_benefit_income_of(t->db, t->a, c, p, &mine, &after), SC_OK);
	assert_int_equal(after, before);
	/* another month is free: April */
	report_income(t, &a1, p, "2025-04", "2025-04", 10000);
	/* March's run deducts every one of the sixteen: 1 600 kr */
	approve(t, &a2, start(t, &a1, "2025-03", DONE), DONE);
	struct benefit_run *runs;
	size_t n;
	int64_t total;
	assert_int_equal(store_benefit_runs(t->db, t->a, c, 10, 0, &runs, &n, &total), SC_OK);
	struct benefit_record st = statement_of_in(t, c, runs[0].id, p);
	assert_int_equal(st.gross_ore, 1500000 - BENEFIT_MAX_INCOME * 10000);
	size_t lines = 0;
	for (size_t i = 0; i < st.items.n; i++)
		lines += ((const struct benefit_item *)st.items.items)[i].code == BENEFIT_ITEM_OTHER_INCOME;
	assert_int_equal(lines, BENEFIT_MAX_INCOME);
}

/* A month that held more reports than a statement's lines before the
 * refusal (decision 155) is not cut: the run deducts every one, those past
 * the lines joined to the line of their kind. */
static void
test_income_reports_from_before(void **state)
{
	struct fx *t = *state;
	int64_t f1 = fx_user(t, "old1", ROLE_BIT(ROLE_FINANCE)), f2 = fx_user(t, "old2", ROLE_BIT(ROLE_FINANCE));
	int64_t c = fx_centre(t, "Old reports centre");
	int64_t p = participant(t, c, "Oldreports");
	struct actor a1 = finance(f1, c, 2025, 4, 2), a2 = finance(f2, c, 2025, 4, 3);
	for (int i = 0; i < BENEFIT_MAX_INCOME; i++)
		report_income(t, &a1, p, "2025-03", "2025-03", 10000);
	/* two more, as stored before the refusal: straight into the store */
	for (int i = 0; i < 2; i++) {
		struct benefit_income_report in = {.participant_id = p, .kind = "sykepenger", .month_from = "2025-03",
						   .month_to = "2025-03", .amount_ore = 25000, .note = "",
						   .reported_by = f1, .reported_at = a1.now};
		int64_t id = 0;
		assert_int_equal(store_benefit_income_add(t->db, c, &in, &id), SC_OK);
		assert_true(id > 0);
	}
	approve(t, &a2, start(t, &a1, "2025-03", DONE), DONE);
	struct benefit_run *runs;
	size_t n;
	int64_t total;
	assert_int_equal(store_benefit_runs(t->db, t->a, c, 10, 0, &runs, &n, &total), SC_OK);
	struct benefit_record st = statement_of_in(t, c, runs[0].id, p);
	/* 16 x 100 kr + 2 x 250 kr = 2 100 kr deducted from 15 000 kr */
	assert_int_equal(st.gross_ore, 1500000 - 210000);
	int64_t other = 0;
	size_t lines = 0;
	for (size_t i = 0; i < st.items.n; i++) {
		const struct benefit_item *it = &((const struct benefit_item *)st.items.items)[i];
		if (it->code != BENEFIT_ITEM_OTHER_INCOME)
			continue;
		lines++;
		other += it->amount_ore;
	}
	assert_int_equal(lines, BENEFIT_MAX_INCOME);
	assert_int_equal(other, 210000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_run_approve_correct_recover),
		FX_TEST(test_race),
		FX_TEST(test_new_g_backpay),
		FX_TEST(test_versions_in_force),
		FX_TEST(test_one_participant_and_checks),
		FX_TEST(test_kinds_kept_once),
		FX_TEST(test_left_out_list),
		FX_TEST(test_months_in_order),
		FX_TEST(test_income_reports_of_a_month),
		FX_TEST(test_income_reports_from_before),
	};
	return fx_run("test_store_benefit_run", tests, sizeof tests / sizeof tests[0]);
}
