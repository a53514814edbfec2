/*
 * test_store_register_run.c — a register changed while the month's
 * benefit run waits for approval reaches the money once, on the engine of
 * SC_TEST_DB_URL, through the commands of app/activity.h and app/benefit.h
 * with the store's own sources: the run approved, the next month's run
 * claims what the change took away; the run discarded and made again, the
 * month is right and the next run claims nothing.
 *
 * The facts: a conversation group of March 2026 meeting on Mondays
 * 09:00-11:30; one participant of the bergen scheme (15 000 kr a month),
 * 30 % tax, in the programme from March to the end of the year, marked
 * present on Monday 2 March, then unexcused for the session's 150 minutes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/activity.h"
#include "app/benefit.h"
#include "domain/access.h"
#include "fixture.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

static struct date
D(const char *s)
{
	struct date d = {0, 0, 0};
	assert_int_equal(date_parse(s, &d), SC_OK);
	return d;
}

static struct actor
actor_on(int64_t user_id, uint32_t roles, const char *today)
{
	struct date d = D(today);
	return (struct actor){.user_id = user_id, .username = "u", .name = "U", .roles = roles, .centre_id = 1,
			      .address = "", .now = 1772400000 + (d.m * 31 + d.d) * 86400, .today = d};
}

struct world {
	int64_t teacher, fin1, fin2, p, session;
};

/* The group of the month whose first Monday is monday (the tests share a
 * database: each its own months and users, tag), the participant enrolled
 * in it and the programme, and the first session's register saved:
 * everyone present. */
static struct world
world_made(struct fx *t, const char *tag, const char *monday, const char *last)
{
	struct world w;
	char name[32];
	snprintf(name, sizeof name, "lea%s", tag);
	int64_t leader = fx_user(t, name, ROLE_BIT(ROLE_LEADER));
	snprintf(name, sizeof name, "tea%s", tag);
	w.teacher = fx_user(t, name, ROLE_BIT(ROLE_TEACHER));
	snprintf(name, sizeof name, "fin1%s", tag);
	w.fin1 = fx_user(t, name, ROLE_BIT(ROLE_FINANCE));
	snprintf(name, sizeof name, "fin2%s", tag);
	w.fin2 = fx_user(t, name, ROLE_BIT(ROLE_FINANCE));
	w.p = fx_participant(t, 1, "Hansen", "active", 0);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "UPDATE participants SET bank_account = '86011117947', tax_percent = 30 WHERE id = %lld;"
		 "INSERT INTO enrolments (participant_id, start_date, planned_end, centre_id, created_at, updated_at)"
		 " VALUES (%lld, '%s', '2026-12-31', 1, 1, 1)",
		 (long long)w.p, (long long)w.p, monday);
	fx_exec(sql);

	struct activity_type *types = NULL;
	size_t nt = 0;
	assert_int_equal(store_activity_types(t->db, t->a, 1, &types, &nt), SC_OK);
	int64_t type = 0;
	for (size_t i = 0; i < nt; i++)
		if (types[i].key != NULL && strcmp(types[i].key, "conversation") == 0)
			type = types[i].id;
	struct group_teacher teachers[1] = {{.user_id = w.teacher}};
	struct group_slot slots[1] = {{.weekday = 0, .start = "09:00", .end = "11:30"}};
	struct group g;
	fields_clear(group_fields, &g);
	g.activity_type_id = type;
	g.name = "Monday conversation";
	g.room = "101";
	g.capacity = 10;
	g.starts_on = D(monday);
	g.ends_on = D(last);
	g.language = "Norwegian";
	g.teachers = (struct field_list){.n = 1, .items = teachers};
	g.slots = (struct field_list){.n = 1, .items = slots};
	struct actor lea = actor_on(leader, ROLE_BIT(ROLE_LEADER), monday);
	struct outcome out;
	assert_int_equal(app_group_create(t->db, t->a, &lea, &g, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	int64_t gid = out.id;
	struct group_enrolment in;
	fields_clear(group_enrolment_fields, &in);
	in.participant_id = w.p;
	in.waitlist = -1;
	assert_int_equal(app_group_enrol(t->db, t->a, &lea, gid, &in, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	struct group_session *ss = NULL;
	size_t ns = 0;
	assert_int_equal(store_group_sessions(t->db, t->a, 1, gid, D(monday), D(monday), 10, &ss, &ns),
			 SC_OK);
	assert_int_equal(ns, 1);
	w.session = ss[0].id;
	struct actor tea = actor_on(w.teacher, ROLE_BIT(ROLE_TEACHER), monday);
	struct register_input reg = {.correction_reason = "", .rest_present = 1};
	assert_int_equal(app_register_save(t->db, t->a, &tea, w.session, 0, &reg, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(out.version, 1);
	return w;
}

/* The register as the teacher opens it on today: 1 when the month is
 * approved, 2 when its run waits for approval, 0 when neither. */
static int
register_state(struct fx *t, const struct world *w, const char *today)
{
	struct actor tea = actor_on(w->teacher, ROLE_BIT(ROLE_TEACHER), today);
	struct register_view v;
	struct outcome out;
	assert_int_equal(app_register(t->db, t->a, &tea, w->session, &v, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_false(v.approved && v.run_waiting);
	return v.approved ? 1 : v.run_waiting ? 2 : 0;
}

/* The teacher marks the participant unexcused on the first Monday, on today,
 * saying why (not required: the month is not approved). */
static void
mark_unexcused(struct fx *t, const struct world *w, const char *today, const char *why)
{
	struct register_row row = {.participant_id = w->p, .mark = MARK_ABSENT, .minutes = FIELD_NONE,
				   .absence = ABSENCE_UNEXCUSED, .reason = ""};
	struct register_input reg = {.correction_reason = why, .rest_present = 0,
				     .marks = {.n = 1, .items = &row}};
	struct actor tea = actor_on(w->teacher, ROLE_BIT(ROLE_TEACHER), today);
	struct outcome out;
	assert_int_equal(app_register_save(t->db, t->a, &tea, w->session, 0, &reg, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(out.version, 1);
}

static int64_t
run_start(struct fx *t, int64_t user, const char *today, const char *month)
{
	struct actor a = actor_on(user, ROLE_BIT(ROLE_FINANCE), today);
	struct benefit_run run;
	struct outcome out;
	assert_int_equal(app_benefit_run_start(t->db, t->a, &a, NULL, month, &run, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	return out.id;
}

static void
run_approve(struct fx *t, int64_t user, const char *today, int64_t run)
{
	struct actor a = actor_on(user, ROLE_BIT(ROLE_FINANCE), today);
	struct outcome out;
	assert_int_equal(app_benefit_run_approve(t->db, t->a, &a, NULL, run, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
}

/* The run's statement of the participant. */
static struct benefit_record
statement_of(struct fx *t, int64_t run, int64_t participant_id)
{
	struct benefit_record *items;
	size_t n;
	int64_t total;
	assert_int_equal(store_benefit_statements(t->db, t->a, 1, run, BENEFIT_LIST_ALL, 100, 0, &items, &n, &total),
			 SC_OK);
	for (size_t i = 0; i < n; i++)
		if (items[i].participant_id == participant_id) {
			struct benefit_record rec;
			assert_int_equal(store_benefit_statement_get(t->db, t->a, 1, items[i].id, &rec), SC_OK);
			return rec;
		}
	fail_msg("no statement of %lld in run %lld", (long long)participant_id, (long long)run);
	return items[0];
}

static size_t
corrections_open(struct fx *t)
{
	struct attendance_correction *c = NULL;
	size_t n = 0;
	assert_int_equal(store_attendance_corrections(t->db, t->a, 1, true, 100, &c, &n), SC_OK);
	return n;
}

/* The reason of the only correction not yet taken into a run. */
static const char *
correction_reason(struct fx *t)
{
	struct attendance_correction *c = NULL;
	size_t n = 0;
	assert_int_equal(store_attendance_corrections(t->db, t->a, 1, true, 100, &c, &n), SC_OK);
	assert_int_equal(n, 1);
	return c[0].reason;
}

/* March's run waits; the register is changed; another officer approves:
 * April's run claims what March paid for the 150 minutes, once. */
static void
test_changed_while_pending_approved(void **state)
{
	struct fx *t = *state;
	struct world w = world_made(t, "a", "2026-03-02", "2026-03-31");
	assert_int_equal(register_state(t, &w, "2026-04-01"), 0);
	int64_t mar = run_start(t, w.fin1, "2026-04-01", "2026-03");
	struct benefit_record ms = statement_of(t, mar, w.p);
	assert_int_equal(ms.gross_ore, 1500000);
	assert_int_equal(ms.net_ore, 1050000);
	/* the teacher's register says the run waits, and keeps the reason given */
	assert_int_equal(register_state(t, &w, "2026-04-02"), 2);
	mark_unexcused(t, &w, "2026-04-02", "Marked from the paper list a day late");
	assert_int_equal(corrections_open(t), 1);
	assert_string_equal(correction_reason(t), "Marked from the paper list a day late");
	/* the finance officer's list keeps the mark before (present) and after
	 * (absent, unexcused), who, when and why (issue 9) */
	struct correction_item *ci = NULL;
	size_t nci = 0;
	int64_t total = 0;
	assert_int_equal(store_attendance_corrections_open(t->db, t->a, 1, 100, &ci, &nci, &total), SC_OK);
	assert_int_equal(nci, 1);
	assert_true(ci[0].kept);
	assert_int_equal(ci[0].before.kind, MARK_PRESENT);
	assert_int_equal(ci[0].after.kind, MARK_ABSENT);
	assert_int_equal(ci[0].after.type, ABSENCE_UNEXCUSED);
	assert_int_equal(ci[0].mark.kind, MARK_ABSENT);
	assert_string_equal(ci[0].reason, "Marked from the paper list a day late");
	assert_int_equal(ci[0].at, actor_on(w.teacher, 0, "2026-04-02").now);
	/* corrected again: present, then late 10 and left early 20; the new
	 * correction's before is the unexcused absence */
	struct register_row row = {.participant_id = w.p, .mark = MARK_LATE, .minutes = 10,
				   .left_early_minutes = 20, .absence = -1, .reason = ""};
	struct register_input reg = {.correction_reason = "Came after all", .marks = {.n = 1, .items = &row}};
	struct actor tea = actor_on(w.teacher, ROLE_BIT(ROLE_TEACHER), "2026-04-02");
	struct outcome out;
	assert_int_equal(app_register_save(t->db, t->a, &tea, w.session, 0, &reg, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(store_attendance_corrections_open(t->db, t->a, 1, 100, &ci, &nci, &total), SC_OK);
	assert_int_equal(nci, 2);
	assert_int_equal(ci[1].before.kind, MARK_ABSENT);
	assert_int_equal(ci[1].before.type, ABSENCE_UNEXCUSED);
	assert_int_equal(ci[1].after.kind, MARK_LATE);
	assert_int_equal(ci[1].after.minutes, 10);
	assert_int_equal(ci[1].after.early, 20);
	assert_int_equal(ci[1].mark.early, 20);
	/* and back to the unexcused absence the rest of the test counts */
	mark_unexcused(t, &w, "2026-04-02", "Marked from the paper list a day late");
	assert_int_equal(store_attendance_corrections_open(t->db, t->a, 1, 100, &ci, &nci, &total), SC_OK);
	assert_int_equal(nci, 3);
	assert_int_equal(ci[2].before.kind, MARK_LATE);
	assert_int_equal(ci[2].before.early, 20);
	run_approve(t, w.fin2, "2026-04-02", mar);
	assert_int_equal(register_state(t, &w, "2026-04-02"), 1);
	/* March as approved is unchanged; the corrections wait for April's run */
	assert_int_equal(statement_of(t, mar, w.p).net_ore, 1050000);
	assert_int_equal(corrections_open(t), 3);
	int64_t apr = run_start(t, w.fin1, "2026-05-04", "2026-04");
	struct benefit_record as = statement_of(t, apr, w.p);
	const struct benefit_item *claims[4];
	assert_int_equal(benefit_record_claims(&as, claims, 4), 1);
	assert_string_equal(claims[0]->ref_month, "2026-03");
	assert_int_equal(benefit_causes_parse(claims[0]->causes), BENEFIT_CAUSE_ATTENDANCE);
	/* March's net made again is 10 384,32 kr (as June's in the test below) */
	assert_int_equal(claims[0]->amount_ore, 1050000 - 1038432);
	assert_int_equal(as.claims_ore, 1050000 - 1038432);
	run_approve(t, w.fin2, "2026-05-04", apr);
	assert_int_equal(corrections_open(t), 0);
	/* May's run claims nothing of March again */
	int64_t may = run_start(t, w.fin1, "2026-06-01", "2026-05");
	assert_int_equal(statement_of(t, may, w.p).claims_ore, 0);
	run_approve(t, w.fin2, "2026-06-01", may);
}

/* March's run waits; the register is changed; the run is discarded and
 * made again (it reads the change); approved, April's run claims nothing:
 * the change is not counted twice. */
static void
test_changed_while_pending_discarded(void **state)
{
	struct fx *t = *state;
	struct world w = world_made(t, "b", "2026-06-01", "2026-06-30");
	int64_t jun = run_start(t, w.fin1, "2026-07-01", "2026-06");
	assert_int_equal(statement_of(t, jun, w.p).net_ore, 1050000);
	mark_unexcused(t, &w, "2026-07-02", "");
	assert_int_equal(corrections_open(t), 1);
	struct actor a1 = actor_on(w.fin1, ROLE_BIT(ROLE_FINANCE), "2026-07-02");
	struct outcome out;
	assert_int_equal(app_benefit_run_discard(t->db, t->a, &a1, jun, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	/* made again, June reads the change */
	int64_t again = run_start(t, w.fin1, "2026-07-02", "2026-06");
	struct benefit_record ms = statement_of(t, again, w.p);
	assert_int_equal(ms.gross_ore, 1500000 - 16668);   /* 150 minutes unexcused */
	assert_int_equal(ms.net_ore, 1038432);
	run_approve(t, w.fin2, "2026-07-03", again);
	int64_t apr = run_start(t, w.fin1, "2026-08-03", "2026-07");
	struct benefit_record as = statement_of(t, apr, w.p);
	assert_int_equal(as.claims_ore, 0);
	const struct benefit_item *claims[4];
	assert_int_equal(benefit_record_claims(&as, claims, 4), 0);
	run_approve(t, w.fin2, "2026-08-03", apr);
	assert_int_equal(corrections_open(t), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_changed_while_pending_approved),
		FX_TEST(test_changed_while_pending_discarded),
	};
	return fx_run("test_store_register_run", tests, sizeof tests / sizeof tests[0]);
}
