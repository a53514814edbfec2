/*
 * plan.c — work plans: the records declared, and the rules; see plan.h.
 */
#include "domain/plan.h"

#include "domain/access.h"
#include "i18n/i18n.h"
#include "util/arena.h"

#include <stdio.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- choices and reasons ---- */

static const struct field_option category_options[] = {
	[GOAL_LANGUAGE] = {"language", N_("Language")},
	[GOAL_WORK] = {"work", N_("Work")},
	[GOAL_EDUCATION] = {"education", N_("Education")},
	[GOAL_HEALTH] = {"health", N_("Health")},
	[GOAL_EVERYDAY] = {"everyday", N_("Everyday life")},
};

static const struct field_option status_options[] = {
	[GOAL_PLANNED] = {"planned", N_("Planned")},
	[GOAL_IN_PROGRESS] = {"in_progress", N_("In progress")},
	[GOAL_ACHIEVED] = {"achieved", N_("Achieved")},
	[GOAL_DROPPED] = {"dropped", N_("Dropped")},
};

const char *
goal_category_key(enum goal_category c)
{
	return (size_t)c < NELEM(category_options) ? category_options[c].key : "";
}

const char *
goal_status_key(enum goal_status s)
{
	return (size_t)s < NELEM(status_options) ? status_options[s].key : "";
}

const char *const plan_reason_not_enrolled =
	N_("The participant is not enrolled; the work plan starts with the programme period.");
const char *const plan_reason_plan_stale =
	N_("Someone else saved this work plan after you read it. Nothing was saved; read it again and "
	   "save against its new version.");
const char *const plan_reason_goal_stale =
	N_("Someone else changed this goal after you read it. Nothing was saved; read it again and save "
	   "against its new version.");
const char *const plan_reason_goal_closed =
	N_("This goal belongs to an earlier programme period and can no longer be changed.");
const char *const plan_reason_evaluation_held =
	N_("This evaluation was already marked as held; held evaluations are kept as they are.");

/* ---- the programme period ---- */

static const struct field period_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct plan_period, id),
	 .label = N_("Programme period"), .part = -1},
	{.key = "start_date", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct plan_period, start_date),
	 .label = N_("Start date"), .part = PART_PERIOD},
	{.key = "planned_end", .type = FT_DATE, .flags = FF_OUT,
	 .offset = offsetof(struct plan_period, planned_end), .label = N_("Planned end"), .part = PART_PERIOD},
	{.key = "status", .type = FT_LINE, .flags = FF_OUT, .offset = offsetof(struct plan_period, status),
	 .label = N_("Status"), .part = PART_PERIOD},
	{.key = "exit_date", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct plan_period, exit_date),
	 .label = N_("Exit date"), .part = PART_PERIOD},
};

const struct fields plan_period_fields = FIELDS(period_table);

/* ---- the plan ---- */

/* The places of plan_table. */
enum { WP_PARTICIPANT_ID, WP_ID, WP_VERSION, WP_WISHES, WP_RESOURCES, WP_AGREED_ON, WP_UPDATED_AT,
       WP_ENROLMENT_ID, WP_CREATED_AT, WP_UPDATED_BY, WP_UPDATED_BY_NAME, WP_COUNT };

static const struct field plan_table[WP_COUNT] = {
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT,
	 .offset = offsetof(struct work_plan, participant_id), .label = N_("Participant"), .part = -1},
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct work_plan, id),
	 .label = N_("Work plan"), .part = -1},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct work_plan, version),
	 .label = N_("Version"), .part = PART_PLAN},
	{.key = "wishes", .type = FT_TEXT, .offset = offsetof(struct work_plan, wishes), .max = PLAN_TEXT_MAX,
	 .label = N_("The participant's own wishes"),
	 .hint = N_("In the participant's own words: what they want to do, learn or become."),
	 .too_long = N_("The participant's wishes can be at most 8000 characters."), .part = PART_PLAN},
	{.key = "resources", .type = FT_TEXT, .offset = offsetof(struct work_plan, resources), .max = PLAN_TEXT_MAX,
	 .label = N_("Resources assessment (Of course I can)"),
	 .hint = N_("The participant's own resources and skills, as you assessed them together, "
		    "and how they can show them."),
	 .too_long = N_("The resources assessment can be at most 8000 characters."), .part = PART_PLAN},
	{.key = "agreed_on", .type = FT_DATE, .offset = offsetof(struct work_plan, agreed_on),
	 .label = N_("Agreed with the participant on"), .part = PART_PLAN},
	{.key = "updated_at", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct work_plan, updated_at),
	 .label = N_("Saved"), .part = PART_PLAN},
	{.key = "enrolment_id", .type = FT_ID, .flags = FF_HIDDEN,
	 .offset = offsetof(struct work_plan, enrolment_id), .label = N_("Programme period"), .part = -1},
	{.key = "created_at", .type = FT_INT, .flags = FF_HIDDEN, .offset = offsetof(struct work_plan, created_at),
	 .label = N_("Created"), .part = PART_PLAN},
	{.key = "updated_by", .type = FT_ID, .flags = FF_HIDDEN, .offset = offsetof(struct work_plan, updated_by),
	 .label = N_("By"), .part = PART_PLAN},
	{.key = "updated_by_name", .type = FT_LINE, .flags = FF_HIDDEN | FF_COMPUTED,
	 .offset = offsetof(struct work_plan, updated_by_name), .label = N_("By"), .part = PART_PLAN},
};

const struct fields work_plan_fields = FIELDS(plan_table);

void
plan_blank(struct work_plan *p, int64_t participant_id, int64_t enrolment_id)
{
	fields_clear(work_plan_fields, p);
	p->participant_id = participant_id;
	p->enrolment_id = enrolment_id;
	p->version = 0;
	p->updated_at = 0;
	p->created_at = 0;
}

bool
plan_check(const struct work_plan *p, struct date period_start, struct date today, struct field_errors *e)
{
	const struct field *f = &plan_table[WP_AGREED_ON];
	if (field_given(f, p) && date_cmp(p->agreed_on, today) > 0) {
		field_error_add(e, f->key, N_("The date of the agreement cannot be in the future."));
		return false;
	}
	if (field_given(f, p) && date_cmp(p->agreed_on, period_start) < 0) {
		field_error_add(e, f->key, N_("The date of the agreement cannot be before the programme period starts."));
		return false;
	}
	return true;
}

static bool
same_text(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

bool
plan_text_changed(const struct work_plan *stored, const struct work_plan *p)
{
	return !same_text(stored->wishes, p->wishes) || !same_text(stored->resources, p->resources);
}

bool
plan_agreement_after_save(struct date stored_agreed, bool text_changed, struct work_plan *p)
{
	if (!text_changed || stored_agreed.y == 0 || p->agreed_on.y == 0 ||
	    date_cmp(stored_agreed, p->agreed_on) != 0)
		return false;
	p->agreed_on = (struct date){0, 0, 0};
	return true;
}

/* ---- the plan's saved versions ---- */

static const struct field version_table[] = {
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct plan_version, version),
	 .label = N_("Version"), .part = PART_PLAN},
	{.key = "saved_at", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct plan_version, saved_at),
	 .label = N_("Saved"), .part = PART_PLAN},
	{.key = "saved_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct plan_version, saved_by_name), .label = N_("By"), .part = PART_PLAN},
	{.key = "agreed_on", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct plan_version, agreed_on),
	 .label = N_("Agreed on"), .part = PART_PLAN},
	{.key = "wishes", .type = FT_TEXT, .flags = FF_OUT, .offset = offsetof(struct plan_version, wishes),
	 .label = N_("The participant's own wishes"), .part = PART_PLAN},
	{.key = "resources", .type = FT_TEXT, .flags = FF_OUT, .offset = offsetof(struct plan_version, resources),
	 .label = N_("Resources assessment (Of course I can)"), .part = PART_PLAN},
	{.key = "saved_by", .type = FT_ID, .flags = FF_HIDDEN, .offset = offsetof(struct plan_version, saved_by),
	 .label = N_("By"), .part = PART_PLAN},
	{.key = "plan_id", .type = FT_ID, .flags = FF_HIDDEN, .offset = offsetof(struct plan_version, plan_id),
	 .label = N_("Work plan"), .part = -1},
};

const struct fields plan_version_fields = FIELDS(version_table);

void
plan_of_version(const struct plan_version *v, struct work_plan *out)
{
	plan_blank(out, 0, 0);
	out->id = v->plan_id;
	out->version = v->version;
	out->wishes = v->wishes;
	out->resources = v->resources;
	out->agreed_on = v->agreed_on;
	out->updated_at = v->saved_at;
	out->updated_by = v->saved_by;
	out->updated_by_name = v->saved_by_name;
}

/* ---- goals and their steps ---- */

static const struct field step_table[] = {
	{.key = "description", .type = FT_LINE, .flags = FF_REQUIRED,
	 .offset = offsetof(struct goal_step, description), .max = STEP_TEXT_MAX, .label = N_("Step"),
	 .missing = N_("Describe the step, or clear its dates."),
	 .invalid = N_("A step is one line of text without special characters."),
	 .too_long = N_("A step can be at most 300 characters."), .part = PART_PLAN},
	{.key = "due_on", .type = FT_DATE, .offset = offsetof(struct goal_step, due_on), .label = N_("Due by"),
	 .part = PART_PLAN},
	{.key = "done_on", .type = FT_DATE, .offset = offsetof(struct goal_step, done_on), .label = N_("Done on"),
	 .part = PART_PLAN},
	{.key = "goal_id", .type = FT_ID, .flags = FF_HIDDEN, .offset = offsetof(struct goal_step, goal_id),
	 .label = N_("Goal"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_HIDDEN,
	 .offset = offsetof(struct goal_step, participant_id), .label = N_("Participant"), .part = -1},
	{.key = "ord", .type = FT_INT, .flags = FF_HIDDEN, .offset = offsetof(struct goal_step, ord),
	 .label = N_("Step"), .part = PART_PLAN},
};

const struct fields goal_step_fields = FIELDS(step_table);

/* A form row's names and labels, in step_table's order: row N's inputs are
 * "step_N" + suffix. */
static const char *const step_row_labels[GOAL_STEP_INPUTS] = {
	N_("Step %d"), N_("Step %d: due by"), N_("Step %d: done on"),
};
#define STEP_KEYS(n) {"step_" #n, "step_" #n "_due", "step_" #n "_done"}
static const char *const step_keys[GOAL_STEPS_MAX][GOAL_STEP_INPUTS] = {
	STEP_KEYS(1), STEP_KEYS(2), STEP_KEYS(3), STEP_KEYS(4), STEP_KEYS(5),
	STEP_KEYS(6), STEP_KEYS(7), STEP_KEYS(8), STEP_KEYS(9), STEP_KEYS(10),
	STEP_KEYS(11), STEP_KEYS(12), STEP_KEYS(13), STEP_KEYS(14), STEP_KEYS(15),
	STEP_KEYS(16), STEP_KEYS(17), STEP_KEYS(18), STEP_KEYS(19), STEP_KEYS(20),
};
#undef STEP_KEYS

const char *
goal_step_key(size_t row, size_t k)
{
	return row >= 1 && row <= GOAL_STEPS_MAX && k < GOAL_STEP_INPUTS ? step_keys[row - 1][k] : NULL;
}

const char *
goal_step_row_label(size_t k)
{
	return k < GOAL_STEP_INPUTS ? step_row_labels[k] : NULL;
}

static const struct field goal_table[GOAL_F_COUNT] = {
	[GOAL_F_ID] = {.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct goal, id),
		       .label = N_("Goal"), .part = -1},
	[GOAL_F_PARTICIPANT_ID] = {.key = "participant_id", .type = FT_ID, .flags = FF_OUT,
				   .offset = offsetof(struct goal, participant_id), .label = N_("Participant"),
				   .part = -1},
	[GOAL_F_CATEGORY] = {.key = "category", .type = FT_ENUM, .flags = FF_REQUIRED,
			     .offset = offsetof(struct goal, category), .label = N_("Category"),
			     .options = category_options, .noptions = NELEM(category_options),
			     .missing = N_("Choose the goal's category."),
			     .invalid = N_("Choose language, work, education, health or everyday life."),
			     .part = PART_PLAN},
	[GOAL_F_TITLE] = {.key = "title", .type = FT_LINE, .flags = FF_REQUIRED, .offset = offsetof(struct goal, title),
			  .max = GOAL_TITLE_MAX, .label = N_("Goal"), .missing = N_("Write the goal."),
			  .invalid = N_("A goal is one line of text without special characters."),
			  .too_long = N_("A goal can be at most 200 characters."), .part = PART_PLAN},
	[GOAL_F_TARGET_DATE] = {.key = "target_date", .type = FT_DATE, .offset = offsetof(struct goal, target_date),
				.label = N_("Target date"), .part = PART_PLAN},
	[GOAL_F_STATUS] = {.key = "status", .type = FT_ENUM, .offset = offsetof(struct goal, status),
			   .label = N_("Status"), .options = status_options, .noptions = NELEM(status_options),
			   .invalid = N_("Choose planned, in progress, achieved or dropped."), .part = PART_PLAN},
	[GOAL_F_VERSION] = {.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct goal, version),
			    .label = N_("Version"), .part = PART_PLAN},
	[GOAL_F_CREATED_AT] = {.key = "created_at", .type = FT_INT, .flags = FF_OUT,
			       .offset = offsetof(struct goal, created_at), .label = N_("Created"), .part = PART_PLAN},
	[GOAL_F_UPDATED_AT] = {.key = "updated_at", .type = FT_INT, .flags = FF_OUT,
			       .offset = offsetof(struct goal, updated_at), .label = N_("Saved"), .part = PART_PLAN},
	[GOAL_F_PLAN_ID] = {.key = "plan_id", .type = FT_ID, .flags = FF_HIDDEN, .offset = offsetof(struct goal, plan_id),
			    .label = N_("Work plan"), .part = -1},
	[GOAL_F_STEPS] = {.key = "steps", .type = FT_LIST, .flags = FF_REQUIRED, .offset = offsetof(struct goal, steps),
			  .max = GOAL_STEPS_MAX, .label = N_("Steps"),
			  .hint = N_("Measurable steps toward the goal, one a row, each with the date it should be "
				     "done by and the date it was done. Leave rows you do not need empty; save to get "
				     "more rows."),
			  .item = step_table, .nitem = NELEM(step_table), .item_size = sizeof(struct goal_step),
			  .missing = N_("Add at least one step toward the goal."),
			  .too_long = N_("A goal can have at most 20 steps."), .part = PART_PLAN},
};

const struct fields goal_fields = FIELDS(goal_table);
const struct fields goal_head_fields = {goal_table, GOAL_F_STEPS};
const struct fields goal_content_fields = {goal_table + GOAL_F_CATEGORY, GOAL_F_STATUS - GOAL_F_CATEGORY + 1};

/* True when every required field of rec is given (fields_check_required()
 * says which are not). */
static bool
all_given(struct fields fs, const void *rec)
{
	for (size_t i = 0; i < fs.n; i++)
		if ((fs.f[i].flags & FF_REQUIRED) && !(fs.f[i].flags & FF_OUT) && !field_given(&fs.f[i], rec))
			return false;
	return true;
}

/* True when s is empty or only white space. */
static bool
blank(const char *s)
{
	for (; s != NULL && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

static bool
row_blank(const struct goal_step_text *row)
{
	for (size_t k = 0; k < GOAL_STEP_INPUTS; k++)
		if (!blank(row->text[k]))
			return false;
	return true;
}

bool
goal_steps_read(struct goal *g, const struct goal_step_text *rows, size_t n, struct arena *a,
		struct field_errors *e)
{
	const struct field *list = &goal_table[GOAL_F_STEPS];
	const struct fields inputs = {step_table, GOAL_STEP_INPUTS};
	bool ok = true;
	g->steps = (struct field_list){0, NULL};
	if (n > GOAL_STEPS_MAX) {
		field_error_add(e, list->key, list->too_long);
		ok = false;
		n = GOAL_STEPS_MAX;
	}
	size_t filled = 0;
	for (size_t i = 0; i < n; i++)
		filled += !row_blank(&rows[i]);
	if (filled == 0)
		return ok;
	struct goal_step *steps = field_list_alloc(list, filled, g, a, e);
	if (steps == NULL)
		return false;
	size_t done = 0;
	for (size_t i = 0; i < n; i++) {
		if (row_blank(&rows[i]))
			continue;
		struct goal_step *s = &steps[done++];
		s->row = i + 1;
		/* Each input's error beside it, in the row's order. */
		for (size_t k = 0; k < GOAL_STEP_INPUTS; k++) {
			const struct field *f = &inputs.f[k];
			struct field_errors se = {0};
			if (field_read_text(f, rows[i].text[k], s, a, &se) && (f->flags & FF_REQUIRED) &&
			    !field_given(f, s))
				field_error_add(&se, f->key, f->missing);
			if (se.n > 0) {
				field_error_copy(e, goal_step_key(i + 1, k), &se, 0);
				ok = false;
			}
		}
	}
	return ok;
}

bool
goal_check(struct goal *g, struct date period_start, struct date today, struct field_errors *e)
{
	if (g->status < 0)
		g->status = GOAL_PLANNED;
	bool ok = all_given(goal_fields, g);
	fields_check_required(goal_fields, g, e);
	const struct field *target = &goal_table[GOAL_F_TARGET_DATE];
	if (field_given(target, g) && date_cmp(g->target_date, period_start) < 0) {
		field_error_add(e, target->key, N_("The target date cannot be before the programme period starts."));
		ok = false;
	}
	const struct goal_step *steps = g->steps.items;
	for (size_t i = 0; i < g->steps.n; i++) {
		const char *why = NULL;
		if (steps[i].done_on.y != 0 && date_cmp(steps[i].done_on, today) > 0)
			why = N_("A step cannot be done on a date in the future.");
		else if (steps[i].done_on.y != 0 && date_cmp(steps[i].done_on, period_start) < 0)
			why = N_("A step cannot be done before the programme period starts.");
		if (why != NULL) {
			size_t row = steps[i].row > 0 ? steps[i].row : i + 1;
			const char *key = goal_step_key(row, 2);
			field_error_add(e, key != NULL ? key : goal_table[GOAL_F_STEPS].key, why);
			ok = false;
		}
	}
	return ok;
}

bool
goal_content_changed(const struct goal *before, const struct goal *after)
{
	if (before == NULL)
		return true;
	if (before->category != after->category || !same_text(before->title, after->title) ||
	    date_cmp(before->target_date, after->target_date) != 0 || before->steps.n != after->steps.n)
		return true;
	const struct goal_step *a = before->steps.items, *b = after->steps.items;
	for (size_t i = 0; i < before->steps.n; i++)
		if (!same_text(a[i].description, b[i].description) || date_cmp(a[i].due_on, b[i].due_on) != 0)
			return true;
	return false;
}

size_t
goal_steps_text(const struct goal_step *steps, size_t n, char *out, size_t outlen)
{
	size_t need = 0;
	if (outlen > 0)
		out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char due[11] = "", done[11] = "";
		if (steps[i].due_on.y != 0)
			date_format(steps[i].due_on, due);
		if (steps[i].done_on.y != 0)
			date_format(steps[i].done_on, done);
		int k = snprintf(need < outlen ? out + need : NULL, need < outlen ? outlen - need : 0,
				 "%s%s%s%s%s%s", i > 0 ? "\n" : "", steps[i].description,
				 due[0] ? " | due " : "", due, done[0] ? " | done " : "", done);
		if (k > 0)
			need += (size_t)k;
	}
	return need;
}

/* True when the len bytes at s end with marker and a date: *d gets the
 * date and *rest the length before the marker. */
static bool
ends_with_date(const char *s, size_t len, const char *marker, struct date *d, size_t *rest)
{
	size_t m = strlen(marker);
	if (len < m + 10 || memcmp(s + len - 10 - m, marker, m) != 0)
		return false;
	char day[11];
	memcpy(day, s + len - 10, 10);
	day[10] = '\0';
	struct date parsed;
	if (date_parse(day, &parsed) != 0)
		return false;
	*d = parsed;
	*rest = len - 10 - m;
	return true;
}

void
goal_step_line_read(const char *line, size_t len, struct goal_step_line *out)
{
	memset(out, 0, sizeof *out);
	size_t rest = len;
	ends_with_date(line, rest, " | done ", &out->done_on, &rest);
	ends_with_date(line, rest, " | due ", &out->due_on, &rest);
	out->description = line;
	out->description_len = rest;
}

/* ---- a goal's history ---- */

/* The places of history_table. */
enum { GV_VERSION, GV_CHANGED_AT, GV_CHANGED_BY, GV_CHANGED_BY_NAME, GV_CATEGORY, GV_TITLE, GV_TARGET_DATE,
       GV_STATUS, GV_STEPS, GV_GOAL_ID, GV_COUNT };

static const struct field history_table[GV_COUNT] = {
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct goal_version, version),
	 .label = N_("Version"), .part = PART_PLAN},
	{.key = "changed_at", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct goal_version, changed_at),
	 .label = N_("When"), .part = PART_PLAN},
	{.key = "changed_by", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct goal_version, changed_by),
	 .label = N_("Who"), .part = PART_PLAN},
	{.key = "changed_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct goal_version, changed_by_name), .label = N_("Who"), .part = PART_PLAN},
	{.key = "category", .type = FT_ENUM, .flags = FF_OUT, .offset = offsetof(struct goal_version, category),
	 .label = N_("Category"), .options = category_options, .noptions = NELEM(category_options),
	 .part = PART_PLAN},
	{.key = "title", .type = FT_LINE, .flags = FF_OUT, .offset = offsetof(struct goal_version, title),
	 .label = N_("Goal"), .part = PART_PLAN},
	{.key = "target_date", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct goal_version, target_date),
	 .label = N_("Target date"), .part = PART_PLAN},
	{.key = "status", .type = FT_ENUM, .flags = FF_OUT, .offset = offsetof(struct goal_version, status),
	 .label = N_("Status"), .options = status_options, .noptions = NELEM(status_options), .part = PART_PLAN},
	{.key = "steps", .type = FT_TEXT, .flags = FF_OUT, .offset = offsetof(struct goal_version, steps),
	 .label = N_("Steps"), .part = PART_PLAN},
	{.key = "goal_id", .type = FT_ID, .flags = FF_HIDDEN, .offset = offsetof(struct goal_version, goal_id),
	 .label = N_("Goal"), .part = -1},
};

const struct fields goal_version_fields = FIELDS(history_table);
const struct fields goal_version_content = {history_table + GV_CATEGORY, GV_STEPS - GV_CATEGORY + 1};

void
goal_version_of(const struct goal *g, struct arena *a, struct goal_version *out)
{
	fields_clear(goal_version_fields, out);
	out->goal_id = g->id;
	out->version = g->version;
	out->category = g->category;
	out->title = g->title;
	out->target_date = g->target_date;
	out->status = g->status;
	size_t need = goal_steps_text(g->steps.items, g->steps.n, NULL, 0);
	char *steps = arena_alloc(a, need + 1);
	if (steps != NULL)
		goal_steps_text(g->steps.items, g->steps.n, steps, need + 1);
	out->steps = steps;
}

/* True when a field holds the same value in two records ("" and not given
 * are the same text). */
static bool
same_value(const struct field *f, const void *a, const void *b)
{
	switch (f->type) {
	case FT_LINE:
	case FT_TEXT:
		return same_text(*FIELD_AT_CONST(a, f, const char *), *FIELD_AT_CONST(b, f, const char *));
	case FT_DATE:
		return date_cmp(*FIELD_AT_CONST(a, f, struct date), *FIELD_AT_CONST(b, f, struct date)) == 0;
	case FT_ENUM:
	case FT_BOOL:
		return *FIELD_AT_CONST(a, f, int) == *FIELD_AT_CONST(b, f, int);
	case FT_SET:
		return *FIELD_AT_CONST(a, f, uint32_t) == *FIELD_AT_CONST(b, f, uint32_t);
	case FT_INT:
	case FT_MONEY:
	case FT_ID:
		return *FIELD_AT_CONST(a, f, int64_t) == *FIELD_AT_CONST(b, f, int64_t);
	case FT_LIST:
		break;
	}
	return false;
}

unsigned
goal_changes(const struct goal_version *prev, const struct goal_version *cur)
{
	unsigned bits = 0;
	for (size_t i = 0; i < goal_version_content.n; i++)
		if (prev == NULL || !same_value(&goal_version_content.f[i], prev, cur))
			bits |= 1u << i;
	return bits;
}

/* ---- evaluations ---- */

static const struct field evaluation_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct plan_evaluation, id),
	 .label = N_("Number"), .part = -1},
	{.key = "due_on", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct plan_evaluation, due_on),
	 .label = N_("Date"), .part = PART_PLAN},
	{.key = "done_on", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct plan_evaluation, done_on),
	 .label = N_("Held on"), .part = PART_PLAN},
	{.key = "note", .type = FT_TEXT, .flags = FF_OUT, .offset = offsetof(struct plan_evaluation, note),
	 .label = N_("Note"), .part = PART_PLAN},
	{.key = "plan_id", .type = FT_ID, .flags = FF_HIDDEN, .offset = offsetof(struct plan_evaluation, plan_id),
	 .label = N_("Work plan"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_HIDDEN,
	 .offset = offsetof(struct plan_evaluation, participant_id), .label = N_("Participant"), .part = -1},
};

static const struct field evaluation_new_table[] = {
	{.key = "due_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = offsetof(struct plan_evaluation, due_on),
	 .label = N_("New evaluation date"), .missing = N_("Choose the date of the evaluation."),
	 .part = PART_PLAN},
};

static const struct field evaluation_done_table[] = {
	{.key = "done_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = offsetof(struct plan_evaluation, done_on),
	 .label = N_("Held on"), .missing = N_("Write the date the evaluation was held."), .part = PART_PLAN},
	{.key = "note", .type = FT_TEXT, .offset = offsetof(struct plan_evaluation, note), .max = EVALUATION_NOTE_MAX,
	 .label = N_("Note"), .too_long = N_("The note can be at most 2000 characters."), .part = PART_PLAN},
};

const struct fields plan_evaluation_fields = FIELDS(evaluation_table);
const struct fields evaluation_new_fields = FIELDS(evaluation_new_table);
const struct fields evaluation_done_fields = FIELDS(evaluation_done_table);

bool
evaluation_due_check(const struct plan_evaluation *ev, struct date period_start, struct field_errors *e)
{
	bool ok = all_given(evaluation_new_fields, ev);
	fields_check_required(evaluation_new_fields, ev, e);
	const struct field *due = &evaluation_new_table[0];
	if (field_given(due, ev) && date_cmp(ev->due_on, period_start) < 0) {
		field_error_add(e, due->key, N_("An evaluation cannot be before the programme period starts."));
		ok = false;
	}
	return ok;
}

bool
evaluation_done_check(const struct plan_evaluation *ev, struct date period_start, struct date today,
		      struct field_errors *e)
{
	bool ok = all_given(evaluation_done_fields, ev);
	fields_check_required(evaluation_done_fields, ev, e);
	const struct field *done = &evaluation_done_table[0];
	if (field_given(done, ev) && date_cmp(ev->done_on, today) > 0) {
		field_error_add(e, done->key, N_("An evaluation cannot be held on a date in the future."));
		ok = false;
	} else if (field_given(done, ev) && date_cmp(ev->done_on, period_start) < 0) {
		field_error_add(e, done->key, N_("An evaluation cannot be held before the programme period starts."));
		ok = false;
	}
	return ok;
}
