/*
 * caseload.h — the commands and queries of contact persons and caseloads
 * (domain/caseload.h): assigning a participant's contact person, bulk
 * reassignment, caps, the leader's overview, one caseload and its export,
 * the assignment history, and a user's saved filters.
 *
 * Who may do what: a participant's contact person is read and changed
 * through the participant's record (PART_CASELOAD, app_participant());
 * caseloads by the caseloads resource (domain/access.h) — SCOPE_ALL (a
 * leader) opens any caseload of the centre, SCOPE_OWN (a contact person)
 * only their own: another's is REFUSED_FORBIDDEN, which the caller answers
 * 403 and audits as "access.denied" of that caseload. A user who is not of
 * the actor's centre is REFUSED_NOT_FOUND.
 *
 * A full caseload is REFUSED_FULL with the facts of the refusal in a
 * struct caseload_refusal (a message names the person and the numbers).
 * Every change is audited in its own transaction ("assignment.create" per
 * participant moved, "caseload.bulk", "caseload.cap"); every read of a
 * caseload as "caseload.read" (the export "caseload.export"), of a
 * participant's contact person as "participant.read".
 */
#ifndef SC_APP_CASELOAD_H
#define SC_APP_CASELOAD_H

#include "app/app.h"
#include "domain/caseload.h"

struct participant_brief;

/* What a refused change was refused with, for the words of the refusal. */
struct caseload_refusal {
	const char *contact_name;  /* FULL: the contact person's name */
	int64_t active;            /* FULL (one participant): their active participants */
	int cap;                   /* FULL (one participant): their cap */
	int room;                  /* FULL (bulk): their free places */
	int chosen;                /* FULL (bulk): the chosen that would count */
};

/* ---- a participant's contact person ---- */

/* The participant's contact person and the history of who followed them,
 * newest first. brief gets the participant; *contact_name the current
 * contact person's name (NULL when none). audit: the read is audited
 * ("participant.read"); a command's answer passes false. REFUSED_NOT_FOUND
 * when the actor may not read the participant's contact person. */
int app_participant_contact(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			    bool audit, struct participant_brief *brief, const char **contact_name,
			    struct assignment **history, size_t *n, struct outcome *out);

/*
 * Makes in->contact_id the participant's contact person, with in->reason.
 * Assigning the one they have is done with nothing written. Refusals:
 * NOT_FOUND (the participant is not the actor's to change), INVALID
 * (contact_id: not an active contact person of the centre; reason too
 * long), FULL (why filled). brief gets the participant as it was.
 */
int app_contact_assign(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		       const struct assignment_input *in, struct participant_brief *brief,
		       struct caseload_refusal *why, struct outcome *out);

/* The contact persons an assign form offers: all of the centre's, or when
 * there are more than limit those whose name contains who (see
 * store_caseload_choices()). */
int app_contact_choices(struct db *db, struct arena *a, const struct actor *actor, const char *who,
			int64_t limit, struct contact_choice **items, size_t *n, int64_t *total);

/* ---- caseloads ---- */

/*
 * The overview: a page of the centre's contact persons with their figures
 * for q, and the centre's totals. An actor who may open only their own
 * caseload gets only themselves (one item on page 1). Audited
 * "caseload.read".
 */
int app_caseload_overview(struct db *db, struct arena *a, const struct actor *actor,
			  const struct caseload_query *q, int64_t page, int64_t per_page,
			  struct caseload_person **items, size_t *n, int64_t *total,
			  struct caseload_totals *totals, struct outcome *out);

/* The actor may open every caseload of the centre (not only their own). */
bool app_caseload_manages(const struct actor *actor);

/* REFUSED_FORBIDDEN (with its message) unless the actor may open uid's
 * caseload: any (SCOPE_ALL) or their own (SCOPE_OWN); REFUSED_NOT_FOUND
 * when uid is no user of the actor's centre. Every query and command of one
 * caseload checks it first; a handler asks it before reading the request. */
int app_caseload_open(struct db *db, struct arena *a, const struct actor *actor, int64_t uid,
		      struct outcome *out);

/* uid's figures and a page (from 1) of their caseload narrowed by q.
 * FORBIDDEN: another's caseload for a contact person; NOT_FOUND: no such
 * user of the centre. Audited "caseload.read". */
int app_caseload(struct db *db, struct arena *a, const struct actor *actor, int64_t uid,
		 const struct caseload_query *q, int64_t page, int64_t per_page, struct caseload_person *person,
		 struct caseload_row **rows, size_t *n, int64_t *total, struct outcome *out);

/* The same for a download: up to max_rows rows; audited "caseload.export". */
int app_caseload_export(struct db *db, struct arena *a, const struct actor *actor, int64_t uid,
			const struct caseload_query *q, int64_t max_rows, struct caseload_person *person,
			struct caseload_row **rows, size_t *n, struct outcome *out);

/* A page of the assignments uid has had, newest first; *name gets theirs.
 * FORBIDDEN and NOT_FOUND as app_caseload(). Audited "caseload.read". */
int app_caseload_history(struct db *db, struct arena *a, const struct actor *actor, int64_t uid,
			 int64_t page, int64_t per_page, const char **name, struct assignment **items,
			 size_t *n, int64_t *total, struct outcome *out);

/*
 * Moves every participant of in->participant_ids to in->contact_id, all or
 * none. Refusals: INVALID (participant_ids: empty, too many, or an id of
 * no participant of the centre — "There is no participant with id %lld.";
 * contact_id: not an active contact person), FULL (why: room and chosen).
 * *moved gets the number whose contact person changed.
 */
int app_caseload_bulk(struct db *db, struct arena *a, const struct actor *actor, const struct bulk_input *in,
		      int64_t *moved, struct caseload_refusal *why, struct outcome *out);

/*
 * Sets uid's cap. Refusals: FORBIDDEN, NOT_FOUND (as app_caseload()),
 * INVALID (cap: out of range, below their active participants — with
 * their number — or uid is not a contact person). On DONE, person gets
 * their figures for q.
 */
int app_caseload_set_cap(struct db *db, struct arena *a, const struct actor *actor, int64_t uid,
			 const struct cap_input *in, const struct caseload_query *q,
			 struct caseload_person *person, struct outcome *out);

/* ---- saved filters ---- */

/* The actor's saved filters. */
int app_filters(struct db *db, struct arena *a, const struct actor *actor, struct saved_filter **items,
		size_t *n);

/*
 * Saves in->filter under in->name for the actor, from uid's caseload page
 * (which the actor must be able to open: FORBIDDEN as app_caseload()).
 * INVALID: name (missing, too long, taken, 50 saved already) or query (no
 * filter). On DONE *query is the filter as saved (the query string).
 */
int app_filter_save(struct db *db, struct arena *a, const struct actor *actor, int64_t uid,
		    const struct saved_filter_input *in, int default_days, const char **query,
		    struct outcome *out);

/* Deletes one of the actor's own filters: NOT_FOUND when it is not theirs;
 * FORBIDDEN when the actor may open no caseload. */
int app_filter_delete(struct db *db, const struct actor *actor, int64_t filter_id, struct outcome *out);

#endif
