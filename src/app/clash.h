/*
 * clash.h — the timetable clash rule of a participant, in one place
 * (issues 9 and 10): a group's session must not overlap another session
 * of the participant's groups (while enrolled in it) nor the working hours
 * of a placement on the days it holds them (placement_hours_held(): its
 * planned period from the day its hours are saved, whatever its state
 * now; the days it ran when it ended early; none when called off).
 * Two times that only touch (10:00–11:00 and
 * 11:00–12:00) do not clash (domain/timetable.h, session_clash()).
 *
 * An enrolment and a place offered from the waiting list are refused on
 * a clash (app_group_enrol(), app_group_offer()); a session added or moved
 * is refused naming everyone it would clash for unless the teacher saves
 * it anyway (struct session_input.anyway: those named miss it). A
 * placement's working hours are checked the other way, against the
 * groups (app_placement_clash(), the domain's placement_timetable_clash()),
 * when its terms are saved and again when the centre approves it, the
 * approval that makes it agreed. Each check reads under the participant's
 * row lock, taken first in its transaction, so that of an enrolment and a
 * placement's save at the same moment the second sees the first.
 */
#ifndef SC_APP_CLASH_H
#define SC_APP_CLASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/timetable.h"

struct arena;
struct db;
struct placement;

/* The clash that refused an enrolment or a session: with another group's
 * session (group set) or with a placement's working hours (employer
 * set). */
struct enrol_clash {
	const char *group;          /* the other group's name (arena); NULL for a
				     * placement; "" for a health-only group
				     * the reader may not know of (the caller
				     * blanks it: clash_unnamed) */
	bool health_only;           /* the other group is health staff's only */
	int64_t placement_id;       /* the placement; 0 for a group */
	const char *employer;       /* the placement's employer (arena) */
	const char *schedule;       /* the placement's working hours, canonical ("mon-fri 08:00-13:00") */
	struct session_time at;     /* the other group's session, or the day's working hours */
	struct session_time mine;   /* the session of this group that clashes */
};

/*
 * The first clash between mine (n sessions of group_id, in date and time
 * order) and what participant_id of the centre is due at on their dates:
 * the sessions of their other groups while enrolled in them, and the
 * working hours of their placements on the days each holds them
 * (placement_hours_held(): agreed or not yet, completed, or the days an
 * ended one ran; no public holiday). *found says whether there is one, *c names it
 * (strings from the arena). Reads in the caller's transaction; the caller
 * holds the participant's row (store_caseload_lock_participant()) so that
 * what it read stands until the commit. Returns 0 or an SC_ code.
 */
int app_timetable_clash(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, int64_t group_id,
			const struct session_time *mine, size_t n, struct enrol_clash *c, bool *found);

/*
 * The first clash between placement p's working hours (its schedule, from
 * its first to its last day, no public holiday) and the sessions of its
 * participant's groups while enrolled: *found says whether there is one;
 * *c gives the group (c->group), the group's session (c->at) and the
 * working hours of that day (c->mine), strings from the arena. Nothing is
 * found for terms without a readable schedule or a period. Reads in the
 * caller's transaction; the caller holds the participant's row
 * (store_caseload_lock_participant()), the lock an enrolment takes before
 * its own check, so that an enrolment at the same moment is decided
 * before this check or after the commit, never between. Returns 0 or an
 * SC_ code.
 */
int app_placement_clash(struct db *db, struct arena *a, int64_t centre, const struct placement *p,
			struct enrol_clash *c, bool *found);

/* One participant a session added or moved would clash for. */
struct session_clash {
	int64_t participant_id;
	const char *given_name, *family_name;
	struct enrol_clash c;
};

/*
 * Those enrolled in group_id on t's date for whom t clashes
 * (app_timetable_clash()), in the order of their names: *items from the
 * arena, *n of them. Inside the caller's transaction it first locks their rows in the
 * order of their ids, then the group's (an enrolment locks the participant,
 * then the group), so that an enrolment or another move at the same
 * moment is decided before or after this one, never beside it. Returns 0
 * or an SC_ code (SC_ENOTFOUND: no such group).
 */
int app_session_clashes(struct db *db, struct arena *a, int64_t centre, int64_t group_id,
			const struct session_time *t, struct session_clash **items, size_t *n);

#endif
