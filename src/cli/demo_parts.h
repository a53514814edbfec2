/*
 * demo_parts.h — INTERNAL to the demo generator: what demo.c (the run),
 * demo_people.c (the staff, and who each participant is and how they came:
 * the register details and the referral) and demo_history.c (what the
 * register holds of each and what happened to them: the period, its plan,
 * meetings, follow-up tasks and health notes) share. Other files use
 * demo.h.
 */
#ifndef SC_CLI_DEMO_PARTS_H
#define SC_CLI_DEMO_PARTS_H

#include "cli/demo.h"
#include "cli/demo_activities.h"
#include "cli/demo_internships.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/date.h"
#include "domain/enrolment.h"
#include "domain/participant.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#include "cli/demo_rng.h"

/* ---- the run ---- */

enum fate {
	F_ACTIVE, F_PAUSED, F_WAITING, F_OFFERED, F_REFERRED, F_INELIGIBLE, F_DECLINED,
	F_WITHDRAWN, F_EXITED, F_COUNT
};

#define CONTACTS_PER_CENTRE 8
#define HISTORY_DAYS 1096           /* three years */
#define FORMER_LEFT_DAYS 200        /* former contact persons left this long ago */
#define GROUP 2048                  /* histories per flush (measured: 256 slower, 8192 no faster) */
#define STREAM_FATES 1ULL
#define STREAM_STAFF 2ULL
#define STREAM_SLOTS 3ULL
#define STREAM_TEACHERS (1ULL << 31)  /* + the teacher made for parallel classes */
#define STREAM_PERSON (1ULL << 32)

struct timeline {
	int64_t referred;
	int64_t screened;        /* 0 = not screened */
	int64_t planned_start;
	int64_t offered;         /* 0 = no offer */
	int64_t answered;        /* accepted, declined or withdrawn; 0 = none */
	int64_t start;           /* enrolment; 0 = none */
	int64_t exit;            /* 0 = none */
	bool completer;
};

struct gen {
	const struct demo_options *o;
	struct demo_report *rep;
	bool lean;                 /* --scale: thinner histories (see write_plan) */
	struct db *db;
	struct demo_load *load;
	int64_t T;                 /* today, as a day number */
	struct date today;
	int64_t next[DEMO_NTABLES];
	int64_t pid_base;
	int64_t now;               /* real time, for the audit entry */
	/* staff */
	int ncontacts;             /* current contact persons */
	int nformer;               /* former contact persons (scale only) */
	int64_t *contact_ids;      /* ncontacts + nformer */
	int *contact_cap;
	int ncentres;              /* staff groups (a scale's "centres" of the same staff) */
	int64_t *leader_ids, *psych_ids, *nurse_ids;
	const char *hash;          /* the demo users' password hash */
	int nteachers;             /* teachers made for parallel classes (new_teacher()) */
	int ndb;                   /* centres of the installation the groups go to (--centres) */
	int64_t *group_centre;     /* per staff group: the id of its centre */
	/* participants */
	int64_t n;
	uint8_t *fate;
	uint32_t *order;           /* rank (id order) -> index */
	int32_t *slots;            /* contact index per active participant, by rank */
	int64_t nslots, next_slot;
	int64_t nin_base;          /* day number of nin counter 0 */
	int64_t nin_days;
	uint16_t *nin_next[2];     /* next individual-number offset per birth day: fnr, dnr */
	int k1_seen;               /* kontakt1's active participants so far */
	int k1_tasks;              /* kontakt1's exited people with a follow-up due about now */
	int k1_late;               /* and with one a month or more late, both kept open */
	struct demo_act *act;      /* activities (demo_activities.c) */
	struct demo_interns *interns; /* employers and placements (demo_internships.c) */
	char *err;
	size_t errlen;
};

static inline int64_t
day_of(struct date d)
{
	return date_to_days(d);
}

static inline struct date
date_of(int64_t day)
{
	return date_from_days(day);
}

static inline int64_t
add_years(int64_t day, int years)
{
	return day_of(date_add_years(date_of(day), years));
}

static inline int64_t
add_months(int64_t day, int months)
{
	return day_of(date_add_months(date_of(day), months));
}

static inline int64_t
min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static inline int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* A moment in office hours on day (Unix seconds). */
static inline int64_t
moment(struct rng *r, int64_t day)
{
	return day * 86400 + 6 * 3600 + (int64_t)rng_below(r, 9 * 3600);
}

static inline void
fmt_day(int64_t day, char out[11])
{
	date_format(date_of(day), out);
}

/* Appends a row of table t to the load (values in its column order). */
#define ROW(t, ...)                                                                   \
	do {                                                                          \
		const struct demo_val v_[] = {__VA_ARGS__};                           \
		_Static_assert(sizeof v_ / sizeof v_[0] > 0, "row");                  \
		int rc_ = store_demo_row(g->load, (t), v_);                           \
		if (rc_ != SC_OK)                                                     \
			return rc_;                                                   \
	} while (0)

/* ---- one person's register details ---- */

struct person {
	char given[64], family[64], nin[12], birth[11], gender[8], country[48], citizenship[48];
	char languages[128], interpreter[48], arrival[11], residence[10], intro[11];
	char schooling[4], literate[4], cefr[SKILL_COUNT][3], children[256], caregiving[160];
	char phone[24], email[96], address[96], postcode[6], city[48], bank[20];
	char tax_percent[4], tax_table[6];
	struct participant p;          /* the text read and checked as a form's */
	int64_t birth_day;
	int64_t intro_day;           /* -1 = not known */
	const struct country *c;
	bool female;
	bool needs_interpreter;
	bool in_introduction, in_qualification, lawful;
	bool overridden;             /* screened with an override */
	int64_t centre_id;           /* the centre of their record */
	int gain[SKILL_COUNT];       /* levels gained in class (demo_activities.c) */
	struct demo_act_assessed assessed;   /* the teachers' assessments (demo_activities.c) */
	int64_t period_start;        /* their one period in the programme: start day, 0 none */
	int64_t period_exit;         /* its exit day, 0 none */
};

static inline int64_t
next_id(struct gen *g, enum demo_table t)
{
	return g->next[t]++;
}

/* What kontakt1's participants are made to show on the Today page. */
enum profile {
	PR_NONE = 0,
	PR_MEET_TODAY = 0x1,
	PR_NO_CONTACT = 0x2,
	PR_EVAL_DUE = 0x4,
	PR_STEP_OVERDUE = 0x8,
};

/* The contact person on a day (one reassignment at most). */
struct contacts {
	int64_t first, final;
	int64_t switch_day;        /* 0 = no reassignment */
};

static inline int64_t
contact_on(const struct contacts *c, int64_t day)
{
	return c->switch_day > 0 && day < c->switch_day ? c->first : c->final;
}

struct enrol_ctx {
	int64_t pid, eid, rid;
	enum fate f;
	const struct timeline *tl;
	const struct person *ps;
	struct contacts who;
	int64_t leader;
	int centre;
	unsigned profile;
	int64_t start, planned_end, exit, pause_from;  /* pause_from 0 = not paused now */
	int64_t paused_from, resumed;   /* a pause over: its first day and the day
					 * the period resumed (0: none) */
	enum exit_outcome outcome;
	int64_t last_change;       /* the enrolment's updated_at */
	int64_t end_of_record;     /* the last day anything happened: exit, or today */
	int64_t contact_until;     /* after exit: the contact person's last day (write_tasks) */
	/* A former contact person who left while following the participant
	 * after exit (handover > 0: the day they left) hands them over to
	 * successor, who takes every follow-up open then. */
	int successor;             /* a contact index; -1: none */
	int64_t handover;          /* 0: none */
};

/* ---- demo_people.c ---- */

/* The centres the staff groups go to (--centres). */
int make_centres(struct gen *g);
/* The staff of every group, the administrator when need_admin. */
int make_staff(struct gen *g, const char *hash, bool need_admin);
/* A teacher more for staff group staff (demo_act_teacher_fn, ctx the
 * gen): laerer<2 x groups + 1>, ... in the order made. */
int new_teacher(void *ctx, int staff, int64_t *id, char *username, size_t cap);
/* One person's register details, read and checked as a form's. */
int make_person(struct gen *g, struct rng *r, const struct timeline *tl, enum fate f, int centre,
		struct arena *arena, struct person *ps);
/* The referral, its screening and its events. */
int write_referral(struct gen *g, struct rng *r, int64_t pid, enum fate f, const struct timeline *tl,
		   const struct person *ps, int64_t leader, int64_t *referral_id, int64_t *last_change);

/* ---- demo_history.c ---- */

/* The participant's row and what the register keeps with it. */
int write_participant(struct gen *g, int64_t pid, const struct person *ps, const char *status,
		      int64_t contact_id, int64_t created, int64_t updated, int64_t by, int64_t contact_until);
/* The period: extensions, pauses, exit, assignments, plan, meetings, health. */
int write_enrolment(struct gen *g, struct rng *r, struct enrol_ctx *e);
/* The follow-ups after exit (sets e->contact_until). */
int write_tasks(struct gen *g, struct rng *r, struct enrol_ctx *e, bool force_open);

#endif
