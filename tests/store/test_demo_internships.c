/*
 * test_demo_internships.c — the demo's employers, pool agreement and
 * placements (src/cli/demo_internships.c), on SQLite or on the PostgreSQL
 * database in SC_TEST_DB_URL: exact counts for the default centre's seed,
 * every organisation number valid, the statuses derived as the domain
 * derives them, the rules a placement must keep (one agreed placement of a
 * person at a time, the hours now and ahead clear of every group's
 * timetable, within the person's programme period), every employed exit
 * after a placement hired there with the job recorded after the exit, the
 * kept facts (follow-up dates, evaluated flags, employers' conversion)
 * equal to what they are kept from; at --scale with --centres, employers in
 * proportion and every record in the centre of its participant.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "cli/demo.h"
#include "domain/orgnr.h"
#include "domain/placement.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/token.h"

#define TODAY FX_DEMO_TODAY

/* ---- fixtures ---- */

/* The databases, the options and the loads are the fixture's (fx_demo_*);
 * raw SQL beside the store is fx_raw_rows() and fx_raw_int(). */

/* Every organisation number valid and all of them different. */
static void
orgnr_row(int ncols, const char *const *vals, void *arg)
{
	(void)ncols;
	int *bad = arg;
	if (vals[0] == NULL || !orgnr_valid(vals[0], NULL))
		(*bad)++;
}

/* The working hours of placements that run today or later against every
 * group slot of their centre: counts the slots they meet. */
struct clash_ctx {
	const char *url;
	int clashes, read;
};

static void
schedule_row(int ncols, const char *const *vals, void *arg)
{
	(void)ncols;
	struct clash_ctx *c = arg;
	struct slot slots[SCHEDULE_MAX_SLOTS];
	size_t n = 0;
	char canonical[SCHEDULE_TEXT_MAX];
	assert_null(schedule_parse(vals[0], slots, &n, canonical));
	assert_string_equal(canonical, vals[0]);
	c->read++;
	for (size_t i = 0; i < n; i++) {
		char sql[512];
		snprintf(sql, sizeof sql,
			 "SELECT COUNT(*) FROM group_slots WHERE centre_id = %s AND weekday = %d"
			 " AND start_min < %d AND end_min > %d",
			 vals[1], slots[i].weekday, slots[i].end, slots[i].start);
		c->clashes += (int)fx_raw_int(c->url, sql);
	}
}

/* lean: a --scale load, whose approvals are kept on the placements
 * without their rows. */
static void
check_rules(const char *u, bool lean)
{
	/* No person has two agreed placements sharing a day. */
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements a JOIN placements b"
				    " ON a.participant_id = b.participant_id AND a.id < b.id"
				    " WHERE a.phase = 'agreed' AND b.phase = 'agreed'"
				    " AND a.starts_on <= b.ends_on AND b.starts_on <= a.ends_on"), 0);
	/* Within the programme period. */
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements p JOIN enrolments e"
				    " ON e.participant_id = p.participant_id WHERE p.starts_on IS NOT NULL"
				    " AND (p.starts_on < e.start_date OR (e.exit_date IS NOT NULL"
				    " AND COALESCE(p.ended_on, p.ends_on) > e.exit_date))"), 0);
	/* Every job: the placement's result is hired, the same person and
	 * employer, an exit as employed, the job after the exit. */
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM employments j JOIN placements p ON p.id = j.placement_id"
				    " JOIN enrolments e ON e.participant_id = j.participant_id"
				    " WHERE p.result <> 'hired' OR p.participant_id <> j.participant_id"
				    " OR p.employer_id <> j.employer_id OR e.outcome NOT IN ('employed_full', 'employed_part')"
				    " OR j.starts_on <= e.exit_date"), 0);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements p WHERE p.result = 'hired' AND NOT EXISTS"
				    " (SELECT 1 FROM employments j WHERE j.placement_id = p.id)"), 0);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM employments j WHERE NOT EXISTS (SELECT 1 FROM"
				    " employment_income i WHERE i.employment_id = j.id AND i.valid_from = j.starts_on)"), 0);
	/* The kept facts are what they are kept from. */
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements p WHERE COALESCE(p.last_followup_on, '') <>"
				    " COALESCE((SELECT MAX(v.held_on) FROM placement_visits v WHERE v.placement_id = p.id), '')"), 0);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements p WHERE p.evaluated_mid <> (SELECT COUNT(*) FROM"
				    " placement_evaluations v WHERE v.placement_id = p.id AND v.kind = 'mid')"
				    " OR p.evaluated_end <> (SELECT COUNT(*) FROM placement_evaluations v"
				    " WHERE v.placement_id = p.id AND v.kind = 'end')"), 0);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM employers e WHERE e.concluded <> (SELECT COUNT(*) FROM"
				    " placements p WHERE p.employer_id = e.id AND p.result IS NOT NULL) OR e.hired <>"
				    " (SELECT COUNT(*) FROM placements p WHERE p.employer_id = e.id AND p.result = 'hired')"), 0);
	assert_int_equal(fx_raw_int(u, "SELECT COALESCE(SUM(hired), 0) FROM conversion_by_industry"),
			 fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE result = 'hired'"));
	assert_int_equal(fx_raw_int(u, "SELECT COALESCE(SUM(concluded), 0) FROM conversion_by_industry"),
			 fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE result IS NOT NULL"));
	/* Agreed and ended early ones were approved by all three, the centre
	 * last; the pool holds no more than its places. */
	assert_int_equal(fx_raw_int(u, lean ? "SELECT COUNT(*) FROM placements p WHERE p.phase IN ('agreed', 'ended_early')"
				    " AND (p.centre_approved_at IS NULL OR p.centre_approved_at <= p.employer_approved_at"
				    " OR p.centre_approved_at <= p.participant_approved_at OR EXISTS (SELECT 1 FROM"
				    " placement_approvals a WHERE a.placement_id = p.id))"
				    : "SELECT COUNT(*) FROM placements p WHERE p.phase IN ('agreed', 'ended_early')"
				    " AND (p.centre_approved_at IS NULL OR p.centre_approved_at <= p.employer_approved_at"
				    " OR p.centre_approved_at <= p.participant_approved_at OR (SELECT COUNT(*) FROM"
				    " placement_approvals a WHERE a.placement_id = p.id) <> 3)"), 0);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM agreements a WHERE a.places < (SELECT COUNT(*) FROM"
				    " placements p WHERE p.agreement_id = a.id AND p.phase = 'agreed'"
				    " AND p.ends_on >= '" TODAY "')"), 0);
	/* Every organisation number valid, none twice in a centre. */
	int bad = 0;
	fx_raw_rows(u, "SELECT orgnr FROM employers", orgnr_row, &bad);
	assert_int_equal(bad, 0);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM (SELECT centre_id, orgnr FROM employers"
				    " GROUP BY centre_id, orgnr HAVING COUNT(*) > 1) x"), 0);
	/* Hours now and ahead meet no group's slot. */
	struct clash_ctx c = {u, 0, 0};
	fx_raw_rows(u, "SELECT schedule, centre_id FROM placements WHERE schedule IS NOT NULL"
		    " AND ends_on >= '" TODAY "' AND phase <> 'ended_early'", schedule_row, &c);
	assert_true(c.read > 0);
	assert_int_equal(c.clashes, 0);
}

/* The default centre, seed 7. */
/* Two reads of one list: the same rows, names, periods and statuses. */
static void
same_rows(const struct placement_list *full, const struct placement_list *brief, struct date today)
{
	assert_int_equal(full->n, brief->n);
	assert_int_equal(full->total, brief->total);
	assert_int_equal(full->more, brief->more);
	for (size_t i = 0; i < full->n; i++) {
		const struct placement *x = &full->items[i], *y = &brief->items[i];
		assert_int_equal(x->id, y->id);
		assert_int_equal(x->participant_id, y->participant_id);
		assert_string_equal(x->given_name, y->given_name);
		assert_string_equal(x->family_name, y->family_name);
		assert_string_equal(x->employer_name, y->employer_name);
		assert_int_equal(date_cmp(x->starts_on, y->starts_on), 0);
		assert_int_equal(date_cmp(x->ends_on, y->ends_on), 0);
		struct placement_facts fx = placement_facts_of(x), fy = placement_facts_of(y);
		assert_int_equal(placement_status(&fx, today), placement_status(&fy, today));
	}
}

static void
test_default_centre(void **state)
{
	(void)state;
	struct fx_demo d;
	fx_demo_fresh(&d);
	assert_int_equal(fx_demo_run(&d, 7, 0, false), SC_OK);
	const char *u = d.url;
	int64_t *n = d.rep.counts;
	assert_int_equal(n[DEMO_EMPLOYERS], 80);
	assert_int_equal(n[DEMO_EMPLOYER_SEARCH], 304);
	assert_int_equal(n[DEMO_EMPLOYER_CONTACTS], 170);
	assert_int_equal(n[DEMO_AGREEMENTS], 1);
	assert_int_equal(n[DEMO_AGREEMENT_EMPLOYERS], 26);
	assert_int_equal(n[DEMO_PLACEMENTS], 567);
	assert_int_equal(n[DEMO_PLACEMENT_APPROVALS], 1660);
	assert_int_equal(n[DEMO_PLACEMENT_VISITS], 1922);
	assert_int_equal(n[DEMO_EVALUATION_LINKS], 539);
	assert_int_equal(n[DEMO_PLACEMENT_EVALUATIONS], 760);
	assert_int_equal(n[DEMO_EMPLOYMENTS], 94);
	assert_int_equal(n[DEMO_EMPLOYMENT_INCOME], 94);
	/* The seven kinds of workplace, as SN2007 divisions. */
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(DISTINCT industry) FROM employers"), 12);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM employers WHERE industry NOT IN"
				    " ('10','46','47','49','52','53','55','56','81','86','87','88')"), 0);
	assert_int_equal(fx_raw_int(u, "SELECT MIN(c) FROM (SELECT COUNT(*) AS c FROM employer_contacts"
				    " GROUP BY employer_id) x"), 1);
	assert_int_equal(fx_raw_int(u, "SELECT MAX(c) FROM (SELECT COUNT(*) AS c FROM employer_contacts"
				    " GROUP BY employer_id) x"), 3);
	assert_int_equal(fx_raw_int(u, "SELECT places FROM agreements"), 60);
	/* Statuses on the day: active, agreed ahead, completed, ended early
	 * and the rest, as placement_status() derives them. */
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE phase = 'agreed'"
				    " AND starts_on <= '" TODAY "' AND ends_on >= '" TODAY "'"), 28);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE phase = 'agreed'"
				    " AND starts_on > '" TODAY "'"), 6);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE phase = 'agreed'"
				    " AND ends_on < '" TODAY "'"), 407);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE phase = 'ended_early'"), 112);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE phase = 'awaiting_approval'"), 8);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE phase = 'negotiating'"), 1);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE phase = 'proposed'"), 5);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE phase = 'ended_early'"
				    " AND end_reason = 'got_job'"), 13);
	/* Results: hired and not; the pool's places held today. */
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE result = 'hired'"), 94);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE result = 'not_hired'"), 317);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE agreement_id IS NOT NULL"
				    " AND phase = 'agreed' AND ends_on >= '" TODAY "'"), 18);
	/* Of the exits as employed, those hired after a placement. */
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM enrolments WHERE outcome IN ('employed_full',"
				    " 'employed_part')"), 108);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(DISTINCT participant_id) FROM employments"), 94);
	/* The liaison's Today: placements of theirs running today without
	 * follow-up for four weeks, or past the agreed next date. */
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements p JOIN users u ON u.id = p.follow_up_id"
				    " WHERE u.username = 'arbeidsliv' AND p.phase = 'agreed' AND p.starts_on <= '" TODAY "'"
				    " AND p.ends_on >= '" TODAY "' AND ((p.next_followup_on IS NOT NULL"
				    " AND p.next_followup_on <= '" TODAY "')"
				    " OR COALESCE(p.last_followup_on, p.starts_on) <= '2025-02-14')"), 2);
	/* Evaluations: from the supervisor's link and by staff. */
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placement_evaluations WHERE source = 'employer'"
				    " AND link_id IS NOT NULL"), 538);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM evaluation_links WHERE used_at IS NULL"), 1);
	/* What the liaison's home reads through the store (the indexes of
	 * migration 23) is what the rules count: each pool's places used and
	 * planned, and the liaison's follow-ups due. */
	struct db *db = store_acquire(d.s);
	struct arena *a = arena_new();
	struct date today;
	assert_int_equal(date_parse(TODAY, &today), SC_OK);
	struct agreement *ags = NULL;
	size_t nag = 0;
	assert_int_equal(store_agreements(db, a, 1, today, true, false, 50, &ags, &nag), SC_OK);
	assert_int_equal(nag, 1);
	assert_int_equal(ags[0].used, fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE agreement_id IS NOT NULL"
						 " AND phase = 'agreed' AND starts_on <= '" TODAY "' AND ends_on >= '" TODAY "'"));
	assert_int_equal(ags[0].used, 16);
	assert_int_equal(ags[0].planned, 2);
	assert_int_equal(ags[0].free, 42);
	/* the home's brief read of them (decision 90) gives what it shows */
	struct agreement *bags = NULL;
	size_t nbag = 0;
	assert_int_equal(store_agreements(db, a, 1, today, true, true, 50, &bags, &nbag), SC_OK);
	assert_int_equal(nbag, nag);
	for (size_t i = 0; i < nag; i++) {
		assert_int_equal(bags[i].id, ags[i].id);
		assert_string_equal(bags[i].name, ags[i].name);
		assert_int_equal(bags[i].places, ags[i].places);
		assert_int_equal(bags[i].used, ags[i].used);
		assert_int_equal(bags[i].planned, ags[i].planned);
		assert_int_equal(bags[i].free, ags[i].free);
	}
	int64_t liaison = fx_raw_int(u, "SELECT id FROM users WHERE username = 'arbeidsliv'");
	struct placement_list due;
	assert_int_equal(store_placements_followup_due(db, a, 1, liaison, today, placement_followup_cutoff(today, 4),
							 20, true, &due), SC_OK);
	assert_int_equal(due.n, 2);
	/* The lists read brief (decision 74) give each row what the whole
	 * record gives it: the names, the period and the status. */
	struct placement_list full, brief;
	for (int ph = 0; ph < PHASE_COUNT; ph++) {
		assert_int_equal(store_placements_in_phase(db, a, 1, (enum placement_phase)ph, 20, false, &full), SC_OK);
		assert_int_equal(store_placements_in_phase(db, a, 1, (enum placement_phase)ph, 20, true, &brief), SC_OK);
		same_rows(&full, &brief, today);
		/* the total from the kept counts (migration 41) is the count */
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM placements WHERE centre_id = 1 AND phase = '%s'",
			 placement_phase_options[ph].key);
		assert_int_equal(full.total, fx_raw_int(u, sql));
		assert_int_equal(brief.total, full.total);
	}
	assert_int_equal(store_placements_between(db, a, 1, true, today, date_add_days(today, 6), 20, false, &full),
			 SC_OK);
	assert_int_equal(store_placements_between(db, a, 1, true, today, date_add_days(today, 6), 20, true, &brief),
			 SC_OK);
	same_rows(&full, &brief, today);
	assert_int_equal(full.total, fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE centre_id = 1 AND phase = 'agreed'"
						 " AND starts_on >= '" TODAY "' AND starts_on <= '2025-03-20'"));
	assert_int_equal(brief.total, full.total);
	assert_int_equal(store_placements_between(db, a, 1, false, today, date_add_days(today, 14), 20, false, &full),
			 SC_OK);
	assert_int_equal(store_placements_between(db, a, 1, false, today, date_add_days(today, 14), 20, true, &brief),
			 SC_OK);
	same_rows(&full, &brief, today);
	assert_int_equal(full.total, fx_raw_int(u, "SELECT COUNT(*) FROM placements WHERE centre_id = 1 AND phase = 'agreed'"
						 " AND ends_on >= '" TODAY "' AND ends_on <= '2025-03-28'"));
	assert_int_equal(brief.total, full.total);
	assert_int_equal(store_placements_followup_due(db, a, 1, liaison, today, placement_followup_cutoff(today, 4),
							 20, false, &full),
			 SC_OK);
	same_rows(&full, &due, today);
	assert_int_equal(store_employer_placements(db, a, 1, d.rep.employer_id, 0, 100, 0, false, &full), SC_OK);
	assert_int_equal(store_employer_placements(db, a, 1, d.rep.employer_id, 0, 100, 0, true, &brief), SC_OK);
	assert_true(full.n > 0);
	same_rows(&full, &brief, today);
	arena_free(a);
	store_release(d.s, db);
	assert_true(d.rep.employer_id > 0);
	assert_int_equal(d.rep.employer_placements, fx_raw_int(u, "SELECT MAX(c) FROM (SELECT COUNT(*) AS c"
							      " FROM placements GROUP BY employer_id) x"));
	assert_string_equal(d.rep.liaison, "arbeidsliv");
	check_rules(u, false);
	fx_demo_close(&d);
}

/* --scale 2000 --centres 2: four staff groups, one employer per 25
 * participants (80), an agreement per group, every record of a placement
 * in its participant's centre (and the employer's). */
static void
test_scale_and_centres(void **state)
{
	(void)state;
	struct fx_demo d;
	fx_demo_fresh(&d);
	struct demo_options o = fx_demo_options(5, 2000);
	o.centres = 2;
	int rc = fx_demo_load(&d, &o);
	if (rc != SC_OK)
		fail_msg("demo_run: %s", sc_strerror(rc));
	const char *u = d.url;
	assert_int_equal(d.rep.counts[DEMO_EMPLOYERS], 80);
	assert_int_equal(d.rep.counts[DEMO_AGREEMENTS], 4);
	assert_int_equal(d.rep.counts[DEMO_PLACEMENTS], 826);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(DISTINCT centre_id) FROM employers"), 2);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements p JOIN participants pt ON pt.id = p.participant_id"
				    " JOIN employers e ON e.id = p.employer_id WHERE p.centre_id <> pt.centre_id"
				    " OR p.centre_id <> e.centre_id"), 0);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements p JOIN employer_contacts c ON c.id = p.supervisor_id"
				    " WHERE c.employer_id <> p.employer_id OR c.centre_id <> p.centre_id"), 0);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements p JOIN agreements a ON a.id = p.agreement_id"
				    " WHERE a.centre_id <> p.centre_id OR NOT EXISTS (SELECT 1 FROM agreement_employers ae"
				    " WHERE ae.agreement_id = a.id AND ae.employer_id = p.employer_id)"), 0);
	assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM placements p JOIN centre_members m ON m.user_id = p.follow_up_id"
				    " WHERE m.centre_id <> p.centre_id"), 0);
	if (!fx_pg()) {
		assert_int_equal(fx_raw_int(u, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
	}
	check_rules(u, true);
	fx_demo_close(&d);
}

int
main(void)
{
	if (fx_demo_begin("test_demo_internships") != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_centre),
		cmocka_unit_test(test_scale_and_centres),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	fx_demo_end();
	return failed;
}
