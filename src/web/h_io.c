/*
 * h_io.c — data in and out: the CSV import of participants (page and API)
 * and the register export (CSV/XLSX); routes in routes_io.inc.
 *
 * An import reads the whole file first (it is at most http.max_body), so a
 * malformed file or header is refused before anything is written. Then every
 * row goes through participant_validate(), the duplicate check and, when it
 * passes, store_participant_create() inside one transaction: rows inserted
 * earlier in the same file are found by the duplicate check like any other,
 * which is how a person listed twice in the file is caught. The transaction
 * is committed when every row passed, or, with the "good rows" option,
 * whatever the rejects; otherwise it is rolled back and nothing is kept.
 * Audit: a participant.create per person and one participant.import whose
 * record id is the count imported ("0", outcome "failed", when a file was
 * checked but nothing kept), in the same transaction as the rows.
 *
 * API: POST /api/v1/participants/import?mode=all|good, body text/csv →
 *   {"read":N, "imported":N, "rejected_rows":N,
 *    "rejected":[{"line":L, "field":"nin", "message":"...", "duplicate_of":ID?}],
 *    "unlisted":N?, "error":{"code","message"}?}
 * 200 when the rows were imported (mode=good: the good ones); 422 with
 * "error" when nothing was (a failing row under mode=all, or code
 * "invalid_file" for a malformed file or header); 409 when a concurrent
 * registration broke the transaction; 413 (by the server) over http.max_body.
 *
 * The register export streams rows from store_participant_export() into
 * export.h without keeping them: a million participants is one buffer.
 */
#include "case.h"
#include "export.h"
#include "http.h"
#include "util/arena.h"
#include "util/csv.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* This file's handlers, declared from its route lines. */
#define ROUTE(method, pattern, fn, perm, api) int fn(struct req *r);
#include "routes_io.inc"
#undef ROUTE

#define IMPORT_MAX_FIELD 4096       /* bytes of one cell */
#define IMPORT_MAX_COLUMNS 64
#define IMPORT_MAX_PROBLEMS 1000    /* listed; more are counted */
#define IMPORT_TYPICAL_ROW 200      /* bytes of a filled-in row, for the size hint */

/* ---- the columns ---- */

/* How a column is filled in (msgids), in participant_fields order. */
static const struct {
	const char *key;
	const char *format;
} column_help[] = {
	{"given_name", N_("Required.")},
	{"family_name", N_("Required.")},
	{"nin", N_("11 digits. Leave empty when the person has no number.")},
	{"birth_date", N_("YYYY-MM-DD. Required unless the identity number is given.")},
	{"gender", N_("female, male or other. Required.")},
	{"country_of_birth", N_("Text.")},
	{"citizenship", N_("Text.")},
	{"languages", N_("Language names separated by commas, inside quotes: \"Somali, Arabic\".")},
	{"interpreter", N_("The language an interpreter is needed for, if any.")},
	{"arrival_date", N_("YYYY-MM-DD.")},
	{"residence_basis", N_("refugee, family or other.")},
	{"intro_ended", N_("YYYY-MM-DD.")},
	{"schooling_years", N_("A whole number from 0 to 30.")},
	{"literate", N_("yes or no.")},
	{"cefr_listening", N_("A1, A2, B1, B2 or C1.")},
	{"cefr_reading", N_("A1, A2, B1, B2 or C1.")},
	{"cefr_speaking", N_("A1, A2, B1, B2 or C1.")},
	{"cefr_writing", N_("A1, A2, B1, B2 or C1.")},
	{"children", N_("Birth dates YYYY-MM-DD separated by commas, inside quotes: \"2015-04-01, 2018-09-30\".")},
	{"caregiving", N_("Text.")},
	{"phone", N_("Norwegian (8 digits) or international (+ and country code).")},
	{"email", N_("An e-mail address.")},
	{"address", N_("Text.")},
	{"postcode", N_("4 digits.")},
	{"city", N_("Text.")},
	{"bank_account", N_("11 digits.")},
	{"tax_percent", N_("A whole number from 0 to 100; or give tax_table instead.")},
	{"tax_table", N_("A withholding table number, such as 7100.")},
};

static const char *
column_format(const char *key)
{
	for (size_t i = 0; i < sizeof column_help / sizeof column_help[0]; i++)
		if (strcmp(column_help[i].key, key) == 0)
			return column_help[i].format;
	return "";
}

/* The columns a file must have (birth_date may be replaced by nin). */
static const char *const required_columns[] = {"given_name", "family_name", "gender"};

static size_t
nfields(void)
{
	size_t n = 0;
	while (participant_fields[n] != NULL)
		n++;
	return n;
}

/* ---- an import and its report ---- */

struct problem {
	long line;
	const char *field;     /* a field key, a column as written, or "" */
	const char *message;   /* translated */
	int64_t dup_id;        /* a participant already registered, or 0 */
};

struct import {
	struct req *r;
	bool good_mode;        /* keep the good rows even when some fail */
	bool file_error;       /* the file or its header was refused whole */
	bool committed;        /* the good rows were saved */
	unsigned pv_flags;     /* participant_validate() flags (demo registers) */
	long read;             /* data rows (not the header, not blank lines) */
	long passed;           /* rows that passed every check */
	long rejected;         /* rows with at least one problem */
	struct problem *problems;
	size_t nproblems, cap_problems;
	size_t unlisted;       /* problems past IMPORT_MAX_PROBLEMS */
	/* rows inserted so far: to tell an in-file duplicate from the register */
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
add_problem(struct import *im, long line, const char *field, const char *message, int64_t dup_id)
{
	if (im->nproblems >= IMPORT_MAX_PROBLEMS) {
		im->unlisted++;
		return SC_OK;
	}
	void *arr = im->problems;
	int rc = grow(im->r->a, &arr, &im->cap_problems, im->nproblems + 1, sizeof *im->problems);
	if (rc != SC_OK)
		return rc;
	im->problems = arr;
	im->problems[im->nproblems++] = (struct problem){line, field ? field : "",
							 message ? message : "", dup_id};
	return SC_OK;
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

/* Refuses the whole file with one problem. */
static int
file_problem(struct import *im, long line, const char *field, const char *message)
{
	im->file_error = true;
	return add_problem(im, line, field, message, 0);
}

/* The records of the file (fields copied to the arena). */
struct table {
	struct csv_record *rows;
	size_t n, cap;
};

static int
read_table(struct import *im, const char *data, size_t len, struct table *t)
{
	struct req *r = im->r;
	struct csv_reader cr;
	int rc = csv_open(&cr, r->a, data, len, IMPORT_MAX_FIELD, IMPORT_MAX_COLUMNS);
	if (rc != SC_OK)
		return rc;
	struct csv_record rec;
	while ((rc = csv_next(&cr, r->a, &rec)) == 1) {
		void *arr = t->rows;
		rc = grow(r->a, &arr, &t->cap, t->n + 1, sizeof *t->rows);
		if (rc != SC_OK)
			return rc;
		t->rows = arr;
		char **fields = arena_alloc(r->a, rec.n * sizeof *fields);
		if (fields == NULL)
			return SC_ENOMEM;
		memcpy(fields, rec.fields, rec.n * sizeof *fields);
		t->rows[t->n++] = (struct csv_record){fields, rec.n, rec.line};
	}
	if (rc == SC_EINVAL)
		return file_problem(im, cr.error_line, "",
				    arena_printf(r->a, T(r, csv_error_msgid(cr.error)), cr.error_line));
	return rc;
}

/* Maps the header's columns to field keys (cols[i] is NULL on error). */
static int
read_header(struct import *im, const struct csv_record *h, const char **cols)
{
	struct req *r = im->r;
	int rc = SC_OK;
	bool has_birth = false, has_nin = false;
	for (size_t i = 0; i < h->n && rc == SC_OK; i++) {
		char *name = trim(h->fields[i]);
		cols[i] = NULL;
		if (name[0] == '\0') {
			/* A trailing empty column is what spreadsheets leave behind. */
			bool rest_empty = true;
			for (size_t k = i; k < h->n; k++)
				rest_empty &= blank(h->fields[k]);
			if (rest_empty)
				break;
			rc = file_problem(im, h->line, "",
					  arena_printf(r->a, T(r, "Column %zu has no name in the header."), i + 1));
			continue;
		}
		for (size_t k = 0; participant_fields[k] != NULL; k++)
			if (strcasecmp(name, participant_fields[k]) == 0)
				cols[i] = participant_fields[k];
		if (cols[i] == NULL) {
			rc = file_problem(im, h->line, name,
					  arena_printf(r->a, T(r, "Unknown column \"%s\". Use the column names listed on the import page."),
						       name));
			continue;
		}
		for (size_t k = 0; k < i; k++)
			if (cols[k] != NULL && cols[k] == cols[i]) {
				rc = file_problem(im, h->line, cols[i],
						  arena_printf(r->a, T(r, "The column \"%s\" appears twice."), cols[i]));
				cols[i] = NULL;
				break;
			}
		has_birth |= cols[i] != NULL && strcmp(cols[i], "birth_date") == 0;
		has_nin |= cols[i] != NULL && strcmp(cols[i], "nin") == 0;
	}
	for (size_t k = 0; k < sizeof required_columns / sizeof required_columns[0] && rc == SC_OK; k++) {
		bool found = false;
		for (size_t i = 0; i < h->n; i++)
			found |= cols[i] != NULL && strcmp(cols[i], required_columns[k]) == 0;
		if (!found)
			rc = file_problem(im, h->line, required_columns[k],
					  arena_printf(r->a, T(r, "The required column \"%s\" is missing."),
						       required_columns[k]));
	}
	if (rc == SC_OK && !has_birth && !has_nin)
		rc = file_problem(im, h->line, "birth_date",
				  T(r, "The file needs a column \"birth_date\" or \"nin\" (or both)."));
	return rc;
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

/* Checks and inserts one data row. Problems go into the report; the return
 * is an SC_ code only for what stops the whole import. */
static int
import_row(struct import *im, const struct csv_record *row, const char *const *cols, size_t ncols,
	   struct date today, int64_t now)
{
	struct req *r = im->r;
	struct db *db = req_db(r);
	size_t before = im->nproblems + im->unlisted;
	int rc;
	for (size_t i = ncols; i < row->n; i++)
		if (!blank(row->fields[i])) {
			rc = add_problem(im, row->line, "",
					 arena_printf(r->a, T(r, "This line has %zu cells; the header has %zu."),
						      row->n, ncols),
					 0);
			if (rc != SC_OK)
				return rc;
			im->rejected++;
			return SC_OK;
		}
	struct participant_form form;
	memset(&form, 0, sizeof form);
	for (size_t i = 0; i < ncols && i < row->n; i++)
		if (cols[i] != NULL)
			participant_form_set(&form, cols[i], row->fields[i]);
	struct participant p;
	struct field_errors fe;
	memset(&p, 0, sizeof p);
	if (participant_validate(&form, today, im->pv_flags, &p, &fe) != SC_OK) {
		for (int i = 0; i < fe.n; i++) {
			rc = add_problem(im, row->line, fe.field[i], T(r, fe.reason[i]), 0);
			if (rc != SC_OK)
				return rc;
		}
		if (fe.n == 0 && (rc = add_problem(im, row->line, "", T(r, "This line is not valid."), 0)) != SC_OK)
			return rc;
	} else {
		int64_t dup = 0;
		bool same_nin = false;
		rc = store_participant_duplicate(db, &p, 0, &dup, &same_nin);
		if (rc != SC_OK)
			return rc;
		if (dup != 0) {
			long earlier = inserted_line(im, dup);
			const char *field = same_nin ? "nin" : "birth_date";
			const char *msg;
			if (earlier > 0)
				msg = arena_printf(r->a, same_nin ? T(r, "The same identity number is on line %ld of this file.")
								  : T(r, "The same name and birth date are on line %ld of this file."),
						   earlier);
			else
				msg = same_nin ? T(r, "A participant with this identity number is already registered.")
					       : T(r, "A participant with the same name and birth date is already registered.");
			rc = add_problem(im, row->line, field, msg, earlier > 0 ? 0 : dup);
			if (rc != SC_OK)
				return rc;
		}
	}
	if (im->nproblems + im->unlisted != before) {
		im->rejected++;
		return SC_OK;
	}
	int64_t id = 0;
	rc = store_participant_create(db, &p, r->user.id, now, today, &id);
	if (rc != SC_OK)
		return rc;   /* SC_ECONFLICT: someone registered the nin meanwhile */
	rc = req_audit(r, "participant.create", "participant", case_id(r, id), "ok");
	if (rc != SC_OK)
		return rc;
	void *lines = im->ins_line, *ids = im->ins_id;
	size_t cap = im->cap_ins;
	rc = grow(r->a, &lines, &cap, im->nins + 1, sizeof *im->ins_line);
	if (rc == SC_OK)
		rc = grow(r->a, &ids, &im->cap_ins, im->nins + 1, sizeof *im->ins_id);
	if (rc != SC_OK)
		return rc;
	im->ins_line = lines;
	im->ins_id = ids;
	im->ins_line[im->nins] = row->line;
	im->ins_id[im->nins] = id;
	im->nins++;
	im->passed++;
	return SC_OK;
}

/*
 * Runs an import of the len bytes at data. Returns 0 with the report in
 * *im (including a refused file), SC_ECONFLICT when a concurrent change
 * made a row fail as it was written (nothing is kept), or another SC_ code.
 */
static int
import_run(struct import *im, const char *data, size_t len)
{
	struct req *r = im->r;
	struct table t = {0};
	int rc = read_table(im, data, len, &t);
	if (rc != SC_OK || im->file_error)
		return rc;
	if (t.n == 0) {
		return file_problem(im, 0, "", T(r, "The file is empty."));
	}
	const char **cols = arena_alloc(r->a, t.rows[0].n * sizeof *cols);
	if (cols == NULL)
		return SC_ENOMEM;
	rc = read_header(im, &t.rows[0], cols);
	if (rc != SC_OK || im->file_error)
		return rc;
	size_t ncols = t.rows[0].n;
	while (ncols > 0 && cols[ncols - 1] == NULL)
		ncols--;   /* empty trailing header cells */
	if (t.n == 1)
		return file_problem(im, t.rows[0].line, "", T(r, "The file has a header but no participants."));

	struct db *db = req_db(r);
	struct date today = case_today();
	int64_t now = time_now();
	im->pv_flags = case_participant_flags(r);
	rc = store_tx_begin(db);
	for (size_t i = 1; i < t.n && rc == SC_OK; i++) {
		const struct csv_record *row = &t.rows[i];
		bool empty = true;
		for (size_t k = 0; k < row->n; k++)
			empty &= blank(row->fields[k]);
		if (empty)
			continue;
		im->read++;
		rc = import_row(im, row, cols, ncols, today, now);
	}
	if (rc == SC_OK && im->read == 0) {
		store_tx_rollback(db);
		return file_problem(im, t.rows[0].line, "", T(r, "The file has a header but no participants."));
	}
	bool keep = rc == SC_OK && im->passed > 0 && (im->rejected == 0 || im->good_mode);
	if (keep)
		rc = req_audit(r, "participant.import", "import", case_id(r, im->passed), "ok");
	if (keep && rc == SC_OK) {
		rc = store_tx_commit(db);
		im->committed = rc == SC_OK;
	} else {
		store_tx_rollback(db);
	}
	if (rc == SC_OK && !im->committed)
		req_audit(r, "participant.import", "import", "0", im->rejected > 0 ? "failed" : "ok");
	return rc;
}

/* ---- the page ---- */

/* The size hint: the limit in KiB and about how many rows fit. */
static void
size_hint(struct req *r)
{
	long max = r->app->cfg.http_max_body;
	long rows = (max - 1024) / IMPORT_TYPICAL_ROW;
	rows = rows > 1000 ? rows / 100 * 100 : rows;
	html_text(&r->out, arena_printf(r->a, T(r, "A file can be at most %ld KiB: room for about %ld participants with every column filled in. Split a larger register into several files; a file over the limit is refused with \"413 Payload Too Large\"."),
					max / 1024, rows > 0 ? rows : 1));
}

static void
upload_form(struct req *r, const char *file_error, bool good_mode)
{
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"post\" action=\"/participants/import\" enctype=\"multipart/form-data\" id=\"import\">");
	form_csrf(r);
	html_lit(o, "<div class=\"field");
	if (file_error != NULL)
		html_lit(o, " has-error");
	html_lit(o, "\"><label for=\"file\">");
	html_text(o, T(r, "CSV file"));
	html_lit(o, " <span class=\"req\" aria-hidden=\"true\">*</span></label>"
		    "<input id=\"file\" name=\"file\" type=\"file\" accept=\".csv,text/csv\" required aria-required=\"true\"");
	if (file_error != NULL)
		html_lit(o, " aria-invalid=\"true\" aria-describedby=\"file-error\"");
	html_lit(o, ">");
	if (file_error != NULL) {
		html_lit(o, "<p class=\"field-error\" id=\"file-error\">");
		html_text(o, file_error);
		html_lit(o, "</p>");
	}
	html_lit(o, "</div><div class=\"field check\"><input id=\"mode\" name=\"mode\" type=\"checkbox\" value=\"good\"");
	if (good_mode)
		html_lit(o, " checked");
	html_lit(o, "> <label for=\"mode\">");
	html_text(o, T(r, "Import the good rows and list the rejected ones"));
	html_lit(o, "</label></div><button type=\"submit\">");
	html_text(o, T(r, "Import"));
	html_lit(o, "</button></form>");
}

static int
import_page(struct req *r, const char *file_error)
{
	struct buf *o = &r->out;
	page_begin(r, T(r, "Import participants"));
	html_lit(o, "<h1>");
	html_text(o, T(r, "Import participants"));
	html_lit(o, "</h1>");
	if (file_error != NULL) {
		struct form_errors e = {0};
		form_error(r, &e, "file", file_error);
		form_error_summary(r, &e);
	}
	html_lit(o, "<p>");
	html_text(o, T(r, "Move a register kept in a spreadsheet into Second Chance. Save the sheet as a CSV file (in Excel: \"CSV UTF-8\"), with a header row naming the columns below and one participant on each line. The columns may be separated by commas or semicolons, in any order; only the required ones must be there."));
	html_lit(o, "</p><p>");
	html_text(o, T(r, "Every line is checked with the same rules as the registration form, and against the register for people already there. If any line has a problem, nothing is imported: you get a list of the lines, columns and reasons to fix. Tick the box below to import the good lines anyway and get the list of those left out."));
	html_lit(o, "</p><p>");
	size_hint(r);
	html_lit(o, "</p><p><a href=\"/participants/import/template\" download>");
	html_text(o, T(r, "Download a template (CSV)"));
	html_lit(o, "</a></p>");
	upload_form(r, file_error ? T(r, file_error) : NULL, strcmp(req_field(r, "mode"), "good") == 0);

	html_lit(o, "<h2>");
	html_text(o, T(r, "Columns"));
	html_lit(o, "</h2><table><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Column"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Field"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "How to fill it in"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; participant_fields[i] != NULL; i++) {
		html_lit(o, "<tr><td><code>");
		html_text(o, participant_fields[i]);
		html_lit(o, "</code></td><td>");
		html_text(o, T(r, participant_field_label(participant_fields[i])));
		html_lit(o, "</td><td>");
		html_text(o, T(r, column_format(participant_fields[i])));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table><h2>");
	html_text(o, T(r, "Example"));
	html_lit(o, "</h2><pre>given_name;family_name;birth_date;gender;languages;children\n"
		    "Amina;Hassan;1988-03-14;female;\"Somali, Arabic\";\"2012-05-01, 2016-11-20\"\n"
		    "Yonas;Tesfay;1994-11-02;male;Tigrinya;</pre>");
	return page_end(r);
}

int
h_import_form(struct req *r)
{
	return import_page(r, NULL);
}

int
h_import_template(struct req *r)
{
	struct export *x = export_begin(r, "csv", "participants-import-template", participant_fields,
				       nfields());
	return export_finish(x);
}

static const char *
problem_field_label(struct req *r, const char *field)
{
	const char *label = participant_field_label(field);
	if (label != NULL)
		return T(r, label);
	return field;
}

static void
problems_table(struct req *r, const struct import *im)
{
	struct buf *o = &r->out;
	if (im->nproblems == 0)
		return;
	html_lit(o, "<table id=\"problems\"><caption>");
	html_text(o, T(r, "Problems"));
	html_lit(o, "</caption><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Line"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Column"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Problem"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < im->nproblems; i++) {
		const struct problem *p = &im->problems[i];
		html_lit(o, "<tr><td>");
		if (p->line > 0)
			html_int(o, p->line);
		html_lit(o, "</td><td>");
		html_text(o, problem_field_label(r, p->field));
		html_lit(o, "</td><td>");
		html_text(o, p->message);
		if (p->dup_id > 0) {
			html_lit(o, " <a href=\"/participants/");
			html_int(o, p->dup_id);
			html_lit(o, "\">");
			html_text(o, T(r, "Open the registered participant"));
			html_lit(o, "</a>");
		}
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	if (im->unlisted > 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, arena_printf(r->a, T(r, "%zu more problems are not listed."), im->unlisted));
		html_lit(o, "</p>");
	}
}

static int
result_page(struct req *r, const struct import *im)
{
	struct buf *o = &r->out;
	long imported = im->committed ? im->passed : 0;
	page_begin(r, T(r, "Import result"));
	html_lit(o, "<h1>");
	html_text(o, T(r, "Import result"));
	html_lit(o, "</h1>");
	if (im->file_error) {
		html_lit(o, "<div class=\"error-box\" role=\"alert\"><p>");
		html_text(o, T(r, "The file was not imported: fix what is listed below and upload it again."));
		html_lit(o, "</p></div>");
	} else {
		html_lit(o, "<ul class=\"summary\" id=\"counts\"><li>");
		html_text(o, T(r, "Rows read"));
		html_lit(o, ": <strong>");
		html_int(o, im->read);
		html_lit(o, "</strong></li><li>");
		html_text(o, T(r, "Imported"));
		html_lit(o, ": <strong>");
		html_int(o, imported);
		html_lit(o, "</strong></li><li>");
		html_text(o, T(r, "Rejected"));
		html_lit(o, ": <strong>");
		html_int(o, im->rejected);
		html_lit(o, "</strong></li></ul>");
		if (im->rejected > 0 && !im->committed) {
			html_lit(o, "<div class=\"error-box\" role=\"alert\"><p>");
			html_text(o, im->good_mode ? T(r, "No line could be imported.")
						   : T(r, "Nothing was imported, because some lines have problems. Fix them and upload the file again, or tick \"Import the good rows and list the rejected ones\"."));
			html_lit(o, "</p></div>");
		} else if (im->rejected > 0) {
			html_lit(o, "<p class=\"flash\" role=\"status\">");
			html_text(o, T(r, "The good lines were imported. The lines below were left out: fix them and import only those lines again."));
			html_lit(o, "</p>");
		} else {
			html_lit(o, "<p class=\"flash\" role=\"status\">");
			html_text(o, T(r, "Every line was imported."));
			html_lit(o, "</p>");
		}
	}
	problems_table(r, im);
	if (im->committed) {
		html_lit(o, "<p><a href=\"/participants\">");
		html_text(o, T(r, "Go to the register"));
		html_lit(o, "</a></p>");
	}
	html_lit(o, "<h2>");
	html_text(o, T(r, "Import another file"));
	html_lit(o, "</h2>");
	upload_form(r, NULL, im->good_mode);
	html_lit(o, "<p><a href=\"/participants/import\">");
	html_text(o, T(r, "How the file must look"));
	html_lit(o, "</a></p>");
	if (im->file_error || (im->rejected > 0 && !im->committed))
		r->status = 422;
	return page_end(r);
}

/* Why a file cannot be read as CSV (a msgid), or NULL when it is text. */
static const char *
not_csv_reason(const char *data, size_t len)
{
	switch (csv_sniff(data, len)) {
	case CSV_KIND_SPREADSHEET:
		return N_("This is an Excel file. Save it as CSV UTF-8 and try again.");
	case CSV_KIND_NOT_UTF8:
		return N_("This file is not saved as UTF-8 text. Save it as CSV UTF-8 and try again.");
	case CSV_KIND_BINARY:
		return N_("This is not a text file. Save the register as CSV UTF-8 and try again.");
	case CSV_KIND_TEXT:
		break;
	}
	return NULL;
}

int
h_import_submit(struct req *r)
{
	/* The fields came from parse_multipart(): "file" holds the bytes, or
	 * for a file that is not text, bytes/nbytes. */
	const struct kv *f = kv_find(&r->form, "file");
	const char *mode = req_field(r, "mode");
	if (f == NULL || (!f->binary && f->value[0] == '\0')) {
		r->status = 422;
		return import_page(r, N_("Choose a CSV file to import."));
	}
	const char *why = f->binary ? not_csv_reason(f->bytes, f->nbytes)
				    : not_csv_reason(f->value, strlen(f->value));
	if (why != NULL) {
		r->status = 422;
		return import_page(r, why);
	}
	const char *file = f->value;
	struct import im = {.r = r, .good_mode = strcmp(mode, "good") == 0};
	int rc = import_run(&im, file, strlen(file));
	if (rc == SC_ECONFLICT) {
		r->status = 409;
		return import_page(r, N_("Someone registered one of these people while the import ran. Nothing was imported; upload the file again."));
	}
	if (rc != SC_OK)
		return rc;
	return result_page(r, &im);
}

/* ---- the API ---- */

int
api_participants_import(struct req *r)
{
	const char *mode = req_qs(r, "mode");
	if (mode[0] != '\0' && strcmp(mode, "all") != 0 && strcmp(mode, "good") != 0)
		return api_error(r, 400, "bad_request", T(r, "mode must be \"all\" or \"good\"."), NULL);
	const char *ct = req_in_header(r, "Content-Type");
	if (ct == NULL || strncasecmp(ct, "text/csv", 8) != 0)
		return api_error(r, 415, "unsupported_media_type",
				 T(r, "Send the file as the request body with Content-Type: text/csv."), NULL);
	/* Text in another encoding gets the line-by-line report (the CSV
	 * reader names the first line that is not UTF-8); a spreadsheet or a
	 * binary file is refused whole. */
	const char *why = csv_sniff(r->body.data, r->body.len) == CSV_KIND_NOT_UTF8
				  ? NULL : not_csv_reason(r->body.data, r->body.len);
	if (why != NULL)
		return api_error(r, 422, "not_csv", T(r, why), json_pack("{s:s}", "file", T(r, why)));
	struct import im = {.r = r, .good_mode = strcmp(mode, "good") == 0};
	int rc = import_run(&im, r->body.data, r->body.len);
	if (rc == SC_ECONFLICT)
		return api_error(r, 409, "conflict",
				 T(r, "Someone registered one of these people while the import ran. Nothing was imported; send the file again."),
				 NULL);
	if (rc != SC_OK)
		return rc;
	json_t *rejected = json_array();
	for (size_t i = 0; i < im.nproblems; i++) {
		const struct problem *p = &im.problems[i];
		json_t *o = json_pack("{s:I, s:s, s:s}", "line", (json_int_t)p->line, "field", p->field,
				      "message", p->message);
		if (p->dup_id > 0)
			json_object_set_new(o, "duplicate_of", json_integer(p->dup_id));
		json_array_append_new(rejected, o);
	}
	json_t *res = json_pack("{s:I, s:I, s:I, s:o}", "read", (json_int_t)im.read, "imported",
				(json_int_t)(im.committed ? im.passed : 0), "rejected_rows",
				(json_int_t)im.rejected, "rejected", rejected);
	if (im.unlisted > 0)
		json_object_set_new(res, "unlisted", json_integer((json_int_t)im.unlisted));
	int status = 200;
	if (im.file_error) {
		status = 422;
		json_object_set_new(res, "error",
				    json_pack("{s:s, s:s}", "code", "invalid_file", "message",
					      T(r, "The file was not imported: its format or header is wrong.")));
	} else if (im.rejected > 0 && !im.committed) {
		status = 422;
		json_object_set_new(res, "error",
				    json_pack("{s:s, s:s}", "code", "invalid", "message",
					      T(r, "Nothing was imported, because some lines have problems.")));
	}
	return api_send(r, status, res);
}

/* ---- the register export ---- */

struct export_ctx {
	struct req *r;
	struct export *x;
};

static int
export_one(void *arg, const struct participant_export_row *row)
{
	struct export_ctx *c = arg;
	struct req *r = c->r;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)row->id);
	enum gender g;
	const char *gender = gender_parse(row->gender, &g) == SC_OK ? T(r, gender_label(g)) : row->gender;
	const char *cells[] = {
		id, row->family_name, row->given_name, row->birth_date, gender,
		row->country_of_birth, T(r, participant_status_label(row->status)), row->contact_name,
		row->phone, row->email, row->postcode, row->city,
	};
	return export_row(c->x, cells);
}

/* The parts of a record the export's columns show. */
#define EXPORT_PARTS (PART_BIT(PART_NAME) | PART_BIT(PART_ORIGIN) | PART_BIT(PART_CASELOAD) | \
		      PART_BIT(PART_CONTACT_DETAILS))

int
h_participants_export(struct req *r)
{
	const char *fmt = req_qs(r, "format");
	if (fmt[0] == '\0')
		fmt = "csv";
	if (!export_format_ok(fmt))
		return req_error(r, 400, T(r, "The export format must be csv or xlsx, for example /participants/export?format=xlsx."));
	const char *headers[] = {
		T(r, "Participant no."), T(r, "Family name"), T(r, "Given name"), T(r, "Birth date"),
		T(r, "Gender"), T(r, "Country of birth"), T(r, "Status"), T(r, "Contact person"),
		T(r, "Phone"), T(r, "E-mail"), T(r, "Postcode"), T(r, "City"),
	};
	size_t ncols = sizeof headers / sizeof headers[0];
	/* The participants whose every exported part the user may read: a
	 * leader's whole register, a contact person's own participants; no
	 * one else's relationship shows contact details and the contact person. */
	struct participant_scope scope = case_scope(r, EXPORT_PARTS);
	if (scope.relations == 0)
		return req_error(r, 403, NULL);
	struct export *x = export_begin(r, fmt, "participants", headers, ncols);
	if (x == NULL)
		return SC_ENOMEM;
	struct export_ctx ctx = {r, x};
	int64_t count = 0;
	int rc = store_participant_export(req_db(r), &scope, export_one, &ctx, &count);
	if (rc != SC_OK) {
		export_abort(x);
		return rc;
	}
	rc = export_finish(x);
	if (rc == H_DONE)
		req_audit(r, "participant.export", "export", case_id(r, count), "ok");
	return rc;
}
