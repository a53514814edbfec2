/*
 * token.c — API tokens; see token.h.
 */
#include "app/token.h"

#include "store/store.h"
#include "util/err.h"

#include <string.h>

int
app_tokens(struct db *db, struct arena *a, const struct actor *actor, struct api_token **items, size_t *n)
{
	return store_token_list(db, a, actor->user_id, items, n);
}

int
app_token_create(struct db *db, const struct actor *actor, const struct token_request *in, const char *digest,
		 struct outcome *o)
{
	memset(o, 0, sizeof *o);
	fields_check_required(token_request_fields, in, &o->errors);
	if (o->errors.n > 0)
		return app_refuse(o, REFUSED_INVALID, NULL);
	int64_t id = 0;
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_token_create(db, actor->user_id, in->name, digest, actor->now,
					actor->now + (int64_t)token_request_days(in) * 86400, &id);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "token.create", "api_token", id);
	o->id = id;
	return app_end(db, rc, o);
}

int
app_token_revoke(struct db *db, const struct actor *actor, int64_t id, struct outcome *o)
{
	memset(o, 0, sizeof *o);
	int rc = id > 0 ? store_token_revoke(db, actor->user_id, id, actor->now) : SC_ENOTFOUND;
	if (rc == SC_ENOTFOUND)
		return app_refuse(o, REFUSED_NOT_FOUND, NULL);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "token.revoke", "api_token", id);
	o->id = id;
	return rc;
}
