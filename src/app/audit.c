/*
 * audit.c — reading the audit log; see audit.h.
 */
#include "app/audit.h"

#include "store/store.h"
#include "util/err.h"

#include <string.h>

int
app_audit_query_check(const struct audit_query *q, struct outcome *o)
{
	memset(o, 0, sizeof *o);
	if (!audit_query_check(q, &o->errors))
		return app_refuse(o, REFUSED_INVALID, NULL);
	return SC_OK;
}

/* The first second of a day, in the time the log records (UTC days). */
static int64_t
day_start(struct date d)
{
	return date_to_days(d) * 86400;
}

int
app_audit_entries(struct db *db, struct arena *a, const struct actor *actor, const struct audit_query *q,
		  int64_t per_page, struct audit_entry **items, size_t *n, int64_t *total, bool *capped)
{
	*capped = false;
	int64_t page = q->page == FIELD_NONE || q->page < 1 ? 1 : q->page;
	struct audit_filter f = {
		.centre = (actor->roles & ROLE_BIT(ROLE_ADMIN)) ? 0 : actor->centre_id,
		.username = *q->user ? q->user : NULL,
		.action = audit_action_filter(q->action, a),
		.record_type = *q->record_type ? q->record_type : NULL,
		.record_id = *q->record_id ? q->record_id : NULL,
		.from = q->from.y != 0 ? day_start(q->from) : 0,
		/* the whole "to" day is included */
		.to = q->to.y != 0 ? day_start(q->to) + 86400 : 0,
		.limit = per_page,
		.offset = (page - 1) * per_page,
		.count_cap = AUDIT_COUNT_CAP,
	};
	if (*q->action && f.action == NULL)
		return SC_ENOMEM;
	/* The entries queued so far are written, and a standby serving this
	 * read has them too, so the reader sees what was just done. */
	store_audit_queue_flush(actor->store);
	store_read_fresh(db);
	if (actor->store != NULL)
		db = store_read_fence(actor->store, db);
	int rc = store_audit_list(db, a, &f, items, n, total);
	if (rc == SC_OK && *total > AUDIT_COUNT_CAP) {
		*total = AUDIT_COUNT_CAP;
		*capped = true;
	}
	if (rc == SC_OK)
		app_audit_read(db, actor, "audit.list", "audit_log", 0);
	return rc;
}
