/*
 * store_participant.h — the participant register (table participants,
 * described by domain/participant.h's fields): create, read and update by
 * descriptor with the languages, children, search terms, change log and
 * Norwegian levels that go with a record; the duplicate check; lists,
 * search and the register export; and the small "brief" every case page
 * loads to check access. Included by store.h.
 *
 * Every function takes the centre and every statement names it: a
 * participant of another centre is "not found", never listed, never
 * changed, never exported, never a duplicate.
 */
#ifndef SC_STORE_PARTICIPANT_H
#define SC_STORE_PARTICIPANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/participant.h"

struct arena;
struct db;

/* What a case page needs to decide access and show the heading: the facts
 * of domain/access.h for one viewer. */
struct participant_brief {
	int64_t id;
	char *given_name;
	char *family_name;
	char *birth_date;     /* YYYY-MM-DD */
	char *status;         /* participant_status_keys */
	int64_t contact_id;   /* current contact person, 0 = none */
	int64_t version;
	char *contact_until;  /* after exit, the contact person's last day; "" = none */
	bool health_referral; /* an open referral to the viewer (a health worker) */
	bool wrote_health_note; /* the viewer wrote a health note about them */
	bool teaches;         /* the viewer teaches a group the participant is enrolled in */
	bool follows_placement; /* the viewer follows up a placement of theirs, or
				 * proposed one no one follows yet (internships) */
	bool placed;          /* they have a placement in the centre */
};

/* The brief of participant id of the centre as seen by the user viewer_id
 * (0 = nobody). SC_ENOTFOUND when there is no such participant in the
 * centre. */
int store_participant_brief(struct db *db, struct arena *a, int64_t centre, int64_t id,
			    int64_t viewer_id, struct participant_brief *out);

/* Which participants a list, search or export shows: the relationships it
 * follows (REL_BIT set, from access_list_relations()) for user_id. With
 * REL_EVERYONE every participant of the centre; otherwise the union of the
 * participants user_id is the contact person of (REL_CONTACT: in intake or
 * the programme; REL_CONTACT_EXITED: exited, while contact_until >= today),
 * those referred to user_id (REL_HEALTH) and everyone with a programme
 * period (REL_IN_PROGRAMME). Teachers' groups and liaisons' placements
 * come with the areas that hold them. */
struct participant_scope {
	uint32_t relations;
	int64_t user_id;
	const char *today;    /* YYYY-MM-DD */
};

/*
 * Inserts a checked record (participant_check) in the centre with its
 * languages, children and search terms, at version 1, status "registered",
 * records version 1 in participant_changes (fields "" = registered) and
 * each Norwegian level it has as an assessment on today
 * (store_language.h). by is the user (0 = none). Several statements: run
 * it inside the caller's write transaction. SC_ECONFLICT when the nin is
 * taken (in any centre: the number is unique in the installation).
 */
int store_participant_create(struct db *db, int64_t centre, const struct participant *p, int64_t by,
			     int64_t now, struct date today, int64_t *id);

/* Another participant of the centre with the same nin, or else the same
 * name key and birth date: *dup_id gets its id (0 when none), *same_nin
 * (may be NULL) whether it has the same nin (a certain duplicate) rather
 * than only the same name and birth date (perhaps another person).
 * exclude_id is skipped (0 = none). */
int store_participant_duplicate(struct db *db, int64_t centre, const struct participant *p,
				int64_t exclude_id, int64_t *dup_id, bool *same_nin);

/* Whether the identity number is any participant's of the installation
 * but exclude_id (0 = none): the number is unique across centres (the
 * table's UNIQUE), so a register must know it is taken before it writes.
 * The one statement of the register that looks past the centre, and it
 * answers only yes or no. */
int store_participant_nin_taken(struct db *db, const char *nin, int64_t exclude_id, bool *taken);

/* The whole record of the centre, strings from the arena: languages in
 * order with the interpreter's, children, status, the contact person and
 * their display name. SC_ENOTFOUND when missing or of another centre. */
int store_participant_get(struct db *db, struct arena *a, int64_t centre, int64_t id,
			  struct participant *out);

/* Sets the status (and bumps updated_at, not the version: status follows
 * intake and enrolment, not edits of the register). Any status but
 * "exited" clears contact_until (a participant back in the programme is
 * followed by their contact person again). SC_EINVAL for a status that is
 * not in participant_status_keys, SC_ENOTFOUND when missing. (Called by
 * intake and follow-up within their own checks of the participant.) */
int store_participant_set_status(struct db *db, int64_t id, const char *status, int64_t now);

/* Sets the last day the contact person keeps an exited participant: to
 * until, or with only_earlier to the earlier of until and the day already
 * set (recording the 12-month follow-up ends access, never extends it).
 * SC_ENOTFOUND when missing. */
int store_participant_set_contact_until(struct db *db, int64_t id, struct date until,
					bool only_earlier);

/*
 * Saves after over participant id of the centre, when the stored version
 * is still expected_version, bumping it: the register fields (status and
 * contact person are not touched), languages, children and search terms
 * rewritten, and a participant_changes row with the new version, the
 * changed keys (changed: participant_changed_fields(before, after), not
 * empty), now and by, with each field's old and new value (struct
 * participant_change_value); each Norwegian level that changed to another
 * level is recorded as an assessment on today. before is the record as
 * stored (store_participant_get in the same transaction). Run inside the
 * caller's write transaction. SC_ECONFLICT when the version is not
 * expected_version any more, or the new nin is another participant's;
 * SC_ENOTFOUND when the participant is missing or of another centre.
 */
int store_participant_update(struct db *db, struct arena *a, int64_t centre, int64_t id,
			     int64_t expected_version, const struct participant *before,
			     const struct participant *after, const char *changed, int64_t by,
			     int64_t now, struct date today);

/* A field's value before and after a save, as the form holds it
 * (participant_text). For the identity number both are "": the history
 * keeps that it changed, not what it was. */
struct participant_change_value {
	const char *field;
	const char *old_value;
	const char *new_value;
};

/* Values one change can carry: one per register field. */
#define PARTICIPANT_CHANGE_VALUES_MAX PARTICIPANT_REGISTER_FIELDS

/* One saved version of a participant's register record. */
struct participant_change {
	int64_t version;          /* the version the save produced */
	const char *fields;       /* changed field keys, comma-separated; "" = registered */
	int64_t at;
	int64_t user_id;          /* 0 = unknown */
	const char *user_name;    /* display name now; "" when unknown */
	size_t nvalues;           /* 0 for saves before migration 8: names only */
	struct participant_change_value *values;  /* by field key; NULL when none */
};

/* The saves of participant id of the centre that produced versions after
 * after_version (0 = all), oldest first, at most 500, each with the values
 * it kept. *items from the arena. */
int store_participant_changes_since(struct db *db, struct arena *a, int64_t centre, int64_t id,
				    int64_t after_version, struct participant_change **items,
				    size_t *n);

/* ---- lists, search and the export ---- */

/* Totals are counted up to this; more is reported as capped. */
#define PARTICIPANT_COUNT_CAP 1000

/*
 * Participants of the centre matching a parsed query (search_query_parse),
 * a page of at most limit (1..200, else 50) from offset; each item has the
 * fields of participant_list_columns. Words match by their spelling keys
 * (domain/spelling.h): one name word or a number is a prefix range of the
 * centre's participant_search terms; with two name words or more, one of
 * the two longest must be a whole word of the name and the other begin
 * one (the pair terms), and each further word must begin one of the
 * participant's keys or numbers (docs/DECISIONS.md, 45). Everyone (scope
 * with REL_EVERYONE): ordered by the matching term (a word's, or a pair's,
 * key and then the name key, so one word's matches come in name order).
 * Any other scope: the participants it
 * reaches, ordered by name; a scope with no relationship finds nobody.
 * status NULL or "" = any. *total counts the matches up to
 * PARTICIPANT_COUNT_CAP; beyond it *total is PARTICIPANT_COUNT_CAP and
 * *total_capped true. One query when the page holds every match from its
 * first row, else two.
 */
int store_participant_search(struct db *db, struct arena *a, int64_t centre, const struct search_query *q,
			     const struct participant_scope *scope, const char *status,
			     int64_t limit, int64_t offset, struct participant **items,
			     size_t *n, int64_t *total, bool *total_capped);

/* The matches of store_participant_search() counted up to cap: *total,
 * and *total_capped when there are more. */
int store_participant_search_count(struct db *db, struct arena *a, int64_t centre,
				   const struct search_query *q, const struct participant_scope *scope,
				   const char *status, int64_t cap, int64_t *total, bool *total_capped);

/*
 * Writes every participant's search terms again (migration 20: the terms
 * are the domain's, so SQL cannot make them), a thousand participants at
 * a time. In the caller's transaction; participant_search must be empty.
 */
int store_participant_search_rebuild(struct db *db);

/* The participants of the centre a scope reaches, by name, with the same
 * items, status filter, paging and capped total as
 * store_participant_search(). */
int store_participant_list(struct db *db, struct arena *a, int64_t centre,
			   const struct participant_scope *scope, const char *status, int64_t limit,
			   int64_t offset, struct participant **items, size_t *n, int64_t *total,
			   bool *total_capped);

/* Called once per exported row; a non-zero return stops the walk and is
 * returned. The row (its strings too) is valid only during the call. */
typedef int (*participant_export_fn)(void *ctx, const struct participant *row);

/*
 * Walks the register of the centre in name order (family, given; then
 * id), calling fn for each participant the scope reaches (a scope with no
 * relationship reaches nobody) that the list's filter keeps: q, a parsed
 * query (NULL: no search), matched as store_participant_search() matches
 * it, and status (NULL or "": any) — with the fields of
 * participant_export_columns: never the identity number, the bank account
 * or health. Rows are fetched in batches by key (name, id), each batch's
 * strings in an arena of its own, so memory stays flat however large the
 * register, and no transaction is held across batches: a participant added
 * while the walk runs may or may not appear, none appears twice. *count
 * (may be NULL) gets the number of rows passed to fn. Returns 0, fn's
 * non-zero result, SC_EINVAL for a query without words, or an SC_ code
 * from the database.
 */
int store_participant_export(struct db *db, int64_t centre, const struct participant_scope *scope,
			     const struct search_query *q, const char *status, participant_export_fn fn,
			     void *ctx, int64_t *count);

#endif
