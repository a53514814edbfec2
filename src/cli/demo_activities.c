/*
 * demo_activities.c — the demo centre's activities; see demo_activities.h.
 *
 * Terms: spring (8 January to 20 June) and autumn (15 August to 19
 * December); the Christmas and July closures are the centre's too. Each
 * term a staff group runs seven afternoon groups (conversation, job club,
 * Cook and Dialogue, Of course I can, a vocational and an IT course, the
 * health group) and as many Norwegian classes per level (A1, A2, B1;
 * 25 places, five mornings a week) as its participants fill: a parallel
 * class opens when the others are full. The classes of a term meet at the
 * same hour, so each has a teacher of its own (teacher_of()): the staff
 * group's first two teachers, who teach the afternoon groups too, and as
 * many more as the term needs. Sessions come from timetable_sessions() (no
 * public holiday, no closure).
 *
 * A participant in the programme is enrolled each term they are in it:
 * Norwegian at their speaking level then (those at B2 or above take no
 * class), and one or two afternoon groups with a place and no clash. Their
 * absence is drawn by calendar day: sickness more often in winter, short
 * spells self-certified and longer ones with a doctor's note (some longer
 * ones self-certified all the same, so the rule marks their later days as
 * needing a note: self_cert_apply(), as the register does); approved leave;
 * unexcused days (a few participants often). Late and left early are
 * drawn per mark. The teacher assesses the four skills at the end of each
 * term completed: one level more every second term, up to the level the
 * register holds now; and places the participant at their first session
 * of each term (before today) at the level of the term before, so that a
 * year has its own first and last level (the Norwegian report under a
 * calendar year counts from them). At --scale, where only the terms of the last three
 * months have groups, the terms before them since the participant's start
 * get these assessments all the same (past_terms(): no group named), so
 * the Norwegian report has years of steps to count.
 *
 * Randomness: a stream per participant from the seed and their id, so
 * demo.c's own streams are untouched.
 */
#include "cli/demo_activities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/attendance.h"
#include "domain/date.h"
#include "domain/levels.h"
#include "domain/timetable.h"
#include "util/err.h"
#include "util/timeutil.h"

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

/* Who teaches an afternoon group: the staff group's first or second
 * teacher, or its nurse. */
enum { BY_T1, BY_T2, BY_NURSE };

struct tmpl {
	int type;
	const char *name;
	const char *room;
	int capacity;
	int by;
	int weight;             /* how often participants choose it */
	int nslots;
	struct slot slots[5];
};

#define HM(h, m) ((h) * 60 + (m))

static const struct tmpl norwegian = {
	T_NORWEGIAN, "Norsk", "Rom 10", 25, BY_T1, 0, 5,
	{{1, HM(9, 0), HM(11, 30)}, {2, HM(9, 0), HM(11, 30)}, {3, HM(9, 0), HM(11, 30)},
	 {4, HM(9, 0), HM(11, 30)}, {5, HM(9, 0), HM(11, 0)}}};

static const struct tmpl afternoon[] = {
	{T_CONVERSATION, "Samtalegruppe", "Kantina", 15, BY_T2, 14, 1, {{4, HM(12, 30), HM(14, 0)}}},
	{T_JOB_CLUB, "Jobbklubb", "Rom 204", 25, BY_T1, 24, 1, {{2, HM(12, 30), HM(14, 30)}}},
	{T_COOK, "Kokk og dialog", "Kjøkkenet", 12, BY_T2, 12, 1, {{5, HM(12, 0), HM(14, 30)}}},
	{T_OF_COURSE, "Klart jeg kan", "Rom 204", 15, BY_T2, 14, 1, {{3, HM(12, 30), HM(14, 30)}}},
	{T_VOCATIONAL, "Yrkeskurs renhold", "Verkstedet", 12, BY_T1, 12, 1, {{1, HM(12, 30), HM(15, 0)}}},
	{T_THEMATIC, "IT i hverdagen", "Datarommet", 15, BY_T2, 14, 1, {{1, HM(12, 30), HM(14, 0)}}},
	{T_HEALTH, "Helsegruppa", "Helserommet", 10, BY_NURSE, 4, 1, {{4, HM(12, 30), HM(14, 0)}}},
};
#define NAFTERNOON ((int)(sizeof afternoon / sizeof afternoon[0]))
#define NLEVELS 3   /* Norwegian classes: A1, A2, B1 */

static const char *const level_keys[NLEVELS] = {"A1", "A2", "B1"};
static const char *const leave_reasons[] = {"Time hos NAV", "Legetime for barn", "Tannlege",
					    "Møte på skolen", "Foreldremøte i barnehagen",
					    "Jobbintervju", "Time hos UDI", "Begravelse i familien"};
#define NREASONS ((int)(sizeof leave_reasons / sizeof leave_reasons[0]))

/* ---- randomness ---- */

static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

struct rnd {
	uint64_t s;
};

static uint32_t
below(struct rnd *r, uint32_t n)
{
	r->s = mix(r->s);
	return (uint32_t)(((r->s >> 32) * (uint64_t)n) >> 32);
}

static bool
chance(struct rnd *r, int per10000)
{
	return below(r, 10000) < (uint32_t)per10000;
}

/* ---- the plan in memory ---- */

struct aenrol {
	int64_t pid;
	int32_t from, to;       /* days, both included */
	int32_t person;         /* index into a->people */
};

struct agroup {
	int64_t id;
	int64_t centre;
	int64_t teacher;
	const struct tmpl *t;
	int staff, term, level; /* level: 0..2 for Norwegian, -1 */
	int teacher_no;         /* the staff group's teacher 1, 2, ... (laerer1, laerer2 and
				 * the teachers made for parallel classes), 0 the nurse */
	int32_t first, last;
	int64_t sess0;          /* id of the first session */
	int nsess;
	int32_t *day;
	int16_t *start, *end;
	struct aenrol *e;
	int ne, cape;
	bool unmarked_last;     /* its last session before today stays unmarked */
};

/* A session day of a participant with an absence. */
enum { A_SICK_SELF = 1, A_SICK_DOCTOR, A_LEAVE, A_UNEXCUSED };
struct aspecial {
	int32_t day;
	uint8_t type;
	uint8_t flags;          /* 1 beyond the rule, 2 a doctor's note came, reason << 2 */
};

struct aperson {
	uint32_t off;           /* into a->specials */
	uint16_t n;
	uint16_t late;          /* per 10000 marks: late or left early */
	int32_t pause_from, pause_to;   /* a pause over: paused from..to-1, on
					 * no register (0: none) */
};

/* Whether the person is paused on day (enrolment_pause_covers()): they are
 * not on its registers, expected, marked, nor scheduled. */
static bool
paused_on(const struct aperson *pp, int32_t day)
{
	return pp->pause_from > 0 && day >= pp->pause_from && day < pp->pause_to;
}

struct aterm {
	int32_t from, to;       /* clamped to the window */
	int year;
	bool autumn;
};

struct aassess {
	int64_t pid, group, teacher, centre;
	int32_t day;
	int8_t skill, level, method;
};

struct demo_act {
	struct demo_load *load;
	int64_t *next;
	uint64_t seed;
	int64_t T;
	bool lean;
	int32_t wfrom;          /* first day of the history */
	int nstaff;
	const int64_t *centre, *psych, *nurse;
	/* per staff group: its teachers after the first two, made as its
	 * terms' parallel classes need them; the first staff group's names */
	demo_act_teacher_fn new_teacher;
	void *teacher_ctx;
	struct ateachers {
		int64_t *id;
		size_t n, cap;
	} *more;
	char (*names)[32];
	size_t nnames, capnames;
	struct closure closures[16];
	size_t nclosures;
	struct aterm terms[16];
	int nterms;
	/* at --scale: the terms before the window (whole, in order), of which
	 * the Norwegian teachers' assessments are written, not the groups */
	struct aterm past[16];
	int npast;
	int64_t past_ms;        /* writing their assessments */
	int64_t past_rows;
	struct agroup *g;
	int ng;
	size_t capg;
	/* per staff group and term: the afternoon groups, and the Norwegian
	 * classes opened so far per level */
	int *aft;               /* [staff][term][NAFTERNOON] -> group index */
	int **norw;             /* [staff][term][level] -> list of group indexes */
	int *nnorw, *capnorw;
	struct aperson *people;
	size_t npeople, cappeople;
	struct aspecial *specials;
	size_t nspecials, capspecials;
	struct aassess *as;
	size_t nas, capas;
	int64_t ms;
};

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return SC_OK;
	size_t c = *cap ? *cap * 2 : 64;
	while (c < need)
		c *= 2;
	void *n = realloc(*p, c * size);
	if (n == NULL)
		return SC_ENOMEM;
	*p = n;
	*cap = c;
	return SC_OK;
}

static int
slot_weekday_of(int32_t day)
{
	return date_weekday(date_from_days(day));
}

/* ---- groups and their sessions ---- */

struct collect {
	struct agroup *g;
	int cap;
	int rc;
};

static int
collect_session(void *ctx, const struct session_time *s)
{
	struct collect *c = ctx;
	struct agroup *g = c->g;
	if (g->nsess == c->cap) {
		int cap = c->cap ? c->cap * 2 : 64;
		int32_t *d = realloc(g->day, (size_t)cap * sizeof *d);
		if (d != NULL)
			g->day = d;
		int16_t *st = realloc(g->start, (size_t)cap * sizeof *st);
		if (st != NULL)
			g->start = st;
		int16_t *en = realloc(g->end, (size_t)cap * sizeof *en);
		if (en != NULL)
			g->end = en;
		if (d == NULL || st == NULL || en == NULL)
			return SC_ENOMEM;
		c->cap = cap;
	}
	g->day[g->nsess] = (int32_t)date_to_days(s->date);
	g->start[g->nsess] = (int16_t)s->start;
	g->end[g->nsess] = (int16_t)s->end;
	g->nsess++;
	return SC_OK;
}

static const char *
term_name(const struct aterm *t, char *out, size_t cap)
{
	snprintf(out, cap, "%s %d", t->autumn ? "høsten" : "våren", t->year);
	return out;
}

/* Teacher no (1, 2, ...) of staff group s: the first two made with the
 * staff, the others made now when they are not yet. */
static int
teacher_of(struct demo_act *a, int s, int no, int64_t *id)
{
	if (no <= 2) {
		*id = a->psych[s] - (no == 1 ? 2 : 1);
		return SC_OK;
	}
	struct ateachers *m = &a->more[s];
	while (m->n < (size_t)(no - 2)) {
		int rc = grow((void **)&m->id, &m->cap, m->n + 1, sizeof *m->id);
		if (rc == SC_OK && s == 0)
			rc = grow((void **)&a->names, &a->capnames, a->nnames + 1, sizeof *a->names);
		char username[32];
		if (rc == SC_OK)
			rc = a->new_teacher(a->teacher_ctx, s, &m->id[m->n], username, sizeof username);
		if (rc != SC_OK)
			return rc;
		if (s == 0)
			snprintf(a->names[a->nnames++], sizeof *a->names, "%s", username);
		m->n++;
	}
	*id = m->id[no - 3];
	return SC_OK;
}

/* Makes a group of template t for staff group s in term j; level -1 or the
 * Norwegian level (0..2), the parallel class's number and its teacher's
 * (the term's classes' count so far, plus one). */
static int
make_group(struct demo_act *a, const struct tmpl *t, int s, int j, int level, int parallel, int no, int *out)
{
	int rc = grow((void **)&a->g, &a->capg, (size_t)a->ng + 1, sizeof *a->g);
	if (rc != SC_OK)
		return rc;
	struct agroup *g = &a->g[a->ng];
	memset(g, 0, sizeof *g);
	const struct aterm *tm = &a->terms[j];
	g->id = a->next[DEMO_ACT_GROUPS]++;
	g->centre = a->centre[s];
	g->t = t;
	g->staff = s;
	g->term = j;
	g->level = level;
	if (level < 0) {
		g->teacher_no = t->by == BY_T1 ? 1 : t->by == BY_T2 ? 2 : 0;
		g->teacher = t->by == BY_NURSE ? a->nurse[s] : a->psych[s] - (t->by == BY_T1 ? 2 : 1);
	} else {
		g->teacher_no = no;
		rc = teacher_of(a, s, no, &g->teacher);
		if (rc != SC_OK)
			return rc;
	}
	g->first = tm->from;
	g->last = tm->to;
	struct collect c = {g, 0, SC_OK};
	rc = timetable_sessions(t->slots, (size_t)t->nslots, date_from_days(tm->from), date_from_days(tm->to),
				a->closures, a->nclosures, collect_session, &c);
	if (rc != SC_OK)
		return rc;
	g->sess0 = a->next[DEMO_ACT_SESSIONS];
	a->next[DEMO_ACT_SESSIONS] += g->nsess;

	char name[96], tn[32], room[32];
	term_name(tm, tn, sizeof tn);
	if (level >= 0 && parallel > 1)
		snprintf(name, sizeof name, "%s %s (%d) %s", t->name, level_keys[level], parallel, tn);
	else if (level >= 0)
		snprintf(name, sizeof name, "%s %s %s", t->name, level_keys[level], tn);
	else
		snprintf(name, sizeof name, "%s %s", t->name, tn);
	if (level >= 0)
		snprintf(room, sizeof room, "%s%d", t->room, 1 + (level * 4 + parallel - 1) % 9);
	else
		snprintf(room, sizeof room, "%s", t->room);
	int64_t made = ((int64_t)tm->from - 30) * 86400 + 8 * 3600;
	struct demo_val v[] = {DV_INT(g->id), DV_INT(g->centre), DV_INT(t->type), DV_TEXT(name), DV_TEXT(room),
			       DV_INT(t->capacity), DV_DATE(g->first), DV_DATE(g->last), DV_TEXT("norsk"),
			       level >= 0 ? DV_TEXT(level_keys[level]) : DV_NULL, DV_INT(1), DV_INT(made),
			       DV_INT(made), DV_NULL};
	rc = store_demo_row(a->load, DEMO_ACT_GROUPS, v);
	if (rc == SC_OK) {
		struct demo_val tv[] = {DV_INT(g->id), DV_INT(g->teacher), DV_INT(g->centre)};
		rc = store_demo_row(a->load, DEMO_GROUP_TEACHERS, tv);
	}
	for (int k = 0; k < t->nslots && rc == SC_OK; k++) {
		struct demo_val sv[] = {DV_INT(g->id), DV_INT(t->slots[k].weekday), DV_INT(t->slots[k].start),
					DV_INT(t->slots[k].end), DV_INT(g->centre)};
		rc = store_demo_row(a->load, DEMO_GROUP_SLOTS, sv);
	}
	if (rc == SC_OK)
		*out = a->ng++;
	return rc;
}

/* Places taken in g by enrolments whose periods meet from..to. */
static int
taken(const struct agroup *g, int32_t from, int32_t to)
{
	int n = 0;
	for (int i = 0; i < g->ne; i++)
		n += g->e[i].from <= to && g->e[i].to >= from;
	return n;
}

static bool
slots_clash(const struct tmpl *x, const struct tmpl *y)
{
	for (int i = 0; i < x->nslots; i++)
		for (int k = 0; k < y->nslots; k++)
			if (x->slots[i].weekday == y->slots[k].weekday && x->slots[i].start < y->slots[k].end &&
			    y->slots[k].start < x->slots[i].end)
				return true;
	return false;
}

static int
add_enrolment(struct demo_act *a, int gi, const struct demo_act_person *p, int32_t from, int32_t to,
	      int32_t person)
{
	struct agroup *g = &a->g[gi];
	size_t cap = (size_t)g->cape;
	int rc = grow((void **)&g->e, &cap, (size_t)g->ne + 1, sizeof *g->e);
	if (rc != SC_OK)
		return rc;
	g->cape = (int)cap;
	g->e[g->ne++] = (struct aenrol){p->pid, from, to, person};
	int64_t at = ((int64_t)from - 3) * 86400 + 10 * 3600;
	struct demo_val v[] = {DV_INT(a->next[DEMO_GROUP_ENROLMENTS]++), DV_INT(g->centre), DV_INT(g->id),
			       DV_INT(p->pid), DV_TEXT("enrolled"), DV_DATE(from), DV_DATE(to), DV_INT(at),
			       p->by > 0 ? DV_INT(p->by) : DV_NULL};
	return store_demo_row(a->load, DEMO_GROUP_ENROLMENTS, v);
}

/* ---- the beginning ---- */

static int
add_closures(struct demo_act *a, int64_t centre, bool write)
{
	struct date from = date_from_days(a->wfrom), to = date_from_days(a->T + 250);
	a->nclosures = 0;
	for (int y = from.y - 1; y <= to.y && a->nclosures + 2 <= 16; y++) {
		struct closure cl[2] = {{{y, 7, 1}, {y, 7, 31}}, {{y, 12, 21}, {y + 1, 1, 1}}};
		const char *names[2] = {"Sommerstengt", "Juleferie"};
		for (int k = 0; k < 2; k++) {
			if (date_cmp(cl[k].to, from) < 0 || date_cmp(cl[k].from, to) > 0)
				continue;
			a->closures[a->nclosures++] = cl[k];
			if (!write)
				continue;
			int64_t made = (date_to_days(cl[k].from) - 60) * 86400 + 9 * 3600;
			struct demo_val v[] = {DV_INT(a->next[DEMO_CLOSURES]++), DV_INT(centre), DV_TEXT(names[k]),
					       DV_DATE(date_to_days(cl[k].from)), DV_DATE(date_to_days(cl[k].to)),
					       DV_INT(made), DV_NULL};
			int rc = store_demo_row(a->load, DEMO_CLOSURES, v);
			if (rc != SC_OK)
				return rc;
		}
	}
	return SC_OK;
}

int
demo_act_begin(struct demo_load *load, int64_t next[DEMO_NTABLES], uint64_t seed, int64_t today, bool lean,
	       const int64_t *centre, const int64_t *psych, const int64_t *nurse, int ngroups,
	       demo_act_teacher_fn new_teacher, void *ctx, struct demo_act **out)
{
	*out = NULL;
	struct demo_act *a = calloc(1, sizeof *a);
	if (a == NULL)
		return SC_ENOMEM;
	a->load = load;
	a->next = next;
	a->seed = seed;
	a->T = today;
	a->lean = lean;
	a->wfrom = (int32_t)(today - (lean ? DEMO_ACT_SCALE_DAYS : 1096));
	a->nstaff = ngroups;
	a->centre = centre;
	a->psych = psych;
	a->nurse = nurse;
	a->new_teacher = new_teacher;
	a->teacher_ctx = ctx;
	a->more = calloc((size_t)ngroups + 1, sizeof *a->more);
	if (a->more == NULL) {
		free(a);
		return SC_ENOMEM;
	}
	int64_t t0 = time_mono_ms();
	/* Terms that meet the window, up to the one after today's. */
	struct date wf = date_from_days(a->wfrom), td = date_from_days(today);
	for (int y = wf.y; y <= td.y + 1 && a->nterms < 16; y++) {
		for (int k = 0; k < 2; k++) {
			struct date f = k == 0 ? (struct date){y, 1, 8} : (struct date){y, 8, 15};
			struct date t = k == 0 ? (struct date){y, 6, 20} : (struct date){y, 12, 19};
			int64_t fd = date_to_days(f), tdd = date_to_days(t);
			/* at --scale, the terms with marks only */
			if (tdd < a->wfrom || fd > today + (lean ? 0 : 150))
				continue;
			a->terms[a->nterms++] = (struct aterm){(int32_t)(fd > a->wfrom ? fd : a->wfrom),
							      (int32_t)tdd, y, k == 1};
		}
	}
	/* At --scale, the terms before the window since the earliest start
	 * (three years of history and a term). */
	if (lean) {
		struct date pf = date_from_days(today - 1096 - 200);
		for (int y = pf.y; y <= td.y && a->npast < 16; y++) {
			for (int k = 0; k < 2 && a->npast < 16; k++) {
				struct date f = k == 0 ? (struct date){y, 1, 8} : (struct date){y, 8, 15};
				struct date t = k == 0 ? (struct date){y, 6, 20} : (struct date){y, 12, 19};
				int64_t fd = date_to_days(f), tdd = date_to_days(t);
				if (tdd >= a->wfrom || tdd < today - 1096 - 200)
					continue;
				a->past[a->npast++] = (struct aterm){(int32_t)fd, (int32_t)tdd, y, k == 1};
			}
		}
	}
	size_t cells = (size_t)ngroups * (size_t)a->nterms;
	a->aft = malloc((cells * NAFTERNOON + 1) * sizeof *a->aft);
	a->norw = calloc(cells * NLEVELS + 1, sizeof *a->norw);
	a->nnorw = calloc(cells * NLEVELS + 1, sizeof *a->nnorw);
	a->capnorw = calloc(cells * NLEVELS + 1, sizeof *a->capnorw);
	int rc = a->aft && a->norw && a->nnorw && a->capnorw ? SC_OK : SC_ENOMEM;
	for (int s = 0; s < ngroups && rc == SC_OK; s++) {
		bool first = true;
		for (int k = 0; k < s; k++)
			first &= centre[k] != centre[s];
		rc = add_closures(a, centre[s], first);
		for (int j = 0; j < a->nterms && rc == SC_OK; j++)
			for (int t = 0; t < NAFTERNOON && rc == SC_OK; t++)
				rc = make_group(a, &afternoon[t], s, j, -1, 1, 0,
						&a->aft[((size_t)s * (size_t)a->nterms + (size_t)j) * NAFTERNOON + (size_t)t]);
	}
	a->ms = time_mono_ms() - t0;
	if (rc != SC_OK) {
		demo_act_free(a);
		return rc;
	}
	*out = a;
	return SC_OK;
}

/* ---- one participant ---- */

/* A Norwegian class at level l of staff group s in term j with a place
 * from..to: the first that has one, or a new parallel class. */
static int
norwegian_class(struct demo_act *a, int s, int j, int l, int32_t from, int32_t to, int *gi)
{
	size_t cell = ((size_t)s * (size_t)a->nterms + (size_t)j) * NLEVELS + (size_t)l;
	for (int i = 0; i < a->nnorw[cell]; i++) {
		const struct agroup *g = &a->g[a->norw[cell][i]];
		if (taken(g, from, to) < g->t->capacity) {
			*gi = a->norw[cell][i];
			return SC_OK;
		}
	}
	size_t cap = (size_t)a->capnorw[cell];
	int rc = grow((void **)&a->norw[cell], &cap, (size_t)a->nnorw[cell] + 1, sizeof **a->norw);
	if (rc != SC_OK)
		return rc;
	a->capnorw[cell] = (int)cap;
	/* the term's classes at every level meet at the same hour: the next
	 * teacher of the staff group */
	size_t first = cell - (size_t)l;
	int no = 1;
	for (int k = 0; k < NLEVELS; k++)
		no += a->nnorw[first + (size_t)k];
	rc = make_group(a, &norwegian, s, j, l, a->nnorw[cell] + 1, no, gi);
	if (rc == SC_OK) {
		/* The first A1 class of the first staff group this term leaves
		 * its last register before today to be filled in. */
		a->g[*gi].unmarked_last = !a->lean && s == 0 && l == 0 && a->nnorw[cell] == 0 &&
					  a->terms[j].from <= a->T && a->terms[j].to >= a->T;
		a->norw[cell][a->nnorw[cell]++] = *gi;
	}
	return rc;
}

/* The participant's session days before today, sorted, each once. */
struct days {
	int32_t *d;
	size_t n, cap;
};

static int
cmp_i32(const void *x, const void *y)
{
	int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
	return (a > b) - (a < b);
}

static bool
scheduled_between(void *ctx, struct date x, struct date y)
{
	const struct days *d = ctx;
	int32_t a = (int32_t)date_to_days(x), b = (int32_t)date_to_days(y);
	/* the first session day after a */
	size_t lo = 0, hi = d->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->d[mid] <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->n && d->d[lo] < b;
}

static int
month_sickness(int m)
{
	/* per 10000 weekdays: a new spell of sickness starts */
	static const int by_month[13] = {0, 190, 180, 120, 70, 45, 40, 30, 40, 55, 80, 120, 170};
	return by_month[m];
}

static int
assessed_add(struct demo_act_assessed *out, int32_t day, int skill, int level)
{
	if (out->n >= DEMO_ACT_MAX_ASSESSED)
		return SC_ERR;
	out->day[out->n] = day;
	out->skill[out->n] = (int8_t)skill;
	out->level[out->n] = (int8_t)level;
	out->n++;
	return SC_OK;
}

/* The level of skill k a teacher gives after done terms completed: the
 * level registered (levels[k] - gain[k]) and one more every second term,
 * up to the level the register holds now. */
static int
term_level(const struct demo_act_person *p, const int gain[SKILL_COUNT], int k, int done)
{
	int lv = p->levels[k] - gain[k] + done / 2;
	return lv > p->levels[k] ? p->levels[k] : lv;
}

/* How: by Norskprøven at the last term completed (last) from B1 on. */
static int
term_method(bool last, int level)
{
	return last && level >= CEFR_B1 ? METHOD_NORSKPROVEN : METHOD_TEACHER;
}

/* The teacher of group g assesses the participant's four skills on day
 * (term_level(), term_method()). */
static int
teacher_assesses(struct demo_act *a, const struct demo_act_person *p, const struct agroup *g, int32_t day,
		 const int gain[SKILL_COUNT], int done, bool last, struct demo_act_assessed *out)
{
	int rc = SC_OK;
	for (int k = 0; k < SKILL_COUNT && rc == SC_OK; k++) {
		if (p->levels[k] <= CEFR_NONE)
			continue;
		int lv = term_level(p, gain, k, done);
		rc = grow((void **)&a->as, &a->capas, a->nas + 1, sizeof *a->as);
		if (rc != SC_OK)
			break;
		a->as[a->nas++] = (struct aassess){p->pid, g->id, g->teacher, p->centre, day, (int8_t)k, (int8_t)lv,
						   (int8_t)term_method(last, lv)};
		rc = assessed_add(out, day, k, lv);
	}
	return rc;
}

/*
 * At --scale: the assessments at the end of each Norwegian term the
 * participant completed before the window, whose groups the lean demo does
 * not make (no group named; the staff group's teachers assess as they
 * teach the level, on the term's last weekday). They are written at once,
 * in the participant's batch: nothing of them waits for the end. Levels
 * as demo_act_participant() gives the terms in the window: one more every
 * second term completed, from the level registered (levels[k] - gain[k]).
 */
static int
past_terms(struct demo_act *a, const struct demo_act_person *p, const int gain[SKILL_COUNT], int completed,
	   struct demo_act_assessed *out)
{
	int speaking = p->levels[SKILL_SPEAKING];
	int32_t to0 = (int32_t)(p->end > 0 ? p->end - 1 : a->T + 400);
	int nth = 0, done = 0, rc = SC_OK;
	for (int j = 0; j < a->npast && rc == SC_OK; j++) {
		const struct aterm *tm = &a->past[j];
		if (p->start > tm->to || to0 < tm->from)
			continue;
		int lvl = speaking <= CEFR_NONE ? 0 : speaking - gain[SKILL_SPEAKING] + nth / 2;
		lvl = lvl > speaking ? speaking : lvl;
		lvl = lvl < 0 ? 0 : lvl > NLEVELS - 1 ? NLEVELS - 1 : lvl;
		nth++;
		if (!(p->start <= tm->from + 14 && to0 >= tm->to))
			continue;
		done++;
		int32_t day = tm->to;
		while (slot_weekday_of(day) > 5)
			day--;
		/* no group, no session: the staff group's first two teachers
		 * by level */
		int64_t teacher = a->psych[p->staff] - ((lvl + 1) % 2 == 0 ? 1 : 2);
		int64_t at = (int64_t)day * 86400 + 14 * 3600;
		for (int k = 0; k < SKILL_COUNT && rc == SC_OK; k++) {
			if (p->levels[k] <= CEFR_NONE)
				continue;
			int lv = term_level(p, gain, k, done);
			int method = term_method(done == completed, lv);
			struct demo_val v[] = {DV_INT(a->next[DEMO_ASSESSMENTS]++), DV_INT(p->pid),
					       DV_TEXT(cefr_skill_name((enum cefr_skill)k)),
					       DV_TEXT(cefr_key((enum cefr)lv)), DV_DATE(day),
					       DV_TEXT(LEVEL_SOURCE_ASSESSMENT), DV_TEXT(""), DV_INT(teacher), DV_INT(at),
					       DV_INT(p->centre), DV_INT(teacher),
					       DV_TEXT(assessment_method_options[method].key), DV_NULL};
			rc = store_demo_row(a->load, DEMO_ASSESSMENTS, v);
			if (rc == SC_OK)
				rc = assessed_add(out, day, k, lv);
			a->past_rows++;
		}
	}
	return rc;
}

int
demo_act_participant(struct demo_act *a, const struct demo_act_person *p, int gain[SKILL_COUNT],
		     struct demo_act_assessed *out)
{
	out->n = 0;
	for (int k = 0; k < SKILL_COUNT; k++)
		gain[k] = 0;
	if (p->start <= 0 || p->staff < 0 || p->staff >= a->nstaff)
		return SC_OK;
	int64_t t0 = time_mono_ms();
	struct rnd r = {mix(a->seed * 0x100000001b3ULL ^ (uint64_t)p->pid)};
	int32_t from0 = (int32_t)(p->start > a->wfrom ? p->start : a->wfrom);
	int32_t to0 = (int32_t)(p->end > 0 ? p->end - 1 : a->T + 400);
	int speaking = p->levels[SKILL_SPEAKING];
	bool norsk = speaking < CEFR_B2;   /* CEFR_NONE: not assessed, A1 */
	/* Terms completed in a Norwegian class: one level a second term. At
	 * --scale the terms before the window count too (past_terms()). */
	int past_nth = 0, past_done = 0;
	for (int j = 0; j < a->npast && norsk; j++) {
		const struct aterm *tm = &a->past[j];
		past_nth += p->start <= tm->to && to0 >= tm->from;
		past_done += p->start <= tm->from + 14 && to0 >= tm->to;
	}
	int completed = past_done;
	for (int j = 0; j < a->nterms && from0 <= to0; j++)
		completed += norsk && a->terms[j].to < a->T && from0 <= a->terms[j].from + 14 &&
			     to0 >= a->terms[j].to;
	for (int k = 0; k < SKILL_COUNT; k++)
		if (p->levels[k] > CEFR_NONE && norsk)
			gain[k] = completed / 2 < p->levels[k] ? completed / 2 : p->levels[k];
	int rc = SC_OK;
	if (past_done > 0) {
		int64_t p0 = time_mono_ms();
		rc = past_terms(a, p, gain, completed, out);
		a->past_ms += time_mono_ms() - p0;
	}
	if (rc != SC_OK || from0 > to0) {
		a->ms += time_mono_ms() - t0;
		return rc;
	}
	int32_t person = (int32_t)a->npeople;
	rc = grow((void **)&a->people, &a->cappeople, a->npeople + 1, sizeof *a->people);
	if (rc != SC_OK)
		return rc;
	struct aperson *me = &a->people[a->npeople++];
	me->off = (uint32_t)a->nspecials;
	me->n = 0;
	me->late = (uint16_t)(chance(&r, 2000) ? 600 + below(&r, 900) : 80 + below(&r, 300));
	me->pause_from = (int32_t)p->paused_from;
	me->pause_to = (int32_t)p->resumed;

	struct days days = {0};
	int nth = past_nth;   /* Norwegian terms so far */
	int done = past_done; /* of which completed */
	for (int j = 0; j < a->nterms && rc == SC_OK; j++) {
		const struct aterm *tm = &a->terms[j];
		int32_t from = from0 > tm->from ? from0 : tm->from;
		int32_t to = to0 < tm->to ? to0 : tm->to;
		if (from > to)
			continue;
		const struct tmpl *chosen[4];
		int nchosen = 0;
		int gis[4];
		if (norsk) {
			int lvl = speaking <= CEFR_NONE ? 0 : speaking - gain[SKILL_SPEAKING] + nth / 2;
			if (lvl > speaking)
				lvl = speaking;
			if (lvl < 0)
				lvl = 0;
			if (lvl > NLEVELS - 1)
				lvl = NLEVELS - 1;
			int gi = -1;
			rc = norwegian_class(a, p->staff, j, lvl, from, to, &gi);
			if (rc == SC_OK)
				rc = add_enrolment(a, gi, p, from, to, person);
			if (rc != SC_OK)
				break;
			chosen[nchosen] = &norwegian;
			gis[nchosen++] = gi;
			/* the teacher's placement at the participant's first session
			 * of the term (before today): the level of the term before */
			const struct agroup *g = &a->g[gi];
			int s0 = 0;
			while (s0 < g->nsess && g->day[s0] < from)
				s0++;
			if (s0 < g->nsess && g->day[s0] < a->T)
				rc = teacher_assesses(a, p, g, g->day[s0], gain, done, false, out);
			if (rc != SC_OK)
				break;
			bool complete = tm->to < a->T && from <= tm->from + 14 && to >= tm->to;
			if (complete) {
				/* the teacher's assessment at the end of the term */
				done++;
				rc = teacher_assesses(a, p, g, g->day[g->nsess - 1], gain, done, done == completed, out);
			}
			nth++;
		}
		/* Afternoon groups: one or two (two or three without a class). */
		int want = (int)below(&r, 100) < 55 ? 1 : 2;
		if (!norsk)
			want++;
		for (int tries = 0; tries < 8 && rc == SC_OK && nchosen - (norsk ? 1 : 0) < want; tries++) {
			int total = 0;
			for (int t = 0; t < NAFTERNOON; t++)
				total += afternoon[t].weight;
			int pick = (int)below(&r, (uint32_t)total), t = 0;
			while (pick >= afternoon[t].weight) {
				pick -= afternoon[t].weight;
				t++;
			}
			const struct tmpl *x = &afternoon[t];
			bool ok = true;
			for (int i = 0; i < nchosen && ok; i++)
				ok = chosen[i] != x && !slots_clash(chosen[i], x);
			int gi = a->aft[((size_t)p->staff * (size_t)a->nterms + (size_t)j) * NAFTERNOON + (size_t)t];
			if (!ok || taken(&a->g[gi], from, to) >= x->capacity)
				continue;
			rc = add_enrolment(a, gi, p, from, to, person);
			chosen[nchosen] = x;
			gis[nchosen++] = gi;
		}
		/* their session days before today */
		for (int i = 0; i < nchosen && rc == SC_OK; i++) {
			const struct agroup *g = &a->g[gis[i]];
			for (int k = 0; k < g->nsess && rc == SC_OK; k++) {
				if (g->day[k] < from || g->day[k] > to || g->day[k] >= a->T || paused_on(me, g->day[k]))
					continue;
				rc = grow((void **)&days.d, &days.cap, days.n + 1, sizeof *days.d);
				if (rc == SC_OK)
					days.d[days.n++] = g->day[k];
			}
		}
	}
	if (rc != SC_OK) {
		free(days.d);
		return rc;
	}
	if (days.n > 1)
		qsort(days.d, days.n, sizeof *days.d, cmp_i32);
	size_t u = 0;
	for (size_t i = 0; i < days.n; i++)
		if (u == 0 || days.d[u - 1] != days.d[i])
			days.d[u++] = days.d[i];
	days.n = u;

	/* Absence by calendar day: spells of sickness, leave, unexcused days. */
	int unexcused = chance(&r, 300) ? 900 : chance(&r, 1200) ? 250 : 50;
	size_t di = 0;
	int32_t busy_until = 0;
	int32_t last = days.n ? days.d[days.n - 1] : 0;
	struct sick_day sick[512];
	int32_t sick_at[512];     /* index of the special for each sick day */
	size_t nsick = 0;
	for (int32_t d = days.n ? days.d[0] : 1; days.n && d <= last && rc == SC_OK; d++) {
		int wd = slot_weekday_of(d);
		if (d < busy_until || wd > 5)
			continue;
		struct date dd = date_from_days(d);
		int type = 0, len = 1, flags = 0;
		if (chance(&r, month_sickness(dd.m))) {
			static const int lens[] = {1, 2, 3, 4, 5, 7, 10};
			static const int w[] = {40, 25, 15, 6, 6, 4, 4};
			int x = (int)below(&r, 100), i = 0;
			while (x >= w[i]) {
				x -= w[i];
				i++;
			}
			len = lens[i];
			if (len <= 3)
				type = chance(&r, 9200) ? A_SICK_SELF : A_SICK_DOCTOR;
			else
				type = chance(&r, 6000) ? A_SICK_DOCTOR : A_SICK_SELF;
			/* a note for a long self-certified spell comes afterwards, for half */
			if (type == A_SICK_SELF && len > 3 && chance(&r, 5000))
				flags |= 2;
		} else if (chance(&r, 25)) {
			type = A_LEAVE;
			flags = (int)below(&r, NREASONS) << 2;
		} else if (chance(&r, unexcused)) {
			type = A_UNEXCUSED;
			len = unexcused >= 900 && chance(&r, 3000) ? 3 + (int)below(&r, 3) : 1;
		}
		if (type == 0)
			continue;
		busy_until = d + len;
		/* the session days of the spell */
		while (di < days.n && days.d[di] < d)
			di++;
		for (size_t k = di; k < days.n && days.d[k] < d + len && rc == SC_OK; k++) {
			rc = grow((void **)&a->specials, &a->capspecials, a->nspecials + 1, sizeof *a->specials);
			if (rc != SC_OK)
				break;
			a->specials[a->nspecials] = (struct aspecial){days.d[k], (uint8_t)type, (uint8_t)flags};
			if (type == A_SICK_SELF && nsick < sizeof sick / sizeof sick[0]) {
				sick[nsick] = (struct sick_day){date_from_days(days.d[k]), (flags & 2) != 0, false};
				sick_at[nsick++] = (int32_t)a->nspecials;
			}
			a->nspecials++;
			me->n++;
		}
	}
	/* The rule, as the register applies it (3 days, 4 periods a year). */
	struct self_cert_rule rule = {3, 4};
	self_cert_apply(&rule, sick, nsick, scheduled_between, &days);
	for (size_t i = 0; i < nsick; i++)
		if (sick[i].beyond)
			a->specials[sick_at[i]].flags |= 1;

	/* Their run of unexcused absence, as Today reads it. */
	struct absence_run run = {0};
	const struct aspecial *sp = a->specials + me->off;
	size_t si = 0;
	for (size_t k = 0; k < days.n; k++) {
		bool unex = false;
		while (si < me->n && sp[si].day < days.d[k])
			si++;
		if (si < me->n && sp[si].day == days.d[k])
			unex = sp[si].type == A_UNEXCUSED || (sp[si].type == A_SICK_SELF && (sp[si].flags & 3) == 1);
		absence_run_add(&run, date_from_days(days.d[k]), unex);
	}
	if (rc == SC_OK && run.last.y != 0) {
		struct demo_val v[] = {DV_INT(p->pid), DV_INT(p->centre), DV_INT(run.days),
				       run.days > 0 ? DV_DATE(date_to_days(run.since)) : DV_NULL,
				       DV_DATE(date_to_days(run.last)), DV_INT(run.last_unexcused ? 1 : 0), DV_INT(p->by)};
		rc = store_demo_row(a->load, DEMO_ABSENCE_STREAKS, v);
	}
	free(days.d);
	a->ms += time_mono_ms() - t0;
	return rc;
}

/* ---- the end: sessions, marks, assessments ---- */

static const struct aspecial *
special_on(const struct demo_act *a, const struct aperson *pp, int32_t day)
{
	const struct aspecial *sp = a->specials + pp->off;
	size_t lo = 0, hi = pp->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (sp[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < pp->n && sp[lo].day == day ? &sp[lo] : NULL;
}

static const char *const absence_keys[] = {"", "sick_self", "sick_doctor", "leave", "unexcused"};

static int
write_marks(struct demo_act *a, const struct agroup *g, int k, int64_t sid, int *marks)
{
	int32_t day = g->day[k];
	int minutes = g->end[k] - g->start[k];
	int rc = SC_OK;
	for (int i = 0; i < g->ne && rc == SC_OK; i++) {
		const struct aenrol *e = &g->e[i];
		const struct aperson *pp = &a->people[e->person];
		if (e->from > day || e->to < day || paused_on(pp, day))
			continue;
		const struct aspecial *s = special_on(a, pp, day);
		struct demo_val v[9] = {DV_INT(sid), DV_INT(e->pid), DV_INT(g->centre), DV_TEXT("present"),
					DV_NULL, DV_NULL, DV_NULL, DV_INT(0), DV_INT(0)};
		if (s != NULL) {
			v[3] = DV_TEXT("absent");
			v[5] = DV_TEXT(absence_keys[s->type]);
			if (s->type == A_LEAVE)
				v[6] = DV_TEXT(leave_reasons[(s->flags >> 2) % NREASONS]);
			v[7] = DV_INT((s->flags & 2) ? 1 : 0);
			v[8] = DV_INT((s->flags & 1) ? 1 : 0);
		} else {
			uint32_t h = (uint32_t)(mix((uint64_t)sid * 0x9e3779b97f4a7c15ULL ^ (uint64_t)e->pid) >> 40);
			uint32_t x = h % 10000;
			if (x < pp->late) {
				bool late = x % 3 != 0;
				int m = late ? 5 + (int)(h / 10000 % 6) * 5 : 15 + (int)(h / 10000 % 4) * 15;
				if (m >= minutes)
					m = minutes / 2;
				v[3] = DV_TEXT(late ? "late" : "left_early");
				v[4] = DV_INT(m);
			}
		}
		rc = store_demo_row(a->load, DEMO_ATTENDANCE, v);
		(*marks)++;
	}
	return rc;
}

int
demo_act_finish(struct demo_act *a, struct demo_act_report *out)
{
	memset(out, 0, sizeof *out);
	if (a == NULL)
		return SC_OK;
	int64_t t0 = time_mono_ms();
	/* The groups opened with the last participants first: the
	 * assessments name them, and a batch writes assessments before
	 * groups. */
	int rc = store_demo_flush(a->load);
	int32_t mark_from = a->lean ? (int32_t)(a->T - DEMO_ACT_SCALE_DAYS) : a->wfrom;
	int64_t pending = 0;
	for (int gi = 0; gi < a->ng && rc == SC_OK; gi++) {
		const struct agroup *g = &a->g[gi];
		/* the last session before today, left unmarked (at most one group) */
		int skip = -1;
		if (g->unmarked_last)
			for (int k = 0; k < g->nsess; k++)
				if (g->day[k] < a->T)
					skip = k;
		for (int k = 0; k < g->nsess && rc == SC_OK; k++) {
			int32_t day = g->day[k];
			int64_t sid = g->sess0 + k;
			int expected = 0;
			for (int i = 0; i < g->ne; i++)
				expected += g->e[i].from <= day && g->e[i].to >= day &&
					    !paused_on(&a->people[g->e[i].person], day);
			int marks = 0;
			bool marked = day < a->T && day >= mark_from && k != skip && expected > 0;
			struct demo_val v[] = {DV_INT(sid), DV_INT(g->centre), DV_INT(g->id), DV_DATE(day),
					       DV_INT(g->start[k]), DV_INT(g->end[k]), DV_TEXT("planned"), DV_INT(0),
					       DV_INT(expected), DV_INT(marked ? expected : 0)};
			rc = store_demo_row(a->load, DEMO_ACT_SESSIONS, v);
			if (rc == SC_OK && marked)
				rc = write_marks(a, g, k, sid, &marks);
			pending += 1 + marks;
			if (marked && g->staff == 0 && g->teacher_no > 0 && expected == 25 &&
			    day >= out->register_date) {
				out->register_session = sid;
				out->register_date = day;
				if (g->teacher_no <= 2)
					snprintf(out->register_teacher, sizeof out->register_teacher, "laerer%d",
						 g->teacher_no);
				else
					snprintf(out->register_teacher, sizeof out->register_teacher, "%s",
						 a->names[g->teacher_no - 3]);
			}
			if (rc == SC_OK && pending >= 131072) {
				rc = store_demo_flush(a->load);
				pending = 0;
			}
		}
	}
	for (size_t i = 0; i < a->nas && rc == SC_OK; i++) {
		const struct aassess *s = &a->as[i];
		int64_t at = (int64_t)s->day * 86400 + 14 * 3600;
		struct demo_val v[] = {DV_INT(a->next[DEMO_ASSESSMENTS]++), DV_INT(s->pid),
				       DV_TEXT(cefr_skill_name((enum cefr_skill)s->skill)),
				       DV_TEXT(cefr_key((enum cefr)s->level)), DV_DATE(s->day),
				       DV_TEXT(LEVEL_SOURCE_ASSESSMENT), DV_TEXT(""), DV_INT(s->teacher), DV_INT(at),
				       DV_INT(s->centre), DV_INT(s->teacher),
				       DV_TEXT(assessment_method_options[s->method].key), DV_INT(s->group)};
		rc = store_demo_row(a->load, DEMO_ASSESSMENTS, v);
	}
	if (rc == SC_OK)
		rc = store_demo_flush(a->load);
	out->ms = a->ms + time_mono_ms() - t0;
	out->past_rows = a->past_rows;
	out->past_ms = a->past_ms;
	demo_act_free(a);
	return rc;
}

void
demo_act_free(struct demo_act *a)
{
	if (a == NULL)
		return;
	for (int i = 0; i < a->ng; i++) {
		free(a->g[i].day);
		free(a->g[i].start);
		free(a->g[i].end);
		free(a->g[i].e);
	}
	size_t cells = (size_t)a->nstaff * (size_t)a->nterms * NLEVELS;
	if (a->norw != NULL)
		for (size_t i = 0; i < cells; i++)
			free(a->norw[i]);
	if (a->more != NULL)
		for (int s = 0; s < a->nstaff; s++)
			free(a->more[s].id);
	free(a->more);
	free(a->names);
	free(a->g);
	free(a->aft);
	free(a->norw);
	free(a->nnorw);
	free(a->capnorw);
	free(a->people);
	free(a->specials);
	free(a->as);
	free(a);
}
