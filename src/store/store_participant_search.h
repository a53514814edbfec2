/*
 * store_participant_search.h — the page of a participant search without
 * its count, for the register's page (app_participant_list()); the rest
 * of the search is in store_participant.h.
 */
#ifndef SC_STORE_PARTICIPANT_SEARCH_H
#define SC_STORE_PARTICIPANT_SEARCH_H

#include "store/store.h"

/*
 * The page of store_participant_search() without its count: *more when a
 * match follows the page (one row more is read to know). The page of the
 * register says "more than" past it: counting a common name's matches to
 * the cap cost more than the page (issue 13).
 */
int store_participant_search_page(struct db *db, struct arena *a, int64_t centre, const struct search_query *q,
				  const struct participant_scope *scope, const char *status, int64_t limit,
				  int64_t offset, struct participant **items, size_t *n, bool *more);

#endif
