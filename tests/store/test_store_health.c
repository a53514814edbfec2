/*
 * test_store_health.c — health notes and referrals to a health worker in
 * the store (store_health.c), on both engines: notes written as declared,
 * read back newest first with the author's name, paged, counted;
 * referrals made once while open, ended, listed open first; one author's
 * notes and the brief's fact that the viewer wrote one; the open referrals
 * to one health worker, newest first, paged; and none across centres.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "fixture.h"
#include "domain/access.h"
#include "store/store.h"
#include "util/err.h"

static int64_t
note(struct fx *t, int64_t centre, int64_t pid, int64_t author, const char *on, const char *body)
{
	struct health_note n;
	fields_clear(health_note_fields, &n);
	n.participant_id = pid;
	assert_int_equal(date_parse(on, &n.written_on), SC_OK);
	n.body = body;
	n.author_id = author;
	n.created_at = 1700000000;
	int64_t id = 0;
	assert_int_equal(store_health_note_add(t->db, centre, &n, &id), SC_OK);
	assert_true(id > 0);
	return id;
}

static void
test_notes(void **state)
{
	struct fx *t = *state;
	int64_t hanne = fx_user(t, "hanne", ROLE_BIT(ROLE_HEALTH));
	int64_t p1 = fx_participant(t, 1, "Notes", "active", 0);
	int64_t p2 = fx_participant(t, 1, "Other", "active", 0);
	int64_t a = note(t, 1, p1, hanne, "2025-01-10", "First talk.\nSleeps badly.");
	int64_t b = note(t, 1, p1, hanne, "2025-02-01", "Better.");
	int64_t c = note(t, 1, p1, 0, "2025-02-01", "Same day, later.");
	note(t, 1, p2, hanne, "2025-02-02", "Someone else's.");

	struct health_note *items;
	size_t n;
	int64_t total;
	assert_int_equal(store_health_notes(t->db, t->a, 1, p1, 0, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 3);
	/* newest first: by date, then the later id */
	assert_int_equal(items[0].id, c);
	assert_int_equal(items[1].id, b);
	assert_int_equal(items[2].id, a);
	assert_string_equal(items[2].body, "First talk.\nSleeps badly.");
	assert_int_equal(items[2].written_on.y, 2025);
	assert_int_equal(items[2].written_on.m, 1);
	assert_int_equal(items[2].written_on.d, 10);
	assert_int_equal(items[2].author_id, hanne);
	assert_string_equal(items[2].author_name, "hanne");
	assert_int_equal(items[2].participant_id, p1);
	assert_int_equal(items[2].created_at, 1700000000);
	assert_int_equal(items[0].author_id, 0);
	assert_string_equal(items[0].author_name, "");
	/* paged */
	assert_int_equal(store_health_notes(t->db, t->a, 1, p1, 0, 2, 2, &items, &n, &total), SC_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, a);
}

static void
test_other_centre(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Other centre");
	int64_t p = fx_participant(t, other, "Elsewhere", "active", 0);
	note(t, other, p, 0, "2025-03-01", "In the other centre.");
	struct health_note *items;
	size_t n;
	int64_t total;
	assert_int_equal(store_health_notes(t->db, t->a, 1, p, 0, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_health_notes(t->db, t->a, other, p, 0, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_string_equal(items[0].body, "In the other centre.");
}

/* A referral of the centre to a health worker. */
static int
refer(struct fx *t, int64_t centre, int64_t pid, int64_t health, const char *on, const char *reason,
      int64_t by, int64_t *id)
{
	struct health_referral h;
	fields_clear(health_referral_fields, &h);
	h.participant_id = pid;
	h.health_id = health;
	assert_int_equal(date_parse(on, &h.referred_on), SC_OK);
	h.reason = reason;
	h.created_at = 1700000000;
	h.created_by = by;
	return store_health_referral_add(t->db, centre, &h, id);
}

static void
test_referrals(void **state)
{
	struct fx *t = *state;
	int64_t kari = fx_user(t, "kari", ROLE_BIT(ROLE_CONTACT));
	int64_t hanne = fx_user(t, "hanne.r", ROLE_BIT(ROLE_HEALTH));
	int64_t helga = fx_user(t, "helga.r", ROLE_BIT(ROLE_HEALTH));
	int64_t p = fx_participant(t, 1, "Referred", "active", kari);
	int64_t first = 0, second = 0, third = 0;
	assert_int_equal(refer(t, 1, p, hanne, "2025-01-10", "Sleeps badly", kari, &first), SC_OK);
	assert_true(first > 0);
	/* one open referral to a health worker at a time */
	assert_int_equal(refer(t, 1, p, hanne, "2025-01-11", "", kari, NULL), SC_ECONFLICT);
	assert_int_equal(refer(t, 1, p, helga, "2025-02-01", NULL, 0, &second), SC_OK);

	struct health_referral *items;
	size_t n;
	assert_int_equal(store_health_referrals(t->db, t->a, 1, p, &items, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, second);    /* open, newest first */
	assert_int_equal(items[1].id, first);
	assert_int_equal(items[1].participant_id, p);
	assert_int_equal(items[1].health_id, hanne);
	assert_string_equal(items[1].health_name, "hanne.r");
	assert_int_equal(items[1].referred_on.m, 1);
	assert_int_equal(items[1].referred_on.d, 10);
	assert_string_equal(items[1].reason, "Sleeps badly");
	assert_int_equal(items[1].ended_on.y, 0);
	assert_string_equal(items[0].reason, "");

	/* ended: the list shows it last, with the day; ending it again finds
	 * nothing, nor does another participant's id */
	struct date end = {2025, 3, 1};
	assert_int_equal(store_health_referral_end(t->db, 1, p, first, end, kari), SC_OK);
	assert_int_equal(store_health_referral_end(t->db, 1, p, first, end, kari), SC_ENOTFOUND);
	int64_t q = fx_participant(t, 1, "Notreferred", "active", kari);
	assert_int_equal(store_health_referral_end(t->db, 1, q, second, end, kari), SC_ENOTFOUND);
	assert_int_equal(store_health_referrals(t->db, t->a, 1, p, &items, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, second);
	assert_int_equal(items[1].id, first);
	assert_int_equal(date_cmp(items[1].ended_on, end), 0);
	/* after the end, a new referral to the same worker */
	assert_int_equal(refer(t, 1, p, hanne, "2025-03-02", "Again", kari, &third), SC_OK);
	assert_int_equal(store_health_referrals(t->db, t->a, 1, p, &items, &n), SC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(items[0].id, third);
	assert_int_equal(items[2].id, first);
}

/* A referral of another centre is neither listed, ended nor in the way of
 * a referral there. */
static void
test_referral_other_centre(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Other referrals");
	int64_t hanne = fx_user(t, "hanne.c", ROLE_BIT(ROLE_HEALTH));
	int64_t p = fx_participant(t, other, "Centreref", "active", 0);
	int64_t id = 0;
	assert_int_equal(refer(t, other, p, hanne, "2025-01-10", "There", 0, &id), SC_OK);
	struct health_referral *items;
	size_t n;
	assert_int_equal(store_health_referrals(t->db, t->a, 1, p, &items, &n), SC_OK);
	assert_int_equal(n, 0);
	struct date end = {2025, 3, 1};
	assert_int_equal(store_health_referral_end(t->db, 1, p, id, end, 0), SC_ENOTFOUND);
	assert_int_equal(store_health_referrals(t->db, t->a, other, p, &items, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].ended_on.y, 0);
	assert_int_equal(store_health_referral_end(t->db, other, p, id, end, 0), SC_OK);
}

/* One author's notes (a health worker whose referral ended reads only
 * theirs), and the brief's fact that the viewer wrote a note. */
static void
test_notes_of_an_author(void **state)
{
	struct fx *t = *state;
	int64_t hanne = fx_user(t, "hanne.a", ROLE_BIT(ROLE_HEALTH));
	int64_t helga = fx_user(t, "helga.a", ROLE_BIT(ROLE_HEALTH));
	int64_t p = fx_participant(t, 1, "Authored", "active", 0);
	int64_t q = fx_participant(t, 1, "Unwritten", "active", 0);
	int64_t mine = note(t, 1, p, hanne, "2025-01-10", "Hanne's.");
	note(t, 1, p, helga, "2025-02-10", "Helga's.");
	struct health_note *items;
	size_t n;
	int64_t total;
	assert_int_equal(store_health_notes(t->db, t->a, 1, p, hanne, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, mine);
	assert_string_equal(items[0].body, "Hanne's.");
	assert_int_equal(store_health_notes(t->db, t->a, 1, p, 0, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 2);
	struct participant_brief b;
	assert_int_equal(store_participant_brief(t->db, t->a, 1, p, hanne, &b), SC_OK);
	assert_true(b.wrote_health_note);
	assert_false(b.health_referral);
	assert_int_equal(store_participant_brief(t->db, t->a, 1, q, hanne, &b), SC_OK);
	assert_false(b.wrote_health_note);
	int64_t kari = fx_user(t, "kari.a", ROLE_BIT(ROLE_CONTACT));
	assert_int_equal(store_participant_brief(t->db, t->a, 1, p, kari, &b), SC_OK);
	assert_false(b.wrote_health_note);
}

/* The open referrals to one health worker, newest first, paged, with the
 * participant's name and who referred; not another worker's, not ended
 * ones, not another centre's. */
static void
test_referrals_to(void **state)
{
	struct fx *t = *state;
	int64_t kari = fx_user(t, "kari.t", ROLE_BIT(ROLE_CONTACT));
	int64_t hanne = fx_user(t, "hanne.t", ROLE_BIT(ROLE_HEALTH));
	int64_t helga = fx_user(t, "helga.t", ROLE_BIT(ROLE_HEALTH));
	int64_t p1 = fx_participant(t, 1, "Older", "active", kari);
	int64_t p2 = fx_participant(t, 1, "Newer", "active", kari);
	int64_t p3 = fx_participant(t, 1, "Ended", "active", kari);
	int64_t p4 = fx_participant(t, 1, "Helgas", "active", kari);
	int64_t r1 = 0, r2 = 0, r3 = 0;
	assert_int_equal(refer(t, 1, p1, hanne, "2025-01-10", "Sleeps badly", kari, &r1), SC_OK);
	assert_int_equal(refer(t, 1, p2, hanne, "2025-02-10", "Pain", 0, &r2), SC_OK);
	assert_int_equal(refer(t, 1, p3, hanne, "2025-03-10", "Ended", kari, &r3), SC_OK);
	assert_int_equal(refer(t, 1, p4, helga, "2025-03-11", "Helga's", kari, NULL), SC_OK);
	struct date end = {2025, 3, 12};
	assert_int_equal(store_health_referral_end(t->db, 1, p3, r3, end, kari), SC_OK);
	int64_t other = fx_centre(t, "Other referred");
	int64_t po = fx_participant(t, other, "Elsewhere", "active", 0);
	assert_int_equal(refer(t, other, po, hanne, "2025-04-01", "There", 0, NULL), SC_OK);

	struct health_referral_row *items;
	size_t n;
	int64_t total;
	assert_int_equal(store_health_referrals_to(t->db, t->a, 1, hanne, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 2);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, r2);
	assert_int_equal(items[0].participant_id, p2);
	assert_string_equal(items[0].family_name, "Newer");
	assert_string_equal(items[0].referred_by_name, "");
	assert_string_equal(items[0].reason, "Pain");
	assert_int_equal(items[1].id, r1);
	assert_string_equal(items[1].family_name, "Older");
	assert_string_equal(items[1].referred_by_name, "kari.t");
	assert_string_equal(items[1].reason, "Sleeps badly");
	assert_int_equal(items[1].referred_on.m, 1);
	assert_int_equal(items[1].referred_on.d, 10);
	/* paged */
	assert_int_equal(store_health_referrals_to(t->db, t->a, 1, hanne, 1, 1, &items, &n, &total), SC_OK);
	assert_int_equal(total, 2);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, r1);
	/* the other centre's: only there */
	assert_int_equal(store_health_referrals_to(t->db, t->a, other, hanne, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_string_equal(items[0].family_name, "Elsewhere");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_notes),
		FX_TEST(test_other_centre),
		FX_TEST(test_referrals),
		FX_TEST(test_referral_other_centre),
		FX_TEST(test_notes_of_an_author),
		FX_TEST(test_referrals_to),
	};
	return fx_run("test_store_health", tests, sizeof tests / sizeof tests[0]);
}
