/*
 * h_plan.c — pages and API for this area; its routes are in routes_plan.inc.
 *
 * The work plan of a participant's current programme period: their own
 * wishes, the resources assessment ("Of course I can"), the date they agreed
 * to it, goals with measurable steps (each change kept in the goal's
 * history), evaluation dates, the saved versions of the plan, and a
 * printable copy to read and sign. Every page and API call goes through
 * case_participant() (the scope check on the record) and is audited; every
 * change is audited in the same transaction as the change.
 *
 * Forms work without JavaScript: a goal's steps are a fixed number of rows
 * (blank rows are skipped), and a save carries the version it was made
 * from, so two people editing the same plan or goal cannot overwrite each
 * other: a stale save is a 409 whose form keeps what was typed, at the
 * saved version, and takes the other person's change in every field the
 * typist had not changed (struct kept), so saving it again loses neither.
 */
#include "case.h"
#include "http.h"
#include "domain/plan.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <string.h>

/* Prototypes of the handlers (routes.c declares them the same way). */
#define ROUTE(method, pattern, fn, perm, api) int fn(struct req *r);
#include "routes_plan.inc"
#undef ROUTE

/* case_participant()'s "already answered" becomes the handler's H_DONE. */
#define ANSWERED(rc) ((rc) == CASE_ANSWERED ? H_DONE : (rc))

#define STEP_ROWS_MIN 5      /* rows a goal form offers at least */
#define STEP_ROWS_SPARE 3    /* blank rows after the last filled one */

/* What every plan page loads. */
struct plan_ctx {
	struct participant_brief p;
	bool enrolled;                /* has a current programme period */
	struct plan_period period;
	struct date start;            /* the period's start */
	struct work_plan plan;        /* id 0 / version 0 until first saved */
};

/*
 * Loads the participant (with the access check for act), their current
 * period and its plan. Returns 0, CASE_ANSWERED (404/403 sent) or a
 * negative SC_ code. Not being enrolled is not an error: c->enrolled.
 */
static int
plan_load(struct req *r, const char *id_text, enum action act, struct plan_ctx *c)
{
	memset(c, 0, sizeof *c);
	int rc = case_participant(r, id_text, PART_BIT(PART_PLAN), act, &c->p);
	if (rc != SC_OK)
		return rc;
	struct db *db = req_db(r);
	rc = store_plan_period(db, r->a, c->p.id, &c->period);
	if (rc == SC_ENOTFOUND)
		return SC_OK;
	if (rc != SC_OK)
		return rc;
	c->enrolled = true;
	if (date_parse(c->period.start_date, &c->start) != SC_OK)
		c->start = (struct date){DATE_MIN_YEAR, 1, 1};
	return store_plan_get(db, r->a, c->period.id, c->p.id, &c->plan);
}

static char *
dup(struct req *r, const char *s)
{
	return arena_strdup(r->a, s != NULL ? s : "");
}

static const char *
when_text(struct req *r, int64_t t)
{
	char s[20];
	time_format_local(t, s, sizeof s);
	return arena_strdup(r->a, s);
}

static const char *
plan_path(struct req *r, const struct plan_ctx *c, const char *suffix)
{
	return arena_printf(r->a, "/participants/%lld/plan%s", (long long)c->p.id, suffix);
}

/* A date that may be missing. */
static void
date_cell(struct buf *o, const char *d)
{
	if (d != NULL && *d != '\0')
		html_text(o, d);
	else
		html_lit(o, "\xE2\x80\x94");
}

/* ---- form pieces ---- */

static void
control_attrs(struct req *r, const char *id, const char *name, bool required, const char *err,
	      const char *hint_id)
{
	struct buf *o = &r->out;
	html_lit(o, " id=\"");
	html_text(o, id);
	html_lit(o, "\" name=\"");
	html_text(o, name);
	html_lit(o, "\"");
	if (required)
		html_lit(o, " required aria-required=\"true\"");
	if (err != NULL)
		html_lit(o, " aria-invalid=\"true\"");
	if (err != NULL || hint_id != NULL) {
		html_lit(o, " aria-describedby=\"");
		if (hint_id != NULL)
			html_text(o, hint_id);
		if (err != NULL) {
			if (hint_id != NULL)
				html_lit(o, " ");
			html_text(o, id);
			html_lit(o, "-error");
		}
		html_lit(o, "\"");
	}
}

/* An input whose id differs from its name (several small forms on a page). */
static void
input_field(struct req *r, const struct form_errors *e, const char *id, const char *name,
	    const char *label, const char *type, const char *value, bool required)
{
	const char *err = form_error_for(e, id);
	form_field_open(&r->out, err, id, label, required);
	html_lit(&r->out, "<input type=\"");
	html_text(&r->out, type);
	html_lit(&r->out, "\"");
	control_attrs(r, id, name, required, err, NULL);
	html_lit(&r->out, " value=\"");
	html_text(&r->out, value != NULL ? value : "");
	html_lit(&r->out, "\">");
	form_field_error(&r->out, err, id);
	html_lit(&r->out, "</div>");
}

static void
textarea_field(struct req *r, const struct form_errors *e, const char *name, const char *label,
	       const char *hint, const char *value)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, name);
	const char *hint_id = hint != NULL ? arena_printf(r->a, "%s-hint", name) : NULL;
	form_field_open(&r->out, err, name, label, false);
	if (hint != NULL) {
		html_lit(o, "<p class=\"muted\" id=\"");
		html_text(o, hint_id);
		html_lit(o, "\">");
		html_text(o, hint);
		html_lit(o, "</p>");
	}
	html_lit(o, "<textarea rows=\"8\"");
	control_attrs(r, name, name, false, err, hint_id);
	html_lit(o, ">");
	/* A leading newline after <textarea> is dropped by the parser. */
	html_lit(o, "\n");
	html_text(o, value != NULL ? value : "");
	html_lit(o, "</textarea>");
	form_field_error(&r->out, err, name);
	html_lit(o, "</div>");
}

static void
category_select(struct req *r, const struct form_errors *e, const char *value)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, "category");
	form_field_open(&r->out, err, "category", T(r, "Category"), true);
	html_lit(o, "<select");
	control_attrs(r, "category", "category", true, err, NULL);
	html_lit(o, "><option value=\"\">");
	html_text(o, T(r, "Choose a category"));
	html_lit(o, "</option>");
	for (int c = GOAL_CATEGORY_FIRST; c <= GOAL_CATEGORY_LAST; c++) {
		const char *key = goal_category_key((enum goal_category)c);
		html_lit(o, "<option value=\"");
		html_text(o, key);
		html_lit(o, "\"");
		if (value != NULL && strcmp(value, key) == 0)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, T(r, goal_category_label((enum goal_category)c)));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_error(&r->out, err, "category");
	html_lit(o, "</div>");
}

static void
status_select(struct req *r, const struct form_errors *e, const char *value)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, "status");
	if (value == NULL || *value == '\0')
		value = goal_status_key(GOAL_PLANNED);
	form_field_open(&r->out, err, "status", T(r, "Status"), true);
	html_lit(o, "<select");
	control_attrs(r, "status", "status", true, err, NULL);
	html_lit(o, ">");
	for (int s = GOAL_STATUS_FIRST; s <= GOAL_STATUS_LAST; s++) {
		const char *key = goal_status_key((enum goal_status)s);
		html_lit(o, "<option value=\"");
		html_text(o, key);
		html_lit(o, "\"");
		if (strcmp(value, key) == 0)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, T(r, goal_status_label((enum goal_status)s)));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_error(&r->out, err, "status");
	html_lit(o, "</div>");
}

/* ---- goal forms ---- */

/* What a goal form shows: the request's fields, or a stored goal. */
struct goal_values {
	const char *category, *title, *target_date, *status;
	size_t rows;
	const char *text[GOAL_STEPS_MAX], *due[GOAL_STEPS_MAX], *done[GOAL_STEPS_MAX];
};

static size_t
step_rows(size_t filled)
{
	size_t n = filled + STEP_ROWS_SPARE;
	if (n < STEP_ROWS_MIN)
		n = STEP_ROWS_MIN;
	return n > GOAL_STEPS_MAX ? GOAL_STEPS_MAX : n;
}

static void
goal_values_from_request(struct req *r, struct goal_values *v)
{
	memset(v, 0, sizeof *v);
	v->category = req_field(r, "category");
	v->title = req_field(r, "title");
	v->target_date = req_field(r, "target_date");
	v->status = req_field(r, "status");
	size_t filled = 0;
	for (size_t i = 0; i < GOAL_STEPS_MAX; i++) {
		v->text[i] = req_field(r, goal_step_field(i + 1));
		v->due[i] = req_field(r, goal_step_due_field(i + 1));
		v->done[i] = req_field(r, goal_step_done_field(i + 1));
		if (*v->text[i] || *v->due[i] || *v->done[i])
			filled = i + 1;
	}
	v->rows = step_rows(filled);
}

static void
goal_values_from_goal(const struct plan_goal *g, struct goal_values *v)
{
	memset(v, 0, sizeof *v);
	v->category = g->category;
	v->title = g->title;
	v->target_date = g->target_date;
	v->status = g->status;
	size_t n = g->nsteps > GOAL_STEPS_MAX ? GOAL_STEPS_MAX : g->nsteps;
	for (size_t i = 0; i < n; i++) {
		v->text[i] = g->steps[i].description;
		v->due[i] = g->steps[i].due_on;
		v->done[i] = g->steps[i].done_on;
	}
	v->rows = step_rows(n);
}

/* The fields of a goal form (inside a <form> the caller opens). */
static void
goal_fields(struct req *r, const struct form_errors *e, const struct goal_values *v)
{
	struct buf *o = &r->out;
	category_select(r, e, v->category);
	form_input(r, e, "title", T(r, "Goal"), "text", v->title, "off", true);
	form_input(r, e, "target_date", T(r, "Target date"), "date", v->target_date, "off", false);
	status_select(r, e, v->status);
	const char *err = form_error_for(e, "steps");
	html_lit(o, "<fieldset class=\"wide\" id=\"steps\" aria-describedby=\"steps-hint");
	if (err != NULL)
		html_lit(o, " steps-error");
	html_lit(o, "\"><legend>");
	html_text(o, T(r, "Steps"));
	html_lit(o, "</legend><p class=\"muted\" id=\"steps-hint\">");
	html_text(o, T(r, "Measurable steps toward the goal, one a row, each with the date it should be "
			  "done by and the date it was done. Leave rows you do not need empty; save to get more rows."));
	html_lit(o, "</p>");
	form_field_error(&r->out, err, "steps");
	for (size_t i = 0; i < v->rows; i++) {
		int row = (int)i + 1;
		html_lit(o, "<div class=\"filters step-row\">");
		form_input(r, e, goal_step_field(i + 1), arena_printf(r->a, T(r, "Step %d"), row), "text",
			   v->text[i], "off", false);
		form_input(r, e, goal_step_due_field(i + 1), arena_printf(r->a, T(r, "Step %d: due by"), row),
			   "date", v->due[i], "off", false);
		form_input(r, e, goal_step_done_field(i + 1), arena_printf(r->a, T(r, "Step %d: done on"), row),
			   "date", v->done[i], "off", false);
		html_lit(o, "</div>");
	}
	html_lit(o, "</fieldset>");
}

static void
goal_form_from_request(struct req *r, struct goal_form *f)
{
	memset(f, 0, sizeof *f);
	f->category = dup(r, req_field(r, "category"));
	f->title = dup(r, req_field(r, "title"));
	f->target_date = dup(r, req_field(r, "target_date"));
	f->status = dup(r, req_field(r, "status"));
	f->nsteps = GOAL_STEPS_MAX;
	for (size_t i = 0; i < GOAL_STEPS_MAX; i++) {
		f->steps[i].description = dup(r, req_field(r, goal_step_field(i + 1)));
		f->steps[i].due_on = dup(r, req_field(r, goal_step_due_field(i + 1)));
		f->steps[i].done_on = dup(r, req_field(r, goal_step_done_field(i + 1)));
	}
}

/* ---- a stale save shown again ---- */

/*
 * A save refused because someone else saved first, shown again: the form
 * keeps what was typed, except a field only they changed (it shows theirs,
 * so saving again does not undo it). A field both changed keeps the typed
 * text, and a note names what they saved.
 */
struct kept {
	const char *values[5];        /* what each field of the form shows */
	const char *notes[5];         /* per field both changed: what they saved */
	size_t nnotes;
	bool saved_steps;             /* a goal's steps: show the saved ones */
};

/* Which text a field of a stale form shows: base is the field when the form
 * was opened (NULL: not known, keep typed), saved is it now. */
enum kept_pick { KEEP_TYPED, TAKE_SAVED, BOTH_CHANGED };

static enum kept_pick
kept_pick(const char *base, const char *typed, const char *saved, bool have_base)
{
	if (!have_base || case_same_text(saved, base) || case_same_text(typed, saved))
		return KEEP_TYPED;
	if (case_same_text(typed, base))
		return TAKE_SAVED;
	return BOTH_CHANGED;
}

/* Adds the line "LABEL: they saved «VALUE»; the form keeps yours." */
static void
kept_note(struct req *r, struct kept *k, const char *label, const char *saved)
{
	if (k->nnotes < sizeof k->notes / sizeof k->notes[0])
		k->notes[k->nnotes++] = arena_printf(r->a, T(r, "%s: they saved “%s”; the form keeps yours."),
						     label, saved != NULL ? saved : "");
}

/* ---- the plan page ---- */

enum posted_form { POSTED_NONE, POSTED_PLAN, POSTED_GOAL, POSTED_EVAL, POSTED_EVAL_DONE };

/* How the plan page is shown after a POST that did not save. */
struct page_state {
	enum posted_form form;        /* its fields come from the request */
	const struct form_errors *e;  /* errors of that form */
	int64_t eval_id;              /* POSTED_EVAL_DONE: which evaluation */
	const char *conflict;         /* a 409's message */
	const struct kept *kept;      /* a stale plan save shown again (may be NULL) */
};

/* A table scrolls sideways in its own box on a narrow screen, so the page
 * never does; the box takes focus so a keyboard can scroll it. Close it
 * with scroll_close(). */
static void
scroll_open(struct req *r, const char *label)
{
	html_lit(&r->out, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"");
	html_text(&r->out, label);
	html_lit(&r->out, "\">");
}

static void
scroll_close(struct req *r)
{
	html_lit(&r->out, "</div>");
}

static void
goal_steps_table(struct req *r, const struct plan_goal *g)
{
	struct buf *o = &r->out;
	if (g->nsteps == 0)
		return;
	scroll_open(r, arena_printf(r->a, "%s: %s", T(r, "Steps"), g->title));
	html_lit(o, "<table><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Step"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Due by"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Done on"));
	html_lit(o, "</th></tr></thead><tbody>");
	struct date today = case_today();
	for (size_t i = 0; i < g->nsteps; i++) {
		const struct plan_step *s = &g->steps[i];
		struct date due;
		bool overdue = s->done_on == NULL && s->due_on != NULL &&
			       date_parse(s->due_on, &due) == SC_OK && date_cmp(due, today) < 0;
		html_lit(o, "<tr><td>");
		html_text(o, s->description);
		html_lit(o, "</td><td");
		if (overdue)
			html_lit(o, " class=\"overdue\"");
		html_lit(o, ">");
		date_cell(o, s->due_on);
		if (overdue) {
			html_lit(o, " (");
			html_text(o, T(r, "overdue"));
			html_lit(o, ")");
		}
		html_lit(o, "</td><td>");
		date_cell(o, s->done_on);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	scroll_close(r);
}

static void
goal_summary_line(struct req *r, const struct plan_goal *g)
{
	struct buf *o = &r->out;
	html_lit(o, "<p>");
	html_text(o, T(r, "Category"));
	html_lit(o, ": ");
	html_text(o, T(r, goal_category_label_of(g->category)));
	html_lit(o, " \xC2\xB7 ");
	html_text(o, T(r, "Target date"));
	html_lit(o, ": ");
	date_cell(o, g->target_date);
	html_lit(o, " \xC2\xB7 ");
	html_text(o, T(r, "Status"));
	html_lit(o, ": <span class=\"status goal-");
	html_text(o, g->status);
	html_lit(o, "\">");
	html_text(o, T(r, goal_status_label_of(g->status)));
	html_lit(o, "</span></p>");
}

static void
plan_section(struct req *r, const struct plan_ctx *c, const struct page_state *ps, bool can_write)
{
	struct buf *o = &r->out;
	const struct work_plan *wp = &c->plan;
	html_lit(o, "<section aria-labelledby=\"plan-h\"><h2 id=\"plan-h\">");
	html_text(o, T(r, "Wishes and resources"));
	html_lit(o, "</h2>");
	if (!can_write) {
		html_lit(o, "<dl class=\"record\"><dt>");
		html_text(o, T(r, "The participant's own wishes"));
		html_lit(o, "</dt><dd>");
		html_text(o, wp->wishes);
		html_lit(o, "</dd><dt>");
		html_text(o, T(r, "Resources assessment (Of course I can)"));
		html_lit(o, "</dt><dd>");
		html_text(o, wp->resources);
		html_lit(o, "</dd><dt>");
		html_text(o, T(r, "Agreed with the participant on"));
		html_lit(o, "</dt><dd>");
		date_cell(o, wp->agreed_on);
		html_lit(o, "</dd></dl></section>");
		return;
	}
	bool posted = ps->form == POSTED_PLAN;
	const struct form_errors *e = posted ? ps->e : NULL;
	const char *wishes = posted ? req_field(r, "wishes") : wp->wishes;
	const char *resources = posted ? req_field(r, "resources") : wp->resources;
	const char *agreed_on = posted ? req_field(r, "agreed_on") : wp->agreed_on;
	if (ps->kept != NULL) {
		wishes = ps->kept->values[0];
		resources = ps->kept->values[1];
		agreed_on = ps->kept->values[2];
	}
	html_lit(o, "<form method=\"post\" action=\"");
	html_text(o, plan_path(r, c, ""));
	html_lit(o, "\" id=\"plan-form\" novalidate>");
	form_csrf(r);
	html_lit(o, "<input type=\"hidden\" name=\"version\" value=\"");
	html_int(o, wp->version);
	html_lit(o, "\">");
	textarea_field(r, e, "wishes", T(r, "The participant's own wishes"),
		       T(r, "In the participant's own words: what they want to do, learn or become."),
		       wishes);
	textarea_field(r, e, "resources", T(r, "Resources assessment (Of course I can)"),
		       T(r, "The participant's own resources and skills, as you assessed them together, "
			    "and how they can show them."),
		       resources);
	form_input(r, e, "agreed_on", T(r, "Agreed with the participant on"), "date", agreed_on, "off", false);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Save plan"));
	html_lit(o, "</button></form>");
	html_lit(o, "</section>");
}

static void
goals_section(struct req *r, const struct plan_ctx *c, const struct page_state *ps, bool can_write)
{
	struct buf *o = &r->out;
	const struct work_plan *wp = &c->plan;
	html_lit(o, "<section aria-labelledby=\"goals-h\"><h2 id=\"goals-h\">");
	html_text(o, T(r, "Goals"));
	html_lit(o, "</h2>");
	if (wp->ngoals == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, "No goals yet."));
		html_lit(o, "</p>");
	}
	for (size_t i = 0; i < wp->ngoals; i++) {
		const struct plan_goal *g = &wp->goals[i];
		html_lit(o, "<section class=\"goal\" id=\"goal-");
		html_int(o, g->id);
		html_lit(o, "\"><h3>");
		html_text(o, g->title);
		html_lit(o, "</h3>");
		goal_summary_line(r, g);
		goal_steps_table(r, g);
		html_lit(o, "<p><a href=\"");
		html_text(o, plan_path(r, c, arena_printf(r->a, "/goals/%lld", (long long)g->id)));
		html_lit(o, "\">");
		html_text(o, can_write ? T(r, "Change this goal, and see its history")
				       : T(r, "See this goal's history"));
		html_lit(o, "</a></p></section>");
	}
	if (can_write) {
		bool posted = ps->form == POSTED_GOAL;
		struct goal_values v;
		if (posted) {
			goal_values_from_request(r, &v);
		} else {
			memset(&v, 0, sizeof v);
			v.rows = step_rows(0);
		}
		html_lit(o, "<h3 id=\"add-goal\">");
		html_text(o, T(r, "Add a goal"));
		html_lit(o, "</h3><form method=\"post\" action=\"");
		html_text(o, plan_path(r, c, "/goals"));
		html_lit(o, "\" id=\"goal-form\" novalidate>");
		form_csrf(r);
		goal_fields(r, posted ? ps->e : NULL, &v);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Add goal"));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</section>");
}

static void
evaluations_section(struct req *r, const struct plan_ctx *c, const struct page_state *ps,
		    bool can_write)
{
	struct buf *o = &r->out;
	const struct work_plan *wp = &c->plan;
	html_lit(o, "<section aria-labelledby=\"evaluations-h\" id=\"evaluations\"><h2 id=\"evaluations-h\">");
	html_text(o, T(r, "Evaluations"));
	html_lit(o, "</h2>");
	if (wp->nevaluations == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, "No evaluation dates yet."));
		html_lit(o, "</p>");
	} else {
		scroll_open(r, T(r, "Evaluations"));
		html_lit(o, "<table><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Date"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Held on"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Note"));
		html_lit(o, "</th>");
		if (can_write) {
			html_lit(o, "<th scope=\"col\">");
			html_text(o, T(r, "Mark as held"));
			html_lit(o, "</th>");
		}
		html_lit(o, "</tr></thead><tbody>");
		struct date today = case_today();
		for (size_t i = 0; i < wp->nevaluations; i++) {
			const struct plan_evaluation *ev = &wp->evaluations[i];
			struct date due;
			bool overdue = ev->done_on == NULL && date_parse(ev->due_on, &due) == SC_OK &&
				       date_cmp(due, today) < 0;
			html_lit(o, "<tr id=\"evaluation-");
			html_int(o, ev->id);
			html_lit(o, "\"><td");
			if (overdue)
				html_lit(o, " class=\"overdue\"");
			html_lit(o, ">");
			html_text(o, ev->due_on);
			if (overdue) {
				html_lit(o, " (");
				html_text(o, T(r, "overdue"));
				html_lit(o, ")");
			}
			html_lit(o, "</td><td>");
			date_cell(o, ev->done_on);
			html_lit(o, "</td><td>");
			html_lines(o, ev->note);
			html_lit(o, "</td>");
			if (can_write) {
				html_lit(o, "<td>");
				if (ev->done_on == NULL) {
					bool posted = ps->form == POSTED_EVAL_DONE && ps->eval_id == ev->id;
					const struct form_errors *e = posted ? ps->e : NULL;
					const char *base = plan_path(r, c, arena_printf(r->a, "/evaluations/%lld",
											  (long long)ev->id));
					html_lit(o, "<form method=\"post\" action=\"");
					html_text(o, base);
					html_lit(o, "/done\" novalidate>");
					form_csrf(r);
					input_field(r, e, arena_printf(r->a, "done_on-%lld", (long long)ev->id),
						    "done_on", T(r, "Held on"), "date",
						    posted ? req_field(r, "done_on") : NULL, true);
					input_field(r, e, arena_printf(r->a, "note-%lld", (long long)ev->id),
						    "note", T(r, "Note"), "text",
						    posted ? req_field(r, "note") : NULL, false);
					html_lit(o, "<button type=\"submit\">");
					html_text(o, T(r, "Mark as held"));
					html_lit(o, "</button></form><form method=\"post\" action=\"");
					html_text(o, base);
					html_lit(o, "/delete\" class=\"inline\">");
					form_csrf(r);
					html_lit(o, "<button type=\"submit\" class=\"secondary\" data-confirm=\"");
					html_text(o, T(r, "Remove this evaluation date?"));
					html_lit(o, "\">");
					html_text(o, T(r, "Remove date"));
					html_lit(o, "</button></form>");
				}
				html_lit(o, "</td>");
			}
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
		scroll_close(r);
	}
	if (can_write) {
		bool posted = ps->form == POSTED_EVAL;
		html_lit(o, "<form method=\"post\" action=\"");
		html_text(o, plan_path(r, c, "/evaluations"));
		html_lit(o, "\" id=\"evaluation-form\" novalidate>");
		form_csrf(r);
		form_input(r, posted ? ps->e : NULL, "due_on", T(r, "New evaluation date"), "date",
			   posted ? req_field(r, "due_on") : NULL, "off", true);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Add evaluation date"));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</section>");
}

static int
versions_section(struct req *r, const struct plan_ctx *c)
{
	struct buf *o = &r->out;
	if (c->plan.id == 0)
		return SC_OK;
	struct plan_version *vs = NULL;
	size_t n = 0;
	int rc = store_plan_versions(req_db(r), r->a, c->plan.id, &vs, &n);
	if (rc != SC_OK)
		return rc;
	html_lit(o, "<section aria-labelledby=\"versions-h\"><h2 id=\"versions-h\">");
	html_text(o, T(r, "Saved versions of the plan"));
	html_lit(o, "</h2>");
	scroll_open(r, T(r, "Saved versions of the plan"));
	html_lit(o, "<table><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Version"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Saved"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "By"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Agreed on"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td><a href=\"");
		html_text(o, plan_path(r, c, arena_printf(r->a, "/versions/%lld", (long long)vs[i].version)));
		html_lit(o, "\">");
		html_text(o, arena_printf(r->a, T(r, "Version %lld"), (long long)vs[i].version));
		html_lit(o, "</a></td><td>");
		html_text(o, when_text(r, vs[i].saved_at));
		html_lit(o, "</td><td>");
		html_text(o, vs[i].saved_by_name);
		html_lit(o, "</td><td>");
		date_cell(o, vs[i].agreed_on);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	scroll_close(r);
	html_lit(o, "</section>");
	return SC_OK;
}

/* The message of a 409 at the top of the page; with kept (may be NULL),
 * the notes on the fields both changed and what the form shows. */
static void
conflict_box(struct req *r, const char *msg, const struct kept *kept)
{
	struct buf *o = &r->out;
	if (msg == NULL)
		return;
	html_lit(o, "<div class=\"error-box\" role=\"alert\" id=\"conflict\"><p>");
	html_text(o, msg);
	html_lit(o, "</p>");
	if (kept != NULL) {
		if (kept->nnotes > 0) {
			html_lit(o, "<ul>");
			for (size_t i = 0; i < kept->nnotes; i++) {
				html_lit(o, "<li>");
				html_text(o, kept->notes[i]);
				html_lit(o, "</li>");
			}
			html_lit(o, "</ul>");
		}
		html_lit(o, "<p>");
		html_text(o, T(r, "Nothing was saved. The form keeps your changes, and shows their changes where "
				  "you had not changed the field. Check it and save again."));
		html_lit(o, "</p>");
	}
	html_lit(o, "</div>");
}

static void
not_enrolled_text(struct req *r)
{
	html_lit(&r->out, "<p class=\"notice\" id=\"not-enrolled\">");
	html_text(&r->out, T(r, "The participant is not enrolled; the work plan starts with the programme period."));
	html_lit(&r->out, "</p>");
}

static int
plan_page(struct req *r, const struct plan_ctx *c, const struct page_state *ps)
{
	struct buf *o = &r->out;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Work plan"),
				   case_name(r, c->p.given_name, c->p.family_name)));
	case_header(r, &c->p, "plan");
	conflict_box(r, ps->conflict, ps->kept);
	if (!c->enrolled) {
		not_enrolled_text(r);
		return page_end(r);
	}
	bool can_write = case_allows(r, &c->p, PART_BIT(PART_PLAN), ACT_WRITE);
	html_lit(o, "<p class=\"muted\">");
	html_text(o, arena_printf(r->a, T(r, "Programme period from %s, planned to end %s."),
				  c->period.start_date, c->period.planned_end));
	if (strcmp(c->period.status, "paused") == 0) {
		html_lit(o, " ");
		html_text(o, T(r, "The period is paused."));
	}
	if (c->plan.id != 0 && c->plan.updated_by_name[0] != '\0') {
		html_lit(o, " ");
		html_text(o, arena_printf(r->a, T(r, "Last saved by %s at %s."), c->plan.updated_by_name,
					  when_text(r, c->plan.updated_at)));
	}
	html_lit(o, "</p><p class=\"actions\"><a href=\"");
	html_text(o, plan_path(r, c, "/print"));
	html_lit(o, "\">");
	html_text(o, T(r, "Printable plan to read and sign"));
	html_lit(o, "</a></p>");
	form_error_summary(r, ps->e);
	plan_section(r, c, ps, can_write);
	goals_section(r, c, ps, can_write);
	evaluations_section(r, c, ps, can_write);
	int rc = versions_section(r, c);
	if (rc != SC_OK)
		return rc;
	return page_end(r);
}

int
h_plan(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_READ, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	req_audit(r, "plan.read", "participant", case_id(r, c.p.id), "ok");
	struct page_state ps = {0};
	return plan_page(r, &c, &ps);
}

/* A change asked of a participant who has no current period: 409 with the
 * plan page's explanation. */
static int
refuse_not_enrolled(struct req *r, const struct plan_ctx *c)
{
	r->status = 409;
	struct page_state ps = {0};
	return plan_page(r, c, &ps);
}

/* Shows the plan page again with the posted form's errors (422). */
static int
plan_invalid(struct req *r, const struct plan_ctx *c, enum posted_form form, int64_t eval_id,
	     const struct form_errors *e)
{
	r->status = 422;
	struct page_state ps = {.form = form, .e = e, .eval_id = eval_id};
	return plan_page(r, c, &ps);
}

/* Ends a write transaction: commit when rc is 0, else roll back. */
static int
tx_end(struct db *db, int rc)
{
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

/* ---- changes shared by the pages and the API ---- */

static int
plan_save_tx(struct req *r, const struct plan_ctx *c, int64_t expected, const struct plan *pl,
	     bool *cleared)
{
	struct db *db = req_db(r);
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_plan_save(db, c->period.id, c->p.id, expected, pl, r->user.id, time_now(),
				     NULL, NULL, cleared);
	if (rc == SC_OK)
		rc = req_audit(r, "plan.update", "participant", case_id(r, c->p.id), "ok");
	return tx_end(db, rc);
}

static int
goal_add_tx(struct req *r, const struct plan_ctx *c, const struct goal *g, int64_t *goal_id,
	    bool *cleared)
{
	struct db *db = req_db(r);
	int64_t now = time_now(), plan_id = 0;
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_plan_ensure(db, c->period.id, c->p.id, r->user.id, now, &plan_id);
	if (rc == SC_OK)
		rc = store_goal_add(db, plan_id, c->p.id, g, r->user.id, now, goal_id, cleared);
	if (rc == SC_OK)
		rc = req_audit(r, "goal.create", "participant", case_id(r, c->p.id), "ok");
	return tx_end(db, rc);
}

static int
goal_update_tx(struct req *r, const struct plan_ctx *c, int64_t goal_id, int64_t expected,
	       const struct goal *g, bool *cleared)
{
	struct db *db = req_db(r);
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_goal_update(db, goal_id, expected, g, r->user.id, time_now(), NULL, cleared);
	if (rc == SC_OK)
		rc = req_audit(r, "goal.update", "participant", case_id(r, c->p.id), "ok");
	return tx_end(db, rc);
}

static int
eval_add_tx(struct req *r, const struct plan_ctx *c, struct date due, int64_t *eval_id)
{
	struct db *db = req_db(r);
	int64_t plan_id = 0;
	char s[11];
	date_format(due, s);
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_plan_ensure(db, c->period.id, c->p.id, r->user.id, time_now(), &plan_id);
	if (rc == SC_OK)
		rc = store_plan_evaluation_add(db, plan_id, c->p.id, s, eval_id);
	if (rc == SC_OK)
		rc = req_audit(r, "evaluation.create", "participant", case_id(r, c->p.id), "ok");
	return tx_end(db, rc);
}

static int
eval_done_tx(struct req *r, const struct plan_ctx *c, int64_t eval_id, struct date done,
	     const char *note)
{
	struct db *db = req_db(r);
	char s[11];
	date_format(done, s);
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_plan_evaluation_done(db, c->plan.id, eval_id, s, note);
	if (rc == SC_OK)
		rc = req_audit(r, "evaluation.done", "participant", case_id(r, c->p.id), "ok");
	return tx_end(db, rc);
}

static const struct plan_evaluation *
find_evaluation(const struct plan_ctx *c, int64_t id)
{
	for (size_t i = 0; i < c->plan.nevaluations; i++)
		if (c->plan.evaluations[i].id == id)
			return &c->plan.evaluations[i];
	return NULL;
}

/* "X saved this work plan at T, after you opened it, and changed: ..."
 * for a 409 (changed may be ""); base_known false when the form's version
 * was never saved (above the saved one). */
static const char *
plan_conflict_text(struct req *r, const struct work_plan *wp, const char *changed, bool base_known)
{
	if (!base_known)
		return arena_printf(r->a, T(r, "The work plan is saved at version %lld, not at the version this "
					       "form was made from."), (long long)wp->version);
	const char *who = wp->updated_by_name != NULL && wp->updated_by_name[0] != '\0'
		? wp->updated_by_name : T(r, "Someone else");
	if (*changed == '\0')
		return arena_printf(r->a, T(r, "%s saved this work plan at %s, after you opened it."), who,
				    when_text(r, wp->updated_at));
	return arena_printf(r->a, T(r, "%s saved this work plan at %s, after you opened it, and changed: %s."),
			    who, when_text(r, wp->updated_at), changed);
}

/* ", " between the labels of a list being built in b. */
static void
label_add(struct req *r, struct buf *b, const char *label)
{
	if (b->len > 0)
		buf_puts(b, ", ");
	buf_puts(b, T(r, label));
}

/*
 * A plan save from version refused as stale: what the form shows again
 * (kept) and the message (*msg), from the version the form was opened at
 * and the plan now (c->plan, reloaded). Returns 0 or an error.
 */
static int
plan_kept(struct req *r, struct plan_ctx *c, int64_t version, struct kept *k, const char **msg)
{
	static const char *const labels[3] = {N_("The participant's own wishes"),
					      N_("Resources assessment (Of course I can)"),
					      N_("Agreed with the participant on")};
	memset(k, 0, sizeof *k);
	struct plan_version base = {0};
	bool have_base = version == 0;
	if (version > 0 && c->plan.id != 0) {
		int rc = store_plan_version_get(req_db(r), r->a, c->plan.id, version, &base);
		if (rc != SC_OK && rc != SC_ENOTFOUND)
			return rc;
		have_base = rc == SC_OK;
	}
	const struct work_plan *wp = &c->plan;
	const char *typed[3] = {req_field(r, "wishes"), req_field(r, "resources"), req_field(r, "agreed_on")};
	const char *was[3] = {base.wishes, base.resources, base.agreed_on};
	const char *now[3] = {wp->wishes, wp->resources, wp->agreed_on};
	struct buf changed = BUF_INIT;
	for (size_t i = 0; i < 3; i++) {
		k->values[i] = typed[i];
		if (have_base && !case_same_text(was[i], now[i]))
			label_add(r, &changed, labels[i]);
		switch (kept_pick(was[i], typed[i], now[i], have_base)) {
		case TAKE_SAVED:
			k->values[i] = now[i] != NULL ? now[i] : "";
			break;
		case BOTH_CHANGED:
			kept_note(r, k, T(r, labels[i]), now[i]);
			break;
		default:
			break;
		}
	}
	bool ok = buf_ok(&changed);
	*msg = plan_conflict_text(r, wp, ok && changed.len ? changed.data : "", have_base);
	buf_free(&changed);
	return ok && *msg != NULL ? SC_OK : SC_ENOMEM;
}

int
h_plan_save(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_WRITE, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	if (!c.enrolled)
		return refuse_not_enrolled(r, &c);
	int64_t version = 0;
	if (parse_int64(req_field(r, "version"), 0, INT64_MAX, &version) != SC_OK)
		return req_error(r, 400, NULL);
	struct plan_form f = {dup(r, req_field(r, "wishes")), dup(r, req_field(r, "resources")),
			      dup(r, req_field(r, "agreed_on"))};
	struct plan pl;
	struct field_errors fe;
	if (plan_validate(&f, case_today(), &pl, &fe) != SC_OK) {
		struct form_errors e = {0};
		case_form_errors(r, &fe, &e);
		return plan_invalid(r, &c, POSTED_PLAN, 0, &e);
	}
	bool cleared = false;
	rc = plan_save_tx(r, &c, version, &pl, &cleared);
	if (rc == SC_ECONFLICT) {
		rc = store_plan_get(req_db(r), r->a, c.period.id, c.p.id, &c.plan);
		struct kept k;
		const char *msg = NULL;
		if (rc == SC_OK)
			rc = plan_kept(r, &c, version, &k, &msg);
		if (rc != SC_OK)
			return rc;
		r->status = 409;
		struct page_state ps = {.conflict = msg, .kept = &k};
		return plan_page(r, &c, &ps);
	}
	if (rc != SC_OK)
		return rc;
	page_flash(r, cleared ? "plan-saved-agreement-cleared" : "plan-saved");
	return req_redirect(r, plan_path(r, &c, ""));
}

int
h_plan_goal_create(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_WRITE, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	if (!c.enrolled)
		return refuse_not_enrolled(r, &c);
	struct goal_form f;
	goal_form_from_request(r, &f);
	struct goal g;
	struct field_errors fe;
	if (goal_validate(&f, c.start, case_today(), &g, &fe) != SC_OK) {
		struct form_errors e = {0};
		case_form_errors(r, &fe, &e);
		return plan_invalid(r, &c, POSTED_GOAL, 0, &e);
	}
	int64_t goal_id = 0;
	bool cleared = false;
	rc = goal_add_tx(r, &c, &g, &goal_id, &cleared);
	if (rc != SC_OK)
		return rc;
	page_flash(r, cleared ? "goal-saved-agreement-cleared" : "goal-saved");
	return req_redirect(r, plan_path(r, &c, arena_printf(r->a, "#goal-%lld", (long long)goal_id)));
}

int
h_plan_eval_create(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_WRITE, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	if (!c.enrolled)
		return refuse_not_enrolled(r, &c);
	struct date due;
	const char *reason = NULL;
	if (plan_evaluation_due_validate(dup(r, req_field(r, "due_on")), c.start, &due, &reason) != SC_OK) {
		struct form_errors e = {0};
		form_error(r, &e, "due_on", reason);
		return plan_invalid(r, &c, POSTED_EVAL, 0, &e);
	}
	rc = eval_add_tx(r, &c, due, NULL);
	if (rc != SC_OK)
		return rc;
	page_flash(r, "saved");
	return req_redirect(r, plan_path(r, &c, "#evaluations"));
}

/* The evaluation named by the second route parameter, in the current plan;
 * NULL after answering 404. */
static const struct plan_evaluation *
route_evaluation(struct req *r, const struct plan_ctx *c)
{
	int64_t id = 0;
	const struct plan_evaluation *ev = NULL;
	if (c->enrolled && parse_int64(req_param(r, 1), 1, INT64_MAX, &id) == SC_OK)
		ev = find_evaluation(c, id);
	if (ev == NULL)
		req_error(r, 404, NULL);
	return ev;
}

static int
evaluation_conflict(struct req *r, struct plan_ctx *c)
{
	int rc = store_plan_get(req_db(r), r->a, c->period.id, c->p.id, &c->plan);
	if (rc != SC_OK)
		return rc;
	r->status = 409;
	struct page_state ps = {.conflict = T(r, "This evaluation was already marked as held; held "
						 "evaluations are kept as they are.")};
	return plan_page(r, c, &ps);
}

int
h_plan_eval_done(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_WRITE, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	const struct plan_evaluation *ev = route_evaluation(r, &c);
	if (ev == NULL)
		return H_DONE;
	if (ev->done_on != NULL)
		return evaluation_conflict(r, &c);
	struct date done;
	const char *note = NULL;
	struct field_errors fe;
	if (plan_evaluation_done_validate(dup(r, req_field(r, "done_on")), dup(r, req_field(r, "note")),
					  case_today(), &done, &note, &fe) != SC_OK) {
		/* The fields of this evaluation's form carry its id. */
		struct form_errors e = {0};
		for (int i = 0; i < fe.n; i++)
			form_error(r, &e, arena_printf(r->a, "%s-%lld", fe.field[i], (long long)ev->id),
				   fe.reason[i]);
		return plan_invalid(r, &c, POSTED_EVAL_DONE, ev->id, &e);
	}
	rc = eval_done_tx(r, &c, ev->id, done, note);
	if (rc == SC_ECONFLICT)
		return evaluation_conflict(r, &c);
	if (rc != SC_OK)
		return rc;
	page_flash(r, "saved");
	return req_redirect(r, plan_path(r, &c, "#evaluations"));
}

int
h_plan_eval_delete(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_WRITE, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	const struct plan_evaluation *ev = route_evaluation(r, &c);
	if (ev == NULL)
		return H_DONE;
	struct db *db = req_db(r);
	rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_plan_evaluation_delete(db, c.plan.id, ev->id);
	if (rc == SC_OK)
		rc = req_audit(r, "evaluation.delete", "participant", case_id(r, c.p.id), "ok");
	rc = tx_end(db, rc);
	if (rc == SC_ECONFLICT)
		return evaluation_conflict(r, &c);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	page_flash(r, "saved");
	return req_redirect(r, plan_path(r, &c, "#evaluations"));
}

/* ---- one goal: change it, see its history ---- */

/* The goal named by the second route parameter, if it is this
 * participant's; false after answering 404 (or on a store error in *rc). */
static bool
route_goal(struct req *r, const struct plan_ctx *c, struct plan_goal *g, int *rc)
{
	int64_t id = 0;
	*rc = SC_OK;
	if (parse_int64(req_param(r, 1), 1, INT64_MAX, &id) != SC_OK) {
		*rc = req_error(r, 404, NULL);
		return false;
	}
	int src = store_goal_get(req_db(r), r->a, id, g);
	if (src == SC_ENOTFOUND || (src == SC_OK && g->participant_id != c->p.id)) {
		*rc = req_error(r, 404, NULL);
		return false;
	}
	if (src != SC_OK) {
		*rc = src;
		return false;
	}
	return true;
}

/* A goal can be changed while its plan is the current period's. */
static bool
goal_current(const struct plan_ctx *c, const struct plan_goal *g)
{
	return c->enrolled && c->plan.id != 0 && g->plan_id == c->plan.id;
}

static void
change_item(struct req *r, const char *label, const char *was, const char *now)
{
	struct buf *o = &r->out;
	html_lit(o, "<li>");
	html_text(o, label);
	html_lit(o, ": ");
	if (was != NULL) {
		date_cell(o, was);
		html_lit(o, " \xE2\x86\x92 ");
	}
	date_cell(o, now);
	html_lit(o, "</li>");
}

static void
history_table(struct req *r, const struct goal_version *h, size_t n)
{
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"history-h\"><h2 id=\"history-h\">");
	html_text(o, T(r, "History of this goal"));
	html_lit(o, "</h2>");
	scroll_open(r, T(r, "History of this goal"));
	html_lit(o, "<table id=\"goal-history\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Version"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "When"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Who"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "What changed"));
	html_lit(o, "</th></tr></thead><tbody>");
	/* Newest first; each row compared with the version before it. */
	for (size_t k = n; k-- > 0;) {
		const struct goal_version *v = &h[k];
		const struct goal_version *p = k > 0 ? &h[k - 1] : NULL;
		struct goal_snapshot cur = {v->category, v->title, v->target_date, v->status, v->steps};
		struct goal_snapshot prev;
		if (p != NULL)
			prev = (struct goal_snapshot){p->category, p->title, p->target_date, p->status, p->steps};
		unsigned bits = goal_changes(p != NULL ? &prev : NULL, &cur);
		html_lit(o, "<tr><td>");
		html_int(o, v->version);
		html_lit(o, "</td><td>");
		html_text(o, when_text(r, v->changed_at));
		html_lit(o, "</td><td>");
		html_text(o, v->changed_by_name);
		html_lit(o, "</td><td>");
		if (p == NULL) {
			html_text(o, T(r, "Goal added."));
		} else if (bits == 0) {
			html_text(o, T(r, "Saved without changes."));
		}
		html_lit(o, "<ul>");
		if (bits & GOAL_CHANGED_CATEGORY)
			change_item(r, T(r, "Category"), p ? T(r, goal_category_label_of(p->category)) : NULL,
				    T(r, goal_category_label_of(v->category)));
		if (bits & GOAL_CHANGED_TITLE)
			change_item(r, T(r, "Goal"), p ? p->title : NULL, v->title);
		if (bits & GOAL_CHANGED_TARGET)
			change_item(r, T(r, "Target date"), p ? (p->target_date ? p->target_date : "") : NULL,
				    v->target_date);
		if (bits & GOAL_CHANGED_STATUS)
			change_item(r, T(r, "Status"), p ? T(r, goal_status_label_of(p->status)) : NULL,
				    T(r, goal_status_label_of(v->status)));
		if (bits & GOAL_CHANGED_STEPS) {
			html_lit(o, "<li>");
			html_text(o, T(r, "Steps"));
			html_lit(o, ":<pre class=\"steps-text\">");
			html_text(o, v->steps);
			html_lit(o, "</pre></li>");
		}
		html_lit(o, "</ul></td></tr>");
	}
	html_lit(o, "</tbody></table>");
	scroll_close(r);
	html_lit(o, "</section>");
}

static int
goal_page(struct req *r, const struct plan_ctx *c, const struct plan_goal *g,
	  const struct goal_version *hist, size_t nhist, const struct form_errors *e,
	  const char *conflict, const struct kept *kept)
{
	struct buf *o = &r->out;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", g->title,
				   case_name(r, c->p.given_name, c->p.family_name)));
	case_header(r, &c->p, "plan");
	html_lit(o, "<p><a href=\"");
	html_text(o, plan_path(r, c, ""));
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the work plan"));
	html_lit(o, "</a></p><h2>");
	html_text(o, g->title);
	html_lit(o, "</h2>");
	conflict_box(r, conflict, kept);
	form_error_summary(r, e);
	bool can_write = case_allows(r, &c->p, PART_BIT(PART_PLAN), ACT_WRITE);
	if (can_write && goal_current(c, g)) {
		struct goal_values v;
		if (e != NULL || kept != NULL)
			goal_values_from_request(r, &v);
		else
			goal_values_from_goal(g, &v);
		if (kept != NULL) {
			struct goal_values saved;
			goal_values_from_goal(g, &saved);
			v.category = kept->values[0];
			v.title = kept->values[1];
			v.target_date = kept->values[2];
			v.status = kept->values[3];
			if (kept->saved_steps) {
				memcpy(v.text, saved.text, sizeof v.text);
				memcpy(v.due, saved.due, sizeof v.due);
				memcpy(v.done, saved.done, sizeof v.done);
				v.rows = saved.rows;
			}
		}
		html_lit(o, "<form method=\"post\" action=\"");
		html_text(o, plan_path(r, c, arena_printf(r->a, "/goals/%lld", (long long)g->id)));
		html_lit(o, "\" id=\"goal-form\" novalidate>");
		form_csrf(r);
		html_lit(o, "<input type=\"hidden\" name=\"version\" value=\"");
		html_int(o, g->version);
		html_lit(o, "\">");
		goal_fields(r, e, &v);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Save goal"));
		html_lit(o, "</button></form>");
	} else {
		if (!goal_current(c, g)) {
			html_lit(o, "<p class=\"notice\">");
			html_text(o, T(r, "This goal belongs to an earlier programme period and can no longer be changed."));
			html_lit(o, "</p>");
		}
		goal_summary_line(r, g);
		goal_steps_table(r, g);
	}
	history_table(r, hist, nhist);
	return page_end(r);
}

/*
 * A goal save from version refused as stale: what the form shows again
 * (kept) and the message (*msg) naming who changed what, from the goal's
 * history (hist[0..n), oldest first) and the typed goal (validated, typed).
 * Returns 0 or SC_ENOMEM.
 */
static int
goal_kept(struct req *r, const struct goal *typed, int64_t version, const struct goal_version *hist,
	  size_t n, struct kept *k, const char **msg)
{
	static const char *const labels[5] = {N_("Category"), N_("Goal"), N_("Target date"), N_("Status"),
					      N_("Steps")};
	memset(k, 0, sizeof *k);
	const struct goal_version *base = NULL, *now = n > 0 ? &hist[n - 1] : NULL;
	for (size_t i = 0; i < n; i++)
		if (hist[i].version == version)
			base = &hist[i];
	/* The typed goal as the history writes it. */
	char target[11] = "";
	if (typed->has_target)
		date_format(typed->target, target);
	size_t need = goal_steps_text(typed->steps, typed->nsteps, NULL, 0);
	char *steps = arena_alloc(r->a, need + 1);
	if (steps == NULL)
		return SC_ENOMEM;
	goal_steps_text(typed->steps, typed->nsteps, steps, need + 1);
	const char *mine[5] = {goal_category_key(typed->category), typed->title, target,
			       goal_status_key(typed->status), steps};
	const char *shown[4] = {req_field(r, "category"), req_field(r, "title"), req_field(r, "target_date"),
				req_field(r, "status")};
	const char *was[5] = {0}, *is[5] = {0};
	if (base != NULL && now != NULL) {
		const char *b[5] = {base->category, base->title, base->target_date, base->status, base->steps};
		const char *c[5] = {now->category, now->title, now->target_date, now->status, now->steps};
		memcpy(was, b, sizeof was);
		memcpy(is, c, sizeof is);
	}
	struct buf changed = BUF_INIT;
	for (size_t i = 0; i < 5; i++) {
		if (i < 4)
			k->values[i] = shown[i];
		if (base == NULL || now == NULL)
			continue;
		if (!case_same_text(was[i], is[i]))
			label_add(r, &changed, labels[i]);
		switch (kept_pick(was[i], mine[i], is[i], true)) {
		case TAKE_SAVED:
			if (i < 4)
				k->values[i] = is[i] != NULL ? is[i] : "";
			else
				k->saved_steps = true;
			break;
		case BOTH_CHANGED:
			kept_note(r, k, T(r, labels[i]), i == 0 ? T(r, goal_category_label_of(is[i]))
							 : i == 3 ? T(r, goal_status_label_of(is[i])) : is[i]);
			break;
		default:
			break;
		}
	}
	bool ok = buf_ok(&changed);
	if (base == NULL || now == NULL)
		*msg = arena_printf(r->a, T(r, "The goal is saved at version %lld, not at the version this form "
					       "was made from."), (long long)(now != NULL ? now->version : 0));
	else if (changed.len == 0)
		*msg = arena_printf(r->a, T(r, "%s saved this goal at %s, after you opened it."),
				    now->changed_by_name[0] ? now->changed_by_name : T(r, "Someone else"),
				    when_text(r, now->changed_at));
	else
		*msg = arena_printf(r->a, T(r, "%s changed this goal at %s, after you opened it: %s."),
				    now->changed_by_name[0] ? now->changed_by_name : T(r, "Someone else"),
				    when_text(r, now->changed_at), ok ? changed.data : "");
	buf_free(&changed);
	return ok && *msg != NULL ? SC_OK : SC_ENOMEM;
}

int
h_plan_goal_edit(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_READ, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	struct plan_goal g;
	if (!route_goal(r, &c, &g, &rc))
		return rc;
	struct goal_version *hist = NULL;
	size_t nhist = 0;
	rc = store_goal_history(req_db(r), r->a, g.id, &hist, &nhist);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "plan.read", "participant", case_id(r, c.p.id), "ok");
	return goal_page(r, &c, &g, hist, nhist, NULL, NULL, NULL);
}

int
h_plan_goal_update(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_WRITE, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	struct plan_goal g;
	if (!route_goal(r, &c, &g, &rc))
		return rc;
	struct db *db = req_db(r);
	struct goal_version *hist = NULL;
	size_t nhist = 0;
	if (!goal_current(&c, &g)) {
		rc = store_goal_history(db, r->a, g.id, &hist, &nhist);
		if (rc != SC_OK)
			return rc;
		r->status = 409;
		return goal_page(r, &c, &g, hist, nhist, NULL, NULL, NULL);
	}
	int64_t version = 0;
	if (parse_int64(req_field(r, "version"), 1, INT64_MAX, &version) != SC_OK)
		return req_error(r, 400, NULL);
	struct goal_form f;
	goal_form_from_request(r, &f);
	struct goal ng;
	struct field_errors fe;
	if (goal_validate(&f, c.start, case_today(), &ng, &fe) != SC_OK) {
		struct form_errors e = {0};
		case_form_errors(r, &fe, &e);
		rc = store_goal_history(db, r->a, g.id, &hist, &nhist);
		if (rc != SC_OK)
			return rc;
		r->status = 422;
		return goal_page(r, &c, &g, hist, nhist, &e, NULL, NULL);
	}
	bool cleared = false;
	rc = goal_update_tx(r, &c, g.id, version, &ng, &cleared);
	if (rc == SC_ECONFLICT) {
		rc = store_goal_get(db, r->a, g.id, &g);
		if (rc == SC_OK)
			rc = store_goal_history(db, r->a, g.id, &hist, &nhist);
		struct kept k;
		const char *msg = NULL;
		if (rc == SC_OK)
			rc = goal_kept(r, &ng, version, hist, nhist, &k, &msg);
		if (rc != SC_OK)
			return rc;
		r->status = 409;
		return goal_page(r, &c, &g, hist, nhist, NULL, msg, &k);
	}
	if (rc != SC_OK)
		return rc;
	page_flash(r, cleared ? "goal-saved-agreement-cleared" : "goal-saved");
	return req_redirect(r, plan_path(r, &c, arena_printf(r->a, "#goal-%lld", (long long)g.id)));
}

/* ---- an old version of the plan ---- */

int
h_plan_version(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_READ, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	int64_t number = 0;
	if (!c.enrolled || c.plan.id == 0 || parse_int64(req_param(r, 1), 1, INT64_MAX, &number) != SC_OK)
		return req_error(r, 404, NULL);
	struct plan_version v;
	rc = store_plan_version_get(req_db(r), r->a, c.plan.id, number, &v);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "plan.read", "participant", case_id(r, c.p.id), "ok");
	struct buf *o = &r->out;
	const char *title = arena_printf(r->a, T(r, "Version %lld"), (long long)v.version);
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", title,
				   case_name(r, c.p.given_name, c.p.family_name)));
	case_header(r, &c.p, "plan");
	html_lit(o, "<p><a href=\"");
	html_text(o, plan_path(r, &c, ""));
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the work plan"));
	html_lit(o, "</a></p><h2>");
	html_text(o, arena_printf(r->a, T(r, "Work plan, version %lld"), (long long)v.version));
	html_lit(o, "</h2><p class=\"muted\">");
	if (v.saved_by_name[0] != '\0')
		html_text(o, arena_printf(r->a, T(r, "Saved by %s at %s."), v.saved_by_name,
					  when_text(r, v.saved_at)));
	else
		html_text(o, arena_printf(r->a, T(r, "Saved at %s."), when_text(r, v.saved_at)));
	if (v.version == c.plan.version) {
		html_lit(o, " ");
		html_text(o, T(r, "This is the current version."));
	}
	html_lit(o, "</p><dl class=\"record\"><dt>");
	html_text(o, T(r, "The participant's own wishes"));
	html_lit(o, "</dt><dd>");
	html_text(o, v.wishes);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, "Resources assessment (Of course I can)"));
	html_lit(o, "</dt><dd>");
	html_text(o, v.resources);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, "Agreed with the participant on"));
	html_lit(o, "</dt><dd>");
	date_cell(o, v.agreed_on);
	html_lit(o, "</dd></dl><p class=\"muted\">");
	html_text(o, T(r, "Goals keep their own history: open a goal to see how it changed."));
	html_lit(o, "</p>");
	return page_end(r);
}

/* ---- the printable plan ---- */

static void
print_text_block(struct req *r, const char *heading, const char *text)
{
	struct buf *o = &r->out;
	html_lit(o, "<h2>");
	html_text(o, heading);
	html_lit(o, "</h2><p class=\"print-text\">");
	if (text != NULL && *text != '\0')
		html_lines(o, text);
	else
		html_lit(o, "\xE2\x80\x94");
	html_lit(o, "</p>");
}

int
h_plan_print(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_READ, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	req_audit(r, "plan.read", "participant", case_id(r, c.p.id), "ok");
	const char *name = case_name(r, c.p.given_name, c.p.family_name);
	struct buf *o = &r->out;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Work plan"), name));
	html_lit(o, "<div class=\"print-plan\"><p class=\"no-print actions\"><a href=\"");
	html_text(o, plan_path(r, &c, ""));
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the work plan"));
	html_lit(o, "</a> <button type=\"button\" data-print>");
	html_text(o, T(r, "Print"));
	html_lit(o, "</button> <span class=\"muted\">");
	html_text(o, T(r, "Or use the browser's Print command (Ctrl+P). Menus and buttons are left out of the printout."));
	html_lit(o, "</span></p><h1>");
	html_text(o, T(r, "Work plan"));
	html_lit(o, "</h1><dl class=\"record\"><dt>");
	html_text(o, T(r, "Participant"));
	html_lit(o, "</dt><dd>");
	html_text(o, c.p.given_name);
	html_lit(o, " ");
	html_text(o, c.p.family_name);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, "Born"));
	html_lit(o, "</dt><dd>");
	html_text(o, c.p.birth_date);
	html_lit(o, "</dd>");
	const char *contact_name = NULL;
	if (c.p.contact_id != 0) {
		struct user u;
		rc = store_user_by_id(req_db(r), r->a, c.p.contact_id, &u);
		if (rc == SC_OK)
			contact_name = u.display_name;
		else if (rc != SC_ENOTFOUND)
			return rc;
	}
	html_lit(o, "<dt>");
	html_text(o, T(r, "Contact person"));
	html_lit(o, "</dt><dd>");
	date_cell(o, contact_name);
	html_lit(o, "</dd>");
	if (c.enrolled) {
		html_lit(o, "<dt>");
		html_text(o, T(r, "Programme period"));
		html_lit(o, "</dt><dd>");
		html_text(o, c.period.start_date);
		html_lit(o, " \xE2\x80\x93 ");
		html_text(o, c.period.planned_end);
		html_lit(o, "</dd>");
	}
	html_lit(o, "</dl>");
	if (!c.enrolled) {
		not_enrolled_text(r);
		html_lit(o, "</div>");
		return page_end(r);
	}
	const struct work_plan *wp = &c.plan;
	print_text_block(r, T(r, "My wishes"), wp->wishes);
	print_text_block(r, T(r, "My resources (Of course I can)"), wp->resources);
	html_lit(o, "<h2>");
	html_text(o, T(r, "My goals"));
	html_lit(o, "</h2>");
	if (wp->ngoals == 0) {
		html_lit(o, "<p>\xE2\x80\x94</p>");
	} else {
		html_lit(o, "<ol class=\"print-goals\">");
		for (size_t i = 0; i < wp->ngoals; i++) {
			const struct plan_goal *g = &wp->goals[i];
			html_lit(o, "<li><h3>");
			html_text(o, g->title);
			html_lit(o, "</h3><p>");
			html_text(o, T(r, goal_category_label_of(g->category)));
			html_lit(o, " \xC2\xB7 ");
			html_text(o, T(r, "Target date"));
			html_lit(o, ": ");
			date_cell(o, g->target_date);
			html_lit(o, " \xC2\xB7 ");
			html_text(o, T(r, goal_status_label_of(g->status)));
			html_lit(o, "</p>");
			if (g->nsteps > 0) {
				html_lit(o, "<ul>");
				for (size_t k = 0; k < g->nsteps; k++) {
					const struct plan_step *s = &g->steps[k];
					html_lit(o, "<li>");
					html_text(o, s->description);
					if (s->due_on != NULL) {
						html_lit(o, " \xE2\x80\x94 ");
						html_text(o, arena_printf(r->a, T(r, "by %s"), s->due_on));
					}
					if (s->done_on != NULL) {
						html_lit(o, " \xE2\x80\x94 ");
						html_text(o, arena_printf(r->a, T(r, "done %s"), s->done_on));
					}
					html_lit(o, "</li>");
				}
				html_lit(o, "</ul>");
			}
			html_lit(o, "</li>");
		}
		html_lit(o, "</ol>");
	}
	html_lit(o, "<h2>");
	html_text(o, T(r, "We will look at the plan together on"));
	html_lit(o, "</h2>");
	if (wp->nevaluations == 0) {
		html_lit(o, "<p>\xE2\x80\x94</p>");
	} else {
		html_lit(o, "<ul>");
		for (size_t i = 0; i < wp->nevaluations; i++) {
			html_lit(o, "<li>");
			html_text(o, wp->evaluations[i].due_on);
			if (wp->evaluations[i].done_on != NULL) {
				html_lit(o, " (");
				html_text(o, arena_printf(r->a, T(r, "held %s"), wp->evaluations[i].done_on));
				html_lit(o, ")");
			}
			html_lit(o, "</li>");
		}
		html_lit(o, "</ul>");
	}
	html_lit(o, "<p>");
	html_text(o, T(r, "Agreed on"));
	html_lit(o, ": ");
	if (wp->agreed_on != NULL)
		html_text(o, wp->agreed_on);
	else
		html_lit(o, "______________________");
	html_lit(o, "</p><p class=\"muted\">");
	if (wp->version > 0)
		html_text(o, arena_printf(r->a, T(r, "Version %lld of the plan, printed %s."),
					  (long long)wp->version, case_date_text(r, case_today())));
	html_lit(o, "</p><div class=\"signature\"><div>");
	html_text(o, T(r, "Participant's signature and date"));
	html_lit(o, "</div><div>");
	html_text(o, T(r, "Contact person's signature and date"));
	html_lit(o, "</div></div></div>");
	return page_end(r);
}

/* ---- API ---- */

static json_t *
jtext(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
goal_json(const struct plan_goal *g)
{
	json_t *steps = json_array();
	for (size_t i = 0; i < g->nsteps; i++)
		json_array_append_new(steps, json_pack("{s:s, s:o, s:o}",
						       "description", g->steps[i].description,
						       "due_on", jtext(g->steps[i].due_on),
						       "done_on", jtext(g->steps[i].done_on)));
	return json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:I, s:I, s:I, s:o}",
			 "id", (json_int_t)g->id, "participant_id", (json_int_t)g->participant_id,
			 "category", g->category, "title", g->title, "target_date", jtext(g->target_date),
			 "status", g->status, "version", (json_int_t)g->version,
			 "created_at", (json_int_t)g->created_at, "updated_at", (json_int_t)g->updated_at,
			 "steps", steps);
}

static json_t *
evaluation_json(const struct plan_evaluation *ev)
{
	return json_pack("{s:I, s:s, s:o, s:s}", "id", (json_int_t)ev->id, "due_on", ev->due_on,
			 "done_on", jtext(ev->done_on), "note", ev->note);
}

static json_t *
plan_json(const struct plan_ctx *c)
{
	const struct work_plan *wp = &c->plan;
	json_t *goals = json_array();
	for (size_t i = 0; i < wp->ngoals; i++)
		json_array_append_new(goals, goal_json(&wp->goals[i]));
	json_t *evals = json_array();
	for (size_t i = 0; i < wp->nevaluations; i++)
		json_array_append_new(evals, evaluation_json(&wp->evaluations[i]));
	json_t *period = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)c->period.id,
				   "start_date", c->period.start_date, "planned_end", c->period.planned_end,
				   "status", c->period.status);
	return json_pack("{s:I, s:o, s:o, s:I, s:s, s:s, s:o, s:I, s:o, s:o}",
			 "participant_id", (json_int_t)c->p.id, "period", period,
			 "id", wp->id ? json_integer(wp->id) : json_null(),
			 "version", (json_int_t)wp->version, "wishes", wp->wishes,
			 "resources", wp->resources, "agreed_on", jtext(wp->agreed_on),
			 "updated_at", (json_int_t)wp->updated_at,
			 "goals", goals, "evaluations", evals);
}

static int
api_not_enrolled(struct req *r, int status)
{
	return api_error(r, status, "not_enrolled",
			 T(r, "The participant is not enrolled; the work plan starts with the programme period."),
			 NULL);
}

/*
 * The JSON members each call takes, with their types (case_api_body()
 * refuses any other type). A step of a goal is {"description", "due_on",
 * "done_on"}.
 */
static const struct api_field plan_api[] = {
	{"version", API_VERSION, false, NULL},
	{"wishes", API_STRING, true, NULL},
	{"resources", API_STRING, true, NULL},
	{"agreed_on", API_DATE, true, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field step_api[] = {
	{"description", API_STRING, true, NULL},
	{"due_on", API_DATE, true, NULL},
	{"done_on", API_DATE, true, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field goal_api[] = {
	{"category", API_STRING, false, NULL},
	{"title", API_STRING, false, NULL},
	{"target_date", API_DATE, true, NULL},
	{"status", API_STRING, true, NULL},
	{"steps", API_OBJECTS, true, step_api},
	{NULL, 0, false, NULL},
};
static const struct api_field goal_update_api[] = {
	{"version", API_VERSION, false, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field evaluation_api[] = {
	{"due_on", API_DATE, false, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field evaluation_done_api[] = {
	{"done_on", API_DATE, false, NULL},
	{"note", API_STRING, true, NULL},
	{NULL, 0, false, NULL},
};

/* A text member of a checked body (or of one of its objects) as writable
 * arena text, "" when absent or null. */
static char *
member_text(struct req *r, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return dup(r, json_is_string(v) ? json_string_value(v) : "");
}

int
api_plan_get(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_READ, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	if (!c.enrolled)
		return api_not_enrolled(r, 404);
	req_audit(r, "plan.read", "participant", case_id(r, c.p.id), "ok");
	return api_send(r, 200, plan_json(&c));
}

int
api_plan_save(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_WRITE, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	if (!case_api_body(r, plan_api, NULL, &rc))
		return rc;
	if (!c.enrolled)
		return api_not_enrolled(r, 409);
	struct form_errors e = {0};
	int64_t version = -1;
	if (!case_api_int(r, "version", &version) || version < 0)
		form_error(r, &e, "version", N_("Send the version you edited: 0 for a plan not saved before."));
	struct plan_form f = {member_text(r, r->json, "wishes"), member_text(r, r->json, "resources"),
			      member_text(r, r->json, "agreed_on")};
	struct plan pl;
	struct field_errors fe;
	plan_validate(&f, case_today(), &pl, &fe);
	case_form_errors(r, &fe, &e);
	if (e.n > 0)
		return case_api_invalid(r, &e);
	bool cleared = false;
	rc = plan_save_tx(r, &c, version, &pl, &cleared);
	if (rc == SC_ECONFLICT)
		return api_error(r, 409, "conflict",
				 T(r, "Someone else saved this work plan after you read it. Nothing was saved; "
				      "read it again and save against its new version."), NULL);
	if (rc != SC_OK)
		return rc;
	rc = store_plan_get(req_db(r), r->a, c.period.id, c.p.id, &c.plan);
	if (rc != SC_OK)
		return rc;
	json_t *out = plan_json(&c);
	json_object_set_new(out, "agreement_cleared", json_boolean(cleared));
	return api_send(r, 200, out);
}

/* Fills a goal form from the checked JSON body: its text members, and
 * "steps" as the rows of the form. */
static void
goal_form_from_json(struct req *r, struct goal_form *f)
{
	memset(f, 0, sizeof *f);
	f->category = member_text(r, r->json, "category");
	f->title = member_text(r, r->json, "title");
	f->target_date = member_text(r, r->json, "target_date");
	f->status = member_text(r, r->json, "status");
	json_t *steps = json_object_get(r->json, "steps");
	f->nsteps = json_is_array(steps) ? json_array_size(steps) : 0;
	for (size_t i = 0; i < f->nsteps && i < GOAL_STEPS_MAX; i++) {
		json_t *st = json_array_get(steps, i);
		f->steps[i].description = member_text(r, st, "description");
		f->steps[i].due_on = member_text(r, st, "due_on");
		f->steps[i].done_on = member_text(r, st, "done_on");
	}
}

int
api_plan_goal_create(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_WRITE, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	if (!case_api_body(r, goal_api, NULL, &rc))
		return rc;
	if (!c.enrolled)
		return api_not_enrolled(r, 409);
	struct form_errors e = {0};
	struct goal_form f;
	goal_form_from_json(r, &f);
	struct goal g;
	struct field_errors fe;
	goal_validate(&f, c.start, case_today(), &g, &fe);
	case_form_errors(r, &fe, &e);
	if (e.n > 0)
		return case_api_invalid(r, &e);
	int64_t goal_id = 0;
	bool cleared = false;
	rc = goal_add_tx(r, &c, &g, &goal_id, &cleared);
	if (rc != SC_OK)
		return rc;
	struct plan_goal pg;
	rc = store_goal_get(req_db(r), r->a, goal_id, &pg);
	if (rc != SC_OK)
		return rc;
	json_t *out = goal_json(&pg);
	json_object_set_new(out, "plan_agreement_cleared", json_boolean(cleared));
	return api_send(r, 201, out);
}

/*
 * Loads the goal named by the first route parameter and then its
 * participant, with the access check for act (and, for writes, the plan).
 * Returns 0, CASE_ANSWERED or a negative SC_ code.
 */
static int
api_route_goal(struct req *r, enum action act, struct plan_goal *g, struct plan_ctx *c)
{
	int64_t id = 0;
	if (parse_int64(req_param(r, 0), 1, INT64_MAX, &id) != SC_OK) {
		req_error(r, 404, NULL);
		return CASE_ANSWERED;
	}
	int rc = store_goal_get(req_db(r), r->a, id, g);
	if (rc == SC_ENOTFOUND) {
		req_error(r, 404, NULL);
		return CASE_ANSWERED;
	}
	if (rc != SC_OK)
		return rc;
	return plan_load(r, case_id(r, g->participant_id), act, c);
}

int
api_plan_goal_get(struct req *r)
{
	struct plan_goal g;
	struct plan_ctx c;
	int rc = api_route_goal(r, ACT_READ, &g, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	req_audit(r, "plan.read", "participant", case_id(r, c.p.id), "ok");
	return api_send(r, 200, goal_json(&g));
}

int
api_plan_goal_update(struct req *r)
{
	struct plan_goal g;
	struct plan_ctx c;
	int rc = api_route_goal(r, ACT_WRITE, &g, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	if (!case_api_body(r, goal_api, goal_update_api, &rc))
		return rc;
	if (!goal_current(&c, &g))
		return api_error(r, 409, "closed",
				 T(r, "This goal belongs to an earlier programme period and can no longer be changed."),
				 NULL);
	struct form_errors e = {0};
	int64_t version = 0;
	if (!case_api_int(r, "version", &version) || version < 1)
		form_error(r, &e, "version", N_("Send the version of the goal you edited."));
	struct goal_form f;
	goal_form_from_json(r, &f);
	struct goal ng;
	struct field_errors fe;
	goal_validate(&f, c.start, case_today(), &ng, &fe);
	case_form_errors(r, &fe, &e);
	if (e.n > 0)
		return case_api_invalid(r, &e);
	bool cleared = false;
	rc = goal_update_tx(r, &c, g.id, version, &ng, &cleared);
	if (rc == SC_ECONFLICT)
		return api_error(r, 409, "conflict",
				 T(r, "Someone else changed this goal after you read it. Nothing was saved; "
				      "read it again and save against its new version."), NULL);
	if (rc != SC_OK)
		return rc;
	rc = store_goal_get(req_db(r), r->a, g.id, &g);
	if (rc != SC_OK)
		return rc;
	json_t *out = goal_json(&g);
	json_object_set_new(out, "plan_agreement_cleared", json_boolean(cleared));
	return api_send(r, 200, out);
}

int
api_plan_goal_history(struct req *r)
{
	struct plan_goal g;
	struct plan_ctx c;
	int rc = api_route_goal(r, ACT_READ, &g, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	int64_t page, per_page;
	if (!api_paging(r, &page, &per_page, &rc))
		return rc;
	struct goal_version *h = NULL;
	size_t n = 0;
	rc = store_goal_history(req_db(r), r->a, g.id, &h, &n);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "plan.read", "participant", case_id(r, c.p.id), "ok");
	static const struct {
		unsigned bit;
		const char *key;
	} fields[] = {
		{GOAL_CHANGED_CATEGORY, "category"}, {GOAL_CHANGED_TITLE, "title"},
		{GOAL_CHANGED_TARGET, "target_date"}, {GOAL_CHANGED_STATUS, "status"},
		{GOAL_CHANGED_STEPS, "steps"},
	};
	json_t *items = json_array();
	int64_t from = (page - 1) * per_page;
	for (int64_t k = from; k < (int64_t)n && k < from + per_page; k++) {
		const struct goal_version *v = &h[k];
		struct goal_snapshot cur = {v->category, v->title, v->target_date, v->status, v->steps};
		struct goal_snapshot prev = {0};
		if (k > 0)
			prev = (struct goal_snapshot){h[k - 1].category, h[k - 1].title, h[k - 1].target_date,
						      h[k - 1].status, h[k - 1].steps};
		unsigned bits = goal_changes(k > 0 ? &prev : NULL, &cur);
		json_t *changed = json_array();
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
			if (bits & fields[i].bit)
				json_array_append_new(changed, json_string(fields[i].key));
		json_array_append_new(items, json_pack(
			"{s:I, s:I, s:o, s:s, s:s, s:s, s:o, s:s, s:s, s:o}",
			"version", (json_int_t)v->version, "changed_at", (json_int_t)v->changed_at,
			"changed_by", v->changed_by ? json_integer(v->changed_by) : json_null(),
			"changed_by_name", v->changed_by_name, "category", v->category, "title", v->title,
			"target_date", jtext(v->target_date), "status", v->status, "steps", v->steps,
			"changed", changed));
	}
	return api_send(r, 200, api_page_json(items, page, per_page, (int64_t)n));
}

int
api_plan_eval_create(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_WRITE, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	if (!case_api_body(r, evaluation_api, NULL, &rc))
		return rc;
	if (!c.enrolled)
		return api_not_enrolled(r, 409);
	struct form_errors e = {0};
	struct date due;
	const char *reason = NULL;
	if (plan_evaluation_due_validate(member_text(r, r->json, "due_on"), c.start, &due, &reason) != SC_OK)
		form_error(r, &e, "due_on", reason);
	if (e.n > 0)
		return case_api_invalid(r, &e);
	int64_t id = 0;
	rc = eval_add_tx(r, &c, due, &id);
	if (rc != SC_OK)
		return rc;
	char s[11];
	date_format(due, s);
	struct plan_evaluation ev = {id, s, NULL, (char *)""};
	return api_send(r, 201, evaluation_json(&ev));
}

int
api_plan_eval_done(struct req *r)
{
	struct plan_ctx c;
	int rc = plan_load(r, req_param(r, 0), ACT_WRITE, &c);
	if (rc != SC_OK)
		return ANSWERED(rc);
	if (!case_api_body(r, evaluation_done_api, NULL, &rc))
		return rc;
	int64_t id = 0;
	const struct plan_evaluation *ev = NULL;
	if (c.enrolled && parse_int64(req_param(r, 1), 1, INT64_MAX, &id) == SC_OK)
		ev = find_evaluation(&c, id);
	if (ev == NULL)
		return req_error(r, 404, NULL);
	if (ev->done_on != NULL)
		return api_error(r, 409, "conflict", T(r, "This evaluation was already marked as held; held "
							  "evaluations are kept as they are."), NULL);
	struct form_errors e = {0};
	struct date done;
	const char *note = NULL;
	struct field_errors fe;
	plan_evaluation_done_validate(member_text(r, r->json, "done_on"), member_text(r, r->json, "note"),
				      case_today(), &done, &note, &fe);
	case_form_errors(r, &fe, &e);
	if (e.n > 0)
		return case_api_invalid(r, &e);
	rc = eval_done_tx(r, &c, ev->id, done, note);
	if (rc == SC_ECONFLICT)
		return api_error(r, 409, "conflict", T(r, "This evaluation was already marked as held; held "
							  "evaluations are kept as they are."), NULL);
	if (rc != SC_OK)
		return rc;
	char s[11];
	date_format(done, s);
	struct plan_evaluation out = {ev->id, ev->due_on, s, (char *)note};
	return api_send(r, 200, evaluation_json(&out));
}
