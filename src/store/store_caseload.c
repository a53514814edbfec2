/*
 * store_caseload.c — contact persons' caseloads: assignment under the cap,
 * bulk reassignment, caps, the leader's overview, one caseload with its
 * filters, assignment history and saved filters; see store_caseload.h.
 *
 * The cap holds under concurrency because every change that can add to a
 * caseload first locks the contact person's users row: on SQLite the write
 * transaction (BEGIN IMMEDIATE) already serialises writers, on PostgreSQL
 * (READ COMMITTED) SELECT ... FOR UPDATE makes the second writer wait until
 * the first commits, and its count, taken after the lock, then sees the
 * first one's participant.
 *
 * The figures are computed per contact person by correlated subqueries that
 * each walk one index (participants_contact, goal_steps_participant,
 * plan_evaluations_participant, tasks_assignee, meetings_participant,
 * enrolments_participant, assignments_participant), so a page costs a few
 * index probes per participant shown, whatever the size of the register.
 */
#include "db.h"
#include "staff.h"
#include "store.h"
#include "overdue_sql.h"
#include "domain/access.h"
#include "domain/caseload.h"
#include "i18n/i18n.h"
#include "../util/arena.h"
#include "../util/err.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The contact role's bit in users.roles, spelled out for SQL. */
#define CONTACT_BIT "4"
_Static_assert(ROLE_BIT(ROLE_CONTACT) == 4, "CONTACT_BIT must match ROLE_BIT(ROLE_CONTACT)");

#define COUNTS "('active','paused')"
/* CASELOAD_DEFAULT_CAP, spelled out for SQL. */
#define CASELOAD_DEFAULT_CAP_SQL "18"
_Static_assert(CASELOAD_DEFAULT_CAP == 18, "CASELOAD_DEFAULT_CAP_SQL must match");
/* Every status of a caseload: exited and closed participants have left it. */
#define IN_CASELOAD OVERDUE_CASELOAD

/* No contact: the last meeting, or when there was none the start of the
 * latest enrolment, is before the cut-off (never either: no contact). */
#define NO_CONTACT(P, SINCE) \
	"COALESCE((SELECT MAX(m.held_on) FROM meetings m WHERE m.participant_id = " P ".id)," \
	" (SELECT MAX(en.start_date) FROM enrolments en WHERE en.participant_id = " P ".id)," \
	" '') < " SINCE

/* ---- assignment ---- */

static const char sql_contact_lock_pg[] =
	"SELECT u.active, " USER_ROLES("u") ", u.caseload_cap FROM users u WHERE u.id = $1 FOR UPDATE OF u";
static const char sql_contact_lock_sq[] =
	"SELECT u.active, " USER_ROLES("u") ", u.caseload_cap FROM users u WHERE u.id = $1";
static const char sql_participant_lock_pg[] =
	"SELECT COALESCE(contact_id, 0), status FROM participants WHERE id = $1 FOR UPDATE";
static const char sql_participant_lock_sq[] =
	"SELECT COALESCE(contact_id, 0), status FROM participants WHERE id = $1";
static const char sql_count_active[] =
	"SELECT COUNT(*) FROM participants WHERE contact_id = $1 AND status IN " COUNTS
	" AND id <> $2";
static const char sql_close_assignment[] =
	"UPDATE assignments SET to_at = $2 WHERE participant_id = $1 AND to_at IS NULL";
static const char sql_open_assignment[] =
	"INSERT INTO assignments (participant_id, contact_id, from_at, assigned_by, reason)"
	" VALUES ($1, $2, $3, $4, $5)";
static const char sql_set_contact[] =
	"UPDATE participants SET contact_id = $2, updated_at = $3 WHERE id = $1";
static const char sql_set_cap[] =
	"UPDATE users SET caseload_cap = $2, updated_at = $3 WHERE id = $1";

static bool
counts(const char *status)
{
	return status != NULL && (strcmp(status, "active") == 0 || strcmp(status, "paused") == 0);
}

static int
clamp_int(int64_t v)
{
	return v > INT_MAX ? INT_MAX : (int)v;
}

/*
 * Locks a user's row and reads their cap. SC_ENOTFOUND when there is no
 * such user; *is_contact tells whether they are an active contact person.
 */
static int
lock_user(struct db *db, int64_t user_id, int *cap, bool *is_contact, bool *has_role)
{
	struct db_stmt *st = db_prepare(db, db_kind(db) == DB_POSTGRES ? sql_contact_lock_pg
								 : sql_contact_lock_sq);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		bool role = ((uint64_t)db_col_int(st, 1) & ROLE_BIT(ROLE_CONTACT)) != 0;
		*is_contact = db_col_int(st, 0) == 1 && role;
		if (has_role != NULL)
			*has_role = role;
		*cap = db_col_null(st, 2) ? CASELOAD_DEFAULT_CAP : clamp_int(db_col_int(st, 2));
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

/* Locks a participant's row; *contact_id (0 = none) and *active (whether
 * they count against a cap). SC_ENOTFOUND when there is no such row. */
static int
lock_participant(struct db *db, int64_t id, int64_t *contact_id, bool *active)
{
	struct db_stmt *st = db_prepare(db, db_kind(db) == DB_POSTGRES ? sql_participant_lock_pg
								 : sql_participant_lock_sq);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*contact_id = db_col_int(st, 0);
		*active = counts(db_col_text(st, 1));
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

/* Active and paused participants of contact_id, not counting exclude_id. */
static int
count_active(struct db *db, int64_t contact_id, int64_t exclude_id, int64_t *out)
{
	struct db_stmt *st = db_prepare(db, sql_count_active);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, contact_id);
	db_bind_int(st, 2, exclude_id);
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

/* Closes the open assignment, opens the new one and sets contact_id. */
static int
move_participant(struct db *db, int64_t participant_id, int64_t contact_id, int64_t by,
		 const char *reason, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_close_assignment);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, now);
	int rc = db_run(st, NULL);
	if (rc != SC_OK)
		return rc;
	st = db_prepare(db, sql_open_assignment);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, contact_id);
	db_bind_int(st, 3, now);
	if (by > 0)
		db_bind_int(st, 4, by);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, reason != NULL ? reason : "");
	rc = db_run(st, NULL);
	if (rc != SC_OK)
		return rc;
	st = db_prepare(db, sql_set_contact);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, contact_id);
	db_bind_int(st, 3, now);
	int64_t changed = 0;
	rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

static const char msg_not_contact[] = N_("choose an active user with the contact person role");
static const char msg_no_participant[] = N_("there is no such participant");

int
store_assign_contact(struct db *db, int64_t participant_id, int64_t contact_id,
		     int64_t by, const char *reason, int64_t now, const char **refusal)
{
	int cap = CASELOAD_DEFAULT_CAP;
	bool is_contact = false;
	const char *why = NULL;
	int rc = lock_user(db, contact_id, &cap, &is_contact, NULL);
	if (rc == SC_ENOTFOUND || (rc == SC_OK && !is_contact)) {
		why = msg_not_contact;
		rc = SC_EINVAL;
		goto out;
	}
	if (rc != SC_OK)
		goto out;
	int64_t current = 0;
	bool part_active = false;
	rc = lock_participant(db, participant_id, &current, &part_active);
	if (rc == SC_ENOTFOUND)
		why = msg_no_participant;
	if (rc != SC_OK)
		goto out;
	/* The participant is left out of the count, so the same check holds
	 * before and after their status becomes active, and for the contact
	 * person they already have. */
	int64_t active = 0;
	rc = count_active(db, contact_id, participant_id, &active);
	if (rc != SC_OK)
		goto out;
	rc = caseload_can_assign(clamp_int(active), cap, &why);
	if (rc != SC_OK || current == contact_id)
		goto out;
	rc = move_participant(db, participant_id, contact_id, by, reason, now);
out:
	if (refusal != NULL)
		*refusal = why;
	return rc;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

int
store_assign_bulk(struct db *db, const int64_t *ids, size_t n, int64_t contact_id,
		  int64_t by, const char *reason, int64_t now, int64_t *moved,
		  int64_t *moved_ids, struct bulk_refusal *why)
{
	struct bulk_refusal w = {0};
	int64_t *sorted = NULL;
	bool *move = NULL;
	int64_t count = 0;
	int rc = SC_OK;
	if (ids == NULL || n == 0 || n > CASELOAD_BULK_MAX) {
		w.reason = n == 0 ? N_("choose at least one participant")
				  : N_("too many participants at once");
		rc = SC_EINVAL;
		goto out;
	}
	int cap = CASELOAD_DEFAULT_CAP;
	bool is_contact = false;
	rc = lock_user(db, contact_id, &cap, &is_contact, NULL);
	if (rc == SC_ENOTFOUND || (rc == SC_OK && !is_contact)) {
		w.reason = msg_not_contact;
		rc = SC_EINVAL;
		goto out;
	}
	if (rc != SC_OK)
		goto out;

	/* Participants are locked in id order, so two bulk moves over the same
	 * people cannot deadlock each other. */
	sorted = malloc(n * sizeof *sorted);
	move = calloc(n, sizeof *move);
	if (sorted == NULL || move == NULL) {
		rc = SC_ENOMEM;
		goto out;
	}
	memcpy(sorted, ids, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_id);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || sorted[m - 1] != sorted[i])
			sorted[m++] = sorted[i];

	int chosen = 0;
	for (size_t i = 0; i < m; i++) {
		int64_t current = 0;
		bool part_active = false;
		rc = lock_participant(db, sorted[i], &current, &part_active);
		if (rc == SC_ENOTFOUND) {
			w.reason = msg_no_participant;
			w.participant_id = sorted[i];
		}
		if (rc != SC_OK)
			goto out;
		move[i] = current != contact_id;
		if (move[i] && part_active)
			chosen++;
	}
	int64_t active = 0;
	rc = count_active(db, contact_id, 0, &active);
	if (rc != SC_OK)
		goto out;
	w.chosen = chosen;
	rc = caseload_can_assign_many(clamp_int(active), cap, chosen, &w.room, &w.reason);
	if (rc != SC_OK)
		goto out;
	w.reason = NULL;
	for (size_t i = 0; i < m && rc == SC_OK; i++) {
		if (!move[i])
			continue;
		rc = move_participant(db, sorted[i], contact_id, by, reason, now);
		if (moved_ids != NULL)
			moved_ids[count] = sorted[i];
		count++;
	}
out:
	free(sorted);
	free(move);
	if (moved != NULL)
		*moved = rc == SC_OK ? count : 0;
	if (why != NULL)
		*why = w;
	return rc;
}

int
store_caseload_set_cap(struct db *db, int64_t user_id, int cap, int64_t now,
		       int64_t *active, const char **refusal)
{
	const char *why = NULL;
	int64_t count = 0;
	int old_cap = 0;
	bool is_contact = false, has_role = false;
	int rc = caseload_cap_validate(cap, &why);
	if (rc != SC_OK)
		goto out;
	rc = lock_user(db, user_id, &old_cap, &is_contact, &has_role);
	if (rc == SC_ENOTFOUND)
		why = N_("there is no such user");
	if (rc != SC_OK)
		goto out;
	if (!has_role) {
		why = N_("only a contact person has a caseload cap");
		rc = SC_EINVAL;
		goto out;
	}
	rc = count_active(db, user_id, 0, &count);
	if (rc != SC_OK)
		goto out;
	rc = caseload_cap_check(cap, clamp_int(count), &why);
	if (rc != SC_OK)
		goto out;
	struct db_stmt *st = db_prepare(db, sql_set_cap);
	if (st == NULL) {
		rc = SC_EDB;
		goto out;
	}
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, cap);
	db_bind_int(st, 3, now);
	rc = db_run(st, NULL);
out:
	if (active != NULL)
		*active = count;
	if (refusal != NULL)
		*refusal = why;
	return rc;
}

/* ---- overview ---- */

/* Listed in the overview: assignable, or still holding participants. */
#define OVERVIEW_WHERE \
	" WHERE (u.active = 1 AND (" USER_ROLES("u") " & " CONTACT_BIT ") <> 0)" \
	" OR EXISTS (SELECT 1 FROM participants p WHERE p.contact_id = u.id AND p.status IN " COUNTS ")"

/*
 * The figures of the users chosen by the CTE "pg" ($1 today, $2 the
 * contact cut-off). Each person's active participants are read once, in
 * one range of participants_contact, and every figure is summed over that
 * range; the users are chosen first, so only the rows shown cost anything,
 * however many contact persons there are.
 */
#define PERSON_FIGURES \
	", agg AS (SELECT p.contact_id AS cid," \
	"   SUM(CASE WHEN p.status IN " COUNTS " THEN 1 ELSE 0 END) AS active," \
	"   SUM(" OVERDUE_OF_PARTICIPANT("p", "$1") ") AS overdue," \
	"   SUM(CASE WHEN p.status IN " COUNTS " AND " NO_CONTACT("p", "$2") " THEN 1 ELSE 0 END)" \
	"     AS no_contact" \
	"   FROM participants p WHERE p.contact_id IN (SELECT id FROM pg)" \
	"   AND p.status IN " IN_CASELOAD " GROUP BY p.contact_id)" \
	" SELECT u.id, u.display_name, u.caseload_cap," \
	" CASE WHEN u.active = 1 AND (" USER_ROLES("u") " & " CONTACT_BIT ") <> 0 THEN 1 ELSE 0 END," \
	" COALESCE(agg.active, 0)," \
	" COALESCE(agg.overdue, 0) + " OVERDUE_FOLLOWUPS("u.id", "$1", "1 = 1") "," \
	" COALESCE(agg.no_contact, 0)" \
	" FROM pg JOIN users u ON u.id = pg.id LEFT JOIN agg ON agg.cid = u.id" \
	" ORDER BY u.display_name, u.id"

static const char sql_overview[] =
	"WITH pg AS (SELECT u.id FROM users u" OVERVIEW_WHERE
	" ORDER BY u.display_name, u.id LIMIT $3 OFFSET $4)" PERSON_FIGURES;
static const char sql_overview_count[] =
	"SELECT COUNT(*) FROM users u" OVERVIEW_WHERE;
static const char sql_person[] =
	"WITH pg AS (SELECT u.id FROM users u WHERE u.id = $3)" PERSON_FIGURES;
/* Totals without a per-person pass: the caps from the users table, the
 * active participants from one range of participants_status. */
static const char sql_capacity_caps[] =
	"SELECT COUNT(*), COALESCE(SUM(COALESCE(caseload_cap, " CASELOAD_DEFAULT_CAP_SQL ")), 0)"
	" FROM users u WHERE u.active = 1 AND (" USER_ROLES("u") " & " CONTACT_BIT ") <> 0";
static const char sql_capacity_active[] =
	"SELECT COUNT(*) FROM participants WHERE status IN " COUNTS;

/* Assignable contact persons whose name contains $1 (a LIKE pattern). */
#define CHOICES_WHERE \
	" WHERE u.active = 1 AND (" USER_ROLES("u") " & " CONTACT_BIT ") <> 0" \
	" AND lower(u.display_name) LIKE $1 ESCAPE '!'"
static const char sql_choices[] =
	"SELECT u.id, u.display_name, u.caseload_cap,"
	" (SELECT COUNT(*) FROM participants p WHERE p.contact_id = u.id AND p.status IN " COUNTS ")"
	" FROM (SELECT u.id FROM users u" CHOICES_WHERE
	" ORDER BY u.display_name, u.id LIMIT $2) pg JOIN users u ON u.id = pg.id"
	" ORDER BY u.display_name, u.id";
static const char sql_choices_count[] =
	"SELECT COUNT(*) FROM users u" CHOICES_WHERE;

static int
read_person(struct db_stmt *st, struct arena *a, struct caseload_person *p)
{
	memset(p, 0, sizeof *p);
	p->id = db_col_int(st, 0);
	p->name = arena_strdup(a, db_col_text(st, 1));
	p->own_cap = !db_col_null(st, 2);
	p->cap = p->own_cap ? clamp_int(db_col_int(st, 2)) : CASELOAD_DEFAULT_CAP;
	p->assignable = db_col_int(st, 3) == 1;
	p->active = db_col_int(st, 4);
	p->overdue = db_col_int(st, 5);
	p->no_contact = db_col_int(st, 6);
	p->free_places = p->assignable ? caseload_free_places(clamp_int(p->active), p->cap) : 0;
	return p->name != NULL ? SC_OK : SC_ENOMEM;
}

static int
count_one(struct db *db, const char *sql, int64_t bind1, bool has_bind, int64_t *out)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	if (has_bind)
		db_bind_int(st, 1, bind1);
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

static int64_t
page_limit(int64_t limit)
{
	return limit < 1 || limit > 1000 ? 50 : limit;
}

int
store_caseload_overview(struct db *db, struct arena *a, const char *today,
			const char *contact_since, int64_t limit, int64_t offset,
			struct caseload_person **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	int rc = count_one(db, sql_overview_count, 0, false, total);
	if (rc != SC_OK)
		return rc;
	limit = page_limit(limit);
	struct caseload_person *list = arena_alloc(a, sizeof *list * (size_t)limit);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_overview);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, today);
	db_bind_text(st, 2, contact_since);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset < 0 ? 0 : offset);
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
store_caseload_person(struct db *db, struct arena *a, int64_t user_id, const char *today,
		      const char *contact_since, struct caseload_person *out)
{
	struct db_stmt *st = db_prepare(db, sql_person);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, today);
	db_bind_text(st, 2, contact_since);
	db_bind_int(st, 3, user_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_person(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

int
store_caseload_capacity(struct db *db, struct caseload_totals *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_prepare(db, sql_capacity_caps);
	if (st == NULL)
		return SC_EDB;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->persons = db_col_int(st, 0);
		out->capacity = db_col_int(st, 1);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	rc = count_one(db, sql_capacity_active, 0, false, &out->active);
	if (rc != SC_OK)
		return rc;
	out->free_places = out->capacity > out->active ? out->capacity - out->active : 0;
	return SC_OK;
}

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
store_caseload_choices(struct db *db, struct arena *a, const char *name_contains, int64_t limit,
		       struct contact_choice **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	const char *pattern = contains_pattern(a, name_contains);
	if (pattern == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_choices_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, pattern);
	int rc = db_step(st);
	*total = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc < 0)
		return rc;
	limit = page_limit(limit);
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
	db_bind_int(st, 2, limit);
	size_t count = 0;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)want) {
		struct contact_choice *c = &list[count];
		c->id = db_col_int(st, 0);
		c->name = arena_strdup(a, db_col_text(st, 1));
		c->cap = db_col_null(st, 2) ? CASELOAD_DEFAULT_CAP : clamp_int(db_col_int(st, 2));
		c->active = db_col_int(st, 3);
		if (c->name == NULL) {
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

/* ---- one caseload ---- */

/* $1 contact, $2 today, $3 contact_since, $4 due_by, $5 new_since; the
 * filter bits $6..$9. */
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
	" FROM participants p WHERE p.contact_id = $1 AND p.status IN " IN_CASELOAD

#define LIST_WHERE \
	" WHERE ($6 = 0 AND $7 = 0 AND $8 = 0 AND $9 = 0)" \
	" OR ($6 = 1 AND f_nc = 1) OR ($7 = 1 AND f_ed = 1)" \
	" OR ($8 = 1 AND f_go = 1) OR ($9 = 1 AND f_nw = 1)"

static const char sql_list[] =
	"SELECT id, given_name, family_name, status, last_contact, next_meeting, overdue,"
	" assigned_at, f_nc, f_ed, f_go, f_nw FROM (" LIST_INNER ") x" LIST_WHERE
	" ORDER BY name_key, id LIMIT $10 OFFSET $11";
static const char sql_list_count[] =
	"SELECT COUNT(*) FROM (" LIST_INNER ") x" LIST_WHERE;

static void
bind_query(struct db_stmt *st, int64_t contact_id, const struct caseload_query *q)
{
	db_bind_int(st, 1, contact_id);
	db_bind_text(st, 2, q->today);
	db_bind_text(st, 3, q->contact_since);
	db_bind_text(st, 4, q->due_by);
	db_bind_int(st, 5, q->new_since);
	db_bind_int(st, 6, (q->filters & CF_NO_CONTACT) ? 1 : 0);
	db_bind_int(st, 7, (q->filters & CF_EVAL_DUE) ? 1 : 0);
	db_bind_int(st, 8, (q->filters & CF_GOALS_OVERDUE) ? 1 : 0);
	db_bind_int(st, 9, (q->filters & CF_NEW) ? 1 : 0);
}

static char *
col_text_or_null(struct db_stmt *st, struct arena *a, int col, bool *oom)
{
	if (db_col_null(st, col))
		return NULL;
	char *s = arena_strdup(a, db_col_text(st, col));
	if (s == NULL)
		*oom = true;
	return s;
}

int
store_caseload_list(struct db *db, struct arena *a, int64_t contact_id,
		    const struct caseload_query *q, int64_t limit, int64_t offset,
		    struct caseload_row **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_list_count);
	if (st == NULL)
		return SC_EDB;
	bind_query(st, contact_id, q);
	int rc = db_step(st);
	*total = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc < 0)
		return rc;
	if (limit < 1 || limit > 10000)
		limit = 50;
	int64_t want = *total - (offset < 0 ? 0 : offset);
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
	bind_query(st, contact_id, q);
	db_bind_int(st, 10, limit);
	db_bind_int(st, 11, offset < 0 ? 0 : offset);
	size_t count = 0;
	bool oom = false;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)want) {
		struct caseload_row *row = &list[count];
		row->id = db_col_int(st, 0);
		row->given_name = arena_strdup(a, db_col_text(st, 1));
		row->family_name = arena_strdup(a, db_col_text(st, 2));
		row->status = arena_strdup(a, db_col_text(st, 3));
		row->last_contact = col_text_or_null(st, a, 4, &oom);
		row->next_meeting = col_text_or_null(st, a, 5, &oom);
		row->overdue = db_col_int(st, 6);
		row->assigned_at = db_col_int(st, 7);
		row->flags = (db_col_int(st, 8) ? CF_NO_CONTACT : 0u) |
			     (db_col_int(st, 9) ? CF_EVAL_DUE : 0u) |
			     (db_col_int(st, 10) ? CF_GOALS_OVERDUE : 0u) |
			     (db_col_int(st, 11) ? CF_NEW : 0u);
		if (oom || row->given_name == NULL || row->family_name == NULL || row->status == NULL) {
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

/* ---- assignment history ---- */

#define HISTORY_COLS \
	"SELECT a.id, a.participant_id, p.given_name, p.family_name, a.contact_id, c.display_name," \
	" a.from_at, COALESCE(a.to_at, 0), COALESCE(a.assigned_by, 0), b.display_name, a.reason" \
	" FROM assignments a JOIN participants p ON p.id = a.participant_id" \
	" JOIN users c ON c.id = a.contact_id LEFT JOIN users b ON b.id = a.assigned_by"

/* A participant's history is short; the cap only guards the page size. */
#define HISTORY_MAX 500

static const char sql_history_participant[] =
	HISTORY_COLS " WHERE a.participant_id = $1 ORDER BY a.from_at DESC, a.id DESC LIMIT $2";
static const char sql_history_contact[] =
	HISTORY_COLS " WHERE a.contact_id = $1 ORDER BY a.from_at DESC, a.id DESC LIMIT $2 OFFSET $3";
static const char sql_history_contact_count[] =
	"SELECT COUNT(*) FROM assignments WHERE contact_id = $1";

static int
read_history(struct db_stmt *st, struct arena *a, int64_t limit, struct assignment **items,
	     size_t *n)
{
	struct assignment *list = arena_alloc(a, sizeof *list * (size_t)limit);
	if (list == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	size_t count = 0;
	int rc;
	bool oom = false;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)limit) {
		struct assignment *h = &list[count];
		h->id = db_col_int(st, 0);
		h->participant_id = db_col_int(st, 1);
		h->given_name = arena_strdup(a, db_col_text(st, 2));
		h->family_name = arena_strdup(a, db_col_text(st, 3));
		h->contact_id = db_col_int(st, 4);
		h->contact_name = arena_strdup(a, db_col_text(st, 5));
		h->from_at = db_col_int(st, 6);
		h->to_at = db_col_int(st, 7);
		h->assigned_by = db_col_int(st, 8);
		h->assigned_by_name = col_text_or_null(st, a, 9, &oom);
		h->reason = arena_strdup(a, db_col_text(st, 10));
		if (oom || !h->given_name || !h->family_name || !h->contact_name || !h->reason) {
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

int
store_assignment_history(struct db *db, struct arena *a, int64_t participant_id,
			 struct assignment **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_history_participant);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, HISTORY_MAX);
	return read_history(st, a, HISTORY_MAX, items, n);
}

int
store_assignment_history_contact(struct db *db, struct arena *a, int64_t contact_id,
				 int64_t limit, int64_t offset, struct assignment **items,
				 size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	int rc = count_one(db, sql_history_contact_count, contact_id, true, total);
	if (rc != SC_OK)
		return rc;
	limit = page_limit(limit);
	struct db_stmt *st = db_prepare(db, sql_history_contact);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, contact_id);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset < 0 ? 0 : offset);
	return read_history(st, a, limit, items, n);
}

/* ---- saved filters ---- */

static const char sql_filter_list[] =
	"SELECT id, name, query, created_at FROM saved_filters WHERE user_id = $1"
	" ORDER BY name, id LIMIT $2";
static const char sql_filter_count[] =
	"SELECT COUNT(*) FROM saved_filters WHERE user_id = $1";
static const char sql_filter_named[] =
	"SELECT id FROM saved_filters WHERE user_id = $1 AND name = $2";
static const char sql_filter_insert[] =
	"INSERT INTO saved_filters (user_id, name, query, created_at) VALUES ($1, $2, $3, $4)"
	" RETURNING id";
static const char sql_filter_delete[] =
	"DELETE FROM saved_filters WHERE id = $1 AND user_id = $2";

int
store_filter_list(struct db *db, struct arena *a, int64_t user_id, struct saved_filter **items,
		  size_t *n)
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
		struct saved_filter *f = &list[count];
		f->id = db_col_int(st, 0);
		f->name = arena_strdup(a, db_col_text(st, 1));
		f->query = arena_strdup(a, db_col_text(st, 2));
		f->created_at = db_col_int(st, 3);
		if (f->name == NULL || f->query == NULL) {
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

int
store_filter_save(struct db *db, int64_t user_id, const char *name, const char *query,
		  int64_t now, int64_t *id)
{
	int64_t have = 0;
	int rc = count_one(db, sql_filter_count, user_id, true, &have);
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
