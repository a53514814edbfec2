/*
 * test_store_health.c — health notes in the store (store_health.c), on
 * both engines: written as declared, read back newest first with the
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

static int64_t
note(struct fx *t, int64_t centre, int64_t pid, int64_t author, const char *on, const char *body)
{
	struct health_note n;
	fields_clear(health_note_fields, &n);
	n.participant_id = pid;
	assert_int_equal(date_parse(on, &n.written_on), SC_OK);
	n.body = body;
	n.author_id = author;
	n.created_at = 1700000000;
	int64_t id = 0;
	assert_int_equal(store_health_note_add(t->db, centre, &n, &id), SC_OK);
	assert_true(id > 0);
	return id;
}

static void
test_notes(void **state)
{
	struct fx *t = *state;
	int64_t hanne = fx_user(t, "hanne", ROLE_BIT(ROLE_HEALTH));
	int64_t p1 = fx_participant(t, 1, "Notes", "active", 0);
	int64_t p2 = fx_participant(t, 1, "Other", "active", 0);
	int64_t a = note(t, 1, p1, hanne, "2025-01-10", "First talk.\nSleeps badly.");
	int64_t b = note(t, 1, p1, hanne, "2025-02-01", "Better.");
	int64_t c = note(t, 1, p1, 0, "2025-02-01", "Same day, later.");
	note(t, 1, p2, hanne, "2025-02-02", "Someone else's.");

	struct health_note *items;
	size_t n;
	int64_t total;
	assert_int_equal(store_health_notes(t->db, t->a, 1, p1, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 3);
	/* newest first: by date, then the later id */
	assert_int_equal(items[0].id, c);
	assert_int_equal(items[1].id, b);
	assert_int_equal(items[2].id, a);
	assert_string_equal(items[2].body, "First talk.\nSleeps badly.");
	assert_int_equal(items[2].written_on.y, 2025);
	assert_int_equal(items[2].written_on.m, 1);
	assert_int_equal(items[2].written_on.d, 10);
	assert_int_equal(items[2].author_id, hanne);
	assert_string_equal(items[2].author_name, "hanne");
	assert_int_equal(items[2].participant_id, p1);
	assert_int_equal(items[2].created_at, 1700000000);
	assert_int_equal(items[0].author_id, 0);
	assert_string_equal(items[0].author_name, "");
	/* paged */
	assert_int_equal(store_health_notes(t->db, t->a, 1, p1, 2, 2, &items, &n, &total), SC_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, a);
}

static void
test_other_centre(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Other centre");
	int64_t p = fx_participant(t, other, "Elsewhere", "active", 0);
	note(t, other, p, 0, "2025-03-01", "In the other centre.");
	struct health_note *items;
	size_t n;
	int64_t total;
	assert_int_equal(store_health_notes(t->db, t->a, 1, p, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_health_notes(t->db, t->a, other, p, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_string_equal(items[0].body, "In the other centre.");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_notes),
		FX_TEST(test_other_centre),
	};
	return fx_run("test_store_health", tests, sizeof tests / sizeof tests[0]);
}
