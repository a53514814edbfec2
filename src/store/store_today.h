/*
 * store_today.h — the queries of a contact person's day (the lines of
 * domain/today.h). Included by store.h.
 *
 * The queries read one contact person's caseload in one centre through
 * participants(contact_id, status) and the per-participant indexes of the
 * dated tables, and tasks through tasks(assignee_id, done_on, due_on), so
 * their cost follows the size of the caseload, not of the register.
 */
#ifndef SC_STORE_TODAY_H
#define SC_STORE_TODAY_H

#include <stdint.h>

#include "domain/today.h"

struct arena;
struct db;

/*
 * The five lists of struct today_lists for user_id in the centre, each one
 * query of at most TODAY_MAX_ROWS lines (more says when some were left
 * out): planned meetings on or before today, steps and evaluations and
 * follow-ups due on or before window_end, and no contact since before
 * contact_before. The dates come from followup_due_window_end() and
 * followup_no_contact_before().
 */
int store_today(struct db *db, struct arena *a, int64_t centre, int64_t user_id, struct date today,
		struct date window_end, struct date contact_before, struct today_lists *out);

#endif
