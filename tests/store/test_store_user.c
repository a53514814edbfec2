/*
 * test_store_user.c — the platform's store within centres, on both
 * engines (the shared fixture): a user's roles are the installation's and
 * one centre's, a leader of one centre sees that centre's staff, the audit
 * log records the actor's centre and a reader of one centre lists its
 * entries only, the centres and their figures (counts of one centre never
 * include another's), and the centre a user works in.
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
#include "store/store.h"
#include "util/err.h"

#define CONTACT ROLE_BIT(ROLE_CONTACT)
#define LEADER ROLE_BIT(ROLE_LEADER)
#define ADMIN ROLE_BIT(ROLE_ADMIN)
#define NATIONAL ROLE_BIT(ROLE_NATIONAL)

static int64_t
user_in(struct fx *t, const char *username, uint32_t roles, int64_t centre)
{
	int64_t id = 0;
	int rc = store_user_create(t->db, username, username, "$argon2id$fake", roles, "nb", centre, 1000, &id);
	if (rc != SC_OK)
		fail_msg("store_user_create(%s): %s: %s", username, sc_strerror(rc), store_errmsg(t->db));
	return id;
}

/* True when the list of the users seen in centre (every: all) holds id. */
static bool
listed(struct fx *t, int64_t centre, bool every, int64_t id, uint32_t *roles)
{
	struct staff_user *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_user_list(t->db, t->a, centre, every, 1000, 0, &items, &n, &total), SC_OK);
	assert_int_equal((int64_t)n, total);
	for (size_t i = 0; i < n; i++) {
		if (items[i].id == id) {
			if (roles != NULL)
				*roles = items[i].roles;
			return true;
		}
	}
	return false;
}

/* A user of another centre is neither found nor listed by a leader of
 * this one; an administrator of the installation sees them, with the
 * roles they hold in the centre asked about. */
static void
test_users_of_another_centre(void **state)
{
	struct fx *t = *state;
	int64_t north = fx_centre(t, "Nord");
	int64_t there = user_in(t, "u.there", CONTACT, north);
	int64_t here = user_in(t, "u.here", CONTACT, 1);
	int64_t admin = user_in(t, "u.installation", ADMIN, 1);

	struct staff_user u;
	assert_int_equal(store_user_get(t->db, t->a, 1, false, there, &u), SC_ENOTFOUND);
	assert_false(listed(t, 1, false, there, NULL));
	assert_true(listed(t, 1, false, here, NULL));
	/* someone of no centre (an administrator only) is everyone's to see */
	assert_true(listed(t, north, false, admin, NULL));
	assert_false(listed(t, north, false, here, NULL));

	/* the administrator of the installation sees everyone */
	uint32_t roles = 0xFFu;
	assert_true(listed(t, 1, true, there, &roles));
	assert_int_equal(roles, 0);                  /* no roles in centre 1 */
	assert_int_equal(store_user_get(t->db, t->a, north, false, there, &u), SC_OK);
	assert_int_equal(u.roles, CONTACT);
	assert_string_equal(u.username, "u.there");
	assert_int_equal(u.active, 1);
	assert_int_equal(u.version, 1);
}

/* Roles are written in one centre; the installation's go with the user. */
static void
test_roles_per_centre(void **state)
{
	struct fx *t = *state;
	int64_t south = fx_centre(t, "Sør");
	int64_t id = user_in(t, "u.twice", CONTACT, 1);
	assert_int_equal(store_user_update(t->db, id, 1, south, "Twice", LEADER | NATIONAL, true, 2000), SC_OK);
	struct staff_user u;
	assert_int_equal(store_user_get(t->db, t->a, south, true, id, &u), SC_OK);
	assert_int_equal(u.roles, LEADER | NATIONAL);
	assert_int_equal(store_user_get(t->db, t->a, 1, true, id, &u), SC_OK);
	assert_int_equal(u.roles, CONTACT | NATIONAL);   /* centre 1 unchanged; national everywhere */
	assert_string_equal(u.display_name, "Twice");
	/* a stale version changes nothing, in any centre */
	assert_int_equal(store_user_update(t->db, id, 1, south, "Stale", CONTACT, true, 3000), SC_ECONFLICT);
	assert_int_equal(store_user_get(t->db, t->a, south, true, id, &u), SC_OK);
	assert_int_equal(u.roles, LEADER | NATIONAL);
	/* the user may work in both: two centres of theirs */
	struct centre *mine = NULL;
	size_t n = 0;
	assert_int_equal(store_user_centres(t->db, t->a, id, false, &mine, &n), SC_OK);
	assert_int_equal(n, 2);
}

/* The centre a user works in: one of theirs (any one for an administrator
 * of the installation), remembered; the count of those they may choose. */
static void
test_centre_worked_in(void **state)
{
	struct fx *t = *state;
	int64_t west = fx_centre(t, "Vest");
	int64_t member = user_in(t, "u.member", CONTACT, 1);
	int64_t admin = user_in(t, "u.admin.west", ADMIN, 1);
	struct user u;

	assert_int_equal(store_user_by_id(t->db, t->a, member, &u), SC_OK);
	assert_int_equal(u.centre_id, 1);
	assert_int_equal(u.ncentres, 1);
	/* not a member of west: the choice does not take */
	assert_int_equal(store_user_set_centre(t->db, member, west), SC_OK);
	assert_int_equal(store_user_by_id(t->db, t->a, member, &u), SC_OK);
	assert_int_equal(u.centre_id, 1);
	assert_int_equal(u.roles, CONTACT);

	/* an administrator may work in any centre, with the installation's role */
	assert_int_equal(store_user_set_centre(t->db, admin, west), SC_OK);
	assert_int_equal(store_user_by_id(t->db, t->a, admin, &u), SC_OK);
	assert_int_equal(u.centre_id, west);
	assert_int_equal(u.roles, ADMIN);
	int64_t centres = 0;
	assert_int_equal(store_centre_count(t->db, &centres), SC_OK);
	assert_int_equal(u.ncentres, centres);
	assert_true(centres >= 2);
}

/* ---- the audit log ---- */

static void
add_entry(struct fx *t, int64_t centre, const char *action)
{
	int rc = store_audit_add(t->db, centre, 1700000000, 0, "audit.tester", action, "x", "1", "127.0.0.1", "ok");
	if (rc != SC_OK)
		fail_msg("store_audit_add: %s: %s", sc_strerror(rc), store_errmsg(t->db));
}

static int64_t
count_of(struct fx *t, int64_t centre, const char *action)
{
	struct audit_filter f = {.centre = centre, .action = action, .limit = 50};
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_audit_list(t->db, t->a, &f, &items, &n, &total), SC_OK);
	for (size_t i = 0; i < n; i++)
		if (centre != 0)
			assert_true(items[i].centre_id == centre || (centre == 1 && items[i].centre_id == 0));
	return total;
}

/* Each entry records its centre; a reader of one centre lists its own
 * (and, for the first, those of no centre: everything before centres). */
static void
test_audit_by_centre(void **state)
{
	struct fx *t = *state;
	int64_t east = fx_centre(t, "Øst");
	add_entry(t, 1, "centre.one");
	add_entry(t, east, "centre.east");
	add_entry(t, east, "centre.east");
	add_entry(t, 0, "centre.none");

	assert_int_equal(count_of(t, east, "centre.east"), 2);
	assert_int_equal(count_of(t, east, "centre.one"), 0);
	assert_int_equal(count_of(t, east, "centre.none"), 0);
	assert_int_equal(count_of(t, 1, "centre.one"), 1);
	assert_int_equal(count_of(t, 1, "centre.east"), 0);
	assert_int_equal(count_of(t, 1, "centre.none"), 1);
	/* every centre's */
	assert_int_equal(count_of(t, 0, "centre.east"), 2);
	assert_int_equal(count_of(t, 0, "centre.none"), 1);

	struct audit_filter f = {.action = "centre.east", .limit = 1};
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_audit_list(t->db, t->a, &f, &items, &n, &total), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].centre_id, east);

	/* the queue keeps the centre too */
	assert_int_equal(store_audit_queue_add(t->store, t->db, east, 1700000001, 0, "q", "centre.queued", "x",
					       "2", "127.0.0.1", "ok"), SC_OK);
	store_audit_queue_flush(t->store);
	assert_int_equal(count_of(t, east, "centre.queued"), 1);
	assert_int_equal(count_of(t, 1, "centre.queued"), 0);
}

/* ---- centres and their figures ---- */

static void
test_centres(void **state)
{
	struct fx *t = *state;
	struct centre in = {.name = "Midt"};
	int64_t id = 0;
	assert_int_equal(store_centre_create(t->db, &in, 1000, &id), SC_OK);
	assert_true(id > 1);
	assert_int_equal(store_centre_create(t->db, &in, 1001, NULL), SC_ECONFLICT);
	struct centre c;
	assert_int_equal(store_centre_get(t->db, t->a, id, &c), SC_OK);
	assert_string_equal(c.name, "Midt");
	assert_int_equal(c.id, id);
	assert_int_equal(store_centre_get(t->db, t->a, id + 1000, &c), SC_ENOTFOUND);
	struct centre *items = NULL;
	size_t n = 0;
	assert_int_equal(store_centre_list(t->db, t->a, &items, &n), SC_OK);
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		found |= items[i].id == id;
		if (i > 0)
			assert_true(strcmp(items[i - 1].name, items[i].name) <= 0);
	}
	assert_true(found);
}

static const struct centre_figures *
figures_of(const struct centre_figures *items, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].id == id)
			return &items[i];
	fail_msg("no figures of centre %lld", (long long)id);
	return NULL;
}

/* Each centre counts its own participants and contact persons only. */
static void
test_figures_per_centre(void **state)
{
	struct fx *t = *state;
	int64_t a = fx_centre(t, "Figur A"), b = fx_centre(t, "Figur B");
	int64_t kari = user_in(t, "u.fig.kari", CONTACT, a);
	user_in(t, "u.fig.ola", CONTACT | LEADER, b);
	user_in(t, "u.fig.per", CONTACT, b);
	user_in(t, "u.fig.teacher", ROLE_BIT(ROLE_TEACHER), b);
	int64_t gone = user_in(t, "u.fig.gone", CONTACT, b);
	assert_int_equal(store_user_update(t->db, gone, 1, b, "Gone", CONTACT, false, 2000), SC_OK);
	fx_participant(t, a, "Aa", "active", kari);
	fx_participant(t, a, "Ab", "active", kari);
	fx_participant(t, a, "Ac", "waiting", 0);
	fx_participant(t, b, "Ba", "active", 0);
	fx_participant(t, b, "Bb", "paused", 0);
	fx_participant(t, b, "Bc", "exited", 0);
	fx_exec("INSERT INTO enrolments (participant_id, referral_id, start_date, planned_end, status,"
		" exit_date, centre_id, version, created_at, updated_at)"
		" SELECT id, NULL, '2024-01-01', '2025-01-01', 'exited', '2025-02-01', centre_id, 1, 1, 1"
		" FROM participants WHERE family_name = 'Bc'");

	struct centre_figures *items = NULL;
	size_t n = 0;
	assert_int_equal(store_centre_figures(t->db, t->a, "2025-01-01", "2025-12-31", &items, &n), SC_OK);
	const struct centre_figures *fa = figures_of(items, n, a), *fb = figures_of(items, n, b);
	assert_string_equal(fa->name, "Figur A");
	assert_int_equal(fa->active, 2);
	assert_int_equal(fa->paused, 0);
	assert_int_equal(fa->waiting, 1);
	assert_int_equal(fa->exited_this_year, 0);
	assert_int_equal(fa->contact_persons, 1);
	assert_int_equal(fb->active, 1);
	assert_int_equal(fb->paused, 1);
	assert_int_equal(fb->waiting, 0);
	assert_int_equal(fb->exited_this_year, 1);
	assert_int_equal(fb->contact_persons, 2);   /* active contact persons only */
	/* another year: not this year's exits */
	assert_int_equal(store_centre_figures(t->db, t->a, "2026-01-01", "2026-12-31", &items, &n), SC_OK);
	assert_int_equal(figures_of(items, n, b)->exited_this_year, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_users_of_another_centre),
		FX_TEST(test_roles_per_centre),
		FX_TEST(test_centre_worked_in),
		FX_TEST(test_audit_by_centre),
		FX_TEST(test_centres),
		FX_TEST(test_figures_per_centre),
	};
	return fx_run("test_store_user", tests, sizeof tests / sizeof tests[0]);
}
