/*
 * caseload.c — the commands and queries of contact persons and caseloads;
 * see caseload.h.
 */
#include "app/caseload.h"

#include "i18n/i18n.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#include <limits.h>
#include <string.h>

static const char msg_not_contact[] = N_("Choose an active contact person from the list.");

static int
clamp_int(int64_t v)
{
	return v > INT_MAX ? INT_MAX : v < 0 ? 0 : (int)v;
}

/* ---- who may open a caseload ---- */

bool
app_caseload_manages(const struct actor *actor)
{
	return access_scope(actor->roles, RES_CASELOADS, ACT_READ) == SCOPE_ALL;
}

int
app_caseload_open(struct db *db, struct arena *a, const struct actor *actor, int64_t uid,
		  struct outcome *out)
{
	memset(out, 0, sizeof *out);
	enum scope sc = access_scope(actor->roles, RES_CASELOADS, ACT_READ);
	if (!(sc == SCOPE_ALL || (sc != SCOPE_NONE && uid == actor->user_id)))
		return app_refuse(out, REFUSED_FORBIDDEN, N_("You may open only your own caseload."));
	/* a user of another centre, or none, is not there */
	const char *name = NULL;
	int rc = store_caseload_user_name(db, a, actor->centre_id, uid, &name);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	return rc;
}

/* ---- a participant's contact person ---- */

int
app_participant_contact(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			bool audit, struct participant_brief *brief, const char **contact_name,
			struct assignment **history, size_t *n, struct outcome *out)
{
	*contact_name = NULL;
	*history = NULL;
	*n = 0;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_CASELOAD), ACT_READ, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_assignment_history(db, a, actor->centre_id, participant_id, history, n);
	if (rc != SC_OK)
		return rc;
	if (brief->contact_id != 0) {
		const struct assignment *h = *history;
		if (*n > 0 && h[0].to_at == FIELD_NONE && h[0].contact_id == brief->contact_id) {
			*contact_name = h[0].contact_name;
		} else {
			struct user u;
			if (store_user_by_id(db, a, brief->contact_id, &u) == SC_OK)
				*contact_name = u.display_name;
		}
	}
	if (audit)
		app_audit_read(db, actor, "participant.read", "participant", participant_id);
	return SC_OK;
}

/* The contact person's facts, locked: REFUSED_INVALID on contact_id when
 * they are not an active contact person of the centre. */
static int
lock_assignable(struct db *db, struct arena *a, const struct actor *actor, int64_t contact_id,
		struct contact_lock *c, struct outcome *out)
{
	int rc = store_caseload_lock_contact(db, a, actor->centre_id, contact_id, c);
	if (rc == SC_ENOTFOUND || (rc == SC_OK && !c->assignable))
		return app_invalid(out, "contact_id", msg_not_contact);
	return rc;
}

int
app_contact_assign(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		   const struct assignment_input *in, struct participant_brief *brief,
		   struct caseload_refusal *why, struct outcome *out)
{
	memset(why, 0, sizeof *why);
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_CASELOAD), ACT_WRITE, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(assignment_input_fields, in, &out->errors);
	assignment_input_check(in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	out->id = participant_id;
	/* The contact person they have: nothing to do. */
	if (brief->contact_id == in->contact_id)
		return SC_OK;
	int64_t centre = actor->centre_id;
	struct contact_lock c;
	int64_t current = 0, active = 0;
	bool counts = false;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = lock_assignable(db, a, actor, in->contact_id, &c, out);
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_caseload_lock_participant(db, centre, participant_id, &current, &counts);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	}
	/* The participant is left out of the count: the same check holds
	 * whatever their status, and the cap is checked whatever it is (one
	 * assigned while waiting counts once active). */
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_caseload_count_active(db, centre, in->contact_id, participant_id, &active);
	if (rc == SC_OK && out->refusal == DONE && caseload_can_assign(clamp_int(active), c.cap, NULL) != SC_OK) {
		why->contact_name = c.name;
		why->active = active;
		why->cap = c.cap;
		rc = app_refuse(out, REFUSED_FULL, N_("The contact person's caseload is full."));
	}
	if (rc == SC_OK && out->refusal == DONE && current != in->contact_id) {
		rc = store_caseload_move(db, centre, participant_id, in->contact_id, actor->user_id, in->reason,
					 actor->now);
		if (rc == SC_OK)
			rc = app_audit(db, actor, "assignment.create", "participant", participant_id);
	}
	return app_end(db, rc, out);
}

int
app_contact_choices(struct db *db, struct arena *a, const struct actor *actor, const char *who, int64_t limit,
		    struct contact_choice **items, size_t *n, int64_t *total)
{
	return store_caseload_choices(db, a, actor->centre_id, who, limit, items, n, total);
}

/* ---- caseloads ---- */

int
app_caseload_overview(struct db *db, struct arena *a, const struct actor *actor, const struct caseload_query *q,
		      int64_t page, int64_t per_page, struct caseload_person **items, size_t *n, int64_t *total,
		      struct caseload_totals *totals, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	*items = NULL;
	*n = 0;
	*total = 0;
	int rc;
	if (app_caseload_manages(actor)) {
		rc = store_caseload_overview(db, a, actor->centre_id, q, per_page, (page - 1) * per_page, items, n,
					     total);
	} else {
		struct caseload_person *own = arena_alloc(a, sizeof *own);
		if (own == NULL)
			return SC_ENOMEM;
		rc = store_caseload_person(db, a, actor->centre_id, actor->user_id, q, own);
		if (rc == SC_OK) {
			*total = 1;
			*n = page == 1 ? 1 : 0;
			*items = own;
		} else if (rc == SC_ENOTFOUND) {
			rc = SC_OK;
		}
	}
	if (rc == SC_OK)
		rc = store_caseload_capacity(db, actor->centre_id, totals);
	if (rc == SC_OK)
		app_audit_read(db, actor, "caseload.read", "caseload", 0);
	return rc;
}

/* A caseload's figures and rows, audited as action. */
static int
caseload_rows(struct db *db, struct arena *a, const struct actor *actor, int64_t uid,
	      const struct caseload_query *q, int64_t limit, int64_t offset, const char *action,
	      struct caseload_person *person, struct caseload_row **rows, size_t *n, int64_t *total,
	      struct outcome *out)
{
	*rows = NULL;
	*n = 0;
	*total = 0;
	int rc = app_caseload_open(db, a, actor, uid, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_caseload_person(db, a, actor->centre_id, uid, q, person);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc == SC_OK)
		rc = store_caseload_list(db, a, actor->centre_id, uid, q, limit, offset, rows, n, total);
	if (rc == SC_OK)
		app_audit_read(db, actor, action, "caseload", uid);
	return rc;
}

int
app_caseload(struct db *db, struct arena *a, const struct actor *actor, int64_t uid, const struct caseload_query *q,
	     int64_t page, int64_t per_page, struct caseload_person *person, struct caseload_row **rows, size_t *n,
	     int64_t *total, struct outcome *out)
{
	return caseload_rows(db, a, actor, uid, q, per_page, (page - 1) * per_page, "caseload.read", person,
			     rows, n, total, out);
}

int
app_caseload_export(struct db *db, struct arena *a, const struct actor *actor, int64_t uid,
		    const struct caseload_query *q, int64_t max_rows, struct caseload_person *person,
		    struct caseload_row **rows, size_t *n, struct outcome *out)
{
	int64_t total = 0;
	return caseload_rows(db, a, actor, uid, q, max_rows, 0, "caseload.export", person, rows, n, &total, out);
}

int
app_caseload_history(struct db *db, struct arena *a, const struct actor *actor, int64_t uid, int64_t page,
		     int64_t per_page, const char **name, struct assignment **items, size_t *n, int64_t *total,
		     struct outcome *out)
{
	*name = NULL;
	*items = NULL;
	*n = 0;
	*total = 0;
	int rc = app_caseload_open(db, a, actor, uid, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_caseload_user_name(db, a, actor->centre_id, uid, name);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc == SC_OK)
		rc = store_assignment_history_contact(db, a, actor->centre_id, uid, per_page, (page - 1) * per_page,
						      items, n, total);
	if (rc == SC_OK)
		app_audit_read(db, actor, "caseload.read", "caseload", uid);
	return rc;
}

int
app_caseload_bulk(struct db *db, struct arena *a, const struct actor *actor, const struct bulk_input *in,
		  int64_t *moved, struct caseload_refusal *why, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	memset(why, 0, sizeof *why);
	*moved = 0;
	fields_check_required(bulk_input_fields, in, &out->errors);
	if (in->participant_ids.n > CASELOAD_BULK_MAX)
		field_error_add(&out->errors, "participant_ids", N_("Choose at most 500 participants at once."));
	struct assignment_input one = {in->contact_id, in->reason};
	assignment_input_check(&one, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	size_t total = in->participant_ids.n;
	int64_t *ids = arena_alloc(a, sizeof *ids * total);
	bool *move = arena_alloc(a, sizeof *move * total);
	if (ids == NULL || move == NULL)
		return SC_ENOMEM;
	size_t m = bulk_input_ids(in, ids);
	int64_t centre = actor->centre_id;
	struct contact_lock c;
	int chosen = 0;
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = lock_assignable(db, a, actor, in->contact_id, &c, out);
	for (size_t i = 0; rc == SC_OK && out->refusal == DONE && i < m; i++) {
		int64_t current = 0;
		bool counts = false;
		rc = store_caseload_lock_participant(db, centre, ids[i], &current, &counts);
		if (rc == SC_ENOTFOUND) {
			field_error_add2(&out->errors, "participant_ids", N_("There is no participant with id %lld."),
					 (long long)ids[i], 0);
			rc = app_refuse(out, REFUSED_INVALID, NULL);
			break;
		}
		move[i] = current != in->contact_id;
		if (move[i] && counts)
			chosen++;
	}
	int64_t active = 0;
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_caseload_count_active(db, centre, in->contact_id, 0, &active);
	if (rc == SC_OK && out->refusal == DONE &&
	    caseload_can_assign_many(clamp_int(active), c.cap, chosen, &why->room, NULL) != SC_OK) {
		why->contact_name = c.name;
		why->chosen = chosen;
		rc = app_refuse(out, REFUSED_FULL, N_("The contact person's caseload is full."));
	}
	for (size_t i = 0; rc == SC_OK && out->refusal == DONE && i < m; i++) {
		if (!move[i])
			continue;
		rc = store_caseload_move(db, centre, ids[i], in->contact_id, actor->user_id, in->reason, actor->now);
		if (rc == SC_OK)
			rc = app_audit(db, actor, "assignment.create", "participant", ids[i]);
		if (rc == SC_OK)
			(*moved)++;
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "caseload.bulk", "caseload", in->contact_id);
	out->id = in->contact_id;
	rc = app_end(db, rc, out);
	if (rc != SC_OK || out->refusal != DONE)
		*moved = 0;
	return rc;
}

int
app_caseload_set_cap(struct db *db, struct arena *a, const struct actor *actor, int64_t uid,
		     const struct cap_input *in, const struct caseload_query *q, struct caseload_person *person,
		     struct outcome *out)
{
	int rc = app_caseload_open(db, a, actor, uid, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(cap_input_fields, in, &out->errors);
	if (out->errors.n == 0 && caseload_cap_validate(clamp_int(in->cap), NULL) != SC_OK)
		field_error_add(&out->errors, "cap", N_("The cap must be a whole number from 1 to 60."));
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	int cap = (int)in->cap;
	struct contact_lock c;
	int64_t active = 0;
	rc = app_begin(db);
	if (rc == SC_OK) {
		rc = store_caseload_lock_contact(db, a, actor->centre_id, uid, &c);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
		else if (rc == SC_OK && !c.has_role)
			rc = app_invalid(out, "cap", N_("Only a contact person has a caseload cap."));
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_caseload_count_active(db, actor->centre_id, uid, 0, &active);
	if (rc == SC_OK && out->refusal == DONE && caseload_cap_check(cap, clamp_int(active), NULL) != SC_OK) {
		field_error_add2(&out->errors, "cap",
				 N_("This contact person has %lld active participants; the cap cannot be lower. Reassign some first."),
				 (long long)active, 0);
		rc = app_refuse(out, REFUSED_INVALID, NULL);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_caseload_set_cap(db, actor->centre_id, uid, cap, actor->now);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "caseload.cap", "caseload", uid);
	out->id = uid;
	rc = app_end(db, rc, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_caseload_person(db, a, actor->centre_id, uid, q, person);
	return rc;
}

/* ---- saved filters ---- */

int
app_filters(struct db *db, struct arena *a, const struct actor *actor, struct saved_filter **items, size_t *n)
{
	return store_filter_list(db, a, actor->user_id, items, n);
}

int
app_filter_save(struct db *db, struct arena *a, const struct actor *actor, int64_t uid,
		const struct saved_filter_input *in, int default_days, const char **query, struct outcome *out)
{
	*query = "";
	int rc = app_caseload_open(db, a, actor, uid, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(saved_filter_input_fields, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	saved_filter_check(&in->filter, default_days, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	const char *normal = caseload_filter_query(&in->filter, default_days, a);
	if (normal == NULL)
		return SC_ENOMEM;
	rc = app_begin(db);
	if (rc == SC_OK) {
		rc = store_filter_save(db, actor->user_id, in->name, normal, actor->now, &out->id);
		if (rc == SC_ECONFLICT)
			rc = app_invalid(out, "name", N_("You already have a filter with that name."));
		else if (rc == SC_ELIMIT)
			rc = app_invalid(out, "name", N_("You have 50 saved filters; delete one first."));
	}
	rc = app_end(db, rc, out);
	if (rc == SC_OK && out->refusal == DONE)
		*query = normal;
	return rc;
}

int
app_filter_delete(struct db *db, const struct actor *actor, int64_t filter_id, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!access_allows(actor->roles, RES_CASELOADS, ACT_READ))
		return app_refuse(out, REFUSED_FORBIDDEN, NULL);
	int rc = store_filter_delete(db, actor->user_id, filter_id);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	out->id = filter_id;
	return rc;
}
