/*
 * store_attendance.h — the attendance register as other areas read it.
 * Included by store.h.
 *
 * The monthly benefit run (the benefits area) reads unexcused absence per
 * day, the months with registers still unmarked, and the corrections made
 * after a month's benefits were approved. The activities area keeps the
 * register and implements these; the rest of its store functions are its
 * own.
 */
#ifndef SC_STORE_ATTENDANCE_H
#define SC_STORE_ATTENDANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"

struct arena;
struct db;

/* One participant's unexcused absence on one day, in minutes: absences of
 * type unexcused, the minutes of a late arrival or early leaving given no
 * other type, and self-certified sickness beyond the rule (until a
 * doctor's note is registered for it). Days with none are not listed. */
struct unexcused_day {
	int64_t participant_id;
	struct date date;
	int minutes;
};

/* The unexcused days of the centre's participants in the month (year,
 * month 1..12): of one participant, or of all when participant_id is 0;
 * ordered by participant, then date. */
int store_attendance_unexcused(struct db *db, struct arena *a, int64_t centre, int year, int month,
			       int64_t participant_id, struct unexcused_day **out, size_t *n);

/* The participants of the centre (of one, or all when participant_id is
 * 0) who had a session in the month that is not marked yet, in id order. */
int store_attendance_unmarked(struct db *db, struct arena *a, int64_t centre, int year, int month,
			      int64_t participant_id, int64_t **out, size_t *n);

/* A register changed after the month's benefits were approved. */
struct attendance_correction {
	int64_t id;
	int64_t participant_id;
	struct date session_date;   /* the day corrected; its month is the one to recompute */
	int64_t at;                 /* when (Unix seconds) */
	int64_t by;                 /* who (user id) */
	const char *reason;         /* why */
	bool handled;               /* taken into a run */
};

/* The corrections of the centre not yet taken into a run (all when
 * unhandled_only is false), oldest first, at most limit (1..10000). */
int store_attendance_corrections(struct db *db, struct arena *a, int64_t centre, bool unhandled_only,
				 int64_t limit, struct attendance_correction **out, size_t *n);

/* Marks the corrections as taken into the run run_id (in the caller's
 * transaction). */
int store_attendance_corrections_handled(struct db *db, int64_t centre, const int64_t *ids, size_t n,
					 int64_t run_id);

#endif
