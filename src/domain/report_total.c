/*
 * report_total.c — a report table's total row (issue 12): counts and money
 * summed, rates recomputed from the summed counts and bases, and the total
 * declared the sum of the rows so that the disclosure rules
 * (report_protect.c) keep every hidden cell hidden; see report.h.
 */
#include "domain/report.h"

#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/* The sum of column c of t's rows as the kind of its cells. */
static struct report_cell
column_sum(struct report_table *t, size_t c, enum report_total_how how)
{
	struct report_cell s = {.kind = RC_EMPTY};
	bool base_set = false;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct report_cell *p = report_at(t, i, c);
		if (p->kind == RC_EMPTY)
			continue;
		if (s.kind == RC_EMPTY)
			s.kind = p->kind;
		else if (p->kind != s.kind)
			/* a row of another kind: not a sum of the rows */
			return (struct report_cell){.kind = RC_EMPTY};
		switch (p->kind) {
		case RC_COUNT:
			s.n += p->n;
			break;
		case RC_SHARE:
			s.n += p->n;
			if (how == RT_SHARE_OF) {
				if (!base_set)
					s.base = p->base;
				base_set = true;
			} else {
				s.base += p->base;
			}
			break;
		case RC_MONEY:
			/* money not of people (n < 0) stays so */
			s.n = p->n < 0 || (i > 0 && s.n < 0) ? -1 : s.n + p->n;
			s.value += p->value;
			break;
		case RC_NUMBER:
			s.value += p->value;
			break;
		default:
			return (struct report_cell){.kind = RC_EMPTY};   /* tenths, means: not a sum */
		}
	}
	return s;
}

int
report_total_row(struct report *rep, size_t k, struct arena *a, const char *label,
		 const struct report_total_col *cols, bool same_rows)
{
	if (k >= rep->ntables || rep->tables[k].nrows < 2 || rep->tables[k].total)
		return SC_OK;
	struct report_table *t = &rep->tables[k];
	size_t n = t->nrows, nc = t->ncols;
	const char **rows = arena_alloc(a, sizeof *rows * (n + 1));
	struct report_cell *cells = arena_alloc(a, sizeof *cells * (n + 1) * nc);
	bool *tr = arena_alloc(a, sizeof *tr * (n + 1));
	const char **nb = t->rows_nb != NULL ? arena_alloc(a, sizeof *nb * (n + 1)) : NULL;
	struct report_ref *parts = arena_alloc(a, sizeof *parts * (n > nc ? n : nc));
	if (rows == NULL || cells == NULL || tr == NULL || (t->rows_nb != NULL && nb == NULL) || parts == NULL)
		return SC_ENOMEM;
	memcpy(rows, t->rows, sizeof *rows * n);
	memcpy(cells, t->cells, sizeof *cells * n * nc);
	for (size_t i = 0; i < n; i++)
		tr[i] = t->rows_msgid || (t->rows_tr != NULL && t->rows_tr[i]);
	if (nb != NULL)
		memcpy(nb, t->rows_nb, sizeof *nb * n);
	struct report_cell *total = cells + n * nc;
	for (size_t c = 0; c < nc; c++) {
		bool sum = cols[c].how == RT_SUM || cols[c].how == RT_SHARE_OF || cols[c].how == RT_SUM_MARKS;
		total[c] = sum ? column_sum(t, c, cols[c].how) : (struct report_cell){.kind = RC_EMPTY};
		/* rows all hidden (each of fewer than 5 people): the total of marks
		 * may be of fewer than 5 people too */
		bool shown = false;
		for (size_t i = 0; cols[c].how == RT_SUM_MARKS && i < n; i++)
			shown = shown || (report_at(t, i, c)->kind != RC_EMPTY && report_cell_shown(report_at(t, i, c)));
		if (cols[c].how == RT_SUM_MARKS && !shown)
			total[c].hidden = true;
	}
	for (size_t c = 0; c < nc; c++) {
		if (cols[c].how != RT_PER || cols[c].of >= nc || cols[c].per >= nc)
			continue;
		int64_t people = column_sum(t, cols[c].per, RT_SUM).n;   /* shown or not in the row */
		total[c] = (struct report_cell){.kind = RC_MONEY, .n = people,
						.value = people > 0 ? total[cols[c].of].value / people : 0};
	}
	rows[n] = label;
	tr[n] = true;
	if (nb != NULL)
		nb[n] = NULL;
	t->rows = rows;
	t->cells = cells;
	t->rows_tr = tr;
	t->rows_nb = nb;
	t->nrows = n + 1;
	t->total = true;
	/* rule A: each column's total is the sum of its rows */
	for (size_t c = 0; c < nc; c++) {
		if (total[c].kind == RC_EMPTY)
			continue;
		struct report_ref sum = {k, n, c};
		if (cols[c].how == RT_PER) {
			struct report_ref same[3] = {sum, {k, n, cols[c].of}, {k, n, cols[c].per}};
			size_t m = total[cols[c].per].kind != RC_EMPTY ? 3 : 2;
			if (report_same_add(rep, a, same, m) != SC_OK)
				return SC_ENOMEM;
			continue;
		}
		for (size_t i = 0; i < n; i++)
			parts[i] = (struct report_ref){k, i, c};
		if (report_sum_add(rep, a, &sum, parts, n, 0) != SC_OK)
			return SC_ENOMEM;
	}
	for (size_t i = 0; same_rows && i < n; i++) {
		size_t m = 0;
		for (size_t c = 0; c < nc; c++)
			if (report_at(t, i, c)->kind != RC_EMPTY)
				parts[m++] = (struct report_ref){k, i, c};
		if (m > 1 && report_same_add(rep, a, parts, m) != SC_OK)
			return SC_ENOMEM;
	}
	return SC_OK;
}
