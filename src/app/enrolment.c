/*
 * enrolment.c — the commands and queries of programme periods; see
 * enrolment.h.
 */
#include "app/enrolment.h"

#include "app/activity.h"
#include "domain/access.h"
#include "domain/activity.h"
#include "domain/intake.h"
#include "domain/placement.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

#define STATUS_BIT(s) (1u << (unsigned)(s))
#define NOT_EXITED (STATUS_BIT(ENROLMENT_ACTIVE) | STATUS_BIT(ENROLMENT_PAUSED))

/* ---- loading ---- */

int
app_enrolment_find(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum action act,
	    struct enrolment *e, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	int rc = id > 0 ? store_enrolment_get(db, a, actor->centre_id, id, e) : SC_ENOTFOUND;
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	struct participant_brief person;
	return app_participant(db, a, actor, e->participant_id, PART_BIT(PART_PERIOD), act, &person, out);
}

/* Inside the transaction: the period as it is now; REFUSED_STATE when its
 * status is not in allowed (STATUS_BIT set), REFUSED_STALE when
 * expected_version (not 0) is not its version. */
static int
period_now(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t expected_version,
	   unsigned allowed, struct enrolment *e, struct outcome *out)
{
	int rc = store_enrolment_get(db, a, actor->centre_id, id, e);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	if (e->status < 0 || !(allowed & STATUS_BIT(e->status)))
		return app_refuse(out, REFUSED_STATE, NULL);
	if (expected_version != 0 && expected_version != e->version) {
		out->version = e->version;
		return app_refuse(out, REFUSED_STALE, NULL);
	}
	return SC_OK;
}

/* Writes e over the stored period at the version read. */
static int
period_write(struct db *db, const struct actor *actor, struct enrolment *e, struct outcome *out)
{
	int rc = store_enrolment_update(db, actor->centre_id, e, e->version, actor->now);
	if (rc == SC_ECONFLICT)
		return app_refuse(out, REFUSED_STALE, NULL);
	if (rc == SC_OK)
		e->version++;
	return rc;
}

/* Fills a record's history. */
static int
history_of(struct db *db, struct arena *a, const struct actor *actor, struct enrolment_record *rec)
{
	int64_t id = rec->period.id;
	int rc = store_enrolment_extensions(db, a, actor->centre_id, id, &rec->extensions, &rec->nextensions);
	if (rc == SC_OK)
		rc = store_enrolment_pauses(db, a, actor->centre_id, id, &rec->pauses, &rec->npauses);
	if (rc == SC_OK)
		rc = store_enrolment_tasks(db, a, actor->centre_id, id, &rec->followups, &rec->nfollowups);
	return rc;
}

/* ---- queries ---- */

int
app_participant_enrolments(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			   struct participant_brief *person, struct enrolment_record **items, size_t *n,
			   struct outcome *out)
{
	*items = NULL;
	*n = 0;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_PERIOD), ACT_READ, person, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	struct enrolment *list = NULL;
	size_t count = 0;
	rc = store_enrolment_list(db, a, actor->centre_id, participant_id, &list, &count);
	if (rc != SC_OK)
		return rc;
	struct enrolment_record *recs = arena_alloc(a, sizeof *recs * (count > 0 ? count : 1));
	if (recs == NULL)
		return SC_ENOMEM;
	memset(recs, 0, sizeof *recs * (count > 0 ? count : 1));
	for (size_t i = 0; rc == SC_OK && i < count; i++) {
		recs[i].period = list[i];
		rc = history_of(db, a, actor, &recs[i]);
	}
	if (rc != SC_OK)
		return rc;
	app_audit_read(db, actor, "enrolment.read", "participant", participant_id);
	*items = recs;
	*n = count;
	return SC_OK;
}

int
app_enrolment(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct enrolment_record *rec,
	      struct outcome *out)
{
	memset(rec, 0, sizeof *rec);
	int rc = app_enrolment_find(db, a, actor, id, ACT_READ, &rec->period, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	return history_of(db, a, actor, rec);
}

int
app_enrolment_current(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		      int64_t *id, struct outcome *out)
{
	*id = 0;
	struct participant_brief person;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_PERIOD), ACT_WRITE, &person, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_enrolment_current(db, actor->centre_id, participant_id, id);
	if (rc == SC_OK && *id == 0)
		app_refuse(out, REFUSED_STATE, N_("This participant has no current programme period."));
	return rc;
}

/* ---- commands ---- */

int
app_period_begin(struct db *db, const struct actor *actor, int64_t participant_id, int64_t referral_id,
		 const struct enrolment_start *in, int64_t *id, struct outcome *out)
{
	int rc = SC_OK;
	if (in->contact_id > 0) {
		const char *why = NULL;
		rc = store_assign_contact(db, participant_id, in->contact_id, actor->user_id, "enrolment", actor->now,
					  &why);
		if (rc == SC_EINVAL || rc == SC_ELIMIT) {
			field_error_add(&out->errors, "contact_id", why != NULL ? why : N_("Choose a contact person."));
			out->refusal = rc == SC_ELIMIT ? REFUSED_FULL : REFUSED_INVALID;
			return SC_OK;
		}
		if (rc == SC_ENOTFOUND)
			return app_refuse(out, REFUSED_NOT_FOUND, NULL);
		if (rc != SC_OK)
			return rc;
	}
	struct enrolment e;
	fields_clear(enrolment_fields, &e);
	e.participant_id = participant_id;
	e.referral_id = referral_id;
	e.start_date = in->start_date;
	e.planned_end = in->planned_end;
	e.status = ENROLMENT_ACTIVE;
	rc = store_enrolment_add(db, actor->centre_id, &e, actor->user_id, actor->now, id);
	if (rc == SC_OK)
		rc = store_participant_set_status(db, participant_id, enrolment_status_key(ENROLMENT_ACTIVE), actor->now);
	return rc;
}

int
app_enrolment_start(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		    struct enrolment_start *in, struct outcome *out)
{
	struct participant_brief person;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_PERIOD), ACT_WRITE, &person, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	int64_t current = 0, id = 0;
	bool open = false;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_enrolment_current(db, actor->centre_id, participant_id, &current);
	if (rc == SC_OK)
		rc = store_referral_open(db, actor->centre_id, participant_id, &open);
	const char *why = rc == SC_OK ? enrolment_start_refusal(current != 0, open) : NULL;
	if (why != NULL)
		app_refuse(out, REFUSED_STATE, why);
	if (rc == SC_OK && out->refusal == DONE) {
		fields_check_required(enrolment_start_fields, in, &out->errors);
		enrolment_start_check(in, (struct date){DATE_MIN_YEAR, 1, 1}, actor->today, &out->errors);
		if (out->errors.n > 0)
			out->refusal = REFUSED_INVALID;
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_period_begin(db, actor, participant_id, 0, in, &id, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "enrolment.create", "enrolment", id);
	out->id = id;
	return app_end(db, rc, out);
}

int
app_enrolment_extend(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		     int64_t expected_version, struct enrolment_extension *in, struct enrolment *period,
		     struct outcome *out)
{
	struct enrolment local, *e = period != NULL ? period : &local;
	int rc = app_enrolment_find(db, a, actor, id, ACT_WRITE, e, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = period_now(db, a, actor, id, expected_version, NOT_EXITED, e, out);
	if (rc == SC_OK && out->refusal == DONE) {
		fields_check_required(enrolment_extension_fields, in, &out->errors);
		enrolment_extend_check(in, e->start_date, e->planned_end, &out->errors);
		if (out->errors.n > 0)
			out->refusal = REFUSED_INVALID;
	}
	if (rc == SC_OK && out->refusal == DONE) {
		in->enrolment_id = id;
		in->old_end = e->planned_end;
		in->at = actor->now;
		in->user_id = actor->user_id;
		e->planned_end = in->new_end;
		rc = period_write(db, actor, e, out);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_enrolment_extension_add(db, actor->centre_id, in);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "enrolment.extend", "enrolment", id);
	out->id = id;
	return app_end(db, rc, out);
}

const char pause_correction_reason[] =
	N_("A pause recorded or ended after the fact changed the month's programme days.");

/* The corrections a pause's change makes (decision 168, as a register's):
 * each month from from to last (its last day changed; no later than today)
 * whose benefits are approved or whose run waits for approval gets one for
 * participant_id, dated its first day changed, in the caller's
 * transaction. */
static int
pause_corrections(struct db *db, const struct actor *actor, int64_t participant_id, struct date from,
		  struct date last)
{
	if (date_cmp(last, actor->today) > 0)
		last = actor->today;
	int rc = SC_OK;
	struct date day = from;
	while (rc == SC_OK && date_cmp(day, last) <= 0) {
		bool flagged = false, open = false;
		rc = store_benefit_month_approved(db, actor->centre_id, day.y, day.m, &flagged);
		if (rc == SC_OK && !flagged)
			rc = store_benefit_month_open(db, actor->centre_id, day.y, day.m, &open);
		if (rc == SC_OK && (flagged || open))
			rc = store_attendance_correction_add(db, actor->centre_id, 0, participant_id, day, actor->now,
							     actor->user_id, CORRECTION_PAUSE, pause_correction_reason,
							     NULL, NULL);
		day = (struct date){day.m == 12 ? day.y + 1 : day.y, day.m == 12 ? 1 : day.m + 1, 1};
	}
	return rc;
}

/* Refuses in (REFUSED_INVALID under "from", naming the days) when it
 * overlaps one of the n kept pauses. */
static int
pause_overlap_refusal(struct arena *a, const struct enrolment_pause_input *in, const struct enrolment_pause *kept,
		      size_t n, struct outcome *out)
{
	const struct enrolment_pause *k = enrolment_pause_overlap(in, kept, n);
	if (k == NULL)
		return SC_OK;
	char *from = arena_alloc(a, 11), *to = arena_alloc(a, 11);
	if (from == NULL || to == NULL)
		return SC_ENOMEM;
	date_format(k->from_date, from);
	to[0] = '\0';
	if (k->to_date.y != 0)
		date_format(k->to_date, to);
	field_error_add_text(&out->errors, "from",
			     to[0] ? N_("The pause overlaps the one from %s to %s.")
				   : N_("The pause overlaps the one from %s, which has not ended."),
			     from, to[0] ? to : NULL, NULL);
	out->refusal = REFUSED_INVALID;
	return SC_OK;
}

int
app_enrolment_pause(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		    int64_t expected_version, const struct enrolment_pause_input *in, struct enrolment *period,
		    struct outcome *out)
{
	struct enrolment local, *e = period != NULL ? period : &local;
	int rc = app_enrolment_find(db, a, actor, id, ACT_WRITE, e, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = period_now(db, a, actor, id, expected_version, STATUS_BIT(ENROLMENT_ACTIVE), e, out);
	if (rc == SC_OK && out->refusal == DONE) {
		fields_check_required(enrolment_pause_input_fields, in, &out->errors);
		enrolment_pause_check(in, e->start_date, e->planned_end, actor->today, &out->errors);
		if (out->errors.n > 0)
			out->refusal = REFUSED_INVALID;
	}
	/* A pause recorded after the fact may not overlap one kept. */
	if (rc == SC_OK && out->refusal == DONE) {
		struct enrolment_pause *kept = NULL;
		size_t nkept = 0;
		rc = store_enrolment_pauses(db, a, actor->centre_id, id, &kept, &nkept);
		if (rc == SC_OK)
			rc = pause_overlap_refusal(a, in, kept, nkept, out);
	}
	/* A pause over by today leaves the period active (enrolment_pause_over()). */
	bool over = enrolment_pause_over(in, actor->today);
	if (rc == SC_OK && out->refusal == DONE && !over) {
		e->status = ENROLMENT_PAUSED;
		rc = period_write(db, actor, e, out);
	}
	if (rc == SC_OK && out->refusal == DONE && !over)
		rc = store_participant_set_status(db, e->participant_id, enrolment_status_key(ENROLMENT_PAUSED),
						  actor->now);
	if (rc == SC_OK && out->refusal == DONE) {
		struct enrolment_pause p;
		fields_clear(enrolment_pause_fields, &p);
		p.enrolment_id = id;
		p.from_date = in->from;
		p.to_date = in->to;
		p.reason = in->reason;
		p.at = actor->now;
		p.user_id = actor->user_id;
		rc = store_enrolment_pause_add(db, actor->centre_id, &p);
	}
	/* the days it pauses in months run already */
	if (rc == SC_OK && out->refusal == DONE)
		rc = pause_corrections(db, actor, e->participant_id, in->from, enrolment_pause_last_day(in->to));
	/* the registers of its days leave the participant out (PAUSED_ON) */
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_sessions_recount_participant(db, actor->centre_id, e->participant_id, in->from,
							enrolment_pause_last_day(in->to));
	/* the self-certified days around it, which it may join or part
	 * (decision 188) */
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_self_cert_after_pause(db, a, actor, e->participant_id, in->from);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "enrolment.pause", "enrolment", id);
	out->id = id;
	return app_end(db, rc, out);
}

int
app_enrolment_resume(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		     int64_t expected_version, const struct enrolment_resume *in, struct enrolment *period,
		     struct outcome *out)
{
	struct enrolment local, *e = period != NULL ? period : &local;
	int rc = app_enrolment_find(db, a, actor, id, ACT_WRITE, e, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	struct enrolment_pause pause;
	bool have_pause = false;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = period_now(db, a, actor, id, expected_version, STATUS_BIT(ENROLMENT_PAUSED), e, out);
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_enrolment_pause_latest(db, a, actor->centre_id, id, &pause);
		have_pause = rc == SC_OK;
		if (rc == SC_ENOTFOUND)
			rc = SC_OK;   /* paused without a row: any date in the period */
	}
	if (rc == SC_OK && out->refusal == DONE) {
		fields_check_required(enrolment_resume_fields, in, &out->errors);
		enrolment_resume_check(in, have_pause ? pause.from_date : e->start_date, actor->today, &out->errors);
		if (out->errors.n > 0)
			out->refusal = REFUSED_INVALID;
	}
	if (rc == SC_OK && out->refusal == DONE) {
		e->status = ENROLMENT_ACTIVE;
		rc = period_write(db, actor, e, out);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_participant_set_status(db, e->participant_id, enrolment_status_key(ENROLMENT_ACTIVE),
						  actor->now);
	/* the days it no longer pauses in months run already: from the day
	 * the period resumes to the pause's last day as it was */
	if (rc == SC_OK && out->refusal == DONE && have_pause)
		rc = pause_corrections(db, actor, e->participant_id, in->date, enrolment_pause_last_day(pause.to_date));
	if (rc == SC_OK && out->refusal == DONE && have_pause) {
		pause.to_date = in->date;
		rc = store_enrolment_pause_update(db, actor->centre_id, &pause);
	}
	if (rc == SC_OK && out->refusal == DONE && have_pause)
		rc = store_sessions_recount_participant(db, actor->centre_id, e->participant_id, in->date,
							(struct date){9999, 12, 31});
	if (rc == SC_OK && out->refusal == DONE && have_pause)
		rc = app_self_cert_after_pause(db, a, actor, e->participant_id, in->date);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "enrolment.resume", "enrolment", id);
	out->id = id;
	return app_end(db, rc, out);
}

/* The days whose pausing a change of a pause from was to now changes (the
 * two pauses' symmetric difference): up to two ranges into from[], to[],
 * the earlier first (each range's last day; 9999-12-31 for an open
 * pause's days); *n their number. */
static void
pause_days_changed(struct date was_from, struct date was_to, struct date now_from, struct date now_to,
		   struct date from[2], struct date to[2], size_t *n)
{
	struct date was_last = enrolment_pause_last_day(was_to), now_last = enrolment_pause_last_day(now_to);
	*n = 0;
	if (date_cmp(now_from, was_last) > 0 || date_cmp(was_from, now_last) > 0) {
		/* apart: every day of both */
		bool was_first = date_cmp(was_from, now_from) < 0;
		from[0] = was_first ? was_from : now_from, to[0] = was_first ? was_last : now_last;
		from[1] = was_first ? now_from : was_from, to[1] = was_first ? now_last : was_last;
		*n = 2;
		return;
	}
	int c = date_cmp(was_from, now_from);
	if (c != 0) {
		from[*n] = c < 0 ? was_from : now_from;
		to[*n] = date_add_days(c < 0 ? now_from : was_from, -1);
		(*n)++;
	}
	c = date_cmp(was_last, now_last);
	if (c != 0) {
		from[*n] = date_add_days(c < 0 ? was_last : now_last, 1);
		to[*n] = c < 0 ? now_last : was_last;
		(*n)++;
	}
}

int
app_enrolment_pause_change(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t pause_id,
			   int64_t expected_version, const struct enrolment_pause_input *in,
			   struct enrolment *period, struct outcome *out)
{
	struct enrolment local, *e = period != NULL ? period : &local;
	int rc = app_enrolment_find(db, a, actor, id, ACT_WRITE, e, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	struct enrolment_pause *kept = NULL, was;
	memset(&was, 0, sizeof was);
	size_t nkept = 0;
	bool found = false;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = period_now(db, a, actor, id, expected_version, NOT_EXITED | STATUS_BIT(ENROLMENT_EXITED), e, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_enrolment_pauses(db, a, actor->centre_id, id, &kept, &nkept);
	/* the pause changed, taken out of the others */
	for (size_t i = 0; rc == SC_OK && !found && i < nkept; i++) {
		if (kept[i].id != pause_id)
			continue;
		was = kept[i];
		kept[i] = kept[nkept - 1];
		nkept--;
		found = true;
	}
	if (rc == SC_OK && out->refusal == DONE && !found)
		app_refuse(out, REFUSED_NOT_FOUND, NULL);
	bool exited = e->status == ENROLMENT_EXITED;
	if (rc == SC_OK && out->refusal == DONE) {
		fields_check_required(enrolment_pause_change_fields, in, &out->errors);
		enrolment_pause_change_check(in, e->start_date, e->planned_end,
					     exited ? e->exit_date : (struct date){0, 0, 0}, actor->today, a,
					     &out->errors);
		if (out->errors.n > 0)
			out->refusal = REFUSED_INVALID;
		else
			rc = pause_overlap_refusal(a, in, kept, nkept, out);
	}
	/* the period is paused today when a pause covers today with the
	 * days changed (one open runs on); the daily job resumes it after */
	int status = e->status;
	if (rc == SC_OK && out->refusal == DONE && !exited) {
		bool paused = enrolment_pause_covers(in->from, in->to, actor->today);
		for (size_t i = 0; !paused && i < nkept; i++)
			paused = enrolment_pause_covers(kept[i].from_date, kept[i].to_date, actor->today);
		e->status = paused ? ENROLMENT_PAUSED : ENROLMENT_ACTIVE;
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = period_write(db, actor, e, out);
	if (rc == SC_OK && out->refusal == DONE && e->status != status)
		rc = store_participant_set_status(db, e->participant_id, enrolment_status_key(e->status),
						  actor->now);
	struct date from[2], to[2];
	size_t nchanged = 0;
	if (rc == SC_OK && out->refusal == DONE) {
		pause_days_changed(was.from_date, was.to_date, in->from, in->to, from, to, &nchanged);
		struct enrolment_pause now = was;
		now.from_date = in->from;
		now.to_date = in->to;
		rc = store_enrolment_pause_update(db, actor->centre_id, &now);
	}
	/* as a pause recorded or ended does, over the days this one changes:
	 * the months run already, the registers, the self-certified days
	 * around them */
	for (size_t i = 0; rc == SC_OK && out->refusal == DONE && i < nchanged; i++) {
		/* a month corrected once: the second range from the month after
		 * the first's last, when that month is the second's first */
		struct date month_from = from[i];
		if (i == 1 && from[1].y == to[0].y && from[1].m == to[0].m) {
			int y = to[0].y, m = to[0].m;
			month_from = (struct date){m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1};
		}
		if (date_cmp(month_from, to[i]) <= 0)
			rc = pause_corrections(db, actor, e->participant_id, month_from, to[i]);
		if (rc == SC_OK)
			rc = store_sessions_recount_participant(db, actor->centre_id, e->participant_id, from[i],
								to[i]);
		if (rc == SC_OK)
			rc = app_self_cert_after_pause(db, a, actor, e->participant_id, from[i]);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "enrolment.pause_change", "enrolment", id);
	out->id = id;
	return app_end(db, rc, out);
}

/*
 * What leaving the programme on date ends, in the caller's transaction:
 * participant_id's places in groups (enrolment_exit_place(): ended the day
 * before date, reason the end's reason, or given up, waiting lists too),
 * each group locked and each change audited as its own command would be.
 */
static int
left_ends_group_places(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		       struct date date, const char *reason)
{
	int64_t centre = actor->centre_id;
	struct group_enrolment *places = NULL;
	size_t n = 0;
	int rc = store_participant_group_enrolments(db, a, centre, participant_id, &places, &n);
	for (size_t i = 0; rc == SC_OK && i < n; i++) {
		const struct group_enrolment *en = &places[i];
		if (en->status != ENROL_ENROLLED && en->status != ENROL_WAITING)
			continue;
		struct date gs, ge, last_mark = {0, 0, 0}, last_day = {0, 0, 0};
		int64_t capacity = 0;
		rc = store_group_lock(db, centre, en->group_id, &gs, &ge, &capacity);
		if (rc == SC_OK)
			rc = store_group_last_mark(db, centre, en->group_id, participant_id, &last_mark);
		if (rc != SC_OK)
			break;
		switch (enrolment_exit_place(en->status == ENROL_WAITING, en->starts_on, en->ends_on, last_mark, date,
					     &last_day)) {
		case EXIT_PLACE_END:
			rc = store_group_enrolment_end(db, centre, en->id, last_day, reason, actor->user_id,
						       actor->now);
			if (rc == SC_OK)
				rc = app_audit(db, actor, "group_enrolment.end", "group_enrolment", en->id);
			break;
		case EXIT_PLACE_REMOVE:
			rc = store_group_enrolment_change(db, centre, en->id, ENROL_REMOVED, en->starts_on, en->ends_on,
							  actor->user_id, actor->now);
			if (rc == SC_OK)
				rc = app_audit(db, actor, "group_enrolment.remove", "group_enrolment", en->id);
			break;
		case EXIT_PLACE_KEEP:
			break;
		}
	}
	return rc;
}

/*
 * What the exit of participant_id on in->date ends, in the exit's
 * transaction: their places in groups (left_ends_group_places()), and
 * their placements not over on the exit date (placement_exit_ends()),
 * ended early on it with the exit's reason as the note: one whose first
 * day is after the exit date is called off, even when that day has come
 * since the exit was dated (decision 162). A placement followed up on or
 * after its first day began in practice, and an exit dated before that
 * day is refused naming it (placement_exit_begun(): REFUSED_INVALID under
 * "date"; the caller rolls back). Each placement is read again with its
 * row locked, after the participant's (locked by the exit's change of
 * status, the order of app/placement.c), so that a visit recorded at the
 * same moment is counted. A placement whose result is recorded ran from
 * its first day: an exit dated before it is refused as a conflict
 * (placement_exit_before_result(): REFUSED_STATE, its message also under
 * "date"). Each change is audited as its own command would
 * be.
 */
static int
exit_ends_places(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		 const struct enrolment_exit *in, struct outcome *out)
{
	int64_t centre = actor->centre_id;
	int rc = left_ends_group_places(db, a, actor, participant_id, in->date, in->reason);
	struct placement_list placements = {0};
	if (rc == SC_OK)
		rc = store_participant_placements(db, a, centre, participant_id, &placements);
	for (size_t i = 0; rc == SC_OK && out->refusal == DONE && i < placements.n; i++) {
		struct placement p;
		struct placement_facts f = placement_facts_of(&placements.items[i]);
		if (!placement_exit_ends(&f, in->date))
			continue;
		rc = store_placement_get(db, a, centre, placements.items[i].id, true, &p);
		if (rc != SC_OK)
			break;
		f = placement_facts_of(&p);
		if (!placement_exit_ends(&f, in->date))
			continue;
		if (placement_exit_before_result(&f, p.result >= 0, in->date)) {
			static const char msg[] = N_("The placement at %s began on %s and its result is recorded: the exit "
						     "cannot be dated before %s.");
			char *first = arena_alloc(a, 11);
			if (first == NULL)
				return SC_ENOMEM;
			date_format(p.starts_on, first);
			const char *name = p.employer_name != NULL ? p.employer_name : "";
			field_error_add_text(&out->errors, "date", msg, name, first, first);
			return app_refuse_text(out, REFUSED_STATE, msg, name, first, first);
		}
		if (placement_exit_begun(&f, p.last_followup_on, in->date)) {
			char *first = arena_alloc(a, 11), *visit = arena_alloc(a, 11);
			if (first == NULL || visit == NULL)
				return SC_ENOMEM;
			date_format(p.starts_on, first);
			date_format(p.last_followup_on, visit);
			field_error_add_text(&out->errors, "date",
					     N_("The placement at %s began on %s and was followed up on %s: the exit cannot be dated before its first day."),
					     p.employer_name != NULL ? p.employer_name : "", first, visit);
			return app_refuse(out, REFUSED_INVALID, NULL);
		}
		struct placement_ending end = {
			.ended_on = in->date,
			.end_reason = enrolment_exit_placement_reason(in->outcome),
			.end_note = in->reason,
		};
		rc = store_placement_end(db, centre, p.id, &end, actor->now);
		if (rc == SC_OK)
			rc = app_audit(db, actor, "placement.end", "placement", p.id);
	}
	return rc;
}

int
app_enrolment_left_places(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  const char *reason)
{
	return left_ends_group_places(db, a, actor, participant_id, actor->today, reason);
}

int
app_enrolment_exit(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		   int64_t expected_version, const struct enrolment_exit *in, int64_t *task_ids,
		   struct enrolment *period, struct outcome *out)
{
	struct enrolment local, *e = period != NULL ? period : &local;
	int rc = app_enrolment_find(db, a, actor, id, ACT_WRITE, e, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	bool was_paused = false;
	struct participant_brief person;
	int64_t tasks[ENROLMENT_NFOLLOWUPS] = {0};
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = period_now(db, a, actor, id, expected_version, NOT_EXITED, e, out);
	if (rc == SC_OK && out->refusal == DONE) {
		fields_check_required(enrolment_exit_fields, in, &out->errors);
		enrolment_exit_check(in, e->start_date, actor->today, &out->errors);
		if (out->errors.n > 0)
			out->refusal = REFUSED_INVALID;
	}
	if (rc == SC_OK && out->refusal == DONE) {
		was_paused = e->status == ENROLMENT_PAUSED;
		e->status = ENROLMENT_EXITED;
		e->exit_date = in->date;
		e->exit_reason = in->reason;
		e->outcome = in->outcome;
		rc = period_write(db, actor, e, out);
	}
	/* An open pause ends on the exit date (or its own start, if later). */
	if (rc == SC_OK && out->refusal == DONE && was_paused) {
		struct enrolment_pause pause;
		rc = store_enrolment_pause_latest(db, a, actor->centre_id, id, &pause);
		if (rc == SC_OK) {
			pause.to_date = date_cmp(in->date, pause.from_date) >= 0 ? in->date : pause.from_date;
			rc = store_enrolment_pause_update(db, actor->centre_id, &pause);
			if (rc == SC_OK)
				rc = store_sessions_recount_participant(db, actor->centre_id, e->participant_id,
									pause.to_date, (struct date){9999, 12, 31});
			if (rc == SC_OK)
				rc = app_self_cert_after_pause(db, a, actor, e->participant_id, pause.to_date);
		} else if (rc == SC_ENOTFOUND) {
			rc = SC_OK;
		}
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_participant_set_status(db, e->participant_id, enrolment_status_key(ENROLMENT_EXITED),
						  actor->now);
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_participant_set_contact_until(db, e->participant_id, access_contact_until(in->date), false);
	/* The follow-ups are the contact person's as they are now. */
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_participant_brief(db, a, actor->centre_id, e->participant_id, actor->user_id, &person);
	for (int i = 0; rc == SC_OK && out->refusal == DONE && i < ENROLMENT_NFOLLOWUPS; i++) {
		struct followup_task t;
		fields_clear(followup_task_fields, &t);
		t.participant_id = e->participant_id;
		t.enrolment_id = id;
		t.kind = enrolment_followup(i)->kind;
		t.due_on = enrolment_followup_due(in->date, i);
		t.assignee_id = person.contact_id;
		rc = store_enrolment_task_add(db, actor->centre_id, &t, &tasks[i]);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = exit_ends_places(db, a, actor, e->participant_id, in, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "enrolment.exit", "enrolment", id);
	for (int i = 0; rc == SC_OK && out->refusal == DONE && i < ENROLMENT_NFOLLOWUPS; i++)
		rc = app_audit(db, actor, "task.create", "task", tasks[i]);
	out->id = id;
	rc = app_end(db, rc, out);
	if (rc == SC_OK && out->refusal == DONE && task_ids != NULL)
		memcpy(task_ids, tasks, sizeof tasks);
	return rc;
}
