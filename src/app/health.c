/*
 * health.c — the commands and queries of health notes and of referrals to
 * a health worker; see health.h.
 */
#include "app/health.h"

#include "i18n/i18n.h"
#include "store/store.h"
#include "util/err.h"

#include <string.h>

bool
app_health_notes_own_only(const struct actor *actor, const struct participant_brief *brief)
{
	return access_health_notes_own_only(actor->roles, app_relations(actor, brief));
}

int
app_health_notes(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		 int64_t page, int64_t per_page, struct participant_brief *brief,
		 struct health_note **items, size_t *n, int64_t *total, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_HEALTH), ACT_READ, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	/* after the referral ended, the author reads the notes they wrote */
	int64_t author = app_health_notes_own_only(actor, brief) ? actor->user_id : 0;
	rc = store_health_notes(db, a, actor->centre_id, participant_id, author, per_page,
				(page - 1) * per_page, items, n, total);
	if (rc != SC_OK || *n == 0)
		return rc;
	/* Every note returned is in the audit log first. */
	rc = app_begin(db);
	for (size_t i = 0; rc == SC_OK && i < *n; i++)
		rc = app_audit(db, actor, "health_note.read", "health_note", (*items)[i].id);
	rc = app_end(db, rc, out);
	if (rc != SC_OK) {
		*items = NULL;
		*n = 0;
	}
	return rc;
}

void
app_health_note_check(const struct actor *actor, const struct health_note *in, struct field_errors *e)
{
	fields_check_required(health_note_fields, in, e);
	health_note_check(in, actor->today, e);
}

int
app_health_note_create(struct db *db, struct arena *a, const struct actor *actor,
		       int64_t participant_id, struct health_note *in, struct participant_brief *brief,
		       struct outcome *out)
{
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_HEALTH), ACT_WRITE, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	app_health_note_check(actor, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	in->participant_id = participant_id;
	in->author_id = actor->user_id;
	in->author_name = actor->name;
	in->created_at = actor->now;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_health_note_add(db, actor->centre_id, in, &in->id);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "health_note.create", "health_note", in->id);
	out->id = in->id;
	return app_end(db, rc, out);
}

/* ---- referrals to a health worker ---- */

int
app_health_referrals(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		     struct health_referral **items, size_t *n, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_FOLLOWUP), ACT_READ, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	return store_health_referrals(db, a, actor->centre_id, participant_id, items, n);
}

int
app_health_workers(struct db *db, struct arena *a, const struct actor *actor, struct user **items, size_t *n)
{
	return store_user_list_role(db, a, actor->centre_id, ROLE_BIT(ROLE_HEALTH), items, n);
}

int
app_health_referral_check(struct db *db, struct arena *a, const struct actor *actor,
			  struct health_referral *in, struct field_errors *e)
{
	/* A health worker is one the form offers: of the centre, active. */
	bool is_health_worker = false;
	if (in->health_id > 0) {
		struct user *workers = NULL;
		size_t nworkers = 0;
		int rc = app_health_workers(db, a, actor, &workers, &nworkers);
		if (rc != SC_OK)
			return rc;
		for (size_t i = 0; i < nworkers && !is_health_worker; i++)
			is_health_worker = workers[i].id == in->health_id;
	}
	health_referral_check(in, is_health_worker, actor->today, e);
	return SC_OK;
}

int
app_health_referral_create(struct db *db, struct arena *a, const struct actor *actor,
			   int64_t participant_id, struct health_referral *in, struct participant_brief *brief,
			   struct outcome *out)
{
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_FOLLOWUP), ACT_WRITE, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(health_referral_fields, in, &out->errors);
	rc = app_health_referral_check(db, a, actor, in, &out->errors);
	if (rc != SC_OK)
		return rc;
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	in->participant_id = participant_id;
	in->created_at = actor->now;
	in->created_by = actor->user_id;
	rc = app_begin(db);
	if (rc == SC_OK) {
		rc = store_health_referral_add(db, actor->centre_id, in, &in->id);
		if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STATE,
					N_("The participant is already referred to this health worker."));
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "health_referral.create", "health_referral", in->id);
	out->id = in->id;
	return app_end(db, rc, out);
}

int
app_health_referral_end(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			int64_t id, struct outcome *out)
{
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_FOLLOWUP), ACT_WRITE, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK) {
		rc = store_health_referral_end(db, actor->centre_id, participant_id, id, actor->today,
					       actor->user_id);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, N_("The participant has no such open referral."));
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "health_referral.end", "health_referral", id);
	out->id = id;
	return app_end(db, rc, out);
}

int
app_health_referred_to_me(struct db *db, struct arena *a, const struct actor *actor, int64_t page,
			  int64_t per_page, struct health_referral_row **items, size_t *n, int64_t *total,
			  struct outcome *out)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	memset(out, 0, sizeof *out);
	/* the rows are the people referred to the actor: theirs to read when
	 * their roles read health notes through a referral (REL_HEALTH) */
	uint32_t want = PART_BIT(PART_NAME) | PART_BIT(PART_HEALTH);
	if ((access_list_relations(actor->roles, want) & REL_BIT(REL_HEALTH)) == 0)
		return app_refuse(out, REFUSED_FORBIDDEN, NULL);
	int rc = store_health_referrals_to(db, a, actor->centre_id, actor->user_id, per_page, (page - 1) * per_page,
					   items, n, total);
	if (rc != SC_OK || *n == 0)
		return rc;
	/* Every referral shown, with its reason, is in the audit log first. */
	rc = app_begin(db);
	for (size_t i = 0; rc == SC_OK && i < *n; i++)
		rc = app_audit(db, actor, "health_referral.read", "health_referral", (*items)[i].id);
	rc = app_end(db, rc, out);
	if (rc != SC_OK) {
		*items = NULL;
		*n = 0;
	}
	return rc;
}
