/*
 * test_store_meeting.c — the meeting log in the store (store_meeting.c), on
 * both engines: logged as declared, read back newest first with the
 * author's name, paged, counted, and never across centres; edited at the
 * version read (a stale edit changes nothing), each edit kept in the
 * change log with its old and new values; removed with its reason, out of
 * the log, its history kept.
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

/* The meeting's edited fields written over it at expected, with their
 * change log line, in a transaction: the store's answer. */
static int
edit(struct fx *t, int64_t centre, int64_t id, int64_t expected, const struct meeting *before,
     const struct meeting *after, int64_t by)
{
	struct field_change *changes = NULL;
	size_t n = 0;
	const char *keys = "";
	assert_int_equal(fields_changes(meeting_fields, before, after, t->a, &changes, &n, &keys), SC_OK);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	int rc = store_meeting_update(t->db, centre, id, expected, after, changes, n, keys, by, 1700000500);
	if (rc == SC_OK)
		assert_int_equal(store_tx_commit(t->db), SC_OK);
	else
		store_tx_rollback(t->db);
	return rc;
}

static void
test_edit(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_user(t, "m.editor", ROLE_BIT(ROLE_CONTACT));
	int64_t pid = fx_participant(t, 1, "Editmeet", "active", me);
	int64_t other = fx_participant(t, 1, "Othermeet", "active", me);
	int64_t mid = log_meeting(t, 1, pid, D(2025, 3, 1), D(2025, 3, 20), me);

	struct meeting m;
	assert_int_equal(store_meeting_get(t->db, t->a, 1, pid, mid, false, &m), SC_OK);
	assert_int_equal(m.version, 1);
	assert_string_equal(m.author_name, "m.editor");
	/* not found: another participant's, another centre's, none */
	struct meeting none;
	assert_int_equal(store_meeting_get(t->db, t->a, 1, other, mid, false, &none), SC_ENOTFOUND);
	int64_t elsewhere = fx_centre(t, "Edit elsewhere");
	assert_int_equal(store_meeting_get(t->db, t->a, elsewhere, pid, mid, false, &none), SC_ENOTFOUND);
	assert_int_equal(store_meeting_get(t->db, t->a, 1, pid, mid + 1000, false, &none), SC_ENOTFOUND);

	/* an edit of the channel, the minutes and the next meeting */
	struct meeting after = m;
	after.channel = MEETING_VIDEO;
	after.minutes = "Corrected minutes.";
	after.next_meeting = D(0, 0, 0);
	assert_int_equal(edit(t, 1, mid, 1, &m, &after, me), SC_OK);
	struct meeting now;
	assert_int_equal(store_meeting_get(t->db, t->a, 1, pid, mid, false, &now), SC_OK);
	assert_int_equal(now.version, 2);
	assert_int_equal(now.channel, MEETING_VIDEO);
	assert_string_equal(now.minutes, "Corrected minutes.");
	assert_int_equal(now.next_meeting.y, 0);
	assert_int_equal(date_cmp(now.held_on, D(2025, 3, 1)), 0);
	assert_int_equal(now.author_id, me);   /* who logged it stays */
	assert_int_equal(now.created_at, 1700000000);

	struct meeting_change *ch = NULL;
	size_t n = 0;
	assert_int_equal(store_meeting_changes(t->db, t->a, 1, mid, &ch, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ch[0].version, 2);
	assert_string_equal(ch[0].fields, "channel,minutes,next_meeting");
	assert_string_equal(ch[0].reason, "");
	assert_int_equal(ch[0].at, 1700000500);
	assert_int_equal(ch[0].user_id, me);
	assert_string_equal(ch[0].user_name, "m.editor");
	assert_int_equal(ch[0].nvalues, 3);
	/* in the order of the fields */
	assert_string_equal(ch[0].values[0].field, "channel");
	assert_string_equal(ch[0].values[0].old_value, "phone");
	assert_string_equal(ch[0].values[0].new_value, "video");
	assert_string_equal(ch[0].values[1].field, "minutes");
	assert_string_equal(ch[0].values[1].old_value, "");
	assert_string_equal(ch[0].values[1].new_value, "Corrected minutes.");
	assert_string_equal(ch[0].values[2].field, "next_meeting");
	assert_string_equal(ch[0].values[2].old_value, "2025-03-20");
	assert_string_equal(ch[0].values[2].new_value, "");

	/* a stale edit (read at version 1) changes nothing */
	struct meeting stale = m;
	stale.held_on = D(2025, 2, 27);
	assert_int_equal(edit(t, 1, mid, 1, &m, &stale, me), SC_ECONFLICT);
	assert_int_equal(store_meeting_get(t->db, t->a, 1, pid, mid, false, &now), SC_OK);
	assert_int_equal(now.version, 2);
	assert_int_equal(date_cmp(now.held_on, D(2025, 3, 1)), 0);
	assert_int_equal(now.channel, MEETING_VIDEO);
	assert_int_equal(store_meeting_changes(t->db, t->a, 1, mid, &ch, &n), SC_OK);
	assert_int_equal(n, 1);
	/* none there, or another centre's: not found, nothing written */
	assert_int_equal(edit(t, 1, mid + 1000, 1, &m, &stale, me), SC_ENOTFOUND);
	assert_int_equal(edit(t, elsewhere, mid, 2, &now, &stale, me), SC_ENOTFOUND);
	assert_int_equal(store_meeting_get(t->db, t->a, 1, pid, mid, false, &now), SC_OK);
	assert_int_equal(now.version, 2);
	assert_int_equal(store_meeting_changes(t->db, t->a, elsewhere, mid, &ch, &n), SC_OK);
	assert_int_equal(n, 0);
}

static void
test_remove(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_user(t, "m.remover", ROLE_BIT(ROLE_CONTACT));
	int64_t pid = fx_participant(t, 1, "Removemeet", "active", me);
	int64_t kept = log_meeting(t, 1, pid, D(2025, 3, 2), D(0, 0, 0), me);
	int64_t mid = log_meeting(t, 1, pid, D(2025, 3, 1), D(2025, 3, 20), me);
	struct meeting m;
	assert_int_equal(store_meeting_get(t->db, t->a, 1, pid, mid, false, &m), SC_OK);
	struct meeting after = m;
	after.minutes = "About someone else.";
	assert_int_equal(edit(t, 1, mid, 1, &m, &after, me), SC_OK);
	assert_int_equal(store_meeting_get(t->db, t->a, 1, pid, mid, true, &m), SC_OK);
	assert_int_equal(m.version, 2);

	/* read at version 1: stale, still there */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_meeting_remove(t->db, t->a, 1, &m, 1, "Wrong participant.", me, 1700000900),
			 SC_ECONFLICT);
	store_tx_rollback(t->db);
	struct meeting *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_meetings(t->db, t->a, 1, pid, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 2);

	/* at its version: out of the log, the other kept */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_meeting_remove(t->db, t->a, 1, &m, 2, "Wrong participant.", me, 1700000900), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_int_equal(store_meetings(t->db, t->a, 1, pid, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, kept);
	struct meeting gone;
	assert_int_equal(store_meeting_get(t->db, t->a, 1, pid, mid, false, &gone), SC_ENOTFOUND);

	/* the history keeps the edit, then the removal: why, and what it held */
	struct meeting_change *ch = NULL;
	size_t nch = 0;
	assert_int_equal(store_meeting_changes(t->db, t->a, 1, mid, &ch, &nch), SC_OK);
	assert_int_equal(nch, 2);
	assert_string_equal(ch[0].fields, "minutes");
	assert_int_equal(ch[1].version, 3);
	assert_string_equal(ch[1].fields, "removed");
	assert_string_equal(ch[1].reason, "Wrong participant.");
	assert_int_equal(ch[1].at, 1700000900);
	assert_int_equal(ch[1].user_id, me);
	static const char *const held[][2] = {
		{"held_on", "2025-03-01"}, {"channel", "phone"}, {"interpreter", "no"},
		{"minutes", "About someone else."}, {"next_meeting", "2025-03-20"},
	};
	assert_int_equal(ch[1].nvalues, sizeof held / sizeof held[0]);
	for (size_t i = 0; i < ch[1].nvalues; i++) {
		assert_string_equal(ch[1].values[i].field, held[i][0]);
		assert_string_equal(ch[1].values[i].old_value, held[i][1]);
		assert_string_equal(ch[1].values[i].new_value, "");
	}

	/* listed as removed, with why; another participant's none */
	struct meeting_removed *gone_list = NULL;
	size_t ngone = 0;
	assert_int_equal(store_meetings_removed(t->db, t->a, 1, pid, &gone_list, &ngone), SC_OK);
	assert_int_equal(ngone, 1);
	assert_int_equal(gone_list[0].meeting_id, mid);
	assert_string_equal(gone_list[0].held_on, "2025-03-01");
	assert_int_equal(gone_list[0].at, 1700000900);
	assert_int_equal(gone_list[0].user_id, me);
	assert_string_equal(gone_list[0].user_name, "m.remover");
	assert_string_equal(gone_list[0].reason, "Wrong participant.");
	int64_t elsewhere = fx_centre(t, "Removed elsewhere");
	assert_int_equal(store_meetings_removed(t->db, t->a, elsewhere, pid, &gone_list, &ngone), SC_OK);
	assert_int_equal(ngone, 0);

	/* removed already: not found, nothing more in the history */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_meeting_remove(t->db, t->a, 1, &m, 2, "Again.", me, 1700000950), SC_ENOTFOUND);
	store_tx_rollback(t->db);
	assert_int_equal(store_meeting_changes(t->db, t->a, 1, mid, &ch, &nch), SC_OK);
	assert_int_equal(nch, 2);
	assert_int_equal(store_meetings_removed(t->db, t->a, 1, pid, &gone_list, &ngone), SC_OK);
	assert_int_equal(ngone, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_meetings),
		FX_TEST(test_other_centre),
		FX_TEST(test_edit),
		FX_TEST(test_remove),
	};
	return fx_run("test_store_meeting", tests, sizeof tests / sizeof tests[0]);
}
