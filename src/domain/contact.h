/*
 * contact.h — contact details: telephone numbers, e-mail addresses and
 * Norwegian postcodes.
 *
 * Telephone numbers are stored in E.164 form ("+4741234567") so that one
 * number has one spelling; the forms people type are normalised here.
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_CONTACT_H
#define SC_DOMAIN_CONTACT_H

/* Bytes phone_normalise() may write: "+", up to 15 digits and NUL. */
#define PHONE_MAX 17

/* Longest e-mail address email_validate() accepts (RFC 5321 path limit). */
#define EMAIL_MAX_LEN 254

/* Normalises a telephone number to E.164. Spaces and hyphens between the parts
 * are ignored; leading and trailing spaces too.
 *  - Norwegian: 8 digits not starting with 0 or 1, optionally preceded by +47
 *    or 0047, becomes "+47XXXXXXXX".
 *  - Abroad: "+" or "00", then the country code (not starting with 0) and
 *    number, 8 to 15 digits in all, becomes "+" and the digits.
 * Returns 0 and writes the result (at most PHONE_MAX bytes with NUL) into out,
 * or SC_EINVAL (out untouched) and sets *reason (may be NULL) to a short
 * static English message. in may be NULL (SC_EINVAL). */
int phone_normalise(const char *in, char out[PHONE_MAX], const char **reason);

/* Checks an e-mail address pragmatically (not the full RFC 5322 grammar):
 * at most EMAIL_MAX_LEN bytes, no spaces or control characters, exactly one
 * "@"; a local part of 1..64 characters from the RFC 5322 atext set and dots
 * (no leading, trailing or doubled dot); a domain of two or more dot-separated
 * labels of 1..63 ASCII letters, digits and hyphens, no label starting or
 * ending with a hyphen, the last label not all digits. Internationalised
 * domains must be given in their xn-- form. Returns 0, or SC_EINVAL with
 * *reason (may be NULL) set. s may be NULL (SC_EINVAL). */
int email_validate(const char *s, const char **reason);

/* Checks a Norwegian postcode: exactly 4 ASCII digits. Returns 0, or
 * SC_EINVAL with *reason (may be NULL) set. s may be NULL (SC_EINVAL). */
int postcode_validate(const char *s, const char **reason);

#endif
