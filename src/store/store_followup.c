/*
 * store_followup.c — see store_followup.h.
 */
#include "db.h"
#include "store.h"
#include "overdue_sql.h"
#include "../util/arena.h"
#include "../util/err.h"

#include <string.h>

/* ---- statements ---- */

static const char sql_meeting_insert[] =
	"INSERT INTO meetings (participant_id, held_on, channel, interpreter, minutes, next_steps,"
	" next_meeting, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
static const char sql_meeting_count[] =
	"SELECT COUNT(*) FROM meetings WHERE participant_id = $1";
static const char sql_meeting_list[] =
	"SELECT m.id, m.participant_id, m.held_on, m.channel, m.interpreter, m.minutes, m.next_steps,"
	" COALESCE(m.next_meeting, ''), COALESCE(m.author_id, 0), COALESCE(u.display_name, ''),"
	" m.created_at"
	" FROM meetings m LEFT JOIN users u ON u.id = m.author_id"
	" WHERE m.participant_id = $1 ORDER BY m.held_on DESC, m.id DESC LIMIT $2 OFFSET $3";


static const char sql_referral_open[] =
	"SELECT 1 FROM health_referrals WHERE participant_id = $1 AND health_id = $2"
	" AND ended_on IS NULL";
static const char sql_referral_insert[] =
	"INSERT INTO health_referrals (participant_id, health_id, referred_on, reason, created_at,"
	" created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
static const char sql_referral_end[] =
	"UPDATE health_referrals SET ended_on = $3, ended_by = $4"
	" WHERE id = $1 AND participant_id = $2 AND ended_on IS NULL";
static const char sql_referral_list[] =
	"SELECT h.id, h.participant_id, h.health_id, COALESCE(u.display_name, ''), h.referred_on,"
	" h.reason, COALESCE(h.ended_on, ''), COALESCE(h.created_by, 0), COALESCE(c.display_name, '')"
	" FROM health_referrals h LEFT JOIN users u ON u.id = h.health_id"
	" LEFT JOIN users c ON c.id = h.created_by"
	" WHERE h.participant_id = $1"
	" ORDER BY CASE WHEN h.ended_on IS NULL THEN 0 ELSE 1 END, h.referred_on DESC, h.id DESC"
	" LIMIT 100";

#define TASK_COLS \
	"t.id, t.participant_id, p.given_name, p.family_name, COALESCE(t.enrolment_id, 0), t.kind," \
	" t.due_on, COALESCE(t.assignee_id, 0), COALESCE(ua.display_name, ''), COALESCE(t.done_on, '')," \
	" COALESCE(t.done_by, 0), COALESCE(ud.display_name, ''), COALESCE(t.result, ''), t.note" \
	" FROM tasks t JOIN participants p ON p.id = t.participant_id" \
	" LEFT JOIN users ua ON ua.id = t.assignee_id LEFT JOIN users ud ON ud.id = t.done_by"

static const char sql_task_get[] = "SELECT " TASK_COLS " WHERE t.id = $1";
static const char sql_task_participant[] =
	"SELECT " TASK_COLS " WHERE t.participant_id = $1 ORDER BY t.due_on, t.id LIMIT 100";
static const char sql_task_due[] =
	"SELECT " TASK_COLS " WHERE t.assignee_id = $1 AND t.done_on IS NULL AND t.due_on <= $2"
	" ORDER BY t.due_on, t.id LIMIT $3";
static const char sql_task_done[] =
	"UPDATE tasks SET done_on = $2, done_by = $3, result = $4, note = $5"
	" WHERE id = $1 AND done_on IS NULL";
static const char sql_task_exists[] = "SELECT 1 FROM tasks WHERE id = $1";

/*
 * The Today queries. Each returns the same eight columns: participant id,
 * given name, family name, item id, date, title, text, detail; $1 is the
 * user, $2 the cut-off date, $3 the row limit. "The caseload" is
 * participants.contact_id = the user and a status that is not exited or
 * closed, spelled as a list so that participants_contact(contact_id,
 * status) seeks the open ones only, however many exited participants the
 * contact person once followed.
 */
#define CASELOAD_OPEN "p.contact_id = $1 AND p.status IN " OVERDUE_CASELOAD

/* The latest meeting of each participant (by held_on, then id) and what it
 * planned: the subquery is one backwards step in meetings_participant per
 * participant, the join a primary-key lookup. */
static const char sql_today_planned[] =
	"SELECT x.pid, x.given_name, x.family_name, m.id, m.next_meeting, '', '', m.held_on"
	" FROM (SELECT p.id AS pid, p.given_name, p.family_name,"
	"   (SELECT m2.id FROM meetings m2 WHERE m2.participant_id = p.id"
	"    ORDER BY m2.held_on DESC, m2.id DESC LIMIT 1) AS last_id"
	"  FROM participants p WHERE " CASELOAD_OPEN ") x"
	" JOIN meetings m ON m.id = x.last_id"
	" WHERE m.next_meeting IS NOT NULL AND m.next_meeting <= $2"
	" ORDER BY m.next_meeting, x.family_name, x.given_name, x.pid LIMIT $3";

static const char sql_today_steps[] =
	"SELECT p.id, p.given_name, p.family_name, s.id, s.due_on, g.title, s.description, ''"
	" FROM participants p"
	" JOIN goal_steps s ON s.participant_id = p.id AND s.done_on IS NULL AND s.due_on <= $2"
	" JOIN goals g ON g.id = s.goal_id"
	" WHERE " CASELOAD_OPEN " AND g.status IN " OVERDUE_GOAL_OPEN
	" ORDER BY s.due_on, p.family_name, p.given_name, s.id LIMIT $3";

static const char sql_today_evaluations[] =
	"SELECT p.id, p.given_name, p.family_name, e.id, e.due_on, '', '', ''"
	" FROM participants p"
	" JOIN plan_evaluations e ON e.participant_id = p.id AND e.done_on IS NULL AND e.due_on <= $2"
	" WHERE " CASELOAD_OPEN
	" ORDER BY e.due_on, p.family_name, p.given_name, e.id LIMIT $3";

/* The last contact is the latest meeting, else the latest programme start;
 * both are one index step per participant (MAX on an index prefix). */
static const char sql_today_no_contact[] =
	"SELECT x.pid, x.given_name, x.family_name, 0, COALESCE(x.lm, x.es, ''), '', '',"
	" CASE WHEN x.lm IS NOT NULL THEN 'meeting' WHEN x.es IS NOT NULL THEN 'start' ELSE '' END"
	" FROM (SELECT p.id AS pid, p.given_name, p.family_name,"
	"   (SELECT MAX(m.held_on) FROM meetings m WHERE m.participant_id = p.id) AS lm,"
	"   (SELECT MAX(e.start_date) FROM enrolments e WHERE e.participant_id = p.id) AS es"
	"  FROM participants p WHERE p.contact_id = $1 AND p.status IN ('active', 'paused')) x"
	" WHERE COALESCE(x.lm, x.es, '') < $2"
	" ORDER BY COALESCE(x.lm, x.es, ''), x.family_name, x.given_name, x.pid LIMIT $3";

static const char sql_today_tasks[] =
	"SELECT p.id, p.given_name, p.family_name, t.id, t.due_on, t.kind, '', ''"
	" FROM tasks t JOIN participants p ON p.id = t.participant_id"
	" WHERE t.assignee_id = $1 AND t.done_on IS NULL AND t.due_on <= $2"
	" ORDER BY t.due_on, p.family_name, p.given_name, t.id LIMIT $3";

/* ---- helpers ---- */

static void
bind_date(struct db_stmt *st, int idx, struct date d)
{
	char s[11];
	date_format(d, s);
	db_bind_text(st, idx, s);
}

/* Runs an INSERT ... RETURNING id that has been bound. */
static int
insert_returning(struct db_stmt *st, int64_t *id)
{
	int rc = db_step(st);
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

/* SELECT COUNT(*) ... WHERE participant_id = $1 */
static int
count_for(struct db *db, const char *sql, int64_t participant_id, int64_t *total)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	int rc = db_step(st);
	*total = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

static int64_t
clamp_limit(int64_t limit, int64_t max, int64_t fallback)
{
	return limit < 1 || limit > max ? fallback : limit;
}

/* ---- meetings ---- */

int
store_meeting_add(struct db *db, int64_t participant_id, const struct meeting *m,
		  int64_t author_id, int64_t now, int64_t *id)
{
	const char *channel = meeting_channel_key(m->channel);
	if (channel == NULL)
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, sql_meeting_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	bind_date(st, 2, m->held_on);
	db_bind_text(st, 3, channel);
	db_bind_int(st, 4, m->interpreter ? 1 : 0);
	db_bind_text(st, 5, m->minutes ? m->minutes : "");
	db_bind_text(st, 6, m->next_steps ? m->next_steps : "");
	if (m->has_next_meeting)
		bind_date(st, 7, m->next_meeting);
	else
		db_bind_null(st, 7);
	if (author_id > 0)
		db_bind_int(st, 8, author_id);
	else
		db_bind_null(st, 8);
	db_bind_int(st, 9, now);
	return insert_returning(st, id);
}

int
store_meeting_list(struct db *db, struct arena *a, int64_t participant_id, int64_t limit,
		   int64_t offset, struct meeting_row **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	int rc = count_for(db, sql_meeting_count, participant_id, total);
	if (rc != SC_OK)
		return rc;
	limit = clamp_limit(limit, 500, 50);
	struct meeting_row *list = arena_alloc(a, sizeof *list * (size_t)limit);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_meeting_list);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset < 0 ? 0 : offset);
	size_t count = 0;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)limit) {
		struct meeting_row *m = &list[count];
		m->id = db_col_int(st, 0);
		m->participant_id = db_col_int(st, 1);
		m->held_on = arena_strdup(a, db_col_text(st, 2));
		m->channel = arena_strdup(a, db_col_text(st, 3));
		m->interpreter = db_col_int(st, 4) != 0;
		m->minutes = arena_strdup(a, db_col_text(st, 5));
		m->next_steps = arena_strdup(a, db_col_text(st, 6));
		m->next_meeting = arena_strdup(a, db_col_text(st, 7));
		m->author_id = db_col_int(st, 8);
		m->author_name = arena_strdup(a, db_col_text(st, 9));
		m->created_at = db_col_int(st, 10);
		if (!m->held_on || !m->channel || !m->minutes || !m->next_steps || !m->next_meeting ||
		    !m->author_name) {
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

/* ---- health notes ---- */


/* ---- referrals to a health worker ---- */

int
store_health_referral_add(struct db *db, int64_t participant_id, const struct health_referral *h,
			  int64_t by, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_referral_open);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, h->health_id);
	int rc = db_step(st);
	db_done(st);
	if (rc == DB_ROW)
		return SC_ECONFLICT;
	if (rc != DB_DONE)
		return rc < 0 ? rc : SC_EDB;
	st = db_prepare(db, sql_referral_insert);
	if (st == NULL)
		return SC_EDB;
	char on[11];
	date_format(h->referred_on, on);
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, h->health_id);
	db_bind_text(st, 3, on);
	db_bind_text(st, 4, h->reason ? h->reason : "");
	db_bind_int(st, 5, now);
	if (by > 0)
		db_bind_int(st, 6, by);
	else
		db_bind_null(st, 6);
	return insert_returning(st, id);
}

int
store_health_referral_end(struct db *db, int64_t participant_id, int64_t referral_id,
			  struct date on, int64_t by)
{
	struct db_stmt *st = db_prepare(db, sql_referral_end);
	if (st == NULL)
		return SC_EDB;
	char day[11];
	date_format(on, day);
	db_bind_int(st, 1, referral_id);
	db_bind_int(st, 2, participant_id);
	db_bind_text(st, 3, day);
	if (by > 0)
		db_bind_int(st, 4, by);
	else
		db_bind_null(st, 4);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_health_referral_list(struct db *db, struct arena *a, int64_t participant_id,
			   struct health_referral_row **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct health_referral_row *list = arena_alloc(a, sizeof *list * 100);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_referral_list);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 100) {
		struct health_referral_row *h = &list[count];
		h->id = db_col_int(st, 0);
		h->participant_id = db_col_int(st, 1);
		h->health_id = db_col_int(st, 2);
		h->health_name = arena_strdup(a, db_col_text(st, 3));
		h->referred_on = arena_strdup(a, db_col_text(st, 4));
		h->reason = arena_strdup(a, db_col_text(st, 5));
		h->ended_on = arena_strdup(a, db_col_text(st, 6));
		h->created_by = db_col_int(st, 7);
		h->created_by_name = arena_strdup(a, db_col_text(st, 8));
		if (!h->health_name || !h->referred_on || !h->reason || !h->ended_on || !h->created_by_name) {
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

/* ---- tasks ---- */

/* Reads the TASK_COLS columns. */
static int
read_task(struct db_stmt *st, struct arena *a, struct task_row *t)
{
	t->id = db_col_int(st, 0);
	t->participant_id = db_col_int(st, 1);
	t->given_name = arena_strdup(a, db_col_text(st, 2));
	t->family_name = arena_strdup(a, db_col_text(st, 3));
	t->enrolment_id = db_col_int(st, 4);
	t->kind = arena_strdup(a, db_col_text(st, 5));
	t->due_on = arena_strdup(a, db_col_text(st, 6));
	t->assignee_id = db_col_int(st, 7);
	t->assignee_name = arena_strdup(a, db_col_text(st, 8));
	t->done_on = arena_strdup(a, db_col_text(st, 9));
	t->done_by = db_col_int(st, 10);
	t->done_by_name = arena_strdup(a, db_col_text(st, 11));
	t->result = arena_strdup(a, db_col_text(st, 12));
	t->note = arena_strdup(a, db_col_text(st, 13));
	return (t->given_name && t->family_name && t->kind && t->due_on && t->assignee_name &&
		t->done_on && t->done_by_name && t->result && t->note) ? SC_OK : SC_ENOMEM;
}

int
store_task_get(struct db *db, struct arena *a, int64_t id, struct task_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_task_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_task(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

/* Reads every row of a bound task statement, at most max. */
static int
task_rows(struct db_stmt *st, struct arena *a, size_t max, struct task_row **items, size_t *n)
{
	struct task_row *list = arena_alloc(a, sizeof *list * max);
	if (list == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < max) {
		rc = read_task(st, a, &list[count]);
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
store_task_list_participant(struct db *db, struct arena *a, int64_t participant_id,
			    struct task_row **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_task_participant);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	return task_rows(st, a, 100, items, n);
}

int
store_task_list_due(struct db *db, struct arena *a, int64_t assignee_id, struct date window_end,
		    int64_t limit, struct task_row **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	limit = clamp_limit(limit, 500, 200);
	struct db_stmt *st = db_prepare(db, sql_task_due);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, assignee_id);
	bind_date(st, 2, window_end);
	db_bind_int(st, 3, limit);
	return task_rows(st, a, (size_t)limit, items, n);
}

int
store_task_done(struct db *db, int64_t id, struct date done_on, int64_t done_by,
		const struct task_done *d)
{
	const char *result = task_result_key(d->result);
	if (result == NULL)
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, sql_task_done);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	bind_date(st, 2, done_on);
	if (done_by > 0)
		db_bind_int(st, 3, done_by);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, result);
	db_bind_text(st, 5, d->note ? d->note : "");
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc != SC_OK || changed > 0)
		return rc;
	/* Nothing changed: the task is gone or someone registered it first. */
	st = db_prepare(db, sql_task_exists);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? SC_ECONFLICT : SC_ENOTFOUND;
}

/* ---- Today ---- */

/* Runs one Today query: $1 user, $2 date, $3 limit (one more than shown,
 * to tell whether there are more). */
static int
today_list(struct db *db, struct arena *a, const char *sql, int64_t user_id, struct date cut,
	   struct today_list *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	bind_date(st, 2, cut);
	db_bind_int(st, 3, TODAY_MAX_ROWS + 1);
	struct today_row *rows = NULL;
	size_t cap = 0, count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (count == TODAY_MAX_ROWS) {
			out->more = true;
			continue;
		}
		if (count == cap) {
			/* Most lists are short: grow from 16 rows. */
			size_t ncap = cap == 0 ? 16 : cap * 2;
			if (ncap > TODAY_MAX_ROWS)
				ncap = TODAY_MAX_ROWS;
			struct today_row *bigger = arena_alloc(a, sizeof *bigger * ncap);
			if (bigger == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			if (count > 0)
				memcpy(bigger, rows, sizeof *rows * count);
			rows = bigger;
			cap = ncap;
		}
		struct today_row *t = &rows[count];
		t->participant_id = db_col_int(st, 0);
		t->given_name = arena_strdup(a, db_col_text(st, 1));
		t->family_name = arena_strdup(a, db_col_text(st, 2));
		t->id = db_col_int(st, 3);
		t->date = arena_strdup(a, db_col_text(st, 4));
		t->title = arena_strdup(a, db_col_text(st, 5));
		t->text = arena_strdup(a, db_col_text(st, 6));
		t->detail = arena_strdup(a, db_col_text(st, 7));
		if (!t->given_name || !t->family_name || !t->date || !t->title || !t->text || !t->detail) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	out->rows = rows;
	out->n = count;
	return SC_OK;
}

int
store_today(struct db *db, struct arena *a, int64_t user_id, struct date today,
	    struct date window_end, struct date contact_before, struct today *out)
{
	memset(out, 0, sizeof *out);
	int rc = today_list(db, a, sql_today_planned, user_id, today, &out->planned);
	if (rc == SC_OK)
		rc = today_list(db, a, sql_today_steps, user_id, window_end, &out->steps);
	if (rc == SC_OK)
		rc = today_list(db, a, sql_today_evaluations, user_id, window_end, &out->evaluations);
	if (rc == SC_OK)
		rc = today_list(db, a, sql_today_no_contact, user_id, contact_before, &out->no_contact);
	if (rc == SC_OK)
		rc = today_list(db, a, sql_today_tasks, user_id, window_end, &out->tasks);
	return rc;
}
