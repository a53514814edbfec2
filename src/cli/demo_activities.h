/*
 * demo_activities.h — the demo's activities (issue 9): groups run term by
 * term, their sessions, the participants' enrolments, the registers of
 * every past session and the Norwegian teachers' assessments.
 *
 * Three steps, around demo.c's participants:
 *   demo_act_begin()        closures and each term's afternoon groups, for
 *                           every staff group (before the participants)
 *   demo_act_participant()  one participant's enrolments, term by term
 *                           (Norwegian at their level, a parallel class
 *                           opened when the others are full; one or two
 *                           afternoon groups that fit, capacity held and
 *                           no clash), their absences and their run of
 *                           unexcused absence; tells the caller how many
 *                           levels they gained since they were registered
 *   demo_act_finish()       every session with its counts, the marks of
 *                           every past session in key order (sessions in
 *                           id order, then participants) and the
 *                           assessments; frees the context
 * Default: three years of terms. At --scale (lean): the terms of the last
 * three months and the next, and marks from three months ago; of the
 * terms before (since the earliest start), only the Norwegian teachers'
 * assessments at the end of each term completed (no group named), so the
 * levels have a history the Norwegian report counts steps of.
 */
#ifndef SC_CLI_DEMO_ACTIVITIES_H
#define SC_CLI_DEMO_ACTIVITIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/participant.h"
#include "store/store.h"

struct demo_act;

/* The days of history the registers cover at --scale. */
#define DEMO_ACT_SCALE_DAYS 91

/* Makes one more teacher of staff group staff, a user as the other staff
 * are: *id gets their id and username their user name. */
typedef int (*demo_act_teacher_fn)(void *ctx, int staff, int64_t *id, char *username, size_t cap);

/* Staff group c (0..ngroups-1) is in centre centre[c]; its first two
 * teachers are the laerer users made just before its psychologist
 * (psych[c] - 2, psych[c] - 1), who teach the afternoon groups with its
 * nurse (nurse[c]). The Norwegian classes of a term all meet in the
 * morning: each has a teacher of its own, the first two of them those
 * two, the others made by new_teacher when a term first needs them. */
int demo_act_begin(struct demo_load *load, int64_t next[DEMO_NTABLES], uint64_t seed, int64_t today,
		   bool lean, const int64_t *centre, const int64_t *psych, const int64_t *nurse, int ngroups,
		   demo_act_teacher_fn new_teacher, void *ctx, struct demo_act **out);

/* One enrolled participant, as demo.c made them. */
struct demo_act_person {
	int64_t pid;
	int staff;                  /* their staff group */
	int64_t centre;
	int64_t start;              /* day of enrolment in the programme */
	int64_t end;                /* first day out (exit or pause); 0: none */
	int64_t paused_from;        /* a pause over: its first day, and the day */
	int64_t resumed;            /* the period resumed (0: none); paused days
				     * are on no register (pause_sql.h) */
	int64_t by;                 /* who enrols them (their contact person) */
	int levels[SKILL_COUNT];    /* enum cefr: their level on the register now */
};

/* The Norwegian teachers' assessments of one participant, in day order
 * (a day has at most one of a skill). */
#define DEMO_ACT_MAX_ASSESSED 160
struct demo_act_assessed {
	int n;
	int32_t day[DEMO_ACT_MAX_ASSESSED];
	int8_t skill[DEMO_ACT_MAX_ASSESSED];
	int8_t level[DEMO_ACT_MAX_ASSESSED];   /* enum cefr */
};

/* gain[k]: levels of skill k gained in the Norwegian classes; the level
 * they were registered with is levels[k] - gain[k]. *out gets the
 * assessments written (or to be written by demo_act_finish()). */
int demo_act_participant(struct demo_act *a, const struct demo_act_person *p, int gain[SKILL_COUNT],
			 struct demo_act_assessed *out);

/* What the benchmarks use: a teacher and a session of theirs with 25
 * enrolled, marked, in the first staff group. */
struct demo_act_report {
	int64_t register_session;     /* 0: none */
	char register_teacher[32];
	int64_t register_date;        /* day number */
	int64_t ms;                   /* the time demo_act_finish() took */
	int64_t past_rows;            /* --scale: assessments of the terms before the window */
	int64_t past_ms;              /* of ms, making them */
};

/* Writes the rest (store_demo_flush() as it goes) and frees a; accepts
 * NULL (nothing to write). */
int demo_act_finish(struct demo_act *a, struct demo_act_report *out);

/* Frees a without writing (after a failure); accepts NULL. */
void demo_act_free(struct demo_act *a);

#endif
