/*
 * demo.h — `secondchance demo`: a believable, deterministic centre.
 *
 * Without a scale the demo is one centre like Bergen's: about 26 staff (7
 * contact persons and a programme leader who also follows a few
 * participants, so 8 with the contact role; a teacher for each Norwegian
 * class a term holds at the same hour, about 13, the first two teaching the
 * afternoon groups too; a psychologist and a nurse, an employer liaison, a
 * finance officer and the administrator) and one analyst for the
 * installation (at any scale), about 130
 * participants in the programme, about 60 on the waiting list, and three
 * years of history (referrals, screenings, enrolments, exits with outcomes,
 * work plans with goals and steps, evaluations, meetings, follow-up tasks).
 * With a scale it makes that many participants with the same kinds of
 * history (thinner for those who left), and as many groups of the same
 * staff as they need, for benchmarks. With centres > 1 the installation
 * gets that many centres (the first is centre 1), the staff groups (at
 * least one per centre) spread over them, every participant in the centre
 * of their contact person, and a national analyst to compare them.
 *
 * The same seed and the same "today" give the same rows (password hashes
 * aside: their salt is random). Every date is relative to today, so the
 * demo always looks current. Identity numbers are synthetic (Skatteetaten's
 * test numbers, month + 80; some also D-numbers): they can never be a real
 * person's. The load marks the installation as a demo (SETTING_DEMO), so
 * the register accepts those numbers when the made-up people are edited
 * (decision 26).
 */
#ifndef SC_CLI_DEMO_H
#define SC_CLI_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/demo_activities.h"
#include "store/store.h"

struct store;

/* The demo's known users: the benchmark signs in as these. */
#define DEMO_CONTACT_USER "kontakt1"   /* a contact person with a full Today page */
#define DEMO_LEADER_USER "leder"       /* the programme leader */
#define DEMO_ANALYST_USER "analytiker" /* the analyst: figures only */
#define DEMO_NATIONAL_USER "nasjonal"  /* with several centres: the national analyst */

/* The largest --scale, and the most --centres. */
#define DEMO_MAX_SCALE 20000000
#define DEMO_MAX_CENTRES 100

struct demo_options {
	uint64_t seed;               /* the same seed (and today) gives the same data */
	int64_t scale;               /* 0: the default centre; else this many participants */
	int centres;                 /* 0 or 1: one centre (centre 1); N: the staff groups
				      * spread over centre 1 and N - 1 new centres, each
				      * participant in the centre of their contact person */
	const char *password;        /* the demo users' password; NULL: generate one */
	const char *today;           /* "YYYY-MM-DD"; NULL: today's local date */
	bool force;                  /* add to a register that has participants */
	unsigned long long argon2_ops;  /* password hashing, as `user add` */
	size_t argon2_mem;           /* bytes */
	const char *language;        /* the users' language: "nb" or "en" */
	FILE *progress;              /* progress lines while loading; NULL: none */
	bool no_benefits;            /* leave out the benefit history (demo_benefits.h): tests */
};

/* What a run made. */
struct demo_report {
	int64_t counts[DEMO_NTABLES];   /* rows written per table */
	int64_t participants;
	int64_t active;                 /* active or paused */
	int64_t waiting;
	int64_t exited;
	int64_t staff;                  /* users created (the administrator included when made) */
	int64_t contacts;               /* contact persons */
	int64_t centres;                /* staff groups; with --centres, the centres */
	bool admin_created;             /* no administrator existed: one was made */
	char password[80];              /* the demo users' password */
	bool password_generated;
	char contact[32];               /* DEMO_CONTACT_USER */
	int contact_active;             /* their active participants */
	char leader[32];                /* DEMO_LEADER_USER */
	char liaison[32];               /* the first centre's employer liaison */
	int64_t employer_id;            /* its employer with the most placements */
	int64_t employer_placements;
	char search[96];                /* a search that returns a realistic page */
	int64_t search_hits;
	int64_t elapsed_ms;             /* the whole run, hashing included */
	int64_t hash_ms;                /* of which: password hashing */
	int64_t rows_ms;                /*   making and writing the rows */
	struct demo_times finish;       /*   the steps after the last row */
	struct demo_act_report act;     /* activities: the register the bench opens, and
					 * the time of making groups, enrolments and marks */
	int64_t benefits_ms;            /*   the benefit runs (demo_benefits.h) */
	char today[11];
	/* The users made, for the listing (the default centre; at scale only
	 * the first centre's). */
	int nusers;
	struct demo_user_line {
		char username[32];
		char display_name[64];
		char roles[48];
	} users[48];
};

/*
 * Loads the demo into the store. Refuses (SC_ECONFLICT, with a message in
 * err) when the register has participants and o->force is not set, or
 * when a demo user name is taken. SC_EINVAL for bad options (a scale out of
 * range, a bad date or a password the policy refuses). Other codes come
 * from the store, with its message in err. The load is one transaction:
 * on failure nothing is kept.
 */
int demo_run(struct store *s, const struct demo_options *o, struct demo_report *r,
	     char *err, size_t errlen);

#endif
