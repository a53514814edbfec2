/*
 * token.h — a user's own API tokens: list, create, revoke.
 *
 * A token is shown once, when it is made; the store keeps its SHA-256
 * digest only (util/token.h), so the caller makes the token and passes
 * its digest. Tokens live the days the request asks for (90 by default,
 * 1 to 365: domain/authrules.h) and are refused from then on.
 */
#ifndef SC_APP_TOKEN_H
#define SC_APP_TOKEN_H

#include "app/app.h"
#include "domain/user.h"

struct api_token;

/* The actor's tokens, newest first. */
int app_tokens(struct db *db, struct arena *a, const struct actor *actor, struct api_token **items,
	       size_t *n);

/* A new token of the actor named in->name, living in's days from now,
 * stored as its digest; audited as "token.create". o->id is its id. */
int app_token_create(struct db *db, const struct actor *actor, const struct token_request *in,
		     const char *digest, struct outcome *o);

/* Revokes one of the actor's live tokens: REFUSED_NOT_FOUND when it is not
 * theirs or not live. Audited as "token.revoke". */
int app_token_revoke(struct db *db, const struct actor *actor, int64_t id, struct outcome *o);

#endif
