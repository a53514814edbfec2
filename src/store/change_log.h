/*
 * change_log.h — INTERNAL to src/store/: writing a line of a change log
 * (the internships' and the meetings': a change row with its values).
 */
#ifndef SC_STORE_CHANGE_LOG_H
#define SC_STORE_CHANGE_LOG_H

#include "db.h"
#include "domain/field.h"

#include <stddef.h>

/* Runs change, a prepared and bound INSERT of the change's row that
 * RETURNs its id, then value_sql ($1 the change's id, $2 field, $3 old
 * value, $4 new) for each of changes; done with change either way. SC_EDB
 * when the row gave no id. */
int change_log_add(struct db *db, struct db_stmt *change, const char *value_sql, const struct field_change *changes,
		   size_t nchanges);

#endif
