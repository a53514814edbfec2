/*
 * cli.c — the secondchance command: set-up, serving and administration;
 * see cli.h.
 *
 * Settings come from the config file (--config, default ./secondchance.ini
 * when present), then SC_<SECTION>_<KEY> environment variables, then
 * --set section.key=value flags. Errors go to stderr with a non-zero exit.
 */
#include "cli/attendance.h"
#include "cli/benefit.h"
#include "cli/cli.h"
#include "cli/demo.h"
#include "app/centre.h"
#include "app/report.h"
#include "app/user.h"
#include "domain/date.h"
#include "domain/access.h"
#include "domain/authrules.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/config.h"
#include "util/err.h"
#include "util/log.h"
#include "util/password.h"
#include "util/timeutil.h"
#include "util/token.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct cli {
	struct config cfg;
	const struct cli_server *server;
	const char *config_path;
	int argc;            /* remaining positional arguments */
	char **argv;
	const char *admin_user;
	const char *admin_password;
	const char *name;
	const char *roles;
	const char *centre;          /* user add, user list: --centre ID */
	bool password_stdin;
	const char *seed;            /* demo */
	const char *scale;
	const char *centres;         /* demo --centres N */
	const char *password;
	const char *today;
	const char *year;            /* benefit tax-table import */
	const char *month;           /* benefit run */
	bool force;
	bool if_empty;
};

static const char usage_main[] =
	"usage: secondchance [--config FILE] [--set section.key=value ...] COMMAND [ARGS]\n"
	"\n"
	"Case management for work-qualification centres (Second Chance).\n"
	"\n"
	"commands:\n"
	"  init                 create the database and a first administrator if there is none\n"
	"  serve                run the web application\n"
	"  migrate              apply pending database migrations\n"
	"  user add NAME        create a staff user\n"
	"  user passwd NAME     set a user's password (read from standard input)\n"
	"  user list            list staff users\n"
	"  centre add NAME      add a centre to the installation\n"
	"  centre list          list the centres\n"
	"  backup [FILE]        write a consistent copy of the SQLite database\n"
	"  demo                 fill an empty register with a believable demo centre\n"
	"  benefit calc         compute one benefit statement from a month described as JSON\n"
	"  report verify        compare the reports' kept facts with the facts from scratch\n"
	"  benefit tax-table import --year YYYY FILE   import a year's monthly tax tables\n"
	"  attendance month YYYY-MM   time what the benefit run reads of a month's registers\n"
	"  benefit run --month YYYY-MM [--centre ID]   start a centre's monthly benefit run\n"
	"  routes               print every page and API route with its permission\n"
	"  version              print the program and schema versions\n"
	"  help config          print every setting with its default\n"
	"\n"
	"Run 'secondchance COMMAND --help' for a command's options.\n";

struct command_help {
	const char *name;
	const char *text;
};

static const struct command_help helps[] = {
	{"init", "usage: secondchance init [--admin-user NAME] [--admin-password PASSWORD]\n"
		 "Creates the data folder and database, applies migrations, and creates an\n"
		 "administrator when there is none. Without --admin-password (or the\n"
		 "SC_ADMIN_PASSWORD environment variable) a random password is generated and\n"
		 "printed once. Default user name: admin.\n"},
	{"benefit", "usage: secondchance benefit calc < MONTH.json\n"
		    "       secondchance benefit tax-table import --year YYYY FILE\n"
		    "       secondchance benefit run --month YYYY-MM [--centre ID]\n"
		    "calc reads one participant's month as JSON on standard input and writes the\n"
		    "statement as JSON on standard output, storing nothing: the lines (base,\n"
		    "child_supplement, absence, work_income, other_income, limited_to_zero) with\n"
		    "their amounts in øre (deductions negative) and quantities, then gross_ore,\n"
		    "tax_ore, recovery_ore and net_ore. The scheme's parameters in force on the\n"
		    "first day of the month and the imported tax tables come from the database.\n"
		    "Input: {\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1999-10-15\",\n"
		    "  \"programme\":{\"start\":\"2025-09-10\",\"end\":\"2026-09-09\",\"pauses\":[{\"from\":..,\"to\":..}]},\n"
		    "  \"children\":[\"2010-09-20\"],\"unexcused_minutes\":450,\"work\":{\"gross_ore\":..,\"hours\":20},\n"
		    "  \"other_income\":[{\"kind\":\"sykepenger\",\"amount_ore\":100000}],\"tax\":{\"percent\":30},\n"
		    "  \"outstanding_ore\":0}\n"
		    "scheme, month, birth_date and programme.start are required; tax is\n"
		    "{\"percent\":N}, {\"table\":\"8010\"} or absent (no tax information: 50 %).\n"
		    "A bad input is named on standard error with exit status 2. The page\n"
		    "/benefits/calc and POST /api/v1/benefits/calc compute the same; each\n"
		    "computation is audited as a read (benefit_calc.read).\n"
		    "tax-table import replaces the year's tables with the CSV file's rows\n"
		    "(columns table,from_kr,to_kr,withholding_kr; both bounds inclusive).\n"
		    "run starts the monthly run of the month for the centre (default 1) as the\n"
		    "page does, acting for the installation (the run is left open: a finance\n"
		    "officer approves or discards it on the page), and prints its totals and\n"
		    "the time the command took; refused (exit status 2) as the page refuses.\n"},
	{"attendance", "usage: secondchance attendance month YYYY-MM [--centre ID]\n"
		       "Reads the month's registers of every participant of the centre (default the\n"
		       "first) as the benefit run does: the monthly summary of each (scheduled,\n"
		       "present and absent minutes, sessions not marked) and the unexcused minutes\n"
		       "of each day. Prints the totals and how many milliseconds each read took;\n"
		       "writes nothing. bench/activities.sh times the benefit run's input with it.\n"},
	{"report", "usage: secondchance report verify\n"
		   "Compares, centre by centre, the rows the reports count from (report_facts,\n"
		   "Intake's intake_facts, Caseloads' caseload_spans and caseload_months,\n"
		   "Attendance's attendance_months and attendance_sessions and the counts of\n"
		   "its groups, types and months made from them, kept by triggers\n"
		   "in the transaction of every write) with the same rows made from scratch\n"
		   "from the participants, programme periods, follow-ups, referrals, their\n"
		   "events and screenings, assignments and the registers, and prints each\n"
		   "centre's rows missing or wrong and rows extra, of each table.\n"
		   "Exit status 0 when every centre's are exact, 1 otherwise.\n"},
	{"serve", "usage: secondchance serve\n"
		  "Serves the web application on http.address:http.port (127.0.0.1:8080 by\n"
		  "default) until SIGTERM or SIGINT; requests in flight are finished first.\n"},
	{"migrate", "usage: secondchance migrate\n"
		    "Applies pending migrations, each in its own transaction, and prints the\n"
		    "schema version. Refuses a database written by a newer program.\n"},
	{"user", "usage: secondchance user add NAME --name \"Display Name\" --roles ROLE[,ROLE...] [--centre ID]\n"
		 "                              [--password-stdin]\n"
		 "       secondchance user passwd NAME\n"
		 "       secondchance user list [--centre ID]\n"
		 "Roles: admin, leader, contact, teacher, health, liaison, finance, analyst, national.\n"
		 "admin (the administrator) and national (the national analyst, who sees figures of\n"
		 "every centre and no one's record) are the installation's; the others are held in\n"
		 "a centre: --centre ID (see 'secondchance centre list'; default the first centre).\n"
		 "user list shows the roles held in that centre.\n"
		 "Passwords (at least 12 characters) are read from standard input, one line;\n"
		 "user add without --password-stdin generates one and prints it once.\n"
		 "user passwd ends the user's sessions and revokes their API tokens.\n"},
	{"centre", "usage: secondchance centre add NAME\n"
		   "       secondchance centre list\n"
		   "An installation serves one centre, or several: each participant's record belongs\n"
		   "to one centre, and staff hold their roles per centre (user add --centre). A user\n"
		   "of several centres chooses the one they work in at the top of every page. An\n"
		   "installation with one centre shows nothing of this.\n"
		   "centre list prints each centre's number and name.\n"},
	{"backup", "usage: secondchance backup [FILE]\n"
		   "Writes a consistent copy of the SQLite database (while the server runs) to\n"
		   "FILE, default DATA_DIR/backup-YYYY-MM-DD-HHMMSS.db. For PostgreSQL use pg_dump.\n"},
	{"demo", "usage: secondchance demo [--seed N] [--scale N] [--centres N] [--password PASSWORD]\n"
		 "                         [--today YYYY-MM-DD] [--force | --if-empty]\n"
		 "Fills the database with a believable, made-up centre. Without --scale: about 27\n"
		 "staff (kontakt1..kontakt7, the programme leader leder who follows a few\n"
		 "participants too, laerer1, laerer2 and on: a teacher for each Norwegian class\n"
		 "of a term, about 13; psykolog, sykepleier, arbeidsliv, okonomi, the analyst\n"
		 "analytiker and the administrator from init, or a new one named admin), about\n"
		 "130 participants in the programme, about 60 on the waiting list and three years\n"
		 "of history: terms of groups (Norwegian at three levels, conversation, job club,\n"
		 "Cook and Dialogue, Of course I can, a vocational and an IT course, the health\n"
		 "group) with the participants enrolled, the registers of every past session and\n"
		 "the teachers' assessments (at --scale, the last three months); 80 employers,\n"
		 "the business association's pool agreement of 60 places and three years of\n"
		 "placements (visits, evaluations, jobs).\n"
		 "--scale N makes N participants with (thinner) history, and groups of the same\n"
		 "staff to match (one per about 120 active participants, all in the one centre\n"
		 "unless --centres), one employer per 25 participants and a pool agreement per\n"
		 "group, for benchmarks; it\n"
		 "prints the time each step took and the rows made. Run it before serving: it\n"
		 "needs the database to itself to load fast.\n"
		 "  --centres N       N centres instead of one: the first and N - 1 new ones, each with\n"
		 "                    a group of the staff above but the administrator and the analyst\n"
		 "                    (numbered: kontakt8.., leder2, laerer3 ...; the teachers of the\n"
		 "                    parallel classes after all the others), every participant in\n"
		 "                    the centre of their contact person; and a national analyst,\n"
		 "                    nasjonal, who compares the centres\n"
		 "  --seed N          the same seed and day give the same data (default 1)\n"
		 "  --password PW     the demo users' password (else one is generated and printed\n"
		 "                    once); at least 12 characters\n"
		 "  --today DATE      the day the demo is built around (default: today); every date\n"
		 "                    is relative to it, so the demo always looks current\n"
		 "  --force           add demo data although the register has participants\n"
		 "  --if-empty        do nothing (and succeed) when the register has participants\n"
		 "Without --force or --if-empty the demo refuses a register that has participants.\n"
		 "Identity numbers are synthetic test numbers (month + 80) that no real person has;\n"
		 "the database is marked as a demo, so the register accepts such numbers from then\n"
		 "on (elsewhere it refuses them). Names, phone numbers and addresses are made up.\n"
		 "The demo is one transaction: stopped half-way, it leaves nothing behind.\n"},
	{"routes", "usage: secondchance routes\n"
		   "Prints every route the server answers, in the order they are matched: the\n"
		   "method, the path (':' segments are parameters), page or api, and who may use it\n"
		   "(public, anon, or the resource and action the signed-in user's roles must allow).\n"},
	{"version", "usage: secondchance version\nPrints the program version and schema versions.\n"},
	{"help", "usage: secondchance help config\nPrints every setting, its default and what it does.\n"},
};

static int
fail(const char *fmt, const char *arg)
{
	fprintf(stderr, "secondchance: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 1;
}

static int
print_help(const char *command)
{
	for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++) {
		if (strcmp(helps[i].name, command) == 0) {
			fputs(helps[i].text, stdout);
			return 0;
		}
	}
	fputs(usage_main, stdout);
	return 0;
}

/* Makes the folder of an SQLite database file. */
static int
ensure_sqlite_dir(const struct config *cfg)
{
	const char *url = cfg->db_url;
	if (strncmp(url, "postgres", 8) == 0)
		return 0;
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	char dir[512];
	snprintf(dir, sizeof dir, "%s", url);
	char *slash = strrchr(dir, '/');
	if (slash == NULL)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return fail("cannot create the folder %s", dir);
	return 0;
}

/* Opens the store. serving: with the standby and the statement timeout,
 * which are the server's (a command may run long statements). */
static int
open_store_as(struct cli *c, int pool, bool serving, struct store **s)
{
	char err[512] = "";
	if (ensure_sqlite_dir(&c->cfg) != 0)
		return 1;
	struct store_options o = {
		.url = c->cfg.db_url,
		.pool_size = pool,
		.busy_ms = c->cfg.db_busy_timeout_ms,
		.connect_timeout_s = c->cfg.db_connect_timeout,
		.statement_timeout_ms = serving ? c->cfg.db_statement_timeout_ms : 0,
		.read_url = serving ? c->cfg.db_read_url : NULL,
		.read_wait_ms = c->cfg.db_read_wait_ms,
	};
	int rc = store_open_with(&o, s, err, sizeof err);
	if (rc != SC_OK)
		return fail("%s", err);
	return 0;
}

static int
open_store(struct cli *c, int pool, struct store **s)
{
	return open_store_as(c, pool, false, s);
}

static int
read_password_line(char *out, size_t outlen)
{
	if (fgets(out, (int)outlen, stdin) == NULL)
		return fail("%s", "no password on standard input");
	size_t n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

static void
generate_password(char out[TOKEN_HEX_LEN + 1])
{
	token_random(out);
	/* 128 bits as 32 hex characters: long, and easy to type from a print-out. */
}

/* The command line as the actor of a command: nobody signed in, working
 * in centre (0: none), with the administrator's sight of every user. */
static struct actor
cli_actor(int64_t centre)
{
	char day[16];
	struct date today = {1970, 1, 1};
	time_today(day, sizeof day);
	date_parse(day, &today);
	struct actor a = {
		.user_id = 0,
		.username = "cli",
		.name = "",
		.roles = ROLE_BIT(ROLE_ADMIN),
		.centre_id = centre,
		.address = "command line",
		.now = time_now(),
		.today = today,
		.store = NULL,
	};
	return a;
}

/* The command line's words for a field of a user. */
static const char *
cli_field(const char *key)
{
	if (strcmp(key, "username") == 0)
		return "user name";
	if (strcmp(key, "display_name") == 0)
		return "--name";
	if (strcmp(key, "roles") == 0)
		return "--roles";
	if (strcmp(key, "name") == 0)
		return "centre name";
	return key;
}

/* Prints a refused command's first field error; returns 1. */
static int
refused(const struct outcome *o)
{
	if (o->errors.n > 0) {
		fprintf(stderr, "secondchance: %s: %s\n", cli_field(o->errors.field[0]), o->errors.reason[0]);
		return 1;
	}
	return fail("%s", o->message != NULL ? o->message : "refused");
}

/* Parses a centre id and checks that the centre exists; 0 or 1 (said why). */
static int
centre_arg(struct db *db, const char *text, int64_t *centre)
{
	char *end = NULL;
	errno = 0;
	long long v = text != NULL ? strtoll(text, &end, 10) : 0;
	if (text == NULL || *text == '\0' || errno != 0 || *end != '\0' || v < 1)
		return fail("--centre takes the number of a centre, not %s (see 'secondchance centre list')",
			    text ? text : "");
	struct arena *a = arena_new();
	struct centre c;
	int rc = a != NULL ? store_centre_get(db, a, (int64_t)v, &c) : SC_ENOMEM;
	arena_free(a);
	if (rc == SC_ENOTFOUND)
		return fail("there is no centre %s (see 'secondchance centre list')", text);
	if (rc != SC_OK)
		return fail("cannot read the centres: %s", sc_strerror(rc));
	*centre = (int64_t)v;
	return 0;
}

/* The first centre of the installation (the lowest id). */
static int64_t
first_centre(struct db *db)
{
	struct arena *a = arena_new();
	struct centre *items = NULL;
	size_t n = 0;
	int64_t first = 1;
	if (a != NULL && store_centre_list(db, a, &items, &n) == SC_OK && n > 0) {
		first = items[0].id;
		for (size_t i = 1; i < n; i++)
			if (items[i].id < first)
				first = items[i].id;
	}
	arena_free(a);
	return first;
}

static int
create_user(struct cli *c, struct store *s, const char *username, const char *display,
	    uint32_t roles, const char *password, bool quiet)
{
	struct db *db = store_acquire(s);
	int64_t centre = 0;
	int ret = 0;
	if (c->centre != NULL)
		ret = centre_arg(db, c->centre, &centre);
	else
		centre = first_centre(db);
	struct arena *a = arena_new();
	struct actor actor = cli_actor(centre);
	struct outcome o = {0};
	int rc = SC_OK;
	if (ret == 0 && a == NULL)
		rc = SC_ENOMEM;
	/* The arguments are read as the form's fields are. */
	struct staff_user in;
	fields_clear(staff_user_new_fields, &in);
	if (ret == 0 && rc == SC_OK) {
		field_read_text(fields_find(staff_user_new_fields, "username"), username, &in, a, &o.errors);
		field_read_text(fields_find(staff_user_new_fields, "display_name"), display, &in, a, &o.errors);
		in.roles = roles;
		in.language = c->cfg.app_default_language;
		in.active = 1;
		if (o.errors.n > 0)
			o.refusal = REFUSED_INVALID;
	}
	if (ret == 0 && rc == SC_OK && o.refusal == DONE)
		rc = app_user_new_check(db, a, &actor, &in, password, &o);
	if (ret == 0 && rc == SC_OK && o.refusal == DONE) {
		char hash[HASH_STR_MAX];
		if (hash_password(password, (unsigned long long)c->cfg.auth_argon2_ops,
				  (size_t)c->cfg.auth_argon2_memory_kib * 1024u, hash) != SC_OK)
			ret = fail("%s", "cannot hash the password (out of memory?)");
		else
			rc = app_user_create(db, &actor, &in, hash, &o);
	}
	store_release(s, db);
	arena_free(a);
	if (ret != 0)
		return ret;
	if (rc != SC_OK)
		return fail("cannot create the user: %s", sc_strerror(rc));
	if (o.refusal == REFUSED_DUPLICATE)
		return fail("the user name %s is taken", username);
	if (o.refusal != DONE)
		return refused(&o);
	if (!quiet)
		printf("created user %s (id %lld)\n", username, (long long)o.id);
	return 0;
}

static int
cmd_init(struct cli *c)
{
	struct store *s = NULL;
	if (open_store(c, 1, &s) != 0)
		return 1;
	struct db *db = store_acquire(s);
	int64_t admins = 0;
	int version = 0;
	int rc = store_user_count_admins(db, &admins);
	if (rc == SC_OK)
		rc = store_schema_version(db, &version);
	store_release(s, db);
	if (rc != SC_OK) {
		store_close(s);
		return fail("cannot read the database: %s", sc_strerror(rc));
	}
	printf("database ready (%s, schema version %d)\n", c->cfg.db_url, version);
	if (admins > 0) {
		printf("an administrator exists already; sign in with your own account\n");
		store_close(s);
		return 0;
	}
	const char *user = c->admin_user ? c->admin_user : "admin";
	char generated[TOKEN_HEX_LEN + 1];
	const char *password = c->admin_password ? c->admin_password : getenv("SC_ADMIN_PASSWORD");
	if (password == NULL) {
		generate_password(generated);
		password = generated;
	}
	int ret = create_user(c, s, user, "Administrator", ROLE_BIT(ROLE_ADMIN), password, true);
	store_close(s);
	if (ret != 0)
		return ret;
	printf("\nfirst administrator created\n  sign in at: http://%s:%d/\n  user name:  %s\n  password:   %s\n"
	       "change the password after the first sign-in (My account).\n\n",
	       c->cfg.http_address, c->cfg.http_port, user, password);
	return 0;
}

static int
cmd_serve(struct cli *c)
{
	struct store *s = NULL;
	if (open_store_as(c, c->cfg.db_pool_size, true, &s) != 0)
		return 1;
	int rc = c->server->run(&c->cfg, s);
	store_close(s);
	if (rc != SC_OK)
		return fail("the server stopped: %s", sc_strerror(rc));
	return 0;
}

static int
cmd_migrate(struct cli *c)
{
	char err[512] = "";
	struct store *s = NULL;
	if (ensure_sqlite_dir(&c->cfg) != 0)
		return 1;
	/* store_open migrates; report what it did. */
	int rc = store_open(c->cfg.db_url, 1, c->cfg.db_busy_timeout_ms, &s, err, sizeof err);
	if (rc != SC_OK)
		return fail("%s", err);
	struct db *db = store_acquire(s);
	int version = 0;
	rc = store_schema_version(db, &version);
	store_release(s, db);
	store_close(s);
	if (rc != SC_OK)
		return fail("cannot read the schema version: %s", sc_strerror(rc));
	printf("schema version %d (this program writes %d)\n", version, store_schema_latest());
	return 0;
}

static int
cmd_user(struct cli *c)
{
	if (c->argc < 1)
		return fail("%s", "user needs add, passwd or list (see 'secondchance user --help')");
	const char *sub = c->argv[0];
	struct store *s = NULL;
	if (strcmp(sub, "list") == 0) {
		if (open_store(c, 1, &s) != 0)
			return 1;
		struct arena *a = arena_new();
		struct db *db = store_acquire(s);
		int64_t centre = 0;
		int ret = 0;
		if (c->centre != NULL)
			ret = centre_arg(db, c->centre, &centre);
		else
			centre = first_centre(db);
		struct staff_user *items = NULL;
		size_t n = 0;
		int64_t total = 0;
		int rc = a ? store_user_list(db, a, centre, true, 1000, 0, &items, &n, &total) : SC_ENOMEM;
		store_release(s, db);
		for (size_t i = 0; ret == 0 && i < n; i++) {
			printf("%-20s %-30s %-8s ", items[i].username, items[i].display_name,
			       items[i].active == 1 ? "active" : "disabled");
			bool first = true;
			for (int role = 0; role < ROLE_COUNT; role++) {
				if (items[i].roles & ROLE_BIT(role)) {
					printf("%s%s", first ? "" : ",", role_key((enum role)role));
					first = false;
				}
			}
			putchar('\n');
		}
		arena_free(a);
		store_close(s);
		if (ret != 0)
			return ret;
		return rc == SC_OK ? 0 : fail("cannot list users: %s", sc_strerror(rc));
	}
	if (c->argc < 2)
		return fail("user %s needs a user name", sub);
	const char *username = c->argv[1];
	if (strcmp(sub, "add") == 0) {
		uint32_t roles = 0;
		if (c->roles == NULL || roles_parse_list(c->roles, &roles) != SC_OK)
			return fail("%s", "--roles takes a comma-separated list of: admin, leader, contact, "
					  "teacher, health, liaison, finance, analyst, national");
		char pw[PASSWORD_MAX_BYTES + 2];
		char generated[TOKEN_HEX_LEN + 1];
		const char *password;
		if (c->password_stdin) {
			if (read_password_line(pw, sizeof pw) != 0)
				return 1;
			password = pw;
		} else {
			generate_password(generated);
			password = generated;
		}
		if (open_store(c, 1, &s) != 0)
			return 1;
		int ret = create_user(c, s, username, c->name ? c->name : username, roles, password, false);
		store_close(s);
		if (ret == 0 && !c->password_stdin)
			printf("password: %s\n", password);
		return ret;
	}
	if (strcmp(sub, "passwd") == 0) {
		char pw[PASSWORD_MAX_BYTES + 2];
		if (read_password_line(pw, sizeof pw) != 0)
			return 1;
		struct outcome o;
		app_user_password_check(pw, username, "password", &o);
		if (o.refusal != DONE)
			return fail("password: %s", o.errors.reason[0]);
		if (open_store(c, 1, &s) != 0)
			return 1;
		struct arena *a = arena_new();
		struct db *db = store_acquire(s);
		struct user u;
		int rc = a ? store_user_by_username(db, a, username, false, &u) : SC_ENOMEM;
		char hash[HASH_STR_MAX];
		if (rc == SC_OK && hash_password(pw, (unsigned long long)c->cfg.auth_argon2_ops,
						 (size_t)c->cfg.auth_argon2_memory_kib * 1024u, hash) != SC_OK)
			rc = SC_ERR;
		struct actor actor = cli_actor(0);
		if (rc == SC_OK)
			rc = app_user_password_reset(db, &actor, u.id, hash, &o);
		if (rc == SC_OK && o.refusal == REFUSED_NOT_FOUND)
			rc = SC_ENOTFOUND;
		store_release(s, db);
		arena_free(a);
		store_close(s);
		if (rc == SC_ENOTFOUND)
			return fail("no user named %s", username);
		if (rc != SC_OK)
			return fail("cannot set the password: %s", sc_strerror(rc));
		printf("password set for %s; their sessions were ended and their API tokens revoked\n",
		       username);
		return 0;
	}
	return fail("unknown user command %s (add, passwd, list)", sub);
}

static int
cmd_report(struct cli *c)
{
	if (c->argc < 1 || strcmp(c->argv[0], "verify") != 0)
		return fail("%s", "report needs verify (see 'secondchance report --help')");
	struct store *s = NULL;
	if (open_store(c, 1, &s) != 0)
		return 1;
	struct arena *a = arena_new();
	struct db *db = store_acquire(s);
	struct report_verify *v = NULL;
	size_t n = 0;
	int rc = a != NULL ? app_report_verify(db, a, &v, &n) : SC_ENOMEM;
	int ret = 0;
	for (size_t i = 0; rc == SC_OK && i < n; i++) {
		printf("%-6lld %-30s missing %lld, extra %lld; intake missing %lld, extra %lld;"
		       " caseloads missing %lld, extra %lld; attendance missing %lld, extra %lld;"
		       " overview missing %lld, extra %lld\n",
		       (long long)v[i].centre_id, v[i].name, (long long)v[i].missing, (long long)v[i].extra,
		       (long long)v[i].intake_missing, (long long)v[i].intake_extra, (long long)v[i].caseload_missing,
		       (long long)v[i].caseload_extra, (long long)v[i].attendance_missing,
		       (long long)v[i].attendance_extra, (long long)v[i].overview_missing,
		       (long long)v[i].overview_extra);
		if (v[i].missing != 0 || v[i].extra != 0 || v[i].intake_missing != 0 || v[i].intake_extra != 0 ||
		    v[i].caseload_missing != 0 || v[i].caseload_extra != 0 || v[i].attendance_missing != 0 ||
		    v[i].attendance_extra != 0 || v[i].overview_missing != 0 || v[i].overview_extra != 0)
			ret = 1;
	}
	store_release(s, db);
	arena_free(a);
	store_close(s);
	if (rc != SC_OK)
		return fail("cannot verify the reports' facts: %s", sc_strerror(rc));
	printf(ret == 0 ? "the reports' facts are exact\n" : "the reports' facts differ from the facts\n");
	return ret;
}

static int
cmd_centre(struct cli *c)
{
	if (c->argc < 1)
		return fail("%s", "centre needs add or list (see 'secondchance centre --help')");
	const char *sub = c->argv[0];
	bool add = strcmp(sub, "add") == 0;
	if (!add && strcmp(sub, "list") != 0)
		return fail("unknown centre command %s (add, list)", sub);
	if (add && c->argc < 2)
		return fail("%s", "centre add needs the centre's name");
	struct store *s = NULL;
	if (open_store(c, 1, &s) != 0)
		return 1;
	struct arena *a = arena_new();
	struct db *db = store_acquire(s);
	int rc = a != NULL ? SC_OK : SC_ENOMEM;
	int ret = 0;
	if (add && rc == SC_OK) {
		struct actor actor = cli_actor(0);
		struct centre in;
		struct outcome o = {0};
		fields_clear(centre_fields, &in);
		field_read_text(fields_find(centre_fields, "name"), c->argv[1], &in, a, &o.errors);
		if (o.errors.n == 0)
			rc = app_centre_create(db, &actor, &in, &o);
		else
			o.refusal = REFUSED_INVALID;
		if (rc == SC_OK && o.refusal == REFUSED_DUPLICATE)
			ret = fail("there is a centre named %s already", in.name);
		else if (rc == SC_OK && o.refusal != DONE)
			ret = refused(&o);
		else if (rc == SC_OK)
			printf("created centre %s (id %lld)\n", in.name, (long long)o.id);
	} else if (rc == SC_OK) {
		struct centre *items = NULL;
		size_t n = 0;
		rc = app_centre_list(db, a, &items, &n);
		for (size_t i = 0; rc == SC_OK && i < n; i++)
			printf("%-6lld %s\n", (long long)items[i].id, items[i].name);
	}
	store_release(s, db);
	arena_free(a);
	store_close(s);
	if (ret != 0)
		return ret;
	return rc == SC_OK ? 0 : fail("cannot read or write the centres: %s", sc_strerror(rc));
}

static int
cmd_backup(struct cli *c)
{
	char path[600];
	if (c->argc >= 1) {
		snprintf(path, sizeof path, "%s", c->argv[0]);
	} else {
		char stamp[32];
		time_format_utc(time_now(), stamp, sizeof stamp);
		for (char *p = stamp; *p; p++)
			if (*p == ':' || *p == 'T' || *p == 'Z')
				*p = (*p == 'T') ? '-' : (*p == 'Z' ? '\0' : '-');
		mkdir(c->cfg.app_data_dir, 0700);
		snprintf(path, sizeof path, "%s/backup-%s.db", c->cfg.app_data_dir, stamp);
	}
	struct stat st;
	if (stat(path, &st) == 0)
		return fail("%s exists already; choose another file", path);
	struct store *s = NULL;
	if (open_store(c, 1, &s) != 0)
		return 1;
	struct db *db = store_acquire(s);
	int rc = store_backup(db, path);
	char msg[256];
	snprintf(msg, sizeof msg, "%s", store_errmsg(db));
	store_release(s, db);
	store_close(s);
	if (rc == SC_EINVAL)
		return fail("%s", "backup copies SQLite databases; for PostgreSQL use pg_dump");
	if (rc != SC_OK)
		return fail("backup failed: %s", msg);
	chmod(path, 0600);
	printf("backup written to %s\n", path);
	return 0;
}

/* Parses a whole non-negative decimal number; false when it is not one. */
static bool
parse_count(const char *s, unsigned long long max, unsigned long long *out)
{
	if (s == NULL || *s < '0' || *s > '9')
		return false;
	char *end = NULL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return false;
	*out = v;
	return true;
}

static int
cmd_demo(struct cli *c)
{
	struct demo_options o;
	memset(&o, 0, sizeof o);
	unsigned long long v = 1;
	if (c->seed != NULL && !parse_count(c->seed, UINT64_MAX, &v))
		return fail("--seed takes a whole number, not %s", c->seed);
	o.seed = v;
	if (c->scale != NULL) {
		if (!parse_count(c->scale, DEMO_MAX_SCALE, &v) || v == 0) {
			fprintf(stderr, "secondchance: --scale takes a number of participants from 1 to %d\n",
				DEMO_MAX_SCALE);
			return 1;
		}
		o.scale = (int64_t)v;
	}
	if (c->centres != NULL) {
		if (!parse_count(c->centres, DEMO_MAX_CENTRES, &v) || v == 0) {
			fprintf(stderr, "secondchance: --centres takes a number of centres from 1 to %d\n",
				DEMO_MAX_CENTRES);
			return 1;
		}
		o.centres = (int)v;
	}
	if (c->force && c->if_empty)
		return fail("%s", "--force and --if-empty contradict each other; give one");
	o.password = c->password;
	o.today = c->today;
	o.force = c->force;
	o.argon2_ops = (unsigned long long)c->cfg.auth_argon2_ops;
	o.argon2_mem = (size_t)c->cfg.auth_argon2_memory_kib * 1024u;
	o.language = c->cfg.app_default_language;
	o.progress = stdout;

	struct store *s = NULL;
	if (open_store(c, 1, &s) != 0)
		return 1;
	if (c->if_empty) {
		struct db *db = store_acquire(s);
		int64_t have = 0;
		int rc = store_demo_count_participants(db, &have);
		store_release(s, db);
		if (rc != SC_OK) {
			store_close(s);
			return fail("cannot count participants: %s", sc_strerror(rc));
		}
		if (have > 0) {
			printf("the register has participants; no demo data added\n");
			store_close(s);
			return 0;
		}
	}
	if (o.scale > 0)
		printf("making %lld participants with history (seed %llu)...\n", (long long)o.scale,
		       (unsigned long long)o.seed);
	struct demo_report *r = calloc(1, sizeof *r);
	if (r == NULL) {
		store_close(s);
		return fail("%s", "out of memory");
	}
	char err[512] = "";
	int rc = demo_run(s, &o, r, err, sizeof err);
	store_close(s);
	if (rc != SC_OK) {
		fail("demo: %s", err);
		free(r);
		return 1;
	}
	printf("\ndemo centre made for %s (seed %llu)\n", r->today, (unsigned long long)o.seed);
	printf("  participants:   %lld (%lld in the programme, %lld waiting, %lld exited)\n",
	       (long long)r->participants, (long long)r->active, (long long)r->waiting,
	       (long long)r->exited);
	printf("  staff created:  %lld (%lld contact persons in %lld centre%s)\n", (long long)r->staff,
	       (long long)r->contacts, (long long)r->centres, r->centres == 1 ? "" : "s");
	printf("\nrows:\n");
	int64_t total = 0;
	for (int t = 0; t < DEMO_NTABLES; t++) {
		if (t == DEMO_CENTRES && r->counts[t] == 0)
			continue;   /* one centre: the installation's own */
		printf("  %-22s %12lld\n", store_demo_table_name((enum demo_table)t),
		       (long long)r->counts[t]);
		total += r->counts[t];
	}
	printf("  %-22s %12lld\n", "total", (long long)total);
	printf("\nusers%s (all with the same password):\n",
	       o.scale > 0 ? " of the first centre" : "");
	for (int i = 0; i < r->nusers; i++)
		printf("  %-12s %-22s %s\n", r->users[i].username, r->users[i].display_name,
		       r->users[i].roles);
	if (!r->admin_created)
		printf("  (the existing administrator keeps its own password)\n");
	printf("  password:    %s%s\n", r->password,
	       r->password_generated ? "   (generated: note it now, it is not shown again)" : "");
	printf("\nfor benchmarks:\n");
	printf("  contact person:  %s (%d active participants; every Today section has items)\n",
	       r->contact, r->contact_active);
	printf("  leader:          %s\n", r->leader);
	printf("  liaison:         %s (the internships home, /internships)\n", r->liaison);
	printf("  employer:        /employers/%lld (%lld placements)\n", (long long)r->employer_id,
	       (long long)r->employer_placements);
	printf("  search:          %s (%lld participants match)\n", r->search,
	       (long long)r->search_hits);
	if (r->act.register_session > 0) {
		char day[11];
		date_format(date_from_days(r->act.register_date), day);
		printf("  teacher:         %s (register of session %lld, %s, 25 enrolled)\n",
		       r->act.register_teacher, (long long)r->act.register_session, day);
	}
	printf("\nelapsed: %.1f s\n", (double)r->elapsed_ms / 1000.0);
	if (o.scale > 0)
		printf("  password hashing %.1f s, rows %.1f s, last rows %.1f s, search terms %.1f s,"
		       " indexes %.1f s, Today's lines %.1f s, commit %.1f s, statistics (PostgreSQL: VACUUM ANALYZE) %.1f s\n",
		       (double)r->hash_ms / 1000.0, (double)r->rows_ms / 1000.0,
		       (double)r->finish.drain_ms / 1000.0, (double)r->finish.terms_ms / 1000.0,
		       (double)r->finish.indexes_ms / 1000.0, (double)r->finish.today_ms / 1000.0,
		       (double)r->finish.commit_ms / 1000.0,
		       (double)r->finish.analyze_ms / 1000.0);
	if (o.scale > 0)
		printf("  of the rows: activities (groups, enrolments, marks) %.1f s, of which the Norwegian"
		       " assessments before the window %.1f s (%lld rows)\n", (double)r->act.ms / 1000.0,
		       (double)r->act.past_ms / 1000.0, (long long)r->act.past_rows);
	if (o.scale > 0 && !o.no_benefits)
		printf("  benefit runs %.1f s (the month before last run and approved for the first centre)\n",
		       (double)r->benefits_ms / 1000.0);
	if (o.scale > 0)
		printf("  of the indexes: the reports' facts %.1f s (Intake's referrals %.1f s, Caseloads' spans"
		       " %.1f s, Norwegian's steps %.1f s)\n", (double)r->finish.facts_ms / 1000.0,
		       (double)r->finish.intake_ms / 1000.0, (double)r->finish.caseload_ms / 1000.0,
		       (double)r->finish.language_ms / 1000.0);
	free(r);
	return 0;
}

static int
cmd_benefit(struct cli *c)
{
	const char *sub = c->argc >= 1 ? c->argv[0] : "";
	bool calc = strcmp(sub, "calc") == 0;
	bool import = strcmp(sub, "tax-table") == 0 && c->argc >= 2 && strcmp(c->argv[1], "import") == 0;
	bool run = strcmp(sub, "run") == 0 && c->argc == 1;
	if (!calc && !import && !run) {
		fprintf(stderr, "secondchance: unknown benefit command (calc, tax-table import, run)\n");
		return 2;
	}
	unsigned long long centre = 1;
	if (run && c->centre != NULL && (!parse_count(c->centre, INT64_MAX, &centre) || centre < 1)) {
		fprintf(stderr, "secondchance: --centre needs a centre id\n");
		return 2;
	}
	if (run && c->month == NULL) {
		fprintf(stderr, "secondchance: benefit run needs --month YYYY-MM\n");
		return 2;
	}
	unsigned long long year = 0;
	if (import && (c->year == NULL || !parse_count(c->year, 2199, &year) || year < 1900)) {
		fprintf(stderr, "secondchance: tax-table import needs --year YYYY\n");
		return 2;
	}
	if (import && c->argc != 3) {
		fprintf(stderr, "secondchance: tax-table import needs one FILE\n");
		return 2;
	}
	struct store *s = NULL;
	if (open_store(c, 1, &s) != 0)
		return 1;
	int ret = calc ? benefit_calc(s, stdin, stdout, stderr)
		: run  ? benefit_run(s, (int64_t)centre, c->month, stdout, stderr)
		       : benefit_tax_import(s, (int)year, c->argv[2], stdout, stderr);
	store_close(s);
	return ret;
}

static int
cmd_attendance(struct cli *c)
{
	struct date d = {0};
	char month[16];
	if (c->argc != 2 || strcmp(c->argv[0], "month") != 0 || strlen(c->argv[1]) != 7) {
		fprintf(stderr, "secondchance: usage: secondchance attendance month YYYY-MM [--centre ID]\n");
		return 2;
	}
	snprintf(month, sizeof month, "%s-01", c->argv[1]);
	if (date_parse(month, &d) != SC_OK) {
		fprintf(stderr, "secondchance: attendance month takes a month YYYY-MM, not %s\n", c->argv[1]);
		return 2;
	}
	struct store *s = NULL;
	if (open_store(c, 1, &s) != 0)
		return 1;
	struct db *db = store_acquire(s);
	int64_t centre = 0;
	int ret = c->centre != NULL ? centre_arg(db, c->centre, &centre) : 0;
	if (c->centre == NULL)
		centre = first_centre(db);
	store_release(s, db);
	if (ret == 0)
		ret = attendance_month(s, centre, d.y, d.m, stdout, stderr);
	store_close(s);
	return ret;
}

static int
cmd_version(struct cli *c)
{
	printf("secondchance %s (schema version %d)\n", SC_VERSION, store_schema_latest());
	(void)c;
	return 0;
}

int
cli_main(int argc, char **argv, const struct cli_server *server)
{
	struct cli c;
	memset(&c, 0, sizeof c);
	c.server = server;
	config_defaults(&c.cfg);
	char err[512] = "";
	const char *command = NULL;
	const char *sets[64];
	int nsets = 0;
	bool help = false;
	char **rest = calloc((size_t)argc + 1, sizeof *rest);
	if (rest == NULL)
		return fail("%s", "out of memory");
	int nrest = 0;
	int ret = 1;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
#define TAKE(flag, field)                                                   \
	if (strcmp(a, flag) == 0) {                                         \
		if (next == NULL) {                                         \
			fail("%s needs a value", flag);                     \
			goto out;                                           \
		}                                                           \
		field = next;                                               \
		i++;                                                        \
		continue;                                                   \
	}
		TAKE("--config", c.config_path)
		TAKE("--admin-user", c.admin_user)
		TAKE("--admin-password", c.admin_password)
		TAKE("--name", c.name)
		TAKE("--roles", c.roles)
		TAKE("--centre", c.centre)
		TAKE("--centres", c.centres)
		TAKE("--seed", c.seed)
		TAKE("--scale", c.scale)
		TAKE("--password", c.password)
		TAKE("--today", c.today)
		TAKE("--year", c.year)
		TAKE("--month", c.month)
#undef TAKE
		if (strcmp(a, "--set") == 0) {
			if (next == NULL || nsets == 64) {
				fail("%s", "--set needs section.key=value");
				goto out;
			}
			sets[nsets++] = next;
			i++;
		} else if (strcmp(a, "--password-stdin") == 0) {
			c.password_stdin = true;
		} else if (strcmp(a, "--force") == 0) {
			c.force = true;
		} else if (strcmp(a, "--if-empty") == 0) {
			c.if_empty = true;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help = true;
		} else if (a[0] == '-' && a[1] != '\0') {
			fail("unknown option %s (see 'secondchance --help')", a);
			goto out;
		} else if (command == NULL) {
			command = a;
		} else {
			rest[nrest++] = argv[i];
		}
	}
	c.argc = nrest;
	c.argv = rest;
	if (command == NULL) {
		ret = help ? (fputs(usage_main, stdout), 0) : (fputs(usage_main, stderr), 2);
		goto out;
	}
	if (help) {
		ret = print_help(command);
		goto out;
	}
	if (strcmp(command, "help") == 0) {
		if (nrest >= 1 && strcmp(rest[0], "config") == 0)
			config_print_help(stdout);
		else
			fputs(usage_main, stdout);
		ret = 0;
		goto out;
	}
	const char *path = c.config_path ? c.config_path : "secondchance.ini";
	if (config_load_file(&c.cfg, path, c.config_path != NULL, err, sizeof err) != SC_OK ||
	    config_load_env(&c.cfg, err, sizeof err) != SC_OK) {
		fail("%s", err);
		goto out;
	}
	for (int i = 0; i < nsets; i++) {
		if (config_set(&c.cfg, sets[i], err, sizeof err) != SC_OK) {
			fail("%s", err);
			goto out;
		}
	}
	enum lang l;
	if (i18n_parse_code(c.cfg.app_default_language, &l) != SC_OK) {
		fail("app.default_language must be nb or en, not \"%s\"", c.cfg.app_default_language);
		goto out;
	}
	if (token_init() != SC_OK || i18n_init() != SC_OK || c.server->ready() != SC_OK) {
		fail("%s", "cannot initialise (libsodium, translations or assets)");
		goto out;
	}
	if (strcmp(command, "init") == 0)
		ret = cmd_init(&c);
	else if (strcmp(command, "serve") == 0)
		ret = cmd_serve(&c);
	else if (strcmp(command, "migrate") == 0)
		ret = cmd_migrate(&c);
	else if (strcmp(command, "user") == 0)
		ret = cmd_user(&c);
	else if (strcmp(command, "centre") == 0)
		ret = cmd_centre(&c);
	else if (strcmp(command, "backup") == 0)
		ret = cmd_backup(&c);
	else if (strcmp(command, "demo") == 0)
		ret = cmd_demo(&c);
	else if (strcmp(command, "benefit") == 0)
		ret = cmd_benefit(&c);
	else if (strcmp(command, "attendance") == 0)
		ret = cmd_attendance(&c);
	else if (strcmp(command, "report") == 0)
		ret = cmd_report(&c);
	else if (strcmp(command, "routes") == 0) {
		c.server->routes(stdout);
		ret = 0;
	} else if (strcmp(command, "version") == 0)
		ret = cmd_version(&c);
	else
		ret = fail("unknown command %s (see 'secondchance --help')", command);
	i18n_shutdown();
out:
	free(rest);
	return ret;
}
