/*
 * health.h — health notes: what a health worker writes about a participant
 * referred to them, which no one else may read (domain/access.h,
 * PART_HEALTH) and whose every reading is audited.
 *
 * The record and its fields, declared once (domain/field.h): the form, the
 * API, the JSON and the table come from health_note_fields; the one rule
 * the types do not hold is health_note_check()'s.
 */
#ifndef SC_DOMAIN_HEALTH_H
#define SC_DOMAIN_HEALTH_H

#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"

/* A health note. Field keys (form, API, table health_notes): id,
 * participant_id, written_on, body, author_id, author_name, created_at. */
struct health_note {
	int64_t id;
	int64_t participant_id;
	struct date written_on;   /* required, not after today */
	const char *body;         /* required, at most FIELD_TEXT_MAX characters */
	int64_t author_id;        /* kept by the product: who wrote it */
	const char *author_name;  /* computed: the author's name now */
	int64_t created_at;       /* Unix seconds */
};

/* The fields of a health note. */
extern const struct fields health_note_fields;

/* The rules of a note the types do not hold: written_on is not after
 * today. Adds to e; true when there is nothing to add. */
bool health_note_check(const struct health_note *n, struct date today, struct field_errors *e);

#endif
