/*
 * account.c — bank account and organisation number checks; see account.h.
 */
#include "domain/account.h"

#include <stdbool.h>
#include <string.h>

#include "i18n/i18n.h"
#include "util/err.h"

/* Collects the digits of in, which must be ndigits digits, either ungrouped or
 * split into groups of the lengths in groups[] (ngroups of them) by one
 * separator character from seps used consistently. Leading and trailing
 * spaces are skipped. Returns true and fills digits (ndigits + NUL). */
static bool
collect_digits(const char *in, int ndigits, const int *groups, int ngroups,
    const char *seps, char *digits)
{
	size_t len;
	char sep = 0;
	int n = 0, group = 0, in_group = 0;

	while (*in == ' ')
		in++;
	len = strlen(in);
	while (len > 0 && in[len - 1] == ' ')
		len--;
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		if (c >= '0' && c <= '9') {
			if (n == ndigits)
				return false;
			digits[n++] = c;
			in_group++;
			continue;
		}
		if (strchr(seps, c) == NULL)
			return false;
		/* A separator must close a complete group, and be the same one
		 * throughout. */
		if (group >= ngroups - 1 || in_group != groups[group])
			return false;
		if (sep != 0 && c != sep)
			return false;
		sep = c;
		group++;
		in_group = 0;
	}
	if (n != ndigits)
		return false;
	if (sep != 0 && group != ngroups - 1)
		return false;
	digits[n] = '\0';
	return true;
}

/* The mod-11 check digit for the first n digits with weights w; -1 when the
 * remainder is 1 (no valid check digit exists, so such numbers are never
 * issued). */
static int
mod11_check_digit(const char *digits, const int *w, int n)
{
	int sum = 0;

	for (int i = 0; i < n; i++)
		sum += w[i] * (digits[i] - '0');
	int r = sum % 11;
	if (r == 0)
		return 0;
	if (r == 1)
		return -1;
	return 11 - r;
}

int
account_validate(const char *in, char out[12], const char **reason)
{
	static const int groups[3] = { 4, 2, 5 };
	static const int w[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	char digits[12];

	if (in == NULL || !collect_digits(in, 11, groups, 3, ". ", digits)) {
		if (reason != NULL)
			*reason = N_("must be 11 digits, written 1234.56.78903 or without dots");
		return SC_EINVAL;
	}
	if (mod11_check_digit(digits, w, 10) != digits[10] - '0') {
		if (reason != NULL)
			*reason = N_("the check digit does not match");
		return SC_EINVAL;
	}
	memcpy(out, digits, 12);
	return 0;
}

int
orgno_validate(const char *in, char out[10], const char **reason)
{
	static const int groups[3] = { 3, 3, 3 };
	static const int w[8] = { 3, 2, 7, 6, 5, 4, 3, 2 };
	char digits[10];

	if (in == NULL || !collect_digits(in, 9, groups, 3, " ", digits)) {
		if (reason != NULL)
			*reason = N_("must be 9 digits");
		return SC_EINVAL;
	}
	if (mod11_check_digit(digits, w, 8) != digits[8] - '0') {
		if (reason != NULL)
			*reason = N_("the check digit does not match");
		return SC_EINVAL;
	}
	memcpy(out, digits, 10);
	return 0;
}
