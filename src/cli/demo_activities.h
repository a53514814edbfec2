/*
 * demo_activities.h — the demo's groups and timetables (issue 9), called
 * once from demo.c's load after the staff are made.
 */
#ifndef SC_CLI_DEMO_ACTIVITIES_H
#define SC_CLI_DEMO_ACTIVITIES_H

#include <stdint.h>

#include "store/store.h"

/*
 * Adds, per staff group c (0..ngroups-1) in centre centre[c]: ten groups
 * (Norwegian A1, A2, B1, conversation, job club, Cook and Dialogue, Of
 * course I can, a vocational and a thematic course, the health group)
 * with their teachers and weekly timetables, from today for 200 days,
 * and their sessions (public holidays and the centre's Christmas and
 * summer closures skipped, by domain/timetable.h). The teachers are the
 * staff group's laerer users (made just before its psychologist, psych[c])
 * and its nurse (nurse[c]). Ids come from next[].
 */
int demo_activities(struct demo_load *load, int64_t next[DEMO_NTABLES], int64_t today,
		    const int64_t *centre, const int64_t *psych, const int64_t *nurse, int ngroups);

#endif
