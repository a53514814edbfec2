/*
 * store_attendance.c — the attendance register; see store_attendance.h.
 *
 * A mark is stored as keys (mark, absence) with the minutes and reason
 * beside them; this file turns a row into struct mark and back. A
 * participant's marks are found through their enrolments and their groups'
 * sessions (activity_sessions(group_id, on_date)), then the register's
 * primary key (session_id, participant_id): the table has no other index
 * (decision 36).
 */
#include "db.h"
#include "pause_sql.h"
#include "store.h"
#include "table.h"
#include "domain/enrolment.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdlib.h>
#include <string.h>

/* The registers a reader may open, of the session of group G: a
 * health-only group's are health staff's (decision 167), so the lists and
 * counts of registers leave them out unless HEALTH (the SQL of a 0/1
 * parameter: activity_sees_health()) is 1. One rule for the teacher's and
 * leader's lists and the leader's glance; the macro is an expression. */
#define REGISTER_SEEN(G, HEALTH) \
	"(" HEALTH " = 1 OR NOT EXISTS (SELECT 1 FROM activity_groups hg JOIN activity_types ht" \
	" ON ht.id = hg.activity_type_id WHERE hg.id = " G " AND ht.health_only = 1))"


/* The first and last day of a month. */
static bool
month_bounds(int year, int month, struct date *first, struct date *last)
{
	if (month < 1 || month > 12 || year < 1 || year > 9999)
		return false;
	*first = (struct date){year, month, 1};
	*last = (struct date){year, month, date_days_in_month(year, month)};
	return true;
}

/* ---- marks as stored ---- */

static int
mark_kind_of(const char *key)
{
	if (key == NULL)
		return MARK_NONE;
	/* present, late, left_early, absent: the first two letters differ */
	switch (key[0]) {
	case 'p':
		return MARK_PRESENT;
	case 'a':
		return MARK_ABSENT;
	case 'l':
		return key[1] == 'a' ? MARK_LATE : MARK_LEFT_EARLY;
	default:
		return MARK_NONE;
	}
}

static int
absence_of(const char *key)
{
	if (key == NULL || key[0] == '\0')
		return ABSENCE_NONE;
	/* sick_self, sick_doctor, leave, unexcused */
	switch (key[0]) {
	case 's':
		return key[5] == 's' ? ABSENCE_SICK_SELF : ABSENCE_SICK_DOCTOR;
	case 'l':
		return ABSENCE_LEAVE;
	case 'u':
		return ABSENCE_UNEXCUSED;
	default:
		return ABSENCE_NONE;
	}
}

/* Reads the mark of columns col (mark), col + 1 (minutes), col + 2
 * (absence), early (the minutes also left early of a late mark) and, when
 * a is not NULL, col + 3 (reason, arena). */
static struct mark
read_mark(struct db_stmt *st, int col, int early, struct arena *a, bool *oom)
{
	struct mark m = {MARK_NONE, 0, ABSENCE_NONE, NULL, 0};
	if (db_col_null(st, col))
		return m;
	m.kind = mark_kind_of(db_col_text(st, col));
	m.minutes = db_col_null(st, col + 1) ? 0 : (int)db_col_int(st, col + 1);
	if (m.kind == MARK_LATE && !db_col_null(st, early))
		m.early = (int)db_col_int(st, early);
	m.type = db_col_null(st, col + 2) ? ABSENCE_NONE : absence_of(db_col_text(st, col + 2));
	if (a != NULL && !db_col_null(st, col + 3)) {
		m.reason = arena_strdup(a, db_col_text(st, col + 3));
		if (m.reason == NULL)
			*oom = true;
	}
	return m;
}

/* ---- the register of a session ---- */

static const char sql_register[] =
	"SELECT e.participant_id, p.given_name, p.family_name, a.mark, a.minutes, a.absence, a.reason,"
	" a.doctor_note, a.beyond, a.early_minutes,"
	" CASE WHEN " PAUSED_ON("e.participant_id", "$4") " THEN 1 ELSE 0 END"
	" FROM group_enrolments e JOIN participants p ON p.id = e.participant_id"
	" LEFT JOIN attendance a ON a.session_id = $1 AND a.participant_id = e.participant_id"
	" WHERE e.group_id = $2 AND e.centre_id = $3 AND e.status = 'enrolled' AND e.starts_on <= $4"
	" AND e.ends_on >= $4 ORDER BY p.family_name, p.given_name, p.id";

int
store_register(struct db *db, struct arena *a, int64_t centre, const struct group_session *s,
	       struct register_entry **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_register);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, s->id);
	db_bind_int(st, 2, s->group_id);
	db_bind_int(st, 3, centre);
	table_bind_date(st, 4, s->on_date);
	struct register_entry *list = NULL;
	size_t count = 0, cap = 0;
	bool oom = false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct register_entry *e = &list[count++];
		e->participant_id = db_col_int(st, 0);
		e->given_name = arena_strdup(a, db_col_text(st, 1));
		e->family_name = arena_strdup(a, db_col_text(st, 2));
		e->mark = read_mark(st, 3, 9, a, &oom);
		e->doctor_note = !db_col_null(st, 7) && db_col_int(st, 7) == 1;
		e->beyond = !db_col_null(st, 8) && db_col_int(st, 8) == 1;
		e->paused = db_col_int(st, 10) == 1;
		if (e->given_name == NULL || e->family_name == NULL || oom) {
			rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

static const char sql_mark_upsert[] =
	"INSERT INTO attendance (session_id, participant_id, centre_id, mark, minutes, absence, reason,"
	" doctor_note, beyond, early_minutes) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, $8)"
	" ON CONFLICT (session_id, participant_id) DO UPDATE SET mark = excluded.mark,"
	" minutes = excluded.minutes, early_minutes = excluded.early_minutes, absence = excluded.absence, reason = excluded.reason,"
	" doctor_note = CASE WHEN attendance.mark = excluded.mark AND attendance.absence IS NOT DISTINCT FROM"
	" excluded.absence THEN attendance.doctor_note ELSE 0 END,"
	" beyond = CASE WHEN attendance.mark = excluded.mark AND attendance.absence IS NOT DISTINCT FROM"
	" excluded.absence THEN attendance.beyond ELSE 0 END";
static const char sql_mark_delete[] =
	"DELETE FROM attendance WHERE session_id = $1 AND participant_id = $2 AND centre_id = $3";
static const char sql_session_marked[] =
	"UPDATE activity_sessions SET marks = " MARKS_OF("$1", "activity_sessions.on_date") ","
	" marked_at = $3, marked_by = $4 WHERE id = $1 AND centre_id = $2";

int
store_register_write(struct db *db, int64_t centre, int64_t session_id, const struct mark_write *w, size_t n,
		     int64_t by, int64_t now)
{
	int rc = SC_OK;
	for (size_t i = 0; i < n && rc == SC_OK; i++) {
		const struct mark *m = &w[i].mark;
		struct db_stmt *st;
		if (m->kind == MARK_NONE) {
			st = db_prepare(db, sql_mark_delete);
			if (st == NULL)
				return SC_EDB;
			db_bind_int(st, 1, session_id);
			db_bind_int(st, 2, w[i].participant_id);
			db_bind_int(st, 3, centre);
			rc = db_run(st, NULL);
			continue;
		}
		st = db_prepare(db, sql_mark_upsert);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, session_id);
		db_bind_int(st, 2, w[i].participant_id);
		db_bind_int(st, 3, centre);
		db_bind_text(st, 4, mark_kind_options[m->kind].key);
		if (m->kind == MARK_LATE || m->kind == MARK_LEFT_EARLY)
			db_bind_int(st, 5, m->minutes);
		else
			db_bind_null(st, 5);
		if (m->type != ABSENCE_NONE)
			db_bind_text(st, 6, absence_type_options[m->type].key);
		else
			db_bind_null(st, 6);
		if (m->reason != NULL && m->reason[0] != '\0')
			db_bind_text(st, 7, m->reason);
		else
			db_bind_null(st, 7);
		if (m->kind == MARK_LATE && m->early > 0)
			db_bind_int(st, 8, m->early);
		else
			db_bind_null(st, 8);
		rc = db_run(st, NULL);
	}
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_session_marked);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, session_id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, now);
	if (by > 0)
		db_bind_int(st, 4, by);
	else
		db_bind_null(st, 4);
	return db_run(st, NULL);
}

/* ---- a participant's marks ---- */

/* The days of a session s of enrolment e from $3 to $4: the later of the
 * two first days to the earlier of the two last, so that the range of
 * activity_sessions_group read is the month's, not the enrolment's (with
 * both pairs of bounds SQLite took the enrolment's, and a month of a
 * year-long enrolment walked the whole year's sessions of the group). */
#define SESSIONS_WHILE_ENROLLED \
	"s.on_date >= CASE WHEN e.starts_on > $3 THEN e.starts_on ELSE $3 END" \
	" AND s.on_date <= CASE WHEN e.ends_on < $4 THEN e.ends_on ELSE $4 END"

/* CROSS JOIN: the participant's enrolments first, then each group's
 * sessions by activity_sessions_group. SQLite takes CROSS JOIN as the
 * order to join in; without it, and without statistics, it read every
 * session of the centre's dates (at demo --scale 1000000 a month of one
 * participant took seconds: decision 62). PostgreSQL plans it as a join. */
static const char sql_participant_marks[] =
	"SELECT s.id, s.group_id, g.name, COALESCE(t.key, ''), t.health_only, s.on_date, s.start_min,"
	" s.end_min, s.status, s.cancel_reason, g.room, a.mark, a.minutes, a.absence, a.reason,"
	" a.doctor_note, a.beyond, a.early_minutes,"
	" CASE WHEN " PAUSED_ON_OF("$1", "s.on_date") " THEN 1 ELSE 0 END"
	" FROM group_enrolments e CROSS JOIN activity_sessions s"
	" JOIN activity_groups g ON g.id = e.group_id JOIN activity_types t ON t.id = g.activity_type_id"
	" LEFT JOIN attendance a ON a.session_id = s.id AND a.participant_id = e.participant_id"
	" WHERE s.group_id = e.group_id AND s.centre_id = e.centre_id AND " SESSIONS_WHILE_ENROLLED
	" AND e.participant_id = $1 AND e.centre_id = $2 AND e.status = 'enrolled'"
	" AND ($5 = 1 OR s.status = 'planned')"
	" ORDER BY s.on_date, s.start_min, s.id";

int
store_participant_attendance(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			     struct date from, struct date to, bool cancelled_too, struct attendance_row **items,
			     size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_participant_marks);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	table_bind_date(st, 3, from);
	table_bind_date(st, 4, to);
	db_bind_int(st, 5, cancelled_too ? 1 : 0);
	struct attendance_row *list = NULL;
	size_t count = 0, cap = 0;
	bool oom = false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct attendance_row *r = &list[count++];
		r->session_id = db_col_int(st, 0);
		r->group_id = db_col_int(st, 1);
		r->group_name = arena_strdup(a, db_col_text(st, 2));
		r->activity_key = arena_strdup(a, db_col_text(st, 3));
		r->health_only = db_col_int(st, 4) == 1;
		r->date = table_text_date(db_col_text(st, 5));
		r->start_min = (int)db_col_int(st, 6);
		r->end_min = (int)db_col_int(st, 7);
		r->cancelled = strcmp(db_col_text(st, 8), "cancelled") == 0;
		r->cancel_reason = arena_strdup(a, db_col_null(st, 9) ? "" : db_col_text(st, 9));
		r->room = arena_strdup(a, db_col_null(st, 10) ? "" : db_col_text(st, 10));
		r->mark = read_mark(st, 11, 17, a, &oom);
		r->doctor_note = !db_col_null(st, 15) && db_col_int(st, 15) == 1;
		r->beyond = !db_col_null(st, 16) && db_col_int(st, 16) == 1;
		r->paused = db_col_int(st, 18) == 1;
		if (oom || r->group_name == NULL || r->activity_key == NULL || r->cancel_reason == NULL ||
		    r->room == NULL) {
			rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* What a month's summary reads of each session, and nothing else: no
 * names, rooms or reasons, no cancelled session and no order (the summary
 * does not depend on it). The participant's page and the benefit run
 * summarise a month without showing its rows; reading them as the
 * attendance page does was 14 % of the participant's page. Its joins are
 * sql_participant_marks' (the CROSS JOIN's order too). */
static const char sql_participant_month_marks[] =
	"SELECT s.id, s.group_id, t.health_only, s.on_date, s.start_min, s.end_min,"
	" a.mark, a.minutes, a.absence, a.doctor_note, a.beyond, a.early_minutes,"
	" CASE WHEN " PAUSED_ON_OF("$1", "s.on_date") " THEN 1 ELSE 0 END"
	" FROM group_enrolments e CROSS JOIN activity_sessions s"
	" JOIN activity_groups g ON g.id = e.group_id JOIN activity_types t ON t.id = g.activity_type_id"
	" LEFT JOIN attendance a ON a.session_id = s.id AND a.participant_id = e.participant_id"
	" WHERE s.group_id = e.group_id AND s.centre_id = e.centre_id AND " SESSIONS_WHILE_ENROLLED
	" AND e.participant_id = $1 AND e.centre_id = $2 AND e.status = 'enrolled' AND s.status = 'planned'";

int
store_participant_month_marks(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			      struct date from, struct date to, struct attendance_row **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_participant_month_marks);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	table_bind_date(st, 3, from);
	table_bind_date(st, 4, to);
	struct attendance_row *list = NULL;
	size_t count = 0, cap = 0;
	bool oom = false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct attendance_row *r = &list[count++];
		memset(r, 0, sizeof *r);
		r->session_id = db_col_int(st, 0);
		r->group_id = db_col_int(st, 1);
		r->group_name = r->activity_key = r->cancel_reason = r->room = "";
		r->health_only = db_col_int(st, 2) == 1;
		r->date = table_text_date(db_col_text(st, 3));
		r->start_min = (int)db_col_int(st, 4);
		r->end_min = (int)db_col_int(st, 5);
		r->mark = read_mark(st, 6, 11, NULL, &oom);
		r->doctor_note = !db_col_null(st, 9) && db_col_int(st, 9) == 1;
		r->beyond = !db_col_null(st, 10) && db_col_int(st, 10) == 1;
		r->paused = db_col_int(st, 12) == 1;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* The summary mark of a row. */
static struct summary_mark
summary_mark_of(struct date day, int minutes, struct mark m, bool doctor_note, bool beyond)
{
	struct summary_mark sm = {day, minutes, mark_with_note(m, doctor_note), beyond};
	return sm;
}

int
store_attendance_summary(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, int year,
			 int month, struct attendance_summary *out)
{
	memset(out, 0, sizeof *out);
	struct date first, last;
	if (!month_bounds(year, month, &first, &last))
		return SC_EINVAL;
	struct attendance_row *rows = NULL;
	size_t n = 0;
	int rc = store_participant_month_marks(db, a, centre, participant_id, first, last, &rows, &n);
	if (rc != SC_OK)
		return rc;
	store_attendance_summary_of(rows, n, out);
	return SC_OK;
}

void
store_attendance_summary_of(const struct attendance_row *rows, size_t n, struct attendance_summary *out)
{
	memset(out, 0, sizeof *out);
	struct summary_days days;
	memset(&days, 0, sizeof days);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].cancelled || rows[i].paused)
			continue;
		struct summary_mark sm = summary_mark_of(rows[i].date, rows[i].end_min - rows[i].start_min,
							 rows[i].mark, rows[i].doctor_note, rows[i].beyond);
		attendance_summary_add(out, &days, &sm);
	}
}

/* ---- a group's attendance per participant ---- */

static const char sql_group_attendance[] =
	"SELECT e.participant_id, s.on_date, s.start_min, s.end_min, a.mark, a.minutes, a.absence,"
	" a.doctor_note, a.beyond, a.early_minutes"
	" FROM group_enrolments e JOIN activity_sessions s ON s.group_id = e.group_id AND s.centre_id = e.centre_id"
	" AND s.on_date >= e.starts_on AND s.on_date <= e.ends_on"
	" JOIN attendance a ON a.session_id = s.id AND a.participant_id = e.participant_id"
	" WHERE e.group_id = $1 AND e.centre_id = $2 AND e.status = 'enrolled' AND s.status = 'planned'"
	" AND NOT " PAUSED_ON("e.participant_id", "s.on_date")
	" ORDER BY e.participant_id, s.on_date, s.start_min, s.id";

int
store_group_attendance(struct db *db, struct arena *a, int64_t centre, int64_t group_id,
		       struct group_attendance **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_group_attendance);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, centre);
	struct group_attendance *list = NULL;
	size_t count = 0, cap = 0;
	struct summary_days days;
	bool oom = false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t pid = db_col_int(st, 0);
		if (count == 0 || list[count - 1].participant_id != pid) {
			list = table_grow(a, list, count, &cap, sizeof *list);
			if (list == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			memset(&list[count], 0, sizeof list[count]);
			list[count++].participant_id = pid;
			memset(&days, 0, sizeof days);
		}
		struct mark m = read_mark(st, 4, 9, NULL, &oom);
		struct summary_mark sm = summary_mark_of(table_text_date(db_col_text(st, 1)),
							 (int)(db_col_int(st, 3) - db_col_int(st, 2)), m,
							 !db_col_null(st, 7) && db_col_int(st, 7) == 1,
							 !db_col_null(st, 8) && db_col_int(st, 8) == 1);
		attendance_summary_add(&list[count - 1].s, &days, &sm);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* ---- a month of every participant ---- */

/* A session of the month: what the summaries need of it. */
struct month_session {
	int64_t id;
	int64_t group_id;
	int day;          /* of the month */
	int minutes;
};

static int
by_group_day(const void *x, const void *y)
{
	const struct month_session *a = x, *b = y;
	if (a->group_id != b->group_id)
		return a->group_id < b->group_id ? -1 : 1;
	if (a->day != b->day)
		return a->day - b->day;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int
cmp_int64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* An enrolment of the month: group, participant, days of the month. */
struct month_enrolment {
	int64_t group_id, participant_id;
	int from_day, to_day;
};

/* Index of v in the sorted ids, or -1. */
static long
find_id(const int64_t *ids, size_t n, int64_t v)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ids[lo] == v ? (long)lo : -1;
}

/* The month's sessions and enrolments of the centre, from the covering
 * indexes activity_sessions_month and group_enrolments_month (decision
 * 62): "+centre_id" keeps SQLite from the indexes led by the centre, which
 * would read each row from the table. */
static const char sql_month_sessions[] =
	"SELECT id, group_id, on_date, start_min, end_min FROM activity_sessions"
	" WHERE +centre_id = $1 AND on_date >= $2 AND on_date <= $3 AND status = 'planned'";
static const char sql_month_enrolments[] =
	"SELECT group_id, participant_id, starts_on, ends_on FROM group_enrolments"
	" WHERE +centre_id = $1 AND status = 'enrolled' AND starts_on <= $3 AND ends_on >= $2";
/* The marks that are not "present" of sessions min..max (ids) of the
 * centre, through the partial index attendance_absent (decision 62): the
 * session's month is checked against the month's sessions. */
static const char sql_month_absent[] =
	"SELECT a.session_id, a.participant_id, a.mark, a.minutes, a.absence, a.doctor_note, a.beyond,"
	" a.early_minutes FROM attendance a WHERE a.centre_id = $1 AND a.mark <> 'present' AND a.session_id >= $2"
	" AND a.session_id <= $3";
/* The month's sessions with fewer marks than participants expected,
 * through the partial index activity_sessions_open, and who of those
 * expected has no mark in each. */
static const char sql_month_open[] =
	"SELECT id, group_id, on_date FROM activity_sessions WHERE centre_id = $1 AND on_date >= $2"
	" AND on_date <= $3 AND status = 'planned' AND marks < expected";
static const char sql_open_missing[] =
	"SELECT e.participant_id FROM group_enrolments e WHERE e.group_id = $1 AND e.centre_id = $2"
	" AND e.status = 'enrolled' AND e.starts_on <= $3 AND e.ends_on >= $3"
	" AND NOT " PAUSED_ON("e.participant_id", "$3") " AND NOT EXISTS"
	" (SELECT 1 FROM attendance a WHERE a.session_id = $4 AND a.participant_id = e.participant_id"
	" AND a.centre_id = $2)";
/* The pauses over the month of the centre's participants (PAUSED_ON). */
static const char sql_month_pauses[] =
	"SELECT e.participant_id, x.from_date, x.to_date FROM enrolment_pauses x"
	" JOIN enrolments e ON e.id = x.enrolment_id WHERE x.centre_id = $1 AND x.from_date <= $3"
	" AND (x.to_date IS NULL OR x.to_date > $2)";
static const char sql_month_marks[] =
	"SELECT a.session_id, a.participant_id, a.mark, a.minutes, a.absence, a.doctor_note, a.beyond,"
	" a.early_minutes FROM activity_sessions s JOIN attendance a ON a.session_id = s.id"
	" WHERE s.centre_id = $1 AND s.on_date >= $2 AND s.on_date <= $3 AND s.status = 'planned'"
	" AND a.centre_id = $1";

/* The day of the month of 'YYYY-MM-DD' (the month is known). */
static int
day_of_text(const char *s)
{
	return s != NULL && strlen(s) == 10 ? (s[8] - '0') * 10 + (s[9] - '0') : 0;
}

/* What a month's pass keeps. All from malloc, freed by month_free(). */
struct month_pass {
	struct month_session *sessions;    /* by group, then day */
	size_t nsessions;
	int64_t *session_ids;              /* sorted */
	uint32_t *session_at;              /* parallel to session_ids: index into sessions */
	int64_t *pids;                     /* sorted, unique */
	size_t npids;
	int32_t *slot_of;                  /* participant id -> index into pids, when dense */
	int64_t slot_max;
	int *expected_n;                   /* per participant: sessions expected */
	int64_t *expected_min;             /* and their minutes */
	uint32_t *paused;                  /* per participant: the days paused
					    * (enrolment_pause_covers()), bit d-1 */
};

/* Whether the participant in slot is paused on day d of the month. */
static bool
month_paused(const struct month_pass *m, long slot, int d)
{
	return slot >= 0 && d >= 1 && d <= 31 && (m->paused[slot] >> (d - 1) & 1u) != 0;
}

static void
month_free(struct month_pass *m)
{
	free(m->sessions);
	free(m->session_ids);
	free(m->session_at);
	free(m->pids);
	free(m->slot_of);
	free(m->expected_n);
	free(m->expected_min);
	free(m->paused);
	memset(m, 0, sizeof *m);
}

static long
participant_slot(const struct month_pass *m, int64_t pid)
{
	if (m->slot_of != NULL)
		return pid >= 0 && pid <= m->slot_max ? m->slot_of[pid] : -1;
	return find_id(m->pids, m->npids, pid);
}

static long
session_index(const struct month_pass *m, int64_t id)
{
	long i = find_id(m->session_ids, m->nsessions, id);
	return i < 0 ? -1 : (long)m->session_at[i];
}

/* Reads the month's sessions and enrolments: who was expected at what. */
static int
month_load(struct db *db, int64_t centre, struct date first, struct date last, struct month_pass *m)
{
	memset(m, 0, sizeof *m);
	struct db_stmt *st = db_prepare(db, sql_month_sessions);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	table_bind_date(st, 2, first);
	table_bind_date(st, 3, last);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (m->nsessions == cap) {
			cap = cap ? cap * 2 : 1024;
			struct month_session *b = realloc(m->sessions, cap * sizeof *b);
			if (b == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			m->sessions = b;
		}
		struct month_session *s = &m->sessions[m->nsessions++];
		s->id = db_col_int(st, 0);
		s->group_id = db_col_int(st, 1);
		s->day = day_of_text(db_col_text(st, 2));
		s->minutes = (int)(db_col_int(st, 4) - db_col_int(st, 3));
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (m->nsessions > 1)
		qsort(m->sessions, m->nsessions, sizeof *m->sessions, by_group_day);
	m->session_ids = malloc((m->nsessions + 1) * sizeof *m->session_ids);
	m->session_at = malloc((m->nsessions + 1) * sizeof *m->session_at);
	if (m->session_ids == NULL || m->session_at == NULL)
		return SC_ENOMEM;
	/* ids sorted with their index: sort pairs by id */
	for (size_t i = 0; i < m->nsessions; i++)
		m->session_ids[i] = (m->sessions[i].id << 24) | (int64_t)i;   /* ids below 2^39 */
	if (m->nsessions > 1)
		qsort(m->session_ids, m->nsessions, sizeof *m->session_ids, cmp_int64);
	for (size_t i = 0; i < m->nsessions; i++) {
		m->session_at[i] = (uint32_t)(m->session_ids[i] & 0xFFFFFF);
		m->session_ids[i] >>= 24;
	}

	/* enrolments */
	struct month_enrolment *en = NULL;
	size_t nen = 0, capen = 0;
	st = db_prepare(db, sql_month_enrolments);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	table_bind_date(st, 2, first);
	table_bind_date(st, 3, last);
	char lo[11], hi[11];
	date_format(first, lo);
	date_format(last, hi);
	while ((rc = db_step(st)) == DB_ROW) {
		if (nen == capen) {
			capen = capen ? capen * 2 : 1024;
			struct month_enrolment *b = realloc(en, capen * sizeof *b);
			if (b == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			en = b;
		}
		struct month_enrolment *e = &en[nen++];
		e->group_id = db_col_int(st, 0);
		e->participant_id = db_col_int(st, 1);
		const char *s = db_col_text(st, 2), *t = db_col_text(st, 3);
		e->from_day = strcmp(s, lo) < 0 ? 1 : day_of_text(s);
		e->to_day = strcmp(t, hi) > 0 ? 31 : day_of_text(t);
	}
	db_done(st);
	if (rc < 0) {
		free(en);
		return rc;
	}
	/* participants */
	m->pids = malloc((nen + 1) * sizeof *m->pids);
	if (m->pids == NULL) {
		free(en);
		return SC_ENOMEM;
	}
	for (size_t i = 0; i < nen; i++)
		m->pids[i] = en[i].participant_id;
	if (nen > 1)
		qsort(m->pids, nen, sizeof *m->pids, cmp_int64);
	for (size_t i = 0; i < nen; i++)
		if (m->npids == 0 || m->pids[m->npids - 1] != m->pids[i])
			m->pids[m->npids++] = m->pids[i];
	/* ids are dense in a register: a direct table when it is not too big */
	if (m->npids > 0 && m->pids[m->npids - 1] < 64 * 1024 * 1024 &&
	    (size_t)m->pids[m->npids - 1] < 64 * m->npids + 1024 * 1024) {
		m->slot_max = m->pids[m->npids - 1];
		m->slot_of = malloc(((size_t)m->slot_max + 1) * sizeof *m->slot_of);
		if (m->slot_of != NULL) {
			memset(m->slot_of, 0xFF, ((size_t)m->slot_max + 1) * sizeof *m->slot_of);
			for (size_t i = 0; i < m->npids; i++)
				m->slot_of[m->pids[i]] = (int32_t)i;
		}
	}
	m->expected_n = calloc(m->npids + 1, sizeof *m->expected_n);
	m->expected_min = calloc(m->npids + 1, sizeof *m->expected_min);
	m->paused = calloc(m->npids + 1, sizeof *m->paused);
	if (m->expected_n == NULL || m->expected_min == NULL || m->paused == NULL) {
		free(en);
		return SC_ENOMEM;
	}
	/* the days each is paused: expected at none of them */
	st = db_prepare(db, sql_month_pauses);
	if (st == NULL) {
		free(en);
		return SC_EDB;
	}
	db_bind_int(st, 1, centre);
	table_bind_date(st, 2, first);
	table_bind_date(st, 3, last);
	while ((rc = db_step(st)) == DB_ROW) {
		long slot = participant_slot(m, db_col_int(st, 0));
		struct date from = table_text_date(db_col_text(st, 1));
		struct date to = db_col_null(st, 2) ? (struct date){0, 0, 0} : table_text_date(db_col_text(st, 2));
		for (int d = 1; slot >= 0 && d <= last.d; d++)
			if (enrolment_pause_covers(from, to, (struct date){first.y, first.m, d}))
				m->paused[slot] |= 1u << (d - 1);
	}
	db_done(st);
	if (rc < 0) {
		free(en);
		return rc;
	}
	/* each enrolment expects its group's sessions in its days */
	for (size_t i = 0; i < nen; i++) {
		const struct month_enrolment *e = &en[i];
		struct month_session key = {0, e->group_id, e->from_day, 0};
		size_t lo_i = 0, hi_i = m->nsessions;
		while (lo_i < hi_i) {
			size_t mid = lo_i + (hi_i - lo_i) / 2;
			if (by_group_day(&m->sessions[mid], &key) < 0)
				lo_i = mid + 1;
			else
				hi_i = mid;
		}
		long slot = participant_slot(m, e->participant_id);
		for (size_t k = lo_i; slot >= 0 && k < m->nsessions && m->sessions[k].group_id == e->group_id &&
				      m->sessions[k].day <= e->to_day; k++) {
			if (month_paused(m, slot, m->sessions[k].day))
				continue;
			m->expected_n[slot]++;
			m->expected_min[slot] += m->sessions[k].minutes;
		}
	}
	free(en);
	return SC_OK;
}

int
store_attendance_summaries(struct db *db, struct arena *a, int64_t centre, int year, int month,
			   struct attendance_month **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct date first, last;
	if (!month_bounds(year, month, &first, &last))
		return SC_EINVAL;
	struct month_pass m;
	int rc = month_load(db, centre, first, last, &m);
	struct attendance_month *out = NULL;
	struct summary_days *days = NULL;
	if (rc == SC_OK) {
		out = arena_alloc(a, (m.npids + 1) * sizeof *out);
		days = calloc(m.npids + 1, sizeof *days);
		if (out == NULL || days == NULL)
			rc = SC_ENOMEM;
	}
	if (rc == SC_OK) {
		memset(out, 0, (m.npids + 1) * sizeof *out);
		for (size_t i = 0; i < m.npids; i++)
			out[i].participant_id = m.pids[i];
		struct db_stmt *st = db_prepare(db, sql_month_marks);
		if (st == NULL)
			rc = SC_EDB;
		if (rc == SC_OK) {
			db_bind_int(st, 1, centre);
			table_bind_date(st, 2, first);
			table_bind_date(st, 3, last);
			int64_t last_sid = -1;
			long si = -1;
			bool oom = false;
			while ((rc = db_step(st)) == DB_ROW) {
				int64_t sid = db_col_int(st, 0);
				if (sid != last_sid) {
					si = session_index(&m, sid);
					last_sid = sid;
				}
				long slot = participant_slot(&m, db_col_int(st, 1));
				if (si < 0 || slot < 0 || month_paused(&m, slot, m.sessions[si].day))
					continue;   /* a mark no enrolment expects: not counted */
				const struct month_session *s = &m.sessions[si];
				struct mark mk = read_mark(st, 2, 7, NULL, &oom);
				struct summary_mark sm = summary_mark_of((struct date){year, month, s->day}, s->minutes, mk,
									 db_col_int(st, 5) == 1, db_col_int(st, 6) == 1);
				attendance_summary_add(&out[slot].s, &days[slot], &sm);
			}
			db_done(st);
			if (rc > 0)
				rc = SC_OK;
		}
	}
	if (rc == SC_OK) {
		for (size_t i = 0; i < m.npids; i++) {
			struct attendance_summary *s = &out[i].s;
			int missing = m.expected_n[i] - s->sessions;
			int64_t minutes = m.expected_min[i] - s->scheduled_minutes;
			if (missing > 0 && minutes >= 0)
				attendance_summary_unmarked(s, missing, minutes);
		}
		*items = out;
		*n = m.npids;
	}
	free(days);
	month_free(&m);
	return rc;
}

/* ---- what the benefit run reads ---- */

static int
cmp_unexcused(const void *x, const void *y)
{
	const struct unexcused_day *a = x, *b = y;
	if (a->participant_id != b->participant_id)
		return a->participant_id < b->participant_id ? -1 : 1;
	return date_cmp(a->date, b->date);
}

/* Adds minutes of unexcused absence on day to the list (merging a day
 * already there when it is the last one). */
static int
unexcused_add(struct arena *a, struct unexcused_day **list, size_t *count, size_t *cap, int64_t pid,
	      struct date day, int minutes)
{
	if (*count > 0) {
		struct unexcused_day *l = &(*list)[*count - 1];
		if (l->participant_id == pid && date_cmp(l->date, day) == 0) {
			l->minutes += minutes;
			return SC_OK;
		}
	}
	*list = table_grow(a, *list, *count, cap, sizeof **list);
	if (*list == NULL)
		return SC_ENOMEM;
	(*list)[(*count)++] = (struct unexcused_day){pid, day, minutes};
	return SC_OK;
}

/* The unexcused minutes of a mark (domain/attendance.h: unexcused, a late
 * arrival or early leaving of no other type, self-certified beyond the
 * rule without a note). */
static int
unexcused_minutes(struct mark m, int session_minutes, bool doctor_note, bool beyond)
{
	m = mark_with_note(m, doctor_note);
	enum absence_type t;
	int absent = mark_absent_minutes(&m, session_minutes, &t);
	if (t == ABSENCE_SICK_SELF && beyond)
		t = ABSENCE_UNEXCUSED;
	return t == ABSENCE_UNEXCUSED ? absent : 0;
}

int
store_attendance_unexcused(struct db *db, struct arena *a, int64_t centre, int year, int month,
			   int64_t participant_id, struct unexcused_day **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct date first, last;
	if (!month_bounds(year, month, &first, &last))
		return SC_EINVAL;
	struct unexcused_day *list = NULL;
	size_t count = 0, cap = 0;
	int rc = SC_OK;
	if (participant_id > 0) {
		struct attendance_row *rows = NULL;
		size_t nrows = 0;
		rc = store_participant_attendance(db, a, centre, participant_id, first, last, false, &rows, &nrows);
		for (size_t i = 0; rc == SC_OK && i < nrows; i++) {
			if (rows[i].paused)
				continue;
			int minutes = unexcused_minutes(rows[i].mark, rows[i].end_min - rows[i].start_min,
							rows[i].doctor_note, rows[i].beyond);
			if (minutes > 0)
				rc = unexcused_add(a, &list, &count, &cap, participant_id, rows[i].date, minutes);
		}
	} else {
		struct month_pass m;
		rc = month_load(db, centre, first, last, &m);
		/* only the marks that are not "present" can hold unexcused
		 * minutes: read through their partial index (decision 62) */
		/* Each group's sessions of the month lie in a range of ids (a
		 * group's sessions are made together, in date order): on SQLite
		 * one range per group, so only the month's marks are read; on
		 * PostgreSQL, where each statement is a round trip, one range
		 * for the month. Marks of a session outside the month in a range
		 * are left out by session_index(). */
		bool pg = db_kind(db) == DB_POSTGRES;
		bool oom = false;
		for (size_t g0 = 0; rc == SC_OK && g0 < m.nsessions;) {
			size_t g1 = g0 + 1;
			int64_t lo = m.sessions[g0].id, hi = lo;
			while (g1 < m.nsessions && (pg || m.sessions[g1].group_id == m.sessions[g0].group_id)) {
				lo = m.sessions[g1].id < lo ? m.sessions[g1].id : lo;
				hi = m.sessions[g1].id > hi ? m.sessions[g1].id : hi;
				g1++;
			}
			g0 = g1;
			struct db_stmt *st = db_prepare(db, sql_month_absent);
			if (st == NULL) {
				rc = SC_EDB;
				break;
			}
			db_bind_int(st, 1, centre);
			db_bind_int(st, 2, lo);
			db_bind_int(st, 3, hi);
			while ((rc = db_step(st)) == DB_ROW) {
				long si = session_index(&m, db_col_int(st, 0));
				int64_t pid = db_col_int(st, 1);
				if (si < 0 || participant_slot(&m, pid) < 0 ||
				    month_paused(&m, participant_slot(&m, pid), m.sessions[si].day))
					continue;
				struct mark mk = read_mark(st, 2, 7, NULL, &oom);
				int minutes = unexcused_minutes(mk, m.sessions[si].minutes, db_col_int(st, 5) == 1,
								db_col_int(st, 6) == 1);
				if (minutes > 0) {
					struct date day = {year, month, m.sessions[si].day};
					if (unexcused_add(a, &list, &count, &cap, pid, day, minutes) != SC_OK) {
						rc = SC_ENOMEM;
						break;
					}
				}
			}
			db_done(st);
			if (rc > 0)
				rc = SC_OK;
		}
		month_free(&m);
		if (rc == SC_OK && count > 1) {
			/* by participant, then date; one entry per day */
			qsort(list, count, sizeof *list, cmp_unexcused);
			size_t k = 0;
			for (size_t i = 0; i < count; i++) {
				if (k > 0 && list[k - 1].participant_id == list[i].participant_id &&
				    date_cmp(list[k - 1].date, list[i].date) == 0)
					list[k - 1].minutes += list[i].minutes;
				else
					list[k++] = list[i];
			}
			count = k;
		}
	}
	if (rc != SC_OK)
		return rc;
	*out = list;
	*n = count;
	return SC_OK;
}

int
store_attendance_unmarked(struct db *db, struct arena *a, int64_t centre, int year, int month,
			  int64_t participant_id, int64_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (participant_id > 0) {
		struct attendance_summary s;
		int rc = store_attendance_summary(db, a, centre, participant_id, year, month, &s);
		if (rc != SC_OK || s.unmarked_sessions == 0)
			return rc;
		int64_t *one = arena_alloc(a, sizeof *one);
		if (one == NULL)
			return SC_ENOMEM;
		*one = participant_id;
		*out = one;
		*n = 1;
		return SC_OK;
	}
	struct date first, last;
	if (!month_bounds(year, month, &first, &last))
		return SC_EINVAL;
	return store_attendance_unmarked_between(db, a, centre, first, last, out, n);
}

static const char sql_registers_open[] =
	"SELECT COUNT(*) FROM activity_sessions s WHERE s.centre_id = $1 AND s.on_date >= $2 AND s.on_date <= $3"
	" AND s.status = 'planned' AND s.marks < s.expected AND " REGISTER_SEEN("s.group_id", "$4");

int
store_attendance_registers_unmarked(struct db *db, int64_t centre, bool health_too, struct date first,
				    struct date last, int64_t *n)
{
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_registers_open);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	table_bind_date(st, 2, first);
	table_bind_date(st, 3, last);
	db_bind_int(st, 4, health_too ? 1 : 0);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*n = db_col_int(st, 0);
		rc = SC_OK;
	}
	db_done(st);
	return rc == DB_DONE ? SC_OK : rc;
}

int
store_attendance_unmarked_between(struct db *db, struct arena *a, int64_t centre, struct date first,
				  struct date last, int64_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	/* The sessions of the days not fully marked (few, once the days are
	 * over), and who is missing in each: not a pass over every mark
	 * (decision 62). */
	struct open_session {
		int64_t id, group_id;
		struct date day;
	} *open = NULL;
	size_t nopen = 0, capopen = 0;
	struct db_stmt *st = db_prepare(db, sql_month_open);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	table_bind_date(st, 2, first);
	table_bind_date(st, 3, last);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		open = table_grow(a, open, nopen, &capopen, sizeof *open);
		if (open == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		open[nopen++] = (struct open_session){db_col_int(st, 0), db_col_int(st, 1), table_text_date(db_col_text(st, 2))};
	}
	db_done(st);
	if (rc < 0)
		return rc;
	int64_t *list = NULL;
	size_t count = 0, cap = 0;
	rc = SC_OK;
	for (size_t i = 0; i < nopen && rc == SC_OK; i++) {
		st = db_prepare(db, sql_open_missing);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, open[i].group_id);
		db_bind_int(st, 2, centre);
		table_bind_date(st, 3, open[i].day);
		db_bind_int(st, 4, open[i].id);
		int r;
		while ((r = db_step(st)) == DB_ROW) {
			list = table_grow(a, list, count, &cap, sizeof *list);
			if (list == NULL) {
				r = SC_ENOMEM;
				break;
			}
			list[count++] = db_col_int(st, 0);
		}
		db_done(st);
		if (r < 0)
			rc = r;
	}
	if (rc != SC_OK)
		return rc;
	if (count > 1)
		qsort(list, count, sizeof *list, cmp_int64);
	size_t k = 0;
	for (size_t i = 0; i < count; i++)
		if (k == 0 || list[k - 1] != list[i])
			list[k++] = list[i];
	*out = list;
	*n = k;
	return SC_OK;
}

/* ---- corrections ---- */

static const char sql_correction_add[] =
	"INSERT INTO attendance_corrections (centre_id, session_id, participant_id, session_date, at, by_user,"
	" reason, before_mark, before_minutes, before_absence, before_reason, before_early, after_mark,"
	" after_minutes, after_absence, after_reason, after_early, cause)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";
static const char sql_corrections[] =
	"SELECT id, participant_id, session_date, at, by_user, reason, handled_run FROM attendance_corrections"
	" WHERE centre_id = $1 AND ($2 = 0 OR handled_run IS NULL) ORDER BY id LIMIT $3";
static const char sql_correction_handled[] =
	"UPDATE attendance_corrections SET handled_run = $3 WHERE centre_id = $1 AND id = $2";

/* Binds mark m to parameters col (mark: 'none' when not marked), col + 1
 * (minutes), col + 2 (absence), col + 3 (reason) and col + 4 (the minutes
 * also left early): read_mark()'s order. */
static void
bind_mark(struct db_stmt *st, int col, const struct mark *m)
{
	bool marked = m->kind > MARK_NONE && m->kind < MARK_KIND_COUNT;
	db_bind_text(st, col, marked ? mark_kind_options[m->kind].key : "none");
	if (marked && (m->kind == MARK_LATE || m->kind == MARK_LEFT_EARLY))
		db_bind_int(st, col + 1, m->minutes);
	else
		db_bind_null(st, col + 1);
	if (marked && m->type > ABSENCE_NONE && m->type < ABSENCE_TYPE_COUNT)
		db_bind_text(st, col + 2, absence_type_options[m->type].key);
	else
		db_bind_null(st, col + 2);
	if (marked && m->reason != NULL && m->reason[0] != '\0')
		db_bind_text(st, col + 3, m->reason);
	else
		db_bind_null(st, col + 3);
	if (marked && m->kind == MARK_LATE && m->early > 0)
		db_bind_int(st, col + 4, m->early);
	else
		db_bind_null(st, col + 4);
}

/* The mark kept in columns col (mark, 'none' or NULL: not marked) to
 * col + 4 (reason, arena) as bind_mark() wrote it. */
static struct mark
read_kept_mark(struct db_stmt *st, int col, struct arena *a, bool *oom)
{
	if (!db_col_null(st, col) && strcmp(db_col_text(st, col), "none") == 0)
		return (struct mark){MARK_NONE, 0, ABSENCE_NONE, NULL, 0};
	return read_mark(st, col, col + 4, a, oom);
}

int
store_attendance_correction_add(struct db *db, int64_t centre, int64_t session_id, int64_t participant_id,
				struct date session_date, int64_t at, int64_t by, enum correction_cause cause,
				const char *reason, const struct mark *before, const struct mark *after)
{
	if ((int)cause < 0 || cause >= CORRECTION_CAUSE_COUNT)
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, sql_correction_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	if (session_id > 0)
		db_bind_int(st, 2, session_id);
	else
		db_bind_null(st, 2);
	db_bind_int(st, 3, participant_id);
	table_bind_date(st, 4, session_date);
	db_bind_int(st, 5, at);
	if (by > 0)
		db_bind_int(st, 6, by);
	else
		db_bind_null(st, 6);
	db_bind_text(st, 7, reason != NULL ? reason : "");
	if (before != NULL && after != NULL) {
		bind_mark(st, 8, before);
		bind_mark(st, 13, after);
	} else {
		/* a correction of no session (a pause's) keeps no marks */
		for (int col = 8; col <= 17; col++)
			db_bind_null(st, col);
	}
	db_bind_text(st, 18, correction_cause_options[cause].key);
	return db_run(st, NULL);
}

int
store_attendance_corrections(struct db *db, struct arena *a, int64_t centre, bool unhandled_only, int64_t limit,
			     struct attendance_correction **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	limit = store_page_limit(limit, 10000, 10000);
	struct db_stmt *st = db_prepare(db, sql_corrections);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, unhandled_only ? 1 : 0);
	db_bind_int(st, 3, limit);
	struct attendance_correction *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct attendance_correction *c = &list[count++];
		c->id = db_col_int(st, 0);
		c->participant_id = db_col_int(st, 1);
		c->session_date = table_text_date(db_col_text(st, 2));
		c->at = db_col_int(st, 3);
		c->by = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
		c->reason = arena_strdup(a, db_col_text(st, 5));
		c->handled = !db_col_null(st, 6);
		if (c->reason == NULL) {
			rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = list;
	*n = count;
	return SC_OK;
}

int
store_attendance_corrections_handled(struct db *db, int64_t centre, const int64_t *ids, size_t n, int64_t run_id)
{
	int rc = SC_OK;
	for (size_t i = 0; i < n && rc == SC_OK; i++) {
		struct db_stmt *st = db_prepare(db, sql_correction_handled);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, centre);
		db_bind_int(st, 2, ids[i]);
		db_bind_int(st, 3, run_id);
		rc = db_run(st, NULL);
	}
	return rc;
}

static const char sql_corrections_open[] =
	"SELECT c.id, c.participant_id, p.given_name, p.family_name, COALESCE(c.session_id, 0), COALESCE(g.name, ''),"
	" COALESCE(t.health_only, 0), c.session_date, COALESCE(s.start_min, 0), COALESCE(s.end_min, 0), a.mark,"
	" a.minutes, a.absence, a.reason, a.doctor_note, a.beyond,"
	" c.at, COALESCE(u.display_name, ''), c.reason, a.early_minutes,"
	" c.before_mark, c.before_minutes, c.before_absence, c.before_reason, c.before_early,"
	" c.after_mark, c.after_minutes, c.after_absence, c.after_reason, c.after_early, c.cause"
	" FROM attendance_corrections c JOIN participants p ON p.id = c.participant_id"
	" LEFT JOIN activity_sessions s ON s.id = c.session_id LEFT JOIN activity_groups g ON g.id = s.group_id"
	" LEFT JOIN activity_types t ON t.id = g.activity_type_id"
	" LEFT JOIN attendance a ON a.session_id = c.session_id AND a.participant_id = c.participant_id"
	" LEFT JOIN users u ON u.id = c.by_user"
	" WHERE c.centre_id = $1 AND c.handled_run IS NULL ORDER BY c.id LIMIT $2";
static const char sql_corrections_open_count[] =
	"SELECT COUNT(*) FROM attendance_corrections WHERE centre_id = $1 AND handled_run IS NULL";

int
store_attendance_corrections_open(struct db *db, struct arena *a, int64_t centre, int64_t limit,
				  struct correction_item **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	limit = store_page_limit(limit, 10000, 10000);
	struct db_stmt *st = db_prepare(db, sql_corrections_open_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, sql_corrections_open);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, limit);
	struct correction_item *list = NULL;
	size_t count = 0, cap = 0;
	bool oom = false;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct correction_item *c = &list[count++];
		c->id = db_col_int(st, 0);
		c->participant_id = db_col_int(st, 1);
		c->given_name = arena_strdup(a, db_col_text(st, 2));
		c->family_name = arena_strdup(a, db_col_text(st, 3));
		c->session_id = db_col_int(st, 4);
		c->group_name = arena_strdup(a, db_col_text(st, 5));
		c->health_only = db_col_int(st, 6) == 1;
		c->session_date = table_text_date(db_col_text(st, 7));
		c->start_min = (int)db_col_int(st, 8);
		c->end_min = (int)db_col_int(st, 9);
		c->mark = read_mark(st, 10, 19, a, &oom);
		/* kept from this correction on (migration 79); before, the
		 * mark now is all there is */
		c->kept = !db_col_null(st, 20);
		if (c->kept) {
			c->before = read_kept_mark(st, 20, a, &oom);
			c->after = read_kept_mark(st, 25, a, &oom);
		}
		c->doctor_note = !db_col_null(st, 14) && db_col_int(st, 14) == 1;
		c->beyond = !db_col_null(st, 15) && db_col_int(st, 15) == 1;
		c->at = db_col_int(st, 16);
		c->by_name = arena_strdup(a, db_col_text(st, 17));
		c->reason = arena_strdup(a, db_col_text(st, 18));
		c->cause = correction_cause_parse(db_col_text(st, 30));
		if (oom || c->given_name == NULL || c->family_name == NULL || c->group_name == NULL ||
		    c->by_name == NULL || c->reason == NULL) {
			rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* ---- unexcused absence in a row ---- */

static const char sql_run_get[] =
	"SELECT days, since, last_day, last_unexcused FROM absence_streaks WHERE participant_id = $1 AND centre_id = $2";
static const char sql_run_put[] =
	"INSERT INTO absence_streaks (participant_id, centre_id, days, since, last_day, last_unexcused, contact_id)"
	" VALUES ($1, $2, $3, $4, $5, $6, (SELECT contact_id FROM participants WHERE id = $1))"
	" ON CONFLICT (participant_id) DO UPDATE SET days = excluded.days,"
	" since = excluded.since, last_day = excluded.last_day, last_unexcused = excluded.last_unexcused";
static const char sql_run_delete[] = "DELETE FROM absence_streaks WHERE participant_id = $1 AND centre_id = $2";

int
store_absence_run_get(struct db *db, int64_t centre, int64_t participant_id, struct absence_run *r, bool *found)
{
	memset(r, 0, sizeof *r);
	*found = false;
	struct db_stmt *st = db_prepare(db, sql_run_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		r->days = (int)db_col_int(st, 0);
		r->since = db_col_null(st, 1) ? (struct date){0, 0, 0} : table_text_date(db_col_text(st, 1));
		r->last = table_text_date(db_col_text(st, 2));
		r->last_unexcused = db_col_int(st, 3) == 1;
		*found = true;
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_OK;
	}
	db_done(st);
	return rc;
}

int
store_absence_run_put(struct db *db, int64_t centre, int64_t participant_id, const struct absence_run *r)
{
	struct db_stmt *st;
	if (r->last.y == 0) {
		st = db_prepare(db, sql_run_delete);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, participant_id);
		db_bind_int(st, 2, centre);
		return db_run(st, NULL);
	}
	st = db_prepare(db, sql_run_put);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, r->days);
	if (r->since.y != 0)
		table_bind_date(st, 4, r->since);
	else
		db_bind_null(st, 4);
	table_bind_date(st, 5, r->last);
	db_bind_int(st, 6, r->last_unexcused ? 1 : 0);
	return db_run(st, NULL);
}

/* One range of the contact person's runs (absence_streaks keeps the
 * participant's contact person, migration 45), then the few found. */
static const char sql_alerts[] = DB_GENERIC_PLAN
	"SELECT p.id, p.given_name, p.family_name, r.days, r.since, r.last_day FROM absence_streaks r"
	" JOIN participants p ON p.id = r.participant_id AND p.centre_id = r.centre_id AND p.contact_id = r.contact_id"
	" WHERE r.contact_id = $1 AND r.centre_id = $2 AND r.days >= $3"
	" AND p.status IN ('registered', 'referred', 'waiting', 'offered', 'active', 'paused')"
	" ORDER BY r.days DESC, p.family_name, p.given_name, p.id LIMIT 100";

int
store_absence_alerts(struct db *db, struct arena *a, int64_t centre, int64_t contact_id, int min_days,
		     struct absence_alert **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_alerts);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, contact_id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, min_days < 1 ? 1 : min_days);
	struct absence_alert *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct absence_alert *x = &list[count++];
		x->participant_id = db_col_int(st, 0);
		x->given_name = arena_strdup(a, db_col_text(st, 1));
		x->family_name = arena_strdup(a, db_col_text(st, 2));
		x->days = (int)db_col_int(st, 3);
		x->since = db_col_null(st, 4) ? (struct date){0, 0, 0} : table_text_date(db_col_text(st, 4));
		x->last = table_text_date(db_col_text(st, 5));
		if (x->given_name == NULL || x->family_name == NULL) {
			rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* ---- registers not marked ---- */

#define SESSION_COLS_S \
	"s.id, s.group_id, g.name AS group_name, s.on_date, s.start_min, s.end_min, s.status, s.cancel_reason," \
	" s.extra, s.moved_from, s.expected, s.marks, s.closure_id, s.version"

static const char sql_unmarked_all[] =
	"SELECT " SESSION_COLS_S " FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id"
	" WHERE s.centre_id = $1 AND s.on_date < $2 AND s.status = 'planned' AND s.marks < s.expected"
	" AND " REGISTER_SEEN("s.group_id", "$4")
	" ORDER BY s.on_date DESC, s.start_min DESC, s.id DESC LIMIT $3";
static const char sql_unmarked_all_count[] =
	"SELECT COUNT(*) FROM activity_sessions s WHERE s.centre_id = $1 AND s.on_date < $2"
	" AND s.status = 'planned' AND s.marks < s.expected"
	" AND " REGISTER_SEEN("s.group_id", "$3");
static const char sql_unmarked_teacher[] =
	"SELECT " SESSION_COLS_S " FROM group_teachers t JOIN activity_sessions s ON s.group_id = t.group_id"
	" AND s.centre_id = t.centre_id JOIN activity_groups g ON g.id = s.group_id"
	" WHERE t.user_id = $4 AND t.centre_id = $1 AND s.on_date < $2 AND s.status = 'planned'"
	" AND s.marks < s.expected"
	" AND " REGISTER_SEEN("s.group_id", "$5")
	" ORDER BY s.on_date DESC, s.start_min DESC, s.id DESC LIMIT $3";
static const char sql_unmarked_teacher_count[] =
	"SELECT COUNT(*) FROM group_teachers t JOIN activity_sessions s ON s.group_id = t.group_id"
	" AND s.centre_id = t.centre_id WHERE t.user_id = $3 AND t.centre_id = $1 AND s.on_date < $2"
	" AND s.status = 'planned' AND s.marks < s.expected"
	" AND " REGISTER_SEEN("s.group_id", "$4");
static const char sql_on_day_all[] =
	"SELECT " SESSION_COLS_S " FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id"
	" WHERE s.centre_id = $1 AND s.on_date = $2"
	" AND " REGISTER_SEEN("s.group_id", "$3")
	" ORDER BY s.start_min, g.name, s.id LIMIT 500";
static const char sql_on_day_teacher[] =
	"SELECT " SESSION_COLS_S " FROM group_teachers t JOIN activity_sessions s ON s.group_id = t.group_id"
	" AND s.centre_id = t.centre_id JOIN activity_groups g ON g.id = s.group_id"
	" WHERE t.user_id = $3 AND t.centre_id = $1 AND s.on_date = $2"
	" AND " REGISTER_SEEN("s.group_id", "$4")
	" ORDER BY s.start_min, g.name, s.id LIMIT 500";

static int
read_session_row(struct db_stmt *st, struct arena *a, struct group_session *s)
{
	fields_clear(group_session_fields, s);
	int rc = table_read(st, group_session_fields, s, a);
	s->start_min = (int)table_col_int(st, "start_min");
	s->end_min = (int)table_col_int(st, "end_min");
	s->closure_id = table_col_int(st, "closure_id");
	char t[6];
	timetable_format_time(s->start_min, t);
	s->start = arena_strdup(a, t);
	timetable_format_time(s->end_min, t);
	s->end = arena_strdup(a, t);
	if (rc == SC_OK && (s->start == NULL || s->end == NULL))
		rc = SC_ENOMEM;
	return rc;
}

static int
read_session_list(struct db_stmt *st, struct arena *a, struct group_session **items, size_t *n)
{
	struct group_session *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		rc = read_session_row(st, a, &list[count]);
		if (rc != SC_OK)
			break;
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_sessions_unmarked(struct db *db, struct arena *a, int64_t centre, int64_t teacher_id, bool health_too,
			struct date before, int64_t limit, struct group_session **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	limit = store_page_limit(limit, 500, 50);
	struct db_stmt *st = db_prepare(db, teacher_id > 0 ? sql_unmarked_teacher_count : sql_unmarked_all_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	table_bind_date(st, 2, before);
	if (teacher_id > 0)
		db_bind_int(st, 3, teacher_id);
	db_bind_int(st, teacher_id > 0 ? 4 : 3, health_too ? 1 : 0);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, teacher_id > 0 ? sql_unmarked_teacher : sql_unmarked_all);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	table_bind_date(st, 2, before);
	db_bind_int(st, 3, limit);
	if (teacher_id > 0)
		db_bind_int(st, 4, teacher_id);
	db_bind_int(st, teacher_id > 0 ? 5 : 4, health_too ? 1 : 0);
	return read_session_list(st, a, items, n);
}

int
store_sessions_on_day(struct db *db, struct arena *a, int64_t centre, int64_t teacher_id, bool health_too,
		      struct date day, struct group_session **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, teacher_id > 0 ? sql_on_day_teacher : sql_on_day_all);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	table_bind_date(st, 2, day);
	if (teacher_id > 0)
		db_bind_int(st, 3, teacher_id);
	db_bind_int(st, teacher_id > 0 ? 4 : 3, health_too ? 1 : 0);
	return read_session_list(st, a, items, n);
}
