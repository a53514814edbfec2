/*
 * meeting.c — the commands and queries of the meeting log; see meeting.h.
 */
#include "app/meeting.h"

#include "store/store.h"
#include "util/err.h"

int
app_meetings(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
	     int64_t page, int64_t per_page, struct participant_brief *brief, struct meeting **items,
	     size_t *n, int64_t *total, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_FOLLOWUP), ACT_READ, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_meetings(db, a, actor->centre_id, participant_id, per_page, (page - 1) * per_page, items,
			    n, total);
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
