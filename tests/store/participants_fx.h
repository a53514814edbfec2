/*
 * participants_fx.h — what the participant register's store tests
 * (test_store_participant.c, test_store_search.c) share, over the fixture
 * of fixture.h. Setting a participant's contact person goes straight
 * through SQL: assignment is another area's store function.
 */
#ifndef SC_TESTS_PARTICIPANTS_FX_H
#define SC_TESTS_PARTICIPANTS_FX_H

#include <stdint.h>

#include "fixture.h"
#include "domain/access.h"
#include "domain/date.h"
#include "domain/participant.h"
#include "store/store.h"
#include "util/arena.h"

/* The day the rules check the people against, and the clock of writes. */
static const struct date TODAY = {2025, 6, 15};
#define NOW 1750000000

/* Sets a participant's contact person. */
void set_contact(int64_t participant, int64_t contact);
/* Empties the register; setup_clean() does, then fx_setup(). */
void wipe(void);
int setup_clean(void **state);
#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup_clean, fx_teardown)

/* A staff user (a contact person) with a display name (fx_user's is the
 * user name). */
int64_t make_user(struct fx *t, const char *username, const char *display);

/* Field key/value pairs, NULL-terminated, read through the declared fields
 * and checked by the rules against TODAY, as every way in does. */
void person(struct arena *a, struct participant *p, const char *const *kv);
/* A person of a name, birth date and optional nin and phone (NULL). */
void simple(struct arena *a, struct participant *p, const char *given, const char *family,
	    const char *birth, const char *nin, const char *phone);
/* Creates p in a centre (create(): centre 1) in its own transaction. */
int64_t create_in(struct fx *t, int64_t centre, const struct participant *p, int64_t by);
int64_t create(struct fx *t, const struct participant *p, int64_t by);

/* The leader's scope: every participant. */
extern const struct participant_scope all;
/* Everyone for contact 0, else that contact person's own participants
 * (in intake or the programme, and exited ones within their last day). */
struct participant_scope scope_of(int64_t contact);

#endif
