/*
 * store_report_attendance.c — the Attendance report (issue 12): its kept
 * rows counted in one pass, or its kept counts without a filter
 * (decisions 82, 86 and 92); see store_report.h. Its kept tables' check
 * is store_report_attendance_kept.c; the other reports are in
 * store_report.c and store_report_area.c.
 */
#include "db.h"
#include "pause_sql.h"
#include "store.h"
#include "store_report_parts.h"
#include "domain/activity.h"
#include "domain/stats.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/ordmap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Attendance (issue 12): the marks of one participant in one group in one
 * month counted together (the fine grain): whole months from the kept
 * rows (attendance_months, migration 33), the days of a month asked in
 * part from the marks themselves (the view's rule, by day). Each row:
 * group, type, month, participant, marks, attended, unexcused. The types
 * counted (not health-only, built-in or the centre's) are decided in C
 * from the centre's few types (decision 86). */
static const char sql_attendance_kept[] =
	"SELECT group_id, type_id, month, participant_id, marks, attended, unexcused"
	" FROM attendance_months WHERE centre_id = $1 AND month >= $2 AND month <= $3";
/* one person's kept rows, by attendance_months_person (named on SQLite,
 * which would walk the centre's rows by the primary key) */
#define ATTENDANCE_KEPT_PERSON(indexed) \
	"SELECT group_id, type_id, month, participant_id, marks, attended, unexcused FROM attendance_months" indexed \
	" WHERE centre_id = $1 AND participant_id = $4 AND month >= $2 AND month <= $3"
static const char sql_attendance_kept_person_sqlite[] = ATTENDANCE_KEPT_PERSON(" INDEXED BY attendance_months_person");
static const char sql_attendance_kept_person_pg[] = ATTENDANCE_KEPT_PERSON("");
static const char sql_attendance_days[] =
	"SELECT s.group_id, g.activity_type_id, substr(s.on_date, 1, 7), a.participant_id, COUNT(*),"
	"  SUM(CASE WHEN a.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END),"
	"  SUM(CASE WHEN a.mark = 'absent' AND a.absence = 'unexcused' THEN 1 ELSE 0 END)"
	" FROM activity_sessions s JOIN attendance a ON a.session_id = s.id AND a.centre_id = s.centre_id"
	" JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id"
	" WHERE s.centre_id = $1 AND s.status = 'planned' AND s.on_date >= $2 AND s.on_date <= $3"
	" AND NOT " PAUSED_ON("a.participant_id", "s.on_date")
	" GROUP BY s.group_id, g.activity_type_id, substr(s.on_date, 1, 7), a.participant_id";
/* the sessions with marks of each group and month, kept and by day */
static const char sql_attendance_sessions_kept[] =
	"SELECT group_id, month, sessions, type_id FROM attendance_sessions"
	" WHERE centre_id = $1 AND month >= $2 AND month <= $3";
static const char sql_attendance_sessions_days[] =
	"SELECT s.group_id, substr(s.on_date, 1, 7), COUNT(*), g.activity_type_id"
	" FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id"
	" WHERE s.centre_id = $1 AND s.status = 'planned' AND s.on_date >= $2 AND s.on_date <= $3"
	"  AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.centre_id = s.centre_id"
	"  AND NOT " PAUSED_ON("a.participant_id", "s.on_date") ")"
	" GROUP BY s.group_id, g.activity_type_id, substr(s.on_date, 1, 7)";
/* the periods of a centre, with what the filters need */
#define ATTENDANCE_PERIODS \
	"SELECT participant_id, contact_id, birth_date, start_date, exit_date, gender, country, schooling, scheme" \
	" FROM report_facts WHERE centre_id = $1"
static const char sql_attendance_periods[] = ATTENDANCE_PERIODS;
/* a participant's periods have the participant's gender and contact person */
static const char sql_attendance_periods_gender[] = ATTENDANCE_PERIODS " AND gender = $2";
static const char sql_attendance_periods_contact[] = ATTENDANCE_PERIODS " AND contact_id = $2";
/* whether a period passes is said here: $2 the country, $3/$4 the cohort,
 * $5/$6 the exit year, $7 the scheme's key, $8 the gender, $9 the contact
 * person ('' or 0: none), $11 to $14 the ranges of the age at the start
 * and of the years of schooling of the bands (report_band_range(): the
 * domain's bands as ranges of the kept years, decision 102; a period
 * without schooling is in no schooling band) */
#define ATTENDANCE_PASSES \
	"CASE WHEN ($2 = '' OR country = $2) AND ($3 = 0 OR start_year = $4)" \
	" AND ($5 = 0 OR exit_year = $6) AND ($7 = '' OR scheme = $7) AND age >= $11 AND age <= $12" \
	" AND (($13 = -1 AND $14 = -1) OR (schooling >= $13 AND schooling <= $14)) THEN 1 ELSE 0 END"
#define ATTENDANCE_PERIODS_PASSED(contact) \
	"SELECT participant_id, start_date, " ATTENDANCE_PASSES \
	" FROM report_facts WHERE centre_id = $1 AND ($8 = '' OR gender = $8) AND " contact " AND $10 = $10"
static const char sql_attendance_periods_passed[] = ATTENDANCE_PERIODS_PASSED("($9 = 0 OR contact_id = $9)");
/* one contact person's, by report_facts_contact (which the "or" above
 * keeps SQLite from using: it read the centre's periods) */
static const char sql_attendance_periods_passed_contact[] = ATTENDANCE_PERIODS_PASSED("contact_id = $9");
/* one person's (decision 96: a person of two periods or more, read
 * apart), by report_facts_participant ("+ 0": not the centre's index) */
static const char sql_attendance_periods_person[] =
	"SELECT participant_id, start_date, " ATTENDANCE_PASSES
	" FROM report_facts WHERE participant_id = $10 AND centre_id + 0 = $1 AND ($8 = '' OR gender = $8)"
	" AND ($9 = 0 OR contact_id = $9)";
static const char sql_attendance_group[] = "SELECT name FROM activity_groups WHERE id = $1 AND centre_id = $2";
static const char sql_attendance_types[] =
	"SELECT id, key, name, health_only FROM activity_types WHERE centre_id IS NULL OR centre_id = $1";

/* One row of a table: its key and what it counts. */
struct att_bucket {
	int64_t key;
	int64_t sessions, marks, attended, unexcused, people;
	const char *label;
	bool label_msgid;
};

static int
att_bucket_cmp(const void *x, const void *y)
{
	const struct att_bucket *a = x, *b = y;
	return a->key < b->key ? -1 : a->key > b->key;
}

/* "YYYY-MM" as months since year 0, -1 when unreadable. */
static int64_t
att_month(const char *t)
{
	if (t == NULL)
		return -1;
	int y = 0, m = 0;
	for (int i = 0; i < 4; i++) {
		if (t[i] < '0' || t[i] > '9')
			return -1;
		y = y * 10 + (t[i] - '0');
	}
	if (t[4] != '-' || t[5] < '0' || t[5] > '9' || t[6] < '0' || t[6] > '9')
		return -1;
	m = (t[5] - '0') * 10 + (t[6] - '0');
	if (m < 1 || m > 12)
		return -1;
	return (int64_t)y * 12 + m - 1;
}

#define ATT_NONE ORDMAP_NONE

/* The people met, as ordinals: by the id's place in lo .. lo + span - 1
 * (direct: ordinal + 1, 0 for none; the ids of the participants table when
 * the request began, a few million at most), else in a map (ord: the
 * map's ordinals as the people's). */
struct att_ids {
	int64_t lo;
	size_t span;
	uint32_t *direct;
	struct ordmap map;
	uint32_t *ord;
	size_t ord_cap, n;
};

#define ATT_DIRECT_MAX ((size_t)1 << 24)

/* two subqueries: SQLite reads the end of the key for a lone MIN() or
 * MAX(), but walks the whole table for both in one SELECT (a million rows,
 * 90 ms: decision 101) */
static const char sql_attendance_ids[] =
	"SELECT (SELECT MIN(id) FROM participants), (SELECT MAX(id) FROM participants)";

static int
att_ids_init(struct db *db, struct att_ids *ids)
{
	struct db_stmt *st = db_prepare(db, sql_attendance_ids);
	if (st == NULL)
		return SC_EDB;
	int rc = db_step(st);
	if (rc == DB_ROW && !db_col_null(st, 0) && !db_col_null(st, 1)) {
		int64_t lo = db_col_int(st, 0), hi = db_col_int(st, 1);
		if (lo >= 0 && hi >= lo && (uint64_t)(hi - lo) < ATT_DIRECT_MAX) {
			ids->lo = lo;
			ids->span = (size_t)(hi - lo) + 1;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (ids->span > 0 && (ids->direct = calloc(ids->span, sizeof *ids->direct)) == NULL)
		return SC_ENOMEM;
	return SC_OK;
}

/* The ordinal of id; a new one when add (ATT_NONE: absent, or out of memory). */
static uint32_t
att_ids_get(struct att_ids *ids, int64_t id, bool add)
{
	if (ids->direct != NULL && id >= ids->lo && (uint64_t)(id - ids->lo) < ids->span) {
		uint32_t *d = &ids->direct[id - ids->lo];
		if (*d != 0)
			return *d - 1;
		if (!add || ids->n >= ATT_NONE - 1)
			return ATT_NONE;
		*d = (uint32_t)++ids->n;
		return *d - 1;
	}
	if (add && (ids->n >= ATT_NONE - 1 || ids->map.n >= ATT_NONE - 1))
		return ATT_NONE;
	if (add && ids->map.n >= ids->ord_cap) {
		size_t ncap = ids->ord_cap ? ids->ord_cap * 2 : 1024;
		uint32_t *grown = realloc(ids->ord, sizeof *grown * ncap);
		if (grown == NULL)
			return ATT_NONE;
		ids->ord = grown;
		ids->ord_cap = ncap;
	}
	size_t before = ids->map.n;
	uint32_t i = ordmap_get(&ids->map, id, add);
	if (i == ATT_NONE)
		return ATT_NONE;
	if (ids->map.n > before)
		ids->ord[i] = (uint32_t)ids->n++;
	return ids->ord[i];
}

static void
att_ids_free(struct att_ids *ids)
{
	free(ids->direct);
	ordmap_free(&ids->map);
	free(ids->ord);
}

/* A period as the filters read it (report_facts), by participant and start. */
struct att_period {
	int64_t participant, contact, schooling;
	int scheme;
	signed char passes;   /* -1 not yet decided */
	struct date birth, start, exit;
	const char *gender, *country;
};

/* True when f narrows by the participant or their period. */
static bool
att_filters_people(const struct report_filter *f)
{
	return (f->gender != NULL && f->gender[0]) || (f->country != NULL && f->country[0]) || f->age_band >= 0 ||
	       f->schooling >= 0 || f->contact_id != 0 || f->cohort != FIELD_NONE || f->exit_year != FIELD_NONE ||
	       f->scheme >= 0;
}

/* The centre's periods that may pass f (malloc'd, in no order), keys in
 * the arena: with an age or schooling band every column the rule reads,
 * else the start and whether the period passes, decided in SQL. */
static int
att_read_periods(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f, int64_t person,
		 struct att_period **out, size_t *n, size_t *capp)
{
	size_t cap = *capp;
	bool contact = f->contact_id != 0, gender = f->gender != NULL && f->gender[0];
	bool passed = f->scheme < 0 || benefit_scheme_key(f->scheme) != NULL;
	if (person != 0 && !passed)
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, person != 0 ? sql_attendance_periods_person
					    : passed && contact ? sql_attendance_periods_passed_contact
					    : passed    ? sql_attendance_periods_passed
					    : contact ? sql_attendance_periods_contact
					    : gender  ? sql_attendance_periods_gender
						      : sql_attendance_periods);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	if (passed) {
		db_bind_int(st, 10, person);
		int64_t lo, hi;
		report_band_range(f->age_band, report_age_band_years, &lo, &hi);
		db_bind_int(st, 11, lo);
		db_bind_int(st, 12, hi);
		report_band_range(f->schooling, report_schooling_band_of, &lo, &hi);
		db_bind_int(st, 13, f->schooling >= 0 ? lo : -1);
		db_bind_int(st, 14, f->schooling >= 0 ? hi : -1);
		const char *scheme = f->scheme >= 0 ? benefit_scheme_key(f->scheme) : NULL;
		db_bind_text(st, 2, f->country != NULL ? f->country : "");
		db_bind_int(st, 3, f->cohort != FIELD_NONE);
		db_bind_int(st, 4, f->cohort != FIELD_NONE ? f->cohort : 0);
		db_bind_int(st, 5, f->exit_year != FIELD_NONE);
		db_bind_int(st, 6, f->exit_year != FIELD_NONE ? f->exit_year : 0);
		db_bind_text(st, 7, scheme != NULL ? scheme : "");
		db_bind_text(st, 8, gender ? f->gender : "");
		db_bind_int(st, 9, f->contact_id);
	} else if (contact)
		db_bind_int(st, 2, f->contact_id);
	else if (gender)
		db_bind_text(st, 2, f->gender);
	struct keys ks = {0};
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 1024;
			struct att_period *grown = realloc(*out, sizeof *grown * ncap);
			if (grown == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			*out = grown;
			cap = ncap;
			*capp = cap;
		}
		struct att_period *p = &(*out)[(*n)++];
		memset(p, 0, sizeof *p);
		p->participant = db_col_int(st, 0);
		if (passed) {
			p->start = report_col_date(st, 1);
			p->passes = db_col_int(st, 2) != 0;
			continue;
		}
		p->contact = db_col_int(st, 1);
		p->birth = report_col_date(st, 2);
		p->start = report_col_date(st, 3);
		p->exit = report_col_date(st, 4);
		p->gender = report_col_key(st, a, 5, &ks);
		p->country = report_col_key(st, a, 6, &ks);
		p->schooling = db_col_null(st, 7) ? FIELD_NONE : db_col_int(st, 7);
		if (benefit_scheme_parse(db_col_text(st, 8), &p->scheme) != SC_OK)
			p->scheme = -1;
		p->passes = -1;
		if (p->gender == NULL || p->country == NULL) {
			rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* True when the period passes f (decided once per period). */
static bool
att_period_passes(const struct report_filter *f, int64_t centre, struct att_period *in)
{
	if (in->passes < 0) {
		struct report_period p;
		memset(&p, 0, sizeof p);
		p.centre_id = centre;
		p.participant_id = in->participant;
		p.contact_id = in->contact;
		p.birth = in->birth;
		p.start = in->start;
		p.exit = in->exit;
		p.gender = in->gender;
		p.country = in->country;
		p.schooling = in->schooling;
		p.scheme = in->scheme;
		in->passes = report_period_matches(f, &p) && (f->exit_year == FIELD_NONE || p.exit.y == f->exit_year);
	}
	return in->passes;
}

/* One mark row counted: its group, type, month and participant, as the
 * ordinals of their tables' rows (the participants' of the people met). */
struct att_mark {
	uint32_t g, t, m, p;
};

/* What a request counts: the buckets of the three tables (groups, types,
 * months) with their maps from ids and months to the buckets, the people
 * met, each group's months (pairs, with the group's type in that month),
 * the rows counted, and (with a filter naming people) the centre's periods
 * with each participant's (pfirst, slot and one, by the people's ordinal). */
struct att_count {
	struct ordmap map[3], pairs;
	struct att_ids people;
	struct att_bucket *b[3];
	size_t cap[3];
	uint32_t *pair_type;
	size_t pair_cap;
	struct att_mark *mark;
	size_t nmark, mark_cap;
	const struct report_filter *f;
	int64_t centre;
	bool filtering;
	struct att_period *per;
	size_t nper;
	uint32_t *pfirst, *slot, *one;
};

/* The bucket of key in table t, made when add; NULL when absent or out of memory. */
static struct att_bucket *
att_bucket(struct att_count *c, int t, int64_t key, bool add, uint32_t *ord)
{
	size_t before = c->map[t].n;
	uint32_t i = ordmap_get(&c->map[t], key, add);
	if (i == ATT_NONE)
		return NULL;
	if (i >= c->cap[t]) {
		size_t ncap = c->cap[t] ? c->cap[t] * 2 : 256;
		struct att_bucket *grown = realloc(c->b[t], sizeof *grown * ncap);
		if (grown == NULL)
			return NULL;
		c->b[t] = grown;
		c->cap[t] = ncap;
	}
	if (c->map[t].n > before)
		c->b[t][i] = (struct att_bucket){.key = key};
	if (ord != NULL)
		*ord = i;
	return &c->b[t][i];
}

/* sql prepared with the centre ($1) and the first and last month or day
 * asked ($2, $3) bound; NULL when it fails. */
static struct db_stmt *
att_prepare(struct db *db, const char *sql, const char *from, const char *to, const struct att_count *c)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st != NULL) {
		db_bind_int(st, 1, c->centre);
		db_bind_text(st, 2, from);
		db_bind_text(st, 3, to);
	}
	return st;
}

/* A row's sessions, marks, attended and unexcused added to bucket b. */
static void
att_add(struct att_bucket *b, int64_t sessions, int64_t marks, int64_t attended, int64_t unexcused)
{
	b->sessions += sessions;
	b->marks += marks;
	b->attended += attended;
	b->unexcused += unexcused;
}

/* The centre's types counted (not health-only) as the types' buckets, with
 * their labels (a built-in's a msgid). */
static int
att_read_types(struct db *db, struct arena *a, struct att_count *c)
{
	struct db_stmt *st = db_prepare(db, sql_attendance_types);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, c->centre);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (db_col_int(st, 3) != 0)
			continue;
		struct att_bucket *b = att_bucket(c, 1, db_col_int(st, 0), true, NULL);
		if (b == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		*b = (struct att_bucket){.key = db_col_int(st, 0)};
		const char *label = activity_type_label(db_col_null(st, 1) ? NULL : db_col_text(st, 1),
							db_col_null(st, 2) ? NULL : db_col_text(st, 2), &b->label_msgid);
		b->label = b->label_msgid ? label : arena_strdup(a, label != NULL ? label : "");
		if (b->label == NULL) {
			rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* A person of one period, as one word (most are: a row reads one word of
 * its person, not three arrays): ATT_ONE, the start's month (months since
 * year 0) and, once decided, whether the period passes. */
#define ATT_ONE ((uint32_t)1 << 31)
#define ATT_KNOWN ((uint32_t)1 << 30)
#define ATT_PASS ((uint32_t)1 << 29)
#define ATT_MONTH (ATT_PASS - 1)

static int64_t
att_start_month(const struct att_period *p)
{
	return (int64_t)p->start.y * 12 + p->start.m - 1;
}

/* The people who may pass the filter: one per participant of the periods
 * read, whose periods are put together in order of their start (a
 * counting sort of their places by the person, then each person's few by
 * start): slot[pfirst[ordinal]] .. slot[pfirst[ordinal + 1] - 1], and the
 * word of a person of one period (one[ordinal], 0 for the others). */
static int
att_people_of_periods(struct att_count *c)
{
	uint32_t *who = malloc(sizeof *who * (c->nper > 0 ? c->nper : 1));
	int rc = who != NULL ? SC_OK : SC_ENOMEM;
	for (size_t i = 0; rc == SC_OK && i < c->nper; i++)
		if ((who[i] = att_ids_get(&c->people, c->per[i].participant, true)) == ATT_NONE)
			rc = SC_ENOMEM;
	size_t np = c->people.n;
	if (rc == SC_OK) {
		c->pfirst = calloc(np + 1, sizeof *c->pfirst);
		c->slot = malloc(sizeof *c->slot * (c->nper > 0 ? c->nper : 1));
		c->one = calloc(np > 0 ? np : 1, sizeof *c->one);
		if (c->pfirst == NULL || c->slot == NULL || c->one == NULL)
			rc = SC_ENOMEM;
	}
	if (rc == SC_OK) {
		for (size_t i = 0; i < c->nper; i++)
			c->pfirst[who[i] + 1]++;
		for (size_t o = 0; o < np; o++)
			c->pfirst[o + 1] += c->pfirst[o];
		for (size_t i = 0; i < c->nper; i++)   /* pfirst[o] moves to the end of o's */
			c->slot[c->pfirst[who[i]]++] = (uint32_t)i;
		for (size_t o = np; o > 0; o--)   /* and back */
			c->pfirst[o] = c->pfirst[o - 1];
		c->pfirst[0] = 0;
		for (size_t o = 0; o < np; o++) {
			uint32_t lo = c->pfirst[o], hi = c->pfirst[o + 1];
			const struct att_period *only = &c->per[c->slot[lo]];
			int64_t month = att_start_month(only);
			if (hi - lo == 1 && month >= 0 && month < (int64_t)ATT_MONTH) {
				c->one[o] = ATT_ONE | (uint32_t)month;
				if (only->passes >= 0)
					c->one[o] |= ATT_KNOWN | (only->passes ? ATT_PASS : 0);
				continue;
			}
			for (uint32_t i = lo + 1; i < hi; i++)
				for (uint32_t k = i;
				     k > lo && date_cmp(c->per[c->slot[k - 1]].start, c->per[c->slot[k]].start) > 0; k--) {
					uint32_t x = c->slot[k];
					c->slot[k] = c->slot[k - 1];
					c->slot[k - 1] = x;
				}
		}
	}
	free(who);
	return rc;
}

/* The ordinal of the participant counted in month (months since year 0):
 * without a filter naming people, everyone; with one, the participant whose
 * period of the month (the latest started by the month's end) passes it;
 * ATT_NONE for none (out of memory: *rc). */
static uint32_t
att_person(struct att_count *c, int64_t participant, int64_t month, int *rc)
{
	if (!c->filtering) {
		uint32_t o = att_ids_get(&c->people, participant, true);
		if (o == ATT_NONE)
			*rc = SC_ENOMEM;
		return o;
	}
	uint32_t o = att_ids_get(&c->people, participant, false);
	if (o == ATT_NONE)
		return ATT_NONE;
	uint32_t one = c->one[o];
	if (one & ATT_ONE) {
		if ((int64_t)(one & ATT_MONTH) > month)
			return ATT_NONE;
		if (!(one & ATT_KNOWN)) {
			bool passes = att_period_passes(c->f, c->centre, &c->per[c->slot[c->pfirst[o]]]);
			one |= ATT_KNOWN | (passes ? ATT_PASS : 0);
			c->one[o] = one;
		}
		return one & ATT_PASS ? o : ATT_NONE;
	}
	struct att_period *in = NULL;
	for (uint32_t i = c->pfirst[o]; i < c->pfirst[o + 1]; i++)
		if (att_start_month(&c->per[c->slot[i]]) <= month)
			in = &c->per[c->slot[i]];
	return in != NULL && att_period_passes(c->f, c->centre, in) ? o : ATT_NONE;
}

/* The pair of group go and month mo (a group's month with rows counted,
 * its type to_), made when new; ATT_NONE when out of memory. */
static uint32_t
att_pair(struct att_count *c, uint32_t go, uint32_t mo, uint32_t to_)
{
	if (c->pairs.n >= c->pair_cap) {
		size_t ncap = c->pair_cap ? c->pair_cap * 2 : 1024;
		uint32_t *grown = realloc(c->pair_type, sizeof *grown * ncap);
		if (grown == NULL)
			return ATT_NONE;
		c->pair_type = grown;
		c->pair_cap = ncap;
	}
	size_t npairs = c->pairs.n;
	uint32_t pair = ordmap_get(&c->pairs, (int64_t)go << 32 | mo, true);
	if (pair != ATT_NONE && c->pairs.n > npairs)
		c->pair_type[pair] = to_;
	return pair;
}

/* Counts the marks read (sql: kept or by day) that pass the filter. */
static int
att_read_marks(struct db *db, const char *sql, const char *from, const char *to, int64_t person, struct att_count *c)
{
	struct db_stmt *st = att_prepare(db, sql, from, to, c);
	if (st == NULL)
		return SC_EDB;
	if (person != 0)
		db_bind_int(st, 4, person);
	int rc;
	/* the last row's month, type, group and pair: rows come in runs of
	 * them (the kept rows in the order of their key) */
	char last_text[8] = "";
	int64_t month = -1, type = 0, group = 0;
	uint32_t mo = ATT_NONE, to_ = ATT_NONE, go = ATT_NONE, pair = ATT_NONE, pair_go = ATT_NONE, pair_mo = ATT_NONE;
	bool type_read = false;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t ty = db_col_int(st, 1);
		if (!type_read || ty != type) {
			type = ty;
			type_read = true;
			if (att_bucket(c, 1, ty, false, &to_) == NULL)
				to_ = ATT_NONE;
		}
		if (to_ == ATT_NONE)   /* health-only, or another centre's type */
			continue;
		const char *text = db_col_text(st, 2);
		if (text == NULL || last_text[0] == '\0' || strncmp(text, last_text, 7) != 0) {
			month = att_month(text);
			snprintf(last_text, sizeof last_text, "%s", text != NULL ? text : "");
			mo = ATT_NONE;
		}
		int err = SC_OK;
		uint32_t po = att_person(c, db_col_int(st, 3), month, &err);
		if (err != SC_OK) {
			rc = err;
			break;
		}
		if (po == ATT_NONE)
			continue;
		if (mo == ATT_NONE && att_bucket(c, 2, month, true, &mo) == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		int64_t gid = db_col_int(st, 0);
		if (go == ATT_NONE || gid != group) {
			if (att_bucket(c, 0, gid, true, &go) == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			group = gid;
		}
		int64_t marks = db_col_int(st, 4), attended = db_col_int(st, 5), unexcused = db_col_int(st, 6);
		struct att_bucket *hit[3] = {&c->b[0][go], &c->b[1][to_], &c->b[2][mo]};
		for (int t = 0; t < 3; t++)
			att_add(hit[t], 0, marks, attended, unexcused);
		if (pair == ATT_NONE || go != pair_go || mo != pair_mo) {
			if ((pair = att_pair(c, go, mo, to_)) == ATT_NONE) {
				rc = SC_ENOMEM;
				break;
			}
			pair_go = go;
			pair_mo = mo;
		}
		if (c->nmark == c->mark_cap) {
			size_t ncap = c->mark_cap ? c->mark_cap * 2 : 4096;
			struct att_mark *grown = realloc(c->mark, sizeof *grown * ncap);
			if (grown == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			c->mark = grown;
			c->mark_cap = ncap;
		}
		c->mark[c->nmark++] = (struct att_mark){go, to_, mo, po};
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* The month a kept row's statement is on (rows come month by month): its
 * text and its bucket. */
struct att_row_month {
	char text[8];
	uint32_t ord;
};

/* The buckets of a kept row of counts (group in column 0, type in 1, its
 * month's text in 2): the group's (*go), the type's (*to) and the month's
 * (m, made again only when the month changes). 1, or 0 for a type not
 * counted (health-only, another centre's), or SC_ENOMEM. */
static int
att_row_buckets(struct att_count *c, struct db_stmt *st, struct att_row_month *m, uint32_t *go, uint32_t *to)
{
	if (att_bucket(c, 1, db_col_int(st, 1), false, to) == NULL)
		return 0;
	const char *text = db_col_text(st, 2);
	if (text == NULL || m->text[0] == '\0' || strncmp(text, m->text, 7) != 0) {
		snprintf(m->text, sizeof m->text, "%s", text != NULL ? text : "");
		if (att_bucket(c, 2, att_month(text), true, &m->ord) == NULL)
			return SC_ENOMEM;
	}
	if (att_bucket(c, 0, db_col_int(st, 0), true, go) == NULL)
		return SC_ENOMEM;
	return 1;
}

/* Without a filter and from the first month on (decision 92), each group's
 * month with its sums and the people first counted in the group that
 * month (attendance_group_months), each type's people by the month they
 * were first counted in it (attendance_type_months) and each month's
 * people (attendance_month_counts), kept by migration 42: the people of a
 * group or type up to the last month asked are the sum of its firsts. The
 * group's month's sessions with marks (attendance_sessions, the same key)
 * come with it. */
static const char sql_attendance_group_months[] =
	"SELECT g.group_id, g.type_id, g.month, g.marks, g.attended, g.unexcused, g.firsts, COALESCE(s.sessions, 0)"
	" FROM attendance_group_months g LEFT JOIN attendance_sessions s"
	"  ON s.centre_id = g.centre_id AND s.month = g.month AND s.group_id = g.group_id"
	" WHERE g.centre_id = $1 AND g.month >= $2 AND g.month <= $3";
static const char sql_attendance_type_months[] =
	"SELECT type_id, SUM(firsts) FROM attendance_type_months WHERE centre_id = $1 AND month >= $2 AND month <= $3"
	" GROUP BY type_id";
static const char sql_attendance_month_counts[] =
	"SELECT month, people FROM attendance_month_counts WHERE centre_id = $1 AND month >= $2 AND month <= $3";

/* The same counts summed by PostgreSQL (decision 105): each group's sums
 * (with its type) and each month's (by type), one grouping set each, from
 * one reading of the kept group months, rather than every group's every
 * month sent to be summed here (111,806 rows at a million). Column 0 is 0
 * for a group's row, 1 for a month's; the type decides as for a row
 * (att_row_buckets()): a type not counted counts nowhere. */
static const char sql_attendance_group_sums_pg[] =
	"SELECT GROUPING(g.group_id), g.group_id, g.type_id, g.month, CAST(SUM(g.marks) AS BIGINT),"
	" CAST(SUM(g.attended) AS BIGINT), CAST(SUM(g.unexcused) AS BIGINT), CAST(SUM(g.firsts) AS BIGINT),"
	" CAST(SUM(COALESCE(s.sessions, 0)) AS BIGINT)"
	" FROM attendance_group_months g LEFT JOIN attendance_sessions s"
	"  ON s.centre_id = g.centre_id AND s.month = g.month AND s.group_id = g.group_id"
	" WHERE g.centre_id = $1 AND g.month >= $2 AND g.month <= $3"
	" GROUP BY GROUPING SETS ((g.group_id, g.type_id), (g.month, g.type_id))";

static int
att_read_sums_pg(struct db *db, const char *from, const char *to, struct att_count *c)
{
	struct db_stmt *st = att_prepare(db, sql_attendance_group_sums_pg, from, to, c);
	if (st == NULL)
		return SC_EDB;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		uint32_t to_, o;
		if (att_bucket(c, 1, db_col_int(st, 2), false, &to_) == NULL)
			continue;   /* health-only, or another centre's type */
		bool month = db_col_int(st, 0) != 0;
		struct att_bucket *b = month ? att_bucket(c, 2, att_month(db_col_text(st, 3)), true, &o)
					     : att_bucket(c, 0, db_col_int(st, 1), true, &o);
		if (b == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		int64_t sums[4] = {db_col_int(st, 8), db_col_int(st, 4), db_col_int(st, 5), db_col_int(st, 6)};
		/* a group's row counts for its type too; a month's for the month */
		struct att_bucket *hit[2] = {&c->b[month ? 2 : 0][o], month ? NULL : &c->b[1][to_]};
		for (int t = 0; t < 2; t++)
			if (hit[t] != NULL)
				att_add(hit[t], sums[0], sums[1], sums[2], sums[3]);
		if (!month)
			c->b[0][o].people += db_col_int(st, 7);
	}
	db_done(st);
	return rc;
}

/* Each row of the kept group months (sql_attendance_group_months) added
 * to its group's, type's and month's buckets. */
static int
att_read_rows(struct db *db, const char *from, const char *to, struct att_count *c)
{
	struct db_stmt *st = att_prepare(db, sql_attendance_group_months, from, to, c);
	if (st == NULL)
		return SC_EDB;
	int rc;
	struct att_row_month m = {.text = "", .ord = ATT_NONE};
	while ((rc = db_step(st)) == DB_ROW) {
		uint32_t to_, go;
		int got = att_row_buckets(c, st, &m, &go, &to_);
		if (got == 0)
			continue;   /* health-only, or another centre's type */
		if (got < 0) {
			rc = got;
			break;
		}
		uint32_t mo = m.ord;
		int64_t marks = db_col_int(st, 3), attended = db_col_int(st, 4), unexcused = db_col_int(st, 5);
		int64_t sessions = db_col_int(st, 7);
		struct att_bucket *hit[3] = {&c->b[0][go], &c->b[1][to_], &c->b[2][mo]};
		for (int t = 0; t < 3; t++)
			att_add(hit[t], sessions, marks, attended, unexcused);
		c->b[0][go].people += db_col_int(st, 6);
	}
	db_done(st);
	return rc;
}

/* Of the months up to last month (no period asked: decision 113), each
 * group's figures over all its months (attendance_group_sums, by its
 * type) less those of the months after (the groups running this month:
 * attendance_group_months and attendance_sessions of those months), each
 * month's by type (attendance_month_sums), migration 55. $1 the centre,
 * $2 and $3 the first and last month. */
static const char sql_attendance_group_sums[] =
	"SELECT group_id, type_id, sessions, marks, attended, unexcused, firsts FROM attendance_group_sums"
	" WHERE centre_id = $1 AND $2 = $2 AND $3 = $3";
static const char sql_attendance_later[] =
	"SELECT group_id, type_id, 0, marks, attended, unexcused, firsts FROM attendance_group_months"
	" WHERE centre_id = $1 AND month > $3 AND $2 = $2"
	" UNION ALL SELECT group_id, type_id, sessions, 0, 0, 0, 0 FROM attendance_sessions"
	" WHERE centre_id = $1 AND month > $3";
static const char sql_attendance_month_sums[] =
	"SELECT month, type_id, sessions, marks, attended, unexcused, 0 FROM attendance_month_sums"
	" WHERE centre_id = $1 AND month >= $2 AND month <= $3";

/* Rows of a group or month: key, type, sessions, marks, attended,
 * unexcused, firsts. */
typedef int64_t att_sums[7];

/* The rows of st (bound: $1 the centre, $2 and $3 the months), malloc'd. */
static int
att_read_sum_rows(struct db *db, const char *sql, const char *from, const char *to, struct att_count *c,
		  att_sums **rows, size_t *n, bool month)
{
	*rows = NULL;
	*n = 0;
	size_t cap = 0;
	struct db_stmt *st = att_prepare(db, sql, from, to, c);
	if (st == NULL)
		return SC_EDB;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			att_sums *more = realloc(*rows, sizeof *more * ncap);
			if (more == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			*rows = more;
			cap = ncap;
		}
		att_sums *r = &(*rows)[(*n)++];
		(*r)[0] = month ? att_month(db_col_text(st, 0)) : db_col_int(st, 0);
		for (int k = 1; k < 7; k++)
			(*r)[k] = db_col_int(st, k);
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* Rows of a group by group, then type. */
static int
att_sums_cmp(const void *x, const void *y)
{
	const int64_t *a = x, *b = y;
	for (int k = 0; k < 2; k++)
		if (a[k] != b[k])
			return a[k] < b[k] ? -1 : 1;
	return 0;
}

/* The groups' and months' figures of the months up to the last (decision
 * 113) added to their buckets: each group's sums (by group and type) less
 * its rows of the later months, both sorted by group and type. */
static int
att_read_sums(struct db *db, const char *from, const char *to, struct att_count *c)
{
	att_sums *g = NULL, *l = NULL, *m = NULL;
	size_t ng = 0, nl = 0, nm = 0;
	int rc = att_read_sum_rows(db, sql_attendance_group_sums, from, to, c, &g, &ng, false);
	if (rc == SC_OK)
		rc = att_read_sum_rows(db, sql_attendance_later, from, to, c, &l, &nl, false);
	if (rc == SC_OK)
		rc = att_read_sum_rows(db, sql_attendance_month_sums, from, to, c, &m, &nm, true);
	if (rc == SC_OK && ng > 1)
		qsort(g, ng, sizeof *g, att_sums_cmp);
	if (rc == SC_OK && nl > 1)
		qsort(l, nl, sizeof *l, att_sums_cmp);
	for (size_t i = 0, j = 0; rc == SC_OK && i < ng; i++) {
		while (j < nl && att_sums_cmp(l[j], g[i]) < 0)
			j++;
		for (; j < nl && att_sums_cmp(l[j], g[i]) == 0; j++)
			for (int k = 2; k < 7; k++)
				g[i][k] -= l[j][k];
	}
	/* a group with nothing left in the months asked has no row; a month's
	 * sums count for it, a group's for it and its type */
	for (int q = 0; rc == SC_OK && q < 2; q++) {
		att_sums *rows = q == 0 ? g : m;
		size_t n = q == 0 ? ng : nm;
		for (size_t i = 0; i < n; i++) {
			const int64_t *r = rows[i];
			uint32_t to_, o;
			if (q == 0 && r[3] <= 0 && r[6] <= 0)
				continue;
			if (att_bucket(c, 1, r[1], false, &to_) == NULL)
				continue;   /* health-only, or another centre's type */
			if (att_bucket(c, q == 0 ? 0 : 2, r[0], true, &o) == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			struct att_bucket *hit[2] = {&c->b[q == 0 ? 0 : 2][o], q == 0 ? &c->b[1][to_] : NULL};
			for (int t = 0; t < 2; t++)
				if (hit[t] != NULL)
					att_add(hit[t], r[2], r[3], r[4], r[5]);
			if (q == 0)
				c->b[0][o].people += r[6];
		}
	}
	free(g);
	free(l);
	free(m);
	return rc;
}

static int
att_read_counts(struct db *db, const char *from, const char *to, bool latest, struct att_count *c)
{
	/* up to last month the kept sums; else the months asked summed */
	int rc = latest ? att_read_sums(db, from, to, c)
	       : db_kind(db) == DB_POSTGRES ? att_read_sums_pg(db, from, to, c) : att_read_rows(db, from, to, c);
	for (int q = 0; rc >= 0 && q < 2; q++) {
		struct db_stmt *st =
			att_prepare(db, q == 0 ? sql_attendance_type_months : sql_attendance_month_counts, from, to, c);
		if (st == NULL)
			return SC_EDB;
		while ((rc = db_step(st)) == DB_ROW) {
			struct att_bucket *b = q == 0 ? att_bucket(c, 1, db_col_int(st, 0), false, NULL)
						      : att_bucket(c, 2, att_month(db_col_text(st, 0)), false, NULL);
			if (b != NULL)
				b->people = db_col_int(st, 1);
		}
		db_done(st);
	}
	return rc < 0 ? rc : SC_OK;
}

/* With filters that name people by their period's class only (gender,
 * cohort, exit year) and from the first month on (decision 96): the same
 * counts as att_read_counts() kept by class for the people of one period
 * (migration 46): each group's month's sums and firsts, each type's
 * firsts and each month's people, of the classes that pass. $1 the
 * centre, $2 the gender ('' none), $3 the cohort (0 none), $4/$5 the exit
 * year, $6/$7 the months; one statement per shape so that each reads a
 * range of its key. */
#define ATT_CLASS_GC "gender = $2 AND start_year = $3 AND ($4 = 0 OR exit_year = $5)"
#define ATT_CLASS_G "gender = $2 AND ($3 = 0 OR start_year = $3) AND ($4 = 0 OR exit_year = $5)"
#define ATT_CLASS_ANY "($2 = '' OR gender = $2) AND ($3 = 0 OR start_year = $3) AND ($4 = 0 OR exit_year = $5)"
#define ATT_KEPT_GROUPS(t, w) \
	"SELECT group_id, type_id, month, marks, attended, unexcused, firsts FROM " t \
	" WHERE centre_id = $1 AND " w " AND month >= $6 AND month <= $7"
#define ATT_KEPT_TYPES(t, w) \
	"SELECT type_id, SUM(firsts) FROM " t " WHERE centre_id = $1 AND " w \
	" AND month >= $6 AND month <= $7 GROUP BY type_id"
#define ATT_KEPT_MONTHS(t, w) \
	"SELECT month, SUM(people) FROM " t " WHERE centre_id = $1 AND " w \
	" AND month >= $6 AND month <= $7 GROUP BY month"
#define ATT_CLASS(w) \
	{ATT_KEPT_GROUPS("attendance_class_groups", w), ATT_KEPT_TYPES("attendance_class_types", w), \
	 ATT_KEPT_MONTHS("attendance_class_months", w)}
/* With one filter of a country, an age band or a schooling band, a
 * gender or none and a cohort or none (decisions 117 and 120): the same
 * counts kept by that dimension and the gender (migrations 58 and 62).
 * $2 the dimension, $3 its value (att_filters_dim()), $4 the gender (''
 * none), $5 unused. */
#define ATT_DIM_G "dim = $2 AND value = $3 AND gender = $4 AND $5 = 0"
#define ATT_DIM_ANY "dim = $2 AND value = $3 AND $4 = '' AND $5 = 0"
#define ATT_DIM(w) \
	{ATT_KEPT_GROUPS("attendance_dim_groups", w), ATT_KEPT_TYPES("attendance_dim_types", w), \
	 ATT_KEPT_MONTHS("attendance_dim_months", w)}
enum { ATT_SHAPE_GC, ATT_SHAPE_G, ATT_SHAPE_ANY, ATT_SHAPE_DIM_G, ATT_SHAPE_DIM_ANY };
static const char *const sql_attendance_kept_counts[5][3] = {
	ATT_CLASS(ATT_CLASS_GC), ATT_CLASS(ATT_CLASS_G), ATT_CLASS(ATT_CLASS_ANY),
	ATT_DIM(ATT_DIM_G), ATT_DIM(ATT_DIM_ANY),
};
/* the people of two periods or more in the centre, whose rows are read apart */
static const char sql_attendance_people_apart[] =
	"SELECT participant_id FROM attendance_people WHERE centre_id = $1 AND periods > 1";

/* True when f names people only by their period's class (gender, cohort,
 * exit year), as migration 46 keeps them. */
static bool
att_filters_classes(const struct report_filter *f)
{
	return (f->country == NULL || !f->country[0]) && f->age_band < 0 && f->schooling < 0 && f->contact_id == 0 &&
	       f->scheme < 0 && (f->cohort == FIELD_NONE || f->cohort > 0);
}

/* The dimension f names people by, with a gender or none, as migrations
 * 58 and 62 keep them: "country", "age" or "schooling", or the same with
 * the start cohort ("country_cohort", ...), its value in *value (the
 * country, or the band's number, then ':' and the cohort's year with
 * one: written in buf); NULL when f names them otherwise too (an exit
 * year, a contact person, a scheme or two of the three). */
static const char *
att_filters_dim(const struct report_filter *f, const char **value, char *buf, size_t size)
{
	bool country = f->country != NULL && f->country[0], cohort = f->cohort != FIELD_NONE;
	if (f->contact_id != 0 || f->scheme >= 0 || (cohort && f->cohort <= 0) || f->exit_year != FIELD_NONE ||
	    (int)country + (f->age_band >= 0) + (f->schooling >= 0) != 1)
		return NULL;
	int n = country ? snprintf(buf, size, "%s", f->country)
			: snprintf(buf, size, "%d", f->age_band >= 0 ? f->age_band : f->schooling);
	if (cohort && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, ":%lld", (long long)f->cohort);
	if (n < 0 || (size_t)n >= size)
		return NULL;   /* longer than a kept value can be: the rows */
	*value = buf;
	if (country)
		return cohort ? "country_cohort" : "country";
	if (f->age_band >= 0)
		return cohort ? "age_cohort" : "age";
	return cohort ? "schooling_cohort" : "schooling";
}

/* The kept counts' binding: $1 the centre, $2..$5 by the shape, $6/$7 the months. */
struct att_kept_key {
	int shape;
	const char *dim, *value;
};

static void
att_bind_kept(struct db_stmt *st, const struct report_filter *f, const struct att_kept_key *k, int64_t centre,
	      const char *from, const char *to)
{
	const char *gender = f->gender != NULL ? f->gender : "";
	db_bind_int(st, 1, centre);
	if (k->dim != NULL) {
		db_bind_text(st, 2, k->dim);
		db_bind_text(st, 3, k->value);
		db_bind_text(st, 4, gender);
		db_bind_int(st, 5, 0);
	} else {
		db_bind_text(st, 2, gender);
		db_bind_int(st, 3, f->cohort != FIELD_NONE ? f->cohort : 0);
		db_bind_int(st, 4, f->exit_year != FIELD_NONE);
		db_bind_int(st, 5, f->exit_year != FIELD_NONE ? f->exit_year : 0);
	}
	db_bind_text(st, 6, from);
	db_bind_text(st, 7, to);
}

static int
att_read_kept_counts(struct db *db, const struct att_kept_key *k, const char *from, const char *to,
		     struct att_count *c)
{
	const struct report_filter *f = c->f;
	struct db_stmt *st = db_prepare(db, sql_attendance_kept_counts[k->shape][0]);
	if (st == NULL)
		return SC_EDB;
	att_bind_kept(st, f, k, c->centre, from, to);
	int rc;
	struct att_row_month m = {.text = "", .ord = ATT_NONE};
	while ((rc = db_step(st)) == DB_ROW) {
		uint32_t to_, go;
		int got = att_row_buckets(c, st, &m, &go, &to_);
		if (got == 0)
			continue;   /* health-only, or another centre's type */
		if (got < 0) {
			rc = got;
			break;
		}
		uint32_t mo = m.ord;
		int64_t marks = db_col_int(st, 3), attended = db_col_int(st, 4), unexcused = db_col_int(st, 5);
		struct att_bucket *hit[3] = {&c->b[0][go], &c->b[1][to_], &c->b[2][mo]};
		for (int t = 0; t < 3; t++)
			att_add(hit[t], 0, marks, attended, unexcused);
		c->b[0][go].people += db_col_int(st, 6);
		/* the group's month has rows counted: its sessions are added once (att_add_sessions) */
		if (marks > 0 && att_pair(c, go, mo, to_) == ATT_NONE) {
			rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	for (int q = 1; rc >= 0 && q < 3; q++) {
		st = db_prepare(db, sql_attendance_kept_counts[k->shape][q]);
		if (st == NULL)
			return SC_EDB;
		att_bind_kept(st, f, k, c->centre, from, to);
		while ((rc = db_step(st)) == DB_ROW) {
			struct att_bucket *b = q == 1 ? att_bucket(c, 1, db_col_int(st, 0), false, NULL)
						      : att_bucket(c, 2, att_month(db_col_text(st, 0)), false, NULL);
			if (b != NULL)
				b->people += db_col_int(st, 1);
		}
		db_done(st);
	}
	return rc < 0 ? rc : SC_OK;
}

/* The kept counts that answer f (by class or by dimension), or false. */
static bool
att_kept_key(const struct report_filter *f, struct att_kept_key *k, char *buf, size_t size)
{
	bool gender = f->gender != NULL && f->gender[0];
	k->dim = NULL;
	k->value = NULL;
	if (att_filters_classes(f)) {
		k->shape = gender && f->cohort != FIELD_NONE ? ATT_SHAPE_GC : gender ? ATT_SHAPE_G : ATT_SHAPE_ANY;
		return true;
	}
	if ((k->dim = att_filters_dim(f, &k->value, buf, size)) == NULL)
		return false;
	k->shape = gender ? ATT_SHAPE_DIM_G : ATT_SHAPE_DIM_ANY;
	return true;
}

/* The people of two periods or more (kept apart, decision 96): their
 * periods and their rows read one person at a time and counted as the one
 * pass counts (att_people() adds their distinct people to the kept ones:
 * the two are different people). */
static int
att_read_apart(struct db *db, struct arena *a, const char *from, const char *to, struct att_count *c)
{
	int64_t *who = NULL;
	size_t n = 0, cap = 0;
	struct db_stmt *st = db_prepare(db, sql_attendance_people_apart);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, c->centre);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			int64_t *grown = realloc(who, sizeof *grown * ncap);
			if (grown == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			who = grown;
			cap = ncap;
		}
		who[n++] = db_col_int(st, 0);
	}
	db_done(st);
	if (rc < 0 || n == 0) {
		free(who);
		return rc < 0 ? rc : SC_OK;
	}
	rc = att_ids_init(db, &c->people);
	size_t pcap = 0;
	for (size_t i = 0; rc == SC_OK && i < n; i++)
		rc = att_read_periods(db, a, c->centre, c->f, who[i], &c->per, &c->nper, &pcap);
	if (rc == SC_OK)
		rc = att_people_of_periods(c);
	for (size_t i = 0; rc == SC_OK && i < n; i++)
		rc = att_read_marks(db, db_kind(db) == DB_POSTGRES ? sql_attendance_kept_person_pg
							    : sql_attendance_kept_person_sqlite, from, to, who[i], c);
	free(who);
	return rc;
}

/* One contact person's (decision 101): the kept rows of the people of the
 * periods read (their participants: a contact person is the
 * participant's, in each of their periods), a person at a time by
 * attendance_months_person, not the centre's rows filtered. */
static int
att_read_people(struct db *db, const char *from, const char *to, struct att_count *c)
{
	const char *sql =
		db_kind(db) == DB_POSTGRES ? sql_attendance_kept_person_pg : sql_attendance_kept_person_sqlite;
	int rc = SC_OK;
	for (size_t o = 0; rc == SC_OK && o < c->people.n; o++)
		rc = att_read_marks(db, sql, from, to, c->per[c->slot[c->pfirst[o]]].participant, c);
	return rc;
}

/* The distinct people of each bucket of each table: the rows put in order
 * of their bucket (a counting sort), each person counted at their first
 * row in the bucket (stamp: the last bucket counted them). */
static int
att_people(struct att_count *c)
{
	size_t np = c->people.n, n = c->nmark;
	uint32_t *stamp = calloc(np > 0 ? np : 1, sizeof *stamp);
	uint32_t *order = malloc(sizeof *order * (n > 0 ? n : 1));
	int rc = stamp != NULL && order != NULL ? SC_OK : SC_ENOMEM;
	uint32_t epoch = 0;
	for (int t = 0; rc == SC_OK && t < 3; t++) {
		size_t nb = c->map[t].n;
		size_t *start = calloc(nb + 1, sizeof *start);
		if (start == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		for (size_t i = 0; i < n; i++) {
			const struct att_mark *m = &c->mark[i];
			start[(t == 0 ? m->g : t == 1 ? m->t : m->m) + 1]++;
		}
		for (size_t b = 0; b < nb; b++)
			start[b + 1] += start[b];
		for (size_t i = 0; i < n; i++) {
			const struct att_mark *m = &c->mark[i];
			order[start[t == 0 ? m->g : t == 1 ? m->t : m->m]++] = m->p;
		}
		/* start[b] is now the end of bucket b */
		for (size_t b = 0, i = 0; b < nb; b++) {
			epoch++;
			int64_t people = 0;
			for (; i < start[b]; i++)
				if (stamp[order[i]] != epoch) {
					stamp[order[i]] = epoch;
					people++;
				}
			c->b[t][b].people += people;   /* to the kept counts' people, if any */
		}
		free(start);
	}
	free(stamp);
	free(order);
	return rc;
}

/* Adds each group's and month's sessions with marks (sql: kept or by day;
 * of the months in which the group has marks counted) to the group's, its
 * type's and the month's buckets. */
static int
att_add_sessions(struct db *db, const char *sql, const char *from, const char *to, struct att_count *c)
{
	if (c->pairs.n == 0)
		return SC_OK;
	struct db_stmt *st = att_prepare(db, sql, from, to, c);
	if (st == NULL)
		return SC_EDB;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		uint32_t go, mo;
		if (att_bucket(c, 1, db_col_int(st, 3), false, NULL) == NULL ||
		    att_bucket(c, 0, db_col_int(st, 0), false, &go) == NULL ||
		    att_bucket(c, 2, att_month(db_col_text(st, 1)), false, &mo) == NULL)
			continue;
		uint32_t pair = ordmap_get(&c->pairs, (int64_t)go << 32 | mo, false);
		if (pair == ATT_NONE)
			continue;
		int64_t sessions = db_col_int(st, 2);
		c->b[0][go].sessions += sessions;
		c->b[1][c->pair_type[pair]].sessions += sessions;
		c->b[2][mo].sessions += sessions;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* One contact person's (decision 101): the kept sessions of each group's
 * month their people have rows counted in (the pairs), each by its key,
 * as att_add_sessions() adds the centre's. */
static const char sql_attendance_sessions_pair[] =
	"SELECT sessions, type_id FROM attendance_sessions WHERE centre_id = $1 AND month = $2 AND group_id = $3";

static int
att_add_pair_sessions(struct db *db, struct att_count *c)
{
	int rc = SC_OK;
	for (size_t p = 0; rc == SC_OK && p < c->pairs.n; p++) {
		uint32_t go = (uint32_t)(c->pairs.key[p] >> 32), mo = (uint32_t)(c->pairs.key[p] & UINT32_MAX);
		int64_t month = c->b[2][mo].key;
		char text[16];
		snprintf(text, sizeof text, "%04d-%02d", (int)(month / 12 % 10000), (int)(month % 12 + 1));
		struct db_stmt *st = db_prepare(db, sql_attendance_sessions_pair);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, c->centre);
		db_bind_text(st, 2, text);
		db_bind_int(st, 3, c->b[0][go].key);
		if ((rc = db_step(st)) == DB_ROW && att_bucket(c, 1, db_col_int(st, 1), false, NULL) != NULL) {
			int64_t sessions = db_col_int(st, 0);
			c->b[0][go].sessions += sessions;
			c->b[1][c->pair_type[p]].sessions += sessions;
			c->b[2][mo].sessions += sessions;
		}
		db_done(st);
		rc = rc < 0 ? rc : SC_OK;
	}
	return rc;
}

/* The parts of the days from .. to (both counted): whole months (kept, as
 * "YYYY-MM" .. "YYYY-MM") and up to two parts of a month (by day). */
struct att_parts {
	bool months;
	char first[16], last[16];
	int ndays;
	char day_from[2][11], day_to[2][11];
};

static void
att_split(struct date from, struct date to, struct att_parts *w)
{
	memset(w, 0, sizeof *w);
	if (date_cmp(from, to) > 0)
		return;
	struct date last_of_from = {from.y, from.m, date_days_in_month(from.y, from.m)};
	struct date first_of_to = {to.y, to.m, 1};
	bool to_whole = to.d == date_days_in_month(to.y, to.m);
	if (from.y == to.y && from.m == to.m && (from.d != 1 || !to_whole)) {
		date_format(from, w->day_from[0]);
		date_format(to, w->day_to[0]);
		w->ndays = 1;
		return;
	}
	struct date fm = from, lm = to;   /* the first and last whole months */
	if (from.d != 1) {
		date_format(from, w->day_from[w->ndays]);
		date_format(last_of_from, w->day_to[w->ndays++]);
		fm = date_add_days(last_of_from, 1);
	}
	if (!to_whole) {
		date_format(first_of_to, w->day_from[w->ndays]);
		date_format(to, w->day_to[w->ndays++]);
		lm = date_add_days(first_of_to, -1);
	}
	if (fm.y * 12 + fm.m <= lm.y * 12 + lm.m) {
		w->months = true;
		snprintf(w->first, sizeof w->first, "%04d-%02d", fm.y % 10000, fm.m % 100);
		snprintf(w->last, sizeof w->last, "%04d-%02d", lm.y % 10000, lm.m % 100);
	}
}

static int
att_rate_cmp(const void *x, const void *y)
{
	const struct att_bucket *a = x, *b = y;
	/* the lower attended / marks first (cross-multiplied), then the key */
	__int128 l = (__int128)a->attended * b->marks, r = (__int128)b->attended * a->marks;
	if (l != r)
		return l < r ? -1 : 1;
	return a->key < b->key ? -1 : a->key > b->key;
}

static int
att_label_cmp(const void *x, const void *y)
{
	const struct att_bucket *a = x, *b = y;
	int c = strcmp(a->label, b->label);
	return c != 0 ? c : (a->key < b->key ? -1 : a->key > b->key);
}

/* The rows of one table from its buckets, in order. */
static int
att_rows(struct arena *a, int table, const struct att_bucket *b, size_t nb, struct report_area_row **rows,
	 size_t *n, size_t *cap)
{
	for (size_t i = 0; i < nb; i++) {
		struct report_area_row *r = report_area_row_add(a, rows, n, cap);
		if (r == NULL)
			return SC_ENOMEM;
		r->table = table;
		r->label = b[i].label;
		r->label_msgid = b[i].label_msgid;
		r->cell[0] = (struct report_cell){.kind = RC_NUMBER, .value = b[i].sessions};
		r->cell[1] = (struct report_cell){.kind = RC_SHARE, .n = b[i].attended, .base = b[i].marks};
		r->cell[2] = (struct report_cell){.kind = RC_SHARE, .n = b[i].unexcused, .base = b[i].marks};
		r->cell[3] = (struct report_cell){.kind = RC_COUNT, .n = b[i].people};
		/* shares of fewer than 5 people are not shown (the page says "fewer
		 * than 5"), and kept for the total row, which sums the marks */
		r->cell[1].hidden = r->cell[2].hidden = b[i].people < STATS_MIN_PEOPLE;
	}
	return SC_OK;
}

/* The names of the groups shown (PostgreSQL, decision 105): one statement
 * for the page's groups (at most STORE_REPORT_ATTENDANCE_GROUPS, their
 * ids as an array), not one round trip each; a group not found is named
 * "", as sql_attendance_group leaves it. */
static const char sql_attendance_group_names_pg[] =
	"SELECT id, name FROM activity_groups WHERE centre_id = $1 AND id = ANY(CAST($2 AS BIGINT[]))";

static int
att_group_names_pg(struct db *db, struct arena *a, int64_t centre, struct att_bucket *b, size_t n)
{
	size_t size = n * 21 + 3;
	char *ids = arena_alloc(a, size);
	if (ids == NULL)
		return SC_ENOMEM;
	size_t k = 0;
	ids[k++] = '{';
	for (size_t i = 0; i < n; i++) {
		b[i].label = "";
		k += (size_t)snprintf(ids + k, size - k, "%s%lld", i > 0 ? "," : "", (long long)b[i].key);
	}
	snprintf(ids + k, size - k, "}");
	struct db_stmt *st = db_prepare(db, sql_attendance_group_names_pg);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, ids);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		for (size_t i = 0; i < n; i++)
			if (b[i].key == id && (b[i].label = arena_strdup(a, db_col_text(st, 1))) == NULL) {
				rc = SC_ENOMEM;
				break;
			}
		if (rc < 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* Whether a session after today holds a saved mark this month
 * (HOLDS_SAVED_MARK(): a paused participant's too). */
static const char sql_attendance_marked_after[] =
	"SELECT 1 FROM activity_sessions WHERE centre_id = $1 AND on_date > $2 AND on_date <= $3"
	" AND " HOLDS_SAVED_MARK("activity_sessions.id") " LIMIT 1";

/* The last day counted when the day asked is today or later: the end of
 * this month, whose kept rows hold its marks (the marks by day of its
 * first days were a million rows at a million people, 3 s), when the
 * period holds the whole month from its first day and no session after
 * today has marks, as the product keeps it (a register is saved on its
 * session's day or later, app_register_save(); a session with marks is
 * not moved, changeable() in app/activity.c); else today, this month's
 * days read by day (up to today, not the month's planned sessions). */
static int
att_through_today(struct db *db, int64_t centre, struct date from, struct date today, struct date *to)
{
	struct date end = {today.y, today.m, date_days_in_month(today.y, today.m)};
	if (date_cmp(from, (struct date){today.y, today.m, 1}) > 0) {
		*to = today;
		return SC_OK;
	}
	char d1[16], d2[16];
	date_format(today, d1);
	date_format(end, d2);
	struct db_stmt *st = db_prepare(db, sql_attendance_marked_after);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, d1);
	db_bind_text(st, 3, d2);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	*to = rc == DB_ROW ? today : end;
	return SC_OK;
}

int
store_report_attendance(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			struct date today, struct report_area_row **rows, size_t *n, int64_t *ngroups)
{
	*rows = NULL;
	*n = 0;
	*ngroups = 0;
	size_t cap = 0;
	/* from the first (or the first day asked) to the end of last month,
	 * or to the day asked (not after today) */
	struct date from = f->from.y != 0 ? f->from : (struct date){1, 1, 1};
	struct date to = date_add_days((struct date){today.y, today.m, 1}, -1);
	int rc = SC_OK;
	if (f->to.y != 0 && date_cmp(f->to, today) < 0)
		to = f->to;
	else if (f->to.y != 0)
		rc = att_through_today(db, centre, from, today, &to);
	struct att_parts w;
	att_split(from, to, &w);
	struct att_count c;
	memset(&c, 0, sizeof c);
	c.f = f;
	c.centre = centre;
	if (rc == SC_OK)
		rc = att_read_types(db, a, &c);
	size_t ntypes = c.map[1].n;   /* the types' buckets made so far are the types counted */
	c.filtering = att_filters_people(f);
	/* whole months from the first: the kept counts (without a filter, or
	 * by the classes of the people of one period, those of more read
	 * apart); else the kept rows (and the days asked) read one by one */
	bool whole = f->from.y == 0 && w.months && w.ndays == 0;
	bool counts = !c.filtering && whole;
	struct att_kept_key key;
	char value[512];
	bool classes = c.filtering && whole && att_kept_key(f, &key, value, sizeof value);
	if (rc == SC_OK && counts)
		rc = att_read_counts(db, w.first, w.last, f->to.y == 0, &c);
	if (rc == SC_OK && classes) {
		rc = att_read_kept_counts(db, &key, w.first, w.last, &c);
		if (rc == SC_OK)
			rc = att_read_apart(db, a, w.first, w.last, &c);
	}
	if (rc == SC_OK && !counts && !classes)
		rc = att_ids_init(db, &c.people);
	if (rc == SC_OK && c.filtering && !classes) {
		size_t pcap = 0;
		rc = att_read_periods(db, a, centre, f, 0, &c.per, &c.nper, &pcap);
		if (rc == SC_OK)
			rc = att_people_of_periods(&c);
	}
	if (rc == SC_OK && w.months && !counts && !classes && f->contact_id != 0)
		rc = att_read_people(db, w.first, w.last, &c);
	else if (rc == SC_OK && w.months && !counts && !classes)
		rc = att_read_marks(db, sql_attendance_kept, w.first, w.last, 0, &c);
	for (int d = 0; rc == SC_OK && d < w.ndays; d++)
		rc = att_read_marks(db, sql_attendance_days, w.day_from[d], w.day_to[d], 0, &c);
	if (rc == SC_OK && !counts)
		rc = att_people(&c);
	if (rc == SC_OK && w.months && !counts && !classes && f->contact_id != 0)
		rc = att_add_pair_sessions(db, &c);
	else if (rc == SC_OK && w.months && !counts)
		rc = att_add_sessions(db, sql_attendance_sessions_kept, w.first, w.last, &c);
	for (int d = 0; rc == SC_OK && d < w.ndays; d++)
		rc = att_add_sessions(db, sql_attendance_sessions_days, w.day_from[d], w.day_to[d], &c);
	struct att_bucket *b[3] = {c.b[0], c.b[1], c.b[2]};
	size_t nb[3] = {c.map[0].n, c.map[1].n, c.map[2].n};
	/* by group: by name, or the lowest attendance rates of 5 people or more
	 * when there are more groups than a page lists */
	*ngroups = (int64_t)nb[0];
	size_t shown = nb[0];
	if (rc == SC_OK && nb[0] > STORE_REPORT_ATTENDANCE_GROUPS) {
		size_t k = 0;
		for (size_t i = 0; i < nb[0]; i++)
			if (b[0][i].people >= STATS_MIN_PEOPLE)
				b[0][k++] = b[0][i];
		qsort(b[0], k, sizeof *b[0], att_rate_cmp);
		shown = k < STORE_REPORT_ATTENDANCE_GROUPS ? k : STORE_REPORT_ATTENDANCE_GROUPS;
	}
	if (rc == SC_OK && shown > 0 && db_kind(db) == DB_POSTGRES)
		rc = att_group_names_pg(db, a, centre, b[0], shown);
	for (size_t i = 0; rc == SC_OK && i < shown && db_kind(db) != DB_POSTGRES; i++) {
		struct db_stmt *st = db_prepare(db, sql_attendance_group);
		if (st == NULL) {
			rc = SC_EDB;
			break;
		}
		db_bind_int(st, 1, b[0][i].key);
		db_bind_int(st, 2, centre);
		b[0][i].label = arena_strdup(a, db_step(st) == DB_ROW ? db_col_text(st, 0) : "");
		db_done(st);
		if (b[0][i].label == NULL)
			rc = SC_ENOMEM;
	}
	if (rc == SC_OK && nb[0] <= STORE_REPORT_ATTENDANCE_GROUPS && shown > 0)
		qsort(b[0], shown, sizeof *b[0], att_label_cmp);
	if (rc == SC_OK)
		rc = att_rows(a, 0, b[0], shown, rows, n, &cap);
	/* by type, by id (the types with marks counted): the label of a built-in is a msgid */
	size_t k = 0;
	for (size_t i = 0; i < ntypes && i < nb[1]; i++)
		if (b[1][i].marks > 0 || b[1][i].people > 0)
			b[1][k++] = b[1][i];
	if (k > 1)
		qsort(b[1], k, sizeof *b[1], att_bucket_cmp);
	if (rc == SC_OK)
		rc = att_rows(a, 1, b[1], k, rows, n, &cap);
	/* by month, in order */
	if (nb[2] > 1)
		qsort(b[2], nb[2], sizeof *b[2], att_bucket_cmp);
	for (size_t i = 0; rc == SC_OK && i < nb[2]; i++)
		if ((b[2][i].label = arena_printf(a, "%04lld-%02lld", (long long)(b[2][i].key / 12),
						  (long long)(b[2][i].key % 12 + 1))) == NULL)
			rc = SC_ENOMEM;
	if (rc == SC_OK)
		rc = att_rows(a, 2, b[2], nb[2], rows, n, &cap);
	for (int t = 0; t < 3; t++) {
		ordmap_free(&c.map[t]);
		free(c.b[t]);
	}
	att_ids_free(&c.people);
	ordmap_free(&c.pairs);
	free(c.pair_type);
	free(c.mark);
	free(c.per);
	free(c.pfirst);
	free(c.slot);
	free(c.one);
	return rc;
}
