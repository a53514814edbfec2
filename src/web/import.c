/*
 * import.c — the CSV import of participants: the upload page with the
 * columns (the register's declared fields) and how to fill them in, the
 * template, and the import itself as a page and as
 * POST /api/v1/participants/import. The import is app/participant.h's
 * command (app_participant_import): every line is read through the same
 * fields and rules as the registration form, and the file is kept whole,
 * or with "good rows" the lines that passed, or not at all.
 *
 * API: POST /api/v1/participants/import?mode=all|good, body text/csv →
 *   {"read":N, "imported":N, "rejected_rows":N,
 *    "rejected":[{"line":L, "field":"nin", "message":"...", "duplicate_of":ID?}],
 *    "unlisted":N?, "error":{"code","message"}?}
 * 200 when the rows were imported (mode=good: the good ones); 422 with
 * "error" when nothing was (a failing row under mode=all, or code
 * "invalid_file" for a malformed file or header, "not_csv" for a
 * spreadsheet or binary file); 409 when a concurrent registration broke
 * the transaction; 413 (by the server) over http.max_body.
 */
#include "case.h"
#include "export.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/participant.h"
#include "util/arena.h"
#include "util/csv.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define IMPORT_TYPICAL_ROW 200      /* bytes of a filled-in row, for the size hint */

/* How a column is filled in (msgids), by field key. */
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

/* A problem's words: its reason translated, with the numbers and the texts
 * in the places of its conversions (%ld, %zu, %lld, %d; %s, in order). */
static const char *
problem_message(struct req *r, const struct import_problem *p)
{
	const char *fmt = T(r, p->reason);
	const char *texts[3] = {p->text, p->more[0], p->more[1]};
	struct buf b = BUF_INIT;
	int k = 0, t = 0;
	for (const char *s = fmt; *s; s++) {
		if (*s != '%') {
			buf_putc(&b, *s);
			continue;
		}
		s++;
		if (*s == '%') {
			buf_putc(&b, '%');
			continue;
		}
		while (*s == 'l' || *s == 'z' || *s == 'h')
			s++;
		if (*s == 's') {
			buf_puts(&b, t < 3 && texts[t] != NULL ? texts[t] : "");
			t++;
		} else if (*s == 'd' || *s == 'u') {
			char n[24];
			snprintf(n, sizeof n, "%lld", k < 2 ? p->num[k] : 0);
			k++;
			buf_puts(&b, n);
		} else if (*s == '\0') {
			break;
		}
	}
	const char *out = arena_strdup(r->a, b.len ? b.data : "");
	buf_free(&b);
	return out ? out : "";
}

/* The column a problem names, as the page shows it. */
static const char *
problem_field_label(struct req *r, const char *field)
{
	const char *label = participant_field_label(field);
	return label != NULL ? T(r, label) : field;
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

/* The upload page; file_error (a msgid, may be NULL) beside the file. */
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
	html_lit(o, "</p><p id=\"from-export\">");
	html_text(o, T(r, "A CSV file exported from the register can be imported as it is, in either language: a column may be named by its key below or by its field's name, and the columns the register keeps itself (participant no., status, contact person) are left out."));
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
	for (size_t i = 0; i < participant_fields.n; i++) {
		const struct field *f = &participant_fields.f[i];
		if (f->flags & FF_OUT)
			continue;
		html_lit(o, "<tr><td><code>");
		html_text(o, f->key);
		html_lit(o, "</code></td><td>");
		html_text(o, T(r, f->label));
		html_lit(o, "</td><td>");
		html_text(o, T(r, column_format(f->key)));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table><h2>");
	html_text(o, T(r, "Example"));
	html_lit(o, "</h2><pre>given_name;family_name;birth_date;gender;languages;children\n"
		    "Amina;Hassan;1988-03-14;female;\"Somali, Arabic\";\"2012-05-01, 2016-11-20\"\n"
		    "Yonas;Tesfay;1994-11-02;male;Tigrinya;</pre>");
	return page_end(r);
}

/* GET /participants/import. */
static int
h_import_form(struct req *r)
{
	return import_page(r, NULL);
}

/* GET /participants/import/template: a CSV file of the columns alone. */
static int
h_import_template(struct req *r)
{
	const char *keys[PARTICIPANT_REGISTER_FIELDS];
	size_t n = 0;
	for (size_t i = 0; i < participant_fields.n && n < PARTICIPANT_REGISTER_FIELDS; i++)
		if (!(participant_fields.f[i].flags & FF_OUT))
			keys[n++] = participant_fields.f[i].key;
	struct export *x = export_begin(r, "csv", "participants-import-template", keys, n);
	return export_finish(x);
}

static void
problems_table(struct req *r, const struct import_report *im)
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
		const struct import_problem *p = &im->problems[i];
		html_lit(o, "<tr><td>");
		if (p->line > 0)
			html_int(o, p->line);
		html_lit(o, "</td><td>");
		html_text(o, problem_field_label(r, p->field));
		html_lit(o, "</td><td>");
		html_text(o, problem_message(r, p));
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
		page_muted(r, arena_printf(r->a, T(r, "%zu more problems are not listed."), im->unlisted));
	}
}

static int
result_page(struct req *r, const struct import_report *im)
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

/* The report as the API answers it. */
static int
api_report(struct req *r, const struct import_report *im)
{
	json_t *rejected = json_array();
	for (size_t i = 0; i < im->nproblems; i++) {
		const struct import_problem *p = &im->problems[i];
		json_t *o = json_pack("{s:I, s:s, s:s}", "line", (json_int_t)p->line, "field", p->field,
				      "message", problem_message(r, p));
		if (p->dup_id > 0)
			json_object_set_new(o, "duplicate_of", json_integer(p->dup_id));
		json_array_append_new(rejected, o);
	}
	json_t *res = json_pack("{s:I, s:I, s:I, s:o}", "read", (json_int_t)im->read, "imported",
				(json_int_t)(im->committed ? im->passed : 0), "rejected_rows",
				(json_int_t)im->rejected, "rejected", rejected);
	if (im->unlisted > 0)
		json_object_set_new(res, "unlisted", json_integer((json_int_t)im->unlisted));
	int status = 200;
	if (im->file_error) {
		status = 422;
		json_object_set_new(res, "error",
				    json_pack("{s:s, s:s}", "code", "invalid_file", "message",
					      T(r, "The file was not imported: its format or header is wrong.")));
	} else if (im->rejected > 0 && !im->committed) {
		status = 422;
		json_object_set_new(res, "error",
				    json_pack("{s:s, s:s}", "code", "invalid", "message",
					      T(r, "Nothing was imported, because some lines have problems.")));
	}
	return api_send(r, status, res);
}

/* POST /participants/import (the upload form: multipart, the file and
 * the mode) and /api/v1/participants/import?mode=all|good (the file as a
 * text/csv body). */
static int
h_import(struct req *r)
{
	const char *data = NULL;
	size_t len = 0;
	bool good = false;
	if (r->wants_json) {
		const char *mode = req_qs(r, "mode");
		if (mode[0] != '\0' && strcmp(mode, "all") != 0 && strcmp(mode, "good") != 0)
			return api_error(r, 400, "bad_request", T(r, "mode must be \"all\" or \"good\"."), NULL);
		const char *ct = req_in_header(r, "Content-Type");
		if (ct == NULL || strncasecmp(ct, "text/csv", 8) != 0)
			return api_error(r, 415, "unsupported_media_type",
					 T(r, "Send the file as the request body with Content-Type: text/csv."), NULL);
		/* Text in another encoding gets the line-by-line report (the
		 * CSV reader names the first line that is not UTF-8); a
		 * spreadsheet or a binary file is refused whole. */
		const char *why = csv_sniff(r->body.data, r->body.len) == CSV_KIND_NOT_UTF8
					  ? NULL : not_csv_reason(r->body.data, r->body.len);
		if (why != NULL)
			return api_error(r, 422, "not_csv", T(r, why), json_pack("{s:s}", "file", T(r, why)));
		data = r->body.data;
		len = r->body.len;
		good = strcmp(mode, "good") == 0;
	} else {
		/* The fields came from parse_multipart(): "file" holds the
		 * bytes, or for a file that is not text, bytes/nbytes. */
		const struct kv *f = kv_find(&r->form, "file");
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
		data = f->value;
		len = strlen(f->value);
		good = strcmp(req_field(r, "mode"), "good") == 0;
	}
	struct actor actor = req_actor(r);
	struct import_report im;
	int rc = app_participant_import(req_db(r), r->a, &actor, data, len, good, &im);
	if (rc == SC_EDENIED)
		return req_error(r, 403, NULL);
	if (rc == SC_ECONFLICT) {
		if (r->wants_json)
			return api_error(r, 409, "conflict",
					 T(r, "Someone registered one of these people while the import ran. Nothing was imported; send the file again."),
					 NULL);
		r->status = 409;
		return import_page(r, N_("Someone registered one of these people while the import ran. Nothing was imported; upload the file again."));
	}
	if (rc != SC_OK)
		return rc;
	return r->wants_json ? api_report(r, &im) : result_page(r, &im);
}

const struct route import_routes[] = {
	/* Before the register's /participants/:id: these are literal. */
	PAGE(GET_HEAD, "/participants/import", h_import_form, NEED(RES_INTAKE, ACT_WRITE)),
	PAGE(GET_HEAD, "/participants/import/template", h_import_template, NEED(RES_INTAKE, ACT_WRITE)),
	BOTH(M_POST, "/participants/import", "/api/v1/participants/import", h_import, NEED(RES_INTAKE, ACT_WRITE)),
	ROUTES_END
};
