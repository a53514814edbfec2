/*
 * config.c — table-driven settings; see config.h.
 */
#include "config.h"
#include "err.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum ctype { C_STR, C_INT, C_BOOL };

struct cdef {
	const char *section;
	const char *key;
	enum ctype type;
	size_t off;
	size_t size;      /* for strings */
	const char *def;
	long min, max;    /* for ints */
	const char *help;
};

#define S(sec, k, field, d, h) {sec, k, C_STR, offsetof(struct config, field), sizeof(((struct config *)0)->field), d, 0, 0, h}
#define I(sec, k, field, d, lo, hi, h) {sec, k, C_INT, offsetof(struct config, field), 0, d, lo, hi, h}
#define B(sec, k, field, d, h) {sec, k, C_BOOL, offsetof(struct config, field), 0, d, 0, 1, h}

static const struct cdef defs[] = {
	S("database", "url", db_url, "sqlite:data/secondchance.db",
	  "sqlite:PATH for the embedded database, or postgresql://USER@HOST:PORT/DB"),
	I("database", "pool_size", db_pool_size, "8", 1, 256, "connections kept open"),
	I("database", "busy_timeout_ms", db_busy_timeout_ms, "5000", 10, 600000,
	  "how long SQLite waits for a lock before giving up"),
	S("database", "read_url", db_read_url, "",
	  "PostgreSQL: a streaming standby that reports and exports read from"
	  " (postgresql://...); empty: everything reads from url"),
	I("database", "read_wait_ms", db_read_wait_ms, "1000", 1, 60000,
	  "PostgreSQL: how long a report waits for the standby to catch up before reading from url"),
	I("database", "connect_timeout", db_connect_timeout, "5", 0, 600,
	  "PostgreSQL: seconds a connection attempt may take, also when reconnecting (0: no limit)"),
	I("database", "statement_timeout_ms", db_statement_timeout_ms, "60000", 0, 86400000,
	  "PostgreSQL: longest statement while serving (0: no limit)"),
	S("http", "address", http_address, "127.0.0.1", "address to listen on"),
	I("http", "port", http_port, "8080", 0, 65535, "TCP port (0 picks a free one)"),
	I("http", "threads", http_threads, "4", 1, 256, "request threads"),
	I("http", "max_connections", http_max_connections, "512", 1, 100000,
	  "open connections at most"),
	I("http", "max_connections_per_ip", http_max_connections_per_ip, "128", 1, 100000,
	  "open connections from one address at most"),
	I("http", "connection_memory", http_connection_memory, "65536", 8192, 16777216,
	  "bytes of buffer per connection (headers must fit)"),
	I("http", "max_body", http_max_body, "1048576", 1024, 1073741824,
	  "largest request body in bytes; larger gets 413"),
	I("http", "max_query_params", http_max_query_params, "200", 1, 100000,
	  "parameters in an address's query string at most; more gets 414"),
	I("http", "max_form_fields", http_max_form_fields, "1000", 1, 100000,
	  "fields in a posted form at most; more gets 413"),
	I("http", "timeout", http_timeout, "30", 1, 3600, "seconds before an idle connection is closed"),
	B("http", "cookie_secure", http_cookie_secure, "true",
	  "mark cookies Secure and use the __Host- prefix (browsers allow this on localhost and TLS)"),
	B("http", "access_log", http_access_log, "true", "log each request (method, path without query and without an evaluation link's token, status, time; no personal data)"),
	S("http", "trusted_proxies", http_trusted_proxies, "",
	  "addresses of load balancers (comma-separated) whose X-Forwarded-For names the client;"
	  " empty: the connecting address is the client"),
	I("session", "idle_timeout", session_idle_timeout, "1800", 1, 86400,
	  "seconds without a request before a session ends"),
	I("session", "absolute_timeout", session_absolute_timeout, "43200", 1, 604800,
	  "seconds after sign-in when a session ends regardless"),
	I("auth", "hash_workers", auth_hash_workers, "1", 1, 64,
	  "password hashes computed at once (each uses argon2_memory_kib)"),
	I("auth", "hash_queue", auth_hash_queue, "64", 1, 100000,
	  "sign-ins waiting for a hash worker before new ones get 503"),
	I("auth", "argon2_memory_kib", auth_argon2_memory_kib, "12288", 8, 4194304,
	  "Argon2id memory cost in KiB"),
	I("auth", "argon2_ops", auth_argon2_ops, "3", 1, 100, "Argon2id time cost (passes)"),
	I("auth", "free_failures_pair", auth_free_failures_pair, "3", 0, 1000,
	  "failed sign-ins to an account from one address that cost no wait; after them that"
	  " address waits 1, 2, 4 ... seconds to try the account again"),
	I("auth", "free_failures_account", auth_free_failures_account, "10", 0, 100000,
	  "failed sign-ins to an account from all addresses before every address past its free"
	  " failures waits for the account too"),
	I("auth", "free_failures_address", auth_free_failures_address, "20", 0, 100000,
	  "failed sign-ins from an address to all accounts before it waits too, on each account"
	  " it is past its free failures on"),
	I("auth", "max_delay", auth_max_delay, "900", 1, 86400,
	  "longest wait in seconds (the wait doubles with each failure past the free ones)"),
	I("auth", "failure_window", auth_failure_window, "86400", 60, 604800,
	  "seconds a failed sign-in is remembered"),
	S("app", "default_language", app_default_language, "nb", "nb (Norsk bokmål) or en (English)"),
	S("app", "data_dir", app_data_dir, "data", "folder for backups and the default SQLite file"),
	I("caseload", "no_contact_days", caseload_no_contact_days, "14", 1, 365,
	  "days without a logged contact before a participant is flagged"),
	I("caseload", "due_soon_days", caseload_due_soon_days, "7", 0, 90,
	  "days ahead that goal steps, evaluations and follow-ups show as due"),
	I("internships", "followup_weeks", internships_followup_weeks, "4", 1, 26,
	  "weeks without a follow-up visit or call before an active placement is on Today"),
	I("attendance", "unexcused_in_a_row", attendance_unexcused_in_a_row, "3", 1, 30,
	  "days in a row of unexcused absence before a participant is on their contact person's Today"),
};

#undef S
#undef I
#undef B

static const struct cdef *
find_def(const char *section, const char *key)
{
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
		if (strcasecmp(defs[i].section, section) == 0 && strcasecmp(defs[i].key, key) == 0)
			return &defs[i];
	return NULL;
}

static int
apply(struct config *c, const struct cdef *d, const char *value, char *err, size_t errlen)
{
	char *field = (char *)c + d->off;
	switch (d->type) {
	case C_STR:
		if (strlen(value) >= d->size) {
			snprintf(err, errlen, "%s.%s is too long (at most %zu characters)",
				 d->section, d->key, d->size - 1);
			return SC_EINVAL;
		}
		memcpy(field, value, strlen(value) + 1);
		return SC_OK;
	case C_INT: {
		char *end = NULL;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' || v < d->min || v > d->max) {
			snprintf(err, errlen, "%s.%s must be a whole number from %ld to %ld, not \"%s\"",
				 d->section, d->key, d->min, d->max, value);
			return SC_EINVAL;
		}
		*(int *)(void *)field = (int)v;
		return SC_OK;
	}
	case C_BOOL:
		if (strcasecmp(value, "true") == 0 || strcmp(value, "1") == 0 ||
		    strcasecmp(value, "yes") == 0 || strcasecmp(value, "on") == 0) {
			*(bool *)(void *)field = true;
		} else if (strcasecmp(value, "false") == 0 || strcmp(value, "0") == 0 ||
			   strcasecmp(value, "no") == 0 || strcasecmp(value, "off") == 0) {
			*(bool *)(void *)field = false;
		} else {
			snprintf(err, errlen, "%s.%s must be true or false, not \"%s\"",
				 d->section, d->key, value);
			return SC_EINVAL;
		}
		return SC_OK;
	}
	return SC_EINVAL;
}

void
config_defaults(struct config *c)
{
	char err[256];
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
		(void)apply(c, &defs[i], defs[i].def, err, sizeof err);
}

struct ini_ctx {
	struct config *c;
	char *err;
	size_t errlen;
	int rc;
};

static int
ini_cb(void *user, const char *section, const char *name, const char *value)
{
	struct ini_ctx *ctx = user;
	if (ctx->rc != SC_OK)
		return 0;
	const struct cdef *d = find_def(section, name);
	if (d == NULL) {
		snprintf(ctx->err, ctx->errlen, "unknown setting [%s] %s", section, name);
		ctx->rc = SC_EINVAL;
		return 0;
	}
	ctx->rc = apply(ctx->c, d, value, ctx->err, ctx->errlen);
	return ctx->rc == SC_OK;
}

int
config_load_file(struct config *c, const char *path, bool required, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		if (!required && errno == ENOENT)
			return SC_OK;
		snprintf(err, errlen, "cannot read config file %s: %s", path, strerror(errno));
		return SC_EIO;
	}
	struct ini_ctx ctx = {c, err, errlen, SC_OK};
	int line = ini_parse_file(f, ini_cb, &ctx);
	fclose(f);
	if (ctx.rc != SC_OK) {
		if (line > 0) {
			char msg[256];
			snprintf(msg, sizeof msg, "%s", err);
			snprintf(err, errlen, "%s line %d: %s", path, line, msg);
		}
		return ctx.rc;
	}
	if (line != 0) {
		snprintf(err, errlen, "%s line %d: not a valid INI line", path, line);
		return SC_EINVAL;
	}
	return SC_OK;
}

int
config_load_env(struct config *c, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
		char name[96];
		snprintf(name, sizeof name, "SC_%s_%s", defs[i].section, defs[i].key);
		for (char *p = name; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		const char *v = getenv(name);
		if (v == NULL)
			continue;
		int rc = apply(c, &defs[i], v, err, errlen);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

int
config_set(struct config *c, const char *assignment, char *err, size_t errlen)
{
	const char *dot = strchr(assignment, '.');
	const char *eq = strchr(assignment, '=');
	if (dot == NULL || eq == NULL || dot > eq) {
		snprintf(err, errlen, "--set takes section.key=value, not \"%s\"", assignment);
		return SC_EINVAL;
	}
	char section[32], key[64];
	size_t sl = (size_t)(dot - assignment), kl = (size_t)(eq - dot - 1);
	if (sl >= sizeof section || kl >= sizeof key) {
		snprintf(err, errlen, "unknown setting %s", assignment);
		return SC_EINVAL;
	}
	memcpy(section, assignment, sl);
	section[sl] = '\0';
	memcpy(key, dot + 1, kl);
	key[kl] = '\0';
	const struct cdef *d = find_def(section, key);
	if (d == NULL) {
		snprintf(err, errlen, "unknown setting %s.%s", section, key);
		return SC_EINVAL;
	}
	return apply(c, d, eq + 1, err, errlen);
}

void
config_print_help(FILE *out)
{
	const char *section = "";
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
		if (strcmp(section, defs[i].section) != 0) {
			section = defs[i].section;
			fprintf(out, "%s[%s]\n", i ? "\n" : "", section);
		}
		fprintf(out, "# %s\n%s = %s\n", defs[i].help, defs[i].key, defs[i].def);
	}
}
