/*
 * store_timetable.h — a participant's group sessions, as the placements'
 * rule "the working hours do not overlap the participant's group
 * timetable" reads them (domain/placement.h, placement_timetable_clash()).
 * Included by store.h (through store_internships.h).
 *
 * THE CONTRACT FOR THE ACTIVITIES AREA (issue 9): groups, their sessions
 * and the participants enrolled in them are the activities area's tables,
 * which do not exist on the internships branch. Until they do,
 * store_participant_sessions() answers that the participant has no
 * sessions (store_timetable.c), so no placement clashes; the rule and its
 * tests (with the sessions given directly to the domain function) work
 * now, and the store's part lights up when the activities area implements
 * this function over its tables, same signature and meaning.
 */
#ifndef SC_STORE_TIMETABLE_H
#define SC_STORE_TIMETABLE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/timetable.h"

struct arena;
struct db;

/* One session of a group a participant is enrolled in. */
struct participant_session {
	struct session_time time;   /* the date and the times */
	const char *group;          /* the group's name (arena), for the refusal that names the clash */
};

/*
 * The sessions of the groups participant_id of the centre is enrolled in,
 * from `from` to `to` (both included; the days the participant is enrolled
 * in each group, the group's timetable without holidays and closures), in
 * date and time order: *out from the arena, *n of them. A participant of
 * another centre has none. Returns 0 or an SC_ code.
 */
int store_participant_sessions(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			       struct date from, struct date to, struct participant_session **out, size_t *n);

#endif
