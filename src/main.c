/*
 * main.c — the secondchance program: the command line (src/cli) with the
 * web server (src/web) to run for `serve`. The one file that sees both.
 */
#include "cli/cli.h"
#include "web/server.h"

int
main(int argc, char **argv)
{
	static const struct cli_server web = {web_assets_ready, server_run, web_routes_print};
	return cli_main(argc, argv, &web);
}
