/*
 * test_app_exit.c — what an exit from the programme ends, and the
 * follow-ups after it (src/app/enrolment.h, src/app/task.h), on both
 * engines with the shared fixture: the exit frees the participant's places
 * in groups from the exit date and takes them off waiting lists, and ends
 * their placements that have not ended, in its own transaction (a refused
 * exit changes none of it), but is not dated before the first day of a
 * placement followed up since that day or whose result is recorded, and a
 * placement's follow-up is
 * dated within it (from its proposal to its end, the exit's or its own);
 * the follow-ups are registered in order, with a
 * status from after the exit, and the contact person keeps the participant
 * until the last one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "app/activity.h"
#include "app/enrolment.h"
#include "app/placement.h"
#include "app/task.h"
#include "domain/access.h"
#include "domain/activity.h"
#include "domain/enrolment.h"
#include "domain/placement.h"
#include "domain/task.h"
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

#define NOW 1773650000        /* a moment of Monday 16 March 2026 */
#define PROPOSED 1772452800   /* noon (UTC) of Monday 2 March 2026 */

static void
expect_done(const char *what, int rc, const struct outcome *out)
{
	if (rc != SC_OK)
		fail_msg("%s: %s", what, sc_strerror(rc));
	if (out->refusal != DONE)
		fail_msg("%s: refused %d (%s: %s)", what, out->refusal, out->errors.n ? out->errors.field[0] : "-",
			 out->errors.n ? out->errors.reason[0] : out->message ? out->message : "-");
}

static int64_t
type_id(struct fx *t, const char *key)
{
	struct activity_type *types = NULL;
	size_t n = 0;
	assert_int_equal(store_activity_types(t->db, t->a, 1, &types, &n), SC_OK);
	for (size_t i = 0; i < n; i++)
		if (types[i].key != NULL && strcmp(types[i].key, key) == 0)
			return types[i].id;
	fail_msg("no type %s", key);
	return 0;
}

/* A conversation group of March 2026 on Mondays (weekday) with capacity. */
static int64_t
group(struct fx *t, const struct actor *lea, int64_t teacher, const char *name, int64_t capacity, int weekday)
{
	struct group_teacher teachers[1] = {{.user_id = teacher}};
	struct group_slot slots[1] = {{.weekday = weekday, .start = "09:00", .end = "11:00"}};
	struct group g;
	fields_clear(group_fields, &g);
	g.activity_type_id = type_id(t, "conversation");
	g.name = name;
	g.room = "101";
	g.capacity = capacity;
	g.starts_on = D("2026-03-02");
	g.ends_on = D("2026-03-31");
	g.language = "Norwegian";
	g.teachers = (struct field_list){.n = 1, .items = teachers};
	g.slots = (struct field_list){.n = 1, .items = slots};
	struct outcome out;
	expect_done(name, app_group_create(t->db, t->a, lea, &g, &out), &out);
	return out.id;
}

/* Enrols pid in the group from `from` (waiting when it is full and
 * waitlist); the enrolment's id. */
static int64_t
enrol(struct fx *t, const struct actor *lea, int64_t group_id, int64_t pid, const char *from, int waitlist)
{
	struct group_enrolment in;
	fields_clear(group_enrolment_fields, &in);
	in.participant_id = pid;
	in.starts_on = D(from);
	in.waitlist = waitlist;
	struct outcome out;
	expect_done("enrol", app_group_enrol(t->db, t->a, lea, group_id, &in, NULL, &out), &out);
	return out.id;
}

/* A placement of pid at a new employer (name, orgnr) with every term,
 * proposed and approved by all three on 2 March 2026: agreed. */
static int64_t
placement(struct fx *t, int64_t pid, int64_t follow, const char *from, const char *to, const char *name,
	  const char *orgnr)
{
	int64_t employer = fx_employer(t, 1, name, orgnr, "Bergen");
	struct employer_contact c;
	fields_clear(employer_contact_fields, &c);
	c.employer_id = employer;
	c.name = "Siri Supervisor";
	int64_t contact = 0;
	assert_int_equal(store_contact_add(t->db, 1, &c, 0, 1000, &contact), SC_OK);
	struct placement p;
	fields_clear(placement_fields, &p);
	p.participant_id = pid;
	p.employer_id = employer;
	p.supervisor_id = contact;
	p.follow_up_id = follow;
	p.starts_on = D(from);
	p.ends_on = D(to);
	p.hours_per_week = 20;
	p.days_per_week = 4;
	p.tasks = "Reception";
	struct placement_facts f = placement_facts_of(&p);
	int64_t id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_placement_create(t->db, 1, &p, placement_phase(&f), 0, PROPOSED, &id), SC_OK);
	assert_int_equal(store_placement_set_approvals(t->db, 1, id, PROPOSED, PROPOSED, PROPOSED, PHASE_AGREED, PROPOSED),
			 SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	return id;
}

/* A participant of centre 1 in a programme period from 2026-01-05 with
 * contact as their contact person; the period's id. */
static int64_t
in_programme(struct fx *t, const struct actor *lea, const char *family, int64_t contact, int64_t *pid)
{
	*pid = fx_participant(t, 1, family, "registered", 0);
	struct enrolment_start in;
	fields_clear(enrolment_start_fields, &in);
	in.start_date = D("2026-01-05");
	in.contact_id = contact;
	struct outcome out;
	expect_done("start", app_enrolment_start(t->db, t->a, lea, *pid, &in, &out), &out);
	return out.id;
}

static struct group_enrolment
enrolment_of(struct fx *t, int64_t id)
{
	struct group_enrolment en;
	assert_int_equal(store_group_enrolment_get(t->db, t->a, 1, id, &en), SC_OK);
	return en;
}

static void
expect_date(struct date got, const char *want)
{
	char s[11];
	date_format(got, s);
	assert_string_equal(s, want);
}

/* The exit on Wednesday 11 March: the enrolment in a group running to the
 * 31st ends on the 10th (its place free, its sessions no longer expect
 * them), the place on a full group's waiting list is given up, and the
 * agreed placement ends early on the exit date with the exit's reason. An
 * exit refused for its date changes none of them. */
static void
test_exit_ends_places(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "exit.leader", ROLE_BIT(ROLE_LEADER));
	int64_t teacher = fx_user(t, "exit.teacher", ROLE_BIT(ROLE_TEACHER));
	int64_t contact = fx_user(t, "exit.contact", ROLE_BIT(ROLE_CONTACT));
	int64_t liaison = fx_user(t, "exit.liaison", ROLE_BIT(ROLE_LIAISON));
	struct actor lea = fx_leader(leader, 1, D("2026-03-02"), NOW - 14 * 86400);
	int64_t pid = 0, other = 0;
	int64_t eid = in_programme(t, &lea, "Leaving", contact, &pid);
	in_programme(t, &lea, "Staying", contact, &other);
	int64_t g1 = group(t, &lea, teacher, "Monday talk", 10, 0);
	int64_t g2 = group(t, &lea, teacher, "Wednesday talk", 1, 2);
	int64_t in_g1 = enrol(t, &lea, g1, pid, "2026-03-02", 0);
	enrol(t, &lea, g2, other, "2026-03-02", 0);
	int64_t waits = enrol(t, &lea, g2, pid, "2026-03-02", 1);
	assert_int_equal(enrolment_of(t, waits).status, ENROL_WAITING);
	int64_t pl = placement(t, pid, liaison, "2026-03-02", "2026-05-29", "Hotel Bryggen", "923456783");

	lea.today = D("2026-03-16");
	lea.now = NOW;
	struct enrolment_exit ex;
	fields_clear(enrolment_exit_fields, &ex);
	ex.date = D("2025-12-31");
	ex.reason = "Moved to Oslo";
	ex.outcome = OUTCOME_MOVED;
	struct outcome out;
	assert_int_equal(app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, NULL, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	struct group_enrolment en = enrolment_of(t, in_g1);
	assert_int_equal(en.status, ENROL_ENROLLED);
	expect_date(en.ends_on, "2026-03-31");
	assert_int_equal(enrolment_of(t, waits).status, ENROL_WAITING);
	struct placement p;
	assert_int_equal(store_placement_get(t->db, t->a, 1, pl, false, &p), SC_OK);
	assert_int_equal(p.ended_on.y, 0);

	ex.date = D("2026-03-11");
	expect_done("exit", app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, NULL, NULL, &out), &out);
	en = enrolment_of(t, in_g1);
	assert_int_equal(en.status, ENROL_ENROLLED);
	expect_date(en.ends_on, "2026-03-10");
	assert_string_equal(en.end_reason, "Moved to Oslo");
	struct group g;
	assert_int_equal(store_group_get(t->db, t->a, 1, g1, D("2026-03-11"), &g), SC_OK);
	assert_int_equal(g.enrolled, 0);
	assert_int_equal(enrolment_of(t, waits).status, ENROL_REMOVED);
	assert_int_equal(store_group_get(t->db, t->a, 1, g2, D("2026-03-11"), &g), SC_OK);
	assert_int_equal(g.enrolled, 1);
	assert_int_equal(g.waiting, 0);
	assert_int_equal(store_placement_get(t->db, t->a, 1, pl, false, &p), SC_OK);
	expect_date(p.ended_on, "2026-03-11");
	assert_int_equal(p.end_reason, END_OTHER);
	assert_string_equal(p.end_note, "Moved to Oslo");
	struct placement_facts f = placement_facts_of(&p);
	assert_int_equal(placement_status(&f, lea.today), PLACEMENT_ENDED_EARLY);
	/* the other participant keeps their place */
	struct group_enrolment *items = NULL;
	size_t n = 0;
	assert_int_equal(store_group_enrolments(t->db, t->a, 1, g2, &items, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].participant_id, other);
}

/* A placement followed up on or after its first day (Monday 9 March) has
 * begun in practice: an exit dated before that day is refused under its
 * date naming the placement, its first day and the follow-up, and changes
 * nothing; dated on the first day, the placement ends early on it. */
static void
test_exit_before_visited_placement(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "visited.leader", ROLE_BIT(ROLE_LEADER));
	int64_t contact = fx_user(t, "visited.contact", ROLE_BIT(ROLE_CONTACT));
	int64_t liaison = fx_user(t, "visited.liaison", ROLE_BIT(ROLE_LIAISON));
	struct actor lea = fx_leader(leader, 1, D("2026-03-16"), NOW);
	int64_t pid = 0;
	int64_t eid = in_programme(t, &lea, "Visited", contact, &pid);
	int64_t pl = placement(t, pid, liaison, "2026-03-09", "2026-05-29", "Kafé Torget", "987654325");
	struct placement_visit v;
	fields_clear(placement_visit_fields, &v);
	v.held_on = D("2026-03-12");
	v.kind = VISIT_VISIT;
	struct outcome out;
	expect_done("visit", app_placement_visit_add(t->db, t->a, &lea, pl, &v, &out), &out);

	struct enrolment_exit ex;
	fields_clear(enrolment_exit_fields, &ex);
	ex.date = D("2026-03-05");
	ex.reason = "Moved to Oslo";
	ex.outcome = OUTCOME_MOVED;
	assert_int_equal(app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, NULL, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_int_equal(out.errors.n, 1);
	assert_string_equal(out.errors.field[0], "date");
	assert_string_equal(out.errors.reason[0], "The placement at %s began on %s and was followed up on %s: the "
						  "exit cannot be dated before its first day.");
	assert_string_equal(out.errors.text[0][0], "Kafé Torget");
	assert_string_equal(out.errors.text[0][1], "2026-03-09");
	assert_string_equal(out.errors.text[0][2], "2026-03-12");
	struct placement p;
	assert_int_equal(store_placement_get(t->db, t->a, 1, pl, false, &p), SC_OK);
	assert_int_equal(p.ended_on.y, 0);
	struct enrolment e;
	assert_int_equal(store_enrolment_get(t->db, t->a, 1, eid, &e), SC_OK);
	assert_int_equal(e.status, ENROLMENT_ACTIVE);

	ex.date = D("2026-03-09");
	expect_done("exit", app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, NULL, NULL, &out), &out);
	assert_int_equal(store_placement_get(t->db, t->a, 1, pl, false, &p), SC_OK);
	expect_date(p.ended_on, "2026-03-09");
	struct placement_facts f = placement_facts_of(&p);
	assert_true(placement_started(&f, lea.today));
	assert_int_equal(placement_status(&f, lea.today), PLACEMENT_ENDED_EARLY);
}

/* A placement whose result is recorded ran from its first day (Monday 2
 * March), whether or not it was followed up: an exit dated before that day
 * is a conflict (REFUSED_STATE) said under its date, naming the employer
 * and the day, and changes nothing: not the placement, not the period, not
 * the participant's status, no audit entry. Dated on the first day, the
 * placement ends early on it. */
static void
test_exit_before_placement_with_result(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "result.leader", ROLE_BIT(ROLE_LEADER));
	int64_t contact = fx_user(t, "result.contact", ROLE_BIT(ROLE_CONTACT));
	int64_t liaison = fx_user(t, "result.liaison", ROLE_BIT(ROLE_LIAISON));
	struct actor lea = fx_leader(leader, 1, D("2026-03-16"), NOW);
	int64_t pid = 0;
	int64_t eid = in_programme(t, &lea, "Resulted", contact, &pid);
	int64_t pl = placement(t, pid, liaison, "2026-03-02", "2026-03-13", "Bakeri Sør", "974760673");
	struct placement_result_input res;
	fields_clear(placement_result_fields, &res);
	res.hired = 0;
	struct outcome out;
	expect_done("result", app_placement_result(t->db, t->a, &lea, pl, &res, &out), &out);

	char sql[160];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM participants WHERE id = %lld AND status = 'active'",
		 (long long)pid);
	int64_t audits = fx_raw_int(fx_url(), "SELECT COUNT(*) FROM audit_log");
	struct enrolment_exit ex;
	fields_clear(enrolment_exit_fields, &ex);
	ex.date = D("2026-02-27");
	ex.reason = "Moved to Oslo";
	ex.outcome = OUTCOME_MOVED;
	assert_int_equal(app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, NULL, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_STATE);
	static const char said[] = "The placement at %s began on %s and its result is recorded: the exit cannot be "
				   "dated before %s.";
	assert_string_equal(out.message, said);
	assert_string_equal(out.message_text[0], "Bakeri Sør");
	assert_string_equal(out.message_text[1], "2026-03-02");
	assert_string_equal(out.message_text[2], "2026-03-02");
	assert_int_equal(out.errors.n, 1);
	assert_string_equal(out.errors.field[0], "date");
	assert_string_equal(out.errors.reason[0], said);
	assert_string_equal(out.errors.text[0][0], "Bakeri Sør");
	assert_string_equal(out.errors.text[0][1], "2026-03-02");
	struct placement p;
	assert_int_equal(store_placement_get(t->db, t->a, 1, pl, false, &p), SC_OK);
	assert_int_equal(p.ended_on.y, 0);
	assert_int_equal(p.result, RESULT_NOT_HIRED);
	struct placement_facts f = placement_facts_of(&p);
	assert_int_equal(placement_status(&f, lea.today), PLACEMENT_COMPLETED);
	struct enrolment e;
	assert_int_equal(store_enrolment_get(t->db, t->a, 1, eid, &e), SC_OK);
	assert_int_equal(e.status, ENROLMENT_ACTIVE);
	assert_int_equal(e.exit_date.y, 0);
	assert_int_equal(fx_raw_int(fx_url(), sql), 1);
	assert_int_equal(fx_raw_int(fx_url(), "SELECT COUNT(*) FROM audit_log"), audits);

	ex.date = D("2026-03-02");
	expect_done("exit", app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, NULL, NULL, &out), &out);
	assert_int_equal(store_placement_get(t->db, t->a, 1, pl, false, &p), SC_OK);
	expect_date(p.ended_on, "2026-03-02");
	assert_int_equal(p.result, RESULT_NOT_HIRED);
}

/* A follow-up is dated within its placement: not before it was proposed
 * (2 March), not after the exit that ended it early (11 March); a refused
 * one is said under its date, naming the day, and saves nothing. */
static void
test_visit_within_placement(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "within.leader", ROLE_BIT(ROLE_LEADER));
	int64_t contact = fx_user(t, "within.contact", ROLE_BIT(ROLE_CONTACT));
	int64_t liaison = fx_user(t, "within.liaison", ROLE_BIT(ROLE_LIAISON));
	struct actor lea = fx_leader(leader, 1, D("2026-03-16"), NOW);
	int64_t pid = 0;
	int64_t eid = in_programme(t, &lea, "Within", contact, &pid);
	int64_t pl = placement(t, pid, liaison, "2026-03-09", "2026-05-29", "Verksted Nord", "912345602");
	static const struct {
		const char *held, *reason, *day;
		bool exited;   /* after the exit of 11 March */
	} rows[] = {
		{"2026-03-01", "The follow-up cannot be dated before the placement was proposed, on %s.", "2026-03-02",
		 false},
		{"2026-03-12", "The placement ended on %s: the follow-up cannot be dated after it.", "2026-03-11", true},
	};
	struct outcome out;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (rows[i].exited) {
			struct enrolment_exit ex;
			fields_clear(enrolment_exit_fields, &ex);
			ex.date = D("2026-03-11");
			ex.reason = "Moved to Oslo";
			ex.outcome = OUTCOME_MOVED;
			expect_done("exit", app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, NULL, NULL, &out), &out);
		}
		struct placement_visit v;
		fields_clear(placement_visit_fields, &v);
		v.held_on = D(rows[i].held);
		v.kind = VISIT_CALL;
		assert_int_equal(app_placement_visit_add(t->db, t->a, &lea, pl, &v, &out), SC_OK);
		assert_int_equal(out.refusal, REFUSED_INVALID);
		assert_int_equal(out.errors.n, 1);
		assert_string_equal(out.errors.field[0], "held_on");
		assert_string_equal(out.errors.reason[0], rows[i].reason);
		assert_string_equal(out.errors.text[0][0], rows[i].day);
		struct placement_visit *items = NULL;
		size_t n = 9;
		assert_int_equal(store_placement_visits(t->db, t->a, 1, pl, &items, &n), SC_OK);
		assert_int_equal(n, 0);
	}
	/* on the day it ended */
	struct placement_visit v;
	fields_clear(placement_visit_fields, &v);
	v.held_on = D("2026-03-11");
	v.kind = VISIT_CALL;
	expect_done("visit", app_placement_visit_add(t->db, t->a, &lea, pl, &v, &out), &out);
}

/* The rule of a place at the exit, as a table. */
static void
test_exit_place_rule(void **state)
{
	(void)state;
	static const struct {
		bool waiting;
		const char *starts, *ends, *mark, *exit;
		enum exit_place want;
		const char *last;
	} rows[] = {
		{true, "2026-03-02", "2026-03-31", NULL, "2026-03-11", EXIT_PLACE_REMOVE, NULL},
		{false, "2026-03-02", "2026-03-31", NULL, "2026-03-11", EXIT_PLACE_END, "2026-03-10"},
		{false, "2026-03-02", "2026-03-31", "2026-03-09", "2026-03-11", EXIT_PLACE_END, "2026-03-10"},
		{false, "2026-03-02", "2026-03-31", "2026-03-12", "2026-03-11", EXIT_PLACE_END, "2026-03-12"},
		{false, "2026-03-02", "2026-03-10", NULL, "2026-03-11", EXIT_PLACE_KEEP, NULL},
		{false, "2026-03-02", "2026-03-11", NULL, "2026-03-11", EXIT_PLACE_END, "2026-03-10"},
		{false, "2026-03-11", "2026-03-31", NULL, "2026-03-11", EXIT_PLACE_REMOVE, NULL},
		{false, "2026-04-01", "2026-04-30", NULL, "2026-03-11", EXIT_PLACE_REMOVE, NULL},
		{false, "2026-03-11", "2026-03-31", "2026-03-11", "2026-03-11", EXIT_PLACE_END, "2026-03-11"},
		{false, "2026-03-02", "2026-03-31", "2026-03-31", "2026-03-11", EXIT_PLACE_KEEP, NULL},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct date last = {0, 0, 0}, mark = {0, 0, 0};
		if (rows[i].mark != NULL)
			mark = D(rows[i].mark);
		enum exit_place got = enrolment_exit_place(rows[i].waiting, D(rows[i].starts), D(rows[i].ends), mark,
							   D(rows[i].exit), &last);
		if (got != rows[i].want)
			fail_msg("row %zu: %d, want %d", i, got, rows[i].want);
		if (rows[i].last != NULL)
			expect_date(last, rows[i].last);
	}
	assert_int_equal(enrolment_exit_placement_reason(OUTCOME_EMPLOYED_PART), END_GOT_JOB);
	assert_int_equal(enrolment_exit_placement_reason(OUTCOME_EDUCATION), END_OTHER);
}

/* The follow-ups after an exit on 2026-03-11, registered by the contact
 * person: the 12-month one before the 6-month one is refused, as is a
 * status from before the exit; the 6-month one keeps her access, the
 * 12-month one (the last) ends it the day before. */
static void
test_followups_in_order(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "order.leader", ROLE_BIT(ROLE_LEADER));
	int64_t contact = fx_user(t, "order.contact", ROLE_BIT(ROLE_CONTACT));
	struct actor lea = fx_leader(leader, 1, D("2026-03-16"), NOW);
	int64_t pid = 0;
	int64_t eid = in_programme(t, &lea, "Followed", contact, &pid);
	struct enrolment_exit ex;
	fields_clear(enrolment_exit_fields, &ex);
	ex.date = D("2026-03-11");
	ex.reason = "Got a job";
	ex.outcome = OUTCOME_EMPLOYED_FULL;
	int64_t tasks[ENROLMENT_NFOLLOWUPS] = {0};
	struct outcome out;
	expect_done("exit", app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, tasks, NULL, &out), &out);

	struct actor kari = lea;
	kari.user_id = contact;
	kari.roles = ROLE_BIT(ROLE_CONTACT);
	struct task in, task;
	struct participant_brief b;
	bool still = false;
	fields_clear(task_fields, &in);
	in.result = TASK_RESULT_EMPLOYED_FULL;
	in.result_on = D("1990-01-01");
	assert_int_equal(app_task_done(t->db, t->a, &kari, tasks[1], &in, &task, &b, &still, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "result"),
			    "Register the 6-month follow-up first: the 12-month follow-up comes after it.");
	assert_string_equal(field_error_of(&out.errors, "result_on"),
			    "The day the status held cannot be before the exit from the programme.");
	assert_int_equal(store_task_get(t->db, t->a, 1, tasks[1], &task), SC_OK);
	assert_int_equal(task.done_on.y, 0);

	/* a status without its source: refused, the task still open */
	in.result_on = D("2026-03-12");
	assert_int_equal(app_task_done(t->db, t->a, &kari, tasks[0], &in, &task, &b, &still, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_int_equal(out.errors.n, 1);
	assert_string_equal(field_error_of(&out.errors, "source"),
			    "Say where the status comes from: the participant, the employer or a register lookup.");
	assert_int_equal(store_task_get(t->db, t->a, 1, tasks[0], &task), SC_OK);
	assert_int_equal(task.done_on.y, 0);
	assert_int_equal(task.result, -1);

	in.source = TASK_SOURCE_EMPLOYER;
	expect_done("6 months", app_task_done(t->db, t->a, &kari, tasks[0], &in, &task, &b, &still, &out), &out);
	assert_int_equal(task.source, TASK_SOURCE_EMPLOYER);
	assert_true(still);
	in.result_on = D("2026-03-11");
	assert_int_equal(app_task_done(t->db, t->a, &kari, tasks[1], &in, &task, &b, &still, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "result_on"),
			    "The status at 12 months cannot be from before the day of the status at 6 months.");
	in.result_on = (struct date){0, 0, 0};
	expect_done("12 months", app_task_done(t->db, t->a, &kari, tasks[1], &in, &task, &b, &still, &out), &out);
	assert_false(still);
	assert_int_equal(store_participant_brief(t->db, t->a, 1, pid, 0, &b), SC_OK);
	assert_string_equal(b.contact_until, "2026-03-15");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_exit_ends_places),
		FX_TEST(test_exit_before_visited_placement),
		FX_TEST(test_exit_before_placement_with_result),
		FX_TEST(test_visit_within_placement),
		FX_TEST(test_exit_place_rule),
		FX_TEST(test_followups_in_order),
	};
	return fx_run("test_app_exit", tests, sizeof tests / sizeof tests[0]);
}
