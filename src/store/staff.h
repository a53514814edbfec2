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

/* The centre user alias u works in (SQL expression). */
#define USER_CENTRE(u) \
	"COALESCE((SELECT cm.centre_id FROM centre_members cm WHERE cm.user_id = " u ".id" \
	" AND cm.centre_id = " u ".centre_id), (SELECT MIN(cm.centre_id) FROM centre_members cm" \
	" WHERE cm.user_id = " u ".id), 1)"

/* The roles user alias u holds in centre c (an SQL expression or $N). */
#define STAFF_ROLES(u, c) \
	"(" u ".roles | COALESCE((SELECT cm.roles FROM centre_members cm WHERE cm.user_id = " u ".id" \
	" AND cm.centre_id = " c "), 0))"

/* The roles user alias u holds in the centre they work in. */
#define USER_ROLES(u) STAFF_ROLES(u, USER_CENTRE(u))

/* The installation's roles: kept in users.roles (administrator, national
 * analyst). */
#define INSTALLATION_ROLES ROLE_INSTALLATION_BITS

#endif
