/*
 * task.c — the follow-up tasks after exit; see task.h.
 */
#include "domain/task.h"

#include "domain/access.h"
#include "i18n/i18n.h"

#include <stddef.h>
#include <string.h>

static const struct field_option kinds[] = {
	[TASK_FOLLOWUP_6M] = {"followup_6m", N_("Follow-up 6 months after exit")},
	[TASK_FOLLOWUP_12M] = {"followup_12m", N_("Follow-up 12 months after exit")},
};

static const struct field_option results[] = {
	[TASK_RESULT_EMPLOYED_FULL] = {"employed_full", N_("Employed full-time")},
	[TASK_RESULT_EMPLOYED_PART] = {"employed_part", N_("Employed part-time")},
	[TASK_RESULT_EDUCATION] = {"education", N_("Education")},
	[TASK_RESULT_OTHER_PROGRAMME] = {"other_programme", N_("Other programme")},
	[TASK_RESULT_MOVED] = {"moved", N_("Moved")},
	[TASK_RESULT_DROPPED_OUT] = {"dropped_out", N_("Dropped out")},
	[TASK_RESULT_OTHER] = {"other", N_("Other")},
	[TASK_RESULT_UNKNOWN] = {"unknown", N_("Unknown (not reached)")},
	[TASK_RESULT_UNEMPLOYED] = {"unemployed", N_("Unemployed")},
};

static const struct field_option sources[] = {
	[TASK_SOURCE_PARTICIPANT] = {"participant", N_("The participant")},
	[TASK_SOURCE_EMPLOYER] = {"employer", N_("The employer")},
	[TASK_SOURCE_REGISTER] = {"register", N_("A register lookup")},
};

#define NKINDS (sizeof kinds / sizeof kinds[0])
#define NRESULTS (sizeof results / sizeof results[0])
#define NSOURCES (sizeof sources / sizeof sources[0])

static const struct field fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct task, id),
	 .label = N_("Number"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct task, participant_id),
	 .label = N_("Participant"), .part = -1},
	{.key = "kind", .type = FT_ENUM, .flags = FF_OUT, .offset = offsetof(struct task, kind),
	 .label = N_("What"), .options = kinds, .noptions = NKINDS, .part = PART_FOLLOWUP},
	{.key = "due_on", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct task, due_on),
	 .label = N_("Due"), .part = PART_FOLLOWUP},
	{.key = "assignee_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct task, assignee_id),
	 .label = N_("Assigned to"), .part = PART_FOLLOWUP},
	{.key = "done_on", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct task, done_on),
	 .label = N_("Registered"), .part = PART_FOLLOWUP},
	{.key = "done_by", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct task, done_by),
	 .label = N_("by"), .part = PART_FOLLOWUP},
	{.key = "result", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = offsetof(struct task, result),
	 .label = N_("Result"), .options = results, .noptions = NRESULTS,
	 .missing = N_("Choose the result of the follow-up."), .invalid = N_("Choose a result from the list."),
	 .part = PART_FOLLOWUP},
	{.key = "part_time_percent", .type = FT_INT, .offset = offsetof(struct task, part_time_percent),
	 .min = 1, .max = 99, .label = N_("Part-time percentage"),
	 .hint = N_("For a part-time job: the share of a full-time position, 1 to 99."),
	 .invalid = N_("Give the part-time percentage as a whole number from 1 to 99."), .part = PART_FOLLOWUP},
	{.key = "source", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = offsetof(struct task, source),
	 .label = N_("Source"), .options = sources, .noptions = NSOURCES,
	 .missing = N_("Say where the status comes from: the participant, the employer or a register lookup."),
	 .invalid = N_("Choose a source from the list."),
	 .part = PART_FOLLOWUP},
	{.key = "result_on", .type = FT_DATE, .offset = offsetof(struct task, result_on),
	 .label = N_("Status on"), .hint = N_("The day the status held; today when left empty."),
	 .invalid = N_("Write the day the status held as YYYY-MM-DD."), .part = PART_FOLLOWUP},
	{.key = "note", .type = FT_TEXT, .offset = offsetof(struct task, note), .label = N_("Note"),
	 .too_long = N_("The note is too long: at most 8000 characters."), .part = PART_FOLLOWUP},
};

static const struct field context[] = {
	{.key = "enrolment_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct task, enrolment_id),
	 .label = N_("Programme period"), .part = PART_FOLLOWUP},
	{.key = "assignee_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct task, assignee_name), .label = N_("Assigned to"), .part = PART_FOLLOWUP},
	{.key = "done_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct task, done_by_name), .label = N_("by"), .part = PART_FOLLOWUP},
};

const struct fields task_fields = FIELDS(fields);
const struct fields task_context_fields = FIELDS(context);

const char *
task_result_key(enum task_result r)
{
	return (size_t)r < NRESULTS ? results[r].key : NULL;
}

const char *
task_kind_label(const char *kind)
{
	if (kind == NULL)
		return "";
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(kind, kinds[i].key) == 0)
			return kinds[i].label;
	return kind;
}

bool
task_earlier_open(const struct task *t, const struct task *all, size_t n)
{
	if (t->kind != TASK_FOLLOWUP_12M)
		return false;
	for (size_t i = 0; i < n; i++)
		if (all[i].id != t->id && all[i].enrolment_id == t->enrolment_id && all[i].kind == TASK_FOLLOWUP_6M &&
		    all[i].done_on.y == 0)
			return true;
	return false;
}

bool
task_result_check(const struct task *t, const struct task_when *w, struct field_errors *e)
{
	int before = e->n;
	bool part_time = t->result == TASK_RESULT_EMPLOYED_PART;
	if (w->kind == TASK_FOLLOWUP_12M && w->earlier_open && field_error_of(e, "result") == NULL)
		field_error_add(e, "result", N_("Register the 6-month follow-up first: the 12-month follow-up comes after it."));
	if (part_time && t->part_time_percent == FIELD_NONE)
		field_error_add(e, "part_time_percent", N_("Give the part-time percentage of a part-time job."));
	else if (!part_time && t->result >= 0 && t->part_time_percent != FIELD_NONE)
		field_error_add(e, "part_time_percent", N_("Only a part-time job has a part-time percentage."));
	if (t->result_on.y != 0 && date_cmp(t->result_on, w->today) > 0)
		field_error_add(e, "result_on", N_("The day the status held cannot be after today."));
	else if (t->result_on.y != 0 && w->exit_date.y != 0 && date_cmp(t->result_on, w->exit_date) < 0)
		field_error_add(e, "result_on", N_("The day the status held cannot be before the exit from the programme."));
	else if (t->result_on.y != 0 && w->kind == TASK_FOLLOWUP_12M && w->earlier_result_on.y != 0 &&
		 date_cmp(t->result_on, w->earlier_result_on) < 0)
		field_error_add(e, "result_on",
				N_("The status at 12 months cannot be from before the day of the status at 6 months."));
	return e->n == before;
}
