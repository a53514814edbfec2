/*
 * benefit.c — the monthly benefit statement; see benefit.h.
 */
#include "domain/benefit.h"

#include "i18n/i18n.h"

#include <stdio.h>
#include <string.h>

typedef __int128 wide;

/* n / d rounded, halves away from zero, for wide n (d > 0). */
static int64_t
round_wide(wide n, wide d)
{
	if (n >= 0)
		return (int64_t)((2 * n + d) / (2 * d));
	return -(int64_t)((2 * -n + d) / (2 * d));
}

int64_t
benefit_round(int64_t n, int64_t d)
{
	return round_wide(n, d);
}

/* Down to whole kroner (a multiple of 100 øre); amounts here are >= 0. */
static int64_t
down_to_kroner(wide ore)
{
	if (ore <= 0)
		return 0;
	return (int64_t)(ore / 100) * 100;
}

struct date
benefit_eighteenth(struct date birth)
{
	struct date d = {birth.y + 18, birth.m, birth.d};
	if (birth.m == 2 && birth.d == 29 && !date_is_leap(d.y)) {
		d.m = 3;
		d.d = 1;
	}
	return d;
}

bool
benefit_kind_in(const char *kind, const char *const *list)
{
	for (size_t i = 0; kind != NULL && list != NULL && list[i] != NULL; i++)
		if (strcmp(kind, list[i]) == 0)
			return true;
	return false;
}

static bool
in_span(struct date d, struct date from, struct date to)
{
	return date_cmp(d, from) >= 0 && date_cmp(d, to) <= 0;
}

/* True when day is a programme day: inside the period, not paused. */
static bool
programme_day(const struct benefit_input *in, struct date day)
{
	if (date_cmp(day, in->start) < 0)
		return false;
	if (in->has_end && date_cmp(day, in->end) > 0)
		return false;
	for (size_t i = 0; i < in->npauses; i++)
		if (in_span(day, in->pauses[i].from, in->pauses[i].to))
			return false;
	return true;
}

/* ---- the check ---- */

bool
benefit_input_check(const struct benefit_params *p, const struct benefit_input *in,
		    struct field_errors *e)
{
	int before = e->n;
	if (in->year < DATE_MIN_YEAR || in->year > DATE_MAX_YEAR || in->month < 1 || in->month > 12) {
		field_error_add(e, "month", N_("Give the month as YYYY-MM, for example 2025-09."));
		return false;
	}
	struct date last = {in->year, in->month, date_days_in_month(in->year, in->month)};
	if (!date_is_valid(in->birth))
		field_error_add(e, "birth_date", N_("Write the date as YYYY-MM-DD, for example 2024-03-01."));
	else if (date_cmp(in->birth, last) > 0)
		field_error_add(e, "birth_date", N_("The birth date is after the month."));
	if (!date_is_valid(in->start))
		field_error_add(e, "programme.start", N_("Give the start of the programme period."));
	else if (in->has_end && date_cmp(in->end, in->start) < 0)
		field_error_add(e, "programme.end", N_("The end of the programme period is before its start."));
	static const char *const pause_keys[] = {
		"programme.pauses[0]", "programme.pauses[1]", "programme.pauses[2]", "programme.pauses[3]",
		"programme.pauses[4]", "programme.pauses[5]", "programme.pauses[6]", "programme.pauses[7]",
	};
	for (size_t i = 0; i < in->npauses; i++) {
		if (date_cmp(in->pauses[i].from, in->pauses[i].to) > 0)
			field_error_add(e, i < 8 ? pause_keys[i] : "programme.pauses",
					N_("A pause's from is after its to."));
	}
	if (in->unexcused_minutes < 0)
		field_error_add(e, "unexcused_minutes", N_("The minutes cannot be negative."));
	if (in->has_work && in->work_gross_ore < 0)
		field_error_add(e, "work.gross_ore", N_("The amount cannot be negative."));
	if (in->has_work && in->work_hours_centi < 0)
		field_error_add(e, "work.hours", N_("The hours cannot be negative."));
	static const char *const kind_keys[] = {
		"other_income[0].kind", "other_income[1].kind", "other_income[2].kind",
		"other_income[3].kind", "other_income[4].kind", "other_income[5].kind",
		"other_income[6].kind", "other_income[7].kind",
	};
	static const char *const amount_keys[] = {
		"other_income[0].amount_ore", "other_income[1].amount_ore", "other_income[2].amount_ore",
		"other_income[3].amount_ore", "other_income[4].amount_ore", "other_income[5].amount_ore",
		"other_income[6].amount_ore", "other_income[7].amount_ore",
	};
	for (size_t i = 0; i < in->nincome; i++) {
		const char *kind = in->income[i].kind;
		if (!benefit_kind_in(kind, p->reducing) && !benefit_kind_in(kind, p->recorded))
			field_error_add(e, i < 8 ? kind_keys[i] : "other_income",
					N_("Unknown kind of income."));
		if (in->income[i].amount_ore < 0)
			field_error_add(e, i < 8 ? amount_keys[i] : "other_income",
					N_("The amount cannot be negative."));
	}
	if (in->tax == BENEFIT_TAX_PERCENT && (in->tax_percent < 0 || in->tax_percent > 100))
		field_error_add(e, "tax.percent", N_("The tax percentage is a whole number from 0 to 100."));
	if (in->tax == BENEFIT_TAX_TABLE) {
		bool ok = strlen(in->tax_table) == 4;
		for (size_t i = 0; ok && i < 4; i++)
			ok = in->tax_table[i] >= '0' && in->tax_table[i] <= '9';
		if (!ok)
			field_error_add(e, "tax.table", N_("The tax table is a number of four digits."));
	}
	if (in->outstanding_ore < 0)
		field_error_add(e, "outstanding_ore", N_("The amount cannot be negative."));
	return e->n == before;
}

/* ---- the statement ---- */

static struct benefit_line *
add_line(struct benefit_statement *s, const char *code, int64_t amount)
{
	struct benefit_line *l = &s->lines[s->nlines++];
	memset(l, 0, sizeof *l);
	l->code = code;
	l->amount_ore = amount;
	l->quantity_scale = 1;
	return l;
}

static void
quantity(struct benefit_line *l, int64_t q, int scale)
{
	l->has_quantity = true;
	l->quantity = q;
	l->quantity_scale = scale;
}

void
benefit_compute(const struct benefit_params *p, const struct benefit_input *in,
		benefit_tax_lookup lookup, void *ctx, struct benefit_statement *out)
{
	memset(out, 0, sizeof *out);
	int dim = date_days_in_month(in->year, in->month);
	struct date first = {in->year, in->month, 1};

	/* 1. programme days and weekdays */
	int days = 0, weekdays = 0;
	for (int d = 1; d <= dim; d++) {
		struct date day = {in->year, in->month, d};
		if (!programme_day(in, day))
			continue;
		days++;
		if (date_weekday(day) <= 5)
			weekdays++;
	}
	out->days = days;
	out->weekdays = weekdays;

	/* 2. month amount, day rate, hour rate */
	int64_t month_amount, hour_rate;
	if (p->kind == BENEFIT_KVP) {
		bool young = date_age_on(in->birth, first) < 25;
		wide annual_num = (wide)2 * p->g_ore * (young ? 2 : 1);
		wide annual_den = young ? 3 : 1;
		month_amount = round_wide(annual_num, annual_den * 12);
		hour_rate = round_wide(annual_num, annual_den * 1850);
	} else {
		month_amount = p->month_amount_ore;
		hour_rate = 0;   /* from the day rate, below */
	}
	int64_t day_rate = round_wide(month_amount, 30);
	if (p->kind == BENEFIT_BERGEN)
		hour_rate = round_wide((wide)day_rate * 2, 15);   /* day rate / 7.5 */
	out->month_amount_ore = month_amount;
	out->day_rate_ore = day_rate;
	out->hour_rate_ore = hour_rate;

	/* 3. base */
	int64_t base = days == dim ? month_amount : (int64_t)day_rate * days;
	if (base > month_amount)
		base = month_amount;
	quantity(add_line(out, "base", base), days, 1);

	/* 4. child supplement: children under 18 on each weekday of D */
	int64_t child_days = 0;
	for (int d = 1; d <= dim; d++) {
		struct date day = {in->year, in->month, d};
		if (date_weekday(day) > 5 || !programme_day(in, day))
			continue;
		for (size_t c = 0; c < in->nchildren; c++)
			if (date_cmp(in->children[c], day) <= 0 &&
			    date_cmp(day, benefit_eighteenth(in->children[c])) < 0)
				child_days++;
	}
	int64_t children = child_days * p->child_rate_ore;
	quantity(add_line(out, "child_supplement", children), child_days, 1);

	/* 5. absence, at most the base */
	int64_t absence = round_wide((wide)in->unexcused_minutes * hour_rate, 60);
	if (absence > base)
		absence = base;
	quantity(add_line(out, "absence", -absence), in->unexcused_minutes, 1);

	/* 6. work income */
	int64_t work = 0;
	struct benefit_line *wl;
	if (p->kind == BENEFIT_KVP) {
		if (in->has_work && weekdays > 0) {
			int64_t full = (int64_t)750 * weekdays;   /* 7.5 h a weekday, × 100 */
			int64_t hours = in->work_hours_centi < full ? in->work_hours_centi : full;
			work = round_wide((wide)(base + children) * hours, full);
		}
		wl = add_line(out, "work_income", -work);
		if (in->has_work)
			quantity(wl, in->work_hours_centi, 100);
	} else {
		if (in->has_work)
			work = in->work_gross_ore;
		wl = add_line(out, "work_income", -work);
	}

	/* 7. other income */
	int64_t other = 0;
	for (size_t i = 0; i < in->nincome; i++) {
		bool reduces = benefit_kind_in(in->income[i].kind, p->reducing);
		int64_t amount = reduces ? in->income[i].amount_ore : 0;
		other += amount;
		struct benefit_line *l = add_line(out, "other_income", -amount);
		l->kind = in->income[i].kind;
		if (!reduces)
			l->reason = N_("Recorded, not deducted");
	}

	/* 8. gross, never below zero */
	int64_t gross = base + children - absence - work - other;
	if (gross < 0) {
		struct benefit_line *l = add_line(out, "limited_to_zero", -gross);
		l->reason = N_("A month never gives a negative payment or a debt");
		gross = 0;
	}
	out->gross_ore = gross;

	/* 9. tax withheld */
	int64_t tax;
	if (in->tax == BENEFIT_TAX_PERCENT) {
		tax = down_to_kroner((wide)gross * in->tax_percent / 100);
	} else if (in->tax == BENEFIT_TAX_TABLE) {
		int64_t withhold_kr = 0;
		if (lookup != NULL && lookup(ctx, in->year, in->tax_table, gross / 100, &withhold_kr)) {
			if (in->month == 6 || in->month == 12)
				withhold_kr /= 2;
			tax = withhold_kr * 100;
		} else {
			tax = down_to_kroner((wide)gross * 50 / 100);
			out->warnings |= BENEFIT_WARN_TABLE_MISSING;
		}
	} else {
		tax = down_to_kroner((wide)gross * 50 / 100);
		out->warnings |= BENEFIT_WARN_NO_TAX_INFO;
	}
	out->tax_ore = tax;

	/* 10. recovery: a share of what is left, never more than outstanding */
	int64_t left = gross - tax;
	int64_t recovery = left > 0 ? (int64_t)((wide)left * p->recovery_percent / 100) : 0;
	if (recovery > in->outstanding_ore)
		recovery = in->outstanding_ore;
	if (recovery < 0)
		recovery = 0;
	out->recovery_ore = recovery;

	/* 11. net */
	out->net_ore = gross - tax - recovery;
}
