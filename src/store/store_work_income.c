/*
 * store_work_income.c — work income as the benefit run reads it; see
 * store_work_income.h.
 *
 * Until jobs are recorded (the internships area), no one has work income.
 */
#include "store.h"
#include "util/err.h"

int
store_work_income_month(struct db *db, struct arena *a, int64_t centre, int year, int month,
			int64_t participant_id, struct work_income **out, size_t *n)
{
	(void)db, (void)a, (void)centre, (void)year, (void)month, (void)participant_id;
	*out = NULL;
	*n = 0;
	return SC_OK;
}
