/*
 * levels.c — Norwegian assessments; see levels.h.
 */
#include "domain/levels.h"

#include "domain/access.h"
#include "i18n/i18n.h"

#include <stddef.h>

const struct field_option assessment_method_options[METHOD_COUNT] = {
	[METHOD_NORSKPROVEN] = {"norskproven", N_("Norskprøven (the national test)")},
	[METHOD_PLACEMENT] = {"placement", N_("Placement test")},
	[METHOD_TEACHER] = {"teacher", N_("The teacher's judgement")},
	[METHOD_OTHER] = {"other", N_("Another test (name it in the note)")},
};

static const struct field_option level_options[] = {
	{"A1", "A1"}, {"A2", "A2"}, {"B1", "B1"}, {"B2", "B2"}, {"C1", "C1"},
};

#define A_(m) offsetof(struct assessment_input, m)
#define LEVEL(key_, skill_, label_) \
	{.key = key_, .type = FT_ENUM, .offset = A_(levels) + (skill_) * sizeof(int), .label = label_, \
	 .options = level_options, .noptions = sizeof level_options / sizeof level_options[0], \
	 .invalid = N_("Choose a level from A1 to C1, or leave it empty."), .part = PART_SCHOOLING}

static const struct field table[] = {
	{.key = "assessed_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = A_(assessed_on),
	 .label = N_("Assessed on"), .missing = N_("Give the date of the assessment."), .part = PART_SCHOOLING},
	{.key = "assessor_id", .type = FT_ID, .offset = A_(assessor_id), .label = N_("Assessor"),
	 .hint = N_("Empty: you."), .invalid = N_("Choose the assessor from the list."), .part = PART_SCHOOLING},
	{.key = "method", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = A_(method), .label = N_("Test or method"),
	 .options = assessment_method_options, .noptions = METHOD_COUNT,
	 .missing = N_("Choose the test or method."), .invalid = N_("Choose the test or method from the list."),
	 .part = PART_SCHOOLING},
	{.key = "group_id", .type = FT_ID, .offset = A_(group_id), .label = N_("Group"),
	 .invalid = N_("Choose one of the participant's groups."), .part = PART_SCHOOLING},
	LEVEL("listening", SKILL_LISTENING, N_("Listening")),
	LEVEL("reading", SKILL_READING, N_("Reading")),
	LEVEL("speaking", SKILL_SPEAKING, N_("Speaking")),
	LEVEL("writing", SKILL_WRITING, N_("Writing")),
	{.key = "note", .type = FT_TEXT, .max = ASSESSMENT_NOTE_MAX, .offset = A_(note), .label = N_("Note"),
	 .too_long = N_("Write the note in at most 500 characters."), .part = PART_SCHOOLING},
};
#undef LEVEL
#undef A_

const struct fields assessment_fields = FIELDS(table);

static const struct field withdrawal_table[] = {
	{.key = "reason", .type = FT_LINE, .flags = FF_REQUIRED, .max = ASSESSMENT_WITHDRAW_REASON_MAX,
	 .offset = offsetof(struct assessment_withdrawal, reason), .label = N_("Why is it withdrawn?"),
	 .missing = N_("Say why the assessment is withdrawn."),
	 .too_long = N_("Write the reason in at most 200 characters."), .part = PART_SCHOOLING},
};

const struct fields assessment_withdrawal_fields = FIELDS(withdrawal_table);

bool
assessment_check(const struct assessment_input *in, bool assessor_ok, struct date today, struct date born,
		 struct field_errors *e)
{
	int before = e->n;
	if (in->assessed_on.y != 0 && date_cmp(in->assessed_on, today) > 0)
		field_error_add(e, "assessed_on", N_("The date of the assessment cannot be in the future."));
	else if (in->assessed_on.y != 0 && born.y != 0 && date_cmp(in->assessed_on, born) < 0)
		field_error_add(e, "assessed_on", N_("The date of the assessment cannot be before the participant's birth date."));
	if (in->assessor_id > 0 && !assessor_ok)
		field_error_add(e, "assessor_id", N_("Choose the assessor from the list."));
	bool any = false;
	for (int k = 0; k < SKILL_COUNT; k++)
		any |= in->levels[k] >= 0;
	if (!any && field_error_of(e, "listening") == NULL && field_error_of(e, "reading") == NULL &&
	    field_error_of(e, "speaking") == NULL && field_error_of(e, "writing") == NULL)
		field_error_add(e, "listening", N_("Give the level of at least one skill."));
	if (in->method == METHOD_OTHER && (in->note == NULL || in->note[0] == '\0'))
		field_error_add(e, "note", N_("Name the test in the note."));
	return e->n == before;
}

int
cefr_rank(int level)
{
	return level >= CEFR_A1 && level <= CEFR_C1 ? level + 1 : 0;
}

void
levels_progress(const struct level_on *a, size_t n, struct date start, struct level_progress *out)
{
	out->steps = 0;
	out->last = (struct date){0};
	for (int k = 0; k < SKILL_COUNT; k++) {
		/* the latest (now), the latest by the start, the first after it */
		const struct level_on *now = NULL, *before = NULL, *after = NULL;
		for (size_t i = 0; i < n; i++) {
			const struct level_on *x = &a[i];
			if (x->skill != k || cefr_rank(x->level) == 0)
				continue;
			if (now == NULL || date_cmp(x->on, now->on) >= 0)
				now = x;
			if (start.y != 0 && date_cmp(x->on, start) <= 0) {
				if (before == NULL || date_cmp(x->on, before->on) >= 0)
					before = x;
			} else if (after == NULL || date_cmp(x->on, after->on) < 0) {
				after = x;
			}
		}
		out->current[k] = now != NULL ? now->level : CEFR_NONE;
		if (now == NULL)
			continue;
		const struct level_on *base = before != NULL ? before : after;
		out->steps += cefr_rank(now->level) - cefr_rank(base->level);
		if (out->last.y == 0 || date_cmp(now->on, out->last) > 0)
			out->last = now->on;
	}
}
