/*
 * h_participant.c — the participant register: the list with search, the
 * registration form with its duplicate check, the overview with the change
 * history, and editing with a version check; and the same under
 * /api/v1/participants. Routes: routes_participant.inc.
 *
 * Every way in fills a struct participant_form with text and calls
 * participant_validate() (domain/participant.h), so the form, the API, the
 * import and the demo share one set of rules and field keys.
 *
 * JSON: field names are the participant_fields keys, each of one JSON
 * type (participant_api below): text, except "birth_date", "arrival_date"
 * and "intro_ended" (dates as "YYYY-MM-DD"), "schooling_years" and
 * "tax_percent" (whole numbers), "literate" (true or false), "languages"
 * (a list of language names) and "children" (a list of birth dates). A
 * member of another type is a 422 naming it and the type expected; nothing
 * is converted ("nin": 123 or "languages": "Somali" are refused). Unknown
 * values are null on output; on input null (or "", []) clears a field that
 * may be empty. An update sends "version" (the one that was read) and only
 * the fields it changes.
 */
#include "case.h"
#include "http.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

/* The handlers' prototypes, from the route lines. */
#define ROUTE(method, pattern, fn, perm, api) int fn(struct req *r);
#include "routes_participant.inc"
#undef ROUTE

#define PER_PAGE 50

/* ---- form text ---- */

static const char *
form_value(const struct participant_form *f, const char *key)
{
	const char *v = participant_form_get(f, key);
	return v != NULL ? v : "";
}

static struct participant_form *
form_new(struct req *r)
{
	struct participant_form *f = arena_alloc(r->a, sizeof *f);
	for (size_t i = 0; f != NULL && participant_fields[i] != NULL; i++) {
		char *v = arena_strdup(r->a, "");
		if (v == NULL)
			return NULL;
		participant_form_set(f, participant_fields[i], v);
	}
	return f;
}

/* A writable copy of every field (the validator trims in place, and the
 * page shows what was typed). */
static struct participant_form *
form_copy(struct req *r, const struct participant_form *from)
{
	struct participant_form *f = form_new(r);
	for (size_t i = 0; f != NULL && participant_fields[i] != NULL; i++) {
		char *v = arena_strdup(r->a, form_value(from, participant_fields[i]));
		if (v == NULL)
			return NULL;
		participant_form_set(f, participant_fields[i], v);
	}
	return f;
}

static struct participant_form *
form_from_request(struct req *r)
{
	struct participant_form *f = form_new(r);
	for (size_t i = 0; f != NULL && participant_fields[i] != NULL; i++) {
		char *v = arena_strdup(r->a, req_field(r, participant_fields[i]));
		if (v == NULL)
			return NULL;
		participant_form_set(f, participant_fields[i], v);
	}
	return f;
}

/* The stored record as the form's text (participant_field_text, the one
 * reading of a record for forms, history and exports). */
static struct participant_form *
form_from_record(struct req *r, const struct participant *p)
{
	struct participant_form *f = form_new(r);
	char text[PARTICIPANT_FIELD_TEXT_MAX];
	for (size_t i = 0; f != NULL && participant_fields[i] != NULL; i++) {
		participant_field_text(p, participant_fields[i], text);
		char *v = arena_strdup(r->a, text);
		if (v == NULL)
			return NULL;
		participant_form_set(f, participant_fields[i], v);
	}
	return f;
}

/* Validates work (consumed) into p; errors, translated, into e. */
static int
validate(struct req *r, struct participant_form *work, struct participant *p, struct form_errors *e)
{
	struct field_errors fe;
	int rc = participant_validate(work, case_today(), case_participant_flags(r), p, &fe);
	case_form_errors(r, &fe, e);
	return rc;
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

static const char *
moment_text(struct req *r, int64_t at)
{
	char s[20];
	time_format_local(at, s, sizeof s);
	return arena_strdup(r->a, s);
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
					  moment_text(r, ch[i].at));
		if (b.len > 0)
			buf_putc(&b, ' ');
		buf_puts(&b, line);
	}
	const char *out = arena_strdup(r->a, b.len ? b.data : "");
	buf_free(&b);
	return out ? out : "";
}

/* ---- the form ---- */

enum field_kind { K_TEXT, K_DATE, K_EMAIL, K_NUMBER, K_TEL, K_AREA, K_SELECT };

struct option {
	const char *value;
	const char *label;    /* msgid */
};

static const struct option gender_options[] = {
	{"", N_("Choose")}, {"female", N_("Female")}, {"male", N_("Male")}, {"other", N_("Other")}, {NULL, NULL},
};
static const struct option residence_options[] = {
	{"", N_("Not stated")}, {"refugee", N_("Refugee")}, {"family", N_("Family reunification")},
	{"other", N_("Other")}, {NULL, NULL},
};
static const struct option literate_options[] = {
	{"", N_("Not known")}, {"yes", N_("Yes")}, {"no", N_("No")}, {NULL, NULL},
};
static const struct option cefr_options[] = {
	{"", N_("Not assessed")}, {"A1", "A1"}, {"A2", "A2"}, {"B1", "B1"}, {"B2", "B2"}, {"C1", "C1"},
	{NULL, NULL},
};

struct field_ui {
	const char *key;
	enum field_kind kind;
	bool required;
	const char *hint;            /* msgid or NULL */
	const char *autocomplete;    /* or NULL */
	const struct option *options;
};

struct section {
	const char *legend;          /* msgid */
	const struct field_ui *fields;
};

static const struct field_ui identity_ui[] = {
	{"given_name", K_TEXT, true, NULL, "off", NULL},
	{"family_name", K_TEXT, true, NULL, "off", NULL},
	{"nin", K_TEXT, false, N_("11 digits. Leave it empty when the person has none."), "off", NULL},
	{"birth_date", K_DATE, false, N_("May be left empty when the identity number is given."), "off", NULL},
	{"gender", K_SELECT, true, NULL, NULL, gender_options},
	{NULL, 0, false, NULL, NULL, NULL},
};
static const struct field_ui background_ui[] = {
	{"country_of_birth", K_TEXT, false, NULL, "off", NULL},
	{"citizenship", K_TEXT, false, NULL, "off", NULL},
	{"arrival_date", K_DATE, false, NULL, "off", NULL},
	{"residence_basis", K_SELECT, false, NULL, NULL, residence_options},
	{"intro_ended", K_DATE, false, N_("The date the introduction programme ended, if the person took part."),
	 "off", NULL},
	{NULL, 0, false, NULL, NULL, NULL},
};
static const struct field_ui language_ui[] = {
	{"languages", K_TEXT, false, N_("Separate languages with commas, for example: Somali, Arabic."), "off", NULL},
	{"interpreter", K_TEXT, false, N_("One language. Leave it empty when no interpreter is needed."), "off", NULL},
	{"schooling_years", K_NUMBER, false, N_("From 0 to 30."), "off", NULL},
	{"literate", K_SELECT, false, NULL, NULL, literate_options},
	{"cefr_listening", K_SELECT, false, NULL, NULL, cefr_options},
	{"cefr_reading", K_SELECT, false, NULL, NULL, cefr_options},
	{"cefr_speaking", K_SELECT, false, NULL, NULL, cefr_options},
	{"cefr_writing", K_SELECT, false, NULL, NULL, cefr_options},
	{NULL, 0, false, NULL, NULL, NULL},
};
static const struct field_ui family_ui[] = {
	{"children", K_AREA, false, N_("Each child's birth date as YYYY-MM-DD, one per line or separated by commas."), NULL,
	 NULL},
	{"caregiving", K_AREA, false, N_("For example times the person must collect children."), NULL, NULL},
	{NULL, 0, false, NULL, NULL, NULL},
};
static const struct field_ui contact_ui[] = {
	{"phone", K_TEL, false, N_("8 digits, or + and the country code."), "off", NULL},
	{"email", K_EMAIL, false, NULL, "off", NULL},
	{"address", K_TEXT, false, NULL, "off", NULL},
	{"postcode", K_TEXT, false, NULL, "off", NULL},
	{"city", K_TEXT, false, NULL, "off", NULL},
	{NULL, 0, false, NULL, NULL, NULL},
};
static const struct field_ui payment_ui[] = {
	{"bank_account", K_TEXT, false, N_("11 digits, for example 1234.56.78903."), "off", NULL},
	{"tax_percent", K_NUMBER, false, N_("A percentage, or a table number below; not both."), "off", NULL},
	{"tax_table", K_TEXT, false, NULL, "off", NULL},
	{NULL, 0, false, NULL, NULL, NULL},
};

static const struct section sections[] = {
	{N_("Identity"), identity_ui},
	{N_("Background and residence"), background_ui},
	{N_("Languages and schooling"), language_ui},
	{N_("Family and caregiving"), family_ui},
	{N_("Contact details"), contact_ui},
	{N_("Payment"), payment_ui},
};

/* One field: label, control, hint, a note (after a refused stale save)
 * and the error beside it (the same markup as form_input, with selects,
 * text areas and hints). */
static void
render_field(struct req *r, const struct form_errors *e, const struct form_errors *notes,
	     const struct field_ui *fu, const char *value)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, fu->key);
	const char *note = form_error_for(notes, fu->key);
	html_lit(o, "<div class=\"field");
	if (err != NULL)
		html_lit(o, " has-error");
	html_lit(o, "\"><label for=\"");
	html_text(o, fu->key);
	html_lit(o, "\">");
	html_text(o, T(r, participant_field_label(fu->key)));
	if (fu->required)
		html_lit(o, " <span class=\"req\" aria-hidden=\"true\">*</span>");
	html_lit(o, "</label>");
	if (fu->hint != NULL) {
		html_lit(o, "<p class=\"muted\" id=\"");
		html_text(o, fu->key);
		html_lit(o, "-hint\">");
		html_text(o, T(r, fu->hint));
		html_lit(o, "</p>");
	}
	switch (fu->kind) {
	case K_AREA:
		html_lit(o, "<textarea rows=\"4\"");
		break;
	case K_SELECT:
		html_lit(o, "<select");
		break;
	default:
		html_lit(o, "<input type=\"");
		html_text(o, fu->kind == K_DATE ? "date" : fu->kind == K_EMAIL ? "email"
			  : fu->kind == K_NUMBER ? "number" : "text");
		html_lit(o, "\"");
		if (fu->kind == K_TEL)
			html_lit(o, " inputmode=\"tel\"");
		if (fu->kind == K_NUMBER)
			html_lit(o, " inputmode=\"numeric\"");
		html_lit(o, " value=\"");
		html_text(o, value);
		html_lit(o, "\"");
		break;
	}
	html_lit(o, " id=\"");
	html_text(o, fu->key);
	html_lit(o, "\" name=\"");
	html_text(o, fu->key);
	html_lit(o, "\"");
	if (fu->autocomplete != NULL) {
		html_lit(o, " autocomplete=\"");
		html_text(o, fu->autocomplete);
		html_lit(o, "\"");
	}
	if (fu->required)
		html_lit(o, " required aria-required=\"true\"");
	if (err != NULL || note != NULL || fu->hint != NULL) {
		const char *ids[3] = {fu->hint != NULL ? "-hint" : NULL, note != NULL ? "-note" : NULL,
				      err != NULL ? "-error" : NULL};
		const char *sep = "";
		html_lit(o, " aria-describedby=\"");
		for (size_t i = 0; i < 3; i++) {
			if (ids[i] == NULL)
				continue;
			html_text(o, sep);
			html_text(o, fu->key);
			html_text(o, ids[i]);
			sep = " ";
		}
		html_lit(o, "\"");
	}
	if (err != NULL)
		html_lit(o, " aria-invalid=\"true\"");
	html_lit(o, ">");
	if (fu->kind == K_AREA) {
		html_text(o, value);
		html_lit(o, "</textarea>");
	} else if (fu->kind == K_SELECT) {
		for (const struct option *op = fu->options; op->value != NULL; op++) {
			html_lit(o, "<option value=\"");
			html_text(o, op->value);
			html_lit(o, "\"");
			if (strcasecmp(op->value, value) == 0)
				html_lit(o, " selected");
			html_lit(o, ">");
			html_text(o, T(r, op->label));
			html_lit(o, "</option>");
		}
		html_lit(o, "</select>");
	}
	if (note != NULL) {
		html_lit(o, "<p class=\"field-note\" id=\"");
		html_text(o, fu->key);
		html_lit(o, "-note\">");
		html_text(o, note);
		html_lit(o, "</p>");
	}
	if (err != NULL) {
		html_lit(o, "<p class=\"field-error\" id=\"");
		html_text(o, fu->key);
		html_lit(o, "-error\">");
		html_text(o, err);
		html_lit(o, "</p>");
	}
	html_lit(o, "</div>");
}

/* A duplicate found on saving. */
struct dup_info {
	int64_t id;
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
	html_lit(o, "</p><p><a href=\"/participants/");
	html_int(o, dup->id);
	html_lit(o, "\">");
	html_text(o, T(r, "Open the registered participant"));
	html_lit(o, "</a></p>");
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
form_page(struct req *r, const struct participant_brief *b, const struct participant_form *shown,
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
		for (const struct field_ui *fu = sections[s].fields; fu->key != NULL; fu++)
			render_field(r, e, stale != NULL ? stale->notes : NULL, fu, form_value(shown, fu->key));
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

/* ---- the list ---- */

/* Reads ?q, ?status and the page; runs the search or the list in the
 * user's scope. False (and answered 400) when status is unknown. */
struct listing {
	const char *q;
	const char *status;
	bool searched;
	struct participant_item *items;
	size_t n;
	int64_t total;
	bool capped;
	bool with_contact;   /* the rows may show the contact person */
	bool everyone;       /* the user sees the whole register */
};

static int
run_listing(struct req *r, struct listing *l, int64_t page, int64_t per_page)
{
	struct search_query q;
	l->searched = *l->q && search_query_parse(l->q, &q) == SC_OK;
	/* The rows show names; a search by number also reveals who has that
	 * identity number, so it follows only relationships that show it. */
	uint32_t want = PART_BIT(PART_NAME);
	if (l->searched && q.number)
		want |= PART_BIT(PART_NIN);
	struct participant_scope scope = case_scope(r, want);
	/* The contact person's column only when every row may show it. */
	l->with_contact = case_scope(r, want | PART_BIT(PART_CASELOAD)).relations == scope.relations;
	l->everyone = (scope.relations & REL_BIT(REL_EVERYONE)) != 0;
	int rc;
	if (l->searched)
		rc = store_participant_search(req_db(r), r->a, &q, &scope, l->status, per_page,
					      (page - 1) * per_page, &l->items, &l->n, &l->total, &l->capped);
	else
		rc = store_participant_list(req_db(r), r->a, &scope, l->status, per_page, (page - 1) * per_page,
					    &l->items, &l->n, &l->total, &l->capped);
	if (rc != SC_OK)
		return rc;
	/* The query text may be personal data: it is not in the audit log. */
	req_audit(r, l->searched ? "participant.search" : "participant.list", "participant", NULL, "ok");
	return SC_OK;
}

/* "q=...&status=..." for the pager links, percent-encoded (arena). */
static const char *
listing_query(struct req *r, const struct listing *l)
{
	struct buf b = BUF_INIT;
	if (*l->q) {
		buf_puts(&b, "q=");
		html_urlpart(&b, l->q);
	}
	if (*l->status) {
		buf_puts(&b, b.len ? "&status=" : "status=");
		html_urlpart(&b, l->status);
	}
	const char *out = arena_strdup(r->a, b.len ? b.data : "");
	buf_free(&b);
	return out ? out : "";
}

static void
pager_link(struct req *r, const char *query, int64_t page, const char *rel, const char *label)
{
	struct buf *o = &r->out;
	html_lit(o, "<a rel=\"");
	html_text(o, rel);
	html_lit(o, "\" href=\"/participants?");
	/* query is already escaped for a URL; html_text escapes the & */
	html_text(o, query);
	html_text(o, *query ? "&" : "");
	html_lit(o, "page=");
	html_int(o, page);
	html_lit(o, "\">");
	html_text(o, label);
	html_lit(o, "</a>");
}

int
h_participants(struct req *r)
{
	struct listing l = {.q = req_qs(r, "q"), .status = req_qs(r, "status")};
	int64_t page = 1;
	if (*req_qs(r, "page") && parse_int64(req_qs(r, "page"), 1, 1000000, &page) != SC_OK)
		return req_error(r, 400, NULL);
	if (*l.status && !participant_status_valid(l.status))
		return req_error(r, 400, NULL);
	int rc = run_listing(r, &l, page, PER_PAGE);
	if (rc != SC_OK)
		return rc;

	struct buf *o = &r->out;
	page_begin(r, T(r, "Participants"));
	html_lit(o, "<h1>");
	html_text(o, T(r, "Participants"));
	html_lit(o, "</h1>");
	/* The same permissions as the routes (routes_participant.inc,
	 * routes_io.inc): registering and importing are intake's, the export
	 * is anyone's who may read the register (narrowed to their scope). */
	bool can_register = access_allows(r->user.roles, RES_INTAKE, ACT_WRITE);
	bool can_export = access_allows(r->user.roles, RES_PARTICIPANTS, ACT_READ);
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
			html_lit(o, " <span>");
			html_text(o, T(r, "Export the register:"));
			html_lit(o, " <a href=\"/participants/export?format=xlsx\" download>");
			html_text(o, T(r, "Excel (XLSX)"));
			html_lit(o, "</a> \xC2\xB7 <a href=\"/participants/export?format=csv\" download>");
			html_text(o, T(r, "CSV"));
			html_lit(o, "</a></span>");
		}
		html_lit(o, "</p>");
	}
	if (!l.everyone) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, "Only the participants you work with are shown."));
		html_lit(o, "</p>");
	}
	html_lit(o, "<form method=\"get\" action=\"/participants\" class=\"filters\" role=\"search\">"
		    "<div class=\"field\"><label for=\"q\">");
	html_text(o, T(r, "Name, identity number or phone"));
	html_lit(o, "</label><input type=\"search\" id=\"q\" name=\"q\" value=\"");
	html_text(o, l.q);
	html_lit(o, "\"></div><div class=\"field\"><label for=\"status\">");
	html_text(o, T(r, "Status"));
	html_lit(o, "</label><select id=\"status\" name=\"status\"><option value=\"\">");
	html_text(o, T(r, "Any status"));
	html_lit(o, "</option>");
	for (size_t i = 0; participant_status_keys[i] != NULL; i++) {
		html_lit(o, "<option value=\"");
		html_text(o, participant_status_keys[i]);
		html_lit(o, "\"");
		if (strcmp(l.status, participant_status_keys[i]) == 0)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, T(r, participant_status_label(participant_status_keys[i])));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select></div><button type=\"submit\">");
	html_text(o, T(r, "Search"));
	html_lit(o, "</button></form>");

	html_lit(o, "<p id=\"result-count\">");
	if (l.total == 0)
		html_text(o, l.searched || *l.status ? T(r, "No participants match.") : T(r, "No participants yet."));
	else if (l.capped)
		html_text(o, arena_printf(r->a, T(r, "More than %d participants."), PARTICIPANT_COUNT_CAP));
	else if (l.total == 1)
		html_text(o, T(r, "1 participant."));
	else
		html_text(o, arena_printf(r->a, T(r, "%lld participants."), (long long)l.total));
	html_lit(o, "</p>");

	if (l.n > 0) {
		html_lit(o, "<table><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Name"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Birth date"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Status"));
		if (l.with_contact) {
			html_lit(o, "</th><th scope=\"col\">");
			html_text(o, T(r, "Contact person"));
		}
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < l.n; i++) {
			const struct participant_item *it = &l.items[i];
			html_lit(o, "<tr><td><a href=\"/participants/");
			html_int(o, it->id);
			html_lit(o, "\">");
			html_text(o, case_name(r, it->given_name, it->family_name));
			html_lit(o, "</a></td><td>");
			html_text(o, it->birth_date);
			html_lit(o, "</td><td><span class=\"status status-");
			html_text(o, it->status);
			html_lit(o, "\">");
			html_text(o, T(r, participant_status_label(it->status)));
			html_lit(o, "</span></td>");
			if (l.with_contact) {
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
	/* Totals stop at the cap, so "Next" follows a full page then. */
	bool more = l.capped ? l.n == PER_PAGE : page * PER_PAGE < l.total;
	if (page > 1 || more) {
		const char *query = listing_query(r, &l);
		html_lit(o, "<nav class=\"pager\" aria-label=\"");
		html_text(o, T(r, "Pages"));
		html_lit(o, "\">");
		if (page > 1)
			pager_link(r, query, page - 1, "prev", T(r, "Previous"));
		html_lit(o, "<span>");
		html_text(o, arena_printf(r->a, T(r, "Page %lld"), (long long)page));
		html_lit(o, "</span>");
		if (more)
			pager_link(r, query, page + 1, "next", T(r, "Next"));
		html_lit(o, "</nav>");
	}
	return page_end(r);
}

/* ---- registering ---- */

int
h_participant_new(struct req *r)
{
	struct participant_form *f = form_new(r);
	if (f == NULL)
		return SC_ENOMEM;
	return form_page(r, NULL, f, NULL, 0, NULL, NULL);
}

/*
 * Registers p in one transaction with its audit entry, unless a duplicate
 * stops it: the same nin always, the same name and birth date unless
 * not_duplicate. Returns 0 with *id, CASE_ANSWERED-style 1 with *dup
 * filled, or a negative SC_ code.
 */
static int
register_participant(struct req *r, const struct participant *p, bool not_duplicate, int64_t *id,
		     struct dup_info *dup)
{
	struct db *db = req_db(r);
	memset(dup, 0, sizeof *dup);
	int rc = store_tx_begin(db);
	if (rc != SC_OK)
		return rc;
	rc = store_participant_duplicate(db, p, 0, &dup->id, &dup->same_nin);
	if (rc == SC_OK && dup->id != 0 && (dup->same_nin || !not_duplicate)) {
		store_tx_rollback(db);
		return 1;
	}
	if (rc == SC_OK)
		rc = store_participant_create(db, p, r->user.id, time_now(), case_today(), id);
	if (rc == SC_ECONFLICT) {
		/* Someone registered the nin a moment ago. */
		store_tx_rollback(db);
		rc = store_participant_duplicate(db, p, 0, &dup->id, &dup->same_nin);
		return rc == SC_OK && dup->id != 0 ? 1 : rc == SC_OK ? SC_ECONFLICT : rc;
	}
	if (rc == SC_OK)
		rc = req_audit(r, "participant.create", "participant", case_id(r, *id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

int
h_participant_create(struct req *r)
{
	struct participant_form *shown = form_from_request(r);
	struct participant_form *work = shown ? form_copy(r, shown) : NULL;
	if (work == NULL)
		return SC_ENOMEM;
	struct participant p;
	struct form_errors e = {0};
	if (validate(r, work, &p, &e) != SC_OK) {
		r->status = 422;
		return form_page(r, NULL, shown, &e, 0, NULL, NULL);
	}
	int64_t id = 0;
	struct dup_info dup;
	int rc = register_participant(r, &p, strcmp(req_field(r, "not_duplicate"), "1") == 0, &id, &dup);
	if (rc == 1) {
		struct form_errors de = {0};
		form_error(r, &de, dup.same_nin ? "nin" : "birth_date",
			   dup.same_nin ? N_("This number is already registered.")
					: N_("Someone with this name and birth date is already registered."));
		r->status = 409;
		return form_page(r, NULL, shown, &de, 0, NULL, &dup);
	}
	if (rc != SC_OK)
		return rc;
	page_flash(r, "participant-created");
	return req_redirect(r, arena_printf(r->a, "/participants/%lld", (long long)id));
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

/* The shown value of a field of a stored record (translated labels for
 * choices, the account number with dots, children one per line). */
static const char *
shown_value(struct req *r, const struct participant *p, const struct participant_form *f, const char *key)
{
	const char *v = form_value(f, key);
	if (*v == '\0')
		return v;
	if (strcmp(key, "gender") == 0)
		return T(r, gender_label(p->gender));
	if (strcmp(key, "residence_basis") == 0)
		return T(r, residence_label(p->residence));
	if (strcmp(key, "literate") == 0)
		return p->literate ? T(r, "Yes") : T(r, "No");
	if (strcmp(key, "tax_percent") == 0)
		return arena_printf(r->a, "%s %%", v);
	if (strcmp(key, "bank_account") == 0 && strlen(v) == 11)
		return arena_printf(r->a, "%.4s.%.2s.%.5s", v, v + 4, v + 6);
	return v;
}

/* True when the parts include the part of the register field key. */
static bool
field_visible(uint32_t parts, const char *key)
{
	int part = participant_field_part(key);
	return part >= 0 && (parts & PART_BIT(part)) != 0;
}

/* A kept value as the page shows it: choices by their label, children's
 * dates on one line, the account with dots, "Not given" for nothing. */
static const char *
history_value(struct req *r, const char *key, const char *text)
{
	if (text[0] == '\0')
		return T(r, "Not given");
	enum gender g;
	enum residence_basis rb;
	if (strcmp(key, "gender") == 0 && gender_parse(text, &g) == SC_OK)
		return T(r, gender_label(g));
	if (strcmp(key, "residence_basis") == 0 && residence_parse(text, &rb) == SC_OK)
		return T(r, residence_label(rb));
	if (strcmp(key, "literate") == 0)
		return strcmp(text, "yes") == 0 ? T(r, "Yes") : T(r, "No");
	if (strcmp(key, "tax_percent") == 0)
		return arena_printf(r->a, "%s %%", text);
	if (strcmp(key, "bank_account") == 0 && strlen(text) == 11)
		return arena_printf(r->a, "%.4s.%.2s.%.5s", text, text + 4, text + 6);
	if (strcmp(key, "children") == 0) {
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
			const char *label = participant_field_label(key);
			html_lit(o, "<li>");
			html_text(o, label ? T(r, label) : key);
			if (v != NULL && participant_field_history_keeps_values(key)) {
				html_lit(o, ": <span class=\"old-value\">");
				html_text(o, history_value(r, key, v->old_value));
				html_lit(o, "</span> \xE2\x86\x92 <span class=\"new-value\">");
				html_text(o, history_value(r, key, v->new_value));
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
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, "No Norwegian level has been recorded yet."));
		html_lit(o, "</p>");
		return;
	}
	html_lit(o, "<table class=\"levels\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Skill"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Levels, oldest first"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (int k = 0; k < SKILL_COUNT; k++) {
		bool any = false;
		for (size_t i = 0; i < n; i++) {
			if (la[i].skill != (enum cefr_skill)k)
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
			html_text(o, cefr_key(la[i].level));
			html_lit(o, "</strong> <span class=\"muted\">");
			html_text(o, la[i].assessed_on);
			html_lit(o, "</span></li>");
		}
		if (any)
			html_lit(o, "</ol></td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

int
h_participant_show(struct req *r)
{
	struct participant_brief b;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_NAME), ACT_READ, &b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	struct participant p;
	rc = store_participant_get(req_db(r), r->a, b.id, &p);
	if (rc != SC_OK)
		return rc;
	struct participant_change *ch = NULL;
	size_t nch = 0;
	rc = store_participant_changes_since(req_db(r), r->a, b.id, 0, &ch, &nch);
	if (rc != SC_OK)
		return rc;
	struct language_assessment *la = NULL;
	size_t nla = 0;
	rc = store_language_assessments(req_db(r), r->a, b.id, &la, &nla);
	if (rc != SC_OK)
		return rc;
	/* The next meeting the latest meeting planned, for those who follow
	 * the participant up (health staff read the register, not meetings). */
	const char *next_meeting = NULL;
	if (case_allows(r, &b, PART_BIT(PART_FOLLOWUP), ACT_READ)) {
		struct meeting *m = NULL;
		size_t nm = 0;
		int64_t total = 0;
		rc = store_meetings(req_db(r), r->a, r->user.centre_id, b.id, 1, 0, &m, &nm, &total);
		if (rc != SC_OK)
			return rc;
		if (nm == 1 && m[0].next_meeting.y != 0)
			next_meeting = case_date_text(r, m[0].next_meeting);
	}
	struct participant_form *f = form_from_record(r, &p);
	if (f == NULL)
		return SC_ENOMEM;
	req_audit(r, "participant.read", "participant", case_id(r, b.id), "ok");

	struct buf *o = &r->out;
	page_begin(r, case_name(r, b.given_name, b.family_name));
	case_header(r, &b, "");
	if (case_allows(r, &b, PARTS_REGISTER, ACT_WRITE)) {
		html_lit(o, "<p class=\"actions\"><a class=\"button\" href=\"/participants/");
		html_int(o, b.id);
		html_lit(o, "/edit\">");
		html_text(o, T(r, "Edit register details"));
		html_lit(o, "</a></p>");
	}
	/* Only the parts of the record the user's relationship shows. */
	uint32_t parts = case_parts(r, &b, ACT_READ);
	html_lit(o, "<dl class=\"record\">");
	dl_row(r, T(r, "Status"), T(r, participant_status_label(p.status)));
	if (parts & PART_BIT(PART_CASELOAD))
		dl_row(r, T(r, "Contact person"), p.contact_name[0] ? p.contact_name : T(r, "None"));
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
		for (const struct field_ui *fu = sections[s].fields; fu->key != NULL; fu++)
			any |= field_visible(parts, fu->key);
		if (!any)
			continue;
		html_lit(o, "<h2>");
		html_text(o, T(r, sections[s].legend));
		html_lit(o, "</h2><dl class=\"record\">");
		for (const struct field_ui *fu = sections[s].fields; fu->key != NULL; fu++)
			if (field_visible(parts, fu->key))
				dl_row(r, T(r, participant_field_label(fu->key)), shown_value(r, &p, f, fu->key));
		html_lit(o, "</dl>");
	}
	if (parts & PART_BIT(PART_SCHOOLING))
		levels_section(r, la, nla);
	if ((parts & PART_BIT(PART_HISTORY)) == 0)
		return page_end(r);

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
	for (size_t i = nch; i-- > 0;) {
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
		html_text(o, moment_text(r, ch[i].at));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	return page_end(r);
}

/* ---- editing ---- */

int
h_participant_edit(struct req *r)
{
	struct participant_brief b;
	int rc = case_participant(r, req_param(r, 0), PARTS_REGISTER, ACT_WRITE, &b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	struct participant p;
	rc = store_participant_get(req_db(r), r->a, b.id, &p);
	if (rc != SC_OK)
		return rc;
	struct participant_form *f = form_from_record(r, &p);
	if (f == NULL)
		return SC_ENOMEM;
	req_audit(r, "participant.read", "participant", case_id(r, b.id), "ok");
	return form_page(r, &b, f, NULL, p.version, NULL, NULL);
}

/* The outcome of saving an edit. */
enum save_result { SAVED, STALE, DUPLICATE };

/*
 * Saves p over participant id loaded at version, with its audit entry.
 * STALE with *changes (since version; none when version is above the saved
 * one) and *current (the saved version) when version is not the saved one;
 * DUPLICATE with *dup when the nin is another participant's.
 */
static int
save_edit(struct req *r, int64_t id, int64_t version, const struct participant *p,
	  enum save_result *result, struct participant_change **changes, size_t *nchanges,
	  int64_t *current, struct dup_info *dup)
{
	struct db *db = req_db(r);
	*result = SAVED;
	memset(dup, 0, sizeof *dup);
	int rc = store_participant_duplicate(db, p, id, &dup->id, &dup->same_nin);
	if (rc != SC_OK)
		return rc;
	if (dup->id != 0 && dup->same_nin) {
		*result = DUPLICATE;
		return SC_OK;
	}
	rc = store_tx_begin(db);
	const char *changed = NULL;
	if (rc == SC_OK)
		rc = store_participant_update(db, r->a, id, version, p, r->user.id, time_now(), case_today(),
					      &changed);
	if (rc == SC_ECONFLICT) {
		store_tx_rollback(db);
		struct participant_brief now;
		rc = store_participant_brief(db, r->a, r->user.centre_id, id, r->user.id, &now);
		if (rc == SC_OK)
			rc = store_participant_changes_since(db, r->a, id, version, changes, nchanges);
		if (rc != SC_OK)
			return rc;
		*current = now.version;
		if (now.version != version) {
			*result = STALE;
			return SC_OK;
		}
		/* The version was right: the nin was taken meanwhile. */
		rc = store_participant_duplicate(db, p, id, &dup->id, &dup->same_nin);
		if (rc == SC_OK && dup->id != 0) {
			*result = DUPLICATE;
			return SC_OK;
		}
		return rc == SC_OK ? SC_ECONFLICT : rc;
	}
	if (rc == SC_OK)
		rc = req_audit(r, "participant.update", "participant", case_id(r, id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

/*
 * After a stale save: kept (a copy of what was typed) keeps the typed text
 * of every field except those someone else changed in the saves ch[0..n)
 * where the typed text differs from the saved: those take the saved text
 * (so saving again does not undo their change), and notes gets, for each,
 * who changed it and what the form had. Returns 0 or SC_ENOMEM.
 */
static int
keep_typed(struct req *r, const struct participant_form *saved, struct participant_form *kept,
	   const struct participant_change *ch, size_t n, struct form_errors *notes)
{
	for (size_t i = 0; participant_fields[i] != NULL; i++) {
		const char *key = participant_fields[i];
		const char *who = NULL;
		for (size_t k = 0; k < n; k++) {
			const char *f = ch[k].fields;
			size_t len = strlen(key);
			for (const char *at = strstr(f, key); at != NULL; at = strstr(at + 1, key))
				if ((at == f || at[-1] == ',') && (at[len] == ',' || at[len] == '\0'))
					who = ch[k].user_name[0] ? ch[k].user_name : T(r, "Someone");
		}
		const char *typed = form_value(kept, key), *now = form_value(saved, key);
		if (who == NULL || case_same_text(typed, now))
			continue;
		const char *note = *typed
			? arena_printf(r->a, T(r, "%s changed this after you opened the form; it shows what they saved. "
						  "You had: %s"), who, typed)
			: arena_printf(r->a, T(r, "%s changed this after you opened the form; it shows what they saved. "
						  "You had left it empty."), who);
		char *v = arena_strdup(r->a, now);
		if (note == NULL || v == NULL)
			return SC_ENOMEM;
		participant_form_set(kept, key, v);
		if (notes->n < FORM_MAX_ERRORS) {
			notes->field[notes->n] = key;
			notes->message[notes->n] = note;
			notes->n++;
		}
	}
	return SC_OK;
}

int
h_participant_update(struct req *r)
{
	struct participant_brief b;
	int rc = case_participant(r, req_param(r, 0), PARTS_REGISTER, ACT_WRITE, &b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	int64_t version = 0;
	if (parse_int64(req_field(r, "version"), 1, INT64_MAX, &version) != SC_OK)
		return req_error(r, 400, NULL);
	struct participant_form *shown = form_from_request(r);
	struct participant_form *work = shown ? form_copy(r, shown) : NULL;
	if (work == NULL)
		return SC_ENOMEM;
	struct participant p;
	struct form_errors e = {0};
	if (validate(r, work, &p, &e) != SC_OK) {
		r->status = 422;
		return form_page(r, &b, shown, &e, version, NULL, NULL);
	}
	enum save_result result;
	struct participant_change *ch = NULL;
	size_t nch = 0;
	int64_t current = 0;
	struct dup_info dup;
	rc = save_edit(r, b.id, version, &p, &result, &ch, &nch, &current, &dup);
	if (rc != SC_OK)
		return rc;
	if (result == DUPLICATE) {
		struct form_errors de = {0};
		form_error(r, &de, "nin", N_("This number is already registered."));
		r->status = 409;
		return form_page(r, &b, shown, &de, version, NULL, &dup);
	}
	if (result == STALE) {
		/* The typed form again, at the saved version, but not over what
		 * someone else saved meanwhile. */
		struct participant now;
		rc = store_participant_get(req_db(r), r->a, b.id, &now);
		if (rc != SC_OK)
			return rc;
		struct participant_form *saved = form_from_record(r, &now);
		struct participant_form *kept = form_copy(r, shown);
		struct form_errors notes = {0};
		if (saved == NULL || kept == NULL || keep_typed(r, saved, kept, ch, nch, &notes) != SC_OK)
			return SC_ENOMEM;
		b.given_name = (char *)now.given_name;
		b.family_name = (char *)now.family_name;
		r->status = 409;
		struct stale_view sv = {stale_message(r, ch, nch, now.version), &notes};
		return form_page(r, &b, kept, NULL, now.version, &sv, NULL);
	}
	page_flash(r, "saved");
	return req_redirect(r, arena_printf(r->a, "/participants/%lld", (long long)b.id));
}

/* ---- JSON ---- */

static void
set_str(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, json_string(v != NULL ? v : ""));
}

static void
set_date(json_t *o, const char *key, bool has, struct date d)
{
	char s[11];
	if (has)
		date_format(d, s);
	json_object_set_new(o, key, has ? json_string(s) : json_null());
}

static void
set_int(json_t *o, const char *key, int v)
{
	json_object_set_new(o, key, v >= 0 ? json_integer(v) : json_null());
}

static void
set_key(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, v != NULL && *v ? json_string(v) : json_null());
}

static json_t *
participant_json_all(const struct participant *p)
{
	json_t *o = json_object();
	char t[24];
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "version", json_integer(p->version));
	set_str(o, "status", p->status);
	json_object_set_new(o, "contact_id", p->contact_id ? json_integer(p->contact_id) : json_null());
	set_str(o, "contact_name", p->contact_name);
	set_str(o, "given_name", p->given_name);
	set_str(o, "family_name", p->family_name);
	set_str(o, "nin", p->nin);
	set_date(o, "birth_date", true, p->birth);
	set_key(o, "gender", gender_key(p->gender));
	set_str(o, "country_of_birth", p->country_of_birth);
	set_str(o, "citizenship", p->citizenship);
	json_t *langs = json_array();
	for (size_t i = 0; i < p->nlanguages; i++)
		json_array_append_new(langs, json_string(p->languages[i].name));
	json_object_set_new(o, "languages", langs);
	set_str(o, "interpreter", participant_interpreter(p));
	set_date(o, "arrival_date", p->has_arrival, p->arrival);
	set_key(o, "residence_basis", residence_key(p->residence));
	set_date(o, "intro_ended", p->has_intro_ended, p->intro_ended);
	set_int(o, "schooling_years", p->schooling_years);
	json_object_set_new(o, "literate", p->literate < 0 ? json_null() : json_boolean(p->literate));
	for (int k = 0; k < SKILL_COUNT; k++)
		set_key(o, cefr_skill_key((enum cefr_skill)k), cefr_key(p->cefr[k]));
	json_t *kids = json_array();
	for (size_t i = 0; i < p->nchildren; i++) {
		char d[11];
		date_format(p->children[i], d);
		json_array_append_new(kids, json_string(d));
	}
	json_object_set_new(o, "children", kids);
	set_str(o, "caregiving", p->caregiving);
	set_str(o, "phone", p->phone);
	set_str(o, "email", p->email);
	set_str(o, "address", p->address);
	set_str(o, "postcode", p->postcode);
	set_str(o, "city", p->city);
	set_str(o, "bank_account", p->bank_account);
	set_int(o, "tax_percent", p->tax_percent);
	set_str(o, "tax_table", p->tax_table);
	time_format_utc(p->created_at, t, sizeof t);
	set_str(o, "created_at", t);
	time_format_utc(p->updated_at, t, sizeof t);
	set_str(o, "updated_at", t);
	return o;
}

/* The record as JSON with only the fields the parts show: register fields
 * by their part, the contact person with the caseload. */
static json_t *
participant_json(const struct participant *p, uint32_t parts)
{
	json_t *o = participant_json_all(p);
	for (size_t i = 0; o != NULL && participant_fields[i] != NULL; i++)
		if (!field_visible(parts, participant_fields[i]))
			json_object_del(o, participant_fields[i]);
	if (o != NULL && (parts & PART_BIT(PART_CASELOAD)) == 0) {
		json_object_del(o, "contact_id");
		json_object_del(o, "contact_name");
	}
	return o;
}

static json_t *
item_json(const struct participant_item *it, bool with_contact)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(it->id));
	set_str(o, "given_name", it->given_name);
	set_str(o, "family_name", it->family_name);
	set_str(o, "birth_date", it->birth_date);
	set_str(o, "status", it->status);
	if (with_contact) {
		json_object_set_new(o, "contact_id", it->contact_id ? json_integer(it->contact_id) : json_null());
		set_str(o, "contact_name", it->contact_name);
	}
	json_object_set_new(o, "version", json_integer(it->version));
	return o;
}

/*
 * The JSON members of a participant: the participant_fields keys, each
 * with the type it must have. Required fields may not be null; the others
 * are cleared by null (or "" or []).
 */
static const struct api_field participant_api[] = {
	{"given_name", API_STRING, false, NULL},
	{"family_name", API_STRING, false, NULL},
	{"nin", API_STRING, true, NULL},
	{"birth_date", API_DATE, true, NULL},
	{"gender", API_STRING, false, NULL},
	{"country_of_birth", API_STRING, true, NULL},
	{"citizenship", API_STRING, true, NULL},
	{"languages", API_STRINGS, true, NULL},
	{"interpreter", API_STRING, true, NULL},
	{"arrival_date", API_DATE, true, NULL},
	{"residence_basis", API_STRING, true, NULL},
	{"intro_ended", API_DATE, true, NULL},
	{"schooling_years", API_INTEGER, true, NULL},
	{"literate", API_BOOLEAN, true, NULL},
	{"cefr_listening", API_STRING, true, NULL},
	{"cefr_reading", API_STRING, true, NULL},
	{"cefr_speaking", API_STRING, true, NULL},
	{"cefr_writing", API_STRING, true, NULL},
	{"children", API_DATES, true, NULL},
	{"caregiving", API_STRING, true, NULL},
	{"phone", API_STRING, true, NULL},
	{"email", API_STRING, true, NULL},
	{"address", API_STRING, true, NULL},
	{"postcode", API_STRING, true, NULL},
	{"city", API_STRING, true, NULL},
	{"bank_account", API_STRING, true, NULL},
	{"tax_percent", API_INTEGER, true, NULL},
	{"tax_table", API_STRING, true, NULL},
	{NULL, 0, false, NULL},
};

/* What registering takes besides the fields, and what an update takes. */
static const struct api_field create_api[] = {
	{"not_duplicate", API_BOOLEAN, false, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field update_api[] = {
	{"version", API_VERSION, false, NULL},
	{NULL, 0, false, NULL},
};

/*
 * Sets the form fields the JSON body has (checked by case_api_body()) as
 * the form would have them: whole numbers in decimal, literate as yes/no,
 * languages joined by ", " and children's dates by new lines. Returns 0 or
 * SC_ENOMEM.
 */
static int
form_from_json(struct req *r, struct participant_form *f)
{
	for (const struct api_field *af = participant_api; af->key != NULL; af++) {
		json_t *v = json_object_get(r->json, af->key);
		if (v == NULL)
			continue;
		char *text;
		if (json_is_array(v)) {
			struct buf b = BUF_INIT;
			size_t j;
			json_t *el;
			json_array_foreach(v, j, el) {
				if (j > 0)
					buf_puts(&b, af->type == API_DATES ? "\n" : ", ");
				buf_puts(&b, json_string_value(el));
			}
			text = buf_ok(&b) ? arena_strdup(r->a, b.len ? b.data : "") : NULL;
			buf_free(&b);
		} else {
			text = case_api_text(r, af->key, "");
		}
		if (text == NULL)
			return SC_ENOMEM;
		participant_form_set(f, af->key, text);
	}
	return SC_OK;
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
		set_str(fields, "nin", T(r, "This number is already registered."));
	else
		set_str(fields, "birth_date", T(r, "Someone with this name and birth date is already registered."));
	json_t *err = json_pack("{s:s, s:s, s:o, s:I}", "code", "duplicate", "message", msg, "fields", fields,
				"existing_id", (json_int_t)dup->id);
	return api_send(r, 409, json_pack("{s:o}", "error", err));
}

int
api_participants(struct req *r)
{
	int64_t page, per_page;
	int rc = SC_OK;
	if (!api_paging(r, &page, &per_page, &rc))
		return rc;
	struct listing l = {.q = req_qs(r, "q"), .status = req_qs(r, "status")};
	if (*l.status && !participant_status_valid(l.status))
		return api_error(r, 400, "invalid", T(r, "Unknown status."),
				 json_pack("{s:s}", "status", T(r, "Unknown status.")));
	rc = run_listing(r, &l, page, per_page);
	if (rc != SC_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(arr, item_json(&l.items[i], l.with_contact));
	json_t *out = api_page_json(arr, page, per_page, l.total);
	/* "total" stops at 1000: then there are more than that. */
	json_object_set_new(out, "total_capped", json_boolean(l.capped));
	return api_send(r, 200, out);
}

/* Answers the participant id as JSON with status, with the fields the
 * user's relationship shows. */
static int
send_participant(struct req *r, int status, int64_t id)
{
	struct participant_brief b;
	int rc = store_participant_brief(req_db(r), r->a, r->user.centre_id, id, r->user.id, &b);
	if (rc != SC_OK)
		return rc;
	struct participant p;
	rc = store_participant_get(req_db(r), r->a, id, &p);
	if (rc != SC_OK)
		return rc;
	return api_send(r, status, participant_json(&p, case_parts(r, &b, ACT_READ)));
}

int
api_participant_create(struct req *r)
{
	int rc = SC_OK;
	if (!case_api_body(r, participant_api, create_api, &rc))
		return rc;
	struct participant_form *f = form_new(r);
	if (f == NULL || form_from_json(r, f) != SC_OK)
		return SC_ENOMEM;
	struct form_errors e = {0};
	struct participant p;
	if (validate(r, f, &p, &e) != SC_OK)
		return case_api_invalid(r, &e);
	int64_t id = 0;
	struct dup_info dup;
	rc = register_participant(r, &p, json_is_true(json_object_get(r->json, "not_duplicate")), &id, &dup);
	if (rc == 1)
		return api_duplicate(r, &dup);
	if (rc != SC_OK)
		return rc;
	req_header(r, "Location", arena_printf(r->a, "/api/v1/participants/%lld", (long long)id));
	return send_participant(r, 201, id);
}

int
api_participant_get(struct req *r)
{
	struct participant_brief b;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_NAME), ACT_READ, &b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	req_audit(r, "participant.read", "participant", case_id(r, b.id), "ok");
	return send_participant(r, 200, b.id);
}

int
api_participant_update(struct req *r)
{
	struct participant_brief b;
	int rc = case_participant(r, req_param(r, 0), PARTS_REGISTER, ACT_WRITE, &b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	if (!case_api_body(r, participant_api, update_api, &rc))
		return rc;
	struct form_errors e = {0};
	int64_t version = 0;
	if (!case_api_int(r, "version", &version) || version < 1)
		form_error(r, &e, "version", N_("Send the version you read, a whole number from 1."));
	/* Fields not sent keep their stored values. */
	struct participant cur;
	rc = store_participant_get(req_db(r), r->a, b.id, &cur);
	if (rc != SC_OK)
		return rc;
	struct participant_form *f = form_from_record(r, &cur);
	if (f == NULL || form_from_json(r, f) != SC_OK)
		return SC_ENOMEM;
	struct participant p;
	if (validate(r, f, &p, &e) != SC_OK || e.n > 0)
		return case_api_invalid(r, &e);
	enum save_result result;
	struct participant_change *ch = NULL;
	size_t nch = 0;
	int64_t current = 0;
	struct dup_info dup;
	rc = save_edit(r, b.id, version, &p, &result, &ch, &nch, &current, &dup);
	if (rc != SC_OK)
		return rc;
	if (result == DUPLICATE)
		return api_duplicate(r, &dup);
	if (result == STALE) {
		json_t *fields = json_object();
		for (size_t i = 0; i < nch; i++) {
			const char *who = ch[i].user_name[0] ? ch[i].user_name : T(r, "Someone");
			const char *note = arena_printf(r->a, T(r, "Changed by %s at %s."), who,
							moment_text(r, ch[i].at));
			char *keys = arena_strdup(r->a, ch[i].fields);
			char *save = NULL;
			for (char *k = keys ? strtok_r(keys, ",", &save) : NULL; k != NULL;
			     k = strtok_r(NULL, ",", &save))
				set_str(fields, k, note);
		}
		json_t *err = json_pack("{s:s, s:s, s:o, s:I}", "code", "stale", "message",
					stale_message(r, ch, nch, current), "fields", fields, "version",
					(json_int_t)current);
		return api_send(r, 409, json_pack("{s:o}", "error", err));
	}
	return send_participant(r, 200, b.id);
}
