/*
 * test_benefit_run.c — the monthly run's records and rules
 * (src/domain/benefit_run.c): months, when a run may start and who may
 * approve or discard it, a stored statement that gives back its input and
 * its lines, the dates as text, other income reported, new versions of the
 * rules, the calculator's form, and a year's tax tables read from CSV.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "domain/benefit_run.h"
#include "util/arena.h"
#include "util/err.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const reducing[] = {"dagpenger", "sykepenger", "foreldrepenger", "aap", "laerlingelonn",
				       NULL};
static const char *const recorded[] = {"bostotte", "barnetrygd", "kontantstotte", "barnebidrag", NULL};

static void
test_months(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int ok, y, m;
	} rows[] = {
		{"2025-09", 1, 2025, 9}, {"1900-01", 1, 1900, 1}, {"2199-12", 1, 2199, 12}, {"2025-13", 0, 0, 0},
		{"2025-00", 0, 0, 0}, {"2025-9", 0, 0, 0}, {"2025/09", 0, 0, 0}, {"1899-12", 0, 0, 0},
		{"2025-09-01", 0, 0, 0}, {"", 0, 0, 0}, {" 2025-09", 0, 0, 0},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		int y = 0, m = 0;
		int rc = benefit_month_parse(rows[i].s, &y, &m);
		assert_int_equal(rc == SC_OK, rows[i].ok);
		if (rows[i].ok) {
			assert_int_equal(y, rows[i].y);
			assert_int_equal(m, rows[i].m);
		}
	}
	assert_int_equal(benefit_month_parse(NULL, &(int){0}, &(int){0}), SC_EINVAL);
	char out[8];
	benefit_month_format(2025, 9, out);
	assert_string_equal(out, "2025-09");
	int y, m;
	benefit_month_add(2025, 11, 3, &y, &m);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 2);
	benefit_month_add(2025, 1, -36, &y, &m);
	assert_int_equal(y, 2022);
	assert_int_equal(m, 1);
	assert_int_equal(benefit_month_diff(2024, 12, 2025, 2), 2);
	assert_int_equal(benefit_month_diff(2025, 2, 2024, 12), -2);
}

static void
test_run_rules(void **state)
{
	(void)state;
	struct date today = {2025, 10, 1};
	char first[8];
	assert_null(benefit_run_start_refusal(2025, 9, today, BENEFIT_MONTH_NONE, false, false, NULL, first));
	assert_string_equal(benefit_run_start_refusal(2025, 10, today, BENEFIT_MONTH_NONE, false, false, NULL, first),
			    "A month can be run when it has ended.");
	assert_string_equal(benefit_run_start_refusal(2025, 11, today, BENEFIT_MONTH_NONE, false, false, NULL, first),
			    "A month can be run when it has ended.");
	assert_string_equal(benefit_run_start_refusal(2025, 9, today, BENEFIT_MONTH_OPEN, false, false, NULL, first),
			    "This month has a run already: approve or discard it first.");
	assert_string_equal(benefit_run_start_refusal(2025, 9, today, BENEFIT_MONTH_APPROVED, false, false, NULL,
						      first),
			    "This month's run is approved: a change to the month comes in the next month's run.");
	assert_string_equal(benefit_run_start_refusal(2025, 8, today, BENEFIT_MONTH_NONE, true, false, NULL, first),
			    "A later month has a run: months are paid in order.");
	assert_string_equal(benefit_run_start_refusal(2025, 8, today, BENEFIT_MONTH_NONE, false, true, NULL, first),
			    "Another month's run waits for approval: approve or discard it first.");
	/* months are paid in order: after 2025-06, 2025-08 waits for 2025-07,
	 * named; the month after the last is run; a centre's first any month */
	assert_string_equal(benefit_run_start_refusal(2025, 8, today, BENEFIT_MONTH_NONE, false, false, "2025-06",
						      first),
			    "Run %s first: months are paid in order.");
	assert_string_equal(first, "2025-07");
	assert_string_equal(benefit_run_start_refusal(2025, 2, (struct date){2025, 3, 1}, BENEFIT_MONTH_NONE, false,
						      false, "2024-11", first),
			    "Run %s first: months are paid in order.");
	assert_string_equal(first, "2024-12");
	assert_null(benefit_run_start_refusal(2025, 9, today, BENEFIT_MONTH_NONE, false, false, "2025-08", first));
	assert_string_equal(first, "");
	assert_null(benefit_run_start_refusal(2025, 1, (struct date){2025, 2, 1}, BENEFIT_MONTH_NONE, false, false,
					      "2024-12", first));
	assert_null(benefit_run_start_refusal(2023, 4, today, BENEFIT_MONTH_NONE, false, false, "", first));
	/* the later run's refusal first */
	assert_string_equal(benefit_run_start_refusal(2025, 8, today, BENEFIT_MONTH_NONE, true, false, "2025-01",
						      first),
			    "A later month has a run: months are paid in order.");
	/* the last day of a month: it has not ended */
	assert_non_null(benefit_run_start_refusal(2025, 9, (struct date){2025, 9, 30}, BENEFIT_MONTH_NONE, false, false,
						  NULL, first));
	struct benefit_run run = {.state = BENEFIT_RUN_OPEN, .run_by = 7};
	assert_string_equal(benefit_run_approve_refusal(&run, 7),
			    "Another finance officer must approve the run: you started it.");
	assert_null(benefit_run_approve_refusal(&run, 8));
	assert_null(benefit_run_discard_refusal(&run));
	run.state = BENEFIT_RUN_APPROVED;
	assert_string_equal(benefit_run_approve_refusal(&run, 8), "Only a run waiting for approval can be approved.");
	assert_string_equal(benefit_run_discard_refusal(&run), "Only a run waiting for approval can be discarded.");
	run.state = BENEFIT_RUN_DISCARDED;
	assert_non_null(benefit_run_approve_refusal(&run, 8));
	assert_string_equal(benefit_run_state_key(BENEFIT_RUN_APPROVED), "approved");
}

static bool
lookup(void *ctx, int year, const char *table, int64_t kr, int64_t *withhold_kr)
{
	(void)ctx, (void)year, (void)table;
	*withhold_kr = kr / 4;
	return true;
}

/* A statement kept and read back gives the same input and the same lines,
 * whatever the tax tables say later. */
static void
test_record_roundtrip(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct benefit_params p = {.kind = BENEFIT_KVP, .g_ore = 13016000, .child_rate_ore = 2700,
				   .recovery_percent = 50, .reducing = reducing, .recorded = recorded};
	struct benefit_input in = {
		.year = 2025, .month = 9, .birth = {1999, 10, 15}, .start = {2025, 9, 10}, .has_end = true,
		.end = {2026, 9, 9}, .npauses = 2, .pauses = {{{2025, 9, 22}, {2025, 9, 26}}, {{2025, 9, 29}, {2025, 9, 29}}},
		.nchildren = 2, .children = {{2010, 9, 20}, {2024, 2, 29}}, .unexcused_minutes = 450, .has_work = true,
		.work_gross_ore = 500000, .work_hours_centi = 2050, .nincome = 2,
		.income = {{"sykepenger", 100000}, {"barnetrygd", 176600}}, .tax = BENEFIT_TAX_TABLE,
		.tax_table = "7100", .outstanding_ore = 123456, .nbackpay = 1,
		.backpay = {{2025, 7, BENEFIT_CAUSE_G, 4321}},
	};
	struct benefit_statement st;
	benefit_compute(&p, &in, lookup, NULL, &st);
	struct benefit_record rec;
	fields_clear(benefit_record_fields, &rec);
	assert_int_equal(benefit_record_fill(&rec, &p, &in, &st, a), SC_OK);
	assert_string_equal(rec.month, "2025-09");
	assert_string_equal(rec.pauses, "2025-09-22/2025-09-26,2025-09-29/2025-09-29");
	assert_string_equal(rec.children, "2010-09-20,2024-02-29");
	assert_string_equal(rec.reducing, "dagpenger,sykepenger,foreldrepenger,aap,laerlingelonn");
	assert_int_equal(rec.gross_ore, st.gross_ore);
	/* the items the run writes beside it */
	struct benefit_item items[3] = {
		{.code = BENEFIT_ITEM_OTHER_INCOME, .kind = "sykepenger", .amount_ore = 100000, .income_ore = 100000},
		{.code = BENEFIT_ITEM_OTHER_INCOME, .kind = "barnetrygd", .amount_ore = 0, .income_ore = 176600},
		{.code = BENEFIT_ITEM_CORRECTION, .ref_month = "2025-07", .causes = "g", .amount_ore = 4321},
	};
	rec.items = (struct field_list){3, items};
	struct benefit_params p2;
	struct benefit_input in2;
	assert_true(benefit_record_input(&rec, &p2, &in2, a));
	struct benefit_statement st2;
	benefit_compute(&p2, &in2, lookup, NULL, &st2);
	assert_int_equal(st2.gross_ore, st.gross_ore);
	assert_int_equal(st2.tax_ore, st.tax_ore);
	assert_int_equal(st2.recovery_ore, st.recovery_ore);
	assert_int_equal(st2.net_ore, st.net_ore);
	assert_int_equal(st2.days_mask, st.days_mask);
	assert_int_equal(in2.npauses, 2);
	assert_int_equal(in2.nchildren, 2);
	assert_int_equal(in2.nincome, 2);
	assert_int_equal(in2.nbackpay, 1);
	assert_int_equal(in2.backpay[0].month, 7);
	assert_int_equal(in2.backpay[0].causes, BENEFIT_CAUSE_G);
	assert_int_equal(in2.work_hours_centi, 2050);
	assert_string_equal(in2.tax_table, "7100");
	/* the lines from the record alone: the same as computed */
	struct benefit_statement lines;
	benefit_record_lines(&rec, &lines);
	assert_int_equal(lines.nlines, st.nlines);
	for (size_t i = 0; i < st.nlines; i++) {
		assert_string_equal(lines.lines[i].code, st.lines[i].code);
		assert_int_equal(lines.lines[i].amount_ore, st.lines[i].amount_ore);
		assert_int_equal(lines.lines[i].quantity, st.lines[i].quantity);
		assert_int_equal(lines.lines[i].ref_month, st.lines[i].ref_month);
	}
	/* unreadable texts are refused */
	rec.pauses = "2025-09-22/2025-09";
	assert_false(benefit_record_input(&rec, &p2, &in2, a));
	rec.pauses = "";
	rec.children = "2010-09-20;2024-02-29";
	assert_false(benefit_record_input(&rec, &p2, &in2, a));
	arena_free(a);
}

static void
test_income_report(void **state)
{
	(void)state;
	struct date today = {2025, 10, 15};
	static const struct {
		const char *kind, *from, *to;
		const char *field, *reason;
		const char *want_to;
	} rows[] = {
		{"sykepenger", "2025-09", "", NULL, NULL, "2025-09"},
		{"barnetrygd", "2025-01", "2025-12", NULL, NULL, "2025-12"},
		{"lottery", "2025-09", "", "kind", "Choose one of the kinds in the list.", "2025-09"},
		{"aap", "2025-09", "2025-08", "month_to", "The last month is before the first.", NULL},
		{"aap", "2024-01", "2026-01", "month_to", "One report covers at most 24 months.", NULL},
		{"aap", "2024-01", "2025-12", NULL, NULL, "2025-12"},
		{"aap", "2024-01", "2025-11", NULL, NULL, "2025-11"},
		{"aap", "2026-11", "", "month_from", "The first month is more than a year ahead.", NULL},
		{"aap", "2026-10", "", NULL, NULL, "2026-10"},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct benefit_income_report r;
		fields_clear(benefit_income_report_fields, &r);
		r.kind = rows[i].kind;
		r.month_from = rows[i].from;
		r.month_to = rows[i].to;
		struct field_errors e = {0};
		bool ok = benefit_income_report_check(&r, reducing, recorded, today, &e);
		assert_int_equal(ok, rows[i].field == NULL);
		if (rows[i].field != NULL) {
			assert_int_equal(e.n, 1);
			assert_string_equal(e.field[0], rows[i].field);
			assert_string_equal(e.reason[0], rows[i].reason);
		}
		if (rows[i].want_to != NULL)
			assert_string_equal(r.month_to, rows[i].want_to);
	}
	assert_string_equal(benefit_income_kind_label("aap"), "Work assessment allowance (AAP)");
	assert_null(benefit_income_kind_label("lottery"));
}

static void
test_rules_versions(void **state)
{
	(void)state;
	struct benefit_param_input p = {.name = BENEFIT_PARAM_RECOVERY, .amount_ore = FIELD_NONE, .percent = FIELD_NONE,
					.valid_from = {2026, 1, 1}};
	struct field_errors e = {0};
	assert_false(benefit_param_check(&p, BENEFIT_BERGEN, &e));
	assert_string_equal(e.field[0], "percent");
	p.percent = 40;
	struct field_errors e2 = {0};
	assert_true(benefit_param_check(&p, BENEFIT_BERGEN, &e2));
	assert_int_equal(benefit_param_value(&p), 40);
	p.name = BENEFIT_PARAM_MONTH_AMOUNT;
	struct field_errors e3 = {0};
	assert_false(benefit_param_check(&p, BENEFIT_BERGEN, &e3));
	assert_string_equal(e3.field[0], "amount_ore");
	p.amount_ore = 1600000;
	struct field_errors e4 = {0};
	assert_true(benefit_param_check(&p, BENEFIT_BERGEN, &e4));
	assert_int_equal(benefit_param_value(&p), 1600000);
	struct field_errors e5 = {0};
	assert_false(benefit_param_check(&p, BENEFIT_KVP, &e5));
	assert_string_equal(e5.field[0], "name");
	assert_string_equal(benefit_param_key(BENEFIT_PARAM_CHILD_RATE), "child_rate_ore");

	const char *red[] = {"sykepenger", "aap"}, *rec[] = {"barnetrygd", "aap"}, *dup[] = {"aap", "aap"};
	struct benefit_kinds_input k = {.valid_from = {2026, 1, 1}, .reducing = {2, red}, .recorded = {1, rec}};
	struct field_errors e6 = {0};
	assert_true(benefit_kinds_check(&k, &e6));
	k.recorded = (struct field_list){2, rec};
	struct field_errors e7 = {0};
	assert_false(benefit_kinds_check(&k, &e7));
	assert_string_equal(e7.field[0], "recorded");
	assert_string_equal(e7.reason[0], "A kind cannot both reduce the benefit and not.");
	k.reducing = (struct field_list){2, dup};
	k.recorded = (struct field_list){0, NULL};
	struct field_errors e8 = {0};
	assert_false(benefit_kinds_check(&k, &e8));
	assert_string_equal(e8.reason[0], "A kind is listed twice.");
	k.reducing = (struct field_list){0, NULL};
	struct field_errors e9 = {0};
	assert_false(benefit_kinds_check(&k, &e9));
	assert_string_equal(e9.field[0], "reducing");
}

/* G: whole kroner from 50 000 to 1 000 000, from 1967 (a G of 1 kr from
 * 1900-05-01 was taken); a later version from the same date takes over. */
static void
test_g_version(void **state)
{
	(void)state;
	const struct field *gf = fields_find(benefit_g_fields, "g_kr");
	assert_non_null(gf);
	static const struct {
		const char *text;
		bool ok;
	} amounts[] = {{"1", false}, {"14300", false}, {"49999", false}, {"50000", true}, {"143000", true},
		       {"1000000", true}, {"1000001", false}};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(amounts); i++) {
		struct benefit_g_input g = {.valid_from = {2027, 5, 1}};
		struct field_errors e = {0};
		assert_int_equal(field_read_text(gf, amounts[i].text, &g, a, &e), amounts[i].ok);
		if (!amounts[i].ok)
			assert_string_equal(e.reason[0],
					    "Give G as whole kroner from 50 000 to 1 000 000, for example 130160.");
		/* the command's own check says the same of a value given typed */
		g.g_kr = strtoll(amounts[i].text, NULL, 10);
		struct field_errors e2 = {0};
		assert_int_equal(benefit_g_check(&g, &e2), amounts[i].ok);
		if (!amounts[i].ok)
			assert_string_equal(e2.field[0], "g_kr");
	}
	arena_free(a);
	struct benefit_g_input g = {.valid_from = {1900, 5, 1}, .g_kr = 143000};
	struct field_errors e = {0};
	assert_false(benefit_g_check(&g, &e));
	assert_string_equal(e.field[0], "valid_from");
	assert_string_equal(e.reason[0], "G exists from 1967: give a date in 1967 or later.");
	g.valid_from = (struct date){1966, 12, 31};
	struct field_errors e2 = {0};
	assert_false(benefit_g_check(&g, &e2));
	g.valid_from = (struct date){1967, 1, 1};
	struct field_errors e3 = {0};
	assert_true(benefit_g_check(&g, &e3));
	assert_int_equal(e3.n, 0);
	/* a version's history says it was replaced */
	g.replaced = 1;
	assert_non_null(fields_find(benefit_g_fields, "replaced"));
	assert_non_null(fields_find(benefit_param_fields, "replaced"));
}

static void
test_tax_csv(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct benefit_tax_row *rows = NULL;
	size_t n = 0;
	long line = 0;
	const char *why = NULL;
	static const char good[] = "table,from_kr,to_kr,withholding_kr\r\n7100,0,9999,0\n7100,10000,19999,1200\n8010,0,50000,7\n";
	assert_int_equal(benefit_tax_csv_parse(good, strlen(good), a, &rows, &n, &line, &why), SC_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[1].table_no, "7100");
	assert_int_equal(rows[1].from_kr, 10000);
	assert_int_equal(rows[1].to_kr, 19999);
	assert_int_equal(rows[1].withholding_kr, 1200);
	free(rows);
	/* rows in any order; brackets that touch and another table's same
	 * kroner are no conflict; a withholding of the whole upper bound is */
	static const char good2[] = "table,from_kr,to_kr,withholding_kr\n7100,100,199,199\n8010,0,150,0\n"
				    "7100,0,99,0\n";
	assert_int_equal(benefit_tax_csv_parse(good2, strlen(good2), a, &rows, &n, &line, &why), SC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].withholding_kr, 199);
	free(rows);
	static const struct {
		const char *csv;
		long line;
		const char *why;
	} bad[] = {
		{"tabell,fra,til,trekk\n", 1, "The first line must be table,from_kr,to_kr,withholding_kr."},
		{"", 1, "The first line must be table,from_kr,to_kr,withholding_kr."},
		{"table,from_kr,to_kr,withholding_kr\n7100,0,9\n", 2,
		 "Each line has four columns: table, from_kr, to_kr, withholding_kr."},
		{"table,from_kr,to_kr,withholding_kr\n7100,0,9,0\n710,0,9,0\n", 3, "The tax table is a number of four digits."},
		{"table,from_kr,to_kr,withholding_kr\n7100,0,9,-1\n", 2, "from_kr, to_kr and withholding_kr are whole kroner."},
		{"table,from_kr,to_kr,withholding_kr\n7100,0,9.5,1\n", 2, "from_kr, to_kr and withholding_kr are whole kroner."},
		{"table,from_kr,to_kr,withholding_kr\n7100,10,9,1\n", 2, "to_kr is below from_kr."},
		/* no more withheld than the bracket's whole amount */
		{"table,from_kr,to_kr,withholding_kr\n7100,0,99,99\n7100,100,199,200\n", 3,
		 "withholding_kr is above to_kr: more tax than the whole amount."},
		/* a file of the header alone would delete the year's tables */
		{"table,from_kr,to_kr,withholding_kr\n", 2, "The file has no rows: nothing was imported."},
		{"table,from_kr,to_kr,withholding_kr\r\n\r\n", 2, "The file has no rows: nothing was imported."},
		/* within a table, brackets share no krone: the later line named,
		 * wherever the rows stand in the file */
		{"table,from_kr,to_kr,withholding_kr\n7100,0,99,0\n8010,0,99,0\n7100,0,50,0\n", 4,
		 "from_kr repeats the from_kr of an earlier line of the same table."},
		{"table,from_kr,to_kr,withholding_kr\n7100,100,199,10\n7100,0,100,0\n8010,100,199,0\n", 3,
		 "The row overlaps an earlier line of the same table: each krone has one row."},
		{"table,from_kr,to_kr,withholding_kr\n7100,0,999,0\n7100,1000,1999,0\n7100,500,600,0\n", 4,
		 "The row overlaps an earlier line of the same table: each krone has one row."},
	};
	for (size_t i = 0; i < NELEM(bad); i++) {
		rows = NULL;
		assert_int_equal(benefit_tax_csv_parse(bad[i].csv, strlen(bad[i].csv), a, &rows, &n, &line, &why),
				 SC_EINVAL);
		assert_null(rows);
		assert_int_equal(line, bad[i].line);
		assert_string_equal(why, bad[i].why);
	}
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_run_rules),
		cmocka_unit_test(test_record_roundtrip),
		cmocka_unit_test(test_income_report),
		cmocka_unit_test(test_rules_versions),
		cmocka_unit_test(test_g_version),
		cmocka_unit_test(test_tax_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
