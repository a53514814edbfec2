/*
 * test_benefit_calc.c — `secondchance benefit calc` and `benefit tax-table
 * import` as a user runs them: the example month in, its statement
 * out as JSON; each kind of bad input named with exit status 2 and nothing
 * on standard output; a tax table imported, looked up (and halved in June),
 * and imported again replacing the year; `benefit run --month` refused as
 * the page refuses, and a month run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];
static char db_set[400];

struct run {
	int status;
	char *out;
	char *err;
};

static char *
slurp(int fd)
{
	size_t cap = 4096, len = 0;
	char *b = malloc(cap);
	ssize_t n;
	while (b != NULL && (n = read(fd, b + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (len + 1 == cap) {
			char *bigger = realloc(b, cap * 2);
			if (bigger == NULL) {
				free(b);
				return NULL;
			}
			b = bigger;
			cap *= 2;
		}
	}
	if (b != NULL)
		b[len] = '\0';
	return b;
}

/* Runs $SC_BIN with the test database and args, stdin_text on its input. */
static struct run
run(const char *stdin_text, const char *const *args)
{
	struct run r = {-1, NULL, NULL};
	const char *bin = getenv("SC_BIN");
	assert_non_null(bin);
	char in_path[300], out_path[300], err_path[300];
	snprintf(in_path, sizeof in_path, "%s/in", dir);
	snprintf(out_path, sizeof out_path, "%s/out", dir);
	snprintf(err_path, sizeof err_path, "%s/err", dir);
	FILE *f = fopen(in_path, "w");
	assert_non_null(f);
	fputs(stdin_text ? stdin_text : "", f);
	fclose(f);
	const char *argv[32];
	int n = 0;
	argv[n++] = bin;
	argv[n++] = "--set";
	argv[n++] = db_set;
	for (size_t i = 0; args[i] != NULL && n < 30; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fi = open(in_path, O_RDONLY), fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600),
		    fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fi < 0 || fo < 0 || fe < 0)
			_exit(127);
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	int fo = open(out_path, O_RDONLY), fe = open(err_path, O_RDONLY);
	r.out = slurp(fo);
	r.err = slurp(fe);
	close(fo);
	close(fe);
	return r;
}

static void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

static const char *const calc[] = {"benefit", "calc", NULL};

static const char example[] =
	"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1999-10-15\","
	"\"programme\":{\"start\":\"2025-09-10\",\"end\":\"2026-09-09\","
	"\"pauses\":[{\"from\":\"2025-09-22\",\"to\":\"2025-09-26\"}]},"
	"\"children\":[\"2010-09-20\"],\"unexcused_minutes\":450,"
	"\"work\":{\"gross_ore\":500000,\"hours\":20},"
	"\"other_income\":[{\"kind\":\"sykepenger\",\"amount_ore\":100000}],"
	"\"tax\":{\"percent\":30},\"outstanding_ore\":0}";

static json_int_t
amount(json_t *j, const char *code)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(j, "lines"), i, l)
		if (strcmp(json_string_value(json_object_get(l, "code")), code) == 0)
			return json_integer_value(json_object_get(l, "amount_ore"));
	fail_msg("no line %s", code);
	return 0;
}

/* The example, worked by hand: G 130 160 kr, 25 on 1 September so
 * the whole 2 G: month 2 169 333, day 72 311, hour 14 071; 16 programme
 * days, 10 weekdays; base 1 156 976; child 10 × 2 700; absence 450 min →
 * 105 532.5 → 105 533; work (1 183 976) × 20/75 → 315 727; sick pay
 * 100 000; gross 662 716; tax 30 % → 198 814.80 → 198 800; net 463 916. */
static void
test_example(void **state)
{
	(void)state;
	struct run r = run(example, calc);
	assert_int_equal(r.status, 0);
	json_error_t e;
	json_t *j = json_loads(r.out, 0, &e);
	assert_non_null(j);
	assert_int_equal(amount(j, "base"), 1156976);
	assert_int_equal(amount(j, "child_supplement"), 27000);
	assert_int_equal(amount(j, "absence"), -105533);
	assert_int_equal(amount(j, "work_income"), -315727);
	assert_int_equal(amount(j, "other_income"), -100000);
	assert_int_equal(json_integer_value(json_object_get(j, "gross_ore")), 662716);
	assert_int_equal(json_integer_value(json_object_get(j, "tax_ore")), 198800);
	assert_int_equal(json_integer_value(json_object_get(j, "recovery_ore")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "net_ore")), 463916);
	json_t *first = json_array_get(json_object_get(j, "lines"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "code")), "base");
	assert_int_equal(json_integer_value(json_object_get(first, "quantity")), 16);
	json_decref(j);
	assert_string_equal(r.err, "");
	run_free(&r);
}

struct bad_row {
	const char *input;
	const char *said;   /* in standard error */
};

static const struct bad_row bad_rows[] = {
	{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"2025-10-01\",\"programme\":{\"start\":\"2025-09-10\"}}",
	 "birth_date: The birth date is after the month."},
	{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\","
	 "\"pauses\":[{\"from\":\"2025-09-22\",\"to\":\"2025-09-20\"}]}}",
	 "programme.pauses[0]: A pause's from is after its to."},
	{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"},"
	 "\"unexcused_minutes\":-5}",
	 "unexcused_minutes: The minutes cannot be negative."},
	{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"},"
	 "\"unexcused_minutes\":\"450\"}",
	 "unexcused_minutes: Must be a whole number."},
	{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"},"
	 "\"other_income\":[{\"kind\":\"lottery\",\"amount_ore\":100}]}",
	 "other_income[0].kind: Unknown kind of income."},
	{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"},"
	 "\"work\":{\"hours\":\"20\"}}",
	 "work.hours: Must be a number."},
	{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"},"
	 "\"work\":{\"hours\":1.234}}",
	 "work.hours: Give the hours with at most two decimals."},
	{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\"}",
	 "programme: This field is required."},
	{"{\"scheme\":\"kvp\",\"month\":\"2025-9\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"}}",
	 "month: Give the month as YYYY-MM, for example 2025-09."},
	{"{\"scheme\":\"kvp\",\"month\":\"2026-+9\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"}}",
	 "month: Give the month as YYYY-MM, for example 2025-09."},
	{"{\"scheme\":\"kvp\",\"month\":\"2026- 9\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"}}",
	 "month: Give the month as YYYY-MM, for example 2025-09."},
	/* hours beyond any month: the range, not the decimals */
	{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"},"
	 "\"work\":{\"hours\":1e300}}",
	 "work.hours: The month has only 720 hours."},
	/* a month before the scheme's kinds of income: the month is named,
	 * not the kind */
	{"{\"scheme\":\"bergen\",\"month\":\"1999-12\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"1999-12-01\"},"
	 "\"other_income\":[{\"kind\":\"sykepenger\",\"amount_ore\":100}]}",
	 "secondchance: month: The scheme has no kinds of other income in force in that month.\n"},
	{"{\"scheme\":\"nav\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"}}",
	 "scheme: There is no such scheme: choose bergen or kvp."},
	{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"},"
	 "\"bonus\":1}",
	 "bonus: Unknown field."},
	{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"},"
	 "\"tax\":{\"percent\":101}}",
	 "tax.percent: The tax percentage is a whole number from 0 to 100."},
	/* every error at once, a line each */
	{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"},"
	 "\"children\":[\"2020-02-30\"],\"work\":{\"gross_ore\":-10000},\"unexcused_minutes\":99999999999}",
	 "secondchance: children[0]: 2020-02-30 is not a date: February 2020 has 29 days.\n"
	 "secondchance: unexcused_minutes: The month has only 43200 minutes.\n"
	 "secondchance: work.gross_ore: The amount cannot be negative.\n"},
	{"not json", "the input is not JSON"},
};

static void
test_bad_inputs(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
		struct run r = run(bad_rows[i].input, calc);
		/* a row of whole lines is all that is said */
		bool whole = strncmp(bad_rows[i].said, "secondchance: ", 14) == 0;
		if (r.status != 2 || strstr(r.err, bad_rows[i].said) == NULL ||
		    (whole && strcmp(r.err, bad_rows[i].said) != 0))
			fail_msg("row %zu: exit %d, said \"%s\", want \"%s\"", i, r.status, r.err, bad_rows[i].said);
		assert_string_equal(r.out, "");
		run_free(&r);
	}
}

static void
test_tax_tables(void **state)
{
	(void)state;
	char csv[300];
	snprintf(csv, sizeof csv, "%s/tables.csv", dir);
	FILE *f = fopen(csv, "w");
	assert_non_null(f);
	fputs("table,from_kr,to_kr,withholding_kr\n8010,0,9999,1000\n8010,10000,19999,4321\n", f);
	fclose(f);
	const char *import[] = {"benefit", "tax-table", "import", "--year", "2025", csv, NULL};
	struct run r = run(NULL, import);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "imported 2 rows of 1 tables for 2025"));
	run_free(&r);
	/* bergen, the whole of October: gross 15 000 kr → row 10 000..19 999 → 4 321 kr */
	const char *oct = "{\"scheme\":\"bergen\",\"month\":\"2025-10\",\"birth_date\":\"1980-01-01\","
			  "\"programme\":{\"start\":\"2025-01-01\"},\"tax\":{\"table\":\"8010\"}}";
	r = run(oct, calc);
	assert_int_equal(r.status, 0);
	json_t *j = json_loads(r.out, 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "tax_ore")), 432100);
	assert_int_equal(json_array_size(json_object_get(j, "warnings")), 0);
	json_decref(j);
	run_free(&r);
	/* June: halved, down to whole kroner: 2 160 kr */
	const char *june = "{\"scheme\":\"bergen\",\"month\":\"2025-06\",\"birth_date\":\"1980-01-01\","
			   "\"programme\":{\"start\":\"2025-01-01\"},\"tax\":{\"table\":\"8010\"}}";
	r = run(june, calc);
	j = json_loads(r.out, 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "tax_ore")), 216000);
	json_decref(j);
	run_free(&r);
	/* a table with no rows: 50 %, not halved, with a warning */
	const char *other = "{\"scheme\":\"bergen\",\"month\":\"2025-06\",\"birth_date\":\"1980-01-01\","
			    "\"programme\":{\"start\":\"2025-01-01\"},\"tax\":{\"table\":\"7100\"}}";
	r = run(other, calc);
	j = json_loads(r.out, 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "tax_ore")), 750000);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "warnings"), 0)),
			    "tax_table_not_found");
	json_decref(j);
	run_free(&r);
	/* importing the year again replaces it */
	f = fopen(csv, "w");
	assert_non_null(f);
	fputs("table,from_kr,to_kr,withholding_kr\n8010,0,99999,7\n", f);
	fclose(f);
	r = run(NULL, import);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "imported 1 rows of 1 tables for 2025"));
	run_free(&r);
	r = run(oct, calc);
	j = json_loads(r.out, 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "tax_ore")), 700);
	json_decref(j);
	run_free(&r);
	/* a bad file changes nothing */
	f = fopen(csv, "w");
	assert_non_null(f);
	fputs("table,from_kr,to_kr,withholding_kr\n8010,5,1,7\n", f);
	fclose(f);
	r = run(NULL, import);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "line 2: to_kr is below from_kr"));
	run_free(&r);
	r = run(oct, calc);
	j = json_loads(r.out, 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "tax_ore")), 700);
	json_decref(j);
	run_free(&r);
	/* a file of the header alone deletes nothing; a row repeating a
	 * table's from_kr says its line and why (not the database's
	 * "conflict"); the year's table still withholds its 7 kr */
	static const struct {
		const char *csv, *said;
	} refused[] = {
		{"table,from_kr,to_kr,withholding_kr\n", "line 2: The file has no rows: nothing was imported.\n"},
		{"table,from_kr,to_kr,withholding_kr\n8010,0,99,7\n8010,0,500,9\n",
		 "line 3: from_kr repeats the from_kr of an earlier line of the same table.\n"},
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		f = fopen(csv, "w");
		assert_non_null(f);
		fputs(refused[i].csv, f);
		fclose(f);
		r = run(NULL, import);
		assert_int_equal(r.status, 2);
		assert_non_null(strstr(r.err, refused[i].said));
		run_free(&r);
	}
	r = run(oct, calc);
	j = json_loads(r.out, 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "tax_ore")), 700);
	json_decref(j);
	run_free(&r);
}

static int
setup(void **state)
{
	(void)state;
	const char *base = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/sc-calc-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(db_set, sizeof db_set, "database.url=sqlite:%s/sc.db", dir);
	const char *migrate[] = {"migrate", NULL};
	struct run r = run(NULL, migrate);
	int ok = r.status == 0;
	run_free(&r);
	return ok ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* `benefit run --month`: a month that cannot be read, one not ended, and
 * none at all are refused with exit status 2 and nothing on standard
 * output; a month that has ended is run (no one in this register: no
 * statements) and left open, so the same month again is refused. */
static void
test_run_command(void **state)
{
	(void)state;
	static const struct {
		const char *month;      /* NULL: no --month */
		int status;
		const char *says;       /* on standard error, or on standard output when 0 */
	} cases[] = {
		{NULL, 2, "benefit run needs --month YYYY-MM"},
		{"2025-13", 2, "--month: Give the month as YYYY-MM, for example 2025-09."},
		{"2099-01", 2, "A month can be run when it has ended."},
		{"2024-11", 0, "run 1 of 2024-11 (centre 1): 0 statements, gross 0 øre, tax 0 øre, net 0 øre"},
		{"2024-11", 2, "This month has a run already: approve or discard it first."},
		{"2024-12", 2, "Another month's run waits for approval: approve or discard it first."},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *with[] = {"benefit", "run", "--month", cases[i].month, NULL};
		const char *without[] = {"benefit", "run", NULL};
		struct run r = run(NULL, cases[i].month != NULL ? with : without);
		assert_int_equal(r.status, cases[i].status);
		if (cases[i].status == 0) {
			assert_non_null(strstr(r.out, cases[i].says));
			assert_non_null(strstr(r.out, "\ntime: "));
		} else {
			assert_string_equal(r.out, "");
			assert_non_null(strstr(r.err, cases[i].says));
		}
		run_free(&r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_tax_tables),
		cmocka_unit_test(test_run_command),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
