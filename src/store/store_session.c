/*
 * store_session.c — sessions, sign-in failures and API tokens; see store.h.
 * Tokens are stored only as SHA-256 digests (util/token.h).
 */
#include "db.h"
#include "staff.h"
#include "store.h"
#include "table.h"
#include "../domain/authrules.h"
#include "../util/arena.h"
#include "../util/err.h"

#include <string.h>

static const char sql_session_insert[] =
	"INSERT INTO sessions (token_digest, user_id, csrf, created_at, last_seen)"
	" VALUES ($1, $2, $3, $4, $4)";
static const char sql_session_lookup[] =
	"SELECT s.id AS session_id, s.csrf, s.created_at AS session_created_at, s.last_seen, "
	SIGNED_IN_COLS("u") " FROM sessions s JOIN users u ON u.id = s.user_id"
	" WHERE s.token_digest = $1 AND u.active = 1";
static const char sql_session_touch[] = "UPDATE sessions SET last_seen = $2 WHERE id = $1";
static const char sql_session_delete[] = "DELETE FROM sessions WHERE token_digest = $1";
static const char sql_session_delete_user[] = "DELETE FROM sessions WHERE user_id = $1";
static const char sql_session_delete_others[] =
	"DELETE FROM sessions WHERE user_id = $1 AND id <> $2";
static const char sql_session_purge[] =
	"DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2";

static const char sql_failure_insert[] =
	"INSERT INTO login_failures (username, address, at) VALUES ($1, $2, $3) RETURNING id";
static const char sql_failure_delete[] = "DELETE FROM login_failures WHERE id = $1";
static const char sql_failures_pair[] =
	"SELECT COUNT(*), COALESCE(MAX(at), 0) FROM login_failures"
	" WHERE username = $1 AND address = $2 AND at >= $3";
static const char sql_failures_user[] =
	"SELECT COUNT(*), COALESCE(MAX(at), 0) FROM login_failures WHERE username = $1 AND at >= $2";
static const char sql_failures_addr[] =
	"SELECT COUNT(*), COALESCE(MAX(at), 0) FROM login_failures WHERE address = $1 AND at >= $2";
static const char sql_failures_clear[] =
	"DELETE FROM login_failures WHERE username = $1 AND address = $2";
static const char sql_failures_purge[] = "DELETE FROM login_failures WHERE at < $1";
/* One account's sign-ins queue behind each other until the transaction
 * ends. The two-key form keeps clear of the migration lock's one key; 5312
 * is this lock's class. SQLite needs nothing: BEGIN IMMEDIATE already lets
 * one writer in at a time. */
static const char sql_login_lock_pg[] = "SELECT pg_advisory_xact_lock(5312, hashtext($1))";

static const char sql_token_insert[] =
	"INSERT INTO api_tokens (user_id, name, token_digest, created_at, expires_at)"
	" VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char sql_token_list[] =
	"SELECT id, name, created_at, last_used, revoked_at, expires_at FROM api_tokens"
	" WHERE user_id = $1 ORDER BY created_at DESC, id DESC";
static const char sql_token_revoke[] =
	"UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at = 0";
static const char sql_token_lookup[] =
	"SELECT t.id AS token_id, t.last_used, " SIGNED_IN_COLS("u")
	" FROM api_tokens t JOIN users u ON u.id = t.user_id"
	" WHERE t.token_digest = $1 AND t.revoked_at = 0 AND t.expires_at > $2 AND u.active = 1";
static const char sql_token_touch[] = "UPDATE api_tokens SET last_used = $2 WHERE id = $1";
static const char sql_token_revoke_user[] =
	"UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at = 0";

int
store_session_create(struct db *db, const char *token_digest, int64_t user_id,
		     const char *csrf, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_session_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, token_digest);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	db_bind_int(st, 4, now);
	return db_run(st, NULL);
}

int
store_session_lookup(struct db *db, struct arena *a, const char *token_digest,
		     struct session *s, struct user *u)
{
	struct db_stmt *st = db_prepare(db, sql_session_lookup);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, token_digest);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		memset(s, 0, sizeof *s);
		rc = staff_read_user(st, a, u);
		s->id = table_col_int(st, "session_id");
		s->user_id = u->id;
		s->csrf = arena_strdup(a, table_col_text(st, "csrf"));
		s->created_at = table_col_int(st, "session_created_at");
		s->last_seen = table_col_int(st, "last_seen");
		if (rc == SC_OK && s->csrf == NULL)
			rc = SC_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int
store_session_touch(struct db *db, int64_t session_id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_session_touch);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, session_id);
	db_bind_int(st, 2, now);
	return db_run(st, NULL);
}

int
store_session_delete(struct db *db, const char *token_digest)
{
	struct db_stmt *st = db_prepare(db, sql_session_delete);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, token_digest);
	return db_run(st, NULL);
}

int
store_session_delete_user(struct db *db, int64_t user_id)
{
	struct db_stmt *st = db_prepare(db, sql_session_delete_user);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	return db_run(st, NULL);
}

int
store_session_delete_others(struct db *db, int64_t user_id, int64_t keep_id)
{
	struct db_stmt *st = db_prepare(db, sql_session_delete_others);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, keep_id);
	return db_run(st, NULL);
}

int
store_session_purge(struct db *db, int64_t idle_before, int64_t created_before)
{
	struct db_stmt *st = db_prepare(db, sql_session_purge);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, idle_before);
	db_bind_int(st, 2, created_before);
	return db_run(st, NULL);
}

int
store_login_lock(struct db *db, const char *username)
{
	if (db_kind(db) != DB_POSTGRES)
		return SC_OK;
	struct db_stmt *st = db_prepare(db, sql_login_lock_pg);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, username);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_login_failure_add(struct db *db, const char *username, const char *address, int64_t now,
			int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_failure_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, username);
	db_bind_text(st, 2, address);
	db_bind_int(st, 3, now);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	return rc;
}

int
store_login_failure_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql_failure_delete);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	return db_run(st, NULL);
}

/* Runs one of the count statements, already bound, into *count, *latest. */
static int
failure_count(struct db_stmt *st, int64_t *count, int64_t *latest)
{
	int rc = db_step(st);
	*count = rc == DB_ROW ? db_col_int(st, 0) : 0;
	*latest = rc == DB_ROW ? db_col_int(st, 1) : 0;
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_login_failure_counts(struct db *db, const char *username, const char *address,
			   int64_t since, struct throttle_counts *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_prepare(db, sql_failures_pair);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, username);
	db_bind_text(st, 2, address);
	db_bind_int(st, 3, since);
	int rc = failure_count(st, &out->pair, &out->pair_latest);
	if (rc != SC_OK)
		return rc;
	if ((st = db_prepare(db, sql_failures_user)) == NULL)
		return SC_EDB;
	db_bind_text(st, 1, username);
	db_bind_int(st, 2, since);
	rc = failure_count(st, &out->account, &out->account_latest);
	if (rc != SC_OK)
		return rc;
	if ((st = db_prepare(db, sql_failures_addr)) == NULL)
		return SC_EDB;
	db_bind_text(st, 1, address);
	db_bind_int(st, 2, since);
	return failure_count(st, &out->address, &out->address_latest);
}

int
store_login_failures_clear(struct db *db, const char *username, const char *address)
{
	struct db_stmt *st = db_prepare(db, sql_failures_clear);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, username);
	db_bind_text(st, 2, address);
	return db_run(st, NULL);
}

int
store_login_failures_purge(struct db *db, int64_t before)
{
	struct db_stmt *st = db_prepare(db, sql_failures_purge);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, before);
	return db_run(st, NULL);
}

int
store_token_create(struct db *db, int64_t user_id, const char *name,
		   const char *token_digest, int64_t now, int64_t expires_at, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_token_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, token_digest);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, expires_at);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	return rc;
}

int
store_token_list(struct db *db, struct arena *a, int64_t user_id,
		 struct api_token **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_token_list);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	size_t cap = 0;
	struct api_token *list = NULL;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, *n, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct api_token *t = &list[(*n)++];
		t->id = table_col_int(st, "id");
		t->name = arena_strdup(a, table_col_text(st, "name"));
		t->created_at = table_col_int(st, "created_at");
		t->last_used = table_col_int(st, "last_used");
		t->revoked_at = table_col_int(st, "revoked_at");
		t->expires_at = table_col_int(st, "expires_at");
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	return SC_OK;
}

int
store_token_revoke(struct db *db, int64_t user_id, int64_t token_id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_token_revoke);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, token_id);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, now);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_token_lookup(struct db *db, struct arena *a, const char *token_digest,
		   int64_t now, int64_t *token_id, struct user *u)
{
	struct db_stmt *st = db_prepare(db, sql_token_lookup);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, token_digest);
	db_bind_int(st, 2, now);
	int rc = db_step(st);
	int64_t last_used = 0;
	if (rc == DB_ROW) {
		rc = staff_read_user(st, a, u);
		*token_id = table_col_int(st, "token_id");
		last_used = table_col_int(st, "last_used");
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	if (rc == SC_OK && now - last_used >= 60) {
		st = db_prepare(db, sql_token_touch);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, *token_id);
		db_bind_int(st, 2, now);
		rc = db_run(st, NULL);
	}
	return rc;
}

int
store_user_revoke_access(struct db *db, int64_t user_id, int64_t now)
{
	int rc = store_session_delete_user(db, user_id);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_token_revoke_user);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, now);
	return db_run(st, NULL);
}
