/*
 * test_app_intake.c — the commands and queries of intake and programme
 * periods (src/app/intake.h, src/app/enrolment.h) on both engines, with
 * the shared fixture: a referral's life from registration to exit as the
 * pages and the API run it, every refusal (state, version, rules, a full
 * caseload) leaving nothing behind, the waiting list's places and waits,
 * the caseload cap under two acceptances at once (a row lock on
 * PostgreSQL, one writer on SQLite), and nothing of another centre.
 *
 * The tests share one database, so each works in a centre of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "app/enrolment.h"
#include "app/intake.h"
#include "app/caseload.h"
#include "app/participant.h"
#include "app/report.h"
#include "app/task.h"
#include "domain/participant.h"
#include "domain/report.h"
#include "domain/task.h"
#include "domain/access.h"
#include "domain/caseload.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){.y = (yy), .m = (mm), .d = (dd)})
static const struct date TODAY = {2025, 3, 10};
#define NOW 1741600000

/* ---- people ---- */

/* A user with roles in centre (and a caseload cap when cap > 0). */
static int64_t
user_in(struct fx *t, const char *name, uint32_t roles, int64_t centre, int cap)
{
	static int seq;
	char username[64];
	snprintf(username, sizeof username, "app.%d", ++seq);
	int64_t id = 0;
	int rc = store_user_create(t->db, username, name, "$argon2id$fake", roles, "en", centre, 1000, &id);
	if (rc != SC_OK)
		fail_msg("store_user_create(%s): %s: %s", name, sc_strerror(rc), store_errmsg(t->db));
	if (cap > 0) {
		char sql[128];
		snprintf(sql, sizeof sql, "UPDATE users SET caseload_cap = %d WHERE id = %lld", cap, (long long)id);
		fx_exec(sql);
	}
	return id;
}

/* A leader of centre acting today. */
static struct actor
leader_of(struct fx *t, int64_t centre, const char *name)
{
	struct actor a = {
		.user_id = user_in(t, name, ROLE_BIT(ROLE_LEADER), centre, 0),
		.username = name,
		.name = name,
		.roles = ROLE_BIT(ROLE_LEADER),
		.centre_id = centre,
		.address = "",
		.now = NOW,
		.today = TODAY,
		.store = t->store,
	};
	return a;
}

/* A registered participant of centre born on birth, whose introduction
 * programme ended on intro (NULL: not known). */
static int64_t
person(struct fx *t, int64_t centre, const char *family, const char *birth, const char *intro)
{
	int64_t id = fx_participant(t, centre, family, "registered", 0);
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE participants SET birth_date = '%s', intro_ended = %s%s%s WHERE id = %lld",
		 birth, intro ? "'" : "", intro ? intro : "NULL", intro ? "'" : "", (long long)id);
	fx_exec(sql);
	return id;
}

static const char *
status_of(struct fx *t, int64_t centre, int64_t pid)
{
	struct participant_brief b;
	assert_int_equal(store_participant_brief(t->db, t->a, centre, pid, 0, &b), SC_OK);
	return b.status;
}

static int64_t
contact_of(struct fx *t, int64_t centre, int64_t pid)
{
	struct participant_brief b;
	assert_int_equal(store_participant_brief(t->db, t->a, centre, pid, 0, &b), SC_OK);
	return b.contact_id;
}

static struct referral
get_referral(struct fx *t, int64_t centre, int64_t id)
{
	struct referral r;
	assert_int_equal(store_referral_get(t->db, t->a, centre, id, &r), SC_OK);
	return r;
}

/* ---- commands as the pages run them ---- */

static void
expect_done(const char *what, int rc, const struct outcome *out)
{
	if (rc != SC_OK)
		fail_msg("%s: %s", what, sc_strerror(rc));
	if (out->refusal != DONE)
		fail_msg("%s: refused %d (%s: %s)", what, out->refusal, out->errors.n ? out->errors.field[0] : "-",
			 out->errors.n ? out->errors.reason[0] : out->message ? out->message : "-");
}

/* A refusal with one error under field saying reason (field NULL: none). */
static void
expect_refused(const char *what, int rc, const struct outcome *out, enum refusal why, const char *field,
	       const char *reason)
{
	if (rc != SC_OK)
		fail_msg("%s: %s", what, sc_strerror(rc));
	if (out->refusal != why)
		fail_msg("%s: refusal %d, not %d", what, out->refusal, why);
	if (field == NULL)
		return;
	if (out->errors.n != 1 || strcmp(out->errors.field[0], field) != 0)
		fail_msg("%s: %d errors, first %s", what, out->errors.n, out->errors.n ? out->errors.field[0] : "-");
	if (reason != NULL)
		assert_string_equal(out->errors.reason[0], reason);
}

static struct referral
new_referral(const char *referred_on, int priority)
{
	struct referral in;
	fields_clear(referral_fields, &in);
	fields_clear(referral_person_fields, &in);
	in.source = REFERRAL_NAV;
	assert_int_equal(date_parse(referred_on, &in.referred_on), SC_OK);
	in.referrer = "NAV Bergenhus";
	in.reason = "Needs Norwegian and work practice";
	in.planned_start = D(2025, 8, 18);
	in.in_qualification = 0;
	in.in_introduction = 0;
	in.lawful_residence = 1;
	in.priority = priority;
	return in;
}

static int64_t
refer(struct fx *t, const struct actor *a, int64_t pid, const char *referred_on, int priority)
{
	struct referral in = new_referral(referred_on, priority);
	struct participant_brief b;
	struct outcome out;
	expect_done("refer", app_referral_create(t->db, t->a, a, pid, &in, &b, &out), &out);
	assert_int_equal(out.id, in.id);
	return out.id;
}

static enum referral_state
screen(struct fx *t, const struct actor *a, int64_t rid, struct screening *s)
{
	struct screening none;
	fields_clear(screening_fields, &none);
	struct referral ref;
	struct outcome out;
	expect_done("screen", app_referral_screen(t->db, t->a, a, rid, 0, s ? s : &none, &ref, &out), &out);
	return (enum referral_state)ref.state;
}

/* A participant on the waiting list: registered, referred and screened. */
static int64_t
waiting(struct fx *t, const struct actor *a, const char *family, const char *referred_on, int priority,
	int64_t *pid_out)
{
	int64_t pid = person(t, a->centre_id, family, "1990-05-01", "2022-06-30");
	int64_t rid = refer(t, a, pid, referred_on, priority);
	assert_int_equal(screen(t, a, rid, NULL), REFERRAL_WAITING);
	if (pid_out != NULL)
		*pid_out = pid;
	return rid;
}

static void
offer(struct fx *t, const struct actor *a, int64_t rid)
{
	struct referral_offer o = {TODAY, {0, 0, 0}};
	struct outcome out;
	expect_done("offer", app_referral_offer(t->db, t->a, a, rid, 0, &o, NULL, &out), &out);
}

static struct enrolment_start
start_of(struct date start, struct date end, int64_t contact)
{
	struct enrolment_start in;
	fields_clear(enrolment_start_fields, &in);
	in.start_date = start;
	in.planned_end = end;
	in.contact_id = contact;
	return in;
}

static int64_t
accept(struct fx *t, const struct actor *a, int64_t rid, struct date start, struct date end, int64_t contact)
{
	struct enrolment_start in = start_of(start, end, contact);
	int64_t eid = 0;
	struct outcome out;
	expect_done("accept", app_referral_accept(t->db, t->a, a, rid, 0, &in, &eid, NULL, &out), &out);
	assert_true(eid > 0);
	return eid;
}

static struct referral_close
reason(const char *text)
{
	struct referral_close c;
	fields_clear(referral_close_fields, &c);
	c.reason = text;
	return c;
}

/* ---- referrals ---- */

static void
test_referral_create(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Create");
	struct actor lea = leader_of(t, c, "Lea Leader");
	int64_t pid = person(t, c, "Ali", "1988-02-03", "2021-01-15");
	assert_string_equal(status_of(t, c, pid), "registered");

	struct referral in = new_referral("2025-03-01", 3);
	struct participant_brief b;
	struct outcome out;
	expect_done("create", app_referral_create(t->db, t->a, &lea, pid, &in, &b, &out), &out);
	int64_t rid = out.id;
	struct referral r = get_referral(t, c, rid);
	assert_int_equal(r.participant_id, pid);
	assert_string_equal(r.given_name, "Amina");
	assert_int_equal(date_cmp(r.birth_date, D(1988, 2, 3)), 0);
	assert_int_equal(date_cmp(r.intro_ended, D(2021, 1, 15)), 0);
	assert_string_equal(r.referrer, "NAV Bergenhus");
	assert_int_equal(r.priority, 3);
	assert_int_equal(r.state, REFERRAL_NEW);
	assert_int_equal(r.version, 1);
	assert_string_equal(status_of(t, c, pid), "referred");
	struct referral_event *ev = NULL;
	size_t n = 0;
	assert_int_equal(store_referral_events(t->db, t->a, c, rid, &ev, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].from_state, "");
	assert_string_equal(ev[0].to_state, "new");
	assert_int_equal(date_cmp(ev[0].on_date, TODAY), 0);
	assert_int_equal(ev[0].user_id, lea.user_id);
	assert_string_equal(ev[0].user_name, "Lea Leader");

	/* A priority not given is the default one. */
	int64_t p2 = person(t, c, "Default", "1990-01-01", "2020-01-01");
	struct referral plain = new_referral("2025-03-01", 5);
	plain.priority = FIELD_NONE;
	expect_done("create", app_referral_create(t->db, t->a, &lea, p2, &plain, &b, &out), &out);
	assert_int_equal(get_referral(t, c, out.id).priority, REFERRAL_DEFAULT_PRIORITY);

	/* A second open referral is refused, and nothing is written. */
	in = new_referral("2025-03-01", 3);
	memset(&out, 0, sizeof out);
	int rc = app_referral_create(t->db, t->a, &lea, pid, &in, &b, &out);
	expect_refused("second", rc, &out, REFUSED_STATE, NULL, NULL);
	assert_string_equal(out.message, "This participant already has an open referral.");
	struct referral *list = NULL;
	assert_int_equal(store_referral_list_participant(t->db, t->a, c, pid, &list, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(status_of(t, c, pid), "referred");

	/* The rules of a new referral. */
	in = new_referral("2025-03-11", 3);
	rc = app_referral_create(t->db, t->a, &lea, p2, &in, &b, &out);
	expect_refused("future", rc, &out, REFUSED_INVALID, "referred_on", "The referral date cannot be in the future.");

	/* No such participant; no such referral. */
	in = new_referral("2025-03-01", 3);
	rc = app_referral_create(t->db, t->a, &lea, pid + 100000, &in, &b, &out);
	expect_refused("missing", rc, &out, REFUSED_NOT_FOUND, NULL, NULL);
	struct referral_view v;
	rc = app_referral(t->db, t->a, &lea, rid + 100000, true, &v, &out);
	expect_refused("missing referral", rc, &out, REFUSED_NOT_FOUND, NULL, NULL);

	/* The intake queue: the new ones in waiting-list order, exactly. */
	int64_t total = 0;
	struct referral_event *recent = NULL;
	size_t nrecent = 0;
	assert_int_equal(app_intake_queue(t->db, t->a, &lea, 1, 50, &list, &n, &total, 20, &recent, &nrecent), SC_OK);
	assert_int_equal(total, 2);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, rid);   /* priority 3 before 5 */
	assert_int_equal(nrecent, 0);
	assert_int_equal(app_referrals(t->db, t->a, &lea, -1, 1, 50, &list, &n, &total), SC_OK);
	assert_int_equal(total, 2);
	assert_int_equal(list[1].id, rid);   /* newest first */
}

static void
test_screening(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Screening");
	struct actor lea = leader_of(t, c, "Lea Screener");
	/* The introduction programme ended less than two years before the start. */
	int64_t pid = person(t, c, "Yusuf", "1985-07-01", "2024-06-30");
	int64_t rid = refer(t, &lea, pid, "2025-03-01", 5);

	/* No override: ineligible, every rule stored. */
	struct screening s;
	fields_clear(screening_fields, &s);
	struct referral ref;
	struct outcome out;
	expect_done("screen", app_referral_screen(t->db, t->a, &lea, rid, 1, &s, &ref, &out), &out);
	assert_int_equal(ref.state, REFERRAL_INELIGIBLE);
	struct referral r = get_referral(t, c, rid);
	assert_int_equal(r.state, REFERRAL_INELIGIBLE);
	assert_int_equal(r.version, 2);
	assert_string_equal(status_of(t, c, pid), "referred");
	struct referral_view v;
	expect_done("view", app_referral(t->db, t->a, &lea, rid, true, &v, &out), &out);
	assert_int_equal(v.nstored, ELIG_NRULES);
	assert_true(v.judged);
	assert_false(v.live.rules[ELIG_INTRO_ENDED].pass);
	static const char *const names[] = {"age", "intro_ended", "not_enrolled", "lawful_residence"};
	for (size_t i = 0; i < v.nstored; i++) {
		assert_string_equal(v.stored[i].rule, names[i]);
		assert_int_equal(v.stored[i].pass, i != ELIG_INTRO_ENDED);
		assert_int_equal(v.stored[i].overridden, 0);
		assert_int_equal(v.stored[i].screened_by, lea.user_id);
	}
	assert_string_equal(v.stored[ELIG_INTRO_ENDED].reason,
			    "the introduction programme ended less than two years before the planned start");

	/* An override without a reason: refused, nothing changes. */
	s.override[ELIG_INTRO_ENDED] = 1;
	s.reason[ELIG_INTRO_ENDED] = "";
	int rc = app_referral_screen(t->db, t->a, &lea, rid, 2, &s, &ref, &out);
	expect_refused("no reason", rc, &out, REFUSED_INVALID, "intro_ended", "Give the reason for overriding this rule.");
	r = get_referral(t, c, rid);
	assert_int_equal(r.state, REFERRAL_INELIGIBLE);
	assert_int_equal(r.version, 2);

	/* A stale version: refused. */
	s.reason[ELIG_INTRO_ENDED] = "Did not complete the programme; agreed with NAV";
	rc = app_referral_screen(t->db, t->a, &lea, rid, 1, &s, &ref, &out);
	expect_refused("stale", rc, &out, REFUSED_STALE, NULL, NULL);
	assert_int_equal(out.version, 2);

	/* The leader's override with a reason: waiting. */
	lea.now = NOW + 5;
	expect_done("override", app_referral_screen(t->db, t->a, &lea, rid, 2, &s, &ref, &out), &out);
	assert_int_equal(ref.state, REFERRAL_WAITING);
	assert_string_equal(status_of(t, c, pid), "waiting");
	expect_done("view", app_referral(t->db, t->a, &lea, rid, false, &v, &out), &out);
	assert_int_equal(v.ref.state, REFERRAL_WAITING);
	assert_int_equal(v.nstored, ELIG_NRULES);
	assert_int_equal(v.stored[ELIG_INTRO_ENDED].overridden, 1);
	assert_string_equal(v.stored[ELIG_INTRO_ENDED].override_reason, "Did not complete the programme; agreed with NAV");
	assert_int_equal(v.stored[0].screened_at, NOW + 5);
	assert_int_equal(v.nevents, 3);
	assert_string_equal(v.events[1].from_state, "new");
	assert_string_equal(v.events[1].to_state, "ineligible");
	assert_string_equal(v.events[2].from_state, "ineligible");
	assert_string_equal(v.events[2].to_state, "waiting");
	assert_string_equal(v.events[2].note, "intro_ended: Did not complete the programme; agreed with NAV");

	/* The recent decisions list shows it. */
	struct referral *list = NULL;
	struct referral_event *recent = NULL;
	size_t n = 0, nrecent = 0;
	int64_t total = 0;
	assert_int_equal(app_intake_queue(t->db, t->a, &lea, 1, 50, &list, &n, &total, 5, &recent, &nrecent), SC_OK);
	assert_int_equal(total, 0);
	assert_int_equal(nrecent, 2);
	assert_int_equal(recent[0].referral_id, rid);
	assert_string_equal(recent[0].family_name, "Yusuf");
	assert_string_equal(recent[0].to_state, "waiting");

	/* Not screened at all: no rows. */
	int64_t p2 = person(t, c, "Abdi", "1991-01-01", "2020-01-01");
	int64_t r2 = refer(t, &lea, p2, "2025-03-01", 5);
	expect_done("view", app_referral(t->db, t->a, &lea, r2, false, &v, &out), &out);
	assert_int_equal(v.nstored, 0);
}

static void
test_priority_and_states(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "States");
	struct actor lea = leader_of(t, c, "Lea States");
	int64_t pid = 0;
	int64_t rid = waiting(t, &lea, "Tesfaye", "2025-02-01", 5, &pid);
	struct referral r = get_referral(t, c, rid);
	struct referral_priority prio = {2};
	struct outcome out;
	expect_done("priority", app_referral_priority(t->db, t->a, &lea, rid, r.version, &prio, NULL, &out), &out);
	r = get_referral(t, c, rid);
	assert_int_equal(r.priority, 2);
	assert_int_equal(r.state, REFERRAL_WAITING);
	prio.priority = 3;
	int rc = app_referral_priority(t->db, t->a, &lea, rid, r.version - 1, &prio, NULL, &out);
	expect_refused("stale", rc, &out, REFUSED_STALE, NULL, NULL);
	prio.priority = FIELD_NONE;
	rc = app_referral_priority(t->db, t->a, &lea, rid, r.version, &prio, NULL, &out);
	expect_refused("none", rc, &out, REFUSED_INVALID, "priority", "The priority must be a whole number from 1 to 9.");
	struct referral_event *ev = NULL;
	size_t n = 0;
	assert_int_equal(store_referral_events(t->db, t->a, c, rid, &ev, &n), SC_OK);
	assert_string_equal(ev[n - 1].from_state, "waiting");
	assert_string_equal(ev[n - 1].to_state, "waiting");
	assert_string_equal(ev[n - 1].note, "Priority 5 \xE2\x86\x92 2");

	/* Accepting without an offer, or declining, is not allowed yet. */
	struct enrolment_start in = start_of(TODAY, (struct date){0, 0, 0}, 1);
	rc = app_referral_accept(t->db, t->a, &lea, rid, 0, &in, NULL, &r, &out);
	expect_refused("accept", rc, &out, REFUSED_STATE, NULL, NULL);
	assert_int_equal(r.state, REFERRAL_WAITING);
	struct referral_close why = reason("No longer interested");
	rc = app_referral_close(t->db, t->a, &lea, rid, REFERRAL_DECLINE, 0, &why, NULL, &out);
	expect_refused("decline", rc, &out, REFUSED_STATE, NULL, NULL);

	/* Offer with bad dates: refused, nothing changes. */
	struct referral_offer o = {D(2025, 3, 11), {0, 0, 0}};
	rc = app_referral_offer(t->db, t->a, &lea, rid, 0, &o, NULL, &out);
	expect_refused("tomorrow", rc, &out, REFUSED_INVALID, "offered_on", "The offer date cannot be in the future.");
	o = (struct referral_offer){D(2025, 3, 5), D(2025, 3, 1)};
	rc = app_referral_offer(t->db, t->a, &lea, rid, 0, &o, NULL, &out);
	expect_refused("answer", rc, &out, REFUSED_INVALID, "answer_by", "The answer date cannot be before the offer date.");
	assert_int_equal(get_referral(t, c, rid).state, REFERRAL_WAITING);

	/* Offer, then decline with a reason. */
	o = (struct referral_offer){D(2025, 3, 5), D(2025, 3, 20)};
	expect_done("offer", app_referral_offer(t->db, t->a, &lea, rid, 0, &o, NULL, &out), &out);
	r = get_referral(t, c, rid);
	assert_int_equal(r.state, REFERRAL_OFFERED);
	assert_int_equal(date_cmp(r.offered_on, D(2025, 3, 5)), 0);
	assert_int_equal(date_cmp(r.answer_by, D(2025, 3, 20)), 0);
	assert_string_equal(status_of(t, c, pid), "offered");
	struct referral_close empty = reason("");
	rc = app_referral_close(t->db, t->a, &lea, rid, REFERRAL_DECLINE, 0, &empty, NULL, &out);
	expect_refused("no reason", rc, &out, REFUSED_INVALID, "reason", "This field is required.");
	assert_int_equal(get_referral(t, c, rid).state, REFERRAL_OFFERED);
	expect_done("decline", app_referral_close(t->db, t->a, &lea, rid, REFERRAL_DECLINE, 0, &why, NULL, &out), &out);
	assert_int_equal(get_referral(t, c, rid).state, REFERRAL_DECLINED);
	assert_string_equal(status_of(t, c, pid), "registered");

	/* Final: nothing more. */
	struct referral_close again = reason("again");
	rc = app_referral_close(t->db, t->a, &lea, rid, REFERRAL_WITHDRAW, 0, &again, &r, &out);
	expect_refused("withdraw", rc, &out, REFUSED_STATE, NULL, NULL);
	assert_int_equal(r.state, REFERRAL_DECLINED);
	prio.priority = 1;
	rc = app_referral_priority(t->db, t->a, &lea, rid, 0, &prio, NULL, &out);
	expect_refused("priority", rc, &out, REFUSED_STATE, NULL, NULL);
	struct screening s;
	fields_clear(screening_fields, &s);
	rc = app_referral_screen(t->db, t->a, &lea, rid, 0, &s, NULL, &out);
	expect_refused("screen", rc, &out, REFUSED_STATE, NULL, NULL);

	/* A new referral is possible now; withdraw it from new. */
	int64_t rid2 = refer(t, &lea, pid, "2025-03-08", 5);
	struct referral_close moved = reason("Moved to Oslo");
	expect_done("withdraw", app_referral_close(t->db, t->a, &lea, rid2, REFERRAL_WITHDRAW, 0, &moved, NULL, &out),
		    &out);
	assert_int_equal(get_referral(t, c, rid2).state, REFERRAL_WITHDRAWN);
	assert_int_equal(store_referral_events(t->db, t->a, c, rid2, &ev, &n), SC_OK);
	assert_string_equal(ev[n - 1].note, "Moved to Oslo");
	assert_string_equal(status_of(t, c, pid), "registered");
}

/* ---- the waiting list ---- */

static void
test_waitlist(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Waitlist");
	struct actor lea = leader_of(t, c, "Lea Waiting");
	struct waitlist_capacity cap;
	struct waitlist_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(app_waitlist(t->db, t->a, &lea, 50, 0, "waitlist.read", &cap, &rows, &n, &total), SC_OK);
	assert_int_equal(cap.contact_persons, 0);
	assert_int_equal(cap.places, 0);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);

	/* Two contact persons: 2 and 18 (default) places. */
	int64_t c1 = user_in(t, "Kari Contact", ROLE_BIT(ROLE_CONTACT), c, 2);
	int64_t per = user_in(t, "Per Contact", ROLE_BIT(ROLE_CONTACT), c, 0);

	/* Priority before date, date before id. */
	int64_t late_high = waiting(t, &lea, "LateHigh", "2025-03-05", 1, NULL);
	int64_t early_low = waiting(t, &lea, "EarlyLow", "2025-01-05", 5, NULL);
	int64_t early_high = waiting(t, &lea, "EarlyHigh", "2025-02-01", 1, NULL);
	int64_t same_day = waiting(t, &lea, "SameDay", "2025-01-05", 5, NULL);
	assert_int_equal(app_waitlist(t->db, t->a, &lea, 50, 0, "waitlist.read", &cap, &rows, &n, &total), SC_OK);
	assert_int_equal(cap.contact_persons, 2);
	assert_int_equal(cap.places, 20);
	assert_int_equal(cap.free_places, 20);
	assert_int_equal(cap.waiting, 4);
	assert_int_equal(total, 4);
	assert_int_equal(n, 4);
	const int64_t want[] = {early_high, late_high, early_low, same_day};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(rows[i].referral_id, want[i]);
		assert_int_equal(rows[i].place, (int64_t)i + 1);
		assert_int_equal(rows[i].expected_wait_days, 0);   /* 20 free places */
		assert_int_equal(rows[i].state, REFERRAL_WAITING);
	}
	assert_string_equal(rows[0].family_name, "EarlyHigh");
	assert_int_equal(rows[0].waited_days, 37);   /* 2025-02-01 .. 2025-03-10 */
	assert_int_equal(rows[0].source, REFERRAL_NAV);

	/* Paging: the second page starts at place 3. */
	assert_int_equal(app_waitlist(t->db, t->a, &lea, 2, 2, "waitlist.read", &cap, &rows, &n, &total), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(total, 4);
	assert_int_equal(rows[0].place, 3);
	assert_int_equal(rows[0].referral_id, early_low);

	/* Fill Kari's two places through offers and acceptances; Per retires. */
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE users SET active = 0 WHERE id = %lld", (long long)per);
	fx_exec(sql);
	offer(t, &lea, early_high);
	offer(t, &lea, late_high);
	assert_int_equal(app_waitlist(t->db, t->a, &lea, 50, 0, "waitlist.read", &cap, &rows, &n, &total), SC_OK);
	assert_int_equal(cap.free_places, 2);
	assert_int_equal(rows[0].state, REFERRAL_OFFERED);
	assert_int_equal(date_cmp(rows[0].offered_on, TODAY), 0);
	accept(t, &lea, early_high, TODAY, D(2026, 6, 1), c1);
	int64_t e2 = accept(t, &lea, late_high, TODAY, (struct date){0, 0, 0}, c1);   /* planned end 2027-03-10 */
	assert_int_equal(app_waitlist(t->db, t->a, &lea, 50, 0, "waitlist.read", &cap, &rows, &n, &total), SC_OK);
	assert_int_equal(cap.places, 2);
	assert_int_equal(cap.active, 2);
	assert_int_equal(cap.free_places, 0);
	assert_int_equal(cap.exits_90d, 0);
	assert_int_equal(cap.waiting, 2);

	/* No free place: place 1 waits for the first planned exit, place 2
	 * for the second. */
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].referral_id, early_low);
	assert_int_equal(rows[0].place, 1);
	assert_int_equal(rows[0].expected_wait_days, date_to_days(D(2026, 6, 1)) - date_to_days(TODAY));
	assert_int_equal(rows[1].expected_wait_days, date_to_days(D(2027, 3, 10)) - date_to_days(TODAY));

	/* A paused period still holds its place and its planned exit counts;
	 * an exit within 90 days shows in the capacity. */
	struct enrolment_pause_input pin;
	fields_clear(enrolment_pause_input_fields, &pin);
	pin.from = TODAY;
	pin.reason = "Maternity leave";
	struct outcome out;
	expect_done("pause", app_enrolment_pause(t->db, t->a, &lea, e2, 0, &pin, NULL, &out), &out);
	snprintf(sql, sizeof sql, "UPDATE enrolments SET planned_end = '2025-04-01' WHERE id = %lld", (long long)e2);
	fx_exec(sql);
	assert_int_equal(app_waitlist(t->db, t->a, &lea, 50, 0, "waitlist.read", &cap, &rows, &n, &total), SC_OK);
	assert_int_equal(cap.active, 2);
	assert_int_equal(cap.exits_90d, 1);
	assert_int_equal(rows[0].expected_wait_days, 22);   /* the paused one's 2025-04-01 */
	assert_int_equal(rows[1].expected_wait_days, date_to_days(D(2026, 6, 1)) - date_to_days(TODAY));

	/* A planned end already passed counts as today. */
	snprintf(sql, sizeof sql, "UPDATE enrolments SET planned_end = '2025-01-01' WHERE centre_id = %lld"
		 " AND status = 'active'", (long long)c);
	fx_exec(sql);
	assert_int_equal(app_waitlist(t->db, t->a, &lea, 50, 0, "waitlist.read", &cap, &rows, &n, &total), SC_OK);
	assert_int_equal(rows[0].expected_wait_days, 0);
	assert_int_equal(rows[1].expected_wait_days, 22);

	/* More people than planned exits: unknown. */
	waiting(t, &lea, "Third", "2025-03-01", 9, NULL);
	assert_int_equal(app_waitlist(t->db, t->a, &lea, 50, 0, "waitlist.read", &cap, &rows, &n, &total), SC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(total, 3);
	assert_int_equal(rows[2].expected_wait_days, FIELD_NONE);
	/* The same on a page of its own. */
	assert_int_equal(app_waitlist(t->db, t->a, &lea, 1, 2, "waitlist.read", &cap, &rows, &n, &total), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].place, 3);
	assert_int_equal(rows[0].expected_wait_days, FIELD_NONE);
}

/* ---- acceptance and the cap ---- */

static void
test_accept_full_caseload(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Accept");
	struct actor lea = leader_of(t, c, "Lea Accept");
	int64_t full = user_in(t, "Full Caseload", ROLE_BIT(ROLE_CONTACT), c, 1);
	int64_t roomy = user_in(t, "Roomy Caseload", ROLE_BIT(ROLE_CONTACT), c, 0);
	int64_t teacher = user_in(t, "Not A Contact", ROLE_BIT(ROLE_TEACHER), c, 0);
	const struct date none = {0, 0, 0};

	int64_t p1 = 0, p2 = 0;
	int64_t r1 = waiting(t, &lea, "First", "2025-01-01", 5, &p1);
	int64_t r2 = waiting(t, &lea, "Second", "2025-01-02", 5, &p2);
	offer(t, &lea, r1);
	offer(t, &lea, r2);
	accept(t, &lea, r1, TODAY, none, full);
	assert_string_equal(status_of(t, c, p1), "active");

	/* The full caseload refuses the whole acceptance. */
	struct referral before = get_referral(t, c, r2);
	struct enrolment_start in = start_of(TODAY, none, full);
	int64_t eid = 0;
	struct outcome out;
	int rc = app_referral_accept(t->db, t->a, &lea, r2, before.version, &in, &eid, NULL, &out);
	expect_refused("full", rc, &out, REFUSED_FULL, "contact_id", "the contact person's caseload is full");
	struct referral after = get_referral(t, c, r2);
	assert_int_equal(after.state, REFERRAL_OFFERED);
	assert_int_equal(after.version, before.version);
	assert_string_equal(status_of(t, c, p2), "offered");
	struct enrolment *list = NULL;
	size_t n = 0;
	assert_int_equal(store_enrolment_list(t->db, t->a, c, p2, &list, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(contact_of(t, c, p2), 0);

	/* Not a contact person; no contact person; bad dates. */
	in = start_of(TODAY, none, teacher);
	rc = app_referral_accept(t->db, t->a, &lea, r2, 0, &in, &eid, NULL, &out);
	expect_refused("teacher", rc, &out, REFUSED_INVALID, "contact_id", NULL);
	in = start_of(TODAY, none, 0);
	rc = app_referral_accept(t->db, t->a, &lea, r2, 0, &in, &eid, NULL, &out);
	expect_refused("nobody", rc, &out, REFUSED_INVALID, "contact_id", "Choose a contact person.");
	in = start_of(TODAY, D(2029, 3, 11), roomy);
	rc = app_referral_accept(t->db, t->a, &lea, r2, 0, &in, &eid, NULL, &out);
	expect_refused("end", rc, &out, REFUSED_INVALID, "planned_end",
		       "The programme period can be at most four years from the start.");
	in = start_of(D(2024, 12, 31), none, roomy);
	rc = app_referral_accept(t->db, t->a, &lea, r2, 0, &in, &eid, NULL, &out);
	expect_refused("start", rc, &out, REFUSED_INVALID, "start_date", "The start cannot be before the referral date.");
	assert_int_equal(get_referral(t, c, r2).state, REFERRAL_OFFERED);

	/* Another contact person: accepted, with the period and the assignment. */
	in = start_of(TODAY, D(2026, 12, 31), roomy);
	expect_done("accept", app_referral_accept(t->db, t->a, &lea, r2, 0, &in, &eid, NULL, &out), &out);
	assert_int_equal(get_referral(t, c, r2).state, REFERRAL_ACCEPTED);
	assert_string_equal(status_of(t, c, p2), "active");
	assert_int_equal(contact_of(t, c, p2), roomy);
	struct enrolment e;
	assert_int_equal(store_enrolment_get(t->db, t->a, c, eid, &e), SC_OK);
	assert_int_equal(e.participant_id, p2);
	assert_int_equal(e.referral_id, r2);
	assert_int_equal(date_cmp(e.start_date, TODAY), 0);
	assert_int_equal(date_cmp(e.planned_end, D(2026, 12, 31)), 0);
	assert_int_equal(e.status, ENROLMENT_ACTIVE);
	assert_int_equal(e.exit_date.y, 0);
	assert_int_equal(e.outcome, -1);

	/* Accepted is final; and a new referral for someone enrolled is refused. */
	in = start_of(TODAY, none, roomy);
	rc = app_referral_accept(t->db, t->a, &lea, r2, 0, &in, &eid, NULL, &out);
	expect_refused("again", rc, &out, REFUSED_STATE, NULL, NULL);
	struct referral nr = new_referral("2025-03-10", 5);
	struct participant_brief b;
	rc = app_referral_create(t->db, t->a, &lea, p2, &nr, &b, &out);
	expect_refused("enrolled", rc, &out, REFUSED_STATE, NULL, NULL);
	assert_string_equal(out.message, "This participant is already enrolled in the programme.");
	assert_string_equal(status_of(t, c, p2), "active");
}

/* Two acceptances at once for one contact person with one place left:
 * exactly one is enrolled, the other refused as full, on both engines. */
struct racer {
	pthread_barrier_t *barrier;
	struct db *db;
	struct arena *a;
	const struct actor *actor;
	int64_t referral, contact;
	int rc;
	struct outcome out;
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct enrolment_start in = start_of(TODAY, (struct date){0, 0, 0}, r->contact);
	pthread_barrier_wait(r->barrier);
	r->rc = app_referral_accept(r->db, r->a, r->actor, r->referral, 0, &in, NULL, NULL, &r->out);
	return NULL;
}

static void
test_accept_race(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Race");
	struct actor lea = leader_of(t, c, "Lea Race");
	struct db *second = store_acquire(t->store);
	struct arena *a2 = arena_new();
	assert_non_null(second);
	assert_non_null(a2);
	for (int round = 0; round < 10; round++) {
		char name[32];
		snprintf(name, sizeof name, "Racer %d", round);
		int64_t cid = user_in(t, name, ROLE_BIT(ROLE_CONTACT), c, 2);
		int64_t px = 0, py = 0, pz = 0;
		int64_t rz = waiting(t, &lea, "Z", "2025-01-01", 5, &pz);
		offer(t, &lea, rz);
		accept(t, &lea, rz, TODAY, (struct date){0, 0, 0}, cid);   /* one of two places taken */
		int64_t rx = waiting(t, &lea, "X", "2025-01-02", 5, &px);
		int64_t ry = waiting(t, &lea, "Y", "2025-01-03", 5, &py);
		offer(t, &lea, rx);
		offer(t, &lea, ry);
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		struct racer x = {&barrier, t->db, t->a, &lea, rx, cid, -100, {0}};
		struct racer y = {&barrier, second, a2, &lea, ry, cid, -100, {0}};
		pthread_t tx, ty;
		assert_int_equal(pthread_create(&tx, NULL, race, &x), 0);
		assert_int_equal(pthread_create(&ty, NULL, race, &y), 0);
		pthread_join(tx, NULL);
		pthread_join(ty, NULL);
		pthread_barrier_destroy(&barrier);
		if (x.rc != SC_OK || y.rc != SC_OK)
			fail_msg("round %d: %s and %s", round, sc_strerror(x.rc), sc_strerror(y.rc));
		bool one_won = (x.out.refusal == DONE && y.out.refusal == REFUSED_FULL) ||
			       (x.out.refusal == REFUSED_FULL && y.out.refusal == DONE);
		if (!one_won)
			fail_msg("round %d: refusals %d and %d", round, x.out.refusal, y.out.refusal);
		int64_t loser = x.out.refusal == DONE ? py : px;
		int64_t winner = x.out.refusal == DONE ? px : py;
		assert_int_equal(contact_of(t, c, winner), cid);
		assert_int_equal(contact_of(t, c, loser), 0);
		assert_string_equal(status_of(t, c, winner), "active");
		assert_string_equal(status_of(t, c, loser), "offered");
	}
	arena_free(a2);
	store_release(t->store, second);
}

/* ---- programme periods ---- */

/* A pause recorded after the fact, over by today (its end, the day the
 * period resumes, today or before), leaves the period and the participant
 * active; one that overlaps a kept pause is refused with the dates of the
 * one it overlaps, and nothing changes. An open-ended pause still pauses. */
static void
test_pause_after_the_fact(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "After the fact");
	struct actor lea = leader_of(t, c, "Lea Afterwards");
	int64_t contact = user_in(t, "Kari Afterwards", ROLE_BIT(ROLE_CONTACT), c, 0);
	int64_t pid = 0;
	int64_t rid = waiting(t, &lea, "Afterwards", "2024-01-02", 5, &pid);
	offer(t, &lea, rid);
	int64_t eid = accept(t, &lea, rid, D(2024, 1, 15), (struct date){0, 0, 0}, contact);
	struct outcome out;
	struct enrolment e;
	struct enrolment_pause_input p;
	fields_clear(enrolment_pause_input_fields, &p);
	p.from = D(2025, 2, 10);
	p.to = D(2025, 2, 17);
	p.reason = "Sick leave, told afterwards";
	expect_done("past pause", app_enrolment_pause(t->db, t->a, &lea, eid, 0, &p, &e, &out), &out);
	assert_int_equal(e.status, ENROLMENT_ACTIVE);
	assert_int_equal(store_enrolment_get(t->db, t->a, c, eid, &e), SC_OK);
	assert_int_equal(e.status, ENROLMENT_ACTIVE);
	assert_string_equal(status_of(t, c, pid), "active");
	/* ending today is over too */
	p.from = D(2025, 3, 3);
	p.to = TODAY;
	expect_done("ends today", app_enrolment_pause(t->db, t->a, &lea, eid, 0, &p, &e, &out), &out);
	assert_string_equal(status_of(t, c, pid), "active");
	int64_t v = e.version;

	/* overlapping the first: refused, nothing kept */
	p.from = D(2025, 2, 16);
	p.to = D(2025, 2, 20);
	int rc = app_enrolment_pause(t->db, t->a, &lea, eid, 0, &p, NULL, &out);
	expect_refused("overlap", rc, &out, REFUSED_INVALID, "from", "The pause overlaps the one from %s to %s.");
	assert_string_equal(out.errors.text[0][0], "2025-02-10");
	assert_string_equal(out.errors.text[0][1], "2025-02-17");
	/* the day it ended is free */
	p.from = D(2025, 2, 17);
	p.to = D(2025, 2, 18);
	expect_done("next day", app_enrolment_pause(t->db, t->a, &lea, eid, 0, &p, NULL, &out), &out);
	struct enrolment_record rec;
	expect_done("read", app_enrolment(t->db, t->a, &lea, eid, &rec, &out), &out);
	assert_int_equal(rec.npauses, 3);

	/* open-ended from today: paused */
	p.from = D(2025, 3, 10);
	p.to = (struct date){0, 0, 0};
	expect_done("open", app_enrolment_pause(t->db, t->a, &lea, eid, 0, &p, &e, &out), &out);
	assert_int_equal(e.status, ENROLMENT_PAUSED);
	assert_string_equal(status_of(t, c, pid), "paused");
	assert_true(e.version > v);
}

static void
test_enrolment_lifecycle(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Lifecycle");
	struct actor lea = leader_of(t, c, "Lea Period");
	int64_t contact = user_in(t, "Kari Follow", ROLE_BIT(ROLE_CONTACT), c, 0);
	int64_t pid = 0;
	int64_t rid = waiting(t, &lea, "Period", "2024-01-02", 5, &pid);
	offer(t, &lea, rid);
	int64_t eid = accept(t, &lea, rid, D(2024, 1, 15), (struct date){0, 0, 0}, contact);
	struct enrolment e;
	assert_int_equal(store_enrolment_get(t->db, t->a, c, eid, &e), SC_OK);
	assert_int_equal(date_cmp(e.planned_end, D(2026, 1, 15)), 0);
	int64_t v = e.version;
	struct outcome out;

	/* Extension past four years: refused, nothing changes. */
	struct enrolment_extension x;
	fields_clear(enrolment_extension_fields, &x);
	x.new_end = D(2028, 1, 16);
	x.reason = "More language training";
	int rc = app_enrolment_extend(t->db, t->a, &lea, eid, v, &x, NULL, &out);
	expect_refused("past four years", rc, &out, REFUSED_INVALID, "new_end",
		       "The programme period can be at most four years from the start.");
	x.new_end = D(2027, 1, 15);
	x.reason = "";
	rc = app_enrolment_extend(t->db, t->a, &lea, eid, v, &x, NULL, &out);
	expect_refused("no reason", rc, &out, REFUSED_INVALID, "reason", "This field is required.");
	assert_int_equal(store_enrolment_get(t->db, t->a, c, eid, &e), SC_OK);
	assert_int_equal(date_cmp(e.planned_end, D(2026, 1, 15)), 0);
	assert_int_equal(e.version, v);

	/* A good one, then a stale second save. */
	x.reason = "More language training";
	expect_done("extend", app_enrolment_extend(t->db, t->a, &lea, eid, v, &x, NULL, &out), &out);
	fields_clear(enrolment_extension_fields, &x);
	x.new_end = D(2027, 6, 15);
	x.reason = "Internship runs longer";
	rc = app_enrolment_extend(t->db, t->a, &lea, eid, v, &x, NULL, &out);
	expect_refused("stale", rc, &out, REFUSED_STALE, NULL, NULL);
	assert_int_equal(store_enrolment_get(t->db, t->a, c, eid, &e), SC_OK);
	assert_int_equal(date_cmp(e.planned_end, D(2027, 1, 15)), 0);
	x.new_end = D(2028, 1, 15);
	expect_done("extend", app_enrolment_extend(t->db, t->a, &lea, eid, 0, &x, NULL, &out), &out);
	struct enrolment_record rec;
	expect_done("read", app_enrolment(t->db, t->a, &lea, eid, &rec, &out), &out);
	assert_int_equal(rec.nextensions, 2);
	assert_int_equal(date_cmp(rec.extensions[0].old_end, D(2026, 1, 15)), 0);
	assert_int_equal(date_cmp(rec.extensions[0].new_end, D(2027, 1, 15)), 0);
	assert_string_equal(rec.extensions[0].reason, "More language training");
	assert_int_equal(rec.extensions[0].user_id, lea.user_id);
	assert_string_equal(rec.extensions[0].user_name, "Lea Period");
	assert_int_equal(date_cmp(rec.extensions[1].new_end, D(2028, 1, 15)), 0);

	/* Pause: bad input refused; then paused; resume before the pause refused. */
	struct enrolment_pause_input p;
	fields_clear(enrolment_pause_input_fields, &p);
	p.from = D(2025, 3, 11);
	p.reason = "Sick leave";
	rc = app_enrolment_pause(t->db, t->a, &lea, eid, 0, &p, NULL, &out);
	expect_refused("tomorrow", rc, &out, REFUSED_INVALID, "from", "The pause cannot start in the future.");
	struct enrolment_resume res = {TODAY};
	rc = app_enrolment_resume(t->db, t->a, &lea, eid, 0, &res, NULL, &out);
	expect_refused("not paused", rc, &out, REFUSED_STATE, NULL, NULL);
	p.from = D(2025, 3, 1);
	p.to = D(2025, 4, 1);
	expect_done("pause", app_enrolment_pause(t->db, t->a, &lea, eid, 0, &p, &e, &out), &out);
	assert_int_equal(e.status, ENROLMENT_PAUSED);
	assert_string_equal(status_of(t, c, pid), "paused");
	p.from = D(2025, 3, 2);
	p.to = (struct date){0, 0, 0};
	rc = app_enrolment_pause(t->db, t->a, &lea, eid, 0, &p, NULL, &out);
	expect_refused("paused", rc, &out, REFUSED_STATE, NULL, NULL);
	res.date = D(2025, 2, 28);
	rc = app_enrolment_resume(t->db, t->a, &lea, eid, 0, &res, NULL, &out);
	expect_refused("before", rc, &out, REFUSED_INVALID, "date", "The period cannot resume before the pause started.");
	res.date = D(2025, 3, 8);
	expect_done("resume", app_enrolment_resume(t->db, t->a, &lea, eid, 0, &res, &e, &out), &out);
	assert_int_equal(e.status, ENROLMENT_ACTIVE);
	assert_string_equal(status_of(t, c, pid), "active");
	expect_done("read", app_enrolment(t->db, t->a, &lea, eid, &rec, &out), &out);
	assert_int_equal(rec.npauses, 1);
	assert_int_equal(date_cmp(rec.pauses[0].from_date, D(2025, 3, 1)), 0);
	assert_int_equal(date_cmp(rec.pauses[0].to_date, D(2025, 3, 8)), 0);
	assert_string_equal(rec.pauses[0].reason, "Sick leave");

	/* Pause again, then exit while paused: the pause ends on the exit date. */
	p.from = D(2025, 3, 9);
	expect_done("pause", app_enrolment_pause(t->db, t->a, &lea, eid, 0, &p, NULL, &out), &out);
	struct enrolment_exit ex;
	fields_clear(enrolment_exit_fields, &ex);
	ex.date = TODAY;
	ex.reason = "Got a job at the hotel";
	rc = app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, NULL, NULL, &out);
	expect_refused("no outcome", rc, &out, REFUSED_INVALID, "outcome", "Choose the outcome.");
	ex.outcome = OUTCOME_EMPLOYED_FULL;
	ex.date = D(2023, 12, 31);
	rc = app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, NULL, NULL, &out);
	expect_refused("before start", rc, &out, REFUSED_INVALID, "date", "The exit cannot be before the start of the period.");
	assert_int_equal(store_enrolment_get(t->db, t->a, c, eid, &e), SC_OK);
	assert_int_equal(e.status, ENROLMENT_PAUSED);
	ex.date = TODAY;
	int64_t tasks[ENROLMENT_NFOLLOWUPS] = {0};
	expect_done("exit", app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, tasks, &e, &out), &out);
	assert_int_equal(e.status, ENROLMENT_EXITED);
	assert_int_equal(store_enrolment_get(t->db, t->a, c, eid, &e), SC_OK);
	assert_int_equal(e.status, ENROLMENT_EXITED);
	assert_int_equal(date_cmp(e.exit_date, TODAY), 0);
	assert_string_equal(e.exit_reason, "Got a job at the hotel");
	assert_int_equal(e.outcome, OUTCOME_EMPLOYED_FULL);
	assert_string_equal(status_of(t, c, pid), "exited");
	/* The contact person keeps the participant until the 12-month
	 * follow-up (access_contact_until()). */
	struct participant_brief b;
	assert_int_equal(store_participant_brief(t->db, t->a, c, pid, 0, &b), SC_OK);
	char until[11];
	date_format(access_contact_until(TODAY), until);
	assert_string_equal(b.contact_until, until);
	expect_done("read", app_enrolment(t->db, t->a, &lea, eid, &rec, &out), &out);
	assert_int_equal(rec.npauses, 2);
	assert_int_equal(date_cmp(rec.pauses[1].to_date, TODAY), 0);

	/* Two follow-up tasks for the contact person. */
	assert_true(tasks[0] > 0 && tasks[1] > 0);
	assert_int_equal(rec.nfollowups, 2);
	assert_int_equal(rec.followups[0].id, tasks[0]);
	assert_string_equal(rec.followups[0].kind, "followup_6m");
	assert_int_equal(date_cmp(rec.followups[0].due_on, D(2025, 9, 10)), 0);
	assert_int_equal(rec.followups[0].assignee_id, contact);
	assert_int_equal(rec.followups[0].enrolment_id, eid);
	assert_string_equal(rec.followups[1].kind, "followup_12m");
	assert_int_equal(date_cmp(rec.followups[1].due_on, D(2026, 3, 10)), 0);
	assert_int_equal(rec.followups[1].assignee_id, contact);

	/* Exited is final. */
	x.new_end = D(2028, 1, 1);
	rc = app_enrolment_extend(t->db, t->a, &lea, eid, 0, &x, NULL, &out);
	expect_refused("extend exited", rc, &out, REFUSED_STATE, NULL, NULL);
	ex.outcome = OUTCOME_MOVED;
	rc = app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, NULL, NULL, &out);
	expect_refused("exit exited", rc, &out, REFUSED_STATE, NULL, NULL);
	rc = app_enrolment(t->db, t->a, &lea, eid + 100000, &rec, &out);
	expect_refused("missing", rc, &out, REFUSED_NOT_FOUND, NULL, NULL);

	/* A person who exited can be referred again; withdrawing that referral
	 * leaves them exited, not registered. */
	int64_t again = refer(t, &lea, pid, "2025-03-10", 5);
	assert_string_equal(status_of(t, c, pid), "referred");
	struct referral_close why = reason("Has a job now");
	expect_done("withdraw", app_referral_close(t->db, t->a, &lea, again, REFERRAL_WITHDRAW, 0, &why, NULL, &out),
		    &out);
	assert_string_equal(status_of(t, c, pid), "exited");

	struct enrolment_record *list = NULL;
	size_t n = 0;
	expect_done("list", app_participant_enrolments(t->db, t->a, &lea, pid, &b, &list, &n, &out), &out);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].period.id, eid);
	assert_int_equal(list[0].nextensions, 2);
	int64_t current = -1;
	rc = app_enrolment_current(t->db, t->a, &lea, pid, &current, &out);
	expect_refused("no current", rc, &out, REFUSED_STATE, NULL, NULL);
	assert_string_equal(out.message, "This participant has no current programme period.");
}

/* A period started without a referral (a centre moving in). */
static void
test_enrolment_start(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Start");
	struct actor lea = leader_of(t, c, "Lea Start");
	int64_t contact = user_in(t, "One Place", ROLE_BIT(ROLE_CONTACT), c, 1);
	int64_t p1 = person(t, c, "Start", "1980-01-01", "2015-01-01");
	int64_t p2 = person(t, c, "Second", "1981-01-01", "2015-01-01");
	const struct date none = {0, 0, 0};
	struct outcome out;

	/* Bad dates: nothing written. */
	struct enrolment_start in = start_of(D(2026, 3, 11), none, contact);
	int rc = app_enrolment_start(t->db, t->a, &lea, p1, &in, &out);
	expect_refused("ahead", rc, &out, REFUSED_INVALID, "start_date", "The start can be at most one year from today.");
	assert_string_equal(status_of(t, c, p1), "registered");

	in = start_of(D(2023, 1, 2), none, contact);
	expect_done("start", app_enrolment_start(t->db, t->a, &lea, p1, &in, &out), &out);
	int64_t eid = out.id;
	struct enrolment e;
	assert_int_equal(store_enrolment_get(t->db, t->a, c, eid, &e), SC_OK);
	assert_int_equal(date_cmp(e.start_date, D(2023, 1, 2)), 0);
	assert_int_equal(date_cmp(e.planned_end, D(2025, 1, 2)), 0);
	assert_int_equal(e.referral_id, 0);
	assert_string_equal(status_of(t, c, p1), "active");
	assert_int_equal(contact_of(t, c, p1), contact);
	int64_t cur = 0;
	expect_done("current", app_enrolment_current(t->db, t->a, &lea, p1, &cur, &out), &out);
	assert_int_equal(cur, eid);

	/* Enrolled already; the contact person's one place is taken. */
	in = start_of(D(2024, 1, 2), none, 0);
	rc = app_enrolment_start(t->db, t->a, &lea, p1, &in, &out);
	expect_refused("enrolled", rc, &out, REFUSED_STATE, NULL, NULL);
	assert_string_equal(out.message, "This participant is already enrolled in the programme.");
	in = start_of(D(2024, 1, 2), none, contact);
	rc = app_enrolment_start(t->db, t->a, &lea, p2, &in, &out);
	expect_refused("full", rc, &out, REFUSED_FULL, "contact_id", NULL);
	assert_string_equal(status_of(t, c, p2), "registered");
	struct enrolment *list = NULL;
	size_t n = 0;
	assert_int_equal(store_enrolment_list(t->db, t->a, c, p2, &list, &n), SC_OK);
	assert_int_equal(n, 0);

	/* An open referral: accept its offer instead. */
	refer(t, &lea, p2, "2025-03-01", 5);
	in = start_of(D(2025, 3, 1), none, 0);
	rc = app_enrolment_start(t->db, t->a, &lea, p2, &in, &out);
	expect_refused("open", rc, &out, REFUSED_STATE, NULL, NULL);
	assert_string_equal(out.message, "This participant has an open referral; enrol them by accepting its offer.");
	rc = app_enrolment_start(t->db, t->a, &lea, p2 + 100000, &in, &out);
	expect_refused("missing", rc, &out, REFUSED_NOT_FOUND, NULL, NULL);
}

/* ---- centres ---- */

/* A leader of another centre finds nothing of this one: not its
 * referrals, not its periods, not its waiting list; and changes nothing. */
static void
test_other_centre(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Ours");
	int64_t other = fx_centre(t, "Not ours");
	struct actor lea = leader_of(t, c, "Lea Ours");
	struct actor stranger = leader_of(t, other, "Lea Theirs");
	int64_t contact = user_in(t, "Kari Ours", ROLE_BIT(ROLE_CONTACT), c, 0);
	int64_t pid = 0;
	int64_t rid = waiting(t, &lea, "Ours", "2025-03-01", 5, &pid);
	int64_t p2 = 0;
	int64_t r2 = waiting(t, &lea, "Enrolled", "2025-03-01", 5, &p2);
	offer(t, &lea, r2);
	int64_t eid = accept(t, &lea, r2, TODAY, (struct date){0, 0, 0}, contact);

	struct outcome out;
	struct referral_view v;
	int rc = app_referral(t->db, t->a, &stranger, rid, true, &v, &out);
	expect_refused("read", rc, &out, REFUSED_NOT_FOUND, NULL, NULL);
	struct referral_offer o = {TODAY, {0, 0, 0}};
	rc = app_referral_offer(t->db, t->a, &stranger, rid, 0, &o, NULL, &out);
	expect_refused("offer", rc, &out, REFUSED_NOT_FOUND, NULL, NULL);
	struct referral_close why = reason("not yours");
	rc = app_referral_close(t->db, t->a, &stranger, rid, REFERRAL_WITHDRAW, 0, &why, NULL, &out);
	expect_refused("withdraw", rc, &out, REFUSED_NOT_FOUND, NULL, NULL);
	struct referral in = new_referral("2025-03-01", 5);
	struct participant_brief b;
	rc = app_referral_create(t->db, t->a, &stranger, p2, &in, &b, &out);
	expect_refused("create", rc, &out, REFUSED_NOT_FOUND, NULL, NULL);
	struct referral *list = NULL;
	size_t n = 0;
	rc = app_participant_referrals(t->db, t->a, &stranger, pid, &b, &list, &n, &out);
	expect_refused("list", rc, &out, REFUSED_NOT_FOUND, NULL, NULL);
	struct enrolment_record rec;
	rc = app_enrolment(t->db, t->a, &stranger, eid, &rec, &out);
	expect_refused("period", rc, &out, REFUSED_NOT_FOUND, NULL, NULL);
	struct enrolment_exit ex;
	fields_clear(enrolment_exit_fields, &ex);
	ex.date = TODAY;
	ex.reason = "not yours";
	ex.outcome = OUTCOME_OTHER;
	rc = app_enrolment_exit(t->db, t->a, &stranger, eid, 0, &ex, NULL, NULL, &out);
	expect_refused("exit", rc, &out, REFUSED_NOT_FOUND, NULL, NULL);
	int64_t total = -1;
	assert_int_equal(app_referrals(t->db, t->a, &stranger, -1, 1, 50, &list, &n, &total), SC_OK);
	assert_int_equal(total, 0);
	struct waitlist_capacity cap;
	struct waitlist_row *rows = NULL;
	assert_int_equal(app_waitlist(t->db, t->a, &stranger, 50, 0, "waitlist.read", &cap, &rows, &n, &total), SC_OK);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	assert_int_equal(cap.active, 0);
	assert_int_equal(cap.contact_persons, 0);

	/* Nothing changed. */
	assert_int_equal(get_referral(t, c, rid).state, REFERRAL_WAITING);
	assert_int_equal(get_referral(t, c, rid).version, 2);
	struct enrolment e;
	assert_int_equal(store_enrolment_get(t->db, t->a, c, eid, &e), SC_OK);
	assert_int_equal(e.status, ENROLMENT_ACTIVE);
	assert_int_equal(app_waitlist(t->db, t->a, &lea, 50, 0, "waitlist.read", &cap, &rows, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].referral_id, rid);
	assert_int_equal(cap.active, 1);
}

/* ---- the reports' facts (report_facts, migration 24) ---- */

/* The centre's kept rows equal the facts joined from scratch, row by row
 * and column by column, and there are n of them. */
static void
facts_exact(struct fx *t, int64_t centre, size_t n)
{
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_facts_verify(t->db, centre, &missing, &extra), SC_OK);
	assert_int_equal(missing, 0);
	assert_int_equal(extra, 0);
	struct report_period *kept = NULL, *fresh = NULL;
	size_t nk = 0, nf = 0, ck = 0, cf = 0;
	assert_int_equal(store_report_periods(t->db, t->a, centre, &kept, &nk, &ck), SC_OK);
	assert_int_equal(store_report_periods_recompute(t->db, t->a, centre, &fresh, &nf, &cf), SC_OK);
	assert_int_equal(nk, n);
	assert_int_equal(nf, n);
	for (size_t i = 0; i < n; i++) {
		const struct report_period *k = &kept[i], *f = &fresh[i];
		assert_int_equal(k->id, f->id);
		assert_int_equal(k->participant_id, f->participant_id);
		assert_int_equal(k->contact_id, f->contact_id);
		assert_int_equal(date_cmp(k->birth, f->birth), 0);
		assert_int_equal(date_cmp(k->start, f->start), 0);
		assert_int_equal(date_cmp(k->exit, f->exit), 0);
		assert_string_equal(k->gender, f->gender);
		assert_string_equal(k->country, f->country);
		assert_int_equal(k->schooling, f->schooling);
		assert_int_equal(k->exit_status, f->exit_status);
		assert_int_equal(k->status6, f->status6);
		assert_int_equal(date_cmp(k->on6, f->on6), 0);
		assert_int_equal(k->status12, f->status12);
		assert_int_equal(date_cmp(k->on12, f->on12), 0);
		assert_int_equal(date_cmp(k->referred_on, f->referred_on), 0);
	}
}

/* The kept row of period id. */
static struct report_period
fact_of(struct fx *t, int64_t centre, int64_t id)
{
	struct report_period *rows = NULL;
	size_t n = 0, cap = 0;
	assert_int_equal(store_report_periods(t->db, t->a, centre, &rows, &n, &cap), SC_OK);
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == id)
			return rows[i];
	fail_msg("no kept row of period %lld", (long long)id);
	return rows[0];
}

static void
follow_up(struct fx *t, const struct actor *who, int64_t task, int result, struct date on)
{
	struct task in;
	fields_clear(task_fields, &in);
	in.result = result;
	in.source = TASK_SOURCE_REGISTER;
	in.result_on = on;
	in.note = "";
	struct task after;
	struct participant_brief b;
	bool still;
	struct outcome out;
	expect_done("follow-up", app_task_done(t->db, t->a, who, task, &in, &after, &b, &still, &out), &out);
}

/*
 * The facts the reports count are kept in the transaction of every command
 * that changes them, through the commands themselves: a period begun, a
 * contact person changed, the participant's record edited, the exit, both
 * follow-ups registered, and a correction written straight to the tables;
 * after each, every kept row equals the facts joined from scratch, and
 * the report's figures are those of the facts. Another centre's rows are
 * not touched.
 */
static void
test_report_facts_kept(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Facts");
	int64_t other = fx_centre(t, "Facts elsewhere");
	struct actor lea = leader_of(t, c, "Lea Facts");
	struct actor elsewhere = leader_of(t, other, "Lea Elsewhere");
	int64_t c1 = user_in(t, "Kari Contact", ROLE_BIT(ROLE_CONTACT), c, 20);
	int64_t c2 = user_in(t, "Omar Contact", ROLE_BIT(ROLE_CONTACT), c, 20);
	struct actor kari = lea;
	kari.user_id = c1;
	kari.roles = ROLE_BIT(ROLE_CONTACT);
	kari.name = kari.username = "Kari Contact";
	facts_exact(t, c, 0);

	/* another centre's period, there before and after */
	int64_t orid = waiting(t, &elsewhere, "Elsewhere", "2025-01-02", 5, NULL);
	offer(t, &elsewhere, orid);
	int64_t ocontact = user_in(t, "Per Elsewhere", ROLE_BIT(ROLE_CONTACT), other, 20);
	int64_t oeid = accept(t, &elsewhere, orid, D(2025, 3, 3), D(2026, 3, 2), ocontact);
	facts_exact(t, other, 1);

	/* begun: the period with its referral's day and contact person */
	int64_t pid;
	int64_t rid = waiting(t, &lea, "Facts", "2025-01-15", 5, &pid);
	offer(t, &lea, rid);
	int64_t eid = accept(t, &lea, rid, D(2025, 2, 3), D(2026, 2, 2), c1);
	facts_exact(t, c, 1);
	struct report_period f = fact_of(t, c, eid);
	assert_int_equal(f.contact_id, c1);
	assert_int_equal(date_cmp(f.referred_on, D(2025, 1, 15)), 0);
	assert_int_equal(f.exit.y, 0);

	/* reassigned */
	struct assignment_input as = {c2, "Holiday cover"};
	struct participant_brief b;
	struct caseload_refusal why;
	struct outcome out;
	expect_done("assign", app_contact_assign(t->db, t->a, &lea, pid, &as, &b, &why, &out), &out);
	facts_exact(t, c, 1);
	assert_int_equal(fact_of(t, c, eid).contact_id, c2);

	/* the participant's record edited: gender, country, schooling */
	struct participant rec;
	assert_int_equal(store_participant_get(t->db, t->a, c, pid, &rec), SC_OK);
	rec.gender = GENDER_MALE;
	rec.country_of_birth = "Syria";
	rec.schooling_years = 11;
	struct field_errors read = {0};
	struct participant_change *changes;
	size_t nchanges;
	expect_done("edit", app_participant_update(t->db, t->a, &lea, pid, rec.version, &rec, &read, &b, &changes,
						   &nchanges, &out), &out);
	facts_exact(t, c, 1);
	f = fact_of(t, c, eid);
	assert_string_equal(f.gender, "male");
	assert_string_equal(f.country, "Syria");
	assert_int_equal(f.schooling, 11);

	/* back to the first contact person, then the exit into work */
	as.contact_id = c1;
	expect_done("assign back", app_contact_assign(t->db, t->a, &lea, pid, &as, &b, &why, &out), &out);
	struct enrolment_exit ex;
	fields_clear(enrolment_exit_fields, &ex);
	ex.date = D(2025, 3, 7);
	ex.outcome = OUTCOME_EMPLOYED_FULL;
	ex.reason = "A job at the hotel";
	int64_t tasks[ENROLMENT_NFOLLOWUPS] = {0};
	struct enrolment e;
	expect_done("exit", app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, tasks, &e, &out), &out);
	facts_exact(t, c, 1);
	f = fact_of(t, c, eid);
	assert_int_equal(date_cmp(f.exit, D(2025, 3, 7)), 0);
	assert_int_equal(f.exit_status, RS_EMPLOYED_FULL);
	assert_int_equal(f.status6, RS_NONE);

	/* both follow-ups registered by the contact person */
	follow_up(t, &kari, tasks[0], TASK_RESULT_EDUCATION, D(2025, 3, 8));
	facts_exact(t, c, 1);
	f = fact_of(t, c, eid);
	assert_int_equal(f.status6, RS_EDUCATION);
	assert_int_equal(date_cmp(f.on6, D(2025, 3, 8)), 0);
	follow_up(t, &kari, tasks[1], TASK_RESULT_UNEMPLOYED, D(2025, 3, 9));
	facts_exact(t, c, 1);
	assert_int_equal(fact_of(t, c, eid).status12, RS_UNEMPLOYED);

	/* a correction straight to the tables (as an administrator's repair
	 * would be): the triggers keep it too */
	char sql[200];
	snprintf(sql, sizeof sql, "UPDATE tasks SET result = 'employed_part', result_on = '2025-03-10' WHERE id = %lld",
		 (long long)tasks[1]);
	fx_exec(sql);
	snprintf(sql, sizeof sql, "UPDATE referrals SET referred_on = '2025-01-10' WHERE id = %lld", (long long)rid);
	fx_exec(sql);
	facts_exact(t, c, 1);
	f = fact_of(t, c, eid);
	assert_int_equal(f.status12, RS_EMPLOYED_PART);
	assert_int_equal(date_cmp(f.referred_on, D(2025, 1, 10)), 0);

	/* Results as the leader reads it: one exit, a completer, in work at
	 * exit, in education at 6 months, in work at 12 (each from 1 person:
	 * the figures are there, the page hides them) */
	struct report_filter rf;
	fields_clear(report_filter_fields, &rf);
	struct report rep;
	expect_done("results", app_report(t->db, t->a, &lea, app_report_def("results"), &rf, &rep, &out), &out);
	struct report_table *r = &rep.tables[0];
	assert_int_equal(report_at(r, 0, 0)->n, 1);
	assert_int_equal(report_at(r, 0, 1)->n, 1);
	assert_int_equal(report_at(r, 2, 2)->n, 1);
	assert_int_equal(report_at(r, 3, 1)->n, 1);
	assert_int_equal(report_at(&rep.tables[1], 0, 0)->n, 1);

	/* the other centre's row is as it was */
	facts_exact(t, other, 1);
	struct report_period *rows = NULL;
	size_t n = 0, cap = 0;
	assert_int_equal(store_report_periods(t->db, t->a, other, &rows, &n, &cap), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, oeid);
	assert_int_equal(rows[0].exit.y, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_referral_create),
		FX_TEST(test_screening),
		FX_TEST(test_priority_and_states),
		FX_TEST(test_waitlist),
		FX_TEST(test_accept_full_caseload),
		FX_TEST(test_accept_race),
		FX_TEST(test_enrolment_lifecycle),
		FX_TEST(test_pause_after_the_fact),
		FX_TEST(test_enrolment_start),
		FX_TEST(test_other_centre),
		FX_TEST(test_report_facts_kept),
	};
	return fx_run("test_app_intake", tests, sizeof tests / sizeof tests[0]);
}
