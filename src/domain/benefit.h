/*
 * benefit.h — the monthly benefit statement of one participant, exactly.
 *
 * Participants keep a taxable monthly benefit; salary from a job is
 * deducted. benefit_compute() makes the statement of one month from the
 * scheme's parameters in force on the first day of the month and the facts
 * of the month (the programme period and its pauses, birth date, children,
 * unexcused absence, work and other income, tax information, what is
 * outstanding to recover). Every amount is an integer in øre. "Rounded" is
 * to the nearest øre with halves away from zero; "down to whole kroner" is
 * down to a multiple of 100 øre. Date ranges include their first and last
 * day. A person born on 29 February has their birthday on 1 March in years
 * that are not leap years.
 *
 * The rules, in order (issue 11, section 2):
 *  1. programme days D: the month's days inside the period, less paused
 *     days; weekdays W: the Mondays to Fridays of D (holidays included);
 *  2. month amount: bergen the fixed amount; kvp 2 G a year (2/3 of it
 *     under 25 on the first day), exact, / 12 rounded; day rate = month /
 *     30 rounded; hour rate: kvp annual / 1850 rounded, bergen day / 7.5
 *     rounded;
 *  3. base: the month amount for a whole month, else day rate × |D|, at
 *     most the month amount;
 *  4. child supplement: for each day of W, the children born on or before
 *     it and not yet 18 on it, × the child rate;
 *  5. absence: unexcused minutes × hour rate / 60 rounded, at most the base;
 *  6. work income: bergen the gross salary; kvp (base + children) ×
 *     min(1, hours / (7.5 × |W|)) rounded, nothing when W is empty;
 *  7. other income: reducing kinds krone for krone, others listed at 0;
 *  8. gross, limited to zero by a line of its own;
 *  9. tax: a percentage (down to whole kroner), a table looked up on the
 *     gross's whole kroner (halved in June and December; 50 % with a
 *     warning when not found), or 50 % without tax information;
 * 10. recovery: at most the scheme's share of (gross − tax), rounded down,
 *     never more than outstanding;
 * 11. net = gross − tax − recovery.
 */
#ifndef SC_DOMAIN_BENEFIT_H
#define SC_DOMAIN_BENEFIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"

enum benefit_kind { BENEFIT_BERGEN = 0, BENEFIT_KVP };

/* The scheme's parameters in force on the first day of a month. */
struct benefit_params {
	enum benefit_kind kind;
	int64_t month_amount_ore;   /* bergen: the fixed amount a month */
	int64_t g_ore;              /* kvp: G (grunnbeløpet) in force, in øre */
	int64_t child_rate_ore;     /* per child per weekday */
	int recovery_percent;       /* share of (gross − tax) recovered, 0..100 */
	/* other income: kinds that reduce the benefit, and kinds that are
	 * only recorded; NULL-terminated */
	const char *const *reducing;
	const char *const *recorded;
};

#define BENEFIT_MAX_PAUSES 32
#define BENEFIT_MAX_CHILDREN 15
#define BENEFIT_MAX_INCOME 16

struct benefit_span {
	struct date from, to;       /* both included */
};

struct benefit_income {
	const char *kind;           /* a code: "sykepenger", ... */
	int64_t amount_ore;
};

enum benefit_tax { BENEFIT_TAX_NONE = 0, BENEFIT_TAX_PERCENT, BENEFIT_TAX_TABLE };

/* The facts of one participant's month. */
struct benefit_input {
	int year, month;                    /* the month */
	struct date birth;
	struct date start;                  /* the programme period */
	bool has_end;                       /* false: runs past the month */
	struct date end;                    /* exit, or the planned end */
	size_t npauses;
	struct benefit_span pauses[BENEFIT_MAX_PAUSES];
	size_t nchildren;
	struct date children[BENEFIT_MAX_CHILDREN];
	int64_t unexcused_minutes;          /* on programme days of the month */
	bool has_work;
	int64_t work_gross_ore;             /* bergen */
	int64_t work_hours_centi;           /* kvp: hours × 100 */
	size_t nincome;
	struct benefit_income income[BENEFIT_MAX_INCOME];
	enum benefit_tax tax;
	int tax_percent;                    /* 0..100 */
	char tax_table[8];                  /* "8010" */
	int64_t outstanding_ore;            /* overpayment still to recover */
};

/* Looks up the withholding of a monthly tax table: table of the year for
 * gross whole kroner kr; true with *withhold_kr when a row holds it. */
typedef bool (*benefit_tax_lookup)(void *ctx, int year, const char *table, int64_t kr,
				   int64_t *withhold_kr);

#define BENEFIT_MAX_LINES (8 + BENEFIT_MAX_INCOME)

/* One line of a statement. Deductions are negative. */
struct benefit_line {
	const char *code;         /* "base", "child_supplement", "absence", "work_income",
				   * "other_income", "limited_to_zero" */
	int64_t amount_ore;
	bool has_quantity;
	int64_t quantity;         /* days, weekdays × children, minutes; hours × 100 for
				   * work_income (quantity_scale 100) */
	int quantity_scale;       /* 1, or 100 for hours with two decimals */
	const char *kind;         /* other_income: the kind; else NULL */
	const char *reason;       /* msgid, or NULL */
};

enum benefit_warning {
	BENEFIT_WARN_NO_TAX_INFO = 1u << 0,   /* withheld 50 %: no tax information */
	BENEFIT_WARN_TABLE_MISSING = 1u << 1, /* withheld 50 %: the table or row was not found */
};

struct benefit_statement {
	size_t nlines;
	struct benefit_line lines[BENEFIT_MAX_LINES];
	int64_t gross_ore;
	int64_t tax_ore;
	int64_t recovery_ore;
	int64_t net_ore;
	unsigned warnings;
	/* what the rules used, to explain the statement */
	int days;                  /* |D| */
	int weekdays;              /* |W| */
	int64_t month_amount_ore;
	int64_t day_rate_ore;
	int64_t hour_rate_ore;
};

/*
 * Checks the facts: the month, a birth date not after the month, a
 * programme start (end not before it), pauses from ≤ to, children's birth
 * dates real, minutes, hours and amounts not negative, every income kind a
 * known one (reducing or recorded), a tax percent 0..100 or a table of 4
 * digits. Field keys as the calculator's JSON spells them ("birth_date",
 * "programme.pauses[0]", "other_income[1].kind", ...). Returns true when
 * there is nothing to add to e.
 */
bool benefit_input_check(const struct benefit_params *p, const struct benefit_input *in,
			 struct field_errors *e);

/* Computes the statement (the input must have passed the check). lookup
 * (may be NULL: every table then missing) is asked for tax tables. */
void benefit_compute(const struct benefit_params *p, const struct benefit_input *in,
		     benefit_tax_lookup lookup, void *ctx, struct benefit_statement *out);

/* ---- pieces of the rules, for the pages that explain them ---- */

/* n / d rounded to the nearest integer, halves away from zero (d > 0). */
int64_t benefit_round(int64_t n, int64_t d);

/* The date a child born on birth turns 18 (29 February: 1 March in a year
 * that is not a leap year). */
struct date benefit_eighteenth(struct date birth);

/* True when the kind is one of the NULL-terminated list. */
bool benefit_kind_in(const char *kind, const char *const *list);

#endif
