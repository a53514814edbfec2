/*
 * groups.c — groups and their sessions (issue 9; decision 35): the list of
 * groups and the form for a new one, the activity types, a group's page
 * and its edit form, enrolling participants in a group and its waiting
 * list, ending an enrolment early, and sessions one by one (an extra one,
 * moved, cancelled with a reason). Every page has its /api/v1/ twin. The
 * commands are app/activity.c.
 */
#include "activities_parts.h"
#include "case.h"
#include "internships_parts.h"
#include "routes.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	html_lit(o, "</h1>");
	static const struct page_link links[] = {
		{"/registers", N_("Registers"), RES_ATTENDANCE},
		{"/closures", N_("Closures"), RES_ACTIVITIES},
		{"/activity-types", N_("Activities"), RES_ACTIVITIES},
		{"/self-certification", N_("Self-certification rule"), RES_SELF},
		{NULL, NULL, RES_SELF},
	};
	page_links(r, links);
	if (n == 0) {
		page_p(r, N_("No groups yet."));
	} else {
		html_lit(o, "<table id=\"group-list\"><thead><tr>");
		page_th(r, N_("Number"));
		page_th(r, N_("Group"));
		page_th(r, N_("Activity"));
		page_th(r, N_("Level"));
		page_th(r, N_("Period"));
		page_th(r, N_("Places"));
		page_th(r, N_("Waiting"));
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
			page_td(r, activity_label(r, &items[i]));
			page_td(r, field_shown(r, level, &items[i]));
			page_td(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", activity_date_text(r, items[i].starts_on),
						activity_date_text(r, items[i].ends_on)));
			page_td(r, arena_printf(r->a, "%lld / %lld", (long long)items[i].enrolled,
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
	page_p(r, N_("The activity, the start and the weekly timetable stay as they are. A later end adds sessions from the timetable; an earlier one removes the sessions after it."));
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
	int64_t shortened = 0;
	if (e.n == 0) {
		rc = app_group_update(req_db(r), r->a, &actor, id, version, &in, &out, &shortened);
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
	/* an earlier last day ended the enrolments past it: said, not silent */
	json_t *j = record_json(group_fields, &g, PARTS_ALL);
	json_object_set_new(j, "enrolments_shortened", json_integer((json_int_t)shortened));
	return answer_done(r, 200, j, arena_printf(r->a, "/groups/%lld", (long long)id),
			   shortened > 0 ? "group-shortened" : "saved");
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
	page_th(r, N_("Name"));
	page_th(r, N_("Kind"));
	page_th(r, N_("Description"));
	page_th(r, N_("Health staff only"));
	html_lit(o, "</tr></thead><tbody>");
	const struct field *kind = fields_find(activity_type_fields, "kind");
	for (size_t i = 0; i < n; i++) {
		bool tr = false;
		const char *l = activity_type_label(types[i].key, types[i].name, &tr);
		const struct activity_builtin *b = activity_builtin_of(types[i].key);
		html_lit(o, "<tr><th scope=\"row\">");
		html_text(o, tr ? T(r, l) : l);
		html_lit(o, "</th>");
		page_td(r, field_shown(r, kind, &types[i]));
		page_td(r, b != NULL ? T(r, b->description) : (types[i].description ? types[i].description : ""));
		page_td(r, T(r, types[i].health_only == 1 ? "Yes" : "No"));
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table>");
	if (access_scope(actor->roles, RES_ACTIVITIES, ACT_WRITE) == SCOPE_ALL) {
		html_lit(o, "<h2 id=\"new-activity\">");
		html_text(o, T(r, "New activity"));
		html_lit(o, "</h2>");
		page_p(r, N_("An activity of the centre's own, beside the programme's eight: only this centre offers it."));
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

void
sessions_table(struct req *r, const struct group_session *s, size_t n, bool links, bool with_group)
{
	struct buf *o = &r->out;
	html_lit(o, "<table class=\"sessions\"><thead><tr>");
	page_th(r, N_("Date"));
	page_th(r, N_("Time"));
	if (with_group)
		page_th(r, N_("Group"));
	page_th(r, N_("Register"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr id=\"session-");
		html_int(o, s[i].id);
		html_lit(o, "\">");
		page_td(r, activity_date_text(r, s[i].on_date));
		page_td(r, arena_printf(r->a, "%s\xE2\x80\x93%s", activity_hhmm(r, s[i].start_min), activity_hhmm(r, s[i].end_min)));
		if (with_group)
			page_td(r, s[i].group_name ? s[i].group_name : "");
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

/* The attendance summary of a participant in the group's view, or NULL
 * (none marked, or not one the reader sees). */
static const struct attendance_summary *
attendance_of(const struct group_view *v, int64_t participant_id)
{
	for (size_t i = 0; i < v->nattendance; i++)
		if (v->attendance[i].participant_id == participant_id)
			return &v->attendance[i].s;
	return NULL;
}

/* A group's page; e the refused enrolment's errors (the enrol form shows
 * what was posted), se the refused session's (the session form, open,
 * shows what was posted); either may be NULL. */
static int
group_page(struct req *r, const struct actor *actor, const struct group_view *v, const struct form_errors *e,
	   const struct form_errors *se)
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
		{N_("Period"), arena_printf(r->a, "%s \xE2\x80\x93 %s", activity_date_text(r, g->starts_on), activity_date_text(r, g->ends_on))},
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
	if (v->others > 0 && v->health_hidden)
		page_para(r, "muted", arena_printf(r->a, T(r, "%zu enrolled or waiting: who attends a health activity is seen by health staff only."),
						   v->others));
	else if (v->others > 0)
		page_para(r, "muted",
			  arena_printf(r->a,
				       trn(r->lang,
					   "%zu more participant is enrolled or waiting; only the group's teachers, the "
					   "leader and their contact person see who.",
					   "%zu more participants are enrolled or waiting; only the group's teachers, the "
					   "leader and their contact persons see who.",
					   (unsigned long)v->others),
				       v->others));
	if (v->nenrolments == 0 && v->others == 0) {
		page_p(r, N_("No one is enrolled."));
	} else if (v->nenrolments > 0) {
		html_lit(o, "<table id=\"enrolments\"><thead><tr>");
		page_th(r, N_("Name"));
		page_th(r, N_("Status"));
		page_th(r, N_("From"));
		page_th(r, N_("To"));
		if (!v->names_only)
			page_th(r, N_("Attendance"));
		page_th(r, N_("Change"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < v->nenrolments; i++) {
			const struct group_enrolment *en = &v->enrolments[i];
			html_lit(o, "<tr><td>");
			if (v->names_only) {
				html_text(o, case_name(r, en->given_name, en->family_name));
			} else {
				html_lit(o, "<a href=\"/participants/");
				html_int(o, en->participant_id);
				html_lit(o, "\">");
				html_text(o, case_name(r, en->given_name, en->family_name));
				html_lit(o, "</a>");
			}
			html_lit(o, "</td>");
			html_lit(o, "<td>");
			html_text(o, T(r, group_enrolment_status_label(en, actor->today)));
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
			page_td(r, activity_date_text(r, en->starts_on));
			if (en->end_reason != NULL && en->end_reason[0] != '\0')
				page_td(r, arena_printf(r->a, "%s (%s)", activity_date_text(r, en->ends_on), en->end_reason));
			else
				page_td(r, activity_date_text(r, en->ends_on));
			if (!v->names_only)
				page_td(r, attendance_rate_text(r, attendance_of(v, en->participant_id)));
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
		html_lit(o, "<details class=\"no-print\"");
		if (se != NULL)
			html_lit(o, " open");
		html_lit(o, "><summary>");
		html_text(o, T(r, "Add a session"));
		html_lit(o, "</summary>");
		form_error_summary(r, se);
		html_lit(o, "<form method=\"post\" id=\"session-form\" action=\"/groups/");
		html_int(o, g->id);
		html_lit(o, "/sessions\" novalidate>");
		form_csrf(r);
		struct session_input blank;
		fields_clear(session_input_fields, &blank);
		static const struct field_ui ui[] = {{.key = "anyway", .control = "checkbox"}, {0}};
		form_fields(r, session_input_fields, &blank, se != NULL, ui, se);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Add the session"));
		html_lit(o, "</button></form></details>");
	}
	if (v->registers) {
		html_lit(o, "<p><a href=\"/groups/");
		html_int(o, g->id);
		html_lit(o, "/progress\">");
		html_text(o, T(r, "Norwegian progress of the group"));
		html_lit(o, "</a></p>");
	}
	html_lit(o, "<h2 id=\"sessions\">");
	html_text(o, T(r, "Sessions"));
	html_lit(o, "</h2>");
	sessions_table(r, v->sessions, v->nsessions, v->registers, false);
	return page_end(r);
}

static json_t *
group_view_json(const struct group_view *v, struct date today)
{
	json_t *j = record_json(group_fields, &v->g, PARTS_ALL);
	json_t *s = json_array();
	for (size_t i = 0; i < v->nsessions; i++)
		json_array_append_new(s, record_json(group_session_fields, &v->sessions[i], PARTS_ALL));
	json_t *en = json_array();
	for (size_t i = 0; i < v->nenrolments; i++) {
		json_t *x = group_enrolment_json(&v->enrolments[i], today);
		const struct attendance_summary *as = attendance_of(v, v->enrolments[i].participant_id);
		int rate = as != NULL ? attendance_rate_permille(as) : -1;
		if (!v->names_only)
			json_object_set_new(x, "attendance_rate_permille", rate < 0 ? json_null() : json_integer(rate));
		json_array_append_new(en, x);
	}
	json_object_set_new(j, "sessions", s);
	json_object_set_new(j, "enrolments", en);
	json_object_set_new(j, "enrolments_not_shown", json_integer((json_int_t)v->others));
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
		return api_send(r, 200, group_view_json(&v, actor.today));
	return group_page(r, &actor, &v, NULL, NULL);
}

/* The refusal of an enrolment as form errors: the clash named. */
static void
enrol_errors(struct req *r, struct outcome *out, const struct enrol_clash *c, struct form_errors *e)
{
	if (out->refusal == REFUSED_STATE && (c->group != NULL || c->employer != NULL)) {
		const char *msg =
			c->group != NULL && c->group[0] == '\0'
				? arena_printf(r->a, T(r, "Clashes with another of the participant's activities on %s at %s\xE2\x80\x93%s."),
					       activity_date_text(r, c->at.date), activity_hhmm(r, c->at.start),
					       activity_hhmm(r, c->at.end))
			: c->group != NULL
				? arena_printf(r->a, T(r, "Clashes with %s on %s at %s\xE2\x80\x93%s."), c->group,
					       activity_date_text(r, c->at.date), activity_hhmm(r, c->at.start),
					       activity_hhmm(r, c->at.end))
				: arena_printf(r->a, T(r, "Clashes with the work placement at %s (%s), first on %s."),
					       c->employer, placement_schedule_text(r, c->schedule),
					       activity_date_text(r, c->at.date));
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
int
enrol_refused(struct req *r, struct outcome *out, const struct enrol_clash *c, struct form_errors *e)
{
	enrol_errors(r, out, c, e);
	form_errors_order(e, group_enrolment_fields);
	if (r->wants_json) {
		if (out->refusal == REFUSED_STATE && (c->group != NULL || c->employer != NULL)) {
			json_t *f = json_object();
			json_object_set_new(f, "group_id", json_string(e->message[0]));
			json_t *clash = json_pack("{s:s,s:s,s:s}", "date", activity_date_text(r, c->at.date), "start",
						  activity_hhmm(r, c->at.start), "end", activity_hhmm(r, c->at.end));
			if (c->group != NULL) {
				/* null: a health-only group the reader may not know of */
				json_object_set_new(clash, "group",
						    c->group[0] != '\0' ? json_string(c->group) : json_null());
			} else {
				json_object_set_new(clash, "placement_id", json_integer((json_int_t)c->placement_id));
				json_object_set_new(clash, "employer", json_string(c->employer));
				json_object_set_new(clash, "schedule", json_string(c->schedule));
			}
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
int
enrolment_done(struct req *r, const struct actor *actor, int64_t id, const char *location)
{
	struct group_enrolment en;
	int rc = store_group_enrolment_get(req_db(r), r->a, actor->centre_id, id, &en);
	if (rc != SC_OK)
		return rc;
	json_t *j = group_enrolment_json(&en, actor->today);
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
		/* the group's form has no group_id field: what the participant's
		 * form says beside the group (a clash, a full group) is said
		 * beside the participant, where its summary's link lands */
		for (int i = 0; i < e.n; i++)
			if (strcmp(e.field[i], "group_id") == 0)
				e.field[i] = "participant_id";
		struct group_view v;
		struct outcome shown;
		int status = r->status;
		rc = app_group(req_db(r), r->a, &actor, gid, &v, &shown);
		if (rc != SC_OK)
			return rc;
		if (shown.refusal != DONE)
			return req_error(r, 404, NULL);
		r->status = status;
		return group_page(r, &actor, &v, &e, NULL);
	}
	return enrolment_done(r, &actor, out.id, arena_printf(r->a, "/groups/%lld#participants", (long long)gid));
}

/* POST /groups/:id/enrolments/:eid/offer and its API twin: a place for
 * someone on the waiting list. */
static int
h_group_offer(struct req *r)
{
	int nobody = SC_OK;
	if (!api_no_body(r, &nobody))
		return nobody;
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
		return group_page(r, &actor, &v, &e, NULL);
	}
	struct group_enrolment en;
	rc = store_group_enrolment_get(req_db(r), r->a, actor.centre_id, out.id, &en);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, 200, group_enrolment_json(&en, actor.today),
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
		{N_("Status"), T(r, group_enrolment_status_label(en, actor->today))},
		{N_("From"), activity_date_text(r, en->starts_on)},
		{N_("To"), activity_date_text(r, en->ends_on)},
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
		page_p(r, N_("The participant leaves the group after the last day: the later sessions leave their timetable and the place is free for the waiting list."));
		if (date_cmp(en->starts_on, actor->today) > 0)
			page_p(r, N_("The enrolment has not begun: a last day before its first day withdraws it, and the place is free for the waiting list."));
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
		return api_send(r, 200, group_enrolment_json(&en, actor.today));
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
	return answer_done(r, 200, group_enrolment_json(&en, actor.today),
			   arena_printf(r->a, "/groups/%lld#participants", (long long)gid), "saved");
}

/* ---- sessions one by one ---- */

/* POST /groups/:id/sessions and its API twin: a session added by hand. A
 * refusal shows the group's page again with the form open, what was typed
 * kept and the errors beside the fields. */
static int
h_session_add(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t gid = req_param_id(r, 0);
	/* a group the actor cannot reach is not found, whatever the body holds */
	struct group_view seen;
	struct outcome found;
	int rc = app_group(req_db(r), r->a, &actor, gid, &seen, &found);
	if (rc != SC_OK)
		return rc;
	if (found.refusal != DONE)
		return req_error(r, outcome_status(&found), NULL);
	struct session_input in;
	struct form_errors e = {0};
	if (!input_read(r, session_input_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	struct session_clashes sc = {0};
	if (e.n == 0) {
		rc = app_session_add(req_db(r), r->a, &actor, gid, &in, &sc, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (sc.n > 0) {
			rc = session_clashes_refused(r, &sc, &e);
			if (rc != SC_OK || r->wants_json)
				return rc;
		} else {
			outcome_form_errors(r, &out, &e);
		}
		form_errors_order(&e, session_input_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		struct group_view v;
		struct outcome shown;
		rc = app_group(req_db(r), r->a, &actor, gid, &v, &shown);
		if (rc != SC_OK)
			return rc;
		if (shown.refusal != DONE)
			return req_error(r, 404, NULL);
		r->status = outcome_status(&out);
		return group_page(r, &actor, &v, NULL, &e);
	}
	return session_done(r, &actor, out.id, 201);
}

const struct route groups_routes[] = {
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
	ROUTES_END
};
