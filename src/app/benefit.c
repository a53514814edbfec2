/*
 * benefit.c — the commands and queries of benefits; see benefit.h.
 *
 * The run (app_benefit_run_start) in order, inside one transaction under
 * the centre's benefit lock:
 *  1. the month may be run (benefit_run_start_refusal); the run's row;
 *  2. the parameters in force on the month's first day for each scheme,
 *     kept with the run;
 *  3. corrections (decision 53): the approved months of the last
 *     BENEFIT_CORRECTION_MONTHS whose facts changed — the register
 *     corrected after approval, a participant's row or period changed since
 *     their facts were read, other parameters or G in force now, work income
 *     or other income that differs from what the version in force used —
 *     are recomputed from today's facts; where anything the rules use
 *     differs, the recomputed month is kept as a statement of kind
 *     "recomputed", and more gross is back-pay, less an overpayment claim;
 *  4. the month: each participant with programme days (or owed back-pay,
 *     or with a new claim) gets a statement with every input it used.
 *
 * Here also the payment file, the tax summary, a participant's statements
 * and the finance officer's home; other income, the period's scheme, the
 * settings, the dated rules and the calculator are in benefit_rules.c.
 */
#include "app/benefit.h"
#include "app/benefit_parts.h"

#include "domain/account.h"
#include "domain/payment.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the contracts ---- */

static int
src_unexcused(void *ctx, struct db *db, struct arena *a, int64_t centre, int year, int month, int64_t participant_id,
	      struct unexcused_day **out, size_t *n)
{
	(void)ctx;
	return store_attendance_unexcused(db, a, centre, year, month, participant_id, out, n);
}

static int
src_unmarked(void *ctx, struct db *db, struct arena *a, int64_t centre, int year, int month, int64_t **ids, size_t *n)
{
	(void)ctx;
	return store_attendance_unmarked(db, a, centre, year, month, 0, ids, n);
}

static int
src_corrections(void *ctx, struct db *db, struct arena *a, int64_t centre, struct attendance_correction **out,
		size_t *n)
{
	(void)ctx;
	return store_attendance_corrections(db, a, centre, true, 10000, out, n);
}

static int
src_handled(void *ctx, struct db *db, int64_t centre, const int64_t *ids, size_t n, int64_t run_id)
{
	(void)ctx;
	return store_attendance_corrections_handled(db, centre, ids, n, run_id);
}

static int
src_work(void *ctx, struct db *db, struct arena *a, int64_t centre, int year, int month, int64_t participant_id,
	 struct work_income **out, size_t *n)
{
	(void)ctx;
	return store_work_income_month(db, a, centre, year, month, participant_id, out, n);
}

const struct benefit_sources benefit_sources_store = {
	.ctx = NULL,
	.unexcused = src_unexcused,
	.unmarked = src_unmarked,
	.corrections = src_corrections,
	.corrections_handled = src_handled,
	.work_income = src_work,
};

/* ---- tax tables in memory ---- */

bool
benefit_tax_cached(void *ctx, int year, const char *table, int64_t kr, int64_t *withhold_kr)
{
	struct tax_cache *c = ctx;
	size_t y = 0;
	while (y < c->n && c->years[y].year != year)
		y++;
	if (y == c->n) {
		if (c->n == sizeof c->years / sizeof c->years[0])
			y = c->n - 1;   /* forget the last year loaded */
		else
			c->n++;
		c->years[y].year = year;
		int rc = store_tax_rows(c->db, c->a, year, &c->years[y].rows, &c->years[y].nrows);
		if (rc != SC_OK) {
			c->rc = rc;
			c->years[y].nrows = 0;
			return false;
		}
	}
	const struct benefit_tax_row *rows = c->years[y].rows;
	size_t lo = 0, hi = c->years[y].nrows;
	/* the first row after (table, kr) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(rows[mid].table_no, table);
		if (cmp < 0 || (cmp == 0 && rows[mid].from_kr <= kr))
			lo = mid + 1;
		else
			hi = mid;
	}
	/* the row with the largest from_kr holding kr (as store_tax_withholding) */
	for (size_t i = lo; i-- > 0 && strcmp(rows[i].table_no, table) == 0;) {
		if (rows[i].to_kr >= kr) {
			*withhold_kr = rows[i].withholding_kr;
			return true;
		}
	}
	return false;
}

/* ---- the run's pieces ---- */

/* The parameters of a scheme in force on the first day of a month, read
 * once per (scheme, month). */
struct params_cache {
	struct db *db;
	struct arena *a;
	size_t n;
	struct {
		int kind, year, month;
		struct benefit_params p;
	} items[128];
};

static int
params_of(struct params_cache *c, int kind, int year, int month, struct benefit_params **out)
{
	for (size_t i = 0; i < c->n; i++) {
		if (c->items[i].kind == kind && c->items[i].year == year && c->items[i].month == month) {
			*out = &c->items[i].p;
			return SC_OK;
		}
	}
	size_t i = c->n < 128 ? c->n++ : 127;
	c->items[i].kind = kind;
	c->items[i].year = year;
	c->items[i].month = month;
	int rc = store_benefit_params(c->db, c->a, benefit_scheme_key(kind), (struct date){year, month, 1},
				      &c->items[i].p);
	*out = &c->items[i].p;
	return rc;
}

/* The scheme of a fact's periods in a month: the latest period's, or the
 * default. */
static int
scheme_in(const struct benefit_fact *f, struct date first, struct date last, int dflt)
{
	int kind = dflt;
	for (size_t i = 0; i < f->nperiods; i++) {
		const struct benefit_period *p = &f->periods[i];
		if (date_cmp(p->start, last) > 0 || date_cmp(p->end, first) < 0)
			continue;
		kind = dflt;
		if (p->scheme != NULL)
			benefit_scheme_parse(p->scheme, &kind);
	}
	return kind;
}

/* The enrolment of the latest period of a fact in the month, 0 if none. */
static int64_t
enrolment_in(const struct benefit_fact *f, struct date first, struct date last)
{
	int64_t id = 0;
	for (size_t i = 0; i < f->nperiods; i++)
		if (date_cmp(f->periods[i].start, last) <= 0 && date_cmp(f->periods[i].end, first) >= 0)
			id = f->periods[i].enrolment_id;
	return id;
}

/* Fills the programme part of in for the month from the fact's periods:
 * the first start to the last end, the days between two periods and the
 * pauses as pauses. A fact with no period in the month gets a period that
 * starts after it (no programme days). */
static void
programme_of(const struct benefit_fact *f, struct benefit_input *in)
{
	struct date first = {in->year, in->month, 1};
	struct date last = {in->year, in->month, date_days_in_month(in->year, in->month)};
	bool any = false;
	struct date prev_end = {0, 0, 0};
	for (size_t i = 0; i < f->nperiods; i++) {
		const struct benefit_period *p = &f->periods[i];
		if (date_cmp(p->start, last) > 0 || date_cmp(p->end, first) < 0)
			continue;
		if (!any) {
			in->start = p->start;
		} else if (date_cmp(date_add_days(prev_end, 1), p->start) < 0 && in->npauses < BENEFIT_MAX_PAUSES) {
			in->pauses[in->npauses++] = (struct benefit_span){date_add_days(prev_end, 1),
									   date_add_days(p->start, -1)};
		}
		if (!any || date_cmp(p->end, prev_end) > 0)
			prev_end = p->end;
		any = true;
		for (size_t k = 0; k < p->npauses && in->npauses < BENEFIT_MAX_PAUSES; k++) {
			struct benefit_span s = p->pauses[k];
			if (date_cmp(s.to, first) < 0 || date_cmp(s.from, last) > 0)
				continue;
			/* within the month: the rest does not change D */
			if (date_cmp(s.from, first) < 0)
				s.from = first;
			if (date_cmp(s.to, last) > 0)
				s.to = last;
			in->pauses[in->npauses++] = s;
		}
	}
	if (!any) {
		in->start = date_add_days(last, 1);
		in->has_end = false;
		return;
	}
	in->has_end = true;
	in->end = prev_end;
}

/* The facts of the participant the rules read, for a month: birth, period,
 * children (those born by the month's end), tax information. */
static void
input_of(const struct benefit_fact *f, int year, int month, struct benefit_input *in)
{
	memset(in, 0, sizeof *in);
	in->year = year;
	in->month = month;
	in->birth = f->birth;
	programme_of(f, in);
	for (size_t i = 0; i < f->nchildren && in->nchildren < BENEFIT_MAX_CHILDREN; i++)
		in->children[in->nchildren++] = f->children[i];
	if (f->tax_percent != FIELD_NONE) {
		in->tax = BENEFIT_TAX_PERCENT;
		in->tax_percent = (int)f->tax_percent;
	} else if (f->tax_table != NULL && f->tax_table[0] != '\0') {
		in->tax = BENEFIT_TAX_TABLE;
		snprintf(in->tax_table, sizeof in->tax_table, "%s", f->tax_table);
	}
}

/* Unexcused minutes of one participant on programme days of in. days are
 * ordered by participant; from *k on. */
static int64_t
minutes_of(const struct benefit_input *in, int64_t pid, const struct unexcused_day *days, size_t n, size_t *k)
{
	while (*k < n && days[*k].participant_id < pid)
		(*k)++;
	int64_t minutes = 0;
	for (; *k < n && days[*k].participant_id == pid; (*k)++) {
		const struct unexcused_day *d = &days[*k];
		if (d->date.y == in->year && d->date.m == in->month && d->minutes > 0 && benefit_programme_day(in, d->date))
			minutes += d->minutes;
	}
	return minutes;
}

/* Sets work income of in from the list (by participant). */
static void
work_of(struct benefit_input *in, int64_t pid, const struct work_income *w, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w[mid].participant_id < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && w[lo].participant_id == pid) {
		in->has_work = true;
		in->work_gross_ore = w[lo].gross_ore > 0 ? w[lo].gross_ore : 0;
		in->work_hours_centi = w[lo].hours_centi > 0 ? w[lo].hours_centi : 0;
	}
}

/* Adds the participant's other income in force in the month; kinds the
 * scheme does not know are left out (they cannot be deducted). A month
 * holds at most BENEFIT_MAX_INCOME reports since decision 155; one that
 * held more before is not cut: a report past the statement's lines joins
 * the line of its kind (the rules deduct each kind's sum, so the money is
 * the same). */
static void
income_of(struct benefit_input *in, const struct benefit_params *p, int64_t pid,
	  const struct benefit_income_report *r, size_t n)
{
	char month[8];
	benefit_month_format(in->year, in->month, month);
	for (size_t i = 0; i < n; i++) {
		if (r[i].participant_id != pid || strcmp(r[i].month_from, month) > 0 || strcmp(r[i].month_to, month) < 0)
			continue;
		if (!benefit_kind_in(r[i].kind, p->reducing) && !benefit_kind_in(r[i].kind, p->recorded))
			continue;
		struct benefit_income *line = NULL;
		if (in->nincome < BENEFIT_MAX_INCOME) {
			line = &in->income[in->nincome++];
			*line = (struct benefit_income){.kind = r[i].kind};
		} else {
			for (size_t k = 0; k < in->nincome && line == NULL; k++)
				if (strcmp(in->income[k].kind, r[i].kind) == 0)
					line = &in->income[k];
		}
		/* only a month with more than BENEFIT_MAX_INCOME kinds, which no
		 * scheme has (nine are known), could leave a report out */
		if (line != NULL)
			line->amount_ore += r[i].amount_ore;
	}
}

/* The participant's reports among all (by participant): [*from, *to). */
static void
reports_of(const struct benefit_income_report *r, size_t n, int64_t pid, size_t *from, size_t *to)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r[mid].participant_id < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	*from = lo;
	while (lo < n && r[lo].participant_id == pid)
		lo++;
	*to = lo;
}

/* The other-income items of a statement: each income with what was deducted. */
static int
income_items(struct arena *a, const struct benefit_params *p, const struct benefit_input *in,
	     struct benefit_item *items, size_t *n)
{
	for (size_t i = 0; i < in->nincome; i++) {
		struct benefit_item *it = &items[(*n)++];
		memset(it, 0, sizeof *it);
		it->code = BENEFIT_ITEM_OTHER_INCOME;
		it->kind = arena_strdup(a, in->income[i].kind);
		it->income_ore = in->income[i].amount_ore;
		it->amount_ore = benefit_kind_in(in->income[i].kind, p->reducing) ? in->income[i].amount_ore : 0;
		if (it->kind == NULL)
			return SC_ENOMEM;
	}
	return SC_OK;
}

/* A correction or a claim found for a participant. */
struct fix {
	int64_t pid;
	int year, month;
	unsigned causes;
	int64_t backpay, claim;
	int64_t statement_id;     /* the recomputed month */
};

/* A (participant, month) to look at again. */
struct target {
	int64_t pid;
	int year, month;
};

static int
by_target(const void *x, const void *y)
{
	const struct target *a = x, *b = y;
	if (a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	if (a->year != b->year)
		return a->year - b->year;
	return a->month - b->month;
}

static int
by_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* Everything a run holds while it works. */
struct run {
	struct db *db;
	struct arena *a;
	const struct actor *actor;
	const struct benefit_sources *src;
	int64_t centre, run_id;
	int year, month;
	int default_scheme;
	struct tax_cache tax;
	struct params_cache params;
	/* the approved months of the window */
	struct benefit_run *approved;
	size_t napproved;
	/* what to look at again */
	struct target *targets;
	size_t ntargets, captargets;
	/* what it found */
	struct fix *fixes;
	size_t nfixes, capfixes;
	/* attendance corrections taken in (and their participants, sorted), and
	 * participants whose facts were checked */
	int64_t *taken;
	size_t ntaken;
	int64_t *corrected;
	size_t ncorrected;
	int64_t *checked;
	size_t nchecked;
	/* other income of the window */
	struct benefit_income_report *reports;
	size_t nreports;
	/* statements made and not yet written: written PENDING_MAX at a time
	 * (one INSERT each), the fix each recomputed month is for (-1: none) */
	struct benefit_record *pending;
	ptrdiff_t *pending_fix;
	int64_t *pending_ids;
	size_t npending;
	/* what the pending statements hold (their texts and items), freed when
	 * they are written: the run's arena keeps only what the run needs to
	 * its end, and the batches reuse the same memory */
	struct arena *batch;
};

#define PENDING_MAX 256

/* The arena of the pending statements (made when there is none). */
static struct arena *
batch_of(struct run *r)
{
	if (r->batch == NULL)
		r->batch = arena_new();
	return r->batch;
}

/* Writes the statements made so far; the fixes get their months' ids. */
static int
pending_flush(struct run *r)
{
	int rc = SC_OK;
	if (r->npending > 0)
		rc = store_benefit_statements_add(r->db, r->centre, r->pending, r->npending, r->pending_ids);
	for (size_t i = 0; rc == SC_OK && i < r->npending; i++)
		if (r->pending_fix[i] >= 0)
			r->fixes[r->pending_fix[i]].statement_id = r->pending_ids[i];
	r->npending = 0;
	arena_free(r->batch);
	r->batch = NULL;
	return rc;
}

/* Keeps rec (its items copied) to be written with the next ones; fix the
 * index of the fix it is for, or -1. */
static int
pending_add(struct run *r, const struct benefit_record *rec, ptrdiff_t fix)
{
	if (r->pending == NULL) {
		r->pending = arena_alloc(r->a, sizeof *r->pending * PENDING_MAX);
		r->pending_fix = arena_alloc(r->a, sizeof *r->pending_fix * PENDING_MAX);
		r->pending_ids = arena_alloc(r->a, sizeof *r->pending_ids * PENDING_MAX);
		if (r->pending == NULL || r->pending_fix == NULL || r->pending_ids == NULL)
			return SC_ENOMEM;
	}
	struct benefit_record *p = &r->pending[r->npending];
	*p = *rec;
	if (rec->items.n > 0) {
		struct arena *b = batch_of(r);
		struct benefit_item *items = b != NULL ? arena_alloc(b, sizeof *items * rec->items.n) : NULL;
		if (items == NULL)
			return SC_ENOMEM;
		memcpy(items, rec->items.items, sizeof *items * rec->items.n);
		p->items = (struct field_list){rec->items.n, items};
	}
	r->pending_fix[r->npending++] = fix;
	return r->npending == PENDING_MAX ? pending_flush(r) : SC_OK;
}

static int
target_add(struct run *r, int64_t pid, int year, int month)
{
	if (r->ntargets == r->captargets) {
		size_t cap = r->captargets ? r->captargets * 2 : 64;
		struct target *t = arena_alloc(r->a, sizeof *t * cap);
		if (t == NULL)
			return SC_ENOMEM;
		if (r->ntargets > 0)
			memcpy(t, r->targets, sizeof *t * r->ntargets);
		r->targets = t;
		r->captargets = cap;
	}
	r->targets[r->ntargets++] = (struct target){pid, year, month};
	return SC_OK;
}

static int
fix_add(struct run *r, const struct fix *f)
{
	if (r->nfixes == r->capfixes) {
		size_t cap = r->capfixes ? r->capfixes * 2 : 32;
		struct fix *x = arena_alloc(r->a, sizeof *x * cap);
		if (x == NULL)
			return SC_ENOMEM;
		if (r->nfixes > 0)
			memcpy(x, r->fixes, sizeof *x * r->nfixes);
		r->fixes = x;
		r->capfixes = cap;
	}
	r->fixes[r->nfixes++] = *f;
	return SC_OK;
}

/* The approved month of the window equal to (y, m), or NULL. */
static const struct benefit_run *
approved_month(const struct run *r, int y, int m)
{
	char month[8];
	benefit_month_format(y, m, month);
	for (size_t i = 0; i < r->napproved; i++)
		if (strcmp(r->approved[i].month, month) == 0)
			return &r->approved[i];
	return NULL;
}

/* Two lists of kinds say the same. */
static bool
same_kinds(const char *const *a, const char *const *b)
{
	size_t na = 0, nb = 0;
	while (a != NULL && a[na] != NULL)
		na++;
	while (b != NULL && b[nb] != NULL)
		nb++;
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!benefit_kind_in(a[i], b))
			return false;
	return true;
}

/* Finds what to look at again (step 3 of the run). */
static int
find_targets(struct run *r)
{
	int rc = SC_OK;
	/* the register corrected after approval */
	struct attendance_correction *corr = NULL;
	size_t ncorr = 0;
	rc = r->src->corrections(r->src->ctx, r->db, r->a, r->centre, &corr, &ncorr);
	if (rc != SC_OK)
		return rc;
	r->taken = arena_alloc(r->a, sizeof *r->taken * (ncorr + 1));
	r->corrected = arena_alloc(r->a, sizeof *r->corrected * (ncorr + 1));
	if (r->taken == NULL || r->corrected == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < ncorr && rc == SC_OK; i++) {
		if (corr[i].handled || approved_month(r, corr[i].session_date.y, corr[i].session_date.m) == NULL)
			continue;
		r->taken[r->ntaken++] = corr[i].id;
		r->corrected[r->ncorrected++] = corr[i].participant_id;
		rc = target_add(r, corr[i].participant_id, corr[i].session_date.y, corr[i].session_date.m);
	}
	qsort(r->corrected, r->ncorrected, sizeof *r->corrected, by_id);
	/* a participant's row or period changed since their facts were read */
	if (rc == SC_OK)
		rc = store_benefit_changed(r->db, r->a, r->centre, &r->checked, &r->nchecked);
	for (size_t i = 0; i < r->nchecked && rc == SC_OK; i++)
		for (size_t k = 0; k < r->napproved && rc == SC_OK; k++) {
			int y, m;
			benefit_month_parse(r->approved[k].month, &y, &m);
			rc = target_add(r, r->checked[i], y, m);
		}
	/* the parameters (G above all) in force now for an approved month */
	for (size_t k = 0; k < r->napproved && rc == SC_OK; k++) {
		int y, m;
		benefit_month_parse(r->approved[k].month, &y, &m);
		for (int kind = BENEFIT_BERGEN; kind <= BENEFIT_KVP && rc == SC_OK; kind++) {
			struct benefit_params then, *now;
			bool found = false;
			rc = store_benefit_run_params(r->db, r->a, r->approved[k].id, benefit_scheme_key(kind), &then,
						      &found);
			if (rc == SC_OK)
				rc = params_of(&r->params, kind, y, m, &now);
			if (rc != SC_OK || !found)
				continue;
			bool same = then.g_ore == now->g_ore && then.month_amount_ore == now->month_amount_ore &&
				    then.child_rate_ore == now->child_rate_ore && same_kinds(then.reducing, now->reducing) &&
				    same_kinds(then.recorded, now->recorded);
			if (same)
				continue;
			int64_t *ids = NULL;
			size_t nids = 0;
			rc = store_benefit_run_participants(r->db, r->a, r->centre, r->approved[k].id,
							    benefit_scheme_key(kind), &ids, &nids);
			for (size_t i = 0; i < nids && rc == SC_OK; i++)
				rc = target_add(r, ids[i], y, m);
		}
	}
	/* work income that differs from what the version in force used */
	for (size_t k = 0; k < r->napproved && rc == SC_OK; k++) {
		int y, m;
		benefit_month_parse(r->approved[k].month, &y, &m);
		struct work_income *now = NULL;
		size_t nnow = 0;
		struct benefit_stored_work *then = NULL;
		size_t nthen = 0;
		rc = r->src->work_income(r->src->ctx, r->db, r->a, r->centre, y, m, 0, &now, &nnow);
		if (rc == SC_OK)
			rc = store_benefit_effective_work(r->db, r->a, r->centre, r->approved[k].month, &then, &nthen);
		/* both by participant: a merge */
		size_t i = 0, j = 0;
		while (rc == SC_OK && (i < nnow || j < nthen)) {
			if (j >= nthen || (i < nnow && now[i].participant_id < then[j].participant_id)) {
				rc = target_add(r, now[i++].participant_id, y, m);
			} else if (i >= nnow || then[j].participant_id < now[i].participant_id) {
				rc = target_add(r, then[j++].participant_id, y, m);
			} else {
				if (now[i].gross_ore != then[j].gross_ore || now[i].hours_centi != then[j].hours_centi)
					rc = target_add(r, now[i].participant_id, y, m);
				i++;
				j++;
			}
		}
	}
	/* other income that differs from what the version in force used */
	if (rc == SC_OK && r->napproved > 0) {
		struct benefit_stored_income *then = NULL;
		size_t nthen = 0;
		rc = store_benefit_effective_income(r->db, r->a, r->centre, r->approved[0].month,
						    r->approved[r->napproved - 1].month, &then, &nthen);
		/* every (participant, month) with income then or now */
		for (size_t i = 0; i < nthen && rc == SC_OK; i++) {
			int y, m;
			benefit_month_parse(then[i].month, &y, &m);
			rc = target_add(r, then[i].participant_id, y, m);
		}
		for (size_t i = 0; i < r->nreports && rc == SC_OK; i++) {
			int fy, fm, ty, tm;
			benefit_month_parse(r->reports[i].month_from, &fy, &fm);
			benefit_month_parse(r->reports[i].month_to, &ty, &tm);
			for (int k = 0; k <= benefit_month_diff(fy, fm, ty, tm) && rc == SC_OK; k++) {
				int y, m;
				benefit_month_add(fy, fm, k, &y, &m);
				if (approved_month(r, y, m) != NULL)
					rc = target_add(r, r->reports[i].participant_id, y, m);
			}
		}
		/* those whose income is the same are found so when recomputed:
		 * nothing differs, nothing is kept */
	}
	if (rc != SC_OK)
		return rc;
	/* once each */
	if (r->ntargets > 1)
		qsort(r->targets, r->ntargets, sizeof *r->targets, by_target);
	size_t w = 0;
	for (size_t i = 0; i < r->ntargets; i++)
		if (w == 0 || by_target(&r->targets[w - 1], &r->targets[i]) != 0)
			r->targets[w++] = r->targets[i];
	r->ntargets = w;
	return SC_OK;
}

/* The tax information of a stored version: the tax is withheld as it was. */
static void
tax_as_then(struct benefit_input *in, const struct benefit_input *then)
{
	in->tax = then->tax;
	in->tax_percent = then->tax_percent;
	memcpy(in->tax_table, then->tax_table, sizeof in->tax_table);
}

/* Participants whose facts the look-back reads one at a time before it
 * reads the whole window's: a participant's are three seeks of an index,
 * the window's every period of the centre (about 0.4 s of CPU at 100,000
 * participants). */
#define RECOMPUTE_ONE_BY_ONE 1000

/* Recomputes the targets (step 3): keeps each month whose facts differ and
 * notes back-pay and claims. */
static int
recompute(struct run *r)
{
	int rc = SC_OK;
	int fy, fm;
	benefit_month_add(r->year, r->month, -BENEFIT_CORRECTION_MONTHS, &fy, &fm);
	struct date window_first = {fy, fm, 1};
	struct date last = {r->year, r->month, date_days_in_month(r->year, r->month)};
	/* today's facts, read only for the targets that get that far (most
	 * have no version in force to compare): a participant's at a time
	 * (three seeks of an index), or the whole window's at once after
	 * RECOMPUTE_ONE_BY_ONE participants (a new G: many months of many
	 * participants). The same rows either way (decision 76). */
	struct benefit_fact *all = NULL;
	size_t nall = 0, nread = 0;
	bool bulk = false;
	struct benefit_fact *fact = NULL;
	size_t nfact = 0;
	for (size_t t = 0; t < r->ntargets && rc == SC_OK; t++) {
		const struct target *tg = &r->targets[t];
		if (approved_month(r, tg->year, tg->month) == NULL)
			continue;
		char month[8];
		benefit_month_format(tg->year, tg->month, month);
		struct benefit_record then;
		bool found = false;
		rc = store_benefit_effective(r->db, r->a, r->centre, tg->pid, month, &then, &found);
		if (rc != SC_OK)
			break;
		if (!found)
			continue;
		struct benefit_params then_p;
		struct benefit_input then_in;
		if (!benefit_record_input(&then, &then_p, &then_in, r->a))
			continue;
		/* the version in force as it was, without the back-pay of other
		 * months it carried, and its tax with today's tables */
		then_in.nbackpay = 0;
		then_in.outstanding_ore = 0;
		struct benefit_statement then_st;
		benefit_compute(&then_p, &then_in, benefit_tax_cached, &r->tax, &then_st);
		/* today's facts for that month */
		if (!bulk && nread >= RECOMPUTE_ONE_BY_ONE && (fact == NULL || fact->participant_id != tg->pid)) {
			rc = store_benefit_facts(r->db, r->a, r->centre, window_first, last, 0, &all, &nall);
			if (rc != SC_OK)
				break;
			bulk = true;
		}
		if (bulk) {
			fact = NULL;
			for (size_t lo = 0, hi = nall; lo < hi;) {
				size_t mid = lo + (hi - lo) / 2;
				if (all[mid].participant_id < tg->pid)
					lo = mid + 1;
				else if (all[mid].participant_id > tg->pid)
					hi = mid;
				else {
					fact = &all[mid];
					break;
				}
			}
		} else if (fact == NULL || fact->participant_id != tg->pid) {
			nread++;
			rc = store_benefit_facts(r->db, r->a, r->centre, window_first, last, tg->pid, &fact, &nfact);
			if (rc != SC_OK)
				break;
			if (nfact == 0)
				fact = NULL;
		}
		struct benefit_fact none = {.participant_id = tg->pid, .birth = then_in.birth};
		const struct benefit_fact *f = fact != NULL ? fact : &none;
		struct date first = {tg->year, tg->month, 1};
		struct date mlast = {tg->year, tg->month, date_days_in_month(tg->year, tg->month)};
		int kind = enrolment_in(f, first, mlast) != 0 ? scheme_in(f, first, mlast, r->default_scheme)
							     : (int)then_p.kind;
		struct benefit_params *now_p;
		rc = params_of(&r->params, kind, tg->year, tg->month, &now_p);
		if (rc != SC_OK)
			break;
		struct benefit_input now_in;
		input_of(f, tg->year, tg->month, &now_in);
		tax_as_then(&now_in, &then_in);
		struct unexcused_day *days = NULL;
		size_t ndays = 0, k = 0;
		rc = r->src->unexcused(r->src->ctx, r->db, r->a, r->centre, tg->year, tg->month, tg->pid, &days, &ndays);
		if (rc != SC_OK)
			break;
		now_in.unexcused_minutes = minutes_of(&now_in, tg->pid, days, ndays, &k);
		struct work_income *w = NULL;
		size_t nw = 0;
		rc = r->src->work_income(r->src->ctx, r->db, r->a, r->centre, tg->year, tg->month, tg->pid, &w, &nw);
		if (rc != SC_OK)
			break;
		work_of(&now_in, tg->pid, w, nw);
		size_t rfrom, rto;
		reports_of(r->reports, r->nreports, tg->pid, &rfrom, &rto);
		income_of(&now_in, now_p, tg->pid, r->reports + rfrom, rto - rfrom);
		struct field_errors fe = {0};
		if (!benefit_input_check(now_p, &now_in, &fe))
			continue;
		struct benefit_statement now_st;
		benefit_compute(now_p, &now_in, benefit_tax_cached, &r->tax, &now_st);
		if (r->tax.rc != SC_OK) {
			rc = r->tax.rc;
			break;
		}
		unsigned causes = benefit_causes(&then_p, &then_in, &then_st, now_p, &now_in, &now_st);
		if (causes == 0)
			continue;
		struct fix fx = {.pid = tg->pid, .year = tg->year, .month = tg->month, .causes = causes};
		benefit_difference(then_st.gross_ore, then_st.tax_ore, now_st.gross_ore, now_st.tax_ore, &fx.backpay,
				   &fx.claim);
		/* the month as it is now, kept beside the version it follows */
		struct benefit_record rec;
		fields_clear(benefit_record_fields, &rec);
		struct arena *b = batch_of(r);
		rc = b != NULL ? benefit_record_fill(&rec, now_p, &now_in, &now_st, b) : SC_ENOMEM;
		if (rc != SC_OK)
			break;
		struct benefit_item items[BENEFIT_MAX_INCOME];
		size_t nitems = 0;
		rc = income_items(b, now_p, &now_in, items, &nitems);
		if (rc != SC_OK)
			break;
		rec.items = (struct field_list){nitems, items};
		rec.run_id = r->run_id;
		rec.participant_id = tg->pid;
		rec.enrolment_id = enrolment_in(f, first, mlast);
		rec.kind = BENEFIT_RECORD_RECOMPUTED;
		rec.corrects_id = then.id;
		rec.tax_ore = now_st.tax_ore;
		rec.recovery_ore = 0;
		rec.net_ore = now_st.gross_ore - now_st.tax_ore;
		rec.outstanding_ore = 0;
		rec.claims_ore = 0;
		rec.outstanding_after_ore = 0;
		rec.warnings = 0;
		rec.change_ore = now_st.gross_ore - then_st.gross_ore;
		rec.bank_account = "";
		rec.created_at = r->actor->now;
		ptrdiff_t fix = -1;
		if (fx.backpay > 0 || fx.claim > 0) {
			fix = (ptrdiff_t)r->nfixes;
			rc = fix_add(r, &fx);
		}
		if (rc == SC_OK)
			rc = pending_add(r, &rec, fix);
	}
	return rc == SC_OK ? pending_flush(r) : rc;
}

/* Statements of the month (step 4). */
static int
month_statements(struct run *r, struct benefit_run *totals)
{
	struct date first = {r->year, r->month, 1};
	struct date last = {r->year, r->month, date_days_in_month(r->year, r->month)};
	char month[8];
	benefit_month_format(r->year, r->month, month);
	int py, pm;
	benefit_month_add(r->year, r->month, -1, &py, &pm);
	char prev[8];
	benefit_month_format(py, pm, prev);
	struct benefit_fact *facts = NULL;
	size_t nfacts = 0;
	int rc = store_benefit_facts(r->db, r->a, r->centre, first, last, 0, &facts, &nfacts);
	struct benefit_account *acc = NULL;
	size_t nacc = 0;
	if (rc == SC_OK)
		rc = store_benefit_accounts(r->db, r->a, r->centre, &acc, &nacc);
	struct unexcused_day *days = NULL;
	size_t ndays = 0, kday = 0;
	if (rc == SC_OK)
		rc = r->src->unexcused(r->src->ctx, r->db, r->a, r->centre, r->year, r->month, 0, &days, &ndays);
	int64_t *unmarked = NULL;
	size_t nunmarked = 0;
	if (rc == SC_OK)
		rc = r->src->unmarked(r->src->ctx, r->db, r->a, r->centre, r->year, r->month, &unmarked, &nunmarked);
	struct work_income *work = NULL;
	size_t nwork = 0;
	if (rc == SC_OK)
		rc = r->src->work_income(r->src->ctx, r->db, r->a, r->centre, r->year, r->month, 0, &work, &nwork);
	if (rc != SC_OK)
		return rc;
	/* the participants of the register's corrections taken in */
	const int64_t *corrected = r->corrected;
	size_t ncorrected = r->ncorrected;
	/* fixes by participant (found in participant order) */
	size_t kfix = 0, kacc = 0, kunm = 0, kcor = 0;
	/* the participants: those of the month and those with fixes, merged */
	size_t i = 0;
	while (rc == SC_OK && (i < nfacts || kfix < r->nfixes)) {
		int64_t pid;
		const struct benefit_fact *f = NULL;
		if (kfix >= r->nfixes || (i < nfacts && facts[i].participant_id <= r->fixes[kfix].pid)) {
			f = &facts[i++];
			pid = f->participant_id;
		} else {
			pid = r->fixes[kfix].pid;
		}
		size_t fix_from = kfix;
		while (kfix < r->nfixes && r->fixes[kfix].pid == pid)
			kfix++;
		size_t nfix = kfix - fix_from;
		struct benefit_fact one;
		if (f == NULL) {
			/* owed back-pay or claimed, with no period in the month */
			struct benefit_fact *ff = NULL;
			size_t nff = 0;
			rc = store_benefit_facts(r->db, r->a, r->centre, (struct date){1900, 1, 1}, last, pid, &ff, &nff);
			if (rc != SC_OK)
				break;
			if (nff == 0)
				continue;
			one = ff[0];
			one.nperiods = 0;   /* none in the month */
			f = &one;
		}
		struct benefit_input in;
		input_of(f, r->year, r->month, &in);
		int kind = scheme_in(f, first, last, r->default_scheme);
		struct benefit_params *p;
		rc = params_of(&r->params, kind, r->year, r->month, &p);
		if (rc != SC_OK)
			break;
		in.unexcused_minutes = minutes_of(&in, pid, days, ndays, &kday);
		work_of(&in, pid, work, nwork);
		size_t rfrom, rto;
		reports_of(r->reports, r->nreports, pid, &rfrom, &rto);
		income_of(&in, p, pid, r->reports + rfrom, rto - rfrom);
		/* the days first (computed once, below, when there are any) */
		int pdays = benefit_programme_days(&in, NULL, NULL);
		if (pdays == 0 && nfix == 0)
			continue;   /* no programme day, nothing owed */
		if (pdays == 0) {
			/* a statement of corrections only: nothing of the month */
			in.has_work = false;
			in.nincome = 0;
			in.unexcused_minutes = 0;
		}
		/* the account: outstanding, last month */
		while (kacc < nacc && acc[kacc].participant_id < pid)
			kacc++;
		const struct benefit_account *ac = kacc < nacc && acc[kacc].participant_id == pid ? &acc[kacc] : NULL;
		int64_t outstanding = ac != NULL ? ac->outstanding_ore : 0, claims = 0;
		struct benefit_item items[BENEFIT_MAX_INCOME + 2 * BENEFIT_MAX_CORRECTIONS];
		size_t nitems = 0;
		struct arena *b = batch_of(r);
		rc = b != NULL ? income_items(b, p, &in, items, &nitems) : SC_ENOMEM;
		if (rc != SC_OK)
			break;
		for (size_t k = fix_from; k < kfix; k++) {
			const struct fix *fx = &r->fixes[k];
			char ref[8], causes[128];
			benefit_month_format(fx->year, fx->month, ref);
			benefit_causes_text(fx->causes, causes, sizeof causes);
			struct benefit_item *it = &items[nitems++];
			memset(it, 0, sizeof *it);
			it->code = fx->backpay > 0 ? BENEFIT_ITEM_CORRECTION : BENEFIT_ITEM_CLAIM;
			it->ref_month = arena_strdup(b, ref);
			it->causes = arena_strdup(b, causes);
			it->ref_statement_id = fx->statement_id;
			it->amount_ore = fx->backpay > 0 ? fx->backpay : fx->claim;
			if (it->ref_month == NULL || it->causes == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			if (fx->backpay > 0 && in.nbackpay < BENEFIT_MAX_CORRECTIONS)
				in.backpay[in.nbackpay++] = (struct benefit_backpay){fx->year, fx->month, fx->causes,
										     fx->backpay};
			else
				claims += fx->claim;
		}
		if (rc != SC_OK)
			break;
		in.outstanding_ore = outstanding + claims;
		struct field_errors fe = {0};
		if (!benefit_input_check(p, &in, &fe))
			continue;
		struct benefit_statement st;
		benefit_compute(p, &in, benefit_tax_cached, &r->tax, &st);
		if (r->tax.rc != SC_OK)
			return r->tax.rc;
		/* the run's warnings */
		char digits[12];
		bool account = account_validate(f->bank_account, digits, NULL) == SC_OK;
		unsigned warnings = st.warnings;
		if (!account)
			warnings |= BENEFIT_WARN_NO_ACCOUNT;
		while (kunm < nunmarked && unmarked[kunm] < pid)
			kunm++;
		if (kunm < nunmarked && unmarked[kunm] == pid)
			warnings |= BENEFIT_WARN_UNMARKED;
		while (kcor < ncorrected && corrected[kcor] < pid)
			kcor++;
		if (kcor < ncorrected && corrected[kcor] == pid)
			warnings |= BENEFIT_WARN_CORRECTED;
		struct benefit_record rec;
		fields_clear(benefit_record_fields, &rec);
		rc = benefit_record_fill(&rec, p, &in, &st, b);
		if (rc != SC_OK)
			break;
		rec.items = (struct field_list){nitems, items};
		rec.run_id = r->run_id;
		rec.participant_id = pid;
		rec.enrolment_id = enrolment_in(f, first, last);
		rec.kind = BENEFIT_RECORD_MONTH;
		rec.outstanding_ore = outstanding;
		rec.claims_ore = claims;
		rec.outstanding_after_ore = outstanding + claims - st.recovery_ore;
		rec.warnings = warnings;
		int64_t last_net = ac != NULL && strcmp(ac->last_month, prev) == 0 ? ac->last_net_ore : 0;
		rec.change_ore = st.net_ore - last_net;
		rec.bank_account = account ? arena_strdup(b, digits) : "";
		rec.created_at = r->actor->now;
		rc = pending_add(r, &rec, -1);
		totals->statements++;
		totals->gross_ore += st.gross_ore;
		totals->tax_ore += st.tax_ore;
		totals->recovery_ore += st.recovery_ore;
		totals->net_ore += st.net_ore;
		totals->backpay_ore += st.backpay_ore;
		totals->claims_ore += claims;
		totals->warnings += warnings != 0;
		totals->payable += st.net_ore > 0 && account;
	}
	return rc == SC_OK ? pending_flush(r) : rc;
}

int
app_benefit_run_start(struct db *db, struct arena *a, const struct actor *actor, const struct benefit_sources *src,
		      const char *month, struct benefit_run *run, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!may_write(actor))
		return forbidden(out);
	struct run r;
	memset(&r, 0, sizeof r);
	r.db = db;
	r.a = a;
	r.actor = actor;
	r.src = src != NULL ? src : &benefit_sources_store;
	r.centre = actor->centre_id;
	r.tax = (struct tax_cache){.db = db, .a = a};
	r.params.db = db;
	r.params.a = a;
	if (month == NULL || benefit_month_parse(month, &r.year, &r.month) != SC_OK)
		return app_invalid(out, "month", N_("Give the month as YYYY-MM, for example 2025-09."));
	char mtext[8];
	benefit_month_format(r.year, r.month, mtext);
	/* foreign keys checked once for the run, not for each of its rows
	 * (decision 76): off before its transaction, on again after it */
	int rc = store_benefit_run_foreign_keys(db, false);
	if (rc == SC_OK)
		rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_benefit_lock(db, r.centre, actor->now);
	if (rc == SC_OK)
		rc = store_benefit_run_parents(db, r.centre, actor->user_id);
	bool later = false, open_other = false;
	int existing = BENEFIT_MONTH_NONE;
	const char *last_before = "";
	if (rc == SC_OK)
		rc = store_benefit_run_facts(db, a, r.centre, mtext, &existing, &later, &open_other, &last_before);
	if (rc == SC_OK) {
		char first[8];
		const char *why = benefit_run_start_refusal(r.year, r.month, actor->today, existing, later, open_other,
							    last_before, first);
		if (why != NULL && first[0] != '\0') {
			/* the month to run first, named beside the month asked for */
			char *name = arena_strdup(a, first);
			if (name == NULL)
				rc = SC_ENOMEM;
			else
				field_error_add_text(&out->errors, "month", why, name, NULL, NULL);
			if (rc == SC_OK)
				rc = app_refuse(out, REFUSED_STATE, NULL);
		} else if (why != NULL) {
			rc = app_refuse(out, REFUSED_STATE, why);
		}
	}
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_benefit_run_insert(db, r.centre, mtext, actor->user_id, actor->now, &r.run_id);
		if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STATE, N_("This month has a run already: approve or discard it first."));
	}
	struct benefit_settings settings;
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_benefit_settings_get(db, a, r.centre, &settings);
	if (rc == SC_OK && out->refusal == DONE) {
		r.default_scheme = settings.default_scheme;
		/* the parameters of each scheme, kept with the run */
		for (int kind = BENEFIT_BERGEN; kind <= BENEFIT_KVP && rc == SC_OK; kind++) {
			struct benefit_params *p;
			rc = params_of(&r.params, kind, r.year, r.month, &p);
			if (rc == SC_OK)
				rc = store_benefit_run_params_add(db, r.run_id, benefit_scheme_key(kind), p, a);
		}
	}
	/* the window of corrections */
	char from[8], before[8];
	int fy, fm, by, bm;
	benefit_month_add(r.year, r.month, -BENEFIT_CORRECTION_MONTHS, &fy, &fm);
	benefit_month_add(r.year, r.month, -1, &by, &bm);
	benefit_month_format(fy, fm, from);
	benefit_month_format(by, bm, before);
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_benefit_runs_approved(db, a, r.centre, from, before, &r.approved, &r.napproved);
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_benefit_income_months(db, a, r.centre, from, mtext, 0, &r.reports, &r.nreports);
	if (rc == SC_OK && out->refusal == DONE)
		rc = find_targets(&r);
	if (rc == SC_OK && out->refusal == DONE)
		rc = recompute(&r);
	struct benefit_run totals;
	memset(&totals, 0, sizeof totals);
	if (rc == SC_OK && out->refusal == DONE)
		rc = month_statements(&r, &totals);
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_benefit_run_totals(db, r.centre, r.run_id, &totals);
	if (rc == SC_OK && out->refusal == DONE && r.ntaken > 0) {
		qsort(r.taken, r.ntaken, sizeof *r.taken, by_id);
		rc = store_benefit_run_sources_add(db, r.run_id, "attendance", r.taken, r.ntaken);
	}
	if (rc == SC_OK && out->refusal == DONE && r.nchecked > 0)
		rc = store_benefit_run_sources_add(db, r.run_id, "facts", r.checked, r.nchecked);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "benefit_run.start", "benefit_run", r.run_id);
	arena_free(r.batch);   /* left by a run that stopped */
	out->id = r.run_id;
	rc = app_end(db, rc, out);
	int fk = store_benefit_run_foreign_keys(db, true);
	if (rc == SC_OK)
		rc = fk;
	if (rc == SC_OK && out->refusal == DONE && run != NULL)
		rc = store_benefit_run_get(db, a, r.centre, r.run_id, run);
	return rc;
}

/* The run of the centre, locked: REFUSED_NOT_FOUND when there is none. */
static int
run_locked(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct benefit_run *run,
	   struct outcome *out)
{
	int rc = store_benefit_lock(db, actor->centre_id, actor->now);
	if (rc == SC_OK)
		rc = store_benefit_run_get(db, a, actor->centre_id, id, run);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	return rc;
}

int
app_benefit_run_approve(struct db *db, struct arena *a, const struct actor *actor, const struct benefit_sources *src,
			int64_t id, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!may_write(actor))
		return forbidden(out);
	if (src == NULL)
		src = &benefit_sources_store;
	struct benefit_run run;
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = run_locked(db, a, actor, id, &run, out);
	if (rc == SC_OK && out->refusal == DONE) {
		const char *why = benefit_run_approve_refusal(&run, actor->user_id);
		if (why != NULL)
			rc = app_refuse(out, REFUSED_STATE, why);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_benefit_run_approve(db, actor->centre_id, id, actor->user_id, actor->now);
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_benefit_accounts_apply(db, actor->centre_id, id, run.run_at, actor->now);
	int64_t *ids = NULL;
	size_t n = 0;
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_benefit_run_sources(db, a, id, "attendance", &ids, &n);
	if (rc == SC_OK && out->refusal == DONE && n > 0)
		rc = src->corrections_handled(src->ctx, db, actor->centre_id, ids, n, id);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "benefit_run.approve", "benefit_run", id);
	out->id = id;
	return app_end(db, rc, out);
}

int
app_benefit_run_discard(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!may_write(actor))
		return forbidden(out);
	struct benefit_run run;
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = run_locked(db, a, actor, id, &run, out);
	if (rc == SC_OK && out->refusal == DONE) {
		const char *why = benefit_run_discard_refusal(&run);
		if (why != NULL)
			rc = app_refuse(out, REFUSED_STATE, why);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_benefit_run_discard(db, actor->centre_id, id, actor->user_id, actor->now);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "benefit_run.discard", "benefit_run", id);
	out->id = id;
	return app_end(db, rc, out);
}

int
app_benefit_runs(struct db *db, struct arena *a, const struct actor *actor, int64_t page, int64_t per_page,
		 struct benefit_run **items, size_t *n, int64_t *total, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!may_read(actor))
		return forbidden(out);
	return store_benefit_runs(db, a, actor->centre_id, per_page, (page - 1) * per_page, items, n, total);
}

int
app_benefit_run(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum benefit_list list,
		int64_t page, int64_t per_page, struct benefit_run *run, struct benefit_record **items, size_t *n,
		int64_t *total, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!may_read(actor))
		return forbidden(out);
	int rc = store_benefit_run_get(db, a, actor->centre_id, id, run);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	rc = store_benefit_statements(db, a, actor->centre_id, id, list, per_page, (page - 1) * per_page, items, n,
				      total);
	if (rc == SC_OK)
		app_audit_read(db, actor, "benefit_run.read", "benefit_run", id);
	return rc;
}

/* ---- the payment file and the tax summary ---- */

int
app_benefit_payments(struct db *db, struct arena *a, const struct actor *actor, int64_t id, bool download,
		     struct benefit_payments *file, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	memset(file, 0, sizeof *file);
	if (!may_write(actor))
		return forbidden(out);
	int rc = store_benefit_run_get(db, a, actor->centre_id, id, &file->run);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	if (file->run.state != BENEFIT_RUN_APPROVED)
		return app_refuse(out, REFUSED_STATE, N_("The payment file is made when the run is approved."));
	rc = store_benefit_settings_get(db, a, actor->centre_id, &file->settings);
	if (rc != SC_OK)
		return rc;
	char digits[12];
	if (download && account_validate(file->settings.debtor_account, digits, NULL) != SC_OK)
		return app_refuse(out, REFUSED_STATE,
				  N_("Give the centre's account payments are made from in the benefit settings first."));
	struct centre c;
	if (store_centre_get(db, a, actor->centre_id, &c) == SC_OK)
		file->centre_name = c.name;
	else
		file->centre_name = "";
	int y, m;
	benefit_month_parse(file->run.month, &y, &m);
	file->execution = payment_execution_date(y, m, (int)file->settings.execution_day, actor->today);
	/* those left out: a net to pay and no valid account (the first, and
	 * how many: the page lists them, a run of thousands is not read whole) */
	rc = store_benefit_statements(db, a, actor->centre_id, id, BENEFIT_LIST_LEFT_OUT, BENEFIT_LEFT_OUT_SHOWN, 0,
				      &file->left_out, &file->nleft_out, &file->left_out_total);
	if (rc != SC_OK || !download)
		return rc;
	int64_t total = 0;
	rc = store_benefit_statements(db, a, actor->centre_id, id, BENEFIT_LIST_PAYABLE, 1000000, 0, &file->paid,
				      &file->npaid, &total);
	if (rc != SC_OK)
		return rc;
	for (size_t i = 0; i < file->npaid; i++)
		file->control_ore += file->paid[i].net_ore;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_benefit_run_downloaded(db, actor->centre_id, id, actor->now);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "benefit_payment.download", "benefit_run", id);
	out->id = id;
	return app_end(db, rc, out);
}

int
app_benefit_tax_summary(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t page,
			int64_t per_page, struct benefit_run *run, struct benefit_record **items, size_t *n,
			int64_t *total, struct outcome *out)
{
	return app_benefit_run(db, a, actor, id, BENEFIT_LIST_ALL, page, per_page, run, items, n, total, out);
}

/* ---- a participant's statements ---- */

int
app_benefit_statements_of(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  struct participant_brief *brief, struct benefit_record **items, size_t *n,
			  int64_t *outstanding, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	*outstanding = 0;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_BENEFIT), ACT_READ, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_benefit_statements_of(db, a, actor->centre_id, participant_id, may_write(actor), items, n);
	if (rc == SC_OK)
		rc = store_benefit_outstanding(db, actor->centre_id, participant_id, outstanding);
	if (rc != SC_OK)
		return rc;
	app_audit_read(db, actor, "benefit_statements.read", "participant", participant_id);
	return SC_OK;
}

int
app_benefit_statement(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id, int64_t id,
		      struct participant_brief *brief, struct benefit_record *rec, struct benefit_record **refs,
		      size_t *nrefs, struct benefit_run *run, struct benefit_record *paid, struct outcome *out)
{
	*refs = NULL;
	*nrefs = 0;
	memset(paid, 0, sizeof *paid);
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_BENEFIT), ACT_READ, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_benefit_statement_get(db, a, actor->centre_id, id, rec);
	if (rc == SC_ENOTFOUND || (rc == SC_OK && rec->participant_id != participant_id))
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	rc = store_benefit_run_get(db, a, actor->centre_id, rec->run_id, run);
	if (rc != SC_OK)
		return rc == SC_ENOTFOUND ? app_refuse(out, REFUSED_NOT_FOUND, NULL) : rc;
	if (run->state == BENEFIT_RUN_DISCARDED || (run->state == BENEFIT_RUN_OPEN && !may_write(actor)))
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	/* a recomputed month: the month's statement that was paid, back
	 * along the versions it follows */
	int64_t follows = rec->kind == BENEFIT_RECORD_RECOMPUTED ? rec->corrects_id : 0;
	for (int step = 0; follows > 0 && step < 1000; step++) {
		rc = store_benefit_statement_get(db, a, actor->centre_id, follows, paid);
		if (rc == SC_ENOTFOUND)
			break;
		if (rc != SC_OK)
			return rc;
		if (paid->kind == BENEFIT_RECORD_MONTH)
			break;
		follows = paid->corrects_id;
	}
	if (paid->kind != BENEFIT_RECORD_MONTH || follows <= 0)
		memset(paid, 0, sizeof *paid);
	/* the recomputed months its corrections and claims name */
	const struct benefit_item *items = rec->items.items;
	*refs = arena_alloc(a, sizeof **refs * (rec->items.n + 1));
	if (*refs == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < rec->items.n; i++) {
		if (items[i].ref_statement_id <= 0)
			continue;
		rc = store_benefit_statement_get(db, a, actor->centre_id, items[i].ref_statement_id, &(*refs)[*nrefs]);
		if (rc != SC_OK)
			return rc;
		(*nrefs)++;
	}
	app_audit_read(db, actor, "benefit_statement.read", "benefit_statement", id);
	return SC_OK;
}

/* ---- the finance officer's home ---- */

int
app_benefit_home(struct db *db, struct arena *a, const struct actor *actor, const struct benefit_sources *src,
		 struct benefit_home_view *v)
{
	memset(v, 0, sizeof *v);
	if (src == NULL)
		src = &benefit_sources_store;
	int rc = store_benefit_home(db, actor->centre_id, actor->user_id, &v->counts);
	if (rc != SC_OK)
		return rc;
	int y, m;
	benefit_month_add(actor->today.y, actor->today.m, -1, &y, &m);
	benefit_month_format(y, m, v->last_month);
	struct benefit_run *runs = NULL;
	size_t n = 0;
	rc = store_benefit_runs_approved(db, a, actor->centre_id, v->last_month, v->last_month, &runs, &n);
	if (rc == SC_OK && n == 0) {
		/* open (or none) */
		int64_t total = 0;
		rc = store_benefit_runs(db, a, actor->centre_id, 5, 0, &runs, &n, &total);
		for (size_t i = 0; rc == SC_OK && i < n; i++)
			if (strcmp(runs[i].month, v->last_month) == 0 && runs[i].state != BENEFIT_RUN_DISCARDED) {
				v->has_run = true;
				v->run = runs[i];
				break;
			}
	} else if (rc == SC_OK) {
		v->has_run = true;
		v->run = runs[0];
	}
	if (rc != SC_OK)
		return rc;
	struct attendance_correction *c = NULL;
	size_t nc = 0;
	rc = src->corrections(src->ctx, db, a, actor->centre_id, &c, &nc);
	for (size_t i = 0; rc == SC_OK && i < nc; i++)
		v->corrections += !c[i].handled;
	return rc;
}

int
app_benefit_corrections(struct db *db, struct arena *a, const struct actor *actor,
			struct correction_item **items, size_t *n, int64_t *total)
{
	int rc = store_attendance_corrections_open(db, a, actor->centre_id, 500, items, n, total);
	if (rc != SC_OK)
		return rc;
	if (!access_health_group_attendees(actor->roles))
		for (size_t i = 0; i < *n; i++)
			if ((*items)[i].health_only) {
				(*items)[i].group_name = "";
				(*items)[i].mark = (struct mark){.kind = MARK_NONE, .type = ABSENCE_NONE};
				(*items)[i].doctor_note = (*items)[i].beyond = false;
			}
	app_audit_read(db, actor, "benefit_corrections.read", "centre", actor->centre_id);
	return SC_OK;
}
