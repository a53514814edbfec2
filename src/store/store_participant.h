/*
 * store_participant.h — the participant register: create with a duplicate
 * check, read, update with a version check, search, and the small "brief"
 * every case page loads to check access. Included by store.h.
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
	char *status;         /* see struct participant */
	int64_t contact_id;   /* current contact person, 0 = none */
	int64_t version;
	char *contact_until;  /* after exit, the contact person's last day; "" = none */
	bool health_referral; /* an open referral to the viewer (a health worker) */
};

/* The brief of participant id of the centre as seen by the user viewer_id
 * (0 = nobody). SC_ENOTFOUND when there is no such participant in the
 * centre. */
int store_participant_brief(struct db *db, struct arena *a, int64_t centre, int64_t id,
			    int64_t viewer_id, struct participant_brief *out);

/* Which participants a list, search or export shows: the relationships it
 * follows (REL_BIT set, from access_list_relations()) for user_id. With
 * REL_EVERYONE every participant; otherwise the union of the participants
 * user_id is the contact person of (REL_CONTACT: in intake or the
 * programme; REL_CONTACT_EXITED: exited, while contact_until >= today),
 * those referred to user_id (REL_HEALTH) and everyone with a programme
 * period (REL_IN_PROGRAMME). Teachers' groups and liaisons' placements
 * come with the areas that hold them. */
struct participant_scope {
	uint32_t relations;
	int64_t user_id;
	const char *today;    /* YYYY-MM-DD */
};

/* Inserts a validated participant (with languages, children and search
 * terms) at version 1, status "registered", records version 1 in
 * participant_changes (fields "" = registered) and each Norwegian level it
 * has as an assessment on today (store_language.h). by is the user (0 =
 * none, e.g. an import without a user). Several statements: run it inside
 * the caller's write transaction (store_tx_begin) with the audit entry.
 * SC_ECONFLICT when the nin is taken. */
int store_participant_create(struct db *db, const struct participant *p, int64_t by,
			     int64_t now, struct date today, int64_t *id);

/* Another participant with the same nin, or the same name key and birth
 * date: *dup_id gets its id (0 when none). exclude_id is skipped (0 = none). */
int store_participant_find_duplicate(struct db *db, const struct participant *p,
				     int64_t exclude_id, int64_t *dup_id);

/* As store_participant_find_duplicate(); *same_nin (may be NULL) says
 * whether the duplicate has the same nin (a certain duplicate) rather than
 * only the same name and birth date (perhaps another person). The nin is
 * looked up first. */
int store_participant_duplicate(struct db *db, const struct participant *p, int64_t exclude_id,
				int64_t *dup_id, bool *same_nin);

/* The whole record, strings from the arena: languages in order, children,
 * and the contact person's display name (contact_name, "" when none).
 * SC_ENOTFOUND when missing. */
int store_participant_get(struct db *db, struct arena *a, int64_t id, struct participant *out);

/* Sets the status (and bumps updated_at, not the version: status follows
 * intake and enrolment, not edits of the register). Any status but
 * "exited" clears contact_until (a participant back in the programme is
 * followed by their contact person again). SC_EINVAL for a status that is
 * not in participant_status_keys, SC_ENOTFOUND when missing. */
int store_participant_set_status(struct db *db, int64_t id, const char *status, int64_t now);

/* Sets the last day the contact person keeps an exited participant: to
 * until, or with only_earlier to the earlier of until and the day already
 * set (recording the 12-month follow-up ends access, never extends it).
 * SC_ENOTFOUND when missing. */
int store_participant_set_contact_until(struct db *db, int64_t id, struct date until,
					bool only_earlier);

/*
 * Saves an edit of the register fields of participant id (p->id and
 * p->version are ignored; status and contact person are not touched).
 * expected_version is the version the editor loaded: when the stored one
 * differs, nothing is written and SC_ECONFLICT is returned (ask
 * store_participant_changes_since() what changed). Otherwise, when a field
 * differs, the version is bumped, languages, children and search terms are
 * rewritten, and a participant_changes row records the new version, the
 * changed field keys, now and by, with each field's old and new value
 * (struct participant_change_value); each Norwegian level that changed to
 * another level is recorded as an assessment on today (store_language.h). *changed (may be NULL) gets the changed
 * keys, comma-separated (arena; "" when nothing differed, in which case
 * nothing is written). Run inside the caller's write transaction.
 * SC_ECONFLICT too when the new nin is another participant's;
 * SC_ENOTFOUND when the participant is missing.
 */
int store_participant_update(struct db *db, struct arena *a, int64_t id, int64_t expected_version,
			     const struct participant *p, int64_t by, int64_t now, struct date today,
			     const char **changed);

/* A field's value before and after a save, as the form holds it
 * (participant_field_text). For the identity number both are "": the
 * history keeps that it changed, not what it was. */
struct participant_change_value {
	char *field;
	char *old_value;
	char *new_value;
};

/* Values one change can carry: one per field. */
#define PARTICIPANT_CHANGE_VALUES_MAX 28

/* One saved version of a participant's register record. */
struct participant_change {
	int64_t version;      /* the version the save produced */
	char *fields;         /* changed field keys, comma-separated; "" = registered */
	int64_t at;
	int64_t user_id;      /* 0 = unknown */
	char *user_name;      /* display name now; "" when unknown */
	size_t nvalues;       /* 0 for saves before migration 8: names only */
	struct participant_change_value *values;  /* by field key; NULL when none */
};

/* The saves that produced versions after after_version (0 = all), oldest
 * first, at most 500, each with the values it kept. *items from the
 * arena. */
int store_participant_changes_since(struct db *db, struct arena *a, int64_t id,
				    int64_t after_version, struct participant_change **items,
				    size_t *n);

/* ---- lists and search ---- */

/* One row of a list or search result. */
struct participant_item {
	int64_t id;
	char *given_name;
	char *family_name;
	char *birth_date;
	char *status;
	int64_t contact_id;   /* 0 = none */
	char *contact_name;   /* "" when none */
	int64_t version;
};

/* Totals are counted up to this; more is reported as capped. */
#define PARTICIPANT_COUNT_CAP 1000

/*
 * Participants matching a parsed query (search_query_parse), a page of at
 * most limit (1..200) from offset. The longest word is looked up as a prefix
 * range of participant_search.term, the others must each prefix one of the
 * participant's terms. Everyone (scope with REL_EVERYONE): ordered by the
 * matching term ("word namekey", so a name word's matches come in name
 * order). Any other scope: the participants it reaches, ordered by name; a
 * scope with no relationship finds nobody. status NULL or "" = any. *total
 * counts the matches up to PARTICIPANT_COUNT_CAP; beyond it *total is
 * PARTICIPANT_COUNT_CAP and *total_capped true. Two queries, whatever the
 * page size.
 */
int store_participant_search(struct db *db, struct arena *a, const struct search_query *q,
			     const struct participant_scope *scope, const char *status,
			     int64_t limit, int64_t offset, struct participant_item **items,
			     size_t *n, int64_t *total, bool *total_capped);

/* The participants a scope reaches, by name, with the same status filter,
 * paging and capped total as store_participant_search(). */
int store_participant_list(struct db *db, struct arena *a, const struct participant_scope *scope,
			   const char *status, int64_t limit, int64_t offset,
			   struct participant_item **items, size_t *n, int64_t *total,
			   bool *total_capped);

#endif
