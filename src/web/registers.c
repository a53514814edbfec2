/*
 * registers.c — the attendance register of a session and the teacher's
 * registers page (issue 9; decision 35). The register is one form: a row
 * per participant enrolled on the session's date with the mark, the
 * minutes late or left early, the absence's type and a reason; "Save, the
 * rest present" marks every row left unmarked present. Saving it is one
 * request and one transaction. Both pages have their /api/v1/ twin. A
 * session without a saved mark is moved or cancelled from its register's
 * page, which a refusal shows again. The commands are app/activity.c.
 */
#include "activities.h"
#include "activities_parts.h"
#include "case.h"
#include "routes.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the register ---- */

/* A select of the register: labels[] are opts' labels translated, and empty
 * the translated label of the empty choice (each translated once a page,
 * not once a row: decision 74). */
static void
mark_select(struct req *r, const char *name, const char *label, const struct field_option *opts,
	    const char *const *labels, int n, const char *selected, const char *empty, const char *describedby)
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
	html_lit(o, "\"");
	if (describedby != NULL) {
		html_lit(o, " aria-invalid=\"true\" aria-describedby=\"");
		html_text(o, describedby);
		html_lit(o, "\"");
	}
	html_lit(o, "><option value=\"\">");
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

/* A move or cancellation refused, shown again on the register page. */
struct session_refused {
	bool cancel;                    /* the cancel form's, else the move form's */
	const struct form_errors *e;    /* beside the fields (the cancel form's
					 * reason is "cancel-reason") */
	const char *conflict;           /* the session changed meanwhile
					 * (cancelled, marked): said at the top */
};

/* Moving or cancelling a session without a saved mark (in a disclosure,
 * out of the register's way; open, with what was typed, when sr refused
 * one). */
static void
session_forms(struct req *r, const struct group_session *s, const struct session_refused *sr)
{
	struct buf *o = &r->out;
	const struct form_errors *e = sr != NULL && sr->e != NULL && sr->e->n > 0 ? sr->e : NULL;
	bool moved = e != NULL && !sr->cancel, cancelled = e != NULL && sr->cancel;
	html_lit(o, "<details class=\"no-print\"");
	if (e != NULL)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, "Move or cancel this session"));
	html_lit(o, "</summary>");
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" id=\"move-form\" action=\"/sessions/");
	html_int(o, s->id);
	html_lit(o, "/move\" novalidate><h3>");
	html_text(o, T(r, "Move"));
	html_lit(o, "</h3>");
	form_csrf(r);
	form_hidden_version(r, s->version);
	struct session_input in = {.on_date = s->on_date, .start = s->start, .end = s->end, .reason = ""};
	static const struct field_ui ui[] = {{.key = "anyway", .control = "checkbox"}, {0}};
	form_fields(r, session_input_fields, &in, moved, ui, moved ? e : NULL);
	html_lit(o, "<button type=\"submit\" class=\"secondary\">");
	html_text(o, T(r, "Move the session"));
	html_lit(o, "</button></form><form method=\"post\" id=\"cancel-form\" action=\"/sessions/");
	html_int(o, s->id);
	html_lit(o, "/cancel\" novalidate><h3>");
	html_text(o, T(r, "Cancel"));
	html_lit(o, "</h3>");
	form_csrf(r);
	form_hidden_version(r, s->version);
	/* its own id: the move form above has a "reason" too */
	const struct field *why = fields_find(session_cancel_fields, "reason");
	form_textarea(r, cancelled ? e : NULL, "cancel-reason", "reason", T(r, why->label),
		      cancelled ? req_field(r, "reason") : "", true, 2, (int)why->max);
	html_lit(o, "<button type=\"submit\" class=\"secondary\">");
	html_text(o, T(r, "Cancel the session"));
	html_lit(o, "</button></form></details>");
}

/* The names of a register row's fields, each followed by the row's number
 * (p1, mark1, minutes1, early1, absence1, reason1, p2, ...): the page
 * writes them, read_register_form() reads them. early: the minutes a
 * participant marked late also left early. */
enum { ROW_P, ROW_MARK, ROW_MINUTES, ROW_EARLY, ROW_ABSENCE, ROW_REASON, ROW_FIELDS };
static const char *const row_field_names[ROW_FIELDS] = {"p", "mark", "minutes", "early", "absence", "reason"};

/* The register of a session: e the refused register's errors (the rows
 * show what was posted), sr a refused move or cancellation; either may be
 * NULL. */
static int
register_page(struct req *r, const struct register_view *v, const struct form_errors *e,
	      const struct session_refused *sr)
{
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s %s", T(r, "Register"), v->g.name,
				   activity_date_text(r, v->s.on_date)));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, arena_printf(r->a, "%s: %s, %s %s\xE2\x80\x93%s", T(r, "Register"), v->g.name,
				  activity_date_text(r, v->s.on_date), activity_hhmm(r, v->s.start_min), activity_hhmm(r, v->s.end_min)));
	html_lit(o, "</h1><p><a href=\"/groups/");
	html_int(o, v->g.id);
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the group"));
	html_lit(o, "</a></p>");
	if (sr != NULL && sr->conflict != NULL) {
		html_lit(o, "<div class=\"error-box\" role=\"alert\" id=\"conflict\"><p>");
		html_text(o, sr->conflict);
		html_lit(o, "</p></div>");
	}
	if (v->s.status == SESSION_CANCELLED) {
		page_p(r, N_("The session is cancelled: it has no register."));
		return page_end(r);
	}
	/* only what the commands allow: a session holding a saved mark, a
	 * paused participant's too, is neither moved nor cancelled */
	if (!v->kept)
		session_forms(r, &v->s, sr);
	/* a session still to come has nothing to mark: the save would be
	 * refused (app_register_save) */
	if (date_cmp(v->s.on_date, req_actor(r).today) > 0) {
		page_p(r, N_("The register opens on the session's day."));
		return page_end(r);
	}
	if (v->n == 0) {
		page_p(r, N_("No one is enrolled on this day."));
		return page_end(r);
	}
	form_error_summary(r, e);
	bool posted = e != NULL;
	html_lit(o, "<form method=\"post\" action=\"/sessions/");
	html_int(o, v->s.id);
	html_lit(o, "/register\" id=\"register-form\" novalidate>");
	form_csrf(r);
	form_hidden_version(r, v->s.version);
	html_lit(o, "<p class=\"muted\">");
	html_text(o, T(r, "Everyone starts unmarked. Mark the exceptions, then \"Save, the rest present\" marks everyone left unmarked as present."));
	html_lit(o, "</p><table id=\"register\"><thead><tr>");
	page_th(r, N_("Name"));
	page_th(r, N_("Mark"));
	page_th(r, N_("Minutes missed"));
	page_th(r, N_("Also left early (minutes)"));
	page_th(r, N_("Absence"));
	page_th(r, N_("Reason"));
	html_lit(o, "</tr></thead><tbody>");
	const char *mark_labels[MARK_KIND_COUNT], *absence_labels[ABSENCE_TYPE_COUNT];
	for (int i = 0; i < MARK_KIND_COUNT; i++)
		mark_labels[i] = T(r, mark_kind_options[i].label);
	for (int i = 0; i < ABSENCE_TYPE_COUNT; i++)
		absence_labels[i] = T(r, absence_type_options[i].label);
	const char *t_mark = T(r, "Mark"), *t_minutes = T(r, "Minutes missed"),
		   *t_early = T(r, "Also left early (minutes)"), *t_absence = T(r, "Absence"),
		   *t_reason = T(r, "Reason"), *t_not_marked = T(r, "Not marked"), *t_none = T(r, "None");
	for (size_t i = 0; i < v->n; i++) {
		const struct register_entry *re = &v->rows[i];
		size_t k = i + 1;
		const char *name = case_name(r, re->given_name, re->family_name);
		const char *pn = arena_printf(r->a, "%s%zu", row_field_names[ROW_P], k);
		const char *mn = arena_printf(r->a, "%s%zu", row_field_names[ROW_MARK], k);
		const char *mi = arena_printf(r->a, "%s%zu", row_field_names[ROW_MINUTES], k);
		const char *ea = arena_printf(r->a, "%s%zu", row_field_names[ROW_EARLY], k);
		const char *ab = arena_printf(r->a, "%s%zu", row_field_names[ROW_ABSENCE], k);
		const char *rs = arena_printf(r->a, "%s%zu", row_field_names[ROW_REASON], k);
		/* a row's error is said beside its name and tied to its mark, where
		 * the summary's link lands (register_anchors()) */
		const char *err = form_error_for(e, mn);
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
			    MARK_KIND_COUNT, posted ? req_field(r, mn) : attendance_mark_key(&re->mark), t_not_marked,
			    err != NULL ? arena_printf(r->a, "row%zu-error", k) : NULL);
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
		html_lit(o, "\"></td><td><label class=\"visually-hidden\" for=\"");
		html_text(o, ea);
		html_lit(o, "\">");
		html_text(o, arena_printf(r->a, "%s: %s", t_early, name));
		html_lit(o, "</label><input type=\"number\" min=\"1\" inputmode=\"numeric\" size=\"4\" id=\"");
		html_text(o, ea);
		html_lit(o, "\" name=\"");
		html_text(o, ea);
		html_lit(o, "\" value=\"");
		if (posted)
			html_text(o, req_field(r, ea));
		else if (re->mark.kind == MARK_LATE && re->mark.early > 0)
			html_int(o, re->mark.early);
		html_lit(o, "\"></td><td>");
		mark_select(r, ab, arena_printf(r->a, "%s: %s", t_absence, name), absence_type_options, absence_labels,
			    ABSENCE_TYPE_COUNT, posted ? req_field(r, ab) : attendance_absence_key(&re->mark), t_none, NULL);
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
	/* a change in a month whose run waits is a correction too (decision
	 * 144): the teacher is told, and may say why for the finance officer */
	if (v->approved || v->run_waiting)
		form_textarea(r, e, "correction_reason", "correction_reason",
			      v->approved ? T(r, "The month's benefits are approved: why is the register corrected?")
					  : T(r, "The month's benefit run waits for approval: a change goes to the finance "
						 "officer as a correction. Why is it changed? (optional)"),
			      posted ? req_field(r, "correction_reason") : "", v->approved, 2, REGISTER_CORRECTION_MAX);
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
		json_t *row = attendance_mark_json(&re->mark);
		json_object_set_new(row, "participant_id", json_integer(re->participant_id));
		json_object_set_new(row, "given_name", json_string(re->given_name ? re->given_name : ""));
		json_object_set_new(row, "family_name", json_string(re->family_name ? re->family_name : ""));
		json_object_set_new(row, "doctor_note", json_boolean(re->doctor_note));
		json_object_set_new(row, "needs_doctor_note", json_boolean(re->beyond && !re->doctor_note));
		json_array_append_new(rows, row);
	}
	json_t *s = record_json(group_session_fields, &v->s, PARTS_ALL);
	(void)r;
	return json_pack("{s:o,s:I,s:s,s:b,s:b,s:o}", "session", s, "group_id", (json_int_t)v->g.id, "group_name",
			 v->g.name, "approved", v->approved, "run_waiting", v->run_waiting, "marks", rows);
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
	return register_page(r, &v, NULL, NULL);
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
/* The register form's fields by row (row_field_names; "" where absent),
 * read in one pass over the form (25 rows are 125 fields; asking
 * req_field() for each read the form 125 times). The first of a name
 * counts, as req_field() gives it. */
static void
register_form_fields(const struct req *r, const char *(*f)[ROW_FIELDS])
{
	for (size_t i = 0; i < REGISTER_ROWS_MAX; i++)
		for (int c = 0; c < ROW_FIELDS; c++)
			f[i][c] = NULL;
	for (size_t i = 0; i < r->form.n; i++) {
		const struct kv *kv = &r->form.items[i];
		if (kv->binary)
			continue;
		for (int c = 0; c < ROW_FIELDS; c++) {
			size_t len = strlen(row_field_names[c]);
			const char *d = kv->key + len;
			if (strncmp(kv->key, row_field_names[c], len) != 0 || d[0] < '1' || d[0] > '9')
				continue;
			size_t k = 0;
			while (*d >= '0' && *d <= '9' && k <= REGISTER_ROWS_MAX)
				k = k * 10 + (size_t)(*d++ - '0');
			if (*d == '\0' && k >= 1 && k <= REGISTER_ROWS_MAX && f[k - 1][c] == NULL)
				f[k - 1][c] = kv->value;
			break;
		}
	}
	for (size_t i = 0; i < REGISTER_ROWS_MAX; i++)
		for (int c = 0; c < ROW_FIELDS; c++)
			if (f[i][c] == NULL)
				f[i][c] = "";
}

/* Reads text into rec's field name of fs with the field's own limits (as
 * input_read() does for the API), its first error under key. */
static void
read_declared_text(struct req *r, struct fields fs, const char *name, const char *text, void *rec,
		   struct form_errors *e, const char *key)
{
	const struct field *f = fields_find(fs, name);
	struct field_errors fe = {0};
	if (f != NULL && !field_read_text(f, text, rec, r->a, &fe) && fe.n > 0)
		form_error(r, e, key, fe.reason[0]);
}

static void
read_register_form(struct req *r, struct register_input *in, struct form_errors *e)
{
	const char *(*f)[ROW_FIELDS] = arena_alloc(r->a, REGISTER_ROWS_MAX * sizeof *f);
	if (f != NULL)
		register_form_fields(r, f);
	size_t n = 0;
	while (f != NULL && n < REGISTER_ROWS_MAX && f[n][ROW_P][0] != '\0')
		n++;
	struct register_row *rows = arena_alloc(r->a, (n + 1) * sizeof *rows);
	for (size_t i = 0; rows != NULL && i < n; i++) {
		struct register_row *row = &rows[i];
		*row = (struct register_row){
			.mark = -1, .minutes = FIELD_NONE, .left_early_minutes = FIELD_NONE, .absence = -1, .reason = ""};
		const char *key = arena_printf(r->a, "marks[%zu]", i);
		if (parse_int64(f[i][ROW_P], 1, INT64_MAX, &row->participant_id) != SC_OK)
			form_error(r, e, arena_printf(r->a, "marks[%zu].participant_id", i), N_("Choose from the list."));
		const char *m = f[i][ROW_MARK];
		if (m[0] != '\0' && (row->mark = option_of(mark_kind_options, MARK_KIND_COUNT, m)) < 0)
			form_error(r, e, key, N_("Choose from the list."));
		const char *mi = f[i][ROW_MINUTES];
		if (mi[0] != '\0' && parse_int64(mi, 0, 24 * 60, &row->minutes) != SC_OK)
			form_error(r, e, key, N_("Give the minutes as a whole number."));
		const char *ea = f[i][ROW_EARLY];
		if (ea[0] != '\0' && parse_int64(ea, 0, 24 * 60, &row->left_early_minutes) != SC_OK)
			form_error(r, e, key, N_("Give the minutes as a whole number."));
		const char *ab = f[i][ROW_ABSENCE];
		if (ab[0] != '\0' && (row->absence = option_of(absence_type_options, ABSENCE_TYPE_COUNT, ab)) < 0)
			form_error(r, e, key, N_("Choose from the list."));
		read_declared_text(r, register_row_fields, "reason", f[i][ROW_REASON], row, e, key);
		if (row->reason == NULL)
			row->reason = "";
		if (row->mark == -2)
			row->mark = -1;
		if (row->absence == -2)
			row->absence = -1;
	}
	in->marks = (struct field_list){.n = rows != NULL ? n : 0, .items = rows};
	read_declared_text(r, register_fields, "correction_reason", req_field(r, "correction_reason"), in, e,
			   "correction_reason");
	if (in->correction_reason == NULL)
		in->correction_reason = "";
	in->rest_present = strcmp(req_field(r, "rest_present"), "yes") == 0 ? 1 : 0;
}

/* A save from a register read before someone else's (409): nothing was
 * saved; the register as it is now, the message at the top (the page) or
 * beside the error (the API's "register"). */
static int
register_stale(struct req *r, const struct actor *actor, int64_t sid, const struct outcome *out)
{
	struct register_view v;
	struct outcome shown;
	int rc = app_register(req_db(r), r->a, actor, sid, &v, &shown);
	if (rc != SC_OK)
		return rc;
	const char *msg = outcome_message(r, out);
	if (shown.refusal != DONE)
		return req_error(r, 409, msg);
	if (r->wants_json) {
		json_t *err = json_pack("{s:s, s:s, s:o}", "code", "stale", "message", msg, "fields",
					json_object());
		return api_send(r, 409, json_pack("{s:o, s:o}", "error", err, "register", register_json(r, &v)));
	}
	struct session_refused sr = {.cancel = false, .e = NULL, .conflict = msg};
	r->status = 409;
	return register_page(r, &v, NULL, &sr);
}

/* The page's errors of a row ("marks[N]", "marks[N].participant_id") under
 * the id of the row's mark ("markK", K = N + 1), so that the summary's
 * link reaches the field; the row shows the first. */
static void
register_anchors(struct req *r, struct form_errors *e)
{
	for (int i = 0; i < e->n; i++) {
		const char *f = e->field[i];
		size_t row = 0;
		if (strncmp(f, "marks[", 6) != 0 || f[6] < '0' || f[6] > '9')
			continue;
		const char *d = f + 6;
		while (*d >= '0' && *d <= '9' && row <= REGISTER_ROWS_MAX)
			row = row * 10 + (size_t)(*d++ - '0');
		if (*d != ']' || row >= REGISTER_ROWS_MAX)
			continue;
		const char *id = arena_printf(r->a, "%s%zu", row_field_names[ROW_MARK], row + 1);
		if (id != NULL)
			e->field[i] = id;
	}
}

/* POST /sessions/:id/register and /api/v1/sessions/:id/register. */
static int
h_register_save(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t sid = req_param_id(r, 0);
	struct register_input in;
	fields_clear(register_fields, &in);
	static const char *const extra[] = {"version", NULL};
	struct form_errors e = {0};
	int rc = SC_OK;
	bool api = r->json != NULL || r->wants_json;
	if (api) {
		if (!input_read(r, register_fields, &in, extra, &e, &rc))
			return rc;
		if (in.correction_reason == NULL)
			in.correction_reason = "";
	} else {
		read_register_form(r, &in, &e);
	}
	/* the form carries the version it was read at; the API takes it
	 * ("version", the register's session.version) and checks it when
	 * given */
	int64_t version = form_version(r, &e);
	struct outcome out = {0};
	if (!api && version <= 0)
		form_version_missing(&e, version, &out.errors);
	if (e.n == 0 && out.errors.n == 0) {
		rc = app_register_save(req_db(r), r->a, &actor, sid, version, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal == REFUSED_STALE)
		return register_stale(r, &actor, sid, &out);
	if (out.refusal != DONE) {
		/* a session the reader cannot reach is not found, whatever was
		 * posted to it (the input is read before the command looks) */
		struct register_view v;
		struct outcome shown;
		rc = app_register(req_db(r), r->a, &actor, sid, &v, &shown);
		if (rc != SC_OK)
			return rc;
		if (shown.refusal == REFUSED_NOT_FOUND)
			return req_error(r, 404, NULL);
		outcome_form_errors(r, &out, &e);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		if (out.refusal == REFUSED_STATE && out.message != NULL)
			form_error(r, &e, "register", out.message);
		register_anchors(r, &e);
		r->status = outcome_status(&out);
		return register_page(r, &v, &e, NULL);
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

/* ---- a session moved or cancelled ---- */

/* The session the route names, of the actor's centre: SC_ENOTFOUND for
 * another centre's, so it is not found whatever the body holds. */
static int
session_reached(struct req *r, const struct actor *actor)
{
	struct group_session known;
	return store_session_get(req_db(r), r->a, actor->centre_id, req_param_id(r, 0), &known);
}

/* Answers a refused move (cancel false) or cancellation: JSON the error;
 * a page the register again, the form open with what was typed and the
 * errors beside its fields (422), or what changed the session meanwhile
 * said at the top (409). */
static int
session_refused_answer(struct req *r, const struct actor *actor, struct outcome *out, struct form_errors *e,
		       bool cancel, const struct session_clashes *sc)
{
	struct fields fs = cancel ? session_cancel_fields : session_input_fields;
	if (sc != NULL && sc->n > 0) {
		/* beside the box that moves it anyway, the form open */
		int rc = session_clashes_refused(r, sc, e);
		if (rc != SC_OK || r->wants_json)
			return rc;
	} else {
		outcome_form_errors(r, out, e);
	}
	form_errors_order(e, fs);
	if (r->wants_json)
		return answer_refused_json(r, out, e);
	/* the cancel form's reason has its own id on the page */
	for (int i = 0; cancel && i < e->n; i++)
		if (strcmp(e->field[i], "reason") == 0)
			e->field[i] = "cancel-reason";
	struct session_refused sr = {.cancel = cancel, .e = e, .conflict = NULL};
	if (out->refusal != REFUSED_INVALID && (sc == NULL || sc->n == 0))
		sr.conflict = outcome_message(r, out);
	struct register_view v;
	struct outcome shown;
	int rc = app_register(req_db(r), r->a, actor, req_param_id(r, 0), &v, &shown);
	if (rc != SC_OK)
		return rc;
	if (shown.refusal != DONE)
		return req_error(r, outcome_status(out), sr.conflict);
	r->status = outcome_status(out);
	return register_page(r, &v, NULL, &sr);
}

/* POST /sessions/:id/move and its API twin: at the version read (the
 * form's hidden field, the API's "version"). */
static int
h_session_move(struct req *r)
{
	static const char *const extra[] = {"version", NULL};
	struct actor actor = req_actor(r);
	int rc = session_reached(r, &actor);
	if (rc != SC_OK)
		return rc == SC_ENOTFOUND ? req_error(r, 404, NULL) : rc;
	struct session_input in;
	struct form_errors e = {0};
	if (!input_read(r, session_input_fields, &in, extra, &e, &rc))
		return rc;
	int64_t version = form_version(r, &e);
	struct outcome out = {0};
	struct session_clashes sc = {0};
	if (e.n == 0) {
		rc = app_session_move(req_db(r), r->a, &actor, req_param_id(r, 0), version, &in, &sc, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		form_version_missing(&e, version, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE)
		return session_refused_answer(r, &actor, &out, &e, false, &sc);
	return session_done(r, &actor, out.id, 200);
}

/* POST /sessions/:id/cancel and its API twin: at the version read. */
static int
h_session_cancel(struct req *r)
{
	static const char *const extra[] = {"version", NULL};
	struct actor actor = req_actor(r);
	int rc = session_reached(r, &actor);
	if (rc != SC_OK)
		return rc == SC_ENOTFOUND ? req_error(r, 404, NULL) : rc;
	struct session_cancel in;
	struct form_errors e = {0};
	if (!input_read(r, session_cancel_fields, &in, extra, &e, &rc))
		return rc;
	int64_t version = form_version(r, &e);
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_session_cancel(req_db(r), r->a, &actor, req_param_id(r, 0), version, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		form_version_missing(&e, version, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE)
		return session_refused_answer(r, &actor, &out, &e, true, NULL);
	return session_done(r, &actor, out.id, 200);
}

/* ---- the teacher's home ---- */

#define HOME_GROUPS 20

int
registers_home_section(struct req *r)
{
	if ((r->user.roles & (ROLE_BIT(ROLE_TEACHER) | ROLE_BIT(ROLE_HEALTH))) == 0)
		return SC_OK;
	struct actor actor = req_actor(r);
	struct group *groups = NULL;
	size_t ngroups = 0;
	int rc = app_groups_taught(req_db(r), r->a, &actor, HOME_GROUPS, &groups, &ngroups);
	if (rc != SC_OK || ngroups == 0)
		return rc;
	struct group_session *today = NULL, *open = NULL;
	size_t ntoday = 0, nopen = 0;
	int64_t total = 0;
	rc = app_teacher_day(req_db(r), r->a, &actor, actor.today, &today, &ntoday, &open, &nopen, &total);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"teacher-day\"><h2 id=\"teacher-day\">");
	html_text(o, T(r, "Today's sessions"));
	html_lit(o, "</h2>");
	if (ntoday == 0)
		page_p(r, N_("No sessions today."));
	else
		sessions_table(r, today, ntoday, true, true);
	html_lit(o, "<p id=\"teacher-unmarked\">");
	if (total == 0) {
		html_text(o, T(r, "Every register is marked."));
	} else {
		html_lit(o, "<a href=\"/registers#unmarked\">");
		html_text(o, arena_printf(r->a,
					  trn(r->lang, "%lld register is not marked.", "%lld registers are not marked.",
					      (unsigned long)total),
					  (long long)total));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p><h2 id=\"teacher-groups\">");
	html_text(o, T(r, "Your groups"));
	html_lit(o, "</h2><ul>");
	for (size_t i = 0; i < ngroups; i++) {
		html_lit(o, "<li><a href=\"/groups/");
		html_int(o, groups[i].id);
		html_lit(o, "\">");
		html_text(o, groups[i].name);
		html_lit(o, "</a> ");
		html_text(o, arena_printf(r->a, "%s \xE2\x80\x93 %s, %lld / %lld", activity_date_text(r, groups[i].starts_on),
					  activity_date_text(r, groups[i].ends_on), (long long)groups[i].enrolled,
					  (long long)groups[i].capacity));
		html_lit(o, "</li>");
	}
	html_lit(o, "</ul></section>");
	return SC_OK;
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
		page_p(r, N_("No sessions today."));
	else
		sessions_table(r, today, ntoday, true, true);
	html_lit(o, "<h2 id=\"unmarked\">");
	html_text(o, T(r, "Registers not marked"));
	html_lit(o, "</h2>");
	if (nopen == 0) {
		page_p(r, N_("Every register is marked."));
	} else {
		html_lit(o, "<p>");
		html_text(o, arena_printf(r->a,
					  trn(r->lang, "%lld register is not marked.", "%lld registers are not marked.",
					      (unsigned long)total),
					  (long long)total));
		html_lit(o, "</p>");
		sessions_table(r, open, nopen, true, true);
	}
	return page_end(r);
}


const struct route registers_routes[] = {
	BOTH(GET_HEAD, "/registers", "/api/v1/registers", h_registers, NEED(RES_ATTENDANCE, ACT_READ)),
	BOTH(GET_HEAD, "/sessions/:id/register", "/api/v1/sessions/:id/register", h_register,
	     NEED(RES_ATTENDANCE, ACT_READ)),
	BOTH(M_POST, "/sessions/:id/register", "/api/v1/sessions/:id/register", h_register_save,
	     NEED(RES_ATTENDANCE, ACT_WRITE)),
	BOTH(M_POST, "/sessions/:id/move", "/api/v1/sessions/:id/move", h_session_move, NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(M_POST, "/sessions/:id/cancel", "/api/v1/sessions/:id/cancel", h_session_cancel,
	     NEED(RES_ACTIVITIES, ACT_WRITE)),
	ROUTES_END
};
