/*
 * store_placement.h — placements (table placements, described by
 * domain/placement.h's fields) with their approvals, follow-up visits,
 * evaluations and evaluation links, the jobs their result records
 * (employments, employment_income), and the lists the liaison's home,
 * Today and the participant's page read. Included by store.h (through
 * store_internships.h).
 *
 * Every function takes the centre and every statement names it, but one:
 * store_evaluation_link_by_digest(), which finds a link by its token's
 * digest wherever it is and says whose centre it is (the token is the
 * supervisor's only key). The facts decision 39 keeps for the lists —
 * phase, last_followup_on, next_followup_on, evaluated_mid,
 * evaluated_end — are written here, in the transaction of the change that
 * moves them. Placements read from here carry status -1: the app derives
 * it on its day (placement_status()).
 */
#ifndef SC_STORE_PLACEMENT_H
#define SC_STORE_PLACEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/employment.h"
#include "domain/evaluation.h"
#include "domain/placement.h"

struct arena;
struct db;

/* ---- one placement ---- */

/* Writes p's terms, participant and employer as a new placement of the
 * centre at version 1 in phase, with its first line in the change log.
 * Run inside a write transaction. */
int store_placement_create(struct db *db, int64_t centre, const struct placement *p, enum placement_phase phase,
			   int64_t by, int64_t now, int64_t *id);

/* One placement of the centre with the names of its participant, employer,
 * agreement, supervisor, follow-up person and goal. lock: FOR UPDATE on
 * PostgreSQL (inside a write transaction; SQLite's already holds the
 * database). SC_ENOTFOUND when missing or of another centre. */
int store_placement_get(struct db *db, struct arena *a, int64_t centre, int64_t id, bool lock,
			struct placement *out);

/* Saves p's terms over placement id when its version is still
 * expected_version (bumping it), the phase, and the change log's line.
 * SC_ECONFLICT when stale, SC_ENOTFOUND when missing. Run inside a write
 * transaction. */
int store_placement_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
			   const struct placement *p, enum placement_phase phase, const struct field_change *changes,
			   size_t nchanges, const char *keys, int64_t by, int64_t now);

/* Sets the approvals that stand (Unix seconds each, FIELD_NONE for none)
 * and the phase, bumping the version. */
int store_placement_set_approvals(struct db *db, int64_t centre, int64_t id, int64_t employer_at,
				  int64_t participant_at, int64_t centre_at, enum placement_phase phase, int64_t now);

/* An approval recorded (its history row). */
struct placement_approval_row {
	int64_t id;
	int party;                  /* enum placement_party */
	struct date approved_on;
	const char *approver;
	bool on_behalf;
	const char *reason;
	int64_t recorded_at;
	const char *recorded_by;    /* display name */
	int64_t withdrawn_at;       /* 0: stands */
	const char *withdrawn_by;
	const char *withdraw_reason;
};
int store_placement_approval_add(struct db *db, int64_t centre, int64_t placement_id,
				 const struct placement_approval *in, bool on_behalf, int64_t by, int64_t now);
/* Marks the standing approval of party as withdrawn. SC_ENOTFOUND when none stands. */
int store_placement_approval_withdraw(struct db *db, int64_t centre, int64_t placement_id, int party,
				      const char *reason, int64_t by, int64_t now);
/* Every approval of a placement, oldest first (at most 100). */
int store_placement_approvals(struct db *db, struct arena *a, int64_t centre, int64_t placement_id,
			      struct placement_approval_row **items, size_t *n);

/* Ends placement id early (phase ended_early), bumping the version.
 * SC_ECONFLICT when it has ended already. */
int store_placement_end(struct db *db, int64_t centre, int64_t id, const struct placement_ending *in, int64_t now);

/* Records the result, bumping the version. SC_ECONFLICT when recorded already. */
int store_placement_set_result(struct db *db, int64_t centre, int64_t id, bool hired, struct date on,
			       const char *note, int64_t now);

/* ---- follow-up, evaluations, links ---- */

/* Writes a visit (its placement, participant, author and created_at from
 * v) and moves the placement's last and next follow-up when it is the
 * latest. */
int store_placement_visit_add(struct db *db, int64_t centre, const struct placement_visit *v, int64_t *id);
/* A placement's visits, newest first (at most 200), with the authors' names. */
int store_placement_visits(struct db *db, struct arena *a, int64_t centre, int64_t placement_id,
			   struct placement_visit **items, size_t *n);

/* Writes an evaluation and marks its kind evaluated on the placement.
 * SC_ECONFLICT when the placement has one of that kind already. */
int store_placement_evaluation_add(struct db *db, int64_t centre, const struct placement_evaluation *ev,
				   int64_t *id);
/* A placement's evaluations (mid first). */
int store_placement_evaluations(struct db *db, struct arena *a, int64_t centre, int64_t placement_id,
				struct placement_evaluation **items, size_t *n);

/* Stores a link: only the token's digest (util/token.h). */
int store_evaluation_link_add(struct db *db, int64_t centre, int64_t placement_id, int kind, const char *digest,
			      int64_t by, int64_t now, int64_t expires_at, int64_t *id);
/* The live link (not used, not revoked, not expired at now) of a
 * placement's evaluation of kind: *id, 0 when none. */
int store_evaluation_link_live(struct db *db, int64_t centre, int64_t placement_id, int kind, int64_t now,
			       int64_t *id);
/* Revokes a link of the placement that is not used or revoked.
 * SC_ENOTFOUND otherwise. */
int store_evaluation_link_revoke(struct db *db, int64_t centre, int64_t placement_id, int64_t link_id,
				 int64_t by, int64_t now);
/* A placement's links, newest first (at most 50). */
int store_evaluation_links(struct db *db, struct arena *a, int64_t centre, int64_t placement_id,
			   struct evaluation_link **items, size_t *n);
/* The link whose token has this digest, in any centre: *centre gets its
 * centre. SC_ENOTFOUND when none. */
int store_evaluation_link_by_digest(struct db *db, const char *digest, struct evaluation_link *out,
				    int64_t *centre);
/* Notes the first opening of a link. */
int store_evaluation_link_opened(struct db *db, int64_t centre, int64_t link_id, int64_t now);
/* Spends a link: SC_ECONFLICT when it is used, revoked or expired at now
 * (two submits at once: one wins). */
int store_evaluation_link_use(struct db *db, int64_t centre, int64_t link_id, int64_t now);

/* ---- the lists ---- */

/* A list of placements (each with the names of a full read). */
struct placement_list {
	struct placement *items;
	size_t n;
	int64_t total;     /* counted up to PLACEMENT_COUNT_CAP where a list counts (exactly where kept) */
	bool more;         /* the total was capped, or more rows than were read */
};
#define PLACEMENT_COUNT_CAP 1000

/* The participant's placements, latest start first (at most 100). */
int store_participant_placements(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
				 struct placement_list *out);
/* When the placement's terms were last saved (Unix seconds): its latest
 * version in the change log, the proposal's or a save's (approvals and
 * withdrawals make none). 0 when it has none. */
int store_placement_terms_saved(struct db *db, int64_t centre, int64_t id, int64_t *at);
/* When the placement was proposed (Unix seconds: the row's created_at).
 * SC_ENOTFOUND when missing or of another centre. */
int store_placement_proposed_at(struct db *db, int64_t centre, int64_t id, int64_t *at);
/* Another agreed placement of the participant (not ended early) whose
 * period shares a day with from..to: *other_id, or 0. */
int store_placement_overlapping(struct db *db, int64_t centre, int64_t participant_id, int64_t exclude_id,
				struct date from, struct date to, int64_t *other_id);

/* The lists below with brief: each placement with only what a list's row
 * shows and its status needs (id, version, participant and employer with
 * their names, supervisor_id, follow_up_id, the period, hours, days, tasks,
 * the approvals, ended_on); the rest cleared (decision 74). */

/* Placements of the centre in phase, by first day, at most limit, with
 * the phase's count (exact: the kept placement_counts, migration 41). */
int store_placements_in_phase(struct db *db, struct arena *a, int64_t centre, enum placement_phase phase,
			      int64_t limit, bool brief, struct placement_list *out);
/* Agreed placements whose first day (starting) or last day (!starting) is
 * from..to, by that day, at most limit, with their count (exact: the kept
 * placement_counts, migration 41). */
int store_placements_between(struct db *db, struct arena *a, int64_t centre, bool starting, struct date from,
			     struct date to, int64_t limit, bool brief, struct placement_list *out);
/* The agreed or ended placements user_id follows up whose last day is on
 * or after since, by last day (at most 500): what their follow-ups and
 * evaluations are read from. */
int store_placements_followed(struct db *db, struct arena *a, int64_t centre, int64_t user_id, struct date since,
			      struct placement_list *out);
/* A batch (at most `batch`) of the placements user_id follows up that can
 * owe an evaluation on today (evaluations_outstanding() decides; this
 * reads a superset of it): begun by today; agreed with the final
 * evaluation not recorded and the last day from since
 * (evaluation_outstanding_since()) to end_due_until
 * (evaluation_end_due_until()), or the mid-point one not recorded, the
 * last day still to come and the middle day come (the first and last
 * days' sum, date_to_days(), at most mid_sum_until:
 * evaluation_mid_sum_until()); or ended early on or after since with the
 * final one not recorded. By last day, those after `after` (the previous batch's
 * last row; NULL for the first). out->more: the batch was full. Three
 * ranges of the index (centre_id, follow_up_id, phase, ends_on). */
int store_placements_evaluation_candidates(struct db *db, struct arena *a, int64_t centre, int64_t user_id,
					   struct date since, struct date today, struct date end_due_until,
					   int64_t mid_sum_until, const struct placement *after, int64_t batch,
					   bool brief, struct placement_list *out);
/* The evaluations of the placements ids (of the centre), by placement,
 * mid first: what a list of them shows beside each. */
int store_evaluations_of(struct db *db, struct arena *a, int64_t centre, const int64_t *ids, size_t nids,
			 struct placement_evaluation **items, size_t *n);
/*
 * The Today item: active placements (agreed, today between the first and
 * last day) user_id follows up that have had no follow-up since cutoff
 * (the last one, or with none the first day, on or before cutoff:
 * placement_followup_cutoff()) or whose next follow-up is today or past,
 * the longest without first, at most limit. One range of the index
 * (centre_id, follow_up_id, ends_on): the person's current placements.
 */
int store_placements_followup_due(struct db *db, struct arena *a, int64_t centre, int64_t user_id,
				  struct date today, struct date cutoff, int64_t limit, bool brief,
				  struct placement_list *out);
/* A page of the centre's placements with a status (placement_status key;
 * NULL or "" = any), latest first; contact_id > 0: only of participants
 * whose contact person that is. total capped. */
int store_placements(struct db *db, struct arena *a, int64_t centre, const char *status, struct date today,
		     int64_t contact_id, int64_t limit, int64_t offset, struct placement_list *out);
/* A page of an employer's placements, latest start first, with the total;
 * contact_id > 0: only of participants whose contact person that is. */
int store_employer_placements(struct db *db, struct arena *a, int64_t centre, int64_t employer_id, int64_t contact_id,
			      int64_t limit,
			      int64_t offset, bool brief, struct placement_list *out);
/* The evaluations of an employer's placements, newest first (at most
 * limit), each with its placement's participant_id in participant_id. */
int store_employer_evaluations(struct db *db, struct arena *a, int64_t centre, int64_t employer_id, int64_t limit,
			       struct placement_evaluation **items, size_t *n);

/* ---- jobs ---- */

/* Writes a job and its first income version (from the first of the month
 * the job starts), by `by` at now. */
int store_employment_add(struct db *db, int64_t centre, const struct employment *job, int64_t gross_ore,
			 int64_t hours_centi, int64_t by, int64_t now, int64_t *id);
/* One job of the centre. SC_ENOTFOUND. */
int store_employment_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct employment *out);
/* The jobs of a participant (placement_id 0: any) or of one placement,
 * latest start first (at most 50). */
int store_employments(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, int64_t placement_id,
		      struct employment **items, size_t *n);
/* A new income version of job in->employment_id of the centre, by `by`
 * at now (never over an old one). SC_ENOTFOUND when the job is not the
 * centre's. */
int store_employment_income_add(struct db *db, int64_t centre, const struct employment_income *in, int64_t by,
				int64_t now, int64_t *id);
/* A job's income versions, by valid_from then as recorded (at most 200),
 * each with who recorded it. */
int store_employment_incomes(struct db *db, struct arena *a, int64_t centre, int64_t employment_id,
			     struct employment_income **items, size_t *n);
/* Ends a job: its last day, the reason and note, when its version is
 * expected_version and it has not been ended (bumping the version).
 * SC_ECONFLICT (stale or ended since), SC_ENOTFOUND. */
int store_employment_set_end(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
			     const struct employment_end *end, int64_t now);

/* The placements at employer_id naming contact_id as workplace
 * supervisor, latest last day first (those without one first), at most
 * 500. */
int store_supervisor_placements(struct db *db, struct arena *a, int64_t centre, int64_t employer_id, int64_t contact_id,
				struct placement_list *out);

#endif
