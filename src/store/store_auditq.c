/*
 * store_auditq.c — the audit queue: entries for reads are written by one
 * background thread in batches, one transaction (one disk sync) per batch,
 * instead of one write transaction per page view. See store.h.
 */
#include "db.h"
#include "store.h"
#include "../util/err.h"
#include "../util/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Entries waiting at most; past this, callers write directly. */
#define AUDITQ_MAX 8192
/* The writer lets entries gather this long (ms) after the first, or until
 * AUDITQ_BATCH wait or someone flushes: each commit on SQLite empties
 * every other connection's page cache (a WAL reader starts again when the
 * database changed), so a commit per page view made every page read its
 * pages anew (docs/DECISIONS.md, 71). */
#define AUDITQ_DELAY_MS 100
#define AUDITQ_BATCH 4096
/* While the database cannot be reached, the writer keeps its batch and
 * tries again this often (ms); when stopping, for this long at most. */
#define AUDITQ_RETRY_MS 250
#define AUDITQ_STOP_WAIT_MS 5000
/* How long a flush waits for the writer (ms): the audit pages flush before
 * reading, and must not hang while the database is away. */
#define AUDITQ_FLUSH_WAIT_MS 3000

struct qentry {
	int64_t centre;    /* 0: none */
	int64_t at;
	int64_t user_id;
	char *text;        /* username, action, record_type, record_id, address, outcome,
			    * each NUL-terminated, one allocation */
};

struct auditq {
	pthread_mutex_t mu;
	pthread_cond_t wake;      /* to the writer: entries or stop */
	pthread_cond_t done;      /* to waiters: a batch was committed */
	struct qentry *items;     /* being filled */
	struct qentry *spare;     /* being written (NULL meanwhile) */
	size_t n;
	uint64_t queued;          /* entries ever queued */
	uint64_t written;         /* entries ever handled (written or dropped) */
	bool flushing;            /* a flush waits: write at once */
	bool stop;
	pthread_t thread;
	struct db *db;
};

static struct auditq *
q_of(struct store *s)
{
	return s ? store_auditq(s) : NULL;
}

static char *
pack(const char *const *fields, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += strlen(fields[i] ? fields[i] : "") + 1;
	char *p = malloc(len);
	if (p == NULL)
		return NULL;
	char *w = p;
	for (size_t i = 0; i < n; i++) {
		const char *f = fields[i] ? fields[i] : "";
		size_t l = strlen(f) + 1;
		memcpy(w, f, l);
		w += l;
	}
	return p;
}

static int
write_one(struct db *db, const struct qentry *e)
{
	const char *f[6];
	const char *p = e->text;
	for (int i = 0; i < 6; i++) {
		f[i] = p;
		p += strlen(p) + 1;
	}
	return store_audit_add(db, e->centre, e->at, e->user_id, f[0], f[1], f[2], f[3], f[4], f[5]);
}

/* True once the queue is stopping. */
static bool
stopping(struct auditq *q)
{
	pthread_mutex_lock(&q->mu);
	bool stop = q->stop;
	pthread_mutex_unlock(&q->mu);
	return stop;
}

/*
 * Writes a batch in one transaction: retried when busy; kept and retried
 * while the database cannot be reached (a restart, a lost connection), so
 * an outage loses no read entry that was queued; given up only when the
 * queue stops and the database stays away for AUDITQ_STOP_WAIT_MS.
 */
static int
write_batch(struct auditq *q, const struct qentry *batch, size_t n)
{
	int64_t waited = 0;
	for (;;) {
		int rc = SC_EBUSY;
		db_clear_unavailable(q->db);
		for (int attempt = 0; attempt < 5 && rc == SC_EBUSY; attempt++) {
			rc = db_begin_write(q->db);
			for (size_t i = 0; rc == SC_OK && i < n; i++)
				rc = write_one(q->db, &batch[i]);
			if (rc == SC_OK)
				rc = db_commit(q->db);
			if (rc != SC_OK)
				db_rollback(q->db);
		}
		if (rc != SC_EUNAVAIL)
			return rc;
		if (stopping(q) && waited >= AUDITQ_STOP_WAIT_MS)
			return SC_EUNAVAIL;
		struct timespec ts = {0, AUDITQ_RETRY_MS * 1000000L};
		nanosleep(&ts, NULL);
		waited += AUDITQ_RETRY_MS;
	}
}

static void *
writer(void *arg)
{
	struct auditq *q = arg;
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (q->n == 0 && !q->stop)
			pthread_cond_wait(&q->wake, &q->mu);
		if (q->n == 0 && q->stop)
			break;
		/* Let more arrive so one commit covers them, until the time
		 * is up, the batch is full, or a flush or stop asks. */
		if (!q->stop && !q->flushing && q->n < AUDITQ_BATCH) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += AUDITQ_DELAY_MS * 1000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			while (!q->stop && !q->flushing && q->n < AUDITQ_BATCH)
				if (pthread_cond_timedwait(&q->wake, &q->mu, &ts) != 0)
					break;
		}
		q->flushing = false;
		/* Swap the arrays: callers fill the empty one while this one is written. */
		struct qentry *batch = q->items;
		size_t n = q->n;
		q->items = q->spare;
		q->spare = NULL;
		q->n = 0;
		pthread_mutex_unlock(&q->mu);

		int rc = write_batch(q, batch, n);
		if (rc != SC_OK)
			log_error("audit queue: %zu entries could not be written: %s (%s)", n,
				  sc_strerror(rc), db_errmsg(q->db));
		for (size_t i = 0; i < n; i++)
			free(batch[i].text);

		pthread_mutex_lock(&q->mu);
		q->spare = batch;
		q->written += n;
		pthread_cond_broadcast(&q->done);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

int
store_audit_queue_start(struct store *s, const char *url, int busy_ms, char *err, size_t errlen)
{
	struct auditq *q = calloc(1, sizeof *q);
	if (q == NULL)
		return SC_ENOMEM;
	q->items = calloc(AUDITQ_MAX, sizeof *q->items);
	q->spare = calloc(AUDITQ_MAX, sizeof *q->spare);
	if (q->items == NULL || q->spare == NULL) {
		free(q->items);
		free(q->spare);
		free(q);
		return SC_ENOMEM;
	}
	struct db_options o = *store_db_options(s);
	o.busy_ms = busy_ms;
	int rc = db_open_with(url, &o, &q->db, err, errlen);
	if (rc != SC_OK) {
		free(q->items);
		free(q->spare);
		free(q);
		return rc;
	}
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->wake, NULL);
	pthread_cond_init(&q->done, NULL);
	if (pthread_create(&q->thread, NULL, writer, q) != 0) {
		db_close(q->db);
		free(q->items);
		free(q->spare);
		free(q);
		return SC_ERR;
	}
	store_set_auditq(s, q);
	return SC_OK;
}

void
store_audit_queue_stop(struct store *s)
{
	struct auditq *q = q_of(s);
	if (q == NULL)
		return;
	pthread_mutex_lock(&q->mu);
	q->stop = true;
	pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	store_set_auditq(s, NULL);
	db_close(q->db);
	free(q->items);
	free(q->spare);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->wake);
	pthread_cond_destroy(&q->done);
	free(q);
}

int
store_audit_queue_add(struct store *s, struct db *db, int64_t centre, int64_t at, int64_t user_id,
		      const char *username, const char *action, const char *record_type,
		      const char *record_id, const char *address, const char *outcome)
{
	struct auditq *q = q_of(s);
	if (q != NULL) {
		const char *f[6] = {username, action, record_type, record_id, address,
				    outcome ? outcome : "ok"};
		char *text = pack(f, 6);
		if (text != NULL) {
			pthread_mutex_lock(&q->mu);
			if (q->n < AUDITQ_MAX && !q->stop) {
				q->items[q->n].centre = centre;
				q->items[q->n].at = at;
				q->items[q->n].user_id = user_id;
				q->items[q->n].text = text;
				q->n++;
				q->queued++;
				/* The writer waits for the first entry, then for
				 * its delay or a full batch: only those wake it
				 * (a wake per entry was a thread switch per page
				 * view). */
				if (q->n == 1 || q->n == AUDITQ_BATCH)
					pthread_cond_signal(&q->wake);
				pthread_mutex_unlock(&q->mu);
				return SC_OK;
			}
			pthread_mutex_unlock(&q->mu);
			free(text);
		}
	}
	/* No queue, or it is full: write it now. */
	return store_audit_add(db, centre, at, user_id, username, action, record_type, record_id, address,
			       outcome);
}

void
store_audit_queue_flush(struct store *s)
{
	struct auditq *q = q_of(s);
	if (q == NULL)
		return;
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += AUDITQ_FLUSH_WAIT_MS / 1000;
	pthread_mutex_lock(&q->mu);
	uint64_t target = q->queued;
	q->flushing = true;
	pthread_cond_signal(&q->wake);
	while (q->written < target && !q->stop)
		if (pthread_cond_timedwait(&q->done, &q->mu, &deadline) != 0)
			break;
	pthread_mutex_unlock(&q->mu);
}
