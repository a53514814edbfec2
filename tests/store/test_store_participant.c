/*
 * test_store_participant.c — contract tests for the participant register in
 * the store (src/store/store_participant.h, store_language.h), on both
 * engines with the shared fixture (fixture.h): create and read back every
 * field by the table's descriptor, the duplicate checks, status, edits with
 * a version check and a change log, the Norwegian levels; and that nothing
 * of another centre is found, listed, searched, changed or exported. The
 * search and lists are test_store_search.c's; the helpers both use are
 * participants_fx.h's.
 *
 * Each test starts from an empty register (wipe()).
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
#include "participants_fx.h"
#include "domain/access.h"
#include "domain/participant.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"


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
	/* The participant's page reads the levels in force only, in the
	 * same order: speaking's A2 withdrawn is no level of theirs. */
	enum cefr_skill skill = SKILL_COUNT;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_language_assessment_withdraw(t->db, 1, id, la[2].id, "Wrong person", kari,
							    NOW + 500, &skill), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_int_equal(skill, SKILL_SPEAKING);
	assert_int_equal(store_language_levels(t->db, t->a, 1, id, &la, &n), SC_OK);
	assert_int_equal(n, 4);
	for (size_t i = 0, w = 0; i < n; i++, w++) {
		w += w == 2;
		assert_int_equal(la[i].skill, want[w].skill);
		assert_int_equal(la[i].level, want[w].level);
		assert_string_equal(la[i].assessed_on, want[w].on);
		assert_true(la[i].withdrawn_at <= 0);
	}
	/* of another centre: none */
	assert_int_equal(store_language_levels(t->db, t->a, 2, id, &la, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_language_assessments(t->db, t->a, 1, id, &la, &n), SC_OK);
	assert_int_equal(n, 5);
	assert_true(la[2].withdrawn_at > 0);
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
	assert_int_equal(store_participant_export(t->db, centre, sc, NULL, NULL, names_row, &out, NULL), SC_OK);
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
		TEST(test_other_centre),
	};
	return fx_run("test_store_participant", tests, sizeof tests / sizeof tests[0]);
}
