/*
 * participants_fx.c — what the participant register's store tests share
 * (participants_fx.h): an empty register before each test, staff users,
 * participants from form text through the declared fields and the rules,
 * and the scopes of a leader and of a contact person.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "participants_fx.h"
#include "domain/participant.h"
#include "store/store.h"
#include "util/err.h"

void
set_contact(int64_t participant, int64_t contact)
{
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE participants SET contact_id = %lld WHERE id = %lld",
		 (long long)contact, (long long)participant);
	fx_exec(sql);
}

void
wipe(void)
{
	fx_exec("DELETE FROM participant_change_values; DELETE FROM language_assessments;"
		" DELETE FROM participant_changes; DELETE FROM participant_search;"
		" DELETE FROM participant_languages; DELETE FROM participant_children;"
		" DELETE FROM health_referrals; DELETE FROM participants;");
}

int
setup_clean(void **state)
{
	wipe();
	return fx_setup(state);
}

/* A staff user with a display name (fx_user's is the user name). */
int64_t
make_user(struct fx *t, const char *username, const char *display)
{
	int64_t id = 0;
	int rc = store_user_create(t->db, username, display, "$argon2id$fake", ROLE_BIT(ROLE_CONTACT), "nb", 1,
				   1000, &id);
	if (rc != SC_OK)
		fail_msg("store_user_create(%s): %s: %s", username, sc_strerror(rc), store_errmsg(t->db));
	return id;
}

/* ---- participants from form text ---- */

/* Field key/value pairs, NULL-terminated, read through the declared fields
 * and checked by the rules against TODAY, as every way in does. */
void
person(struct arena *a, struct participant *p, const char *const *kv)
{
	participant_clear(p);
	struct field_errors e = {0};
	for (size_t i = 0; kv[i] != NULL; i += 2) {
		const struct field *f = participant_field(kv[i]);
		assert_non_null(f);
		field_read_text(f, kv[i + 1], p, a, &e);
	}
	if (!participant_check(p, TODAY, 0, a, &e))
		fail_msg("invalid test person: %s: %s", e.field[0], e.reason[0]);
}

void
simple(struct arena *a, struct participant *p, const char *given, const char *family,
       const char *birth, const char *nin, const char *phone)
{
	const char *kv[] = {"given_name", given, "family_name", family, "birth_date", birth,
			    "gender", "female", "nin", nin ? nin : "", "phone", phone ? phone : "", NULL};
	person(a, p, kv);
}

int64_t
create_in(struct fx *t, int64_t centre, const struct participant *p, int64_t by)
{
	int64_t id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	int rc = store_participant_create(t->db, centre, p, by, NOW, TODAY, &id);
	if (rc != SC_OK) {
		store_tx_rollback(t->db);
		fail_msg("create %s %s: %s: %s", p->given_name, p->family_name, sc_strerror(rc),
			 store_errmsg(t->db));
	}
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_true(id > 0);
	return id;
}

int64_t
create(struct fx *t, const struct participant *p, int64_t by)
{
	return create_in(t, 1, p, by);
}

/* The leader's scope: every participant. */
const struct participant_scope all = {REL_BIT(REL_EVERYONE), 0, "2026-01-01"};

/* Everyone for contact 0, else that contact person's own participants
 * (in intake or the programme, and exited ones within their last day). */
struct participant_scope
scope_of(int64_t contact)
{
	struct participant_scope sc = {REL_BIT(REL_EVERYONE), 0, "2026-01-01"};
	if (contact > 0) {
		sc.relations = REL_BIT(REL_CONTACT) | REL_BIT(REL_CONTACT_EXITED);
		sc.user_id = contact;
	}
	return sc;
}
