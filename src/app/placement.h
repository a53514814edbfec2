/*
 * placement.h — the commands and queries of placements (issue 10, section
 * 2; decision 39): propose, save the terms (open while no approval
 * stands, refused while one stands, an amendment once agreed, refused once
 * ended), approve (the centre last; the participant's approval recorded on
 * their behalf with how it was given), withdraw, end early.
 *
 * Every command loads the placement and asks app_participant() for its
 * participant with PART_PLACEMENTS: a placement whose participant the
 * actor may not reach is not found (audited as access.denied). Each change
 * is one transaction with its audit entry; a read is audited through the
 * queue. One active placement per participant holds under concurrency:
 * the centre's approval and an amendment lock the participant's row before
 * they look for another agreed placement in the period, as the caseload
 * cap does (decision 31); a pool agreement's places likewise lock the
 * agreement's row.
 */
#ifndef SC_APP_PLACEMENT_H
#define SC_APP_PLACEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "domain/employment.h"
#include "domain/evaluation.h"
#include "domain/placement.h"
#include "store/store.h"

/* Who may follow up a placement of participant_id (issue 10): an active
 * user of the centre with the liaison's role, or the participant's own
 * contact person (while active in that role). The list the form offers
 * and the one rule a save applies. */
int app_placement_follow_ups(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			     struct user **items, size_t *n);

/* Whether the actor may propose a placement for the participant (the one
 * rule app_placement_propose() applies): only for someone in the
 * programme (active or paused); the liaison for anyone in it, others for
 * those whose placements they may write. brief filled when so;
 * out->refusal REFUSED_NOT_FOUND (audited as a denial) when they may not
 * write them, REFUSED_STATE when the participant is not in the programme
 * (app_placement_in_programme(): active or paused).
 * app_placement_liaison_proposes(): the first branch, for a participant
 * the page has read. */
bool app_placement_in_programme(const struct participant_brief *p);
bool app_placement_liaison_proposes(const struct actor *actor, const struct participant_brief *p);
int app_placement_proposer(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			   struct participant_brief *brief, struct outcome *out);

/* Proposes a placement of in->participant_id at in->employer_id (status
 * proposed: no terms yet). REFUSED_INVALID
 * ("participant_id": not a participant the actor may place; "employer_id":
 * not an employer of the centre). DONE: out->id. */
int app_placement_propose(struct db *db, struct arena *a, const struct actor *actor, struct placement *in,
			  struct outcome *out);

/* One placement with its status on the actor's day, and brief its
 * participant (may be NULL). Audited as read. REFUSED_NOT_FOUND. */
int app_placement_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct placement *p,
		      struct participant_brief *brief, struct outcome *out);

/* Reads a placement for a change: REFUSED_NOT_FOUND as app_placement_get(),
 * not audited. */
int app_placement_load(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum action act,
		       struct placement *p, struct outcome *out);

/* The rules of the terms beyond each field's own (placement_record_check,
 * the supervisor one of the employer's contacts, the follow-up person one
 * who may be, the pool agreement one covering the employer, the goal one
 * of the participant's), added to e. */
int app_placement_terms_check(struct db *db, struct arena *a, const struct actor *actor, struct placement *in,
			      struct field_errors *e);

/*
 * Saves the terms of in (read over the stored record) on placement id read
 * at version. REFUSED_NOT_FOUND; REFUSED_INVALID (version 0, or the
 * fields); REFUSED_STATE when an approval stands (withdraw it first) or
 * the placement has ended; REFUSED_STALE (out->version); REFUSED_FULL when
 * an amendment's period meets another agreed placement of the participant
 * (naming it). Once agreed a save is an amendment: a new version with its
 * changes in the change log, the approvals standing. DONE: out->version.
 */
int app_placement_save(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
		       struct placement *in, struct outcome *out);

/*
 * Records an approval. REFUSED_NOT_FOUND; REFUSED_INVALID (the fields);
 * REFUSED_STATE (terms missing, already approved, the centre before the
 * others, ended); REFUSED_FULL when the centre's approval would give the
 * participant two agreed placements sharing a day, or the pool agreement
 * has no free place. DONE: out->version.
 */
int app_placement_approve(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			  struct placement_approval *in, struct outcome *out);

/* Withdraws a party's approval (and the centre's with the employer's or
 * the participant's). REFUSED_NOT_FOUND; REFUSED_INVALID; REFUSED_STATE. */
int app_placement_withdraw(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			   struct placement_withdrawal *in, struct outcome *out);

/* Ends a placement early. REFUSED_NOT_FOUND; REFUSED_INVALID; REFUSED_STATE. */
int app_placement_end(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		      struct placement_ending *in, struct outcome *out);

/* The approvals recorded on a placement the actor may read. */
int app_placement_approvals(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			    struct placement_approval_row **items, size_t *n);

/* The versions of a placement (its change log). */
int app_placement_changes(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			  struct internship_change **items, size_t *n);

/* The evaluations of the placements of a list the actor has read (by
 * placement, mid first). */
int app_placements_evaluations(struct db *db, struct arena *a, const struct actor *actor,
			       const struct placement_list *list, struct placement_evaluation **items, size_t *n);

/* The participant's placements, each with its status. REFUSED_NOT_FOUND
 * when the actor may not read the participant's placements. audit: the
 * read is audited ("placement.list" of the participant; a page that
 * shows them audits itself). */
int app_participant_placements(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			       bool audit, struct placement_list *list, struct outcome *out);

/* The participant's page's placements and jobs, from the brief
 * app_participant() gave in this request: the placements as
 * app_participant_placements() gives them and the jobs as
 * app_participant_jobs() does (neither audited: the page audits itself),
 * without reading the participant again. */
int app_participant_internships(struct db *db, struct arena *a, const struct actor *actor,
				const struct participant_brief *brief, struct placement_list *list,
				struct employment **jobs, size_t *njobs, struct outcome *out);

/* A page of the centre's placements with a status (NULL = any), each with
 * its status; a contact person who is not a liaison or leader sees those
 * of their own participants. */
int app_placements(struct db *db, struct arena *a, const struct actor *actor, const char *status, int64_t limit,
		   int64_t offset, struct placement_list *list);

/* An employer's placements, each with its status (brief: as a list's row
 * needs them, store_placement.h). */
int app_employer_placements(struct db *db, struct arena *a, const struct actor *actor, int64_t employer_id,
			    int64_t limit, int64_t offset, bool brief, struct placement_list *list);



/* ---- follow-up, evaluations, the supervisor's link, the result ---- */

/* Logs a follow-up visit or call on an agreed placement (author the
 * actor). REFUSED_NOT_FOUND; REFUSED_INVALID (app_placement_visit_check());
 * REFUSED_STATE before the placement is agreed. */
/* The rules of a visit of placement p (read by app_placement_load()) the
 * types do not hold, added to e: not after today (placement_visit_check())
 * and within the placement's period, from the day it was proposed to its
 * last day (placement_visit_within()). */
int app_placement_visit_check(struct db *db, struct arena *a, const struct actor *actor, const struct placement *p,
			      const struct placement_visit *in, struct field_errors *e);
int app_placement_visit_add(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			    struct placement_visit *in, struct outcome *out);
int app_placement_visits(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			 struct placement_visit **items, size_t *n);

/* Records an evaluation by the staff. REFUSED_NOT_FOUND; REFUSED_INVALID;
 * REFUSED_STATE (not started, recorded already: evaluation_refusal()). */
int app_placement_evaluation_add(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
				 struct placement_evaluation *in, struct outcome *out);
int app_placement_evaluations(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			      struct placement_evaluation **items, size_t *n);

/* Makes the supervisor's link for the evaluation of kind (a live link of
 * that kind is revoked: one link works at a time). token gets the token to
 * put in the address (shown once; the store keeps its digest).
 * REFUSED_NOT_FOUND; REFUSED_STATE (evaluation_refusal()). */
int app_evaluation_link_create(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int kind,
			       char token[static 65], struct outcome *out);
/* Revokes link_id of placement id. REFUSED_NOT_FOUND (no such live link). */
int app_evaluation_link_revoke(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			       int64_t link_id, struct outcome *out);
int app_evaluation_links(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			 struct evaluation_link **items, size_t *n);

/* What the supervisor's form shows: the trainee's first name and the
 * placement's period, nothing else of the register. */
struct evaluation_link_view {
	enum link_state state;
	int kind;
	const char *given_name;
	struct date starts_on, ends_on;
	const char *employer_name;
};

/*
 * Opens a link by its token (no account): the state, and when valid what
 * the form shows. Audited ("evaluation_link.open", in the link's centre,
 * with the address) whatever the state of a link that exists; an unknown
 * token is audited as "evaluation_link.unknown". address: the client's.
 */
int app_evaluation_link_open(struct db *db, struct arena *a, const char *token, const char *address, int64_t now,
			     struct date today, struct evaluation_link_view *view);

/* The state of a link and what its form shows, read only (not audited):
 * for a refused form. */
int app_evaluation_link_view(struct db *db, struct arena *a, const char *token, int64_t now, struct date today,
			     struct evaluation_link_view *view);

/*
 * Submits the supervisor's evaluation through a link: spends it (used
 * once: two submits at once, one wins) and records the evaluation
 * (source employer). REFUSED_NOT_FOUND with the link's message when it is
 * unknown, expired, used or revoked; REFUSED_INVALID with the fields;
 * REFUSED_STATE when the placement no longer takes it. Audited
 * ("evaluation_link.submit").
 */
int app_evaluation_link_submit(struct db *db, struct arena *a, const char *token, const char *address, int64_t now,
			       struct date today, struct placement_evaluation *in, struct evaluation_link_view *view,
			       struct outcome *out);

/*
 * Records the result of a placement that has started: hired or not, and
 * when hired the job with its first month's income (the work income the
 * benefit run deducts). REFUSED_NOT_FOUND; REFUSED_INVALID; REFUSED_STATE
 * (not started, recorded already). DONE: out->other_id the job (0 when
 * not hired).
 */
int app_placement_result(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			 struct placement_result_input *in, struct outcome *out);

/* The jobs that followed a placement. */
int app_placement_jobs(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       struct employment **items, size_t *n);

/* The centre's placement lists of the liaison's home page, each capped at
 * limit with its count. */
struct internships_home {
	struct placement_list awaiting, starting, ending, followups;
	struct placement_list evaluations;   /* the actor's placements owing an evaluation */
	unsigned *evaluations_due;           /* per row of evaluations: evaluations_outstanding() */
	struct agreement *agreements;   /* the first HOME_AGREEMENTS current pool agreements with their places */
	size_t nagreements;
	bool more_agreements;           /* more are current (the list of pool agreements has them) */
};
/* The pool agreements the liaison's home shows (decision 74: at --scale a
 * centre holds one per staff group, each with its counts). */
#define HOME_AGREEMENTS 10
/* The rows of each list the home shows (decision 90: a view of the first
 * ten, the count in the heading; at --scale a centre has thousands). */
#define HOME_LIST 10
/* brief: the lists' placements as a list's row needs them (the page; the
 * API reads whole records). The lists are the centre's: REFUSED_FORBIDDEN,
 * with a message, for whoever does not read every placement of the centre
 * (a contact person; decision 138). */
int app_internships_home(struct db *db, struct arena *a, const struct actor *actor, int weeks, int64_t limit,
			 bool brief, struct internships_home *out, struct outcome *res);

/* The actor's placements that may owe an evaluation are read
 * EVALUATION_BATCH at a time, at most EVALUATION_CANDIDATES in all
 * (store_placements_evaluation_candidates()). */
#define EVALUATION_BATCH 50
#define EVALUATION_CANDIDATES 500
/*
 * The placements the actor follows up that owe an evaluation on their day
 * (evaluations_outstanding(): the mid-point one from the middle of an
 * active placement, the final one from a week before the last day until
 * 30 days after the end), the first limit in the order of the last day;
 * due[i] the set owed by out->items[i]. As the follow-ups due, it reads
 * until it has found one more than limit: out->total is the number
 * listed, out->more that there are more (or that the first
 * EVALUATION_CANDIDATES read did not settle it).
 */
int app_evaluations_outstanding(struct db *db, struct arena *a, const struct actor *actor, int64_t limit,
				bool brief, struct placement_list *out, unsigned **due);

/* The actor's active placements due a follow-up (Today). */
int app_followups_due(struct db *db, struct arena *a, const struct actor *actor, int weeks, int64_t limit,
		      bool brief, struct placement_list *out);

#endif
