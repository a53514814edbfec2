/*
 * placement.c — the commands and queries of placements; see placement.h.
 */
#include "app/placement.h"
#include "app/clash.h"

#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"
#include "util/token.h"

#include <string.h>

int
app_placement_follow_ups(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			 struct user **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct user *liaisons = NULL, *contacts = NULL;
	size_t nl = 0, nc = 0;
	struct participant_brief brief;
	int rc = store_participant_brief(db, a, actor->centre_id, participant_id, actor->user_id, &brief);
	if (rc == SC_ENOTFOUND) {
		rc = SC_OK;
		brief.contact_id = 0;
	}
	if (rc == SC_OK)
		rc = store_user_list_role(db, a, actor->centre_id, ROLE_BIT(ROLE_LIAISON), &liaisons, &nl);
	if (rc == SC_OK && brief.contact_id > 0)
		rc = store_user_list_role(db, a, actor->centre_id, ROLE_BIT(ROLE_CONTACT), &contacts, &nc);
	if (rc != SC_OK)
		return rc;
	struct user *all = arena_alloc(a, sizeof *all * (nl + 2));
	if (all == NULL)
		return SC_ENOMEM;
	size_t count = 0;
	bool seen = false;
	for (size_t i = 0; i < nl; i++) {
		all[count++] = liaisons[i];
		seen = seen || liaisons[i].id == brief.contact_id;
	}
	/* the participant's own contact person, while active in that role */
	for (size_t i = 0; i < nc && !seen; i++) {
		if (contacts[i].id == brief.contact_id) {
			all[count++] = contacts[i];
			seen = true;
		}
	}
	*items = all;
	*n = count;
	return SC_OK;
}

static int
may_follow_up(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id, int64_t user_id,
	      bool *ok)
{
	*ok = false;
	struct user *people = NULL;
	size_t n = 0;
	int rc = app_placement_follow_ups(db, a, actor, participant_id, &people, &n);
	for (size_t i = 0; rc == SC_OK && i < n && !*ok; i++)
		*ok = people[i].id == user_id;
	return rc;
}

/* Sets the status on the actor's day. */
static void
set_status(const struct actor *actor, struct placement *p)
{
	struct placement_facts f = placement_facts_of(p);
	p->status = (int)placement_status(&f, actor->today);
}

static void
set_statuses(const struct actor *actor, struct placement_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		set_status(actor, &list->items[i]);
}

bool
app_placement_in_programme(const struct participant_brief *p)
{
	return p->status != NULL && (strcmp(p->status, "active") == 0 || strcmp(p->status, "paused") == 0);
}

bool
app_placement_liaison_proposes(const struct actor *actor, const struct participant_brief *p)
{
	return (actor->roles & ROLE_BIT(ROLE_LIAISON)) && app_placement_in_programme(p);
}

int
app_placement_proposer(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		       struct participant_brief *brief, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	/* The liaison finds placements for anyone in the programme (active or
	 * paused) and reads them from the proposal on (decision 42); others
	 * place the participants they may write placements of. */
	if (actor->roles & ROLE_BIT(ROLE_LIAISON)) {
		int rc = store_participant_brief(db, a, actor->centre_id, participant_id, actor->user_id, brief);
		if (rc != SC_OK && rc != SC_ENOTFOUND)
			return rc;
		if (rc == SC_OK && app_placement_liaison_proposes(actor, brief))
			return SC_OK;
	}
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_PLACEMENTS), ACT_WRITE, brief, out);
	/* whoever proposes, only for someone in the programme: one who may
	 * still write an exited participant's placements places them no more */
	if (rc == SC_OK && out->refusal == DONE && !app_placement_in_programme(brief))
		rc = app_refuse(out, REFUSED_STATE, N_("Choose a participant in the programme."));
	return rc;
}

int
app_placement_propose(struct db *db, struct arena *a, const struct actor *actor, struct placement *in,
		      struct outcome *out)
{
	memset(out, 0, sizeof *out);
	fields_check_required(placement_new_fields, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	struct participant_brief brief;
	struct outcome access;
	int rc = app_placement_proposer(db, a, actor, in->participant_id, &brief, &access);
	if (rc != SC_OK)
		return rc;
	if (access.refusal != DONE)
		field_error_add(&out->errors, "participant_id", N_("Choose a participant in the programme."));
	struct employer e;
	rc = store_employer_get(db, a, actor->centre_id, in->employer_id, actor->today, &e);
	if (rc == SC_ENOTFOUND)
		field_error_add(&out->errors, "employer_id", N_("Choose one of the employers in the register."));
	else if (rc != SC_OK)
		return rc;
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	struct placement p;
	fields_clear(placement_fields, &p);
	p.participant_id = in->participant_id;
	p.employer_id = in->employer_id;
	p.version = 1;
	struct placement_facts f = placement_facts_of(&p);
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_placement_create(db, actor->centre_id, &p, placement_phase(&f), actor->user_id, actor->now,
					    &p.id);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "placement.create", "placement", p.id);
	in->id = p.id;
	out->id = p.id;
	out->version = 1;
	return app_end(db, rc, out);
}

/* Reads placement id for the actor: found, and readable through the
 * participant's placements; *writable says whether they may also change
 * it. A write by someone who may only read it is refused as forbidden
 * (the liaison who does not follow it reads it, decision 135). */
static int
placement_read(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum action act,
	       struct placement *p, struct participant_brief *brief, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	int rc = store_placement_get(db, a, actor->centre_id, id, false, p);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	rc = app_participant(db, a, actor, p->participant_id, PART_BIT(PART_PLACEMENTS), ACT_READ, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	p->writable = (app_parts(actor, brief, ACT_WRITE) & PART_BIT(PART_PLACEMENTS)) != 0;
	if (act == ACT_WRITE && !p->writable)
		return app_refuse(out, REFUSED_FORBIDDEN,
				  N_("Only the placement's follow-up person, the participant's contact person or a leader changes it."));
	set_status(actor, p);
	out->id = id;
	out->version = p->version;
	return SC_OK;
}

int
app_placement_load(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum action act,
		   struct placement *p, struct outcome *out)
{
	struct participant_brief brief;
	return placement_read(db, a, actor, id, act, p, &brief, out);
}

int
app_placement_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct placement *p,
		  struct participant_brief *brief, struct outcome *out)
{
	struct participant_brief b;
	int rc = placement_read(db, a, actor, id, ACT_READ, p, brief != NULL ? brief : &b, out);
	if (rc == SC_OK && out->refusal == DONE)
		app_audit_read(db, actor, "placement.read", "placement", id);
	return rc;
}

/* The placement's period inside its pool agreement's
 * (agreement_period_holds()). */
static int
within_agreement(struct db *db, struct arena *a, const struct actor *actor, const struct placement *p,
		 struct field_errors *e)
{
	if (p->agreement_id <= 0 || p->starts_on.y == 0 || p->ends_on.y == 0)
		return SC_OK;
	struct agreement ag;
	int rc = store_agreement_get(db, a, actor->centre_id, p->agreement_id, actor->today, &ag);
	if (rc == SC_ENOTFOUND) {
		field_error_add(e, "agreement_id", N_("Choose one of the pool agreements that cover this employer."));
		return SC_OK;
	}
	if (rc == SC_OK)
		agreement_period_holds(&ag, p->starts_on, p->ends_on, a, e);
	return rc;
}

/* "from – to" of a period, in the arena (NULL when it has no room). */
static const char *
period_text(struct arena *a, struct date from, struct date to)
{
	char f[11], t[11];
	date_format(from, f);
	date_format(to, t);
	return arena_printf(a, "%s \xE2\x80\x93 %s", f, t);
}

/* A place for p under its pool agreement, read with the agreement's row
 * locked (after the participant's, the order one_active() takes), so
 * that of two placements for the last place one waits and then finds it
 * held: REFUSED_FULL naming the places. */
static int
pool_room(struct db *db, struct arena *a, const struct actor *actor, const struct placement *p, struct outcome *out)
{
	int64_t places = 0, open = 0;
	int rc = store_agreement_lock(db, actor->centre_id, p->agreement_id, &places);
	if (rc == SC_OK)
		rc = store_agreement_open(db, actor->centre_id, p->agreement_id, actor->today, p->id, &open);
	if (rc != SC_OK || agreement_has_room(places, open))
		return rc;
	return app_refuse_text(out, REFUSED_FULL, N_("The pool agreement has no free places: %s of %s."),
			       arena_printf(a, "%lld", (long long)open), arena_printf(a, "%lld", (long long)places),
			       NULL);
}

int
app_placement_terms_check(struct db *db, struct arena *a, const struct actor *actor, struct placement *in,
			  struct field_errors *e)
{
	placement_record_check(in, a, e);
	int rc = SC_OK;
	if (in->supervisor_id > 0 && field_error_of(e, "supervisor_id") == NULL) {
		struct employer_contact c;
		rc = store_contact_get(db, a, actor->centre_id, in->employer_id, in->supervisor_id, &c);
		if (rc == SC_ENOTFOUND)
			field_error_add(e, "supervisor_id", N_("Choose one of the employer's contacts."));
		else if (rc != SC_OK)
			return rc;
		else
			in->supervisor_name = c.name;
	}
	if (in->follow_up_id > 0 && field_error_of(e, "follow_up_id") == NULL) {
		bool ok = false;
		rc = may_follow_up(db, a, actor, in->participant_id, in->follow_up_id, &ok);
		if (rc != SC_OK)
			return rc;
		if (!ok)
			field_error_add(e, "follow_up_id", N_("Choose the employer liaison or the participant's contact person."));
	}
	if (in->agreement_id > 0 && field_error_of(e, "agreement_id") == NULL) {
		bool covers = false;
		rc = store_agreement_covers(db, actor->centre_id, in->agreement_id, in->employer_id, &covers);
		if (rc != SC_OK)
			return rc;
		if (!covers)
			field_error_add(e, "agreement_id", N_("Choose one of the pool agreements that cover this employer."));
		else
			rc = within_agreement(db, a, actor, in, e);
		if (rc != SC_OK)
			return rc;
	}
	if (in->goal_id > 0 && field_error_of(e, "goal_id") == NULL) {
		struct goal g;
		rc = store_goal_get(db, a, actor->centre_id, in->goal_id, &g);
		if (rc != SC_OK && rc != SC_ENOTFOUND)
			return rc;
		if (rc == SC_ENOTFOUND || g.participant_id != in->participant_id)
			field_error_add(e, "goal_id", N_("Choose one of the participant's goals."));
	}
	return SC_OK;
}

/*
 * The order of the locks. Every command that writes a placement (its
 * terms, an approval and its withdrawal, an early end, a follow-up, an
 * evaluation, the supervisor's through the link too, its result, making
 * or revoking the supervisor's link) takes the participant's row first
 * (hold_participant()), then the placement's, then an employer
 * contact's, a pool agreement's or an evaluation link's. The
 * exit from the programme takes the participant's (its status) before its
 * groups' and placements' (app/enrolment.c), and an enrolment in a group
 * the participant's before the group's: with the participant always first,
 * a participant who exits while their placement is approved waits for the
 * approval, or the approval for the exit. The approval used to hold the
 * placement while it waited for the participant, the exit the participant
 * while it waited for the placement, and PostgreSQL broke the deadlock by
 * failing one of them. An early end, a withdrawal, a follow-up and an
 * evaluation took the placement's alone, outside that order, and a result
 * and a link none: an exit holding the participant did not stop them, and
 * what each decided by was read before its transaction (a result was
 * recorded on a placement an exit had just called off; a link made while
 * the evaluation was recorded stayed live). On SQLite BEGIN IMMEDIATE
 * already takes turns.
 */
static int
hold_participant(struct db *db, const struct actor *actor, int64_t participant_id)
{
	int64_t contact = 0;
	bool counts = false;
	return store_caseload_lock_participant(db, actor->centre_id, participant_id, &contact, &counts);
}

/* Begins a command's transaction holding the participant's row
 * (hold_participant()), then the placement's, the one order of decision
 * 174, and reads the placement again under them into *p (whose
 * participant it holds): a refusal when it is gone. */
static int
begin_held(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct placement *p,
	   struct outcome *out)
{
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = hold_participant(db, actor, p->participant_id);
	if (rc == SC_OK)
		rc = store_placement_get(db, a, actor->centre_id, id, true, p);
	if (rc == SC_ENOTFOUND)
		rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	return rc;
}

/* The "%s" of a clash's refusal in the arena: the group, the day and the
 * group's hours that day. False when the arena has no room. */
static bool
clash_texts(struct arena *a, const struct enrol_clash *c, const char *t[3])
{
	char *day = arena_alloc(a, 11);
	t[0] = c->group;
	t[1] = day;
	t[2] = arena_printf(a, "%02d:%02d-%02d:%02d", c->at.start / 60, c->at.start % 60, c->at.end / 60,
			    c->at.end % 60);
	if (day == NULL || t[2] == NULL)
		return false;
	date_format(c->mine.date, day);
	return true;
}

/* The participant's working hours against their group timetable
 * (app_placement_clash(), under the participant's lock): a refusal under
 * "schedule" naming the first clash. */
static int
clash_check(struct db *db, struct arena *a, const struct actor *actor, const struct placement *p,
		struct field_errors *e)
{
	struct enrol_clash c;
	bool found = false;
	const char *t[3];
	int rc = app_placement_clash(db, a, actor->centre_id, p, &c, &found);
	if (rc != SC_OK || !found)
		return rc;
	if (!clash_texts(a, &c, t))
		return SC_ENOMEM;
	/* the refusal names the clash: the group, the day and its hours */
	field_error_add_text(e, "schedule",
			     N_("The working hours clash with the participant's group timetable: %s on %s, %s."), t[0],
			     t[1], t[2]);
	return SC_OK;
}

/* The centre's approval, which makes the placement agreed, checks the clash
 * again: an enrolment is refused on a negotiated placement's hours too,
 * but a session added or moved anyway, or a place taken before that rule,
 * may meet them since the terms were saved. Refused, named. */
static int
approval_clash(struct db *db, struct arena *a, const struct actor *actor, const struct placement *p,
	       struct outcome *out)
{
	struct enrol_clash c;
	bool found = false;
	const char *t[3];
	int rc = app_placement_clash(db, a, actor->centre_id, p, &c, &found);
	if (rc != SC_OK || !found)
		return rc;
	if (!clash_texts(a, &c, t))
		return SC_ENOMEM;
	return app_refuse_text(out, REFUSED_STATE,
			       N_("The centre cannot approve: the working hours clash with the participant's group timetable: %s on %s, %s."),
			       t[0], t[1], t[2]);
}

/* Another agreed placement of the participant sharing a day with p's
 * period, found after the participant's row is locked: REFUSED_FULL. */
static int
one_active(struct db *db, struct arena *a, const struct actor *actor, const struct placement *p,
	   struct outcome *out)
{
	int rc = hold_participant(db, actor, p->participant_id);
	if (rc != SC_OK)
		return rc;
	int64_t other = 0;
	rc = store_placement_overlapping(db, actor->centre_id, p->participant_id, p->id, p->starts_on, p->ends_on,
					 &other);
	if (rc != SC_OK)
		return rc;
	if (other == 0)
		return SC_OK;
	/* the refusal names the placement in the way: its employer and period */
	struct placement o;
	rc = store_placement_get(db, a, actor->centre_id, other, false, &o);
	if (rc != SC_OK)
		return rc;
	out->other_id = other;
	return app_refuse_text(out, REFUSED_FULL,
			       N_("The participant has another agreed placement in this period, at %s, %s: one placement at a time."),
			       o.employer_name != NULL ? o.employer_name : "", period_text(a, o.starts_on, o.ends_on), NULL);
}

int
app_placement_save(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
		   struct placement *in, struct outcome *out)
{
	struct placement before;
	int rc = app_placement_load(db, a, actor, id, ACT_WRITE, &before, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	if (version <= 0)
		return app_invalid(out, "version", N_("Must be the version you read, a whole number."));
	/* what the form does not edit stays as stored */
	struct placement after = before;
	const struct fields fs = placement_fields;
	for (size_t i = 0; i < fs.n; i++) {
		const struct field *f = &fs.f[i];
		if (f->flags & FF_OUT)
			continue;
		memcpy((char *)&after + f->offset, (const char *)in + f->offset,
		       f->type == FT_DATE ? sizeof(struct date)
		       : (f->type == FT_INT || f->type == FT_ID || f->type == FT_MONEY) ? sizeof(int64_t)
		       : f->type == FT_ENUM || f->type == FT_BOOL ? sizeof(int)
		       : sizeof(const char *));
	}
	rc = app_placement_terms_check(db, a, actor, &after, &out->errors);
	if (rc != SC_OK)
		return rc;
	rc = app_begin(db);
	/* the participant's row first (hold_participant()), then the placement's */
	if (rc == SC_OK)
		rc = hold_participant(db, actor, before.participant_id);
	struct placement now;
	if (rc == SC_OK)
		rc = store_placement_get(db, a, actor->centre_id, id, true, &now);
	if (rc == SC_ENOTFOUND)
		rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	struct placement_facts f = placement_facts_of(&now);
	enum placement_edit mode = placement_edit_mode(&f, actor->today);
	if (rc == SC_OK && out->refusal == DONE && now.version != version) {
		out->version = now.version;
		rc = app_refuse(out, REFUSED_STALE,
				N_("Someone else saved this placement after you opened it. Check the terms and save again."));
	}
	if (rc == SC_OK && out->refusal == DONE && placement_edit_refusal(mode) != NULL)
		rc = app_refuse(out, REFUSED_STATE, placement_edit_refusal(mode));
	if (rc == SC_OK && out->refusal == DONE && mode == EDIT_AMEND)
		placement_amend_check(&now, &after, actor->today, &out->errors);
	/* under the participant's lock: an enrolment at the same moment is
	 * decided before this reads the groups, or after the commit */
	if (rc == SC_OK && out->refusal == DONE)
		rc = clash_check(db, a, actor, &after, &out->errors);
	/* the supervisor checked above is held until the commit: a delete of
	 * the contact at the same moment waits, or has happened (decision 73) */
	if (rc == SC_OK && out->refusal == DONE && after.supervisor_id > 0 &&
	    field_error_of(&out->errors, "supervisor_id") == NULL) {
		rc = store_contact_lock(db, actor->centre_id, after.employer_id, after.supervisor_id, false);
		if (rc == SC_ENOTFOUND) {
			rc = SC_OK;
			field_error_add(&out->errors, "supervisor_id", N_("Choose one of the employer's contacts."));
		}
	}
	if (rc == SC_OK && out->refusal == DONE && out->errors.n > 0)
		rc = app_refuse(out, REFUSED_INVALID, NULL);
	if (rc == SC_OK && out->refusal == DONE && mode == EDIT_AMEND)
		rc = one_active(db, a, actor, &after, out);
	/* under a pool agreement: its row locked (after the participant's),
	 * the period inside the agreement's as it is now, and an agreed
	 * placement moved under it takes a free place */
	if (rc == SC_OK && out->refusal == DONE && after.agreement_id > 0) {
		int64_t places = 0;
		rc = store_agreement_lock(db, actor->centre_id, after.agreement_id, &places);
		if (rc == SC_ENOTFOUND) {
			rc = SC_OK;
			field_error_add(&out->errors, "agreement_id",
					N_("Choose one of the pool agreements that cover this employer."));
		}
		if (rc == SC_OK)
			rc = within_agreement(db, a, actor, &after, &out->errors);
		if (rc == SC_OK && out->errors.n > 0)
			rc = app_refuse(out, REFUSED_INVALID, NULL);
		if (rc == SC_OK && out->refusal == DONE && mode == EDIT_AMEND && after.agreement_id != now.agreement_id)
			rc = pool_room(db, a, actor, &after, out);
	}
	struct field_change *changes = NULL;
	size_t nchanges = 0;
	const char *keys = "";
	if (rc == SC_OK && out->refusal == DONE)
		rc = fields_changes(placement_fields, &now, &after, a, &changes, &nchanges, &keys);
	out->id = id;
	out->version = version;
	if (rc == SC_OK && out->refusal == DONE && nchanges > 0) {
		struct placement_facts af = placement_facts_of(&after);
		rc = store_placement_update(db, actor->centre_id, id, version, &after, placement_phase(&af), changes,
					    nchanges, keys, actor->user_id, actor->now);
		if (rc == SC_ECONFLICT) {
			rc = app_refuse(out, REFUSED_STALE,
					N_("Someone else saved this placement after you opened it. Check the terms and save again."));
		} else if (rc == SC_OK) {
			out->version = version + 1;
			rc = app_audit(db, actor, mode == EDIT_AMEND ? "placement.amend" : "placement.update",
				       "placement", id);
		}
	}
	if (rc == SC_OK) {
		*in = after;
		in->version = out->version;
	}
	return app_end(db, rc, out);
}

/* The standing approvals' times of p, with party's set to at (or cleared
 * with FIELD_NONE). */
static void
approvals_of(const struct placement *p, int64_t at[PARTY_COUNT])
{
	at[PARTY_EMPLOYER] = p->employer_approved_at;
	at[PARTY_PARTICIPANT] = p->participant_approved_at;
	at[PARTY_CENTRE] = p->centre_approved_at;
}

static enum placement_phase
phase_with(const struct placement *p, const int64_t at[PARTY_COUNT])
{
	struct placement q = *p;
	q.employer_approved_at = at[PARTY_EMPLOYER];
	q.participant_approved_at = at[PARTY_PARTICIPANT];
	q.centre_approved_at = at[PARTY_CENTRE];
	struct placement_facts f = placement_facts_of(&q);
	return placement_phase(&f);
}

/* The local day of a stored time ({0} for none). */
static struct date
day_of(int64_t at)
{
	struct date d = {0};
	if (at <= 0)
		return d;
	char text[20];
	time_format_local(at, text, sizeof text);
	text[10] = '\0';
	date_parse(text, &d);
	return d;
}

/* The approval's date against what it approves (placement_approval_bound()):
 * the day the terms were last saved, and for the centre the others'
 * standing approvals. REFUSED_INVALID under "approved_on". */
static int
approval_dated(struct db *db, struct arena *a, const struct actor *actor, const struct placement *p,
	       const struct placement_approval *in, struct outcome *out)
{
	int64_t saved = 0;
	int rc = store_placement_terms_saved(db, actor->centre_id, p->id, &saved);
	struct date others = {0};
	if (rc == SC_OK && in->party == PARTY_CENTRE) {
		struct placement_approval_row *rows = NULL;
		size_t n = 0;
		rc = store_placement_approvals(db, a, actor->centre_id, p->id, &rows, &n);
		for (size_t i = 0; rc == SC_OK && i < n; i++)
			if (rows[i].withdrawn_at == 0 && rows[i].party != PARTY_CENTRE &&
			    (others.y == 0 || date_cmp(rows[i].approved_on, others) > 0))
				others = rows[i].approved_on;
	}
	if (rc == SC_OK && !placement_approval_bound(in, day_of(saved), others, a, &out->errors))
		rc = app_refuse(out, REFUSED_INVALID, NULL);
	return rc;
}

int
app_placement_approve(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		      struct placement_approval *in, struct outcome *out)
{
	struct placement p;
	int rc = app_placement_load(db, a, actor, id, ACT_WRITE, &p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(placement_approval_fields, in, &out->errors);
	placement_approval_check(in, actor->today, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	/* the participant's row first (hold_participant()), then the placement's */
	rc = begin_held(db, a, actor, id, &p, out);
	struct placement_facts f = placement_facts_of(&p);
	const char *why = rc == SC_OK ? placement_approval_refusal(&f, (enum placement_party)in->party) : NULL;
	if (rc == SC_OK && out->refusal == DONE && why != NULL)
		rc = app_refuse(out, REFUSED_STATE, why);
	if (rc == SC_OK && out->refusal == DONE)
		rc = approval_dated(db, a, actor, &p, in, out);
	if (rc == SC_OK && out->refusal == DONE && in->party == PARTY_CENTRE) {
		rc = one_active(db, a, actor, &p, out);
		if (rc == SC_OK && out->refusal == DONE)
			rc = approval_clash(db, a, actor, &p, out);
		if (rc == SC_OK && out->refusal == DONE && p.agreement_id > 0)
			rc = pool_room(db, a, actor, &p, out);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_placement_approval_add(db, actor->centre_id, id, in, in->party == PARTY_PARTICIPANT,
						  actor->user_id, actor->now);
	if (rc == SC_OK && out->refusal == DONE) {
		int64_t at[PARTY_COUNT];
		approvals_of(&p, at);
		at[in->party] = actor->now;
		rc = store_placement_set_approvals(db, actor->centre_id, id, at[PARTY_EMPLOYER], at[PARTY_PARTICIPANT],
						   at[PARTY_CENTRE], phase_with(&p, at), actor->now);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "placement.approve", "placement", id);
	out->id = id;
	out->version = p.version + 1;
	return app_end(db, rc, out);
}

int
app_placement_withdraw(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       struct placement_withdrawal *in, struct outcome *out)
{
	struct placement p;
	int rc = app_placement_load(db, a, actor, id, ACT_WRITE, &p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(placement_withdrawal_fields, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	/* the participant's row first (hold_participant()), then the placement's */
	rc = begin_held(db, a, actor, id, &p, out);
	struct placement_facts f = placement_facts_of(&p);
	const char *why =
		rc == SC_OK ? placement_withdraw_refusal(&f, (enum placement_party)in->party, actor->today) : NULL;
	if (rc == SC_OK && out->refusal == DONE && why != NULL)
		rc = app_refuse(out, REFUSED_STATE, why);
	if (rc == SC_OK && out->refusal == DONE) {
		unsigned effect = placement_withdraw_effect(&f, (enum placement_party)in->party);
		int64_t at[PARTY_COUNT];
		approvals_of(&p, at);
		for (int party = 0; rc == SC_OK && party < PARTY_COUNT; party++) {
			if (!(effect & (1u << party)) || at[party] == FIELD_NONE)
				continue;
			rc = store_placement_approval_withdraw(db, actor->centre_id, id, party, in->reason,
							       actor->user_id, actor->now);
			at[party] = FIELD_NONE;
		}
		if (rc == SC_OK)
			rc = store_placement_set_approvals(db, actor->centre_id, id, at[PARTY_EMPLOYER],
							   at[PARTY_PARTICIPANT], at[PARTY_CENTRE], phase_with(&p, at),
							   actor->now);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "placement.withdraw", "placement", id);
	out->id = id;
	out->version = p.version + 1;
	return app_end(db, rc, out);
}

int
app_placement_end(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct placement_ending *in,
		  struct outcome *out)
{
	struct placement p;
	int rc = app_placement_load(db, a, actor, id, ACT_WRITE, &p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(placement_ending_fields, in, &out->errors);
	/* the participant's row first (hold_participant()), then the
	 * placement's, read again under them: an exit or an approval at the
	 * same moment is decided before this or after the commit */
	rc = begin_held(db, a, actor, id, &p, out);
	struct placement_facts f = placement_facts_of(&p);
	const char *why = rc == SC_OK && out->refusal == DONE ? placement_end_refusal(&f, actor->today) : NULL;
	if (why != NULL)
		rc = app_refuse(out, REFUSED_STATE, why);
	if (rc == SC_OK && out->refusal == DONE)
		placement_ending_check(in, &f, actor->today, a, &out->errors);
	if (rc == SC_OK && out->refusal == DONE && out->errors.n > 0)
		rc = app_refuse(out, REFUSED_INVALID, NULL);
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_placement_end(db, actor->centre_id, id, in, actor->now);
		if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STATE, N_("The placement has ended already."));
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "placement.end", "placement", id);
	out->id = id;
	out->version = p.version + 1;
	return app_end(db, rc, out);
}

int
app_placement_approvals(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			struct placement_approval_row **items, size_t *n)
{
	return store_placement_approvals(db, a, actor->centre_id, id, items, n);
}

int
app_placement_changes(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		      struct internship_change **items, size_t *n)
{
	return store_internship_changes(db, a, actor->centre_id, CHANGE_PLACEMENT, id, 0, items, n);
}

int
app_participant_placements(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			   bool audit, struct placement_list *list, struct outcome *out)
{
	memset(list, 0, sizeof *list);
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_PLACEMENTS), ACT_READ, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_participant_placements(db, a, actor->centre_id, participant_id, list);
	if (rc == SC_OK)
		set_statuses(actor, list);
	if (rc == SC_OK && audit)
		app_audit_read(db, actor, "placement.list", "participant", participant_id);
	return rc;
}

int
app_participant_internships(struct db *db, struct arena *a, const struct actor *actor,
			    const struct participant_brief *brief, struct placement_list *list,
			    struct employment **jobs, size_t *njobs, struct outcome *out)
{
	memset(list, 0, sizeof *list);
	*jobs = NULL;
	*njobs = 0;
	int rc = app_participant_allowed(db, actor, brief, PART_BIT(PART_PLACEMENTS), ACT_READ, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_participant_placements(db, a, actor->centre_id, brief->id, list);
	if (rc == SC_OK)
		set_statuses(actor, list);
	if (rc == SC_OK)
		rc = store_employments(db, a, actor->centre_id, brief->id, 0, jobs, njobs);
	return rc;
}

int
app_placements_evaluations(struct db *db, struct arena *a, const struct actor *actor,
			   const struct placement_list *list, struct placement_evaluation **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	if (list->n == 0)
		return SC_OK;
	int64_t *ids = arena_alloc(a, sizeof *ids * list->n);
	if (ids == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < list->n; i++)
		ids[i] = list->items[i].id;
	return store_evaluations_of(db, a, actor->centre_id, ids, list->n, items, n);
}

/* Whose placements a list shows the actor: 0 for the centre's (the
 * liaison and the leader see all), else the contact person's own
 * participants'. */
static int64_t
placements_of(const struct actor *actor)
{
	return access_scope(actor->roles, RES_PLACEMENTS, ACT_READ) == SCOPE_ALL ? 0 : actor->user_id;
}

int
app_placements(struct db *db, struct arena *a, const struct actor *actor, const char *status, int64_t limit,
	       int64_t offset, struct placement_list *list)
{
	int rc = store_placements(db, a, actor->centre_id, status, actor->today, placements_of(actor), limit, offset,
				  list);
	if (rc == SC_OK)
		set_statuses(actor, list);
	return rc;
}

int
app_employer_placements(struct db *db, struct arena *a, const struct actor *actor, int64_t employer_id,
			int64_t limit, int64_t offset, bool brief, struct placement_list *list)
{
	int rc = store_employer_placements(db, a, actor->centre_id, employer_id, placements_of(actor), limit, offset,
					   brief, list);
	if (rc == SC_OK)
		set_statuses(actor, list);
	return rc;
}

/* ---- follow-up, evaluations, links, the result ---- */

int
app_placement_visit_check(struct db *db, struct arena *a, const struct actor *actor, const struct placement *p,
			  const struct placement_visit *in, struct field_errors *e)
{
	placement_visit_check(in, actor->today, e);
	int64_t proposed = 0;
	int rc = store_placement_proposed_at(db, actor->centre_id, p->id, &proposed);
	if (rc != SC_OK)
		return rc;
	struct placement_facts f = placement_facts_of(p);
	placement_visit_within(in, &f, day_of(proposed), a, e);
	return SC_OK;
}

int
app_placement_visit_add(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			struct placement_visit *in, struct outcome *out)
{
	struct placement p;
	int rc = app_placement_load(db, a, actor, id, ACT_WRITE, &p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(placement_visit_fields, in, &out->errors);
	/* the participant's row first (hold_participant()), then the
	 * placement's, read again under them: the visit's date is checked
	 * against the end an exit or an early end at the same moment gave it */
	rc = begin_held(db, a, actor, id, &p, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_placement_visit_check(db, a, actor, &p, in, &out->errors);
	if (rc == SC_OK && out->refusal == DONE && out->errors.n > 0)
		rc = app_refuse(out, REFUSED_INVALID, NULL);
	struct placement_facts f = placement_facts_of(&p);
	if (rc == SC_OK && out->refusal == DONE && !placement_was_agreed(&f))
		rc = app_refuse(out, REFUSED_STATE, N_("Follow-up starts when the placement is agreed."));
	in->placement_id = id;
	in->participant_id = p.participant_id;
	in->author_id = actor->user_id;
	in->created_at = actor->now;
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_placement_visit_add(db, actor->centre_id, in, &in->id);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "placement_visit.create", "placement", id);
	out->id = in->id;
	return app_end(db, rc, out);
}

int
app_placement_visits(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		     struct placement_visit **items, size_t *n)
{
	return store_placement_visits(db, a, actor->centre_id, id, items, n);
}

int
app_placement_evaluation_add(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			     struct placement_evaluation *in, struct outcome *out)
{
	struct placement p;
	int rc = app_placement_load(db, a, actor, id, ACT_WRITE, &p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(placement_evaluation_fields, in, &out->errors);
	/* the participant's row first (hold_participant()), then the
	 * placement's, read again under them; the supervisor's link after */
	rc = begin_held(db, a, actor, id, &p, out);
	if (rc == SC_OK && out->refusal == DONE)
		evaluation_check(in, actor->today, p.starts_on, &out->errors);
	if (rc == SC_OK && out->refusal == DONE && out->errors.n > 0)
		rc = app_refuse(out, REFUSED_INVALID, NULL);
	struct placement_facts f = placement_facts_of(&p);
	const char *why = rc == SC_OK && out->refusal == DONE
				  ? evaluation_refusal(placement_started(&f, actor->today), in->kind,
						       p.evaluated_mid == 1, p.evaluated_end == 1)
				  : NULL;
	if (why != NULL)
		rc = app_refuse(out, REFUSED_STATE, why);
	in->placement_id = id;
	in->participant_id = p.participant_id;
	in->source = EVAL_BY_STAFF;
	in->author_id = actor->user_id;
	in->link_id = 0;
	in->created_at = actor->now;
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_placement_evaluation_add(db, actor->centre_id, in, &in->id);
		if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STATE,
					in->kind == EVAL_MID ? N_("The mid-point evaluation has been recorded already.")
							     : N_("The final evaluation has been recorded already."));
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "placement_evaluation.create", "placement", id);
	/* the supervisor's link for this evaluation has nothing left to do:
	 * it is revoked with it, as a revocation by whoever recorded it */
	int64_t live = 0;
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_evaluation_link_live(db, actor->centre_id, id, in->kind, actor->now, &live);
	if (rc == SC_OK && out->refusal == DONE && live > 0) {
		rc = store_evaluation_link_revoke(db, actor->centre_id, id, live, actor->user_id, actor->now);
		if (rc == SC_OK)
			rc = app_audit(db, actor, "evaluation_link.revoke", "evaluation_link", live);
	}
	out->id = in->id;
	return app_end(db, rc, out);
}

int
app_placement_evaluations(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			  struct placement_evaluation **items, size_t *n)
{
	return store_placement_evaluations(db, a, actor->centre_id, id, items, n);
}

int
app_evaluation_link_create(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int kind,
			   char token[static 65], struct outcome *out)
{
	token[0] = '\0';
	struct placement p;
	int rc = app_placement_load(db, a, actor, id, ACT_WRITE, &p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	if (kind < 0 || kind >= EVAL_KIND_COUNT)
		return app_refuse(out, REFUSED_INVALID, evaluation_refusal(true, kind, false, false));
	char tok[TOKEN_HEX_LEN + 1], digest[TOKEN_DIGEST_LEN + 1];
	token_random(tok);
	token_digest(tok, digest);
	/* the participant's row first (hold_participant()), then the
	 * placement's, read again under them, then the links: an evaluation
	 * recorded at the same moment (which revokes the live link) or an exit
	 * calling the placement off is decided before this or after the commit */
	rc = begin_held(db, a, actor, id, &p, out);
	struct placement_facts f = placement_facts_of(&p);
	const char *why = rc == SC_OK && out->refusal == DONE
				  ? evaluation_refusal(placement_started(&f, actor->today), kind, p.evaluated_mid == 1,
						       p.evaluated_end == 1)
				  : NULL;
	if (why != NULL)
		rc = app_refuse(out, REFUSED_STATE, why);
	int64_t live = 0;
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_evaluation_link_live(db, actor->centre_id, id, kind, actor->now, &live);
	if (rc == SC_OK && out->refusal == DONE && live > 0)
		rc = store_evaluation_link_revoke(db, actor->centre_id, id, live, actor->user_id, actor->now);
	int64_t link = 0;
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_evaluation_link_add(db, actor->centre_id, id, kind, digest, actor->user_id, actor->now,
					       evaluation_link_expiry(actor->now), &link);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "evaluation_link.create", "evaluation_link", link);
	out->id = link;
	rc = app_end(db, rc, out);
	if (rc == SC_OK && out->refusal == DONE)
		memcpy(token, tok, sizeof tok);
	return rc;
}

int
app_evaluation_link_revoke(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t link_id,
			   struct outcome *out)
{
	struct placement p;
	int rc = app_placement_load(db, a, actor, id, ACT_WRITE, &p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	/* the participant's row first (hold_participant()), then the
	 * placement's, then the link's: the order of the supervisor's submit */
	rc = begin_held(db, a, actor, id, &p, out);
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_evaluation_link_revoke(db, actor->centre_id, id, link_id, actor->user_id, actor->now);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, N_("The placement has no such link that works."));
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "evaluation_link.revoke", "evaluation_link", link_id);
	out->id = link_id;
	return app_end(db, rc, out);
}

int
app_evaluation_links(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		     struct evaluation_link **items, size_t *n)
{
	return store_evaluation_links(db, a, actor->centre_id, id, items, n);
}

/* The actor of a supervisor reaching the product through a link: no user,
 * in the link's centre, from the client's address. */
static struct actor
link_actor(int64_t centre, const char *address, int64_t now, struct date today)
{
	struct actor x = {.user_id = 0, .username = "", .name = "", .roles = 0, .centre_id = centre,
			  .address = address != NULL ? address : "", .now = now, .today = today, .store = NULL};
	return x;
}

/* Finds the link of a token with its placement: view filled; *centre and
 * *link set when it exists. */
static int
link_find(struct db *db, struct arena *a, const char *token, int64_t now, struct date today,
	  struct evaluation_link *link, int64_t *centre, struct placement *p, struct evaluation_link_view *view)
{
	memset(view, 0, sizeof *view);
	view->state = LINK_UNKNOWN;
	*centre = 0;
	if (token == NULL || strlen(token) != TOKEN_HEX_LEN)
		return SC_OK;
	char digest[TOKEN_DIGEST_LEN + 1];
	token_digest(token, digest);
	int rc = store_evaluation_link_by_digest(db, digest, link, centre);
	if (rc == SC_ENOTFOUND) {
		*centre = 0;
		return SC_OK;
	}
	if (rc != SC_OK)
		return rc;
	rc = store_placement_get(db, a, *centre, link->placement_id, false, p);
	if (rc != SC_OK)
		return rc;
	struct placement_facts f = placement_facts_of(p);
	p->status = (int)placement_status(&f, today);
	view->state = evaluation_link_state(link, now);
	view->kind = link->kind;
	view->given_name = p->given_name;
	view->starts_on = p->starts_on;
	view->ends_on = p->ends_on;
	view->employer_name = p->employer_name;
	return SC_OK;
}

int
app_evaluation_link_view(struct db *db, struct arena *a, const char *token, int64_t now, struct date today,
			 struct evaluation_link_view *view)
{
	struct evaluation_link link;
	int64_t centre = 0;
	struct placement p;
	return link_find(db, a, token, now, today, &link, &centre, &p, view);
}

int
app_evaluation_link_open(struct db *db, struct arena *a, const char *token, const char *address, int64_t now,
			 struct date today, struct evaluation_link_view *view)
{
	struct evaluation_link link;
	int64_t centre = 0;
	struct placement p;
	int rc = link_find(db, a, token, now, today, &link, &centre, &p, view);
	if (rc != SC_OK || centre == 0)
		return rc;
	struct actor x = link_actor(centre, address, now, today);
	struct outcome out = {0};
	rc = app_begin(db);
	if (rc == SC_OK && view->state == LINK_VALID && link.opened_at == 0)
		rc = store_evaluation_link_opened(db, centre, link.id, now);
	if (rc == SC_OK)
		rc = app_audit(db, &x, "evaluation_link.open", "evaluation_link", link.id);
	return app_end(db, rc, &out);
}

int
app_evaluation_link_submit(struct db *db, struct arena *a, const char *token, const char *address, int64_t now,
			   struct date today, struct placement_evaluation *in, struct evaluation_link_view *view,
			   struct outcome *out)
{
	memset(out, 0, sizeof *out);
	struct evaluation_link link;
	int64_t centre = 0;
	struct placement p;
	/* Everything is read inside the transaction: of two submits at once,
	 * the second sees the link spent (decision 40). */
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = link_find(db, a, token, now, today, &link, &centre, &p, view);
	if (rc == SC_OK && view->state != LINK_VALID)
		rc = app_refuse(out, REFUSED_NOT_FOUND, evaluation_link_message(view->state));
	if (rc == SC_OK && out->refusal == DONE) {
		fields_check_required(evaluation_link_form_fields, in, &out->errors);
		if (out->errors.n > 0)
			rc = app_refuse(out, REFUSED_INVALID, NULL);
	}
	/* the participant's row, then the placement's, read again under them
	 * (hold_participant()), before the link's: the order the staff's
	 * evaluation takes, which revokes the link after it marks the placement */
	if (rc == SC_OK && out->refusal == DONE) {
		struct actor x = link_actor(centre, address, now, today);
		rc = hold_participant(db, &x, p.participant_id);
		if (rc == SC_OK)
			rc = store_placement_get(db, a, centre, p.id, true, &p);
	}
	/* Spend the link first: a submit racing this one waits here (the
	 * row's lock on PostgreSQL) and finds it used; a refusal below rolls
	 * the spending back. */
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_evaluation_link_use(db, centre, link.id, now);
		if (rc == SC_ECONFLICT) {
			view->state = LINK_USED;
			rc = app_refuse(out, REFUSED_NOT_FOUND, evaluation_link_message(LINK_USED));
		}
	}
	if (rc == SC_OK && out->refusal == DONE) {
		in->kind = link.kind;
		in->evaluated_on = today;
		struct placement_facts f = placement_facts_of(&p);
		const char *why = evaluation_refusal(placement_started(&f, today), in->kind, p.evaluated_mid == 1,
						     p.evaluated_end == 1);
		if (why != NULL)
			rc = app_refuse(out, REFUSED_STATE, why);
	}
	if (rc == SC_OK && out->refusal == DONE) {
		in->placement_id = p.id;
		in->participant_id = p.participant_id;
		in->source = EVAL_BY_EMPLOYER;
		in->author_id = 0;
		in->link_id = link.id;
		in->created_at = now;
		rc = store_placement_evaluation_add(db, centre, in, &in->id);
		if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STATE,
					in->kind == EVAL_MID ? N_("The mid-point evaluation has been recorded already.")
							     : N_("The final evaluation has been recorded already."));
	}
	if (rc == SC_OK && out->refusal == DONE) {
		struct actor x = link_actor(centre, address, now, today);
		rc = app_audit(db, &x, "evaluation_link.submit", "evaluation_link", link.id);
	}
	out->id = in->id;
	return app_end(db, rc, out);
}

int
app_placement_result(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		     struct placement_result_input *in, struct outcome *out)
{
	struct placement p;
	int rc = app_placement_load(db, a, actor, id, ACT_WRITE, &p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(placement_result_fields, in, &out->errors);
	placement_result_check(in, actor->today, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	bool hired = in->hired == 1;
	/* the participant's row first (hold_participant()), then the
	 * placement's, read again under them: an exit calling it off at the
	 * same moment is decided before this or after the commit */
	rc = begin_held(db, a, actor, id, &p, out);
	struct placement_facts f = placement_facts_of(&p);
	if (rc == SC_OK && out->refusal == DONE && !placement_started(&f, actor->today))
		rc = app_refuse(out, REFUSED_STATE,
				p.ended_on.y != 0 ? N_("This placement ended before its first day: it has no result.")
						  : N_("A result is recorded once the placement has started."));
	if (rc == SC_OK && out->refusal == DONE && p.result >= 0)
		rc = app_refuse(out, REFUSED_STATE, N_("The result of this placement has been recorded already."));
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_placement_set_result(db, actor->centre_id, id, hired, in->result_on, in->result_note,
						actor->now);
		if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STATE, N_("The result of this placement has been recorded already."));
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_employer_count_result(db, actor->centre_id, p.employer_id, hired);
	int64_t job_id = 0;
	if (rc == SC_OK && out->refusal == DONE && hired) {
		struct employment job;
		fields_clear(employment_fields, &job);
		job.participant_id = p.participant_id;
		job.placement_id = id;
		job.employer_id = p.employer_id;
		job.kind = in->kind;
		job.percent = in->percent;
		job.starts_on = in->job_starts_on;
		job.ends_on = in->job_ends_on;
		job.wage_kind = in->wage_kind;
		job.wage_ore = in->wage_ore;
		job.title = in->title;
		rc = store_employment_add(db, actor->centre_id, &job, in->gross_ore, in->hours_centi, actor->user_id,
					  actor->now, &job_id);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "placement.result", "placement", id);
	if (rc == SC_OK && out->refusal == DONE && job_id > 0)
		rc = app_audit(db, actor, "employment.create", "employment", job_id);
	out->id = id;
	out->other_id = job_id;
	return app_end(db, rc, out);
}

int
app_placement_jobs(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct employment **items,
		   size_t *n)
{
	return store_employments(db, a, actor->centre_id, 0, id, items, n);
}

int
app_internships_home(struct db *db, struct arena *a, const struct actor *actor, int weeks, int64_t limit,
		     bool brief, struct internships_home *out, struct outcome *res)
{
	memset(out, 0, sizeof *out);
	memset(res, 0, sizeof *res);
	if (placements_of(actor) != 0)
		return app_refuse(res, REFUSED_FORBIDDEN,
				  N_("This page lists every placement of the centre. Your participants' placements are on their pages."));
	struct date week_end = date_add_days(actor->today, 6);
	struct date soon = date_add_days(actor->today, 14);
	int rc = store_placements_in_phase(db, a, actor->centre_id, PHASE_AWAITING_APPROVAL, limit, brief,
					   &out->awaiting);
	if (rc == SC_OK)
		rc = store_placements_between(db, a, actor->centre_id, true, actor->today, week_end, limit, brief,
					      &out->starting);
	if (rc == SC_OK)
		rc = store_placements_between(db, a, actor->centre_id, false, actor->today, soon, limit, brief,
					      &out->ending);
	if (rc == SC_OK)
		rc = app_followups_due(db, a, actor, weeks, limit, brief, &out->followups);
	if (rc == SC_OK)
		rc = app_evaluations_outstanding(db, a, actor, limit, brief, &out->evaluations, &out->evaluations_due);
	if (rc == SC_OK)
		rc = store_agreements(db, a, actor->centre_id, actor->today, true, brief, HOME_AGREEMENTS + 1,
				      &out->agreements, &out->nagreements);
	if (rc == SC_OK && out->nagreements > HOME_AGREEMENTS) {
		out->nagreements = HOME_AGREEMENTS;
		out->more_agreements = true;
	}
	if (rc == SC_OK) {
		set_statuses(actor, &out->awaiting);
		set_statuses(actor, &out->starting);
		set_statuses(actor, &out->ending);
	}
	return rc;
}

int
app_evaluations_outstanding(struct db *db, struct arena *a, const struct actor *actor, int64_t limit, bool brief,
			    struct placement_list *out, unsigned **due)
{
	memset(out, 0, sizeof *out);
	*due = NULL;
	limit = store_page_limit(limit, INT64_MAX, 1);
	struct placement *items = arena_alloc(a, sizeof *items * (size_t)limit);
	unsigned *sets = arena_alloc(a, sizeof *sets * (size_t)limit);
	if (items == NULL || sets == NULL)
		return SC_ENOMEM;
	out->items = items;
	*due = sets;
	struct date since = evaluation_outstanding_since(actor->today);
	struct date until = evaluation_end_due_until(actor->today);
	const struct placement *after = NULL;
	for (int64_t read = 0; read < EVALUATION_CANDIDATES; read += EVALUATION_BATCH) {
		struct placement_list batch;
		int rc = store_placements_evaluation_candidates(db, a, actor->centre_id, actor->user_id, since,
								 actor->today, until, evaluation_mid_sum_until(actor->today),
								 after, EVALUATION_BATCH, brief, &batch);
		if (rc != SC_OK)
			return rc;
		for (size_t i = 0; i < batch.n; i++) {
			unsigned set = evaluations_outstanding(&batch.items[i], actor->today);
			if (set == 0)
				continue;
			if (out->n == (size_t)limit) {
				out->more = true;
				break;
			}
			items[out->n] = batch.items[i];
			sets[out->n++] = set;
		}
		if (out->more || !batch.more)
			break;
		after = &batch.items[batch.n - 1];
		/* the candidates not settled within the bound: say there may be more */
		if (read + EVALUATION_BATCH >= EVALUATION_CANDIDATES)
			out->more = true;
	}
	out->total = (int64_t)out->n;
	set_statuses(actor, out);
	return SC_OK;
}

int
app_followups_due(struct db *db, struct arena *a, const struct actor *actor, int weeks, int64_t limit,
		  bool brief, struct placement_list *out)
{
	int rc = store_placements_followup_due(db, a, actor->centre_id, actor->user_id, actor->today,
					       placement_followup_cutoff(actor->today, weeks), limit, brief, out);
	if (rc == SC_OK)
		set_statuses(actor, out);
	return rc;
}
