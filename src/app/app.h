/*
 * app.h — the command layer: every change and every read of case data is
 * one function here, between web/cli and the store.
 *
 * A command takes who is acting (struct actor) and typed input (a record
 * of declared fields, domain/field.h), and runs one transaction: load the
 * facts, let the domain decide, write, audit, commit. It answers with an
 * int — 0, or a negative SC_ code for a failure of the system (the
 * database, memory) — and a struct outcome saying what happened to the
 * request: done (with the ids), or refused with a reason the web layer
 * turns into 422, 409 or 404 and the CLI into a message. Nothing here
 * writes markup or JSON, or reads a request.
 *
 * Every command and query runs within the actor's centre: the store's
 * functions take it, and a record of another centre is "not found".
 * Access to a participant's records is decided here, once
 * (app_participant()), by the working relationship (domain/access.h).
 */
#ifndef SC_APP_APP_H
#define SC_APP_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/access.h"
#include "domain/date.h"
#include "domain/field.h"

struct db;
struct store;
struct arena;
struct participant_brief;

/* Who is acting, and where and when. */
struct actor {
	int64_t user_id;        /* 0: the system (the demo, an import without a user) */
	const char *username;   /* for the audit log ("" for the system) */
	const char *name;       /* the user's display name ("" for the system) */
	uint32_t roles;         /* ROLE_BIT set held in this centre (and the installation's) */
	int64_t centre_id;      /* the centre every command and query runs in */
	const char *address;    /* the client's address, for the audit log ("" = none) */
	int64_t now;            /* Unix seconds */
	struct date today;      /* the date in the installation's time zone */
	struct store *store;    /* for audit entries of reads (the queue); may be NULL */
};

/* Why a command did not do what was asked. */
enum refusal {
	DONE = 0,
	REFUSED_INVALID,        /* the input breaks a rule: errors says which fields */
	REFUSED_NOT_FOUND,      /* no such record that the actor may see (404) */
	REFUSED_FORBIDDEN,      /* the actor's roles do not allow it (403) */
	REFUSED_STALE,          /* saved by someone else since it was read (409) */
	REFUSED_STATE,          /* the record's state does not allow it (409): message */
	REFUSED_DUPLICATE,      /* the record exists already (409): other_id */
	REFUSED_FULL,           /* a cap or capacity is reached (409): message */
};

/* What a command did. */
struct outcome {
	enum refusal refusal;
	struct field_errors errors;   /* REFUSED_INVALID (and FULL, beside a field) */
	const char *message;          /* msgid saying why (STATE, FULL, STALE) */
	const char *message_text[3];  /* the message's "%s" (up to three, each NULL or
				       * a text): a name, a day, a figure; never part
				       * of the format (app_refuse_text()) */
	int64_t id;                   /* the record made or changed */
	int64_t version;              /* its version now; STALE: the saved one */
	int64_t other_id;             /* DUPLICATE: the record that exists */
};

/* Sets a refusal (and its message) and returns SC_OK, for
 * "return app_refuse(out, REFUSED_STATE, N_("..."));". */
int app_refuse(struct outcome *out, enum refusal why, const char *message);

/* The same with texts for the message's "%s" (t0..t2, each NULL or a
 * text the caller keeps alive until the answer is sent). */
int app_refuse_text(struct outcome *out, enum refusal why, const char *message, const char *t0, const char *t1,
		    const char *t2);

/* Sets REFUSED_INVALID with one field's error. */
int app_invalid(struct outcome *out, const char *field, const char *reason);

/*
 * The transaction of a command. app_begin() opens a write transaction;
 * app_end() commits when rc is 0 and out says DONE, else rolls back, and
 * returns rc (or the commit's failure). A command reads:
 *
 *     int rc = app_begin(db);
 *     if (rc == SC_OK) rc = <load, decide, write>;
 *     if (rc == SC_OK && out->refusal == DONE) rc = app_audit(db, a, "x.create", "x", id);
 *     return app_end(db, rc, out);
 */
int app_begin(struct db *db);
int app_end(struct db *db, int rc, const struct outcome *out);

/* Writes an audit entry of a change inside the open transaction. */
int app_audit(struct db *db, const struct actor *a, const char *action, const char *record_type,
	      int64_t record_id);
/* Audits a read (through the store's queue when there is one: no write
 * transaction for a page view). */
void app_audit_read(struct db *db, const struct actor *a, const char *action,
		    const char *record_type, int64_t record_id);
/* Audits a refused attempt ("access.denied", outcome "denied"), in its own
 * transaction (or the queue), whatever happens to the request. */
void app_audit_denied(struct db *db, const struct actor *a, const char *record_type,
		      int64_t record_id);

/*
 * The one check of access to a participant's records: loads the brief as
 * the actor sees it and decides by the working relationship whether the
 * actor may act on every part in want (PART_BIT set). REFUSED_NOT_FOUND,
 * audited as "access.denied", when the participant is missing, of another
 * centre, or not the actor's to see: the same answer, so ids cannot be
 * probed.
 */
int app_participant(struct db *db, struct arena *arena, const struct actor *a, int64_t id,
		    uint32_t want, enum action act, struct participant_brief *brief,
		    struct outcome *out);

/* app_participant()'s decision on a brief it gave in this request: a
 * page that shows several parts checks each without reading the
 * participant again (the brief is of the same request, so not stale).
 * Refused as app_participant() refuses. */
int app_participant_allowed(struct db *db, const struct actor *a, const struct participant_brief *brief,
			    uint32_t want, enum action act, struct outcome *out);

/* What the actor is to the participant (REL_BIT set, access_relations()). */
uint32_t app_relations(const struct actor *a, const struct participant_brief *p);

/* The parts of a participant's record the actor may read or write. */
uint32_t app_parts(const struct actor *a, const struct participant_brief *p, enum action act);

#endif
