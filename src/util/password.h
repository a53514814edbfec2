/*
 * password.h — password hashing (Argon2id, libsodium), below the web and
 * the command line: hash_password() and hash_verify() in the calling
 * thread (the CLI, start-up), and the hash pool for the web server.
 *
 * The pool: a fixed number of worker threads compute password hashes, each using the
 * configured memory, so a burst of sign-ins costs at most
 * workers × memory and never blocks the threads that serve other pages.
 * A request suspends its connection, submits a job, and is resumed by the
 * job's done() callback, which runs on a worker thread.
 */
#ifndef SC_UTIL_PASSWORD_H
#define SC_UTIL_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define HASH_STR_MAX 128   /* >= crypto_pwhash_STRBYTES */

enum hash_kind { HASH_VERIFY, HASH_CREATE };

struct hash_job {
	enum hash_kind kind;
	const char *password;        /* caller-owned until done() */
	const char *stored;          /* HASH_VERIFY: the stored hash string */
	bool ok;                     /* result: verified, or created */
	char hash[HASH_STR_MAX];     /* HASH_CREATE: the new hash string */
	void (*done)(void *arg);     /* called on a worker thread */
	void *arg;
	struct hash_job *next;       /* queue link, owned by the pool */
};

struct hashpool;

/* Starts `workers` threads; at most `queue_max` jobs wait. memlimit is in
 * bytes. Returns 0, or SC_ENOMEM / SC_ERR. */
int hashpool_start(int workers, int queue_max, unsigned long long opslimit,
		   size_t memlimit, struct hashpool **out);
/* Finishes queued jobs, stops the threads, frees the pool. Accepts NULL. */
void hashpool_stop(struct hashpool *p);
/* Queues a job. SC_ELIMIT when the queue is full (done() is not called). */
int hashpool_submit(struct hashpool *p, struct hash_job *job);
/* A hash, in the calling thread, for the CLI and start-up. 0 or SC_ERR. */
int hash_password(const char *password, unsigned long long opslimit, size_t memlimit,
		  char out[HASH_STR_MAX]);
/* Verifies in the calling thread; true when the password matches. */
bool hash_verify(const char *stored, const char *password);

#endif
