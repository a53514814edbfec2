/*
 * store_demo_write.c — how a demo load writes its rows (see store_demo.c):
 * the INSERT texts, built once; the rows waiting in memory; writing them
 * through the driver, on the loading connection (SQLite bulk) or with COPY
 * (PostgreSQL bulk); and the indexes dropped for the load and built again
 * after it.
 */
#include "store_demo_parts.h"
#include "../domain/date.h"
#include "../util/err.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- statement texts, built once ---- */

/* Rows per statement: a full batch, a smaller one for the rest, then one.
 * SQLite (measured at a million): narrow tables go fastest with 32 to 64
 * rows a statement (single rows pay the statement overhead each time), so a
 * batch holds about BATCH_PARAMS parameters; but participants (33 columns)
 * slow down past a couple of rows (5.5 us a row in twos, 8 in fours), so
 * tables wider than WIDE_COLS take WIDE_ROWS. Referrals (18) do better in
 * full batches (2.6 us a row against 3.4 in twos). PostgreSQL: each statement is a round trip, so bigger is
 * better there (BATCH_PARAMS_PG). All well inside SQLite's 32766 and
 * PostgreSQL's 65535 parameters. */
#define BATCH_PARAMS 640
#define BATCH_PARAMS_PG 2048
#define BATCH_ROWS 64
#define WIDE_COLS 24
#define WIDE_ROWS 2

#define SQL_BIG_MAX 20000
#define SQL_MID_MAX 6000
#define SQL_ONE_MAX 1200

/* Per engine (0 SQLite, 1 PostgreSQL) and table. */
static char sql_big[2][NTABS][SQL_BIG_MAX];
static char sql_mid[2][NTABS][SQL_MID_MAX];
static char sql_one[NTABS][SQL_ONE_MAX];
static int rows_big[2][NTABS], rows_mid[2][NTABS];
pthread_once_t sql_once = PTHREAD_ONCE_INIT;
bool sql_ok;

/* "INSERT INTO t (cols) VALUES ($1,...),(...)" for rows rows. */
static bool
build_insert(char *out, size_t cap, const struct demo_tab *t, int rows)
{
	size_t n = (size_t)snprintf(out, cap, "INSERT INTO %s (%s) VALUES ", t->name, t->cols);
	int p = 1;
	for (int r = 0; r < rows && n < cap; r++) {
		n += (size_t)snprintf(out + n, cap - n, r ? ",(" : "(");
		for (int c = 0; c < t->ncols && n < cap; c++)
			n += (size_t)snprintf(out + n, cap - n, c ? ",$%d" : "$%d", p++);
		if (n < cap)
			n += (size_t)snprintf(out + n, cap - n, ")");
	}
	return n < cap;
}

void
build_all(void)
{
	sql_ok = true;
	for (int e = 0; e < 2; e++) {
		for (int i = 0; i < NTABS; i++) {
			const struct demo_tab *t = &tabs[i];
			int big = (e == 0 ? BATCH_PARAMS : BATCH_PARAMS_PG) / t->ncols;
			big = big < 1 ? 1 : big > BATCH_ROWS ? BATCH_ROWS : big;
			if (e == 0 && t->ncols > WIDE_COLS)
				big = WIDE_ROWS;
			int mid = big / 4 > 1 ? big / 4 : 1;
			rows_big[e][i] = big;
			rows_mid[e][i] = mid;
			sql_ok &= build_insert(sql_big[e][i], SQL_BIG_MAX, t, big);
			sql_ok &= build_insert(sql_mid[e][i], SQL_MID_MAX, t, mid);
			if (e == 0)
				sql_ok &= build_insert(sql_one[i], SQL_ONE_MAX, t, 1);
		}
	}
}

/* ---- rows waiting in memory ---- */

struct batch *
batch_new(void)
{
	return calloc(1, sizeof(struct batch));
}

void
batch_clear(struct batch *b)
{
	for (int t = 0; t < DEMO_NTABLES; t++) {
		b->buf[t].ncells = 0;
		b->buf[t].ntext = 0;
	}
}

void
batch_free(struct batch *b)
{
	if (b == NULL)
		return;
	for (int t = 0; t < DEMO_NTABLES; t++) {
		free(b->buf[t].cells);
		free(b->buf[t].text);
	}
	free(b);
}

/* Room for n more bytes in *buf (*cap bytes, *used used). */
bool
grow_text(char **buf, size_t *cap, size_t used, size_t n)
{
	if (used + n <= *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 4096;
	while (c < used + n)
		c *= 2;
	char *p = realloc(*buf, c);
	if (p == NULL)
		return false;
	*buf = p;
	*cap = c;
	return true;
}

/* YYYY-MM-DD of a day number, without printf. */
static void
format_day(int64_t days, char out[11])
{
	struct date d = date_from_days(days);
	out[0] = (char)('0' + d.y / 1000 % 10);
	out[1] = (char)('0' + d.y / 100 % 10);
	out[2] = (char)('0' + d.y / 10 % 10);
	out[3] = (char)('0' + d.y % 10);
	out[4] = '-';
	out[5] = (char)('0' + d.m / 10);
	out[6] = (char)('0' + d.m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d.d / 10);
	out[9] = (char)('0' + d.d % 10);
	out[10] = '\0';
}

int
keep_term(struct demo_load *l, int64_t centre, const char *term, int64_t pid, const char *keys)
{
	/* A participant's keys are kept once, with its first term. */
	bool same = l->nterms > 0 && l->terms[l->nterms - 1].pid == pid;
	size_t len = strlen(term) + 1, klen = same ? 0 : strlen(keys) + 1;
	if (!grow_text(&l->terms_text, &l->capterms_text, l->nterms_text, len + klen))
		return SC_ENOMEM;
	if (l->nterms == l->capterms) {
		size_t cap = l->capterms ? l->capterms * 2 : 65536;
		struct term *t = realloc(l->terms, cap * sizeof *t);
		if (t == NULL)
			return SC_ENOMEM;
		l->terms = t;
		l->capterms = cap;
	}
	size_t keys_at = same ? l->terms[l->nterms - 1].keys : l->nterms_text + len;
	memcpy(l->terms_text + l->nterms_text, term, len);
	if (!same)
		memcpy(l->terms_text + l->nterms_text + len, keys, klen);
	l->terms[l->nterms].off = l->nterms_text;
	l->terms[l->nterms].keys = keys_at;
	l->terms[l->nterms].pid = pid;
	l->terms[l->nterms].centre = centre;
	l->nterms++;
	l->nterms_text += len + klen;
	return SC_OK;
}

/* Appends one row of table t (its ncols values) to b. */
int
buf_row(struct tab_buf *b, int t, const struct demo_val *vals)
{
	size_t n = (size_t)tabs[t].ncols;
	if (b->ncells + n > b->capcells) {
		size_t cap = b->capcells ? b->capcells * 2 : 64 * n;
		struct cell *c = realloc(b->cells, cap * sizeof *c);
		if (c == NULL)
			return SC_ENOMEM;
		b->cells = c;
		b->capcells = cap;
	}
	for (size_t k = 0; k < n; k++) {
		struct cell *c = &b->cells[b->ncells + k];
		const struct demo_val *v = &vals[k];
		char day[11];
		const char *s = v->s;
		c->kind = (uint8_t)v->kind;
		c->i = v->i;
		c->len = 0;
		if (v->kind == DV_KIND_DATE) {
			/* Formatted here, on the caller's thread, not the writer's. */
			format_day(v->i, day);
			s = day;
			c->kind = DV_KIND_TEXT;
		} else if (v->kind == DV_KIND_TEXT && s == NULL) {
			c->kind = DV_KIND_NULL;
		}
		if (c->kind == DV_KIND_TEXT) {
			size_t len = strlen(s);
			if (!grow_text(&b->text, &b->captext, b->ntext, len + 1))
				return SC_ENOMEM;
			memcpy(b->text + b->ntext, s, len + 1);
			c->i = (int64_t)b->ntext;
			c->len = (uint32_t)len;
			b->ntext += len + 1;
		}
	}
	b->ncells += n;
	return SC_OK;
}

/* ---- writing through the driver ---- */

/* Runs sql once for rows rows of b starting at cell *at. */
static int
write_rows_db(struct demo_load *l, const struct tab_buf *b, enum demo_table t, const char *sql,
	      int rows, size_t *at)
{
	struct db_stmt *st = db_prepare(l->db, sql);
	if (st == NULL)
		return SC_EDB;
	int ncols = tabs[t].ncols;
	int rc = SC_OK;
	for (int k = 0; k < rows * ncols && rc == SC_OK; k++) {
		const struct cell *c = &b->cells[*at + (size_t)k];
		if (c->kind == DV_KIND_INT)
			rc = db_bind_int(st, k + 1, c->i);
		else if (c->kind == DV_KIND_TEXT)
			rc = db_bind_text(st, k + 1, b->text + c->i);
		else
			rc = db_bind_null(st, k + 1);
	}
	if (rc == SC_OK)
		rc = db_run(st, NULL);
	else
		db_done(st);
	*at += (size_t)(rows * ncols);
	return rc;
}

/* ---- writing on the loading connection (SQLite bulk) ---- */

int
raw_fail(struct demo_load *l, int rc)
{
	db_set_error(l->db, "sqlite: %s", sqlite3_errmsg(l->raw));
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return SC_ECONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return SC_EBUSY;
	case SQLITE_NOMEM:
		return SC_ENOMEM;
	default:
		return SC_EDB;
	}
}

int
raw_exec(struct demo_load *l, const char *sql)
{
	int rc = sqlite3_exec(l->raw, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? SC_OK : raw_fail(l, rc);
}

/* The statement for rows rows of t (rows is 1 or the table's batch sizes),
 * prepared on first use. The text is the driver's, with $N, which SQLite
 * also reads as a named parameter numbered by position. */
static sqlite3_stmt *
raw_stmt(struct demo_load *l, enum demo_table t, int rows, int *rc)
{
	sqlite3_stmt **slot = rows == 1 ? &l->raw_one[t]
			      : rows == rows_big[0][t] ? &l->raw_big[t] : &l->raw_mid[t];
	const char *sql = rows == 1 ? sql_one[t] : rows == rows_big[0][t] ? sql_big[0][t] : sql_mid[0][t];
	if (*slot == NULL) {
		int r = sqlite3_prepare_v3(l->raw, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
		if (r != SQLITE_OK) {
			*rc = raw_fail(l, r);
			return NULL;
		}
	}
	return *slot;
}

static int
write_rows_raw(struct demo_load *l, const struct tab_buf *b, enum demo_table t, int rows, size_t *at)
{
	int rc = SC_OK;
	sqlite3_stmt *st = raw_stmt(l, t, rows, &rc);
	if (st == NULL)
		return rc;
	int ncols = tabs[t].ncols;
	int r = SQLITE_OK;
	/* Every parameter is bound on every run, so no clearing is needed; the
	 * text stays in b until the statement has run (SQLITE_STATIC). */
	for (int k = 0; k < rows * ncols && r == SQLITE_OK; k++) {
		const struct cell *c = &b->cells[*at + (size_t)k];
		if (c->kind == DV_KIND_INT)
			r = sqlite3_bind_int64(st, k + 1, c->i);
		else if (c->kind == DV_KIND_TEXT)
			r = sqlite3_bind_text(st, k + 1, b->text + c->i, (int)c->len, SQLITE_STATIC);
		else
			r = sqlite3_bind_null(st, k + 1);
	}
	if (r == SQLITE_OK)
		r = sqlite3_step(st);
	if (r != SQLITE_DONE)
		rc = raw_fail(l, r);
	sqlite3_reset(st);
	*at += (size_t)(rows * ncols);
	return rc;
}

static int
write_rows(struct demo_load *l, const struct tab_buf *b, enum demo_table t, int e, int rows,
	   size_t *at)
{
	if (l->raw != NULL)
		return write_rows_raw(l, b, t, rows, at);
	const char *sql = rows == 1 ? sql_one[t] : rows == rows_big[e][t] ? sql_big[e][t] : sql_mid[e][t];
	return write_rows_db(l, b, t, sql, rows, at);
}

/* ---- writing with COPY (PostgreSQL bulk) ---- */

/* A growing text buffer of COPY rows. */
struct copy_buf {
	char *p;
	size_t n, cap;
};

static bool
copy_room(struct copy_buf *c, size_t more)
{
	if (c->n + more <= c->cap)
		return true;
	size_t cap = c->cap ? c->cap : 1u << 16;
	while (cap < c->n + more)
		cap *= 2;
	char *p = realloc(c->p, cap);
	if (p == NULL)
		return false;
	c->p = p;
	c->cap = cap;
	return true;
}

/* Appends one value in COPY's text format: \N for NULL; backslash, tab,
 * newline and carriage return escaped. */
static bool
copy_value(struct copy_buf *c, const struct tab_buf *b, const struct cell *v)
{
	if (v->kind == DV_KIND_INT) {
		if (!copy_room(c, 24))
			return false;
		c->n += (size_t)snprintf(c->p + c->n, 24, "%lld", (long long)v->i);
		return true;
	}
	if (v->kind != DV_KIND_TEXT) {
		if (!copy_room(c, 2))
			return false;
		memcpy(c->p + c->n, "\\N", 2);
		c->n += 2;
		return true;
	}
	const char *t = b->text + v->i;
	if (!copy_room(c, 2 * (size_t)v->len))
		return false;
	for (uint32_t k = 0; k < v->len; k++) {
		char ch = t[k];
		if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
			c->p[c->n++] = '\\';
			ch = ch == '\t' ? 't' : ch == '\n' ? 'n' : ch == '\r' ? 'r' : '\\';
		}
		c->p[c->n++] = ch;
	}
	return true;
}

/* Writes every row of b with one COPY. */
static int
write_table_copy(struct demo_load *l, const struct tab_buf *b, enum demo_table t)
{
	size_t ncols = (size_t)tabs[t].ncols;
	if (b->ncells == 0)
		return SC_OK;
	struct copy_buf c = {0};
	bool ok = true;
	for (size_t k = 0; k < b->ncells && ok; k++) {
		ok = copy_value(&c, b, &b->cells[k]) && copy_room(&c, 1);
		if (ok)
			c.p[c.n++] = (k + 1) % ncols == 0 ? '\n' : '\t';
	}
	int rc = ok ? SC_OK : SC_ENOMEM;
	if (rc == SC_OK) {
		char sql[1024];
		snprintf(sql, sizeof sql, "COPY %s (%s) FROM STDIN", tabs[t].name, tabs[t].cols);
		rc = db_pg_copy(l->db, sql, c.p, c.n);
	}
	free(c.p);
	if (rc == SC_OK)
		l->written[t] += (int64_t)(b->ncells / ncols);
	return rc;
}

int
write_table(struct demo_load *l, const struct tab_buf *b, enum demo_table t)
{
	if (l->pg && (l->flags & DEMO_LOAD_BULK))
		return write_table_copy(l, b, t);
	size_t ncols = (size_t)tabs[t].ncols;
	size_t rows = b->ncells / ncols;
	size_t at = 0;
	int e = l->pg ? 1 : 0;
	size_t big = (size_t)rows_big[e][t], mid = (size_t)rows_mid[e][t];
	int rc = SC_OK;
	while (rc == SC_OK && big > 1 && rows >= big) {
		rc = write_rows(l, b, t, e, (int)big, &at);
		rows -= big;
	}
	while (rc == SC_OK && mid > 1 && rows >= mid) {
		rc = write_rows(l, b, t, e, (int)mid, &at);
		rows -= mid;
	}
	while (rc == SC_OK && rows > 0) {
		rc = write_rows(l, b, t, e, 1, &at);
		rows--;
	}
	if (rc == SC_OK)
		l->written[t] += (int64_t)(b->ncells / ncols);
	return rc;
}

/* Writes a batch, tables in enum order: parents before children. */
int
write_batch(struct demo_load *l, struct batch *b)
{
	int rc = SC_OK;
	for (int t = 0; t < DEMO_NTABLES && rc == SC_OK; t++)
		rc = write_table(l, &b->buf[t], (enum demo_table)t);
	batch_clear(b);
	return rc;
}

/* ---- indexes ---- */

/* Non-unique indexes of one table, with their definitions. Unique ones
 * (primary keys, UNIQUE constraints) stay: they guard the data. */
const char sql_indexes_sqlite[] =
	"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1"
	" AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name";
const char sql_indexes_pg[] =
	"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
	" AND tablename = $1 AND indexdef NOT LIKE 'CREATE UNIQUE%' ORDER BY indexname";

/*
 * An index that starts with the id of a parent grows at its end while the
 * loader writes (histories are written in participant order, and a
 * participant's referral, enrolment, plan and goals get rising ids), so
 * keeping it costs less than building it again. Every other index (names,
 * contact persons, dates) would take random inserts: those are dropped.
 * Search terms are written in key order, so their index on the participant
 * is not in order: dropped too.
 */
static bool
index_keeps_up(const char *table, const char *name, const char *sql)
{
	static const char *const parents[] = {"participant_id", "referral_id", "enrolment_id",
					      "plan_id", "goal_id"};
	/* Led by a state with a few values, then a date that rises with the
	 * ids (referrals are numbered by referral date): a few insertion
	 * points, each near the end. */
	static const char *const nearly_in_order[] = {"referrals_queue"};
	if (strcmp(table, "participant_search") == 0)
		return false;
	for (size_t i = 0; i < sizeof nearly_in_order / sizeof nearly_in_order[0]; i++)
		if (strcmp(name, nearly_in_order[i]) == 0)
			return true;
	const char *p = strchr(sql, '(');
	if (p == NULL)
		return false;
	p++;
	while (*p == ' ')
		p++;
	size_t n = strcspn(p, ",) ");
	for (size_t i = 0; i < sizeof parents / sizeof parents[0]; i++)
		if (strlen(parents[i]) == n && strncmp(p, parents[i], n) == 0)
			return true;
	return false;
}

int
save_index(struct demo_load *l, const char *table, const char *name, const char *sql)
{
	if (name == NULL || sql == NULL || index_keeps_up(table, name, sql))
		return SC_OK;
	struct saved_index *n = realloc(l->indexes, (l->nindexes + 1) * sizeof *n);
	if (n == NULL)
		return SC_ENOMEM;
	l->indexes = n;
	n[l->nindexes].name = strdup(name);
	n[l->nindexes].sql = strdup(sql);
	n[l->nindexes].stage = is_facts_table(table) ? 1 : strcmp(table, "today_lines") == 0 ? 2 : 0;
	l->nindexes++;
	return n[l->nindexes - 1].name && n[l->nindexes - 1].sql ? SC_OK : SC_ENOMEM;
}

int
save_indexes(struct demo_load *l)
{
	for (int t = 0; t < DEMO_NTABLES; t++) {
		if (l->raw != NULL) {
			sqlite3_stmt *st = NULL;
			int r = sqlite3_prepare_v2(l->raw, sql_indexes_sqlite, -1, &st, NULL);
			if (r != SQLITE_OK)
				return raw_fail(l, r);
			sqlite3_bind_text(st, 1, tabs[t].name, -1, SQLITE_STATIC);
			int rc = SC_OK;
			while (rc == SC_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
				rc = save_index(l, tabs[t].name, (const char *)sqlite3_column_text(st, 0),
						(const char *)sqlite3_column_text(st, 1));
			if (rc == SC_OK && r != SQLITE_DONE)
				rc = raw_fail(l, r);
			sqlite3_finalize(st);
			if (rc != SC_OK)
				return rc;
			continue;
		}
		struct db_stmt *st = db_prepare(l->db, l->pg ? sql_indexes_pg : sql_indexes_sqlite);
		if (st == NULL)
			return SC_EDB;
		db_bind_text(st, 1, tabs[t].name);
		int r, rc = SC_OK;
		while (rc == SC_OK && (r = db_step(st)) == DB_ROW)
			rc = save_index(l, tabs[t].name, db_col_text(st, 0), db_col_text(st, 1));
		db_done(st);
		if (rc == SC_OK && r < 0)
			rc = r;
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

/* Runs DDL on the loading connection. */
int
exec_load(struct demo_load *l, const char *sql)
{
	return l->raw != NULL ? raw_exec(l, sql) : db_exec(l->db, sql);
}

/* Index names come from the catalogue, so they are safe to splice into
 * DDL (which takes no parameters); anything unusual is refused. */
bool
plain_name(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

int
drop_indexes(struct demo_load *l)
{
	for (size_t i = 0; i < l->nindexes; i++) {
		if (!plain_name(l->indexes[i].name))
			return SC_EINVAL;
		char sql[160];
		snprintf(sql, sizeof sql, "DROP INDEX %s", l->indexes[i].name);
		int rc = exec_load(l, sql);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

/* Builds the dropped indexes of the loaded tables (stage 0), of the facts
 * tables (1) or of Today's lines (2) again, in the load's transaction. */
int
create_indexes(struct demo_load *l, int stage)
{
	int rc = SC_OK;
	for (size_t i = 0; i < l->nindexes && rc == SC_OK; i++)
		if (l->indexes[i].stage == stage)
			rc = exec_load(l, l->indexes[i].sql);
	return rc;
}

