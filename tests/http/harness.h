/*
 * harness.h — black-box HTTP test harness: starts the real `secondchance`
 * binary ($SC_BIN) on a free port with a fresh database, sends requests
 * with libcurl (or a raw socket for malformed ones), and stops the server
 * with SIGTERM, checking that it exits with status 0.
 *
 * The database is a new SQLite file in the server's temp folder; or, when
 * SC_TEST_PG_URL names a PostgreSQL database (scripts/pg-test.sh start
 * prints one), a new database on that cluster, CREATE DATABASE
 * sc_http_<pid>_<n>, dropped when the server stops. Either is a copy of
 * what `init` made once for this binary (tests/template.h). Tests read state
 * through the API, so the same tests run on both engines (scripts/check.sh
 * runs the suite twice).
 *
 * Cookies carry Secure and the __Host- prefix, so curl's cookie engine is not
 * used over plain HTTP: tests read Set-Cookie and send Cookie themselves.
 * Every function that fails prints why on stderr; nothing else is printed.
 */
#ifndef SC_TESTS_HTTP_HARNESS_H
#define SC_TESTS_HTTP_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define ADMIN_USER "admin"
#define ADMIN_PASSWORD "correct horse battery"
#define SESSION_COOKIE "__Host-sc_session"
#define PRE_COOKIE "__Host-sc_pre"

/* A running server. */
struct server {
	pid_t pid;
	int port;
	char dir[256];          /* temp folder: logs, and the SQLite database */
	char db_set[600];       /* "database.url=sqlite:DIR/sc.db" or "database.url=postgresql://..." */
	char pg_db[64];         /* PostgreSQL: the database made for this server, else "" */
	char log_path[300];     /* the server's stdout and stderr */
	bool peer;              /* runs on another server's database (server_start_peer) */
};

/*
 * Creates the temp folder and database (with the admin user), picks a free
 * port and starts `serve` with the harness settings plus extra, a
 * NULL-terminated list of "section.key=value" (may be NULL). Waits for
 * /healthz to answer 200 (10 s at most). Returns 0, or -1 (printed why,
 * everything cleaned up).
 */
int server_start(struct server *s, const char *const *extra);

/*
 * Starts another application server on the database of first, as a second
 * server of one installation behind a load balancer: a folder, port and
 * log of its own, the harness settings plus extra, no init. Stop it before
 * first; server_stop() leaves the database to first. Returns 0 or -1.
 */
int server_start_peer(struct server *s, const struct server *first, const char *const *extra);

/*
 * Sends SIGTERM, waits for the exit (15 s at most, then SIGKILL), removes the
 * folder. Returns 0 when the server exited with status 0, else -1 (the server
 * log is printed first).
 */
int server_stop(struct server *s);

/* True when the servers run on PostgreSQL (SC_TEST_PG_URL is set). */
bool harness_pg(void);

/*
 * Runs one SQL statement on the server's database, on a connection of the
 * harness's own (libpq or the sqlite3 library, not a shell). For what no
 * request can do — time passing, as a token's expiry moved into the past
 * — never to read state, which tests read through the API. Fails the
 * test (cmocka) when the statement fails.
 */
void server_sql(const struct server *s, const char *sql);

/* Runs `$SC_BIN --set database.url=... ARGS` with stdin_text (may be NULL) on
 * its standard input. Returns the exit status, or -1 when it did not exit. */
int cli_run(const struct server *s, const char *stdin_text, const char *const *args);

/* `user add NAME --name DISPLAY --roles ROLES --password-stdin`; 0 on success. */
int cli_user_add(const struct server *s, const char *username, const char *display,
		 const char *roles, const char *password);

/* ---- requests ---- */

struct session;

#define HTTP_MAX_HEADERS 64

struct http_res {
	long status;
	int nheaders;
	char *name[HTTP_MAX_HEADERS];   /* as sent (case kept) */
	char *value[HTTP_MAX_HEADERS];  /* trimmed */
	char *body;                     /* NUL-terminated (owned) */
	size_t body_len;
};

struct http_req {
	const char *method;             /* NULL: GET, or POST when body is set */
	const char *path;               /* with query */
	const char *body;               /* may be NULL */
	long body_len;                  /* < 0: strlen(body) */
	const char *content_type;       /* NULL: form-urlencoded when body is set */
	const char *cookie;             /* whole Cookie header value, may be NULL */
	const char *headers[8];         /* extra "Name: value", NULL-terminated */
	bool chunked;                   /* send the body with Transfer-Encoding: chunked */
	const char *from;               /* source address, e.g. "127.0.0.2" (any
					 * of 127/8 reaches the server); NULL: the
					 * usual 127.0.0.1 */
};

/* Sends the request; fills res (free with http_res_free). Returns 0, or -1
 * when no HTTP answer came (connection error). */
int http_send(const struct server *s, const struct http_req *q, struct http_res *res);

/* Sends raw bytes on a fresh connection and reads the answer until the
 * server closes or 5 s pass. Returns 0 when a status line was read. */
int http_raw(const struct server *s, const char *bytes, size_t len, struct http_res *res);

/* GET path with the Cookie header (may be NULL). */
int http_get(const struct server *s, const char *path, const char *cookie, struct http_res *res);

/* POST an urlencoded form. */
int http_post_form(const struct server *s, const char *path, const char *cookie,
		   const char *body, struct http_res *res);

void http_res_free(struct http_res *res);

/* An API request as sess to s: POST body as JSON when body is not NULL,
 * else GET, with the session's cookie and X-CSRF-Token. Returns the
 * status; out (may be NULL) gets the answer as JSON (the caller frees;
 * NULL when it is not JSON). Fails the test (cmocka) when no answer came. */
long api_on(const struct server *s, const struct session *sess, const char *path, const char *body,
	    json_t **out);

/* The server sess signed in to; fails the test for a session that did
 * not (made otherwise than by sign_in_full()). */
const struct server *session_server(const struct session *sess);

/* GETs path as the session (on the server it signed in to) into res;
 * fails the test when no answer came. */
void session_get(const struct session *sess, const char *path, struct http_res *res);

/* api_on() to the server the session signed in to. */
long api_call(const struct session *sess, const char *path, const char *body, json_t **out);

/* The first header with that name (case-insensitive), or NULL. */
const char *res_header(const struct http_res *res, const char *name);

/* The number of headers with that name. */
int res_header_count(const struct http_res *res, const char *name);

/* The whole Set-Cookie value for the cookie name, or NULL. */
const char *res_set_cookie(const struct http_res *res, const char *name);

/* The value set for the cookie name (malloc'd; "" for a deletion), or NULL. */
char *res_cookie_value(const struct http_res *res, const char *name);

/* The text of the error shown beside field on a page (the element
 * id="FIELD-error"), malloc'd, or NULL when there is none. */
char *page_field_error(const struct http_res *res, const char *field);

/* True when the body contains needle. */
bool res_contains(const struct http_res *res, const char *needle);

/* The body as JSON (owned by the caller), or NULL. */
json_t *res_json(const struct http_res *res);

/*
 * True when j is an API error {"error":{"code":code,"fields":F}} whose F has
 * exactly the members of pairs (a NULL-terminated list of name, message,
 * name, message, ...), each with its message; prints what differs when not.
 */
bool api_error_fields(json_t *j, const char *code, const char *const *pairs);

/* The text in s after marker up to the first `end` character (malloc'd), or
 * NULL when marker is not found. */
char *text_after(const char *s, const char *marker, char end);

/* The value of the first hidden csrf input of a page (malloc'd), or NULL. */
char *page_csrf(const char *body);

/* form_escape("a b&c") -> "a+b%26c" style (malloc'd). */
char *form_escape(const char *s);

/* ---- sessions ---- */

struct session {
	const struct server *server;   /* the server it signed in to (sign_in_full) */
	char cookie[128];   /* "__Host-sc_session=VALUE": a whole Cookie header */
	char token[80];     /* VALUE */
	char csrf[80];      /* the session's CSRF token */
};

/* Signs in through the login form. Returns the status of POST /login (303 on
 * success, when sess is filled, its server s), or -1 on a transport error. accept_lang may
 * be NULL. On failure, res (if not NULL) keeps the answer to POST /login. */
int sign_in_full(const struct server *s, const char *user, const char *pass,
		 const char *accept_lang, struct session *sess, struct http_res *res);

/* sign_in_full from the source address `from` (NULL: 127.0.0.1), so that
 * tests can play several clients: the server throttles sign-ins per address. */
int sign_in_from(const struct server *s, const char *from, const char *user, const char *pass,
		 const char *accept_lang, struct session *sess, struct http_res *res);

/* sign_in_full without the answer; returns 0 only on a 303 with a session. */
int sign_in(const struct server *s, const char *user, const char *pass, struct session *sess);

/* Sets the signed-in user's language ("en" or "nb") through POST /language. */
int session_set_lang(const struct server *s, const struct session *sess, const char *lang);

/* A Cookie header with the session cookie and the sc_lang cookie. */
void session_cookie_lang(const struct session *sess, const char *lang, char *out, size_t outlen);

/* Sets up and stops a server for a cmocka group: state is a struct server.
 * A server that does not exit with status 0 on SIGTERM is a failure, which
 * harness_status() adds to the result (cmocka 1.1 does not count failed
 * group teardowns). */
int group_server_setup(void **state, const char *const *extra);
int group_server_teardown(void **state);

/* One user of a test program's server: added with `user add` (but
 * ADMIN_USER, whom server_start made) and, when sess is not NULL, signed
 * in there. A list of them ends with {NULL}. */
struct group_user {
	const char *username;
	const char *display, *roles;    /* for `user add` */
	struct session *sess;
};

/*
 * group_server_setup() (no extra settings) for a program whose tests share
 * one server and its users: *s becomes the server; the users are added in
 * their order with password, then signed in (ADMIN_USER with
 * ADMIN_PASSWORD), each with the language lang (NULL: none set); then
 * prepare, when not NULL, runs. On any failure (printed why) the server is
 * stopped and -1 returned.
 */
int group_server_users(void **state, struct server **s, const struct group_user *users, const char *password,
		       const char *lang, bool (*prepare)(void));

/* The exit status of a test program: cmocka's count of failures, or 1 when
 * a server did not stop gracefully. */
int harness_status(int cmocka_failures);

#endif
