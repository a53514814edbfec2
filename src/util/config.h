/*
 * config.h — settings, from defaults, then an INI file (libinih), then
 * environment variables SC_<SECTION>_<KEY>, then --set section.key=value
 * flags, each overriding the one before.
 *
 * Every key is declared once in the table in config.c with its default,
 * range and help text; `secondchance help config` prints that table.
 */
#ifndef SC_CONFIG_H
#define SC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct config {
	/* [database] */
	char db_url[512];          /* sqlite:PATH or postgresql://... */
	int db_pool_size;
	int db_busy_timeout_ms;
	char db_read_url[512];     /* "" or postgresql://... of a standby */
	int db_read_wait_ms;
	int db_connect_timeout;    /* seconds */
	int db_statement_timeout_ms;
	/* [http] */
	char http_address[64];
	int http_port;
	int http_threads;
	int http_max_connections;
	int http_max_connections_per_ip;
	int http_connection_memory;   /* bytes per connection */
	int http_max_body;            /* bytes */
	int http_max_query_params;    /* pairs in a query string */
	int http_max_form_fields;     /* pairs in an urlencoded or multipart form */
	int http_timeout;             /* seconds of inactivity */
	bool http_cookie_secure;      /* Secure + __Host- cookies */
	bool http_access_log;
	char http_trusted_proxies[512]; /* comma-separated addresses */
	/* [session] */
	int session_idle_timeout;     /* seconds */
	int session_absolute_timeout; /* seconds */
	/* [auth] */
	int auth_hash_workers;
	int auth_hash_queue;
	int auth_argon2_memory_kib;
	int auth_argon2_ops;
	int auth_free_failures_pair;    /* sign-in throttling: see domain/authrules.h */
	int auth_free_failures_account;
	int auth_free_failures_address;
	int auth_max_delay;             /* seconds */
	int auth_failure_window;        /* seconds */
	/* [app] */
	char app_default_language[8];
	char app_data_dir[256];
	/* [caseload] */
	int caseload_no_contact_days; /* flag participants without contact this long */
	int caseload_due_soon_days;   /* how far ahead "due" looks */
	/* [internships] */
	int internships_followup_weeks; /* an active placement without follow-up this long is due */
	/* [attendance] */
	int attendance_unexcused_in_a_row; /* days of unexcused absence in a row that reach Today */
};

/* Fills c with the built-in defaults. */
void config_defaults(struct config *c);

/*
 * Reads the INI file at path into c. A missing file is an error only when
 * required is true. Unknown sections or keys and bad values are errors.
 * Returns 0 or SC_EINVAL/SC_EIO with a message in err.
 */
int config_load_file(struct config *c, const char *path, bool required, char *err, size_t errlen);

/* Applies SC_<SECTION>_<KEY> environment variables. */
int config_load_env(struct config *c, char *err, size_t errlen);

/* Applies one "section.key=value" assignment (the --set flag). */
int config_set(struct config *c, const char *assignment, char *err, size_t errlen);

/* Writes every key with its default and help text, INI-style. */
void config_print_help(FILE *out);

#endif
