/*
 * employer.h — the commands and queries of the employer register (issue
 * 10, section 1; decision 39): employers with their contacts, searched by
 * name or organisation number, edited with a version check whose change
 * log names what changed.
 *
 * Who may is the route's (RES_EMPLOYERS: the leader and the liaison write,
 * contact persons read): the register holds no participant's data. Every
 * change is audited in its transaction; a read of one employer through the
 * audit queue.
 */
#ifndef SC_APP_EMPLOYER_H
#define SC_APP_EMPLOYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "domain/employer.h"
#include "store/store.h"

/* The rules of an employer beyond each field's own (employer_check():
 * the whole name, a seeded SN2007 division), with the required fields,
 * added to e: for a form some of whose fields could not be read. */
int app_employer_check(struct db *db, const struct employer *in, struct field_errors *e);

/* Registers an employer. REFUSED_INVALID with the fields;
 * REFUSED_DUPLICATE (other_id) when the organisation number is another
 * employer's of the centre. DONE: out->id, in->id. */
int app_employer_create(struct db *db, struct arena *a, const struct actor *actor, struct employer *in,
			struct outcome *out);

/* One employer of the actor's centre (audited as read: "employer.read").
 * REFUSED_NOT_FOUND. */
int app_employer_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct employer *e,
		     struct outcome *out);

/*
 * Saves in over employer id read at version (0: REFUSED_INVALID on
 * "version"). REFUSED_NOT_FOUND; REFUSED_INVALID; REFUSED_DUPLICATE
 * (other_id); REFUSED_STALE (out->version the saved one) when someone saved
 * since. DONE: out->version the version now (unchanged when nothing
 * changed).
 */
int app_employer_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
			struct employer *in, struct outcome *out);

/* A page of the centre's employers matching q (NULL or "" = all, by name). */
int app_employers(struct db *db, struct arena *a, const struct actor *actor, const char *q, int64_t limit,
		  int64_t offset, struct employer **items, size_t *n, int64_t *total, bool *capped);

/* Every SN2007 section and division. */
int app_industries(struct db *db, struct arena *a, struct industry **items, size_t *n);

/* Adds a contact to employer_id. REFUSED_NOT_FOUND (the employer);
 * REFUSED_INVALID. DONE: out->id. */
int app_contact_add(struct db *db, struct arena *a, const struct actor *actor, int64_t employer_id,
		    struct employer_contact *in, struct outcome *out);

/* The contacts of an employer of the centre, by name. */
int app_contacts(struct db *db, struct arena *a, const struct actor *actor, int64_t employer_id,
		 struct employer_contact **items, size_t *n);

/* One current contact of employer_id. REFUSED_NOT_FOUND. */
int app_contact_get(struct db *db, struct arena *a, const struct actor *actor, int64_t employer_id, int64_t id,
		    struct employer_contact *c, struct outcome *out);

/*
 * Saves in over contact id of employer_id read at version (0:
 * REFUSED_INVALID on "version"), with a line in the change log naming what
 * changed. REFUSED_NOT_FOUND; REFUSED_INVALID; REFUSED_STALE (out->version
 * the saved one). DONE: out->version (unchanged when nothing changed).
 */
int app_contact_update(struct db *db, struct arena *a, const struct actor *actor, int64_t employer_id, int64_t id,
		       int64_t version, struct employer_contact *in, struct outcome *out);

/*
 * Deletes contact id of employer_id (decision 73). REFUSED_STATE when it
 * is the workplace supervisor on a placement that is not completed or
 * ended early: *blocking holds those placements (with their status on the
 * actor's day), for the message to name. A contact no placement names is
 * deleted (out->version 0); one that only placements now over name is
 * marked no longer a contact (out->version 1): they keep its name. Either
 * way it is no longer listed nor chosen. REFUSED_NOT_FOUND. Audited
 * "employer_contact.delete" or "employer_contact.end".
 */
int app_contact_delete(struct db *db, struct arena *a, const struct actor *actor, int64_t employer_id, int64_t id,
		       struct placement_list *blocking, struct outcome *out);



/* ---- pool agreements ---- */

/* Makes a pool agreement. REFUSED_INVALID (agreement_check). */
int app_agreement_create(struct db *db, struct arena *a, const struct actor *actor, struct agreement *in,
			 struct outcome *out);
/* One agreement with its places on the actor's day. REFUSED_NOT_FOUND. */
int app_agreement_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct agreement *ag,
		      struct outcome *out);
/* Saves in over agreement id read at version. REFUSED_NOT_FOUND,
 * REFUSED_INVALID, REFUSED_STALE (out->version), REFUSED_FULL when the
 * places would be fewer than the placements under it. */
int app_agreement_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
			 struct agreement *in, struct outcome *out);
/* The centre's agreements, current ones only when current_only. */
int app_agreements(struct db *db, struct arena *a, const struct actor *actor, bool current_only,
		   struct agreement **items, size_t *n);
/* Covers (cover) or uncovers an employer. REFUSED_NOT_FOUND (the agreement);
 * REFUSED_INVALID ("employer_id": not an employer of the centre);
 * REFUSED_STATE (covered already / not covered). */
int app_agreement_cover(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t employer_id,
			bool cover, struct outcome *out);

#endif
