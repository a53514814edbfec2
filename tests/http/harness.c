/*
 * harness.c — starts and stops the real server for the HTTP tests and
 * speaks HTTP to it (libcurl, and raw sockets for malformed requests).
 * See harness.h for the contract.
 */
#include "harness.h"
#include "../template.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Low Argon2 cost: the suite signs in many times. */
static const char *const fast_hash[] = {
	"auth.argon2_memory_kib=8192",
	"auth.argon2_ops=1",
};

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static long
mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *
sc_bin(void)
{
	const char *b = getenv("SC_BIN");
	if (b == NULL || *b != '/') {
		fprintf(stderr, "harness: SC_BIN must be the absolute path of the secondchance binary\n");
		return NULL;
	}
	return b;
}

static void
print_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return;
	char line[1024];
	fprintf(stderr, "---- %s ----\n", path);
	while (fgets(line, sizeof line, f) != NULL)
		fputs(line, stderr);
	fprintf(stderr, "---- end ----\n");
	fclose(f);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
remove_tree(const char *dir)
{
	if (dir[0] != '\0')
		nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * Forks and runs SC_BIN with argv (after argv[0]); stdout and stderr are
 * appended to log; stdin_text (may be NULL) is written to its stdin.
 * Returns the child's pid, or -1.
 */
static pid_t
spawn(const char *const *args, size_t nargs, const char *log, const char *stdin_text)
{
	const char *bin = sc_bin();
	if (bin == NULL)
		return -1;
	int in[2] = {-1, -1};
	if (pipe(in) != 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		dup2(in[0], 0);
		close(in[0]);
		close(in[1]);
		char **argv = calloc(nargs + 2, sizeof *argv);
		if (argv == NULL)
			_exit(127);
		argv[0] = (char *)bin;
		for (size_t i = 0; i < nargs; i++)
			argv[i + 1] = (char *)args[i];
		execv(bin, argv);
		_exit(127);
	}
	close(in[0]);
	if (stdin_text != NULL) {
		size_t len = strlen(stdin_text), off = 0;
		while (off < len) {
			ssize_t w = write(in[1], stdin_text + off, len - off);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
	}
	close(in[1]);
	return pid;
}

/* Waits for pid up to timeout_ms; returns the raw wait status or -1. */
static int
wait_for(pid_t pid, long timeout_ms)
{
	long deadline = mono_ms() + timeout_ms;
	for (;;) {
		int st = 0;
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			return st;
		if (w < 0 && errno != EINTR)
			return -1;
		if (mono_ms() > deadline)
			return -1;
		sleep_ms(20);
	}
}

/* Runs SC_BIN to completion; returns its exit status or -1. */
static int
run_cli(const struct server *s, const char *stdin_text, const char *const *args)
{
	const char *argv[48];
	size_t n = 0;
	argv[n++] = "--set";
	argv[n++] = s->db_set;
	for (size_t i = 0; i < sizeof fast_hash / sizeof fast_hash[0]; i++) {
		argv[n++] = "--set";
		argv[n++] = fast_hash[i];
	}
	for (size_t i = 0; args != NULL && args[i] != NULL && n < 47; i++)
		argv[n++] = args[i];
	char log[320];
	snprintf(log, sizeof log, "%s/cli.log", s->dir);
	pid_t pid = spawn(argv, n, log, stdin_text);
	if (pid < 0)
		return -1;
	/* The demo under the sanitizers on PostgreSQL takes 10-20 s on a quiet
	 * machine and several times that on a loaded one (a CI runner shared
	 * with other jobs): three minutes, well inside check.sh's ten. */
	int st = wait_for(pid, 180000);
	if (st == -1) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		print_file(log);
		return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	}
	return 0;
}

int
cli_run(const struct server *s, const char *stdin_text, const char *const *args)
{
	return run_cli(s, stdin_text, args);
}

int
cli_user_add(const struct server *s, const char *username, const char *display,
	     const char *roles, const char *password)
{
	char line[256];
	snprintf(line, sizeof line, "%s\n", password);
	const char *args[] = {"user", "add", username, "--name", display, "--roles", roles,
			      "--password-stdin", NULL};
	return run_cli(s, line, args);
}

static int
free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in sin;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof sin;
	int port = -1;
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

/* Polls /healthz until 200, the child dies, or 10 s pass. 0 when up. */
static int
wait_healthy(struct server *s)
{
	long deadline = mono_ms() + 10000;
	while (mono_ms() < deadline) {
		int st = 0;
		if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
			s->pid = 0;
			return -1;
		}
		struct http_res res;
		if (http_get(s, "/healthz", NULL, &res) == 0) {
			long status = res.status;
			http_res_free(&res);
			if (status == 200)
				return 0;
		}
		sleep_ms(50);
	}
	return -1;
}

/* ---- PostgreSQL: a database per server ---- */

static const char *
pg_url(void)
{
	const char *u = getenv("SC_TEST_PG_URL");
	return u != NULL && *u != '\0' ? u : NULL;
}

bool
harness_pg(void)
{
	return pg_url() != NULL;
}

/* The URL of database name on the cluster of SC_TEST_PG_URL: its path
 * (after the authority) replaced, its query kept. */
static int
pg_url_of(const char *name, char *out, size_t outlen)
{
	return tpl_url_with_db(pg_url(), name, out, outlen);
}

/* Runs one statement on the cluster's own database (SC_TEST_PG_URL). */
static int
pg_admin(const char *sql)
{
	PGconn *c = PQconnectdb(pg_url());
	int rc = -1;
	if (PQstatus(c) == CONNECTION_OK) {
		PGresult *res = PQexec(c, sql);
		rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
		if (rc != 0)
			fprintf(stderr, "harness: %s: %s", sql, PQresultErrorMessage(res));
		PQclear(res);
	} else {
		fprintf(stderr, "harness: cannot connect to SC_TEST_PG_URL: %s", PQerrorMessage(c));
	}
	PQfinish(c);
	return rc;
}

/* The number of rows a query on the cluster's own database returns, or
 * -1 (printed why). */
static int
pg_admin_rows(const char *sql)
{
	PGconn *c = PQconnectdb(pg_url());
	int rows = -1;
	if (PQstatus(c) == CONNECTION_OK) {
		PGresult *res = PQexec(c, sql);
		if (PQresultStatus(res) == PGRES_TUPLES_OK)
			rows = PQntuples(res);
		else
			fprintf(stderr, "harness: %s: %s", sql, PQresultErrorMessage(res));
		PQclear(res);
	} else {
		fprintf(stderr, "harness: cannot connect to SC_TEST_PG_URL: %s", PQerrorMessage(c));
	}
	PQfinish(c);
	return rows;
}

/* Makes a database of its own for s on the cluster: empty, or a copy of
 * the database template (NULL: none). */
static int
pg_create(struct server *s, const char *template)
{
	static int made;
	snprintf(s->pg_db, sizeof s->pg_db, "sc_http_%ld_%d", (long)getpid(), ++made);
	char sql[256], url[512];
	if (template != NULL)
		tpl_pg_create_sql(sql, sizeof sql, s->pg_db, template);
	else
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", s->pg_db);
	if (pg_url_of(s->pg_db, url, sizeof url) != 0 || pg_admin(sql) != 0) {
		s->pg_db[0] = '\0';
		return -1;
	}
	snprintf(s->db_set, sizeof s->db_set, "database.url=%s", url);
	return 0;
}

static void
pg_drop(struct server *s)
{
	if (s->pg_db[0] == '\0' || s->peer)
		return;
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", s->pg_db);
	pg_admin(sql);
	s->pg_db[0] = '\0';
}

void
server_sql(const struct server *s, const char *sql)
{
	char err[512] = "";
	int rc = -1;
	if (s->pg_db[0] != '\0') {
		PGconn *c = PQconnectdb(s->db_set + strlen("database.url="));
		if (PQstatus(c) == CONNECTION_OK) {
			PGresult *res = PQexec(c, sql);
			ExecStatusType st = PQresultStatus(res);
			rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : -1;
			snprintf(err, sizeof err, "%s", PQresultErrorMessage(res));
			PQclear(res);
		} else {
			snprintf(err, sizeof err, "%s", PQerrorMessage(c));
		}
		PQfinish(c);
	} else {
		char path[320];
		snprintf(path, sizeof path, "%s/sc.db", s->dir);
		sqlite3 *c = NULL;
		if (sqlite3_open_v2(path, &c, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
			sqlite3_busy_timeout(c, 5000);
			char *msg = NULL;
			rc = sqlite3_exec(c, sql, NULL, NULL, &msg) == SQLITE_OK ? 0 : -1;
			snprintf(err, sizeof err, "%s", msg ? msg : "");
			sqlite3_free(msg);
		} else {
			snprintf(err, sizeof err, "%s", c ? sqlite3_errmsg(c) : "out of memory");
		}
		sqlite3_close(c);
	}
	if (rc != 0)
		fail_msg("harness: %s: %s", sql, err);
}

/* The template (tests/template.h) of what `init` makes, the schema and
 * the administrator: named by the binary (its inode, size and change
 * time), beside it, so a rebuilt binary makes its own. */
static int
template_key(char *out, size_t outlen)
{
	struct stat st;
	const char *bin = sc_bin();
	if (bin == NULL || stat(bin, &st) != 0)
		return -1;
	char id[128];
	int n = snprintf(id, sizeof id, "%lx:%lx:%lx:%lx", (unsigned long)st.st_ino, (unsigned long)st.st_size,
			 (unsigned long)st.st_ctim.tv_sec, (unsigned long)st.st_ctim.tv_nsec);
	snprintf(out, outlen, "%016llx", (unsigned long long)tpl_fnv(TPL_FNV_INIT, id, (size_t)n));
	return 0;
}

/* The binary's folder into out; -1 when SC_BIN is not set. */
static int
bin_dir(char *out, size_t outlen)
{
	const char *bin = sc_bin();
	const char *slash = bin ? strrchr(bin, '/') : NULL;
	if (slash == NULL)
		return -1;
	snprintf(out, outlen, "%.*s", (int)(slash - bin), bin);
	return 0;
}

static int
run_init(struct server *s)
{
	const char *init[] = {"init", "--admin-user", ADMIN_USER, "--admin-password", ADMIN_PASSWORD, NULL};
	return run_cli(s, NULL, init) == 0 ? 0 : -2;
}

/* SQLite: s's database copied from the template, made first (by an init
 * of s's own file) when there is none. 0, -1 (the caller runs init) or -2
 * (init failed). */
static int
sqlite_from_template(struct server *s)
{
	char dir[256], key[32], tpl[400], db[320];
	if (bin_dir(dir, sizeof dir) != 0 || template_key(key, sizeof key) != 0)
		return -1;
	snprintf(tpl, sizeof tpl, "%s/.sc-http-template-%s.db", dir, key);
	snprintf(db, sizeof db, "%s/sc.db", s->dir);
	int lock = tpl_lock(dir, "http");
	if (lock < 0)
		return -1;
	int rc;
	if (access(tpl, F_OK) != 0) {
		rc = run_init(s);
		if (rc == 0) {
			tpl_prune(dir, "http", tpl);
			tpl_sqlite_keep(db, tpl);
		}
	} else if ((rc = tpl_copy_file(tpl, db)) != 0) {
		unlink(db);
	}
	tpl_unlock(lock);
	return rc;
}

/* PostgreSQL: s's database made from the template database, made first
 * (an init of its own) when the cluster has none for this binary. 0, -1
 * (the caller makes an empty one and runs init) or -2 (init failed). */
static int
pg_from_template(struct server *s)
{
	char dir[256], key[32], tpl[64], url[512], sql[256];
	if (bin_dir(dir, sizeof dir) != 0 || template_key(key, sizeof key) != 0)
		return -1;
	snprintf(tpl, sizeof tpl, "sc_http_tpl_%s", key);
	if (pg_url_of(tpl, url, sizeof url) != 0)
		return -1;
	int lock = tpl_lock(dir, "http");
	if (lock < 0)
		return -1;
	int rc = 0;
	snprintf(sql, sizeof sql, "SELECT 1 FROM pg_database WHERE datname = '%s'", tpl);
	int have = pg_admin_rows(sql);
	if (have < 0) {
		rc = -1;
	} else if (have == 0) {
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", tpl);
		if (pg_admin(sql) != 0) {
			rc = -1;
		} else {
			char keep[sizeof s->db_set];
			memcpy(keep, s->db_set, sizeof keep);
			snprintf(s->db_set, sizeof s->db_set, "database.url=%s", url);
			rc = run_init(s);
			memcpy(s->db_set, keep, sizeof keep);
			if (rc != 0) {
				snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", tpl);
				pg_admin(sql);
			}
		}
	}
	if (rc == 0 && pg_create(s, tpl) != 0)
		rc = -1;
	tpl_unlock(lock);
	return rc;
}

static int launch(struct server *s, const char *const *extra);

int
server_start(struct server *s, const char *const *extra)
{
	memset(s, 0, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "%s/sc-http-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(s->dir) == NULL) {
		fprintf(stderr, "harness: mkdtemp: %s\n", strerror(errno));
		s->dir[0] = '\0';
		return -1;
	}
	snprintf(s->db_set, sizeof s->db_set, "database.url=sqlite:%s/sc.db", s->dir);
	snprintf(s->log_path, sizeof s->log_path, "%s/server.log", s->dir);
	int rc = -1;
	if (tpl_wanted())
		rc = harness_pg() ? pg_from_template(s) : sqlite_from_template(s);
	if (rc == -1) {
		if (harness_pg() && pg_create(s, NULL) != 0) {
			fprintf(stderr, "harness: cannot make a PostgreSQL database on SC_TEST_PG_URL\n");
			remove_tree(s->dir);
			return -1;
		}
		rc = run_init(s);
	}
	if (rc != 0) {
		fprintf(stderr, "harness: secondchance init failed\n");
		pg_drop(s);
		remove_tree(s->dir);
		return -1;
	}
	return launch(s, extra);
}

int
server_start_peer(struct server *s, const struct server *first, const char *const *extra)
{
	memset(s, 0, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "%s/sc-http-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(s->dir) == NULL) {
		fprintf(stderr, "harness: mkdtemp: %s\n", strerror(errno));
		s->dir[0] = '\0';
		return -1;
	}
	s->peer = true;
	memcpy(s->db_set, first->db_set, sizeof s->db_set);
	snprintf(s->log_path, sizeof s->log_path, "%s/server.log", s->dir);
	return launch(s, extra);
}

/* Starts `serve` for s, whose folder and database are ready, and waits
 * until it is healthy; on failure cleans up (pg_drop, the folder). */
static int
launch(struct server *s, const char *const *extra)
{
	/* The port may be taken between the probe and the bind: try a few. */
	for (int attempt = 0; attempt < 5; attempt++) {
		s->port = free_port();
		if (s->port <= 0)
			continue;
		char port_set[64];
		snprintf(port_set, sizeof port_set, "http.port=%d", s->port);
		const char *argv[64];
		size_t n = 0;
		argv[n++] = "--set";
		argv[n++] = s->db_set;
		argv[n++] = "--set";
		argv[n++] = port_set;
		argv[n++] = "--set";
		argv[n++] = "http.access_log=false";
		for (size_t i = 0; i < sizeof fast_hash / sizeof fast_hash[0]; i++) {
			argv[n++] = "--set";
			argv[n++] = fast_hash[i];
		}
		for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 60; i++) {
			argv[n++] = "--set";
			argv[n++] = extra[i];
		}
		argv[n++] = "serve";
		s->pid = spawn(argv, n, s->log_path, NULL);
		if (s->pid < 0) {
			s->pid = 0;
			break;
		}
		if (wait_healthy(s) == 0)
			return 0;
		if (s->pid > 0) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, NULL, 0);
			s->pid = 0;
		}
	}
	fprintf(stderr, "harness: the server did not become healthy\n");
	print_file(s->log_path);
	pg_drop(s);
	remove_tree(s->dir);
	return -1;
}

int
server_stop(struct server *s)
{
	int ret = 0;
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		int st = wait_for(s->pid, 15000);
		if (st == -1) {
			fprintf(stderr, "harness: the server did not stop within 15 s of SIGTERM\n");
			kill(s->pid, SIGKILL);
			waitpid(s->pid, NULL, 0);
			ret = -1;
		} else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			if (WIFEXITED(st))
				fprintf(stderr, "harness: the server exited with status %d after SIGTERM\n",
					WEXITSTATUS(st));
			else
				fprintf(stderr, "harness: the server died of signal %d after SIGTERM\n",
					WTERMSIG(st));
			ret = -1;
		}
		s->pid = 0;
	}
	if (ret != 0)
		print_file(s->log_path);
	pg_drop(s);
	remove_tree(s->dir);
	s->dir[0] = '\0';
	return ret;
}

/* Servers that did not stop gracefully (see harness_status). */
static int stop_failures;

int
harness_status(int cmocka_failures)
{
	if (stop_failures > 0)
		fprintf(stderr, "harness: %d server(s) did not shut down gracefully\n", stop_failures);
	return cmocka_failures != 0 ? cmocka_failures : (stop_failures != 0);
}

int
group_server_setup(void **state, const char *const *extra)
{
	struct server *s = calloc(1, sizeof *s);
	if (s == NULL)
		return -1;
	if (server_start(s, extra) != 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

int
group_server_teardown(void **state)
{
	struct server *s = *state;
	if (s == NULL)
		return 0;
	int rc = server_stop(s);
	if (rc != 0)
		stop_failures++;
	free(s);
	*state = NULL;
	return rc;
}

int
group_server_users(void **state, struct server **s, const struct group_user *users, const char *password,
		   const char *lang, bool (*prepare)(void))
{
	if (group_server_setup(state, NULL) != 0)
		return -1;
	*s = *state;
	const struct group_user *u;
	for (u = users; u->username != NULL; u++) {
		if (strcmp(u->username, ADMIN_USER) != 0 &&
		    cli_user_add(*s, u->username, u->display, u->roles, password) != 0) {
			fprintf(stderr, "harness: user add %s failed\n", u->username);
			goto fail;
		}
	}
	for (u = users; u->username != NULL; u++) {
		if (u->sess == NULL)
			continue;
		const char *pass = strcmp(u->username, ADMIN_USER) == 0 ? ADMIN_PASSWORD : password;
		if (sign_in(*s, u->username, pass, u->sess) != 0 ||
		    (lang != NULL && session_set_lang(*s, u->sess, lang) != 0))
			goto fail;
	}
	if (prepare != NULL && !prepare())
		goto fail;
	return 0;
fail:
	group_server_teardown(state);
	*s = NULL;
	return -1;
}

/* ---- requests ---- */

struct grow {
	char *data;
	size_t len;
};

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct grow *g = arg;
	size_t add = size * n;
	char *d = realloc(g->data, g->len + add + 1);
	if (d == NULL)
		return 0;
	memcpy(d + g->len, p, add);
	g->data = d;
	g->len += add;
	d[g->len] = '\0';
	return add;
}

static void
headers_clear(struct http_res *res)
{
	for (int i = 0; i < res->nheaders; i++) {
		free(res->name[i]);
		free(res->value[i]);
	}
	res->nheaders = 0;
}

/* Takes one header line (or status line) into res. */
static void
header_line(struct http_res *res, const char *p, size_t len)
{
	while (len > 0 && (p[len - 1] == '\r' || p[len - 1] == '\n'))
		len--;
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		/* A new response (after 100 Continue): start over. */
		headers_clear(res);
		const char *sp = memchr(p, ' ', len);
		res->status = sp ? strtol(sp + 1, NULL, 10) : 0;
		return;
	}
	const char *colon = memchr(p, ':', len);
	if (colon == NULL || res->nheaders >= HTTP_MAX_HEADERS)
		return;
	const char *v = colon + 1;
	while (v < p + len && (*v == ' ' || *v == '\t'))
		v++;
	res->name[res->nheaders] = strndup(p, (size_t)(colon - p));
	res->value[res->nheaders] = strndup(v, (size_t)(p + len - v));
	res->nheaders++;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	header_line(arg, p, size * n);
	return size * n;
}

struct upload {
	const char *data;
	size_t len, off;
};

static size_t
on_read(char *p, size_t size, size_t n, void *arg)
{
	struct upload *u = arg;
	size_t room = size * n;
	/* Small pieces, so the body really arrives in several chunks. */
	if (room > 1000)
		room = 1000;
	size_t left = u->len - u->off;
	size_t take = left < room ? left : room;
	memcpy(p, u->data + u->off, take);
	u->off += take;
	return take;
}

int
http_send(const struct server *s, const struct http_req *q, struct http_res *res)
{
	memset(res, 0, sizeof *res);
	CURL *c = curl_easy_init();
	if (c == NULL)
		return -1;
	char url[2048];
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", s->port, q->path);
	struct grow body = {NULL, 0};
	struct curl_slist *hdrs = NULL;
	struct upload up = {NULL, 0, 0};
	const char *method = q->method ? q->method : (q->body ? "POST" : "GET");

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, res);
	char from[80];
	if (q->from != NULL) {
		snprintf(from, sizeof from, "host!%s", q->from);
		curl_easy_setopt(c, CURLOPT_INTERFACE, from);
	}
	if (q->body != NULL) {
		size_t len = q->body_len < 0 ? strlen(q->body) : (size_t)q->body_len;
		char ct[256];
		snprintf(ct, sizeof ct, "Content-Type: %s",
			 q->content_type ? q->content_type : "application/x-www-form-urlencoded");
		hdrs = curl_slist_append(hdrs, ct);
		if (q->chunked) {
			up.data = q->body;
			up.len = len;
			curl_easy_setopt(c, CURLOPT_POST, 1L);
			curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
			curl_easy_setopt(c, CURLOPT_READDATA, &up);
			hdrs = curl_slist_append(hdrs, "Transfer-Encoding: chunked");
		} else {
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->body);
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		}
		hdrs = curl_slist_append(hdrs, "Expect:");
	}
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	else if (strcmp(method, "POST") == 0 && q->body == NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, 0L);
	}
	if (q->cookie != NULL) {
		char ck[1024];
		snprintf(ck, sizeof ck, "Cookie: %s", q->cookie);
		hdrs = curl_slist_append(hdrs, ck);
	}
	for (int i = 0; i < 8 && q->headers[i] != NULL; i++)
		hdrs = curl_slist_append(hdrs, q->headers[i]);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);

	CURLcode cc = curl_easy_perform(c);
	/* A server that answers early (413) may close while we still send;
	 * what it answered counts. */
	int ret = (cc == CURLE_OK || res->status > 0) ? 0 : -1;
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	res->body = body.data ? body.data : strdup("");
	res->body_len = body.len;
	if (ret != 0) {
		http_res_free(res);
		res->status = 0;
	}
	return ret;
}

int
http_raw(const struct server *s, const char *bytes, size_t len, struct http_res *res)
{
	memset(res, 0, sizeof *res);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct timeval tv = {5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_in sin;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)s->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof sin) != 0) {
		close(fd);
		return -1;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = send(fd, bytes + off, len - off, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	struct grow g = {NULL, 0};
	char chunk[4096];
	for (;;) {
		ssize_t n = recv(fd, chunk, sizeof chunk, 0);
		if (n <= 0)
			break;
		on_body(chunk, 1, (size_t)n, &g);
		/* Stop once a whole response with Content-Length has arrived. */
		char *end = g.data ? strstr(g.data, "\r\n\r\n") : NULL;
		if (end != NULL) {
			char *cl = strcasestr(g.data, "\r\nContent-Length:");
			if (cl != NULL && cl < end) {
				long want = strtol(cl + 17, NULL, 10);
				if ((long)(g.len - (size_t)(end + 4 - g.data)) >= want)
					break;
			}
		}
	}
	close(fd);
	if (g.data == NULL)
		return -1;
	char *end = strstr(g.data, "\r\n\r\n");
	char *p = g.data;
	char *stop = end ? end : g.data + g.len;
	while (p < stop) {
		char *eol = strstr(p, "\r\n");
		if (eol == NULL || eol > stop)
			eol = stop;
		header_line(res, p, (size_t)(eol - p));
		p = eol + 2;
	}
	const char *b = end ? end + 4 : g.data + g.len;
	res->body_len = (size_t)(g.data + g.len - b);
	res->body = strndup(b, res->body_len);
	free(g.data);
	return res->status > 0 ? 0 : -1;
}

int
http_get(const struct server *s, const char *path, const char *cookie, struct http_res *res)
{
	struct http_req q = {.path = path, .cookie = cookie, .body_len = -1};
	return http_send(s, &q, res);
}

int
http_post_form(const struct server *s, const char *path, const char *cookie,
	       const char *body, struct http_res *res)
{
	struct http_req q = {.path = path, .cookie = cookie, .body = body, .body_len = -1};
	return http_send(s, &q, res);
}

long
api_on(const struct server *s, const struct session *sess, const char *path, const char *body, json_t **out)
{
	char hdr[128];
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", sess->csrf);
	struct http_req q = {.path = path, .body = body, .body_len = -1, .cookie = sess->cookie,
			     .content_type = body ? "application/json" : NULL, .headers = {hdr}};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	long status = res.status;
	if (out != NULL)
		*out = res_json(&res);
	http_res_free(&res);
	return status;
}

const struct server *
session_server(const struct session *sess)
{
	if (sess->server == NULL)
		fail_msg("harness: a session that did not sign in (no server)");
	return sess->server;
}

void
session_get(const struct session *sess, const char *path, struct http_res *res)
{
	assert_int_equal(http_get(session_server(sess), path, sess->cookie, res), 0);
}

long
api_call(const struct session *sess, const char *path, const char *body, json_t **out)
{
	return api_on(session_server(sess), sess, path, body, out);
}

void
http_res_free(struct http_res *res)
{
	headers_clear(res);
	free(res->body);
	res->body = NULL;
	res->body_len = 0;
}

const char *
res_header(const struct http_res *res, const char *name)
{
	for (int i = 0; i < res->nheaders; i++)
		if (strcasecmp(res->name[i], name) == 0)
			return res->value[i];
	return NULL;
}

int
res_header_count(const struct http_res *res, const char *name)
{
	int n = 0;
	for (int i = 0; i < res->nheaders; i++)
		if (strcasecmp(res->name[i], name) == 0)
			n++;
	return n;
}

const char *
res_set_cookie(const struct http_res *res, const char *name)
{
	size_t nl = strlen(name);
	for (int i = 0; i < res->nheaders; i++) {
		if (strcasecmp(res->name[i], "Set-Cookie") != 0)
			continue;
		const char *v = res->value[i];
		if (strncmp(v, name, nl) == 0 && v[nl] == '=')
			return v;
	}
	return NULL;
}

char *
res_cookie_value(const struct http_res *res, const char *name)
{
	const char *v = res_set_cookie(res, name);
	if (v == NULL)
		return NULL;
	v += strlen(name) + 1;
	return strndup(v, strcspn(v, ";"));
}

bool
res_contains(const struct http_res *res, const char *needle)
{
	return res->body != NULL && strstr(res->body, needle) != NULL;
}

json_t *
res_json(const struct http_res *res)
{
	json_error_t err;
	if (res->body == NULL)
		return NULL;
	return json_loadb(res->body, res->body_len, 0, &err);
}

bool
api_error_fields(json_t *j, const char *code, const char *const *pairs)
{
	json_t *err = json_object_get(j, "error");
	const char *got = json_string_value(json_object_get(err, "code"));
	json_t *fields = json_object_get(err, "fields");
	bool ok = got != NULL && strcmp(got, code) == 0 && json_is_object(fields);
	size_t n = 0;
	for (; ok && pairs[n] != NULL; n += 2) {
		const char *msg = json_string_value(json_object_get(fields, pairs[n]));
		if (msg == NULL || strcmp(msg, pairs[n + 1]) != 0) {
			fprintf(stderr, "harness: field %s: \"%s\", want \"%s\"\n", pairs[n], msg ? msg : "(none)",
				pairs[n + 1]);
			ok = false;
		}
	}
	if (ok && json_object_size(fields) != n / 2) {
		fprintf(stderr, "harness: %zu fields named, want %zu\n", json_object_size(fields), n / 2);
		ok = false;
	}
	if (!ok) {
		char *dump = j ? json_dumps(j, 0) : NULL;
		fprintf(stderr, "harness: want code %s; the answer was %s\n", code, dump ? dump : "(no JSON)");
		free(dump);
	}
	return ok;
}

char *
page_field_error(const struct http_res *res, const char *field)
{
	char marker[128];
	snprintf(marker, sizeof marker, "id=\"%s-error\">", field);
	return text_after(res->body, marker, '<');
}

char *
text_after(const char *s, const char *marker, char end)
{
	if (s == NULL)
		return NULL;
	const char *p = strstr(s, marker);
	if (p == NULL)
		return NULL;
	p += strlen(marker);
	const char *e = strchr(p, end);
	return strndup(p, e ? (size_t)(e - p) : strlen(p));
}

char *
page_csrf(const char *body)
{
	return text_after(body, "name=\"csrf\" value=\"", '"');
}

char *
form_escape(const char *s)
{
	char *out = curl_easy_escape(NULL, s, 0);
	char *copy = out ? strdup(out) : NULL;
	curl_free(out);
	return copy;
}

/* ---- sessions ---- */

int
sign_in_full(const struct server *s, const char *user, const char *pass,
	     const char *accept_lang, struct session *sess, struct http_res *res_out)
{
	return sign_in_from(s, NULL, user, pass, accept_lang, sess, res_out);
}

int
sign_in_from(const struct server *s, const char *from, const char *user, const char *pass,
	     const char *accept_lang, struct session *sess, struct http_res *res_out)
{
	char lang_hdr[64] = "";
	if (accept_lang != NULL)
		snprintf(lang_hdr, sizeof lang_hdr, "Accept-Language: %s", accept_lang);
	struct http_res res;
	struct http_req q = {.path = "/login", .body_len = -1, .from = from};
	if (accept_lang != NULL)
		q.headers[0] = lang_hdr;
	if (http_send(s, &q, &res) != 0)
		return -1;
	char *pre = res_cookie_value(&res, PRE_COOKIE);
	char *csrf = page_csrf(res.body);
	http_res_free(&res);
	if (pre == NULL || csrf == NULL) {
		fprintf(stderr, "harness: GET /login gave no pre-session cookie or csrf input\n");
		free(pre);
		free(csrf);
		return -1;
	}
	char *u = form_escape(user), *p = form_escape(pass);
	char body[1024], cookie[256];
	snprintf(body, sizeof body, "csrf=%s&next=%%2F&username=%s&password=%s", csrf, u, p);
	snprintf(cookie, sizeof cookie, "%s=%s", PRE_COOKIE, pre);
	free(u);
	free(p);
	free(pre);
	free(csrf);
	struct http_req post = {.path = "/login", .body = body, .body_len = -1, .cookie = cookie,
				.from = from};
	if (accept_lang != NULL)
		post.headers[0] = lang_hdr;
	if (http_send(s, &post, &res) != 0)
		return -1;
	int status = (int)res.status;
	char *tok = res_cookie_value(&res, SESSION_COOKIE);
	if (status == 303 && tok != NULL && *tok != '\0' && sess != NULL) {
		memset(sess, 0, sizeof *sess);
		sess->server = s;
		snprintf(sess->token, sizeof sess->token, "%s", tok);
		snprintf(sess->cookie, sizeof sess->cookie, "%s=%s", SESSION_COOKIE, tok);
		struct http_res home;
		if (http_get(s, "/account", sess->cookie, &home) == 0) {
			char *c = page_csrf(home.body);
			if (c != NULL)
				snprintf(sess->csrf, sizeof sess->csrf, "%s", c);
			free(c);
			http_res_free(&home);
		}
		if (sess->csrf[0] == '\0') {
			fprintf(stderr, "harness: no csrf token on /account after sign-in\n");
			status = -1;
		}
	}
	free(tok);
	if (res_out != NULL)
		*res_out = res;
	else
		http_res_free(&res);
	return status;
}

int
sign_in(const struct server *s, const char *user, const char *pass, struct session *sess)
{
	int status = sign_in_full(s, user, pass, NULL, sess, NULL);
	if (status != 303) {
		fprintf(stderr, "harness: sign-in of %s answered %d\n", user, status);
		return -1;
	}
	return 0;
}

int
session_set_lang(const struct server *s, const struct session *sess, const char *lang)
{
	char body[256];
	snprintf(body, sizeof body, "csrf=%s&lang=%s&next=%%2F", sess->csrf, lang);
	struct http_res res;
	if (http_post_form(s, "/language", sess->cookie, body, &res) != 0)
		return -1;
	long status = res.status;
	http_res_free(&res);
	return status == 303 ? 0 : -1;
}

void
session_cookie_lang(const struct session *sess, const char *lang, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s; sc_lang=%s", sess->cookie, lang);
}
