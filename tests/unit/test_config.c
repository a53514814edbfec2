/*
 * test_config.c — settings (src/util/config.c): defaults, --set assignments
 * (valid and invalid rows), SC_<SECTION>_<KEY> environment overrides and the
 * INI file, whose errors name the file and line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/config.h"
#include "util/err.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
test_defaults(void **state)
{
	(void)state;
	struct config c;
	memset(&c, 0x7F, sizeof c);
	config_defaults(&c);
	assert_string_equal(c.db_url, "sqlite:data/secondchance.db");
	assert_int_equal(c.db_pool_size, 8);
	assert_int_equal(c.db_busy_timeout_ms, 5000);
	assert_string_equal(c.http_address, "127.0.0.1");
	assert_int_equal(c.http_port, 8080);
	assert_int_equal(c.http_threads, 4);
	assert_int_equal(c.http_max_body, 1048576);
	assert_int_equal(c.http_max_query_params, 200);
	assert_int_equal(c.http_max_form_fields, 1000);
	assert_true(c.http_cookie_secure);
	assert_true(c.http_access_log);
	assert_int_equal(c.session_idle_timeout, 1800);
	assert_int_equal(c.session_absolute_timeout, 43200);
	assert_int_equal(c.auth_free_failures_pair, 3);
	assert_int_equal(c.auth_free_failures_account, 10);
	assert_int_equal(c.auth_free_failures_address, 20);
	assert_int_equal(c.auth_max_delay, 900);
	assert_int_equal(c.auth_failure_window, 86400);
	assert_string_equal(c.app_default_language, "nb");
	assert_string_equal(c.app_data_dir, "data");
	/* several servers: no standby, bounded waits, no proxy believed */
	assert_string_equal(c.db_read_url, "");
	assert_int_equal(c.db_read_wait_ms, 1000);
	assert_int_equal(c.db_connect_timeout, 5);
	assert_int_equal(c.db_statement_timeout_ms, 60000);
	assert_string_equal(c.http_trusted_proxies, "");
}

/* Every default in the help text parses back through config_set: the table
 * holds no default outside its own range. */
static void
test_help_defaults_round_trip(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	config_print_help(f);
	fclose(f);
	assert_non_null(strstr(text, "[http]\n"));
	assert_non_null(strstr(text, "port = 8080\n"));
	struct config c;
	config_defaults(&c);
	char section[32] = "";
	int keys = 0;
	for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		if (line[0] == '#')
			continue;
		if (line[0] == '[') {
			snprintf(section, sizeof section, "%.*s", (int)strcspn(line + 1, "]"), line + 1);
			continue;
		}
		char *eq = strstr(line, " = ");
		assert_non_null(eq);
		char assignment[700];
		snprintf(assignment, sizeof assignment, "%s.%.*s=%s", section, (int)(eq - line), line,
			 eq + 3);
		char err[256] = "";
		if (config_set(&c, assignment, err, sizeof err) != SC_OK)
			fail_msg("%s: %s", assignment, err);
		keys++;
	}
	assert_true(keys >= 20);
	free(text);
}

struct set_row {
	const char *assignment;
	int rc;
	const char *err_has;   /* a substring of the error, for failures */
};

static const struct set_row set_rows[] = {
	{ "http.port=9090", SC_OK, NULL },
	{ "http.port=0", SC_OK, NULL },
	{ "http.port=65535", SC_OK, NULL },
	{ "HTTP.Port=8081", SC_OK, NULL },                 /* names ignore case */
	{ "database.url=postgresql://sc@db:5432/sc", SC_OK, NULL },
	{ "database.url=", SC_OK, NULL },
	{ "http.cookie_secure=false", SC_OK, NULL },
	{ "http.cookie_secure=off", SC_OK, NULL },
	{ "http.cookie_secure=0", SC_OK, NULL },
	{ "http.cookie_secure=No", SC_OK, NULL },
	{ "http.cookie_secure=TRUE", SC_OK, NULL },
	{ "http.cookie_secure=yes", SC_OK, NULL },
	{ "session.idle_timeout=1", SC_OK, NULL },
	{ "session.absolute_timeout=604800", SC_OK, NULL },
	{ "database.read_url=postgresql://sc@standby:5432/sc", SC_OK, NULL },
	{ "database.connect_timeout=0", SC_OK, NULL },
	{ "database.statement_timeout_ms=0", SC_OK, NULL },
	{ "http.trusted_proxies=10.0.0.5, 10.0.0.6", SC_OK, NULL },
	/* the shape of the assignment */
	{ "http.port", SC_EINVAL, "section.key=value" },
	{ "port=80", SC_EINVAL, "section.key=value" },
	{ "", SC_EINVAL, "section.key=value" },
	{ "a=b.c", SC_EINVAL, "section.key=value" },
	/* unknown keys and sections */
	{ "http.bogus=1", SC_EINVAL, "unknown setting http.bogus" },
	{ "nosuch.port=1", SC_EINVAL, "unknown setting nosuch.port" },
	{ ".port=1", SC_EINVAL, "unknown setting" },
	{ "http.=1", SC_EINVAL, "unknown setting" },
	{ "averyveryveryveryveryverylongsectionname.port=1", SC_EINVAL, "unknown setting" },
	/* bad integers */
	{ "http.port=abc", SC_EINVAL, "whole number" },
	{ "http.port=", SC_EINVAL, "whole number" },
	{ "http.port=80x", SC_EINVAL, "whole number" },
	{ "http.port=8.5", SC_EINVAL, "whole number" },
	{ "http.port=99999999999999999999", SC_EINVAL, "whole number" },
	/* out of range */
	{ "http.port=65536", SC_EINVAL, "from 0 to 65535" },
	{ "http.port=-1", SC_EINVAL, "from 0 to 65535" },
	{ "session.idle_timeout=0", SC_EINVAL, "from 1 to 86400" },
	{ "database.pool_size=257", SC_EINVAL, "from 1 to 256" },
	{ "database.connect_timeout=-1", SC_EINVAL, "from 0 to 600" },
	{ "database.read_wait_ms=0", SC_EINVAL, "from 1 to 60000" },
	/* bad booleans */
	{ "http.cookie_secure=maybe", SC_EINVAL, "true or false" },
	{ "http.cookie_secure=", SC_EINVAL, "true or false" },
	{ "http.cookie_secure=2", SC_EINVAL, "true or false" },
	/* strings longer than the field */
	{ "app.default_language=norsk-bokmaal", SC_EINVAL, "too long" },
};

static void
test_set_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(set_rows); i++) {
		const struct set_row *r = &set_rows[i];
		struct config c, before;
		config_defaults(&c);
		memcpy(&before, &c, sizeof c);
		char err[256] = "";
		int rc = config_set(&c, r->assignment, err, sizeof err);
		if (rc != r->rc)
			fail_msg("row %zu \"%s\": rc %d (%s), want %d", i, r->assignment, rc, err, r->rc);
		if (rc != SC_OK) {
			if (strstr(err, r->err_has) == NULL)
				fail_msg("row %zu \"%s\": error \"%s\" lacks \"%s\"", i, r->assignment, err,
					 r->err_has);
			/* a refused value changes nothing */
			assert_memory_equal(&c, &before, sizeof c);
		}
	}
}

static void
test_set_values_land(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char err[256];
	assert_int_equal(config_set(&c, "http.port=9090", err, sizeof err), SC_OK);
	assert_int_equal(c.http_port, 9090);
	assert_int_equal(config_set(&c, "http.cookie_secure=off", err, sizeof err), SC_OK);
	assert_false(c.http_cookie_secure);
	/* the value may itself hold '=' and '.' */
	assert_int_equal(config_set(&c, "database.url=postgresql://u@h/db?a=b.c", err, sizeof err),
			 SC_OK);
	assert_string_equal(c.db_url, "postgresql://u@h/db?a=b.c");
	assert_int_equal(config_set(&c, "app.default_language=en", err, sizeof err), SC_OK);
	assert_string_equal(c.app_default_language, "en");
	/* the longest string that fits: 7 bytes for char[8] */
	assert_int_equal(config_set(&c, "app.default_language=1234567", err, sizeof err), SC_OK);
	assert_int_equal(config_set(&c, "app.default_language=12345678", err, sizeof err), SC_EINVAL);
	assert_string_equal(c.app_default_language, "1234567");
}

static void
test_env_override(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char err[256] = "";
	unsetenv("SC_HTTP_PORT");
	unsetenv("SC_HTTP_COOKIE_SECURE");
	unsetenv("SC_DATABASE_URL");
	assert_int_equal(config_load_env(&c, err, sizeof err), SC_OK);
	assert_int_equal(c.http_port, 8080);

	assert_int_equal(setenv("SC_HTTP_PORT", "9191", 1), 0);
	assert_int_equal(setenv("SC_HTTP_COOKIE_SECURE", "false", 1), 0);
	assert_int_equal(setenv("SC_DATABASE_URL", "sqlite:/tmp/x.db", 1), 0);
	assert_int_equal(config_load_env(&c, err, sizeof err), SC_OK);
	assert_int_equal(c.http_port, 9191);
	assert_false(c.http_cookie_secure);
	assert_string_equal(c.db_url, "sqlite:/tmp/x.db");

	/* a later --set wins over the environment */
	assert_int_equal(config_set(&c, "http.port=7070", err, sizeof err), SC_OK);
	assert_int_equal(c.http_port, 7070);

	/* a bad value in the environment is an error naming the key */
	assert_int_equal(setenv("SC_HTTP_PORT", "eighty", 1), 0);
	assert_int_equal(config_load_env(&c, err, sizeof err), SC_EINVAL);
	assert_non_null(strstr(err, "http.port"));
	assert_int_equal(setenv("SC_HTTP_PORT", "70000", 1), 0);
	assert_int_equal(config_load_env(&c, err, sizeof err), SC_EINVAL);
	unsetenv("SC_HTTP_PORT");
	unsetenv("SC_HTTP_COOKIE_SECURE");
	unsetenv("SC_DATABASE_URL");
}

/* ---- INI files ---- */

static char tmpdir[256];

static int
make_tmpdir(void **state)
{
	(void)state;
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/sc-test-config-XXXXXX",
		 base != NULL && *base != '\0' ? base : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
remove_tmpdir(void **state)
{
	(void)state;
	char path[512];
	snprintf(path, sizeof path, "%s/sc.ini", tmpdir);
	unlink(path);
	return rmdir(tmpdir);
}

/* Writes text to tmpdir/sc.ini; returns the path (static). */
static const char *
write_ini(const char *text)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/sc.ini", tmpdir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
test_ini_loads(void **state)
{
	(void)state;
	const char *path = write_ini(
		"; Second Chance test configuration\n"
		"[database]\n"
		"url = postgresql://sc@localhost/sc\n"
		"pool_size = 16\n"
		"\n"
		"[http]\n"
		"port = 8443\n"
		"cookie_secure = no\n"
		"# a comment\n"
		"[session]\n"
		"idle_timeout = 600\n");
	struct config c;
	config_defaults(&c);
	char err[512] = "";
	int rc = config_load_file(&c, path, true, err, sizeof err);
	if (rc != SC_OK)
		fail_msg("%s", err);
	assert_string_equal(c.db_url, "postgresql://sc@localhost/sc");
	assert_int_equal(c.db_pool_size, 16);
	assert_int_equal(c.http_port, 8443);
	assert_false(c.http_cookie_secure);
	assert_int_equal(c.session_idle_timeout, 600);
	/* untouched keys keep their defaults */
	assert_int_equal(c.session_absolute_timeout, 43200);
	assert_string_equal(c.http_address, "127.0.0.1");
}

struct ini_row {
	const char *text;
	int line;
	const char *err_has;
};

static const struct ini_row ini_rows[] = {
	{ "[http]\nport = 8081\nbogus = 1\n", 3, "unknown setting [http] bogus" },
	{ "[nosuch]\nport = 1\n", 2, "unknown setting [nosuch] port" },
	{ "port = 1\n", 1, "unknown setting [] port" },               /* no section */
	{ "[http]\n\n\nport = eighty\n", 4, "whole number" },
	{ "[session]\nidle_timeout = 0\n", 2, "from 1 to 86400" },
	{ "[http]\naccess_log = sometimes\n", 2, "true or false" },
	{ "[http]\nthis line has no equals sign\n", 2, "not a valid INI line" },
};

static void
test_ini_errors_name_the_line(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(ini_rows); i++) {
		const char *path = write_ini(ini_rows[i].text);
		struct config c;
		config_defaults(&c);
		char err[512] = "";
		int rc = config_load_file(&c, path, true, err, sizeof err);
		if (rc != SC_EINVAL)
			fail_msg("row %zu: rc %d, want SC_EINVAL", i, rc);
		char want[64];
		snprintf(want, sizeof want, " line %d: ", ini_rows[i].line);
		if (strstr(err, want) == NULL || strstr(err, path) == NULL ||
		    strstr(err, ini_rows[i].err_has) == NULL)
			fail_msg("row %zu: error \"%s\" should name %s,%s and \"%s\"", i, err, path, want,
				 ini_rows[i].err_has);
	}
}

static void
test_ini_missing_file(void **state)
{
	(void)state;
	char path[512];
	snprintf(path, sizeof path, "%s/absent.ini", tmpdir);
	struct config c, before;
	config_defaults(&c);
	memcpy(&before, &c, sizeof c);
	char err[512] = "";
	/* optional: fine, nothing changes */
	assert_int_equal(config_load_file(&c, path, false, err, sizeof err), SC_OK);
	assert_memory_equal(&c, &before, sizeof c);
	/* required: an I/O error naming the file */
	assert_int_equal(config_load_file(&c, path, true, err, sizeof err), SC_EIO);
	assert_non_null(strstr(err, path));
	/* a directory is not a missing file: an error even when optional */
	err[0] = '\0';
	int rc = config_load_file(&c, tmpdir, false, err, sizeof err);
	if (rc == SC_OK)
		assert_memory_equal(&c, &before, sizeof c);
	else
		assert_non_null(strstr(err, tmpdir));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_help_defaults_round_trip),
		cmocka_unit_test(test_set_rows),
		cmocka_unit_test(test_set_values_land),
		cmocka_unit_test(test_env_override),
		cmocka_unit_test_setup_teardown(test_ini_loads, make_tmpdir, remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_ini_errors_name_the_line, make_tmpdir, remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_ini_missing_file, make_tmpdir, remove_tmpdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
