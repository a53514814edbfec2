/*
 * plans.c — the work plan of a participant's current programme period:
 * the plan's page with its forms (wishes, resources and agreement; goals
 * with measurable steps; evaluation dates), a goal's page with its
 * history, and their /api/v1/ twins. The saved versions of the plan and
 * the printable copy to read and sign are plan_print.c's; what both draw,
 * plans_parts.c's.
 *
 * The records and their fields are declared in domain/plan.h; the changes
 * and reads are the commands and queries of app/plan.h, which check access,
 * audit and keep the plan's versions. Each resource reads its declared
 * fields with input_read(); a goal's steps are read here (form rows or the
 * JSON list, goal_steps_read()), and the forms are drawn here from the
 * declarations in the markup these pages have always had.
 *
 * Forms work without JavaScript: a goal's steps are a fixed number of rows
 * (blank rows are skipped), and a save carries the version it was made
 * from, so two people editing the same plan or goal cannot overwrite each
 * other: a stale save is a 409 whose form keeps what was typed, at the
 * saved version, and takes the other person's change in every field the
 * typist had not changed (struct kept), so saving it again loses neither.
 */
#include "case.h"
#include "plans_parts.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/plan.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <string.h>

#define STEP_ROWS_MIN 5      /* rows a goal form offers at least */
#define STEP_ROWS_SPARE 3    /* blank rows after the last filled one */

/* The member a save sends besides its fields: the version it was read at
 * (the records' own "version" field). */
static const char version_key[] = "version";

/* ---- small things ---- */

/* A stored value for a form: NULL (no value attribute) when not given. */
static const char *
stored_value(struct req *r, const struct field *f, const void *rec)
{
	return field_given(f, rec) ? plan_value_text(r, f, rec) : NULL;
}

/* A table scrolls sideways in its own box on a narrow screen, so the page
 * never does; the box takes focus so a keyboard can scroll it. */
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

/* ---- controls, from the declarations ---- */

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

/* An input whose id differs from its name (several small forms on a
 * page): the field's name and label, a date or a line of text. */
static void
input_field(struct req *r, const struct form_errors *e, const char *id, const struct field *f, const char *value)
{
	bool required = (f->flags & FF_REQUIRED) != 0;
	const char *err = form_error_for(e, id);
	form_field_open(&r->out, err, id, T(r, f->label), required);
	html_lit(&r->out, "<input type=\"");
	html_text(&r->out, f->type == FT_DATE ? "date" : "text");
	html_lit(&r->out, "\"");
	control_attrs(r, id, f->key, required, err, NULL);
	html_lit(&r->out, " value=\"");
	html_text(&r->out, value != NULL ? value : "");
	html_lit(&r->out, "\">");
	form_field_error(&r->out, err, id);
	html_lit(&r->out, "</div>");
}

/* A choice of an FT_ENUM field. A required one opens with an empty choice
 * (the goal's category is this area's only one); one that may be left out
 * shows its first option (a goal's status: planned) until another is
 * chosen. */
static void
choice_select(struct req *r, const struct form_errors *e, const struct field *f, const char *value)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, f->key);
	bool empty = (f->flags & FF_REQUIRED) != 0;
	if (!empty && (value == NULL || *value == '\0') && f->noptions > 0)
		value = f->options[0].key;
	form_field_open(o, err, f->key, T(r, f->label), true);
	html_lit(o, "<select");
	control_attrs(r, f->key, f->key, true, err, NULL);
	html_lit(o, ">");
	if (empty) {
		html_lit(o, "<option value=\"\">");
		html_text(o, T(r, "Choose a category"));
		html_lit(o, "</option>");
	}
	for (size_t i = 0; i < f->noptions; i++) {
		html_lit(o, "<option value=\"");
		html_text(o, f->options[i].key);
		html_lit(o, "\"");
		if (value != NULL && strcmp(value, f->options[i].key) == 0)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, T(r, f->options[i].label));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_error(o, err, f->key);
	html_lit(o, "</div>");
}

/* A free text: eight rows, with its hint. */
static void
text_area(struct req *r, const struct form_errors *e, const struct field *f, const char *value)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, f->key);
	const char *hint_id = f->hint != NULL ? arena_printf(r->a, "%s-hint", f->key) : NULL;
	form_field_open(o, err, f->key, T(r, f->label), false);
	if (f->hint != NULL) {
		html_lit(o, "<p class=\"muted\" id=\"");
		html_text(o, hint_id);
		html_lit(o, "\">");
		html_text(o, T(r, f->hint));
		html_lit(o, "</p>");
	}
	html_lit(o, "<textarea rows=\"8\"");
	control_attrs(r, f->key, f->key, false, err, hint_id);
	html_lit(o, ">");
	/* A leading newline after <textarea> is dropped by the parser. */
	html_lit(o, "\n");
	html_text(o, value != NULL ? value : "");
	html_lit(o, "</textarea>");
	form_field_error(o, err, f->key);
	html_lit(o, "</div>");
}

/* The control of one field of the plan's or a goal's form. */
static void
control(struct req *r, const struct form_errors *e, const struct field *f, const char *value)
{
	switch (f->type) {
	case FT_TEXT:
		text_area(r, e, f, value);
		break;
	case FT_ENUM:
		choice_select(r, e, f, value);
		break;
	default:
		form_input(r, e, f->key, T(r, f->label), f->type == FT_DATE ? "date" : "text", value, "off",
			   (f->flags & FF_REQUIRED) != 0);
		break;
	}
}

/* ---- a stale save shown again ---- */

#define KEPT_MAX 8

/*
 * A save refused because someone else saved first, shown again: the form
 * keeps what was typed, except a field only they changed (it shows theirs,
 * so saving again does not undo it). A field both changed keeps the typed
 * text, and a note names what they saved. values[i] is the i-th field the
 * form compares (the plan's inputs; a goal's goal_version_content).
 */
struct kept {
	const char *values[KEPT_MAX];
	const char *notes[KEPT_MAX];
	size_t nnotes;
	bool saved_steps;             /* a goal's steps: show the saved ones */
};

/* Which text a field of a stale form shows: base is the field when the form
 * was opened, saved is it now. */
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
	if (k->nnotes < KEPT_MAX)
		k->notes[k->nnotes++] = arena_printf(r->a, T(r, "%s: they saved “%s”; the form keeps yours."),
						     label, saved != NULL ? saved : "");
}

/* ", " between the labels of a list being built in b. */
static void
label_add(struct req *r, struct buf *b, const char *label)
{
	if (b->len > 0)
		buf_puts(b, ", ");
	buf_puts(b, T(r, label));
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
				    plan_when_text(r, wp->updated_at));
	return arena_printf(r->a, T(r, "%s saved this work plan at %s, after you opened it, and changed: %s."),
			    who, plan_when_text(r, wp->updated_at), changed);
}

/*
 * A plan save from version refused as stale: what the form shows again
 * (kept) and the message (*msg), from the version the form was opened at
 * (in v's versions) and the plan now (v). Returns 0 or SC_ENOMEM.
 */
static int
plan_kept(struct req *r, const struct plan_view *v, int64_t version, struct kept *k, const char **msg)
{
	memset(k, 0, sizeof *k);
	struct work_plan base;
	plan_blank(&base, 0, 0);
	bool have_base = version == 0;
	for (size_t i = 0; i < v->nversions && version > 0; i++)
		if (v->versions[i].version == version) {
			plan_of_version(&v->versions[i], &base);
			have_base = true;
		}
	const struct work_plan *wp = &v->plan;
	struct buf changed = BUF_INIT;
	size_t n = 0;
	for (size_t i = 0; i < work_plan_fields.n && n < KEPT_MAX; i++) {
		const struct field *f = &work_plan_fields.f[i];
		if (!plan_is_input(f))
			continue;
		const char *typed = req_field(r, f->key);
		const char *was = plan_value_text(r, f, &base), *now = plan_value_text(r, f, wp);
		k->values[n] = typed;
		if (have_base && !case_same_text(was, now))
			label_add(r, &changed, f->label);
		switch (kept_pick(was, typed, now, have_base)) {
		case TAKE_SAVED:
			k->values[n] = now;
			break;
		case BOTH_CHANGED:
			kept_note(r, k, T(r, f->label), now);
			break;
		default:
			break;
		}
		n++;
	}
	bool ok = buf_ok(&changed);
	*msg = plan_conflict_text(r, wp, ok && changed.len ? changed.data : "", have_base);
	buf_free(&changed);
	return ok && *msg != NULL ? SC_OK : SC_ENOMEM;
}

/*
 * A goal save from version refused as stale: what the form shows again
 * (kept) and the message (*msg) naming who changed what, from the goal's
 * history (hist[0..n), oldest first) and the goal as typed. Returns 0 or
 * SC_ENOMEM.
 */
static int
goal_kept(struct req *r, const struct goal *typed, int64_t version, const struct goal_version *hist,
	  size_t n, struct kept *k, const char **msg)
{
	memset(k, 0, sizeof *k);
	const struct goal_version *base = NULL, *now = n > 0 ? &hist[n - 1] : NULL;
	for (size_t i = 0; i < n; i++)
		if (hist[i].version == version)
			base = &hist[i];
	/* The typed goal as the history writes it. */
	struct goal_version mine;
	goal_version_of(typed, r->a, &mine);
	if (mine.steps == NULL)
		return SC_ENOMEM;
	struct buf changed = BUF_INIT;
	const struct fields cs = goal_version_content;
	for (size_t i = 0; i < cs.n && i < KEPT_MAX; i++) {
		const struct field *f = &cs.f[i];
		const struct field *shown = fields_find(goal_head_fields, f->key);
		if (shown != NULL)
			k->values[i] = req_field(r, shown->key);
		if (base == NULL || now == NULL)
			continue;
		const char *was = plan_value_text(r, f, base), *is = plan_value_text(r, f, now);
		if (!case_same_text(was, is))
			label_add(r, &changed, f->label);
		switch (kept_pick(was, plan_value_text(r, f, &mine), is, true)) {
		case TAKE_SAVED:
			if (shown != NULL)
				k->values[i] = is;
			else
				k->saved_steps = true;
			break;
		case BOTH_CHANGED:
			kept_note(r, k, T(r, f->label), field_shown(r, f, now));
			break;
		default:
			break;
		}
	}
	bool ok = buf_ok(&changed);
	const char *who = now != NULL && now->changed_by_name[0] ? now->changed_by_name : T(r, "Someone else");
	if (base == NULL || now == NULL)
		*msg = arena_printf(r->a, T(r, "The goal is saved at version %lld, not at the version this form "
					       "was made from."), (long long)(now != NULL ? now->version : 0));
	else if (changed.len == 0)
		*msg = arena_printf(r->a, T(r, "%s saved this goal at %s, after you opened it."), who,
				    plan_when_text(r, now->changed_at));
	else
		*msg = arena_printf(r->a, T(r, "%s changed this goal at %s, after you opened it: %s."), who,
				    plan_when_text(r, now->changed_at), ok ? changed.data : "");
	buf_free(&changed);
	return ok && *msg != NULL ? SC_OK : SC_ENOMEM;
}

/* ---- goal forms ---- */

/* What a goal form shows: the request's fields, or a stored goal. */
struct goal_values {
	const char *head[GOAL_F_STEPS];   /* by place in goal_fields; NULL: no value */
	size_t rows;
	const char *step[GOAL_STEPS_MAX][GOAL_STEP_INPUTS];
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
	for (size_t i = 0; i < goal_head_fields.n; i++)
		if (plan_is_input(&goal_head_fields.f[i]))
			v->head[i] = req_field(r, goal_head_fields.f[i].key);
	size_t filled = 0;
	for (size_t row = 1; row <= GOAL_STEPS_MAX; row++)
		for (size_t k = 0; k < GOAL_STEP_INPUTS; k++) {
			v->step[row - 1][k] = req_field(r, goal_step_key(row, k));
			if (*v->step[row - 1][k])
				filled = row;
		}
	v->rows = step_rows(filled);
}

static void
goal_steps_values(struct req *r, const struct goal *g, struct goal_values *v)
{
	memset(v->step, 0, sizeof v->step);
	const struct goal_step *steps = g->steps.items;
	size_t n = g->steps.n > GOAL_STEPS_MAX ? GOAL_STEPS_MAX : g->steps.n;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < GOAL_STEP_INPUTS; k++)
			v->step[i][k] = stored_value(r, &goal_step_fields.f[k], &steps[i]);
	v->rows = step_rows(n);
}

static void
goal_values_from_goal(struct req *r, const struct goal *g, struct goal_values *v)
{
	memset(v, 0, sizeof *v);
	for (size_t i = 0; i < goal_head_fields.n; i++)
		if (plan_is_input(&goal_head_fields.f[i]))
			v->head[i] = stored_value(r, &goal_head_fields.f[i], g);
	goal_steps_values(r, g, v);
}

/* The fields of a goal form (inside a <form> the caller opens). */
static void
goal_form_fields(struct req *r, const struct form_errors *e, const struct goal_values *v)
{
	struct buf *o = &r->out;
	for (size_t i = 0; i < goal_head_fields.n; i++)
		if (plan_is_input(&goal_head_fields.f[i]))
			control(r, e, &goal_head_fields.f[i], v->head[i]);
	const struct field *list = &goal_fields.f[GOAL_F_STEPS];
	const char *err = form_error_for(e, list->key);
	html_lit(o, "<fieldset class=\"wide\" id=\"");
	html_text(o, list->key);
	html_lit(o, "\" aria-describedby=\"");
	html_text(o, list->key);
	html_lit(o, "-hint");
	if (err != NULL) {
		html_lit(o, " ");
		html_text(o, list->key);
		html_lit(o, "-error");
	}
	html_lit(o, "\"><legend>");
	html_text(o, T(r, list->label));
	html_lit(o, "</legend><p class=\"muted\" id=\"");
	html_text(o, list->key);
	html_lit(o, "-hint\">");
	html_text(o, T(r, list->hint));
	html_lit(o, "</p>");
	form_field_error(o, err, list->key);
	for (size_t row = 1; row <= v->rows; row++) {
		html_lit(o, "<div class=\"filters step-row\">");
		for (size_t k = 0; k < GOAL_STEP_INPUTS; k++) {
			const struct field *f = &goal_step_fields.f[k];
			form_input(r, e, goal_step_key(row, k), arena_printf(r->a, T(r, goal_step_row_label(k)), (int)row),
				   f->type == FT_DATE ? "date" : "text", v->step[row - 1][k], "off", false);
		}
		html_lit(o, "</div>");
	}
	html_lit(o, "</fieldset>");
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

static void
goal_steps_table(struct req *r, const struct goal *g)
{
	struct buf *o = &r->out;
	if (g->steps.n == 0)
		return;
	const struct field *desc = &goal_step_fields.f[0], *due = &goal_step_fields.f[1],
			   *done = &goal_step_fields.f[2];
	scroll_open(r, arena_printf(r->a, "%s: %s", T(r, goal_fields.f[GOAL_F_STEPS].label), g->title));
	html_lit(o, "<table><thead><tr>");
	for (size_t k = 0; k < GOAL_STEP_INPUTS; k++) {
		html_lit(o, "<th scope=\"col\">");
		html_text(o, T(r, goal_step_fields.f[k].label));
		html_lit(o, "</th>");
	}
	html_lit(o, "</tr></thead><tbody>");
	struct date today = case_today();
	const struct goal_step *steps = g->steps.items;
	for (size_t i = 0; i < g->steps.n; i++) {
		const struct goal_step *s = &steps[i];
		bool overdue = !field_given(done, s) && field_given(due, s) && date_cmp(s->due_on, today) < 0;
		html_lit(o, "<tr><td>");
		html_text(o, plan_value_text(r, desc, s));
		html_lit(o, "</td><td");
		if (overdue)
			html_lit(o, " class=\"overdue\"");
		html_lit(o, ">");
		plan_date_cell(o, plan_value_text(r, due, s));
		if (overdue) {
			html_lit(o, " (");
			html_text(o, T(r, "overdue"));
			html_lit(o, ")");
		}
		html_lit(o, "</td><td>");
		plan_date_cell(o, plan_value_text(r, done, s));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	scroll_close(r);
}

static void
goal_summary_line(struct req *r, const struct goal *g)
{
	struct buf *o = &r->out;
	const struct field *cat = &goal_fields.f[GOAL_F_CATEGORY], *target = &goal_fields.f[GOAL_F_TARGET_DATE],
			   *status = &goal_fields.f[GOAL_F_STATUS];
	html_lit(o, "<p>");
	html_text(o, T(r, cat->label));
	html_lit(o, ": ");
	html_text(o, field_shown(r, cat, g));
	html_lit(o, " \xC2\xB7 ");
	html_text(o, T(r, target->label));
	html_lit(o, ": ");
	plan_date_cell(o, plan_value_text(r, target, g));
	html_lit(o, " \xC2\xB7 ");
	html_text(o, T(r, status->label));
	html_lit(o, ": <span class=\"status goal-");
	html_text(o, plan_value_text(r, status, g));
	html_lit(o, "\">");
	html_text(o, field_shown(r, status, g));
	html_lit(o, "</span></p>");
}

static void
plan_section(struct req *r, const struct plan_view *v, const struct page_state *ps, bool can_write)
{
	struct buf *o = &r->out;
	const struct work_plan *wp = &v->plan;
	html_lit(o, "<section aria-labelledby=\"plan-h\"><h2 id=\"plan-h\">");
	html_text(o, T(r, "Wishes and resources"));
	html_lit(o, "</h2>");
	if (!can_write) {
		plan_dl(r, wp);
		html_lit(o, "</section>");
		return;
	}
	bool posted = ps->form == POSTED_PLAN;
	const struct form_errors *e = posted ? ps->e : NULL;
	html_lit(o, "<form method=\"post\" action=\"");
	html_text(o, plan_path(r, v->p.id, ""));
	html_lit(o, "\" id=\"plan-form\" novalidate>");
	form_csrf(r);
	html_lit(o, "<input type=\"hidden\" name=\"");
	html_text(o, version_key);
	html_lit(o, "\" value=\"");
	html_int(o, wp->version);
	html_lit(o, "\">");
	size_t n = 0;
	for (size_t i = 0; i < work_plan_fields.n; i++) {
		const struct field *f = &work_plan_fields.f[i];
		if (!plan_is_input(f))
			continue;
		const char *value = ps->kept != NULL && n < KEPT_MAX ? ps->kept->values[n]
				    : posted ? req_field(r, f->key) : stored_value(r, f, wp);
		control(r, e, f, value);
		n++;
	}
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Save plan"));
	html_lit(o, "</button></form>");
	html_lit(o, "</section>");
}

static void
goals_section(struct req *r, const struct plan_view *v, const struct page_state *ps, bool can_write)
{
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"goals-h\"><h2 id=\"goals-h\">");
	html_text(o, T(r, "Goals"));
	html_lit(o, "</h2>");
	if (v->ngoals == 0) {
		page_muted(r, T(r, "No goals yet."));
	}
	for (size_t i = 0; i < v->ngoals; i++) {
		const struct goal *g = &v->goals[i];
		html_lit(o, "<section class=\"goal\" id=\"goal-");
		html_int(o, g->id);
		html_lit(o, "\"><h3>");
		html_text(o, g->title);
		html_lit(o, "</h3>");
		goal_summary_line(r, g);
		goal_steps_table(r, g);
		html_lit(o, "<p><a href=\"");
		html_text(o, plan_path(r, v->p.id, arena_printf(r->a, "/goals/%lld", (long long)g->id)));
		html_lit(o, "\">");
		html_text(o, can_write ? T(r, "Change this goal, and see its history")
				       : T(r, "See this goal's history"));
		html_lit(o, "</a></p></section>");
	}
	if (can_write) {
		bool posted = ps->form == POSTED_GOAL;
		struct goal_values gv;
		if (posted) {
			goal_values_from_request(r, &gv);
		} else {
			memset(&gv, 0, sizeof gv);
			gv.rows = step_rows(0);
		}
		html_lit(o, "<h3 id=\"add-goal\">");
		html_text(o, T(r, "Add a goal"));
		html_lit(o, "</h3><form method=\"post\" action=\"");
		html_text(o, plan_path(r, v->p.id, "/goals"));
		html_lit(o, "\" id=\"goal-form\" novalidate>");
		form_csrf(r);
		goal_form_fields(r, posted ? ps->e : NULL, &gv);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Add goal"));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</section>");
}

/* The form that marks an evaluation held, and the one that removes its
 * date. */
static void
evaluation_forms(struct req *r, const struct plan_view *v, const struct page_state *ps,
		 const struct plan_evaluation *ev)
{
	struct buf *o = &r->out;
	bool posted = ps->form == POSTED_EVAL_DONE && ps->eval_id == ev->id;
	const struct form_errors *e = posted ? ps->e : NULL;
	const char *base = plan_path(r, v->p.id, arena_printf(r->a, "/evaluations/%lld", (long long)ev->id));
	html_lit(o, "<form method=\"post\" action=\"");
	html_text(o, base);
	html_lit(o, "/done\" novalidate>");
	form_csrf(r);
	for (size_t i = 0; i < evaluation_done_fields.n; i++) {
		const struct field *f = &evaluation_done_fields.f[i];
		input_field(r, e, arena_printf(r->a, "%s-%lld", f->key, (long long)ev->id), f,
			    posted ? req_field(r, f->key) : NULL);
	}
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

static void
evaluations_section(struct req *r, const struct plan_view *v, const struct page_state *ps, bool can_write)
{
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"evaluations-h\" id=\"evaluations\"><h2 id=\"evaluations-h\">");
	html_text(o, T(r, "Evaluations"));
	html_lit(o, "</h2>");
	if (v->nevaluations == 0) {
		page_muted(r, T(r, "No evaluation dates yet."));
	} else {
		const struct fields fs = plan_evaluation_fields;
		const struct field *due = fields_find(fs, evaluation_new_fields.f[0].key),
				   *done = fields_find(fs, evaluation_done_fields.f[0].key),
				   *note = fields_find(fs, evaluation_done_fields.f[1].key);
		scroll_open(r, T(r, "Evaluations"));
		html_lit(o, "<table><thead><tr>");
		const struct field *cols[] = {due, done, note};
		for (size_t i = 0; i < 3; i++) {
			html_lit(o, "<th scope=\"col\">");
			html_text(o, T(r, cols[i]->label));
			html_lit(o, "</th>");
		}
		if (can_write) {
			html_lit(o, "<th scope=\"col\">");
			html_text(o, T(r, "Mark as held"));
			html_lit(o, "</th>");
		}
		html_lit(o, "</tr></thead><tbody>");
		struct date today = case_today();
		for (size_t i = 0; i < v->nevaluations; i++) {
			const struct plan_evaluation *ev = &v->evaluations[i];
			bool held = field_given(done, ev);
			bool overdue = !held && date_cmp(ev->due_on, today) < 0;
			html_lit(o, "<tr id=\"evaluation-");
			html_int(o, ev->id);
			html_lit(o, "\"><td");
			if (overdue)
				html_lit(o, " class=\"overdue\"");
			html_lit(o, ">");
			html_text(o, plan_value_text(r, due, ev));
			if (overdue) {
				html_lit(o, " (");
				html_text(o, T(r, "overdue"));
				html_lit(o, ")");
			}
			html_lit(o, "</td><td>");
			plan_date_cell(o, plan_value_text(r, done, ev));
			html_lit(o, "</td><td>");
			html_lines(o, plan_value_text(r, note, ev));
			html_lit(o, "</td>");
			if (can_write) {
				html_lit(o, "<td>");
				if (!held)
					evaluation_forms(r, v, ps, ev);
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
		html_text(o, plan_path(r, v->p.id, "/evaluations"));
		html_lit(o, "\" id=\"evaluation-form\" novalidate>");
		form_csrf(r);
		for (size_t i = 0; i < evaluation_new_fields.n; i++) {
			const struct field *f = &evaluation_new_fields.f[i];
			form_input(r, posted ? ps->e : NULL, f->key, T(r, f->label), "date",
				   posted ? req_field(r, f->key) : NULL, "off", (f->flags & FF_REQUIRED) != 0);
		}
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Add evaluation date"));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</section>");
}

static void
versions_section(struct req *r, const struct plan_view *v)
{
	struct buf *o = &r->out;
	if (v->plan.id == 0)
		return;
	const struct fields fs = plan_version_fields;
	html_lit(o, "<section aria-labelledby=\"versions-h\"><h2 id=\"versions-h\">");
	html_text(o, T(r, "Saved versions of the plan"));
	html_lit(o, "</h2>");
	scroll_open(r, T(r, "Saved versions of the plan"));
	/* version, saved_at, saved_by_name, agreed_on: the first four */
	html_lit(o, "<table><thead><tr>");
	for (size_t i = 0; i < 4 && i < fs.n; i++) {
		html_lit(o, "<th scope=\"col\">");
		html_text(o, T(r, fs.f[i].label));
		html_lit(o, "</th>");
	}
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < v->nversions; i++) {
		const struct plan_version *pv = &v->versions[i];
		html_lit(o, "<tr><td><a href=\"");
		html_text(o, plan_path(r, v->p.id, arena_printf(r->a, "/versions/%lld", (long long)pv->version)));
		html_lit(o, "\">");
		html_text(o, arena_printf(r->a, T(r, "Version %lld"), (long long)pv->version));
		html_lit(o, "</a></td><td>");
		html_text(o, plan_when_text(r, pv->saved_at));
		html_lit(o, "</td><td>");
		html_text(o, pv->saved_by_name);
		html_lit(o, "</td><td>");
		plan_date_cell(o, plan_value_text(r, &fs.f[3], pv));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	scroll_close(r);
	html_lit(o, "</section>");
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

static int
plan_page(struct req *r, const struct plan_view *v, const struct page_state *ps)
{
	struct buf *o = &r->out;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Work plan"),
				   case_name(r, v->p.given_name, v->p.family_name)));
	case_header(r, &v->p, "plan");
	conflict_box(r, ps->conflict, ps->kept);
	if (!v->enrolled && !v->ended) {
		plan_not_enrolled(r);
		return page_end(r);
	}
	/* after the exit: the last period's plan as it was, read only */
	bool can_write = v->enrolled && case_allows(r, &v->p, PART_BIT(PART_PLAN), ACT_WRITE);
	html_lit(o, "<p class=\"muted\" id=\"plan-period\">");
	if (v->ended)
		html_text(o, arena_printf(r->a, T(r, "Programme period from %s, ended %s. The work plan is kept as it "
						   "was at the exit and can no longer be changed."),
					  case_date_text(r, v->period.start_date), case_date_text(r, v->period.exit_date)));
	else
		html_text(o, arena_printf(r->a, T(r, "Programme period from %s, planned to end %s."),
					  case_date_text(r, v->period.start_date),
					  case_date_text(r, v->period.planned_end)));
	if (v->period.status != NULL && strcmp(v->period.status, "paused") == 0) {
		html_lit(o, " ");
		html_text(o, T(r, "The period is paused."));
	}
	if (v->plan.id != 0 && v->plan.updated_by_name[0] != '\0') {
		html_lit(o, " ");
		html_text(o, arena_printf(r->a, T(r, "Last saved by %s at %s."), v->plan.updated_by_name,
					  plan_when_text(r, v->plan.updated_at)));
	}
	html_lit(o, "</p><p class=\"actions\"><a href=\"");
	html_text(o, plan_path(r, v->p.id, "/print"));
	html_lit(o, "\">");
	html_text(o, T(r, "Printable plan to read and sign"));
	html_lit(o, "</a></p>");
	form_error_summary(r, ps->e);
	plan_section(r, v, ps, can_write);
	goals_section(r, v, ps, can_write);
	evaluations_section(r, v, ps, can_write);
	versions_section(r, v);
	return page_end(r);
}

/* ---- a goal's page ---- */

static void
change_item(struct req *r, const char *label, const char *was, const char *now)
{
	struct buf *o = &r->out;
	html_lit(o, "<li>");
	html_text(o, label);
	html_lit(o, ": ");
	if (was != NULL) {
		plan_date_cell(o, was);
		html_lit(o, " \xE2\x86\x92 ");
	}
	plan_date_cell(o, now);
	html_lit(o, "</li>");
}

/* A version's steps as stored (goal_steps_text(): "description | due
 * YYYY-MM-DD | done YYYY-MM-DD", a line each) in the reader's words. */
static void
steps_text_shown(struct req *r, const char *text)
{
	struct buf *o = &r->out;
	const char *p = text != NULL ? text : "";
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		struct goal_step_line line;
		goal_step_line_read(p, len, &line);
		html_textn(o, line.description, line.description_len);
		if (line.due_on.y != 0) {
			html_lit(o, " | ");
			html_text(o, arena_printf(r->a, T(r, "due %s"), case_date_text(r, line.due_on)));
		}
		if (line.done_on.y != 0) {
			html_lit(o, " | ");
			html_text(o, arena_printf(r->a, T(r, "done %s"), case_date_text(r, line.done_on)));
		}
		if (nl == NULL)
			break;
		html_lit(o, "\n");
		p = nl + 1;
	}
}

static void
history_table(struct req *r, const struct goal_version *h, size_t n)
{
	struct buf *o = &r->out;
	const struct fields fs = goal_version_fields, cs = goal_version_content;
	html_lit(o, "<section aria-labelledby=\"history-h\"><h2 id=\"history-h\">");
	html_text(o, T(r, "History of this goal"));
	html_lit(o, "</h2>");
	scroll_open(r, T(r, "History of this goal"));
	/* version, changed_at, changed_by: the first three */
	html_lit(o, "<table id=\"goal-history\"><thead><tr>");
	for (size_t i = 0; i < 3 && i < fs.n; i++) {
		html_lit(o, "<th scope=\"col\">");
		html_text(o, T(r, fs.f[i].label));
		html_lit(o, "</th>");
	}
	html_lit(o, "<th scope=\"col\">");
	html_text(o, T(r, "What changed"));
	html_lit(o, "</th></tr></thead><tbody>");
	/* Newest first; each row compared with the version before it. */
	for (size_t k = n; k-- > 0;) {
		const struct goal_version *v = &h[k];
		const struct goal_version *p = k > 0 ? &h[k - 1] : NULL;
		unsigned bits = goal_changes(p, v);
		html_lit(o, "<tr><td>");
		html_int(o, v->version);
		html_lit(o, "</td><td>");
		html_text(o, plan_when_text(r, v->changed_at));
		html_lit(o, "</td><td>");
		html_text(o, v->changed_by_name);
		html_lit(o, "</td><td>");
		if (p == NULL)
			html_text(o, T(r, "Goal added."));
		else if (bits == 0)
			html_text(o, T(r, "Saved without changes."));
		html_lit(o, "<ul>");
		for (size_t i = 0; i < cs.n; i++) {
			const struct field *f = &cs.f[i];
			if (!(bits & (1u << i)))
				continue;
			if (f->type == FT_TEXT) {
				html_lit(o, "<li>");
				html_text(o, T(r, f->label));
				html_lit(o, ":<pre class=\"steps-text\">");
				steps_text_shown(r, plan_value_text(r, f, v));
				html_lit(o, "</pre></li>");
			} else {
				change_item(r, T(r, f->label), p != NULL ? field_shown(r, f, p) : NULL,
					    field_shown(r, f, v));
			}
		}
		html_lit(o, "</ul></td></tr>");
	}
	html_lit(o, "</tbody></table>");
	scroll_close(r);
	html_lit(o, "</section>");
}

static int
goal_page(struct req *r, const struct plan_view *v, const struct goal *g, const struct goal_version *hist,
	  size_t nhist, const struct form_errors *e, const char *conflict, const struct kept *kept)
{
	struct buf *o = &r->out;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", g->title,
				   case_name(r, v->p.given_name, v->p.family_name)));
	case_header(r, &v->p, "plan");
	html_lit(o, "<p><a href=\"");
	html_text(o, plan_path(r, v->p.id, ""));
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the work plan"));
	html_lit(o, "</a></p><h2>");
	html_text(o, g->title);
	html_lit(o, "</h2>");
	conflict_box(r, conflict, kept);
	form_error_summary(r, e);
	bool can_write = case_allows(r, &v->p, PART_BIT(PART_PLAN), ACT_WRITE);
	bool current = app_goal_current(v, g);
	if (can_write && current) {
		struct goal_values gv;
		if (e != NULL || kept != NULL)
			goal_values_from_request(r, &gv);
		else
			goal_values_from_goal(r, g, &gv);
		if (kept != NULL) {
			for (size_t i = 0; i < goal_version_content.n && i < KEPT_MAX; i++) {
				const struct field *f = fields_find(goal_head_fields, goal_version_content.f[i].key);
				if (f != NULL)
					gv.head[f - goal_head_fields.f] = kept->values[i];
			}
			if (kept->saved_steps)
				goal_steps_values(r, g, &gv);
		}
		html_lit(o, "<form method=\"post\" action=\"");
		html_text(o, plan_path(r, v->p.id, arena_printf(r->a, "/goals/%lld", (long long)g->id)));
		html_lit(o, "\" id=\"goal-form\" novalidate>");
		form_csrf(r);
		html_lit(o, "<input type=\"hidden\" name=\"");
		html_text(o, version_key);
		html_lit(o, "\" value=\"");
		html_int(o, g->version);
		html_lit(o, "\">");
		goal_form_fields(r, e, &gv);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Save goal"));
		html_lit(o, "</button></form>");
	} else {
		if (!current) {
			html_lit(o, "<p class=\"notice\">");
			html_text(o, T(r, plan_reason_goal_closed));
			html_lit(o, "</p>");
		}
		goal_summary_line(r, g);
		goal_steps_table(r, g);
	}
	history_table(r, hist, nhist);
	return page_end(r);
}

/* ---- JSON ---- */

/* Texts not given as "" (never null), in the record and its lists' items:
 * how this API has always written them. */
static void
texts_not_null(json_t *o, struct fields fs, const void *rec)
{
	for (size_t i = 0; o != NULL && i < fs.n; i++) {
		const struct field *f = &fs.f[i];
		json_t *m = json_object_get(o, f->key);
		if (m == NULL)
			continue;
		if ((f->type == FT_LINE || f->type == FT_TEXT) && json_is_null(m)) {
			json_object_set_new(o, f->key, json_string(""));
		} else if (f->type == FT_LIST && f->nitem > 1) {
			const struct field_list *l = FIELD_AT_CONST(rec, f, struct field_list);
			for (size_t k = 0; k < l->n; k++)
				texts_not_null(json_array_get(m, k), (struct fields){f->item, f->nitem},
					       (const char *)l->items + k * f->item_size);
		}
	}
}

/* A record of this area as JSON (a new reference). */
static json_t *
area_json(struct fields fs, const void *rec)
{
	json_t *o = record_json(fs, rec, PARTS_ALL);
	texts_not_null(o, fs, rec);
	return o;
}

/* The plan: its fields, the period after the participant, its goals and
 * evaluations. */
static json_t *
plan_json(const struct plan_view *v)
{
	json_t *fields = area_json(work_plan_fields, &v->plan);
	json_t *o = json_object();
	const char *key;
	json_t *value;
	bool first = true;
	json_object_foreach(fields, key, value) {
		json_object_set(o, key, value);
		if (first)
			json_object_set_new(o, "period", area_json(plan_period_fields, &v->period));
		first = false;
	}
	json_decref(fields);
	json_t *goals = json_array();
	for (size_t i = 0; i < v->ngoals; i++)
		json_array_append_new(goals, area_json(goal_fields, &v->goals[i]));
	json_t *evaluations = json_array();
	for (size_t i = 0; i < v->nevaluations; i++)
		json_array_append_new(evaluations, area_json(plan_evaluation_fields, &v->evaluations[i]));
	json_object_set_new(o, "goals", goals);
	json_object_set_new(o, "evaluations", evaluations);
	return o;
}

/* Answers a refused change as JSON, with the codes this API has always
 * used: "not_enrolled", "closed" and "conflict" for a 409. */
static int
refused_json(struct req *r, const struct outcome *out, const struct form_errors *e)
{
	if (out->refusal == REFUSED_STALE || out->refusal == REFUSED_STATE) {
		const char *code = out->message == plan_reason_not_enrolled ? "not_enrolled"
				   : out->message == plan_reason_goal_closed ? "closed" : "conflict";
		return api_error(r, 409, code, outcome_message(r, out), NULL);
	}
	return answer_refused_json(r, out, e);
}

/* ---- reading ---- */

/* Appends the errors of from that e has no error for yet. */
static void
errors_append(struct form_errors *e, const struct form_errors *from)
{
	for (int i = 0; i < from->n && e->n < FORM_MAX_ERRORS; i++)
		if (form_error_for(e, from->field[i]) == NULL) {
			e->field[e->n] = from->field[i];
			e->message[e->n] = from->message[i];
			e->n++;
		}
}

/*
 * What a request read besides its declared fields (a goal's steps, the
 * version) adds to the fields' errors e: when any member had the wrong JSON
 * type (mistyped, types), only such members are named, as input_read()
 * does for the fields, since no value was read; else the values' errors.
 */
static void
read_errors(struct form_errors *e, bool *mistyped, const struct form_errors *types,
	    const struct form_errors *values)
{
	if (types->n > 0 && !*mistyped)
		*e = (struct form_errors){0};
	if (types->n > 0 || *mistyped) {
		*mistyped = true;
		errors_append(e, types);
		return;
	}
	errors_append(e, values);
}

/*
 * The version a save was made from. A form's hidden field must be a whole
 * number from min: false when it is not (the page answers 400). A JSON
 * member that is not a whole number goes into types; one missing or below
 * min gets missing (a msgid) in values; false either way.
 */
static bool
read_version(struct req *r, int64_t min, const char *missing, int64_t *version, struct form_errors *types,
	     struct form_errors *values)
{
	if (r->json == NULL && !r->wants_json)
		return parse_int64(req_field(r, version_key), min, INT64_MAX, version) == SC_OK;
	json_t *m = json_object_get(r->json, version_key);
	if (m != NULL && !json_is_integer(m)) {
		form_error(r, types, version_key, N_("Must be the version you read, a whole number."));
		return false;
	}
	if (m == NULL || json_integer_value(m) < min) {
		form_error(r, values, version_key, missing);
		return false;
	}
	*version = (int64_t)json_integer_value(m);
	return true;
}

/* The JSON type a step's member must have, as its message. */
static const char *
step_type_message(const struct field *f)
{
	return f->type == FT_DATE ? N_("Must be a date as text (YYYY-MM-DD).") : N_("Must be text.");
}

/*
 * A goal's steps from a JSON body: a list of objects whose members are a
 * step's inputs, each text or null. False when it answered the request
 * (400: a member no step has). Members of another type go into types
 * ("steps[i].member", or "steps" for what is not a list of objects); else
 * the steps are read into g, their errors into values.
 */
static bool
read_steps_json(struct req *r, struct goal *g, struct form_errors *types, struct form_errors *values, int *rc)
{
	const struct field *list = &goal_fields.f[GOAL_F_STEPS];
	const struct fields inputs = {goal_step_fields.f, GOAL_STEP_INPUTS};
	json_t *steps = json_object_get(r->json, list->key);
	size_t i;
	json_t *it;
	bool objects = json_is_array(steps);
	json_array_foreach(steps, i, it)
		objects &= json_is_object(it);
	if (steps != NULL && !json_is_null(steps) && !objects) {
		form_error(r, types, list->key, N_("Must be a list of objects."));
		return true;
	}
	json_t *unknown = json_object();
	json_array_foreach(steps, i, it) {
		const char *k;
		json_t *m;
		json_object_foreach(it, k, m) {
			const struct field *f = fields_find(inputs, k);
			const char *name = arena_printf(r->a, "%s[%zu].%s", list->key, i, k);
			if (name == NULL)
				continue;
			if (f == NULL)
				json_object_set_new(unknown, name, json_string(T(r, "Unknown field.")));
			else if (!json_is_null(m) && !json_is_string(m))
				form_error(r, types, name, step_type_message(f));
		}
	}
	if (json_object_size(unknown) > 0) {
		*rc = api_error(r, 400, "unknown_fields", T(r, "The request has fields this resource does not know."),
				unknown);
		return false;
	}
	json_decref(unknown);
	if (types->n > 0)
		return true;
	size_t n = json_array_size(steps);
	struct goal_step_text *rows = n > 0 ? arena_alloc(r->a, n * sizeof *rows) : NULL;
	if (n > 0 && rows == NULL) {
		*rc = SC_ENOMEM;
		return false;
	}
	json_array_foreach(steps, i, it)
		for (size_t k = 0; k < GOAL_STEP_INPUTS; k++)
			rows[i].text[k] = json_string_value(json_object_get(it, inputs.f[k].key));
	struct field_errors fe = {0};
	goal_steps_read(g, rows, n, r->a, &fe);
	form_errors_from(r, &fe, values);
	return true;
}

/* A goal's steps from a form: its numbered rows. */
static void
read_steps_form(struct req *r, struct goal *g, struct form_errors *e)
{
	struct goal_step_text rows[GOAL_STEPS_MAX];
	for (size_t row = 1; row <= GOAL_STEPS_MAX; row++)
		for (size_t k = 0; k < GOAL_STEP_INPUTS; k++)
			rows[row - 1].text[k] = req_field(r, goal_step_key(row, k));
	struct field_errors fe = {0};
	goal_steps_read(g, rows, GOAL_STEPS_MAX, r->a, &fe);
	form_errors_from(r, &fe, e);
}

/*
 * Reads a goal from the request: its fields, its steps and, with version
 * non-NULL, the version it was saved from (*version_ok false when that is
 * missing or wrong). False when it answered the request (400). Errors go
 * into e; *mistyped says they are JSON members of the wrong type.
 */
static bool
read_goal(struct req *r, struct goal *in, int64_t *version, bool *version_ok, struct form_errors *e,
	  bool *mistyped, int *rc)
{
	/* the steps are read below, and so is the version of a change */
	const char *const extra[] = {goal_fields.f[GOAL_F_STEPS].key, version != NULL ? version_key : NULL, NULL};
	fields_clear(goal_fields, in);
	*version_ok = true;
	*mistyped = false;
	if (!input_read(r, goal_head_fields, in, extra, e, rc))
		return false;
	if (r->json == NULL && !r->wants_json) {
		read_steps_form(r, in, e);
		if (version != NULL)
			*version_ok = read_version(r, 1, NULL, version, NULL, NULL);
		return true;
	}
	*mistyped = e->mistyped;
	struct form_errors types = {0}, values = {0};
	if (!read_steps_json(r, in, &types, &values, rc))
		return false;
	if (version != NULL)
		*version_ok = read_version(r, 1, N_("Send the version of the goal you edited."), version, &types,
					   &values);
	read_errors(e, mistyped, &types, &values);
	return true;
}

/* The place of an error's member in the JSON body ("steps[1].due_on" is
 * at "steps"); past the end when it is not there. */
static size_t
body_place(struct req *r, const char *field)
{
	size_t len = strcspn(field, "[.");
	size_t i = 0;
	const char *key;
	json_t *value;
	json_object_foreach(r->json, key, value) {
		if (strlen(key) == len && strncmp(key, field, len) == 0)
			return i;
		i++;
	}
	(void)value;
	return i;
}

/* Orders the errors of input as this API has always named them: members
 * of the wrong type in the body's order; else the version first. */
static void
errors_ordered(struct req *r, struct form_errors *e, bool mistyped)
{
	size_t rank[FORM_MAX_ERRORS];
	for (int i = 0; i < e->n; i++)
		rank[i] = mistyped ? body_place(r, e->field[i]) : strcmp(e->field[i], version_key) != 0;
	for (int i = 1; i < e->n; i++)
		for (int k = i; k > 0 && rank[k - 1] > rank[k]; k--) {
			size_t rk = rank[k];
			rank[k] = rank[k - 1];
			rank[k - 1] = rk;
			const char *f = e->field[k], *m = e->message[k];
			e->field[k] = e->field[k - 1];
			e->message[k] = e->message[k - 1];
			e->field[k - 1] = f;
			e->message[k - 1] = m;
		}
}

/* ---- answering a change ---- */

/*
 * The outcome of a change whose input was refused while reading, after
 * the command's check: its 404 comes first; for input read whole, its 409
 * too; else the input is invalid (with the check's errors beside the
 * input's, unless the input was mistyped: then only the types are named).
 */
static void
refused_input(struct outcome *out, bool mistyped)
{
	if (out->refusal == REFUSED_NOT_FOUND)
		return;
	if (mistyped) {
		out->refusal = REFUSED_INVALID;
		out->errors.n = 0;
		out->message = NULL;
	} else if (out->refusal == DONE || out->refusal == REFUSED_INVALID) {
		out->refusal = REFUSED_INVALID;
	}
}

/* Answers a refused change as JSON. */
static int
answer_json(struct req *r, const struct outcome *out, struct form_errors *e, bool mistyped)
{
	errors_ordered(r, e, mistyped);
	if (mistyped)
		return api_error(r, 422, "invalid", T(r, "Some fields have the wrong type."), case_errors_json(e));
	return refused_json(r, out, e);
}

/* The errors of an evaluation's "held" form carry its id: several such
 * forms are on the page. */
static void
errors_of_evaluation(struct req *r, struct form_errors *e, int64_t evaluation_id)
{
	for (int i = 0; i < e->n; i++) {
		const char *key = arena_printf(r->a, "%s-%lld", e->field[i], (long long)evaluation_id);
		if (key != NULL)
			e->field[i] = key;
	}
}

/*
 * Shows the plan page again after a refused change: the posted form with
 * its errors (422), the page with the conflict's message (409; a
 * participant not enrolled is what the page says itself), or for a stale
 * plan save the form kept (409).
 */
static int
plan_page_refused(struct req *r, int64_t participant_id, const struct outcome *out, enum posted_form form,
		  int64_t evaluation_id, struct form_errors *e, int64_t version)
{
	struct actor actor = req_actor(r);
	struct plan_view v;
	struct outcome shown;
	int rc = app_plan_open(req_db(r), r->a, &actor, participant_id, ACT_READ, &v, &shown);
	if (rc != SC_OK)
		return rc;
	if (shown.refusal != DONE)
		return req_error(r, 404, NULL);
	struct page_state ps = {0};
	struct kept k;
	r->status = outcome_status(out);
	switch (out->refusal) {
	case REFUSED_INVALID:
		outcome_form_errors(r, out, e);
		if (form == POSTED_EVAL_DONE)
			errors_of_evaluation(r, e, evaluation_id);
		ps.form = form;
		ps.e = e;
		ps.eval_id = evaluation_id;
		break;
	case REFUSED_STALE:
		rc = plan_kept(r, &v, version, &k, &ps.conflict);
		if (rc != SC_OK)
			return rc;
		ps.kept = &k;
		break;
	default:
		if (out->message != plan_reason_not_enrolled)
			ps.conflict = outcome_message(r, out);
		break;
	}
	return plan_page(r, &v, &ps);
}

/* Shows a goal's page again after its change was refused: the form with
 * its errors (422), kept after a stale save (409), or the goal as it is
 * (409, of an earlier period). */
static int
goal_page_refused(struct req *r, int64_t participant_id, int64_t goal_id, const struct outcome *out,
		  const struct goal *typed, int64_t version, struct form_errors *e)
{
	struct actor actor = req_actor(r);
	struct plan_view v;
	struct goal g;
	struct goal_version *hist = NULL;
	size_t n = 0;
	struct outcome shown;
	int rc = app_goal_open(req_db(r), r->a, &actor, participant_id, goal_id, ACT_READ, &v, &g, &hist, &n,
			       &shown);
	if (rc != SC_OK)
		return rc;
	if (shown.refusal != DONE)
		return req_error(r, 404, NULL);
	r->status = outcome_status(out);
	if (out->refusal == REFUSED_INVALID) {
		outcome_form_errors(r, out, e);
		return goal_page(r, &v, &g, hist, n, e, NULL, NULL);
	}
	if (out->refusal == REFUSED_STALE) {
		struct kept k;
		const char *msg = NULL;
		rc = goal_kept(r, typed, version, hist, n, &k, &msg);
		if (rc != SC_OK)
			return rc;
		return goal_page(r, &v, &g, hist, n, NULL, msg, &k);
	}
	return goal_page(r, &v, &g, hist, n, NULL, NULL, NULL);
}

/* ---- the resources ---- */

/* GET /participants/:id/plan and /api/v1/participants/:id/plan. */
static int
h_plan(struct req *r)
{
	struct actor actor = req_actor(r);
	struct plan_view v;
	struct outcome out;
	int rc = app_plan_read(req_db(r), r->a, &actor, req_param_id(r, 0), &v, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	if (r->wants_json) {
		if (!v.enrolled && !v.ended)
			return api_error(r, 404, "not_enrolled", T(r, plan_reason_not_enrolled), NULL);
		return api_send(r, 200, plan_json(&v));
	}
	struct page_state ps = {0};
	return plan_page(r, &v, &ps);
}

/* POST /participants/:id/plan and /api/v1/participants/:id/plan: the
 * wishes, resources and agreement, against the version read. */
static int
h_plan_save(struct req *r)
{
	static const char *const extra[] = {version_key, NULL};
	struct work_plan in;
	plan_blank(&in, 0, 0);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, work_plan_fields, &in, extra, &e, &rc))
		return rc;
	bool mistyped = e.mistyped;
	struct form_errors types = {0}, values = {0};
	int64_t version = 0;
	bool version_ok = read_version(r, 0, N_("Send the version you edited: 0 for a plan not saved before."),
				       &version, &types, &values);
	read_errors(&e, &mistyped, &types, &values);
	struct actor actor = req_actor(r);
	struct db *db = req_db(r);
	int64_t pid = req_param_id(r, 0);
	struct outcome out = {0};
	bool cleared = false, refused = e.n > 0 || !version_ok;
	rc = refused ? app_plan_check(db, r->a, &actor, pid, &in, &out)
		     : app_plan_save(db, r->a, &actor, pid, version, &in, &cleared, &out);
	if (rc != SC_OK)
		return rc;
	if (refused && !r->wants_json && !version_ok &&
	    (out.refusal == DONE || out.refusal == REFUSED_INVALID))
		return req_error(r, 400, NULL);
	if (refused)
		refused_input(&out, mistyped);
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return answer_json(r, &out, &e, mistyped);
		return plan_page_refused(r, pid, &out, POSTED_PLAN, 0, &e, version);
	}
	if (!r->wants_json)
		return answer_done(r, 200, NULL, plan_path(r, pid, ""),
				   cleared ? "plan-saved-agreement-cleared" : "plan-saved");
	struct plan_view v;
	rc = app_plan_open(db, r->a, &actor, pid, ACT_READ, &v, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	json_t *j = plan_json(&v);
	json_object_set_new(j, "agreement_cleared", json_boolean(cleared));
	return api_send(r, 200, j);
}

/* POST /participants/:id/plan/goals and /api/v1/participants/:id/goals. */
static int
h_goal_create(struct req *r)
{
	struct goal in;
	struct form_errors e = {0};
	bool version_ok, mistyped;
	int rc = SC_OK;
	if (!read_goal(r, &in, NULL, &version_ok, &e, &mistyped, &rc))
		return rc;
	struct actor actor = req_actor(r);
	struct db *db = req_db(r);
	int64_t pid = req_param_id(r, 0);
	struct outcome out = {0};
	bool cleared = false, refused = e.n > 0;
	rc = refused ? app_goal_check(db, r->a, &actor, pid, 0, &in, &out)
		     : app_goal_create(db, r->a, &actor, pid, &in, &cleared, &out);
	if (rc != SC_OK)
		return rc;
	if (refused)
		refused_input(&out, mistyped);
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return answer_json(r, &out, &e, mistyped);
		return plan_page_refused(r, pid, &out, POSTED_GOAL, 0, &e, 0);
	}
	if (r->wants_json) {
		json_t *j = area_json(goal_fields, &in);
		json_object_set_new(j, "plan_agreement_cleared", json_boolean(cleared));
		return api_send(r, 201, j);
	}
	return answer_done(r, 201, NULL, plan_path(r, pid, arena_printf(r->a, "#goal-%lld", (long long)in.id)),
			   cleared ? "goal-saved-agreement-cleared" : "goal-saved");
}

/* GET /participants/:id/plan/goals/:gid (the goal's page, with its form and
 * history) and /api/v1/goals/:id. */
static int
h_goal(struct req *r)
{
	bool json = r->wants_json;
	struct actor actor = req_actor(r);
	struct plan_view v;
	struct goal g;
	struct goal_version *hist = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_goal_read(req_db(r), r->a, &actor, json ? 0 : req_param_id(r, 0), req_param_id(r, json ? 0 : 1), &v, &g,
			       &hist, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	if (json)
		return api_send(r, 200, area_json(goal_fields, &g));
	return goal_page(r, &v, &g, hist, n, NULL, NULL, NULL);
}

/* POST /participants/:id/plan/goals/:gid and /api/v1/goals/:id: a goal's
 * change, against the version read. */
static int
h_goal_update(struct req *r)
{
	bool json = r->wants_json;
	int64_t pid = json ? 0 : req_param_id(r, 0), gid = req_param_id(r, json ? 0 : 1);
	struct goal in;
	struct form_errors e = {0};
	int64_t version = 0;
	bool version_ok, mistyped;
	int rc = SC_OK;
	if (!read_goal(r, &in, &version, &version_ok, &e, &mistyped, &rc))
		return rc;
	struct actor actor = req_actor(r);
	struct db *db = req_db(r);
	struct outcome out = {0};
	bool cleared = false, refused = e.n > 0 || !version_ok;
	rc = refused ? app_goal_check(db, r->a, &actor, pid, gid, &in, &out)
		     : app_goal_update(db, r->a, &actor, pid, gid, version, &in, &cleared, &out);
	if (rc != SC_OK)
		return rc;
	if (refused && !json && !version_ok && (out.refusal == DONE || out.refusal == REFUSED_INVALID))
		return req_error(r, 400, NULL);
	if (refused)
		refused_input(&out, mistyped);
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (json)
			return answer_json(r, &out, &e, mistyped);
		return goal_page_refused(r, pid, gid, &out, &in, version, &e);
	}
	if (json) {
		json_t *j = area_json(goal_fields, &in);
		json_object_set_new(j, "plan_agreement_cleared", json_boolean(cleared));
		return api_send(r, 200, j);
	}
	return answer_done(r, 200, NULL, plan_path(r, pid, arena_printf(r->a, "#goal-%lld", (long long)in.id)),
			   cleared ? "goal-saved-agreement-cleared" : "goal-saved");
}

/* GET /api/v1/goals/:id/history: a page of the goal's versions, oldest
 * first, each naming the fields it changed. */
static int
h_goal_history(struct req *r)
{
	struct actor actor = req_actor(r);
	struct plan_view v;
	struct goal g;
	struct goal_version *h = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_goal_read(req_db(r), r->a, &actor, 0, req_param_id(r, 0), &v, &g, &h, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	int64_t page, per_page;
	if (!api_paging(r, &page, &per_page, &rc))
		return rc;
	const struct fields cs = goal_version_content;
	json_t *items = json_array();
	int64_t from = (page - 1) * per_page;
	for (int64_t k = from; k < (int64_t)n && k < from + per_page; k++) {
		json_t *item = area_json(goal_version_fields, &h[k]);
		unsigned bits = goal_changes(k > 0 ? &h[k - 1] : NULL, &h[k]);
		json_t *changed = json_array();
		for (size_t i = 0; i < cs.n; i++)
			if (bits & (1u << i))
				json_array_append_new(changed, json_string(cs.f[i].key));
		json_object_set_new(item, "changed", changed);
		json_array_append_new(items, item);
	}
	return api_send(r, 200, api_page_json(items, page, per_page, (int64_t)n));
}

/* POST /participants/:id/plan/evaluations and
 * /api/v1/participants/:id/evaluations: an evaluation date. */
static int
h_evaluation_create(struct req *r)
{
	struct plan_evaluation in;
	fields_clear(plan_evaluation_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, evaluation_new_fields, &in, NULL, &e, &rc))
		return rc;
	bool mistyped = e.mistyped;
	struct actor actor = req_actor(r);
	struct db *db = req_db(r);
	int64_t pid = req_param_id(r, 0);
	struct outcome out = {0};
	bool refused = e.n > 0;
	rc = refused ? app_evaluation_check(db, r->a, &actor, pid, &in, &out)
		     : app_evaluation_create(db, r->a, &actor, pid, &in, &out);
	if (rc != SC_OK)
		return rc;
	if (refused)
		refused_input(&out, mistyped);
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return answer_json(r, &out, &e, mistyped);
		return plan_page_refused(r, pid, &out, POSTED_EVAL, 0, &e, 0);
	}
	if (r->wants_json)
		return api_send(r, 201, area_json(plan_evaluation_fields, &in));
	return answer_done(r, 201, NULL, plan_path(r, pid, "#evaluations"), "saved");
}

/* POST /participants/:id/plan/evaluations/:eid/done and its API twin:
 * an evaluation held, with a note. */
static int
h_evaluation_done(struct req *r)
{
	struct plan_evaluation in;
	fields_clear(plan_evaluation_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, evaluation_done_fields, &in, NULL, &e, &rc))
		return rc;
	bool mistyped = e.mistyped;
	struct actor actor = req_actor(r);
	struct db *db = req_db(r);
	int64_t pid = req_param_id(r, 0), eid = req_param_id(r, 1);
	struct outcome out = {0};
	bool refused = e.n > 0;
	rc = refused ? app_evaluation_done_check(db, r->a, &actor, pid, eid, &in, &out)
		     : app_evaluation_done(db, r->a, &actor, pid, eid, &in, &out);
	if (rc != SC_OK)
		return rc;
	if (refused)
		refused_input(&out, mistyped);
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return answer_json(r, &out, &e, mistyped);
		return plan_page_refused(r, pid, &out, POSTED_EVAL_DONE, eid, &e, 0);
	}
	if (r->wants_json)
		return api_send(r, 200, area_json(plan_evaluation_fields, &in));
	return answer_done(r, 200, NULL, plan_path(r, pid, "#evaluations"), "saved");
}

/* POST /participants/:id/plan/evaluations/:eid/delete: a date not held
 * removed. */
static int
h_evaluation_delete(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t pid = req_param_id(r, 0);
	struct outcome out;
	int rc = app_evaluation_delete(req_db(r), r->a, &actor, pid, req_param_id(r, 1), &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE)
		return plan_page_refused(r, pid, &out, POSTED_NONE, 0, NULL, 0);
	return answer_done(r, 200, NULL, plan_path(r, pid, "#evaluations"), "saved");
}

const struct route plans_routes[] = {
	BOTH(GET_HEAD, "/participants/:id/plan", "/api/v1/participants/:id/plan", h_plan,
	     NEED(RES_WORKPLANS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/plan", "/api/v1/participants/:id/plan", h_plan_save,
	     NEED(RES_WORKPLANS, ACT_WRITE)),
	BOTH(M_POST, "/participants/:id/plan/goals", "/api/v1/participants/:id/goals", h_goal_create,
	     NEED(RES_WORKPLANS, ACT_WRITE)),
	BOTH(GET_HEAD, "/participants/:id/plan/goals/:gid", "/api/v1/goals/:id", h_goal,
	     NEED(RES_WORKPLANS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/plan/goals/:gid", "/api/v1/goals/:id", h_goal_update,
	     NEED(RES_WORKPLANS, ACT_WRITE)),
	API(GET_HEAD, "/api/v1/goals/:id/history", h_goal_history, NEED(RES_WORKPLANS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/plan/evaluations", "/api/v1/participants/:id/evaluations",
	     h_evaluation_create, NEED(RES_WORKPLANS, ACT_WRITE)),
	BOTH(M_POST, "/participants/:id/plan/evaluations/:eid/done",
	     "/api/v1/participants/:id/evaluations/:eid/done", h_evaluation_done, NEED(RES_WORKPLANS, ACT_WRITE)),
	PAGE(M_POST, "/participants/:id/plan/evaluations/:eid/delete", h_evaluation_delete,
	     NEED(RES_WORKPLANS, ACT_WRITE)),
	ROUTES_END
};
