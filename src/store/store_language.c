/*
 * store_language.c — Norwegian level assessments; see store_language.h.
 * Rows are read by column name into struct language_assessment (the
 * skill and the level as the options of their keys).
 */
#include "db.h"
#include "store.h"
#include "table.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

static const char sql_add[] =
	"INSERT INTO language_assessments (participant_id, skill, level, assessed_on, source, note,"
	" recorded_by, at, centre_id)"
	" SELECT id, $3, $4, $5, $6, $7, $8, $9, centre_id FROM participants WHERE id = $1 AND centre_id = $2"
	" RETURNING id";
/* Skills in enum order: listening, reading, speaking, writing. */
static const char sql_list[] =
	"SELECT a.id, a.skill, a.level, a.assessed_on, a.source, a.note, a.recorded_by,"
	" u.display_name AS recorded_by_name, a.at, a.assessor_id, v.display_name AS assessor_name,"
	" a.method, a.group_id, g.name AS group_name, a.withdrawn_at, w.display_name AS withdrawn_by_name,"
	" a.withdrawn_reason"
	" FROM language_assessments a LEFT JOIN users u ON u.id = a.recorded_by"
	" LEFT JOIN users w ON w.id = a.withdrawn_by"
	" LEFT JOIN users v ON v.id = a.assessor_id"
	" LEFT JOIN activity_groups g ON g.id = a.group_id AND g.centre_id = a.centre_id"
	" WHERE a.participant_id = $1 AND a.centre_id = $2"
	" ORDER BY CASE a.skill WHEN 'listening' THEN 0 WHEN 'reading' THEN 1 WHEN 'speaking' THEN 2"
	" ELSE 3 END, a.assessed_on, a.id LIMIT 500";
_Static_assert(LANGUAGE_ASSESSMENTS_MAX == 500, "the LIMIT of sql_list");
/* The levels only, withdrawn ones left out: what the participant's page
 * shows of them (sql_list's order and limit, without its look-ups). */
static const char sql_levels[] =
	"SELECT a.skill, a.level, a.assessed_on, a.withdrawn_at FROM language_assessments a"
	" WHERE a.participant_id = $1 AND a.centre_id = $2 AND (a.withdrawn_at IS NULL OR a.withdrawn_at <= 0)"
	" ORDER BY CASE a.skill WHEN 'listening' THEN 0 WHEN 'reading' THEN 1 WHEN 'speaking' THEN 2"
	" ELSE 3 END, a.assessed_on, a.id LIMIT 500";

/* The stored keys, in enum order. */
static const struct field_option skill_options[] = {
	{"listening", NULL}, {"reading", NULL}, {"speaking", NULL}, {"writing", NULL},
};
static const struct field_option level_options[] = {
	{"A1", NULL}, {"A2", NULL}, {"B1", NULL}, {"B2", NULL}, {"C1", NULL},
};
_Static_assert(sizeof skill_options / sizeof skill_options[0] == SKILL_COUNT, "a key per skill");
_Static_assert(sizeof level_options / sizeof level_options[0] == CEFR_C1 + 1, "a key per level");

#define L(m) offsetof(struct language_assessment, m)
static const struct field assessment_fields[] = {
	{.key = "id", .type = FT_ID, .offset = L(id)},
	{.key = "skill", .type = FT_ENUM, .offset = L(skill), .options = skill_options, .noptions = SKILL_COUNT},
	{.key = "level", .type = FT_ENUM, .offset = L(level), .options = level_options, .noptions = CEFR_C1 + 1},
	{.key = "assessed_on", .type = FT_LINE, .offset = L(assessed_on)},
	{.key = "source", .type = FT_LINE, .offset = L(source)},
	{.key = "note", .type = FT_TEXT, .offset = L(note)},
	{.key = "recorded_by", .type = FT_ID, .offset = L(recorded_by)},
	{.key = "recorded_by_name", .type = FT_LINE, .offset = L(recorded_by_name)},
	{.key = "at", .type = FT_INT, .offset = L(at)},
	{.key = "assessor_id", .type = FT_ID, .offset = L(assessor_id)},
	{.key = "assessor_name", .type = FT_LINE, .offset = L(assessor_name)},
	{.key = "method", .type = FT_LINE, .offset = L(method)},
	{.key = "group_id", .type = FT_ID, .offset = L(group_id)},
	{.key = "group_name", .type = FT_LINE, .offset = L(group_name)},
	{.key = "withdrawn_at", .type = FT_INT, .offset = L(withdrawn_at)},
	{.key = "withdrawn_by_name", .type = FT_LINE, .offset = L(withdrawn_by_name)},
	{.key = "withdrawn_reason", .type = FT_TEXT, .offset = L(withdrawn_reason)},
};
#undef L

int
store_language_assessment_add(struct db *db, int64_t centre, int64_t participant_id, enum cefr_skill skill,
			      enum cefr level, struct date assessed_on, const char *source,
			      const char *note, int64_t by, int64_t now, int64_t *id)
{
	if ((unsigned)skill >= SKILL_COUNT || level < CEFR_A1 || level > CEFR_C1 ||
	    !date_is_valid(assessed_on) || source == NULL || *source == '\0')
		return SC_EINVAL;
	char day[11];
	date_format(assessed_on, day);
	struct db_stmt *st = db_prepare(db, sql_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	db_bind_text(st, 3, cefr_skill_name(skill));
	db_bind_text(st, 4, cefr_key(level));
	db_bind_text(st, 5, day);
	db_bind_text(st, 6, source);
	db_bind_text(st, 7, note != NULL ? note : "");
	if (by > 0)
		db_bind_int(st, 8, by);
	else
		db_bind_null(st, 8);
	db_bind_int(st, 9, now);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (id != NULL)
			*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

static int
read_assessments(struct db *db, struct arena *a, const char *sql, int64_t centre, int64_t participant_id,
		 struct language_assessment **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	struct fields fs = FIELDS(assessment_fields);
	struct language_assessment *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct language_assessment *x = &list[count];
		fields_clear(fs, x);
		rc = table_read(st, fs, x, a);
		if (rc != SC_OK)
			break;
		/* a skill or level this program does not know of yet */
		if (x->skill >= 0 && x->level >= 0)
			count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* ---- a teacher's or a test's assessment (decision 35) ---- */

static const char sql_record[] =
	"INSERT INTO language_assessments (participant_id, skill, level, assessed_on, source, note,"
	" recorded_by, at, assessor_id, method, group_id, centre_id)"
	" SELECT id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, centre_id FROM participants"
	" WHERE id = $1 AND centre_id = $2 RETURNING id";
static const char sql_latest[] =
	"SELECT MAX(assessed_on) FROM language_assessments WHERE participant_id = $1 AND centre_id = $2"
	" AND skill = $3 AND withdrawn_at IS NULL";
static const char sql_withdraw[] =
	"UPDATE language_assessments SET withdrawn_at = $4, withdrawn_by = $5, withdrawn_reason = $6"
	" WHERE id = $1 AND participant_id = $2 AND centre_id = $3 AND withdrawn_at IS NULL RETURNING skill";
static const char sql_withdrawn[] =
	"SELECT withdrawn_at FROM language_assessments WHERE id = $1 AND participant_id = $2 AND centre_id = $3";
static const char sql_current[] =
	"SELECT level FROM language_assessments WHERE participant_id = $1 AND centre_id = $2 AND skill = $3"
	" AND withdrawn_at IS NULL ORDER BY assessed_on DESC, id DESC LIMIT 1";

static void
bind_id_or_null(struct db_stmt *st, int idx, int64_t id)
{
	if (id > 0)
		db_bind_int(st, idx, id);
	else
		db_bind_null(st, idx);
}

int
store_language_assessment_record(struct db *db, int64_t centre, int64_t participant_id,
				 const struct level_record *r, int64_t *id)
{
	if ((unsigned)r->skill >= SKILL_COUNT || r->level < CEFR_A1 || r->level > CEFR_C1 ||
	    !date_is_valid(r->assessed_on) || r->source == NULL || *r->source == '\0')
		return SC_EINVAL;
	char day[11];
	date_format(r->assessed_on, day);
	struct db_stmt *st = db_prepare(db, sql_record);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	db_bind_text(st, 3, cefr_skill_name(r->skill));
	db_bind_text(st, 4, cefr_key(r->level));
	db_bind_text(st, 5, day);
	db_bind_text(st, 6, r->source);
	db_bind_text(st, 7, r->note != NULL ? r->note : "");
	bind_id_or_null(st, 8, r->by);
	db_bind_int(st, 9, r->now);
	bind_id_or_null(st, 10, r->assessor_id);
	if (r->method != NULL && r->method[0] != '\0')
		db_bind_text(st, 11, r->method);
	else
		db_bind_null(st, 11);
	bind_id_or_null(st, 12, r->group_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (id != NULL)
			*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int
store_language_assessment_withdraw(struct db *db, int64_t centre, int64_t participant_id, int64_t id,
				   const char *reason, int64_t by, int64_t now, enum cefr_skill *skill)
{
	if (reason == NULL || reason[0] == '\0')
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, sql_withdraw);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, centre);
	db_bind_int(st, 4, now);
	bind_id_or_null(st, 5, by);
	db_bind_text(st, 6, reason);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = cefr_skill_parse_name(db_col_text(st, 0), skill) == SC_OK ? SC_OK : SC_EDB;
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	if (rc != SC_ENOTFOUND)
		return rc;
	/* none in force: withdrawn already, or none such */
	st = db_prepare(db, sql_withdrawn);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, centre);
	rc = db_step(st);
	if (rc == DB_ROW)
		rc = SC_ECONFLICT;
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

int
store_language_current(struct db *db, int64_t centre, int64_t participant_id, enum cefr_skill skill,
		       enum cefr *level)
{
	*level = CEFR_NONE;
	if ((unsigned)skill >= SKILL_COUNT)
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, sql_current);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	db_bind_text(st, 3, cefr_skill_name(skill));
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (cefr_parse(db_col_text(st, 0), level) != SC_OK)
			*level = CEFR_NONE;
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_OK;
	}
	db_done(st);
	return rc;
}

int
store_language_latest(struct db *db, int64_t centre, int64_t participant_id, enum cefr_skill skill,
		      struct date *on)
{
	*on = (struct date){0, 0, 0};
	if ((unsigned)skill >= SKILL_COUNT)
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, sql_latest);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	db_bind_text(st, 3, cefr_skill_name(skill));
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (!db_col_null(st, 0) && date_parse(db_col_text(st, 0), on) != SC_OK)
			*on = (struct date){0, 0, 0};
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_OK;
	}
	db_done(st);
	return rc;
}

/* One statement per skill: the column is part of the text, never built. */
#define SET_LEVEL(col) \
	"UPDATE participants SET " col " = $3, version = version + 1, updated_at = $4" \
	" WHERE id = $1 AND centre_id = $2 RETURNING version"
static const char *const sql_set_level[SKILL_COUNT] = {
	SET_LEVEL("cefr_listening"), SET_LEVEL("cefr_reading"), SET_LEVEL("cefr_speaking"),
	SET_LEVEL("cefr_writing"),
};
#define GET_LEVEL(col) "SELECT " col " FROM participants WHERE id = $1 AND centre_id = $2"
static const char *const sql_get_level[SKILL_COUNT] = {
	GET_LEVEL("cefr_listening"), GET_LEVEL("cefr_reading"), GET_LEVEL("cefr_speaking"),
	GET_LEVEL("cefr_writing"),
};
static const char sql_level_change[] =
	"INSERT INTO participant_changes (participant_id, version, fields, at, user_id, centre_id)"
	" VALUES ($1, $3, $4, $5, $6, $2) RETURNING id";
static const char sql_level_change_value[] =
	"INSERT INTO participant_change_values (change_id, field, old_value, new_value) VALUES ($1, $2, $3, $4)";

int
store_participant_set_level(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			    enum cefr_skill skill, enum cefr level, int64_t by, int64_t now)
{
	if ((unsigned)skill >= SKILL_COUNT || (level != CEFR_NONE && (level < CEFR_A1 || level > CEFR_C1)))
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, sql_get_level[skill]);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	const char *old = "";
	if (rc == DB_ROW) {
		old = arena_strdup(a, db_col_null(st, 0) ? "" : db_col_text(st, 0));
		rc = old != NULL ? SC_OK : SC_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	if (rc != SC_OK)
		return rc;
	if (strcmp(old, cefr_key(level)) == 0)
		return SC_OK;
	st = db_prepare(db, sql_set_level[skill]);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	if (level == CEFR_NONE)
		db_bind_null(st, 3);
	else
		db_bind_text(st, 3, cefr_key(level));
	db_bind_int(st, 4, now);
	rc = db_step(st);
	int64_t version = 0;
	if (rc == DB_ROW) {
		version = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	if (rc != SC_OK)
		return rc;
	const char *field = cefr_skill_key(skill);
	st = db_prepare(db, sql_level_change);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, version);
	db_bind_text(st, 4, field);
	db_bind_int(st, 5, now);
	bind_id_or_null(st, 6, by);
	rc = db_step(st);
	int64_t change_id = 0;
	if (rc == DB_ROW) {
		change_id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	if (rc != SC_OK)
		return rc;
	st = db_prepare(db, sql_level_change_value);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, change_id);
	db_bind_text(st, 2, field);
	db_bind_text(st, 3, old);
	db_bind_text(st, 4, cefr_key(level));
	return db_run(st, NULL);
}

static const char sql_group_levels[] =
	"SELECT a.participant_id, a.skill, a.level, a.assessed_on FROM language_assessments a"
	" WHERE a.centre_id = $2 AND a.withdrawn_at IS NULL"
	" AND a.participant_id IN (SELECT e.participant_id FROM group_enrolments e"
	" WHERE e.group_id = $1 AND e.centre_id = $2 AND e.status = 'enrolled')"
	" ORDER BY a.participant_id, a.skill, a.assessed_on, a.id LIMIT 20000";

int
store_group_levels(struct db *db, struct arena *a, int64_t centre, int64_t group_id, struct group_level **items,
		   size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_group_levels);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, centre);
	struct group_level *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		enum cefr_skill sk;
		enum cefr lv;
		if (cefr_skill_parse_name(db_col_text(st, 1), &sk) != SC_OK ||
		    cefr_parse(db_col_text(st, 2), &lv) != SC_OK || lv == CEFR_NONE)
			continue;
		struct group_level *g = &list[count];
		g->participant_id = db_col_int(st, 0);
		g->skill = (int)sk;
		g->level = (int)lv;
		if (date_parse(db_col_text(st, 3), &g->on) != SC_OK)
			continue;
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

static const char sql_group_learners[] =
	"SELECT p.id, p.given_name, p.family_name,"
	" (SELECT MAX(x.start_date) FROM enrolments x WHERE x.participant_id = p.id AND x.centre_id = $2"
	" AND x.start_date <= $3)"
	" FROM participants p WHERE p.centre_id = $2"
	" AND p.id IN (SELECT e.participant_id FROM group_enrolments e"
	" WHERE e.group_id = $1 AND e.centre_id = $2 AND e.status = 'enrolled')"
	" ORDER BY p.family_name, p.given_name, p.id LIMIT 2000";

int
store_group_learners(struct db *db, struct arena *a, int64_t centre, int64_t group_id, struct date today,
		     struct group_learner **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	char day[11];
	date_format(today, day);
	struct db_stmt *st = db_prepare(db, sql_group_learners);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, centre);
	db_bind_text(st, 3, day);
	struct group_learner *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct group_learner *g = &list[count];
		g->participant_id = db_col_int(st, 0);
		g->given_name = arena_strdup(a, db_col_text(st, 1));
		g->family_name = arena_strdup(a, db_col_text(st, 2));
		g->start = (struct date){0};
		if (!db_col_null(st, 3) && date_parse(db_col_text(st, 3), &g->start) != SC_OK)
			g->start = (struct date){0};
		if (g->given_name == NULL || g->family_name == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_language_assessments(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			   struct language_assessment **items, size_t *n)
{
	return read_assessments(db, a, sql_list, centre, participant_id, items, n);
}

int
store_language_levels(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
		      struct language_assessment **items, size_t *n)
{
	return read_assessments(db, a, sql_levels, centre, participant_id, items, n);
}
