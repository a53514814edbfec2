/*
 * store_user.c — staff accounts and the centres they work in; see store.h.
 *
 * Rows are read by column name: a signed-in user (struct user) by
 * staff_read_user(), a user as an administrator sees them (struct
 * staff_user, domain/user.h) by its declared fields, the roles bit set
 * beside them.
 */
#include "db.h"
#include "staff.h"
#include "store.h"
#include "table.h"
#include "../util/arena.h"
#include "../util/err.h"

#include <string.h>

/* A user as an administrator or leader of centre $1 sees them. */
#define STAFF_COLS \
	"u.id, u.username, u.display_name, " STAFF_ROLES("u", "$1") " AS roles, u.language, u.active," \
	" u.version"
/* Whom they see ($2 = 1: every user; else the members of centre $1 and
 * those of no centre). */
#define STAFF_SEEN \
	"($2 = 1 OR EXISTS (SELECT 1 FROM centre_members cm WHERE cm.user_id = u.id AND cm.centre_id = $1)" \
	" OR NOT EXISTS (SELECT 1 FROM centre_members cm WHERE cm.user_id = u.id))"

static const char sql_insert[] =
	"INSERT INTO users (username, display_name, password_hash, roles, language, centre_id,"
	" created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
static const char sql_by_username[] =
	"SELECT " SIGNED_IN_COLS("u") ", u.password_hash FROM users u WHERE u.username = $1";
static const char sql_by_id[] =
	"SELECT " SIGNED_IN_COLS("u") " FROM users u WHERE u.id = $1";
static const char sql_get[] =
	"SELECT " STAFF_COLS " FROM users u WHERE u.id = $3 AND " STAFF_SEEN;
static const char sql_list[] =
	"SELECT " STAFF_COLS " FROM users u WHERE " STAFF_SEEN " ORDER BY u.username LIMIT $3 OFFSET $4";
static const char sql_count[] = "SELECT COUNT(*) AS n FROM users u WHERE " STAFF_SEEN;
static const char sql_list_role[] =
	"SELECT " STAFF_USER_COLS("u", STAFF_ROLES("u", "$1")) " FROM users u WHERE u.active = 1"
	" AND (" STAFF_ROLES("u", "$1") " & $2) = $2 ORDER BY u.display_name, u.id LIMIT 500";
static const char sql_member_set[] =
	"INSERT INTO centre_members (user_id, centre_id, roles) VALUES ($1, $2, $3)"
	" ON CONFLICT (user_id, centre_id) DO UPDATE SET roles = excluded.roles";
static const char sql_member_delete[] =
	"DELETE FROM centre_members WHERE user_id = $1 AND centre_id = $2";
static const char sql_set_centre[] = "UPDATE users SET centre_id = $2 WHERE id = $1";
static const char sql_centres_of[] =
	"SELECT c.id, c.name FROM centres c WHERE ($2 = 1 OR EXISTS (SELECT 1 FROM centre_members cm"
	" WHERE cm.user_id = $1 AND cm.centre_id = c.id)) ORDER BY c.name, c.id LIMIT 500";
static const char sql_set_password[] =
	"UPDATE users SET password_hash = $2, updated_at = $3, version = version + 1 WHERE id = $1";
static const char sql_update[] =
	"UPDATE users SET display_name = $3, roles = $4, active = $5, updated_at = $6,"
	" version = version + 1 WHERE id = $1 AND version = $2";
static const char sql_exists[] = "SELECT 1 FROM users WHERE id = $1";
static const char sql_set_language[] = "UPDATE users SET language = $2 WHERE id = $1";
static const char sql_count_admins[] =
	"SELECT COUNT(*) AS n FROM users WHERE active = 1 AND (roles & 1) = 1";

/* An arena copy of a column's text by name; NULL when out of memory. */
static char *
col_dup(struct db_stmt *st, struct arena *a, const char *name)
{
	return arena_strdup(a, table_col_text(st, name));
}

int
staff_read_user(struct db_stmt *st, struct arena *a, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = table_col_int(st, "user_id");
	u->username = col_dup(st, a, "username");
	u->display_name = col_dup(st, a, "display_name");
	u->roles = (uint32_t)table_col_int(st, "roles");
	u->language = col_dup(st, a, "language");
	u->active = table_col_int(st, "active") != 0;
	u->version = table_col_int(st, "version");
	u->created_at = table_col_int(st, "created_at");
	u->updated_at = table_col_int(st, "updated_at");
	u->centre_id = table_col_int(st, "centre_id");
	u->ncentres = table_col_int(st, "ncentres");
	if (table_col(st, "password_hash") >= 0) {
		u->password_hash = col_dup(st, a, "password_hash");
		if (u->password_hash == NULL)
			return SC_ENOMEM;
	}
	return (u->username && u->display_name && u->language) ? SC_OK : SC_ENOMEM;
}

/* Reads a STAFF_COLS row: the declared fields, and the roles bit set
 * (a column of its own kind, not the fields' text). */
static int
read_staff(struct db_stmt *st, struct arena *a, struct staff_user *u)
{
	fields_clear(staff_user_fields, u);
	int rc = table_read(st, staff_user_fields, u, a);
	u->roles = (uint32_t)table_col_int(st, "roles");
	return rc;
}

/* Sets the user's roles in a centre: a membership row, gone when none. */
static int
member_set(struct db *db, int64_t user_id, int64_t centre, uint32_t roles)
{
	struct db_stmt *st = db_prepare(db, roles != 0 ? sql_member_set : sql_member_delete);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, centre);
	if (roles != 0)
		db_bind_int(st, 3, roles);
	return db_run(st, NULL);
}

int
store_user_create(struct db *db, const char *username, const char *display_name,
		  const char *password_hash, uint32_t roles, const char *language, int64_t centre,
		  int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, username);
	db_bind_text(st, 2, display_name);
	db_bind_text(st, 3, password_hash);
	db_bind_int(st, 4, roles & INSTALLATION_ROLES);
	db_bind_text(st, 5, language);
	db_bind_int(st, 6, centre);
	db_bind_int(st, 7, now);
	int64_t new_id = 0;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		new_id = table_col_int(st, "id");
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	if (rc == SC_OK && (roles & ~INSTALLATION_ROLES) != 0)
		rc = member_set(db, new_id, centre, roles & ~INSTALLATION_ROLES);
	if (rc == SC_OK && id != NULL)
		*id = new_id;
	return rc;
}

static int
user_one(struct db *db, struct arena *a, const char *sql, const char *key, int64_t id, struct user *out)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	if (key != NULL)
		db_bind_text(st, 1, key);
	else
		db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = staff_read_user(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

int
store_user_by_username(struct db *db, struct arena *a, const char *username,
		       bool with_hash, struct user *out)
{
	int rc = user_one(db, a, sql_by_username, username, 0, out);
	if (rc == SC_OK && !with_hash)
		out->password_hash = NULL;
	return rc;
}

int
store_user_by_id(struct db *db, struct arena *a, int64_t id, struct user *out)
{
	return user_one(db, a, sql_by_id, NULL, id, out);
}

int
store_user_get(struct db *db, struct arena *a, int64_t centre, bool every, int64_t id,
	       struct staff_user *out)
{
	struct db_stmt *st = db_prepare(db, sql_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, every ? 1 : 0);
	db_bind_int(st, 3, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_staff(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

int
store_user_list(struct db *db, struct arena *a, int64_t centre, bool every, int64_t limit,
		int64_t offset, struct staff_user **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, every ? 1 : 0);
	int rc = db_step(st);
	*total = rc == DB_ROW ? table_col_int(st, "n") : 0;
	db_done(st);
	if (rc < 0)
		return rc;
	limit = store_page_limit(limit, 1000, 50);
	struct staff_user *list = arena_alloc(a, sizeof *list * (size_t)limit);
	if (list == NULL)
		return SC_ENOMEM;
	st = db_prepare(db, sql_list);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, every ? 1 : 0);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset < 0 ? 0 : offset);
	size_t count = 0;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)limit) {
		rc = read_staff(st, a, &list[count]);
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
store_user_list_role(struct db *db, struct arena *a, int64_t centre, uint32_t role_bit,
		     struct user **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct user *list = arena_alloc(a, sizeof *list * 500);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_list_role);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, role_bit);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 500) {
		rc = staff_read_user(st, a, &list[count]);
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
store_user_set_password(struct db *db, int64_t id, const char *password_hash, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_set_password);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, password_hash);
	db_bind_int(st, 3, now);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_user_update(struct db *db, int64_t id, int64_t expected_version, int64_t centre,
		  const char *display_name, uint32_t roles, bool active, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_update);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, expected_version);
	db_bind_text(st, 3, display_name);
	db_bind_int(st, 4, roles & INSTALLATION_ROLES);
	db_bind_int(st, 5, active ? 1 : 0);
	db_bind_int(st, 6, now);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed > 0)
		return member_set(db, id, centre, roles & ~INSTALLATION_ROLES);
	if (rc != SC_OK)
		return rc;
	/* Nothing changed: either the user is gone or the version is stale. */
	st = db_prepare(db, sql_exists);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? SC_ECONFLICT : SC_ENOTFOUND;
}

int
store_user_set_language(struct db *db, int64_t id, const char *language)
{
	struct db_stmt *st = db_prepare(db, sql_set_language);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, language);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_user_count_admins(struct db *db, int64_t *count)
{
	struct db_stmt *st = db_prepare(db, sql_count_admins);
	if (st == NULL)
		return SC_EDB;
	int rc = db_step(st);
	*count = rc == DB_ROW ? table_col_int(st, "n") : 0;
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* ---- the centres a user works in ---- */

int
store_user_set_centre(struct db *db, int64_t id, int64_t centre)
{
	struct db_stmt *st = db_prepare(db, sql_set_centre);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	return db_run(st, NULL);
}

int
store_user_centres(struct db *db, struct arena *a, int64_t user_id, bool every, struct centre **items,
		   size_t *n)
{
	*items = NULL;
	*n = 0;
	struct centre *list = arena_alloc(a, sizeof *list * 500);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_centres_of);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, every ? 1 : 0);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 500) {
		fields_clear(centre_fields, &list[count]);
		rc = table_read(st, centre_fields, &list[count], a);
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
