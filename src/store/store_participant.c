/*
 * store_participant.c — the participant register; see store_participant.h.
 *
 * The record is written and read by its table descriptor (table.h): the
 * columns of participants are the declared fields of domain/participant.h
 * and rows are read by column name. The lists beside it — languages,
 * children, search terms, the change log — are written with the record in
 * the caller's transaction, every statement within the centre.
 *
 * The lists, the search and the export are in store_participant_list.c.
 */
#include "db.h"
#include "reach.h"
#include "store.h"
#include "table.h"
#include "domain/access.h"
#include "util/arena.h"
#include "util/err.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct table participants = {.name = "participants", .fields = &participant_fields, .centre = true, .versioned = true};

/* ---- rows the store reads by name besides the record ---- */

/* The brief's row. */
struct brief_row {
	int64_t id;
	const char *given_name, *family_name, *birth_date, *status;
	int64_t contact_id, version;
	const char *contact_until;
	int health_referral;
	int wrote_health_note;
	int teaches;
	int follows_placement;
	int placed;
};

#define B(m) offsetof(struct brief_row, m)
static const struct field brief_fields[] = {
	{.key = "id", .type = FT_ID, .offset = B(id)},
	{.key = "given_name", .type = FT_LINE, .offset = B(given_name)},
	{.key = "family_name", .type = FT_LINE, .offset = B(family_name)},
	{.key = "birth_date", .type = FT_LINE, .offset = B(birth_date)},
	{.key = "status", .type = FT_LINE, .offset = B(status)},
	{.key = "contact_id", .type = FT_ID, .offset = B(contact_id)},
	{.key = "version", .type = FT_INT, .offset = B(version)},
	{.key = "contact_until", .type = FT_LINE, .offset = B(contact_until)},
	{.key = "health_referral", .type = FT_BOOL, .offset = B(health_referral)},
	{.key = "wrote_health_note", .type = FT_BOOL, .offset = B(wrote_health_note)},
	{.key = "teaches", .type = FT_BOOL, .offset = B(teaches)},
	{.key = "follows_placement", .type = FT_BOOL, .offset = B(follows_placement)},
	{.key = "placed", .type = FT_BOOL, .offset = B(placed)},
};
#undef B

/* A language of a participant as stored. */
struct language_row {
	const char *name;
	int interpreter;
};

static const struct field language_fields[] = {
	{.key = "name", .type = FT_LINE, .offset = offsetof(struct language_row, name)},
	{.key = "interpreter", .type = FT_BOOL, .offset = offsetof(struct language_row, interpreter)},
};

#define C(m) offsetof(struct participant_change, m)
static const struct field change_fields[] = {
	{.key = "version", .type = FT_INT, .offset = C(version)},
	{.key = "fields", .type = FT_LINE, .offset = C(fields)},
	{.key = "at", .type = FT_INT, .offset = C(at)},
	{.key = "user_id", .type = FT_ID, .offset = C(user_id)},
	{.key = "user_name", .type = FT_LINE, .offset = C(user_name)},
};
#undef C

/* A kept value with the version of its change. */
struct value_row {
	int64_t version;
	struct participant_change_value v;
};

#define V(m) offsetof(struct value_row, m)
static const struct field value_fields[] = {
	{.key = "version", .type = FT_INT, .offset = V(version)},
	{.key = "field", .type = FT_LINE, .offset = V(v.field)},
	{.key = "old_value", .type = FT_TEXT, .offset = V(v.old_value)},
	{.key = "new_value", .type = FT_TEXT, .offset = V(v.new_value)},
};
#undef V

/* ---- SQL ---- */

static const char sql_brief[] =
	"SELECT p.id, p.given_name, p.family_name, p.birth_date, p.status, p.contact_id, p.version,"
	" p.contact_until,"
	" EXISTS (SELECT 1 FROM health_referrals h WHERE h.participant_id = p.id"
	"  AND h.health_id = $2 AND h.ended_on IS NULL AND h.centre_id = $3) AS health_referral,"
	/* the author of a note keeps reading it after the referral ended */
	" EXISTS (SELECT 1 FROM health_notes hn WHERE hn.participant_id = p.id"
	"  AND hn.author_id = $2 AND hn.centre_id = $3) AS wrote_health_note,"
	" EXISTS (SELECT 1 FROM group_enrolments e JOIN group_teachers t ON t.group_id = e.group_id"
	"  AND t.centre_id = e.centre_id WHERE e.participant_id = p.id AND e.centre_id = $3"
	"  AND e.status = 'enrolled' AND t.user_id = $2) AS teaches,"
	/* the follow-up person of a placement of theirs, or who proposed one
	 * no one follows yet (issue 10, decision 42) */
	" EXISTS (SELECT 1 FROM placements pl WHERE pl.centre_id = $3 AND pl.participant_id = p.id"
	"  AND (pl.follow_up_id = $2 OR (pl.follow_up_id IS NULL AND pl.created_by = $2))) AS follows_placement,"
	" EXISTS (SELECT 1 FROM placements pl WHERE pl.centre_id = $3 AND pl.participant_id = p.id) AS placed"
	" FROM participants p WHERE p.id = $1 AND p.centre_id = $3";
static const char sql_set_status[] =
	"UPDATE participants SET status = $2, updated_at = $3,"
	" contact_until = CASE WHEN $2 = 'exited' THEN contact_until ELSE NULL END WHERE id = $1";
static const char sql_set_contact_until[] =
	"UPDATE participants SET contact_until = CASE WHEN $3 = 1 AND contact_until IS NOT NULL"
	" AND contact_until < $2 THEN contact_until ELSE $2 END WHERE id = $1";

/* The lists of a record: each statement finds its participant in the
 * centre ($1 the participant, $2 the centre). */
#define OF_CENTRE " (SELECT id FROM participants WHERE id = $1 AND centre_id = $2)"
static const char sql_languages[] =
	"SELECT l.language AS name, l.interpreter FROM participant_languages l"
	" WHERE l.participant_id =" OF_CENTRE " ORDER BY l.ord";
static const char sql_children[] =
	"SELECT c.birth_date FROM participant_children c WHERE c.participant_id =" OF_CENTRE
	" ORDER BY c.ord";
static const char sql_language_add[] =
	"INSERT INTO participant_languages (participant_id, ord, language, interpreter)"
	" SELECT id, $3, $4, $5 FROM participants WHERE id = $1 AND centre_id = $2";
static const char sql_child_add[] =
	"INSERT INTO participant_children (participant_id, ord, birth_date)"
	" SELECT id, $3, $4 FROM participants WHERE id = $1 AND centre_id = $2";
static const char sql_term_add[] =
	"INSERT INTO participant_search (centre_id, term, participant_id, keys)"
	" SELECT centre_id, $3, id, $4 FROM participants WHERE id = $1 AND centre_id = $2";
static const char sql_languages_clear[] =
	"DELETE FROM participant_languages WHERE participant_id =" OF_CENTRE;
static const char sql_children_clear[] =
	"DELETE FROM participant_children WHERE participant_id =" OF_CENTRE;
static const char sql_terms_clear[] =
	"DELETE FROM participant_search WHERE participant_id = $1 AND centre_id = $2";

static const char sql_change_add[] =
	"INSERT INTO participant_changes (participant_id, version, fields, at, user_id, centre_id)"
	" VALUES ($1, $3, $4, $5, $6, $2) RETURNING id";
static const char sql_change_value_add[] =
	"INSERT INTO participant_change_values (change_id, field, old_value, new_value)"
	" SELECT id, $3, $4, $5 FROM participant_changes WHERE id = $1 AND centre_id = $2";
static const char sql_change_values_since[] =
	"SELECT c.version, v.field, v.old_value, v.new_value"
	" FROM participant_change_values v JOIN participant_changes c ON c.id = v.change_id"
	" WHERE c.participant_id = $1 AND c.centre_id = $2 AND c.version > $3"
	" ORDER BY c.version, v.field LIMIT 20000";
static const char sql_changes_since[] =
	"SELECT c.version, c.fields, c.at, c.user_id, u.display_name AS user_name"
	" FROM participant_changes c LEFT JOIN users u ON u.id = c.user_id"
	" WHERE c.participant_id = $1 AND c.centre_id = $2 AND c.version > $3"
	" ORDER BY c.version, c.id LIMIT 500";

static const char sql_dup_nin[] =
	"SELECT id FROM participants WHERE nin = $1 AND id <> $2 AND centre_id = $3 LIMIT 1";
static const char sql_nin_taken[] =
	"SELECT COUNT(*) FROM participants WHERE nin = $1 AND id <> $2";
static const char sql_dup_name[] =
	"SELECT id FROM participants WHERE birth_date = $1 AND name_key = $2 AND id <> $3"
	" AND centre_id = $4 ORDER BY id LIMIT 1";

/*
 * One participant of the centre with what the product keeps beside the
 * register's columns: SELECT p.id, p.version, p.status, p.contact_id, the
 * contact person's name, p.created_at, p.updated_at and the descriptor's
 * columns. Built once from the descriptor (the statement cache keys on
 * the text's address).
 */
static char *sql_get;
static pthread_once_t sql_get_once = PTHREAD_ONCE_INIT;

static void
build_sql_get(void)
{
	const char *cols = table_columns(&participants);
	if (cols == NULL)
		return;
	static const char head[] =
		"SELECT p.id, p.version, p.status, p.contact_id,"
		" (SELECT u.display_name FROM users u WHERE u.id = p.contact_id) AS contact_name,"
		" p.created_at, p.updated_at, ";
	static const char tail[] = " FROM participants p WHERE p.id = $1 AND p.centre_id = $2";
	size_t n = strlen(head) + strlen(cols) + strlen(tail) + 1;
	char *s = malloc(n);
	if (s != NULL)
		snprintf(s, n, "%s%s%s", head, cols, tail);
	sql_get = s;
}

/* ---- the brief ---- */

static char *
dup_or_empty(struct arena *a, const char *s, bool *oom)
{
	char *c = arena_strdup(a, s != NULL ? s : "");
	if (c == NULL)
		*oom = true;
	return c;
}

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
		struct brief_row row;
		struct fields fs = FIELDS(brief_fields);
		fields_clear(fs, &row);
		rc = table_read(st, fs, &row, a);
		bool oom = false;
		out->id = row.id;
		out->given_name = dup_or_empty(a, row.given_name, &oom);
		out->family_name = dup_or_empty(a, row.family_name, &oom);
		out->birth_date = dup_or_empty(a, row.birth_date, &oom);
		out->status = dup_or_empty(a, row.status, &oom);
		out->contact_id = row.contact_id;
		out->version = row.version;
		out->contact_until = dup_or_empty(a, row.contact_until, &oom);
		out->health_referral = row.health_referral == 1;
		out->wrote_health_note = row.wrote_health_note == 1;
		out->teaches = row.teaches == 1;
		out->follows_placement = row.follows_placement == 1;
		out->placed = row.placed == 1;
		if (rc == SC_OK && oom)
			rc = SC_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

/* ---- writing ---- */

/* Runs a statement of a record's lists: $1 the participant, $2 the centre. */
static int
run_of(struct db *db, const char *sql, int64_t id, int64_t centre)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	return db_run(st, NULL);
}

/* Writes the search terms of participant id (decision 45), each once:
 * the key is (centre, term, participant), and a foreign phone's digits
 * could equal the nin. */
static int
terms_write(struct db *db, int64_t centre, int64_t id, const struct participant *p)
{
	char terms[SEARCH_MAX_TERMS][NAME_KEY_MAX];
	char keys[SEARCH_KEYS_MAX];
	size_t nterms = participant_search_terms(p, terms);
	participant_search_keys(p, keys);
	int rc = SC_OK;
	for (size_t i = 0; i < nterms && rc == SC_OK; i++) {
		bool seen = terms[i][0] == '\0';
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(terms[i], terms[j]) == 0;
		if (seen)
			continue;
		struct db_stmt *st = db_prepare(db, sql_term_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, centre);
		db_bind_text(st, 3, terms[i]);
		db_bind_text(st, 4, keys);
		rc = db_run(st, NULL);
	}
	return rc;
}

/* Writes the languages, children and search terms of participant id
 * (after clearing the old ones when replace). */
static int
write_lists(struct db *db, int64_t centre, int64_t id, const struct participant *p, bool replace)
{
	static const char *const clear[] = {sql_languages_clear, sql_children_clear, sql_terms_clear};
	struct db_stmt *st;
	int rc = SC_OK;
	for (size_t i = 0; replace && i < sizeof clear / sizeof clear[0] && rc == SC_OK; i++)
		rc = run_of(db, clear[i], id, centre);
	const struct participant_language *langs = p->languages.items;
	const char *interpreter = p->interpreter != NULL ? p->interpreter : "";
	bool marked = false;
	for (size_t i = 0; i < p->languages.n && rc == SC_OK; i++) {
		bool here = !marked && *interpreter && strcmp(langs[i].name, interpreter) == 0;
		marked |= here;
		st = db_prepare(db, sql_language_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, centre);
		db_bind_int(st, 3, (int64_t)i);
		db_bind_text(st, 4, langs[i].name);
		db_bind_int(st, 5, here ? 1 : 0);
		rc = db_run(st, NULL);
	}
	const struct participant_child *kids = p->children.items;
	for (size_t i = 0; i < p->children.n && rc == SC_OK; i++) {
		char d[11];
		date_format(kids[i].birth_date, d);
		st = db_prepare(db, sql_child_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, centre);
		db_bind_int(st, 3, (int64_t)i);
		db_bind_text(st, 4, d);
		rc = db_run(st, NULL);
	}
	return rc == SC_OK ? terms_write(db, centre, id, p) : rc;
}

/* Records a saved version; *change_id (may be NULL) gets its row's id. */
static int
change_add(struct db *db, int64_t centre, int64_t id, int64_t version, const char *fields, int64_t at,
	   int64_t by, int64_t *change_id)
{
	struct db_stmt *st = db_prepare(db, sql_change_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, version);
	db_bind_text(st, 4, fields);
	db_bind_int(st, 5, at);
	if (by > 0)
		db_bind_int(st, 6, by);
	else
		db_bind_null(st, 6);
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
 * for the change change_id, as the form holds them; the identity number's
 * as two empty values (participant_field_history_keeps_values). */
static int
change_values_add(struct db *db, struct arena *a, int64_t centre, int64_t change_id, const char *fields,
		  const struct participant *before, const struct participant *after)
{
	int rc = SC_OK;
	const char *s = fields;
	while (rc == SC_OK && *s) {
		const char *end = strchr(s, ',');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		char key[64];
		if (n > 0 && n < sizeof key) {
			memcpy(key, s, n);
			key[n] = '\0';
			const struct field *f = participant_field(key);
			const char *old_text = "", *new_text = "";
			if (f != NULL && participant_field_history_keeps_values(key)) {
				old_text = participant_text(before, f, a);
				new_text = participant_text(after, f, a);
				if (old_text == NULL || new_text == NULL)
					return SC_ENOMEM;
			}
			struct db_stmt *st = db_prepare(db, sql_change_value_add);
			if (st == NULL)
				return SC_EDB;
			db_bind_int(st, 1, change_id);
			db_bind_int(st, 2, centre);
			db_bind_text(st, 3, key);
			db_bind_text(st, 4, old_text);
			db_bind_text(st, 5, new_text);
			rc = db_run(st, NULL);
		}
		s += n;
		if (*s == ',')
			s++;
	}
	return rc;
}

/* The Norwegian levels this save assesses (participant_levels_assessed),
 * dated today, in the save's transaction. */
static int
levels_add(struct db *db, int64_t centre, int64_t id, const struct participant *before,
	   const struct participant *after, int64_t by, int64_t now, struct date today)
{
	enum cefr_skill skills[SKILL_COUNT];
	size_t n = participant_levels_assessed(before, after, skills);
	int rc = SC_OK;
	for (size_t i = 0; i < n && rc == SC_OK; i++)
		rc = store_language_assessment_add(db, centre, id, skills[i], (enum cefr)after->cefr[skills[i]],
						   today, LEVEL_SOURCE_REGISTER, "", by, now, NULL);
	return rc;
}

/* The record as its table's row: the name key filled in. */
static struct participant
as_row(const struct participant *p, char key[NAME_KEY_MAX])
{
	struct participant row = *p;
	participant_name_key(p, key);
	row.name_key = key;
	return row;
}

int
store_participant_create(struct db *db, int64_t centre, const struct participant *p, int64_t by, int64_t now,
			 struct date today, int64_t *id)
{
	char key[NAME_KEY_MAX];
	struct participant row = as_row(p, key);
	int64_t new_id = 0;
	int rc = table_insert(db, &participants, centre, &row, by, now, &new_id);
	if (rc == SC_OK)
		rc = write_lists(db, centre, new_id, p, false);
	if (rc == SC_OK)
		rc = change_add(db, centre, new_id, 1, "", now, by, NULL);
	if (rc == SC_OK)
		rc = levels_add(db, centre, new_id, NULL, p, by, now, today);
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
store_participant_update(struct db *db, struct arena *a, int64_t centre, int64_t id, int64_t expected_version,
			 const struct participant *before, const struct participant *after, const char *changed,
			 int64_t by, int64_t now, struct date today)
{
	char key[NAME_KEY_MAX];
	struct participant row = as_row(after, key);
	int rc = table_update(db, &participants, centre, id, expected_version, &row, now);
	if (rc == SC_OK)
		rc = write_lists(db, centre, id, after, true);
	int64_t change_id = 0;
	if (rc == SC_OK)
		rc = change_add(db, centre, id, expected_version + 1, changed, now, by, &change_id);
	if (rc == SC_OK)
		rc = change_values_add(db, a, centre, change_id, changed, before, after);
	if (rc == SC_OK)
		rc = levels_add(db, centre, id, before, after, by, now, today);
	return rc;
}

/* ---- reading ---- */

/* The languages of participant id, with the interpreter's. */
static int
read_languages(struct db *db, struct arena *a, int64_t centre, int64_t id, struct participant *out)
{
	struct db_stmt *st = db_prepare(db, sql_languages);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	struct participant_language *list = arena_alloc(a, PARTICIPANT_MAX_LANGUAGES * sizeof *list);
	size_t n = 0;
	int rc = list != NULL ? SC_OK : SC_ENOMEM;
	struct fields fs = FIELDS(language_fields);
	while (rc == SC_OK && (rc = db_step(st)) == DB_ROW) {
		rc = SC_OK;
		if (n == PARTICIPANT_MAX_LANGUAGES)
			continue;
		struct language_row row;
		fields_clear(fs, &row);
		rc = table_read(st, fs, &row, a);
		list[n].name = row.name;
		if (row.interpreter == 1 && *out->interpreter == '\0')
			out->interpreter = row.name;
		n++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	out->languages = (struct field_list){n, n > 0 ? list : NULL};
	return SC_OK;
}

/* The children of participant id, by the declared item of "children". */
static int
read_children(struct db *db, struct arena *a, int64_t centre, int64_t id, struct participant *out)
{
	const struct field *f = fields_find(participant_fields, "children");
	struct fields item = {f->item, f->nitem};
	struct db_stmt *st = db_prepare(db, sql_children);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	struct participant_child *list = arena_alloc(a, PARTICIPANT_MAX_CHILDREN * sizeof *list);
	size_t n = 0;
	int rc = list != NULL ? SC_OK : SC_ENOMEM;
	while (rc == SC_OK && (rc = db_step(st)) == DB_ROW) {
		rc = SC_OK;
		if (n == PARTICIPANT_MAX_CHILDREN)
			continue;
		fields_clear(item, &list[n]);
		rc = table_read(st, item, &list[n], a);
		if (list[n].birth_date.y != 0)
			n++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	out->children = (struct field_list){n, n > 0 ? list : NULL};
	return SC_OK;
}

int
store_participant_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct participant *out)
{
	participant_clear(out);
	pthread_once(&sql_get_once, build_sql_get);
	if (sql_get == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = table_read(st, participant_fields, out, a);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	if (rc == SC_OK)
		rc = read_languages(db, a, centre, id, out);
	if (rc == SC_OK)
		rc = read_children(db, a, centre, id, out);
	return rc;
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
store_participant_duplicate(struct db *db, int64_t centre, const struct participant *p, int64_t exclude_id,
			    int64_t *dup_id, bool *same_nin)
{
	*dup_id = 0;
	if (same_nin != NULL)
		*same_nin = false;
	struct db_stmt *st;
	int rc;
	if (p->nin != NULL && p->nin[0] != '\0') {
		st = db_prepare(db, sql_dup_nin);
		if (st == NULL)
			return SC_EDB;
		db_bind_text(st, 1, p->nin);
		db_bind_int(st, 2, exclude_id);
		db_bind_int(st, 3, centre);
		rc = one_id(st, dup_id);
		if (rc != SC_OK || *dup_id != 0) {
			if (same_nin != NULL)
				*same_nin = *dup_id != 0;
			return rc;
		}
	}
	char key[NAME_KEY_MAX], birth[11];
	participant_name_key(p, key);
	date_format(p->birth_date, birth);
	st = db_prepare(db, sql_dup_name);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, birth);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, exclude_id);
	db_bind_int(st, 4, centre);
	return one_id(st, dup_id);
}

int
store_participant_nin_taken(struct db *db, const char *nin, int64_t exclude_id, bool *taken)
{
	*taken = false;
	if (nin == NULL || *nin == '\0')
		return SC_OK;
	struct db_stmt *st = db_prepare(db, sql_nin_taken);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, nin);
	db_bind_int(st, 2, exclude_id);
	int64_t n = 0;
	int rc = one_id(st, &n);
	*taken = n > 0;
	return rc;
}

/* Attaches the kept values to the changes (both in version order). */
static int
read_change_values(struct db *db, struct arena *a, int64_t centre, int64_t id, int64_t after_version,
		   struct participant_change *list, size_t count)
{
	if (count == 0)
		return SC_OK;
	struct db_stmt *st = db_prepare(db, sql_change_values_since);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, after_version);
	struct fields fs = FIELDS(value_fields);
	size_t at = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct value_row row;
		fields_clear(fs, &row);
		rc = table_read(st, fs, &row, a);
		if (rc != SC_OK)
			break;
		while (at < count && list[at].version < row.version)
			at++;
		if (at == count)
			break;
		struct participant_change *c = &list[at];
		if (c->version != row.version || c->nvalues == PARTICIPANT_CHANGE_VALUES_MAX)
			continue;
		if (c->values == NULL) {
			c->values = arena_alloc(a, PARTICIPANT_CHANGE_VALUES_MAX * sizeof *c->values);
			if (c->values == NULL) {
				rc = SC_ENOMEM;
				break;
			}
		}
		c->values[c->nvalues++] = row.v;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_participant_changes_since(struct db *db, struct arena *a, int64_t centre, int64_t id,
				int64_t after_version, struct participant_change **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_changes_since);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, after_version);
	struct fields fs = FIELDS(change_fields);
	size_t cap = 0, count = 0;
	struct participant_change *list = NULL;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct participant_change *c = &list[count++];
		memset(c, 0, sizeof *c);
		fields_clear(fs, c);
		rc = table_read(st, fs, c, a);
		if (rc != SC_OK)
			break;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	rc = read_change_values(db, a, centre, id, after_version, list, count);
	if (rc != SC_OK)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* ---- making the search terms again (migration 20) ---- */

static const char sql_rebuild_page[] =
	"SELECT id, centre_id, given_name, family_name, COALESCE(nin, ''), COALESCE(phone, '')"
	" FROM participants WHERE id > $1 ORDER BY id LIMIT 1000";

/* One participant of a page being made again. */
struct rebuild_row {
	int64_t id, centre;
	struct participant p;
};

int
store_participant_search_rebuild(struct db *db)
{
	int64_t after = 0;
	int rc = SC_OK;
	struct arena *a = NULL;
	for (;;) {
		arena_free(a);
		a = arena_new();
		struct rebuild_row *rows = a != NULL ? arena_alloc(a, 1000 * sizeof *rows) : NULL;
		if (rows == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct db_stmt *st = db_prepare(db, sql_rebuild_page);
		if (st == NULL) {
			rc = SC_EDB;
			break;
		}
		db_bind_int(st, 1, after);
		size_t n = 0;
		while ((rc = db_step(st)) == DB_ROW && n < 1000) {
			struct rebuild_row *r = &rows[n];
			participant_clear(&r->p);
			r->id = db_col_int(st, 0);
			r->centre = db_col_int(st, 1);
			r->p.given_name = arena_strdup(a, db_col_text(st, 2));
			r->p.family_name = arena_strdup(a, db_col_text(st, 3));
			r->p.nin = arena_strdup(a, db_col_text(st, 4));
			r->p.phone = arena_strdup(a, db_col_text(st, 5));
			if (r->p.given_name == NULL || r->p.family_name == NULL || r->p.nin == NULL ||
			    r->p.phone == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			n++;
		}
		db_done(st);
		if (rc < 0)
			break;
		rc = SC_OK;
		for (size_t i = 0; i < n && rc == SC_OK; i++)
			rc = terms_write(db, rows[i].centre, rows[i].id, &rows[i].p);
		if (rc != SC_OK || n < 1000)
			break;
		after = rows[n - 1].id;
	}
	arena_free(a);
	return rc;
}
