/*
 * test_report_protect.c — disclosure control of the reports
 * (src/domain/report_protect.c, issue 12): a hidden cell cannot be worked
 * out from a sum (rule A) at its edges — one part hidden, two hidden of 4
 * people and of 5, a sum with no other part, the total hidden, cells of
 * the same people — and across a filter (rule B); the sums Results and
 * the annual report declare; and a table's total row (report_total.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/report.h"
#include "util/arena.h"

static const char *const cols[] = {"People"};

/* A report of one table of counts, the last row the total of the others. */
static struct report_table *
counts(struct report *rep, struct arena *a, const int64_t *n, size_t nrows)
{
	memset(rep, 0, sizeof *rep);
	struct report_table *t = report_table_new(rep, a, "t", "T", cols, 1, nrows, false);
	assert_non_null(t);
	static const char *const labels[] = {"a", "b", "c", "d", "total"};
	for (size_t i = 0; i < nrows; i++) {
		t->rows[i] = i + 1 == nrows ? "total" : labels[i];
		report_at(t, i, 0)->kind = RC_COUNT;
		report_at(t, i, 0)->n = n[i];
	}
	struct report_ref parts[4], total = {0, nrows - 1, 0};
	for (size_t i = 0; i + 1 < nrows; i++)
		parts[i] = (struct report_ref){0, i, 0};
	assert_int_equal(report_sum_add(rep, a, &total, parts, nrows - 1, 0), 0);
	return t;
}

static bool
shown(struct report_table *t, size_t row)
{
	return report_cell_shown(report_at(t, row, 0));
}

/* One part hidden, the others and the total shown: the smallest other part
 * is hidden too (results at 12 months: 15 in work, 1 in education, 16). */
static void
test_one_hidden(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report rep;
	static const int64_t n[] = {15, 1, 9, 25};
	struct report_table *t = counts(&rep, a, n, 4);
	assert_false(shown(t, 1));
	report_protect(&rep);
	assert_true(shown(t, 0));    /* 15: not needed */
	assert_false(shown(t, 1));   /* 1 */
	assert_false(shown(t, 2));   /* 9: the smallest other part; 1 + 9 = 10 */
	assert_true(shown(t, 3));    /* the total stays */
	assert_true(rep.more_hidden);
	arena_free(a);
}

/* Two parts hidden of 4 people together: a third, the smallest shown, too. */
static void
test_two_hidden_of_4(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report rep;
	static const int64_t n[] = {3, 1, 7, 6, 17};
	struct report_table *t = counts(&rep, a, n, 5);
	report_protect(&rep);
	assert_false(shown(t, 0));
	assert_false(shown(t, 1));
	assert_false(shown(t, 3));   /* 6, smaller than 7: 3 + 1 + 6 = 10 */
	assert_true(shown(t, 2));
	assert_true(shown(t, 4));
	arena_free(a);
}

/* Two parts hidden of 5 people together: nothing more. */
static void
test_two_hidden_of_5(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report rep;
	static const int64_t n[] = {3, 2, 7, 6, 18};
	struct report_table *t = counts(&rep, a, n, 5);
	report_protect(&rep);
	assert_false(shown(t, 0));
	assert_false(shown(t, 1));
	assert_true(shown(t, 2));
	assert_true(shown(t, 3));
	assert_true(shown(t, 4));
	assert_false(rep.more_hidden);
	arena_free(a);
}

/* A sum with no other part to hide: the total is hidden. */
static void
test_no_other_part(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report rep;
	static const int64_t n[] = {2, 6};
	struct report_table *t = counts(&rep, a, n, 2);
	report_protect(&rep);
	assert_false(shown(t, 0));
	assert_false(shown(t, 1));
	/* two parts of 3 and 8: the 8 goes, then both are hidden of 11 people */
	static const int64_t m[] = {3, 8, 11};
	t = counts(&rep, a, m, 3);
	report_protect(&rep);
	assert_false(shown(t, 0));
	assert_false(shown(t, 1));
	assert_true(shown(t, 2));
	/* no total cell (the shares' base) and every part hidden, 3 people:
	 * nothing left to hide, and it ends */
	t = counts(&rep, a, m, 3);
	rep.nsums = 0;
	report_at(t, 1, 0)->n = 0;
	struct report_ref parts[2] = {{0, 0, 0}, {0, 1, 0}};
	assert_int_equal(report_sum_add(&rep, a, NULL, parts, 2, 0), 0);
	report_protect(&rep);
	assert_false(shown(t, 0));
	assert_false(shown(t, 1));
	assert_true(shown(t, 2));
	arena_free(a);
}

/* People in no cell (rest) are a hidden part: outcome rows that leave 3
 * exits of no row shown need one more hidden; 6 of no row need none. */
static void
test_rest(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report rep;
	static const int64_t n[] = {10, 8, 21};
	struct report_table *t = counts(&rep, a, n, 3);
	rep.nsums = 0;
	struct report_ref parts[2] = {{0, 0, 0}, {0, 1, 0}}, total = {0, 2, 0};
	assert_int_equal(report_sum_add(&rep, a, &total, parts, 2, 3), 0);
	report_protect(&rep);
	assert_true(shown(t, 0));
	assert_false(shown(t, 1));   /* 8 with the 3: two hidden of 11 */
	t = counts(&rep, a, (const int64_t[]){10, 8, 24}, 3);
	rep.nsums = 0;
	assert_int_equal(report_sum_add(&rep, a, &total, parts, 2, 6), 0);
	report_protect(&rep);
	assert_true(shown(t, 0));
	assert_true(shown(t, 1));
	arena_free(a);
}

/* The total hidden and every part shown: the total is the parts added, so
 * the smallest part goes; cells of the same people go together; a cell
 * hidden for one sum opens another (repeated until nothing changes). */
static void
test_total_hidden_and_chains(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report rep;
	static const int64_t n[] = {6, 7, 13};
	struct report_table *t = counts(&rep, a, n, 3);
	report_at(t, 2, 0)->hidden = true;   /* hidden for another reason */
	report_protect(&rep);
	assert_false(shown(t, 0));
	assert_true(shown(t, 1));
	/* x 2 and y 9 make 11; each count and its share are of the same
	 * people: y goes for x, and y's share with it */
	memset(&rep, 0, sizeof rep);
	static const char *const two[] = {"People", "Share"};
	t = report_table_new(&rep, a, "t", "T", two, 2, 3, false);
	assert_non_null(t);
	static const int64_t m[] = {2, 9, 11};
	for (size_t i = 0; i < 3; i++) {
		t->rows[i] = i == 0 ? "x" : i == 1 ? "y" : "all";
		*report_at(t, i, 0) = (struct report_cell){.kind = RC_COUNT, .n = m[i]};
		*report_at(t, i, 1) = (struct report_cell){.kind = RC_SHARE, .n = m[i], .base = 11};
		struct report_ref same[2] = {{0, i, 0}, {0, i, 1}};
		assert_int_equal(report_same_add(&rep, a, same, 2), 0);
	}
	struct report_ref parts[2] = {{0, 0, 0}, {0, 1, 0}}, total = {0, 2, 0};
	assert_int_equal(report_sum_add(&rep, a, &total, parts, 2, 0), 0);
	report_protect(&rep);
	assert_false(report_cell_shown(report_at(t, 1, 0)));
	assert_false(report_cell_shown(report_at(t, 1, 1)));   /* the 9's share with it */
	assert_true(report_cell_shown(report_at(t, 2, 0)));
	arena_free(a);
}

/* Rule B: a cell whose wider report (one filter cleared) has 1-4 more
 * people is hidden; 0 or 5 more, it stays. The money of case (a): 6 people
 * of the 2023 cohort, 5 of them women. */
static void
test_complement(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	static const char *const mc[] = {"Benefits", "Participants", "Share"};
	struct report narrow, wider;
	memset(&narrow, 0, sizeof narrow);
	memset(&wider, 0, sizeof wider);
	struct report_table *t = report_table_new(&narrow, a, "money", "Money", mc, 3, 3, false);
	struct report_table *w = report_table_new(&wider, a, "money", "Money", mc, 3, 4, false);
	assert_non_null(t);
	assert_non_null(w);
	static const char *const months[] = {"2025-09", "2025-10", "2025-11", "2025-12"};
	/* narrow: 2025-10, 2025-11, 2025-12; wider has 2025-09 too */
	static const int64_t nn[] = {5, 5, 7}, wn[] = {9, 6, 10, 12};
	for (size_t i = 0; i < 4; i++) {
		w->rows[i] = months[i];
		*report_at(w, i, 0) = (struct report_cell){.kind = RC_MONEY, .n = wn[i], .value = 100 * wn[i]};
		*report_at(w, i, 1) = (struct report_cell){.kind = RC_COUNT, .n = wn[i]};
		*report_at(w, i, 2) = (struct report_cell){.kind = RC_SHARE, .n = 5, .base = i == 3 ? 12 : 20};
	}
	for (size_t i = 0; i < 3; i++) {
		t->rows[i] = arena_printf(a, "%s", months[i + 1]);   /* equal labels, not the same pointers */
		*report_at(t, i, 0) = (struct report_cell){.kind = RC_MONEY, .n = nn[i], .value = 100 * nn[i]};
		*report_at(t, i, 1) = (struct report_cell){.kind = RC_COUNT, .n = nn[i]};
		*report_at(t, i, 2) = (struct report_cell){.kind = RC_SHARE, .n = 5, .base = i == 2 ? 10 : 20};
	}
	report_complement(&narrow, &wider);
	/* 2025-10: 6 against 5, one more: hidden */
	assert_false(report_cell_shown(report_at(t, 0, 0)));
	assert_false(report_cell_shown(report_at(t, 0, 1)));
	assert_true(report_cell_shown(report_at(t, 0, 2)));    /* 5 of 20 both ways */
	/* 2025-11: 10 against 5, five more: shown */
	assert_true(report_cell_shown(report_at(t, 1, 0)));
	assert_true(report_cell_shown(report_at(t, 1, 1)));
	/* 2025-12: 12 against 7: shown; the share's base 12 against 10: hidden */
	assert_true(report_cell_shown(report_at(t, 2, 0)));
	assert_false(report_cell_shown(report_at(t, 2, 2)));
	assert_true(narrow.more_hidden);
	arena_free(a);
}

/* The sums Results declares: case (d), 16 in work or education at 12
 * months, 15 in work, 1 in education. */
static void
test_results_sums(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report_period p[20];
	memset(p, 0, sizeof p);
	for (size_t i = 0; i < 20; i++) {
		p[i].id = (int64_t)i + 1;
		p[i].participant_id = (int64_t)i + 1;
		p[i].start = (struct date){2023, 1, 10};
		p[i].exit = (struct date){2024, 1, 10};
		p[i].gender = "";
		p[i].country = "";
		p[i].schooling = FIELD_NONE;
		p[i].scheme = -1;
		p[i].exit_status = RS_OTHER;
		p[i].status6 = RS_NONE;
		p[i].status12 = i < 15 ? RS_EMPLOYED_FULL : i == 15 ? RS_EDUCATION : RS_UNEMPLOYED;
	}
	struct report_filter f;
	fields_clear(report_filter_fields, &f);
	struct report rep;
	assert_int_equal(report_results(p, 20, &f, a, &rep), 0);
	struct report_table *t = &rep.tables[0];
	assert_int_equal(report_at(t, 3, 1)->n, 15);
	assert_true(report_cell_shown(report_at(t, 3, 1)));
	report_protect(&rep);
	assert_false(report_cell_shown(report_at(t, 3, 2)));   /* 1 in education */
	assert_false(report_cell_shown(report_at(t, 3, 1)));   /* 15 in work: else 16 - 15 */
	assert_true(report_cell_shown(report_at(t, 3, 3)));    /* 16 */
	/* self-supporting is in work less those on the benefit: with in work
	 * hidden, 15 self-supporting would tell it */
	assert_false(report_cell_shown(report_at(t, 3, 4)));
	assert_true(report_cell_shown(report_at(t, 3, 0)));
	arena_free(a);
}

/* A total row (report_total_row()): Internships by industry, started 12,
 * 3 and 9 and converted 4 of 12, 1 of 3, 6 of 9: the total sums the counts
 * and the shares' counts and bases (11 of 24, not the rows' percentages
 * averaged), is left out of the chart, and hides the smallest other row
 * (9) beside the one of 3, which it would give away by subtraction. */
static void
test_total_row(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report rep;
	memset(&rep, 0, sizeof rep);
	static const char *const cols2[] = {"Started", "Converted"};
	struct report_table *t = report_table_new(&rep, a, "by_industry", "By industry", cols2, 2, 3, false);
	assert_non_null(t);
	static const int64_t started[] = {12, 3, 9}, converted[] = {4, 1, 6};
	static const char *const labels[] = {"Retail", "Cleaning", "Care"};
	for (size_t i = 0; i < 3; i++) {
		t->rows[i] = labels[i];
		*report_at(t, i, 0) = (struct report_cell){.kind = RC_COUNT, .n = started[i]};
		*report_at(t, i, 1) = (struct report_cell){.kind = RC_SHARE, .n = converted[i], .base = started[i]};
	}
	static const struct report_total_col how[] = {{RT_SUM, 0, 0}, {RT_SUM, 0, 0}};
	assert_int_equal(report_total_row(&rep, 0, a, "Total", how, false), 0);
	t = &rep.tables[0];
	assert_int_equal(t->nrows, 4);
	assert_true(t->total);
	assert_string_equal(t->rows[3], "Total");
	assert_true(t->rows_tr[3]);
	assert_false(t->rows_tr[0]);
	assert_int_equal(report_at(t, 3, 0)->kind, RC_COUNT);
	assert_int_equal(report_at(t, 3, 0)->n, 24);
	assert_int_equal(report_at(t, 3, 1)->kind, RC_SHARE);
	assert_int_equal(report_at(t, 3, 1)->n, 11);
	assert_int_equal(report_at(t, 3, 1)->base, 24);
	report_protect(&rep);
	assert_false(report_cell_shown(report_at(t, 1, 0)));   /* 3 */
	assert_false(report_cell_shown(report_at(t, 2, 0)));   /* 9: else 24 - 12 - 9 = 3 */
	assert_true(report_cell_shown(report_at(t, 0, 0)));
	assert_true(report_cell_shown(report_at(t, 3, 0)));
	/* a column whose rows are not all of one kind is no sum: empty */
	struct report mixed;
	memset(&mixed, 0, sizeof mixed);
	struct report_table *m = report_table_new(&mixed, a, "by_month", "By month", cols2, 2, 2, false);
	assert_non_null(m);
	m->rows[0] = "2025-01";
	m->rows[1] = "2025-02";
	*report_at(m, 0, 0) = (struct report_cell){.kind = RC_COUNT, .n = 20};
	*report_at(m, 0, 1) = (struct report_cell){.kind = RC_SHARE, .n = 90, .base = 100};
	*report_at(m, 1, 0) = (struct report_cell){.kind = RC_COUNT, .n = 3};
	*report_at(m, 1, 1) = (struct report_cell){.kind = RC_COUNT, .n = 3};
	assert_int_equal(report_total_row(&mixed, 0, a, "Total", how, false), 0);
	assert_int_equal(report_at(&mixed.tables[0], 2, 0)->n, 23);
	assert_int_equal(report_at(&mixed.tables[0], 2, 1)->kind, RC_EMPTY);
	/* a table of one row has no total */
	struct report one;
	memset(&one, 0, sizeof one);
	struct report_table *o = report_table_new(&one, a, "t", "T", cols2, 2, 1, false);
	assert_non_null(o);
	o->rows[0] = "Retail";
	assert_int_equal(report_total_row(&one, 0, a, "Total", how, false), 0);
	assert_int_equal(one.tables[0].nrows, 1);
	arena_free(a);
}

/* Money per participant in a total: the money summed over the summed
 * participants (1000.00 kr for 5 and 2000.00 kr for 5: 300.00 kr), not
 * the rows' figures averaged; the participants are not summed (RT_NONE). */
static void
test_total_row_per(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report rep;
	memset(&rep, 0, sizeof rep);
	static const char *const cols3[] = {"Paid", "Per participant", "Participants"};
	struct report_table *t = report_table_new(&rep, a, "money", "Money", cols3, 3, 2, false);
	assert_non_null(t);
	static const int64_t paid[] = {100000, 200000};
	static const int64_t people[] = {5, 5};
	for (size_t i = 0; i < 2; i++) {
		t->rows[i] = i == 0 ? "2025-01" : "2025-02";
		*report_at(t, i, 0) = (struct report_cell){.kind = RC_MONEY, .n = people[i], .value = paid[i]};
		*report_at(t, i, 1) = (struct report_cell){.kind = RC_MONEY, .n = people[i], .value = paid[i] / people[i]};
		*report_at(t, i, 2) = (struct report_cell){.kind = RC_COUNT, .n = people[i]};
	}
	static const struct report_total_col how[] = {{RT_SUM, 0, 0}, {RT_PER, 0, 2}, {RT_NONE, 0, 0}};
	assert_int_equal(report_total_row(&rep, 0, a, "Total", how, true), 0);
	t = &rep.tables[0];
	assert_int_equal(report_at(t, 2, 0)->value, 300000);
	assert_int_equal(report_at(t, 2, 1)->value, 30000);
	assert_int_equal(report_at(t, 2, 1)->n, 10);
	assert_int_equal(report_at(t, 2, 2)->kind, RC_EMPTY);
	arena_free(a);
}

/* Attendance's marks (RT_SUM_MARKS): a month of fewer than 5 people is a
 * hidden share, summed all the same (2 of 2 and 90 of 100: 92 of 102),
 * and rule A then hides the other month (else 92 less 90 tells the 2);
 * months all hidden leave the total hidden (it may be of fewer than 5
 * people too). */
static void
test_total_row_marks(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	static const char *const cols2[] = {"Sessions", "Attended"};
	static const struct report_total_col how[] = {{RT_SUM, 0, 0}, {RT_SUM_MARKS, 0, 0}};
	for (int all_hidden = 0; all_hidden < 2; all_hidden++) {
		struct report rep;
		memset(&rep, 0, sizeof rep);
		struct report_table *t = report_table_new(&rep, a, "by_month", "By month", cols2, 2, 2, false);
		assert_non_null(t);
		t->rows[0] = "2025-01";
		t->rows[1] = "2025-02";
		*report_at(t, 0, 0) = (struct report_cell){.kind = RC_NUMBER, .value = 4};
		*report_at(t, 0, 1) = (struct report_cell){.kind = RC_SHARE, .n = 90, .base = 100, .hidden = all_hidden};
		*report_at(t, 1, 0) = (struct report_cell){.kind = RC_NUMBER, .value = 1};
		*report_at(t, 1, 1) = (struct report_cell){.kind = RC_SHARE, .n = 2, .base = 2, .hidden = true};
		assert_int_equal(report_total_row(&rep, 0, a, "Total", how, false), 0);
		t = &rep.tables[0];
		assert_int_equal(report_at(t, 2, 0)->value, 5);
		assert_int_equal(report_at(t, 2, 1)->kind, RC_SHARE);
		assert_int_equal(report_at(t, 2, 1)->n, 92);
		assert_int_equal(report_at(t, 2, 1)->base, 102);
		report_protect(&rep);
		assert_int_equal(report_cell_shown(report_at(t, 2, 1)), !all_hidden);
		assert_false(report_cell_shown(report_at(t, 0, 1)));
		assert_false(report_cell_shown(report_at(t, 1, 1)));
	}
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_hidden),
		cmocka_unit_test(test_two_hidden_of_4),
		cmocka_unit_test(test_two_hidden_of_5),
		cmocka_unit_test(test_no_other_part),
		cmocka_unit_test(test_rest),
		cmocka_unit_test(test_total_hidden_and_chains),
		cmocka_unit_test(test_complement),
		cmocka_unit_test(test_results_sums),
		cmocka_unit_test(test_total_row),
		cmocka_unit_test(test_total_row_per),
		cmocka_unit_test(test_total_row_marks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
