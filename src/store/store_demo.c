/*
 * store_demo.c — bulk loading for the demo generator; see store_demo.h.
 *
 * Two ways to write:
 *  - through the driver (db.h), on the store's own connection: the default
 *    demo (a few tens of thousands of rows, with every CHECK and foreign
 *    key checked as rows go in) and every PostgreSQL load, a bulk one
 *    with one COPY per table and batch (db_pg_copy());
 *  - for DEMO_LOAD_BULK on SQLite, on a connection of this module's own to
 *    the same file, with the rows' text bound in place (SQLITE_STATIC, with
 *    its length) rather than copied per value as the driver must. SQLite
 *    has no COPY; this is its equivalent. The store's connection is idle
 *    meanwhile and hands the database over for the load (see below).
 *
 * Where the time of a million participants went, and what is done about it
 * (each measured; see docs/BENCHMARKS.md):
 *  - statements: multi-row INSERTs; narrow tables take about 32 rows a
 *    statement, wide ones (participants, referrals) slow down with more
 *    than a couple of rows, so the batch follows the width;
 *  - CHECK (x IN ('a','b','c')): SQLite builds a small temporary index for
 *    each such check on every row; a participant has nine. The bulk path
 *    leaves them off (PRAGMA ignore_check_constraints): the values come
 *    from the domain's validators and keys, and the tests run PRAGMA
 *    integrity_check, which checks every CHECK, on a bulk load;
 *  - indexes that would take random inserts (names, contact persons,
 *    dates) are dropped and built again at the end, a sort instead of
 *    millions of random B-tree inserts; those that grow at their end as
 *    histories are written in id order are kept. The definitions are read
 *    from the database (sqlite_master, pg_indexes), so they come back
 *    exactly as the migrations made them, whatever later migrations change;
 *  - PostgreSQL's foreign keys: a per-row check query after each row (3/4
 *    of a COPY's time); dropped for the load and added again after it,
 *    when each is checked once over its table;
 *  - search terms are kept in memory, sorted on two threads at the end and
 *    written in key order: one pass instead of millions of inserts at
 *    random places in participant_search's primary key;
 *  - SQLite's journal: WAL writes every page twice (log, then checkpoint),
 *    which for a few GiB cost more than the inserts. A rollback journal
 *    copies only pages that existed before the transaction, and a load into
 *    a new database adds pages. A load killed half-way is rolled back from
 *    that journal when the database is next opened. Leaving WAL needs the
 *    database to itself: the store's connection switches before the
 *    loading connection opens and back after it closes; when it cannot
 *    (other connections) the load stays in WAL, slower but the same;
 *  - two cores: a writer thread writes one group of histories while the
 *    caller makes the next;
 *  - the kept tables that count many rows into few groups: Attendance's
 *    months and sessions and Norwegian's gains are counted as the rows go
 *    by, the reports' groups, Caseloads' months, Attendance's groups by
 *    class and by dimension and Norwegian's bands grouped in C from their
 *    views' rows (SQLite), instead of a sort of every row (decision 97).
 * A load is one transaction: all of it or nothing.
 *
 * This file is the load itself; the tables it writes (and reading them
 * back) are store_demo_tables.c, the rows in memory, writing them and the
 * indexes store_demo_write.c, what the load counts in C store_demo_kept.c,
 * the reports' facts and Today's lines, made from their views at the end,
 * store_demo_facts.c; they share store_demo_parts.h.
 *
 * The driver's INSERT texts have one placeholder per value, so they are
 * built once per process into static buffers: statements are cached per
 * connection by the address of their text, and these addresses never
 * change.
 */
#include "store_demo_parts.h"
#include "../util/err.h"
#include "../util/timeutil.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the rows handed over ---- */

int
store_demo_row(struct demo_load *l, enum demo_table t, const struct demo_val *vals)
{
	int rc = count_row(l, t, vals);
	if (rc != SC_OK)
		return rc;
	if (t == DEMO_SEARCH && l->keep_terms)
		return vals[1].s && vals[3].s ? keep_term(l, vals[0].i, vals[1].s, vals[2].i, vals[3].s)
					      : SC_EINVAL;
	return buf_row(&l->cur->buf[t], (int)t, vals);
}

/* ---- the writer thread ---- */

static void *
writer_main(void *arg)
{
	struct demo_load *l = arg;
	pthread_mutex_lock(&l->mu);
	for (;;) {
		while (l->queue == NULL && !l->stopping)
			pthread_cond_wait(&l->cv, &l->mu);
		struct batch *b = l->queue;
		if (b == NULL)
			break;  /* stopping, and nothing left */
		l->queue = b->next;
		if (l->queue == NULL)
			l->queue_tail = NULL;
		bool failed = l->writer_rc != SC_OK;
		pthread_mutex_unlock(&l->mu);
		/* After a failure the rest is only drained, so the caller never
		 * waits for a batch that will not come back. */
		int rc = failed ? SC_OK : write_batch(l, b);
		if (failed)
			batch_clear(b);
		pthread_mutex_lock(&l->mu);
		if (rc != SC_OK && l->writer_rc == SC_OK)
			l->writer_rc = rc;
		b->next = l->spare;
		l->spare = b;
		pthread_cond_broadcast(&l->cv);
	}
	pthread_mutex_unlock(&l->mu);
	return NULL;
}

int
store_demo_flush(struct demo_load *l)
{
	if (!l->threaded)
		return write_batch(l, l->cur);
	pthread_mutex_lock(&l->mu);
	struct batch *b = l->cur;
	b->next = NULL;
	if (l->queue_tail)
		l->queue_tail->next = b;
	else
		l->queue = b;
	l->queue_tail = b;
	pthread_cond_broadcast(&l->cv);
	struct batch *next = NULL;
	if (l->spare == NULL && l->nbatches < MAX_BATCHES) {
		next = batch_new();
		if (next != NULL)
			l->nbatches++;
	}
	while (next == NULL && l->spare == NULL)
		pthread_cond_wait(&l->cv, &l->mu);
	if (next == NULL) {
		next = l->spare;
		l->spare = next->next;
	}
	int rc = l->writer_rc;
	pthread_mutex_unlock(&l->mu);
	l->cur = next;
	return rc;
}

/* Lets the writer finish what is queued and stops it. Returns its result. */
static int
stop_writer(struct demo_load *l)
{
	if (!l->threaded)
		return SC_OK;
	pthread_mutex_lock(&l->mu);
	l->stopping = true;
	pthread_cond_broadcast(&l->cv);
	pthread_mutex_unlock(&l->mu);
	pthread_join(l->writer, NULL);
	l->threaded = false;
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->cv);
	return l->writer_rc;
}

/* ---- search terms in key order ---- */

/* Terms compare as bytes, like SQLite's BINARY collation, then by
 * participant. */
static const char *sort_text;

static int
term_cmp(const void *a, const void *b)
{
	const struct term *x = a, *y = b;
	if (x->centre != y->centre)
		return (x->centre > y->centre) - (x->centre < y->centre);
	int c = strcmp(sort_text + x->off, sort_text + y->off);
	return c != 0 ? c : (x->pid > y->pid) - (x->pid < y->pid);
}

struct sort_job {
	struct term *terms;
	size_t *start;         /* bucket starts, 257 entries */
	int from, to;          /* buckets [from, to) */
};

static void *
sort_buckets(void *arg)
{
	struct sort_job *j = arg;
	for (int k = j->from; k < j->to; k++)
		qsort(j->terms + j->start[k], j->start[k + 1] - j->start[k], sizeof *j->terms, term_cmp);
	return NULL;
}

/* Sorts the kept terms: into 256 buckets by first byte, then each bucket
 * on one of two threads. */
static int
sort_terms(struct demo_load *l)
{
	size_t n = l->nterms;
	struct term *out = malloc((n ? n : 1) * sizeof *out);
	size_t start[257] = {0};
	if (out == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < n; i++)
		start[(unsigned char)l->terms_text[l->terms[i].off] + 1]++;
	for (int k = 0; k < 256; k++)
		start[k + 1] += start[k];
	size_t fill[256];
	memcpy(fill, start, sizeof fill);
	for (size_t i = 0; i < n; i++)
		out[fill[(unsigned char)l->terms_text[l->terms[i].off]]++] = l->terms[i];
	free(l->terms);
	l->terms = out;
	l->capterms = n;
	/* Split the buckets so that each thread gets about half the terms. */
	int mid = 0;
	while (mid < 256 && start[mid + 1] <= n / 2)
		mid++;
	sort_text = l->terms_text;
	struct sort_job a = {out, start, 0, mid}, b = {out, start, mid, 256};
	pthread_t th;
	bool two = pthread_create(&th, NULL, sort_buckets, &b) == 0;
	sort_buckets(&a);
	if (two)
		pthread_join(th, NULL);
	else
		sort_buckets(&b);
	return SC_OK;
}

/* Writes the kept terms in key order, one batch at a time. */
static int
write_terms(struct demo_load *l)
{
	int rc = sort_terms(l);
	struct batch *b = batch_new();
	if (rc == SC_OK && b == NULL)
		rc = SC_ENOMEM;
	l->keep_terms = false;  /* store_demo_row() now fills the batch */
	struct batch *saved = l->cur;
	l->cur = b;
	for (size_t i = 0; i < l->nterms && rc == SC_OK; i++) {
		const struct demo_val v[4] = {DV_INT(l->terms[i].centre),
					      DV_TEXT(l->terms_text + l->terms[i].off),
					      DV_INT(l->terms[i].pid),
					      DV_TEXT(l->terms_text + l->terms[i].keys)};
		rc = store_demo_row(l, DEMO_SEARCH, v);
		if (rc == SC_OK && (i + 1) % 65536 == 0)
			rc = write_batch(l, b);
	}
	if (rc == SC_OK)
		rc = write_batch(l, b);
	l->cur = saved;
	batch_free(b);
	return rc;
}

/*
 * PostgreSQL checks a foreign key with a query per row inserted (an
 * after-trigger): three quarters of a COPY's time at 100,000 participants.
 * A bulk load drops the foreign keys of the tables it fills and adds them
 * again after the rows, as the indexes: PostgreSQL then checks each key
 * once over the whole table (one join), in the load's transaction, so
 * every row is still checked. The definitions come from the catalogue.
 */
static const char sql_fkeys_pg[] =
	"SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid"
	" WHERE c.contype = 'f' AND r.relnamespace = current_schema()::regnamespace AND r.relname = $1"
	" ORDER BY c.conname";

static int
save_fkey(struct demo_load *l, const char *table, const char *name, const char *def)
{
	if (name == NULL || def == NULL || !plain_name(name) || !plain_name(table))
		return SC_EINVAL;
	struct saved_index *n = realloc(l->fkeys, (l->nfkeys + 1) * sizeof *n);
	if (n == NULL)
		return SC_ENOMEM;
	l->fkeys = n;
	size_t dl = strlen(table) + strlen(name) + 40, al = dl + strlen(def);
	n[l->nfkeys].name = malloc(dl);
	n[l->nfkeys].sql = malloc(al);
	l->nfkeys++;
	if (n[l->nfkeys - 1].name == NULL || n[l->nfkeys - 1].sql == NULL)
		return SC_ENOMEM;
	snprintf(n[l->nfkeys - 1].name, dl, "ALTER TABLE %s DROP CONSTRAINT %s", table, name);
	snprintf(n[l->nfkeys - 1].sql, al, "ALTER TABLE %s ADD CONSTRAINT %s %s", table, name, def);
	return SC_OK;
}

/* Drops the foreign keys of every table the load fills (PostgreSQL). */
static int
drop_fkeys(struct demo_load *l)
{
	int rc = SC_OK;
	for (int t = 0; t < DEMO_NTABLES && rc == SC_OK; t++) {
		struct db_stmt *st = db_prepare(l->db, sql_fkeys_pg);
		if (st == NULL)
			return SC_EDB;
		db_bind_text(st, 1, tabs[t].name);
		int r = 0;
		while (rc == SC_OK && (r = db_step(st)) == DB_ROW)
			rc = save_fkey(l, tabs[t].name, db_col_text(st, 0), db_col_text(st, 1));
		db_done(st);
		if (rc == SC_OK && r < 0)
			rc = r;
	}
	for (size_t i = 0; i < l->nfkeys && rc == SC_OK; i++)
		rc = exec_load(l, l->fkeys[i].name);
	return rc;
}

/* Adds the foreign keys again: each checked once over its table. */
static int
add_fkeys(struct demo_load *l)
{
	int rc = SC_OK;
	for (size_t i = 0; i < l->nfkeys && rc == SC_OK; i++)
		rc = exec_load(l, l->fkeys[i].sql);
	return rc;
}

/* ---- settings and the loading connection ---- */

/* The driver's SQLite connection, while it holds the default demo: every
 * key and CHECK is checked; only the cache changes, and commits are not
 * synced (db_sqlite_sync_commits). */
static const char sqlite_small_on[] = "PRAGMA cache_size=-65536;";
static const char sqlite_small_off[] = "PRAGMA cache_size=-2000;";
/* The loading connection (bulk): see the top of the file. 512 MiB of page
 * cache, allocated as used, holds the B-tree pages the load keeps touching
 * (measured at a million: 128 and 256 MiB slow the inserts, 1 and 2 GiB
 * only make the commit write more at once); reads for the index builds
 * come through mmap; two sorter threads. */
static const char sqlite_bulk_on[] =
	"PRAGMA journal_mode=TRUNCATE; PRAGMA synchronous=OFF; PRAGMA cache_size=-524288;"
	" PRAGMA foreign_keys=OFF; PRAGMA ignore_check_constraints=ON; PRAGMA temp_store=MEMORY;"
	" PRAGMA threads=2; PRAGMA mmap_size=17179869184;";
static const char sqlite_leave_wal[] = "PRAGMA journal_mode=TRUNCATE";
static const char sqlite_back_to_wal[] = "PRAGMA journal_mode=WAL";
static const char pg_load_on[] = "SET synchronous_commit = off; SET maintenance_work_mem = '256MB'";
static const char pg_load_off[] = "RESET synchronous_commit; RESET maintenance_work_mem";
static const char sql_database_file[] = "SELECT file FROM pragma_database_list WHERE name = 'main'";

/* Opens the loading connection on the store's SQLite file. 0 and *out
 * NULL when there is no file (an in-memory database): the driver's
 * connection is then used. */
static int
open_raw(struct demo_load *l, sqlite3 **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(l->db, sql_database_file);
	if (st == NULL)
		return SC_EDB;
	char path[4096] = "";
	int rc = db_step(st);
	if (rc == DB_ROW && db_col_text(st, 0) != NULL)
		snprintf(path, sizeof path, "%s", db_col_text(st, 0));
	db_done(st);
	if (rc < 0)
		return rc;
	if (path[0] == '\0')
		return SC_OK;
	/* Out of WAL first, while the store's connection is the only one
	 * (its file's writer closed). */
	db_sqlite_close_writer(l->db);
	char mode[16] = "";
	st = db_prepare(l->db, sqlite_leave_wal);
	if (st != NULL && db_step(st) == DB_ROW && db_col_text(st, 0) != NULL)
		snprintf(mode, sizeof mode, "%s", db_col_text(st, 0));
	db_done(st);
	l->left_wal = strcmp(mode, "truncate") == 0;
	sqlite3 *h = NULL;
	int r = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (r != SQLITE_OK) {
		db_set_error(l->db, "sqlite: cannot open %s for loading: %s", path,
			     h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close_v2(h);
		return SC_EDB;
	}
	sqlite3_busy_timeout(h, 5000);
	*out = h;
	return SC_OK;
}

static void
close_raw(struct demo_load *l)
{
	if (l->raw == NULL)
		return;
	for (int t = 0; t < NTABS; t++) {
		sqlite3_finalize(l->raw_big[t]);
		sqlite3_finalize(l->raw_mid[t]);
		sqlite3_finalize(l->raw_one[t]);
	}
	sqlite3_close_v2(l->raw);
	l->raw = NULL;
}

/* Closes the loading connection and gives the store's connection its
 * settings, and the database its WAL, back. */
static int
restore_settings(struct demo_load *l)
{
	close_raw(l);
	if (l->pg)
		return db_exec(l->db, pg_load_off);
	int rc = SC_OK;
	if (l->left_wal)
		rc = db_exec(l->db, sqlite_back_to_wal);
	l->left_wal = false;
	if (!(l->flags & DEMO_LOAD_BULK)) {
		int rc2 = db_exec(l->db, sqlite_small_off);
		int rc3 = db_sqlite_sync_commits(l->db, true);
		rc = rc != SC_OK ? rc : rc2 != SC_OK ? rc2 : rc3;
	}
	return rc;
}

static void
free_load(struct demo_load *l)
{
	batch_free(l->cur);
	while (l->spare) {
		struct batch *b = l->spare;
		l->spare = b->next;
		batch_free(b);
	}
	while (l->queue) {
		struct batch *b = l->queue;
		l->queue = b->next;
		batch_free(b);
	}
	for (size_t i = 0; i < l->ntriggers; i++) {
		free(l->triggers[i].name);
		free(l->triggers[i].sql);
	}
	free(l->triggers);
	for (size_t i = 0; i < l->nfkeys; i++) {
		free(l->fkeys[i].name);
		free(l->fkeys[i].sql);
	}
	free(l->fkeys);
	for (size_t i = 0; i < l->nindexes; i++) {
		free(l->indexes[i].name);
		free(l->indexes[i].sql);
	}
	free(l->indexes);
	for (size_t i = 0; i < l->nfacts_triggers; i++) {
		free(l->facts_triggers[i].name);
		free(l->facts_triggers[i].sql);
	}
	free(l->facts_triggers);
	free(l->terms);
	free(l->terms_text);
	kept_free(l->kept);
	free(l);
}

static int
begin_load(struct demo_load *l)
{
	bool bulk = (l->flags & DEMO_LOAD_BULK) != 0;
	int rc;
	if (l->pg) {
		rc = db_exec(l->db, pg_load_on);
	} else if (!bulk) {
		rc = db_exec(l->db, sqlite_small_on);
		if (rc == SC_OK)
			rc = db_sqlite_sync_commits(l->db, false);
	} else {
		rc = open_raw(l, &l->raw);
		if (rc == SC_OK && l->raw != NULL)
			rc = raw_exec(l, sqlite_bulk_on);
		else if (rc == SC_OK)
			rc = db_exec(l->db, "PRAGMA foreign_keys=OFF; PRAGMA ignore_check_constraints=ON;");
	}
	if (rc != SC_OK)
		return rc;
	rc = l->raw != NULL ? raw_exec(l, "BEGIN IMMEDIATE") : db_begin_write(l->db);
	l->in_tx = rc == SC_OK;
	if (rc == SC_OK && bulk)
		rc = save_indexes(l);
	/* Every load, the default one too: the facts' triggers recompute a
	 * period's row, a group's month of sessions (migration 33: on
	 * PostgreSQL 6 of the default demo's 7 minutes in the tests), and
	 * Today's a participant's lines, at every row written; one fill from
	 * the views at the end gives the same rows. */
	if (rc == SC_OK)
		rc = pause_report_facts(l);
	if (rc == SC_OK && bulk)
		rc = drop_indexes(l);
	if (rc == SC_OK)
		rc = pause_today(l);
	if (rc == SC_OK && bulk && l->pg)
		rc = drop_fkeys(l);
	l->keep_terms = bulk;
	if (rc == SC_OK && bulk) {
		if (pthread_mutex_init(&l->mu, NULL) != 0) {
			rc = SC_ERR;
		} else if (pthread_cond_init(&l->cv, NULL) != 0) {
			pthread_mutex_destroy(&l->mu);
			rc = SC_ERR;
		} else if (pthread_create(&l->writer, NULL, writer_main, l) != 0) {
			pthread_cond_destroy(&l->cv);
			pthread_mutex_destroy(&l->mu);
			rc = SC_ERR;
		} else {
			l->threaded = true;
		}
	}
	return rc;
}

static void
rollback_load(struct demo_load *l)
{
	if (!l->in_tx)
		return;
	if (l->raw != NULL)
		sqlite3_exec(l->raw, "ROLLBACK", NULL, NULL, NULL);
	else
		db_rollback(l->db);
	l->in_tx = false;
}

int
store_demo_begin(struct db *db, unsigned flags, struct demo_load **out)
{
	*out = NULL;
	pthread_once(&sql_once, build_all);
	if (!sql_ok)
		return SC_ERR;
	struct demo_load *l = calloc(1, sizeof *l);
	if (l == NULL)
		return SC_ENOMEM;
	l->db = db;
	l->flags = flags;
	l->pg = db_kind(db) == DB_POSTGRES;
	l->cur = batch_new();
	l->nbatches = 1;
	int rc = l->cur != NULL ? begin_load(l) : SC_ENOMEM;
	if (rc != SC_OK) {
		/* The drops roll back with the transaction: nothing to rebuild. */
		rollback_load(l);
		restore_settings(l);
		if (!l->pg && (flags & DEMO_LOAD_BULK) && l->raw == NULL)
			db_exec(db, "PRAGMA foreign_keys=ON; PRAGMA ignore_check_constraints=OFF;");
		free_load(l);
		return rc;
	}
	*out = l;
	return SC_OK;
}

/* PostgreSQL's planner statistics and visibility map, as after any bulk
 * load (autovacuum would make them soon anyway): without the VACUUM every
 * index-only scan still read the table's rows (no page of meetings,
 * today_lines or participant_search was marked all-visible after a load),
 * and the rows the load updated stayed as dead ones in front of the live
 * (the liaison's employer count scanned 1,067 pages for 201 employers).
 * At a million: 74 s, against 33 s for ANALYZE alone; the participant's
 * page then answered twice as many requests, search 23-44 % more. SQLite
 * gets neither: the program never runs ANALYZE, so its queries are planned
 * without statistics everywhere else, and the benchmark should see the
 * database a centre would have. (Sampled ones, analysis_limit, were also
 * far off: an index of a million rows counted as 2.9 million.) */
static const char sql_analyze_pg[] = "VACUUM (ANALYZE)";

static int
commit_load(struct demo_load *l)
{
	int rc = l->raw != NULL ? raw_exec(l, "COMMIT") : db_commit(l->db);
	if (rc == SC_OK)
		l->in_tx = false;
	return rc;
}

int
store_demo_finish(struct demo_load *l, int64_t counts[DEMO_NTABLES], struct demo_times *times)
{
	struct demo_times tm;
	memset(&tm, 0, sizeof tm);
	int64_t t0 = time_mono_ms();
	int rc = store_demo_flush(l);
	int wrc = stop_writer(l);
	if (rc == SC_OK)
		rc = wrc;
	int64_t t1 = time_mono_ms();
	tm.drain_ms = t1 - t0;
	if (rc == SC_OK && l->nterms > 0)
		rc = write_terms(l);
	int64_t t2 = time_mono_ms();
	tm.terms_ms = t2 - t1;
	if (counts != NULL)
		memcpy(counts, l->written, DEMO_NTABLES * sizeof l->written[0]);
	/* The loaded tables' indexes first: the views the kept tables are
	 * made from read through them (the caseload overview's looked up each
	 * user's participants: without participants_centre_unassigned a scan
	 * of every participant per user, 126 s at 100,000 and growing with
	 * the square of the scale); the facts tables' after their rows. */
	if (rc == SC_OK)
		rc = create_indexes(l, 0);
	int64_t tf = time_mono_ms();
	if (rc == SC_OK)
		rc = resume_report_facts(l, &tm);
	tm.facts_ms = time_mono_ms() - tf;
	if (rc == SC_OK)
		rc = create_indexes(l, 1);
	if (rc == SC_OK)
		rc = add_fkeys(l);
	int64_t t3 = time_mono_ms();
	tm.indexes_ms = t3 - t2;
	if (rc == SC_OK)
		rc = resume_today(l);
	if (rc == SC_OK)
		rc = create_indexes(l, 2);
	int64_t t3b = time_mono_ms();
	tm.today_ms = t3b - t3;
	t3 = t3b;
	if (rc == SC_OK && l->pg) {
		for (int t = 0; t < DEMO_NTABLES && rc == SC_OK; t++) {
			if (!tabs[t].has_id)
				continue;
			struct db_stmt *st = db_prepare(l->db, tabs[t].sql_setval);
			if (st == NULL) {
				rc = SC_EDB;
				break;
			}
			while ((rc = db_step(st)) == DB_ROW)
				;
			db_done(st);
		}
	}
	if (rc == SC_OK)
		rc = commit_load(l);
	int64_t t4 = time_mono_ms();
	tm.commit_ms = t4 - t3;
	if (rc != SC_OK) {
		store_demo_abort(l);
		return rc;
	}
	if ((l->flags & DEMO_LOAD_BULK) && l->pg)
		rc = db_exec(l->db, sql_analyze_pg);
	tm.analyze_ms = time_mono_ms() - t4;
	if (times != NULL)
		*times = tm;
	if (!l->pg && (l->flags & DEMO_LOAD_BULK) && l->raw == NULL)
		db_exec(l->db, "PRAGMA foreign_keys=ON; PRAGMA ignore_check_constraints=OFF;");
	int rc2 = restore_settings(l);
	free_load(l);
	return rc != SC_OK ? rc : rc2;
}

void
store_demo_abort(struct demo_load *l)
{
	if (l == NULL)
		return;
	stop_writer(l);
	/* One transaction: the rollback takes the rows and the dropped
	 * indexes back with it. */
	rollback_load(l);
	if (!l->pg && (l->flags & DEMO_LOAD_BULK) && l->raw == NULL)
		db_exec(l->db, "PRAGMA foreign_keys=ON; PRAGMA ignore_check_constraints=OFF;");
	restore_settings(l);
	free_load(l);
}

