/*
 * store_participant.c — the participant register: create with its
 * languages, children and search terms; read; edit with a version check
 * and a change log; duplicate check; list and search; see
 * store_participant.h.
 *
 * Search works on participant_search(term, participant_id), primary key
 * (term, participant_id): one prefix range of that index gives the matches
 * already ordered, so a page costs one index range walk and never a sort,
 * even at a million participants. Terms compare as bytes (SQLite's BINARY;
 * PostgreSQL needs the C collation on the column for the same order).
 */
#include "db.h"
#include "reach.h"
#include "store.h"
#include "domain/access.h"
#include "../util/arena.h"
#include "../util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- SQL ---- */

/* The register columns, in the order bind_register() binds them ($1..$25). */
#define REG_COLS \
	"given_name, family_name, nin, birth_date, gender, country_of_birth, citizenship," \
	" arrival_date, residence_basis, intro_ended, schooling_years, literate_mother_tongue," \
	" cefr_listening, cefr_reading, cefr_speaking, cefr_writing, caregiving, phone, email," \
	" address, postcode, city, bank_account, tax_percent, tax_table"
#define NREG 25

static const char sql_brief[] =
	"SELECT p.id, p.given_name, p.family_name, p.birth_date, p.status, COALESCE(p.contact_id, 0),"
	" p.version, COALESCE(p.contact_until, ''),"
	" EXISTS (SELECT 1 FROM health_referrals h WHERE h.participant_id = p.id"
	"  AND h.health_id = $2 AND h.ended_on IS NULL)"
	" FROM participants p WHERE p.id = $1 AND p.centre_id = $3";
static const char sql_insert[] =
	"INSERT INTO participants (" REG_COLS ", name_key, status, version, created_at, updated_at,"
	" created_by)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
	" $19, $20, $21, $22, $23, $24, $25, $26, 'registered', 1, $27, $27, $28) RETURNING id";
static const char sql_update[] =
	"UPDATE participants SET given_name = $1, family_name = $2, nin = $3, birth_date = $4,"
	" gender = $5, country_of_birth = $6, citizenship = $7, arrival_date = $8,"
	" residence_basis = $9, intro_ended = $10, schooling_years = $11,"
	" literate_mother_tongue = $12, cefr_listening = $13, cefr_reading = $14,"
	" cefr_speaking = $15, cefr_writing = $16, caregiving = $17, phone = $18, email = $19,"
	" address = $20, postcode = $21, city = $22, bank_account = $23, tax_percent = $24,"
	" tax_table = $25, name_key = $26, updated_at = $27, version = version + 1"
	" WHERE id = $28 AND version = $29";
static const char sql_get[] =
	"SELECT p." REG_COLS ", p.id, p.version, p.status, COALESCE(p.contact_id, 0),"
	" COALESCE(u.display_name, ''), p.created_at, p.updated_at"
	" FROM participants p LEFT JOIN users u ON u.id = p.contact_id WHERE p.id = $1";
static const char sql_set_status[] =
	"UPDATE participants SET status = $2, updated_at = $3,"
	" contact_until = CASE WHEN $2 = 'exited' THEN contact_until ELSE NULL END WHERE id = $1";
static const char sql_set_contact_until[] =
	"UPDATE participants SET contact_until = CASE WHEN $3 = 1 AND contact_until IS NOT NULL"
	" AND contact_until < $2 THEN contact_until ELSE $2 END WHERE id = $1";

static const char sql_languages[] =
	"SELECT language, interpreter FROM participant_languages WHERE participant_id = $1 ORDER BY ord";
static const char sql_children[] =
	"SELECT birth_date FROM participant_children WHERE participant_id = $1 ORDER BY ord";
static const char sql_language_add[] =
	"INSERT INTO participant_languages (participant_id, ord, language, interpreter)"
	" VALUES ($1, $2, $3, $4)";
static const char sql_child_add[] =
	"INSERT INTO participant_children (participant_id, ord, birth_date) VALUES ($1, $2, $3)";
static const char sql_term_add[] =
	"INSERT INTO participant_search (term, participant_id) VALUES ($1, $2)";
static const char sql_languages_clear[] =
	"DELETE FROM participant_languages WHERE participant_id = $1";
static const char sql_children_clear[] =
	"DELETE FROM participant_children WHERE participant_id = $1";
static const char sql_terms_clear[] =
	"DELETE FROM participant_search WHERE participant_id = $1";

static const char sql_change_add[] =
	"INSERT INTO participant_changes (participant_id, version, fields, at, user_id)"
	" VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char sql_change_value_add[] =
	"INSERT INTO participant_change_values (change_id, field, old_value, new_value)"
	" VALUES ($1, $2, $3, $4)";
static const char sql_change_values_since[] =
	"SELECT c.version, v.field, v.old_value, v.new_value"
	" FROM participant_change_values v JOIN participant_changes c ON c.id = v.change_id"
	" WHERE c.participant_id = $1 AND c.version > $2 ORDER BY c.version, v.field LIMIT 20000";
static const char sql_changes_since[] =
	"SELECT c.version, c.fields, c.at, COALESCE(c.user_id, 0), COALESCE(u.display_name, '')"
	" FROM participant_changes c LEFT JOIN users u ON u.id = c.user_id"
	" WHERE c.participant_id = $1 AND c.version > $2 ORDER BY c.version, c.id LIMIT 500";

static const char sql_dup_nin[] =
	"SELECT id FROM participants WHERE nin = $1 AND id <> $2 LIMIT 1";
static const char sql_dup_name[] =
	"SELECT id FROM participants WHERE birth_date = $1 AND name_key = $2 AND id <> $3"
	" ORDER BY id LIMIT 1";

/* ---- lists and search ---- */

#define ITEM_COLS \
	"p.id, p.given_name, p.family_name, p.birth_date, p.status, COALESCE(p.contact_id, 0)," \
	" COALESCE(u.display_name, ''), p.version"

/*
 * The words of a search after the driving one: name words as LIKE patterns
 * "% word%" ('' = none) against the folded name key (a name word's term is
 * "word namekey", so the key is at hand without another lookup); number
 * words as prefix ranges ('' = none), each of which must prefix one of the
 * participant's terms (nin, phone). n1..n3 are the name patterns' $N,
 * a1/b1..a3/b3 the number words' and their ends'.
 */
#define NAME_WORD(key, n) " AND (" n " = '' OR " key " LIKE " n " ESCAPE '!')"
#define NUMBER_WORD(pid, a, b) \
	" AND (" a " = '' OR EXISTS (SELECT 1 FROM participant_search w WHERE w.participant_id = " pid \
	" AND w.term >= " a " AND w.term < " b "))"
#define OTHER_WORDS(key, pid, n1, n2, n3, a1, b1, a2, b2, a3, b3) \
	NAME_WORD(key, n1) NAME_WORD(key, n2) NAME_WORD(key, n3) \
	NUMBER_WORD(pid, a1, b1) NUMBER_WORD(pid, a2, b2) NUMBER_WORD(pid, a3, b3)

/*
 * Everyone: walk the prefix range $1..$2 of the term index in order. A
 * participant with several matching terms is kept at its first one only
 * (the NOT EXISTS), so rows are distinct without a sort. Several terms can
 * only match when two words of the name start with the prefix: $3 is
 * "% prefix% prefix%" (or '' for a number, whose terms have no key), and
 * only terms whose key it matches need the lookup.
 *   $4..$6 name words, $7..$12 number words, $13 status ('' = any),
 *   $14 limit, $15 offset.
 */
#define SEARCH_ALL_COND \
	" WHERE s.term >= $1 AND s.term < $2" \
	" AND (($3 <> '' AND s.term NOT LIKE $3 ESCAPE '!')" \
	" OR NOT EXISTS (SELECT 1 FROM participant_search d WHERE d.participant_id = s.participant_id" \
	" AND d.term >= $1 AND d.term < s.term))" \
	OTHER_WORDS("s.term", "s.participant_id", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12")
static const char sql_search_all[] =
	"SELECT " ITEM_COLS " FROM participant_search s JOIN participants p ON p.id = s.participant_id"
	" LEFT JOIN users u ON u.id = p.contact_id" SEARCH_ALL_COND " AND ($13 = '' OR p.status = $13)"
	" ORDER BY s.term, s.participant_id LIMIT $14 OFFSET $15";
/* Counting needs the participants row only for a status. */
static const char sql_search_all_count[] =
	"SELECT COUNT(*) FROM (SELECT 1 FROM participant_search s" SEARCH_ALL_COND
	" AND $13 = '' LIMIT $14) t";
static const char sql_search_all_status_count[] =
	"SELECT COUNT(*) FROM (SELECT 1 FROM participant_search s"
	" JOIN participants p ON p.id = s.participant_id" SEARCH_ALL_COND
	" AND p.status = $13 LIMIT $14) t";

/*
 * The participants a scope reaches, each checked against the terms, by name.
 *   $1, $2 the driving word's range, $3..$5 name words, $6..$11 number
 *   words, $12 status ('' = any), $13..$18 the scope (REACHED), $19 limit,
 *   $20 offset.
 */
#define SEARCH_REACHED_COND \
	" WHERE p.id IN " REACHED("$13", "$14", "$15", "$16", "$17", "$18") \
	" AND EXISTS (SELECT 1 FROM participant_search s WHERE s.participant_id = p.id" \
	" AND s.term >= $1 AND s.term < $2)" \
	OTHER_WORDS("(' ' || p.name_key)", "p.id", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11") \
	" AND ($12 = '' OR p.status = $12)"
static const char sql_search_reached[] =
	"SELECT " ITEM_COLS " FROM participants p LEFT JOIN users u ON u.id = p.contact_id"
	SEARCH_REACHED_COND " ORDER BY p.name_key, p.id LIMIT $19 OFFSET $20";
static const char sql_search_reached_count[] =
	"SELECT COUNT(*) FROM (SELECT 1 FROM participants p" SEARCH_REACHED_COND " LIMIT $19) t";

/* Lists by name: everyone (index participants_name), everyone with a
 * status (participants_status), the participants a scope reaches. */
static const char sql_list_all[] =
	"SELECT " ITEM_COLS " FROM participants p LEFT JOIN users u ON u.id = p.contact_id"
	" ORDER BY p.name_key, p.id LIMIT $1 OFFSET $2";
static const char sql_list_all_count[] =
	"SELECT COUNT(*) FROM (SELECT 1 FROM participants p LIMIT $1) t";
static const char sql_list_status[] =
	"SELECT " ITEM_COLS " FROM participants p LEFT JOIN users u ON u.id = p.contact_id"
	" WHERE p.status = $3 ORDER BY p.name_key, p.id LIMIT $1 OFFSET $2";
static const char sql_list_status_count[] =
	"SELECT COUNT(*) FROM (SELECT 1 FROM participants p WHERE p.status = $2 LIMIT $1) t";
static const char sql_list_reached[] =
	"SELECT " ITEM_COLS " FROM participants p LEFT JOIN users u ON u.id = p.contact_id"
	" WHERE p.id IN " REACHED("$3", "$4", "$5", "$6", "$7", "$8") " AND ($9 = '' OR p.status = $9)"
	" ORDER BY p.name_key, p.id LIMIT $1 OFFSET $2";
static const char sql_list_reached_count[] =
	"SELECT COUNT(*) FROM (SELECT 1 FROM participants p"
	" WHERE p.id IN " REACHED("$2", "$3", "$4", "$5", "$6", "$7") " AND ($8 = '' OR p.status = $8)"
	" LIMIT $1) t";

/* ---- the brief ---- */

int
store_participant_brief(struct db *db, struct arena *a, int64_t centre, int64_t id, int64_t viewer_id,
			struct participant_brief *out)
{
	struct db_stmt *st = db_prepare(db, sql_brief);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, viewer_id);
	db_bind_int(st, 3, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_col_int(st, 0);
		out->given_name = arena_strdup(a, db_col_text(st, 1));
		out->family_name = arena_strdup(a, db_col_text(st, 2));
		out->birth_date = arena_strdup(a, db_col_text(st, 3));
		out->status = arena_strdup(a, db_col_text(st, 4));
		out->contact_id = db_col_int(st, 5);
		out->version = db_col_int(st, 6);
		out->contact_until = arena_strdup(a, db_col_text(st, 7));
		out->health_referral = db_col_int(st, 8) != 0;
		rc = out->status != NULL && out->contact_until != NULL ? SC_OK : SC_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

/* ---- writing ---- */

/* Binds text, or NULL for "" (nin, dates and levels are NULL when absent). */
static void
bind_opt_text(struct db_stmt *st, int idx, const char *s)
{
	if (s == NULL || *s == '\0')
		db_bind_null(st, idx);
	else
		db_bind_text(st, idx, s);
}

static void
bind_opt_int(struct db_stmt *st, int idx, int64_t v, bool present)
{
	if (present)
		db_bind_int(st, idx, v);
	else
		db_bind_null(st, idx);
}

/* Binds the REG_COLS of p as $1..$25. */
static void
bind_register(struct db_stmt *st, const struct participant *p)
{
	char birth[11], arrival[11] = "", intro[11] = "";
	date_format(p->birth, birth);
	if (p->has_arrival)
		date_format(p->arrival, arrival);
	if (p->has_intro_ended)
		date_format(p->intro_ended, intro);
	db_bind_text(st, 1, p->given_name ? p->given_name : "");
	db_bind_text(st, 2, p->family_name ? p->family_name : "");
	bind_opt_text(st, 3, p->nin);
	db_bind_text(st, 4, birth);
	db_bind_text(st, 5, gender_key(p->gender));
	db_bind_text(st, 6, p->country_of_birth ? p->country_of_birth : "");
	db_bind_text(st, 7, p->citizenship ? p->citizenship : "");
	bind_opt_text(st, 8, arrival);
	db_bind_text(st, 9, residence_key(p->residence)[0] ? residence_key(p->residence) : "other");
	bind_opt_text(st, 10, intro);
	bind_opt_int(st, 11, p->schooling_years, p->schooling_years >= 0);
	bind_opt_int(st, 12, p->literate, p->literate >= 0);
	for (int k = 0; k < SKILL_COUNT; k++)
		bind_opt_text(st, 13 + k, cefr_key(p->cefr[k]));
	db_bind_text(st, 17, p->caregiving ? p->caregiving : "");
	db_bind_text(st, 18, p->phone);
	db_bind_text(st, 19, p->email ? p->email : "");
	db_bind_text(st, 20, p->address ? p->address : "");
	db_bind_text(st, 21, p->postcode);
	db_bind_text(st, 22, p->city ? p->city : "");
	db_bind_text(st, 23, p->bank_account);
	bind_opt_int(st, 24, p->tax_percent, p->tax_percent >= 0);
	db_bind_text(st, 25, p->tax_table);
}

/* Writes the languages, children and search terms of participant id
 * (after clearing the old ones when replace). */
static int
write_lists(struct db *db, int64_t id, const struct participant *p, bool replace)
{
	static const char *const clear[] = {sql_languages_clear, sql_children_clear, sql_terms_clear};
	struct db_stmt *st;
	int rc = SC_OK;
	for (size_t i = 0; replace && i < sizeof clear / sizeof clear[0] && rc == SC_OK; i++) {
		st = db_prepare(db, clear[i]);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		rc = db_run(st, NULL);
	}
	for (size_t i = 0; i < p->nlanguages && rc == SC_OK; i++) {
		st = db_prepare(db, sql_language_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, (int64_t)i);
		db_bind_text(st, 3, p->languages[i].name);
		db_bind_int(st, 4, p->languages[i].interpreter ? 1 : 0);
		rc = db_run(st, NULL);
	}
	for (size_t i = 0; i < p->nchildren && rc == SC_OK; i++) {
		char d[11];
		date_format(p->children[i], d);
		st = db_prepare(db, sql_child_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, (int64_t)i);
		db_bind_text(st, 3, d);
		rc = db_run(st, NULL);
	}
	char terms[SEARCH_MAX_TERMS][NAME_KEY_MAX];
	size_t nterms = participant_search_terms(p, terms);
	for (size_t i = 0; i < nterms && rc == SC_OK; i++) {
		/* The key is (term, participant): write each term once (a
		 * foreign phone's digits could equal the nin). */
		bool seen = terms[i][0] == '\0';
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(terms[i], terms[j]) == 0;
		if (seen)
			continue;
		st = db_prepare(db, sql_term_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_text(st, 1, terms[i]);
		db_bind_int(st, 2, id);
		rc = db_run(st, NULL);
	}
	return rc;
}

/* Records a saved version; *change_id (may be NULL) gets its row's id. */
static int
change_add(struct db *db, int64_t id, int64_t version, const char *fields, int64_t at, int64_t by,
	   int64_t *change_id)
{
	struct db_stmt *st = db_prepare(db, sql_change_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, version);
	db_bind_text(st, 3, fields);
	db_bind_int(st, 4, at);
	bind_opt_int(st, 5, by, by > 0);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (change_id != NULL)
			*change_id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	return rc;
}

/* The old and new value of each field in fields (comma-separated keys)
 * for the change change_id; the identity number's as two empty values
 * (participant_field_history_keeps_values). */
static int
change_values_add(struct db *db, int64_t change_id, const char *fields,
		  const struct participant *before, const struct participant *after)
{
	char *old_text = malloc(PARTICIPANT_FIELD_TEXT_MAX);
	char *new_text = malloc(PARTICIPANT_FIELD_TEXT_MAX);
	int rc = old_text != NULL && new_text != NULL ? SC_OK : SC_ENOMEM;
	const char *s = fields;
	while (rc == SC_OK && *s) {
		const char *end = strchr(s, ',');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		char key[64];
		if (n > 0 && n < sizeof key) {
			memcpy(key, s, n);
			key[n] = '\0';
			old_text[0] = new_text[0] = '\0';
			if (participant_field_history_keeps_values(key)) {
				participant_field_text(before, key, old_text);
				participant_field_text(after, key, new_text);
			}
			struct db_stmt *st = db_prepare(db, sql_change_value_add);
			if (st == NULL) {
				rc = SC_EDB;
				break;
			}
			db_bind_int(st, 1, change_id);
			db_bind_text(st, 2, key);
			db_bind_text(st, 3, old_text);
			db_bind_text(st, 4, new_text);
			rc = db_run(st, NULL);
		}
		s += n;
		if (*s == ',')
			s++;
	}
	free(old_text);
	free(new_text);
	return rc;
}

/* The Norwegian levels this save assesses (participant_levels_assessed),
 * dated today, in the save's transaction. */
static int
levels_add(struct db *db, int64_t id, const struct participant *before, const struct participant *after,
	   int64_t by, int64_t now, struct date today)
{
	enum cefr_skill skills[SKILL_COUNT];
	size_t n = participant_levels_assessed(before, after, skills);
	int rc = SC_OK;
	for (size_t i = 0; i < n && rc == SC_OK; i++)
		rc = store_language_assessment_add(db, id, skills[i], after->cefr[skills[i]], today,
						   LEVEL_SOURCE_REGISTER, "", by, now, NULL);
	return rc;
}

int
store_participant_create(struct db *db, const struct participant *p, int64_t by, int64_t now,
			 struct date today, int64_t *id)
{
	char key[NAME_KEY_MAX];
	participant_name_key(p, key);
	struct db_stmt *st = db_prepare(db, sql_insert);
	if (st == NULL)
		return SC_EDB;
	bind_register(st, p);
	db_bind_text(st, NREG + 1, key);
	db_bind_int(st, NREG + 2, now);
	bind_opt_int(st, NREG + 3, by, by > 0);
	int64_t new_id = 0;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		new_id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	if (rc == SC_OK)
		rc = write_lists(db, new_id, p, false);
	if (rc == SC_OK)
		rc = change_add(db, new_id, 1, "", now, by, NULL);
	if (rc == SC_OK)
		rc = levels_add(db, new_id, NULL, p, by, now, today);
	if (rc == SC_OK && id != NULL)
		*id = new_id;
	return rc;
}

int
store_participant_set_status(struct db *db, int64_t id, const char *status, int64_t now)
{
	if (!participant_status_valid(status))
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, sql_set_status);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, status);
	db_bind_int(st, 3, now);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_participant_set_contact_until(struct db *db, int64_t id, struct date until, bool only_earlier)
{
	char day[11];
	date_format(until, day);
	struct db_stmt *st = db_prepare(db, sql_set_contact_until);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, day);
	db_bind_int(st, 3, only_earlier ? 1 : 0);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_participant_update(struct db *db, struct arena *a, int64_t id, int64_t expected_version,
			 const struct participant *p, int64_t by, int64_t now, struct date today,
			 const char **changed)
{
	if (changed != NULL)
		*changed = "";
	struct participant *cur = arena_alloc(a, sizeof *cur);
	if (cur == NULL)
		return SC_ENOMEM;
	int rc = store_participant_get(db, a, id, cur);
	if (rc != SC_OK)
		return rc;
	if (cur->version != expected_version)
		return SC_ECONFLICT;
	char fields[PARTICIPANT_CHANGED_MAX];
	if (participant_changed_fields(cur, p, fields) == 0)
		return SC_OK;

	char key[NAME_KEY_MAX];
	participant_name_key(p, key);
	struct db_stmt *st = db_prepare(db, sql_update);
	if (st == NULL)
		return SC_EDB;
	bind_register(st, p);
	db_bind_text(st, NREG + 1, key);
	db_bind_int(st, NREG + 2, now);
	db_bind_int(st, NREG + 3, id);
	db_bind_int(st, NREG + 4, expected_version);
	int64_t n = 0;
	rc = db_run(st, &n);
	if (rc != SC_OK)
		return rc;
	/* Read, compared, then someone else saved first (the UPDATE waited
	 * for their row lock and then found another version). */
	if (n == 0)
		return SC_ECONFLICT;
	rc = write_lists(db, id, p, true);
	int64_t change_id = 0;
	if (rc == SC_OK)
		rc = change_add(db, id, expected_version + 1, fields, now, by, &change_id);
	if (rc == SC_OK)
		rc = change_values_add(db, change_id, fields, cur, p);
	if (rc == SC_OK)
		rc = levels_add(db, id, cur, p, by, now, today);
	if (rc == SC_OK && changed != NULL) {
		*changed = arena_strdup(a, fields);
		if (*changed == NULL)
			rc = SC_ENOMEM;
	}
	return rc;
}

/* ---- reading ---- */

static const char *
col_dup(struct arena *a, struct db_stmt *st, int col, bool *oom)
{
	const char *v = arena_strdup(a, db_col_text(st, col) ? db_col_text(st, col) : "");
	if (v == NULL)
		*oom = true;
	return v ? v : "";
}

/* Copies a column into a fixed buffer of the struct ("" when NULL or too long). */
static void
col_fixed(struct db_stmt *st, int col, char *out, size_t outlen)
{
	const char *v = db_col_text(st, col);
	out[0] = '\0';
	if (v != NULL && strlen(v) < outlen)
		memcpy(out, v, strlen(v) + 1);
}

static bool
col_date(struct db_stmt *st, int col, struct date *out)
{
	const char *v = db_col_text(st, col);
	return v != NULL && date_parse(v, out) == SC_OK;
}

int
store_participant_get(struct db *db, struct arena *a, int64_t id, struct participant *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_prepare(db, sql_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_DONE) {
		db_done(st);
		return SC_ENOTFOUND;
	}
	if (rc != DB_ROW) {
		db_done(st);
		return rc;
	}
	bool oom = false;
	out->given_name = col_dup(a, st, 0, &oom);
	out->family_name = col_dup(a, st, 1, &oom);
	col_fixed(st, 2, out->nin, sizeof out->nin);
	col_date(st, 3, &out->birth);
	gender_parse(db_col_text(st, 4), &out->gender);
	out->country_of_birth = col_dup(a, st, 5, &oom);
	out->citizenship = col_dup(a, st, 6, &oom);
	out->has_arrival = col_date(st, 7, &out->arrival);
	out->residence = RESIDENCE_OTHER;
	residence_parse(db_col_text(st, 8), &out->residence);
	out->has_intro_ended = col_date(st, 9, &out->intro_ended);
	out->schooling_years = db_col_null(st, 10) ? -1 : (int)db_col_int(st, 10);
	out->literate = db_col_null(st, 11) ? -1 : (int)db_col_int(st, 11);
	for (int k = 0; k < SKILL_COUNT; k++)
		if (cefr_parse(db_col_text(st, 12 + k), &out->cefr[k]) != SC_OK)
			out->cefr[k] = CEFR_NONE;
	out->caregiving = col_dup(a, st, 16, &oom);
	col_fixed(st, 17, out->phone, sizeof out->phone);
	out->email = col_dup(a, st, 18, &oom);
	out->address = col_dup(a, st, 19, &oom);
	col_fixed(st, 20, out->postcode, sizeof out->postcode);
	out->city = col_dup(a, st, 21, &oom);
	col_fixed(st, 22, out->bank_account, sizeof out->bank_account);
	out->tax_percent = db_col_null(st, 23) ? -1 : (int)db_col_int(st, 23);
	col_fixed(st, 24, out->tax_table, sizeof out->tax_table);
	out->id = db_col_int(st, NREG);
	out->version = db_col_int(st, NREG + 1);
	out->status = col_dup(a, st, NREG + 2, &oom);
	out->contact_id = db_col_int(st, NREG + 3);
	out->contact_name = col_dup(a, st, NREG + 4, &oom);
	out->created_at = db_col_int(st, NREG + 5);
	out->updated_at = db_col_int(st, NREG + 6);
	db_done(st);
	if (oom)
		return SC_ENOMEM;

	st = db_prepare(db, sql_languages);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW && out->nlanguages < PARTICIPANT_MAX_LANGUAGES) {
		struct participant_language *l = &out->languages[out->nlanguages++];
		l->name = col_dup(a, st, 0, &oom);
		l->interpreter = db_col_int(st, 1) != 0;
	}
	db_done(st);
	if (rc < 0)
		return rc;

	st = db_prepare(db, sql_children);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW && out->nchildren < PARTICIPANT_MAX_CHILDREN)
		if (col_date(st, 0, &out->children[out->nchildren]))
			out->nchildren++;
	db_done(st);
	if (rc < 0)
		return rc;
	return oom ? SC_ENOMEM : SC_OK;
}

static int
one_id(struct db_stmt *st, int64_t *id)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_OK;
	}
	db_done(st);
	return rc;
}

int
store_participant_duplicate(struct db *db, const struct participant *p, int64_t exclude_id,
			    int64_t *dup_id, bool *same_nin)
{
	*dup_id = 0;
	if (same_nin != NULL)
		*same_nin = false;
	struct db_stmt *st;
	int rc;
	if (p->nin[0] != '\0') {
		st = db_prepare(db, sql_dup_nin);
		if (st == NULL)
			return SC_EDB;
		db_bind_text(st, 1, p->nin);
		db_bind_int(st, 2, exclude_id);
		rc = one_id(st, dup_id);
		if (rc != SC_OK || *dup_id != 0) {
			if (same_nin != NULL)
				*same_nin = *dup_id != 0;
			return rc;
		}
	}
	char key[NAME_KEY_MAX], birth[11];
	participant_name_key(p, key);
	date_format(p->birth, birth);
	st = db_prepare(db, sql_dup_name);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, birth);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, exclude_id);
	return one_id(st, dup_id);
}

int
store_participant_find_duplicate(struct db *db, const struct participant *p, int64_t exclude_id,
				 int64_t *dup_id)
{
	return store_participant_duplicate(db, p, exclude_id, dup_id, NULL);
}

/* Attaches the kept values to the changes (both in version order). */
static int
read_change_values(struct db *db, struct arena *a, int64_t id, int64_t after_version,
		   struct participant_change *list, size_t count)
{
	if (count == 0)
		return SC_OK;
	struct db_stmt *st = db_prepare(db, sql_change_values_since);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, after_version);
	size_t at = 0;
	bool oom = false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t version = db_col_int(st, 0);
		while (at < count && list[at].version < version)
			at++;
		if (at == count)
			break;
		struct participant_change *c = &list[at];
		if (c->version != version)
			continue;
		if (c->nvalues == PARTICIPANT_CHANGE_VALUES_MAX)
			continue;
		if (c->values == NULL) {
			c->values = arena_alloc(a, PARTICIPANT_CHANGE_VALUES_MAX * sizeof *c->values);
			if (c->values == NULL) {
				oom = true;
				break;
			}
		}
		struct participant_change_value *v = &c->values[c->nvalues++];
		v->field = (char *)col_dup(a, st, 1, &oom);
		v->old_value = (char *)col_dup(a, st, 2, &oom);
		v->new_value = (char *)col_dup(a, st, 3, &oom);
	}
	db_done(st);
	if (oom)
		return SC_ENOMEM;
	return rc < 0 ? rc : SC_OK;
}

int
store_participant_changes_since(struct db *db, struct arena *a, int64_t id, int64_t after_version,
				struct participant_change **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_changes_since);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, after_version);
	size_t cap = 0, count = 0;
	struct participant_change *list = NULL;
	bool oom = false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct participant_change *grown = arena_alloc(a, ncap * sizeof *grown);
			if (grown == NULL) {
				oom = true;
				break;
			}
			if (count > 0)
				memcpy(grown, list, count * sizeof *grown);
			list = grown;
			cap = ncap;
		}
		struct participant_change *c = &list[count++];
		memset(c, 0, sizeof *c);
		c->version = db_col_int(st, 0);
		c->fields = (char *)col_dup(a, st, 1, &oom);
		c->at = db_col_int(st, 2);
		c->user_id = db_col_int(st, 3);
		c->user_name = (char *)col_dup(a, st, 4, &oom);
	}
	db_done(st);
	if (oom)
		return SC_ENOMEM;
	if (rc < 0)
		return rc;
	rc = read_change_values(db, a, id, after_version, list, count);
	if (rc != SC_OK)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* ---- lists and search ---- */

/* Reads the ITEM_COLS rows of a prepared, bound statement. */
static int
read_items(struct db_stmt *st, struct arena *a, int64_t limit, struct participant_item **items,
	   size_t *n)
{
	struct participant_item *list = arena_alloc(a, sizeof *list * (size_t)limit);
	if (list == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	size_t count = 0;
	bool oom = false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)limit) {
		struct participant_item *it = &list[count++];
		it->id = db_col_int(st, 0);
		it->given_name = (char *)col_dup(a, st, 1, &oom);
		it->family_name = (char *)col_dup(a, st, 2, &oom);
		it->birth_date = (char *)col_dup(a, st, 3, &oom);
		it->status = (char *)col_dup(a, st, 4, &oom);
		it->contact_id = db_col_int(st, 5);
		it->contact_name = (char *)col_dup(a, st, 6, &oom);
		it->version = db_col_int(st, 7);
	}
	db_done(st);
	if (oom)
		return SC_ENOMEM;
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* Runs a prepared, bound COUNT(*) ... LIMIT cap+1 and sets the capped total. */
static int
read_total(struct db_stmt *st, int64_t *total, bool *capped)
{
	int rc = db_step(st);
	int64_t count = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc < 0)
		return rc;
	*capped = count > PARTICIPANT_COUNT_CAP;
	*total = *capped ? PARTICIPANT_COUNT_CAP : count;
	return SC_OK;
}

static void
clamp_page(int64_t *limit, int64_t *offset)
{
	if (*limit < 1 || *limit > 200)
		*limit = 50;
	if (*offset < 0)
		*offset = 0;
}

static bool
is_number_word(const char *w)
{
	for (; *w; w++)
		if (*w < '0' || *w > '9')
			return false;
	return true;
}

/* "% word%" (or, with twice, "% word% word%"), LIKE's characters escaped
 * by '!'; NULL when out of memory. */
static char *
like_pattern(struct arena *a, const char *w, bool twice)
{
	char *pat = arena_alloc(a, 2 * (2 * strlen(w) + 2) + 2);
	if (pat == NULL)
		return NULL;
	size_t n = 0;
	pat[n++] = '%';
	for (int k = 0; k < (twice ? 2 : 1); k++) {
		pat[n++] = ' ';
		for (const char *c = w; *c; c++) {
			if (*c == '%' || *c == '_' || *c == '!')
				pat[n++] = '!';
			pat[n++] = *c;
		}
		pat[n++] = '%';
	}
	pat[n] = '\0';
	return pat;
}

/*
 * Binds the words of q and the status from $1 (see the SQL above): the
 * driving word and its end; with dup, the "two words" pattern; three name
 * patterns; three number ranges; the status. Returns the next $N, or
 * SC_ENOMEM.
 */
static int
bind_query(struct arena *a, struct db_stmt *st, const struct search_query *q, const char *status,
	   bool dup)
{
	/* The longest name word is the most selective range that also has
	 * the name key in its terms; numbers drive only when alone. */
	size_t drive = 0;
	for (size_t i = 1; i < q->nwords; i++) {
		bool num_i = is_number_word(q->words[i]), num_d = is_number_word(q->words[drive]);
		if ((num_d && !num_i) ||
		    (num_d == num_i && strlen(q->words[i]) > strlen(q->words[drive])))
			drive = i;
	}
	char end[NAME_KEY_MAX];
	search_prefix_end(q->words[drive], end);
	db_bind_text(st, 1, q->words[drive]);
	db_bind_text(st, 2, end);
	int idx = 3;
	if (dup) {
		const char *pat = is_number_word(q->words[drive]) ? "" : like_pattern(a, q->words[drive], true);
		if (pat == NULL)
			return SC_ENOMEM;
		db_bind_text(st, idx++, pat);
	}
	int name_idx = idx, num_idx = idx + 3;
	for (size_t i = 0; i < q->nwords && i < 4; i++) {
		if (i == drive)
			continue;
		const char *w = q->words[i];
		if (is_number_word(w)) {
			search_prefix_end(w, end);
			db_bind_text(st, num_idx, w);
			db_bind_text(st, num_idx + 1, end);
			num_idx += 2;
			continue;
		}
		char *pat = like_pattern(a, w, false);
		if (pat == NULL)
			return SC_ENOMEM;
		db_bind_text(st, name_idx++, pat);
	}
	for (; name_idx < idx + 3; name_idx++)
		db_bind_text(st, name_idx, "");
	for (; num_idx < idx + 9; num_idx += 2) {
		db_bind_text(st, num_idx, "");
		db_bind_text(st, num_idx + 1, "");
	}
	db_bind_text(st, idx + 9, status ? status : "");
	return idx + 10;
}

bool
reach_everyone(const struct participant_scope *scope)
{
	return (scope->relations & REL_BIT(REL_EVERYONE)) != 0;
}

int
reach_bind(struct db_stmt *st, int idx, const struct participant_scope *scope)
{
	uint32_t rel = scope->relations;
	bool open = (rel & REL_BIT(REL_CONTACT)) != 0, exited = (rel & REL_BIT(REL_CONTACT_EXITED)) != 0;
	db_bind_int(st, idx, open || exited ? scope->user_id : 0);
	db_bind_int(st, idx + 1, open ? 1 : 0);
	db_bind_int(st, idx + 2, exited ? 1 : 0);
	db_bind_text(st, idx + 3, scope->today != NULL ? scope->today : "");
	db_bind_int(st, idx + 4, (rel & REL_BIT(REL_HEALTH)) ? scope->user_id : 0);
	db_bind_int(st, idx + 5, (rel & REL_BIT(REL_IN_PROGRAMME)) ? 1 : 0);
	return idx + 6;
}

int
store_participant_search(struct db *db, struct arena *a, const struct search_query *q,
			 const struct participant_scope *scope, const char *status, int64_t limit,
			 int64_t offset, struct participant_item **items, size_t *n, int64_t *total,
			 bool *total_capped)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	*total_capped = false;
	if (q == NULL || q->nwords == 0 || q->words[0][0] == '\0')
		return SC_EINVAL;
	clamp_page(&limit, &offset);
	bool all = reach_everyone(scope);
	bool any = status == NULL || *status == '\0';
	struct db_stmt *st = db_prepare(db, all ? sql_search_all : sql_search_reached);
	if (st == NULL)
		return SC_EDB;
	int idx = bind_query(a, st, q, status, all);
	if (idx < 0) {
		db_done(st);
		return idx;
	}
	if (!all)
		idx = reach_bind(st, idx, scope);
	db_bind_int(st, idx++, limit);
	db_bind_int(st, idx, offset);
	int rc = read_items(st, a, limit, items, n);
	if (rc != SC_OK)
		return rc;
	st = db_prepare(db, !all ? sql_search_reached_count
			    : any ? sql_search_all_count : sql_search_all_status_count);
	if (st == NULL)
		return SC_EDB;
	idx = bind_query(a, st, q, status, all);
	if (idx < 0) {
		db_done(st);
		return idx;
	}
	if (!all)
		idx = reach_bind(st, idx, scope);
	db_bind_int(st, idx, PARTICIPANT_COUNT_CAP + 1);
	return read_total(st, total, total_capped);
}

int
store_participant_list(struct db *db, struct arena *a, const struct participant_scope *scope,
		       const char *status, int64_t limit, int64_t offset,
		       struct participant_item **items, size_t *n, int64_t *total, bool *total_capped)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	*total_capped = false;
	clamp_page(&limit, &offset);
	bool all = reach_everyone(scope);
	bool any = status == NULL || *status == '\0';
	const char *sql = !all ? sql_list_reached : any ? sql_list_all : sql_list_status;
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, limit);
	db_bind_int(st, 2, offset);
	if (!all) {
		int idx = reach_bind(st, 3, scope);
		db_bind_text(st, idx, any ? "" : status);
	} else if (!any) {
		db_bind_text(st, 3, status);
	}
	int rc = read_items(st, a, limit, items, n);
	if (rc != SC_OK)
		return rc;
	sql = !all ? sql_list_reached_count : any ? sql_list_all_count : sql_list_status_count;
	st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, PARTICIPANT_COUNT_CAP + 1);
	if (!all) {
		int idx = reach_bind(st, 2, scope);
		db_bind_text(st, idx, any ? "" : status);
	} else if (!any) {
		db_bind_text(st, 2, status);
	}
	return read_total(st, total, total_capped);
}
