/*
 * store_demo_parts.h — INTERNAL to the demo's bulk load: what store_demo.c
 * (the load: the rows handed over, the writer thread, the search terms,
 * foreign keys, the loading connection, begin and finish),
 * store_demo_tables.c (the tables a load writes, and reading them back),
 * store_demo_write.c (the rows in memory, writing them, the indexes),
 * store_demo_kept.c (what the load counts in C) and store_demo_facts.c (the
 * reports' facts and Today's lines, made from their views at the end)
 * share. Each calls only those listed after it. Other layers use
 * store_demo.h (through store.h).
 */
#ifndef SC_STORE_DEMO_PARTS_H
#define SC_STORE_DEMO_PARTS_H

#include "db_impl.h"
#include "store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct demo_tab {
	const char *name;
	const char *cols;
	int ncols;
	bool has_id;
	const char *sql_max_id;
	const char *sql_count;
	const char *sql_rows;     /* the columns the checksum reads, in key order */
	int nsum;                 /* how many */
	const char *sql_setval;   /* PostgreSQL: move the identity sequence */
};

/* After the generator's tables, kept tables the load counts itself as the
 * rows go by (store_demo_kept.c): written like the others, at the end, but
 * neither counted nor summed as the demo's. */
enum {
	KEPT_ATT_MONTHS = DEMO_NTABLES, KEPT_ATT_SESSIONS, KEPT_CASELOAD_MONTHS, KEPT_CASELOAD_AGES,
	KEPT_CASELOAD_SCHOOLS, KEPT_REPORT_GROUPS, KEPT_REPORT_WAITS, KEPT_REPORT_JOBS, KEPT_REPORT_AGE_GROUPS, KEPT_REPORT_AGE_WAITS, KEPT_REPORT_AGE_JOBS, KEPT_INTAKE_SOURCES,
	KEPT_INTAKE_AGE_SOURCES, KEPT_REPORT_SCHOOL_GROUPS, KEPT_REPORT_SCHOOL_WAITS, KEPT_REPORT_SCHOOL_JOBS,
	KEPT_INTAKE_SCHOOL_SOURCES, KEPT_INTAKE_DAYS, KEPT_REPORT_EXIT_DAYS, KEPT_ATT_CLASS_GROUPS, KEPT_ATT_DIM_GROUPS,
	KEPT_ATT_DIM_TYPES, KEPT_ATT_DIM_MONTHS, KEPT_LANGUAGE_BANDS, NTABS
};

struct cell {
	int64_t i;              /* integer, or offset of the text */
	uint32_t len;           /* bytes of the text (without its NUL) */
	uint8_t kind;           /* DV_KIND_NULL, _INT or _TEXT (dates become text) */
};

struct tab_buf {
	struct cell *cells;
	size_t ncells, capcells;
	char *text;
	size_t ntext, captext;
};

/* The rows of one group of histories, all tables. */
struct batch {
	struct tab_buf buf[DEMO_NTABLES];
	struct batch *next;
};

/* Search terms of a bulk load, kept to be written in key order. */
struct term {
	size_t off;             /* into terms_text */
	size_t keys;            /* the participant's keys, into terms_text */
	int64_t pid;
	int64_t centre;
};

struct saved_index {
	char *name;
	char *sql;
	int stage;    /* built again: 0 with the loaded tables', 1 after the facts
		       * (facts_tables[]), 2 after Today's lines */
};

#define MAX_BATCHES 3   /* one being filled, up to two waiting for the writer */

struct kept;

struct demo_load {
	struct db *db;                 /* the store's connection */
	sqlite3 *raw;                  /* SQLite bulk: the loading connection */
	sqlite3_stmt *raw_big[NTABS], *raw_mid[NTABS], *raw_one[NTABS];
	unsigned flags;
	bool pg;
	bool in_tx;
	bool left_wal;                 /* the store's connection left WAL for the load */
	int64_t written[NTABS];
	struct batch *cur;             /* being filled by the caller */
	struct saved_index *indexes;   /* dropped, to build again */
	size_t nindexes;
	struct saved_index *triggers;  /* Today's triggers, paused: how to resume */
	size_t ntriggers;
	struct saved_index *fkeys;     /* PostgreSQL: foreign keys dropped (name: DROP, sql: ADD) */
	size_t nfkeys;
	/* search terms (bulk) */
	bool keep_terms;
	struct term *terms;
	size_t nterms, capterms;
	char *terms_text;
	size_t nterms_text, capterms_text;
	/* The writer thread (bulk loads): the caller fills batches, the
	 * writer writes them, so making rows and writing them overlap. */
	bool threaded;
	pthread_t writer;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *queue, *queue_tail;  /* full batches, oldest first */
	struct batch *spare;               /* written, ready for reuse */
	int nbatches;
	bool stopping;
	int writer_rc;                     /* first failure of the writer */
	/* The reports' facts (migration 24): their triggers, paused for a
	 * bulk load (name, and the SQL to make it again or, PostgreSQL, the
	 * table to enable it on) */
	struct saved_index *facts_triggers;
	size_t nfacts_triggers;
	struct kept *kept;             /* kept rows counted by the load */
};

/* The facts tables: made from their views at the end (store_demo_facts.c),
 * their indexes built again after their rows (store_demo_write.c). */
static const char *const facts_tables[] = {"report_facts", "intake_facts", "caseload_spans", "caseload_months"};
#define NFACTS_TABLES (sizeof facts_tables / sizeof facts_tables[0])

static inline bool
is_facts_table(const char *table)
{
	for (size_t i = 0; i < NFACTS_TABLES; i++)
		if (strcmp(table, facts_tables[i]) == 0)
			return true;
	return false;
}

/* ---- store_demo_tables.c ---- */

/* The generator's tables (enum demo_table), then the kept tables the load
 * counts itself. */
extern const struct demo_tab tabs[NTABS];

/* ---- store_demo_write.c ---- */

/* The INSERT texts, built once per process: pthread_once(&sql_once,
 * build_all), then sql_ok. */
extern pthread_once_t sql_once;
extern bool sql_ok;
void build_all(void);
struct batch *batch_new(void);
void batch_clear(struct batch *b);
void batch_free(struct batch *b);
/* Room for n more bytes in *buf (*cap bytes, *used used). */
bool grow_text(char **buf, size_t *cap, size_t used, size_t n);
/* Keeps a search term of a bulk load, to be written in key order. */
int keep_term(struct demo_load *l, int64_t centre, const char *term, int64_t pid, const char *keys);
/* Appends one row of table t (its ncols values) to b. */
int buf_row(struct tab_buf *b, int t, const struct demo_val *vals);
/* Writes every row of b to table t (and counts them in l->written). */
int write_table(struct demo_load *l, const struct tab_buf *b, enum demo_table t);
/* Writes a batch, tables in enum order: parents before children. */
int write_batch(struct demo_load *l, struct batch *b);
/* A failure rc of the loading connection (SQLite bulk), as the store's. */
int raw_fail(struct demo_load *l, int rc);
int raw_exec(struct demo_load *l, const char *sql);
/* Runs DDL on the loading connection. */
int exec_load(struct demo_load *l, const char *sql);
/* A name from the catalogue that is safe to splice into DDL. */
bool plain_name(const char *s);
/* Keeps table's index name (sql: its definition) to build again, unless
 * it keeps up with the load. */
int save_index(struct demo_load *l, const char *table, const char *name, const char *sql);
/* The non-unique indexes of the loaded tables: kept, dropped, built again
 * by stage (0 the loaded tables', 1 the facts', 2 Today's lines'). */
int save_indexes(struct demo_load *l);
int drop_indexes(struct demo_load *l);
int create_indexes(struct demo_load *l, int stage);
/* Non-unique indexes of one table (the parameter), with their definitions. */
extern const char sql_indexes_sqlite[];
extern const char sql_indexes_pg[];

/* ---- store_demo_kept.c ---- */

/* Counts a row of the tables the load counts itself (store_demo_row()). */
int count_row(struct demo_load *l, enum demo_table t, const struct demo_val *vals);
void kept_free(struct kept *k);
/* attendance_months and attendance_sessions: the counted rows, or from the
 * views. */
int write_kept_marks(struct demo_load *l);
/* language_gains: the counted groups added to the centre's, or from the
 * view. */
int write_kept_gains(struct demo_load *l);
/* Groups the rows of sel and writes the groups to table t in key order;
 * SC_EINVAL, nothing written, for a value it does not take. */
int group_rows(struct demo_load *l, const char *sel, int nkeys, int nsums, int t, bool nonzero);

/* ---- store_demo_facts.c ---- */

/* Pauses the facts' triggers (and keeps their tables' indexes, bulk). */
int pause_report_facts(struct demo_load *l);
/* Makes every row of the facts and what is kept from them, then resumes
 * the triggers. */
int resume_report_facts(struct demo_load *l, struct demo_times *tm);
/* Pauses Today's triggers for the load. */
int pause_today(struct demo_load *l);
/* Makes every line of Today, then resumes the triggers. */
int resume_today(struct demo_load *l);

#endif
