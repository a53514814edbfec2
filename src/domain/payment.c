/*
 * payment.c — IBAN, execution date and references of a payment file; see
 * payment.h.
 */
#include "domain/payment.h"

#include "domain/account.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

/* The remainder mod 97 of the decimal number the characters spell, letters
 * as two digits (A = 10 .. Z = 35). */
static int
mod97(const char *s)
{
	int r = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			r = (r * 10 + (*s - '0')) % 97;
		else
			r = (r * 100 + (*s - 'A' + 10)) % 97;
	}
	return r;
}

int
payment_iban(const char *bban, char out[16])
{
	char digits[12];
	if (account_validate(bban, digits, NULL) != SC_OK)
		return SC_EINVAL;
	char check[20];
	snprintf(check, sizeof check, "%sNO00", digits);
	int cd = 98 - mod97(check);   /* 2..98 */
	out[0] = 'N';
	out[1] = 'O';
	out[2] = (char)('0' + cd / 10);
	out[3] = (char)('0' + cd % 10);
	memcpy(out + 4, digits, 12);   /* the 11 digits and the NUL */
	return SC_OK;
}

bool
payment_iban_valid(const char *iban)
{
	size_t n = iban != NULL ? strlen(iban) : 0;
	if (n < 15 || n > 34)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = iban[i];
		bool letter = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
		if (i < 2 ? !letter : i < 4 ? !digit : !(letter || digit))
			return false;
	}
	char moved[40];
	snprintf(moved, sizeof moved, "%s%.4s", iban + 4, iban);
	return mod97(moved) == 1;
}

struct date
payment_execution_date(int year, int month, int day, struct date today)
{
	if (day < 1)
		day = 1;
	if (day > 28)
		day = 28;
	struct date d = {month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, day};
	if (date_cmp(d, today) < 0)
		d = today;
	int wd = date_weekday(d);
	if (wd == 6)
		d = date_add_days(d, 2);
	else if (wd == 7)
		d = date_add_days(d, 1);
	return d;
}

void
payment_end_to_end(int64_t run_id, int64_t statement_id, char out[36])
{
	snprintf(out, 36, "SC%lld-%lld", (long long)run_id, (long long)statement_id);
}

void
payment_amount_text(int64_t ore, char out[24])
{
	uint64_t m = ore < 0 ? (uint64_t)0 - (uint64_t)ore : (uint64_t)ore;
	snprintf(out, 24, "%s%llu.%02llu", ore < 0 ? "-" : "", (unsigned long long)(m / 100),
		 (unsigned long long)(m % 100));
}
