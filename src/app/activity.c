/*
 * activity.c — the catalogue, groups, enrolment in groups, closures, the
 * waiting list and sessions one by one; see activity.h. The register and
 * what a reader sees of a participant's attendance are attendance.c.
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

bool
activity_sees_health(const struct actor *actor)
{
	return access_health_group_attendees(actor->roles);
}

bool
activity_sees_health_group(const struct actor *actor)
{
	return access_health_group_seen(actor->roles);
}

bool
activity_is_leader(const struct actor *actor)
{
	return access_scope(actor->roles, RES_ATTENDANCE, ACT_WRITE) == SCOPE_ALL;
}

int
app_groups(struct db *db, struct arena *a, const struct actor *actor, struct group **items, size_t *n)
{
	char today[11];
	date_format(actor->today, today);
	struct groups_filter f = {.teacher_id = 0, .from = NULL, .today = today,
				  .health_only_too = activity_sees_health_group(actor)};
	return store_groups(db, a, actor->centre_id, &f, items, n);
}

int
app_groups_taught(struct db *db, struct arena *a, const struct actor *actor, int64_t limit, struct group **items,
		  size_t *n)
{
	char today[11];
	date_format(actor->today, today);
	struct groups_filter f = {.teacher_id = actor->user_id, .from = today, .today = today,
				  .health_only_too = true, .limit = limit};
	return store_groups(db, a, actor->centre_id, &f, items, n);
}

int
app_groups_open(struct db *db, struct arena *a, const struct actor *actor, int64_t limit, struct group **items,
		size_t *n, bool *more)
{
	*items = NULL;
	*n = 0;
	*more = false;
	limit = store_page_limit(limit, GROUPS_LIST_MAX, GROUPS_LIST_MAX);
	char from[11];
	date_format(actor->today, from);
	struct groups_filter f = {.teacher_id = 0, .from = from, .health_only_too = activity_sees_health_group(actor),
				  .limit = limit};
	int64_t count = 0;
	int rc = store_groups_count(db, actor->centre_id, &f, limit + 1, &count);
	if (rc != SC_OK)
		return rc;
	if (count > limit) {
		*more = true;
		return SC_OK;
	}
	return store_groups(db, a, actor->centre_id, &f, items, n);
}

int
app_activity_types(struct db *db, struct arena *a, const struct actor *actor, struct activity_type **items,
		   size_t *n)
{
	return store_activity_types(db, a, actor->centre_id, items, n);
}

int
app_activity_type_add(struct db *db, struct arena *a, const struct actor *actor, struct activity_type *in,
		      struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (access_scope(actor->roles, RES_ACTIVITIES, ACT_WRITE) != SCOPE_ALL)
		return app_refuse(out, REFUSED_FORBIDDEN, NULL);
	fields_check_required(activity_type_fields, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	int rc = app_begin(db);
	struct activity_type *types = NULL;
	size_t n = 0;
	/* no other add of the centre between the names read and the insert */
	if (rc == SC_OK)
		rc = store_activity_types_lock(db, actor->centre_id);
	if (rc == SC_OK)
		rc = store_activity_types(db, a, actor->centre_id, &types, &n);
	for (size_t i = 0; rc == SC_OK && i < n; i++) {
		bool translated = false;
		const char *label = activity_type_label(types[i].key, types[i].name, &translated);
		/* a built-in type is shown in the reader's language: its name in
		 * each is taken; the case of no letter makes another name
		 * ("KOKKEKURS ÆØÅ" is "kokkekurs æøå") */
		bool same = text_casecmp(label, in->name) == 0;
		for (int l = 0; translated && !same && l < LANG_COUNT; l++)
			same = text_casecmp(tr((enum lang)l, label), in->name) == 0;
		if (same) {
			app_invalid(out, "name", N_("The centre already has an activity with that name."));
			return app_end(db, SC_OK, out);
		}
	}
	if (rc == SC_OK)
		rc = store_activity_type_add(db, actor->centre_id, in, actor->user_id, actor->now, &in->id);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "activity_type.create", "activity_type", in->id);
	out->id = in->id;
	return app_end(db, rc, out);
}

int
app_teacher_choices(struct db *db, struct arena *a, const struct actor *actor, struct teacher_choice **items,
		    size_t *n)
{
	return store_teacher_choices(db, a, actor->centre_id, items, n);
}

int
app_group(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct group_view *v,
	  struct outcome *out)
{
	memset(out, 0, sizeof *out);
	memset(v, 0, sizeof *v);
	int rc = store_group_get(db, a, actor->centre_id, id, actor->today, &v->g);
	if (rc == SC_ENOTFOUND || (rc == SC_OK && v->g.health_only == 1 && !activity_sees_health_group(actor))) {
		app_audit_denied(db, actor, "group", id);
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	}
	if (rc != SC_OK)
		return rc;
	bool teaches = activity_is_leader(actor);
	if (!teaches) {
		rc = store_group_teaches(db, actor->centre_id, id, actor->user_id, &teaches);
		if (rc != SC_OK)
			return rc;
	}
	v->teaches = teaches;
	/* a health-only group's people are health staff's to see, whether or
	 * not they teach it (decision 37): by name, as they may not open them */
	v->names_only = !teaches && v->g.health_only == 1 && activity_sees_health(actor);
	/* its registers and progress: its teachers and the leader, of a
	 * health-only group health staff only (the leader runs the group, its
	 * sessions and timetable, but does not see who attends) */
	bool attendees = v->g.health_only != 1 || activity_sees_health(actor);
	v->registers = teaches && attendees;
	rc = store_group_sessions(db, a, actor->centre_id, id, v->g.starts_on, v->g.ends_on, 2000, &v->sessions,
				  &v->nsessions);
	if (rc == SC_OK)
		rc = store_group_enrolments(db, a, actor->centre_id, id, &v->enrolments, &v->nenrolments);
	/* who is in it: for its teachers and the leader; a contact person (or
	 * a teacher of other groups) knows their own participants in it and how
	 * many others (the working relationship, decision 140) */
	if (rc == SC_OK && !attendees) {
		/* how many, not who (the participant's own page says "enrolled
		 * in a health activity") */
		size_t others = 0;
		for (size_t i = 0; i < v->nenrolments; i++)
			if (group_enrolment_current(&v->enrolments[i], actor->today))
				others++;
		v->others = others;
		v->nenrolments = 0;
		v->health_hidden = true;
	} else if (rc == SC_OK && !teaches && !v->names_only) {
		/* the others counted are those holding a place now or later
		 * (enrolled or waiting, not ended): the places of the group */
		size_t kept = 0, others = 0;
		for (size_t i = 0; i < v->nenrolments; i++)
			if (v->enrolments[i].contact_id == actor->user_id)
				v->enrolments[kept++] = v->enrolments[i];
			else if (group_enrolment_current(&v->enrolments[i], actor->today))
				others++;
		v->others = others;
		v->nenrolments = kept;
	}
	/* the attendance rate of each one shown, from the group's marks */
	if (rc == SC_OK && !v->names_only && v->nenrolments > 0) {
		struct group_attendance *all = NULL;
		size_t nall = 0, kept = 0;
		rc = store_group_attendance(db, a, actor->centre_id, id, &all, &nall);
		for (size_t i = 0; rc == SC_OK && i < nall; i++) {
			bool shown = false;
			for (size_t k = 0; k < v->nenrolments && !shown; k++)
				shown = v->enrolments[k].participant_id == all[i].participant_id;
			if (shown)
				all[kept++] = all[i];
		}
		v->attendance = all;
		v->nattendance = kept;
	}
	if (rc == SC_OK)
		app_audit_read(db, actor, "group.read", "group", id);
	out->id = id;
	return rc;
}

int
app_group_check(struct db *db, struct arena *a, const struct actor *actor, const struct group *in,
		struct slot *slots, size_t *nslots, struct field_errors *e)
{
	struct group_facts facts = {0};
	if (in->activity_type_id > 0) {
		struct activity_type t;
		int rc = store_activity_type_get(db, a, actor->centre_id, in->activity_type_id, &t);
		if (rc != SC_OK && rc != SC_ENOTFOUND)
			return rc;
		facts.type_found = rc == SC_OK;
		facts.norwegian = rc == SC_OK && t.key != NULL && strcmp(t.key, ACTIVITY_NORWEGIAN) == 0;
		facts.health_only = rc == SC_OK && t.health_only == 1;
	}
	int *roles = arena_alloc(a, sizeof *roles * (in->teachers.n + 1));
	if (roles == NULL)
		return SC_ENOMEM;
	struct teacher_choice *choices = NULL;
	size_t nchoices = 0;
	int rc = store_teacher_choices(db, a, actor->centre_id, &choices, &nchoices);
	if (rc != SC_OK)
		return rc;
	const struct group_teacher *ts = in->teachers.items;
	for (size_t i = 0; i < in->teachers.n; i++) {
		roles[i] = GROUP_TEACHER_NONE;
		for (size_t k = 0; k < nchoices; k++)
			if (choices[k].id == ts[i].user_id)
				roles[i] = choices[k].role;
	}
	facts.teacher_role = roles;
	if (in->id > 0) {
		rc = store_group_marked_range(db, actor->centre_id, in->id, &facts.first_marked, &facts.last_marked);
		if (rc != SC_OK)
			return rc;
	}
	fields_check_required(group_fields, in, e);
	group_check(in, &facts, slots, nslots, e);
	return SC_OK;
}

struct gen {
	struct session_time *s;
	size_t n, cap;
	struct arena *a;
};

static int
collect(void *ctx, const struct session_time *s)
{
	struct gen *g = ctx;
	if (g->n == g->cap) {
		size_t ncap = g->cap ? g->cap * 2 : 128;
		struct session_time *bigger = arena_alloc(g->a, ncap * sizeof *bigger);
		if (bigger == NULL)
			return SC_ENOMEM;
		if (g->n > 0)
			memcpy(bigger, g->s, g->n * sizeof *bigger);
		g->s = bigger;
		g->cap = ncap;
	}
	g->s[g->n++] = *s;
	return SC_OK;
}

int
app_group_create(struct db *db, struct arena *a, const struct actor *actor, struct group *in,
		 struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!access_allows(actor->roles, RES_ACTIVITIES, ACT_WRITE) ||
	    access_scope(actor->roles, RES_ACTIVITIES, ACT_WRITE) != SCOPE_ALL)
		return app_refuse(out, REFUSED_FORBIDDEN, NULL);
	struct slot slots[TIMETABLE_MAX_SLOTS];
	size_t nslots = 0;
	int rc = app_group_check(db, a, actor, in, slots, &nslots, &out->errors);
	if (rc != SC_OK)
		return rc;
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	rc = app_begin(db);
	int64_t id = 0;
	struct gen g = {.a = a};
	if (rc == SC_OK)
		rc = store_group_add(db, actor->centre_id, in, slots, nslots, actor->user_id, actor->now, &id);
	struct closure *closures = NULL;
	size_t nclosures = 0;
	if (rc == SC_OK)
		rc = store_closure_ranges(db, a, actor->centre_id, in->starts_on, in->ends_on, &closures, &nclosures);
	if (rc == SC_OK)
		rc = timetable_sessions(slots, nslots, in->starts_on, in->ends_on, closures, nclosures, collect, &g);
	if (rc == SC_OK && g.n > 0)
		rc = store_sessions_add(db, actor->centre_id, id, g.s, g.n, false, NULL);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "group.create", "group", id);
	out->id = id;
	out->version = (int64_t)g.n;
	in->id = id;
	return app_end(db, rc, out);
}

/* A group's period changed from (old_start, old_end) to in's: sessions
 * after the new end go (group_check() kept those with marks inside),
 * enrolments reaching past it end with it, and days after the old end get
 * their sessions from the timetable. *refused set (e) when an enrolment
 * starts after the new end. */
static int
period_changed(struct db *db, struct arena *a, const struct actor *actor, const struct group *in,
	       struct date old_end, const struct slot *slots, size_t nslots, struct field_errors *e, int64_t *shortened)
{
	int64_t centre = actor->centre_id;
	int rc = SC_OK;
	if (date_cmp(in->ends_on, old_end) < 0) {
		struct group_enrolment *en = NULL;
		size_t n = 0;
		rc = store_group_enrolments(db, a, centre, in->id, &en, &n);
		for (size_t i = 0; rc == SC_OK && i < n; i++) {
			if (date_cmp(en[i].ends_on, in->ends_on) <= 0)
				continue;
			if (date_cmp(en[i].starts_on, in->ends_on) > 0) {
				field_error_add(e, "ends_on",
						N_("A participant's enrolment starts after this date: end or move it first."));
				return SC_OK;
			}
			rc = store_group_enrolment_change(db, centre, en[i].id, en[i].status, en[i].starts_on, in->ends_on,
							  actor->user_id, actor->now);
			if (rc == SC_OK)
				++*shortened;
		}
		if (rc == SC_OK)
			rc = store_sessions_clear_outside(db, centre, in->id, (struct date){0, 0, 0}, in->ends_on);
	} else if (date_cmp(in->ends_on, old_end) > 0) {
		struct date from = date_add_days(old_end, 1);
		struct closure *closures = NULL;
		size_t nclosures = 0;
		struct gen g = {.a = a};
		rc = store_closure_ranges(db, a, centre, from, in->ends_on, &closures, &nclosures);
		if (rc == SC_OK)
			rc = timetable_sessions(slots, nslots, from, in->ends_on, closures, nclosures, collect, &g);
		if (rc == SC_OK && g.n > 0)
			rc = store_sessions_add(db, centre, in->id, g.s, g.n, false, NULL);
	}
	return rc;
}

int
app_group_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t expected_version,
		 struct group *in, struct outcome *out, int64_t *shortened)
{
	memset(out, 0, sizeof *out);
	int64_t cut = 0;
	if (shortened == NULL)
		shortened = &cut;
	*shortened = 0;
	if (access_scope(actor->roles, RES_ACTIVITIES, ACT_WRITE) != SCOPE_ALL)
		return app_refuse(out, REFUSED_FORBIDDEN, NULL);
	int64_t centre = actor->centre_id;
	int rc = app_begin(db);
	struct date gs, ge;
	int64_t capacity = 0;
	if (rc == SC_OK)
		rc = store_group_lock(db, centre, id, &gs, &ge, &capacity);
	struct group stored;
	if (rc == SC_OK)
		rc = store_group_get(db, a, centre, id, actor->today, &stored);
	if (rc == SC_ENOTFOUND) {
		app_refuse(out, REFUSED_NOT_FOUND, N_("There is no such group."));
		return app_end(db, SC_OK, out);
	}
	if (rc != SC_OK)
		return app_end(db, rc, out);
	if (expected_version > 0 && expected_version != stored.version) {
		out->version = stored.version;
		app_refuse(out, REFUSED_STALE,
			   N_("Someone else saved this group after you opened it. Check the values and save again."));
		return app_end(db, SC_OK, out);
	}
	/* what does not change here */
	in->id = id;
	in->activity_type_id = stored.activity_type_id;
	in->starts_on = stored.starts_on;
	in->slots = stored.slots;
	struct slot slots[TIMETABLE_MAX_SLOTS];
	size_t nslots = 0;
	rc = app_group_check(db, a, actor, in, slots, &nslots, &out->errors);
	if (rc != SC_OK)
		return app_end(db, rc, out);
	if (in->capacity != FIELD_NONE && out->errors.n == 0) {
		struct date from = date_cmp(actor->today, stored.starts_on) > 0 ? actor->today : stored.starts_on;
		struct date to = in->ends_on;
		int taken = 0;
		if (date_cmp(from, to) <= 0) {
			struct date *s = NULL, *e = NULL;
			size_t np = 0;
			rc = store_group_enrolment_periods(db, a, centre, id, from, to, 0, &s, &e, &np);
			if (rc != SC_OK)
				return app_end(db, rc, out);
			taken = group_places_taken(s, e, np, from, to);
		}
		group_capacity_check(in->capacity, taken, &out->errors);
	}
	if (out->errors.n == 0)
		rc = period_changed(db, a, actor, in, stored.ends_on, slots, nslots, &out->errors, shortened);
	if (rc == SC_OK && out->errors.n > 0) {
		app_refuse(out, REFUSED_INVALID, NULL);
		return app_end(db, SC_OK, out);
	}
	if (rc == SC_OK) {
		rc = store_group_update(db, centre, id, stored.version, in, slots, nslots, actor->now);
		if (rc == SC_ECONFLICT) {
			out->version = stored.version;
			app_refuse(out, REFUSED_STALE,
				   N_("Someone else saved this group after you opened it. Check the values and save again."));
			return app_end(db, SC_OK, out);
		}
	}
	if (rc == SC_OK)
		rc = app_audit(db, actor, "group.update", "group", id);
	out->id = id;
	out->version = stored.version + 1;
	return app_end(db, rc, out);
}

/* The new group's planned sessions from..to as times. */
static int
group_times(struct db *db, struct arena *a, int64_t centre, int64_t group_id, struct date from, struct date to,
	    struct session_time **out, size_t *n)
{
	struct group_session *s = NULL;
	size_t count = 0;
	*out = NULL;
	*n = 0;
	int rc = store_group_sessions(db, a, centre, group_id, from, to, 2000, &s, &count);
	if (rc != SC_OK || count == 0)
		return rc;
	struct session_time *t = arena_alloc(a, count * sizeof *t);
	if (t == NULL)
		return SC_ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < count; i++)
		if (s[i].status == SESSION_PLANNED)
			t[k++] = (struct session_time){.date = s[i].on_date, .start = s[i].start_min, .end = s[i].end_min};
	*out = t;
	*n = k;
	return SC_OK;
}

/* Refuses (REFUSED_STATE, *clash set) when the group's sessions from..to
 * clash with the participant's timetable: another group's sessions, the
 * hours of a placement on the days it holds them, agreed or not yet
 * (app_timetable_clash(), the one rule). A
 * health-only group is named only to a reader who sees who attends it
 * (health_named: activity_sees_health(), decision 167): to anyone else the
 * clash is with "another of the participant's activities". */
static int
clash_check(struct db *db, struct arena *a, int64_t centre, int64_t group_id, int64_t participant_id,
	    struct date from, struct date to, bool health_named, struct enrol_clash *clash,
	    struct outcome *out)
{
	struct session_time *mine = NULL;
	size_t nmine = 0;
	int rc = group_times(db, a, centre, group_id, from, to, &mine, &nmine);
	struct enrol_clash c;
	bool found = false;
	if (rc == SC_OK)
		rc = app_timetable_clash(db, a, centre, participant_id, group_id, mine, nmine, &c, &found);
	if (rc != SC_OK || !found)
		return rc;
	if (c.group != NULL && c.health_only && !health_named)
		c.group = "";
	if (clash != NULL)
		*clash = c;
	return app_refuse(out, REFUSED_STATE,
			  c.group != NULL ? N_("The group's sessions clash with another group the participant is enrolled in.")
					  : N_("The group's sessions clash with the participant's placement."));
}

/* The participant's status (participant_status_keys), for the rule of
 * who may take a place (group_enrolment_period_check()); "" when there is
 * no such participant (the command's own check names that). */
static int
participant_status_of(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		      const char **status)
{
	*status = "";
	struct participant_brief b;
	int rc = store_participant_brief(db, a, actor->centre_id, participant_id, actor->user_id, &b);
	if (rc == SC_OK && b.status != NULL)
		*status = b.status;
	return rc == SC_ENOTFOUND ? SC_OK : rc;
}

/* Locks the participant's row for the rest of the transaction (FOR
 * UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises),
 * before the group's, as an exit and a closed referral lock it (setting
 * the status) before the groups they end places in: a place is then taken
 * either before the exit, which ends it, or after, and refused. No such
 * participant is the command's own check. */
static int
participant_lock(struct db *db, const struct actor *actor, int64_t participant_id)
{
	int64_t contact = 0;
	bool counts = false;
	int rc = store_caseload_lock_participant(db, actor->centre_id, participant_id, &contact, &counts);
	return rc == SC_ENOTFOUND ? SC_OK : rc;
}

const char enrolment_correction_reason[] = N_("Enrolled in the group from an earlier date.");

/* The corrections an enrolment from a past day makes (decision 168, as a
 * register's change): each planned session of the group from its start to
 * yesterday (and its end) in a month whose benefits are approved or whose
 * run waits for approval, a session the participant is now expected at,
 * recorded for the finance officer so the next run recomputes the month. */
static int
enrolment_corrections(struct db *db, struct arena *a, const struct actor *actor, const struct group_enrolment *en)
{
	struct date last = date_add_days(actor->today, -1);
	if (date_cmp(en->ends_on, last) < 0)
		last = en->ends_on;
	if (en->status != ENROL_ENROLLED || date_cmp(en->starts_on, last) > 0)
		return SC_OK;
	struct group_session *ss = NULL;
	size_t n = 0;
	int rc = store_group_sessions(db, a, actor->centre_id, en->group_id, en->starts_on, last, 2000, &ss, &n);
	int year = 0, month = 0;
	bool flagged = false;
	for (size_t i = 0; rc == SC_OK && i < n; i++) {
		if (ss[i].status == SESSION_CANCELLED)
			continue;
		if (ss[i].on_date.y != year || ss[i].on_date.m != month) {
			year = ss[i].on_date.y;
			month = ss[i].on_date.m;
			bool open = false;
			rc = store_benefit_month_approved(db, actor->centre_id, year, month, &flagged);
			if (rc == SC_OK && !flagged)
				rc = store_benefit_month_open(db, actor->centre_id, year, month, &open);
			flagged = flagged || open;
		}
		/* no mark before (not enrolled) and none yet: the month's sessions
		 * scheduled are what changed, as the reason says */
		static const struct mark none = {MARK_NONE, 0, ABSENCE_NONE, NULL, 0};
		if (rc == SC_OK && flagged)
			rc = store_attendance_correction_add(db, actor->centre_id, ss[i].id, en->participant_id,
							     ss[i].on_date, actor->now, actor->user_id,
							     CORRECTION_ENROLMENT, enrolment_correction_reason, &none,
							     &none);
	}
	return rc;
}

/* Decides an enrolment inside the transaction, with the participant's row
 * locked (participant_lock()) and then the group. */
static int
enrol_locked(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id,
	     struct group_enrolment *in, struct enrol_clash *clash, struct outcome *out)
{
	int64_t centre = actor->centre_id;
	struct date starts_on, ends_on;
	int64_t capacity = 0;
	in->group_id = group_id;
	int rc = store_group_lock(db, centre, group_id, &starts_on, &ends_on, &capacity);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, N_("There is no such group."));
	if (rc != SC_OK)
		return rc;
	fields_check_required(group_enrolment_fields, in, &out->errors);
	group_enrolment_check(in, starts_on, ends_on, actor->today, &out->errors);
	const char *status = "";
	rc = participant_status_of(db, a, actor, in->participant_id, &status);
	if (rc != SC_OK)
		return rc;
	group_enrolment_period_check(status, &out->errors);
	if (in->goal_id > 0) {
		bool found = false;
		rc = store_goal_of_participant(db, centre, in->participant_id, in->goal_id, &found);
		if (rc != SC_OK)
			return rc;
		if (!found)
			field_error_add(&out->errors, "goal_id", N_("Choose a goal of the participant's plan."));
	}
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	bool already = false;
	rc = store_group_enrolment_overlap(db, centre, group_id, in->participant_id, in->starts_on, in->ends_on,
					   &already);
	if (rc != SC_OK)
		return rc;
	if (already)
		return app_refuse(out, REFUSED_STATE, N_("The participant is already enrolled in this group, or waits for it."));
	rc = clash_check(db, a, centre, group_id, in->participant_id, in->starts_on, in->ends_on,
			 activity_sees_health(actor), clash, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	/* places */
	struct date *s = NULL, *e = NULL;
	size_t np = 0;
	rc = store_group_enrolment_periods(db, a, centre, group_id, in->starts_on, in->ends_on, 0, &s, &e, &np);
	if (rc != SC_OK)
		return rc;
	int taken = group_places_taken(s, e, np, in->starts_on, in->ends_on);
	in->status = ENROL_ENROLLED;
	if (taken >= capacity) {
		if (in->waitlist != 1)
			return app_refuse(out, REFUSED_FULL,
					  N_("The group is full: every place is taken. Offer a place on its waiting list."));
		in->status = ENROL_WAITING;
	}
	in->group_id = group_id;
	rc = store_group_enrolment_add(db, centre, in, actor->user_id, actor->now, &in->id);
	if (rc == SC_OK)
		rc = enrolment_corrections(db, a, actor, in);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "group_enrolment.create", "group_enrolment", in->id);
	out->id = in->id;
	return rc;
}

int
app_group_enrol(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id,
		struct group_enrolment *in, struct enrol_clash *clash, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (clash != NULL)
		memset(clash, 0, sizeof *clash);
	struct participant_brief brief;
	/* one who has left the programme is no longer in their contact
	 * person's writable caseload: one who reads their groups hears why
	 * rather than "not found" */
	int rc = in->participant_id > 0
			 ? store_participant_brief(db, a, actor->centre_id, in->participant_id, actor->user_id, &brief)
			 : SC_ENOTFOUND;
	if (rc != SC_OK && rc != SC_ENOTFOUND)
		return rc;
	if (rc == SC_OK && participant_has_left(brief.status) &&
	    (app_parts(actor, &brief, ACT_READ) & PART_BIT(PART_ACTIVITIES)) != 0) {
		group_enrolment_period_check(brief.status, &out->errors);
		return app_refuse(out, REFUSED_INVALID, NULL);
	}
	rc = app_participant(db, a, actor, in->participant_id, PART_BIT(PART_ACTIVITIES), ACT_WRITE, &brief, out);
	if (rc != SC_OK || out->refusal != DONE) {
		if (rc == SC_OK && out->refusal == REFUSED_NOT_FOUND && out->message == NULL)
			out->message = N_("There is no such participant that you may enrol.");
		return rc;
	}
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = participant_lock(db, actor, in->participant_id);
	if (rc == SC_OK)
		rc = enrol_locked(db, a, actor, group_id, in, clash, out);
	return app_end(db, rc, out);
}

/* ---- closures ---- */

int
app_closures(struct db *db, struct arena *a, const struct actor *actor, struct closure_period **items, size_t *n)
{
	struct date from = {actor->today.y - 1, 1, 1};
	return store_closures(db, a, actor->centre_id, from, items, n);
}

int
app_closure_create(struct db *db, struct arena *a, const struct actor *actor, struct closure_period *in,
		   struct outcome *out)
{
	(void)a;
	memset(out, 0, sizeof *out);
	if (access_scope(actor->roles, RES_ACTIVITIES, ACT_WRITE) != SCOPE_ALL)
		return app_refuse(out, REFUSED_FORBIDDEN, NULL);
	fields_check_required(closure_fields, in, &out->errors);
	closure_check(in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	int64_t cancelled = 0;
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_closure_add(db, actor->centre_id, in, actor->user_id, actor->now, &in->id, &cancelled);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "closure.create", "closure", in->id);
	out->id = in->id;
	out->version = cancelled;
	return app_end(db, rc, out);
}

int
app_closure_delete(struct db *db, const struct actor *actor, int64_t id, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (access_scope(actor->roles, RES_ACTIVITIES, ACT_WRITE) != SCOPE_ALL)
		return app_refuse(out, REFUSED_FORBIDDEN, NULL);
	int64_t restored = 0;
	int rc = app_begin(db);
	if (rc == SC_OK) {
		rc = store_closure_delete(db, actor->centre_id, id, &restored);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, N_("There is no such closure."));
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "closure.delete", "closure", id);
	out->id = id;
	out->version = restored;
	return app_end(db, rc, out);
}

/* ---- the waiting list ---- */

int
app_group_offer(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id, int64_t enrolment_id,
		struct enrol_clash *clash, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (clash != NULL)
		memset(clash, 0, sizeof *clash);
	int64_t centre = actor->centre_id;
	struct group_enrolment en;
	int rc = store_group_enrolment_get(db, a, centre, enrolment_id, &en);
	if (rc == SC_ENOTFOUND || (rc == SC_OK && en.group_id != group_id))
		return app_refuse(out, REFUSED_NOT_FOUND, N_("There is no such place on the waiting list."));
	if (rc != SC_OK)
		return rc;
	struct participant_brief brief;
	rc = app_participant(db, a, actor, en.participant_id, PART_BIT(PART_ACTIVITIES), ACT_WRITE, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	if (en.status != ENROL_WAITING)
		return app_refuse(out, REFUSED_STATE, N_("The participant is not on the group's waiting list."));
	rc = app_begin(db);
	struct date gs, ge;
	int64_t capacity = 0;
	if (rc == SC_OK)
		rc = participant_lock(db, actor, en.participant_id);
	if (rc == SC_OK)
		rc = store_group_lock(db, centre, group_id, &gs, &ge, &capacity);
	if (rc != SC_OK)
		return app_end(db, rc, out);
	struct date from = date_cmp(en.starts_on, actor->today) > 0 ? en.starts_on : actor->today;
	if (date_cmp(en.ends_on, from) < 0) {
		app_refuse(out, REFUSED_STATE, N_("The period asked for has passed."));
		return app_end(db, SC_OK, out);
	}
	/* the place offered is for someone in the programme, for days of the
	 * period, as an enrolment is */
	const char *status = "";
	rc = participant_status_of(db, a, actor, en.participant_id, &status);
	if (rc != SC_OK)
		return app_end(db, rc, out);
	if (!group_enrolment_period_check(status, &out->errors)) {
		app_refuse(out, REFUSED_INVALID, NULL);
		return app_end(db, SC_OK, out);
	}
	struct date *s = NULL, *e = NULL;
	size_t np = 0;
	rc = store_group_enrolment_periods(db, a, centre, group_id, from, en.ends_on, 0, &s, &e, &np);
	if (rc == SC_OK && group_places_taken(s, e, np, from, en.ends_on) >= capacity)
		app_refuse(out, REFUSED_FULL, N_("The group is still full."));
	if (rc == SC_OK && out->refusal == DONE)
		rc = clash_check(db, a, centre, group_id, en.participant_id, from, en.ends_on,
				 activity_sees_health(actor), clash, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_group_enrolment_change(db, centre, enrolment_id, ENROL_ENROLLED, from, en.ends_on,
						  actor->user_id, actor->now);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "group_enrolment.offer", "group_enrolment", enrolment_id);
	out->id = enrolment_id;
	return app_end(db, rc, out);
}

/* ---- an enrolment ended early ---- */

/* The enrolment of the group, if the actor may act (act) on the
 * participant's activities and see the group. */
static int
enrolment_reached(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id, int64_t enrolment_id,
		  enum action act, struct group_enrolment *en, struct group *g, struct outcome *out)
{
	int64_t centre = actor->centre_id;
	int rc = store_group_enrolment_get(db, a, centre, enrolment_id, en);
	if (rc == SC_OK)
		rc = store_group_get(db, a, centre, group_id, actor->today, g);
	if (rc != SC_OK && rc != SC_ENOTFOUND)
		return rc;
	if (rc == SC_ENOTFOUND || en->group_id != group_id || (g->health_only == 1 && !activity_sees_health(actor))) {
		app_audit_denied(db, actor, "group_enrolment", enrolment_id);
		return app_refuse(out, REFUSED_NOT_FOUND, N_("There is no such enrolment in the group."));
	}
	struct participant_brief brief;
	return app_participant(db, a, actor, en->participant_id, PART_BIT(PART_ACTIVITIES), act, &brief, out);
}

int
app_group_enrolment(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id, int64_t enrolment_id,
		    struct group_enrolment *en, struct group *g, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	int rc = enrolment_reached(db, a, actor, group_id, enrolment_id, ACT_READ, en, g, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	app_audit_read(db, actor, "group_enrolment.read", "group_enrolment", enrolment_id);
	out->id = enrolment_id;
	return SC_OK;
}

int
app_group_enrolment_end(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id,
			int64_t enrolment_id, const struct enrolment_end *in, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	int64_t centre = actor->centre_id;
	struct group_enrolment en;
	struct group g;
	int rc = enrolment_reached(db, a, actor, group_id, enrolment_id, ACT_WRITE, &en, &g, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(enrolment_end_fields, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	rc = app_begin(db);
	struct date gs, ge;
	int64_t capacity = 0;
	if (rc == SC_OK)
		rc = store_group_lock(db, centre, group_id, &gs, &ge, &capacity);
	/* read again under the lock: the enrolment as it is now */
	if (rc == SC_OK)
		rc = store_group_enrolment_get(db, a, centre, enrolment_id, &en);
	if (rc != SC_OK)
		return app_end(db, rc, out);
	if (en.status != ENROL_ENROLLED) {
		app_refuse(out, REFUSED_STATE, N_("The participant is not enrolled in the group: only an enrolment is ended."));
		return app_end(db, SC_OK, out);
	}
	struct date last = {0, 0, 0};
	rc = store_group_last_mark(db, centre, group_id, en.participant_id, &last);
	if (rc != SC_OK)
		return app_end(db, rc, out);
	/* one not begun is withdrawn: it holds no place, and its group's
	 * waiting list may be offered it */
	bool withdraws = enrolment_end_withdraws(in, en.starts_on, actor->today, &out->errors);
	if (!withdraws)
		enrolment_end_check(in, en.starts_on, en.ends_on, last, &out->errors);
	if (out->errors.n > 0) {
		app_refuse(out, REFUSED_INVALID, NULL);
		return app_end(db, SC_OK, out);
	}
	if (withdraws)
		rc = store_group_enrolment_withdraw(db, centre, enrolment_id, in->reason, actor->user_id, actor->now);
	else
		rc = store_group_enrolment_end(db, centre, enrolment_id, in->ends_on, in->reason, actor->user_id,
					       actor->now);
	if (rc == SC_OK)
		rc = app_audit(db, actor, withdraws ? "group_enrolment.withdraw" : "group_enrolment.end", "group_enrolment",
			       enrolment_id);
	out->id = enrolment_id;
	return app_end(db, rc, out);
}

/* ---- sessions one by one ---- */

/* The group, if the actor keeps it (a leader, or one of its teachers). */
static int
kept_group(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id, struct group *g,
	   struct outcome *out)
{
	int rc = store_group_get(db, a, actor->centre_id, group_id, actor->today, g);
	if (rc != SC_OK && rc != SC_ENOTFOUND)
		return rc;
	bool may = rc == SC_OK && activity_is_leader(actor);
	if (rc == SC_OK && !may && (rc = store_group_teaches(db, actor->centre_id, group_id, actor->user_id, &may)) != SC_OK)
		return rc;
	if (!may) {
		app_audit_denied(db, actor, "group", group_id);
		return app_refuse(out, REFUSED_NOT_FOUND, N_("There is no such group among yours."));
	}
	return SC_OK;
}

/* The session's date and times by the rules of its group. */
static int
session_times(struct db *db, struct arena *a, const struct actor *actor, const struct group *g,
	      const struct session_input *in, struct session_time *t, struct outcome *out)
{
	fields_check_required(session_input_fields, in, &out->errors);
	struct closure *cl = NULL;
	size_t ncl = 0;
	if (in->on_date.y != 0) {
		int rc = store_closure_ranges(db, a, actor->centre_id, in->on_date, in->on_date, &cl, &ncl);
		if (rc != SC_OK)
			return rc;
	}
	session_input_check(in, g->starts_on, g->ends_on, cl, ncl, t, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	return SC_OK;
}

/* Refuses (REFUSED_INVALID, at "start", naming its hours) a time at which
 * the group has another session that is not cancelled (except: the one
 * moved). Read in the caller's transaction. */
static int
group_meets_then(struct db *db, struct arena *a, int64_t centre, int64_t group_id, const struct session_time *t,
	      int64_t except, struct outcome *out)
{
	struct group_session *ss = NULL;
	size_t n = 0;
	int rc = store_group_sessions(db, a, centre, group_id, t->date, t->date, 2000, &ss, &n);
	if (rc != SC_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (ss[i].id == except || ss[i].status == SESSION_CANCELLED)
			continue;
		struct session_time other = {ss[i].on_date, ss[i].start_min, ss[i].end_min};
		if (session_clash(&other, t)) {
			field_error_add_text(&out->errors, "start",
					     N_("The group already has a session that day from %s to %s."), ss[i].start,
					     ss[i].end, NULL);
			return app_refuse(out, REFUSED_INVALID, NULL);
		}
	}
	return SC_OK;
}

/* Refuses (REFUSED_STATE, *clashes set) a session at t of the group that
 * clashes for someone enrolled then, unless the teacher saves it anyway
 * (those named then miss it). In the caller's transaction. */
static int
clashes_check(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id,
	      const struct session_time *t, const struct session_input *in, struct session_clashes *clashes,
	      struct outcome *out)
{
	if (in->anyway == 1)
		return SC_OK;
	int rc = app_session_clashes(db, a, actor->centre_id, group_id, t, &clashes->items, &clashes->n);
	if (rc == SC_OK && clashes->n > 0)
		return app_refuse(out, REFUSED_STATE, N_("The session clashes for someone enrolled in the group."));
	return rc;
}

int
app_session_add(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id,
		const struct session_input *in, struct session_clashes *clashes, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	memset(clashes, 0, sizeof *clashes);
	struct group g;
	int rc = kept_group(db, a, actor, group_id, &g, out);
	struct session_time t;
	if (rc == SC_OK && out->refusal == DONE)
		rc = session_times(db, a, actor, &g, in, &t, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	int64_t id = 0;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = group_meets_then(db, a, actor->centre_id, group_id, &t, 0, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = clashes_check(db, a, actor, group_id, &t, in, clashes, out);
	if (rc != SC_OK || out->refusal != DONE)
		return app_end(db, rc, out);
	rc = store_sessions_add(db, actor->centre_id, group_id, &t, 1, true, &id);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "session.create", "session", id);
	out->id = id;
	return app_end(db, rc, out);
}

/* Why session s may not be moved or cancelled (REFUSED_STATE): it is
 * cancelled, or has a saved mark (kept: a row of its register, a paused
 * participant's too, which s->marks leaves out). */
static int
session_fixed(const struct group_session *s, bool kept, struct outcome *out)
{
	if (s->status == SESSION_CANCELLED)
		return app_refuse(out, REFUSED_STATE, N_("The session is cancelled."));
	if (s->marks > 0 || kept)
		return app_refuse(out, REFUSED_STATE, N_("The session has marks: it is neither moved nor cancelled."));
	return SC_OK;
}

/* The session and its group, if the actor keeps it and it may change. */
static int
changeable(struct db *db, struct arena *a, const struct actor *actor, int64_t session_id, struct group_session *s,
	   struct group *g, struct outcome *out)
{
	int rc = store_session_get(db, a, actor->centre_id, session_id, s);
	if (rc == SC_ENOTFOUND) {
		app_audit_denied(db, actor, "session", session_id);
		return app_refuse(out, REFUSED_NOT_FOUND, N_("There is no such session among your groups."));
	}
	if (rc == SC_OK)
		rc = kept_group(db, a, actor, s->group_id, g, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	bool kept = false;
	rc = store_session_has_register(db, actor->centre_id, session_id, &kept);
	if (rc != SC_OK)
		return rc;
	return session_fixed(s, kept, out);
}

static const char *const stale_move =
	N_("Someone else changed this session after you opened it. Check the session and move it again.");
static const char *const stale_cancel =
	N_("Someone else changed this session after you opened it. Check the session before you cancel it.");

/* The session as it is now, inside the open transaction: refused as
 * changeable() refuses, or REFUSED_STALE (stale, a msgid; out->version
 * the session's now) when it is not at version. */
static int
session_at(struct db *db, struct arena *a, const struct actor *actor, int64_t session_id, int64_t version,
	   const char *stale, struct outcome *out)
{
	struct group_session now;
	bool kept = false;
	int rc = store_session_get(db, a, actor->centre_id, session_id, &now);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, N_("There is no such session among your groups."));
	if (rc == SC_OK)
		rc = store_session_has_register(db, actor->centre_id, session_id, &kept);
	if (rc == SC_OK)
		rc = session_fixed(&now, kept, out);
	if (rc == SC_OK && out->refusal == DONE && now.version != version) {
		out->version = now.version;
		return app_refuse(out, REFUSED_STALE, stale);
	}
	return rc;
}

void
activity_version_check(int64_t version, struct outcome *out)
{
	if (version <= 0)
		field_error_add(&out->errors, "version", N_("Must be the version you read, a whole number."));
}

int
app_session_move(struct db *db, struct arena *a, const struct actor *actor, int64_t session_id, int64_t version,
		 const struct session_input *in, struct session_clashes *clashes, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	memset(clashes, 0, sizeof *clashes);
	struct group_session s;
	struct group g;
	int rc = changeable(db, a, actor, session_id, &s, &g, out);
	struct session_time t;
	if (rc == SC_OK && out->refusal == DONE) {
		activity_version_check(version, out);
		rc = session_times(db, a, actor, &g, in, &t, out);   /* refuses the version's error too */
	}
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = session_at(db, a, actor, session_id, version, stale_move, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = group_meets_then(db, a, actor->centre_id, s.group_id, &t, session_id, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = clashes_check(db, a, actor, s.group_id, &t, in, clashes, out);
	if (rc != SC_OK || out->refusal != DONE)
		return app_end(db, rc, out);
	rc = store_session_move(db, actor->centre_id, session_id, version, &t);
	if (rc == SC_ECONFLICT)
		rc = app_refuse(out, REFUSED_STALE, stale_move);
	if (rc == SC_OK && out->refusal == DONE) {
		out->version = version + 1;
		rc = app_audit(db, actor, "session.move", "session", session_id);
	}
	out->id = session_id;
	return app_end(db, rc, out);
}

int
app_session_cancel(struct db *db, struct arena *a, const struct actor *actor, int64_t session_id, int64_t version,
		   const struct session_cancel *in, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	struct group_session s;
	struct group g;
	int rc = changeable(db, a, actor, session_id, &s, &g, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(session_cancel_fields, in, &out->errors);
	activity_version_check(version, out);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = session_at(db, a, actor, session_id, version, stale_cancel, out);
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_session_cancel(db, actor->centre_id, session_id, version, in->reason);
		if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STALE, stale_cancel);
	}
	if (rc == SC_OK && out->refusal == DONE) {
		out->version = version + 1;
		rc = app_audit(db, actor, "session.cancel", "session", session_id);
	}
	out->id = session_id;
	return app_end(db, rc, out);
}
