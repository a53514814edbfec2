/*
 * store_report_area.c — Internships, Norwegian and Money (issue 12): each
 * area's events under the filters that describe the participant by their
 * programme period (decision 83), from the kept facts and counts where
 * they hold the filters (decisions 87, 88, 98, 99, 100, 101); see
 * store_report.h. The reports of the periods and referrals are in
 * store_report.c, Attendance in store_report_attendance.c.
 */
#include "db.h"
#include "store.h"
#include "store_report_parts.h"
#include "domain/stats.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the statements made once, when first asked (as store_report.c's) */
static pthread_mutex_t area_lock = PTHREAD_MUTEX_INITIALIZER;

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
 * and by the period's scheme (AF_SCHEME times report_scheme_of(), a condition
 * written from the scheme keys as report_scheme_sql); one contact person's
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
/* the period's scheme, by report_scheme_of() (as report_scheme_sql) */
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
	unsigned scheme = report_scheme_of(f);
	bool join = age || school || (f->gender != NULL && f->gender[0]) || (f->country != NULL && f->country[0]) ||
		    f->contact_id != 0 || f->cohort != FIELD_NONE || f->exit_year != FIELD_NONE || scheme != 0;
	return (join ? AF_JOIN : 0) | (age ? AF_AGE : 0) | (school ? AF_SCHOOL : 0) | scheme * AF_SCHEME |
	       (f->contact_id != 0 ? AF_CONTACT : 0);
}

/* The statement of report k in variant v (made once; NULL out of memory). */
static const char *
area_of(int k, unsigned v)
{
	pthread_mutex_lock(&area_lock);
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
				 " AND %s <= $4 AND x.withdrawn_at IS NULL%s"
				 " ORDER BY x.participant_id, x.skill, x.assessed_on, x.id",
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
	pthread_mutex_unlock(&area_lock);
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
	char day[16], from[16], to[16];
	date_format(today, day);
	report_period_days(f, from, to);
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
static char *money_kept_sql[64];

static const char *
money_kept_of(unsigned cols)
{
	pthread_mutex_lock(&area_lock);
	if (money_kept_sql[cols] == NULL) {
		char *sql = malloc(AREA_SQL_SIZE);
		if (sql != NULL && (cols & (16 | 32)))
			/* an age band's (money_ages, migrations 53 and 61) or a
			 * schooling band's (money_schools, migration 59): its range of
			 * ages or years $10 and $11, the gender or any, the start
			 * year or any */
			snprintf(sql, AREA_SQL_SIZE,
				 "SELECT b.month, SUM(g.gross_ore), SUM(g.tax_ore), SUM(g.people), SUM(g.outstanding_ore),"
				 " NULL, NULL, NULL FROM money_%s g JOIN benefit_runs b ON b.id = g.run_id"
				 " AND b.centre_id = g.centre_id WHERE g.centre_id = $1 AND g.%s >= $10 AND g.%s <= $11"
				 " AND %s AND $6 = '' AND $7 = 0 AND %s AND $9 = 0 AND b.state = 'approved'"
				 " AND b.month <= $2 AND b.month >= $3 AND b.month <= $4 GROUP BY b.month ORDER BY b.month",
				 cols & 16 ? "ages" : "schools", cols & 16 ? "age" : "schooling",
				 cols & 16 ? "age" : "schooling", cols & 2 ? "g.gender = $5" : "$5 = ''",
				 cols & 1 ? "g.start_year = $8" : "$8 = 0");
		else if (sql != NULL)
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
	pthread_mutex_unlock(&area_lock);
	return money_kept_sql[cols];
}

/* The columns of f that narrow Money's kept groups (1 start year, 2
 * gender, 4 exit year, 8 country; a cohort or exit year of 0 is given but
 * narrows nothing, as area_stmt() binds it: the statements of a period),
 * 16 for an age band (money_ages), 32 for a schooling band
 * (money_schools), each alone or with a gender, a cohort or both; -1 when
 * f compares one they lack (a contact person, the scheme, both bands, a
 * band with another column: the statements are read). */
static int
money_kept_cols(const struct report_filter *f)
{
	if (f->contact_id != 0 || report_scheme_of(f) != 0 || (f->age_band >= 0 && f->schooling >= 0))
		return -1;
	int cols = (f->cohort != FIELD_NONE && f->cohort != 0 ? 1 : 0) | (f->gender != NULL && f->gender[0] ? 2 : 0) |
		   (f->exit_year != FIELD_NONE && f->exit_year != 0 ? 4 : 0) |
		   (f->country != NULL && f->country[0] ? 8 : 0);
	if (f->age_band < 0 && f->schooling < 0)
		return cols;
	return (cols & ~3) != 0 ? -1 : (f->age_band >= 0 ? 16 : 32) | cols;
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
	if (cols >= 16) {
		int64_t lo, hi;
		if (cols & 16)
			report_band_range(f->age_band, report_age_band_years, &lo, &hi);
		else
			report_band_range(f->schooling, report_schooling_band_of, &lo, &hi);
		db_bind_int(st, 10, lo);
		db_bind_int(st, 11, hi);
	}
	/* the kept groups are narrowed in SQL, the band's too */
	struct report_filter bands;
	area_bands(f, &bands);
	if (kept != NULL)
		v &= ~(unsigned)(AF_AGE | AF_SCHOOL);
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
	pthread_mutex_lock(&area_lock);
	if (internships_kept_sql[cols] == NULL) {
		char *sql = malloc(AREA_SQL_SIZE);
		/* no exit year or country: the groups by start year and gender
		 * alone; both given, an employer's one row of internship_cohorts'
		 * key as it is (summing 35,571 of them took PostgreSQL 70-150 ms
		 * more at a million); else summed as integers (each a count: a
		 * BIGINT's sum is PostgreSQL's NUMERIC, slower to add) */
		if (sql != NULL && cols == 3)
			snprintf(sql, AREA_SQL_SIZE,
				 INTERNSHIPS_KEPT_COLS " FROM (SELECT employer_id, completed, early, job, started"
				 " FROM internship_cohorts WHERE centre_id = $1 AND start_year = $2 AND gender = $3"
				 " AND $4 = $4 AND $5 = $5) g" INTERNSHIPS_KEPT_JOIN);
		else if (sql != NULL)
			snprintf(sql, AREA_SQL_SIZE,
				 INTERNSHIPS_KEPT_COLS " FROM (SELECT employer_id, SUM(CAST(completed AS INTEGER)) AS completed,"
				 " SUM(CAST(early AS INTEGER)) AS early, SUM(CAST(job AS INTEGER)) AS job,"
				 " SUM(CAST(started AS INTEGER)) AS started FROM %s"
				 " WHERE centre_id = $1%s%s%s%s AND $2 = $2 AND $3 = $3 AND $4 = $4 AND $5 = $5"
				 " GROUP BY employer_id) g" INTERNSHIPS_KEPT_JOIN,
				 cols & 12 ? "internship_groups" : "internship_cohorts",
				 cols & 1 ? " AND start_year = $2" : "", cols & 2 ? " AND gender = $3" : "",
				 cols & 4 ? " AND exit_year = $4" : "", cols & 8 ? " AND country = $5" : "");
		internships_kept_sql[cols] = sql;
	}
	pthread_mutex_unlock(&area_lock);
	return internships_kept_sql[cols];
}

/* what today changes of the placements not over by it: each employer's
 * completed, ended early, converted and started to add (<= 0) */
#define INTERNSHIPS_TODAY \
	"SELECT employer_id, CASE WHEN agreed = 1 AND starts_on <= $2 AND ends_on < $2 THEN 1 ELSE 0 END" \
	" - CASE WHEN agreed = 1 AND ends_on IS NOT NULL THEN 1 ELSE 0 END," \
	" CASE WHEN starts_on > $2 THEN -early ELSE 0 END, CASE WHEN starts_on > $2 THEN -job ELSE 0 END," \
	" CASE WHEN starts_on > $2 THEN -1 ELSE 0 END FROM placement_facts WHERE centre_id = $1 AND until_on >= $2" \
	" AND (kind = 1 OR kind = $3) AND (start_year = $4 OR $4 = 0) AND (gender = $5 OR $5 = '')" \
	" AND (exit_year = $6 OR $6 = 0) AND (country = $7 OR $7 = '')" \
	/* the bands' ranges (report_band_range(); the + keeps SQLite on the open \
	 * placements' index rather than a band's) */ \
	" AND +age >= $8 AND +age <= $9 AND +schooling >= $10 AND +schooling <= $11"
static const char sql_internships_today[] = INTERNSHIPS_TODAY;
/* under a period (decision 127) the placements started in it ($12 to $13:
 * report_period_days()), written as an expression so that
 * neither engine reads the open placements by placement_facts_starts
 * instead (72,000 at a million) */
static const char sql_internships_today_period[] =
	INTERNSHIPS_TODAY " AND starts_on || '' >= $12 AND starts_on || '' <= $13";


/* Under an age or schooling band (decision 99) or a period (decision
 * 127): the kept placements of the periods whose age at the start and
 * years of schooling are in the bands' ranges, or that started in the
 * period, by the range of placement_facts_age (an age band),
 * placement_facts_schooling (schooling alone) or placement_facts_starts
 * (a period alone), each with what it counts (completed, ended early,
 * converted, started) as if today were after it; of kinds 1 and $10 (2
 * under a filter of people, else 0; a band's range leaves kind 0 out: it
 * holds -1 for both); one statement per set of columns given (1 start
 * year, 2 gender, 4 exit year, 8 country, 16 age, 32 schooling, 64 the
 * period's days $11 to $12; made once, as area_of()). */
static char *internships_bands_sql[128];

static const char *
internships_bands_of(unsigned cols)
{
	pthread_mutex_lock(&area_lock);
	if (internships_bands_sql[cols] == NULL) {
		char *sql = malloc(AREA_SQL_SIZE);
		if (sql != NULL)
			snprintf(sql, AREA_SQL_SIZE,
				 "SELECT employer_id, CASE WHEN agreed = 1 AND ends_on IS NOT NULL THEN 1 ELSE 0 END, early,"
				 " job, 1 FROM placement_facts WHERE centre_id = $1%s%s%s%s%s%s%s AND $2 = $2 AND $3 = $3"
				 " AND $4 = $4 AND $5 = $5 AND $6 = $6 AND $7 = $7 AND $8 = $8 AND $9 = $9"
				 " AND %s AND $11 = $11 AND $12 = $12",
				 cols & 64 ? " AND starts_on >= $11 AND starts_on <= $12" : "",
				 cols & 16 ? " AND age >= $6 AND age <= $7" : "",
				 cols & 32 ? " AND schooling >= $8 AND schooling <= $9" : "",
				 cols & 1 ? " AND start_year = $2" : "", cols & 2 ? " AND gender = $3" : "",
				 cols & 4 ? " AND exit_year = $4" : "", cols & 8 ? " AND country = $5" : "",
				 /* a band's ranges leave kind 0 out (its -1s), and
				  * placement_facts_age and _schooling do not hold the kind */
				 cols & 48 ? "$10 = $10" : "(kind = 1 OR kind = $10)");
		internships_bands_sql[cols] = sql;
	}
	pthread_mutex_unlock(&area_lock);
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
	return f->contact_id == 0 && f->age_band < 0 && f->schooling < 0 && report_scheme_of(f) == 0 && f->from.y == 0 &&
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
 * slots); NULL when it fails (*rc). Under an age or schooling band or
 * a period (*whole) *changed holds each employer's whole counts under f
 * (the placements of the band or started in the period, and what today
 * changes of them) and the statement names every employer with a kept
 * placement. */
static struct db_stmt *
internships_kept(struct db *db, int64_t centre, const struct report_filter *f, struct date today,
		 struct employer_map *changed, bool *whole, int *rc)
{
	bool join = area_variant(f) & AF_JOIN;
	bool g = f->gender != NULL && f->gender[0], c = f->country != NULL && f->country[0];
	int64_t cohort = f->cohort != FIELD_NONE ? f->cohort : 0, exited = f->exit_year != FIELD_NONE ? f->exit_year : 0;
	int64_t age[2], school[2];
	report_band_range(f->age_band, report_age_band_years, &age[0], &age[1]);
	report_band_range(f->schooling, report_schooling_band_of, &school[0], &school[1]);
	bool period = f->from.y != 0 || f->to.y != 0;
	*whole = f->age_band >= 0 || f->schooling >= 0 || period;
	unsigned cols = (cohort ? 1u : 0) | (g ? 2u : 0) | (exited ? 4u : 0) | (c ? 8u : 0);
	char day[16], first[16], last[16];
	date_format(today, day);
	report_period_days(f, first, last);
	struct db_stmt *st;
	if (*whole) {
		const char *sql = internships_bands_of(cols | (f->age_band >= 0 ? 16u : 0) | (f->schooling >= 0 ? 32u : 0) |
						       (period ? 64u : 0));
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
		db_bind_int(st, 10, join ? 2 : 0);
		db_bind_text(st, 11, first);
		db_bind_text(st, 12, last);
		if (!employer_rows(st, changed, rc))
			return NULL;
	}
	if ((st = db_prepare(db, period ? sql_internships_today_period : sql_internships_today)) == NULL) {
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
	if (period) {
		db_bind_text(st, 12, first);
		db_bind_text(st, 13, last);
	}
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

static int
internships(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f, struct date today,
	    bool from_rows, struct report_area_row **rows, size_t *n)
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
	 * bands too: their years, decision 99; the period: their start,
	 * decision 127) */
	struct report_filter unbanded = *f;
	unbanded.age_band = unbanded.schooling = -1;
	unbanded.from = unbanded.to = (struct date){0, 0, 0};
	bool kept = !from_rows && area_kept_filter(&unbanded), whole = false;
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

int
store_report_internships(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			 struct date today, struct report_area_row **rows, size_t *n)
{
	return internships(db, a, centre, f, today, false, rows, n);
}

int
store_report_internships_rows(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			      struct date today, struct report_area_row **rows, size_t *n)
{
	return internships(db, a, centre, f, today, true, rows, n);
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

/* One participant's assessments of one skill, by day, as they come: the
 * year being read, its first and latest levels and its assessments, and
 * the level before its first (-1: the year is the run's first). */
struct cefr_run {
	int64_t participant;
	int skill;
	size_t n;          /* the run's assessments so far */
	int year, first, last, before;
	size_t in_year;
};

/* Adds the year being read to the years' sums: its last level less the
 * level before it (the last of an earlier year, else the year's first),
 * when those are two assessments (decision 87; every assessment of the
 * run since decision 129). */
static void
cefr_gain(const struct cefr_run *r, int first_year, int nyears, int64_t *sum, int64_t *people)
{
	int y = r->year - first_year;
	if (r->n == 0 || (r->before < 0 && r->in_year < 2) || y < 0 || y >= nyears)
		return;
	sum[y * 4 + r->skill] += r->last - (r->before >= 0 ? r->before : r->first);
	people[y * 4 + r->skill]++;
}

/* The next assessment of the run (by day), the year before it added when
 * it begins another. */
static void
cefr_add(struct cefr_run *r, int year, int level, int first_year, int nyears, int64_t *sum, int64_t *people)
{
	if (r->n > 0 && year != r->year) {
		cefr_gain(r, first_year, nyears, sum, people);
		r->before = r->last;
		r->in_year = 0;
	} else if (r->n == 0) {
		r->before = -1;
		r->in_year = 0;
	}
	if (r->in_year == 0) {
		r->year = year;
		r->first = level;
	}
	r->last = level;
	r->in_year++;
	r->n++;
}

#define CEFR_YEARS 60

/* Norwegian's kept steps (migration 38, decision 87): the kinds of
 * language_gains a filter reads besides kind 1 (a participant with one
 * period), by the columns it compares. */
#define LANGUAGE_GAINS(gain, people) \
	"SELECT skill, year, SUM(" gain "), SUM(" people ") FROM language_gains WHERE centre_id = $1 AND year >= $2" \
	" AND year <= $3 AND kind IN (1, $4) AND (gender = $5 OR $5 = '') AND (country = $6 OR $6 = '')" \
	" AND (start_year = $7 OR $7 = 0) AND (exit_year = $8 OR $8 = 0) GROUP BY skill, year"
static const char sql_language_gains[] = LANGUAGE_GAINS("gain", "people");
/* a calendar year asked (norwegian_year()): each year's own steps, from
 * its first level (migration 68, decision 129) */
static const char sql_language_gains_in[] = LANGUAGE_GAINS("gain_in", "people_in");
/* the centre's latest assessment, to see whether one is after today (the
 * kept steps count every one): the day compared in the program, so that
 * the plan is one for every day. "assessed_on > $2 LIMIT 1" had PostgreSQL
 * take, after five runs, a generic plan costed for a third of the rows
 * matching: a scan of the table that stops at the first match, where none
 * matched (8.5 million assessments at a million participants: 1.4 s). */
static const char sql_language_later[] =
	"SELECT assessed_on FROM language_assessments WHERE centre_id = $1 ORDER BY assessed_on DESC LIMIT 1";
/* Under an age or schooling band (migration 48, decision 100): the steps
 * of the participants of one period counted by the period's age at its
 * start and its schooling (language_bands: kind 0 every country, kind 1
 * by country), the ages and years of the bands' ranges read (each band
 * then decided in C), the other columns compared by equality */
#define LANGUAGE_BANDS(gain, people) \
	"SELECT skill, year, age, schooling, " gain ", " people " FROM language_bands WHERE centre_id = $1 AND kind = $2" \
	" AND country = $3 AND age >= $4 AND age <= $5 AND schooling >= $6 AND schooling <= $7 AND year >= $8" \
	" AND year <= $9 AND (gender = $10 OR $10 = '') AND (start_year = $11 OR $11 = 0)" \
	" AND (exit_year = $12 OR $12 = 0)"
static const char sql_language_bands[] = LANGUAGE_BANDS("gain", "people");
/* a calendar year asked (norwegian_year()): each year's own steps
 * (migration 70, decision 131) */
static const char sql_language_bands_in[] = LANGUAGE_BANDS("gain_in", "people_in");
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
	" AND x.participant_id = p.participant_id AND x.withdrawn_at IS NULL AND r.participant_id = x.participant_id"
	" AND +r.centre_id = x.centre_id AND" AREA_LATEST("x.assessed_on")
	" AND (x.assessed_on || '') <= $2 AND (x.assessed_on || '') >= $3"
	" AND (x.assessed_on || '') <= $4" AREA_NARROW " ORDER BY x.participant_id, x.skill, x.assessed_on, x.id";

static int norwegian_year(const struct report_filter *f, struct date today);

/* True when f is read from language_bands: an age or schooling band, no
 * contact person or scheme, and no period or one of a calendar year
 * (norwegian_year(); others read the rows). */
static bool
norwegian_bands_filter(const struct report_filter *f, struct date today)
{
	return (f->age_band >= 0 || f->schooling >= 0) && f->contact_id == 0 && report_scheme_of(f) == 0 &&
	       ((f->from.y == 0 && f->to.y == 0) || norwegian_year(f, today) != 0);
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
		cefr_add(run, on.y, level, first_year, CEFR_YEARS, sum, people);
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
	report_band_range(f->age_band, report_age_band_years, &amin, &amax);
	report_band_range(f->schooling, report_schooling_band_of, &smin, &smax);
	int year = norwegian_year(f, today);
	struct db_stmt *st = db_prepare(db, year != 0 ? sql_language_bands_in : sql_language_bands);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, c ? 1 : 0);
	db_bind_text(st, 3, c ? f->country : "");
	db_bind_int(st, 4, amin);
	db_bind_int(st, 5, amax);
	db_bind_int(st, 6, smin);
	db_bind_int(st, 7, smax);
	db_bind_int(st, 8, year != 0 ? year : first_year);
	db_bind_int(st, 9, year != 0 ? year : today.y);
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

/* The year of f's period when it is one calendar year (from its 1
 * January to its 31 December, or to today or later in this year); else 0.
 * The run under a period is its assessments, so such a year's steps are
 * each counted from the year's own first level: the kept gain_in
 * (migrations 68 and 70). */
static int
norwegian_year(const struct report_filter *f, struct date today)
{
	int y = f->from.y;
	if (y == 0 || f->from.m != 1 || f->from.d != 1)
		return 0;
	struct date end = f->to.y != 0 ? f->to : (struct date){9999, 12, 31};
	bool whole = end.y == y && end.m == 12 && end.d == 31;
	bool to_today = y == today.y && date_cmp(end, today) >= 0;
	return whole || to_today ? y : 0;
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
	bool banded = norwegian_bands_filter(f, today);
	int year = norwegian_year(f, today);
	struct report_filter rest = *f;   /* the filters but the period */
	rest.from = rest.to = (struct date){0, 0, 0};
	if (!banded && !(area_kept_filter(f) || (year != 0 && area_kept_filter(&rest))))
		return SC_OK;
	char day[16];
	date_format(today, day);
	struct db_stmt *st = db_prepare(db, sql_language_later);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	int rc = db_step(st);
	const char *latest = rc == DB_ROW ? db_col_text(st, 0) : NULL;
	bool later = latest != NULL && strcmp(latest, day) > 0;
	db_done(st);
	if (rc < 0)
		return rc;
	if (later)
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
	if ((st = db_prepare(db, year != 0 ? sql_language_gains_in : sql_language_gains)) == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, year != 0 ? year : first_year);
	db_bind_int(st, 3, year != 0 ? year : today.y);
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

static int
norwegian_report(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f, struct date today,
		 bool rows_only, struct report_area_row **rows, size_t *n)
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
	bool kept = false;
	int rc = rows_only ? SC_OK : norwegian_kept(db, a, centre, f, today, first_year, sum, people, &kept);
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
			r->cell[k] = p[k] > 0 ? (struct report_cell){.kind = RC_MEAN, .n = p[k], .value = tenths}
					      : (struct report_cell){.kind = RC_EMPTY};
		}
	}
	return SC_OK;
}

int
store_report_norwegian(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
		       struct date today, struct report_area_row **rows, size_t *n)
{
	return norwegian_report(db, a, centre, f, today, false, rows, n);
}

int
store_report_norwegian_rows(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			    struct date today, struct report_area_row **rows, size_t *n)
{
	return norwegian_report(db, a, centre, f, today, true, rows, n);
}
