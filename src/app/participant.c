/*
 * participant.c — the commands and queries of the participant register;
 * see participant.h.
 */
#include "app/participant.h"
#include "domain/text.h"

#include "i18n/i18n.h"
#include "store/store.h"
#include "store/store_participant_search.h"
#include "util/arena.h"
#include "util/csv.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

unsigned
app_participant_flags(struct db *db)
{
	bool demo = false;
	if (store_installation_is_demo(db, &demo) != SC_OK)
		demo = false;
	return demo ? PV_ALLOW_SYNTHETIC : 0;
}

/* An audit entry whose record is text (the export's count and filter):
 * through the queue for a read outside a transaction. */
static int
audit_record(struct db *db, const struct actor *a, const char *action, const char *record_type,
	     const char *record, const char *outcome, bool read)
{
	const char *user = a->username ? a->username : "", *address = a->address ? a->address : "";
	if (read && a->store != NULL && !store_in_tx(db))
		return store_audit_queue_add(a->store, db, a->centre_id, a->now, a->user_id, user, action, record_type,
					     record, address, outcome);
	return store_audit_add(db, a->centre_id, a->now, a->user_id, user, action, record_type, record, address,
			       outcome);
}

/* An audit entry whose record is a count (the import's), "0" included. */
static int
audit_count(struct db *db, const struct actor *a, const char *action, const char *record_type,
	    int64_t count, const char *outcome, bool read)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)count);
	return audit_record(db, a, action, record_type, id, outcome, read);
}

/* The rules of the register over in, after the reading's errors. */
static bool
checked(struct db *db, struct arena *a, const struct actor *actor, struct participant *in,
	const struct field_errors *read, struct field_errors *e)
{
	if (read != NULL)
		*e = *read;
	return participant_check(in, actor->today, app_participant_flags(db), a, e);
}

/* A duplicate found: the refusal with its field's error. */
static int
refuse_duplicate(struct outcome *out, int64_t dup_id, bool same_nin)
{
	out->other_id = dup_id;
	if (same_nin)
		field_error_add(&out->errors, "nin", N_("This number is already registered."));
	else
		field_error_add(&out->errors, "birth_date",
				N_("Someone with this name and birth date is already registered."));
	return app_refuse(out, REFUSED_DUPLICATE, NULL);
}

/*
 * Registers a checked record inside the open transaction: the duplicate
 * check (in the centre, then the number in the installation), the insert,
 * the audit entry. Refusals go into out; SC_ECONFLICT only when the
 * number was taken between the check and the insert.
 */
static int
register_in_tx(struct db *db, const struct actor *actor, const struct participant *in, bool not_duplicate,
	       int64_t *id, struct outcome *out)
{
	int64_t dup = 0;
	bool same_nin = false;
	int rc = store_participant_duplicate(db, actor->centre_id, in, 0, &dup, &same_nin);
	if (rc != SC_OK)
		return rc;
	if (dup != 0 && (same_nin || !not_duplicate))
		return refuse_duplicate(out, dup, same_nin);
	bool taken = false;
	rc = store_participant_nin_taken(db, in->nin, 0, &taken);
	if (rc != SC_OK)
		return rc;
	if (taken)
		return refuse_duplicate(out, 0, true);
	rc = store_participant_create(db, actor->centre_id, in, actor->user_id, actor->now, actor->today, id);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "participant.create", "participant", *id);
	return rc;
}

int
app_participant_register(struct db *db, struct arena *a, const struct actor *actor, struct participant *in,
			 const struct field_errors *read, bool not_duplicate, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!access_allows(actor->roles, RES_INTAKE, ACT_WRITE))
		return app_refuse(out, REFUSED_FORBIDDEN, NULL);
	if (!checked(db, a, actor, in, read, &out->errors))
		return app_refuse(out, REFUSED_INVALID, NULL);
	int64_t id = 0;
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = register_in_tx(db, actor, in, not_duplicate, &id, out);
	rc = app_end(db, rc, out);
	if (rc == SC_ECONFLICT) {
		/* Someone registered the number a moment ago. */
		int64_t dup = 0;
		bool same_nin = false;
		rc = store_participant_duplicate(db, actor->centre_id, in, 0, &dup, &same_nin);
		if (rc == SC_OK)
			return refuse_duplicate(out, same_nin ? dup : 0, true);
		return rc;
	}
	out->id = id;
	return rc;
}

/* The saved version and the saves since version, for a stale edit. */
static int
refuse_stale(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
	     struct participant_change **changes, size_t *nchanges, struct outcome *out)
{
	struct participant_brief now;
	int rc = store_participant_brief(db, a, actor->centre_id, id, actor->user_id, &now);
	if (rc == SC_OK)
		rc = store_participant_changes_since(db, a, actor->centre_id, id, version, changes, nchanges);
	if (rc != SC_OK)
		return rc;
	out->version = now.version;
	return app_refuse(out, REFUSED_STALE, NULL);
}

int
app_participant_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
		       struct participant *in, const struct field_errors *read, struct participant_brief *brief,
		       struct participant_change **changes, size_t *nchanges, struct outcome *out)
{
	*changes = NULL;
	*nchanges = 0;
	int rc = app_participant(db, a, actor, id, PARTS_REGISTER, ACT_WRITE, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	checked(db, a, actor, in, read, &out->errors);
	if (version < 1)
		field_error_add(&out->errors, "version", N_("Send the version you read, a whole number from 1."));
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);

	int64_t centre = actor->centre_id;
	struct participant cur;
	int64_t dup = 0;
	bool same_nin = false, taken = false;
	char changed[PARTICIPANT_CHANGED_MAX] = "";
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_participant_duplicate(db, centre, in, id, &dup, &same_nin);
	if (rc == SC_OK && !(dup != 0 && same_nin))
		rc = store_participant_nin_taken(db, in->nin, id, &taken);
	if (rc == SC_OK && (dup != 0 && same_nin))
		refuse_duplicate(out, dup, true);
	else if (rc == SC_OK && taken)
		refuse_duplicate(out, 0, true);
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_participant_get(db, a, centre, id, &cur);
	bool stale = rc == SC_OK && out->refusal == DONE && cur.version != version;
	if (stale)
		app_refuse(out, REFUSED_STALE, NULL);
	int n = 0;
	if (rc == SC_OK && out->refusal == DONE)
		n = participant_changed_fields(&cur, in, changed);
	if (rc == SC_OK && out->refusal == DONE && n > 0)
		rc = store_participant_update(db, a, centre, id, version, &cur, in, changed, actor->user_id,
					      actor->now, actor->today);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "participant.update", "participant", id);
	rc = app_end(db, rc, out);
	if (rc == SC_ECONFLICT) {
		/* Saved by someone else between the read and the write, or
		 * the number taken meanwhile. */
		memset(out, 0, sizeof *out);
		rc = store_participant_brief(db, a, centre, id, actor->user_id, brief);
		if (rc != SC_OK)
			return rc;
		if (brief->version != version)
			return refuse_stale(db, a, actor, id, version, changes, nchanges, out);
		rc = store_participant_duplicate(db, centre, in, id, &dup, &same_nin);
		if (rc != SC_OK)
			return rc;
		return refuse_duplicate(out, same_nin ? dup : 0, true);
	}
	if (rc != SC_OK)
		return rc;
	if (stale) {
		memset(out, 0, sizeof *out);
		return refuse_stale(db, a, actor, id, version, changes, nchanges, out);
	}
	if (out->refusal == DONE) {
		out->id = id;
		out->version = n > 0 ? version + 1 : version;
	}
	return SC_OK;
}

int
app_participant_read(struct db *db, struct arena *a, const struct actor *actor, int64_t id, uint32_t want,
		     enum action act, bool audit, struct participant_brief *brief, struct participant *p,
		     struct outcome *out)
{
	int rc = app_participant(db, a, actor, id, want, act, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_participant_get(db, a, actor->centre_id, id, p);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc == SC_OK && audit)
		app_audit_read(db, actor, "participant.read", "participant", id);
	return rc;
}

int
app_participant_overview(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			 struct participant_brief *brief, struct participant *p, struct participant_overview *ov,
			 struct outcome *out)
{
	memset(ov, 0, sizeof *ov);
	int rc = app_participant_read(db, a, actor, id, PART_BIT(PART_NAME), ACT_READ, false, brief, p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	ov->parts = app_parts(actor, brief, ACT_READ);
	if (ov->parts & PART_BIT(PART_HISTORY))
		rc = store_participant_changes_since(db, a, actor->centre_id, id, 0, &ov->changes, &ov->nchanges);
	/* a withdrawn assessment is no level of theirs (its page keeps it) */
	if (rc == SC_OK && (ov->parts & PART_BIT(PART_SCHOOLING)))
		rc = store_language_levels(db, a, actor->centre_id, id, &ov->levels, &ov->nlevels);
	if (rc == SC_OK)
		app_audit_read(db, actor, "participant.read", "participant", id);
	return rc;
}

/* ---- lists ---- */

/* Which participants the actor's list shows when its rows show the parts
 * in want (domain/access.h). */
static struct participant_scope
scope_of(struct arena *a, const struct actor *actor, uint32_t want)
{
	char today[11];
	date_format(actor->today, today);
	struct participant_scope sc = {
		.relations = access_list_relations(actor->roles, want),
		.user_id = actor->user_id,
		.today = arena_strdup(a, today),
	};
	return sc;
}

/*
 * What the list's filter keeps, for rows that show the parts in shown:
 * true and *q when it searches; *want the parts the rows' relationships
 * must show — shown, and the identity number for a search by number,
 * which reveals who has that number. *status the status, "" any. The one
 * reading of the filter, for the list and its export.
 */
static bool
filter_of(const struct participant_filter *f, uint32_t shown, struct search_query *q, uint32_t *want,
	  const char **status)
{
	bool searched = f != NULL && f->q != NULL && *f->q && search_query_parse(f->q, q) == SC_OK;
	*want = shown;
	if (searched && q->number)
		*want |= PART_BIT(PART_NIN);
	*status = f != NULL && f->status != NULL ? f->status : "";
	return searched;
}

int
app_participant_list(struct db *db, struct arena *a, const struct actor *actor, struct participant_listing *l)
{
	struct search_query q;
	uint32_t want;
	const char *status;
	l->searched = filter_of(&l->filter, PART_BIT(PART_NAME), &q, &want, &status);
	struct participant_scope scope = scope_of(a, actor, want);
	/* The contact person's column only when every row may show it. */
	l->with_contact = access_list_relations(actor->roles, want | PART_BIT(PART_CASELOAD)) == scope.relations;
	l->everyone = (scope.relations & REL_BIT(REL_EVERYONE)) != 0;
	if (l->per_page <= 0)
		l->per_page = l->searched ? PARTICIPANT_SEARCH_PER_PAGE : PARTICIPANT_LIST_PER_PAGE;
	int64_t offset = (l->page - 1) * l->per_page;
	int rc;
	l->open = false;
	if (l->searched && !l->count) {
		/* The page and whether one follows; counted only past the
		 * last page, to say how many pages there are. */
		rc = store_participant_search_page(db, a, actor->centre_id, &q, &scope, status, l->per_page,
						   offset, &l->items, &l->n, &l->more);
		if (rc == SC_OK && l->n == 0 && offset > 0)
			rc = store_participant_search_count(db, a, actor->centre_id, &q, &scope, status,
							    PARTICIPANT_COUNT_CAP, &l->total, &l->capped);
		else
			l->total = offset + (int64_t)l->n;
		l->open = l->more;
	} else if (l->searched) {
		rc = store_participant_search(db, a, actor->centre_id, &q, &scope, status, l->per_page, offset,
					      &l->items, &l->n, &l->total, &l->capped);
		l->more = offset + (int64_t)l->n < l->total || (l->capped && (int64_t)l->n == l->per_page);
	} else {
		rc = store_participant_list(db, a, actor->centre_id, &scope, status, l->per_page, offset,
					    &l->items, &l->n, &l->total, &l->capped);
		l->more = offset + (int64_t)l->n < l->total || (l->capped && (int64_t)l->n == l->per_page);
	}
	if (rc != SC_OK)
		return rc;
	/* The query text may be personal data: it is not in the audit log. */
	app_audit_read(db, actor, l->searched ? "participant.search" : "participant.list", "participant", 0);
	return SC_OK;
}

bool
app_participant_may_export(uint32_t roles)
{
	return access_list_relations(roles, PARTICIPANT_EXPORT_PARTS) != 0;
}

int
app_participant_export(struct db *db, const struct actor *actor, const struct participant_filter *filter,
		       participant_export_fn fn, void *ctx, int64_t *count, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	*count = 0;
	struct search_query q;
	uint32_t want;
	const char *status;
	bool searched = filter_of(filter, PARTICIPANT_EXPORT_PARTS, &q, &want, &status);
	if (*status && !participant_status_valid(status)) {
		field_error_add(&out->errors, "status", N_("Unknown status."));
		return app_refuse(out, REFUSED_INVALID, NULL);
	}
	/* The participants whose every exported part the actor may read: a
	 * leader's whole register, a contact person's own participants; no
	 * one else's relationship shows contact details and the contact person. */
	char today[11];
	date_format(actor->today, today);
	struct participant_scope scope = {
		.relations = access_list_relations(actor->roles, want),
		.user_id = actor->user_id,
		.today = today,
	};
	if (scope.relations == 0)
		return app_refuse(out, REFUSED_FORBIDDEN, NULL);
	int rc = store_participant_export(db, actor->centre_id, &scope, searched ? &q : NULL, status, fn, ctx,
					  count);
	if (rc != SC_OK)
		return rc;
	/* The filter, but not the words searched for: they may be personal
	 * data, as the list's are. */
	char record[64];
	snprintf(record, sizeof record, "%lld%s%s%s", (long long)*count, searched ? " search" : "",
		 *status ? " status=" : "", status);
	audit_record(db, actor, "participant.export", "export", record, "ok", true);
	return SC_OK;
}

/* ---- the CSV import ---- */

/* A file's lines and the state of its import. */
struct import {
	struct db *db;
	struct arena *a;
	const struct actor *actor;
	struct import_report *rep;
	size_t cap_problems;
	/* lines inserted so far: to tell a duplicate in the file from one
	 * in the register */
	long *ins_line;
	int64_t *ins_id;
	size_t nins, cap_ins;
};

/* Grows an arena array of *cap elements of size elem to at least need. */
static int
grow(struct arena *a, void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return SC_OK;
	size_t ncap = *cap ? *cap * 2 : 64;
	while (ncap < need)
		ncap *= 2;
	void *n = arena_alloc(a, ncap * elem);
	if (n == NULL)
		return SC_ENOMEM;
	if (*arr != NULL)
		memcpy(n, *arr, *cap * elem);
	*arr = n;
	*cap = ncap;
	return SC_OK;
}

static int
add_problem(struct import *im, struct import_problem p)
{
	struct import_report *rep = im->rep;
	if (rep->nproblems >= IMPORT_MAX_PROBLEMS) {
		rep->unlisted++;
		return SC_OK;
	}
	void *arr = rep->problems;
	int rc = grow(im->a, &arr, &im->cap_problems, rep->nproblems + 1, sizeof *rep->problems);
	if (rc != SC_OK)
		return rc;
	rep->problems = arr;
	if (p.field == NULL)
		p.field = "";
	rep->problems[rep->nproblems++] = p;
	return SC_OK;
}

/* Refuses the whole file with one problem. */
static int
file_problem(struct import *im, struct import_problem p)
{
	im->rep->file_error = true;
	return add_problem(im, p);
}

static bool
blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* Trims spaces at both ends in place. */
static char *
trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static const char *
csv_error_msgid(enum csv_error e)
{
	switch (e) {
	case CSV_UNTERMINATED_QUOTE:
		return N_("Line %ld: a quoted cell is not closed. Every \" that opens a cell needs one that closes it.");
	case CSV_STRAY_QUOTE:
		return N_("Line %ld: a quote character in the wrong place. A cell with quotes must be quoted as a whole, with each quote inside written twice.");
	case CSV_FIELD_TOO_LONG:
		return N_("Line %ld: a cell is longer than 4096 bytes.");
	case CSV_TOO_MANY_COLUMNS:
		return N_("Line %ld: more than 64 columns.");
	case CSV_NUL_BYTE:
		return N_("Line %ld: the file has a NUL byte; it is not a text file.");
	case CSV_BAD_UTF8:
		return N_("Line %ld: the text is not UTF-8. Save the file as \"CSV UTF-8\".");
	case CSV_OK:
		break;
	}
	return N_("Line %ld: the file cannot be read as CSV.");
}

/* The lines of the file (cells copied to the arena). */
struct lines {
	struct csv_record *rows;
	size_t n, cap;
};

static int
read_lines(struct import *im, const char *data, size_t len, struct lines *t)
{
	struct csv_reader cr;
	int rc = csv_open(&cr, im->a, data, len, IMPORT_MAX_FIELD, IMPORT_MAX_COLUMNS);
	if (rc != SC_OK)
		return rc;
	struct csv_record rec;
	while ((rc = csv_next(&cr, im->a, &rec)) == 1) {
		void *arr = t->rows;
		rc = grow(im->a, &arr, &t->cap, t->n + 1, sizeof *t->rows);
		if (rc != SC_OK)
			return rc;
		t->rows = arr;
		char **cells = arena_alloc(im->a, rec.n * sizeof *cells);
		if (cells == NULL)
			return SC_ENOMEM;
		memcpy(cells, rec.fields, rec.n * sizeof *cells);
		t->rows[t->n++] = (struct csv_record){cells, rec.n, rec.line};
	}
	if (rc == SC_EINVAL)
		return file_problem(im, (struct import_problem){.line = cr.error_line,
								.reason = csv_error_msgid(cr.error),
								.num = {cr.error_line}});
	return rc;
}

/* True when text names what the msgid says in any language of the
 * product (the English msgid itself among them), in any case: Æ, Ø and
 * Å too (text_casecmp()), so "FØDSELSDATO" is "Fødselsdato". */
static bool
said_in_any_language(const char *text, const char *msgid)
{
	for (int l = 0; l < LANG_COUNT; l++)
		if (text_casecmp(text, tr((enum lang)l, msgid)) == 0)
			return true;
	return false;
}

/* True when a header's name is field f's: its key, or its label as any
 * language shows it — the heading the register export writes. */
static bool
names_field(const char *name, const struct field *f)
{
	return text_casecmp(name, f->key) == 0 || said_in_any_language(name, f->label);
}

/* True when a header's name is one of the export's columns that the
 * register keeps itself (participant no., status, contact person): a
 * file exported from the register is imported without them. */
static bool
kept_by_register(const char *name)
{
	for (size_t i = 0; participant_export_columns[i] != NULL; i++) {
		const struct field *f = fields_find(participant_fields, participant_export_columns[i]);
		if (f != NULL && (f->flags & FF_OUT) && names_field(name, f))
			return true;
	}
	return false;
}

/*
 * Maps the header's columns to register fields (cols[i] NULL when not
 * one), each named by its key or its heading in the export: every column
 * a field or one the register keeps (left out), none twice, the required
 * fields' there, and birth_date or nin. *named: the columns up to the
 * last one with a name.
 */
static int
read_header(struct import *im, const struct csv_record *h, const struct field **cols, size_t *named)
{
	int rc = SC_OK;
	bool has_birth = false, has_nin = false;
	*named = h->n;
	for (size_t i = 0; i < h->n && rc == SC_OK; i++) {
		char *name = trim(h->fields[i]);
		cols[i] = NULL;
		if (name[0] == '\0') {
			/* A trailing empty column is what spreadsheets leave behind. */
			bool rest_empty = true;
			for (size_t k = i; k < h->n; k++)
				rest_empty &= blank(h->fields[k]);
			if (rest_empty) {
				*named = i;
				break;
			}
			rc = file_problem(im, (struct import_problem){.line = h->line,
				.reason = N_("Column %zu has no name in the header."), .num = {(long long)i + 1}});
			continue;
		}
		for (size_t k = 0; k < participant_fields.n && cols[i] == NULL; k++) {
			const struct field *f = &participant_fields.f[k];
			if (!(f->flags & FF_OUT) && names_field(name, f))
				cols[i] = f;
		}
		if (cols[i] == NULL && kept_by_register(name))
			continue;
		if (cols[i] == NULL) {
			rc = file_problem(im, (struct import_problem){.line = h->line, .field = name,
				.reason = N_("Unknown column \"%s\". Use the column names listed on the import page."),
				.text = name});
			continue;
		}
		for (size_t k = 0; k < i; k++)
			if (cols[k] == cols[i]) {
				rc = file_problem(im, (struct import_problem){.line = h->line, .field = cols[i]->key,
					.reason = N_("The column \"%s\" appears twice."), .text = cols[i]->key});
				cols[i] = NULL;
				break;
			}
		has_birth |= cols[i] != NULL && strcmp(cols[i]->key, "birth_date") == 0;
		has_nin |= cols[i] != NULL && strcmp(cols[i]->key, "nin") == 0;
	}
	for (size_t k = 0; k < participant_fields.n && rc == SC_OK; k++) {
		const struct field *f = &participant_fields.f[k];
		if (!(f->flags & FF_REQUIRED) || (f->flags & FF_OUT))
			continue;
		bool found = false;
		for (size_t i = 0; i < h->n; i++)
			found |= cols[i] == f;
		if (!found)
			rc = file_problem(im, (struct import_problem){.line = h->line, .field = f->key,
				.reason = N_("The required column \"%s\" is missing."), .text = f->key});
	}
	if (rc == SC_OK && !has_birth && !has_nin)
		rc = file_problem(im, (struct import_problem){.line = h->line, .field = "birth_date",
			.reason = N_("The file needs a column \"birth_date\" or \"nin\" (or both).")});
	return rc;
}

/*
 * A cell as the field reads it, taking back what the register export
 * writes: its formula guard ("'+4791234567", util/csv.h) and a choice's
 * label in any language ("Kvinne", "Female": the key "female"). Anything
 * else is the cell as it is.
 */
static const char *
cell_value(const struct field *f, char *cell)
{
	const char *v = csv_unguarded(trim(cell));
	if (f->type == FT_ENUM && field_option_index(f, v) < 0)
		for (size_t i = 0; i < f->noptions; i++)
			if (said_in_any_language(v, f->options[i].label))
				return f->options[i].key;
	return v;
}

/* The line of this file on which participant id was inserted, or 0. */
static long
inserted_line(const struct import *im, int64_t id)
{
	for (size_t i = 0; i < im->nins; i++)
		if (im->ins_id[i] == id)
			return im->ins_line[i];
	return 0;
}

/* Checks and inserts one line. Problems go into the report; the return
 * is an SC_ code only for what stops the whole import. */
static int
import_line(struct import *im, const struct csv_record *row, const struct field *const *cols, size_t ncols)
{
	struct import_report *rep = im->rep;
	int rc = SC_OK;
	for (size_t i = ncols; i < row->n; i++)
		if (!blank(row->fields[i])) {
			rc = add_problem(im, (struct import_problem){.line = row->line,
				.reason = N_("This line has %zu cells; the header has %zu."),
				.num = {(long long)row->n, (long long)ncols}});
			rep->rejected++;
			return rc;
		}
	struct participant p;
	participant_clear(&p);
	struct field_errors fe = {0};
	for (size_t i = 0; i < ncols && i < row->n; i++)
		if (cols[i] != NULL)
			field_read_text(cols[i], cell_value(cols[i], row->fields[i]), &p, im->a, &fe);
	struct outcome out = {0};
	int64_t id = 0;
	if (!checked(im->db, im->a, im->actor, &p, &fe, &out.errors))
		out.refusal = REFUSED_INVALID;
	else
		rc = register_in_tx(im->db, im->actor, &p, false, &id, &out);
	if (out.refusal == DONE && rc != SC_OK)
		return rc;   /* SC_ECONFLICT: someone registered the number meanwhile */
	if (out.refusal == REFUSED_INVALID) {
		for (int i = 0; i < out.errors.n; i++) {
			rc = add_problem(im, (struct import_problem){.line = row->line, .field = out.errors.field[i],
				.reason = out.errors.reason[i], .num = {out.errors.arg[i][0], out.errors.arg[i][1]},
				.text = out.errors.text[i][0], .more = {out.errors.text[i][1], out.errors.text[i][2]}});
			if (rc != SC_OK)
				return rc;
		}
		if (out.errors.n == 0 && (rc = add_problem(im, (struct import_problem){.line = row->line,
				.reason = N_("This line is not valid.")})) != SC_OK)
			return rc;
	} else if (out.refusal == REFUSED_DUPLICATE) {
		bool same_nin = field_error_of(&out.errors, "nin") != NULL;
		long earlier = out.other_id != 0 ? inserted_line(im, out.other_id) : 0;
		struct import_problem pr = {.line = row->line, .field = same_nin ? "nin" : "birth_date",
					    .dup_id = earlier > 0 ? 0 : out.other_id};
		if (earlier > 0) {
			pr.reason = same_nin ? N_("The same identity number is on line %ld of this file.")
					     : N_("The same name and birth date are on line %ld of this file.");
			pr.num[0] = earlier;
		} else {
			pr.reason = same_nin ? N_("A participant with this identity number is already registered.")
					     : N_("A participant with the same name and birth date is already registered.");
		}
		if ((rc = add_problem(im, pr)) != SC_OK)
			return rc;
	}
	if (out.refusal != DONE) {
		rep->rejected++;
		return SC_OK;
	}
	void *lines = im->ins_line, *ids = im->ins_id;
	size_t cap = im->cap_ins;
	rc = grow(im->a, &lines, &cap, im->nins + 1, sizeof *im->ins_line);
	if (rc == SC_OK)
		rc = grow(im->a, &ids, &im->cap_ins, im->nins + 1, sizeof *im->ins_id);
	if (rc != SC_OK)
		return rc;
	im->ins_line = lines;
	im->ins_id = ids;
	im->ins_line[im->nins] = row->line;
	im->ins_id[im->nins] = id;
	im->nins++;
	rep->passed++;
	return SC_OK;
}

int
app_participant_import(struct db *db, struct arena *a, const struct actor *actor, const char *data, size_t len,
		       bool good_mode, struct import_report *rep)
{
	memset(rep, 0, sizeof *rep);
	rep->good_mode = good_mode;
	if (!access_allows(actor->roles, RES_INTAKE, ACT_WRITE))
		return SC_EDENIED;
	struct import im = {.db = db, .a = a, .actor = actor, .rep = rep};
	struct lines t = {0};
	int rc = read_lines(&im, data, len, &t);
	if (rc != SC_OK || rep->file_error)
		return rc;
	if (t.n == 0)
		return file_problem(&im, (struct import_problem){.reason = N_("The file is empty.")});
	const struct field **cols = arena_alloc(a, t.rows[0].n * sizeof *cols);
	if (cols == NULL)
		return SC_ENOMEM;
	size_t ncols = 0;   /* without the empty trailing header cells */
	rc = read_header(&im, &t.rows[0], cols, &ncols);
	if (rc != SC_OK || rep->file_error)
		return rc;
	const struct import_problem no_rows = {.line = t.rows[0].line,
					       .reason = N_("The file has a header but no participants.")};
	if (t.n == 1)
		return file_problem(&im, no_rows);

	rc = app_begin(db);
	for (size_t i = 1; i < t.n && rc == SC_OK; i++) {
		const struct csv_record *row = &t.rows[i];
		bool empty = true;
		for (size_t k = 0; k < row->n; k++)
			empty &= blank(row->fields[k]);
		if (empty)
			continue;
		rep->read++;
		rc = import_line(&im, row, cols, ncols);
	}
	if (rc == SC_OK && rep->read == 0) {
		store_tx_rollback(db);
		return file_problem(&im, no_rows);
	}
	bool keep = rc == SC_OK && rep->passed > 0 && (rep->rejected == 0 || rep->good_mode);
	if (keep)
		rc = audit_count(db, actor, "participant.import", "import", rep->passed, "ok", false);
	if (keep && rc == SC_OK) {
		rc = store_tx_commit(db);
		if (rc != SC_OK)
			store_tx_rollback(db);
		rep->committed = rc == SC_OK;
	} else if (store_in_tx(db)) {
		store_tx_rollback(db);
	}
	if (rc == SC_OK && !rep->committed)
		audit_count(db, actor, "participant.import", "import", 0, rep->rejected > 0 ? "failed" : "ok", false);
	return rc;
}
