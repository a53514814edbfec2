/*
 * test_store_participant.c — contract tests for the participant register in
 * the store (src/store/store_participant.h, store_language.h), on both
 * engines with the shared fixture (fixture.h): create and read back every
 * field by the table's descriptor, the duplicate checks, status, edits with
 * a version check and a change log, the Norwegian levels, list and search
 * (name prefix, second word, nin, phone, scope, status, paging, the capped
 * total), the export; and that nothing of another centre is found, listed,
 * searched, changed or exported.
 *
 * Each test starts from an empty register (wipe()). Setting a
 * participant's contact person goes straight through SQL: assignment is
 * another area's store function.
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
#include "domain/participant.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

static const struct date TODAY = {2025, 6, 15};
#define NOW 1750000000

static void
set_contact(int64_t participant, int64_t contact)
{
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE participants SET contact_id = %lld WHERE id = %lld",
		 (long long)contact, (long long)participant);
	fx_exec(sql);
}

static void
wipe(void)
{
	fx_exec("DELETE FROM participant_change_values; DELETE FROM language_assessments;"
		" DELETE FROM participant_changes; DELETE FROM participant_search;"
		" DELETE FROM participant_languages; DELETE FROM participant_children;"
		" DELETE FROM health_referrals; DELETE FROM participants;");
}

static int
setup_clean(void **state)
{
	wipe();
	return fx_setup(state);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup_clean, fx_teardown)

/* A staff user with a display name (fx_user's is the user name). */
static int64_t
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
static void
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

static void
simple(struct arena *a, struct participant *p, const char *given, const char *family,
       const char *birth, const char *nin, const char *phone)
{
	const char *kv[] = {"given_name", given, "family_name", family, "birth_date", birth,
			    "gender", "female", "nin", nin ? nin : "", "phone", phone ? phone : "", NULL};
	person(a, p, kv);
}

static int64_t
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

static int64_t
create(struct fx *t, const struct participant *p, int64_t by)
{
	return create_in(t, 1, p, by);
}

static const char *
language(const struct participant *p, size_t i)
{
	assert_true(i < p->languages.n);
	return ((const struct participant_language *)p->languages.items)[i].name;
}

static struct date
child(const struct participant *p, size_t i)
{
	assert_true(i < p->children.n);
	return ((const struct participant_child *)p->children.items)[i].birth_date;
}

/* ---- create and read ---- */

static void
test_create_and_get_every_field(void **state)
{
	struct fx *t = *state;
	int64_t kari = make_user(t, "kari.contact", "Kari Kontakt");
	struct participant p;
	const char *kv[] = {
		"given_name", "Amina", "family_name", "Hassan Ali", "nin", "01038890057",
		"birth_date", "", "gender", "female", "country_of_birth", "Somalia",
		"citizenship", "Norway", "languages", "Somali, Arabic", "interpreter", "Somali",
		"arrival_date", "2015-08-01", "residence_basis", "refugee", "intro_ended", "2019-01-31",
		"schooling_years", "6", "literate", "yes", "cefr_listening", "B1", "cefr_reading", "A2",
		"cefr_speaking", "B2", "cefr_writing", "A1", "children", "2015-03-01\n2018-07-20",
		"caregiving", "Collects the children at 15:00.", "phone", "412 34 567",
		"email", "amina@example.no", "address", "Storgata 1", "postcode", "0150",
		"city", "Oslo", "bank_account", "1234.56.78903", "tax_percent", "30", NULL,
	};
	person(t->a, &p, kv);
	int64_t id = create(t, &p, kari);
	set_contact(id, kari);

	struct participant g;
	assert_int_equal(store_participant_get(t->db, t->a, 1, id, &g), SC_OK);
	assert_int_equal(g.id, id);
	assert_int_equal(g.version, 1);
	assert_string_equal(g.given_name, "Amina");
	assert_string_equal(g.family_name, "Hassan Ali");
	assert_string_equal(g.nin, "01038890057");
	assert_int_equal(date_cmp(g.birth_date, (struct date){1988, 3, 1}), 0);
	assert_int_equal(g.gender, GENDER_FEMALE);
	assert_string_equal(g.country_of_birth, "Somalia");
	assert_string_equal(g.citizenship, "Norway");
	assert_int_equal(g.languages.n, 2);
	assert_string_equal(language(&g, 0), "Somali");
	assert_string_equal(language(&g, 1), "Arabic");
	assert_string_equal(g.interpreter, "Somali");
	assert_int_equal(date_cmp(g.arrival_date, (struct date){2015, 8, 1}), 0);
	assert_int_equal(g.residence_basis, RESIDENCE_REFUGEE);
	assert_int_equal(date_cmp(g.intro_ended, (struct date){2019, 1, 31}), 0);
	assert_int_equal(g.schooling_years, 6);
	assert_int_equal(g.literate, 1);
	assert_int_equal(g.cefr[SKILL_LISTENING], CEFR_B1);
	assert_int_equal(g.cefr[SKILL_READING], CEFR_A2);
	assert_int_equal(g.cefr[SKILL_SPEAKING], CEFR_B2);
	assert_int_equal(g.cefr[SKILL_WRITING], CEFR_A1);
	assert_int_equal(g.children.n, 2);
	assert_int_equal(date_cmp(child(&g, 0), (struct date){2015, 3, 1}), 0);
	assert_int_equal(date_cmp(child(&g, 1), (struct date){2018, 7, 20}), 0);
	assert_string_equal(g.caregiving, "Collects the children at 15:00.");
	assert_string_equal(g.phone, "+4741234567");
	assert_string_equal(g.email, "amina@example.no");
	assert_string_equal(g.address, "Storgata 1");
	assert_string_equal(g.postcode, "0150");
	assert_string_equal(g.city, "Oslo");
	assert_string_equal(g.bank_account, "12345678903");
	assert_int_equal(g.tax_percent, 30);
	assert_string_equal(g.tax_table, "");
	assert_string_equal(participant_status_key(g.status), "registered");
	assert_int_equal(g.contact_id, kari);
	assert_string_equal(g.contact_name, "Kari Kontakt");
	assert_int_equal(g.created_at, NOW);
	assert_int_equal(g.updated_at, NOW);
	/* Read back, nothing differs from what was saved. */
	char changed[PARTICIPANT_CHANGED_MAX];
	assert_int_equal(participant_changed_fields(&p, &g, changed), 0);

	struct participant_brief b;
	assert_int_equal(store_participant_brief(t->db, t->a, 1, id, 0, &b), SC_OK);
	assert_string_equal(b.family_name, "Hassan Ali");
	assert_string_equal(b.birth_date, "1988-03-01");
	assert_string_equal(b.status, "registered");
	assert_int_equal(b.contact_id, kari);
	assert_int_equal(b.version, 1);

	/* Registration is version 1 in the change log. */
	struct participant_change *ch;
	size_t n;
	assert_int_equal(store_participant_changes_since(t->db, t->a, 1, id, 0, &ch, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ch[0].version, 1);
	assert_string_equal(ch[0].fields, "");
	assert_int_equal(ch[0].user_id, kari);
	assert_string_equal(ch[0].user_name, "Kari Kontakt");

	/* The unknowns stay unknown. */
	simple(t->a, &p, "Ola", "Nordmann", "1980-05-05", NULL, NULL);
	id = create(t, &p, 0);
	assert_int_equal(store_participant_get(t->db, t->a, 1, id, &g), SC_OK);
	assert_string_equal(g.nin, "");
	assert_int_equal(g.arrival_date.y, 0);
	assert_int_equal(g.intro_ended.y, 0);
	assert_string_equal(g.interpreter, "");
	assert_int_equal(g.schooling_years, FIELD_NONE);
	assert_int_equal(g.literate, -1);
	assert_int_equal(g.tax_percent, FIELD_NONE);
	assert_int_equal(g.cefr[SKILL_READING], CEFR_NONE);
	assert_int_equal(g.residence_basis, RESIDENCE_OTHER);
	assert_int_equal(g.languages.n, 0);
	assert_int_equal(g.children.n, 0);
	assert_int_equal(g.contact_id, 0);
	assert_string_equal(g.contact_name, "");
	assert_int_equal(store_participant_changes_since(t->db, t->a, 1, id, 0, &ch, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ch[0].user_id, 0);
	assert_string_equal(ch[0].user_name, "");

	assert_int_equal(store_participant_get(t->db, t->a, 1, id + 1000, &g), SC_ENOTFOUND);
	assert_int_equal(store_participant_brief(t->db, t->a, 1, id + 1000, 0, &b), SC_ENOTFOUND);
}

/* ---- duplicates ---- */

static void
test_duplicates(void **state)
{
	struct fx *t = *state;
	struct participant p, q;
	simple(t->a, &p, "Kari", "Nordmann", "1988-03-01", "01038890057", NULL);
	int64_t first = create(t, &p, 0);
	int64_t dup = -1;
	bool same_nin = false;

	/* Same nin, another name: the store refuses it. */
	simple(t->a, &q, "Karianne", "Berg", "", "01038890057", NULL);
	assert_int_equal(store_participant_duplicate(t->db, 1, &q, 0, &dup, &same_nin), SC_OK);
	assert_int_equal(dup, first);
	assert_true(same_nin);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	int64_t id = 0;
	assert_int_equal(store_participant_create(t->db, 1, &q, 0, NOW, TODAY, &id), SC_ECONFLICT);
	store_tx_rollback(t->db);

	/* Same name (folded) and birth date, no nin: a possible duplicate. */
	simple(t->a, &q, "KARI", "  nordmann ", "1988-03-01", NULL, NULL);
	assert_int_equal(store_participant_duplicate(t->db, 1, &q, 0, &dup, &same_nin), SC_OK);
	assert_int_equal(dup, first);
	assert_false(same_nin);
	assert_int_equal(store_participant_duplicate(t->db, 1, &q, 0, &dup, NULL), SC_OK);
	assert_int_equal(dup, first);
	/* ... which may still be registered (another person). */
	int64_t second = create(t, &q, 0);
	assert_true(second != first);

	/* A record is not its own duplicate. */
	assert_int_equal(store_participant_duplicate(t->db, 1, &p, first, &dup, NULL), SC_OK);
	assert_int_equal(dup, second);

	/* Another birth date, or another name: none. */
	simple(t->a, &q, "Kari", "Nordmann", "1988-03-02", NULL, NULL);
	assert_int_equal(store_participant_duplicate(t->db, 1, &q, 0, &dup, NULL), SC_OK);
	assert_int_equal(dup, 0);
	simple(t->a, &q, "Kari", "Nordmanns", "1988-03-01", NULL, NULL);
	assert_int_equal(store_participant_duplicate(t->db, 1, &q, 0, &dup, NULL), SC_OK);
	assert_int_equal(dup, 0);
	/* Several without a nin do not collide on the unique nin. */
	simple(t->a, &q, "Per", "Persen", "1970-01-01", NULL, NULL);
	create(t, &q, 0);
	simple(t->a, &q, "Pål", "Persen", "1970-01-01", NULL, NULL);
	create(t, &q, 0);
}

/* ---- status ---- */

static void
test_set_status(void **state)
{
	struct fx *t = *state;
	struct participant p;
	simple(t->a, &p, "Sara", "Status", "1990-01-01", NULL, NULL);
	int64_t id = create(t, &p, 0);
	assert_int_equal(store_participant_set_status(t->db, id, "waiting", NOW + 5), SC_OK);
	struct participant g;
	assert_int_equal(store_participant_get(t->db, t->a, 1, id, &g), SC_OK);
	assert_string_equal(participant_status_key(g.status), "waiting");
	assert_int_equal(g.version, 1);   /* not an edit of the register */
	assert_int_equal(g.updated_at, NOW + 5);
	assert_int_equal(store_participant_set_status(t->db, id, "deleted", NOW), SC_EINVAL);
	assert_int_equal(store_participant_set_status(t->db, id, NULL, NOW), SC_EINVAL);
	assert_int_equal(store_participant_set_status(t->db, id + 99, "active", NOW), SC_ENOTFOUND);
}

/* ---- edits ---- */

/*
 * An edit as the command makes it: the stored record read in the
 * transaction, the changed fields compared, nothing written when none
 * differ; else store_participant_update() from version (whose own check
 * of the version is what a stale edit meets). *changed gets the keys.
 */
static int
update_on(struct fx *t, int64_t id, int64_t version, const struct participant *p, int64_t by, int64_t now,
	  struct date today, const char **changed)
{
	*changed = "";
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	struct participant cur;
	int rc = store_participant_get(t->db, t->a, 1, id, &cur);
	char *what = arena_alloc(t->a, PARTICIPANT_CHANGED_MAX);
	assert_non_null(what);
	if (rc == SC_OK && participant_changed_fields(&cur, p, what) > 0) {
		rc = store_participant_update(t->db, t->a, 1, id, version, &cur, p, what, by, now, today);
		*changed = what;
	}
	if (rc == SC_OK)
		assert_int_equal(store_tx_commit(t->db), SC_OK);
	else
		store_tx_rollback(t->db);
	return rc;
}

static int
update(struct fx *t, int64_t id, int64_t version, const struct participant *p, int64_t by, int64_t now,
       const char **changed)
{
	return update_on(t, id, version, p, by, now, TODAY, changed);
}

/* The leader's scope: every participant. */
static const struct participant_scope all = {REL_BIT(REL_EVERYONE), 0, "2026-01-01"};

/* Everyone for contact 0, else that contact person's own participants
 * (in intake or the programme, and exited ones within their last day). */
static struct participant_scope
scope_of(int64_t contact)
{
	struct participant_scope sc = {REL_BIT(REL_EVERYONE), 0, "2026-01-01"};
	if (contact > 0) {
		sc.relations = REL_BIT(REL_CONTACT) | REL_BIT(REL_CONTACT_EXITED);
		sc.user_id = contact;
	}
	return sc;
}

static size_t
count_search(struct fx *t, const char *text, int64_t contact, const char *status)
{
	struct search_query q;
	assert_int_equal(search_query_parse(text, &q), SC_OK);
	struct participant *items;
	size_t n;
	int64_t total;
	bool capped;
	struct participant_scope sc = scope_of(contact);
	int rc = store_participant_search(t->db, t->a, 1, &q, &sc, status, 200, 0, &items, &n, &total, &capped);
	if (rc != SC_OK)
		fail_msg("search \"%s\": %s: %s", text, sc_strerror(rc), store_errmsg(t->db));
	assert_int_equal((int64_t)n, total);
	assert_false(capped);
	return n;
}

static void
test_update_with_version(void **state)
{
	struct fx *t = *state;
	int64_t kari = make_user(t, "kari.editor", "Kari Nordmann");
	int64_t ola = make_user(t, "ola.editor", "Ola Editor");
	struct participant p;
	const char *kv[] = {"given_name", "Fatima", "family_name", "Yusuf", "birth_date", "1985-04-04",
			    "gender", "female", "phone", "41234567", "languages", "Arabic",
			    "children", "2010-01-01", NULL};
	person(t->a, &p, kv);
	int64_t id = create(t, &p, ola);
	set_contact(id, ola);
	assert_int_equal(store_participant_set_status(t->db, id, "active", NOW), SC_OK);

	/* Kari changes the phone, the address and the children, from version 1. */
	struct participant e1;
	const char *kv1[] = {"given_name", "Fatima", "family_name", "Yusuf", "birth_date", "1985-04-04",
			     "gender", "female", "phone", "+47 98765432", "languages", "Arabic",
			     "children", "2010-01-01, 2012-02-02", "address", "Storgata 1", NULL};
	person(t->a, &e1, kv1);
	const char *changed = NULL;
	assert_int_equal(update(t, id, 1, &e1, kari, NOW + 60, &changed), SC_OK);
	assert_string_equal(changed, "children,phone,address");
	struct participant g;
	assert_int_equal(store_participant_get(t->db, t->a, 1, id, &g), SC_OK);
	assert_int_equal(g.version, 2);
	assert_string_equal(g.phone, "+4798765432");
	assert_string_equal(g.address, "Storgata 1");
	assert_int_equal(g.children.n, 2);
	assert_int_equal(g.updated_at, NOW + 60);
	/* Status and contact person are not the form's. */
	assert_string_equal(participant_status_key(g.status), "active");
	assert_int_equal(g.contact_id, ola);
	/* The search terms follow. */
	assert_int_equal(count_search(t, "41234567", 0, NULL), 0);
	assert_int_equal(count_search(t, "98765432", 0, NULL), 1);

	/* Ola saves from version 1 too: refused, nothing written. */
	struct participant e2;
	const char *kv2[] = {"given_name", "Fatima", "family_name", "Yusuf", "birth_date", "1985-04-04",
			     "gender", "female", "phone", "41234567", "email", "f@example.no", NULL};
	person(t->a, &e2, kv2);
	assert_int_equal(update(t, id, 1, &e2, ola, NOW + 120, &changed), SC_ECONFLICT);
	assert_int_equal(store_participant_get(t->db, t->a, 1, id, &g), SC_OK);
	assert_int_equal(g.version, 2);
	assert_string_equal(g.phone, "+4798765432");
	assert_string_equal(g.email, "");
	assert_int_equal(g.languages.n, 1);

	/* What changed after version 1, by whom and when. */
	struct participant_change *ch;
	size_t n;
	assert_int_equal(store_participant_changes_since(t->db, t->a, 1, id, 1, &ch, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ch[0].version, 2);
	assert_string_equal(ch[0].fields, "children,phone,address");
	assert_int_equal(ch[0].at, NOW + 60);
	assert_int_equal(ch[0].user_id, kari);
	assert_string_equal(ch[0].user_name, "Kari Nordmann");
	/* With each field's old and new value, as the form holds them. */
	assert_int_equal(ch[0].nvalues, 3);
	struct participant_change_value *cv = ch[0].values;
	assert_string_equal(cv[0].field, "address");
	assert_string_equal(cv[0].old_value, "");
	assert_string_equal(cv[0].new_value, "Storgata 1");
	assert_string_equal(cv[1].field, "children");
	assert_string_equal(cv[1].old_value, "2010-01-01");
	assert_string_equal(cv[1].new_value, "2010-01-01\n2012-02-02");
	assert_string_equal(cv[2].field, "phone");
	assert_string_equal(cv[2].old_value, "+4741234567");
	assert_string_equal(cv[2].new_value, "+4798765432");
	assert_int_equal(store_participant_changes_since(t->db, t->a, 1, id, 2, &ch, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_participant_changes_since(t->db, t->a, 1, id, 0, &ch, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ch[0].version, 1);
	assert_int_equal(ch[0].nvalues, 0);      /* registered: no values */
	assert_int_equal(ch[1].nvalues, 3);

	/* Saving what is stored changes nothing, not even the version. */
	assert_int_equal(update(t, id, 2, &e1, ola, NOW + 180, &changed), SC_OK);
	assert_string_equal(changed, "");
	assert_int_equal(store_participant_get(t->db, t->a, 1, id, &g), SC_OK);
	assert_int_equal(g.version, 2);
	assert_int_equal(store_participant_changes_since(t->db, t->a, 1, id, 2, &ch, &n), SC_OK);
	assert_int_equal(n, 0);

	/* A rename moves the name in the index. */
	struct participant e3;
	const char *kv3[] = {"given_name", "Hodan", "family_name", "Yusuf-Omar", "birth_date", "1985-04-04",
			     "gender", "female", "phone", "+47 98765432", "languages", "Arabic, Somali",
			     "interpreter", "Somali", "children", "2010-01-01, 2012-02-02",
			     "address", "Storgata 1", NULL};
	person(t->a, &e3, kv3);
	assert_int_equal(update(t, id, 2, &e3, ola, NOW + 240, &changed), SC_OK);
	assert_string_equal(changed, "given_name,family_name,languages,interpreter");
	assert_int_equal(count_search(t, "fatima", 0, NULL), 0);
	assert_int_equal(count_search(t, "hodan", 0, NULL), 1);
	assert_int_equal(count_search(t, "omar", 0, NULL), 1);
	assert_int_equal(store_participant_get(t->db, t->a, 1, id, &g), SC_OK);
	assert_int_equal(g.version, 3);
	assert_int_equal(g.languages.n, 2);
	assert_string_equal(g.interpreter, language(&g, 1));

	/* Taking another participant's nin is a conflict; missing is not found. */
	struct participant other;
	simple(t->a, &other, "Nina", "Nummer", "", "01038890057", NULL);
	create(t, &other, 0);
	struct participant e4;
	const char *kv4[] = {"given_name", "Hodan", "family_name", "Yusuf-Omar", "nin", "01038890057",
			     "birth_date", "", "gender", "female", NULL};
	person(t->a, &e4, kv4);
	assert_int_equal(update(t, id, 3, &e4, ola, NOW + 300, &changed), SC_ECONFLICT);
	assert_int_equal(store_participant_get(t->db, t->a, 1, id, &g), SC_OK);
	assert_int_equal(g.version, 3);
	assert_string_equal(g.nin, "");
	assert_int_equal(store_participant_update(t->db, t->a, 1, id + 1000, 1, &g, &e4, "nin", ola, NOW, TODAY),
			 SC_ENOTFOUND);

	/* A new identity number: the history keeps that it changed, not the
	 * numbers; the phone beside it keeps its values. */
	struct participant e5;
	const char *kv5[] = {"given_name", "Hodan", "family_name", "Yusuf-Omar", "nin", "04048510170",
			     "birth_date", "", "gender", "female", "phone", "41112222",
			     "languages", "Arabic, Somali", "interpreter", "Somali",
			     "children", "2010-01-01, 2012-02-02", "address", "Storgata 1", NULL};
	person(t->a, &e5, kv5);
	assert_int_equal(update(t, id, 3, &e5, ola, NOW + 360, &changed), SC_OK);
	assert_string_equal(changed, "nin,phone");
	assert_int_equal(store_participant_changes_since(t->db, t->a, 1, id, 3, &ch, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ch[0].nvalues, 2);
	assert_string_equal(ch[0].values[0].field, "nin");
	assert_string_equal(ch[0].values[0].old_value, "");
	assert_string_equal(ch[0].values[0].new_value, "");
	assert_string_equal(ch[0].values[1].field, "phone");
	assert_string_equal(ch[0].values[1].new_value, "+4741112222");
	/* The number is nowhere in the history's values. */
	struct db_stmt *st = db_prepare(t->db, "SELECT COUNT(*) FROM participant_change_values"
				       " WHERE old_value LIKE '%0404851%' OR new_value LIKE '%0404851%'");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 0);
	db_done(st);

	/* A save recorded before the values were kept reads as names only. */
	fx_exec("DELETE FROM participant_change_values WHERE field = 'phone'");
	assert_int_equal(store_participant_changes_since(t->db, t->a, 1, id, 3, &ch, &n), SC_OK);
	assert_int_equal(ch[0].nvalues, 1);
}

/* ---- Norwegian levels over time ---- */

/* Speaking A1 -> A2 -> B1 through the register: each level kept with its
 * date and who recorded it; a cleared level adds nothing; another source
 * adds to the same history. */
static void
test_level_history(void **state)
{
	struct fx *t = *state;
	int64_t kari = make_user(t, "kari.levels", "Kari Nivå");
	struct participant p;
	const char *kv[] = {"given_name", "Ayan", "family_name", "Nivå", "birth_date", "1991-01-01",
			    "gender", "female", "cefr_speaking", "A1", "cefr_writing", "A1", NULL};
	person(t->a, &p, kv);
	int64_t id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_participant_create(t->db, 1, &p, kari, NOW, (struct date){2026, 1, 10}, &id), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);

	static const struct { const char *speaking, *writing; struct date on; } saves[] = {
		{"A2", "A1", {2026, 3, 2}},
		{"B1", "", {2026, 5, 25}},     /* writing cleared: a correction, no row */
	};
	const char *changed = NULL;
	for (size_t i = 0; i < sizeof saves / sizeof saves[0]; i++) {
		struct participant e;
		const char *kve[] = {"given_name", "Ayan", "family_name", "Nivå", "birth_date", "1991-01-01",
				     "gender", "female", "cefr_speaking", saves[i].speaking,
				     "cefr_writing", saves[i].writing, NULL};
		person(t->a, &e, kve);
		assert_int_equal(store_tx_begin(t->db), SC_OK);
		struct participant cur;
		assert_int_equal(store_participant_get(t->db, t->a, 1, id, &cur), SC_OK);
		char what[PARTICIPANT_CHANGED_MAX];
		assert_true(participant_changed_fields(&cur, &e, what) > 0);
		assert_int_equal(store_participant_update(t->db, t->a, 1, id, (int64_t)i + 1, &cur, &e, what, kari,
							  NOW + 100 * ((int64_t)i + 1), saves[i].on),
				 SC_OK);
		assert_int_equal(store_tx_commit(t->db), SC_OK);
	}
	/* A teacher's assessment, from another source, joins the history. */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	int64_t aid = 0;
	assert_int_equal(store_language_assessment_add(t->db, 1, id, SKILL_LISTENING, CEFR_A2,
						       (struct date){2026, 4, 1}, "test", "Norskprøven",
						       0, NOW + 150, &aid), SC_OK);
	assert_true(aid > 0);
	assert_int_equal(store_language_assessment_add(t->db, 1, id, SKILL_COUNT, CEFR_A2,
						       (struct date){2026, 4, 1}, "test", "", 0, NOW, NULL),
			 SC_EINVAL);
	assert_int_equal(store_language_assessment_add(t->db, 1, id, SKILL_READING, CEFR_NONE,
						       (struct date){2026, 4, 1}, "test", "", 0, NOW, NULL),
			 SC_EINVAL);
	assert_int_equal(store_language_assessment_add(t->db, 1, id, SKILL_READING, CEFR_B1,
						       (struct date){2026, 2, 30}, "test", "", 0, NOW, NULL),
			 SC_EINVAL);
	assert_int_equal(store_tx_commit(t->db), SC_OK);

	struct language_assessment *la = NULL;
	size_t n = 0;
	assert_int_equal(store_language_assessments(t->db, t->a, 1, id, &la, &n), SC_OK);
	static const struct {
		enum cefr_skill skill;
		enum cefr level;
		const char *on, *source, *by;
	} want[] = {
		{SKILL_LISTENING, CEFR_A2, "2026-04-01", "test", ""},
		{SKILL_SPEAKING, CEFR_A1, "2026-01-10", "register", "Kari Nivå"},
		{SKILL_SPEAKING, CEFR_A2, "2026-03-02", "register", "Kari Nivå"},
		{SKILL_SPEAKING, CEFR_B1, "2026-05-25", "register", "Kari Nivå"},
		{SKILL_WRITING, CEFR_A1, "2026-01-10", "register", "Kari Nivå"},
	};
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(la[i].skill, want[i].skill);
		assert_int_equal(la[i].level, want[i].level);
		assert_string_equal(la[i].assessed_on, want[i].on);
		assert_string_equal(la[i].source, want[i].source);
		assert_string_equal(la[i].recorded_by_name, want[i].by);
	}
	assert_string_equal(la[0].note, "Norskprøven");
	/* A save that changes something else records no level. */
	struct participant f;
	const char *kvf[] = {"given_name", "Ayan", "family_name", "Nivå", "birth_date", "1991-01-01",
			     "gender", "female", "cefr_speaking", "B1", "city", "Bergen", NULL};
	person(t->a, &f, kvf);
	assert_int_equal(update_on(t, id, 3, &f, kari, NOW + 400, (struct date){2026, 6, 1}, &changed), SC_OK);
	assert_string_equal(changed, "city");
	assert_int_equal(store_language_assessments(t->db, t->a, 1, id, &la, &n), SC_OK);
	assert_int_equal(n, 5);
}

/* ---- search and lists ---- */

struct fixture_person {
	const char *given, *family, *birth, *nin, *phone;
};

static const struct fixture_person people[] = {
	{"Kari", "Nordmann", "1988-03-01", "01038890057", "41234567"},
	{"Kari", "Hansen", "1990-01-01", "01019090066", NULL},
	{"Karin", "Berg", "1975-06-06", NULL, "+46701234567"},
	{"Ola", "Nordmann", "1980-05-05", NULL, "98765432"},
	{"Anne-Marie", "Øvrebø", "1988-03-02", "02038890096", NULL},
	{"Anna", "Andersen", "1985-04-04", NULL, NULL},
	{"Åse", "Aasen", "1970-07-07", NULL, NULL},
};
#define NPEOPLE (sizeof people / sizeof people[0])

static void
load_people(struct fx *t, int64_t ids[NPEOPLE])
{
	for (size_t i = 0; i < NPEOPLE; i++) {
		struct participant p;
		simple(t->a, &p, people[i].given, people[i].family, people[i].birth, people[i].nin,
		       people[i].phone);
		ids[i] = create(t, &p, 0);
	}
}

/* The search's result as "Family Given|Family Given|...". */
static const char *
search_names(struct fx *t, const char *text, int64_t contact, const char *status, int64_t limit,
	     int64_t offset, int64_t *total)
{
	struct search_query q;
	assert_int_equal(search_query_parse(text, &q), SC_OK);
	struct participant *items;
	size_t n;
	bool capped;
	int64_t tot;
	struct participant_scope sc = scope_of(contact);
	int rc = store_participant_search(t->db, t->a, 1, &q, &sc, status, limit, offset, &items, &n,
					  &tot, &capped);
	if (rc != SC_OK)
		fail_msg("search \"%s\": %s: %s", text, sc_strerror(rc), store_errmsg(t->db));
	if (total != NULL)
		*total = tot;
	char *out = arena_strdup(t->a, "");
	for (size_t i = 0; i < n; i++)
		out = arena_printf(t->a, "%s%s%s %s", out, i ? "|" : "", items[i].family_name,
				   items[i].given_name);
	return out;
}

static void
test_search(void **state)
{
	struct fx *t = *state;
	int64_t ids[NPEOPLE];
	load_people(t, ids);
	int64_t total = 0;

	/* A name prefix, in the order of the matching word then the name. */
	assert_string_equal(search_names(t, "kar", 0, NULL, 50, 0, &total),
			    "Hansen Kari|Nordmann Kari|Berg Karin");
	assert_int_equal(total, 3);
	assert_string_equal(search_names(t, "Kari", 0, NULL, 50, 0, NULL),
			    "Hansen Kari|Nordmann Kari|Berg Karin");
	assert_string_equal(search_names(t, "karin", 0, NULL, 50, 0, NULL), "Berg Karin");
	/* The family name, or the second word of two. */
	assert_string_equal(search_names(t, "nordmann", 0, NULL, 50, 0, NULL),
			    "Nordmann Kari|Nordmann Ola");
	assert_string_equal(search_names(t, "kari nord", 0, NULL, 50, 0, &total), "Nordmann Kari");
	assert_int_equal(total, 1);
	assert_string_equal(search_names(t, "Nordmann, Kari", 0, NULL, 50, 0, NULL), "Nordmann Kari");
	assert_string_equal(search_names(t, "NORDMANN OLA", 0, NULL, 50, 0, NULL), "Nordmann Ola");
	assert_string_equal(search_names(t, "kari berg", 0, NULL, 50, 0, NULL), "Berg Karin");
	/* (x would be h, as Somali writes it: Hansen.) */
	assert_string_equal(search_names(t, "kari z", 0, NULL, 50, 0, &total), "");
	assert_int_equal(total, 0);
	/* Letters beyond ASCII, hyphenated names. */
	assert_string_equal(search_names(t, "ØVREBØ", 0, NULL, 50, 0, NULL), "Øvrebø Anne-Marie");
	assert_string_equal(search_names(t, "marie", 0, NULL, 50, 0, NULL), "Øvrebø Anne-Marie");
	assert_string_equal(search_names(t, "anne-marie", 0, NULL, 50, 0, NULL), "Øvrebø Anne-Marie");
	assert_string_equal(search_names(t, "åse", 0, NULL, 50, 0, NULL), "Aasen Åse");
	/* One row per participant, even when two of its words match. */
	assert_string_equal(search_names(t, "an", 0, NULL, 50, 0, &total),
			    "Andersen Anna|Øvrebø Anne-Marie");
	assert_int_equal(total, 2);
	/* Vowels are one "a" in a spelling key: "a" begins every name that
	 * begins with a vowel, in the order of the matching word's key. */
	assert_string_equal(search_names(t, "a", 0, NULL, 50, 0, &total),
			    "Nordmann Ola|Andersen Anna|Øvrebø Anne-Marie|Aasen Åse");
	assert_int_equal(total, 4);

	/* Numbers: the whole nin, its start, the phone as typed in any way. */
	assert_string_equal(search_names(t, "01038890057", 0, NULL, 50, 0, NULL), "Nordmann Kari");
	assert_string_equal(search_names(t, "010388", 0, NULL, 50, 0, NULL), "Nordmann Kari");
	assert_string_equal(search_names(t, "01", 0, NULL, 50, 0, NULL), "Hansen Kari|Nordmann Kari");
	assert_string_equal(search_names(t, "03", 0, NULL, 50, 0, NULL), "");
	assert_string_equal(search_names(t, "020388 90096", 0, NULL, 50, 0, NULL), "Øvrebø Anne-Marie");
	assert_string_equal(search_names(t, "41234567", 0, NULL, 50, 0, NULL), "Nordmann Kari");
	assert_string_equal(search_names(t, "412 34 567", 0, NULL, 50, 0, NULL), "Nordmann Kari");
	assert_string_equal(search_names(t, "+47 412 34 567", 0, NULL, 50, 0, NULL), "Nordmann Kari");
	assert_string_equal(search_names(t, "4741234567", 0, NULL, 50, 0, NULL), "Nordmann Kari");
	assert_string_equal(search_names(t, "0047 41234567", 0, NULL, 50, 0, NULL), "Nordmann Kari");
	assert_string_equal(search_names(t, "987", 0, NULL, 50, 0, NULL), "Nordmann Ola");
	assert_string_equal(search_names(t, "+46 70 123 45 67", 0, NULL, 50, 0, NULL), "Berg Karin");
	assert_string_equal(search_names(t, "0046701234567", 0, NULL, 50, 0, NULL), "Berg Karin");
	/* A name and a number together, in either order. */
	assert_string_equal(search_names(t, "kari 4123", 0, NULL, 50, 0, NULL), "Nordmann Kari");
	assert_string_equal(search_names(t, "4123 kari", 0, NULL, 50, 0, NULL), "Nordmann Kari");
	assert_string_equal(search_names(t, "4123 ola", 0, NULL, 50, 0, NULL), "");
	assert_string_equal(search_names(t, "ola 98765432", 0, NULL, 50, 0, NULL), "Nordmann Ola");

	/* Paging: the total is of all matches. */
	assert_string_equal(search_names(t, "kar", 0, NULL, 1, 1, &total), "Nordmann Kari");
	assert_int_equal(total, 3);
	assert_string_equal(search_names(t, "kar", 0, NULL, 2, 2, &total), "Berg Karin");
	assert_string_equal(search_names(t, "kar", 0, NULL, 2, 9, &total), "");
	assert_int_equal(total, 3);

	/* Status filter. */
	assert_int_equal(store_participant_set_status(t->db, ids[1], "active", NOW), SC_OK);
	assert_string_equal(search_names(t, "kar", 0, "active", 50, 0, &total), "Hansen Kari");
	assert_int_equal(total, 1);
	assert_string_equal(search_names(t, "kar", 0, "", 50, 0, &total),
			    "Hansen Kari|Nordmann Kari|Berg Karin");

	/* A contact person's scope: only their participants, by name. */
	int64_t c1 = make_user(t, "c1.search", "Contact One");
	int64_t c2 = make_user(t, "c2.search", "Contact Two");
	set_contact(ids[0], c1);
	set_contact(ids[2], c1);
	set_contact(ids[3], c2);
	assert_string_equal(search_names(t, "kar", c1, NULL, 50, 0, &total), "Berg Karin|Nordmann Kari");
	assert_int_equal(total, 2);
	assert_string_equal(search_names(t, "nordmann", c1, NULL, 50, 0, NULL), "Nordmann Kari");
	assert_string_equal(search_names(t, "nordmann", c2, NULL, 50, 0, NULL), "Nordmann Ola");
	assert_string_equal(search_names(t, "kari nord", c2, NULL, 50, 0, &total), "");
	assert_int_equal(total, 0);
	assert_string_equal(search_names(t, "41234567", c1, NULL, 50, 0, NULL), "Nordmann Kari");
	assert_string_equal(search_names(t, "41234567", c2, NULL, 50, 0, NULL), "");
	assert_string_equal(search_names(t, "kar", c1, "active", 50, 0, NULL), "");
	assert_string_equal(search_names(t, "kar", c1, "registered", 50, 1, &total), "Nordmann Kari");
	assert_int_equal(total, 2);

	/* The contact person's name comes with each row. */
	struct search_query q;
	assert_int_equal(search_query_parse("nordmann", &q), SC_OK);
	struct participant *items;
	size_t n;
	bool capped;
	assert_int_equal(store_participant_search(t->db, t->a, 1, &q, &all, NULL, 50, 0, &items, &n, &total, &capped),
			 SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, ids[0]);
	assert_int_equal(items[0].contact_id, c1);
	assert_string_equal(items[0].contact_name, "Contact One");
	assert_int_equal(date_cmp(items[0].birth_date, (struct date){1988, 3, 1}), 0);
	assert_string_equal(participant_status_key(items[0].status), "registered");
	assert_int_equal(items[0].version, 1);
	assert_string_equal(items[1].contact_name, "Contact Two");
	/* An empty query is refused. */
	struct search_query empty = {0};
	assert_int_equal(store_participant_search(t->db, t->a, 1, &empty, &all, NULL, 50, 0, &items, &n, &total,
						  &capped), SC_EINVAL);
}

/* Names from Somali, Arabic, Persian and Tigrinya in their many Latin
 * spellings find each other by their spelling keys (decision 45); two
 * words find only the names that have both. */
static void
test_search_spellings(void **state)
{
	struct fx *t = *state;
	static const struct fixture_person more[] = {
		{"Mohamed", "Ali", "1980-01-01", NULL, NULL},
		{"Muhammad", "Aly", "1981-01-01", NULL, NULL},
		{"Maxamed", "Cali", "1982-01-01", NULL, NULL},
		{"Mohammed", "Hassan", "1983-01-01", NULL, NULL},
		{"Hussein", "Yusuf", "1984-01-01", NULL, NULL},
		{"Fatemeh", "Yousef", "1985-01-01", NULL, NULL},
		{"Tesfaye", "Ghebremariam", "1986-01-01", NULL, NULL},
		{"Mahmoud", "Ali", "1987-01-01", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
		struct participant p;
		simple(t->a, &p, more[i].given, more[i].family, more[i].birth, NULL, more[i].phone);
		create(t, &p, 0);
	}
	int64_t total;
	/* Every spelling of Muhammad, by name key within the word's key. */
	assert_string_equal(search_names(t, "Muhammad", 0, NULL, 50, 0, &total),
			    "Ali Mohamed|Aly Muhammad|Cali Maxamed|Hassan Mohammed");
	assert_int_equal(total, 4);
	/* Two words: only those with both (Mohamed Hassan is not Ali). */
	assert_string_equal(search_names(t, "mohammed ali", 0, NULL, 50, 0, &total),
			    "Ali Mohamed|Aly Muhammad");
	assert_int_equal(total, 2);
	assert_string_equal(search_names(t, "Ali Maxamed", 0, NULL, 50, 0, &total),
			    "Ali Mohamed|Aly Muhammad");
	/* Cali (Somali c for ʿ) is kali, not ali. */
	assert_string_equal(search_names(t, "cali", 0, NULL, 50, 0, &total), "Cali Maxamed");
	assert_string_equal(search_names(t, "yusuf", 0, NULL, 50, 0, &total), "Yousef Fatemeh|Yusuf Hussein");
	assert_string_equal(search_names(t, "fatima yusuf", 0, NULL, 50, 0, &total), "Yousef Fatemeh");
	assert_string_equal(search_names(t, "Tesfay Gebremariam", 0, NULL, 50, 0, &total),
			    "Ghebremariam Tesfaye");
	/* A beginning: "mah" is Mohamed's and Mahmoud's. */
	/* (in the order of the matching pair: the keys mahamad, then mahmad) */
	assert_string_equal(search_names(t, "mah ali", 0, NULL, 50, 0, &total),
			    "Ali Mohamed|Aly Muhammad|Ali Mahmoud");
	assert_int_equal(total, 3);
}

/* The count of a search equals the rows of its whole list, however it is
 * counted (decision 93: on SQLite a participant counted once an arm by the
 * program, the second arm's terms that name the first word whole passed by
 * a comparison; on PostgreSQL in the statement), and stops at its cap. */
static void
test_search_counts(void **state)
{
	struct fx *t = *state;
	static const struct fixture_person more[] = {
		{"Amina", "Hassan", "1980-01-01", NULL, "41000002"},
		{"Hassan", "Amina", "1980-01-02", NULL, NULL},
		{"Aminata", "Hassan", "1980-01-03", NULL, NULL},
		{"Amina", "Hassanein", "1980-01-04", NULL, NULL},
		{"Aminata", "Hassanein", "1980-01-05", NULL, NULL},
		{"Amina Aminata", "Hassan", "1980-01-06", NULL, NULL},
		{"Amina", "Amina Hassan", "1980-01-07", NULL, NULL},
		{"Hassan", "Hassan Aminata", "1980-01-08", NULL, NULL},
		{"Ali", "Ali", "1980-01-09", NULL, NULL},
		{"Ali Aliyu", "Alim", "1980-01-10", NULL, "41000003"},
		{"Abdi", "Abdullahi Abdirahman", "1981-01-01", NULL, "41000001"},
		{"Mohamed", "Ali", "1982-01-01", NULL, NULL},
		{"Muhammad", "Aly", "1982-01-02", NULL, NULL},
		{"Ali", "Mohammed", "1982-01-03", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
		struct participant p;
		simple(t->a, &p, more[i].given, more[i].family, more[i].birth, NULL, more[i].phone);
		create(t, &p, 0);
	}
	fx_exec("UPDATE participants SET status = 'active' WHERE birth_date IN"
		" ('1980-01-01', '1980-01-03', '1980-01-06', '1980-01-09', '1982-01-02')");
	/* (family given) the second arm: Aminata Hassan and Hassan Hassan
	 * Aminata have Hassan whole and a word that begins with Amina; the
	 * others Amina whole; Aminata Hassanein neither */
	int64_t total = 0;
	assert_string_equal(search_names(t, "amina hassan", 0, NULL, 50, 0, &total),
			    "Amina Hassan|Amina Hassan Amina|Hassan Amina|Hassan Amina Aminata|Hassanein Amina|"
			    "Hassan Aminata|Hassan Aminata Hassan");
	assert_int_equal(total, 7);
	static const char *queries[] = {
		"amina hassan", "hassan amina", "amina", "am", "a", "hassan", "has am", "amina hass", "aminata",
		"ali", "al", "ali ali", "ali al", "abd", "abdi abdu", "mohamed ali", "muhammad", "410", "4100000",
		"amina 410", "nobody",
	};
	static const char *statuses[] = {NULL, "active", "registered"};
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
		for (size_t k = 0; k < sizeof statuses / sizeof statuses[0]; k++) {
			struct search_query q;
			assert_int_equal(search_query_parse(queries[i], &q), SC_OK);
			struct participant_scope sc = scope_of(0);
			struct participant *items;
			size_t n = 0;
			bool capped = false;
			int64_t listed = 0;
			/* the whole list: not a full page, so not counted */
			assert_int_equal(store_participant_search(t->db, t->a, 1, &q, &sc, statuses[k], 200, 0, &items,
								  &n, &listed, &capped), SC_OK);
			assert_int_equal(listed, (int64_t)n);
			/* a page of one: counted */
			int64_t counted = -1;
			assert_int_equal(store_participant_search(t->db, t->a, 1, &q, &sc, statuses[k], 1, 0, &items,
								  &n, &counted, &capped), SC_OK);
			if (counted != listed || capped)
				fail_msg("\"%s\" (%s): counted %lld, listed %lld", queries[i],
					 statuses[k] ? statuses[k] : "any", (long long)counted, (long long)listed);
			for (int64_t cap = 1; cap <= 4; cap++) {
				assert_int_equal(store_participant_search_count(t->db, t->a, 1, &q, &sc, statuses[k], cap,
										&counted, &capped), SC_OK);
				assert_int_equal(counted, listed < cap ? listed : cap);
				assert_int_equal(capped, listed > cap);
			}
		}
}

/* One row per participant when several of its words match; LIKE's
 * special characters in a word are plain characters. */
static void
test_search_edges(void **state)
{
	struct fx *t = *state;
	static const struct fixture_person more[] = {
		{"Ali", "Ali", "1980-01-01", NULL, NULL},
		{"Abdi", "Abdullahi Abdirahman", "1981-01-01", NULL, "41000001"},
		{"Per_Arne", "Test", "1982-01-01", NULL, NULL},
		{"PerXArne", "Test", "1983-01-01", NULL, NULL},
		{"Nils", "100%", "1984-01-01", NULL, NULL},
		{"Nils", "100x", "1985-01-01", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
		struct participant p;
		simple(t->a, &p, more[i].given, more[i].family, more[i].birth, NULL, more[i].phone);
		create(t, &p, 0);
	}
	int64_t total;
	assert_string_equal(search_names(t, "ali", 0, NULL, 50, 0, &total), "Ali Ali");
	assert_int_equal(total, 1);
	assert_string_equal(search_names(t, "abd", 0, NULL, 50, 0, &total), "Abdullahi Abdirahman Abdi");
	assert_int_equal(total, 1);
	assert_string_equal(search_names(t, "abdi abdu", 0, NULL, 50, 0, &total), "Abdullahi Abdirahman Abdi");
	assert_string_equal(search_names(t, "abd", 0, "registered", 50, 0, &total), "Abdullahi Abdirahman Abdi");
	assert_int_equal(total, 1);
	/* "4" prefixes both spellings of the phone: still one row. */
	assert_string_equal(search_names(t, "+47 410", 0, NULL, 50, 0, &total), "Abdullahi Abdirahman Abdi");
	assert_string_equal(search_names(t, "410 00", 0, NULL, 50, 0, &total), "Abdullahi Abdirahman Abdi");
	assert_int_equal(total, 1);
	/* Marks are not part of a spelling key: "per_" is "per". */
	assert_string_equal(search_names(t, "test per_", 0, NULL, 50, 0, &total),
			    "Test Per_Arne|Test PerXArne");
	assert_int_equal(total, 2);
	assert_string_equal(search_names(t, "test per", 0, NULL, 50, 0, &total), "Test Per_Arne|Test PerXArne");
	/* "100%" is "100": it begins "100x" too (x is h). */
	assert_string_equal(search_names(t, "nils 100%", 0, NULL, 50, 0, &total), "100% Nils|100x Nils");
	assert_string_equal(search_names(t, "100%", 0, NULL, 50, 0, &total), "100% Nils|100x Nils");
	assert_int_equal(total, 2);
}

/* The names of a list as "Family Given|...". */
static const char *
list_names(struct fx *t, int64_t contact, const char *status, int64_t limit, int64_t offset,
	   int64_t *total)
{
	struct participant *items;
	size_t n;
	bool capped;
	int64_t tot;
	struct participant_scope sc = scope_of(contact);
	int rc = store_participant_list(t->db, t->a, 1, &sc, status, limit, offset, &items, &n, &tot,
					&capped);
	if (rc != SC_OK)
		fail_msg("list: %s: %s", sc_strerror(rc), store_errmsg(t->db));
	if (total != NULL)
		*total = tot;
	char *out = arena_strdup(t->a, "");
	for (size_t i = 0; i < n; i++)
		out = arena_printf(t->a, "%s%s%s %s", out, i ? "|" : "", items[i].family_name,
				   items[i].given_name);
	return out;
}

static void
test_list(void **state)
{
	struct fx *t = *state;
	int64_t ids[NPEOPLE];
	load_people(t, ids);
	int64_t total = 0;
	/* By the folded name key, bytewise: "aasen" < "andersen" < ... < "øvrebø". */
	assert_string_equal(list_names(t, 0, NULL, 50, 0, &total),
			    "Aasen Åse|Andersen Anna|Berg Karin|Hansen Kari|Nordmann Kari|Nordmann Ola|"
			    "Øvrebø Anne-Marie");
	assert_int_equal(total, 7);
	assert_string_equal(list_names(t, 0, "", 2, 2, &total), "Berg Karin|Hansen Kari");
	assert_int_equal(total, 7);
	assert_int_equal(store_participant_set_status(t->db, ids[4], "waiting", NOW), SC_OK);
	assert_int_equal(store_participant_set_status(t->db, ids[0], "waiting", NOW), SC_OK);
	assert_string_equal(list_names(t, 0, "waiting", 50, 0, &total), "Nordmann Kari|Øvrebø Anne-Marie");
	assert_int_equal(total, 2);
	assert_string_equal(list_names(t, 0, "closed", 50, 0, &total), "");
	assert_int_equal(total, 0);
	int64_t c1 = make_user(t, "c1.list", "Contact One");
	set_contact(ids[0], c1);
	set_contact(ids[5], c1);
	assert_string_equal(list_names(t, c1, NULL, 50, 0, &total), "Andersen Anna|Nordmann Kari");
	assert_int_equal(total, 2);
	assert_string_equal(list_names(t, c1, "waiting", 50, 0, &total), "Nordmann Kari");
	assert_int_equal(total, 1);
	assert_string_equal(list_names(t, c1 + 1000, NULL, 50, 0, &total), "");
	assert_int_equal(total, 0);
}

/* The names a scope reaches through the list, the search ("r" prefixes
 * every family name here) and the export, which must agree. */
static const char *
reached(struct fx *t, uint32_t relations, int64_t user, const char *today)
{
	struct participant_scope sc = {relations, user, today};
	struct participant *items;
	size_t n;
	int64_t total;
	bool capped;
	int rc = store_participant_list(t->db, t->a, 1, &sc, NULL, 50, 0, &items, &n, &total, &capped);
	if (rc != SC_OK)
		fail_msg("list: %s: %s", sc_strerror(rc), store_errmsg(t->db));
	char *out = arena_strdup(t->a, "");
	for (size_t i = 0; i < n; i++)
		out = arena_printf(t->a, "%s%s%s", out, i ? "|" : "", items[i].given_name);
	assert_int_equal((int64_t)n, total);
	struct search_query q;
	assert_int_equal(search_query_parse("r", &q), SC_OK);
	rc = store_participant_search(t->db, t->a, 1, &q, &sc, NULL, 50, 0, &items, &n, &total, &capped);
	if (rc != SC_OK)
		fail_msg("search: %s: %s", sc_strerror(rc), store_errmsg(t->db));
	char *found = arena_strdup(t->a, "");
	for (size_t i = 0; i < n; i++)
		found = arena_printf(t->a, "%s%s%s", found, i ? "|" : "", items[i].given_name);
	/* one family name for all: the search's term order is the name order */
	if (strcmp(out, found) != 0)
		fail_msg("list \"%s\" but search \"%s\"", out, found);
	return out;
}

static int
count_row(void *ctx, const struct participant *row)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

/* Which participants each relationship reaches (issue 7): a contact
 * person's open ones; exited ones while contact_until has not passed;
 * health referrals while open; everyone with a period. */
static void
test_scope_reaches(void **state)
{
	struct fx *t = *state;
	int64_t c1 = make_user(t, "c1.scope", "Contact One");
	int64_t c2 = make_user(t, "c2.scope", "Contact Two");
	int64_t h1 = make_user(t, "h1.scope", "Health One");
	static const struct {
		const char *given, *status;
		int who;             /* 1 = c1, 2 = c2, 0 = nobody */
		const char *until;   /* contact_until, NULL = none */
	} rows[] = {
		{"Aktiv", "active", 1, NULL},
		{"Borte", "exited", 1, "2026-01-31"},    /* last day after today */
		{"Ferdig", "exited", 1, "2025-12-31"},   /* passed */
		{"Henvist", "registered", 0, NULL},
		{"Pause", "paused", 2, NULL},
		{"Stengt", "closed", 1, NULL},
		{"Venter", "waiting", 1, NULL},
	};
	int64_t ids[7];
	for (size_t i = 0; i < 7; i++) {
		struct participant p;
		simple(t->a, &p, rows[i].given, "Rasmussen", "1980-01-01", NULL, NULL);
		ids[i] = create(t, &p, 0);
		assert_int_equal(store_participant_set_status(t->db, ids[i], rows[i].status, NOW), SC_OK);
		if (rows[i].who)
			set_contact(ids[i], rows[i].who == 1 ? c1 : c2);
		if (rows[i].until) {
			struct date d;
			assert_int_equal(date_parse(rows[i].until, &d), SC_OK);
			assert_int_equal(store_participant_set_contact_until(t->db, ids[i], d, false), SC_OK);
		}
	}
	/* recording a follow-up only ever brings the last day earlier */
	struct date later = {2027, 1, 1};
	assert_int_equal(store_participant_set_contact_until(t->db, ids[1], later, true), SC_OK);
	assert_int_equal(store_participant_set_contact_until(t->db, 999999, later, true), SC_ENOTFOUND);
	struct health_referral h;
	fields_clear(health_referral_fields, &h);
	h.participant_id = ids[3];
	h.health_id = h1;
	h.referred_on = (struct date){2025, 12, 1};
	h.reason = "Sleep";
	h.created_at = NOW;
	h.created_by = c1;
	int64_t rid = 0;
	assert_int_equal(store_health_referral_add(t->db, 1, &h, &rid), SC_OK);
	assert_int_equal(store_health_referral_add(t->db, 1, &h, NULL), SC_ECONFLICT);

	const char *today = "2026-01-01";
	uint32_t C = REL_BIT(REL_CONTACT), X = REL_BIT(REL_CONTACT_EXITED);
	assert_string_equal(reached(t, C | X, c1, today), "Aktiv|Borte|Venter");
	assert_string_equal(reached(t, C, c1, today), "Aktiv|Venter");
	assert_string_equal(reached(t, X, c1, today), "Borte");
	assert_string_equal(reached(t, X, c1, "2026-01-31"), "Borte");
	assert_string_equal(reached(t, X, c1, "2026-02-01"), "");
	assert_string_equal(reached(t, C | X, c2, today), "Pause");
	assert_string_equal(reached(t, REL_BIT(REL_HEALTH), h1, today), "Henvist");
	assert_string_equal(reached(t, REL_BIT(REL_HEALTH), c1, today), "");
	assert_string_equal(reached(t, REL_BIT(REL_IN_PROGRAMME), 0, today), "Aktiv|Borte|Ferdig|Pause");
	assert_string_equal(reached(t, REL_BIT(REL_IN_PROGRAMME) | REL_BIT(REL_HEALTH), h1, today),
			    "Aktiv|Borte|Ferdig|Henvist|Pause");
	assert_string_equal(reached(t, REL_BIT(REL_EVERYONE), 0, today),
			    "Aktiv|Borte|Ferdig|Henvist|Pause|Stengt|Venter");
	/* no relationship: nobody (teachers' groups come with their area) */
	assert_string_equal(reached(t, 0, c1, today), "");
	assert_string_equal(reached(t, REL_BIT(REL_TEACHER) | REL_BIT(REL_LIAISON), c1, today), "");
	/* the export follows the same scope */
	struct participant_scope sc = {C | X, c1, today};
	int rows_out = 0;
	assert_int_equal(store_participant_export(t->db, 1, &sc, count_row, &rows_out, NULL), SC_OK);
	assert_int_equal(rows_out, 3);
	/* the brief tells each viewer whether they are referred to */
	struct participant_brief b;
	assert_int_equal(store_participant_brief(t->db, t->a, 1, ids[3], h1, &b), SC_OK);
	assert_true(b.health_referral);
	assert_int_equal(store_participant_brief(t->db, t->a, 1, ids[3], c1, &b), SC_OK);
	assert_false(b.health_referral);
	assert_int_equal(store_participant_brief(t->db, t->a, 1, ids[1], c1, &b), SC_OK);
	assert_string_equal(b.contact_until, "2026-01-31");
	/* back in the programme: the last day is gone */
	assert_int_equal(store_participant_set_status(t->db, ids[1], "active", NOW), SC_OK);
	assert_int_equal(store_participant_brief(t->db, t->a, 1, ids[1], c1, &b), SC_OK);
	assert_string_equal(b.contact_until, "");
	/* an ended referral reaches no one; ending it again finds nothing */
	struct date end = {2026, 1, 1};
	assert_int_equal(store_health_referral_end(t->db, 1, ids[3], rid, end, c1), SC_OK);
	assert_int_equal(store_health_referral_end(t->db, 1, ids[3], rid, end, c1), SC_ENOTFOUND);
	assert_string_equal(reached(t, REL_BIT(REL_HEALTH), h1, today), "");
	struct health_referral *list;
	size_t n;
	assert_int_equal(store_health_referrals(t->db, t->a, 1, ids[3], &list, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(date_cmp(list[0].ended_on, end), 0);
	assert_string_equal(list[0].health_name, "Health One");
	assert_string_equal(list[0].reason, "Sleep");
}

/* Totals stop counting after PARTICIPANT_COUNT_CAP. */
static void
test_capped_total(void **state)
{
	struct fx *t = *state;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	for (int i = 0; i < PARTICIPANT_COUNT_CAP + 5; i++) {
		struct participant p;
		char given[32];
		snprintf(given, sizeof given, "Person%04d", i);
		simple(t->a, &p, given, "Mange", "1980-01-01", NULL, NULL);
		int64_t id;
		int rc = store_participant_create(t->db, 1, &p, 0, NOW, TODAY, &id);
		if (rc != SC_OK)
			fail_msg("create %d: %s: %s", i, sc_strerror(rc), store_errmsg(t->db));
	}
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	struct search_query q;
	assert_int_equal(search_query_parse("mange", &q), SC_OK);
	struct participant *items;
	size_t n;
	int64_t total;
	bool capped;
	assert_int_equal(store_participant_search(t->db, t->a, 1, &q, &all, NULL, 20, 0, &items, &n, &total, &capped),
			 SC_OK);
	assert_int_equal(n, 20);
	assert_true(capped);
	assert_int_equal(total, PARTICIPANT_COUNT_CAP);
	assert_string_equal(items[0].given_name, "Person0000");
	assert_string_equal(items[19].given_name, "Person0019");
	/* Pages past the counted ones still come. */
	assert_int_equal(store_participant_search(t->db, t->a, 1, &q, &all, NULL, 20, 1000, &items, &n, &total,
						  &capped), SC_OK);
	assert_int_equal(n, 5);
	assert_string_equal(items[4].given_name, "Person1004");
	/* Exactly the cap is not capped. */
	assert_int_equal(search_query_parse("person000", &q), SC_OK);
	assert_int_equal(store_participant_search(t->db, t->a, 1, &q, &all, NULL, 20, 0, &items, &n, &total, &capped),
			 SC_OK);
	assert_int_equal(total, 10);
	assert_false(capped);
	assert_int_equal(store_participant_list(t->db, t->a, 1, &all, NULL, 10, 0, &items, &n, &total, &capped), SC_OK);
	assert_true(capped);
	assert_int_equal(total, PARTICIPANT_COUNT_CAP);
	assert_int_equal(store_participant_list(t->db, t->a, 1, &all, "registered", 10, 0, &items, &n, &total, &capped),
			 SC_OK);
	assert_true(capped);
	assert_int_equal(n, 10);
	/* Out-of-range paging is clamped. */
	assert_int_equal(store_participant_list(t->db, t->a, 1, &all, NULL, 0, -5, &items, &n, &total, &capped), SC_OK);
	assert_int_equal(n, 50);
}

/* ---- centres ---- */

static int
names_row(void *ctx, const struct participant *row)
{
	char **out = ctx;
	size_t n = strlen(*out);
	snprintf(*out + n, 512 - n, "%s%s", n ? "|" : "", row->family_name);
	return 0;
}

/* The register export's names in a centre, as "Family|Family". */
static const char *
exported(struct fx *t, int64_t centre, const struct participant_scope *sc)
{
	char *buf = arena_alloc(t->a, 512);
	assert_non_null(buf);
	char *out = buf;
	assert_int_equal(store_participant_export(t->db, centre, sc, names_row, &out, NULL), SC_OK);
	return buf;
}

/* A participant of another centre is neither found, listed, searched,
 * changed, exported nor a duplicate in this one; their search terms are
 * their centre's. */
static void
test_other_centre(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Another centre");
	int64_t c1 = make_user(t, "c1.centres", "Contact One");
	struct participant p, here;
	const char *kv[] = {"given_name", "Zaid", "family_name", "Zulu", "nin", "01038890057",
			    "birth_date", "", "gender", "male", "phone", "41234567", "cefr_speaking", "A2",
			    "languages", "Somali", NULL};
	person(t->a, &p, kv);
	int64_t theirs = create_in(t, other, &p, 0);
	set_contact(theirs, c1);
	simple(t->a, &here, "Zara", "Zulu", "1990-01-01", NULL, "98765432");
	int64_t mine = create(t, &here, 0);
	set_contact(mine, c1);

	/* Not found. */
	struct participant g;
	struct participant_brief b;
	assert_int_equal(store_participant_get(t->db, t->a, 1, theirs, &g), SC_ENOTFOUND);
	assert_int_equal(store_participant_brief(t->db, t->a, 1, theirs, 0, &b), SC_ENOTFOUND);
	assert_int_equal(store_participant_get(t->db, t->a, other, theirs, &g), SC_OK);
	assert_string_equal(g.family_name, "Zulu");
	assert_int_equal(g.languages.n, 1);
	struct participant_change *ch;
	size_t n;
	assert_int_equal(store_participant_changes_since(t->db, t->a, 1, theirs, 0, &ch, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_participant_changes_since(t->db, t->a, other, theirs, 0, &ch, &n), SC_OK);
	assert_int_equal(n, 1);
	struct language_assessment *la;
	assert_int_equal(store_language_assessments(t->db, t->a, 1, theirs, &la, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_language_assessments(t->db, t->a, other, theirs, &la, &n), SC_OK);
	assert_int_equal(n, 1);

	/* Not listed, not searched: by name, number or phone, in any scope. */
	struct participant_scope c1_scope = {REL_BIT(REL_CONTACT), c1, "2026-01-01"};
	const struct participant_scope *scopes[] = {&all, &c1_scope};
	static const char *const queries[] = {"zulu", "01038890057", "41234567", "zaid zulu"};
	for (size_t s = 0; s < 2; s++) {
		struct participant *items;
		int64_t total;
		bool capped;
		assert_int_equal(store_participant_list(t->db, t->a, 1, scopes[s], NULL, 50, 0, &items, &n, &total,
							&capped), SC_OK);
		assert_int_equal(n, 1);
		assert_int_equal(items[0].id, mine);
		assert_int_equal(total, 1);
		for (size_t k = 0; k < sizeof queries / sizeof queries[0]; k++) {
			struct search_query q;
			assert_int_equal(search_query_parse(queries[k], &q), SC_OK);
			assert_int_equal(store_participant_search(t->db, t->a, 1, &q, scopes[s], NULL, 50, 0, &items,
								  &n, &total, &capped), SC_OK);
			for (size_t i = 0; i < n; i++)
				if (items[i].id == theirs)
					fail_msg("\"%s\" found the other centre's participant", queries[k]);
			assert_int_equal((int64_t)n, total);
		}
		/* ... which their own centre finds. */
		struct search_query q;
		assert_int_equal(search_query_parse("01038890057", &q), SC_OK);
		assert_int_equal(store_participant_search(t->db, t->a, other, &q, &all, NULL, 50, 0, &items, &n,
							  &total, &capped), SC_OK);
		assert_int_equal(n, 1);
		assert_int_equal(items[0].id, theirs);
	}
	/* The index holds their terms under their centre. */
	struct db_stmt *st = db_prepare(t->db, "SELECT COUNT(*) FROM participant_search"
				       " WHERE participant_id = $1 AND centre_id = $2");
	assert_non_null(st);
	db_bind_int(st, 1, theirs);
	db_bind_int(st, 2, other);
	assert_int_equal(db_step(st), DB_ROW);
	assert_true(db_col_int(st, 0) >= 4);   /* two names, the nin, the phone twice */
	db_done(st);

	/* Not exported. */
	assert_string_equal(exported(t, 1, &all), "Zulu");
	assert_string_equal(exported(t, 1, &c1_scope), "Zulu");
	assert_string_equal(exported(t, other, &all), "Zulu");
	struct participant *items;
	int64_t total;
	bool capped;
	assert_int_equal(store_participant_list(t->db, t->a, other, &all, NULL, 50, 0, &items, &n, &total, &capped),
			 SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, theirs);

	/* Not changed. */
	struct participant edit;
	const char *kve[] = {"given_name", "Zaid", "family_name", "Changed", "nin", "01038890057",
			     "birth_date", "", "gender", "male", NULL};
	person(t->a, &edit, kve);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_participant_update(t->db, t->a, 1, theirs, 1, &p, &edit, "family_name", 0, NOW,
						  TODAY), SC_ENOTFOUND);
	assert_int_equal(store_language_assessment_add(t->db, 1, theirs, SKILL_READING, CEFR_B1, TODAY,
						       "test", "", 0, NOW, NULL), SC_ENOTFOUND);
	store_tx_rollback(t->db);
	assert_int_equal(store_participant_get(t->db, t->a, other, theirs, &g), SC_OK);
	assert_string_equal(g.family_name, "Zulu");
	assert_int_equal(g.version, 1);
	assert_int_equal(store_language_assessments(t->db, t->a, other, theirs, &la, &n), SC_OK);
	assert_int_equal(n, 1);

	/* Not a duplicate here; but the number is the installation's. */
	int64_t dup = -1;
	bool same_nin = true;
	struct participant twin;
	person(t->a, &twin, kv);
	assert_int_equal(store_participant_duplicate(t->db, 1, &twin, 0, &dup, &same_nin), SC_OK);
	assert_int_equal(dup, 0);
	assert_false(same_nin);
	simple(t->a, &twin, "Zaid", "Zulu", "1988-03-01", NULL, NULL);
	assert_int_equal(store_participant_duplicate(t->db, 1, &twin, 0, &dup, NULL), SC_OK);
	assert_int_equal(dup, 0);
	assert_int_equal(store_participant_duplicate(t->db, other, &twin, 0, &dup, NULL), SC_OK);
	assert_int_equal(dup, theirs);
	bool taken = false;
	assert_int_equal(store_participant_nin_taken(t->db, "01038890057", 0, &taken), SC_OK);
	assert_true(taken);
	assert_int_equal(store_participant_nin_taken(t->db, "01038890057", theirs, &taken), SC_OK);
	assert_false(taken);
	assert_int_equal(store_participant_nin_taken(t->db, "", 0, &taken), SC_OK);
	assert_false(taken);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_create_and_get_every_field),
		TEST(test_duplicates),
		TEST(test_set_status),
		TEST(test_update_with_version),
		TEST(test_level_history),
		TEST(test_search),
		TEST(test_search_edges),
		TEST(test_search_counts),
	TEST(test_search_spellings),
		TEST(test_list),
		TEST(test_capped_total),
		TEST(test_scope_reaches),
		TEST(test_other_centre),
	};
	return fx_run("test_store_participant", tests, sizeof tests / sizeof tests[0]);
}
