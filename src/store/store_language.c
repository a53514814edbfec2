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
	" u.display_name AS recorded_by_name, a.at"
	" FROM language_assessments a LEFT JOIN users u ON u.id = a.recorded_by"
	" WHERE a.participant_id = $1 AND a.centre_id = $2"
	" ORDER BY CASE a.skill WHEN 'listening' THEN 0 WHEN 'reading' THEN 1 WHEN 'speaking' THEN 2"
	" ELSE 3 END, a.assessed_on, a.id LIMIT 500";
_Static_assert(LANGUAGE_ASSESSMENTS_MAX == 500, "the LIMIT of sql_list");

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

int
store_language_assessments(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			   struct language_assessment **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_list);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	struct fields fs = FIELDS(assessment_fields);
	struct language_assessment *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct language_assessment *grown = arena_alloc(a, ncap * sizeof *grown);
			if (grown == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			if (count > 0)
				memcpy(grown, list, count * sizeof *grown);
			list = grown;
			cap = ncap;
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
