/*
 * timetable.h — a group's weekly timetable and the sessions it gives.
 *
 * A group meets in slots of the week (weekday, start, end). Its sessions
 * are the dates of its period on which a slot falls, except Norwegian
 * public holidays (domain/calendar.h) and the centre's closure periods
 * (summer, Christmas). Two sessions clash when they are on the same date
 * and their times overlap (a session ending at 10:00 does not clash with
 * one starting at 10:00).
 *
 * Times are minutes after midnight (09:30 = 570).
 */
#ifndef SC_DOMAIN_TIMETABLE_H
#define SC_DOMAIN_TIMETABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"

/* The earliest start and latest end of a slot. */
#define SLOT_FIRST_MINUTE (6 * 60)
#define SLOT_LAST_MINUTE (22 * 60)
#define TIMETABLE_MAX_SLOTS 14

struct slot {
	int weekday;       /* 1 = Monday .. 7 = Sunday */
	int start, end;    /* minutes after midnight, start < end */
};

struct closure {
	struct date from, to;   /* both included */
};

/* One session: a date and its times. */
struct session_time {
	struct date date;
	int start, end;
};

/* Parses "HH:MM" (00:00..23:59) into minutes; false when it is not one. */
bool timetable_parse_time(const char *s, int *minutes);
/* Writes minutes as "HH:MM" into out (6 bytes). */
void timetable_format_time(int minutes, char out[6]);

/*
 * Checks slots: weekday 1..7, start and end between SLOT_FIRST_MINUTE and
 * SLOT_LAST_MINUTE, start before end, no two slots overlapping on the same
 * weekday, at least one slot. Errors under "slots.N" keys (N from 1).
 */
bool timetable_check(const struct slot *slots, size_t n, struct field_errors *e);

/*
 * The sessions of a timetable from `from` to `to` (both included), in date
 * and time order, except public holidays and the closures. Calls fn for
 * each; a non-zero return stops and is returned. Returns 0.
 */
typedef int (*session_fn)(void *ctx, const struct session_time *s);
int timetable_sessions(const struct slot *slots, size_t nslots, struct date from, struct date to,
		       const struct closure *closures, size_t nclosures, session_fn fn, void *ctx);

/* True when d is inside one of the closures. */
bool timetable_closed(struct date d, const struct closure *closures, size_t n);

/* True when two sessions clash (same date, overlapping times). */
bool session_clash(const struct session_time *a, const struct session_time *b);

/*
 * The first clash between two lists of sessions, each in date and time
 * order: true with *ia and *ib set when there is one. Linear in the sum of
 * the lengths.
 */
bool sessions_first_clash(const struct session_time *a, size_t na, const struct session_time *b,
			  size_t nb, size_t *ia, size_t *ib);

#endif
