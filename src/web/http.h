/*
 * http.h — INTERNAL to src/web/: the request every handler receives, the
 * route table, and the helpers handlers use to answer.
 *
 * A request owns an arena (r->a) freed when the response has been sent;
 * everything a handler allocates comes from it. Handlers read typed,
 * validated values, write the body through the escaping writer (util/buf.h)
 * and return H_DONE, H_SUSPEND (waiting for a password hash), or a negative
 * SC_ code, which becomes the 500 page.
 */
#ifndef SC_WEB_HTTP_H
#define SC_WEB_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/access.h"
#include "util/password.h"
#include "i18n/i18n.h"
#include "parse.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/config.h"

struct MHD_Connection;
struct app;

enum method { M_GET = 1, M_POST = 2, M_HEAD = 4, M_OTHER = 8 };

enum handler_result { H_DONE = 0, H_SUSPEND = 1 };

/* How a route is protected. PERM_UNDECLARED fails the route-table test. */
enum perm_kind {
	PERM_UNDECLARED = 0,
	PERM_PUBLIC,       /* anyone, signed in or not */
	PERM_ANON,         /* anyone; the session is not even looked up (assets) */
	PERM_RESOURCE,     /* signed in, with access_scope(res, act) > NONE */
};

struct req;
typedef int (*handler_fn)(struct req *r);

struct route {
	enum method method;
	const char *pattern;     /* "/admin/users/:id": ':' segments are parameters */
	handler_fn fn;
	enum perm_kind perm;
	enum resource res;
	enum action act;
	bool api;                /* JSON errors and bearer tokens */
};

/* The route table and its length (for dispatch and the route-table test). */
const struct route *routes_table(size_t *n);

#define REQ_MAX_PARAMS 4
#define REQ_MAX_HEADERS 8

struct req {
	struct arena *a;
	struct app *app;
	struct MHD_Connection *conn;
	struct db *db;                 /* acquired on first use: req_db() */
	struct db *db_read;            /* a heavy read's: req_db_read() */

	/* the request */
	enum method method;
	const char *method_name;
	const char *uri;               /* raw path and query, as sent */
	const char *path_raw;          /* raw path only: for the access log */
	struct path path;
	struct kvlist query;
	struct kvlist form;            /* urlencoded body */
	json_t *json;                  /* JSON body (API), owned: freed at the end */
	struct kvlist cookies;
	struct buf body;               /* the raw request body */
	char address[64];              /* client address, for the audit log */
	const struct route *route;
	const char *params[REQ_MAX_PARAMS];
	bool wants_json;

	/* who is asking */
	bool signed_in;
	bool via_token;                /* API bearer token: no CSRF needed */
	bool session_expired;          /* had a session cookie that has expired */
	struct user user;
	struct session session;
	enum scope scope;              /* granted for the route's resource */
	const char *deny_type;         /* a 403's audit record (default: the route) */
	const char *deny_id;
	enum lang lang;
	const char *csrf;              /* the token forms must carry */

	/* the response */
	int status;
	const char *content_type;
	struct buf out;
	const char *hdr_name[REQ_MAX_HEADERS];
	const char *hdr_value[REQ_MAX_HEADERS];
	int nheaders;

	/* suspended work (password hashing) */
	struct hash_job job;
	handler_fn cont;
	bool suspended;
	int64_t login_attempt;         /* sign-in: the failure recorded before the check */
	bool resumed;
	bool completed;                /* response queued */
	bool too_large;                /* body passed http.max_body: answer 413 */
	int64_t started_ms;
	size_t sent_bytes;             /* body length, for the access log */
};

/* The application: configuration and shared services. */
struct app {
	struct config cfg;
	struct store *store;
	struct hashpool *hashes;
	char dummy_hash[HASH_STR_MAX];  /* verified for unknown users: same timing */
	const char *session_cookie;     /* "__Host-sc_session" or "sc_session" */
	const char *pre_cookie;         /* anonymous CSRF double-submit cookie */
	const char *cookie_attrs;       /* "; Path=/; HttpOnly; SameSite=Strict[; Secure]" */
};

/* The request's database connection, acquired from the pool on first use
 * and returned when the handler finishes or suspends. */
struct db *req_db(struct req *r);
/* The connection for a heavy read — a report, an export, the audit log —
 * which the standby of database.read_url serves when there is one and it
 * has caught up with every write so far (store_read_acquire); else
 * req_db(r). Pages that show what the user just changed use req_db(r). */
struct db *req_db_read(struct req *r);
/* A request header, or NULL. */
const char *req_in_header(struct req *r, const char *name);
/* Routes, checks sign-in, permission and CSRF, and runs the handler. */
int web_dispatch(struct req *r);

/* ---- answering ---- */

/* Adds a response header; name and value must outlive the request. */
void req_header(struct req *r, const char *name, const char *value);
/* 303 See Other to a local path. */
int req_redirect(struct req *r, const char *location);
/* Sets a cookie: name=value plus the app's attributes; max_age < 0 omits
 * Max-Age (a session cookie), 0 deletes. */
void req_cookie(struct req *r, const char *name, const char *value, long max_age);
/* Short translated text for a code, e.g. tr(r->lang, msgid). */
const char *T(const struct req *r, const char *msgid);
/* A parameter of the route pattern (":id" is index 0 for the first). */
const char *req_param(const struct req *r, int idx);
/* Route parameter idx as a positive id; 0 when it is not one (a page
 * then answers not found). */
int64_t req_param_id(const struct req *r, int idx);
/* The value of a form field, "" when absent (never NULL). */
const char *req_field(const struct req *r, const char *name);
/* The value of a query parameter, "" when absent (never NULL). */
const char *req_qs(const struct req *r, const char *name);

/* Writes an audit entry for this request's user and address (own
 * transaction unless one is open). Returns the store's code. */
int req_audit(struct req *r, const char *action, const char *record_type,
	      const char *record_id, const char *outcome);

/* Error pages (HTML or JSON by route): 400, 403 (audited), 404, 405, 413, 500, 503. */
int req_error(struct req *r, int status, const char *message);
/* 503 with Retry-After, HTML or JSON by route: the database cannot be
 * reached just now (a restart, a lost connection). */
int req_unavailable(struct req *r);
/* Seconds a client is told to wait (Retry-After) when the database is away. */
#define RETRY_AFTER_UNAVAILABLE "5"

/* JSON answers for the API: {"error":{"code","message","fields"}}. fields
 * may be NULL; it is stolen. */
int api_error(struct req *r, int status, const char *code, const char *message, json_t *fields);
/* Sends a JSON value (stolen) with the status. */
int api_send(struct req *r, int status, json_t *v);

/* ---- sessions and CSRF (auth.c) ---- */

/* Resolves the session cookie or bearer token into r->user; sets r->lang
 * (and r->csrf from the session or the pre-sign-in cookie). */
int auth_resolve(struct req *r);
/* True when the request carries the right CSRF token (form field "csrf" or
 * header X-CSRF-Token); bearer-token API requests need none. */
bool auth_csrf_ok(struct req *r);
/* Makes sure a visitor who is not signed in has a pre-session CSRF cookie;
 * sets r->csrf. Dispatch calls it for every page request (routes.c). */
void auth_ensure_pre_token(struct req *r);
/* Suspends the request while a hash job runs; cont is called after. */
int auth_hash_async(struct req *r, enum hash_kind kind, const char *password,
		    const char *stored, handler_fn cont);

/* ---- page shell (page.c) ---- */

/* As many as a record has fields: a JSON body of a participant can get one
 * for each of its 28 fields and a member besides (domain/field.h). */
#define FORM_MAX_ERRORS 32
struct form_errors {
	int n;
	const char *field[FORM_MAX_ERRORS];
	const char *message[FORM_MAX_ERRORS];   /* already translated */
	bool mistyped;                          /* JSON members of the wrong type (nothing
						 * else was read) */
};

/* Records msgid (translated) as the error of field. */
void form_error(struct req *r, struct form_errors *e, const char *field, const char *msgid);
/* The error for a field, or NULL. */
const char *form_error_for(const struct form_errors *e, const char *field);

/* Opens the document: head, header with navigation, flash, <main>. */
void page_begin(struct req *r, const char *title);
/* Closes <main> and the document and finishes the response (200 unless set). */
int page_end(struct req *r);
/* The hidden CSRF input of a form. */
void form_csrf(struct req *r);
/* A labelled input with its error beside it and the value kept.
 * type: "text", "password", "email", "date", "search", "number". */
void form_input(struct req *r, const struct form_errors *e, const char *name,
		const char *label, const char *type, const char *value,
		const char *autocomplete, bool required);
/* The pieces of a field, for controls form_input does not write: the
 * opening <div class="field"> with its label; the attributes that tie a
 * control to its error (aria-invalid, aria-describedby="ID-error"); the
 * error paragraph; the error and the closing </div>. err may be NULL. */
void form_field_open(struct buf *o, const char *err, const char *id, const char *label, bool required);
void form_field_attrs(struct buf *o, const char *err, const char *id);
void form_field_error(struct buf *o, const char *err, const char *id);
void form_field_close(struct buf *o, const char *err, const char *id);
/* A labelled textarea; id may differ from name when several small forms
 * share a page. maxlength 0 sets none. */
void form_textarea(struct req *r, const struct form_errors *e, const char *id, const char *name,
		   const char *label, const char *value, bool required, int rows, int maxlength);
/* A required select of keys with their labels (msgids, translated here);
 * a first empty choice when empty_label (a msgid too) is not NULL. */
void form_select(struct req *r, const struct form_errors *e, const char *id, const char *name,
		 const char *label, const char *const *keys, const char *const *labels, size_t n,
		 const char *selected, const char *empty_label);
/* A checkbox (value "yes") with its label after it. */
void form_checkbox(struct req *r, const struct form_errors *e, const char *id, const char *label,
		   bool checked);
/* A yes/no question as two radio buttons (values "yes" and "no"). */
void form_yes_no(struct req *r, const struct form_errors *e, const char *name, const char *label,
		 const char *value);
/* A list of the form's errors at the top, linking to each field. */
void form_error_summary(struct req *r, const struct form_errors *e);
/* Sets a one-shot message shown on the next page (a key of the flash table). */
void page_flash(struct req *r, const char *key);
/* The msgid of a flash key, or NULL. */
const char *page_flash_text(const char *key);
/* Opens a table: "<table ATTRS><thead><tr>" with a column header for each
 * label (msgids, translated; the list ends with NULL), then "<tbody>".
 * attrs (may be NULL) are the table's attributes as written, e.g.
 * "id=\"contact-history\"". The caller writes the rows and
 * "</tbody></table>". */
void page_table(struct req *r, const char *attrs, const char *const *labels);
/* <TAG id="ID">text</TAG> (id NULL: none), text escaped as given. */
void page_heading(struct req *r, const char *tag, const char *id, const char *text);
/* <p class="CLS">text</p> (cls NULL: no class), text escaped as given. */
void page_para(struct req *r, const char *cls, const char *text);
/* A submit button labelled with msgid, translated. */
void page_button(struct req *r, const char *msgid);
/* <th scope="col">msgid, translated</th> */
void page_th(struct req *r, const char *msgid);
/* <td>text</td>, text escaped as given. */
void page_td(struct req *r, const char *text);
/* <p>msgid, translated</p> */
void page_p(struct req *r, const char *msgid);
/* A line of links with " · " between them, each shown only to those whose
 * roles may read its resource (a link a page offers should open);
 * {NULL}-terminated. Nothing when none is shown. */
struct page_link {
	const char *href;
	const char *msgid;
	enum resource res;
};
void page_links(struct req *r, const struct page_link *links);
/* <p class="muted">text</p>: a quiet line, as "nothing here yet". */
void page_muted(struct req *r, const char *text);
/* The decimal mark of the reader's language, for numbers a page shows:
 * ',' in Bokmål, '.' in English. CSV, XLSX and the API's numbers keep '.'. */
char page_decimal_mark(const struct req *r);
/* A moment (seconds since the epoch) in the server's local time, as
 * "YYYY-MM-DD HH:MM", in the request's arena; "" for none (0 or FIELD_NONE). */
const char *page_moment(struct req *r, int64_t t);
/* <dt>label</dt><dd>value</dd>: label a msgid, translated; value escaped as
 * given, a dash when NULL or empty. */
void page_dl_row(struct req *r, const char *label, const char *value);
/* As page_dl_row(), the value's lines kept (a multi-line text). */
void page_dl_lines(struct req *r, const char *label, const char *value);
/* s, or a dash when s is NULL or empty. */
const char *page_or_dash(const char *s);
/* "NAME=VALUE" with VALUE percent-encoded, for a pager's query (arena);
 * "" when value is empty. */
const char *page_query(struct req *r, const char *name, const char *value);
/* The hidden field "version" of an edit form. */
void form_hidden_version(struct req *r, int64_t version);
/* The version a save was made from: the form's hidden field "version", or
 * the JSON member "version" (a member that is not a whole number is an
 * error in types). 0 when none. */
int64_t form_version(struct req *r, struct form_errors *types);
/* A request some of whose fields could not be read (e) and that named no
 * version: the version's error is added to errors, to be said with them
 * (the command says it otherwise). */
void form_version_missing(const struct form_errors *e, int64_t version, struct field_errors *errors);
/* The page of a list, ?page and ?per_page by one rule (paging_read()): for
 * the API api_paging(); for a page *per_page is the caller's unless the
 * reader gives one, and page_pager()'s links keep it. False when a
 * parameter is wrong, with the 400 answered (a page saying what each takes)
 * and *rc the handler's result. */
bool req_paging(struct req *r, int64_t *page, int64_t *per_page, int *rc);
/* True when page of a list of total rows, per_page a page, exists: page 1
 * always (an empty list has its own words). A page past the last answers
 * 404 (*rc the handler's result, false) saying how many pages there are,
 * with a link to the last (path and base_query as page_pager()'s). The API
 * answers such a page with no items: always true. */
bool req_page_exists(struct req *r, const char *path, const char *base_query, int64_t page, int64_t total,
		     int64_t per_page, int *rc);
/* Paging links: "Previous", "Page N of M", "Next"; base_query is the escaped
 * query string without page (may be ""). */
void page_pager(struct req *r, const char *path, const char *base_query,
		int64_t page, int64_t total, int64_t per_page);
/* The same for a list whose total is not counted to the end: "Previous",
 * "Page N", and "Next" when more may follow (a full page). */
void page_pager_open(struct req *r, const char *path, const char *base_query, int64_t page, bool more);

/* ---- static assets (assets.c) ---- */

/* The versioned URL of an asset, e.g. "/static/3fa2c1/app.css". */
const char *asset_url(const char *name);
int assets_init(void);

/* ---- handlers of the platform's own routes (assets.c) ---- */

int h_healthz(struct req *r);
int h_robots(struct req *r);
int h_static(struct req *r);

#endif
