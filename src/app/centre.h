/*
 * centre.h — the centres of an installation: making one (the command
 * line), the centres a user may work in and choosing one, and the figures
 * of every centre for the national analyst.
 *
 * An installation with one centre shows nothing of this: a user of one
 * centre never chooses, and nobody but a national analyst sees figures
 * across centres.
 */
#ifndef SC_APP_CENTRE_H
#define SC_APP_CENTRE_H

#include "app/app.h"
#include "domain/centre.h"

/* A new centre named in->name, by an administrator of the installation
 * (RES_SETTINGS, write; else REFUSED_FORBIDDEN): REFUSED_INVALID (the
 * name), or REFUSED_DUPLICATE when the name is taken. Audited as
 * "centre.create"; o->id is its id. */
int app_centre_create(struct db *db, const struct actor *actor, const struct centre *in, struct outcome *o);

/* Gives centre id the name in->name, by an administrator of the
 * installation (else REFUSED_FORBIDDEN), if the centre is still at version
 * (the one the form read): REFUSED_NOT_FOUND when there is no such centre,
 * REFUSED_INVALID (the name, or a version below 1), REFUSED_STALE with
 * o->version the centre's when another rename was saved since,
 * REFUSED_DUPLICATE when another centre has the name. Audited as
 * "centre.rename"; o->id is id, o->version the new version. */
int app_centre_rename(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
		      const struct centre *in, struct outcome *o);

/* One centre, for an administrator of the installation (RES_SETTINGS,
 * read; else REFUSED_FORBIDDEN): REFUSED_NOT_FOUND when there is none. */
int app_centre_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct centre *out,
		   struct outcome *o);

/* Every centre of the installation, by name (the command line, and the
 * administrator's page, whose route asks for RES_SETTINGS). */
int app_centre_list(struct db *db, struct arena *a, struct centre **items, size_t *n);

/* The centres the actor may work in, by name: every one for an
 * administrator of the installation, else those they are a member of. */
int app_centres_of(struct db *db, struct arena *a, const struct actor *actor, struct centre **items,
		   size_t *n);

/* Makes centre_id the centre the actor works in from their next request
 * on, remembered with the user: REFUSED_NOT_FOUND when it is not one of
 * theirs. Audited as "user.centre". */
int app_centre_choose(struct db *db, struct arena *a, const struct actor *actor, int64_t centre_id,
		      struct outcome *o);

/* The figures of every centre (at most 500), by name, and their total
 * (id 0) — counts only, for the national analyst (RES_CENTRES, read
 * across centres). Audited as "centre.figures". */
int app_centre_figures(struct db *db, struct arena *a, const struct actor *actor,
		       struct centre_figures **items, size_t *n, struct centre_figures *total);

#endif
