/*
 * table.c — tables described by their records' fields; see table.h.
 *
 * The statement texts are built once per table (under a mutex) into
 * memory that lives as long as the process: the drivers cache prepared
 * statements by the address of their text.
 */
#include "table.h"
#include "store.h"

#include "util/arena.h"
#include "util/err.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct table_sql {
	char *columns;       /* "a, b, c" */
	char *get;           /* SELECT id, <columns> FROM t WHERE id = $1 [AND centre_id = $2] */
	char *insert;        /* INSERT INTO t (<columns>[, centre_id][, version, created_at, updated_at, created_by]) VALUES (...) RETURNING id */
	char *update;        /* UPDATE t SET <columns> = ..[, version = version + 1, updated_at = $n] WHERE id = .. [AND version = ..] [AND centre_id = ..] */
	int ncolumns;
	const struct field **fields;   /* the columns' fields, in that order */
};

static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;

static bool
is_column(const struct field *f)
{
	if (f->type == FT_LIST || (f->flags & FF_COMPUTED))
		return false;
	/* id, version and the centre are the table's own columns */
	return strcmp(f->key, "id") != 0 && strcmp(f->key, "version") != 0 &&
	       strcmp(f->key, "centre_id") != 0;
}

/* Appends printf text to a growing malloc'd string; false when out of memory. */
static bool
app(char **s, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool
app(char **s, size_t *len, const char *fmt, ...)
{
	/* measured first: a table of many columns makes long statements */
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	char *bigger = realloc(*s, *len + (size_t)n + 1);
	if (bigger == NULL)
		return false;
	va_start(ap, fmt);
	vsnprintf(bigger + *len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*s = bigger;
	*len += (size_t)n;
	return true;
}

static struct table_sql *
build(const struct table *t)
{
	struct table_sql *q = calloc(1, sizeof *q);
	if (q == NULL)
		return NULL;
	size_t lc = 0, lg = 0, li = 0, lu = 0;
	bool ok = true;
	int n = 0;
	q->fields = malloc(sizeof *q->fields * (t->fields->n > 0 ? t->fields->n : 1));
	ok = q->fields != NULL;
	for (size_t i = 0; ok && i < t->fields->n; i++) {
		const struct field *f = &t->fields->f[i];
		if (!is_column(f))
			continue;
		ok &= app(&q->columns, &lc, "%s%s", n ? ", " : "", f->key);
		q->fields[n++] = f;
	}
	q->ncolumns = n;
	if (ok && q->columns == NULL)
		ok = app(&q->columns, &lc, "%s", "");
	/* get */
	ok = ok && app(&q->get, &lg, "SELECT id%s%s%s FROM %s WHERE id = $1%s",
		       t->versioned ? ", version" : "", n ? ", " : "", q->columns, t->name,
		       t->centre ? " AND centre_id = $2" : "");
	/* insert: the columns, then centre and the version columns */
	ok = ok && app(&q->insert, &li, "INSERT INTO %s (%s", t->name, q->columns);
	int p = n;
	if (ok && t->centre)
		ok = app(&q->insert, &li, "%scentre_id", p++ ? ", " : "");
	if (ok && t->versioned) {
		ok = app(&q->insert, &li, "%sversion, created_at, updated_at, created_by", p ? ", " : "");
		p += 3;   /* version is the literal 1 */
	}
	ok = ok && app(&q->insert, &li, ") VALUES (");
	int k = 1;
	for (int c = 0; ok && c < n; c++)
		ok = app(&q->insert, &li, "%s$%d", c ? ", " : "", k++);
	if (ok && t->centre)
		ok = app(&q->insert, &li, "%s$%d", k > 1 ? ", " : "", k), k++;
	if (ok && t->versioned)
		ok = app(&q->insert, &li, "%s1, $%d, $%d, $%d", k > 1 ? ", " : "", k, k, k + 1), k += 2;
	ok = ok && app(&q->insert, &li, ") RETURNING id");
	/* update */
	ok = ok && app(&q->update, &lu, "UPDATE %s SET ", t->name);
	k = 1;
	int c = 0;
	for (size_t i = 0; ok && i < t->fields->n; i++) {
		const struct field *f = &t->fields->f[i];
		if (!is_column(f))
			continue;
		ok = app(&q->update, &lu, "%s%s = $%d", c++ ? ", " : "", f->key, k++);
	}
	if (ok && t->versioned)
		ok = app(&q->update, &lu, "%sversion = version + 1, updated_at = $%d", c ? ", " : "", k++);
	ok = ok && app(&q->update, &lu, " WHERE id = $%d", k++);
	if (ok && t->versioned)
		ok = app(&q->update, &lu, " AND version = $%d", k++);
	if (ok && t->centre)
		ok = app(&q->update, &lu, " AND centre_id = $%d", k++);
	if (!ok) {
		free(q->columns);
		free(q->get);
		free(q->insert);
		free(q->update);
		free(q->fields);
		free(q);
		return NULL;
	}
	return q;
}

static struct table_sql *
sql_of(struct table *t)
{
	pthread_mutex_lock(&build_lock);
	if (t->sql == NULL)
		t->sql = build(t);
	struct table_sql *q = t->sql;
	pthread_mutex_unlock(&build_lock);
	return q;
}

const char *
table_columns(struct table *t)
{
	struct table_sql *q = sql_of(t);
	return q ? q->columns : NULL;
}

/* ---- values in and out ---- */

/* Binds field f of rec at $idx; kept: rec's texts (and the options' keys)
 * are bound as they are (db_bind_text_kept), not copied. */
static int
bind_field(struct db_stmt *st, int idx, const struct field *f, const void *rec, bool kept)
{
	int (*bind_text)(struct db_stmt *, int, const char *) = kept ? db_bind_text_kept : db_bind_text;
	if (!field_given(f, rec))
		return (f->flags & FF_BLANK) && (f->type == FT_LINE || f->type == FT_TEXT)
			? bind_text(st, idx, "") : db_bind_null(st, idx);
	switch (f->type) {
	case FT_LINE:
	case FT_TEXT:
		return bind_text(st, idx, *FIELD_AT_CONST(rec, f, const char *));
	case FT_DATE: {
		char d[11];
		date_format(*FIELD_AT_CONST(rec, f, struct date), d);
		return db_bind_text(st, idx, d);
	}
	case FT_INT:
	case FT_MONEY:
	case FT_ID:
		return db_bind_int(st, idx, *FIELD_AT_CONST(rec, f, int64_t));
	case FT_ENUM: {
		int i = *FIELD_AT_CONST(rec, f, int);
		return (size_t)i < f->noptions ? bind_text(st, idx, f->options[i].key) : db_bind_null(st, idx);
	}
	case FT_SET: {
		uint32_t bits = *FIELD_AT_CONST(rec, f, uint32_t);
		char buf[512];
		size_t n = 0;
		buf[0] = '\0';
		for (size_t i = 0; i < f->noptions && i < 32; i++) {
			if (!(bits & (1u << i)))
				continue;
			int w = snprintf(buf + n, sizeof buf - n, "%s%s", n ? "," : "", f->options[i].key);
			if (w < 0 || (size_t)w >= sizeof buf - n)
				return SC_ELIMIT;
			n += (size_t)w;
		}
		return db_bind_text(st, idx, buf);
	}
	case FT_BOOL:
		return db_bind_int(st, idx, *FIELD_AT_CONST(rec, f, int) ? 1 : 0);
	case FT_LIST:
		return db_bind_null(st, idx);
	}
	return db_bind_null(st, idx);
}

int
table_bind_field(struct db_stmt *st, int idx, const struct field *f, const void *rec)
{
	return bind_field(st, idx, f, rec, false);
}

int
table_bind(struct db_stmt *st, int idx, struct table *t, const void *rec)
{
	/* the columns' fields as built once (no names compared per row) */
	struct table_sql *q = sql_of(t);
	if (q != NULL) {
		for (int i = 0; i < q->ncolumns; i++)
			bind_field(st, idx++, q->fields[i], rec, true);
		return idx;
	}
	for (size_t i = 0; i < t->fields->n; i++) {
		const struct field *f = &t->fields->f[i];
		if (!is_column(f))
			continue;
		bind_field(st, idx++, f, rec, true);
	}
	return idx;
}

/* Reads column col into field f of rec. */
static int
read_one(struct db_stmt *st, int col, const struct field *f, void *rec, struct arena *a)
{
	field_set_none(f, rec);
	if (db_col_null(st, col))
		return SC_OK;
	switch (f->type) {
	case FT_LINE:
	case FT_TEXT: {
		char *s = arena_strdup(a, db_col_text(st, col));
		if (s == NULL)
			return SC_ENOMEM;
		*FIELD_AT(rec, f, const char *) = s;
		return SC_OK;
	}
	case FT_DATE: {
		struct date d;
		if (date_parse(db_col_text(st, col), &d) == SC_OK)
			*FIELD_AT(rec, f, struct date) = d;
		return SC_OK;
	}
	case FT_INT:
	case FT_MONEY:
	case FT_ID:
		*FIELD_AT(rec, f, int64_t) = db_col_int(st, col);
		return SC_OK;
	case FT_ENUM:
		*FIELD_AT(rec, f, int) = field_option_index(f, db_col_text(st, col));
		return SC_OK;
	case FT_SET: {
		const char *s = db_col_text(st, col);
		uint32_t bits = 0;
		while (s != NULL && *s) {
			const char *end = strchr(s, ',');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			for (size_t i = 0; i < f->noptions && i < 32; i++)
				if (strlen(f->options[i].key) == len && strncmp(f->options[i].key, s, len) == 0)
					bits |= 1u << i;
			s = end ? end + 1 : s + len;
		}
		*FIELD_AT(rec, f, uint32_t) = bits;
		return SC_OK;
	}
	case FT_BOOL:
		*FIELD_AT(rec, f, int) = db_col_int(st, col) != 0;
		return SC_OK;
	case FT_LIST:
		return SC_OK;
	}
	return SC_OK;
}

/* Which field each column of a statement fills (NULL: none), found by name
 * once and kept with the cached statement (db_stmt_memo()): a list's rows
 * are then read by position. nfields is 0 until it is filled. */
struct column_fields {
	size_t nfields;
	const struct field *f[];
};

int
table_read(struct db_stmt *st, struct fields fs, void *rec, struct arena *a)
{
	int n = db_col_count(st);
	struct column_fields *m = NULL;
	if (n > 0 && fs.n > 0)
		m = db_stmt_memo(st, fs.f, sizeof *m + (size_t)n * sizeof m->f[0]);
	if (m != NULL) {
		if (m->nfields != fs.n) {
			for (int col = 0; col < n; col++) {
				const struct field *f = fields_find(fs, db_col_name(st, col));
				m->f[col] = f != NULL && f->type != FT_LIST ? f : NULL;
			}
			m->nfields = fs.n;
		}
		for (int col = 0; col < n; col++) {
			if (m->f[col] == NULL)
				continue;
			int rc = read_one(st, col, m->f[col], rec, a);
			if (rc != SC_OK)
				return rc;
		}
		return SC_OK;
	}
	for (int col = 0; col < n; col++) {
		const char *name = db_col_name(st, col);
		const struct field *f = fields_find(fs, name);
		if (f == NULL || f->type == FT_LIST)
			continue;
		int rc = read_one(st, col, f, rec, a);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

/* ---- one row ---- */

int
table_get(struct db *db, struct arena *a, struct table *t, int64_t centre, int64_t id, void *rec)
{
	struct table_sql *q = sql_of(t);
	if (q == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, q->get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	if (t->centre)
		db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		fields_clear(*t->fields, rec);
		rc = table_read(st, *t->fields, rec, a);
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int
table_insert(struct db *db, struct table *t, int64_t centre, const void *rec, int64_t by,
	     int64_t now, int64_t *id)
{
	struct table_sql *q = sql_of(t);
	if (q == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, q->insert);
	if (st == NULL)
		return SC_EDB;
	int idx = table_bind(st, 1, t, rec);
	if (t->centre)
		db_bind_int(st, idx++, centre);
	if (t->versioned) {
		db_bind_int(st, idx++, now);
		if (by > 0)
			db_bind_int(st, idx++, by);
		else
			db_bind_null(st, idx++);
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (id != NULL)
			*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	return rc;
}

int
table_update(struct db *db, struct table *t, int64_t centre, int64_t id, int64_t expected_version,
	     const void *rec, int64_t now)
{
	struct table_sql *q = sql_of(t);
	if (q == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, q->update);
	if (st == NULL)
		return SC_EDB;
	int idx = table_bind(st, 1, t, rec);
	if (t->versioned)
		db_bind_int(st, idx++, now);
	db_bind_int(st, idx++, id);
	if (t->versioned)
		db_bind_int(st, idx++, expected_version);
	if (t->centre)
		db_bind_int(st, idx++, centre);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc != SC_OK || changed > 0)
		return rc;
	/* Nothing changed: a stale version, or no such row in the centre. */
	struct db_stmt *g = db_prepare(db, q->get);
	if (g == NULL)
		return SC_EDB;
	db_bind_int(g, 1, id);
	if (t->centre)
		db_bind_int(g, 2, centre);
	rc = db_step(g);
	db_done(g);
	if (rc == DB_ROW)
		return SC_ECONFLICT;
	return rc == DB_DONE ? SC_ENOTFOUND : rc;
}

/* ---- columns by name ---- */

int
table_col(struct db_stmt *st, const char *name)
{
	return db_col_index(st, name);
}

int64_t
table_col_int(struct db_stmt *st, const char *name)
{
	int col = table_col(st, name);
	return col >= 0 ? db_col_int(st, col) : 0;
}

const char *
table_col_text(struct db_stmt *st, const char *name)
{
	int col = table_col(st, name);
	const char *s = col >= 0 ? db_col_text(st, col) : NULL;
	return s != NULL ? s : "";
}

void *
table_grow(struct arena *a, void *list, size_t count, size_t *cap, size_t size)
{
	if (count < *cap)
		return list;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *bigger = arena_alloc(a, ncap * size);
	if (bigger == NULL)
		return NULL;
	if (count > 0)
		memcpy(bigger, list, count * size);
	*cap = ncap;
	return bigger;
}

int64_t
store_page_limit(int64_t limit, int64_t most, int64_t fallback)
{
	return limit < 1 || limit > most ? fallback : limit;
}

void
table_bind_date(struct db_stmt *st, int idx, struct date d)
{
	char s[11];
	date_format(d, s);
	db_bind_text(st, idx, s);
}

void
table_bind_date_or_null(struct db_stmt *st, int idx, struct date d)
{
	if (d.y == 0)
		db_bind_null(st, idx);
	else
		table_bind_date(st, idx, d);
}

int
table_read_rows(struct db_stmt *st, struct arena *a, struct fields fs, size_t size, void **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	char *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, size);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		void *rec = list + count * size;
		fields_clear(fs, rec);
		rc = table_read(st, fs, rec, a);
		if (rc != SC_OK)
			break;
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

struct date
table_text_date(const char *s)
{
	struct date d = {0, 0, 0};
	if (s != NULL && s[0] != '\0' && date_parse(s, &d) != SC_OK)
		d = (struct date){0, 0, 0};
	return d;
}
