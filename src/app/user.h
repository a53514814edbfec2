/*
 * user.h — the commands and queries of staff accounts (domain/user.h):
 * the administrator's (list, read, create, edit, reset a password) and a
 * user's own (change their password, choose their language).
 *
 * Users belong to the installation; their roles, but for the
 * installation's (administrator, national analyst), are held per centre.
 * The actor's centre is the one whose roles a command reads and writes.
 * An administrator of the installation sees every user; a leader the
 * members of their centre and those of no centre.
 *
 * Passwords arrive hashed (util/password.h): the web layer hashes on its
 * pool, the command line in its own thread, between the check of a new
 * user (app_user_new_check) and its creation (app_user_create).
 */
#ifndef SC_APP_USER_H
#define SC_APP_USER_H

#include "app/app.h"
#include "domain/user.h"

/* A page (from 1) of the users the actor sees, by username, per_page
 * 1..1000; audited as "user.list". */
int app_users(struct db *db, struct arena *a, const struct actor *actor, int64_t page, int64_t per_page,
	      struct staff_user **items, size_t *n, int64_t *total);

/* One user as the actor sees them (roles in the actor's centre);
 * REFUSED_NOT_FOUND when there is none to see. audit: also audits it as
 * "user.read". */
int app_user(struct db *db, struct arena *a, const struct actor *actor, int64_t id, bool audit,
	     struct staff_user *out, struct outcome *o);

/* Checks a new user before its password is hashed: the fields' rules, the
 * password (may be NULL) and a free username (REFUSED_DUPLICATE with the
 * error beside "username" when taken). REFUSED_INVALID with the fields. */
int app_user_new_check(struct db *db, struct arena *a, const struct actor *actor,
		       const struct staff_user *in, const char *password, struct outcome *o);

/* Creates the user checked by app_user_new_check() with the password's
 * hash, their roles in the actor's centre, in the installation's default
 * language in->language; audited. REFUSED_DUPLICATE when the username was
 * taken meanwhile. o->id is the new user's id. */
int app_user_create(struct db *db, const struct actor *actor, const struct staff_user *in,
		    const char *password_hash, struct outcome *o);

/* Writes in's display name, roles (in the actor's centre) and active over
 * user id when its version is still version; a user made inactive loses
 * their sessions and API tokens. REFUSED_NOT_FOUND; REFUSED_INVALID (the
 * last active administrator keeps the role); REFUSED_STALE with o->version
 * the saved version. Audited as "user.update". */
int app_user_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		    int64_t version, const struct staff_user *in, struct outcome *o);

/* The password rules for a user's new password (authrules): REFUSED_INVALID
 * with the error beside field. */
int app_user_password_check(const char *password, const char *username, const char *field,
			    struct outcome *o);

/* Sets user id's password hash; their sessions end and their API tokens
 * are revoked. REFUSED_NOT_FOUND. Audited as "user.password.reset". */
int app_user_password_reset(struct db *db, const struct actor *actor, int64_t id, const char *password_hash,
			    struct outcome *o);

/* The actor's own new password (the current one verified by the caller):
 * every other session of theirs (keep_session stays) ends. Audited as
 * "user.password.change". */
int app_account_password(struct db *db, const struct actor *actor, int64_t keep_session,
			 const char *password_hash);

/* Audits a refused change of the actor's own password (the current one
 * was wrong). */
void app_account_password_refused(struct db *db, const struct actor *actor);

/* The actor's language ("nb" or "en"). */
int app_account_language(struct db *db, const struct actor *actor, const char *code);

#endif
