/*
 * user.c — staff accounts and API token requests; see user.h.
 */
#include "domain/user.h"

#include "domain/access.h"
#include "domain/authrules.h"
#include "i18n/i18n.h"
#include "util/err.h"

#include <stddef.h>

/* A username as authrules says (the parser takes the trimmed text). */
static const char *
parse_username(const struct field *f, const char *text, void *rec, struct arena *a)
{
	(void)a;
	const char *reason = NULL;
	if (username_validate(text, &reason) != SC_OK)
		return reason;
	*FIELD_AT(rec, f, const char *) = text;
	return NULL;
}

/* A name of a person or a token: 1-120 bytes of text. */
static const char *
parse_name(const struct field *f, const char *text, void *rec, struct arena *a)
{
	(void)a;
	const char *reason = NULL;
	if (display_name_validate(text, &reason) != SC_OK)
		return reason;
	*FIELD_AT(rec, f, const char *) = text;
	return NULL;
}

/* A token's lifetime as authrules says: whole days, 1..365. */
static const char *
parse_lifetime(const struct field *f, const char *text, void *rec, struct arena *a)
{
	(void)a;
	const char *reason = NULL;
	int days = 0;
	if (token_lifetime_parse(text, &days, &reason) != SC_OK)
		return reason;
	*FIELD_AT(rec, f, int64_t) = days;
	return NULL;
}

#define F_ID {.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct staff_user, id), \
	.label = N_("Number"), .part = -1}
#define F_USERNAME {.key = "username", .type = FT_LINE, .flags = FF_REQUIRED, \
	.offset = offsetof(struct staff_user, username), .label = N_("Username"), .parse = parse_username, \
	.part = -1}
#define F_DISPLAY_NAME {.key = "display_name", .type = FT_LINE, .flags = FF_REQUIRED, \
	.offset = offsetof(struct staff_user, display_name), .label = N_("Display name"), \
	.parse = parse_name, .part = -1}
#define F_ROLES {.key = "roles", .type = FT_SET, .flags = FF_REQUIRED, \
	.offset = offsetof(struct staff_user, roles), .label = N_("Roles"), .options = role_options, \
	.noptions = ROLE_COUNT, .missing = N_("Choose at least one role."), \
	.invalid = N_("Choose roles from the list."), .part = -1}
#define F_LANGUAGE {.key = "language", .type = FT_LINE, .flags = FF_OUT, \
	.offset = offsetof(struct staff_user, language), .label = N_("Language"), .part = -1}
#define F_ACTIVE {.key = "active", .type = FT_BOOL, .offset = offsetof(struct staff_user, active), \
	.label = N_("Active"), .part = -1}
#define F_VERSION {.key = "version", .type = FT_INT, .flags = FF_OUT, \
	.offset = offsetof(struct staff_user, version), .label = N_("Version"), .part = -1}

static const struct field user_all[] = {
	F_ID, F_USERNAME, F_DISPLAY_NAME, F_ROLES, F_LANGUAGE, F_ACTIVE, F_VERSION,
};
static const struct field user_new[] = {F_USERNAME, F_DISPLAY_NAME, F_ROLES};
static const struct field user_edit[] = {F_DISPLAY_NAME, F_ROLES, F_ACTIVE};

const struct fields staff_user_fields = FIELDS(user_all);
const struct fields staff_user_new_fields = FIELDS(user_new);
const struct fields staff_user_edit_fields = FIELDS(user_edit);

const char *const staff_roles_api_message =
	N_("Give a list of roles: admin, leader, contact, teacher, health, liaison, finance, analyst, national.");

bool
staff_user_check_new(const struct staff_user *u, const char *password, struct field_errors *e)
{
	const char *reason = NULL;
	if (password_policy_check(password, u->username, &reason) != SC_OK) {
		field_error_add(e, "password", reason);
		return false;
	}
	return true;
}

static const struct field token_fields[] = {
	{.key = "name", .type = FT_LINE, .flags = FF_REQUIRED, .offset = offsetof(struct token_request, name),
	 .label = N_("Name"), .parse = parse_name, .part = -1},
	{.key = "lifetime", .type = FT_INT, .offset = offsetof(struct token_request, lifetime),
	 .label = N_("Lifetime in days"), .hint = N_("From 1 to 365 days. The token stops working when it expires."),
	 .parse = parse_lifetime, .part = -1},
};

const struct fields token_request_fields = FIELDS(token_fields);

int
token_request_days(const struct token_request *t)
{
	return t->lifetime == FIELD_NONE ? TOKEN_LIFETIME_DEFAULT_DAYS : (int)t->lifetime;
}
