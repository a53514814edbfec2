/*
 * template.c — see template.h.
 */
#include "template.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

bool
tpl_wanted(void)
{
	const char *v = getenv("SC_TEST_NO_TEMPLATE");
	return v == NULL || strcmp(v, "1") != 0;
}

uint64_t
tpl_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

int
tpl_lock(const char *dir, const char *name)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/.sc-%s-template.lock", dir, name);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) != 0)
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	return fd;
}

void
tpl_unlock(int fd)
{
	flock(fd, LOCK_UN);
	close(fd);
}

int
tpl_copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	if (in == NULL)
		return -1;
	FILE *out = fopen(to, "wb");
	if (out == NULL) {
		fclose(in);
		return -1;
	}
	char buf[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			rc = -1;
			break;
		}
	if (ferror(in))
		rc = -1;
	fclose(in);
	if (fclose(out) != 0)
		rc = -1;
	return rc;
}

void
tpl_sqlite_keep(const char *db, const char *tpl)
{
	char part[4300];
	snprintf(part, sizeof part, "%s.%ld", tpl, (long)getpid());
	sqlite3 *c = NULL;
	if (sqlite3_open_v2(db, &c, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_exec(c, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) == SQLITE_OK &&
	    tpl_copy_file(db, part) == 0)
		(void)rename(part, tpl);
	sqlite3_close(c);
	unlink(part);   /* when the rename did not take it */
}

void
tpl_pg_create_sql(char *out, size_t outlen, const char *name, const char *tpl)
{
	snprintf(out, outlen, "CREATE DATABASE %s TEMPLATE %s STRATEGY FILE_COPY", name, tpl);
}

void
tpl_prune(const char *dir, const char *name, const char *keep)
{
	char pattern[4200];
	snprintf(pattern, sizeof pattern, "%s/.sc-%s-template-*.db", dir, name);
	glob_t g;
	if (glob(pattern, 0, NULL, &g) != 0)
		return;
	for (size_t i = 0; i < g.gl_pathc; i++)
		if (strcmp(g.gl_pathv[i], keep) != 0)
			unlink(g.gl_pathv[i]);
	globfree(&g);
}

int
tpl_url_with_db(const char *url, const char *name, char *out, size_t outlen)
{
	const char *auth = strstr(url, "://");
	const char *path = auth != NULL ? strchr(auth + 3, '/') : NULL;
	const char *query = strchr(url, '?');
	if (path == NULL || (query != NULL && query < path))
		path = query != NULL ? query : url + strlen(url);
	int n = snprintf(out, outlen, "%.*s/%s%s", (int)(path - url), url, name, query ? query : "");
	return n > 0 && (size_t)n < outlen ? 0 : -1;
}
