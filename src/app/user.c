/*
 * user.c — staff accounts; see user.h.
 */
#include "app/user.h"

#include "domain/authrules.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

/* An administrator of the installation sees every user. */
static bool
sees_every(const struct actor *a)
{
	return (a->roles & ROLE_BIT(ROLE_ADMIN)) != 0;
}

int
app_users(struct db *db, struct arena *a, const struct actor *actor, int64_t page, int64_t per_page,
	  struct staff_user **items, size_t *n, int64_t *total)
{
	if (page < 1)
		page = 1;
	int rc = store_user_list(db, a, actor->centre_id, sees_every(actor), per_page, (page - 1) * per_page,
				 items, n, total);
	if (rc == SC_OK)
		app_audit_read(db, actor, "user.list", "user", 0);
	return rc;
}

int
app_user(struct db *db, struct arena *a, const struct actor *actor, int64_t id, bool audit,
	 struct staff_user *out, struct outcome *o)
{
	memset(o, 0, sizeof *o);
	int rc = id > 0 ? store_user_get(db, a, actor->centre_id, sees_every(actor), id, out) : SC_ENOTFOUND;
	if (rc == SC_ENOTFOUND)
		return app_refuse(o, REFUSED_NOT_FOUND, NULL);
	if (rc == SC_OK && audit)
		app_audit_read(db, actor, "user.read", "user", id);
	return rc;
}

int
app_user_new_check(struct db *db, struct arena *a, const struct actor *actor, const struct staff_user *in,
		   const char *password, struct outcome *o)
{
	(void)actor;
	memset(o, 0, sizeof *o);
	fields_check_required(staff_user_new_fields, in, &o->errors);
	staff_user_check_new(in, password, &o->errors);
	if (o->errors.n > 0)
		return app_refuse(o, REFUSED_INVALID, NULL);
	struct user existing;
	int rc = store_user_by_username(db, a, in->username, false, &existing);
	if (rc == SC_OK) {
		app_invalid(o, "username", N_("That username is taken."));
		o->refusal = REFUSED_DUPLICATE;
		o->other_id = existing.id;
		return SC_OK;
	}
	return rc == SC_ENOTFOUND ? SC_OK : rc;
}

int
app_user_create(struct db *db, const struct actor *actor, const struct staff_user *in,
		const char *password_hash, struct outcome *o)
{
	memset(o, 0, sizeof *o);
	int64_t id = 0;
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_user_create(db, in->username, in->display_name, password_hash, in->roles,
				       in->language, actor->centre_id, actor->now, &id);
	if (rc == SC_ECONFLICT) {
		app_invalid(o, "username", N_("That username is taken."));
		o->refusal = REFUSED_DUPLICATE;
		rc = SC_OK;
	}
	if (rc == SC_OK && o->refusal == DONE)
		rc = app_audit(db, actor, "user.create", "user", id);
	o->id = id;
	return app_end(db, rc, o);
}

int
app_user_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
		const struct staff_user *in, struct outcome *o)
{
	struct staff_user now;
	int rc = app_user(db, a, actor, id, false, &now, o);
	if (rc != SC_OK || o->refusal != DONE)
		return rc;
	fields_check_required(staff_user_edit_fields, in, &o->errors);
	bool active = in->active == 1;
	/* The installation keeps an active administrator. */
	if (o->errors.n == 0 && (now.roles & ROLE_BIT(ROLE_ADMIN)) && now.active == 1 &&
	    (!(in->roles & ROLE_BIT(ROLE_ADMIN)) || !active)) {
		int64_t admins = 0;
		rc = store_user_count_admins(db, &admins);
		if (rc != SC_OK)
			return rc;
		if (admins <= 1 && !(in->roles & ROLE_BIT(ROLE_ADMIN)))
			field_error_add(&o->errors, "roles", N_("This is the last active administrator; keep the role."));
		else if (admins <= 1)
			field_error_add(&o->errors, "active",
					N_("This is the last active administrator; the installation needs one active."));
	}
	if (o->errors.n > 0)
		return app_refuse(o, REFUSED_INVALID, NULL);
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_user_update(db, id, version, actor->centre_id, in->display_name, in->roles, active,
				       actor->now);
	if (rc == SC_ECONFLICT) {
		app_refuse(o, REFUSED_STALE, NULL);
		o->version = now.version;
		rc = SC_OK;
	} else if (rc == SC_ENOTFOUND) {
		app_refuse(o, REFUSED_NOT_FOUND, NULL);
		rc = SC_OK;
	}
	if (rc == SC_OK && o->refusal == DONE)
		rc = app_audit(db, actor, "user.update", "user", id);
	if (rc == SC_OK && o->refusal == DONE && !active)
		rc = store_user_revoke_access(db, id, actor->now);
	o->id = id;
	return app_end(db, rc, o);
}

int
app_user_password_check(const char *password, const char *username, const char *field, struct outcome *o)
{
	memset(o, 0, sizeof *o);
	const char *reason = NULL;
	if (password_policy_check(password, username, &reason) != SC_OK)
		return app_invalid(o, field, reason);
	return SC_OK;
}

int
app_user_password_reset(struct db *db, const struct actor *actor, int64_t id, const char *password_hash,
			struct outcome *o)
{
	memset(o, 0, sizeof *o);
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_user_set_password(db, id, password_hash, actor->now);
	if (rc == SC_ENOTFOUND) {
		app_refuse(o, REFUSED_NOT_FOUND, NULL);
		rc = SC_OK;
	}
	if (rc == SC_OK && o->refusal == DONE)
		rc = store_user_revoke_access(db, id, actor->now);
	if (rc == SC_OK && o->refusal == DONE)
		rc = app_audit(db, actor, "user.password.reset", "user", id);
	o->id = id;
	return app_end(db, rc, o);
}

int
app_account_password(struct db *db, const struct actor *actor, int64_t keep_session, const char *password_hash)
{
	struct outcome o = {0};
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_user_set_password(db, actor->user_id, password_hash, actor->now);
	if (rc == SC_OK)
		rc = store_session_delete_others(db, actor->user_id, keep_session);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "user.password.change", "user", actor->user_id);
	return app_end(db, rc, &o);
}

void
app_account_password_refused(struct db *db, const struct actor *actor)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)actor->user_id);
	store_audit_add(db, actor->centre_id, actor->now, actor->user_id, actor->username, "user.password.change",
			"user", id, actor->address, "failed");
}

int
app_account_language(struct db *db, const struct actor *actor, const char *code)
{
	return store_user_set_language(db, actor->user_id, code);
}
