/*
 * access.c — the permission table; see access.h.
 *
 * Read the table as: for each role, which resources it may read (R) and
 * write (W), and how widely. Health notes are readable by health staff only;
 * analysts read reports and the audit log but no single participant; the
 * national analyst reads figures of every centre and nothing else. OWN on
 * participant data means "through a working relationship": which
 * participants and which parts of their records is decided by the relation
 * table further down (access_participant_parts). Activities (the
 * catalogue, groups, sessions, enrolment) are set up by leaders; teachers
 * and health staff edit their own groups' sessions (OWN) and keep their
 * registers (RES_ATTENDANCE, OWN); contact persons enrol their own
 * participants (OWN). The benefit calculator reads no one's data: finance
 * officers, leaders and contact persons use it (a contact person shows a
 * participant how money and tax work); its write is the POST of a month to
 * compute, as every POST route is checked for writing, and stores nothing.
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
		[RES_SETTINGS] = {A, A},   /* and the installation's centres (/admin/centres) */
	},
	[ROLE_LEADER] = {
		[RES_SELF] = {O, O}, [RES_USERS] = {A, N}, [RES_AUDIT] = {A, N},
		[RES_PARTICIPANTS] = {A, A}, [RES_CASELOADS] = {A, A}, [RES_INTAKE] = {A, A},
		[RES_WORKPLANS] = {A, A}, [RES_ACTIVITIES] = {A, A}, [RES_INTERNSHIPS] = {A, A},
		[RES_BENEFITS] = {A, N}, [RES_REPORTS] = {A, A},
		[RES_ATTENDANCE] = {A, A},
		[RES_EMPLOYERS] = {A, A}, [RES_PLACEMENTS] = {A, A},
		[RES_BENEFIT_CALC] = {A, A},
	},
	[ROLE_CONTACT] = {
		[RES_SELF] = {O, O}, [RES_PARTICIPANTS] = {O, O}, [RES_CASELOADS] = {O, N},
		[RES_WORKPLANS] = {O, O}, [RES_ACTIVITIES] = {A, O}, [RES_INTERNSHIPS] = {O, O},
		[RES_EMPLOYERS] = {A, N}, [RES_PLACEMENTS] = {O, O},
		[RES_REPORTS] = {O, N},
		[RES_BENEFIT_CALC] = {A, A},
	},
	[ROLE_TEACHER] = {
		[RES_SELF] = {O, O}, [RES_PARTICIPANTS] = {O, N}, [RES_ACTIVITIES] = {A, O},
		[RES_ATTENDANCE] = {O, O},
	},
	[ROLE_HEALTH] = {
		[RES_SELF] = {O, O}, [RES_PARTICIPANTS] = {O, N}, [RES_HEALTH_NOTES] = {O, O},
		[RES_ACTIVITIES] = {A, O}, [RES_ATTENDANCE] = {O, O},
	},
	[ROLE_LIAISON] = {
		[RES_SELF] = {O, O}, [RES_PARTICIPANTS] = {O, N}, [RES_INTERNSHIPS] = {A, A},
		[RES_EMPLOYERS] = {A, A}, [RES_PLACEMENTS] = {A, A},
	},
	[ROLE_FINANCE] = {
		[RES_SELF] = {O, O}, [RES_PARTICIPANTS] = {O, N}, [RES_BENEFITS] = {A, A},
		[RES_REPORTS] = {A, N},
		[RES_BENEFIT_CALC] = {A, A},
	},
	[ROLE_ANALYST] = {
		[RES_SELF] = {O, O}, [RES_AUDIT] = {A, N}, [RES_REPORTS] = {A, N},
	},
	[ROLE_NATIONAL] = {
		[RES_SELF] = {O, O}, [RES_REPORTS] = {A, N}, [RES_CENTRES] = {A, N},
	},
};

#undef N
#undef O
#undef T
#undef A

const struct field_option role_options[ROLE_COUNT] = {
	{"admin", N_("Administrator")},
	{"leader", N_("Programme leader")},
	{"contact", N_("Contact person")},
	{"teacher", N_("Teacher")},
	{"health", N_("Health worker")},
	{"liaison", N_("Employer liaison")},
	{"finance", N_("Finance officer")},
	{"analyst", N_("Analyst")},
	{"national", N_("National analyst")},
};

static const char *const resource_keys[RES_COUNT] = {
	"self", "users", "audit", "settings", "participants", "caseloads", "intake",
	"workplans", "health_notes", "activities", "internships", "benefits", "reports", "centres",
	"attendance", "employers", "placements", "benefit_calc",
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

uint32_t
access_roles_allowed(enum resource res, enum action act)
{
	uint32_t roles = 0;
	for (int r = 0; r < ROLE_COUNT; r++)
		if (access_scope(ROLE_BIT(r), res, act) != SCOPE_NONE)
			roles |= ROLE_BIT(r);
	return roles;
}

const char *
role_key(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_options[r].key : "unknown";
}

const char *
role_label(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_options[r].label : "Unknown";
}

int
role_parse(const char *key, enum role *out)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (strcmp(key, role_options[r].key) == 0) {
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

/* ---- access to one participant ---- */

#define P(x) PART_BIT(PART_##x)
/* Everything a contact person or leader works with (not health notes). */
#define CASE_PARTS (PARTS_REGISTER | P(PERIOD) | P(CASELOAD) | P(PLAN) | P(FOLLOWUP) | P(HISTORY) | \
	P(ACTIVITIES))

/*
 * [role][relation] = {parts read, parts written}. A role reaches a
 * participant only through the relations in its row; everything else is
 * nothing. Read it row by row:
 * - leader: everyone in the centre, every part but health notes;
 * - contact person: their own participants, in intake or the programme,
 *   everything but intake and health notes; after exit, until the 12-month
 *   follow-up is recorded, they read the same and write the follow-up only;
 * - teacher: the people in their groups, what teaching needs, and the
 *   Norwegian levels and attendance they record;
 * - liaison: the people whose placements they follow (or proposed and no
 *   one follows yet), what an employer and a placement need, and they
 *   change those placements; of everyone else with a placement in the
 *   centre, who they are and their placements, read only;
 * - health worker: the people referred to them: who they are, how to reach
 *   them, their languages, and the health notes; the people in the groups
 *   they teach (the health group): who they are and their attendance; the
 *   people they wrote health notes about, after the referral ended: who
 *   they are and the notes they wrote, read only (their own record; no
 *   other health worker of the centre reads them without a referral);
 * - finance officer: everyone with a programme period, what payments need:
 *   name, identity number, children (the child supplement), bank account,
 *   tax, the period and the attendance the benefit is paid on; no case
 *   notes; and the benefit part (statements, other income, the period's
 *   scheme), which they also write;
 * - the benefit part is read by leaders and by the contact person of their
 *   own caseload (issue 11, section 5);
 * - administrator, analyst and national analyst: no individual records.
 */
static const uint32_t relation_table[ROLE_COUNT][REL_COUNT][ACT_COUNT] = {
	[ROLE_LEADER] = {
		[REL_EVERYONE] = {CASE_PARTS | P(INTAKE) | P(PLACEMENTS) | P(BENEFIT),
				  CASE_PARTS | P(INTAKE) | P(PLACEMENTS)},
	},
	[ROLE_CONTACT] = {
		[REL_CONTACT] = {CASE_PARTS | P(PLACEMENTS) | P(BENEFIT),
				 PARTS_REGISTER | P(PERIOD) | P(PLAN) | P(FOLLOWUP) | P(ACTIVITIES) | P(PLACEMENTS)},
		[REL_CONTACT_EXITED] = {CASE_PARTS | P(PLACEMENTS) | P(BENEFIT), P(FOLLOWUP)},
	},
	[ROLE_TEACHER] = {
		[REL_TEACHER] = {P(NAME) | P(LANGUAGES) | P(SCHOOLING) | P(CAREGIVING) | P(ACTIVITIES),
				 P(SCHOOLING) | P(ACTIVITIES)},
	},
	[ROLE_LIAISON] = {
		[REL_LIAISON] = {P(NAME) | P(CONTACT_DETAILS) | P(LANGUAGES) | P(SCHOOLING) | P(PERIOD) |
				 P(PLACEMENTS), P(PLACEMENTS)},
		/* "the liaison sees all" placements (issue 10, decision 135): who
		 * is placed and the placements, not the rest of the record; only
		 * the follow-up person changes them */
		[REL_PLACED] = {P(NAME) | P(PLACEMENTS), 0},
		/* whom to place: anyone in the programme, by name (decision 141;
		 * the liaison proposes placements for them, decision 42) */
		[REL_IN_PROGRAMME] = {P(NAME), 0},
	},
	[ROLE_HEALTH] = {
		[REL_HEALTH] = {P(NAME) | P(CONTACT_DETAILS) | P(LANGUAGES) | P(HEALTH), P(HEALTH)},
		[REL_TEACHER] = {P(NAME) | P(LANGUAGES) | P(ACTIVITIES), P(ACTIVITIES)},
		[REL_HEALTH_AUTHOR] = {P(NAME) | P(HEALTH), 0},
	},
	[ROLE_FINANCE] = {
		[REL_IN_PROGRAMME] = {P(NAME) | P(NIN) | P(CHILDREN) | P(PAYMENT) | P(PERIOD) | P(ACTIVITIES) |
					      P(BENEFIT),
				      P(BENEFIT)},
	},
};

#undef CASE_PARTS
#undef P

/* Statuses of a participant in intake or the programme (not exited or closed). */
static const char *const open_statuses[] = {
	"registered", "referred", "waiting", "offered", "active", "paused",
};
/* Statuses of a participant with a programme period. */
static const char *const period_statuses[] = {"active", "paused", "exited"};

static bool
status_in(const char *status, const char *const *set, size_t n)
{
	for (size_t i = 0; status != NULL && i < n; i++)
		if (strcmp(status, set[i]) == 0)
			return true;
	return false;
}

/* An exited participant's record stays open to those who worked with them
 * until the contact person's last day (access_contact_until(), or the
 * day the last follow-up ended the contact), and no longer. */
static bool
within_retention(const struct access_facts *f)
{
	if (f->status == NULL || strcmp(f->status, "exited") != 0)
		return true;
	return f->has_contact_until && date_cmp(f->today, f->contact_until) <= 0;
}

uint32_t
access_relations(const struct access_facts *f)
{
	uint32_t rel = REL_BIT(REL_EVERYONE);
	if (status_in(f->status, period_statuses, sizeof period_statuses / sizeof period_statuses[0]))
		rel |= REL_BIT(REL_IN_PROGRAMME);
	if (f->is_contact) {
		if (status_in(f->status, open_statuses, sizeof open_statuses / sizeof open_statuses[0]))
			rel |= REL_BIT(REL_CONTACT);
		else if (f->status != NULL && strcmp(f->status, "exited") == 0 && within_retention(f))
			rel |= REL_BIT(REL_CONTACT_EXITED);
	}
	if (f->teaches)
		rel |= REL_BIT(REL_TEACHER);
	if (f->follows_placement)
		rel |= REL_BIT(REL_LIAISON);
	if (f->placed)
		rel |= REL_BIT(REL_PLACED);
	if (f->health_referral)
		rel |= REL_BIT(REL_HEALTH);
	if (f->wrote_health_note && within_retention(f))
		rel |= REL_BIT(REL_HEALTH_AUTHOR);
	return rel;
}

uint32_t
access_participant_parts(uint32_t roles, uint32_t relations, enum action act)
{
	if ((unsigned)act >= ACT_COUNT)
		return 0;
	uint32_t parts = 0;
	for (int r = 0; r < ROLE_COUNT; r++) {
		if ((roles & ROLE_BIT(r)) == 0)
			continue;
		for (int l = 0; l < REL_COUNT; l++)
			if (relations & REL_BIT(l))
				parts |= relation_table[r][l][act];
	}
	return parts;
}

bool
access_participant_allows(uint32_t roles, uint32_t relations, enum action act, uint32_t want)
{
	return want != 0 && (access_participant_parts(roles, relations, act) & want) == want;
}

bool
access_health_notes_own_only(uint32_t roles, uint32_t relations)
{
	uint32_t health = PART_BIT(PART_HEALTH);
	uint32_t other = relations & ~REL_BIT(REL_HEALTH_AUTHOR);
	return (access_participant_parts(roles, relations, ACT_READ) & health) != 0 &&
	       (access_participant_parts(roles, other, ACT_READ) & health) == 0;
}

bool
access_health_group_attendees(uint32_t roles)
{
	return (roles & ROLE_BIT(ROLE_HEALTH)) != 0;
}

bool
access_health_group_seen(uint32_t roles)
{
	return (roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_HEALTH))) != 0;
}

/* What one role sees of a group's marks, given it reads the participant's
 * activities at all. */
static enum marks_seen
role_marks_seen(enum role r, bool health_only, bool teaches)
{
	switch (r) {
	case ROLE_HEALTH:
		if (health_only)
			return access_health_group_attendees(ROLE_BIT(r)) ? MARKS_SHOWN : MARKS_HIDDEN;
		return teaches ? MARKS_SHOWN : MARKS_HIDDEN;
	case ROLE_TEACHER:
		return teaches && !health_only ? MARKS_SHOWN : MARKS_HIDDEN;
	case ROLE_FINANCE:
		return health_only ? MARKS_UNNAMED : MARKS_SHOWN;
	case ROLE_LEADER:
	case ROLE_CONTACT:
		return health_only ? MARKS_ENROLLED : MARKS_SHOWN;
	default:
		return MARKS_HIDDEN;
	}
}

enum marks_seen
access_marks_seen(uint32_t roles, uint32_t relations, bool health_only, bool teaches)
{
	enum marks_seen seen = MARKS_HIDDEN;
	for (int r = 0; r < ROLE_COUNT; r++) {
		if ((roles & ROLE_BIT(r)) == 0)
			continue;
		bool reads = false;
		for (int l = 0; l < REL_COUNT && !reads; l++)
			reads = (relations & REL_BIT(l)) != 0 &&
				(relation_table[r][l][ACT_READ] & PART_BIT(PART_ACTIVITIES)) != 0;
		if (!reads)
			continue;
		enum marks_seen one = role_marks_seen((enum role)r, health_only, teaches);
		if (one > seen)
			seen = one;
	}
	return seen;
}

uint32_t
access_list_relations(uint32_t roles, uint32_t want)
{
	uint32_t rel = 0;
	if (want == 0)
		return 0;
	for (int r = 0; r < ROLE_COUNT; r++) {
		if ((roles & ROLE_BIT(r)) == 0)
			continue;
		for (int l = 0; l < REL_COUNT; l++)
			if ((relation_table[r][l][ACT_READ] & want) == want)
				rel |= REL_BIT(l);
	}
	return rel;
}

struct date
access_contact_until(struct date exit_date)
{
	return date_add_months(exit_date, 13);
}

bool
access_followup_ends_contact(const char *task_kind, bool others_open, struct date on, struct date *last_day)
{
	if (others_open || task_kind == NULL || strcmp(task_kind, "followup_12m") != 0)
		return false;
	*last_day = date_add_days(on, -1);
	return true;
}

static const char *const relation_keys[REL_COUNT] = {
	"everyone", "in_programme", "contact", "contact_exited", "teacher", "liaison", "health",
	"placed", "health_author",
};

static const char *const part_keys[PART_COUNT] = {
	"name", "nin", "contact_details", "origin", "languages", "schooling", "children",
	"caregiving", "payment", "period", "intake", "caseload", "plan", "followup", "health",
	"history", "activities", "placements", "benefit",
};

const char *
relation_key(enum relation l)
{
	return (unsigned)l < REL_COUNT ? relation_keys[l] : "unknown";
}

const char *
part_key(enum part p)
{
	return (unsigned)p < PART_COUNT ? part_keys[p] : "unknown";
}
