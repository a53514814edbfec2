/*
 * server.h — the web server (GNU libmicrohttpd).
 */
#ifndef SC_WEB_SERVER_H
#define SC_WEB_SERVER_H

#include <stdio.h>

#include "store/store.h"
#include "util/config.h"

/*
 * Serves until SIGTERM or SIGINT, then stops taking connections, lets the
 * requests in flight finish (up to 10 seconds) and returns 0. The store
 * stays the caller's. Returns a negative SC_ code when it cannot start.
 */
int server_run(const struct config *cfg, struct store *store);

/* Prepares the embedded assets; call once before server_run(). */
int web_assets_ready(void);

/* Writes every route, one a line: method, pattern, "page" or "api", and its
 * permission ("public", "anon" or "resource.read" / "resource.write"), in
 * the order they are matched. */
void web_routes_print(FILE *out);

#endif
