/*
 * nin.c — validation of fødselsnummer and D-numbers; see nin.h.
 */
#include "domain/nin.h"

#include <string.h>

#include "i18n/i18n.h"
#include "util/err.h"

static const int k1_weights[9] = { 3, 7, 6, 1, 8, 9, 4, 5, 2 };
static const int k2_weights[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };

/* The full year for a two-digit year and an individual number, after
 * Skatteetaten's table; -1 when the combination is never issued. */
static int
nin_century_year(int yy, int individual)
{
	if (individual <= 499)
		return 1900 + yy;
	if (individual <= 749 && yy >= 54)
		return 1800 + yy;
	if (yy <= 39)
		return 2000 + yy;	/* individual 500..999 */
	if (individual >= 900)
		return 1900 + yy;	/* yy 40..99 */
	return -1;
}

int
nin_validate_ex(const char *s, unsigned flags, struct nin_info *out,
    const char **reason)
{
	const char *why = NULL;
	int dg[11];
	struct nin_info info;

	memset(&info, 0, sizeof info);
	if (s == NULL) {
		why = N_("must be 11 digits");
		goto fail;
	}
	for (int i = 0; i < 11; i++) {
		if (s[i] < '0' || s[i] > '9') {
			why = N_("must be 11 digits");
			goto fail;
		}
		dg[i] = s[i] - '0';
	}
	if (s[11] != '\0') {
		why = N_("must be 11 digits");
		goto fail;
	}

	/* k2: plain mod 11; remainder 1 would need a check digit of 10, so no
	 * such number is ever issued. */
	int sum2 = 0;
	for (int i = 0; i < 10; i++)
		sum2 += k2_weights[i] * dg[i];
	int r2 = sum2 % 11;
	int k2 = r2 == 0 ? 0 : 11 - r2;
	/* k1: from 2032, valid when the weighted sum including k1 (weight 1) is
	 * 0, 1, 2 or 3 mod 11; the pre-2032 rule is the case 0. */
	int sum1 = dg[9];
	for (int i = 0; i < 9; i++)
		sum1 += k1_weights[i] * dg[i];
	int r1 = sum1 % 11;
	if (k2 == 10 || k2 != dg[10] || r1 > 3) {
		why = N_("the check digits do not match");
		goto fail;
	}
	info.old_k1_rule = r1 == 0;

	int day = dg[0] * 10 + dg[1];
	int month = dg[2] * 10 + dg[3];
	int yy = dg[4] * 10 + dg[5];
	int individual = dg[6] * 100 + dg[7] * 10 + dg[8];

	info.kind = NIN_FNR;
	if (day > 40) {
		info.kind = NIN_DNR;
		day -= 40;
	}
	if (month >= 81 && month <= 92) {
		if (!(flags & NIN_ALLOW_SYNTHETIC)) {
			why = N_("is a synthetic test number");
			goto fail;
		}
		info.synthetic = true;
		month -= 80;
	} else if (month >= 41 && month <= 52) {
		if (!(flags & NIN_ALLOW_HNR)) {
			why = N_("is an H-number, not a national identity number");
			goto fail;
		}
		if (info.kind == NIN_DNR) {
			why = N_("is not a valid date");
			goto fail;
		}
		info.kind = NIN_HNR;
		month -= 40;
	}

	int year = nin_century_year(yy, individual);
	if (year < 0) {
		why = N_("the individual number does not fit the birth year");
		goto fail;
	}
	info.birth = (struct date){ .y = year, .m = month, .d = day };
	if (!date_is_valid(info.birth)) {
		why = N_("is not a valid date");
		goto fail;
	}

	if (info.old_k1_rule)
		info.sex = dg[8] % 2 ? NIN_SEX_MALE : NIN_SEX_FEMALE;
	else
		info.sex = NIN_SEX_UNKNOWN;
	memcpy(info.digits, s, 11);
	info.digits[11] = '\0';
	if (out != NULL)
		*out = info;
	return 0;

fail:
	if (reason != NULL)
		*reason = why;
	return SC_EINVAL;
}

int
nin_validate(const char *s, struct nin_info *out, const char **reason)
{
	return nin_validate_ex(s, 0, out, reason);
}

int
nin_matches_birth_date(const struct nin_info *info, struct date birth)
{
	return info != NULL && date_cmp(info->birth, birth) == 0;
}
