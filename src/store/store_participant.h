/*
 * store_participant.h — the participant register: create with a duplicate
 * check, read, update with a version check, search, and the small "brief"
 * every case page loads to check access. Included by store.h.
 */
#ifndef SC_STORE_PARTICIPANT_H
#define SC_STORE_PARTICIPANT_H

#include <stdint.h>

#include "domain/participant.h"

struct arena;
struct db;

/* What a case page needs to decide access and show the heading. */
struct participant_brief {
	int64_t id;
	char *given_name;
	char *family_name;
	char *birth_date;     /* YYYY-MM-DD */
	char *status;         /* see struct participant */
	int64_t contact_id;   /* current contact person, 0 = none */
	int64_t version;
};

/* SC_ENOTFOUND when there is no such participant. */
int store_participant_brief(struct db *db, struct arena *a, int64_t id,
			    struct participant_brief *out);

/* Inserts a validated participant (with languages, children and search
 * terms); status "registered". SC_ECONFLICT when the nin is taken. */
int store_participant_create(struct db *db, const struct participant *p, int64_t by,
			     int64_t now, int64_t *id);

/* Another participant with the same nin, or the same name key and birth
 * date: *dup_id gets its id (0 when none). exclude_id is skipped (0 = none). */
int store_participant_find_duplicate(struct db *db, const struct participant *p,
				     int64_t exclude_id, int64_t *dup_id);

/* The whole record, strings from the arena. SC_ENOTFOUND when missing. */
int store_participant_get(struct db *db, struct arena *a, int64_t id, struct participant *out);

/* Sets the status (and bumps updated_at, not the version: status follows
 * intake and enrolment, not edits of the register). */
int store_participant_set_status(struct db *db, int64_t id, const char *status, int64_t now);

#endif
