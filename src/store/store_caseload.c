/*
 * store_caseload.c — contact persons' caseloads: the facts and writes of an
 * assignment under the cap, caps, the leader's overview, one caseload with
 * its filters, the assignment history and saved filters; see
 * store_caseload.h.
 *
 * Every statement names the centre: participants and assignments by their
 * centre_id, a user by their roles in the centre (STAFF_ROLES) or by being
 * of it (OF_CENTRE). Rows are read by column name into the records of
 * domain/caseload.h (table_read).
 *
 * The figures are computed per contact person by correlated subqueries that
 * each walk one index (participants_contact, goal_steps_participant,
 * plan_evaluations_participant, tasks_assignee, meetings_participant,
 * enrolments_participant, assignments_participant), so a page costs a few
 * index probes per participant shown, whatever the size of the register.
 */
#include "db.h"
#include "overdue_sql.h"
#include "staff.h"
#include "store.h"
#include "table.h"
#include "domain/access.h"
#include "domain/caseload.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <limits.h>
#include <string.h>

/* The contact role's bit, spelled out for SQL. */
#define CONTACT_BIT "4"
_Static_assert(ROLE_BIT(ROLE_CONTACT) == 4, "CONTACT_BIT must match ROLE_BIT(ROLE_CONTACT)");

/* The statuses that count against a cap. */
#define COUNTS "('active','paused')"
/* Every status of a caseload: exited and closed participants have left it. */
#define IN_CASELOAD OVERDUE_CASELOAD

/* User alias U (e.g. "u") is an active user with the contact role in
 * centre C. */
#define ASSIGNABLE(U, C) "(" U ".active = 1 AND (" STAFF_ROLES(U, C) " & " CONTACT_BIT ") <> 0)"

/* User id U is of centre C: a member, or holding a participant of it. */
#define OF_CENTRE(U, C) \
	"(EXISTS (SELECT 1 FROM centre_members cm WHERE cm.user_id = " U " AND cm.centre_id = " C ")" \
	" OR EXISTS (SELECT 1 FROM participants op WHERE op.contact_id = " U " AND op.centre_id = " C "))"

/* No contact: the last meeting, or when there was none the start of the
 * latest enrolment, is before the cut-off (never either: no contact). */
#define NO_CONTACT(P, SINCE) \
	"COALESCE((SELECT MAX(m.held_on) FROM meetings m WHERE m.participant_id = " P ".id)," \
	" (SELECT MAX(en.start_date) FROM enrolments en WHERE en.participant_id = " P ".id)," \
	" '') < " SINCE

static int
clamp_int(int64_t v)
{
	return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
}

/* One number from a statement whose parameters are all integers. */
static int
count_of(struct db *db, const char *sql, const int64_t *binds, int nbinds, int64_t *out)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	for (int i = 0; i < nbinds; i++)
		db_bind_int(st, i + 1, binds[i]);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	return rc;
}

/* ---- the facts of a change ---- */

/* What a contact person's locked row reads into. */
struct contact_row {
	const char *name;
	int active;
	int64_t roles;
	int64_t cap;
};

static const struct field contact_row_fields[] = {
	{.key = "name", .type = FT_LINE, .offset = offsetof(struct contact_row, name), .part = -1},
	{.key = "active", .type = FT_BOOL, .offset = offsetof(struct contact_row, active), .part = -1},
	{.key = "roles", .type = FT_INT, .offset = offsetof(struct contact_row, roles), .part = -1},
	{.key = "cap", .type = FT_INT, .offset = offsetof(struct contact_row, cap), .part = -1},
};

#define LOCK_CONTACT \
	"SELECT u.display_name AS name, u.active AS active, " STAFF_ROLES("u", "$2") " AS roles," \
	" u.caseload_cap AS cap FROM users u WHERE u.id = $1 AND " OF_CENTRE("u.id", "$2")
static const char sql_lock_contact_pg[] = LOCK_CONTACT " FOR UPDATE OF u";
static const char sql_lock_contact_sq[] = LOCK_CONTACT;

int
store_caseload_lock_contact(struct db *db, struct arena *a, int64_t centre, int64_t user_id,
			    struct contact_lock *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_prepare(db, db_kind(db) == DB_POSTGRES ? sql_lock_contact_pg : sql_lock_contact_sq);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		struct fields fs = FIELDS(contact_row_fields);
		struct contact_row row;
		fields_clear(fs, &row);
		rc = table_read(st, fs, &row, a);
		out->name = row.name;
		out->has_role = row.roles != FIELD_NONE && ((uint64_t)row.roles & ROLE_BIT(ROLE_CONTACT)) != 0;
		out->assignable = out->has_role && row.active == 1;
		out->cap = row.cap == FIELD_NONE ? CASELOAD_DEFAULT_CAP : clamp_int(row.cap);
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

/* What a participant's locked row reads into. */
struct participant_row {
	int64_t contact_id;
	int counts;
};

static const struct field participant_row_fields[] = {
	{.key = "contact_id", .type = FT_ID, .offset = offsetof(struct participant_row, contact_id), .part = -1},
	{.key = "counts", .type = FT_BOOL, .offset = offsetof(struct participant_row, counts), .part = -1},
};

#define LOCK_PARTICIPANT \
	"SELECT contact_id, CASE WHEN status IN " COUNTS " THEN 1 ELSE 0 END AS counts" \
	" FROM participants WHERE id = $1 AND centre_id = $2"
static const char sql_lock_participant_pg[] = LOCK_PARTICIPANT " FOR UPDATE";
static const char sql_lock_participant_sq[] = LOCK_PARTICIPANT;

int
store_caseload_lock_participant(struct db *db, int64_t centre, int64_t participant_id, int64_t *contact_id,
				bool *counts)
{
	*contact_id = 0;
	*counts = false;
	struct db_stmt *st = db_prepare(db, db_kind(db) == DB_POSTGRES ? sql_lock_participant_pg
								 : sql_lock_participant_sq);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		struct fields fs = FIELDS(participant_row_fields);
		struct participant_row row;
		fields_clear(fs, &row);
		rc = table_read(st, fs, &row, NULL);   /* numbers only: no arena */
		*contact_id = row.contact_id;
		*counts = row.counts == 1;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

static const char sql_count_active[] =
	"SELECT COUNT(*) FROM participants WHERE centre_id = $1 AND contact_id = $2 AND status IN " COUNTS
	" AND id <> $3";

int
store_caseload_count_active(struct db *db, int64_t centre, int64_t contact_id, int64_t exclude_id,
			    int64_t *out)
{
	const int64_t binds[] = {centre, contact_id, exclude_id};
	return count_of(db, sql_count_active, binds, 3, out);
}

static const char sql_close_assignment[] =
	"UPDATE assignments SET to_at = $2 WHERE participant_id = $1 AND centre_id = $3 AND to_at IS NULL";
/* Not table_insert(): a reason not given is '' here (NOT NULL), not NULL. */
static const char sql_open_assignment[] =
	"INSERT INTO assignments (participant_id, contact_id, from_at, assigned_by, reason, centre_id)"
	" VALUES ($1, $2, $3, $4, $5, $6)";
static const char sql_set_contact[] =
	"UPDATE participants SET contact_id = $2, updated_at = $3 WHERE id = $1 AND centre_id = $4";

int
store_caseload_move(struct db *db, int64_t centre, int64_t participant_id, int64_t contact_id, int64_t by,
		    const char *reason, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_set_contact);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, contact_id);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, centre);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	if (rc != SC_OK)
		return rc;
	st = db_prepare(db, sql_close_assignment);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, centre);
	rc = db_run(st, NULL);
	if (rc != SC_OK)
		return rc;
	struct assignment row;
	fields_clear(assignment_fields, &row);
	row.participant_id = participant_id;
	row.contact_id = contact_id;
	row.from_at = now;
	row.assigned_by = by > 0 ? by : 0;
	st = db_prepare(db, sql_open_assignment);
	if (st == NULL)
		return SC_EDB;
	static const char *const cols[] = {"participant_id", "contact_id", "from_at", "assigned_by"};
	for (int i = 0; i < 4; i++)
		table_bind_field(st, i + 1, fields_find(assignment_fields, cols[i]), &row);
	db_bind_text(st, 5, reason != NULL ? reason : "");
	db_bind_int(st, 6, centre);
	return db_run(st, NULL);
}

static const char sql_set_cap[] =
	"UPDATE users SET caseload_cap = $2, updated_at = $3 WHERE id = $1 AND " OF_CENTRE("users.id", "$4");

int
store_caseload_set_cap(struct db *db, int64_t centre, int64_t user_id, int cap, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_set_cap);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, cap);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, centre);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

/* ---- the overview ---- */

/*
 * The figures of the users chosen by the CTE "pg" ($1 today, $2 the
 * contact cut-off, C the centre). Each person's participants are read
 * once, in one range of participants_contact, and every figure is summed
 * over that range; the users are chosen first, so only the rows shown cost
 * anything, however many contact persons there are. A person's overdue
 * tasks are read through tasks_assignee: "+t.centre_id" keeps SQLite off
 * the centre's index of every overdue task (17 s for a page of 50 at a
 * million; decision 71).
 */
#define PERSON_FIGURES(C) \
	", agg AS (SELECT p.contact_id AS cid," \
	"   SUM(CASE WHEN p.status IN " COUNTS " THEN 1 ELSE 0 END) AS active," \
	"   SUM(" OVERDUE_OF_PARTICIPANT("p", "$1") ") AS overdue," \
	"   SUM(CASE WHEN p.status IN " COUNTS " AND " NO_CONTACT("p", "$2") " THEN 1 ELSE 0 END)" \
	"     AS no_contact" \
	"   FROM participants p WHERE p.contact_id IN (SELECT id FROM pg) AND p.centre_id = " C \
	"   AND p.status IN " IN_CASELOAD " GROUP BY p.contact_id)" \
	" SELECT u.id AS id, u.display_name AS name, u.caseload_cap AS cap," \
	" CASE WHEN " ASSIGNABLE("u", C) " THEN 1 ELSE 0 END AS assignable," \
	" COALESCE(agg.active, 0) AS active," \
	" COALESCE(agg.overdue, 0) + " OVERDUE_FOLLOWUPS("u.id", "$1", "+t.centre_id = " C) " AS overdue," \
	" COALESCE(agg.no_contact, 0) AS without_contact" \
	" FROM pg JOIN users u ON u.id = pg.id LEFT JOIN agg ON agg.cid = u.id" \
	" ORDER BY u.display_name, u.id"

/*
 * The overview's page reads kept facts only (migration 40, decision 89):
 * the persons listed, by name, from caseload_people (one range of
 * caseload_people_name, which covers the columns shown), and each one's
 * overdue items and participants without contact from Today's kept lines
 * (today_lines: the same rules as OVERDUE_* and NO_CONTACT, kept by
 * triggers): per person shown, one range of today_lines_due (the lines
 * but the last contact, by day) and one of the primary key (the last
 * contacts). The number listed is caseload_centres.listed.
 */
static const char sql_overview[] =
	"SELECT k.user_id AS id, k.name AS name, k.cap AS cap, k.assignable AS assignable, k.active AS active,"
	" (SELECT COUNT(*) FROM today_lines t WHERE t.centre_id = $5 AND t.user_id = k.user_id"
	"  AND t.kind <> 'contact' AND t.item_date < $1"
	"  AND " LINE_STILL_THEIRS("t", "$1") ") AS overdue,"
	" (SELECT COUNT(*) FROM today_lines t WHERE t.centre_id = $5 AND t.user_id = k.user_id"
	"  AND t.kind = 'contact' AND t.item_date < $2) AS without_contact"
	" FROM caseload_people k WHERE k.centre_id = $5 ORDER BY k.name, k.user_id LIMIT $3 OFFSET $4";
static const char sql_overview_count[] = "SELECT listed FROM caseload_centres WHERE centre_id = $1";
static const char sql_person[] =
	"WITH pg AS (SELECT u.id FROM users u WHERE u.id = $3 AND " OF_CENTRE("u.id", "$4") ")"
	PERSON_FIGURES("$4");

/* Reads the current row into a person and settles its cap and places. */
static int
read_person(struct db_stmt *st, struct arena *a, struct caseload_person *p)
{
	fields_clear(caseload_person_fields, p);
	int rc = table_read(st, caseload_person_fields, p, a);
	caseload_person_settle(p);
	return rc;
}

static void
bind_dates(struct db_stmt *st, const struct caseload_query *q, char today[11], char since[11])
{
	date_format(q->today, today);
	date_format(q->contact_since, since);
	db_bind_text(st, 1, today);
	db_bind_text(st, 2, since);
}

int
store_caseload_overview(struct db *db, struct arena *a, int64_t centre, const struct caseload_query *q,
			int64_t limit, int64_t offset, struct caseload_person **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	struct db_stmt *cst = db_prepare(db, sql_overview_count);
	if (cst == NULL)
		return SC_EDB;
	db_bind_int(cst, 1, centre);
	int rc = db_step(cst);
	if (rc == DB_ROW)
		*total = db_col_int(cst, 0);
	db_done(cst);
	if (rc < 0)
		return rc;
	limit = store_page_limit(limit, 1000, 50);
	struct caseload_person *list = arena_alloc(a, sizeof *list * (size_t)limit);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_overview);
	if (st == NULL)
		return SC_EDB;
	char today[11], since[11];
	bind_dates(st, q, today, since);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset < 0 ? 0 : offset);
	db_bind_int(st, 5, centre);
	size_t count = 0;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)limit) {
		rc = read_person(st, a, &list[count]);
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
store_caseload_person(struct db *db, struct arena *a, int64_t centre, int64_t user_id,
		      const struct caseload_query *q, struct caseload_person *out)
{
	struct db_stmt *st = db_prepare(db, sql_person);
	if (st == NULL)
		return SC_EDB;
	char today[11], since[11];
	bind_dates(st, q, today, since);
	db_bind_int(st, 3, user_id);
	db_bind_int(st, 4, centre);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_person(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

static const char sql_user_name[] =
	"SELECT u.display_name AS name FROM users u WHERE u.id = $1 AND " OF_CENTRE("u.id", "$2");

int
store_caseload_user_name(struct db *db, struct arena *a, int64_t centre, int64_t user_id, const char **name)
{
	*name = NULL;
	struct db_stmt *st = db_prepare(db, sql_user_name);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		struct fields fs = FIELDS(contact_row_fields);
		struct contact_row row;
		fields_clear(fs, &row);
		rc = table_read(st, fs, &row, a);
		*name = row.name;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

/* Totals kept per centre (caseload_centres, migration 40): the
 * assignable contact persons, the caps they set and how many set none
 * (each counts the default), the active and paused participants. */
static const char sql_capacity[] =
	"SELECT persons, caps, uncapped, active FROM caseload_centres WHERE centre_id = $1";

int
store_caseload_capacity(struct db *db, int64_t centre, struct caseload_totals *out)
{
	fields_clear(caseload_totals_fields, out);
	out->persons = out->capacity = out->active = 0;
	struct db_stmt *st = db_prepare(db, sql_capacity);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->persons = db_col_int(st, 0);
		out->capacity = db_col_int(st, 1) + db_col_int(st, 2) * CASELOAD_DEFAULT_CAP;
		out->active = db_col_int(st, 3);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	out->free_places = caseload_free_places(out->active, out->capacity);
	return SC_OK;
}

/* caseload_people, caseload_centres, planned_exits and the waiting list's
 * rows (waiting_list, migration 86) against their views (*_source), as
 * store_report_facts_verify(). */
#define KEPT_MISSING(t) \
	"(SELECT COUNT(*) FROM (SELECT * FROM " t "_source WHERE centre_id = $1" \
	"  EXCEPT SELECT * FROM " t " WHERE centre_id = $1) x)"
#define KEPT_EXTRA(t) \
	"(SELECT COUNT(*) FROM (SELECT * FROM " t " WHERE centre_id = $1" \
	"  EXCEPT SELECT * FROM " t "_source WHERE centre_id = $1) x)"
#define KEPT_ROWS(t) "(SELECT COUNT(*) FROM " t " WHERE centre_id = $1)"
#define KEPT_ALL(m) \
	m("caseload_people") " + " m("caseload_centres") " + " m("planned_exits") " + " m("waiting_list")
#define KEPT_SOURCE_ROWS(t) "(SELECT COUNT(*) FROM " t "_source WHERE centre_id = $1)"
static const char sql_overview_differ[] =
	"SELECT " KEPT_ALL(KEPT_MISSING) ", " KEPT_ALL(KEPT_EXTRA) ", " KEPT_ALL(KEPT_ROWS) ", "
	KEPT_ALL(KEPT_SOURCE_ROWS);

int
store_caseload_overview_verify(struct db *db, int64_t centre, int64_t *missing, int64_t *extra)
{
	*missing = *extra = 0;
	struct db_stmt *st = db_prepare(db, sql_overview_differ);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*missing = db_col_int(st, 0);
		*extra = db_col_int(st, 1);
		/* a row kept twice is no difference to EXCEPT: the counts tell it */
		int64_t kept = db_col_int(st, 2), fresh = db_col_int(st, 3);
		if (kept - *extra > fresh - *missing)
			*extra += (kept - *extra) - (fresh - *missing);
		else
			*missing += (fresh - *missing) - (kept - *extra);
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* Assignable contact persons of centre $2 whose name contains $1 (a LIKE
 * pattern). */
#define CHOICES_WHERE \
	" WHERE " ASSIGNABLE("u", "$2") " AND lower(u.display_name) LIKE $1 ESCAPE '!'"
static const char sql_choices[] =
	"SELECT u.id AS id, u.display_name AS name, u.caseload_cap AS cap,"
	" (SELECT COUNT(*) FROM participants p WHERE p.contact_id = u.id AND p.centre_id = $2"
	" AND p.status IN " COUNTS ") AS active"
	" FROM (SELECT u.id FROM users u" CHOICES_WHERE
	" ORDER BY u.display_name, u.id LIMIT $3) pg JOIN users u ON u.id = pg.id"
	" ORDER BY u.display_name, u.id";
static const char sql_choices_count[] =
	"SELECT COUNT(*) FROM users u" CHOICES_WHERE;

/* A LIKE pattern, all in lower case, for names containing text: '!'
 * escapes the pattern characters. NULL when out of memory. */
static char *
contains_pattern(struct arena *a, const char *text)
{
	size_t len = text != NULL ? strlen(text) : 0;
	char *p = arena_alloc(a, len * 2 + 3);
	if (p == NULL)
		return NULL;
	size_t j = 0;
	p[j++] = '%';
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '%' || c == '_' || c == '!')
			p[j++] = '!';
		p[j++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	if (len > 0)
		p[j++] = '%';
	p[j] = '\0';
	return p;
}

int
store_caseload_choices(struct db *db, struct arena *a, int64_t centre, const char *name_contains,
		       int64_t limit, struct contact_choice **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	const char *pattern = contains_pattern(a, name_contains);
	if (pattern == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_choices_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, pattern);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	limit = store_page_limit(limit, 1000, 50);
	int64_t want = *total < limit ? *total : limit;
	if (want <= 0)
		return SC_OK;
	struct contact_choice *list = arena_alloc(a, sizeof *list * (size_t)want);
	if (list == NULL)
		return SC_ENOMEM;
	st = db_prepare(db, sql_choices);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, pattern);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, limit);
	size_t count = 0;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)want) {
		struct contact_choice *c = &list[count];
		fields_clear(contact_choice_fields, c);
		rc = table_read(st, contact_choice_fields, c, a);
		if (rc != SC_OK)
			break;
		if (c->cap == FIELD_NONE)
			c->cap = CASELOAD_DEFAULT_CAP;
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* ---- one caseload ---- */

/* $1 contact, $2 today, $3 contact_since, $4 due_by, $5 new_since; the
 * filter bits $6..$9; $10 the centre. The caseload is read by the contact
 * person's index: "+" keeps SQLite from walking the centre's participants
 * in name order instead (1M at a million, 4-5 s; decision 133). */
#define LIST_INNER \
	"SELECT p.id AS id, p.given_name AS given_name, p.family_name AS family_name," \
	" p.status AS status, p.name_key AS name_key," \
	" (SELECT MAX(m.held_on) FROM meetings m WHERE m.participant_id = p.id) AS last_contact," \
	" (SELECT m.next_meeting FROM meetings m WHERE m.participant_id = p.id" \
	"   ORDER BY m.held_on DESC, m.id DESC LIMIT 1) AS next_meeting," \
	" " OVERDUE_OF_PARTICIPANT("p", "$2") \
	" + " OVERDUE_FOLLOWUPS("$1", "$2", "t.participant_id = p.id") " AS overdue," \
	" COALESCE((SELECT MAX(a.from_at) FROM assignments a WHERE a.participant_id = p.id" \
	"   AND a.contact_id = $1 AND a.to_at IS NULL), 0) AS assigned_at," \
	" CASE WHEN p.status IN " COUNTS " AND " NO_CONTACT("p", "$3") \
	"   THEN 1 ELSE 0 END AS f_nc," \
	" CASE WHEN EXISTS (SELECT 1 FROM plan_evaluations e WHERE e.participant_id = p.id" \
	"   AND e.done_on IS NULL AND e.due_on <= $4) THEN 1 ELSE 0 END AS f_ed," \
	" CASE WHEN EXISTS (SELECT 1 FROM goals g WHERE g.participant_id = p.id" \
	"   AND g.status IN ('planned','in_progress') AND g.target_date < $2)" \
	"   OR EXISTS (SELECT 1 FROM goal_steps s WHERE s.participant_id = p.id" \
	"   AND s.done_on IS NULL AND s.due_on < $2) THEN 1 ELSE 0 END AS f_go," \
	" CASE WHEN EXISTS (SELECT 1 FROM assignments a WHERE a.participant_id = p.id" \
	"   AND a.contact_id = $1 AND a.to_at IS NULL AND a.from_at >= $5)" \
	"   THEN 1 ELSE 0 END AS f_nw" \
	" FROM participants p WHERE +p.centre_id = $10 AND p.contact_id = $1 AND p.status IN " IN_CASELOAD

#define LIST_WHERE \
	" WHERE ($6 = 0 AND $7 = 0 AND $8 = 0 AND $9 = 0)" \
	" OR ($6 = 1 AND f_nc = 1) OR ($7 = 1 AND f_ed = 1)" \
	" OR ($8 = 1 AND f_go = 1) OR ($9 = 1 AND f_nw = 1)"

static const char sql_list[] =
	"SELECT id, given_name, family_name, status, last_contact, next_meeting, overdue, assigned_at,"
	" f_nc AS no_contact, f_ed AS evaluation_due, f_go AS goals_overdue, f_nw AS \"new\""
	" FROM (" LIST_INNER ") x" LIST_WHERE " ORDER BY name_key, id LIMIT $11 OFFSET $12";
static const char sql_list_count[] =
	"SELECT COUNT(*) FROM (" LIST_INNER ") x" LIST_WHERE;

/* Binds $1..$10; the dates are written into the caller's buffers. */
static void
bind_list(struct db_stmt *st, int64_t centre, int64_t contact_id, const struct caseload_query *q,
	  char dates[3][11])
{
	date_format(q->today, dates[0]);
	date_format(q->contact_since, dates[1]);
	date_format(q->due_by, dates[2]);
	db_bind_int(st, 1, contact_id);
	db_bind_text(st, 2, dates[0]);
	db_bind_text(st, 3, dates[1]);
	db_bind_text(st, 4, dates[2]);
	db_bind_int(st, 5, q->new_since);
	db_bind_int(st, 6, (q->filters & CF_NO_CONTACT) ? 1 : 0);
	db_bind_int(st, 7, (q->filters & CF_EVAL_DUE) ? 1 : 0);
	db_bind_int(st, 8, (q->filters & CF_GOALS_OVERDUE) ? 1 : 0);
	db_bind_int(st, 9, (q->filters & CF_NEW) ? 1 : 0);
	db_bind_int(st, 10, centre);
}

int
store_caseload_list(struct db *db, struct arena *a, int64_t centre, int64_t contact_id,
		    const struct caseload_query *q, int64_t limit, int64_t offset,
		    struct caseload_row **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	char dates[3][11];
	struct db_stmt *st = db_prepare(db, sql_list_count);
	if (st == NULL)
		return SC_EDB;
	bind_list(st, centre, contact_id, q, dates);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	limit = store_page_limit(limit, 10000, 50);
	if (offset < 0)
		offset = 0;
	int64_t want = *total - offset;
	if (want > limit)
		want = limit;
	if (want <= 0)
		return SC_OK;
	struct caseload_row *list = arena_alloc(a, sizeof *list * (size_t)want);
	if (list == NULL)
		return SC_ENOMEM;
	st = db_prepare(db, sql_list);
	if (st == NULL)
		return SC_EDB;
	bind_list(st, centre, contact_id, q, dates);
	db_bind_int(st, 11, limit);
	db_bind_int(st, 12, offset);
	size_t count = 0;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)want) {
		fields_clear(caseload_row_fields, &list[count]);
		rc = table_read(st, caseload_row_fields, &list[count], a);
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

/* ---- assignment history ---- */

#define HISTORY_COLS \
	"SELECT a.id AS id, a.participant_id AS participant_id, p.given_name AS given_name," \
	" p.family_name AS family_name, a.contact_id AS contact_id, c.display_name AS contact_name," \
	" a.from_at AS from_at, a.to_at AS to_at, a.assigned_by AS assigned_by," \
	" b.display_name AS assigned_by_name, a.reason AS reason" \
	" FROM assignments a JOIN participants p ON p.id = a.participant_id" \
	" JOIN users c ON c.id = a.contact_id LEFT JOIN users b ON b.id = a.assigned_by"

/* A participant's history is short; the cap only guards the page size. */
#define HISTORY_MAX 500

static const char sql_history_participant[] =
	HISTORY_COLS " WHERE a.participant_id = $1 AND a.centre_id = $2"
	" ORDER BY a.from_at DESC, a.id DESC LIMIT $3";
static const char sql_history_contact[] =
	HISTORY_COLS " WHERE a.contact_id = $1 AND a.centre_id = $2"
	" ORDER BY a.from_at DESC, a.id DESC LIMIT $3 OFFSET $4";
static const char sql_history_contact_count[] =
	"SELECT COUNT(*) FROM assignments WHERE contact_id = $1 AND centre_id = $2";

/* Reads up to limit rows of st (which it finishes) into a new list. */
static int
read_history(struct db_stmt *st, struct arena *a, int64_t limit, struct assignment **items, size_t *n)
{
	struct assignment *list = arena_alloc(a, sizeof *list * (size_t)limit);
	if (list == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)limit) {
		fields_clear(assignment_fields, &list[count]);
		rc = table_read(st, assignment_fields, &list[count], a);
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
store_assignment_history(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			 struct assignment **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_history_participant);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, HISTORY_MAX);
	return read_history(st, a, HISTORY_MAX, items, n);
}

int
store_assignment_history_contact(struct db *db, struct arena *a, int64_t centre, int64_t contact_id,
				 int64_t limit, int64_t offset, struct assignment **items, size_t *n,
				 int64_t *total)
{
	*items = NULL;
	*n = 0;
	const int64_t binds[] = {contact_id, centre};
	int rc = count_of(db, sql_history_contact_count, binds, 2, total);
	if (rc != SC_OK)
		return rc;
	limit = store_page_limit(limit, 1000, 50);
	struct db_stmt *st = db_prepare(db, sql_history_contact);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, contact_id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset < 0 ? 0 : offset);
	return read_history(st, a, limit, items, n);
}

/* ---- saved filters ---- */

static const char sql_filter_list[] =
	"SELECT id, name, query, created_at FROM saved_filters WHERE user_id = $1 ORDER BY name, id LIMIT $2";
static const char sql_filter_count[] = "SELECT COUNT(*) FROM saved_filters WHERE user_id = $1";
static const char sql_filter_named[] = "SELECT id FROM saved_filters WHERE user_id = $1 AND name = $2";
static const char sql_filter_insert[] =
	"INSERT INTO saved_filters (user_id, name, query, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
static const char sql_filter_delete[] = "DELETE FROM saved_filters WHERE id = $1 AND user_id = $2";

int
store_filter_list(struct db *db, struct arena *a, int64_t user_id, struct saved_filter **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct saved_filter *list = arena_alloc(a, sizeof *list * SAVED_FILTERS_MAX);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_filter_list);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, SAVED_FILTERS_MAX);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < SAVED_FILTERS_MAX) {
		fields_clear(saved_filter_fields, &list[count]);
		rc = table_read(st, saved_filter_fields, &list[count], a);
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
store_filter_save(struct db *db, int64_t user_id, const char *name, const char *query, int64_t now,
		  int64_t *id)
{
	int64_t have = 0;
	int rc = count_of(db, sql_filter_count, &user_id, 1, &have);
	if (rc != SC_OK)
		return rc;
	if (have >= SAVED_FILTERS_MAX)
		return SC_ELIMIT;
	/* Asked first: on PostgreSQL a failed INSERT would spoil the caller's
	 * transaction. The unique key still guards a race. */
	struct db_stmt *st = db_prepare(db, sql_filter_named);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, name);
	rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW)
		return SC_ECONFLICT;
	st = db_prepare(db, sql_filter_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, query);
	db_bind_int(st, 4, now);
	rc = db_step(st);
	if (rc == DB_ROW) {
		if (id != NULL)
			*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	return rc;
}

int
store_filter_delete(struct db *db, int64_t user_id, int64_t filter_id)
{
	struct db_stmt *st = db_prepare(db, sql_filter_delete);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, filter_id);
	db_bind_int(st, 2, user_id);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

/* ---- for areas not yet in the declared shape ---- */

static const char sql_participant_centre[] = "SELECT centre_id FROM participants WHERE id = $1";

/* The centre of a participant; 1 when there is no such participant (the
 * assignment then finds none there). */
static int
participant_centre(struct db *db, int64_t participant_id, int64_t *centre)
{
	*centre = 1;
	struct db_stmt *st = db_prepare(db, sql_participant_centre);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*centre = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

static const char msg_not_contact[] = N_("choose an active user with the contact person role");
static const char msg_no_participant[] = N_("there is no such participant");

int
store_assign_contact(struct db *db, int64_t participant_id, int64_t contact_id, int64_t by,
		     const char *reason, int64_t now, const char **refusal)
{
	const char *why = NULL;
	int64_t centre = 0, current = 0, active = 0;
	bool counts = false;
	struct contact_lock c;
	struct arena *a = arena_new();
	int rc = a != NULL ? participant_centre(db, participant_id, &centre) : SC_ENOMEM;
	if (rc != SC_OK)
		goto out;
	rc = store_caseload_lock_contact(db, a, centre, contact_id, &c);
	if (rc == SC_ENOTFOUND || (rc == SC_OK && !c.assignable)) {
		why = msg_not_contact;
		rc = SC_EINVAL;
		goto out;
	}
	if (rc != SC_OK)
		goto out;
	rc = store_caseload_lock_participant(db, centre, participant_id, &current, &counts);
	if (rc == SC_ENOTFOUND)
		why = msg_no_participant;
	if (rc != SC_OK)
		goto out;
	/* The participant is left out of the count, so the same check holds
	 * before and after their status becomes active, and for the contact
	 * person they already have. */
	rc = store_caseload_count_active(db, centre, contact_id, participant_id, &active);
	if (rc != SC_OK)
		goto out;
	rc = caseload_can_assign(clamp_int(active), c.cap, &why);
	if (rc != SC_OK || current == contact_id)
		goto out;
	rc = store_caseload_move(db, centre, participant_id, contact_id, by, reason, now);
out:
	arena_free(a);
	if (refusal != NULL)
		*refusal = why;
	return rc;
}
