/*
 * test_store_meeting.c — the meeting log in the store (store_meeting.c), on
 * both engines: logged as declared, read back newest first with the
 * author's name, paged, counted, and never across centres.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "fixture.h"
#include "domain/access.h"
#include "store/store.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })

/* Logs a meeting of the centre by phone; next may be {0}. */
static int64_t
log_meeting(struct fx *t, int64_t centre, int64_t pid, struct date held, struct date next, int64_t author)
{
	struct meeting m;
	fields_clear(meeting_fields, &m);
	m.participant_id = pid;
	m.held_on = held;
	m.channel = MEETING_PHONE;
	m.interpreter = 0;
	m.next_meeting = next;
	m.author_id = author;
	m.created_at = 1700000000;
	int64_t id = 0;
	assert_int_equal(store_meeting_add(t->db, centre, &m, &id), SC_OK);
	assert_true(id > 0);
	return id;
}

static void
test_meetings(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_user(t, "m.contact", ROLE_BIT(ROLE_CONTACT));
	int64_t pid = fx_participant(t, 1, "Meetings", "active", me);
	int64_t other = fx_participant(t, 1, "Elsewhere", "active", me);

	struct meeting m;
	fields_clear(meeting_fields, &m);
	m.participant_id = pid;
	m.held_on = D(2025, 3, 1);
	m.channel = MEETING_HOME_VISIT;
	m.interpreter = 1;
	m.minutes = "Talked about the café.\nShe wants to cook.";
	m.next_steps = "Ask the employer.";
	m.next_meeting = D(2025, 3, 20);
	m.author_id = me;
	m.created_at = 1700000001;
	int64_t first = 0;
	assert_int_equal(store_meeting_add(t->db, 1, &m, &first), SC_OK);
	int64_t older = log_meeting(t, 1, pid, D(2025, 2, 1), D(0, 0, 0), 0);
	int64_t same_day = log_meeting(t, 1, pid, D(2025, 3, 1), D(2025, 3, 2), me);
	int64_t newest = log_meeting(t, 1, pid, D(2025, 3, 10), D(0, 0, 0), me);
	log_meeting(t, 1, other, D(2025, 3, 11), D(0, 0, 0), me);

	struct meeting *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_meetings(t->db, t->a, 1, pid, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 4);
	assert_int_equal(n, 4);
	/* newest first; on the same day the later entry first */
	assert_int_equal(items[0].id, newest);
	assert_int_equal(items[1].id, same_day);
	assert_int_equal(items[2].id, first);
	assert_int_equal(items[3].id, older);

	const struct meeting *f = &items[2];
	assert_int_equal(f->participant_id, pid);
	assert_int_equal(date_cmp(f->held_on, D(2025, 3, 1)), 0);
	assert_int_equal(f->channel, MEETING_HOME_VISIT);
	assert_int_equal(f->interpreter, 1);
	assert_string_equal(f->minutes, "Talked about the café.\nShe wants to cook.");
	assert_string_equal(f->next_steps, "Ask the employer.");
	assert_int_equal(date_cmp(f->next_meeting, D(2025, 3, 20)), 0);
	assert_int_equal(f->author_id, me);
	assert_string_equal(f->author_name, "m.contact");
	assert_int_equal(f->created_at, 1700000001);
	/* no texts, no next meeting, no author, no interpreter */
	assert_string_equal(items[3].minutes, "");
	assert_string_equal(items[3].next_steps, "");
	assert_int_equal(items[3].next_meeting.y, 0);
	assert_int_equal(items[3].author_id, 0);
	assert_string_equal(items[3].author_name, "");
	assert_int_equal(items[3].interpreter, 0);

	/* pages of 3 */
	assert_int_equal(store_meetings(t->db, t->a, 1, pid, 3, 0, &items, &n, &total), SC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(total, 4);
	assert_int_equal(store_meetings(t->db, t->a, 1, pid, 3, 3, &items, &n, &total), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, older);
	assert_int_equal(store_meetings(t->db, t->a, 1, pid, 3, 30, &items, &n, &total), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 4);

	/* a participant without meetings */
	int64_t none = fx_participant(t, 1, "Nomeet", "active", me);
	assert_int_equal(store_meetings(t->db, t->a, 1, none, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);

	/* a channel outside the list is refused by the table (nothing saved) */
	m.channel = 99;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_true(store_meeting_add(t->db, 1, &m, NULL) != SC_OK);
	store_tx_rollback(t->db);
	assert_int_equal(store_meetings(t->db, t->a, 1, pid, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 4);
}

/* A meeting of another centre is neither listed nor counted there, and a
 * centre's list holds only its own. */
static void
test_other_centre(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Other meetings");
	int64_t me = fx_user(t, "m.centre", ROLE_BIT(ROLE_CONTACT));
	int64_t p = fx_participant(t, other, "Centremeet", "active", me);
	int64_t mid = log_meeting(t, other, p, D(2025, 3, 1), D(2025, 3, 20), me);
	struct meeting *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_meetings(t->db, t->a, 1, p, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_meetings(t->db, t->a, other, p, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, mid);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_meetings),
		FX_TEST(test_other_centre),
	};
	return fx_run("test_store_meeting", tests, sizeof tests / sizeof tests[0]);
}
