/*
 * test_user.c — the platform's declared records (src/domain/user.c,
 * audit.c, centre.c): a user, an API token request, the audit log's
 * filters and a centre, each field read from form text as rows of valid
 * and invalid input with the words the form shows, and the rules the
 * types do not hold.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/access.h"
#include "domain/audit.h"
#include "domain/centre.h"
#include "domain/user.h"
#include "util/arena.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* One field of a record read from text: the error wanted (NULL: valid). */
struct row {
	const char *key, *text;
	const char *reason;
};

/* Reads each row's field into a cleared record of fs, then the required
 * fields; the row's field alone is in error, or none is. */
static void
check_rows(struct fields fs, void *rec, const struct row *rows, size_t n, const char *const *fill)
{
	struct arena *a = arena_new();
	assert_non_null(a);
	for (size_t i = 0; i < n; i++) {
		struct field_errors e = {0};
		fields_clear(fs, rec);
		/* the other required fields, given */
		for (size_t k = 0; fill != NULL && fill[k] != NULL; k += 2)
			if (strcmp(fill[k], rows[i].key) != 0)
				assert_true(field_read_text(fields_find(fs, fill[k]), fill[k + 1], rec, a, &e));
		const struct field *f = fields_find(fs, rows[i].key);
		assert_non_null(f);
		field_read_text(f, rows[i].text, rec, a, &e);
		fields_check_required(fs, rec, &e);
		if (rows[i].reason == NULL) {
			if (e.n != 0)
				fail_msg("row %zu (%s \"%s\"): %s: %s", i, rows[i].key, rows[i].text, e.field[0],
					 e.reason[0]);
		} else {
			if (e.n != 1)
				fail_msg("row %zu (%s \"%s\"): %d errors, want 1", i, rows[i].key, rows[i].text, e.n);
			assert_string_equal(e.field[0], rows[i].key);
			assert_string_equal(e.reason[0], rows[i].reason);
		}
	}
	arena_free(a);
}

/* ---- a new user ---- */

static const char *const user_fill[] = {"username", "ola", "display_name", "Ola", "roles", "contact", NULL};

static const struct row user_rows[] = {
	{"username", "ola.nordmann", NULL},
	{"username", "o2", NULL},
	{"username", " ola ", NULL},                 /* trimmed, as every field */
	{"username", "", "This field is required."},
	{"username", "o", "Username must be 2 to 64 characters."},
	{"username", "Ola", "Username must start with a letter a-z."},
	{"username", "9ola", "Username must start with a letter a-z."},
	{"username", "ola nordmann", "Username may hold only a-z, 0-9, dot, underscore and hyphen."},
	{"display_name", "Åse Ærø", NULL},
	{"display_name", "", "This field is required."},
	{"display_name", "a\x01" "b", "Name contains control characters."},
	{"display_name", "\xff", "Name contains characters that are not valid text."},
	{"roles", "contact", NULL},
	{"roles", "national", NULL},
	{"roles", "", "Choose at least one role."},
};

static void
test_new_user_rows(void **state)
{
	(void)state;
	struct staff_user u;
	check_rows(staff_user_new_fields, &u, user_rows, NELEM(user_rows), user_fill);
}

/* The roles are a ROLE_BIT set: option i is role i. */
static void
test_roles_are_role_bits(void **state)
{
	(void)state;
	const struct field *f = fields_find(staff_user_fields, "roles");
	assert_non_null(f);
	assert_int_equal(f->noptions, ROLE_COUNT);
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_string_equal(f->options[r].key, role_key((enum role)r));
		assert_int_equal(field_option_index(f, role_key((enum role)r)), r);
	}
	assert_int_equal(field_option_index(f, "superuser"), -1);
	/* the installation's roles are the administrator's and the national analyst's */
	assert_int_equal(ROLE_INSTALLATION_BITS, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_NATIONAL));
	/* JSON in the order of the API: id, username, display_name, roles, language, active, version */
	static const char *const order[] = {"id", "username", "display_name", "roles", "language", "active",
					    "version"};
	assert_int_equal(staff_user_fields.n, NELEM(order));
	for (size_t i = 0; i < NELEM(order); i++)
		assert_string_equal(staff_user_fields.f[i].key, order[i]);
}

struct pw_row {
	const char *password, *username;
	const char *reason;
};

static const struct pw_row pw_rows[] = {
	{"a long password here", "ola", NULL},
	{NULL, "ola", "This field is required."},
	{"", "ola", "This field is required."},
	{"short", "ola", "Password must be at least 12 characters."},
	{"ola.nordmann", "ola.nordmann", "Password must not be the username."},
};

static void
test_new_user_password(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(pw_rows); i++) {
		struct staff_user u = {.username = pw_rows[i].username};
		struct field_errors e = {0};
		bool ok = staff_user_check_new(&u, pw_rows[i].password, &e);
		assert_int_equal(ok, pw_rows[i].reason == NULL);
		if (pw_rows[i].reason != NULL) {
			assert_int_equal(e.n, 1);
			assert_string_equal(e.field[0], "password");
			assert_string_equal(e.reason[0], pw_rows[i].reason);
		}
	}
}

/* An edit: the active box ticked (any of the form's yes words) or not. */
static void
test_edit_active(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct field *f = fields_find(staff_user_edit_fields, "active");
	assert_non_null(f);
	static const struct {
		const char *text;
		int want;
	} rows[] = {{"1", 1}, {"yes", 1}, {"", -1}, {"0", 0}};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct staff_user u;
		struct field_errors e = {0};
		fields_clear(staff_user_edit_fields, &u);
		assert_true(field_read_text(f, rows[i].text, &u, a, &e));
		assert_int_equal(u.active, rows[i].want);
	}
	/* an edit changes no username */
	assert_null(fields_find(staff_user_edit_fields, "username"));
	arena_free(a);
}

/* ---- an API token ---- */

static const char *const token_fill[] = {"name", "my script", NULL};

static const struct row token_rows[] = {
	{"name", "laptop", NULL},
	{"name", "", "This field is required."},
	{"lifetime", "", NULL},
	{"lifetime", "1", NULL},
	{"lifetime", "365", NULL},
	{"lifetime", "0", "Lifetime must be from 1 to 365 days."},
	{"lifetime", "366", "Lifetime must be from 1 to 365 days."},
	{"lifetime", "-1", "Lifetime must be a whole number of days."},
	{"lifetime", "1.5", "Lifetime must be a whole number of days."},
	{"lifetime", "forever", "Lifetime must be a whole number of days."},
};

static void
test_token_rows(void **state)
{
	(void)state;
	struct token_request t;
	check_rows(token_request_fields, &t, token_rows, NELEM(token_rows), token_fill);
	struct arena *a = arena_new();
	struct field_errors e = {0};
	fields_clear(token_request_fields, &t);
	assert_int_equal(token_request_days(&t), 90);
	field_read_text(fields_find(token_request_fields, "lifetime"), "30", &t, a, &e);
	assert_int_equal(token_request_days(&t), 30);
	arena_free(a);
}

/* ---- the audit log's filters ---- */

static const struct row audit_rows[] = {
	{"user", "kari", NULL},
	{"action", "participant.", NULL},
	{"from", "2025-01-31", NULL},
	{"from", "2025-13-01", "%s is not a date: there is no month %s."},
	{"to", "yesterday", "Write the date as YYYY-MM-DD."},
	{"page", "1", NULL},
	{"page", "0", "The page must be a whole number from 1."},
	{"page", "abc", "The page must be a whole number from 1."},
	{"per_page", "200", NULL},
	{"per_page", "201", "per_page must be from 1 to 200."},
	{"per_page", "0", "per_page must be from 1 to 200."},
};

static void
test_audit_filter_rows(void **state)
{
	(void)state;
	struct audit_query q;
	check_rows(audit_query_api_fields, &q, audit_rows, NELEM(audit_rows), NULL);
	/* the page takes per_page as the API does (paging's one rule) */
	check_rows(audit_query_fields, &q, audit_rows, NELEM(audit_rows), NULL);
}

static void
test_audit_range_rule(void **state)
{
	(void)state;
	static const struct {
		struct date from, to;
		bool ok;
	} rows[] = {
		{{2025, 3, 1}, {2025, 3, 1}, true},     /* one day */
		{{2025, 3, 1}, {2025, 3, 2}, true},
		{{2025, 3, 2}, {2025, 3, 1}, false},
		{{0, 0, 0}, {2025, 3, 1}, true},        /* open start */
		{{2025, 3, 2}, {0, 0, 0}, true},        /* open end */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct audit_query q = {.from = rows[i].from, .to = rows[i].to};
		struct field_errors e = {0};
		assert_int_equal(audit_query_check(&q, &e), rows[i].ok);
		if (!rows[i].ok) {
			assert_string_equal(e.field[0], "to");
			assert_string_equal(e.reason[0], "The end date must not be before the start date.");
		}
	}
}

/* What the log's action filter is given: a code as it is, a first part
 * as its prefix. */
static void
test_audit_action_filter(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_non_null(a);
	assert_null(audit_action_filter("", a));
	assert_null(audit_action_filter(NULL, a));
	assert_string_equal(audit_action_filter("participant", a), "participant.");
	assert_string_equal(audit_action_filter("participant.", a), "participant.");
	assert_string_equal(audit_action_filter("participant.update", a), "participant.update");
	assert_string_equal(audit_action_filter("user.password.change", a), "user.password.change");
	arena_free(a);
}

/* ---- centres ---- */

static const struct row centre_rows[] = {
	{"name", "Second Chance Oslo", NULL},
	{"name", "", "This field is required."},
	{"name", "tab\tname", "Name contains control characters."},
};

static void
test_centre_rows(void **state)
{
	(void)state;
	struct centre c;
	check_rows(centre_fields, &c, centre_rows, NELEM(centre_rows), NULL);
	struct centre_choice ch;
	static const struct row choice_rows[] = {
		{"centre", "2", NULL},
		{"centre", "", "Choose a centre."},
		{"centre", "0", "Choose one from the list."},
	};
	check_rows(centre_choice_fields, &ch, choice_rows, NELEM(choice_rows), NULL);
}

/* The total of figures adds every count, never a name. */
static void
test_centre_figures_total(void **state)
{
	(void)state;
	struct centre_figures total = {.id = 0, .name = ""};
	struct centre_figures a = {1, "A", 10, 1, 5, 3, 4, 0}, b = {2, "B", 7, 0, 2, 1, 3, 0};
	centre_figures_add(&total, &a);
	centre_figures_add(&total, &b);
	assert_int_equal(total.active, 17);
	assert_int_equal(total.paused, 1);
	assert_int_equal(total.waiting, 7);
	assert_int_equal(total.exited_this_year, 4);
	assert_int_equal(total.contact_persons, 7);
	assert_int_equal(total.id, 0);
	assert_string_equal(total.name, "");
	/* figures are counts: no field of them is a person's */
	for (size_t i = 0; i < centre_figures_fields.n; i++)
		assert_int_equal(centre_figures_fields.f[i].part, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_user_rows),
		cmocka_unit_test(test_roles_are_role_bits),
		cmocka_unit_test(test_new_user_password),
		cmocka_unit_test(test_edit_active),
		cmocka_unit_test(test_token_rows),
		cmocka_unit_test(test_audit_filter_rows),
		cmocka_unit_test(test_audit_range_rule),
		cmocka_unit_test(test_audit_action_filter),
		cmocka_unit_test(test_centre_rows),
		cmocka_unit_test(test_centre_figures_total),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
