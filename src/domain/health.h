/*
 * health.h — health notes and referrals to a health worker.
 *
 * A health note is what a health worker writes about a participant
 * referred to them, which no one else may read (domain/access.h,
 * PART_HEALTH) and whose every reading is audited. A referral is what lets
 * a health worker see a participant (REL_HEALTH): whoever follows the
 * participant up refers them and ends the referral (PART_FOLLOWUP).
 *
 * The records and their fields, declared once (domain/field.h): the form,
 * the API, the JSON and the table come from health_note_fields and
 * health_referral_fields; the rules the types do not hold are
 * health_note_check()'s and health_referral_check()'s.
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

/* The longest reason for a referral, in characters. */
#define HEALTH_REFERRAL_REASON_MAX 500

/* A referral of a participant to a health worker. Field keys (form, API,
 * table health_referrals): id, participant_id, health_id, health_name,
 * referred_on, reason, ended_on. */
struct health_referral {
	int64_t id;
	int64_t participant_id;
	int64_t health_id;          /* required: a health worker of the centre */
	const char *health_name;    /* computed: the health worker's name */
	struct date referred_on;    /* not after today; today when not given */
	const char *reason;         /* at most HEALTH_REFERRAL_REASON_MAX characters */
	struct date ended_on;       /* kept by the product; not given while open */
	/* kept by the product, not part of the resource */
	int64_t created_at;         /* Unix seconds */
	int64_t created_by;         /* who referred (0: the system) */
};

/* The fields of a referral. */
extern const struct fields health_referral_fields;

/* An open referral as the health worker it is addressed to lists it
 * ("Referred to me"). Field keys (API): id, participant_id, given_name,
 * family_name, referred_on, referred_by_name, reason. */
struct health_referral_row {
	int64_t id;
	int64_t participant_id;
	const char *given_name;
	const char *family_name;
	struct date referred_on;
	const char *referred_by_name;  /* who referred; "" when unknown */
	const char *reason;
};

/* The fields of a listed referral (all kept by the product, read only). */
extern const struct fields health_referral_row_fields;

/*
 * The rules of a referral the types do not hold: health_id names a health
 * worker (is_health_worker: an active user with the health role in the
 * centre, which the caller looks up); referred_on is not after today, and
 * a referral not dated is dated today (h->referred_on is set). Adds to e;
 * true when there is nothing to add.
 */
bool health_referral_check(struct health_referral *h, bool is_health_worker, struct date today,
			   struct field_errors *e);

#endif
