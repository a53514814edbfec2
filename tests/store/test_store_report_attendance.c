/*
 * test_store_report_attendance.c — Attendance's report (store_report.c),
 * on both engines: its kept counts equal to the marks counted again after
 * each change, and every figure of its tables under seven filters worked
 * out here mark by mark (test_attendance_recount). The other areas'
 * reports are in test_store_report_areas.c.
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
#include "domain/access.h"
#include "domain/benefit.h"
#include "store/db.h"
#include "store/store.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })

/* The id of a built-in activity type. */
static int64_t
builtin_type(struct fx *t, const char *key)
{
	static const char norwegian[] = "SELECT id FROM activity_types WHERE key = 'norwegian'";
	static const char health[] = "SELECT id FROM activity_types WHERE key = 'health_group'";
	struct db_stmt *st = db_prepare(t->db, strcmp(key, "norwegian") == 0 ? norwegian : health);
	assert_non_null(st);
	int rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	assert_true(id > 0);
	return id;
}

/* The row of Attendance's table labelled label on 2025-06-01 under f, or NULL. */
static const struct report_area_row *
att_row(struct fx *t, int64_t centre, const struct report_filter *f, int table, const char *label)
{
	struct report_area_row *rows;
	size_t n;
	int64_t ngroups;
	assert_int_equal(store_report_attendance(t->db, t->a, centre, f, D(2025, 6, 1), &rows, &n, &ngroups), SC_OK);
	for (size_t i = 0; i < n; i++)
		if (rows[i].table == table && strcmp(rows[i].label, label) == 0)
			return &rows[i];
	return NULL;
}

/* The same rows, every cell (n of x, n of y). */
static void
att_same_rows(const struct report_area_row *x, size_t nx, const struct report_area_row *y, size_t ny)
{
	assert_int_equal(nx, ny);
	for (size_t i = 0; i < nx; i++) {
		assert_int_equal(x[i].table, y[i].table);
		assert_string_equal(x[i].label, y[i].label);
		assert_int_equal(x[i].label_msgid, y[i].label_msgid);
		for (int k = 0; k < 4; k++) {
			assert_int_equal(x[i].cell[k].kind, y[i].cell[k].kind);
			assert_int_equal(x[i].cell[k].n, y[i].cell[k].n);
			assert_int_equal(x[i].cell[k].base, y[i].cell[k].base);
			assert_int_equal(x[i].cell[k].value, y[i].cell[k].value);
		}
	}
}

/* Attendance of centre under f and under g on today: the same rows and
 * groups; f's rows in *x (n in *nx). */
static void
att_same_reports(struct fx *t, int64_t centre, const struct report_filter *f, const struct report_filter *g,
		 struct date today, struct report_area_row **x, size_t *nx)
{
	struct report_area_row *y;
	size_t ny;
	int64_t gx = -1, gy = -2;
	assert_int_equal(store_report_attendance(t->db, t->a, centre, f, today, x, nx, &gx), SC_OK);
	assert_int_equal(store_report_attendance(t->db, t->a, centre, g, today, &y, &ny, &gy), SC_OK);
	assert_int_equal(gx, gy);
	att_same_rows(*x, *nx, y, ny);
}

/* Attendance without a filter from its kept counts (migration 42), and
 * under filter which (gender, cohort, exit year) from its counts by class
 * (migration 46), or by a country or band with a gender or none from its
 * counts by dimension (migration 58), and from the kept rows read one by one (a "from" of
 * 0001-01-01 asks the same days, the counts cannot answer it): the same
 * rows, every cell. */
/* The filters of att_counts_same_as() that counted someone (bit which),
 * since last set to 0. */
static unsigned att_filters_counted;

static void
att_counts_same_as(struct fx *t, int64_t centre, struct date to, int which)
{
	struct report_filter f, g;
	fields_clear(report_filter_fields, &f);
	f.to = to;
	f.gender = which == 1 || which == 2 || which == 7 || which == 11 ? "female" : which == 5 || which == 9 ? "male" : "";
	f.cohort = which == 2 || which == 12 || which == 14 ? 2024 : which == 3 || which == 13 ? 2025 : FIELD_NONE;
	f.exit_year = which == 4 ? 2024 : which == 5 ? 0 : FIELD_NONE;
	/* and by a country, an age band or a schooling band, with a gender or none (migration 58) */
	f.country = which == 6 || which == 7 || which == 12 ? "Eritrea" : "";
	f.age_band = which == 8 ? AGE_25_34 : which == 9 || which == 13 ? AGE_45_PLUS : -1;
	f.schooling = which == 10 || which == 14 ? SCHOOLING_0_6 : which == 11 ? SCHOOLING_10_12 : -1;
	/* and each with a cohort (migration 62) */
	if (which == 14)
		f.gender = "female";
	g = f;
	g.from = D(1, 1, 1);
	struct report_area_row *x;
	size_t nx;
	att_same_reports(t, centre, &f, &g, D(2025, 6, 1), &x, &nx);
	if (nx > 0)
		att_filters_counted |= 1u << which;
}

static void
att_counts_same(struct fx *t, int64_t centre, struct date to)
{
	for (int which = 0; which < 15; which++)
		att_counts_same_as(t, centre, to, which);
}

/* Attendance's kept months and sessions (migration 33) and the counts kept
 * from them (migration 42) equal their views, and the report from the
 * counts is the report from the rows (to the end of May, and of April). */
static void
att_kept_exact(struct fx *t, int64_t centre)
{
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_attendance_verify(t->db, centre, &missing, &extra), SC_OK);
	assert_int_equal(missing, 0);
	assert_int_equal(extra, 0);
	att_counts_same(t, centre, (struct date){0, 0, 0});
	att_counts_same(t, centre, D(2025, 4, 30));
}

/* One row of Attendance under filter k: table, label, sessions, attended,
 * unexcused, marks, people. */
struct att_want {
	int k, table;
	const char *label;
	long long sessions, attended, unexcused, marks, people;
};

/* Attendance on 2025-06-01 of twenty participants (twelve women, eight
 * men; cohorts 2024 and 2025 by turns; the first six the contact person's;
 * ten born 1970; a fifth with 5 years of school; a third from Eritrea) in
 * two groups; number 18 in a period of 2023 (ended 2024) in April and one
 * started 2025-05-01 in May, number 19 in none. A cancelled session, a
 * later one, a health group's and another centre's are not counted. The
 * figures under each filter are those counted by hand (a row of fewer than
 * 5 people has its shares hidden, kept whole for the total row). */
static void
test_attendance(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_centre(t, "Attendance here");
	int64_t other = fx_centre(t, "Attendance elsewhere");
	int64_t contact = fx_user(t, "att.contact", ROLE_BIT(ROLE_CONTACT));
	int64_t p[20];
	for (int i = 0; i < 20; i++) {
		p[i] = fx_participant(t, me, "Attender", "active", i < 6 ? contact : 0);
		fx_run_sql("UPDATE participants SET gender = '%s', country_of_birth = '%s', birth_date = '%s',"
		    " schooling_years = %d WHERE id = %lld", i < 12 ? "female" : "male", i % 3 == 0 ? "Eritrea" : "Syria",
		    i < 10 ? "1990-05-01" : "1970-01-01", i % 5 == 0 ? 5 : 12, (long long)p[i]);
		if (i < 18)
			fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at,"
			    " updated_at, centre_id) VALUES (%lld, '%s', '2026-12-31', 'active', 1, 1, %lld)",
			    (long long)p[i], i % 2 == 0 ? "2024-03-01" : "2025-01-10", (long long)me);
	}
	fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date, outcome,"
	    " created_at, updated_at, centre_id) VALUES (%lld, '2023-02-01', '2024-01-31', 'exited', '2024-01-31',"
	    " 'moved', 1, 1, %lld)", (long long)p[18], (long long)me);
	fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at, updated_at,"
	    " centre_id) VALUES (%lld, '2025-05-01', '2026-12-31', 'active', 1, 1, %lld)", (long long)p[18],
	    (long long)me);
	int64_t theirs = fx_participant(t, other, "Theirs", "active", 0);
	int64_t norwegian = builtin_type(t, "norwegian"), health = builtin_type(t, "health_group");
	int64_t own = fx_run_sql("INSERT INTO activity_types (centre_id, name, kind, created_at, updated_at) VALUES (%lld,"
			     " 'Sykkelkurs', 'thematic', 1000, 1000) RETURNING id", (long long)me);
	static const struct { int mine; int type; const char *name; } grp[] = {
		{1, 0, "Norsk A"}, {1, 1, "Sykkel"}, {1, 2, "Helse"}, {0, 0, "Norsk annen"},
	};
	int64_t types[3] = {norwegian, own, health};
	int64_t g[4];
	for (size_t i = 0; i < 4; i++)
		g[i] = fx_run_sql("INSERT INTO activity_groups (centre_id, activity_type_id, name, capacity, starts_on, ends_on,"
			      " created_at, updated_at) VALUES (%lld, %lld, '%s', 12, '2025-01-01', '2025-12-31', 1000, 1000)"
			      " RETURNING id", (long long)(grp[i].mine ? me : other), (long long)types[grp[i].type],
			   grp[i].name);
	static const struct { int group; const char *on, *status; } ses[] = {
		{0, "2025-04-07", "planned"}, {0, "2025-05-05", "planned"}, {0, "2025-05-12", "cancelled"},
		{0, "2025-06-02", "planned"}, {1, "2025-05-06", "planned"}, {2, "2025-05-07", "planned"},
		{3, "2025-05-05", "planned"},
	};
	int64_t sid[7];
	for (size_t i = 0; i < 7; i++)
		sid[i] = fx_run_sql("INSERT INTO activity_sessions (centre_id, group_id, on_date, start_min, end_min, status)"
				" VALUES (%lld, %lld, '%s', 540, 660, '%s') RETURNING id",
			     (long long)(ses[i].group < 3 ? me : other), (long long)g[ses[i].group], ses[i].on,
			     ses[i].status);
	static const char *const april[] = {"'absent', 'unexcused'", "'late', NULL", "'present', NULL",
					    "'absent', 'sick_self'"};
	for (int i = 0; i < 20; i++) {
		/* Norsk A in April and May; the cancelled, the later and the health group's all */
		const char *may = i % 3 == 0 ? "'absent', 'unexcused'" : "'present', NULL";
		const char *bike = i % 2 ? "'present', NULL" : "'absent', 'unexcused'";
		const char *mark[6] = {april[i % 4], may, "'absent', 'unexcused'", "'present', NULL",
				       i < 6 ? bike : NULL, "'present', NULL"};
		for (int k = 0; k < 6; k++)
			if (mark[k] != NULL)
				fx_run_sql("INSERT INTO attendance (session_id, participant_id, centre_id, mark, absence)"
				       " VALUES (%lld, %lld, %lld, %s)", (long long)sid[k], (long long)p[i], (long long)me,
				    mark[k]);
	}
	fx_run_sql("INSERT INTO attendance (session_id, participant_id, centre_id, mark) VALUES (%lld, %lld, %lld,"
	    " 'present')", (long long)sid[6], (long long)theirs, (long long)other);
	/* a group marked only after the last month asked (and after today):
	 * in no figure, its row taken away whole from the kept sums
	 * (migration 55) */
	int64_t summer = fx_run_sql("INSERT INTO activity_groups (centre_id, activity_type_id, name, capacity, starts_on,"
				    " ends_on, created_at, updated_at) VALUES (%lld, %lld, 'Sommer', 12, '2025-06-01',"
				    " '2025-08-31', 1000, 1000) RETURNING id", (long long)me, (long long)norwegian);
	int64_t summer_session = fx_run_sql("INSERT INTO activity_sessions (centre_id, group_id, on_date, start_min, end_min,"
					    " status) VALUES (%lld, %lld, '2025-06-03', 540, 660, 'planned') RETURNING id",
					 (long long)me, (long long)summer);
	for (int i = 0; i < 3; i++)
		fx_run_sql("INSERT INTO attendance (session_id, participant_id, centre_id, mark) VALUES (%lld, %lld, %lld,"
		    " 'present')", (long long)summer_session, (long long)p[i], (long long)me);
	/* its count of marks, as the register's save keeps it */
	fx_run_sql("UPDATE activity_sessions SET marks = 3 WHERE id = %lld", (long long)summer_session);

	struct report_filter fs[14];
	for (size_t k = 0; k < 14; k++)
		fields_clear(report_filter_fields, &fs[k]);
	fs[1].gender = "female";
	fs[2].gender = "female";
	fs[2].cohort = 2024;
	fs[3].cohort = 2023;
	fs[4].cohort = 2025;
	fs[5].exit_year = 2024;
	fs[6].contact_id = contact;
	fs[7].age_band = AGE_45_PLUS;
	fs[8].schooling = SCHOOLING_0_6;
	fs[9].country = "Eritrea";
	fs[10].from = D(2025, 5, 1);
	fs[10].to = D(2025, 5, 31);
	fs[11].to = D(2025, 4, 30);
	fs[12].from = D(2025, 4, 7);   /* parts of two months, counted by day */
	fs[12].to = D(2025, 5, 5);
	fs[13].to = D(2025, 6, 30);    /* not after today */
	static const struct att_want want[] = {
		{0, 0, "Norsk A", 2, 23, 12, 40, 20},
		{0, 0, "Sykkel", 1, 3, 3, 6, 6},
		{0, 1, "Norwegian class", 2, 23, 12, 40, 20},
		{0, 1, "Sykkelkurs", 1, 3, 3, 6, 6},
		{0, 2, "2025-04", 1, 10, 5, 20, 20},
		{0, 2, "2025-05", 2, 16, 10, 26, 20},
		{1, 0, "Norsk A", 2, 14, 7, 24, 12},
		{1, 0, "Sykkel", 1, 3, 3, 6, 6},
		{1, 1, "Norwegian class", 2, 14, 7, 24, 12},
		{1, 1, "Sykkelkurs", 1, 3, 3, 6, 6},
		{1, 2, "2025-04", 1, 6, 3, 12, 12},
		{1, 2, "2025-05", 2, 11, 7, 18, 12},
		{2, 0, "Norsk A", 2, 7, 5, 12, 6},
		{2, 0, "Sykkel", 1, 0, 3, 3, 3},
		{2, 1, "Norwegian class", 2, 7, 5, 12, 6},
		{2, 1, "Sykkelkurs", 1, 0, 3, 3, 3},
		{2, 2, "2025-04", 1, 3, 3, 6, 6},
		{2, 2, "2025-05", 2, 4, 5, 9, 6},
		{3, 0, "Norsk A", 1, 1, 0, 1, 1},
		{3, 1, "Norwegian class", 1, 1, 0, 1, 1},
		{3, 2, "2025-04", 1, 1, 0, 1, 1},
		{4, 0, "Norsk A", 2, 11, 4, 19, 10},
		{4, 0, "Sykkel", 1, 3, 0, 3, 3},
		{4, 1, "Norwegian class", 2, 11, 4, 19, 10},
		{4, 1, "Sykkelkurs", 1, 3, 0, 3, 3},
		{4, 2, "2025-04", 1, 5, 0, 9, 9},
		{4, 2, "2025-05", 2, 9, 4, 13, 10},
		{5, 0, "Norsk A", 1, 1, 0, 1, 1},
		{5, 1, "Norwegian class", 1, 1, 0, 1, 1},
		{5, 2, "2025-04", 1, 1, 0, 1, 1},
		{6, 0, "Norsk A", 2, 7, 4, 12, 6},
		{6, 0, "Sykkel", 1, 3, 3, 6, 6},
		{6, 1, "Norwegian class", 2, 7, 4, 12, 6},
		{6, 1, "Sykkelkurs", 1, 3, 3, 6, 6},
		{6, 2, "2025-04", 1, 3, 2, 6, 6},
		{6, 2, "2025-05", 2, 7, 5, 12, 6},
		{7, 0, "Norsk A", 2, 11, 5, 18, 9},
		{7, 1, "Norwegian class", 2, 11, 5, 18, 9},
		{7, 2, "2025-04", 1, 5, 2, 9, 9},
		{7, 2, "2025-05", 1, 6, 3, 9, 9},
		{8, 0, "Norsk A", 2, 4, 3, 8, 4},
		{8, 0, "Sykkel", 1, 1, 1, 2, 2},
		{8, 1, "Norwegian class", 2, 4, 3, 8, 4},
		{8, 1, "Sykkelkurs", 1, 1, 1, 2, 2},
		{8, 2, "2025-04", 1, 2, 1, 4, 4},
		{8, 2, "2025-05", 2, 3, 3, 6, 4},
		{9, 0, "Norsk A", 2, 3, 9, 14, 7},
		{9, 0, "Sykkel", 1, 1, 1, 2, 2},
		{9, 1, "Norwegian class", 2, 3, 9, 14, 7},
		{9, 1, "Sykkelkurs", 1, 1, 1, 2, 2},
		{9, 2, "2025-04", 1, 3, 2, 7, 7},
		{9, 2, "2025-05", 2, 1, 8, 9, 7},
		{10, 0, "Norsk A", 1, 13, 7, 20, 20},
		{10, 0, "Sykkel", 1, 3, 3, 6, 6},
		{10, 1, "Norwegian class", 1, 13, 7, 20, 20},
		{10, 1, "Sykkelkurs", 1, 3, 3, 6, 6},
		{10, 2, "2025-05", 2, 16, 10, 26, 20},
		{11, 0, "Norsk A", 1, 10, 5, 20, 20},
		{11, 1, "Norwegian class", 1, 10, 5, 20, 20},
		{11, 2, "2025-04", 1, 10, 5, 20, 20},
		{12, 0, "Norsk A", 2, 23, 12, 40, 20},
		{12, 1, "Norwegian class", 2, 23, 12, 40, 20},
		{12, 2, "2025-04", 1, 10, 5, 20, 20},
		{12, 2, "2025-05", 1, 13, 7, 20, 20},
		{13, 0, "Norsk A", 2, 23, 12, 40, 20},
		{13, 0, "Sykkel", 1, 3, 3, 6, 6},
		{13, 1, "Norwegian class", 2, 23, 12, 40, 20},
		{13, 1, "Sykkelkurs", 1, 3, 3, 6, 6},
		{13, 2, "2025-04", 1, 10, 5, 20, 20},
		{13, 2, "2025-05", 2, 16, 10, 26, 20},
	};
	size_t w = 0;
	for (int k = 0; k < 14; k++) {
		struct report_area_row *rows;
		size_t n;
		int64_t ngroups = -1;
		assert_int_equal(store_report_attendance(t->db, t->a, me, &fs[k], D(2025, 6, 1), &rows, &n, &ngroups),
				 SC_OK);
		size_t first = w;
		while (w < sizeof want / sizeof want[0] && want[w].k == k)
			w++;
		assert_int_equal(n, w - first);
		int64_t groups = 0;
		for (size_t i = 0; i < n; i++) {
			const struct att_want *x = &want[first + i];
			groups += x->table == 0;
			assert_int_equal(rows[i].table, x->table);
			assert_string_equal(rows[i].label, x->label);
			assert_int_equal(rows[i].label_msgid, strcmp(x->label, "Norwegian class") == 0);
			assert_int_equal(rows[i].cell[0].kind, RC_NUMBER);
			assert_int_equal(rows[i].cell[0].value, x->sessions);
			assert_int_equal(rows[i].cell[3].kind, RC_COUNT);
			assert_int_equal(rows[i].cell[3].n, x->people);
			/* the shares of fewer than 5 people are hidden, and kept whole
			 * for the total row's sums */
			assert_int_equal(rows[i].cell[1].hidden, x->people < 5);
			assert_int_equal(rows[i].cell[2].hidden, x->people < 5);
			assert_int_equal(rows[i].cell[1].kind, RC_SHARE);
			assert_int_equal(rows[i].cell[1].n, x->attended);
			assert_int_equal(rows[i].cell[1].base, x->marks);
			assert_int_equal(rows[i].cell[2].kind, RC_SHARE);
			assert_int_equal(rows[i].cell[2].n, x->unexcused);
			assert_int_equal(rows[i].cell[2].base, x->marks);
		}
		assert_int_equal(ngroups, groups);
	}
	assert_int_equal(w, sizeof want / sizeof want[0]);
	/* asked up to a day from today on (10 June, no session after it
	 * marked), June from its kept rows: the figures of June's days up to
	 * today read by day (to 9 June), the summer group's 3 marks of 3 June
	 * in both; with and without a filter of people, and from a day of
	 * June (its days read by day up to today either way) */
	for (int k = 0; k < 3; k++) {
		struct report_filter kept_june, by_day;
		fields_clear(report_filter_fields, &kept_june);
		kept_june.to = D(2025, 6, 30);
		kept_june.gender = k == 1 ? "female" : "";
		if (k == 2)
			kept_june.from = D(2025, 6, 2);
		by_day = kept_june;
		by_day.to = D(2025, 6, 9);
		struct report_area_row *r1;
		size_t n1;
		att_same_reports(t, me, &kept_june, &by_day, D(2025, 6, 10), &r1, &n1);
		bool summer_seen = false;
		for (size_t i = 0; i < n1; i++) {
			if (r1[i].table == 0 && strcmp(r1[i].label, "Sommer") == 0) {
				summer_seen = true;
				assert_int_equal(r1[i].cell[0].value, 1);   /* one session */
				assert_int_equal(r1[i].cell[3].n, 3);   /* numbers 0, 1 and 2, women */
			}
		}
		assert_true(summer_seen);
	}
	/* the kept months follow every write, and so do the figures; every
	 * filter compared counts someone here, so that no comparison is of two
	 * empty reports only */
	att_filters_counted = 0;
	att_kept_exact(t, me);
	assert_int_equal(att_filters_counted, (1u << 15) - 1);
	att_kept_exact(t, other);
	const struct report_area_row *x = att_row(t, me, &fs[0], 0, "Norsk A");
	assert_int_equal(x->cell[1].n, 23);
	assert_int_equal(x->cell[2].n, 12);
	/* a mark changed from late to absent unexcused (number 1 in April) */
	fx_run_sql("UPDATE attendance SET mark = 'absent', absence = 'unexcused' WHERE session_id = %lld"
	    " AND participant_id = %lld", (long long)sid[0], (long long)p[1]);
	att_kept_exact(t, me);
	x = att_row(t, me, &fs[0], 0, "Norsk A");
	assert_int_equal(x->cell[1].n, 22);
	assert_int_equal(x->cell[2].n, 13);
	assert_int_equal(x->cell[1].base, 40);
	/* number 0 now a man and number 1 of the cohort 2024: women of 2024 are 1, 2, 4, 6, 8, 10 */
	x = att_row(t, me, &fs[1], 0, "Norsk A");
	assert_int_equal(x->cell[3].n, 12);
	fx_run_sql("UPDATE participants SET gender = 'male' WHERE id = %lld", (long long)p[0]);
	fx_run_sql("UPDATE enrolments SET start_date = '2024-01-10' WHERE participant_id = %lld", (long long)p[1]);
	att_kept_exact(t, me);
	x = att_row(t, me, &fs[1], 0, "Norsk A");
	assert_int_equal(x->cell[3].n, 11);
	x = att_row(t, me, &fs[2], 0, "Norsk A");
	assert_int_equal(x->cell[3].n, 6);
	assert_int_equal(x->cell[1].base, 12);
	assert_int_equal(x->cell[1].n, 8);   /* April 2, 6, 10 present (1 now absent); May all but 6 */
	/* number 3 born in 1970 (45 and over), number 4 from Eritrea, number 6 with
	 * 5 years of school: each counted by their new dimension, not the old */
	fx_run_sql("UPDATE participants SET birth_date = '1970-01-01' WHERE id = %lld", (long long)p[3]);
	fx_run_sql("UPDATE participants SET country_of_birth = 'Eritrea' WHERE id = %lld", (long long)p[4]);
	fx_run_sql("UPDATE participants SET schooling_years = 5 WHERE id = %lld", (long long)p[6]);
	att_kept_exact(t, me);
	assert_int_equal(att_row(t, me, &fs[7], 0, "Norsk A")->cell[3].n, 10);
	assert_int_equal(att_row(t, me, &fs[8], 0, "Norsk A")->cell[3].n, 5);
	assert_int_equal(att_row(t, me, &fs[9], 0, "Norsk A")->cell[3].n, 8);
	/* the scheme (decision 85): the periods of 2024 on kvp, so that women on
	 * kvp are the women of the cohort 2024 */
	fx_run_sql("UPDATE enrolments SET scheme = 'kvp' WHERE centre_id = %lld AND start_date LIKE '2024-%%'", (long long)me);
	struct report_filter fk = fs[1];
	fk.scheme = BENEFIT_KVP;
	x = att_row(t, me, &fk, 0, "Norsk A");
	assert_int_equal(x->cell[3].n, 6);
	assert_int_equal(x->cell[1].base, 12);
	assert_int_equal(x->cell[1].n, 8);
	fk.scheme = BENEFIT_BERGEN;
	x = att_row(t, me, &fk, 0, "Norsk A");
	assert_int_equal(x->cell[3].n, 5);   /* the other women: 11 less 6 */
	fx_run_sql("UPDATE enrolments SET scheme = NULL WHERE centre_id = %lld", (long long)me);
	/* the bike session cancelled: no Sykkel; May has one session */
	fx_run_sql("UPDATE activity_sessions SET status = 'cancelled' WHERE id = %lld", (long long)sid[4]);
	att_kept_exact(t, me);
	assert_null(att_row(t, me, &fs[0], 0, "Sykkel"));
	assert_int_equal(att_row(t, me, &fs[0], 2, "2025-05")->cell[0].value, 1);
	/* May's Norsk session moved to April: April has two sessions, May none */
	fx_run_sql("UPDATE activity_sessions SET on_date = '2025-04-28' WHERE id = %lld", (long long)sid[1]);
	att_kept_exact(t, me);
	assert_null(att_row(t, me, &fs[0], 2, "2025-05"));
	x = att_row(t, me, &fs[0], 2, "2025-04");
	assert_int_equal(x->cell[0].value, 2);
	assert_int_equal(x->cell[1].base, 40);
	assert_int_equal(x->cell[3].n, 20);
	/* a mark deleted (number 19 in April's first): 39 marks, 19 and 20 people */
	fx_run_sql("DELETE FROM attendance WHERE session_id = %lld AND participant_id = %lld", (long long)sid[0],
	    (long long)p[19]);
	att_kept_exact(t, me);
	x = att_row(t, me, &fs[0], 0, "Norsk A");
	assert_int_equal(x->cell[1].base, 39);
	assert_int_equal(x->cell[3].n, 20);
	/* repairs in SQL: a mark moved to the bike group's cancelled session and back to
	 * planned; the Norsk group given the centre's own type */
	fx_run_sql("UPDATE attendance SET session_id = %lld WHERE session_id = %lld AND participant_id = %lld",
	    (long long)sid[4], (long long)sid[0], (long long)p[19 - 1]);
	att_kept_exact(t, me);
	fx_run_sql("UPDATE activity_sessions SET status = 'planned' WHERE id = %lld", (long long)sid[4]);
	att_kept_exact(t, me);
	assert_int_equal(att_row(t, me, &fs[0], 0, "Sykkel")->cell[1].base, 7);
	fx_run_sql("UPDATE activity_groups SET activity_type_id = %lld WHERE id = %lld", (long long)own, (long long)g[0]);
	att_kept_exact(t, me);
	assert_null(att_row(t, me, &fs[0], 1, "Norwegian class"));
	x = att_row(t, me, &fs[0], 1, "Sykkelkurs");
	assert_int_equal(x->cell[1].base, 38 + 7);
	assert_int_equal(x->cell[3].n, 20);
	/* the bike group made a health group (its people and marks not counted,
	 * the month's people without those only in it) and the centre's own again */
	fx_run_sql("UPDATE activity_groups SET activity_type_id = %lld WHERE id = %lld", (long long)health, (long long)g[1]);
	att_kept_exact(t, me);
	assert_null(att_row(t, me, &fs[0], 0, "Sykkel"));
	x = att_row(t, me, &fs[0], 1, "Sykkelkurs");
	assert_int_equal(x->cell[1].base, 38);
	fx_run_sql("UPDATE activity_groups SET activity_type_id = %lld WHERE id = %lld", (long long)own, (long long)g[1]);
	att_kept_exact(t, me);
	/* a participant's every mark of a month deleted: their first month moves on */
	fx_run_sql("DELETE FROM attendance WHERE participant_id = %lld AND session_id IN (SELECT id FROM activity_sessions"
	    " WHERE on_date LIKE '2025-04-%%')", (long long)p[2]);
	att_kept_exact(t, me);
	fx_run_sql("INSERT INTO attendance (session_id, participant_id, centre_id, mark) VALUES (%lld, %lld, %lld,"
	    " 'present')", (long long)sid[0], (long long)p[2], (long long)me);
	att_kept_exact(t, me);
	/* a kept row changed by hand is found, and made again from the view */
	fx_run_sql("UPDATE attendance_months SET marks = marks + 1 WHERE centre_id = %lld AND participant_id = %lld",
	    (long long)me, (long long)p[3]);
	int64_t missing = 0, extra = 0;
	assert_int_equal(store_report_attendance_verify(t->db, me, &missing, &extra), SC_OK);
	assert_true(missing > 0 && extra > 0);
	fx_run_sql("DELETE FROM attendance_months WHERE centre_id = %lld", (long long)me);
	fx_run_sql("INSERT INTO attendance_months SELECT * FROM attendance_months_source WHERE centre_id = %lld",
	    (long long)me);
	att_kept_exact(t, me);
	/* a session deleted with its marks */
	fx_run_sql("DELETE FROM attendance WHERE session_id = %lld", (long long)sid[4]);
	fx_run_sql("DELETE FROM activity_sessions WHERE id = %lld", (long long)sid[4]);
	att_kept_exact(t, me);
	assert_null(att_row(t, me, &fs[0], 0, "Sykkel"));

	/* another centre's: its one mark */
	struct report_area_row *rows;
	size_t n;
	int64_t ngroups;
	assert_int_equal(store_report_attendance(t->db, t->a, other, &fs[0], D(2025, 6, 1), &rows, &n, &ngroups),
			 SC_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].label, "Norsk annen");
	assert_int_equal(rows[0].cell[3].n, 1);
}

/* Attendance recounted from scratch (decision 86): twenty participants
 * (women the even ones; cohorts 2024 and 2025, five moving to a period of
 * 2025 in May, one in none) marked in 230 groups of three types (one of
 * them health-only) in April, May and June, with a cancelled session and
 * extra sessions, each figure of each table under seven filters worked out
 * here mark by mark: every group's, type's and month's sessions, marks and
 * distinct people, and the 200 groups listed when more have marks. */
enum { RC_PEOPLE = 20, RC_GROUPS = 230, RC_KINDS = 6 };
static const struct { const char *day; int month; bool planned; } rc_kind[RC_KINDS] = {
	{"2025-04-22", 4, true}, {"2025-05-13", 5, true}, {"2025-05-20", 5, false},
	{"2025-06-03", 6, true}, {"2025-05-27", 5, true}, {"2025-04-08", 4, true},
};

static bool
rc_session(int g, int k)
{
	return k == 4 ? g % 11 == 0 : k == 5 ? g % 4 == 0 : k == 2 ? g % 7 == 0 : true;
}

static bool
rc_marked(int i, int g, int k)
{
	if (!rc_session(g, k))
		return false;
	return k == 4 ? (i + g) % 4 == 0 : k == 5 ? (i + g) % 3 == 0 : (i * 7 + g * 3 + k * 5) % 11 < 6;
}

/* 0 present, 1 late, 2 absent unexcused, 3 absent ill */
static int
rc_mark(int i, int g, int k)
{
	return (i + 2 * g + k) % 4;
}

/* 0 Norwegian, 1 the centre's own, 2 health-only */
static int
rc_type(int g)
{
	return g % 10 == 9 ? 2 : g % 3 == 0 ? 1 : 0;
}

/* the start year of participant i's period in month (4, 5), 0 for none */
static int
rc_cohort(int i, int month)
{
	if (i == 19)
		return 0;
	if (i % 5 == 1 && month >= 5)
		return 2025;
	return i % 3 == 0 ? 2025 : 2024;
}

struct rc_want {
	long long sessions, marks, attended, unexcused, people;
};

static void
rc_check_row(const struct report_area_row *r, int table, const char *label, const struct rc_want *w)
{
	assert_int_equal(r->table, table);
	assert_string_equal(r->label, label);
	assert_int_equal(r->cell[0].value, w->sessions);
	assert_int_equal(r->cell[3].kind, RC_COUNT);
	assert_int_equal(r->cell[3].n, w->people);
	/* hidden under 5 people, the shares kept for the total row */
	assert_int_equal(r->cell[1].hidden, w->people < 5);
	assert_int_equal(r->cell[2].hidden, w->people < 5);
	assert_int_equal(r->cell[1].kind, RC_SHARE);
	assert_int_equal(r->cell[1].n, w->attended);
	assert_int_equal(r->cell[1].base, w->marks);
	assert_int_equal(r->cell[2].n, w->unexcused);
	assert_int_equal(r->cell[2].base, w->marks);
}

static int64_t rc_group_id[RC_GROUPS];
static struct rc_want rc_group_want[RC_GROUPS];

/* the lower rate first, then the group's id (the report's order) */
static int
rc_rate_cmp(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	long long l = rc_group_want[a].attended * rc_group_want[b].marks;
	long long r = rc_group_want[b].attended * rc_group_want[a].marks;
	if (l != r)
		return l < r ? -1 : 1;
	return rc_group_id[a] < rc_group_id[b] ? -1 : rc_group_id[a] > rc_group_id[b];
}

static void
test_attendance_recount(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_centre(t, "Attendance recounted");
	int64_t p[RC_PEOPLE];
	for (int i = 0; i < RC_PEOPLE; i++) {
		p[i] = fx_participant(t, me, "Recounted", "active", 0);
		fx_run_sql("UPDATE participants SET gender = '%s' WHERE id = %lld", i % 2 == 0 ? "female" : "male",
		    (long long)p[i]);
		if (i == 19)
			continue;
		const char *start = i % 3 == 0 ? "2025-01-10" : "2024-03-01";
		if (i % 5 == 1) {
			fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date, outcome,"
			    " created_at, updated_at, centre_id) VALUES (%lld, '%s', '2025-04-30', 'exited', '2025-04-30',"
			    " 'moved', 1, 1, %lld)", (long long)p[i], start, (long long)me);
			start = "2025-05-01";
		}
		fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at, updated_at,"
		    " centre_id) VALUES (%lld, '%s', '2026-12-31', 'active', 1, 1, %lld)", (long long)p[i], start,
		    (long long)me);
	}
	int64_t types[3] = {builtin_type(t, "norwegian"), 0, builtin_type(t, "health_group")};
	types[1] = fx_run_sql("INSERT INTO activity_types (centre_id, name, kind, created_at, updated_at) VALUES (%lld,"
			  " 'Egen type', 'thematic', 1000, 1000) RETURNING id", (long long)me);
	size_t cap = 2 << 20, len = 0;
	char *sql = malloc(cap);
	assert_non_null(sql);
	len = (size_t)snprintf(sql, cap, "INSERT INTO activity_groups (centre_id, activity_type_id, name, capacity,"
				   " starts_on, ends_on, created_at, updated_at) VALUES");
	for (int g = 0; g < RC_GROUPS; g++)
		len += (size_t)snprintf(sql + len, cap - len, "%s (%lld, %lld, 'G%03d', 25, '2025-01-01', '2025-12-31', 1, 1)",
					g ? "," : "", (long long)me, (long long)types[rc_type(g)], g);
	fx_exec(sql);
	static const char groups_sql[] = "SELECT id FROM activity_groups WHERE centre_id = $1 ORDER BY name";
	struct db_stmt *st = db_prepare(t->db, groups_sql);
	assert_non_null(st);
	db_bind_int(st, 1, me);
	for (int g = 0; g < RC_GROUPS; g++) {
		assert_int_equal(db_step(st), DB_ROW);
		rc_group_id[g] = db_col_int(st, 0);
	}
	db_done(st);
	len = (size_t)snprintf(sql, cap, "INSERT INTO activity_sessions (centre_id, group_id, on_date, start_min,"
				   " end_min, status) VALUES");
	for (int g = 0; g < RC_GROUPS; g++)
		for (int k = 0; k < RC_KINDS; k++)
			if (rc_session(g, k))
				len += (size_t)snprintf(sql + len, cap - len, "%s (%lld, %lld, '%s', 540, 660, '%s')",
							g || k ? "," : "", (long long)me, (long long)rc_group_id[g],
							rc_kind[k].day, rc_kind[k].planned ? "planned" : "cancelled");
	fx_exec(sql);
	static int64_t sid[RC_GROUPS][RC_KINDS];
	static const char sessions_sql[] = "SELECT id, group_id, on_date FROM activity_sessions WHERE centre_id = $1";
	st = db_prepare(t->db, sessions_sql);
	assert_non_null(st);
	db_bind_int(st, 1, me);
	while (db_step(st) == DB_ROW)
		for (int g = 0; g < RC_GROUPS; g++)
			for (int k = 0; k < RC_KINDS; k++)
				if (rc_group_id[g] == db_col_int(st, 1) && strcmp(rc_kind[k].day, db_col_text(st, 2)) == 0)
					sid[g][k] = db_col_int(st, 0);
	db_done(st);
	static const char *const mark_sql[] = {"'present', NULL", "'late', NULL", "'absent', 'unexcused'",
					       "'absent', 'sick_self'"};
	len = (size_t)snprintf(sql, cap, "INSERT INTO attendance (session_id, participant_id, centre_id, mark, absence)"
				   " VALUES");
	bool first = true;
	for (int g = 0; g < RC_GROUPS; g++)
		for (int k = 0; k < RC_KINDS; k++)
			for (int i = 0; i < RC_PEOPLE; i++)
				if (rc_marked(i, g, k)) {
					assert_true(sid[g][k] > 0);
					len += (size_t)snprintf(sql + len, cap - len, "%s (%lld, %lld, %lld, %s)",
								first ? "" : ",", (long long)sid[g][k], (long long)p[i],
								(long long)me, mark_sql[rc_mark(i, g, k)]);
					first = false;
				}
	assert_true(len < cap - 1);
	fx_exec(sql);
	free(sql);

	/* the filters: none, women, the cohort 2025, men of 2024, May, from
	 * 2025-04-15 (April by day), the cohort 2025 to 2025-05-20 (May by day) */
	struct report_filter fs[7];
	for (size_t k = 0; k < 7; k++)
		fields_clear(report_filter_fields, &fs[k]);
	fs[1].gender = "female";
	fs[2].cohort = 2025;
	fs[3].gender = "male";
	fs[3].cohort = 2024;
	fs[4].from = D(2025, 5, 1);
	fs[4].to = D(2025, 5, 31);
	fs[5].from = D(2025, 4, 15);
	fs[6].cohort = 2025;
	fs[6].to = D(2025, 5, 20);
	for (int f = 0; f < 7; f++) {
		char from[11], to[11];
		date_format(fs[f].from.y ? fs[f].from : D(1, 1, 1), from);
		date_format(fs[f].to.y ? fs[f].to : D(2025, 5, 31), to);
		/* by group, type and month (4, 5): the counts, and who was counted */
		struct rc_want tw[3], mw[2];
		memset(rc_group_want, 0, sizeof rc_group_want);
		memset(tw, 0, sizeof tw);
		memset(mw, 0, sizeof mw);
		bool gp[RC_GROUPS][RC_PEOPLE], tp[3][RC_PEOPLE], mp[2][RC_PEOPLE];
		memset(gp, 0, sizeof gp);
		memset(tp, 0, sizeof tp);
		memset(mp, 0, sizeof mp);
		for (int g = 0; g < RC_GROUPS; g++) {
			int ty = rc_type(g);
			if (ty == 2)
				continue;
			for (int month = 4; month <= 5; month++) {
				bool counted = false;
				long long sessions = 0;
				for (int k = 0; k < RC_KINDS; k++) {
					if (rc_kind[k].month != month || !rc_kind[k].planned || !rc_session(g, k) ||
					    strcmp(rc_kind[k].day, from) < 0 || strcmp(rc_kind[k].day, to) > 0)
						continue;
					bool any = false;
					for (int i = 0; i < RC_PEOPLE; i++) {
						if (!rc_marked(i, g, k))
							continue;
						any = true;
						int cohort = rc_cohort(i, month);
						bool gender = fs[f].gender != NULL && fs[f].gender[0];
						bool people = gender || fs[f].cohort != FIELD_NONE;
						if ((people && cohort == 0) ||
						    (gender &&
						     strcmp(fs[f].gender, i % 2 == 0 ? "female" : "male") != 0) ||
						    (fs[f].cohort != FIELD_NONE && fs[f].cohort != cohort))
							continue;
						counted = true;
						int m = rc_mark(i, g, k);
						struct rc_want *w[3] = {&rc_group_want[g], &tw[ty], &mw[month - 4]};
						for (int x = 0; x < 3; x++) {
							w[x]->marks++;
							w[x]->attended += m <= 1;
							w[x]->unexcused += m == 2;
						}
						gp[g][i] = tp[ty][i] = mp[month - 4][i] = true;
					}
					sessions += any;
				}
				if (counted) {
					rc_group_want[g].sessions += sessions;
					tw[ty].sessions += sessions;
					mw[month - 4].sessions += sessions;
				}
			}
		}
		for (int i = 0; i < RC_PEOPLE; i++) {
			for (int g = 0; g < RC_GROUPS; g++)
				rc_group_want[g].people += gp[g][i];
			for (int ty = 0; ty < 3; ty++)
				tw[ty].people += tp[ty][i];
			for (int m = 0; m < 2; m++)
				mw[m].people += mp[m][i];
		}
		int listed[RC_GROUPS], nlisted = 0, ncounted = 0;
		for (int g = 0; g < RC_GROUPS; g++)
			if (rc_group_want[g].marks > 0)
				ncounted++;
		for (int g = 0; g < RC_GROUPS; g++)
			if (rc_group_want[g].marks > 0 &&
			    (ncounted <= STORE_REPORT_ATTENDANCE_GROUPS || rc_group_want[g].people >= 5))
				listed[nlisted++] = g;
		if (ncounted > STORE_REPORT_ATTENDANCE_GROUPS) {
			qsort(listed, (size_t)nlisted, sizeof listed[0], rc_rate_cmp);
			if (nlisted > STORE_REPORT_ATTENDANCE_GROUPS)
				nlisted = STORE_REPORT_ATTENDANCE_GROUPS;
		}
		struct report_area_row *rows;
		size_t n;
		int64_t ngroups = -1;
		assert_int_equal(store_report_attendance(t->db, t->a, me, &fs[f], D(2025, 6, 1), &rows, &n, &ngroups),
				 SC_OK);
		assert_int_equal(ngroups, ncounted);
		size_t r = 0;
		for (int x = 0; x < nlisted; x++, r++) {
			char name[8];
			snprintf(name, sizeof name, "G%03d", listed[x]);
			assert_true(r < n);
			rc_check_row(&rows[r], 0, name, &rc_group_want[listed[x]]);
		}
		static const char *const type_label[2] = {"Norwegian class", "Egen type"};
		for (int ty = 0; ty < 2; ty++)
			if (tw[ty].marks > 0) {
				assert_true(r < n);
				rc_check_row(&rows[r++], 1, type_label[ty], &tw[ty]);
			}
		static const char *const month_label[2] = {"2025-04", "2025-05"};
		for (int m = 0; m < 2; m++)
			if (mw[m].marks > 0) {
				assert_true(r < n);
				rc_check_row(&rows[r++], 2, month_label[m], &mw[m]);
			}
		assert_int_equal(r, n);
		/* the figures are not all alike: some group of fewer than 5, the top-200 list where all count */
		if (f == 0) {
			assert_int_equal(ncounted, 207);
			assert_int_equal(nlisted, 200);
		}
	}
	att_kept_exact(t, me);
}

/* Attendance's counts by dimension (migration 58) key a period by the band
 * of its age at the start and of its years of schooling as the domain's
 * bands do (report_age_band_of(), report_schooling_band_of()), at each
 * edge: the bands written in SQL once (attendance_people_dims) are the
 * domain's. */
static void
test_attendance_dim_bands(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_centre(t, "Bands here");
	static const int ages[] = {-1, 0, 24, 25, 34, 35, 44, 45, 80};
	static const int schooling[] = {-1, 0, 6, 7, 9, 10, 12, 13, 30};
	for (size_t i = 0; i < sizeof ages / sizeof ages[0]; i++) {
		int64_t id = fx_participant(t, me, "Band", "active", 0);
		char birth[16], years[16];
		snprintf(birth, sizeof birth, ages[i] < 0 ? "2025-06-01" : "%04d-01-10", 2025 - ages[i]);
		snprintf(years, sizeof years, schooling[i] < 0 ? "NULL" : "%d", schooling[i]);
		fx_run_sql("UPDATE participants SET birth_date = '%s', schooling_years = %s WHERE id = %lld", birth, years,
		    (long long)id);
		fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at, updated_at,"
		    " centre_id) VALUES (%lld, '2025-01-10', '2026-12-31', 'active', 1, 1, %lld)", (long long)id, (long long)me);
		int age = report_age_band_of(ages[i]), school = report_schooling_band_of(schooling[i] < 0 ? FIELD_NONE
											  : schooling[i]);
		char sql[300], want[16];
		snprintf(want, sizeof want, age < 0 ? "" : "%d", age);
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM attendance_people_dims WHERE participant_id = %lld"
			 " AND dim = 'age' AND value = '%s'", (long long)id, want);
		if (fx_raw_int(fx_url(), sql) != 1)
			fail_msg("age %d: not in band '%s'", ages[i], want);
		snprintf(want, sizeof want, school < 0 ? "" : "%d", school);
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM attendance_people_dims WHERE participant_id = %lld"
			 " AND dim = 'schooling' AND value = '%s'", (long long)id, want);
		if (fx_raw_int(fx_url(), sql) != 1)
			fail_msg("%d years of schooling: not in band '%s'", schooling[i], want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_attendance),
		FX_TEST(test_attendance_recount),
		FX_TEST(test_attendance_dim_bands),
	};
	return fx_run("test_store_report_attendance", tests, sizeof tests / sizeof tests[0]);
}
