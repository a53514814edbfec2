/*
 * today.c — a contact person's day; see today.h.
 */
#include "domain/today.h"

#include "domain/followup.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdlib.h>
#include <string.h>

static const struct field row_fields[] = {
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT,
	 .offset = offsetof(struct today_row, participant_id), .label = N_("Participant"), .part = -1},
	{.key = "given_name", .type = FT_LINE, .flags = FF_OUT, .offset = offsetof(struct today_row, given_name),
	 .label = N_("Given name"), .part = -1},
	{.key = "family_name", .type = FT_LINE, .flags = FF_OUT,
	 .offset = offsetof(struct today_row, family_name), .label = N_("Family name"), .part = -1},
	{.key = "item_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct today_row, id),
	 .label = N_("Number"), .part = -1},
	{.key = "item_date", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct today_row, date),
	 .label = N_("Date"), .part = -1},
	{.key = "title", .type = FT_LINE, .flags = FF_OUT, .offset = offsetof(struct today_row, title),
	 .label = N_("What"), .part = -1},
	{.key = "item_text", .type = FT_TEXT, .flags = FF_OUT, .offset = offsetof(struct today_row, text),
	 .label = N_("What"), .part = -1},
	{.key = "detail", .type = FT_LINE, .flags = FF_OUT, .offset = offsetof(struct today_row, detail),
	 .label = N_("What"), .part = -1},
};

const struct fields today_row_fields = FIELDS(row_fields);

static const char *const kind_keys[] = {
	[TODAY_MEETING] = "meeting",
	[TODAY_STEP] = "goal_step",
	[TODAY_EVALUATION] = "evaluation",
	[TODAY_FOLLOWUP] = "followup",
	[TODAY_PLANNED] = "planned_meeting",
	[TODAY_NO_CONTACT] = "no_contact",
};

const char *
today_kind_key(enum today_kind k)
{
	return (size_t)k < sizeof kind_keys / sizeof kind_keys[0] ? kind_keys[k] : "";
}

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct today_entry *a = pa, *b = pb;
	int c = date_cmp(a->row->date, b->row->date);
	if (c == 0)
		c = (int)a->kind - (int)b->kind;
	if (c == 0)
		c = strcmp(a->row->family_name, b->row->family_name);
	if (c == 0)
		c = strcmp(a->row->given_name, b->row->given_name);
	if (c == 0)
		c = a->row->id < b->row->id ? -1 : a->row->id > b->row->id;
	return c;
}

static void
add(struct today_section *s, enum today_kind kind, const struct today_row *row)
{
	s->items[s->n].kind = kind;
	s->items[s->n].row = row;
	s->n++;
}

/* Dated items go to overdue (followup_overdue, the rule the caseload
 * figures count by) or due. The store lists only steps of open goals. */
static void
sort_dated(struct today *d, const struct today_list *l, enum today_kind kind, enum overdue_kind ok)
{
	for (size_t i = 0; i < l->n; i++) {
		struct date due = l->rows[i].date;
		if (due.y == 0)
			continue;
		if (followup_overdue(ok, due, false, true, d->today))
			add(&d->overdue, kind, &l->rows[i]);
		else if (followup_due_state(due, false, d->today, d->due_soon_days) == FOLLOWUP_DUE)
			add(&d->due, kind, &l->rows[i]);
	}
}

static struct today_entry *
entries(struct arena *a, size_t n)
{
	return arena_alloc(a, sizeof(struct today_entry) * (n + 1));
}

int
today_sort(struct today *d, struct arena *a)
{
	const struct today_lists *t = &d->lists;
	size_t dated = t->planned.n + t->steps.n + t->evaluations.n + t->tasks.n;
	d->meetings = (struct today_section){entries(a, t->planned.n), 0};
	d->overdue = (struct today_section){entries(a, dated), 0};
	d->due = (struct today_section){entries(a, dated), 0};
	d->no_contact = (struct today_section){entries(a, t->no_contact.n), 0};
	if (!d->meetings.items || !d->overdue.items || !d->due.items || !d->no_contact.items)
		return SC_ENOMEM;
	for (size_t i = 0; i < t->planned.n; i++) {
		struct date next = t->planned.rows[i].date;
		if (next.y == 0)
			continue;
		if (meeting_planned_state(next, d->today) == MEETING_PLANNED_TODAY)
			add(&d->meetings, TODAY_MEETING, &t->planned.rows[i]);
		else if (followup_overdue(OVERDUE_MEETING, next, false, false, d->today))
			add(&d->overdue, TODAY_PLANNED, &t->planned.rows[i]);
	}
	sort_dated(d, &t->steps, TODAY_STEP, OVERDUE_STEP);
	sort_dated(d, &t->evaluations, TODAY_EVALUATION, OVERDUE_EVALUATION);
	sort_dated(d, &t->tasks, TODAY_FOLLOWUP, OVERDUE_FOLLOWUP);
	for (size_t i = 0; i < t->no_contact.n; i++)
		add(&d->no_contact, TODAY_NO_CONTACT, &t->no_contact.rows[i]);
	qsort(d->overdue.items, d->overdue.n, sizeof *d->overdue.items, entry_cmp);
	qsort(d->due.items, d->due.n, sizeof *d->due.items, entry_cmp);
	d->more = t->planned.more || t->steps.more || t->evaluations.more || t->no_contact.more ||
		  t->tasks.more;
	return SC_OK;
}
