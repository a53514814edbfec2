/*
 * access.c — the permission table; see access.h.
 *
 * Read the table as: for each role, which resources it may read (R) and
 * write (W), and how widely. Health notes are readable by health staff only;
 * a contact person sees their own caseload; health staff find any participant
 * (register details only) to write health notes; analysts read reports and the
 * audit log but no single participant.
 */
#include "access.h"
#include "../util/err.h"
#include "../i18n/i18n.h"

#include <string.h>

#define N SCOPE_NONE
#define O SCOPE_OWN
#define T SCOPE_TEAM
#define A SCOPE_ALL

/* [role][resource] = {read scope, write scope} */
static const unsigned char table[ROLE_COUNT][RES_COUNT][ACT_COUNT] = {
	[ROLE_ADMIN] = {
		[RES_SELF] = {O, O}, [RES_USERS] = {A, A}, [RES_AUDIT] = {A, N},
		[RES_SETTINGS] = {A, A},
	},
	[ROLE_LEADER] = {
		[RES_SELF] = {O, O}, [RES_USERS] = {A, N}, [RES_AUDIT] = {A, N},
		[RES_PARTICIPANTS] = {A, A}, [RES_CASELOADS] = {A, A}, [RES_INTAKE] = {A, A},
		[RES_WORKPLANS] = {A, A}, [RES_ACTIVITIES] = {A, A}, [RES_INTERNSHIPS] = {A, A},
		[RES_BENEFITS] = {A, N}, [RES_REPORTS] = {A, N},
	},
	[ROLE_CONTACT] = {
		[RES_SELF] = {O, O}, [RES_PARTICIPANTS] = {O, O}, [RES_CASELOADS] = {O, N},
		[RES_WORKPLANS] = {O, O}, [RES_ACTIVITIES] = {O, N}, [RES_INTERNSHIPS] = {O, O},
	},
	[ROLE_TEACHER] = {
		[RES_SELF] = {O, O}, [RES_PARTICIPANTS] = {O, N}, [RES_ACTIVITIES] = {A, A},
	},
	[ROLE_HEALTH] = {
		[RES_SELF] = {O, O}, [RES_PARTICIPANTS] = {A, N}, [RES_HEALTH_NOTES] = {A, A},
		[RES_ACTIVITIES] = {O, O},
	},
	[ROLE_LIAISON] = {
		[RES_SELF] = {O, O}, [RES_PARTICIPANTS] = {O, N}, [RES_INTERNSHIPS] = {A, A},
	},
	[ROLE_FINANCE] = {
		[RES_SELF] = {O, O}, [RES_PARTICIPANTS] = {A, N}, [RES_BENEFITS] = {A, A},
		[RES_REPORTS] = {A, N},
	},
	[ROLE_ANALYST] = {
		[RES_SELF] = {O, O}, [RES_AUDIT] = {A, N}, [RES_REPORTS] = {A, N},
	},
};

#undef N
#undef O
#undef T
#undef A

static const char *const role_keys[ROLE_COUNT] = {
	"admin", "leader", "contact", "teacher", "health", "liaison", "finance", "analyst",
};

static const char *const role_labels[ROLE_COUNT] = {
	N_("Administrator"), N_("Programme leader"), N_("Contact person"), N_("Teacher"),
	N_("Health worker"), N_("Employer liaison"), N_("Finance officer"), N_("Analyst"),
};

static const char *const resource_keys[RES_COUNT] = {
	"self", "users", "audit", "settings", "participants", "caseloads", "intake",
	"workplans", "health_notes", "activities", "internships", "benefits", "reports",
};

enum scope
access_scope(uint32_t roles, enum resource res, enum action act)
{
	if ((unsigned)res >= RES_COUNT || (unsigned)act >= ACT_COUNT)
		return SCOPE_NONE;
	enum scope best = SCOPE_NONE;
	for (int r = 0; r < ROLE_COUNT; r++) {
		if ((roles & ROLE_BIT(r)) == 0)
			continue;
		enum scope s = (enum scope)table[r][res][act];
		if (s > best)
			best = s;
	}
	return best;
}

bool
access_allows(uint32_t roles, enum resource res, enum action act)
{
	return access_scope(roles, res, act) != SCOPE_NONE;
}

const char *
role_key(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_keys[r] : "unknown";
}

const char *
role_label(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_labels[r] : "Unknown";
}

int
role_parse(const char *key, enum role *out)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (strcmp(key, role_keys[r]) == 0) {
			*out = (enum role)r;
			return SC_OK;
		}
	}
	return SC_EINVAL;
}

int
roles_parse_list(const char *list, uint32_t *out)
{
	uint32_t bits = 0;
	const char *p = list;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char key[32];
		if (n == 0 || n >= sizeof key)
			return SC_EINVAL;
		memcpy(key, p, n);
		key[n] = '\0';
		enum role r;
		if (role_parse(key, &r) != SC_OK)
			return SC_EINVAL;
		bits |= ROLE_BIT(r);
		p += n;
		if (*p == ',') {
			p++;
			if (*p == '\0')
				return SC_EINVAL;   /* "admin," ends in an empty name */
		}
	}
	if (bits == 0)
		return SC_EINVAL;
	*out = bits;
	return SC_OK;
}

const char *
resource_key(enum resource res)
{
	return (unsigned)res < RES_COUNT ? resource_keys[res] : "unknown";
}
