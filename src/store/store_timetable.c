/*
 * store_timetable.c — a participant's group sessions for the placements'
 * clash rule (store_timetable.h): the planned sessions of the groups the
 * participant is enrolled in, while enrolled, read by the activities
 * area's store (store_participant_group_sessions()).
 */
#include "store.h"
#include "store_timetable.h"
#include "util/arena.h"
#include "util/err.h"

int
store_participant_sessions(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			   struct date from, struct date to, struct participant_session **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct group_session *s = NULL;
	size_t count = 0;
	int rc = store_participant_group_sessions(db, a, centre, participant_id, 0, from, to, &s, &count);
	if (rc != SC_OK)
		return rc;
	if (count == 0)
		return SC_OK;
	struct participant_session *list = arena_alloc(a, count * sizeof *list);
	if (list == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < count; i++)
		list[i] = (struct participant_session){
			.time = {.date = s[i].on_date, .start = s[i].start_min, .end = s[i].end_min},
			.group = s[i].group_name,
		};
	*out = list;
	*n = count;
	return SC_OK;
}
