/*
 * activities.c — groups and their sessions, enrolment in groups, the
 * attendance register of a session, the teacher's registers page and a
 * participant's timetable and monthly attendance, each page with its
 * /api/v1/ twin (decision 35). Records are declared in domain/activity.h
 * and domain/attendance.h, kept by store_activity.c and
 * store_attendance.c, and read and written through app/activity.c, which
 * decides who may and audits.
 *
 * The register is one form: a row per participant enrolled on the
 * session's date with the mark, the minutes late or left early, the
 * absence's type and a reason; "Save, the rest present" marks every row
 * left unmarked present. Saving it is one request and one transaction.
 */
#include "activities.h"
#include "case.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/activity.h"
#include "app/levels.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---- */

static const char *
hhmm(struct req *r, int minutes)
{
	char t[6];
	timetable_format_time(minutes, t);
	return arena_strdup(r->a, t);
}

static const char *
date_text(struct req *r, struct date d)
{
	if (d.y == 0)
		return "";
	return case_date_text(r, d);
}

static void
th(struct req *r, const char *msgid)
{
	html_lit(&r->out, "<th scope=\"col\">");
	html_text(&r->out, T(r, msgid));
	html_lit(&r->out, "</th>");
}

static void
td_text(struct req *r, const char *s)
{
	html_lit(&r->out, "<td>");
	html_text(&r->out, s);
	html_lit(&r->out, "</td>");
}

static void
p_text(struct req *r, const char *msgid)
{
	html_lit(&r->out, "<p>");
	html_text(&r->out, T(r, msgid));
	html_lit(&r->out, "</p>");
}

/* The label of a group's activity (a built-in's name is a msgid). */
static const char *
activity_label(struct req *r, const struct group *g)
{
	if (g->activity_key != NULL && g->activity_key[0] != '\0')
		return T(r, g->activity_name);
	return g->activity_name != NULL ? g->activity_name : "";
}

static const char *
mark_key(const struct mark *m)
{
	return m->kind >= 0 && m->kind < MARK_KIND_COUNT ? mark_kind_options[m->kind].key : "";
}

static const char *
absence_key(const struct mark *m)
{
	return m->type >= 0 && m->type < ABSENCE_TYPE_COUNT ? absence_type_options[m->type].key : "";
}

/* The words of a mark: "Present", "Late (10 min)", "Absent: unexcused". */
static const char *
mark_words(struct req *r, const struct mark *m)
{
	if (m->kind == MARK_NONE)
		return T(r, "Not marked");
	const char *k = T(r, mark_kind_options[m->kind].label);
	if (m->kind == MARK_LATE || m->kind == MARK_LEFT_EARLY)
		return arena_printf(r->a, "%s (%d %s)", k, m->minutes, T(r, "min"));
	if (m->kind == MARK_ABSENT && m->type >= 0)
		return arena_printf(r->a, "%s: %s", k, T(r, absence_type_options[m->type].label));
	return k;
}

static json_t *
mark_json(const struct mark *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "mark", m->kind == MARK_NONE ? json_null() : json_string(mark_key(m)));
	json_object_set_new(o, "minutes", m->kind == MARK_LATE || m->kind == MARK_LEFT_EARLY ? json_integer(m->minutes)
											 : json_null());
	json_object_set_new(o, "absence", m->type == ABSENCE_NONE ? json_null() : json_string(absence_key(m)));
	json_object_set_new(o, "reason", json_string(m->reason != NULL ? m->reason : ""));
	return o;
}

/* ---- the list of groups, and a new group ---- */

/* The fields of a group a form writes itself (not the lists). */
static struct fields
group_form_fields(struct req *r)
{
	struct field *f = arena_alloc(r->a, group_fields.n * sizeof *f);
	size_t n = 0;
	for (size_t i = 0; f != NULL && i < group_fields.n; i++)
		if (group_fields.f[i].type != FT_LIST)
			f[n++] = group_fields.f[i];
	return (struct fields){f, n};
}

#define FORM_SLOTS 7

/* The participant's enrol form lists the open groups up to this many, and
 * asks for a group's number beyond. */
#define ENROL_CHOICES_MAX 200

/* The teachers of a group as checkboxes: those posted, or shown's. */
static void
teachers_fieldset(struct req *r, const struct teacher_choice *teachers, size_t nteachers, bool posted,
		  const struct group *shown, const struct form_errors *e)
{
	struct buf *o = &r->out;
	const char *terr = form_error_for(e, "teachers");
	html_lit(o, "<fieldset id=\"teachers\"><legend>");
	html_text(o, T(r, "Teachers"));
	html_lit(o, "</legend>");
	if (terr != NULL)
		form_field_error(o, terr, "teachers");
	const struct group_teacher *ts = shown->teachers.items;
	for (size_t i = 0; i < nteachers; i++) {
		const char *id = case_id(r, teachers[i].id);
		bool checked = false;
		if (posted)
			for (size_t k = 0; k < kv_count(&r->form, "teachers"); k++)
				checked |= strcmp(kv_get_nth(&r->form, "teachers", k), id) == 0;
		else
			for (size_t k = 0; k < shown->teachers.n; k++)
				checked |= ts[k].user_id == teachers[i].id;
		html_lit(o, "<div class=\"check\"><input type=\"checkbox\" name=\"teachers\" id=\"teacher-");
		html_text(o, id);
		html_lit(o, "\" value=\"");
		html_text(o, id);
		html_lit(o, "\"");
		if (checked)
			html_lit(o, " checked");
		html_lit(o, "><label for=\"teacher-");
		html_text(o, id);
		html_lit(o, "\">");
		html_text(o, teachers[i].name);
		html_lit(o, "</label></div>");
	}
	html_lit(o, "</fieldset>");
}

/* The group form: the fields, the teachers (checkboxes) and up to four
 * slots of the timetable. */
static int
group_form(struct req *r, const struct actor *actor, const struct group *shown, bool posted,
	   const struct form_errors *e)
{
	struct db *db = req_db(r);
	struct activity_type *types = NULL;
	size_t ntypes = 0;
	struct teacher_choice *teachers = NULL;
	size_t nteachers = 0;
	int rc = app_activity_types(db, r->a, actor, &types, &ntypes);
	if (rc == SC_OK)
		rc = app_teacher_choices(db, r->a, actor, &teachers, &nteachers);
	if (rc != SC_OK)
		return rc;
	const char **keys = arena_alloc(r->a, sizeof *keys * (ntypes + 1));
	const char **labels = arena_alloc(r->a, sizeof *labels * (ntypes + 1));
	if (keys == NULL || labels == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < ntypes; i++) {
		bool tr = false;
		const char *l = activity_type_label(types[i].key, types[i].name, &tr);
		keys[i] = case_id(r, types[i].id);
		labels[i] = tr ? T(r, l) : l;
	}
	const struct field_ui ui[] = {
		{.key = "activity_type_id", .choice_keys = keys, .choice_labels = labels, .nchoices = ntypes},
		{.key = "capacity", .control = "number"},
		{0},
	};
	struct buf *o = &r->out;
	html_lit(o, "<h2 id=\"new-group\">");
	html_text(o, T(r, "New group"));
	html_lit(o, "</h2>");
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/groups\" id=\"group-form\" novalidate>");
	form_csrf(r);
	form_fields(r, group_form_fields(r), shown, posted, ui, e);
	teachers_fieldset(r, teachers, nteachers, posted, shown, e);
	/* the weekly timetable */
	html_lit(o, "<fieldset id=\"slots\"><legend>");
	html_text(o, T(r, "Weekly timetable"));
	html_lit(o, "</legend>");
	const char *serr = form_error_for(e, "slots");
	if (serr != NULL)
		form_field_error(o, serr, "slots");
	const char *wkeys[8], *wlabels[8];
	for (int d = 0; d < 7; d++) {
		wkeys[d] = weekday_options[d].key;
		wlabels[d] = weekday_options[d].label;
	}
	for (int i = 1; i <= FORM_SLOTS; i++) {
		const char *wd = arena_printf(r->a, "slot%d_weekday", i);
		const char *st = arena_printf(r->a, "slot%d_start", i);
		const char *en = arena_printf(r->a, "slot%d_end", i);
		const char *err = form_error_for(e, arena_printf(r->a, "slots.%d", i));
		html_lit(o, "<div class=\"slot\" role=\"group\" aria-label=\"");
		html_text(o, arena_printf(r->a, "%s %d", T(r, "Slot"), i));
		html_lit(o, "\">");
		if (err != NULL)
			form_field_error(o, err, arena_printf(r->a, "slot%d", i));
		const char *sel = posted ? req_field(r, wd) : "";
		form_select(r, NULL, wd, wd, arena_printf(r->a, "%s %d: %s", T(r, "Slot"), i, T(r, "Weekday")), wkeys,
			    wlabels, 7, sel, N_("No slot"));
		form_input(r, NULL, st, arena_printf(r->a, "%s %d: %s", T(r, "Slot"), i, T(r, "Starts")), "time",
			   posted ? req_field(r, st) : "", NULL, false);
		form_input(r, NULL, en, arena_printf(r->a, "%s %d: %s", T(r, "Slot"), i, T(r, "Ends")), "time",
			   posted ? req_field(r, en) : "", NULL, false);
		html_lit(o, "</div>");
	}
	html_lit(o, "</fieldset><button type=\"submit\">");
	html_text(o, T(r, "Create group"));
	html_lit(o, "</button></form>");
	return SC_OK;
}

static int
groups_page(struct req *r, const struct actor *actor, const struct group *items, size_t n,
	    const struct group *shown, bool posted, const struct form_errors *e)
{
	page_begin(r, T(r, "Groups"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Groups"));
	html_lit(o, "</h1><p><a href=\"/registers\">");
	html_text(o, T(r, "Registers"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/closures\">");
	html_text(o, T(r, "Closures"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/activity-types\">");
	html_text(o, T(r, "Activities"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/self-certification\">");
	html_text(o, T(r, "Self-certification rule"));
	html_lit(o, "</a></p>");
	if (n == 0) {
		p_text(r, N_("No groups yet."));
	} else {
		html_lit(o, "<table id=\"group-list\"><thead><tr>");
		th(r, N_("Number"));
		th(r, N_("Group"));
		th(r, N_("Activity"));
		th(r, N_("Level"));
		th(r, N_("Period"));
		th(r, N_("Places"));
		th(r, N_("Waiting"));
		html_lit(o, "</tr></thead><tbody>");
		const struct field *level = fields_find(group_fields, "level");
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr><td>");
			html_int(o, items[i].id);
			html_lit(o, "</td><td><a href=\"/groups/");
			html_int(o, items[i].id);
			html_lit(o, "\">");
			html_text(o, items[i].name);
			html_lit(o, "</a></td>");
			td_text(r, activity_label(r, &items[i]));
			td_text(r, field_shown(r, level, &items[i]));
			td_text(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", date_text(r, items[i].starts_on),
						date_text(r, items[i].ends_on)));
			td_text(r, arena_printf(r->a, "%lld / %lld", (long long)items[i].enrolled,
						(long long)items[i].capacity));
			html_lit(o, "<td>");
			html_int(o, items[i].waiting);
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (access_scope(actor->roles, RES_ACTIVITIES, ACT_WRITE) == SCOPE_ALL) {
		int rc = group_form(r, actor, shown, posted, e);
		if (rc != SC_OK)
			return rc;
	}
	return page_end(r);
}

/* GET /groups and /api/v1/groups. */
static int
h_groups(struct req *r)
{
	struct actor actor = req_actor(r);
	struct group *items = NULL;
	size_t n = 0;
	int rc = app_groups(req_db(r), r->a, &actor, &items, &n);
	if (rc != SC_OK)
		return rc;
	if (r->wants_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, record_json(group_fields, &items[i], PARTS_ALL));
		return api_send(r, 200, json_pack("{s:o}", "items", arr));
	}
	struct group blank;
	fields_clear(group_fields, &blank);
	return groups_page(r, &actor, items, n, &blank, false, NULL);
}

/* Reads the teachers and slots of the group form (not JSON). */
static void
read_group_lists(struct req *r, struct group *g, struct form_errors *e)
{
	size_t nt = kv_count(&r->form, "teachers");
	struct group_teacher *t = arena_alloc(r->a, (nt + 1) * sizeof *t);
	size_t k = 0;
	for (size_t i = 0; t != NULL && i < nt; i++) {
		int64_t id = 0;
		if (parse_int64(kv_get_nth(&r->form, "teachers", i), 1, INT64_MAX, &id) == SC_OK)
			t[k++].user_id = id;
	}
	g->teachers = (struct field_list){.n = k, .items = t};
	struct group_slot *s = arena_alloc(r->a, FORM_SLOTS * sizeof *s);
	size_t ns = 0;
	for (int i = 1; s != NULL && i <= FORM_SLOTS; i++) {
		const char *wd = req_field(r, arena_printf(r->a, "slot%d_weekday", i));
		if (wd[0] == '\0')
			continue;
		int d = -1;
		for (int w = 0; w < 7; w++)
			if (strcmp(weekday_options[w].key, wd) == 0)
				d = w;
		if (d < 0) {
			form_error(r, e, arena_printf(r->a, "slots.%d", i), N_("Choose from the list."));
			continue;
		}
		s[ns++] = (struct group_slot){.weekday = d,
					      .start = req_field(r, arena_printf(r->a, "slot%d_start", i)),
					      .end = req_field(r, arena_printf(r->a, "slot%d_end", i))};
	}
	g->slots = (struct field_list){.n = ns, .items = s};
}

/* POST /groups and /api/v1/groups. */
static int
h_group_create(struct req *r)
{
	struct actor actor = req_actor(r);
	if (access_scope(actor.roles, RES_ACTIVITIES, ACT_WRITE) != SCOPE_ALL)
		return req_error(r, 403, NULL);
	struct group in;
	fields_clear(group_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	struct outcome out = {0};
	bool json = r->json != NULL || r->wants_json;
	if (!input_read(r, json ? group_fields : group_form_fields(r), &in, NULL, &e, &rc))
		return rc;
	if (!json)
		read_group_lists(r, &in, &e);
	if (e.n == 0) {
		rc = app_group_create(req_db(r), r->a, &actor, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		if (!e.mistyped) {
			struct slot slots[TIMETABLE_MAX_SLOTS];
			size_t nslots = 0;
			rc = app_group_check(req_db(r), r->a, &actor, &in, slots, &nslots, &out.errors);
			if (rc != SC_OK)
				return rc;
		}
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, group_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		struct group *items = NULL;
		size_t n = 0;
		rc = app_groups(req_db(r), r->a, &actor, &items, &n);
		if (rc != SC_OK)
			return rc;
		return groups_page(r, &actor, items, n, &in, true, &e);
	}
	struct group g;
	rc = store_group_get(req_db(r), r->a, actor.centre_id, out.id, actor.today, &g);
	if (rc != SC_OK)
		return rc;
	json_t *j = record_json(group_fields, &g, PARTS_ALL);
	json_object_set_new(j, "sessions_made", json_integer(out.version));
	return answer_done(r, 201, j, arena_printf(r->a, "/groups/%lld", (long long)out.id), "group-created");
}

/* ---- a group edited ---- */

/* The keys of a group a leader changes after it was made. */
static const char *const group_edit_keys[] = {"name", "room", "capacity", "ends_on", "language", "level", "teachers"};

/* The fields of a group's edit (lists: with the teachers list, for JSON). */
static struct fields
group_edit_fields(struct req *r, bool lists)
{
	size_t nk = sizeof group_edit_keys / sizeof group_edit_keys[0];
	struct field *f = arena_alloc(r->a, nk * sizeof *f);
	size_t n = 0;
	for (size_t i = 0; f != NULL && i < group_fields.n; i++)
		for (size_t k = 0; k < nk; k++)
			if (strcmp(group_fields.f[i].key, group_edit_keys[k]) == 0 &&
			    (lists || group_fields.f[i].type != FT_LIST))
				f[n++] = group_fields.f[i];
	return (struct fields){f, n};
}

/* The edit page of a group at version (stale: the message of a refused
 * save, the values shown being the ones typed). */
static int
group_edit_page(struct req *r, const struct actor *actor, const struct group *shown, bool posted,
		const struct form_errors *e, int64_t version, const char *stale)
{
	struct teacher_choice *teachers = NULL;
	size_t nteachers = 0;
	int rc = app_teacher_choices(req_db(r), r->a, actor, &teachers, &nteachers);
	if (rc != SC_OK)
		return rc;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Edit the group"), shown->name));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Edit the group"));
	html_lit(o, "</h1><p><a href=\"/groups/");
	html_int(o, shown->id);
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the group"));
	html_lit(o, "</a></p>");
	if (stale != NULL) {
		html_lit(o, "<p class=\"notice\" role=\"alert\">");
		html_text(o, stale);
		html_lit(o, "</p>");
	}
	p_text(r, N_("The activity, the start and the weekly timetable stay as they are. A later end adds sessions from the timetable; an earlier one removes the sessions after it."));
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/groups/");
	html_int(o, shown->id);
	html_lit(o, "\" id=\"group-edit-form\" novalidate>");
	form_csrf(r);
	html_lit(o, "<input type=\"hidden\" name=\"version\" value=\"");
	html_int(o, version);
	html_lit(o, "\">");
	const struct field_ui ui[] = {{.key = "capacity", .control = "number"}, {0}};
	form_fields(r, group_edit_fields(r, false), shown, posted, ui, e);
	teachers_fieldset(r, teachers, nteachers, posted, shown, e);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Save changes"));
	html_lit(o, "</button></form>");
	return page_end(r);
}

/* GET /groups/:id/edit: the edit form at the version read (leaders). */
static int
h_group_edit(struct req *r)
{
	struct actor actor = req_actor(r);
	if (access_scope(actor.roles, RES_ACTIVITIES, ACT_WRITE) != SCOPE_ALL)
		return req_error(r, 403, NULL);
	struct group_view v;
	struct outcome out;
	int rc = app_group(req_db(r), r->a, &actor, req_param_id(r, 0), &v, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	return group_edit_page(r, &actor, &v.g, false, NULL, v.g.version, NULL);
}

/* POST /groups/:id and /api/v1/groups/:id: a version-checked save of the
 * group's name, room, capacity, teachers, end, language and level (JSON:
 * only the members sent change; "version" the one read). */
static int
h_group_update(struct req *r)
{
	struct actor actor = req_actor(r);
	if (access_scope(actor.roles, RES_ACTIVITIES, ACT_WRITE) != SCOPE_ALL)
		return req_error(r, 403, NULL);
	int64_t id = req_param_id(r, 0);
	struct group_view v;
	struct outcome out;
	int rc = app_group(req_db(r), r->a, &actor, id, &v, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	struct group in = v.g;
	bool json = r->json != NULL || r->wants_json;
	static const char *const extra[] = {"version", NULL};
	struct form_errors e = {0};
	if (!input_read_update(r, group_edit_fields(r, json), &in, extra, &e, &rc))
		return rc;
	if (!json) {
		struct group lists = in;
		read_group_lists(r, &lists, &e);
		in.teachers = lists.teachers;
	}
	int64_t version = 0;
	if (json) {
		json_t *jv = json_object_get(r->json, "version");
		if (jv != NULL && (!json_is_integer(jv) || json_integer_value(jv) < 1))
			form_error(r, &e, "version", N_("The version is a whole number from 1."));
		else if (jv != NULL)
			version = (int64_t)json_integer_value(jv);
	} else if (parse_int64(req_field(r, "version"), 1, INT64_MAX, &version) != SC_OK) {
		return req_error(r, 400, T(r, "The form has no version: open the page again."));
	}
	memset(&out, 0, sizeof out);
	if (e.n == 0) {
		rc = app_group_update(req_db(r), r->a, &actor, id, version, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, group_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		if (out.refusal == REFUSED_STALE)
			return group_edit_page(r, &actor, &in, true, &e, out.version, outcome_message(r, &out));
		return group_edit_page(r, &actor, &in, true, &e, version, NULL);
	}
	struct group g;
	rc = store_group_get(req_db(r), r->a, actor.centre_id, id, actor.today, &g);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, 200, record_json(group_fields, &g, PARTS_ALL), arena_printf(r->a, "/groups/%lld", (long long)id),
			   "saved");
}

/* The catalogue's page: every type the centre offers, and for leaders the
 * form that adds one of its own. */
static int
activity_types_page(struct req *r, const struct actor *actor, const struct activity_type *types, size_t n,
		    const struct activity_type *shown, const struct form_errors *e)
{
	page_begin(r, T(r, "Activities"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Activities"));
	html_lit(o, "</h1><p><a href=\"/groups\">");
	html_text(o, T(r, "Groups"));
	html_lit(o, "</a></p><table id=\"activity-types\"><thead><tr>");
	th(r, N_("Name"));
	th(r, N_("Kind"));
	th(r, N_("Description"));
	th(r, N_("Health staff only"));
	html_lit(o, "</tr></thead><tbody>");
	const struct field *kind = fields_find(activity_type_fields, "kind");
	for (size_t i = 0; i < n; i++) {
		bool tr = false;
		const char *l = activity_type_label(types[i].key, types[i].name, &tr);
		const struct activity_builtin *b = activity_builtin_of(types[i].key);
		html_lit(o, "<tr><th scope=\"row\">");
		html_text(o, tr ? T(r, l) : l);
		html_lit(o, "</th>");
		td_text(r, field_shown(r, kind, &types[i]));
		td_text(r, b != NULL ? T(r, b->description) : (types[i].description ? types[i].description : ""));
		td_text(r, T(r, types[i].health_only == 1 ? "Yes" : "No"));
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table>");
	if (access_scope(actor->roles, RES_ACTIVITIES, ACT_WRITE) == SCOPE_ALL) {
		html_lit(o, "<h2 id=\"new-activity\">");
		html_text(o, T(r, "New activity"));
		html_lit(o, "</h2>");
		p_text(r, N_("An activity of the centre's own, beside the programme's eight: only this centre offers it."));
		form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/activity-types\" id=\"activity-type-form\" novalidate>");
		form_csrf(r);
		const struct field_ui ui[] = {{.key = "health_only", .control = "checkbox"}, {0}};
		form_fields(r, activity_type_fields, shown, e != NULL, ui, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Add the activity"));
		html_lit(o, "</button></form>");
	}
	return page_end(r);
}

/* GET /activity-types and /api/v1/activity-types: the catalogue (the
 * group form's choices). */
static int
h_activity_types(struct req *r)
{
	struct actor actor = req_actor(r);
	struct activity_type *types = NULL;
	size_t n = 0;
	int rc = app_activity_types(req_db(r), r->a, &actor, &types, &n);
	if (rc != SC_OK)
		return rc;
	if (!r->wants_json) {
		struct activity_type blank;
		fields_clear(activity_type_fields, &blank);
		return activity_types_page(r, &actor, types, n, &blank, NULL);
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		bool tr = false;
		const char *l = activity_type_label(types[i].key, types[i].name, &tr);
		json_t *j = record_json(activity_type_fields, &types[i], PARTS_ALL);
		json_object_set_new(j, "label", json_string(tr ? T(r, l) : l));
		json_array_append_new(arr, j);
	}
	return api_send(r, 200, json_pack("{s:o}", "items", arr));
}

/* POST /activity-types and its API twin: a leader adds a type of the
 * centre's own. */
static int
h_activity_type_add(struct req *r)
{
	struct actor actor = req_actor(r);
	if (access_scope(actor.roles, RES_ACTIVITIES, ACT_WRITE) != SCOPE_ALL)
		return req_error(r, 403, NULL);
	struct activity_type in;
	fields_clear(activity_type_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, activity_type_fields, &in, NULL, &e, &rc))
		return rc;
	if (!(r->json != NULL || r->wants_json))
		in.health_only = strcmp(req_field(r, "health_only"), "yes") == 0 ? 1 : 0;
	if (in.health_only < 0)
		in.health_only = 0;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_activity_type_add(req_db(r), r->a, &actor, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, activity_type_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		struct activity_type *types = NULL;
		size_t n = 0;
		rc = app_activity_types(req_db(r), r->a, &actor, &types, &n);
		if (rc != SC_OK)
			return rc;
		return activity_types_page(r, &actor, types, n, &in, &e);
	}
	struct activity_type t;
	rc = store_activity_type_get(req_db(r), r->a, actor.centre_id, out.id, &t);
	if (rc != SC_OK)
		return rc;
	json_t *j = record_json(activity_type_fields, &t, PARTS_ALL);
	json_object_set_new(j, "label", json_string(t.name));
	return answer_done(r, 201, j, "/activity-types", "saved");
}

/* ---- a group's page ---- */

static void
enrol_form(struct req *r, int64_t group_id, const struct form_errors *e)
{
	struct buf *o = &r->out;
	html_lit(o, "<h2 id=\"enrol\">");
	html_text(o, T(r, "Enrol a participant"));
	html_lit(o, "</h2>");
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/groups/");
	html_int(o, group_id);
	html_lit(o, "/enrolments\" id=\"enrol-form\" novalidate>");
	form_csrf(r);
	bool posted = e != NULL;
	form_input(r, e, "participant_id", T(r, "Participant number"), "number",
		   posted ? req_field(r, "participant_id") : "", NULL, true);
	form_input(r, e, "starts_on", T(r, "From"), "date", posted ? req_field(r, "starts_on") : "", NULL, false);
	form_input(r, e, "ends_on", T(r, "To"), "date", posted ? req_field(r, "ends_on") : "", NULL, false);
	form_checkbox(r, e, "waitlist", T(r, "On the waiting list if the group is full"),
		      posted && strcmp(req_field(r, "waitlist"), "yes") == 0);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Enrol in the group"));
	html_lit(o, "</button></form>");
}

static const char *
session_status_words(struct req *r, const struct group_session *s)
{
	if (s->status == SESSION_CANCELLED)
		return arena_printf(r->a, "%s: %s", T(r, "Cancelled"), s->cancel_reason ? s->cancel_reason : "");
	if (s->expected == 0)
		return T(r, "No one enrolled");
	if (s->marks >= s->expected)
		return T(r, "Marked");
	if (s->marks > 0)
		return arena_printf(r->a, "%s (%lld / %lld)", T(r, "Partly marked"), (long long)s->marks,
				    (long long)s->expected);
	return T(r, "Not marked");
}

static void
sessions_table(struct req *r, const struct group_session *s, size_t n, bool links, bool with_group)
{
	struct buf *o = &r->out;
	html_lit(o, "<table class=\"sessions\"><thead><tr>");
	th(r, N_("Date"));
	th(r, N_("Time"));
	if (with_group)
		th(r, N_("Group"));
	th(r, N_("Register"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr id=\"session-");
		html_int(o, s[i].id);
		html_lit(o, "\">");
		td_text(r, date_text(r, s[i].on_date));
		td_text(r, arena_printf(r->a, "%s\xE2\x80\x93%s", hhmm(r, s[i].start_min), hhmm(r, s[i].end_min)));
		if (with_group)
			td_text(r, s[i].group_name ? s[i].group_name : "");
		html_lit(o, "<td>");
		if (links && s[i].status == SESSION_PLANNED) {
			html_lit(o, "<a href=\"/sessions/");
			html_int(o, s[i].id);
			html_lit(o, "/register\">");
			html_text(o, session_status_words(r, &s[i]));
			html_lit(o, "</a>");
		} else {
			html_text(o, session_status_words(r, &s[i]));
		}
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

static int
group_page(struct req *r, const struct actor *actor, const struct group_view *v, const struct form_errors *e)
{
	const struct group *g = &v->g;
	page_begin(r, g->name);
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, g->name);
	html_lit(o, "</h1><dl class=\"record\">");
	const char *rows[][2] = {
		{N_("Activity"), activity_label(r, g)},
		{N_("Level"), field_shown(r, fields_find(group_fields, "level"), g)},
		{N_("Room"), g->room},
		{N_("Language of instruction"), g->language},
		{N_("Period"), arena_printf(r->a, "%s \xE2\x80\x93 %s", date_text(r, g->starts_on), date_text(r, g->ends_on))},
		{N_("Places"), arena_printf(r->a, "%lld / %lld", (long long)g->enrolled, (long long)g->capacity)},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		html_lit(o, "<dt>");
		html_text(o, T(r, rows[i][0]));
		html_lit(o, "</dt><dd>");
		html_text(o, rows[i][1] ? rows[i][1] : "");
		html_lit(o, "</dd>");
	}
	html_lit(o, "</dl>");
	if (access_scope(actor->roles, RES_ACTIVITIES, ACT_WRITE) == SCOPE_ALL) {
		html_lit(o, "<p class=\"no-print\"><a href=\"/groups/");
		html_int(o, g->id);
		html_lit(o, "/edit\">");
		html_text(o, T(r, "Edit the group"));
		html_lit(o, "</a></p>");
	}
	html_lit(o, "<h2>");
	html_text(o, T(r, "Weekly timetable"));
	html_lit(o, "</h2><ul id=\"timetable\">");
	const struct group_slot *sl = g->slots.items;
	for (size_t i = 0; i < g->slots.n; i++) {
		html_lit(o, "<li>");
		html_text(o, arena_printf(r->a, "%s %s\xE2\x80\x93%s", T(r, weekday_options[sl[i].weekday].label),
					  sl[i].start, sl[i].end));
		html_lit(o, "</li>");
	}
	html_lit(o, "</ul><h2 id=\"participants\">");
	html_text(o, T(r, "Participants"));
	html_lit(o, "</h2>");
	bool may_enrol = access_allows(actor->roles, RES_ACTIVITIES, ACT_WRITE) &&
			 (actor->roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT))) != 0;
	if (v->nenrolments == 0) {
		p_text(r, N_("No one is enrolled."));
	} else {
		html_lit(o, "<table id=\"enrolments\"><thead><tr>");
		th(r, N_("Name"));
		th(r, N_("Status"));
		th(r, N_("From"));
		th(r, N_("To"));
		th(r, N_("Change"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < v->nenrolments; i++) {
			const struct group_enrolment *en = &v->enrolments[i];
			html_lit(o, "<tr><td><a href=\"/participants/");
			html_int(o, en->participant_id);
			html_lit(o, "\">");
			html_text(o, case_name(r, en->given_name, en->family_name));
			html_lit(o, "</a></td>");
			html_lit(o, "<td>");
			html_text(o, T(r, group_enrolment_status_options[en->status].label));
			if (en->status == ENROL_WAITING && may_enrol) {
				html_lit(o, "<form method=\"post\" class=\"inline\" action=\"/groups/");
				html_int(o, g->id);
				html_lit(o, "/enrolments/");
				html_int(o, en->id);
				html_lit(o, "/offer\">");
				form_csrf(r);
				html_lit(o, "<button type=\"submit\" class=\"secondary\" aria-label=\"");
				html_text(o, arena_printf(r->a, "%s: %s", T(r, "Offer a place"),
							  case_name(r, en->given_name, en->family_name)));
				html_lit(o, "\">");
				html_text(o, T(r, "Offer a place"));
				html_lit(o, "</button></form>");
			}
			html_lit(o, "</td>");
			td_text(r, date_text(r, en->starts_on));
			if (en->end_reason != NULL && en->end_reason[0] != '\0')
				td_text(r, arena_printf(r->a, "%s (%s)", date_text(r, en->ends_on), en->end_reason));
			else
				td_text(r, date_text(r, en->ends_on));
			html_lit(o, "<td>");
			if (en->status == ENROL_ENROLLED && may_enrol && date_cmp(en->ends_on, actor->today) >= 0) {
				html_lit(o, "<a href=\"/groups/");
				html_int(o, g->id);
				html_lit(o, "/enrolments/");
				html_int(o, en->id);
				html_lit(o, "#end\" aria-label=\"");
				html_text(o, arena_printf(r->a, "%s: %s", T(r, "End the enrolment"),
							  case_name(r, en->given_name, en->family_name)));
				html_lit(o, "\">");
				html_text(o, T(r, "End the enrolment"));
				html_lit(o, "</a>");
			}
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (may_enrol)
		enrol_form(r, g->id, e);
	if (v->teaches) {
		html_lit(o, "<details class=\"no-print\"><summary>");
		html_text(o, T(r, "Add a session"));
		html_lit(o, "</summary><form method=\"post\" id=\"session-form\" action=\"/groups/");
		html_int(o, g->id);
		html_lit(o, "/sessions\" novalidate>");
		form_csrf(r);
		struct session_input blank;
		fields_clear(session_input_fields, &blank);
		form_fields(r, session_input_fields, &blank, false, NULL, NULL);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Add the session"));
		html_lit(o, "</button></form></details>");
		html_lit(o, "<p><a href=\"/groups/");
		html_int(o, g->id);
		html_lit(o, "/progress\">");
		html_text(o, T(r, "Norwegian progress of the group"));
		html_lit(o, "</a></p>");
	}
	html_lit(o, "<h2 id=\"sessions\">");
	html_text(o, T(r, "Sessions"));
	html_lit(o, "</h2>");
	sessions_table(r, v->sessions, v->nsessions, v->teaches, false);
	return page_end(r);
}

static json_t *
group_view_json(const struct group_view *v)
{
	json_t *j = record_json(group_fields, &v->g, PARTS_ALL);
	json_t *s = json_array();
	for (size_t i = 0; i < v->nsessions; i++)
		json_array_append_new(s, record_json(group_session_fields, &v->sessions[i], PARTS_ALL));
	json_t *en = json_array();
	for (size_t i = 0; i < v->nenrolments; i++)
		json_array_append_new(en, record_json(group_enrolment_fields, &v->enrolments[i], PARTS_ALL));
	json_object_set_new(j, "sessions", s);
	json_object_set_new(j, "enrolments", en);
	return j;
}

/* GET /groups/:id and /api/v1/groups/:id. */
static int
h_group(struct req *r)
{
	struct actor actor = req_actor(r);
	struct group_view v;
	struct outcome out;
	int rc = app_group(req_db(r), r->a, &actor, req_param_id(r, 0), &v, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (r->wants_json)
		return api_send(r, 200, group_view_json(&v));
	return group_page(r, &actor, &v, NULL);
}

/* The refusal of an enrolment as form errors: the clash named. */
static void
enrol_errors(struct req *r, struct outcome *out, const struct enrol_clash *c, struct form_errors *e)
{
	if (out->refusal == REFUSED_STATE && c->group != NULL) {
		const char *msg = arena_printf(r->a, T(r, "Clashes with %s on %s at %s\xE2\x80\x93%s."), c->group,
					       date_text(r, c->at.date), hhmm(r, c->at.start), hhmm(r, c->at.end));
		if (e->n < FORM_MAX_ERRORS) {
			e->field[e->n] = "group_id";
			e->message[e->n] = msg;
			e->n++;
		}
		out->message = NULL;
		return;
	}
	outcome_form_errors(r, out, e);
	if ((out->refusal == REFUSED_STATE || out->refusal == REFUSED_FULL || out->refusal == REFUSED_NOT_FOUND) &&
	    out->message != NULL)
		form_error(r, e, "group_id", out->message);
}

/* Answers a refused enrolment (JSON: the error; a page: the form again). */
static int
enrol_refused(struct req *r, struct outcome *out, const struct enrol_clash *c, struct form_errors *e)
{
	enrol_errors(r, out, c, e);
	form_errors_order(e, group_enrolment_fields);
	if (r->wants_json) {
		if (out->refusal == REFUSED_STATE && c->group != NULL) {
			json_t *f = json_object();
			json_object_set_new(f, "group_id", json_string(e->message[0]));
			json_t *clash = json_pack("{s:s,s:s,s:s,s:s}", "group", c->group, "date",
						  date_text(r, c->at.date), "start", hhmm(r, c->at.start), "end",
						  hhmm(r, c->at.end));
			json_t *err = json_pack("{s:s,s:s,s:o,s:o}", "code", "clash", "message", e->message[0], "fields", f,
						"clash", clash);
			return api_send(r, 409, json_pack("{s:o}", "error", err));
		}
		return answer_refused_json(r, out, e);
	}
	r->status = outcome_status(out);
	return SC_OK;
}

/* Answers an enrolment made: 201 with it, or back to the page. */
static int
enrolment_done(struct req *r, const struct actor *actor, int64_t id, const char *location)
{
	struct group_enrolment en;
	int rc = store_group_enrolment_get(req_db(r), r->a, actor->centre_id, id, &en);
	if (rc != SC_OK)
		return rc;
	json_t *j = record_json(group_enrolment_fields, &en, PARTS_ALL);
	return answer_done(r, 201, j, location, en.status == ENROL_WAITING ? "group-waiting" : "group-enrolled");
}

/* POST /groups/:id/enrolments and /api/v1/groups/:id/enrolments. */
static int
h_group_enrol(struct req *r)
{
	struct actor actor = req_actor(r);
	if ((actor.roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT))) == 0)
		return req_error(r, 403, NULL);
	int64_t gid = req_param_id(r, 0);
	/* a group the actor cannot reach is not found, whatever the body holds */
	struct group_view seen;
	struct outcome found;
	int rc = app_group(req_db(r), r->a, &actor, gid, &seen, &found);
	if (rc != SC_OK)
		return rc;
	if (found.refusal != DONE)
		return req_error(r, outcome_status(&found), NULL);
	struct group_enrolment in;
	struct form_errors e = {0};
	if (!input_read(r, group_enrolment_from_group_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	struct enrol_clash c = {0};
	if (e.n == 0) {
		rc = app_group_enrol(req_db(r), r->a, &actor, gid, &in, &c, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal != DONE) {
		rc = enrol_refused(r, &out, &c, &e);
		if (rc != SC_OK || r->wants_json)
			return rc;
		struct group_view v;
		struct outcome shown;
		int status = r->status;
		rc = app_group(req_db(r), r->a, &actor, gid, &v, &shown);
		if (rc != SC_OK)
			return rc;
		if (shown.refusal != DONE)
			return req_error(r, 404, NULL);
		r->status = status;
		return group_page(r, &actor, &v, &e);
	}
	return enrolment_done(r, &actor, out.id, arena_printf(r->a, "/groups/%lld#participants", (long long)gid));
}

/* POST /groups/:id/enrolments/:eid/offer and its API twin: a place for
 * someone on the waiting list. */
static int
h_group_offer(struct req *r)
{
	struct actor actor = req_actor(r);
	if ((actor.roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT))) == 0)
		return req_error(r, 403, NULL);
	int64_t gid = req_param_id(r, 0);
	struct outcome out;
	struct enrol_clash c;
	int rc = app_group_offer(req_db(r), r->a, &actor, gid, req_param_id(r, 1), &c, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		struct form_errors e = {0};
		rc = enrol_refused(r, &out, &c, &e);
		if (rc != SC_OK || r->wants_json)
			return rc;
		int status = r->status;
		struct group_view v;
		struct outcome shown;
		rc = app_group(req_db(r), r->a, &actor, gid, &v, &shown);
		if (rc != SC_OK)
			return rc;
		if (shown.refusal != DONE)
			return req_error(r, 404, NULL);
		r->status = status;
		return group_page(r, &actor, &v, &e);
	}
	struct group_enrolment en;
	rc = store_group_enrolment_get(req_db(r), r->a, actor.centre_id, out.id, &en);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, 200, record_json(group_enrolment_fields, &en, PARTS_ALL),
			   arena_printf(r->a, "/groups/%lld#participants", (long long)gid), "group-enrolled");
}

/* ---- an enrolment ended early ---- */

/* The page of one enrolment in a group, with the form that ends it (shown
 * again with e after a refusal). */
static int
enrolment_page(struct req *r, const struct actor *actor, const struct group *g, const struct group_enrolment *en,
	       const struct enrolment_end *shown, const struct form_errors *e)
{
	const char *name = case_name(r, en->given_name, en->family_name);
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", name, g->name));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, arena_printf(r->a, "%s: %s", g->name, name));
	html_lit(o, "</h1><p><a href=\"/groups/");
	html_int(o, g->id);
	html_lit(o, "#participants\">");
	html_text(o, T(r, "Back to the group"));
	html_lit(o, "</a></p><dl class=\"record\">");
	const char *rows[][2] = {
		{N_("Status"), T(r, group_enrolment_status_options[en->status].label)},
		{N_("From"), date_text(r, en->starts_on)},
		{N_("To"), date_text(r, en->ends_on)},
		{N_("Why it ended"), en->end_reason},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (rows[i][1] == NULL || rows[i][1][0] == '\0')
			continue;
		html_lit(o, "<dt>");
		html_text(o, T(r, rows[i][0]));
		html_lit(o, "</dt><dd>");
		html_text(o, rows[i][1]);
		html_lit(o, "</dd>");
	}
	html_lit(o, "</dl>");
	bool may = en->status == ENROL_ENROLLED && (actor->roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT))) != 0;
	if (may) {
		html_lit(o, "<h2 id=\"end\">");
		html_text(o, T(r, "End the enrolment"));
		html_lit(o, "</h2>");
		p_text(r, N_("The participant leaves the group after the last day: the later sessions leave their timetable and the place is free for the waiting list."));
		if (e != NULL)
			form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/groups/");
		html_int(o, g->id);
		html_lit(o, "/enrolments/");
		html_int(o, en->id);
		html_lit(o, "/end\" id=\"enrolment-end-form\" novalidate>");
		form_csrf(r);
		form_fields(r, enrolment_end_fields, shown, e != NULL, NULL, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "End the enrolment"));
		html_lit(o, "</button></form>");
	}
	return page_end(r);
}

/* GET /groups/:id/enrolments/:eid and its API twin: one enrolment. */
static int
h_enrolment(struct req *r)
{
	struct actor actor = req_actor(r);
	struct group_enrolment en;
	struct group g;
	struct outcome out;
	int rc = app_group_enrolment(req_db(r), r->a, &actor, req_param_id(r, 0), req_param_id(r, 1), &en, &g, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (r->wants_json)
		return api_send(r, 200, record_json(group_enrolment_fields, &en, PARTS_ALL));
	struct enrolment_end blank;
	fields_clear(enrolment_end_fields, &blank);
	return enrolment_page(r, &actor, &g, &en, &blank, NULL);
}

/* POST /groups/:id/enrolments/:eid/end and its API twin: the participant
 * leaves the group after the last day given, for a reason. */
static int
h_enrolment_end(struct req *r)
{
	struct actor actor = req_actor(r);
	if ((actor.roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT))) == 0)
		return req_error(r, 403, NULL);
	int64_t gid = req_param_id(r, 0), eid = req_param_id(r, 1);
	/* an enrolment the actor cannot reach is not found, whatever the body holds */
	struct group_enrolment en;
	struct group g;
	struct outcome out;
	int rc = app_group_enrolment(req_db(r), r->a, &actor, gid, eid, &en, &g, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	struct enrolment_end in;
	fields_clear(enrolment_end_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, enrolment_end_fields, &in, NULL, &e, &rc))
		return rc;
	memset(&out, 0, sizeof out);
	if (e.n == 0) {
		rc = app_group_enrolment_end(req_db(r), r->a, &actor, gid, eid, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, enrolment_end_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		if (out.message != NULL)
			form_error(r, &e, "ends_on", out.message);
		r->status = outcome_status(&out);
		return enrolment_page(r, &actor, &g, &en, &in, &e);
	}
	rc = store_group_enrolment_get(req_db(r), r->a, actor.centre_id, eid, &en);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, 200, record_json(group_enrolment_fields, &en, PARTS_ALL),
			   arena_printf(r->a, "/groups/%lld#participants", (long long)gid), "saved");
}

/* ---- sessions one by one ---- */

/* Answers a session command: JSON the session, a page back to the group. */
static int
session_answer(struct req *r, const struct actor *actor, struct outcome *out, struct form_errors *e,
	       struct fields fs, int status)
{
	if (out->refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out->refusal != DONE) {
		outcome_form_errors(r, out, e);
		form_errors_order(e, fs);
		if (r->wants_json)
			return answer_refused_json(r, out, e);
		const char *msg = out->message != NULL ? T(r, out->message) : e->n > 0 ? e->message[0] : NULL;
		return req_error(r, outcome_status(out), msg);
	}
	struct group_session s;
	int rc = store_session_get(req_db(r), r->a, actor->centre_id, out->id, &s);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, status, record_json(group_session_fields, &s, PARTS_ALL),
			   arena_printf(r->a, "/groups/%lld#session-%lld", (long long)s.group_id, (long long)s.id),
			   "saved");
}

/* POST /groups/:id/sessions and its API twin: a session added by hand. */
static int
h_session_add(struct req *r)
{
	struct actor actor = req_actor(r);
	/* a group the actor cannot reach is not found, whatever the body holds */
	struct group_view seen;
	struct outcome found;
	int rc = app_group(req_db(r), r->a, &actor, req_param_id(r, 0), &seen, &found);
	if (rc != SC_OK)
		return rc;
	if (found.refusal != DONE)
		return req_error(r, outcome_status(&found), NULL);
	struct session_input in;
	struct form_errors e = {0};
	if (!input_read(r, session_input_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_session_add(req_db(r), r->a, &actor, req_param_id(r, 0), &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	return session_answer(r, &actor, &out, &e, session_input_fields, 201);
}

/* The session the route names, of the actor's centre: SC_ENOTFOUND for
 * another centre's, so it is not found whatever the body holds. */
static int
session_reached(struct req *r, const struct actor *actor)
{
	struct group_session known;
	return store_session_get(req_db(r), r->a, actor->centre_id, req_param_id(r, 0), &known);
}

/* POST /sessions/:id/move and its API twin. */
static int
h_session_move(struct req *r)
{
	struct actor actor = req_actor(r);
	int rc = session_reached(r, &actor);
	if (rc != SC_OK)
		return rc == SC_ENOTFOUND ? req_error(r, 404, NULL) : rc;
	struct session_input in;
	struct form_errors e = {0};
	if (!input_read(r, session_input_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_session_move(req_db(r), r->a, &actor, req_param_id(r, 0), &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	return session_answer(r, &actor, &out, &e, session_input_fields, 200);
}

/* POST /sessions/:id/cancel and its API twin. */
static int
h_session_cancel(struct req *r)
{
	struct actor actor = req_actor(r);
	int rc = session_reached(r, &actor);
	if (rc != SC_OK)
		return rc == SC_ENOTFOUND ? req_error(r, 404, NULL) : rc;
	struct session_cancel in;
	struct form_errors e = {0};
	if (!input_read(r, session_cancel_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_session_cancel(req_db(r), r->a, &actor, req_param_id(r, 0), &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	return session_answer(r, &actor, &out, &e, session_cancel_fields, 200);
}

/* ---- the register ---- */

/* A select of the register: labels[] are opts' labels translated, and empty
 * the translated label of the empty choice (each translated once a page,
 * not once a row: decision 74). */
static void
mark_select(struct req *r, const char *name, const char *label, const struct field_option *opts,
	    const char *const *labels, int n, const char *selected, const char *empty)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"visually-hidden\" for=\"");
	html_text(o, name);
	html_lit(o, "\">");
	html_text(o, label);
	html_lit(o, "</label><select id=\"");
	html_text(o, name);
	html_lit(o, "\" name=\"");
	html_text(o, name);
	html_lit(o, "\"><option value=\"\">");
	html_text(o, empty);
	html_lit(o, "</option>");
	for (int i = 0; i < n; i++) {
		html_lit(o, "<option value=\"");
		html_text(o, opts[i].key);
		html_lit(o, "\"");
		if (strcmp(opts[i].key, selected) == 0)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, labels[i]);
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
}

/* Moving or cancelling a session without marks (in a disclosure, out of
 * the register's way). */
static void
session_forms(struct req *r, const struct group_session *s)
{
	struct buf *o = &r->out;
	html_lit(o, "<details class=\"no-print\"><summary>");
	html_text(o, T(r, "Move or cancel this session"));
	html_lit(o, "</summary><form method=\"post\" id=\"move-form\" action=\"/sessions/");
	html_int(o, s->id);
	html_lit(o, "/move\" novalidate><h3>");
	html_text(o, T(r, "Move"));
	html_lit(o, "</h3>");
	form_csrf(r);
	struct session_input in = {.on_date = s->on_date, .start = s->start, .end = s->end, .reason = ""};
	form_fields(r, session_input_fields, &in, false, NULL, NULL);
	html_lit(o, "<button type=\"submit\" class=\"secondary\">");
	html_text(o, T(r, "Move the session"));
	html_lit(o, "</button></form><form method=\"post\" id=\"cancel-form\" action=\"/sessions/");
	html_int(o, s->id);
	html_lit(o, "/cancel\" novalidate><h3>");
	html_text(o, T(r, "Cancel"));
	html_lit(o, "</h3>");
	form_csrf(r);
	struct session_cancel c = {.reason = ""};
	form_fields(r, session_cancel_fields, &c, false, NULL, NULL);
	html_lit(o, "<button type=\"submit\" class=\"secondary\">");
	html_text(o, T(r, "Cancel the session"));
	html_lit(o, "</button></form></details>");
}

static int
register_page(struct req *r, const struct register_view *v, const struct form_errors *e)
{
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s %s", T(r, "Register"), v->g.name,
				   date_text(r, v->s.on_date)));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, arena_printf(r->a, "%s: %s, %s %s\xE2\x80\x93%s", T(r, "Register"), v->g.name,
				  date_text(r, v->s.on_date), hhmm(r, v->s.start_min), hhmm(r, v->s.end_min)));
	html_lit(o, "</h1><p><a href=\"/groups/");
	html_int(o, v->g.id);
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the group"));
	html_lit(o, "</a></p>");
	if (v->s.status == SESSION_CANCELLED) {
		p_text(r, N_("The session is cancelled: it has no register."));
		return page_end(r);
	}
	if (v->s.marks == 0)
		session_forms(r, &v->s);
	if (v->n == 0) {
		p_text(r, N_("No one is enrolled on this day."));
		return page_end(r);
	}
	form_error_summary(r, e);
	bool posted = e != NULL;
	html_lit(o, "<form method=\"post\" action=\"/sessions/");
	html_int(o, v->s.id);
	html_lit(o, "/register\" id=\"register-form\" novalidate>");
	form_csrf(r);
	html_lit(o, "<p class=\"muted\">");
	html_text(o, T(r, "Everyone starts unmarked. Mark the exceptions, then \"Save, the rest present\" marks everyone left unmarked as present."));
	html_lit(o, "</p><table id=\"register\"><thead><tr>");
	th(r, N_("Name"));
	th(r, N_("Mark"));
	th(r, N_("Minutes missed"));
	th(r, N_("Absence"));
	th(r, N_("Reason"));
	html_lit(o, "</tr></thead><tbody>");
	const char *mark_labels[MARK_KIND_COUNT], *absence_labels[ABSENCE_TYPE_COUNT];
	for (int i = 0; i < MARK_KIND_COUNT; i++)
		mark_labels[i] = T(r, mark_kind_options[i].label);
	for (int i = 0; i < ABSENCE_TYPE_COUNT; i++)
		absence_labels[i] = T(r, absence_type_options[i].label);
	const char *t_mark = T(r, "Mark"), *t_minutes = T(r, "Minutes missed"), *t_absence = T(r, "Absence"),
		   *t_reason = T(r, "Reason"), *t_not_marked = T(r, "Not marked"), *t_none = T(r, "None");
	for (size_t i = 0; i < v->n; i++) {
		const struct register_entry *re = &v->rows[i];
		size_t k = i + 1;
		const char *name = case_name(r, re->given_name, re->family_name);
		const char *pn = arena_printf(r->a, "p%zu", k);
		const char *mn = arena_printf(r->a, "mark%zu", k);
		const char *mi = arena_printf(r->a, "minutes%zu", k);
		const char *ab = arena_printf(r->a, "absence%zu", k);
		const char *rs = arena_printf(r->a, "reason%zu", k);
		const char *err = form_error_for(e, arena_printf(r->a, "marks.%zu", k));
		if (err == NULL)
			err = form_error_for(e, arena_printf(r->a, "marks.%zu.participant_id", k));
		html_lit(o, "<tr><th scope=\"row\">");
		html_text(o, name);
		if (re->beyond && !re->doctor_note) {
			html_lit(o, " <a class=\"badge\" href=\"/participants/");
			html_int(o, re->participant_id);
			html_text(o, arena_printf(r->a, "/attendance?month=%04d-%02d#doctor-note", v->s.on_date.y,
						  v->s.on_date.m));
			html_lit(o, "\">");
			html_text(o, T(r, "Needs a doctor's note"));
			html_lit(o, "</a>");
		}
		if (err != NULL)
			form_field_error(o, err, arena_printf(r->a, "row%zu", k));
		html_lit(o, "<input type=\"hidden\" name=\"");
		html_text(o, pn);
		html_lit(o, "\" value=\"");
		html_int(o, re->participant_id);
		html_lit(o, "\"></th><td>");
		mark_select(r, mn, arena_printf(r->a, "%s: %s", t_mark, name), mark_kind_options, mark_labels,
			    MARK_KIND_COUNT, posted ? req_field(r, mn) : mark_key(&re->mark), t_not_marked);
		html_lit(o, "</td><td><label class=\"visually-hidden\" for=\"");
		html_text(o, mi);
		html_lit(o, "\">");
		html_text(o, arena_printf(r->a, "%s: %s", t_minutes, name));
		html_lit(o, "</label><input type=\"number\" min=\"1\" inputmode=\"numeric\" size=\"4\" id=\"");
		html_text(o, mi);
		html_lit(o, "\" name=\"");
		html_text(o, mi);
		html_lit(o, "\" value=\"");
		if (posted)
			html_text(o, req_field(r, mi));
		else if (re->mark.kind == MARK_LATE || re->mark.kind == MARK_LEFT_EARLY)
			html_int(o, re->mark.minutes);
		html_lit(o, "\"></td><td>");
		mark_select(r, ab, arena_printf(r->a, "%s: %s", t_absence, name), absence_type_options, absence_labels,
			    ABSENCE_TYPE_COUNT, posted ? req_field(r, ab) : absence_key(&re->mark), t_none);
		html_lit(o, "</td><td><label class=\"visually-hidden\" for=\"");
		html_text(o, rs);
		html_lit(o, "\">");
		html_text(o, arena_printf(r->a, "%s: %s", t_reason, name));
		html_lit(o, "</label><input type=\"text\" id=\"");
		html_text(o, rs);
		html_lit(o, "\" name=\"");
		html_text(o, rs);
		html_lit(o, "\" value=\"");
		html_text(o, posted ? req_field(r, rs) : (re->mark.reason ? re->mark.reason : ""));
		html_lit(o, "\"></td></tr>");
	}
	html_lit(o, "</tbody></table>");
	if (v->approved)
		form_textarea(r, e, "correction_reason", "correction_reason",
			      T(r, "The month's benefits are approved: why is the register corrected?"),
			      posted ? req_field(r, "correction_reason") : "", true, 2, REGISTER_CORRECTION_MAX);
	html_lit(o, "<div class=\"actions\"><button type=\"submit\" name=\"rest_present\" value=\"yes\" id=\"all-present\">");
	html_text(o, T(r, "Save, the rest present"));
	html_lit(o, "</button> <button type=\"submit\" class=\"secondary\" name=\"rest_present\" value=\"no\">");
	html_text(o, T(r, "Save as marked"));
	html_lit(o, "</button></div></form>");
	return page_end(r);
}

static json_t *
register_json(struct req *r, const struct register_view *v)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < v->n; i++) {
		const struct register_entry *re = &v->rows[i];
		json_t *row = mark_json(&re->mark);
		json_object_set_new(row, "participant_id", json_integer(re->participant_id));
		json_object_set_new(row, "given_name", json_string(re->given_name ? re->given_name : ""));
		json_object_set_new(row, "family_name", json_string(re->family_name ? re->family_name : ""));
		json_object_set_new(row, "doctor_note", json_boolean(re->doctor_note));
		json_object_set_new(row, "needs_doctor_note", json_boolean(re->beyond && !re->doctor_note));
		json_array_append_new(rows, row);
	}
	json_t *s = record_json(group_session_fields, &v->s, PARTS_ALL);
	(void)r;
	return json_pack("{s:o,s:I,s:s,s:b,s:o}", "session", s, "group_id", (json_int_t)v->g.id, "group_name",
			 v->g.name, "approved", v->approved, "marks", rows);
}

/* GET /sessions/:id/register and /api/v1/sessions/:id/register. */
static int
h_register(struct req *r)
{
	struct actor actor = req_actor(r);
	struct register_view v;
	struct outcome out;
	int rc = app_register(req_db(r), r->a, &actor, req_param_id(r, 0), &v, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	if (r->wants_json)
		return api_send(r, 200, register_json(r, &v));
	return register_page(r, &v, NULL);
}

static int
option_of(const struct field_option *opts, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (strcmp(opts[i].key, key) == 0)
			return i;
	return -2;
}

/* Reads the register's form: rows p1.. with their mark, minutes, absence
 * and reason. */
static void
read_register_form(struct req *r, struct register_input *in, struct form_errors *e)
{
	size_t n = 0;
	while (n < REGISTER_ROWS_MAX && req_field(r, arena_printf(r->a, "p%zu", n + 1))[0] != '\0')
		n++;
	struct register_row *rows = arena_alloc(r->a, (n + 1) * sizeof *rows);
	for (size_t i = 0; rows != NULL && i < n; i++) {
		size_t k = i + 1;
		struct register_row *row = &rows[i];
		*row = (struct register_row){.mark = -1, .minutes = FIELD_NONE, .absence = -1, .reason = ""};
		const char *key = arena_printf(r->a, "marks.%zu", k);
		if (parse_int64(req_field(r, arena_printf(r->a, "p%zu", k)), 1, INT64_MAX, &row->participant_id) != SC_OK)
			form_error(r, e, arena_printf(r->a, "marks.%zu.participant_id", k), N_("Choose from the list."));
		const char *m = req_field(r, arena_printf(r->a, "mark%zu", k));
		if (m[0] != '\0' && (row->mark = option_of(mark_kind_options, MARK_KIND_COUNT, m)) < 0)
			form_error(r, e, key, N_("Choose from the list."));
		const char *mi = req_field(r, arena_printf(r->a, "minutes%zu", k));
		if (mi[0] != '\0' && parse_int64(mi, 0, 24 * 60, &row->minutes) != SC_OK)
			form_error(r, e, key, N_("Give the minutes as a whole number."));
		const char *ab = req_field(r, arena_printf(r->a, "absence%zu", k));
		if (ab[0] != '\0' && (row->absence = option_of(absence_type_options, ABSENCE_TYPE_COUNT, ab)) < 0)
			form_error(r, e, key, N_("Choose from the list."));
		row->reason = req_field(r, arena_printf(r->a, "reason%zu", k));
		if (row->mark == -2)
			row->mark = -1;
		if (row->absence == -2)
			row->absence = -1;
	}
	in->marks = (struct field_list){.n = rows != NULL ? n : 0, .items = rows};
	in->correction_reason = req_field(r, "correction_reason");
	in->rest_present = strcmp(req_field(r, "rest_present"), "yes") == 0 ? 1 : 0;
}

/* POST /sessions/:id/register and /api/v1/sessions/:id/register. */
static int
h_register_save(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t sid = req_param_id(r, 0);
	struct register_input in;
	fields_clear(register_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (r->json != NULL || r->wants_json) {
		if (!input_read(r, register_fields, &in, NULL, &e, &rc))
			return rc;
		if (in.correction_reason == NULL)
			in.correction_reason = "";
	} else {
		read_register_form(r, &in, &e);
	}
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_register_save(req_db(r), r->a, &actor, sid, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		if (out.refusal == REFUSED_STATE && out.message != NULL)
			form_error(r, &e, "register", out.message);
		struct register_view v;
		struct outcome shown;
		rc = app_register(req_db(r), r->a, &actor, sid, &v, &shown);
		if (rc != SC_OK)
			return rc;
		r->status = outcome_status(&out);
		return register_page(r, &v, &e);
	}
	if (r->wants_json) {
		struct register_view v;
		struct outcome shown;
		rc = app_register(req_db(r), r->a, &actor, sid, &v, &shown);
		if (rc != SC_OK)
			return rc;
		json_t *j = register_json(r, &v);
		json_object_set_new(j, "written", json_integer(out.version));
		return api_send(r, 200, j);
	}
	page_flash(r, "register-saved");
	return req_redirect(r, "/registers");
}

/* ---- the teacher's registers page ---- */

/* GET /registers and /api/v1/registers: today's sessions and the
 * registers not marked. */
static int
h_registers(struct req *r)
{
	struct actor actor = req_actor(r);
	struct group_session *today = NULL, *open = NULL;
	size_t ntoday = 0, nopen = 0;
	int64_t total = 0;
	int rc = app_teacher_day(req_db(r), r->a, &actor, actor.today, &today, &ntoday, &open, &nopen, &total);
	if (rc != SC_OK)
		return rc;
	if (r->wants_json) {
		json_t *a = json_array(), *b = json_array();
		for (size_t i = 0; i < ntoday; i++)
			json_array_append_new(a, record_json(group_session_fields, &today[i], PARTS_ALL));
		for (size_t i = 0; i < nopen; i++)
			json_array_append_new(b, record_json(group_session_fields, &open[i], PARTS_ALL));
		return api_send(r, 200, json_pack("{s:o,s:o,s:I}", "today", a, "unmarked", b, "unmarked_total",
						  (json_int_t)total));
	}
	page_begin(r, T(r, "Registers"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Registers"));
	html_lit(o, "</h1><h2 id=\"today\">");
	html_text(o, T(r, "Today's sessions"));
	html_lit(o, "</h2>");
	if (ntoday == 0)
		p_text(r, N_("No sessions today."));
	else
		sessions_table(r, today, ntoday, true, true);
	html_lit(o, "<h2 id=\"unmarked\">");
	html_text(o, T(r, "Registers not marked"));
	html_lit(o, "</h2>");
	if (nopen == 0) {
		p_text(r, N_("Every register is marked."));
	} else {
		html_lit(o, "<p>");
		html_text(o, arena_printf(r->a, T(r, "%lld registers are not marked."), (long long)total));
		html_lit(o, "</p>");
		sessions_table(r, open, nopen, true, true);
	}
	return page_end(r);
}

/* ---- a participant's timetable and attendance ---- */

/* The Monday of the week of d. */
static struct date
monday_of(struct date d)
{
	return date_add_days(d, -(date_weekday(d) - 1));
}

static void
attendance_table(struct req *r, const struct attendance_row *rows, size_t n, bool marks)
{
	struct buf *o = &r->out;
	html_lit(o, "<table class=\"timetable\"><thead><tr>");
	th(r, N_("Date"));
	th(r, N_("Time"));
	th(r, N_("Group"));
	th(r, N_("Room"));
	if (marks)
		th(r, N_("Attendance"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct attendance_row *a = &rows[i];
		html_lit(o, "<tr>");
		td_text(r, arena_printf(r->a, "%s %s", T(r, weekday_options[date_weekday(a->date) - 1].label),
					date_text(r, a->date)));
		td_text(r, arena_printf(r->a, "%s\xE2\x80\x93%s", hhmm(r, a->start_min), hhmm(r, a->end_min)));
		if (a->health_only && a->group_name[0] == '\0')
			td_text(r, T(r, "Enrolled in a health activity"));
		else
			td_text(r, a->group_name);
		td_text(r, a->room ? a->room : "");
		if (marks) {
			if (a->cancelled)
				td_text(r, arena_printf(r->a, "%s: %s", T(r, "Cancelled"), a->cancel_reason ? a->cancel_reason : ""));
			else if (a->health_only && a->group_name[0] == '\0')
				td_text(r, "");
			else if (a->beyond && !a->doctor_note)
				td_text(r, arena_printf(r->a, "%s (%s)", mark_words(r, &a->mark),
							T(r, "Needs a doctor's note")));
			else if (a->doctor_note)
				td_text(r, arena_printf(r->a, "%s (%s)", mark_words(r, &a->mark),
							T(r, "doctor's note registered")));
			else
				td_text(r, mark_words(r, &a->mark));
		}
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table>");
}

static json_t *
rows_json(struct req *r, const struct attendance_row *rows, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct attendance_row *a = &rows[i];
		bool hidden = a->health_only && a->group_name[0] == '\0';
		json_t *j = hidden ? json_object() : mark_json(&a->mark);
		json_object_set_new(j, "session_id", json_integer(hidden ? 0 : a->session_id));
		json_object_set_new(j, "date", json_string(date_text(r, a->date)));
		json_object_set_new(j, "start", json_string(hhmm(r, a->start_min)));
		json_object_set_new(j, "end", json_string(hhmm(r, a->end_min)));
		json_object_set_new(j, "group_id", json_integer(hidden ? 0 : a->group_id));
		json_object_set_new(j, "group_name", json_string(a->group_name));
		json_object_set_new(j, "room", json_string(a->room ? a->room : ""));
		json_object_set_new(j, "health_activity", json_boolean(a->health_only));
		json_object_set_new(j, "cancelled", json_boolean(a->cancelled));
		json_object_set_new(j, "doctor_note", json_boolean(!hidden && a->doctor_note));
		json_object_set_new(j, "needs_doctor_note", json_boolean(!hidden && a->beyond && !a->doctor_note));
		json_array_append_new(arr, j);
	}
	return arr;
}

/* GET /participants/:id/timetable?week=YYYY-MM-DD and its API twin: the
 * week's sessions (printable). */
static int
h_timetable(struct req *r)
{
	struct actor actor = req_actor(r);
	struct date week = actor.today;
	const char *w = req_qs(r, "week");
	if (w[0] != '\0' && date_parse(w, &week) != SC_OK) {
		if (r->wants_json)
			return api_error(r, 422, "invalid", T(r, "Give the week as a date (YYYY-MM-DD)."), NULL);
		return req_error(r, 400, T(r, "Give the week as a date (YYYY-MM-DD)."));
	}
	struct date from = monday_of(week), to = date_add_days(from, 6);
	struct participant_brief p;
	struct attendance_row *rows = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_participant_timetable(req_db(r), r->a, &actor, req_param_id(r, 0), from, to, &p, &rows, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (r->wants_json)
		return api_send(r, 200, json_pack("{s:s,s:s,s:o}", "from", date_text(r, from), "to", date_text(r, to),
						  "sessions", rows_json(r, rows, n)));
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Timetable"), case_name(r, p.given_name, p.family_name)));
	struct buf *o = &r->out;
	case_header(r, &p, "timetable");
	html_lit(o, "<h2>");
	html_text(o, arena_printf(r->a, "%s %s \xE2\x80\x93 %s", T(r, "Week of"), date_text(r, from), date_text(r, to)));
	html_lit(o, "</h2><nav class=\"pager no-print\" aria-label=\"");
	html_text(o, T(r, "Weeks"));
	html_lit(o, "\"><a rel=\"prev\" href=\"?week=");
	html_text(o, date_text(r, date_add_days(from, -7)));
	html_lit(o, "\">");
	html_text(o, T(r, "Previous week"));
	html_lit(o, "</a> <a rel=\"next\" href=\"?week=");
	html_text(o, date_text(r, date_add_days(from, 7)));
	html_lit(o, "\">");
	html_text(o, T(r, "Next week"));
	html_lit(o, "</a> <button type=\"button\" class=\"secondary\" data-print>");
	html_text(o, T(r, "Print"));
	html_lit(o, "</button></nav>");
	if (n == 0)
		p_text(r, N_("No sessions this week."));
	else
		attendance_table(r, rows, n, false);
	return page_end(r);
}

static json_t *
summary_json(const struct attendance_summary *s)
{
	json_t *abs = json_object();
	for (int t = 0; t < ABSENCE_TYPE_COUNT; t++)
		json_object_set_new(abs, absence_type_options[t].key,
				    json_pack("{s:I,s:i}", "minutes", (json_int_t)s->absent_minutes[t], "days",
					      s->absent_days[t]));
	int rate = attendance_rate_permille(s);
	return json_pack("{s:I,s:I,s:I,s:i,s:i,s:o,s:o}", "scheduled_minutes", (json_int_t)s->scheduled_minutes,
			 "present_minutes", (json_int_t)s->present_minutes, "unmarked_minutes",
			 (json_int_t)s->unmarked_minutes, "sessions", s->sessions, "unmarked_sessions",
			 s->unmarked_sessions, "absence", abs, "rate_permille",
			 rate < 0 ? json_null() : json_integer(rate));
}

static const char *
rate_text(struct req *r, const struct attendance_summary *s)
{
	int rate = attendance_rate_permille(s);
	if (rate < 0)
		return "\xE2\x80\x94";
	return arena_printf(r->a, "%d,%d %%", rate / 10, rate % 10);
}

static void
summary_table(struct req *r, const struct attendance_summary *s)
{
	struct buf *o = &r->out;
	html_lit(o, "<table id=\"attendance-summary\"><thead><tr>");
	th(r, N_("What"));
	th(r, N_("In minutes"));
	th(r, N_("In days"));
	html_lit(o, "</tr></thead><tbody><tr><th scope=\"row\">");
	html_text(o, T(r, "Scheduled"));
	html_lit(o, "</th><td>");
	html_int(o, s->scheduled_minutes);
	html_lit(o, "</td><td></td></tr><tr><th scope=\"row\">");
	html_text(o, T(r, "Present"));
	html_lit(o, "</th><td>");
	html_int(o, s->present_minutes);
	html_lit(o, "</td><td></td></tr>");
	for (int t = 0; t < ABSENCE_TYPE_COUNT; t++) {
		html_lit(o, "<tr id=\"summary-");
		html_text(o, absence_type_options[t].key);
		html_lit(o, "\"><th scope=\"row\">");
		html_text(o, T(r, absence_type_options[t].label));
		html_lit(o, "</th><td>");
		html_int(o, s->absent_minutes[t]);
		html_lit(o, "</td><td>");
		html_int(o, s->absent_days[t]);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "<tr><th scope=\"row\">");
	html_text(o, T(r, "Not marked yet"));
	html_lit(o, "</th><td>");
	html_int(o, s->unmarked_minutes);
	html_lit(o, "</td><td></td></tr><tr><th scope=\"row\">");
	html_text(o, T(r, "Attendance rate"));
	html_lit(o, "</th><td colspan=\"2\">");
	html_text(o, rate_text(r, s));
	html_lit(o, "</td></tr></tbody></table>");
}

/* The month of ?month=YYYY-MM (today's when not given); false when it is
 * not one. */
static bool
month_of(struct req *r, const struct actor *actor, int *y, int *m)
{
	*y = actor->today.y;
	*m = actor->today.m;
	const char *q = req_qs(r, "month");
	if (q[0] == '\0')
		return true;
	struct date d;
	char buf[16];
	if (strlen(q) != 7)
		return false;
	snprintf(buf, sizeof buf, "%s-01", q);
	if (date_parse(buf, &d) != SC_OK)
		return false;
	*y = d.y;
	*m = d.m;
	return true;
}

/* The form that registers a doctor's note, for those who may write the
 * participant's activities (their contact person, a leader). */
static void
doctor_note_form(struct req *r, int64_t pid, const struct doctor_note *shown, bool posted,
		 const struct form_errors *e)
{
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"doctor-note\"><h2 id=\"doctor-note\">");
	html_text(o, T(r, "Register a doctor's note"));
	html_lit(o, "</h2>");
	p_text(r, N_("Self-certified sick days in the period count from now on as sickness with a doctor's note, also those beyond the self-certification rule."));
	if (e != NULL)
		form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/participants/");
	html_int(o, pid);
	html_lit(o, "/doctor-notes\" id=\"doctor-note-form\" novalidate>");
	form_csrf(r);
	form_fields(r, doctor_note_fields, shown, posted, NULL, e);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Register the note"));
	html_lit(o, "</button></form></section>");
}

/* The participant's attendance page of month y-m (JSON: its twin), with
 * the doctor's note form (note and e: a refused note shown again). */
static int
attendance_answer(struct req *r, const struct actor *actor, int64_t pid, int y, int m, const struct doctor_note *note,
		  const struct form_errors *e)
{
	struct participant_brief p;
	struct attendance_row *rows = NULL;
	size_t n = 0;
	struct outcome out;
	int status = r->status;
	struct attendance_summary s;
	int rc = app_participant_month(req_db(r), r->a, actor, pid, y, m, &p, &rows, &n, &s, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	const char *month = arena_printf(r->a, "%04d-%02d", y, m);
	if (r->wants_json)
		return api_send(r, 200, json_pack("{s:s,s:o,s:o}", "month", month, "summary", summary_json(&s),
						  "sessions", rows_json(r, rows, n)));
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Attendance"), case_name(r, p.given_name, p.family_name)));
	struct buf *o = &r->out;
	case_header(r, &p, "attendance");
	html_lit(o, "<h2 id=\"summary\">");
	html_text(o, arena_printf(r->a, "%s %s", T(r, "Attendance in"), month));
	html_lit(o, "</h2>");
	summary_table(r, &s);
	html_lit(o, "<h2>");
	html_text(o, T(r, "Sessions"));
	html_lit(o, "</h2>");
	if (n == 0)
		p_text(r, N_("No sessions this month."));
	else
		attendance_table(r, rows, n, true);
	if (case_allows(r, &p, PART_BIT(PART_ACTIVITIES), ACT_WRITE) &&
	    (actor->roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT))) != 0) {
		struct doctor_note blank = {0};
		doctor_note_form(r, pid, note != NULL ? note : &blank, note != NULL, e);
	}
	if (e != NULL)
		r->status = status;
	return page_end(r);
}

/* GET /participants/:id/attendance?month=YYYY-MM and its API twin
 * /api/v1/participants/:id/attendance: the month's sessions with their
 * marks and the summary. */
static int
h_attendance(struct req *r)
{
	struct actor actor = req_actor(r);
	int y, m;
	if (!month_of(r, &actor, &y, &m)) {
		if (r->wants_json)
			return api_error(r, 422, "invalid", T(r, "Give the month as YYYY-MM."), NULL);
		return req_error(r, 400, T(r, "Give the month as YYYY-MM."));
	}
	return attendance_answer(r, &actor, req_param_id(r, 0), y, m, NULL, NULL);
}

/* POST /participants/:id/doctor-notes and its API twin: a doctor's note
 * for the participant's self-certified sick days from_on..to_on. */
static int
h_doctor_note(struct req *r)
{
	struct actor actor = req_actor(r);
	if ((actor.roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT))) == 0)
		return req_error(r, 403, NULL);
	int64_t pid = req_param_id(r, 0);
	struct participant_brief reached;
	int rc = SC_OK;
	if (!req_participant(r, &actor, PART_BIT(PART_ACTIVITIES), ACT_WRITE, &reached, &rc))
		return rc;
	struct doctor_note in;
	fields_clear(doctor_note_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, doctor_note_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_doctor_note(req_db(r), r->a, &actor, pid, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		if (!e.mistyped)
			doctor_note_check(&in, actor.today, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, doctor_note_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		struct date shown = in.from_on.y != 0 ? in.from_on : actor.today;
		return attendance_answer(r, &actor, pid, shown.y, shown.m, &in, &e);
	}
	json_t *j = record_json(doctor_note_fields, &in, PARTS_ALL);
	json_object_set_new(j, "participant_id", json_integer(pid));
	json_object_set_new(j, "absences_covered", json_integer(out.version));
	return answer_done(r, 201, j,
			   arena_printf(r->a, "/participants/%lld/attendance?month=%04d-%02d#summary", (long long)pid,
					in.from_on.y, in.from_on.m),
			   "saved");
}

/* POST /participants/:id/groups and its API twin: enrolment from the
 * participant's page (the group chosen). */
static int
h_participant_enrol(struct req *r)
{
	struct actor actor = req_actor(r);
	if ((actor.roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT))) == 0)
		return req_error(r, 403, NULL);
	int64_t pid = req_param_id(r, 0);
	struct participant_brief reached;
	int rc = SC_OK;
	if (!req_participant(r, &actor, PART_BIT(PART_ACTIVITIES), ACT_WRITE, &reached, &rc))
		return rc;
	struct group_enrolment in;
	struct form_errors e = {0};
	if (!input_read(r, group_enrolment_from_participant_fields, &in, NULL, &e, &rc))
		return rc;
	if (!(r->json != NULL || r->wants_json))
		in.waitlist = strcmp(req_field(r, "waitlist"), "yes") == 0 ? 1 : 0;
	in.participant_id = pid;
	struct outcome out = {0};
	struct enrol_clash c = {0};
	if (e.n == 0 && in.group_id > 0) {
		rc = app_group_enrol(req_db(r), r->a, &actor, in.group_id, &in, &c, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal == REFUSED_NOT_FOUND && out.message != NULL &&
		    strcmp(out.message, "There is no such participant that you may enrol.") == 0)
			return req_error(r, 404, NULL);
	} else {
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal != DONE) {
		rc = enrol_refused(r, &out, &c, &e);
		if (rc != SC_OK || r->wants_json)
			return rc;
		int status = r->status;
		struct participant_brief p;
		struct outcome shown;
		rc = app_participant(req_db(r), r->a, &actor, pid, PART_BIT(PART_ACTIVITIES), ACT_READ, &p, &shown);
		if (rc != SC_OK)
			return rc;
		if (shown.refusal != DONE)
			return req_error(r, 404, NULL);
		page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Groups"), case_name(r, p.given_name, p.family_name)));
		case_header(r, &p, "");
		rc = activities_participant_section_errors(r, &actor, &p, &e);
		if (rc != SC_OK)
			return rc;
		r->status = status;
		return page_end(r);
	}
	return enrolment_done(r, &actor, out.id, arena_printf(r->a, "/participants/%lld#groups", (long long)pid));
}

/* GET /api/v1/participants/:id/groups: the participant's groups. */
static int
h_participant_groups(struct req *r)
{
	struct actor actor = req_actor(r);
	struct group_enrolment *items = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_participant_groups(req_db(r), r->a, &actor, req_param_id(r, 0), &items, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = record_json(group_enrolment_fields, &items[i], PARTS_ALL);
		json_object_set_new(j, "health_activity", json_boolean(items[i].health_only));
		if (items[i].group_name[0] == '\0')
			json_object_set_new(j, "group_id", json_integer(0));
		json_array_append_new(arr, j);
	}
	return api_send(r, 200, json_pack("{s:o}", "items", arr));
}

/* ---- the section of the participant's page ---- */

int
activities_participant_section_errors(struct req *r, const struct actor *actor, const struct participant_brief *p,
				      const struct form_errors *e)
{
	struct db *db = req_db(r);
	struct group_enrolment *items = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_participant_groups(db, r->a, actor, p->id, &items, &n, &out);
	if (rc != SC_OK || out.refusal != DONE)
		return rc;
	struct attendance_summary s;
	rc = app_attendance_summary(db, r->a, actor, p->id, actor->today.y, actor->today.m, &s, &out);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"groups\"><h2 id=\"groups\">");
	html_text(o, T(r, "Groups and attendance"));
	html_lit(o, "</h2>");
	if (n == 0) {
		p_text(r, N_("Not enrolled in any group."));
	} else {
		html_lit(o, "<table id=\"participant-groups\"><thead><tr>");
		th(r, N_("Group"));
		th(r, N_("Status"));
		th(r, N_("From"));
		th(r, N_("To"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr>");
			if (items[i].group_name[0] == '\0') {
				td_text(r, T(r, "Enrolled in a health activity"));
			} else {
				html_lit(o, "<td><a href=\"/groups/");
				html_int(o, items[i].group_id);
				html_lit(o, "\">");
				html_text(o, items[i].group_name);
				html_lit(o, "</a></td>");
			}
			td_text(r, T(r, group_enrolment_status_options[items[i].status].label));
			td_text(r, date_text(r, items[i].starts_on));
			td_text(r, date_text(r, items[i].ends_on));
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	html_lit(o, "<p><a href=\"/participants/");
	html_int(o, p->id);
	html_lit(o, "/timetable\">");
	html_text(o, T(r, "Weekly timetable"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/participants/");
	html_int(o, p->id);
	html_lit(o, "/attendance\">");
	html_text(o, T(r, "Attendance this month"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/participants/");
	html_int(o, p->id);
	html_lit(o, "/levels\">");
	html_text(o, T(r, "Norwegian levels"));
	html_lit(o, "</a></p><h3>");
	html_text(o, arena_printf(r->a, "%s %04d-%02d", T(r, "Attendance in"), actor->today.y, actor->today.m));
	html_lit(o, "</h3>");
	summary_table(r, &s);
	if (case_allows(r, p, PART_BIT(PART_SCHOOLING), ACT_READ)) {
		struct language_assessment *la = NULL;
		size_t nla = 0;
		struct participant_brief b2;
		rc = app_assessments(db, r->a, actor, p->id, &b2, &la, &nla, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal == DONE && nla > 0) {
			html_lit(o, "<h3>");
			html_text(o, T(r, "Norwegian progress"));
			html_lit(o, "</h3>");
			levels_chart(r, la, nla);
		}
	}
	bool may_enrol = case_allows(r, p, PART_BIT(PART_ACTIVITIES), ACT_WRITE) &&
			 (actor->roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT))) != 0;
	if (may_enrol) {
		/* A centre with more open groups than a list can show is given
		 * the group's number to type, and the list of groups to find it. */
		struct group *groups = NULL;
		size_t ng = 0;
		bool by_number = false;
		rc = app_groups_open(db, r->a, actor, ENROL_CHOICES_MAX, &groups, &ng, &by_number);
		if (rc != SC_OK)
			return rc;
		const char **keys = arena_alloc(r->a, sizeof *keys * (ng + 1));
		const char **labels = arena_alloc(r->a, sizeof *labels * (ng + 1));
		if (keys == NULL || labels == NULL)
			return SC_ENOMEM;
		size_t k = 0;
		for (size_t i = 0; i < ng && !by_number; i++) {
			keys[k] = case_id(r, groups[i].id);
			labels[k] = arena_printf(r->a, "%s (%lld / %lld)", groups[i].name, (long long)groups[i].enrolled,
						 (long long)groups[i].capacity);
			k++;
		}
		const struct field_ui ui[] = {
			{.key = "group_id",
			 .choice_keys = by_number ? NULL : keys,
			 .choice_labels = by_number ? NULL : labels,
			 .nchoices = k},
			{.key = "waitlist", .control = "checkbox"},
			{0},
		};
		struct group_enrolment blank;
		fields_clear(group_enrolment_from_participant_fields, &blank);
		html_lit(o, "<h3 id=\"enrol-group\">");
		html_text(o, T(r, "Enrol in a group"));
		html_lit(o, "</h3>");
		if (by_number) {
			html_lit(o, "<p id=\"enrol-by-number\">");
			html_text(o, arena_printf(r->a,
						  T(r, "The centre has more than %d open groups: enter the group's "
						       "number, as the list of groups shows it."),
						  ENROL_CHOICES_MAX));
			html_lit(o, " <a href=\"/groups\">");
			html_text(o, T(r, "Groups"));
			html_lit(o, "</a></p>");
		}
		if (e != NULL)
			form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/participants/");
		html_int(o, p->id);
		html_lit(o, "/groups\" id=\"group-enrol-form\" novalidate>");
		form_csrf(r);
		form_fields(r, group_enrolment_from_participant_fields, &blank, e != NULL, ui, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Enrol in the group"));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</section>");
	return SC_OK;
}

int
activities_participant_section(struct req *r, const struct actor *actor, const struct participant_brief *p)
{
	return activities_participant_section_errors(r, actor, p, NULL);
}

/* ---- the self-certification rule ---- */

static json_t *
rules_json(struct req *r, const struct self_cert_rule_row *items, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s,s:i,s:i,s:s}", "valid_from", date_text(r, items[i].valid_from),
						     "max_days", items[i].rule.max_days, "max_periods",
						     items[i].rule.max_periods, "created_by", items[i].created_by_name));
	return json_pack("{s:o}", "items", arr);
}

static int
rules_page(struct req *r, const struct actor *actor, const struct self_cert_rule_row *items, size_t n, bool may_add,
	   const struct self_cert_rule_input *shown, const struct form_errors *e)
{
	page_begin(r, T(r, "Self-certification rule"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Self-certification rule"));
	html_lit(o, "</h1>");
	p_text(r, N_("Self-certified sick days beyond the rule in force on the first day of their period need a doctor's note, and count as unexcused until it is registered."));
	html_lit(o, "<table id=\"self-cert-rules\"><thead><tr>");
	th(r, N_("In force from"));
	th(r, N_("Days in a row"));
	th(r, N_("Periods in 12 months"));
	th(r, N_("Added by"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr>");
		td_text(r, date_text(r, items[i].valid_from));
		html_lit(o, "<td>");
		html_int(o, items[i].rule.max_days);
		html_lit(o, "</td><td>");
		html_int(o, items[i].rule.max_periods);
		html_lit(o, "</td>");
		td_text(r, items[i].created_by_name);
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table>");
	if (may_add) {
		html_lit(o, "<h2 id=\"new-rule\">");
		html_text(o, T(r, "A new rule"));
		html_lit(o, "</h2>");
		form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/self-certification\" id=\"self-cert-form\" novalidate>");
		form_csrf(r);
		const struct field_ui ui[] = {{.key = "max_days", .control = "number"},
					      {.key = "max_periods", .control = "number"}, {0}};
		form_fields(r, self_cert_rule_fields, shown, e != NULL, ui, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Add the rule"));
		html_lit(o, "</button></form>");
	}
	(void)actor;
	return page_end(r);
}

/* GET /self-certification and /api/v1/self-certification-rules. */
static int
h_rules(struct req *r)
{
	struct actor actor = req_actor(r);
	struct self_cert_rule_row *items = NULL;
	size_t n = 0;
	bool may_add = false;
	struct outcome out;
	int rc = app_self_cert_rules(req_db(r), r->a, &actor, &items, &n, &may_add, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (r->wants_json)
		return api_send(r, 200, rules_json(r, items, n));
	struct self_cert_rule_input blank;
	fields_clear(self_cert_rule_fields, &blank);
	return rules_page(r, &actor, items, n, may_add, &blank, NULL);
}

/* POST /self-certification and its API twin: a rule from a day after
 * today (finance officers). */
static int
h_rule_add(struct req *r)
{
	struct actor actor = req_actor(r);
	if (!access_allows(actor.roles, RES_BENEFITS, ACT_WRITE))
		return req_error(r, 403, NULL);
	struct self_cert_rule_input in;
	fields_clear(self_cert_rule_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, self_cert_rule_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_self_cert_rule_add(req_db(r), &actor, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		if (!e.mistyped)
			self_cert_rule_check(&in, actor.today, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	struct self_cert_rule_row *items = NULL;
	size_t n = 0;
	bool may_add = false;
	struct outcome read;
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, self_cert_rule_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		int status = outcome_status(&out);
		rc = app_self_cert_rules(req_db(r), r->a, &actor, &items, &n, &may_add, &read);
		if (rc != SC_OK)
			return rc;
		r->status = status;
		return rules_page(r, &actor, items, n, may_add, &in, &e);
	}
	rc = app_self_cert_rules(req_db(r), r->a, &actor, &items, &n, &may_add, &read);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, 201, rules_json(r, items, n), "/self-certification", "saved");
}

/* ---- closures ---- */

static int
closures_page(struct req *r, const struct actor *actor, const struct closure_period *items, size_t n,
	      const struct closure_period *shown, const struct form_errors *e)
{
	page_begin(r, T(r, "Closures"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Closures"));
	html_lit(o, "</h1><p class=\"muted\">");
	html_text(o, T(r, "No session is held while the centre is closed: a closure cancels the planned sessions it covers, and deleting it plans them again."));
	html_lit(o, "</p>");
	bool leader = access_scope(actor->roles, RES_ACTIVITIES, ACT_WRITE) == SCOPE_ALL;
	if (n == 0) {
		p_text(r, N_("No closures."));
	} else {
		html_lit(o, "<table id=\"closures\"><thead><tr>");
		th(r, N_("Name"));
		th(r, N_("From"));
		th(r, N_("To"));
		th(r, N_("Sessions cancelled"));
		if (leader)
			th(r, N_("Delete"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr>");
			td_text(r, items[i].name);
			td_text(r, date_text(r, items[i].from_on));
			td_text(r, date_text(r, items[i].to_on));
			html_lit(o, "<td>");
			html_int(o, items[i].cancelled);
			html_lit(o, "</td>");
			if (leader) {
				html_lit(o, "<td><form method=\"post\" action=\"/closures/");
				html_int(o, items[i].id);
				html_lit(o, "/delete\">");
				form_csrf(r);
				html_lit(o, "<button type=\"submit\" class=\"secondary\" aria-label=\"");
				html_text(o, arena_printf(r->a, "%s: %s", T(r, "Delete"), items[i].name));
				html_lit(o, "\">");
				html_text(o, T(r, "Delete"));
				html_lit(o, "</button></form></td>");
			}
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (leader) {
		html_lit(o, "<h2 id=\"new-closure\">");
		html_text(o, T(r, "New closure"));
		html_lit(o, "</h2>");
		form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/closures\" id=\"closure-form\" novalidate>");
		form_csrf(r);
		form_fields(r, closure_fields, shown, e != NULL, NULL, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Add closure"));
		html_lit(o, "</button></form>");
	}
	return page_end(r);
}

static int
closures_json(struct req *r, int status, const struct closure_period *items, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json(closure_fields, &items[i], PARTS_ALL));
	return api_send(r, status, json_pack("{s:o}", "items", arr));
}

/* GET /closures and /api/v1/closures. */
static int
h_closures(struct req *r)
{
	struct actor actor = req_actor(r);
	struct closure_period *items = NULL;
	size_t n = 0;
	int rc = app_closures(req_db(r), r->a, &actor, &items, &n);
	if (rc != SC_OK)
		return rc;
	if (r->wants_json)
		return closures_json(r, 200, items, n);
	struct closure_period blank;
	fields_clear(closure_fields, &blank);
	return closures_page(r, &actor, items, n, &blank, NULL);
}

/* POST /closures and /api/v1/closures. */
static int
h_closure_create(struct req *r)
{
	struct actor actor = req_actor(r);
	struct closure_period in;
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, closure_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_closure_create(req_db(r), r->a, &actor, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		if (!e.mistyped)
			closure_check(&in, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_FORBIDDEN)
		return req_error(r, 403, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, closure_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		struct closure_period *items = NULL;
		size_t n = 0;
		rc = app_closures(req_db(r), r->a, &actor, &items, &n);
		if (rc != SC_OK)
			return rc;
		return closures_page(r, &actor, items, n, &in, &e);
	}
	in.cancelled = out.version;
	return answer_done(r, 201, record_json(closure_fields, &in, PARTS_ALL), "/closures", "closure-added");
}

/* POST /closures/:id/delete and its API twin. */
static int
h_closure_delete(struct req *r)
{
	struct actor actor = req_actor(r);
	struct outcome out;
	int rc = app_closure_delete(req_db(r), &actor, req_param_id(r, 0), &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (r->wants_json)
		return api_send(r, 200, json_pack("{s:I,s:I}", "id", (json_int_t)out.id, "sessions_restored",
						  (json_int_t)out.version));
	page_flash(r, "closure-deleted");
	return req_redirect(r, "/closures");
}

/* ---- Today ---- */

int
activities_today_section(struct req *r, const struct actor *actor)
{
	struct absence_alert *items = NULL;
	size_t n = 0;
	int min_days = 0;
	int rc = app_absence_alerts(req_db(r), r->a, actor, &items, &n, &min_days);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"unexcused\"><h2 id=\"unexcused\">");
	html_text(o, arena_printf(r->a, T(r, "Unexcused absence %d days in a row or more"), min_days));
	html_lit(o, "</h2>");
	if (n == 0) {
		p_text(r, N_("No one."));
	} else {
		html_lit(o, "<table id=\"unexcused-list\"><thead><tr>");
		th(r, N_("Name"));
		th(r, N_("Days in a row"));
		th(r, N_("Since"));
		th(r, N_("Latest"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr><td><a href=\"/participants/");
			html_int(o, items[i].participant_id);
			html_lit(o, "/attendance\">");
			html_text(o, case_name(r, items[i].given_name, items[i].family_name));
			html_lit(o, "</a></td><td>");
			html_int(o, items[i].days);
			html_lit(o, "</td>");
			td_text(r, date_text(r, items[i].since));
			td_text(r, date_text(r, items[i].last));
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	html_lit(o, "</section>");
	return SC_OK;
}

int
activities_today_json(struct req *r, const struct actor *actor, json_t *j)
{
	struct absence_alert *items = NULL;
	size_t n = 0;
	int min_days = 0;
	int rc = app_absence_alerts(req_db(r), r->a, actor, &items, &n, &min_days);
	if (rc != SC_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:i,s:s,s:s}", "participant_id",
						     (json_int_t)items[i].participant_id, "given_name",
						     items[i].given_name, "family_name", items[i].family_name, "days",
						     items[i].days, "since", date_text(r, items[i].since), "last",
						     date_text(r, items[i].last)));
	json_object_set_new(j, "unexcused_in_a_row", arr);
	return SC_OK;
}

const struct route activities_routes[] = {
	BOTH(GET_HEAD, "/groups", "/api/v1/groups", h_groups, NEED(RES_ACTIVITIES, ACT_READ)),
	BOTH(M_POST, "/groups", "/api/v1/groups", h_group_create, NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(GET_HEAD, "/activity-types", "/api/v1/activity-types", h_activity_types, NEED(RES_ACTIVITIES, ACT_READ)),
	BOTH(M_POST, "/activity-types", "/api/v1/activity-types", h_activity_type_add, NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(GET_HEAD, "/groups/:id", "/api/v1/groups/:id", h_group, NEED(RES_ACTIVITIES, ACT_READ)),
	BOTH(M_POST, "/groups/:id", "/api/v1/groups/:id", h_group_update, NEED(RES_ACTIVITIES, ACT_WRITE)),
	PAGE(GET_HEAD, "/groups/:id/edit", h_group_edit, NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(M_POST, "/groups/:id/enrolments", "/api/v1/groups/:id/enrolments", h_group_enrol,
	     NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(M_POST, "/groups/:id/enrolments/:eid/offer", "/api/v1/groups/:id/enrolments/:eid/offer", h_group_offer,
	     NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(GET_HEAD, "/groups/:id/enrolments/:eid", "/api/v1/groups/:id/enrolments/:eid", h_enrolment,
	     NEED(RES_ACTIVITIES, ACT_READ)),
	BOTH(M_POST, "/groups/:id/enrolments/:eid/end", "/api/v1/groups/:id/enrolments/:eid/end", h_enrolment_end,
	     NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(M_POST, "/groups/:id/sessions", "/api/v1/groups/:id/sessions", h_session_add,
	     NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(M_POST, "/sessions/:id/move", "/api/v1/sessions/:id/move", h_session_move, NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(M_POST, "/sessions/:id/cancel", "/api/v1/sessions/:id/cancel", h_session_cancel,
	     NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(GET_HEAD, "/closures", "/api/v1/closures", h_closures, NEED(RES_ACTIVITIES, ACT_READ)),
	BOTH(M_POST, "/closures", "/api/v1/closures", h_closure_create, NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(M_POST, "/closures/:id/delete", "/api/v1/closures/:id/delete", h_closure_delete,
	     NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(GET_HEAD, "/self-certification", "/api/v1/self-certification-rules", h_rules, NEED(RES_SELF, ACT_READ)),
	BOTH(M_POST, "/self-certification", "/api/v1/self-certification-rules", h_rule_add, NEED(RES_BENEFITS, ACT_WRITE)),
	BOTH(GET_HEAD, "/registers", "/api/v1/registers", h_registers, NEED(RES_ATTENDANCE, ACT_READ)),
	BOTH(GET_HEAD, "/sessions/:id/register", "/api/v1/sessions/:id/register", h_register,
	     NEED(RES_ATTENDANCE, ACT_READ)),
	BOTH(M_POST, "/sessions/:id/register", "/api/v1/sessions/:id/register", h_register_save,
	     NEED(RES_ATTENDANCE, ACT_WRITE)),
	BOTH(GET_HEAD, "/participants/:id/timetable", "/api/v1/participants/:id/timetable", h_timetable,
	     NEED(RES_PARTICIPANTS, ACT_READ)),
	BOTH(GET_HEAD, "/participants/:id/attendance", "/api/v1/participants/:id/attendance", h_attendance,
	     NEED(RES_PARTICIPANTS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/doctor-notes", "/api/v1/participants/:id/doctor-notes", h_doctor_note,
	     NEED(RES_ACTIVITIES, ACT_WRITE)),
	API(GET_HEAD, "/api/v1/participants/:id/groups", h_participant_groups, NEED(RES_PARTICIPANTS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/groups", "/api/v1/participants/:id/groups", h_participant_enrol,
	     NEED(RES_ACTIVITIES, ACT_WRITE)),
	ROUTES_END
};
