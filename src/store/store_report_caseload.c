/*
 * store_report_caseload.c — Caseloads from the kept rows (migration 31):
 * today's periods by contact person and the changes over the months, of
 * caseload_spans and caseload_months; see store_report.h.
 */
#include "db.h"
#include "store.h"
#include "store_report_parts.h"
#include "util/arena.h"
#include "util/err.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	CL_NOW = 128, CL_SCHEME = 256,   /* times report_scheme_of() */
	CL_VARIANTS = 3 * CL_SCHEME,
};
static char *caseload_sql[CL_VARIANTS];
static pthread_mutex_t caseload_lock = PTHREAD_MUTEX_INITIALIZER;

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
 * (the filters $11 the cohort's year), under an age band from
 * caseload_ages ($12 and $13 its ages), under a schooling band from
 * caseload_schools ($12 and $13 its years). Then each filter's column when
 * the filter is given ($1 the centre).
 */
static const char *
caseload_of(unsigned v)
{
	pthread_mutex_lock(&caseload_lock);
	if (caseload_sql[v] == NULL) {
		bool gender = v & CL_GENDER, country = v & CL_COUNTRY, contact = v & CL_CONTACT, age = v & CL_AGE;
		bool school = v & CL_SCHOOL, cohort = (v & CL_COHORT) || age, months = v & CL_MONTHS;
		char cols[512];
		snprintf(cols, sizeof cols,
			 "%s AS gender, %s AS country, %s AS contact_id, %s AS age, NULL AS start_at,"
			 " %s AS schooling, %s", gender ? "gender" : "''",
			 country ? "country" : "''", contact ? "contact_id" : "0", age ? "age" : "NULL",
			 school ? "schooling" : "NULL", cohort ? "CAST(substr(start_date, 1, 4) AS BIGINT)" : "0");
		char group[256];
		snprintf(group, sizeof group, "%s%s%s%s%s%s", gender ? ", gender" : "", country ? ", country" : "",
			 contact ? ", contact_id" : "", age ? ", age" : "", school ? ", schooling" : "",
			 cohort ? ", sy" : "");
		/* under an age band its range of ages at the period's start
		 * (report_facts.age, caseload_spans.age: migrations 49 and 51),
		 * $11 and $12 for today's, $10 and $11 for the changes, $12 and
		 * $13 with the months kept by age (caseload_ages, migration 54;
		 * then "+age", so that the days' indexes are read for the changes
		 * since today's month, as without a band, and not every change of
		 * the band's range); "+age" under a contact person too, whose own
		 * rows are read by the contact persons' indexes, which hold the
		 * age (migration 57), and not the band's */
		char filters[512];
		snprintf(filters, sizeof filters, "%s%s", contact ? caseload_filters_contact : caseload_filters,
			 !age		      ? ""
			 : (v & CL_NOW) && contact ? " AND +age >= $11 AND +age <= $12"
			 : (v & CL_NOW)	      ? " AND age >= $11 AND age <= $12"
			 : months	      ? " AND +age >= $12 AND +age <= $13"
			 : contact	      ? " AND +age >= $10 AND +age <= $11"
					      : " AND age >= $10 AND age <= $11");
		/* the days as expressions when the contact person's or the band's
		 * index is to be read instead of the days' */
		bool by_day = !contact && (!age || months);
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
				 gender ? "gender" : "''", country ? "country" : "''", "0", age ? "age" : "NULL",
				 "NULL", school ? "schooling" : "NULL",
				 cohort ? "CAST(substr(start_date, 1, 4) AS BIGINT)" : "0", filters,
				 report_scheme_sql[v / CL_SCHEME], group);
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
					 age ? "age" : "NULL", "NULL", school ? "schooling" : "NULL", cohort ? "sy" : "0");
			for (size_t b = 0; b < 4 && k > 0 && (size_t)k < size; b++)
				/* a contact person's rows by the person, an age band's by the
				 * range of ages: the days as expressions */
				k += snprintf(sql + k, size - (size_t)k,
					      "%sSELECT %s AS kind, CASE WHEN %s >= $4 THEN %s ELSE substr(%s, 1, 7) || '-01' END"
					      " AS day, %s AS sy, %s AS n FROM %s WHERE centre_id = $1 AND %s%s >= $2"
					      " AND %s%s <= $3%s%s",
					      b > 0 ? " UNION ALL " : "", br[b].kind, br[b].day, br[b].day, br[b].day, cols,
					      br[b].n, br[b].table, br[b].day, by_day ? "" : " || ''",
					      br[b].day, by_day ? "" : " || ''", br[b].more, filters);
			if (k > 0 && (size_t)k < size)
				snprintf(sql + k, size - (size_t)k, "%s%s%s%s%s) c GROUP BY kind, day%s",
					 months ? " UNION ALL SELECT kind, month || '-01', " : "",
					 months ? (gender ? "gender, " : "'', ") : "",
					 months ? (country ? "country, " : "'', ") : "",
					 !months ? ""
					 : age	 ? "0, age, NULL, NULL, start_year, n"
					 : school && cohort ? "0, NULL, NULL, NULLIF(schooling, -1), start_year, n"
					 : school ? "0, NULL, NULL, NULLIF(schooling, -1), 0, n"
					 : cohort ? "0, NULL, NULL, NULL, start_year, n"
						  : "0, NULL, NULL, NULL, 0, n",
					 !months ? ""
					 : age	 ? " FROM caseload_ages WHERE centre_id = $1 AND month < $10"
						   " AND (gender = $5 OR $5 = '') AND $6 = ''"
						   " AND (start_year = $11 OR $11 = 0) AND age >= $12 AND age <= $13"
					 : school ? " FROM caseload_schools WHERE centre_id = $1 AND month < $10"
						    " AND (gender = $5 OR $5 = '') AND $6 = ''"
						    " AND (start_year = $11 OR $11 = 0) AND schooling >= $12 AND schooling <= $13"
						  : " FROM caseload_months WHERE centre_id = $1 AND month < $10"
						    " AND (gender = $5 OR $5 = '') AND (country = $6 OR $6 = '')"
						    " AND (start_year = $11 OR $11 = 0)",
					 group);
		}
		caseload_sql[v] = sql;
	}
	pthread_mutex_unlock(&caseload_lock);
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
	unsigned scheme = report_scheme_of(f);
	/* the changes' statement reads caseload_spans, which keep no scheme,
	 * and months kept with no schooling band beside an age band or a
	 * country: under those the caller counts the rows (store_report.h) */
	if (!(what & CL_NOW) && (scheme != 0 || (school && (age || country)))) {
		*rc = SC_EINVAL;
		return NULL;
	}
	/* the months keep gender, country and cohort, or gender, cohort and
	 * age (caseload_ages) or schooling (caseload_schools) */
	bool months = !(what & CL_NOW) && !contact && !(age && country);
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
	if (age) {
		int64_t a0, a1;
		report_band_range(f->age_band, report_age_band_years, &a0, &a1);
		int k = (what & CL_NOW) ? 11 : months ? 12 : 10;
		db_bind_int(st, k, a0);
		db_bind_int(st, k + 1, a1);
	} else if (school && months) {
		int64_t s0, s1;
		report_band_range(f->schooling, report_schooling_band_of, &s0, &s1);
		db_bind_int(st, 12, s0);
		db_bind_int(st, 13, s1);
	}
	*rc = SC_OK;
	return st;
}

/* A group's period columns from column k on (gender, country, contact
 * person, the age at the start, nothing, schooling, start year); the
 * start as store_report_caseload_now() says. */
static int
caseload_period(struct db_stmt *st, struct arena *a, int k, unsigned v, struct date today, struct keys *ks,
		struct report_period *p)
{
	p->gender = report_col_key(st, a, k, ks);
	p->country = report_col_key(st, a, k + 1, ks);
	p->contact_id = db_col_int(st, k + 2);
	p->age_kept = v & CL_AGE;
	p->age = p->age_kept ? (int)db_col_int(st, k + 3) : 0;
	int64_t sy = db_col_int(st, k + 6);
	p->start = sy > 0 ? (struct date){(int)sy, 1, 1} : today;
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
		struct report_period *p = report_next_row(a, (void **)rows, *n, cap, sizeof **rows);
		if (p == NULL) {
			rc = SC_ENOMEM;
			break;
		}
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
		struct report_change *c = report_next_row(a, (void **)rows, *n, cap, sizeof **rows);
		if (c == NULL) {
			rc = SC_ENOMEM;
			break;
		}
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

/* caseload_spans, caseload_months, caseload_ages and caseload_schools
 * against their views, as sql_facts_differ. */
#define CASELOAD_KEPT(m) \
	m("caseload_spans") " + " m("caseload_months") " + " m("caseload_ages") " + " m("caseload_schools")
#define CASELOAD_COUNT(t) "(SELECT COUNT(*) FROM " t " WHERE centre_id = $1)"
#define CASELOAD_COUNT_FRESH(t) "(SELECT COUNT(*) FROM " t "_source WHERE centre_id = $1)"
static const char sql_caseload_differ[] =
	"SELECT " CASELOAD_KEPT(GROUPS_MISSING) ", " CASELOAD_KEPT(GROUPS_EXTRA) ", " CASELOAD_KEPT(CASELOAD_COUNT) ", "
	CASELOAD_KEPT(CASELOAD_COUNT_FRESH);

int
store_report_caseload_verify(struct db *db, int64_t centre, int64_t *missing, int64_t *extra)
{
	return report_facts_differ(db, sql_caseload_differ, centre, missing, extra);
}
