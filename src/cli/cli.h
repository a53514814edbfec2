/*
 * cli.h — the secondchance command line: set-up, serving and administration.
 *
 * The command line sits beside the web layer, not above it: it never
 * includes src/web. The program's entry (src/main.c) hands it the web
 * server as two functions, so `serve` runs the server without this layer
 * knowing what a request is.
 */
#ifndef SC_CLI_CLI_H
#define SC_CLI_CLI_H

#include <stdio.h>

#include "store/store.h"
#include "util/config.h"

/* The web server, as `serve` needs it. */
struct cli_server {
	/* Prepares what serving needs once (the embedded assets); 0 or an SC_ code. */
	int (*ready)(void);
	/* Serves until SIGTERM or SIGINT; 0 or a negative SC_ code. The store
	 * stays the caller's. */
	int (*run)(const struct config *cfg, struct store *store);
	/* Writes the route table (secondchance routes). */
	void (*routes)(FILE *out);
};

/* Runs the command in argv and returns the process's exit status. */
int cli_main(int argc, char **argv, const struct cli_server *server);

#endif
