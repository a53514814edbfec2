/*
 * store_work_income.c — work income as the benefit run reads it; see
 * store_work_income.h.
 *
 * The income is the jobs' that placements' results recorded (employments)
 * and their income versions (employment_income): for each job that covers
 * a day of the month, the version in force and the share of the month the
 * job covers (employment_month_income(), domain/employment.h; decision
 * 41), summed per participant. One query reads every version of every job
 * of the month, ordered by participant and job.
 */
#include "db.h"
#include "store.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdlib.h>
#include <string.h>

/* Of every participant ($2 = 0) or of one: two texts, as SQLite plans a
 * statement once for every $2 and "$2 = 0 OR participant_id = $2" walked
 * every job of the centre for one participant (decisions 71, 76). */
#define SQL_MONTH(WHO) \
	"SELECT j.id, j.participant_id, j.starts_on, j.ends_on, i.valid_from, i.gross_ore, i.hours_centi" \
	" FROM employments j JOIN employment_income i ON i.employment_id = j.id AND i.centre_id = j.centre_id" \
	" WHERE j.centre_id = $1 AND " WHO " AND j.starts_on <= $4" \
	" AND (j.ends_on IS NULL OR j.ends_on >= $3) AND i.valid_from <= $4" \
	" ORDER BY j.participant_id, j.id, i.valid_from, i.id"
static const char sql_month_all[] = SQL_MONTH("$2 = 0");
static const char sql_month_one[] = SQL_MONTH("j.participant_id = $2");

/* The job being read and its versions. */
struct job_acc {
	struct employment job;
	struct employment_income *versions;
	size_t n, cap;
};

/* Adds the finished job's month to the list (a new entry when its
 * participant is not the last one's). */
static int
flush_job(struct job_acc *j, int year, int month, struct arena *a, struct work_income **list, size_t *n,
	  size_t *cap)
{
	if (j->job.id == 0)
		return SC_OK;
	int64_t gross = 0, hours = 0;
	bool any = employment_month_income(&j->job, j->versions, j->n, year, month, &gross, &hours);
	j->n = 0;
	if (!any)
		return SC_OK;
	if (*n > 0 && (*list)[*n - 1].participant_id == j->job.participant_id) {
		(*list)[*n - 1].gross_ore += gross;
		(*list)[*n - 1].hours_centi += hours;
		return SC_OK;
	}
	if (*n == *cap) {
		size_t bigger = *cap ? *cap * 2 : 64;
		struct work_income *more = arena_alloc(a, sizeof *more * bigger);
		if (more == NULL)
			return SC_ENOMEM;
		for (size_t i = 0; i < *n; i++)
			more[i] = (*list)[i];
		*list = more;
		*cap = bigger;
	}
	(*list)[(*n)++] = (struct work_income){j->job.participant_id, gross, hours, j->job.id};
	return SC_OK;
}

int
store_work_income_month(struct db *db, struct arena *a, int64_t centre, int year, int month,
			int64_t participant_id, struct work_income **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (month < 1 || month > 12 || year < 1 || year > 9999)
		return SC_EINVAL;
	char first[11], last[11];
	date_format((struct date){year, month, 1}, first);
	date_format((struct date){year, month, date_days_in_month(year, month)}, last);
	struct db_stmt *st = db_prepare(db, participant_id > 0 ? sql_month_one : sql_month_all);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	db_bind_text(st, 3, first);
	db_bind_text(st, 4, last);
	struct job_acc j = {0};
	struct work_income *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t job_id = db_col_int(st, 0);
		if (job_id != j.job.id) {
			rc = flush_job(&j, year, month, a, &list, &count, &cap);
			if (rc != SC_OK)
				break;
			memset(&j.job, 0, sizeof j.job);
			j.job.id = job_id;
			j.job.participant_id = db_col_int(st, 1);
			date_parse(db_col_text(st, 2) ? db_col_text(st, 2) : "", &j.job.starts_on);
			if (!db_col_null(st, 3))
				date_parse(db_col_text(st, 3), &j.job.ends_on);
		}
		if (j.n == j.cap) {
			size_t bigger = j.cap ? j.cap * 2 : 8;
			struct employment_income *more = realloc(j.versions, sizeof *more * bigger);
			if (more == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			j.versions = more;
			j.cap = bigger;
		}
		struct employment_income *v = &j.versions[j.n++];
		memset(v, 0, sizeof *v);
		date_parse(db_col_text(st, 4) ? db_col_text(st, 4) : "", &v->valid_from);
		v->gross_ore = db_col_int(st, 5);
		v->hours_centi = db_col_int(st, 6);
	}
	db_done(st);
	if (rc == DB_DONE)
		rc = flush_job(&j, year, month, a, &list, &count, &cap);
	free(j.versions);
	if (rc < 0)
		return rc;
	*out = list;
	*n = count;
	return SC_OK;
}
