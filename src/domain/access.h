/*
 * access.h — roles, resources and scopes: who may do what, in one table.
 *
 * Deny by default: a (role, resource, action) not in the table gets
 * SCOPE_NONE. A user's scope is the widest any of their roles grants.
 * The web router asks access_scope() for every route; the store narrows
 * queries by the scope (own caseload, team, all).
 */
#ifndef SC_ACCESS_H
#define SC_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

enum role {
	ROLE_ADMIN,
	ROLE_LEADER,
	ROLE_CONTACT,
	ROLE_TEACHER,
	ROLE_HEALTH,
	ROLE_LIAISON,
	ROLE_FINANCE,
	ROLE_ANALYST,
	ROLE_COUNT
};

#define ROLE_BIT(r) (1u << (unsigned)(r))
#define ROLE_ALL_BITS ((1u << ROLE_COUNT) - 1u)

enum resource {
	RES_SELF,          /* own home page, account, password, API tokens */
	RES_USERS,         /* staff accounts and roles */
	RES_AUDIT,         /* the audit log */
	RES_SETTINGS,      /* settings and backups */
	RES_PARTICIPANTS,  /* participant register and case records */
	RES_CASELOADS,     /* assignment of contact persons */
	RES_INTAKE,        /* referrals, screening, waiting list */
	RES_WORKPLANS,     /* work plans, goals and follow-up notes */
	RES_HEALTH_NOTES,  /* notes only health staff may read */
	RES_ACTIVITIES,    /* classes, groups, attendance, assessments */
	RES_INTERNSHIPS,   /* employers, agreements, placements */
	RES_BENEFITS,      /* benefit rules, runs, statements, payments */
	RES_REPORTS,       /* outcome and cost reports */
	RES_COUNT
};

enum action { ACT_READ, ACT_WRITE, ACT_COUNT };

enum scope {
	SCOPE_NONE = 0,
	SCOPE_OWN = 1,     /* records the user is responsible for */
	SCOPE_TEAM = 2,    /* records of the user's team */
	SCOPE_ALL = 3,
};

/* The widest scope any role in the bit set grants; SCOPE_NONE if none. */
enum scope access_scope(uint32_t roles, enum resource res, enum action act);
/* True when access_scope() is not SCOPE_NONE. */
bool access_allows(uint32_t roles, enum resource res, enum action act);

/* Stable key used in the store, the CLI and the API: "admin", "leader", ... */
const char *role_key(enum role r);
/* English label (a translation msgid): "Administrator", ... */
const char *role_label(enum role r);
/* Parses a key; returns 0, or SC_EINVAL for an unknown role. */
int role_parse(const char *key, enum role *out);
/* Parses "admin,contact" into a bit set; SC_EINVAL names nothing valid. */
int roles_parse_list(const char *list, uint32_t *out);
/* Stable key of a resource: "participants", ... (for the audit log). */
const char *resource_key(enum resource res);

#endif
