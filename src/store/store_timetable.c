/*
 * store_timetable.c — a participant's group sessions; see
 * store_timetable.h.
 *
 * A STUB FOR THE ACTIVITIES AREA TO IMPLEMENT: groups, sessions and group
 * enrolments are its tables (issue 9). Until they exist, nobody has group
 * sessions, so no placement's working hours clash with a timetable.
 */
#include "store.h"
#include "util/err.h"

int
store_participant_sessions(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			   struct date from, struct date to, struct participant_session **out, size_t *n)
{
	(void)db, (void)a, (void)centre, (void)participant_id, (void)from, (void)to;
	*out = NULL;
	*n = 0;
	return SC_OK;
}
