/*
 * test_store_note_correction.c — a doctor's note registered after a month's
 * benefits were approved reaches the money, on the engine of
 * SC_TEST_DB_URL, through the commands of app/activity.h and app/benefit.h
 * with the store's own sources: the self-certified day beyond the rule it
 * excuses is recorded as a correction of its month (who, when, why), the
 * finance officer's list shows it, and the next run pays the month's
 * difference back, once; a note on days that counted no unexcused minutes
 * records nothing. An enrolment in a group from a day of an approved month
 * is recorded as corrections of that month's sessions too, and so is a
 * pause recorded after the fact, or a period resumed, or a pause's days
 * changed, on its days, and a self-certified day the pause takes beyond
 * the rule or back within it.
 * Each correction keeps its cause.
 *
 * The facts: a conversation group of June 2026 meeting Monday to Thursday
 * 09:00-11:30, 1 to 4 June; one participant of the bergen scheme (15 000 kr
 * a month), 30 % tax, in the programme from June to the end of the year,
 * sick, self-certified, on all four days: the fourth is beyond the rule
 * (three days in a row) and counts 150 minutes unexcused.
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
#include "app/enrolment.h"
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

/* A group of the teacher meeting Monday to Thursday 09:00-11:30 from
 * monday to thursday, made by the leader on monday: its id. */
static int64_t
group_made(struct fx *t, int64_t leader, int64_t teacher, const char *name, const char *monday,
	   const char *thursday)
{
	struct activity_type *types = NULL;
	size_t nt = 0;
	assert_int_equal(store_activity_types(t->db, t->a, 1, &types, &nt), SC_OK);
	int64_t type = 0;
	for (size_t i = 0; i < nt; i++)
		if (types[i].key != NULL && strcmp(types[i].key, "conversation") == 0)
			type = types[i].id;
	struct group_teacher teachers[1] = {{.user_id = teacher}};
	struct group_slot slots[4] = {{.weekday = 0, .start = "09:00", .end = "11:30"},
				      {.weekday = 1, .start = "09:00", .end = "11:30"},
				      {.weekday = 2, .start = "09:00", .end = "11:30"},
				      {.weekday = 3, .start = "09:00", .end = "11:30"}};
	struct group g;
	fields_clear(group_fields, &g);
	g.activity_type_id = type;
	g.name = name;
	g.room = "101";
	g.capacity = 10;
	g.starts_on = D(monday);
	g.ends_on = D(thursday);
	g.language = "Norwegian";
	g.teachers = (struct field_list){.n = 1, .items = teachers};
	g.slots = (struct field_list){.n = 4, .items = slots};
	struct actor lea = actor_on(leader, ROLE_BIT(ROLE_LEADER), monday);
	struct outcome out;
	assert_int_equal(app_group_create(t->db, t->a, &lea, &g, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	return out.id;
}

struct world {
	int64_t leader, teacher, fin1, fin2, p;
	int64_t sessions[4];
};

/* The group of the Monday to the Thursday of a month (the tests share a
 * database: each its own month and users, tag), the participant enrolled
 * in it and in the programme from first (the month's first day), sick,
 * self-certified, on the four days (marked on the Friday). */
static struct world
world_made(struct fx *t, const char *tag, const char *first, const char *monday, const char *thursday,
	   const char *friday)
{
	struct world w;
	char name[32];
	snprintf(name, sizeof name, "leader%s", tag);
	w.leader = fx_user(t, name, ROLE_BIT(ROLE_LEADER));
	snprintf(name, sizeof name, "teacher%s", tag);
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
		 " VALUES (%lld, '%s', '%.4s-12-31', 1, 1, 1)",
		 (long long)w.p, (long long)w.p, first, first);
	fx_exec(sql);
	int64_t gid = group_made(t, w.leader, w.teacher, "Morning conversation", monday, thursday);
	struct actor lea = actor_on(w.leader, ROLE_BIT(ROLE_LEADER), monday);
	struct outcome out;
	struct group_enrolment in;
	fields_clear(group_enrolment_fields, &in);
	in.participant_id = w.p;
	in.waitlist = -1;
	assert_int_equal(app_group_enrol(t->db, t->a, &lea, gid, &in, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	struct group_session *ss = NULL;
	size_t ns = 0;
	assert_int_equal(store_group_sessions(t->db, t->a, 1, gid, D(monday), D(thursday), 10, &ss, &ns),
			 SC_OK);
	assert_int_equal(ns, 4);
	struct actor tea = actor_on(w.teacher, ROLE_BIT(ROLE_TEACHER), friday);
	for (size_t i = 0; i < 4; i++) {
		w.sessions[i] = ss[i].id;
		struct register_row row = {.participant_id = w.p, .mark = MARK_ABSENT, .minutes = FIELD_NONE,
					   .absence = ABSENCE_SICK_SELF, .reason = ""};
		struct register_input reg = {.correction_reason = "", .rest_present = 0,
					     .marks = {.n = 1, .items = &row}};
		assert_int_equal(app_register_save(t->db, t->a, &tea, w.sessions[i], 0, &reg, &out), SC_OK);
		assert_int_equal(out.refusal, DONE);
	}
	return w;
}

/* The leader registers a doctor's note for from..to on today: the
 * absences it covers. */
static int64_t
note(struct fx *t, const struct world *w, const char *today, const char *from, const char *to)
{
	struct actor lea = actor_on(w->leader, ROLE_BIT(ROLE_LEADER), today);
	struct doctor_note in = {.from_on = D(from), .to_on = D(to)};
	struct outcome out;
	assert_int_equal(app_doctor_note(t->db, t->a, &lea, w->p, &in, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	return out.version;
}

/* The corrections not yet taken into a run, as the finance officer's list
 * shows them. */
static size_t
corrections_listed(struct fx *t, const struct world *w, struct correction_item **items)
{
	struct actor fin = actor_on(w->fin1, ROLE_BIT(ROLE_FINANCE), "2026-10-10");
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(app_benefit_corrections(t->db, t->a, &fin, items, &n, &total), SC_OK);
	assert_int_equal(total, (int64_t)n);
	return n;
}

/* June approved with 150 minutes unexcused; a note for 2 to 4 June on
 * 10 July: the fourth day's correction is recorded and listed (who, when,
 * why, the mark now), and July's run pays June's difference back, once. */
static void
test_note_after_approval(void **state)
{
	struct fx *t = *state;
	struct world w = world_made(t, "a", "2026-06-01", "2026-06-01", "2026-06-04", "2026-06-05");
	int64_t jun = run_start(t, w.fin1, "2026-07-01", "2026-06");
	struct benefit_record js = statement_of(t, jun, w.p);
	assert_int_equal(js.gross_ore, 1500000 - 16668);   /* 150 minutes unexcused */
	assert_int_equal(js.net_ore, 1038432);
	run_approve(t, w.fin2, "2026-07-01", jun);

	assert_int_equal(note(t, &w, "2026-07-10", "2026-06-02", "2026-06-04"), 3);
	struct correction_item *c = NULL;
	assert_int_equal(corrections_listed(t, &w, &c), 1);
	assert_int_equal(c[0].participant_id, w.p);
	assert_int_equal(c[0].session_id, w.sessions[3]);
	assert_int_equal(date_cmp(c[0].session_date, D("2026-06-04")), 0);
	assert_string_equal(c[0].family_name, "Hansen");
	assert_string_equal(c[0].group_name, "Morning conversation");
	assert_string_equal(c[0].reason, doctor_note_correction_reason);
	assert_int_equal(c[0].cause, CORRECTION_DOCTOR_NOTE);
	assert_string_equal(c[0].by_name, "leadera");
	assert_int_equal(c[0].at, actor_on(w.leader, 0, "2026-07-10").now);
	assert_int_equal(c[0].mark.kind, MARK_ABSENT);
	assert_true(c[0].doctor_note);
	assert_false(c[0].beyond);

	/* July's run pays June's 150 minutes back: 16 668 øre before tax */
	int64_t jul = run_start(t, w.fin1, "2026-08-03", "2026-07");
	struct benefit_record ls = statement_of(t, jul, w.p);
	const struct benefit_item *items = ls.items.items;
	size_t found = 0;
	for (size_t i = 0; i < ls.items.n; i++)
		if (items[i].code == BENEFIT_ITEM_CORRECTION) {
			found++;
			assert_string_equal(items[i].ref_month, "2026-06");
			assert_int_equal(items[i].amount_ore, 16668);
			assert_int_equal(benefit_causes_parse(items[i].causes), BENEFIT_CAUSE_ATTENDANCE);
		}
	assert_int_equal(found, 1);
	run_approve(t, w.fin2, "2026-08-03", jul);
	assert_int_equal(corrections_listed(t, &w, &c), 0);
}

/* A note on days that counted no unexcused minutes (self-certified within
 * the rule) in an approved month changes no money: nothing is recorded. */
static void
test_note_within_rule(void **state)
{
	struct fx *t = *state;
	struct world w = world_made(t, "b", "2026-08-01", "2026-08-03", "2026-08-06", "2026-08-07");
	/* the month approved with the fourth day excused already */
	assert_int_equal(note(t, &w, "2026-08-07", "2026-08-06", "2026-08-06"), 1);
	int64_t aug = run_start(t, w.fin1, "2026-09-01", "2026-08");
	assert_int_equal(statement_of(t, aug, w.p).gross_ore, 1500000);
	run_approve(t, w.fin2, "2026-09-01", aug);
	assert_int_equal(note(t, &w, "2026-09-10", "2026-08-03", "2026-08-05"), 3);
	struct correction_item *c = NULL;
	assert_int_equal(corrections_listed(t, &w, &c), 0);
}

/* An enrolment from a day of a month whose benefits are approved changes
 * that month's figures (its sessions are the participant's now): each of
 * its sessions in the month is recorded as a correction (decision 173), as
 * a register's change is, and listed for the finance officer; the days of
 * a month not approved record nothing. */
static void
test_enrolment_after_approval(void **state)
{
	struct fx *t = *state;
	struct world w = world_made(t, "c", "2026-10-01", "2026-10-05", "2026-10-08", "2026-10-09");
	/* the months wait for the one before (August's is the last run) */
	run_approve(t, w.fin2, "2026-10-01", run_start(t, w.fin1, "2026-10-01", "2026-09"));
	int64_t oct = run_start(t, w.fin1, "2026-11-02", "2026-10");
	run_approve(t, w.fin2, "2026-11-02", oct);
	int64_t gid = group_made(t, w.leader, w.teacher, "Afternoon conversation", "2026-10-12", "2026-11-26");
	struct actor lea = actor_on(w.leader, ROLE_BIT(ROLE_LEADER), "2026-11-10");
	struct group_enrolment in;
	fields_clear(group_enrolment_fields, &in);
	in.participant_id = w.p;
	in.starts_on = D("2026-10-19");
	in.waitlist = -1;
	struct outcome out;
	assert_int_equal(app_group_enrol(t->db, t->a, &lea, gid, &in, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	struct correction_item *c = NULL;
	assert_int_equal(corrections_listed(t, &w, &c), 8);   /* 19-22 and 26-29 October */
	for (size_t i = 0; i < 8; i++) {
		assert_int_equal(c[i].participant_id, w.p);
		assert_int_equal(c[i].session_date.m, 10);
		assert_true(c[i].session_date.d >= 19);
		assert_string_equal(c[i].group_name, "Afternoon conversation");
		assert_string_equal(c[i].reason, "Enrolled in the group from an earlier date.");
		assert_int_equal(c[i].cause, CORRECTION_ENROLMENT);
		assert_string_equal(c[i].by_name, "leaderc");
		assert_int_equal(c[i].mark.kind, MARK_NONE);
	}
}

/* A participant of the bergen scheme, 30 % tax, in the programme from
 * November 2026 to the end of the year, without groups: the period. */
static int64_t
period_made(struct fx *t, const char *family, int64_t *participant)
{
	*participant = fx_participant(t, 1, family, "active", 0);
	fx_run_sql("UPDATE participants SET bank_account = '86011117947', tax_percent = 30 WHERE id = %lld",
		   (long long)*participant);
	return fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, centre_id, created_at,"
			  " updated_at) VALUES (%lld, '2026-11-01', '2026-12-31', 1, 1, 1) RETURNING id",
			  (long long)*participant);
}

/* The one correction or claim of a statement, of month: its amount. */
static int64_t
item_of(const struct benefit_record *rec, int code, const char *month)
{
	const struct benefit_item *items = rec->items.items;
	int64_t amount = -1;
	size_t found = 0;
	for (size_t i = 0; i < rec->items.n; i++)
		if (items[i].code == BENEFIT_ITEM_CORRECTION || items[i].code == BENEFIT_ITEM_CLAIM) {
			found++;
			assert_int_equal(items[i].code, code);
			assert_string_equal(items[i].ref_month, month);
			assert_int_equal(benefit_causes_parse(items[i].causes), BENEFIT_CAUSE_PERIOD);
			amount = items[i].amount_ore;
		}
	assert_int_equal(found, 1);
	return amount;
}

/* November approved (a day is 500 kr: 15 000 kr / 30): one participant
 * paid all 30 days, paused on 10 December after the fact for 16 to 22
 * November (resuming the 23rd); another paused from 20 November, paid 19
 * days, resumed on 10 December from 25 November. Each change is a
 * correction of November, listed with its cause, and December's run
 * claims the 7 days paid too many (3 500 kr before tax, 2 450 kr after
 * 30 %) and pays the 6 days paid too few, 25 to 30 November (3 000 kr
 * before tax). */
static void
test_pause_after_approval(void **state)
{
	struct fx *t = *state;
	int64_t lead = fx_user(t, "leaderd", ROLE_BIT(ROLE_LEADER));
	int64_t fin1 = fx_user(t, "fin1d", ROLE_BIT(ROLE_FINANCE)), fin2 = fx_user(t, "fin2d", ROLE_BIT(ROLE_FINANCE));
	int64_t after = 0, resumed = 0;
	int64_t eafter = period_made(t, "Afterwards", &after), eresumed = period_made(t, "Resumed", &resumed);
	struct enrolment_pause_input p;
	struct outcome out;
	fields_clear(enrolment_pause_input_fields, &p);
	p.from = D("2026-11-20");
	p.reason = "Caring for a parent";
	struct actor lea = actor_on(lead, ROLE_BIT(ROLE_LEADER), "2026-11-20");
	assert_int_equal(app_enrolment_pause(t->db, t->a, &lea, eresumed, 0, &p, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);

	int64_t nov = run_start(t, fin1, "2026-12-01", "2026-11");
	assert_int_equal(statement_of(t, nov, after).gross_ore, 1500000);
	assert_int_equal(statement_of(t, nov, resumed).gross_ore, 19 * 50000);
	run_approve(t, fin2, "2026-12-01", nov);
	struct world w = {.fin1 = fin1};
	struct correction_item *c = NULL;
	size_t before = corrections_listed(t, &w, &c);   /* the other tests' */

	lea = actor_on(lead, ROLE_BIT(ROLE_LEADER), "2026-12-10");
	p.from = D("2026-11-16");
	p.to = D("2026-11-23");
	p.reason = "Sick leave, told afterwards";
	assert_int_equal(app_enrolment_pause(t->db, t->a, &lea, eafter, 0, &p, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	struct enrolment_resume r = {.date = D("2026-11-25")};
	assert_int_equal(app_enrolment_resume(t->db, t->a, &lea, eresumed, 0, &r, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(corrections_listed(t, &w, &c), before + 2);
	c += before;
	int64_t who[2] = {after, resumed};
	const char *from[2] = {"2026-11-16", "2026-11-25"};
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(c[i].participant_id, who[i]);
		assert_int_equal(c[i].session_id, 0);
		assert_int_equal(date_cmp(c[i].session_date, D(from[i])), 0);
		assert_string_equal(c[i].reason,
				    "A pause recorded or ended after the fact changed the month's programme days.");
		assert_int_equal(c[i].cause, CORRECTION_PAUSE);
		assert_string_equal(c[i].by_name, "leaderd");
		assert_int_equal(c[i].at, lea.now);
	}

	int64_t dec = run_start(t, fin1, "2027-01-04", "2026-12");
	struct benefit_record ds = statement_of(t, dec, after);
	assert_int_equal(item_of(&ds, BENEFIT_ITEM_CLAIM, "2026-11"), 245000);
	assert_int_equal(ds.claims_ore, 245000);
	ds = statement_of(t, dec, resumed);
	assert_int_equal(item_of(&ds, BENEFIT_ITEM_CORRECTION, "2026-11"), 6 * 50000);
	run_approve(t, fin2, "2027-01-04", dec);
	size_t left = corrections_listed(t, &w, &c);
	for (size_t i = 0; i < left; i++)
		assert_true(c[i].participant_id != after && c[i].participant_id != resumed);
}

/* A pause recorded after the fact applies the self-certification rule
 * again to the sick days around it (decision 188), and a day whose
 * unexcused minutes change in an approved month is a correction of its
 * session, as a register's change is. January 2027 approved with Thursday
 * the 7th beyond the rule (sick Monday to Thursday, 150 minutes
 * unexcused); on 10 February the leader records the pause of Monday the
 * 4th: Tuesday to Thursday is three days, within the rule. Listed: the
 * pause's correction of January's programme days, then Thursday's, cause
 * pause, unexcused before and self-certified after. */
static void
test_pause_flag_after_approval(void **state)
{
	struct fx *t = *state;
	struct world w = world_made(t, "e", "2027-01-01", "2027-01-04", "2027-01-07", "2027-01-08");
	struct attendance_summary s;
	assert_int_equal(store_attendance_summary(t->db, t->a, 1, w.p, 2027, 1, &s), SC_OK);
	assert_int_equal(s.absent_minutes[ABSENCE_UNEXCUSED], 150);
	run_approve(t, w.fin2, "2027-02-01", run_start(t, w.fin1, "2027-02-01", "2027-01"));
	struct correction_item *c = NULL;
	size_t before = corrections_listed(t, &w, &c);   /* the other tests' */

	struct actor lea = actor_on(w.leader, ROLE_BIT(ROLE_LEADER), "2027-02-10");
	struct outcome out;
	int64_t period = 0;
	assert_int_equal(app_enrolment_current(t->db, t->a, &lea, w.p, &period, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	struct enrolment_pause_input p;
	fields_clear(enrolment_pause_input_fields, &p);
	p.from = D("2027-01-04");
	p.to = D("2027-01-05");
	p.reason = "Away, told afterwards";
	assert_int_equal(app_enrolment_pause(t->db, t->a, &lea, period, 0, &p, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(store_attendance_summary(t->db, t->a, 1, w.p, 2027, 1, &s), SC_OK);
	assert_int_equal(s.absent_minutes[ABSENCE_UNEXCUSED], 0);
	assert_int_equal(s.absent_days[ABSENCE_SICK_SELF], 3);

	assert_int_equal(corrections_listed(t, &w, &c), before + 2);
	c += before;
	assert_int_equal(c[0].session_id, 0);
	assert_int_equal(c[0].cause, CORRECTION_PAUSE);
	assert_int_equal(c[1].participant_id, w.p);
	assert_int_equal(c[1].session_id, w.sessions[3]);
	assert_int_equal(date_cmp(c[1].session_date, D("2027-01-07")), 0);
	assert_int_equal(c[1].cause, CORRECTION_PAUSE);
	assert_string_equal(c[1].reason, pause_flag_correction_reason);
	assert_string_equal(c[1].by_name, "leadere");
	assert_true(c[1].kept);
	assert_int_equal(c[1].before.type, ABSENCE_UNEXCUSED);
	assert_int_equal(c[1].after.type, ABSENCE_SICK_SELF);
	assert_false(c[1].beyond);

	/* typed wrong: the pause was of Tuesday the 5th. Changed on the 11th,
	 * Monday is sick again and the paused Tuesday joins it to Wednesday
	 * and Thursday: Thursday beyond the rule again. Listed: one correction
	 * of January's programme days (from the 4th, the first day changed),
	 * then Thursday's, self-certified before and unexcused after. */
	struct enrolment_pause *ps = NULL;
	size_t np = 0;
	assert_int_equal(store_enrolment_pauses(t->db, t->a, 1, period, &ps, &np), SC_OK);
	assert_int_equal(np, 1);
	lea = actor_on(w.leader, ROLE_BIT(ROLE_LEADER), "2027-02-11");
	p.from = D("2027-01-05");
	p.to = D("2027-01-06");
	p.reason = NULL;
	assert_int_equal(app_enrolment_pause_change(t->db, t->a, &lea, period, ps[0].id, 0, &p, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(store_attendance_summary(t->db, t->a, 1, w.p, 2027, 1, &s), SC_OK);
	assert_int_equal(s.absent_minutes[ABSENCE_UNEXCUSED], 150);
	assert_int_equal(s.absent_days[ABSENCE_SICK_SELF], 2);
	c = NULL;
	assert_int_equal(corrections_listed(t, &w, &c), before + 4);
	c += before + 2;
	assert_int_equal(c[0].session_id, 0);
	assert_int_equal(date_cmp(c[0].session_date, D("2027-01-04")), 0);
	assert_int_equal(c[0].cause, CORRECTION_PAUSE);
	assert_int_equal(c[1].session_id, w.sessions[3]);
	assert_int_equal(c[1].cause, CORRECTION_PAUSE);
	assert_int_equal(c[1].before.type, ABSENCE_SICK_SELF);
	assert_int_equal(c[1].after.type, ABSENCE_UNEXCUSED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_note_after_approval),
		FX_TEST(test_note_within_rule),
		FX_TEST(test_enrolment_after_approval),
		FX_TEST(test_pause_after_approval),
		FX_TEST(test_pause_flag_after_approval),
	};
	return fx_run("test_store_note_correction", tests, sizeof tests / sizeof tests[0]);
}
