/*
 * orgnr.h — Norwegian organisation numbers (organisasjonsnummer), as the
 * Register of Legal Entities gives them to employers.
 *
 * Nine digits; the last is a check digit: the first eight times the
 * weights 3 2 7 6 5 4 3 2, summed; the remainder r of the sum by 11 gives
 * the check digit 11 - r, 0 when r is 0. A remainder that gives 10 (r = 1)
 * makes the number invalid: no such number is issued.
 */
#ifndef SC_DOMAIN_ORGNR_H
#define SC_DOMAIN_ORGNR_H

#include <stdbool.h>

/*
 * Checks s: exactly nine ASCII digits (no spaces: write them together) and
 * the check digit. True when valid; otherwise *reason (may be NULL) gets a
 * static English msgid: "Write the organisation number as 9 digits." or
 * "This is not an organisation number: the check digit does not match.".
 */
bool orgnr_valid(const char *s, const char **reason);

/* The check digit of the first eight digits d[0..7] (each 0..9): 0..9, or
 * -1 when the remainder gives 10 and no number ends them. */
int orgnr_check_digit(const char d[8]);

#endif
