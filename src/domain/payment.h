/*
 * payment.h — what a payment file needs of the rules: a Norwegian IBAN
 * from an account number (BBAN), the requested execution date, and the
 * end-to-end reference of a statement.
 *
 * A Norwegian IBAN is "NO", two check digits and the 11 digits of the
 * account (ISO 13616): the check digits are 98 minus the remainder mod 97
 * of the account digits followed by "NO00" with the letters as numbers
 * (N = 23, O = 24), written with two digits.
 */
#ifndef SC_DOMAIN_PAYMENT_H
#define SC_DOMAIN_PAYMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"

/* The IBAN of an 11-digit Norwegian account ("NO9386011117947" for
 * 86011117947) and a NUL into out; SC_EINVAL (out untouched) when bban is
 * not a valid account number (account_validate()). */
int payment_iban(const char *bban, char out[16]);

/* True when iban is a valid IBAN of any country: 15..34 letters and
 * digits, country letters first, mod 97 of the rearranged number is 1. */
bool payment_iban_valid(const char *iban);

/*
 * The requested execution date of the payments of month (year, month):
 * day `day` (1..28) of the month after it, or today when that has passed;
 * moved on to the next Monday when it falls on a Saturday or Sunday.
 */
struct date payment_execution_date(int year, int month, int day, struct date today);

/* The end-to-end reference of a statement: "SC<run>-<statement>" (at most
 * 35 characters, ISO 20022's Max35Text) into out. */
void payment_end_to_end(int64_t run_id, int64_t statement_id, char out[36]);

/* Amount in øre as ISO 20022 writes it: "1234.50" into out. */
void payment_amount_text(int64_t ore, char out[24]);

#endif
