/*
 * centre.c — centres; see centre.h.
 */
#include "app/centre.h"

#include "i18n/i18n.h"
#include "store/store.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

int
app_centre_create(struct db *db, const struct actor *actor, const struct centre *in, struct outcome *o)
{
	memset(o, 0, sizeof *o);
	if (!access_allows(actor->roles, RES_SETTINGS, ACT_WRITE))
		return app_refuse(o, REFUSED_FORBIDDEN, NULL);
	fields_check_required(centre_fields, in, &o->errors);
	if (o->errors.n > 0)
		return app_refuse(o, REFUSED_INVALID, NULL);
	int64_t id = 0;
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_centre_create(db, in, actor->now, &id);
	if (rc == SC_ECONFLICT) {
		app_invalid(o, "name", N_("A centre of that name exists already."));
		o->refusal = REFUSED_DUPLICATE;
		rc = SC_OK;
	}
	if (rc == SC_OK && o->refusal == DONE)
		rc = app_audit(db, actor, "centre.create", "centre", id);
	o->id = id;
	return app_end(db, rc, o);
}

/* A rename refused because another was saved since the form was read. */
static const char stale_name[] =
	N_("Someone else changed this centre's name after you opened it. Check the name and save again.");

int
app_centre_rename(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
		  const struct centre *in, struct outcome *o)
{
	memset(o, 0, sizeof *o);
	if (!access_allows(actor->roles, RES_SETTINGS, ACT_WRITE))
		return app_refuse(o, REFUSED_FORBIDDEN, NULL);
	if (version <= 0)
		app_invalid(o, "version", N_("Must be the version you read, a whole number."));
	fields_check_required(centre_fields, in, &o->errors);
	if (o->errors.n > 0)
		return app_refuse(o, REFUSED_INVALID, NULL);
	int rc = app_begin(db);
	struct centre before;
	if (rc == SC_OK) {
		rc = store_centre_get(db, a, id, &before);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(o, REFUSED_NOT_FOUND, NULL);
	}
	if (rc == SC_OK && o->refusal == DONE && before.version != version) {
		o->version = before.version;
		rc = app_refuse(o, REFUSED_STALE,
				stale_name);
	}
	if (rc == SC_OK && o->refusal == DONE) {
		rc = store_centre_rename(db, id, version, in);
		if (rc == SC_ENOTFOUND) {
			/* changed between the read and the write (PostgreSQL) */
			o->version = version + 1;
			rc = app_refuse(o, REFUSED_STALE,
					stale_name);
		} else if (rc == SC_ECONFLICT) {
			app_invalid(o, "name", N_("A centre of that name exists already."));
			o->refusal = REFUSED_DUPLICATE;
			rc = SC_OK;
		} else if (rc == SC_OK) {
			o->version = version + 1;
		}
	}
	if (rc == SC_OK && o->refusal == DONE)
		rc = app_audit(db, actor, "centre.rename", "centre", id);
	o->id = id;
	return app_end(db, rc, o);
}

int
app_centre_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct centre *out,
	       struct outcome *o)
{
	memset(o, 0, sizeof *o);
	if (!access_allows(actor->roles, RES_SETTINGS, ACT_READ))
		return app_refuse(o, REFUSED_FORBIDDEN, NULL);
	int rc = store_centre_get(db, a, id, out);
	if (rc == SC_ENOTFOUND)
		return app_refuse(o, REFUSED_NOT_FOUND, NULL);
	return rc;
}

int
app_centre_list(struct db *db, struct arena *a, struct centre **items, size_t *n)
{
	return store_centre_list(db, a, items, n);
}

int
app_centres_of(struct db *db, struct arena *a, const struct actor *actor, struct centre **items, size_t *n)
{
	return store_user_centres(db, a, actor->user_id, (actor->roles & ROLE_BIT(ROLE_ADMIN)) != 0, items, n);
}

int
app_centre_choose(struct db *db, struct arena *a, const struct actor *actor, int64_t centre_id,
		  struct outcome *o)
{
	memset(o, 0, sizeof *o);
	struct centre *mine = NULL;
	size_t n = 0;
	int rc = app_centres_of(db, a, actor, &mine, &n);
	if (rc != SC_OK)
		return rc;
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		found = mine[i].id == centre_id;
	if (!found)
		return app_refuse(o, REFUSED_NOT_FOUND, NULL);
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_user_set_centre(db, actor->user_id, centre_id);
	/* The entry is the new centre's: it says who came in. */
	struct actor there = *actor;
	there.centre_id = centre_id;
	if (rc == SC_OK)
		rc = app_audit(db, &there, "user.centre", "centre", centre_id);
	o->id = centre_id;
	return app_end(db, rc, o);
}

/* "YYYY-01-01" and "YYYY-12-31" of the year of today. */
static void
year_bounds(struct date today, char start[11], char end[11])
{
	snprintf(start, 11, "%04d-01-01", today.y);
	snprintf(end, 11, "%04d-12-31", today.y);
}

int
app_centre_figures(struct db *db, struct arena *a, const struct actor *actor, struct centre_figures **items,
		   size_t *n, struct centre_figures *total)
{
	memset(total, 0, sizeof *total);
	total->name = "";
	*items = NULL;
	*n = 0;
	if (access_scope(actor->roles, RES_CENTRES, ACT_READ) != SCOPE_ALL)
		return SC_OK;
	char start[11], end[11];
	year_bounds(actor->today, start, end);
	int rc = store_centre_figures(db, a, start, end, items, n);
	for (size_t i = 0; rc == SC_OK && i < *n; i++)
		centre_figures_add(total, &(*items)[i]);
	if (rc == SC_OK)
		rc = centre_figures_protect(*items, *n, total, a);
	if (rc == SC_OK)
		app_audit_read(db, actor, "centre.figures", "centre", 0);
	return rc;
}
