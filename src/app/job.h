/*
 * job.h — the commands and queries of a job that followed a placement
 * (issue 10, section 4; decisions 41 and 73): its page with the history of
 * its income, a new income version from a month (never an edit of an old
 * one), and ending the job with its last day and why.
 *
 * A job is a part of its participant's record (PART_PLACEMENTS): every
 * command loads the job and asks app_participant() for its participant, so
 * a job whose participant the actor may not reach is not found (audited as
 * access.denied). Each change is one transaction with its audit entry; a
 * read is audited through the queue. The benefit run reads what these
 * write through store_work_income_month(): the income version in force in a
 * month, and none after the month of the job's last day.
 */
#ifndef SC_APP_JOB_H
#define SC_APP_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "domain/employment.h"
#include "store/store.h"

/* One job with its participant (brief may be NULL). Audited as read
 * ("employment.read"). REFUSED_NOT_FOUND. */
int app_job_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct employment *job,
		struct participant_brief *brief, struct outcome *out);

/* Reads a job for a change (act ACT_WRITE) or a form's answer:
 * REFUSED_NOT_FOUND as app_job_get(), not audited. */
int app_job_load(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum action act,
		 struct employment *job, struct outcome *out);

/* The job's income versions, oldest first, each with who saved it and
 * when (after app_job_get()). */
int app_job_incomes(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		    struct employment_income **items, size_t *n);

/* The jobs of a participant the actor may read (PART_PLACEMENTS), latest
 * start first; the read audited ("employment.list") when audit is true
 * (the participant's page audits its own read). REFUSED_NOT_FOUND. */
int app_participant_jobs(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			 bool audit, struct employment **items, size_t *n, struct outcome *out);

/*
 * Records a new income version of job id: a gross salary and hours a
 * month from the first day of a month (employment_income_check()).
 * REFUSED_NOT_FOUND; REFUSED_INVALID with the fields. DONE: out->id the
 * version. Audited "employment.income".
 */
int app_job_income_add(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       struct employment_income *in, struct outcome *out);

/*
 * Ends job id read at version (0: REFUSED_INVALID on "version"): its last
 * day, the reason and a note (employment_end_check()), written to the
 * change log with the old and new last day. REFUSED_NOT_FOUND;
 * REFUSED_INVALID; REFUSED_STATE when it was ended already; REFUSED_STALE
 * (out->version the saved one). DONE: out->version. Audited
 * "employment.end".
 */
int app_job_end(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
		struct employment_end *in, struct outcome *out);

#endif
