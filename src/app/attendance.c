/*
 * attendance.c — the attendance register, a participant's groups,
 * timetable and monthly summary as the reader sees them, doctor's notes,
 * the teacher's day, unexcused absence in a row and the self-certification
 * rule; see activity.h. Groups, enrolment, closures and sessions are
 * activity.c; the two share activity_parts.h.
 */
#include "app/activity.h"
#include "app/activity_parts.h"

#include "domain/participant.h"
#include "domain/text.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdlib.h>
#include <string.h>
/* ---- the register ---- */

/* The session and its group, if the actor keeps its register. A refusal
 * is audited when audit is true; in a write transaction it is not (the
 * rollback would take the entry): the caller audits it after. */
static int
register_load(struct db *db, struct arena *a, const struct actor *actor, int64_t session_id,
	      struct register_view *v, struct outcome *out, bool audit)
{
	int64_t centre = actor->centre_id;
	int rc = store_session_get(db, a, centre, session_id, &v->s);
	if (rc == SC_OK)
		rc = store_group_get(db, a, centre, v->s.group_id, actor->today, &v->g);
	if (rc != SC_OK && rc != SC_ENOTFOUND)
		return rc;
	bool may = false;
	if (rc == SC_OK) {
		if (activity_is_leader(actor))
			may = true;
		else if ((rc = store_group_teaches(db, centre, v->s.group_id, actor->user_id, &may)) != SC_OK)
			return rc;
		if (v->g.health_only == 1 && !activity_sees_health(actor))
			may = false;
	}
	if (!may) {
		if (audit)
			app_audit_denied(db, actor, "session", session_id);
		return app_refuse(out, REFUSED_NOT_FOUND, N_("There is no such session among your groups."));
	}
	return SC_OK;
}

int
app_register(struct db *db, struct arena *a, const struct actor *actor, int64_t session_id,
	     struct register_view *v, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	memset(v, 0, sizeof *v);
	int rc = register_load(db, a, actor, session_id, v, out, true);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_register(db, a, actor->centre_id, &v->s, &v->rows, &v->n);
	/* the roll call: those paused that day are not on it */
	size_t k = 0;
	for (size_t i = 0; rc == SC_OK && i < v->n; i++)
		if (!v->rows[i].paused)
			v->rows[k++] = v->rows[i];
	v->n = k;
	if (rc == SC_OK)
		rc = store_session_has_register(db, actor->centre_id, session_id, &v->kept);
	if (rc == SC_OK)
		rc = store_benefit_month_approved(db, actor->centre_id, v->s.on_date.y, v->s.on_date.m, &v->approved);
	if (rc == SC_OK && !v->approved)
		rc = store_benefit_month_open(db, actor->centre_id, v->s.on_date.y, v->s.on_date.m, &v->run_waiting);
	if (rc == SC_OK)
		app_audit_read(db, actor, "register.read", "session", session_id);
	out->id = session_id;
	return rc;
}

/* scheduled_between_fn over the participant's session days. */
struct days_ctx {
	const struct date *days;
	size_t n;
};

static bool
scheduled_between(void *ctx, struct date a, struct date b)
{
	const struct days_ctx *d = ctx;
	for (size_t i = 0; i < d->n; i++)
		if (date_cmp(d->days[i], a) > 0 && date_cmp(d->days[i], b) < 0)
			return true;
	return false;
}

/* Applies the self-certification rule again to the participant's
 * self-certified days around day, and keeps the flags. */
static int
self_cert_again(struct db *db, struct arena *a, int64_t centre, int64_t pid, struct date day)
{
	struct date from = date_add_days(day, -400), to = date_add_days(day, 400);
	struct sick_mark *marks = NULL;
	size_t n = 0;
	int rc = store_attendance_sick_marks(db, a, centre, pid, from, to, &marks, &n);
	if (rc != SC_OK || n == 0)
		return rc;
	struct date *days = NULL;
	size_t ndays = 0;
	rc = store_attendance_session_days(db, a, centre, pid, from, to, &days, &ndays);
	if (rc != SC_OK)
		return rc;
	struct sick_day *sd = arena_alloc(a, n * sizeof *sd);
	if (sd == NULL)
		return SC_ENOMEM;
	/* one day per date: several sessions of one day are one sick day */
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k > 0 && date_cmp(sd[k - 1].date, marks[i].date) == 0)
			continue;
		sd[k++] = (struct sick_day){.date = marks[i].date, .doctor_note = marks[i].doctor_note};
	}
	struct self_cert_rule_row *rules = NULL;
	size_t nrules = 0;
	rc = store_self_cert_rules(db, a, &rules, &nrules);
	if (rc != SC_OK)
		return rc;
	struct self_cert_dated *dated = arena_alloc(a, (nrules + 1) * sizeof *dated);
	if (dated == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < nrules; i++)
		dated[i] = (struct self_cert_dated){rules[i].valid_from, rules[i].rule};
	if (nrules == 0)   /* the default: 3 days, 4 periods */
		dated[nrules++] = (struct self_cert_dated){{0, 0, 0}, {3, 4}};
	struct days_ctx ctx = {days, ndays};
	self_cert_apply_dated(dated, nrules, sd, k, scheduled_between, &ctx);
	size_t j = 0;
	for (size_t i = 0; i < n && rc == SC_OK; i++) {
		while (j + 1 < k && date_cmp(sd[j].date, marks[i].date) < 0)
			j++;
		bool beyond = date_cmp(sd[j].date, marks[i].date) == 0 && sd[j].beyond;
		if (beyond != marks[i].beyond)
			rc = store_attendance_set_beyond(db, centre, marks[i].session_id, pid, beyond);
	}
	return rc;
}

/* Counts the participant's run of unexcused absence again from the marks
 * of the last 60 days up to day. */
static int
run_again(struct db *db, struct arena *a, const struct actor *actor, int64_t pid)
{
	struct date to = actor->today, from = date_add_days(actor->today, -60);
	struct attendance_row *rows = NULL;
	size_t n = 0;
	int rc = store_participant_attendance(db, a, actor->centre_id, pid, from, to, false, &rows, &n);
	if (rc != SC_OK)
		return rc;
	struct absence_run run = {0};
	for (size_t i = 0; i < n; i++) {
		if (rows[i].mark.kind == MARK_NONE || rows[i].paused)
			continue;
		struct mark m = mark_with_note(rows[i].mark, rows[i].doctor_note);
		absence_run_add(&run, rows[i].date, mark_unexcused_absence(&m, rows[i].beyond));
	}
	return store_absence_run_put(db, actor->centre_id, pid, &run);
}

static bool
same_mark(const struct mark *x, const struct mark *y)
{
	if (x->kind != y->kind)
		return false;
	if (x->kind == MARK_NONE || x->kind == MARK_PRESENT)
		return true;
	return x->minutes == y->minutes && x->early == y->early && x->type == y->type &&
	       strcmp(x->reason ? x->reason : "", y->reason ? y->reason : "") == 0;
}

static const char *const stale_register =
	N_("Someone else saved this register after you opened it. Nothing of yours was saved: the register below is "
	   "as it is now. Mark your changes again.");

int
app_register_save(struct db *db, struct arena *a, const struct actor *actor, int64_t session_id, int64_t version,
		  const struct register_input *in, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	struct register_view v;
	memset(&v, 0, sizeof v);
	/* Everything read in the one write transaction: on SQLite its reads
	 * come from the writer's warm cache (decision 121). */
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = register_load(db, a, actor, session_id, &v, out, false);
	if (rc != SC_OK || out->refusal != DONE) {
		rc = app_end(db, rc, out);
		if (rc == SC_OK && out->refusal == REFUSED_NOT_FOUND)
			app_audit_denied(db, actor, "session", session_id);
		return rc;
	}
	if (version < 0)
		activity_version_check(version, out);
	if (out->errors.n > 0)
		app_refuse(out, REFUSED_INVALID, NULL);
	else if (version > 0 && v.s.version != version) {
		out->version = v.s.version;
		app_refuse(out, REFUSED_STALE, stale_register);
	}
	else if (v.s.status == SESSION_CANCELLED)
		app_refuse(out, REFUSED_STATE, N_("The session is cancelled: it has no register."));
	else if (date_cmp(v.s.on_date, actor->today) > 0)
		app_refuse(out, REFUSED_STATE, N_("The session has not taken place yet."));
	if (out->refusal != DONE)
		return app_end(db, SC_OK, out);
	rc = store_register(db, a, actor->centre_id, &v.s, &v.rows, &v.n);
	/* a month approved, or one whose run waits for approval (it read the
	 * register as it was): a change is a correction the next run after
	 * the approval takes in, once (decision 53) */
	bool approved = false, open = false;
	if (rc == SC_OK)
		rc = store_benefit_month_approved(db, actor->centre_id, v.s.on_date.y, v.s.on_date.m, &approved);
	if (rc == SC_OK && !approved)
		rc = store_benefit_month_open(db, actor->centre_id, v.s.on_date.y, v.s.on_date.m, &open);
	if (rc != SC_OK)
		return app_end(db, rc, out);
	int minutes = group_session_minutes(&v.s);
	struct mark_write *w = arena_alloc(a, (v.n + 1) * sizeof *w);
	bool *given = arena_alloc(a, (v.n + 1) * sizeof *given);
	if (w == NULL || given == NULL)
		return app_end(db, SC_ENOMEM, out);
	memset(given, 0, (v.n + 1) * sizeof *given);
	size_t nw = 0;
	const struct register_row *rows = in->marks.items;
	for (size_t i = 0; i < in->marks.n; i++) {
		size_t k = 0;
		while (k < v.n && v.rows[k].participant_id != rows[i].participant_id)
			k++;
		char *key = arena_printf(a, "marks[%zu]", i);
		if (k == v.n) {
			field_error_add(&out->errors, arena_printf(a, "marks[%zu].participant_id", i),
					N_("This participant is not enrolled in the group on the session's date."));
			continue;
		}
		if (given[k]) {
			field_error_add(&out->errors, arena_printf(a, "marks[%zu].participant_id", i),
					N_("This participant has two rows."));
			continue;
		}
		if (v.rows[k].paused) {
			field_error_add(&out->errors, arena_printf(a, "marks[%zu].participant_id", i),
					N_("This participant is paused on the session's date: they are not on the "
					   "register."));
			continue;
		}
		given[k] = true;
		struct mark m = register_row_mark(&rows[i]);
		/* a row without a mark is present when the rest are: checked as
		 * one marked present (no absence type); without, a type alone is
		 * no mark (refused, not dropped) */
		if (m.kind == MARK_NONE && in->rest_present == 1)
			m.kind = MARK_PRESENT;
		if ((m.kind != MARK_NONE || m.type != ABSENCE_NONE) && !mark_check(&m, minutes, key, &out->errors))
			continue;
		if (!same_mark(&m, &v.rows[k].mark))
			w[nw++] = (struct mark_write){.participant_id = rows[i].participant_id, .mark = m};
	}
	if (in->rest_present == 1)
		for (size_t k = 0; k < v.n; k++)
			if (!given[k] && !v.rows[k].paused && v.rows[k].mark.kind == MARK_NONE)
				w[nw++] = (struct mark_write){.participant_id = v.rows[k].participant_id,
							      .mark = {.kind = MARK_PRESENT, .type = ABSENCE_NONE}};
	const char *why = in->correction_reason != NULL ? in->correction_reason : "";
	if (approved && nw > 0 && why[0] == '\0')
		field_error_add(&out->errors, "correction_reason",
				N_("The month's benefits are approved: say why the register is corrected."));
	if (out->errors.n > 0) {
		app_refuse(out, REFUSED_INVALID, NULL);
		return app_end(db, SC_OK, out);
	}
	/* the version goes up with every save that changes a mark: a form
	 * read before it is stale (the check above; the update's own check
	 * when two saves meet) */
	if (nw > 0) {
		rc = store_session_register_saved(db, actor->centre_id, session_id, v.s.version);
		if (rc == SC_ECONFLICT) {
			out->version = v.s.version;
			app_refuse(out, REFUSED_STALE, stale_register);
			return app_end(db, SC_OK, out);
		}
	}
	if (nw > 0 && rc == SC_OK)
		rc = store_register_write(db, actor->centre_id, session_id, w, nw, actor->user_id, actor->now);
	for (size_t i = 0; rc == SC_OK && i < nw; i++) {
		if (approved || open) {
			/* the correction keeps the mark it changed and what it made it */
			size_t k = 0;
			while (k < v.n && v.rows[k].participant_id != w[i].participant_id)
				k++;
			struct mark before = k < v.n ? v.rows[k].mark : (struct mark){.kind = MARK_NONE, .type = ABSENCE_NONE};
			rc = store_attendance_correction_add(db, actor->centre_id, session_id, w[i].participant_id,
							     v.s.on_date, actor->now, actor->user_id,
							     CORRECTION_REGISTER, why, &before, &w[i].mark);
		}
		if (rc == SC_OK)
			rc = self_cert_again(db, a, actor->centre_id, w[i].participant_id, v.s.on_date);
		if (rc == SC_OK)
			rc = run_again(db, a, actor, w[i].participant_id);
	}
	if (rc == SC_OK)
		rc = app_audit(db, actor, "register.save", "session", session_id);
	out->id = session_id;
	out->version = (int64_t)nw;
	return app_end(db, rc, out);
}

/* ---- a participant's groups, timetable and summary ---- */

/* Which groups of rows the actor teaches, asked once a group. */
struct taught {
	int64_t *ids;
	bool *teaches;
	size_t n;
};

static int
taught_by(struct db *db, const struct actor *actor, struct taught *t, int64_t group_id, bool *teaches)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->ids[i] == group_id) {
			*teaches = t->teaches[i];
			return SC_OK;
		}
	int rc = store_group_teaches(db, actor->centre_id, group_id, actor->user_id, teaches);
	if (rc == SC_OK) {
		t->ids[t->n] = group_id;
		t->teaches[t->n++] = *teaches;
	}
	return rc;
}

/* What the actor sees of the participant's attendance in one group
 * (access_marks_seen(), the one rule), asking whether they teach it only
 * when that decides. */
static int
group_marks_seen(struct db *db, const struct actor *actor, uint32_t relations, struct taught *t, int64_t group_id,
		 bool health_only, enum marks_seen *seen)
{
	enum marks_seen not_taught = access_marks_seen(actor->roles, relations, health_only, false);
	enum marks_seen taught = access_marks_seen(actor->roles, relations, health_only, true);
	*seen = not_taught;
	if (taught == not_taught)
		return SC_OK;
	bool teaches = false;
	int rc = taught_by(db, actor, t, group_id, &teaches);
	if (rc == SC_OK && teaches)
		*seen = taught;
	return rc;
}

/* The participant's rows as the actor sees them: a group they see nothing
 * of is left out; one seen as "enrolled in a health activity" keeps no
 * group, room or marks; one seen unnamed keeps its marks without the
 * group. s (if not NULL) sums the rows whose marks are seen, before they
 * are hidden: the summary shown is of what the reader sees (the benefit
 * run reads the whole month from the store). */
static int
rows_seen(struct db *db, struct arena *a, const struct actor *actor, const struct participant_brief *brief,
	  struct attendance_row *items, size_t *n, struct attendance_summary *s)
{
	uint32_t relations = app_relations(actor, brief);
	struct taught t = {.ids = arena_alloc(a, (*n + 1) * sizeof *t.ids),
			   .teaches = arena_alloc(a, (*n + 1) * sizeof *t.teaches)};
	struct attendance_row *counted = arena_alloc(a, (*n + 1) * sizeof *counted);
	if (t.ids == NULL || t.teaches == NULL || counted == NULL)
		return SC_ENOMEM;
	size_t kept = 0, nc = 0;
	for (size_t i = 0; i < *n; i++) {
		struct attendance_row row = items[i];
		enum marks_seen seen = MARKS_HIDDEN;
		int rc = group_marks_seen(db, actor, relations, &t, row.group_id, row.health_only, &seen);
		if (rc != SC_OK)
			return rc;
		if (seen == MARKS_HIDDEN)
			continue;
		if (seen != MARKS_ENROLLED)
			counted[nc++] = row;
		if (seen == MARKS_ENROLLED || seen == MARKS_UNNAMED) {
			row.group_id = 0;
			row.session_id = 0;
			row.group_name = "";
			row.room = "";
		}
		if (seen == MARKS_ENROLLED) {
			row.mark = (struct mark){.kind = MARK_NONE, .type = ABSENCE_NONE};
			row.doctor_note = false;
			row.beyond = false;
			row.marks_hidden = true;
		}
		items[kept++] = row;
	}
	*n = kept;
	if (s != NULL)
		store_attendance_summary_of(counted, nc, s);
	return SC_OK;
}

int
app_participant_timetable(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  struct date from, struct date to, struct participant_brief *brief,
			  struct attendance_row **items, size_t *n, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_ACTIVITIES), ACT_READ, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_participant_attendance(db, a, actor->centre_id, participant_id, from, to, true, items, n);
	if (rc == SC_OK)
		rc = rows_seen(db, a, actor, brief, *items, n, NULL);
	if (rc != SC_OK)
		return rc;
	app_audit_read(db, actor, "timetable.read", "participant", participant_id);
	return SC_OK;
}

/* The month's rows and the summary of those the actor sees. */
static int
month_seen(struct db *db, struct arena *a, const struct actor *actor, const struct participant_brief *brief,
	   int year, int month, struct attendance_row **items, size_t *n, struct attendance_summary *s)
{
	struct date from = {year, month, 1}, to = {year, month, date_days_in_month(year, month)};
	int rc = store_participant_attendance(db, a, actor->centre_id, brief->id, from, to, true, items, n);
	if (rc == SC_OK)
		rc = rows_seen(db, a, actor, brief, *items, n, s);
	return rc;
}

int
app_participant_month(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		      int year, int month, struct participant_brief *brief, struct attendance_row **items,
		      size_t *n, struct attendance_summary *s, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	memset(s, 0, sizeof *s);
	if (month < 1 || month > 12)
		return SC_EINVAL;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_ACTIVITIES), ACT_READ, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = month_seen(db, a, actor, brief, year, month, items, n, s);
	if (rc != SC_OK)
		return rc;
	app_audit_read(db, actor, "timetable.read", "participant", participant_id);
	app_audit_read(db, actor, "attendance_summary.read", "participant", participant_id);
	return SC_OK;
}

/* The participant's groups as the actor sees them (brief as
 * app_participant() gave it). */
static int
groups_seen(struct db *db, struct arena *a, const struct actor *actor, const struct participant_brief *brief,
	    struct group_enrolment **items, size_t *n)
{
	int rc = store_participant_group_enrolments(db, a, actor->centre_id, brief->id, items, n);
	if (rc != SC_OK)
		return rc;
	uint32_t relations = app_relations(actor, brief);
	struct taught t = {.ids = arena_alloc(a, (*n + 1) * sizeof *t.ids),
			   .teaches = arena_alloc(a, (*n + 1) * sizeof *t.teaches)};
	if (t.ids == NULL || t.teaches == NULL)
		return SC_ENOMEM;
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		struct group_enrolment en = (*items)[i];
		enum marks_seen seen = MARKS_HIDDEN;
		rc = group_marks_seen(db, actor, relations, &t, en.group_id, en.health_only == 1, &seen);
		if (rc != SC_OK)
			return rc;
		if (seen == MARKS_HIDDEN)
			continue;
		if (seen != MARKS_SHOWN)
			en.group_name = "";
		(*items)[kept++] = en;
	}
	*n = kept;
	return SC_OK;
}

int
app_participant_groups(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		       struct group_enrolment **items, size_t *n, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_ACTIVITIES), ACT_READ, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	return groups_seen(db, a, actor, &brief, items, n);
}

/* The summary of the month's rows the reader sees, as the attendance
 * page's (the benefit run reads store_attendance_summary()), from only
 * what a summary counts of them. */
static int
summary_seen(struct db *db, struct arena *a, const struct actor *actor, const struct participant_brief *brief,
	     int year, int month, struct attendance_summary *s)
{
	struct attendance_row *items = NULL;
	size_t n = 0;
	struct date from = {year, month, 1}, to = {year, month, date_days_in_month(year, month)};
	int rc = store_participant_month_marks(db, a, actor->centre_id, brief->id, from, to, &items, &n);
	if (rc == SC_OK)
		rc = rows_seen(db, a, actor, brief, items, &n, s);
	if (rc == SC_OK)
		app_audit_read(db, actor, "attendance_summary.read", "participant", brief->id);
	return rc;
}

int
app_attendance_summary(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		       int year, int month, struct attendance_summary *s, struct outcome *out)
{
	memset(s, 0, sizeof *s);
	if (month < 1 || month > 12)
		return SC_EINVAL;
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_ACTIVITIES), ACT_READ, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	return summary_seen(db, a, actor, &brief, year, month, s);
}

int
app_participant_activities(struct db *db, struct arena *a, const struct actor *actor,
			   const struct participant_brief *brief, int year, int month, struct group_enrolment **items,
			   size_t *n, struct attendance_summary *s, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	memset(s, 0, sizeof *s);
	if (month < 1 || month > 12)
		return SC_EINVAL;
	int rc = app_participant_allowed(db, actor, brief, PART_BIT(PART_ACTIVITIES), ACT_READ, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = groups_seen(db, a, actor, brief, items, n);
	if (rc == SC_OK)
		rc = summary_seen(db, a, actor, brief, year, month, s);
	return rc;
}

const char doctor_note_correction_reason[] = N_("A doctor's note was registered for this day.");

/* Whether a self-certified day counts as unexcused absence: beyond the
 * rule, without a doctor's note. */
static bool
sick_unexcused(const struct sick_mark *m)
{
	return m->beyond && !m->doctor_note;
}

/* The corrections a change of the self-certified days' flags makes
 * (decision 53, as the register's): each self-certified day from..to whose
 * unexcused minutes changed (before: the days as they counted before the
 * change) in a month whose benefits are approved or whose run waits for
 * approval, recorded for the finance officer so the next run recomputes
 * the month, with cause and reason. A day not among before (a paused day
 * a pause's end gives back) is left to the pause's own correction of its
 * month. */
static int
flag_corrections(struct db *db, struct arena *a, const struct actor *actor, int64_t pid,
		 const struct sick_mark *before, size_t nbefore, struct date from, struct date to,
		 enum correction_cause cause, const char *reason)
{
	struct sick_mark *after = NULL;
	size_t nafter = 0;
	int rc = store_attendance_sick_marks(db, a, actor->centre_id, pid, from, to, &after, &nafter);
	int year = 0, month = 0;
	bool flagged = false;
	for (size_t i = 0; rc == SC_OK && i < nafter; i++) {
		size_t k = 0;
		while (k < nbefore && before[k].session_id != after[i].session_id)
			k++;
		if (k == nbefore)
			continue;
		bool was = sick_unexcused(&before[k]);
		if (was == sick_unexcused(&after[i]))
			continue;
		if (after[i].date.y != year || after[i].date.m != month) {
			year = after[i].date.y;
			month = after[i].date.m;
			bool open = false;
			rc = store_benefit_month_approved(db, actor->centre_id, year, month, &flagged);
			if (rc == SC_OK && !flagged)
				rc = store_benefit_month_open(db, actor->centre_id, year, month, &open);
			flagged = flagged || open;
		}
		/* the mark as counted before the change and after it:
		 * self-certified sickness beyond the rule without a note counts
		 * as unexcused */
		struct mark m_was = {MARK_ABSENT, 0,
				     was ? ABSENCE_UNEXCUSED
					 : (before[k].doctor_note ? ABSENCE_SICK_DOCTOR : ABSENCE_SICK_SELF),
				     NULL, 0};
		struct mark m_now = {MARK_ABSENT, 0,
				     sick_unexcused(&after[i])
					     ? ABSENCE_UNEXCUSED
					     : (after[i].doctor_note ? ABSENCE_SICK_DOCTOR : ABSENCE_SICK_SELF),
				     NULL, 0};
		if (rc == SC_OK && flagged)
			rc = store_attendance_correction_add(db, actor->centre_id, after[i].session_id, pid,
							     after[i].date, actor->now, actor->user_id, cause, reason,
							     &m_was, &m_now);
	}
	return rc;
}

const char pause_flag_correction_reason[] =
	N_("A pause recorded or ended after the fact changed which self-certified sick days the rule allows.");

int
app_self_cert_after_pause(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  struct date day)
{
	int64_t centre = actor->centre_id;
	struct date from = date_add_days(day, -400), to = date_add_days(day, 400);
	struct sick_mark *before = NULL;
	size_t nbefore = 0;
	int rc = store_attendance_sick_marks(db, a, centre, participant_id, from, to, &before, &nbefore);
	if (rc == SC_OK)
		rc = self_cert_again(db, a, centre, participant_id, day);
	if (rc == SC_OK)
		rc = flag_corrections(db, a, actor, participant_id, before, nbefore, from, to, CORRECTION_PAUSE,
				      pause_flag_correction_reason);
	if (rc == SC_OK)
		rc = run_again(db, a, actor, participant_id);
	return rc;
}

int
app_doctor_note(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		const struct doctor_note *in, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_ACTIVITIES), ACT_WRITE, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(doctor_note_fields, in, &out->errors);
	doctor_note_check(in, actor->today, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	int64_t centre = actor->centre_id;
	rc = app_begin(db);
	struct sick_mark *marks = NULL, *before = NULL;
	size_t n = 0, nbefore = 0;
	/* the self-certified days the rule looks at again (self_cert_again),
	 * as they count now: a day whose unexcused minutes the note changes is
	 * a correction of its month */
	struct date around_from = date_add_days(in->from_on, -400), around_to = date_add_days(in->from_on, 400);
	if (rc == SC_OK)
		rc = store_attendance_sick_marks(db, a, centre, participant_id, around_from, around_to, &before,
						 &nbefore);
	if (rc == SC_OK)
		rc = store_attendance_sick_marks(db, a, centre, participant_id, in->from_on, in->to_on, &marks, &n);
	int64_t covered = 0;
	for (size_t i = 0; rc == SC_OK && i < n; i++) {
		if (marks[i].doctor_note)
			continue;
		rc = store_attendance_set_note(db, centre, marks[i].session_id, participant_id);
		covered++;
	}
	if (rc == SC_OK && covered == 0) {
		app_invalid(out, "from_on",
			    N_("The participant has no self-certified sick absence without a note in that period."));
		return app_end(db, SC_OK, out);
	}
	if (rc == SC_OK)
		rc = self_cert_again(db, a, centre, participant_id, in->from_on);
	if (rc == SC_OK)
		rc = flag_corrections(db, a, actor, participant_id, before, nbefore, around_from, around_to,
				      CORRECTION_DOCTOR_NOTE, doctor_note_correction_reason);
	if (rc == SC_OK)
		rc = run_again(db, a, actor, participant_id);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "doctor_note.create", "participant", participant_id);
	out->id = participant_id;
	out->version = covered;
	return app_end(db, rc, out);
}

int
app_teacher_day(struct db *db, struct arena *a, const struct actor *actor, struct date day,
		struct group_session **today, size_t *ntoday, struct group_session **unmarked, size_t *nunmarked,
		int64_t *total_unmarked)
{
	int64_t teacher = activity_is_leader(actor) ? 0 : actor->user_id;
	/* a health-only group's register is health staff's (register_load()):
	 * the lists of registers leave out those the reader cannot open, and
	 * count them not (decision 167's leak; no dead link) */
	bool health = activity_sees_health(actor);
	int rc = store_sessions_on_day(db, a, actor->centre_id, teacher, health, day, today, ntoday);
	if (rc == SC_OK)
		rc = store_sessions_unmarked(db, a, actor->centre_id, teacher, health, day, 50, unmarked, nunmarked,
					     total_unmarked);
	return rc;
}

int
app_absence_alerts(struct db *db, struct arena *a, const struct actor *actor, int min_days,
		   struct absence_alert **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	return store_absence_alerts(db, a, actor->centre_id, actor->user_id, min_days, items, n);
}

/* ---- the self-certification rule ---- */

static bool
keeps_rules(const struct actor *actor)
{
	return access_allows(actor->roles, RES_BENEFITS, ACT_WRITE);
}

int
app_self_cert_rules(struct db *db, struct arena *a, const struct actor *actor, struct self_cert_rule_row **items,
		    size_t *n, bool *may_add, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	*items = NULL;
	*n = 0;
	*may_add = keeps_rules(actor);
	if (!access_allows(actor->roles, RES_BENEFITS, ACT_READ) && !access_allows(actor->roles, RES_ACTIVITIES, ACT_READ))
		return app_refuse(out, REFUSED_FORBIDDEN, NULL);
	return store_self_cert_rules(db, a, items, n);
}

int
app_self_cert_rule_add(struct db *db, const struct actor *actor, const struct self_cert_rule_input *in,
		       struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!keeps_rules(actor))
		return app_refuse(out, REFUSED_FORBIDDEN, NULL);
	fields_check_required(self_cert_rule_fields, in, &out->errors);
	self_cert_rule_check(in, actor->today, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	struct self_cert_rule rule = {(int)in->max_days, (int)in->max_periods};
	int rc = app_begin(db);
	if (rc == SC_OK) {
		rc = store_self_cert_rule_add(db, in->valid_from, &rule, actor->user_id, actor->now);
		if (rc == SC_ECONFLICT) {
			app_invalid(out, "valid_from", N_("A rule already comes into force on that day."));
			return app_end(db, SC_OK, out);
		}
	}
	if (rc == SC_OK)
		rc = app_audit(db, actor, "self_cert_rule.create", "self_cert_rule",
			       (int64_t)in->valid_from.y * 10000 + in->valid_from.m * 100 + in->valid_from.d);
	return app_end(db, rc, out);
}
