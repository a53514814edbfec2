/*
 * attendance.c — `secondchance attendance month`; see attendance.h.
 *
 * It writes nothing (each read is a statement of its own; the benefit run
 * makes the same reads inside its run's transaction).
 */
#include "cli/attendance.h"

#include "domain/attendance.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

int
attendance_month(struct store *s, int64_t centre, int year, int month, FILE *out, FILE *err)
{
	struct db *db = store_acquire(s);
	struct arena *a = arena_new();
	int rc = a != NULL ? SC_OK : SC_ENOMEM;
	struct attendance_month *all = NULL;
	struct unexcused_day *days = NULL;
	int64_t *open = NULL;
	size_t nall = 0, ndays = 0, nopen = 0;
	int64_t t0 = time_mono_ms(), t1 = t0, t2 = t0, t3 = t0;
	/* what the benefit run reads (app/benefit.c: src_unexcused,
	 * src_unmarked), then the full summary of everyone (the API's
	 * resource, which the run does not read) */
	if (rc == SC_OK)
		rc = store_attendance_unexcused(db, a, centre, year, month, 0, &days, &ndays);
	t1 = time_mono_ms();
	if (rc == SC_OK)
		rc = store_attendance_unmarked(db, a, centre, year, month, 0, &open, &nopen);
	t2 = time_mono_ms();
	if (rc == SC_OK)
		rc = store_attendance_summaries(db, a, centre, year, month, &all, &nall);
	t3 = time_mono_ms();
	if (rc != SC_OK) {
		fprintf(err, "secondchance: cannot read the month's registers: %s\n", sc_strerror(rc));
		arena_free(a);
		store_release(s, db);
		return 1;
	}
	struct attendance_summary sum = {0};
	size_t unmarked = 0, absent = 0;
	for (size_t i = 0; i < nall; i++) {
		const struct attendance_summary *x = &all[i].s;
		sum.sessions += x->sessions;
		sum.scheduled_minutes += x->scheduled_minutes;
		sum.present_minutes += x->present_minutes;
		sum.unmarked_sessions += x->unmarked_sessions;
		for (int k = 0; k < ABSENCE_TYPE_COUNT; k++)
			sum.absent_minutes[k] += x->absent_minutes[k];
		unmarked += x->unmarked_sessions > 0;
	}
	int64_t unexcused = 0;
	for (size_t i = 0; i < ndays; i++) {
		unexcused += days[i].minutes;
		absent += i == 0 || days[i - 1].participant_id != days[i].participant_id;
	}
	fprintf(out, "month %04d-%02d, centre %lld\n", year, month, (long long)centre);
	fprintf(out, "  unexcused: %lld min on %zu days of %zu participants\n", (long long)unexcused, ndays, absent);
	fprintf(out, "  with a session not marked: %zu participants\n", nopen);
	fprintf(out, "  summaries: %zu participants (%zu with a session not marked), %d sessions, scheduled %lld min,"
		" present %lld min, sick %lld min, leave %lld min\n", nall, unmarked, sum.sessions,
		(long long)sum.scheduled_minutes, (long long)sum.present_minutes,
		(long long)(sum.absent_minutes[ABSENCE_SICK_SELF] + sum.absent_minutes[ABSENCE_SICK_DOCTOR]),
		(long long)sum.absent_minutes[ABSENCE_LEAVE]);
	fprintf(out, "benefit run input: unexcused %lld ms, not marked %lld ms, total %lld ms\n", (long long)(t1 - t0),
		(long long)(t2 - t1), (long long)(t2 - t0));
	fprintf(out, "summaries of all: %lld ms\n", (long long)(t3 - t2));
	arena_free(a);
	store_release(s, db);
	return 0;
}
