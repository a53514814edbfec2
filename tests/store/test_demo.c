/*
 * test_demo.c — `secondchance demo` (src/cli/demo.c over the bulk loader in
 * src/store/store_demo.c): deterministic for a seed, the promised shape of
 * the default centre, rows exactly as the register writes them, a kontakt1
 * whose Today page has something in every section, the refusals, a
 * small --scale run through the bulk path (indexes dropped and rebuilt),
 * and --centres: staff and participants spread over several centres. The
 * default centre of seed 7 is loaded once and shared (shared_seed7).
 *
 * Runs on SQLite (a fresh file per test in a temporary directory) or on the
 * PostgreSQL database in SC_TEST_DB_URL (its public schema is dropped and
 * recreated before each test). Checks that read many rows go straight
 * through sqlite3 / libpq on a connection of their own.
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
#include "domain/account.h"
#include "domain/date.h"
#include "domain/nin.h"
#include "domain/field.h"
#include "domain/participant.h"
#include "domain/report.h"
#include "domain/stats.h"
#include "store/store.h"
#include "store/store_report.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/token.h"

#define TODAY FX_DEMO_TODAY

/* ---- fixtures ---- */

/* The databases, the options and the loads are the fixture's (fx_demo_*);
 * raw SQL beside the store is fx_raw_rows() and fx_raw_int(). */

/*
 * The default centre of seed 7, loaded once and shared, in this order, by
 * test_default_shape (reads it), test_refuses_a_register_in_use (changes
 * nothing) and test_rows_match_register (adds people), which the other
 * tests' fresh databases then replace (on PostgreSQL they are the same
 * schema). Its sums are kept from the moment it was loaded: the loads of
 * test_same_seed_same_data and test_other_seed_other_data compare theirs
 * with them, so each seed is loaded once.
 */
static struct fx_demo shared;
static bool shared_open;
static bool seed7_known;
static uint64_t seed7_sum;
static int64_t seed7_counts[DEMO_NTABLES];
static struct demo_report seed7_rep;

/* A fresh database, the shared load (below) closed first: on PostgreSQL
 * they are the same schema. */
static void
fresh(struct fx_demo *d)
{
	if (shared_open) {
		fx_demo_close(&shared);
		shared_open = false;
	}
	fx_demo_fresh(d);
}

static void
sums(struct fx_demo *d, uint64_t *sum, int64_t counts[DEMO_NTABLES])
{
	struct db *db = store_acquire(d->s);
	assert_int_equal(store_demo_checksum(db, sum), SC_OK);
	assert_int_equal(store_demo_counts(db, counts), SC_OK);
	store_release(d->s, db);
}

/* Keeps the sums of a load of seed 7 at scale 0 (test_same_seed_same_data). */
static void
keep_seed7(struct fx_demo *d)
{
	sums(d, &seed7_sum, seed7_counts);
	seed7_rep = d->rep;
	seed7_known = true;
}

/* The shared default centre (above), loaded on first use. */
static struct fx_demo *
shared_seed7(void)
{
	if (!shared_open) {
		fresh(&shared);
		assert_int_equal(fx_demo_run(&shared, 7, 0, false), SC_OK);
		keep_seed7(&shared);
		shared_open = true;
	}
	return &shared;
}

/* ---- determinism ---- */

static void
test_same_seed_same_data(void **state)
{
	(void)state;
	if (!seed7_known)
		(void)shared_seed7();  /* run alone: the first load is made here */
	struct fx_demo b;
	uint64_t sb;
	int64_t cb[DEMO_NTABLES];
	fresh(&b);
	assert_int_equal(fx_demo_run(&b, 7, 0, false), SC_OK);
	sums(&b, &sb, cb);
	fx_demo_close(&b);
	for (int t = 0; t < DEMO_NTABLES; t++) {
		assert_true(seed7_counts[t] == cb[t]);
		/* What was written is what is there (and centre 1, the
		 * migration's, which the demo keeps). */
		assert_true(seed7_rep.counts[t] == seed7_counts[t] - (t == DEMO_CENTRES ? 1 : 0));
		assert_true(b.rep.counts[t] == cb[t] - (t == DEMO_CENTRES ? 1 : 0));
	}
	assert_true(seed7_sum == sb);
	/* Every table the demo fills has rows. */
	for (int t = 0; t < DEMO_NTABLES; t++)
		if (cb[t] == 0)
			fail_msg("no rows in %s", store_demo_table_name((enum demo_table)t));
}

static void
test_other_seed_other_data(void **state)
{
	(void)state;
	if (!seed7_known)
		(void)shared_seed7();
	struct fx_demo b;
	uint64_t sb;
	int64_t cb[DEMO_NTABLES];
	fresh(&b);
	assert_int_equal(fx_demo_run(&b, 8, 0, false), SC_OK);
	sums(&b, &sb, cb);
	fx_demo_close(&b);
	assert_true(seed7_sum != sb);
	/* The centre keeps its shape: the same number of participants. */
	assert_true(seed7_counts[DEMO_PARTICIPANTS] == cb[DEMO_PARTICIPANTS]);
}

/* ---- the default centre ---- */

struct role_count {
	int64_t admin, leader, contact, teacher, health, liaison, finance, analyst, total;
};

static void
count_role(int ncols, const char *const *vals, void *arg)
{
	(void)ncols;
	struct role_count *rc = arg;
	int64_t roles = strtoll(vals[0], NULL, 10), n = strtoll(vals[1], NULL, 10);
	rc->total += n;
	rc->admin += (roles & 1) ? n : 0;
	rc->leader += (roles & 2) ? n : 0;
	rc->contact += (roles & 4) ? n : 0;
	rc->teacher += (roles & 8) ? n : 0;
	rc->health += (roles & 16) ? n : 0;
	rc->liaison += (roles & 32) ? n : 0;
	rc->finance += (roles & 64) ? n : 0;
	rc->analyst += (roles & 128) ? n : 0;
}

struct nin_check {
	int64_t n, bad, real, no_nin;
	char first_bad[80];
};

static void
check_nin(int ncols, const char *const *vals, void *arg)
{
	(void)ncols;
	struct nin_check *c = arg;
	c->n++;
	if (vals[0] == NULL) {
		c->no_nin++;
		return;
	}
	struct nin_info info;
	const char *why = NULL;
	struct date birth;
	bool ok = nin_validate_ex(vals[0], NIN_ALLOW_SYNTHETIC, &info, &why) == SC_OK &&
		  date_parse(vals[1], &birth) == SC_OK && nin_matches_birth_date(&info, birth);
	if (!ok && c->bad++ == 0)
		snprintf(c->first_bad, sizeof c->first_bad, "%s %s %s", vals[0], vals[1], why ? why : "");
	/* A number the tax authority could issue to a real person. */
	if (ok && (!info.synthetic || nin_validate(vals[0], NULL, NULL) == SC_OK))
		c->real++;
}

static void
check_account(int ncols, const char *const *vals, void *arg)
{
	(void)ncols;
	int64_t *bad = arg;
	char out[12];
	if (vals[0] != NULL && vals[0][0] != '\0' &&
	    (account_validate(vals[0], out, NULL) != SC_OK || strcmp(out, vals[0]) != 0))
		(*bad)++;
}

/* The activities' facts agree with their rows, as the register's
 * transactions keep them (decision 35), and the rules hold. */
static void
check_activities(const char *url)
{
	/* each session's marks: those saved, none of a paused day (the
	 * counts are the store's own: check_session_counts()) */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM activity_sessions s WHERE s.marks <>"
				 " (SELECT COUNT(*) FROM attendance a WHERE a.session_id = s.id)") == 0);
	/* never more enrolled on a day than there are places */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM activity_sessions s JOIN activity_groups g"
				 " ON g.id = s.group_id WHERE s.expected > g.capacity") == 0);
	/* marks only for those enrolled that day, none from today on */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM attendance a JOIN activity_sessions s ON s.id = a.session_id"
				 " WHERE s.on_date >= '" TODAY "' OR NOT EXISTS (SELECT 1 FROM group_enrolments e"
				 " WHERE e.group_id = s.group_id AND e.participant_id = a.participant_id"
				 " AND e.starts_on <= s.on_date AND e.ends_on >= s.on_date)") == 0);
	/* no participant in two groups that meet at the same time */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM group_enrolments a JOIN group_enrolments b"
				 " ON b.participant_id = a.participant_id AND b.id > a.id"
				 " AND a.starts_on <= b.ends_on AND b.starts_on <= a.ends_on"
				 " JOIN group_slots x ON x.group_id = a.group_id JOIN group_slots y"
				 " ON y.group_id = b.group_id AND y.weekday = x.weekday"
				 " AND x.start_min < y.end_min AND y.start_min < x.end_min") == 0);
	/* no teacher in two sessions that meet at the same time (the
	 * Norwegian classes of a term all meet in the morning: decision 183) */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM activity_sessions a JOIN group_teachers ta"
				 " ON ta.group_id = a.group_id JOIN group_teachers tb ON tb.user_id = ta.user_id"
				 " JOIN activity_sessions b ON b.group_id = tb.group_id AND b.on_date = a.on_date"
				 " AND b.id <> a.id AND a.start_min < b.end_min AND b.start_min < a.end_min") == 0);
	/* a Norwegian class at or below the level the participant speaks now */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM group_enrolments e JOIN activity_groups g ON g.id = e.group_id"
				 " JOIN participants p ON p.id = e.participant_id WHERE g.level IS NOT NULL"
				 " AND g.level > COALESCE(p.cefr_speaking, 'A1')") == 0);
	/* the register's level is the latest assessment of each skill */
	static const char *const skills[] = {"listening", "reading", "speaking", "writing"};
	for (int k = 0; k < 4; k++) {
		char sql[600];
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM participants p WHERE p.cefr_%s IS NOT NULL"
			 " AND p.cefr_%s <> (SELECT a.level FROM language_assessments a WHERE a.participant_id = p.id"
			 " AND a.skill = '%s' ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1)", skills[k], skills[k],
			 skills[k]);
		if (fx_raw_int(url, sql) != 0)
			fail_msg("%s: the register's level is not the latest assessment", skills[k]);
	}
	/* in the participant's centre */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM attendance a JOIN participants p ON p.id = a.participant_id"
				 " WHERE a.centre_id <> p.centre_id") == 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM group_enrolments e JOIN participants p ON p.id = e.participant_id"
				 " JOIN activity_groups g ON g.id = e.group_id WHERE e.centre_id <> p.centre_id"
				 " OR g.centre_id <> p.centre_id") == 0);
}

/* Participants (participant, centre). */
struct paused_people {
	int64_t (*row)[2];
	size_t n, cap;
};

static void
paused_row(int ncols, const char *const *vals, void *arg)
{
	struct paused_people *p = arg;
	assert_int_equal(ncols, 2);
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->row = realloc(p->row, p->cap * sizeof *p->row);
		assert_non_null(p->row);
	}
	p->row[p->n][0] = strtoll(vals[0], NULL, 10);
	p->row[p->n][1] = strtoll(vals[1], NULL, 10);
	p->n++;
}

/* Each session's counts are the store's (pause_sql.h, decision 173): who
 * it expects and whose marks it counts leave out those paused that day.
 * The sessions of everyone whose groups met on a day they were paused
 * (some did), counted again by the store as a pause's command does,
 * change in nothing. */
static void
check_session_counts(struct fx_demo *d)
{
	static const char sums[] =
		"SELECT COALESCE(SUM(expected * (id % 1009 + 1) + 7 * marks * (id % 997 + 1)), 0) FROM activity_sessions";
	int64_t before = fx_raw_int(d->url, sums);
	struct paused_people p = {0};
	fx_raw_rows(d->url, "SELECT DISTINCT pe.participant_id, pe.centre_id FROM enrolment_pauses x"
			    " JOIN enrolments pe ON pe.id = x.enrolment_id"
			    " JOIN group_enrolments e ON e.participant_id = pe.participant_id"
			    " JOIN activity_sessions s ON s.group_id = e.group_id AND s.on_date >= e.starts_on"
			    " AND s.on_date <= e.ends_on AND s.on_date >= x.from_date"
			    " AND (x.to_date IS NULL OR s.on_date < x.to_date)", paused_row, &p);
	assert_true(p.n > 0);
	struct db *db = store_acquire(d->s);
	for (size_t i = 0; i < p.n; i++)
		assert_int_equal(store_sessions_recount_participant(db, p.row[i][1], p.row[i][0], (struct date){1, 1, 1},
								    (struct date){9999, 12, 31}),
				 SC_OK);
	store_release(d->s, db);
	free(p.row);
	assert_true(fx_raw_int(d->url, sums) == before);
}

/* The checks every demo, of any scale, must pass. */
static void
check_invariants(struct fx_demo *d)
{
	const char *url = d->url;
	check_session_counts(d);
	/* The reports' facts (migration 24) are the facts joined, row for
	 * row, whether the triggers kept them or the bulk load made them. */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM report_facts") ==
		    fx_raw_int(url, "SELECT COUNT(*) FROM enrolments"));
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM (SELECT * FROM report_facts_source"
				 " EXCEPT SELECT * FROM report_facts) x") == 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM (SELECT * FROM report_facts"
				 " EXCEPT SELECT * FROM report_facts_source) x") == 0);
	/* Intake's referrals (migration 26) likewise */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM intake_facts") == fx_raw_int(url, "SELECT COUNT(*) FROM referrals"));
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM (SELECT * FROM intake_facts_source"
				 " EXCEPT SELECT * FROM intake_facts) x") == 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM (SELECT * FROM intake_facts"
				 " EXCEPT SELECT * FROM intake_facts_source) x") == 0);
	/* The groups counted (migration 32) are the kept rows grouped. */
	static const char *const counted[] = {"report_groups", "report_jobs", "report_waits", "intake_sources",
					      "intake_days", "attendance_months", "attendance_sessions",
					      /* Attendance's counts (migration 42) */
					      "attendance_group_months", "attendance_group_firsts", "attendance_type_firsts",
					      "attendance_type_months", "attendance_month_people", "attendance_month_counts",
					      /* and by the filters' class (migration 46) */
					      "attendance_people", "attendance_class_gfirsts", "attendance_class_tfirsts",
					      "attendance_class_groups", "attendance_class_types", "attendance_class_months",
					      /* the periods' groups by age (migration 53) */
					      "report_age_groups", "report_age_jobs", "report_age_waits",
					      /* Caseloads' months by age (migration 54) */
					      "caseload_ages",
					      /* and by schooling (migration 60) */
					      "caseload_schools",
					      /* Attendance's groups and months summed (migration 55) */
					      "attendance_group_sums", "attendance_month_sums",
					      /* Intake's sources by age (migration 56) */
					      "intake_age_sources",
					      /* Attendance's counts by dimension (migration 58) */
					      "attendance_dim_groups", "attendance_dim_types", "attendance_dim_months",
					      /* the periods' groups and Intake's sources by schooling (migration 59) */
					      "report_school_groups", "report_school_waits", "report_school_jobs",
					      "intake_school_sources",
					      /* Results' exits by day (migration 67) */
					      "report_exit_days"};
	for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++) {
		char sql[300];
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM (SELECT * FROM %s_source EXCEPT SELECT * FROM %s) x",
			 counted[i], counted[i]);
		if (fx_raw_int(url, sql) != 0)
			fail_msg("%s: groups of the kept rows not counted", counted[i]);
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM (SELECT * FROM %s EXCEPT SELECT * FROM %s_source) x",
			 counted[i], counted[i]);
		if (fx_raw_int(url, sql) != 0)
			fail_msg("%s: groups counted that the kept rows do not have", counted[i]);
	}
	/* Attendance's months (migration 33) are filled too */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM attendance_months") > 0);
	/* Today's runs of absence keep their participant's contact person
	 * (migration 45), written by the load itself */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM absence_streaks WHERE contact_id IS NOT NULL") > 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM absence_streaks r JOIN participants p ON p.id = r.participant_id"
				 " WHERE r.contact_id IS DISTINCT FROM p.contact_id") == 0);
	/* Caseloads' spans and months (migration 31) likewise */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM caseload_spans") > 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM caseload_spans") ==
		    fx_raw_int(url, "SELECT COUNT(*) FROM caseload_spans_source"));
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM (SELECT * FROM caseload_spans_source"
				 " EXCEPT SELECT * FROM caseload_spans) x") == 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM (SELECT * FROM caseload_spans"
				 " EXCEPT SELECT * FROM caseload_spans_source) x") == 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM caseload_months") ==
		    fx_raw_int(url, "SELECT COUNT(*) FROM caseload_months_source"));
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM (SELECT * FROM caseload_months_source"
				 " EXCEPT SELECT * FROM caseload_months) x") == 0);
	/* Norwegian's steps and Internships' placements (migration 38) likewise */
	static const char *const area_kept[] = {"language_steps", "language_gains", "placement_facts",
						  "internship_employers", "internship_cohorts", "internship_groups",
						  "money_groups",
						  /* the caseload overview's and the waiting list's (migration 40) */
						  "caseload_people", "caseload_centres", "planned_exits",
						  /* the waiting list's rows (migration 86) */
						  "waiting_list",
						  /* the liaison's home's counts (migration 41) */
						  "placement_counts",
						  /* Norwegian's steps by age and schooling (migration 48) */
						  "language_bands",
						  /* Money's groups by age (migration 53) and schooling (migration 59) */
						  "money_ages", "money_schools"};
	for (size_t i = 0; i < sizeof area_kept / sizeof area_kept[0]; i++) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM (SELECT * FROM %s_source EXCEPT SELECT * FROM %s) x",
			 area_kept[i], area_kept[i]);
		assert_true(fx_raw_int(url, sql) == 0);
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM (SELECT * FROM %s EXCEPT SELECT * FROM %s_source) x",
			 area_kept[i], area_kept[i]);
		assert_true(fx_raw_int(url, sql) == 0);
	}
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM placement_facts") > 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM caseload_people WHERE active > 0") > 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM planned_exits") > 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM waiting_list") > 0);
	/* and their triggers are there, working, after a load (migration
	 * 24's, then 26's of Intake, 31's of Caseloads, 32's of the groups,
	 * 33's of Attendance, 36's of the scheme and the repairs, 38's of
	 * Norwegian and Internships, 39's of Money, 40's of the caseload
	 * overview, 41's of the liaison's counts, 42's of Attendance's counts,
	 * 46's of its counts by class, 48's of Norwegian's by age and schooling,
	 * 53's of the groups by age, 54's of Caseloads' months by age, 55's of
	 * Attendance's sums, 56's of Intake's sources by age, 58's of
	 * Attendance's counts by dimension, 59's of the groups and sources by
	 * schooling, 60's of Caseloads' months by schooling, 61's of Money's by
	 * age made again: on PostgreSQL two made again; 67's of Results' exits
	 * by day; 83's of the first job's start; 85's of the contact person
	 * at exit; 86's of the waiting list's rows) */
	if (fx_pg())
		assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE 'report_facts%'"
					 " AND tgenabled = 'O'") == 4 + 4 + 5 + 2 + 4 + 2 + 8 + 3 + 8 + 1 + 4 + 6 + 5 + 3 + 2 + 2 + 6 + 7 + 3 + 2 + 1
					 + 1 + 2);
	else
		assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"
					 " AND name LIKE 'report_facts%'") == 8 + 10 + 11 + 6 + 7 + 6 + 18 + 5 + 18 + 3 + 13 + 17 + 4 + 8 + 6 + 6 + 3 + 14 + 11 + 6 + 4
					 + 3 + 3 + 5);
	/* No contact person over their cap; active people all have one. */
	assert_true(fx_raw_int(url,
		"SELECT COUNT(*) FROM (SELECT p.contact_id, COUNT(*) AS n FROM participants p"
		" WHERE p.status IN ('active','paused') GROUP BY p.contact_id) c"
		" JOIN users u ON u.id = c.contact_id WHERE c.n > COALESCE(u.caseload_cap, 18)") == 0);
	assert_true(fx_raw_int(url,
		"SELECT COUNT(*) FROM participants p LEFT JOIN users u ON u.id = p.contact_id"
		" WHERE p.status IN ('active','paused')"
		" AND (u.id IS NULL OR u.active <> 1 OR NOT EXISTS (SELECT 1 FROM centre_members cm"
		" WHERE cm.user_id = u.id AND cm.centre_id = p.centre_id AND (cm.roles & 4) <> 0))") == 0);
	/* The open assignment is the current contact person. */
	assert_true(fx_raw_int(url,
		"SELECT COUNT(*) FROM participants p WHERE p.contact_id IS NOT NULL AND NOT EXISTS"
		" (SELECT 1 FROM assignments a WHERE a.participant_id = p.id AND a.to_at IS NULL"
		"  AND a.contact_id = p.contact_id)") == 0);
	assert_true(fx_raw_int(url,
		"SELECT COUNT(*) FROM (SELECT participant_id FROM assignments WHERE to_at IS NULL"
		" GROUP BY participant_id HAVING COUNT(*) > 1) x") == 0);
	/* Every identity number synthetic and valid, every account valid. */
	struct nin_check nc = {0};
	fx_raw_rows(url, "SELECT nin, birth_date FROM participants", check_nin, &nc);
	if (nc.bad > 0)
		fail_msg("%lld invalid identity numbers, e.g. %s", (long long)nc.bad, nc.first_bad);
	assert_true(nc.real == 0);
	assert_true(nc.no_nin < nc.n / 10 + 2);
	int64_t bad = 0;
	fx_raw_rows(url, "SELECT bank_account FROM participants", check_account, &bad);
	assert_true(bad == 0);
	/* Dates in order: nothing after "today" that has happened. */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM meetings WHERE held_on > '" TODAY "'") == 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM goal_steps WHERE done_on > '" TODAY "'") == 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM enrolments WHERE exit_date > '" TODAY "'"
				 " OR start_date > '" TODAY "' OR exit_date < start_date") == 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM tasks WHERE done_on > '" TODAY "'") == 0);
	/* An open follow-up is on someone's Today: none is a deactivated
	 * user's (a former contact person's successor took theirs over). */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM tasks t JOIN users u ON u.id = t.assignee_id"
				 " WHERE t.done_on IS NULL AND u.active = 0") == 0);
	/* kontakt1 (the benchmark's Today) has a few follow-ups a month or
	 * more late, as a contact person does (Today's late follow-ups). */
	int64_t late = fx_raw_int(url, "SELECT COUNT(*) FROM tasks t JOIN users c ON c.id = t.assignee_id"
				       " WHERE c.username = 'kontakt1' AND t.done_on IS NULL AND t.due_on < '2025-02-12'");
	assert_true(late >= 3 && late <= 12);
	/* Exits made their two follow-ups; the active ones have a plan. */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM enrolments e WHERE e.status = 'exited' AND"
				 " (SELECT COUNT(*) FROM tasks t WHERE t.enrolment_id = e.id) <> 2") == 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM enrolments e WHERE NOT EXISTS"
				 " (SELECT 1 FROM work_plans w WHERE w.enrolment_id = e.id)") == 0);
	/* Each goal has 1..5 steps; statuses and versions agree with the history. */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM goals g WHERE (SELECT COUNT(*) FROM goal_steps s"
				 " WHERE s.goal_id = g.id) NOT BETWEEN 1 AND 5") == 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM goals g WHERE g.version <> (SELECT COUNT(*)"
				 " FROM goal_history h WHERE h.goal_id = g.id)") == 0);
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM work_plans w WHERE w.version <> (SELECT"
				 " MAX(v.version) FROM work_plan_versions v WHERE v.plan_id = w.id)") == 0);
	/* Four screening rules per screened referral. */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM referrals r WHERE r.state <> 'new' AND"
				 " (SELECT COUNT(*) FROM screening_results s WHERE s.referral_id = r.id) <> 4") == 0);
	/* Participants' statuses follow their referrals and enrolments. */
	assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM participants p JOIN referrals r ON"
				 " r.participant_id = p.id WHERE (r.state = 'waiting' AND p.status <> 'waiting')"
				 " OR (r.state = 'offered' AND p.status <> 'offered')"
				 " OR (r.state = 'accepted' AND p.status NOT IN ('active','paused','exited'))") == 0);
	check_activities(url);
	if (!fx_pg()) {
		/* The loader writes without foreign-key checks on SQLite: every
		 * key must point at a row all the same. */
		assert_true(fx_raw_int(url, "SELECT COUNT(*) FROM pragma_foreign_key_check") == 0);
	}
}

static void
test_default_shape(void **state)
{
	(void)state;
	struct fx_demo *d = shared_seed7();
	const char *u = d->url;

	/* 27 staff with the promised roles (a teacher for each of the 13
	 * Norwegian classes a term holds at the same hour); the administrator
	 * was made here. */
	struct role_count rc = {0};
	/* roles: the installation's (users) and the centre's (centre_members) */
	fx_raw_rows(u, "SELECT u.roles | COALESCE((SELECT cm.roles FROM centre_members cm"
		 " WHERE cm.user_id = u.id AND cm.centre_id = 1), 0), COUNT(*) FROM users u"
		 " GROUP BY u.roles | COALESCE((SELECT cm.roles FROM centre_members cm"
		 " WHERE cm.user_id = u.id AND cm.centre_id = 1), 0)", count_role, &rc);
	assert_true(rc.total == 27);
	assert_true(d->rep.admin_created);
	assert_true(d->rep.staff == 27);
	assert_true(rc.admin == 1 && rc.leader == 1 && rc.teacher == 13 && rc.health == 2 &&
		    rc.liaison == 1 && rc.finance == 1 && rc.analyst == 1);
	assert_true(rc.contact == 8);  /* seven contact persons and the leader */

	/* Activities (seed 7, today 2025-03-14): three years of terms, each
	 * with seven afternoon groups and the Norwegian classes (A1, A2, B1,
	 * 25 places, parallel ones opened as they filled), one teacher each
	 * (the health group: the nurse); closures in July and at Christmas;
	 * no session on a public holiday or in a closure. */
	assert_true(d->rep.counts[DEMO_ACT_GROUPS] == 114);
	assert_true(d->rep.counts[DEMO_GROUP_TEACHERS] == 114);
	assert_true(d->rep.counts[DEMO_GROUP_SLOTS] == 374);
	assert_true(d->rep.counts[DEMO_CLOSURES] == 7);
	assert_true(d->rep.counts[DEMO_ACT_SESSIONS] == 7470);
	assert_true(d->rep.counts[DEMO_GROUP_ENROLMENTS] == 2220);
	assert_true(d->rep.counts[DEMO_ATTENDANCE] == 113758);   /* none of a paused day */
	assert_true(d->rep.counts[DEMO_ABSENCE_STREAKS] == 439);
	assert_true(fx_raw_int(u, "SELECT COUNT(DISTINCT activity_type_id) FROM activity_groups") == 8);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM activity_groups WHERE level IS NOT NULL") == 65);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM activity_sessions WHERE on_date IN ('2024-03-28',"
			       "'2024-03-29','2024-04-01','2024-05-01','2024-05-09','2024-05-17','2024-05-20',"
			       "'2025-04-17','2025-04-18','2025-04-21','2025-05-01','2025-05-29','2025-06-09')"
			       " OR substr(on_date, 6, 2) = '07' OR substr(on_date, 6, 5) >= '12-21'") == 0);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM group_teachers gt JOIN users u ON u.id = gt.user_id"
			       " JOIN activity_groups g ON g.id = gt.group_id JOIN activity_types t"
			       " ON t.id = g.activity_type_id WHERE t.key = 'health_group'"
			       " AND u.username <> 'sykepleier'") == 0);
	/* The registers: every past session marked but one (laerer's
	 * "unmarked" list has it), today's 14 sessions waiting; mostly
	 * present, some late or leaving early, absence by type. */
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM activity_sessions WHERE on_date < '" TODAY "'"
			       " AND marks < expected") == 1);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM activity_sessions WHERE on_date = '" TODAY "'"
			       " AND expected > 0 AND marks = 0") == 14);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM attendance WHERE mark = 'present'") == 105654);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM attendance WHERE mark = 'late'") == 2964);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM attendance WHERE mark = 'left_early'") == 1427);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM attendance WHERE absence = 'sick_self'") == 1564);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM attendance WHERE absence = 'sick_doctor'") == 759);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM attendance WHERE absence = 'leave'"
			       " AND reason IS NOT NULL") == 289);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM attendance WHERE absence = 'unexcused'") == 1101);
	/* The self-certification rule: 98 days beyond it still need a note,
	 * 185 self-certified days had one registered afterwards. */
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM attendance WHERE beyond = 1 AND absence = 'sick_self'"
			       " AND doctor_note = 0") == 98);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM attendance WHERE absence = 'sick_self'"
			       " AND doctor_note = 1 AND beyond = 0") == 185);
	/* Sickness in winter (December to February: 1,108 of 32,188 marks)
	 * far more than from May to September (312 of 35,818). */
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM attendance a JOIN activity_sessions s ON s.id = a.session_id"
			       " WHERE a.absence LIKE 'sick%' AND substr(s.on_date, 6, 2) IN ('12','01','02')") == 1108);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM attendance a JOIN activity_sessions s ON s.id = a.session_id"
			       " WHERE substr(s.on_date, 6, 2) IN ('12','01','02')") == 32188);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM attendance a JOIN activity_sessions s ON s.id = a.session_id"
			       " WHERE a.absence LIKE 'sick%' AND substr(s.on_date, 6, 2) IN ('05','06','08','09')") == 312);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM attendance a JOIN activity_sessions s ON s.id = a.session_id"
			       " WHERE substr(s.on_date, 6, 2) IN ('05','06','08','09')") == 35818);
	/* Progress: the teachers' assessments at the end of each term (437
	 * by Norskprøven) and at each participant's first session of a term
	 * (5,460 of the teachers' 8,059; 4,228 at the group's first session),
	 * 162 participants spoke better than before. */
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM language_assessments WHERE source = 'assessment'"
			       " AND method = 'teacher' AND assessor_id IS NOT NULL AND group_id IS NOT NULL") == 8059);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM language_assessments a WHERE a.source = 'assessment'"
			       " AND a.method = 'teacher' AND a.group_id IS NOT NULL AND a.assessed_on ="
			       " (SELECT MIN(s.on_date) FROM activity_sessions s WHERE s.group_id = a.group_id)") == 4228);
	/* so that a year has its own first and last level of a skill (the
	 * Norwegian report under a calendar year counts from them): in 2024
	 * 301 participants were assessed twice or more in speaking, 114 of
	 * them higher at the year's last than at its first (176 and 42 with
	 * the ends of terms alone) */
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM (SELECT participant_id FROM language_assessments"
			       " WHERE assessed_on LIKE '2024%' AND skill = 'speaking'"
			       " GROUP BY participant_id HAVING COUNT(*) >= 2) x") == 301);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM (SELECT a.participant_id FROM language_assessments a"
			       " WHERE a.assessed_on LIKE '2024%' AND a.skill = 'speaking' GROUP BY a.participant_id"
			       " HAVING (SELECT b.level FROM language_assessments b WHERE b.participant_id = a.participant_id"
			       " AND b.skill = 'speaking' AND b.assessed_on LIKE '2024%' ORDER BY b.assessed_on DESC, b.id DESC"
			       " LIMIT 1) > (SELECT b.level FROM language_assessments b WHERE b.participant_id = a.participant_id"
			       " AND b.skill = 'speaking' AND b.assessed_on LIKE '2024%' ORDER BY b.assessed_on, b.id"
			       " LIMIT 1)) x") == 114);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM language_assessments WHERE method = 'norskproven'") == 437);
	assert_true(fx_raw_int(u, "SELECT COUNT(DISTINCT a.participant_id) FROM language_assessments a"
			       " WHERE a.skill = 'speaking' AND a.source = 'assessment' AND EXISTS (SELECT 1"
			       " FROM language_assessments b WHERE b.participant_id = a.participant_id"
			       " AND b.skill = 'speaking' AND b.assessed_on < a.assessed_on AND b.level < a.level)") == 162);
	/* The register the benchmark opens: laerer5's, 25 enrolled and marked. */
	assert_true(d->rep.act.register_session > 0);
	assert_string_equal(d->rep.act.register_teacher, "laerer5");
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM activity_sessions s JOIN group_teachers gt ON"
		 " gt.group_id = s.group_id JOIN users u ON u.id = gt.user_id WHERE s.id = %lld AND s.expected = 25"
		 " AND s.marks = 25 AND u.username = 'laerer5'", (long long)d->rep.act.register_session);
	assert_true(fx_raw_int(u, sql) == 1);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM users WHERE username IN ('leder','kontakt1',"
			       "'kontakt7','laerer1','laerer2','psykolog','sykepleier','arbeidsliv',"
			       "'okonomi','admin')") == 10);
	/* The analyst holds that role alone, and is listed with the others. */
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM users u JOIN centre_members cm ON cm.user_id = u.id"
			       " WHERE u.username = 'analytiker' AND u.roles = 0 AND cm.roles = 128"
			       " AND u.active = 1") == 1);
	bool listed = false;
	for (int i = 0; i < d->rep.nusers; i++)
		listed |= strcmp(d->rep.users[i].username, "analytiker") == 0 &&
			  strcmp(d->rep.users[i].roles, "analyst") == 0;
	assert_true(listed);
	/* Each level on the register has its assessment, dated the day the
	 * person was registered. */
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM language_assessments") >
		    fx_raw_int(u, "SELECT COUNT(*) FROM participants"));
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM participants p WHERE p.cefr_speaking IS NOT NULL"
			       " AND NOT EXISTS (SELECT 1 FROM language_assessments a WHERE"
			       " a.participant_id = p.id AND a.skill = 'speaking'"
			       " AND a.level = p.cefr_speaking)") == 0);
	/* The installation is marked as a demo: its synthetic identity
	 * numbers are accepted when the made-up people are edited. */
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM installation_settings"
			       " WHERE key = 'demo' AND value = '1'") == 1);

	/* About 130 in the programme, about 60 waiting, history behind. */
	int64_t active = fx_raw_int(u, "SELECT COUNT(*) FROM participants WHERE status IN ('active','paused')");
	assert_true(active >= 120 && active <= 140);
	int64_t waiting = fx_raw_int(u, "SELECT COUNT(*) FROM referrals WHERE state = 'waiting'");
	assert_true(waiting >= 50 && waiting <= 70);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM participants WHERE status = 'waiting'") == waiting);
	assert_true(fx_raw_int(u, "SELECT COUNT(DISTINCT priority) FROM referrals WHERE state = 'waiting'") >= 4);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM participants WHERE status = 'exited'") >= 250);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM referrals WHERE referred_on < '2022-06-01'") > 0);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM enrolment_extensions") > 0);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM assignments WHERE to_at IS NOT NULL") > 0);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM screening_results WHERE overridden = 1") > 0);

	/* Most are women; most come from Somalia, Eritrea, Syria and Iraq. */
	int64_t all = fx_raw_int(u, "SELECT COUNT(*) FROM participants");
	int64_t women = fx_raw_int(u, "SELECT COUNT(*) FROM participants WHERE gender = 'female'");
	int64_t four = fx_raw_int(u, "SELECT COUNT(*) FROM participants WHERE country_of_birth IN"
			       " ('Somalia','Eritrea','Syria','Irak')");
	assert_true(women * 100 > all * 70);
	assert_true(four * 100 > all * 60);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM participant_children") > all);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM participant_languages WHERE interpreter = 1") > all / 3);
	assert_true(fx_raw_int(u, "SELECT COUNT(DISTINCT schooling_years) FROM participants") >= 8);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM participants WHERE cefr_speaking IN ('A1','A2','B1')") * 100 >
		    all * 75);

	/* About 55 % of those who completed went to work or education. */
	int64_t completers = fx_raw_int(u, "SELECT COUNT(*) FROM enrolments WHERE status = 'exited'"
				     " AND outcome NOT IN ('dropped_out','moved')");
	int64_t into = fx_raw_int(u, "SELECT COUNT(*) FROM enrolments WHERE status = 'exited'"
			       " AND outcome IN ('employed_full','employed_part','education')");
	assert_true(completers > 150);
	assert_true(into * 100 >= completers * 42 && into * 100 <= completers * 68);

	/* kontakt1: a full caseload and something in every Today section. */
	assert_true(d->rep.contact_active == 18);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM participants p JOIN users c ON c.id = p.contact_id"
			       " WHERE c.username = 'kontakt1' AND p.status IN ('active','paused')") == 18);
	assert_true(fx_raw_int(u,
		"SELECT COUNT(*) FROM participants p JOIN users c ON c.id = p.contact_id"
		" WHERE c.username = 'kontakt1' AND p.status NOT IN ('exited','closed') AND"
		" (SELECT m.next_meeting FROM meetings m WHERE m.participant_id = p.id"
		"  ORDER BY m.held_on DESC, m.id DESC LIMIT 1) = '" TODAY "'") >= 3);
	assert_true(fx_raw_int(u,
		"SELECT COUNT(*) FROM goal_steps s JOIN goals g ON g.id = s.goal_id"
		" JOIN participants p ON p.id = s.participant_id JOIN users c ON c.id = p.contact_id"
		" WHERE c.username = 'kontakt1' AND p.status IN ('active','paused') AND s.done_on IS NULL"
		" AND g.status NOT IN ('achieved','dropped') AND s.due_on <= '" TODAY "'") >= 2);
	assert_true(fx_raw_int(u,
		"SELECT COUNT(*) FROM plan_evaluations e JOIN participants p ON p.id = e.participant_id"
		" JOIN users c ON c.id = p.contact_id WHERE c.username = 'kontakt1'"
		" AND p.status IN ('active','paused') AND e.done_on IS NULL AND e.due_on <= '" TODAY "'") >= 2);
	assert_true(fx_raw_int(u,
		"SELECT COUNT(*) FROM participants p JOIN users c ON c.id = p.contact_id"
		" WHERE c.username = 'kontakt1' AND p.status IN ('active','paused') AND"
		" COALESCE((SELECT MAX(m.held_on) FROM meetings m WHERE m.participant_id = p.id),"
		" '0000') < '2025-02-28'") >= 2);
	assert_true(fx_raw_int(u,
		"SELECT COUNT(*) FROM tasks t JOIN users c ON c.id = t.assignee_id"
		" WHERE c.username = 'kontakt1' AND t.done_on IS NULL AND t.due_on <= '2025-03-21'") >= 1);
	/* Health notes are written by health workers only. */
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM health_notes h JOIN users w ON w.id = h.author_id"
			       " WHERE NOT EXISTS (SELECT 1 FROM centre_members cm WHERE cm.user_id = w.id"
			       " AND (cm.roles & 16) <> 0)") == 0);

	/* The search the benchmark uses finds someone. */
	assert_string_equal(d->rep.search, "Amina");
	assert_true(d->rep.search_hits >= 1);

	check_invariants(d);
}

/* ---- the rows are the register's rows ---- */

struct text_list {
	int n;
	char items[32][NAME_KEY_MAX];
};

static void
collect(int ncols, const char *const *vals, void *arg)
{
	struct text_list *l = arg;
	if (l->n >= 32)
		return;
	size_t len = 0;
	for (int k = 0; k < ncols; k++)
		len += (size_t)snprintf(l->items[l->n] + len, len < NAME_KEY_MAX ? NAME_KEY_MAX - len : 0,
					"%s|", vals[k] ? vals[k] : "NULL");
	l->n++;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Reads the register columns of participant id as one '|'-joined line. */
static void
register_row(const char *url, int64_t id, struct text_list *out)
{
	char sql[700];
	snprintf(sql, sizeof sql,
		 "SELECT given_name, family_name, birth_date, gender, country_of_birth, citizenship,"
		 " arrival_date, residence_basis, intro_ended, schooling_years, literate,"
		 " cefr_listening, cefr_reading, cefr_speaking, cefr_writing, caregiving, phone, email,"
		 " address, postcode, city, bank_account, tax_percent, tax_table, name_key"
		 " FROM participants WHERE id = %lld", (long long)id);
	memset(out, 0, sizeof *out);
	fx_raw_rows(url, sql, collect, out);
	char more[200];
	snprintf(more, sizeof more, "SELECT ord, language, interpreter FROM participant_languages"
		 " WHERE participant_id = %lld ORDER BY ord", (long long)id);
	fx_raw_rows(url, more, collect, out);
	snprintf(more, sizeof more, "SELECT ord, birth_date FROM participant_children"
		 " WHERE participant_id = %lld ORDER BY ord", (long long)id);
	fx_raw_rows(url, more, collect, out);
	/* The skills registered with the person (their dates differ: the
	 * demo's day of registration, the test's day; and their levels: the
	 * demo's were lower by what the classes added since, which the
	 * teachers' assessments record: test_default_shape). */
	snprintf(more, sizeof more, "SELECT skill, source, note FROM language_assessments"
		 " WHERE participant_id = %lld AND source = 'register' ORDER BY skill", (long long)id);
	fx_raw_rows(url, more, collect, out);
}

static void
search_terms(const char *url, int64_t id, struct text_list *out)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT term FROM participant_search WHERE participant_id = %lld",
		 (long long)id);
	memset(out, 0, sizeof *out);
	fx_raw_rows(url, sql, collect, out);
	qsort(out->items, (size_t)out->n, sizeof out->items[0], cmp_str);
}

static void
test_rows_match_register(void **state)
{
	(void)state;
	struct fx_demo *d = shared_seed7();
	struct db *db = store_acquire(d->s);
	struct arena *a = arena_new();
	int64_t first = fx_raw_int(d->url, "SELECT MIN(id) FROM participants");
	for (int64_t id = first; id < first + 25; id++) {
		struct participant p;
		assert_int_equal(store_participant_get(db, a, 1, id, &p), SC_OK);
		/* The same person saved through the register, without the number
		 * (it is unique) and so without its search term. */
		struct participant copy = p;
		copy.nin = "";
		int64_t made = 0;
		assert_int_equal(store_tx_begin(db), SC_OK);
		assert_int_equal(store_participant_create(db, 1, &copy, 0, 1700000000, (struct date){2023, 11, 14}, &made), SC_OK);
		assert_int_equal(store_tx_commit(db), SC_OK);
		struct text_list ours, theirs;
		register_row(d->url, id, &ours);
		register_row(d->url, made, &theirs);
		assert_int_equal(ours.n, theirs.n);
		for (int i = 0; i < ours.n; i++)
			assert_string_equal(ours.items[i], theirs.items[i]);
		search_terms(d->url, id, &ours);
		search_terms(d->url, made, &theirs);
		int skipped = 0;
		for (int i = 0, j = 0; i < ours.n; i++) {
			if (p.nin[0] != '\0' && strncmp(ours.items[i], p.nin, 11) == 0 &&
			    ours.items[i][11] == '|') {
				skipped++;
				continue;
			}
			assert_true(j < theirs.n);
			assert_string_equal(ours.items[i], theirs.items[j++]);
		}
		assert_int_equal(ours.n - skipped, theirs.n);
	}
	arena_free(a);
	store_release(d->s, db);
}

/* ---- refusals ---- */

static void
test_refuses_a_register_in_use(void **state)
{
	(void)state;
	struct fx_demo *d = shared_seed7();
	uint64_t before, after;
	int64_t cb[DEMO_NTABLES], ca[DEMO_NTABLES];
	sums(d, &before, cb);
	int64_t users = fx_raw_int(d->url, "SELECT COUNT(*) FROM users");
	/* Participants exist: refused. */
	assert_int_equal(fx_demo_run(d, 12, 0, false), SC_ECONFLICT);
	/* --force: the demo's user names are taken, so it is refused too,
	 * and the half-made load is rolled back. */
	assert_int_equal(fx_demo_run(d, 12, 0, true), SC_ECONFLICT);
	sums(d, &after, ca);
	assert_true(before == after);
	assert_true(fx_raw_int(d->url, "SELECT COUNT(*) FROM users") == users);
	/* Bad options. */
	struct demo_options o = fx_demo_options(1, 0);
	o.password = "short";
	char err[256];
	assert_int_equal(demo_run(d->s, &o, &d->rep, err, sizeof err), SC_EINVAL);
	o = fx_demo_options(1, -5);
	assert_int_equal(demo_run(d->s, &o, &d->rep, err, sizeof err), SC_EINVAL);
	o = fx_demo_options(1, 0);
	o.today = "2025-02-30";
	assert_int_equal(demo_run(d->s, &o, &d->rep, err, sizeof err), SC_EINVAL);
}

/* An administrator who exists already is the centre's administrator. */
static void
test_keeps_existing_admin(void **state)
{
	(void)state;
	struct fx_demo d;
	fresh(&d);
	struct db *db = store_acquire(d.s);
	int64_t id = 0;
	assert_int_equal(store_user_create(db, "admin", "Administrator", "$argon2id$x", 1, "nb", 1, 1000, &id),
			 SC_OK);
	store_release(d.s, db);
	assert_int_equal(fx_demo_run(&d, 7, 0, false), SC_OK);
	assert_false(d.rep.admin_created);
	assert_true(d.rep.staff == 26);
	assert_true(fx_raw_int(d.url, "SELECT COUNT(*) FROM users") == 27);
	assert_true(fx_raw_int(d.url, "SELECT COUNT(*) FROM users WHERE (roles & 1) = 1") == 1);
	fx_demo_close(&d);
}

/* ---- scale ---- */

/* The Norwegian report's rows as text: year, then each skill's kind,
 * people and tenths. */
static void
norwegian_text(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f, char *out,
	       size_t size, size_t *nrows, int64_t *shown)
{
	struct report_area_row *rows = NULL;
	size_t n = 0, len = 0;
	struct date today;
	assert_int_equal(date_parse(TODAY, &today), SC_OK);
	assert_int_equal(store_report_norwegian(db, a, centre, f, today, &rows, &n), SC_OK);
	out[0] = '\0';
	*nrows = n;
	for (size_t i = 0; i < n && len < size; i++) {
		len += (size_t)snprintf(out + len, size - len, "%s:", rows[i].label);
		for (int k = 0; k < 4 && len < size; k++) {
			const struct report_cell *c = &rows[i].cell[k];
			len += (size_t)snprintf(out + len, size - len, "%d/%lld/%lld,", (int)c->kind, (long long)c->n,
						(long long)c->value);
			/* a mean of steps gained, from enough people to show */
			if (shown != NULL && c->kind == RC_MEAN && c->n >= STATS_MIN_PEOPLE && c->value > 0)
				(*shown)++;
		}
		if (len < size)
			len += (size_t)snprintf(out + len, size - len, ";");
	}
}

static void
id_row(int ncols, const char *const *vals, void *arg)
{
	(void)ncols;
	int64_t *ids = arg;
	if (ids[0] < 15 && vals[0] != NULL)
		ids[1 + ids[0]++] = strtoll(vals[0], NULL, 10);
}

/*
 * At --scale the participants have histories of levels (the teachers'
 * assessments at the end of each term completed, before the window too):
 * the Norwegian report counts steps in every centre, the same from the
 * kept steps as from the assessments read one by one (a period from 1900
 * forces the rows), under no filter and under the kept columns' filters,
 * and `report verify` finds every kept table equal to its recomputation.
 */
static void
check_norwegian_scale(struct fx_demo *d)
{
	assert_true(fx_raw_int(d->url, "SELECT COUNT(*) FROM language_assessments WHERE source = 'assessment'"
				    " AND group_id IS NULL") > 0);
	assert_true(fx_raw_int(d->url, "SELECT COUNT(*) FROM language_steps WHERE gain > 0") > 0);
	assert_true(fx_raw_int(d->url, "SELECT COUNT(DISTINCT year) FROM language_steps") >= 2);
	assert_true(fx_raw_int(d->url, "SELECT COUNT(*) FROM language_gains") > 0);
	/* every skill gains somewhere */
	assert_true(fx_raw_int(d->url, "SELECT COUNT(DISTINCT skill) FROM language_steps WHERE gain > 0") == 4);
	/* no assessment after the level the register holds now: the latest is it (check_activities) */
	int64_t ids[16] = {0};
	fx_raw_rows(d->url, "SELECT id FROM centres ORDER BY id", id_row, ids);
	assert_true(ids[0] >= 1);
	struct db *db = store_acquire(d->s);
	struct arena *a = arena_new();
	assert_non_null(a);
	int64_t shown = 0;
	for (int64_t c = 1; c <= ids[0]; c++) {
		int64_t centre = ids[c], missing = -1, extra = -1;
		assert_int_equal(store_report_facts_verify(db, centre, &missing, &extra), SC_OK);
		if (missing != 0 || extra != 0)
			fail_msg("centre %lld: %lld kept rows missing, %lld extra", (long long)centre,
				 (long long)missing, (long long)extra);
		struct report_filter fs[5];
		for (size_t k = 0; k < 5; k++)
			fields_clear(report_filter_fields, &fs[k]);
		fs[1].gender = "female";
		fs[2].cohort = 2023;
		fs[3].gender = "male";
		fs[3].cohort = 2024;
		fs[4].exit_year = 2024;
		static char kept[16384], rows[16384];
		for (size_t k = 0; k < 5; k++) {
			size_t nk = 0, nr = 0;
			norwegian_text(db, a, centre, &fs[k], kept, sizeof kept, &nk, k == 0 ? &shown : NULL);
			struct report_filter all = fs[k];
			all.from = (struct date){1900, 1, 1};
			norwegian_text(db, a, centre, &all, rows, sizeof rows, &nr, NULL);
			if (strcmp(kept, rows) != 0)
				fail_msg("centre %lld, filter %zu:\n kept %s\n rows %s", (long long)centre, k, kept, rows);
			/* years with assessments: at least the last two */
			if (k == 0 && nk < 2)
				fail_msg("centre %lld: %zu years in the Norwegian report", (long long)centre, nk);
		}
	}
	/* means of steps gained shown (5 people or more), not just counted */
	assert_true(shown >= ids[0]);
	arena_free(a);
	store_release(d->s, db);
}

static const char *
index_count_sql(void)
{
	return fx_pg() ? "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = 'public'"
		     : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'";
}

static void
test_small_scale(void **state)
{
	(void)state;
	struct fx_demo d;
	fresh(&d);
	int64_t indexes = fx_raw_int(d.url, index_count_sql());
	assert_int_equal(fx_demo_run(&d, 5, 2000, false), SC_OK);
	assert_true(d.rep.participants == 2000);
	assert_true(fx_raw_int(d.url, "SELECT COUNT(*) FROM participants") == 2000);
	/* The dropped indexes are back, all of them. */
	assert_true(fx_raw_int(d.url, index_count_sql()) == indexes);
	assert_true(d.rep.contact_active == 18);
	assert_true(d.rep.contacts >= d.rep.active / 18);
	assert_true(d.rep.centres * 8 == d.rep.contacts);
	int64_t active = fx_raw_int(d.url, "SELECT COUNT(*) FROM participants WHERE status IN ('active','paused')");
	assert_true(active == d.rep.active);
	assert_true(active >= 400 && active <= 560);
	/* Former contact persons kept their history. */
	assert_true(fx_raw_int(d.url, "SELECT COUNT(*) FROM users WHERE active = 0") > 0);
	check_invariants(&d);
	check_norwegian_scale(&d);
	/* Today's lines, made at the end of the load, are those a
	 * recomputation gives; the triggers that keep them are back. */
#define LINES "centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title," \
	" item_text, detail"
	assert_int_equal(fx_raw_int(d.url, "SELECT COUNT(*) FROM (SELECT " LINES " FROM today_lines EXCEPT SELECT "
			 LINES " FROM today_lines_computed) x"), 0);
	assert_int_equal(fx_raw_int(d.url, "SELECT COUNT(*) FROM (SELECT " LINES " FROM today_lines_computed"
			 " EXCEPT SELECT " LINES " FROM today_lines) x"), 0);
#undef LINES
	assert_true(fx_raw_int(d.url, "SELECT COUNT(*) FROM today_lines") > 0);
	assert_int_equal(fx_raw_int(d.url, fx_pg() ? "SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE 'today%'"
					      " AND tgenabled = 'O'"
					    : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"
					      " AND name LIKE 'today%'"),
			 fx_pg() ? 7 : 20);
	if (!fx_pg()) {
		/* A bulk load leaves CHECK constraints to the generator: every
		 * row must pass them all the same (integrity_check checks each
		 * CHECK, NOT NULL and every index against its table). */
		struct text_list ok;
		memset(&ok, 0, sizeof ok);
		fx_raw_rows(d.url, "PRAGMA integrity_check", collect, &ok);
		assert_int_equal(ok.n, 1);
		assert_string_equal(ok.items[0], "ok|");
		/* Back in WAL, as every other connection expects. */
		memset(&ok, 0, sizeof ok);
		fx_raw_rows(d.url, "PRAGMA journal_mode", collect, &ok);
		assert_string_equal(ok.items[0], "wal|");
	}

	/* The same seed at the same scale: the same data. */
	uint64_t s1, s2;
	int64_t c1[DEMO_NTABLES], c2[DEMO_NTABLES];
	sums(&d, &s1, c1);
	fx_demo_close(&d);
	fresh(&d);
	assert_int_equal(fx_demo_run(&d, 5, 2000, false), SC_OK);
	sums(&d, &s2, c2);
	assert_true(s1 == s2);
	fx_demo_close(&d);
}

/* At --scale the demo runs and approves the month before last through the
 * app: the approval keeps the run's Money sums (migration 39), equal to
 * their view, after the load's triggers are back. */
static void
test_scale_benefit_run(void **state)
{
	(void)state;
	struct fx_demo d;
	fresh(&d);
	struct demo_options o = fx_demo_options(5, 2000);
	o.no_benefits = false;
	int rc = fx_demo_load(&d, &o);
	if (rc != SC_OK)
		fail_msg("demo_run: %s", sc_strerror(rc));
	assert_true(fx_raw_int(d.url, "SELECT COUNT(*) FROM benefit_runs WHERE state = 'approved'") == 1);
	assert_true(fx_raw_int(d.url, "SELECT COUNT(*) FROM money_groups WHERE kind = 0") == 1);
	assert_true(fx_raw_int(d.url, "SELECT COUNT(*) FROM money_groups WHERE kind = 1") > 1);
	assert_true(fx_raw_int(d.url, "SELECT people FROM money_groups WHERE kind = 0") ==
		    fx_raw_int(d.url, "SELECT COUNT(*) FROM benefit_statements WHERE kind = 'month'"));
	check_invariants(&d);
	fx_demo_close(&d);
}

/* ---- main ---- */


/* --centres 3: three centres, each with a group of staff; every record of
 * a participant is in the centre of their contact person; a national
 * analyst. Without the flag, everything is centre 1's (test_default_shape). */
static void
test_centres(void **state)
{
	(void)state;
	struct fx_demo d;
	fresh(&d);
	struct demo_options o = fx_demo_options(3, 0);
	o.centres = 3;
	int rc = fx_demo_load(&d, &o);
	if (rc != SC_OK)
		fail_msg("demo_run: %s", sc_strerror(rc));
	const char *u = d.url;
	assert_true(d.rep.centres == 3);
	assert_true(d.rep.counts[DEMO_CENTRES] == 2);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM centres") == 3);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM centres WHERE name = 'Second Chance Oslo'") == 1);
	/* every centre has participants, a leader and contact persons */
	assert_true(fx_raw_int(u, "SELECT COUNT(DISTINCT centre_id) FROM participants") == 3);
	assert_true(fx_raw_int(u, "SELECT COUNT(DISTINCT centre_id) FROM centre_members WHERE (roles & 2) = 2") == 3);
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM centre_members WHERE (roles & 4) = 4") == 24);
	/* an enrolled participant is in the centre of their contact person */
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM participants p WHERE p.contact_id IS NOT NULL"
			       " AND NOT EXISTS (SELECT 1 FROM centre_members cm WHERE cm.user_id = p.contact_id"
			       " AND cm.centre_id = p.centre_id)") == 0);
	/* and every record of theirs too */
	static const char *const tables[] = {"referrals", "enrolments", "work_plans", "goals", "goal_steps",
					     "meetings", "tasks", "health_notes", "assignments",
					     "plan_evaluations", "language_assessments", "participant_changes"};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s r JOIN participants p ON p.id = r.participant_id"
			 " WHERE r.centre_id <> p.centre_id", tables[i]);
		if (fx_raw_int(u, sql) != 0)
			fail_msg("%s: rows in another centre than their participant's", tables[i]);
	}
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM screening_results s JOIN referrals r ON r.id = s.referral_id"
			       " WHERE s.centre_id <> r.centre_id") == 0);
	/* the national analyst: the installation's role, no centre's */
	assert_true(fx_raw_int(u, "SELECT COUNT(*) FROM users u WHERE u.username = 'nasjonal' AND u.roles = 256"
			       " AND NOT EXISTS (SELECT 1 FROM centre_members cm WHERE cm.user_id = u.id)") == 1);
	fx_demo_close(&d);
}

int
main(void)
{
	if (fx_demo_begin("test_demo") != 0)
		return 1;
	/* SC_TEST_ONLY=test_name (a glob) runs only the tests it names */
	const char *only = getenv("SC_TEST_ONLY");
	if (only != NULL && *only != '\0')
		cmocka_set_test_filter(only);
	const struct CMUnitTest tests[] = {
		/* the first three share one load (shared_seed7), in this order */
		cmocka_unit_test(test_default_shape),
		cmocka_unit_test(test_refuses_a_register_in_use),
		cmocka_unit_test(test_rows_match_register),
		cmocka_unit_test(test_same_seed_same_data),
		cmocka_unit_test(test_other_seed_other_data),
		cmocka_unit_test(test_keeps_existing_admin),
		cmocka_unit_test(test_small_scale),
		cmocka_unit_test(test_scale_benefit_run),
		cmocka_unit_test(test_centres),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	if (shared_open)
		fx_demo_close(&shared);
	fx_demo_end();
	return failed;
}
