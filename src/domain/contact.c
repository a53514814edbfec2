/*
 * contact.c — telephone, e-mail and postcode checks; see contact.h.
 */
#include "domain/contact.h"

#include <stdbool.h>
#include <string.h>

#include "i18n/i18n.h"
#include "util/err.h"

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
fail(const char **reason, const char *why)
{
	if (reason != NULL)
		*reason = why;
	return SC_EINVAL;
}

int
phone_normalise(const char *in, char out[PHONE_MAX], const char **reason)
{
	/* Room for more digits than any valid number, so that too long input
	 * gets the right message rather than a generic one. */
	char digits[24];
	size_t n = 0;
	bool plus = false;

	if (in == NULL)
		return fail(reason, N_("must be 8 digits, or + and the country code for a number abroad"));
	while (*in == ' ')
		in++;
	if (*in == '+') {
		plus = true;
		in++;
	}
	for (const char *p = in; *p != '\0'; p++) {
		if (is_digit(*p)) {
			if (n == sizeof digits - 1)
				return fail(reason, N_("is too long for a telephone number"));
			digits[n++] = *p;
		} else if (*p != ' ' && *p != '-') {
			return fail(reason, N_("may contain only digits, spaces and a leading +"));
		}
	}
	digits[n] = '\0';

	const char *d = digits;
	if (!plus && n >= 2 && d[0] == '0' && d[1] == '0') {
		plus = true;		/* international call prefix 00 */
		d += 2;
		n -= 2;
	}
	if (plus && n >= 2 && d[0] == '4' && d[1] == '7') {
		d += 2;
		n -= 2;
		if (n != 8)
			return fail(reason, N_("a Norwegian number must have 8 digits after +47"));
		plus = false;
	}
	if (!plus) {
		if (n != 8)
			return fail(reason, N_("must be 8 digits, or + and the country code for a number abroad"));
		if (d[0] == '0' || d[0] == '1')
			return fail(reason, N_("a Norwegian number cannot start with 0 or 1"));
		memcpy(out, "+47", 3);
		memcpy(out + 3, d, 9);
		return 0;
	}
	if (n == 0)
		return fail(reason, N_("must have 8 to 15 digits after +"));
	if (d[0] == '0')
		return fail(reason, N_("the country code cannot start with 0"));
	if (n < 8 || n > 15)
		return fail(reason, N_("must have 8 to 15 digits after +"));
	out[0] = '+';
	memcpy(out + 1, d, n + 1);
	return 0;
}

/* RFC 5322 atext: letters, digits and these. */
static bool
is_atext(char c)
{
	return is_digit(c) || is_alpha(c) ||
	    (c != '\0' && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

int
email_validate(const char *s, const char **reason)
{
	if (s == NULL || *s == '\0')
		return fail(reason, N_("must not be empty"));
	size_t len = strlen(s);
	if (len > EMAIL_MAX_LEN)
		return fail(reason, N_("is longer than 254 characters"));
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t')
			return fail(reason, N_("must not contain spaces"));
		if (c < 0x20 || c == 0x7f)
			return fail(reason, N_("contains a control character"));
	}
	const char *at = strchr(s, '@');
	if (at == NULL || strchr(at + 1, '@') != NULL)
		return fail(reason, N_("must contain exactly one @"));

	size_t local_len = (size_t)(at - s);
	if (local_len == 0)
		return fail(reason, N_("the part before @ is empty"));
	if (local_len > 64)
		return fail(reason, N_("the part before @ is longer than 64 characters"));
	for (size_t i = 0; i < local_len; i++) {
		if (s[i] == '.') {
			if (i == 0 || i == local_len - 1 || s[i + 1] == '.')
				return fail(reason, N_("the part before @ has a misplaced dot"));
		} else if (!is_atext(s[i])) {
			return fail(reason, N_("the part before @ contains a character that is not allowed"));
		}
	}

	const char *dom = at + 1;
	if (*dom == '\0')
		return fail(reason, N_("the part after @ is empty"));
	if (strchr(dom, '.') == NULL)
		return fail(reason, N_("the domain must contain a dot"));
	const char *label = dom;
	for (;;) {
		size_t ll = 0;
		bool all_digits = true;
		while (label[ll] != '\0' && label[ll] != '.') {
			char c = label[ll];
			if (!is_alpha(c) && !is_digit(c) && c != '-')
				return fail(reason, N_("the domain may contain only letters, digits, hyphens and dots"));
			if (!is_digit(c))
				all_digits = false;
			ll++;
		}
		if (ll == 0)
			return fail(reason, N_("the domain has an empty part"));
		if (ll > 63)
			return fail(reason, N_("a part of the domain is longer than 63 characters"));
		if (label[0] == '-' || label[ll - 1] == '-')
			return fail(reason, N_("a part of the domain cannot start or end with a hyphen"));
		if (label[ll] == '\0') {
			if (all_digits)
				return fail(reason, N_("the domain must end with a name such as .no"));
			break;
		}
		label += ll + 1;
	}
	return 0;
}

int
postcode_validate(const char *s, const char **reason)
{
	if (s == NULL)
		return fail(reason, N_("must be 4 digits"));
	for (int i = 0; i < 4; i++) {
		if (!is_digit(s[i]))
			return fail(reason, N_("must be 4 digits"));
	}
	if (s[4] != '\0')
		return fail(reason, N_("must be 4 digits"));
	return 0;
}
