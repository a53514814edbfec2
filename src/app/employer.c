/*
 * employer.c — the commands and queries of the employer register; see
 * employer.h.
 */
#include "app/employer.h"

#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

int
app_employer_check(struct db *db, const struct employer *in, struct field_errors *e)
{
	fields_check_required(employer_fields, in, e);
	bool known = false;
	if (in->industry != NULL && in->industry[0] != '\0') {
		int rc = store_industry_is_division(db, in->industry, &known);
		if (rc != SC_OK)
			return rc;
	}
	employer_check(in, known, e);
	return SC_OK;
}

/* The duplicate of the organisation number in the centre: REFUSED_DUPLICATE. */
static int
refuse_duplicate(struct outcome *out, int64_t other)
{
	out->other_id = other;
	app_refuse(out, REFUSED_DUPLICATE, N_("An employer with this organisation number is already registered."));
	field_error_add(&out->errors, "orgnr", N_("An employer with this organisation number is already registered."));
	return SC_OK;
}

int
app_employer_create(struct db *db, struct arena *a, const struct actor *actor, struct employer *in,
		    struct outcome *out)
{
	(void)a;
	memset(out, 0, sizeof *out);
	int rc = app_employer_check(db, in, &out->errors);
	if (rc != SC_OK)
		return rc;
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	rc = app_begin(db);
	int64_t other = 0;
	if (rc == SC_OK)
		rc = store_employer_by_orgnr(db, actor->centre_id, in->orgnr, 0, &other);
	if (rc == SC_OK && other > 0)
		rc = refuse_duplicate(out, other);
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_employer_create(db, actor->centre_id, in, actor->user_id, actor->now, &in->id);
		if (rc == SC_ECONFLICT) {
			/* registered at the same moment by someone else */
			rc = refuse_duplicate(out, 0);
		}
	}
	if (rc == SC_OK && out->refusal == DONE) {
		in->version = 1;
		rc = app_audit(db, actor, "employer.create", "employer", in->id);
	}
	out->id = in->id;
	out->version = 1;
	return app_end(db, rc, out);
}

int
app_employer_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct employer *e,
		 struct outcome *out)
{
	memset(out, 0, sizeof *out);
	int rc = store_employer_get(db, a, actor->centre_id, id, actor->today, e);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	app_audit_read(db, actor, "employer.read", "employer", id);
	out->id = id;
	out->version = e->version;
	return SC_OK;
}

int
app_employer_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
		    struct employer *in, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (version <= 0)
		return app_invalid(out, "version", N_("Must be the version you read, a whole number."));
	int rc = app_employer_check(db, in, &out->errors);
	if (rc != SC_OK)
		return rc;
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	rc = app_begin(db);
	struct employer before;
	if (rc == SC_OK) {
		rc = store_employer_get(db, a, actor->centre_id, id, actor->today, &before);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	}
	if (rc == SC_OK && out->refusal == DONE && before.version != version) {
		out->version = before.version;
		rc = app_refuse(out, REFUSED_STALE,
				N_("Someone else saved this employer after you opened it. Check the values and save again."));
	}
	int64_t other = 0;
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_employer_by_orgnr(db, actor->centre_id, in->orgnr, id, &other);
	if (rc == SC_OK && out->refusal == DONE && other > 0)
		rc = refuse_duplicate(out, other);
	struct field_change *changes = NULL;
	size_t nchanges = 0;
	const char *keys = "";
	if (rc == SC_OK && out->refusal == DONE)
		rc = fields_changes(employer_fields, &before, in, a, &changes, &nchanges, &keys);
	out->id = id;
	out->version = version;
	if (rc == SC_OK && out->refusal == DONE && nchanges > 0) {
		in->concluded = before.concluded;
		in->hired = before.hired;
		rc = store_employer_update(db, actor->centre_id, id, version, &before, in, changes, nchanges, keys,
					   actor->user_id, actor->now);
		if (rc == SC_ECONFLICT)
			rc = refuse_duplicate(out, 0);
		else if (rc == SC_OK) {
			out->version = version + 1;
			rc = app_audit(db, actor, "employer.update", "employer", id);
		}
	}
	return app_end(db, rc, out);
}

int
app_employers(struct db *db, struct arena *a, const struct actor *actor, const char *q, int64_t limit,
	      int64_t offset, struct employer **items, size_t *n, int64_t *total, bool *capped)
{
	struct search_query sq;
	bool searching = q != NULL && q[0] != '\0' && search_query_parse(q, &sq) == SC_OK;
	return store_employers(db, a, actor->centre_id, searching ? &sq : NULL, actor->today, limit, offset, items, n,
			       total, capped);
}

int
app_industries(struct db *db, struct arena *a, struct industry **items, size_t *n)
{
	return store_industries(db, a, items, n);
}

int
app_contact_add(struct db *db, struct arena *a, const struct actor *actor, int64_t employer_id,
		struct employer_contact *in, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	struct employer e;
	int rc = store_employer_get(db, a, actor->centre_id, employer_id, actor->today, &e);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	fields_check_required(employer_contact_fields, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	in->employer_id = employer_id;
	rc = app_begin(db);
	if (rc == SC_OK) {
		rc = store_contact_add(db, actor->centre_id, in, actor->user_id, actor->now, &in->id);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "employer_contact.create", "employer_contact", in->id);
	out->id = in->id;
	return app_end(db, rc, out);
}

int
app_contacts(struct db *db, struct arena *a, const struct actor *actor, int64_t employer_id,
	     struct employer_contact **items, size_t *n)
{
	return store_contacts(db, a, actor->centre_id, employer_id, items, n);
}

int
app_contact_get(struct db *db, struct arena *a, const struct actor *actor, int64_t employer_id, int64_t id,
		struct employer_contact *c, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	int rc = store_contact_get(db, a, actor->centre_id, employer_id, id, c);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	out->id = id;
	out->version = c->version;
	return SC_OK;
}

int
app_contact_update(struct db *db, struct arena *a, const struct actor *actor, int64_t employer_id, int64_t id,
		   int64_t version, struct employer_contact *in, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (version <= 0)
		return app_invalid(out, "version", N_("Must be the version you read, a whole number."));
	fields_check_required(employer_contact_fields, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	int rc = app_begin(db);
	struct employer_contact before;
	if (rc == SC_OK) {
		rc = store_contact_get(db, a, actor->centre_id, employer_id, id, &before);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	}
	if (rc == SC_OK && out->refusal == DONE && before.version != version) {
		out->version = before.version;
		rc = app_refuse(out, REFUSED_STALE,
				N_("Someone else saved this contact after you opened it. Check the values and save again."));
	}
	struct field_change *changes = NULL;
	size_t nchanges = 0;
	const char *keys = "";
	if (rc == SC_OK && out->refusal == DONE) {
		in->employer_id = employer_id;
		rc = fields_changes(employer_contact_fields, &before, in, a, &changes, &nchanges, &keys);
	}
	out->id = id;
	if (out->refusal == DONE)
		out->version = version;
	if (rc == SC_OK && out->refusal == DONE && nchanges > 0) {
		rc = store_contact_update(db, actor->centre_id, id, version, in, actor->now);
		if (rc == SC_ECONFLICT) {
			rc = app_refuse(out, REFUSED_STALE,
					N_("Someone else saved this contact after you opened it. Check the values and save again."));
		} else if (rc == SC_OK) {
			out->version = version + 1;
			rc = store_internship_change_add(db, actor->centre_id, CHANGE_CONTACT, id, version + 1, changes,
							 nchanges, keys, actor->user_id, actor->now);
			if (rc == SC_OK)
				rc = app_audit(db, actor, "employer_contact.update", "employer_contact", id);
		}
	}
	return app_end(db, rc, out);
}

int
app_contact_delete(struct db *db, struct arena *a, const struct actor *actor, int64_t employer_id, int64_t id,
		   struct placement_list *blocking, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	memset(blocking, 0, sizeof *blocking);
	int rc = app_begin(db);
	/* locked first: a placement's save naming the contact waits, then
	 * finds it gone, or this waits and then finds its placement */
	if (rc == SC_OK) {
		rc = store_contact_lock(db, actor->centre_id, employer_id, id, true);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	}
	struct placement_list named = {0};
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_supervisor_placements(db, a, actor->centre_id, employer_id, id, &named);
	if (rc == SC_OK && out->refusal == DONE) {
		/* the placements not over on the actor's day keep their supervisor */
		size_t open = 0;
		for (size_t i = 0; i < named.n; i++) {
			struct placement_facts f = placement_facts_of(&named.items[i]);
			named.items[i].status = (int)placement_status(&f, actor->today);
			if (named.items[i].status != PLACEMENT_COMPLETED && named.items[i].status != PLACEMENT_ENDED_EARLY)
				named.items[open++] = named.items[i];
		}
		if (open > 0) {
			blocking->items = named.items;
			blocking->n = open;
			blocking->total = (int64_t)open;
			rc = app_refuse(out, REFUSED_STATE,
					N_("This contact is the workplace supervisor on placements that are not over: %s. "
					   "Choose another supervisor on them first."));
		}
	}
	bool keep = named.n > 0;
	if (rc == SC_OK && out->refusal == DONE)
		rc = keep ? store_contact_end(db, actor->centre_id, employer_id, id, actor->now)
			  : store_contact_delete(db, actor->centre_id, employer_id, id);
	if (rc == SC_ENOTFOUND)
		rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, keep ? "employer_contact.end" : "employer_contact.delete", "employer_contact",
			       id);
	out->id = id;
	out->version = keep ? 1 : 0;
	return app_end(db, rc, out);
}

/* ---- pool agreements ---- */

int
app_agreement_create(struct db *db, struct arena *a, const struct actor *actor, struct agreement *in,
		     struct outcome *out)
{
	(void)a;
	memset(out, 0, sizeof *out);
	fields_check_required(agreement_fields, in, &out->errors);
	agreement_check(in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_agreement_create(db, actor->centre_id, in, actor->user_id, actor->now, &in->id);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "agreement.create", "agreement", in->id);
	out->id = in->id;
	out->version = 1;
	return app_end(db, rc, out);
}

int
app_agreement_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct agreement *ag,
		  struct outcome *out)
{
	memset(out, 0, sizeof *out);
	int rc = store_agreement_get(db, a, actor->centre_id, id, actor->today, ag);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	app_audit_read(db, actor, "agreement.read", "agreement", id);
	out->id = id;
	out->version = ag->version;
	return SC_OK;
}

int
app_agreement_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
		     struct agreement *in, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (version <= 0)
		return app_invalid(out, "version", N_("Must be the version you read, a whole number."));
	fields_check_required(agreement_fields, in, &out->errors);
	agreement_check(in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	int rc = app_begin(db);
	int64_t places = 0;
	if (rc == SC_OK) {
		rc = store_agreement_lock(db, actor->centre_id, id, &places);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	}
	struct agreement before;
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_agreement_get(db, a, actor->centre_id, id, actor->today, &before);
	if (rc == SC_OK && out->refusal == DONE && before.version != version) {
		out->version = before.version;
		rc = app_refuse(out, REFUSED_STALE,
				N_("Someone else saved this agreement after you opened it. Check the values and save again."));
	}
	/* read with the agreement's row locked: a placement taking a place
	 * under it, or saving a period, waits (app/placement.c) */
	int64_t open = 0;
	struct date first_start, last_end;
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_agreement_open(db, actor->centre_id, id, actor->today, 0, &open);
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_agreement_span(db, actor->centre_id, id, &first_start, &last_end);
	if (rc == SC_OK && out->refusal == DONE) {
		agreement_places_check(in->places, open, &out->errors);
		agreement_period_keeps(in, first_start, last_end, a, &out->errors);
		if (out->errors.n > 0)
			rc = app_refuse(out, REFUSED_INVALID, NULL);
	}
	struct field_change *changes = NULL;
	size_t nchanges = 0;
	const char *keys = "";
	if (rc == SC_OK && out->refusal == DONE)
		rc = fields_changes(agreement_fields, &before, in, a, &changes, &nchanges, &keys);
	out->id = id;
	out->version = version;
	if (rc == SC_OK && out->refusal == DONE && nchanges > 0) {
		rc = store_agreement_update(db, actor->centre_id, id, version, in, changes, nchanges, keys,
					    actor->user_id, actor->now);
		if (rc == SC_OK) {
			out->version = version + 1;
			rc = app_audit(db, actor, "agreement.update", "agreement", id);
		}
	}
	return app_end(db, rc, out);
}

int
app_agreements(struct db *db, struct arena *a, const struct actor *actor, bool current_only, struct agreement **items,
	       size_t *n)
{
	return store_agreements(db, a, actor->centre_id, actor->today, current_only, false, 500, items, n);
}

int
app_agreement_cover(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t employer_id,
		    bool cover, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	struct agreement ag;
	int rc = store_agreement_get(db, a, actor->centre_id, id, actor->today, &ag);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	struct employer e;
	rc = store_employer_get(db, a, actor->centre_id, employer_id, actor->today, &e);
	if (rc == SC_ENOTFOUND)
		return app_invalid(out, "employer_id", N_("Choose one of the employers in the register."));
	if (rc != SC_OK)
		return rc;
	rc = app_begin(db);
	int64_t running = 0;
	if (rc == SC_OK && !cover)
		rc = store_agreement_running(db, actor->centre_id, id, employer_id, actor->today, &running);
	if (rc == SC_OK && running > 0)
		rc = app_refuse(out, REFUSED_STATE,
				N_("Placements with this employer use the agreement: take them off it, or let them end, first."));
	if (rc == SC_OK && out->refusal == DONE) {
		rc = cover ? store_agreement_cover(db, actor->centre_id, id, employer_id)
			   : store_agreement_uncover(db, actor->centre_id, id, employer_id);
		if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STATE, N_("The agreement covers this employer already."));
		else if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_STATE, N_("The agreement does not cover this employer."));
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, cover ? "agreement.cover" : "agreement.uncover", "agreement", id);
	out->id = id;
	return app_end(db, rc, out);
}
