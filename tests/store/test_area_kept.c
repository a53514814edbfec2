/*
 * The other areas' kept reports (migration 38, docs/DECISIONS.md 87):
 * Norwegian's steps kept per participant and counted by the filters'
 * columns give the figures of every assessment read one by one (the rows
 * path, which a period forces), under every filter, before and after the
 * assessments and the periods change, and the kept tables equal their views
 * (store_report_facts_verify()). The liaison's home's kept counts of
 * placements (migration 41) give the placements counted, after every kind
 * of write. Both engines.
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
#include "domain/report.h"
#include "domain/placement.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })

static char sqlbuf[2048];

/* Runs the statement in sqlbuf beside the store (fx_exec()); for an
 * INSERT INTO enrolments or employers ... RETURNING id, returns the newest id. */
static int64_t
run(struct fx *t, const char *sql)
{
	char text[2048];
	snprintf(text, sizeof text, "%s", sql);
	char *ret = strstr(text, " RETURNING id");
	if (ret != NULL)
		*ret = '\0';
	fx_exec(text);
	if (ret == NULL)
		return 0;
	struct db_stmt *st = db_prepare(t->db, strncmp(text, "INSERT INTO employers", 21) == 0
						       ? "SELECT MAX(id) FROM employers" : "SELECT MAX(id) FROM enrolments");
	assert_non_null(st);
	int64_t id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

#define RUN(t, ...) (snprintf(sqlbuf, sizeof sqlbuf, __VA_ARGS__), run((t), sqlbuf))

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

/* The report's rows as text: year, then each skill's people and tenths. */
static void
nor_text(struct fx *t, int64_t centre, const struct report_filter *f, struct date today, char *out, size_t size)
{
	struct report_area_row *rows;
	size_t n, len = 0;
	assert_int_equal(store_report_norwegian(t->db, t->a, centre, f, today, &rows, &n), SC_OK);
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

/* Every filter's figures from the kept steps are those of the rows (a
 * period from 1900 forces the rows and takes every assessment); returns
 * the figures with no filter. */
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
enrol(struct fx *t, int64_t centre, int64_t p, const char *start, const char *exit)
{
	char e[16];
	snprintf(e, sizeof e, exit ? "'%s'" : "NULL", exit);
	return RUN(t, "INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date, outcome,"
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
		RUN(t, "UPDATE participants SET gender = '%s', country_of_birth = '%s', birth_date = '%s' WHERE id = %lld",
		    ps[i].gender, ps[i].country, ps[i].birth, (long long)p[i]);
		for (int k = 0; k < 3 && ps[i].periods[k][0] != NULL; k++)
			e[i][k] = enrol(t, here, p[i], ps[i].periods[k][0], ps[i].periods[k][1]);
	}
	int64_t theirs = fx_participant(t, other, "Theirs", "active", 0);
	enrol(t, other, theirs, "2023-01-01", NULL);
	/* assessments from mid-2021 to mid-2025, some on a period's first day;
	 * one run of 70 (more than the 64 the report keeps) */
	unsigned seed = 7;
	for (int i = 0; i < NP; i++)
		for (int s = 0; s < 4; s++) {
			int count = (int)(next(&seed) % 7);
			for (int k = 0; k < count; k++) {
				/* months of 28 days from 2021-01-01 to 2025-05-28 */
				int day = (int)(next(&seed) % (4 * 336 + 5 * 28));
				RUN(t, "INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
				       " VALUES (%lld, '%s', '%s', '%04d-%02d-%02d', 1000, %lld)", (long long)p[i], skills[s],
				    levels[next(&seed) % 5], 2021 + day / 336, 1 + day % 336 / 28, 1 + day % 28, (long long)here);
			}
		}
	for (int k = 0; k < 70; k++)
		RUN(t, "INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
		       " VALUES (%lld, 'writing', '%s', '%04d-%02d-%02d', 1000, %lld)", (long long)p[3], levels[next(&seed) % 5],
		    2021 + k / 20, 1 + (k % 20) / 2, 1 + k % 2 * 14, (long long)here);
	RUN(t, "INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
	       " VALUES (%lld, 'reading', 'A1', '2022-02-01', 1000, %lld), (%lld, 'reading', 'B2', '2024-03-01', 1000, %lld)",
	    (long long)theirs, (long long)other, (long long)theirs, (long long)other);
	struct date today = D(2025, 6, 1);
	char before[8192], after[8192];
	same_norwegian(t, here, kari, today, "at first", before, sizeof before);
	same_norwegian(t, other, kari, today, "the other centre", NULL, 0);
	kept_exact(t, other, 0, 0, "the other centre");
	assert_true(strlen(before) > 20);
	/* the figures follow every write of an assessment */
	RUN(t, "INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
	       " VALUES (%lld, 'speaking', 'C1', '2024-12-30', 1000, %lld)", (long long)p[2], (long long)here);
	RUN(t, "DELETE FROM language_assessments WHERE id = (SELECT MIN(id) FROM language_assessments"
	       " WHERE participant_id = %lld)", (long long)p[3]);
	RUN(t, "UPDATE language_assessments SET level = 'A1' WHERE id = (SELECT MAX(id) FROM language_assessments"
	       " WHERE participant_id = %lld)", (long long)p[6]);
	RUN(t, "UPDATE language_assessments SET assessed_on = '2022-08-15' WHERE id = (SELECT MIN(id)"
	       " FROM language_assessments WHERE participant_id = %lld)", (long long)p[9]);
	RUN(t, "UPDATE language_assessments SET participant_id = %lld WHERE id = (SELECT MIN(id)"
	       " FROM language_assessments WHERE participant_id = %lld)", (long long)p[0], (long long)p[7]);
	same_norwegian(t, here, kari, today, "after the assessments changed", after, sizeof after);
	assert_string_not_equal(before, after);
	/* and every write of a period: an exit, a start moved, a period
	 * deleted, one added, a participant's gender */
	RUN(t, "UPDATE enrolments SET exit_date = '2024-11-30', status = 'exited', outcome = 'education' WHERE id = %lld",
	    (long long)e[5][0]);
	RUN(t, "UPDATE enrolments SET start_date = '2023-06-01' WHERE id = %lld", (long long)e[2][1]);
	RUN(t, "DELETE FROM enrolments WHERE id = %lld", (long long)e[1][0]);
	enrol(t, here, p[0], "2024-09-01", NULL);
	enrol(t, here, p[7], "2021-11-01", "2022-03-01");
	RUN(t, "UPDATE participants SET gender = 'male' WHERE id = %lld", (long long)p[6]);
	same_norwegian(t, here, kari, today, "after the periods changed", NULL, 0);
	/* a future assessment: the rows are read (the kept steps count it) */
	RUN(t, "INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
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
	RUN(t, "UPDATE language_steps SET gain = gain + 1 WHERE participant_id = %lld", (long long)p[7]);
	kept_exact(t, here, steps, steps, "steps changed by hand");
	RUN(t, "DELETE FROM language_steps WHERE participant_id = %lld", (long long)p[7]);
	RUN(t, "INSERT INTO language_steps SELECT * FROM language_steps_source WHERE participant_id = %lld",
	    (long long)p[7]);
	kept_exact(t, here, 0, 0, "made again");
	/* a participant deleted takes their steps along */
	RUN(t, "DELETE FROM language_assessments WHERE participant_id = %lld", (long long)p[3]);
	same_norwegian(t, here, kari, today, "after a participant's assessments went", NULL, 0);
}

/* Internships' rows as text: table, label, each cell's people and base. */
static void
intern_text(struct fx *t, int64_t centre, const struct report_filter *f, struct date today, char *out, size_t size)
{
	struct report_area_row *rows;
	size_t n, len = 0;
	assert_int_equal(store_report_internships(t->db, t->a, centre, f, today, &rows, &n), SC_OK);
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

/* Every filter's Internships from the kept placements are those of the
 * rows (a period from 1900 forces the rows); the kept tables are exact. */
static void
same_internships(struct fx *t, int64_t centre, int64_t kari, struct date today, const char *when, char *none,
		 size_t size)
{
	struct report_filter fs[NOR_FILTERS];
	nor_filters(fs, kari);
	static char kept[16384], rows[16384];
	for (size_t k = 0; k < NOR_FILTERS; k++) {
		intern_text(t, centre, &fs[k], today, kept, sizeof kept);
		struct report_filter all = fs[k];
		all.from = D(1900, 1, 1);
		intern_text(t, centre, &all, today, rows, sizeof rows);
		if (strcmp(kept, rows) != 0)
			fail_msg("%s, filter %zu:\n kept %s\n rows %s", when, k, kept, rows);
		if (k == 0 && none != NULL)
			snprintf(none, size, "%s", kept);
	}
	kept_exact(t, centre, 0, 0, when);
}

static void
test_internships_kept(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Placements here");
	int64_t other = fx_centre(t, "Placements elsewhere");
	int64_t kari = fx_user(t, "placed.kari", ROLE_BIT(ROLE_CONTACT));
	static const struct { const char *gender, *country; int contact; const char *periods[3][2]; } ps[] = {
		{"female", "Syria", 1, {{NULL, NULL}}},   /* no period */
		{"male", "Eritrea", 0, {{"2023-02-01", "2023-12-31"}}},
		{"female", "Syria", 1, {{"2022-03-01", "2022-10-01"}, {"2024-01-10", NULL}}},
		{"male", "Somalia", 0, {{"2022-01-01", "2022-06-01"}, {"2022-09-01", "2023-05-01"}, {"2024-04-01", NULL}}},
		{"female", "Eritrea", 1, {{"2023-03-01", "2023-09-01"}, {"2023-03-01", NULL}}},   /* the same day */
		{"other", "Syria", 0, {{"2024-06-01", NULL}}},
		{"female", "Syria", 0, {{"2023-01-15", "2023-11-30"}, {"2024-02-01", "2024-12-31"}}},
		{"male", "Eritrea", 1, {{"2022-05-05", NULL}}},
	};
	enum { NP = sizeof ps / sizeof ps[0], NE = 5 };
	int64_t p[NP], e[NP][3] = {{0}}, emp[NE];
	static const char *const industries[] = {"56", "47", "56", "86", "47"};
	for (int i = 0; i < NE; i++)
		emp[i] = RUN(t, "INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at, updated_at)"
				" VALUES (%lld, 'Employer %c', 'employer %c', '91000000%d', '%s', 1000, 1000) RETURNING id",
			     (long long)here, 'A' + i, 'a' + i, i, industries[i]);
	int64_t theirs_emp = RUN(t, "INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at,"
				    " updated_at) VALUES (%lld, 'Theirs', 'theirs', '910000009', '56', 1000, 1000) RETURNING id",
				 (long long)other);
	for (int i = 0; i < NP; i++) {
		p[i] = fx_participant(t, here, "Placed", "active", ps[i].contact ? kari : 0);
		RUN(t, "UPDATE participants SET gender = '%s', country_of_birth = '%s' WHERE id = %lld", ps[i].gender,
		    ps[i].country, (long long)p[i]);
		for (int k = 0; k < 3 && ps[i].periods[k][0] != NULL; k++)
			e[i][k] = enrol(t, here, p[i], ps[i].periods[k][0], ps[i].periods[k][1]);
	}
	int64_t theirs = fx_participant(t, other, "Theirs", "active", 0);
	enrol(t, other, theirs, "2023-01-01", NULL);
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
			RUN(t, "INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase,"
			       " ended_on, end_reason, result, created_at, updated_at) VALUES (%lld, %lld, %lld,"
			       " '%04d-%02d-%02d', '%04d-%02d-%02d', '%s', %s%04d-%02d-%02d%s, %s, %s, 1000, 1000)",
			    (long long)here, (long long)p[i], (long long)emp[next(&seed) % NE], 2021 + day / 336,
			    1 + day % 336 / 28, 1 + day % 28, 2021 + end / 336, 1 + end % 336 / 28, 1 + end % 28,
			    phases[phase], phase == 2 ? "'" : "CAST(NULL AS TEXT) || '", 2021 + ended / 336,
			    1 + ended % 336 / 28, 1 + ended % 28, "'", reason, result);
		}
	RUN(t, "INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase, created_at,"
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
	RUN(t, "UPDATE placements SET phase = 'ended_early', ended_on = starts_on, end_reason = 'got_job'"
	       " WHERE id = (SELECT MIN(id) FROM placements WHERE participant_id = %lld AND phase = 'agreed')",
	    (long long)p[2]);
	RUN(t, "UPDATE placements SET ends_on = '2025-06-01' WHERE id = (SELECT MAX(id) FROM placements"
	       " WHERE participant_id = %lld)", (long long)p[3]);
	RUN(t, "UPDATE placements SET employer_id = %lld, starts_on = '2025-05-31' WHERE id = (SELECT MAX(id)"
	       " FROM placements WHERE participant_id = %lld)", (long long)emp[0], (long long)p[5]);
	RUN(t, "UPDATE placements SET participant_id = %lld WHERE id = (SELECT MIN(id) FROM placements"
	       " WHERE participant_id = %lld)", (long long)p[0], (long long)p[7]);
	RUN(t, "DELETE FROM placements WHERE id = (SELECT MIN(id) FROM placements WHERE participant_id = %lld)",
	    (long long)p[6]);
	RUN(t, "UPDATE placements SET phase = 'agreed' WHERE phase = 'negotiating' AND participant_id = %lld", (long long)p[4]);
	same_internships(t, here, kari, today, "after the placements changed", after, sizeof after);
	assert_string_not_equal(before, after);
	/* and every write of a period */
	RUN(t, "UPDATE enrolments SET exit_date = '2024-11-30', status = 'exited', outcome = 'education' WHERE id = %lld",
	    (long long)e[5][0]);
	RUN(t, "UPDATE enrolments SET start_date = '2023-06-01' WHERE id = %lld", (long long)e[2][1]);
	RUN(t, "DELETE FROM enrolments WHERE id = %lld", (long long)e[1][0]);
	enrol(t, here, p[0], "2024-09-01", NULL);
	enrol(t, here, p[7], "2021-11-01", "2022-03-01");
	RUN(t, "UPDATE participants SET gender = 'male', country_of_birth = 'Somalia' WHERE id = %lld", (long long)p[6]);
	same_internships(t, here, kari, today, "after the periods changed", NULL, 0);
	same_internships(t, here, kari, D(2022, 6, 30), "after the periods changed, earlier", NULL, 0);
	/* a kept placement changed by hand is found */
	RUN(t, "UPDATE placement_facts SET job = 1 - job WHERE placement_id = (SELECT MIN(placement_id)"
	       " FROM placement_facts WHERE centre_id = %lld AND kind = 1)", (long long)here);
	kept_exact(t, here, 1, 1, "a placement changed by hand");
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
	int64_t emp = RUN(t, "INSERT INTO employers (centre_id, name, name_key, orgnr, industry, created_at, updated_at)"
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
		RUN(t, "INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase, created_at,"
		       " updated_at) VALUES (%lld, %lld, %lld, %s, %s, '%s', 1000, 1000)", (long long)here, (long long)p,
		    (long long)emp, s, e, phase);
	}
	RUN(t, "INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase, created_at,"
	       " updated_at) VALUES (%lld, %lld, %lld, '2024-03-01', '2024-03-10', 'agreed', 1000, 1000)",
	    (long long)other, (long long)q, (long long)emp);
	same_counts(t, here, "at first");
	same_counts(t, other, "the other centre");
	/* every kind of write: a phase moved (approved, ended early), a period
	 * moved, dates cleared, to the other centre and back, deleted */
	RUN(t, "UPDATE placements SET phase = 'agreed' WHERE phase = 'awaiting_approval' AND id %% 2 = 0");
	same_counts(t, here, "after approvals");
	RUN(t, "UPDATE placements SET phase = 'ended_early', ended_on = starts_on WHERE phase = 'agreed' AND id %% 3 = 0");
	same_counts(t, here, "after ended early");
	RUN(t, "UPDATE placements SET starts_on = '2024-03-02', ends_on = '2024-03-12' WHERE id %% 5 = 1");
	same_counts(t, here, "after periods moved");
	RUN(t, "UPDATE placements SET ends_on = NULL WHERE id %% 7 = 2");
	same_counts(t, here, "after ends cleared");
	RUN(t, "UPDATE placements SET centre_id = %lld WHERE id %% 11 = 3", (long long)other);
	same_counts(t, here, "after some moved away");
	same_counts(t, other, "the other centre after some came");
	RUN(t, "UPDATE placements SET version = version + 1, tasks = 'Shelves' WHERE id %% 2 = 1");
	same_counts(t, here, "after other columns changed");
	RUN(t, "DELETE FROM placements WHERE id %% 4 = 0");
	same_counts(t, here, "after deletes");
	same_counts(t, other, "the other centre after deletes");
	RUN(t, "DELETE FROM placements WHERE centre_id = %lld", (long long)here);
	same_counts(t, here, "after all were deleted");
	/* an emptied count goes: none is left here, and none anywhere is 0 */
	assert_int_equal(count_of(t, sql_zero_rows, here, NULL, NULL), 0);
	/* a kept count changed by hand is found */
	RUN(t, "UPDATE placement_counts SET n = n + 1 WHERE centre_id = %lld AND kind = 'agreed'", (long long)other);
	kept_exact(t, other, 1, 1, "a count changed by hand");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_norwegian_kept),
		FX_TEST(test_internships_kept),
		FX_TEST(test_placement_counts_kept),
	};
	return fx_run("test_area_kept", tests, sizeof tests / sizeof tests[0]);
}
