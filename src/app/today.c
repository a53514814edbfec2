/*
 * today.c — the query of a contact person's day; see today.h.
 */
#include "app/today.h"

#include "domain/followup.h"
#include "store/store.h"
#include "util/err.h"

#include <string.h>

int
app_today(struct db *db, struct arena *a, const struct actor *actor, int due_soon_days, int no_contact_days,
	  struct today *out)
{
	memset(out, 0, sizeof *out);
	out->today = actor->today;
	out->due_soon_days = due_soon_days;
	out->no_contact_days = no_contact_days;
	int rc = store_today(db, a, actor->centre_id, actor->user_id, actor->today,
			     followup_due_window_end(actor->today, due_soon_days),
			     followup_no_contact_before(actor->today, no_contact_days), &out->lists);
	if (rc == SC_OK)
		rc = today_sort(out, a);
	if (rc == SC_OK)
		app_audit_read(db, actor, "today.read", "user", actor->user_id);
	return rc;
}
