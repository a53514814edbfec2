/*
 * orgnr.c — organisation numbers; see orgnr.h.
 */
#include "domain/orgnr.h"

#include "i18n/i18n.h"

#include <string.h>

int
orgnr_check_digit(const char d[8])
{
	static const int weights[8] = {3, 2, 7, 6, 5, 4, 3, 2};
	int sum = 0;
	for (int i = 0; i < 8; i++)
		sum += d[i] * weights[i];
	int r = sum % 11;
	if (r == 0)
		return 0;
	if (r == 1)
		return -1;
	return 11 - r;
}

bool
orgnr_valid(const char *s, const char **reason)
{
	const char *why = NULL;
	if (s == NULL || strlen(s) != 9)
		why = N_("Write the organisation number as 9 digits.");
	else {
		char d[9];
		for (int i = 0; i < 9 && why == NULL; i++) {
			if (s[i] < '0' || s[i] > '9')
				why = N_("Write the organisation number as 9 digits.");
			else
				d[i] = (char)(s[i] - '0');
		}
		if (why == NULL && orgnr_check_digit(d) != d[8])
			why = N_("This is not an organisation number: the check digit does not match.");
	}
	if (reason != NULL)
		*reason = why;
	return why == NULL;
}
