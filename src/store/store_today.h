/*
 * store_today.h — the queries of a contact person's day (the lines of
 * domain/today.h). Included by store.h.
 *
 * The lines are facts kept in today_lines by the writes that change them
 * (migration 20): the page reads one range of its primary key, so its
 * cost follows the number of lines, not the size of the register.
 */
#ifndef SC_STORE_TODAY_H
#define SC_STORE_TODAY_H

#include <stdint.h>

#include "domain/today.h"

struct arena;
struct db;

/*
 * The five lists of struct today_lists for user_id in the centre, one
 * query; each list at most TODAY_MAX_ROWS lines (more says when some were left
 * out): planned meetings on or before today, steps and evaluations and
 * follow-ups due on or before window_end, and no contact since before
 * contact_before. The dates come from followup_due_window_end() and
 * followup_no_contact_before(). A task is listed while it is still its
 * assignee's: until its participant's contact_until, once they have exited
 * (FOLLOWUP_STILL_THEIRS in overdue_sql.h).
 */
int store_today(struct db *db, struct arena *a, int64_t centre, int64_t user_id, struct date today,
		struct date window_end, struct date contact_before, struct today_lists *out);

#endif
