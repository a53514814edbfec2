/*
 * store_report.c — what the reports of the periods, the referrals and
 * the caseloads read; see store_report.h. Caseloads from the kept rows:
 * store_report_caseload.c; Internships, Norwegian and Money:
 * store_report_area.c; Attendance: store_report_attendance.c; Intake's
 * referrals counted together: store_report_intake.c.
 */
#include "db.h"
#include "overdue_sql.h"
#include "staff.h"
#include "store.h"
#include "store_report_parts.h"
#include "table.h"
#include "domain/activity.h"
#include "domain/benefit_run.h"
#include "domain/stats.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns of a programme period, as report_facts and the view it is
 * kept from (report_facts_source, migration 24) both have them. */
#define PERIOD_COLS \
	"enrolment_id, participant_id, contact_id, birth_date, start_date, exit_date, gender, country," \
	" schooling, outcome, result6, on6, result12, on12, referred_on, scheme, " REPORT_JOB_START("f") " AS job_start"
static const char sql_periods[] =
	"SELECT " PERIOD_COLS " FROM report_facts f WHERE centre_id = $1 ORDER BY enrolment_id";
static const char sql_periods_recompute[] =
	"SELECT " PERIOD_COLS " FROM report_facts_source f WHERE centre_id = $1 ORDER BY enrolment_id";

/* A stored date, or {0} when NULL or unreadable. */
struct date
report_col_date(struct db_stmt *st, int col)
{
	struct date d = {0, 0, 0};
	if (!db_col_null(st, col) && date_parse(db_col_text(st, col), &d) != SC_OK)
		memset(&d, 0, sizeof d);
	return d;
}

/* The key of a stored text (arena; NULL when NULL); from ks when read
 * before. */
const char *
report_col_key(struct db_stmt *st, struct arena *a, int col, struct keys *ks)
{
	if (db_col_null(st, col))
		return NULL;
	const char *t = db_col_text(st, col);
	for (size_t i = 0; i < ks->n; i++)
		if (strcmp(ks->k[i], t) == 0)
			return ks->k[i];
	const char *k = arena_strdup(a, t);
	if (k != NULL && ks->n < sizeof ks->k / sizeof ks->k[0])
		ks->k[ks->n++] = k;
	return k;
}

/* Room for more rows of size each after the n rows at rows (a growing
 * arena array with room for *cap): rows itself, or a larger copy; NULL
 * when out of memory. Each allocation is zeroed, so the room is made once
 * from a count where one is known. */
void *
report_room_for(struct arena *a, void *rows, size_t n, size_t *cap, size_t more, size_t size)
{
	if (*cap - n >= more && rows != NULL)
		return rows;
	size_t ncap = n + (more > 0 ? more : 1);
	void *grown = arena_alloc(a, size * ncap);
	if (grown == NULL)
		return NULL;
	if (n > 0)
		memcpy(grown, rows, size * n);
	*cap = ncap;
	return grown;
}

void *
report_next_row(struct arena *a, void **rows, size_t n, size_t *cap, size_t size)
{
	if (n == *cap) {
		void *more = report_room_for(a, *rows, n, cap, *cap ? *cap : 256, size);
		if (more == NULL)
			return NULL;
		*rows = more;
	}
	void *row = (char *)*rows + n * size;
	memset(row, 0, size);
	return row;
}

/* The count of a statement with the centre as $1 (0 when it fails: the
 * rows then grow as they come). */
static size_t
count_rows(struct db *db, const char *sql, int64_t centre)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return 0;
	db_bind_int(st, 1, centre);
	int64_t c = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return c > 0 ? (size_t)c : 0;
}

static const char sql_count_periods[] = "SELECT COUNT(*) FROM report_facts WHERE centre_id = $1";
static const char sql_count_referrals[] = "SELECT COUNT(*) FROM referrals WHERE centre_id = $1";

/* The rows of sql (centre $1, PERIOD_COLS), appended. */
static int
read_periods(struct db *db, struct arena *a, const char *sql, int64_t centre, struct report_period **rows,
	     size_t *n, size_t *cap)
{
	struct report_period *room = report_room_for(a, *rows, *n, cap, count_rows(db, sql_count_periods, centre), sizeof **rows);
	if (room == NULL)
		return SC_ENOMEM;
	*rows = room;
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	struct keys ks = {0};
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct report_period *p = report_next_row(a, (void **)rows, *n, cap, sizeof **rows);
		if (p == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		p->id = db_col_int(st, 0);
		p->participant_id = db_col_int(st, 1);
		p->centre_id = centre;
		p->contact_id = db_col_int(st, 2);
		p->birth = report_col_date(st, 3);
		p->start = report_col_date(st, 4);
		p->exit = report_col_date(st, 5);
		p->gender = report_col_key(st, a, 6, &ks);
		p->country = report_col_key(st, a, 7, &ks);
		p->schooling = db_col_null(st, 8) ? FIELD_NONE : db_col_int(st, 8);
		p->exit_status = report_status_of(db_col_null(st, 9) ? NULL : db_col_text(st, 9));
		p->status6 = report_status_of(db_col_null(st, 10) ? NULL : db_col_text(st, 10));
		p->on6 = report_col_date(st, 11);
		p->status12 = report_status_of(db_col_null(st, 12) ? NULL : db_col_text(st, 12));
		p->on12 = report_col_date(st, 13);
		p->referred_on = report_col_date(st, 14);
		if (benefit_scheme_parse(db_col_text(st, 15), &p->scheme) != SC_OK)
			p->scheme = -1;
		p->job_start = report_col_date(st, 16);
		/* the benefits area's contract: nobody is on the benefit until it exists */
		p->on_benefit12 = false;
		if (p->gender == NULL || p->country == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		(*n)++;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_report_periods(struct db *db, struct arena *a, int64_t centre, struct report_period **rows, size_t *n,
		     size_t *cap)
{
	return read_periods(db, a, sql_periods, centre, rows, n, cap);
}

int
store_report_periods_recompute(struct db *db, struct arena *a, int64_t centre, struct report_period **rows,
			       size_t *n, size_t *cap)
{
	return read_periods(db, a, sql_periods_recompute, centre, rows, n, cap);
}

/*
 * The scheme filter's narrowing in SQL, by the filter's value plus one (0
 * none): a condition written from the scheme keys, never from the
 * request, so that the statement's parameters stay those of the variant
 * without it (report_facts.scheme, migration 36). None of the kept groups
 * keeps the scheme: a scheme filter reads report_facts.
 */
const char *const report_scheme_sql[3] = {"", " AND scheme = 'bergen'", " AND scheme = 'kvp'"};
_Static_assert(BENEFIT_BERGEN == 0 && BENEFIT_KVP == 1, "report_scheme_sql follows the kinds' order");

unsigned
report_scheme_of(const struct report_filter *f)
{
	return f->scheme == BENEFIT_BERGEN || f->scheme == BENEFIT_KVP ? (unsigned)f->scheme + 1 : 0;
}

void
report_period_days(const struct report_filter *f, char from[16], char to[16])
{
	snprintf(from, 16, "%s", "0000-00-00");
	snprintf(to, 16, "%s", "9999-99-99");
	if (f->from.y != 0)
		date_format(f->from, from);
	if (f->to.y != 0)
		date_format(f->to, to);
}

/* The range [*lo, *hi] of the whole years (of age at a period's start, or
 * of schooling) that band_of() puts in band (migrations 47 and 49: the
 * kept rows hold the years, the domain says the bands; each band is a
 * range, the years below 256 decide it, and a band that holds 255 has no
 * end); no band (-1): every value kept, -1 too. */
void
report_band_range(int band, int (*band_of)(int64_t), int64_t *lo, int64_t *hi)
{
	*lo = INT64_MIN;
	*hi = INT64_MAX;
	if (band < 0)
		return;
	*lo = INT64_MAX;
	*hi = -1;
	for (int64_t y = 0; y < 256; y++)
		if (band_of(y) == band) {
			if (y < *lo)
				*lo = y;
			*hi = y;
		}
	if (*hi == 255)
		*hi = INT64_MAX;
}

int
report_age_band_years(int64_t years)
{
	return report_age_band_of(years > 1000 ? 1000 : (int)years);
}

/* The variants of the groups' statement, by what is asked (one string
 * each, made when first asked and kept: statements are cached by their
 * text's address); the scheme (report_scheme_of()) times G_SCHEME. */
enum {
	G_DAY = 1, G_GENDER = 2, G_COUNTRY = 4, G_CONTACT = 8, G_AGE = 16, G_SCHOOL = 32, G_EXITS = 64,
	G_JOB = 128, G_WAIT = 256, G_SUMS = 512, G_START = 1024, G_KEPT = 2048, G_SCHEME = 4096,
	G_VARIANTS = 3 * G_SCHEME,
};
static char *groups_sql[G_VARIANTS];
static pthread_mutex_t groups_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * The statement of variant v: Results and the annual report group by the
 * years and statuses (each report's index, report_facts_exits, in its
 * order); Time to work (G_JOB) and Intake's wait (G_WAIT) by the start year
 * and the kept days (report_facts_jobs, _waits); G_SUMS adds the periods'
 * days summed (the costs, the cost-benefit account: $7 today's day, since
 * 1970-01-01). Then each filter's column when the filter is given. With
 * a period (G_DAY: Results' exits in it; G_START: the starts in it) only
 * the periods of its days, by report_facts_exit_dates, _start_jobs or _start_waits
 * (migration 64, decision 125), grouped by that day first.
 */
static char *kept_groups_sql(unsigned v);

static const char *
groups_of(unsigned v)
{
	pthread_mutex_lock(&groups_lock);
	if (groups_sql[v] == NULL && (v & G_KEPT)) {
		groups_sql[v] = kept_groups_sql(v);
	} else if (groups_sql[v] == NULL) {
		bool day = v & G_DAY, gender = v & G_GENDER, country = v & G_COUNTRY, contact = v & G_CONTACT;
		bool age = v & G_AGE, school = v & G_SCHOOL, job = v & G_JOB, wait = v & G_WAIT, sums = v & G_SUMS;
		bool start = v & G_START, status = !job && !wait, band = age || school;
		/* a period's exits (G_DAY) or starts (G_START): the range of the
		 * day ($12, $13: report_facts_exit_dates, _start_jobs or _start_waits), and
		 * every parameter before them named, so that PostgreSQL knows
		 * their types (0 bound to those of no use here) */
		char period[192] = "";
		if (day || start)
			snprintf(period, sizeof period, "%s%s%s AND %s >= $12 AND %s <= $13",
				 !status && !band ? " AND $6 = 0" : "", !sums && !band ? " AND $7 = 0" : "",
				 !band ? " AND $8 = $9 AND $10 = $11" : "", day ? "exit_date" : "start_date",
				 day ? "exit_date" : "start_date");
		char *sql = malloc(2048);
		if (sql != NULL)
			snprintf(sql, 2048,
				 "SELECT start_year, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, COUNT(*), %s, %s, %s"
				 " FROM report_facts WHERE %s%s%s AND (gender = $2 OR $2 = '')"
				 " AND (country = $3 OR $3 = '') AND %s"
				 " AND (start_year = $5 OR $5 = 0)%s%s%s%s%s"
				 " GROUP BY %s%s%s%s%s%s%s",
				 status ? "exit_year" : "0", status ? "outcome" : "NULL", status ? "result6" : "NULL",
				 status ? "result12" : "NULL", day ? "exit_date" : "NULL", gender ? "gender" : "''",
				 country ? "country" : "''", contact ? "contact_id" : "0", age ? "age" : "NULL",
				 start ? "start_date" : "NULL", school ? "schooling" : "NULL",
				 job ? "job_days" : wait ? "wait_days" : "NULL",
				 sums ? "SUM(CASE WHEN COALESCE(exit_day, $7) < start_day THEN 0 ELSE 1 END)" : "0",
				 sums ? "SUM(CASE WHEN COALESCE(exit_day, $7) < start_day THEN 0 ELSE start_day END),"
					" SUM(CASE WHEN COALESCE(exit_day, $7) < start_day THEN 0 ELSE COALESCE(exit_day, 0) END)"
				      : "0, 0",
				 /* a contact person's rows by report_facts_by_contact */
				 REPORT_CENTRE_SQL(contact),
				 /* with a period the range of its day leads (the "+": not
				  * report_facts_exits' range of the exit year) */
				 !(v & G_EXITS) ? "" : day ? " AND +exit_year > 0" : " AND exit_year > 0",
				 report_scheme_sql[v / G_SCHEME],
				 REPORT_CONTACT_SQL(contact),
				 /* not in the index of Time to work and the wait: not named there */
				 status ? " AND (exit_year = $6 OR $6 = 0)" : "",
				 /* a band as the range of its years ($8, $9 the ages; $10, $11
				  * the years of schooling: report_band_range()), read from
				  * report_facts_ages or _schooling; $6 and $7 then named in
				  * every variant, so that PostgreSQL knows their types */
				 (age || school) && !status ? " AND $6 = 0" : "", (age || school) && !sums ? " AND $7 = 0" : "",
				 age && school ? " AND age >= $8 AND age <= $9 AND schooling >= $10 AND schooling <= $11"
				 : age	       ? " AND age >= $8 AND age <= $9 AND $10 = $11"
				 : school      ? " AND schooling >= $10 AND schooling <= $11 AND $8 = $9"
					       : "",
				 /* with a period by its day first: the groups come in
				  * the order of report_facts_exit_dates, _start_jobs or _start_waits */
				 period, day ? "exit_date, " : start ? "start_date, " : "",
				 status ? "exit_year, start_year, outcome, result6, result12"
				 : job	? "start_year, job_days"
					: "start_year, wait_days",
				 gender ? ", gender" : "", country ? ", country" : "",
				 contact ? ", contact_id" : "", age ? ", age" : "",
				 school ? ", schooling" : "");
		groups_sql[v] = sql;
	}
	pthread_mutex_unlock(&groups_lock);
	return groups_sql[v];
}

/*
 * The statement of variant v (G_KEPT, with G_GENDER, G_COUNTRY, G_EXITS,
 * G_SUMS, G_JOB or G_WAIT only, or G_AGE or G_SCHOOL without G_COUNTRY) on the groups
 * kept counted (migration 32): report_groups (the years and statuses,
 * gender and country; the days of those in the programme by their start
 * day, of the others summed), report_jobs or report_waits (start year, job
 * or wait days, gender and country); under an age band the same by age and
 * gender (report_age_groups, _jobs, _waits: migration 53, decision 111),
 * the band's range of ages $8 and $9 as the periods' statement reads it;
 * under a schooling band (G_SCHOOL without G_AGE or G_COUNTRY) by the
 * years of schooling and gender (report_school_*: migration 59, decision
 * 118), the range $10 to $11; a period's exits (G_DAY, without a band) by
 * their day (report_exit_days: migration 67, decision 128). The columns
 * and parameters are those of the same variant without G_KEPT.
 */
static char *
kept_groups_sql(unsigned v)
{
	bool gender = v & G_GENDER, country = v & G_COUNTRY, sums = v & G_SUMS, age = v & G_AGE;
	bool school = v & G_SCHOOL, band = age || school;
	const char *days = v & G_JOB ? "job" : v & G_WAIT ? "wait" : NULL;
	/* by age or schooling: the band's range, and $6 and $7 (and with
	 * schooling $8 and $9) named in every variant (the periods'
	 * statement's parameters, whose types PostgreSQL must know) */
	char bands[128];
	snprintf(bands, sizeof bands, "%s%s%s",
		 age	  ? " AND age >= $8 AND age <= $9"
		 : school ? " AND schooling >= $10 AND schooling <= $11 AND $8 = $9"
			  : "",
		 band && days != NULL ? " AND $6 = 0" : "", band && !sums ? " AND $7 = 0" : "");
	const char *by = age ? "age" : "schooling", *prefix = age ? "age_" : school ? "school_" : "";
	char *sql = malloc(1536);
	if (sql == NULL)
		return NULL;
	if (v & G_DAY)
		/* a period's exits by their day (report_exit_days, migration 67),
		 * in the order of its key; the parameters as the periods'
		 * statement names them */
		snprintf(sql, 1536,
			 "SELECT start_year, exit_year, NULLIF(outcome, ''), NULLIF(result6, ''), NULLIF(result12, ''),"
			 " exit_date, %s, %s, 0, NULL, NULL, NULL, SUM(n), NULL, 0, 0, 0 FROM report_exit_days"
			 " WHERE centre_id = $1 AND exit_date >= $12 AND exit_date <= $13%s AND (gender = $2 OR $2 = '')"
			 " AND (country = $3 OR $3 = '') AND $4 = 0 AND (start_year = $5 OR $5 = 0)"
			 " AND (exit_year = $6 OR $6 = 0) AND $7 = 0 AND $8 = $9 AND $10 = $11"
			 " GROUP BY exit_date, exit_year, start_year, outcome, result6, result12%s%s",
			 gender ? "gender" : "''", country ? "country" : "''", (v & G_EXITS) ? " AND exit_year > 0" : "",
			 gender ? ", gender" : "", country ? ", country" : "");
	else if (days != NULL)
		snprintf(sql, 1536,
			 "SELECT start_year, 0, NULL, NULL, NULL, NULL, %s, %s, 0, %s, NULL, %s, SUM(n), %s_days, 0,"
			 " 0, 0 FROM report_%s%ss WHERE centre_id = $1 AND (gender = $2 OR $2 = '')"
			 " AND %s AND $4 = 0 AND (start_year = $5 OR $5 = 0)%s"
			 " GROUP BY start_year, %s_days%s%s%s%s",
			 gender ? "gender" : "''", country ? "country" : "''", age ? "age" : "NULL",
			 school ? "NULLIF(schooling, -1)" : "NULL", days, prefix, days,
			 band ? "$3 = ''" : "(country = $3 OR $3 = '')", bands, days, gender ? ", gender" : "",
			 country ? ", country" : "", band ? ", " : "", band ? by : "");
	else
		snprintf(sql, 1536,
			 "SELECT start_year, exit_year, NULLIF(outcome, ''), NULLIF(result6, ''), NULLIF(result12, ''),"
			 " NULL, %s, %s, 0, %s, NULL, %s, SUM(n), NULL, %s, %s FROM report_%sgroups WHERE centre_id = $1"
			 "%s AND (gender = $2 OR $2 = '') AND %s AND $4 = 0"
			 " AND (start_year = $5 OR $5 = 0) AND (exit_year = $6 OR $6 = 0)%s"
			 " GROUP BY exit_year, start_year, outcome, result6, result12%s%s%s%s",
			 gender ? "gender" : "''", country ? "country" : "''", age ? "age" : "NULL",
			 school ? "NULLIF(schooling, -1)" : "NULL",
			 sums ? "SUM(CASE WHEN in_programme = 1 THEN CASE WHEN open_day <= $7 THEN n ELSE 0 END"
				" ELSE days_n END)" : "0",
			 sums ? "SUM(CASE WHEN in_programme = 1 THEN CASE WHEN open_day <= $7 THEN n * open_day ELSE 0 END"
				" ELSE start_days END), SUM(CASE WHEN in_programme = 1 THEN 0 ELSE exit_days END)"
			      : "0, 0",
			 prefix, (v & G_EXITS) ? " AND exit_year > 0" : "",
			 band ? "$3 = ''" : "(country = $3 OR $3 = '')", bands, gender ? ", gender" : "",
			 country ? ", country" : "", band ? ", " : "", band ? by : "");
	return sql;
}

/* A period's starts counted by their day (G_START) merged by the other
 * columns as they are read (period_groups()): some 69,000 groups by day for
 * this year and women at a million, a few hundred without it. A merged
 * row's start is its group's first day, which the domain checks against
 * the period as it checked each day (every row is of the period's days:
 * the statement reads only those). The rows read so far, as their index +
 * 1 (0 empty), by hash. */
struct start_merge {
	uint32_t *slot;
	size_t cap, used;   /* cap a power of 2, or 0 */
};

static uint64_t
start_hash(const struct report_period *p)
{
	uint64_t h = 14695981039346656037u;
	const int64_t v[6] = {p->start.y, p->contact_id, p->age, p->schooling, p->job_days, p->wait_days};
	for (int i = 0; i < 6; i++)
		h = (h ^ (uint64_t)v[i]) * 1099511628211u;
	for (const char *s = p->gender; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	h = (h ^ 0x100u) * 1099511628211u;   /* between the two texts */
	for (const char *s = p->country; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static bool
start_same(const struct report_period *a, const struct report_period *b)
{
	return a->start.y == b->start.y && a->contact_id == b->contact_id && a->age == b->age &&
	       a->schooling == b->schooling && a->job_days == b->job_days && a->wait_days == b->wait_days &&
	       strcmp(a->gender, b->gender) == 0 && strcmp(a->country, b->country) == 0;
}

/* The earlier row of rows[n]'s group in *hit, else SIZE_MAX and rows[n]
 * entered as its group's. */
static int
start_merge_find(struct start_merge *m, const struct report_period *rows, size_t n, size_t *hit)
{
	if (n >= UINT32_MAX)
		return SC_ENOMEM;
	if ((m->used + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 1024;
		uint32_t *slot = calloc(ncap, sizeof *slot);
		if (slot == NULL)
			return SC_ENOMEM;
		for (size_t i = 0; i < m->cap; i++)
			if (m->slot[i] != 0) {
				size_t j = start_hash(&rows[m->slot[i] - 1]) & (ncap - 1);
				while (slot[j] != 0)
					j = (j + 1) & (ncap - 1);
				slot[j] = m->slot[i];
			}
		free(m->slot);
		m->slot = slot;
		m->cap = ncap;
	}
	for (size_t i = start_hash(&rows[n]) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->slot[i] == 0) {
			m->slot[i] = (uint32_t)(n + 1);
			m->used++;
			*hit = SIZE_MAX;
			return SC_OK;
		}
		if (start_same(&rows[m->slot[i] - 1], &rows[n])) {
			*hit = m->slot[i] - 1;
			return SC_OK;
		}
	}
}

/*
 * The periods counted together in SQL (store_report_period_groups(),
 * store_report_period_sums()): the columns the report reads, then each
 * filter's column when the filter is given (else a constant, so that the
 * groups are few), the exit or start day when the report counts by a
 * period of days, and the count. Each filter also narrows in SQL, by the
 * stored value the domain compares (the domain checks each group again).
 */
static int
period_groups(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f, unsigned what,
	      struct date today, struct report_period **rows, size_t *n, size_t *cap)
{
	bool gender = f->gender != NULL && f->gender[0], country = f->country != NULL && f->country[0];
	bool contact = f->contact_id != 0, age = f->age_band >= 0, school = f->schooling >= 0;
	bool period = f->from.y != 0 || f->to.y != 0;
	bool job = (what & REPORT_GROUP_JOB) != 0, wait = !job && (what & REPORT_GROUP_WAIT) != 0;
	bool day = (what & REPORT_GROUP_EXIT_DAY) != 0 && period && !job && !wait;
	bool exits = (what & REPORT_GROUP_EXITS) != 0 && !job && !wait;
	bool sums = (what & REPORT_GROUP_DAYS) != 0 && !job && !wait;
	bool start = (job || wait) && period;
	unsigned scheme = report_scheme_of(f);
	/* the groups kept counted when no filter needs a column they lack (by
	 * age and gender under an age band: no country; a period's exits by
	 * day: no band) */
	bool kept = !contact && !(age && country) && !(school && (age || country)) && !start && scheme == 0 &&
		    !(day && (age || school));
	unsigned v = (day ? G_DAY : 0) | (gender ? G_GENDER : 0) | (country ? G_COUNTRY : 0) |
		     (contact ? G_CONTACT : 0) | (age ? G_AGE : 0) | (school ? G_SCHOOL : 0) | (exits ? G_EXITS : 0) |
		     (job ? G_JOB : 0) | (wait ? G_WAIT : 0) | (sums ? G_SUMS : 0) | (start ? G_START : 0) |
		     (kept ? G_KEPT : 0) | scheme * G_SCHEME;
	const char *sql = groups_of(v);
	if (sql == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, gender ? f->gender : "");
	db_bind_text(st, 3, country ? f->country : "");
	db_bind_int(st, 4, f->contact_id);
	db_bind_int(st, 5, f->cohort != FIELD_NONE ? f->cohort : 0);
	if (!job && !wait)
		db_bind_int(st, 6, exits && f->exit_year != FIELD_NONE ? f->exit_year : 0);
	if (sums)
		db_bind_int(st, 7, date_to_days(today));
	if (age || school || day || start) {
		int64_t lo, hi;
		if (job || wait)
			db_bind_int(st, 6, 0);
		if (!sums)
			db_bind_int(st, 7, 0);
		report_band_range(f->age_band, report_age_band_years, &lo, &hi);
		db_bind_int(st, 8, age ? lo : 0);
		db_bind_int(st, 9, age ? hi : 0);
		report_band_range(f->schooling, report_schooling_band_of, &lo, &hi);
		if (!kept || school || day) {
			db_bind_int(st, 10, school ? lo : 0);
			db_bind_int(st, 11, school ? hi : 0);
		}
	}
	if (day || start) {   /* the period's first and last day, each may be open */
		char from[16], to[16];
		report_period_days(f, from, to);
		db_bind_text(st, 12, from);
		db_bind_text(st, 13, to);
	}
	struct keys ks = {0};
	struct start_merge merge = {0};
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct report_period *p = report_next_row(a, (void **)rows, *n, cap, sizeof **rows);
		if (p == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		p->centre_id = centre;
		int sy = (int)db_col_int(st, 0), ey = (int)db_col_int(st, 1);
		p->start = start ? report_col_date(st, 10) : (struct date){sy, 1, 1};
		p->exit = day ? report_col_date(st, 5) : ey > 0 ? (struct date){ey, 1, 1} : (struct date){0, 0, 0};
		p->exit_status = report_status_of(db_col_null(st, 2) ? NULL : db_col_text(st, 2));
		p->status6 = report_status_of(db_col_null(st, 3) ? NULL : db_col_text(st, 3));
		p->status12 = report_status_of(db_col_null(st, 4) ? NULL : db_col_text(st, 4));
		p->gender = report_col_key(st, a, 6, &ks);
		p->country = report_col_key(st, a, 7, &ks);
		p->contact_id = db_col_int(st, 8);
		p->age_kept = age;
		p->age = age ? (int)db_col_int(st, 9) : 0;
		p->schooling = db_col_null(st, 11) ? FIELD_NONE : db_col_int(st, 11);
		p->scheme = scheme > 0 ? (int)scheme - 1 : -1;   /* narrowed in SQL */
		p->n = db_col_int(st, 12);
		if (job || wait) {
			p->days_kept = true;
			int64_t d = db_col_null(st, 13) ? -1 : db_col_int(st, 13);
			p->job_days = job ? d : -1;
			p->wait_days = wait ? d : -1;
		}
		if (sums) {
			p->day_sums = true;
			p->days_n = db_col_int(st, 14);
			p->start_days = db_col_int(st, 15);
			p->exit_days = db_col_int(st, 16);
		}
		if (p->gender == NULL || p->country == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		if (start) {   /* by the other columns than the day (struct start_merge) */
			size_t hit;
			if ((rc = start_merge_find(&merge, *rows, *n, &hit)) != SC_OK)
				break;
			if (hit != SIZE_MAX) {
				struct report_period *q = &(*rows)[hit];
				q->n += p->n;
				if (date_cmp(p->start, q->start) < 0)
					q->start = p->start;
				continue;
			}
		}
		(*n)++;
	}
	db_done(st);
	free(merge.slot);
	return rc < 0 ? rc : SC_OK;
}

int
store_report_period_groups(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			   unsigned what, struct report_period **rows, size_t *n, size_t *cap)
{
	return period_groups(db, a, centre, f, what & ~REPORT_GROUP_DAYS, (struct date){0, 0, 0}, rows, n, cap);
}

int
store_report_period_sums(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			 struct date today, struct report_period **rows, size_t *n, size_t *cap)
{
	return period_groups(db, a, centre, f, REPORT_GROUP_DAYS, today, rows, n, cap);
}

/* The rows of the one table that are not in the other, both ways. */
static const char sql_facts_differ[] =
	"SELECT (SELECT COUNT(*) FROM (SELECT * FROM report_facts_source WHERE centre_id = $1"
	"  EXCEPT SELECT * FROM report_facts WHERE centre_id = $1) x),"
	" (SELECT COUNT(*) FROM (SELECT * FROM report_facts WHERE centre_id = $1"
	"  EXCEPT SELECT * FROM report_facts_source WHERE centre_id = $1) y),"
	" (SELECT COUNT(*) FROM report_facts WHERE centre_id = $1),"
	" (SELECT COUNT(*) FROM report_facts_source WHERE centre_id = $1)";

/* intake_facts against its view, as store_report_facts_verify(). */
static const char sql_intake_differ[] =
	"SELECT (SELECT COUNT(*) FROM (SELECT * FROM intake_facts_source WHERE centre_id = $1"
	"  EXCEPT SELECT * FROM intake_facts WHERE centre_id = $1) x),"
	" (SELECT COUNT(*) FROM (SELECT * FROM intake_facts WHERE centre_id = $1"
	"  EXCEPT SELECT * FROM intake_facts_source WHERE centre_id = $1) y),"
	" (SELECT COUNT(*) FROM intake_facts WHERE centre_id = $1),"
	" (SELECT COUNT(*) FROM intake_facts_source WHERE centre_id = $1)";

/* Norwegian's steps and Internships' placements, and their groups
 * (migration 38); Money's groups (migration 39); the liaison's home's
 * counts of placements (migration 41); Norwegian's steps by age and
 * schooling (migration 48); Money's groups by age (migration 53) and by
 * schooling (migration 59) */
#define AREA_KEPT(m) \
	m("language_steps") " + " m("language_gains") " + " m("placement_facts") " + " m("internship_employers") " + " \
	m("internship_groups") " + " m("internship_cohorts") " + " m("money_groups") " + " m("placement_counts") " + " \
	m("language_bands") " + " m("money_ages") " + " m("money_schools")
/* the periods' groups (migration 32), the same by age (migration 53)
 * and by schooling (migration 59), and the exits by day (migration 67) */
#define PERIOD_KEPT(m) \
	m("report_groups") " + " m("report_jobs") " + " m("report_waits") " + " m("report_age_groups") " + " \
	m("report_age_jobs") " + " m("report_age_waits") " + " m("report_school_groups") " + " \
	m("report_school_jobs") " + " m("report_school_waits") " + " m("report_exit_days")
static const char sql_groups_differ[] =
	"SELECT " PERIOD_KEPT(GROUPS_MISSING) " + " AREA_KEPT(GROUPS_MISSING) ", " PERIOD_KEPT(GROUPS_EXTRA) " + "
	AREA_KEPT(GROUPS_EXTRA);
/* Intake's counts (migration 32) and its sources by age (migration 56)
 * and by schooling (migration 59) */
static const char sql_intake_counts_differ[] =
	"SELECT " GROUPS_MISSING("intake_sources") " + " GROUPS_MISSING("intake_days") " + "
	GROUPS_MISSING("intake_age_sources") " + " GROUPS_MISSING("intake_school_sources") ", "
	GROUPS_EXTRA("intake_sources") " + " GROUPS_EXTRA("intake_days") " + " GROUPS_EXTRA("intake_age_sources") " + "
	GROUPS_EXTRA("intake_school_sources");

/* The kept rows against the facts (sql), then their counts kept against
 * the rows (counted), added. */
static int
kept_differ(struct db *db, const char *sql, const char *counted, int64_t centre, int64_t *missing, int64_t *extra)
{
	int rc = report_facts_differ(db, sql, centre, missing, extra);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, counted);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*missing += db_col_int(st, 0);
		*extra += db_col_int(st, 1);
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* whether the centre has a period of each scheme (in the kinds' order),
 * each by its partial index (report_facts_bergen, _kvp: migration 69; the
 * scheme written out, as a partial index is taken only for its own; named
 * on SQLite, which would read the centre's periods by a covering index
 * until one of the scheme came: all of them when none does) */
#define SCHEME_HAS(key, by) \
	"CASE WHEN EXISTS (SELECT 1 FROM report_facts" by " WHERE centre_id = $1 AND scheme = '" key "')" \
	" THEN 1 ELSE 0 END"
static const char sql_scheme_span_pg[] = "SELECT " SCHEME_HAS("bergen", "") ", " SCHEME_HAS("kvp", "");
static const char sql_scheme_span_sqlite[] = "SELECT " SCHEME_HAS("bergen", " INDEXED BY report_facts_bergen") ", "
	SCHEME_HAS("kvp", " INDEXED BY report_facts_kvp");

int
store_report_scheme_span(struct db *db, int64_t centre, int scheme, int *span)
{
	*span = REPORT_SCHEME_SOME;
	if (scheme != BENEFIT_BERGEN && scheme != BENEFIT_KVP)
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, db_kind(db) == DB_POSTGRES ? sql_scheme_span_pg : sql_scheme_span_sqlite);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		bool of = db_col_int(st, scheme) != 0, other = db_col_int(st, 1 - scheme) != 0;
		*span = of && other ? REPORT_SCHEME_SOME : of || !other ? REPORT_SCHEME_ALL : REPORT_SCHEME_NONE;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* The countries of birth of a centre's programme periods (every centre's
 * with centre 0), from the kept groups (report_groups, a few thousand rows
 * a centre), in order, at most 500. */
static const char sql_countries[] =
	"SELECT DISTINCT country FROM report_groups WHERE centre_id = $1 AND country <> '' ORDER BY country LIMIT 500";
static const char sql_countries_all[] =
	"SELECT DISTINCT country FROM report_groups WHERE country <> '' ORDER BY country LIMIT 500";

int
store_report_countries(struct db *db, struct arena *a, int64_t centre, const char ***items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, centre != 0 ? sql_countries : sql_countries_all);
	if (st == NULL)
		return SC_EDB;
	if (centre != 0)
		db_bind_int(st, 1, centre);
	const char **list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL || (list[count] = arena_strdup(a, db_col_text(st, 0))) == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_report_facts_verify(struct db *db, int64_t centre, int64_t *missing, int64_t *extra)
{
	return kept_differ(db, sql_facts_differ, sql_groups_differ, centre, missing, extra);
}

int
store_report_intake_verify(struct db *db, int64_t centre, int64_t *missing, int64_t *extra)
{
	return kept_differ(db, sql_intake_differ, sql_intake_counts_differ, centre, missing, extra);
}

int
report_facts_differ(struct db *db, const char *sql, int64_t centre, int64_t *missing, int64_t *extra)
{
	*missing = *extra = 0;
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*missing = db_col_int(st, 0);
		*extra = db_col_int(st, 1);
		/* a row kept twice (or a period twice from scratch) is no
		 * difference to EXCEPT: the counts tell it */
		int64_t kept = db_col_int(st, 2), fresh = db_col_int(st, 3);
		if (kept - *extra > fresh - *missing)
			*extra += (kept - *extra) - (fresh - *missing);
		else
			*missing += (fresh - *missing) - (kept - *extra);
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

static const char sql_year_starts[] =
	"SELECT enrolment_id, participant_id, start_date, exit_date, outcome, referred_on FROM report_facts"
	" WHERE centre_id = $1 AND start_year = $4 AND start_date >= $2 AND start_date <= $3 ORDER BY enrolment_id";
static const char sql_year_exits[] =
	/* exit_year and start_year are the dates' first four characters:
	 * "exit in the year, started by its end" counted from the groups kept
	 * (migration 32; with the dates themselves, every row of the year was
	 * read: 1.6 s at a million; from report_facts' index, every exit of
	 * the year: 0.1 s) */
	"SELECT NULLIF(outcome, ''), SUM(n) FROM report_groups"
	" WHERE centre_id = $1 AND exit_year = $2 AND start_year <= $2"
	" GROUP BY outcome ORDER BY outcome";

/* The first and the last day of year, as stored. */
static void
year_bounds(int year, char first[11], char last[11])
{
	date_format((struct date){year, 1, 1}, first);
	date_format((struct date){year, 12, 31}, last);
}

int
store_report_year_starts(struct db *db, struct arena *a, int64_t centre, int year, struct report_period **rows,
			 size_t *n)
{
	*rows = NULL;
	*n = 0;
	char first[11], last[11];
	year_bounds(year, first, last);
	struct db_stmt *st = db_prepare(db, sql_year_starts);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, first);
	db_bind_text(st, 3, last);
	db_bind_int(st, 4, year);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct report_period *grown = arena_alloc(a, sizeof *grown * ncap);
			if (grown == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			if (*n > 0)
				memcpy(grown, *rows, sizeof *grown * *n);
			*rows = grown;
			cap = ncap;
		}
		struct report_period *p = &(*rows)[*n];
		memset(p, 0, sizeof *p);
		p->id = db_col_int(st, 0);
		p->participant_id = db_col_int(st, 1);
		p->centre_id = centre;
		p->scheme = -1;
		p->start = report_col_date(st, 2);
		p->exit = report_col_date(st, 3);
		p->exit_status = report_status_of(db_col_null(st, 4) ? NULL : db_col_text(st, 4));
		p->referred_on = report_col_date(st, 5);
		p->gender = "";
		p->country = "";
		p->schooling = FIELD_NONE;
		p->status6 = RS_NONE;
		p->status12 = RS_NONE;
		(*n)++;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_report_year_exits(struct db *db, struct arena *a, int64_t centre, int year, struct report_status_count **rows,
			size_t *n)
{
	enum { ROOM = RS_UNEMPLOYED + 2 };
	*n = 0;
	*rows = arena_alloc(a, sizeof **rows * ROOM);
	if (*rows == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_year_exits);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, year);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int status = report_status_of(db_col_null(st, 0) ? NULL : db_col_text(st, 0));
		size_t k = 0;
		while (k < *n && (*rows)[k].status != status)
			k++;
		if (k == *n) {
			if (*n == ROOM)
				continue;
			(*rows)[k] = (struct report_status_count){status, 0};
			(*n)++;
		}
		(*rows)[k].n += db_col_int(st, 1);
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

static const char sql_referrals[] =
	"SELECT r.id, COALESCE(p.contact_id, 0), p.gender, p.country_of_birth, p.birth_date, p.schooling_years,"
	" r.source, r.referred_on,"
	" (SELECT MIN(ev.on_date) FROM referral_events ev WHERE ev.referral_id = r.id AND ev.centre_id = r.centre_id"
	"  AND ev.to_state = 'waiting'),"
	" (SELECT MIN(ev.on_date) FROM referral_events ev WHERE ev.referral_id = r.id AND ev.centre_id = r.centre_id"
	"  AND ev.to_state IN ('accepted', 'declined', 'withdrawn', 'ineligible'))"
	" FROM referrals r JOIN participants p ON p.id = r.participant_id AND p.centre_id = r.centre_id"
	" WHERE r.centre_id = $1 ORDER BY r.id";
static const char sql_screenings[] =
	"SELECT s.referral_id, s.rule, s.pass, s.screened_at FROM screening_results s WHERE s.centre_id = $1"
	" ORDER BY s.referral_id, s.screened_at";

int
store_report_referrals(struct db *db, struct arena *a, int64_t centre, struct report_referral **rows, size_t *n,
		       size_t *cap)
{
	size_t first = *n;
	struct report_referral *room = report_room_for(a, *rows, *n, cap, count_rows(db, sql_count_referrals, centre), sizeof **rows);
	if (room == NULL)
		return SC_ENOMEM;
	*rows = room;
	struct db_stmt *st = db_prepare(db, sql_referrals);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	struct keys ks = {0};
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct report_referral *r = report_next_row(a, (void **)rows, *n, cap, sizeof **rows);
		if (r == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		r->id = db_col_int(st, 0);
		r->centre_id = centre;
		r->contact_id = db_col_int(st, 1);
		r->gender = report_col_key(st, a, 2, &ks);
		r->country = report_col_key(st, a, 3, &ks);
		r->birth = report_col_date(st, 4);
		r->schooling = db_col_null(st, 5) ? FIELD_NONE : db_col_int(st, 5);
		r->source = report_source_of(db_col_text(st, 6));
		r->referred_on = report_col_date(st, 7);
		r->waiting_from = report_col_date(st, 8);
		r->waiting_until = report_col_date(st, 9);
		for (int k = 0; k < REPORT_NRULES; k++)
			r->screen[k] = -1;
		if (r->gender == NULL || r->country == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		(*n)++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	/* the latest screening, merged by referral id (both in id order; one
	 * pass in the order of the index): a later screening of a referral
	 * replaces what an earlier one said */
	st = db_prepare(db, sql_screenings);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	size_t i = first;
	int64_t at = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		while (i < *n && (*rows)[i].id < id) {
			i++;
			at = INT64_MIN;
		}
		if (i == *n)
			continue;
		if ((*rows)[i].id != id)
			continue;
		int64_t when = db_col_int(st, 3);
		if (when != at) {
			for (int k = 0; k < REPORT_NRULES; k++)
				(*rows)[i].screen[k] = -1;
			at = when;
		}
		int rule = report_rule_of(db_col_text(st, 1));
		if (rule >= 0)
			(*rows)[i].screen[rule] = db_col_int(st, 2) != 0;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

static const char sql_assignments[] =
	"SELECT a.participant_id, a.contact_id, a.from_at, a.to_at FROM assignments a WHERE a.centre_id = $1"
	" ORDER BY a.participant_id, a.from_at, a.id";
static const char sql_count_assignments[] = "SELECT COUNT(*) FROM assignments WHERE centre_id = $1";
static const char sql_contacts[] =
	"SELECT u.id, u.display_name, COALESCE(u.caseload_cap, $3)" CASELOAD_CONTACTS("$2");

/* The day of a Unix time (UTC). */
static struct date
day_of(int64_t t)
{
	return date_from_days(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

int
store_report_assignments(struct db *db, struct arena *a, int64_t centre, struct report_assignment **rows,
			 size_t *n)
{
	*rows = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_count_assignments);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	int rc = db_step(st);
	int64_t total = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc < 0)
		return rc;
	struct report_assignment *list = arena_alloc(a, sizeof *list * (size_t)(total > 0 ? total : 1));
	if (list == NULL)
		return SC_ENOMEM;
	st = db_prepare(db, sql_assignments);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	size_t count = 0;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)total) {
		list[count].participant_id = db_col_int(st, 0);
		list[count].contact_id = db_col_int(st, 1);
		list[count].from = day_of(db_col_int(st, 2));
		if (db_col_null(st, 3))
			memset(&list[count].to, 0, sizeof list[count].to);
		else
			list[count].to = day_of(db_col_int(st, 3));
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*rows = list;
	*n = count;
	return SC_OK;
}

int
store_report_contacts(struct db *db, struct arena *a, int64_t centre, struct report_contact **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	struct report_contact *list = arena_alloc(a, sizeof *list * 2000);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_contacts);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, ROLE_BIT(ROLE_CONTACT));
	db_bind_int(st, 3, CASELOAD_DEFAULT_CAP);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 2000) {
		list[count].id = db_col_int(st, 0);
		list[count].name = arena_strdup(a, db_col_text(st, 1));
		list[count].cap = db_col_int(st, 2);
		if (list[count].name == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*rows = list;
	*n = count;
	return SC_OK;
}

static const char sql_late[] =
	"SELECT t.id, t.participant_id, t.kind, t.due_on, COALESCE(t.assignee_id, 0),"
	" p.given_name || ' ' || p.family_name, COALESCE(u.display_name, '')"
	" FROM tasks t JOIN participants p ON p.id = t.participant_id AND p.centre_id = t.centre_id"
	" LEFT JOIN users u ON u.id = t.assignee_id"
	" WHERE t.centre_id = $1 AND t.done_on IS NULL AND t.due_on < $2 AND ($3 = 0 OR t.assignee_id = $3)"
	" ORDER BY t.due_on, t.id LIMIT $4";
static const char sql_late_count[] =
	"SELECT COUNT(*) FROM tasks t"
	" WHERE t.centre_id = $1 AND t.done_on IS NULL AND t.due_on < $2 AND ($3 = 0 OR t.assignee_id = $3)";
/* One person's (Today, on every load of the page): the same rows named by
 * the assignee, so that the engine reads the range of tasks_assignee
 * (assignee_id, done_on, due_on) instead of every open task of the centre
 * ("$3 = 0 OR" hides the index from a prepared plan; "+" keeps SQLite,
 * without statistics, from taking tasks_centre_due instead). */
static const char sql_late_mine[] = DB_GENERIC_PLAN
	"SELECT t.id, t.participant_id, t.kind, t.due_on, COALESCE(t.assignee_id, 0),"
	" p.given_name || ' ' || p.family_name, COALESCE(u.display_name, '')"
	" FROM tasks t JOIN participants p ON p.id = t.participant_id AND p.centre_id = t.centre_id"
	" LEFT JOIN users u ON u.id = t.assignee_id"
	" WHERE t.assignee_id = $3 AND t.done_on IS NULL AND t.due_on < $2 AND +t.centre_id = $1"
	" AND " FOLLOWUP_STILL_THEIRS("t.participant_id", "$5")
	" ORDER BY t.due_on, t.id LIMIT $4";
static const char sql_late_mine_count[] = DB_GENERIC_PLAN
	"SELECT COUNT(*) FROM tasks t"
	" WHERE t.assignee_id = $3 AND t.done_on IS NULL AND t.due_on < $2 AND +t.centre_id = $1"
	" AND " FOLLOWUP_STILL_THEIRS("t.participant_id", "$4");

int
store_followups_late(struct db *db, struct arena *a, int64_t centre, int64_t assignee, struct date today,
		     struct date due_before, size_t limit, struct late_followup **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	char before[11], day[11];
	date_format(due_before, before);
	date_format(today, day);
	struct db_stmt *st = db_prepare(db, assignee != 0 ? sql_late_mine_count : sql_late_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, before);
	db_bind_int(st, 3, assignee);
	if (assignee != 0)
		db_bind_text(st, 4, day);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	if (limit == 0 || *total == 0)
		return SC_OK;
	struct late_followup *list = arena_alloc(a, sizeof *list * limit);
	if (list == NULL)
		return SC_ENOMEM;
	st = db_prepare(db, assignee != 0 ? sql_late_mine : sql_late);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, before);
	db_bind_int(st, 3, assignee);
	db_bind_int(st, 4, (int64_t)limit);
	if (assignee != 0)
		db_bind_text(st, 5, day);
	size_t count = 0;
	while ((rc = db_step(st)) == DB_ROW && count < limit) {
		struct late_followup *l = &list[count];
		l->task_id = db_col_int(st, 0);
		l->participant_id = db_col_int(st, 1);
		l->kind = arena_strdup(a, db_col_text(st, 2));
		l->due_on = report_col_date(st, 3);
		l->assignee_id = db_col_int(st, 4);
		l->participant_name = arena_strdup(a, db_col_text(st, 5));
		l->assignee_name = arena_strdup(a, db_col_text(st, 6));
		if (l->kind == NULL || l->participant_name == NULL || l->assignee_name == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

static const char sql_referrals_since[] =
	"SELECT COUNT(*) FROM referrals WHERE centre_id = $1 AND referred_on >= $2";

int
store_report_referrals_since(struct db *db, int64_t centre, struct date since, int64_t *n)
{
	char d[11];
	date_format(since, d);
	struct db_stmt *st = db_prepare(db, sql_referrals_since);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, d);
	int rc = db_step(st);
	*n = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

static const char sql_unassigned[] =
	"SELECT COUNT(*) FROM participants WHERE centre_id = $1 AND status IN ('active', 'paused')"
	" AND contact_id IS NULL";

int
store_report_unassigned(struct db *db, int64_t centre, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_unassigned);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	int rc = db_step(st);
	*n = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* The gross of the centre's approved runs of the year's months (the run's
 * totals: what its statements paid, back-pay included, before tax). */
static const char sql_benefits_paid[] =
	"SELECT COALESCE(SUM(gross_ore), 0) FROM benefit_runs WHERE centre_id = $1 AND state = 'approved'"
	" AND month >= $2 AND month <= $3";

int
store_report_benefits_paid(struct db *db, int64_t centre, int year, int64_t *ore)
{
	*ore = 0;
	char from[16], to[16];
	snprintf(from, sizeof from, "%04d-01", year);
	snprintf(to, sizeof to, "%04d-12", year);
	struct db_stmt *st = db_prepare(db, sql_benefits_paid);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*ore = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* ---- programme costs ---- */

#define COST_COLS "c.id, c.year, c.staff, c.premises, c.activities, c.other, c.note, c.version, c.created_at," \
	" COALESCE(u.display_name, '')"

static const char sql_cost_next[] =
	"SELECT COALESCE(MAX(version), 0) + 1 FROM programme_costs WHERE centre_id = $1 AND year = $2";
static const char sql_cost_add[] =
	"INSERT INTO programme_costs (centre_id, year, staff, premises, activities, other, note, version,"
	" created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
static const char sql_costs[] =
	"SELECT " COST_COLS " FROM programme_costs c LEFT JOIN users u ON u.id = c.created_by"
	" WHERE c.centre_id = $1 AND c.version = (SELECT MAX(v.version) FROM programme_costs v"
	" WHERE v.centre_id = c.centre_id AND v.year = c.year) ORDER BY c.year LIMIT 100";
static const char sql_cost_versions[] =
	"SELECT " COST_COLS " FROM programme_costs c LEFT JOIN users u ON u.id = c.created_by"
	" WHERE c.centre_id = $1 AND c.year = $2 ORDER BY c.version DESC LIMIT 100";

int
store_cost_add(struct db *db, int64_t centre, struct programme_cost *c, int64_t now, int64_t user)
{
	struct db_stmt *st = db_prepare(db, sql_cost_next);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, c->year);
	int rc = db_step(st);
	if (rc == DB_ROW)
		c->version = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, sql_cost_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, c->year);
	db_bind_int(st, 3, c->staff);
	db_bind_int(st, 4, c->premises);
	db_bind_int(st, 5, c->activities);
	db_bind_int(st, 6, c->other);
	db_bind_text(st, 7, c->note != NULL ? c->note : "");
	db_bind_int(st, 8, c->version);
	db_bind_int(st, 9, now);
	if (user > 0)
		db_bind_int(st, 10, user);
	else
		db_bind_null(st, 10);
	return db_run(st, NULL);
}

static int
read_costs(struct db_stmt *st, struct arena *a, struct programme_cost **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct programme_cost *list = arena_alloc(a, sizeof *list * 100);
	if (list == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 100) {
		struct programme_cost *c = &list[count];
		c->id = db_col_int(st, 0);
		c->year = db_col_int(st, 1);
		c->staff = db_col_int(st, 2);
		c->premises = db_col_int(st, 3);
		c->activities = db_col_int(st, 4);
		c->other = db_col_int(st, 5);
		c->note = arena_strdup(a, db_col_text(st, 6));
		c->version = db_col_int(st, 7);
		c->created_at = db_col_int(st, 8);
		c->created_by_name = arena_strdup(a, db_col_text(st, 9));
		if (c->note == NULL || c->created_by_name == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_costs(struct db *db, struct arena *a, int64_t centre, struct programme_cost **items, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_costs);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	return read_costs(st, a, items, n);
}

int
store_cost_versions(struct db *db, struct arena *a, int64_t centre, int64_t year, struct programme_cost **items,
		    size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_cost_versions);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, year);
	return read_costs(st, a, items, n);
}

/* ---- the reports of the other areas (store_report.h) ---- */

/* A growing arena array of rows: room for one more, or NULL. */
struct report_area_row *
report_area_row_add(struct arena *a, struct report_area_row **rows, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 32;
		struct report_area_row *grown = arena_alloc(a, sizeof *grown * ncap);
		if (grown == NULL)
			return NULL;
		if (*n > 0)
			memcpy(grown, *rows, sizeof *grown * *n);
		*rows = grown;
		*cap = ncap;
	}
	struct report_area_row *r = &(*rows)[(*n)++];
	memset(r, 0, sizeof *r);
	return r;
}
