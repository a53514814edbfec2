/*
 * The other areas' kept reports (migration 38, docs/DECISIONS.md 87):
 * Norwegian's steps kept per participant and counted by the filters'
 * columns give the figures of every assessment read one by one (the rows
 * path, which a period forces), under every filter, before and after the
 * assessments and the periods change, and the kept tables equal their views
 * (store_report_facts_verify()); Internships' kept placements likewise,
 * under the age and schooling bands too (their period's age at the start
 * and years of schooling, migration 47, decision 99: the age in SQL is
 * date_age_on()'s on its edges). Money's groups kept by approved run
 * (migration 39, decision 88) give the figures of decision 83's statements
 * run from scratch over every statement, and so under an age band (by age
 * and gender, migration 53). The liaison's home's kept counts
 * of placements (migration 41) give the placements counted, after every
 * kind of write. Norwegian under an age or schooling band (migration 48,
 * decision 100) from the steps kept by age and schooling gives the rows'
 * figures too. Both engines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "domain/access.h"
#include "domain/date.h"
#include "domain/report.h"
#include "domain/placement.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })

static void
kept_exact(struct fx *t, int64_t centre, int64_t want_missing, int64_t want_extra, const char *when)
{
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_facts_verify(t->db, centre, &missing, &extra), SC_OK);
	if (missing != want_missing || extra != want_extra)
		fail_msg("%s: %lld missing, %lld extra", when, (long long)missing, (long long)extra);
}

/* The filters compared: none, each the kept groups hold, together, and
 * some they do not (read from the rows either way). */
#define NOR_FILTERS 13
static void
nor_filters(struct report_filter fs[NOR_FILTERS], int64_t kari)
{
	for (size_t k = 0; k < NOR_FILTERS; k++)
		fields_clear(report_filter_fields, &fs[k]);
	fs[1].gender = "female";
	fs[2].cohort = 2022;
	fs[3].gender = "male";
	fs[3].cohort = 2024;
	fs[4].country = "Eritrea";
	fs[5].exit_year = 2023;
	fs[6].cohort = 2022;
	fs[6].exit_year = 2022;
	fs[7].gender = "female";
	fs[7].country = "Syria";
	fs[7].cohort = 2023;
	fs[7].exit_year = 2023;
	fs[8].cohort = 0;   /* a filter given that narrows nothing: only the events of a period */
	fs[9].contact_id = kari;
	fs[10].age_band = AGE_25_34;
	fs[11].exit_year = 2022;
	fs[11].gender = "female";
	fs[12].cohort = 2023;
}

/* The report's rows as text: year, then each skill's people and tenths;
 * from the assessments themselves when rows_only. */
static void
nor_text_of(struct fx *t, int64_t centre, const struct report_filter *f, struct date today, bool rows_only, char *out,
	    size_t size)
{
	struct report_area_row *rows;
	size_t n, len = 0;
	assert_int_equal((rows_only ? store_report_norwegian_rows : store_report_norwegian)(t->db, t->a, centre, f, today,
											 &rows, &n),
			 SC_OK);
	out[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++) {
		len += (size_t)snprintf(out + len, size - len, "%s:", rows[i].label);
		for (int k = 0; k < 4 && len < size; k++)
			len += (size_t)snprintf(out + len, size - len, "%d/%lld/%lld,", (int)rows[i].cell[k].kind,
						(long long)rows[i].cell[k].n, (long long)rows[i].cell[k].value);
		if (len < size)
			len += (size_t)snprintf(out + len, size - len, ";");
	}
}

static void
nor_text(struct fx *t, int64_t centre, const struct report_filter *f, struct date today, char *out, size_t size)
{
	nor_text_of(t, centre, f, today, false, out, size);
}

/* Every filter's figures from the kept steps are those of the rows (a
 * period from 1900 forces the rows and takes every assessment), and so
 * under each calendar year (each year's own steps, migration 68) and this
 * year to today, open or to its end; returns the figures with no
 * filter. */
static void
same_norwegian(struct fx *t, int64_t centre, int64_t kari, struct date today, const char *when, char *none,
	       size_t size)
{
	struct report_filter fs[NOR_FILTERS];
	nor_filters(fs, kari);
	static char kept[8192], rows[8192];
	for (size_t k = 0; k < NOR_FILTERS; k++) {
		nor_text(t, centre, &fs[k], today, kept, sizeof kept);
		struct report_filter all = fs[k];
		all.from = D(1900, 1, 1);
		nor_text(t, centre, &all, today, rows, sizeof rows);
		if (strcmp(kept, rows) != 0)
			fail_msg("%s, filter %zu:\n kept %s\n rows %s", when, k, kept, rows);
		if (k == 0 && none != NULL)
			snprintf(none, size, "%s", kept);
		for (int y = 2020; y <= today.y + 1; y++)
			for (int end = 0; end < (y == today.y ? 3 : 1); end++) {
				struct report_filter in = fs[k];
				in.from = D(y, 1, 1);
				in.to = end == 0 ? D(y, 12, 31) : end == 1 ? today : (struct date){0, 0, 0};
				nor_text(t, centre, &in, today, kept, sizeof kept);
				nor_text_of(t, centre, &in, today, true, rows, sizeof rows);
				if (strcmp(kept, rows) != 0)
					fail_msg("%s, filter %zu, %d (%d):\n kept %s\n rows %s", when, k, y, end, kept,
						 rows);
				if (none != NULL && k == 0 && y >= 2021 && y <= 2024 && end == 0 && strlen(kept) < 10)
					fail_msg("%s, %d: no steps in the year", when, y);
			}
	}
	kept_exact(t, centre, 0, 0, when);
}

static const char *const levels[] = {"A1", "A2", "B1", "B2", "C1"};
static const char *const skills[] = {"listening", "reading", "speaking", "writing"};

static unsigned
next(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

static int64_t
enrol(int64_t centre, int64_t p, const char *start, const char *exit)
{
	char e[16];
	snprintf(e, sizeof e, exit ? "'%s'" : "NULL", exit);
	return fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date, outcome,"
		      " created_at, updated_at, centre_id) VALUES (%lld, '%s', '2027-01-01', '%s', %s, %s, 1, 1, %lld)"
		      " RETURNING id", (long long)p, start, exit ? "exited" : "active", e,
		   exit ? "'employed_full'" : "NULL", (long long)centre);
}

static void
test_norwegian_kept(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Steps here");
	int64_t other = fx_centre(t, "Steps elsewhere");
	int64_t kari = fx_user(t, "steps.kari", ROLE_BIT(ROLE_CONTACT));
	static const struct { const char *gender, *country, *birth; int contact; const char *periods[3][2]; } ps[] = {
		{"female", "Syria", "1990-01-01", 1, {{NULL, NULL}}},   /* no period */
		{"male", "Eritrea", "1985-05-05", 0, {{"2023-02-01", "2023-12-31"}}},   /* one */
		{"female", "Syria", "1995-02-02", 1, {{"2022-03-01", "2022-10-01"}, {"2024-01-10", NULL}}},
		{"male", "Somalia", "1970-07-07", 0,
		 {{"2022-01-01", "2022-06-01"}, {"2022-09-01", "2023-05-01"}, {"2024-04-01", NULL}}},
		{"female", "Eritrea", "2000-03-03", 1, {{"2023-03-01", "2023-09-01"}, {"2023-03-01", NULL}}}, /* one day */
		{"other", "Syria", "1998-08-08", 0, {{"2024-06-01", NULL}}},
		{"female", "Syria", "1992-12-12", 0, {{"2023-01-15", "2023-11-30"}, {"2024-02-01", "2024-12-31"}}},
		{"male", "Eritrea", "1988-04-04", 1, {{"2022-05-05", NULL}}},
		{"female", "Somalia", "1979-09-09", 0, {{NULL, NULL}}},
		{"male", "Syria", "2001-01-01", 0, {{"2021-09-01", "2022-02-01"}, {"2022-04-01", "2023-02-01"}}},
	};
	enum { NP = sizeof ps / sizeof ps[0] };
	int64_t p[NP], e[NP][3] = {{0}};
	for (int i = 0; i < NP; i++) {
		p[i] = fx_participant(t, here, "Steps", "active", ps[i].contact ? kari : 0);
		fx_run_sql("UPDATE participants SET gender = '%s', country_of_birth = '%s', birth_date = '%s' WHERE id = %lld",
		    ps[i].gender, ps[i].country, ps[i].birth, (long long)p[i]);
		for (int k = 0; k < 3 && ps[i].periods[k][0] != NULL; k++)
			e[i][k] = enrol(here, p[i], ps[i].periods[k][0], ps[i].periods[k][1]);
	}
	int64_t theirs = fx_participant(t, other, "Theirs", "active", 0);
	enrol(other, theirs, "2023-01-01", NULL);
	/* assessments from mid-2021 to mid-2025, some on a period's first day;
	 * one run of 70 (more than the 64 the report kept before decision 129:
	 * every one counts) */
	unsigned seed = 7;
	for (int i = 0; i < NP; i++)
		for (int s = 0; s < 4; s++) {
			int count = (int)(next(&seed) % 7);
			for (int k = 0; k < count; k++) {
				/* months of 28 days from 2021-01-01 to 2025-05-28 */
				int day = (int)(next(&seed) % (4 * 336 + 5 * 28));
				fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
				       " VALUES (%lld, '%s', '%s', '%04d-%02d-%02d', 1000, %lld)", (long long)p[i], skills[s],
				    levels[next(&seed) % 5], 2021 + day / 336, 1 + day % 336 / 28, 1 + day % 28, (long long)here);
			}
		}
	for (int k = 0; k < 70; k++)
		fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
		       " VALUES (%lld, 'writing', '%s', '%04d-%02d-%02d', 1000, %lld)", (long long)p[3], levels[next(&seed) % 5],
		    2021 + k / 20, 1 + (k % 20) / 2, 1 + k % 2 * 14, (long long)here);
	fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
	       " VALUES (%lld, 'reading', 'A1', '2022-02-01', 1000, %lld), (%lld, 'reading', 'B2', '2024-03-01', 1000, %lld)",
	    (long long)theirs, (long long)other, (long long)theirs, (long long)other);
	struct date today = D(2025, 6, 1);
	char before[8192], after[8192];
	same_norwegian(t, here, kari, today, "at first", before, sizeof before);
	same_norwegian(t, other, kari, today, "the other centre", NULL, 0);
	kept_exact(t, other, 0, 0, "the other centre");
	assert_true(strlen(before) > 20);
	/* the figures follow every write of an assessment */
	fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
	       " VALUES (%lld, 'speaking', 'C1', '2024-12-30', 1000, %lld)", (long long)p[2], (long long)here);
	fx_run_sql("DELETE FROM language_assessments WHERE id = (SELECT MIN(id) FROM language_assessments"
	       " WHERE participant_id = %lld)", (long long)p[3]);
	fx_run_sql("UPDATE language_assessments SET level = 'A1' WHERE id = (SELECT MAX(id) FROM language_assessments"
	       " WHERE participant_id = %lld)", (long long)p[6]);
	fx_run_sql("UPDATE language_assessments SET assessed_on = '2022-08-15' WHERE id = (SELECT MIN(id)"
	       " FROM language_assessments WHERE participant_id = %lld)", (long long)p[9]);
	fx_run_sql("UPDATE language_assessments SET participant_id = %lld WHERE id = (SELECT MIN(id)"
	       " FROM language_assessments WHERE participant_id = %lld)", (long long)p[0], (long long)p[7]);
	same_norwegian(t, here, kari, today, "after the assessments changed", after, sizeof after);
	assert_string_not_equal(before, after);
	/* and every write of a period: an exit, a start moved, a period
	 * deleted, one added, a participant's gender */
	fx_run_sql("UPDATE enrolments SET exit_date = '2024-11-30', status = 'exited', outcome = 'education' WHERE id = %lld",
	    (long long)e[5][0]);
	fx_run_sql("UPDATE enrolments SET start_date = '2023-06-01' WHERE id = %lld", (long long)e[2][1]);
	fx_run_sql("DELETE FROM enrolments WHERE id = %lld", (long long)e[1][0]);
	enrol(here, p[0], "2024-09-01", NULL);
	enrol(here, p[7], "2021-11-01", "2022-03-01");
	fx_run_sql("UPDATE participants SET gender = 'male' WHERE id = %lld", (long long)p[6]);
	same_norwegian(t, here, kari, today, "after the periods changed", NULL, 0);
	/* a future assessment: the rows are read (the kept steps count it) */
	fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
	       " VALUES (%lld, 'listening', 'C1', '2025-08-01', 1000, %lld)", (long long)p[5], (long long)here);
	same_norwegian(t, here, kari, today, "with an assessment after today", NULL, 0);
	same_norwegian(t, here, kari, D(2025, 9, 1), "on a later day", NULL, 0);
	/* a kept step changed by hand is found, and made again from the view */
	struct db_stmt *st = db_prepare(t->db, "SELECT COUNT(*) FROM language_steps WHERE participant_id = $1");
	assert_non_null(st);
	db_bind_int(st, 1, p[7]);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t steps = db_col_int(st, 0);
	db_done(st);
	assert_true(steps > 0);
	fx_run_sql("UPDATE language_steps SET gain = gain + 1 WHERE participant_id = %lld", (long long)p[7]);
	kept_exact(t, here, steps, steps, "steps changed by hand");
	fx_run_sql("DELETE FROM language_steps WHERE participant_id = %lld", (long long)p[7]);
	fx_run_sql("INSERT INTO language_steps SELECT * FROM language_steps_source WHERE participant_id = %lld",
	    (long long)p[7]);
	kept_exact(t, here, 0, 0, "made again");
	/* a participant deleted takes their steps along */
	fx_run_sql("DELETE FROM language_assessments WHERE participant_id = %lld", (long long)p[3]);
	same_norwegian(t, here, kari, today, "after a participant's assessments went", NULL, 0);
}

/* Norwegian under an age band or a schooling band (migration 48, decision
 * 100): the filters compared, each band alone and with the other filters. */
#define BAND_FILTERS 18
static void
band_filters(struct report_filter fs[BAND_FILTERS])
{
	for (size_t k = 0; k < BAND_FILTERS; k++)
		fields_clear(report_filter_fields, &fs[k]);
	for (int b = 0; b < 4; b++) {
		fs[b].age_band = b;
		fs[4 + b].schooling = b;
	}
	fs[8].age_band = AGE_35_44;
	fs[8].gender = "female";
	fs[9].schooling = SCHOOLING_7_9;
	fs[9].gender = "female";
	fs[10].age_band = AGE_25_34;
	fs[10].cohort = 2023;
	fs[11].schooling = SCHOOLING_10_12;
	fs[11].cohort = 2023;
	fs[12].age_band = AGE_25_34;
	fs[12].schooling = SCHOOLING_13_PLUS;
	fs[13].age_band = AGE_25_34;
	fs[13].country = "Syria";
	fs[14].age_band = AGE_45_PLUS;
	fs[14].exit_year = 2023;
	fs[15].schooling = SCHOOLING_13_PLUS;
	fs[15].gender = "female";
	fs[15].country = "Eritrea";
	fs[16].age_band = AGE_UNDER_25;
	fs[16].cohort = 0;   /* narrows nothing */
	fs[17].age_band = AGE_35_44;
	fs[17].gender = "male";
	fs[17].cohort = 2022;
	fs[17].exit_year = 2023;
}

/* Every band filter's figures from the kept groups (and the participants
 * of several periods read one by one) are those of the rows (a period
 * from 1900 forces the rows), and so under each calendar year (each
 * year's own steps, migration 70) and this year to today; the kept tables
 * equal their views; returns how many filters show a figure (and adds to
 * *in_years how many show one under a year). */
static int
same_bands(struct fx *t, int64_t centre, struct date today, const char *when, int *in_years)
{
	struct report_filter fs[BAND_FILTERS];
	band_filters(fs);
	static char kept[8192], rows[8192];
	int shown = 0;
	for (size_t k = 0; k < BAND_FILTERS; k++) {
		nor_text(t, centre, &fs[k], today, kept, sizeof kept);
		struct report_filter all = fs[k];
		all.from = D(1900, 1, 1);
		nor_text(t, centre, &all, today, rows, sizeof rows);
		if (strcmp(kept, rows) != 0)
			fail_msg("%s, band filter %zu:\n kept %s\n rows %s", when, k, kept, rows);
		shown += kept[0] != '\0';
		for (int y = 2020; y <= today.y; y++) {
			struct report_filter in = fs[k];
			in.from = D(y, 1, 1);
			in.to = y == today.y ? today : D(y, 12, 31);
			nor_text(t, centre, &in, today, kept, sizeof kept);
			nor_text_of(t, centre, &in, today, true, rows, sizeof rows);
			if (strcmp(kept, rows) != 0)
				fail_msg("%s, band filter %zu, %d:\n kept %s\n rows %s", when, k, y, kept, rows);
			*in_years += kept[0] != '\0';
		}
	}
	kept_exact(t, centre, 0, 0, when);
	return shown;
}

/* The age kept with a participant of one period's steps is the domain's
 * (date_age_on() of the birth and the start), and the schooling the
 * period's (-1 for none); returns how many participants were compared. */
static const char sql_step_ages[] =
	"SELECT DISTINCT s.age, s.schooling, r.birth_date, r.start_date, r.schooling FROM language_steps s"
	" JOIN report_facts r ON r.participant_id = s.participant_id AND r.centre_id = s.centre_id"
	" WHERE s.centre_id = $1 AND s.kind = 1";
static int
same_ages(struct fx *t, int64_t centre, const char *when)
{
	struct db_stmt *st = db_prepare(t->db, sql_step_ages);
	assert_non_null(st);
	db_bind_int(st, 1, centre);
	int n = 0;
	while (db_step(st) == DB_ROW) {
		struct date birth, start;
		assert_int_equal(date_parse(db_col_text(st, 2), &birth), SC_OK);
		assert_int_equal(date_parse(db_col_text(st, 3), &start), SC_OK);
		int64_t school = db_col_null(st, 4) ? -1 : db_col_int(st, 4);
		if (db_col_int(st, 0) != date_age_on(birth, start) || db_col_int(st, 1) != school)
			fail_msg("%s: born %s, started %s: kept age %lld, schooling %lld", when, db_col_text(st, 2),
				 db_col_text(st, 3), (long long)db_col_int(st, 0), (long long)db_col_int(st, 1));
		n++;
	}
	db_done(st);
	return n;
}

static void
test_norwegian_bands(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Bands here");
	/* one period (ages on the edges: a birthday on the start day, the day
	 * after it, born on 29 February starting on 28 February and on 1 March
	 * of a common year and on 29 February of a leap year, a start before
	 * the birth), two periods in two age bands, three periods */
	static const struct {
		const char *gender, *country, *birth;
		int schooling;
		const char *periods[3][2];
	} ps[] = {
		{"female", "Syria", "1988-03-01", 9, {{"2023-03-01", NULL}}},   /* 35 on the day */
		{"female", "Eritrea", "1988-03-02", 10, {{"2023-03-01", "2023-12-31"}}},   /* 34 */
		{"male", "Syria", "1996-02-29", -1, {{"2021-02-28", NULL}}},   /* 24 */
		{"female", "Eritrea", "1996-02-29", 13, {{"2021-03-01", "2023-06-30"}}},   /* 25 */
		{"male", "Syria", "1992-02-29", 6, {{"2024-02-29", NULL}}},   /* 32 */
		{"female", "Syria", "1998-02-28", 15, {{"2023-02-27", NULL}}},   /* 24, a day short */
		{"male", "Eritrea", "2024-01-01", 12, {{"2023-09-01", NULL}}},   /* started before birth */
		{"female", "Syria", "1979-05-10", 12, {{"2022-01-01", "2023-05-01"}, {"2024-06-01", NULL}}},   /* 42, 45 */
		{"male", "Eritrea", "1998-07-01", 7,
		 {{"2021-01-01", "2021-12-31"}, {"2023-08-01", "2023-12-31"}, {"2024-09-01", NULL}}},   /* 22, 25, 26 */
		{"male", "Syria", "1986-11-30", 8, {{"2022-11-30", "2023-10-01"}}},   /* 36 */
	};
	enum { NP = sizeof ps / sizeof ps[0] };
	int64_t p[NP], e[NP][3] = {{0}};
	for (int i = 0; i < NP; i++) {
		p[i] = fx_participant(t, here, "Banded", "active", 0);
		char school[16];
		snprintf(school, sizeof school, ps[i].schooling < 0 ? "NULL" : "%d", ps[i].schooling);
		fx_run_sql("UPDATE participants SET gender = '%s', country_of_birth = '%s', birth_date = '%s',"
		       " schooling_years = %s WHERE id = %lld", ps[i].gender, ps[i].country, ps[i].birth, school,
		    (long long)p[i]);
		for (int k = 0; k < 3 && ps[i].periods[k][0] != NULL; k++)
			e[i][k] = enrol(here, p[i], ps[i].periods[k][0], ps[i].periods[k][1]);
	}
	/* a step in every year from 2021 to 2025 in reading, and more at random */
	unsigned seed = 13;
	for (int i = 0; i < NP; i++) {
		for (int y = 0; y < 5; y++)
			fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
			       " VALUES (%lld, 'reading', '%s', '%04d-%02d-15', 1000, %lld)", (long long)p[i],
			    levels[next(&seed) % 5], 2021 + y, 1 + (int)(next(&seed) % (y == 4 ? 5 : 12)), (long long)here);
		for (int s = 0; s < 4; s++) {
			int count = (int)(next(&seed) % 5);
			for (int k = 0; k < count; k++) {
				int day = (int)(next(&seed) % (4 * 336 + 4 * 28));
				fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
				       " VALUES (%lld, '%s', '%s', '%04d-%02d-%02d', 1000, %lld)", (long long)p[i], skills[s],
				    levels[next(&seed) % 5], 2021 + day / 336, 1 + day % 336 / 28, 1 + day % 28, (long long)here);
			}
		}
	}
	struct date today = D(2025, 6, 1);
	int in_years = 0;
	assert_int_equal(same_ages(t, here, "at first"), 8);
	assert_true(same_bands(t, here, today, "at first", &in_years) >= 14);
	/* a birth date changed (34 becomes 35), schooling given, a period
	 * moved (25 becomes 24), an assessment added */
	fx_run_sql("UPDATE participants SET birth_date = '1988-02-28' WHERE id = %lld", (long long)p[1]);
	assert_int_equal(same_ages(t, here, "after a birth date changed"), 8);
	same_bands(t, here, today, "after a birth date changed", &in_years);
	fx_run_sql("UPDATE participants SET schooling_years = 11 WHERE id = %lld", (long long)p[2]);
	fx_run_sql("UPDATE participants SET schooling_years = NULL WHERE id = %lld", (long long)p[0]);
	same_bands(t, here, today, "after schooling changed", &in_years);
	fx_run_sql("UPDATE enrolments SET start_date = '2021-02-27' WHERE id = %lld", (long long)e[3][0]);
	fx_run_sql("UPDATE enrolments SET start_date = '2024-05-09' WHERE id = %lld", (long long)e[7][1]);
	assert_int_equal(same_ages(t, here, "after periods moved"), 8);
	same_bands(t, here, today, "after periods moved", &in_years);
	fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
	       " VALUES (%lld, 'speaking', 'C1', '2024-12-30', 1000, %lld), (%lld, 'reading', 'A1', '2025-05-30', 1000,"
	       " %lld)", (long long)p[4], (long long)here, (long long)p[8], (long long)here);
	same_bands(t, here, today, "after assessments added", &in_years);
	/* one period becomes two, two become one, an age and schooling of
	 * several periods changed */
	enrol(here, p[9], "2024-01-15", NULL);
	fx_run_sql("DELETE FROM enrolments WHERE id = %lld", (long long)e[7][0]);
	fx_run_sql("UPDATE participants SET birth_date = '1999-07-01', schooling_years = 14 WHERE id = %lld",
	    (long long)p[8]);
	assert_int_equal(same_ages(t, here, "after periods added and deleted"), 8);
	same_bands(t, here, today, "after periods added and deleted", &in_years);
	same_bands(t, here, D(2024, 6, 1), "on an earlier day", &in_years);
	/* a kept group changed by hand is found */
	fx_run_sql("UPDATE language_bands SET people = people + 1 WHERE centre_id = %lld AND kind = 0 AND age = 35",
	    (long long)here);
	struct db_stmt *st = db_prepare(t->db, "SELECT COUNT(*) FROM language_bands WHERE centre_id = $1 AND kind = 0"
					       " AND age = 35");
	assert_non_null(st);
	db_bind_int(st, 1, here);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t changed = db_col_int(st, 0);
	db_done(st);
	assert_true(changed > 0);
	kept_exact(t, here, changed, changed, "bands changed by hand");
	fx_run_sql("DELETE FROM language_bands WHERE centre_id = %lld", (long long)here);
	fx_run_sql("INSERT INTO language_bands SELECT * FROM language_bands_source WHERE centre_id = %lld", (long long)here);
	same_bands(t, here, today, "made again", &in_years);
	assert_true(in_years > 40);   /* not every year's figures empty */
}

/* Internships' rows as text: table, label, each cell's people and base. */
static void
intern_text(struct fx *t, int64_t centre, const struct report_filter *f, struct date today, bool from_rows, char *out,
	    size_t size)
{
	struct report_area_row *rows;
	size_t n, len = 0;
	assert_int_equal(from_rows ? store_report_internships_rows(t->db, t->a, centre, f, today, &rows, &n)
				   : store_report_internships(t->db, t->a, centre, f, today, &rows, &n),
			 SC_OK);
	out[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++) {
		len += (size_t)snprintf(out + len, size - len, "%d %s:", rows[i].table, rows[i].label);
		for (int k = 0; k < 4 && len < size; k++)
			len += (size_t)snprintf(out + len, size - len, "%lld/%lld,", (long long)rows[i].cell[k].n,
						(long long)rows[i].cell[k].base);
		if (len < size)
			len += (size_t)snprintf(out + len, size - len, ";");
	}
}

/* Norwegian's filters and the bands (decision 99): each alone, with
 * gender, a cohort, an exit year, a country, both bands; and periods
 * (decision 127): alone, open at either end, of one day, with a gender,
 * a band, a contact person. */
#define INT_FILTERS (NOR_FILTERS + 19)
static void
int_filters(struct report_filter fs[INT_FILTERS], int64_t kari)
{
	nor_filters(fs, kari);
	for (size_t k = NOR_FILTERS; k < INT_FILTERS; k++)
		fields_clear(report_filter_fields, &fs[k]);
	struct report_filter *b = &fs[NOR_FILTERS];
	b[0].age_band = AGE_35_44;
	b[1].age_band = AGE_35_44;
	b[1].gender = "female";
	b[2].age_band = AGE_UNDER_25;
	b[2].cohort = 2022;
	b[3].age_band = AGE_45_PLUS;
	b[4].schooling = SCHOOLING_7_9;
	b[5].schooling = SCHOOLING_10_12;
	b[5].gender = "male";
	b[6].schooling = SCHOOLING_0_6;
	b[6].cohort = 2023;
	b[7].schooling = SCHOOLING_13_PLUS;
	b[7].age_band = AGE_25_34;
	b[8].age_band = AGE_25_34;
	b[8].exit_year = 2023;
	b[9].age_band = AGE_35_44;
	b[9].country = "Syria";
	b[9].cohort = 2024;
	b[10].schooling = SCHOOLING_7_9;
	b[10].cohort = 0;
	b[11].age_band = AGE_45_PLUS;
	b[11].schooling = SCHOOLING_10_12;
	b[11].gender = "female";
	b[12].from = D(2022, 3, 1);
	b[12].to = D(2024, 6, 30);
	b[13].from = D(2023, 7, 1);
	b[14].to = D(2023, 6, 30);
	b[15].from = D(2022, 3, 1);
	b[15].to = D(2024, 6, 30);
	b[15].gender = "female";
	b[16].from = D(2021, 1, 1);
	b[16].age_band = AGE_35_44;
	b[16].cohort = 2023;
	b[17].to = D(2025, 12, 31);
	b[17].contact_id = kari;
	b[18].from = D(2023, 5, 2);
	b[18].to = D(2023, 5, 2);
}

/* Every filter's Internships from the kept placements are those of the
 * placements themselves (store_report_internships_rows()); the kept
 * tables are exact but for off rows each way. */
static void
same_internships_off(struct fx *t, int64_t centre, int64_t kari, struct date today, const char *when, char *none,
		     size_t size, int64_t off)
{
	struct report_filter fs[INT_FILTERS];
	int_filters(fs, kari);
	static char kept[16384], rows[16384];
	for (size_t k = 0; k < INT_FILTERS; k++) {
		intern_text(t, centre, &fs[k], today, false, kept, sizeof kept);
		intern_text(t, centre, &fs[k], today, true, rows, sizeof rows);
		if (strcmp(kept, rows) != 0)
			fail_msg("%s, filter %zu:\n kept %s\n rows %s", when, k, kept, rows);
		if (k == 0 && none != NULL)
			snprintf(none, size, "%s", kept);
	}
	kept_exact(t, centre, off, off, when);
}

static void
same_internships(struct fx *t, int64_t centre, int64_t kari, struct date today, const char *when, char *none,
		 size_t size)
{
	same_internships_off(t, centre, kari, today, when, none, size, 0);
}

/* The kept placements' age at the period's start (migration 47, in SQL)
 * is date_age_on()'s on its edges: the birthday on the start day, the day
 * before and after, 29 February births in common and leap years, the
 * turn of the year, a start before the birth and on it. */
static const char sql_age_of[] = "SELECT age FROM placement_facts WHERE enrolment_id = $1 AND kind = 1";

static void
test_internships_age_edges(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Ages here");
	int64_t emp = fx_run_sql("INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at, updated_at)"
			     " VALUES (%lld, 'Aged', 'aged', '910000011', '56', 1000, 1000) RETURNING id", (long long)here);
	static const struct { struct date birth, start; } cs[] = {
		{{1990, 6, 15}, {2025, 6, 15}}, {{1990, 6, 15}, {2025, 6, 14}}, {{1990, 6, 15}, {2025, 6, 16}},
		{{1990, 6, 15}, {2025, 5, 31}}, {{1990, 6, 15}, {2025, 7, 1}},
		{{1988, 2, 29}, {2023, 2, 28}}, {{1988, 2, 29}, {2023, 3, 1}}, {{1988, 2, 29}, {2024, 2, 28}},
		{{1988, 2, 29}, {2024, 2, 29}}, {{1988, 2, 29}, {2024, 3, 1}}, {{1987, 3, 1}, {2024, 2, 29}},
		{{1987, 2, 28}, {2024, 2, 29}}, {{1999, 12, 31}, {2024, 1, 1}}, {{2000, 1, 1}, {2024, 12, 31}},
		{{2000, 1, 1}, {2025, 1, 1}}, {{2025, 3, 1}, {2025, 2, 28}}, {{2025, 3, 1}, {2025, 3, 1}},
		{{1980, 10, 2}, {2024, 10, 1}}, {{1980, 10, 2}, {2024, 10, 2}}, {{1979, 1, 31}, {2024, 2, 1}},
	};
	enum { NC = sizeof cs / sizeof cs[0] };
	int64_t enrolment[NC];
	for (int i = 0; i < NC; i++) {
		char birth[11], start[11];
		date_format(cs[i].birth, birth);
		date_format(cs[i].start, start);
		int64_t p = fx_participant(t, here, "Aged", "active", 0);
		fx_run_sql("UPDATE participants SET birth_date = '%s' WHERE id = %lld", birth, (long long)p);
		enrolment[i] = enrol(here, p, start, NULL);
		fx_run_sql("INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase, created_at,"
		       " updated_at) VALUES (%lld, %lld, %lld, '%s', '2026-01-01', 'agreed', 1000, 1000)", (long long)here,
		    (long long)p, (long long)emp, start);
	}
	for (int i = 0; i < NC; i++) {
		struct db_stmt *st = db_prepare(t->db, sql_age_of);
		assert_non_null(st);
		db_bind_int(st, 1, enrolment[i]);
		assert_int_equal(db_step(st), DB_ROW);
		int64_t age = db_col_int(st, 0);
		db_done(st);
		if (age != date_age_on(cs[i].birth, cs[i].start))
			fail_msg("case %d: %lld in SQL, %d by date_age_on()", i, (long long)age,
				 date_age_on(cs[i].birth, cs[i].start));
	}
	kept_exact(t, here, 0, 0, "the ages");
}

static void
test_internships_kept(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Placements here");
	int64_t other = fx_centre(t, "Placements elsewhere");
	int64_t kari = fx_user(t, "placed.kari", ROLE_BIT(ROLE_CONTACT));
	/* births that put the periods' starts on the bands' edges (35 on the
	 * day, 34 the day before, 25 on the day, 45, 44, 29 February), and
	 * schooling on its bands' edges or not given */
	static const struct {
		const char *gender, *country; int contact; const char *periods[3][2]; const char *birth, *school;
	} ps[] = {
		{"female", "Syria", 1, {{NULL, NULL}}, "1990-01-01", "9"},   /* no period */
		{"male", "Eritrea", 0, {{"2023-02-01", "2023-12-31"}}, "1988-02-01", "6"},
		{"female", "Syria", 1, {{"2022-03-01", "2022-10-01"}, {"2024-01-10", NULL}}, "1987-03-02", "7"},
		{"male", "Somalia", 0, {{"2022-01-01", "2022-06-01"}, {"2022-09-01", "2023-05-01"}, {"2024-04-01", NULL}},
		 "1997-09-01", "NULL"},
		{"female", "Eritrea", 1, {{"2023-03-01", "2023-09-01"}, {"2023-03-01", NULL}}, "1978-03-01", "12"},
		{"other", "Syria", 0, {{"2024-06-01", NULL}}, "1979-06-02", "13"},
		{"female", "Syria", 0, {{"2023-02-28", "2023-11-30"}, {"2024-03-01", "2024-12-31"}}, "1988-02-29", "10"},
		{"male", "Eritrea", 1, {{"2022-05-05", NULL}}, "2000-05-05", "0"},
	};
	enum { NP = sizeof ps / sizeof ps[0], NE = 5 };
	int64_t p[NP], e[NP][3] = {{0}}, emp[NE];
	static const char *const industries[] = {"56", "47", "56", "86", "47"};
	for (int i = 0; i < NE; i++)
		emp[i] = fx_run_sql("INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at, updated_at)"
				" VALUES (%lld, 'Employer %c', 'employer %c', '91000000%d', '%s', 1000, 1000) RETURNING id",
			     (long long)here, 'A' + i, 'a' + i, i, industries[i]);
	int64_t theirs_emp = fx_run_sql("INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at,"
				    " updated_at) VALUES (%lld, 'Theirs', 'theirs', '910000009', '56', 1000, 1000) RETURNING id",
				 (long long)other);
	for (int i = 0; i < NP; i++) {
		p[i] = fx_participant(t, here, "Placed", "active", ps[i].contact ? kari : 0);
		fx_run_sql("UPDATE participants SET gender = '%s', country_of_birth = '%s', birth_date = '%s',"
		       " schooling_years = %s WHERE id = %lld", ps[i].gender, ps[i].country, ps[i].birth, ps[i].school,
		    (long long)p[i]);
		for (int k = 0; k < 3 && ps[i].periods[k][0] != NULL; k++)
			e[i][k] = enrol(here, p[i], ps[i].periods[k][0], ps[i].periods[k][1]);
	}
	int64_t theirs = fx_participant(t, other, "Theirs", "active", 0);
	enrol(other, theirs, "2023-01-01", NULL);
	/* placements from 2021 to 2026 (some not started, not ended, by
	 * today), agreed or ended early (on or after the start, or before), a
	 * draft, some hired or ended for a job */
	static const char *const phases[] = {"agreed", "agreed", "ended_early", "negotiating"};
	unsigned seed = 11;
	for (int i = 0; i < NP; i++)
		for (int k = 0; k < 6; k++) {
			int day = (int)(next(&seed) % (5 * 336 + 6 * 28)), len = 14 + (int)(next(&seed) % 200);
			int end = day + len, phase = (int)(next(&seed) % 4), early = (int)(next(&seed) % 3);
			int ended = early == 0 ? day - 3 : day + len / 2;
			const char *result = next(&seed) % 3 == 0 ? "'hired'" : "NULL";
			const char *reason = phase == 2 && next(&seed) % 2 ? "'got_job'" : "NULL";
			fx_run_sql("INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase,"
			       " ended_on, end_reason, result, created_at, updated_at) VALUES (%lld, %lld, %lld,"
			       " '%04d-%02d-%02d', '%04d-%02d-%02d', '%s', %s%04d-%02d-%02d%s, %s, %s, 1000, 1000)",
			    (long long)here, (long long)p[i], (long long)emp[next(&seed) % NE], 2021 + day / 336,
			    1 + day % 336 / 28, 1 + day % 28, 2021 + end / 336, 1 + end % 336 / 28, 1 + end % 28,
			    phases[phase], phase == 2 ? "'" : "CAST(NULL AS TEXT) || '", 2021 + ended / 336,
			    1 + ended % 336 / 28, 1 + ended % 28, "'", reason, result);
		}
	fx_run_sql("INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase, created_at,"
	       " updated_at) VALUES (%lld, %lld, %lld, '2024-02-01', '2024-05-01', 'agreed', 1000, 1000)",
	    (long long)other, (long long)theirs, (long long)theirs_emp);
	struct date today = D(2025, 6, 1);
	char before[16384], after[16384];
	same_internships(t, here, kari, today, "at first", before, sizeof before);
	same_internships(t, other, kari, today, "the other centre", NULL, 0);
	same_internships(t, here, kari, D(2024, 3, 10), "an earlier day", NULL, 0);
	same_internships(t, here, kari, D(2026, 12, 1), "a later day", NULL, 0);
	assert_true(strlen(before) > 20);
	/* the figures follow every write of a placement */
	fx_run_sql("UPDATE placements SET phase = 'ended_early', ended_on = starts_on, end_reason = 'got_job'"
	       " WHERE id = (SELECT MIN(id) FROM placements WHERE participant_id = %lld AND phase = 'agreed')",
	    (long long)p[2]);
	fx_run_sql("UPDATE placements SET ends_on = '2025-06-01' WHERE id = (SELECT MAX(id) FROM placements"
	       " WHERE participant_id = %lld)", (long long)p[3]);
	fx_run_sql("UPDATE placements SET employer_id = %lld, starts_on = '2025-05-31' WHERE id = (SELECT MAX(id)"
	       " FROM placements WHERE participant_id = %lld)", (long long)emp[0], (long long)p[5]);
	fx_run_sql("UPDATE placements SET participant_id = %lld WHERE id = (SELECT MIN(id) FROM placements"
	       " WHERE participant_id = %lld)", (long long)p[0], (long long)p[7]);
	fx_run_sql("DELETE FROM placements WHERE id = (SELECT MIN(id) FROM placements WHERE participant_id = %lld)",
	    (long long)p[6]);
	fx_run_sql("UPDATE placements SET phase = 'agreed' WHERE phase = 'negotiating' AND participant_id = %lld", (long long)p[4]);
	same_internships(t, here, kari, today, "after the placements changed", after, sizeof after);
	assert_string_not_equal(before, after);
	/* and every write of a period */
	fx_run_sql("UPDATE enrolments SET exit_date = '2024-11-30', status = 'exited', outcome = 'education' WHERE id = %lld",
	    (long long)e[5][0]);
	fx_run_sql("UPDATE enrolments SET start_date = '2023-06-01' WHERE id = %lld", (long long)e[2][1]);
	fx_run_sql("DELETE FROM enrolments WHERE id = %lld", (long long)e[1][0]);
	enrol(here, p[0], "2024-09-01", NULL);
	enrol(here, p[7], "2021-11-01", "2022-03-01");
	fx_run_sql("UPDATE participants SET gender = 'male', country_of_birth = 'Somalia' WHERE id = %lld", (long long)p[6]);
	same_internships(t, here, kari, today, "after the periods changed", NULL, 0);
	same_internships(t, here, kari, D(2022, 6, 30), "after the periods changed, earlier", NULL, 0);
	/* a birth date and schooling changed (across the bands' edges) */
	fx_run_sql("UPDATE participants SET birth_date = '1988-05-06' WHERE id = %lld", (long long)p[1]);
	fx_run_sql("UPDATE participants SET schooling_years = 9 WHERE id = %lld", (long long)p[4]);
	fx_run_sql("UPDATE participants SET birth_date = '1979-06-01', schooling_years = NULL WHERE id = %lld",
	    (long long)p[5]);
	same_internships(t, here, kari, today, "after a birth and schooling changed", NULL, 0);
	/* a kept period repaired in SQL (an update of report_facts: the
	 * period differs from its view, its placements follow it) */
	fx_run_sql("UPDATE report_facts SET birth_date = '1970-01-01', schooling = 3 WHERE enrolment_id = %lld",
	    (long long)e[7][0]);
	same_internships_off(t, here, kari, today, "after a kept period changed", NULL, 0, 1);
	fx_run_sql("DELETE FROM report_facts WHERE enrolment_id = %lld", (long long)e[7][0]);
	fx_run_sql("INSERT INTO report_facts SELECT * FROM report_facts_source WHERE enrolment_id = %lld",
	    (long long)e[7][0]);
	same_internships(t, here, kari, today, "after it was made again", NULL, 0);
	/* a kept placement changed by hand is found */
	fx_run_sql("UPDATE placement_facts SET job = 1 - job WHERE placement_id = (SELECT MIN(placement_id)"
	       " FROM placement_facts WHERE centre_id = %lld AND kind = 1)", (long long)here);
	kept_exact(t, here, 1, 1, "a placement changed by hand");
}

/* Money's rows as text: month, then each cell's kind, people and value. */
static void
money_text(struct fx *t, int64_t centre, const struct report_filter *f, struct date today, char *out, size_t size)
{
	struct report_area_row *rows;
	size_t n, len = 0;
	assert_int_equal(store_report_money(t->db, t->a, centre, f, today, &rows, &n), SC_OK);
	out[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++) {
		len += (size_t)snprintf(out + len, size - len, "%s:", rows[i].label);
		for (int k = 0; k < 5 && len < size; k++)
			len += (size_t)snprintf(out + len, size - len, "%d/%lld/%lld,", (int)rows[i].cell[k].kind,
						(long long)rows[i].cell[k].n, (long long)rows[i].cell[k].value);
		if (len < size)
			len += (size_t)snprintf(out + len, size - len, ";");
	}
}

/* Money from scratch: decision 83's statements over every statement of
 * the approved runs (with no filter the run's totals; under one, the
 * statements whose own period passes, joined one by one), in the text of
 * money_text(). */
static const char sql_money_whole[] =
	"SELECT b.month, b.gross_ore, b.tax_ore,"
	" (SELECT COUNT(DISTINCT s.participant_id) FROM benefit_statements s WHERE s.run_id = b.id"
	"  AND s.centre_id = b.centre_id AND s.kind = 'month' AND s.month = b.month),"
	" (SELECT COALESCE(SUM(s.outstanding_after_ore), 0) FROM benefit_statements s WHERE s.run_id = b.id"
	"  AND s.centre_id = b.centre_id AND s.kind = 'month' AND s.month = b.month)"
	" FROM benefit_runs b WHERE b.centre_id = $1 AND b.state = 'approved' AND b.month <= $2 AND b.month >= $3"
	" AND b.month <= $4 AND $5 = '' AND $6 = '' AND $7 = 0 AND $8 = 0 AND $9 = 0 ORDER BY b.month";
static const char sql_money_joined[] =
	"SELECT b.month, SUM(s.gross_ore), SUM(s.tax_ore), COUNT(DISTINCT s.participant_id), SUM(s.outstanding_after_ore)"
	" FROM benefit_runs b JOIN benefit_statements s ON s.run_id = b.id AND s.centre_id = b.centre_id"
	" AND s.kind = 'month' AND s.month = b.month"
	" JOIN report_facts r ON r.enrolment_id = s.enrolment_id AND r.centre_id = s.centre_id"
	" WHERE b.centre_id = $1 AND b.state = 'approved' AND b.month <= $2 AND b.month >= $3 AND b.month <= $4"
	" AND (r.gender = $5 OR $5 = '') AND (r.country = $6 OR $6 = '') AND (r.contact_id = $7 OR $7 = 0)"
	" AND (r.start_year = $8 OR $8 = 0) AND (r.exit_year = $9 OR $9 = 0) AND r.age >= $10 AND r.age <= $11"
	" AND ($12 = 0 OR r.schooling >= $13 AND r.schooling <= $14)"
	" GROUP BY b.month ORDER BY b.month";

static void
money_scratch(struct fx *t, int64_t centre, const struct report_filter *f, struct date today, char *out, size_t size)
{
	bool join = (f->gender && f->gender[0]) || (f->country && f->country[0]) || f->contact_id != 0 ||
		    f->cohort != FIELD_NONE || f->exit_year != FIELD_NONE || f->age_band >= 0 || f->schooling >= 0;
	struct db_stmt *st = db_prepare(t->db, join ? sql_money_joined : sql_money_whole);
	/* an age band: the ages of the period's start the domain puts in it */
	int64_t lo = INT64_MAX, hi = -1;
	for (int age = 0; age < 200; age++)
		if (f->age_band < 0 || report_age_band_of(age) == f->age_band) {
			lo = age < lo ? age : lo;
			hi = age;
		}
	if (f->age_band < 0)
		lo = -1;
	/* a schooling band: the years the domain puts in it */
	int64_t slo = INT64_MAX, shi = -1;
	for (int years = 0; years < 200; years++)
		if (report_schooling_band_of(years) == f->schooling) {
			slo = years < slo ? years : slo;
			shi = years;
		}
	assert_non_null(st);
	char day[16], from[16] = "0000-00", to[16] = "9999-99";
	snprintf(day, sizeof day, "%04d-%02d", today.y, today.m);
	if (f->from.y != 0)
		snprintf(from, sizeof from, "%04d-%02d", f->from.y, f->from.m);
	if (f->to.y != 0)
		snprintf(to, sizeof to, "%04d-%02d", f->to.y, f->to.m);
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, day);
	db_bind_text(st, 3, from);
	db_bind_text(st, 4, to);
	db_bind_text(st, 5, f->gender ? f->gender : "");
	db_bind_text(st, 6, f->country ? f->country : "");
	db_bind_int(st, 7, f->contact_id);
	db_bind_int(st, 8, f->cohort != FIELD_NONE ? f->cohort : 0);
	db_bind_int(st, 9, f->exit_year != FIELD_NONE ? f->exit_year : 0);
	if (join) {
		db_bind_int(st, 10, lo);
		db_bind_int(st, 11, hi);
		db_bind_int(st, 12, f->schooling >= 0);
		db_bind_int(st, 13, slo);
		db_bind_int(st, 14, shi);
	}
	size_t len = 0;
	out[0] = '\0';
	int rc;
	while ((rc = db_step(st)) == DB_ROW && len < size) {
		long long gross = db_col_int(st, 1), tax = db_col_int(st, 2), people = db_col_int(st, 3),
			  after = db_col_int(st, 4);
		len += (size_t)snprintf(out + len, size - len, "%s:%d/%lld/%lld,%d/%lld/%lld,%d/%lld/0,%d/%lld/%lld,"
					"%d/%lld/%lld,;", db_col_text(st, 0), RC_MONEY, people, gross, RC_MONEY, people,
					people > 0 ? gross / people : 0, RC_COUNT, people, RC_MONEY, people, tax, RC_MONEY,
					people, after);
	}
	assert_int_equal(rc, DB_DONE);
	db_done(st);
}

/* How many of the bands' filters showed a month, in the calls of
 * same_money_off() since it was last set to 0. */
static int money_bands_shown;

/* Every filter's Money (kept groups, or the statements for a contact
 * person) is the one from scratch, and the kept groups equal their view
 * (off: the kept periods, report_facts, changed by hand that differ from
 * theirs, each a row missing and one extra). */
static void
same_money_off(struct fx *t, int64_t centre, int64_t kari, struct date today, const char *when, char *none,
	       size_t size, int64_t off)
{
	enum { N = NOR_FILTERS + 10 };
	struct report_filter fs[N];
	nor_filters(fs, kari);
	for (size_t k = NOR_FILTERS; k < N; k++)
		fields_clear(report_filter_fields, &fs[k]);
	fs[NOR_FILTERS].from = D(2024, 12, 1);   /* a period: the runs' months */
	fs[NOR_FILTERS + 1] = fs[3];
	fs[NOR_FILTERS + 1].to = D(2024, 12, 31);
	/* an age band alone, with a gender, with a cohort (money_ages,
	 * migrations 53 and 61), with a country or a contact person (the
	 * statements) */
	fs[NOR_FILTERS + 2].age_band = AGE_35_44;
	fs[NOR_FILTERS + 3].age_band = AGE_25_34;
	fs[NOR_FILTERS + 3].gender = "female";
	fs[NOR_FILTERS + 4].age_band = AGE_35_44;
	fs[NOR_FILTERS + 4].cohort = 2024;
	fs[NOR_FILTERS + 5].age_band = AGE_25_34;
	fs[NOR_FILTERS + 5].country = "Syria";
	fs[NOR_FILTERS + 6].age_band = AGE_35_44;
	fs[NOR_FILTERS + 6].contact_id = kari;
	/* a schooling band alone, with a gender, with a cohort (money_schools,
	 * migration 59) */
	fs[NOR_FILTERS + 7].schooling = SCHOOLING_7_9;
	fs[NOR_FILTERS + 8].schooling = SCHOOLING_13_PLUS;
	fs[NOR_FILTERS + 8].gender = "female";
	fs[NOR_FILTERS + 9].schooling = SCHOOLING_0_6;
	fs[NOR_FILTERS + 9].cohort = 2024;
	static char kept[8192], scratch[8192];
	for (size_t k = 0; k < N; k++) {
		money_text(t, centre, &fs[k], today, kept, sizeof kept);
		money_scratch(t, centre, &fs[k], today, scratch, sizeof scratch);
		if (strcmp(kept, scratch) != 0)
			fail_msg("%s, filter %zu:\n kept    %s\n scratch %s", when, k, kept, scratch);
		if (k == 0 && none != NULL)
			snprintf(none, size, "%s", kept);
		money_bands_shown += k >= NOR_FILTERS + 2 && kept[0] != '\0';
	}
	kept_exact(t, centre, off, off, when);
}

static void
same_money(struct fx *t, int64_t centre, int64_t kari, struct date today, const char *when, char *none, size_t size)
{
	same_money_off(t, centre, kari, today, when, none, size, 0);
}

/* The month statements of a run: one per participant, of the period
 * (of those given) running in the month, else the first, else none. */
static void
money_run(int64_t centre, int64_t run_id, const char *month, int np, const int64_t *p,
	  const int64_t (*e)[3], unsigned *seed)
{
	for (int i = 0; i < np; i++) {
		if (next(seed) % 5 == 0)
			continue;   /* not paid this month */
		int64_t en = e[i][next(seed) % 3];
		if (en == 0)
			en = e[i][0];
		fx_benefit_statement(centre, run_id, p[i], en, "month", month, 100000 + (long long)(next(seed) % 900000),
				(long long)(next(seed) % 90000), next(seed) % 4 == 0 ? (long long)(next(seed) % 50000) : 0);
	}
}

static void
test_money_kept(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Money kept here");
	int64_t other = fx_centre(t, "Money kept elsewhere");
	int64_t kari = fx_user(t, "money.kari", ROLE_BIT(ROLE_CONTACT));
	static const struct { const char *gender, *country; int contact; const char *periods[3][2]; } ps[] = {
		{"female", "Syria", 1, {{NULL, NULL}}},   /* no period: statements without one */
		{"male", "Eritrea", 0, {{"2023-02-01", "2023-12-31"}}},
		{"female", "Syria", 1, {{"2022-03-01", "2022-10-01"}, {"2024-01-10", NULL}}},
		{"male", "Somalia", 0, {{"2022-01-01", "2022-06-01"}, {"2022-09-01", "2023-05-01"}, {"2024-04-01", NULL}}},
		{"female", "Eritrea", 1, {{"2023-03-01", "2023-09-01"}, {"2023-03-01", NULL}}},
		{"other", "Syria", 0, {{"2024-06-01", NULL}}},
		{"female", "Syria", 0, {{"2023-01-15", "2023-11-30"}, {"2024-02-01", "2024-12-31"}}},
		{"male", "Eritrea", 1, {{"2022-05-05", NULL}}},
		{"female", "Somalia", 0, {{"2024-09-01", NULL}}},
		{"male", "Syria", 0, {{"2021-09-01", "2022-02-01"}, {"2022-04-01", "2023-02-01"}}},
	};
	enum { NP = sizeof ps / sizeof ps[0] };
	int64_t p[NP], e[NP][3] = {{0}};
	for (int i = 0; i < NP; i++) {
		p[i] = fx_participant(t, here, "Paid", "active", ps[i].contact ? kari : 0);
		/* born 1974 to 2001: each age band has some at their starts;
		 * 0 to 16 years of school, each schooling band some, one none */
		char school[8];
		snprintf(school, sizeof school, i == 4 ? "NULL" : "%d", (i * 7) % 17);
		fx_run_sql("UPDATE participants SET gender = '%s', country_of_birth = '%s', birth_date = '%d-%02d-15',"
		    " schooling_years = %s WHERE id = %lld", ps[i].gender, ps[i].country, 1974 + 3 * i, 1 + i, school,
		    (long long)p[i]);
		for (int k = 0; k < 3 && ps[i].periods[k][0] != NULL; k++)
			e[i][k] = enrol(here, p[i], ps[i].periods[k][0], ps[i].periods[k][1]);
	}
	int64_t theirs = fx_participant(t, other, "Theirs", "active", 0);
	int64_t their_e = enrol(other, theirs, "2023-01-01", NULL);
	/* runs open while written, as the run writes them; three approved,
	 * one left open, one discarded, another centre's */
	static const char *const months[] = {"2024-10", "2024-11", "2024-12", "2025-01", "2025-02"};
	int64_t runs[5];
	unsigned seed = 5;
	for (int m = 0; m < 5; m++) {
		runs[m] = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
				" VALUES (%lld, '%s', 'open', 1000, %d, %d) RETURNING id", (long long)here, months[m],
			     1000000 + m, 90000 + m);
		money_run(here, runs[m], months[m], NP, p, (const int64_t (*)[3])e, &seed);
	}
	/* a correction of an earlier month and a statement of another month
	 * are not Money's month statements */
	fx_benefit_statement(here, runs[1], p[2], e[2][1], "recomputed", "2024-10", 7777, 777, 77);
	fx_benefit_statement(here, runs[2], p[3], e[3][2], "month", "2024-11", 8888, 888, 88);
	int64_t their_run = fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
				   " VALUES (%lld, '2024-11', 'open', 1000, 5, 1) RETURNING id", (long long)other);
	fx_benefit_statement(other, their_run, theirs, their_e, "month", "2024-11", 5, 1, 3);
	fx_run_sql("UPDATE benefit_runs SET state = 'approved' WHERE id IN (%lld, %lld, %lld, %lld)", (long long)runs[0],
	    (long long)runs[1], (long long)runs[2], (long long)their_run);
	fx_run_sql("UPDATE benefit_runs SET state = 'discarded' WHERE id = %lld", (long long)runs[3]);
	struct date today = D(2025, 6, 1);
	char before[8192], after[8192];
	money_bands_shown = 0;
	same_money(t, here, kari, today, "at first", before, sizeof before);
	assert_int_equal(money_bands_shown, 8);   /* each band's filter counts someone */
	same_money(t, other, kari, today, "the other centre", NULL, 0);
	assert_true(strlen(before) > 100);
	/* a run approved adds its groups; one approved whose month is after
	 * today is not shown until then */
	fx_run_sql("UPDATE benefit_runs SET state = 'approved', approved_at = 2000 WHERE id = %lld", (long long)runs[4]);
	same_money(t, here, kari, today, "after a run approved", after, sizeof after);
	assert_string_not_equal(before, after);
	same_money(t, here, kari, D(2025, 1, 15), "before the last run's month", NULL, 0);
	/* a run approved again (a version bump, a download) adds nothing */
	fx_run_sql("UPDATE benefit_runs SET version = version + 1, downloads = downloads + 1 WHERE id = %lld",
	    (long long)runs[4]);
	same_money(t, here, kari, today, "after a download", NULL, 0);
	/* and every write of a period: an exit (the exit year), a start moved
	 * to another year, a period without statements deleted, one added,
	 * a participant's gender and country, a contact person */
	fx_run_sql("UPDATE enrolments SET exit_date = '2024-11-30', status = 'exited', outcome = 'education' WHERE id = %lld",
	    (long long)e[5][0]);
	fx_run_sql("UPDATE enrolments SET start_date = '2023-06-01' WHERE id = %lld", (long long)e[2][1]);
	int64_t spare = enrol(here, p[1], "2025-03-01", NULL);
	fx_run_sql("DELETE FROM enrolments WHERE id = %lld", (long long)spare);
	enrol(here, p[0], "2024-09-01", NULL);
	fx_run_sql("UPDATE participants SET gender = 'male', country_of_birth = 'Somalia' WHERE id = %lld", (long long)p[6]);
	fx_run_sql("UPDATE participants SET contact_id = %lld WHERE id = %lld", (long long)kari, (long long)p[8]);
	/* a birth date corrected: the periods' ages at their starts (and age band) */
	fx_run_sql("UPDATE participants SET birth_date = '1999-05-05' WHERE id = %lld", (long long)p[3]);
	/* and one's years of schooling (0-6 to 7-9: money_schools, migration 59) */
	fx_run_sql("UPDATE participants SET schooling_years = 9 WHERE id = %lld", (long long)p[5]);
	same_money(t, here, kari, today, "after the periods changed", NULL, 0);
	/* a kept period repaired in SQL (an update of report_facts) */
	fx_run_sql("UPDATE report_facts SET exit_year = 2021, gender = 'other' WHERE enrolment_id = %lld", (long long)e[7][0]);
	same_money_off(t, here, kari, today, "after a kept period changed", NULL, 0, 1);
	fx_run_sql("DELETE FROM report_facts WHERE enrolment_id = %lld", (long long)e[7][0]);
	fx_run_sql("INSERT INTO report_facts SELECT * FROM report_facts_source WHERE enrolment_id = %lld",
	    (long long)e[7][0]);
	same_money(t, here, kari, today, "after it was made again", NULL, 0);
	/* a run inserted approved (in SQL) adds its groups too */
	fx_run_sql("INSERT INTO benefit_runs (centre_id, month, state, run_at, gross_ore, tax_ore)"
	       " VALUES (%lld, '2025-03', 'approved', 1000, 3, 1) RETURNING id", (long long)here);
	same_money(t, here, kari, today, "with a run inserted approved", NULL, 0);
	/* a kept group changed by hand is found, and made again */
	fx_run_sql("UPDATE money_groups SET gross_ore = gross_ore + 1 WHERE centre_id = %lld AND kind = 1 AND run_id = %lld"
	       " AND gender = 'male'", (long long)here, (long long)runs[0]);
	struct db_stmt *st = db_prepare(t->db, "SELECT COUNT(*) FROM money_groups WHERE centre_id = $1 AND kind = 1"
					       " AND run_id = $2 AND gender = 'male'");
	assert_non_null(st);
	db_bind_int(st, 1, here);
	db_bind_int(st, 2, runs[0]);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t changed = db_col_int(st, 0);
	db_done(st);
	assert_true(changed > 0);
	kept_exact(t, here, changed, changed, "groups changed by hand");
	fx_run_sql("DELETE FROM money_groups WHERE centre_id = %lld", (long long)here);
	fx_run_sql("INSERT INTO money_groups SELECT * FROM money_groups_source WHERE centre_id = %lld", (long long)here);
	same_money(t, here, kari, today, "made again", NULL, 0);
}

/* The count of sql (a constant: statements are cached by their text's
 * address) with $1 centre and $2, $3 the texts a and b (NULL: none). */
static int64_t
count_of(struct fx *t, const char *sql, int64_t centre, const char *a, const char *b)
{
	struct db_stmt *st = db_prepare(t->db, sql);
	assert_non_null(st);
	db_bind_int(st, 1, centre);
	if (a != NULL)
		db_bind_text(st, 2, a);
	if (b != NULL)
		db_bind_text(st, 3, b);
	int64_t n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

static const char sql_in_phase[] = "SELECT COUNT(*) FROM placements WHERE centre_id = $1 AND phase = $2";
static const char sql_starting[] =
	"SELECT COUNT(*) FROM placements WHERE centre_id = $1 AND phase = 'agreed' AND starts_on >= $2 AND starts_on <= $3";
static const char sql_ending[] =
	"SELECT COUNT(*) FROM placements WHERE centre_id = $1 AND phase = 'agreed' AND ends_on >= $2 AND ends_on <= $3";
static const char sql_zero_rows[] = "SELECT COUNT(*) FROM placement_counts WHERE n = 0 OR centre_id = $1";

/* The liaison's home's totals (migration 41, decision 90) against the
 * placements counted from scratch: each phase, and the agreed placements
 * starting in the week from today and ending in the two weeks from today,
 * on several days; and the kept rows against their view. */
static void
same_counts(struct fx *t, int64_t centre, const char *when)
{
	static const struct date days[] = {{2024, 2, 26}, {2024, 3, 1}, {2024, 3, 15}, {2024, 4, 1}};
	struct arena *a = arena_new();
	assert_non_null(a);
	for (int ph = 0; ph < PHASE_COUNT; ph++) {
		struct placement_list l;
		assert_int_equal(store_placements_in_phase(t->db, a, centre, (enum placement_phase)ph, 3, true, &l), SC_OK);
		const char *key = placement_phase_options[ph].key;
		int64_t counted = count_of(t, sql_in_phase, centre, key, NULL);
		if (l.total != counted)
			fail_msg("%s: %lld in %s, counted %lld", when, (long long)l.total, key, (long long)counted);
		assert_int_equal(l.more, l.total > (int64_t)l.n);
	}
	for (size_t d = 0; d < sizeof days / sizeof days[0]; d++)
		for (int starting = 0; starting < 2; starting++) {
			struct date to = date_add_days(days[d], starting ? 6 : 14);
			char from_s[11], to_s[11];
			date_format(days[d], from_s);
			date_format(to, to_s);
			struct placement_list l;
			assert_int_equal(store_placements_between(t->db, a, centre, starting, days[d], to, 2, true, &l), SC_OK);
			int64_t counted = count_of(t, starting ? sql_starting : sql_ending, centre, from_s, to_s);
			if (l.total != counted)
				fail_msg("%s: %lld %s %s..%s, counted %lld", when, (long long)l.total,
					 starting ? "starting" : "ending", from_s, to_s, (long long)counted);
		}
	arena_free(a);
	kept_exact(t, centre, 0, 0, when);
}

static void
test_placement_counts_kept(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Counted here");
	int64_t other = fx_centre(t, "Counted elsewhere");
	int64_t emp = fx_run_sql("INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at, updated_at)"
			     " VALUES (%lld, 'Counted', 'counted', '910000001', '56', 1000, 1000) RETURNING id",
			  (long long)here);
	int64_t p = fx_participant(t, here, "Counted", "active", 0);
	int64_t q = fx_participant(t, other, "Elsewhere", "active", 0);
	same_counts(t, here, "with none");
	/* placements in every phase, agreed ones starting and ending around
	 * the days counted, some without dates */
	static const char *const phases[] = {"proposed", "negotiating", "awaiting_approval", "agreed", "agreed",
					     "ended_early", "agreed"};
	unsigned seed = 7;
	for (int k = 0; k < 60; k++) {
		int start = (int)(next(&seed) % 60), len = (int)(next(&seed) % 40);
		const char *phase = phases[next(&seed) % 7];
		bool dated = k % 9 != 0;
		char s[16], e[16];
		struct date sd = date_add_days((struct date){2024, 2, 1}, start), ed = date_add_days(sd, len);
		char sf[11], ef[11];
		date_format(sd, sf);
		date_format(ed, ef);
		snprintf(s, sizeof s, dated ? "'%s'" : "NULL", sf);
		snprintf(e, sizeof e, dated || k % 2 ? "'%s'" : "NULL", ef);
		fx_run_sql("INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase, created_at,"
		       " updated_at) VALUES (%lld, %lld, %lld, %s, %s, '%s', 1000, 1000)", (long long)here, (long long)p,
		    (long long)emp, s, e, phase);
	}
	fx_run_sql("INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase, created_at,"
	       " updated_at) VALUES (%lld, %lld, %lld, '2024-03-01', '2024-03-10', 'agreed', 1000, 1000)",
	    (long long)other, (long long)q, (long long)emp);
	same_counts(t, here, "at first");
	same_counts(t, other, "the other centre");
	/* every kind of write: a phase moved (approved, ended early), a period
	 * moved, dates cleared, to the other centre and back, deleted */
	fx_run_sql("UPDATE placements SET phase = 'agreed' WHERE phase = 'awaiting_approval' AND id %% 2 = 0");
	same_counts(t, here, "after approvals");
	fx_run_sql("UPDATE placements SET phase = 'ended_early', ended_on = starts_on WHERE phase = 'agreed' AND id %% 3 = 0");
	same_counts(t, here, "after ended early");
	fx_run_sql("UPDATE placements SET starts_on = '2024-03-02', ends_on = '2024-03-12' WHERE id %% 5 = 1");
	same_counts(t, here, "after periods moved");
	fx_run_sql("UPDATE placements SET ends_on = NULL WHERE id %% 7 = 2");
	same_counts(t, here, "after ends cleared");
	fx_run_sql("UPDATE placements SET centre_id = %lld WHERE id %% 11 = 3", (long long)other);
	same_counts(t, here, "after some moved away");
	same_counts(t, other, "the other centre after some came");
	fx_run_sql("UPDATE placements SET version = version + 1, tasks = 'Shelves' WHERE id %% 2 = 1");
	same_counts(t, here, "after other columns changed");
	fx_run_sql("DELETE FROM placements WHERE id %% 4 = 0");
	same_counts(t, here, "after deletes");
	same_counts(t, other, "the other centre after deletes");
	fx_run_sql("DELETE FROM placements WHERE centre_id = %lld", (long long)here);
	same_counts(t, here, "after all were deleted");
	/* an emptied count goes: none is left here, and none anywhere is 0 */
	assert_int_equal(count_of(t, sql_zero_rows, here, NULL, NULL), 0);
	/* a kept count changed by hand is found */
	fx_run_sql("UPDATE placement_counts SET n = n + 1 WHERE centre_id = %lld AND kind = 'agreed'", (long long)other);
	kept_exact(t, other, 1, 1, "a count changed by hand");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_norwegian_kept),
		FX_TEST(test_norwegian_bands),
		FX_TEST(test_internships_kept),
		FX_TEST(test_internships_age_edges),
		FX_TEST(test_money_kept),
		FX_TEST(test_placement_counts_kept),
	};
	return fx_run("test_area_kept", tests, sizeof tests / sizeof tests[0]);
}
