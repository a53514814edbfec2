/*
 * store_health.c — health notes and referrals to a health worker; see
 * store_health.h.
 */
#include "db.h"
#include "store.h"
#include "table.h"
#include "util/arena.h"
#include "util/err.h"

static struct table notes = {.name = "health_notes", .fields = &health_note_fields, .centre = true};

/* $3 (in the count; $5 in the page) narrows to one author's notes, 0 to none. */
static const char sql_count[] =
	"SELECT COUNT(*) FROM health_notes WHERE centre_id = $1 AND participant_id = $2"
	" AND ($3 = 0 OR author_id = $3)";
static const char sql_page[] =
	"SELECT h.id, h.participant_id, h.written_on, h.body, h.author_id,"
	" COALESCE(u.display_name, '') AS author_name, h.created_at"
	" FROM health_notes h LEFT JOIN users u ON u.id = h.author_id"
	" WHERE h.centre_id = $1 AND h.participant_id = $2 AND ($5 = 0 OR h.author_id = $5)"
	" ORDER BY h.written_on DESC, h.id DESC LIMIT $3 OFFSET $4";

static const char sql_referral_open[] =
	"SELECT 1 FROM health_referrals WHERE centre_id = $1 AND participant_id = $2 AND health_id = $3"
	" AND ended_on IS NULL";
/* The resource's columns, written out: the referral also keeps who made it
 * and when, which it does not show. */
static const char sql_referral_insert[] =
	"INSERT INTO health_referrals (participant_id, health_id, referred_on, reason, created_at,"
	" created_by, centre_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
static const char sql_referral_end[] =
	"UPDATE health_referrals SET ended_on = $1, ended_by = $2"
	" WHERE centre_id = $3 AND participant_id = $4 AND id = $5 AND ended_on IS NULL";
static const char sql_referrals[] =
	"SELECT h.id, h.participant_id, h.health_id, COALESCE(u.display_name, '') AS health_name,"
	" h.referred_on, h.reason, h.ended_on"
	" FROM health_referrals h LEFT JOIN users u ON u.id = h.health_id"
	" WHERE h.centre_id = $1 AND h.participant_id = $2"
	" ORDER BY CASE WHEN h.ended_on IS NULL THEN 0 ELSE 1 END, h.referred_on DESC, h.id DESC"
	" LIMIT 100";

/* The open referrals to a health worker ($2) of the centre ($1), newest
 * first, with the participant's name and who referred. */
static const char sql_referred_count[] =
	"SELECT COUNT(*) FROM health_referrals h"
	" JOIN participants p ON p.id = h.participant_id AND p.centre_id = h.centre_id"
	" WHERE h.centre_id = $1 AND h.health_id = $2 AND h.ended_on IS NULL";
static const char sql_referred_page[] =
	"SELECT h.id, h.participant_id, p.given_name, p.family_name, h.referred_on,"
	" COALESCE(u.display_name, '') AS referred_by_name, h.reason"
	" FROM health_referrals h"
	" JOIN participants p ON p.id = h.participant_id AND p.centre_id = h.centre_id"
	" LEFT JOIN users u ON u.id = h.created_by"
	" WHERE h.centre_id = $1 AND h.health_id = $2 AND h.ended_on IS NULL"
	" ORDER BY h.referred_on DESC, h.id DESC LIMIT $3 OFFSET $4";

int
store_health_note_add(struct db *db, int64_t centre, const struct health_note *n, int64_t *id)
{
	return table_insert(db, &notes, centre, n, 0, 0, id);
}

int
store_health_notes(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, int64_t author_id,
		   int64_t limit, int64_t offset, struct health_note **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	limit = store_page_limit(limit, 500, 50);
	struct db_stmt *st = db_prepare(db, sql_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, author_id > 0 ? author_id : 0);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	struct health_note *list = arena_alloc(a, sizeof *list * (size_t)limit);
	if (list == NULL)
		return SC_ENOMEM;
	st = db_prepare(db, sql_page);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset < 0 ? 0 : offset);
	db_bind_int(st, 5, author_id > 0 ? author_id : 0);
	size_t count = 0;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)limit) {
		fields_clear(health_note_fields, &list[count]);
		rc = table_read(st, health_note_fields, &list[count], a);
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

/* ---- referrals to a health worker ---- */

/* Binds the declared field key of h at idx. */
static void
bind_referral(struct db_stmt *st, int idx, const char *key, const struct health_referral *h)
{
	table_bind_field(st, idx, fields_find(health_referral_fields, key), h);
}

int
store_health_referral_add(struct db *db, int64_t centre, const struct health_referral *h, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_referral_open);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, h->participant_id);
	db_bind_int(st, 3, h->health_id);
	int rc = db_step(st);
	db_done(st);
	if (rc == DB_ROW)
		return SC_ECONFLICT;
	if (rc != DB_DONE)
		return rc < 0 ? rc : SC_EDB;
	st = db_prepare(db, sql_referral_insert);
	if (st == NULL)
		return SC_EDB;
	bind_referral(st, 1, "participant_id", h);
	bind_referral(st, 2, "health_id", h);
	bind_referral(st, 3, "referred_on", h);
	db_bind_text(st, 4, h->reason != NULL ? h->reason : "");
	db_bind_int(st, 5, h->created_at);
	if (h->created_by > 0)
		db_bind_int(st, 6, h->created_by);
	else
		db_bind_null(st, 6);
	db_bind_int(st, 7, centre);
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
store_health_referral_end(struct db *db, int64_t centre, int64_t participant_id, int64_t id,
			  struct date on, int64_t by)
{
	struct db_stmt *st = db_prepare(db, sql_referral_end);
	if (st == NULL)
		return SC_EDB;
	struct health_referral ended;
	fields_clear(health_referral_fields, &ended);
	ended.ended_on = on;
	bind_referral(st, 1, "ended_on", &ended);
	if (by > 0)
		db_bind_int(st, 2, by);
	else
		db_bind_null(st, 2);
	db_bind_int(st, 3, centre);
	db_bind_int(st, 4, participant_id);
	db_bind_int(st, 5, id);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_health_referrals(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
		       struct health_referral **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct health_referral *list = arena_alloc(a, sizeof *list * 100);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_referrals);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 100) {
		struct health_referral *h = &list[count];
		fields_clear(health_referral_fields, h);
		h->created_at = 0;
		h->created_by = 0;
		rc = table_read(st, health_referral_fields, h, a);
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
store_health_referrals_to(struct db *db, struct arena *a, int64_t centre, int64_t health_id, int64_t limit,
			  int64_t offset, struct health_referral_row **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	limit = store_page_limit(limit, 500, 50);
	struct db_stmt *st = db_prepare(db, sql_referred_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, health_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	struct health_referral_row *list = arena_alloc(a, sizeof *list * (size_t)limit);
	if (list == NULL)
		return SC_ENOMEM;
	st = db_prepare(db, sql_referred_page);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, health_id);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset < 0 ? 0 : offset);
	size_t count = 0;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)limit) {
		fields_clear(health_referral_row_fields, &list[count]);
		rc = table_read(st, health_referral_row_fields, &list[count], a);
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
