/*
 * store_today.c — the queries of a contact person's day; see store_today.h.
 */
#include "db.h"
#include "overdue_sql.h"
#include "store.h"
#include "table.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/*
 * The lines are kept in today_lines (migration 20, docs/DECISIONS.md, 44):
 * each write to the tables they come from recomputes its participant's
 * lines in the same transaction (today_lines_computed, by triggers), so
 * the page reads one range of the primary key (centre, user, kind, date,
 * family name, given name, item, participant), already in the order it
 * shows, and its cost follows the number of lines, not the register.
 * The kinds: meeting (the next meeting the latest planned), step,
 * evaluation, contact (the last contact of an active or paused
 * participant), task. Each list holds the lines due by its own date:
 * $3 today, $4 the window's end, $5 the no-contact cut.
 */
#define LINES_OF(KIND, DUE) \
	"SELECT kind, participant_id, given_name, family_name, item_id, item_date, title, item_text, detail" \
	" FROM today_lines WHERE centre_id = $1 AND user_id = $2 AND kind = '" KIND "' AND item_date " DUE
/* A task (a follow-up after exit) is listed while it is still its
 * assignee's (LINE_STILL_THEIRS, overdue_sql.h); its detail holds that last
 * day, which the page does not show. */
#define TASKS_STILL_THEIRS \
	"SELECT kind, participant_id, given_name, family_name, item_id, item_date, title, item_text, '' AS detail" \
	" FROM today_lines WHERE centre_id = $1 AND user_id = $2 AND kind = 'task' AND item_date <= $4" \
	" AND " LINE_STILL_THEIRS("today_lines", "$3")
/* One range of the key per kind, each ending at its own date, merged in
 * the key's order: the lines not due yet are not read at all (one range
 * with the dates in an OR read all of a person's lines, 250 at the demo's
 * kontakt1 for 38 shown, a quarter of the page's CPU). */
static const char sql_lines[] = DB_GENERIC_PLAN
	LINES_OF("contact", "< $5") " UNION ALL " LINES_OF("evaluation", "<= $4")
	" UNION ALL " LINES_OF("meeting", "<= $3") " UNION ALL " LINES_OF("step", "<= $4")
	" UNION ALL " TASKS_STILL_THEIRS
	" ORDER BY kind, item_date, family_name, given_name, item_id, participant_id";

/* Adds a line to a list of at most TODAY_MAX_ROWS (more says there were
 * others). */
static int
list_add(struct db_stmt *st, struct arena *a, struct today_list *l, size_t *cap)
{
	if (l->n == TODAY_MAX_ROWS) {
		l->more = true;
		return SC_OK;
	}
	if (l->n == *cap) {
		/* Most lists are short: grow from 16 rows. */
		size_t ncap = *cap == 0 ? 16 : *cap * 2;
		if (ncap > TODAY_MAX_ROWS)
			ncap = TODAY_MAX_ROWS;
		struct today_row *bigger = arena_alloc(a, sizeof *bigger * ncap);
		if (bigger == NULL)
			return SC_ENOMEM;
		if (l->n > 0)
			memcpy(bigger, l->rows, sizeof *bigger * l->n);
		l->rows = bigger;
		*cap = ncap;
	}
	fields_clear(today_row_fields, &l->rows[l->n]);
	int rc = table_read(st, today_row_fields, &l->rows[l->n], a);
	if (rc == SC_OK)
		l->n++;
	return rc;
}

int
store_today(struct db *db, struct arena *a, int64_t centre, int64_t user_id, struct date today,
	    struct date window_end, struct date contact_before, struct today_lists *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_prepare(db, sql_lines);
	if (st == NULL)
		return SC_EDB;
	char d_today[11], d_window[11], d_contact[11];
	date_format(today, d_today);
	date_format(window_end, d_window);
	date_format(contact_before, d_contact);
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, d_today);
	db_bind_text(st, 4, d_window);
	db_bind_text(st, 5, d_contact);
	static const char *const kinds[] = {"meeting", "step", "evaluation", "contact", "task"};
	struct today_list *lists[] = {&out->planned, &out->steps, &out->evaluations, &out->no_contact,
				      &out->tasks};
	size_t caps[5] = {0};
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *kind = db_col_text(st, 0);
		size_t k = 0;
		while (k < 5 && (kind == NULL || strcmp(kind, kinds[k]) != 0))
			k++;
		if (k == 5)
			continue;
		rc = list_add(st, a, lists[k], &caps[k]);
		if (rc != SC_OK)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}
