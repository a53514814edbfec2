/*
 * centre.c — centres and their figures; see centre.h.
 */
#include "domain/centre.h"

#include "domain/authrules.h"
#include "domain/report.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <stddef.h>
#include <string.h>

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
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct centre, version),
	 .label = N_("Version"), .part = -1},
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

int
centre_figures_protect(struct centre_figures *items, size_t n, struct centre_figures *total, struct arena *a)
{
	const struct fields *fs = &centre_figures_fields;
	size_t cols[32], ncols = 0;
	for (size_t i = 0; i < fs->n && ncols < 32; i++)
		if (centre_figure_of_participants(&fs->f[i]))
			cols[ncols++] = i;
	/* one table: a row a centre, the total last, a column a figure */
	static const char *const no_cols[32];
	struct report rep;
	memset(&rep, 0, sizeof rep);
	struct report_table *t = report_table_new(&rep, a, "centres", "", no_cols, ncols, n + 1, false);
	struct report_ref *parts = arena_alloc(a, sizeof *parts * (n > 0 ? n : 1));
	int rc = t != NULL && parts != NULL ? SC_OK : SC_ENOMEM;
	for (size_t c = 0; rc == SC_OK && c < ncols; c++) {
		for (size_t r = 0; r <= n; r++) {
			const struct centre_figures *f = r < n ? &items[r] : total;
			*report_at(t, r, c) = (struct report_cell){
				.kind = RC_COUNT, .n = *FIELD_AT_CONST(f, &fs->f[cols[c]], int64_t)};
			if (r < n)
				parts[r] = (struct report_ref){0, r, c};
		}
		struct report_ref sum = {0, n, c};
		rc = report_sum_add(&rep, a, &sum, parts, n, 0);
	}
	if (rc == SC_OK)
		report_protect(&rep);
	for (size_t r = 0; r <= n; r++) {
		struct centre_figures *f = r < n ? &items[r] : total;
		f->hidden = 0;
		for (size_t c = 0; c < ncols; c++)
			if (rc != SC_OK || report_at(t, r, c)->hidden)
				f->hidden |= 1u << cols[c];
	}
	return rc;
}
