/*
 * store_audit.c — the append-only audit log; see store.h.
 * The filters are fixed SQL with optional parameters, never built strings.
 */
#include "db.h"
#include "store.h"
#include "../util/arena.h"
#include "../util/err.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static const char sql_insert[] =
	"INSERT INTO audit_log (at, user_id, username, action, record_type, record_id, address, outcome,"
	" centre_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/* Every filter, each written to hold for "any" too ($N '' or 0). $7: the
 * centre (0 = every one); the first centre's entries include those
 * without one (store.h). The time range is plain: $5 is 0 and $6 the
 * largest time when not given, so it narrows the index that leads. */
#define AUDIT_FILTERS \
	" AND at >= $5 AND at < $6" \
	" AND ($7 = 0 OR centre_id = $7 OR (centre_id IS NULL AND $7 = 1))" \
	" AND ($1 = '' OR username = $1)" \
	" AND ($2 = '' OR action = $2 OR (substr($2, length($2), 1) = '.' AND substr(action, 1, length($2)) = $2))" \
	" AND ($3 = '' OR record_type = $3)" \
	" AND ($4 = '' OR record_id = $4)"

/*
 * What leads the search: the index of the narrowest filter given, named
 * by an equality. A bound "$1 = '' OR username = $1" hides the column's
 * index from a prepared plan (decision 71), so each lead has statements
 * of its own; with one for every search, the search of a record, a user
 * or an action read the log from the newest entry on (3.1-4.6 s at 7.3
 * million entries, decision 123). An action's prefix ("register.") and a
 * record type alone read by time, as the newest match is near. A centre's
 * own entries (a leader's page with no other filter) read audit_centre:
 * by time, a small centre's entries in a country's log are far apart
 * (decision 132). The first centre, which also holds the entries of none,
 * reads by time.
 */
enum audit_lead { LEAD_TIME, LEAD_RECORD, LEAD_USER, LEAD_ACTION, LEAD_CENTRE, LEADS };
#define LEAD_TIME_SQL " WHERE 1 = 1"
#define LEAD_RECORD_SQL " WHERE record_type = $3 AND record_id = $4"
#define LEAD_USER_SQL " WHERE username = $1"
#define LEAD_ACTION_SQL " WHERE action = $2"
#define LEAD_CENTRE_SQL " WHERE centre_id = $7"
/* $8: how many to count at most (the cap + 1, or all) */
#define AUDIT_COUNT(lead) "SELECT COUNT(*) FROM (SELECT 1 FROM audit_log" lead AUDIT_FILTERS " LIMIT $8) counted"
#define AUDIT_LIST(lead)                                                                            \
	"SELECT id, at, COALESCE(user_id, 0), username, action, record_type, record_id, address, outcome," \
	" COALESCE(centre_id, 0) FROM audit_log" lead AUDIT_FILTERS " ORDER BY at DESC, id DESC LIMIT $8 OFFSET $9"
static const char *const sql_count[LEADS] = {
	AUDIT_COUNT(LEAD_TIME_SQL), AUDIT_COUNT(LEAD_RECORD_SQL), AUDIT_COUNT(LEAD_USER_SQL),
	AUDIT_COUNT(LEAD_ACTION_SQL), AUDIT_COUNT(LEAD_CENTRE_SQL)};
static const char *const sql_list[LEADS] = {
	AUDIT_LIST(LEAD_TIME_SQL), AUDIT_LIST(LEAD_RECORD_SQL), AUDIT_LIST(LEAD_USER_SQL),
	AUDIT_LIST(LEAD_ACTION_SQL), AUDIT_LIST(LEAD_CENTRE_SQL)};

static bool
given(const char *s)
{
	return s != NULL && s[0] != '\0';
}

static enum audit_lead
lead_of(const struct audit_filter *f)
{
	if (given(f->record_type) && given(f->record_id))
		return LEAD_RECORD;
	if (given(f->username))
		return LEAD_USER;
	if (given(f->action) && f->action[strlen(f->action) - 1] != '.')
		return LEAD_ACTION;
	if (f->centre > 1)
		return LEAD_CENTRE;
	return LEAD_TIME;
}

int
store_audit_add(struct db *db, int64_t centre, int64_t at, int64_t user_id, const char *username,
		const char *action, const char *record_type, const char *record_id,
		const char *address, const char *outcome)
{
	/* A read-only connection of the standby writes its entries through
	 * the primary connection it serves (store_read_acquire). */
	if (db_writer(db) != NULL)
		db = db_writer(db);
	struct db_stmt *st = db_prepare(db, sql_insert);
	if (st == NULL)
		return db_unavailable(db) ? SC_EUNAVAIL : SC_EDB;
	db_bind_int(st, 1, at);
	if (user_id > 0)
		db_bind_int(st, 2, user_id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, username ? username : "");
	db_bind_text(st, 4, action);
	db_bind_text(st, 5, record_type ? record_type : "");
	db_bind_text(st, 6, record_id ? record_id : "");
	db_bind_text(st, 7, address ? address : "");
	db_bind_text(st, 8, outcome ? outcome : "ok");
	if (centre > 0)
		db_bind_int(st, 9, centre);
	else
		db_bind_null(st, 9);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? SC_OK : (rc < 0 ? rc : SC_EDB);
}

static void
bind_filter(struct db_stmt *st, const struct audit_filter *f)
{
	db_bind_text(st, 1, f->username ? f->username : "");
	db_bind_text(st, 2, f->action ? f->action : "");
	db_bind_text(st, 3, f->record_type ? f->record_type : "");
	db_bind_text(st, 4, f->record_id ? f->record_id : "");
	db_bind_int(st, 5, f->from);
	db_bind_int(st, 6, f->to != 0 ? f->to : INT64_MAX);
	db_bind_int(st, 7, f->centre);
}

int
store_audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
		 struct audit_entry **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	enum audit_lead lead = lead_of(f);
	struct db_stmt *st = db_prepare(db, sql_count[lead]);
	if (st == NULL)
		return SC_EDB;
	bind_filter(st, f);
	db_bind_int(st, 8, f->count_cap > 0 && f->count_cap < INT64_MAX ? f->count_cap + 1 : INT64_MAX);
	int rc = db_step(st);
	*total = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc < 0)
		return rc;
	int64_t limit = store_page_limit(f->limit, 500, 50);
	struct audit_entry *list = arena_alloc(a, sizeof *list * (size_t)limit);
	if (list == NULL)
		return SC_ENOMEM;
	st = db_prepare(db, sql_list[lead]);
	if (st == NULL)
		return SC_EDB;
	bind_filter(st, f);
	db_bind_int(st, 8, limit);
	db_bind_int(st, 9, f->offset < 0 ? 0 : f->offset);
	size_t count = 0;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)limit) {
		struct audit_entry *e = &list[count++];
		e->id = db_col_int(st, 0);
		e->at = db_col_int(st, 1);
		e->user_id = db_col_int(st, 2);
		e->username = arena_strdup(a, db_col_text(st, 3));
		e->action = arena_strdup(a, db_col_text(st, 4));
		e->record_type = arena_strdup(a, db_col_text(st, 5));
		e->record_id = arena_strdup(a, db_col_text(st, 6));
		e->address = arena_strdup(a, db_col_text(st, 7));
		e->outcome = arena_strdup(a, db_col_text(st, 8));
		e->centre_id = db_col_int(st, 9);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}
