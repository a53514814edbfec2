/*
 * test_access.c — table-driven tests of the permission table
 * (src/domain/access.c): one row per (roles, resource, action) with the
 * scope expected, deny by default, health notes for health staff only, the
 * widest scope of several roles, and parsing of role keys and lists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/access.h"
#include "util/err.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define ADMIN ROLE_BIT(ROLE_ADMIN)
#define LEADER ROLE_BIT(ROLE_LEADER)
#define CONTACT ROLE_BIT(ROLE_CONTACT)
#define TEACHER ROLE_BIT(ROLE_TEACHER)
#define HEALTH ROLE_BIT(ROLE_HEALTH)
#define LIAISON ROLE_BIT(ROLE_LIAISON)
#define FINANCE ROLE_BIT(ROLE_FINANCE)
#define ANALYST ROLE_BIT(ROLE_ANALYST)
#define NATIONAL ROLE_BIT(ROLE_NATIONAL)

#define R ACT_READ
#define W ACT_WRITE

struct scope_row {
	uint32_t roles;
	enum resource res;
	enum action act;
	enum scope want;
};

static const struct scope_row scope_rows[] = {
	/* administrator: accounts, audit and settings, but no case data */
	{ ADMIN, RES_SELF, R, SCOPE_OWN },
	{ ADMIN, RES_SELF, W, SCOPE_OWN },
	{ ADMIN, RES_USERS, R, SCOPE_ALL },
	{ ADMIN, RES_USERS, W, SCOPE_ALL },
	{ ADMIN, RES_AUDIT, R, SCOPE_ALL },
	{ ADMIN, RES_AUDIT, W, SCOPE_NONE },     /* nobody writes the audit log */
	{ ADMIN, RES_SETTINGS, W, SCOPE_ALL },
	{ ADMIN, RES_PARTICIPANTS, R, SCOPE_NONE },
	{ ADMIN, RES_HEALTH_NOTES, R, SCOPE_NONE },
	{ ADMIN, RES_BENEFITS, R, SCOPE_NONE },
	{ ADMIN, RES_CENTRES, R, SCOPE_NONE },
	{ ADMIN, RES_ACTIVITIES, R, SCOPE_NONE },
	{ ADMIN, RES_ATTENDANCE, R, SCOPE_NONE },
	/* programme leader: everything in the programme, reads users */
	{ LEADER, RES_USERS, R, SCOPE_ALL },
	{ LEADER, RES_USERS, W, SCOPE_NONE },
	{ LEADER, RES_AUDIT, R, SCOPE_ALL },
	{ LEADER, RES_PARTICIPANTS, R, SCOPE_ALL },
	{ LEADER, RES_PARTICIPANTS, W, SCOPE_ALL },
	{ LEADER, RES_CASELOADS, W, SCOPE_ALL },
	{ LEADER, RES_INTAKE, W, SCOPE_ALL },
	{ LEADER, RES_BENEFITS, R, SCOPE_ALL },
	{ LEADER, RES_BENEFITS, W, SCOPE_NONE },
	{ LEADER, RES_REPORTS, R, SCOPE_ALL },
	{ LEADER, RES_REPORTS, W, SCOPE_ALL },
	{ CONTACT, RES_REPORTS, R, SCOPE_OWN },
	{ CONTACT, RES_REPORTS, W, SCOPE_NONE },
	{ LEADER, RES_HEALTH_NOTES, R, SCOPE_NONE },
	{ LEADER, RES_SETTINGS, R, SCOPE_NONE },
	{ LEADER, RES_CENTRES, R, SCOPE_NONE },    /* their own centre only */
	{ LEADER, RES_ACTIVITIES, W, SCOPE_ALL },   /* sets up types, groups, closures */
	{ LEADER, RES_ATTENDANCE, R, SCOPE_ALL },
	{ LEADER, RES_ATTENDANCE, W, SCOPE_ALL },
	/* contact person: own caseload */
	{ CONTACT, RES_SELF, W, SCOPE_OWN },
	{ CONTACT, RES_PARTICIPANTS, R, SCOPE_OWN },
	{ CONTACT, RES_PARTICIPANTS, W, SCOPE_OWN },
	{ CONTACT, RES_CASELOADS, R, SCOPE_OWN },
	{ CONTACT, RES_CASELOADS, W, SCOPE_NONE },
	{ CONTACT, RES_WORKPLANS, W, SCOPE_OWN },
	{ CONTACT, RES_ACTIVITIES, R, SCOPE_ALL },     /* the groups to enrol into */
	{ CONTACT, RES_ACTIVITIES, W, SCOPE_OWN },     /* enrols their own participants */
	{ CONTACT, RES_ATTENDANCE, R, SCOPE_NONE },    /* no registers; the participant's page */
	{ CONTACT, RES_ATTENDANCE, W, SCOPE_NONE },
	{ CONTACT, RES_INTERNSHIPS, W, SCOPE_OWN },
	{ CONTACT, RES_HEALTH_NOTES, R, SCOPE_NONE },
	{ CONTACT, RES_USERS, R, SCOPE_NONE },
	{ CONTACT, RES_AUDIT, R, SCOPE_NONE },
	{ CONTACT, RES_BENEFITS, R, SCOPE_NONE },
	/* teacher: reads every group, edits their own groups' sessions and
	 * keeps their registers; participants own read-only */
	{ TEACHER, RES_ACTIVITIES, R, SCOPE_ALL },
	{ TEACHER, RES_ACTIVITIES, W, SCOPE_OWN },
	{ TEACHER, RES_ATTENDANCE, R, SCOPE_OWN },
	{ TEACHER, RES_ATTENDANCE, W, SCOPE_OWN },
	{ TEACHER, RES_PARTICIPANTS, R, SCOPE_OWN },
	{ TEACHER, RES_PARTICIPANTS, W, SCOPE_NONE },
	{ TEACHER, RES_WORKPLANS, R, SCOPE_NONE },
	{ TEACHER, RES_HEALTH_NOTES, R, SCOPE_NONE },
	/* health worker: the only role with health notes */
	{ HEALTH, RES_HEALTH_NOTES, R, SCOPE_OWN },
	{ HEALTH, RES_HEALTH_NOTES, W, SCOPE_OWN },
	{ HEALTH, RES_PARTICIPANTS, R, SCOPE_OWN },
	{ HEALTH, RES_PARTICIPANTS, W, SCOPE_NONE },
	{ HEALTH, RES_ACTIVITIES, R, SCOPE_ALL },
	{ HEALTH, RES_ACTIVITIES, W, SCOPE_OWN },
	{ HEALTH, RES_ATTENDANCE, R, SCOPE_OWN },      /* the health group's register */
	{ HEALTH, RES_ATTENDANCE, W, SCOPE_OWN },
	{ HEALTH, RES_REPORTS, R, SCOPE_NONE },
	/* employer liaison */
	{ LIAISON, RES_INTERNSHIPS, R, SCOPE_ALL },
	{ LIAISON, RES_INTERNSHIPS, W, SCOPE_ALL },
	{ LIAISON, RES_PARTICIPANTS, R, SCOPE_OWN },
	{ LIAISON, RES_BENEFITS, R, SCOPE_NONE },
	{ LIAISON, RES_HEALTH_NOTES, R, SCOPE_NONE },
	{ LIAISON, RES_ACTIVITIES, R, SCOPE_NONE },
	{ LIAISON, RES_ATTENDANCE, R, SCOPE_NONE },
	/* finance officer */
	{ FINANCE, RES_BENEFITS, R, SCOPE_ALL },
	{ FINANCE, RES_BENEFITS, W, SCOPE_ALL },
	{ FINANCE, RES_PARTICIPANTS, R, SCOPE_OWN },
	{ FINANCE, RES_PARTICIPANTS, W, SCOPE_NONE },
	{ FINANCE, RES_REPORTS, R, SCOPE_ALL },
	{ FINANCE, RES_WORKPLANS, R, SCOPE_NONE },
	{ FINANCE, RES_HEALTH_NOTES, R, SCOPE_NONE },
	{ FINANCE, RES_ACTIVITIES, R, SCOPE_NONE },
	{ FINANCE, RES_ATTENDANCE, R, SCOPE_NONE },    /* summaries through RES_BENEFITS */
	/* analyst: reports and the audit log, never a single participant */
	{ ANALYST, RES_REPORTS, R, SCOPE_ALL },
	{ ANALYST, RES_REPORTS, W, SCOPE_NONE },
	{ ANALYST, RES_AUDIT, R, SCOPE_ALL },
	{ ANALYST, RES_PARTICIPANTS, R, SCOPE_NONE },
	{ ANALYST, RES_HEALTH_NOTES, R, SCOPE_NONE },
	{ ANALYST, RES_USERS, R, SCOPE_NONE },
	{ ANALYST, RES_CENTRES, R, SCOPE_NONE },   /* their own centre only */
	{ ANALYST, RES_ATTENDANCE, R, SCOPE_NONE },
	/* national analyst: figures of every centre, no participant data at all */
	{ NATIONAL, RES_SELF, R, SCOPE_OWN },
	{ NATIONAL, RES_SELF, W, SCOPE_OWN },
	{ NATIONAL, RES_CENTRES, R, SCOPE_ALL },
	{ NATIONAL, RES_CENTRES, W, SCOPE_NONE },
	{ NATIONAL, RES_REPORTS, R, SCOPE_ALL },
	{ NATIONAL, RES_REPORTS, W, SCOPE_NONE },
	{ NATIONAL, RES_PARTICIPANTS, R, SCOPE_NONE },
	{ NATIONAL, RES_CASELOADS, R, SCOPE_NONE },
	{ NATIONAL, RES_INTAKE, R, SCOPE_NONE },
	{ NATIONAL, RES_WORKPLANS, R, SCOPE_NONE },
	{ NATIONAL, RES_HEALTH_NOTES, R, SCOPE_NONE },
	{ NATIONAL, RES_ACTIVITIES, R, SCOPE_NONE },
	{ NATIONAL, RES_ATTENDANCE, R, SCOPE_NONE },
	{ NATIONAL, RES_INTERNSHIPS, R, SCOPE_NONE },
	{ NATIONAL, RES_BENEFITS, R, SCOPE_NONE },
	{ NATIONAL, RES_AUDIT, R, SCOPE_NONE },
	{ NATIONAL, RES_USERS, R, SCOPE_NONE },
	{ NATIONAL, RES_SETTINGS, R, SCOPE_NONE },
	/* employers and placements (issue 10): the liaison and the leader
	 * keep the register and every placement; a contact person reads the
	 * register and keeps their own participants' placements; nobody else */
	{ LIAISON, RES_EMPLOYERS, R, SCOPE_ALL },
	{ LIAISON, RES_EMPLOYERS, W, SCOPE_ALL },
	{ LIAISON, RES_PLACEMENTS, R, SCOPE_ALL },
	{ LIAISON, RES_PLACEMENTS, W, SCOPE_ALL },
	{ LEADER, RES_EMPLOYERS, R, SCOPE_ALL },
	{ LEADER, RES_EMPLOYERS, W, SCOPE_ALL },
	{ LEADER, RES_PLACEMENTS, R, SCOPE_ALL },
	{ LEADER, RES_PLACEMENTS, W, SCOPE_ALL },
	{ CONTACT, RES_EMPLOYERS, R, SCOPE_ALL },
	{ CONTACT, RES_EMPLOYERS, W, SCOPE_NONE },
	{ CONTACT, RES_PLACEMENTS, R, SCOPE_OWN },
	{ CONTACT, RES_PLACEMENTS, W, SCOPE_OWN },
	{ TEACHER, RES_EMPLOYERS, R, SCOPE_NONE },
	{ TEACHER, RES_PLACEMENTS, R, SCOPE_NONE },
	{ HEALTH, RES_PLACEMENTS, R, SCOPE_NONE },
	{ FINANCE, RES_EMPLOYERS, R, SCOPE_NONE },
	{ FINANCE, RES_PLACEMENTS, R, SCOPE_NONE },
	{ ANALYST, RES_EMPLOYERS, R, SCOPE_NONE },
	{ ANALYST, RES_PLACEMENTS, R, SCOPE_NONE },
	{ ADMIN, RES_EMPLOYERS, R, SCOPE_NONE },
	{ ADMIN, RES_PLACEMENTS, W, SCOPE_NONE },
	{ NATIONAL, RES_EMPLOYERS, R, SCOPE_NONE },
	{ NATIONAL, RES_PLACEMENTS, R, SCOPE_NONE },
	{ CONTACT | LIAISON, RES_PLACEMENTS, W, SCOPE_ALL },
	/* the benefit calculator: used by finance, leaders and contact persons
	 * (write: a month posted to compute, nothing stored) */
	{ FINANCE, RES_BENEFIT_CALC, R, SCOPE_ALL },
	{ FINANCE, RES_BENEFIT_CALC, W, SCOPE_ALL },
	{ LEADER, RES_BENEFIT_CALC, R, SCOPE_ALL },
	{ LEADER, RES_BENEFIT_CALC, W, SCOPE_ALL },
	{ CONTACT, RES_BENEFIT_CALC, R, SCOPE_ALL },
	{ CONTACT, RES_BENEFIT_CALC, W, SCOPE_ALL },
	{ TEACHER, RES_BENEFIT_CALC, W, SCOPE_NONE },
	{ TEACHER, RES_BENEFIT_CALC, R, SCOPE_NONE },
	{ HEALTH, RES_BENEFIT_CALC, R, SCOPE_NONE },
	{ LIAISON, RES_BENEFIT_CALC, R, SCOPE_NONE },
	{ ANALYST, RES_BENEFIT_CALC, R, SCOPE_NONE },
	{ ADMIN, RES_BENEFIT_CALC, R, SCOPE_NONE },
	{ NATIONAL, RES_BENEFIT_CALC, R, SCOPE_NONE },
	/* several roles: the widest wins */
	{ CONTACT | LEADER, RES_PARTICIPANTS, R, SCOPE_ALL },
	{ CONTACT | TEACHER, RES_ACTIVITIES, W, SCOPE_OWN },
	{ CONTACT | LEADER, RES_ACTIVITIES, W, SCOPE_ALL },
	{ CONTACT | TEACHER, RES_ATTENDANCE, W, SCOPE_OWN },
	{ CONTACT | TEACHER, RES_PARTICIPANTS, W, SCOPE_OWN },
	{ CONTACT | HEALTH, RES_HEALTH_NOTES, R, SCOPE_OWN },
	{ CONTACT | HEALTH, RES_ACTIVITIES, W, SCOPE_OWN },
	{ ADMIN | CONTACT, RES_USERS, W, SCOPE_ALL },
	{ ADMIN | CONTACT, RES_PARTICIPANTS, W, SCOPE_OWN },
	{ ADMIN | FINANCE, RES_PARTICIPANTS, R, SCOPE_OWN },
	{ ROLE_ALL_BITS, RES_HEALTH_NOTES, W, SCOPE_OWN },
	{ ROLE_ALL_BITS, RES_AUDIT, W, SCOPE_NONE },
	/* no roles: deny */
	{ 0, RES_SELF, R, SCOPE_NONE },
	{ 0, RES_PARTICIPANTS, R, SCOPE_NONE },
	/* bits above the known roles grant nothing */
	{ 1u << ROLE_COUNT, RES_SELF, R, SCOPE_NONE },
	{ 0xFFFFFF00u & ~ROLE_ALL_BITS, RES_USERS, W, SCOPE_NONE },
};

static void
test_scope_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(scope_rows); i++) {
		const struct scope_row *r = &scope_rows[i];
		enum scope got = access_scope(r->roles, r->res, r->act);
		if (got != r->want)
			fail_msg("row %zu (roles 0x%x, %s, %s): got scope %d, want %d", i,
				 r->roles, resource_key(r->res), r->act == R ? "read" : "write",
				 got, r->want);
		assert_int_equal(access_allows(r->roles, r->res, r->act), r->want != SCOPE_NONE);
	}
}

/* Every role reaches its own account, read and write. */
static void
test_every_role_has_self(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_int_equal(access_scope(ROLE_BIT(r), RES_SELF, ACT_READ), SCOPE_OWN);
		assert_int_equal(access_scope(ROLE_BIT(r), RES_SELF, ACT_WRITE), SCOPE_OWN);
	}
}

/* Health notes: the health role alone grants them, whatever else is held. */
static void
test_health_notes_only_health(void **state)
{
	(void)state;
	for (uint32_t roles = 0; roles <= ROLE_ALL_BITS; roles++) {
		bool want = (roles & HEALTH) != 0;
		assert_int_equal(access_allows(roles, RES_HEALTH_NOTES, ACT_READ), want);
		assert_int_equal(access_allows(roles, RES_HEALTH_NOTES, ACT_WRITE), want);
	}
}

/* Over every combination of roles, the scope is the maximum of the single
 * roles' scopes (never more, never less). */
static void
test_widest_of_several_roles(void **state)
{
	(void)state;
	for (uint32_t roles = 0; roles <= ROLE_ALL_BITS; roles++) {
		for (int res = 0; res < RES_COUNT; res++) {
			for (int act = 0; act < ACT_COUNT; act++) {
				enum scope want = SCOPE_NONE;
				for (int r = 0; r < ROLE_COUNT; r++) {
					if (roles & ROLE_BIT(r)) {
						enum scope s = access_scope(ROLE_BIT(r), (enum resource)res,
									    (enum action)act);
						if (s > want)
							want = s;
					}
				}
				assert_int_equal(access_scope(roles, (enum resource)res, (enum action)act),
						 want);
			}
		}
	}
}

/* What the table leaves out is denied: nobody writes the audit log, only
 * admin and leader see accounts, and out-of-range arguments get nothing. */
static void
test_deny_by_default(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE_COUNT; r++)
		assert_int_equal(access_scope(ROLE_BIT(r), RES_AUDIT, ACT_WRITE), SCOPE_NONE);
	/* out-of-range resources and actions are denied, not read past the table */
	assert_int_equal(access_scope(ROLE_ALL_BITS, (enum resource)RES_COUNT, ACT_READ), SCOPE_NONE);
	assert_int_equal(access_scope(ROLE_ALL_BITS, (enum resource)-1, ACT_READ), SCOPE_NONE);
	assert_int_equal(access_scope(ROLE_ALL_BITS, RES_SELF, (enum action)ACT_COUNT), SCOPE_NONE);
	assert_int_equal(access_scope(ROLE_ALL_BITS, RES_SELF, (enum action)-1), SCOPE_NONE);
	/* only admin and leader see user accounts; only admin changes them */
	for (int r = 0; r < ROLE_COUNT; r++) {
		bool reads = r == ROLE_ADMIN || r == ROLE_LEADER;
		assert_int_equal(access_allows(ROLE_BIT(r), RES_USERS, ACT_READ), reads);
		assert_int_equal(access_allows(ROLE_BIT(r), RES_USERS, ACT_WRITE), r == ROLE_ADMIN);
		assert_int_equal(access_allows(ROLE_BIT(r), RES_SETTINGS, ACT_READ), r == ROLE_ADMIN);
	}
}

/* ---- keys, labels, parsing ---- */

/* Whom a refused page names: the centres' figures are the national
 * analyst's alone, a centre's closures (activities) are read by the four
 * roles of its activities, and the installation's centres are named by
 * the administrator. */
static void
test_roles_allowed(void **state)
{
	(void)state;
	assert_int_equal(access_roles_allowed(RES_CENTRES, ACT_READ), ROLE_BIT(ROLE_NATIONAL));
	assert_int_equal(access_roles_allowed(RES_ACTIVITIES, ACT_READ),
			 ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT) | ROLE_BIT(ROLE_TEACHER) |
				 ROLE_BIT(ROLE_HEALTH));
	assert_int_equal(access_roles_allowed(RES_SETTINGS, ACT_WRITE), ROLE_BIT(ROLE_ADMIN));
	assert_int_equal(access_roles_allowed(RES_SELF, ACT_READ), ROLE_ALL_BITS);
	assert_int_equal(access_roles_allowed(RES_COUNT, ACT_READ), 0);
}

static void
test_role_keys_round_trip(void **state)
{
	(void)state;
	static const char *const keys[ROLE_COUNT] = {
		"admin", "leader", "contact", "teacher", "health", "liaison", "finance", "analyst",
		"national",
	};
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_string_equal(role_key((enum role)r), keys[r]);
		enum role got = ROLE_COUNT;
		assert_int_equal(role_parse(keys[r], &got), SC_OK);
		assert_int_equal(got, r);
		assert_non_null(role_label((enum role)r));
		assert_true(strlen(role_label((enum role)r)) > 0);
	}
	assert_string_equal(role_key(ROLE_COUNT), "unknown");
	assert_string_equal(role_label(ROLE_COUNT), "Unknown");
	assert_string_equal(resource_key(RES_HEALTH_NOTES), "health_notes");
	assert_string_equal(resource_key(RES_PARTICIPANTS), "participants");
	assert_string_equal(resource_key(RES_CENTRES), "centres");
	assert_string_equal(resource_key(RES_EMPLOYERS), "employers");
	assert_string_equal(resource_key(RES_PLACEMENTS), "placements");
	assert_string_equal(resource_key(RES_COUNT), "unknown");
	for (int res = 0; res < RES_COUNT; res++)
		assert_string_not_equal(resource_key((enum resource)res), "unknown");
}

struct parse_row {
	const char *in;
	int rc;
	enum role want;
};

static const struct parse_row parse_rows[] = {
	{ "admin", SC_OK, ROLE_ADMIN },
	{ "analyst", SC_OK, ROLE_ANALYST },
	{ "national", SC_OK, ROLE_NATIONAL },
	{ "health", SC_OK, ROLE_HEALTH },
	{ "", SC_EINVAL, 0 },
	{ "boss", SC_EINVAL, 0 },
	{ "Admin", SC_EINVAL, 0 },       /* keys are exact, lower case */
	{ "admin ", SC_EINVAL, 0 },
	{ " admin", SC_EINVAL, 0 },
	{ "admin,contact", SC_EINVAL, 0 },
	{ "unknown", SC_EINVAL, 0 },
};

static void
test_role_parse_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(parse_rows); i++) {
		enum role got = ROLE_COUNT;
		int rc = role_parse(parse_rows[i].in, &got);
		if (rc != parse_rows[i].rc)
			fail_msg("row %zu \"%s\": rc %d, want %d", i, parse_rows[i].in, rc,
				 parse_rows[i].rc);
		if (rc == SC_OK)
			assert_int_equal(got, parse_rows[i].want);
		else
			assert_int_equal(got, ROLE_COUNT);   /* untouched on error */
	}
}

struct list_row {
	const char *in;
	int rc;
	uint32_t want;
};

static const struct list_row list_rows[] = {
	{ "admin", SC_OK, ADMIN },
	{ "admin,contact", SC_OK, ADMIN | CONTACT },
	{ "contact,admin", SC_OK, ADMIN | CONTACT },
	{ "admin,admin", SC_OK, ADMIN },
	{ "admin,leader,contact,teacher,health,liaison,finance,analyst,national", SC_OK, ROLE_ALL_BITS },
	{ "analyst,national", SC_OK, ANALYST | NATIONAL },
	{ "", SC_EINVAL, 0 },
	{ "admin,", SC_EINVAL, 0 },
	{ ",admin", SC_EINVAL, 0 },
	{ "admin,,contact", SC_EINVAL, 0 },
	{ ",", SC_EINVAL, 0 },
	{ "boss", SC_EINVAL, 0 },
	{ "admin,boss", SC_EINVAL, 0 },
	{ "admin, contact", SC_EINVAL, 0 },
	{ "ADMIN", SC_EINVAL, 0 },
	{ "administratoradministratoradministrator", SC_EINVAL, 0 },
};

static void
test_roles_parse_list_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(list_rows); i++) {
		uint32_t got = 0xDEADu;
		int rc = roles_parse_list(list_rows[i].in, &got);
		if (rc != list_rows[i].rc)
			fail_msg("row %zu \"%s\": rc %d, want %d", i, list_rows[i].in, rc,
				 list_rows[i].rc);
		if (rc == SC_OK)
			assert_int_equal(got, list_rows[i].want);
		else
			assert_int_equal(got, 0xDEADu);       /* untouched on error */
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scope_rows),
		cmocka_unit_test(test_every_role_has_self),
		cmocka_unit_test(test_health_notes_only_health),
		cmocka_unit_test(test_widest_of_several_roles),
		cmocka_unit_test(test_deny_by_default),
		cmocka_unit_test(test_roles_allowed),
		cmocka_unit_test(test_role_keys_round_trip),
		cmocka_unit_test(test_role_parse_rows),
		cmocka_unit_test(test_roles_parse_list_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
