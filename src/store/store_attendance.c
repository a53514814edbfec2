/*
 * store_attendance.c — the attendance register as other areas read it;
 * see store_attendance.h.
 *
 * Until the register exists (the activities area), there is no attendance:
 * no unexcused days, nothing unmarked, no corrections.
 */
#include "store.h"
#include "util/err.h"

int
store_attendance_unexcused(struct db *db, struct arena *a, int64_t centre, int year, int month,
			   int64_t participant_id, struct unexcused_day **out, size_t *n)
{
	(void)db, (void)a, (void)centre, (void)year, (void)month, (void)participant_id;
	*out = NULL;
	*n = 0;
	return SC_OK;
}

int
store_attendance_unmarked(struct db *db, struct arena *a, int64_t centre, int year, int month,
			  int64_t participant_id, int64_t **out, size_t *n)
{
	(void)db, (void)a, (void)centre, (void)year, (void)month, (void)participant_id;
	*out = NULL;
	*n = 0;
	return SC_OK;
}

int
store_attendance_corrections(struct db *db, struct arena *a, int64_t centre, bool unhandled_only,
			     int64_t limit, struct attendance_correction **out, size_t *n)
{
	(void)db, (void)a, (void)centre, (void)unhandled_only, (void)limit;
	*out = NULL;
	*n = 0;
	return SC_OK;
}

int
store_attendance_corrections_handled(struct db *db, int64_t centre, const int64_t *ids, size_t n,
				     int64_t run_id)
{
	(void)db, (void)centre, (void)ids, (void)n, (void)run_id;
	return SC_OK;
}
