/*
 * store_report.c — what the reports read; see store_report.h.
 */
#include "db.h"
#include "staff.h"
#include "store.h"
#include "store_report_parts.h"
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
	" schooling, outcome, result6, on6, result12, on12, referred_on, scheme"
static const char sql_periods[] =
	"SELECT " PERIOD_COLS " FROM report_facts WHERE centre_id = $1 ORDER BY enrolment_id";
static const char sql_periods_recompute[] =
	"SELECT " PERIOD_COLS " FROM report_facts_source WHERE centre_id = $1 ORDER BY enrolment_id";

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
static void *
room_for(struct arena *a, void *rows, size_t n, size_t *cap, size_t more, size_t size)
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
	struct report_period *room = room_for(a, *rows, *n, cap, count_rows(db, sql_count_periods, centre), sizeof **rows);
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
		if (*n == *cap) {
			void *more = room_for(a, *rows, *n, cap, *cap ? *cap : 256, sizeof **rows);
			if (more == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			*rows = more;
		}
		struct report_period *p = &(*rows)[*n];
		memset(p, 0, sizeof *p);
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
static const char *const scheme_sql[] = {"", " AND scheme = 'bergen'", " AND scheme = 'kvp'"};
_Static_assert(BENEFIT_BERGEN == 0 && BENEFIT_KVP == 1, "scheme_sql follows the kinds' order");

static unsigned
scheme_of(const struct report_filter *f)
{
	return f->scheme == BENEFIT_BERGEN || f->scheme == BENEFIT_KVP ? (unsigned)f->scheme + 1 : 0;
}

/* The range [*lo, *hi] of the whole years (of age at a period's start, or
 * of schooling) that band_of() puts in band (migrations 47 and 49: the
 * kept rows hold the years, the domain says the bands; each band is a
 * range, the years below 256 decide it, and a band that holds 255 has no
 * end); no band (-1): every value kept, -1 too. */
static void
band_range(int band, int (*band_of)(int64_t), int64_t *lo, int64_t *hi)
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

static int
age_band_of(int64_t years)
{
	return report_age_band_of(years > 1000 ? 1000 : (int)years);
}

/* The variants of the groups' statement, by what is asked (one string
 * each, made when first asked and kept: statements are cached by their
 * text's address); the scheme (scheme_of()) times G_SCHEME. */
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
 * 1970-01-01). Then each filter's column when the filter is given.
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
		bool start = v & G_START, status = !job && !wait;
		char *sql = malloc(1536);
		if (sql != NULL)
			snprintf(sql, 1536,
				 "SELECT start_year, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, COUNT(*), %s, %s, %s"
				 " FROM report_facts WHERE centre_id = $1%s%s AND (gender = $2 OR $2 = '')"
				 " AND (country = $3 OR $3 = '') AND (contact_id = $4 OR $4 = 0)"
				 " AND (start_year = $5 OR $5 = 0)%s%s%s%s"
				 " GROUP BY %s%s%s%s%s%s%s%s",
				 status ? "exit_year" : "0", status ? "outcome" : "NULL", status ? "result6" : "NULL",
				 status ? "result12" : "NULL", day ? "exit_date" : "NULL", gender ? "gender" : "''",
				 country ? "country" : "''", contact ? "contact_id" : "0", age ? "age" : "NULL",
				 start ? "start_date" : "NULL", school ? "schooling" : "NULL",
				 job ? "job_days" : wait ? "wait_days" : "NULL",
				 sums ? "SUM(CASE WHEN COALESCE(exit_day, $7) < start_day THEN 0 ELSE 1 END)" : "0",
				 sums ? "SUM(CASE WHEN COALESCE(exit_day, $7) < start_day THEN 0 ELSE start_day END),"
					" SUM(CASE WHEN COALESCE(exit_day, $7) < start_day THEN 0 ELSE COALESCE(exit_day, 0) END)"
				      : "0, 0",
				 (v & G_EXITS) ? " AND exit_year > 0" : "", scheme_sql[v / G_SCHEME],
				 /* not in the index of Time to work and the wait: not named there */
				 status ? " AND (exit_year = $6 OR $6 = 0)" : "",
				 /* a band as the range of its years ($8, $9 the ages; $10, $11
				  * the years of schooling: band_range()), read from
				  * report_facts_ages or _schooling; $6 and $7 then named in
				  * every variant, so that PostgreSQL knows their types */
				 (age || school) && !status ? " AND $6 = 0" : "", (age || school) && !sums ? " AND $7 = 0" : "",
				 age && school ? " AND age >= $8 AND age <= $9 AND schooling >= $10 AND schooling <= $11"
				 : age	       ? " AND age >= $8 AND age <= $9 AND $10 = $11"
				 : school      ? " AND schooling >= $10 AND schooling <= $11 AND $8 = $9"
					       : "",
				 status ? "exit_year, start_year, outcome, result6, result12"
				 : job	? "start_year, job_days"
					: "start_year, wait_days",
				 day ? ", exit_date" : "", gender ? ", gender" : "", country ? ", country" : "",
				 contact ? ", contact_id" : "", age ? ", age" : "", start ? ", start_date" : "",
				 school ? ", schooling" : "");
		groups_sql[v] = sql;
	}
	pthread_mutex_unlock(&groups_lock);
	return groups_sql[v];
}

/*
 * The statement of variant v (G_KEPT, with G_GENDER, G_COUNTRY, G_EXITS,
 * G_SUMS, G_JOB or G_WAIT only) on the groups kept counted (migration 32):
 * report_groups (the years and statuses, gender and country; the days of
 * those in the programme by their start day, of the others summed),
 * report_jobs or report_waits (start year, job or wait days, gender and
 * country). The columns and parameters are those of the same variant
 * without G_KEPT.
 */
static char *
kept_groups_sql(unsigned v)
{
	bool gender = v & G_GENDER, country = v & G_COUNTRY, sums = v & G_SUMS;
	const char *days = v & G_JOB ? "job" : v & G_WAIT ? "wait" : NULL;
	char *sql = malloc(1536);
	if (sql == NULL)
		return NULL;
	if (days != NULL)
		snprintf(sql, 1536,
			 "SELECT start_year, 0, NULL, NULL, NULL, NULL, %s, %s, 0, NULL, NULL, NULL, SUM(n), %s_days, 0,"
			 " 0, 0 FROM report_%ss WHERE centre_id = $1 AND (gender = $2 OR $2 = '')"
			 " AND (country = $3 OR $3 = '') AND $4 = 0 AND (start_year = $5 OR $5 = 0)"
			 " GROUP BY start_year, %s_days%s%s",
			 gender ? "gender" : "''", country ? "country" : "''", days, days, days, gender ? ", gender" : "",
			 country ? ", country" : "");
	else
		snprintf(sql, 1536,
			 "SELECT start_year, exit_year, NULLIF(outcome, ''), NULLIF(result6, ''), NULLIF(result12, ''),"
			 " NULL, %s, %s, 0, NULL, NULL, NULL, SUM(n), NULL, %s, %s FROM report_groups WHERE centre_id = $1"
			 "%s AND (gender = $2 OR $2 = '') AND (country = $3 OR $3 = '') AND $4 = 0"
			 " AND (start_year = $5 OR $5 = 0) AND (exit_year = $6 OR $6 = 0)"
			 " GROUP BY exit_year, start_year, outcome, result6, result12%s%s",
			 gender ? "gender" : "''", country ? "country" : "''",
			 sums ? "SUM(CASE WHEN in_programme = 1 THEN CASE WHEN open_day <= $7 THEN n ELSE 0 END"
				" ELSE days_n END)" : "0",
			 sums ? "SUM(CASE WHEN in_programme = 1 THEN CASE WHEN open_day <= $7 THEN n * open_day ELSE 0 END"
				" ELSE start_days END), SUM(CASE WHEN in_programme = 1 THEN 0 ELSE exit_days END)"
			      : "0, 0",
			 (v & G_EXITS) ? " AND exit_year > 0" : "", gender ? ", gender" : "", country ? ", country" : "");
	return sql;
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
	unsigned scheme = scheme_of(f);
	/* the groups kept counted when no filter needs a column they lack */
	bool kept = !day && !contact && !age && !school && !start && scheme == 0;
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
	if (!kept && (age || school)) {
		int64_t lo, hi;
		if (job || wait)
			db_bind_int(st, 6, 0);
		if (!sums)
			db_bind_int(st, 7, 0);
		band_range(f->age_band, age_band_of, &lo, &hi);
		db_bind_int(st, 8, age ? lo : 0);
		db_bind_int(st, 9, age ? hi : 0);
		band_range(f->schooling, report_schooling_band_of, &lo, &hi);
		db_bind_int(st, 10, school ? lo : 0);
		db_bind_int(st, 11, school ? hi : 0);
	}
	struct keys ks = {0};
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == *cap) {
			void *more = room_for(a, *rows, *n, cap, *cap ? *cap : 256, sizeof **rows);
			if (more == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			*rows = more;
		}
		struct report_period *p = &(*rows)[*n];
		memset(p, 0, sizeof *p);
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
		(*n)++;
	}
	db_done(st);
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

/* The groups kept counted (migration 32) against the kept rows grouped
 * (their views *_source): the groups of the one not in the other, both
 * ways (a group is there once: its key is the table's). */
#define GROUPS_MISSING(t) \
	"(SELECT COUNT(*) FROM (SELECT * FROM " t "_source WHERE centre_id = $1" \
	"  EXCEPT SELECT * FROM " t " WHERE centre_id = $1) x)"
#define GROUPS_EXTRA(t) \
	"(SELECT COUNT(*) FROM (SELECT * FROM " t " WHERE centre_id = $1" \
	"  EXCEPT SELECT * FROM " t "_source WHERE centre_id = $1) x)"
/* Norwegian's steps and Internships' placements, and their groups
 * (migration 38); Money's groups (migration 39); the liaison's home's
 * counts of placements (migration 41); Norwegian's steps by age and
 * schooling (migration 48) */
#define AREA_KEPT(m) \
	m("language_steps") " + " m("language_gains") " + " m("placement_facts") " + " m("internship_employers") " + " \
	m("internship_groups") " + " m("internship_cohorts") " + " m("money_groups") " + " m("placement_counts") " + " \
	m("language_bands")
static const char sql_groups_differ[] =
	"SELECT " GROUPS_MISSING("report_groups") " + " GROUPS_MISSING("report_jobs") " + "
	GROUPS_MISSING("report_waits") " + " AREA_KEPT(GROUPS_MISSING) ", "
	GROUPS_EXTRA("report_groups") " + " GROUPS_EXTRA("report_jobs") " + " GROUPS_EXTRA("report_waits") " + "
	AREA_KEPT(GROUPS_EXTRA);
static const char sql_intake_counts_differ[] =
	"SELECT " GROUPS_MISSING("intake_sources") " + " GROUPS_MISSING("intake_days") ", "
	GROUPS_EXTRA("intake_sources") " + " GROUPS_EXTRA("intake_days");

static int facts_differ(struct db *db, const char *sql, int64_t centre, int64_t *missing, int64_t *extra);

/* The kept rows against the facts (sql), then their counts kept against
 * the rows (counted), added. */
static int
kept_differ(struct db *db, const char *sql, const char *counted, int64_t centre, int64_t *missing, int64_t *extra)
{
	int rc = facts_differ(db, sql, centre, missing, extra);
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

static int
facts_differ(struct db *db, const char *sql, int64_t centre, int64_t *missing, int64_t *extra)
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
	struct report_referral *room = room_for(a, *rows, *n, cap, count_rows(db, sql_count_referrals, centre), sizeof **rows);
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
		if (*n == *cap) {
			void *more = room_for(a, *rows, *n, cap, *cap ? *cap : 256, sizeof **rows);
			if (more == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			*rows = more;
		}
		struct report_referral *r = &(*rows)[*n];
		memset(r, 0, sizeof *r);
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

/*
 * Intake's referrals counted together in SQL from intake_facts (migration
 * 26): the referrals of the period (in SQL: "from" and "to" compared as
 * the stored days) by source and the latest screening, and those on the
 * waiting list after the first of the 12 days counted (ends[0]) by the
 * months they joined and left it (each day exact in the last day's month,
 * the first of its month before it: to compare with the ends of months
 * the month is enough), each with the filters' columns when asked.
 */
enum {
	RG_GENDER = 1, RG_COUNTRY = 2, RG_CONTACT = 4, RG_AGE = 8, RG_SCHOOL = 16, RG_LIST = 32, RG_PERIOD = 64,
	RG_KEPT = 128, RG_VARIANTS = 256,
};
static char *referral_sql[RG_VARIANTS];

/*
 * The statement of variant v with RG_KEPT (and RG_GENDER, RG_COUNTRY,
 * RG_LIST, RG_PERIOD for the list only) on the counts kept (migration 32),
 * with the columns and parameters of the variant without it: the referrals
 * by source and screening (intake_sources), or the waiting list's changes
 * (intake_days) as rows put on it on a day and never leaving, weighing the
 * joins less the leaves of the day (those up to ends[0], $5, together on
 * it: every end counts them).
 */
static char *
kept_referrals_sql(unsigned v)
{
	bool gender = v & RG_GENDER, country = v & RG_COUNTRY;
	char *sql = malloc(1536);
	if (sql == NULL)
		return NULL;
	if (v & RG_LIST)
		snprintf(sql, 1536,
			 "SELECT NULL, NULL, NULL, NULL, NULL, CASE WHEN on_date <= $5 THEN $5 ELSE on_date END, NULL, %s, %s,"
			 " 0, NULL, NULL, NULL, SUM(joins - leaves) FROM intake_days WHERE centre_id = $1"
			 " AND (gender = $2 OR $2 = '') AND (country = $3 OR $3 = '') AND $4 = 0 AND on_date <= $6"
			 " AND $7 = $7 GROUP BY 6%s%s HAVING SUM(joins - leaves) <> 0",
			 gender ? "gender" : "''", country ? "country" : "''", gender ? ", gender" : "",
			 country ? ", country" : "");
	else
		snprintf(sql, 1536,
			 "SELECT source, NULLIF(s_age, -1), NULLIF(s_intro_ended, -1), NULLIF(s_not_enrolled, -1),"
			 " NULLIF(s_lawful_residence, -1), NULL, NULL, %s, %s, 0, NULL, NULL, NULL, SUM(n)"
			 " FROM intake_sources WHERE centre_id = $1 AND (gender = $2 OR $2 = '')"
			 " AND (country = $3 OR $3 = '') AND $4 = 0 AND $5 = $6"
			 " GROUP BY source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence%s%s",
			 gender ? "gender" : "''", country ? "country" : "''", gender ? ", gender" : "",
			 country ? ", country" : "");
	return sql;
}

static const char *
referral_groups_of(unsigned v)
{
	pthread_mutex_lock(&groups_lock);
	if (referral_sql[v] == NULL && (v & RG_KEPT)) {
		referral_sql[v] = kept_referrals_sql(v);
	} else if (referral_sql[v] == NULL) {
		bool gender = v & RG_GENDER, country = v & RG_COUNTRY, contact = v & RG_CONTACT, age = v & RG_AGE;
		bool school = v & RG_SCHOOL, list = v & RG_LIST, period = v & RG_PERIOD;
		char *sql = malloc(1536);
		if (sql != NULL)
			snprintf(sql, 1536,
				 "SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, COUNT(*) FROM intake_facts"
				 " WHERE centre_id = $1 AND (gender = $2 OR $2 = '') AND (country = $3 OR $3 = '')"
				 " AND (contact_id = $4 OR $4 = 0) AND %s GROUP BY %s%s%s%s%s%s",
				 list ? "NULL" : "source",
				 list ? "NULL" : "s_age", list ? "NULL" : "s_intro_ended",
				 list ? "NULL" : "s_not_enrolled", list ? "NULL" : "s_lawful_residence",
				 list ? "CASE WHEN waiting_from >= $7 THEN waiting_from"
					" ELSE substr(waiting_from, 1, 7) || '-01' END" : "NULL",
				 list ? "CASE WHEN waiting_to >= $7 THEN waiting_to"
					" ELSE substr(waiting_to, 1, 7) || '-01' END" : "NULL",
				 gender ? "gender" : "''", country ? "country" : "''", contact ? "contact_id" : "0",
				 age ? "birth_date" : "NULL", age ? "referred_on" : "NULL", school ? "schooling" : "NULL",
				 /* without a period, every referral: no day compared */
				 list	  ? "waiting_to > $5 AND waiting_from <= $6"
				 : period ? "referred_on >= $5 AND referred_on <= $6"
					  : "$5 = $6",
				 list ? "6, 7" : "source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence",
				 gender ? ", gender" : "", country ? ", country" : "", contact ? ", contact_id" : "",
				 age ? ", birth_date, referred_on" : "", school ? ", schooling" : "");
		referral_sql[v] = sql;
	}
	pthread_mutex_unlock(&groups_lock);
	return referral_sql[v];
}

static const char *const screen_cols[REPORT_NRULES] = {"age", "intro_ended", "not_enrolled", "lawful_residence"};

int
store_report_referral_groups(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			     struct date first_end, struct date last_end, struct report_referral **rows, size_t *n,
			     size_t *cap)
{
	bool gender = f->gender != NULL && f->gender[0], country = f->country != NULL && f->country[0];
	bool contact = f->contact_id != 0, age = f->age_band >= 0, school = f->schooling >= 0;
	/* a day within the period for the rows the period narrowed in SQL */
	struct date inside = f->from.y != 0 ? f->from : f->to.y != 0 ? f->to : (struct date){1970, 1, 1};
	int rc = SC_OK;
	for (int list = 0; list < 2 && rc == SC_OK; list++) {
		bool period = f->from.y != 0 || f->to.y != 0;
		/* the counts kept when no filter needs a column they lack */
		bool kept = !contact && !age && !school && (list || !period);
		unsigned v = (gender ? RG_GENDER : 0) | (country ? RG_COUNTRY : 0) | (contact ? RG_CONTACT : 0) |
			     (age ? RG_AGE : 0) | (school ? RG_SCHOOL : 0) | (list ? RG_LIST : 0) |
			     (period ? RG_PERIOD : 0) | (kept ? RG_KEPT : 0);
		const char *sql = referral_groups_of(v);
		if (sql == NULL)
			return SC_ENOMEM;
		struct db_stmt *st = db_prepare(db, sql);
		if (st == NULL)
			return SC_EDB;
		char d5[11], d6[11], d7[11];
		db_bind_int(st, 1, centre);
		db_bind_text(st, 2, gender ? f->gender : "");
		db_bind_text(st, 3, country ? f->country : "");
		db_bind_int(st, 4, f->contact_id);
		if (list) {
			date_format(first_end, d5);
			date_format(last_end, d6);
			date_format((struct date){last_end.y, last_end.m, 1}, d7);
			db_bind_text(st, 7, d7);
		} else {
			snprintf(d5, sizeof d5, "%s", "0000-00-00");
			snprintf(d6, sizeof d6, "%s", f->from.y != 0 || f->to.y != 0 ? "9999-99-99" : "0000-00-00");
			if (f->from.y != 0)
				date_format(f->from, d5);
			if (f->to.y != 0)
				date_format(f->to, d6);
		}
		db_bind_text(st, 5, d5);
		db_bind_text(st, 6, d6);
		struct keys ks = {0};
		while ((rc = db_step(st)) == DB_ROW) {
			if (*n == *cap) {
				void *more = room_for(a, *rows, *n, cap, *cap ? *cap : 64, sizeof **rows);
				if (more == NULL) {
					rc = SC_ENOMEM;
					break;
				}
				*rows = more;
			}
			struct report_referral *r = &(*rows)[*n];
			memset(r, 0, sizeof *r);
			r->centre_id = centre;
			r->list_only = list;
			r->source = list ? -1 : report_source_of(db_col_text(st, 0));
			for (int k = 0; k < REPORT_NRULES; k++) {
				int rule = report_rule_of(screen_cols[k]);
				r->screen[rule] = db_col_null(st, 1 + k) ? -1 : db_col_int(st, 1 + k) != 0;
			}
			r->waiting_from = report_col_date(st, 5);
			r->waiting_until = report_col_date(st, 6);
			r->gender = report_col_key(st, a, 7, &ks);
			r->country = report_col_key(st, a, 8, &ks);
			r->contact_id = db_col_int(st, 9);
			r->birth = report_col_date(st, 10);
			r->referred_on = age ? report_col_date(st, 11) : inside;
			r->schooling = db_col_null(st, 12) ? FIELD_NONE : db_col_int(st, 12);
			r->n = db_col_int(st, 13);
			if (r->gender == NULL || r->country == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			(*n)++;
		}
		db_done(st);
		if (rc < 0)
			return rc;
		rc = SC_OK;
	}
	return rc;
}


static const char sql_assignments[] =
	"SELECT a.participant_id, a.contact_id, a.from_at, a.to_at FROM assignments a WHERE a.centre_id = $1"
	" ORDER BY a.participant_id, a.from_at";
static const char sql_count_assignments[] = "SELECT COUNT(*) FROM assignments WHERE centre_id = $1";
/* The centre's ($1) active contact persons (role bit r) Caseloads lists, by name. */
#define CASELOAD_CONTACTS(r) \
	" FROM users u WHERE u.active = 1 AND (" STAFF_ROLES("u", "$1") " & " r ") = " r \
	" ORDER BY u.display_name, u.id LIMIT 2000"
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

/* ---- Caseloads from the kept rows (migration 31) ---- */

/* The filters' narrowing, the same in every statement below: $5 gender,
 * $6 country, $7 contact person (named when asked, so that the engine
 * reads that person's rows through report_facts_contact and
 * caseload_spans_contact), $8 and $9 the cohort's first and last day
 * (start_date: in the indexes, start_year is not; as an expression, "||
 * ''", so that SQLite, without statistics, does not read report_facts_from
 * for it instead of the range each statement names). */
#define CASELOAD_FILTERS(contact) \
	" AND (gender = $5 OR $5 = '') AND (country = $6 OR $6 = '') AND " \
	contact " AND start_date || '' >= $8 AND start_date || '' <= $9"
static const char caseload_filters[] = CASELOAD_FILTERS("(contact_id = $7 OR $7 = 0)");
static const char caseload_filters_contact[] = CASELOAD_FILTERS("contact_id = $7");

enum {
	CL_GENDER = 1, CL_COUNTRY = 2, CL_CONTACT = 4, CL_AGE = 8, CL_SCHOOL = 16, CL_COHORT = 32, CL_MONTHS = 64,
	CL_NOW = 128, CL_SCHEME = 256,   /* times scheme_of() */
	CL_VARIANTS = 3 * CL_SCHEME,
};
static char *caseload_sql[CL_VARIANTS];

/*
 * The statement of variant v. CL_NOW: the periods in the programme on
 * today ($3) of the contact persons listed (the role bit $10; through
 * report_facts_contact: a few of the centre's periods; the days as
 * expressions, so that SQLite does not read report_facts_until's range of
 * every period in the programme instead), by contact person. Else the
 * changes:
 * of the periods (kind 0: +1 at the start, -1 at the end when it is after
 * the start) and of the spans (kind 1) on days $2 to $3, each day before
 * today's month ($4 its first) as the first of its month; with CL_MONTHS
 * the months before today's ($10, 'YYYY-MM') summed from caseload_months
 * (the filters $11 the cohort's year). Then each filter's column when the
 * filter is given ($1 the centre).
 */
static const char *
caseload_of(unsigned v)
{
	pthread_mutex_lock(&groups_lock);
	if (caseload_sql[v] == NULL) {
		bool gender = v & CL_GENDER, country = v & CL_COUNTRY, contact = v & CL_CONTACT, age = v & CL_AGE;
		bool school = v & CL_SCHOOL, cohort = (v & CL_COHORT) || age, months = v & CL_MONTHS;
		char cols[512];
		snprintf(cols, sizeof cols,
			 "%s AS gender, %s AS country, %s AS contact_id, %s AS birth_date, %s AS start_date,"
			 " %s AS schooling, %s", gender ? "gender" : "''",
			 country ? "country" : "''", contact ? "contact_id" : "0", age ? "birth_date" : "NULL",
			 age ? "start_date" : "NULL", school ? "schooling" : "NULL",
			 cohort ? "CAST(substr(start_date, 1, 4) AS BIGINT)" : "0");
		char group[256];
		snprintf(group, sizeof group, "%s%s%s%s%s%s", gender ? ", gender" : "", country ? ", country" : "",
			 contact ? ", contact_id" : "", age ? ", birth_date, start_date" : "",
			 school ? ", schooling" : "", cohort ? ", sy" : "");
		const char *filters = contact ? caseload_filters_contact : caseload_filters;
		size_t size = 4096;
		char *sql = malloc(size);
		if (sql != NULL && (v & CL_NOW))
			snprintf(sql, size,
				 "SELECT contact_id AS c, %s, %s, %s, %s, %s, %s,"
				 " %s AS sy, COUNT(*) FROM report_facts WHERE centre_id = $1"
				 " AND until_date || '' > $3 AND start_date || '' <= $3 AND until_date || '' > $2"
				 " AND until_date || '' > $4"
				 " AND contact_id IN (SELECT u.id" CASELOAD_CONTACTS("$10") ")%s%s"
				 " GROUP BY contact_id%s",
				 gender ? "gender" : "''", country ? "country" : "''", "0", age ? "birth_date" : "NULL",
				 age ? "start_date" : "NULL", school ? "schooling" : "NULL",
				 cohort ? "CAST(substr(start_date, 1, 4) AS BIGINT)" : "0", filters,
				 scheme_sql[v / CL_SCHEME], group);
		else if (sql != NULL) {
			/* the changes: each branch a kind, a day's column, a sign and
			 * what makes a change (a period's end only when after its start) */
			static const struct { const char *table, *kind, *day, *n, *more; } br[] = {
				{"report_facts", "0", "start_date", "1", " AND start_date < until_date"},
				{"report_facts", "0", "until_date", "-1", " AND start_date < until_date"},
				{"caseload_spans", "1", "from_date", "1", ""},
				{"caseload_spans", "1", "to_date", "-1", ""},
			};
			int k = snprintf(sql, size, "SELECT kind, day, %s, %s, %s, %s, %s, %s, %s, SUM(n) FROM (",
					 /* the columns not grouped by are constants here too */
					 gender ? "gender" : "''", country ? "country" : "''", contact ? "contact_id" : "0",
					 age ? "birth_date" : "NULL", age ? "start_date" : "NULL",
					 school ? "schooling" : "NULL", cohort ? "sy" : "0");
			for (size_t b = 0; b < 4 && k > 0 && (size_t)k < size; b++)
				/* a contact person's rows by the person: the days as expressions */
				k += snprintf(sql + k, size - (size_t)k,
					      "%sSELECT %s AS kind, CASE WHEN %s >= $4 THEN %s ELSE substr(%s, 1, 7) || '-01' END"
					      " AS day, %s AS sy, %s AS n FROM %s WHERE centre_id = $1 AND %s%s >= $2"
					      " AND %s%s <= $3%s%s",
					      b > 0 ? " UNION ALL " : "", br[b].kind, br[b].day, br[b].day, br[b].day, cols,
					      br[b].n, br[b].table, br[b].day, contact ? " || ''" : "",
					      br[b].day, contact ? " || ''" : "", br[b].more, filters);
			if (k > 0 && (size_t)k < size)
				snprintf(sql + k, size - (size_t)k, "%s%s%s%s%s) c GROUP BY kind, day%s",
					 months ? " UNION ALL SELECT kind, month || '-01', " : "",
					 months ? (gender ? "gender, " : "'', ") : "",
					 months ? (country ? "country, " : "'', ") : "",
					 months ? (cohort ? "0, NULL, NULL, NULL, start_year, n" : "0, NULL, NULL, NULL, 0, n")
						: "",
					 months ? " FROM caseload_months WHERE centre_id = $1 AND month < $10"
						  " AND (gender = $5 OR $5 = '') AND (country = $6 OR $6 = '')"
						  " AND (start_year = $11 OR $11 = 0)" : "",
					 group);
		}
		caseload_sql[v] = sql;
	}
	pthread_mutex_unlock(&groups_lock);
	return caseload_sql[v];
}

/* Prepares the statement of Caseloads' variant for f (what: CL_NOW or 0)
 * with its parameters bound; NULL when it fails (*rc says why). */
static struct db_stmt *
caseload_stmt(struct db *db, int64_t centre, const struct report_filter *f, struct date today, unsigned what,
	      unsigned *v, int *rc)
{
	bool gender = f->gender != NULL && f->gender[0], country = f->country != NULL && f->country[0];
	bool contact = f->contact_id != 0, age = f->age_band >= 0, school = f->schooling >= 0;
	bool cohort = f->cohort != FIELD_NONE;
	unsigned scheme = scheme_of(f);
	/* the changes' statement reads caseload_spans, which keep no scheme:
	 * under a scheme the caller counts the rows (as for an age band) */
	if (scheme != 0 && !(what & CL_NOW)) {
		*rc = SC_EINVAL;
		return NULL;
	}
	/* the months keep gender, country and cohort */
	bool months = !(what & CL_NOW) && !contact && !age && !school;
	*v = what | (gender ? CL_GENDER : 0) | (country ? CL_COUNTRY : 0) | (contact ? CL_CONTACT : 0) |
	     (age ? CL_AGE : 0) | (school ? CL_SCHOOL : 0) | (cohort ? CL_COHORT : 0) | (months ? CL_MONTHS : 0) |
	     scheme * CL_SCHEME;
	const char *sql = caseload_of(*v);
	if (sql == NULL) {
		*rc = SC_ENOMEM;
		return NULL;
	}
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL) {
		*rc = SC_EDB;
		return NULL;
	}
	char first[11], last[11], month[11], lo[11], hi[11];
	date_format(today, last);
	date_format((struct date){today.y, today.m, 1}, month);
	/* the changes from today's month on with the months kept, else all */
	snprintf(first, sizeof first, "%s", months || (what & CL_NOW) ? month : "0000-00-00");
	snprintf(lo, sizeof lo, "%s", "0000-00-00");
	snprintf(hi, sizeof hi, "%s", "9999-99-99");
	if (cohort) {
		snprintf(lo, sizeof lo, "%04d-01-01", (int)(f->cohort > 0 && f->cohort < 10000 ? f->cohort : 0));
		snprintf(hi, sizeof hi, "%04d-12-31", (int)(f->cohort > 0 && f->cohort < 10000 ? f->cohort : 0));
	}
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, first);
	db_bind_text(st, 3, last);
	db_bind_text(st, 4, month);
	db_bind_text(st, 5, gender ? f->gender : "");
	db_bind_text(st, 6, country ? f->country : "");
	db_bind_int(st, 7, f->contact_id);
	db_bind_text(st, 8, lo);
	db_bind_text(st, 9, hi);
	if (months) {
		month[7] = '\0';
		db_bind_text(st, 10, month);
		db_bind_int(st, 11, cohort ? f->cohort : 0);
	}
	if (what & CL_NOW)
		db_bind_int(st, 10, ROLE_BIT(ROLE_CONTACT));
	*rc = SC_OK;
	return st;
}

/* A group's period columns from column k on (gender, country, contact
 * person, birth, start, schooling, start year); the start as
 * store_report_caseload_now() says. */
static int
caseload_period(struct db_stmt *st, struct arena *a, int k, unsigned v, struct date today, struct keys *ks,
		struct report_period *p)
{
	p->gender = report_col_key(st, a, k, ks);
	p->country = report_col_key(st, a, k + 1, ks);
	p->contact_id = db_col_int(st, k + 2);
	p->birth = report_col_date(st, k + 3);
	int64_t sy = db_col_int(st, k + 6);
	p->start = (v & CL_AGE) ? report_col_date(st, k + 4) : sy > 0 ? (struct date){(int)sy, 1, 1} : today;
	p->schooling = db_col_null(st, k + 5) ? FIELD_NONE : db_col_int(st, k + 5);
	p->scheme = v / CL_SCHEME > 0 ? (int)(v / CL_SCHEME) - 1 : -1;   /* narrowed in SQL */
	return p->gender == NULL || p->country == NULL ? SC_ENOMEM : SC_OK;
}

int
store_report_caseload_now(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			  struct date today, struct report_period **rows, size_t *n, size_t *cap)
{
	unsigned v;
	int rc;
	struct db_stmt *st = caseload_stmt(db, centre, f, today, CL_NOW, &v, &rc);
	if (st == NULL)
		return rc;
	struct keys ks = {0};
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == *cap) {
			void *more = room_for(a, *rows, *n, cap, *cap ? *cap : 256, sizeof **rows);
			if (more == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			*rows = more;
		}
		struct report_period *p = &(*rows)[*n];
		memset(p, 0, sizeof *p);
		p->centre_id = centre;
		if ((rc = caseload_period(st, a, 1, v, today, &ks, p)) != SC_OK)
			break;
		p->contact_id = db_col_int(st, 0);
		p->n = db_col_int(st, 8);
		(*n)++;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_report_caseload_changes(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			      struct date today, struct report_change **rows, size_t *n, size_t *cap)
{
	unsigned v;
	int rc;
	struct db_stmt *st = caseload_stmt(db, centre, f, today, 0, &v, &rc);
	if (st == NULL)
		return rc;
	struct keys ks = {0};
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == *cap) {
			void *more = room_for(a, *rows, *n, cap, *cap ? *cap : 256, sizeof **rows);
			if (more == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			*rows = more;
		}
		struct report_change *c = &(*rows)[*n];
		memset(c, 0, sizeof *c);
		struct report_period *p = arena_alloc(a, sizeof *p);
		if (p == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		memset(p, 0, sizeof *p);
		p->centre_id = centre;
		c->period = p;
		if ((rc = caseload_period(st, a, 2, v, today, &ks, p)) != SC_OK)
			break;
		c->assigned = db_col_int(st, 0) != 0;
		c->on = report_col_date(st, 1);
		c->n = db_col_int(st, 9);
		(*n)++;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* caseload_spans and caseload_months against their views, as sql_facts_differ. */
static const char sql_caseload_differ[] =
	"SELECT (SELECT COUNT(*) FROM (SELECT * FROM caseload_spans_source WHERE centre_id = $1"
	"  EXCEPT SELECT * FROM caseload_spans WHERE centre_id = $1) x)"
	" + (SELECT COUNT(*) FROM (SELECT * FROM caseload_months_source WHERE centre_id = $1"
	"  EXCEPT SELECT * FROM caseload_months WHERE centre_id = $1) x2),"
	" (SELECT COUNT(*) FROM (SELECT * FROM caseload_spans WHERE centre_id = $1"
	"  EXCEPT SELECT * FROM caseload_spans_source WHERE centre_id = $1) y)"
	" + (SELECT COUNT(*) FROM (SELECT * FROM caseload_months WHERE centre_id = $1"
	"  EXCEPT SELECT * FROM caseload_months_source WHERE centre_id = $1) y2),"
	" (SELECT COUNT(*) FROM caseload_spans WHERE centre_id = $1)"
	" + (SELECT COUNT(*) FROM caseload_months WHERE centre_id = $1),"
	" (SELECT COUNT(*) FROM caseload_spans_source WHERE centre_id = $1)"
	" + (SELECT COUNT(*) FROM caseload_months_source WHERE centre_id = $1)";

int
store_report_caseload_verify(struct db *db, int64_t centre, int64_t *missing, int64_t *extra)
{
	return facts_differ(db, sql_caseload_differ, centre, missing, extra);
}

/* Attendance's kept tables (migrations 33, 42 and 46) against their views:
 * the rows missing, extra, kept and made from scratch, each summed over
 * the tables. */
#define ATT_MISSING(t) "(SELECT COUNT(*) FROM (SELECT * FROM " t "_source WHERE centre_id = $1" \
	" EXCEPT SELECT * FROM " t " WHERE centre_id = $1) x)"
#define ATT_EXTRA(t) "(SELECT COUNT(*) FROM (SELECT * FROM " t " WHERE centre_id = $1" \
	" EXCEPT SELECT * FROM " t "_source WHERE centre_id = $1) x)"
#define ATT_KEPT(t) "(SELECT COUNT(*) FROM " t " WHERE centre_id = $1)"
#define ATT_FRESH(t) "(SELECT COUNT(*) FROM " t "_source WHERE centre_id = $1)"
#define ATT_TABLES(f, sep) f("attendance_months") sep f("attendance_sessions") sep f("attendance_group_months") \
	sep f("attendance_group_firsts") sep f("attendance_type_firsts") sep f("attendance_type_months") \
	sep f("attendance_month_people") sep f("attendance_month_counts") sep f("attendance_people") \
	sep f("attendance_class_gfirsts") sep f("attendance_class_tfirsts") sep f("attendance_class_groups") \
	sep f("attendance_class_types") sep f("attendance_class_months")
static const char sql_attendance_differ[] = "SELECT " ATT_TABLES(ATT_MISSING, " + ") ", " ATT_TABLES(ATT_EXTRA, " + ")
	", " ATT_TABLES(ATT_KEPT, " + ") ", " ATT_TABLES(ATT_FRESH, " + ");

int
store_report_attendance_verify(struct db *db, int64_t centre, int64_t *missing, int64_t *extra)
{
	return facts_differ(db, sql_attendance_differ, centre, missing, extra);
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
static const char sql_late_mine[] =
	"SELECT t.id, t.participant_id, t.kind, t.due_on, COALESCE(t.assignee_id, 0),"
	" p.given_name || ' ' || p.family_name, COALESCE(u.display_name, '')"
	" FROM tasks t JOIN participants p ON p.id = t.participant_id AND p.centre_id = t.centre_id"
	" LEFT JOIN users u ON u.id = t.assignee_id"
	" WHERE t.assignee_id = $3 AND t.done_on IS NULL AND t.due_on < $2 AND +t.centre_id = $1"
	" ORDER BY t.due_on, t.id LIMIT $4";
static const char sql_late_mine_count[] =
	"SELECT COUNT(*) FROM tasks t"
	" WHERE t.assignee_id = $3 AND t.done_on IS NULL AND t.due_on < $2 AND +t.centre_id = $1";

int
store_followups_late(struct db *db, struct arena *a, int64_t centre, int64_t assignee, struct date due_before,
		     size_t limit, struct late_followup **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	char before[11];
	date_format(due_before, before);
	struct db_stmt *st = db_prepare(db, assignee != 0 ? sql_late_mine_count : sql_late_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, before);
	db_bind_int(st, 3, assignee);
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

/* ---- the filters of Internships, Norwegian and Money (decision 83) ---- */

/*
 * An event of these reports (a placement by its start, an assessment by
 * its day, a benefit statement by its enrolment) has the filters that
 * describe the participant by its programme period (a row of
 * report_facts): the participant's latest period started by the event's
 * day, else their first (AREA_PERIOD), or the statement's own. With
 * none of those filters given every event of the centre counts, as
 * before (also one in no period); with any, the events of the periods
 * that pass. Each statement narrows by the stored values ($5 gender, $6
 * country, $7 contact person, $8 cohort: the start year, $9 exit year)
 * and by the period's scheme (AF_SCHEME times scheme_of(), a condition
 * written from the scheme keys as scheme_sql); one contact person's
 * (AF_CONTACT: theirs, or a contact person's own reports) start from
 * their periods and read only their participants' events
 * (AREA_CONTACT_PERIOD),
 * and, for the bands, returns the period's birth and start (AF_AGE) and
 * schooling (AF_SCHOOL) for the domain to decide (area_passes()). The
 * period ($3, $4: from and to, open ends as the smallest and largest day
 * or month) bounds each report's own day: a placement's start, an
 * assessment's day, a run's month.
 */
enum {
	AF_JOIN = 1, AF_AGE = 2, AF_SCHOOL = 4, AF_SCHEME = 8,
	AF_CONTACT = 3 * AF_SCHEME,   /* one contact person's: from their periods */
	AF_VARIANTS = 2 * AF_CONTACT
};
enum { AREA_INTERNSHIPS = 0, AREA_NORWEGIAN, AREA_MONEY, AREA_REPORTS };

#define AREA_NARROW \
	" AND (r.gender = $5 OR $5 = '') AND (r.country = $6 OR $6 = '') AND (r.contact_id = $7 OR $7 = 0)" \
	" AND (r.start_year = $8 OR $8 = 0) AND (r.exit_year = $9 OR $9 = 0)"
/* the period's scheme, by scheme_of() (as scheme_sql) */
static const char *const area_scheme_sql[] = {"", " AND r.scheme = 'bergen'", " AND r.scheme = 'kvp'"};
/* the same parameters where no filter is given (each is its "none") */
#define AREA_NONE " AND $5 = '' AND $6 = '' AND $7 = 0 AND $8 = 0 AND $9 = 0"
/* the period of an event on day: the participant's latest period started
 * on or before it, else (an event before the first start: an assessment
 * at intake) the participant's first period. The unary + keeps SQLite,
 * which plans without statistics, from reading the other periods through
 * the centre's index (every period of the centre for each event: not done
 * in 7 minutes at a million) rather than the participant's (decision 98). */
#define AREA_LATEST(day) \
	" NOT EXISTS (SELECT 1 FROM report_facts o WHERE o.participant_id = r.participant_id" \
	" AND +o.centre_id = r.centre_id AND ((o.start_date > r.start_date AND o.start_date <= " day ")" \
	" OR (r.start_date > " day " AND o.start_date < r.start_date)))"
#define AREA_PERIOD(day) \
	" JOIN report_facts r ON r.participant_id = x.participant_id AND r.centre_id = x.centre_id AND" AREA_LATEST(day)
/* one contact person's (AF_CONTACT): the statement reads "report_facts r
 * CROSS JOIN" the events, which SQLite keeps in that order, so it starts
 * from the contact person's periods (report_facts_contact) and reads each
 * one's events by the participant's index */
#define AREA_CONTACT_PERIOD(day) \
	" AND r.contact_id = $7 AND x.participant_id = r.participant_id AND x.centre_id = r.centre_id AND" \
	AREA_LATEST(day)

static char *area_sql[AREA_REPORTS][AF_VARIANTS];
#define AREA_SQL_SIZE 4096   /* each statement is below 2000 bytes */

/* The variant of the filters f. */
static unsigned
area_variant(const struct report_filter *f)
{
	bool age = f->age_band >= 0, school = f->schooling >= 0;
	unsigned scheme = scheme_of(f);
	bool join = age || school || (f->gender != NULL && f->gender[0]) || (f->country != NULL && f->country[0]) ||
		    f->contact_id != 0 || f->cohort != FIELD_NONE || f->exit_year != FIELD_NONE || scheme != 0;
	return (join ? AF_JOIN : 0) | (age ? AF_AGE : 0) | (school ? AF_SCHOOL : 0) | scheme * AF_SCHEME |
	       (f->contact_id != 0 ? AF_CONTACT : 0);
}

/* The statement of report k in variant v (made once; NULL out of memory). */
static const char *
area_of(int k, unsigned v)
{
	pthread_mutex_lock(&groups_lock);
	if (area_sql[k][v] == NULL) {
		bool join = v & AF_JOIN, age = v & AF_AGE, school = v & AF_SCHOOL;
		char cols[128], group[64];
		snprintf(cols, sizeof cols, "%s AS birth_date, %s AS start_date, %s AS schooling",
			 age ? "r.birth_date" : "NULL", age ? "r.start_date" : "NULL", school ? "r.schooling" : "NULL");
		snprintf(group, sizeof group, "%s%s", age ? ", r.birth_date, r.start_date" : "",
			 school ? ", r.schooling" : "");
		char narrow[512];
		snprintf(narrow, sizeof narrow, "%s%s", join ? AREA_NARROW : AREA_NONE,
			 area_scheme_sql[(v % AF_CONTACT) / AF_SCHEME]);
		/* the events of one contact person's periods (AREA_CONTACT_PERIOD) */
		bool contact = v >= AF_CONTACT;
		const char *rc = contact ? "report_facts r CROSS JOIN " : "";
		const char *day = contact ? "(x.assessed_on || '')" : "x.assessed_on";
		char *sql = malloc(AREA_SQL_SIZE);
		if (sql != NULL && k == AREA_INTERNSHIPS)
			/* by employer, then the employer's name and industry */
			snprintf(sql, AREA_SQL_SIZE,
				 "SELECT e.id, e.name, e.industry, i.name_en, i.name_nb, g.completed, g.early, g.job,"
				 " g.started, g.birth_date, g.start_date, g.schooling FROM (SELECT x.employer_id AS employer_id,"
				 " SUM(CASE WHEN x.phase = 'agreed' AND x.ends_on < $2 THEN 1 ELSE 0 END) AS completed,"
				 " SUM(CASE WHEN x.phase = 'ended_early' THEN 1 ELSE 0 END) AS early,"
				 " SUM(CASE WHEN x.result = 'hired' OR x.end_reason = 'got_job' THEN 1 ELSE 0 END) AS job,"
				 " COUNT(*) AS started, %s FROM %splacements x%s WHERE x.centre_id = $1%s"
				 " AND x.starts_on IS NOT NULL AND x.starts_on <= $2 AND x.starts_on >= $3 AND x.starts_on <= $4"
				 " AND (x.phase = 'agreed' OR (x.phase = 'ended_early' AND x.ended_on >= x.starts_on))%s"
				 " GROUP BY x.employer_id%s) g JOIN employers e ON e.id = g.employer_id AND e.centre_id = $1"
				 " JOIN industries i ON i.code = e.industry ORDER BY e.name, e.id",
				 cols, rc, contact ? "" : join ? AREA_PERIOD("x.starts_on") : "",
				 contact ? AREA_CONTACT_PERIOD("x.starts_on") : "", narrow, group);
		else if (sql != NULL && k == AREA_NORWEGIAN)
			snprintf(sql, AREA_SQL_SIZE,
				 "SELECT x.participant_id, x.skill, x.level, x.assessed_on, %s FROM %slanguage_assessments x%s"
				 " WHERE x.centre_id = $1%s AND %s <= $2 AND %s >= $3"
				 " AND %s <= $4%s ORDER BY x.participant_id, x.skill, x.assessed_on, x.id",
				 cols, rc, contact ? "" : join ? AREA_PERIOD("x.assessed_on") : "",
				 contact ? AREA_CONTACT_PERIOD("x.assessed_on") : "",
				 /* and not through the centre's days (language_assessments_day):
				  * an expression of the day, which no index holds (a unary
				  * + is SQLite's way, but PostgreSQL has none for text) */
				 day, day, day, narrow);
		else if (sql != NULL && !join)
			/* Money as the runs say it ($2 today's month) */
			snprintf(sql, AREA_SQL_SIZE,
				 "SELECT b.month, b.gross_ore, b.tax_ore,"
				 " (SELECT COUNT(DISTINCT s.participant_id) FROM benefit_statements s WHERE s.run_id = b.id"
				 "  AND s.centre_id = b.centre_id AND s.kind = 'month' AND s.month = b.month),"
				 " (SELECT COALESCE(SUM(s.outstanding_after_ore), 0) FROM benefit_statements s"
				 "  WHERE s.run_id = b.id AND s.centre_id = b.centre_id AND s.kind = 'month'"
				 "  AND s.month = b.month), %s"
				 " FROM benefit_runs b WHERE b.centre_id = $1 AND b.state = 'approved' AND b.month <= $2"
				 " AND b.month >= $3 AND b.month <= $4%s ORDER BY b.month", cols, narrow);
		else if (sql != NULL && contact)
			/* one contact person's: from their periods (report_facts_contact),
			 * each one's statements by the participant's index
			 * (benefit_statements_participant: a statement's participant is its
			 * period's, as the run writes them, store_benefit_run.c), then the
			 * run by its key; in that order (else SQLite starts from the runs
			 * and reads each run's statements for each period) */
			snprintf(sql, AREA_SQL_SIZE,
				 "SELECT b.month, SUM(s.gross_ore), SUM(s.tax_ore), COUNT(DISTINCT s.participant_id),"
				 " SUM(s.outstanding_after_ore), %s FROM report_facts r CROSS JOIN benefit_statements s"
				 " CROSS JOIN benefit_runs b WHERE b.id = s.run_id AND b.centre_id = s.centre_id"
				 " AND b.month = s.month AND r.centre_id = $1 AND r.contact_id = $7 AND s.centre_id = r.centre_id"
				 " AND s.participant_id = r.participant_id AND s.enrolment_id = r.enrolment_id"
				 " AND s.kind = 'month' AND b.state = 'approved' AND b.month <= $2 AND b.month >= $3"
				 " AND b.month <= $4%s GROUP BY b.month%s ORDER BY b.month", cols, narrow, group);
		else if (sql != NULL)
			/* Money of the statements of the periods that pass */
			snprintf(sql, AREA_SQL_SIZE,
				 "SELECT b.month, SUM(s.gross_ore), SUM(s.tax_ore), COUNT(DISTINCT s.participant_id),"
				 " SUM(s.outstanding_after_ore), %s FROM benefit_runs b JOIN benefit_statements s"
				 " ON s.run_id = b.id AND s.centre_id = b.centre_id AND s.kind = 'month' AND s.month = b.month"
				 " JOIN report_facts r ON r.enrolment_id = s.enrolment_id AND r.centre_id = s.centre_id"
				 " WHERE b.centre_id = $1 AND b.state = 'approved' AND b.month <= $2 AND b.month >= $3"
				 " AND b.month <= $4%s GROUP BY b.month%s ORDER BY b.month", cols, narrow, group);
		area_sql[k][v] = sql;
	}
	pthread_mutex_unlock(&groups_lock);
	return area_sql[k][v];
}

/* Prepares report k's statement for f on today (kept: another statement
 * of the same parameters, else area_of()'s) with its parameters bound
 * (months: the days as 'YYYY-MM'); NULL when it fails (*rc says why). */
static struct db_stmt *
area_stmt(struct db *db, int k, int64_t centre, const struct report_filter *f, struct date today, const char *kept,
	  unsigned *v, int *rc)
{
	*v = area_variant(f);
	const char *sql = kept != NULL ? kept : area_of(k, *v);
	if (sql == NULL) {
		*rc = SC_ENOMEM;
		return NULL;
	}
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL) {
		*rc = SC_EDB;
		return NULL;
	}
	char day[16], from[16] = "0000-00-00", to[16] = "9999-99-99";
	date_format(today, day);
	if (f->from.y != 0)
		date_format(f->from, from);
	if (f->to.y != 0)
		date_format(f->to, to);
	if (k == AREA_MONEY)
		day[7] = from[7] = to[7] = '\0';
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, day);
	db_bind_text(st, 3, from);
	db_bind_text(st, 4, to);
	db_bind_text(st, 5, f->gender != NULL ? f->gender : "");
	db_bind_text(st, 6, f->country != NULL ? f->country : "");
	db_bind_int(st, 7, f->contact_id);
	db_bind_int(st, 8, f->cohort != FIELD_NONE ? f->cohort : 0);
	db_bind_int(st, 9, f->exit_year != FIELD_NONE ? f->exit_year : 0);
	*rc = SC_OK;
	return st;
}

/* True when the row's period (its birth, start and schooling from column
 * col on) is in the age and schooling bands of f: the domain's rule
 * (report_period_matches(); the other filters were narrowed in SQL). */
static bool
area_passes(struct db_stmt *st, int col, unsigned v, const struct report_filter *bands)
{
	if (!(v & (AF_AGE | AF_SCHOOL)))
		return true;
	struct report_period p = {0};
	p.birth = report_col_date(st, col);
	p.start = report_col_date(st, col + 1);
	p.schooling = db_col_null(st, col + 2) ? FIELD_NONE : db_col_int(st, col + 2);
	return report_period_matches(bands, &p);
}

/* The age and schooling bands of f alone (area_passes()). */
static void
area_bands(const struct report_filter *f, struct report_filter *bands)
{
	fields_clear(report_filter_fields, bands);
	bands->age_band = f->age_band;
	bands->schooling = f->schooling;
}

/* Money's kept sums (migration 39, decision 88): money_groups, each
 * approved run's month statements summed whole (kind 0) and by their
 * period's start year, gender, exit year and country (kind 1), in the
 * columns of the rows' statements (area_of()). No filter: the run's own
 * totals, its people and what is outstanding from the whole (a run without
 * month statements has none). Under a filter: the groups of the columns
 * given, named by equality (so that SQLite reads the key's range: centre,
 * kind, start year, gender), one statement per set of columns (made once,
 * as area_of()); a column not given is its "none" ($5 ... $9 as
 * area_stmt() binds them). */
static const char sql_money_kept[] =
	"SELECT b.month, b.gross_ore, b.tax_ore, COALESCE(g.people, 0), COALESCE(g.outstanding_ore, 0), NULL, NULL, NULL"
	" FROM benefit_runs b LEFT JOIN money_groups g ON g.centre_id = b.centre_id AND g.kind = 0"
	" AND g.start_year = -1 AND g.gender = '' AND g.exit_year = -1 AND g.country = '' AND g.run_id = b.id"
	" WHERE b.centre_id = $1 AND b.state = 'approved' AND b.month <= $2 AND b.month >= $3 AND b.month <= $4"
	AREA_NONE " ORDER BY b.month";
static char *money_kept_sql[16];

static const char *
money_kept_of(unsigned cols)
{
	pthread_mutex_lock(&groups_lock);
	if (money_kept_sql[cols] == NULL) {
		char *sql = malloc(AREA_SQL_SIZE);
		if (sql != NULL)
			snprintf(sql, AREA_SQL_SIZE,
				 "SELECT b.month, SUM(g.gross_ore), SUM(g.tax_ore), SUM(g.people), SUM(g.outstanding_ore),"
				 " NULL, NULL, NULL FROM money_groups g JOIN benefit_runs b ON b.id = g.run_id"
				 " AND b.centre_id = g.centre_id WHERE g.centre_id = $1 AND g.kind = 1 AND %s AND %s"
				 " AND %s AND %s AND $7 = 0 AND b.state = 'approved' AND b.month <= $2 AND b.month >= $3"
				 " AND b.month <= $4 GROUP BY b.month ORDER BY b.month",
				 cols & 1 ? "g.start_year = $8" : "$8 = 0", cols & 2 ? "g.gender = $5" : "$5 = ''",
				 cols & 4 ? "g.exit_year = $9" : "$9 = 0", cols & 8 ? "g.country = $6" : "$6 = ''");
		money_kept_sql[cols] = sql;
	}
	pthread_mutex_unlock(&groups_lock);
	return money_kept_sql[cols];
}

/* The columns of f that narrow Money's kept groups (1 start year, 2
 * gender, 4 exit year, 8 country; a cohort or exit year of 0 is given but
 * narrows nothing, as area_stmt() binds it: the statements of a period),
 * -1 when f compares one they lack (a contact person, an age or schooling
 * band, the scheme: the statements are read). */
static int
money_kept_cols(const struct report_filter *f)
{
	if (f->contact_id != 0 || f->age_band >= 0 || f->schooling >= 0 || scheme_of(f) != 0)
		return -1;
	return (f->cohort != FIELD_NONE && f->cohort != 0 ? 1 : 0) | (f->gender != NULL && f->gender[0] ? 2 : 0) |
	       (f->exit_year != FIELD_NONE && f->exit_year != 0 ? 4 : 0) | (f->country != NULL && f->country[0] ? 8 : 0);
}

int
store_report_money(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f, struct date today,
		   struct report_area_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	size_t cap = 0;
	unsigned v;
	int rc;
	/* no filter: the runs' whole; any the groups hold: theirs (kind 1) */
	int cols = money_kept_cols(f);
	bool join = area_variant(f) & AF_JOIN;
	const char *kept = cols < 0 ? NULL : !join ? sql_money_kept : money_kept_of((unsigned)cols);
	if (cols >= 0 && kept == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = area_stmt(db, AREA_MONEY, centre, f, today, kept, &v, &rc);
	if (st == NULL)
		return rc;
	struct report_filter bands;
	area_bands(f, &bands);
	/* a month's groups (one, or one per birth, start and schooling) summed */
	int64_t sums[4] = {0};
	struct report_area_row *r = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!area_passes(st, 5, v, &bands))
			continue;
		const char *month = db_col_text(st, 0);
		if (r == NULL || strcmp(r->label, month) != 0) {
			if ((r = report_area_row_add(a, rows, n, &cap)) == NULL || (r->label = arena_strdup(a, month)) == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			memset(sums, 0, sizeof sums);
		}
		sums[0] += db_col_int(st, 1);
		sums[1] += db_col_int(st, 2);
		sums[2] += db_col_int(st, 3);
		sums[3] += db_col_int(st, 4);
		int64_t gross = sums[0], people = sums[2];
		r->cell[0] = (struct report_cell){.kind = RC_MONEY, .n = people, .value = gross};
		r->cell[1] = (struct report_cell){.kind = RC_MONEY, .n = people,
						  .value = people > 0 ? gross / people : 0};
		r->cell[2] = (struct report_cell){.kind = RC_COUNT, .n = people};
		r->cell[3] = (struct report_cell){.kind = RC_MONEY, .n = people, .value = sums[1]};
		r->cell[4] = (struct report_cell){.kind = RC_MONEY, .n = people, .value = sums[3]};
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* An industry's counts while the employers are read. */
struct industry_sum {
	const char *code, *name_en, *name_nb;
	int64_t count[4];   /* completed, ended early, converted, started */
};

static int
industry_cmp(const void *x, const void *y)
{
	return strcmp(((const struct industry_sum *)x)->code, ((const struct industry_sum *)y)->code);
}

/* The industry code's sums among the n of s (at most cap; a new one at the
 * end); NULL when out of memory or room. */
static struct industry_sum *
industry_of(struct arena *a, struct industry_sum *s, size_t *n, size_t cap, struct db_stmt *st)
{
	const char *code = db_col_text(st, 2);
	for (size_t i = *n; i-- > 0;)
		if (strcmp(s[i].code, code) == 0)
			return &s[i];
	if (*n == cap)
		return NULL;
	struct industry_sum *x = &s[(*n)++];
	memset(x, 0, sizeof *x);
	x->code = arena_strdup(a, code);
	x->name_en = arena_strdup(a, db_col_text(st, 3));
	x->name_nb = arena_strdup(a, db_col_text(st, 4));
	return x->code != NULL && x->name_en != NULL && x->name_nb != NULL ? x : NULL;
}

/* A row of counts (completed, ended early, converted, started). */
static void
placement_cells(struct report_area_row *r, const int64_t c[4])
{
	r->cell[0] = (struct report_cell){.kind = RC_COUNT, .n = c[3]};
	r->cell[1] = (struct report_cell){.kind = RC_COUNT, .n = c[0]};
	r->cell[2] = (struct report_cell){.kind = RC_COUNT, .n = c[1]};
	r->cell[3] = (struct report_cell){.kind = RC_SHARE, .n = c[2], .base = c[3]};
}

#define INDUSTRIES_MAX 1024
/* The employers the table names (the most placements started first); the
 * others are summed in one row. */
#define EMPLOYERS_SHOWN 100

/* An employer's counts while they are summed: completed, ended early,
 * converted, started (41,000 at a million: kept small, and only the
 * employers shown become rows of the report). */
struct employer_sum {
	int64_t id;
	const char *label;
	int64_t c[4];
};

/* Employers by placements started, most first, then by name, then by id. */
static int
employer_cmp(const void *x, const void *y)
{
	const struct employer_sum *a = x, *b = y;
	if (a->c[3] != b->c[3])
		return a->c[3] > b->c[3] ? -1 : 1;
	int d = strcmp(a->label, b->label);
	if (d != 0)
		return d;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Internships' kept placements (migration 38, decision 87): the
 * employers' counts as if today were after every placement (no filter:
 * internship_employers; under one: internship_groups by its columns, or
 * internship_cohorts by start year and gender), in
 * the columns of the rows' statement (area_of()). */
#define INTERNSHIPS_KEPT_COLS \
	"SELECT e.id, e.name, e.industry, i.name_en, i.name_nb, g.completed, g.early, g.job, g.started, NULL, NULL, NULL"
/* one row per employer (the kept table's key, or grouped by it): in no
 * order, as employer_cmp() sorts them */
#define INTERNSHIPS_KEPT_JOIN \
	" JOIN employers e ON e.id = g.employer_id AND e.centre_id = $1 JOIN industries i ON i.code = e.industry"
static const char sql_internships_kept[] =
	INTERNSHIPS_KEPT_COLS " FROM (SELECT * FROM internship_employers WHERE centre_id = $1) g" INTERNSHIPS_KEPT_JOIN;
/* under a filter: the groups of its columns, named by equality (so that
 * SQLite reads the range of the key: centre, start year, gender, employer),
 * one statement per set of columns given (made once, as area_of()) */
static char *internships_kept_sql[16];

static const char *
internships_kept_of(unsigned cols)
{
	pthread_mutex_lock(&groups_lock);
	if (internships_kept_sql[cols] == NULL) {
		char *sql = malloc(AREA_SQL_SIZE);
		/* no exit year or country: the groups by start year and gender alone */
		if (sql != NULL)
			snprintf(sql, AREA_SQL_SIZE,
				 INTERNSHIPS_KEPT_COLS " FROM (SELECT employer_id, SUM(completed) AS completed,"
				 " SUM(early) AS early, SUM(job) AS job, SUM(started) AS started FROM %s"
				 " WHERE centre_id = $1%s%s%s%s AND $2 = $2 AND $3 = $3 AND $4 = $4 AND $5 = $5"
				 " GROUP BY employer_id) g" INTERNSHIPS_KEPT_JOIN,
				 cols & 12 ? "internship_groups" : "internship_cohorts",
				 cols & 1 ? " AND start_year = $2" : "", cols & 2 ? " AND gender = $3" : "",
				 cols & 4 ? " AND exit_year = $4" : "", cols & 8 ? " AND country = $5" : "");
		internships_kept_sql[cols] = sql;
	}
	pthread_mutex_unlock(&groups_lock);
	return internships_kept_sql[cols];
}

/* what today changes of the placements not over by it: each employer's
 * completed, ended early, converted and started to add (<= 0) */
static const char sql_internships_today[] =
	"SELECT employer_id, CASE WHEN agreed = 1 AND starts_on <= $2 AND ends_on < $2 THEN 1 ELSE 0 END"
	" - CASE WHEN agreed = 1 AND ends_on IS NOT NULL THEN 1 ELSE 0 END,"
	" CASE WHEN starts_on > $2 THEN -early ELSE 0 END, CASE WHEN starts_on > $2 THEN -job ELSE 0 END,"
	" CASE WHEN starts_on > $2 THEN -1 ELSE 0 END FROM placement_facts WHERE centre_id = $1 AND until_on >= $2"
	" AND (kind = 1 OR kind = $3) AND (start_year = $4 OR $4 = 0) AND (gender = $5 OR $5 = '')"
	" AND (exit_year = $6 OR $6 = 0) AND (country = $7 OR $7 = '')"
	/* the bands' ranges (band_range(); the + keeps SQLite on the open
	 * placements' index rather than a band's) */
	" AND +age >= $8 AND +age <= $9 AND +schooling >= $10 AND +schooling <= $11";


/* Under an age or schooling band (decision 99): the kept placements of
 * the periods whose age at the start and years of schooling are in the
 * bands' ranges (kinds 1 and 2: kind 0 holds -1 for both, in no band),
 * by the range of placement_facts_age (an age band) or
 * placement_facts_schooling (schooling alone), each with what it counts
 * (completed, ended early, converted, started) as if today were after it;
 * one statement per set of columns given (1 start year, 2 gender, 4 exit
 * year, 8 country, 16 age, 32 schooling; made once, as area_of()). */
static char *internships_bands_sql[64];

static const char *
internships_bands_of(unsigned cols)
{
	pthread_mutex_lock(&groups_lock);
	if (internships_bands_sql[cols] == NULL) {
		char *sql = malloc(AREA_SQL_SIZE);
		if (sql != NULL)
			snprintf(sql, AREA_SQL_SIZE,
				 "SELECT employer_id, CASE WHEN agreed = 1 AND ends_on IS NOT NULL THEN 1 ELSE 0 END, early,"
				 " job, 1 FROM placement_facts WHERE centre_id = $1%s%s%s%s%s%s AND $2 = $2 AND $3 = $3"
				 " AND $4 = $4 AND $5 = $5 AND $6 = $6 AND $7 = $7 AND $8 = $8 AND $9 = $9",
				 cols & 16 ? " AND age >= $6 AND age <= $7" : "",
				 cols & 32 ? " AND schooling >= $8 AND schooling <= $9" : "",
				 cols & 1 ? " AND start_year = $2" : "", cols & 2 ? " AND gender = $3" : "",
				 cols & 4 ? " AND exit_year = $4" : "", cols & 8 ? " AND country = $5" : "");
		internships_bands_sql[cols] = sql;
	}
	pthread_mutex_unlock(&groups_lock);
	return internships_bands_sql[cols];
}

/* An employer's counts that today changes (sql_internships_today), or
 * under a band its whole counts. */
struct employer_today {
	int64_t id;
	int32_t d[4];   /* completed, ended early, converted, started: one employer's placements */
};

/* Employers' counts by id: open addressing (a placement's row is added in
 * one probe or a few; 152,033 rows under an age band and women at a
 * million: sorting them took a quarter of the request), 24 bytes a slot
 * (1.5 MB for 41,000 employers: each row's slot is a read from memory). */
struct employer_map {
	struct employer_today *slot;   /* id INT64_MIN: empty */
	size_t cap, n;                 /* cap: 2 to the power bits, or 0 */
	int bits;
};

static size_t
employer_slot(const struct employer_map *m, int64_t id)
{
	/* the product's top bits (Fibonacci hashing): the ids' low bits alone
	 * fold a centre's run of ids onto part of a smaller table, and linear
	 * probing then walks long runs (11 million probes for 152,000 rows) */
	size_t i = (size_t)(((uint64_t)id * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - m->bits));
	while (m->slot[i].id != id && m->slot[i].id != INT64_MIN)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The counts of employer id, NULL when none were added. */
static const struct employer_today *
employer_find(const struct employer_map *m, int64_t id)
{
	if (m->cap == 0)
		return NULL;
	const struct employer_today *e = &m->slot[employer_slot(m, id)];
	return e->id == id ? e : NULL;
}

/* Adds d to employer id's counts; false when out of memory. */
static bool
employer_add(struct employer_map *m, int64_t id, const int64_t d[4])
{
	if (4 * (m->n + 1) > 3 * m->cap) {   /* at most three quarters full */
		struct employer_map grown = {.cap = m->cap ? 2 * m->cap : 1024, .bits = m->cap ? m->bits + 1 : 10};
		if ((grown.slot = malloc(sizeof *grown.slot * grown.cap)) == NULL)
			return false;
		for (size_t i = 0; i < grown.cap; i++)
			grown.slot[i].id = INT64_MIN;
		for (size_t i = 0; i < m->cap; i++)
			if (m->slot[i].id != INT64_MIN)
				grown.slot[employer_slot(&grown, m->slot[i].id)] = m->slot[i];
		grown.n = m->n;
		free(m->slot);
		*m = grown;
	}
	struct employer_today *e = &m->slot[employer_slot(m, id)];
	if (e->id != id) {
		*e = (struct employer_today){.id = id};
		m->n++;
	}
	for (int k = 0; k < 4; k++)
		e->d[k] += (int32_t)d[k];
	return true;
}

/* True when f compares only the columns the kept placements and steps
 * hold (gender, country, cohort, exit year). */
static bool
area_kept_filter(const struct report_filter *f)
{
	return f->contact_id == 0 && f->age_band < 0 && f->schooling < 0 && scheme_of(f) == 0 && f->from.y == 0 &&
	       f->to.y == 0;
}

/* Adds st's rows (employer id, then four counts) to m; false when out
 * of memory or st fails (*rc). */
static bool
employer_rows(struct db_stmt *st, struct employer_map *m, int *rc)
{
	while ((*rc = db_step(st)) == DB_ROW) {
		int64_t d[4];
		bool any = false;
		for (int k = 0; k < 4; k++)
			any |= (d[k] = db_col_int(st, 1 + k)) != 0;
		if (any && !employer_add(m, db_col_int(st, 0), d)) {
			*rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	return *rc >= 0;
}

/* The kept statement of f with its parameters bound, and what today
 * changes (added to *changed, by employer id; the caller frees its
 * slots); NULL when it fails (*rc). Under an age or schooling
 * band (*whole) *changed holds each employer's whole counts under f (the
 * band's placements and what today changes of them) and the statement
 * names every employer with a kept placement. */
static struct db_stmt *
internships_kept(struct db *db, int64_t centre, const struct report_filter *f, struct date today,
		 struct employer_map *changed, bool *whole, int *rc)
{
	bool join = area_variant(f) & AF_JOIN;
	bool g = f->gender != NULL && f->gender[0], c = f->country != NULL && f->country[0];
	int64_t cohort = f->cohort != FIELD_NONE ? f->cohort : 0, exited = f->exit_year != FIELD_NONE ? f->exit_year : 0;
	int64_t age[2], school[2];
	band_range(f->age_band, age_band_of, &age[0], &age[1]);
	band_range(f->schooling, report_schooling_band_of, &school[0], &school[1]);
	*whole = f->age_band >= 0 || f->schooling >= 0;
	unsigned cols = (cohort ? 1u : 0) | (g ? 2u : 0) | (exited ? 4u : 0) | (c ? 8u : 0);
	char day[16];
	date_format(today, day);
	struct db_stmt *st;
	if (*whole) {
		const char *sql = internships_bands_of(cols | (f->age_band >= 0 ? 16u : 0) | (f->schooling >= 0 ? 32u : 0));
		if (sql == NULL) {
			*rc = SC_ENOMEM;
			return NULL;
		}
		if ((st = db_prepare(db, sql)) == NULL) {
			*rc = SC_EDB;
			return NULL;
		}
		db_bind_int(st, 1, centre);
		db_bind_int(st, 2, cohort);
		db_bind_text(st, 3, g ? f->gender : "");
		db_bind_int(st, 4, exited);
		db_bind_text(st, 5, c ? f->country : "");
		db_bind_int(st, 6, age[0]);
		db_bind_int(st, 7, age[1]);
		db_bind_int(st, 8, school[0]);
		db_bind_int(st, 9, school[1]);
		if (!employer_rows(st, changed, rc))
			return NULL;
	}
	if ((st = db_prepare(db, sql_internships_today)) == NULL) {
		*rc = SC_EDB;
		return NULL;
	}
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, day);
	db_bind_int(st, 3, join ? 2 : 0);
	db_bind_int(st, 4, cohort);
	db_bind_text(st, 5, g ? f->gender : "");
	db_bind_int(st, 6, exited);
	db_bind_text(st, 7, c ? f->country : "");
	db_bind_int(st, 8, age[0]);
	db_bind_int(st, 9, age[1]);
	db_bind_int(st, 10, school[0]);
	db_bind_int(st, 11, school[1]);
	if (!employer_rows(st, changed, rc))
		return NULL;
	/* the employers' names: under a band every employer with a kept
	 * placement (internship_employers holds each, by kind 0 or 1) */
	const char *sql = join && !*whole ? internships_kept_of(cols) : sql_internships_kept;
	if (sql == NULL) {
		*rc = SC_ENOMEM;
		return NULL;
	}
	if ((st = db_prepare(db, sql)) == NULL) {
		*rc = SC_EDB;
		return NULL;
	}
	db_bind_int(st, 1, centre);
	if (join && !*whole) {
		db_bind_int(st, 2, cohort);
		db_bind_text(st, 3, g ? f->gender : "");
		db_bind_int(st, 4, exited);
		db_bind_text(st, 5, c ? f->country : "");
	}
	*rc = SC_OK;
	return st;
}

int
store_report_internships(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			 struct date today, struct report_area_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	size_t cap = 0, nemp = 0, ecap = 0, nind = 0;
	unsigned v;
	int rc;
	struct industry_sum *ind = arena_alloc(a, sizeof *ind * INDUSTRIES_MAX);
	if (ind == NULL)
		return SC_ENOMEM;
	/* from the kept placements when f compares only what they keep (the
	 * bands too: their years, decision 99) */
	struct report_filter unbanded = *f;
	unbanded.age_band = unbanded.schooling = -1;
	bool kept = area_kept_filter(&unbanded), whole = false;
	struct employer_map changed = {0};
	struct db_stmt *st = kept ? internships_kept(db, centre, f, today, &changed, &whole, &rc)
				  : area_stmt(db, AREA_INTERNSHIPS, centre, f, today, NULL, &v, &rc);
	if (st == NULL) {
		free(changed.slot);
		return rc;
	}
	if (kept)
		v = area_variant(&unbanded);   /* the bands were the SQL's ranges */
	struct report_filter bands;
	area_bands(f, &bands);
	/* by employer (the groups of an employer summed: the rows' statement
	 * gives an employer's rows one after another), the industries summed
	 * beside */
	struct employer_sum *emp = NULL, *e = NULL;
	struct report_area_row *r;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!area_passes(st, 9, v, &bands))
			continue;
		int64_t got[4];
		for (int k = 0; k < 4; k++)
			got[k] = db_col_int(st, 5 + k);
		if (kept && (changed.n > 0 || whole)) {
			const struct employer_today *d = employer_find(&changed, db_col_int(st, 0));
			for (int k = 0; k < 4; k++)
				got[k] = (whole ? 0 : got[k]) + (d != NULL ? d->d[k] : 0);
			if (got[3] <= 0)
				continue;   /* nothing started by today (under a band: none in it) */
		}
		if (e == NULL || db_col_int(st, 0) != e->id) {
			if (nemp == ecap) {
				size_t ncap = ecap ? ecap * 2 : 256;
				struct employer_sum *grown = realloc(emp, sizeof *grown * ncap);
				if (grown == NULL) {
					rc = SC_ENOMEM;
					break;
				}
				emp = grown;
				ecap = ncap;
			}
			e = &emp[nemp++];
			*e = (struct employer_sum){.id = db_col_int(st, 0), .label = arena_strdup(a, db_col_text(st, 1))};
			if (e->label == NULL) {
				rc = SC_ENOMEM;
				break;
			}
		}
		struct industry_sum *s = industry_of(a, ind, &nind, INDUSTRIES_MAX, st);
		if (s == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		for (int k = 0; k < 4; k++) {
			e->c[k] += got[k];
			s->count[k] += got[k];
		}
	}
	db_done(st);
	if (rc < 0)
		goto out;
	rc = SC_ENOMEM;
	/* by industry (table 0, by code), then by employer (table 1) */
	if (nind > 0)
		qsort(ind, nind, sizeof *ind, industry_cmp);
	for (size_t i = 0; i < nind; i++) {
		if ((r = report_area_row_add(a, rows, n, &cap)) == NULL)
			goto out;
		r->label = ind[i].name_en;
		r->label_nb = ind[i].name_nb;
		placement_cells(r, ind[i].count);
	}
	if (nemp > 0)
		qsort(emp, nemp, sizeof *emp, employer_cmp);
	for (size_t i = 0; i < nemp && i < EMPLOYERS_SHOWN; i++) {
		if ((r = report_area_row_add(a, rows, n, &cap)) == NULL)
			goto out;
		r->table = 1;
		r->label = emp[i].label;
		placement_cells(r, emp[i].c);
	}
	if (nemp > EMPLOYERS_SHOWN) {
		int64_t other[4] = {0};
		for (size_t i = EMPLOYERS_SHOWN; i < nemp; i++)
			for (int k = 0; k < 4; k++)
				other[k] += emp[i].c[k];
		if ((r = report_area_row_add(a, rows, n, &cap)) == NULL)
			goto out;
		r->table = 1;
		r->label = N_("Other employers");
		r->label_msgid = true;
		placement_cells(r, other);
	}
	rc = SC_OK;
out:
	free(emp);
	free(changed.slot);
	return rc;
}

static const char *const cefr_levels[] = {"A1", "A2", "B1", "B2", "C1"};
static const char *const cefr_skills[] = {"listening", "reading", "speaking", "writing"};

static int
cefr_index(const char *text, const char *const *list, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(text, list[i]) == 0)
			return i;
	return -1;
}

/* One participant's assessments of one skill, by day (at most 64 kept). */
struct cefr_run {
	int64_t participant;
	int skill;
	size_t n;
	int year[64];
	int level[64];
};

/* Adds the run's gains to the years' sums: for each year with an
 * assessment, the last level of the year less the level before it (the
 * last of an earlier year, else the year's first), when those are two
 * assessments. */
static void
cefr_gain(const struct cefr_run *r, int first_year, int nyears, int64_t *sum, int64_t *people)
{
	for (size_t i = 0; i < r->n;) {
		size_t j = i;
		while (j + 1 < r->n && r->year[j + 1] == r->year[i])
			j++;
		size_t base = i > 0 ? i - 1 : i;
		int y = r->year[i] - first_year;
		if (base != j && y >= 0 && y < nyears) {
			sum[y * 4 + r->skill] += r->level[j] - r->level[base];
			people[y * 4 + r->skill]++;
		}
		i = j + 1;
	}
}

#define CEFR_YEARS 60

/* Norwegian's kept steps (migration 38, decision 87): the kinds of
 * language_gains a filter reads besides kind 1 (a participant with one
 * period), by the columns it compares. */
static const char sql_language_gains[] =
	"SELECT skill, year, SUM(gain), SUM(people) FROM language_gains WHERE centre_id = $1 AND year >= $2"
	" AND year <= $3 AND kind IN (1, $4) AND (gender = $5 OR $5 = '') AND (country = $6 OR $6 = '')"
	" AND (start_year = $7 OR $7 = 0) AND (exit_year = $8 OR $8 = 0) GROUP BY skill, year";
/* an assessment of the centre after today (the kept steps count every one) */
static const char sql_language_later[] =
	"SELECT 1 FROM language_assessments WHERE centre_id = $1 AND assessed_on > $2 LIMIT 1";
/* Under an age or schooling band (migration 48, decision 100): the steps
 * of the participants of one period counted by the period's age at its
 * start and its schooling (language_bands: kind 0 every country, kind 1
 * by country), the ages and years of the bands' ranges read (each band
 * then decided in C), the other columns compared by equality */
static const char sql_language_bands[] =
	"SELECT skill, year, age, schooling, gain, people FROM language_bands WHERE centre_id = $1 AND kind = $2"
	" AND country = $3 AND age >= $4 AND age <= $5 AND schooling >= $6 AND schooling <= $7 AND year >= $8"
	" AND year <= $9 AND (gender = $10 OR $10 = '') AND (start_year = $11 OR $11 = 0)"
	" AND (exit_year = $12 OR $12 = 0)";
/* and the assessments of the participants of several periods (kept apart
 * in attendance_people, migration 46: few), each with its period's
 * columns, as the rows' statement (area_of()) gives them; in the order
 * written (SQLite keeps a CROSS JOIN's), so that SQLite starts from the
 * few (attendance_people_apart) rather than from the centre's periods
 * (half a second of CPU at a million, where there are none), and finds a
 * period by its participant (the unary +, as AREA_LATEST) */
static const char sql_language_apart[] =
	"SELECT x.participant_id, x.skill, x.level, x.assessed_on, r.birth_date, r.start_date, r.schooling"
	" FROM attendance_people p CROSS JOIN language_assessments x CROSS JOIN report_facts r"
	" WHERE p.centre_id = $1 AND p.periods >= 2 AND x.centre_id = p.centre_id"
	" AND x.participant_id = p.participant_id AND r.participant_id = x.participant_id"
	" AND +r.centre_id = x.centre_id AND" AREA_LATEST("x.assessed_on")
	" AND (x.assessed_on || '') <= $2 AND (x.assessed_on || '') >= $3"
	" AND (x.assessed_on || '') <= $4" AREA_NARROW " ORDER BY x.participant_id, x.skill, x.assessed_on, x.id";

/* True when f is read from language_bands: an age or schooling band, and
 * no contact person, scheme or period (those read the rows). */
static bool
norwegian_bands_filter(const struct report_filter *f)
{
	return (f->age_band >= 0 || f->schooling >= 0) && f->contact_id == 0 && scheme_of(f) == 0 &&
	       f->from.y == 0 && f->to.y == 0;
}


/* One participant's run, its gains added to sum and people when another
 * begins (cefr_gain()), fed by the rows of st (the rows' statement's
 * columns) that pass the bands; the last run is added at the end. */
static int
norwegian_rows(struct db_stmt *st, unsigned v, const struct report_filter *bands, struct cefr_run *run,
	       int first_year, int64_t *sum, int64_t *people)
{
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!area_passes(st, 4, v, bands))
			continue;
		int64_t pid = db_col_int(st, 0);
		int skill = cefr_index(db_col_text(st, 1), cefr_skills, 4);
		int level = cefr_index(db_col_text(st, 2), cefr_levels, 5);
		struct date on;
		if (skill < 0 || level < 0 || date_parse(db_col_text(st, 3), &on) != SC_OK)
			continue;
		if (pid != run->participant || skill != run->skill) {
			cefr_gain(run, first_year, CEFR_YEARS, sum, people);
			run->participant = pid;
			run->skill = skill;
			run->n = 0;
		}
		if (run->n == 64) {   /* keep the first and the latest */
			memmove(&run->year[1], &run->year[2], sizeof run->year[0] * 62);
			memmove(&run->level[1], &run->level[2], sizeof run->level[0] * 62);
			run->n = 63;
		}
		run->year[run->n] = on.y;
		run->level[run->n] = level;
		run->n++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	cefr_gain(run, first_year, CEFR_YEARS, sum, people);
	run->n = 0;
	return SC_OK;
}

/* The steps under f's age and/or schooling band (norwegian_bands_filter())
 * added to sum and people: the kept groups of the participants of one
 * period whose age and schooling are in the bands (report_age_band_of(),
 * report_schooling_band_of(): the domain's rule, as
 * report_period_matches()), and the runs of the participants of several
 * periods read one by one. */
static int
norwegian_bands(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f, struct date today,
		int first_year, int64_t *sum, int64_t *people)
{
	bool g = f->gender != NULL && f->gender[0], c = f->country != NULL && f->country[0];
	int64_t amin, amax, smin, smax;
	band_range(f->age_band, age_band_of, &amin, &amax);
	band_range(f->schooling, report_schooling_band_of, &smin, &smax);
	struct db_stmt *st = db_prepare(db, sql_language_bands);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, c ? 1 : 0);
	db_bind_text(st, 3, c ? f->country : "");
	db_bind_int(st, 4, amin);
	db_bind_int(st, 5, amax);
	db_bind_int(st, 6, smin);
	db_bind_int(st, 7, smax);
	db_bind_int(st, 8, first_year);
	db_bind_int(st, 9, today.y);
	db_bind_text(st, 10, g ? f->gender : "");
	db_bind_int(st, 11, f->cohort != FIELD_NONE ? f->cohort : 0);
	db_bind_int(st, 12, f->exit_year != FIELD_NONE ? f->exit_year : 0);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int skill = cefr_index(db_col_text(st, 0), cefr_skills, 4);
		int64_t y = db_col_int(st, 1) - first_year;
		if (skill < 0 || y < 0 || y >= CEFR_YEARS)
			continue;
		if (f->age_band >= 0 && report_age_band_of((int)db_col_int(st, 2)) != f->age_band)
			continue;
		/* none kept as -1, whose band is none's */
		if (f->schooling >= 0 && report_schooling_band_of(db_col_int(st, 3)) != f->schooling)
			continue;
		sum[y * 4 + skill] += db_col_int(st, 4);
		people[y * 4 + skill] += db_col_int(st, 5);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	unsigned v;
	if ((st = area_stmt(db, AREA_NORWEGIAN, centre, f, today, sql_language_apart, &v, &rc)) == NULL)
		return rc;
	struct cefr_run *run = arena_alloc(a, sizeof *run);
	if (run == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	memset(run, 0, sizeof *run);
	run->skill = -1;
	struct report_filter bands;
	area_bands(f, &bands);
	return norwegian_rows(st, v, &bands, run, first_year, sum, people);
}

/* The steps of the years from first_year to today's added to sum and
 * people from the kept groups, when f compares only what they keep
 * (language_gains, or under a band language_bands and the participants of
 * several periods) and no assessment is after today: *kept true; else
 * *kept false and nothing read. */
static int
norwegian_kept(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f, struct date today,
	       int first_year, int64_t *sum, int64_t *people, bool *kept)
{
	*kept = false;
	bool banded = norwegian_bands_filter(f);
	if (!area_kept_filter(f) && !banded)
		return SC_OK;
	char day[16];
	date_format(today, day);
	struct db_stmt *st = db_prepare(db, sql_language_later);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, day);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW)
		return SC_OK;
	if (banded) {
		if ((rc = norwegian_bands(db, a, centre, f, today, first_year, sum, people)) != SC_OK)
			return rc;
		*kept = true;
		return SC_OK;
	}
	bool g = f->gender != NULL && f->gender[0], c = f->country != NULL && f->country[0];
	bool cohort = f->cohort != FIELD_NONE && f->cohort != 0, exited = f->exit_year != FIELD_NONE && f->exit_year != 0;
	/* a filter given at all reads the events that have a period (as area_variant()) */
	int kind = cohort && exited ? 5 : cohort ? 3 : exited ? 4 : (area_variant(f) & AF_JOIN) ? 2 : 0;
	if ((st = db_prepare(db, sql_language_gains)) == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, first_year);
	db_bind_int(st, 3, today.y);
	db_bind_int(st, 4, kind);
	db_bind_text(st, 5, g ? f->gender : "");
	db_bind_text(st, 6, c ? f->country : "");
	db_bind_int(st, 7, cohort ? f->cohort : 0);
	db_bind_int(st, 8, exited ? f->exit_year : 0);
	while ((rc = db_step(st)) == DB_ROW) {
		int skill = cefr_index(db_col_text(st, 0), cefr_skills, 4);
		int64_t y = db_col_int(st, 1) - first_year;
		if (skill < 0 || y < 0 || y >= CEFR_YEARS)
			continue;
		sum[y * 4 + skill] += db_col_int(st, 2);
		people[y * 4 + skill] += db_col_int(st, 3);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*kept = true;
	return SC_OK;
}

int
store_report_norwegian(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
		       struct date today, struct report_area_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	size_t cap = 0;
	int first_year = today.y - CEFR_YEARS + 1;
	int64_t *sum = arena_alloc(a, sizeof *sum * CEFR_YEARS * 4);
	int64_t *people = arena_alloc(a, sizeof *people * CEFR_YEARS * 4);
	struct cefr_run *run = arena_alloc(a, sizeof *run);
	if (sum == NULL || people == NULL || run == NULL)
		return SC_ENOMEM;
	memset(sum, 0, sizeof *sum * CEFR_YEARS * 4);
	memset(people, 0, sizeof *people * CEFR_YEARS * 4);
	memset(run, 0, sizeof *run);
	run->skill = -1;
	bool kept;
	int rc = norwegian_kept(db, a, centre, f, today, first_year, sum, people, &kept);
	if (rc != SC_OK)
		return rc;
	if (!kept) {
		unsigned v;
		struct db_stmt *st = area_stmt(db, AREA_NORWEGIAN, centre, f, today, NULL, &v, &rc);
		if (st == NULL)
			return rc;
		struct report_filter bands;
		area_bands(f, &bands);
		if ((rc = norwegian_rows(st, v, &bands, run, first_year, sum, people)) != SC_OK)
			return rc;
	}
	for (int y = 0; y < CEFR_YEARS; y++) {
		int64_t *s = &sum[y * 4], *p = &people[y * 4];
		if (p[0] + p[1] + p[2] + p[3] == 0)
			continue;
		struct report_area_row *r = report_area_row_add(a, rows, n, &cap);
		if (r == NULL || (r->label = arena_printf(a, "%d", first_year + y)) == NULL)
			return SC_ENOMEM;
		for (int k = 0; k < 4; k++) {
			/* the mean in tenths, rounded half away from zero */
			int64_t tenths = p[k] > 0 ? (s[k] * 20 + (s[k] >= 0 ? p[k] : -p[k])) / (2 * p[k]) : 0;
			r->cell[k] = p[k] > 0 ? (struct report_cell){.kind = RC_TENTHS, .n = p[k], .value = tenths}
					      : (struct report_cell){.kind = RC_EMPTY};
		}
	}
	return SC_OK;
}
