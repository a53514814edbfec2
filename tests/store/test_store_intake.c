/*
 * test_store_intake.c — the store of intake (src/store/store_intake.h) on
 * both engines, with the shared fixture: referrals, their events and
 * screenings, the waiting list's capacity, rows and planned exits,
 * programme periods with extensions, pauses and follow-up tasks; rows
 * written from the domain's records and read back by column name, versions
 * that refuse a stale write, and never a row of another centre.
 *
 * The tests share one database, so each works in a centre of its own: its
 * counts and lists are exactly what it made.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "domain/access.h"
#include "domain/caseload.h"
#include "store/store.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){.y = (yy), .m = (mm), .d = (dd)})
static const struct date TODAY = {2025, 3, 10};
#define NOW 1741600000

/* A user with roles in centre (and a caseload cap when cap > 0). */
static int64_t
user_in(struct fx *t, const char *name, uint32_t roles, int64_t centre, int cap)
{
	static int seq;
	char username[64];
	snprintf(username, sizeof username, "intake.%d", ++seq);
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

/* A referral as a command writes it. */
static struct referral
referral_of(int64_t pid, const char *referred_on, int priority, enum referral_state state)
{
	struct referral r;
	fields_clear(referral_fields, &r);
	fields_clear(referral_person_fields, &r);
	r.participant_id = pid;
	r.source = REFERRAL_NAV;
	assert_int_equal(date_parse(referred_on, &r.referred_on), SC_OK);
	r.referrer = "NAV Bergenhus";
	r.reason = "Needs Norwegian and work practice";
	r.planned_start = D(2025, 8, 18);
	r.in_qualification = 0;
	r.in_introduction = 0;
	r.lawful_residence = 1;
	r.priority = priority;
	r.state = state;
	return r;
}

static int64_t
add_referral(struct fx *t, int64_t centre, int64_t pid, const char *referred_on, int priority,
	     enum referral_state state)
{
	struct referral r = referral_of(pid, referred_on, priority, state);
	int64_t id = 0;
	assert_int_equal(store_referral_add(t->db, centre, &r, 0, NOW, &id), SC_OK);
	assert_true(id > 0);
	return id;
}

static void
add_event(struct fx *t, int64_t centre, int64_t rid, int64_t user, const char *from, const char *to,
	  const char *note, int64_t at)
{
	struct referral_event ev;
	fields_clear(referral_event_fields, &ev);
	ev.referral_id = rid;
	ev.at = at;
	ev.on_date = TODAY;
	ev.user_id = user;
	ev.from_state = from;
	ev.to_state = to;
	ev.note = note;
	assert_int_equal(store_referral_event_add(t->db, centre, &ev), SC_OK);
}

static int64_t
add_period(struct fx *t, int64_t centre, int64_t pid, int64_t rid, struct date start, struct date end,
	   enum enrolment_status status)
{
	struct enrolment e;
	fields_clear(enrolment_fields, &e);
	e.participant_id = pid;
	e.referral_id = rid;
	e.start_date = start;
	e.planned_end = end;
	e.status = status;
	int64_t id = 0;
	assert_int_equal(store_enrolment_add(t->db, centre, &e, 0, NOW, &id), SC_OK);
	return id;
}

/* ---- referrals ---- */

static void
test_referrals(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Referrals");
	int64_t lea = user_in(t, "Lea Leader", ROLE_BIT(ROLE_LEADER), c, 0);
	int64_t pid = fx_participant(t, c, "Ali", "referred", 0);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE participants SET intro_ended = '2021-01-15' WHERE id = %lld", (long long)pid);
	fx_exec(sql);

	struct referral in = referral_of(pid, "2025-03-01", 3, REFERRAL_NEW);
	in.referrer = "";   /* kept as '' (NOT NULL DEFAULT '') */
	int64_t rid = 0;
	assert_int_equal(store_referral_add(t->db, c, &in, lea, NOW, &rid), SC_OK);
	struct referral r;
	assert_int_equal(store_referral_get(t->db, t->a, c, rid, &r), SC_OK);
	assert_int_equal(r.id, rid);
	assert_int_equal(r.participant_id, pid);
	assert_string_equal(r.given_name, "Amina");
	assert_string_equal(r.family_name, "Ali");
	assert_int_equal(date_cmp(r.birth_date, D(1990, 5, 1)), 0);
	assert_int_equal(date_cmp(r.intro_ended, D(2021, 1, 15)), 0);
	assert_int_equal(r.source, REFERRAL_NAV);
	assert_int_equal(date_cmp(r.referred_on, D(2025, 3, 1)), 0);
	assert_string_equal(r.referrer, "");
	assert_string_equal(r.reason, "Needs Norwegian and work practice");
	assert_int_equal(date_cmp(r.planned_start, D(2025, 8, 18)), 0);
	assert_int_equal(r.in_qualification, 0);
	assert_int_equal(r.lawful_residence, 1);
	assert_int_equal(r.priority, 3);
	assert_int_equal(r.state, REFERRAL_NEW);
	assert_int_equal(r.offered_on.y, 0);
	assert_int_equal(r.version, 1);

	/* A change at the version read; a second at the same version is stale. */
	r.state = REFERRAL_OFFERED;
	r.offered_on = D(2025, 3, 5);
	assert_int_equal(store_referral_update(t->db, c, &r, 1, NOW + 1), SC_OK);
	r.priority = 1;
	assert_int_equal(store_referral_update(t->db, c, &r, 1, NOW + 2), SC_ECONFLICT);
	assert_int_equal(store_referral_get(t->db, t->a, c, rid, &r), SC_OK);
	assert_int_equal(r.version, 2);
	assert_int_equal(r.state, REFERRAL_OFFERED);
	assert_int_equal(r.priority, 3);
	assert_int_equal(date_cmp(r.offered_on, D(2025, 3, 5)), 0);
	r.id = rid + 100000;
	assert_int_equal(store_referral_update(t->db, c, &r, 2, NOW), SC_ENOTFOUND);
	assert_int_equal(store_referral_get(t->db, t->a, c, rid + 100000, &r), SC_ENOTFOUND);

	/* Open while not final. */
	bool open = false;
	assert_int_equal(store_referral_open(t->db, c, pid, &open), SC_OK);
	assert_true(open);
	int64_t p2 = fx_participant(t, c, "Abdi", "registered", 0);
	assert_int_equal(store_referral_open(t->db, c, p2, &open), SC_OK);
	assert_false(open);
	int64_t old = add_referral(t, c, p2, "2024-01-01", 5, REFERRAL_WITHDRAWN);
	assert_int_equal(store_referral_open(t->db, c, p2, &open), SC_OK);
	assert_false(open);

	/* Lists: by participant newest first; by state in waiting-list
	 * order; all newest first; exact totals. */
	int64_t late_high = add_referral(t, c, p2, "2025-03-05", 1, REFERRAL_NEW);
	int64_t same_day = add_referral(t, c, p2, "2025-03-05", 5, REFERRAL_NEW);
	int64_t early = add_referral(t, c, p2, "2025-01-05", 5, REFERRAL_NEW);
	struct referral *list = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_referral_list_participant(t->db, t->a, c, p2, &list, &n), SC_OK);
	assert_int_equal(n, 4);
	assert_int_equal(list[0].id, same_day);
	assert_int_equal(list[1].id, late_high);
	assert_int_equal(list[3].id, old);
	assert_int_equal(store_referral_list(t->db, t->a, c, REFERRAL_NEW, 100, 0, &list, &n, &total), SC_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].id, late_high);
	assert_int_equal(list[1].id, early);
	assert_int_equal(list[2].id, same_day);
	assert_int_equal(store_referral_list(t->db, t->a, c, REFERRAL_NEW, 1, 1, &list, &n, &total), SC_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, early);
	assert_int_equal(store_referral_list(t->db, t->a, c, -1, 100, 0, &list, &n, &total), SC_OK);
	assert_int_equal(total, 5);
	assert_int_equal(n, 5);
	assert_int_equal(list[0].id, early);   /* newest first */
	assert_int_equal(list[4].id, rid);
	assert_int_equal(store_referral_list(t->db, t->a, c, REFERRAL_STATE_COUNT, 100, 0, &list, &n, &total),
			 SC_EINVAL);

	/* Events, oldest first, with the user's name; the recent decisions
	 * leave out creations and priority changes, newest first. */
	add_event(t, c, rid, lea, "", "new", "", NOW);
	add_event(t, c, rid, lea, "new", "new", "Priority 5 \xE2\x86\x92 3", NOW + 1);
	add_event(t, c, rid, 0, "new", "offered", "", NOW + 2);
	add_event(t, c, late_high, lea, "new", "withdrawn", "Moved to Oslo", NOW + 3);
	struct referral_event *ev = NULL;
	assert_int_equal(store_referral_events(t->db, t->a, c, rid, &ev, &n), SC_OK);
	assert_int_equal(n, 3);
	assert_string_equal(ev[0].from_state, "");
	assert_string_equal(ev[0].to_state, "new");
	assert_int_equal(ev[0].user_id, lea);
	assert_string_equal(ev[0].user_name, "Lea Leader");
	assert_int_equal(date_cmp(ev[0].on_date, TODAY), 0);
	assert_string_equal(ev[1].note, "Priority 5 \xE2\x86\x92 3");
	assert_int_equal(ev[2].user_id, 0);
	assert_string_equal(ev[2].user_name, "");
	assert_int_equal(store_referral_recent(t->db, t->a, c, 20, &ev, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ev[0].referral_id, late_high);
	assert_string_equal(ev[0].family_name, "Abdi");
	assert_int_equal(ev[0].participant_id, p2);
	assert_string_equal(ev[0].note, "Moved to Oslo");
	assert_int_equal(ev[1].referral_id, rid);
	assert_string_equal(ev[1].to_state, "offered");
	assert_int_equal(store_referral_recent(t->db, t->a, c, 1, &ev, &n), SC_OK);
	assert_int_equal(n, 1);
}

static void
test_screenings(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Screenings");
	int64_t lea = user_in(t, "Lea Screener", ROLE_BIT(ROLE_LEADER), c, 0);
	int64_t pid = fx_participant(t, c, "Yusuf", "referred", 0);
	int64_t rid = add_referral(t, c, pid, "2025-03-01", 5, REFERRAL_NEW);
	struct screening_row *rows = NULL;
	size_t n = 0;
	assert_int_equal(store_screening_latest(t->db, t->a, c, rid, &rows, &n), SC_OK);
	assert_int_equal(n, 0);

	static const char *const names[] = {"age", "intro_ended", "not_enrolled", "lawful_residence"};
	struct screening_row first[ELIG_NRULES], second[ELIG_NRULES];
	for (int i = 0; i < ELIG_NRULES; i++) {
		fields_clear(screening_row_fields, &first[i]);
		first[i].referral_id = rid;
		first[i].rule = names[i];
		first[i].pass = i != ELIG_INTRO_ENDED;
		first[i].reason = i == ELIG_INTRO_ENDED ? "ended too recently" : "";
		first[i].overridden = 0;
		first[i].override_reason = "";
		first[i].screened_at = NOW;
		first[i].screened_by = 0;
		second[i] = first[i];
		second[i].screened_at = NOW + 5;
		second[i].screened_by = lea;
	}
	second[ELIG_INTRO_ENDED].overridden = 1;
	second[ELIG_INTRO_ENDED].override_reason = "Agreed with NAV";
	assert_int_equal(store_screening_add(t->db, c, first, ELIG_NRULES), SC_OK);
	assert_int_equal(store_screening_add(t->db, c, second, ELIG_NRULES), SC_OK);
	/* The latest screening, in rule order. */
	assert_int_equal(store_screening_latest(t->db, t->a, c, rid, &rows, &n), SC_OK);
	assert_int_equal(n, ELIG_NRULES);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(rows[i].rule, names[i]);
		assert_int_equal(rows[i].pass, i != ELIG_INTRO_ENDED);
		assert_int_equal(rows[i].screened_at, NOW + 5);
		assert_int_equal(rows[i].screened_by, lea);
		assert_string_equal(rows[i].screened_by_name, "Lea Screener");
	}
	assert_string_equal(rows[ELIG_INTRO_ENDED].reason, "ended too recently");
	assert_int_equal(rows[ELIG_INTRO_ENDED].overridden, 1);
	assert_string_equal(rows[ELIG_INTRO_ENDED].override_reason, "Agreed with NAV");
	assert_string_equal(rows[ELIG_AGE].override_reason, "");
	/* A screening cut short (fewer rows than rules) counts as none. */
	int64_t r2 = add_referral(t, c, pid, "2025-03-02", 5, REFERRAL_NEW);
	first[0].referral_id = r2;
	assert_int_equal(store_screening_add(t->db, c, first, 1), SC_OK);
	assert_int_equal(store_screening_latest(t->db, t->a, c, r2, &rows, &n), SC_OK);
	assert_int_equal(n, 0);
}

/* ---- the waiting list ---- */

static void
test_waitlist(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Waiting");
	int64_t other = fx_centre(t, "Waiting elsewhere");
	struct waitlist_capacity cap;
	assert_int_equal(store_waitlist_capacity(t->db, c, TODAY, &cap), SC_OK);
	assert_int_equal(cap.contact_persons, 0);
	assert_int_equal(cap.places, 0);
	assert_int_equal(cap.active, 0);
	assert_int_equal(cap.free_places, 0);
	assert_int_equal(cap.exits_90d, 0);
	assert_int_equal(cap.waiting, 0);

	/* The centre's contact persons: 2 and 18 (default) places; a leader,
	 * an inactive contact person and another centre's do not count. */
	int64_t kari = user_in(t, "Kari Contact", ROLE_BIT(ROLE_CONTACT), c, 2);
	user_in(t, "Per Contact", ROLE_BIT(ROLE_CONTACT) | ROLE_BIT(ROLE_TEACHER), c, 0);
	user_in(t, "Lea Leader", ROLE_BIT(ROLE_LEADER), c, 0);
	int64_t gone = user_in(t, "Gone Contact", ROLE_BIT(ROLE_CONTACT), c, 0);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE users SET active = 0 WHERE id = %lld", (long long)gone);
	fx_exec(sql);
	user_in(t, "Elsewhere Contact", ROLE_BIT(ROLE_CONTACT), other, 0);
	assert_int_equal(store_waitlist_capacity(t->db, c, TODAY, &cap), SC_OK);
	assert_int_equal(cap.contact_persons, 2);
	assert_int_equal(cap.places, 20);
	assert_int_equal(cap.free_places, 20);
	assert_int_equal(store_waitlist_capacity(t->db, other, TODAY, &cap), SC_OK);
	assert_int_equal(cap.contact_persons, 1);
	assert_int_equal(cap.places, CASELOAD_DEFAULT_CAP);

	/* Waiting and offered, by priority, then date, then id. */
	int64_t p1 = fx_participant(t, c, "LateHigh", "waiting", 0);
	int64_t p2 = fx_participant(t, c, "EarlyLow", "waiting", 0);
	int64_t p3 = fx_participant(t, c, "EarlyHigh", "offered", 0);
	int64_t p4 = fx_participant(t, c, "SameDay", "waiting", 0);
	int64_t p5 = fx_participant(t, c, "NotYet", "referred", 0);
	int64_t late_high = add_referral(t, c, p1, "2025-03-05", 1, REFERRAL_WAITING);
	int64_t early_low = add_referral(t, c, p2, "2025-01-05", 5, REFERRAL_WAITING);
	struct referral offered = referral_of(p3, "2025-02-01", 1, REFERRAL_OFFERED);
	offered.offered_on = TODAY;
	int64_t early_high = 0;
	assert_int_equal(store_referral_add(t->db, c, &offered, 0, NOW, &early_high), SC_OK);
	int64_t same_day = add_referral(t, c, p4, "2025-01-05", 5, REFERRAL_WAITING);
	add_referral(t, c, p5, "2025-01-01", 1, REFERRAL_NEW);
	assert_int_equal(store_waitlist_capacity(t->db, c, TODAY, &cap), SC_OK);
	assert_int_equal(cap.waiting, 4);
	struct waitlist_row *rows = NULL;
	size_t n = 0;
	assert_int_equal(store_waitlist(t->db, t->a, c, 50, 0, &rows, &n), SC_OK);
	assert_int_equal(n, 4);
	const int64_t want[] = {early_high, late_high, early_low, same_day};
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(rows[i].referral_id, want[i]);
	assert_string_equal(rows[0].family_name, "EarlyHigh");
	assert_int_equal(rows[0].participant_id, p3);
	assert_int_equal(rows[0].state, REFERRAL_OFFERED);
	assert_int_equal(date_cmp(rows[0].offered_on, TODAY), 0);
	assert_int_equal(rows[0].source, REFERRAL_NAV);
	assert_int_equal(rows[0].priority, 1);
	assert_int_equal(date_cmp(rows[0].referred_on, D(2025, 2, 1)), 0);
	assert_int_equal(rows[1].state, REFERRAL_WAITING);
	assert_int_equal(rows[1].offered_on.y, 0);
	assert_int_equal(store_waitlist(t->db, t->a, c, 2, 2, &rows, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].referral_id, early_low);
	assert_int_equal(rows[1].referral_id, same_day);
	/* a page that starts in the one offered: it, then the waiting */
	assert_int_equal(store_waitlist(t->db, t->a, c, 2, 0, &rows, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].referral_id, early_high);
	assert_int_equal(rows[1].referral_id, late_high);

	/* Periods: active and paused hold places; the planned exits come in
	 * date order, as many as asked for. */
	int64_t a1 = fx_participant(t, c, "Active1", "active", kari);
	int64_t a2 = fx_participant(t, c, "Paused1", "paused", kari);
	int64_t a3 = fx_participant(t, c, "Active2", "active", 0);
	int64_t a4 = fx_participant(t, c, "Exited1", "exited", 0);
	add_period(t, c, a1, 0, D(2024, 6, 1), D(2026, 6, 1), ENROLMENT_ACTIVE);
	add_period(t, c, a2, 0, D(2023, 4, 1), D(2025, 4, 1), ENROLMENT_PAUSED);
	add_period(t, c, a3, 0, D(2024, 1, 1), D(2025, 1, 1), ENROLMENT_ACTIVE);
	add_period(t, c, a4, 0, D(2022, 1, 1), D(2024, 1, 1), ENROLMENT_EXITED);
	assert_int_equal(store_waitlist_capacity(t->db, c, TODAY, &cap), SC_OK);
	assert_int_equal(cap.active, 3);
	assert_int_equal(cap.free_places, 17);
	assert_int_equal(cap.exits_90d, 2);   /* the overdue one and 2025-04-01 */
	struct date *exits = NULL;
	assert_int_equal(store_waitlist_exits(t->db, t->a, c, 10, &exits, &n), SC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(date_cmp(exits[0], D(2025, 1, 1)), 0);
	assert_int_equal(date_cmp(exits[1], D(2025, 4, 1)), 0);
	assert_int_equal(date_cmp(exits[2], D(2026, 6, 1)), 0);
	assert_int_equal(store_waitlist_exits(t->db, t->a, c, 2, &exits, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(date_cmp(exits[1], D(2025, 4, 1)), 0);
	assert_int_equal(store_waitlist_exits(t->db, t->a, c, 0, &exits, &n), SC_OK);
	assert_int_equal(n, 0);
}

/* The kept waiting list (migration 86) equals its rows from scratch. */
static void
kept_exact(struct fx *t, int64_t centre)
{
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_caseload_overview_verify(t->db, centre, &missing, &extra), SC_OK);
	assert_int_equal(missing, 0);
	assert_int_equal(extra, 0);
}

/* The page's referrals in order, and the family name of the first. */
static void
page_is(struct fx *t, int64_t centre, const int64_t *want, size_t nwant, const char *first_family)
{
	struct waitlist_row *rows = NULL;
	size_t n = 0;
	assert_int_equal(store_waitlist(t->db, t->a, centre, 50, 0, &rows, &n), SC_OK);
	assert_int_equal(n, nwant);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rows[i].referral_id, want[i]);
	if (first_family != NULL)
		assert_string_equal(rows[0].family_name, first_family);
}

/* Every write that changes the waiting list changes its kept rows in the
 * same transaction: a referral added, its priority, date, source and state
 * changed, moved to another centre and deleted; its participant renamed,
 * moved to another centre and back. A kept row spoilt in SQL is found. */
static void
test_waitlist_kept(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Waiting kept");
	int64_t other = fx_centre(t, "Waiting kept elsewhere");
	int64_t p1 = fx_participant(t, c, "Kept", "waiting", 0);
	int64_t p2 = fx_participant(t, c, "Later", "waiting", 0);
	int64_t r1 = add_referral(t, c, p1, "2025-02-01", 5, REFERRAL_WAITING);
	int64_t r2 = add_referral(t, c, p2, "2025-01-01", 5, REFERRAL_NEW);
	kept_exact(t, c);
	page_is(t, c, (int64_t[]){r1}, 1, "Kept");

	/* new -> waiting, earlier: first */
	struct referral r;
	assert_int_equal(store_referral_get(t->db, t->a, c, r2, &r), SC_OK);
	r.state = REFERRAL_WAITING;
	assert_int_equal(store_referral_update(t->db, c, &r, r.version, NOW), SC_OK);
	kept_exact(t, c);
	page_is(t, c, (int64_t[]){r2, r1}, 2, "Later");
	/* a higher priority, then a later date, an offer and another source */
	assert_int_equal(store_referral_get(t->db, t->a, c, r1, &r), SC_OK);
	r.priority = 1;
	assert_int_equal(store_referral_update(t->db, c, &r, r.version, NOW), SC_OK);
	kept_exact(t, c);
	page_is(t, c, (int64_t[]){r1, r2}, 2, "Kept");
	assert_int_equal(store_referral_get(t->db, t->a, c, r1, &r), SC_OK);
	r.priority = 5;
	assert_int_equal(date_parse("2024-12-01", &r.referred_on), SC_OK);
	r.state = REFERRAL_OFFERED;
	r.offered_on = TODAY;
	r.source = REFERRAL_SELF;
	assert_int_equal(store_referral_update(t->db, c, &r, r.version, NOW), SC_OK);
	kept_exact(t, c);
	struct waitlist_row *rows = NULL;
	size_t n = 0;
	assert_int_equal(store_waitlist(t->db, t->a, c, 50, 0, &rows, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].referral_id, r1);
	assert_int_equal(rows[0].state, REFERRAL_OFFERED);
	assert_int_equal(rows[0].source, REFERRAL_SELF);
	assert_int_equal(date_cmp(rows[0].offered_on, TODAY), 0);
	assert_int_equal(date_cmp(rows[0].referred_on, D(2024, 12, 1)), 0);

	/* the participant renamed: the page shows the new name */
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE participants SET given_name = 'Amira', family_name = 'Renamed' WHERE id = %lld",
		 (long long)p1);
	fx_exec(sql);
	kept_exact(t, c);
	assert_int_equal(store_waitlist(t->db, t->a, c, 50, 0, &rows, &n), SC_OK);
	assert_string_equal(rows[0].given_name, "Amira");
	assert_string_equal(rows[0].family_name, "Renamed");
	/* a participant of another centre than her referral is on neither list,
	 * and on her referral's again when she is back */
	snprintf(sql, sizeof sql, "UPDATE participants SET centre_id = %lld WHERE id = %lld", (long long)other,
		 (long long)p1);
	fx_exec(sql);
	kept_exact(t, c);
	kept_exact(t, other);
	page_is(t, c, (int64_t[]){r2}, 1, "Later");
	page_is(t, other, NULL, 0, NULL);
	snprintf(sql, sizeof sql, "UPDATE referrals SET centre_id = %lld WHERE id = %lld", (long long)other,
		 (long long)r1);
	fx_exec(sql);
	kept_exact(t, c);
	kept_exact(t, other);
	page_is(t, other, (int64_t[]){r1}, 1, "Renamed");
	snprintf(sql, sizeof sql, "UPDATE participants SET centre_id = %lld WHERE id = %lld", (long long)c,
		 (long long)p1);
	fx_exec(sql);
	snprintf(sql, sizeof sql, "UPDATE referrals SET centre_id = %lld WHERE id = %lld", (long long)c,
		 (long long)r1);
	fx_exec(sql);
	kept_exact(t, c);
	kept_exact(t, other);
	page_is(t, c, (int64_t[]){r1, r2}, 2, "Renamed");

	/* accepted: off the list; deleted: gone */
	assert_int_equal(store_referral_get(t->db, t->a, c, r1, &r), SC_OK);
	r.state = REFERRAL_ACCEPTED;
	assert_int_equal(store_referral_update(t->db, c, &r, r.version, NOW), SC_OK);
	kept_exact(t, c);
	page_is(t, c, (int64_t[]){r2}, 1, "Later");
	snprintf(sql, sizeof sql, "DELETE FROM referrals WHERE id = %lld", (long long)r2);
	fx_exec(sql);
	kept_exact(t, c);
	page_is(t, c, NULL, 0, NULL);

	/* a kept row spoilt in SQL is found */
	int64_t r3 = add_referral(t, c, p2, "2025-03-01", 2, REFERRAL_WAITING);
	kept_exact(t, c);
	page_is(t, c, (int64_t[]){r3}, 1, "Later");
	snprintf(sql, sizeof sql, "UPDATE waiting_list SET family_name = 'Spoilt' WHERE referral_id = %lld",
		 (long long)r3);
	fx_exec(sql);
	int64_t missing = 0, extra = 0;
	assert_int_equal(store_caseload_overview_verify(t->db, c, &missing, &extra), SC_OK);
	assert_int_equal(missing, 1);
	assert_int_equal(extra, 1);
}

/* ---- programme periods ---- */

static void
test_periods(void **state)
{
	struct fx *t = *state;
	int64_t c = fx_centre(t, "Periods");
	int64_t lea = user_in(t, "Lea Period", ROLE_BIT(ROLE_LEADER), c, 0);
	int64_t kari = user_in(t, "Kari Follow", ROLE_BIT(ROLE_CONTACT), c, 0);
	int64_t pid = fx_participant(t, c, "Period", "active", kari);
	int64_t rid = add_referral(t, c, pid, "2024-01-02", 5, REFERRAL_ACCEPTED);
	int64_t before_id = add_period(t, c, pid, 0, D(2020, 1, 1), D(2022, 1, 1), ENROLMENT_EXITED);
	int64_t current = 0;
	assert_int_equal(store_enrolment_current(t->db, c, pid, &current), SC_OK);
	assert_int_equal(current, 0);
	bool before = false;
	assert_int_equal(store_enrolled_before(t->db, c, pid, &before), SC_OK);
	assert_true(before);

	int64_t eid = add_period(t, c, pid, rid, D(2024, 1, 15), D(2026, 1, 15), ENROLMENT_ACTIVE);
	struct enrolment e;
	assert_int_equal(store_enrolment_get(t->db, t->a, c, eid, &e), SC_OK);
	assert_int_equal(e.participant_id, pid);
	assert_int_equal(e.referral_id, rid);
	assert_int_equal(date_cmp(e.start_date, D(2024, 1, 15)), 0);
	assert_int_equal(date_cmp(e.planned_end, D(2026, 1, 15)), 0);
	assert_int_equal(date_cmp(e.longest_end, D(2028, 1, 15)), 0);
	assert_int_equal(e.status, ENROLMENT_ACTIVE);
	assert_int_equal(e.exit_date.y, 0);
	assert_string_equal(e.exit_reason, "");
	assert_int_equal(e.outcome, -1);
	assert_int_equal(e.version, 1);
	assert_int_equal(store_enrolment_current(t->db, c, pid, &current), SC_OK);
	assert_int_equal(current, eid);

	/* Exited at the version read; stale after. */
	e.status = ENROLMENT_EXITED;
	e.exit_date = TODAY;
	e.exit_reason = "Got a job";
	e.outcome = OUTCOME_EMPLOYED_FULL;
	assert_int_equal(store_enrolment_update(t->db, c, &e, 1, NOW), SC_OK);
	assert_int_equal(store_enrolment_update(t->db, c, &e, 1, NOW), SC_ECONFLICT);
	assert_int_equal(store_enrolment_get(t->db, t->a, c, eid, &e), SC_OK);
	assert_int_equal(e.version, 2);
	assert_int_equal(e.status, ENROLMENT_EXITED);
	assert_string_equal(e.exit_reason, "Got a job");
	assert_int_equal(e.outcome, OUTCOME_EMPLOYED_FULL);
	assert_int_equal(date_cmp(e.exit_date, TODAY), 0);
	assert_int_equal(store_enrolment_get(t->db, t->a, c, eid + 100000, &e), SC_ENOTFOUND);
	struct enrolment *list = NULL;
	size_t n = 0;
	assert_int_equal(store_enrolment_list(t->db, t->a, c, pid, &list, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, eid);   /* latest start first */
	assert_int_equal(list[1].id, before_id);
	assert_int_equal(list[1].referral_id, 0);

	/* Extensions and pauses, oldest first, with the user's name. */
	struct enrolment_extension x;
	fields_clear(enrolment_extension_fields, &x);
	x.enrolment_id = eid;
	x.old_end = D(2026, 1, 15);
	x.new_end = D(2027, 1, 15);
	x.reason = "More language training";
	x.at = NOW;
	x.user_id = lea;
	assert_int_equal(store_enrolment_extension_add(t->db, c, &x), SC_OK);
	x.old_end = x.new_end;
	x.new_end = D(2028, 1, 15);
	x.user_id = 0;
	assert_int_equal(store_enrolment_extension_add(t->db, c, &x), SC_OK);
	struct enrolment_extension *xs = NULL;
	assert_int_equal(store_enrolment_extensions(t->db, t->a, c, eid, &xs, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(date_cmp(xs[0].old_end, D(2026, 1, 15)), 0);
	assert_string_equal(xs[0].reason, "More language training");
	assert_int_equal(xs[0].user_id, lea);
	assert_string_equal(xs[0].user_name, "Lea Period");
	assert_int_equal(xs[1].user_id, 0);
	assert_string_equal(xs[1].user_name, "");

	struct enrolment_pause p;
	assert_int_equal(store_enrolment_pause_latest(t->db, t->a, c, eid, &p), SC_ENOTFOUND);
	fields_clear(enrolment_pause_fields, &p);
	p.enrolment_id = eid;
	p.from_date = D(2025, 3, 1);
	p.reason = "Sick leave";
	p.at = NOW;
	p.user_id = lea;
	assert_int_equal(store_enrolment_pause_add(t->db, c, &p), SC_OK);
	p.from_date = D(2025, 3, 9);
	assert_int_equal(store_enrolment_pause_add(t->db, c, &p), SC_OK);
	assert_int_equal(store_enrolment_pause_latest(t->db, t->a, c, eid, &p), SC_OK);
	assert_int_equal(date_cmp(p.from_date, D(2025, 3, 9)), 0);
	assert_int_equal(p.to_date.y, 0);
	p.to_date = TODAY;
	assert_int_equal(store_enrolment_pause_update(t->db, c, &p), SC_OK);
	struct enrolment_pause *ps = NULL;
	assert_int_equal(store_enrolment_pauses(t->db, t->a, c, eid, &ps, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ps[0].to_date.y, 0);
	assert_int_equal(date_cmp(ps[1].to_date, TODAY), 0);
	assert_string_equal(ps[1].reason, "Sick leave");
	assert_string_equal(ps[1].user_name, "Lea Period");

	/* Follow-up tasks in due order. */
	struct followup_task task;
	fields_clear(followup_task_fields, &task);
	task.participant_id = pid;
	task.enrolment_id = eid;
	task.kind = "followup_12m";
	task.due_on = D(2026, 3, 10);
	task.assignee_id = kari;
	int64_t t12 = 0, t6 = 0;
	assert_int_equal(store_enrolment_task_add(t->db, c, &task, &t12), SC_OK);
	task.kind = "followup_6m";
	task.due_on = D(2025, 9, 10);
	task.assignee_id = 0;
	assert_int_equal(store_enrolment_task_add(t->db, c, &task, &t6), SC_OK);
	struct followup_task *ts = NULL;
	assert_int_equal(store_enrolment_tasks(t->db, t->a, c, eid, &ts, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ts[0].id, t6);
	assert_string_equal(ts[0].kind, "followup_6m");
	assert_int_equal(ts[0].assignee_id, 0);
	assert_int_equal(ts[1].id, t12);
	assert_int_equal(ts[1].assignee_id, kari);
	assert_int_equal(date_cmp(ts[1].due_on, D(2026, 3, 10)), 0);
	assert_int_equal(ts[1].done_on.y, 0);
}

/* ---- centres ---- */

/* A record of another centre is not found, not listed and not changed. */
static void
test_other_centre(void **state)
{
	struct fx *t = *state;
	int64_t mine = fx_centre(t, "Mine");
	int64_t theirs = fx_centre(t, "Theirs");
	user_in(t, "Their Contact", ROLE_BIT(ROLE_CONTACT), theirs, 0);
	int64_t pid = fx_participant(t, theirs, "Theirs", "waiting", 0);
	int64_t rid = add_referral(t, theirs, pid, "2025-03-01", 5, REFERRAL_WAITING);
	add_event(t, theirs, rid, 0, "new", "waiting", "", NOW);
	int64_t eid = add_period(t, theirs, pid, 0, D(2025, 1, 1), D(2025, 5, 1), ENROLMENT_ACTIVE);
	struct enrolment_pause p;
	fields_clear(enrolment_pause_fields, &p);
	p.enrolment_id = eid;
	p.from_date = D(2025, 2, 1);
	p.reason = "x";
	p.at = NOW;
	assert_int_equal(store_enrolment_pause_add(t->db, theirs, &p), SC_OK);

	struct referral r;
	assert_int_equal(store_referral_get(t->db, t->a, mine, rid, &r), SC_ENOTFOUND);
	assert_int_equal(store_referral_get(t->db, t->a, theirs, rid, &r), SC_OK);
	r.priority = 1;
	assert_int_equal(store_referral_update(t->db, mine, &r, r.version, NOW), SC_ENOTFOUND);
	struct enrolment e;
	assert_int_equal(store_enrolment_get(t->db, t->a, mine, eid, &e), SC_ENOTFOUND);
	assert_int_equal(store_enrolment_get(t->db, t->a, theirs, eid, &e), SC_OK);
	e.status = ENROLMENT_PAUSED;
	assert_int_equal(store_enrolment_update(t->db, mine, &e, e.version, NOW), SC_ENOTFOUND);
	assert_int_equal(store_enrolment_pause_latest(t->db, t->a, mine, eid, &p), SC_ENOTFOUND);
	assert_int_equal(store_enrolment_pause_latest(t->db, t->a, theirs, eid, &p), SC_OK);
	assert_int_equal(store_enrolment_pause_update(t->db, mine, &p), SC_ENOTFOUND);
	/* unchanged */
	assert_int_equal(store_referral_get(t->db, t->a, theirs, rid, &r), SC_OK);
	assert_int_equal(r.priority, 5);
	assert_int_equal(r.version, 1);
	assert_int_equal(store_enrolment_get(t->db, t->a, theirs, eid, &e), SC_OK);
	assert_int_equal(e.status, ENROLMENT_ACTIVE);

	struct referral *list = NULL;
	size_t n = 0;
	int64_t total = -1;
	assert_int_equal(store_referral_list_participant(t->db, t->a, mine, pid, &list, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_referral_list(t->db, t->a, mine, -1, 100, 0, &list, &n, &total), SC_OK);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_referral_list(t->db, t->a, mine, REFERRAL_WAITING, 100, 0, &list, &n, &total), SC_OK);
	assert_int_equal(total, 0);
	bool flag = true;
	assert_int_equal(store_referral_open(t->db, mine, pid, &flag), SC_OK);
	assert_false(flag);
	assert_int_equal(store_enrolled_before(t->db, mine, pid, &flag), SC_OK);
	assert_false(flag);
	int64_t current = -1;
	assert_int_equal(store_enrolment_current(t->db, mine, pid, &current), SC_OK);
	assert_int_equal(current, 0);
	struct referral_event *ev = NULL;
	assert_int_equal(store_referral_events(t->db, t->a, mine, rid, &ev, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_referral_recent(t->db, t->a, mine, 20, &ev, &n), SC_OK);
	assert_int_equal(n, 0);
	struct enrolment *periods = NULL;
	assert_int_equal(store_enrolment_list(t->db, t->a, mine, pid, &periods, &n), SC_OK);
	assert_int_equal(n, 0);
	struct enrolment_pause *ps = NULL;
	assert_int_equal(store_enrolment_pauses(t->db, t->a, mine, eid, &ps, &n), SC_OK);
	assert_int_equal(n, 0);
	struct waitlist_capacity cap;
	assert_int_equal(store_waitlist_capacity(t->db, mine, TODAY, &cap), SC_OK);
	assert_int_equal(cap.contact_persons, 0);
	assert_int_equal(cap.active, 0);
	assert_int_equal(cap.exits_90d, 0);
	assert_int_equal(cap.waiting, 0);
	struct waitlist_row *rows = NULL;
	assert_int_equal(store_waitlist(t->db, t->a, mine, 50, 0, &rows, &n), SC_OK);
	assert_int_equal(n, 0);
	struct date *exits = NULL;
	assert_int_equal(store_waitlist_exits(t->db, t->a, mine, 5, &exits, &n), SC_OK);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_referrals),
		FX_TEST(test_screenings),
		FX_TEST(test_waitlist),
		FX_TEST(test_waitlist_kept),
		FX_TEST(test_periods),
		FX_TEST(test_other_centre),
	};
	return fx_run("test_store_intake", tests, sizeof tests / sizeof tests[0]);
}
