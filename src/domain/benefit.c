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

bool
benefit_programme_day(const struct benefit_input *in, struct date day)
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

/* The field keys of list members, as the calculator's JSON spells them. */
#define KEYS8(pre, post) pre "[0]" post, pre "[1]" post, pre "[2]" post, pre "[3]" post, \
	pre "[4]" post, pre "[5]" post, pre "[6]" post, pre "[7]" post
#define KEYS10_AT(pre, n, post) pre "[" #n "0]" post, pre "[" #n "1]" post, pre "[" #n "2]" post, \
	pre "[" #n "3]" post, pre "[" #n "4]" post, pre "[" #n "5]" post, pre "[" #n "6]" post, \
	pre "[" #n "7]" post, pre "[" #n "8]" post, pre "[" #n "9]" post
static const char *const pause_keys[BENEFIT_MAX_PAUSES] = {
	KEYS8("programme.pauses", ""), "programme.pauses[8]", "programme.pauses[9]",
	KEYS10_AT("programme.pauses", 1, ""), KEYS10_AT("programme.pauses", 2, ""),
	"programme.pauses[30]", "programme.pauses[31]",
};
static const char *const child_keys[BENEFIT_MAX_CHILDREN] = {
	KEYS8("children", ""), "children[8]", "children[9]", "children[10]", "children[11]",
	"children[12]", "children[13]", "children[14]",
};
static const char *const kind_keys[BENEFIT_MAX_INCOME] = {
	KEYS8("other_income", ".kind"), "other_income[8].kind", "other_income[9].kind",
	"other_income[10].kind", "other_income[11].kind", "other_income[12].kind",
	"other_income[13].kind", "other_income[14].kind", "other_income[15].kind",
};
static const char *const amount_keys[BENEFIT_MAX_INCOME] = {
	KEYS8("other_income", ".amount_ore"), "other_income[8].amount_ore",
	"other_income[9].amount_ore", "other_income[10].amount_ore", "other_income[11].amount_ore",
	"other_income[12].amount_ore", "other_income[13].amount_ore", "other_income[14].amount_ore",
	"other_income[15].amount_ore",
};
#undef KEYS8
#undef KEYS10_AT

/* An amount in øre: not negative, within BENEFIT_MAX_AMOUNT (ten
 * thousand billion kroner: far beyond any month, and no sum of the
 * statement's overflows). */
static void
check_amount(struct field_errors *e, const char *key, int64_t v, const char *negative)
{
	if (v < 0)
		field_error_add(e, key, negative);
	else if (v > BENEFIT_MAX_AMOUNT)
		field_error_add(e, key, N_("The amount is too large: at most 10 000 000 000 000 kr."));
}

bool
benefit_input_check(const struct benefit_params *p, const struct benefit_input *in,
		    struct field_errors *e)
{
	int before = e->n;
	bool month = in->year >= DATE_MIN_YEAR && in->year <= DATE_MAX_YEAR && in->month >= 1 && in->month <= 12;
	if (!month)
		field_error_add(e, "month", N_("Give the month as YYYY-MM, for example 2025-09."));
	/* the month's days; without a month, the longest */
	int days = month ? date_days_in_month(in->year, in->month) : 31;
	struct date last = {in->year, in->month, days};
	if (!date_is_valid(in->birth))
		field_error_add(e, "birth_date", N_("Write the date as YYYY-MM-DD, for example 2024-03-01."));
	else if (month && date_cmp(in->birth, last) > 0)
		field_error_add(e, "birth_date", N_("The birth date is after the month."));
	if (!date_is_valid(in->start))
		field_error_add(e, "programme.start", N_("Give the start of the programme period."));
	else if (in->has_end && !date_is_valid(in->end))
		field_error_add(e, "programme.end", N_("Write the date as YYYY-MM-DD, for example 2024-03-01."));
	else if (in->has_end && date_cmp(in->end, in->start) < 0)
		field_error_add(e, "programme.end", N_("The end of the programme period is before its start."));
	for (size_t i = 0; i < in->npauses && i < BENEFIT_MAX_PAUSES; i++) {
		if (!date_is_valid(in->pauses[i].from) || !date_is_valid(in->pauses[i].to))
			field_error_add(e, pause_keys[i], N_("Write the date as YYYY-MM-DD, for example 2024-03-01."));
		else if (date_cmp(in->pauses[i].from, in->pauses[i].to) > 0)
			field_error_add(e, pause_keys[i], N_("A pause's from is after its to."));
	}
	for (size_t i = 0; i < in->nchildren && i < BENEFIT_MAX_CHILDREN; i++)
		if (!date_is_valid(in->children[i]))
			field_error_add(e, child_keys[i], N_("Write the date as YYYY-MM-DD, for example 2024-03-01."));
	/* no more minutes absent, nor hours worked, than the month has */
	if (in->unexcused_minutes < 0)
		field_error_add(e, "unexcused_minutes", N_("The minutes cannot be negative."));
	else if (in->unexcused_minutes > (int64_t)days * 24 * 60)
		field_error_add2(e, "unexcused_minutes", N_("The month has only %lld minutes."),
				 (long long)days * 24 * 60, 0);
	if (in->has_work) {
		check_amount(e, "work.gross_ore", in->work_gross_ore, N_("The amount cannot be negative."));
		if (in->work_hours_centi < 0)
			field_error_add(e, "work.hours", N_("The hours cannot be negative."));
		else if (in->work_hours_centi > (int64_t)days * 24 * 100)
			field_error_add2(e, "work.hours", N_("The month has only %lld hours."), (long long)days * 24, 0);
	}
	for (size_t i = 0; i < in->nincome && i < BENEFIT_MAX_INCOME; i++) {
		const char *kind = in->income[i].kind;
		if (p != NULL && !benefit_kind_in(kind, p->reducing) && !benefit_kind_in(kind, p->recorded))
			field_error_add(e, kind_keys[i], N_("Unknown kind of income."));
		check_amount(e, amount_keys[i], in->income[i].amount_ore, N_("The amount cannot be negative."));
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
	check_amount(e, "outstanding_ore", in->outstanding_ore, N_("The amount cannot be negative."));
	for (size_t i = 0; i < in->nbackpay && i < BENEFIT_MAX_CORRECTIONS; i++)
		if (in->backpay[i].amount_ore <= 0 || in->backpay[i].amount_ore > BENEFIT_MAX_AMOUNT)
			field_error_add(e, "backpay", N_("Back-pay is a positive amount."));
	if (in->npauses > BENEFIT_MAX_PAUSES || in->nchildren > BENEFIT_MAX_CHILDREN ||
	    in->nincome > BENEFIT_MAX_INCOME || in->nbackpay > BENEFIT_MAX_CORRECTIONS)
		field_error_add(e, "(input)", N_("Too many items."));
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

int
benefit_programme_days(const struct benefit_input *in, int *weekdays, uint32_t *mask)
{
	int dim = date_days_in_month(in->year, in->month);
	int days = 0, wd = 0;
	uint32_t m = 0;
	for (int d = 1; d <= dim; d++) {
		struct date day = {in->year, in->month, d};
		if (!benefit_programme_day(in, day))
			continue;
		days++;
		m |= 1u << (unsigned)(d - 1);
		if (date_weekday(day) <= 5)
			wd++;
	}
	if (weekdays != NULL)
		*weekdays = wd;
	if (mask != NULL)
		*mask = m;
	return days;
}

void
benefit_compute(const struct benefit_params *p, const struct benefit_input *in,
		benefit_tax_lookup lookup, void *ctx, struct benefit_statement *out)
{
	memset(out, 0, sizeof *out);
	int dim = date_days_in_month(in->year, in->month);
	struct date first = {in->year, in->month, 1};

	/* 1. programme days and weekdays */
	int weekdays = 0;
	uint32_t mask = 0;
	int days = benefit_programme_days(in, &weekdays, &mask);
	out->days = days;
	out->weekdays = weekdays;
	out->days_mask = mask;

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
		if (date_weekday(day) > 5 || (mask & (1u << (unsigned)(d - 1))) == 0)
			continue;
		for (size_t c = 0; c < in->nchildren; c++)
			if (date_cmp(in->children[c], day) <= 0 &&
			    date_cmp(day, benefit_eighteenth(in->children[c])) < 0)
				child_days++;
	}
	int64_t children = child_days * p->child_rate_ore;
	quantity(add_line(out, "child_supplement", children), child_days, 1);
	out->child_days = child_days;

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
	int64_t limited = 0;
	if (gross < 0) {
		limited = -gross;
		struct benefit_line *l = add_line(out, "limited_to_zero", limited);
		l->reason = N_("A month never gives a negative payment or a debt");
		gross = 0;
	}
	/* back-pay for earlier months, after the floor (decision 53) */
	int64_t backpay = 0;
	for (size_t i = 0; i < in->nbackpay; i++) {
		struct benefit_line *l = add_line(out, "correction", in->backpay[i].amount_ore);
		l->ref_year = in->backpay[i].year;
		l->ref_month = in->backpay[i].month;
		l->causes = in->backpay[i].causes;
		l->reason = N_("Back-pay for an earlier month");
		backpay += in->backpay[i].amount_ore;
	}
	gross += backpay;
	out->gross_ore = gross;
	out->base_ore = base;
	out->child_ore = children;
	out->absence_ore = absence;
	out->work_ore = work;
	out->other_ore = other;
	out->limited_ore = limited;
	out->backpay_ore = backpay;

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
			tax = down_to_kroner((wide)gross * BENEFIT_TAX_FALLBACK_PERCENT / 100);
			out->warnings |= BENEFIT_WARN_TABLE_MISSING;
		}
	} else {
		tax = down_to_kroner((wide)gross * BENEFIT_TAX_FALLBACK_PERCENT / 100);
		out->warnings |= BENEFIT_WARN_NO_TAX_INFO;
	}
	/* never more than the gross: a table's withholding can be (its rows
	 * are whole kroner, the gross may be less than the row's amount) */
	if (tax > gross)
		tax = gross;
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

/* ---- corrections ---- */

/* The other income of a month as the rules use it: each kind's sum, in a
 * canonical order (the kinds sorted), compared whole. */
static bool
same_income(const struct benefit_input *a, const struct benefit_input *b)
{
	/* every kind of a has the same sum in b, and the other way round */
	for (int pass = 0; pass < 2; pass++) {
		const struct benefit_input *x = pass == 0 ? a : b, *y = pass == 0 ? b : a;
		for (size_t i = 0; i < x->nincome; i++) {
			int64_t sx = 0, sy = 0;
			for (size_t k = 0; k < x->nincome; k++)
				if (strcmp(x->income[k].kind, x->income[i].kind) == 0)
					sx += x->income[k].amount_ore;
			for (size_t k = 0; k < y->nincome; k++)
				if (strcmp(y->income[k].kind, x->income[i].kind) == 0)
					sy += y->income[k].amount_ore;
			if (sx != sy)
				return false;
		}
	}
	return true;
}

static bool
same_list(const char *const *a, const char *const *b)
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

unsigned
benefit_causes(const struct benefit_params *op, const struct benefit_input *oi,
	       const struct benefit_statement *os, const struct benefit_params *np,
	       const struct benefit_input *ni, const struct benefit_statement *ns)
{
	unsigned c = 0;
	if (op->kind != np->kind)
		c |= BENEFIT_CAUSE_SCHEME;
	if (os->days_mask != ns->days_mask)
		c |= BENEFIT_CAUSE_PERIOD;
	if (os->child_days != ns->child_days)
		c |= BENEFIT_CAUSE_CHILDREN;
	if (date_cmp(oi->birth, ni->birth) != 0)
		c |= BENEFIT_CAUSE_BIRTH;
	if (oi->unexcused_minutes != ni->unexcused_minutes)
		c |= BENEFIT_CAUSE_ATTENDANCE;
	bool kvp = np->kind == BENEFIT_KVP;
	if (oi->has_work != ni->has_work ||
	    (kvp ? oi->work_hours_centi != ni->work_hours_centi : oi->work_gross_ore != ni->work_gross_ore))
		c |= BENEFIT_CAUSE_WORK;
	if (!same_income(oi, ni))
		c |= BENEFIT_CAUSE_OTHER_INCOME;
	if (kvp && op->g_ore != np->g_ore)
		c |= BENEFIT_CAUSE_G;
	if ((!kvp && op->month_amount_ore != np->month_amount_ore) || op->child_rate_ore != np->child_rate_ore ||
	    !same_list(op->reducing, np->reducing) || !same_list(op->recorded, np->recorded))
		c |= BENEFIT_CAUSE_RATES;
	return c;
}

void
benefit_difference(int64_t old_gross, int64_t old_tax, int64_t new_gross, int64_t new_tax, int64_t *backpay,
		   int64_t *claim)
{
	*backpay = 0;
	*claim = 0;
	if (new_gross > old_gross) {
		*backpay = new_gross - old_gross;
	} else if (new_gross < old_gross) {
		int64_t too_much = (old_gross - old_tax) - (new_gross - new_tax);
		*claim = too_much > 0 ? too_much : 0;
	}
}

static const struct {
	unsigned bit;
	const char *key, *label;
} causes[BENEFIT_NCAUSES] = {
	{BENEFIT_CAUSE_PERIOD, "period", N_("programme days changed (start, exit or a pause)")},
	{BENEFIT_CAUSE_CHILDREN, "children", N_("children changed")},
	{BENEFIT_CAUSE_BIRTH, "birth_date", N_("birth date changed")},
	{BENEFIT_CAUSE_ATTENDANCE, "attendance", N_("attendance register corrected")},
	{BENEFIT_CAUSE_WORK, "work_income", N_("work income reported late")},
	{BENEFIT_CAUSE_OTHER_INCOME, "other_income", N_("other income reported late")},
	{BENEFIT_CAUSE_G, "g", N_("new G (basic amount)")},
	{BENEFIT_CAUSE_RATES, "rates", N_("the scheme's rates changed")},
	{BENEFIT_CAUSE_SCHEME, "scheme", N_("the scheme changed")},
};

const char *
benefit_cause_key(unsigned bit)
{
	for (size_t i = 0; i < BENEFIT_NCAUSES; i++)
		if (causes[i].bit == bit)
			return causes[i].key;
	return NULL;
}

const char *
benefit_cause_label(unsigned bit)
{
	for (size_t i = 0; i < BENEFIT_NCAUSES; i++)
		if (causes[i].bit == bit)
			return causes[i].label;
	return NULL;
}

unsigned
benefit_causes_parse(const char *keys)
{
	unsigned bits = 0;
	for (const char *p = keys; p != NULL && *p;) {
		size_t n = strcspn(p, ",");
		for (size_t i = 0; i < BENEFIT_NCAUSES; i++)
			if (strlen(causes[i].key) == n && strncmp(p, causes[i].key, n) == 0)
				bits |= causes[i].bit;
		p += n;
		if (*p == ',')
			p++;
	}
	return bits;
}

void
benefit_causes_text(unsigned bits, char *out, size_t cap)
{
	size_t len = 0;
	if (cap == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < BENEFIT_NCAUSES; i++) {
		if ((bits & causes[i].bit) == 0)
			continue;
		int w = snprintf(out + len, cap - len, "%s%s", len > 0 ? "," : "", causes[i].key);
		if (w < 0 || (size_t)w >= cap - len)
			break;
		len += (size_t)w;
	}
}
