/*
 * store_caseload.h — contact persons' caseloads: caps, assignment history,
 * overview. Included by store.h.
 */
#ifndef SC_STORE_CASELOAD_H
#define SC_STORE_CASELOAD_H

#include <stdint.h>

struct arena;
struct db;

/*
 * Makes contact_id the participant's contact person, inside the caller's
 * write transaction (store_tx_begin). Locks the contact person's row
 * (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already
 * serialises writers), counts their active and paused participants and asks
 * the domain (caseload_can_assign) whether one more fits their cap (18
 * unless set per person). Closes the previous assignment, opens a new one in
 * the history and sets participants.contact_id.
 *
 * Returns 0; SC_ELIMIT when the caseload is full, SC_EINVAL when contact_id
 * is not an active user with the contact role, SC_ENOTFOUND when there is no
 * such participant — with *refusal (may be NULL) set to a static English
 * msgid saying why. Assigning the current contact person again is a no-op.
 */
int store_assign_contact(struct db *db, int64_t participant_id, int64_t contact_id,
			 int64_t by, const char *reason, int64_t now, const char **refusal);

#endif
