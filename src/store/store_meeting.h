/*
 * store_meeting.h — the meeting log (table meetings, described by
 * domain/meeting.h's fields). Included by store.h.
 *
 * Every function works within a centre: a participant or meeting of another
 * centre is not there.
 */
#ifndef SC_STORE_MEETING_H
#define SC_STORE_MEETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/meeting.h"

struct arena;
struct db;

/* Logs a meeting of the centre (every field of m but id and author_name)
 * at version 1; the caller checked access to the participant. *id (may be
 * NULL) gets its id. */
int store_meeting_add(struct db *db, int64_t centre, const struct meeting *m, int64_t *id);

/* Meeting id of participant participant_id in the centre, with its
 * version and its author's name; lock: held until the transaction ends
 * (PostgreSQL; SQLite's writers take turns already). SC_ENOTFOUND when
 * there is none, or it is another participant's or centre's. */
int store_meeting_get(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, int64_t id,
		      bool lock, struct meeting *out);

/*
 * Writes m's edited fields (held_on to next_meeting) over meeting id of the
 * centre when its version is still expected_version, bumping it, and adds
 * the change log's line of version expected_version + 1 by user `by` at
 * now: changes[0..nchanges) (fields_changes()), keys their keys. SC_ECONFLICT
 * when the version moved, SC_ENOTFOUND when the meeting is not there. Run
 * inside a write transaction.
 */
int store_meeting_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
			 const struct meeting *m, const struct field_change *changes, size_t nchanges,
			 const char *keys, int64_t by, int64_t now);

/*
 * Removes the stored meeting m (read in this transaction) from the centre's
 * log when its version is still expected_version, keeping in the change
 * log a last line (version expected_version + 1, fields "removed") with the
 * reason and what each edited field held (old value, new ""). SC_ECONFLICT
 * when the version moved, SC_ENOTFOUND when the meeting is not there. Run
 * inside a write transaction.
 */
int store_meeting_remove(struct db *db, struct arena *a, int64_t centre, const struct meeting *m,
			 int64_t expected_version, const char *reason, int64_t by, int64_t now);

/* One line of a meeting's change log: an edit, or its removal. */
struct meeting_change {
	int64_t version;          /* the meeting's version after it */
	const char *fields;       /* the changed keys, comma-separated; "removed" */
	const char *reason;       /* a removal's reason; "" for an edit */
	int64_t at;
	int64_t user_id;          /* 0 when unknown */
	const char *user_name;    /* "" when unknown */
	size_t nvalues;
	struct field_change *values;   /* in the order of the fields */
};

/* The change log of meeting id of the centre, oldest first (at most 200
 * lines, each with its values; arena). None for a meeting never edited. */
int store_meeting_changes(struct db *db, struct arena *a, int64_t centre, int64_t id,
			  struct meeting_change **items, size_t *n);

/* A page of a participant's meetings in the centre, newest first (held_on,
 * then id), with each author's name; *total counts them all. limit is
 * clamped to 1..500 (else 50). items[0] of the first page is the latest
 * meeting, whose next_meeting is the one planned. */
int store_meetings(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
		   int64_t limit, int64_t offset, struct meeting **items, size_t *n, int64_t *total);

/* A meeting removed from the log: when it was held, when, by whom and why
 * it was removed. */
struct meeting_removed {
	int64_t meeting_id;
	const char *held_on;      /* YYYY-MM-DD, as it was */
	int64_t at;
	int64_t user_id;          /* 0 when unknown */
	const char *user_name;    /* "" when unknown */
	const char *reason;
};

/* The meetings removed from the log of a participant of the centre,
 * latest removal first (at most 200; arena). */
int store_meetings_removed(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			   struct meeting_removed **items, size_t *n);

#endif
