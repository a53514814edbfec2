/*
 * participant.h — the commands and queries of the participant register
 * (domain/participant.h): register, update and import; read one, the
 * overview, list and search, and the register export.
 *
 * Every way in — the form, the API, the CSV import — reads the record
 * through its declared fields and hands it here with the errors of that
 * reading; the command adds the rules' (participant_check), checks for
 * duplicates, writes in one transaction with its audit entry and answers
 * with a struct outcome. Everything runs within the actor's centre.
 */
#ifndef SC_APP_PARTICIPANT_H
#define SC_APP_PARTICIPANT_H

#include "app/app.h"
#include "domain/participant.h"
#include "store/store_language.h"
#include "store/store_participant.h"

/* participant_check()'s flags for this installation: PV_ALLOW_SYNTHETIC
 * when the register holds the demo centre (decision 26), else 0. A failed
 * read counts as not a demo. */
unsigned app_participant_flags(struct db *db);

/*
 * Registers in (read from a form, the API or a file; read: the errors of
 * that reading, NULL = none) in the actor's centre, as the actor, who
 * must hold the right to register (RES_INTAKE, else REFUSED_FORBIDDEN).
 * REFUSED_INVALID with the fields' errors. REFUSED_DUPLICATE when the
 * same identity number is registered — always; out->other_id is the
 * participant, 0 when of another centre (the number is unique in the
 * installation), and the error is on "nin" — or the same name and birth
 * date, unless not_duplicate (the error on "birth_date"). DONE: out->id,
 * audited "participant.create". in is normalised by the rules.
 */
int app_participant_register(struct db *db, struct arena *a, const struct actor *actor,
			     struct participant *in, const struct field_errors *read, bool not_duplicate,
			     struct outcome *out);

/*
 * Saves in (the whole register as edited; read: the errors of reading it,
 * NULL = none) over participant id, edited from version (0 when the
 * request named none: REFUSED_INVALID on "version"). brief gets the
 * participant on every answer but REFUSED_NOT_FOUND (the actor may not
 * write the register of this participant, or there is none in the
 * centre). REFUSED_INVALID with the fields' errors; REFUSED_DUPLICATE when
 * the identity number is another participant's (out->other_id, 0 when of
 * another centre); REFUSED_STALE when the saved version is not version:
 * out->version is the saved one and *changes (arena) the saves after
 * version, oldest first (none when version is above the saved one).
 * DONE: out->id, out->version the version now (unchanged when nothing
 * differed: then nothing is written), audited "participant.update".
 */
int app_participant_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			   int64_t version, struct participant *in, const struct field_errors *read,
			   struct participant_brief *brief, struct participant_change **changes,
			   size_t *nchanges, struct outcome *out);

/*
 * Participant id, when the actor may act (act) on every part in want:
 * brief and the whole record p (show only what app_parts() allows).
 * REFUSED_NOT_FOUND, audited as a denial, otherwise. audit: record the
 * reading as "participant.read".
 */
int app_participant_read(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			 uint32_t want, enum action act, bool audit, struct participant_brief *brief,
			 struct participant *p, struct outcome *out);

/* What the overview of a participant shows besides the record: the
 * change history (oldest first; none unless the actor may read
 * PART_HISTORY) and the Norwegian levels (none unless PART_SCHOOLING). */
struct participant_overview {
	struct participant_change *changes;
	size_t nchanges;
	struct language_assessment *levels;
	size_t nlevels;
	uint32_t parts;          /* the parts the actor may read */
};

/* app_participant_read() of the name (audited), with the overview. */
int app_participant_overview(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			     struct participant_brief *brief, struct participant *p,
			     struct participant_overview *ov, struct outcome *out);

/* The register list's filter, which its export takes as it is. A q
 * that search_query_parse() refuses (no word in it) is no search, as for
 * the list. */
struct participant_filter {
	const char *q;           /* what was typed in the search box; "" lists */
	const char *status;      /* a participant_status_keys key, or "" for any */
};

/* A list or search of the register, as the actor may see it. */
/* The pages of the register's list and of its search, unless the reader
 * asks for another. A search looks for someone: a screen of names, and a
 * word more when they are not among them; the list is browsed (issue 13). */
#define PARTICIPANT_LIST_PER_PAGE 50
#define PARTICIPANT_SEARCH_PER_PAGE 20

struct participant_listing {
	/* in */
	struct participant_filter filter;
	int64_t page, per_page;  /* page from 1; per_page 1..200, or 0: the
				  * list's PARTICIPANT_LIST_PER_PAGE, a
				  * search's PARTICIPANT_SEARCH_PER_PAGE */
	bool count;              /* a search's matches counted to the cap (the
				  * API's total); false: only those up to the
				  * page's end, "more" past it (the page) */
	/* out */
	bool searched;           /* q was a query */
	struct participant *items;   /* the fields of participant_list_columns */
	size_t n;
	int64_t total;
	bool capped;             /* more than PARTICIPANT_COUNT_CAP match */
	bool open;               /* total is the matches up to the page's end
				  * and more follow, not counted (!count) */
	bool more;               /* a match follows this page */
	bool with_contact;       /* every row may show its contact person */
	bool everyone;           /* the actor sees the centre's whole register */
};

/*
 * Runs the search (or the list) in the actor's scope: the participants
 * whose names their relationships show (a search by number also follows
 * only relationships that show the identity number). Audited as
 * "participant.search" or "participant.list", without the query.
 */
int app_participant_list(struct db *db, struct arena *a, const struct actor *actor,
			 struct participant_listing *l);

/* True when roles may export anyone at all (the register page offers the
 * export only then; a teacher's or a liaison's relationships do not show
 * every exported part). */
bool app_participant_may_export(uint32_t roles);

/*
 * The register export of the list filter shows (NULL: the whole list):
 * fn gets each participant of the centre the filter keeps, as
 * app_participant_list() keeps them, whose every exported part
 * (PARTICIPANT_EXPORT_PARTS) the actor may read — a leader's whole
 * register, a contact person's own participants; a search by number
 * follows only relationships that show the identity number too, as the
 * list's does — in name order (store_participant_export).
 * REFUSED_FORBIDDEN when the actor's relationships reach no one's;
 * REFUSED_INVALID (on "status") for a status that is not a
 * participant_status_keys key. DONE: *count rows, audited
 * "participant.export" whose record is the count and the filter used
 * ("12", "12 status=active", "12 search", "12 search status=active"; the
 * words searched for are not in the audit log, as the list's are not).
 */
int app_participant_export(struct db *db, const struct actor *actor, const struct participant_filter *filter,
			   participant_export_fn fn, void *ctx, int64_t *count, struct outcome *out);

/* ---- the CSV import ---- */

#define IMPORT_MAX_FIELD 4096       /* bytes of one cell */
#define IMPORT_MAX_COLUMNS 64
#define IMPORT_MAX_PROBLEMS 1000    /* listed; more are counted */

/* Something wrong with a file, its header or one of its lines. */
struct import_problem {
	long line;                /* 0: the file as a whole */
	const char *field;        /* a field key, a column as written, or "" */
	const char *reason;       /* msgid, whose conversions (%ld, %zu, %lld, %s) take,
				   * in order, the numbers num[] and the text */
	long long num[2];
	const char *text;
	const char *more[2];      /* the second and third "%s", when the reason has them */
	int64_t dup_id;           /* a participant already registered, or 0 */
};

struct import_report {
	bool good_mode;           /* keep the good lines even when some fail */
	bool file_error;          /* the file or its header was refused whole */
	bool committed;           /* the good lines were saved */
	long read;                /* data lines (not the header, not blank lines) */
	long passed;              /* lines that passed every check */
	long rejected;            /* lines with at least one problem */
	struct import_problem *problems;   /* arena */
	size_t nproblems;
	size_t unlisted;          /* problems past IMPORT_MAX_PROBLEMS */
};

/*
 * Imports the CSV text of len bytes at data into the actor's centre: the
 * header names the columns by field key or by the field's label in any
 * language of the product, as the register export writes them (any case,
 * any order; the required fields', and birth_date or nin); the export's
 * columns the register keeps (participant no., status, contact person)
 * are left out, and a cell's formula guard and a choice's label in any
 * language are read as the export wrote them; each line is read through the
 * fields, checked by the rules and for duplicates — in the register and
 * earlier in the file — and registered, all in one transaction that is
 * committed when every line passed or, with good_mode, whatever the
 * rejects, and otherwise rolled back. Audited: a "participant.create" per
 * person and one "participant.import" whose record is the count imported
 * ("0", outcome "failed", when lines were refused and nothing kept).
 * Returns 0 with the report (a refused file too), SC_ECONFLICT when a
 * concurrent registration broke the transaction (nothing is kept),
 * SC_EDENIED when the actor may not register, or another SC_ code.
 */
int app_participant_import(struct db *db, struct arena *a, const struct actor *actor, const char *data,
			   size_t len, bool good_mode, struct import_report *rep);

#endif
