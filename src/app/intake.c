/*
 * intake.c — the commands and queries of intake; see intake.h.
 */
#include "app/intake.h"

#include "app/enrolment.h"
#include "domain/participant.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

/* ---- loading ---- */

int
app_referral_find(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum action act,
	      struct referral *ref, struct participant_brief *person, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	int rc = id > 0 ? store_referral_get(db, a, actor->centre_id, id, ref) : SC_ENOTFOUND;
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	return app_participant(db, a, actor, ref->participant_id, PART_BIT(PART_INTAKE), act, person, out);
}

/* Inside the transaction: the referral as it is now, REFUSED_STATE when
 * act is not allowed in its state, REFUSED_STALE when expected_version
 * (not 0) is not its version. */
static int
referral_now(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t expected_version,
	     enum referral_action act, struct referral *ref, struct outcome *out)
{
	int rc = store_referral_get(db, a, actor->centre_id, id, ref);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	if (!referral_action_allowed(act, (enum referral_state)ref->state))
		return app_refuse(out, REFUSED_STATE, NULL);
	if (expected_version != 0 && expected_version != ref->version) {
		out->version = ref->version;
		return app_refuse(out, REFUSED_STALE, NULL);
	}
	return SC_OK;
}

/* Writes ref over the stored referral (at the version read) and the event
 * from -> ref->state with note. */
static int
referral_write(struct db *db, const struct actor *actor, struct referral *ref, enum referral_state from,
	       const char *note, struct outcome *out)
{
	int rc = store_referral_update(db, actor->centre_id, ref, ref->version, actor->now);
	if (rc == SC_ECONFLICT)
		return app_refuse(out, REFUSED_STALE, NULL);
	if (rc != SC_OK)
		return rc;
	ref->version++;
	struct referral_event ev;
	fields_clear(referral_event_fields, &ev);
	ev.referral_id = ref->id;
	ev.at = actor->now;
	ev.on_date = actor->today;
	ev.user_id = actor->user_id;
	ev.from_state = referral_state_key(from);
	ev.to_state = referral_state_key((enum referral_state)ref->state);
	ev.note = note != NULL ? note : "";
	return store_referral_event_add(db, actor->centre_id, &ev);
}

/* The participant's status follows the referral's state. One whom a
 * closed referral leaves out of the programme again (exited before) has
 * their places in groups ended or given up in the same transaction, as an
 * exit today does, why (the closure's reason) the end's reason. */
static int
status_follows(struct db *db, struct arena *a, const struct actor *actor, const struct referral *ref,
	       const char *why)
{
	bool before = false;
	int rc = SC_OK;
	if (referral_state_final((enum referral_state)ref->state))
		rc = store_enrolled_before(db, actor->centre_id, ref->participant_id, &before);
	const char *status = referral_participant_status((enum referral_state)ref->state, before);
	if (rc == SC_OK)
		rc = store_participant_set_status(db, ref->participant_id, status, actor->now);
	if (rc == SC_OK && participant_has_left(status))
		rc = app_enrolment_left_places(db, a, actor, ref->participant_id, why != NULL ? why : "");
	return rc;
}

/* Audits "referral.<act>" of the referral. */
static int
audit_action(struct db *db, const struct actor *actor, enum referral_action act, int64_t id)
{
	char action[32];
	snprintf(action, sizeof action, "referral.%s", referral_action_key(act));
	return app_audit(db, actor, action, "referral", id);
}

/* ---- queries ---- */

int
app_intake_queue(struct db *db, struct arena *a, const struct actor *actor, int64_t page, int64_t per_page,
		 struct referral **items, size_t *n, int64_t *total, int64_t nrecent_max,
		 struct referral_event **recent, size_t *nrecent)
{
	int rc = store_referral_list(db, a, actor->centre_id, REFERRAL_NEW, per_page, (page - 1) * per_page, items, n,
				     total);
	if (rc == SC_OK)
		rc = store_referral_recent(db, a, actor->centre_id, nrecent_max, recent, nrecent);
	if (rc == SC_OK)
		app_audit_read(db, actor, "referral.list", "referral", 0);
	return rc;
}

int
app_referrals(struct db *db, struct arena *a, const struct actor *actor, int state, int64_t page,
	      int64_t per_page, struct referral **items, size_t *n, int64_t *total)
{
	int rc = store_referral_list(db, a, actor->centre_id, state, per_page, (page - 1) * per_page, items, n, total);
	if (rc == SC_OK)
		app_audit_read(db, actor, "referral.list", "referral", 0);
	return rc;
}

int
app_participant_referrals(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  struct participant_brief *person, struct referral **items, size_t *n,
			  struct outcome *out)
{
	*items = NULL;
	*n = 0;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_INTAKE), ACT_READ, person, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_referral_list_participant(db, a, actor->centre_id, participant_id, items, n);
	if (rc == SC_OK)
		app_audit_read(db, actor, "referral.list", "participant", participant_id);
	return rc;
}

int
app_referral(struct db *db, struct arena *a, const struct actor *actor, int64_t id, bool audited,
	     struct referral_view *v, struct outcome *out)
{
	memset(v, 0, sizeof *v);
	int rc = app_referral_find(db, a, actor, id, ACT_READ, &v->ref, &v->person, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_screening_latest(db, a, actor->centre_id, id, &v->stored, &v->nstored);
	if (rc == SC_OK)
		rc = store_referral_events(db, a, actor->centre_id, id, &v->events, &v->nevents);
	if (rc != SC_OK)
		return rc;
	struct eligibility_input in;
	v->judged = referral_eligibility_input(&v->ref, &in) == SC_OK && eligibility_screen(&in, &v->live) == SC_OK;
	if (audited)
		app_audit_read(db, actor, "referral.read", "referral", id);
	return SC_OK;
}

/* ---- commands ---- */

int
app_referral_create(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		    struct referral *in, struct participant_brief *person, struct outcome *out)
{
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_INTAKE), ACT_WRITE, person, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(referral_fields, in, &out->errors);
	referral_new_check(in, actor->today, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	in->participant_id = participant_id;
	in->state = REFERRAL_NEW;
	in->offered_on = (struct date){0, 0, 0};
	in->answer_by = (struct date){0, 0, 0};
	in->version = 1;
	bool open = false;
	int64_t current = 0;
	rc = app_begin(db);
	/* The status update locks the participant's row on PostgreSQL, so two
	 * referrals made at once for one person are checked one after the
	 * other (SQLite's write transaction already serialises them). */
	if (rc == SC_OK)
		rc = store_participant_set_status(db, participant_id, referral_participant_status(REFERRAL_NEW, false),
						  actor->now);
	if (rc == SC_OK)
		rc = store_referral_open(db, actor->centre_id, participant_id, &open);
	if (rc == SC_OK)
		rc = store_enrolment_current(db, actor->centre_id, participant_id, &current);
	const char *why = rc == SC_OK ? referral_refusal(open, current != 0) : NULL;
	if (why != NULL)
		app_refuse(out, REFUSED_STATE, why);
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_referral_add(db, actor->centre_id, in, actor->user_id, actor->now, &in->id);
	if (rc == SC_OK && out->refusal == DONE) {
		struct referral_event ev;
		fields_clear(referral_event_fields, &ev);
		ev.referral_id = in->id;
		ev.at = actor->now;
		ev.on_date = actor->today;
		ev.user_id = actor->user_id;
		ev.from_state = "";
		ev.to_state = referral_state_key(REFERRAL_NEW);
		ev.note = "";
		rc = store_referral_event_add(db, actor->centre_id, &ev);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "referral.create", "referral", in->id);
	out->id = in->id;
	return app_end(db, rc, out);
}

/* The note of a screening's event: each overridden rule with its reason. */
static const char *
override_note(struct arena *a, const struct eligibility_result *res, const struct screening *s)
{
	const char *note = "";
	for (int i = 0; note != NULL && i < ELIG_NRULES; i++) {
		if (s->override[i] != 1 || res->rules[i].pass)
			continue;
		note = arena_printf(a, "%s%s%s: %s", note, *note ? "\n" : "",
				    eligibility_rule_name((enum eligibility_rule)i), s->reason[i] ? s->reason[i] : "");
	}
	return note != NULL ? note : "";
}

int
app_referral_screen(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		    int64_t expected_version, struct screening *in, struct referral *ref_out, struct outcome *out)
{
	struct referral local, *ref = ref_out != NULL ? ref_out : &local;
	struct participant_brief person;
	int rc = app_referral_find(db, a, actor, id, ACT_WRITE, ref, &person, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = referral_now(db, a, actor, id, expected_version, REFERRAL_SCREEN, ref, out);
	struct eligibility_input ei;
	struct eligibility_result res = {0};
	if (rc == SC_OK && out->refusal == DONE &&
	    (referral_eligibility_input(ref, &ei) != SC_OK || eligibility_screen(&ei, &res) != SC_OK))
		app_invalid(out, "planned_start", N_("The referral has no valid planned start; register a new referral."));
	enum referral_state next = REFERRAL_INELIGIBLE;
	bool leader = (actor->roles & ROLE_BIT(ROLE_LEADER)) != 0;
	if (rc == SC_OK && out->refusal == DONE && !screening_decide(&res, in, leader, &next, &out->errors))
		out->refusal = REFUSED_INVALID;
	if (rc == SC_OK && out->refusal == DONE) {
		enum referral_state from = (enum referral_state)ref->state;
		ref->state = next;
		rc = referral_write(db, actor, ref, from, override_note(a, &res, in), out);
	}
	if (rc == SC_OK && out->refusal == DONE) {
		struct screening_row rows[ELIG_NRULES];
		for (int i = 0; i < ELIG_NRULES; i++) {
			const struct rule_result *rr = &res.rules[i];
			bool over = in->override[i] == 1 && !rr->pass;
			fields_clear(screening_row_fields, &rows[i]);
			rows[i].referral_id = id;
			rows[i].rule = eligibility_rule_name(rr->rule);
			rows[i].pass = rr->pass;
			rows[i].reason = rr->reason != NULL ? rr->reason : "";
			rows[i].overridden = over;
			rows[i].override_reason = over && in->reason[i] != NULL ? in->reason[i] : "";
			rows[i].screened_at = actor->now;
			rows[i].screened_by = actor->user_id;
		}
		rc = store_screening_add(db, actor->centre_id, rows, ELIG_NRULES);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = status_follows(db, a, actor, ref, "");
	if (rc == SC_OK && out->refusal == DONE)
		rc = audit_action(db, actor, REFERRAL_SCREEN, id);
	out->id = id;
	return app_end(db, rc, out);
}

int
app_referral_priority(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		      int64_t expected_version, const struct referral_priority *in, struct referral *ref_out,
		      struct outcome *out)
{
	struct referral local, *ref = ref_out != NULL ? ref_out : &local;
	struct participant_brief person;
	int rc = app_referral_find(db, a, actor, id, ACT_WRITE, ref, &person, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(referral_priority_fields, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = referral_now(db, a, actor, id, expected_version, REFERRAL_PRIORITY, ref, out);
	if (rc == SC_OK && out->refusal == DONE) {
		const char *note = arena_printf(a, "Priority %lld \xE2\x86\x92 %lld", (long long)ref->priority,
						(long long)in->priority);
		ref->priority = in->priority;
		rc = note != NULL ? referral_write(db, actor, ref, (enum referral_state)ref->state, note, out)
				  : SC_ENOMEM;
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = audit_action(db, actor, REFERRAL_PRIORITY, id);
	out->id = id;
	return app_end(db, rc, out);
}

int
app_referral_offer(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		   int64_t expected_version, const struct referral_offer *in, struct referral *ref_out,
		   struct outcome *out)
{
	struct referral local, *ref = ref_out != NULL ? ref_out : &local;
	struct participant_brief person;
	int rc = app_referral_find(db, a, actor, id, ACT_WRITE, ref, &person, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = referral_now(db, a, actor, id, expected_version, REFERRAL_OFFER, ref, out);
	if (rc == SC_OK && out->refusal == DONE) {
		fields_check_required(referral_offer_fields, in, &out->errors);
		referral_offer_check(in, ref->referred_on, actor->today, &out->errors);
		if (out->errors.n > 0)
			out->refusal = REFUSED_INVALID;
	}
	if (rc == SC_OK && out->refusal == DONE) {
		enum referral_state from = (enum referral_state)ref->state;
		ref->state = REFERRAL_OFFERED;
		ref->offered_on = in->offered_on;
		ref->answer_by = in->answer_by;
		rc = referral_write(db, actor, ref, from, "", out);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = status_follows(db, a, actor, ref, "");
	if (rc == SC_OK && out->refusal == DONE)
		rc = audit_action(db, actor, REFERRAL_OFFER, id);
	out->id = id;
	return app_end(db, rc, out);
}

int
app_referral_accept(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		    int64_t expected_version, struct enrolment_start *in, int64_t *enrolment_id,
		    struct referral *ref_out, struct outcome *out)
{
	struct referral local, *ref = ref_out != NULL ? ref_out : &local;
	struct participant_brief person;
	int64_t period = 0;
	int rc = app_referral_find(db, a, actor, id, ACT_WRITE, ref, &person, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = referral_now(db, a, actor, id, expected_version, REFERRAL_ACCEPT, ref, out);
	if (rc == SC_OK && out->refusal == DONE) {
		fields_check_required(enrolment_start_fields, in, &out->errors);
		referral_accept_check(in, ref->referred_on, actor->today, &out->errors);
		if (out->errors.n > 0)
			out->refusal = REFUSED_INVALID;
	}
	/* A participant in a period already: someone enrolled them meanwhile. */
	int64_t current = 0;
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_enrolment_current(db, actor->centre_id, ref->participant_id, &current);
	if (rc == SC_OK && current != 0)
		app_refuse(out, REFUSED_STALE, NULL);
	if (rc == SC_OK && out->refusal == DONE) {
		char s1[11], s2[11];
		date_format(in->start_date, s1);
		date_format(in->planned_end, s2);
		enum referral_state from = (enum referral_state)ref->state;
		ref->state = REFERRAL_ACCEPTED;
		rc = referral_write(db, actor, ref, from, arena_printf(a, "%s \xE2\x80\x93 %s", s1, s2), out);
	}
	/* The contact person's row is locked before the participant's
	 * (app_period_begin), and the participant's status set after. */
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_period_begin(db, actor, ref->participant_id, id, in, &period, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = audit_action(db, actor, REFERRAL_ACCEPT, id);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "enrolment.create", "enrolment", period);
	out->id = id;
	rc = app_end(db, rc, out);
	if (rc == SC_OK && out->refusal == DONE && enrolment_id != NULL)
		*enrolment_id = period;
	return rc;
}

int
app_referral_close(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum referral_action act,
		   int64_t expected_version, const struct referral_close *in, struct referral *ref_out,
		   struct outcome *out)
{
	struct referral local, *ref = ref_out != NULL ? ref_out : &local;
	struct participant_brief person;
	if (act != REFERRAL_DECLINE && act != REFERRAL_WITHDRAW)
		return SC_EINVAL;
	int rc = app_referral_find(db, a, actor, id, ACT_WRITE, ref, &person, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = referral_now(db, a, actor, id, expected_version, act, ref, out);
	if (rc == SC_OK && out->refusal == DONE) {
		fields_check_required(referral_close_fields, in, &out->errors);
		if (out->errors.n > 0)
			out->refusal = REFUSED_INVALID;
	}
	if (rc == SC_OK && out->refusal == DONE) {
		enum referral_state from = (enum referral_state)ref->state;
		ref->state = act == REFERRAL_DECLINE ? REFERRAL_DECLINED : REFERRAL_WITHDRAWN;
		rc = referral_write(db, actor, ref, from, in->reason, out);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = status_follows(db, a, actor, ref, in->reason);
	if (rc == SC_OK && out->refusal == DONE)
		rc = audit_action(db, actor, act, id);
	out->id = id;
	return app_end(db, rc, out);
}

/* ---- the waiting list ---- */

int
app_waitlist(struct db *db, struct arena *a, const struct actor *actor, int64_t limit, int64_t offset,
	     const char *audit_action_name, struct waitlist_capacity *cap, struct waitlist_row **rows, size_t *n,
	     int64_t *total)
{
	*rows = NULL;
	*n = 0;
	*total = 0;
	int rc = store_waitlist_capacity(db, actor->centre_id, actor->today, cap);
	if (rc == SC_OK)
		rc = store_waitlist(db, a, actor->centre_id, limit, offset, rows, n);
	/* The k-th planned exit frees the place of the person at free + k:
	 * this page needs the first (last place on it) - free exits only. */
	struct date *exits = NULL;
	size_t nexits = 0;
	if (rc == SC_OK)
		rc = store_waitlist_exits(db, a, actor->centre_id, offset + (int64_t)*n - cap->free_places, &exits,
					  &nexits);
	if (rc != SC_OK)
		return rc;
	waitlist_page_fill(*rows, *n, offset, cap->free_places, exits, nexits, actor->today);
	*total = cap->waiting;
	app_audit_read(db, actor, audit_action_name, "referral", 0);
	return SC_OK;
}
