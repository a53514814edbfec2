/*
 * table.h — INTERNAL to src/store/: a table described once, by the declared
 * fields of its record (domain/field.h).
 *
 * Every field of the record that is not a list (FT_LIST: a child table)
 * and not FF_COMPUTED is a column of the same name; its SQL type follows the
 * field's: TEXT for lines, texts, dates ('YYYY-MM-DD'), enums (the key)
 * and sets (keys separated by commas); BIGINT for numbers, money (øre),
 * ids and booleans (0/1). "Not given" is NULL ('' for a FF_BLANK text,
 * whose column is NOT NULL).
 *
 * From the description come the select list, the reading of a row into
 * the record by column name (no row is read by column number), the
 * binding of a record's columns, and the statements that get, insert and
 * update one row — within a centre when the table has one. The statement
 * texts are built once and never change, so the statement cache (keyed by
 * the text's address) holds them.
 */
#ifndef SC_STORE_TABLE_H
#define SC_STORE_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "domain/field.h"

struct arena;


struct table {
	const char *name;        /* the SQL table */
	const struct fields *fields;   /* the record's fields (a line or text not
					* given is NULL, or '' when the field says
					* FF_BLANK: NOT NULL DEFAULT '' columns) */
	bool centre;             /* rows belong to a centre (column centre_id) */
	bool versioned;          /* has version, created_at, updated_at columns
				  * (fields "version" etc. need not be declared) */
	/* built by table_sql() the first time */
	struct table_sql *sql;
};

/* The columns of the table, "a, b, c" (also usable with a table alias
 * prefix via table_columns_as()). NULL when out of memory. */
const char *table_columns(struct table *t);

/* Reads the current row into rec: each column whose name is a field of fs
 * (or "id", "version", "centre_id" when declared) is read by the field's
 * type; strings are copied into the arena. Other columns are left alone.
 * The names are matched once per cached statement and fs (db_stmt_memo()),
 * then each row is read by position. */
int table_read(struct db_stmt *st, struct fields fs, void *rec, struct arena *a);

/* Grows an arena array of size elements from *cap to hold count + 1:
 * list itself while there is room, else a copy twice as large (NULL when
 * out of memory). */
void *table_grow(struct arena *a, void *list, size_t count, size_t *cap, size_t size);

/* Binds a date as YYYY-MM-DD. */
void table_bind_date(struct db_stmt *st, int idx, struct date d);

/* Binds a date as YYYY-MM-DD, or NULL for the unset date {0, 0, 0}. */
void table_bind_date_or_null(struct db_stmt *st, int idx, struct date d);

/* Reads every row of st (bound) into an arena array of records of size
 * bytes, each cleared (fields_clear()) and read by table_read(); *items is
 * NULL when there are none. Finishes st. */
int table_read_rows(struct db_stmt *st, struct arena *a, struct fields fs, size_t size, void **items, size_t *n);

/* A column's YYYY-MM-DD as a date; {0, 0, 0} when empty or not a date. */
struct date table_text_date(const char *s);

/* Binds the columns of rec in table_columns() order from $idx; returns the
 * next index. rec's texts are bound as they are (db_bind_text_kept): they
 * must stay until the statement is done. */
int table_bind(struct db_stmt *st, int idx, struct table *t, const void *rec);

/* One row by id within the centre (centre ignored for tables without one):
 * SC_ENOTFOUND when missing or of another centre. */
int table_get(struct db *db, struct arena *a, struct table *t, int64_t centre, int64_t id,
	      void *rec);

/* Inserts rec as a new row of the centre (version 1, created_at and
 * updated_at now, created_by by when the table is versioned); *id gets its
 * id. */
int table_insert(struct db *db, struct table *t, int64_t centre, const void *rec, int64_t by,
		 int64_t now, int64_t *id);

/* Writes rec over row id of the centre when its version is still
 * expected_version (bumping it and updated_at): SC_ECONFLICT when it is
 * not, SC_ENOTFOUND when the row is missing or of another centre. */
int table_update(struct db *db, struct table *t, int64_t centre, int64_t id, int64_t expected_version,
		 const void *rec, int64_t now);

/* Binds one value of a field (for hand-written statements). */
int table_bind_field(struct db_stmt *st, int idx, const struct field *f, const void *rec);

/* Columns a record's fields do not describe (a bit set, a count), read by
 * name from the current row: the index (-1 when there is no such column),
 * the integer (0 when missing or NULL) and the text ("" when missing or
 * NULL; valid until the next step). */
int table_col(struct db_stmt *st, const char *name);
int64_t table_col_int(struct db_stmt *st, const char *name);
const char *table_col_text(struct db_stmt *st, const char *name);

#endif
