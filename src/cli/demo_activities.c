/*
 * demo_activities.c — the demo centre's groups, timetables and sessions.
 *
 * What is made: see demo_activities.h. Rows go through the demo loader
 * like the rest of the demo (one transaction, bulk on --scale). Not made
 * yet: enrolments, registers and assessments; so the sessions start
 * today, and no past session waits for a register.
 */
#include "cli/demo_activities.h"

#include <stdio.h>

#include "domain/date.h"
#include "domain/timetable.h"
#include "util/err.h"

/* The seeded activity types, in the order migration 0014 inserts them
 * into an empty table: their ids are 1..8 on both engines. */
enum {
	T_NORWEGIAN = 1,
	T_CONVERSATION,
	T_JOB_CLUB,
	T_VOCATIONAL,
	T_THEMATIC,
	T_HEALTH,
	T_COOK,
	T_OF_COURSE
};

/* Who teaches: the staff group's first or second teacher, or its nurse. */
enum { BY_T1, BY_T2, BY_NURSE };

struct demo_group {
	int type;
	const char *name;
	const char *room;
	int capacity;
	const char *level;      /* NULL: not a Norwegian class */
	int by;
	int nslots;
	struct slot slots[3];
};

#define HM(h, m) ((h) * 60 + (m))

static const struct demo_group groups[] = {
	{T_NORWEGIAN, "Norsk A1", "Rom 101", 14, "A1", BY_T1, 3,
	 {{1, HM(9, 0), HM(11, 30)}, {3, HM(9, 0), HM(11, 30)}, {5, HM(9, 0), HM(11, 30)}}},
	{T_NORWEGIAN, "Norsk A2", "Rom 102", 14, "A2", BY_T2, 2,
	 {{2, HM(9, 0), HM(12, 0)}, {4, HM(9, 0), HM(12, 0)}}},
	{T_NORWEGIAN, "Norsk B1", "Rom 101", 12, "B1", BY_T1, 2,
	 {{1, HM(12, 30), HM(15, 0)}, {3, HM(12, 30), HM(15, 0)}}},
	{T_CONVERSATION, "Samtalegruppe", "Kantina", 10, NULL, BY_T2, 1, {{4, HM(13, 0), HM(14, 30)}}},
	{T_JOB_CLUB, "Jobbklubb", "Rom 204", 12, NULL, BY_T1, 1, {{2, HM(12, 30), HM(14, 30)}}},
	{T_COOK, "Kokk og dialog", "Kjøkkenet", 8, NULL, BY_T2, 1, {{5, HM(12, 0), HM(14, 30)}}},
	{T_OF_COURSE, "Klart jeg kan", "Rom 204", 10, NULL, BY_T2, 1, {{3, HM(9, 0), HM(11, 0)}}},
	{T_VOCATIONAL, "Yrkeskurs renhold", "Verkstedet", 10, NULL, BY_T1, 1, {{4, HM(12, 30), HM(15, 0)}}},
	{T_THEMATIC, "IT i hverdagen", "Datarommet", 12, NULL, BY_T2, 1, {{1, HM(13, 0), HM(14, 30)}}},
	{T_HEALTH, "Helsegruppa", "Helserommet", 8, NULL, BY_NURSE, 1, {{4, HM(10, 0), HM(11, 30)}}},
};

#define NGROUPS ((int)(sizeof groups / sizeof groups[0]))
#define DAYS 200

struct sess_ctx {
	struct demo_load *load;
	int64_t *next;
	int64_t centre, group;
};

static int
add_session(void *ctx, const struct session_time *s)
{
	struct sess_ctx *c = ctx;
	struct demo_val v[] = {DV_INT(c->next[DEMO_ACT_SESSIONS]++), DV_INT(c->centre), DV_INT(c->group),
			       DV_DATE(date_to_days(s->date)), DV_INT(s->start), DV_INT(s->end),
			       DV_TEXT("planned"), DV_INT(0), DV_INT(0), DV_INT(0)};
	return store_demo_row(c->load, DEMO_ACT_SESSIONS, v);
}

/* Christmas (21 December to 1 January) and the summer (July) closures
 * the period meets. */
static int
add_closures(struct demo_load *load, int64_t next[DEMO_NTABLES], int64_t centre, int64_t now,
	     struct date from, struct date to, struct closure *out, size_t *n)
{
	*n = 0;
	for (int y = from.y - 1; y <= to.y; y++) {
		struct closure cl[2] = {{{y, 12, 21}, {y + 1, 1, 1}}, {{y, 7, 1}, {y, 7, 31}}};
		const char *names[2] = {"Juleferie", "Sommerstengt"};
		for (int k = 0; k < 2; k++) {
			if (date_cmp(cl[k].to, from) < 0 || date_cmp(cl[k].from, to) > 0)
				continue;
			struct demo_val v[] = {DV_INT(next[DEMO_CLOSURES]++), DV_INT(centre), DV_TEXT(names[k]),
					       DV_DATE(date_to_days(cl[k].from)),
					       DV_DATE(date_to_days(cl[k].to)), DV_INT(now), DV_NULL};
			int rc = store_demo_row(load, DEMO_CLOSURES, v);
			if (rc != SC_OK)
				return rc;
			out[(*n)++] = cl[k];
		}
	}
	return SC_OK;
}

int
demo_activities(struct demo_load *load, int64_t next[DEMO_NTABLES], int64_t today,
		const int64_t *centre, const int64_t *psych, const int64_t *nurse, int ngroups)
{
	struct date from = date_from_days(today), to = date_from_days(today + DAYS);
	/* Made by the leader a month ago: a moment of the seed's "today", so
	 * the same seed gives the same rows. */
	int64_t now = (today - 30) * 86400 + 8 * 3600;
	int rc = SC_OK;
	for (int c = 0; c < ngroups && rc == SC_OK; c++) {
		/* Closures once per centre: staff groups of one centre share them. */
		struct closure cl[8];
		size_t ncl = 0;
		int first = c;
		for (int k = 0; k < c; k++)
			if (centre[k] == centre[c]) {
				first = k;
				break;
			}
		if (first == c)
			rc = add_closures(load, next, centre[c], now, from, to, cl, &ncl);
		else {
			for (int y = from.y - 1; y <= to.y; y++) {
				struct closure k2[2] = {{{y, 12, 21}, {y + 1, 1, 1}}, {{y, 7, 1}, {y, 7, 31}}};
				for (int k = 0; k < 2; k++)
					if (date_cmp(k2[k].to, from) >= 0 && date_cmp(k2[k].from, to) <= 0)
						cl[ncl++] = k2[k];
			}
		}
		/* laerer1 and laerer2 are made just before the psychologist. */
		int64_t teacher[3] = {psych[c] - 2, psych[c] - 1, nurse[c]};
		for (int i = 0; i < NGROUPS && rc == SC_OK; i++) {
			const struct demo_group *d = &groups[i];
			int64_t gid = next[DEMO_ACT_GROUPS]++;
			struct demo_val v[] = {DV_INT(gid), DV_INT(centre[c]), DV_INT(d->type), DV_TEXT(d->name),
					       DV_TEXT(d->room), DV_INT(d->capacity), DV_DATE(today),
					       DV_DATE(today + DAYS), DV_TEXT("norsk"), DV_OPT_TEXT(d->level),
					       DV_INT(1), DV_INT(now), DV_INT(now), DV_NULL};
			rc = store_demo_row(load, DEMO_ACT_GROUPS, v);
			if (rc == SC_OK) {
				struct demo_val t[] = {DV_INT(gid), DV_INT(teacher[d->by]), DV_INT(centre[c])};
				rc = store_demo_row(load, DEMO_GROUP_TEACHERS, t);
			}
			for (int s = 0; s < d->nslots && rc == SC_OK; s++) {
				struct demo_val sv[] = {DV_INT(gid), DV_INT(d->slots[s].weekday),
							DV_INT(d->slots[s].start), DV_INT(d->slots[s].end),
							DV_INT(centre[c])};
				rc = store_demo_row(load, DEMO_GROUP_SLOTS, sv);
			}
			if (rc == SC_OK) {
				struct sess_ctx sc = {load, next, centre[c], gid};
				rc = timetable_sessions(d->slots, (size_t)d->nslots, from, to, cl, ncl, add_session,
							&sc);
			}
		}
	}
	return rc;
}
