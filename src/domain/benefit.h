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
 *     gross's whole kroner (halved in June and December; when the year's
 *     tables hold no row of the table for it, BENEFIT_TAX_FALLBACK_PERCENT
 *     down to whole kroner with the warning BENEFIT_WARN_TABLE_MISSING), or
 *     BENEFIT_TAX_FALLBACK_PERCENT without tax information
 *     (BENEFIT_WARN_NO_TAX_INFO);
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
/* Back-pay lines of one statement: months corrected (decision 53). */
#define BENEFIT_MAX_CORRECTIONS 36
/* The largest amount in øre, minutes or hundredths of an hour an input may
 * hold: far beyond any month, small enough that no sum overflows. */
#define BENEFIT_MAX_AMOUNT 1000000000000000LL

struct benefit_span {
	struct date from, to;       /* both included */
};

struct benefit_income {
	const char *kind;           /* a code: "sykepenger", ... */
	int64_t amount_ore;
};

enum benefit_tax { BENEFIT_TAX_NONE = 0, BENEFIT_TAX_PERCENT, BENEFIT_TAX_TABLE };

/* Why an approved month was recomputed: the facts that differ (bits). */
enum benefit_cause {
	BENEFIT_CAUSE_PERIOD = 1u << 0,       /* programme days: start, exit, a pause */
	BENEFIT_CAUSE_CHILDREN = 1u << 1,     /* the child supplement's days */
	BENEFIT_CAUSE_BIRTH = 1u << 2,        /* the birth date */
	BENEFIT_CAUSE_ATTENDANCE = 1u << 3,   /* the register: unexcused minutes */
	BENEFIT_CAUSE_WORK = 1u << 4,         /* work income */
	BENEFIT_CAUSE_OTHER_INCOME = 1u << 5, /* other income */
	BENEFIT_CAUSE_G = 1u << 6,            /* a new G */
	BENEFIT_CAUSE_RATES = 1u << 7,        /* the scheme's other parameters */
	BENEFIT_CAUSE_SCHEME = 1u << 8,       /* the period's scheme */
};
#define BENEFIT_NCAUSES 9

/* Back-pay for an earlier month, added to this month's gross (taxed with
 * it): the month, why, and the amount (> 0). */
struct benefit_backpay {
	int year, month;
	unsigned causes;            /* enum benefit_cause bits */
	int64_t amount_ore;
};

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
	size_t nbackpay;
	struct benefit_backpay backpay[BENEFIT_MAX_CORRECTIONS];
};

/* Looks up the withholding of a monthly tax table: table of the year for
 * gross whole kroner kr; true with *withhold_kr when a row holds it. */
typedef bool (*benefit_tax_lookup)(void *ctx, int year, const char *table, int64_t kr,
				   int64_t *withhold_kr);

#define BENEFIT_MAX_LINES (8 + BENEFIT_MAX_INCOME + BENEFIT_MAX_CORRECTIONS)

/* One line of a statement. Deductions are negative. */
struct benefit_line {
	const char *code;         /* "base", "child_supplement", "absence", "work_income",
				   * "other_income", "limited_to_zero", "correction" */
	int64_t amount_ore;
	bool has_quantity;
	int64_t quantity;         /* days, weekdays × children, minutes; hours × 100 for
				   * work_income (quantity_scale 100) */
	int quantity_scale;       /* 1, or 100 for hours with two decimals */
	const char *kind;         /* other_income: the kind; else NULL */
	const char *reason;       /* msgid, or NULL */
	int ref_year, ref_month;  /* correction: the month corrected */
	unsigned causes;          /* correction: enum benefit_cause bits */
};

/* The share of the gross withheld by rule 9 when there is no tax card, or
 * the card's table holds no row for the gross in the tables loaded for the
 * year (the law's 50 % without a tax card). The statement's explanation
 * names it from here. */
#define BENEFIT_TAX_FALLBACK_PERCENT 50

enum benefit_warning {
	BENEFIT_WARN_NO_TAX_INFO = 1u << 0,   /* withheld 50 %: no tax information */
	BENEFIT_WARN_TABLE_MISSING = 1u << 1, /* withheld 50 %: the table or row was not found */
	/* the run's, about the participant rather than the rules */
	BENEFIT_WARN_NO_ACCOUNT = 1u << 2,    /* no valid bank account: left out of payment */
	BENEFIT_WARN_UNMARKED = 1u << 3,      /* a register of the month not marked yet */
	BENEFIT_WARN_CORRECTED = 1u << 4,     /* attendance corrected after an approval */
};
#define BENEFIT_NWARNINGS 5

struct benefit_statement {
	size_t nlines;
	struct benefit_line lines[BENEFIT_MAX_LINES];
	int64_t gross_ore;
	int64_t tax_ore;
	int64_t recovery_ore;
	int64_t net_ore;
	unsigned warnings;
	/* the amounts of the lines by rule (deductions as positive amounts) */
	int64_t base_ore, child_ore, absence_ore, work_ore, other_ore, limited_ore, backpay_ore;
	/* what the rules used, to explain the statement */
	int days;                  /* |D| */
	int weekdays;              /* |W| */
	uint32_t days_mask;        /* bit d-1 set: day d of the month is in D */
	int64_t child_days;        /* the weekdays × children of rule 4 */
	int64_t month_amount_ore;
	int64_t day_rate_ore;
	int64_t hour_rate_ore;
};

/*
 * Checks the facts, every one (all errors at once): the month, a birth
 * date not after the month, a programme start (end not before it), pauses
 * from ≤ to, children's birth dates real, minutes and hours not negative
 * nor more than the month has (31 days' when the month is not known),
 * amounts not negative nor above BENEFIT_MAX_AMOUNT, every income kind a
 * known one (reducing or recorded; not checked when p is NULL: the
 * scheme's rules could not be read), a tax percent 0..100 or a table of 4
 * digits, back-pay positive. Field keys as the calculator's JSON spells
 * them ("birth_date", "programme.pauses[0]", "other_income[1].kind", ...).
 * Returns true when there is nothing to add to e.
 */
bool benefit_input_check(const struct benefit_params *p, const struct benefit_input *in,
			 struct field_errors *e);

/* Computes the statement (the input must have passed the check). lookup
 * (may be NULL: every table then missing) is asked for tax tables. Back-pay
 * lines ("correction") follow the month's own lines and the zero floor: a
 * month's deductions never eat back-pay owed for another; the gross with
 * them is taxed by rule 9. */
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

/* True when day is a programme day of in (rule 1: inside the period, not
 * paused). Absence counts only on such days (rule 5). */
bool benefit_programme_day(const struct benefit_input *in, struct date day);

/* The programme days of in's month (rule 1), as benefit_compute() counts
 * them in out->days; the weekdays among them and the mask of their days
 * (bit d-1 for day d) when those are not NULL. */
int benefit_programme_days(const struct benefit_input *in, int *weekdays, uint32_t *mask);

/* ---- corrections (decision 53) ---- */

/*
 * Why a month recomputed from today's facts (nin, ns under np) differs from
 * the version that was approved (oi, os under op): the enum benefit_cause
 * bits of the facts that differ in what the rules use — the programme
 * days, the child supplement's days, the birth date, the minutes, work
 * income (gross for bergen, hours for kvp), other income, G, the other
 * parameters, the scheme. 0 when nothing the rules use differs.
 */
unsigned benefit_causes(const struct benefit_params *op, const struct benefit_input *oi,
			const struct benefit_statement *os, const struct benefit_params *np,
			const struct benefit_input *ni, const struct benefit_statement *ns);

/*
 * The difference a recomputed month makes: more gross is back-pay (*backpay,
 * the gross difference, paid with the next statement and taxed there);
 * less is an overpayment claim (*claim: what was paid out too much after
 * tax, (old gross − old tax) − (new gross − new tax), never below 0).
 * Both 0 when the gross is the same.
 */
void benefit_difference(int64_t old_gross, int64_t old_tax, int64_t new_gross, int64_t new_tax,
			int64_t *backpay, int64_t *claim);

/* The stable key of one cause bit ("period", "attendance", ...), and its
 * label (msgid); NULL for anything else. */
const char *benefit_cause_key(unsigned bit);
const char *benefit_cause_label(unsigned bit);
/* The bits of a comma-separated list of keys (unknown keys ignored), and
 * the keys of bits written into out (cap bytes). */
unsigned benefit_causes_parse(const char *keys);
void benefit_causes_text(unsigned causes, char *out, size_t cap);

#endif
