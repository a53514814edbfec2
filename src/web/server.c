/*
 * server.c — libmicrohttpd glue: options, the request life cycle, security
 * headers, the access log and graceful shutdown.
 *
 * Life of a request: uri_log() creates it with its arena as soon as the
 * request line is read; on_request() is called once with the headers (413
 * is decided here from Content-Length, before any body is read), then with
 * each piece of body, then once more to answer. A handler that must wait
 * for a password hash suspends the connection; the hash worker resumes it
 * and on_request() runs the continuation. on_completed() frees everything.
 */
#include "server.h"
#include "http.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/log.h"
#include "util/netaddr.h"
#include "util/timeutil.h"
#include "util/token.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

static atomic_int inflight;

static const char csp[] =
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

struct db *
req_db(struct req *r)
{
	if (r->db == NULL)
		r->db = store_acquire_request(r->app->store);
	return r->db;
}

struct db *
req_db_read(struct req *r)
{
	if (r->db_read == NULL)
		r->db_read = store_read_acquire(r->app->store, req_db(r));
	return r->db_read;
}

/* True when a connection of the request found the database unreachable. */
static bool
req_db_unavailable(struct req *r)
{
	return (r->db != NULL && store_unavailable(r->db)) || (r->db_read != NULL && store_unavailable(r->db_read));
}

const char *
req_in_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static void
req_release_db(struct req *r)
{
	if (r->db_read != NULL) {
		store_read_release(r->app->store, r->db_read);
		r->db_read = NULL;
	}
	if (r->db != NULL) {
		store_release(r->app->store, r->db);
		r->db = NULL;
	}
}

static void *
uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct app *app = cls;
	struct arena *a = arena_new();
	if (a == NULL)
		return NULL;
	struct req *r = arena_alloc(a, sizeof *r);
	if (r == NULL) {
		arena_free(a);
		return NULL;
	}
	r->a = a;
	r->app = app;
	r->conn = conn;
	r->uri = arena_strdup(a, uri != NULL ? uri : "");
	if (r->uri != NULL)
		r->path_raw = arena_strndup(a, r->uri, strcspn(r->uri, "?"));
	if (uri != NULL) {
		/*
		 * The query string is parsed from r->uri by parse.c, with its
		 * limit (http.max_query_params). libmicrohttpd would also record
		 * every parameter in the connection's memory right after this
		 * call, and when they do not fit (a few thousand) it neither
		 * answers nor calls on_request or on_completed: the request hangs
		 * and stays in flight. So its copy ends at the '?': uri points
		 * into the connection's own read buffer, which libmicrohttpd
		 * parses only after this call and never reads back.
		 */
		char *q = strchr((char *)(uintptr_t)uri, '?');
		if (q != NULL)
			q[1] = '\0';
	}
	r->started_ms = time_mono_ms();
	atomic_fetch_add(&inflight, 1);
	return r;
}

static size_t
unescape_none(void *cls, struct MHD_Connection *c, char *s)
{
	/* The raw URI is parsed by parse.c; MHD must not decode it first. */
	(void)cls;
	(void)c;
	return strlen(s);
}

/* The headers every answer has; a page that sets its own Referrer-Policy
 * (the supervisor's evaluation link: no-referrer) keeps only its own. */
static void
add_common_headers(struct MHD_Response *resp, bool cacheable, bool own_referrer)
{
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (!own_referrer)
		MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	if (!cacheable)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static enum MHD_Result
send_response(struct req *r)
{
	size_t len = 0;
	char *body = buf_steal(&r->out, &len);
	if (body == NULL) {
		r->status = 500;
		body = strdup("Internal Server Error\n");
		len = body ? strlen(body) : 0;
		r->content_type = "text/plain; charset=utf-8";
		r->nheaders = 0;
	}
	r->sent_bytes = len;
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	bool cacheable = false, own_referrer = false;
	for (int i = 0; i < r->nheaders; i++) {
		MHD_add_response_header(resp, r->hdr_name[i], r->hdr_value[i]);
		if (strcmp(r->hdr_name[i], "Cache-Control") == 0)
			cacheable = true;
		if (strcmp(r->hdr_name[i], "Referrer-Policy") == 0)
			own_referrer = true;
	}
	add_common_headers(resp, cacheable, own_referrer);
	MHD_add_response_header(resp, "Content-Type",
				r->content_type ? r->content_type : "text/html; charset=utf-8");
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)(r->status ? r->status : 200), resp);
	MHD_destroy_response(resp);
	r->completed = true;
	return ret;
}

/* Answers before the body is read (413, 400), connection closed: plain
 * text, or for the API the JSON error every API answer has (code, e.g.
 * "too_large", and the text). */
static enum MHD_Result
send_early(struct req *r, const char *url, int status, const char *code, const char *text)
{
	r->status = status;
	buf_reset(&r->out);
	if (url != NULL && strncmp(url, "/api/", 5) == 0) {
		r->content_type = "application/json";
		json_t *j = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", text);
		char *dump = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		if (dump != NULL)
			buf_puts(&r->out, dump);
		free(dump);
	} else {
		r->content_type = "text/plain; charset=utf-8";
		buf_puts(&r->out, text);
		buf_puts(&r->out, "\n");
	}
	req_header(r, "Connection", "close");
	return send_response(r);
}

/* Keeps the last X-Forwarded-For header's value: a balancer appends its
 * own line after any the client sent. */
static enum MHD_Result
last_forwarded(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	if (key != NULL && value != NULL && strcasecmp(key, "X-Forwarded-For") == 0)
		*(const char **)cls = value;
	return MHD_YES;
}

/* The client's address: the TCP peer, or behind a balancer named in
 * http.trusted_proxies the address it forwarded for (util/netaddr.h). */
static void
client_address(struct req *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(r->address, sizeof r->address, "unknown");
	if (ci == NULL || ci->client_addr == NULL)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
			  r->address, sizeof r->address);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  r->address, sizeof r->address);
	const char *proxies = r->app->cfg.http_trusted_proxies;
	if (proxies[0] == '\0' || !netaddr_listed(proxies, r->address))
		return;
	const char *forwarded = NULL;
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, last_forwarded, &forwarded);
	netaddr_forwarded(forwarded, r->address, sizeof r->address);
}

/* The request's path as the logs write it: an evaluation link's token
 * (decision 40: the key that opens a trainee's form, kept only hashed) is
 * written ":token", so that whoever reads the log cannot open the form. */
static const char *
path_for_log(const struct req *r)
{
	static const struct {
		const char *prefix, *shown;
	} secret[] = {{"/evaluate/", "/evaluate/:token"}, {"/api/v1/evaluate/", "/api/v1/evaluate/:token"}};
	if (r->path_raw == NULL)
		return "-";
	for (size_t i = 0; i < sizeof secret / sizeof secret[0]; i++) {
		size_t n = strlen(secret[i].prefix);
		if (strncmp(r->path_raw, secret[i].prefix, n) == 0 && r->path_raw[n] != '\0')
			return secret[i].shown;
	}
	return r->path_raw;
}

static enum MHD_Result
finish(struct req *r, int rc)
{
	if (rc == H_SUSPEND) {
		req_release_db(r);
		return MHD_YES;
	}
	if (rc < 0) {
		bool away = rc == SC_EUNAVAIL || req_db_unavailable(r);
		log_error("request %s %s failed: %s%s", r->method_name, path_for_log(r),
			  sc_strerror(rc), away && rc != SC_EUNAVAIL ? " (database unreachable)" : "");
		buf_reset(&r->out);
		r->nheaders = 0;
		if (r->db != NULL)
			store_tx_rollback(r->db);
		/* The database is away (restarting, or the network): try again
		 * later, which is true, rather than "something is wrong". */
		if (away)
			req_unavailable(r);
		else
			req_error(r, 500, NULL);
	}
	req_release_db(r);
	return send_response(r);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct app *app = cls;
	struct req *r = *con_cls;
	(void)version;
	if (r == NULL)
		return MHD_NO; /* out of memory in uri_log: drop the connection */
	if (r->completed) {
		/* A response was queued early (413); swallow what still arrives. */
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->method_name == NULL) {
		/* First call: headers only. */
		r->method_name = arena_strdup(r->a, method);
		if (strcmp(method, "GET") == 0)
			r->method = M_GET;
		else if (strcmp(method, "POST") == 0)
			r->method = M_POST;
		else if (strcmp(method, "HEAD") == 0)
			r->method = M_HEAD;
		else
			r->method = M_OTHER;
		client_address(r);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl != NULL) {
			int64_t n = 0;
			if (parse_int64(cl, 0, INT64_MAX, &n) != SC_OK)
				return send_early(r, url, 400, "bad_request", "Bad Request: invalid Content-Length");
			if (n > app->cfg.http_max_body)
				return send_early(r, url, 413, "too_large", "The request is larger than the server accepts.");
		}
		return MHD_YES;
	}
	if (*upload_size > 0) {
		/* A chunked body has no Content-Length to refuse up front, and
		 * libmicrohttpd cannot answer while a body is arriving: drop the
		 * rest and answer 413 when it has been read. */
		if (r->too_large || r->body.len + *upload_size > (size_t)app->cfg.http_max_body) {
			r->too_large = true;
			buf_free(&r->body);
			*upload_size = 0;
			return MHD_YES;
		}
		buf_append(&r->body, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->too_large)
		return send_early(r, url, 413, "too_large", "The request is larger than the server accepts.");
	if (r->suspended) {
		r->suspended = false;
		r->resumed = true;
		handler_fn cont = r->cont;
		r->cont = NULL;
		return finish(r, cont(r));
	}
	return finish(r, web_dispatch(r));
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct app *app = cls;
	struct req *r = *con_cls;
	(void)conn;
	if (r == NULL)
		return;
	req_release_db(r);
	if (app->cfg.http_access_log && r->method_name != NULL) {
		/* Method, path without query, status, size, time: no personal data. */
		log_info("access %s %s %d %zuB %.1fms%s", r->method_name, path_for_log(r), r->status ? r->status : 200,
			 r->sent_bytes, (double)(time_mono_ms() - r->started_ms),
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	}
	if (r->json != NULL)
		json_decref(r->json);
	buf_free(&r->body);
	buf_free(&r->out);
	*con_cls = NULL;
	arena_free(r->a);
	atomic_fetch_sub(&inflight, 1);
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_warn("http: %s", msg);
}

/* The C library keeps the memory a request frees for the next (decision
 * 124): glibc otherwise gives a heap's free top back to the kernel from
 * 128 KiB (its threshold grows only as large blocks are freed), so a
 * report that reads 180,000 rows faulted its tens of megabytes in again at
 * every request (a quarter to a third of its server CPU at a million). A
 * block of 16 MiB or more is still mapped apart and unmapped when freed;
 * each heap keeps at most 32 MiB free at its top (glibc makes up to 8 a
 * core: the memory held beyond the requests' own is bounded by that). */
static void
server_tune_malloc(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	/* a refusal (AddressSanitizer's allocator takes no such setting)
	 * leaves the defaults: slower, not wrong */
	(void)mallopt(M_MMAP_THRESHOLD, 16 << 20);
	(void)mallopt(M_TRIM_THRESHOLD, 32 << 20);
#endif
}

int
server_run(const struct config *cfg, struct store *store)
{
	server_tune_malloc();
	struct app *app = calloc(1, sizeof *app);
	if (app == NULL)
		return SC_ENOMEM;
	app->cfg = *cfg;
	app->store = store;
	app->session_cookie = cfg->http_cookie_secure ? "__Host-sc_session" : "sc_session";
	app->pre_cookie = cfg->http_cookie_secure ? "__Host-sc_pre" : "sc_pre";
	app->cookie_attrs = cfg->http_cookie_secure ? "; Path=/; HttpOnly; SameSite=Strict; Secure"
						    : "; Path=/; HttpOnly; SameSite=Strict";
	/* Block the stop signals before any thread starts, so every thread
	 * inherits the mask and only sigwait() below receives them. */
	sigset_t stopset;
	sigemptyset(&stopset);
	sigaddset(&stopset, SIGTERM);
	sigaddset(&stopset, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stopset, NULL);
	signal(SIGPIPE, SIG_IGN);

	int rc = SC_OK;
	unsigned long long ops = (unsigned long long)cfg->auth_argon2_ops;
	size_t mem = (size_t)cfg->auth_argon2_memory_kib * 1024u;
	char pw[TOKEN_HEX_LEN + 1];
	token_random(pw);
	if (hash_password(pw, ops, mem, app->dummy_hash) != SC_OK) {
		log_error("cannot compute a password hash with argon2_memory_kib=%d argon2_ops=%d",
			  cfg->auth_argon2_memory_kib, cfg->auth_argon2_ops);
		free(app);
		return SC_ERR;
	}
	rc = hashpool_start(cfg->auth_hash_workers, cfg->auth_hash_queue, ops, mem, &app->hashes);
	if (rc != SC_OK) {
		free(app);
		return rc;
	}
	char qerr[256];
	rc = store_audit_queue_start(store, cfg->db_url, cfg->db_busy_timeout_ms, qerr, sizeof qerr);
	if (rc != SC_OK) {
		log_error("cannot start the audit queue: %s", qerr);
		hashpool_stop(app->hashes);
		free(app);
		return rc;
	}

	struct sockaddr_in sin;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)cfg->http_port);
	if (inet_pton(AF_INET, cfg->http_address, &sin.sin_addr) != 1) {
		log_error("http.address must be an IPv4 address, not \"%s\"", cfg->http_address);
		hashpool_stop(app->hashes);
		store_audit_queue_stop(store);
		free(app);
		return SC_EINVAL;
	}


	/* The logger comes first so it also receives messages about the rest. */
	struct MHD_OptionItem ops_table[] = {
		{MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)(void *)mhd_log, NULL},
		{MHD_OPTION_SOCK_ADDR, 0, &sin},
		{MHD_OPTION_THREAD_POOL_SIZE, cfg->http_threads, NULL},
		{MHD_OPTION_CONNECTION_LIMIT, cfg->http_max_connections, NULL},
		{MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->http_max_connections_per_ip, NULL},
		{MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->http_connection_memory, NULL},
		{MHD_OPTION_CONNECTION_TIMEOUT, cfg->http_timeout, NULL},
		{MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)(void *)uri_log, app},
		{MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)(void *)unescape_none, NULL},
		{MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)(void *)on_completed, app},
		{MHD_OPTION_END, 0, NULL},
	};
	/* poll(), not epoll: libmicrohttpd 0.9.75's MHD_quiesce_daemon() races
	 * its own worker threads to take the listening socket out of each
	 * epoll set, and the loser aborts the process ("Failed to remove
	 * listen FD from epoll set") now and then at SIGTERM. With poll()
	 * quiescing only sets a flag. At http.max_connections (512) poll costs
	 * nothing we can measure (docs/DECISIONS.md, 23). */
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_ALLOW_SUSPEND_RESUME |
			MHD_USE_ITC | MHD_USE_ERROR_LOG,
		0, NULL, NULL, on_request, app, MHD_OPTION_ARRAY, ops_table, MHD_OPTION_END);
	if (d == NULL) {
		log_error("cannot listen on %s:%d (in use, or not allowed)", cfg->http_address,
			  cfg->http_port);
		hashpool_stop(app->hashes);
		store_audit_queue_stop(store);
		free(app);
		return SC_EIO;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	int port = di ? di->port : cfg->http_port;
	log_info("listening on http://%s:%d/", cfg->http_address, port);
	printf("listening on http://%s:%d/\n", cfg->http_address, port);
	fflush(stdout);

	int sig = 0;
	sigwait(&stopset, &sig);
	log_info("signal %d: stopping; %d request(s) in flight", sig, atomic_load(&inflight));
	MHD_quiesce_daemon(d);
	int64_t deadline = time_mono_ms() + 10000;
	while (atomic_load(&inflight) > 0 && time_mono_ms() < deadline) {
		struct timespec ts = {0, 20 * 1000000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(d);
	hashpool_stop(app->hashes);
	store_audit_queue_stop(store);
	free(app);
	log_info("stopped");
	return SC_OK;
}
