/*
 * app.c — what every command shares: outcomes, the transaction, audit
 * entries, and the access check of a participant; see app.h.
 */
#include "app/app.h"

#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

int
app_refuse(struct outcome *out, enum refusal why, const char *message)
{
	out->refusal = why;
	out->message = message;
	return SC_OK;
}

int
app_refuse_text(struct outcome *out, enum refusal why, const char *message, const char *t0, const char *t1,
		const char *t2)
{
	out->message_text[0] = t0;
	out->message_text[1] = t1;
	out->message_text[2] = t2;
	return app_refuse(out, why, message);
}

int
app_invalid(struct outcome *out, const char *field, const char *reason)
{
	out->refusal = REFUSED_INVALID;
	field_error_add(&out->errors, field, reason);
	return SC_OK;
}

int
app_begin(struct db *db)
{
	return store_tx_begin(db);
}

int
app_end(struct db *db, int rc, const struct outcome *out)
{
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_tx_commit(db);
		if (rc != SC_OK)
			store_tx_rollback(db);
		return rc;
	}
	store_tx_rollback(db);
	return rc;
}

static const char *
id_text(char buf[24], int64_t id)
{
	if (id <= 0)
		return "";
	snprintf(buf, 24, "%lld", (long long)id);
	return buf;
}

int
app_audit(struct db *db, const struct actor *a, const char *action, const char *record_type,
	  int64_t record_id)
{
	char id[24];
	return store_audit_add(db, a->centre_id, a->now, a->user_id, a->username ? a->username : "", action,
			       record_type, id_text(id, record_id), a->address ? a->address : "", "ok");
}

static void
audit_now(struct db *db, const struct actor *a, const char *action, const char *record_type,
	  int64_t record_id, const char *outcome)
{
	char id[24];
	const char *rid = id_text(id, record_id);
	if (a->store != NULL && !store_in_tx(db)) {
		store_audit_queue_add(a->store, db, a->centre_id, a->now, a->user_id, a->username ? a->username : "",
				      action, record_type, rid, a->address ? a->address : "", outcome);
		return;
	}
	store_audit_add(db, a->centre_id, a->now, a->user_id, a->username ? a->username : "", action, record_type,
			rid, a->address ? a->address : "", outcome);
}

void
app_audit_read(struct db *db, const struct actor *a, const char *action, const char *record_type,
	       int64_t record_id)
{
	audit_now(db, a, action, record_type, record_id, "ok");
}

void
app_audit_denied(struct db *db, const struct actor *a, const char *record_type, int64_t record_id)
{
	audit_now(db, a, "access.denied", record_type, record_id, "denied");
}

/* ---- access to a participant ---- */

uint32_t
app_relations(const struct actor *a, const struct participant_brief *p)
{
	struct access_facts f = {
		.status = p->status,
		.is_contact = p->contact_id != 0 && p->contact_id == a->user_id,
		.health_referral = p->health_referral,
		.wrote_health_note = p->wrote_health_note,
		.teaches = p->teaches,
		.follows_placement = p->follows_placement,
		.placed = p->placed,
		.today = a->today,
	};
	if (p->contact_until != NULL && p->contact_until[0] != '\0' &&
	    date_parse(p->contact_until, &f.contact_until) == SC_OK)
		f.has_contact_until = true;
	return access_relations(&f);
}

uint32_t
app_parts(const struct actor *a, const struct participant_brief *p, enum action act)
{
	return access_participant_parts(a->roles, app_relations(a, p), act);
}

int
app_participant(struct db *db, struct arena *arena, const struct actor *a, int64_t id,
		uint32_t want, enum action act, struct participant_brief *brief, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	int rc = id > 0 ? store_participant_brief(db, arena, a->centre_id, id, a->user_id, brief) : SC_ENOTFOUND;
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	return app_participant_allowed(db, a, brief, want, act, out);
}

int
app_participant_allowed(struct db *db, const struct actor *a, const struct participant_brief *brief,
			uint32_t want, enum action act, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!access_participant_allows(a->roles, app_relations(a, brief), act, want)) {
		app_audit_denied(db, a, "participant", brief->id);
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	}
	return SC_OK;
}
