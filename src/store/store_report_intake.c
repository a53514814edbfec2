/*
 * store_report_intake.c — Intake's referrals counted together in SQL
 * (store_report_referral_groups(); see store_report.h): from the kept
 * counts (intake_sources, intake_days; under an age band
 * intake_age_sources) when no filter needs a column they lack, else from
 * intake_facts grouped by the filters' columns; under an age band by the
 * age at the referral kept beside the row (migration 51, docs/DECISIONS.md
 * 106 and 114).
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

static pthread_mutex_t referral_lock = PTHREAD_MUTEX_INITIALIZER;

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
 * RG_LIST, RG_PERIOD for the list only, or RG_AGE without RG_COUNTRY for
 * the sources) on the counts kept (migrations 32 and 56), with the columns
 * and parameters of the variant without it: the referrals by source and
 * screening (intake_sources; under an age band intake_age_sources, by age
 * and gender), or the waiting list's changes
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
	else if (v & RG_SCHOOL)
		/* under a schooling band (no age, no country): by the years of
		 * schooling and gender (intake_school_sources, migration 59), the
		 * band's years $10 to $11 */
		snprintf(sql, 1536,
			 "SELECT source, NULLIF(s_age, -1), NULLIF(s_intro_ended, -1), NULLIF(s_not_enrolled, -1),"
			 " NULLIF(s_lawful_residence, -1), NULL, NULL, %s, '', 0, NULL, NULL, NULLIF(schooling, -1), SUM(n)"
			 " FROM intake_school_sources WHERE centre_id = $1 AND schooling >= $10 AND schooling <= $11"
			 " AND (gender = $2 OR $2 = '') AND $3 = '' AND $4 = 0 AND $5 = $6 AND $7 = $7 AND $8 = $9"
			 " GROUP BY schooling, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence%s",
			 gender ? "gender" : "''", gender ? ", gender" : "");
	else if (v & RG_AGE)
		/* under an age band (no country): by age and gender
		 * (intake_age_sources, migration 56), the band's ages $8 and $9 */
		snprintf(sql, 1536,
			 "SELECT source, NULLIF(s_age, -1), NULLIF(s_intro_ended, -1), NULLIF(s_not_enrolled, -1),"
			 " NULLIF(s_lawful_residence, -1), NULL, NULL, %s, '', 0, age, NULL, NULL, SUM(n)"
			 " FROM intake_age_sources WHERE centre_id = $1 AND age >= $8 AND age <= $9"
			 " AND (gender = $2 OR $2 = '') AND $3 = '' AND $4 = 0 AND $5 = $6 AND $7 = $7"
			 " GROUP BY age, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence%s",
			 gender ? "gender" : "''", gender ? ", gender" : "");
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
	pthread_mutex_lock(&referral_lock);
	if (referral_sql[v] == NULL && (v & RG_KEPT)) {
		referral_sql[v] = kept_referrals_sql(v);
	} else if (referral_sql[v] == NULL) {
		bool gender = v & RG_GENDER, country = v & RG_COUNTRY, contact = v & RG_CONTACT, age = v & RG_AGE;
		bool school = v & RG_SCHOOL, list = v & RG_LIST, period = v & RG_PERIOD;
		/* the waiting list under an age band without a contact person:
		 * each age of the band ($8 to $9, the caller's ages) one range of
		 * waiting_to in intake_facts_ages_waiting */
		bool ages = list && age && !contact;
		/* and under a schooling band each year of it ($10 to $11), by
		 * intake_facts_schooling_waiting (migration 59) */
		bool years = list && school && !age && !contact;
		char *sql = malloc(2048);
		if (sql != NULL)
			snprintf(sql, 2048,
				 "%s%sSELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, COUNT(*) FROM intake_facts"
				 " WHERE %s AND (gender = $2 OR $2 = '') AND (country = $3 OR $3 = '')"
				 " AND %s AND %s%s%s GROUP BY %s%s%s%s%s%s",
				 ages ? "WITH RECURSIVE ages(x) AS (SELECT CAST($8 AS BIGINT)"
					" UNION ALL SELECT x + 1 FROM ages WHERE x < $9) " : "",
				 years ? "WITH RECURSIVE years(x) AS (SELECT CAST($10 AS BIGINT)"
					 " UNION ALL SELECT x + 1 FROM years WHERE x < $11) " : "",
				 list ? "NULL" : "source",
				 list ? "NULL" : "s_age", list ? "NULL" : "s_intro_ended",
				 list ? "NULL" : "s_not_enrolled", list ? "NULL" : "s_lawful_residence",
				 list ? "CASE WHEN waiting_from >= $7 THEN waiting_from"
					" ELSE substr(waiting_from, 1, 7) || '-01' END" : "NULL",
				 list ? "CASE WHEN waiting_to >= $7 THEN waiting_to"
					" ELSE substr(waiting_to, 1, 7) || '-01' END" : "NULL",
				 gender ? "gender" : "''", country ? "country" : "''", contact ? "contact_id" : "0",
				 age ? "age" : "NULL", "NULL", school ? "schooling" : "NULL",
				 /* a contact person's by intake_facts_contact */
				 REPORT_CENTRE_SQL(contact), REPORT_CONTACT_SQL(contact),
				 /* without a period, every referral: no day compared */
				 list	  ? "waiting_to > $5 AND waiting_from <= $6"
				 : period ? "referred_on >= $5 AND referred_on <= $6"
					  : "$5 = $6",
				 /* the age band's ages at the referral ($8 to $9) */
				 ages	     ? " AND age IN (SELECT x FROM ages)"
				 : !age	     ? ""
				 : list	     ? " AND age >= $8 AND age <= $9"
					     : " AND age >= $8 AND age <= $9 AND $7 = $7",
				 /* the schooling band's years ($10 to $11; $7 to $9 named) */
				 years	  ? " AND schooling IN (SELECT x FROM years) AND $8 = $9"
				 : !school ? ""
				 : age	  ? " AND schooling >= $10 AND schooling <= $11"
				 : list	  ? " AND schooling >= $10 AND schooling <= $11 AND $8 = $9"
					  : " AND schooling >= $10 AND schooling <= $11 AND $7 = $7 AND $8 = $9",
				 /* under an age band the groups in intake_facts_ages' order
				  * (age, gender, country, source, the screenings), so that
				  * SQLite groups the band's range as it reads it: a gender or
				  * a country not asked for splits a group the report adds up */
				 /* with a period (no age band) by the day of the referral
				  * first, in intake_facts_referred's order (migration 64):
				  * the period's range read in the order of the groups */
				 list ? "6, 7" : age ? "age, gender, country, source, s_age, s_intro_ended, s_not_enrolled,"
						       " s_lawful_residence"
				 : period ? "referred_on, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence"
					  : "source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence",
				 gender && (list || !age) ? ", gender" : "", country && (list || !age) ? ", country" : "",
				 age && list ? ", age" : "", school ? ", schooling" : "", contact ? ", contact_id" : "");
		referral_sql[v] = sql;
	}
	pthread_mutex_unlock(&referral_lock);
	return referral_sql[v];
}

static const char sql_oldest[] = "SELECT MAX(age) FROM intake_facts WHERE centre_id = $1";
static const char sql_most_schooling[] = "SELECT MAX(schooling) FROM intake_facts WHERE centre_id = $1";

/* *hi, or the greatest age (the years of schooling: schooling) of a
 * referral of the centre when less (from the end of intake_facts_ages,
 * intake_facts_schooling_waiting); -1 when the centre has none. */
static int
oldest_referred(struct db *db, int64_t centre, bool schooling, int64_t *hi)
{
	struct db_stmt *st = db_prepare(db, schooling ? sql_most_schooling : sql_oldest);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	int rc = db_step(st);
	if (rc == DB_ROW && !db_col_null(st, 0) && db_col_int(st, 0) < *hi)
		*hi = db_col_int(st, 0);
	else if (rc == DB_ROW && db_col_null(st, 0))
		*hi = -1;   /* no referral: no range to walk (the band's open end would be endless) */
	db_done(st);
	return rc < 0 ? rc : SC_OK;
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
		/* the counts kept when no filter needs a column they lack (under
		 * an age band the sources by age and gender, without a country;
		 * under a schooling band by the years and gender, without either) */
		bool kept = !contact && (list || !period) && (!age || (!list && !country)) &&
			    (!school || (!list && !age && !country));
		unsigned v = (gender ? RG_GENDER : 0) | (country ? RG_COUNTRY : 0) | (contact ? RG_CONTACT : 0) |
			     (age ? RG_AGE : 0) | (school ? RG_SCHOOL : 0) | (list ? RG_LIST : 0) |
			     (period ? RG_PERIOD : 0) | (kept ? RG_KEPT : 0);
		const char *sql = referral_groups_of(v);
		if (sql == NULL)
			return SC_ENOMEM;
		struct db_stmt *st = db_prepare(db, sql);
		if (st == NULL)
			return SC_EDB;
		char d5[16], d6[16], d7[16];
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
			report_period_days(f, d5, d6);
			if (!period)   /* the statement without a period names $5 = $6 */
				snprintf(d6, sizeof d6, "%s", d5);
		}
		db_bind_text(st, 5, d5);
		db_bind_text(st, 6, d6);
		if (age) {
			int64_t lo, hi;
			report_band_range(f->age_band, report_age_band_years, &lo, &hi);
			if (!list)
				db_bind_text(st, 7, "");
			/* each age one by one: up to the centre's oldest */
			if (list && !contact && (rc = oldest_referred(db, centre, false, &hi)) != SC_OK) {
				db_done(st);
				return rc;
			}
			db_bind_int(st, 8, lo);
			db_bind_int(st, 9, hi);
		}
		if (school) {
			int64_t lo, hi;
			report_band_range(f->schooling, report_schooling_band_of, &lo, &hi);
			if (!list && !age)
				db_bind_text(st, 7, "");
			if (!age) {
				db_bind_int(st, 8, 0);
				db_bind_int(st, 9, 0);
			}
			/* each year one by one: up to the centre's most */
			if (list && !age && !contact && (rc = oldest_referred(db, centre, true, &hi)) != SC_OK) {
				db_done(st);
				return rc;
			}
			db_bind_int(st, 10, lo);
			db_bind_int(st, 11, hi);
		}
		struct keys ks = {0};
		while ((rc = db_step(st)) == DB_ROW) {
			if (*n == *cap) {
				void *more = report_room_for(a, *rows, *n, cap, *cap ? *cap : 64, sizeof **rows);
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
			/* the age at the referral kept (intake_facts.age, migration 51) */
			r->age_kept = age;
			r->age = age ? (int)db_col_int(st, 10) : 0;
			r->referred_on = inside;
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

