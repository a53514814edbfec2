/*
 * test_band_ages.c — Intake and Caseloads under an age band read the age
 * kept beside their rows (migration 51, docs/DECISIONS.md 106): the age at
 * the referral (intake_facts.age) and at the period's start
 * (caseload_spans.age) equal date_age_on() on the edges of the bands, follow
 * a birth date corrected, equal their views from scratch, and the reports
 * counted together by the age give the figures of the rows read one by one,
 * under every band alone, with a gender and with a contact person.
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
#include "store/db.h"
#include "store/store.h"
#include "util/err.h"

static const char sql_intake_age[] = "SELECT age FROM intake_facts WHERE referral_id = $1";
static const char sql_span_age[] = "SELECT MIN(age), MAX(age), COUNT(*) FROM caseload_spans WHERE enrolment_id = $1";

static int64_t
kept_age(struct fx *t, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(t->db, sql);
	assert_non_null(st);
	db_bind_int(st, 1, id);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t age = db_col_int(st, 0);
	if (sql == sql_span_age) {
		/* one span, so one age */
		assert_int_equal(db_col_int(st, 2), 1);
		assert_int_equal(db_col_int(st, 1), age);
	}
	db_done(st);
	return age;
}

/* The referrals of f counted from the kept ages (the report's way) and
 * one by one; returns how many passed f. */
static int64_t
same_intake(struct fx *t, const struct report_filter *f, struct date today, const char *what)
{
	struct report_period *p = NULL;
	size_t np = 0, pcap = 0;
	assert_int_equal(store_report_periods(t->db, t->a, 1, &p, &np, &pcap), SC_OK);
	struct date ends[12];
	report_month_ends(report_intake_until(f, today), ends);
	struct report_referral *g = NULL, *one = NULL;
	size_t ng = 0, gcap = 0, n1 = 0, cap1 = 0;
	assert_int_equal(store_report_referral_groups(t->db, t->a, 1, f, ends[0], ends[11], &g, &ng, &gcap), SC_OK);
	assert_int_equal(store_report_referrals(t->db, t->a, 1, &one, &n1, &cap1), SC_OK);
	struct report x, y;
	assert_int_equal(report_intake(p, np, g, ng, f, today, t->a, &x), SC_OK);
	assert_int_equal(report_intake(p, np, one, n1, f, today, t->a, &y), SC_OK);
	fx_same_report(&x, &y, what);
	int64_t passed = 0;
	for (size_t i = 0; i < ng; i++)
		if (!g[i].list_only) {
			struct report_period q = {.centre_id = 1, .contact_id = g[i].contact_id, .birth = g[i].birth,
						  .start = g[i].referred_on, .gender = g[i].gender,
						  .country = g[i].country, .schooling = g[i].schooling,
						  .age_kept = g[i].age_kept, .age = g[i].age};
			struct report_filter h = *f;
			h.cohort = FIELD_NONE;
			passed += report_period_matches(&h, &q) ? (g[i].n != 0 ? g[i].n : 1) : 0;
		}
	return passed;
}

/* Caseloads from the kept rows by the age (the report's way) and from the
 * periods and assignments one by one (before migration 31); returns the
 * active periods of f today with a contact person. */
static int64_t
same_caseloads(struct fx *t, const struct report_filter *f, struct date today, const char *what)
{
	struct report_period *now = NULL, *p = NULL;
	size_t nnow = 0, nowcap = 0, np = 0, pcap = 0, na = 0, nc = 0, nch = 0, chcap = 0, nch1 = 0;
	struct report_change *ch = NULL, *ch1 = NULL;
	struct report_assignment *as = NULL;
	struct report_contact *cs = NULL;
	assert_int_equal(store_report_caseload_now(t->db, t->a, 1, f, today, &now, &nnow, &nowcap), SC_OK);
	assert_int_equal(store_report_caseload_changes(t->db, t->a, 1, f, today, &ch, &nch, &chcap), SC_OK);
	assert_int_equal(store_report_periods(t->db, t->a, 1, &p, &np, &pcap), SC_OK);
	assert_int_equal(store_report_assignments(t->db, t->a, 1, &as, &na), SC_OK);
	assert_int_equal(store_report_contacts(t->db, t->a, 1, &cs, &nc), SC_OK);
	size_t k = 0;
	for (size_t i = 0; i < np; i++)
		if (report_period_matches(f, &p[i]))
			p[k++] = p[i];
	assert_int_equal(report_caseload_changes(p, k, as, na, t->a, &ch1, &nch1), SC_OK);
	struct report x, y;
	assert_int_equal(report_caseloads(now, nnow, ch, nch, cs, nc, f, today, t->a, &x), SC_OK);
	assert_int_equal(report_caseloads(p, k, ch1, nch1, cs, nc, f, today, t->a, &y), SC_OK);
	fx_same_report(&x, &y, what);
	int64_t active = 0;
	for (size_t i = 0; i < nnow; i++)
		active += report_period_matches(f, &now[i]) ? report_weight(&now[i]) : 0;
	return active;
}

/* Every band alone, with women, with a contact person: both ways the same;
 * the 35-44 band's counts returned. */
static void
same_all(struct fx *t, int64_t kari, struct date today, const char *when, int64_t *referred, int64_t *active)
{
	for (int band = -1; band <= AGE_45_PLUS; band++)
		for (int k = 0; k < 3; k++) {
			struct report_filter f;
			fields_clear(report_filter_fields, &f);
			f.age_band = band;
			f.gender = k == 1 ? "female" : NULL;
			f.contact_id = k == 2 ? kari : 0;
			char what[96];
			snprintf(what, sizeof what, "%s: band %d, %s", when, band, k == 0 ? "alone" : k == 1 ? "women" : "kari");
			int64_t r = same_intake(t, &f, today, what);
			int64_t c = same_caseloads(t, &f, today, what);
			if (band == AGE_35_44 && k == 0) {
				*referred = r;
				*active = c;
			}
		}
}

static void
test_band_ages(void **state)
{
	struct fx *t = *state;
	int64_t kari = fx_user(t, "b.kari", ROLE_BIT(ROLE_CONTACT));
	static const struct { struct date birth, start; } cs[] = {
		{{1990, 6, 15}, {2025, 6, 15}}, {{1990, 6, 15}, {2025, 6, 14}}, {{1990, 6, 15}, {2025, 6, 16}},
		{{1990, 6, 15}, {2025, 5, 31}}, {{1990, 6, 15}, {2025, 7, 1}},
		{{1988, 2, 29}, {2023, 2, 28}}, {{1988, 2, 29}, {2023, 3, 1}}, {{1988, 2, 29}, {2024, 2, 28}},
		{{1988, 2, 29}, {2024, 2, 29}}, {{1988, 2, 29}, {2024, 3, 1}}, {{1987, 3, 1}, {2024, 2, 29}},
		{{1987, 2, 28}, {2024, 2, 29}}, {{1999, 12, 31}, {2024, 1, 1}}, {{2000, 1, 1}, {2024, 12, 31}},
		{{2000, 1, 1}, {2025, 1, 1}}, {{2025, 3, 1}, {2025, 2, 28}}, {{2025, 3, 1}, {2025, 3, 1}},
		{{1980, 10, 2}, {2024, 10, 1}}, {{1980, 10, 2}, {2024, 10, 2}}, {{1979, 1, 31}, {2024, 2, 1}},
		{{1981, 1, 1}, {2025, 12, 31}}, {{1980, 12, 31}, {2025, 12, 31}},
	};
	enum { NC = sizeof cs / sizeof cs[0] };
	int64_t pid[NC], ref[NC], enrolment[NC];
	for (int i = 0; i < NC; i++) {
		char birth[11], start[11];
		date_format(cs[i].birth, birth);
		date_format(cs[i].start, start);
		/* every other one kari's, every third a woman */
		pid[i] = fx_participant(t, 1, "Banded", "active", i % 2 == 0 ? kari : 0);
		fx_run_sql("UPDATE participants SET birth_date = '%s', gender = '%s' WHERE id = %lld", birth,
		    i % 3 == 0 ? "female" : "male", (long long)pid[i]);
		ref[i] = fx_run_sql("INSERT INTO referrals (participant_id, source, referred_on, created_at, updated_at,"
				" centre_id) VALUES (%lld, 'nav', '%s', 1, 1, 1) RETURNING id", (long long)pid[i], start);
		/* on the waiting list from the referral, some left it a month on */
		fx_run_sql("INSERT INTO referral_events (referral_id, at, on_date, from_state, to_state, centre_id)"
		    " VALUES (%lld, 1, '%s', 'new', 'waiting', 1)", (long long)ref[i], start);
		if (i % 4 == 1)
			fx_run_sql("INSERT INTO referral_events (referral_id, at, on_date, from_state, to_state, centre_id)"
			    " VALUES (%lld, 2, '%04d-%02d-01', 'waiting', 'accepted', 1)", (long long)ref[i],
			    cs[i].start.m == 12 ? cs[i].start.y + 1 : cs[i].start.y, cs[i].start.m % 12 + 1);
		enrolment[i] = fx_run_sql("INSERT INTO enrolments (participant_id, referral_id, start_date, planned_end,"
				      " status, created_at, updated_at, centre_id) VALUES (%lld, %lld, '%s', '2027-01-01',"
				      " 'active', 1, 1, 1) RETURNING id", (long long)pid[i], (long long)ref[i], start);
		if (i % 2 == 0)
			fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, centre_id)"
			    " VALUES (%lld, %lld, %lld, 1)", (long long)pid[i], (long long)kari,
			    (long long)date_to_days(cs[i].birth) * 86400);
	}
	for (int i = 0; i < NC; i++) {
		int want = date_age_on(cs[i].birth, cs[i].start);
		if (kept_age(t, sql_intake_age, ref[i]) != want)
			fail_msg("case %d: the referral's %lld in SQL, %d by date_age_on()", i,
				 (long long)kept_age(t, sql_intake_age, ref[i]), want);
		if (i % 2 == 0 && kept_age(t, sql_span_age, enrolment[i]) != want)
			fail_msg("case %d: the span's %lld in SQL, %d by date_age_on()", i,
				 (long long)kept_age(t, sql_span_age, enrolment[i]), want);
	}
	struct date today = {2026, 1, 15};
	int64_t referred = 0, active = 0;
	same_all(t, kari, today, "at first", &referred, &active);
	/* 35 to 44 on the day: 1990-06-15 on the 15th and 16th of June and
	 * on 1 July 2025; 1988-02-29 on 2023-03-01 and the three days of 2024;
	 * 1987 (two); 1980-10-02 (two); 1981-01-01 at 2025-12-31: 12 */
	assert_int_equal(referred, 12);
	/* kari's (the even cases) of them, in the programme today: 0, 2, 4, 6,
	 * 8, 10, 18, 20 */
	assert_int_equal(active, 8);
	/* a birth date corrected: the ages follow (case 0: 35 becomes 33; case
	 * 19: 45 becomes 43) */
	fx_run_sql("UPDATE participants SET birth_date = '1991-06-16' WHERE id = %lld", (long long)pid[0]);
	fx_run_sql("UPDATE participants SET birth_date = '1980-02-02' WHERE id = %lld", (long long)pid[19]);
	assert_int_equal(kept_age(t, sql_intake_age, ref[0]), 33);
	assert_int_equal(kept_age(t, sql_span_age, enrolment[0]), 33);
	assert_int_equal(kept_age(t, sql_intake_age, ref[19]), 43);
	/* a referral's day moved (43 becomes 44) and a period's start (44
	 * becomes 43) */
	fx_run_sql("UPDATE referrals SET referred_on = '2024-10-02' WHERE id = %lld", (long long)ref[17]);
	fx_run_sql("UPDATE enrolments SET start_date = '2024-10-01' WHERE id = %lld", (long long)enrolment[18]);
	assert_int_equal(kept_age(t, sql_intake_age, ref[17]), 44);
	assert_int_equal(kept_age(t, sql_span_age, enrolment[18]), 43);
	same_all(t, kari, today, "after the writes", &referred, &active);
	assert_int_equal(referred, 12);   /* less case 0, more case 19 */
	assert_int_equal(active, 7);      /* less case 0 */
	/* the kept rows equal their views made from scratch */
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_intake_verify(t->db, 1, &missing, &extra), SC_OK);
	assert_int_equal(missing, 0);
	assert_int_equal(extra, 0);
	assert_int_equal(store_report_caseload_verify(t->db, 1, &missing, &extra), SC_OK);
	assert_int_equal(missing, 0);
	assert_int_equal(extra, 0);
	/* a kept age changed by hand is found */
	fx_run_sql("UPDATE intake_facts SET age = age + 1 WHERE referral_id = %lld", (long long)ref[3]);
	assert_int_equal(store_report_intake_verify(t->db, 1, &missing, &extra), SC_OK);
	assert_int_equal(missing, 1);
	assert_int_equal(extra, 1);
	fx_run_sql("UPDATE caseload_spans SET age = age - 1 WHERE enrolment_id = %lld", (long long)enrolment[4]);
	assert_int_equal(store_report_caseload_verify(t->db, 1, &missing, &extra), SC_OK);
	assert_true(missing >= 1 && extra >= 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_band_ages),
	};
	return fx_run("test_band_ages", tests, sizeof tests / sizeof tests[0]);
}
