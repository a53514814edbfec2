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

#include "domain/date.h"
#include "domain/field.h"

enum role {
	ROLE_ADMIN,
	ROLE_LEADER,
	ROLE_CONTACT,
	ROLE_TEACHER,
	ROLE_HEALTH,
	ROLE_LIAISON,
	ROLE_FINANCE,
	ROLE_ANALYST,
	ROLE_NATIONAL,     /* the installation's analyst: figures across centres */
	ROLE_COUNT
};

#define ROLE_BIT(r) (1u << (unsigned)(r))
#define ROLE_ALL_BITS ((1u << ROLE_COUNT) - 1u)
/* The roles a user holds for the whole installation (users.roles); the
 * others are held in a centre. */
#define ROLE_INSTALLATION_BITS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_NATIONAL))

/* The roles as the options of a field (domain/field.h): option i is role
 * i, so a field's FT_SET value is a ROLE_BIT set. */
extern const struct field_option role_options[ROLE_COUNT];

enum resource {
	RES_SELF,          /* own home page, account, password, API tokens */
	RES_USERS,         /* staff accounts and roles */
	RES_AUDIT,         /* the audit log */
	RES_SETTINGS,      /* settings and backups; the centres: adding and naming them */
	RES_PARTICIPANTS,  /* participant register and case records */
	RES_CASELOADS,     /* assignment of contact persons */
	RES_INTAKE,        /* referrals, screening, waiting list */
	RES_WORKPLANS,     /* work plans, goals and follow-up notes */
	RES_HEALTH_NOTES,  /* notes only health staff may read */
	RES_ACTIVITIES,    /* classes, groups, attendance, assessments */
	RES_INTERNSHIPS,   /* employers, agreements, placements */
	RES_BENEFITS,      /* benefit rules, runs, statements, payments */
	RES_REPORTS,       /* outcome and cost reports */
	RES_CENTRES,       /* figures of every centre (the installation's) */
	RES_ATTENDANCE,    /* registers of sessions, the teacher's page, assessments */
	RES_EMPLOYERS,     /* the employer register, contacts, pool agreements */
	RES_PLACEMENTS,    /* placements, follow-up visits, evaluations, results */
	RES_BENEFIT_CALC,  /* the benefit calculator: a described month, no one's data
			    * (write: POST a month to compute; nothing is stored) */
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
/* The roles (a ROLE_BIT set) whose scope of act on res is not
 * SCOPE_NONE: whom a refused page names as those who may open it. */
uint32_t access_roles_allowed(enum resource res, enum action act);

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

/*
 * ---- Access to one participant: by working relationship ----
 *
 * The table above decides which pages a role may open at all. Which
 * participants, and which parts of their records, a user may then see is
 * decided by what the user is to that participant — a relationship — and
 * the user's roles *now*: a contact person who is no longer in the contact
 * role sees nothing through that relationship, from the next request on.
 *
 * access_participant_parts(roles, relations, act) is the one check; the
 * relations come from access_relations() over facts the store reads. Lists
 * and exports ask access_list_filter() which relationships they may follow.
 */

/* What a user is to a participant. */
enum relation {
	REL_EVERYONE,        /* every participant of the centre (role-wide) */
	REL_IN_PROGRAMME,    /* every participant with a programme period: active,
			      * paused or exited (role-wide) */
	REL_CONTACT,         /* the current contact person while the participant
			      * is in intake or the programme */
	REL_CONTACT_EXITED,  /* the contact person at exit, until the 12-month
			      * follow-up is recorded, at most 13 months after exit */
	REL_TEACHER,         /* teaches a group the participant is enrolled in */
	REL_LIAISON,         /* follows a placement of the participant */
	REL_HEALTH,          /* a health worker the participant is referred to */
	REL_PLACED,          /* the participant has a placement in the centre
			      * (role-wide: the liaison reads every placement) */
	REL_HEALTH_AUTHOR,   /* a health worker who wrote a health note about the
			      * participant, whether or not a referral to them is
			      * still open: reads the notes they wrote */
	REL_COUNT
};

#define REL_BIT(l) (1u << (unsigned)(l))

/* The parts of a participant's record, each shown or hidden as a whole. */
enum part {
	PART_NAME,           /* name, birth date, gender, status: the heading */
	PART_NIN,            /* national identity number or D-number */
	PART_CONTACT_DETAILS,/* phone, e-mail, address */
	PART_ORIGIN,         /* country of birth, citizenship, arrival, residence
			      * basis, end of the introduction programme */
	PART_LANGUAGES,      /* languages and interpreter need */
	PART_SCHOOLING,      /* schooling, literacy, Norwegian levels */
	PART_CHILDREN,       /* children's birth dates (the child supplement) */
	PART_CAREGIVING,     /* caregiving constraints */
	PART_PAYMENT,        /* bank account and tax withholding */
	PART_PERIOD,         /* programme periods: start, end, pauses, exit */
	PART_INTAKE,         /* referrals, screening, offers */
	PART_CASELOAD,       /* the contact person and the assignment history */
	PART_PLAN,           /* the work plan, goals, evaluations */
	PART_FOLLOWUP,       /* meetings, follow-up tasks, health referrals */
	PART_HEALTH,         /* health notes */
	PART_HISTORY,        /* who changed which register field when */
	PART_ACTIVITIES,     /* groups, timetable, attendance (health-only groups:
			      * decision 37) */
	PART_PLACEMENTS,     /* internship placements, their follow-up, evaluations
			      * and results */
	PART_BENEFIT,        /* benefit statements, other income, the period's scheme */
	PART_COUNT
};

#define PART_BIT(p) (1u << (unsigned)(p))
/* The register fields a full edit writes. */
#define PARTS_REGISTER (PART_BIT(PART_NAME) | PART_BIT(PART_NIN) | PART_BIT(PART_CONTACT_DETAILS) | \
	PART_BIT(PART_ORIGIN) | PART_BIT(PART_LANGUAGES) | PART_BIT(PART_SCHOOLING) | \
	PART_BIT(PART_CHILDREN) | PART_BIT(PART_CAREGIVING) | PART_BIT(PART_PAYMENT))

/* What the store knows about one participant and one user; the domain
 * turns it into relationships. */
struct access_facts {
	const char *status;        /* the participant's status key */
	bool is_contact;           /* the user is the participant's contact person */
	bool has_contact_until;    /* an exited participant's last day of access */
	struct date contact_until;
	bool health_referral;      /* an open referral to the user (health) */
	bool wrote_health_note;    /* the user wrote a health note about them */
	bool teaches;              /* the user teaches one of the participant's groups */
	bool follows_placement;    /* the user follows one of their placements */
	bool placed;               /* the participant has a placement in the centre */
	struct date today;
};

/* The relationships (REL_BIT set) the facts establish, whatever the roles. */
uint32_t access_relations(const struct access_facts *f);

/* The parts (PART_BIT set) a user with these roles may read or write
 * through these relationships: the union over every (role, relation). */
uint32_t access_participant_parts(uint32_t roles, uint32_t relations, enum action act);

/* True when every part in want is readable (or writable) — the one check. */
bool access_participant_allows(uint32_t roles, uint32_t relations, enum action act,
			       uint32_t want);

/* True when a reader with these roles and relationships reads a
 * participant's health notes only as their author (REL_HEALTH_AUTHOR, no
 * open referral to them): the notes shown are the ones they wrote, read
 * only. False when they read every note (an open referral) or none. */
bool access_health_notes_own_only(uint32_t roles, uint32_t relations);

/* True when a reader with these roles sees who attends a health-only
 * group and their marks (decisions 37 and 153): the centre's health staff,
 * whether or not they teach it. No one else: not the leader. */
bool access_health_group_attendees(uint32_t roles);

/* True when a reader with these roles may know a health-only group is
 * there (its page, timetable and sessions, not who attends): the leader,
 * who runs the centre's groups, and health staff. */
bool access_health_group_seen(uint32_t roles);

/* How much of a participant's attendance in one group a reader sees: the
 * one rule for the participant's pages, timetable, summary and API. */
enum marks_seen {
	MARKS_HIDDEN,    /* nothing of it, not even that they are enrolled */
	MARKS_ENROLLED,  /* "enrolled in a health activity": no group, no
			  * session, no marks; not in the summary shown */
	MARKS_UNNAMED,   /* "a health activity": the marks and minutes without
			  * naming the group (what the benefit is paid on) */
	MARKS_SHOWN,     /* the group, its sessions and the marks */
};

/* What a reader with these roles, through these relationships to the
 * participant, sees of the participant's attendance in a group; health_only
 * for a health-only group, teaches when the reader teaches that group. The
 * widest any role grants through a relationship that reads the
 * participant's activities (PART_ACTIVITIES):
 * - health staff: a health-only group's marks; of other groups, those they
 *   teach (as a teacher);
 * - teacher: the groups they teach, nothing of others (not even a health
 *   activity);
 * - finance officer: every group's marks, a health-only one unnamed;
 * - contact person and leader: every group's marks, a health-only one
 *   only as "enrolled in a health activity". */
enum marks_seen access_marks_seen(uint32_t roles, uint32_t relations, bool health_only, bool teaches);

/* Which relationships a list may follow to show rows with the parts want
 * readable: REL_BIT set of those where some role of the user reads all of
 * want. A list of the register (want = name) for a finance officer follows
 * REL_IN_PROGRAMME; an export with contact details does not. */
uint32_t access_list_relations(uint32_t roles, uint32_t want);

/* The last day a contact person keeps access after exit_date: 13 months. */
struct date access_contact_until(struct date exit_date);

/* True when recording a follow-up task of this kind on day `on` ends the
 * contact person's access after exit: the 12-month follow-up (kind
 * "followup_12m") when no other follow-up of its programme period is left
 * open (others_open false); *last_day is then the day before: access ends
 * as the last follow-up is recorded. While one is open the contact person
 * keeps access (until access_contact_until()) to record it. */
bool access_followup_ends_contact(const char *task_kind, bool others_open, struct date on,
				  struct date *last_day);

/* Stable keys, for tests and messages: "contact", "name", ... */
const char *relation_key(enum relation l);
const char *part_key(enum part p);

#endif
