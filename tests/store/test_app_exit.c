/*
 * test_app_exit.c — the follow-ups after an exit from the programme
 * (src/app/task.h) on both engines with the shared fixture: they are
 * registered in order, with a status from after the exit, and the contact
 * person keeps the participant until the last one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "app/enrolment.h"
#include "app/task.h"
#include "domain/access.h"
#include "domain/enrolment.h"
#include "domain/task.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

static struct date
D(const char *s)
{
	struct date d = {0, 0, 0};
	assert_int_equal(date_parse(s, &d), SC_OK);
	return d;
}

#define NOW 1773650000   /* a moment of Monday 16 March 2026 */

static void
expect_done(const char *what, int rc, const struct outcome *out)
{
	if (rc != SC_OK)
		fail_msg("%s: %s", what, sc_strerror(rc));
	if (out->refusal != DONE)
		fail_msg("%s: refused %d (%s: %s)", what, out->refusal, out->errors.n ? out->errors.field[0] : "-",
			 out->errors.n ? out->errors.reason[0] : out->message ? out->message : "-");
}

/* A participant of centre 1 in a programme period from 2026-01-05 with
 * contact as their contact person; the period's id. */
static int64_t
in_programme(struct fx *t, const struct actor *lea, const char *family, int64_t contact, int64_t *pid)
{
	*pid = fx_participant(t, 1, family, "registered", 0);
	struct enrolment_start in;
	fields_clear(enrolment_start_fields, &in);
	in.start_date = D("2026-01-05");
	in.contact_id = contact;
	struct outcome out;
	expect_done("start", app_enrolment_start(t->db, t->a, lea, *pid, &in, &out), &out);
	return out.id;
}

/* The follow-ups after an exit on 2026-03-11, registered by the contact
 * person: the 12-month one before the 6-month one is refused, as is a
 * status from before the exit; the 6-month one keeps her access, the
 * 12-month one (the last) ends it the day before. */
static void
test_followups_in_order(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "order.leader", ROLE_BIT(ROLE_LEADER));
	int64_t contact = fx_user(t, "order.contact", ROLE_BIT(ROLE_CONTACT));
	struct actor lea = fx_leader(leader, 1, D("2026-03-16"), NOW);
	int64_t pid = 0;
	int64_t eid = in_programme(t, &lea, "Followed", contact, &pid);
	struct enrolment_exit ex;
	fields_clear(enrolment_exit_fields, &ex);
	ex.date = D("2026-03-11");
	ex.reason = "Got a job";
	ex.outcome = OUTCOME_EMPLOYED_FULL;
	int64_t tasks[ENROLMENT_NFOLLOWUPS] = {0};
	struct outcome out;
	expect_done("exit", app_enrolment_exit(t->db, t->a, &lea, eid, 0, &ex, tasks, NULL, &out), &out);

	struct actor kari = lea;
	kari.user_id = contact;
	kari.roles = ROLE_BIT(ROLE_CONTACT);
	struct task in, task;
	struct participant_brief b;
	bool still = false;
	fields_clear(task_fields, &in);
	in.result = TASK_RESULT_EMPLOYED_FULL;
	in.result_on = D("1990-01-01");
	assert_int_equal(app_task_done(t->db, t->a, &kari, tasks[1], &in, &task, &b, &still, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "result"),
			    "Register the 6-month follow-up first: the 12-month follow-up comes after it.");
	assert_string_equal(field_error_of(&out.errors, "result_on"),
			    "The day the status held cannot be before the exit from the programme.");
	assert_int_equal(store_task_get(t->db, t->a, 1, tasks[1], &task), SC_OK);
	assert_int_equal(task.done_on.y, 0);

	in.result_on = D("2026-03-12");
	expect_done("6 months", app_task_done(t->db, t->a, &kari, tasks[0], &in, &task, &b, &still, &out), &out);
	assert_true(still);
	in.result_on = D("2026-03-11");
	assert_int_equal(app_task_done(t->db, t->a, &kari, tasks[1], &in, &task, &b, &still, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "result_on"),
			    "The status at 12 months cannot be from before the day of the status at 6 months.");
	in.result_on = (struct date){0, 0, 0};
	expect_done("12 months", app_task_done(t->db, t->a, &kari, tasks[1], &in, &task, &b, &still, &out), &out);
	assert_false(still);
	assert_int_equal(store_participant_brief(t->db, t->a, 1, pid, 0, &b), SC_OK);
	assert_string_equal(b.contact_until, "2026-03-15");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_followups_in_order),
	};
	return fx_run("test_app_exit", tests, sizeof tests / sizeof tests[0]);
}
