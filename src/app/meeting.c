/*
 * meeting.c — the commands and queries of the meeting log; see meeting.h.
 */
#include "app/meeting.h"

#include "store/store.h"
#include "util/err.h"
#include "i18n/i18n.h"

int
app_meetings(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
	     int64_t page, int64_t per_page, struct participant_brief *brief, struct meeting **items,
	     size_t *n, int64_t *total, struct meeting_removed **removed, size_t *nremoved, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	if (removed != NULL) {
		*removed = NULL;
		*nremoved = 0;
	}
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_FOLLOWUP), ACT_READ, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_meetings(db, a, actor->centre_id, participant_id, per_page, (page - 1) * per_page, items,
			    n, total);
	if (rc == SC_OK && removed != NULL)
		rc = store_meetings_removed(db, a, actor->centre_id, participant_id, removed, nremoved);
	if (rc == SC_OK)
		app_audit_read(db, actor, "meeting.list", "participant", participant_id);
	return rc;
}

void
app_meeting_check(const struct actor *actor, const struct participant_brief *p, const struct meeting *in,
		  struct field_errors *e)
{
	struct date born = {0, 0, 0};
	if (p->birth_date == NULL || date_parse(p->birth_date, &born) != SC_OK)
		born = (struct date){0, 0, 0};
	meeting_check(in, born, actor->today, e);
}

int
app_meeting_create(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		   struct meeting *in, struct participant_brief *brief, struct outcome *out)
{
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_FOLLOWUP), ACT_WRITE, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(meeting_fields, in, &out->errors);
	app_meeting_check(actor, brief, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	in->participant_id = participant_id;
	in->version = 1;
	if (in->interpreter < 0)
		in->interpreter = 0;
	in->author_id = actor->user_id;
	in->author_name = actor->name;
	in->created_at = actor->now;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_meeting_add(db, actor->centre_id, in, &in->id);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "meeting.create", "meeting", in->id);
	out->id = in->id;
	return app_end(db, rc, out);
}

int
app_meeting(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id, int64_t id,
	    enum action act, struct participant_brief *brief, struct meeting *m, struct meeting_change **changes,
	    size_t *nchanges, struct outcome *out)
{
	if (changes != NULL) {
		*changes = NULL;
		*nchanges = 0;
	}
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_FOLLOWUP), act, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = id > 0 ? store_meeting_get(db, a, actor->centre_id, participant_id, id, false, m) : SC_ENOTFOUND;
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc == SC_OK && changes != NULL)
		rc = store_meeting_changes(db, a, actor->centre_id, id, changes, nchanges);
	if (rc == SC_OK && act == ACT_READ)
		app_audit_read(db, actor, "meeting.read", "meeting", id);
	out->id = id;
	out->version = m->version;
	return rc;
}

/* The meeting id of the participant as stored, locked, inside the open
 * transaction: REFUSED_NOT_FOUND, or REFUSED_STALE (with stale, a msgid)
 * when its version is not version. */
static int
stored_at(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id, int64_t id,
	  int64_t version, const char *stale, struct meeting *now, struct outcome *out)
{
	int rc = store_meeting_get(db, a, actor->centre_id, participant_id, id, true, now);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	if (now->version != version) {
		out->version = now->version;
		return app_refuse(out, REFUSED_STALE, stale);
	}
	return SC_OK;
}

static const char *const stale_edit =
	N_("Someone else changed this meeting after you opened it. Check the meeting and save again.");
static const char *const stale_removal =
	N_("Someone else changed this meeting after you opened it. Check the meeting before you remove it.");

int
app_meeting_update(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id, int64_t id,
		   int64_t version, struct meeting *in, struct participant_brief *brief, struct outcome *out)
{
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_FOLLOWUP), ACT_WRITE, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	if (id <= 0)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (in->interpreter < 0)
		in->interpreter = 0;
	if (version <= 0)
		field_error_add(&out->errors, "version", N_("Must be the version you read, a whole number."));
	fields_check_required(meeting_fields, in, &out->errors);
	app_meeting_check(actor, brief, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	rc = app_begin(db);
	struct meeting now;
	if (rc == SC_OK)
		rc = stored_at(db, a, actor, participant_id, id, version, stale_edit, &now, out);
	struct field_change *changes = NULL;
	size_t nchanges = 0;
	const char *keys = "";
	if (rc == SC_OK && out->refusal == DONE)
		rc = fields_changes(meeting_fields, &now, in, a, &changes, &nchanges, &keys);
	out->id = id;
	if (out->refusal == DONE)
		out->version = version;
	if (rc == SC_OK && out->refusal == DONE && nchanges > 0) {
		rc = store_meeting_update(db, actor->centre_id, id, version, in, changes, nchanges, keys,
					  actor->user_id, actor->now);
		if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STALE, stale_edit);
		if (rc == SC_OK && out->refusal == DONE) {
			out->version = version + 1;
			rc = app_audit(db, actor, "meeting.update", "meeting", id);
		}
	}
	return app_end(db, rc, out);
}

int
app_meeting_remove(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id, int64_t id,
		   int64_t version, const struct meeting_removal *in, struct participant_brief *brief,
		   struct outcome *out)
{
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_FOLLOWUP), ACT_WRITE, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	if (id <= 0)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	fields_check_required(meeting_removal_fields, in, &out->errors);
	if (version <= 0)
		field_error_add(&out->errors, "version", N_("Must be the version you read, a whole number."));
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	rc = app_begin(db);
	struct meeting now;
	if (rc == SC_OK)
		rc = stored_at(db, a, actor, participant_id, id, version, stale_removal, &now, out);
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_meeting_remove(db, a, actor->centre_id, &now, version, in->reason, actor->user_id, actor->now);
		if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STALE, stale_removal);
		else if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "meeting.remove", "meeting", id);
	out->id = id;
	return app_end(db, rc, out);
}
