/*
 * staff.h — INTERNAL to src/store/: a staff user's centre and roles, as SQL.
 *
 * A user holds the installation's roles in users.roles (administrator) and
 * a centre's roles in centre_members. The centre a user works in is the
 * one they last chose (users.centre_id) while they are a member of it,
 * else the first they are a member of, else centre 1 (an administrator or
 * national analyst of the installation with no centre roles).
 */
#ifndef SC_STORE_STAFF_H
#define SC_STORE_STAFF_H

#include "../domain/access.h"

/* The centre user alias u works in (SQL expression): the one chosen while
 * they are a member of it (an administrator of the installation may work
 * in any), else the first they are a member of, else centre 1. */
#define USER_CENTRE(u) \
	"COALESCE((SELECT c.id FROM centres c WHERE c.id = " u ".centre_id AND ((" u ".roles & 1) = 1" \
	" OR EXISTS (SELECT 1 FROM centre_members cm WHERE cm.user_id = " u ".id AND cm.centre_id = c.id)))," \
	" (SELECT MIN(cm.centre_id) FROM centre_members cm WHERE cm.user_id = " u ".id), 1)"

/* The number of centres user alias u may work in: every one for an
 * administrator of the installation, else those they are a member of. */
#define USER_NCENTRES(u) \
	"(CASE WHEN (" u ".roles & 1) = 1 THEN (SELECT COUNT(*) FROM centres)" \
	" ELSE (SELECT COUNT(*) FROM centre_members cm WHERE cm.user_id = " u ".id) END)"

/* The roles user alias u holds in centre c (an SQL expression or $N). */
#define STAFF_ROLES(u, c) \
	"(" u ".roles | COALESCE((SELECT cm.roles FROM centre_members cm WHERE cm.user_id = " u ".id" \
	" AND cm.centre_id = " c "), 0))"

/* The roles user alias u holds in the centre they work in. */
#define USER_ROLES(u) STAFF_ROLES(u, USER_CENTRE(u))

/* The columns of a user (struct user), named for staff_read_user(); user
 * alias u, with roles the SQL expression of their roles. */
#define STAFF_USER_COLS(u, roles) \
	u ".id AS user_id, " u ".username, " u ".display_name, " roles " AS roles, " u ".language," \
	" " u ".active, " u ".version, " u ".created_at, " u ".updated_at, " USER_CENTRE(u) " AS centre_id, " \
	USER_NCENTRES(u) " AS ncentres"

/* A signed-in user: their roles in the centre they work in. */
#define SIGNED_IN_COLS(u) STAFF_USER_COLS(u, USER_ROLES(u))

struct db_stmt;
struct arena;
struct user;

/* Reads the SIGNED_IN_COLS of the current row into u, by name (and
 * password_hash when the row has it). SC_ENOMEM when the arena is full. */
int staff_read_user(struct db_stmt *st, struct arena *a, struct user *u);

/* The installation's roles: kept in users.roles (administrator, national
 * analyst). */
#define INSTALLATION_ROLES ROLE_INSTALLATION_BITS

#endif
