/*
 * account.h — Norwegian bank account numbers and organisation numbers.
 *
 * Both end in a mod-11 check digit. A bank account number (kontonummer) has
 * 11 digits, usually written 1234.56.78903 or 1234 56 78903; participants'
 * benefits are paid to it. An organisation number (organisasjonsnummer) from
 * the Central Coordinating Register has 9 digits, often written 123 456 789;
 * employers are identified by it. The organisation number shares this module
 * because it shares the check, but has its own prefix (orgno_).
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_ACCOUNT_H
#define SC_DOMAIN_ACCOUNT_H

/* Validates and normalises a bank account number. Accepts 11 digits, either
 * ungrouped or in the 4.2.5 grouping with one kind of separator, a dot or a
 * space ("1234.56.78903", "1234 56 78903"); leading and trailing spaces are
 * ignored. The last digit must be the mod-11 check digit over the first ten
 * (weights 5,4,3,2,7,6,5,4,3,2; remainder 0 gives 0, remainder 1 is never
 * issued). Returns 0 and writes the 11 digits plus NUL into out, or SC_EINVAL,
 * leaves out untouched, and sets *reason (may be NULL) to a short static
 * English message. in may be NULL (SC_EINVAL). */
int account_validate(const char *in, char out[12], const char **reason);

/* Validates and normalises an organisation number: 9 digits, ungrouped or
 * written 3-3-3 with single spaces ("974 760 673"); leading and trailing spaces
 * are ignored. The last digit is the mod-11 check digit over the first eight
 * (weights 3,2,7,6,5,4,3,2). Returns 0 and writes the 9 digits plus NUL into
 * out, or SC_EINVAL (out untouched) with *reason set as for
 * account_validate(). */
int orgno_validate(const char *in, char out[10], const char **reason);

#endif
