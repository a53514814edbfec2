/*
 * benefit_run.c — the monthly run's records and rules; see benefit_run.h.
 */
#include "domain/benefit_run.h"

#include "domain/access.h"
#include "domain/account.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/csv.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- months ---- */

int
benefit_month_parse(const char *s, int *year, int *month)
{
	if (s == NULL || strlen(s) != 7 || s[4] != '-')
		return SC_EINVAL;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return SC_EINVAL;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || m < 1 || m > 12)
		return SC_EINVAL;
	*year = y;
	*month = m;
	return SC_OK;
}

void
benefit_month_format(int year, int month, char out[8])
{
	snprintf(out, 8, "%04d-%02d", year < 0 ? 0 : year > 9999 ? 9999 : year,
		 month < 1 ? 1 : month > 12 ? 12 : month);
}

void
benefit_month_add(int y, int m, int n, int *oy, int *om)
{
	int idx = y * 12 + (m - 1) + n;
	*oy = idx / 12;
	*om = idx % 12 + 1;
}

int
benefit_month_diff(int y1, int m1, int y2, int m2)
{
	return (y2 * 12 + m2) - (y1 * 12 + m1);
}

/* A month as a field's parser reads it. */
static const char *
parse_month(const struct field *f, const char *text, void *rec, struct arena *a)
{
	int y, m;
	if (benefit_month_parse(text, &y, &m) != SC_OK)
		return f->invalid != NULL ? f->invalid : N_("Give the month as YYYY-MM, for example 2025-09.");
	char *copy = arena_strdup(a, text);
	if (copy == NULL)
		return N_("Out of memory.");
	*FIELD_AT(rec, f, const char *) = copy;
	return NULL;
}

/* ---- runs ---- */

static const struct field_option state_options[] = {
	{"open", N_("Waiting for approval")},
	{"approved", N_("Approved")},
	{"discarded", N_("Discarded")},
};

const char *
benefit_run_state_key(int state)
{
	return state >= 0 && state < 3 ? state_options[state].key : "";
}

#define R(x) offsetof(struct benefit_run, x)
static const struct field run_fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = R(id), .label = N_("Number"), .part = -1},
	{.key = "month", .type = FT_LINE, .flags = FF_OUT, .offset = R(month), .label = N_("Month"), .part = -1},
	{.key = "state", .type = FT_ENUM, .flags = FF_OUT, .offset = R(state), .options = state_options,
	 .noptions = 3, .label = N_("State"), .part = -1},
	{.key = "run_by", .type = FT_ID, .flags = FF_OUT, .offset = R(run_by), .label = N_("Run by"), .part = -1},
	{.key = "run_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = R(run_by_name),
	 .label = N_("Run by"), .part = -1},
	{.key = "run_at", .type = FT_INT, .flags = FF_OUT, .offset = R(run_at), .label = N_("Run at"), .part = -1},
	{.key = "approved_by", .type = FT_ID, .flags = FF_OUT, .offset = R(approved_by), .label = N_("Approved by"),
	 .part = -1},
	{.key = "approved_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = R(approved_by_name),
	 .label = N_("Approved by"), .part = -1},
	{.key = "approved_at", .type = FT_INT, .flags = FF_OUT, .offset = R(approved_at), .label = N_("Approved at"),
	 .part = -1},
	{.key = "discarded_by", .type = FT_ID, .flags = FF_OUT, .offset = R(discarded_by),
	 .label = N_("Discarded by"), .part = -1},
	{.key = "discarded_at", .type = FT_INT, .flags = FF_OUT, .offset = R(discarded_at),
	 .label = N_("Discarded at"), .part = -1},
	{.key = "statements", .type = FT_INT, .flags = FF_OUT, .offset = R(statements), .label = N_("Statements"),
	 .part = -1},
	{.key = "gross_ore", .type = FT_MONEY, .flags = FF_OUT, .offset = R(gross_ore), .label = N_("Gross"),
	 .part = -1},
	{.key = "tax_ore", .type = FT_MONEY, .flags = FF_OUT, .offset = R(tax_ore), .label = N_("Tax withheld"),
	 .part = -1},
	{.key = "recovery_ore", .type = FT_MONEY, .flags = FF_OUT, .offset = R(recovery_ore),
	 .label = N_("Recovered"), .part = -1},
	{.key = "net_ore", .type = FT_MONEY, .flags = FF_OUT, .offset = R(net_ore), .label = N_("Net paid"),
	 .part = -1},
	{.key = "backpay_ore", .type = FT_MONEY, .flags = FF_OUT, .offset = R(backpay_ore), .label = N_("Back-pay"),
	 .part = -1},
	{.key = "claims_ore", .type = FT_MONEY, .flags = FF_OUT, .offset = R(claims_ore),
	 .label = N_("Overpayments claimed"), .part = -1},
	{.key = "warnings", .type = FT_INT, .flags = FF_OUT, .offset = R(warnings),
	 .label = N_("Statements with a warning"), .part = -1},
	{.key = "payable", .type = FT_INT, .flags = FF_OUT, .offset = R(payable), .label = N_("Payments"),
	 .part = -1},
	{.key = "downloaded_at", .type = FT_INT, .flags = FF_OUT, .offset = R(downloaded_at),
	 .label = N_("Payment file downloaded"), .part = -1},
	{.key = "downloads", .type = FT_INT, .flags = FF_OUT, .offset = R(downloads), .label = N_("Downloads"),
	 .part = -1},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = R(version), .label = N_("Version"),
	 .part = -1},
};
#undef R
const struct fields benefit_run_fields = FIELDS(run_fields);

static const struct field run_start_fields[] = {
	{.key = "month", .type = FT_LINE, .flags = FF_REQUIRED, .offset = offsetof(struct benefit_run_start, month),
	 .parse = parse_month, .label = N_("Month"), .hint = N_("YYYY-MM, a month that has ended."),
	 .missing = N_("Give the month to run."), .part = -1},
};
const struct fields benefit_run_start_fields = FIELDS(run_start_fields);

const char *
benefit_run_start_refusal(int year, int month, struct date today, int existing, bool later_run, bool open_other,
			  const char *last_before, char first[8])
{
	first[0] = '\0';
	if (today.y * 12 + today.m <= year * 12 + month)
		return N_("A month can be run when it has ended.");
	if (existing == BENEFIT_MONTH_APPROVED)
		return N_("This month's run is approved: a change to the month comes in the next month's run.");
	if (existing != BENEFIT_MONTH_NONE)
		return N_("This month has a run already: approve or discard it first.");
	if (later_run)
		return N_("A later month has a run: months are paid in order.");
	/* no month left unpaid between the last run and this one (a centre's
	 * first run may be any month) */
	int ly, lm;
	if (last_before != NULL && last_before[0] != '\0' && benefit_month_parse(last_before, &ly, &lm) == SC_OK &&
	    benefit_month_diff(ly, lm, year, month) > 1) {
		int fy, fm;
		benefit_month_add(ly, lm, 1, &fy, &fm);
		benefit_month_format(fy, fm, first);
		return N_("Run %s first: months are paid in order.");
	}
	if (open_other)
		return N_("Another month's run waits for approval: approve or discard it first.");
	return NULL;
}

const char *
benefit_run_approve_refusal(const struct benefit_run *run, int64_t actor_id)
{
	if (run->state != BENEFIT_RUN_OPEN)
		return N_("Only a run waiting for approval can be approved.");
	if (run->run_by == actor_id)
		return N_("Another finance officer must approve the run: you started it.");
	return NULL;
}

const char *
benefit_run_discard_refusal(const struct benefit_run *run)
{
	if (run->state != BENEFIT_RUN_OPEN)
		return N_("Only a run waiting for approval can be discarded.");
	return NULL;
}

/* ---- the stored statement ---- */

static const struct field_option item_codes[] = {
	{"other_income", N_("Other income")},
	{"correction", N_("Correction")},
	{"claim", N_("Overpayment claim")},
};

#define I(x) offsetof(struct benefit_item, x)
static const struct field item_fields[] = {
	{.key = "statement_id", .type = FT_ID, .flags = FF_HIDDEN, .offset = I(statement_id), .label = N_("Statement"),
	 .part = -1},
	{.key = "ord", .type = FT_INT, .flags = FF_HIDDEN, .offset = I(ord), .label = N_("Order"), .part = -1},
	{.key = "code", .type = FT_ENUM, .flags = FF_OUT, .offset = I(code), .options = item_codes, .noptions = 3,
	 .label = N_("Line"), .part = -1},
	{.key = "kind", .type = FT_LINE, .flags = FF_OUT, .offset = I(kind), .label = N_("Kind"), .part = -1},
	{.key = "ref_month", .type = FT_LINE, .flags = FF_OUT, .offset = I(ref_month), .label = N_("Month"),
	 .part = -1},
	{.key = "ref_statement_id", .type = FT_ID, .flags = FF_OUT, .offset = I(ref_statement_id),
	 .label = N_("Recomputed statement"), .part = -1},
	{.key = "causes", .type = FT_LINE, .flags = FF_OUT, .offset = I(causes), .label = N_("Cause"), .part = -1},
	{.key = "amount_ore", .type = FT_MONEY, .flags = FF_OUT, .offset = I(amount_ore), .label = N_("Amount"),
	 .part = -1},
	{.key = "income_ore", .type = FT_MONEY, .flags = FF_OUT, .offset = I(income_ore),
	 .label = N_("Amount reported"), .part = -1},
};
#undef I
const struct fields benefit_item_fields = FIELDS(item_fields);

static const struct field_option record_kinds[] = {
	{"month", N_("Month")},
	{"recomputed", N_("Recomputed month")},
};
const struct field_option benefit_scheme_options[2] = {
	{"bergen", N_("Bergen: Second chance")},
	{"kvp", N_("Qualification programme (kvalifiseringsprogrammet)")},
};
static const struct field_option tax_options[] = {
	{"none", N_("No tax information")},
	{"percent", N_("Percentage")},
	{"table", N_("Tax table")},
};

#define S(x) offsetof(struct benefit_record, x)
#define OUT_INT(k, l) {.key = #k, .type = FT_INT, .flags = FF_OUT, .offset = S(k), .label = l, .part = -1}
#define OUT_MONEY(k, l) {.key = #k, .type = FT_MONEY, .flags = FF_OUT, .offset = S(k), .label = l, .part = -1}
static const struct field record_fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = S(id), .label = N_("Number"), .part = -1},
	{.key = "run_id", .type = FT_ID, .flags = FF_OUT, .offset = S(run_id), .label = N_("Run"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT, .offset = S(participant_id),
	 .label = N_("Participant"), .part = -1},
	{.key = "participant_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = S(participant_name),
	 .label = N_("Participant"), .part = -1},
	{.key = "enrolment_id", .type = FT_ID, .flags = FF_OUT, .offset = S(enrolment_id),
	 .label = N_("Programme period"), .part = -1},
	{.key = "kind", .type = FT_ENUM, .flags = FF_OUT, .offset = S(kind), .options = record_kinds, .noptions = 2,
	 .label = N_("Kind"), .part = -1},
	{.key = "month", .type = FT_LINE, .flags = FF_OUT, .offset = S(month), .label = N_("Month"), .part = -1},
	{.key = "corrects_id", .type = FT_ID, .flags = FF_OUT, .offset = S(corrects_id),
	 .label = N_("Corrects statement"), .part = -1},
	{.key = "scheme", .type = FT_ENUM, .flags = FF_OUT, .offset = S(scheme), .options = benefit_scheme_options,
	 .noptions = 2, .label = N_("Scheme"), .part = -1},
	{.key = "birth_date", .type = FT_DATE, .flags = FF_OUT, .offset = S(birth_date), .label = N_("Birth date"),
	 .part = -1},
	{.key = "period_start", .type = FT_DATE, .flags = FF_OUT, .offset = S(period_start),
	 .label = N_("Programme start"), .part = -1},
	{.key = "period_end", .type = FT_DATE, .flags = FF_OUT, .offset = S(period_end),
	 .label = N_("Programme end"), .part = -1},
	{.key = "pauses", .type = FT_LINE, .flags = FF_OUT | FF_BLANK, .offset = S(pauses), .label = N_("Pauses"),
	 .part = -1},
	{.key = "children", .type = FT_LINE, .flags = FF_OUT | FF_BLANK, .offset = S(children),
	 .label = N_("Children's birth dates"), .part = -1},
	OUT_INT(unexcused_minutes, N_("Unexcused absence (minutes)")),
	{.key = "has_work", .type = FT_BOOL, .flags = FF_OUT, .offset = S(has_work), .label = N_("Work income"),
	 .part = -1},
	OUT_MONEY(work_gross_ore, N_("Gross salary")),
	OUT_INT(work_hours_centi, N_("Hours worked (hundredths)")),
	{.key = "tax_kind", .type = FT_ENUM, .flags = FF_OUT, .offset = S(tax_kind), .options = tax_options,
	 .noptions = 3, .label = N_("Tax information"), .part = -1},
	OUT_INT(tax_percent, N_("Tax percentage")),
	{.key = "tax_table", .type = FT_LINE, .flags = FF_OUT | FF_BLANK, .offset = S(tax_table),
	 .label = N_("Tax table"), .part = -1},
	OUT_MONEY(month_amount_ore, N_("Month amount")),
	OUT_MONEY(g_ore, N_("G (basic amount)")),
	OUT_MONEY(child_rate_ore, N_("Child rate per weekday")),
	OUT_INT(recovery_percent, N_("Recovery share (percent)")),
	{.key = "reducing", .type = FT_LINE, .flags = FF_OUT | FF_BLANK, .offset = S(reducing),
	 .label = N_("Kinds of income that reduce the benefit"), .part = -1},
	{.key = "recorded", .type = FT_LINE, .flags = FF_OUT | FF_BLANK, .offset = S(recorded),
	 .label = N_("Kinds of income recorded only"), .part = -1},
	OUT_MONEY(outstanding_ore, N_("Outstanding before")),
	OUT_INT(days, N_("Programme days")),
	OUT_INT(weekdays, N_("Weekdays")),
	OUT_INT(days_mask, N_("Programme days (mask)")),
	OUT_INT(child_days, N_("Weekdays × children")),
	OUT_MONEY(day_rate_ore, N_("Day rate")),
	OUT_MONEY(hour_rate_ore, N_("Hour rate")),
	OUT_MONEY(base_ore, N_("Base")),
	OUT_MONEY(child_ore, N_("Child supplement")),
	OUT_MONEY(absence_ore, N_("Absence")),
	OUT_MONEY(work_ore, N_("Work income")),
	OUT_MONEY(other_ore, N_("Other income")),
	OUT_MONEY(limited_ore, N_("Limited to zero")),
	OUT_MONEY(backpay_ore, N_("Back-pay")),
	OUT_MONEY(gross_ore, N_("Gross")),
	OUT_MONEY(tax_ore, N_("Tax withheld")),
	OUT_MONEY(claims_ore, N_("Overpayments claimed")),
	OUT_MONEY(recovery_ore, N_("Recovered")),
	OUT_MONEY(net_ore, N_("Net paid")),
	OUT_MONEY(outstanding_after_ore, N_("Outstanding after")),
	OUT_INT(warnings, N_("Warnings")),
	OUT_MONEY(change_ore, N_("Change from last month")),
	{.key = "bank_account", .type = FT_LINE, .flags = FF_OUT | FF_BLANK, .offset = S(bank_account),
	 .label = N_("Bank account"), .part = PART_PAYMENT},
	OUT_INT(created_at, N_("Made")),
	{.key = "items", .type = FT_LIST, .flags = FF_OUT, .offset = S(items), .label = N_("Lines"),
	 .item = item_fields, .nitem = sizeof item_fields / sizeof item_fields[0],
	 .item_size = sizeof(struct benefit_item), .part = -1},
};
#undef S
#undef OUT_INT
#undef OUT_MONEY
const struct fields benefit_record_fields = FIELDS(record_fields);

char *
benefit_pauses_text(const struct benefit_span *p, size_t n, struct arena *a)
{
	char *out = arena_alloc(a, n * 22 + 1);
	if (out == NULL)
		return NULL;
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			out[len++] = ',';
		date_format(p[i].from, out + len);
		len += 10;
		out[len++] = '/';
		date_format(p[i].to, out + len);
		len += 10;
	}
	out[len] = '\0';
	return out;
}

char *
benefit_children_text(const struct date *c, size_t n, struct arena *a)
{
	char *out = arena_alloc(a, n * 11 + 1);
	if (out == NULL)
		return NULL;
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			out[len++] = ',';
		date_format(c[i], out + len);
		len += 10;
	}
	out[len] = '\0';
	return out;
}

/* The date of the 10 characters at s. */
static bool
date_at(const char *s, struct date *out)
{
	char d[11];
	if (strlen(s) < 10)
		return false;
	memcpy(d, s, 10);
	d[10] = '\0';
	return date_parse(d, out) == SC_OK;
}

bool
benefit_pauses_parse(const char *s, struct benefit_span *p, size_t max, size_t *n)
{
	*n = 0;
	if (s == NULL || *s == '\0')
		return true;
	for (;;) {
		if (*n >= max || !date_at(s, &p[*n].from) || s[10] != '/' || !date_at(s + 11, &p[*n].to))
			return false;
		(*n)++;
		s += 21;
		if (*s == '\0')
			return true;
		if (*s++ != ',')
			return false;
	}
}

bool
benefit_children_parse(const char *s, struct date *c, size_t max, size_t *n)
{
	*n = 0;
	if (s == NULL || *s == '\0')
		return true;
	for (;;) {
		if (*n >= max || !date_at(s, &c[*n]))
			return false;
		(*n)++;
		s += 10;
		if (*s == '\0')
			return true;
		if (*s++ != ',')
			return false;
	}
}

char *
benefit_kinds_text(const char *const *kinds, struct arena *a)
{
	size_t len = 1;
	for (size_t i = 0; kinds != NULL && kinds[i] != NULL; i++)
		len += strlen(kinds[i]) + 1;
	char *out = arena_alloc(a, len);
	if (out == NULL)
		return NULL;
	out[0] = '\0';
	size_t w = 0;
	for (size_t i = 0; kinds != NULL && kinds[i] != NULL; i++) {
		size_t k = strlen(kinds[i]);
		if (w > 0)
			out[w++] = ',';
		memcpy(out + w, kinds[i], k);
		w += k;
		out[w] = '\0';
	}
	return out;
}

const char **
benefit_kinds_parse(const char *s, struct arena *a)
{
	size_t n = 1;
	for (const char *p = s; p != NULL && *p; p++)
		n += *p == ',';
	const char **out = arena_alloc(a, sizeof *out * (n + 1));
	if (out == NULL)
		return NULL;
	size_t k = 0;
	for (const char *p = s; p != NULL && *p;) {
		size_t len = strcspn(p, ",");
		if (len > 0) {
			char *one = arena_strndup(a, p, len);
			if (one == NULL)
				return NULL;
			out[k++] = one;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	out[k] = NULL;
	return out;
}

int
benefit_record_fill(struct benefit_record *rec, const struct benefit_params *p, const struct benefit_input *in,
		    const struct benefit_statement *st, struct arena *a)
{
	char month[8];
	benefit_month_format(in->year, in->month, month);
	rec->month = arena_strdup(a, month);
	rec->scheme = (int)p->kind;
	rec->birth_date = in->birth;
	rec->period_start = in->start;
	rec->period_end = in->has_end ? in->end : (struct date){0, 0, 0};
	rec->pauses = benefit_pauses_text(in->pauses, in->npauses, a);
	rec->children = benefit_children_text(in->children, in->nchildren, a);
	rec->unexcused_minutes = in->unexcused_minutes;
	rec->has_work = in->has_work ? 1 : 0;
	rec->work_gross_ore = in->has_work ? in->work_gross_ore : 0;
	rec->work_hours_centi = in->has_work ? in->work_hours_centi : 0;
	rec->tax_kind = (int)in->tax;
	rec->tax_percent = in->tax == BENEFIT_TAX_PERCENT ? in->tax_percent : FIELD_NONE;
	rec->tax_table = arena_strdup(a, in->tax == BENEFIT_TAX_TABLE ? in->tax_table : "");
	rec->month_amount_ore = st->month_amount_ore;
	rec->g_ore = p->g_ore;
	rec->child_rate_ore = p->child_rate_ore;
	rec->recovery_percent = p->recovery_percent;
	rec->reducing = benefit_kinds_text(p->reducing, a);
	rec->recorded = benefit_kinds_text(p->recorded, a);
	/* the caller that claims overpayments in this statement splits these */
	rec->outstanding_ore = in->outstanding_ore;
	rec->claims_ore = 0;
	rec->outstanding_after_ore = in->outstanding_ore - st->recovery_ore;
	rec->days = st->days;
	rec->weekdays = st->weekdays;
	rec->days_mask = st->days_mask;
	rec->child_days = st->child_days;
	rec->day_rate_ore = st->day_rate_ore;
	rec->hour_rate_ore = st->hour_rate_ore;
	rec->base_ore = st->base_ore;
	rec->child_ore = st->child_ore;
	rec->absence_ore = st->absence_ore;
	rec->work_ore = st->work_ore;
	rec->other_ore = st->other_ore;
	rec->limited_ore = st->limited_ore;
	rec->backpay_ore = st->backpay_ore;
	rec->gross_ore = st->gross_ore;
	rec->tax_ore = st->tax_ore;
	rec->recovery_ore = st->recovery_ore;
	rec->net_ore = st->net_ore;
	rec->warnings = st->warnings;
	if (rec->month == NULL || rec->pauses == NULL || rec->children == NULL || rec->tax_table == NULL ||
	    rec->reducing == NULL || rec->recorded == NULL)
		return SC_ENOMEM;
	return SC_OK;
}

bool
benefit_record_input(const struct benefit_record *rec, struct benefit_params *p, struct benefit_input *in,
		     struct arena *a)
{
	memset(p, 0, sizeof *p);
	memset(in, 0, sizeof *in);
	if (rec->month == NULL || benefit_month_parse(rec->month, &in->year, &in->month) != SC_OK)
		return false;
	p->kind = rec->scheme == BENEFIT_KVP ? BENEFIT_KVP : BENEFIT_BERGEN;
	p->month_amount_ore = p->kind == BENEFIT_BERGEN ? rec->month_amount_ore : 0;
	p->g_ore = rec->g_ore;
	p->child_rate_ore = rec->child_rate_ore;
	p->recovery_percent = (int)rec->recovery_percent;
	p->reducing = benefit_kinds_parse(rec->reducing, a);
	p->recorded = benefit_kinds_parse(rec->recorded, a);
	if (p->reducing == NULL || p->recorded == NULL)
		return false;
	in->birth = rec->birth_date;
	in->start = rec->period_start;
	in->has_end = rec->period_end.y != 0;
	in->end = rec->period_end;
	if (!benefit_pauses_parse(rec->pauses, in->pauses, BENEFIT_MAX_PAUSES, &in->npauses) ||
	    !benefit_children_parse(rec->children, in->children, BENEFIT_MAX_CHILDREN, &in->nchildren))
		return false;
	in->unexcused_minutes = rec->unexcused_minutes;
	in->has_work = rec->has_work == 1;
	in->work_gross_ore = rec->work_gross_ore;
	in->work_hours_centi = rec->work_hours_centi;
	in->tax = rec->tax_kind == BENEFIT_TAX_PERCENT ? BENEFIT_TAX_PERCENT
		: rec->tax_kind == BENEFIT_TAX_TABLE ? BENEFIT_TAX_TABLE : BENEFIT_TAX_NONE;
	in->tax_percent = in->tax == BENEFIT_TAX_PERCENT ? (int)rec->tax_percent : 0;
	snprintf(in->tax_table, sizeof in->tax_table, "%s", rec->tax_table != NULL ? rec->tax_table : "");
	in->outstanding_ore = rec->outstanding_ore + rec->claims_ore;
	const struct benefit_item *items = rec->items.items;
	for (size_t i = 0; i < rec->items.n; i++) {
		const struct benefit_item *it = &items[i];
		if (it->code == BENEFIT_ITEM_OTHER_INCOME && in->nincome < BENEFIT_MAX_INCOME) {
			in->income[in->nincome].kind = it->kind;
			in->income[in->nincome].amount_ore = it->income_ore;
			in->nincome++;
		} else if (it->code == BENEFIT_ITEM_CORRECTION && in->nbackpay < BENEFIT_MAX_CORRECTIONS) {
			struct benefit_backpay *b = &in->backpay[in->nbackpay];
			if (benefit_month_parse(it->ref_month, &b->year, &b->month) != SC_OK)
				return false;
			b->causes = benefit_causes_parse(it->causes);
			b->amount_ore = it->amount_ore;
			in->nbackpay++;
		}
	}
	return true;
}

static struct benefit_line *
line(struct benefit_statement *s, const char *code, int64_t amount)
{
	struct benefit_line *l = &s->lines[s->nlines++];
	memset(l, 0, sizeof *l);
	l->code = code;
	l->amount_ore = amount;
	l->quantity_scale = 1;
	return l;
}

static void
qty(struct benefit_line *l, int64_t q, int scale)
{
	l->has_quantity = true;
	l->quantity = q;
	l->quantity_scale = scale;
}

void
benefit_record_lines(const struct benefit_record *rec, struct benefit_statement *out)
{
	memset(out, 0, sizeof *out);
	qty(line(out, "base", rec->base_ore), rec->days, 1);
	qty(line(out, "child_supplement", rec->child_ore), rec->child_days, 1);
	qty(line(out, "absence", -rec->absence_ore), rec->unexcused_minutes, 1);
	struct benefit_line *w = line(out, "work_income", -rec->work_ore);
	if (rec->scheme == BENEFIT_KVP && rec->has_work == 1)
		qty(w, rec->work_hours_centi, 100);
	const struct benefit_item *items = rec->items.items;
	for (size_t i = 0; i < rec->items.n && out->nlines < BENEFIT_MAX_LINES; i++) {
		if (items[i].code != BENEFIT_ITEM_OTHER_INCOME)
			continue;
		struct benefit_line *l = line(out, "other_income", -items[i].amount_ore);
		l->kind = items[i].kind;
		if (items[i].amount_ore == 0)
			l->reason = N_("Recorded, not deducted");
	}
	if (rec->limited_ore > 0) {
		struct benefit_line *l = line(out, "limited_to_zero", rec->limited_ore);
		l->reason = N_("A month never gives a negative payment or a debt");
	}
	for (size_t i = 0; i < rec->items.n && out->nlines < BENEFIT_MAX_LINES; i++) {
		if (items[i].code != BENEFIT_ITEM_CORRECTION)
			continue;
		struct benefit_line *l = line(out, "correction", items[i].amount_ore);
		if (benefit_month_parse(items[i].ref_month, &l->ref_year, &l->ref_month) != SC_OK)
			l->ref_year = l->ref_month = 0;
		l->causes = benefit_causes_parse(items[i].causes);
		l->reason = N_("Back-pay for an earlier month");
	}
	out->gross_ore = rec->gross_ore;
	out->tax_ore = rec->tax_ore;
	out->recovery_ore = rec->recovery_ore;
	out->net_ore = rec->net_ore;
	out->warnings = (unsigned)rec->warnings;
	out->base_ore = rec->base_ore;
	out->child_ore = rec->child_ore;
	out->absence_ore = rec->absence_ore;
	out->work_ore = rec->work_ore;
	out->other_ore = rec->other_ore;
	out->limited_ore = rec->limited_ore;
	out->backpay_ore = rec->backpay_ore;
	out->days = (int)rec->days;
	out->weekdays = (int)rec->weekdays;
	out->days_mask = (uint32_t)rec->days_mask;
	out->child_days = rec->child_days;
	out->month_amount_ore = rec->month_amount_ore;
	out->day_rate_ore = rec->day_rate_ore;
	out->hour_rate_ore = rec->hour_rate_ore;
}

size_t
benefit_record_claims(const struct benefit_record *rec, const struct benefit_item **out, size_t max)
{
	size_t n = 0;
	const struct benefit_item *items = rec->items.items;
	for (size_t i = 0; i < rec->items.n && n < max; i++)
		if (items[i].code == BENEFIT_ITEM_CLAIM)
			out[n++] = &items[i];
	return n;
}

/* ---- other income ---- */

static const struct {
	const char *kind, *label;
} income_kinds[] = {
	{"dagpenger", N_("Unemployment benefit (dagpenger)")},
	{"sykepenger", N_("Sickness benefit (sykepenger)")},
	{"foreldrepenger", N_("Parental benefit (foreldrepenger)")},
	{"aap", N_("Work assessment allowance (AAP)")},
	{"laerlingelonn", N_("Apprentice pay (lærlingelønn)")},
	{"bostotte", N_("Housing allowance (bostøtte)")},
	{"barnetrygd", N_("Child benefit (barnetrygd)")},
	{"kontantstotte", N_("Cash-for-care benefit (kontantstøtte)")},
	{"barnebidrag", N_("Child maintenance (barnebidrag)")},
};

size_t
benefit_income_kinds(const char **keys, const char **labels, size_t max)
{
	size_t n = 0;
	for (; n < max && n < sizeof income_kinds / sizeof income_kinds[0]; n++) {
		keys[n] = income_kinds[n].kind;
		labels[n] = income_kinds[n].label;
	}
	return n;
}

const char *
benefit_income_kind_label(const char *kind)
{
	for (size_t i = 0; kind != NULL && i < sizeof income_kinds / sizeof income_kinds[0]; i++)
		if (strcmp(kind, income_kinds[i].kind) == 0)
			return income_kinds[i].label;
	return NULL;
}

/* A code: lower-case letters, digits, '_', 2..32 characters. */
static bool
is_code(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;
	if (n < 2 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static const char *
parse_code(const struct field *f, const char *text, void *rec, struct arena *a)
{
	if (!is_code(text))
		return f->invalid;
	char *copy = arena_strdup(a, text);
	if (copy == NULL)
		return N_("Out of memory.");
	*FIELD_AT(rec, f, const char *) = copy;
	return NULL;
}

#define N(x) offsetof(struct benefit_income_report, x)
static const struct field income_fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = N(id), .label = N_("Number"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT, .offset = N(participant_id),
	 .label = N_("Participant"), .part = -1},
	{.key = "kind", .type = FT_LINE, .flags = FF_REQUIRED, .offset = N(kind), .parse = parse_code,
	 .label = N_("Kind of income"), .missing = N_("Choose the kind of income."),
	 .invalid = N_("Choose one of the kinds in the list."), .part = PART_BENEFIT},
	{.key = "month_from", .type = FT_LINE, .flags = FF_REQUIRED, .offset = N(month_from), .parse = parse_month,
	 .label = N_("From month"), .hint = N_("YYYY-MM"), .missing = N_("Give the first month of the income."),
	 .part = PART_BENEFIT},
	{.key = "month_to", .type = FT_LINE, .offset = N(month_to), .parse = parse_month, .label = N_("To month"),
	 .hint = N_("YYYY-MM; empty for one month."), .part = PART_BENEFIT},
	{.key = "amount_ore", .type = FT_MONEY, .flags = FF_REQUIRED, .offset = N(amount_ore), .min = 1,
	 .max = 100000000000, .label = N_("Amount each month (kr)"), .hint = N_("For example 4500,00."),
	 .missing = N_("Give the amount each month."),
	 .invalid = N_("Give an amount from 0,01 to 1 000 000 000 kroner."), .part = PART_BENEFIT},
	{.key = "note", .type = FT_TEXT, .offset = N(note), .max = 500, .label = N_("Note"),
	 .too_long = N_("Write the note in at most 500 characters."), .part = PART_BENEFIT},
	{.key = "reported_at", .type = FT_INT, .flags = FF_OUT, .offset = N(reported_at), .label = N_("Reported"),
	 .part = PART_BENEFIT},
	{.key = "reported_by", .type = FT_ID, .flags = FF_HIDDEN, .offset = N(reported_by), .label = N_("Reported by"),
	 .part = PART_BENEFIT},
	{.key = "reported_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = N(reported_by_name),
	 .label = N_("Reported by"), .part = PART_BENEFIT},
	{.key = "withdrawn_at", .type = FT_INT, .flags = FF_OUT, .offset = N(withdrawn_at), .label = N_("Withdrawn"),
	 .part = PART_BENEFIT},
	{.key = "withdrawn_by", .type = FT_ID, .flags = FF_HIDDEN, .offset = N(withdrawn_by),
	 .label = N_("Withdrawn by"), .part = PART_BENEFIT},
	{.key = "withdrawn_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = N(withdrawn_by_name),
	 .label = N_("Withdrawn by"), .part = PART_BENEFIT},
};
#undef N
const struct fields benefit_income_report_fields = FIELDS(income_fields);

bool
benefit_income_report_check(struct benefit_income_report *in, const char *const *reducing, const char *const *recorded,
		     struct date today, struct field_errors *e)
{
	int before = e->n;
	if (in->kind != NULL && in->kind[0] != '\0' && !benefit_kind_in(in->kind, reducing) &&
	    !benefit_kind_in(in->kind, recorded))
		field_error_add(e, "kind", N_("Choose one of the kinds in the list."));
	int fy, fm, ty, tm;
	if (in->month_from != NULL && benefit_month_parse(in->month_from, &fy, &fm) == SC_OK) {
		if (in->month_to == NULL || in->month_to[0] == '\0') {
			in->month_to = in->month_from;
		} else if (benefit_month_parse(in->month_to, &ty, &tm) == SC_OK) {
			int span = benefit_month_diff(fy, fm, ty, tm);
			if (span < 0)
				field_error_add(e, "month_to", N_("The last month is before the first."));
			else if (span >= BENEFIT_INCOME_MAX_MONTHS)
				field_error_add(e, "month_to", N_("One report covers at most 24 months."));
		}
		if (benefit_month_diff(today.y, today.m, fy, fm) > 12)
			field_error_add(e, "month_from", N_("The first month is more than a year ahead."));
	}
	return e->n == before;
}

bool
benefit_income_month_full(const struct benefit_income_report *r, size_t n, const char *from, const char *to,
			  char month[8])
{
	int y, m, ty, tm;
	month[0] = '\0';
	if (benefit_month_parse(from, &y, &m) != SC_OK || benefit_month_parse(to, &ty, &tm) != SC_OK)
		return false;
	for (int k = 0; k < BENEFIT_INCOME_MAX_MONTHS && benefit_month_diff(y, m, ty, tm) >= 0; k++) {
		char mt[8];
		benefit_month_format(y, m, mt);
		size_t held = 0;
		for (size_t i = 0; i < n; i++)
			held += r[i].month_from != NULL && r[i].month_to != NULL && strcmp(r[i].month_from, mt) <= 0 &&
				strcmp(r[i].month_to, mt) >= 0;
		if (held >= BENEFIT_MAX_INCOME) {
			memcpy(month, mt, 8);
			return true;
		}
		benefit_month_add(y, m, 1, &y, &m);
	}
	return false;
}

/* ---- a centre's settings ---- */

static const char *
parse_account(const struct field *f, const char *text, void *rec, struct arena *a)
{
	char digits[12];
	const char *why = NULL;
	if (account_validate(text, digits, &why) != SC_OK)
		return why != NULL ? why : f->invalid;
	char *copy = arena_strdup(a, digits);
	if (copy == NULL)
		return N_("Out of memory.");
	*FIELD_AT(rec, f, const char *) = copy;
	return NULL;
}

#define G(x) offsetof(struct benefit_settings, x)
static const struct field settings_fields[] = {
	{.key = "default_scheme", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = G(default_scheme),
	 .options = benefit_scheme_options, .noptions = 2, .label = N_("Default scheme of a programme period"),
	 .missing = N_("Choose the default scheme."), .part = -1},
	{.key = "debtor_name", .type = FT_LINE, .flags = FF_BLANK, .offset = G(debtor_name), .max = 70,
	 .label = N_("Payer's name in the payment file"), .too_long = N_("Write at most 70 characters."),
	 .part = -1},
	{.key = "debtor_account", .type = FT_LINE, .flags = FF_BLANK, .offset = G(debtor_account),
	 .parse = parse_account, .label = N_("Account payments are made from"),
	 .hint = N_("11 digits, for example 1234.56.78903."), .part = -1},
	{.key = "execution_day", .type = FT_INT, .flags = FF_REQUIRED, .offset = G(execution_day), .min = 1, .max = 28,
	 .label = N_("Day of the month payments are made"),
	 .hint = N_("1 to 28, in the month after the month paid for."),
	 .missing = N_("Give the day of the month."), .invalid = N_("Give a day from 1 to 28."), .part = -1},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = G(version), .label = N_("Version"), .part = -1},
};
#undef G
const struct fields benefit_settings_fields = FIELDS(settings_fields);

void
benefit_settings_default(struct benefit_settings *s)
{
	s->default_scheme = BENEFIT_BERGEN;
	s->debtor_name = "";
	s->debtor_account = "";
	s->execution_day = 20;
	s->version = 0;
}

const char *
benefit_scheme_key(int kind)
{
	return kind == BENEFIT_KVP ? "kvp" : kind == BENEFIT_BERGEN ? "bergen" : "";
}

int
benefit_scheme_parse(const char *key, int *kind)
{
	if (key != NULL && strcmp(key, "bergen") == 0)
		*kind = BENEFIT_BERGEN;
	else if (key != NULL && strcmp(key, "kvp") == 0)
		*kind = BENEFIT_KVP;
	else
		return SC_EINVAL;
	return SC_OK;
}

/* ---- new versions of the rules ---- */

static const struct field_option param_options[] = {
	{"month_amount_ore", N_("Amount per adult per month")},
	{"child_rate_ore", N_("Child supplement per child per weekday")},
	{"recovery_percent", N_("Share of a payment recovered (percent)")},
};

const char *
benefit_param_key(int name)
{
	return name >= 0 && name < 3 ? param_options[name].key : "";
}

#define P(x) offsetof(struct benefit_param_input, x)
static const struct field param_fields[] = {
	{.key = "name", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = P(name), .options = param_options,
	 .noptions = 3, .label = N_("Parameter"), .missing = N_("Choose the parameter."), .part = -1},
	{.key = "amount_ore", .type = FT_MONEY, .offset = P(amount_ore), .min = 1, .max = 100000000000,
	 .label = N_("Amount (kr)"), .hint = N_("For the two amounts."),
	 .invalid = N_("Give an amount from 0,01 to 1 000 000 000 kroner."), .part = -1},
	{.key = "percent", .type = FT_INT, .offset = P(percent), .min = 0, .max = 100, .label = N_("Percent"),
	 .hint = N_("For the share recovered."), .invalid = N_("Give a whole percentage from 0 to 100."),
	 .part = -1},
	{.key = "valid_from", .type = FT_DATE, .flags = FF_REQUIRED, .offset = P(valid_from),
	 .label = N_("Applies from"), .missing = N_("Give the date it applies from."), .part = -1},
	{.key = "created_at", .type = FT_INT, .flags = FF_OUT, .offset = P(created_at), .label = N_("Recorded"),
	 .part = -1},
	{.key = "created_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = P(created_by_name),
	 .label = N_("Recorded by"), .part = -1},
	{.key = "replaced", .type = FT_BOOL, .flags = FF_OUT | FF_COMPUTED, .offset = P(replaced),
	 .label = N_("Replaced by a later version from the same date"), .part = -1},
};
#undef P
const struct fields benefit_param_fields = FIELDS(param_fields);

bool
benefit_param_check(const struct benefit_param_input *in, int scheme_kind, struct field_errors *e)
{
	int before = e->n;
	if (in->name == BENEFIT_PARAM_RECOVERY) {
		if (in->percent == FIELD_NONE && field_error_of(e, "percent") == NULL)
			field_error_add(e, "percent", N_("Give the share recovered, in percent."));
	} else if (in->name == BENEFIT_PARAM_MONTH_AMOUNT || in->name == BENEFIT_PARAM_CHILD_RATE) {
		if (in->amount_ore == FIELD_NONE && field_error_of(e, "amount_ore") == NULL)
			field_error_add(e, "amount_ore", N_("Give the amount."));
		if (in->name == BENEFIT_PARAM_MONTH_AMOUNT && scheme_kind == BENEFIT_KVP)
			field_error_add(e, "name", N_("This scheme's month amount follows G: enter a new G instead."));
	}
	return e->n == before;
}

int64_t
benefit_param_value(const struct benefit_param_input *in)
{
	return in->name == BENEFIT_PARAM_RECOVERY ? in->percent : in->amount_ore;
}

#define Q(x) offsetof(struct benefit_g_input, x)
static const struct field g_fields[] = {
	{.key = "valid_from", .type = FT_DATE, .flags = FF_REQUIRED, .offset = Q(valid_from),
	 .label = N_("Applies from"), .hint = N_("Usually 1 May."), .missing = N_("Give the date it applies from."),
	 .part = -1},
	{.key = "g_kr", .type = FT_INT, .flags = FF_REQUIRED, .offset = Q(g_kr), .min = BENEFIT_G_MIN_KR,
	 .max = BENEFIT_G_MAX_KR, .label = N_("G in whole kroner"), .missing = N_("Give G in whole kroner."),
	 .invalid = N_("Give G as whole kroner from 50 000 to 1 000 000, for example 130160."), .part = -1},
	{.key = "created_at", .type = FT_INT, .flags = FF_OUT, .offset = Q(created_at), .label = N_("Recorded"),
	 .part = -1},
	{.key = "created_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = Q(created_by_name),
	 .label = N_("Recorded by"), .part = -1},
	{.key = "replaced", .type = FT_BOOL, .flags = FF_OUT | FF_COMPUTED, .offset = Q(replaced),
	 .label = N_("Replaced by a later version from the same date"), .part = -1},
};
#undef Q
const struct fields benefit_g_fields = FIELDS(g_fields);

bool
benefit_g_check(const struct benefit_g_input *in, struct field_errors *e)
{
	int before = e->n;
	if (in->g_kr != FIELD_NONE && (in->g_kr < BENEFIT_G_MIN_KR || in->g_kr > BENEFIT_G_MAX_KR) &&
	    field_error_of(e, "g_kr") == NULL)
		field_error_add(e, "g_kr", fields_find(benefit_g_fields, "g_kr")->invalid);
	if (in->valid_from.y != 0 && in->valid_from.y < BENEFIT_G_FIRST_YEAR &&
	    field_error_of(e, "valid_from") == NULL)
		field_error_add(e, "valid_from", N_("G exists from 1967: give a date in 1967 or later."));
	return e->n == before;
}

static const struct field kind_item[] = {
	{.key = "kind", .type = FT_LINE, .flags = FF_REQUIRED, .offset = 0, .parse = parse_code,
	 .label = N_("Kind"), .invalid = N_("A kind is a code of small letters, digits and _ (2 to 32)."),
	 .part = -1},
};

#define K(x) offsetof(struct benefit_kinds_input, x)
static const struct field kinds_fields[] = {
	{.key = "valid_from", .type = FT_DATE, .flags = FF_REQUIRED, .offset = K(valid_from),
	 .label = N_("Applies from"), .missing = N_("Give the date it applies from."), .part = -1},
	{.key = "reducing", .type = FT_LIST, .offset = K(reducing), .max = 32, .item = kind_item, .nitem = 1,
	 .item_size = sizeof(const char *), .label = N_("Kinds that reduce the benefit krone for krone"),
	 .hint = N_("One code a line, for example sykepenger."), .part = -1},
	{.key = "recorded", .type = FT_LIST, .offset = K(recorded), .max = 32, .item = kind_item, .nitem = 1,
	 .item_size = sizeof(const char *), .label = N_("Kinds recorded but not deducted"),
	 .hint = N_("One code a line, for example barnetrygd."), .part = -1},
};
#undef K
const struct fields benefit_kinds_fields = FIELDS(kinds_fields);

bool
benefit_kinds_check(const struct benefit_kinds_input *in, struct field_errors *e)
{
	int before = e->n;
	const char *const *r = in->reducing.items, *const *c = in->recorded.items;
	if (in->reducing.n + in->recorded.n == 0 && field_error_of(e, "reducing") == NULL)
		field_error_add(e, "reducing", N_("Give at least one kind."));
	for (size_t i = 0; i < in->reducing.n; i++) {
		for (size_t k = 0; k < in->recorded.n; k++)
			if (strcmp(r[i], c[k]) == 0)
				field_error_add(e, "recorded", N_("A kind cannot both reduce the benefit and not."));
		for (size_t k = 0; k < i; k++)
			if (strcmp(r[i], r[k]) == 0)
				field_error_add(e, "reducing", N_("A kind is listed twice."));
	}
	for (size_t i = 0; i < in->recorded.n; i++)
		for (size_t k = 0; k < i; k++)
			if (strcmp(c[i], c[k]) == 0)
				field_error_add(e, "recorded", N_("A kind is listed twice."));
	return e->n == before;
}

/* ---- tax tables ---- */

/* A tax table number: four digits. */
static bool
is_table(const char *s)
{
	bool ok = s != NULL && strlen(s) == 4;
	for (size_t i = 0; ok && i < 4; i++)
		ok = s[i] >= '0' && s[i] <= '9';
	return ok;
}

static bool
whole_kr(const char *s, int64_t *out)
{
	if (s == NULL || *s == '\0' || strlen(s) > 12)
		return false;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return true;
}

/* Keeps line as the line of row i (the arena's array grows by doubling). */
static int
lines_of(struct arena *a, long **lines, size_t i, long line)
{
	if ((i & (i - 1)) == 0) {   /* 0, 1, 2, 4, ...: full */
		long *bigger = arena_alloc(a, sizeof *bigger * (i ? i * 2 : 1));
		if (bigger == NULL)
			return SC_ENOMEM;
		if (i > 0)
			memcpy(bigger, *lines, sizeof *bigger * i);
		*lines = bigger;
	}
	(*lines)[i] = line;
	return SC_OK;
}

/* A row of the file, for the brackets' check. */
struct bracket {
	const struct benefit_tax_row *row;
	long line;
};

static int
by_table_from(const void *x, const void *y)
{
	const struct bracket *a = x, *b = y;
	int c = strcmp(a->row->table_no, b->row->table_no);
	if (c != 0)
		return c;
	if (a->row->from_kr != b->row->from_kr)
		return a->row->from_kr < b->row->from_kr ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* The brackets of each table do not share a krone: the first line found
 * in conflict with an earlier one (*line_no, *why), else SC_OK. */
static int
brackets_check(const struct benefit_tax_row *rows, const long *lines, size_t n, struct arena *a, long *line_no,
	       const char **why)
{
	struct bracket *b = arena_alloc(a, sizeof *b * n);
	if (b == NULL) {
		*why = N_("Out of memory.");
		return SC_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		b[i] = (struct bracket){&rows[i], lines[i]};
	qsort(b, n, sizeof *b, by_table_from);
	long worst = 0;
	const char *reason = NULL;
	for (size_t i = 1; i < n; i++) {
		const struct bracket *p = &b[i - 1], *q = &b[i];
		if (strcmp(p->row->table_no, q->row->table_no) != 0 || q->row->from_kr > p->row->to_kr)
			continue;
		long line = p->line > q->line ? p->line : q->line;
		if (worst != 0 && line >= worst)
			continue;
		worst = line;
		reason = q->row->from_kr == p->row->from_kr
				 ? N_("from_kr repeats the from_kr of an earlier line of the same table.")
				 : N_("The row overlaps an earlier line of the same table: each krone has one row.");
	}
	if (reason == NULL)
		return SC_OK;
	*line_no = worst;
	*why = reason;
	return SC_EINVAL;
}

int
benefit_tax_csv_parse(const char *data, size_t len, struct arena *a, struct benefit_tax_row **rows, size_t *n,
		      long *line_no, const char **why)
{
	*rows = NULL;
	*n = 0;
	*line_no = 1;
	struct csv_reader r;
	if (csv_open(&r, a, data, len, 64, 8) != SC_OK) {
		*why = N_("Out of memory.");
		return SC_ENOMEM;
	}
	struct csv_record rec;
	int rc = csv_next(&r, a, &rec);
	static const char *const header[] = {"table", "from_kr", "to_kr", "withholding_kr"};
	bool head = rc == 1 && rec.n == 4;
	for (size_t i = 0; head && i < 4; i++)
		head = strcmp(rec.fields[i], header[i]) == 0;
	if (!head) {
		*why = N_("The first line must be table,from_kr,to_kr,withholding_kr.");
		return SC_EINVAL;
	}
	struct benefit_tax_row *out = NULL;
	long *lines = NULL;
	size_t cap = 0, count = 0;
	while ((rc = csv_next(&r, a, &rec)) == 1) {
		*line_no = rec.line;
		struct benefit_tax_row row;
		memset(&row, 0, sizeof row);
		const char *bad = NULL;
		if (rec.n != 4) {
			bad = N_("Each line has four columns: table, from_kr, to_kr, withholding_kr.");
		} else if (!is_table(rec.fields[0])) {
			bad = N_("The tax table is a number of four digits.");
		} else if (!whole_kr(rec.fields[1], &row.from_kr) || !whole_kr(rec.fields[2], &row.to_kr) ||
			   !whole_kr(rec.fields[3], &row.withholding_kr)) {
			bad = N_("from_kr, to_kr and withholding_kr are whole kroner.");
		} else if (row.to_kr < row.from_kr) {
			bad = N_("to_kr is below from_kr.");
		} else if (row.withholding_kr > row.to_kr) {
			bad = N_("withholding_kr is above to_kr: more tax than the whole amount.");
		}
		if (bad != NULL) {
			free(out);
			*why = bad;
			return SC_EINVAL;
		}
		snprintf(row.table_no, sizeof row.table_no, "%s", rec.fields[0]);
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 1024;
			struct benefit_tax_row *bigger = realloc(out, ncap * sizeof *out);
			if (bigger == NULL) {
				free(out);
				*why = N_("Out of memory.");
				return SC_ENOMEM;
			}
			out = bigger;
			cap = ncap;
		}
		out[count] = row;
		if (lines_of(a, &lines, count, rec.line) != SC_OK) {
			free(out);
			*why = N_("Out of memory.");
			return SC_ENOMEM;
		}
		count++;
	}
	if (rc != 0) {
		free(out);
		*line_no = r.error_line;
		*why = N_("This is not a CSV file the import reads.");
		return SC_EINVAL;
	}
	if (count == 0) {
		/* importing replaces the year's tables: none would delete them */
		*line_no = 2;
		*why = N_("The file has no rows: nothing was imported.");
		return SC_EINVAL;
	}
	rc = brackets_check(out, lines, count, a, line_no, why);
	if (rc != SC_OK) {
		free(out);
		return rc;
	}
	*rows = out;
	*n = count;
	return SC_OK;
}
