/*
 * today.h — the query of a contact person's day (domain/today.h): what
 * needs them today, in the actor's centre. Every reading is audited
 * ("today.read", the user as the record: no personal data).
 */
#ifndef SC_APP_TODAY_H
#define SC_APP_TODAY_H

#include "app/app.h"
#include "domain/today.h"

/* The actor's day on actor->today, with "due soon" due_soon_days ahead and
 * "no contact" after no_contact_days, sorted into its sections. */
int app_today(struct db *db, struct arena *a, const struct actor *actor, int due_soon_days,
	      int no_contact_days, struct today *out);

#endif
