/*
 * job.c — a job's income versions and its end; see job.h.
 */
#include "app/job.h"

#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/* Reads job id and checks the actor may act on its participant. */
static int
load(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum action act, struct employment *job,
     struct participant_brief *brief, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	int rc = store_employment_get(db, a, actor->centre_id, id, job);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	struct participant_brief b;
	rc = app_participant(db, a, actor, job->participant_id, PART_BIT(PART_PLACEMENTS), act,
			     brief != NULL ? brief : &b, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	out->id = id;
	out->version = job->version;
	return SC_OK;
}

int
app_job_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct employment *job,
	    struct participant_brief *brief, struct outcome *out)
{
	int rc = load(db, a, actor, id, ACT_READ, job, brief, out);
	if (rc == SC_OK && out->refusal == DONE)
		app_audit_read(db, actor, "employment.read", "employment", id);
	return rc;
}

int
app_job_load(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum action act,
	     struct employment *job, struct outcome *out)
{
	return load(db, a, actor, id, act, job, NULL, out);
}

int
app_job_incomes(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		struct employment_income **items, size_t *n)
{
	return store_employment_incomes(db, a, actor->centre_id, id, items, n);
}

int
app_participant_jobs(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		     bool audit, struct employment **items, size_t *n, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	memset(out, 0, sizeof *out);
	struct participant_brief b;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_PLACEMENTS), ACT_READ, &b, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_employments(db, a, actor->centre_id, participant_id, 0, items, n);
	if (rc == SC_OK && audit)
		app_audit_read(db, actor, "employment.list", "participant", participant_id);
	return rc;
}

int
app_job_income_add(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		   struct employment_income *in, struct outcome *out)
{
	struct employment job;
	int rc = load(db, a, actor, id, ACT_WRITE, &job, NULL, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(employment_income_fields, in, &out->errors);
	employment_income_check(in, &job, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	in->employment_id = id;
	rc = app_begin(db);
	/* the job again in the transaction: it may have ended since */
	if (rc == SC_OK) {
		rc = store_employment_get(db, a, actor->centre_id, id, &job);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	}
	if (rc == SC_OK && out->refusal == DONE && !employment_income_check(in, &job, &out->errors))
		rc = app_refuse(out, REFUSED_INVALID, NULL);
	int64_t vid = 0;
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_employment_income_add(db, actor->centre_id, in, actor->user_id, actor->now, &vid);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "employment.income", "employment", id);
	out->id = vid;
	in->id = vid;
	return app_end(db, rc, out);
}

int
app_job_end(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
	    struct employment_end *in, struct outcome *out)
{
	struct employment job;
	int rc = load(db, a, actor, id, ACT_WRITE, &job, NULL, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	if (version <= 0)
		return app_invalid(out, "version", N_("Must be the version you read, a whole number."));
	fields_check_required(employment_end_fields, in, &out->errors);
	employment_end_check(in, &job, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	rc = app_begin(db);
	if (rc == SC_OK) {
		rc = store_employment_get(db, a, actor->centre_id, id, &job);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, NULL);
	}
	const char *why = NULL;
	if (rc == SC_OK && out->refusal == DONE && (why = employment_end_refusal(&job)) != NULL)
		rc = app_refuse(out, REFUSED_STATE, why);
	if (rc == SC_OK && out->refusal == DONE && job.version != version) {
		out->version = job.version;
		rc = app_refuse(out, REFUSED_STALE,
				N_("Someone else saved this job after you opened it. Check the values and save again."));
	}
	if (rc == SC_OK && out->refusal == DONE && !employment_end_check(in, &job, &out->errors))
		rc = app_refuse(out, REFUSED_INVALID, NULL);
	if (rc == SC_OK && out->refusal == DONE) {
		rc = store_employment_set_end(db, actor->centre_id, id, version, in, actor->now);
		if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STALE,
					N_("Someone else saved this job after you opened it. Check the values and save again."));
	}
	if (rc == SC_OK && out->refusal == DONE) {
		char before[11] = "", after[11];
		if (job.ends_on.y != 0)
			date_format(job.ends_on, before);
		date_format(in->ends_on, after);
		struct field_change ch[2] = {
			{"ends_on", arena_strdup(a, before), arena_strdup(a, after)},
			{"end_reason", "", job_end_reason_options[in->reason].key},
		};
		rc = store_internship_change_add(db, actor->centre_id, CHANGE_EMPLOYMENT, id, version + 1, ch, 2,
						 "ends_on,end_reason", actor->user_id, actor->now);
	}
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "employment.end", "employment", id);
	out->id = id;
	out->version = out->refusal == DONE ? version + 1 : out->version;
	return app_end(db, rc, out);
}
