/*
 * test_store_report_areas.c — what the other areas' reports read
 * (store_report.c), on both engines: Money from the approved runs'
 * statements, Internships by industry and employer (the 100 named and the
 * others summed), Norwegian's steps gained; and the three under every
 * filter of a centre made for it (area_centre()). Attendance is in
 * test_store_report_attendance.c, the programme's periods in
 * test_store_report.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "app/report.h"
#include "domain/access.h"
#include "domain/benefit.h"
#include "store/db.h"
#include "store/store.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })

/* No filter given (what a report's page reads with an empty query). */
static const struct report_filter *
no_filter(void)
{
	static struct report_filter f;
	fields_clear(report_filter_fields, &f);
	return &f;
}

static void
statement(int64_t centre, int64_t run_id, int64_t pid, const char *kind, const char *month,
	  long long gross, long long after)
{
	fx_benefit_statement(centre, run_id, pid, 0, kind, month, gross, 0, after);
}

/* Money: a row per approved run by month, the participants of its
 * statements of the month (not corrections of earlier months), the gross
 * per participant, tax and the overpayment outstanding after; open runs
 * and another centre's are not there; fewer than 5 people are not shown. */
static void
test_money(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_centre(t, "Money here");
	int64_t other = fx_centre(t, "Money elsewhere");
	int64_t p[6];
	for (int i = 0; i < 6; i++)
		p[i] = fx_participant(t, me, "Money", "active", 0);
	int64_t theirs = fx_participant(t, other, "Theirs", "active", 0);
	/* runs are open while their statements are written, then approved */
	int64_t jan = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
			     " VALUES (%lld, '2025-01', 'open', 1000, 1200000, 300000) RETURNING id", (long long)me);
	int64_t feb = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
			     " VALUES (%lld, '2025-02', 'open', 1000, 400000, 100000) RETURNING id", (long long)me);
	int64_t mar = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
			     " VALUES (%lld, '2025-03', 'open', 1000, 999, 99) RETURNING id", (long long)me);
	int64_t their = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
			       " VALUES (%lld, '2025-01', 'open', 1000, 77, 7) RETURNING id", (long long)other);
	for (int i = 0; i < 6; i++)
		statement(me, jan, p[i], "month", "2025-01", 200000, i == 0 ? 50000 : 0);
	statement(me, jan, p[0], "recomputed", "2024-12", 1000, 90000);
	statement(me, feb, p[0], "month", "2025-02", 200000, 20000);
	statement(me, feb, p[1], "month", "2025-02", 200000, 20000);
	statement(me, mar, p[2], "month", "2025-03", 999, 0);
	statement(other, their, theirs, "month", "2025-01", 77, 5);
	fx_run_sql("UPDATE benefit_runs SET state = 'approved' WHERE id IN (%lld, %lld, %lld)", (long long)jan,
	    (long long)feb, (long long)their);

	struct report_area_row *rows;
	size_t n;
	assert_int_equal(store_report_money(t->db, t->a, me, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].label, "2025-01");
	static const struct { int kind; long long n, value; } want[2][5] = {
		{{RC_MONEY, 6, 1200000}, {RC_MONEY, 6, 200000}, {RC_COUNT, 6, 0}, {RC_MONEY, 6, 300000},
		 {RC_MONEY, 6, 50000}},
		{{RC_MONEY, 2, 400000}, {RC_MONEY, 2, 200000}, {RC_COUNT, 2, 0}, {RC_MONEY, 2, 100000},
		 {RC_MONEY, 2, 40000}},
	};
	assert_string_equal(rows[1].label, "2025-02");
	for (size_t r = 0; r < 2; r++)
		for (size_t c = 0; c < 5; c++) {
			assert_int_equal(rows[r].cell[c].kind, want[r][c].kind);
			assert_int_equal(rows[r].cell[c].n, want[r][c].n);
			assert_int_equal(rows[r].cell[c].value, want[r][c].value);
			assert_int_equal(report_cell_shown(&rows[r].cell[c]), r == 0);
		}
	assert_int_equal(store_report_money(t->db, t->a, other, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].cell[0].value, 77);
	assert_int_equal(rows[0].cell[2].n, 1);
	assert_int_equal(rows[0].cell[4].value, 5);
}

/* Internships on 2025-06-01: the placements started (all approved and the
 * start reached, or ended early after the start) by industry and by
 * employer; not started, still negotiating, ended before the start and
 * another centre's are not counted. */
static void
test_internships(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_centre(t, "Internships here");
	int64_t other = fx_centre(t, "Internships elsewhere");
	int64_t pid = fx_participant(t, me, "Intern", "active", 0);
	int64_t theirs = fx_participant(t, other, "Theirs", "active", 0);
	static const struct { int mine; const char *name, *orgnr, *industry; } emp[] = {
		{1, "Bakeri Nord", "900000001", "56"}, {1, "Kafe Sor", "900000002", "56"},
		{1, "Butikk Vest", "900000003", "47"}, {0, "Butikk Annen", "900000004", "47"},
	};
	int64_t e[4];
	for (size_t i = 0; i < 4; i++)
		e[i] = fx_run_sql("INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at, updated_at)"
			      " VALUES (%lld, '%s', '%s', '%s', '%s', 1000, 1000) RETURNING id",
			   (long long)(emp[i].mine ? me : other), emp[i].name, emp[i].name, emp[i].orgnr, emp[i].industry);
	static const struct { int emp; const char *starts, *ends, *phase, *ended, *reason, *result; } pl[] = {
		{0, "'2025-01-01'", "'2025-03-31'", "agreed", "NULL", "NULL", "'hired'"},          /* completed, job */
		{0, "'2025-05-01'", "'2025-08-31'", "agreed", "NULL", "NULL", "NULL"},             /* active */
		{0, "'2025-07-01'", "'2025-09-30'", "agreed", "NULL", "NULL", "NULL"},             /* not started */
		{1, "'2025-02-01'", "'2025-05-31'", "ended_early", "'2025-03-15'", "'got_job'", "NULL"},
		{1, "'2025-04-01'", "'2025-06-30'", "ended_early", "'2025-03-20'", "'other'", "NULL"},   /* before start */
		{1, "'2025-01-01'", "NULL", "negotiating", "NULL", "NULL", "NULL"},
		{2, "'2025-01-01'", "'2025-02-28'", "agreed", "NULL", "NULL", "'not_hired'"},      /* completed */
		{2, "'2025-03-01'", "'2025-05-31'", "ended_early", "'2025-03-10'", "'illness'", "NULL"},
		{3, "'2025-01-01'", "'2025-02-01'", "agreed", "NULL", "NULL", "'hired'"},          /* theirs */
	};
	for (size_t i = 0; i < sizeof pl / sizeof pl[0]; i++)
		fx_run_sql("INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase, ended_on,"
		       " end_reason, result, created_at, updated_at) VALUES (%lld, %lld, %lld, %s, %s, '%s', %s, %s, %s,"
		       " 1000, 1000)", (long long)(pl[i].emp < 3 ? me : other), (long long)(pl[i].emp < 3 ? pid : theirs),
		    (long long)e[pl[i].emp], pl[i].starts, pl[i].ends, pl[i].phase, pl[i].ended, pl[i].reason,
		    pl[i].result);

	struct report_area_row *rows;
	size_t n;
	assert_int_equal(store_report_internships(t->db, t->a, me, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	static const struct { int table; const char *label, *label_nb; long long started, completed, early, job; } want[] = {
		{0, "Retail trade, except of motor vehicles and motorcycles", "Detaljhandel, unntatt med motorvogner",
		 2, 1, 1, 0},
		{0, "Food and beverage service activities", "Serveringsvirksomhet", 3, 1, 1, 2},
		{1, "Bakeri Nord", NULL, 2, 1, 0, 1},
		{1, "Butikk Vest", NULL, 2, 1, 1, 0},
		{1, "Kafe Sor", NULL, 1, 0, 1, 1},
	};
	assert_int_equal(n, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(rows[i].table, want[i].table);
		assert_string_equal(rows[i].label, want[i].label);
		if (want[i].label_nb == NULL)
			assert_null(rows[i].label_nb);
		else
			assert_string_equal(rows[i].label_nb, want[i].label_nb);
		assert_int_equal(rows[i].cell[0].kind, RC_COUNT);
		assert_int_equal(rows[i].cell[0].n, want[i].started);
		assert_int_equal(rows[i].cell[1].n, want[i].completed);
		assert_int_equal(rows[i].cell[2].n, want[i].early);
		assert_int_equal(rows[i].cell[3].kind, RC_SHARE);
		assert_int_equal(rows[i].cell[3].n, want[i].job);
		assert_int_equal(rows[i].cell[3].base, want[i].started);
	}
	/* a day earlier than every start: nothing started */
	assert_int_equal(store_report_internships(t->db, t->a, me, no_filter(), D(2024, 12, 31), &rows, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_report_internships(t->db, t->a, other, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[1].label, "Butikk Annen");
	assert_int_equal(rows[1].cell[0].n, 1);
	assert_int_equal(rows[1].cell[1].n, 1);
	assert_int_equal(rows[1].cell[3].n, 1);
}

/* Norwegian on 2025-06-01: the mean CEFR steps gained per skill and year
 * (the year's last level less the one before it), from the people with
 * two assessments to compare; a later assessment and another centre's
 * are not counted. */
static void
test_norwegian(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_centre(t, "Norwegian here");
	int64_t other = fx_centre(t, "Norwegian elsewhere");
	int64_t p[4];
	for (int i = 0; i < 4; i++)
		p[i] = fx_participant(t, me, "Learner", "active", 0);
	int64_t theirs = fx_participant(t, other, "Theirs", "active", 0);
	static const struct { int who; const char *skill, *level, *on; } as[] = {
		{0, "listening", "A1", "2023-05-10"}, {0, "listening", "A2", "2024-03-10"},
		{0, "listening", "B1", "2024-11-10"}, {0, "listening", "B1", "2025-02-10"},
		{1, "listening", "A2", "2024-01-10"}, {1, "listening", "B1", "2024-06-10"},
		{2, "listening", "B1", "2024-02-10"},
		{2, "reading", "B2", "2024-02-10"}, {2, "reading", "B1", "2024-09-10"},
		{3, "speaking", "A1", "2025-01-10"}, {3, "speaking", "B1", "2025-07-01"},
		{-1, "listening", "A1", "2024-01-10"}, {-1, "listening", "C1", "2024-12-10"},
	};
	for (size_t i = 0; i < sizeof as / sizeof as[0]; i++)
		fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
		       " VALUES (%lld, '%s', '%s', '%s', 1000, %lld)", (long long)(as[i].who < 0 ? theirs : p[as[i].who]),
		    as[i].skill, as[i].level, as[i].on, (long long)(as[i].who < 0 ? other : me));

	struct report_area_row *rows;
	size_t n;
	assert_int_equal(store_report_norwegian(t->db, t->a, me, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 2);
	/* year, then per skill: people (0: empty) and the mean in tenths */
	static const struct { const char *year; long long people[4], tenths[4]; } want[] = {
		{"2024", {2, 1, 0, 0}, {15, -10, 0, 0}},
		{"2025", {1, 0, 0, 0}, {0, 0, 0, 0}},
	};
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(rows[i].label, want[i].year);
		for (size_t k = 0; k < 4; k++) {
			assert_int_equal(rows[i].cell[k].kind, want[i].people[k] ? RC_MEAN : RC_EMPTY);
			assert_int_equal(rows[i].cell[k].n, want[i].people[k]);
			assert_int_equal(rows[i].cell[k].value, want[i].tenths[k]);
		}
	}
	assert_int_equal(store_report_norwegian(t->db, t->a, other, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].label, "2024");
	assert_int_equal(rows[0].cell[0].n, 1);
	assert_int_equal(rows[0].cell[0].value, 40);
}

/* ---- Internships, Norwegian and Money under the filters (decision 83) ---- */

/* The people of a row's cell col (table, label), 0 when the row is not there. */
static int64_t
area_n(const struct report_area_row *rows, size_t n, int table, const char *label, int col)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].table == table && strcmp(rows[i].label, label) == 0)
			return rows[i].cell[col].n;
	return 0;
}

/*
 * A centre of six participants, each filter's answer known by hand:
 *   P0 female Syria  1990-01-01 school 8  kari: 2024-03-01 .. 2025-03-01
 *   P1 female Eritrea 1970-06-01 school 12 omar: 2025-02-01 ..
 *   P2 male   Syria  2002-05-05 school 3  kari: 2025-01-15 ..
 *   P3 male   Somalia 1985-09-09 school 14 -:   2024-06-01 .. 2024-12-20
 *   P4 female Syria  1995-02-02 school -  -:   2023-01-10 .. 2023-06-30, 2025-01-05 ..
 *   P5 female, no programme period (counted only when no filter is given)
 * The age bands at the start: P0 34 (25-34), P1 54 (45+), P2 22 (<25),
 * P3 38 (35-44), P4 27 and 29 (25-34). Today 2025-06-01.
 */
struct area_fx {
	int64_t centre, kari, omar, p[6], e[6], e4b;
};

static void
area_centre(struct fx *t, struct area_fx *x, const char *tag)
{
	char name[64];
	snprintf(name, sizeof name, "Areas filtered %s", tag);
	x->centre = fx_centre(t, name);
	snprintf(name, sizeof name, "%s.kari", tag);
	x->kari = fx_user(t, name, ROLE_BIT(ROLE_CONTACT));
	snprintf(name, sizeof name, "%s.omar", tag);
	x->omar = fx_user(t, name, ROLE_BIT(ROLE_CONTACT));
	static const struct { const char *gender, *country, *birth, *school; int contact; const char *start, *exit; } p[] = {
		{"female", "Syria", "1990-01-01", "8", 1, "2024-03-01", "2025-03-01"},
		{"female", "Eritrea", "1970-06-01", "12", 2, "2025-02-01", NULL},
		{"male", "Syria", "2002-05-05", "3", 1, "2025-01-15", NULL},
		{"male", "Somalia", "1985-09-09", "14", 0, "2024-06-01", "2024-12-20"},
		{"female", "Syria", "1995-02-02", "NULL", 0, "2023-01-10", "2023-06-30"},
		{"female", "Syria", "1980-01-01", "5", 0, NULL, NULL},
	};
	for (int i = 0; i < 6; i++) {
		int64_t contact = p[i].contact == 1 ? x->kari : p[i].contact == 2 ? x->omar : 0;
		x->p[i] = fx_participant(t, x->centre, "Area", "active", contact);
		fx_run_sql("UPDATE participants SET gender = '%s', country_of_birth = '%s', birth_date = '%s',"
		       " schooling_years = %s WHERE id = %lld", p[i].gender, p[i].country, p[i].birth, p[i].school,
		    (long long)x->p[i]);
		if (p[i].start == NULL)
			continue;
		char exit[16];
		snprintf(exit, sizeof exit, p[i].exit ? "'%s'" : "NULL", p[i].exit);
		x->e[i] = fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date,"
				 " outcome, created_at, updated_at, centre_id) VALUES (%lld, '%s', '2027-01-01', '%s', %s, %s,"
				 " 1, 1, %lld) RETURNING id", (long long)x->p[i], p[i].start, p[i].exit ? "exited" : "active",
			      exit, p[i].exit ? "'employed_full'" : "NULL", (long long)x->centre);
	}
	x->e4b = fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at, updated_at,"
			" centre_id) VALUES (%lld, '2025-01-05', '2027-01-01', 'active', 1, 1, %lld) RETURNING id",
		     (long long)x->p[4], (long long)x->centre);
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_facts_verify(t->db, x->centre, &missing, &extra), SC_OK);
	assert_int_equal(missing + extra, 0);
}

/* The filters the area reports are tested under (their index in the
 * tables of the tests below). */
#define AREA_FILTERS 11
static void
area_filters(struct report_filter fs[AREA_FILTERS], const struct area_fx *x)
{
	for (size_t k = 0; k < AREA_FILTERS; k++)
		fields_clear(report_filter_fields, &fs[k]);
	fs[1].gender = "female";
	fs[2].cohort = 2025;
	fs[3].gender = "female";
	fs[3].cohort = 2025;
	fs[4].country = "Syria";
	fs[5].age_band = AGE_25_34;
	fs[6].schooling = SCHOOLING_7_9;
	fs[7].contact_id = x->kari;   /* also a contact person's own caseload */
	fs[8].exit_year = 2024;
	fs[9].from = D(2025, 1, 1);
	fs[9].to = D(2025, 3, 31);
	fs[10].age_band = AGE_45_PLUS;
	fs[10].from = D(2025, 2, 1);
}

/* Internships: each filter narrows the placements by their period (the
 * latest started by the placement's start); one with no period counts
 * only with no filter. */
static void
test_internships_filtered(void **state)
{
	struct fx *t = *state;
	struct area_fx x;
	area_centre(t, &x, "i");
	int64_t e1 = fx_run_sql("INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at, updated_at)"
			    " VALUES (%lld, 'Bakeri', 'bakeri', '910000001', '56', 1000, 1000) RETURNING id",
			 (long long)x.centre);
	int64_t e2 = fx_run_sql("INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at, updated_at)"
			    " VALUES (%lld, 'Butikk', 'butikk', '910000002', '47', 1000, 1000) RETURNING id",
			 (long long)x.centre);
	static const struct { int who, emp; const char *starts, *ends, *phase, *ended, *reason, *result; } pl[] = {
		{0, 1, "2024-05-01", "2024-07-31", "agreed", "NULL", "NULL", "'hired'"},
		{1, 1, "2025-03-01", "2025-05-31", "agreed", "NULL", "NULL", "NULL"},
		{2, 2, "2025-02-01", "2025-06-30", "ended_early", "'2025-03-01'", "'got_job'", "NULL"},
		{3, 2, "2024-07-01", "2024-09-30", "agreed", "NULL", "NULL", "'not_hired'"},
		{4, 1, "2023-02-01", "2023-04-30", "agreed", "NULL", "NULL", "NULL"},   /* the first period */
		{4, 2, "2025-02-01", "2025-12-31", "agreed", "NULL", "NULL", "NULL"},   /* the second, not ended */
		{5, 1, "2025-01-01", "2025-02-28", "agreed", "NULL", "NULL", "NULL"},   /* no period */
	};
	for (size_t i = 0; i < sizeof pl / sizeof pl[0]; i++)
		fx_run_sql("INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase, ended_on,"
		       " end_reason, result, created_at, updated_at) VALUES (%lld, %lld, %lld, '%s', '%s', '%s', %s, %s, %s,"
		       " 1000, 1000)", (long long)x.centre, (long long)x.p[pl[i].who], (long long)(pl[i].emp == 1 ? e1 : e2),
		    pl[i].starts, pl[i].ends, pl[i].phase, pl[i].ended, pl[i].reason, pl[i].result);
	struct report_filter fs[AREA_FILTERS];
	area_filters(fs, &x);
	/* started at Bakeri (56) and Butikk (47); with no filter also the rest */
	static const long long want[AREA_FILTERS][2] = {
		{4, 3}, {3, 1}, {1, 2}, {1, 1}, {2, 2}, {2, 1}, {1, 0}, {1, 1}, {0, 1}, {2, 2}, {1, 0},
	};
	for (size_t k = 0; k < AREA_FILTERS; k++) {
		struct report_area_row *rows;
		size_t n;
		assert_int_equal(store_report_internships(t->db, t->a, x.centre, &fs[k], D(2025, 6, 1), &rows, &n), SC_OK);
		if (area_n(rows, n, 1, "Bakeri", 0) != want[k][0] || area_n(rows, n, 1, "Butikk", 0) != want[k][1])
			fail_msg("filter %zu: Bakeri %lld, Butikk %lld", k, (long long)area_n(rows, n, 1, "Bakeri", 0),
				 (long long)area_n(rows, n, 1, "Butikk", 0));
		/* the industries sum their employers (47 Butikk, 56 Bakeri, by code) */
		assert_int_equal(area_n(rows, n, 0, "Food and beverage service activities", 0), want[k][0]);
		assert_int_equal(area_n(rows, n, 0, "Retail trade, except of motor vehicles and motorcycles", 0),
				 want[k][1]);
		if (want[k][1] > 0 && want[k][0] > 0) {
			assert_int_equal(rows[0].table, 0);
			assert_string_equal(rows[0].label, "Retail trade, except of motor vehicles and motorcycles");
		}
		for (size_t i = 0; i < n; i++)
			assert_true(rows[i].cell[0].n > 0);   /* no empty rows */
	}
	/* every column with no filter, and fewer than 5 not shown */
	struct report_area_row *rows;
	size_t n;
	assert_int_equal(store_report_internships(t->db, t->a, x.centre, &fs[0], D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 4);
	static const struct { int table; const char *label; long long started, completed, early, job; } all[] = {
		{0, "Retail trade, except of motor vehicles and motorcycles", 3, 1, 1, 1},
		{0, "Food and beverage service activities", 4, 4, 0, 1},
		{1, "Bakeri", 4, 4, 0, 1},
		{1, "Butikk", 3, 1, 1, 1},
	};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(rows[i].table, all[i].table);
		assert_string_equal(rows[i].label, all[i].label);
		assert_int_equal(rows[i].cell[0].n, all[i].started);
		assert_int_equal(rows[i].cell[1].n, all[i].completed);
		assert_int_equal(rows[i].cell[2].n, all[i].early);
		assert_int_equal(rows[i].cell[3].n, all[i].job);
		assert_int_equal(rows[i].cell[3].base, all[i].started);
		assert_false(report_cell_shown(&rows[i].cell[0]));
	}
	/* the female cohort of 2025: P1 at Bakeri (completed), P4's second at Butikk (not yet) */
	assert_int_equal(store_report_internships(t->db, t->a, x.centre, &fs[3], D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(area_n(rows, n, 1, "Bakeri", 1), 1);
	assert_int_equal(area_n(rows, n, 1, "Butikk", 1), 0);
	assert_int_equal(area_n(rows, n, 1, "Butikk", 3), 0);
	/* kari's caseload: P0 hired, P2 ended early for a job */
	assert_int_equal(store_report_internships(t->db, t->a, x.centre, &fs[7], D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(area_n(rows, n, 1, "Bakeri", 3), 1);
	assert_int_equal(area_n(rows, n, 1, "Butikk", 2), 1);
	assert_int_equal(area_n(rows, n, 1, "Butikk", 3), 1);
	/* the scheme (decision 85): P0's period on kvp, the others on the
	 * default; the placement of no period counts under neither */
	fx_run_sql("UPDATE enrolments SET scheme = 'kvp' WHERE id = %lld", (long long)x.e[0]);
	struct report_filter fk = fs[0];
	fk.scheme = BENEFIT_KVP;
	assert_int_equal(store_report_internships(t->db, t->a, x.centre, &fk, D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(area_n(rows, n, 1, "Bakeri", 0), 1);
	assert_int_equal(area_n(rows, n, 1, "Butikk", 0), 0);
	fk.scheme = BENEFIT_BERGEN;
	assert_int_equal(store_report_internships(t->db, t->a, x.centre, &fk, D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(area_n(rows, n, 1, "Bakeri", 0), 2);
	assert_int_equal(area_n(rows, n, 1, "Butikk", 0), 3);
}

/* Norwegian: the filters narrow the assessments by their period (one
 * before the first start belongs to the first), the period by their day;
 * the steps are those of what passes. */
static void
test_norwegian_filtered(void **state)
{
	struct fx *t = *state;
	struct area_fx x;
	area_centre(t, &x, "n");
	static const struct { int who; const char *skill, *level, *on; } as[] = {
		{0, "listening", "A1", "2023-11-01"}, {0, "listening", "A2", "2024-05-01"},
		{0, "listening", "B1", "2024-10-01"},
		{1, "listening", "A2", "2025-02-10"}, {1, "listening", "B1", "2025-05-10"},
		{3, "reading", "B1", "2024-06-10"}, {3, "reading", "B2", "2024-11-10"},
		{4, "listening", "A1", "2023-03-01"}, {4, "listening", "A2", "2023-05-01"},
		{4, "listening", "B1", "2025-03-01"},
		{5, "listening", "A1", "2025-01-01"}, {5, "listening", "A2", "2025-04-01"},
	};
	for (size_t i = 0; i < sizeof as / sizeof as[0]; i++)
		fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
		       " VALUES (%lld, '%s', '%s', '%s', 1000, %lld)", (long long)x.p[as[i].who], as[i].skill, as[i].level,
		    as[i].on, (long long)x.centre);
	struct report_filter fs[AREA_FILTERS];
	area_filters(fs, &x);
	fs[9].from = D(2024, 1, 1);   /* P0's run from A2: one step in 2024 */
	fs[9].to = (struct date){0, 0, 0};
	/* per filter, "year:listening people/tenths,reading people/tenths;..." */
	static const char *const want[AREA_FILTERS] = {
		"2023:1/10,0/0;2024:1/20,1/10;2025:3/10,0/0;",   /* P4; P0, P3; P1, P4, P5 */
		"2023:1/10,0/0;2024:1/20,0/0;2025:2/10,0/0;",    /* P5 has no period */
		"2025:1/10,0/0;",                                /* P1; P4's 2025 alone is one assessment */
		"2025:1/10,0/0;",
		"2023:1/10,0/0;2024:1/20,0/0;2025:1/10,0/0;",    /* P0, P4 (both periods) */
		"2023:1/10,0/0;2024:1/20,0/0;2025:1/10,0/0;",    /* P0 at 34, P4 at 27 and 29 */
		"2024:1/20,0/0;",                                /* P0 */
		"2024:1/20,0/0;",                                /* kari: P0 (P2 none) */
		"2024:0/0,1/10;",                                /* P3 */
		"2024:1/10,1/10;2025:2/10,0/0;",                 /* from 2024: P0 A2 to B1, P3; P1, P5 (P4's B1 alone) */
		"2025:1/10,0/0;",                                /* P1 */
	};
	for (size_t k = 0; k < AREA_FILTERS; k++) {
		struct report_area_row *rows;
		size_t n;
		assert_int_equal(store_report_norwegian(t->db, t->a, x.centre, &fs[k], D(2025, 6, 1), &rows, &n), SC_OK);
		char got[256] = "";
		size_t len = 0;
		for (size_t i = 0; i < n; i++)
			len += (size_t)snprintf(got + len, sizeof got - len, "%s:%lld/%lld,%lld/%lld;", rows[i].label,
						(long long)rows[i].cell[0].n, (long long)rows[i].cell[0].value,
						(long long)rows[i].cell[1].n, (long long)rows[i].cell[1].value);
		if (strcmp(got, want[k]) != 0)
			fail_msg("filter %zu: %s, not %s", k, got, want[k]);
	}
}

/* Money: a run's statements of the periods that pass (by the statement's
 * enrolment), per participant; the run's own totals with no filter. */
static void
test_money_filtered(void **state)
{
	struct fx *t = *state;
	struct area_fx x;
	area_centre(t, &x, "m");
	int64_t jan = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
			     " VALUES (%lld, '2025-01', 'open', 1000, 1500000, 190000) RETURNING id",
			  (long long)x.centre);
	int64_t feb = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
			     " VALUES (%lld, '2025-02', 'open', 1000, 300000, 90000) RETURNING id",
			  (long long)x.centre);
	fx_benefit_statement(x.centre, jan, x.p[0], x.e[0], "month", "2025-01", 100000, 30000, 0);
	fx_benefit_statement(x.centre, jan, x.p[1], x.e[1], "month", "2025-01", 200000, 60000, 0);
	fx_benefit_statement(x.centre, jan, x.p[2], x.e[2], "month", "2025-01", 300000, 0, 5000);
	fx_benefit_statement(x.centre, jan, x.p[4], x.e4b, "month", "2025-01", 400000, 100000, 0);
	fx_benefit_statement(x.centre, jan, x.p[5], 0, "month", "2025-01", 500000, 0, 0);
	fx_benefit_statement(x.centre, feb, x.p[0], x.e[0], "month", "2025-02", 100000, 30000, 0);
	fx_benefit_statement(x.centre, feb, x.p[1], x.e[1], "month", "2025-02", 200000, 60000, 0);
	fx_run_sql("UPDATE benefit_runs SET state = 'approved' WHERE id IN (%lld, %lld)", (long long)jan, (long long)feb);
	struct report_filter fs[AREA_FILTERS];
	area_filters(fs, &x);
	fs[9].from = D(2025, 2, 1);
	fs[9].to = (struct date){0, 0, 0};
	/* per filter: "month:gross/per participant/people/tax/after;" */
	static const char *const want[AREA_FILTERS] = {
		"2025-01:1500000/300000/5/190000/5000;2025-02:300000/150000/2/90000/0;",
		"2025-01:700000/233333/3/190000/0;2025-02:300000/150000/2/90000/0;",
		"2025-01:900000/300000/3/160000/5000;2025-02:200000/200000/1/60000/0;",
		"2025-01:600000/300000/2/160000/0;2025-02:200000/200000/1/60000/0;",
		"2025-01:800000/266666/3/130000/5000;2025-02:100000/100000/1/30000/0;",
		"2025-01:500000/250000/2/130000/0;2025-02:100000/100000/1/30000/0;",
		"2025-01:100000/100000/1/30000/0;2025-02:100000/100000/1/30000/0;",
		"2025-01:400000/200000/2/30000/5000;2025-02:100000/100000/1/30000/0;",
		"",
		"2025-02:300000/150000/2/90000/0;",
		"2025-02:200000/200000/1/60000/0;",
	};
	for (size_t k = 0; k < AREA_FILTERS; k++) {
		struct report_area_row *rows;
		size_t n;
		assert_int_equal(store_report_money(t->db, t->a, x.centre, &fs[k], D(2025, 6, 1), &rows, &n), SC_OK);
		char got[512] = "";
		size_t len = 0;
		for (size_t i = 0; i < n; i++)
			len += (size_t)snprintf(got + len, sizeof got - len, "%s:%lld/%lld/%lld/%lld/%lld;", rows[i].label,
						(long long)rows[i].cell[0].value, (long long)rows[i].cell[1].value,
						(long long)rows[i].cell[2].n, (long long)rows[i].cell[3].value,
						(long long)rows[i].cell[4].value);
		if (strcmp(got, want[k]) != 0)
			fail_msg("filter %zu: %s, not %s", k, got, want[k]);
	}
	/* five people are shown, two not */
	struct report_area_row *rows;
	size_t n;
	assert_int_equal(store_report_money(t->db, t->a, x.centre, &fs[0], D(2025, 6, 1), &rows, &n), SC_OK);
	assert_true(report_cell_shown(&rows[0].cell[1]));
	assert_false(report_cell_shown(&rows[1].cell[1]));
}

/* Internships names the 100 employers with the most placements started
 * (then by name) and sums the others in one row. */
static void
test_internships_other_employers(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_centre(t, "Internships of many employers");
	int64_t pid = fx_participant(t, me, "Intern", "active", 0);
	for (int k = 0; k < 102; k++) {
		int64_t e = fx_run_sql("INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at,"
				   " updated_at) VALUES (%lld, '%s%03d', 'e%03d', '92%07d', '56', 1000, 1000) RETURNING id",
				(long long)me, k == 101 ? "Most " : "E", k, k, k);
		for (int i = 0; i < (k == 101 ? 3 : 1); i++)
			fx_run_sql("INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase,"
			       " result, created_at, updated_at) VALUES (%lld, %lld, %lld, '2025-01-01', '2025-02-01', 'agreed',"
			       " %s, 1000, 1000)", (long long)me, (long long)pid, (long long)e, k >= 99 ? "'hired'" : "NULL");
	}
	struct report_area_row *rows;
	size_t n;
	assert_int_equal(store_report_internships(t->db, t->a, me, no_filter(), D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 1 + 101);
	assert_int_equal(rows[0].cell[0].n, 104);   /* the industry: every one */
	assert_string_equal(rows[1].label, "Most 101");
	assert_int_equal(rows[1].cell[0].n, 3);
	assert_string_equal(rows[2].label, "E000");
	assert_string_equal(rows[100].label, "E098");
	assert_string_equal(rows[101].label, "Other employers");
	assert_true(rows[101].label_msgid);
	assert_int_equal(rows[101].table, 1);
	assert_int_equal(rows[101].cell[0].n, 2);   /* E099, E100 */
	assert_int_equal(rows[101].cell[1].n, 2);
	assert_int_equal(rows[101].cell[3].n, 2);
	assert_int_equal(rows[101].cell[3].base, 2);
}

/* The report key under f as the leader lea reads it. */
static void
app_report_of(struct fx *t, const struct actor *lea, const char *key, const struct report_filter *f, struct report *rep)
{
	struct report_filter g = *f;
	struct outcome out;
	int rc = app_report(t->db, t->a, lea, app_report_def(key), &g, rep, &out);
	if (rc != SC_OK)
		fail_msg("%s: %s", key, sc_strerror(rc));
}

/*
 * A benefit scheme that every period of the centre has, or none
 * (decision 130): the centre's span, and each report (but Intake, which
 * refuses a scheme) under it as it reads under the rows. Every period of
 * the centre is on the centre's default (bergen): with another filter of
 * the people bergen counts as that filter alone, and in the reports of
 * periods alone as no filter; in the others alone it still leaves out
 * the assessments of P5, who has no period. kvp leaves nothing. Then one
 * period on kvp: both are read as asked.
 */
static void
test_scheme_of_the_centre(void **state)
{
	struct fx *t = *state;
	struct area_fx x;
	area_centre(t, &x, "scheme");
	int64_t none = fx_centre(t, "No periods at all");
	struct actor lea = fx_leader(fx_user(t, "scheme.lea", ROLE_BIT(ROLE_LEADER)), x.centre, D(2025, 6, 1), 1748736000);
	for (int i = 0; i < 6; i += 5)
		fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
		       " VALUES (%lld, 'reading', 'A1', '2024-09-01', 1000, %lld), (%lld, 'reading', 'B1', '2025-03-01', 1000,"
		       " %lld)", (long long)x.p[i], (long long)x.centre, (long long)x.p[i], (long long)x.centre);
	int span = -1;
	assert_int_equal(store_report_scheme_span(t->db, x.centre, BENEFIT_BERGEN, &span), SC_OK);
	assert_int_equal(span, REPORT_SCHEME_ALL);
	assert_int_equal(store_report_scheme_span(t->db, x.centre, BENEFIT_KVP, &span), SC_OK);
	assert_int_equal(span, REPORT_SCHEME_NONE);
	assert_int_equal(store_report_scheme_span(t->db, none, BENEFIT_KVP, &span), SC_OK);
	assert_int_equal(span, REPORT_SCHEME_ALL);
	assert_int_equal(store_report_scheme_span(t->db, x.centre, -1, &span), SC_EINVAL);
	static const char *const keys[] = {"results", "time-to-work", "caseloads", "attendance", "internships",
					   "norwegian", "money"};
	struct report_filter plain, female, both, alone, kvp, kvp_female;
	fields_clear(report_filter_fields, &plain);
	female = plain;
	female.gender = "female";
	both = female;
	both.scheme = BENEFIT_BERGEN;
	alone = plain;
	alone.scheme = BENEFIT_BERGEN;
	kvp = plain;
	kvp.scheme = BENEFIT_KVP;
	kvp_female = female;
	kvp_female.scheme = BENEFIT_KVP;
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		struct report r1, r2;
		app_report_of(t, &lea, keys[k], &both, &r1);
		app_report_of(t, &lea, keys[k], &female, &r2);
		fx_same_report(&r1, &r2, keys[k]);
		/* and kvp as the rows say it: every cell empty or zero */
		app_report_of(t, &lea, keys[k], &kvp_female, &r1);
		for (size_t i = 0; i < r1.ntables; i++)
			for (size_t c = 0; c < r1.tables[i].nrows * r1.tables[i].ncols; c++)
				if (r1.tables[i].cells[c].n != 0)
					fail_msg("%s under kvp: table %zu cell %zu counts %lld", keys[k], i, c,
						 (long long)r1.tables[i].cells[c].n);
	}
	/* the rows under kvp: nothing passes */
	struct report_area_row *rows;
	size_t n;
	assert_int_equal(store_report_norwegian_rows(t->db, t->a, x.centre, &kvp, D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 0);
	/* bergen alone: in Results as no filter; in Norwegian without P5's steps */
	struct report r1, r2;
	app_report_of(t, &lea, "results", &alone, &r1);
	app_report_of(t, &lea, "results", &plain, &r2);
	fx_same_report(&r1, &r2, "results, bergen alone");
	assert_int_equal(store_report_norwegian_rows(t->db, t->a, x.centre, &alone, D(2025, 6, 1), &rows, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].cell[1].n, 1);   /* P0's reading */
	app_report_of(t, &lea, "norwegian", &alone, &r1);
	assert_int_equal(r1.tables[0].nrows, 1);
	assert_int_equal(r1.tables[0].cells[1].n, 1);
	app_report_of(t, &lea, "norwegian", &plain, &r2);
	assert_int_equal(r2.tables[0].cells[1].n, 2);   /* and P5's */
	/* one period on kvp: both are read as asked */
	fx_run_sql("UPDATE enrolments SET scheme = 'kvp' WHERE id = %lld", (long long)x.e[0]);
	assert_int_equal(store_report_scheme_span(t->db, x.centre, BENEFIT_KVP, &span), SC_OK);
	assert_int_equal(span, REPORT_SCHEME_SOME);
	assert_int_equal(store_report_scheme_span(t->db, x.centre, BENEFIT_BERGEN, &span), SC_OK);
	assert_int_equal(span, REPORT_SCHEME_SOME);
	app_report_of(t, &lea, "results", &kvp_female, &r1);
	assert_int_equal(r1.tables[0].cells[0].n, 1);   /* P0's exit */
	app_report_of(t, &lea, "norwegian", &kvp, &r1);
	assert_int_equal(r1.tables[0].cells[1].n, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_money),
		FX_TEST(test_internships),
		FX_TEST(test_norwegian),
		FX_TEST(test_internships_filtered),
		FX_TEST(test_norwegian_filtered),
		FX_TEST(test_money_filtered),
		FX_TEST(test_internships_other_employers),
		FX_TEST(test_scheme_of_the_centre),
	};
	return fx_run("test_store_report_areas", tests, sizeof tests / sizeof tests[0]);
}
