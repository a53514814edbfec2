/*
 * store_language.c — see store_language.h.
 */
#include "db.h"
#include "store.h"
#include "../util/arena.h"
#include "../util/err.h"

#include <string.h>

static const char sql_add[] =
	"INSERT INTO language_assessments (participant_id, skill, level, assessed_on, source, note,"
	" recorded_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
/* Skills in enum order: listening, reading, speaking, writing. */
static const char sql_list[] =
	"SELECT a.id, a.skill, a.level, a.assessed_on, a.source, a.note, COALESCE(a.recorded_by, 0),"
	" COALESCE(u.display_name, ''), a.at"
	" FROM language_assessments a LEFT JOIN users u ON u.id = a.recorded_by"
	" WHERE a.participant_id = $1"
	" ORDER BY CASE a.skill WHEN 'listening' THEN 0 WHEN 'reading' THEN 1 WHEN 'speaking' THEN 2"
	" ELSE 3 END, a.assessed_on, a.id LIMIT 500";
_Static_assert(LANGUAGE_ASSESSMENTS_MAX == 500, "the LIMIT of sql_list");

int
store_language_assessment_add(struct db *db, int64_t participant_id, enum cefr_skill skill,
			      enum cefr level, struct date assessed_on, const char *source,
			      const char *note, int64_t by, int64_t now, int64_t *id)
{
	if ((unsigned)skill >= SKILL_COUNT || level <= CEFR_NONE || level > CEFR_C1 ||
	    !date_is_valid(assessed_on) || source == NULL || *source == '\0')
		return SC_EINVAL;
	char day[11];
	date_format(assessed_on, day);
	struct db_stmt *st = db_prepare(db, sql_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_text(st, 2, cefr_skill_name(skill));
	db_bind_text(st, 3, cefr_key(level));
	db_bind_text(st, 4, day);
	db_bind_text(st, 5, source);
	db_bind_text(st, 6, note != NULL ? note : "");
	if (by > 0)
		db_bind_int(st, 7, by);
	else
		db_bind_null(st, 7);
	db_bind_int(st, 8, now);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (id != NULL)
			*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	return rc;
}

static char *
text_col(struct arena *a, struct db_stmt *st, int col, bool *oom)
{
	const char *v = db_col_text(st, col);
	char *s = arena_strdup(a, v != NULL ? v : "");
	if (s == NULL)
		*oom = true;
	return s;
}

int
store_language_assessments(struct db *db, struct arena *a, int64_t participant_id,
			   struct language_assessment **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_list);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	struct language_assessment *list = NULL;
	size_t count = 0, cap = 0;
	bool oom = false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		enum cefr_skill skill;
		enum cefr level;
		if (cefr_skill_parse_name(db_col_text(st, 1), &skill) != SC_OK ||
		    cefr_parse(db_col_text(st, 2), &level) != SC_OK || level == CEFR_NONE)
			continue;   /* a source this program does not know of yet */
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct language_assessment *grown = arena_alloc(a, ncap * sizeof *grown);
			if (grown == NULL) {
				oom = true;
				break;
			}
			if (count > 0)
				memcpy(grown, list, count * sizeof *grown);
			list = grown;
			cap = ncap;
		}
		struct language_assessment *x = &list[count++];
		x->id = db_col_int(st, 0);
		x->skill = skill;
		x->level = level;
		x->assessed_on = text_col(a, st, 3, &oom);
		x->source = text_col(a, st, 4, &oom);
		x->note = text_col(a, st, 5, &oom);
		x->recorded_by = db_col_int(st, 6);
		x->recorded_by_name = text_col(a, st, 7, &oom);
		x->at = db_col_int(st, 8);
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
