/*
 * assets.c — static files compiled into the binary, served under a URL that
 * carries a hash of their content, so they can be cached for a year.
 */
#include "http.h"
#include "server.h"
#include "util/embedded.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

extern const struct embedded_file web_assets[];

#define MAX_ASSETS 16

struct asset {
	const struct embedded_file *file;
	const char *type;
	char version[17];
	char url[96];
};

static struct asset assets[MAX_ASSETS];
static size_t nassets;

static const char *
type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot == NULL)
		return "application/octet-stream";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	return "application/octet-stream";
}

int
assets_init(void)
{
	nassets = 0;
	for (const struct embedded_file *f = web_assets; f->name != NULL && nassets < MAX_ASSETS; f++) {
		uint64_t h = 1469598103934665603ULL; /* FNV-1a */
		for (size_t i = 0; i < f->len; i++) {
			h ^= f->data[i];
			h *= 1099511628211ULL;
		}
		struct asset *a = &assets[nassets++];
		a->file = f;
		a->type = type_of(f->name);
		char version[17];
		snprintf(version, sizeof version, "%016llx", (unsigned long long)h);
		memcpy(a->version, version, sizeof version);
		snprintf(a->url, sizeof a->url, "/static/%.10s/%s", version, f->name);
	}
	return SC_OK;
}

const char *
asset_url(const char *name)
{
	for (size_t i = 0; i < nassets; i++)
		if (strcmp(assets[i].file->name, name) == 0)
			return assets[i].url;
	return "/static/0/missing";
}

int
h_static(struct req *r)
{
	const char *version = req_param(r, 0);
	const char *name = req_param(r, 1);
	for (size_t i = 0; i < nassets; i++) {
		const struct asset *a = &assets[i];
		if (strcmp(a->file->name, name) != 0)
			continue;
		r->status = 200;
		r->content_type = a->type;
		/* An old version's URL still gets today's file, but is not cached long. */
		if (strncmp(a->version, version, 10) == 0 && strlen(version) == 10)
			req_header(r, "Cache-Control", "public, max-age=31536000, immutable");
		else
			req_header(r, "Cache-Control", "no-cache");
		buf_append(&r->out, (const char *)a->file->data, a->file->len);
		return buf_ok(&r->out) ? H_DONE : SC_ENOMEM;
	}
	return req_error(r, 404, NULL);
}

int
h_robots(struct req *r)
{
	r->status = 200;
	r->content_type = "text/plain; charset=utf-8";
	req_header(r, "Cache-Control", "public, max-age=86400");
	buf_puts(&r->out, "User-agent: *\nDisallow: /\n");
	return H_DONE;
}

/*
 * GET /healthz, for a load balancer: 200 "ok" while the database answers;
 * 503 when it cannot be reached (within about two seconds) or is a standby
 * that cannot take writes, so the balancer takes this server out of
 * rotation until it answers again. It asks on a connection of its own, so
 * a server whose pool is busy is not taken out. The standby of
 * database.read_url is reported but decides nothing: without it reports
 * read from the primary. Anonymous and cheap: no session, no pool, one
 * SELECT (two with a standby).
 */
int
h_healthz(struct req *r)
{
	struct store *s = r->app->store;
	int rc = store_ping(s);
	int read = store_ping_read(s);
	r->content_type = "text/plain; charset=utf-8";
	req_header(r, "Cache-Control", "no-store");
	if (rc == SC_OK) {
		r->status = 200;
		buf_puts(&r->out, "ok\n");
	} else {
		r->status = 503;
		req_header(r, "Retry-After", RETRY_AFTER_UNAVAILABLE);
		buf_puts(&r->out, rc == SC_EDENIED ? "database read-only (a standby)\n" : "database unreachable\n");
	}
	if (read != SC_ENOTFOUND)
		buf_puts(&r->out, read == SC_OK ? "standby ok\n" : "standby unreachable (reports read from the primary)\n");
	return H_DONE;
}

int
web_assets_ready(void)
{
	return assets_init();
}
