/*
 * reach.h — INTERNAL to src/store/: the participants of a centre a scope
 * reaches (struct participant_scope), shared by the register's lists,
 * search and export (store_participant.c).
 *
 * REACHED(C, c, o, x, t, h, g) is an SQL subquery of participant ids for
 * the IN of a WHERE; reach_bind() binds its seven parameters from a centre
 * and a scope. Each branch walks its own index — the contact person's
 * through participants_contact(contact_id, status), a health worker's
 * through health_referrals_health, everyone with a period through
 * participants_centre_status — and a branch whose switch is 0 finds
 * nothing at once. The status lists are domain/access.c's open and period
 * statuses.
 *   C the centre, c contact person (0 = none), o 1 = their open
 *   participants, x 1 = their exited ones while contact_until >= t
 *   (today), h health worker of open referrals and teacher of groups (the
 *   people enrolled in them; 0 = none), g 1 = everyone with a programme
 *   period.
 */
#ifndef SC_STORE_REACH_H
#define SC_STORE_REACH_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "store.h"

#define REACHED(C, c, o, x, t, h, g) \
	"(SELECT rc.id FROM participants rc WHERE rc.contact_id = " c " AND rc.centre_id = " C \
	" AND ((" o " = 1 AND rc.status IN ('registered', 'referred', 'waiting', 'offered', 'active'," \
	" 'paused')) OR (" x " = 1 AND rc.status = 'exited' AND rc.contact_until >= " t "))" \
	" UNION ALL SELECT rh.participant_id FROM health_referrals rh WHERE rh.health_id = " h \
	" AND rh.centre_id = " C " AND rh.ended_on IS NULL" \
	" UNION ALL SELECT te.participant_id FROM group_teachers tt JOIN group_enrolments te" \
	" ON te.group_id = tt.group_id AND te.centre_id = tt.centre_id WHERE tt.user_id = " h \
	" AND tt.centre_id = " C " AND te.status = 'enrolled'" \
	" UNION ALL SELECT rg.id FROM participants rg WHERE " g " = 1 AND rg.centre_id = " C \
	" AND rg.status IN ('active', 'paused', 'exited'))"

/* REACHED as a condition on participant P of centre C for a scope of most
 * of the centre (g = 1: everyone with a programme period): the period's
 * statuses are checked on P's own row, and only the few other branches
 * make a list of ids. As REACHED's IN, it built a list of every such
 * participant for each request (834,257 at a million, 0.5 s each for the
 * finance officer's list and its count: decision 133). */
#define REACHED_MOST(P, C, c, o, x, t, h, g) \
	" ((" g " = 1 AND " P ".status IN ('active', 'paused', 'exited')) OR " P ".id IN " \
	REACHED(C, c, o, x, t, h, "0") ")"

/* True when the scope reaches every participant (REL_EVERYONE). */
bool reach_everyone(const struct participant_scope *scope);

/* True when the scope reaches a few people of the centre (neither
 * everyone nor everyone with a period): a query is best led by REACHED's
 * ids rather than by the centre's index. */
bool reach_few(const struct participant_scope *scope);

/* Binds the centre and a scope that is not everyone as REACHED's seven
 * parameters from $idx; returns the next index. */
int reach_bind(struct db_stmt *st, int idx, int64_t centre, const struct participant_scope *scope);

#endif
