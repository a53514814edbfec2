/*
 * health.c — the commands and queries of health notes; see health.h.
 */
#include "app/health.h"

#include "store/store.h"
#include "util/err.h"

#include <string.h>

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
	rc = store_health_notes(db, a, actor->centre_id, participant_id, per_page,
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

int
app_health_note_create(struct db *db, struct arena *a, const struct actor *actor,
		       int64_t participant_id, struct health_note *in, struct participant_brief *brief,
		       struct outcome *out)
{
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_HEALTH), ACT_WRITE, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(health_note_fields, in, &out->errors);
	health_note_check(in, actor->today, &out->errors);
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
