/*
 * activities_parts.c — what the activities area's page files share
 * (activities_parts.h): a time and a date as shown, a group's activity,
 * the keys, words and JSON of a mark, the Monday of a week, the answer to
 * a session changed. It calls none
 * of those files, so each of them stands on it alone.
 */
#include "activities_parts.h"
#include "case.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

const char *
activity_hhmm(struct req *r, int minutes)
{
	char t[6];
	timetable_format_time(minutes, t);
	return arena_strdup(r->a, t);
}

const char *
activity_date_text(struct req *r, struct date d)
{
	if (d.y == 0)
		return "";
	return case_date_text(r, d);
}

/* The label of a group's activity (a built-in's name is a msgid). */
const char *
activity_label(struct req *r, const struct group *g)
{
	if (g->activity_key != NULL && g->activity_key[0] != '\0')
		return T(r, g->activity_name);
	return g->activity_name != NULL ? g->activity_name : "";
}

const char *
attendance_mark_key(const struct mark *m)
{
	return m->kind >= 0 && m->kind < MARK_KIND_COUNT ? mark_kind_options[m->kind].key : "";
}

const char *
attendance_absence_key(const struct mark *m)
{
	return m->type >= 0 && m->type < ABSENCE_TYPE_COUNT ? absence_type_options[m->type].key : "";
}

/* The words of a mark: "Present", "Late (10 min)", "Absent: unexcused". */
const char *
attendance_mark_words(struct req *r, const struct mark *m)
{
	if (m->kind == MARK_NONE)
		return T(r, "Not marked");
	const char *k = T(r, mark_kind_options[m->kind].label);
	if (m->kind == MARK_LATE && m->early > 0)
		return arena_printf(r->a, "%s (%d %s), %s (%d %s)", k, m->minutes, T(r, "min"),
				    T(r, "left early"), m->early, T(r, "min"));
	if (m->kind == MARK_LATE || m->kind == MARK_LEFT_EARLY)
		return arena_printf(r->a, "%s (%d %s)", k, m->minutes, T(r, "min"));
	if (m->kind == MARK_ABSENT && m->type >= 0)
		return arena_printf(r->a, "%s: %s", k, T(r, absence_type_options[m->type].label));
	return k;
}

json_t *
attendance_mark_json(const struct mark *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "mark", m->kind == MARK_NONE ? json_null() : json_string(attendance_mark_key(m)));
	json_object_set_new(o, "minutes", m->kind == MARK_LATE || m->kind == MARK_LEFT_EARLY ? json_integer(m->minutes)
											 : json_null());
	json_object_set_new(o, "left_early_minutes",
			    m->kind == MARK_LATE && m->early > 0 ? json_integer(m->early) : json_null());
	json_object_set_new(o, "absence", m->type == ABSENCE_NONE ? json_null() : json_string(attendance_absence_key(m)));
	json_object_set_new(o, "reason", json_string(m->reason != NULL ? m->reason : ""));
	return o;
}

json_t *
group_enrolment_json(const struct group_enrolment *en, struct date today)
{
	json_t *j = record_json(group_enrolment_fields, en, PARTS_ALL);
	json_object_set_new(j, "status", json_string(group_enrolment_status_key(en, today)));
	return j;
}

const char *
attendance_rate_text(struct req *r, const struct attendance_summary *s)
{
	int rate = s != NULL ? attendance_rate_permille(s) : -1;
	if (rate < 0)
		return "\xE2\x80\x94";
	return arena_printf(r->a, "%d%c%d %%", rate / 10, page_decimal_mark(r), rate % 10);
}

/* The Monday of the week of d. */
struct date
monday_of(struct date d)
{
	return date_add_days(d, -(date_weekday(d) - 1));
}

int
session_done(struct req *r, const struct actor *actor, int64_t id, int status)
{
	struct group_session s;
	int rc = store_session_get(req_db(r), r->a, actor->centre_id, id, &s);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, status, record_json(group_session_fields, &s, PARTS_ALL),
			   arena_printf(r->a, "/groups/%lld#session-%lld", (long long)s.group_id, (long long)s.id),
			   "saved");
}

int
session_clashes_refused(struct req *r, const struct session_clashes *sc, struct form_errors *e)
{
	const char *names = "";
	json_t *list = r->wants_json ? json_array() : NULL;
	for (size_t i = 0; i < sc->n && names != NULL; i++) {
		const struct session_clash *x = &sc->items[i];
		const char *who = case_name(r, x->given_name, x->family_name);
		bool group = x->c.group != NULL;
		const char *start = activity_hhmm(r, x->c.at.start), *end = activity_hhmm(r, x->c.at.end);
		const char *one = arena_printf(r->a, group ? T(r, "%s (another of their groups, %s\xE2\x80\x93%s)")
							   : T(r, "%s (their work placement, %s\xE2\x80\x93%s)"),
					       who, start, end);
		names = one == NULL ? NULL : arena_printf(r->a, "%s%s%s", names, i > 0 ? "; " : "", one);
		char day[11];
		date_format(x->c.at.date, day);
		if (list != NULL)
			json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "participant_id",
							      (json_int_t)x->participant_id, "name", who, "with",
							      group ? "group" : "placement", "date",
							      day, "start", start, "end", end));
	}
	const char *msg = names == NULL ? NULL
					: arena_printf(r->a, T(r, "The new time clashes for %s. To save it anyway, tick the box: they will miss this session."),
						       names);
	if (msg == NULL) {
		json_decref(list);
		return SC_ENOMEM;
	}
	if (e->n < FORM_MAX_ERRORS) {
		e->field[e->n] = "anyway";
		e->message[e->n] = msg;
		e->n++;
	}
	r->status = 409;
	if (list == NULL)
		return SC_OK;
	json_t *f = json_object();
	json_object_set_new(f, "anyway", json_string(msg));
	json_t *err = json_pack("{s:s,s:s,s:o,s:o}", "code", "clash", "message", msg, "fields", f, "clashes", list);
	return api_send(r, 409, json_pack("{s:o}", "error", err));
}
