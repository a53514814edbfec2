/*
 * participants.c — the participant register: the list with search, the
 * registration form with its duplicate check, the overview with the change
 * history and the Norwegian levels, editing with a version check, the
 * register export; each page with its /api/v1/participants twin where it
 * has one.
 *
 * The record's fields are declared once in domain/participant.h: labels,
 * hints, options and parts come from there, as do the JSON members, the
 * overview's rows and the export's columns. What is only the form's — the
 * sections, which control shows a field, autocomplete — is the UI table
 * below. The commands and queries are app/participant.h's.
 *
 * JSON: members are the fields' keys with the JSON type each field's type
 * takes (web/form.h); a member of another type is a 422 naming it and the
 * type expected, and nothing is converted. Text is "" and other values
 * null when not given; on input null (or "", []) clears a field that may
 * be empty. An update sends "version" (the one that was read) and only the
 * fields it changes.
 */
#include "activities.h"
#include "case.h"
#include "export.h"
#include "form.h"
#include "internships.h"
#include "resource.h"
#include "routes.h"
#include "app/participant.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- the form: sections and controls ---- */

enum control { K_TEXT, K_DATE, K_EMAIL, K_NUMBER, K_TEL, K_AREA, K_SELECT };

/* How the form shows a register field. */
struct control_ui {
	const char *key;
	enum control kind;
	const char *empty;   /* a select's first, empty choice (msgid) */
};

static const struct control_ui identity_ui[] = {
	{"given_name", K_TEXT, NULL}, {"family_name", K_TEXT, NULL}, {"nin", K_TEXT, NULL},
	{"birth_date", K_DATE, NULL}, {"gender", K_SELECT, N_("Choose")}, {NULL, 0, NULL},
};
static const struct control_ui background_ui[] = {
	{"country_of_birth", K_TEXT, NULL}, {"citizenship", K_TEXT, NULL}, {"arrival_date", K_DATE, NULL},
	{"residence_basis", K_SELECT, N_("Not stated")}, {"intro_ended", K_DATE, NULL}, {NULL, 0, NULL},
};
static const struct control_ui language_ui[] = {
	{"languages", K_TEXT, NULL}, {"interpreter", K_TEXT, NULL}, {"schooling_years", K_NUMBER, NULL},
	{"literate", K_SELECT, N_("Not known")}, {"cefr_listening", K_SELECT, N_("Not assessed")},
	{"cefr_reading", K_SELECT, N_("Not assessed")}, {"cefr_speaking", K_SELECT, N_("Not assessed")},
	{"cefr_writing", K_SELECT, N_("Not assessed")}, {NULL, 0, NULL},
};
static const struct control_ui family_ui[] = {
	{"children", K_AREA, NULL}, {"caregiving", K_AREA, NULL}, {NULL, 0, NULL},
};
static const struct control_ui contact_ui[] = {
	{"phone", K_TEL, NULL}, {"email", K_EMAIL, NULL}, {"address", K_TEXT, NULL},
	{"postcode", K_TEXT, NULL}, {"city", K_TEXT, NULL}, {NULL, 0, NULL},
};
static const struct control_ui payment_ui[] = {
	{"bank_account", K_TEXT, NULL}, {"tax_percent", K_NUMBER, NULL}, {"tax_table", K_TEXT, NULL},
	{NULL, 0, NULL},
};

struct section {
	const char *legend;          /* msgid */
	const struct control_ui *fields;
};

static const struct section sections[] = {
	{N_("Identity"), identity_ui},
	{N_("Background and residence"), background_ui},
	{N_("Languages and schooling"), language_ui},
	{N_("Family and caregiving"), family_ui},
	{N_("Contact details"), contact_ui},
	{N_("Payment"), payment_ui},
};

/* ---- the form's text ---- */

/* The text of each register field the form shows, by its index in
 * participant_fields (which has fewer fields than this). */
#define SHOWN_MAX 64
struct shown {
	const char *value[SHOWN_MAX];
};

static size_t
field_index(const struct field *f)
{
	return (size_t)(f - participant_fields.f);
}

static const char *
shown_of(const struct shown *s, const struct field *f)
{
	size_t i = field_index(f);
	const char *v = i < SHOWN_MAX ? s->value[i] : NULL;
	return v != NULL ? v : "";
}

/* What the request posted. */
static void
shown_from_request(struct req *r, struct shown *s)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < participant_fields.n && i < SHOWN_MAX; i++)
		if (!(participant_fields.f[i].flags & FF_OUT))
			s->value[i] = req_field(r, participant_fields.f[i].key);
}

/* A record as the form holds it (participant_text). */
static int
shown_from_record(struct req *r, const struct participant *p, struct shown *s)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < participant_fields.n && i < SHOWN_MAX; i++) {
		const struct field *f = &participant_fields.f[i];
		if (f->flags & FF_OUT)
			continue;
		s->value[i] = participant_text(p, f, r->a);
		if (s->value[i] == NULL)
			return SC_ENOMEM;
	}
	return SC_OK;
}

/* "Phone, Address" from "phone,address" (translated labels). */
static const char *
field_labels(struct req *r, const char *keys)
{
	struct buf b = BUF_INIT;
	const char *s = keys ? keys : "";
	while (*s) {
		const char *end = strchr(s, ',');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		char key[64];
		if (n < sizeof key) {
			memcpy(key, s, n);
			key[n] = '\0';
			const char *label = participant_field_label(key);
			if (b.len > 0)
				buf_puts(&b, ", ");
			buf_puts(&b, label ? T(r, label) : key);
		}
		s += n;
		if (*s == ',')
			s++;
	}
	const char *out = arena_strdup(r->a, b.len ? b.data : "");
	buf_free(&b);
	return out ? out : "";
}

/*
 * What changed since the version the editor loaded, as one sentence per
 * save: "Kari Nordmann changed Phone, Address at 2025-06-15 14:02." With no
 * saves after that version (it was above the saved one, current), says so.
 */
static const char *
stale_message(struct req *r, const struct participant_change *ch, size_t n, int64_t current)
{
	if (n == 0)
		return arena_printf(r->a, T(r, "The record is saved at version %lld, not at the version this "
					       "change was made from."), (long long)current);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const char *who = ch[i].user_name[0] ? ch[i].user_name : T(r, "Someone");
		const char *what = ch[i].fields[0] ? field_labels(r, ch[i].fields) : T(r, "the record");
		char *line = arena_printf(r->a, T(r, "%s changed %s at %s."), who, what,
					  page_moment(r, ch[i].at));
		if (b.len > 0)
			buf_putc(&b, ' ');
		buf_puts(&b, line);
	}
	const char *out = arena_strdup(r->a, b.len ? b.data : "");
	buf_free(&b);
	return out ? out : "";
}

/* A field's text as a page shows it: choices by their label, the account
 * with dots, the percentage with its sign; children's dates one a line, or
 * with lines_joined on one line; "" for nothing. */
static const char *
value_words(struct req *r, const struct field *f, const char *text, bool lines_joined)
{
	if (text == NULL || text[0] == '\0')
		return "";
	if (f->type == FT_ENUM) {
		int i = field_option_index(f, text);
		return i >= 0 ? T(r, f->options[i].label) : text;
	}
	if (f->type == FT_BOOL)
		return strcmp(text, "yes") == 0 ? T(r, "Yes") : T(r, "No");
	if (strcmp(f->key, "tax_percent") == 0)
		return arena_printf(r->a, "%s %%", text);
	if (strcmp(f->key, "bank_account") == 0 && strlen(text) == 11)
		return arena_printf(r->a, "%.4s.%.2s.%.5s", text, text + 4, text + 6);
	if (f->type == FT_LIST && lines_joined) {
		char *c = arena_strdup(r->a, text);
		struct buf b = BUF_INIT;
		char *save = NULL;
		for (char *d = c ? strtok_r(c, "\n", &save) : NULL; d != NULL; d = strtok_r(NULL, "\n", &save)) {
			if (b.len > 0)
				buf_puts(&b, ", ");
			buf_puts(&b, d);
		}
		const char *out = arena_strdup(r->a, b.len ? b.data : "");
		buf_free(&b);
		return out ? out : text;
	}
	return text;
}

/* ---- the form ---- */

/* One field: label, control, hint, a note (after a refused stale save)
 * and the error beside it (the markup of form_input, with selects, text
 * areas and hints). */
static void
render_field(struct req *r, const struct form_errors *e, const struct form_errors *notes,
	     const struct control_ui *ui, const struct field *f, const char *value)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, f->key);
	const char *note = form_error_for(notes, f->key);
	bool required = (f->flags & FF_REQUIRED) != 0;
	html_lit(o, "<div class=\"field");
	if (err != NULL)
		html_lit(o, " has-error");
	html_lit(o, "\"><label for=\"");
	html_text(o, f->key);
	html_lit(o, "\">");
	html_text(o, T(r, f->label));
	if (required)
		html_lit(o, " <span class=\"req\" aria-hidden=\"true\">*</span>");
	html_lit(o, "</label>");
	if (f->hint != NULL) {
		html_lit(o, "<p class=\"muted\" id=\"");
		html_text(o, f->key);
		html_lit(o, "-hint\">");
		html_text(o, T(r, f->hint));
		html_lit(o, "</p>");
	}
	switch (ui->kind) {
	case K_AREA:
		html_lit(o, "<textarea rows=\"4\"");
		break;
	case K_SELECT:
		html_lit(o, "<select");
		break;
	default:
		html_lit(o, "<input type=\"");
		html_text(o, ui->kind == K_DATE ? "date" : ui->kind == K_EMAIL ? "email"
			  : ui->kind == K_NUMBER ? "number" : "text");
		html_lit(o, "\"");
		if (ui->kind == K_TEL)
			html_lit(o, " inputmode=\"tel\"");
		if (ui->kind == K_NUMBER)
			html_lit(o, " inputmode=\"numeric\"");
		html_lit(o, " value=\"");
		html_text(o, value);
		html_lit(o, "\"");
		break;
	}
	html_lit(o, " id=\"");
	html_text(o, f->key);
	html_lit(o, "\" name=\"");
	html_text(o, f->key);
	html_lit(o, "\"");
	if (ui->kind != K_AREA && ui->kind != K_SELECT)
		html_lit(o, " autocomplete=\"off\"");
	if (required)
		html_lit(o, " required aria-required=\"true\"");
	if (err != NULL || note != NULL || f->hint != NULL) {
		const char *ids[3] = {f->hint != NULL ? "-hint" : NULL, note != NULL ? "-note" : NULL,
				      err != NULL ? "-error" : NULL};
		const char *sep = "";
		html_lit(o, " aria-describedby=\"");
		for (size_t i = 0; i < 3; i++) {
			if (ids[i] == NULL)
				continue;
			html_text(o, sep);
			html_text(o, f->key);
			html_text(o, ids[i]);
			sep = " ";
		}
		html_lit(o, "\"");
	}
	if (err != NULL)
		html_lit(o, " aria-invalid=\"true\"");
	html_lit(o, ">");
	if (ui->kind == K_AREA) {
		html_text(o, value);
		html_lit(o, "</textarea>");
	} else if (ui->kind == K_SELECT) {
		static const struct field_option yes_no[] = {{"yes", N_("Yes")}, {"no", N_("No")}};
		const struct field_option *opts = f->type == FT_BOOL ? yes_no : f->options;
		size_t nopts = f->type == FT_BOOL ? 2 : f->noptions;
		html_lit(o, "<option value=\"\"");
		if (value[0] == '\0')
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, T(r, ui->empty));
		html_lit(o, "</option>");
		for (size_t i = 0; i < nopts; i++) {
			html_lit(o, "<option value=\"");
			html_text(o, opts[i].key);
			html_lit(o, "\"");
			if (strcasecmp(opts[i].key, value) == 0)
				html_lit(o, " selected");
			html_lit(o, ">");
			html_text(o, T(r, opts[i].label));
			html_lit(o, "</option>");
		}
		html_lit(o, "</select>");
	}
	if (note != NULL) {
		html_lit(o, "<p class=\"field-note\" id=\"");
		html_text(o, f->key);
		html_lit(o, "-note\">");
		html_text(o, note);
		html_lit(o, "</p>");
	}
	if (err != NULL) {
		html_lit(o, "<p class=\"field-error\" id=\"");
		html_text(o, f->key);
		html_lit(o, "-error\">");
		html_text(o, err);
		html_lit(o, "</p>");
	}
	html_lit(o, "</div>");
}

/* A duplicate found on saving. */
struct dup_info {
	int64_t id;          /* 0: of another centre */
	bool same_nin;
};

static void
dup_box(struct req *r, const struct dup_info *dup, bool allow_override)
{
	struct buf *o = &r->out;
	html_lit(o, "<div class=\"error-box\" role=\"alert\" id=\"duplicate\"><p>");
	html_text(o, dup->same_nin
		  ? T(r, "A participant with this national identity number is already registered. Nothing was saved.")
		  : T(r, "A participant with the same name and birth date is already registered. Nothing was saved."));
	html_lit(o, "</p>");
	if (dup->id > 0) {
		html_lit(o, "<p><a href=\"/participants/");
		html_int(o, dup->id);
		html_lit(o, "\">");
		html_text(o, T(r, "Open the registered participant"));
		html_lit(o, "</a></p>");
	}
	if (allow_override && !dup->same_nin) {
		html_lit(o, "<div class=\"field check\"><input type=\"checkbox\" id=\"not_duplicate\""
			    " name=\"not_duplicate\" value=\"1\"> <label for=\"not_duplicate\">");
		html_text(o, T(r, "This is a different person: register anyway"));
		html_lit(o, "</label></div>");
	}
	html_lit(o, "</div>");
}

/* What an edit form refused as stale shows besides the form: the message
 * naming who changed what, and a note beside each field they changed. */
struct stale_view {
	const char *message;
	const struct form_errors *notes;
};

/*
 * The registration form (b == NULL) or the edit form of b at version. shown
 * is the text to show; stale (may be NULL) what a refused stale save says;
 * dup (may be NULL) a duplicate found.
 */
static int
form_page(struct req *r, const struct participant_brief *b, const struct shown *shown,
	  const struct form_errors *e, int64_t version, const struct stale_view *stale,
	  const struct dup_info *dup)
{
	struct buf *o = &r->out;
	if (b == NULL) {
		page_begin(r, T(r, "New participant"));
		html_lit(o, "<h1>");
		html_text(o, T(r, "New participant"));
		html_lit(o, "</h1>");
	} else {
		page_begin(r, case_name(r, b->given_name, b->family_name));
		case_header(r, b, "");
		html_lit(o, "<h2>");
		html_text(o, T(r, "Edit register details"));
		html_lit(o, "</h2>");
	}
	if (stale != NULL) {
		html_lit(o, "<div class=\"error-box\" role=\"alert\" id=\"conflict\"><p>");
		html_text(o, stale->message);
		html_lit(o, "</p><p>");
		html_text(o, T(r, "Nothing was saved. The form keeps your changes; a field someone else changed "
				  "meanwhile shows what they saved, with what you had beside it. Check the form and "
				  "save again."));
		html_lit(o, "</p></div>");
	}
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" id=\"participant-form\" novalidate action=\"/participants");
	if (b != NULL) {
		html_lit(o, "/");
		html_int(o, b->id);
	}
	html_lit(o, "\">");
	form_csrf(r);
	if (b != NULL) {
		html_lit(o, "<input type=\"hidden\" name=\"version\" value=\"");
		html_int(o, version);
		html_lit(o, "\">");
	}
	if (dup != NULL)
		dup_box(r, dup, b == NULL);
	for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
		html_lit(o, "<fieldset class=\"wide\"><legend>");
		html_text(o, T(r, sections[s].legend));
		html_lit(o, "</legend>");
		for (const struct control_ui *ui = sections[s].fields; ui->key != NULL; ui++) {
			const struct field *f = participant_field(ui->key);
			render_field(r, e, stale != NULL ? stale->notes : NULL, ui, f, shown_of(shown, f));
		}
		html_lit(o, "</fieldset>");
	}
	html_lit(o, "<div class=\"actions\"><button type=\"submit\">");
	html_text(o, b == NULL ? T(r, "Register participant") : T(r, "Save changes"));
	html_lit(o, "</button> <a href=\"");
	if (b == NULL) {
		html_lit(o, "/participants");
	} else {
		html_lit(o, "/participants/");
		html_int(o, b->id);
	}
	html_lit(o, "\">");
	html_text(o, T(r, "Cancel"));
	html_lit(o, "</a></div></form>");
	return page_end(r);
}

/* ---- JSON ---- */

/* The record as JSON with only the fields the parts show: text "" and
 * other values null when not given, the times in UTC. */
static json_t *
participant_json(const struct participant *p, uint32_t parts)
{
	json_t *o = record_json(participant_fields, p, parts);
	for (size_t i = 0; o != NULL && i < participant_fields.n; i++) {
		const struct field *f = &participant_fields.f[i];
		json_t *v = json_object_get(o, f->key);
		if (v != NULL && json_is_null(v) && (f->type == FT_LINE || f->type == FT_TEXT))
			json_object_set_new(o, f->key, json_string(""));
	}
	static const char *const times[] = {"created_at", "updated_at"};
	for (size_t i = 0; o != NULL && i < 2; i++) {
		const struct field *f = fields_find(participant_fields, times[i]);
		char t[24];
		time_format_utc(*FIELD_AT_CONST(p, f, int64_t), t, sizeof t);
		json_object_set_new(o, times[i], json_string(t));
	}
	return o;
}

/* A row of the list: the fields of participant_list_columns. */
static json_t *
item_json(const struct participant *p, bool with_contact)
{
	uint32_t parts = with_contact ? PARTS_ALL : PARTS_ALL & ~PART_BIT(PART_CASELOAD);
	json_t *all = participant_json(p, parts);
	json_t *o = json_object();
	for (size_t i = 0; all != NULL && o != NULL && participant_list_columns[i] != NULL; i++) {
		json_t *v = json_object_get(all, participant_list_columns[i]);
		if (v != NULL)
			json_object_set(o, participant_list_columns[i], v);
	}
	json_decref(all);
	return o;
}

static int
api_duplicate(struct req *r, const struct dup_info *dup)
{
	const char *msg = dup->same_nin
		? T(r, "A participant with this national identity number is already registered.")
		: T(r, "A participant with the same name and birth date is already registered; "
		       "send \"not_duplicate\": true if this is another person.");
	json_t *fields = json_object();
	if (dup->same_nin)
		json_object_set_new(fields, "nin", json_string(T(r, "This number is already registered.")));
	else
		json_object_set_new(fields, "birth_date",
				    json_string(T(r, "Someone with this name and birth date is already registered.")));
	json_t *err = json_pack("{s:s, s:s, s:o, s:I}", "code", "duplicate", "message", msg, "fields", fields,
				"existing_id", (json_int_t)dup->id);
	return api_send(r, 409, json_pack("{s:o}", "error", err));
}

/* Answers a body whose members have the wrong types. */
static int
api_mistyped(struct req *r, const struct form_errors *e)
{
	return api_error(r, 422, "invalid", T(r, "Some fields have the wrong type."), case_errors_json(e));
}

/* Answers participant id as JSON with status, with the fields the actor's
 * relationship shows. */
static int
send_participant(struct req *r, const struct actor *actor, int status, int64_t id)
{
	struct participant_brief b;
	struct participant p;
	struct outcome out;
	int rc = app_participant_read(req_db(r), r->a, actor, id, PART_BIT(PART_NAME), ACT_READ, false, &b, &p,
				      &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	return api_send(r, status, participant_json(&p, app_parts(actor, &b, ACT_READ)));
}

/* ---- the list ---- */

/*
 * Reads the list's filter from the query string: q, status. The one
 * reading of it, for the list, its API twin and the export. False when
 * the status is not one of participant_status_keys: then answered (400,
 * "Unknown status."; JSON naming "status") with *rc the handler's result.
 */
static bool
filter_read(struct req *r, struct participant_filter *f, int *rc)
{
	f->q = req_qs(r, "q");
	f->status = req_qs(r, "status");
	if (*f->status == '\0' || participant_status_valid(f->status))
		return true;
	const char *msg = T(r, "Unknown status.");
	*rc = r->wants_json ? api_error(r, 400, "invalid", msg, json_pack("{s:s}", "status", msg))
			    : req_error(r, 400, msg);
	return false;
}

/* "q=...&status=..." for the pager and export links, percent-encoded
 * (arena). */
static const char *
listing_query(struct req *r, const struct participant_filter *f)
{
	struct buf b = BUF_INIT;
	if (*f->q) {
		buf_puts(&b, "q=");
		html_urlpart(&b, f->q);
	}
	if (*f->status) {
		buf_puts(&b, b.len ? "&status=" : "status=");
		html_urlpart(&b, f->status);
	}
	const char *out = arena_strdup(r->a, b.len ? b.data : "");
	buf_free(&b);
	return out ? out : "";
}

/* A link to the export of the list as filtered, in fmt. */
static void
export_link(struct req *r, const char *query, const char *fmt, const char *label)
{
	struct buf *o = &r->out;
	html_lit(o, "<a href=\"/participants/export?format=");
	html_text(o, fmt);
	if (*query) {
		/* already escaped for a URL; html_text escapes the & */
		html_text(o, "&");
		html_text(o, query);
	}
	html_lit(o, "\" download>");
	html_text(o, label);
	html_lit(o, "</a>");
}

static int
list_page(struct req *r, const struct participant_listing *l)
{
	struct buf *o = &r->out;
	const char *query = listing_query(r, &l->filter);
	page_begin(r, T(r, "Participants"));
	html_lit(o, "<h1>");
	html_text(o, T(r, "Participants"));
	html_lit(o, "</h1>");
	/* The same permissions as the routes (participants_routes,
	 * import_routes) and the export's command: registering and importing
	 * are intake's, the export is theirs who may read every exported part
	 * of someone (a teacher's or a liaison's relationships do not: the
	 * link would answer 403). */
	bool can_register = access_allows(r->user.roles, RES_INTAKE, ACT_WRITE);
	bool can_export = app_participant_may_export(r->user.roles);
	if (can_register || can_export) {
		html_lit(o, "<p class=\"actions\" id=\"register-actions\">");
		if (can_register) {
			html_lit(o, "<a class=\"button\" href=\"/participants/new\">");
			html_text(o, T(r, "New participant"));
			html_lit(o, "</a> <a href=\"/participants/import\">");
			html_text(o, T(r, "Import from a spreadsheet (CSV)"));
			html_lit(o, "</a>");
		}
		if (can_export) {
			/* The export takes the list's filter: what is listed is
			 * what is exported (the pages of it all). */
			html_lit(o, " <span>");
			html_text(o, *query ? T(r, "Export the participants listed:") : T(r, "Export the register:"));
			html_lit(o, " ");
			export_link(r, query, "xlsx", T(r, "Excel (XLSX)"));
			html_lit(o, " \xC2\xB7 ");
			export_link(r, query, "csv", T(r, "CSV"));
			html_lit(o, "</span>");
		}
		html_lit(o, "</p>");
	}
	if (!l->everyone) {
		page_muted(r, T(r, "Only the participants you work with are shown."));
	}
	html_lit(o, "<form method=\"get\" action=\"/participants\" class=\"filters\" role=\"search\">"
		    "<div class=\"field\"><label for=\"q\">");
	html_text(o, T(r, "Name, identity number or phone"));
	html_lit(o, "</label><input type=\"search\" id=\"q\" name=\"q\" value=\"");
	html_text(o, l->filter.q);
	html_lit(o, "\"></div><div class=\"field\"><label for=\"status\">");
	html_text(o, T(r, "Status"));
	html_lit(o, "</label><select id=\"status\" name=\"status\"><option value=\"\">");
	html_text(o, T(r, "Any status"));
	html_lit(o, "</option>");
	for (size_t i = 0; participant_status_keys[i] != NULL; i++) {
		html_lit(o, "<option value=\"");
		html_text(o, participant_status_keys[i]);
		html_lit(o, "\"");
		if (strcmp(l->filter.status, participant_status_keys[i]) == 0)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, T(r, participant_status_label(participant_status_keys[i])));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select></div><button type=\"submit\">");
	html_text(o, T(r, "Search"));
	html_lit(o, "</button></form>");

	html_lit(o, "<p id=\"result-count\">");
	if (l->total == 0)
		html_text(o, l->searched || *l->filter.status ? T(r, "No participants match.") : T(r, "No participants yet."));
	else if (l->capped || l->open)
		html_text(o, arena_printf(r->a, T(r, "More than %d participants."),
					  l->open ? (int)l->total : PARTICIPANT_COUNT_CAP));
	else if (l->total == 1)
		html_text(o, T(r, "1 participant."));
	else
		html_text(o, arena_printf(r->a, T(r, "%lld participants."), (long long)l->total));
	html_lit(o, "</p>");

	if (l->n > 0) {
		html_lit(o, "<table><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Name"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Birth date"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Status"));
		if (l->with_contact) {
			html_lit(o, "</th><th scope=\"col\">");
			html_text(o, T(r, "Contact person"));
		}
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < l->n; i++) {
			const struct participant *it = &l->items[i];
			const char *status = participant_status_key(it->status);
			html_lit(o, "<tr><td><a href=\"/participants/");
			html_int(o, it->id);
			html_lit(o, "\">");
			html_text(o, case_name(r, it->given_name, it->family_name));
			html_lit(o, "</a></td><td>");
			/* as case_date_text() writes it, without a copy in the
			 * arena for each row */
			char born[11];
			date_format(it->birth_date, born);
			html_text(o, born);
			html_lit(o, "</td><td><span class=\"status status-");
			html_text(o, status);
			html_lit(o, "\">");
			html_text(o, T(r, participant_status_label(status)));
			html_lit(o, "</span></td>");
			if (l->with_contact) {
				html_lit(o, "<td>");
				if (it->contact_name[0])
					html_text(o, it->contact_name);
				else {
					html_lit(o, "<span class=\"muted\">");
					html_text(o, T(r, "None"));
					html_lit(o, "</span>");
				}
				html_lit(o, "</td>");
			}
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	/* Past the cap, or past a search's page (not counted), the last page
	 * is not known: "Next" when a match follows. */
	if (l->capped || l->open)
		page_pager_open(r, "/participants", query, l->page, l->more);
	else
		page_pager(r, "/participants", query, l->page, l->total, l->per_page);
	return page_end(r);
}

/* GET /participants and /api/v1/participants: the register, or a search
 * by name, number or phone (?q), by status (?status). */
static int
h_participants(struct req *r)
{
	/* per_page 0: the listing's own (a search's page is shorter) */
	struct participant_listing l = {.page = 1, .per_page = 0};
	int rc = SC_OK;
	if (!req_paging(r, &l.page, &l.per_page, &rc))
		return rc;
	if (!filter_read(r, &l.filter, &rc))
		return rc;
	struct actor actor = req_actor(r);
	/* The page's search counts only past its last page (the API's to the
	 * cap): its matches are many, and a count of up to 1,001 cost more
	 * than the page (issue 13). */
	l.count = r->wants_json;
	rc = app_participant_list(req_db(r), r->a, &actor, &l);
	if (rc != SC_OK)
		return rc;
	/* past the cap the last page is not known: a page past it is empty */
	if (!l.capped && !l.open &&
	    !req_page_exists(r, "/participants", listing_query(r, &l.filter), l.page, l.total, l.per_page, &rc))
		return rc;
	if (!r->wants_json)
		return list_page(r, &l);
	json_t *arr = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(arr, item_json(&l.items[i], l.with_contact));
	json_t *out = api_page_json(arr, l.page, l.per_page, l.total);
	/* "total" stops at 1000: then there are more than that. */
	json_object_set_new(out, "total_capped", json_boolean(l.capped));
	return api_send(r, 200, out);
}

/* ---- registering ---- */

/* GET /participants/new. */
static int
h_participant_new(struct req *r)
{
	struct shown blank;
	memset(&blank, 0, sizeof blank);
	return form_page(r, NULL, &blank, NULL, 0, NULL, NULL);
}

/* The duplicate of a refused command. */
static struct dup_info
dup_of(const struct outcome *out)
{
	struct dup_info d = {out->other_id, field_error_of(&out->errors, "nin") != NULL};
	return d;
}

/* Checks the JSON type of the boolean not_duplicate (a type error into e)
 * and reads it. */
static bool
not_duplicate_of(struct req *r, struct form_errors *e)
{
	if (!r->wants_json)
		return strcmp(req_field(r, "not_duplicate"), "1") == 0;
	json_t *v = json_object_get(r->json, "not_duplicate");
	if (v != NULL && !json_is_boolean(v))
		form_error(r, e, "not_duplicate", N_("Must be true or false."));
	return json_is_true(v);
}

/* POST /participants and /api/v1/participants. */
static int
h_participant_create(struct req *r)
{
	static const char *const extra[] = {"not_duplicate", NULL};
	struct participant in;
	participant_clear(&in);
	struct field_errors read = {0};
	struct form_errors types = {0};
	int rc = SC_OK;
	if (!input_read_values(r, participant_fields, &in, extra, false, &read, &types, &rc))
		return rc;
	bool not_duplicate = not_duplicate_of(r, &types);
	if (types.n > 0)
		return api_mistyped(r, &types);
	struct actor actor = req_actor(r);
	struct outcome out;
	rc = app_participant_register(req_db(r), r->a, &actor, &in, &read, not_duplicate, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_FORBIDDEN)
		return req_error(r, 403, NULL);
	if (out.refusal == DONE) {
		if (!r->wants_json) {
			page_flash(r, "participant-created");
			return req_redirect(r, arena_printf(r->a, "/participants/%lld", (long long)out.id));
		}
		req_header(r, "Location", arena_printf(r->a, "/api/v1/participants/%lld", (long long)out.id));
		return send_participant(r, &actor, 201, out.id);
	}
	struct dup_info dup = dup_of(&out);
	if (r->wants_json)
		return out.refusal == REFUSED_DUPLICATE ? api_duplicate(r, &dup) : answer_refused_json(r, &out, NULL);
	struct form_errors e = {0};
	outcome_form_errors(r, &out, &e);
	struct shown shown;
	shown_from_request(r, &shown);
	r->status = outcome_status(&out);
	return form_page(r, NULL, &shown, &e, 0, NULL, out.refusal == REFUSED_DUPLICATE ? &dup : NULL);
}

/* ---- the overview ---- */

static void
dl_row(struct req *r, const char *label, const char *value)
{
	struct buf *o = &r->out;
	html_lit(o, "<dt>");
	html_text(o, label);
	html_lit(o, "</dt><dd>");
	if (value != NULL && *value) {
		html_text(o, value);
	} else {
		html_lit(o, "<span class=\"muted\">");
		html_text(o, T(r, "Not given"));
		html_lit(o, "</span>");
	}
	html_lit(o, "</dd>");
}

/* True when the parts include the part of the field. */
static bool
field_visible(uint32_t parts, const struct field *f)
{
	return f->part >= 0 && (parts & PART_BIT(f->part)) != 0;
}

/* What one save changed: "Phone: 41234567 → 98765432" per field, in the
 * form's order; the identity number only as changed. */
static void
change_values(struct req *r, const struct participant_change *ch)
{
	struct buf *o = &r->out;
	html_lit(o, "<ul class=\"change-values\">");
	const char *s = ch->fields;
	while (*s) {
		const char *end = strchr(s, ',');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		char key[64];
		if (n > 0 && n < sizeof key) {
			memcpy(key, s, n);
			key[n] = '\0';
			const struct participant_change_value *v = NULL;
			for (size_t i = 0; i < ch->nvalues && v == NULL; i++)
				if (strcmp(ch->values[i].field, key) == 0)
					v = &ch->values[i];
			const struct field *f = participant_field(key);
			html_lit(o, "<li>");
			html_text(o, f != NULL ? T(r, f->label) : key);
			if (v != NULL && f != NULL && participant_field_history_keeps_values(key)) {
				const char *old_words = value_words(r, f, v->old_value, true);
				const char *new_words = value_words(r, f, v->new_value, true);
				html_lit(o, ": <span class=\"old-value\">");
				html_text(o, *old_words ? old_words : T(r, "Not given"));
				html_lit(o, "</span> \xE2\x86\x92 <span class=\"new-value\">");
				html_text(o, *new_words ? new_words : T(r, "Not given"));
				html_lit(o, "</span>");
			} else if (v != NULL) {
				html_lit(o, ": ");
				html_text(o, T(r, "changed"));
			}
			html_lit(o, "</li>");
		}
		s += n;
		if (*s == ',')
			s++;
	}
	html_lit(o, "</ul>");
}

/* Each skill's levels over time, oldest first: "A1 2026-01-10, A2
 * 2026-03-02, B1 2026-05-25" (la is ordered by skill, then date). */
static void
levels_section(struct req *r, const struct language_assessment *la, size_t n)
{
	struct buf *o = &r->out;
	html_lit(o, "<h2 id=\"levels\">");
	html_text(o, T(r, "Norwegian levels over time"));
	html_lit(o, "</h2>");
	if (n == 0) {
		page_muted(r, T(r, "No Norwegian level has been recorded yet."));
		return;
	}
	page_table(r, "class=\"levels\"",
		   (const char *const[]){N_("Skill"), N_("Levels, oldest first"), NULL});
	for (int k = 0; k < SKILL_COUNT; k++) {
		bool any = false;
		for (size_t i = 0; i < n; i++) {
			if (la[i].skill != k)
				continue;
			if (!any) {
				html_lit(o, "<tr id=\"levels-");
				html_text(o, cefr_skill_name((enum cefr_skill)k));
				html_lit(o, "\"><th scope=\"row\">");
				html_text(o, T(r, cefr_skill_label((enum cefr_skill)k)));
				html_lit(o, "</th><td><ol class=\"level-history\">");
				any = true;
			}
			html_lit(o, "<li><strong>");
			html_text(o, cefr_key((enum cefr)la[i].level));
			html_lit(o, "</strong> <span class=\"muted\">");
			html_text(o, la[i].assessed_on);
			html_lit(o, "</span></li>");
		}
		if (any)
			html_lit(o, "</ol></td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

static int
overview_page(struct req *r, const struct actor *actor, const struct participant_brief *b,
	      const struct participant *p, const struct participant_overview *ov)
{
	/* The next meeting the latest meeting planned, for those who follow
	 * the participant up (health staff read the register, not meetings). */
	const char *next_meeting = NULL;
	if (case_allows(r, b, PART_BIT(PART_FOLLOWUP), ACT_READ)) {
		struct meeting *m = NULL;
		size_t nm = 0;
		int64_t total = 0;
		int rc = store_meetings(req_db(r), r->a, actor->centre_id, b->id, 1, 0, &m, &nm, &total);
		if (rc != SC_OK)
			return rc;
		if (nm == 1 && m[0].next_meeting.y != 0)
			next_meeting = case_date_text(r, m[0].next_meeting);
	}
	struct shown text;
	if (shown_from_record(r, p, &text) != SC_OK)
		return SC_ENOMEM;

	struct buf *o = &r->out;
	page_begin(r, case_name(r, b->given_name, b->family_name));
	case_header(r, b, "");
	if ((app_parts(actor, b, ACT_WRITE) & PARTS_REGISTER) == PARTS_REGISTER) {
		html_lit(o, "<p class=\"actions\"><a class=\"button\" href=\"/participants/");
		html_int(o, b->id);
		html_lit(o, "/edit\">");
		html_text(o, T(r, "Edit register details"));
		html_lit(o, "</a></p>");
	}
	/* Only the parts of the record the user's relationship shows. */
	uint32_t parts = ov->parts;
	html_lit(o, "<dl class=\"record\">");
	dl_row(r, T(r, "Status"), T(r, participant_status_label(participant_status_key(p->status))));
	if (parts & PART_BIT(PART_CASELOAD))
		dl_row(r, T(r, "Contact person"), p->contact_name[0] ? p->contact_name : T(r, "None"));
	if (next_meeting != NULL) {
		html_lit(o, "<dt>");
		html_text(o, T(r, "Next meeting"));
		html_lit(o, "</dt><dd id=\"next-meeting\">");
		case_next_meeting(r, next_meeting, true);
		html_lit(o, "</dd>");
	}
	html_lit(o, "</dl>");
	for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
		bool any = false;
		for (const struct control_ui *ui = sections[s].fields; ui->key != NULL; ui++)
			any |= field_visible(parts, participant_field(ui->key));
		if (!any)
			continue;
		html_lit(o, "<h2>");
		html_text(o, T(r, sections[s].legend));
		html_lit(o, "</h2><dl class=\"record\">");
		for (const struct control_ui *ui = sections[s].fields; ui->key != NULL; ui++) {
			const struct field *f = participant_field(ui->key);
			if (field_visible(parts, f))
				dl_row(r, T(r, f->label), value_words(r, f, shown_of(&text, f), false));
		}
		html_lit(o, "</dl>");
	}
	if (parts & PART_BIT(PART_ACTIVITIES)) {
		int arc = activities_participant_section(r, actor, b, ov);
		if (arc != SC_OK)
			return arc;
	}
	if (parts & PART_BIT(PART_SCHOOLING))
		levels_section(r, ov->levels, ov->nlevels);
	int placements_rc = internships_participant_section(r, actor, b);
	if (placements_rc != SC_OK)
		return placements_rc;
	if ((parts & PART_BIT(PART_HISTORY)) == 0)
		return page_end(r);

	const struct participant_change *ch = ov->changes;
	html_lit(o, "<h2 id=\"history\">");
	html_text(o, T(r, "Change history"));
	html_lit(o, "</h2><table><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Version"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Changed"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "By"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "When"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = ov->nchanges; i-- > 0;) {
		html_lit(o, "<tr><td>");
		html_int(o, ch[i].version);
		html_lit(o, "</td><td>");
		if (ch[i].fields[0] == '\0')
			html_text(o, T(r, "Registered"));
		else if (ch[i].nvalues == 0)
			html_text(o, field_labels(r, ch[i].fields));   /* saved before values were kept */
		else
			change_values(r, &ch[i]);
		html_lit(o, "</td><td>");
		html_text(o, ch[i].user_name[0] ? ch[i].user_name : T(r, "Unknown"));
		html_lit(o, "</td><td>");
		html_text(o, page_moment(r, ch[i].at));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	return page_end(r);
}

/* GET /participants/:id and /api/v1/participants/:id. */
static int
h_participant_show(struct req *r)
{
	struct actor actor = req_actor(r);
	struct participant_brief b;
	struct participant p;
	struct outcome out;
	int rc;
	if (r->wants_json) {
		rc = app_participant_read(req_db(r), r->a, &actor, req_param_id(r, 0), PART_BIT(PART_NAME), ACT_READ, true,
					  &b, &p, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal != DONE)
			return req_error(r, outcome_status(&out), NULL);
		return api_send(r, 200, participant_json(&p, app_parts(&actor, &b, ACT_READ)));
	}
	struct participant_overview ov;
	rc = app_participant_overview(req_db(r), r->a, &actor, req_param_id(r, 0), &b, &p, &ov, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	return overview_page(r, &actor, &b, &p, &ov);
}

/* ---- editing ---- */

/* GET /participants/:id/edit. */
static int
h_participant_edit(struct req *r)
{
	struct actor actor = req_actor(r);
	struct participant_brief b;
	struct participant p;
	struct outcome out;
	int rc = app_participant_read(req_db(r), r->a, &actor, req_param_id(r, 0), PARTS_REGISTER, ACT_WRITE, true, &b,
				      &p, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	struct shown text;
	if (shown_from_record(r, &p, &text) != SC_OK)
		return SC_ENOMEM;
	return form_page(r, &b, &text, NULL, p.version, NULL, NULL);
}

/*
 * After a stale save: kept (what was typed) keeps the typed text of every
 * field except those someone else changed in the saves ch[0..n) where the
 * typed text differs from the saved: those take the saved text (so saving
 * again does not undo their change), and notes gets, for each, who
 * changed it and what the form had. Returns 0 or SC_ENOMEM.
 */
static int
keep_typed(struct req *r, const struct shown *saved, struct shown *kept, const struct participant_change *ch,
	   size_t n, struct form_errors *notes)
{
	for (size_t i = 0; i < participant_fields.n && i < SHOWN_MAX; i++) {
		const struct field *f = &participant_fields.f[i];
		if (f->flags & FF_OUT)
			continue;
		const char *key = f->key;
		const char *who = NULL;
		for (size_t k = 0; k < n; k++) {
			const char *fs = ch[k].fields;
			size_t len = strlen(key);
			for (const char *at = strstr(fs, key); at != NULL; at = strstr(at + 1, key))
				if ((at == fs || at[-1] == ',') && (at[len] == ',' || at[len] == '\0'))
					who = ch[k].user_name[0] ? ch[k].user_name : T(r, "Someone");
		}
		const char *typed = shown_of(kept, f), *now = shown_of(saved, f);
		if (who == NULL || case_same_text(typed, now))
			continue;
		const char *note = *typed
			? arena_printf(r->a, T(r, "%s changed this after you opened the form; it shows what they saved. "
						  "You had: %s"), who, typed)
			: arena_printf(r->a, T(r, "%s changed this after you opened the form; it shows what they saved. "
						  "You had left it empty."), who);
		if (note == NULL)
			return SC_ENOMEM;
		kept->value[i] = now;
		if (notes->n < FORM_MAX_ERRORS) {
			notes->field[notes->n] = key;
			notes->message[notes->n] = note;
			notes->n++;
		}
	}
	return SC_OK;
}

/* The answer to a stale edit as JSON: 409 "stale" naming each field
 * changed since, by whom and when, with the saved version. */
static int
api_stale(struct req *r, const struct participant_change *ch, size_t nch, int64_t current)
{
	json_t *fields = json_object();
	for (size_t i = 0; i < nch; i++) {
		const char *who = ch[i].user_name[0] ? ch[i].user_name : T(r, "Someone");
		const char *note = arena_printf(r->a, T(r, "Changed by %s at %s."), who, page_moment(r, ch[i].at));
		char *keys = arena_strdup(r->a, ch[i].fields);
		char *save = NULL;
		for (char *k = keys ? strtok_r(keys, ",", &save) : NULL; k != NULL; k = strtok_r(NULL, ",", &save))
			json_object_set_new(fields, k, json_string(note ? note : ""));
	}
	json_t *err = json_pack("{s:s, s:s, s:o, s:I}", "code", "stale", "message",
				stale_message(r, ch, nch, current), "fields", fields, "version", (json_int_t)current);
	return api_send(r, 409, json_pack("{s:o}", "error", err));
}

/* POST /participants/:id and /api/v1/participants/:id. */
static int
h_participant_update(struct req *r)
{
	static const char *const extra[] = {"version", NULL};
	struct actor actor = req_actor(r);
	struct participant_brief b;
	struct participant in;
	struct outcome out;
	int rc = SC_OK;
	int64_t id = req_param_id(r, 0);
	if (r->wants_json) {
		/* Members not sent keep their stored values. */
		rc = app_participant_read(req_db(r), r->a, &actor, id, PARTS_REGISTER, ACT_WRITE, false, &b, &in,
					  &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal != DONE)
			return req_error(r, outcome_status(&out), NULL);
	} else {
		participant_clear(&in);
	}
	struct field_errors read = {0};
	struct form_errors types = {0};
	if (!input_read_values(r, participant_fields, &in, extra, r->wants_json, &read, &types, &rc))
		return rc;
	int64_t version = form_version(r, &types);
	if (types.n > 0)
		return api_mistyped(r, &types);
	struct participant_change *ch = NULL;
	size_t nch = 0;
	if (!r->wants_json && version == 0) {
		/* A form without its version: only to be answered when the
		 * participant is the user's to edit. */
		rc = app_participant(req_db(r), r->a, &actor, id, PARTS_REGISTER, ACT_WRITE, &b, &out);
		if (rc != SC_OK)
			return rc;
		return req_error(r, out.refusal == DONE ? 400 : outcome_status(&out), NULL);
	}
	rc = app_participant_update(req_db(r), r->a, &actor, id, version, &in, &read, &b, &ch, &nch, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal == DONE) {
		if (r->wants_json)
			return send_participant(r, &actor, 200, id);
		page_flash(r, "saved");
		return req_redirect(r, arena_printf(r->a, "/participants/%lld", (long long)id));
	}
	struct dup_info dup = dup_of(&out);
	if (r->wants_json) {
		if (out.refusal == REFUSED_DUPLICATE)
			return api_duplicate(r, &dup);
		if (out.refusal == REFUSED_STALE)
			return api_stale(r, ch, nch, out.version);
		return answer_refused_json(r, &out, NULL);
	}
	struct shown shown;
	shown_from_request(r, &shown);
	if (out.refusal == REFUSED_STALE) {
		/* The typed form again, at the saved version, but not over what
		 * someone else saved meanwhile. */
		struct participant now;
		struct outcome again;
		rc = app_participant_read(req_db(r), r->a, &actor, id, PARTS_REGISTER, ACT_WRITE, false, &b, &now,
					  &again);
		if (rc != SC_OK)
			return rc;
		if (again.refusal != DONE)
			return req_error(r, outcome_status(&again), NULL);
		struct shown saved;
		struct form_errors notes = {0};
		if (shown_from_record(r, &now, &saved) != SC_OK || keep_typed(r, &saved, &shown, ch, nch, &notes) != SC_OK)
			return SC_ENOMEM;
		r->status = 409;
		struct stale_view sv = {stale_message(r, ch, nch, now.version), &notes};
		return form_page(r, &b, &shown, NULL, now.version, &sv, NULL);
	}
	struct form_errors e = {0};
	outcome_form_errors(r, &out, &e);
	r->status = outcome_status(&out);
	return form_page(r, &b, &shown, &e, version, NULL, out.refusal == REFUSED_DUPLICATE ? &dup : NULL);
}

/* ---- the register export ---- */

struct export_ctx {
	struct req *r;
	const char *fmt;
	struct export *x;        /* begun with the first row (or after none) */
	const char *headers[16];
	const struct field *cols[16];
	size_t ncols;
};

/* Begins the file once the actor may have it. */
static int
export_start(struct export_ctx *c)
{
	if (c->x == NULL)
		c->x = export_begin(c->r, c->fmt, "participants", c->headers, c->ncols);
	return c->x != NULL ? SC_OK : SC_ENOMEM;
}

static int
export_one(void *arg, const struct participant *row)
{
	struct export_ctx *c = arg;
	int rc = export_start(c);
	if (rc != SC_OK)
		return rc;
	const char *cells[16];
	for (size_t i = 0; i < c->ncols; i++)
		cells[i] = field_shown(c->r, c->cols[i], row);
	return export_row(c->x, cells);
}

/* GET /participants/export?format=csv|xlsx&q=...&status=...: the list
 * with its filter (all its pages), as far as the user may read every
 * column of it. */
static int
h_participants_export(struct req *r)
{
	const char *fmt = req_qs(r, "format");
	if (fmt[0] == '\0')
		fmt = "csv";
	if (!export_format_ok(fmt))
		return req_error(r, 400, T(r, "The export format must be csv or xlsx, for example /participants/export?format=xlsx."));
	struct participant_filter filter;
	int rc = SC_OK;
	if (!filter_read(r, &filter, &rc))
		return rc;
	struct export_ctx ctx = {.r = r, .fmt = fmt};
	for (size_t i = 0; participant_export_columns[i] != NULL && ctx.ncols < 16; i++) {
		const struct field *f = fields_find(participant_fields, participant_export_columns[i]);
		ctx.cols[ctx.ncols] = f;
		ctx.headers[ctx.ncols++] = T(r, f->label);
	}
	struct actor actor = req_actor(r);
	struct outcome out;
	int64_t count = 0;
	/* The whole list: from the standby when there is one. */
	rc = app_participant_export(req_db_read(r), &actor, &filter, export_one, &ctx, &count, &out);
	if (rc == SC_OK && out.refusal == DONE)
		rc = export_start(&ctx);
	if (rc != SC_OK) {
		export_abort(ctx.x);
		return rc;
	}
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	return export_finish(ctx.x);
}

const struct route participants_routes[] = {
	/* Literal segments before ":id". Registering needs intake rights
	 * (leaders); reading and editing the register need participant
	 * rights, narrowed by the working relationship (app_participant). */
	BOTH(GET_HEAD, "/participants", "/api/v1/participants", h_participants, NEED(RES_PARTICIPANTS, ACT_READ)),
	BOTH(M_POST, "/participants", "/api/v1/participants", h_participant_create, NEED(RES_INTAKE, ACT_WRITE)),
	PAGE(GET_HEAD, "/participants/new", h_participant_new, NEED(RES_INTAKE, ACT_WRITE)),
	PAGE(GET_HEAD, "/participants/export", h_participants_export, NEED(RES_PARTICIPANTS, ACT_READ)),
	BOTH(GET_HEAD, "/participants/:id", "/api/v1/participants/:id", h_participant_show,
	     NEED(RES_PARTICIPANTS, ACT_READ)),
	PAGE(GET_HEAD, "/participants/:id/edit", h_participant_edit, NEED(RES_PARTICIPANTS, ACT_WRITE)),
	BOTH(M_POST, "/participants/:id", "/api/v1/participants/:id", h_participant_update,
	     NEED(RES_PARTICIPANTS, ACT_WRITE)),
	ROUTES_END
};
