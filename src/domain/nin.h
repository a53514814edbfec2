/*
 * nin.h — Norwegian national identity numbers (fødselsnummer) and D-numbers.
 *
 * Eleven digits DDMMYYIIIKK: birth date, individual number III and two check
 * digits. A D-number (for people without a fødselsnummer) adds 4 to the first
 * digit of the day (days 41..71). The century follows from the individual
 * number and the two-digit year (Skatteetaten's table). The second check digit
 * k2 is mod 11 as it has always been; the first, k1, follows the rule
 * Skatteetaten published for numbers issued from 2032, which accepts several
 * values of k1 and includes the old rule as a special case.
 *
 * Two kinds of look-alike numbers are refused unless the caller asks for them:
 * H-numbers (health-service auxiliary numbers: month + 40) and synthetic test
 * numbers from Skatteetaten's test data (Tenor: month + 80). Neither identifies
 * a real person, so registering a participant must not accept them;
 * test fixtures and demo data can pass NIN_ALLOW_SYNTHETIC.
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_NIN_H
#define SC_DOMAIN_NIN_H

#include <stdbool.h>

#include "domain/date.h"

/* What kind of number it is. */
enum nin_kind {
	NIN_FNR = 1,	/* fødselsnummer */
	NIN_DNR = 2,	/* D-number: day + 40 */
	NIN_HNR = 3,	/* H-number: month + 40 (only with NIN_ALLOW_HNR) */
};

/* Sex as encoded in the 9th digit (odd = male, even = female). Numbers whose
 * k1 does not satisfy the old rule are the gender-neutral numbers issued from
 * 2032, and for them the digit says nothing: NIN_SEX_UNKNOWN. */
enum nin_sex {
	NIN_SEX_UNKNOWN = 0,
	NIN_SEX_MALE = 1,
	NIN_SEX_FEMALE = 2,
};

/* Flags for nin_validate_ex(). */
#define NIN_ALLOW_SYNTHETIC 0x1u	/* accept Tenor test numbers (month + 80) */
#define NIN_ALLOW_HNR       0x2u	/* accept H-numbers (month + 40) */

/* What a valid number says. */
struct nin_info {
	enum nin_kind kind;
	bool synthetic;		/* a Tenor test number (month + 80) */
	bool old_k1_rule;	/* k1 follows the pre-2032 rule (sum mod 11 == 0) */
	struct date birth;	/* birth date, century resolved */
	enum nin_sex sex;	/* NIN_SEX_UNKNOWN unless old_k1_rule */
	char digits[12];	/* the 11 digits, NUL-terminated */
};

/* Validates a fødselsnummer or D-number: exactly 11 ASCII digits (no spaces),
 * valid check digits, a real birth date. H-numbers and synthetic numbers are
 * refused. Returns 0 and fills *out (which may be NULL), or SC_EINVAL and
 * sets *reason (which may be NULL) to a short static English message:
 * "must be 11 digits", "the check digits do not match", "is not a valid date",
 * ... *out is left untouched on failure. A birth date in the future is not
 * checked here (the caller knows today). */
int nin_validate(const char *s, struct nin_info *out, const char **reason);

/* As nin_validate(), with flags NIN_ALLOW_SYNTHETIC and NIN_ALLOW_HNR. */
int nin_validate_ex(const char *s, unsigned flags, struct nin_info *out,
    const char **reason);

/* 1 when the number's birth date equals birth, else 0. */
int nin_matches_birth_date(const struct nin_info *info, struct date birth);

#endif
