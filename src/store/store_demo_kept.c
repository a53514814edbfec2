/*
 * store_demo_kept.c — what a demo load counts in C (see store_demo.c):
 * Attendance's months and sessions and Norwegian's gains, counted as the
 * rows go by, and the groups of the reports' and Caseloads' kept tables,
 * added up from their views' rows (SQLite bulk); each written in key order
 * at the end, instead of a sort of every row (decision 97).
 */
#include "store_demo_parts.h"
#include "../domain/date.h"
#include "../util/err.h"
#include "../util/ordmap.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* ---- kept rows counted by the load ---- */

/*
 * attendance_months and attendance_sessions (migration 33) count the marks
 * by participant, group and month, and language_gains (migration 38) the
 * steps by their filter columns. Their views sort every mark (27 million at
 * a million participants) and every step (3.9 million). The load sees each
 * row go by, so it counts them as they come, on the caller's thread beside
 * the generator, and writes the counts at the end in key order: the rows
 * the views give, counted as the views count them (the demo's test compares
 * them with the views both ways).
 *
 * A mark counts when its session and the session's group are rows of this
 * load; the demo's always are (its groups and sessions are new). A mark of
 * a session the load did not write sends the load back to the views. The
 * rows already in the database (a load with --force) were kept by the
 * triggers and are of other groups, so the load's months and sessions are
 * added beside them; its gains are added to theirs (an upsert).
 */

struct kgroup {
	int64_t centre, type;
};

struct ksession {
	int64_t centre, group;
	int32_t month;          /* year * 100 + month */
	bool planned, marked;
};

/* A participant's month of a group; marks 0: an empty slot. */
struct kmonth {
	int64_t centre, group, pid, type;
	int32_t month;
	int32_t marks, attended, unexcused;
};

/* A group of steps: its key's values kept in the pool, as written. */
struct kgain {
	uint64_t h;
	size_t off;             /* into pool: 5 integers, then 3 texts with their NULs */
	uint32_t len;
	bool used;
	int64_t people, gain, people_in, gain_in;
};

struct kept {
	bool marks_off;         /* a mark the load cannot place: the views fill */
	bool gains_off;         /* a step not as expected: the view fills */
	struct ordmap groups, sessions;   /* ids to their places in g and s */
	struct kgroup *g;
	size_t ng, capg;
	struct ksession *s;
	size_t ns, caps;
	struct kmonth *m;
	size_t nm, capm;
	struct kgain *gains;
	size_t ngains, capgains;
	char *pool;
	size_t npool, cappool;
};

void
kept_free(struct kept *k)
{
	if (k == NULL)
		return;
	ordmap_free(&k->groups);
	ordmap_free(&k->sessions);
	free(k->g);
	free(k->s);
	free(k->m);
	free(k->gains);
	free(k->pool);
	free(k);
}

static bool
is_int(const struct demo_val *v)
{
	return v->kind == DV_KIND_INT;
}

static bool
is_text(const struct demo_val *v)
{
	return v->kind == DV_KIND_TEXT && v->s != NULL;
}

static int
grow_array(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return SC_OK;
	size_t c = *cap ? *cap * 2 : 1024;
	while (c < need)
		c *= 2;
	void *n = realloc(*p, c * size);
	if (n == NULL)
		return SC_ENOMEM;
	*p = n;
	*cap = c;
	return SC_OK;
}

static size_t
kmonth_slot(const struct kmonth *m, size_t cap, int64_t centre, int64_t group, int64_t pid, int32_t month)
{
	uint64_t h = ordmap_mix((uint64_t)group * 0x9e3779b97f4a7c15ULL ^ (uint64_t)pid ^ ((uint64_t)month << 40) ^
			   (uint64_t)centre * 0xc2b2ae3d27d4eb4fULL);
	size_t i = h & (cap - 1);
	while (m[i].marks != 0 && !(m[i].group == group && m[i].pid == pid && m[i].month == month &&
				    m[i].centre == centre))
		i = (i + 1) & (cap - 1);
	return i;
}

static int
count_mark(struct kept *k, const struct demo_val *v)
{
	if (!is_int(&v[0]) || !is_int(&v[1]) || !is_int(&v[2])) {
		k->marks_off = true;
		return SC_OK;
	}
	uint32_t si = ordmap_get(&k->sessions, v[0].i, false);
	if (si == ORDMAP_NONE) {
		k->marks_off = true;
		return SC_OK;
	}
	struct ksession *s = &k->s[si];
	/* the views join the mark to its session within the centre */
	if (s->centre != v[2].i)
		return SC_OK;
	s->marked = true;
	if (!s->planned)
		return SC_OK;
	if (2 * (k->nm + 1) > k->capm) {
		size_t cap = k->capm ? 2 * k->capm : 65536;
		struct kmonth *m = calloc(cap, sizeof *m);
		if (m == NULL)
			return SC_ENOMEM;
		for (size_t j = 0; j < k->capm; j++)
			if (k->m[j].marks != 0)
				m[kmonth_slot(m, cap, k->m[j].centre, k->m[j].group, k->m[j].pid, k->m[j].month)] = k->m[j];
		free(k->m);
		k->m = m;
		k->capm = cap;
	}
	size_t i = kmonth_slot(k->m, k->capm, s->centre, s->group, v[1].i, s->month);
	struct kmonth *m = &k->m[i];
	if (m->marks == 0) {
		m->centre = s->centre;
		m->group = s->group;
		m->pid = v[1].i;
		m->month = s->month;
		k->nm++;
	}
	m->marks++;
	const char *mark = is_text(&v[3]) ? v[3].s : "";
	if (strcmp(mark, "present") == 0 || strcmp(mark, "late") == 0 || strcmp(mark, "left_early") == 0)
		m->attended++;
	else if (strcmp(mark, "absent") == 0 && is_text(&v[5]) && strcmp(v[5].s, "unexcused") == 0)
		m->unexcused++;
	return SC_OK;
}

static int
count_session(struct kept *k, const struct demo_val *v)
{
	int32_t month = 0;
	if (v[3].kind == DV_KIND_DATE) {
		struct date d = date_from_days(v[3].i);
		month = d.y >= 1000 && d.y <= 9999 ? d.y * 100 + d.m : 0;
	} else if (is_text(&v[3]) && strlen(v[3].s) >= 7 && v[3].s[4] == '-') {
		const char *t = v[3].s;
		bool digits = true;
		for (int j = 0; j < 7; j++)
			digits &= j == 4 || (t[j] >= '0' && t[j] <= '9');
		if (digits)
			month = ((t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0')) * 100 +
				(t[5] - '0') * 10 + (t[6] - '0');
	}
	if (!is_int(&v[0]) || !is_int(&v[1]) || !is_int(&v[2]) || month == 0 ||
	    ordmap_get(&k->sessions, v[0].i, false) != ORDMAP_NONE || k->ns >= UINT32_MAX - 1) {
		k->marks_off = true;
		return SC_OK;
	}
	int rc = grow_array((void **)&k->s, &k->caps, k->ns + 1, sizeof *k->s);
	if (rc == SC_OK)
		rc = ordmap_get(&k->sessions, v[0].i, true) == ORDMAP_NONE ? SC_ENOMEM : SC_OK;
	if (rc != SC_OK)
		return rc;
	struct ksession *s = &k->s[k->ns++];
	s->centre = v[1].i;
	s->group = v[2].i;
	s->month = month;
	s->planned = is_text(&v[6]) && strcmp(v[6].s, "planned") == 0;
	s->marked = false;
	return SC_OK;
}

static int
count_group(struct kept *k, const struct demo_val *v)
{
	if (!is_int(&v[0]) || !is_int(&v[1]) || !is_int(&v[2]) || ordmap_get(&k->groups, v[0].i, false) != ORDMAP_NONE ||
	    k->ng >= UINT32_MAX - 1) {
		k->marks_off = true;
		return SC_OK;
	}
	int rc = grow_array((void **)&k->g, &k->capg, k->ng + 1, sizeof *k->g);
	if (rc == SC_OK)
		rc = ordmap_get(&k->groups, v[0].i, true) == ORDMAP_NONE ? SC_ENOMEM : SC_OK;
	if (rc != SC_OK)
		return rc;
	k->g[k->ng].centre = v[1].i;
	k->g[k->ng].type = v[2].i;
	k->ng++;
	return SC_OK;
}

/* Step columns: centre_id 0, participant_id 1, skill 2, kind 3, start_year 4,
 * exit_year 5, gender 6, country 7, year 8, gain 9, age 10, schooling 11,
 * gain_in 12 (NULL: fewer than two assessments in the year). The group's key: the
 * integers centre_id, kind, start_year, exit_year, year, then the texts
 * gender, country, skill. */
static const int gain_ints[5] = {0, 3, 4, 5, 8};
static const int gain_texts[3] = {6, 7, 2};

static int
count_step(struct kept *k, const struct demo_val *v)
{
	bool ok = is_int(&v[9]) && (is_int(&v[12]) || v[12].kind == DV_KIND_NULL);
	for (int j = 0; j < 5; j++)
		ok &= is_int(&v[gain_ints[j]]);
	for (int j = 0; j < 3; j++)
		ok &= is_text(&v[gain_texts[j]]);
	if (!ok) {
		k->gains_off = true;
		return SC_OK;
	}
	/* the key, serialised at the end of the pool (kept there when new) */
	size_t need = 5 * sizeof(int64_t);
	for (int j = 0; j < 3; j++)
		need += strlen(v[gain_texts[j]].s) + 1;
	if (!grow_text(&k->pool, &k->cappool, k->npool, need))
		return SC_ENOMEM;
	char *key = k->pool + k->npool;
	for (int j = 0; j < 5; j++)
		memcpy(key + j * sizeof(int64_t), &v[gain_ints[j]].i, sizeof(int64_t));
	size_t at = 5 * sizeof(int64_t);
	for (int j = 0; j < 3; j++) {
		size_t n = strlen(v[gain_texts[j]].s) + 1;
		memcpy(key + at, v[gain_texts[j]].s, n);
		at += n;
	}
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t j = 0; j < need; j++)
		h = (h ^ (unsigned char)key[j]) * 0x100000001b3ULL;
	if (2 * (k->ngains + 1) > k->capgains) {
		size_t cap = k->capgains ? 2 * k->capgains : 4096;
		struct kgain *g = calloc(cap, sizeof *g);
		if (g == NULL)
			return SC_ENOMEM;
		for (size_t j = 0; j < k->capgains; j++) {
			if (!k->gains[j].used)
				continue;
			size_t i = k->gains[j].h & (cap - 1);
			while (g[i].used)
				i = (i + 1) & (cap - 1);
			g[i] = k->gains[j];
		}
		free(k->gains);
		k->gains = g;
		k->capgains = cap;
	}
	size_t i = h & (k->capgains - 1);
	while (k->gains[i].used && !(k->gains[i].h == h && k->gains[i].len == need &&
				     memcmp(k->pool + k->gains[i].off, key, need) == 0))
		i = (i + 1) & (k->capgains - 1);
	struct kgain *g = &k->gains[i];
	if (!g->used) {
		g->used = true;
		g->h = h;
		g->off = k->npool;
		g->len = (uint32_t)need;
		k->npool += need;
		k->ngains++;
	}
	g->people++;
	g->gain += v[9].i;
	if (is_int(&v[12])) {
		g->people_in++;
		g->gain_in += v[12].i;
	}
	return SC_OK;
}

int
count_row(struct demo_load *l, enum demo_table t, const struct demo_val *vals)
{
	if (t != DEMO_ACT_GROUPS && t != DEMO_ACT_SESSIONS && t != DEMO_ATTENDANCE && t != DEMO_LANGUAGE_STEPS)
		return SC_OK;
	struct kept *k = l->kept;
	if (k == NULL) {
		k = l->kept = calloc(1, sizeof *k);
		if (k == NULL)
			return SC_ENOMEM;
	}
	if (t == DEMO_LANGUAGE_STEPS)
		return k->gains_off ? SC_OK : count_step(k, vals);
	if (k->marks_off)
		return SC_OK;
	return t == DEMO_ACT_GROUPS ? count_group(k, vals)
	       : t == DEMO_ACT_SESSIONS ? count_session(k, vals) : count_mark(k, vals);
}

static int
kmonth_cmp(const void *a, const void *b)
{
	const struct kmonth *x = a, *y = b;
	if (x->centre != y->centre)
		return x->centre < y->centre ? -1 : 1;
	if (x->month != y->month)
		return x->month < y->month ? -1 : 1;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static void
month_text(int32_t month, char out[8])
{
	/* month is year * 100 + month, the year of four digits */
	int y = (int)(month / 100 % 10000), m = (int)(month % 100);
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10 % 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '\0';
}

/* Writes b's rows of t (in chunks, as the terms) when it holds 65536 or
 * more rows, or all when last. */
static int
write_kept_chunk(struct demo_load *l, struct tab_buf *b, int t, bool last)
{
	if (!last && b->ncells < 65536 * (size_t)tabs[t].ncols)
		return SC_OK;
	int rc = write_table(l, b, (enum demo_table)t);
	b->ncells = 0;
	b->ntext = 0;
	return rc;
}

/* The groups' types and centres for the counted months and sessions;
 * false when a group is not the load's (the views then fill). */
static bool
kept_resolve(struct kept *k)
{
	size_t n = 0;
	for (size_t j = 0; j < k->capm; j++) {
		if (k->m[j].marks == 0)
			continue;
		uint32_t gi = ordmap_get(&k->groups, k->m[j].group, false);
		if (gi == ORDMAP_NONE)
			return false;
		/* the views join the session to its group within the centre */
		if (k->g[gi].centre != k->m[j].centre)
			continue;
		k->m[j].type = k->g[gi].type;
		k->m[n++] = k->m[j];
	}
	k->nm = n;
	for (size_t j = 0; j < k->ns; j++)
		if (k->s[j].planned && k->s[j].marked && ordmap_get(&k->groups, k->s[j].group, false) == ORDMAP_NONE)
			return false;
	return true;
}

static const char sql_att_fill[] =
	"DELETE FROM attendance_months; INSERT INTO attendance_months SELECT * FROM attendance_months_source;"
	" DELETE FROM attendance_sessions; INSERT INTO attendance_sessions SELECT * FROM attendance_sessions_source";

/* attendance_months and attendance_sessions: the counted rows, or from the
 * views. */
int
write_kept_marks(struct demo_load *l)
{
	struct kept *k = l->kept;
	if (k == NULL || k->marks_off || !kept_resolve(k))
		return exec_load(l, sql_att_fill);
	qsort(k->m, k->nm, sizeof *k->m, kmonth_cmp);
	struct tab_buf b = {0};
	int rc = SC_OK;
	for (size_t j = 0; j < k->nm && rc == SC_OK; j++) {
		const struct kmonth *m = &k->m[j];
		char month[8];
		month_text(m->month, month);
		struct demo_val v[8] = {DV_INT(m->centre), DV_TEXT(month), DV_INT(m->group), DV_INT(m->pid),
					DV_INT(m->type), DV_INT(m->marks), DV_INT(m->attended), DV_INT(m->unexcused)};
		rc = buf_row(&b, KEPT_ATT_MONTHS, v);
		if (rc == SC_OK)
			rc = write_kept_chunk(l, &b, KEPT_ATT_MONTHS, false);
	}
	if (rc == SC_OK)
		rc = write_kept_chunk(l, &b, KEPT_ATT_MONTHS, true);
	/* a group's month of planned sessions with a mark: the sessions in
	 * key order (the months' table is no longer needed) */
	size_t n = 0;
	for (size_t j = 0; j < k->ns && rc == SC_OK; j++) {
		const struct ksession *s = &k->s[j];
		if (!s->planned || !s->marked)
			continue;
		uint32_t gi = ordmap_get(&k->groups, s->group, false);
		if (k->g[gi].centre != s->centre)
			continue;
		if (n == k->capm) {
			rc = grow_array((void **)&k->m, &k->capm, n + 1, sizeof *k->m);
			if (rc != SC_OK)
				break;
		}
		k->m[n++] = (struct kmonth){.centre = s->centre, .group = s->group, .month = s->month,
					    .type = k->g[gi].type, .marks = 1};
	}
	if (rc == SC_OK)
		qsort(k->m, n, sizeof *k->m, kmonth_cmp);
	for (size_t j = 0; j < n && rc == SC_OK;) {
		size_t e = j;
		while (e < n && k->m[e].centre == k->m[j].centre && k->m[e].month == k->m[j].month &&
		       k->m[e].group == k->m[j].group)
			e++;
		char month[8];
		month_text(k->m[j].month, month);
		struct demo_val v[5] = {DV_INT(k->m[j].centre), DV_TEXT(month), DV_INT(k->m[j].group),
					DV_INT(k->m[j].type), DV_INT((int64_t)(e - j))};
		rc = buf_row(&b, KEPT_ATT_SESSIONS, v);
		if (rc == SC_OK)
			rc = write_kept_chunk(l, &b, KEPT_ATT_SESSIONS, false);
		j = e;
	}
	if (rc == SC_OK)
		rc = write_kept_chunk(l, &b, KEPT_ATT_SESSIONS, true);
	free(b.cells);
	free(b.text);
	return rc;
}

static const char sql_gains_fill[] =
	"DELETE FROM language_gains; INSERT INTO language_gains SELECT * FROM language_gains_source";
static const char sql_gains_add[] =
	"INSERT INTO language_gains (centre_id, kind, start_year, exit_year, gender, country, year, skill, people, gain,"
	" people_in, gain_in) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
	" ON CONFLICT (centre_id, kind, start_year, exit_year, gender, country, year, skill)"
	" DO UPDATE SET people = language_gains.people + excluded.people, gain = language_gains.gain + excluded.gain,"
	" people_in = language_gains.people_in + excluded.people_in, gain_in = language_gains.gain_in + excluded.gain_in";

/* One run of sql_gains_add with the group g. */
static int
add_gain(struct demo_load *l, sqlite3_stmt *raw, const struct kept *k, const struct kgain *g)
{
	const char *key = k->pool + g->off;
	int64_t ints[5];
	memcpy(ints, key, sizeof ints);
	const char *texts[3];
	size_t at = sizeof ints;
	for (int j = 0; j < 3; j++) {
		texts[j] = key + at;
		at += strlen(texts[j]) + 1;
	}
	/* centre_id, kind, start_year, exit_year, gender, country, year, skill, people, gain, people_in, gain_in */
	const struct demo_val v[12] = {DV_INT(ints[0]), DV_INT(ints[1]), DV_INT(ints[2]), DV_INT(ints[3]),
				       DV_TEXT(texts[0]), DV_TEXT(texts[1]), DV_INT(ints[4]), DV_TEXT(texts[2]),
				       DV_INT(g->people), DV_INT(g->gain), DV_INT(g->people_in), DV_INT(g->gain_in)};
	if (raw != NULL) {
		int r = SQLITE_OK;
		for (int j = 0; j < 12 && r == SQLITE_OK; j++)
			r = v[j].kind == DV_KIND_INT ? sqlite3_bind_int64(raw, j + 1, v[j].i)
						     : sqlite3_bind_text(raw, j + 1, v[j].s, -1, SQLITE_STATIC);
		if (r == SQLITE_OK)
			r = sqlite3_step(raw);
		sqlite3_reset(raw);
		return r == SQLITE_DONE ? SC_OK : raw_fail(l, r);
	}
	struct db_stmt *st = db_prepare(l->db, sql_gains_add);
	if (st == NULL)
		return SC_EDB;
	int rc = SC_OK;
	for (int j = 0; j < 12 && rc == SC_OK; j++)
		rc = v[j].kind == DV_KIND_INT ? db_bind_int(st, j + 1, v[j].i) : db_bind_text(st, j + 1, v[j].s);
	if (rc == SC_OK)
		return db_run(st, NULL);
	db_done(st);
	return rc;
}

/* language_gains: the counted groups added to the centre's, or from the
 * view. */
int
write_kept_gains(struct demo_load *l)
{
	struct kept *k = l->kept;
	if (k != NULL && k->gains_off)
		return exec_load(l, sql_gains_fill);
	if (k == NULL || k->ngains == 0)
		return SC_OK;
	sqlite3_stmt *raw = NULL;
	if (l->raw != NULL) {
		int r = sqlite3_prepare_v2(l->raw, sql_gains_add, -1, &raw, NULL);
		if (r != SQLITE_OK)
			return raw_fail(l, r);
	}
	int rc = SC_OK;
	for (size_t j = 0; j < k->capgains && rc == SC_OK; j++)
		if (k->gains[j].used)
			rc = add_gain(l, raw, k, &k->gains[j]);
	sqlite3_finalize(raw);
	return rc;
}

/* ---- groups counted in C (SQLite bulk) ---- */

/*
 * A view that groups millions of rows into a few thousand (caseload_months:
 * 3.5 million changes into 4,000 months at a million participants) costs
 * SQLite a sort of every row: 11 s of CPU there. The load reads the same
 * rows unsorted and adds them up in a hash table instead, then writes the
 * groups in key order. The rows are the view's own (its text, grouped here
 * as its GROUP BY groups them); the demo's test compares the table with
 * the view both ways.
 */
#define GROUP_SUMS 4

struct cgroup {
	uint64_t h;
	size_t off;             /* the key in the pool: per column 'n' (NULL), 'i' and 8 bytes, or 't' and
				 * text with its NUL */
	uint32_t len;
	bool used;
	int64_t sum[GROUP_SUMS];
};

struct cgroups {
	struct cgroup *e;
	size_t n, cap;
	char *pool;
	size_t npool, cappool;
	int nkeys;
};

/* SQLite's order of the key's values: NULL, integers, text (as bytes). */
static int
tag_rank(char tag)
{
	return tag == 'n' ? 0 : tag == 'i' ? 1 : 2;
}

static int
cgroup_cmp(const void *a, const void *b, void *arg)
{
	const struct cgroups *g = arg;
	const char *x = g->pool + ((const struct cgroup *)a)->off;
	const char *y = g->pool + ((const struct cgroup *)b)->off;
	for (int k = 0; k < g->nkeys; k++) {
		if (*x != *y)
			return tag_rank(*x) < tag_rank(*y) ? -1 : 1;
		if (*x == 'n') {
			x++;
			y++;
		} else if (*x == 'i') {
			int64_t u, v;
			memcpy(&u, x + 1, sizeof u);
			memcpy(&v, y + 1, sizeof v);
			if (u != v)
				return u < v ? -1 : 1;
			x += 1 + sizeof u;
			y += 1 + sizeof v;
		} else {
			int c = strcmp(x + 1, y + 1);
			if (c != 0)
				return c;
			x += 2 + strlen(x + 1);
			y += 2 + strlen(y + 1);
		}
	}
	return 0;
}

/* Adds one row of st (keys, then sums) to its group. SC_EINVAL: a value
 * the groups do not take (a real or a blob; a NULL sum). */
static int
cgroups_add(struct cgroups *g, sqlite3_stmt *st, int nsums)
{
	size_t need = 0;
	for (int k = 0; k < g->nkeys; k++) {
		int ty = sqlite3_column_type(st, k);
		if (ty == SQLITE_INTEGER)
			need += 1 + sizeof(int64_t);
		else if (ty == SQLITE_NULL)
			need += 1;
		else if (ty == SQLITE_TEXT)
			need += 2 + (size_t)sqlite3_column_bytes(st, k);
		else
			return SC_EINVAL;
	}
	for (int k = 0; k < nsums; k++)
		if (sqlite3_column_type(st, g->nkeys + k) != SQLITE_INTEGER)
			return SC_EINVAL;
	if (!grow_text(&g->pool, &g->cappool, g->npool, need))
		return SC_ENOMEM;
	char *key = g->pool + g->npool, *p = key;
	for (int k = 0; k < g->nkeys; k++) {
		if (sqlite3_column_type(st, k) == SQLITE_NULL) {
			*p++ = 'n';
		} else if (sqlite3_column_type(st, k) == SQLITE_INTEGER) {
			int64_t v = sqlite3_column_int64(st, k);
			*p++ = 'i';
			memcpy(p, &v, sizeof v);
			p += sizeof v;
		} else {
			const unsigned char *t = sqlite3_column_text(st, k);
			size_t n = (size_t)sqlite3_column_bytes(st, k);
			if (t == NULL || memchr(t, '\0', n) != NULL)
				return t == NULL ? SC_ENOMEM : SC_EINVAL;
			*p++ = 't';
			memcpy(p, t, n);
			p[n] = '\0';
			p += n + 1;
		}
	}
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t j = 0; j < need; j++)
		h = (h ^ (unsigned char)key[j]) * 0x100000001b3ULL;
	if (2 * (g->n + 1) > g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 4096;
		struct cgroup *e = calloc(cap, sizeof *e);
		if (e == NULL)
			return SC_ENOMEM;
		for (size_t j = 0; j < g->cap; j++) {
			if (!g->e[j].used)
				continue;
			size_t i = g->e[j].h & (cap - 1);
			while (e[i].used)
				i = (i + 1) & (cap - 1);
			e[i] = g->e[j];
		}
		free(g->e);
		g->e = e;
		g->cap = cap;
	}
	size_t i = h & (g->cap - 1);
	while (g->e[i].used &&
	       !(g->e[i].h == h && g->e[i].len == need && memcmp(g->pool + g->e[i].off, key, need) == 0))
		i = (i + 1) & (g->cap - 1);
	struct cgroup *e = &g->e[i];
	if (!e->used) {
		e->used = true;
		e->h = h;
		e->off = g->npool;
		e->len = (uint32_t)need;
		g->npool += need;
		g->n++;
	}
	for (int k = 0; k < nsums; k++)
		e->sum[k] += sqlite3_column_int64(st, g->nkeys + k);
	return SC_OK;
}

/*
 * Groups the rows of sel (nkeys key columns, then nsums integers) by their
 * keys and writes each group, its keys then its sums (table t's columns),
 * in key order; a group whose first sum is 0 is left out when nonzero (a
 * view's HAVING SUM(n) <> 0). SC_EINVAL, with nothing written, when a row
 * has a value the groups do not take: the caller fills from the view.
 */
int
group_rows(struct demo_load *l, const char *sel, int nkeys, int nsums, int t, bool nonzero)
{
	if (l->raw == NULL || nsums > GROUP_SUMS || nkeys + nsums != tabs[t].ncols || nkeys > 16)
		return SC_EINVAL;
	struct cgroups g = {.nkeys = nkeys};
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(l->raw, sel, -1, &st, NULL);
	if (r != SQLITE_OK)
		return raw_fail(l, r);
	int rc = SC_OK;
	while (rc == SC_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
		rc = cgroups_add(&g, st, nsums);
	if (rc == SC_OK && r != SQLITE_DONE)
		rc = raw_fail(l, r);
	sqlite3_finalize(st);
	/* compact, sort, write */
	size_t n = 0;
	for (size_t j = 0; j < g.cap && rc == SC_OK; j++)
		if (g.e[j].used && (!nonzero || g.e[j].sum[0] != 0))
			g.e[n++] = g.e[j];
	if (rc == SC_OK && n > 0)
		qsort_r(g.e, n, sizeof *g.e, cgroup_cmp, &g);
	struct tab_buf b = {0};
	for (size_t j = 0; j < n && rc == SC_OK; j++) {
		struct demo_val v[16 + GROUP_SUMS];
		const char *p = g.pool + g.e[j].off;
		for (int k = 0; k < nkeys; k++) {
			if (*p == 'n') {
				v[k] = DV_NULL;
				p++;
			} else if (*p == 'i') {
				int64_t x;
				memcpy(&x, p + 1, sizeof x);
				v[k] = DV_INT(x);
				p += 1 + sizeof x;
			} else {
				v[k] = DV_TEXT(p + 1);
				p += 2 + strlen(p + 1);
			}
		}
		for (int k = 0; k < nsums; k++)
			v[nkeys + k] = DV_INT(g.e[j].sum[k]);
		rc = buf_row(&b, t, v);
		if (rc == SC_OK)
			rc = write_kept_chunk(l, &b, t, false);
	}
	if (rc == SC_OK)
		rc = write_kept_chunk(l, &b, t, true);
	free(b.cells);
	free(b.text);
	free(g.e);
	free(g.pool);
	return rc;
}

