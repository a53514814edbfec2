/*
 * centre.c — centres and their figures; see centre.h.
 */
#include "domain/centre.h"

#include "domain/authrules.h"
#include "i18n/i18n.h"
#include "util/err.h"

#include <stddef.h>

/* A centre's name: 1-120 bytes of text, as a person's. */
static const char *
parse_name(const struct field *f, const char *text, void *rec, struct arena *a)
{
	(void)a;
	const char *reason = NULL;
	if (display_name_validate(text, &reason) != SC_OK)
		return reason;
	*FIELD_AT(rec, f, const char *) = text;
	return NULL;
}

static const struct field fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct centre, id),
	 .label = N_("Number"), .part = -1},
	{.key = "name", .type = FT_LINE, .flags = FF_REQUIRED, .offset = offsetof(struct centre, name),
	 .label = N_("Centre"), .parse = parse_name, .part = -1},
};

const struct fields centre_fields = FIELDS(fields);

static const struct field choice[] = {
	{.key = "centre", .type = FT_ID, .flags = FF_REQUIRED, .offset = offsetof(struct centre_choice, centre),
	 .label = N_("Centre"), .missing = N_("Choose a centre."), .part = -1},
};

const struct fields centre_choice_fields = FIELDS(choice);

#define COUNT(k, member, lbl) {.key = k, .type = FT_INT, .flags = FF_OUT | FF_COMPUTED, \
	.offset = offsetof(struct centre_figures, member), .label = lbl, .part = -1}

static const struct field figures[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct centre_figures, id),
	 .label = N_("Number"), .part = -1},
	{.key = "name", .type = FT_LINE, .flags = FF_OUT, .offset = offsetof(struct centre_figures, name),
	 .label = N_("Centre"), .part = -1},
	COUNT("active", active, N_("In the programme")),
	COUNT("paused", paused, N_("Paused")),
	COUNT("waiting", waiting, N_("Waiting")),
	COUNT("exited_this_year", exited_this_year, N_("Exited this year")),
	COUNT("contact_persons", contact_persons, N_("Contact persons")),
};

const struct fields centre_figures_fields = FIELDS(figures);

bool
centre_figure_of_participants(const struct field *fd)
{
	return fd->type == FT_INT && fd->offset != offsetof(struct centre_figures, contact_persons);
}

void
centre_figures_add(struct centre_figures *total, const struct centre_figures *one)
{
	total->active += one->active;
	total->paused += one->paused;
	total->waiting += one->waiting;
	total->exited_this_year += one->exited_this_year;
	total->contact_persons += one->contact_persons;
}
