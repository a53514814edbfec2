/*
 * test_store_jobs.c — a job's income versions, its end, and an employer
 * contact's edit and delete (decision 73), through the store and the
 * commands on both engines: a new income version never changes an old one
 * and the month's work income the benefit run reads (store_work_income_
 * month(), the run's source) follows the version in force; a job ending on
 * the last day of a month counts that whole month and none after, one
 * ending on the first counts that day's share; every bad input is refused
 * with its message and changes nothing; a contact's edit is version-checked
 * and logged; a contact supervising a placement not over is not deleted
 * (the refusal lists those placements), one named only on placements over
 * is kept but no longer listed, one never named is deleted; another
 * centre's job or contact is neither found, listed nor changed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "app/employer.h"
#include "app/job.h"
#include "app/placement.h"
#include "domain/access.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = {2025, 3, 10};
#define NOW 1741600000   /* a moment of TODAY */

/* A job of participant pid from starts_on (ends_on: none when y is 0)
 * with its first income version. */
static int64_t
job_in(struct fx *t, int64_t centre, int64_t pid, int64_t emp, struct date starts_on, struct date ends_on,
       int64_t gross, int64_t hours)
{
	struct employment job;
	fields_clear(employment_fields, &job);
	job.participant_id = pid;
	job.employer_id = emp;
	job.kind = ends_on.y != 0 ? JOB_TEMPORARY : JOB_PERMANENT;
	job.percent = 100;
	job.starts_on = starts_on;
	job.ends_on = ends_on;
	job.wage_kind = WAGE_MONTHLY;
	job.wage_ore = gross;
	job.title = "Kitchen assistant";
	int64_t id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	int rc = store_employment_add(t->db, centre, &job, gross, hours, 0, 1000, &id);
	if (rc != SC_OK)
		fail_msg("store_employment_add: %s: %s", sc_strerror(rc), store_errmsg(t->db));
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	return id;
}

/* The participant's work income in the month as the benefit run reads it:
 * 0 and 0 when none. */
static void
month_income(struct fx *t, int64_t pid, int year, int month, int64_t *gross, int64_t *hours)
{
	struct work_income *w = NULL;
	size_t n = 0;
	assert_int_equal(store_work_income_month(t->db, t->a, 1, year, month, pid, &w, &n), SC_OK);
	assert_true(n <= 1);
	*gross = n == 1 ? w[0].gross_ore : 0;
	*hours = n == 1 ? w[0].hours_centi : 0;
}

static void
test_income_versions(void **state)
{
	struct fx *t = *state;
	int64_t lea = fx_user(t, "lea.jobs", ROLE_BIT(ROLE_LEADER));
	struct actor actor = fx_leader(lea, 1, TODAY, NOW);
	int64_t emp = fx_employer(t, 1, "Jobb Kafe AS", "812345672", NULL);
	int64_t pid = fx_participant(t, 1, "Versions", "active", 0);
	int64_t jid = job_in(t, 1, pid, emp, (struct date){2025, 3, 1}, (struct date){0}, 2000000, 8125);

	/* every bad version: its message, nothing saved */
	static const struct {
		struct date from;
		int64_t gross, hours;
		const char *field, *reason;
	} bad[] = {
		{{2025, 6, 15}, 2200000, 9000, "valid_from", "Give the first day of a month."},
		{{2025, 2, 1}, 2200000, 9000, "valid_from", "The job has not started in that month."},
		{{0}, 2200000, 9000, "valid_from", "Give the month it applies from."},
		{{2025, 6, 1}, FIELD_NONE, 9000, "gross_ore", "Give the gross salary a month."},
		{{2025, 6, 1}, 2200000, FIELD_NONE, "hours_centi", "Give the hours a month."},
	};
	for (size_t i = 0; i < NELEM(bad); i++) {
		struct employment_income in;
		fields_clear(employment_income_fields, &in);
		in.valid_from = bad[i].from;
		in.gross_ore = bad[i].gross;
		in.hours_centi = bad[i].hours;
		struct outcome out;
		assert_int_equal(app_job_income_add(t->db, t->a, &actor, jid, &in, &out), SC_OK);
		assert_int_equal(out.refusal, REFUSED_INVALID);
		const char *why = field_error_of(&out.errors, bad[i].field);
		if (why == NULL || strcmp(why, bad[i].reason) != 0)
			fail_msg("row %zu: %s", i, why ? why : "(none)");
	}
	struct employment_income *v = NULL;
	size_t n = 0;
	assert_int_equal(store_employment_incomes(t->db, t->a, 1, jid, &v, &n), SC_OK);
	assert_int_equal(n, 1);

	/* a raise from June: a new version; the first stays as it was */
	struct employment_income in;
	fields_clear(employment_income_fields, &in);
	in.valid_from = (struct date){2025, 6, 1};
	in.gross_ore = 2200000;
	in.hours_centi = 9000;
	struct outcome out;
	assert_int_equal(app_job_income_add(t->db, t->a, &actor, jid, &in, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(store_employment_incomes(t->db, t->a, 1, jid, &v, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].gross_ore, 2000000);
	assert_int_equal(v[0].hours_centi, 8125);
	assert_int_equal(v[0].valid_from.m, 3);
	assert_int_equal(v[1].id, out.id);
	assert_int_equal(v[1].gross_ore, 2200000);
	assert_int_equal(v[1].recorded_by, lea);
	assert_int_equal(v[1].recorded_at, actor.now);
	int64_t g, h;
	month_income(t, pid, 2025, 5, &g, &h);
	assert_int_equal(g, 2000000);
	assert_int_equal(h, 8125);
	month_income(t, pid, 2025, 6, &g, &h);
	assert_int_equal(g, 2200000);
	assert_int_equal(h, 9000);

	/* another centre: not found, not listed, not changed */
	int64_t other = fx_centre(t, "Jobs centre");
	struct actor theirs = fx_leader(lea, other, TODAY, NOW);
	struct employment job;
	assert_int_equal(store_employment_get(t->db, t->a, other, jid, &job), SC_ENOTFOUND);
	assert_int_equal(store_employment_incomes(t->db, t->a, other, jid, &v, &n), SC_OK);
	assert_int_equal(n, 0);
	in.valid_from = (struct date){2025, 7, 1};
	assert_int_equal(store_employment_income_add(t->db, other, &in, 0, 2000, NULL), SC_ENOTFOUND);
	assert_int_equal(app_job_income_add(t->db, t->a, &theirs, jid, &in, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);
	assert_int_equal(store_employment_incomes(t->db, t->a, 1, jid, &v, &n), SC_OK);
	assert_int_equal(n, 2);
}

static void
test_job_end(void **state)
{
	struct fx *t = *state;
	int64_t lea = fx_user(t, "lea.end", ROLE_BIT(ROLE_LEADER));
	struct actor actor = fx_leader(lea, 1, TODAY, NOW);
	int64_t emp = fx_employer(t, 1, "Slutt AS", "998877660", NULL);
	int64_t pid = fx_participant(t, 1, "Ending", "active", 0);
	/* from 15 January: 31-day months make the shares exact */
	int64_t jid = job_in(t, 1, pid, emp, (struct date){2025, 1, 15}, (struct date){0}, 3100000, 15500);

	static const struct {
		int64_t version;
		struct date ends_on;
		int reason;
		const char *note;
		enum refusal refusal;
		const char *field, *message;
	} bad[] = {
		{0, {2025, 3, 31}, JOB_RESIGNED, NULL, REFUSED_INVALID, "version",
		 "Must be the version you read, a whole number."},
		{1, {0}, JOB_RESIGNED, NULL, REFUSED_INVALID, "ends_on", "Give the job's last day."},
		{1, {2025, 3, 31}, -1, NULL, REFUSED_INVALID, "reason", "Choose why the job ended."},
		{1, {2025, 1, 14}, JOB_RESIGNED, NULL, REFUSED_INVALID, "ends_on",
		 "The job's last day cannot be before its first."},
		{1, {2025, 3, 31}, JOB_END_OTHER, NULL, REFUSED_INVALID, "note", "Say why the job ended."},
		{2, {2025, 3, 31}, JOB_RESIGNED, NULL, REFUSED_STALE, NULL,
		 "Someone else saved this job after you opened it. Check the values and save again."},
	};
	for (size_t i = 0; i < NELEM(bad); i++) {
		struct employment_end in = {bad[i].ends_on, bad[i].reason, bad[i].note};
		struct outcome out;
		assert_int_equal(app_job_end(t->db, t->a, &actor, jid, bad[i].version, &in, &out), SC_OK);
		if (out.refusal != bad[i].refusal)
			fail_msg("row %zu: refusal %d", i, out.refusal);
		const char *why = bad[i].field != NULL ? field_error_of(&out.errors, bad[i].field) : out.message;
		if (why == NULL || strcmp(why, bad[i].message) != 0)
			fail_msg("row %zu: %s", i, why ? why : "(none)");
	}
	struct employment job;
	assert_int_equal(store_employment_get(t->db, t->a, 1, jid, &job), SC_OK);
	assert_int_equal(job.version, 1);
	assert_int_equal(job.ends_on.y, 0);
	assert_int_equal(job.end_reason, -1);

	/* another centre cannot end it */
	int64_t other = fx_centre(t, "End centre");
	struct actor theirs = fx_leader(lea, other, TODAY, NOW);
	struct employment_end end = {{2025, 3, 31}, JOB_RESIGNED, "Moved to Oslo"};
	struct outcome out;
	assert_int_equal(app_job_end(t->db, t->a, &theirs, jid, 1, &end, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);
	assert_int_equal(store_employment_set_end(t->db, other, jid, 1, &end, 2000), SC_ENOTFOUND);

	/* the last day of March: March counts whole, April not at all */
	assert_int_equal(app_job_end(t->db, t->a, &actor, jid, 1, &end, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(out.version, 2);
	assert_int_equal(store_employment_get(t->db, t->a, 1, jid, &job), SC_OK);
	assert_int_equal(job.version, 2);
	assert_int_equal(job.ends_on.m, 3);
	assert_int_equal(job.ends_on.d, 31);
	assert_int_equal(job.end_reason, JOB_RESIGNED);
	assert_string_equal(job.end_note, "Moved to Oslo");
	int64_t g, h;
	month_income(t, pid, 2025, 1, &g, &h);
	assert_int_equal(g, 1700000);   /* 17 of 31 days */
	assert_int_equal(h, 8500);
	month_income(t, pid, 2025, 3, &g, &h);
	assert_int_equal(g, 3100000);
	assert_int_equal(h, 15500);
	month_income(t, pid, 2025, 4, &g, &h);
	assert_int_equal(g, 0);
	assert_int_equal(h, 0);
	/* a version after the end is refused; ending again too */
	struct employment_income late;
	fields_clear(employment_income_fields, &late);
	late.valid_from = (struct date){2025, 4, 1};
	late.gross_ore = 1;
	late.hours_centi = 1;
	assert_int_equal(app_job_income_add(t->db, t->a, &actor, jid, &late, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "valid_from"), "The job has ended before that month.");
	assert_int_equal(app_job_end(t->db, t->a, &actor, jid, 2, &end, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_STATE);
	assert_string_equal(out.message, "This job has been ended already.");
	/* the change log names the new last day */
	struct internship_change *log = NULL;
	size_t nlog = 0;
	assert_int_equal(store_internship_changes(t->db, t->a, 1, CHANGE_EMPLOYMENT, jid, 0, &log, &nlog), SC_OK);
	assert_int_equal(nlog, 1);
	assert_int_equal(log[0].version, 2);
	assert_int_equal(log[0].user_id, lea);
	assert_int_equal(log[0].nvalues, 2);
	assert_string_equal(log[0].values[0].field, "end_reason");   /* by field name */
	assert_string_equal(log[0].values[0].new_value, "resigned");
	assert_string_equal(log[0].values[1].field, "ends_on");
	assert_string_equal(log[0].values[1].old_value, "");
	assert_string_equal(log[0].values[1].new_value, "2025-03-31");

	/* the first day of April: that one day of thirty, then nothing */
	int64_t pid2 = fx_participant(t, 1, "Dismissed", "active", 0);
	int64_t j2 = job_in(t, 1, pid2, emp, (struct date){2025, 1, 1}, (struct date){0}, 3000000, 15000);
	struct employment_end first = {{2025, 4, 1}, JOB_DISMISSED, NULL};
	assert_int_equal(app_job_end(t->db, t->a, &actor, j2, 1, &first, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	month_income(t, pid2, 2025, 4, &g, &h);
	assert_int_equal(g, 100000);
	assert_int_equal(h, 500);
	month_income(t, pid2, 2025, 5, &g, &h);
	assert_int_equal(g, 0);

	/* a temporary job is shortened, never lengthened */
	int64_t pid3 = fx_participant(t, 1, "Temporary", "active", 0);
	int64_t j3 = job_in(t, 1, pid3, emp, (struct date){2025, 1, 1}, (struct date){2025, 6, 30}, 3000000, 15000);
	struct employment_end longer = {{2025, 7, 15}, JOB_CONTRACT_ENDED, NULL};
	assert_int_equal(app_job_end(t->db, t->a, &actor, j3, 1, &longer, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "ends_on"),
			    "The job already ends earlier: give its last day or one before it.");
	struct employment_end on_time = {{2025, 6, 30}, JOB_CONTRACT_ENDED, NULL};
	assert_int_equal(app_job_end(t->db, t->a, &actor, j3, 1, &on_time, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	month_income(t, pid3, 2025, 6, &g, &h);
	assert_int_equal(g, 3000000);
	month_income(t, pid3, 2025, 7, &g, &h);
	assert_int_equal(g, 0);
}

/* ---- contacts ---- */

static int64_t
contact_in(struct fx *t, int64_t employer, const char *name)
{
	struct employer_contact c;
	fields_clear(employer_contact_fields, &c);
	c.employer_id = employer;
	c.name = name;
	int64_t id = 0;
	assert_int_equal(store_contact_add(t->db, 1, &c, 0, 1000, &id), SC_OK);
	return id;
}

/* A placement supervised by contact, from..to; agreed when approved. */
static int64_t
placement_in(struct fx *t, int64_t participant, int64_t employer, int64_t contact, int64_t follow, struct date from,
	     struct date to, bool approved)
{
	struct placement p;
	fields_clear(placement_fields, &p);
	p.participant_id = participant;
	p.employer_id = employer;
	p.supervisor_id = contact;
	p.follow_up_id = follow;
	p.starts_on = from;
	p.ends_on = to;
	p.hours_per_week = 20;
	p.days_per_week = 4;
	p.tasks = "Shelves";
	struct placement_facts f = placement_facts_of(&p);
	int64_t id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_placement_create(t->db, 1, &p, placement_phase(&f), 0, 1000, &id), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	if (approved)
		assert_int_equal(store_placement_set_approvals(t->db, 1, id, 1000, 1000, 1000, PHASE_AGREED, 1000),
				 SC_OK);
	return id;
}

static bool
listed(struct fx *t, int64_t centre, int64_t employer, int64_t contact)
{
	struct employer_contact *cs = NULL;
	size_t n = 0;
	assert_int_equal(store_contacts(t->db, t->a, centre, employer, &cs, &n), SC_OK);
	for (size_t i = 0; i < n; i++)
		if (cs[i].id == contact)
			return true;
	return false;
}

static void
test_contact_edit_delete(void **state)
{
	struct fx *t = *state;
	int64_t lea = fx_user(t, "lea.contacts", ROLE_BIT(ROLE_LEADER));
	int64_t liaison = fx_user(t, "liv.contacts", ROLE_BIT(ROLE_LIAISON));
	struct actor actor = fx_leader(lea, 1, TODAY, NOW);
	int64_t emp = fx_employer(t, 1, "Kontakt AS", "923456783", NULL);
	int64_t emp2 = fx_employer(t, 1, "Annen AS", "987654325", NULL);
	int64_t vera = contact_in(t, emp, "Vera");
	int64_t past = contact_in(t, emp, "Petter");
	int64_t never = contact_in(t, emp, "Nina");

	/* edit: version-checked, logged; bad and stale saves change nothing */
	struct employer_contact in;
	struct outcome out;
	assert_int_equal(app_contact_get(t->db, t->a, &actor, emp, vera, &in, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	in.name = "";
	assert_int_equal(app_contact_update(t->db, t->a, &actor, emp, vera, 1, &in, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "name"), "Give the contact's name.");
	in.name = "Vera Veileder";
	in.role = "Shift leader";
	assert_int_equal(app_contact_update(t->db, t->a, &actor, emp, vera, 0, &in, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "version"), "Must be the version you read, a whole number.");
	assert_int_equal(app_contact_update(t->db, t->a, &actor, emp2, vera, 1, &in, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);
	int64_t other = fx_centre(t, "Contact centre");
	struct actor theirs = fx_leader(lea, other, TODAY, NOW);
	assert_int_equal(app_contact_update(t->db, t->a, &theirs, emp, vera, 1, &in, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);
	assert_int_equal(app_contact_update(t->db, t->a, &actor, emp, vera, 1, &in, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(out.version, 2);
	in.name = "Vera Again";
	assert_int_equal(app_contact_update(t->db, t->a, &actor, emp, vera, 1, &in, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_STALE);
	assert_int_equal(out.version, 2);
	struct employer_contact now;
	assert_int_equal(store_contact_get(t->db, t->a, 1, emp, vera, &now), SC_OK);
	assert_string_equal(now.name, "Vera Veileder");
	assert_string_equal(now.role, "Shift leader");
	assert_int_equal(now.version, 2);
	struct internship_change *log = NULL;
	size_t nlog = 0;
	assert_int_equal(store_internship_changes(t->db, t->a, 1, CHANGE_CONTACT, vera, 0, &log, &nlog), SC_OK);
	assert_int_equal(nlog, 1);
	assert_string_equal(log[0].fields, "name,role");
	assert_string_equal(log[0].values[0].old_value, "Vera");
	assert_string_equal(log[0].values[0].new_value, "Vera Veileder");

	/* Vera supervises an active placement and a proposed one: refused,
	 * naming both; she stays */
	int64_t p1 = fx_participant(t, 1, "Active", "active", 0);
	int64_t p2 = fx_participant(t, 1, "Proposed", "active", 0);
	int64_t p3 = fx_participant(t, 1, "Completed", "active", 0);
	int64_t active = placement_in(t, p1, emp, vera, liaison, (struct date){2025, 3, 1}, (struct date){2025, 4, 30},
				      true);
	int64_t proposed = placement_in(t, p2, emp, vera, 0, (struct date){2025, 5, 1}, (struct date){2025, 6, 30},
					false);
	int64_t done = placement_in(t, p3, emp, past, liaison, (struct date){2025, 1, 1}, (struct date){2025, 2, 28},
				    true);
	struct placement_list blocking;
	assert_int_equal(app_contact_delete(t->db, t->a, &actor, emp, vera, &blocking, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_STATE);
	assert_string_equal(out.message, "This contact is the workplace supervisor on placements that are not over: "
					 "%s. Choose another supervisor on them first.");
	assert_int_equal(blocking.n, 2);
	assert_int_equal(blocking.items[0].id, proposed);   /* the later last day first */
	assert_int_equal(blocking.items[0].status, PLACEMENT_NEGOTIATING);
	assert_int_equal(blocking.items[1].id, active);
	assert_int_equal(blocking.items[1].status, PLACEMENT_ACTIVE);
	assert_true(listed(t, 1, emp, vera));
	/* another centre: not found */
	assert_int_equal(app_contact_delete(t->db, t->a, &theirs, emp, never, &blocking, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);
	assert_true(listed(t, 1, emp, never));
	assert_int_equal(store_contact_end(t->db, other, emp, never, 2000), SC_ENOTFOUND);

	/* Petter only on a completed placement: kept for it, no longer a contact */
	assert_int_equal(app_contact_delete(t->db, t->a, &actor, emp, past, &blocking, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(out.version, 1);
	assert_false(listed(t, 1, emp, past));
	assert_int_equal(store_contact_get(t->db, t->a, 1, emp, past, &now), SC_ENOTFOUND);
	struct placement p;
	assert_int_equal(store_placement_get(t->db, t->a, 1, done, false, &p), SC_OK);
	assert_string_equal(p.supervisor_name, "Petter");
	/* and cannot be chosen again */
	p.supervisor_id = past;
	struct field_errors e = {0};
	assert_int_equal(app_placement_terms_check(t->db, t->a, &actor, &p, &e), SC_OK);
	assert_string_equal(field_error_of(&e, "supervisor_id"), "Choose one of the employer's contacts.");
	/* deleting again: not found */
	assert_int_equal(app_contact_delete(t->db, t->a, &actor, emp, past, &blocking, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);

	/* Nina, never named: deleted */
	assert_int_equal(app_contact_delete(t->db, t->a, &actor, emp, never, &blocking, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(out.version, 0);
	assert_false(listed(t, 1, emp, never));
}

/* ---- a delete and a save that names the contact, at once ---- */

struct contact_racer {
	pthread_barrier_t *barrier;
	struct db *db;
	struct actor actor;
	int64_t employer, contact, placement;
	bool deletes;
	int rc;
	struct outcome out;
};

static void *
contact_race(void *arg)
{
	struct contact_racer *r = arg;
	struct arena *a = arena_new();
	if (a == NULL) {
		r->rc = SC_ENOMEM;
		return NULL;
	}
	struct placement p;
	r->rc = store_placement_get(r->db, a, 1, r->placement, false, &p);
	pthread_barrier_wait(r->barrier);
	if (r->rc == SC_OK && r->deletes) {
		struct placement_list blocking;
		r->rc = app_contact_delete(r->db, a, &r->actor, r->employer, r->contact, &blocking, &r->out);
	} else if (r->rc == SC_OK) {
		p.supervisor_id = r->contact;
		r->rc = app_placement_save(r->db, a, &r->actor, r->placement, p.version, &p, &r->out);
	}
	arena_free(a);
	return NULL;
}

/* Two connections: one deletes a contact no placement names, the other
 * saves a placement naming that contact as supervisor. Exactly one wins
 * every round: the contact is deleted and the save is refused, or the save
 * is kept and the delete refused; never a placement whose supervisor is
 * gone (decision 73). */
static void
test_contact_delete_race(void **state)
{
	struct fx *t = *state;
	int64_t lea = fx_user(t, "lea.race", ROLE_BIT(ROLE_LEADER));
	int64_t emp = fx_employer(t, 1, "Kappløp AS", "974760673", NULL);
	struct db *d1 = store_acquire(t->store);
	struct db *d2 = store_acquire(t->store);
	assert_non_null(d1);
	assert_non_null(d2);
	int deleted = 0, saved = 0;
	for (int round = 0; round < 10; round++) {
		char name[32];
		snprintf(name, sizeof name, "Racer %d", round);
		int64_t contact = contact_in(t, emp, name);
		int64_t pid = fx_participant(t, 1, name, "active", 0);
		int64_t placement = placement_in(t, pid, emp, 0, 0, (struct date){2025, 4, 1},
						 (struct date){2025, 5, 31}, false);
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		struct contact_racer del = {&barrier, d1, fx_leader(lea, 1, TODAY, NOW), emp, contact, placement, true, -100, {0}};
		struct contact_racer sav = {&barrier, d2, fx_leader(lea, 1, TODAY, NOW), emp, contact, placement, false, -100, {0}};
		pthread_t ta, tb;
		assert_int_equal(pthread_create(&ta, NULL, contact_race, &del), 0);
		assert_int_equal(pthread_create(&tb, NULL, contact_race, &sav), 0);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&barrier);
		if (del.rc != SC_OK || sav.rc != SC_OK)
			fail_msg("round %d: %s and %s", round, sc_strerror(del.rc), sc_strerror(sav.rc));
		struct placement p;
		assert_int_equal(store_placement_get(t->db, t->a, 1, placement, false, &p), SC_OK);
		if (del.out.refusal == DONE && sav.out.refusal == REFUSED_INVALID) {
			assert_string_equal(field_error_of(&sav.out.errors, "supervisor_id"),
					    "Choose one of the employer's contacts.");
			assert_int_equal(p.supervisor_id, 0);
			assert_false(listed(t, 1, emp, contact));
			deleted++;
		} else if (sav.out.refusal == DONE && del.out.refusal == REFUSED_STATE) {
			assert_int_equal(p.supervisor_id, contact);
			assert_true(listed(t, 1, emp, contact));
			saved++;
		} else {
			fail_msg("round %d: delete %d, save %d", round, del.out.refusal, sav.out.refusal);
		}
	}
	assert_int_equal(deleted + saved, 10);
	store_release(t->store, d2);
	store_release(t->store, d1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_income_versions),
		FX_TEST(test_job_end),
		FX_TEST(test_contact_edit_delete),
		FX_TEST(test_contact_delete_race),
	};
	return fx_run("test_store_jobs", tests, sizeof tests / sizeof tests[0]);
}
