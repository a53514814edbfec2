/*
 * password.c — Argon2id hashing, in the caller's thread or on the pool;
 * see password.h.
 */
#include "password.h"
#include "err.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct hashpool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct hash_job *head, *tail;
	int queued;
	int queue_max;
	bool stopping;
	unsigned long long opslimit;
	size_t memlimit;
	int nthreads;
	pthread_t *threads;
};

int
hash_password(const char *password, unsigned long long opslimit, size_t memlimit,
	      char out[HASH_STR_MAX])
{
	if (crypto_pwhash_str_alg(out, password, strlen(password), opslimit, memlimit,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return SC_ERR;
	return SC_OK;
}

bool
hash_verify(const char *stored, const char *password)
{
	if (stored == NULL || *stored == '\0')
		return false;
	return crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
}

static void *
worker(void *arg)
{
	struct hashpool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->head == NULL && !p->stopping)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->head == NULL) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		struct hash_job *job = p->head;
		p->head = job->next;
		if (p->head == NULL)
			p->tail = NULL;
		p->queued--;
		pthread_mutex_unlock(&p->mu);

		if (job->kind == HASH_VERIFY)
			job->ok = hash_verify(job->stored, job->password);
		else
			job->ok = hash_password(job->password, p->opslimit, p->memlimit,
						job->hash) == SC_OK;
		job->done(job->arg);
	}
}

int
hashpool_start(int workers, int queue_max, unsigned long long opslimit,
	       size_t memlimit, struct hashpool **out)
{
	*out = NULL;
	struct hashpool *p = calloc(1, sizeof *p);
	if (p == NULL)
		return SC_ENOMEM;
	p->threads = calloc((size_t)workers, sizeof *p->threads);
	if (p->threads == NULL) {
		free(p);
		return SC_ENOMEM;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->queue_max = queue_max;
	p->opslimit = opslimit;
	p->memlimit = memlimit;
	for (int i = 0; i < workers; i++) {
		if (pthread_create(&p->threads[i], NULL, worker, p) != 0) {
			hashpool_stop(p);
			return SC_ERR;
		}
		p->nthreads++;
	}
	*out = p;
	return SC_OK;
}

void
hashpool_stop(struct hashpool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->stopping = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->threads);
	free(p);
}

int
hashpool_submit(struct hashpool *p, struct hash_job *job)
{
	pthread_mutex_lock(&p->mu);
	if (p->queued >= p->queue_max || p->stopping) {
		pthread_mutex_unlock(&p->mu);
		return SC_ELIMIT;
	}
	job->next = NULL;
	if (p->tail != NULL)
		p->tail->next = job;
	else
		p->head = job;
	p->tail = job;
	p->queued++;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return SC_OK;
}
