/*
 * test_store_report_kept.c — the reports' kept counts (store_report.c,
 * store_report_caseload.c), on both engines: Time to work, Intake, the
 * costs' participant-days and completers, the cost-benefit cohorts and
 * Caseloads from the kept facts are the figures of every period, referral
 * and assignment read one by one, under every filter of kept_filters(),
 * after each kind of write, and every kept table equals its view; an
 * assessment withdrawn leaves Norwegian's kept steps at once. Split
 * from test_store_report.c, which tests the rows the reports read.
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

/* The filters the kept reports are compared under: none, each alone, two
 * together, and periods. */
#define KEPT_FILTERS 23
static void
kept_filters(struct report_filter fs[KEPT_FILTERS], int64_t kari)
{
	for (size_t k = 0; k < KEPT_FILTERS; k++)
		fields_clear(report_filter_fields, &fs[k]);
	fs[1].gender = "female";
	fs[2].cohort = 2023;
	fs[3].gender = "male";
	fs[3].cohort = 2024;
	fs[4].country = "Eritrea";
	fs[5].age_band = AGE_35_44;
	fs[6].schooling = SCHOOLING_7_9;
	fs[7].contact_id = kari;
	fs[8].from = D(2022, 3, 1);
	fs[8].to = D(2024, 8, 31);
	fs[9].from = D(2024, 2, 15);
	fs[9].gender = "other";
	fs[10].to = D(2025, 3, 14);
	fs[11].gender = "female";
	fs[11].country = "Somalia";
	fs[12].scheme = BENEFIT_KVP;
	/* an age band with a gender or a cohort (the groups by age, migration
	 * 53), with a country (the periods) */
	fs[13].age_band = AGE_35_44;
	fs[13].gender = "female";
	fs[14].age_band = AGE_35_44;
	fs[14].cohort = 2023;
	fs[15].age_band = AGE_25_34;
	fs[15].country = "Eritrea";
	/* a schooling band with a gender or a cohort, its open end (the groups
	 * and sources by schooling, migration 59), with a country (the rows) */
	fs[16].schooling = SCHOOLING_0_6;
	fs[16].gender = "female";
	fs[17].schooling = SCHOOLING_13_PLUS;
	fs[17].cohort = 2023;
	fs[18].schooling = SCHOOLING_13_PLUS;
	fs[19].schooling = SCHOOLING_7_9;
	fs[19].country = "Eritrea";
	/* periods (the range of the start or referral day read, migration 64)
	 * with a band, with a band and a contact person, and of one day */
	fs[20].from = D(2022, 3, 1);
	fs[20].to = D(2024, 8, 31);
	fs[20].age_band = AGE_35_44;
	fs[21].to = D(2024, 12, 31);
	fs[21].schooling = SCHOOLING_7_9;
	fs[21].contact_id = kari;
	fs[22].from = D(2023, 5, 10);
	fs[22].to = D(2023, 5, 10);
}

/* The periods of centre under the scheme filter alone, as the reports
 * count them (report_facts.scheme). */
static int64_t
periods_of_scheme(struct fx *t, int64_t centre, int scheme)
{
	struct report_filter f;
	fields_clear(report_filter_fields, &f);
	f.scheme = scheme;
	struct report_period *g = NULL;
	size_t ng = 0, gcap = 0;
	assert_int_equal(store_report_period_groups(t->db, t->a, centre, &f, REPORT_GROUP_JOB, &g, &ng, &gcap), SC_OK);
	int64_t n = 0;
	for (size_t i = 0; i < ng; i++) {
		assert_int_equal(g[i].scheme, scheme);
		n += report_weight(&g[i]);
	}
	return n;
}

/*
 * Time to work, Intake, the participant-days and completers of the costs
 * and the cost-benefit cohorts, from the kept facts counted together in
 * SQL, are the figures of every period and referral read one by one,
 * under every filter of kept_filters(); both kept tables are exact.
 */
static void
same_kept_reports(struct fx *t, int64_t centre, int64_t kari, struct date today, const char *when)
{
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_facts_verify(t->db, centre, &missing, &extra), SC_OK);
	assert_int_equal(missing + extra, 0);
	assert_int_equal(store_report_intake_verify(t->db, centre, &missing, &extra), SC_OK);
	assert_int_equal(missing, 0);
	assert_int_equal(extra, 0);
	struct report_period *all = NULL;
	size_t nall = 0, cap = 0;
	assert_int_equal(store_report_periods_recompute(t->db, t->a, centre, &all, &nall, &cap), SC_OK);
	struct report_referral *refs = NULL;
	size_t nrefs = 0, rcap = 0;
	assert_int_equal(store_report_referrals(t->db, t->a, centre, &refs, &nrefs, &rcap), SC_OK);
	struct report_filter fs[KEPT_FILTERS];
	kept_filters(fs, kari);
	static const int64_t cost_years[] = {2021, 2022, 2023, 2024, 2025};
	static const int64_t costs[] = {100000000, 250000000, 330000000, 410000000, 123456789};
	for (size_t k = 0; k < KEPT_FILTERS; k++) {
		char what[64];
		snprintf(what, sizeof what, "%s, filter %zu", when, k);
		struct report one, kept;
		/* Time to work */
		struct report_period *g = NULL;
		size_t ng = 0, gcap = 0;
		assert_int_equal(store_report_period_groups(t->db, t->a, centre, &fs[k], REPORT_GROUP_JOB, &g, &ng, &gcap),
				 SC_OK);
		assert_int_equal(report_time_to_work(all, nall, &fs[k], t->a, &one), SC_OK);
		assert_int_equal(report_time_to_work(g, ng, &fs[k], t->a, &kept), SC_OK);
		fx_same_report(&kept, &one, what);
		/* Intake */
		g = NULL;
		ng = gcap = 0;
		assert_int_equal(store_report_period_groups(t->db, t->a, centre, &fs[k], REPORT_GROUP_WAIT, &g, &ng,
							    &gcap), SC_OK);
		struct date ends[12];
		report_month_ends(report_intake_until(&fs[k], today), ends);
		struct report_referral *rg = NULL;
		size_t nrg = 0, rgcap = 0;
		assert_int_equal(store_report_referral_groups(t->db, t->a, centre, &fs[k], ends[0], ends[11], &rg, &nrg,
							      &rgcap), SC_OK);
		assert_int_equal(report_intake(all, nall, refs, nrefs, &fs[k], today, t->a, &one), SC_OK);
		assert_int_equal(report_intake(g, ng, rg, nrg, &fs[k], today, t->a, &kept), SC_OK);
		fx_same_report(&kept, &one, what);
		/* the glance's median wait of a year's starts, from the groups of
		 * the year (as app_glance() reads them: with no period, which
		 * would narrow the groups to the starts in it) */
		for (int y = 2021; y <= 2025; y++) {
			struct report_filter fy = fs[k];
			fy.from = fy.to = (struct date){0, 0, 0};
			if (fy.cohort == FIELD_NONE)
				fy.cohort = y;
			g = NULL;
			ng = gcap = 0;
			assert_int_equal(store_report_period_groups(t->db, t->a, centre, &fy, REPORT_GROUP_WAIT, &g, &ng,
								    &gcap), SC_OK);
			int64_t t1 = -1, p1 = -1, t2 = -2, p2 = -2;
			bool k1 = report_median_wait(all, nall, &fs[k], y, t->a, &t1, &p1);
			bool k2 = report_median_wait(g, ng, &fy, y, t->a, &t2, &p2);
			if (k1 != k2 || t1 != t2 || p1 != p2)
				fail_msg("%s: median wait of %d: %d %lld of %lld, not %d %lld of %lld", what, y, k2,
					 (long long)t2, (long long)p2, k1, (long long)t1, (long long)p1);
		}
		/* the costs and the cost-benefit account */
		g = NULL;
		ng = gcap = 0;
		assert_int_equal(store_report_period_sums(t->db, t->a, centre, &fs[k], today, &g, &ng, &gcap), SC_OK);
		for (int y = 2020; y <= 2026; y++) {
			if (report_participant_days(g, ng, &fs[k], y, today) !=
			    report_participant_days(all, nall, &fs[k], y, today))
				fail_msg("%s: participant-days of %d: %lld, not %lld", what, y,
					 (long long)report_participant_days(g, ng, &fs[k], y, today),
					 (long long)report_participant_days(all, nall, &fs[k], y, today));
			assert_int_equal(report_completers_in(g, ng, &fs[k], y), report_completers_in(all, nall, &fs[k], y));
		}
		struct report_cb_cohort *c1, *c2;
		size_t n1, n2;
		assert_int_equal(report_cb_cohorts(all, nall, &fs[k], cost_years, costs, 5, today, t->a, &c1, &n1), SC_OK);
		assert_int_equal(report_cb_cohorts(g, ng, &fs[k], cost_years, costs, 5, today, t->a, &c2, &n2), SC_OK);
		assert_int_equal(n2, n1);
		for (size_t i = 0; i < n1; i++) {
			assert_int_equal(c2[i].year, c1[i].year);
			assert_int_equal(c2[i].exits, c1[i].exits);
			assert_int_equal(c2[i].in_work, c1[i].in_work);
			assert_int_equal(c2[i].cost, c1[i].cost);
		}
	}
}

/*
 * Caseloads from the kept rows of migration 31 (today's periods by contact
 * person, the changes from caseload_months and the spans) are the figures
 * of every period and assignment read one by one, under every filter of
 * kept_filters(), on a day in a month, on a month's last and first day;
 * both kept tables are exact.
 */
static void
same_caseloads(struct fx *t, int64_t centre, int64_t kari, const char *when)
{
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_caseload_verify(t->db, centre, &missing, &extra), SC_OK);
	if (missing != 0 || extra != 0)
		fail_msg("%s: the kept caseloads differ from their views: %lld missing, %lld extra", when,
			 (long long)missing, (long long)extra);
	struct report_period *all = NULL;
	size_t nall = 0, cap = 0;
	assert_int_equal(store_report_periods_recompute(t->db, t->a, centre, &all, &nall, &cap), SC_OK);
	struct report_assignment *as;
	size_t na;
	assert_int_equal(store_report_assignments(t->db, t->a, centre, &as, &na), SC_OK);
	struct report_change *ch;
	size_t nch;
	assert_int_equal(report_caseload_changes(all, nall, as, na, t->a, &ch, &nch), SC_OK);
	struct report_contact *contacts;
	size_t ncontacts;
	assert_int_equal(store_report_contacts(t->db, t->a, centre, &contacts, &ncontacts), SC_OK);
	assert_int_equal(ncontacts, 2);
	struct report_filter fs[KEPT_FILTERS];
	kept_filters(fs, kari);
	static const struct date days[] = {{2025, 6, 15}, {2025, 5, 31}, {2025, 7, 1}, {2024, 1, 1}};
	for (size_t d = 0; d < sizeof days / sizeof days[0]; d++)
		for (size_t k = 0; k < KEPT_FILTERS; k++) {
			char what[80];
			snprintf(what, sizeof what, "%s, Caseloads on day %zu, filter %zu", when, d, k);
			struct report_period *g = NULL;
			size_t ng = 0, gcap = 0;
			int rc = store_report_caseload_now(t->db, t->a, centre, &fs[k], days[d], &g, &ng, &gcap);
			if (rc != SC_OK)
				fail_msg("%s: %s", what, store_errmsg(t->db));
			struct report_change *kc = NULL;
			size_t nkc = 0, kcap = 0;
			bool kept_pair = fs[k].schooling < 0 || (fs[k].age_band < 0 && (fs[k].country == NULL || !fs[k].country[0]));
			if (fs[k].scheme >= 0 || !kept_pair) {
				/* no kept changes keep the scheme, or a schooling band with
				 * an age band or a country: the store refuses, the report
				 * counts the rows (app_report()) */
				assert_int_equal(store_report_caseload_changes(t->db, t->a, centre, &fs[k], days[d], &kc,
									       &nkc, &kcap), SC_EINVAL);
				kc = ch;
				nkc = nch;
			} else {
				assert_int_equal(store_report_caseload_changes(t->db, t->a, centre, &fs[k], days[d], &kc,
									       &nkc, &kcap), SC_OK);
			}
			struct report one, kept;
			assert_int_equal(report_caseloads(all, nall, ch, nch, contacts, ncontacts, &fs[k], days[d], t->a, &one),
					 SC_OK);
			assert_int_equal(report_caseloads(g, ng, kc, nkc, contacts, ncontacts, &fs[k], days[d], t->a, &kept),
					 SC_OK);
			fx_same_report(&kept, &one, what);
			/* at each month's end, as every period and assignment say it:
			 * under a contact person, those they had then (the first
			 * assignment in order that holds the day: the earlier ones
			 * ended before it) */
			struct date ends[12];
			report_month_ends(days[d], ends);
			for (size_t m = 0; m < 12; m++) {
				int64_t active = 0, assigned = 0;
				for (size_t i = 0; i < nall; i++) {
					struct report_period x = all[i];
					if (date_cmp(x.start, ends[m]) > 0 || (x.exit.y != 0 && date_cmp(x.exit, ends[m]) <= 0))
						continue;
					int64_t then = -1;
					for (size_t j = 0; j < na && then < 0; j++)
						if (as[j].participant_id == x.participant_id && date_cmp(as[j].from, ends[m]) <= 0 &&
						    (as[j].to.y == 0 || date_cmp(as[j].to, ends[m]) > 0))
							then = as[j].contact_id;
					if (fs[k].contact_id != 0)
						x.contact_id = then;
					if (!report_period_matches(&fs[k], &x) || (fs[k].contact_id != 0 && then < 0))
						continue;
					active++;
					assigned += then >= 0;
				}
				const struct report_table *w = &kept.tables[1];
				assert_int_equal(w->cells[m * w->ncols].n, active);
				assert_int_equal(w->cells[m * w->ncols + 1].n, assigned);
			}
		}
}

/*
 * The kept facts of migration 26 (report_facts' days, intake_facts) on a
 * centre of 60 referrals and periods with every case of the rules: jobs at
 * exit and at follow-ups (one before the start), referrals screened once,
 * twice and never, on the waiting list across the year counted and in its
 * last month, a start after today. The reports from them equal the ones
 * from every row; then records change (a follow-up's result, an event's
 * day, a screening taken back, a participant's gender and contact person,
 * a referral's source, a period removed) and they still do. Another
 * centre's rows count nowhere. The groups kept counted (migration 32:
 * what most of the filters read) follow every change, and a kept row
 * changed in SQL too.
 */
static void
test_kept_reports(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Kept here");
	int64_t other = fx_centre(t, "Kept elsewhere");
	int64_t kari = fx_user(t, "k.kari", ROLE_BIT(ROLE_CONTACT));
	int64_t omar = fx_user(t, "k.omar", ROLE_BIT(ROLE_CONTACT));
	/* both contact persons here too: Caseloads lists them */
	fx_run_sql("INSERT INTO centre_members (user_id, centre_id, roles) VALUES (%lld, %lld, %d), (%lld, %lld, %d)",
	    (long long)kari, (long long)here, (int)ROLE_BIT(ROLE_CONTACT), (long long)omar, (long long)here,
	    (int)ROLE_BIT(ROLE_CONTACT));
	struct date today = D(2025, 6, 15);
	static const char *const genders[] = {"female", "male", "other"};
	static const char *const countries[] = {"Syria", "Eritrea", "Somalia", ""};
	static const char *const sources[] = {"nav", "intro", "self", "other"};
	static const char *const rules[] = {"age", "intro_ended", "not_enrolled", "lawful_residence"};
	static const char *const outcomes[] = {"employed_full", "employed_part", "education", "moved", "dropped_out",
					       "other", "employed_full"};
	static const char *const results[] = {"employed_full", "unemployed", "employed_part", "education",
					      "unknown", "employed_full", "moved"};
	static const char *const leaves[] = {"accepted", "declined", "withdrawn", "ineligible"};
	int64_t pids[60], refs[60], enrols[60], task6 = 0, screening = 0, event = 0;
	for (int i = 0; i < 60; i++) {
		int64_t contact = i % 3 == 0 ? 0 : i % 3 == 1 ? kari : omar;
		int64_t pid = fx_participant(t, here, "Kept", "active", contact);
		pids[i] = pid;
		char school[8];
		snprintf(school, sizeof school, i % 5 == 0 ? "NULL" : "%d", (i * 7) % 17);
		fx_run_sql("UPDATE participants SET gender = '%s', country_of_birth = '%s', birth_date = '%04d-%02d-%02d',"
		    " schooling_years = %s WHERE id = %lld", genders[i % 3], countries[(i / 3) % 4], 1960 + (i * 11) % 45,
		    1 + i % 12, 1 + (i * 5) % 28, school, (long long)pid);
		/* referred from 2021 to today's month */
		struct date ref = date_add_days(D(2021, 1, 10), i * 26);
		char rd[11];
		date_format(ref, rd);
		int64_t r = fx_run_sql("INSERT INTO referrals (participant_id, source, referred_on, created_at, updated_at,"
				   " centre_id) VALUES (%lld, '%s', '%s', 1, 1, %lld) RETURNING id", (long long)pid,
				sources[i % 4], rd, (long long)here);
		refs[i] = r;
		if (i % 4 != 0) {
			char wd[11], ld[11];
			date_format(date_add_days(ref, 3 + i % 5), wd);
			event = fx_run_sql("INSERT INTO referral_events (referral_id, at, on_date, from_state, to_state,"
				       " centre_id) VALUES (%lld, 1, '%s', 'new', 'waiting', %lld) RETURNING id",
				    (long long)r, wd, (long long)here);
			if (i % 3 != 0) {
				/* left the list 20 to 200 days later: some in June 2025, before and after the 15th */
				date_format(date_add_days(ref, 20 + (i * 37) % 180), ld);
				fx_run_sql("INSERT INTO referral_events (referral_id, at, on_date, from_state, to_state,"
				    " centre_id) VALUES (%lld, 2, '%s', 'waiting', '%s', %lld)", (long long)r, ld,
				    leaves[i % 4], (long long)here);
			}
		}
		for (int batch = 0; batch < i % 3; batch++)
			for (int k = 0; k < 4; k++)
				if ((i + k + batch) % 3 != 0)
					screening = fx_run_sql("INSERT INTO screening_results (referral_id, rule, pass, screened_at,"
							   " centre_id) VALUES (%lld, '%s', %d, %d, %lld) RETURNING id",
							(long long)r, rules[k], (i + k * batch) % 2, 100 + batch * 100,
							(long long)here);
		if (i % 7 == 6) {
			enrols[i] = 0;
			continue;   /* still referred */
		}
		/* started 0 to 90 days after the referral; one after today */
		struct date start = i == 58 ? D(2025, 7, 1) : date_add_days(ref, (i * 13) % 91);
		bool exited = i % 4 != 3 && i != 58;
		struct date exit = date_add_days(start, 100 + (i * 17) % 400);
		if (date_cmp(exit, today) > 0)
			exited = false;
		char sd[11], ed[16], outcome[24];
		date_format(start, sd);
		if (exited) {
			char e[11];
			date_format(exit, e);
			snprintf(ed, sizeof ed, "'%s'", e);
			snprintf(outcome, sizeof outcome, "'%s'", outcomes[i % 7]);
		} else {
			snprintf(ed, sizeof ed, "NULL");
			snprintf(outcome, sizeof outcome, "NULL");
		}
		int64_t e = fx_run_sql("INSERT INTO enrolments (participant_id, referral_id, start_date, planned_end, status,"
				   " exit_date, outcome, created_at, updated_at, centre_id) VALUES (%lld, %lld, '%s',"
				   " '2027-01-01', '%s', %s, %s, 1, 1, %lld) RETURNING id", (long long)pid, (long long)r, sd,
				exited ? "exited" : "active", ed, outcome, (long long)here);
		enrols[i] = e;
		if (exited && i % 2 == 0) {
			char od[11];
			/* one found in work before the start: no job counted */
			date_format(i == 8 ? date_add_days(start, -5) : date_add_days(exit, 150 + i), od);
			task6 = fx_run_sql("INSERT INTO tasks (participant_id, enrolment_id, kind, due_on, done_on, result,"
				       " result_on, centre_id) VALUES (%lld, %lld, 'followup_6m', '%s', '%s', '%s', '%s',"
				       " %lld) RETURNING id", (long long)pid, (long long)e, od, od, results[(i / 2) % 7], od,
				    (long long)here);
		}
		if (exited && i % 3 != 1) {
			char od[11];
			date_format(date_add_days(exit, 360 + i), od);
			fx_run_sql("INSERT INTO tasks (participant_id, enrolment_id, kind, due_on, done_on, result, result_on,"
			    " centre_id) VALUES (%lld, %lld, 'followup_12m', '%s', '%s', '%s', NULL, %lld)", (long long)pid,
			    (long long)e, od, od, results[(i / 3) % 7], (long long)here);
		}
	}
	/* another centre's referral and period: nowhere here */
	int64_t opid = fx_participant(t, other, "Kept", "exited", 0);
	int64_t oref = fx_run_sql("INSERT INTO referrals (participant_id, source, referred_on, created_at, updated_at,"
			      " centre_id) VALUES (%lld, 'nav', '2024-01-02', 1, 1, %lld) RETURNING id", (long long)opid,
			   (long long)other);
	fx_run_sql("INSERT INTO referral_events (referral_id, at, on_date, from_state, to_state, centre_id) VALUES (%lld,"
	    " 1, '2024-01-03', 'new', 'waiting', %lld)", (long long)oref, (long long)other);
	fx_run_sql("INSERT INTO enrolments (participant_id, referral_id, start_date, planned_end, status, exit_date, outcome,"
	    " created_at, updated_at, centre_id) VALUES (%lld, %lld, '2024-02-01', '2025-12-01', 'exited', '2024-09-01',"
	    " 'employed_full', 1, 1, %lld)", (long long)opid, (long long)oref, (long long)other);

	/* the contact persons' assignments: one each from the referral on; a
	 * move (one ended as the next starts), one ended, and two overlapping */
	int64_t moved = 0, ended = 0;
	for (int i = 0; i < 60; i++) {
		if (i % 3 == 0)
			continue;
		int64_t from = date_to_days(date_add_days(D(2021, 1, 10), i * 26 + 2)) * 86400 + 3600 * (i % 24);
		int64_t who = i % 3 == 1 ? kari : omar;
		if (i % 5 == 1) {
			/* moved on 200 days later, the same day as the first ended */
			int64_t at = from + 200 * 86400;
			fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, to_at, centre_id) VALUES (%lld,"
			    " %lld, %lld, %lld, %lld)", (long long)pids[i], (long long)omar, (long long)from, (long long)at,
			    (long long)here);
			moved = fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, centre_id) VALUES"
				       " (%lld, %lld, %lld, %lld) RETURNING id", (long long)pids[i], (long long)kari,
				    (long long)at, (long long)here);
		} else if (i % 5 == 2) {
			ended = fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, to_at, centre_id) VALUES"
				       " (%lld, %lld, %lld, %lld, %lld) RETURNING id", (long long)pids[i], (long long)who,
				    (long long)from, (long long)(from + 90 * 86400), (long long)here);
		} else if (i % 5 == 3) {
			/* two at once: the later inside the earlier, then past it */
			fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, to_at, centre_id) VALUES (%lld,"
			    " %lld, %lld, %lld, %lld)", (long long)pids[i], (long long)who, (long long)from,
			    (long long)(from + 300 * 86400), (long long)here);
			fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, to_at, centre_id) VALUES (%lld,"
			    " %lld, %lld, %lld, %lld)", (long long)pids[i], (long long)kari, (long long)(from + 40 * 86400),
			    (long long)(from + 100 * 86400), (long long)here);
			fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, centre_id) VALUES (%lld, %lld,"
			    " %lld, %lld)", (long long)pids[i], (long long)omar, (long long)(from + 250 * 86400),
			    (long long)here);
		} else {
			fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, centre_id) VALUES (%lld, %lld,"
			    " %lld, %lld)", (long long)pids[i], (long long)who, (long long)from, (long long)here);
		}
	}
	/* another centre's assignment: nowhere here */
	fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, centre_id) VALUES (%lld, %lld, 1704153600,"
	    " %lld)", (long long)opid, (long long)kari, (long long)other);
	/* a quarter of the periods on the qualification programme's scheme; the
	 * others on the centre's default (none set: bergen) */
	int64_t kvp = 0, periods = 0;
	for (int i = 0; i < 60; i++) {
		if (enrols[i] == 0)
			continue;
		periods++;
		if (i % 4 == 1) {
			fx_run_sql("UPDATE enrolments SET scheme = 'kvp' WHERE id = %lld", (long long)enrols[i]);
			kvp++;
		}
	}
	assert_int_equal(kvp, 13);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_KVP), 13);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_BERGEN), periods - 13);
	assert_int_equal(periods_of_scheme(t, other, BENEFIT_BERGEN), 1);
	same_caseloads(t, here, kari, "as made");
	same_kept_reports(t, here, kari, today, "as made");

	/* the groups stand for every row once */
	struct report_filter none;
	fields_clear(report_filter_fields, &none);
	struct report_referral *rg = NULL;
	size_t nrg = 0, rgcap = 0;
	assert_int_equal(store_report_referral_groups(t->db, t->a, here, &none, D(2024, 6, 30), today, &rg, &nrg, &rgcap),
			 SC_OK);
	int64_t referred = 0;
	for (size_t i = 0; i < nrg; i++)
		referred += rg[i].list_only ? 0 : rg[i].n;
	assert_int_equal(referred, 60);
	/* the other centre: its one referral and period */
	rg = NULL;
	nrg = rgcap = 0;
	assert_int_equal(store_report_referral_groups(t->db, t->a, other, &none, D(2024, 1, 31), D(2024, 12, 31), &rg,
						      &nrg, &rgcap), SC_OK);
	assert_int_equal(nrg, 2);
	assert_int_equal(rg[0].n + rg[1].n, 2);
	struct report_period *g = NULL;
	size_t ng = 0, gcap = 0;
	assert_int_equal(store_report_period_groups(t->db, t->a, other, &none, REPORT_GROUP_JOB, &g, &ng, &gcap), SC_OK);
	assert_int_equal(ng, 1);
	assert_int_equal(g[0].n, 1);
	assert_int_equal(g[0].job_days, 213);   /* 1 February to 1 September 2024 */

	/* the records change: the kept rows follow in the same transaction */
	fx_run_sql("UPDATE tasks SET result = 'employed_part', result_on = '2025-01-01' WHERE id = %lld", (long long)task6);
	fx_run_sql("UPDATE referral_events SET on_date = '2025-06-14' WHERE id = %lld", (long long)event);
	fx_run_sql("DELETE FROM screening_results WHERE id = %lld", (long long)screening);
	fx_run_sql("UPDATE participants SET gender = 'female', contact_id = %lld WHERE id = %lld", (long long)omar,
	    (long long)pids[10]);
	/* years of schooling given, changed across bands, taken away (the
	 * groups and sources by schooling, migration 59) */
	fx_run_sql("UPDATE participants SET schooling_years = 14 WHERE id = %lld", (long long)pids[5]);
	fx_run_sql("UPDATE participants SET schooling_years = 3 WHERE id = %lld", (long long)pids[7]);
	fx_run_sql("UPDATE participants SET schooling_years = NULL WHERE id = %lld", (long long)pids[8]);
	fx_run_sql("UPDATE referrals SET source = 'self', referred_on = '2023-03-03' WHERE id = %lld", (long long)refs[21]);
	fx_run_sql("UPDATE enrolments SET exit_date = '2025-06-15', outcome = 'employed_full', status = 'exited'"
	    " WHERE id = %lld", (long long)enrols[15]);
	fx_run_sql("DELETE FROM tasks WHERE enrolment_id = %lld", (long long)enrols[12]);
	fx_run_sql("DELETE FROM enrolments WHERE id = %lld", (long long)enrols[12]);
	/* an assignment moved to another day and person, one ended, one taken back; a period's start moved */
	fx_run_sql("UPDATE assignments SET contact_id = %lld, from_at = from_at - 45 * 86400 WHERE id = %lld",
	    (long long)omar, (long long)moved);
	fx_run_sql("UPDATE assignments SET to_at = 1749859200 WHERE participant_id = %lld AND to_at IS NULL",
	    (long long)pids[20]);   /* 2025-06-14 */
	fx_run_sql("DELETE FROM assignments WHERE id = %lld", (long long)ended);
	fx_run_sql("UPDATE enrolments SET start_date = '2025-05-20' WHERE id = %lld", (long long)enrols[44]);
	same_caseloads(t, here, kari, "after the changes");
	same_kept_reports(t, here, kari, today, "after the changes");

	/* a kept row changed in SQL (a repair): the counts of its groups follow
	 * (the row then differs from its facts, and the verify says so: the
	 * row and nothing of the groups), and follow it back */
	int64_t missing = -1, extra = -1;
	fx_run_sql("UPDATE report_facts SET gender = 'other', exit_day = NULL WHERE enrolment_id = %lld",
	    (long long)enrols[22]);
	fx_run_sql("UPDATE intake_facts SET country = 'Eritrea', waiting_to = '2025-06-01' WHERE referral_id = %lld",
	    (long long)refs[21]);
	assert_int_equal(store_report_facts_verify(t->db, here, &missing, &extra), SC_OK);
	assert_int_equal(missing, 1);
	assert_int_equal(extra, 1);
	assert_int_equal(store_report_intake_verify(t->db, here, &missing, &extra), SC_OK);
	assert_int_equal(missing, 1);
	assert_int_equal(extra, 1);
	fx_run_sql("DELETE FROM report_facts WHERE enrolment_id = %lld", (long long)enrols[22]);
	fx_run_sql("INSERT INTO report_facts SELECT * FROM report_facts_source WHERE enrolment_id = %lld",
	    (long long)enrols[22]);
	fx_run_sql("DELETE FROM intake_facts WHERE referral_id = %lld", (long long)refs[21]);
	fx_run_sql("INSERT INTO intake_facts SELECT * FROM intake_facts_source WHERE referral_id = %lld",
	    (long long)refs[21]);
	same_kept_reports(t, here, kari, today, "after a repair");
	same_caseloads(t, here, kari, "after a repair");

	/* the centre's default scheme: the periods without one of their own
	 * follow it (here 47 less the one deleted above); the freeze before a
	 * change of the default (app_benefit_settings_save()) keeps each
	 * period's scheme as it was */
	int64_t own = periods_of_scheme(t, here, BENEFIT_KVP);
	int64_t all_here = own + periods_of_scheme(t, here, BENEFIT_BERGEN);
	assert_int_equal(all_here, periods - 1);
	fx_run_sql("INSERT INTO benefit_settings (centre_id, default_scheme, updated_at) VALUES (%lld, 'kvp', 1)",
	    (long long)here);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_KVP), all_here);
	assert_int_equal(periods_of_scheme(t, other, BENEFIT_KVP), 0);
	same_kept_reports(t, here, kari, today, "under the default kvp");
	fx_run_sql("UPDATE enrolments SET scheme = 'kvp' WHERE centre_id = %lld AND scheme IS NULL", (long long)here);
	fx_run_sql("UPDATE benefit_settings SET default_scheme = 'bergen' WHERE centre_id = %lld", (long long)here);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_KVP), all_here);
	fx_run_sql("UPDATE enrolments SET scheme = NULL WHERE id = %lld", (long long)enrols[1]);
	fx_run_sql("UPDATE enrolments SET scheme = 'bergen' WHERE id = %lld", (long long)enrols[2]);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_KVP), all_here - 2);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_BERGEN), 2);
	fx_run_sql("DELETE FROM benefit_settings WHERE centre_id = %lld", (long long)here);
	assert_int_equal(periods_of_scheme(t, here, BENEFIT_KVP), all_here - 2);
	same_caseloads(t, here, kari, "after the schemes changed");
	same_kept_reports(t, here, kari, today, "after the schemes changed");
}

/*
 * A participant moved from one contact person to another in June: over
 * time, the months before count under the first, the months from June
 * under the second, from the kept spans as from the assignments read one
 * by one (they counted under today's for every month: issue 12 §2).
 */
static void
test_caseloads_moved(void **state)
{
	struct fx *t = *state;
	int64_t kari = fx_user(t, "m.kari", ROLE_BIT(ROLE_CONTACT));
	int64_t omar = fx_user(t, "m.omar", ROLE_BIT(ROLE_CONTACT));
	int64_t pid = fx_participant(t, 1, "Moved", "active", kari);
	fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at, updated_at,"
	    " centre_id) VALUES (%lld, '2025-01-06', '2026-06-30', 'active', 1, 1, 1)", (long long)pid);
	fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, centre_id) VALUES (%lld, %lld, %lld, 1)",
	    (long long)pid, (long long)kari, (long long)date_to_days(D(2025, 1, 6)) * 86400 + 36000);
	assert_int_equal(store_caseload_move(t->db, 1, pid, omar, 0, "", date_to_days(D(2025, 6, 16)) * 86400 + 36000),
			 SC_OK);
	struct date today = D(2025, 11, 20), ends[12];
	report_month_ends(today, ends);
	struct report_period *all = NULL;
	size_t nall = 0, cap = 0;
	assert_int_equal(store_report_periods_recompute(t->db, t->a, 1, &all, &nall, &cap), SC_OK);
	struct report_assignment *as;
	size_t na;
	assert_int_equal(store_report_assignments(t->db, t->a, 1, &as, &na), SC_OK);
	struct report_change *rows;
	size_t nrows;
	assert_int_equal(report_caseload_changes(all, nall, as, na, t->a, &rows, &nrows), SC_OK);
	struct report_filter f;
	fields_clear(report_filter_fields, &f);
	for (int who = 0; who < 2; who++) {
		f.contact_id = who == 0 ? kari : omar;
		struct report_change *kept = NULL;
		size_t nkept = 0, kcap = 0;
		assert_int_equal(store_report_caseload_changes(t->db, t->a, 1, &f, today, &kept, &nkept, &kcap), SC_OK);
		for (int path = 0; path < 2; path++) {
			struct report rep;
			assert_int_equal(report_caseloads(all, nall, path == 0 ? kept : rows, path == 0 ? nkept : nrows, NULL,
							  0, &f, today, t->a, &rep), SC_OK);
			const struct report_table *w = &rep.tables[1];
			for (size_t m = 0; m < 12; m++) {
				/* December 2024: not started; January to May: Kari's;
				 * June (moved on the 16th) on: Omar's */
				int64_t want = ends[m].y == 2024 ? 0 : ends[m].m < 6 ? who == 0 : who == 1;
				if (w->cells[m * w->ncols].n != want || w->cells[m * w->ncols + 1].n != want)
					fail_msg("%s, %s, %04d-%02d-%02d: %lld in the programme and %lld with a contact person,"
						 " not %lld", who == 0 ? "Kari" : "Omar", path == 0 ? "kept" : "rows", ends[m].y,
						 ends[m].m, ends[m].d, (long long)w->cells[m * w->ncols].n,
						 (long long)w->cells[m * w->ncols + 1].n, (long long)want);
			}
		}
	}
}

/*
 * Time to work runs from the start to the first job's start: a job that
 * began two months into the programme, recorded after the period, is 60
 * days, not the 172 to the exit into work (issue 12 §2), kept and read
 * row by row alike; a job begun before the start is not the programme's.
 */
static void
test_time_to_job_start(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Hired here");
	int64_t pid = fx_participant(t, here, "Hired", "exited", 0);
	fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date, outcome, created_at,"
	    " updated_at, centre_id) VALUES (%lld, '2024-01-10', '2024-12-31', 'exited', '2024-06-30', 'employed_full',"
	    " 1, 1, %lld)", (long long)pid, (long long)here);
	int64_t employer = fx_employer(t, here, "Hotel Bryggen", "923456783", "Bergen");
	static const char *const starts[] = {"2023-11-01", "2024-03-10"};
	for (size_t i = 0; i < 2; i++)
		fx_run_sql("INSERT INTO employments (centre_id, participant_id, employer_id, kind, percent, starts_on,"
		    " wage_kind, wage_ore, title, created_at, updated_at) VALUES (%lld, %lld, %lld, 'permanent', 100,"
		    " '%s', 'monthly', 3500000, 'Receptionist', 1, 1)", (long long)here, (long long)pid, (long long)employer,
		    starts[i]);
	struct report_filter f;
	fields_clear(report_filter_fields, &f);
	for (int path = 0; path < 2; path++) {
		struct report_period *rows = NULL;
		size_t n = 0, cap = 0;
		if (path == 0)
			assert_int_equal(store_report_period_groups(t->db, t->a, here, &f, REPORT_GROUP_JOB, &rows, &n, &cap),
					 SC_OK);
		else
			assert_int_equal(store_report_periods(t->db, t->a, here, &rows, &n, &cap), SC_OK);
		struct report rep;
		assert_int_equal(report_time_to_work(rows, n, &f, t->a, &rep), SC_OK);
		const struct report_table *w = &rep.tables[0];
		assert_int_equal(w->cells[0].n, 1);   /* started */
		assert_int_equal(w->cells[1].n, 1);   /* found work */
		if (w->cells[3].value != 600)
			fail_msg("%s: the median is %lld tenths of a day, not 600", path == 0 ? "kept" : "rows",
				 (long long)w->cells[3].value);
	}
}

/* Seconds of day d at 10:00 UTC (an assignment's from_at). */
static int64_t
at_ten(struct date d)
{
	return (int64_t)date_to_days(d) * 86400 + 36000;
}

/* A period of pid from start, exited on exit (NULL: in the programme)
 * into a full-time job, and its first assignment, to contact, on start. */
static void
period_assigned(int64_t centre, int64_t pid, int64_t contact, const char *start, const char *exit)
{
	fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, exit_date, outcome,"
	    " created_at, updated_at, centre_id) VALUES (%lld, '%s', '2025-12-31', '%s', %s%s%s, %s, 1, 1, %lld)",
	    (long long)pid, start, exit ? "exited" : "active", exit ? "'" : "", exit ? exit : "NULL", exit ? "'" : "",
	    exit ? "'employed_full'" : "NULL", (long long)centre);
	struct date d;
	assert_int_equal(date_parse(start, &d), SC_OK);
	fx_run_sql("INSERT INTO assignments (participant_id, contact_id, from_at, centre_id) VALUES (%lld, %lld, %lld,"
	    " %lld)", (long long)pid, (long long)contact, (long long)at_ten(d), (long long)centre);
}

/*
 * Results and Time to work under a contact person count a period that has
 * ended under the contact person who had it at exit, and one in the
 * programme under today's (issue 12 §1): Left exited in June under Kari and
 * was moved to Omar in September, Late was moved to Omar on its exit day
 * (not a day in the programme), Stays was moved to Omar in May and is still
 * in the programme. Kari has two exits and two starts, Omar no exit and one
 * start, kept and read row by row alike, and the kept periods equal their
 * view (they counted under today's: Omar three starts, Kari none).
 */
static void
test_results_contact_at_exit(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Moved after exit");
	int64_t kari = fx_user(t, "x.kari", ROLE_BIT(ROLE_CONTACT));
	int64_t omar = fx_user(t, "x.omar", ROLE_BIT(ROLE_CONTACT));
	int64_t left = fx_participant(t, here, "Left", "exited", kari);
	int64_t late = fx_participant(t, here, "Late", "exited", kari);
	int64_t stays = fx_participant(t, here, "Stays", "active", kari);
	period_assigned(here, left, kari, "2024-01-10", "2024-06-30");
	period_assigned(here, late, kari, "2024-02-05", "2024-06-28");
	period_assigned(here, stays, kari, "2024-02-01", NULL);
	assert_int_equal(store_caseload_move(t->db, here, stays, omar, 0, "", at_ten(D(2024, 5, 15))), SC_OK);
	assert_int_equal(store_caseload_move(t->db, here, late, omar, 0, "", at_ten(D(2024, 6, 28))), SC_OK);
	assert_int_equal(store_caseload_move(t->db, here, left, omar, 0, "", at_ten(D(2024, 9, 2))), SC_OK);
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_facts_verify(t->db, here, &missing, &extra), SC_OK);
	assert_int_equal(missing, 0);
	assert_int_equal(extra, 0);
	struct report_filter f;
	fields_clear(report_filter_fields, &f);
	for (int who = 0; who < 2; who++) {
		f.contact_id = who == 0 ? kari : omar;
		for (int path = 0; path < 2; path++) {
			struct report_period *rows = NULL, *jobs = NULL;
			size_t n = 0, cap = 0, nj = 0, jcap = 0;
			if (path == 0) {
				assert_int_equal(store_report_period_groups(t->db, t->a, here, &f,
									    REPORT_GROUP_EXITS | REPORT_GROUP_EXIT_DAY, &rows,
									    &n, &cap),
						 SC_OK);
				assert_int_equal(store_report_period_groups(t->db, t->a, here, &f, REPORT_GROUP_JOB, &jobs,
									    &nj, &jcap),
						 SC_OK);
			} else {
				assert_int_equal(store_report_periods(t->db, t->a, here, &rows, &n, &cap), SC_OK);
				jobs = rows;
				nj = n;
			}
			struct report res, ttw;
			assert_int_equal(report_results(rows, n, &f, t->a, &res), SC_OK);
			assert_int_equal(report_time_to_work(jobs, nj, &f, t->a, &ttw), SC_OK);
			int64_t exits = res.tables[0].cells[0].n, started = ttw.tables[0].cells[0].n;
			int64_t want_exits = who == 0 ? 2 : 0, want_started = who == 0 ? 2 : 1;
			if (exits != want_exits || started != want_started)
				fail_msg("%s, %s: %lld exits and %lld started, not %lld and %lld", who == 0 ? "Kari" : "Omar",
					 path == 0 ? "kept" : "rows", (long long)exits, (long long)started,
					 (long long)want_exits, (long long)want_started);
		}
	}
}

/* Reading's cell of the year's row of the Norwegian report ({0}: no row),
 * from the kept steps or from the assessments themselves. */
static struct report_cell
reading_of(struct fx *t, int64_t centre, const char *year, bool rows_only)
{
	struct report_filter f;
	fields_clear(report_filter_fields, &f);
	struct report_area_row *rows = NULL;
	size_t n = 0;
	assert_int_equal((rows_only ? store_report_norwegian_rows : store_report_norwegian)(t->db, t->a, centre, &f,
											  D(2025, 6, 1), &rows, &n),
			 SC_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].label, year) == 0)
			return rows[i].cell[1];
	return (struct report_cell){0};
}

/*
 * An assessment withdrawn (migration 81, issue 9 §4) is kept and counted
 * nowhere: A1 then B1 in reading is a step of 2.0 in 2023; the B1
 * withdrawn, the kept steps drop it in the withdrawal's transaction (the
 * report gives no step, kept or read from the assessments), the kept
 * tables still equal their views, and the latest in force is A1. A second
 * withdrawal is a conflict, another participant's assessment not found.
 */
static void
test_assessment_withdrawn(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "Withdrawn here");
	int64_t pid = fx_participant(t, here, "Withdrawn", "active", 0);
	int64_t other = fx_participant(t, here, "Another", "active", 0);
	fx_run_sql("INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at, updated_at,"
	    " centre_id) VALUES (%lld, '2023-01-10', '2024-12-31', 'active', 1, 1, %lld)", (long long)pid,
	    (long long)here);
	int64_t first = fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at,"
				   " centre_id) VALUES (%lld, 'reading', 'A1', '2023-02-01', 1000, %lld) RETURNING id",
				   (long long)pid, (long long)here);
	int64_t wrong = fx_run_sql("INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at,"
				   " centre_id) VALUES (%lld, 'reading', 'B1', '2023-06-01', 1000, %lld) RETURNING id",
				   (long long)pid, (long long)here);
	assert_true(first > 0 && wrong > first);
	for (int rows = 0; rows < 2; rows++) {
		struct report_cell c = reading_of(t, here, "2023", rows);
		assert_int_equal(c.n, 1);
		assert_int_equal(c.value, 20);
	}
	enum cefr_skill skill = SKILL_WRITING;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_language_assessment_withdraw(t->db, here, pid, wrong, "Entered for the wrong person",
							    0, 2000, &skill),
			 SC_OK);
	/* in the same transaction: no step is kept */
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM language_steps WHERE participant_id = %lld", (long long)pid);
	struct db_stmt *st = db_prepare(t->db, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 0);
	db_done(st);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_int_equal(skill, SKILL_READING);
	for (int rows = 0; rows < 2; rows++) {
		struct report_cell c = reading_of(t, here, "2023", rows);
		if (c.n != 0)
			fail_msg("%s: %lld people, %lld tenths", rows ? "rows" : "kept", (long long)c.n, (long long)c.value);
	}
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_report_facts_verify(t->db, here, &missing, &extra), SC_OK);
	assert_int_equal(missing, 0);
	assert_int_equal(extra, 0);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM language_gains WHERE centre_id = %lld", (long long)here);
	assert_int_equal(fx_raw_int(fx_url(), sql), 0);
	/* kept, with why */
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM language_assessments WHERE participant_id = %lld"
		 " AND (withdrawn_at IS NULL OR withdrawn_reason = 'Entered for the wrong person')", (long long)pid);
	assert_int_equal(fx_raw_int(fx_url(), sql), 2);
	enum cefr level = CEFR_NONE;
	assert_int_equal(store_language_current(t->db, here, pid, SKILL_READING, &level), SC_OK);
	assert_int_equal(level, CEFR_A1);
	assert_int_equal(store_language_assessment_withdraw(t->db, here, pid, wrong, "Again", 0, 3000, &skill),
			 SC_ECONFLICT);
	assert_int_equal(store_language_assessment_withdraw(t->db, here, other, first, "Not theirs", 0, 3000, &skill),
			 SC_ENOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_kept_reports),
		FX_TEST(test_caseloads_moved),
		FX_TEST(test_time_to_job_start),
		FX_TEST(test_results_contact_at_exit),
		FX_TEST(test_assessment_withdrawn),
	};
	return fx_run("test_store_report_kept", tests, sizeof tests / sizeof tests[0]);
}
