/*
 * benefit_calc.h — the calculator's JSON (issue 11, section 6; decision
 * 75): a described month read from the JSON that `secondchance benefit
 * calc` takes on standard input and POST /api/v1/benefits/calc takes as its
 * body, and the statement written as the JSON both give back. One reader
 * and one writer for the command line, the API and the page (which builds
 * the same JSON from its form).
 *
 * The one place in the domain that knows JSON: the JSON is the
 * calculator's contract, not a transport, and both the command line and
 * the web read it (decision 75). Pure: a jansson tree in, a typed input
 * out; no I/O.
 */
#ifndef SC_DOMAIN_BENEFIT_CALC_H
#define SC_DOMAIN_BENEFIT_CALC_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/benefit.h"

/* Every bad member (the first reason of each, at most FIELD_MAX_ERRORS):
 * its path as the JSON spells it ("birth_date", "programme.pauses[0].from",
 * "other_income[1].kind"), kept in names, and why (a msgid). */
struct benefit_calc_error {
	struct field_errors errors;
	char names[FIELD_MAX_ERRORS][96];
	char texts[FIELD_MAX_ERRORS][3][11];   /* an error's "%s" (a date that does not exist) */
};

/*
 * Reads the described month j into in and the scheme's key into *scheme
 * (a string of j; NULL when missing). The types and the shape only:
 * members known, required ones there, dates as YYYY-MM-DD, whole numbers
 * where the contract has them, hours with at most two decimals, a tax
 * percent 0..100. What the rules say of the values (benefit_input_check():
 * a birth date after the month, a pause's from after its to, negative
 * minutes, an unknown kind) is the command's. false with every bad member
 * in *err; the others are read all the same, and a list's members keep
 * their places (a bad one left empty), so that the command can check the
 * rest and say all that is wrong at once.
 */
bool benefit_calc_read(const json_t *j, struct benefit_input *in, const char **scheme,
		       struct benefit_calc_error *err);

/* The lines of a statement as JSON: code, amount_ore, kind, quantity (hours
 * with two decimals as a number), reason; a correction's month and causes.
 * NULL when out of memory. */
json_t *benefit_lines_json(const struct benefit_statement *s);

/* The calculator's answer: lines, gross_ore, tax_ore, recovery_ore,
 * net_ore, warnings (keys), rates (days, weekdays, month_amount_ore,
 * day_rate_ore, hour_rate_ore). */
json_t *benefit_statement_json(const struct benefit_statement *s);

#endif
