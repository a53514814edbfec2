/*
 * user.h — staff accounts and their API tokens, as forms, the API and the
 * commands see them: the records and their fields, declared once
 * (domain/field.h), and the rules the types do not hold.
 *
 * A user's roles are a set of role_options (domain/access.h), so the
 * FT_SET value of "roles" is a ROLE_BIT set: the installation's roles
 * (administrator, national analyst) and those held in one centre.
 * Passwords are not fields: they are read, checked by
 * password_policy_check() (authrules.h) and hashed, never stored as given
 * nor shown back.
 */
#ifndef SC_DOMAIN_USER_H
#define SC_DOMAIN_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/field.h"

/* A staff account. Field keys (form, API): id, username, display_name,
 * roles, language, active, version. */
struct staff_user {
	int64_t id;
	const char *username;       /* required: 2-64 of a-z 0-9 . _ -, from a letter */
	const char *display_name;   /* required: 1-120 bytes of text */
	uint32_t roles;             /* required: ROLE_BIT set, in the centre and the installation's */
	const char *language;       /* kept by the product: "nb" or "en" */
	int active;                 /* 1 yes, 0 no; -1 (not ticked) is no */
	int64_t version;            /* kept by the product: bumped by every change */
};

/* Every field, in the order of the API's JSON. */
extern const struct fields staff_user_fields;
/* What a new user is given: username, display_name, roles. */
extern const struct fields staff_user_new_fields;
/* What an edit changes: display_name, roles, active. */
extern const struct fields staff_user_edit_fields;

/* The rules of a new user the types do not hold: the password (may be
 * NULL: not given) must pass the policy for the username. Adds to e (under
 * "password"); true when there is nothing to add. */
bool staff_user_check_new(const struct staff_user *u, const char *password, struct field_errors *e);

/* The API's words for any error of "roles" (msgid): they name the role
 * keys, which the form's checkboxes show already. */
extern const char *const staff_roles_api_message;

/* A new API token as its owner asks for it. Field keys: name, lifetime. */
struct token_request {
	const char *name;       /* required: 1-120 bytes of text */
	int64_t lifetime;       /* days, 1..TOKEN_LIFETIME_MAX_DAYS; FIELD_NONE: the default */
};

extern const struct fields token_request_fields;

/* The lifetime in days the request asks for (the default when not given). */
int token_request_days(const struct token_request *t);

#endif
