/*
 * report_protect.c — disclosure control of the reports (issue 12): no
 * hidden cell can be worked out by subtraction, inside a report (rule A:
 * its sums) or across a filter (rule B: the same report without it); see
 * report.h.
 */
#include "domain/report.h"

#include "domain/stats.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/* Room for one more sum in rep; NULL when out of memory. */
static struct report_sum *
sum_new(struct report *rep, struct arena *a)
{
	if (rep->nsums == rep->sums_cap) {
		size_t cap = rep->sums_cap > 0 ? rep->sums_cap * 2 : 16;
		struct report_sum *s = arena_alloc(a, sizeof *s * cap);
		if (s == NULL)
			return NULL;
		if (rep->nsums > 0)
			memcpy(s, rep->sums, sizeof *s * rep->nsums);
		rep->sums = s;
		rep->sums_cap = cap;
	}
	struct report_sum *s = &rep->sums[rep->nsums];
	memset(s, 0, sizeof *s);
	return s;
}

static int
sum_parts(struct report_sum *s, struct arena *a, const struct report_ref *parts, size_t n)
{
	s->parts = arena_alloc(a, sizeof *s->parts * (n > 0 ? n : 1));
	if (s->parts == NULL)
		return SC_ENOMEM;
	if (n > 0)
		memcpy(s->parts, parts, sizeof *s->parts * n);
	s->nparts = n;
	return SC_OK;
}

int
report_sum_add(struct report *rep, struct arena *a, const struct report_ref *total, const struct report_ref *parts,
	       size_t nparts, int64_t rest)
{
	struct report_sum *s = sum_new(rep, a);
	if (s == NULL || sum_parts(s, a, parts, nparts) != SC_OK)
		return SC_ENOMEM;
	s->has_total = total != NULL;
	if (total != NULL)
		s->total = *total;
	s->rest = rest > 0 ? rest : 0;
	rep->nsums++;
	return SC_OK;
}

int
report_same_add(struct report *rep, struct arena *a, const struct report_ref *cells, size_t n)
{
	struct report_sum *s = sum_new(rep, a);
	if (s == NULL || sum_parts(s, a, cells, n) != SC_OK)
		return SC_ENOMEM;
	s->same = true;
	rep->nsums++;
	return SC_OK;
}

/* The cell r points at; NULL when it is outside the report. */
static struct report_cell *
cell_of(struct report *rep, struct report_ref r)
{
	if (r.table >= rep->ntables)
		return NULL;
	struct report_table *t = &rep->tables[r.table];
	if (r.row >= t->nrows || r.col >= t->ncols)
		return NULL;
	return report_at(t, r.row, r.col);
}

/* True when c is hidden (a cell outside the report is none). */
static bool
hidden(const struct report_cell *c)
{
	return c != NULL && c->kind != RC_EMPTY && !report_cell_shown(c);
}

static void
hide(struct report *rep, struct report_cell *c)
{
	if (stats_shown(c->n) && (c->kind != RC_SHARE || stats_shown(c->base)))
		rep->more_hidden = true;
	c->hidden = true;
}

/* Rule A on one sum; true when it hid a cell. */
static bool
protect_sum(struct report *rep, const struct report_sum *s)
{
	size_t nhidden = 0, nshown = 0;
	int64_t people = 0;
	for (size_t i = 0; i < s->nparts; i++) {
		struct report_cell *c = cell_of(rep, s->parts[i]);
		if (c == NULL || c->kind == RC_EMPTY)
			continue;
		if (hidden(c)) {
			nhidden++;
			people += c->n;
		} else {
			nshown++;
		}
	}
	if (s->same) {
		if (nhidden == 0 || nshown == 0)
			return false;
		for (size_t i = 0; i < s->nparts; i++) {
			struct report_cell *c = cell_of(rep, s->parts[i]);
			if (c != NULL && c->kind != RC_EMPTY && !hidden(c))
				hide(rep, c);
		}
		return true;
	}
	/* people in no cell are a part always hidden; 5 or more of them alone
	 * may be worked out (they are no cell under 5) */
	bool rest_only = nhidden == 0 && s->rest >= STATS_MIN_PEOPLE;
	if (s->rest > 0) {
		nhidden++;
		people += s->rest;
	}
	struct report_cell *total = s->has_total ? cell_of(rep, s->total) : NULL;
	bool total_shown = !s->has_total || (total != NULL && !hidden(total));
	bool open;
	if (total_shown)
		open = nhidden > 0 && !rest_only && (nhidden < 2 || people < STATS_MIN_PEOPLE);
	else
		open = nhidden == 0 && nshown > 0;   /* the total is the parts added */
	if (!open)
		return false;
	/* the total hidden: one part hidden leaves two unknowns */
	size_t need = total_shown ? 2 : 1;
	bool changed = false;
	while (nhidden < need || (total_shown && people < STATS_MIN_PEOPLE)) {
		struct report_cell *least = NULL;
		for (size_t i = 0; i < s->nparts; i++) {
			struct report_cell *c = cell_of(rep, s->parts[i]);
			if (c != NULL && c->kind != RC_EMPTY && !hidden(c) && (least == NULL || c->n < least->n))
				least = c;
		}
		if (least == NULL) {
			/* no part left: the total */
			if (total != NULL && !hidden(total)) {
				hide(rep, total);
				changed = true;
			}
			break;
		}
		hide(rep, least);
		changed = true;
		nhidden++;
		people += least->n;
	}
	return changed;
}

void
report_protect(struct report *rep)
{
	/* each round but the last hides at least one cell, so it ends */
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t i = 0; i < rep->nsums; i++)
			changed |= protect_sum(rep, &rep->sums[i]);
	}
}

/* The row of t labelled as row r of u; (size_t)-1 when none. */
static size_t
row_of(const struct report_table *t, const struct report_table *u, size_t r)
{
	const char *label = u->rows[r];
	for (size_t i = 0; i < t->nrows; i++) {
		const char *x = t->rows[i];
		if (x == label || (x != NULL && label != NULL && strcmp(x, label) == 0))
			return i;
	}
	return (size_t)-1;
}

/* True when wider counts 1 to STATS_MIN_PEOPLE - 1 more than narrow. */
static bool
few_more(int64_t narrow, int64_t wider)
{
	return wider > narrow && !stats_shown(wider - narrow);
}

void
report_complement(struct report *rep, const struct report *wider)
{
	for (size_t k = 0; k < rep->ntables; k++) {
		struct report_table *t = &rep->tables[k];
		const struct report_table *w = NULL;
		for (size_t j = 0; j < wider->ntables && w == NULL; j++)
			if (wider->tables[j].key != NULL && t->key != NULL && strcmp(wider->tables[j].key, t->key) == 0)
				w = &wider->tables[j];
		if (w == NULL || w->ncols != t->ncols)
			continue;
		for (size_t r = 0; r < t->nrows; r++) {
			size_t wr = row_of(w, t, r);
			if (wr == (size_t)-1)
				continue;
			for (size_t c = 0; c < t->ncols; c++) {
				struct report_cell *x = report_at(t, r, c);
				const struct report_cell *y = &w->cells[wr * w->ncols + c];
				if (x->kind == RC_EMPTY || x->kind == RC_NUMBER || x->kind != y->kind || hidden(x))
					continue;
				if (x->kind == RC_MONEY && (x->n < 0 || y->n < 0))
					continue;
				if (few_more(x->n, y->n) || (x->kind == RC_SHARE && few_more(x->base, y->base)))
					hide(rep, x);
			}
		}
	}
}
