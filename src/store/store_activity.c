/*
 * store_activity.c — the catalogue, groups, sessions, closures and
 * enrolment in groups; see store_activity.h.
 *
 * Records are read by column name (table_read) into the domain's structs;
 * the types and groups are written by their table descriptors, the child
 * rows (teachers, slots) and sessions by the statements here.
 */
#include "db.h"
#include "pause_sql.h"
#include "store.h"
#include "table.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

static struct table types_table = {.name = "activity_types", .fields = &activity_type_fields, .centre = true,
				   .versioned = true};
static struct table groups_table = {.name = "activity_groups", .fields = &group_fields, .centre = true,
				    .versioned = true};

static struct date
col_date(struct db_stmt *st, const char *name)
{
	struct date d = {0, 0, 0};
	const char *s = table_col_text(st, name);
	if (s[0] != '\0' && date_parse(s, &d) != SC_OK)
		d = (struct date){0, 0, 0};
	return d;
}

/* "HH:MM" of minutes, in the arena. */
static const char *
time_text(struct arena *a, int64_t minutes)
{
	char t[6];
	timetable_format_time((int)minutes, t);
	return arena_strdup(a, t);
}

/* ---- the catalogue ---- */

#define TYPE_COLS "id, key, COALESCE(name, '') AS name, kind, description, health_only, version"
static const char sql_types[] =
	"SELECT " TYPE_COLS " FROM activity_types WHERE centre_id = $1 OR centre_id IS NULL"
	" ORDER BY CASE WHEN centre_id IS NULL THEN 0 ELSE 1 END, id, name";
static const char sql_type_get[] =
	"SELECT " TYPE_COLS " FROM activity_types WHERE id = $1 AND (centre_id = $2 OR centre_id IS NULL)";

/* The order of the built-ins: their index in activity_builtins[]. */
static int
builtin_rank(const char *key)
{
	const struct activity_builtin *b = activity_builtin_of(key);
	return b != NULL ? (int)(b - activity_builtins) : ACTIVITY_BUILTINS;
}

static int
read_type(struct db_stmt *st, struct arena *a, struct activity_type *t)
{
	fields_clear(activity_type_fields, t);
	int rc = table_read(st, activity_type_fields, t, a);
	t->version = table_col_int(st, "version");
	if (t->key == NULL || t->key[0] == '\0') {
		t->key = "";
	} else {
		/* the product names its own types (translated where shown) */
		bool tr;
		t->name = activity_type_label(t->key, NULL, &tr);
		const struct activity_builtin *b = activity_builtin_of(t->key);
		if (b != NULL && (t->description == NULL || t->description[0] == '\0'))
			t->description = b->description;
	}
	return rc;
}

int
store_activity_types(struct db *db, struct arena *a, int64_t centre, struct activity_type **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_types);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	struct activity_type *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		rc = read_type(st, a, &list[count]);
		if (rc != SC_OK)
			break;
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	/* built-ins in the programme's order (a stable insertion sort) */
	for (size_t i = 1; i < count; i++) {
		struct activity_type cur = list[i];
		size_t j = i;
		while (j > 0 && list[j - 1].key[0] && cur.key[0] && builtin_rank(list[j - 1].key) > builtin_rank(cur.key)) {
			list[j] = list[j - 1];
			j--;
		}
		list[j] = cur;
	}
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_activity_type_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct activity_type *out)
{
	struct db_stmt *st = db_prepare(db, sql_type_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_type(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

/* 5313 is this lock's class (5312 the sign-ins'); the centre the key. */
/* PostgreSQL's advisory lock of the transaction on the pair (space, the
 * centre): 5313 the centre's activity types, 5314 its closures. */
static const char sql_centre_lock_pg[] = "SELECT pg_advisory_xact_lock(CAST($1 AS INTEGER), CAST($2 AS INTEGER))";

static int
centre_lock(struct db *db, int space, int64_t centre)
{
	if (db_kind(db) != DB_POSTGRES)
		return SC_OK;
	struct db_stmt *st = db_prepare(db, sql_centre_lock_pg);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, space);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_activity_types_lock(struct db *db, int64_t centre)
{
	return centre_lock(db, 5313, centre);
}

int
store_activity_type_add(struct db *db, int64_t centre, const struct activity_type *t, int64_t by, int64_t now,
			int64_t *id)
{
	struct activity_type row = *t;
	row.key = NULL;   /* a centre's type has no key */
	return table_insert(db, &types_table, centre, &row, by, now, id);
}

static const char sql_type_is_own[] = "SELECT 1 FROM activity_types WHERE id = $1 AND centre_id = $2";

int
store_activity_type_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
			   const struct activity_type *t, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_type_is_own);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	db_done(st);
	if (rc == DB_DONE)
		return SC_ENOTFOUND;
	if (rc != DB_ROW)
		return rc < 0 ? rc : SC_EDB;
	struct activity_type row = *t;
	row.key = NULL;
	return table_update(db, &types_table, centre, id, expected_version, &row, now);
}

/* ---- groups ---- */

static const char sql_teacher_add[] =
	"INSERT INTO group_teachers (group_id, user_id, centre_id) VALUES ($1, $2, $3)";
static const char sql_teachers_clear[] = "DELETE FROM group_teachers WHERE group_id = $1 AND centre_id = $2";
static const char sql_slot_add[] =
	"INSERT INTO group_slots (group_id, weekday, start_min, end_min, centre_id) VALUES ($1, $2, $3, $4, $5)";
static const char sql_slots_clear[] = "DELETE FROM group_slots WHERE group_id = $1 AND centre_id = $2";

static int
write_children(struct db *db, int64_t centre, int64_t id, const struct group *g, const struct slot *slots,
	       size_t nslots)
{
	const struct group_teacher *t = g->teachers.items;
	int rc = SC_OK;
	for (size_t i = 0; i < g->teachers.n && rc == SC_OK; i++) {
		struct db_stmt *st = db_prepare(db, sql_teacher_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, t[i].user_id);
		db_bind_int(st, 3, centre);
		rc = db_run(st, NULL);
	}
	for (size_t i = 0; i < nslots && rc == SC_OK; i++) {
		struct db_stmt *st = db_prepare(db, sql_slot_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, slots[i].weekday);
		db_bind_int(st, 3, slots[i].start);
		db_bind_int(st, 4, slots[i].end);
		db_bind_int(st, 5, centre);
		rc = db_run(st, NULL);
	}
	return rc;
}

int
store_group_add(struct db *db, int64_t centre, const struct group *g, const struct slot *slots, size_t nslots,
		int64_t by, int64_t now, int64_t *id)
{
	int rc = table_insert(db, &groups_table, centre, g, by, now, id);
	if (rc == SC_OK)
		rc = write_children(db, centre, *id, g, slots, nslots);
	return rc;
}

static const char sql_group_get[] =
	"SELECT g.id, g.activity_type_id, t.key AS activity_key, COALESCE(t.name, '') AS activity_name,"
	" t.health_only, g.name, g.room, g.capacity, g.starts_on, g.ends_on, g.language, g.level, g.version,"
	" (SELECT COUNT(*) FROM group_enrolments e WHERE e.group_id = g.id AND e.centre_id = g.centre_id"
	" AND e.status = 'enrolled' AND e.ends_on >= $3) AS enrolled,"
	" (SELECT COUNT(*) FROM group_enrolments e WHERE e.group_id = g.id AND e.centre_id = g.centre_id"
	" AND e.status = 'waiting') AS waiting"
	" FROM activity_groups g JOIN activity_types t ON t.id = g.activity_type_id"
	" WHERE g.id = $1 AND g.centre_id = $2";
static const char sql_group_teachers[] =
	"SELECT user_id FROM group_teachers WHERE group_id = $1 AND centre_id = $2 ORDER BY user_id";
static const char sql_group_slots[] =
	"SELECT weekday, start_min, end_min FROM group_slots WHERE group_id = $1 AND centre_id = $2"
	" ORDER BY weekday, start_min";

/* Reads a group row (GROUP_COLS and the counts) into g. */
static int
read_group(struct db_stmt *st, struct arena *a, struct group *g)
{
	fields_clear(group_fields, g);
	int rc = table_read(st, group_fields, g, a);
	g->version = table_col_int(st, "version");
	g->enrolled = table_col_int(st, "enrolled");
	g->waiting = table_col_int(st, "waiting");
	if (g->activity_key == NULL)
		g->activity_key = "";
	if (g->activity_key[0] != '\0') {
		bool tr;
		g->activity_name = activity_type_label(g->activity_key, NULL, &tr);
	}
	return rc;
}

int
store_group_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct date today, struct group *out)
{
	struct db_stmt *st = db_prepare(db, sql_group_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	table_bind_date_or_null(st, 3, today);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_group(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	if (rc != SC_OK)
		return rc;
	/* teachers */
	st = db_prepare(db, sql_group_teachers);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	struct group_teacher *t = NULL;
	size_t nt = 0, ct = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		t = table_grow(a, t, nt, &ct, sizeof *t);
		if (t == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		t[nt++].user_id = db_col_int(st, 0);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	out->teachers = (struct field_list){nt, t};
	/* slots, as the form shows them */
	st = db_prepare(db, sql_group_slots);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	struct group_slot *s = NULL;
	size_t ns = 0, cs = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		s = table_grow(a, s, ns, &cs, sizeof *s);
		if (s == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		s[ns].weekday = (int)db_col_int(st, 0) - 1;
		s[ns].start = time_text(a, db_col_int(st, 1));
		s[ns].end = time_text(a, db_col_int(st, 2));
		ns++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	out->slots = (struct field_list){ns, s};
	return SC_OK;
}

static const char sql_lock_pg[] =
	"SELECT starts_on, ends_on, capacity FROM activity_groups WHERE id = $1 AND centre_id = $2 FOR UPDATE";
static const char sql_lock_sq[] =
	"SELECT starts_on, ends_on, capacity FROM activity_groups WHERE id = $1 AND centre_id = $2";

int
store_group_lock(struct db *db, int64_t centre, int64_t id, struct date *starts_on, struct date *ends_on,
		 int64_t *capacity)
{
	struct db_stmt *st = db_prepare(db, db_kind(db) == DB_POSTGRES ? sql_lock_pg : sql_lock_sq);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*starts_on = col_date(st, "starts_on");
		*ends_on = col_date(st, "ends_on");
		*capacity = table_col_int(st, "capacity");
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int
store_group_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version, const struct group *g,
		   const struct slot *slots, size_t nslots, int64_t now)
{
	int rc = table_update(db, &groups_table, centre, id, expected_version, g, now);
	for (int i = 0; rc == SC_OK && i < 2; i++) {
		struct db_stmt *st = db_prepare(db, i == 0 ? sql_teachers_clear : sql_slots_clear);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, centre);
		rc = db_run(st, NULL);
	}
	if (rc == SC_OK)
		rc = write_children(db, centre, id, g, slots, nslots);
	return rc;
}

/* The groups are picked first, through activity_groups_start in its own
 * order (centre, start newest first, name, id; ends_on read from the index),
 * so that the LIMIT stops the scan and the counts below are made for the
 * picked groups only: a centre at a country's scale has tens of thousands
 * of groups open at once. */
/* The groups a filter picks: $1 centre, $2 ending on or after, $3 health
 * too, $4 taught by (0: any), $5 at most. */
#define GROUPS_PICK \
	"SELECT g2.id FROM activity_groups g2 JOIN activity_types t2 ON t2.id = g2.activity_type_id" \
	" WHERE g2.centre_id = $1 AND g2.ends_on >= $2 AND ($3 = 1 OR t2.health_only = 0)" \
	" AND ($4 = 0 OR EXISTS (SELECT 1 FROM group_teachers gt WHERE gt.group_id = g2.id AND gt.user_id = $4" \
	" AND gt.centre_id = $1))" \
	" ORDER BY g2.starts_on DESC, g2.name, g2.id LIMIT $5"

/* enrolled: as the group's page counts them, on $6 (sql_group_get) */
static const char sql_groups[] =
	"SELECT g.id, g.activity_type_id, t.key AS activity_key, COALESCE(t.name, '') AS activity_name,"
	" t.health_only, g.name, g.room, g.capacity, g.starts_on, g.ends_on, g.language, g.level, g.version,"
	" (SELECT COUNT(*) FROM group_enrolments e WHERE e.group_id = g.id AND e.centre_id = g.centre_id"
	" AND e.status = 'enrolled' AND e.ends_on >= $6) AS enrolled,"
	" (SELECT COUNT(*) FROM group_enrolments e WHERE e.group_id = g.id AND e.centre_id = g.centre_id"
	" AND e.status = 'waiting') AS waiting"
	" FROM (" GROUPS_PICK ") pick"
	" JOIN activity_groups g ON g.id = pick.id JOIN activity_types t ON t.id = g.activity_type_id"
	" ORDER BY g.starts_on DESC, g.name, g.id";

/* The teachers of the groups the filter picks, by group. */
static const char sql_groups_teachers[] =
	"SELECT gt.group_id, gt.user_id FROM group_teachers gt WHERE gt.centre_id = $1"
	" AND gt.group_id IN (" GROUPS_PICK ") ORDER BY gt.group_id, gt.user_id";

static void
groups_bind(struct db_stmt *st, int64_t centre, const struct groups_filter *f)
{
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, f->from != NULL && f->from[0] ? f->from : "0000-00-00");
	db_bind_int(st, 3, f->health_only_too ? 1 : 0);
	db_bind_int(st, 4, f->teacher_id);
	db_bind_int(st, 5, store_page_limit(f->limit, GROUPS_LIST_MAX, GROUPS_LIST_MAX));
}

/* A pair of the teachers' rows: a group's id and a teacher's. */
struct group_teacher_row {
	int64_t group_id, user_id;
};

/* Gives each of the n groups its teachers (sql_groups_teachers). */
static int
groups_teachers(struct db *db, struct arena *a, int64_t centre, const struct groups_filter *f, struct group *list,
		size_t n)
{
	struct db_stmt *st = db_prepare(db, sql_groups_teachers);
	if (st == NULL)
		return SC_EDB;
	groups_bind(st, centre, f);
	struct group_teacher_row *rows = NULL;
	size_t nrows = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		rows = table_grow(a, rows, nrows, &cap, sizeof *rows);
		if (rows == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		rows[nrows].group_id = db_col_int(st, 0);
		rows[nrows].user_id = db_col_int(st, 1);
		nrows++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		/* the first row of the group: rows are by group id */
		size_t lo = 0, hi = nrows;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (rows[mid].group_id < list[i].id)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t k = lo;
		while (k < nrows && rows[k].group_id == list[i].id)
			k++;
		struct group_teacher *t = arena_alloc(a, (k - lo + 1) * sizeof *t);
		if (t == NULL)
			return SC_ENOMEM;
		for (size_t j = lo; j < k; j++)
			t[j - lo].user_id = rows[j].user_id;
		list[i].teachers = (struct field_list){k - lo, t};
	}
	return SC_OK;
}

int
store_groups(struct db *db, struct arena *a, int64_t centre, const struct groups_filter *f, struct group **items,
	     size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_groups);
	if (st == NULL)
		return SC_EDB;
	groups_bind(st, centre, f);
	const char *on = f->today != NULL && f->today[0] ? f->today : f->from;
	db_bind_text(st, 6, on != NULL && on[0] ? on : "0000-00-00");
	struct group *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		rc = read_group(st, a, &list[count]);
		if (rc != SC_OK)
			break;
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (count > 0)
		rc = groups_teachers(db, a, centre, f, list, count);
	if (rc != SC_OK)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* The open groups, counted up to $4, type by type: the centre's own and
 * the shared types (a group's type is one of the two: app_group_check
 * finds it by sql_type_get), each type the reader may see one range of
 * activity_groups_type_end. Through activity_groups_start (start and name
 * order) with the type looked up per group, a centre's health-only groups
 * were walked and dropped before the count reached its cap (decision 93). */
static const char sql_groups_count[] = DB_GENERIC_PLAN
	"SELECT COUNT(*) FROM (SELECT 1 FROM activity_types t CROSS JOIN activity_groups g"
	" WHERE (t.centre_id = $1 OR t.centre_id IS NULL) AND ($3 = 1 OR t.health_only = 0)"
	" AND g.centre_id = $1 AND g.activity_type_id = t.id AND g.ends_on >= $2 LIMIT $4) capped";

int
store_groups_count(struct db *db, int64_t centre, const struct groups_filter *f, int64_t cap, int64_t *n)
{
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_groups_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, f->from != NULL && f->from[0] ? f->from : "0000-00-00");
	db_bind_int(st, 3, f->health_only_too ? 1 : 0);
	db_bind_int(st, 4, cap);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*n = db_col_int(st, 0);
		rc = SC_OK;
	}
	db_done(st);
	return rc == DB_DONE ? SC_OK : rc;
}

static const char sql_teaches[] =
	"SELECT 1 FROM group_teachers WHERE group_id = $1 AND user_id = $2 AND centre_id = $3";

int
store_group_teaches(struct db *db, int64_t centre, int64_t group_id, int64_t user_id, bool *teaches)
{
	*teaches = false;
	struct db_stmt *st = db_prepare(db, sql_teaches);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, centre);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	*teaches = rc == DB_ROW;
	return SC_OK;
}

/* The days of the group's first and last session holding a saved mark
 * (HOLDS_SAVED_MARK(): a paused participant's too, which `marks` leaves
 * out), which its dates must keep. */
static const char sql_marked_range[] =
	"SELECT MIN(on_date) AS first_day, MAX(on_date) AS last_day FROM activity_sessions"
	" WHERE group_id = $1 AND centre_id = $2 AND " HOLDS_SAVED_MARK("activity_sessions.id");

int
store_group_marked_range(struct db *db, int64_t centre, int64_t group_id, struct date *first, struct date *last)
{
	*first = *last = (struct date){0, 0, 0};
	struct db_stmt *st = db_prepare(db, sql_marked_range);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*first = col_date(st, "first_day");
		*last = col_date(st, "last_day");
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_OK;
	}
	db_done(st);
	return rc;
}

static const char sql_teacher_choices[] =
	"SELECT u.id, u.display_name, cm.roles FROM centre_members cm JOIN users u ON u.id = cm.user_id"
	" WHERE cm.centre_id = $1 AND u.active = 1 AND (cm.roles & $2) <> 0"
	" ORDER BY u.display_name, u.id LIMIT 500";

int
store_teacher_choices(struct db *db, struct arena *a, int64_t centre, struct teacher_choice **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_teacher_choices);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, ROLE_BIT(ROLE_TEACHER) | ROLE_BIT(ROLE_HEALTH));
	struct teacher_choice *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		list[count].id = db_col_int(st, 0);
		list[count].name = arena_strdup(a, db_col_text(st, 1));
		list[count].role = (db_col_int(st, 2) & ROLE_BIT(ROLE_HEALTH)) ? GROUP_TEACHER_HEALTH
									      : GROUP_TEACHER_TEACHER;
		if (list[count].name == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* ---- sessions ---- */

/* expected: who is enrolled in the group on the session's date, not
 * paused (pause_sql.h). */
static const char sql_session_add[] =
	"INSERT INTO activity_sessions (centre_id, group_id, on_date, start_min, end_min, extra, expected)"
	" VALUES ($2, $1, $3, $4, $5, $6, " EXPECTED_ON("$1", "$2", "$3") ") RETURNING id";

int
store_sessions_add(struct db *db, int64_t centre, int64_t group_id, const struct session_time *s, size_t n,
		   bool extra, int64_t *ids)
{
	int rc = SC_OK;
	for (size_t i = 0; i < n && rc == SC_OK; i++) {
		struct db_stmt *st = db_prepare(db, sql_session_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, group_id);
		db_bind_int(st, 2, centre);
		table_bind_date_or_null(st, 3, s[i].date);
		db_bind_int(st, 4, s[i].start);
		db_bind_int(st, 5, s[i].end);
		db_bind_int(st, 6, extra ? 1 : 0);
		rc = db_step(st);
		if (rc == DB_ROW) {
			if (ids != NULL)
				ids[i] = db_col_int(st, 0);
			rc = SC_OK;
		} else if (rc == DB_DONE) {
			rc = SC_EDB;
		}
		db_done(st);
	}
	return rc;
}

/* A session no one marked and nothing points at. */
#define UNTOUCHED \
	" AND marks = 0 AND NOT " HOLDS_SAVED_MARK("activity_sessions.id") \
	" AND NOT EXISTS (SELECT 1 FROM attendance_corrections c WHERE c.session_id = activity_sessions.id)"
static const char sql_clear_generated[] =
	"DELETE FROM activity_sessions WHERE group_id = $1 AND centre_id = $2 AND on_date >= $3"
	" AND extra = 0 AND moved_from IS NULL" UNTOUCHED;
static const char sql_clear_outside[] =
	"DELETE FROM activity_sessions WHERE group_id = $1 AND centre_id = $2"
	" AND (on_date < $3 OR on_date > $4)" UNTOUCHED;

int
store_sessions_clear_generated(struct db *db, int64_t centre, int64_t group_id, struct date from, int64_t *deleted)
{
	struct db_stmt *st = db_prepare(db, sql_clear_generated);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, centre);
	table_bind_date_or_null(st, 3, from);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (deleted != NULL)
		*deleted = changed;
	return rc;
}

int
store_sessions_clear_outside(struct db *db, int64_t centre, int64_t group_id, struct date before, struct date after)
{
	struct db_stmt *st = db_prepare(db, sql_clear_outside);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, centre);
	if (before.y != 0)
		table_bind_date_or_null(st, 3, before);
	else
		db_bind_text(st, 3, "0000-00-00");
	table_bind_date_or_null(st, 4, after);
	return db_run(st, NULL);
}

#define SESSION_COLS \
	"s.id, s.group_id, g.name AS group_name, s.on_date, s.start_min, s.end_min, s.status, s.cancel_reason," \
	" s.extra, s.moved_from, s.expected, s.marks, s.closure_id, s.version," \
	" (SELECT ht.health_only FROM activity_types ht WHERE ht.id = g.activity_type_id) AS health_only"

static int
read_session(struct db_stmt *st, struct arena *a, struct group_session *s)
{
	fields_clear(group_session_fields, s);
	int rc = table_read(st, group_session_fields, s, a);
	s->start_min = (int)table_col_int(st, "start_min");
	s->end_min = (int)table_col_int(st, "end_min");
	s->closure_id = table_col_int(st, "closure_id");
	s->health_only = table_col_int(st, "health_only") == 1;
	s->start = time_text(a, s->start_min);
	s->end = time_text(a, s->end_min);
	if (rc == SC_OK && (s->start == NULL || s->end == NULL))
		rc = SC_ENOMEM;
	return rc;
}

static const char sql_session_get[] =
	"SELECT " SESSION_COLS " FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id"
	" WHERE s.id = $1 AND s.centre_id = $2";

int
store_session_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct group_session *out)
{
	struct db_stmt *st = db_prepare(db, sql_session_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_session(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

static const char sql_session_kept[] =
	"SELECT 1 FROM activity_sessions WHERE id = $1 AND centre_id = $2 AND " HOLDS_SAVED_MARK("activity_sessions.id");

int
store_session_has_register(struct db *db, int64_t centre, int64_t id, bool *kept)
{
	*kept = false;
	struct db_stmt *st = db_prepare(db, sql_session_kept);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	*kept = rc == DB_ROW;
	return SC_OK;
}

/* Reads every row of st into a list of sessions. */
static int
read_sessions(struct db_stmt *st, struct arena *a, size_t max, struct group_session **items, size_t *n)
{
	struct group_session *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < max) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		rc = read_session(st, a, &list[count]);
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

static const char sql_group_sessions[] =
	"SELECT " SESSION_COLS " FROM activity_sessions s JOIN activity_groups g ON g.id = s.group_id"
	" WHERE s.group_id = $1 AND s.centre_id = $2 AND s.on_date >= $3 AND s.on_date <= $4"
	" ORDER BY s.on_date, s.start_min, s.id LIMIT $5";

int
store_group_sessions(struct db *db, struct arena *a, int64_t centre, int64_t group_id, struct date from,
		     struct date to, int64_t limit, struct group_session **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	limit = store_page_limit(limit, 2000, 2000);
	struct db_stmt *st = db_prepare(db, sql_group_sessions);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, centre);
	if (from.y != 0)
		table_bind_date_or_null(st, 3, from);
	else
		db_bind_text(st, 3, "0000-00-00");
	if (to.y != 0)
		table_bind_date_or_null(st, 4, to);
	else
		db_bind_text(st, 4, "9999-12-31");
	db_bind_int(st, 5, limit);
	return read_sessions(st, a, (size_t)limit, items, n);
}

static const char sql_session_move[] =
	"UPDATE activity_sessions SET moved_from = COALESCE(moved_from, on_date), on_date = $3, start_min = $4,"
	" end_min = $5, expected = " EXPECTED_ON("activity_sessions.group_id", "$2", "$3") ","
	" marks = " MARKS_OF("$1", "$3") ", version = version + 1 WHERE id = $1 AND centre_id = $2 AND version = $6";

int
store_session_move(struct db *db, int64_t centre, int64_t id, int64_t version, const struct session_time *to)
{
	struct db_stmt *st = db_prepare(db, sql_session_move);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	table_bind_date_or_null(st, 3, to->date);
	db_bind_int(st, 4, to->start);
	db_bind_int(st, 5, to->end);
	db_bind_int(st, 6, version);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	return rc == SC_OK && changed == 0 ? SC_ECONFLICT : rc;
}

static const char sql_session_cancel[] =
	"UPDATE activity_sessions SET status = 'cancelled', cancel_reason = $3, version = version + 1"
	" WHERE id = $1 AND centre_id = $2 AND status = 'planned' AND version = $4";

int
store_session_cancel(struct db *db, int64_t centre, int64_t id, int64_t version, const char *reason)
{
	struct db_stmt *st = db_prepare(db, sql_session_cancel);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	db_bind_text(st, 3, reason);
	db_bind_int(st, 4, version);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	return rc == SC_OK && changed == 0 ? SC_ECONFLICT : rc;
}

static const char sql_session_register_saved[] =
	"UPDATE activity_sessions SET version = version + 1 WHERE id = $1 AND centre_id = $2 AND version = $3";

int
store_session_register_saved(struct db *db, int64_t centre, int64_t id, int64_t version)
{
	struct db_stmt *st = db_prepare(db, sql_session_register_saved);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, version);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	return rc == SC_OK && changed == 0 ? SC_ECONFLICT : rc;
}

/* CROSS JOIN: the participant's enrolments first (see
 * store_attendance.c's sql_participant_marks). */
static const char sql_participant_sessions[] =
	"SELECT " SESSION_COLS " FROM group_enrolments e CROSS JOIN activity_sessions s"
	" JOIN activity_groups g ON g.id = s.group_id"
	" WHERE s.group_id = e.group_id AND s.centre_id = e.centre_id"
	" AND s.on_date >= e.starts_on AND s.on_date <= e.ends_on AND e.participant_id = $1 AND e.centre_id = $2 AND e.status = 'enrolled' AND e.group_id <> $3"
	" AND s.status = 'planned' AND s.on_date >= $4 AND s.on_date <= $5"
	" ORDER BY s.on_date, s.start_min, s.id";

int
store_participant_group_sessions(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			   int64_t except_group, struct date from, struct date to, struct group_session **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_participant_sessions);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, except_group);
	table_bind_date_or_null(st, 4, from);
	table_bind_date_or_null(st, 5, to);
	return read_sessions(st, a, SIZE_MAX, items, n);
}

static const char sql_enrolled_on[] =
	"SELECT participant_id FROM group_enrolments WHERE group_id = $1 AND centre_id = $2"
	" AND status = 'enrolled' AND starts_on <= $3 AND ends_on >= $3 ORDER BY participant_id";

int
store_group_enrolled_on(struct db *db, struct arena *a, int64_t centre, int64_t group_id, struct date on,
			int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_enrolled_on);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, centre);
	table_bind_date_or_null(st, 3, on);
	int64_t *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		list[count++] = db_col_int(st, 0);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*ids = list;
	*n = count;
	return SC_OK;
}

/* ---- closures ---- */

/* A closure's cancelled sessions by activity_sessions_closure (migration
 * 71; "+": not the centre's every session, 1.96M at a million, 10 s for
 * the page; decision 133). */
static const char sql_closures[] =
	"SELECT c.id, c.name, c.from_on, c.to_on,"
	" (SELECT COUNT(*) FROM activity_sessions s WHERE s.closure_id = c.id AND +s.centre_id = c.centre_id)"
	" AS cancelled FROM closures c WHERE c.centre_id = $1 AND c.to_on >= $2 ORDER BY c.from_on, c.id";

int
store_closures(struct db *db, struct arena *a, int64_t centre, struct date from, struct closure_period **items,
	       size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_closures);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	if (from.y != 0)
		table_bind_date_or_null(st, 2, from);
	else
		db_bind_text(st, 2, "0000-00-00");
	struct closure_period *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		fields_clear(closure_fields, &list[count]);
		rc = table_read(st, closure_fields, &list[count], a);
		list[count].cancelled = table_col_int(st, "cancelled");
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

static const char sql_closure_ranges[] =
	"SELECT from_on, to_on FROM closures WHERE centre_id = $1 AND to_on >= $2 AND from_on <= $3"
	" ORDER BY from_on";

int
store_closure_ranges(struct db *db, struct arena *a, int64_t centre, struct date from, struct date to,
		     struct closure **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_closure_ranges);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	table_bind_date_or_null(st, 2, from);
	table_bind_date_or_null(st, 3, to);
	struct closure *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		list[count].from = col_date(st, "from_on");
		list[count].to = col_date(st, "to_on");
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = list;
	*n = count;
	return SC_OK;
}

static const char sql_closure_add[] =
	"INSERT INTO closures (centre_id, name, from_on, to_on, created_at, created_by)"
	" VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
/* A closure cancels the planned sessions of its days that hold no saved
 * mark: not by `marks`, which leaves out a paused participant's mark
 * (MARKS_OF(), pause_sql.h), but by any row of the register, so a mark
 * kept of a day a pause later covered keeps its session (by the primary
 * key, attendance (session_id, participant_id)). */
static const char sql_closure_cancel[] =
	"UPDATE activity_sessions SET status = 'cancelled', closure_id = $2, cancel_reason = $3,"
	" version = version + 1 WHERE centre_id = $1 AND on_date >= $4 AND on_date <= $5 AND status = 'planned'"
	" AND marks = 0 AND NOT " HOLDS_SAVED_MARK("activity_sessions.id");
/* The centre's other closure covering a session's day, the earliest
 * first: a session two closures cover stays cancelled when one goes. */
#define OTHER_CLOSURE(col) \
	"(SELECT c." col " FROM closures c WHERE c.centre_id = $1 AND c.id <> $2" \
	" AND c.from_on <= activity_sessions.on_date AND c.to_on >= activity_sessions.on_date" \
	" ORDER BY c.from_on, c.id LIMIT 1)"
static const char sql_closure_pass_on[] =
	"UPDATE activity_sessions SET closure_id = " OTHER_CLOSURE("id") ", cancel_reason = " OTHER_CLOSURE("name")
	", version = version + 1 WHERE centre_id = $1 AND closure_id = $2 AND " OTHER_CLOSURE("id") " IS NOT NULL";
static const char sql_closure_restore[] =
	"UPDATE activity_sessions SET status = 'planned', closure_id = NULL, cancel_reason = NULL,"
	" version = version + 1 WHERE centre_id = $1 AND closure_id = $2";
static const char sql_closure_delete[] = "DELETE FROM closures WHERE centre_id = $1 AND id = $2";

int
store_closure_add(struct db *db, int64_t centre, const struct closure_period *c, int64_t by, int64_t now,
		  int64_t *id, int64_t *cancelled)
{
	int rc = centre_lock(db, 5314, centre);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_closure_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, c->name);
	table_bind_date_or_null(st, 3, c->from_on);
	table_bind_date_or_null(st, 4, c->to_on);
	db_bind_int(st, 5, now);
	if (by > 0)
		db_bind_int(st, 6, by);
	else
		db_bind_null(st, 6);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	if (rc != SC_OK)
		return rc;
	st = db_prepare(db, sql_closure_cancel);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, *id);
	db_bind_text(st, 3, c->name);
	table_bind_date_or_null(st, 4, c->from_on);
	table_bind_date_or_null(st, 5, c->to_on);
	return db_run(st, cancelled);
}

int
store_closure_delete(struct db *db, int64_t centre, int64_t id, int64_t *restored)
{
	int rc = centre_lock(db, 5314, centre);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_closure_pass_on);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	int64_t kept = 0;
	rc = db_run(st, &kept);
	if (rc != SC_OK)
		return rc;
	st = db_prepare(db, sql_closure_restore);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	rc = db_run(st, restored);
	if (rc != SC_OK)
		return rc;
	st = db_prepare(db, sql_closure_delete);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	int64_t changed = 0;
	rc = db_run(st, &changed);
	return rc == SC_OK && changed == 0 ? SC_ENOTFOUND : rc;
}

/* ---- enrolment ---- */

#define ENROLMENT_COLS \
	"e.id, e.group_id, g.name AS group_name, e.participant_id, p.given_name, p.family_name, e.status," \
	" e.starts_on, e.ends_on, e.goal_id, e.created_at, COALESCE(e.end_reason, '') AS end_reason," \
	" t.key AS activity_key, t.health_only, COALESCE(p.contact_id, 0) AS participant_contact_id"
#define ENROLMENT_FROM \
	" FROM group_enrolments e JOIN activity_groups g ON g.id = e.group_id" \
	" JOIN activity_types t ON t.id = g.activity_type_id JOIN participants p ON p.id = e.participant_id"

static int
read_enrolment(struct db_stmt *st, struct arena *a, struct group_enrolment *en)
{
	fields_clear(group_enrolment_fields, en);
	int rc = table_read(st, group_enrolment_fields, en, a);
	en->health_only = (int)table_col_int(st, "health_only");
	en->activity_key = arena_strdup(a, table_col_text(st, "activity_key"));
	en->contact_id = table_col_int(st, "participant_contact_id");
	if (rc == SC_OK && en->activity_key == NULL)
		rc = SC_ENOMEM;
	return rc;
}

static int
read_enrolments(struct db_stmt *st, struct arena *a, struct group_enrolment **items, size_t *n)
{
	struct group_enrolment *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		rc = read_enrolment(st, a, &list[count]);
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

static const char sql_group_enrolments[] =
	"SELECT " ENROLMENT_COLS ENROLMENT_FROM
	" WHERE e.group_id = $1 AND e.centre_id = $2 AND e.status IN ('enrolled', 'waiting')"
	" ORDER BY CASE e.status WHEN 'enrolled' THEN 0 ELSE 1 END,"
	" CASE e.status WHEN 'enrolled' THEN p.family_name ELSE '' END,"
	" CASE e.status WHEN 'enrolled' THEN p.given_name ELSE '' END, e.created_at, e.id";
static const char sql_participant_enrolments[] =
	"SELECT " ENROLMENT_COLS ENROLMENT_FROM
	" WHERE e.participant_id = $1 AND e.centre_id = $2 AND e.status IN ('enrolled', 'waiting')"
	" ORDER BY e.ends_on DESC, e.starts_on DESC, e.id DESC";
static const char sql_enrolment_get[] =
	"SELECT " ENROLMENT_COLS ENROLMENT_FROM " WHERE e.id = $1 AND e.centre_id = $2";

int
store_group_enrolments(struct db *db, struct arena *a, int64_t centre, int64_t group_id,
		       struct group_enrolment **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_group_enrolments);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, centre);
	return read_enrolments(st, a, items, n);
}

int
store_participant_group_enrolments(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
				   struct group_enrolment **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_participant_enrolments);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	return read_enrolments(st, a, items, n);
}

int
store_group_enrolment_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct group_enrolment *out)
{
	struct db_stmt *st = db_prepare(db, sql_enrolment_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_enrolment(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

static const char sql_enrolment_periods[] =
	"SELECT starts_on, ends_on FROM group_enrolments WHERE group_id = $1 AND centre_id = $2"
	" AND status = 'enrolled' AND ends_on >= $3 AND starts_on <= $4 AND id <> $5";

int
store_group_enrolment_periods(struct db *db, struct arena *a, int64_t centre, int64_t group_id, struct date from,
			      struct date to, int64_t except_id, struct date **starts, struct date **ends, size_t *n)
{
	*starts = *ends = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_enrolment_periods);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, centre);
	table_bind_date_or_null(st, 3, from);
	table_bind_date_or_null(st, 4, to);
	db_bind_int(st, 5, except_id);
	struct date *s = NULL, *e = NULL;
	size_t count = 0, cap = 0, cap2 = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		s = table_grow(a, s, count, &cap, sizeof *s);
		e = table_grow(a, e, count, &cap2, sizeof *e);
		if (s == NULL || e == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		s[count] = col_date(st, "starts_on");
		e[count] = col_date(st, "ends_on");
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*starts = s;
	*ends = e;
	*n = count;
	return SC_OK;
}

static const char sql_enrolment_overlap[] =
	"SELECT 1 FROM group_enrolments WHERE group_id = $1 AND centre_id = $2 AND participant_id = $3"
	" AND (status = 'waiting' OR (status = 'enrolled' AND ends_on >= $4 AND starts_on <= $5))";

int
store_group_enrolment_overlap(struct db *db, int64_t centre, int64_t group_id, int64_t participant_id,
			      struct date from, struct date to, bool *found)
{
	*found = false;
	struct db_stmt *st = db_prepare(db, sql_enrolment_overlap);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, participant_id);
	table_bind_date_or_null(st, 4, from);
	table_bind_date_or_null(st, 5, to);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	*found = rc == DB_ROW;
	return SC_OK;
}

static const char sql_enrolment_add[] =
	"INSERT INTO group_enrolments (centre_id, group_id, participant_id, status, starts_on, ends_on, goal_id,"
	" created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
/* The sessions of a group from..to counted again (pause_sql.h): who
 * they expect and their marks of those. */
static const char sql_sessions_recount[] =
	"UPDATE activity_sessions SET " SESSION_COUNTS
	" WHERE group_id = $1 AND centre_id = $2 AND on_date >= $3 AND on_date <= $4";

static int
recount_sessions(struct db *db, int64_t centre, int64_t group_id, struct date from, struct date to)
{
	if (from.y == 0 || to.y == 0 || date_cmp(from, to) > 0)
		return SC_OK;
	struct db_stmt *st = db_prepare(db, sql_sessions_recount);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, centre);
	table_bind_date_or_null(st, 3, from);
	table_bind_date_or_null(st, 4, to);
	return db_run(st, NULL);
}

/* The sessions of the groups the participant was ever enrolled in, from..to. */
static const char sql_participant_recount[] =
	"UPDATE activity_sessions SET " SESSION_COUNTS
	" WHERE centre_id = $1 AND on_date >= $3 AND on_date <= $4 AND group_id IN"
	" (SELECT g.group_id FROM group_enrolments g WHERE g.participant_id = $2 AND g.centre_id = $1"
	" AND g.starts_on <= $4 AND g.ends_on >= $3)";

int
store_sessions_recount_participant(struct db *db, int64_t centre, int64_t participant_id, struct date from,
				   struct date to)
{
	struct db_stmt *st = db_prepare(db, sql_participant_recount);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	table_bind_date_or_null(st, 3, from);
	table_bind_date_or_null(st, 4, to);
	int rc = db_run(st, NULL);
	/* and the Attendance report's kept months of theirs, which leave out
	 * the marks of their paused days */
	if (rc == SC_OK)
		rc = store_report_attendance_recount(db, centre, participant_id, from, to);
	return rc;
}

int
store_group_enrolment_add(struct db *db, int64_t centre, const struct group_enrolment *en, int64_t by, int64_t now,
			  int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_enrolment_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, en->group_id);
	db_bind_int(st, 3, en->participant_id);
	db_bind_text(st, 4, group_enrolment_status_options[en->status].key);
	table_bind_date_or_null(st, 5, en->starts_on);
	table_bind_date_or_null(st, 6, en->ends_on);
	if (en->goal_id > 0)
		db_bind_int(st, 7, en->goal_id);
	else
		db_bind_null(st, 7);
	db_bind_int(st, 8, now);
	if (by > 0)
		db_bind_int(st, 9, by);
	else
		db_bind_null(st, 9);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	if (rc == SC_OK && en->status == ENROL_ENROLLED)
		rc = recount_sessions(db, centre, en->group_id, en->starts_on, en->ends_on);
	return rc;
}

static const char sql_enrolment_change[] =
	"UPDATE group_enrolments SET status = $3, starts_on = $4, ends_on = $5, changed_at = $6, changed_by = $7"
	" WHERE id = $1 AND centre_id = $2";

int
store_group_enrolment_change(struct db *db, int64_t centre, int64_t id, int status, struct date starts_on,
			     struct date ends_on, int64_t by, int64_t now)
{
	struct arena *a = arena_new();
	if (a == NULL)
		return SC_ENOMEM;
	struct group_enrolment before;
	int rc = store_group_enrolment_get(db, a, centre, id, &before);
	arena_free(a);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_enrolment_change);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	db_bind_text(st, 3, group_enrolment_status_options[status].key);
	table_bind_date_or_null(st, 4, starts_on);
	table_bind_date_or_null(st, 5, ends_on);
	db_bind_int(st, 6, now);
	if (by > 0)
		db_bind_int(st, 7, by);
	else
		db_bind_null(st, 7);
	rc = db_run(st, NULL);
	/* the sessions' counts: out of the old period, into the new */
	if (rc == SC_OK && before.status == ENROL_ENROLLED)
		rc = recount_sessions(db, centre, before.group_id, before.starts_on, before.ends_on);
	if (rc == SC_OK && status == ENROL_ENROLLED)
		rc = recount_sessions(db, centre, before.group_id, starts_on, ends_on);
	return rc;
}

static const char sql_enrolment_end_reason[] =
	"UPDATE group_enrolments SET end_reason = $3 WHERE id = $1 AND centre_id = $2";

int
store_group_enrolment_end(struct db *db, int64_t centre, int64_t id, struct date ends_on, const char *reason,
			  int64_t by, int64_t now)
{
	struct arena *a = arena_new();
	if (a == NULL)
		return SC_ENOMEM;
	struct group_enrolment en;
	int rc = store_group_enrolment_get(db, a, centre, id, &en);
	if (rc == SC_OK && en.status != ENROL_ENROLLED)
		rc = SC_ENOTFOUND;
	struct date starts_on = en.starts_on;
	arena_free(a);
	if (rc == SC_OK)
		rc = store_group_enrolment_change(db, centre, id, ENROL_ENROLLED, starts_on, ends_on, by, now);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_enrolment_end_reason);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	db_bind_text(st, 3, reason);
	return db_run(st, NULL);
}

int
store_group_enrolment_withdraw(struct db *db, int64_t centre, int64_t id, const char *reason, int64_t by, int64_t now)
{
	struct arena *a = arena_new();
	if (a == NULL)
		return SC_ENOMEM;
	struct group_enrolment en;
	int rc = store_group_enrolment_get(db, a, centre, id, &en);
	if (rc == SC_OK && en.status != ENROL_ENROLLED)
		rc = SC_ENOTFOUND;
	struct date starts_on = en.starts_on, ends_on = en.ends_on;
	arena_free(a);
	if (rc == SC_OK)
		rc = store_group_enrolment_change(db, centre, id, ENROL_REMOVED, starts_on, ends_on, by, now);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_enrolment_end_reason);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	db_bind_text(st, 3, reason);
	return db_run(st, NULL);
}

static const char sql_last_mark[] =
	"SELECT MAX(s.on_date) AS last_day FROM attendance a JOIN activity_sessions s ON s.id = a.session_id"
	" WHERE s.group_id = $1 AND s.centre_id = $2 AND a.participant_id = $3 AND a.centre_id = $2";

int
store_group_last_mark(struct db *db, int64_t centre, int64_t group_id, int64_t participant_id, struct date *last)
{
	*last = (struct date){0, 0, 0};
	struct db_stmt *st = db_prepare(db, sql_last_mark);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, participant_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*last = col_date(st, "last_day");
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_OK;
	}
	db_done(st);
	return rc;
}

static const char sql_goal_of[] =
	"SELECT 1 FROM goals WHERE id = $1 AND participant_id = $2 AND centre_id = $3";

int
store_goal_of_participant(struct db *db, int64_t centre, int64_t participant_id, int64_t goal_id, bool *found)
{
	*found = false;
	struct db_stmt *st = db_prepare(db, sql_goal_of);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, goal_id);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, centre);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	*found = rc == DB_ROW;
	return SC_OK;
}
