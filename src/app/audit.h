/*
 * audit.h — reading the audit log (domain/audit.h): who may read which
 * entries, and the reading audited in its turn.
 *
 * An administrator of the installation reads every centre's entries; a
 * leader or an analyst those of the centre they work in (store.h says
 * which entries are a centre's). What the audit queue holds is written
 * before the entries are read, so a reader sees the latest.
 */
#ifndef SC_APP_AUDIT_H
#define SC_APP_AUDIT_H

#include "app/app.h"
#include "domain/audit.h"

struct audit_entry;

/* Checks the filters' rule: REFUSED_INVALID with the fields. */
int app_audit_query_check(const struct audit_query *q, struct outcome *o);

/* The entries counted at most for a page's total (decision 132). */
#define AUDIT_COUNT_CAP 10000

/* A page of the entries q asks for, newest first, per_page entries (1..500);
 * *total counts them all, or *capped and AUDIT_COUNT_CAP when more pass.
 * Audited as "audit.list". */
int app_audit_entries(struct db *db, struct arena *a, const struct actor *actor, const struct audit_query *q,
		      int64_t per_page, struct audit_entry **items, size_t *n, int64_t *total, bool *capped);

#endif
